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

mod common;

use std::fs;

use gazette::{parse_bytes, Block, Options};

/// The pages of the fixtures: the seeds, and the dev pages in `.pages/`.
fn fixture_pages() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = ["fixtures", "fixtures/.pages"]
        .iter()
        .flat_map(|d| fs::read_dir(d).expect("fixture directory").flatten())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e == "txt" || e == "md" || e == "html")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_ideograph_is_printed_or_removed_with_a_reason() {
    let mut checked = 0;
    for path in fixture_pages() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let bytes = fs::read(&path).expect("fixture");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8 fixture");
        let page = parse_bytes(&name, &bytes, &Options::default()).expect("decodes");
        let spans = common::union(&page);
        let overlapping: usize = page.removed.iter().map(|s| s.end - s.start).sum::<usize>()
            - spans.iter().map(|&(s, e)| e - s).sum::<usize>();
        assert_eq!(overlapping, 0, "{name}: removed spans overlap");
        let lost = common::unaccounted(&text, &page);
        assert_eq!(lost, 0, "{name}: {lost} ideographs unaccounted for");
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
    for path in fixture_pages() {
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
