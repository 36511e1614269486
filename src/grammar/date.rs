//! Dates: takes text and returns calendar dates written as `2025年11月1日`, `2022 年 3 月 1 日`,
//! `二〇二五年十一月一日`, `2025-11-01`, `2025/11/01` or `2025.11.1`, validated, plus signature
//! lines (`重庆市人民政府办公厅 2025年10月19日`).

use super::numeral::{chinese_digit_year, chinese_number};
use super::{ascii_digits, four_digits, trim_sp, trim_start_sp};

/// A calendar date (always valid: month 1–12, day within the month, leap years counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month.
    pub day: u8,
}

fn is_leap(y: u16) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A validated date; `None` for month 13, 31 April, 29 February of a common year, year 0.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// ISO 8601 form, `2025-11-01`.
    pub fn iso(&self) -> String {
        let (year, month, day) = (self.year, self.month, self.day);
        if year > 9999 || month > 99 || day > 99 {
            return format!("{year:04}-{month:02}-{day:02}");
        }
        // Written digit by digit: the formatting machinery cost over a thousand instructions a
        // date, for ten bytes.
        let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
        let (month, day) = (u16::from(month), u16::from(day));
        let mut out = String::with_capacity(10);
        out.extend([year / 1000, year / 100, year / 10, year].map(digit));
        out.push('-');
        out.extend([month / 10, month].map(digit));
        out.push('-');
        out.extend([day / 10, day].map(digit));
        out
    }
}

/// Years a document date can have; outside this range a digit run is something else.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// A year written digit by digit in Chinese (`二〇二五`).
fn year_cn(s: &str) -> Option<(u16, &str)> {
    chinese_digit_year(s).map(|(y, n)| (y as u16, s.get(n..).unwrap_or("")))
}

/// One or two ASCII digits not followed by a third.
fn md_ascii(s: &str) -> Option<(u8, &str)> {
    // Two digits fit a u8.
    ascii_digits(s, 2).map(|(v, rest)| (v as u8, rest))
}

/// A month or day in Chinese numerals (`十一`, `三十一`).
fn md_cn(s: &str) -> Option<(u8, &str)> {
    match chinese_number(s) {
        Some((v, n)) if (1..=31).contains(&v) => Some((v as u8, s.get(n..).unwrap_or(""))),
        _ => None,
    }
}

/// A month or a day in either script.
fn month_or_day(s: &str) -> Option<(u8, &str)> {
    md_ascii(s).or_else(|| md_cn(s))
}

/// `2025年11月1日`, `2022 年 3 月 1 日`, `二〇二五年十一月一日`, and mixtures of the two scripts.
fn ymd_cjk(s: &str) -> Option<((u16, u8, u8), &str)> {
    let (y, rest) = four_digits(s).or_else(|| year_cn(s))?;
    let rest = trim_start_sp(rest).strip_prefix('年')?;
    let (m, rest) = month_or_day(trim_start_sp(rest))?;
    let rest = trim_start_sp(rest).strip_prefix('月')?;
    let (d, rest) = month_or_day(trim_start_sp(rest))?;
    let rest = trim_start_sp(rest).strip_prefix('日')?;
    Some(((y, m, d), rest))
}

/// The separator of a `2025-11-01` date at the start of `s`, and what follows it.
fn date_separator(s: &str) -> Option<(char, &str)> {
    let c = s.chars().next()?;
    matches!(c, '-' | '/' | '.' | '－' | '／' | '．')
        .then(|| (c, s.get(c.len_utf8()..).unwrap_or("")))
}

/// `2025-11-01`, `2025/11/01`, `2025.11.1` (one separator kind throughout).
fn ymd_sep(s: &str) -> Option<((u16, u8, u8), &str)> {
    let (y, rest) = four_digits(s)?;
    let (s1, rest) = date_separator(rest)?;
    let (m, rest) = md_ascii(rest)?;
    let (s2, rest) = date_separator(rest)?;
    let (d, rest) = md_ascii(rest)?;
    if s1 != s2 {
        return None;
    }
    // `2025.11.1.2` is a version or section number, not a date.
    if matches!(s1, '.' | '．') {
        let mut it = rest.chars();
        if matches!(it.next(), Some('.' | '．')) && it.next().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(((y, m, d), rest))
}

/// A date at the start of `s` with the bytes it spans and whether it is the 年月日 form.
/// Read by hand: the nom grammar it was (kept in the tests as the reference) cost ~650
/// instructions a call, mostly in the combinators, and it runs at every place a date may start.
fn date_form(s: &str) -> Option<(Date, usize, bool)> {
    let t = trim_start_sp(s);
    let ((y, m, d), rest, cjk) = match ymd_cjk(t) {
        Some((ymd, rest)) => (ymd, rest, true),
        None => {
            let (ymd, rest) = ymd_sep(t)?;
            (ymd, rest, false)
        }
    };
    if !YEARS.contains(&y) {
        return None;
    }
    Some((Date::new(y, m, d)?, s.len() - rest.len(), cjk))
}

/// The date at the start of `s` and the bytes it spans (leading spaces included). Does not
/// allocate.
///
/// Accepted: `2025年11月1日` (spaces anywhere), Chinese numerals with `〇`/`○`/`O` for zero,
/// `2025-11-01`, `2025/11/01` and `2025.11.1` (the dotted form is common on web pages; a
/// fourth `.digit` part rejects it). Years 1900–2100. Partial dates (`2025年11月`) fail.
pub fn date_at(s: &str) -> Option<(Date, usize)> {
    date_form(s).map(|(d, n, _)| (d, n))
}

/// Chars that can start a Chinese digit-by-digit year.
fn cn_year_start(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '〇' | '○' | '零'
    )
}

/// What a char is to the rule that a date starts only where a number starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// An ASCII digit.
    Digit,
    /// A char that can start a Chinese digit-by-digit year.
    CnYear,
    /// Anything else (or nothing, at the start of the text).
    Other,
}

impl Lead {
    fn of(c: char) -> Lead {
        if c.is_ascii_digit() {
            Lead::Digit
        } else if cn_year_start(c) {
            Lead::CnYear
        } else {
            Lead::Other
        }
    }

    /// Kind of the char just before byte `at` of `s`.
    fn before(s: &str, at: usize) -> Lead {
        super::char_before(s, at).map_or(Lead::Other, |(_, c)| Lead::of(c))
    }
}

/// Index of the first ASCII digit in `b`. Eight bytes at a time, since run-on lines are long
/// stretches of ideographs without one.
fn find_ascii_digit(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(word);
        let low7 = x & (ONES * 0x7F);
        // Per byte, the top bit ends set iff the byte is below 0x80, under b'9' + 1 and over b'0' - 1;
        // no byte carries or borrows into its neighbour.
        let digits = (ONES * (0x7F + u64::from(b'9') + 1) - low7)
            & !x
            & (low7 + ONES * (0x7F - (u64::from(b'0') - 1)))
            & (ONES * 0x80);
        if digits != 0 {
            return chunk.iter().position(u8::is_ascii_digit).map(|p| base + p);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| base + p)
}

/// Iterator over the dates in a text; see [`find_dates`].
///
/// A date starts where a number starts (so `12025年…` does not yield `2025年…`): at an ASCII
/// digit or a char of [`cn_year_start`] whose previous char is not of the same kind. The first
/// such start where [`date_form`] succeeds wins. Only two places can hold one, so only they are
/// tried: a run of exactly four ASCII digits (`2025-11-01`), and the run of year digits and
/// spaces right before a `年` (every 年月日 form has nothing else between its start and its `年`).
struct Dates<'a> {
    s: &'a str,
    pos: usize,
    /// Only the 年月日 dates are yielded (see [`Dates::written`]).
    written: bool,
}

impl<'a> Dates<'a> {
    fn new(s: &'a str) -> Self {
        Dates {
            s,
            pos: 0,
            written: false,
        }
    }

    /// The 年月日 dates of `s`: those of [`Dates::new`] with `cjk` set, without scanning all the
    /// text between the runs for four ASCII digits (most of a run-on line). A `2025-11-01` date
    /// holds no `年` and no space, so it changes which 年月日 dates are found only by ending
    /// inside a run, right after one of its separators (`1999-11-20 25年…` hides `20 25年…`):
    /// only there is the stretch before the run scanned.
    fn written(s: &'a str) -> Self {
        Dates {
            written: true,
            ..Dates::new(s)
        }
    }

    /// The date starting at `at`, if any, moving past it.
    fn try_at(&mut self, at: usize) -> Option<(usize, usize, Date, bool)> {
        let (d, n, cjk) = self.s.get(at..).and_then(date_form)?;
        self.pos = at + n;
        Some((at, at + n, d, cjk))
    }
}

impl Iterator for Dates<'_> {
    /// (start, end, date, written in the 年月日 form)
    type Item = (usize, usize, Date, bool);

    fn next(&mut self) -> Option<Self::Item> {
        while let Some(found) = self.next_any() {
            if found.3 || !self.written {
                return Some(found);
            }
        }
        None
    }
}

impl Dates<'_> {
    /// The next date of either form, but for the `2025-11-01` dates that [`Dates::written`]
    /// need not look for.
    fn next_any(&mut self) -> Option<(usize, usize, Date, bool)> {
        static NIAN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("年"));
        let s = self.s;
        let bytes = s.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() {
            let nian = bytes
                .get(i..)
                .and_then(|t| NIAN.find(t))
                .map_or(bytes.len(), |p| i + p);
            let mut run = nian;
            while run > i {
                match super::char_before(s, run) {
                    Some((p, c))
                        if super::numeral::year_digit(c).is_some() || super::is_space(c) =>
                    {
                        run = p
                    }
                    _ => break,
                }
            }
            // Before the run: only four ASCII digits starting a number.
            let mut j = if self.written && !after_separator(s, run) {
                run
            } else {
                i
            };
            while let Some(k) = bytes.get(j..run).and_then(find_ascii_digit) {
                let at = j + k;
                let digits = bytes
                    .get(at..)
                    .map_or(1, |t| t.iter().take_while(|b| b.is_ascii_digit()).count());
                if digits == 4 && Lead::before(s, at) != Lead::Digit {
                    if let Some(found) = self.try_at(at) {
                        return Some(found);
                    }
                }
                j = at + digits;
            }
            // In the run: every start.
            let mut prev = Lead::before(s, run);
            let mut at = run;
            while let Some(c) = s.get(at..nian).and_then(|t| t.chars().next()) {
                let lead = Lead::of(c);
                if lead != Lead::Other && lead != prev {
                    if let Some(found) = self.try_at(at) {
                        return Some(found);
                    }
                }
                prev = lead;
                at += c.len_utf8();
            }
            i = nian + "年".len();
        }
        self.pos = bytes.len();
        None
    }
}

/// Whether one of the separators of a `2025-11-01` date stands right before byte `at` of `s`.
fn after_separator(s: &str, at: usize) -> bool {
    super::char_before(s, at)
        .is_some_and(|(_, c)| matches!(c, '-' | '/' | '.' | '－' | '／' | '．'))
}

/// All dates in `s` as (start, end, date) byte ranges, in order, not overlapping.
pub fn find_dates(s: &str) -> Vec<(usize, usize, Date)> {
    Dates::new(s).map(|(a, b, d, _)| (a, b, d)).collect()
}

/// Punctuation that never occurs in an organ name of a signature line.
fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '“'
            | '”'
            | '《'
            | '》'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
    )
}

/// A signature line: an optional organ name (or several, separated by spaces or `、`) followed by a
/// 年月日 date and nothing else. Returns (organ trimmed, possibly empty; date).
///
/// Only the 年月日 forms count: a bare `2022-01-07` line is page metadata, not a signature.
/// The organ part must end like an organ (see `parts::organ_suffix_len`) and hold no sentence
/// punctuation, so `到2025年底…`, `自2023年1月1日起施行` and `截至2025年11月1日` do not match.
pub fn organ_date_line(line: &str) -> Option<(&str, Date)> {
    let t = trim_sp(line);
    // The last date must be `…日` and end the line: most lines are out at one comparison.
    if !t.ends_with('日') {
        return None;
    }
    // A later `2025-11-01` date would stand in the tail that must be blank.
    let (start, end, date, _) = Dates::written(t).last()?;
    if !trim_sp(t.get(end..)?).is_empty() {
        return None;
    }
    let organ = trim_sp(t.get(..start)?);
    if organ.is_empty() {
        return Some((organ, date));
    }
    if super::char_len(organ) > 80 || organ.contains(is_sentence_punct) {
        return None;
    }
    super::parts::organ_suffix_len(organ)?;
    Some((organ, date))
}

/// The organ-name run (ideographs and `（）`) ending at byte `end`, if it is an organ name:
/// its start byte.
fn organ_run_before(text: &str, end: usize) -> Option<usize> {
    let head = text.get(..end)?;
    let mut start = end;
    for (i, c) in head.char_indices().rev().take(30) {
        if !(super::is_cjk(c) || matches!(c, '（' | '）' | '(' | ')')) {
            break;
        }
        start = i;
    }
    let run = text.get(start..end)?;
    (!run.is_empty() && super::parts::is_organ_name(run)).then_some(start)
}

/// Byte offset of the last non-space char boundary at or before `end`.
fn skip_spaces_back(text: &str, mut end: usize) -> usize {
    while let Some((i, c)) = super::char_before(text, end) {
        if !super::is_space(c) {
            break;
        }
        end = i;
    }
    end
}

/// Signatures glued into running text, as flattened scrapes leave them
/// (`…请认真贯彻执行。河北省人民政府办公厅2023年12月13日为深入贯彻…`): one or more organ names
/// (separated by spaces at most) right before a 年月日 date, standing after a sentence end, a
/// bracket or the start of the text. Returns (start of the first organ, end of the date,
/// organs as printed, date).
pub fn find_signatures(text: &str) -> Vec<(usize, usize, &str, Date)> {
    let mut out = Vec::new();
    for (start, end, date, _) in Dates::written(text) {
        // A date that starts or ends a period belongs to a sentence (`…2025年1月1日起实施`).
        let after = text
            .get(end..)
            .unwrap_or("")
            .trim_start_matches(super::is_space);
        if after.starts_with([
            '起', '至', '到', '前', '后', '以', '止', '召', '印', '施', '实',
        ]) {
            continue;
        }
        let organ_end = skip_spaces_back(text, start);
        let Some(mut organ_start) = organ_run_before(text, organ_end) else {
            continue;
        };
        // Joint issuers printed on one line, separated by spaces.
        loop {
            let e = skip_spaces_back(text, organ_start);
            match organ_run_before(text, e) {
                Some(s) if e < organ_start => organ_start = s,
                _ => break,
            }
        }
        let boundary = match super::char_before(text, organ_start) {
            None => true,
            Some((_, c)) => {
                super::is_space(c)
                    || matches!(
                        c,
                        '。' | '！'
                            | '？'
                            | '；'
                            | '：'
                            | '”'
                            | '）'
                            | ')'
                            | '》'
                            | '.'
                            | ';'
                            | ':'
                    )
            }
        };
        if boundary {
            let organs = text.get(organ_start..organ_end).unwrap_or("");
            out.push((organ_start, end, organs, date));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, dd: u8) -> Date {
        Date::new(y, m, dd).unwrap()
    }

    /// The nom grammar [`date_form`] was read with, kept as its reference.
    fn date_form_by_nom(s: &str) -> Option<(Date, usize, bool)> {
        use crate::grammar::{fail, sp0, Res};
        use nom::branch::alt;
        use nom::bytes::complete::take_while_m_n;
        use nom::character::complete::{char, one_of};
        use nom::Parser;

        fn year_ascii(s: &str) -> Res<'_, u16> {
            let (rest, d) = take_while_m_n(4, 4, |c: char| c.is_ascii_digit())(s)?;
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(fail(s));
            }
            d.parse::<u16>().map(|y| (rest, y)).map_err(|_| fail(s))
        }
        fn year_cn(s: &str) -> Res<'_, u16> {
            match chinese_digit_year(s) {
                Some((y, n)) => Ok((s.get(n..).unwrap_or(""), y as u16)),
                None => Err(fail(s)),
            }
        }
        fn md_ascii(s: &str) -> Res<'_, u8> {
            let (rest, d) = take_while_m_n(1, 2, |c: char| c.is_ascii_digit())(s)?;
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(fail(s));
            }
            d.parse::<u8>().map(|v| (rest, v)).map_err(|_| fail(s))
        }
        fn md_cn(s: &str) -> Res<'_, u8> {
            match chinese_number(s) {
                Some((v, n)) if (1..=31).contains(&v) => Ok((s.get(n..).unwrap_or(""), v as u8)),
                _ => Err(fail(s)),
            }
        }
        fn ymd_cjk(s: &str) -> Res<'_, (u16, u8, u8)> {
            let (rest, (y, _, _, _, m, _, _, _, d, _, _)) = (
                alt((year_ascii, year_cn)),
                sp0,
                char('年'),
                sp0,
                alt((md_ascii, md_cn)),
                sp0,
                char('月'),
                sp0,
                alt((md_ascii, md_cn)),
                sp0,
                char('日'),
            )
                .parse_complete(s)?;
            Ok((rest, (y, m, d)))
        }
        fn ymd_sep(s: &str) -> Res<'_, (u16, u8, u8)> {
            let (rest, (y, s1, m, s2, d)) = (
                year_ascii,
                one_of("-/.－／．"),
                md_ascii,
                one_of("-/.－／．"),
                md_ascii,
            )
                .parse_complete(s)?;
            if s1 != s2 {
                return Err(fail(s));
            }
            if matches!(s1, '.' | '．') {
                let mut it = rest.chars();
                if matches!(it.next(), Some('.' | '．'))
                    && it.next().is_some_and(|c| c.is_ascii_digit())
                {
                    return Err(fail(s));
                }
            }
            Ok((rest, (y, m, d)))
        }
        let (rest, (_, ((y, m, d), cjk))) = (
            sp0,
            alt((ymd_cjk.map(|v| (v, true)), ymd_sep.map(|v| (v, false)))),
        )
            .parse_complete(s)
            .ok()?;
        if !YEARS.contains(&y) {
            return None;
        }
        Some((Date::new(y, m, d)?, s.len() - rest.len(), cjk))
    }

    proptest::proptest! {
        // Dates are few among the strings drawn: more cases than the default.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        #[test]
        fn date_form_reads_what_the_nom_grammar_reads(
            year in proptest::sample::select(vec![
                "2025", "202", "20255", "1899", "2101", "二〇二五", "二○一二", "2 025", "二 〇二五",
                "O", "12",
            ]),
            after_year in proptest::sample::select(vec!["年", "-", "/", "．"]),
            after_month in proptest::sample::select(vec!["月", "-", "/", "．", "日"]),
            after_day in proptest::sample::select(vec!["日", "", "-"]),
            numbers in proptest::collection::vec(proptest::sample::select(vec![
                "1", "01", "12", "012", "13", "0", "31", "十一", "三十一", "三十二", "一", "1a",
            ]), 2),
            spaces in proptest::collection::vec(proptest::sample::select(vec!["", " ", "　", "\t"]), 7),
            tail in proptest::sample::select(vec!["", "起", "1", ".1", ".a", "．2", "日"]),
        ) {
            let s = [
                spaces[0], year, spaces[1], after_year, spaces[2], numbers[0], spaces[3],
                after_month, spaces[4], numbers[1], spaces[5], after_day, spaces[6], tail,
            ]
            .concat();
            // At every start, as the scan for dates tries it.
            for (at, _) in s.char_indices() {
                let t = &s[at..];
                proptest::prop_assert_eq!(date_form(t), date_form_by_nom(t), "{}", t);
            }
        }
    }

    #[test]
    fn validation() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 0, 1).is_none());
        assert!(Date::new(2025, 1, 0).is_none());
        assert_eq!(d(2025, 11, 1).iso(), "2025-11-01");
        assert_eq!(d(2012, 1, 9).iso(), "2012-01-09");
    }

    #[test]
    fn forms() {
        let cases = [
            ("2025年11月1日", d(2025, 11, 1)),
            ("2022 年 3 月 1 日", d(2022, 3, 1)),
            ("2025-11-01", d(2025, 11, 1)),
            ("2025/11/01", d(2025, 11, 1)),
            ("2025.11.1", d(2025, 11, 1)),
            ("二〇二五年十一月一日", d(2025, 11, 1)),
            ("二○一二年一月九日", d(2012, 1, 9)),
            ("二O二一年十二月三十一日", d(2021, 12, 31)),
            ("二〇二五年十一月三十日", d(2025, 11, 30)),
            ("2018年11月09日", d(2018, 11, 9)),
        ];
        for (s, want) in cases {
            assert_eq!(date_at(s), Some((want, s.len())), "{s}");
        }
        assert_eq!(
            date_at("2022-01-07 10:00"),
            Some((d(2022, 1, 7), "2022-01-07".len()))
        );
        assert_eq!(
            date_at("2025年11月15日出版"),
            Some((d(2025, 11, 15), "2025年11月15日".len()))
        );
        assert_eq!(
            date_at("　　二○一二年一月九日"),
            Some((d(2012, 1, 9), "　　二○一二年一月九日".len()))
        );
    }

    #[test]
    fn not_dates() {
        for s in [
            "2025年11月",
            "2025年",
            "2025年底",
            "2025年2月30日",
            "2025-13-01",
            "2025-11",
            "2025-11/01",
            "2025.11.1.2",
            "1850年1月1日",
            "20251-1-1",
            "2025-11-012",
            "000014349/2018-00204",
            "二〇二年一月一日",
            "十一月一日",
            "",
        ] {
            assert_eq!(date_at(s), None, "{s}");
        }
    }

    #[test]
    fn find_all() {
        let s = "本办法自2012年2月1日至2017年1月31日施行。";
        let f = find_dates(s);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].2, d(2012, 2, 1));
        assert_eq!(&s[f[1].0..f[1].1], "2017年1月31日");
        assert!(find_dates("索引号000014349/2018-00204").is_empty());
        assert!(find_dates("到2025年底，全市").is_empty());
        assert!(find_dates("12025年1月1日").is_empty());
        let f = find_dates("发布日期:2022-01-07重庆市人民政府办公厅2021年12月31日（此件公开发布）");
        assert_eq!(
            f.iter().map(|x| x.2).collect::<Vec<_>>(),
            [d(2022, 1, 7), d(2021, 12, 31)]
        );
        let f = find_dates("　　二○一二年一月九日");
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn signature_lines() {
        assert_eq!(
            organ_date_line("重庆市人民政府办公厅 2025年10月19日"),
            Some(("重庆市人民政府办公厅", d(2025, 10, 19)))
        );
        assert_eq!(
            organ_date_line("重庆市人民政府2025年11月7日"),
            Some(("重庆市人民政府", d(2025, 11, 7)))
        );
        assert_eq!(organ_date_line("2022年3月1日"), Some(("", d(2022, 3, 1))));
        assert_eq!(
            organ_date_line("2022 年 3 月 1 日"),
            Some(("", d(2022, 3, 1)))
        );
        assert_eq!(
            organ_date_line("        2025年8月22日     "),
            Some(("", d(2025, 8, 22)))
        );
        assert_eq!(
            organ_date_line("　　二○一二年一月九日"),
            Some(("", d(2012, 1, 9)))
        );
        assert_eq!(
            organ_date_line("河北省人民政府办公厅2023年12月13日"),
            Some(("河北省人民政府办公厅", d(2023, 12, 13)))
        );
        assert_eq!(
            organ_date_line("财政部 科技部 2020年1月1日"),
            Some(("财政部 科技部", d(2020, 1, 1)))
        );
    }

    #[test]
    fn signatures_in_running_text() {
        let t = "现印发给你们，请结合实际认真组织实施。河北省人民政府办公厅2023年12月13日为深入贯彻习近平新时代";
        let f = find_signatures(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].2, "河北省人民政府办公厅");
        assert_eq!(f[0].3, d(2023, 12, 13));
        assert_eq!(&t[f[0].0..f[0].1], "河北省人民政府办公厅2023年12月13日");

        let t = "请结合本地本部门实际，认真贯彻执行。　　河北省人民政府办公厅　　2023年10月7日河北省支持钢铁行业";
        let f = find_signatures(t);
        assert_eq!(
            f.iter().map(|x| (x.2, x.3)).collect::<Vec<_>>(),
            [("河北省人民政府办公厅", d(2023, 10, 7))]
        );

        let t = "请认真贯彻执行。财政部 科技部 2020年1月1日";
        assert_eq!(find_signatures(t)[0].2, "财政部 科技部");

        // Dates in prose have no organ right before them.
        assert!(find_signatures("本办法自2012年2月1日至2017年1月31日施行。").is_empty());
        assert!(find_signatures("市政府于2025年3月1日召开会议").is_empty());
        // An organ inside a sentence is not a signature.
        assert!(find_signatures("会同重庆市人民政府2025年1月1日起实施").is_empty());
    }

    #[test]
    fn not_signature_lines() {
        for s in [
            "到2025年底，全市建成",
            "自2023年1月1日起施行",
            "本办法自2023年1月1日起施行。",
            "截至2025年11月1日",
            "2025年11月15日出版",
            "2022-01-07",
            "发布日期:2022-01-07",
            "有效期至2027年12月31日",
            "会议于2025年3月1日",
            "",
        ] {
            assert_eq!(organ_date_line(s), None, "{s}");
        }
    }

    /// The dates as a scan that tries every start, char by char (what [`Dates`] must equal).
    fn dates_by_every_start(s: &str) -> Vec<(usize, usize, Date, bool)> {
        let mut out = Vec::new();
        let mut prev = Lead::Other;
        let mut skip_to = 0;
        for (at, c) in s.char_indices() {
            let lead = Lead::of(c);
            let start = lead != Lead::Other && lead != prev;
            prev = lead;
            if at < skip_to || !start {
                continue;
            }
            if let Some((d, n, cjk)) = date_form(&s[at..]) {
                out.push((at, at + n, d, cjk));
                skip_to = at + n;
            }
        }
        out
    }

    #[test]
    fn a_dashed_date_hides_the_written_date_it_runs_into() {
        for s in [
            "1999-11-20 25年1月1日",
            "1999/11/20 25年1月1日",
            "1999．11．20 25年1月1日",
        ] {
            let all: Vec<_> = Dates::new(s).filter(|d| d.3).collect();
            assert!(all.is_empty(), "{s}");
            assert_eq!(Dates::written(s).collect::<Vec<_>>(), all, "{s}");
        }
        let s = "1999-11-20 2025年1月1日";
        assert_eq!(
            Dates::written(s).map(|d| d.2).collect::<Vec<_>>(),
            [d(2025, 1, 1)]
        );
    }

    proptest::proptest! {
        #[test]
        fn iso_is_the_formatted_date(year: u16, month: u8, day: u8) {
            let date = Date { year, month, day };
            proptest::prop_assert_eq!(date.iso(), format!("{year:04}-{month:02}-{day:02}"));
        }

        #[test]
        fn ascii_digit_found_like_a_byte_scan(b in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(find_ascii_digit(&b), b.iter().position(u8::is_ascii_digit));
        }

        #[test]
        fn written_dates_are_the_dates_in_that_form(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "2025", "1999", "202", "1", "0", "12", "20", "25", "年", "月", "日", "二〇二五",
                    "二", "〇", "一", " ", "　", "-", ".", "/", "－", "．", "为", "2025年", "11月",
                    "1日", "2025-11-01", "2024/2/29", "2025.1.2", "-1", ".3", "1999-11-20 ", "25年1月1日",
                    "2 0 2 5年",
                ]),
                0..24,
            )
        ) {
            let s: String = parts.concat();
            let all: Vec<_> = Dates::new(&s).filter(|d| d.3).collect();
            proptest::prop_assert_eq!(Dates::written(&s).collect::<Vec<_>>(), all, "{}", s);
        }

        #[test]
        fn dates_equal_a_scan_of_every_start(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "2025", "202", "1", "0", "12", "年", "月", "日", "二〇二五", "二", "〇", "十一",
                    "一", "O", " ", "　", "-", ".", "/", "号", "为", "起", "，", "〔", "2025年",
                    "11月", "1日", "三十一", "零", "2025-11-01", "2024/2/29", "2025.1.2", "-1",
                    ".3",
                ]),
                0..40,
            )
        ) {
            let s: String = parts.concat();
            let got: Vec<_> = Dates::new(&s).collect();
            proptest::prop_assert_eq!(got, dates_by_every_start(&s), "{}", s);
        }
    }
}
