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
//! worse than a failed one.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, ErrorKind};

/// A page's text and the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a BOM.
    pub text: Cow<'a, str>,
    /// The encoding's name: `UTF-8`, `GB18030`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: &'static str,
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
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
        }),
        Err(utf8_error) => {
            let declared = declared_charset(bytes).filter(|e| *e != UTF_8 && *e != GB18030);
            // GBK is GB18030's subset: the GB18030 decoder reads it.
            if let Some(enc) = declared.filter(|e| !e.is_single_byte() && *e != GBK) {
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                if !had_errors {
                    return Ok(Decoded {
                        text,
                        encoding: enc.name(),
                    });
                }
            }
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                if let Some(enc) = declared.filter(|e| e.is_single_byte()) {
                    let (text, _) = enc.decode_without_bom_handling(bytes);
                    return Ok(Decoded {
                        text,
                        encoding: enc.name(),
                    });
                }
                return Err(Error::new(ErrorKind::Undecodable {
                    offset: utf8_error.valid_up_to(),
                    encoding: "UTF-8",
                }));
            }
            Ok(Decoded {
                text,
                encoding: "GB18030",
            })
        }
    }
}

fn utf8(body: &[u8], bom_len: usize) -> Result<Decoded<'_>, Error> {
    if let Some(offset) = binary_offset(body) {
        return Err(Error::new(ErrorKind::Binary {
            offset: offset + bom_len,
        }));
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
        }),
        Err(e) => Err(Error::new(ErrorKind::Undecodable {
            offset: e.valid_up_to() + bom_len,
            encoding: "UTF-8",
        })),
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
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let offset = text.find('\u{FFFD}').map_or(0, |chars| chars / 3 * 2) + bom_len;
        return Err(Error::new(ErrorKind::Undecodable {
            offset,
            encoding: name,
        }));
    }
    if let Some(offset) = binary_offset(text.as_bytes()) {
        return Err(Error::new(ErrorKind::Binary { offset }));
    }
    Ok(Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: name,
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
    // Whole chunks are tested with comparisons only, which vectorise; the
    // byte is looked for only in the rare chunk that has one.
    const CHUNK: usize = 64;
    for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
        if chunk.iter().fold(0u8, |any, &b| any | is_binary(b)) != 0 {
            return chunk
                .iter()
                .position(|&b| is_binary(b) != 0)
                .map(|i| n * CHUNK + i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn invalid_in_every_encoding_is_an_error() {
        // 0xFF is invalid as a GB18030 lead byte and as UTF-8.
        let err = decode(b"abc\xFF\xFFdef").unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::Undecodable { offset: 3, .. }
        ));
    }
}
