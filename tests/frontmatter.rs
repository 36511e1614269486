//! Markdown with YAML front matter end to end: page 020 against the facts of
//! `fixtures/.pages/020.json` that its front matter determines, and
//! front-matter fields against the text's.

use std::fs;

use gazette::{parse_bytes, parse_str, Options, Reason};
use serde_json::Value;

const PAGE: &str = "020_shanghai-md-hufubangui-2021-12-baozu.md";

#[test]
fn page_020_has_the_facts_of_its_truth() {
    let bytes = fs::read(format!("fixtures/.pages/{PAGE}")).expect("fixture");
    let raw = String::from_utf8(bytes.clone()).unwrap();
    let page = parse_bytes(PAGE, &bytes, &Options::default()).expect("decodes");
    let text = fs::read_to_string("fixtures/.pages/020.json").expect("truth");
    let truth: Value = serde_json::from_str(&text).unwrap();
    let want = &truth["notices"][0];

    assert_eq!(page.articles.len(), 1);
    let a = &page.articles[0];
    // The number is printed only in the front matter.
    assert_eq!(
        a.doc_number.as_ref().map(|n| n.text.as_str()),
        want["doc_number"].as_str()
    );
    assert_eq!(a.id, "沪府办规〔2021〕12号");
    assert_eq!(a.title.as_deref(), want["title"].as_str());
    assert_eq!(a.issuers, ["上海市人民政府办公厅"]);
    assert_eq!(a.issuers[0], want["issuers"][0].as_str().unwrap());
    // Front-matter 发布日期 is `published`; the signature date stays `date`.
    assert_eq!(a.date.as_deref(), want["date"].as_str());
    assert_eq!(a.published.as_deref(), Some("2021-11-10"));
    assert_eq!(page.format, "markdown");

    // The block is accounted for, and offsets index the file as read.
    let front = page
        .removed
        .iter()
        .find(|r| r.reason == Reason::Metadata)
        .expect("front matter removed");
    assert_eq!(front.start, 0);
    assert!(raw[..front.end].ends_with("siteId=0001\n---\n"));
    assert_eq!(page.len, raw.len());
    // The exporter's note after it is no part of the document.
    let note = page
        .removed
        .iter()
        .find(|r| r.reason == Reason::Chrome && r.start >= front.end)
        .expect("note removed");
    assert!(raw[note.start..note.end].starts_with("> 本文正文由脚本自上海市官方公开页面提取"));
    let copy = &a.copies[0];
    assert!(raw[copy.start..].starts_with("# 上海市人民政府办公厅印发《"));
    assert!(raw[..copy.end].ends_with("有效期至2026年11月30日。"));
}

#[test]
fn front_matter_fills_what_the_text_lacks() {
    let md = "---\n标题: \"某市人民政府关于某事的通知\"\n文号: 某府发〔2024〕7号\n发布机构: 某市人民政府\n\
              发布日期: 2024-03-05\n---\n\n各区人民政府：\n\n现将有关事项通知如下。\n";
    let page = parse_str("x.md", md, &Options::default());
    let a = &page.articles[0];
    assert_eq!(a.id, "某府发〔2024〕7号");
    assert_eq!(a.title.as_deref(), Some("某市人民政府关于某事的通知"));
    assert_eq!(a.doc_type.as_deref(), Some("通知"));
    assert_eq!(a.issuers, ["某市人民政府"]);
    assert_eq!(a.date, None);
    assert_eq!(a.published.as_deref(), Some("2024-03-05"));
}

#[test]
fn the_text_wins_over_front_matter_with_a_warning() {
    let md = "---\ntitle: 某市人民政府关于某事的通知\n成文日期: 2024年3月1日\n---\n\
              # 某市人民政府关于某事的通知\n\n某府发〔2024〕7号\n\n各区人民政府：\n\n现将有关事项通知如下。\n\n\
              某市人民政府\n\n2024年3月2日\n";
    let page = parse_str("x.md", md, &Options::default());
    let a = &page.articles[0];
    assert_eq!(a.date.as_deref(), Some("2024-03-02"));
    assert!(a
        .warnings
        .iter()
        .any(|w| w.code == "metadata_disagrees" && w.message.contains("2024-03-01")));
    // Title agrees: no warning about it.
    assert!(!a.warnings.iter().any(|w| w.message.starts_with("title")));
}

#[test]
fn a_rule_at_the_top_is_no_front_matter() {
    let md = "---\n\n# 某市人民政府关于某事的通知\n\n某府发〔2024〕7号\n";
    let page = parse_str("x.md", md, &Options::default());
    assert!(page.removed.iter().all(|r| r.reason != Reason::Metadata));
    assert_eq!(page.articles[0].id, "某府发〔2024〕7号");
}
