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
use std::ops::Range;

use crate::grammar::parts;
use crate::lines::{classify, LineKind, Lines};
use crate::report::{Reason, Sink};

/// Sentences shorter than this many characters are never folded.
const SHORTEST_SENTENCE: usize = 8;

/// Folds repeated lines and sentences of `lines` in place.
pub(crate) fn fold(page: &str, lines: &mut Lines, sink: &mut Sink) {
    if !repeats_itself(lines) {
        return;
    }
    let mut seen_lines: HashSet<String> = HashSet::new();
    let mut seen_sentences: HashSet<String> = HashSet::new();
    for i in 0..lines.len() {
        let kind = lines.kind(i);
        if kind == LineKind::Blank {
            continue;
        }
        let text = lines.text(i).to_owned();
        let chars = text.chars().count();
        let structural = is_structural(kind, &text) && chars >= 4;
        let sentence = has_sentence(&text) && chars >= SHORTEST_SENTENCE;
        if (structural || sentence) && seen_lines.contains(&text) {
            drop_line(lines, i, sink);
            continue;
        }
        seen_lines.insert(text.clone());
        if !has_sentence(&text) || matches!(kind, LineKind::Heading(_)) && text.chars().count() < 40
        {
            continue;
        }
        let raw = lines.lines[i].raw.clone();
        let raw_text = page.get(raw.clone()).unwrap_or("");
        // Looking for copies in the raw line costs at most a few passes over
        // it: past that, the copies not found yet stay.
        let mut budget = 32 * raw_text.len() + 1024;
        let mut kept = String::with_capacity(text.len());
        let mut removed: Vec<Range<usize>> = Vec::new();
        let mut search_from = 0;
        for sentence in sentences(&text) {
            // A tail without a closing mark (a responsibility parenthetical
            // such as `（责任单位：省民政厅）`) is no sentence: items share them.
            let closed = sentence.ends_with(['。', '！', '？', '；']);
            let is_long = closed && sentence.chars().count() >= SHORTEST_SENTENCE;
            if is_long && !seen_sentences.insert(sentence.to_owned()) {
                // A copy goes only where the raw line shows it, so that what
                // is dropped is accounted for; one not found stays.
                if let Some(found) = locate(raw_text, search_from, sentence, &mut budget) {
                    search_from = found.end;
                    removed.push(found);
                    continue;
                }
            }
            kept.push_str(sentence);
        }
        if removed.is_empty() {
            continue;
        }
        if kept.trim().is_empty() {
            drop_line(lines, i, sink);
            continue;
        }
        for found in removed {
            sink.remove(
                raw.start + found.start..raw.start + found.end,
                Reason::Duplicate,
            );
        }
        replace_text(lines, i, &kept);
    }
}

/// Whether the page holds at least two whole lines (of a dozen CJK
/// characters or more, with a sentence) twice.
fn repeats_itself(lines: &Lines) -> bool {
    // Hashes sorted, not a hash set: this runs on every page, and most pages
    // have no repeat at all.
    let mut hashes: Vec<u64> = (0..lines.len())
        .map(|i| lines.text(i))
        .filter(|t| t.len() >= 36 && has_sentence(t))
        .map(|t| xxhash_rust::xxh3::xxh3_64(t.as_bytes()))
        .collect();
    hashes.sort_unstable();
    hashes.windows(2).filter(|w| w[0] == w[1]).nth(1).is_some()
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

fn has_sentence(text: &str) -> bool {
    text.contains(['。', '！', '？', '；'])
}

/// The sentences of `text`, each with its closing mark; the text after the
/// last mark is the last sentence.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '！', '？', '；'])
}

fn drop_line(lines: &mut Lines, i: usize, sink: &mut Sink) {
    sink.remove(lines.lines[i].raw.clone(), Reason::Duplicate);
    lines.lines[i].kind = LineKind::Blank;
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

/// The byte range in `raw`, at or after `from`, of the text whose letters
/// and ideographs are those of `sentence` (the canonical form differs from
/// the raw one in spaces, punctuation width, full-width letters and digits,
/// and composition: `é` is `e` + U+0301 in some pages). Each character
/// looked at costs one unit of `budget`; `None` when it runs out.
fn locate(raw: &str, from: usize, sentence: &str, budget: &mut usize) -> Option<Range<usize>> {
    let mut wanted = Vec::new();
    let mut buf = Vec::new();
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
                // Take the closing mark with it.
                let end = start + j + original.len_utf8();
                let rest = &tail[end..];
                let mark = rest
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

/// What of `c` the search compares, into `out`: its letters and digits
/// decomposed, full-width ones made ASCII (none for a space, a mark or a
/// combining accent).
fn keys(c: char, out: &mut Vec<char>) {
    out.clear();
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
}
