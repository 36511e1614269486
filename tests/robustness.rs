//! Hostile and broken inputs: every one has a defined outcome, a page or a
//! typed error that names the byte, and never a panic.
//!
//! The regression tests at the end hold the inputs the fuzz targets
//! (`fuzz/`) found, one test each, minimised.

mod common;

use std::fs;
use std::time::Instant;

use common::{gen, parse_accounted, parse_checked};
use gazette::{decode, parse_bytes, serialise, ErrorKind, Options, Page};

fn bad(name: &str) -> Vec<u8> {
    fs::read(format!("fixtures/.bad/{name}")).expect("fixtures/.bad/")
}

// ---------------------------------------------------------------------------
// The bad-input corpus, `fixtures/.bad/` (see its README.md): each file with
// its outcome.

#[test]
fn empty_page_has_no_article() {
    let page = parse_accounted("empty.txt", &bad("empty.txt")).expect("decodes");
    assert_eq!(
        (page.articles.len(), page.removed.len(), page.len),
        (0, 0, 0)
    );
}

#[test]
fn whitespace_only_page_has_no_article() {
    let bytes = bad("whitespace.txt");
    assert!(!bytes.is_empty());
    let page = parse_accounted("whitespace.txt", &bytes).expect("decodes");
    assert!(page.articles.is_empty());
}

#[test]
fn binary_files_are_errors_that_name_the_byte() {
    let err = parse_checked("png.png", &bad("png.png")).expect_err("binary");
    assert_eq!(err.kind(), &ErrorKind::Binary { offset: 6 });
    assert_eq!(
        err.to_string(),
        "expected text, but found a binary control byte at byte 6"
    );
    let err = parse_checked("gzip.txt.gz", &bad("gzip.txt.gz")).expect_err("binary");
    assert_eq!(err.kind(), &ErrorKind::Binary { offset: 0 });
}

#[test]
fn invalid_utf8_in_the_middle_is_an_error_at_its_byte() {
    let bytes = bad("invalid-utf8-middle.txt");
    // generate.py breaks byte 5000, inside the character that starts at 4998.
    assert_eq!(bytes[5000], 0xFF);
    let err = parse_checked("invalid-utf8-middle.txt", &bytes).expect_err("invalid");
    assert_eq!(
        err.kind(),
        &ErrorKind::Undecodable {
            offset: 4998,
            encoding: "UTF-8"
        }
    );
    assert!(err.to_string().ends_with("invalid in UTF-8 at byte 4998"));
}

#[test]
fn truncated_page_reads_to_its_cut_and_says_so() {
    let whole = fs::read("fixtures/001_533f1d0b4a80ca68.txt").expect("fixture");
    let cut = bad("truncated.txt");
    // Cut one byte into a three-byte character, inside the enclosure.
    assert_eq!(cut[..], whole[..8002]);
    assert!(std::str::from_utf8(&cut).is_err());
    let full = parse_bytes("001.txt", &whole, &Options::default()).expect("decodes");
    let page = parse_accounted("001.txt", &cut).expect("decodes up to the cut");
    assert!(decode(&cut)
        .expect("decodes")
        .text
        .ends_with("按有关规定\u{FFFD}"));
    assert_eq!(page.articles.len(), full.articles.len());
    let (a, b) = (&page.articles[0], &full.articles[0]);
    assert_eq!(
        (&a.id, &a.title, &a.issuers, &a.date, &a.body),
        (&b.id, &b.title, &b.issuers, &b.date, &b.body)
    );
    assert!(a.enclosure.is_some());
    let last = page.articles.last().expect("an article");
    let warning = last.warnings.iter().find(|w| w.code == "truncated");
    assert_eq!(
        warning.map(|w| w.message.as_str()),
        Some("the input ends inside a character at byte 8001: it was cut short")
    );
}

#[test]
fn truncated_gbk_page_reads_to_its_cut_and_says_so() {
    let text = fs::read_to_string("fixtures/001_533f1d0b4a80ca68.txt").expect("fixture");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    // Cut after the lead byte of an ideograph half way through.
    let mut half = text.len() / 2;
    while !text.is_char_boundary(half) {
        half += 1;
    }
    let (at, _) = text[half..]
        .char_indices()
        .find(|&(_, c)| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        .expect("an ideograph");
    let (before, _, _) = encoding_rs::GB18030.encode(&text[..half + at]);
    assert!(gb[before.len()] >= 0x81);
    let cut = &gb[..=before.len()];
    let page = parse_accounted("001.txt", cut).expect("decodes up to the cut");
    assert_eq!(page.encoding, "GB18030");
    let last = page.articles.last().expect("an article");
    assert!(last.warnings.iter().any(|w| w.code == "truncated"));
}

/// The UTF-16LE bytes of `text` with a BOM.
fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The articles of a page as JSON Lines, with `copies[].encoding` set to
/// UTF-8 so that pages read in other encodings compare byte for byte.
fn json_as_if_utf8(page: &Page) -> String {
    let mut articles = page.articles.clone();
    for c in articles.iter_mut().flat_map(|a| a.copies.iter_mut()) {
        c.encoding = "UTF-8".to_owned();
    }
    serialise::to_json_lines(&articles)
}

#[test]
fn gb18030_and_utf16_pages_give_the_utf8_pages_articles() {
    let text = fs::read_to_string("fixtures/000_dc70c667f6a7bc88.txt").expect("fixture");
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let utf16 = utf16le_with_bom(&text);
    // The committed copies are these bytes (generate.py writes them).
    assert!(
        bad("seed-gb18030.txt") == gb[..],
        "seed-gb18030.txt is stale"
    );
    assert!(
        bad("seed-utf16le-bom.txt") == utf16,
        "seed-utf16le-bom.txt is stale"
    );
    let name = "000.txt";
    let utf8 = parse_accounted(name, text.as_bytes()).expect("decodes");
    assert_eq!(utf8.articles.len(), 3);
    let expected = serialise::to_json_lines(&utf8.articles);
    for (bytes, encoding) in [(&gb[..], "GB18030"), (&utf16[..], "UTF-16LE")] {
        let page = parse_accounted(name, bytes).expect("decodes");
        assert_eq!(page.encoding, encoding);
        assert!(page
            .articles
            .iter()
            .flat_map(|a| &a.copies)
            .all(|c| c.encoding == encoding));
        assert!(
            json_as_if_utf8(&page) == expected,
            "{encoding}: articles differ"
        );
        assert_eq!(page.removed, utf8.removed);
    }
}

#[test]
fn unbalanced_brackets_lose_nothing() {
    let page = parse_accounted("unbalanced.txt", &bad("unbalanced.txt")).expect("decodes");
    assert_eq!(page.articles.len(), 1);
    let json = serialise::to_json_lines(&page.articles);
    // What follows each bracket left open is still printed.
    for words in ["市经济信息委", "市药监局", "完善用地", "持续优化营商环境"]
    {
        assert!(json.contains(words), "{words} lost");
    }
    assert_eq!(page.articles[0].date.as_deref(), Some("2025-11-01"));
}

#[test]
fn a_page_of_only_chrome_has_no_article_and_removes_every_word() {
    let bytes = bad("only-chrome.html");
    let page = parse_accounted("only-chrome.html", &bytes).expect("decodes");
    assert!(page.articles.is_empty(), "{:?}", page.articles);
    let text = String::from_utf8(bytes).expect("UTF-8");
    let (words, removed) = common::html_counts(&text, &page);
    assert!(words > 50);
    assert_eq!(removed, words);
}

/// Parses a page built in memory, checked and accounted, and says how long
/// it took.
fn parse_large(label: &str, name: &str, text: &str) -> Page {
    let started = Instant::now();
    let page = parse_accounted(name, text.as_bytes()).expect("text");
    eprintln!(
        "{label}: {} bytes, {} articles in {:.2?}",
        text.len(),
        page.articles.len(),
        started.elapsed()
    );
    page
}

#[test]
fn one_line_of_50_mb() {
    let text = gen::one_line(50 << 20);
    assert!(!text.contains('\n'));
    let page = parse_large("one line", "page.txt", &text);
    assert_eq!(page.articles.len(), 1);
}

#[test]
fn a_million_short_lines() {
    let text = gen::short_lines(2_750_000);
    assert_eq!(text.matches('\n').count(), 1_000_000);
    parse_large("short lines", "page.txt", &text);
}

#[test]
fn ten_thousand_nested_brackets() {
    let text = gen::nested_brackets(60_000);
    assert_eq!(text.matches(['（', '(']).count(), 10_000 / 3 + 1);
    parse_large("nested brackets", "page.txt", &text);
}

/// The sections of a block tree, all levels.
fn sections(blocks: &[gazette::Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            gazette::Block::Section { blocks, .. } => 1 + sections(blocks),
            _ => 0,
        })
        .sum()
}

#[test]
fn ten_thousand_headings() {
    let text = gen::headings_count(10_000);
    assert_eq!(text.lines().count(), 10_000);
    let page = parse_large("headings", "page.txt", &text);
    let n: usize = page.articles.iter().map(|a| sections(&a.body)).sum();
    // Every heading is a section (copies of one marker fold into one).
    assert!(n > 1_000, "{n} sections");
}

// ---------------------------------------------------------------------------
// Fuzzer finds.

/// An HTML comment (`<!-;t);>`) inside a line of text that is then dropped
/// whole: the comment's span was reported inside the line's, counting its
/// bytes twice. Removed spans are now made disjoint.
#[test]
fn fuzz_comment_inside_a_dropped_line_is_removed_once() {
    let page = parse_checked("page.html", b"<div>-<!-;t);>;").expect("decodes");
    assert_eq!(page.removed.len(), 1);
    assert_eq!((page.removed[0].start, page.removed[0].end), (5, 15));
}

/// A UTF-16BE BOM before bytes that decode to a control character: the
/// binary error named the control's offset in the decoded text (past the
/// end of a short input) instead of in the input.
#[test]
fn fuzz_binary_offset_in_utf16_names_the_input_byte() {
    // BOM, U+4E00 (一), U+0006.
    let err = parse_checked("-", b"\xFE\xFF\x4E\x00\x00\x06").expect_err("binary");
    assert_eq!(err.offset(), 4);
    assert_eq!(
        err.to_string(),
        "expected text, but found a binary control byte at byte 4"
    );
}

/// `年第` of a gazette masthead after an ideograph, with no year before it:
/// the year was looked for one byte past the ideograph's start, inside it,
/// and slicing there panicked.
#[test]
fn fuzz_masthead_year_after_an_ideograph() {
    let page = parse_checked("-", "寑年第".as_bytes()).expect("decodes");
    assert!(page.articles.iter().all(|a| a.gazette.is_none()));
    parse_checked("-", "重庆市人民政府公报\n今年第16期\n".as_bytes()).expect("decodes");
}

/// The CLI on the corpus: each bad file named with its byte on standard
/// error, exit status 1, and the articles of every other file written.
#[test]
fn the_cli_names_each_bad_file_and_goes_on() {
    let files = [
        "fixtures/.bad/empty.txt",
        "fixtures/.bad/png.png",
        "fixtures/001_533f1d0b4a80ca68.txt",
        "fixtures/.bad/invalid-utf8-middle.txt",
        "fixtures/.bad/whitespace.txt",
        "fixtures/.bad/gzip.txt.gz",
        "fixtures/.bad/truncated.txt",
        "fixtures/.bad/seed-gb18030.txt",
        "fixtures/.bad/seed-utf16le-bom.txt",
        "fixtures/.bad/unbalanced.txt",
        "fixtures/.bad/only-chrome.html",
    ];
    let report = std::env::temp_dir().join(format!("gazette-bad-{}.json", std::process::id()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["parse", "--no-dedup", "-j", "2", "--report"])
        .arg(&report)
        .args(files)
        .output()
        .expect("runs");
    // The run report says which inputs failed, and why.
    let text = fs::read_to_string(&report).expect("a report");
    fs::remove_file(&report).ok();
    let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let failed: Vec<(&str, &str)> = report["failed"]
        .as_array()
        .expect("failed inputs")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or(""),
                f["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        failed,
        [
            (
                "fixtures/.bad/gzip.txt.gz",
                "expected text, but found a binary control byte at byte 0"
            ),
            (
                "fixtures/.bad/invalid-utf8-middle.txt",
                "expected text in UTF-8, GB18030 or UTF-16, but found bytes invalid in UTF-8 at byte 4998"
            ),
            (
                "fixtures/.bad/png.png",
                "expected text, but found a binary control byte at byte 6"
            ),
        ]
    );
    assert_eq!(report["inputs"]["failed"], 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Inputs are read in name order whatever order they are given in.
    let mut said: Vec<&str> = stderr.lines().collect();
    said.sort_unstable();
    let mut expected = vec![
            "gazette: fixtures/.bad/png.png: expected text, but found a binary control byte at byte 6",
            "gazette: fixtures/.bad/invalid-utf8-middle.txt: expected text in UTF-8, GB18030 or \
             UTF-16, but found bytes invalid in UTF-8 at byte 4998",
            "gazette: fixtures/.bad/gzip.txt.gz: expected text, but found a binary control byte at byte 0",
    ];
    expected.sort_unstable();
    assert_eq!(said, expected);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let articles: Vec<gazette::Article> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("an article a line"))
        .collect();
    let files: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.copies[0].file.as_str(), a.copies[0].encoding.as_str()))
        .collect();
    assert_eq!(
        files,
        [
            ("fixtures/.bad/seed-gb18030.txt", "GB18030"),
            ("fixtures/.bad/seed-gb18030.txt", "GB18030"),
            ("fixtures/.bad/seed-gb18030.txt", "GB18030"),
            ("fixtures/.bad/seed-utf16le-bom.txt", "UTF-16LE"),
            ("fixtures/.bad/seed-utf16le-bom.txt", "UTF-16LE"),
            ("fixtures/.bad/seed-utf16le-bom.txt", "UTF-16LE"),
            ("fixtures/.bad/truncated.txt", "UTF-8"),
            ("fixtures/.bad/unbalanced.txt", "UTF-8"),
            ("fixtures/001_533f1d0b4a80ca68.txt", "UTF-8"),
        ]
    );
}

/// A `<pre>` around a table: the line break in a cell ended the row's
/// line while the cell was being read, and slicing the cell's text from
/// where it had started panicked.
#[test]
fn fuzz_line_break_of_a_pre_inside_a_table_cell() {
    let page = parse_checked("page.html", b"<pre><table><tr><td>1<td>\n<tr>").expect("decodes");
    assert!(page.articles.len() <= 1);
    let page = parse_accounted(
        "page.html",
        "<pre><table><tr><td>序号<td>任务\n名称<tr><td>1<td>建设一批示范性现代产业学院</table></pre>"
            .as_bytes(),
    )
    .expect("decodes");
    let json = serialise::to_json_lines(&page.articles);
    assert!(json.contains("示范性现代产业学院"), "{json}");
}

// ---------------------------------------------------------------------------
// Property-test finds (`tests/properties.rs`): text lost without a trace.

/// Everything after a `来源：` field on its line, and any second 来源 line
/// of an article, was dropped: the lines are now removed as metadata.
#[test]
fn prop_source_lines_are_accounted_for_whole() {
    let text = "来源：一、来源：一一一一一一一、";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    assert_eq!(page.removed.len(), 1);
    assert_eq!(page.removed[0].reason, gazette::Reason::Metadata);
    assert_eq!(page.removed[0].end, text.len());
}

/// Two sibling sections with one marker were merged as copies of one
/// section even when their headings differed, and the second heading was
/// dropped: now they stay two sections.
#[test]
fn prop_sections_with_one_marker_and_two_headings_stay_apart() {
    let text = "一、总体要求\n加强组织领导。\n一、保障措施\n完善工作机制。\n";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let headings: Vec<_> = page.articles[0]
        .body
        .iter()
        .filter_map(|b| match b {
            gazette::Block::Section { heading, .. } => heading.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(headings, ["总体要求", "保障措施"]);
}

/// A comment left open inside a box of chrome swallowed the rest of the
/// page, and the box, holding no text but the comment, was dropped
/// without a record.
#[test]
fn prop_an_open_comment_in_dropped_chrome_is_accounted_for() {
    let html = "<html><body><div class=\"share\"><!--<p>第一章一一一一一</body></html>";
    let page = parse_accounted("page.html", html.as_bytes()).expect("decodes");
    assert!(page.articles.is_empty());
    assert!(page.removed.iter().any(|r| r.end == html.len()));
}

/// Text in a table row outside its cells (browsers show it outside the
/// table) was in no cell and no record: it is now unplaced.
#[test]
fn prop_text_in_a_table_outside_its_cells_is_unplaced() {
    let html = "<html><body><table><tr><th><th><tr>一一一一一一一一</body></html>";
    let page = parse_accounted("page.html", html.as_bytes()).expect("decodes");
    let at = html.find('一').expect("text");
    assert!(page
        .removed
        .iter()
        .any(|r| r.reason == gazette::Reason::Unplaced && r.start <= at && at < r.end));
}

/// After the signature, an attachment list, then text with no `附件1`
/// heading before it: the text belonged to no part and was dropped.
#[test]
fn prop_text_between_an_attachment_list_and_no_attachment_is_unplaced() {
    let text = "2025年11月1日\n附件：（1）\n一一一一一一一（责任单位：市科技局、市财政局）\n";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let at = text.rfind("一（").expect("text");
    assert!(page
        .removed
        .iter()
        .any(|r| r.reason == gazette::Reason::Unplaced && r.start <= at && at < r.end));
}

/// The first line of an attachment's body was taken for its title when it
/// read like one, and dropped when the attachment list had given the
/// title already: it now stays in the body.
#[test]
fn prop_an_attachment_body_keeps_its_first_line() {
    let text = "附件：1.重点任务清单\n附件1\n重庆市加快生物医药产业发展若干措施\n建设一批示范性现代产业学院。\n";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let json = serialise::to_json_lines(&page.articles);
    assert!(json.contains("\"title\":\"重点任务清单\""), "{json}");
    assert!(
        json.contains("重庆市加快生物医药产业发展若干措施"),
        "{json}"
    );
}

/// `1. (` and its wrapped line: the joined text was canonicalised again
/// (the space before `（` goes), the marker's old length then fell inside
/// `（`, and the whole unit, heading and text, was lost.
#[test]
fn prop_a_heading_joined_to_its_wrapped_line_keeps_its_text() {
    let page = parse_accounted("page.txt", "1. (\n加强组织领导".as_bytes()).expect("decodes");
    let json = serialise::to_json_lines(&page.articles);
    assert!(json.contains("（加强组织领导"), "{json}");
}

/// Bare markers with the same number, no heading: they were merged as
/// copies of one section and all but one marker vanished. Sections with no
/// heading now stay apart, and a copy folded into the first (same marker,
/// same heading) is named in a `section_folded` warning.
#[test]
fn prop_bare_markers_stay_and_folded_sections_are_named() {
    let text = "一、\u{3000}\u{3000}一、\u{3000}\u{3000}一、".repeat(40);
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let json = serialise::to_json_lines(&page.articles);
    assert_eq!(json.matches("\"marker\":\"一、\"").count(), 120);
    let text = "一、总体要求\n加强组织领导。\n一、总体要求\n完善工作机制。\n";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let warnings = &page.articles[0].warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.code == "section_folded" && w.message.contains("一、总体要求")),
        "{warnings:?}"
    );
}

// ---------------------------------------------------------------------------
// Finds of the nothing-lost check run over the fuzzers' corpus (mutated
// fixture pages): duplicates dropped without a record.

/// An item printed twice, on a page that does not otherwise repeat
/// itself: the copies are folded, and the warning names the copy's
/// responsibility units too (they were dropped unnamed).
#[test]
fn corpus_a_folded_items_responsibility_is_named() {
    let item = "（二十一）促进人工智能赋能药物创新。用好病理、肿瘤等数据资源。\
                （牵头单位：市经济信息委；责任单位：市委金融办、市卫生健康委）\n";
    let page = parse_accounted("page.txt", item.repeat(2).as_bytes()).expect("decodes");
    let warnings = &page.articles[0].warnings;
    assert!(
        warnings.iter().any(|w| w.code == "section_folded"
            && w.message.contains("市经济信息委、市委金融办、市卫生健康委")),
        "{warnings:?}"
    );
}

/// An attachment's title printed in the list and again over its body: the
/// second was dropped without a record; now it is a duplicate.
#[test]
fn corpus_an_attachment_title_printed_twice_is_a_duplicate() {
    let text = "附件：1.主要核心绩效指标表2.重点发展领域\n附件1\n主要核心绩效指标表\n附件2\n重点发展领域\n";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let duplicates: Vec<&str> = page
        .removed
        .iter()
        .filter(|r| r.reason == gazette::Reason::Duplicate)
        .map(|r| &text[r.start..r.end])
        .collect();
    assert_eq!(duplicates, ["主要核心绩效指标表", "重点发展领域"]);
}

/// The publicity note printed twice after the signature: the second was
/// dropped without a record; now it is a duplicate.
#[test]
fn corpus_a_publicity_note_printed_twice_is_a_duplicate() {
    let text = "各区县人民政府：\n现将有关事项通知如下。\n重庆市人民政府\n2018年10月27日\n（此件公开发布）\n（此件公开发布）\n";
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    assert_eq!(page.articles[0].publicity.as_deref(), Some("此件公开发布"));
    let last = page.removed.last().expect("a removed span");
    assert_eq!(last.reason, gazette::Reason::Duplicate);
    assert_eq!(&text[last.start..last.end], "（此件公开发布）");
}

// ---------------------------------------------------------------------------
// Pathological-test finds (`tests/pathological.rs`) that also lost text.

/// A page that repeats itself, written with combining accents that
/// canonical text composes: the copies to drop were looked for in the raw
/// line letter by letter, never found (`é` is not `e`), dropped anyway
/// with no record, and each search ran to the end of the line (quadratic).
/// Now the search compares decomposed letters and has a budget, and a copy
/// it cannot find stays.
#[test]
fn repeats_written_decomposed_are_found_and_accounted_for() {
    let text = gen::decomposed_repeats(3_000);
    let page = parse_accounted("page.txt", text.as_bytes()).expect("decodes");
    let json = serialise::to_json_lines(&page.articles);
    assert_eq!(json.matches("Café第0项建设示范性现代产业学院。").count(), 1);
    let mixed_line = text.lines().nth(4).expect("five lines");
    let mixed_at = text.find(mixed_line).expect("the line");
    let duplicates = page
        .removed
        .iter()
        .filter(|r| r.reason == gazette::Reason::Duplicate && r.start >= mixed_at)
        .count();
    assert_eq!(duplicates, mixed_line.matches("新增").count());
}
