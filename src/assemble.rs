//! Stage 5, build each article: takes one segment of recognised lines and
//! returns the finished [`Article`]: title, number, addressees, cover letter,
//! signature, publicity, the enclosed document, references and the clause
//! that makes it effective, with the tree of each part built by
//! [`crate::tree`].
//!
//! A 公文 is read in the order GB/T 9704 prints it: title, number,
//! addressees, text, signature (organs, then the date), publicity note, and
//! then, for a 印发 notice, the document it issues.

use std::ops::Range;

use crate::grammar::{date, docno, parts};
use crate::lines::{LineKind, Lines};
use crate::model::{
    Article, Block, Copy, DocNumber, Effective, Enclosure, GazetteIssue, Kind, Reference, Relation,
    SCHEMA,
};
use crate::report::Sink;
use crate::segment::{is_title_like, Segment};
use crate::tree;

/// What every article of one page shares.
pub(crate) struct PageContext<'a> {
    /// The decoded text of the page.
    pub page: &'a str,
    /// Its recognised lines.
    pub lines: &'a Lines,
    /// The input's name.
    pub file: &'a str,
    /// The encoding it was decoded from.
    pub encoding: &'a str,
    /// Its format: `text`, `markdown` or `html`.
    pub format: &'a str,
    /// The gazette issue the page is from.
    pub gazette: Option<&'a GazetteIssue>,
}

/// Builds the article of `segment`.
pub(crate) fn assemble(cx: &PageContext<'_>, segment: &Segment, sink: &mut Sink) -> Article {
    let lines = cx.lines;
    let end = segment.lines.end;
    let title = join_title(lines, segment.title.clone());
    let doc_number = segment
        .doc_number
        .and_then(|i| docno::doc_number_at(lines.text(i)))
        .map(|(n, _)| DocNumber {
            text: n.text,
            agency: n.agency,
            year: n.year,
            serial: n.serial,
        });
    let mut cursor = segment.lines.start.max(segment.title.end);
    if let Some(i) = segment.doc_number {
        cursor = cursor.max(i + 1);
    }

    let mut addressees = Vec::new();
    if let Some(i) = next_non_blank(lines, cursor, end) {
        if lines.kind(i) == LineKind::Text {
            if let Some(list) = parts::addressee_line(lines.text(i)) {
                addressees = list;
                cursor = i + 1;
            }
        }
    }

    let mut source = None;
    let mut published = None;
    for i in segment.lines.clone() {
        match lines.kind(i) {
            LineKind::Source if source.is_none() => {
                source = parts::source_line(lines.text(i)).map(str::to_owned);
            }
            LineKind::Published if published.is_none() => {
                published = parts::published_line(lines.text(i)).map(|(d, _, _)| d.iso());
            }
            _ => {}
        }
    }

    let signature = find_signature(lines, cursor, end);
    let mut issuers = Vec::new();
    let mut signed = None;
    let mut publicity = None;
    let body;
    let mut enclosure = None;
    match signature {
        Some(sig) => {
            body = tree::build(cx.page, lines, cursor, sig.organs.start, sink);
            for i in sig.organs.clone() {
                if lines.kind(i) == LineKind::Text {
                    issuers.extend(parts::split_joint_issuers(lines.text(i)));
                }
            }
            if let Some((organ, d)) = date::organ_date_line(lines.text(sig.date_line)) {
                if !organ.is_empty() {
                    issuers.extend(parts::split_joint_issuers(organ));
                }
                signed = Some(d.iso());
            }
            let mut after = sig.date_line + 1;
            while let Some(i) = next_non_blank(lines, after, end) {
                if lines.kind(i) != LineKind::Publicity {
                    break;
                }
                if publicity.is_none() {
                    publicity = parts::publicity(lines.text(i)).map(str::to_owned);
                }
                after = i + 1;
            }
            if next_non_blank(lines, after, end).is_some() {
                enclosure = Some(build_enclosure(cx, title.as_deref(), after, end, sink));
            }
        }
        None => body = tree::build(cx.page, lines, cursor, end, sink),
    }
    if issuers.is_empty() {
        if let Some(t) = &title {
            issuers = issuers_from_title(t);
        }
    }

    let doc_type = title
        .as_deref()
        .and_then(parts::doc_type)
        .map(str::to_owned);
    let own = doc_number.as_ref().map(|n| n.text.as_str());
    let references = references(&body, enclosure.as_ref(), own);
    let effective = effective(&body, enclosure.as_ref());
    let kind = if doc_number.is_some() || doc_type.is_some() {
        Kind::Notice
    } else {
        Kind::Other
    };
    let copies = vec![copy_of(cx, segment.lines.clone())];

    let mut article = Article {
        schema: SCHEMA.to_owned(),
        id: String::new(),
        kind,
        doc_type,
        doc_number,
        title,
        issuers,
        addressees,
        date: signed,
        published,
        publicity,
        source,
        gazette: cx.gazette.cloned(),
        body,
        enclosure,
        attachments: Vec::new(),
        references,
        effective,
        copies,
        warnings: std::mem::take(&mut sink.warnings),
        fingerprint: String::new(),
    };
    crate::fingerprint::seal(&mut article);
    article
}

/// Where the signature of an article stands.
struct Signature {
    /// The lines of issuing organs above the date (empty when the organ is
    /// on the date's line).
    organs: Range<usize>,
    /// The line with the date.
    date_line: usize,
}

/// The first signature after line `from`: a date line, with the organ
/// lines right above it.
fn find_signature(lines: &Lines, from: usize, to: usize) -> Option<Signature> {
    let date_line = (from..to).find(|&i| lines.kind(i) == LineKind::Signature)?;
    let mut organs_start = date_line;
    let mut i = date_line;
    while i > from {
        i -= 1;
        match lines.kind(i) {
            LineKind::Blank => continue,
            LineKind::Text if parts::is_organ_name(lines.text(i)) => organs_start = i,
            _ => break,
        }
    }
    Some(Signature {
        organs: organs_start..date_line,
        date_line,
    })
}

/// The enclosed document that follows the signature of a 印发 notice.
fn build_enclosure(
    cx: &PageContext<'_>,
    notice_title: Option<&str>,
    from: usize,
    to: usize,
    sink: &mut Sink,
) -> Enclosure {
    let lines = cx.lines;
    let expected = notice_title.and_then(issued_title);
    let mut title = None;
    let mut body_from = from;
    if let Some(first) = next_non_blank(lines, from, to) {
        // The enclosure's title may be wrapped over a few lines; it is the
        // one the notice's title names, when the notice names it.
        let mut joined = String::new();
        let mut i = first;
        let mut taken = 0;
        while let Some(line) = next_non_blank(lines, i, to) {
            if taken == 3 || lines.kind(line) != LineKind::Text {
                break;
            }
            joined.push_str(lines.text(line));
            taken += 1;
            i = line + 1;
            if expected.as_deref().is_some_and(|e| same_title(e, &joined)) {
                title = Some(joined.clone());
                body_from = i;
                break;
            }
        }
        if title.is_none()
            && lines.kind(first) == LineKind::Text
            && is_title_like(lines.text(first))
        {
            title = Some(lines.text(first).to_owned());
            body_from = first + 1;
        }
    }
    let body = tree::build(cx.page, lines, body_from, to, sink);
    Enclosure { title, body }
}

/// Whether two titles are the same once book-title marks are set aside.
fn same_title(expected: &str, found: &str) -> bool {
    let strip = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '《' | '》'))
            .collect::<String>()
    };
    strip(expected) == strip(found)
}

/// The title of the document a 印发/转发 notice issues: `《X》` in the
/// title, or what stands between `印发` and `的通知`.
fn issued_title(title: &str) -> Option<String> {
    let at = title.find("印发").or_else(|| title.find("转发"))? + "印发".len();
    let rest = &title[at..];
    if let Some(open) = rest.find('《') {
        let inner = &rest[open + '《'.len_utf8()..];
        let close = inner.rfind('》')?;
        return Some(inner[..close].to_owned());
    }
    let end = rest.rfind("的通知").or_else(|| rest.rfind("的函"))?;
    let issued = &rest[..end];
    (!issued.is_empty()).then(|| issued.to_owned())
}

/// Joins the lines of a title block into one line: organ names standing on
/// lines of their own are joint issuers and are joined with `、`.
fn join_title(lines: &Lines, range: Range<usize>) -> Option<String> {
    let mut title = String::new();
    let mut previous_was_organ = false;
    for i in range {
        if lines.kind(i) == LineKind::Blank {
            continue;
        }
        let text = lines.text(i);
        let is_organ = parts::is_organ_name(text);
        if previous_was_organ && is_organ {
            title.push('、');
        }
        title.push_str(text);
        previous_was_organ = is_organ;
    }
    (!title.is_empty()).then_some(title)
}

/// Issuers named in a title, for documents printed without a signature:
/// what stands before `关于` (or before `印发`), split into organs.
fn issuers_from_title(title: &str) -> Vec<String> {
    let end = ["关于", "印发", "转发"]
        .iter()
        .filter_map(|w| title.find(w))
        .min();
    match end {
        Some(at) if at > 0 => parts::split_joint_issuers(&title[..at]),
        _ => Vec::new(),
    }
}

fn next_non_blank(lines: &Lines, from: usize, to: usize) -> Option<usize> {
    (from..to.min(lines.len())).find(|&i| lines.kind(i) != LineKind::Blank)
}

/// The provenance of an article: the raw byte range of its lines.
fn copy_of(cx: &PageContext<'_>, range: Range<usize>) -> Copy {
    let lines = cx.lines;
    let first = next_non_blank(lines, range.start, range.end);
    let last = (range.start..range.end.min(lines.len()))
        .rev()
        .find(|&i| lines.kind(i) != LineKind::Blank);
    let (start, end) = match (first, last) {
        (Some(f), Some(l)) => (lines.lines[f].raw.start, lines.lines[l].raw.end),
        _ => (0, 0),
    };
    Copy {
        file: cx.file.to_owned(),
        start,
        end,
        encoding: cx.encoding.to_owned(),
        format: cx.format.to_owned(),
    }
}

/// Calls `f` with every piece of running text in `blocks`, in order.
pub(crate) fn for_each_text<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a str)) {
    for block in blocks {
        match block {
            Block::Paragraph { text, .. } => f(text),
            Block::Section {
                heading, blocks, ..
            } => {
                if let Some(h) = heading {
                    f(h);
                }
                for_each_text(blocks, f);
            }
            Block::Table { header, rows } => {
                header.iter().for_each(|c| f(c));
                rows.iter().flatten().for_each(|c| f(c));
            }
        }
    }
}

/// The numbers of other documents that the text cites or repeals, each
/// once, in order of first mention.
fn references(body: &[Block], enclosure: Option<&Enclosure>, own: Option<&str>) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let mut visit = |text: &str| {
        for found in docno::find_doc_numbers(text) {
            if Some(found.number.text.as_str()) == own {
                continue;
            }
            let after = text.get(found.end..).unwrap_or("");
            let clause_end = after.find(['。', '；']).unwrap_or(after.len());
            let repeals = after[..clause_end].contains("废止");
            let relation = if repeals {
                Relation::Repeals
            } else {
                Relation::Cites
            };
            match out.iter_mut().find(|r| r.doc_number == found.number.text) {
                Some(existing) => {
                    if repeals {
                        existing.relation = Relation::Repeals;
                    }
                    if existing.title.is_none() {
                        existing.title = found.title.clone();
                    }
                }
                None => out.push(Reference {
                    doc_number: found.number.text.clone(),
                    title: found.title.clone(),
                    relation,
                }),
            }
        }
    };
    for_each_text(body, &mut visit);
    if let Some(e) = enclosure {
        for_each_text(&e.body, &mut visit);
    }
    out
}

/// The clause that makes the document effective: the sentences of the last
/// paragraph that speaks of 施行 or 有效期. The enclosed document's clause
/// wins over the cover letter's, as it is the one that takes effect.
fn effective(body: &[Block], enclosure: Option<&Enclosure>) -> Option<Effective> {
    let text = enclosure
        .and_then(|e| last_effective_clause(&e.body))
        .or_else(|| last_effective_clause(body))?;
    let from = date_after(&text, &["自", "从"]).filter(|_| text.contains("起"));
    let until = date_after(&text, &["有效期至", "至", "截至"]);
    Some(Effective { text, from, until })
}

/// The sentences about 施行 or 有效期 of the last paragraph that has any.
fn last_effective_clause(blocks: &[Block]) -> Option<String> {
    let mut last = None;
    for_each_text(blocks, &mut |text: &str| {
        let sentences: Vec<&str> = text
            .split_inclusive('。')
            .filter(|s| is_effect_sentence(s))
            .collect();
        if !sentences.is_empty() {
            last = Some(sentences.concat());
        }
    });
    last
}

/// Whether a sentence says when the document takes effect or expires.
/// `实施` alone is too common (`组织实施`, `实施方案`); it counts only in
/// `自…起实施` / `…日后实施`.
fn is_effect_sentence(sentence: &str) -> bool {
    sentence.contains("施行")
        || sentence.contains("有效期")
        || sentence.contains('自') && (sentence.contains("起实施") || sentence.contains("后实施"))
}

/// The ISO date that follows one of `leads` in `text`.
fn date_after(text: &str, leads: &[&str]) -> Option<String> {
    for lead in leads {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|t| t.find(lead)) {
            let at = from + found + lead.len();
            if let Some((d, _)) = text.get(at..).and_then(date::date_at) {
                return Some(d.iso());
            }
            from = at;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_titles() {
        assert_eq!(
            issued_title(
                "重庆市人民政府办公厅关于印发《重庆市全链条支持创新药高质量发展若干措施》的通知"
            )
            .as_deref(),
            Some("重庆市全链条支持创新药高质量发展若干措施")
        );
        assert_eq!(
            issued_title("重庆市人民政府办公厅关于印发重庆市加快生物医药产业发展若干措施的通知")
                .as_deref(),
            Some("重庆市加快生物医药产业发展若干措施")
        );
        assert_eq!(issued_title("重庆市人民政府关于调整行政区划的公告"), None);
    }

    #[test]
    fn issuers_come_from_the_title_when_unsigned() {
        assert_eq!(
            issuers_from_title("新余市人民政府办公室关于印发《新余市绿色建筑管理办法》的通知"),
            ["新余市人民政府办公室"]
        );
        assert_eq!(
            issuers_from_title(
                "上海市人民政府办公厅印发《关于加快发展本市保障性租赁住房的实施意见》的通知"
            ),
            ["上海市人民政府办公厅"]
        );
    }

    #[test]
    fn effective_clause_with_dates() {
        let body = vec![Block::Paragraph {
            text: "本措施自2023年1月1日起施行，有效期至2027年12月31日。".into(),
            responsibility: None,
        }];
        let e = effective(&body, None).expect("a clause");
        assert_eq!(e.from.as_deref(), Some("2023-01-01"));
        assert_eq!(e.until.as_deref(), Some("2027-12-31"));
    }
}
