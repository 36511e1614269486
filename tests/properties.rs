//! Properties over pages built from the grammar's own pieces (markers,
//! brackets, numbers, labels, document numbers, dates, CJK, U+3000, line
//! breaks), the inputs most likely to reach every branch of the parser:
//! no panic, offsets that hold, JSON that reads back, nothing lost,
//! canonical text idempotent, and UTF-16 read as UTF-8 is.

mod common;

use common::{check_page, parse_checked, unaccounted};
use gazette::normalise::canonical;
use gazette::{parse_bytes, serialise, Options};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    // Outline markers of every level, and chapters and articles.
    "一、",
    "二、",
    "十一、",
    "（一）",
    "(二)",
    "㈠",
    "1.",
    "2．",
    "3、",
    "（1）",
    "(2)",
    "①",
    "②",
    "第一章",
    "第二章",
    "第一条",
    "第十二条",
    "一是",
    "# ",
    "## ",
    "- ",
    "**",
    // Brackets, open and closed, of every kind.
    "〔",
    "〕",
    "[",
    "]",
    "（",
    "）",
    "(",
    ")",
    "［",
    "］",
    "【",
    "】",
    "《",
    "》",
    "“",
    "”",
    // Numbers, full-width digits and letters.
    "2025",
    "12",
    "3",
    "０",
    "２０２５",
    "Ａ",
    "5G",
    "3.5%",
    // Punctuation, half- and full-width.
    "。",
    "，",
    "、",
    "；",
    "：",
    ",",
    ":",
    ";",
    "?",
    "！",
    ".",
    "—",
    // Spaces and line breaks.
    " ",
    "\u{3000}",
    "\u{3000}\u{3000}",
    "\u{a0}",
    "\u{200b}",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    // Labels and the parts of an official document.
    "来源：",
    "来源:",
    "附件",
    "附件：",
    "附件1",
    "发布日期：",
    "发布日期:2022-01-07",
    "发布时间：",
    "责任单位：",
    "牵头单位：",
    "（责任单位：市科技局、市财政局）",
    "（此件公开发布）",
    "印发给你们",
    "各区县（自治县）人民政府，市政府各部门，有关单位：",
    "同时废止",
    "自2025年1月1日起施行",
    "有效期至2027年12月31日",
    "重庆市人民政府办公厅",
    "关于印发",
    "的通知",
    "实施方案",
    "总则",
    "指导思想",
    "保障措施",
    "序号",
    "目录",
    "总第989期",
    "2025年第16期",
    "版权所有",
    "---\n",
    "标题: ",
    "文号: ",
    // Document numbers and dates, whole and in bits.
    "渝府办发〔2025〕56号",
    "国办发[2024]44号",
    "渝府发 〔 2025 〕 15 号",
    "（2025）",
    "号",
    "2025年第3号",
    "2025年11月1日",
    "二〇二五年十一月一日",
    "2022 年 3 月 1 日",
    "年",
    "月",
    "日",
];

/// A page: grammar pieces and short runs of ideographs and digits.
fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_owned),
            2 => "[一-龥]{1,12}",
            1 => "[0-9]{1,4}",
        ],
        0..300,
    )
    .prop_map(|pieces| pieces.concat())
}

/// A page scraped into one line: the pieces but line breaks, long enough
/// to be cut as a run-on line.
fn run_on_page() -> impl Strategy<Value = String> {
    let pieces: Vec<&str> = PIECES
        .iter()
        .copied()
        .filter(|p| !p.contains(['\n', '\r']))
        .collect();
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(pieces).prop_map(str::to_owned),
            2 => "[一-龥]{1,12}",
        ],
        40..300,
    )
    .prop_map(|pieces| pieces.concat())
}

/// HTML's pieces: block and inline tags, tables, entities, comments, chrome.
const HTML_PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<br>",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<h1>",
    "</h1>",
    "<li>",
    "<a href=\"/x\">",
    "</a>",
    "<div class=\"share\">",
    "<div class=\"footer\">",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<head>",
    "</head>",
    "<title>",
    "</title>",
    "&nbsp;",
    "&amp;",
    "&#12288;",
    "&lt;",
    "<meta name=\"ArticleTitle\" content=\"关于印发的通知\">",
    "索引号：",
    "发文字号：",
    "成文日期：",
    "【打印】",
    "分享到：",
    "当前位置：",
    "ICP备",
];

/// An HTML page: the text page's pieces and HTML's.
fn html_page() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            3 => prop::sample::select(HTML_PIECES).prop_map(str::to_owned),
            2 => "[一-龥]{1,12}",
        ],
        0..200,
    )
    .prop_map(|pieces| format!("<html><body>{}</body></html>", pieces.concat()))
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// 512 cases a property, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    /// Never a panic; offsets inside the text and on character
    /// boundaries, removed spans disjoint, JSON that reads back, and every
    /// ideograph printed, removed with a reason or a label word.
    #[test]
    fn pages_of_grammar_pieces_lose_nothing(text in page(), md in any::<bool>()) {
        let name = if md { "page.md" } else { "page.txt" };
        let page = parse_checked(name, text.as_bytes()).expect("UTF-8 decodes");
        prop_assert_eq!(unaccounted(&text, &page), 0, "{:#?}", page);
    }

    /// The same on pages scraped into one line.
    #[test]
    fn run_on_pages_lose_nothing(text in run_on_page()) {
        let page = parse_checked("page.txt", text.as_bytes()).expect("UTF-8 decodes");
        prop_assert_eq!(unaccounted(&text, &page), 0, "{:#?}", page);
    }

    /// The same on HTML pages, counting the ideographs outside tags.
    #[test]
    fn html_pages_lose_nothing(text in html_page()) {
        let page = parse_checked("page.html", text.as_bytes()).expect("UTF-8 decodes");
        prop_assert_eq!(page.format, "html");
        prop_assert_eq!(unaccounted(&text, &page), 0, "{:#?}", page);
    }

    /// Normalising canonical text changes nothing.
    #[test]
    fn canonical_text_is_idempotent(text in page()) {
        let once = canonical(&text);
        prop_assert_eq!(canonical(&once), once);
    }

    /// The same on any text at all.
    #[test]
    fn canonical_text_is_idempotent_on_anything(text in "\\PC*") {
        let once = canonical(&text);
        prop_assert_eq!(canonical(&once), once);
    }

    /// A page in UTF-16 with a BOM gives the UTF-8 page's articles, but for
    /// the encoding of its copies.
    #[test]
    fn utf16_pages_equal_utf8_pages(text in page()) {
        let options = Options::default();
        let utf8 = parse_bytes("p.txt", text.as_bytes(), &options).expect("decodes");
        let utf16 = parse_bytes("p.txt", &utf16le_with_bom(&text), &options).expect("decodes");
        prop_assert_eq!(utf16.encoding, "UTF-16LE");
        let mut articles = utf16.articles.clone();
        for c in articles.iter_mut().flat_map(|a| a.copies.iter_mut()) {
            prop_assert_eq!(c.encoding.as_str(), "UTF-16LE");
            c.encoding = "UTF-8".to_owned();
        }
        prop_assert_eq!(
            serialise::to_json_lines(&articles),
            serialise::to_json_lines(&utf8.articles)
        );
        prop_assert_eq!(utf16.removed, utf8.removed);
    }

    /// Any bytes: an error naming a byte inside them, or a sound page.
    #[test]
    fn any_bytes_give_an_error_or_a_sound_page(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        name in prop::sample::select(&["-", "p.txt", "p.md", "p.html"][..]),
    ) {
        if let Ok(page) = parse_checked(name, &bytes) {
            let text = gazette::decode(&bytes).expect("decodes").text;
            check_page(&text, &page);
        }
    }
}
