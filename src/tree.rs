//! Stage 5, build the tree: takes the recognised lines of one part of an
//! article (its cover letter, its enclosure, an attachment) and returns the
//! blocks of that part: paragraphs joined from wrapped lines, sections
//! nested by their markers, responsibility parentheticals on the items they
//! close.
//!
//! Nesting is decided by the rank of the marker kind (第X章 above 第X条
//! above 一、 above （一） above 1. above （1） above ①) against a spine of
//! open sections, so skipped levels (`1.` right under `一、`) and numbering
//! that runs on across parents (`（七）` under `三、`) need no special case.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use crate::grammar;
use crate::grammar::marker::{self, MarkerKind};
use crate::grammar::responsibility::{
    trailing_responsibility, trailing_responsibility_in, Scratch,
};
use crate::lines::{LineKind, Lines};
use crate::model::{Block, Responsibility};
use crate::normalise::canonical_into;
use crate::report::{Reason, Sink};
use crate::segment::Phrases;
use crate::table;

/// A line at least this wide (in half-width units) that does not end a
/// sentence was cut by wrapping: 20 CJK characters is shorter than any
/// printed page's measure, and longer than titles, organ names and table
/// cells, which also lack final punctuation but stand on lines of their own.
const WRAP_WIDTH: usize = 40;

/// One logical unit before nesting: a paragraph, or an item that starts
/// with a marker, with its wrapped lines joined.
struct Unit<'a> {
    marker: Option<marker::Marker>,
    /// Borrowed from the page's canonical text until lines are joined.
    text: Cow<'a, str>,
    /// Whether `text` is still the line the marker was read from, as it
    /// was recognised.
    as_recognised: bool,
    /// A table read from cells flattened one a line.
    table: Option<Box<Block>>,
}

/// Builds the blocks of the lines `from..to` of `lines`.
pub(crate) fn build(
    page: &str,
    lines: &Lines,
    from: usize,
    to: usize,
    skip: &[Range<usize>],
    sink: &mut Sink,
) -> Vec<Block> {
    // Taken out of their cell, so that no call can find them borrowed; after
    // the thread's locals are gone, fresh ones do.
    let mut buffers = BUFFERS
        .try_with(Cell::take)
        .ok()
        .flatten()
        .unwrap_or_default();
    // (A list of units of any lifetime is one of units borrowing this page.)
    let units = std::mem::take(&mut buffers.units);
    let mut units = join_units(page, lines, from..to, skip, sink, units, &mut buffers.open);
    attach_lone_responsibilities(&mut units);
    let blocks = nest(&mut units, &mut buffers);
    buffers.units = crate::recycled(units);
    let _ = BUFFERS.try_with(|cell| cell.set(Some(buffers)));
    blocks
}

/// The working lists of [`build`], kept from part to part: each part grew
/// its own from nothing (a part's first bracket, section and parenthetical
/// each allocated one, and more as they grew).
#[derive(Default)]
struct Buffers {
    /// The units of a part, empty.
    units: Vec<Unit<'static>>,
    /// The brackets open in the unit being joined, as [`BracketScan`] keeps
    /// them.
    open: Vec<usize>,
    /// The sections open while nesting (none when a part is done).
    spine: Vec<Open>,
    /// The parenthetical reader's.
    scratch: Scratch,
}

thread_local! {
    /// The buffers of the last part built.
    static BUFFERS: Cell<Option<Buffers>> = const { Cell::new(None) };
}

/// A responsibility parenthetical printed on a line of its own closes the
/// unit before it.
fn attach_lone_responsibilities(units: &mut Vec<Unit<'_>>) {
    let is_lone = |u: &Unit<'_>| {
        u.marker.is_none()
            && u.table.is_none()
            && opens_with_bracket(&u.text)
            && trailing_responsibility(&u.text).is_some_and(|(at, _)| at == 0)
    };
    // The units from the first lone one on are pushed back one by one, the
    // lone ones onto the unit before them: one pass, however many there are.
    let Some(first) = units.iter().skip(1).position(is_lone) else {
        return;
    };
    let rest = units.split_off(first + 1);
    for unit in rest {
        if is_lone(&unit) {
            if let Some(before) = units.last_mut() {
                before.text.to_mut().push_str(&unit.text);
                before.as_recognised = false;
                continue;
            }
        }
        units.push(unit);
    }
}

/// Whether `text` starts with a bracket a responsibility parenthetical
/// opens with: `（`, `(`, `〔`, `[` or `【`, told by their bytes (`（` EF BC
/// 88, `〔` E3 80 94, `【` E3 80 90) as every unit is asked.
fn opens_with_bracket(text: &str) -> bool {
    matches!(
        text.as_bytes(),
        [0xEF, 0xBC, 0x88, ..] | [b'(' | b'[', ..] | [0xE3, 0x80, 0x94 | 0x90, ..]
    )
}

/// `本实施方案自发布之日起施行…`, `以上政策措施自印发之日起30日后施行`,
/// `本办法由…负责解释`, `…联合印发的《…》同时废止`.
fn is_closing_clause(text: &str) -> bool {
    // (The first sentence starts as the text does.)
    let speaks_of_itself = text.starts_with('本') || text.starts_with("以上");
    // (Searchers built once: `str::contains` built one for each word on
    // every call.)
    (speaks_of_itself && {
        let first = text.split('。').next().unwrap_or("");
        has_phrase!(first, "施行")
            || has_phrase!(first, "实施")
            || has_phrase!(first, "有效期")
            || has_phrase!(first, "负责解释")
            || has_phrase!(first, "废止")
    }) || repeals_another(text)
}

/// Whether `text` says `同时废止` or `同步废止`: one search for `废止`, where a
/// search for each phrase scanned the whole text twice.
fn repeals_another(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("废止"));
    let bytes = text.as_bytes();
    FINDER.find_iter(bytes).any(|at| {
        matches!(
            bytes.get(at.saturating_sub(6)..at),
            Some(before) if before == "同时".as_bytes() || before == "同步".as_bytes()
        )
    })
}

/// How many lines like the first one joined a unit's text has room for.
const JOIN_ROOM: usize = 6;

/// Joins the wrapped lines `from..to` into units, in `units` (emptied
/// first, a list kept from part to part, as `open_brackets` is for the
/// brackets of the unit being joined), and repairs page-number debris.
fn join_units<'a>(
    page: &str,
    lines: &'a Lines,
    Range {
        start: from,
        end: to,
    }: Range<usize>,
    skip: &[Range<usize>],
    sink: &mut Sink,
    mut units: Vec<Unit<'a>>,
    open_brackets: &mut Vec<usize>,
) -> Vec<Unit<'a>> {
    let to = to.min(lines.len());
    // Most units are a line, and a blank line stands between two.
    units.clear();
    units.reserve(to.saturating_sub(from) / 2 + 1);
    let mut open = false;
    // The last line joined, measured only when asked: `None` when page
    // debris was cut off it, which makes it as good as full.
    let mut last_line: Option<&str> = Some("");
    let mut next = from;
    let mut tabs = Tabs::new(lines, from, to);
    // Only the last unit is ever asked about its brackets.
    open_brackets.clear();
    let mut brackets = BracketScan {
        scanned: 0,
        open: std::mem::take(open_brackets),
    };
    while next < to {
        let i = next;
        next += 1;
        // (Each line read once: `to` is within the lines.)
        let Some(line) = lines.lines.get(i) else {
            break;
        };
        // (Read in place: a copy of the kind and its marker cost more than
        // the tests.)
        let kind = &line.kind;
        // Page metadata lines are fields of the article, read elsewhere.
        if matches!(
            kind,
            LineKind::Blank | LineKind::Source | LineKind::Published
        ) || skip.iter().any(|r| r.contains(&i))
        {
            continue;
        }
        let mut text = lines.canon.get(line.text.clone()).unwrap_or("");
        if matches!(kind, LineKind::Text) {
            // A table: rows of TAB-separated cells (from HTML), or cells
            // flattened one a line under a `序号` header.
            let table = if tabs.any_in(lines, i) {
                table::tab_separated(lines, i, to)
            } else if is_table_start(text) {
                table::flattened(lines, i, to)
            } else {
                None
            };
            if let Some((table, after)) = table {
                units.push(Unit {
                    marker: None,
                    text: Cow::Borrowed(""),
                    as_recognised: false,
                    table: Some(Box::new(table)),
                });
                open = false;
                next = after;
                continue;
            }
        }
        let mut forced = false;
        if let Some(cut) = page_debris_start(text) {
            let raw = line.raw.clone();
            let raw_text = page.get(raw.clone()).unwrap_or("");
            let raw_cut = page_debris_start(raw_text.trim_end()).unwrap_or(raw_text.len());
            sink.remove(raw.start + raw_cut..raw.end, Reason::PageNumber);
            sink.warn(
                "page_number_repaired",
                format!(
                    "removed the page number `{}` from inside a sentence",
                    &text[cut..]
                ),
            );
            text = &text[..cut];
            forced = true;
            if text.is_empty() {
                continue;
            }
        }
        let starts_unit = matches!(kind, LineKind::Heading(_)) || line.md_heading > 0;
        let continues = open
            && !starts_unit
            && matches!(kind, LineKind::Text)
            && units
                .last()
                .is_some_and(|u| continues_after(u, &mut brackets, last_line, lines.wrap_width));
        if continues {
            if let Some(unit) = units.last_mut() {
                unit.as_recognised = false;
                if let Cow::Borrowed(first) = unit.text {
                    // Room for several more lines like this one: a
                    // paragraph wrapped once mostly runs on, and room for
                    // two grew (and copied) the text of one in four of them
                    // once or more. (Reading ahead for the lines it will
                    // take in cost as much as the growing.)
                    let mut joined =
                        String::with_capacity(first.len() + JOIN_ROOM * text.len() + 1);
                    joined.push_str(first);
                    unit.text = Cow::Owned(joined);
                }
                if !append_wrapped(unit.text.to_mut(), text) {
                    // Canonicalised again: what was scanned may have changed.
                    brackets.restart();
                }
            }
        } else {
            let marker = match kind {
                LineKind::Heading(m) => Some(*m),
                _ => None,
            };
            units.push(Unit {
                marker,
                text: Cow::Borrowed(text),
                as_recognised: !forced,
                table: None,
            });
            brackets.restart();
        }
        open = true;
        last_line = (!forced).then_some(text);
    }
    *open_brackets = brackets.open;
    units
}

/// Where the next TAB stands in the canonical text of a page: asked of each
/// line in turn, one search finds it for all the lines before it, where a
/// search of each line paid its start-up cost on every line.
#[derive(Debug)]
struct Tabs {
    /// Where in the canonical text the last search ran.
    searched: Range<usize>,
    /// The first TAB there, if any.
    at: Option<usize>,
    /// Where the text of the lines asked about ends.
    end: usize,
}

impl Tabs {
    /// The TABs of lines `from..to` of `lines`, none searched for yet.
    fn new(lines: &Lines, from: usize, to: usize) -> Tabs {
        // Lines stand in the canonical text in order, so that the last one
        // ends the text of them all, without a pass over them. (Any end
        // gives the same answers: a line beyond it is searched again.)
        let end = lines
            .lines
            .get(from..to.min(lines.len()))
            .and_then(<[_]>::last)
            .map_or(0, |l| l.text.end);
        Tabs {
            searched: 0..0,
            at: None,
            end,
        }
    }

    /// Whether line `i` of `lines` holds a TAB.
    fn any_in(&mut self, lines: &Lines, i: usize) -> bool {
        let Some(range) = lines.lines.get(i).map(|l| l.text.clone()) else {
            return false;
        };
        // The answer known holds for the lines searched up to the TAB found.
        let known = self.searched.start <= range.start && range.end <= self.searched.end;
        if !known || self.at.is_some_and(|at| at < range.start) {
            self.searched = range.start..self.end.max(range.end);
            self.at = lines
                .canon
                .as_bytes()
                .get(self.searched.clone())
                .and_then(|rest| memchr::memchr(b'\t', rest))
                .map(|at| range.start + at);
        }
        // (Asked of the line's own text, as found only a few lines hold one.)
        self.at.is_some_and(|at| at < range.end) && lines.text(i).contains('\t')
    }
}

/// Whether `unit`, its brackets scanned by `brackets` and its last line
/// `last_line` (`None`: as wide as can be), goes on on the next line.
fn continues_after(
    unit: &Unit<'_>,
    brackets: &mut BracketScan,
    last_line: Option<&str>,
    measure: Option<usize>,
) -> bool {
    // A line asked about the measure and then about WRAP_WIDTH is counted
    // once.
    let counted = std::cell::OnceCell::new();
    let wide = |w: usize| last_line.is_none_or(|line| at_least_wide(line, w, &counted));
    let text: &str = &unit.text;
    // A unit with a bracket open goes on whatever else is true of it, and
    // the other tests are asked first: a line they let go on needs no scan
    // of its brackets yet (the next line's scan takes them in).
    // On a hard-wrapped page a line filled to the measure was cut there,
    // even when the cut fell right after a full stop.
    if measure.is_some_and(wide) {
        return true;
    }
    let Some(last) = text.chars().next_back() else {
        return brackets.unbalanced(text);
    };
    if matches!(
        last,
        '。' | '！' | '？' | '；' | '：' | '…' | '”' | '’' | '!' | '?' | ':' | ';'
    ) {
        return brackets.unbalanced(text);
    }
    if matches!(last, '）' | '〕' | ')') {
        // (The brackets first: a parenthetical is sought back to where it
        // opens, and one never closed would be sought again on every line.
        // The width before the parenthetical: a line too narrow to be cut
        // needs none read, and reading one costs a hundred times more.)
        return brackets.unbalanced(text)
            || (wide(WRAP_WIDTH) && trailing_responsibility(text).is_none());
    }
    wide(WRAP_WIDTH) || brackets.unbalanced(text)
}

/// Whether `line` is at least `w` half-width units wide. A char is as wide
/// as its bytes are long or less, and half as wide or more, so that most
/// lines are told by their length without counting their chars; `counted`
/// keeps the width of `line` once counted.
fn at_least_wide(line: &str, w: usize, counted: &std::cell::OnceCell<usize>) -> bool {
    if line.len() < w {
        return false;
    }
    line.len() >= 2 * w || *counted.get_or_init(|| crate::lines::width(line)) >= w
}

/// Whether a line is the first header cell of a table flattened one cell
/// a line: its serial-number column.
fn is_table_start(text: &str) -> bool {
    // (Told by length first: asked of every line of text, and the string
    // comparison cost more than the few bytes of these cells.)
    text.len() <= "序号".len() && matches!(text, "序号" | "编号" | "序")
}

/// Only the last this many bytes of a unit count for its brackets: a
/// paragraph that never closes its bracket must not swallow the rest of the
/// page.
const BRACKET_TAIL: usize = 600;

/// The brackets of the unit being joined, as far as its text was scanned:
/// a unit grows a line at a time, and only the new line needs scanning.
#[derive(Debug, Default)]
struct BracketScan {
    scanned: usize,
    /// Where the brackets opened and not yet closed stand, in order.
    open: Vec<usize>,
}

impl BracketScan {
    /// Forgets what was scanned, for a new unit or a text changed.
    fn restart(&mut self) {
        self.scanned = 0;
        self.open.clear();
    }

    /// Whether `text` (the text scanned so far, maybe grown since) holds a
    /// bracket opened and not yet closed in its last [`BRACKET_TAIL`]
    /// bytes: a wrapped line that ends inside `（责任单位：…` always goes on.
    fn unbalanced(&mut self, text: &str) -> bool {
        let new = match text.get(self.scanned..) {
            Some(new) => new,
            None => {
                self.restart();
                text
            }
        };
        let at = self.scanned;
        let open = &mut self.open;
        // A closer with nothing open is no bracket: the depth never goes
        // below 0.
        bracket_events(new, |i, opens| match opens {
            true => open.push(at + i),
            false => {
                open.pop();
            }
        });
        self.scanned = text.len();
        // The brackets open in the tail alone are those open in the whole
        // text that stand in the tail: a closer pairs with the latest one
        // open, in the tail when there is one there, and one in the tail
        // that had nothing to close is one that closed a bracket before it.
        // (On a character boundary: `get` off one gave the whole text back.)
        let mut tail_start = text.len().saturating_sub(BRACKET_TAIL);
        while !text.is_char_boundary(tail_start) {
            tail_start += 1;
        }
        self.open.last().is_some_and(|&i| i >= tail_start)
    }
}

/// The brackets found by [`bracket_events`] beside `(` and `)`: the openers
/// first, then their closers.
const BRACKETS: [&str; 8] = ["（", "〔", "《", "【", "）", "〕", "》", "】"];

/// Below this many bytes, a text's brackets are found a char at a time:
/// half the lines scanned are shorter than 64 bytes, and each search of
/// [`bracket_events_searched`] cost some 250 instructions to start, more than
/// stepping over such a line.
const BRACKET_STEPPED: usize = 128;

/// Calls `event` with the offset of each bracket in `text`, in order, and
/// whether it opens.
fn bracket_events(text: &str, event: impl FnMut(usize, bool)) {
    // Canonical text seldom has the ASCII brackets; without them, a search
    // for the 3-byte ones skips the punctuation that shares their lead
    // bytes (`，。、：`), where stopping at every E3 and EF byte did not.
    if text.len() < BRACKET_STEPPED || memchr::memchr2(b'(', b')', text.as_bytes()).is_some() {
        return bracket_events_stepping(text.as_bytes(), event);
    }
    bracket_events_searched(text, event);
}

/// [`bracket_events`] by a search for the 3-byte brackets, for a text
/// without `(` and `)`.
fn bracket_events_searched(text: &str, mut event: impl FnMut(usize, bool)) {
    static SEARCH: std::sync::LazyLock<Phrases> =
        std::sync::LazyLock::new(|| Phrases::new(&BRACKETS));
    for (which, at) in SEARCH.find_iter(text) {
        event(at, which < BRACKETS.len() / 2);
    }
}

/// [`bracket_events`] a char at a time.
fn bracket_events_stepping(bytes: &[u8], mut event: impl FnMut(usize, bool)) {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let opens = match b {
            b'(' => Some(true),
            b')' => Some(false),
            0xE3 | 0xEF => match bytes.get(i..i + 3).unwrap_or(&[]) {
                [0xE3, 0x80, 0x94 | 0x8A | 0x90] | [0xEF, 0xBC, 0x88] => Some(true),
                [0xE3, 0x80, 0x95 | 0x8B | 0x91] | [0xEF, 0xBC, 0x89] => Some(false),
                _ => None,
            },
            _ => None,
        };
        if let Some(opens) = opens {
            event(i, opens);
        }
        i += match b {
            0..=0xBF => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
}

/// Appends a wrapped line to the text it continues; false when the text was
/// canonicalised again, so that what stood before may have changed.
fn append_wrapped(text: &mut String, next: &str) -> bool {
    // Only ASCII chars at the junction count below, and the bytes on its two
    // sides tell them without decoding a char: a byte of a longer char is
    // none of them.
    if let (Some(&b), Some(&a)) = (text.as_bytes().last(), next.as_bytes().first()) {
        if b.is_ascii_alphanumeric() && a.is_ascii_alphanumeric() {
            // A hard wrap between two Latin words stood for a space.
            if b.is_ascii_alphabetic() && a.is_ascii_alphabetic() {
                text.push(' ');
            }
        }
        let ascii_punct =
            |c: u8| matches!(c, b',' | b':' | b';' | b'?' | b'!' | b'(' | b')' | b'"');
        if ascii_punct(b) || ascii_punct(a) || (b == b' ') {
            // The junction may change how punctuation reads (a `(` that was
            // alone on its line now touches Chinese): canonicalise again.
            text.push_str(next);
            let mut again = String::with_capacity(text.len());
            canonical_into(text, &mut again);
            *text = again;
            return false;
        }
    }
    text.push_str(next);
    true
}

/// Where page-number debris starts at the end of a line: PDF page footers
/// such as `— 2 —` read by OCR as `一2一` and glued to the last word.
// Inlined: asked of every line, and the test of the last byte costs less
// than a call.
#[inline]
pub(crate) fn page_debris_start(line: &str) -> Option<usize> {
    // Debris ends in a dash or a space, and so do few lines: the last byte
    // of each of them (`一` E4 B8 80, `—` E2 80 94, `－` EF BC 8D, `-`, `─`
    // E2 94 80, `–` E2 80 93, `―` E2 80 95, ` `) tells the others without
    // decoding chars from the end.
    if !matches!(
        line.as_bytes().last(),
        Some(0x80 | 0x94 | 0x8D | b'-' | 0x93 | 0x95 | b' ')
    ) {
        return None;
    }
    debris_start_by_chars(line)
}

/// [`page_debris_start`] read a char at a time from the end.
#[inline(never)]
fn debris_start_by_chars(line: &str) -> Option<usize> {
    let is_dash = |c: char| matches!(c, '一' | '—' | '－' | '-' | '─' | '–' | '―');
    let mut chars = line.char_indices().rev().peekable();
    let skip_spaces = |it: &mut std::iter::Peekable<std::iter::Rev<std::str::CharIndices<'_>>>| {
        while it.peek().is_some_and(|&(_, c)| c == ' ') {
            it.next();
        }
    };
    skip_spaces(&mut chars);
    match chars.next() {
        Some((_, c)) if is_dash(c) => {}
        _ => return None,
    }
    skip_spaces(&mut chars);
    let mut digits = 0;
    while chars.peek().is_some_and(|&(_, c)| c.is_ascii_digit()) {
        chars.next();
        digits += 1;
    }
    if digits == 0 || digits > 3 {
        return None;
    }
    skip_spaces(&mut chars);
    match chars.next() {
        Some((at, c)) if is_dash(c) => {
            // A line that is nothing but the footer is debris too.
            let mut start = at;
            while let Some(&(i, ' ')) = chars.peek() {
                start = i;
                chars.next();
            }
            Some(start)
        }
        _ => None,
    }
}

/// A section being filled while later lines may still nest under it.
struct Open {
    rank: u8,
    kind: MarkerKind,
    number: u32,
    heading: Option<String>,
    /// Where the section's blocks start on the stack of blocks.
    from: usize,
}

/// The nesting rank of a marker kind: lower ranks contain higher ones.
fn rank(kind: MarkerKind) -> u8 {
    match kind {
        MarkerKind::Chapter => 0,
        MarkerKind::Section => 1,
        MarkerKind::Article => 2,
        MarkerKind::CnComma => 3,
        MarkerKind::CnParen => 4,
        MarkerKind::Arabic => 5,
        MarkerKind::ArabicParen => 6,
        MarkerKind::Circled => 7,
    }
}

/// Nests units into sections and pulls responsibility parentheticals out.
fn nest(units: &mut Vec<Unit<'_>>, buffers: &mut Buffers) -> Vec<Block> {
    // The blocks of the part and of every open section, in order, each
    // section's on top of its parent's: a section closed takes its own off
    // the top in one allocation of their size, where each section growing
    // its own vector a block at a time reallocated and copied them as it
    // grew. A unit stands for one block at a time (its paragraph or table,
    // or its section's body and then the section), so the stack never
    // outgrows the units.
    let mut stack: Vec<Block> = Vec::with_capacity(units.len());
    let Buffers { spine, scratch, .. } = buffers;
    spine.clear();
    // The clauses that close a document (`本办法自…起施行`) stand after its
    // last item, not inside it, though nothing marks where that item ends.
    let closing_from = units
        .iter()
        .rposition(|u| u.marker.is_some() || !is_closing_clause(&u.text))
        .map_or(0, |i| i + 1);
    for (n, unit) in units.drain(..).enumerate() {
        if n == closing_from {
            while !spine.is_empty() {
                close_top(spine, &mut stack);
            }
        }
        // The paragraph of a unit, or the body of a section: one call of the
        // inlined push_paragraph for both.
        let paragraph = match unit.marker {
            None => match unit.table {
                Some(table) => {
                    stack.push(*table);
                    continue;
                }
                None => unit.text,
            },
            Some(m) => {
                let r = rank(m.kind);
                while spine.last().is_some_and(|open| open.rank >= r) {
                    close_top(spine, &mut stack);
                }
                // The text may have been canonicalised again since the marker was
                // read (`1. (` joined to its wrapped line loses the space), so the
                // marker's length is read off the text as it is now: the old one
                // fell inside `（`, and the whole text was lost. (A line as it was
                // recognised has the marker it was recognised with.)
                let len = if unit.as_recognised {
                    m.len
                } else {
                    marker::heading_marker(&unit.text).map_or(m.len, |now| now.len)
                };
                let rest = unit.text.get(len..).unwrap_or(&unit.text);
                // An article (第X条) of a 办法 has no heading: its text is the rule.
                let (heading, body) = if m.kind == MarkerKind::Article {
                    (None, rest.trim_start())
                } else {
                    marker::split_run_in(rest)
                };
                spine.push(Open {
                    rank: r,
                    kind: m.kind,
                    number: m.number,
                    heading: heading.map(str::to_owned),
                    from: stack.len(),
                });
                if body.is_empty() {
                    continue;
                }
                Cow::Borrowed(body)
            }
        };
        push_paragraph(&mut stack, paragraph, scratch);
    }
    while !spine.is_empty() {
        close_top(spine, &mut stack);
    }
    stack
}

/// The last number of each kind of marker met, by [`rank`]: a list of one
/// number a kind that needs no allocation.
type Lasts = [Option<u32>; 8];

fn set_last(list: &mut Lasts, kind: MarkerKind, number: u32) {
    if let Some(slot) = list.get_mut(usize::from(rank(kind))) {
        *slot = Some(number);
    }
}

fn last_of(list: &Lasts, kind: MarkerKind) -> Option<u32> {
    list.get(usize::from(rank(kind))).copied().flatten()
}

/// Settles the outline of one part once it is complete: sections that a
/// page printed twice or shuffled (scraped several times over) are merged
/// into one and put back in their numbering order, and then gaps and
/// repeats in the numbering are warned about.
pub(crate) fn settle(blocks: &mut Vec<Block>, sink: &mut Sink) {
    let holding = merge_and_order(blocks, sink);
    if regroup_run_on_items(blocks, holding) {
        merge_and_order(blocks, sink);
    }
    let mut run_on = Lasts::default();
    // The list of sections is kept from part to part, where a new one grew
    // from nothing for each: taken out of its cell, so that no call can find
    // it borrowed.
    let mut outline = Outline {
        sections: SECTIONS.try_with(Cell::take).unwrap_or_default(),
        last_id: 0,
    };
    outline.sections.clear();
    warn_numbering(blocks, 0, &mut run_on, &mut outline, sink);
    warn_missing_from_runs(&outline.sections, sink);
    let _ = SECTIONS.try_with(|cell| cell.set(outline.sections));
}

thread_local! {
    /// The sections of the last part settled, as [`Outline`] lists them.
    static SECTIONS: Cell<Vec<(MarkerKind, u32, usize)>> = const { Cell::new(Vec::new()) };
}

/// The numbered sections of a part in order, read on the walk that warns
/// about their numbering, for [`warn_missing_from_runs`].
struct Outline {
    /// Each section's kind, number and parent: the parent's id, 0 at the
    /// top.
    sections: Vec<(MarkerKind, u32, usize)>,
    /// The id of the last section met: ids count sections in order from 1.
    last_id: usize,
}

/// Where `1.` items run on through `（一）`…`（六）` (each number used
/// once, spread over several `（N）`), an item is where its neighbours are:
/// a page scraped out of order can print `2.` under a `二、` that holds no
/// `（N）`, or print one item under two parents. Each such item moves to the
/// `（N）` that holds its nearest lower number, when held numbers stand on
/// both sides of it; returns whether anything moved. `holding` is how many
/// `（N）` sections hold a `1.` item, as [`merge_and_order`] counts them.
fn regroup_run_on_items(blocks: &mut Vec<Block>, holding: usize) -> bool {
    // The `（N）` sections, as paths of indices, with their `1.` numbers.
    fn parents(blocks: &[Block], path: &mut Vec<usize>, out: &mut Vec<(Vec<usize>, Vec<u32>)>) {
        for (i, b) in blocks.iter().enumerate() {
            if let Block::Section {
                marker,
                number,
                blocks: inner,
                ..
            } = b
            {
                path.push(i);
                if is_cn_paren(marker, *number) {
                    let numbers = inner
                        .iter()
                        .filter_map(|c| match c {
                            Block::Section { marker, number, .. } if is_arabic(marker, *number) => {
                                Some(*number)
                            }
                            _ => None,
                        })
                        .collect();
                    out.push((path.clone(), numbers));
                }
                parents(inner, path, out);
                path.pop();
            }
        }
    }
    fn at_path<'a>(blocks: &'a mut [Block], path: &[usize]) -> Option<&'a mut Vec<Block>> {
        let (first, rest) = path.split_first()?;
        match blocks.get_mut(*first)? {
            Block::Section { blocks: inner, .. } => {
                if rest.is_empty() {
                    Some(inner)
                } else {
                    at_path(inner, rest)
                }
            }
            _ => None,
        }
    }
    if holding < 2 || !any_item_outside_parens(blocks) {
        return false;
    }
    let mut found = Vec::new();
    parents(blocks, &mut Vec::new(), &mut found);
    let holding: Vec<&(Vec<usize>, Vec<u32>)> =
        found.iter().filter(|(_, n)| !n.is_empty()).collect();
    let mut all: Vec<u32> = holding
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    let total = all.len();
    all.sort_unstable();
    all.dedup();
    if holding.len() < 2 || all.len() * 5 < total * 4 {
        return false;
    }
    // Where each number belongs: the parent of its nearest neighbour.
    let home = |n: u32| -> Option<Vec<usize>> {
        let below = holding
            .iter()
            .flat_map(|(p, ns)| ns.iter().filter(|&&m| m < n).map(move |&m| (m, p)))
            .max_by_key(|&(m, _)| m);
        let above = holding
            .iter()
            .flat_map(|(p, ns)| ns.iter().filter(|&&m| m > n).map(move |&m| (m, p)))
            .min_by_key(|&(m, _)| m);
        // Only a number inside the run moves: items before or after the
        // run, right under a 一、, are an outline that skips a level.
        match (below, above) {
            (Some((_, p)), Some(_)) => Some((*p).clone()),
            _ => None,
        }
    };
    // A number has a home when held numbers stand on both sides of it: told
    // by the lowest and highest held, not by a search of them all.
    let (Some(&lowest), Some(&highest)) = (all.first(), all.last()) else {
        return false;
    };
    let mut strays = Vec::new();
    take_strays(blocks, false, &|n| lowest < n && n < highest, &mut strays);
    if strays.is_empty() {
        return false;
    }
    // Taking strays out may have shifted the sections: find the `（N）` again.
    let homes: Vec<Option<Vec<usize>>> = strays
        .iter()
        .map(|item| match item {
            Block::Section { number, .. } => home(*number),
            _ => None,
        })
        .collect();
    let mut found_again = Vec::new();
    parents(blocks, &mut Vec::new(), &mut found_again);
    let path_now = |old: &Vec<usize>| -> Option<Vec<usize>> {
        let numbers = &found.iter().find(|(p, _)| p == old)?.1;
        found_again
            .iter()
            .find(|(_, n)| n == numbers)
            .map(|(p, _)| p.clone())
    };
    let mut moved = false;
    for (item, home) in strays.into_iter().zip(homes) {
        match home
            .as_ref()
            .and_then(path_now)
            .and_then(|p| at_path(blocks, &p))
        {
            Some(parent) => {
                parent.push(item);
                moved = true;
            }
            None => blocks.push(item),
        }
    }
    moved
}

/// Takes out the `1.` items that stand outside every `（N）`.
fn take_strays(
    blocks: &mut Vec<Block>,
    inside_paren: bool,
    movable: &dyn Fn(u32) -> bool,
    out: &mut Vec<Block>,
) {
    let mut i = 0;
    while i < blocks.len() {
        let (is_arabic, is_paren, number) = match &blocks[i] {
            Block::Section { marker, number, .. } => (
                is_arabic(marker, *number),
                is_cn_paren(marker, *number),
                *number,
            ),
            _ => (false, false, 0),
        };
        if is_arabic && !inside_paren && movable(number) {
            out.push(blocks.remove(i));
            continue;
        }
        if let Block::Section { blocks: inner, .. } = &mut blocks[i] {
            take_strays(inner, inside_paren || is_paren, movable, out);
        }
        i += 1;
    }
}

/// Whether `blocks` hold a section. The walks of [`settle`] have nothing to
/// do below a section that holds none (most items hold paragraphs only), and
/// they ask this before the call, which cost more than the question.
#[inline]
fn has_section(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| matches!(b, Block::Section { .. }))
}

/// Whether some `1.` item stands outside every `（N）`, as [`take_strays`]
/// would take it if it could move: a walk that does not enter the `（N）`,
/// before the `（N）` and their numbers are listed.
fn any_item_outside_parens(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Section {
            marker,
            number,
            blocks: inner,
            ..
        } => {
            is_arabic(marker, *number)
                || (!is_cn_paren(marker, *number) && any_item_outside_parens(inner))
        }
        _ => false,
    })
}

/// Whether `block` is a `（N）` section that holds a `1.` item.
// Inlined: asked of every section, and most are told by the first bytes of
// their marker.
#[inline]
fn holds_item(block: &Block) -> bool {
    let Block::Section {
        marker,
        number,
        blocks: inner,
        ..
    } = block
    else {
        return false;
    };
    is_cn_paren(marker, *number)
        && inner.iter().any(
            |c| matches!(c, Block::Section { marker, number, .. } if is_arabic(marker, *number)),
        )
}

/// Whether a section's `marker` and `number` make a `（N）` one: told first
/// by the `（` (EF BC 88) every such marker starts with, which most sections'
/// do not, and only then by reading the marker's kind.
fn is_cn_paren(marker: &str, number: u32) -> bool {
    matches!(marker.as_bytes(), [0xEF, 0xBC, 0x88, ..])
        && kind_of(marker, number) == Some(MarkerKind::CnParen)
}

/// Whether a section's `marker` and `number` make a `1.` one: told first by
/// the `.` every such marker ends with.
fn is_arabic(marker: &str, number: u32) -> bool {
    marker.as_bytes().last() == Some(&b'.') && kind_of(marker, number) == Some(MarkerKind::Arabic)
}

/// Numbering that runs on through the whole part (`1.` to `19.` across
/// `（一）`…`（六）`) shows its gaps best as one list: the numbers missing
/// from 1 to the highest, for each kind of marker whose numbers are nearly
/// all distinct (a kind that restarts under each parent is not a run).
/// `all` are the part's sections, as [`Outline`] has them.
fn warn_missing_from_runs(all: &[(MarkerKind, u32, usize)], sink: &mut Sink) {
    // The kinds done, by rank: a list that needs no allocation.
    let mut done = [false; MarkerKind::ALL.len()];
    for &(kind, _, first_parent) in all {
        let Some(seen) = done.get_mut(usize::from(rank(kind))) else {
            continue;
        };
        if std::mem::replace(seen, true) {
            continue;
        }
        // A run spreads over two parents at least and has three numbers: most
        // kinds are told without sorting their numbers.
        let of_kind = || all.iter().filter(|&&(k, _, _)| k == kind);
        if of_kind().nth(2).is_none() || of_kind().all(|&(_, _, p)| p == first_parent) {
            continue;
        }
        // Siblings under one parent are warned about one by one already: the
        // kind stands under two parents at least, as told above.
        // (Sized once: a filter gives collect no size to start from.)
        let mut numbers: Vec<u32> = Vec::with_capacity(all.len());
        numbers.extend(of_kind().map(|&(_, n, _)| n));
        let total = numbers.len();
        numbers.sort_unstable();
        numbers.dedup();
        // (Told before the missing numbers are sought.)
        let runs_on = (total - numbers.len()) * 5 <= total;
        if !runs_on {
            continue;
        }
        let Some(&highest) = numbers.last() else {
            continue;
        };
        let missing = missing_below(&numbers, highest);
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<String> = missing
            .iter()
            .take(20)
            .map(|&n| marker::canonical_marker(kind, n))
            .collect();
        sink.warn(
            "numbering_gap",
            format!(
                "the run {}–{} misses: {}",
                marker::canonical_marker(kind, 1),
                marker::canonical_marker(kind, highest),
                shown.join(" ")
            ),
        );
    }
}

/// The numbers from 1 up to `highest` (excluded) that `sorted` (in order)
/// lacks: one walk beside them, not a search of them for each number.
fn missing_below(sorted: &[u32], highest: u32) -> Vec<u32> {
    let mut held = sorted.iter().copied().peekable();
    (1..highest)
        .filter(|&n| {
            while held.next_if(|&m| m < n).is_some() {}
            held.peek() != Some(&n)
        })
        .collect()
}

/// The kind of a section's `marker` and `number`, as
/// [`marker::canonical_marker_kind`] reads it: the markers a section closes
/// with are told by the bytes they start and end with (settle asks of every
/// section on each of its walks, and the char-wise reading cost more than
/// the rest of the walk), the others by reading them.
fn kind_of(marker_text: &str, number: u32) -> Option<MarkerKind> {
    // (`第` E7 AC AC, `章` E7 AB A0, `节` E8 8A 82, `条` E6 9D A1, `、` E3 80
    // 81, `（` EF BC 88, `）` EF BC 89.)
    let kind = match marker_text.as_bytes() {
        [0xE7, 0xAC, 0xAC, _, _, _, ..] => match marker_text.as_bytes() {
            [.., 0xE7, 0xAB, 0xA0] => MarkerKind::Chapter,
            [.., 0xE8, 0x8A, 0x82] => MarkerKind::Section,
            [.., 0xE6, 0x9D, 0xA1] => MarkerKind::Article,
            _ => return marker::canonical_marker_kind(marker_text, number),
        },
        [0xE7, 0xAC, 0xAC, ..] => return marker::canonical_marker_kind(marker_text, number),
        [.., 0xE3, 0x80, 0x81] => MarkerKind::CnComma,
        [.., b'.'] => MarkerKind::Arabic,
        [0xEF, 0xBC, 0x88, inner @ .., 0xEF, 0xBC, 0x89] => {
            if inner.iter().all(u8::is_ascii_digit) {
                MarkerKind::ArabicParen
            } else {
                MarkerKind::CnParen
            }
        }
        _ => return marker::canonical_marker_kind(marker_text, number),
    };
    let max = if kind == MarkerKind::Article {
        9999
    } else {
        200
    };
    (1..=max).contains(&number).then_some(kind)
}

/// Merges sibling sections with the same marker and orders each kind of
/// sibling section by number, in the slots sections of that kind held.
/// Returns how many `（N）` sections in `blocks`, at any depth, hold a `1.`
/// item once merged (told on this walk, where a walk of its own went over
/// every block again).
fn merge_and_order(blocks: &mut Vec<Block>, sink: &mut Sink) -> usize {
    // Fewer than two sections here: nothing to merge or order but below.
    // (Counted up to the second.)
    let mut sections = blocks.iter().filter(|b| matches!(b, Block::Section { .. }));
    let mut holding = 0;
    if sections.nth(1).is_none() {
        for block in blocks.iter_mut() {
            if let Block::Section { blocks: inner, .. } = block {
                if has_section(inner) {
                    holding += merge_and_order(inner, sink) + usize::from(holds_item(block));
                }
            }
        }
        return holding;
    }
    // Most outlines number each kind of section up: then no two share a
    // marker and each kind is in order, told in one pass.
    let numbered_up = numbered_up(blocks);
    if !numbered_up && has_repeated_marker(blocks) {
        merge_copies(blocks, sink);
    }
    for block in blocks.iter_mut() {
        if let Block::Section { blocks: inner, .. } = block {
            if has_section(inner) {
                holding += merge_and_order(inner, sink) + usize::from(holds_item(block));
            }
        }
    }
    // (Ordering moves sections, not what they hold.)
    if !numbered_up {
        order_by_number(blocks);
    }
    holding
}

/// Whether the sections of `blocks` number each kind of marker strictly up,
/// every marker read: two sections with one marker are of one kind and
/// number, which does not go up.
fn numbered_up(blocks: &[Block]) -> bool {
    let mut last = [0u32; 8];
    blocks.iter().all(|b| match b {
        Block::Section { marker, number, .. } => kind_of(marker, *number)
            .and_then(|k| last.get_mut(usize::from(rank(k))))
            .is_some_and(|slot| {
                let up = *slot < *number;
                *slot = *number;
                up
            }),
        _ => true,
    })
}

/// Whether two sibling sections carry the same marker (sorted, not
/// compared pairwise: an outline can have hundreds of 第X条).
fn has_repeated_marker(blocks: &[Block]) -> bool {
    fn marker_of(b: &Block) -> Option<(u32, &str)> {
        match b {
            Block::Section { marker, number, .. } => Some((*number, marker.as_str())),
            _ => None,
        }
    }
    // A short list is compared pairwise, without a buffer.
    if blocks.len() <= 16 {
        return blocks.iter().enumerate().any(|(i, a)| {
            marker_of(a).is_some_and(|m| {
                blocks
                    .get(i + 1..)
                    .unwrap_or(&[])
                    .iter()
                    .any(|b| marker_of(b) == Some(m))
            })
        });
    }
    let mut markers: Vec<(u32, &str)> = blocks.iter().filter_map(marker_of).collect();
    markers.sort_unstable();
    markers.windows(2).any(|w| w[0] == w[1])
}

/// Folds each later copy of a section into the first section with its
/// marker.
fn merge_copies(blocks: &mut Vec<Block>, sink: &mut Sink) {
    // One pass, the first section of each marker found by a map: scanning
    // the blocks before each one and removing each copy was quadratic.
    let mut first_of = std::collections::HashMap::<String, usize>::new();
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    for later in blocks.drain(..) {
        let earlier = match &later {
            Block::Section { marker, .. } => first_of.get(marker).copied(),
            _ => None,
        }
        .filter(|&first| copies_of_one(&kept[first], &later));
        match earlier {
            Some(first) => {
                // The copy's marker, heading and responsibility print once:
                // say so.
                if let Block::Section {
                    marker,
                    heading,
                    responsibility,
                    ..
                } = &later
                {
                    let units = responsibility.as_ref().map_or(String::new(), |r| {
                        let units: Vec<&str> = r
                            .lead
                            .iter()
                            .chain(&r.responsible)
                            .chain(&r.note)
                            .map(String::as_str)
                            .collect();
                        format!(" ({})", units.join("、"))
                    });
                    sink.warn(
                        "section_folded",
                        format!(
                            "folded a second `{marker}{}`{units} into the first",
                            heading.as_deref().unwrap_or("")
                        ),
                    );
                }
                if let (
                    Block::Section {
                        blocks: into,
                        responsibility: r_into,
                        heading: h_into,
                        ..
                    },
                    Block::Section {
                        blocks: from,
                        responsibility: r_from,
                        heading: h_from,
                        ..
                    },
                ) = (&mut kept[first], later)
                {
                    into.extend(from);
                    if r_into.is_none() {
                        *r_into = r_from;
                    }
                    if h_into.is_none() {
                        *h_into = h_from;
                    }
                }
            }
            None => {
                if let Block::Section { marker, .. } = &later {
                    first_of.insert(marker.clone(), kept.len());
                }
                kept.push(later);
            }
        }
    }
    *blocks = kept;
}

/// Orders each kind of sibling section by number, in the slots sections of
/// that kind held.
fn order_by_number(blocks: &mut [Block]) {
    // Most outlines are in order already: the last number of each kind
    // (by rank) tells in one pass.
    let mut last = [0u32; 8];
    let in_order = blocks.iter().all(|b| match b {
        Block::Section { marker, number, .. } => match kind_of(marker, *number) {
            Some(k) => match last.get_mut(usize::from(rank(k))) {
                Some(slot) => {
                    let ok = *slot <= *number;
                    *slot = *number;
                    ok
                }
                None => false,
            },
            None => true,
        },
        _ => true,
    });
    if in_order {
        return;
    }
    let kinds: Vec<Option<MarkerKind>> = blocks
        .iter()
        .map(|b| match b {
            Block::Section { marker, number, .. } => kind_of(marker, *number),
            _ => None,
        })
        .collect();
    let mut done: Vec<MarkerKind> = Vec::new();
    for kind in kinds.iter().flatten() {
        if done.contains(kind) {
            continue;
        }
        done.push(*kind);
        let slots: Vec<usize> = (0..blocks.len())
            .filter(|&j| kinds[j] == Some(*kind))
            .collect();
        let number = |b: &Block| match b {
            Block::Section { number, .. } => *number,
            _ => 0,
        };
        if slots
            .windows(2)
            .all(|w| number(&blocks[w[0]]) <= number(&blocks[w[1]]))
        {
            continue;
        }
        let mut sections: Vec<Block> = slots
            .iter()
            .map(|&j| {
                std::mem::replace(
                    &mut blocks[j],
                    Block::Table {
                        header: vec![],
                        rows: vec![],
                    },
                )
            })
            .collect();
        sections.sort_by_key(number);
        for (&j, section) in slots.iter().zip(sections) {
            blocks[j] = section;
        }
    }
}

/// Whether two sections with one marker can be copies of one section: not
/// when their headings or responsibilities differ. Merging those lost the
/// later one's without a trace; kept apart, the repeated number is warned
/// about.
fn copies_of_one(a: &Block, b: &Block) -> bool {
    fn agree<T: PartialEq>(x: &Option<T>, y: &Option<T>) -> bool {
        x.is_none() || y.is_none() || x == y
    }
    match (a, b) {
        (
            Block::Section {
                heading: h1,
                responsibility: r1,
                ..
            },
            Block::Section {
                heading: h2,
                responsibility: r2,
                ..
            },
        ) => (h1.is_some() || h2.is_some()) && agree(h1, h2) && agree(r1, r2),
        _ => false,
    }
}

/// Walks a settled outline in order and warns about numbering gaps and
/// repeats; `run_on` holds the last number of each kind seen so far; the
/// sections of `blocks`, under the section `parent`, go to `outline`.
fn warn_numbering(
    blocks: &[Block],
    parent: usize,
    run_on: &mut Lasts,
    outline: &mut Outline,
    sink: &mut Sink,
) {
    let mut siblings = Lasts::default();
    for block in blocks {
        let Block::Section {
            marker,
            number,
            blocks: inner,
            ..
        } = block
        else {
            continue;
        };
        if let Some(kind) = kind_of(marker, *number) {
            check_numbering(kind, *number, &siblings, run_on, sink);
            set_last(&mut siblings, kind, *number);
            set_last(run_on, kind, *number);
            outline.sections.push((kind, *number, parent));
        }
        outline.last_id += 1;
        let id = outline.last_id;
        if has_section(inner) {
            warn_numbering(inner, id, run_on, outline, sink);
        }
    }
}

/// Warns when a marker's number neither follows its previous sibling nor
/// starts over, nor runs on from the same kind of marker elsewhere.
fn check_numbering(
    kind: MarkerKind,
    number: u32,
    siblings: &Lasts,
    run_on: &Lasts,
    sink: &mut Sink,
) {
    let shown = |n: u32| marker::canonical_marker(kind, n);
    match last_of(siblings, kind) {
        Some(prev) if number == prev + 1 => {}
        Some(prev) if number > prev + 1 => sink.warn(
            "numbering_gap",
            format!(
                "{} follows {}: {} missing",
                shown(number),
                shown(prev),
                missing(kind, prev, number)
            ),
        ),
        Some(prev) => sink.warn(
            "numbering_repeat",
            format!(
                "{} follows {}: numbering repeats or goes back",
                shown(number),
                shown(prev)
            ),
        ),
        None => {
            let runs_on = last_of(run_on, kind).is_some_and(|prev| number == prev + 1);
            if number != 1 && !runs_on {
                let from = last_of(run_on, kind).unwrap_or(0);
                if number > from + 1 {
                    sink.warn(
                        "numbering_gap",
                        format!(
                            "{} is the first of its kind here: {} missing",
                            shown(number),
                            missing(kind, from, number)
                        ),
                    );
                } else {
                    sink.warn(
                        "numbering_repeat",
                        format!("{} repeats a number already used", shown(number)),
                    );
                }
            }
        }
    }
}

/// The markers strictly between `prev` and `next`, for a warning.
fn missing(kind: MarkerKind, prev: u32, next: u32) -> String {
    let gap: Vec<String> = (prev + 1..next)
        .take(8)
        .map(|n| marker::canonical_marker(kind, n))
        .collect();
    let more = if next - prev - 1 > 8 { " …" } else { "" };
    format!("{}{more}", gap.join(" "))
}

/// Closes the innermost open section: its blocks, on top of `stack`, give
/// way to the section.
// Inlined at its three calls in `nest`: one for each section, and a call
// saved and restored the registers of both.
#[inline(always)]
fn close_top(spine: &mut Vec<Open>, stack: &mut Vec<Block>) {
    let Some(open) = spine.pop() else {
        return;
    };
    let blocks = stack.split_off(open.from.min(stack.len()));
    let marker = canonical_marker(open.kind, open.number);
    if let Some(Block::Section {
        level,
        marker: m,
        number,
        heading,
        responsibility: r,
        blocks: b,
    }) = push_empty(stack, || Block::Section {
        level: 0,
        marker: String::new(),
        number: 0,
        heading: None,
        responsibility: None,
        blocks: Vec::new(),
    }) {
        *level = open.kind.level();
        *m = marker;
        *number = open.number;
        *heading = open.heading;
        *b = blocks;
        lift_responsibility(b, r);
    }
}

/// Markers numbered up to this are written once and copied.
const MARKERS_KEPT: usize = 64;

/// The canonical form of the marker `kind` `number`, copied from a table
/// for the common numbers.
fn canonical_marker(kind: MarkerKind, number: u32) -> String {
    // Each written when first asked for: writing all 512 at once (0.14M
    // instructions) cost more than the markers a corpus of 107 pages meets,
    // as most outlines use a few kinds and low numbers.
    type Kept = [std::sync::OnceLock<String>; MARKERS_KEPT];
    static KEPT: [Kept; MarkerKind::ALL.len()] =
        [const { [const { std::sync::OnceLock::new() }; MARKERS_KEPT] }; MarkerKind::ALL.len()];
    let kept = number.checked_sub(1).and_then(|i| {
        KEPT.get(usize::from(rank(kind)))?
            .get(usize::try_from(i).ok()?)
    });
    match kept {
        Some(m) => m
            .get_or_init(|| marker::canonical_marker(kind, number))
            .clone(),
        None => marker::canonical_marker(kind, number),
    }
}

/// An item whose text is paragraphs, the last closed by a responsibility
/// parenthetical, carries that responsibility as a whole: it names who does
/// the item, not who does its last sentence. Returns it, taken off the
/// paragraph, into `into` (the section's empty slot, filled where it stands
/// rather than returned and copied there) when `blocks` are such an item's.
fn lift_responsibility(blocks: &mut [Block], into: &mut Option<Responsibility>) {
    // All paragraphs, one of them closed by a responsibility: one pass tells.
    let mut with = 0usize;
    for b in blocks.iter() {
        match b {
            Block::Paragraph { responsibility, .. } => {
                with += usize::from(responsibility.is_some())
            }
            _ => return,
        }
    }
    if with != 1 {
        return;
    }
    if let Some(Block::Paragraph { responsibility, .. }) = blocks.last_mut() {
        std::mem::swap(into, responsibility);
    }
}

/// Pushes a paragraph block of `text` to `stack`, with a closing
/// responsibility parenthetical split off; `scratch` is the parenthetical
/// reader's.
// Inlined at its one call, in `nest`: a call for each paragraph saved and
// restored the registers of both.
#[inline(always)]
fn push_paragraph(stack: &mut Vec<Block>, text: Cow<'_, str>, scratch: &mut Scratch) {
    // The parenthetical is found before the text is copied, so that a
    // borrowed text is copied without it, into a string of its size. (Pushed
    // here, not returned: a block returned was copied again into the stack.)
    let mut found = grammar::Responsibility::default();
    let at = trailing_responsibility_in(&text, scratch, &mut found);
    let own = match at {
        Some(at) => text.get(..at).unwrap_or(&text).trim_end().len(),
        None => text.len(),
    };
    let text = match text {
        Cow::Owned(mut text) => {
            text.truncate(own);
            text
        }
        Cow::Borrowed(text) => text.get(..own).unwrap_or(text).to_owned(),
    };
    if let Some(Block::Paragraph {
        text: slot,
        responsibility: r,
    }) = push_empty(stack, || Block::Paragraph {
        text: String::new(),
        responsibility: None,
    }) {
        *slot = text;
        if at.is_some() {
            *r = Some(Responsibility {
                lead: found.lead,
                responsible: found.responsible,
                note: found.note,
            });
        }
    }
}

/// Pushes the block `empty` makes to `stack`, and returns it to be filled
/// in: a block built and then pushed was built on the call stack and copied
/// over (152 bytes, by a call of memcpy), where an empty one is written in
/// its slot by a few stores, and its fields then.
#[inline(always)]
fn push_empty(stack: &mut Vec<Block>, empty: fn() -> Block) -> Option<&mut Block> {
    stack.resize_with(stack.len() + 1, empty);
    stack.last_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::{recognise, width};

    fn blocks(page: &str) -> (Vec<Block>, Sink) {
        let lines = recognise(page);
        let mut sink = Sink::default();
        let mut b = build(page, &lines, 0, lines.len(), &[], &mut sink);
        settle(&mut b, &mut sink);
        (b, sink)
    }

    #[test]
    fn parts_built_after_others_read_as_when_built_first() {
        // The buffers a part leaves (an open bracket, open sections, units
        // and a parenthetical's marks) must not leak into the next part.
        let before = "一、任务\n（一）推进（牵头单位：市科技局；责任单位：市财政局）\n\
                      1. 建设（含\n围绕生物药品和疫苗、数字医疗产品、创新化学药、\n";
        let page = "（二）加强\n保障措施，（责任单位：市商务委）\n二、要求\n落实。\n";
        let fresh = std::thread::spawn(move || blocks(page).0)
            .join()
            .expect("a fresh thread");
        let _ = blocks(before);
        assert_eq!(blocks(page).0, fresh);
    }

    #[test]
    fn run_on_items_printed_out_of_place_rejoin_their_run() {
        let page = "一、目标\n2. 乙项。\n二、任务\n（一）第一组\n1. 甲项。\n3. 丙项。\n（二）第二组\n4. 丁项。\n\
                    三、保障\n5. 戊项。\n";
        let (b, _) = blocks(page);
        let Block::Section { blocks: tasks, .. } = &b[1] else {
            panic!("二、")
        };
        let Block::Section { blocks: first, .. } = &tasks[0] else {
            panic!("（一）")
        };
        let numbers: Vec<u32> = first
            .iter()
            .filter_map(|x| match x {
                Block::Section { number, .. } => Some(*number),
                _ => None,
            })
            .collect();
        assert_eq!(numbers, [1, 2, 3], "2. rejoins the run in （一）");
        let Block::Section { blocks: goal, .. } = &b[0] else {
            panic!("一、")
        };
        assert!(goal.is_empty());
        // 5. stands after the run, right under 三、: an outline that skips a level.
        let Block::Section { blocks: last, .. } = &b[2] else {
            panic!("三、")
        };
        assert_eq!(last.len(), 1);
    }

    #[test]
    fn repeated_and_shuffled_sections_merge_in_order() {
        let (b, sink) =
            blocks("二、乙\n第二段。\n一、甲\n第一段。\n二、乙\n第二段之二。\n四、丁\n");
        let markers: Vec<&str> = b
            .iter()
            .filter_map(|x| match x {
                Block::Section { marker, .. } => Some(marker.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(markers, ["一、", "二、", "四、"]);
        let Block::Section { blocks: second, .. } = &b[1] else {
            panic!()
        };
        assert_eq!(second.len(), 2);
        let codes: Vec<&str> = sink.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(
            codes,
            ["section_folded", "numbering_gap"],
            "{:?}",
            sink.warnings
        );
        assert!(sink.warnings[0].message.contains("二、乙"));
        assert!(sink.warnings[1].message.contains("三、"));
    }

    proptest::proptest! {
        #[test]
        fn repeals_are_found_as_each_phrase_is(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "同时", "同步", "废止", "同", "时", "步", "废", "止", "。", "本", "a", "𠀀",
                ]),
                0..12,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(
                repeals_another(&text),
                text.contains("同时废止") || text.contains("同步废止"),
                "{}",
                text
            );
        }
    }

    #[test]
    fn brackets_are_told_by_their_bytes_as_by_chars() {
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let text = format!("{c}责任单位：市发展改革委）");
            assert_eq!(
                opens_with_bracket(&text),
                text.starts_with(['（', '(', '〔', '[', '【']),
                "{c}"
            );
        }
        assert!(!opens_with_bracket(""));
    }

    #[test]
    fn page_debris_is_found_only_at_the_end() {
        assert_eq!(page_debris_start("新型建一2一"), Some("新型建".len()));
        assert_eq!(page_debris_start("新型建一 2 一"), Some("新型建".len()));
        assert_eq!(page_debris_start("— 12 —"), Some(0));
        assert_eq!(page_debris_start("统一"), None);
        assert_eq!(page_debris_start("第一2"), None);
        assert_eq!(page_debris_start("一一"), None);
    }

    proptest::proptest! {
        #[test]
        fn debris_is_told_by_its_last_byte_as_by_chars(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一", "—", "－", "-", "─", "–", "―", " ", "1", "23", "建", "。", "，", "丁",
                    "耀", "é", "𠀀", "a",
                ]),
                0..10,
            )
        ) {
            let line: String = parts.concat();
            proptest::prop_assert_eq!(page_debris_start(&line), debris_start_by_chars(&line), "{}", line);
        }
    }

    #[test]
    fn hard_wrapped_lines_join_and_debris_goes() {
        let page = "到 2030 年底, 打造一批智能建造产业园区, 培育西南地区住建领域优势产业 10 个以上、新型建一 2 一\n\n\
                    造领军企业20家以上,现代建筑产业产值达到6000亿元。";
        let (b, sink) = blocks(page);
        assert_eq!(b.len(), 1);
        let Block::Paragraph { text, .. } = &b[0] else {
            panic!("not a paragraph: {b:?}")
        };
        assert_eq!(
            text,
            "到2030年底，打造一批智能建造产业园区，培育西南地区住建领域优势产业10个以上、新型建造领军企业20家以上，现代建筑产业产值达到6000亿元。"
        );
        assert_eq!(sink.warnings.len(), 1);
        assert_eq!(sink.warnings[0].code, "page_number_repaired");
        assert_eq!(sink.removed.len(), 1);
    }

    #[test]
    fn responsibility_split_over_lines_lands_on_the_item() {
        let page = "1．全力引育创新主体。围绕生物药品和疫苗、数字医疗产品、创新化学药\n\
                    生物医药企业新建企业研发中心和中试基地。〔责任单位：市科\n\n\
                    技局、市招商投资局、市经济信息委，有关区县（自治县，以下\n\
                    简称区县）政府〕\n\
                    2．建设产业创新重点平台。积极对接。（责任单位：市发展\n\
                    改革委）";
        let (b, sink) = blocks(page);
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(b.len(), 2);
        let Block::Section {
            marker,
            heading,
            responsibility,
            blocks,
            ..
        } = &b[0]
        else {
            panic!("not a section")
        };
        assert_eq!(marker, "1.");
        assert_eq!(heading.as_deref(), Some("全力引育创新主体"));
        let r = responsibility.as_ref().expect("responsibility on the item");
        assert_eq!(
            r.responsible,
            [
                "市科技局",
                "市招商投资局",
                "市经济信息委",
                "有关区县（自治县，以下简称区县）政府"
            ]
        );
        assert_eq!(
            blocks,
            &[Block::Paragraph {
                text: "围绕生物药品和疫苗、数字医疗产品、创新化学药生物医药企业新建企业研发中心和中试基地。"
                    .into(),
                responsibility: None
            }]
        );
        let Block::Section { responsibility, .. } = &b[1] else {
            panic!("not a section")
        };
        assert_eq!(
            responsibility.as_ref().map(|r| r.responsible.clone()),
            Some(vec!["市发展改革委".to_owned()])
        );
    }

    #[test]
    fn markers_nest_by_rank_and_numbering_runs_on() {
        let page = "一、总体要求\n正文。\n二、重点任务\n（一）甲\n1. 子项一。\n2. 子项二。\n（二）乙\n3. 子项三。\n\
                    三、工作举措\n（三）丙\n四、保障措施\n";
        let (b, sink) = blocks(page);
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(b.len(), 4);
        let Block::Section { blocks: second, .. } = &b[1] else {
            panic!()
        };
        assert_eq!(second.len(), 2);
        let Block::Section {
            blocks: first_sub,
            level,
            ..
        } = &second[0]
        else {
            panic!()
        };
        assert_eq!(*level, 2);
        assert_eq!(first_sub.len(), 2);
    }

    #[test]
    fn kept_markers_are_the_canonical_ones() {
        for kind in MarkerKind::ALL {
            for n in 0..=MARKERS_KEPT as u32 + 3 {
                assert_eq!(canonical_marker(kind, n), marker::canonical_marker(kind, n));
            }
        }
    }

    /// The bracket depth after `text`, counted a char at a time.
    fn depth_by_chars(text: &str) -> i32 {
        let mut depth = 0i32;
        for c in text.chars() {
            match c {
                '（' | '〔' | '(' | '《' | '【' => depth += 1,
                '）' | '〕' | ')' | '》' | '】' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        depth
    }

    fn events(text: &str) -> Vec<(usize, bool)> {
        let mut found = Vec::new();
        bracket_events(text, |at, opens| found.push((at, opens)));
        found
    }

    #[test]
    fn brackets_are_counted_as_chars_are() {
        for text in [
            "",
            "（责任单位：市科技局",
            "〔2025〕《办法》【一】(a)）)",
            "））（（《",
            "é𠀀（）「」“（”",
        ] {
            let depth = events(text).iter().fold(
                0i32,
                |d, &(_, opens)| {
                    if opens {
                        d + 1
                    } else {
                        (d - 1).max(0)
                    }
                },
            );
            assert_eq!(depth, depth_by_chars(text), "{text}");
        }
    }

    /// The bracket test as it was before units kept their brackets: the
    /// depth of the text's last [`BRACKET_TAIL`] bytes, counted afresh.
    fn unbalanced_by_rescan(text: &str) -> bool {
        let mut tail_start = text.len().saturating_sub(BRACKET_TAIL);
        while !text.is_char_boundary(tail_start) {
            tail_start += 1;
        }
        depth_by_chars(&text[tail_start..]) > 0
    }

    proptest::proptest! {
        #[test]
        fn kept_bracket_depth_tells_as_a_rescan_does(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "（", "）", "〔", "〕", "《", "》", "(", ")", "，", "。", "责任单位：",
                        "市发展改革委、市科技局", "围绕生物药品和疫苗、数字医疗产品、创新化学药",
                    ]),
                    0..30,
                ),
                1..12,
            )
        ) {
            let mut scan = BracketScan::default();
            let mut text = String::new();
            for line in lines {
                text.push_str(&line.concat());
                proptest::prop_assert_eq!(
                    scan.unbalanced(&text),
                    unbalanced_by_rescan(&text),
                    "{}",
                    text
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn tabs_are_found_in_the_lines_that_hold_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\t", "\n", "\n\n", "序号", "甲", "一、总则", "1. 项目", "  ", "a\tb",
                ]),
                0..40,
            ),
            asked in proptest::collection::vec(0usize..30, 0..40),
        ) {
            let page: String = parts.concat();
            let lines = recognise(&page);
            let mut in_order: Vec<usize> = (0..lines.len() + 1).collect();
            in_order.retain(|i| i % 3 != 1);
            for order in [in_order, asked] {
                let mut tabs = Tabs::new(&lines, 0, lines.len());
                for i in order {
                    proptest::prop_assert_eq!(
                        tabs.any_in(&lines, i),
                        lines.text(i).contains('\t'),
                        "line {} of {:?}",
                        i,
                        page
                    );
                }
            }
        }

        #[test]
        fn width_is_told_as_it_is_counted(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一", "a", "é", "𠀀", " ", "，", "12", "𠀀𠀀𠀀𠀀", "一一一一", "abcd",
                ]),
                0..70,
            ),
            w in 0usize..90,
        ) {
            let line: String = parts.concat();
            let counted = std::cell::OnceCell::new();
            proptest::prop_assert_eq!(at_least_wide(&line, w, &counted), width(&line) >= w, "{}", line);
            // Asked again with the width kept, as continues_after does.
            proptest::prop_assert_eq!(
                at_least_wide(&line, WRAP_WIDTH, &counted),
                width(&line) >= WRAP_WIDTH,
                "{}",
                line
            );
        }

    }

    proptest::proptest! {
        #[test]
        fn searched_brackets_are_the_stepped_ones(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "（", "）", "〔", "〕", "《", "》", "【", "】", "「", "」", "，", "。", "、",
                    "：", "；", "“", "”", "！", "责", "任", "单", "位", "a", "1", " ", "é", "𠀀",
                ]),
                0..60,
            )
        ) {
            let s: String = parts.concat();
            let mut stepped = Vec::new();
            bracket_events_stepping(s.as_bytes(), |at, opens| stepped.push((at, opens)));
            proptest::prop_assert_eq!(events(&s), stepped.clone(), "{}", s);
            // The search itself, which short texts never reach above.
            if !s.contains(['(', ')']) {
                let mut searched = Vec::new();
                bracket_events_searched(&s, |at, opens| searched.push((at, opens)));
                proptest::prop_assert_eq!(searched, stepped, "{}", s);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn sections_numbered_up_need_no_merging_or_ordering(
            sections in proptest::collection::vec(
                (0usize..4, 0u32..6, proptest::bool::weighted(0.1)),
                0..8,
            )
        ) {
            let kinds = [
                MarkerKind::CnComma,
                MarkerKind::CnParen,
                MarkerKind::Arabic,
                MarkerKind::Article,
            ];
            let blocks: Vec<Block> = sections
                .iter()
                .map(|&(k, number, odd)| {
                    let kind = kinds[k];
                    Block::Section {
                        level: kind.level(),
                        marker: if odd { "※".into() } else { canonical_marker(kind, number) },
                        number,
                        heading: None,
                        responsibility: None,
                        blocks: Vec::new(),
                    }
                })
                .collect();
            if numbered_up(&blocks) {
                proptest::prop_assert!(!has_repeated_marker(&blocks));
                let mut ordered = blocks.clone();
                order_by_number(&mut ordered);
                proptest::prop_assert_eq!(ordered, blocks);
            }
        }
    }

    proptest::proptest! {
        /// The walks of [`settle`] skip the blocks of a section that holds
        /// no section ([`has_section`]): walked, they change and say nothing.
        #[test]
        fn walks_below_a_section_without_sections_do_nothing(
            items in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "一、甲", "（二）乙", "3. 丙。", "第四条 丁", "正文。", "",
                    ]),
                    proptest::bool::ANY,
                ),
                0..6,
            )
        ) {
            let blocks: Vec<Block> = items
                .iter()
                .map(|&(text, table)| match table {
                    true => Block::Table {
                        header: vec![text.to_owned()],
                        rows: vec![],
                    },
                    false => Block::Paragraph {
                        text: text.to_owned(),
                        responsibility: None,
                    },
                })
                .collect();
            let mut sink = Sink::default();
            let mut walked = blocks.clone();
            proptest::prop_assert_eq!(merge_and_order(&mut walked, &mut sink), 0);
            let mut outline = Outline {
                sections: Vec::new(),
                last_id: 3,
            };
            let mut run_on = Lasts::default();
            run_on[2] = Some(1);
            warn_numbering(&walked, 3, &mut run_on, &mut outline, &mut sink);
            proptest::prop_assert!(!has_section(&blocks));
            proptest::prop_assert_eq!(walked, blocks);
            proptest::prop_assert!(sink.warnings.is_empty());
            proptest::prop_assert!(outline.sections.is_empty() && outline.last_id == 3);
        }
    }

    proptest::proptest! {
        #[test]
        fn items_outside_parens_are_those_taken_as_strays(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一、甲", "二、乙", "（一）丙", "（二）丁", "1. 己。", "2. 庚。", "（1）壬。",
                    "正文。", "第一章 总则",
                ]),
                0..20,
            )
        ) {
            let page = lines.join("\n");
            let lines = recognise(&page);
            let mut sink = Sink::default();
            let b = build(&page, &lines, 0, lines.len(), &[], &mut sink);
            let mut taken = Vec::new();
            take_strays(&mut b.clone(), false, &|_| true, &mut taken);
            proptest::prop_assert_eq!(any_item_outside_parens(&b), !taken.is_empty(), "{}", page);
        }
    }

    /// [`append_wrapped`] with the chars at the junction decoded.
    fn append_wrapped_by_chars(text: &mut String, next: &str) -> bool {
        if let (Some(b), Some(a)) = (text.chars().next_back(), next.chars().next()) {
            if b.is_ascii_alphabetic() && a.is_ascii_alphabetic() {
                text.push(' ');
            }
            let ascii_punct = |c: char| matches!(c, ',' | ':' | ';' | '?' | '!' | '(' | ')' | '"');
            if ascii_punct(b) || ascii_punct(a) || (b == ' ') {
                text.push_str(next);
                let mut again = String::new();
                canonical_into(text, &mut again);
                *text = again;
                return false;
            }
        }
        text.push_str(next);
        true
    }

    proptest::proptest! {
        #[test]
        fn wrapped_lines_join_as_by_chars(
            before in "[a1 ,:;?!()\"一（。é𠀀]{0,3}",
            after in "[a1 ,:;?!()\"一（。é𠀀]{0,3}",
        ) {
            let (mut by_bytes, mut by_chars) = (before.clone(), before.clone());
            proptest::prop_assert_eq!(
                append_wrapped(&mut by_bytes, &after),
                append_wrapped_by_chars(&mut by_chars, &after)
            );
            proptest::prop_assert_eq!(by_bytes, by_chars);
        }
    }

    #[test]
    fn paren_and_arabic_sections_are_told_as_their_kind_is() {
        let odd = [
            "（一、",
            "（1）",
            "（一）.",
            "第一条.",
            "（",
            ".",
            "",
            "1.",
            "（十）",
            "①",
        ];
        for kind in MarkerKind::ALL {
            for number in 0..=260 {
                let shown = marker::canonical_marker(kind, number);
                for m in odd.iter().copied().chain([shown.as_str()]) {
                    let k = kind_of(m, number);
                    assert_eq!(
                        is_cn_paren(m, number),
                        k == Some(MarkerKind::CnParen),
                        "{m}"
                    );
                    assert_eq!(is_arabic(m, number), k == Some(MarkerKind::Arabic), "{m}");
                }
            }
        }
    }

    #[test]
    fn kinds_are_read_as_the_grammar_reads_them() {
        let odd = [
            "（一、",
            "（1）",
            "（一）.",
            "第一条.",
            "（",
            "）",
            "（）",
            "（a）",
            "（①）",
            ".",
            "",
            "1.",
            "第",
            "第章",
            "章",
            "一章",
            "第一",
            "第一章、",
            "第一段",
            "第a",
            "第一条）",
            "一、",
            "、",
            "①",
            "⑴",
            "⒈",
            "㈠",
            "㊿",
            "（51）",
            "（十）",
            "十一、",
            "（1a）",
            "（１）",
        ];
        for kind in MarkerKind::ALL {
            for number in 0..=260 {
                let shown = marker::canonical_marker(kind, number);
                for m in odd.iter().copied().chain([shown.as_str()]) {
                    assert_eq!(
                        kind_of(m, number),
                        marker::canonical_marker_kind(m, number),
                        "{m} {number}"
                    );
                }
            }
        }
        for number in [9998, 9999, 10000, 10001, u32::MAX] {
            for kind in MarkerKind::ALL {
                let shown = marker::canonical_marker(kind, number);
                assert_eq!(
                    kind_of(&shown, number),
                    marker::canonical_marker_kind(&shown, number),
                    "{shown} {number}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn kinds_of_odd_markers_are_read_as_the_grammar_reads_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "第", "章", "节", "条", "一", "十", "、", ".", "（", "）", "1", "9", "a", "①", "é", "𠀀",
                ]),
                0..5,
            ),
            number in proptest::prop_oneof![0u32..260, 9990u32..10_010],
        ) {
            let m = parts.concat();
            proptest::prop_assert_eq!(kind_of(&m, number), marker::canonical_marker_kind(&m, number), "{}", m);
        }
    }

    proptest::proptest! {
        #[test]
        fn missing_numbers_are_those_a_search_misses(
            numbers in proptest::collection::vec(0u32..40, 0..20),
            highest in 0u32..45,
        ) {
            let mut sorted = numbers;
            sorted.sort_unstable();
            sorted.dedup();
            let searched: Vec<u32> = (1..highest)
                .filter(|n| sorted.binary_search(n).is_err())
                .collect();
            proptest::prop_assert_eq!(missing_below(&sorted, highest), searched);
        }

        #[test]
        fn a_number_inside_the_run_is_one_with_held_numbers_on_both_sides(
            held in proptest::collection::vec(proptest::collection::vec(0u32..20, 0..5), 0..4),
            n in 0u32..22,
        ) {
            // As regroup_run_on_items tells a stray's home: the parents of its
            // nearest neighbours below and above.
            let below = held.iter().flatten().filter(|&&m| m < n).max();
            let above = held.iter().flatten().filter(|&&m| m > n).min();
            let mut all: Vec<u32> = held.iter().flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            if let (Some(&lowest), Some(&highest)) = (all.first(), all.last()) {
                proptest::prop_assert_eq!(
                    below.is_some() && above.is_some(),
                    lowest < n && n < highest
                );
            }
        }
    }

    /// How many `（N）` sections in `blocks`, at any depth, hold a `1.` item,
    /// counted by a walk of their own.
    fn holding_by_walk(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::Section { blocks: inner, .. } => {
                    usize::from(holds_item(b)) + holding_by_walk(inner)
                }
                _ => 0,
            })
            .sum()
    }

    proptest::proptest! {
        #[test]
        fn merging_counts_the_items_held_as_a_walk_does(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一、甲", "二、乙", "（一）丙", "（二）丁", "（三）戊", "1. 己。", "2. 庚。",
                    "3. 辛。", "（1）壬。", "正文。",
                ]),
                0..24,
            )
        ) {
            let page = lines.join("\n");
            let lines = recognise(&page);
            let mut sink = Sink::default();
            let mut b = build(&page, &lines, 0, lines.len(), &[], &mut sink);
            let holding = merge_and_order(&mut b, &mut sink);
            proptest::prop_assert_eq!(holding, holding_by_walk(&b), "{}", page);
        }
    }

    #[test]
    fn a_gap_in_numbering_is_a_warning() {
        let (_, sink) = blocks("一、甲\n二、乙\n四、丁\n");
        assert_eq!(sink.warnings.len(), 1);
        assert_eq!(sink.warnings[0].code, "numbering_gap");
        assert!(
            sink.warnings[0].message.contains("三、"),
            "{}",
            sink.warnings[0].message
        );
    }
}
