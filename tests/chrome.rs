//! No article of any fixture holds site chrome: header, breadcrumb, footer,
//! phone and fax numbers, ICP and 公网安备 numbers, QR-code captions.

use std::fs;

use gazette::{parse_bytes, serialise, Options, Reason};

const CHROME: &[&str] = &[
    "您当前的位置",
    "二维码",
    "ICP备",
    "公网安备",
    "Copyright",
    "版权所有",
    "传真",
    "+86",
    "承办：",
];

#[test]
fn no_chrome_in_any_article() {
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
        let page = parse_bytes(&name, &bytes, &Options::default()).expect("decodes");
        let json = serialise::to_json_lines(&page.articles);
        for phrase in CHROME {
            assert!(
                !json.contains(phrase),
                "{name}: an article holds the chrome `{phrase}`"
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "checked {checked} fixtures");
}

#[test]
fn web_page_chrome_is_accounted_for() {
    for name in ["002_99babf09eb2eab4f.txt", "004_067e0df94ed99aba.txt"] {
        let bytes = fs::read(format!("fixtures/{name}")).expect("fixture");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        let page = parse_bytes(name, &bytes, &Options::default()).expect("decodes");
        let chrome: Vec<&str> = page
            .removed
            .iter()
            .filter(|r| r.reason == Reason::Chrome)
            .map(|r| &text[r.start..r.end])
            .collect();
        assert!(
            chrome.iter().any(|c| c.contains("您当前的位置")),
            "{name}: breadcrumb"
        );
        assert!(
            chrome.iter().any(|c| c.starts_with("主办")),
            "{name}: site header"
        );
        assert!(
            chrome.iter().any(|c| c.contains("Copyright")),
            "{name}: footer"
        );
    }
}
