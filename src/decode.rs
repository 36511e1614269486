//! Stage 1, decode: takes the raw bytes of a page and returns its text as a
//! UTF-8 `String` (borrowed when the input already is UTF-8) with the name
//! of the encoding it was read in.
//!
//! The order mirrors how pages are found in the wild: a BOM decides first;
//! then valid UTF-8 is taken as is; then GB18030, which covers GBK and
//! GB2312, the other encoding Chinese government sites still serve. An HTML
//! page that is not UTF-8 and declares another multi-byte charset
//! (`<meta charset="big5">`, `Shift_JIS`, `EUC-KR`) is read in it first; a
//! declared single-byte charset (`iso-8859-1`, often a wrong default) only
//! when GB18030 fails too. A byte sequence that is valid in none of them is
//! a typed error, never a string full of U+FFFD: a silently mangled page is
//! worse than a failed one. Bytes that read as UTF-8 for eight characters
//! beyond ASCII are UTF-8: a bad sequence after them is an error at its
//! offset, not a reason to read the page as GB18030 mojibake.
//!
//! One flaw is read through: a page cut inside its last character (a
//! truncated download, in UTF-8 or UTF-16) decodes to the text before the
//! cut, then U+FFFD, and [`Decoded::truncated`] says where the cut is.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, ErrorKind};

/// A page's text and the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a BOM.
    pub text: Cow<'a, str>,
    /// The encoding's name: `UTF-8`, `GB18030`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: &'static str,
    /// For a page cut inside its last character (a truncated download):
    /// the byte offset where that character starts. The text then ends
    /// with U+FFFD in its place.
    pub truncated: Option<usize>,
}

/// Decodes a page.
///
/// # Errors
/// [`ErrorKind::Binary`] for bytes that look like a binary file (NUL or
/// other C0 control bytes besides tab, newline, form feed and carriage
/// return), and [`ErrorKind::Undecodable`] when the bytes are valid neither
/// as UTF-8 nor as GB18030.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Error> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == UTF_8 {
            return utf8(body, bom_len);
        }
        return utf16(body, encoding, bom_len);
    }
    if let Some(offset) = binary_offset(bytes) {
        return Err(Error::new(ErrorKind::Binary { offset }));
    }
    let utf8_error = match validate_utf8(bytes) {
        Ok(text) => return Ok(decoded(Cow::Borrowed(text), "UTF-8")),
        Err(e) => e,
    };
    // Text that reads as UTF-8 for a while is UTF-8 with a flaw, not text in
    // another encoding: read as GB18030 it would come out as mojibake that
    // looks like Chinese (`关于` → `鍏充簬`), a silently mangled page. GBK text
    // breaks UTF-8 within its first few characters.
    let valid_up_to = utf8_error.valid_up_to();
    let evidence = non_ascii_chars(&bytes[..valid_up_to]);
    if utf8_error.error_len().is_none() && evidence >= TRUNCATED_EVIDENCE {
        return Ok(truncated_utf8(bytes, valid_up_to, 0));
    }
    if evidence >= UTF8_EVIDENCE {
        return Err(undecodable(valid_up_to, "UTF-8"));
    }
    let declared = declared_charset(bytes).filter(|e| *e != UTF_8 && *e != GB18030);
    // GBK is GB18030's subset: the GB18030 decoder reads it.
    if let Some(enc) = declared.filter(|e| !e.is_single_byte() && *e != GBK) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(decoded(text, enc.name()));
        }
    }
    let gb_error = match strict(GB18030, bytes) {
        Ok((text, None)) => return Ok(decoded(Cow::Owned(text), "GB18030")),
        // A GBK page cut after the lead byte of its last character (0xFF
        // is no lead byte, and a page with characters of UTF-8 is no GBK).
        Ok((text, Some(at))) if evidence == 0 && (0x81..=0xFE).contains(&bytes[at]) => {
            return Ok(Decoded {
                text: Cow::Owned(text),
                encoding: "GB18030",
                truncated: Some(at),
            })
        }
        Ok((_, Some(at))) | Err(at) => at,
    };
    if let Some(enc) = declared.filter(|e| e.is_single_byte()) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(decoded(text, enc.name()));
    }
    // The error names the reading that got further: a GBK page with a bad
    // byte far in is a GB18030 error there, not a UTF-8 one at its start.
    Err(if gb_error > valid_up_to {
        undecodable(gb_error, "GB18030")
    } else {
        undecodable(valid_up_to, "UTF-8")
    })
}

/// Decodes `body` with `encoding`, with no replacement: the text, and the
/// offset of a character cut off by the end of `body` (the text then ends
/// with U+FFFD in its place); or the offset of the first malformed bytes.
fn strict(encoding: &'static Encoding, body: &[u8]) -> Result<(String, Option<usize>), usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len() * 3),
    );
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&body[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return Ok((text, None)),
            DecoderResult::OutputFull => text.reserve((body.len() - read) * 2 + 8),
            DecoderResult::Malformed(bad, after) => {
                let at = read - usize::from(bad) - usize::from(after);
                if read == body.len() && after == 0 {
                    text.push(char::REPLACEMENT_CHARACTER);
                    return Ok((text, Some(at)));
                }
                return Err(at);
            }
        }
    }
}

/// Characters beyond ASCII in a valid UTF-8 prefix that make a page UTF-8
/// with one bad sequence rather than text in another encoding. GBK text
/// passes for UTF-8 for a character or two at most; eight in a row is
/// beyond chance.
const UTF8_EVIDENCE: usize = 8;

/// The same for a page whose only flaw is a character cut off at the end:
/// a short page may be cut after a few characters.
const TRUNCATED_EVIDENCE: usize = 2;

fn decoded<'a>(text: Cow<'a, str>, encoding: &'static str) -> Decoded<'a> {
    Decoded {
        text,
        encoding,
        truncated: None,
    }
}

fn undecodable(offset: usize, encoding: &'static str) -> Error {
    Error::new(ErrorKind::Undecodable { offset, encoding })
}

/// The number of characters beyond ASCII in valid UTF-8: its lead bytes.
fn non_ascii_chars(utf8: &[u8]) -> usize {
    utf8.iter().filter(|&&b| b >= 0xC0).count()
}

/// A UTF-8 page cut inside its last character: the text before it, and
/// U+FFFD where the character was, so that the cut shows.
fn truncated_utf8(body: &[u8], valid_up_to: usize, bom_len: usize) -> Decoded<'_> {
    let mut text = String::from_utf8_lossy(&body[..valid_up_to]).into_owned();
    text.push(char::REPLACEMENT_CHARACTER);
    Decoded {
        text: Cow::Owned(text),
        encoding: "UTF-8",
        truncated: Some(valid_up_to + bom_len),
    }
}

/// `bytes` as UTF-8, or where they stop being UTF-8. simdutf8's basic check runs first, its
/// compat check (which says where the flaw is) only when there is one, as on few pages: over the
/// 4 MB corpus the basic check cost 3.31M instructions a round, the compat one 3.44M.
fn validate_utf8(bytes: &[u8]) -> Result<&str, simdutf8::compat::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => simdutf8::compat::from_utf8(bytes),
    }
}

fn utf8(body: &[u8], bom_len: usize) -> Result<Decoded<'_>, Error> {
    if let Some(offset) = binary_offset(body) {
        return Err(Error::new(ErrorKind::Binary {
            offset: offset + bom_len,
        }));
    }
    match validate_utf8(body) {
        Ok(text) => Ok(decoded(Cow::Borrowed(text), "UTF-8")),
        // The BOM says UTF-8: a sequence cut off by the end is a cut.
        Err(e) if e.error_len().is_none() => Ok(truncated_utf8(body, e.valid_up_to(), bom_len)),
        Err(e) => Err(undecodable(e.valid_up_to() + bom_len, "UTF-8")),
    }
}

fn utf16<'a>(
    body: &'a [u8],
    encoding: &'static Encoding,
    bom_len: usize,
) -> Result<Decoded<'a>, Error> {
    let name = if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else {
        encoding.name()
    };
    // An odd byte or half a surrogate pair at the very end: the page was
    // cut inside its last character.
    let (text, truncated) = strict(encoding, body).map_err(|at| undecodable(at + bom_len, name))?;
    let truncated = truncated.map(|at| at + bom_len);
    if let Some(offset) = binary_offset(text.as_bytes()) {
        // Back from the text to the input: two bytes a UTF-16 code unit.
        let units: usize = text[..offset].chars().map(char::len_utf16).sum();
        return Err(Error::new(ErrorKind::Binary {
            offset: bom_len + 2 * units,
        }));
    }
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding: name,
        truncated,
    })
}

/// The charset an HTML page declares in its first 1024 bytes: `<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` (the `charset=` of
/// the HTML prescan, simplified); `None` for an unknown label.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find_iter(&lower, b"charset")
        .find(|&i| lower[..i].windows(5).any(|w| w == b"<meta"))?;
    let rest = &lower[at + b"charset".len()..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| {
            matches!(
                b,
                b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'
            )
        })
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// The offset of the first byte that only binary files hold.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    // NUL is the classic binary marker (git and ripgrep use it too); other C0
    // controls never occur in scraped text either, except tab, LF, FF and CR.
    let is_binary = |b: u8| {
        u8::from(b < 0x20)
            & u8::from(b != b'\t')
            & u8::from(b != b'\n')
            & u8::from(b != b'\r')
            & u8::from(b != 0x0c)
    };
    // Whole chunks are tested with arithmetic only, which vectorises; the
    // byte is looked for only in the rare chunk that has one. The test is for
    // any control but LF, the only one nearly every chunk of text holds (see
    // [`control_key`]: two vector operations a byte, an xor and a minimum, and a chunk
    // long enough that folding the vectors into one answer costs little); a
    // chunk with a TAB, FF or CR is then looked at again.
    const CHUNK: usize = 256;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut n = 0;
    for chunk in &mut chunks {
        // A fixed-size array lets the fold compile to vector operations with no bounds checks.
        let block = <&[u8; CHUNK]>::try_from(chunk).ok()?;
        if block
            .iter()
            .fold(u8::MAX, |min, &b| min.min(control_key(b)))
            < CONTROL_KEYS
        {
            if let Some(i) = block.iter().position(|&b| is_binary(b) != 0) {
                return Some(n * CHUNK + i);
            }
        }
        n += 1;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| is_binary(b) != 0)
        .map(|i| n * CHUNK + i)
}

/// A byte's key, below [`CONTROL_KEYS`] for a C0 control byte other than
/// LF: `^ 0x15` keeps the controls below 0x20 and takes LF alone to 0x1F,
/// the top of their range (one vector operation a 16 bytes, where
/// `^ LF` and a wrapping `- 1` took two). The least key of a chunk tells
/// whether it holds one.
fn control_key(b: u8) -> u8 {
    b ^ 0x15
}

/// The keys of the C0 controls other than LF: 0 to 0x1E.
const CONTROL_KEYS: u8 = 0x1F;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_keys_are_those_of_the_controls_but_lf() {
        for b in 0..=u8::MAX {
            assert_eq!(
                control_key(b) < CONTROL_KEYS,
                b < 0x20 && b != b'\n',
                "{b:#x}"
            );
        }
    }

    #[test]
    fn utf8_passes_through_borrowed() {
        let d = decode("渝府办发〔2025〕56号".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(d.text, "渝府办发〔2025〕56号");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode(b"\xEF\xBB\xBF\xE9\x80\x9A\xE7\x9F\xA5").unwrap();
        assert_eq!(d.text, "通知");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) = GB18030.encode("重庆市人民政府办公厅关于印发");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "重庆市人民政府办公厅关于印发");
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn utf16le_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "（此件公开发布）\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "（此件公开发布）\n");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn utf16be_with_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "通知".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().encoding, "UTF-16BE");
    }

    proptest::proptest! {
        #[test]
        fn binary_offset_is_the_first_control_byte(
            plain in proptest::collection::vec(
                proptest::sample::select(vec![b'a', 0xE4, 0x80, b'\n', b' ']),
                0..300,
            ),
            controls in proptest::collection::vec((0usize..300, 0u8..0x20), 0..3),
        ) {
            // Text with a few control bytes of any kind (most chunks have none).
            let mut bytes = plain;
            for (at, control) in controls {
                bytes.insert(at.min(bytes.len()), control);
            }
            let expected = bytes
                .iter()
                .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C));
            proptest::prop_assert_eq!(binary_offset(&bytes), expected);
        }
    }

    #[test]
    fn binary_is_an_error_with_offset() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Binary { offset: 6 });
        assert!(err.to_string().contains("byte 6"));
    }

    #[test]
    fn a_declared_charset_is_honoured_for_bytes_not_utf8() {
        let page = "<html><head><meta charset=\"big5\"></head><body>中華民國政府公報</body></html>";
        let (bytes, _, _) = encoding_rs::BIG5.encode(page);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, page);
        // GBK and GB2312 are read as GB18030.
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>国务院办公厅</p>";
        let (bytes, _, _) = GBK.encode(page);
        assert_eq!(decode(&bytes).unwrap().encoding, "GB18030");
        // A declaration does not override valid UTF-8.
        let page = "<meta charset=gbk><p>通知</p>";
        assert_eq!(decode(page.as_bytes()).unwrap().encoding, "UTF-8");
        assert_eq!(
            declared_charset(b"<META CHARSET='Shift_JIS'>"),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(declared_charset(b"charset=big5 <meta>"), None);
    }

    #[test]
    fn utf8_cut_inside_its_last_character_is_read_to_the_cut() {
        let title = "关于印发重庆市推进制造业高质量发展若干措施的通知".as_bytes();
        for cut in 7..title.len() {
            let d = decode(&title[..cut]).unwrap();
            assert_eq!(d.encoding, "UTF-8");
            let whole = cut / 3 * 3;
            let text = simdutf8::compat::from_utf8(&title[..whole]).unwrap();
            if cut % 3 == 0 {
                assert_eq!((d.text.as_ref(), d.truncated), (text, None));
            } else {
                assert_eq!(d.text, format!("{text}\u{FFFD}"));
                assert_eq!(d.truncated, Some(whole));
            }
        }
        let d = decode(b"\xEF\xBB\xBF\xE9\x80").unwrap();
        assert_eq!((d.text.as_ref(), d.truncated), ("\u{FFFD}", Some(3)));
    }

    #[test]
    fn utf8_with_a_bad_byte_is_not_read_as_gb18030() {
        let mut bytes = "重庆市人民政府办公厅关于印发".as_bytes().to_vec();
        bytes.insert(30, 0xFF);
        bytes.extend_from_slice("通知".as_bytes());
        let err = decode(&bytes).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Undecodable {
                offset: 30,
                encoding: "UTF-8"
            }
        );
    }

    #[test]
    fn utf16_errors_name_the_input_byte() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "ab通知".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        // A lone low surrogate, then more text.
        bytes.extend_from_slice(&[0x00, 0xDC, b'c', 0]);
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err.offset(), 10);
        // Cut after one byte of a code unit, or inside a surrogate pair.
        let mut cut = vec![0xFF, 0xFE, b'a', 0, 0x1A];
        let d = decode(&cut).unwrap();
        assert_eq!((d.text.as_ref(), d.truncated), ("a\u{FFFD}", Some(4)));
        cut.pop();
        cut.extend_from_slice(&[0x3D, 0xD8]);
        assert_eq!(decode(&cut).unwrap().truncated, Some(4));
        // A control byte is named by its offset in the input.
        let bin = [0xFF, 0xFE, b'a', 0, b'b', 0, 1, 0];
        assert_eq!(decode(&bin).unwrap_err().offset(), 6);
    }

    #[test]
    fn gbk_cut_inside_its_last_character_is_read_to_the_cut() {
        let (bytes, _, _) = GBK.encode("重庆市人民政府办公厅关于印发");
        let d = decode(&bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "重庆市人民政府办公厅关于印\u{FFFD}");
        assert_eq!(d.truncated, Some(bytes.len() - 2));
        // A bad byte far into a GBK page is named as a GB18030 error there.
        let mut bad = bytes.to_vec();
        bad.insert(10, 0xFF);
        bad.extend_from_slice(&bytes);
        let err = decode(&bad).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Undecodable {
                offset: 10,
                encoding: "GB18030"
            }
        );
    }

    #[test]
    fn invalid_in_every_encoding_is_an_error() {
        // 0xFF is invalid as a GB18030 lead byte and as UTF-8.
        let err = decode(b"abc\xFF\xFFdef").unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::Undecodable { offset: 3, .. }
        ));
    }
}
