//! Folding repeats inside a page: takes the recognised lines of a page that
//! was scraped several times over and drops every line and sentence that
//! occurred before on the page (the first copy is kept), accounting for each
//! dropped span with reason `duplicate`.
//!
//! "The same" means the same canonical text: canonicalisation has already
//! made spacing, punctuation width and full-width digits agree, so two
//! copies of a sentence that differ only in those are equal here. A
//! sentence is what ends at `。`, `！`, `？` or `；`; sentences shorter than
//! eight characters (`加强组织领导。`) are never dropped, as a real document
//! may well say them twice.
//!
//! Only pages that repeat themselves are folded: a page where at least two
//! whole sentence-bearing lines occur twice. A listing page whose notices
//! happen to share a heading (`五、保障措施`) is left alone.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::grammar::parts;
use crate::lines::{classify, LineKind, Lines};
use crate::report::{Reason, Sink};

/// Sentences shorter than this many characters are never folded.
const SHORTEST_SENTENCE: usize = 8;

/// Folds repeated lines and sentences of `lines` in place.
pub(crate) fn fold(page: &str, lines: &mut Lines, sink: &mut Sink) {
    let probe = Probe::of(lines);
    fold_probed(page, lines, sink, &probe);
}

/// [`fold`], with whether the page repeats itself told by `probe`, which
/// was fed the lines of `lines` as recognised (by the pass over them that
/// looks for chrome, [`crate::segment::scan_page`]); whether it folded, and
/// so may have changed the lines.
// Out of line, so that a profile shows this stage apart from `parse_text`.
#[inline(never)]
pub(crate) fn fold_probed(page: &str, lines: &mut Lines, sink: &mut Sink, probe: &Probe) -> bool {
    if !probe.repeats(lines) {
        return false;
    }
    // The sets borrow the lines' text, so the lines change only once all are
    // read: each change touches only the line being read, which is not read
    // again.
    let mut dropped: Vec<usize> = Vec::new();
    let mut kept = String::new();
    let mut replaced: Vec<(usize, Range<usize>)> = Vec::new();
    let view = &*lines;
    let mut seen_lines: HashSet<&str, OneShot> =
        HashSet::with_capacity_and_hasher(view.len(), OneShot::default());
    let mut seen_sentences: HashSet<&str, OneShot> =
        HashSet::with_capacity_and_hasher(view.len(), OneShot::default());
    // The copies dropped from a line: where each stands in its raw line, and
    // where in its text (the kept text is written only for a line that loses
    // one, not for every line).
    let mut removed: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut scratch = Scratch::default();
    for i in 0..view.len() {
        let kind = view.kind(i);
        if matches!(kind, LineKind::Blank) {
            continue;
        }
        let text = view.text(i);
        let has_sentence = has_sentence(text);
        // (A line seen before is in the set already: one hash, not two.)
        let seen = !seen_lines.insert(text);
        // Chars are counted only for a line whose bytes leave it open: a
        // copy is most often long.
        if seen
            && (has_sentence && at_least_chars(text, SHORTEST_SENTENCE)
                || at_least_chars(text, 4) && is_structural(kind, text))
        {
            sink.remove(view.lines[i].raw.clone(), Reason::Duplicate);
            dropped.push(i);
            continue;
        }
        if !has_sentence || matches!(kind, LineKind::Heading(_)) && !at_least_chars(text, 40) {
            continue;
        }
        let raw = view.lines[i].raw.clone();
        let raw_text = page.get(raw.clone()).unwrap_or("");
        // Looking for copies in the raw line costs at most a few passes over
        // it: past that, the copies not found yet stay.
        let mut budget = 32 * raw_text.len() + 1024;
        removed.clear();
        let mut search_from = 0;
        let mut sentence_start = 0;
        for sentence in sentences(text) {
            let at = sentence_start..sentence_start + sentence.len();
            sentence_start = at.end;
            // A tail without a closing mark (a responsibility parenthetical
            // such as `（责任单位：省民政厅）`) is no sentence: items share them.
            let closed = sentence.ends_with(['。', '！', '？', '；']);
            let is_long = closed && at_least_chars(sentence, SHORTEST_SENTENCE);
            if is_long && !seen_sentences.insert(sentence) {
                // A copy goes only where the raw line shows it, so that what
                // is dropped is accounted for; one not found stays.
                if let Some(found) =
                    locate(raw_text, search_from, sentence, &mut budget, &mut scratch)
                {
                    search_from = found.end;
                    removed.push((found, at));
                }
            }
        }
        if removed.is_empty() {
            continue;
        }
        let start = kept.len();
        let mut kept_from = 0;
        for (_, at) in &removed {
            kept.push_str(text.get(kept_from..at.start).unwrap_or(""));
            kept_from = at.end;
        }
        kept.push_str(text.get(kept_from..).unwrap_or(""));
        if kept.get(start..).unwrap_or("").trim().is_empty() {
            kept.truncate(start);
            sink.remove(raw, Reason::Duplicate);
            dropped.push(i);
            continue;
        }
        for (found, _) in removed.drain(..) {
            sink.remove(
                raw.start + found.start..raw.start + found.end,
                Reason::Duplicate,
            );
        }
        replaced.push((i, start..kept.len()));
    }
    for i in dropped {
        if let Some(line) = lines.lines.get_mut(i) {
            line.kind = LineKind::Blank;
        }
    }
    // One reservation for all the rewritten lines (and their newlines):
    // the page's text grew by a copy of itself several times over.
    lines.canon.reserve(kept.len() + replaced.len());
    for (i, range) in replaced {
        replace_text(lines, i, kept.get(range).unwrap_or(""));
    }
    true
}

/// Hashes a line or a sentence with one xxh3 call: SipHash cost more than
/// the rest of the fold.
type OneShot = BuildHasherDefault<OneShotHasher>;

/// The [`Hasher`] of [`OneShot`].
#[derive(Default)]
struct OneShotHasher(u64);

impl Hasher for OneShotHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(5) ^ xxhash_rust::xxh3::xxh3_64(bytes);
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = self.0.rotate_left(5) ^ u64::from(byte);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whether `text` has at least `n` characters, counting only when its byte
/// length leaves it open.
fn at_least_chars(text: &str, n: usize) -> bool {
    text.len() >= 4 * n || text.len() >= n && text.chars().count() >= n
}

/// Whether the page holds at least two whole lines (of a dozen CJK
/// characters or more, with a sentence) twice.
#[cfg(test)]
fn repeats_itself(lines: &Lines) -> bool {
    Probe::of(lines).repeats(lines)
}

/// What tells whether a page repeats itself ([`Probe::repeats`]), fed its
/// lines one at a time ([`Probe::note`]): a key of a few words of each line
/// goes into a filter, and the lines whose key was seen are counted. Most
/// pages repeat no line, and unequal keys show it without sorting or
/// hashing whole lines.
pub(crate) struct Probe {
    keys: KeySet,
    /// Lines with a sentence whose key was seen before.
    twice: usize,
}

impl Probe {
    /// A probe for a page of `lines` lines.
    pub(crate) fn new(lines: usize) -> Probe {
        Probe {
            keys: KeySet::with_room_for(lines),
            twice: 0,
        }
    }

    /// A probe fed every line of `lines`.
    // Out of line: inlined in `fold`, its loop over the lines lost registers
    // to the fold proper and spilled on every long line.
    #[inline(never)]
    fn of(lines: &Lines) -> Probe {
        let mut probe = Probe::new(lines.len());
        for line in &lines.lines {
            probe.note(&lines.canon, line.text.clone());
        }
        probe
    }

    /// Feeds the line whose text is `text` of `canon`. (An empty line may go
    /// unfed: only lines of 36 bytes or more count.)
    #[inline(always)]
    pub(crate) fn note(&mut self, canon: &str, text: Range<usize>) {
        // Told by the length of its range before its bytes are read (a
        // short line is most lines), with a branch of its own: joined to
        // the bounds test of the cut below, it cost a short line twice the
        // instructions. (A reversed range, were there one, wraps to a long
        // length and fails the cut.) The key is read from the bytes, and
        // the text is cut out of the page (with its test of char
        // boundaries) only for a line whose key was seen.
        if text.end.wrapping_sub(text.start) < 36 {
            return;
        }
        let Some(bytes) = canon.as_bytes().get(text.clone()) else {
            return;
        };
        if !self.keys.insert(line_key(bytes)) && has_sentence(canon.get(text).unwrap_or("")) {
            self.twice += 1;
        }
    }

    /// Whether the page of `lines`, whose lines were fed, holds at least
    /// two whole lines (of a dozen CJK characters or more, with a sentence)
    /// twice.
    fn repeats(&self, lines: &Lines) -> bool {
        self.twice >= 2 && lines_twice(lines) >= 2
    }
}

/// The line keys seen, as a Bloom filter (two bits a key, both in one
/// word): a `HashSet` spent more on each insert than the rest of
/// [`Probe::note`] on a line. It answers "seen" for every key inserted
/// before and for a few others (a few in a thousand at sixteen bits a
/// line), which only make [`lines_twice`] look, and that counts exactly.
/// The two bits share a word so that a key costs one test of bounds, one
/// load and one store, not two of each.
struct KeySet {
    words: Vec<u64>,
    /// How far a key's mixed value is shifted to give its word's place.
    shift: u32,
}

impl KeySet {
    /// A filter of sixteen bits for each of `n` keys, at least 512.
    fn with_room_for(n: usize) -> KeySet {
        let words = (n / 4).max(8).next_power_of_two();
        KeySet {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// Adds `key`; whether it was not seen before (never false for a key
    /// that was not inserted, unless its bits were all set by others).
    #[inline]
    fn insert(&mut self, key: u64) -> bool {
        let mixed = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // The word from the top bits of the product, the bits in it from
        // the twelve below the top fourteen (the low bits of a product mix
        // only the key's low bits).
        let bits = (1u64 << ((mixed >> 38) % 64)) | (1u64 << ((mixed >> 44) % 64));
        let Some(word) = self.words.get_mut((mixed >> self.shift) as usize) else {
            return false;
        };
        let clear = *word & bits != bits;
        *word |= bits;
        clear
    }
}

/// A key of a line of 36 bytes or more: its length and three words of it,
/// the first, the one that ends its 36th byte and the last.
///
/// The first two are read from the line's first 36 bytes as a whole, and
/// so with no test of bounds: a word from the middle of the line cost two.
/// (A shorter line's key is its length and last word.)
#[inline]
fn line_key(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let head = bytes.first_chunk::<36>().map_or(0, |head| {
        let (first, rest) = head.split_at(8);
        let word = |b: &[u8]| b.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
        word(first).rotate_left(8) ^ word(rest.get(20..).unwrap_or_default()).rotate_left(24)
    });
    (len as u64) ^ head ^ word(bytes, len.saturating_sub(8)).rotate_left(40)
}

/// How many lines (of 36 bytes or more, with a sentence) are copies of one
/// above them.
fn lines_twice(lines: &Lines) -> usize {
    // Sorted by length and the first and last bytes, the whole text breaking
    // ties: copies are next to each other then.
    let mut texts: Vec<(usize, u64, u64, &str)> = (0..lines.len())
        .map(|i| lines.text(i))
        .filter(|t| t.len() >= 36)
        .map(|t| {
            (
                t.len(),
                word(t.as_bytes(), 0),
                word(t.as_bytes(), t.len() - 8),
                t,
            )
        })
        .collect();
    texts.sort_unstable();
    texts
        .windows(2)
        .filter(|w| w[0] == w[1] && has_sentence(w[0].3))
        .count()
}

/// The eight bytes of `bytes` from `at` as a number (0 past the end),
/// little-endian: no byte swap, and only equality of words is asked.
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// Lines whose second copy is dropped even without a full stop: numbers,
/// dates, signatures, headings, titles and addressee lines.
fn is_structural(kind: LineKind, text: &str) -> bool {
    match kind {
        LineKind::DocNumber
        | LineKind::Published
        | LineKind::Signature
        | LineKind::Publicity
        | LineKind::Heading(_)
        | LineKind::AttachmentHeading => true,
        _ => parts::doc_type(text).is_some() || text.ends_with('：'),
    }
}

/// Whether `text` holds a sentence mark (`。`, `！`, `？` or `；`).
fn has_sentence(text: &str) -> bool {
    // Most sentence-bearing lines end with one.
    text.ends_with(['。', '！', '？', '；']) || mark_end(text.as_bytes()).is_some()
}

/// The end of the first sentence mark in `bytes`: `。` is E3 80 82, `！`, `？`
/// and `；` are EF BC 81, 9F and 9B. (E3 and EF are always lead bytes.)
fn mark_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(0xE3, 0xEF, bytes).find_map(|at| {
        let mark = matches!(
            bytes.get(at..at + 3)?,
            [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81 | 0x9F | 0x9B]
        );
        mark.then_some(at + 3)
    })
}

/// The sentences of `text`, each with its closing mark; the text after the
/// last mark is the last sentence.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = mark_end(rest.as_bytes()).unwrap_or(rest.len());
        let (sentence, after) = rest.split_at_checked(end)?;
        rest = after;
        Some(sentence)
    })
}

/// Points line `i` at new canonical text (appended to the page's buffer).
fn replace_text(lines: &mut Lines, i: usize, text: &str) {
    let start = lines.canon.len();
    lines.canon.push_str(text);
    let range = start..lines.canon.len();
    lines.canon.push('\n');
    lines.lines[i].text = range;
    lines.lines[i].kind = classify(text);
}

/// The key buffers of [`locate`], kept from call to call.
#[derive(Default)]
struct Scratch {
    /// The keys of the sentence looked for.
    wanted: Vec<char>,
    /// The keys of one char.
    buf: Vec<char>,
}

/// The byte range in `raw`, at or after `from`, of the text whose letters
/// and ideographs are those of `sentence` (the canonical form differs from
/// the raw one in spaces, punctuation width, full-width letters and digits,
/// and composition: `é` is `e` + U+0301 in some pages). Each character
/// looked at costs one unit of `budget`; `None` when it runs out.
fn locate(
    raw: &str,
    from: usize,
    sentence: &str,
    budget: &mut usize,
    scratch: &mut Scratch,
) -> Option<Range<usize>> {
    let Scratch { wanted, buf } = scratch;
    wanted.clear();
    // What a match of a verbatim copy reads: the chars up to the last one
    // with keys, and where that one ends.
    let (mut chars, mut verbatim) = (0, (0, 0));
    for (at, c) in sentence.char_indices() {
        keys(c, buf);
        chars += 1;
        if !buf.is_empty() {
            verbatim = (chars, at + c.len_utf8());
        }
        wanted.extend_from_slice(buf);
    }
    let first = *wanted.first()?;
    let tail = raw.get(from..)?;
    let mut at = 0;
    // A sentence that starts with an ideograph of the original block (most)
    // can only start where that ideograph's bytes stand, or at a
    // compatibility ideograph that decomposes to it: the chars between are
    // counted, not read one by one. A raw line copied verbatim (most) is
    // matched by comparing bytes.
    if ('\u{4E00}'..='\u{9FA5}').contains(&first) {
        let mut utf8 = [0; 4];
        let needle = first.encode_utf8(&mut utf8).as_bytes();
        let bytes = tail.as_bytes();
        loop {
            let rest = tail.get(at..)?;
            let Some(p) = find_char(rest.as_bytes(), needle) else {
                if may_hold_stand_in(rest.as_bytes()) {
                    break;
                }
                *budget = budget.saturating_sub(rest.chars().count());
                return None;
            };
            let skipped = rest.get(..p)?;
            if may_hold_stand_in(skipped.as_bytes()) {
                break;
            }
            spend(budget, skipped.chars().count() + 1)?;
            let start = at + p;
            if bytes.get(start..)?.starts_with(sentence.as_bytes()) {
                spend(budget, verbatim.0)?;
                return Some(from + start..from + with_mark(tail, start + verbatim.1));
            }
            if let Some(end) = match_at(tail, start, wanted, buf, budget)? {
                return Some(from + start..from + end);
            }
            at = start + needle.len();
        }
    }
    for (offset, c) in tail.get(at..)?.char_indices() {
        *budget = budget.checked_sub(1)?;
        keys(c, buf);
        if buf.first() != Some(&first) {
            continue;
        }
        if let Some(end) = match_at(tail, at + offset, wanted, buf, budget)? {
            return Some(from + at + offset..from + end);
        }
    }
    None
}

/// Takes `n` units of `budget`; `None` (with the budget spent) when it has
/// fewer, as when they are taken one at a time.
fn spend(budget: &mut usize, n: usize) -> Option<()> {
    match budget.checked_sub(n) {
        Some(left) => {
            *budget = left;
            Some(())
        }
        None => {
            *budget = 0;
            None
        }
    }
}

/// Where the text of `tail` from `start` ends if its keys start with all of
/// `wanted` (with a closing mark right after taken with it): `Some(None)`
/// when they do not; `None` when the budget runs out.
#[inline]
fn match_at(
    tail: &str,
    start: usize,
    wanted: &[char],
    buf: &mut Vec<char>,
    budget: &mut usize,
) -> Option<Option<usize>> {
    let mut matched = 0;
    for (j, original) in tail.get(start..)?.char_indices() {
        *budget = budget.checked_sub(1)?;
        keys(original, buf);
        let fits = buf.iter().all(|&k| {
            let ok = wanted.get(matched) == Some(&k);
            matched += usize::from(ok);
            ok
        });
        if !fits {
            return Some(None);
        }
        if matched == wanted.len() {
            return Some(Some(with_mark(tail, start + j + original.len_utf8())));
        }
    }
    Some(None)
}

/// `end`, past the closing mark that stands right there in `tail`.
fn with_mark(tail: &str, end: usize) -> usize {
    let mark = tail
        .get(end..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| matches!(c, '。' | '！' | '？' | '；' | '.' | ';'));
    end + mark.map_or(0, char::len_utf8)
}

/// Where the three-byte char `needle` first stands in `bytes`: its last
/// byte, a trail byte, is the rarest of the three.
fn find_char(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    let &[a, b, c] = needle else {
        return memchr::memmem::find(bytes, needle);
    };
    memchr::memchr_iter(c, bytes.get(2..)?).find(|&i| bytes.get(i..i + 2) == Some(&[a, b]))
}

/// Whether `bytes` may hold a compatibility ideograph (U+F900–FAFF, EF A4–AB
/// …; U+2F800–2FA1F, F0 AF …), which decomposes to an ideograph of the
/// original block: every four-byte char is taken for one.
fn may_hold_stand_in(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xEF, 0xF0, bytes)
        .any(|i| bytes[i] == 0xF0 || matches!(bytes.get(i + 1), Some(0xA4..=0xAB)))
}

/// What of `c` the search compares, into `out`: its letters and digits
/// decomposed, full-width ones made ASCII (none for a space, a mark or a
/// combining accent).
// Inlined where [`locate`] reads each char: most are ideographs or ASCII,
// and a call for each cost more than its test.
#[inline(always)]
fn keys(c: char, out: &mut Vec<char>) {
    out.clear();
    // Ideographs of the original block and ASCII decompose to themselves.
    if ('\u{4E00}'..='\u{9FA5}').contains(&c) {
        out.push(c);
        return;
    }
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        }
        return;
    }
    decomposed_keys(c, out);
}

/// [`keys`] of a char that is neither an ideograph of the original block
/// nor ASCII.
#[inline(never)]
fn decomposed_keys(c: char, out: &mut Vec<char>) {
    // The punctuation of Chinese text (，：（）, 、。《》「」, “”) is told by
    // its block, without the decomposition tables: no char of these blocks
    // decomposes to a letter or digit, and the letters and digits among
    // them are listed (full-width ones folded to ASCII).
    match c {
        '\u{2000}'..='\u{206F}' => return,
        '\u{3000}'..='\u{303F}' => {
            if matches!(
                c,
                '\u{3005}'..='\u{3007}'
                    | '\u{3021}'..='\u{3029}'
                    | '\u{3031}'..='\u{3035}'
                    | '\u{3038}'..='\u{303C}'
            ) {
                out.push(c);
            }
            return;
        }
        '\u{FF01}'..='\u{FF5E}' => {
            out.extend(crate::chars::fullwidth_to_ascii(c));
            return;
        }
        _ => {}
    }
    let c = crate::chars::fullwidth_to_ascii(c).unwrap_or(c);
    unicode_normalization::char::decompose_canonical(c, |d| {
        if d.is_alphanumeric() {
            out.push(d);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::recognise;

    #[test]
    fn second_copies_of_lines_and_sentences_go() {
        let page = "一、指导思想\n坚持以人民为中心的发展思想。提高人民生活品质。\n\
                    二、发展目标\n力争到2024年基本建成国际生物城。\n三、重点任务\n建设一批示范性现代产业学院。\n\
                    一、指导思想\n坚持以人民为中心的发展思想。提高人民生活品质。\n三、重点任务\n建设一批示范性现代产业学院。\n\
                    力争到2024年基本建成国际生物城。创新能力持续增强并且稳步提升。\n";
        let mut lines = recognise(page);
        let mut sink = Sink::default();
        fold(page, &mut lines, &mut sink);
        let kept: Vec<&str> = (0..lines.len())
            .filter(|&i| lines.kind(i) != LineKind::Blank)
            .map(|i| lines.text(i))
            .collect();
        assert_eq!(
            kept,
            [
                "一、指导思想",
                "坚持以人民为中心的发展思想。提高人民生活品质。",
                "二、发展目标",
                "力争到2024年基本建成国际生物城。",
                "三、重点任务",
                "建设一批示范性现代产业学院。",
                "创新能力持续增强并且稳步提升。",
            ]
        );
        let removed: Vec<&str> = sink.removed.iter().map(|r| &page[r.start..r.end]).collect();
        assert_eq!(
            removed,
            [
                "一、指导思想",
                "坚持以人民为中心的发展思想。提高人民生活品质。",
                "三、重点任务",
                "建设一批示范性现代产业学院。",
                "力争到2024年基本建成国际生物城。"
            ]
        );
    }

    #[test]
    fn a_page_that_does_not_repeat_itself_is_left_alone() {
        let page = "五、保障措施\n加强组织领导，确保落实到位。\n五、保障措施\n加强统筹协调，形成工作合力。\n";
        let mut lines = recognise(page);
        let mut sink = Sink::default();
        fold(page, &mut lines, &mut sink);
        assert!(sink.removed.is_empty());
    }

    /// The loop of [`fold`] as it was before it counted chars only for the
    /// lines that ask and wrote the kept text only for lines that lose a
    /// sentence.
    fn fold_as_before(page: &str, lines: &mut Lines, sink: &mut Sink) {
        if !repeats_itself(lines) {
            return;
        }
        let mut dropped: Vec<usize> = Vec::new();
        let mut kept = String::new();
        let mut replaced: Vec<(usize, Range<usize>)> = Vec::new();
        let view = &*lines;
        let mut seen_lines: HashSet<&str> = HashSet::new();
        let mut seen_sentences: HashSet<&str> = HashSet::new();
        for i in 0..view.len() {
            let kind = view.kind(i);
            if kind == LineKind::Blank {
                continue;
            }
            let text = view.text(i);
            let chars = text.chars().count();
            let has_sentence = has_sentence(text);
            let seen = !seen_lines.insert(text);
            if seen
                && (has_sentence && chars >= SHORTEST_SENTENCE
                    || chars >= 4 && is_structural(kind, text))
            {
                sink.remove(view.lines[i].raw.clone(), Reason::Duplicate);
                dropped.push(i);
                continue;
            }
            if !has_sentence || matches!(kind, LineKind::Heading(_)) && chars < 40 {
                continue;
            }
            let raw = view.lines[i].raw.clone();
            let raw_text = page.get(raw.clone()).unwrap_or("");
            let mut budget = 32 * raw_text.len() + 1024;
            let start = kept.len();
            let mut removed = Vec::new();
            let mut search_from = 0;
            for sentence in sentences(text) {
                let closed = sentence.ends_with(['。', '！', '？', '；']);
                let is_long = closed && at_least_chars(sentence, SHORTEST_SENTENCE);
                if is_long && !seen_sentences.insert(sentence) {
                    if let Some(found) = locate(
                        raw_text,
                        search_from,
                        sentence,
                        &mut budget,
                        &mut Scratch::default(),
                    ) {
                        search_from = found.end;
                        removed.push(found);
                        continue;
                    }
                }
                kept.push_str(sentence);
            }
            if removed.is_empty() {
                kept.truncate(start);
                continue;
            }
            if kept.get(start..).unwrap_or("").trim().is_empty() {
                kept.truncate(start);
                sink.remove(raw, Reason::Duplicate);
                dropped.push(i);
                continue;
            }
            for found in removed {
                sink.remove(
                    raw.start + found.start..raw.start + found.end,
                    Reason::Duplicate,
                );
            }
            replaced.push((i, start..kept.len()));
        }
        for i in dropped {
            lines.lines[i].kind = LineKind::Blank;
        }
        for (i, range) in replaced {
            replace_text(lines, i, &kept[range]);
        }
    }

    /// [`keys`] without its fast paths: every char through the fold of
    /// full-width forms and the decomposition.
    fn keys_by_decomposition(c: char) -> Vec<char> {
        let c = crate::chars::fullwidth_to_ascii(c).unwrap_or(c);
        let mut out = Vec::new();
        unicode_normalization::char::decompose_canonical(c, |d| {
            if d.is_alphanumeric() {
                out.push(d);
            }
        });
        out
    }

    /// [`locate`] as it was, reading every char of the raw line.
    fn locate_char_by_char(
        raw: &str,
        from: usize,
        sentence: &str,
        budget: &mut usize,
    ) -> Option<Range<usize>> {
        let mut buf = Vec::new();
        let mut wanted = Vec::new();
        for c in sentence.chars() {
            keys(c, &mut buf);
            wanted.extend_from_slice(&buf);
        }
        let first = *wanted.first()?;
        let tail = raw.get(from..)?;
        for (start, c) in tail.char_indices() {
            *budget = budget.checked_sub(1)?;
            keys(c, &mut buf);
            if buf.first() != Some(&first) {
                continue;
            }
            let mut matched = 0;
            for (j, original) in tail[start..].char_indices() {
                *budget = budget.checked_sub(1)?;
                keys(original, &mut buf);
                let fits = buf.iter().all(|&k| {
                    let ok = wanted.get(matched) == Some(&k);
                    matched += usize::from(ok);
                    ok
                });
                if !fits {
                    break;
                }
                if matched == wanted.len() {
                    let end = start + j + original.len_utf8();
                    let mark = tail[end..]
                        .chars()
                        .next()
                        .filter(|c| matches!(c, '。' | '！' | '？' | '；' | '.' | ';'));
                    let end = end + mark.map_or(0, char::len_utf8);
                    return Some(from + start..from + end);
                }
            }
        }
        None
    }

    #[test]
    fn every_char_that_stands_in_for_an_ideograph_is_told_by_its_bytes() {
        let mut buf = Vec::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            keys(c, &mut buf);
            let stands_in = buf
                .first()
                .is_some_and(|&k| k != c && ('\u{4E00}'..='\u{9FA5}').contains(&k));
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            assert!(!stands_in || may_hold_stand_in(bytes), "{c:?}");
        }
    }

    #[test]
    fn keys_are_the_decomposition_for_every_char() {
        let mut buf = vec!['x'];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            keys(c, &mut buf);
            assert_eq!(buf, keys_by_decomposition(c), "{c:?}");
        }
    }

    /// [`repeats_itself`] as it was with a `HashSet` of keys and every
    /// line's text cut out of the page.
    fn repeats_itself_by_hash_set(lines: &Lines) -> bool {
        let mut keys: HashSet<u64> = HashSet::new();
        let mut twice = 0;
        for i in 0..lines.len() {
            let text = lines.text(i);
            if text.len() >= 36 && !keys.insert(line_key(text.as_bytes())) && has_sentence(text) {
                twice += 1;
            }
        }
        twice >= 2 && lines_twice(lines) >= 2
    }

    proptest::proptest! {
        #[test]
        fn the_fold_is_the_fold_as_before(
            picks in proptest::collection::vec(proptest::sample::select(vec![
                "一、指导思想",
                "坚持以人民为中心的发展思想。提高人民生活品质。",
                "坚持以人民为中心的发展思想。",
                "提高人民生活品质。力争到2024年基本建成国际生物城。",
                "力争到2024年基本建成国际生物城。",
                "力争到 2024 年基本建成国际生物城。",
                "建设一批示范性现代产业学院。创新能力持续增强并且稳步提升。",
                "二、发展目标和主要任务以及保障措施和组织实施方面的要求。",
                "加强组织领导。",
                "（责任单位：省民政厅）",
                "渝府发〔2025〕1号",
                "关于印发办法的通知",
                "",
            ]), 0..24),
        ) {
            let page = picks.join("\n");
            let mut before = recognise(&page);
            let mut before_sink = Sink::default();
            fold_as_before(&page, &mut before, &mut before_sink);
            let mut lines = recognise(&page);
            let mut sink = Sink::default();
            fold(&page, &mut lines, &mut sink);
            proptest::prop_assert_eq!(&sink.removed, &before_sink.removed);
            let texts = |l: &Lines| {
                (0..l.len()).map(|i| (l.kind(i), l.text(i).to_owned())).collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(texts(&lines), texts(&before));
        }

        #[test]
        fn locate_is_the_search_char_by_char(
            raw in proptest::collection::vec(proptest::sample::select(vec![
                "坚持", "以人民", "为中心", "的发展", "思想", "。", "，", "；", " ", "\u{3000}",
                "2024", "２０２４", "年", "e\u{301}", "é", "“", "”", "\u{F900}", "\u{8C48}", "\u{2F800}",
                "\u{4E3D}", "\u{2F801}", "\u{4E38}", "！", ".", "a", "Ａ",
            ]), 0..40),
            sentence in proptest::collection::vec(proptest::sample::select(vec![
                "坚持", "以人民", "为中心", "的发展", "思想", "，", "2024", "年", "é", "“", "”",
                "\u{8C48}", "\u{4E3D}", "\u{4E38}", "a",
            ]), 1..6),
            mark in proptest::sample::select(vec!["。", "！", "；", "”。"]),
            copy in 0usize..3,
            split in 0usize..40,
            from in 0usize..12,
            budget in proptest::prop_oneof![0usize..40, proptest::strategy::Just(usize::MAX / 2)],
        ) {
            let sentence = sentence.concat() + mark;
            // A copy of the sentence in the raw line: none, verbatim, or
            // spaced out.
            let copy = match copy {
                0 => String::new(),
                1 => sentence.clone(),
                _ => sentence.chars().flat_map(|c| [c, ' ']).collect(),
            };
            let split = split.min(raw.len());
            let raw = raw[..split].concat() + &copy + &raw[split..].concat();
            let from = (0..=from.min(raw.len())).rev().find(|&i| raw.is_char_boundary(i)).unwrap_or(0);
            let mut before = budget;
            let expected = locate_char_by_char(&raw, from, &sentence, &mut before);
            let mut after = budget;
            let found = locate(&raw, from, &sentence, &mut after, &mut Scratch::default());
            proptest::prop_assert_eq!(found, expected);
            proptest::prop_assert_eq!(after, before);
        }

        #[test]
        fn the_key_set_has_seen_every_key_inserted(
            keys in proptest::collection::vec(
                proptest::prop_oneof![0u64..4, 0u64..64, proptest::num::u64::ANY],
                0..200,
            ),
            room in 0usize..100,
        ) {
            let mut set = KeySet::with_room_for(room.max(keys.len()));
            let mut oracle: HashSet<u64> = HashSet::new();
            let mut wrong = 0;
            for key in keys {
                let new = set.insert(key);
                let truly_new = oracle.insert(key);
                // A key seen before is never new; a new key is taken for
                // one seen only now and then.
                proptest::prop_assert!(truly_new || !new);
                wrong += usize::from(truly_new && !new);
            }
            proptest::prop_assert!(wrong <= 8, "{} new keys taken for seen ones", wrong);
        }

        #[test]
        fn repeats_itself_is_the_hash_set_test(
            picks in proptest::collection::vec(proptest::sample::select(vec![
                "坚持以人民为中心的发展思想。提高人民生活品质。",
                "坚持以人民为中心的发展思想，提高人民生活品质",
                "力争到2024年基本建成国际生物城。",
                "力争到2025年基本建成国际生物城。",
                "建设一批示范性现代产业学院。创新能力持续增强。",
                "建设一批示范性现代产业学院。创新能力持续增强；",
                "abcdefghijklmnopqrstuvwxyz0123456789。",
                "abcdefghijklmnopqrstuvwxyz0123456789",
                // 35, 36 and 37 bytes, each with a sentence.
                "abcdefghijklmnopqrstuvwxyz012345。",
                "力争到年基本建成国际城。",
                "abcdefghijklmnopqrstuvwxyz01234567。",
                "一、指导思想",
                "加强组织领导。",
                "",
            ]), 0..30),
        ) {
            let page = picks.join("\n");
            let lines = recognise(&page);
            proptest::prop_assert_eq!(repeats_itself(&lines), repeats_itself_by_hash_set(&lines));
        }
    }
}
