//! Grammar of official documents (公文): takes single lines (or short spans) of canonical text and
//! returns the conventions found in them — numerals, heading markers, document numbers, dates,
//! responsibility parentheticals and the small parts of a notice (addressees, publicity, source,
//! attachments, signature organs).
//!
//! Every entry point is total: it accepts any `&str`, never panics, and answers with `Option`
//! (or an empty `Vec`). Parsers accept canonical text first but also the raw variants (ASCII
//! brackets and colons, spaces around brackets and digits) because not every caller normalises.
//! The classifiers that run on every line (`heading_marker`, `doc_number_parts`, `date_at`,
//! `is_organ_name`, …) do not allocate.

pub mod date;
pub mod docno;
pub mod marker;
pub mod numeral;
pub mod parts;
pub mod responsibility;

pub use date::{date_at, find_dates, find_signatures, organ_date_line, Date};
pub use docno::{
    doc_number_at, doc_number_parts, find_doc_numbers, own_number_in_line, DocNumber, DocNumberRef,
    FoundDocNumber,
};
pub use marker::{
    canonical_marker, enumeration_marker, heading_marker, markdown_prefix, split_run_in,
    strip_markdown, Marker, MarkerKind, MdNoise,
};
pub use numeral::{chinese_digit_year, chinese_number, to_chinese_number};
pub use parts::{
    addressee_line, addressee_prefix, attachment_heading, attachment_item, attachment_list,
    doc_type, is_organ_name, organ_suffix_len, publicity, published_line, source_line,
    split_joint_issuers,
};
pub use responsibility::{responsibility_row, trailing_responsibility, Responsibility};

/// nom result with the cheap default error type; every parser here uses it.
type Res<'a, O> = nom::IResult<&'a str, O, nom::error::Error<&'a str>>;

/// The error value our hand-written nom parsers return; it carries no allocation.
fn fail(s: &str) -> nom::Err<nom::error::Error<&str>> {
    nom::Err::Error(nom::error::Error::new(s, nom::error::ErrorKind::Verify))
}

/// Spaces that survive in raw (non-canonical) text: ASCII, tab, NBSP and the ideographic space.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r' | '\n')
}

/// Zero or more spaces of any kind, as a nom parser.
fn sp0(s: &str) -> Res<'_, &str> {
    let rest = trim_start_sp(s);
    Ok((rest, s.get(..s.len() - rest.len()).unwrap_or("")))
}

/// A bit set over U+4000 to U+9FFF (the chars led by the bytes E4 to E9), so that a prefilter
/// looks a char up without a branch for each char of its list.
pub(crate) type IdeographBits = [u64; 0x6000 / 64];

/// The [`IdeographBits`] of `chars`, built at compile time; a char outside the range fails the build.
pub(crate) const fn ideograph_bits(chars: &[char]) -> IdeographBits {
    let mut bits = [0u64; 0x6000 / 64];
    let mut i = 0;
    while i < chars.len() {
        bits = with_ideograph_bit(bits, chars[i] as u32);
        i += 1;
    }
    bits
}

/// The [`IdeographBits`] of the chars in `a` or in `b`, built at compile time.
pub(crate) const fn union_bits(a: &IdeographBits, b: &IdeographBits) -> IdeographBits {
    let mut bits = [0u64; 0x6000 / 64];
    let mut i = 0;
    while i < bits.len() {
        bits[i] = a[i] | b[i];
        i += 1;
    }
    bits
}

/// The [`IdeographBits`] of the first chars of `words`, built at compile time; a word that
/// starts with no ideograph of U+4000 to U+9FFF fails the build.
pub(crate) const fn first_char_bits(words: &[&str]) -> IdeographBits {
    edge_char_bits(words, false)
}

/// The [`IdeographBits`] of the last chars of `words`, built at compile time; a word that ends
/// with no ideograph of U+4000 to U+9FFF fails the build.
pub(crate) const fn last_char_bits(words: &[&str]) -> IdeographBits {
    edge_char_bits(words, true)
}

/// The [`IdeographBits`] of the first or the last chars of `words` (a 3-byte ideograph each).
const fn edge_char_bits(words: &[&str], last: bool) -> IdeographBits {
    let mut bits = [0u64; 0x6000 / 64];
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_bytes();
        assert!(w.len() >= 3);
        let at = if last { w.len() - 3 } else { 0 };
        assert!(w[at] >= 0xE4 && w[at] <= 0xE9);
        bits = with_ideograph_bit(bits, three_byte_code(w[at], w[at + 1], w[at + 2]));
        i += 1;
    }
    bits
}

/// Whether the last char of `s` may be in `bits`, told from its last three bytes without
/// decoding it: a prefilter, true for every `s` that ends with a char of `bits`.
#[inline(always)]
pub(crate) fn last_char_in(bits: &IdeographBits, s: &str) -> bool {
    match *s.as_bytes() {
        [.., a, b, c] => ideograph_bit(bits, three_byte_code(a, b, c)) == Some(true),
        _ => false,
    }
}

/// `bits` with the bit of the code point `code` set (out of range fails the build).
const fn with_ideograph_bit(mut bits: IdeographBits, code: u32) -> IdeographBits {
    let at = code as usize - 0x4000;
    bits[at / 64] |= 1 << (at % 64);
    bits
}

/// The code point of the three-byte UTF-8 char `a`, `b`, `c` (`a` in E0–EF): decoded from its
/// bytes where a prefilter looks a char up in a bit set rather than matching on its lead byte.
#[inline(always)]
pub(crate) const fn three_byte_code(a: u8, b: u8, c: u8) -> u32 {
    ((a as u32 & 0x0F) << 12) | ((b as u32 & 0x3F) << 6) | (c as u32 & 0x3F)
}

/// Whether the char of code point `code` is in `bits`; `None` outside U+4000 to U+9FFF.
#[inline(always)]
pub(crate) fn ideograph_bit(bits: &IdeographBits, code: u32) -> Option<bool> {
    let at = (code as usize).wrapping_sub(0x4000);
    bits.get(at / 64).map(|word| word >> (at % 64) & 1 != 0)
}

/// What `finder.find_iter(haystack)` gives, by `find` on what is left: the
/// iterator starts with a copy of the searcher (a call of memcpy), and most
/// haystacks searched hold a hit or two at most.
pub(crate) fn finds<'a>(
    finder: &'a memchr::memmem::Finder<'a>,
    haystack: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    finds_by(haystack, finder.needle().len(), |rest| finder.find(rest))
}

/// Where `find` finds a needle of `needle_len` bytes in `haystack`, each hit looked for past the
/// end of the one before: [`finds`] for any searcher.
pub(crate) fn finds_by<'a>(
    haystack: &'a [u8],
    needle_len: usize,
    find: impl Fn(&[u8]) -> Option<usize> + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let step = needle_len.max(1);
    let mut pos = 0;
    std::iter::from_fn(move || {
        let at = pos + find(haystack.get(pos..)?)?;
        pos = at + step;
        Some(at)
    })
}

/// One to `max` (at most 9) ASCII digits not followed by another, as a number, and what
/// follows them: the years, months, days and serials of dates and document numbers.
pub(crate) fn ascii_digits(s: &str, max: usize) -> Option<(u32, &str)> {
    let b = s.as_bytes();
    let n = b
        .iter()
        .take(max.min(9))
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n == 0 || b.get(n).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let value = b
        .get(..n)?
        .iter()
        .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    Some((value, s.get(n..)?))
}

/// Four ASCII digits not followed by a fifth, as a number, and what follows them: the year of a
/// date or of a document number.
pub(crate) fn four_digits(s: &str) -> Option<(u16, &str)> {
    let (year, rest) = ascii_digits(s, 4)?;
    // Fewer than four is no year; four digits fit a u16.
    (s.len() - rest.len() == 4).then_some((year as u16, rest))
}

/// `s` without spaces of any kind at its start. Most often there is none, told by the first
/// bytes without decoding a char.
// Inlined: the test of the first bytes costs less than a call; the trimming is kept out of line.
#[inline(always)]
pub(crate) fn trim_start_sp(s: &str) -> &str {
    if starts_with_space(s.as_bytes()) {
        trim_start_spaces(s)
    } else {
        s
    }
}

/// `s.trim_start_matches(is_space)`, kept out of line for the few strings that start with one.
#[inline(never)]
fn trim_start_spaces(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// Whether `bytes` start with a space (see [`is_space`]), told by its bytes.
pub(crate) fn starts_with_space(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [b' ' | b'\t' | b'\r' | b'\n', ..] | [0xC2, 0xA0, ..] | [0xE3, 0x80, 0x80, ..]
    )
}

/// Whether `bytes` end with a space (see [`is_space`]), told by its bytes.
pub(crate) fn ends_with_space(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [.., b' ' | b'\t' | b'\r' | b'\n'] | [.., 0xC2, 0xA0] | [.., 0xE3, 0x80, 0x80]
    )
}

/// `s` without spaces of any kind at either end.
#[inline(always)]
fn trim_sp(s: &str) -> &str {
    // Most strings have no space at either end: the bytes of the first and last chars tell,
    // without decoding chars from both ends. First a test on one byte at each end (a byte that no
    // space starts or ends with), inlined as it costs less than a call, then one on the whole
    // first and last chars.
    let bytes = s.as_bytes();
    let (Some(&a), Some(&z)) = (bytes.first(), bytes.last()) else {
        return s;
    };
    if a > b' ' && a != 0xC2 && a != 0xE3 && z > b' ' && z != 0x80 && z != 0xA0 {
        return s;
    }
    trim_spaces(s)
}

/// [`trim_sp`] past its first test, kept out of line.
#[inline(never)]
fn trim_spaces(s: &str) -> &str {
    let bytes = s.as_bytes();
    if starts_with_space(bytes) || ends_with_space(bytes) {
        s.trim_matches(is_space)
    } else {
        s
    }
}

/// A CJK ideograph (the characters agency codes, organ names and titles are made of).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Opening brackets that group text (depth counting treats them all alike, since OCR mixes kinds).
fn is_open(c: char) -> bool {
    matches!(
        c,
        '（' | '(' | '〔' | '[' | '［' | '【' | '《' | '〈' | '“' | '‘' | '{' | '｛'
    )
}

/// Closing counterpart of [`is_open`].
fn is_close(c: char) -> bool {
    matches!(
        c,
        '）' | ')' | '〕' | ']' | '］' | '】' | '》' | '〉' | '”' | '’' | '}' | '｝'
    )
}

/// Number of chars (not bytes): limits in the grammar are stated in characters.
fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Byte index of the char just before byte offset `i` in `s`, with the char.
fn char_before(s: &str, i: usize) -> Option<(usize, char)> {
    s.get(..i)?.char_indices().next_back()
}

/// Splits `s` at characters satisfying `sep` that stand outside every bracket or quote pair.
/// `sep` holds for no ideograph (U+4000..=U+9FFF): they are stepped over unread.
fn split_depth0(s: &str, sep: fn(char) -> bool) -> Depth0Split<'_> {
    Depth0Split { rest: Some(s), sep }
}

/// Iterator behind [`split_depth0`]; yields untrimmed pieces, empty ones included.
struct Depth0Split<'a> {
    rest: Option<&'a str>,
    sep: fn(char) -> bool,
}

impl<'a> Iterator for Depth0Split<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        let mut depth = 0usize;
        for (i, c) in non_ideographs(s) {
            if is_open(c) {
                depth += 1;
            } else if is_close(c) {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && (self.sep)(c) {
                self.rest = s.get(i + c.len_utf8()..);
                return s.get(..i);
            }
        }
        self.rest = None;
        Some(s)
    }
}

/// The chars of `s` with their byte offsets, but for the ideographs U+4000..=U+9FFF (led by
/// the bytes E4..=E9), most of a text, which are stepped over without being decoded.
pub(super) fn non_ideographs(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let b = *bytes.get(i)?;
        if (0xE4..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        let c = s.get(i..)?.chars().next()?;
        let at = i;
        i += c.len_utf8();
        return Some((at, c));
    })
}

/// Byte offset of the first `target`-satisfying char at bracket depth 0, if any comes before
/// every other char satisfying `stop`.
fn find_depth0(s: &str, target: fn(char) -> bool, stop: fn(char) -> bool) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if depth == 0 && target(c) {
            return Some(i);
        }
        if stop(c) {
            return None;
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        }
    }
    None
}

/// Endings of a phrase that names a unit or organ (used to tell an organ list from prose).
const UNIT_ENDINGS: &[&str] = &[
    "人民政府",
    "政府",
    "单位",
    "部门",
    "机构",
    "机关",
    "委员会",
    "委",
    "局",
    "厅",
    "办",
    "会",
    "院",
    "部",
    "署",
    "室",
    "中心",
    "企业",
    "公司",
    "集团",
    "银行",
    "海关",
    "团体",
    "兵团",
    "学校",
    "高校",
    "大学",
    "联",
    "协",
    "党委",
    "组",
    "街道",
    "乡镇",
    "地区",
    "分行",
    "处",
    "所",
    "站",
    "队",
    "市",
    "州",
    "盟",
];

/// Whether `s` ends like the name of a unit or organ (`市科技局`, `各区县政府`, `有关单位`).
fn ends_like_unit(s: &str) -> bool {
    UNIT_ENDINGS.iter().any(|e| s.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_digits_read_a_whole_run_or_none() {
        assert_eq!(ascii_digits("56号", 4), Some((56, "号")));
        assert_eq!(ascii_digits("0号", 4), Some((0, "号")));
        // A run longer than asked for is no number of that length, not its first digits.
        assert_eq!(ascii_digits("12345号", 4), None);
        assert_eq!(ascii_digits("号", 4), None);
        assert_eq!(ascii_digits("", 2), None);
        assert_eq!(four_digits("2025年"), Some((2025, "年")));
        assert_eq!(four_digits("202年"), None);
        assert_eq!(four_digits("20251"), None);
    }

    #[test]
    fn depth0_split_keeps_nested_separators() {
        let v: Vec<&str> = split_depth0(
            "市科技局，有关区县（自治县，以下简称区县）政府",
            |c| c == '，',
        )
        .collect();
        assert_eq!(v, ["市科技局", "有关区县（自治县，以下简称区县）政府"]);
    }

    #[test]
    fn depth0_split_without_separator_yields_whole() {
        let v: Vec<&str> = split_depth0("市科技局", |c| c == '，').collect();
        assert_eq!(v, ["市科技局"]);
    }

    proptest::proptest! {
        #[test]
        fn finds_gives_what_find_iter_gives(
            hay in "[号施aa有效期 ]{0,80}",
            needle in proptest::sample::select(vec!["号", "a", "aa", "有效期", "施行", " a"]),
        ) {
            let finder = memchr::memmem::Finder::new(needle);
            let expected: Vec<usize> = finder.find_iter(hay.as_bytes()).collect();
            proptest::prop_assert_eq!(finds(&finder, hay.as_bytes()).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn trim_sp_equals_trim_matches(s in "[ \t\r\n\u{3000}\u{a0}一丠a。《〔\u{3001}]{0,6}") {
            proptest::prop_assert_eq!(trim_sp(&s), s.trim_matches(is_space));
        }

        #[test]
        fn trim_start_sp_equals_trim_start_matches(s in "[ \t\r\n\u{3000}\u{a0}一丠a。《〔\u{3001}]{0,6}") {
            proptest::prop_assert_eq!(trim_start_sp(&s), s.trim_start_matches(is_space));
        }

        #[test]
        fn non_ideographs_are_the_other_chars(s in "[一丠龥市（）、，a1 é\u{a0}\u{3000}\u{3fff}\u{a000}𠀀]{0,12}") {
            let expected: Vec<(usize, char)> = s
                .char_indices()
                .filter(|&(_, c)| !('\u{4000}'..='\u{9fff}').contains(&c))
                .collect();
            proptest::prop_assert_eq!(non_ideographs(&s).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn space_ends_are_told_by_bytes(s in "[ \t\r\n\u{3000}\u{a0}\u{3001}\u{2000}一a。é]{0,4}") {
            proptest::prop_assert_eq!(
                starts_with_space(s.as_bytes()),
                s.chars().next().is_some_and(is_space)
            );
            proptest::prop_assert_eq!(
                ends_with_space(s.as_bytes()),
                s.chars().next_back().is_some_and(is_space)
            );
            let spaces = nom::bytes::complete::take_while(is_space)(s.as_str());
            proptest::prop_assert_eq!(sp0(&s), spaces);
        }
    }

    #[test]
    fn find_depth0_skips_brackets() {
        assert_eq!(
            find_depth0("（a。b）c。", |c| c == '。', |_| false),
            Some("（a。b）c".len())
        );
        assert_eq!(find_depth0("（a。b）", |c| c == '。', |_| false), None);
        assert_eq!(find_depth0("a1：", |c| c == '：', |c| c == '1'), None);
    }

    #[test]
    fn cjk_class() {
        assert!(is_cjk('渝'));
        assert!(!is_cjk('〔'));
        assert!(!is_cjk('1'));
        assert!(!is_cjk('，'));
    }

    /// Runs every entry point on `s`; the point is that none of them panics.
    fn run_all(s: &str) {
        let _ = chinese_number(s);
        let _ = chinese_digit_year(s);
        let _ = heading_marker(s);
        let _ = enumeration_marker(s);
        let _ = markdown_prefix(s);
        let _ = strip_markdown(s);
        let _ = split_run_in(s);
        let _ = doc_number_at(s);
        let _ = find_doc_numbers(s);
        let _ = own_number_in_line(s);
        let _ = date_at(s);
        let _ = find_dates(s);
        let _ = find_signatures(s);
        let _ = organ_date_line(s);
        let _ = trailing_responsibility(s);
        let _ = responsibility_row(s, s);
        let _ = addressee_line(s);
        let _ = addressee_prefix(s);
        let _ = publicity(s);
        let _ = source_line(s);
        let _ = published_line(s);
        let _ = attachment_list(s);
        let _ = attachment_item(s);
        let _ = attachment_heading(s);
        let _ = organ_suffix_len(s);
        let _ = is_organ_name(s);
        let _ = split_joint_issuers(s);
        let _ = doc_type(s);
    }

    #[test]
    fn no_entry_point_panics_on_generated_text() {
        // Pieces of the grammar, recombined at random, reach the corners of every parser.
        const PIECES: &[&str] = &[
            "〔",
            "〕",
            "[",
            "]",
            "（",
            "）",
            "(",
            ")",
            "【",
            "】",
            "《",
            "》",
            "〈",
            "〉",
            "“",
            "”",
            "2025",
            "12",
            "1",
            "0",
            "号",
            "年",
            "月",
            "日",
            "第",
            "章",
            "条",
            "一",
            "十",
            "百",
            "〇",
            "○",
            "O",
            "二",
            "、",
            "，",
            "。",
            "：",
            ":",
            "；",
            ".",
            "．",
            "-",
            "/",
            " ",
            "\u{3000}",
            "#",
            "**",
            "- ",
            ">",
            "渝府办发",
            "责任单位",
            "牵头单位",
            "负责",
            "附件",
            "来源",
            "发布日期",
            "此件公开发布",
            "人民政府",
            "办公厅",
            "委员会",
            "部",
            "局",
            "各",
            "是",
            "①",
            "㈠",
            "⑴",
            "😀",
            "\u{0}",
            "é",
            "关于",
            "的通知",
            "如下",
            "等",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2500 {
            let n = (next() % 24) as usize;
            let s: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            run_all(&s);
            // Every suffix too, so parsers also start in the middle of constructs.
            for (i, _) in s.char_indices() {
                run_all(&s[i..]);
            }
        }
    }

    #[test]
    fn char_before_is_boundary_safe() {
        assert_eq!(char_before("a渝", 4), Some((1, '渝')));
        assert_eq!(char_before("a渝", 0), None);
        assert_eq!(char_before("a渝", 2), None);
    }
}
