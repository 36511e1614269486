//! HTML input end to end: the gov.cn page 022 against the facts of
//! `fixtures/.pages/022.json` that its metadata and text extraction
//! determine, offsets into the HTML source, what is dropped and why, and
//! page shapes of other government sites.

use std::fs;

use gazette::{parse_bytes, parse_str, Options, Page, Reason};
use serde_json::Value;

const PAGE: &str = "022_govcn-guobanhan-2018-71-website-pilot.html";

fn fixture(name: &str) -> (String, Page) {
    let bytes = fs::read(format!("fixtures/.pages/{name}")).expect("fixture");
    let page = parse_bytes(name, &bytes, &Options::default()).expect("decodes");
    (String::from_utf8(bytes).expect("UTF-8 fixture"), page)
}

fn truth(n: &str) -> Value {
    let text = fs::read_to_string(format!("fixtures/.pages/{n}.json")).expect("truth");
    serde_json::from_str(&text).expect("truth is JSON")
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[test]
fn page_022_has_the_facts_of_its_truth() {
    let (_, page) = fixture(PAGE);
    let want = &truth("022")["notices"][0];
    assert_eq!(page.articles.len(), 1);
    let a = &page.articles[0];
    assert_eq!(
        a.doc_number.as_ref().map(|n| n.text.as_str()),
        want["doc_number"].as_str()
    );
    assert_eq!(a.id, "国办函〔2018〕71号");
    assert_eq!(a.title.as_deref(), want["title"].as_str());
    let issuers: Vec<&str> = want["issuers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(a.issuers, issuers);
    assert_eq!(a.date.as_deref(), want["date"].as_str());
    // The metadata table's 发布日期, which the text does not print.
    assert_eq!(a.published.as_deref(), Some("2018-11-09"));
    assert_eq!(a.doc_type.as_deref(), Some("通知"));
    assert_eq!(page.format, "html");
    assert_eq!(a.copies[0].format, "html");
    // The metadata table and the text agree.
    assert!(a.warnings.iter().all(|w| w.code != "metadata_disagrees"));
}

#[test]
fn page_022_offsets_are_offsets_into_the_html() {
    let (raw, page) = fixture(PAGE);
    assert_eq!(page.len, raw.len());
    let copy = &page.articles[0].copies[0];
    assert!(copy.start < copy.end && copy.end <= raw.len());
    assert!(raw[copy.start..].starts_with("国务院办公厅关于印发《政府网站集约化</span>"));
    assert!(raw[..copy.end].ends_with("可参照本方案推进本地区本部门政府网站集约化工作。"));
    for r in &page.removed {
        assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
        assert!(r.start < r.end && r.end <= raw.len());
    }
}

#[test]
fn page_022_drops_its_metadata_table_and_chrome_with_reasons() {
    let (raw, page) = fixture(PAGE);
    let spans = |reason: Reason| -> Vec<&str> {
        page.removed
            .iter()
            .filter(|r| r.reason == reason)
            .map(|r| &raw[r.start..r.end])
            .collect()
    };
    let metadata = spans(Reason::Metadata);
    assert!(metadata.iter().any(|s| s.contains("索 引 号")
        && s.contains("发文字号")
        && s.starts_with("<table")
        && s.ends_with("</table>")));
    let chrome = spans(Reason::Chrome);
    assert!(chrome.iter().any(|s| s.contains("扫一扫在手机打开当前页")));
    assert!(chrome.iter().any(|s| s.contains("de_bannerS")));
    // Every ideograph of the page outside tags is in the article's span or in a removed one.
    let mut in_tag = false;
    let mut lost = String::new();
    let copy = &page.articles[0].copies[0];
    for (i, c) in raw.char_indices() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag || !is_ideograph(c) => {}
            _ => {
                let kept = (copy.start..copy.end).contains(&i)
                    || page.removed.iter().any(|r| (r.start..r.end).contains(&i));
                if !kept {
                    lost.push(c);
                }
            }
        }
    }
    assert_eq!(lost, "");
}

/// A provincial site's page: full document, `<meta>` tags, the metadata as a list of fields,
/// breadcrumbs, share buttons, a content table, a footer.
const PROVINCE: &str = r#"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>某省人民政府办公厅关于做好2025年春耕生产工作的通知_省政府文件_某省人民政府</title>
<meta name="ArticleTitle" content="某省人民政府办公厅关于做好2025年春耕生产工作的通知">
<meta name="PubDate" content="2025-02-20 09:30">
<meta name="ContentSource" content="某省人民政府办公厅">
<script type="text/javascript">var _hmt = _hmt || [];</script>
<style>.xxgk td { border: 1px solid #ccc }</style>
</head>
<body>
<div class="header"><a href="/">首页</a><a href="/zw">政务公开</a><a href="/hd">互动交流</a></div>
<div class="nav-wrap"><ul><li><a href="/1">要闻</a></li><li><a href="/2">政策</a></li><li><a href="/3">服务</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zc">政策文件</a></div>
<div class="xxgk-info">
  <ul>
    <li><span>索&nbsp;引&nbsp;号：</span>000000-2025-00042</li>
    <li><span>发布机构：</span>某省人民政府办公厅</li>
    <li><span>成文日期：</span>2025年02月18日</li>
    <li><span>文　　号：</span>某政办明电〔2025〕3号</li>
  </ul>
</div>
<div class="article">
  <h1>某省人民政府办公厅关于做好<br/>2025年春耕生产工作的通知</h1>
  <div class="fontsize">【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
  <div id="zoom">
    <p>各市人民政府，省政府各部门：</p>
    <p>&nbsp;&nbsp;&nbsp;&nbsp;为抓好春耕生产，现将有关事项通知如下。</p>
    <p>　　一、压实责任</p>
    <p>　　各地要落实粮食安全党政同责。</p>
    <p>　　二、抓好服务</p>
    <p>　　各地要做好农资供应。</p>
    <table border="1" cellspacing="0">
      <tr><td>序号</td><td>任务</td><td>责任单位</td></tr>
      <tr><td>1</td><td>春播</td><td>省农业农村厅</td></tr>
      <tr><td>2</td><td>农资</td><td>省供销社</td></tr>
    </table>
    <p style="text-align:right">某省人民政府办公厅</p>
    <p style="text-align:right">2025年2月18日</p>
    <p>（此件公开发布）</p>
  </div>
  <div class="share">分享到：<a class="weixin"></a><a class="weibo"></a></div>
  <p><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></p>
</div>
<div class="footer"><p>主办：某省人民政府办公厅 网站标识码：1300000001 某ICP备05000000号</p></div>
</body></html>"#;

#[test]
fn a_province_page_parses_to_one_notice() {
    let page = parse_str("page.html", PROVINCE, &Options::default());
    assert_eq!(page.articles.len(), 1, "{:#?}", page.articles);
    let a = &page.articles[0];
    assert_eq!(
        a.title.as_deref(),
        Some("某省人民政府办公厅关于做好2025年春耕生产工作的通知")
    );
    assert_eq!(a.id, "某政办明电〔2025〕3号");
    assert_eq!(a.issuers, ["某省人民政府办公厅"]);
    assert_eq!(a.date.as_deref(), Some("2025-02-18"));
    assert_eq!(a.published.as_deref(), Some("2025-02-20"));
    assert_eq!(a.source.as_deref(), Some("某省人民政府办公厅"));
    assert_eq!(a.publicity.as_deref(), Some("此件公开发布"));
    let json = serde_json::to_string(a).unwrap();
    for chrome in [
        "首页",
        "当前位置",
        "索引号",
        "字体",
        "分享",
        "打印",
        "关闭窗口",
        "ICP",
        "_hmt",
        "border",
    ] {
        assert!(!json.contains(chrome), "{chrome} in {json}");
    }
    assert!(json.contains("省农业农村厅"));
    let reasons: Vec<Reason> = page.removed.iter().map(|r| r.reason).collect();
    assert!(reasons.contains(&Reason::Metadata));
    assert!(reasons.contains(&Reason::Chrome));
    for r in &page.removed {
        let s = &PROVINCE[r.start..r.end];
        assert!(
            !s.contains("为抓好春耕生产"),
            "{:?} removed body: {s}",
            r.reason
        );
    }
}

#[test]
fn metadata_that_disagrees_with_the_text_is_a_warning() {
    let html = "<table><tr><td>发文字号：</td><td>国办发〔2020〕1号</td><td>成文日期：</td><td>2020年1月2日</td></tr></table>\
                <p>国务院办公厅关于某事的通知</p><p>国办发〔2020〕9号</p><p>各省人民政府：</p><p>现通知如下。</p>\
                <p>国务院办公厅</p><p>2020年1月3日</p>";
    let page = parse_str("x.html", html, &Options::default());
    let a = &page.articles[0];
    assert_eq!(a.id, "国办发〔2020〕9号");
    assert_eq!(a.date.as_deref(), Some("2020-01-03"));
    let messages: Vec<&str> = a
        .warnings
        .iter()
        .filter(|w| w.code == "metadata_disagrees")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("国办发〔2020〕1号"));
    assert!(messages[1].contains("2020-01-02"));
}

#[test]
fn a_gbk_page_is_decoded_and_parsed() {
    let html =
        "<html><head><meta charset=\"gb2312\"></head><body><p>国务院办公厅关于某事的通知</p>\
                <p>国办发〔2020〕9号</p></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(html);
    let page = parse_bytes("x.htm", &bytes, &Options::default()).unwrap();
    assert_eq!(page.encoding, "GB18030");
    assert_eq!(page.articles[0].id, "国办发〔2020〕9号");
}

#[test]
fn plain_text_is_not_taken_for_html() {
    let text = "关于《a<b》的通知\n渝府发〔2025〕15号\n重庆市人民政府 2025年11月7日";
    let page = parse_str("a.txt", text, &Options::default());
    assert_eq!(page.format, "text");
    assert_eq!(page.articles[0].id, "渝府发〔2025〕15号");
}
