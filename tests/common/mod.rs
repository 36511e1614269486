//! What every page must satisfy, whatever its input: the checks the fuzz
//! targets make (`fuzz/fuzz_targets/parse_bytes.rs`), shared by the
//! robustness, pathological and property tests.

#![allow(dead_code)]

use gazette::{decode, parse_bytes, serialise, Article, Block, Error, Options, Page};

/// Parses `bytes` as the file `name` and checks the page: offsets inside
/// the decoded text and on character boundaries, removed spans sorted and
/// disjoint, every article written as JSON that reads back to itself.
pub fn parse_checked(name: &str, bytes: &[u8]) -> Result<Page, Error> {
    let page = match parse_bytes(name, bytes, &Options::default()) {
        Ok(page) => page,
        Err(e) => {
            assert!(e.offset() <= bytes.len(), "{e}: offset past the end");
            assert!(e.to_string().contains(&format!("byte {}", e.offset())));
            return Err(e);
        }
    };
    let text = decode(bytes).expect("decoded once, decodes again").text;
    check_page(&text, &page);
    Ok(page)
}

/// The checks of [`parse_checked`] on a page parsed from `text`.
pub fn check_page(text: &str, page: &Page) {
    assert_eq!(page.len, text.len());
    let boundary = |at: usize| text.is_char_boundary(at);
    let mut last_end = 0;
    for r in &page.removed {
        assert!(
            r.start < r.end && r.end <= text.len(),
            "{r:?} of {}",
            text.len()
        );
        assert!(
            boundary(r.start) && boundary(r.end),
            "{r:?} splits a character"
        );
        assert!(r.start >= last_end, "{r:?} overlaps the span before");
        last_end = r.end;
    }
    let lines = serialise::to_json_lines(&page.articles);
    assert_eq!(lines.lines().count(), page.articles.len());
    for (line, article) in lines.lines().zip(&page.articles) {
        let back: Article = serde_json::from_str(line).expect("each line reads back");
        assert_eq!(&back, article);
        for c in &article.copies {
            assert!(c.start <= c.end && c.end <= text.len(), "{c:?}");
            assert!(
                boundary(c.start) && boundary(c.end),
                "{c:?} splits a character"
            );
        }
    }
}

/// The CJK ideographs of `s` (U+4E00–U+9FFF and 〇), as `tests/nothing_lost.rs` counts them.
pub fn ideographs(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || *c == '〇')
        .count()
}

/// Every text field of a block tree, in order.
pub fn block_texts<'a>(bs: &'a [Block], out: &mut Vec<&'a str>) {
    for b in bs {
        match b {
            Block::Paragraph {
                text,
                responsibility,
            } => {
                out.push(text);
                if let Some(r) = responsibility {
                    out.extend(r.lead.iter().chain(&r.responsible).map(String::as_str));
                    out.extend(r.note.as_deref());
                }
            }
            Block::Section {
                marker,
                heading,
                responsibility,
                blocks,
                ..
            } => {
                out.push(marker);
                out.extend(heading.as_deref());
                if let Some(r) = responsibility {
                    out.extend(r.lead.iter().chain(&r.responsible).map(String::as_str));
                    out.extend(r.note.as_deref());
                }
                block_texts(blocks, out);
            }
            Block::Table { header, rows } => {
                out.extend(
                    header
                        .iter()
                        .chain(rows.iter().flatten())
                        .map(String::as_str),
                );
            }
        }
    }
}

/// Every text field of an article that the page's words can end up in.
pub fn article_texts(a: &Article) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    out.extend(a.title.as_deref());
    out.extend(a.doc_number.as_ref().map(|d| d.text.as_str()));
    out.extend(a.addressees.iter().map(String::as_str));
    out.extend(a.publicity.as_deref());
    out.extend(a.source.as_deref());
    block_texts(&a.body, &mut out);
    if let Some(e) = &a.enclosure {
        out.extend(e.title.as_deref());
        block_texts(&e.body, &mut out);
    }
    for att in &a.attachments {
        out.extend(att.title.as_deref());
        block_texts(&att.body, &mut out);
    }
    out
}

/// Ideographs printed in an article, counted as `tests/nothing_lost.rs`
/// counts them: issuers the title names are printed once, in the title.
pub fn printed(a: &Article) -> usize {
    let issuers: usize = a
        .issuers
        .iter()
        .filter(|i| !a.title.as_deref().is_some_and(|t| t.contains(i.as_str())))
        .map(|s| ideographs(s))
        .sum();
    // A section printed twice is folded into one, and the warning names the
    // copy's marker and heading.
    let folded: usize = a
        .warnings
        .iter()
        .filter(|w| w.code == "section_folded")
        .map(|w| ideographs(&w.message))
        .sum();
    issuers
        + folded
        + article_texts(a)
            .iter()
            .map(|t| ideographs(t))
            .sum::<usize>()
}

/// The removed spans as disjoint ranges.
pub fn union(page: &Page) -> Vec<(usize, usize)> {
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

/// The ideographs of the label words that become structure rather than
/// text (the allowance of `tests/nothing_lost.rs`).
pub fn labels(text: &str, page: &Page) -> usize {
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
            usize::from(a.date.is_some())
                * (3 + a.issuers.iter().map(|i| ideographs(i)).sum::<usize>())
                + usize::from(a.published.is_some()) * 4
                + usize::from(a.source.is_some()) * 2
                + a.attachments.len() * 4
        })
        .sum();
    responsibility + per_article
}

/// Ideographs a page may hold beyond what is counted (as in
/// `tests/nothing_lost.rs`).
pub const SLACK: usize = 7;

/// Ideographs of the text of an HTML page: those outside tags (a
/// `font-family:宋体` attribute is no text), as `tests/nothing_lost.rs`
/// counts them.
pub fn html_ideographs(s: &str) -> usize {
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

/// Nothing lost: the ideographs of the decoded page `text` that are
/// neither printed, nor removed, nor label words, beyond the slack; 0 when
/// every one is accounted for.
pub fn unaccounted(text: &str, page: &Page) -> usize {
    let count = |t: &str| {
        if page.format == "html" {
            html_ideographs(t)
        } else {
            ideographs(t)
        }
    };
    let p = count(text);
    let r: usize = union(page).iter().map(|&(s, e)| count(&text[s..e])).sum();
    let a: usize = page.articles.iter().map(printed).sum();
    let l = labels(text, page);
    p.saturating_sub(r + a + l + SLACK)
}

pub mod gen;

/// [`parse_checked`], and nothing lost on the page when it decodes.
pub fn parse_accounted(name: &str, bytes: &[u8]) -> Result<Page, Error> {
    let page = parse_checked(name, bytes)?;
    let text = decode(bytes).expect("decodes").text;
    let lost = unaccounted(&text, &page);
    assert_eq!(lost, 0, "{name}: {lost} ideographs unaccounted for");
    Ok(page)
}
