//! Markdown front matter: the `---` … `---` YAML block (or Hugo's `+++` …
//! `+++` TOML block) that scrapers and static-site exports put before the
//! text, with the fields they know (`标题:` `文号:` `发布单位:` `发布日期:` …).
//!
//! Only the flat subset these files use is read: `key: value` lines, values
//! quoted or not, `- item` lists under an empty key, `|`/`>` block scalars
//! and `#` comments. No YAML crate: the grammar needed is a dozen lines, and
//! a page whose front matter is malformed must still parse as text.
//!
//! Front-matter `发布日期` / `date` is the page's publication date
//! (`published`), never the signature date.

use crate::metadata::{field_of, squeeze_label, Field, Metadata};

/// A leading front-matter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// The fields read from it.
    pub meta: Metadata,
    /// Bytes from the start of the text through the closing fence's line
    /// break.
    pub len: usize,
    /// The exporter's note that some exports put right after the block, as
    /// a short blockquote (`> 本文正文由脚本自…提取，仅供检索查阅…`): not
    /// part of the document.
    pub note: Option<std::ops::Range<usize>>,
}

impl FrontMatter {
    /// Where the document's text starts: after the block and the note.
    pub(crate) fn body_start(&self) -> usize {
        self.note.as_ref().map_or(self.len, |n| n.end)
    }
}

/// The longest exporter's note: a blockquote longer than this is text.
const MAX_NOTE_LINES: usize = 6;
const MAX_NOTE_BYTES: usize = 1000;

/// A short blockquote at `from` (blank lines before it skipped) followed by
/// text that is not quoted.
fn exporter_note(text: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let mut lines = LineIter { text, pos: from };
    let mut start = None;
    let mut end = from;
    let mut count = 0;
    for (line, next) in lines.by_ref() {
        let t = line.trim_start();
        if t.starts_with('>') {
            start.get_or_insert(end);
            count += 1;
            end = next;
        } else if t.is_empty() && start.is_none() {
            end = next;
        } else if t.is_empty() {
            continue;
        } else {
            let start = start?;
            let ok = count <= MAX_NOTE_LINES && end - start <= MAX_NOTE_BYTES;
            return ok.then_some(start..end);
        }
    }
    None
}

/// The longest front matter looked for; past it, a `---` is a rule, not a fence.
const MAX_LINES: usize = 200;

/// Splits off the front matter at the start of `text`, if there is one: a
/// first line `---` (or `+++`), then `key: value` lines, then a closing
/// `---` or `...` (or `+++`) line.
pub(crate) fn split(text: &str) -> Option<FrontMatter> {
    let mut lines = LineIter {
        text,
        pos: usize::from(text.starts_with('\u{FEFF}')) * 3,
    };
    // Blank lines before the fence are tolerated (exports sometimes start with one).
    let fence = loop {
        let (line, _) = lines.next()?;
        let t = line.trim();
        if !t.is_empty() {
            break t;
        }
    };
    let toml = match fence {
        "---" => false,
        "+++" => true,
        _ => return None,
    };
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut block: Option<(String, bool)> = None; // key of a `|`/`>` scalar, folded?
    let mut closed = None;
    for _ in 0..MAX_LINES {
        let Some((line, end)) = lines.next() else {
            break;
        };
        let t = line.trim();
        if (!toml && (t == "---" || t == "...")) || (toml && t == "+++") {
            closed = Some(end);
            break;
        }
        let indented = line.starts_with([' ', '\t']);
        if let Some((key, folded)) = &block {
            if indented || t.is_empty() {
                if let Some(last) = entries.last_mut().filter(|(k, _)| k == key) {
                    if !last.1.is_empty() {
                        last.1.push(if *folded { ' ' } else { '\n' });
                    }
                    last.1.push_str(t);
                }
                continue;
            }
            block = None;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(item) = t.strip_prefix("- ").or_else(|| (t == "-").then_some("")) {
            // A list item of the previous key with an empty value.
            if let Some(last) = entries.last_mut() {
                let item = unquote(item.trim());
                if !item.is_empty() {
                    if !last.1.is_empty() {
                        last.1.push('、');
                    }
                    last.1.push_str(&item);
                }
            }
            continue;
        }
        let seps: &[char] = if toml { &['='] } else { &[':', '：'] };
        let Some(at) = t.find(seps) else {
            // Not front matter after all (a markdown rule opening the text).
            return None;
        };
        let key = t[..at].trim().trim_matches(['"', '\'']).to_owned();
        let sep_len = t[at..].chars().next().map_or(1, char::len_utf8);
        let raw = t[at + sep_len..].trim();
        let raw = strip_comment(raw);
        if matches!(raw, "|" | "|-" | "|+" | ">" | ">-" | ">+") {
            block = Some((key.clone(), raw.starts_with('>')));
            entries.push((key, String::new()));
            continue;
        }
        let value = if raw.starts_with('[') && raw.ends_with(']') {
            // An inline list: `["国务院办公厅", "财政部"]`.
            raw[1..raw.len() - 1]
                .split(',')
                .map(|v| unquote(v.trim()))
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join("、")
        } else {
            unquote(raw)
        };
        entries.push((key, value));
    }
    let len = closed?;
    let mut meta = Metadata::default();
    for (key, value) in &entries {
        let label = squeeze_label(key);
        match field_of(&label) {
            Some((field, _)) => meta.set_field(field, &label, value),
            None => meta.set_field(Field::Other, key, value),
        }
    }
    let note = exporter_note(text, len);
    Some(FrontMatter { meta, len, note })
}

/// A value without its quotes; `\"` and `''` unescaped.
fn unquote(v: &str) -> String {
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1]
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_owned()
    }
}

/// `value # comment` → `value`, `"value" # comment` → `"value"`; a `#` inside quotes or a
/// word (`https://…#anchor`) stays.
fn strip_comment(v: &str) -> &str {
    if let Some(q) = v.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let mut escaped = false;
        for (i, c) in v.char_indices().skip(1) {
            if c == q && !escaped {
                return &v[..=i];
            }
            escaped = q == '"' && c == '\\' && !escaped;
        }
        return v;
    }
    match v.find(" #") {
        Some(at) => v[..at].trim_end(),
        None => v,
    }
}

/// Lines of `text` from `pos` with the offset just past each line's break.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.text.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let (line, used) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += used;
        Some((line.strip_suffix('\r').unwrap_or(line), self.pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shanghai_export_block_is_read() {
        let text =
            "---\n标题: 上海市人民政府办公厅印发《实施意见》的通知\n文号: 沪府办规〔2021〕12号\n\
                    发布单位: 上海市人民政府办公厅\n发布日期: 2021-11-10\n层级: 市级\n\
                    官方链接: https://www.shanghai.gov.cn/x?a=1&b=2\n---\n\n# 标题\n";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.len..], "\n# 标题\n");
        assert_eq!(fm.note, None);
        let m = fm.meta;
        assert_eq!(
            m.title.as_deref(),
            Some("上海市人民政府办公厅印发《实施意见》的通知")
        );
        assert_eq!(m.doc_number.as_deref(), Some("沪府办规〔2021〕12号"));
        assert_eq!(m.issuers.as_deref(), Some("上海市人民政府办公厅"));
        assert_eq!(m.published.as_deref(), Some("2021-11-10"));
        assert_eq!(
            m.date, None,
            "front-matter 发布日期 is never the signature date"
        );
        assert_eq!(
            m.url.as_deref(),
            Some("https://www.shanghai.gov.cn/x?a=1&b=2")
        );
        assert_eq!(m.other, [("层级".to_owned(), "市级".to_owned())]);
    }

    #[test]
    fn english_keys_quotes_lists_and_comments() {
        let text = "\u{FEFF}---\r\ntitle: \"关于印发《办法》的通知\"\r\ndate: '2025-03-01' # 发布\r\n\
                    发文机关:\r\n  - 财政部\r\n  - 科技部\r\n成文日期：2025年2月20日\r\nsource: 中国政府网\r\n\
                    url: https://www.gov.cn/a.htm#top\r\n...\r\n正文";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.len..], "正文");
        let m = fm.meta;
        assert_eq!(m.title.as_deref(), Some("关于印发《办法》的通知"));
        assert_eq!(m.published.as_deref(), Some("2025-03-01"));
        assert_eq!(m.issuers.as_deref(), Some("财政部、科技部"));
        assert_eq!(m.date.as_deref(), Some("2025年2月20日"));
        assert_eq!(m.source.as_deref(), Some("中国政府网"));
        assert_eq!(m.url.as_deref(), Some("https://www.gov.cn/a.htm#top"));
    }

    #[test]
    fn block_scalars_and_inline_lists() {
        let text = "---\ntitle: >\n  关于加快发展\n  保障性租赁住房的实施意见\nissuers: [\"财政部\", '税务总局']\n---\n";
        let m = split(text).unwrap().meta;
        assert_eq!(
            m.title.as_deref(),
            Some("关于加快发展 保障性租赁住房的实施意见")
        );
        assert_eq!(m.issuers.as_deref(), Some("财政部、税务总局"));
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"通知\"\n文号 = \"国办发〔2024〕44号\"\n+++\nbody";
        let fm = split(text).unwrap();
        assert_eq!(fm.meta.doc_number.as_deref(), Some("国办发〔2024〕44号"));
        assert_eq!(&text[fm.len..], "body");
    }

    #[test]
    fn an_exporters_note_after_the_block_is_set_apart() {
        let text = "---\ntitle: x\n---\n\n> 本文正文由脚本自官方公开页面提取，仅供检索查阅。\n\
                    > 依《著作权法》第五条第一项，不适用著作权法。\n\n# 标题\n";
        let fm = split(text).unwrap();
        let note = fm.note.clone().unwrap();
        assert!(text[note].starts_with("> 本文正文"));
        assert_eq!(&text[fm.body_start()..], "\n# 标题\n");
        // A document quoted whole is no note.
        let quoted = format!("---\ntitle: x\n---\n{}正文\n", "> 一段引文。\n".repeat(8));
        assert_eq!(split(&quoted).unwrap().note, None);
        // Nor is a quote that nothing follows.
        assert_eq!(split("---\ntitle: x\n---\n> 引文\n").unwrap().note, None);
    }

    #[test]
    fn no_front_matter() {
        assert!(split("# 标题\n---\n正文").is_none());
        // A rule and text, not front matter.
        assert!(split("---\n一、总体要求\n---\n").is_none());
        // Never closed.
        assert!(split("---\ntitle: x\n正文很长").is_none());
        assert!(split("").is_none());
    }
}
