//! The hand-read facts of the dev pages of other governments
//! (`fixtures/.pages/NNN.json`), asserted field by field.

use std::fs;

use gazette::{parse_bytes, Article, Block, Options, Page};
use serde_json::Value;

fn parse(prefix: &str) -> (Page, Value) {
    let entry = fs::read_dir("fixtures/.pages")
        .expect("fixtures/.pages/")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{prefix}_"))
        })
        .expect("fixture");
    let name = entry.file_name().to_string_lossy().into_owned();
    let bytes = fs::read(entry.path()).expect("fixture");
    let page = parse_bytes(&name, &bytes, &Options::default()).expect("decodes");
    let truth = fs::read_to_string(format!("fixtures/.pages/{prefix}.json")).expect("truth");
    (page, serde_json::from_str(&truth).expect("JSON"))
}

fn level_one(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| matches!(b, Block::Section { marker, .. } if marker.ends_with('、')))
        .count()
}

fn responsibilities(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { responsibility, .. } => usize::from(responsibility.is_some()),
            Block::Section {
                responsibility,
                blocks,
                ..
            } => usize::from(responsibility.is_some()) + responsibilities(blocks),
            Block::Table { .. } => 0,
        })
        .sum()
}

/// The addressees with their separators taken out: the truth gives them as
/// printed, the output as a list split on `，` and `、`.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '，' | '、' | ','))
        .collect()
}

fn check(prefix: &str) {
    let (page, truth) = parse(prefix);
    let want = &truth["notices"][0];
    assert_eq!(
        page.articles.len(),
        1,
        "{prefix}: one article (copies folded)"
    );
    let a: &Article = &page.articles[0];
    let s = |k: &str| want[k].as_str().map(str::to_owned);
    assert_eq!(
        a.doc_number.as_ref().map(|d| d.text.clone()),
        s("doc_number"),
        "{prefix}: doc_number"
    );
    assert_eq!(a.title, s("title"), "{prefix}: title");
    let issuers: Vec<String> = want["issuers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert_eq!(a.issuers, issuers, "{prefix}: issuers");
    assert_eq!(a.date, s("date"), "{prefix}: date");
    assert_eq!(
        compact(&a.addressees.concat()),
        compact(want["addressees"].as_str().unwrap_or_default()),
        "{prefix}: addressees"
    );
    let enclosure = a.enclosure.as_ref().and_then(|e| e.title.clone());
    assert_eq!(
        enclosure,
        want["appended_documents"][0].as_str().map(str::to_owned),
        "{prefix}: enclosure"
    );
    let top = level_one(&a.body) + a.enclosure.as_ref().map_or(0, |e| level_one(&e.body));
    assert_eq!(
        top as u64,
        want["top_level_headings"].as_u64().unwrap(),
        "{prefix}: 一、 headings"
    );
    let resp = responsibilities(&a.body)
        + a.enclosure
            .as_ref()
            .map_or(0, |e| responsibilities(&e.body));
    let want_resp = want["responsibility_lines"].as_u64().unwrap()
        + want["responsibility_parentheticals_unlabeled"]
            .as_u64()
            .unwrap_or(0);
    assert_eq!(resp as u64, want_resp, "{prefix}: responsibilities");
    if let Some(public) = want["public_release"].as_bool() {
        assert_eq!(a.publicity.is_some(), public, "{prefix}: publicity");
    }
}

#[test]
fn page_006_flattened_and_repeated() {
    check("006");
}

#[test]
fn page_012_number_glued_to_addressees() {
    check("012");
}

#[test]
fn page_016_legal_database_export() {
    check("016");
}

#[test]
fn page_020_markdown_with_front_matter() {
    check("020");
}

#[test]
fn page_022_govcn_html() {
    check("022");
}
