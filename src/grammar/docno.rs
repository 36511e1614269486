//! Document numbers (发文字号): takes a line or running text and returns the numbers in it
//! (`渝府办发〔2025〕56号`, `2025年第3号`) in canonical form, telling cited references from the
//! document's own number.

use memchr::memmem;

use super::{char_before, is_cjk, is_space, trim_sp, trim_start_sp};

/// A document number in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// Canonical text: `渝府办发〔2025〕56号` (brackets `〔〕`, no spaces) or `2025年第3号`.
    pub text: String,
    /// Agency code (机关代字), e.g. `渝府办发`; `None` for 公告-style `2025年第3号`.
    pub agency: Option<String>,
    /// Year in the brackets.
    pub year: u16,
    /// Serial number before `号`.
    pub serial: u32,
}

/// A document number borrowed from the input; what the non-allocating scanner returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocNumberRef<'a> {
    /// Agency code as printed (no spaces inside), `None` for `2025年第3号`.
    pub agency: Option<&'a str>,
    /// Year.
    pub year: u16,
    /// Serial.
    pub serial: u32,
}

impl DocNumberRef<'_> {
    /// The owned, canonical [`DocNumber`].
    pub fn to_doc_number(&self) -> DocNumber {
        // Built by hand: `format!` costs more than the whole search that found the number.
        let mut year_buf = itoa::Buffer::new();
        let year = year_buf.format(self.year);
        let mut serial_buf = itoa::Buffer::new();
        let serial = serial_buf.format(self.serial);
        let parts: [&str; 5] = match self.agency {
            Some(a) => [a, "〔", year, "〕", serial],
            None => ["", "", year, "年第", serial],
        };
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 3);
        for p in parts {
            text.push_str(p);
        }
        text.push('号');
        DocNumber {
            text,
            agency: self.agency.map(str::to_string),
            year: self.year,
            serial: self.serial,
        }
    }
}

/// A number found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDocNumber {
    /// Byte offset where the number starts (its agency code, or the year of `2025年第3号`).
    pub start: usize,
    /// Byte offset just after `号`.
    pub end: usize,
    /// The number.
    pub number: DocNumber,
    /// True when the text cites the number (a reference to another document).
    pub cited: bool,
    /// The `《…》` title printed right before the number, without the book-title marks.
    pub title: Option<String>,
}

// The grammar below is read by hand: as nom combinators (kept in the tests as the reference) it
// cost ~800 instructions a number, mostly in the combinators, and it runs on every line that
// may be a number and at every `号` of running text that ends a serial.

/// Four ASCII digits, not followed by a fifth, within the years documents are numbered in.
fn year4(s: &str) -> Option<(u16, &str)> {
    super::four_digits(s).filter(|(year, _)| (1949..=2100).contains(year))
}

/// One to four ASCII digits, not followed by a fifth, and not zero.
fn serial(s: &str) -> Option<(u32, &str)> {
    super::ascii_digits(s, 4).filter(|&(n, _)| n >= 1)
}

fn is_year_open(c: char) -> bool {
    matches!(c, '〔' | '[' | '［' | '(' | '（' | '【')
}

fn is_year_close(c: char) -> bool {
    matches!(c, '〕' | ']' | '］' | ')' | '）' | '】')
}

/// The first char of `s` if `is` holds for it, and what follows it.
fn first_char(s: &str, is: impl Fn(char) -> bool) -> Option<(char, &str)> {
    let c = s.chars().next().filter(|&c| is(c))?;
    Some((c, s.get(c.len_utf8()..).unwrap_or("")))
}

/// `〔2025〕56号` with any bracket kind and spaces anywhere; returns (open bracket, year, serial)
/// and what follows.
fn bracket_tail(s: &str) -> Option<((char, u16, u32), &str)> {
    let (open, rest) = first_char(s, is_year_open)?;
    let (year, rest) = year4(trim_start_sp(rest))?;
    let (_, rest) = first_char(trim_start_sp(rest), is_year_close)?;
    let rest = trim_start_sp(rest);
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let (serial, rest) = serial(trim_start_sp(rest))?;
    let rest = trim_start_sp(rest).strip_prefix('号')?;
    Some(((open, year, serial), rest))
}

/// `2025年第3号` (公告 numbering), and what follows.
fn announcement(s: &str) -> Option<((u16, u32), &str)> {
    let (year, rest) = year4(s)?;
    let rest = trim_start_sp(rest).strip_prefix('年')?;
    let rest = trim_start_sp(rest).strip_prefix('第')?;
    let (serial, rest) = serial(trim_start_sp(rest))?;
    let rest = trim_start_sp(rest).strip_prefix('号')?;
    Some(((year, serial), rest))
}

/// Agency code, bracketed year and serial at the start of `s`.
fn agency_number(s: &str) -> Option<(DocNumberRef<'_>, &str)> {
    // The code is the first ten ideographs at most: a bracket must follow them.
    let code_len: usize = s
        .chars()
        .take(10)
        .take_while(|&c| is_cjk(c))
        .map(char::len_utf8)
        .sum();
    if code_len == 0 {
        return None;
    }
    let agency = s.get(..code_len)?;
    let ((_, year, serial), rest) = bracket_tail(trim_start_sp(s.get(code_len..)?))?;
    Some((
        DocNumberRef {
            agency: Some(agency),
            year,
            serial,
        },
        rest,
    ))
}

fn announcement_number(s: &str) -> Option<(DocNumberRef<'_>, &str)> {
    let ((year, serial), rest) = announcement(s)?;
    Some((
        DocNumberRef {
            agency: None,
            year,
            serial,
        },
        rest,
    ))
}

/// The document number at the start of `s`, borrowed, with the bytes it spans (leading spaces
/// included). Does not allocate.
///
/// The agency code is everything before the bracket (1–10 ideographs), so call this on text
/// that starts with the number; use [`find_doc_numbers`] for running text.
pub fn doc_number_parts(s: &str) -> Option<(DocNumberRef<'_>, usize)> {
    let t = trim_start_sp(s);
    let (d, rest) = agency_number(t).or_else(|| announcement_number(t))?;
    Some((d, s.len() - rest.len()))
}

/// The document number at the start of `s`, canonical, with the bytes it spans.
///
/// Allocates only when a number is found; use [`doc_number_parts`] to classify without it.
pub fn doc_number_at(s: &str) -> Option<(DocNumber, usize)> {
    doc_number_parts(s).map(|(d, n)| (d.to_doc_number(), n))
}

/// Words after which an agency code starts: verbs and function words that precede a number in
/// prose, titles' last words, organ suffixes of a title glued before the number, and `号` of a
/// previous number. Codes never contain them (`国办函` is why `函` is absent).
const AGENCY_CUTS: &[(&str, bool)] = &[
    // (word, is a citing verb)
    ("印发", true),
    ("转发", true),
    ("根据", true),
    ("按照", true),
    ("依据", true),
    ("参照", true),
    ("对照", true),
    ("废止", true),
    ("执行", true),
    ("贯彻", true),
    ("落实", true),
    ("见", true),
    ("即", true),
    ("现将", true),
    ("将", false),
    ("把", false),
    ("对", false),
    ("由", false),
    ("在", false),
    ("以", false),
    ("是", false),
    ("为", false),
    ("了", false),
    ("于", false),
    ("和", false),
    ("及", false),
    ("与", false),
    ("的", false),
    ("号", false),
    ("通知", false),
    ("意见", false),
    ("决定", false),
    ("公告", false),
    ("通告", false),
    ("通报", false),
    ("批复", false),
    ("报告", false),
    ("请示", false),
    ("纪要", false),
    ("办法", false),
    ("方案", false),
    ("规定", false),
    ("细则", false),
    ("措施", false),
    ("人民政府", false),
    ("办公厅", false),
    ("办公室", false),
    ("委员会", false),
];

const AGENCY_MAX_CHARS: usize = 10;

/// The agency code ending at byte `end` of `text`: the run of ideographs before it, cut after
/// the last [`AGENCY_CUTS`] word and kept to its last 10 chars. Returns (start, cut by a verb).
fn agency_before(text: &str, floor: usize, end: usize) -> (usize, bool) {
    let mut start = end;
    let head = text.get(floor..end).unwrap_or("");
    // Looking a little past the 10-char limit lets a cut word just outside it still count.
    for (i, c) in head.char_indices().rev().take(24) {
        if !is_cjk(c) {
            break;
        }
        start = floor + i;
    }
    let run = text.get(start..end).unwrap_or("");
    let (cut, verb) = last_cut(run);
    let agency = run.get(cut..).unwrap_or("");
    let mut a_start = start + cut;
    let n = agency.chars().count();
    if n > AGENCY_MAX_CHARS {
        if let Some((i, _)) = agency.char_indices().nth(n - AGENCY_MAX_CHARS) {
            a_start += i;
        }
    }
    (a_start, verb)
}

/// Where the last [`AGENCY_CUTS`] word in `run` ends, and whether a citing verb ends there (a
/// verb wins a tie); `(0, false)` without one. The ends are tried from the run's last char back,
/// and at each only the words that end in the same two bytes ([`CUTS_BY_TAIL`]): for a run of
/// 24 chars at most that costs less than an automaton, which also cost more to build than all
/// its searches of a corpus.
fn last_cut(run: &str) -> (usize, bool) {
    let bytes = run.as_bytes();
    for (i, c) in run.char_indices().rev() {
        let end = i + c.len_utf8();
        let (Some(&a), Some(&b)) = (bytes.get(end.wrapping_sub(2)), bytes.get(end - 1)) else {
            continue;
        };
        let mut next = CUTS_BY_TAIL.first[cut_tail_key(a, b)];
        if next == 0 {
            continue;
        }
        let head = run.get(..end).unwrap_or("");
        let mut found = false;
        let mut verb = false;
        while let Some(&(w, is_verb)) = AGENCY_CUTS.get(usize::from(next) - 1) {
            if head.ends_with(w) {
                found = true;
                verb |= is_verb;
            }
            next = CUTS_BY_TAIL.next[usize::from(next) - 1];
            if next == 0 {
                break;
            }
        }
        if found {
            return (end, verb);
        }
    }
    (0, false)
}

/// The slot of [`CutsByTail::first`] for a word whose last two bytes are `a`, `b` (the last
/// byte of an ideograph and the six low bits of the one before).
const fn cut_tail_key(a: u8, b: u8) -> usize {
    ((a as usize & 63) << 8) | b as usize
}

/// The [`AGENCY_CUTS`] words by their last two bytes: chains of indices plus one, 0 ending one.
struct CutsByTail {
    /// The first word of each slot's chain.
    first: [u8; 64 << 8],
    /// The word after each word in its chain.
    next: [u8; AGENCY_CUTS.len()],
}

/// The chains of [`AGENCY_CUTS`], built at compile time.
static CUTS_BY_TAIL: CutsByTail = {
    let mut t = CutsByTail {
        first: [0; 64 << 8],
        next: [0; AGENCY_CUTS.len()],
    };
    assert!(AGENCY_CUTS.len() < 255);
    let mut i = AGENCY_CUTS.len();
    while i > 0 {
        i -= 1;
        let w = AGENCY_CUTS[i].0.as_bytes();
        let key = cut_tail_key(w[w.len() - 2], w[w.len() - 1]);
        t.next[i] = t.first[key];
        t.first[key] = i as u8 + 1;
    }
    t
};

/// The `《…》` title whose `》` sits at byte `close` of `text`, nested `〈〉` kept.
fn title_before(text: &str, close: usize) -> Option<&str> {
    const LOOKBACK: usize = 1500;
    let head = text.get(..close)?;
    let bytes = head.as_bytes();
    let mut depth = 0usize;
    // `《` and `》` are E3 80 8A and E3 80 8B: their last bytes are looked for, not every char
    // decoded on the way back (a title runs to dozens of chars).
    let mut end = bytes.len();
    while let Some(last) = memchr::memrchr2(0x8A, 0x8B, bytes.get(..end)?) {
        end = last;
        let Some(i) = last.checked_sub(2) else {
            break;
        };
        if bytes.get(i..last) != Some(&[0xE3, 0x80][..]) {
            continue;
        }
        if close - i > LOOKBACK {
            return None;
        }
        if bytes[last] == 0x8B {
            depth += 1;
        } else if depth == 0 {
            return head.get(i + '《'.len_utf8()..);
        } else {
            depth -= 1;
        }
        end = i;
    }
    None
}

/// A number ending exactly at byte `end` (just after `号`), not reaching below `floor`.
/// Returns (byte where the bracket or year starts, open bracket or `None` for 公告 numbers,
/// year, serial).
fn number_ending_at(
    text: &str,
    floor: usize,
    end: usize,
) -> Option<(usize, Option<char>, u16, u32)> {
    let mut ws = end.saturating_sub(64).max(floor);
    while ws < end && !text.is_char_boundary(ws) {
        ws += 1;
    }
    let window = text.get(ws..end)?;
    for (i, c) in window.char_indices().rev() {
        if is_year_open(c) {
            if let Some(((open, year, serial), "")) = bracket_tail(window.get(i..)?) {
                return Some((ws + i, Some(open), year, serial));
            }
        }
    }
    let mut prev_digit = false;
    for (i, c) in window.char_indices() {
        let digit = c.is_ascii_digit();
        if digit && !prev_digit {
            if let Some(((year, serial), "")) = announcement(window.get(i..)?) {
                return Some((ws + i, None, year, serial));
            }
        }
        prev_digit = digit;
    }
    None
}

/// Whether an ASCII digit, then perhaps spaces, ends `text` at byte `at`:
/// both forms of a number end in a serial that way before their `号`, so
/// a `号` without one (`号召`, `编号`, `第三号`) ends none.
fn serial_ends_at(text: &str, at: usize) -> bool {
    let head = text.get(..at).unwrap_or("");
    head.trim_end_matches(is_space)
        .ends_with(|c: char| c.is_ascii_digit())
}

/// All document numbers in running text, in order, with whether each is cited.
///
/// A number is `cited` when it stands in `（…）` right after a `《…》` title, right after `》`,
/// right after a citing verb (`根据`/`按照`/`依据`/`印发`/`废止`/…, which is also where its agency
/// code is cut: `同时废止渝府办发〔2023〕53号` → agency `渝府办发`), right before `同时废止`/
/// `，以下简称`/`转发`, or in a list (`、`/`，`/`和`) right after another cited number.
/// A bracketed year needs an agency code before it (two chars at least with round brackets), so
/// `楼（2025）3号` is not a number; neither is `〔2025〕3号` with nothing before it.
pub fn find_doc_numbers(text: &str) -> Vec<FoundDocNumber> {
    static HAO: std::sync::LazyLock<memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memmem::Finder::new("号"));
    find_doc_numbers_at(text, super::finds(&HAO, text.as_bytes()))
}

/// [`find_doc_numbers`] given `hao`, the byte offsets of every `号` in `text` in order: where a
/// search of more than `text` found them already, they are not searched for again.
pub(crate) fn find_doc_numbers_at(
    text: &str,
    hao: impl Iterator<Item = usize>,
) -> Vec<FoundDocNumber> {
    let mut out: Vec<FoundDocNumber> = Vec::new();
    let mut floor = 0usize;
    for p in hao {
        let end = p + "号".len();
        if p < floor || !serial_ends_at(text, p) {
            continue;
        }
        let Some((b, open, year, serial)) = number_ending_at(text, floor, end) else {
            continue;
        };
        let (start, agency, verb) = match open {
            Some(open) => {
                let mut a_end = b;
                while let Some((i, c)) = char_before(text, a_end) {
                    if i < floor || !is_space(c) {
                        break;
                    }
                    a_end = i;
                }
                let (a_start, verb) = agency_before(text, floor, a_end);
                // Without an agency code a bracketed year is prose (`楼（2025）3号`), as at line start.
                let Some(agency) = text.get(a_start..a_end).filter(|a| !a.is_empty()) else {
                    continue;
                };
                // Round brackets are common in prose: a one-char "code" there is just a word.
                if matches!(open, '(' | '（') && agency.chars().nth(1).is_none() {
                    continue;
                }
                (a_start, Some(agency), verb)
            }
            None => (b, None, false),
        };
        let number = DocNumberRef {
            agency,
            year,
            serial,
        }
        .to_doc_number();
        let (cited, title) = citation(text, start, end, verb, out.last());
        out.push(FoundDocNumber {
            start,
            end,
            number,
            cited,
            title,
        });
        floor = end;
    }
    out
}

/// Words right after a number (or its closing bracket) that make it a reference.
const CITED_AFTER: &[&str] = &[
    "同时废止",
    "同步废止",
    "废止",
    "停止执行",
    "不再执行",
    "同时失效",
    "，以下简称",
    ",以下简称",
    "转发",
];

/// Whether the number starting at `start` is cited, and the title printed before it.
fn citation(
    text: &str,
    start: usize,
    end: usize,
    verb: bool,
    prev: Option<&FoundDocNumber>,
) -> (bool, Option<String>) {
    let before = text.get(..start).unwrap_or("").trim_end_matches(is_space);
    let before_paren = before
        .strip_suffix(['（', '('])
        .map(|b| b.trim_end_matches(is_space));
    let close = before_paren.unwrap_or(before);
    if close.ends_with('》') {
        let at = close.len() - '》'.len_utf8();
        return (true, title_before(text, at).map(str::to_string));
    }
    let after = text.get(end..).unwrap_or("").trim_start_matches(is_space);
    let after = after
        .strip_prefix(['）', ')'])
        .unwrap_or(after)
        .trim_start_matches(is_space);
    if verb || CITED_AFTER.iter().any(|w| after.starts_with(w)) {
        return (true, None);
    }
    if let Some(list) = before.strip_suffix(['、', '，', ',', '和', '及', '与']) {
        let list = list.trim_end_matches(is_space);
        if let Some(p) = prev {
            if p.cited && p.end == list.len() {
                return (true, None);
            }
        }
    }
    (false, None)
}

/// Labels of a metadata field that holds the document number (`文号：`, `发文字号：`).
const NUMBER_LABELS: &[&str] = &["发文字号", "文号", "字号", "文件编号", "编号"];

/// Words that, right after a number at line start, show the line is a sentence about it.
const SENTENCE_AFTER: &[&str] = &[
    "文件", "文", "精神", "要求", "规定", "等", "的", "已", "明确", "提出", "印发", "执行", "同时",
    "同步", "废止",
];

/// The document's own number in `line`: the whole line (possibly in `（）`), a number after a
/// `文号：` label, a number glued after the title (`…的通知渝府办〔2021〕17号…`), or at line
/// start before the addressee (`冀政办字〔2023〕122号各市…：`). Never a cited number.
/// Returns the byte range of the number and the number.
pub fn own_number_in_line(line: &str) -> Option<(usize, usize, DocNumber)> {
    for f in find_doc_numbers(line) {
        if f.cited {
            continue;
        }
        let before = trim_sp(line.get(..f.start).unwrap_or(""));
        let before = trim_sp(before.strip_suffix(['（', '(']).unwrap_or(before));
        let after = trim_sp(line.get(f.end..).unwrap_or(""));
        let after = trim_sp(after.strip_prefix(['）', ')']).unwrap_or(after));
        let label = before.strip_suffix(['：', ':']).map(trim_sp);
        let own = if before.is_empty() {
            !SENTENCE_AFTER.iter().any(|w| after.starts_with(w))
        } else if let Some(l) = label {
            NUMBER_LABELS.iter().any(|w| l.ends_with(w))
        } else {
            super::parts::doc_type(before).is_some()
        };
        if own {
            return Some((f.start, f.end, f.number));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`title_before`] as it walked back char by char.
    fn title_before_char_by_char(text: &str, close: usize) -> Option<&str> {
        const LOOKBACK: usize = 1500;
        let head = text.get(..close)?;
        let mut depth = 0usize;
        for (i, c) in head.char_indices().rev() {
            if close - i > LOOKBACK {
                return None;
            }
            match c {
                '》' => depth += 1,
                '《' if depth == 0 => return head.get(i + c.len_utf8()..),
                '《' => depth -= 1,
                _ => {}
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn titles_are_found_as_walking_back_finds_them(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "《", "》", "〈", "〉", "办法", "\u{300a}\u{300b}", "\u{208a}", "\u{8a8b}", "a", "号",
                "\u{e38a}", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
            ]), 0..60),
        ) {
            let text = pieces.concat();
            for (close, _) in text.match_indices('》') {
                proptest::prop_assert_eq!(
                    title_before(&text, close),
                    title_before_char_by_char(&text, close),
                    "{} at {}",
                    text,
                    close
                );
            }
        }
    }

    /// The nom grammar numbers were read with, kept as the reference of the hand-written one:
    /// (`bracket_tail`, `announcement`, `doc_number_parts`) as it read them.
    mod by_nom {
        use super::super::{is_cjk, DocNumberRef};
        use crate::grammar::{fail, sp0, Res};
        use nom::branch::alt;
        use nom::bytes::complete::take_while_m_n;
        use nom::character::complete::{char, one_of};
        use nom::combinator::opt;
        use nom::Parser;

        fn year4(s: &str) -> Res<'_, u16> {
            let (rest, d) = take_while_m_n(4, 4, |c: char| c.is_ascii_digit())(s)?;
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(fail(s));
            }
            match d.parse::<u16>() {
                Ok(y) if (1949..=2100).contains(&y) => Ok((rest, y)),
                _ => Err(fail(s)),
            }
        }

        fn serial(s: &str) -> Res<'_, u32> {
            let (rest, d) = take_while_m_n(1, 4, |c: char| c.is_ascii_digit())(s)?;
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(fail(s));
            }
            match d.parse::<u32>() {
                Ok(n) if n >= 1 => Ok((rest, n)),
                _ => Err(fail(s)),
            }
        }

        pub(super) fn bracket_tail(s: &str) -> Res<'_, (char, u16, u32)> {
            let (rest, (open, _, year, _, _, _, _, _, serial, _, _)) = (
                one_of("〔[［(（【"),
                sp0,
                year4,
                sp0,
                one_of("〕]］)）】"),
                sp0,
                opt(char('第')),
                sp0,
                serial,
                sp0,
                char('号'),
            )
                .parse_complete(s)?;
            Ok((rest, (open, year, serial)))
        }

        pub(super) fn announcement(s: &str) -> Res<'_, (u16, u32)> {
            let (rest, (year, _, _, _, _, _, serial, _, _)) = (
                year4,
                sp0,
                char('年'),
                sp0,
                char('第'),
                sp0,
                serial,
                sp0,
                char('号'),
            )
                .parse_complete(s)?;
            Ok((rest, (year, serial)))
        }

        fn agency_number(s: &str) -> Res<'_, DocNumberRef<'_>> {
            let (rest, (agency, _, (_, year, serial))) =
                (take_while_m_n(1, 10, is_cjk), sp0, bracket_tail).parse_complete(s)?;
            let agency = Some(agency);
            Ok((
                rest,
                DocNumberRef {
                    agency,
                    year,
                    serial,
                },
            ))
        }

        fn announcement_number(s: &str) -> Res<'_, DocNumberRef<'_>> {
            let (rest, (year, serial)) = announcement(s)?;
            let agency = None;
            Ok((
                rest,
                DocNumberRef {
                    agency,
                    year,
                    serial,
                },
            ))
        }

        pub(super) fn doc_number_parts(s: &str) -> Option<(DocNumberRef<'_>, usize)> {
            let (rest, (_, d)) = (sp0, alt((agency_number, announcement_number)))
                .parse_complete(s)
                .ok()?;
            Some((d, s.len() - rest.len()))
        }
    }

    proptest::proptest! {
        #[test]
        fn numbers_are_read_as_the_nom_grammar_reads_them(
            agency in proptest::sample::select(vec![
                "", "渝府办发", "国办函", "渝", "一二三四五六七八九十", "一二三四五六七八九十一",
                "𠀀", "a",
            ]),
            open in proptest::sample::select(vec!["〔", "[", "［", "（", "(", "【", "", "年"]),
            close in proptest::sample::select(vec!["〕", "]", "］", "）", ")", "】", "", "年"]),
            di in proptest::sample::select(vec!["第", ""]),
            hao in proptest::sample::select(vec!["号", "", "年"]),
            year in proptest::sample::select(vec![
                "2025", "1949", "2100", "1948", "2101", "202", "20255",
            ]),
            serial in proptest::sample::select(vec!["56", "0", "00", "7", "1234", "12345", "0012"]),
            spaces in proptest::collection::vec(proptest::sample::select(vec!["", " ", "\u{3000}"]), 6),
            tail in proptest::sample::select(vec!["", "号", "文", "1"]),
        ) {
            let s = [
                spaces[0], agency, spaces[1], open, spaces[2], year, spaces[3], close, spaces[4],
                di, spaces[5], serial, hao, tail,
            ]
            .concat();
            // At every start, as running text is read.
            for (at, _) in s.char_indices() {
                let t = &s[at..];
                proptest::prop_assert_eq!(doc_number_parts(t), by_nom::doc_number_parts(t), "{}", t);
                proptest::prop_assert_eq!(
                    bracket_tail(t).map(|(v, rest)| (rest, v)),
                    by_nom::bracket_tail(t).ok(),
                    "{}",
                    t
                );
                proptest::prop_assert_eq!(
                    announcement(t).map(|(v, rest)| (rest, v)),
                    by_nom::announcement(t).ok(),
                    "{}",
                    t
                );
            }
        }
    }

    #[test]
    fn a_serial_ends_before_spaces() {
        let text = "渝府发〔2025〕15 号";
        let at = text.len() - '号'.len_utf8();
        assert!(number_ending_at(text, 0, text.len()).is_some());
        assert!(serial_ends_at(text, at));
        assert!(!serial_ends_at("号召", 0));
    }

    proptest::proptest! {
        #[test]
        fn every_number_ends_in_a_serial(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "渝府发〔2025〕15", "国办函（2024）3", "〔2025〕", "[2023]第7", "2025年第3", "2025年",
                "渝府发", "〔", "〕", "2025", "第", "3", "0", "号", " 号", "\u{3000}号", " ", "三", "编", "a",
            ]), 0..8),
            floor in 0usize..12,
        ) {
            let text = pieces.concat();
            for (p, _) in text.match_indices('号') {
                if number_ending_at(&text, floor, p + '号'.len_utf8()).is_some() {
                    proptest::prop_assert!(serial_ends_at(&text, p), "{text} at {p}");
                }
            }
        }
    }

    /// Where the last cut word ends, found word by word (what [`last_cut`] must give).
    fn last_cut_word_by_word(run: &str) -> (usize, bool) {
        let (mut cut, mut verb) = (0, false);
        for &(w, is_verb) in AGENCY_CUTS {
            if let Some(p) = run.rfind(w) {
                let after = p + w.len();
                if after > cut || after == cut && is_verb {
                    (cut, verb) = (after, is_verb);
                }
            }
        }
        (cut, verb)
    }

    proptest::proptest! {
        #[test]
        fn the_last_cut_is_found_as_word_by_word(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    [
                        AGENCY_CUTS.iter().map(|w| w.0).collect::<Vec<_>>(),
                        vec!["渝", "府", "办", "发", "国", "函", "印", "据", "法", "𠀀", "a"],
                    ]
                    .concat(),
                ),
                0..10,
            ),
        ) {
            let run = pieces.concat();
            proptest::prop_assert_eq!(last_cut(&run), last_cut_word_by_word(&run), "{}", run);
        }
    }

    fn at(s: &str) -> Option<(String, Option<String>, u16, u32, usize)> {
        doc_number_at(s).map(|(d, n)| (d.text, d.agency, d.year, d.serial, n))
    }

    fn text_at(s: &str) -> Option<String> {
        doc_number_at(s).map(|(d, _)| d.text)
    }

    #[test]
    fn canonical_variants() {
        let cases = [
            ("渝府办发〔2025〕56号", "渝府办发〔2025〕56号"),
            ("渝经信规范〔2025〕5号", "渝经信规范〔2025〕5号"),
            ("国办发〔2024〕44号", "国办发〔2024〕44号"),
            ("渝府办发[2025] 56号", "渝府办发〔2025〕56号"),
            ("渝府办发 [2025] 56号", "渝府办发〔2025〕56号"),
            ("渝府办〔2022〕12 号", "渝府办〔2022〕12号"),
            ("渝府办发〔 2025 〕56号", "渝府办发〔2025〕56号"),
            ("渝府办发［2025］56号", "渝府办发〔2025〕56号"),
            ("余府发（2012）3号", "余府发〔2012〕3号"),
            ("余府发(2012)3号", "余府发〔2012〕3号"),
            ("渝府发【2025】15号", "渝府发〔2025〕15号"),
            ("国办发明电〔2018〕15号", "国办发明电〔2018〕15号"),
            ("国函〔2019〕1号", "国函〔2019〕1号"),
            ("国办函〔2018〕71号", "国办函〔2018〕71号"),
            ("沪府办规〔2021〕12号", "沪府办规〔2021〕12号"),
            ("冀政办字〔2023〕122号", "冀政办字〔2023〕122号"),
            ("财金〔2020〕1号", "财金〔2020〕1号"),
            ("京政发〔2025〕第3号", "京政发〔2025〕3号"),
            ("2025年第3号", "2025年第3号"),
            ("2025 年第 3 号", "2025年第3号"),
        ];
        for (input, want) in cases {
            assert_eq!(text_at(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn parts_and_length() {
        assert_eq!(
            at("渝府办〔2022〕12 号各区县"),
            Some((
                "渝府办〔2022〕12号".into(),
                Some("渝府办".into()),
                2022,
                12,
                "渝府办〔2022〕12 号".len()
            ))
        );
        assert_eq!(
            at("2025年第3号"),
            Some(("2025年第3号".into(), None, 2025, 3, "2025年第3号".len()))
        );
        assert_eq!(
            at("　渝府办发〔2025〕56号").map(|x| x.4),
            Some("　渝府办发〔2025〕56号".len())
        );
        let (d, n) = doc_number_parts("冀政办字〔2023〕122号各市").unwrap();
        assert_eq!(
            (d.agency, d.year, d.serial, n),
            (Some("冀政办字"), 2023, 122, "冀政办字〔2023〕122号".len())
        );
    }

    #[test]
    fn not_numbers() {
        for s in [
            "〔2025〕",
            "渝府办发〔2025〕",
            "渝府办发〔2025〕56",
            "〔2025〕56号",
            "渝府办发〔1900〕5号",
            "渝府办发〔2025〕0号",
            "渝府办发〔2025〕12345号",
            "渝府办发〔20250〕5号",
            "渝府办发〔25〕5号",
            "重庆市人民政府办公厅关于印发〔2025〕5号",
            "（2025—2027年）",
            "2025年第16期",
            "号",
            "",
        ] {
            assert_eq!(doc_number_at(s), None, "{s}");
        }
    }

    #[test]
    fn find_in_cited_prose() {
        let t = "原《重庆市人民政府办公厅关于印发重庆市智能建造试点城市建设实施方案的通知》(渝府办发〔2023〕53号)同时废止。";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.text, "渝府办发〔2023〕53号");
        assert!(f[0].cited);
        assert_eq!(
            f[0].title.as_deref(),
            Some("重庆市人民政府办公厅关于印发重庆市智能建造试点城市建设实施方案的通知")
        );
        assert_eq!(&t[f[0].start..f[0].end], "渝府办发〔2023〕53号");
    }

    #[test]
    fn find_with_nested_title() {
        let t = "原《重庆市人民政府办公厅关于印发〈重庆市智慧医疗装备产业创新发展行动计划(2025—2027年)〉的通知》(渝府办发〔2025〕2号)同时废止";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert!(f[0].cited);
        assert_eq!(
            f[0].title.as_deref(),
            Some("重庆市人民政府办公厅关于印发〈重庆市智慧医疗装备产业创新发展行动计划(2025—2027年)〉的通知")
        );
    }

    #[test]
    fn find_with_mismatched_paren_in_title() {
        let t =
            "印发《重庆市智慧医疗装备产业创新发展行动计划（2025—2027年)》(渝府办发〔2025〕57号)";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.text, "渝府办发〔2025〕57号");
        assert!(f[0].cited);
        assert_eq!(
            f[0].title.as_deref(),
            Some("重庆市智慧医疗装备产业创新发展行动计划（2025—2027年)")
        );
    }

    #[test]
    fn find_cited_by_verbs() {
        let f = find_doc_numbers("根据《关于加快推进现代职业教育的意见》（教职成〔2018〕8号）要求");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.agency.as_deref(), Some("教职成"));
        assert!(f[0].cited);

        let f = find_doc_numbers("同时废止渝府办发〔2023〕53号。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.agency.as_deref(), Some("渝府办发"));
        assert!(f[0].cited);
        assert_eq!(f[0].title, None);

        let f = find_doc_numbers("按照国办发〔2024〕44号要求");
        assert_eq!(f[0].number.agency.as_deref(), Some("国办发"));
        assert!(f[0].cited);
    }

    #[test]
    fn find_real_cited_lines() {
        let t = "联合印发的《重庆市2024年支持氢燃料电池汽车推广应用政策措施》的通知(渝经信规范〔2024〕16号)同步废止";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.text, "渝经信规范〔2024〕16号");
        assert_eq!(f[0].number.agency.as_deref(), Some("渝经信规范"));
        // Not right after `》`, but `同步废止` follows.
        assert!(f[0].cited);

        let t = "印发了《重庆市智联电动车产业发展行动计划(2025—2027年)》(渝府办发〔2025〕43号,以下简称《行动计划》)";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert!(f[0].cited);
        assert_eq!(
            f[0].title.as_deref(),
            Some("重庆市智联电动车产业发展行动计划(2025—2027年)")
        );

        let t = "《关于以高水平开放推动服务贸易高质量发展的意见》(国办发〔2024〕44号),明确要求";
        assert!(find_doc_numbers(t)[0].cited);
    }

    #[test]
    fn find_list_of_cited() {
        let t = "废止渝府办发〔2023〕1号、渝府办发〔2023〕2号和渝府发〔2022〕3号。";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|x| x.cited));
        assert_eq!(f[2].number.agency.as_deref(), Some("渝府发"));
    }

    #[test]
    fn find_own_numbers_not_cited() {
        let t =
            "冀政办字〔2023〕122号各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert!(!f[0].cited);
        assert_eq!(f[0].start, 0);

        let t = "重庆市人民政府办公厅关于印发重庆国际生物城建设发展三年行动计划（2022—2024年）的通知渝府办〔2021〕17号有关区人民政府，市政府有关部门，有关单位：";
        let f = find_doc_numbers(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.agency.as_deref(), Some("渝府办"));
        assert!(!f[0].cited);
    }

    #[test]
    fn find_ignores_non_numbers() {
        assert!(find_doc_numbers("两江新区人民政府驻金山街道金渝大道66号。").is_empty());
        assert!(find_doc_numbers("行动计划（2025—2027年）").is_empty());
        assert!(find_doc_numbers("楼（2025）3号").is_empty());
        assert!(find_doc_numbers("").is_empty());
        // Without an agency code a bracketed year is not taken as a number.
        assert!(find_doc_numbers("见（〔2025〕3号）").is_empty());
    }

    #[test]
    fn find_announcement() {
        let f = find_doc_numbers("国家税务总局公告2025年第3号发布");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.text, "2025年第3号");
        assert_eq!(f[0].number.agency, None);
    }

    #[test]
    fn own_numbers() {
        let cases = [
            ("渝府办发〔2025〕56号", "渝府办发〔2025〕56号"),
            ("渝府办〔2022〕12 号", "渝府办〔2022〕12号"),
            ("（余府发〔2012〕3号）", "余府发〔2012〕3号"),
            ("文号: 沪府办规〔2021〕12号", "沪府办规〔2021〕12号"),
            ("冀政办字〔2023〕122号各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：", "冀政办字〔2023〕122号"),
            ("渝府办〔2021〕17号有关区人民政府，市政府有关部门，有关单位：", "渝府办〔2021〕17号"),
            ("国办发〔2018〕1号中央和国家机关各部委：", "国办发〔2018〕1号"),
            ("重庆市人民政府办公厅关于印发重庆国际生物城建设发展三年行动计划（2022—2024年）的通知渝府办〔2021〕17号有关区人民政府，市政府有关部门，有关单位：", "渝府办〔2021〕17号"),
        ];
        for (line, want) in cases {
            let (s, e, d) = own_number_in_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(d.text, want);
            assert_eq!(
                doc_number_at(&line[s..e]).map(|x| x.0.text).as_deref(),
                Some(want)
            );
        }
    }

    #[test]
    fn not_own_numbers() {
        for line in [
            "根据《关于加快推进现代职业教育的意见》（教职成〔2018〕8号）要求",
            "同时废止渝府办发〔2023〕53号。",
            "现将渝府发〔2025〕1号转发给你们",
            "渝府发〔2025〕1号文件要求",
            "原《重庆市人民政府办公厅关于印发重庆市智能建造试点城市建设实施方案的通知》(渝府办发〔2023〕53号)同时废止",
            "本行动计划自发布之日起施行",
        ] {
            assert_eq!(own_number_in_line(line), None, "{line}");
        }
    }

    #[test]
    fn never_panics() {
        let odd = [
            "〔",
            "号号号",
            "〔2025〕号",
            "a〔2025〕1号",
            "〔〔2025〕1号",
            "\u{10FFFF}〔2025〕1号",
        ];
        for s in odd {
            let _ = doc_number_at(s);
            let _ = find_doc_numbers(s);
            let _ = own_number_in_line(s);
        }
    }
}
