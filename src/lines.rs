//! Stage 3, recognise lines: takes a page's decoded text, canonicalises it
//! in one pass and returns its lines, each with the byte range it came from
//! and what the grammar recognises it as (a heading, a document number, a
//! signature, …).
//!
//! The canonical text of all lines lives in one `String`; a line is a range
//! into it, so recognising a page allocates a handful of buffers, not one
//! per line.

use std::ops::Range;

use crate::grammar::{
    self, date, docno, ideograph_bit, ideograph_bits, marker, parts, IdeographBits,
};
use crate::normalise::canonical_line_into;
use crate::runon::{self, RUN_ON_BYTES};

/// What a line is, as far as the line alone can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Nothing but spaces.
    Blank,
    /// Starts with an outline marker.
    Heading(marker::Marker),
    /// Is a document number and nothing else.
    DocNumber,
    /// An organ (maybe empty) and a date and nothing else: a signature.
    Signature,
    /// `（此件公开发布）` and the like.
    Publicity,
    /// `来源：…`.
    Source,
    /// `发布日期：…`.
    Published,
    /// `附件1` standing alone: an attachment body starts.
    AttachmentHeading,
    /// Any other text.
    Text,
}

/// One line of the page.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Byte range of the line in the decoded text, newline excluded.
    pub raw: Range<usize>,
    /// Byte range of the canonical text (markdown noise stripped) in
    /// [`Lines::canon`].
    pub text: Range<usize>,
    /// The markdown heading level (`#` count), 0 for none.
    pub md_heading: u8,
    /// What the line is.
    pub kind: LineKind,
}

/// A page cut into recognised lines.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// The canonical text of the whole page, lines separated by `\n`.
    pub canon: String,
    /// The lines in page order.
    pub lines: Vec<Line>,
    /// The measure of a hard-wrapped page: the width (half-width units) at
    /// which most of its lines were cut; `None` for pages that are not.
    pub wrap_width: Option<usize>,
    /// Repairs made while cutting run-on lines: (line, message).
    pub notes: Vec<(usize, String)>,
    /// Whether a line, as recognised, is a markdown heading (`md_heading > 0`): known as the
    /// lines are cut, where a pass over them all costs one more look at each.
    pub md_headings: bool,
    /// What recognising the document number and signature lines parsed, by line: assembling an
    /// article reads its number and signature again, and parsing them cost more than a look-up.
    pub(crate) parsed: Vec<Parsed>,
}

/// What [`classify`] parsed of a line on the way to its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parse {
    /// A [`LineKind::DocNumber`] line's number: its agency code (byte range in the line), year
    /// and serial.
    Number {
        agency: Option<(usize, usize)>,
        year: u16,
        serial: u32,
    },
    /// A [`LineKind::Signature`] line's organ (byte range in the line) and date.
    Signature {
        organ: (usize, usize),
        date: date::Date,
    },
}

/// A line's [`Parse`], with the line it was made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The line's index.
    line: usize,
    /// The line's text range in [`Lines::canon`] when parsed: a line given new text (which goes
    /// to the end of the buffer) is parsed again.
    text: Range<usize>,
    parse: Parse,
}

impl Lines {
    /// The canonical text of line `i`.
    pub fn text(&self, i: usize) -> &str {
        self.lines
            .get(i)
            .and_then(|l| self.canon.get(l.text.clone()))
            .unwrap_or("")
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The kind of line `i` (`Blank` past the end).
    pub fn kind(&self, i: usize) -> LineKind {
        self.lines.get(i).map_or(LineKind::Blank, |l| l.kind)
    }

    /// The text of line `i` and what recognising it parsed, if its text is still the one parsed.
    fn parsed(&self, i: usize) -> Option<(&str, Parse)> {
        let line = self.lines.get(i)?;
        let k = self.parsed.binary_search_by_key(&i, |p| p.line).ok()?;
        let parsed = self.parsed.get(k).filter(|p| p.text == line.text)?;
        Some((self.canon.get(line.text.clone())?, parsed.parse))
    }

    /// [`own_number_of_line`] of line `i`'s text.
    pub fn own_number(&self, i: usize) -> Option<docno::DocNumber> {
        match self.parsed(i) {
            Some((
                text,
                Parse::Number {
                    agency,
                    year,
                    serial,
                },
            )) => {
                let agency = match agency {
                    Some((start, end)) => Some(text.get(start..end)?),
                    None => None,
                };
                let number = docno::DocNumberRef {
                    agency,
                    year,
                    serial,
                };
                Some(number.to_doc_number())
            }
            _ => own_number_of_line(self.text(i)),
        }
    }

    /// [`date::organ_date_line`] of line `i`'s text.
    pub fn organ_date(&self, i: usize) -> Option<(&str, date::Date)> {
        match self.parsed(i) {
            Some((text, Parse::Signature { organ, date })) => {
                Some((text.get(organ.0..organ.1)?, date))
            }
            _ => date::organ_date_line(self.text(i)),
        }
    }
}

/// Splits and recognises the lines of `text`.
pub(crate) fn recognise(text: &str) -> Lines {
    // U+2028 and U+2029 are rare line breaks, and the searches for breaks would stop at every
    // `“”—…` for them (they share a first byte): a page is cut at the others first, and cut again
    // at all of them should a line turn out to hold one.
    match recognise_cut(text, false) {
        Some(lines) => lines,
        None => recognise_cut(text, true).unwrap_or_default(),
    }
}

/// [`recognise`], with the page cut at U+2028 and U+2029 too when `separators`; otherwise
/// `None` if a line holds one.
fn recognise_cut(text: &str, separators: bool) -> Option<Lines> {
    let raw_lines = raw_line_ranges(text, separators);
    let mut out = Lines {
        // Room for half the page again: a page scraped several times over gets its folded lines
        // appended (repeats::fold), which otherwise grew (and copied) the whole buffer.
        canon: String::with_capacity(text.len() + text.len() / 2),
        // Lines take 74 bytes of a page on average, and 30 on pages of lists and tables: room
        // for the lines of nearly every page, short of a count (a Vec grown from a large page
        // copies every line, and costs more than the unused room reserved on others).
        lines: Vec::with_capacity(text.len() / 24 + 1),
        ..Lines::default()
    };
    let mut measure = Measure::new();
    let mut issued: Option<Option<&str>> = None;
    // Lines pushed with a markdown heading level, less those taken back.
    let mut md_headings = 0usize;
    let mut tabs = Tabs::new(text.as_bytes());
    for raw in raw_lines {
        // Half the lines of a page are empty: blank, and nothing to canonicalise.
        if raw.is_empty() {
            let at = out.canon.len();
            out.canon.push('\n');
            out.lines.push(Line {
                raw,
                text: at..at,
                md_heading: 0,
                kind: LineKind::Blank,
            });
            continue;
        }
        // (Every text pushed of the line is a part of it.)
        let tabs = tabs.in_line(text.as_bytes(), &raw);
        let line = text.get(raw.clone()).unwrap_or("");
        // Markdown marks come off before canonicalisation, which would glue
        // `# 标题` into `#标题` and `- （三）` into `-（三）`.
        let (noise, stripped) = if without_markdown(line) {
            (marker::MdNoise::default(), line)
        } else {
            let noise = marker::markdown_prefix(line);
            (noise, marker::strip_markdown_after(line, &noise))
        };
        let md_heading = usize::from(noise.heading_level > 0);
        let offset = raw.start + subslice_offset(line, stripped);
        // Canonicalising a line tells whether it may hold a separator: only the few lines that it
        // does not read, run-on ones, and those it may are searched.
        let holds_separator = |line: &str| !separators && has_separator(line);
        if stripped.len() <= RUN_ON_BYTES || !runon::looks_run_on(stripped) {
            let (canon_len, count) = (out.canon.len(), out.lines.len());
            md_headings += md_heading;
            let may_indent = push_line(
                &mut out,
                &mut measure,
                stripped,
                raw,
                noise.heading_level,
                tabs,
            );
            // Paragraph indents (two U+3000) cut a line too. Canonicalising it told whether it
            // can hold one: the few that can are searched, and taken back if they do.
            if !may_indent {
                continue;
            }
            if holds_separator(line) {
                return None;
            }
            if !has_phrase!(stripped, "\u{3000}\u{3000}") {
                continue;
            }
            if let Some(taken) = out.lines.get(count) {
                measure.take_back(out.canon.get(taken.text.clone()).unwrap_or(""));
            }
            out.canon.truncate(canon_len);
            out.lines.truncate(count);
            while out.parsed.last().is_some_and(|p| p.line >= count) {
                out.parsed.pop();
            }
            md_headings -= md_heading;
        } else if holds_separator(line) {
            return None;
        }
        {
            let issued = *issued.get_or_insert_with(|| runon::issued_title(text));
            let cuts = runon::cuts(stripped, issued);
            let mut from = 0;
            for &cut in cuts.at.iter().chain(std::iter::once(&stripped.len())) {
                let piece = stripped.get(from..cut).unwrap_or("");
                let trimmed = piece.trim_matches(|c: char| c.is_whitespace());
                if !trimmed.is_empty() {
                    let start = offset + from + subslice_offset(piece, trimmed);
                    // (Sorted by offset: a linear find per cut was quadratic.)
                    let lexicon = cuts.lexicon.binary_search_by_key(&cut, |l| l.0);
                    if let Some((_, heading)) = lexicon.ok().and_then(|k| cuts.lexicon.get(k)) {
                        out.notes.push((
                            out.lines.len(),
                            format!("split the heading `{heading}` off the text glued to it"),
                        ));
                    }
                    push_line(
                        &mut out,
                        &mut measure,
                        trimmed,
                        start..start + trimmed.len(),
                        0,
                        tabs,
                    );
                }
                from = cut;
            }
        }
    }
    out.wrap_width = measure.wrap_width();
    out.md_headings = md_headings > 0;
    Some(out)
}

/// Which lines of a page hold a TAB, asked line by line in page order.
struct Tabs {
    /// Where the first TAB at or after the last line asked starts is (the page's length if none).
    next: usize,
}

impl Tabs {
    /// The TABs of `page`.
    fn new(page: &[u8]) -> Tabs {
        // Most pages hold none: one search of the page spares one of each line.
        Tabs {
            next: memchr::memchr(b'\t', page).unwrap_or(page.len()),
        }
    }

    /// Whether `page[line]` holds a TAB; `line` starts at or after the last line asked.
    #[inline]
    fn in_line(&mut self, page: &[u8], line: &Range<usize>) -> bool {
        // The page is searched again only past a TAB, from the line that asks on: a search of
        // each line of a page that holds a TAB cost one of all of them.
        if self.next < line.start {
            self.next = page
                .get(line.start..)
                .and_then(|rest| memchr::memchr(b'\t', rest))
                .map_or(page.len(), |at| line.start + at);
        }
        self.next < line.end
    }
}

/// Whether `line` holds U+2028 or U+2029 (E2 80 A8 and E2 80 A9).
fn has_separator(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr_iter(0xE2, bytes)
        .any(|at| matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xA8 | 0xA9])))
}

/// The widths of a page's non-blank lines, counted as each is recognised (where its text is at
/// hand, not in a second pass over all the lines, blank ones too): what [`Measure::wrap_width`]
/// needs of them.
struct Measure {
    /// Lines of each width from [`Measure::SHORTEST`] to [`Measure::LONGEST`].
    counts: [u32; Measure::LONGEST + 1],
    non_blank: u32,
}

impl Measure {
    const SHORTEST: usize = 40;
    const LONGEST: usize = 160;

    fn new() -> Measure {
        Measure {
            counts: [0; Measure::LONGEST + 1],
            non_blank: 0,
        }
    }

    /// The width `text`, a non-blank line, is counted under, if any.
    #[inline]
    fn bucket(text: &str) -> Option<usize> {
        // A line far longer than any measure is not worth measuring, nor one too short for the
        // narrowest (no character is wider in units than in bytes).
        if text.len() > Measure::LONGEST * 2 || text.len() < Measure::SHORTEST {
            return None;
        }
        let w = width(text);
        (Measure::SHORTEST..=Measure::LONGEST)
            .contains(&w)
            .then_some(w)
    }

    /// Counts the line `text` (blank lines are not counted).
    fn add(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.non_blank += 1;
        if let Some(count) = Measure::bucket(text).and_then(|w| self.counts.get_mut(w)) {
            *count += 1;
        }
    }

    /// Takes back the count of the line `text`, counted last.
    fn take_back(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.non_blank = self.non_blank.saturating_sub(1);
        if let Some(count) = Measure::bucket(text).and_then(|w| self.counts.get_mut(w)) {
            *count = count.saturating_sub(1);
        }
    }

    /// The width most lines of a hard-wrapped page share. PDF text cuts every line of a
    /// paragraph at the same measure; when a quarter or more of the non-blank lines have one
    /// width of 20 CJK characters or more, that width is the page's measure.
    fn wrap_width(&self) -> Option<usize> {
        // The widest of the most common widths. (A plain loop over the widths counted: the
        // maximum by a key of count and width cost three times the instructions, once a page.)
        let (mut mode, mut count) = (0, 0);
        for (w, &c) in self.counts.iter().enumerate().skip(Measure::SHORTEST) {
            if c >= count {
                (mode, count) = (w, c);
            }
        }
        (count >= 8 && count * 4 >= self.non_blank).then_some(mode)
    }
}

/// Canonicalises `text` into `out`'s text, records it as a line and counts its width in `measure`;
/// `tabs` when its line holds a TAB.
/// Returns whether `text` may hold U+3000 (`false` only when it holds none).
#[inline(always)]
fn push_line(
    out: &mut Lines,
    measure: &mut Measure,
    text: &str,
    raw: Range<usize>,
    md: u8,
    tabs: bool,
) -> bool {
    let Lines {
        canon,
        lines,
        parsed,
        ..
    } = out;
    let start = canon.len();
    // (memchr: std's `contains(char)` scans a byte at a time, and every line is asked.)
    let has_tab = |s: &str| memchr::memchr(b'\t', s.as_bytes()).is_some();
    let ideographic_space = if tabs && has_tab(text) && has_tab(text.trim_matches('\t')) {
        // Cells of a table row (an HTML table gives one row a line, cells
        // apart by TAB): each is canonical on its own, and the TAB stays,
        // where canonicalisation would make it a space and then drop it
        // between two Chinese cells.
        let mut ideographic_space = false;
        for (n, cell) in text.split('\t').enumerate() {
            if n > 0 {
                canon.push('\t');
            }
            ideographic_space |= canonical_line_into(cell, canon);
        }
        ideographic_space
    } else {
        canonical_line_into(text, canon)
    };
    let range = start..canon.len();
    // (From `start` on, one char boundary to check where the range has two.)
    let line = canon.get(start..).unwrap_or("");
    measure.add(line);
    let kind = classify_keeping(line, parsed, lines.len(), &range);
    canon.push('\n');
    lines.push(Line {
        raw,
        text: range,
        md_heading: md,
        kind,
    });
    ideographic_space
}

/// Whether `line` has nothing for the markdown strippers to take: it starts with neither a
/// space nor a markdown mark (`#`, `*`, `_`, a bullet, `>`) and ends with neither a space nor
/// `*_#` — most lines of a page, told apart in a few instructions.
fn without_markdown(line: &str) -> bool {
    // Told by bytes: each of these characters has its own first (and last) bytes. One look at a
    // table for the first and last bytes clears most lines; the few it flags are matched.
    let bytes = line.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let flags = MARKDOWN_EDGE
        .get(usize::from(first))
        .map_or(0, |f| f & STARTS)
        | MARKDOWN_EDGE.get(usize::from(last)).map_or(0, |f| f & ENDS);
    if flags == 0 {
        return true;
    }
    let starts_plain = !matches!(
        bytes,
        [
            b' ' | b'\t' | b'\r' | b'\n' | b'#' | b'*' | b'_' | b'-' | b'+' | b'>',
            ..
        ] | [0xE3, 0x80, 0x80, ..]
            | [0xC2, 0xA0, ..]
            | [0xE2, 0x80, 0xA2, ..]
    );
    starts_plain
        && !matches!(
            bytes,
            [.., b' ' | b'\t' | b'\r' | b'\n' | b'*' | b'_' | b'#']
                | [.., 0xE3, 0x80, 0x80]
                | [.., 0xC2, 0xA0]
        )
}

/// [`MARKDOWN_EDGE`]'s flag of a byte a line [`without_markdown`] may not start with.
const STARTS: u8 = 1;
/// [`MARKDOWN_EDGE`]'s flag of a byte a line [`without_markdown`] may not end with.
const ENDS: u8 = 2;

/// For each byte, whether a line starting ([`STARTS`]) or ending ([`ENDS`]) with it may have
/// markdown marks or spaces there: the first and last bytes of the characters
/// [`without_markdown`] matches.
static MARKDOWN_EDGE: [u8; 256] = {
    let mut table = [0u8; 256];
    let starts: &[u8] = b" \t\r\n#*_-+>\xE3\xC2\xE2";
    let ends: &[u8] = b" \t\r\n*_#\x80\xA0";
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] |= STARTS;
        i += 1;
    }
    i = 0;
    while i < ends.len() {
        table[ends[i] as usize] |= ENDS;
        i += 1;
    }
    table
};

/// [`without_markdown`] by characters, as it was written first.
#[cfg(test)]
fn without_markdown_by_chars(line: &str) -> bool {
    let starts_plain = line.chars().next().is_some_and(|c| {
        !matches!(
            c,
            ' ' | '\t'
                | '\r'
                | '\n'
                | '\u{3000}'
                | '\u{a0}'
                | '#'
                | '*'
                | '_'
                | '-'
                | '+'
                | '•'
                | '>'
        )
    });
    starts_plain
        && line.chars().next_back().is_some_and(|c| {
            !matches!(
                c,
                ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{a0}' | '*' | '_' | '#'
            )
        })
}

/// Where `inner`, a subslice of `outer`, starts in it.
fn subslice_offset(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize)
        .saturating_sub(outer.as_ptr() as usize)
        .min(outer.len())
}

/// Byte ranges of the lines of `text`, with the same line breaks the
/// normaliser keeps: `\n`, `\r\n`, a lone `\r`, and U+2028 and U+2029 when `separators`.
fn raw_line_ranges(text: &str, separators: bool) -> RawLines<'_> {
    RawLines {
        bytes: text.as_bytes(),
        start: 0,
        separators,
        done: false,
        next_cr: 0,
        newline: Newline::new(),
    }
}

/// The search for `\n` of [`RawLines`]: memchr's AVX2 searcher, set up once a page where the CPU
/// has AVX2 (`memchr::memchr`, asked once a line, picks and sets up its searcher on every call).
struct Newline {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::One>,
}

impl Newline {
    fn new() -> Newline {
        Newline {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::One::new(b'\n'),
        }
    }

    /// Where the first `\n` of `bytes` is.
    #[inline]
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(one) = &self.avx2 {
            return one.find(bytes);
        }
        memchr::memchr(b'\n', bytes)
    }
}

/// The iterator of [`raw_line_ranges`]: each line is found as the loop over lines asks for it,
/// not gathered in a list first.
struct RawLines<'a> {
    bytes: &'a [u8],
    /// Where the next line starts.
    start: usize,
    separators: bool,
    /// Whether the last line, which no break ends, has been given.
    done: bool,
    /// Where the first `\r` at or after the last search's start is (the text's length if none), looked
    /// for again once a search starts at or past it: most pages hold none, and a search for `\n`
    /// alone up to it costs less than one for both bytes.
    next_cr: usize,
    newline: Newline,
}

impl Iterator for RawLines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.bytes;
        let start = self.start;
        // Half the lines of a page are blank, mostly in runs after a `\n`: no search for those.
        if bytes.get(start) == Some(&b'\n') {
            self.start = start + 1;
            return Some(start..start);
        }
        if self.done {
            return None;
        }
        let mut i = start;
        loop {
            let found = if self.separators {
                // (Two bytes are looked for at less cost than three.)
                memchr::memchr3(b'\n', b'\r', 0xE2, bytes.get(i..).unwrap_or_default())
                    .map(|found| i + found)
            } else {
                if self.next_cr <= i {
                    self.next_cr = bytes
                        .get(i..)
                        .and_then(|from| memchr::memchr(b'\r', from))
                        .map_or(bytes.len(), |found| i + found);
                }
                let cr = self.next_cr;
                bytes
                    .get(i..cr)
                    .and_then(|before| self.newline.find(before))
                    .map(|found| i + found)
                    .or((cr < bytes.len()).then_some(cr))
            };
            let Some(at) = found else {
                self.done = true;
                self.start = bytes.len();
                return Some(start..bytes.len());
            };
            match bytes.get(at) {
                Some(b'\n') => {
                    self.start = at + 1;
                    return Some(start..at);
                }
                Some(b'\r') => {
                    let skip = if bytes.get(at + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    self.start = at + skip;
                    return Some(start..at);
                }
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                _ if bytes.get(at + 1) == Some(&0x80)
                    && matches!(bytes.get(at + 2), Some(0xA8 | 0xA9)) =>
                {
                    self.start = at + 3;
                    return Some(start..at);
                }
                _ => i = at + 1,
            }
        }
    }
}

/// Recognises one canonical line with markdown noise stripped.
pub(crate) fn classify(line: &str) -> LineKind {
    classify_keeping(line, &mut Vec::new(), 0, &(0..0))
}

/// [`classify`] of line `index`, `text` in the page's canonical text, keeping in `parsed` what
/// is parsed on the way.
// Inlined up to the prefilters, which most lines fail: the call cost more than they do.
#[inline(always)]
fn classify_keeping(
    line: &str,
    parsed: &mut Vec<Parsed>,
    index: usize,
    text: &Range<usize>,
) -> LineKind {
    if line.is_empty() {
        return LineKind::Blank;
    }
    // Most lines start with an ideograph that starts neither a marker nor a short kind of line:
    // told by one look at a table of both (where each prefilter decoded the char for its own),
    // and only the line's end is asked of it then.
    if let [a @ 0xE4..=0xE9, b, c, ..] = *line.as_bytes() {
        let code = grammar::three_byte_code(a, b, c);
        if ideograph_bit(&STARTS_MARKER_OR_SHORT_KIND, code) == Some(false) {
            if line.len() > SHORT_LINE || !may_be_short_kind_past_start(line) {
                return LineKind::Text;
            }
            return classify_short_keeping(line, parsed, index, text);
        }
    }
    if let Some(m) = marker::heading_marker(line) {
        return LineKind::Heading(m);
    }
    // Every other kind of line is short: a number, a date, a label and its
    // value. A paragraph is text without further questions.
    if line.len() > SHORT_LINE || !may_be_short_kind(line) {
        return LineKind::Text;
    }
    classify_short_keeping(line, parsed, index, text)
}

/// [`classify_short`], keeping what it parsed as [`classify_keeping`] does.
#[inline(never)]
fn classify_short_keeping(
    line: &str,
    parsed: &mut Vec<Parsed>,
    index: usize,
    text: &Range<usize>,
) -> LineKind {
    let (kind, parse) = classify_short(line);
    if let Some(parse) = parse {
        parsed.push(Parsed {
            line: index,
            text: text.clone(),
            parse,
        });
    }
    kind
}

/// Whether `line`, a short line that is no heading, may be of a kind [`classify_short`] tells:
/// what each of its prefilters asks of the first and last chars, told at once by their bytes
/// (most lines are text, and fail each).
// Inlined into the classifier of every line: the call cost a fifth of the tests.
#[inline(always)]
fn may_be_short_kind(line: &str) -> bool {
    let bytes = line.as_bytes();
    // `此` `来` `发` `公` `附` `（` `(`: a publicity note, a source, a `发布` or `公开日期`
    // field, an attachment heading and a bracketed publicity note start with one; and a space
    // (the grammar's: ASCII, U+00A0 and U+3000), before which any may. (Compared by a look at a
    // table: a match on the first byte was a jump through a table, mispredicted often.)
    let starts = match *bytes {
        [a @ 0xE0..=0xEF, b, c, ..] => {
            let code = grammar::three_byte_code(a, b, c);
            ideograph_bit(&SHORT_KIND_STARTS, code).unwrap_or(code == 0xFF08 || code == 0x3000)
        }
        [first, ..] => {
            matches!(first, b'(' | b' ' | b'\t' | b'\r' | b'\n')
                || first == 0xC2 && bytes.get(1) == Some(&0xA0)
        }
        [] => false,
    };
    starts || may_be_short_kind_past_start(line)
}

/// [`may_be_short_kind`] of a line that starts with none of the chars it asks for first.
#[inline(always)]
fn may_be_short_kind_past_start(line: &str) -> bool {
    // A source label of two characters and `来源`.
    line.as_bytes().get(6..12) == Some("来源".as_bytes()) || may_end_short_kind(line)
}

/// The ideographs a line may start with to be a heading ([`marker::MARKER_IDEOGRAPH_CHARS`]) or
/// of a kind [`classify_short`] tells ([`SHORT_KIND_START_CHARS`]).
static STARTS_MARKER_OR_SHORT_KIND: IdeographBits = grammar::union_bits(
    &ideograph_bits(marker::MARKER_IDEOGRAPH_CHARS),
    &ideograph_bits(SHORT_KIND_START_CHARS),
);

/// [`may_be_own_number`] or [`may_be_signature`], told at once by the last bytes of most lines.
#[inline(always)]
fn may_end_short_kind(line: &str) -> bool {
    match line.as_bytes() {
        // `号`, `日`, and a space of the grammar.
        [.., 0xE5, 0x8F, 0xB7]
        | [.., 0xE6, 0x97, 0xA5]
        | [.., 0xE3, 0x80, 0x80]
        | [.., b' ' | b'\t' | b'\r' | b'\n']
        | [.., 0xC2, 0xA0] => true,
        [.., 0xEF, 0xBC, 0x89] => may_be_own_number_by_chars(line),
        [.., 0xE3..=0xE9 | 0xEF, _, _] | [.., 0x21..=0x28 | 0x2A..=0x7E] => false,
        _ => may_be_own_number_by_chars(line),
    }
}

/// The ideographs [`may_be_short_kind`] lets a line start with: a bit for each of U+4000 to
/// U+9FFF.
static SHORT_KIND_STARTS: IdeographBits = ideograph_bits(SHORT_KIND_START_CHARS);

/// The chars of [`SHORT_KIND_STARTS`].
const SHORT_KIND_START_CHARS: &[char] = &['此', '来', '发', '公', '附'];

/// [`classify`] of a short line that is no heading, and what was parsed of a number or a
/// signature.
fn classify_short(line: &str) -> (LineKind, Option<Parse>) {
    if may_be_own_number(line) {
        if let Some(number) = own_number_parts(line) {
            let agency = number.agency.map(|a| {
                let start = subslice_offset(line, a);
                (start, start + a.len())
            });
            let parse = Parse::Number {
                agency,
                year: number.year,
                serial: number.serial,
            };
            return (LineKind::DocNumber, Some(parse));
        }
    }
    let head = grammar::trim_start_sp(line);
    let kind = if may_be_publicity(head) && parts::publicity(line).is_some() {
        LineKind::Publicity
    } else if may_be_source(head) && parts::source_line(line).is_some() {
        LineKind::Source
    } else if (line.starts_with("发布") || line.starts_with("公开日期"))
        && parts::published_line(line).is_some()
    {
        LineKind::Published
    } else if may_be_attachment_heading(line) && parts::attachment_heading(line).is_some() {
        LineKind::AttachmentHeading
    } else if let Some((organ, date)) = may_be_signature(line)
        .then(|| date::organ_date_line(line))
        .flatten()
    {
        let start = subslice_offset(line, organ);
        let organ = (start, start + organ.len());
        return (LineKind::Signature, Some(Parse::Signature { organ, date }));
    } else {
        LineKind::Text
    };
    (kind, None)
}

/// Whether `line` may be an attachment heading: it starts with `附件` once the grammar's spaces
/// are trimmed, so with `附件` or a space. (Most lines fail here, before the grammar is called.)
fn may_be_attachment_heading(line: &str) -> bool {
    line.starts_with("附件") || grammar::starts_with_space(line.as_bytes())
}

/// Whether `line` may be a signature: it ends with `日` once the grammar's spaces are trimmed,
/// so with `日` or a space.
fn may_be_signature(line: &str) -> bool {
    line.ends_with('日') || grammar::ends_with_space(line.as_bytes())
}

/// Whether `line` may be a document number alone ([`own_number_of_line`]): every number ends in
/// `号`, which only spaces follow, or a closing bracket when the line is bracketed. (Most lines
/// fail here, before a search for `号` and the grammar.)
fn may_be_own_number(line: &str) -> bool {
    // Told by the last bytes for most lines, which end with a char that is none of `号`, a
    // closing bracket or a space (no Unicode space is led by E4..=E9 or EF, nor by E3 but
    // U+3000). Only the others are decoded.
    match line.as_bytes() {
        [.., 0xE5, 0x8F, 0xB7] => true,
        [.., 0xE3, 0x80, 0x80] | [.., 0xEF, 0xBC, 0x89] => may_be_own_number_by_chars(line),
        [.., 0xE3..=0xE9 | 0xEF, _, _] | [.., 0x21..=0x28 | 0x2A..=0x7E] => false,
        _ => may_be_own_number_by_chars(line),
    }
}

/// [`may_be_own_number`] by chars, for the lines its bytes do not tell.
fn may_be_own_number_by_chars(line: &str) -> bool {
    let inner = line.strip_suffix(['）', ')']).unwrap_or(line);
    inner.trim_end().ends_with('号')
}

/// Whether the line `head` starts (spaces trimmed) may be a publicity note: `此件…`, maybe
/// bracketed.
fn may_be_publicity(head: &str) -> bool {
    // (Stripped by bytes: a list of chars decodes the first char of every line.)
    let inner = head
        .strip_prefix('（')
        .or_else(|| head.strip_prefix('('))
        .map_or(head, grammar::trim_start_sp);
    inner.starts_with("此件")
}

/// Whether the line `head` starts (spaces trimmed) may be a source line: its label is `来源` or
/// two characters and `来源`.
fn may_be_source(head: &str) -> bool {
    head.starts_with("来源") || head.get(6..).is_some_and(|rest| rest.starts_with("来源"))
}

/// The document number a line consists of: the number alone, or wrapped in
/// brackets as legal databases print it (`（余府发〔2012〕3号）`).
pub(crate) fn own_number_of_line(line: &str) -> Option<docno::DocNumber> {
    own_number_parts(line).map(|number| number.to_doc_number())
}

/// [`own_number_of_line`], borrowed from `line`.
fn own_number_parts(line: &str) -> Option<docno::DocNumberRef<'_>> {
    // Every number ends in `号`.
    if !has_phrase!(line, "号") {
        return None;
    }
    let inner = line
        .strip_prefix(['（', '('])
        .and_then(|l| l.strip_suffix(['）', ')']))
        .unwrap_or(line);
    let (number, len) = docno::doc_number_parts(inner)?;
    inner[len..].trim().is_empty().then_some(number)
}

/// The longest line (in bytes) that can be a number, signature, source,
/// publicity note or attachment heading: 60 CJK characters.
const SHORT_LINE: usize = 180;

/// Sixteen lanes masked off, then sixteen kept: from `16 - n` on, a mask that drops the first
/// `n` lanes of [`width`]'s last step.
const TAIL_MASK: [u8; 32] = {
    let mut mask = [0u8; 32];
    let mut i = 16;
    while i < 32 {
        mask[i] = 0xFF;
        i += 1;
    }
    mask
};

/// The display width of `s` in half-width units (a CJK char is two).
pub(crate) fn width(s: &str) -> usize {
    // An ASCII character is one unit and any other two: each byte but a continuation byte adds
    // one, and each lead byte (two top bits set) one more. Summed in bytes, which the compiler
    // does sixteen at a time with vector compares and adds (a word at a time in software cost
    // half as much again); a byte holds the sum of 112 bytes, two units each at most.
    let mut rest = s.as_bytes();
    let mut total = 0;
    while let Some((block, after)) = rest.split_first_chunk::<BLOCK>() {
        total += usize::from(block.iter().fold(0u8, |sum, &b| sum.wrapping_add(units(b))));
        rest = after;
    }
    total + usize::from(short_width(rest))
}

/// The bytes [`width`] sums in one: seven steps of sixteen.
const BLOCK: usize = 7 * STEP;

/// The bytes of a step of [`width`]'s sums.
const STEP: usize = 16;

/// What the byte `b` adds to [`width`].
#[inline(always)]
fn units(b: u8) -> u8 {
    u8::from(b as i8 >= -64) + u8::from(b >= 0xC0)
}

/// [`width`] of fewer than [`BLOCK`] bytes.
#[inline(always)]
fn short_width(bytes: &[u8]) -> u8 {
    let whole = bytes.len() / STEP * STEP;
    let (steps, rest) = bytes.split_at(whole.min(bytes.len()));
    let sum = steps.iter().fold(0u8, |sum, &b| sum.wrapping_add(units(b)));
    if rest.is_empty() {
        return sum;
    }
    // The last sixteen bytes, with those counted already masked off; fewer bytes than a step
    // are padded with continuation bytes, which count nothing.
    let mut last = [0x80u8; STEP];
    let skip = match bytes.len().checked_sub(STEP).and_then(|at| bytes.get(at..)) {
        Some(tail) => {
            last.copy_from_slice(tail);
            STEP - rest.len()
        }
        None => {
            for (to, &from) in last.iter_mut().zip(rest) {
                *to = from;
            }
            0
        }
    };
    let keep = TAIL_MASK.get(STEP - skip..).unwrap_or_default();
    last.iter()
        .zip(keep)
        .fold(sum, |sum, (&b, &keep)| sum.wrapping_add(units(b) & keep))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_ascii_once_and_the_rest_twice() {
        let by_char = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        };
        for s in [
            "",
            "a",
            "中",
            "渝府办发〔2025〕56号",
            "（一）Copyright © 2025 é 𠀀 abcdefghijklmnop 中华人民共和国",
            &"中a©𠀀".repeat(400),
        ] {
            for cut in 0..=s.len() {
                if let Some(prefix) = s.get(..cut) {
                    assert_eq!(width(prefix), by_char(prefix), "{prefix:?}");
                }
            }
        }
    }

    #[test]
    fn lines_without_markdown_are_what_the_strippers_leave() {
        for line in [
            "重庆市人民政府",
            "重庆市人民政府 ",
            "重庆市人民政府　",
            "重庆**",
            "重庆 ##",
            "重庆#",
            "重庆_",
            "一、总体要求",
            "　一、总体要求",
            "• 要点",
            "# 标题",
            "**要点**",
            "> 引文",
            "- 项目",
            "-项目",
            "+ 项目",
            "+项目",
            "* 项目",
            "*项目*",
            "_项目_",
            "__项目__",
            ">项目",
            "•项目",
            "(一)项目",
            "2025年",
            "1. 项目",
            "/ 首页",
            "C#",
            "C# ",
            "项目 #",
            "\u{a0}项目",
            "\t项目",
            "",
            "a",
            "a#",
        ] {
            if without_markdown(line) {
                assert_eq!(
                    marker::markdown_prefix(line),
                    marker::MdNoise::default(),
                    "{line:?}"
                );
                assert_eq!(marker::strip_markdown(line), line, "{line:?}");
            }
        }
        assert!(without_markdown("重庆市人民政府"));
        assert!(!without_markdown("重庆**"));
    }

    proptest::proptest! {
        #[test]
        fn raw_ranges_as_a_split_at_each_break(s in "(a|中|\n|\r|\r\n|\u{2028}|\u{2029}|\u{2026}){0,24}") {
            let got: Vec<&str> = raw_line_ranges(&s, true).map(|r| &s[r]).collect();
            let expected: Vec<&str> = s
                .split("\r\n")
                .flat_map(|l| l.split(['\n', '\r', '\u{2028}', '\u{2029}']))
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }

        #[test]
        fn raw_ranges_without_separators_as_a_split_at_each_break(s in "(a|中|\n|\r|\r\n|\n\r|\u{2028}|\u{2026}){0,24}") {
            // (`\r` is looked for apart from `\n`, and only again once a line starts past the one found.)
            let got: Vec<&str> = raw_line_ranges(&s, false).map(|r| &s[r]).collect();
            let expected: Vec<&str> = s
                .split("\r\n")
                .flat_map(|l| l.split(['\n', '\r']))
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }

        #[test]
        fn pages_cut_at_separators_last_are_cut_as_at_them_first(
            s in "(a|中|，|,|。|（一）|一、|\n|\r|\r\n|\u{2028}|\u{2029}|\u{2026}|“|\u{3000}|\t|# |号|〔2025〕|发布日期:2022-01-07|为进一步推动重庆国际生物城建设，特制定本行动计划。){0,40}"
        ) {
            proptest::prop_assert_eq!(
                format!("{:?}", recognise(&s)),
                format!("{:?}", recognise_cut(&s, true).unwrap_or_default())
            );
        }

        #[test]
        fn numbers_and_signatures_kept_as_parsed_again(
            s in "( |\u{3000}|（|\\(|渝府发〔2025〕3号|渝府办发 [2025] 56号|2025年第3号|重庆市人民政府|市政府办公厅 |2025年11月1日|二○一二年一月九日|号|日|）|\\)|\n|。|　　|a){0,8}"
        ) {
            let mut lines = recognise(&s);
            for i in 0..lines.len() {
                proptest::prop_assert_eq!(lines.own_number(i), own_number_of_line(lines.text(i)));
                proptest::prop_assert_eq!(lines.organ_date(i), date::organ_date_line(lines.text(i)));
            }
            // A line given new text, as the fold of repeats does, is parsed again.
            for i in 0..lines.len() {
                let start = lines.canon.len();
                lines.canon.push_str("市政府2024年1月2日");
                lines.lines[i].text = start..lines.canon.len();
                proptest::prop_assert_eq!(lines.own_number(i), None);
                proptest::prop_assert_eq!(
                    lines.organ_date(i),
                    date::organ_date_line("市政府2024年1月2日")
                );
            }
        }

        #[test]
        fn tabs_of_lines_as_a_search_of_each(s in "(a|中|\t|\t\t|\n|\n\n){0,30}", every in 1usize..4) {
            let mut tabs = Tabs::new(s.as_bytes());
            for raw in raw_line_ranges(&s, false).step_by(every) {
                let holds = memchr::memchr(b'\t', s.as_bytes().get(raw.clone()).unwrap_or_default()).is_some();
                proptest::prop_assert_eq!(tabs.in_line(s.as_bytes(), &raw), holds, "{:?}", raw);
            }
        }

        #[test]
        fn md_headings_as_a_pass_over_the_lines(
            s in "(# |## |- |#|a|中|。|\n|\u{3000}\u{3000}|一、|(一)|\t|号){0,30}"
        ) {
            let lines = recognise(&s);
            proptest::prop_assert_eq!(
                lines.md_headings,
                lines.lines.iter().any(|l| l.md_heading > 0)
            );
        }

        #[test]
        fn without_markdown_as_by_chars(s in "[ \t\r\n\u{3000}\u{a0}#*_+>•\\-a中一你。\u{2022}\u{2023}\u{3001}\u{a1}¢]{0,4}") {
            proptest::prop_assert_eq!(without_markdown(&s), without_markdown_by_chars(&s));
        }

        #[test]
        fn prefilters_keep_every_attachment_heading_and_signature(
            s in "( |\t|\u{3000}|\u{a0}|\r){0,2}(附件|附件1|附件一：|重庆市人民政府2025年11月1日|2025年1月1日|日|a){0,2}( |\t|\u{3000}|\u{a0}|\r){0,2}"
        ) {
            if parts::attachment_heading(&s).is_some() {
                proptest::prop_assert!(may_be_attachment_heading(&s));
            }
            if date::organ_date_line(&s).is_some() {
                proptest::prop_assert!(may_be_signature(&s));
            }
        }

        #[test]
        fn prefilters_keep_every_number_publicity_and_source_line(
            s in "( |\t|\u{3000}|\u{a0}|（|\\(){0,3}(渝府发〔2025〕3号|2025年第3号|号|此件公开发布|此件主动公开|此件|来源：市商务委|信息来源:市商务委|稿件来源：重庆|来源|文字){1,2}( |\t|\u{3000}|\r|\n|）|\\)|。|号){0,3}"
        ) {
            if own_number_of_line(&s).is_some() {
                proptest::prop_assert!(may_be_own_number(&s), "{:?}", s);
            }
            if parts::publicity(&s).is_some() {
                proptest::prop_assert!(may_be_publicity(grammar::trim_start_sp(&s)), "{:?}", s);
            }
            if parts::source_line(&s).is_some() {
                proptest::prop_assert!(may_be_source(grammar::trim_start_sp(&s)), "{:?}", s);
            }
        }

        #[test]
        fn no_line_is_wider_than_its_bytes(s in "\\PC{0,40}") {
            proptest::prop_assert!(width(&s) <= s.len());
        }

        #[test]
        fn wrap_width_as_the_widest_most_common_width(
            // (Most drawn from a few widths, for ties among counts of eight and more.)
            widths in proptest::collection::vec(proptest::prop_oneof![3 => 40usize..43, 1 => 30usize..170], 0..80),
            blank in 0u32..40
        ) {
            let mut measure = Measure::new();
            for &w in &widths {
                if let Some(count) = (Measure::SHORTEST..=Measure::LONGEST)
                    .contains(&w)
                    .then(|| measure.counts.get_mut(w))
                    .flatten()
                {
                    *count += 1;
                }
            }
            measure.non_blank = widths.len() as u32 + blank;
            let (mode, &count) = measure
                .counts
                .iter()
                .enumerate()
                .max_by_key(|&(w, &c)| (c, w))
                .unwrap_or((0, &0));
            proptest::prop_assert_eq!(
                measure.wrap_width(),
                (count >= 8 && count * 4 >= measure.non_blank).then_some(mode)
            );
        }

        #[test]
        fn lines_no_short_kind_may_be_are_text(
            s in "( |\u{3000}|（|\\(|（此件公开发布）|此件公开发布|此件|来源：|信息来源：|来源|发布日期：2022-01-07|发布|公开日期：2022-01-07|公开日期|附件1|附件|2025年1月1日|重庆市人民政府|渝府发〔2025〕3号|号|日|）|a|中|。){0,5}"
        ) {
            if !may_be_short_kind(&s) {
                proptest::prop_assert_eq!(classify_short(&s).0, LineKind::Text, "{:?}", s);
            }
        }

        #[test]
        fn width_as_by_chars(s in "(\\PC|中|a){0,260}") {
            // (Long enough for two of its blocks and a tail of each length.)
            let by_char: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            proptest::prop_assert_eq!(width(&s), by_char);
        }
    }

    #[test]
    fn short_kind_prefilter_as_its_parts() {
        // Every char below U+10000 first and last, around a few middles.
        let by_parts = |line: &str| {
            let starts = match line.chars().next() {
                Some(c) => ['此', '来', '发', '公', '附', '（', '('].contains(&c),
                None => false,
            };
            starts
                || grammar::starts_with_space(line.as_bytes())
                || line.get(6..12) == Some("来源")
                || may_be_own_number(line)
                || may_be_signature(line)
        };
        for c in '\u{0}'..='\u{FFFF}' {
            for middle in ["", "号", "渝府发〔2025〕3号", "信息来源", "日 "] {
                for line in [format!("{c}{middle}"), format!("{middle}{c}")] {
                    assert_eq!(may_be_short_kind(&line), by_parts(&line), "{line:?}");
                }
            }
        }
    }

    /// [`classify`] by each prefilter in turn, as it was before a line's first ideograph told
    /// them both.
    fn classify_by_each_prefilter(line: &str) -> LineKind {
        if line.is_empty() {
            return LineKind::Blank;
        }
        if let Some(m) = marker::heading_marker(line) {
            return LineKind::Heading(m);
        }
        if line.len() > SHORT_LINE || !may_be_short_kind(line) {
            return LineKind::Text;
        }
        classify_short(line).0
    }

    #[test]
    fn lines_told_by_their_first_ideograph_as_by_each_prefilter() {
        // Every ideograph led by E4 to E9 first, before the rest of a line of each kind.
        let long = "为进一步推动重庆国际生物城建设".repeat(5);
        for c in '\u{4000}'..='\u{9FFF}' {
            for rest in [
                "",
                "、总则",
                "）加强",
                "号",
                "息来源：市商务委",
                "件公开发布）",
                "布日期：2022-01-07",
                "开日期：2022-01-07",
                "府发〔2025〕3号",
                "市人民政府2025年11月1日",
                "件1",
                "条 总则",
                &long,
            ] {
                let line = format!("{c}{rest}");
                assert_eq!(
                    classify(&line),
                    classify_by_each_prefilter(&line),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn own_number_prefilter_told_by_bytes_as_by_chars() {
        // Every last char below U+10000 after a few heads, with and without a bracket after it.
        for c in '\u{0}'..='\u{FFFF}' {
            for head in ["", "号", "渝府发〔2025〕3号", "（渝府发〔2025〕3"] {
                for tail in ["", "）", ")"] {
                    let line = format!("{head}{c}{tail}");
                    assert_eq!(
                        may_be_own_number(&line),
                        may_be_own_number_by_chars(&line),
                        "{line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn lines_are_measured_as_a_pass_over_them_measures() {
        // Eight lines of one width are the measure of a page of 32 non-blank lines, not of one
        // of 33: the line cut at paragraph indents (pushed whole, then taken back and pushed as
        // five) must be counted as its five pieces alone.
        let row = "为进一步推动重庆国际生物城建设，特制定本行动计划，加快建设创新公共服务平台。";
        let indented = "现印发给你们。　　河北省人民政府办公厅　　2023年10月7日河北省措施　　一、强化企业创新动能";
        for (indents, measured) in [(4u32, true), (5, false)] {
            let mut page = format!("{row}\n\n").repeat(8);
            page.push_str(&format!("{indented}\n").repeat(indents as usize));
            page.push_str(&"一、总则\n".repeat(4));
            let lines = recognise(&page);
            let mut by_pass = Measure::new();
            for (i, line) in lines.lines.iter().enumerate() {
                assert_eq!(line.kind == LineKind::Blank, line.text.is_empty());
                by_pass.add(lines.text(i));
            }
            assert_eq!(by_pass.non_blank, 8 + 5 * indents + 4);
            assert_eq!(lines.wrap_width, by_pass.wrap_width());
            assert_eq!(lines.wrap_width, measured.then(|| width(row)));
        }
    }

    #[test]
    fn raw_ranges_follow_every_kind_of_break() {
        let text = "a\r\nb\rc\nd\u{2028}e";
        let got: Vec<&str> = raw_line_ranges(text, true).map(|r| &text[r]).collect();
        assert_eq!(got, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn recognises_the_lines_of_a_notice() {
        let page = "## 重庆市人民政府办公厅关于 印发《措施》的通知\n\n渝府办发 [2025] 56号\n\
                    各区县(自治县)人民政府,市政府各部门,有关单位:\n#### 一、总体目标\n\
                    重庆市人民政府办公厅 2025年11月1日\n（此件公开发布）\n来源:市商务委";
        let lines = recognise(page);
        let kinds: Vec<LineKind> = lines.lines.iter().map(|l| l.kind).collect();
        assert!(matches!(kinds[4], LineKind::Heading(_)));
        assert_eq!(
            [kinds[0], kinds[1], kinds[2], kinds[3], kinds[5], kinds[6], kinds[7]],
            [
                LineKind::Text,
                LineKind::Blank,
                LineKind::DocNumber,
                LineKind::Text,
                LineKind::Signature,
                LineKind::Publicity,
                LineKind::Source
            ]
        );
        assert_eq!(lines.text(0), "重庆市人民政府办公厅关于印发《措施》的通知");
        assert_eq!(lines.lines[0].md_heading, 2);
        assert_eq!(&page[lines.lines[2].raw.clone()], "渝府办发 [2025] 56号");
    }
}
