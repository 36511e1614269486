//! Spot checks that the parser neither drops nor duplicates the text of an
//! article: every ideograph of the article's span of the page is counted in
//! the output or in a removed span, and no paragraph is printed twice.

mod common;

use std::collections::HashMap;
use std::fs;

use gazette::{parse_bytes, Article, Options, Page};

fn parse_fixture(name: &str) -> (String, Page) {
    let bytes = fs::read(format!("fixtures/{name}")).expect("fixture");
    let page = parse_bytes(name, &bytes, &Options::default()).expect("decodes");
    (String::from_utf8(bytes).expect("UTF-8 fixture"), page)
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// All the text of an article's body, enclosure and attachments.
fn texts(a: &Article) -> Vec<&str> {
    let mut out = Vec::new();
    out.extend(a.title.as_deref());
    out.extend(a.doc_number.as_ref().map(|n| n.text.as_str()));
    out.extend(a.addressees.iter().map(String::as_str));
    out.extend(a.issuers.iter().map(String::as_str));
    out.extend(a.publicity.as_deref());
    out.extend(a.source.as_deref());
    common::block_texts(&a.body, &mut out);
    if let Some(e) = &a.enclosure {
        out.extend(e.title.as_deref());
        common::block_texts(&e.body, &mut out);
    }
    for att in &a.attachments {
        out.extend(att.title.as_deref());
        common::block_texts(&att.body, &mut out);
    }
    out
}

fn ideographs(texts: &[&str]) -> usize {
    texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|&c| is_ideograph(c))
        .count()
}

fn check(name: &str) {
    let (raw, page) = parse_fixture(name);
    for a in &page.articles {
        let span = &raw[a.copies[0].start..a.copies[0].end];
        let removed: usize = page
            .removed
            .iter()
            .filter(|r| r.start >= a.copies[0].start && r.end <= a.copies[0].end)
            .map(|r| {
                raw[r.start..r.end]
                    .chars()
                    .filter(|&c| is_ideograph(c))
                    .count()
            })
            .sum();
        // Labels that become structure rather than text: the 4 ideographs
        // of each 牵头单位/责任单位, 年月日 of the signature date, 此件 of
        // the publicity note is kept.
        let labels: usize = ["牵头单位：", "牵头单位:", "责任单位：", "责任单位:"]
            .iter()
            .map(|l| span.matches(l).count() * 4)
            .sum::<usize>()
            + usize::from(a.date.is_some()) * 3;
        let in_span = span.chars().filter(|&c| is_ideograph(c)).count() - removed - labels;
        let texts = texts(a);
        let printed = ideographs(&texts);
        // What stays unaccounted for is the issuers' names printed in the
        // title and again in the signature, counted once.
        assert!(
            printed <= in_span,
            "{name} {}: {printed} printed > {in_span} on the page",
            a.id
        );
        assert!(
            printed * 100 >= in_span * 99,
            "{name} {}: only {printed} of {in_span} ideographs printed",
            a.id
        );
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for t in texts.iter().filter(|t| t.chars().count() >= 20) {
            *seen.entry(t).or_default() += 1;
        }
        let twice: Vec<_> = seen.iter().filter(|(_, &n)| n > 1).collect();
        assert!(
            twice.is_empty(),
            "{name} {}: printed twice: {twice:?}",
            a.id
        );
    }
}

#[test]
fn gazette_issue_000_keeps_its_text() {
    check("000_dc70c667f6a7bc88.txt");
}

#[test]
fn hard_wrapped_001_keeps_its_text() {
    check("001_533f1d0b4a80ca68.txt");
}

#[test]
fn gazette_front_and_back_matter_are_accounted_for() {
    let (raw, page) = parse_fixture("000_dc70c667f6a7bc88.txt");
    let reasons: Vec<String> = page
        .removed
        .iter()
        .map(|r| format!("{:?}", r.reason))
        .collect();
    assert!(reasons.contains(&"Masthead".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"Toc".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"Colophon".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"PageNumber".to_owned()), "{reasons:?}");
    let colophon = page
        .removed
        .iter()
        .find(|r| format!("{:?}", r.reason) == "Colophon")
        .unwrap();
    assert!(raw[colophon.start..colophon.end].starts_with("主管单位"));
    assert!(raw[colophon.start..colophon.end].ends_with("重庆华林天美印务有限公司"));
    // Everything before the first article is masthead or contents.
    let first = page.articles[0].copies[0].start;
    let front: usize = page
        .removed
        .iter()
        .filter(|r| r.end <= first)
        .map(|r| r.end - r.start)
        .sum();
    let front_text = raw[..first].trim().len();
    assert!(
        front >= front_text - 2,
        "front matter {front} of {front_text} bytes accounted for"
    );
}
