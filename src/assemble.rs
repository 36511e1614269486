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
use std::sync::LazyLock;

use memchr::memmem;

use crate::fingerprint::{RunningText, SpanFinder};
use crate::grammar::{date, docno, parts};
use crate::lines::{LineKind, Lines};
use crate::model::{
    Article, Attachment, Block, Copy, DocNumber, Effective, Enclosure, GazetteIssue, Kind,
    Reference, Relation, Responsibility, SCHEMA,
};
use crate::report::Sink;
use crate::segment::{explains_a_policy, is_title_like, Segment};
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
    for (line, message) in &lines.notes {
        if segment.lines.contains(line) {
            sink.warn("lexicon_heading_split", message.clone());
        }
    }
    let title = join_title(lines, segment.title.clone());
    let doc_number = segment
        .doc_number
        .and_then(|i| lines.own_number(i))
        .map(|n| DocNumber {
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

    let marks = landmarks(lines, segment.lines.clone());
    let mut source = None;
    let mut published = None;
    for &i in &marks.info {
        // A page's info line holds both (`发布时间：… 来源：… 浏览次数：…`).
        // The body leaves these lines out: they are accounted for whole, as
        // page metadata (what follows the field, or a second 来源 line,
        // would otherwise be lost without a trace).
        sink.remove(lines.lines[i].raw.clone(), crate::report::Reason::Metadata);
        let text = lines.text(i);
        if source.is_none() {
            source = text
                .find("来源")
                .and_then(|at| parts::source_line(&text[at..]))
                .map(str::to_owned);
        }
        if published.is_none() {
            published = parts::published_line(text).map(|(d, _, _)| d.iso());
        }
    }

    let layout = find_attachments(lines, &marks, cursor, end);
    let list_skip: Vec<Range<usize>> = layout.list.iter().cloned().collect();
    let first_body = layout.bodies.first().map_or(end, |b| b.heading);
    let signature = find_signature(lines, &marks, cursor, first_body);
    let mut issuers = Vec::new();
    let mut signed = None;
    let mut publicity = None;
    let mut body;
    let mut enclosure = None;
    match signature {
        Some(sig) => {
            body = tree::build(cx.page, lines, cursor, sig.organs.start, &list_skip, sink);
            for i in sig.organs.clone() {
                if lines.kind(i) == LineKind::Text {
                    issuers.extend(parts::split_joint_issuers(lines.text(i)));
                }
            }
            if let Some((organ, d)) = lines.organ_date(sig.date_line) {
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
                let note = parts::publicity(lines.text(i));
                if publicity.is_none() {
                    publicity = note.map(str::to_owned);
                } else {
                    // One note is printed; another goes on record.
                    let reason = if note == publicity.as_deref() {
                        crate::report::Reason::Duplicate
                    } else {
                        crate::report::Reason::Unplaced
                    };
                    sink.remove(lines.lines[i].raw.clone(), reason);
                }
                after = i + 1;
            }
            // The enclosed document runs to the attachments: their list
            // when it follows the document, else the first attachment body.
            let enclosure_end = match &layout.list {
                Some(list) if list.start >= after => list.start,
                _ => first_body,
            };
            // Text between that list and the first attachment body is in
            // no part: accounted for, not lost without a trace.
            if let Some(list) = layout.list.as_ref().filter(|l| l.start >= after) {
                for i in list.end..first_body {
                    if lines.kind(i) != LineKind::Blank {
                        sink.remove(lines.lines[i].raw.clone(), crate::report::Reason::Unplaced);
                    }
                }
            }
            if next_non_blank(lines, after, enclosure_end).is_some() {
                if encloses_a_document(lines, title.as_deref(), after, enclosure_end) {
                    enclosure = Some(build_enclosure(
                        cx,
                        title.as_deref(),
                        after,
                        enclosure_end,
                        sink,
                    ));
                } else {
                    // A postscript (`（联系人：…）`, `（本文有删减）`) is the
                    // document's own text, after its signature.
                    body.extend(tree::build(
                        cx.page,
                        lines,
                        after,
                        enclosure_end,
                        &list_skip,
                        sink,
                    ));
                }
            }
        }
        None => body = tree::build(cx.page, lines, cursor, first_body, &list_skip, sink),
    }
    if let Some(e) = enclosure.as_mut() {
        move_outline_into_enclosure(&mut body, e);
        if e.title.is_none() {
            e.title = title_named_in_cover(&body);
        }
    }
    tree::settle(&mut body, sink);
    if let Some(e) = enclosure.as_mut() {
        tree::settle(&mut e.body, sink);
    }
    let mut attachments = build_attachments(cx, &layout, end, sink);
    for a in &mut attachments {
        tree::settle(&mut a.body, sink);
    }
    match enclosure.as_mut() {
        Some(e) => assign_task_tables(&mut e.body, &attachments),
        None => assign_task_tables(&mut body, &attachments),
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
    // Addressees and a signed date make a 公文 even when the page lost its
    // title and number (a flattened scrape).
    let kind =
        if doc_number.is_some() || doc_type.is_some() || !addressees.is_empty() && signed.is_some()
        {
            Kind::Notice
        } else {
            kind_of_text(&body, source.as_deref())
        };
    let own = doc_number.as_ref().map(|n| n.text.clone());
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
        attachments,
        references: Vec::new(),
        effective: None,
        copies,
        warnings: std::mem::take(&mut sink.warnings),
        fingerprint: String::new(),
    };
    crate::fingerprint::seal_reading(&mut article, |running| {
        let numbered = numbered(running);
        let mut references = references(&numbered, own.as_deref());
        if kind == Kind::Interpretation {
            let body_numbered = numbered
                .pieces
                .iter()
                .take_while(|p| p.0 < running.body_pieces);
            if let Some(explained) = interpreted_number(running.body, body_numbered.map(|p| p.1)) {
                if let Some(r) = references.iter_mut().find(|r| r.doc_number == explained) {
                    r.relation = Relation::Interprets;
                }
            }
        }
        (references, effective_in(running, EFFECT_SEARCH_BYTES))
    });
    article
}

/// The enclosure's title when the page does not print it: the `《X》` of
/// the cover letter's sentence that issues it (`《X》已经…同意，现印发给你们`).
fn title_named_in_cover(body: &[Block]) -> Option<String> {
    body.iter().find_map(|b| match b {
        Block::Paragraph { text, .. }
            if has_phrase!(text, "印发给你们") || has_phrase!(text, "印发给各") =>
        {
            let open = text.find('《')? + '《'.len_utf8();
            let close = open + text[open..].find('》')?;
            Some(text[open..close].to_owned())
        }
        _ => None,
    })
}

/// A cover letter has no outline; sections found before the signature of a
/// notice that encloses a document were printed out of place (a page
/// scraped several times over) and belong to the enclosure, after its
/// preamble.
fn move_outline_into_enclosure(body: &mut Vec<Block>, enclosure: &mut Enclosure) {
    let Some(first) = body.iter().position(|b| matches!(b, Block::Section { .. })) else {
        return;
    };
    let moved: Vec<Block> = body.drain(first..).collect();
    let at = enclosure
        .body
        .iter()
        .position(|b| matches!(b, Block::Section { .. }))
        .unwrap_or(enclosure.body.len());
    enclosure.body.splice(at..at, moved);
}

/// What an article without a number or a 公文 title is: a policy
/// interpretation (its headings explain a policy, or it answers questions
/// with `答：`), a news report (a media outlet is its source, or it opens
/// like a report: `近日，`, `日前，`, `记者`), or something else.
fn kind_of_text(body: &[Block], source: Option<&str>) -> Kind {
    let mut interpretation = false;
    for block in body {
        if let Block::Section {
            heading: Some(h), ..
        } = block
        {
            interpretation |= explains_a_policy(h);
        }
    }
    let mut first_text: Option<&str> = None;
    for_each_text(body, &mut |text: &str| {
        // (Both phrases end in 解读: one search for the two, most texts.)
        interpretation = interpretation
            || text.starts_with("答：")
            || has_phrase!(text, "解读")
                && (has_phrase!(text, "作如下解读") || has_phrase!(text, "政策解读"));
        first_text.get_or_insert(text);
    });
    if interpretation {
        return Kind::Interpretation;
    }
    const OUTLETS: &[&str] = &[
        "日报",
        "晚报",
        "早报",
        "新闻",
        "报社",
        "电视台",
        "广播",
        "新华社",
        "新华网",
        "人民网",
        "客户端",
        "融媒",
    ];
    const OPENINGS: &[&str] = &["近日，", "日前，", "记者", "本报讯", "讯（", "讯 "];
    let from_outlet = source.is_some_and(|s| OUTLETS.iter().any(|o| s.contains(o)));
    let opens_like_news = first_text.is_some_and(|t| OPENINGS.iter().any(|o| t.starts_with(o)));
    if from_outlet || opens_like_news {
        Kind::News
    } else {
        Kind::Other
    }
}

/// The number of the document an interpretation explains: the one its
/// opening paragraph names (`…印发《X》（渝府办发〔2025〕4号，以下简称…）`),
/// or else the one it gives a short name to (`以下简称`). Numbers cited in
/// its background sections are the policies it builds on, not its subject.
/// `numbered` are the texts of `body` that hold `号`, in order: every number
/// ends in it, so the others name none.
fn interpreted_number<'a>(
    body: &[Block],
    numbered: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    if let Some(Block::Paragraph { text, .. }) = body.first() {
        if let Some(found) = docno::find_doc_numbers(text).into_iter().next() {
            return Some(found.number.text);
        }
    }
    for text in numbered {
        for found in docno::find_doc_numbers(text) {
            let after = text.get(found.end..).unwrap_or("");
            let after = after.trim_start_matches(['，', '、', '；']);
            if after.starts_with("以下简称") {
                return Some(found.number.text);
            }
        }
    }
    None
}

/// Where an article's attachments stand: the `附件：1.… 2.…` list and the
/// bodies that each open with a `附件N` line.
struct AttachmentLayout {
    /// The lines of the list.
    list: Option<Range<usize>>,
    /// The numbers and titles the list gives.
    listed: Vec<(u32, String)>,
    /// The printed attachments, in page order.
    bodies: Vec<AttachmentBody>,
}

/// One printed attachment.
struct AttachmentBody {
    number: u32,
    /// The `附件N` line.
    heading: usize,
    /// Just past its last line.
    end: usize,
}

/// The lines of a segment that its article is read around, found in one
/// pass over its lines where there was one for each kind: most lines are
/// plain text that none of the kinds wants, and each pass cost ~10
/// instructions a line.
#[derive(Default)]
struct Landmarks {
    /// The `来源` and `发布日期` lines.
    info: Vec<usize>,
    /// The text lines that start with `附件`, where a list of attachments may.
    attachment_lists: Vec<usize>,
    /// The `附件N` lines.
    attachment_headings: Vec<usize>,
    /// The signature lines.
    signatures: Vec<usize>,
}

/// The first byte of `附件` in UTF-8.
const ATTACHMENT_LEAD: u8 = "附件".as_bytes()[0];

/// The [`Landmarks`] among the lines `range` of `lines`, each list in line order.
fn landmarks(lines: &Lines, range: Range<usize>) -> Landmarks {
    let mut marks = Landmarks::default();
    let canon = lines.canon.as_bytes();
    let all = &lines.lines;
    let range = range.start.min(all.len())..range.end.min(all.len());
    for (i, line) in all
        .get(range.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let i = range.start + i;
        match line.kind {
            LineKind::Source | LineKind::Published => marks.info.push(i),
            LineKind::AttachmentHeading => marks.attachment_headings.push(i),
            LineKind::Signature => marks.signatures.push(i),
            // The first byte rules out most lines (one load, where a cut of the line and a
            // compare of six bytes cost some twenty instructions); the few it keeps are asked as
            // text.
            LineKind::Text
                if canon.get(line.text.start) == Some(&ATTACHMENT_LEAD)
                    && lines.text(i).starts_with("附件") =>
            {
                marks.attachment_lists.push(i);
            }
            _ => {}
        }
    }
    marks
}

/// The lines of `marks` that stand in `from..to`.
fn within(marks: &[usize], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    marks.iter().copied().filter(move |&i| from <= i && i < to)
}

fn find_attachments(lines: &Lines, marks: &Landmarks, from: usize, to: usize) -> AttachmentLayout {
    let mut list = None;
    let mut listed = Vec::new();
    for i in within(&marks.attachment_lists, from, to) {
        let Some(items) = parts::attachment_list(lines.text(i)) else {
            continue;
        };
        listed = items;
        let mut last = i;
        while let Some(j) = next_non_blank(lines, last + 1, to) {
            if !matches!(lines.kind(j), LineKind::Text | LineKind::Heading(_)) {
                break;
            }
            match parts::attachment_item(lines.text(j)) {
                Some(item) if !listed.iter().any(|(n, _)| *n == item.0) => listed.push(item),
                _ => break,
            }
            last = j;
        }
        list = Some(i..last + 1);
        break;
    }
    let after_list = list.as_ref().map_or(from, |l| l.end);
    let headings: Vec<(usize, u32)> = within(&marks.attachment_headings, after_list, to)
        .filter_map(|i| parts::attachment_heading(lines.text(i)).map(|n| (i, n)))
        .collect();
    let bodies = headings
        .iter()
        .enumerate()
        .map(|(k, &(heading, number))| AttachmentBody {
            number,
            heading,
            end: headings.get(k + 1).map_or(to, |&(next, _)| next),
        })
        .collect();
    AttachmentLayout {
        list,
        listed,
        bodies,
    }
}

/// The attachments: each printed one with its own title and blocks, and
/// each listed one that is not printed, with its title alone.
fn build_attachments(
    cx: &PageContext<'_>,
    layout: &AttachmentLayout,
    end: usize,
    sink: &mut Sink,
) -> Vec<Attachment> {
    let lines = cx.lines;
    let mut out: Vec<Attachment> = Vec::new();
    for body in &layout.bodies {
        let listed = layout
            .listed
            .iter()
            .find(|(n, _)| *n == body.number)
            .map(|(_, t)| t.as_str());
        let mut title = listed.map(str::to_owned);
        let mut from = body.heading + 1;
        if let Some(first) = next_non_blank(lines, from, body.end.min(end)) {
            let text = lines.text(first);
            let names_it = listed.is_some_and(|t| same_title(t, text));
            // A title-like line that is not the listed title stays in the
            // body (it was taken as the title and dropped).
            let own_title = title.is_none() && is_title_like(text);
            if lines.kind(first) == LineKind::Text && (names_it || own_title) {
                if title.is_none() {
                    title = Some(text.to_owned());
                } else {
                    // The list printed this title already.
                    sink.remove(
                        lines.lines[first].raw.clone(),
                        crate::report::Reason::Duplicate,
                    );
                }
                from = first + 1;
            }
        }
        let blocks = tree::build(cx.page, lines, from, body.end.min(end), &[], sink);
        out.push(Attachment {
            number: body.number,
            title,
            body: blocks,
        });
    }
    for (number, title) in &layout.listed {
        if !out.iter().any(|a| a.number == *number) {
            out.push(Attachment {
                number: *number,
                title: Some(title.clone()),
                body: Vec::new(),
            });
        }
    }
    out.sort_by_key(|a| a.number);
    out
}

/// A task-assignment table (序号 / 内容 / 牵头单位 / 责任单位) in an
/// attachment assigns units to the numbered items of the document: each row
/// becomes the responsibility of the item with its number and title, unless
/// the item names its own.
fn assign_task_tables(blocks: &mut [Block], attachments: &[Attachment]) {
    // The items are listed once, when a row first asks, not walked for each
    // row.
    let mut items: Option<Vec<OutlineItem<'_>>> = None;
    let mut blocks = Some(blocks);
    for attachment in attachments {
        for block in &attachment.body {
            let Block::Table { header, rows } = block else {
                continue;
            };
            let col = |name: &str| header.iter().position(|h| h.contains(name));
            let (Some(serial), Some(content)) = (col("序号"), col("内容").or_else(|| col("任务")))
            else {
                continue;
            };
            let lead = col("牵头");
            let responsible = col("责任").or_else(|| col("配合"));
            if lead.is_none() && responsible.is_none() {
                continue;
            }
            for row in rows {
                let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map_or("", |s| s.as_str());
                let Ok(number) = cell(Some(serial)).parse::<u32>() else {
                    continue;
                };
                let r = responsibility_row(cell(lead), cell(responsible));
                if r.lead.is_empty() && r.responsible.is_empty() {
                    continue;
                }
                let items = items.get_or_insert_with(|| {
                    let mut items = Vec::new();
                    if let Some(blocks) = blocks.take() {
                        outline_items(blocks, &mut items);
                    }
                    items
                });
                set_item_responsibility(items, number, cell(Some(content)), &r);
            }
        }
    }
}

/// A numbered item of the outline that has a heading: its number, heading
/// and responsibility.
type OutlineItem<'a> = (u32, &'a str, &'a mut Option<Responsibility>);

/// Lists the sections of `blocks` that have a heading, each before the
/// sections inside it.
fn outline_items<'a>(blocks: &'a mut [Block], out: &mut Vec<OutlineItem<'a>>) {
    for block in blocks {
        if let Block::Section {
            number,
            heading,
            responsibility,
            blocks: inner,
            ..
        } = block
        {
            let heading: &'a Option<String> = heading;
            if let Some(h) = heading.as_deref() {
                out.push((*number, h, responsibility));
            }
            outline_items(inner, out);
        }
    }
}

/// Gives the first of `items` numbered `number` whose heading matches
/// `title` the responsibility `r`, if it has none.
fn set_item_responsibility(
    items: &mut [OutlineItem<'_>],
    number: u32,
    title: &str,
    r: &Responsibility,
) {
    let found = items
        .iter_mut()
        .find(|(n, heading, _)| *n == number && same_item(heading, title));
    if let Some((_, _, responsibility)) = found {
        if responsibility.is_none() {
            **responsibility = Some(r.clone());
        }
    }
}

/// Whether a task table's item title names the outline item `heading`:
/// the same words, or one of them with words left out (tables shorten
/// titles: `支持创新产品开拓国际市场` for `支持智慧医疗装备创新产品开拓国际市场`).
fn same_item(heading: &str, title: &str) -> bool {
    let (short, long) = if heading.len() <= title.len() {
        (heading, title)
    } else {
        (title, heading)
    };
    if short.is_empty() {
        return false;
    }
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|d| d == c))
}

/// A responsibility from the two cells of a task table; `/` is no unit,
/// and `…按职责分别负责` after the last unit is a note, not part of it.
fn responsibility_row(lead: &str, responsible: &str) -> Responsibility {
    let clean = |s: &str| {
        if s.trim() == "/" {
            String::new()
        } else {
            s.to_owned()
        }
    };
    let mut note = None;
    let mut responsible = clean(responsible);
    for phrase in [
        "按职责分别负责",
        "按职责分工负责",
        "分别负责",
        "共同负责",
        "负责",
    ] {
        if let Some(units) = responsible.strip_suffix(phrase) {
            note = Some(phrase.to_owned());
            responsible = units.to_owned();
            break;
        }
    }
    let r = crate::grammar::responsibility::responsibility_row(&clean(lead), &responsible);
    Responsibility {
        lead: r.lead,
        responsible: r.responsible,
        note: r.note.or(note),
    }
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
fn find_signature(lines: &Lines, marks: &Landmarks, from: usize, to: usize) -> Option<Signature> {
    let date_line = within(&marks.signatures, from, to).next()?;
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

/// Whether the text after a signature is a document of its own: always for
/// a notice that issues or forwards one (印发, 转发, 颁布), else only when
/// it has an outline or runs long — a few short lines are a postscript.
fn encloses_a_document(lines: &Lines, title: Option<&str>, from: usize, to: usize) -> bool {
    let issues = title.is_some_and(|t| {
        ["印发", "转发", "颁布", "发布"]
            .iter()
            .any(|w| t.contains(w))
    });
    if issues {
        return true;
    }
    let mut chars = 0;
    for i in from..to.min(lines.len()) {
        match lines.kind(i) {
            LineKind::Blank => {}
            LineKind::Heading(_) => return true,
            _ => chars += lines.text(i).chars().count(),
        }
    }
    chars >= 200
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
    let body = tree::build(cx.page, lines, body_from, to, &[], sink);
    Enclosure { title, body }
}

/// Whether two titles are the same once book-title marks are set aside.
fn same_title(expected: &str, found: &str) -> bool {
    let unmarked = |c: &char| !matches!(c, '《' | '》');
    // Most titles that are the same are printed alike.
    expected == found
        || expected
            .chars()
            .filter(unmarked)
            .eq(found.chars().filter(unmarked))
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
        // Blank lines and page metadata (发布日期) inside the block are no
        // part of the title.
        if lines.kind(i) != LineKind::Text {
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

/// Every document number ends in 号, which most texts lack: the texts that
/// hold one are found by one search of the encoding they are written into.
static HAO: LazyLock<SpanFinder> = LazyLock::new(|| SpanFinder::new("号"));

/// The pieces of running text that hold `号`, found by one search of the
/// encoding, with where their `号`s stand: the search that tells which
/// pieces to read for numbers also finds every `号` the reading starts from.
struct Numbered<'a> {
    /// Each piece's index among the pieces, its text, and the range of
    /// `hao` that holds its `号`s.
    pieces: Vec<(usize, &'a str, Range<usize>)>,
    /// The byte offsets of the `号`s in their pieces, piece after piece.
    hao: Vec<usize>,
}

/// The [`Numbered`] pieces of `running`.
fn numbered<'a>(running: &RunningText<'a>) -> Numbered<'a> {
    let mut pieces: Vec<(usize, &'a str, Range<usize>)> = Vec::new();
    let mut hao: Vec<usize> = Vec::new();
    running.each_hit(0..running.pieces(), &HAO, |i, at, _| {
        if pieces.last().map(|p| p.0) != Some(i) {
            let Some(text) = running.piece(i) else {
                return;
            };
            pieces.push((i, text, hao.len()..hao.len()));
        }
        hao.push(at);
        if let Some(last) = pieces.last_mut() {
            last.2.end = hao.len();
        }
    });
    Numbered { pieces, hao }
}

/// The numbers of other documents that the texts cite or repeal, each
/// once, in order of first mention; `numbered` are the texts that hold `号`.
fn references(numbered: &Numbered<'_>, own: Option<&str>) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for (_, text, at) in &numbered.pieces {
        let hao = numbered.hao.get(at.clone()).unwrap_or_default();
        note_references(
            text,
            docno::find_doc_numbers_at(text, hao.iter().copied()),
            own,
            &mut out,
        );
    }
    out
}

/// Adds to `out` the numbers of other documents that `text` cites or
/// repeals, `found` in it (a number met again keeps its first place, and is
/// repealed if any mention repeals it).
fn note_references(
    text: &str,
    found: Vec<docno::FoundDocNumber>,
    own: Option<&str>,
    out: &mut Vec<Reference>,
) {
    // Most texts never say 废止: one search of the text tells, where a
    // search of each number's clause (and the search for its end) cost as
    // much again for each number.
    let may_repeal = !found.is_empty() && has_phrase!(text, "废止");
    for found in found {
        if Some(found.number.text.as_str()) == own {
            continue;
        }
        let repeals = may_repeal && {
            let after = text.get(found.end..).unwrap_or("");
            let clause_end = after.find(['。', '；']).unwrap_or(after.len());
            has_phrase!(&after[..clause_end], "废止")
        };
        add_reference(out, &found, repeals);
    }
}

/// Adds `found` to `out`, or to its first mention there: repealed if any
/// mention repeals it, titled by the first mention that gives a title.
fn add_reference(out: &mut Vec<Reference>, found: &docno::FoundDocNumber, repeals: bool) {
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
            relation: if repeals {
                Relation::Repeals
            } else {
                Relation::Cites
            },
        }),
    }
}

/// The clause that makes the document effective: the sentences of the last
/// paragraph that speaks of 施行 or 有效期. The enclosed document's clause
/// wins over the cover letter's, as it is the one that takes effect.
#[cfg(test)]
fn effective(body: &[Block], enclosure: Option<&Enclosure>) -> Option<Effective> {
    let text = enclosure
        .and_then(|e| last_effective_clause(&e.body))
        .or_else(|| last_effective_clause(body))?;
    Some(effective_of(text))
}

/// The effective clause `text` with the dates it gives.
fn effective_of(text: String) -> Effective {
    static ZI: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("自"));
    static CONG: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("从"));
    let from = first_date_after(&text, &ZI).or_else(|| first_date_after(&text, &CONG));
    let until = date_until(&text);
    Effective {
        from: from.map(|d| d.iso()),
        until: until.map(|d| d.iso()),
        text,
    }
}

/// The first date in `text` that follows what `lead` finds.
fn first_date_after(text: &str, lead: &memmem::Finder<'_>) -> Option<date::Date> {
    let len = lead.needle().len();
    crate::grammar::finds(lead, text.as_bytes())
        .find_map(|at| text.get(at + len..).and_then(date::date_at))
        .map(|(d, _)| d)
}

/// The date a clause runs until: the first after `有效期至`, or else the first after `至` (which
/// `截至` ends in too). Both leads end in `至`: one search for it, where one for each lead found
/// none of the first and went on to the next.
fn date_until(text: &str) -> Option<date::Date> {
    static ZHI: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("至"));
    let mut after_zhi = None;
    for at in crate::grammar::finds(&ZHI, text.as_bytes()) {
        let Some((d, _)) = text.get(at + "至".len()..).and_then(date::date_at) else {
            continue;
        };
        if text.get(..at).is_some_and(|head| head.ends_with("有效期")) {
            return Some(d);
        }
        after_zhi.get_or_insert(d);
    }
    after_zhi
}

/// Bytes of running text first searched for the effective clause, from the
/// end; the search after takes all the rest. The clause mostly stands in the
/// last paragraph or two, but most documents have none, and a search costs
/// more to start than to run over a paragraph: on a page without a clause
/// fewer, longer runs cost less (over a corpus of 4 MB, runs growing four
/// times each time cost 0.17M instructions more than the rest at once, and
/// runs growing twice 0.05M more still; a first run of 128 or 512 bytes cost
/// 0.03M to 0.06M more, of 1024 bytes 0.17M more).
const EFFECT_SEARCH_BYTES: usize = 256;

/// [`effective`] read off the encoding: the pieces of running text, taken
/// from the end in a run of `run_bytes` and then all the rest, are searched
/// for `施` and `有效期` at once, and only the pieces that hold an
/// effect phrase are looked at, last first. The enclosure's pieces follow
/// the body's, so the enclosure's clause is found first, as [`effective`]
/// has it.
fn effective_in(running: &RunningText<'_>, run_bytes: usize) -> Option<Effective> {
    static YOUXIAOQI: LazyLock<SpanFinder> = LazyLock::new(|| SpanFinder::new("有效期"));
    let all = running.pieces();
    let mut start = all.saturating_sub(1);
    while start > 0 && running.span_len(start, all) < run_bytes {
        start -= 1;
    }
    let mut found: Vec<usize> = Vec::new();
    for run in [start..all, 0..start] {
        if run.is_empty() {
            continue;
        }
        found.clear();
        running.each_hit(run.clone(), &SHI, |i, at, bytes| {
            if effect_word(bytes, at) {
                found.push(i);
            }
        });
        // (A hit that runs past its piece is checked again below.)
        running.each_hit(run, &YOUXIAOQI, |i, _, _| found.push(i));
        found.sort_unstable();
        found.dedup();
        for &i in found.iter().rev() {
            if let Some(text) = running.piece(i).and_then(effect_sentences) {
                return Some(effective_of(text));
            }
        }
    }
    None
}

/// The sentences about 施行 or 有效期 of the last paragraph that has any.
#[cfg(test)]
fn last_effective_clause(blocks: &[Block]) -> Option<String> {
    // Looked for from the end: the clause closes a document, and only the
    // last one counts.
    find_text_from_end(blocks, &mut |text: &str| effect_sentences(text))
}

/// The sentences of `text` that say when the document takes effect or
/// expires (see [`is_effect_sentence`]), joined; `None` when there are none.
fn effect_sentences(text: &str) -> Option<String> {
    // A sentence that counts holds one of these phrases, and so does the
    // text: most texts that hold `实施` hold none of them, and their
    // sentences need not be looked at.
    if !holds_effect_phrase(text) {
        return None;
    }
    let mut clause = String::new();
    for sentence in text.split_inclusive('。') {
        if is_effect_sentence(sentence) {
            clause.push_str(sentence);
        }
    }
    (!clause.is_empty()).then_some(clause)
}

/// The char every effect phrase but `有效期` holds.
static SHI: LazyLock<SpanFinder> = LazyLock::new(|| SpanFinder::new("施"));

/// Whether the `施` at byte `at` of `bytes` is one of `施行`, `起实施` or
/// `后实施`.
fn effect_word(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or_default();
    let after = bytes.get(at + "施".len()..).unwrap_or_default();
    after.starts_with("行".as_bytes())
        || before.ends_with("起实".as_bytes())
        || before.ends_with("后实".as_bytes())
}

/// Whether `text` holds `施行`, `起实施`, `后实施` or `有效期`. Each `施` is
/// looked at where it stands: one search for the three phrases that hold it,
/// where a search for `施` was followed by one for each phrase (most texts
/// hold `施`, in `实施`).
fn holds_effect_phrase(text: &str) -> bool {
    let bytes = text.as_bytes();
    crate::grammar::finds(SHI.memmem(), bytes).any(|at| effect_word(bytes, at))
        || has_phrase!(text, "有效期")
}

/// The first `Some` that `f` gives for the pieces of running text in
/// `blocks` taken in the reverse of [`for_each_text`]'s order.
#[cfg(test)]
fn find_text_from_end<T>(blocks: &[Block], f: &mut impl FnMut(&str) -> Option<T>) -> Option<T> {
    for block in blocks.iter().rev() {
        let found = match block {
            Block::Paragraph { text, .. } => f(text),
            Block::Section {
                heading, blocks, ..
            } => find_text_from_end(blocks, f).or_else(|| heading.as_deref().and_then(&mut *f)),
            Block::Table { header, rows } => rows
                .iter()
                .rev()
                .flat_map(|row| row.iter().rev())
                .chain(header.iter().rev())
                .find_map(|c| f(c)),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether a sentence says when the document takes effect or expires.
/// `实施` alone is too common (`组织实施`, `实施方案`); it counts only in
/// `自…起实施` / `…日后实施`.
fn is_effect_sentence(sentence: &str) -> bool {
    has_phrase!(sentence, "施行")
        || has_phrase!(sentence, "有效期")
        || sentence.contains('自')
            && (has_phrase!(sentence, "起实施") || has_phrase!(sentence, "后实施"))
}

/// The ISO date that follows one of `leads` in `text`: what [`effective_of`] finds, as it was
/// found before it searched for `至` once.
#[cfg(test)]
fn date_after(text: &str, leads: &[&str]) -> Option<String> {
    for lead in leads {
        // A one-char lead is searched for as a char (memchr), not as a string (a searcher
        // built on every search).
        let mut chars = lead.chars();
        let single = chars.next().filter(|_| chars.next().is_none());
        let find = |t: &str| match single {
            Some(c) => t.find(c),
            None => t.find(lead),
        };
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(find) {
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

    /// [`effect_sentences`] as it was before its prefilter asked for the
    /// phrases a counted sentence holds.
    fn effect_sentences_unfiltered(text: &str) -> Option<String> {
        if !(text.contains("施行") || text.contains("有效期") || text.contains("实施")) {
            return None;
        }
        let clause: String = text
            .split_inclusive('。')
            .filter(|s| is_effect_sentence(s))
            .collect();
        (!clause.is_empty()).then_some(clause)
    }

    /// [`references`] as it was before it searched the encoding: each text
    /// in turn.
    fn references_per_text(
        body: &[Block],
        enclosure: Option<&Enclosure>,
        own: Option<&str>,
    ) -> Vec<Reference> {
        let mut out: Vec<Reference> = Vec::new();
        let mut visit = |text: &str| {
            if !text.contains('号') {
                return;
            }
            note_references_per_clause(text, docno::find_doc_numbers(text), own, &mut out);
        };
        for_each_text(body, &mut visit);
        if let Some(e) = enclosure {
            for_each_text(&e.body, &mut visit);
        }
        out
    }

    /// [`note_references`] as it was before it searched the whole text for
    /// `废止` first: each number's clause searched for it.
    fn note_references_per_clause(
        text: &str,
        found: Vec<docno::FoundDocNumber>,
        own: Option<&str>,
        out: &mut Vec<Reference>,
    ) {
        for found in found {
            if Some(found.number.text.as_str()) == own {
                continue;
            }
            let after = text.get(found.end..).unwrap_or("");
            let clause_end = after.find(['。', '；']).unwrap_or(after.len());
            let repeals = after[..clause_end].contains("废止");
            add_reference(out, &found, repeals);
        }
    }

    /// [`interpreted_number`] as it was before it was handed the texts that
    /// hold `号`: every text of the body in turn.
    fn interpreted_number_per_text(body: &[Block]) -> Option<String> {
        if let Some(Block::Paragraph { text, .. }) = body.first() {
            if let Some(found) = docno::find_doc_numbers(text).into_iter().next() {
                return Some(found.number.text);
            }
        }
        let mut named = None;
        for_each_text(body, &mut |text: &str| {
            if named.is_some() {
                return;
            }
            for found in docno::find_doc_numbers(text) {
                let after = text.get(found.end..).unwrap_or("");
                let after = after.trim_start_matches(['，', '、', '；']);
                if after.starts_with("以下简称") {
                    named = Some(found.number.text);
                    return;
                }
            }
        });
        named
    }

    /// [`set_item_responsibility`] as it was before the items were listed:
    /// a walk of the blocks for each row.
    fn set_item_responsibility_by_walk(
        blocks: &mut [Block],
        number: u32,
        title: &str,
        r: &Responsibility,
    ) -> bool {
        for block in blocks {
            if let Block::Section {
                number: n,
                heading,
                responsibility,
                blocks: inner,
                ..
            } = block
            {
                let matches =
                    *n == number && heading.as_deref().is_some_and(|h| same_item(h, title));
                if matches {
                    if responsibility.is_none() {
                        *responsibility = Some(r.clone());
                    }
                    return true;
                }
                if set_item_responsibility_by_walk(inner, number, title, r) {
                    return true;
                }
            }
        }
        false
    }

    /// An outline of numbered sections, some with headings, some with a
    /// responsibility, nested.
    fn outline(depth: u32) -> proptest::strategy::BoxedStrategy<Vec<Block>> {
        use proptest::strategy::Strategy;
        let inner = if depth == 0 {
            proptest::strategy::Just(Vec::new()).boxed()
        } else {
            outline(depth - 1)
        };
        proptest::collection::vec(
            (
                0u32..4,
                proptest::option::of(proptest::sample::select(vec!["甲乙", "甲", "乙丙", ""])),
                proptest::bool::ANY,
                inner,
            )
                .prop_map(|(number, heading, held, blocks)| Block::Section {
                    level: 1,
                    marker: "一、".into(),
                    number,
                    heading: heading.map(str::to_owned),
                    responsibility: held.then(|| Responsibility {
                        lead: vec!["甲局".into()],
                        responsible: Vec::new(),
                        note: None,
                    }),
                    blocks,
                }),
            0..4,
        )
        .boxed()
    }

    proptest::proptest! {
        #[test]
        fn listed_items_get_what_the_walk_gives(
            blocks in outline(2),
            rows in proptest::collection::vec(
                (0u32..4, proptest::sample::select(vec!["甲乙", "甲", "乙", "丙", ""])),
                0..6,
            ),
        ) {
            let mut expected = blocks.clone();
            let mut found = blocks;
            let mut items = Vec::new();
            outline_items(&mut found, &mut items);
            for (k, (number, title)) in rows.iter().enumerate() {
                let r = Responsibility {
                    lead: vec![format!("局{k}")],
                    responsible: Vec::new(),
                    note: None,
                };
                set_item_responsibility_by_walk(&mut expected, *number, title, &r);
                set_item_responsibility(&mut items, *number, title, &r);
            }
            drop(items);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    /// The attachment list's lines, the titles it gives and the attachment headings (line,
    /// number), as [`layout_line_by_line`] finds them.
    type LayoutByLine = (Option<Range<usize>>, Vec<(u32, String)>, Vec<(usize, u32)>);

    /// The attachments' layout as found by a look at
    /// each line of `from..to`, before the [`Landmarks`] of a segment were
    /// gathered in one pass.
    fn layout_line_by_line(lines: &Lines, from: usize, to: usize) -> LayoutByLine {
        let mut list = None;
        let mut listed = Vec::new();
        for i in from..to {
            if lines.kind(i) != LineKind::Text || !lines.text(i).starts_with("附件") {
                continue;
            }
            let Some(items) = parts::attachment_list(lines.text(i)) else {
                continue;
            };
            listed = items;
            let mut last = i;
            while let Some(j) = next_non_blank(lines, last + 1, to) {
                if !matches!(lines.kind(j), LineKind::Text | LineKind::Heading(_)) {
                    break;
                }
                match parts::attachment_item(lines.text(j)) {
                    Some(item) if !listed.iter().any(|(n, _)| *n == item.0) => listed.push(item),
                    _ => break,
                }
                last = j;
            }
            list = Some(i..last + 1);
            break;
        }
        let after_list = list.as_ref().map_or(from, |l| l.end);
        let headings = (after_list..to)
            .filter(|&i| lines.kind(i) == LineKind::AttachmentHeading)
            .filter_map(|i| parts::attachment_heading(lines.text(i)).map(|n| (i, n)))
            .collect();
        (list, listed, headings)
    }

    proptest::proptest! {
        #[test]
        fn landmarks_find_what_a_look_at_each_line_finds(
            page in proptest::collection::vec(proptest::sample::select(vec![
                "附件", "附件：1.某某办法", "2.某某细则", "附件1", "附件2", "附件：", "附件 说明",
                "来源：某某局", "发布日期：2025-01-02", "重庆市人民政府", "2025年1月2日",
                "重庆市人民政府 2025年1月2日", "一、总则", "正文。", "", "（此件公开发布）",
            ]), 0..14),
            cut in (0usize..16, 0usize..16, 0usize..16, 0usize..16),
        ) {
            let text = page.join("\n");
            let lines = crate::lines::recognise(&text);
            let (a, b, c, d) = cut;
            let mut ends = [a, b, c, d];
            ends.sort_unstable();
            let [start, from, to, end] = ends;
            let marks = landmarks(&lines, start..end);
            let info: Vec<usize> = (start..end)
                .filter(|&i| matches!(lines.kind(i), LineKind::Source | LineKind::Published))
                .collect();
            proptest::prop_assert_eq!(&marks.info, &info);
            let layout = find_attachments(&lines, &marks, from, to);
            let (list, listed, headings) = layout_line_by_line(&lines, from, to);
            proptest::prop_assert_eq!(&layout.list, &list);
            proptest::prop_assert_eq!(&layout.listed, &listed);
            let found: Vec<(usize, u32)> =
                layout.bodies.iter().map(|b| (b.heading, b.number)).collect();
            proptest::prop_assert_eq!(&found, &headings);
            let date_line = (from..to).find(|&i| lines.kind(i) == LineKind::Signature);
            proptest::prop_assert_eq!(
                find_signature(&lines, &marks, from, to).map(|s| s.date_line),
                date_line
            );
        }
    }

    /// Running text that cites, repeals and names numbers, and says when it
    /// takes effect.
    fn cited_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "渝府发〔2025〕1号",
                "国办函〔2024〕12号",
                "2025年第3号",
                "《某某办法》（渝府发〔2020〕5号）",
                "同时废止",
                "。",
                "根据",
                "号",
                "文",
                "，以下简称",
                "；",
                "自2023年1月1日起施行",
                "有效期至2027年12月31日",
                "施行",
                "起实施",
                "实施",
                "有效期",
                "施",
            ]),
            0..8,
        )
        .prop_map(|pieces| pieces.concat())
    }

    /// A block of each kind around running text.
    fn block() -> impl proptest::strategy::Strategy<Value = Block> {
        use proptest::strategy::Strategy;
        (0u8..4, cited_text(), cited_text()).prop_map(|(shape, a, b)| match shape {
            0 => Block::Paragraph {
                text: a,
                responsibility: None,
            },
            1 | 2 => Block::Section {
                level: 1,
                marker: "一、".into(),
                number: 1,
                heading: (shape == 1).then_some(a),
                responsibility: None,
                blocks: vec![Block::Paragraph {
                    text: b,
                    responsibility: None,
                }],
            },
            _ => Block::Table {
                header: vec![a.clone()],
                rows: vec![vec![b, a]],
            },
        })
    }

    proptest::proptest! {
        #[test]
        fn the_encoding_gives_what_each_text_gives(
            body in proptest::collection::vec(block(), 0..6),
            enclosed in proptest::option::of(proptest::collection::vec(block(), 0..6)),
            own in proptest::option::of(proptest::sample::select(vec!["渝府发〔2025〕1号"])),
            run_bytes in proptest::sample::select(vec![1usize, 60, EFFECT_SEARCH_BYTES, usize::MAX]),
        ) {
            let mut article = crate::parse_str("a.txt", "正文。", &crate::Options::default())
                .articles
                .remove(0);
            article.body = body;
            article.enclosure = enclosed.map(|body| Enclosure { title: None, body });
            let expected =
                references_per_text(&article.body, article.enclosure.as_ref(), own);
            let expected_effective = effective(&article.body, article.enclosure.as_ref());
            let expected_interpreted = interpreted_number_per_text(&article.body);
            let mut interpreted = None;
            crate::fingerprint::seal_reading(&mut article, |running| {
                let numbered = numbered(running);
                let body_numbered = numbered
                    .pieces
                    .iter()
                    .take_while(|p| p.0 < running.body_pieces);
                interpreted = interpreted_number(running.body, body_numbered.map(|p| p.1));
                (references(&numbered, own), effective_in(running, run_bytes))
            });
            proptest::prop_assert_eq!(&article.references, &expected);
            proptest::prop_assert_eq!(&article.effective, &expected_effective);
            proptest::prop_assert_eq!(&interpreted, &expected_interpreted);
            // The fingerprint is the one the whole encoding written anew gives.
            let mut again = article.clone();
            crate::fingerprint::seal(&mut again);
            proptest::prop_assert_eq!(&again.fingerprint, &article.fingerprint);
            proptest::prop_assert_eq!(&again.id, &article.id);
        }

        #[test]
        fn effective_dates_are_found_as_searched_lead_by_lead(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "自", "从", "至", "截至", "有效期", "有效期至", "期", "2023年1月1日", "2024-02-03",
                "二〇二五年五月六日", "2025年", "起施行", "，", "。", " ", "a", "至2023年1月1日",
                "有效期至2027年12月31日", "自2023年1月1日",
            ]), 0..8),
        ) {
            let text = pieces.concat();
            let e = effective_of(text.clone());
            proptest::prop_assert_eq!(e.from, date_after(&text, &["自", "从"]), "{:?}", text);
            proptest::prop_assert_eq!(
                e.until,
                date_after(&text, &["有效期至", "至", "截至"]),
                "{:?}",
                text
            );
        }

        #[test]
        fn titles_printed_alike_are_the_same(
            expected in "[《》印发办法a]{0,6}",
            found in "[《》印发办法a]{0,6}",
        ) {
            let unmarked = |c: &char| !matches!(c, '《' | '》');
            let plain = expected.chars().filter(unmarked).eq(found.chars().filter(unmarked));
            proptest::prop_assert_eq!(same_title(&expected, &found), plain);
            proptest::prop_assert!(same_title(&expected, &expected));
        }

        #[test]
        fn effect_phrases_are_found_as_searched_one_by_one(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "施", "行", "施行", "实", "实施", "起", "后", "有效", "期", "有效期", "文", "a", "。",
            ]), 0..60),
        ) {
            let text = pieces.concat();
            let one_by_one = ["施行", "有效期", "起实施", "后实施"].iter().any(|p| text.contains(p));
            proptest::prop_assert_eq!(holds_effect_phrase(&text), one_by_one);
        }

        #[test]
        fn the_prefilter_keeps_every_clause(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "施", "施行", "实施", "起实施", "后实施", "自", "起", "后", "有效期", "有效", "。", "文",
            ]), 0..10),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(effect_sentences(&text), effect_sentences_unfiltered(&text));
        }
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
