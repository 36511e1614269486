//! Nothing is lost: every ideograph of every fixture page is either printed
//! in an article or inside a span the page reports as removed, apart from
//! the label words that become structure (责任单位, 来源, 发布日期, 附件,
//! 年/月/日 of a date turned ISO, …).
//!
//! The check, precisely: for each fixture, with `P` the number of CJK
//! ideographs in the decoded page, `R` those inside removed spans, `A` those
//! printed in the articles' text fields (title, number, issuers,
//! addressees, publicity, source, every heading, marker, paragraph,
//! responsibility unit and note, table cell, enclosure and attachment title)
//! and `L` those of the label words the page holds:
//! `P - R - L <= A` — nothing dropped without a reason — and removed spans
//! never overlap, so none is counted twice. Silently dropping a sentence
//! breaks the inequality.

use std::fs;

use gazette::{parse_bytes, Article, Block, Options};

/// Ideographs of the text of an HTML page: those outside tags (a
/// `font-family:宋体` attribute is no text).
fn html_ideographs(s: &str) -> usize {
    let mut in_tag = false;
    s.chars()
        .filter(|&c| {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ => {}
            }
            !in_tag && (('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '〇')
        })
        .count()
}

fn ideographs(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || *c == '〇')
        .count()
}

fn blocks(bs: &[Block], n: &mut usize) {
    for b in bs {
        match b {
            Block::Paragraph {
                text,
                responsibility,
            } => {
                *n += ideographs(text);
                if let Some(r) = responsibility {
                    *n += r
                        .lead
                        .iter()
                        .chain(&r.responsible)
                        .map(|u| ideographs(u))
                        .sum::<usize>();
                    *n += r.note.as_deref().map_or(0, ideographs);
                }
            }
            Block::Section {
                marker,
                heading,
                responsibility,
                blocks: inner,
                ..
            } => {
                *n += ideographs(marker) + heading.as_deref().map_or(0, ideographs);
                if let Some(r) = responsibility {
                    *n += r
                        .lead
                        .iter()
                        .chain(&r.responsible)
                        .map(|u| ideographs(u))
                        .sum::<usize>();
                    *n += r.note.as_deref().map_or(0, ideographs);
                }
                blocks(inner, n);
            }
            Block::Table { header, rows } => {
                *n += header
                    .iter()
                    .chain(rows.iter().flatten())
                    .map(|c| ideographs(c))
                    .sum::<usize>();
            }
        }
    }
}

fn printed(a: &Article) -> usize {
    let mut n = a.title.as_deref().map_or(0, ideographs)
        + a.doc_number.as_ref().map_or(0, |d| ideographs(&d.text))
        // Issuers taken from the title are printed once, in the title.
        + a.issuers
            .iter()
            .filter(|i| !a.title.as_deref().is_some_and(|t| t.contains(i.as_str())))
            .map(|s| ideographs(s))
            .sum::<usize>()
        + a.addressees.iter().map(|s| ideographs(s)).sum::<usize>()
        + a.publicity.as_deref().map_or(0, ideographs)
        + a.source.as_deref().map_or(0, ideographs);
    blocks(&a.body, &mut n);
    if let Some(e) = &a.enclosure {
        n += e.title.as_deref().map_or(0, ideographs);
        blocks(&e.body, &mut n);
    }
    for att in &a.attachments {
        n += att.title.as_deref().map_or(0, ideographs);
        blocks(&att.body, &mut n);
    }
    n
}

/// The ideographs of the label words that become structure rather than
/// text, counted on the page with its line breaks and spaces taken out (a
/// hard-wrapped `（责\n任单位：` is still a label): responsibility labels,
/// 来源 and 发布日期 labels, 附件 labels, the 年月日 of each signature
/// date, which is printed as an ISO date, and the signature's issuers.
fn labels(text: &str, page: &gazette::Page) -> usize {
    // Labels inside removed spans are counted with those spans.
    let mut kept = text.to_owned();
    for &(s, e) in &union(page) {
        kept.replace_range(s..e, &" ".repeat(e - s));
    }
    let compact: String = kept.chars().filter(|c| !c.is_whitespace()).collect();
    let responsibility: usize = ["牵头单位：", "牵头单位:", "责任单位：", "责任单位:"]
        .iter()
        .map(|w| compact.matches(w).count() * 4)
        .sum();
    let per_article: usize = page
        .articles
        .iter()
        .map(|a| {
            // A signature repeats the issuers the title names.
            usize::from(a.date.is_some())
                * (3 + a.issuers.iter().map(|i| ideographs(i)).sum::<usize>())
                + usize::from(a.published.is_some()) * 4
                + usize::from(a.source.is_some()) * 2
                + a.attachments.len() * 4
        })
        .sum();
    responsibility + per_article
}

/// The removed spans as disjoint ranges (a span inside another counts once).
fn union(page: &gazette::Page) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = page.removed.iter().map(|r| (r.start, r.end)).collect();
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Ideographs a page may hold beyond what is counted: label words this
/// test does not list. Fewer than the shortest sentence the parser folds,
/// so a dropped sentence still fails the test.
const SLACK: usize = 7;

#[test]
fn every_ideograph_is_printed_or_removed_with_a_reason() {
    let mut checked = 0;
    for entry in ["fixtures", "fixtures/.pages"]
        .iter()
        .flat_map(|d| fs::read_dir(d).expect("fixture directory").flatten())
    {
        let path = entry.path();
        let is_page = path
            .extension()
            .is_some_and(|e| e == "txt" || e == "md" || e == "html");
        if !path.is_file() || !is_page {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let bytes = fs::read(&path).expect("fixture");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8 fixture");
        let page = parse_bytes(&name, &bytes, &Options::default()).expect("decodes");
        let is_html = path.extension().is_some_and(|e| e == "html");
        let count = |t: &str| {
            if is_html {
                html_ideographs(t)
            } else {
                ideographs(t)
            }
        };
        let p = count(&text);
        let spans = union(&page);
        let r: usize = spans.iter().map(|&(s, e)| count(&text[s..e])).sum();
        let overlapping: usize = page.removed.iter().map(|s| s.end - s.start).sum::<usize>()
            - spans.iter().map(|&(s, e)| e - s).sum::<usize>();
        assert_eq!(overlapping, 0, "{name}: removed spans overlap");
        let a: usize = page.articles.iter().map(printed).sum();
        let l = labels(&text, &page);
        assert!(
            p <= r + l + a + SLACK,
            "{name}: {} ideographs unaccounted for (page {p}, removed {r}, labels {l}, printed {a})",
            p - r - l - a - SLACK
        );
        checked += 1;
    }
    assert!(checked >= 10);
}

fn texts<'a>(bs: &'a [Block], out: &mut Vec<&'a str>) {
    for b in bs {
        match b {
            Block::Paragraph { text, .. } => out.push(text),
            Block::Section {
                heading,
                blocks: inner,
                ..
            } => {
                out.extend(heading.as_deref());
                texts(inner, out);
            }
            Block::Table { .. } => {}
        }
    }
}

#[test]
fn no_sentence_of_eight_or_more_characters_twice_in_an_article() {
    for entry in ["fixtures", "fixtures/.pages"]
        .iter()
        .flat_map(|d| fs::read_dir(d).expect("fixture directory").flatten())
    {
        let path = entry.path();
        let is_page = path
            .extension()
            .is_some_and(|e| e == "txt" || e == "md" || e == "html");
        if !path.is_file() || !is_page {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let bytes = fs::read(&path).expect("fixture");
        let page = parse_bytes(&name, &bytes, &Options::default()).expect("decodes");
        for a in &page.articles {
            let mut all = Vec::new();
            texts(&a.body, &mut all);
            if let Some(e) = &a.enclosure {
                texts(&e.body, &mut all);
            }
            for att in &a.attachments {
                texts(&att.body, &mut all);
            }
            let mut seen = std::collections::HashSet::new();
            for sentence in all
                .iter()
                .flat_map(|t| t.split_inclusive(['。', '！', '？', '；']))
            {
                if sentence.chars().count() >= 8 && sentence.ends_with(['。', '！', '？', '；'])
                {
                    assert!(seen.insert(sentence), "{name} {}: `{sentence}` twice", a.id);
                }
            }
        }
    }
}
