//! Heading markers: takes one line and returns the outline marker it starts with (`一、`,
//! `（一）`, `1.`, `（1）`, `①`, `第一章`, `第一条`), the leading markdown noise around it, run-in
//! enumerations (`一是`), and the split of a run-in heading from its text.

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{char, one_of};
use nom::combinator::map;
use nom::Parser;

use super::numeral::{chinese_number, is_numeral_char};
use super::{
    fail, ideograph_bit, ideograph_bits, is_space, sp0, trim_sp, trim_start_sp, IdeographBits, Res,
};

/// The shape of an outline marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// `第一章`
    Chapter,
    /// `第一节`
    Section,
    /// `第一条`
    Article,
    /// `一、`
    CnComma,
    /// `（一）`, `(一)`, `㈠`
    CnParen,
    /// `1.`, `1．`, `1、`
    Arabic,
    /// `（1）`, `(1)`, `⑴`
    ArabicParen,
    /// `①` … `⑳` (and `㉑` … `㊿`)
    Circled,
}

impl MarkerKind {
    /// Every kind of marker.
    pub const ALL: [MarkerKind; 8] = [
        MarkerKind::Chapter,
        MarkerKind::Section,
        MarkerKind::Article,
        MarkerKind::CnComma,
        MarkerKind::CnParen,
        MarkerKind::Arabic,
        MarkerKind::ArabicParen,
        MarkerKind::Circled,
    ];

    /// Nominal level of this marker kind (document-level nesting is decided by the caller).
    pub fn level(self) -> u8 {
        match self {
            MarkerKind::CnComma | MarkerKind::Chapter => 1,
            MarkerKind::CnParen | MarkerKind::Section => 2,
            MarkerKind::Arabic | MarkerKind::Article => 3,
            MarkerKind::ArabicParen => 4,
            MarkerKind::Circled => 5,
        }
    }
}

/// A marker found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Shape of the marker.
    pub kind: MarkerKind,
    /// Its number (1-based).
    pub number: u32,
    /// Bytes of the marker in the input, including spaces right after it.
    pub len: usize,
}

/// Canonical text of a marker: `一、` `（一）` `1.` `（1）` `①` `第一章` `第一节` `第一条`.
pub fn canonical_marker(kind: MarkerKind, number: u32) -> String {
    // Written into one string: a section closes on every marker of every page.
    let mut out = String::with_capacity(16);
    let cn = |pre: &str, post: char, out: &mut String| {
        out.push_str(pre);
        super::numeral::push_chinese_number(number, out);
        out.push(post);
    };
    match kind {
        MarkerKind::Chapter => cn("第", '章', &mut out),
        MarkerKind::Section => cn("第", '节', &mut out),
        MarkerKind::Article => cn("第", '条', &mut out),
        MarkerKind::CnComma => cn("", '、', &mut out),
        MarkerKind::CnParen => cn("（", '）', &mut out),
        MarkerKind::Arabic => {
            out.push_str(itoa::Buffer::new().format(number));
            out.push('.');
        }
        MarkerKind::ArabicParen => {
            out.push('（');
            out.push_str(itoa::Buffer::new().format(number));
            out.push('）');
        }
        MarkerKind::Circled => match circled_char(number) {
            Some(c) => out.push(c),
            // Beyond ㊿ no circled glyph exists; the parenthesised form keeps the number readable.
            None => {
                out.push('（');
                out.push_str(itoa::Buffer::new().format(number));
                out.push('）');
            }
        },
    }
    out
}

/// The kind of a marker written by [`canonical_marker`] (as every section's is), told from its
/// shape without parsing: what [`heading_marker`] would say of it, `None` for a number no
/// marker takes (checked against it in a test).
pub fn canonical_marker_kind(marker: &str, number: u32) -> Option<MarkerKind> {
    let kind = if let Some(inner) = marker.strip_prefix('第') {
        match inner.chars().next_back()? {
            '章' => MarkerKind::Chapter,
            '节' => MarkerKind::Section,
            '条' => MarkerKind::Article,
            _ => return None,
        }
    } else if marker.ends_with('、') {
        MarkerKind::CnComma
    } else if marker.ends_with('.') {
        MarkerKind::Arabic
    } else if let Some(inner) = marker.strip_prefix('（').and_then(|m| m.strip_suffix('）')) {
        if inner.bytes().all(|b| b.is_ascii_digit()) {
            MarkerKind::ArabicParen
        } else {
            MarkerKind::CnParen
        }
    } else {
        let mut chars = marker.chars();
        match (chars.next().and_then(glyph_value), chars.next()) {
            (Some((kind, _)), None) => kind,
            _ => return None,
        }
    };
    let max = if kind == MarkerKind::Article {
        9999
    } else {
        200
    };
    (1..=max).contains(&number).then_some(kind)
}

/// The glyph for circled number `n` (1–50).
fn circled_char(n: u32) -> Option<char> {
    let code = match n {
        1..=20 => 0x2460 + n - 1,
        21..=35 => 0x3251 + n - 21,
        36..=50 => 0x32B1 + n - 36,
        _ => return None,
    };
    char::from_u32(code)
}

/// Leading markdown noise of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MdNoise {
    /// ATX heading level (`#` = 1 … `######` = 6), 0 when none.
    pub heading_level: u8,
    /// A list bullet (`- `, `* `, `+ `, `• `) was present.
    pub list: bool,
    /// A bold opener (`**`, `__`) was present.
    pub bold: bool,
    /// Bytes to skip to reach the text (leading spaces included).
    pub len: usize,
}

/// Measures the markdown noise at the start of `line` (`#### **…`, `- **（三）…`, `> `).
///
/// Ordered-list numbers (`1. `) are not noise: they are outline markers. A `#` run counts only
/// when followed by a space or the end of the line, so `#话题#` is text.
pub fn markdown_prefix(line: &str) -> MdNoise {
    let mut noise = MdNoise::default();
    let mut i = 0usize;
    loop {
        let rest = line.get(i..).unwrap_or("");
        let body = rest.trim_start_matches(is_space);
        let lead = rest.len() - body.len();
        let hashes = body.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && noise.heading_level == 0 {
            let after = body.get(hashes..).unwrap_or("");
            if after.is_empty() || after.starts_with(is_space) {
                noise.heading_level = hashes as u8;
                i += lead + hashes;
                continue;
            }
        }
        if body.starts_with("**") || body.starts_with("__") {
            noise.bold = true;
            i += lead + 2;
            continue;
        }
        let bullet = ["- ", "* ", "+ ", "• ", "-\t", "*\t", "+\t"]
            .iter()
            .find(|b| body.starts_with(**b));
        if let Some(b) = bullet {
            noise.list = true;
            i += lead + b.len();
            continue;
        }
        if body.starts_with('>') {
            i += lead + 1;
            continue;
        }
        i += lead;
        break;
    }
    noise.len = i.min(line.len());
    noise
}

/// `line` without leading markdown noise, a trailing bold closer, trailing `#`s and spaces.
pub fn strip_markdown(line: &str) -> &str {
    strip_markdown_after(line, &markdown_prefix(line))
}

/// [`strip_markdown`] for a caller that has the line's [`markdown_prefix`] already.
pub fn strip_markdown_after<'a>(line: &'a str, prefix: &MdNoise) -> &'a str {
    let mut s = line.get(prefix.len..).unwrap_or("");
    loop {
        let t = s.trim_end_matches(is_space);
        if let Some(u) = t.strip_suffix("**").or_else(|| t.strip_suffix("__")) {
            s = u;
            continue;
        }
        if t.ends_with('#') {
            let u = t.trim_end_matches('#');
            // A closing `#` run must be separated from the text, as in CommonMark (`C#` stays).
            if u.is_empty() || u.ends_with(is_space) {
                s = u;
                continue;
            }
        }
        s = t;
        break;
    }
    trim_sp(s)
}

/// A Chinese numeral as a nom parser.
fn cn_num(s: &str) -> Res<'_, u32> {
    match chinese_number(s) {
        Some((v, n)) => Ok((s.get(n..).unwrap_or(""), v)),
        None => Err(fail(s)),
    }
}

fn glyph_value(c: char) -> Option<(MarkerKind, u32)> {
    let u = c as u32;
    Some(match u {
        0x2460..=0x2473 => (MarkerKind::Circled, u - 0x2460 + 1),
        0x3251..=0x325F => (MarkerKind::Circled, u - 0x3251 + 21),
        0x32B1..=0x32BF => (MarkerKind::Circled, u - 0x32B1 + 36),
        0x3220..=0x3229 => (MarkerKind::CnParen, u - 0x3220 + 1),
        0x2474..=0x2487 => (MarkerKind::ArabicParen, u - 0x2474 + 1),
        0x2488..=0x249B => (MarkerKind::Arabic, u - 0x2488 + 1),
        _ => return None,
    })
}

/// Characters that, right after a bracketed marker, show it is a reference (`（一）、（二）项`,
/// `（一）至（三）`) rather than a heading.
fn rejects_after_paren(rest: &str) -> bool {
    rest.starts_with(|c: char| {
        matches!(
            c,
            '，' | ','
                | '。'
                | '；'
                | ';'
                | '：'
                | ':'
                | '）'
                | ')'
                | '（'
                | '('
                | '至'
                | '到'
                | '项'
                | '款'
        )
    })
}

/// The outline marker at the very start of `line` (markdown noise already stripped), if any;
/// leading spaces (`　第一章　总则` in raw exports) are accepted and counted in `len`.
///
/// Numbers outside 1–200 are not markers (`2025.` is a year); `第X条` allows up to 9999.
// Inlined up to the prefilter, which most lines fail: the call cost more than the test.
#[inline(always)]
pub fn heading_marker(line: &str) -> Option<Marker> {
    // Every line of a page is asked; most start with a character no marker starts with.
    if !may_start_marker(line) {
        return None;
    }
    // Most markers parsed are `（一）`, `一、` or `1．` before a heading's text: read by their
    // bytes here, without the parser's call (checked against it in a test).
    if let Some(marker) = short_marker_before_text(line.as_bytes()) {
        return Some(marker);
    }
    parse_heading_marker(line)
}

/// The marker of a line that starts with a short marker followed by an ideograph, as
/// [`parse_heading_marker`] reads it: `（一）` to `（十九）` or `(一)` to `(十)` (`两` too) before any
/// but `至`, `到`, `项` and `款` ([`rejects_after_paren`]'s), `一、` to `十、`, and `1` to `99`
/// with `.`, `．` or `、`; `None` for any other line, left to it.
#[inline(always)]
fn short_marker_before_text(bytes: &[u8]) -> Option<Marker> {
    // (`（` EF BC 88, `）` EF BC 89, `、` E3 80 81, `．` EF BC 8E, `十` E5 8D 81.)
    let (kind, number, len) = match *bytes {
        [0xEF, 0xBC, 0x88, a, b, c, 0xEF, 0xBC, 0x89, next @ 0xE4..=0xE9, x, y, ..]
            if !rejects([next, x, y]) =>
        {
            (MarkerKind::CnParen, cn_digit_or_ten([a, b, c])?, 9)
        }
        [0xEF, 0xBC, 0x88, 0xE5, 0x8D, 0x81, a, b, c, 0xEF, 0xBC, 0x89, next @ 0xE4..=0xE9, x, y, ..]
            if !rejects([next, x, y]) =>
        {
            (MarkerKind::CnParen, 10 + cn_digit([a, b, c])?, 12)
        }
        [b'(', a, b, c, b')', next @ 0xE4..=0xE9, x, y, ..] if !rejects([next, x, y]) => {
            (MarkerKind::CnParen, cn_digit_or_ten([a, b, c])?, 5)
        }
        [a @ 0xE4..=0xE5, b, c, 0xE3, 0x80, 0x81, 0xE4..=0xE9, _, _, ..] => {
            (MarkerKind::CnComma, cn_digit_or_ten([a, b, c])?, 6)
        }
        [d @ b'1'..=b'9', b'.', 0xE4..=0xE9, _, _, ..] => {
            (MarkerKind::Arabic, u32::from(d - b'0'), 2)
        }
        [d @ b'1'..=b'9', 0xEF, 0xBC, 0x8E, 0xE4..=0xE9, _, _, ..]
        | [d @ b'1'..=b'9', 0xE3, 0x80, 0x81, 0xE4..=0xE9, _, _, ..] => {
            (MarkerKind::Arabic, u32::from(d - b'0'), 4)
        }
        [d @ b'1'..=b'9', e @ b'0'..=b'9', b'.', 0xE4..=0xE9, _, _, ..] => (
            MarkerKind::Arabic,
            u32::from(d - b'0') * 10 + u32::from(e - b'0'),
            3,
        ),
        [d @ b'1'..=b'9', e @ b'0'..=b'9', 0xEF, 0xBC, 0x8E, 0xE4..=0xE9, _, _, ..]
        | [d @ b'1'..=b'9', e @ b'0'..=b'9', 0xE3, 0x80, 0x81, 0xE4..=0xE9, _, _, ..] => (
            MarkerKind::Arabic,
            u32::from(d - b'0') * 10 + u32::from(e - b'0'),
            5,
        ),
        _ => return None,
    };
    Some(Marker { kind, number, len })
}

/// Whether the char of these three bytes shows a bracketed marker before it is a reference:
/// `至`, `到`, `项` or `款` (E8 87 B3, E5 88 B0, E9 A1 B9, E6 AC BE), [`rejects_after_paren`]'s
/// ideographs.
#[inline(always)]
fn rejects(char: [u8; 3]) -> bool {
    matches!(
        char,
        [0xE8, 0x87, 0xB3] | [0xE5, 0x88, 0xB0] | [0xE9, 0xA1, 0xB9] | [0xE6, 0xAC, 0xBE]
    )
}

/// The value of the Chinese digit (`一` to `九`, `两`) of these three bytes.
#[inline(always)]
fn cn_digit(char: [u8; 3]) -> Option<u32> {
    Some(match char {
        [0xE4, 0xB8, 0x80] => 1,
        [0xE4, 0xBA, 0x8C] | [0xE4, 0xB8, 0xA4] => 2,
        [0xE4, 0xB8, 0x89] => 3,
        [0xE5, 0x9B, 0x9B] => 4,
        [0xE4, 0xBA, 0x94] => 5,
        [0xE5, 0x85, 0xAD] => 6,
        [0xE4, 0xB8, 0x83] => 7,
        [0xE5, 0x85, 0xAB] => 8,
        [0xE4, 0xB9, 0x9D] => 9,
        _ => return None,
    })
}

/// [`cn_digit`], and 10 for `十`.
#[inline(always)]
fn cn_digit_or_ten(char: [u8; 3]) -> Option<u32> {
    match char {
        [0xE5, 0x8D, 0x81] => Some(10),
        _ => cn_digit(char),
    }
}

/// Whether the first character after leading spaces can start a marker, and digits go on as a
/// marker's do: a cheap test that keeps the parser for the few lines that can be headings
/// (checked against the parser in a test).
// Inlined into [`heading_marker`] on every line: the call cost a fifth of the test.
#[inline(always)]
fn may_start_marker(line: &str) -> bool {
    // An ideograph (most lines start with one, and no space is one) is told first.
    let body = match *line.as_bytes() {
        [0xE4..=0xE9, ..] => line,
        _ => trim_start_sp(line),
    };
    match *body.as_bytes() {
        // `1.`, `1．`, `1、`: [`arabic`] reads one to three digits and one of these (a year such
        // as `2025年` starts many lines).
        [b'0'..=b'9', ref rest @ ..] => {
            let digits = rest
                .iter()
                .take(2)
                .take_while(|b| b.is_ascii_digit())
                .count();
            matches!(
                rest.get(digits..),
                Some([b'.', ..] | [0xEF, 0xBC, 0x8E, ..] | [0xE3, 0x80, 0x81, ..])
            )
        }
        [b'(', ..] => true,
        // An ideograph is decoded from its three bytes.
        [a @ 0xE4..=0xE9, b, c, ..] => {
            // `第` and the numeral chars among the ideographs (a test keeps the list in step),
            // looked up without a branch for each.
            ideograph_bit(&MARKER_IDEOGRAPHS, super::three_byte_code(a, b, c)) == Some(true)
        }
        [0..=0x7F, ..] | [] => false,
        // Glyph markers lie below the ideographs.
        _ => body.chars().next().is_some_and(|c| {
            c == '（' || is_numeral_char(c) || (c < '\u{4000}' && glyph_value(c).is_some())
        }),
    }
}

/// The ideographs a marker can start with, `第` and the numeral chars among them: a bit for each
/// of U+4000 to U+9FFF (the chars led by the bytes E4 to E9).
static MARKER_IDEOGRAPHS: IdeographBits = ideograph_bits(MARKER_IDEOGRAPH_CHARS);

/// The chars of [`MARKER_IDEOGRAPHS`].
pub(crate) const MARKER_IDEOGRAPH_CHARS: &[char] = &[
    '第', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '零',
];

/// Spaces and a marker of any kind, with what follows it: the grammar
/// `(sp0, alt((chapter_like, glyph, cn_paren, arabic_paren, cn_comma, arabic)))`, read by hand
/// from the first character, which leaves one alternative possible (checked against the `nom`
/// grammar in tests): the combinators cost several times the few byte tests they come to.
fn any_marker(line: &str) -> Option<(&str, (MarkerKind, u32))> {
    let body = trim_start_sp(line);
    match *body.as_bytes() {
        // `第` E7 AC AC: `第X章`, `第X节`, `第X条`, spaces allowed around the number.
        [0xE7, 0xAC, 0xAC, ..] => {
            let s = trim_start_sp(body.get(3..)?);
            let (number, s) = cn_number_then(s).or_else(|| ascii_number_then(s, 4))?;
            let s = trim_start_sp(s);
            // (`章` E7 AB A0, `节` E8 8A 82, `条` E6 9D A1.)
            let kind = match *s.as_bytes() {
                [0xE7, 0xAB, 0xA0, ..] => MarkerKind::Chapter,
                [0xE8, 0x8A, 0x82, ..] => MarkerKind::Section,
                [0xE6, 0x9D, 0xA1, ..] => MarkerKind::Article,
                _ => return None,
            };
            Some((s.get(3..)?, (kind, number)))
        }
        // `（` EF BC 88 or `(`: `（一）` or, failing a Chinese numeral, `（1）`, maybe followed by
        // a stray `、`, `.` or `．`.
        [0xEF, 0xBC, 0x88, ..] | [b'(', ..] => {
            let open = if body.as_bytes().first() == Some(&b'(') {
                1
            } else {
                3
            };
            let s = trim_start_sp(body.get(open..)?);
            let (kind, (number, s)) = match cn_number_then(s) {
                Some(read) => (MarkerKind::CnParen, read),
                None => (MarkerKind::ArabicParen, ascii_number_then(s, 3)?),
            };
            let s = trim_start_sp(s);
            // (`）` EF BC 89; `、` E3 80 81, `．` EF BC 8E.)
            let s = match *s.as_bytes() {
                [b')', ..] => s.get(1..)?,
                [0xEF, 0xBC, 0x89, ..] => s.get(3..)?,
                _ => return None,
            };
            let s = match *s.as_bytes() {
                [b'.', ..] => s.get(1..)?,
                [0xE3, 0x80, 0x81, ..] | [0xEF, 0xBC, 0x8E, ..] => s.get(3..)?,
                _ => s,
            };
            Some((s, (kind, number)))
        }
        // `1.`, `1．`, `1、`, never a decimal (`1.5倍`).
        [b'0'..=b'9', ..] => {
            let (number, s) = ascii_number_then(body, 3)?;
            let s = match *s.as_bytes() {
                [b'.', ..] => s.get(1..)?,
                [0xE3, 0x80, 0x81, ..] | [0xEF, 0xBC, 0x8E, ..] => s.get(3..)?,
                _ => return None,
            };
            if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                return None;
            }
            Some((s, (MarkerKind::Arabic, number)))
        }
        _ => {
            // Glyph markers lie below the ideographs (led by E4 to E9), which are not decoded.
            if !matches!(body.as_bytes(), [0xE4..=0xE9, ..]) {
                let c = body.chars().next()?;
                if let Some(value) = glyph_value(c) {
                    return Some((body.get(c.len_utf8()..)?, value));
                }
            }
            // `一、`, the `、` (E3 80 81) most often right after the numeral.
            let (number, s) = cn_number_then(body)?;
            let s = match *s.as_bytes() {
                [0xE3, 0x80, 0x81, ..] => s.get(3..)?,
                _ => trim_start_sp(s).strip_prefix('、')?,
            };
            Some((s, (MarkerKind::CnComma, number)))
        }
    }
}

/// A Chinese numeral at the start of `s`, and what follows it.
// Inlined into each of its three callers (~7.3k calls a round): the call cost a sixth of it.
#[inline(always)]
fn cn_number_then(s: &str) -> Option<(u32, &str)> {
    let (value, n) = chinese_number(s)?;
    Some((value, s.get(n..).unwrap_or("")))
}

/// One to `most` ASCII digits at the start of `s` not followed by another digit, and what
/// follows them.
fn ascii_number_then(s: &str, most: usize) -> Option<(u32, &str)> {
    let bytes = s.as_bytes();
    let n = bytes
        .iter()
        .take(most)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 || bytes.get(n).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let value = bytes
        .iter()
        .take(n)
        .fold(0, |v, &d| v * 10 + u32::from(d - b'0'));
    Some((value, s.get(n..)?))
}

#[inline(never)]
fn parse_heading_marker(line: &str) -> Option<Marker> {
    let (rest, (kind, number)) = any_marker(line)?;
    let max = if kind == MarkerKind::Article {
        9999
    } else {
        200
    };
    if number == 0 || number > max {
        return None;
    }
    if matches!(kind, MarkerKind::CnParen | MarkerKind::ArabicParen) && rejects_after_paren(rest) {
        return None;
    }
    let rest = trim_start_sp(rest);
    Some(Marker {
        kind,
        number,
        len: line.len() - rest.len(),
    })
}

/// A run-in enumeration at the start of `line`: `一是…`, `二是…`, `第一，…`; returns
/// (number, bytes including spaces after). These sit below level 4 and are not headings.
pub fn enumeration_marker(line: &str) -> Option<(u32, usize)> {
    let shi = map((cn_num, char('是')), |(n, _)| n);
    let di = map((char('第'), cn_num, one_of("，,")), |(_, n, _)| n);
    let qi = map((tag("其"), cn_num, one_of("，,")), |(_, n, _)| n);
    let (rest, (_, n, _)) = (sp0, alt((shi, di, qi)), sp0).parse_complete(line).ok()?;
    if n == 0 || n > 20 {
        return None;
    }
    Some((n, line.len() - rest.len()))
}

/// Run-in headings longer than this are sentences, not headings.
const RUN_IN_MAX_CHARS: usize = 40;
/// A heading closed by `：` must be shorter still: longer `…：` prefixes are lead-in sentences.
const COLON_HEADING_MAX_CHARS: usize = 20;

/// Lead-in words that end a sentence introducing a list (`…如下：`), never a heading.
const LEAD_IN_ENDINGS: &[&str] = &[
    "如下",
    "以下",
    "下列",
    "包括",
    "主要有",
    "要求",
    "为",
    "是",
    "有",
    "即",
    "指",
    "：",
];

/// A heading `A，B` closed by `。` with more text after it is at most this long.
const PARALLEL_HEADING_MAX_CHARS: usize = 24;
/// A heading `A，B。` that is the whole text is at most this long.
const ENDING_HEADING_MAX_CHARS: usize = 30;

/// Whether `head`, split at its only comma (byte `at`), reads as two parallel phrases.
fn parallel_halves(head: &str, at: usize) -> bool {
    let (a, b) = (head.get(..at).unwrap_or(""), head.get(at..).unwrap_or(""));
    // `b` still starts with the comma itself.
    super::char_len(head) <= PARALLEL_HEADING_MAX_CHARS
        && !head.contains(|c: char| c.is_ascii_digit())
        && super::char_len(a) >= 4
        && super::char_len(b).saturating_sub(1) >= 4
        && !head.contains(['；', ';'])
}

/// Words that anywhere before a `：` show a lead-in (`重点做好以下工作：`).
const LEAD_IN_WORDS: &[&str] = &["如下", "以下", "下列"];

fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';')
}

/// Splits the text after a marker into a run-in heading and the rest (both trimmed).
///
/// - A heading ends at the first `。` outside brackets/quotes when that prefix is at most 40
///   chars and holds no `，`/`；` (`全力引育创新主体。围绕…` → heading + rest). Two extensions
///   for real headings of the form `A，B`: one `，` is allowed when the prefix is at most 24
///   chars, has no digits and both halves have at least 4 chars (`深化产业链生成机制,促进产业集聚
///   发展。绘制…`), or when the `。` ends the whole text within 30 chars (`健全服务体系，提升服务水平。`).
/// - `：` also closes a heading, but only when the prefix is at most 20 chars, has no `，`/`；`
///   and no lead-in word (`如下`, `以下`, `下列`, or ending in `包括`, `为`, …): `问题导向：针对…`
///   is a heading, while `重点做好以下工作：` and `集约化平台应向…提供以下功能支撑：…` are
///   sentences. The `：` is dropped from the heading.
/// - Text with no sentence end (nor a rejected `：`) that is at most 40 chars and has no `；` is
///   a heading standing alone; a `，` is allowed there because real headings carry one
///   (`强化顶层设计，统筹空间布局`).
/// - Anything else is body text: `(None, whole)`.
///
/// `第X条` articles have no run-in headings: callers should not split their text.
pub fn split_run_in(rest: &str) -> (Option<&str>, &str) {
    let text = trim_sp(rest);
    if text.is_empty() {
        return (None, text);
    }
    let mut depth = 0usize;
    let mut chars = 0usize;
    let mut clauses = 0usize;
    let mut clause_at = 0usize;
    let mut colon = false;
    // A semicolon so far: every one is decoded below (ASCII or led by EF).
    let mut semicolon = false;
    // CJK chars (led by E4 and up, never a space) so far: every heading test counts at most
    // RUN_IN_MAX_CHARS chars of a head that keeps all of them, so past that many the text is
    // body text, wherever it ends.
    let mut solid = 0usize;
    let bytes = text.as_bytes();
    let mut next = 0;
    while let Some(&b) = bytes.get(next) {
        let i = next;
        // Ideographs (led by E4..=E9), most of a text, count as chars that are neither
        // punctuation nor spaces, told by their first byte alone: a run of them is skipped in a
        // loop of its own and counted once, and the limit is asked at its end only (a run of
        // them is seldom long).
        if (0xE4..=0xE9).contains(&b) {
            next += 3;
            while bytes.get(next).is_some_and(|b| (0xE4..=0xE9).contains(b)) {
                next += 3;
            }
            let run = (next - i) / 3;
            solid += run;
            chars += run;
            if solid > RUN_IN_MAX_CHARS {
                return (None, text);
            }
            continue;
        }
        next += match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 1,
        };
        solid += usize::from(b >= 0xE4);
        // Every char told apart below is ASCII or led by E2 (quotes), E3 (`。〔《【`) or EF
        // (fullwidth forms): the others are counted without decoding them.
        if !matches!(b, 0..=0x7F | 0xE2 | 0xE3 | 0xEF) {
            chars += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        semicolon |= matches!(c, '；' | ';');
        if super::is_open(c) {
            depth += 1;
        } else if super::is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && (c == '。' || c == '：' || c == ':') {
            let head = trim_sp(text.get(..i).unwrap_or(""));
            let tail = trim_sp(text.get(i + c.len_utf8()..).unwrap_or(""));
            if head.is_empty() {
                return (None, text);
            }
            if c == '。' {
                let ok = chars <= RUN_IN_MAX_CHARS && clauses == 0
                    || clauses == 1 && parallel_halves(head, clause_at)
                    || clauses == 1
                        && tail.is_empty()
                        && chars <= ENDING_HEADING_MAX_CHARS
                        && !semicolon;
                return if ok { (Some(head), tail) } else { (None, text) };
            }
            // A colon that fails the heading test is ordinary punctuation: keep scanning.
            if chars <= COLON_HEADING_MAX_CHARS
                && clauses == 0
                && !LEAD_IN_ENDINGS.iter().any(|w| head.ends_with(w))
                && !LEAD_IN_WORDS.iter().any(|w| head.contains(w))
            {
                return (Some(head), tail);
            }
            colon = true;
        } else if depth == 0 && is_clause_punct(c) {
            clauses += 1;
            clause_at = i;
        }
        chars += 1;
    }
    // A trailing punctuation mark shows a sentence cut off or a lead-in (`…以下工作：`).
    let open_end = text.ends_with(['，', ',', '、', '：', ':']);
    if chars <= RUN_IN_MAX_CHARS && !semicolon && !open_end && !colon {
        return (Some(text), "");
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::bytes::complete::take_while_m_n;
    use nom::character::complete::satisfy;
    use nom::combinator::opt;

    // The grammar of markers as `nom` parsers, which [`any_marker`] reads by hand.

    /// One to `max` ASCII digits not followed by another digit.
    fn ascii_digits(s: &str, max: usize) -> Res<'_, u32> {
        let (rest, d) = take_while_m_n(1, max, |c: char| c.is_ascii_digit())(s)?;
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(fail(s));
        }
        d.parse::<u32>().map(|v| (rest, v)).map_err(|_| fail(s))
    }

    /// One to three ASCII digits.
    fn small_ascii(s: &str) -> Res<'_, u32> {
        ascii_digits(s, 3)
    }

    /// Up to four ASCII digits (article numbers run past 200 in long codes).
    fn article_ascii(s: &str) -> Res<'_, u32> {
        ascii_digits(s, 4)
    }

    fn open_paren(s: &str) -> Res<'_, char> {
        satisfy(|c| matches!(c, '（' | '('))(s)
    }

    fn close_paren(s: &str) -> Res<'_, char> {
        satisfy(|c| matches!(c, '）' | ')'))(s)
    }

    /// `第X章` / `第X节` / `第X条`.
    fn chapter_like(s: &str) -> Res<'_, (MarkerKind, u32)> {
        let (rest, (_, _, n, _, k)) = (
            char('第'),
            sp0,
            alt((cn_num, article_ascii)),
            sp0,
            satisfy(|c| matches!(c, '章' | '节' | '条')),
        )
            .parse_complete(s)?;
        let kind = match k {
            '章' => MarkerKind::Chapter,
            '节' => MarkerKind::Section,
            _ => MarkerKind::Article,
        };
        Ok((rest, (kind, n)))
    }

    /// A number of `kind` read by `number` in brackets, optionally followed by a stray `、` or
    /// `.` that some sites add.
    fn paren<'a>(
        s: &'a str,
        number: fn(&str) -> Res<'_, u32>,
        kind: MarkerKind,
    ) -> Res<'a, (MarkerKind, u32)> {
        let (rest, (_, _, n, _, _, _)) = (
            open_paren,
            sp0,
            number,
            sp0,
            close_paren,
            opt(satisfy(|c| matches!(c, '、' | '.' | '．'))),
        )
            .parse_complete(s)?;
        Ok((rest, (kind, n)))
    }

    /// `（一）` / `(一)`.
    fn cn_paren(s: &str) -> Res<'_, (MarkerKind, u32)> {
        paren(s, cn_num, MarkerKind::CnParen)
    }

    /// `（1）` / `(1)`.
    fn arabic_paren(s: &str) -> Res<'_, (MarkerKind, u32)> {
        paren(s, small_ascii, MarkerKind::ArabicParen)
    }

    /// `一、`.
    fn cn_comma(s: &str) -> Res<'_, (MarkerKind, u32)> {
        map((cn_num, sp0, char('、')), |(n, _, _)| {
            (MarkerKind::CnComma, n)
        })
        .parse_complete(s)
    }

    /// `1.` / `1．` / `1、`, never a decimal (`1.5倍`).
    fn arabic(s: &str) -> Res<'_, (MarkerKind, u32)> {
        let (rest, (n, _)) =
            (small_ascii, satisfy(|c| matches!(c, '.' | '．' | '、'))).parse_complete(s)?;
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(fail(s));
        }
        Ok((rest, (MarkerKind::Arabic, n)))
    }

    /// Single-glyph markers: `①`…`㊿`, `㈠`…`㈩`, `⑴`…`⒇`, `⒈`…`⒛`.
    fn glyph(s: &str) -> Res<'_, (MarkerKind, u32)> {
        let (rest, c) = satisfy(|c| glyph_value(c).is_some())(s)?;
        match glyph_value(c) {
            Some(v) => Ok((rest, v)),
            None => Err(fail(s)),
        }
    }

    fn m(line: &str) -> Option<(MarkerKind, u32, &str)> {
        heading_marker(line).map(|mk| (mk.kind, mk.number, &line[mk.len..]))
    }

    #[test]
    fn levels() {
        assert_eq!(MarkerKind::CnComma.level(), 1);
        assert_eq!(MarkerKind::CnParen.level(), 2);
        assert_eq!(MarkerKind::Arabic.level(), 3);
        assert_eq!(MarkerKind::ArabicParen.level(), 4);
        assert_eq!(MarkerKind::Circled.level(), 5);
        assert_eq!(MarkerKind::Chapter.level(), 1);
        assert_eq!(MarkerKind::Section.level(), 2);
        assert_eq!(MarkerKind::Article.level(), 3);
    }

    #[test]
    fn real_markers() {
        assert_eq!(
            m("一、发展目标"),
            Some((MarkerKind::CnComma, 1, "发展目标"))
        );
        assert_eq!(
            m("二、重点任务"),
            Some((MarkerKind::CnComma, 2, "重点任务"))
        );
        assert_eq!(
            m("（一）加快创新资源集聚。"),
            Some((MarkerKind::CnParen, 1, "加快创新资源集聚。"))
        );
        assert_eq!(
            m("(一)实施产学研医协同创新工程"),
            Some((MarkerKind::CnParen, 1, "实施产学研医协同创新工程"))
        );
        assert_eq!(
            m("(十五)支持创新药入院配备使用。"),
            Some((MarkerKind::CnParen, 15, "支持创新药入院配备使用。"))
        );
        assert_eq!(
            m("(一) 全面推行工业化建造"),
            Some((MarkerKind::CnParen, 1, "全面推行工业化建造"))
        );
        assert_eq!(
            m("1．全力引育创新主体。"),
            Some((MarkerKind::Arabic, 1, "全力引育创新主体。"))
        );
        assert_eq!(
            m("1.加强关键技术攻关。"),
            Some((MarkerKind::Arabic, 1, "加强关键技术攻关。"))
        );
        assert_eq!(
            m("2. 提升市政工业化应用范围。"),
            Some((MarkerKind::Arabic, 2, "提升市政工业化应用范围。"))
        );
        assert_eq!(
            m("3、完善研发服务平台体系"),
            Some((MarkerKind::Arabic, 3, "完善研发服务平台体系"))
        );
        assert_eq!(
            m("（1）开展试点"),
            Some((MarkerKind::ArabicParen, 1, "开展试点"))
        );
        assert_eq!(
            m("( 2 )开展试点"),
            Some((MarkerKind::ArabicParen, 2, "开展试点"))
        );
        assert_eq!(m("①支持研发"), Some((MarkerKind::Circled, 1, "支持研发")));
        assert_eq!(m("⑳支持研发"), Some((MarkerKind::Circled, 20, "支持研发")));
        assert_eq!(
            m("㈠对设计方案不符合绿色建筑出具合格意见的；"),
            Some((
                MarkerKind::CnParen,
                1,
                "对设计方案不符合绿色建筑出具合格意见的；"
            ))
        );
        assert_eq!(
            m("㈢不依法履行监督管理职责的其他行为。"),
            Some((MarkerKind::CnParen, 3, "不依法履行监督管理职责的其他行为。"))
        );
        assert_eq!(
            m("（二十）“河北福嫂·燕赵家政”提质扩容工程。"),
            Some((MarkerKind::CnParen, 20, "“河北福嫂·燕赵家政”提质扩容工程。"))
        );
    }

    #[test]
    fn chapters_and_articles() {
        assert_eq!(m("第一章 总则"), Some((MarkerKind::Chapter, 1, "总则")));
        assert_eq!(m("第一章　总则"), Some((MarkerKind::Chapter, 1, "总则")));
        assert_eq!(m("第六章　附则"), Some((MarkerKind::Chapter, 6, "附则")));
        assert_eq!(m("　第一章　总则"), Some((MarkerKind::Chapter, 1, "总则")));
        assert_eq!(
            m("　　第二条　本办法适用于").map(|x| (x.0, x.1)),
            Some((MarkerKind::Article, 2))
        );
        assert_eq!(m("第二节 监督"), Some((MarkerKind::Section, 2, "监督")));
        assert_eq!(
            m("第十二条　本办法由市建设行政主管部门负责解释。"),
            Some((
                MarkerKind::Article,
                12,
                "本办法由市建设行政主管部门负责解释。"
            ))
        );
        assert_eq!(
            m("第二十九条　本办法自2012年2月1日至2017年1月31日施行。").map(|x| x.1),
            Some(29)
        );
        assert_eq!(
            m("第1条 总则").map(|x| (x.0, x.1)),
            Some((MarkerKind::Article, 1))
        );
        assert_eq!(m("第二百零一条 附则").map(|x| x.1), Some(201));
        let mk = heading_marker("第一章 总则").unwrap();
        assert_eq!(mk.len, "第一章 ".len());
    }

    #[test]
    fn not_markers() {
        for line in [
            "1.5倍",
            "2025年",
            "3.5%",
            "10个",
            "2025.",
            "2025.11.1",
            "一是强化统筹协调",
            "第二部分,重点任务。",
            "十四五期间",
            "（2025—2027年）",
            "（一）、（二）项规定",
            "（一）至（三）",
            "(1),(2)",
            "201.超出范围",
            "（0）",
            "0.",
            "第一，",
            "重点任务",
            "",
            "（",
            "一",
        ] {
            assert_eq!(heading_marker(line), None, "{line}");
        }
    }

    #[test]
    fn marker_at_end_of_line() {
        assert_eq!(m("（一）"), Some((MarkerKind::CnParen, 1, "")));
        assert_eq!(m("1."), Some((MarkerKind::Arabic, 1, "")));
        // Only line start counts; the rest of an enumeration is the caller's business.
        assert_eq!(m("一、二、三级").map(|x| x.1), Some(1));
    }

    #[test]
    fn stray_punct_after_paren_is_consumed() {
        assert_eq!(
            m("（三）、加快推动"),
            Some((MarkerKind::CnParen, 3, "加快推动"))
        );
    }

    #[test]
    fn canonical() {
        assert_eq!(canonical_marker(MarkerKind::CnComma, 1), "一、");
        assert_eq!(canonical_marker(MarkerKind::CnComma, 24), "二十四、");
        assert_eq!(canonical_marker(MarkerKind::CnParen, 10), "（十）");
        assert_eq!(canonical_marker(MarkerKind::Arabic, 3), "3.");
        assert_eq!(canonical_marker(MarkerKind::ArabicParen, 4), "（4）");
        assert_eq!(canonical_marker(MarkerKind::Circled, 1), "①");
        assert_eq!(canonical_marker(MarkerKind::Circled, 21), "㉑");
        assert_eq!(canonical_marker(MarkerKind::Circled, 50), "㊿");
        assert_eq!(canonical_marker(MarkerKind::Chapter, 1), "第一章");
        assert_eq!(canonical_marker(MarkerKind::Section, 2), "第二节");
        assert_eq!(canonical_marker(MarkerKind::Article, 12), "第十二条");
    }

    #[test]
    fn the_prefilter_tells_ideographs_as_the_numeral_test() {
        for c in '\u{4000}'..='\u{9FFF}' {
            let line = format!("{c}、");
            assert_eq!(
                may_start_marker(&line),
                c == '第' || is_numeral_char(c),
                "{c}"
            );
        }
    }

    #[test]
    fn short_marker_before_text_as_the_parser() {
        // Every char below U+10000 as the numeral and as the char after the marker.
        let mut buf = [0u8; 4];
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let c = c.encode_utf8(&mut buf).to_string();
            for line in [
                format!("（{c}）加强"),
                format!("（{c}）"),
                format!("（一）{c}"),
                format!("（十）{c}字"),
                format!("（{c}十）字"),
                format!("{c}、加强"),
                format!("{c}十、加强"),
                format!("十、{c}字"),
                format!("三{c}加强"),
                format!("{c}．加强"),
                format!("{c}.加强"),
                format!("{c}、加强"),
                format!("1{c}加强"),
                format!("9.{c}"),
                format!("（十{c}）加强"),
                format!("（十三）{c}字"),
                format!("({c})加强"),
                format!("(三){c}字"),
                format!("1{c}．加强"),
                format!("{c}9．加强"),
                format!("{c}9.加强"),
                format!("19{c}加强"),
                format!("20、{c}字"),
                format!("45.{c}"),
                format!("9．{c}字"),
                format!("7、{c}字"),
            ] {
                if let Some(marker) = short_marker_before_text(line.as_bytes()) {
                    assert_eq!(Some(marker), parse_heading_marker(&line), "{line}");
                }
            }
        }
        for line in [
            "（三）加强",
            "（两）的",
            "二、工作",
            "十、附则",
            "1.总",
            "2．工作",
            "3、做好",
            "（十三）加强",
            "(十)做好",
            "12.加强",
            "34．加强",
        ] {
            assert!(
                short_marker_before_text(line.as_bytes()).is_some(),
                "{line}"
            );
        }
    }

    #[test]
    fn the_prefilter_passes_every_marker() {
        // Every first character the parser takes, followed by what completes each kind of marker.
        let tails = [
            "、", "）", "）一", ")", "章", "节", "条", ".", "．", "、x", "一、", "一）", "1.",
            "1）", "十、", "十）", "2章", "十条", " 一 章", "百、", "千、", "2.", "23.", "4、",
            "56．", "7 .", "0.5", "", "12",
        ];
        let mut buf = [0u8; 4];
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let head = c.encode_utf8(&mut buf).to_string();
            for lead in ["", " ", "\u{3000}"] {
                for tail in tails {
                    let line = format!("{lead}{head}{tail}");
                    if parse_heading_marker(&line).is_some() {
                        assert!(may_start_marker(&line), "{line:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn dispatch_on_the_first_character_is_the_whole_alternation() {
        // Against the grammar as written before the first-character dispatch: every alternative in
        // turn ([`any_marker_by_nom`]).
        let tails = [
            "", "、", "）", "）一", ")", "章", "节", "条", ".", "．", "、x", "一、", "一）", "1.",
            "1）", "十、", "十）", "2章", "十条", " 一 章", "百、", "千、", "1", "12.", "一是",
        ];
        let mut buf = [0u8; 4];
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let head = c.encode_utf8(&mut buf).to_string();
            for lead in ["", " "] {
                for tail in tails {
                    let line = format!("{lead}{head}{tail}");
                    assert_eq!(any_marker(&line), any_marker_by_nom(&line), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn canonical_marker_kind_agrees_with_the_parser() {
        for kind in MarkerKind::ALL {
            for n in 0..=10_001 {
                let m = canonical_marker(kind, n);
                assert_eq!(
                    canonical_marker_kind(&m, n),
                    heading_marker(&m).map(|p| p.kind),
                    "{m}"
                );
            }
        }
    }

    #[test]
    fn canonical_markers_parse_back() {
        for kind in MarkerKind::ALL {
            for n in 1..=50 {
                let s = canonical_marker(kind, n);
                let mk = heading_marker(&s).unwrap_or_else(|| panic!("{s}"));
                assert_eq!((mk.kind, mk.number, mk.len), (kind, n, s.len()), "{s}");
            }
        }
    }

    #[test]
    fn enumerations() {
        assert_eq!(
            enumeration_marker("一是强化统筹协调"),
            Some((1, "一是".len()))
        );
        assert_eq!(
            enumeration_marker("三是“中医药+”衍生产业"),
            Some((3, "三是".len()))
        );
        assert_eq!(enumeration_marker("第一，坚持"), Some((1, "第一，".len())));
        assert_eq!(enumeration_marker("第二,坚持"), Some((2, "第二,".len())));
        assert_eq!(enumeration_marker("其一，坚持"), Some((1, "其一，".len())));
        assert_eq!(enumeration_marker("一、发展目标"), None);
        assert_eq!(enumeration_marker("是一"), None);
        assert_eq!(enumeration_marker("第一章 总则"), None);
    }

    #[test]
    fn markdown_noise() {
        let n = markdown_prefix("#### (一) 全面推行工业化建造");
        assert_eq!((n.heading_level, n.list, n.bold), (4, false, false));
        assert_eq!(
            &"#### (一) 全面推行工业化建造"[n.len..],
            "(一) 全面推行工业化建造"
        );

        let line = "- **（三）加快推动智能化升级**";
        let n = markdown_prefix(line);
        assert_eq!((n.heading_level, n.list, n.bold), (0, true, true));
        assert_eq!(&line[n.len..], "（三）加快推动智能化升级**");

        let line = "#### **Documents of Chongqing Municipal People's Government**";
        let n = markdown_prefix(line);
        assert_eq!((n.heading_level, n.bold), (4, true));
        assert_eq!(
            strip_markdown(line),
            "Documents of Chongqing Municipal People's Government"
        );

        let line = "- 2. 提升市政工业化应用范围。";
        let n = markdown_prefix(line);
        assert!(n.list);
        assert_eq!(heading_marker(&line[n.len..]).map(|m| m.number), Some(2));

        assert_eq!(markdown_prefix("> 本文正文由脚本提取").len, 2);
        assert_eq!(markdown_prefix("一、总体要求"), MdNoise::default());
        // A thematic break and a hashtag are not heading marks.
        assert_eq!(markdown_prefix("---------").len, 0);
        assert_eq!(markdown_prefix("#话题#").heading_level, 0);
        assert!(!markdown_prefix("*斜体*").list);
    }

    #[test]
    fn strip() {
        assert_eq!(strip_markdown("# 重庆市人民政府公报"), "重庆市人民政府公报");
        assert_eq!(strip_markdown("## 标题 ##"), "标题");
        assert_eq!(
            strip_markdown("- **（三）加快推动智能化升级**"),
            "（三）加快推动智能化升级"
        );
        assert_eq!(strip_markdown("C#"), "C#");
        assert_eq!(strip_markdown("普通一行"), "普通一行");
        assert_eq!(strip_markdown("#"), "");
        assert_eq!(strip_markdown("**"), "");
    }

    /// [`split_run_in`] without its path for ideographs, as it was written first.
    fn split_run_in_by_lead_bytes(rest: &str) -> (Option<&str>, &str) {
        let text = trim_sp(rest);
        if text.is_empty() {
            return (None, text);
        }
        let mut depth = 0usize;
        let mut chars = 0usize;
        let mut clauses = 0usize;
        let mut clause_at = 0usize;
        let mut colon = false;
        // CJK chars (led by E4 and up, never a space) so far: every heading test counts at most
        // RUN_IN_MAX_CHARS chars of a head that keeps all of them, so past that many the text is
        // body text, wherever it ends.
        let mut solid = 0usize;
        let bytes = text.as_bytes();
        let mut next = 0;
        while let Some(&b) = bytes.get(next) {
            if solid > RUN_IN_MAX_CHARS {
                return (None, text);
            }
            let i = next;
            next += match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
                _ => 1,
            };
            solid += usize::from(b >= 0xE4);
            // Every char told apart below is ASCII or led by E2 (quotes), E3 (`。〔《【`) or EF
            // (fullwidth forms): the others are counted without decoding them.
            if !matches!(b, 0..=0x7F | 0xE2 | 0xE3 | 0xEF) {
                chars += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            if crate::grammar::is_open(c) {
                depth += 1;
            } else if crate::grammar::is_close(c) {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && (c == '。' || c == '：' || c == ':') {
                let head = trim_sp(text.get(..i).unwrap_or(""));
                let tail = trim_sp(text.get(i + c.len_utf8()..).unwrap_or(""));
                if head.is_empty() {
                    return (None, text);
                }
                if c == '。' {
                    let ok = chars <= RUN_IN_MAX_CHARS && clauses == 0
                        || clauses == 1 && parallel_halves(head, clause_at)
                        || clauses == 1
                            && tail.is_empty()
                            && chars <= ENDING_HEADING_MAX_CHARS
                            && !head.contains(['；', ';']);
                    return if ok { (Some(head), tail) } else { (None, text) };
                }
                // A colon that fails the heading test is ordinary punctuation: keep scanning.
                if chars <= COLON_HEADING_MAX_CHARS
                    && clauses == 0
                    && !LEAD_IN_ENDINGS.iter().any(|w| head.ends_with(w))
                    && !LEAD_IN_WORDS.iter().any(|w| head.contains(w))
                {
                    return (Some(head), tail);
                }
                colon = true;
            } else if depth == 0 && is_clause_punct(c) {
                clauses += 1;
                clause_at = i;
            }
            chars += 1;
        }
        let semicolon = text.contains(['；', ';']);
        // A trailing punctuation mark shows a sentence cut off or a lead-in (`…以下工作：`).
        let open_end = text.ends_with(['，', ',', '、', '：', ':']);
        if chars <= RUN_IN_MAX_CHARS && !semicolon && !open_end && !colon {
            return (Some(text), "");
        }
        (None, text)
    }

    proptest::proptest! {
        #[test]
        fn split_run_in_as_by_lead_bytes(
            s in "(加快|创新|资源|。|：|:|，|,|；|;|（|）|“|”|如下|以下|为|1|a| |　|\u{3000}|𠀀|é){0,30}"
        ) {
            proptest::prop_assert_eq!(split_run_in(&s), split_run_in_by_lead_bytes(&s));
        }

        // Runs of ideographs that bring a head near each limit on chars (20, 24, 30, 40), which
        // the runs' count must keep exact.
        #[test]
        fn split_run_in_as_by_lead_bytes_near_the_limits(
            s in "[一-龥]{0,26}(，|、|é|𠀀|)[一-龥]{0,22}(。|：|，|)[一-龥（）]{0,12}(。|)"
        ) {
            proptest::prop_assert_eq!(split_run_in(&s), split_run_in_by_lead_bytes(&s));
        }
    }

    /// [`any_marker`] as the `nom` grammar reads it, alternative by alternative.
    fn any_marker_by_nom(line: &str) -> Option<(&str, (MarkerKind, u32))> {
        let (rest, (_, marker)) = (
            sp0,
            alt((
                chapter_like,
                glyph,
                cn_paren,
                arabic_paren,
                cn_comma,
                arabic,
            )),
        )
            .parse_complete(line)
            .ok()?;
        Some((rest, marker))
    }

    proptest::proptest! {
        #[test]
        fn any_marker_as_by_nom(
            s in "( |　|\u{a0}|第|章|节|条|（|）|\\(|\\)|、|\\.|．|一|十|百|两|〇|O|零|0|1|2|9|①|⑴|⒈|㈠|，|是|x){0,8}"
        ) {
            proptest::prop_assert_eq!(any_marker(&s), any_marker_by_nom(&s));
        }
    }

    proptest::proptest! {
        // (Many cases: the pieces fall in marker order only now and then.)
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        #[test]
        fn any_marker_as_by_nom_in_marker_order(
            s in "( |　)?(第|（|\\(|①|⑴|㈠)?( )?(一|十|两|〇|O|一百零五|1|12|1234|0)?( )?(章|条|）|\\)|、|\\.|．|是)?(、|\\.|．|1|至)?(加|。)?"
        ) {
            proptest::prop_assert_eq!(any_marker(&s), any_marker_by_nom(&s));
        }
    }

    #[test]
    fn run_in() {
        assert_eq!(
            split_run_in("加快创新资源集聚。"),
            (Some("加快创新资源集聚"), "")
        );
        assert_eq!(
            split_run_in("全力引育创新主体。围绕生物药品和疫苗、数字医疗产品等领域"),
            (
                Some("全力引育创新主体"),
                "围绕生物药品和疫苗、数字医疗产品等领域"
            )
        );
        assert_eq!(split_run_in("发展目标"), (Some("发展目标"), ""));
        assert_eq!(
            split_run_in("强化顶层设计，统筹空间布局"),
            (Some("强化顶层设计，统筹空间布局"), "")
        );
        let long =
            "到“十四五”末，全市医药产业创新能力显著增强，基本形成研发创新全流程技术支撑体系。";
        assert_eq!(split_run_in(long), (None, long));
        let sentence = "通过做好村庄规划、提供设计和施工技术服务，指导帮助群众全年完成2.16万户灾后农房恢复重建任务";
        assert_eq!(split_run_in(sentence), (None, sentence));
        assert_eq!(
            split_run_in("健全服务体系，提升服务水平。"),
            (Some("健全服务体系，提升服务水平"), "")
        );
        assert_eq!(
            split_run_in("深化产业链生成机制,促进产业集聚发展。绘制智慧医疗装备产业链图谱"),
            (
                Some("深化产业链生成机制,促进产业集聚发展"),
                "绘制智慧医疗装备产业链图谱"
            )
        );
        // One comma but a number and text after: a sentence.
        let s = "到2025年,产值超过100亿元。力争到2027年";
        assert_eq!(split_run_in(s), (None, s));
        // Two commas: a sentence even when short.
        let s = "支持企业研发，给予奖励，按规定执行。后文";
        assert_eq!(split_run_in(s), (None, s));
        assert_eq!(split_run_in(""), (None, ""));
    }

    #[test]
    fn run_in_colon() {
        assert_eq!(
            split_run_in("问题导向：针对政府网站存在的问题"),
            (Some("问题导向"), "针对政府网站存在的问题")
        );
        assert_eq!(split_run_in("主要内容："), (Some("主要内容"), ""));
        let s = "集约化平台应向平台上的政府网站提供以下功能支撑：站点管理、栏目管理";
        assert_eq!(split_run_in(s), (None, s));
        let s = "重点做好以下工作：";
        assert_eq!(split_run_in(s).0, None);
    }

    #[test]
    fn run_in_heading_with_quotes() {
        // The 。 inside quotes does not end the heading.
        assert_eq!(
            split_run_in("开展“应配尽配。”行动。后文"),
            (Some("开展“应配尽配。”行动"), "后文")
        );
    }
}
