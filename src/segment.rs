//! Stage 4, split the page into articles: takes the recognised lines of a
//! page and returns the line range of each article (with where its title
//! block and document number stand), the gazette masthead when the page is
//! a gazette issue, and the spans that belong to no article (masthead,
//! table of contents, colophon), each with its reason.
//!
//! An article starts with a title block followed by a document number: the
//! one arrangement of lines that every 公文 printed under GB/T 9704 has.
//! The title block is found by walking back from the number over lines that
//! read like a title, so a page can hold any number of notices.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{packed, AhoCorasick, MatchKind};
use memchr::memmem::Finder;

use crate::chars::is_cjkish;
use crate::grammar::date;
use crate::lines::{Line, LineKind, Lines};
use crate::model::GazetteIssue;
use crate::repeats::Probe;
use crate::report::{Reason, Sink};

/// The most lines a title block spans (joint issuers on lines of their
/// own, `关于` on its own line, a title wrapped twice).
const MAX_TITLE_LINES: usize = 6;

/// One article's place on the page, in line indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    /// All its lines.
    pub lines: Range<usize>,
    /// The lines of its title block (empty when it has none).
    pub title: Range<usize>,
    /// The line of its own document number.
    pub doc_number: Option<usize>,
}

/// A page split into articles.
#[derive(Debug, Default)]
pub(crate) struct Segmented {
    /// The articles in page order.
    pub articles: Vec<Segment>,
    /// The masthead of a gazette issue.
    pub gazette: Option<GazetteIssue>,
}

/// Splits `lines` into articles; removed spans go to `sink`. Lines that
/// are site chrome are blanked in `lines` once accounted for.
pub(crate) fn segment(lines: &mut Lines, sink: &mut Sink) -> Segmented {
    segment_scanned(lines, sink, None)
}

/// The pass over the lines of a page as recognised that [`segment`] starts
/// from, made before the repeats are folded: it feeds each line to the
/// probe that [`crate::repeats::fold_probed`] asks, one pass over the lines
/// where there were two. (Its lines skip no line the probe counts: a line
/// is blank as recognised when its text is empty.)
pub(crate) fn scan_page(lines: &Lines) -> (Scan, Probe) {
    let mut probe = Probe::new(lines.len());
    let scan = scan(lines, |text| probe.note(&lines.canon, text));
    (scan, probe)
}

/// [`segment`], starting from `scanned`, the [`scan_page`] of `lines` as
/// they are (`None` when they are not: scanned anew).
// Out of line, so that a profile shows this stage apart from `parse_text`.
#[inline(never)]
pub(crate) fn segment_scanned(
    lines: &mut Lines,
    sink: &mut Sink,
    scanned: Option<Scan>,
) -> Segmented {
    let landmarks = remove_chrome(lines, sink, scanned);
    let lines = &*lines;
    let mut starts: Vec<(usize, Range<usize>, Option<usize>)> = Vec::new();
    let mut floor = 0usize;
    for &i in &landmarks.numbers {
        let title = title_block(lines, i, floor);
        let start = if title.is_empty() { i } else { title.start };
        starts.push((start, title, Some(i)));
        floor = i + 1;
    }
    // `来源：…` closes an article: what follows is another one, unless it is
    // the title block of the next notice, which is already a start. (Found
    // by binary search among the numbered starts: a scan of all of them at
    // each source line was quadratic.)
    starts.sort_by_key(|s| s.0);
    let numbered = starts.len();
    for &i in &landmarks.sources {
        // An info line under a title (`来源：… 发布时间：…`) opens an
        // article rather than closing one.
        if is_info_line(lines.text(i)) {
            continue;
        }
        let Some(next) = next_non_blank(lines, i + 1) else {
            continue;
        };
        let after = starts[..numbered].partition_point(|s| s.0 <= i);
        if starts[..numbered].get(after).is_none_or(|s| s.0 > next) {
            starts.push((next, next..next, None));
        }
    }
    starts.sort_by_key(|s| s.0);
    split_at_restarts(lines, &landmarks.outline, &mut starts);

    let mut out = Segmented::default();
    let front_end = starts.first().map_or(lines.len(), |s| s.0);
    let first_text = next_non_blank(lines, 0).filter(|&i| i < front_end);
    out.gazette = match first_text {
        Some(first) => {
            let gazette = front_matter(lines, 0..front_end, sink);
            let has_words = (first..front_end).any(|i| {
                lines.kind(i) != LineKind::Blank && lines.text(i).chars().any(char::is_alphanumeric)
            });
            let repeats_title = gazette.is_none()
                && starts
                    .first()
                    .is_some_and(|s| repeats_the_title(lines, first..front_end, s.1.clone()));
            if repeats_title {
                // A database export prints the title twice above the number.
                remove_lines(lines, first..front_end, Reason::Duplicate, sink);
            } else if gazette.is_none() && !has_words {
                // Rules and stray marks before the first notice: no article.
                remove_lines(lines, first..front_end, Reason::Unplaced, sink);
            } else if gazette.is_none() {
                // Text before the first notice that is no masthead is an
                // article of its own (a page with no number at all, or an
                // interpretation printed first).
                let title = leading_title(lines, first);
                starts.insert(0, (first, title, None));
            }
            gazette
        }
        None => None,
    };
    for (n, (start, title, doc_number)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |next| next.0);
        out.articles.push(Segment {
            lines: *start..end,
            title: title.clone(),
            doc_number: *doc_number,
        });
    }
    if let Some(last) = out.articles.last_mut() {
        let colophon = colophon_start(lines, last.lines.clone());
        if colophon < last.lines.end {
            remove_lines(lines, colophon..last.lines.end, Reason::Colophon, sink);
            last.lines.end = colophon;
        }
    }
    out
}

/// Whether every line of `front` is a line of the title block `title`.
fn repeats_the_title(lines: &Lines, front: Range<usize>, title: Range<usize>) -> bool {
    let title_lines: Vec<&str> = title
        .filter(|&i| lines.kind(i) == LineKind::Text)
        .map(|i| lines.text(i))
        .collect();
    !title_lines.is_empty()
        && front
            .filter(|&i| lines.kind(i) != LineKind::Blank)
            .all(|i| title_lines.contains(&lines.text(i)))
}

fn next_non_blank(lines: &Lines, from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| lines.kind(i) != LineKind::Blank)
}

/// A page's info line, which stands under a title: the source with the
/// publication time or a view counter.
fn is_info_line(text: &str) -> bool {
    INFO.is_match(text)
}

/// The words of an info line, searched at once: a `来源` line holds none
/// (most), and five substring searches cost five starts.
static INFO: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(&["发布时间", "发布日期", "浏览", "点击", "字号"]));

/// Splits an article where its outline starts over at `一、` with headings
/// that explain a policy (起草背景, 主要内容, …): a 解读 printed right after
/// the notice it explains, with no `来源` line between them. `outline` holds
/// the lines that matter here besides the starts (attachment headings and
/// `一、` headings), ascending: the lines are visited in order, those alone.
fn split_at_restarts(
    lines: &Lines,
    outline: &[usize],
    starts: &mut Vec<(usize, Range<usize>, Option<usize>)>,
) {
    let mut extra = Vec::new();
    let mut highest = 0u32;
    // The start whose line resets the count when reached (one a line: a
    // second start on the same line is never reached).
    let mut next_start = 0;
    // The next start line and outline line to visit.
    let mut start_at = 0;
    let mut outline_at = 0;
    loop {
        let outline_line = outline.get(outline_at).copied();
        let next = starts
            .get(start_at)
            .map(|s| s.0)
            .into_iter()
            .chain(outline_line);
        let Some(i) = next.min().filter(|&i| i < lines.len()) else {
            break;
        };
        while starts.get(start_at).is_some_and(|s| s.0 == i) {
            start_at += 1;
        }
        if starts.get(next_start).is_some_and(|s| s.0 == i) {
            highest = 0;
            next_start += 1;
        }
        if outline_line != Some(i) {
            continue;
        }
        outline_at += 1;
        note_restart(lines, i, &mut highest, &mut extra);
    }
    if !extra.is_empty() {
        starts.extend(extra);
        starts.sort_by_key(|s| s.0);
    }
}

/// Follows the outline at line `i`: an attachment heading starts its count
/// anew; a `一、` heading that restarts a count past 2 and explains a policy
/// is noted in `extra` as the start of an article.
fn note_restart(
    lines: &Lines,
    i: usize,
    highest: &mut u32,
    extra: &mut Vec<(usize, Range<usize>, Option<usize>)>,
) {
    match lines.kind(i) {
        LineKind::AttachmentHeading => *highest = 0,
        LineKind::Heading(m) if m.kind == crate::grammar::marker::MarkerKind::CnComma => {
            if m.number == 1 && *highest >= 2 && explains_a_policy(lines.text(i)) {
                extra.push((i, i..i, None));
            }
            *highest = if m.number == 1 {
                1
            } else {
                (*highest).max(m.number)
            };
        }
        _ => {}
    }
}

/// Words of the headings of a policy interpretation (解读).
pub(crate) const INTERPRETATION_CUES: &[&str] = &[
    "解读",
    "起草背景",
    "制定背景",
    "出台背景",
    "背景和意义",
    "背景及意义",
    "起草过程",
    "制定过程",
    "主要内容",
    "主要特点",
    "创新亮点",
    "关键词",
    "名词解释",
    "是什么",
    "有哪些",
    "如何",
    "为什么",
];

/// The searcher of [`INTERPRETATION_CUES`]: one search of a heading costs
/// less than a substring search for each cue.
static CUES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(INTERPRETATION_CUES));

/// Whether a heading reads like one of a policy interpretation.
pub(crate) fn explains_a_policy(heading: &str) -> bool {
    CUES.is_match(heading)
}

/// Phrases that only site chrome contains: a line holding one is chrome
/// wherever it stands.
const CHROME_ALWAYS: &[&str] = &[
    "您当前的位置",
    "您现在的位置",
    "当前位置：",
    "当前位置:",
    "Copyright",
    "copyright",
    "版权所有",
    "ICP备",
    "ICP证",
    "公网安备",
    "网站标识码",
    "网站地图",
    "技术支持：",
    "扫一扫在手机打开",
    "【字体",
    "打印本页",
    "关闭窗口",
    "法宝引证码",
    "原文链接：",
    "原文链接:",
    "北大法宝",
];

/// Phrases of footer lines, chrome only in the run of lines that ends the
/// page (an article can mention a 电话 too).
const CHROME_AT_END: &[&str] = &[
    "主办：",
    "主办:",
    "承办：",
    "承办:",
    "传真：",
    "传真:",
    "地址：",
    "地址:",
    "电话：",
    "电话:",
    "邮编：",
    "邮编:",
    "二维码",
    "微信",
    "小程序",
    "微博",
    "联系我们",
    "E-mail",
    "邮箱：",
];

/// A list of phrases, searched by Teddy (SIMD) where the CPU has it: an
/// automaton steps through a Chinese line byte by byte, as its prefilters
/// look for rare bytes and every byte of CJK text looks rare to them.
pub(crate) struct Phrases {
    packed: Option<packed::Searcher>,
    automaton: Option<AhoCorasick>,
}

impl Phrases {
    /// The searcher of `phrases`; a match is the leftmost, and of two
    /// starting there the one listed first.
    pub(crate) fn new<P: AsRef<[u8]>>(phrases: &[P]) -> Phrases {
        let packed = packed::Searcher::new(phrases);
        let automaton = if packed.is_none() {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(phrases)
                .ok()
        } else {
            None
        };
        Phrases { packed, automaton }
    }

    /// Whether `text` holds a phrase.
    fn is_match(&self, text: &str) -> bool {
        match (&self.packed, &self.automaton) {
            (Some(p), _) => p.find(text).is_some(),
            (None, Some(ac)) => ac.is_match(text),
            (None, None) => false,
        }
    }

    /// The phrases in `text` that do not overlap, in order: (index in the
    /// list, start offset). Each line of `text` that holds a phrase has one
    /// among them, as no phrase spans a newline.
    pub(crate) fn find_iter<'a>(&'a self, text: &'a str) -> Finds<'a> {
        match (&self.packed, &self.automaton) {
            (Some(p), _) => Finds::Packed(p.find_iter(text)),
            (None, Some(ac)) => Finds::Automaton(ac.find_iter(text)),
            (None, None) => Finds::None,
        }
    }
}

/// The iterator of [`Phrases::find_iter`]: one searcher's matches, told
/// apart by a match at each step (a chain of the two searchers' optional
/// iterators cost a hundred instructions more to start).
pub(crate) enum Finds<'a> {
    /// Teddy's.
    Packed(packed::FindIter<'a, 'a>),
    /// The automaton's, where the CPU has no Teddy.
    Automaton(aho_corasick::FindIter<'a, 'a>),
    /// No searcher could be built.
    None,
}

impl Iterator for Finds<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let m = match self {
            Finds::Packed(it) => it.next(),
            Finds::Automaton(it) => it.next(),
            Finds::None => None,
        }?;
        Some((m.pattern().as_usize(), m.start()))
    }
}

/// The searcher of [`CHROME_ALWAYS`], run on the lines that hold an anchor.
static ALWAYS: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(CHROME_ALWAYS));

/// A run of the bytes of each phrase of [`CHROME_ALWAYS`], given as the
/// byte range of a part of it: what the page is searched for. Teddy tells a
/// candidate by an anchor's first three bytes and verifies each one, so
/// those bytes should be rare in the text of a document; the first char of
/// most phrases is not (`技`, `位`, `公`, `打`, `文` are common), but the
/// last byte of one char followed by the first bytes of the next is. An
/// anchor shares one of Teddy's eight buckets with the one listed eight
/// after it, and their nibbles mix into false candidates: of the orders
/// tried, this one gave the fewest over a corpus (a few hundred in 1.2 MB
/// of short lines, against 3.6k for anchors of whole chars).
const ALWAYS_ANCHORS: &[(&str, Range<usize>)] = &[
    // 打印本页, 扫一扫在手机打开: the end of 打 and the lead byte after it.
    ("打印", 1..4),
    ("宝", 0..3),
    ("【字", 2..6),
    // 技术支持：.
    ("持：", 1..6),
    ("权所", 2..6),
    // 您当前的位置, 当前位置：, ….
    ("位置", 1..6),
    ("公网", 1..6),
    ("ICP", 0..3),
    ("文链", 2..6),
    ("opyright", 0..8),
    ("闭窗", 2..6),
    ("网站", 2..6),
];

/// The bytes of `anchor`.
fn anchor_bytes(anchor: &(&'static str, Range<usize>)) -> &'static [u8] {
    let (text, range) = anchor;
    text.as_bytes()
        .get(range.clone())
        .unwrap_or(text.as_bytes())
}

/// The searchers of [`ALWAYS_ANCHORS`] and [`CHROME_AT_END`].
static ANCHORS: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(&ALWAYS_ANCHORS.iter().map(anchor_bytes).collect::<Vec<_>>()));
static AT_END: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(CHROME_AT_END));

/// The longest line (in bytes) that a chrome phrase makes chrome.
const CHROME_MAX: usize = 300;

/// A breadcrumb: `首页 > 政务公开 > 政策文件`.
fn is_breadcrumb(text: &str) -> bool {
    (text.starts_with("首页") || text.starts_with("网站首页"))
        && text.contains(['>', '＞', '»', '›', '→', '/'])
        && text.chars().count() <= 60
}

/// Whether a line is chrome wherever it stands; `has_anchor` tells whether
/// it holds one of [`ALWAYS_ANCHORS`].
#[inline]
fn is_chrome_always(text: &str, has_anchor: bool) -> bool {
    may_be_chrome_always(text.as_bytes(), has_anchor) && chrome_line(text, has_anchor)
}

/// Whether a line whose text starts with the bytes `first` may be chrome
/// wherever it stands. Without an anchor only a breadcrumb (`首页`,
/// `网站首页`) or a `主办` line can be: most lines start with none of their
/// first chars (首 E9 A6 96, 网 E7 BD 91, 主 E4 B8 BB), told by their bytes
/// where the line is read.
#[inline]
fn may_be_chrome_always(first: &[u8], has_anchor: bool) -> bool {
    has_anchor
        || matches!(
            first,
            [0xE9, 0xA6, 0x96, ..] | [0xE7, 0xBD, 0x91, ..] | [0xE4, 0xB8, 0xBB, ..]
        )
}

/// Whether `lead` is the first byte of a char [`may_be_chrome_always`] takes without an
/// anchor: told before the char's three bytes are cut out, one load and compare for most lines.
#[inline]
fn may_lead_chrome_always(lead: u8) -> bool {
    matches!(lead, 0xE9 | 0xE7 | 0xE4)
}

/// [`is_chrome_always`] past its test of the first char.
#[inline(never)]
fn chrome_line(text: &str, has_anchor: bool) -> bool {
    if is_breadcrumb(text) {
        return true;
    }
    // Chrome is a short line; a paragraph that quotes a 版权所有 notice is not.
    if text.len() > CHROME_MAX {
        return false;
    }
    has_anchor && ALWAYS.is_match(text) || (text.starts_with("主办") && has_phrase!(text, "承办"))
}

fn is_chrome_at_end(text: &str) -> bool {
    // A document's own postscript names its contact in brackets
    // (`（联系人：…；电话：…）`); a site footer does not.
    let postscript = text.starts_with(['（', '(']) || has_phrase!(text, "联系人");
    !postscript && text.len() <= 360 && AT_END.is_match(text)
}

/// The lines where articles may start or split, in page order, read in the
/// pass that looks for chrome (each line is looked at once).
#[derive(Default)]
struct Landmarks {
    /// Document numbers.
    numbers: Vec<usize>,
    /// `来源` lines.
    sources: Vec<usize>,
    /// Attachment headings and `一、` headings.
    outline: Vec<usize>,
}

impl Landmarks {
    /// Notes line `i` under its kind, if that is a landmark's.
    #[inline(always)]
    fn note(&mut self, i: usize, kind: LineKind) {
        match kind {
            LineKind::DocNumber => self.numbers.push(i),
            LineKind::Source => self.sources.push(i),
            LineKind::AttachmentHeading => self.outline.push(i),
            LineKind::Heading(m) if m.kind == crate::grammar::marker::MarkerKind::CnComma => {
                self.outline.push(i);
            }
            _ => {}
        }
    }

    /// Forgets the lines that turned out to be chrome: those from `footer`
    /// on and those of `chrome` (ascending).
    fn forget(&mut self, footer: usize, chrome: &[usize]) {
        for list in [&mut self.numbers, &mut self.sources, &mut self.outline] {
            list.truncate(list.partition_point(|&i| i < footer));
            if !chrome.is_empty() {
                list.retain(|i| chrome.binary_search(i).is_err());
            }
        }
    }
}

/// What [`scan`] finds in the lines of a page.
pub(crate) struct Scan {
    landmarks: Landmarks,
    /// The lines that may be chrome wherever they stand, (line, whether it
    /// holds an anchor of [`ALWAYS_ANCHORS`]) ascending.
    candidates: Vec<(usize, bool)>,
}

/// The one pass over all the lines of a page: notes the landmarks, and
/// finds the lines that may be chrome wherever they stand, (line, whether
/// it holds an anchor of [`ALWAYS_ANCHORS`]) ascending; the text of each
/// line that is not blank goes to `each_text`. Only a short line
/// can be such chrome ([`chrome_line`]), and only one with an anchor or
/// with the first char of a breadcrumb or a `主办` line
/// ([`may_be_chrome_always`]): the rest are not looked at again.
///
/// The anchors are searched for in the short lines a run at a time, not
/// one by one (a search has a cost to start), and in the long ones not at
/// all.
#[inline(always)]
fn scan(lines: &Lines, mut each_text: impl FnMut(Range<usize>)) -> Scan {
    // A run takes in what stands between its lines when that is short:
    // newlines, blank lines. What is found there belongs to no line.
    const GAP: usize = 64;
    let canon = lines.canon.as_bytes();
    let mut landmarks = Landmarks::default();
    let mut candidates = Vec::new();
    // The text of the run being gathered and its first line; before the
    // first, a run so far from any text that no line extends it (the
    // page's text is shorter).
    const NONE: usize = usize::MAX - GAP;
    let mut run = NONE..NONE;
    let mut from = 0;
    // Told by a pattern, one compare: `==` on a kind goes through a jump
    // table over all of them.
    let not_blank = |(_, line): &(usize, &Line)| !matches!(line.kind, LineKind::Blank);
    for (i, line) in lines.lines.iter().enumerate().filter(not_blank) {
        let text = line.text.clone();
        each_text(text.clone());
        // The length as the ends' difference, one subtraction (a reversed
        // range, were there one, wraps to a long line's).
        if text.end.wrapping_sub(text.start) <= CHROME_MAX {
            // At most `GAP` bytes after the run's end (a line before it
            // wraps around to far more).
            if text.start.wrapping_sub(run.end) <= GAP {
                run.end = text.end;
            } else {
                if run.start != NONE {
                    search_run(lines, run, from..i, &mut candidates);
                }
                run = text.clone();
                from = i;
            }
            // The first char's bytes are read in place, with what follows
            // a line shorter than three bytes: a line taken for one that
            // may be chrome is only looked at again.
            if canon
                .get(text.start)
                .is_some_and(|&lead| may_lead_chrome_always(lead))
                && canon
                    .get(text.start..text.start + 3)
                    .is_some_and(|first| may_be_chrome_always(first, false))
            {
                candidates.push((i, false));
            }
        }
        if !matches!(line.kind, LineKind::Text) {
            landmarks.note(i, line.kind);
        }
    }
    if run.start != NONE {
        search_run(lines, run, from..lines.len(), &mut candidates);
    }
    // A run's anchors come after its lines' first chars; a line noted for
    // both keeps one entry, with its anchor.
    candidates.sort_unstable();
    candidates.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        earlier.1 |= same & later.1;
        same
    });
    Scan {
        landmarks,
        candidates,
    }
}

/// Searches `run`, the text of the short lines `among`, for anchors and
/// notes each line that one starts in.
fn search_run(
    lines: &Lines,
    run: Range<usize>,
    among: Range<usize>,
    candidates: &mut Vec<(usize, bool)>,
) {
    let Some(text) = lines.canon.get(run.clone()) else {
        return;
    };
    let first = among.start;
    let among = lines.lines.get(among).unwrap_or(&[]);
    // The lines stand in the order of their text: each anchor's line is
    // looked for from the last one's.
    let mut k = 0;
    for (_, at) in ANCHORS.find_iter(text) {
        let at = run.start + at;
        while let Some(line) = among.get(k) {
            if !matches!(line.kind, LineKind::Blank)
                && line.text.len() <= CHROME_MAX
                && at < line.text.end
            {
                break;
            }
            k += 1;
        }
        if among.get(k).is_some_and(|line| line.text.start <= at) {
            candidates.push((first + k, true));
        }
    }
}

/// Accounts for the site's header, breadcrumb and footer and blanks them,
/// so no article holds them; returns the landmarks of the lines left.
// Out of line, so that a profile shows this stage apart from `parse_text`.
#[inline(never)]
fn remove_chrome(lines: &mut Lines, sink: &mut Sink, scanned: Option<Scan>) -> Landmarks {
    let Scan {
        mut landmarks,
        candidates,
    } = match scanned {
        Some(scanned) => scanned,
        None => scan(lines, |_| {}),
    };
    let has_anchor = |i: usize| {
        candidates
            .binary_search_by_key(&i, |c| c.0)
            .is_ok_and(|k| candidates.get(k).is_some_and(|c| c.1))
    };
    // The footer is the run of chrome lines that ends the page.
    let mut footer = lines.len();
    for i in (0..lines.len()).rev() {
        if matches!(lines.kind(i), LineKind::Blank) {
            continue;
        }
        let text = lines.text(i);
        if is_chrome_always(text, has_anchor(i)) || is_chrome_at_end(text) {
            footer = i;
        } else {
            break;
        }
    }
    // Above it only the candidates can be chrome.
    let mut chrome: Vec<usize> = candidates
        .iter()
        .filter(|&&(i, anchor)| i < footer && chrome_line(lines.text(i), anchor))
        .map(|&(i, _)| i)
        .collect();
    landmarks.forget(footer, &chrome);
    chrome.extend((footer..lines.len()).filter(|&i| !matches!(lines.kind(i), LineKind::Blank)));
    // Chrome lines with only blank lines between are removed as one span.
    let mut run: Option<Range<usize>> = None;
    let mut last = 0;
    for i in chrome {
        let Some(line) = lines.lines.get(i) else {
            continue;
        };
        let raw = line.raw.clone();
        run = Some(match run {
            Some(r) if (last + 1..i).all(|k| matches!(lines.kind(k), LineKind::Blank)) => {
                r.start..raw.end
            }
            Some(r) => {
                sink.remove(r, Reason::Chrome);
                raw
            }
            None => raw,
        });
        last = i;
        if let Some(line) = lines.lines.get_mut(i) {
            line.kind = LineKind::Blank;
        }
    }
    if let Some(r) = run {
        sink.remove(r, Reason::Chrome);
    }
    landmarks
}

/// The title block that ends right above the document number on line
/// `number_line`, not reaching above line `floor`.
fn title_block(lines: &Lines, number_line: usize, floor: usize) -> Range<usize> {
    let mut start = number_line;
    let mut taken = 0;
    let mut i = number_line;
    while i > floor && taken < MAX_TITLE_LINES {
        i -= 1;
        match lines.kind(i) {
            // Page metadata may stand between a title and its number.
            LineKind::Blank | LineKind::Published => continue,
            LineKind::Text if is_title_like(lines.text(i)) => {
                start = i;
                taken += 1;
                if lines.lines[i].md_heading > 0 {
                    break;
                }
                if starts_title(lines.text(i)) {
                    // Above `关于…` only the issuing organs can still belong
                    // to the title, one a line when the document is joint.
                    start = organs_above(lines, i, floor);
                    break;
                }
            }
            _ => break,
        }
    }
    if start == number_line {
        return number_line..number_line;
    }
    start..last_non_blank_before(lines, number_line).map_or(number_line, |l| l + 1)
}

/// The first of the organ-name lines right above line `line`.
fn organs_above(lines: &Lines, line: usize, floor: usize) -> usize {
    let mut start = line;
    let mut i = line;
    while i > floor {
        i -= 1;
        match lines.kind(i) {
            LineKind::Blank => continue,
            LineKind::Text if crate::grammar::parts::is_organ_name(lines.text(i)) => start = i,
            _ => break,
        }
    }
    start
}

/// The title block at the top of a page that has no document number: lines
/// that read like a title and together end like one.
fn leading_title(lines: &Lines, first: usize) -> Range<usize> {
    let mut end = first;
    let mut joined = String::new();
    let mut i = first;
    let mut taken = 0;
    while i < lines.len() && taken < MAX_TITLE_LINES {
        match lines.kind(i) {
            LineKind::Blank => {}
            LineKind::Text if is_title_like(lines.text(i)) => {
                joined.push_str(lines.text(i));
                taken += 1;
                if crate::grammar::parts::doc_type(&joined).is_some() {
                    end = i + 1;
                    break;
                }
            }
            _ => break,
        }
        i += 1;
    }
    first..end
}

fn last_non_blank_before(lines: &Lines, line: usize) -> Option<usize> {
    (0..line).rev().find(|&i| lines.kind(i) != LineKind::Blank)
}

/// Whether a line is where a title begins: the issuing organ's name
/// followed by `关于`, or `关于` itself.
fn starts_title(text: &str) -> bool {
    text.starts_with("关于")
        || has_phrase!(text, "关于") && crate::grammar::parts::doc_type(text).is_some()
}

/// Whether a line reads like part of a title: short, mostly Chinese, no
/// sentence punctuation, not a table-of-contents entry.
pub(crate) fn is_title_like(text: &str) -> bool {
    // One pass over the characters, not one for each test; a line too long
    // is given up on at its 81st character, or before it is read when its
    // bytes are more than 80 characters can take.
    if text.len() > 80 * 4 {
        return false;
    }
    let mut chars = 0;
    let mut cjk = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        chars += 1;
        if chars > 80 {
            return false;
        }
        // A lead byte E5–E9 starts an ideograph of U+5000–9FFF (most chars
        // of a title), no stop mark: told without decoding it.
        if (0xE5..=0xE9).contains(&lead) {
            cjk += 1;
            at += 3;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        at += c.len_utf8();
        if matches!(c, '。' | '；' | '！' | '？' | '…' | '·' | '：') {
            return false;
        }
        // An ideograph of the main block is told here, without a call.
        cjk += usize::from(('\u{4E00}'..='\u{9FFF}').contains(&c) || is_cjkish(c));
    }
    chars > 0 && cjk * 2 >= chars && !ends_with_page_reference(text)
}

/// Whether a line ends like a table-of-contents entry: `…的通知（6）`.
fn ends_with_page_reference(text: &str) -> bool {
    let Some(inner) = text.strip_suffix('）').or_else(|| text.strip_suffix(')')) else {
        return false;
    };
    let before_digits = inner.trim_end_matches(|c: char| c.is_ascii_digit());
    before_digits.len() < inner.len()
        && (before_digits.ends_with('（') || before_digits.ends_with('('))
}

/// Reads the masthead of a gazette issue from the lines before the first
/// article and accounts for them: masthead lines, then the table of
/// contents from its `目录` line on.
fn front_matter(lines: &Lines, range: Range<usize>, sink: &mut Sink) -> Option<GazetteIssue> {
    if range.is_empty() {
        return None;
    }
    let mut issue = GazetteIssue {
        name: String::new(),
        year: None,
        issue: None,
        total_issue: None,
        date: None,
    };
    let mut toc_from = range.end;
    for i in range.clone() {
        let text = lines.text(i);
        if is_toc_heading(text) {
            toc_from = i;
            break;
        }
        if issue.name.is_empty() && text.ends_with("公报") && text.chars().count() <= 30 {
            issue.name = text.to_owned();
        }
        read_issue_facts(text, &mut issue);
    }
    let is_gazette = !issue.name.is_empty();
    if is_gazette {
        remove_lines(lines, range.start..toc_from, Reason::Masthead, sink);
        remove_lines(lines, toc_from..range.end, Reason::Toc, sink);
        Some(issue)
    } else {
        // Without a masthead the text before the first notice is the page's
        // own (an article of its own); only a table of contents goes.
        remove_lines(lines, toc_from..range.end, Reason::Toc, sink);
        None
    }
}

fn is_toc_heading(text: &str) -> bool {
    // Most lines do not start with `目`: told without comparing four chars.
    if !text.trim_start_matches(' ').starts_with('目') {
        return false;
    }
    let compact = text.chars().filter(|&c| c != ' ').take(4);
    compact.clone().eq("目录".chars()) || compact.eq("目次".chars())
}

/// Picks the year, issue, running issue and date out of a masthead line.
fn read_issue_facts(text: &str, issue: &mut GazetteIssue) {
    // Each of the three wants a `第`, which most lines lack.
    if text.contains('第') {
        if let Some(total) = number_between(text, &TOTAL_NUMBER, "期") {
            issue.total_issue.get_or_insert(total);
        }
        if let Some(at) = YEAR_NUMBER.find(text.as_bytes()) {
            if let Some(year) = trailing_number(&text[..at]) {
                issue.year.get_or_insert(year as u16);
            }
        }
        if let Some(n) = number_after_first(text, &NUMBER, "期") {
            issue.issue.get_or_insert(n);
        }
    }
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(year) = text.parse::<u16>() {
            issue.year.get_or_insert(year);
        }
    }
    if text.ends_with("出版") || text.ends_with("出版发行") {
        if let Some((d, _)) = date::date_at(text) {
            issue.date.get_or_insert(d.iso());
            issue.year.get_or_insert(d.year);
        }
    }
}

/// The searchers of the words before a masthead's numbers (`总第`, `年第`,
/// `第`), built once: `str::find` builds one at each call, and reads a long
/// line slower.
static TOTAL_NUMBER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("总第"));
static YEAR_NUMBER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("年第"));
static NUMBER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("第"));

/// The number in `text` between `open` and `close`, e.g. `总第989期`.
fn number_between(text: &str, open: &Finder<'_>, close: &str) -> Option<u32> {
    let at = open.find(text.as_bytes())? + open.needle().len();
    let rest = text.get(at..)?;
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits_end == 0 || !rest[digits_end..].starts_with(close) {
        return None;
    }
    rest[..digits_end].parse().ok()
}

/// The number of the first `第N期` that is not a `总第N期`.
fn number_after_first(text: &str, open: &Finder<'_>, close: &str) -> Option<u32> {
    let mut from = 0;
    while let Some(found) = open.find(text.get(from..)?.as_bytes()) {
        let at = from + found;
        let is_total = text[..at].ends_with('总');
        if !is_total {
            if let Some(n) = number_between(&text[at..], open, close) {
                return Some(n);
            }
        }
        from = at + open.needle().len();
    }
    None
}

fn trailing_number(text: &str) -> Option<u32> {
    // (Not `rfind(..) + 1`: the character before the digits may be wider
    // than a byte, and `寑年第` panicked.)
    let digits = &text[text.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
    if digits.len() == 4 {
        digits.parse().ok()
    } else {
        None
    }
}

/// Labels of the imprint printed at the end of a gazette issue.
const COLOPHON_LABELS: &[&str] = &[
    "主管单位",
    "主办单位",
    "编辑出版",
    "编辑",
    "出版",
    "地址",
    "地",
    "邮政编码",
    "邮编",
    "发行范围",
    "全国统一刊号",
    "刊号",
    "国内统一刊号",
    "联系电话",
    "电话",
    "传真",
    "网址",
    "网 址",
    "定价",
    "定 价",
    "印刷单位",
    "印刷",
    "承办单位",
    "投稿邮箱",
    "电子邮箱",
];

/// The first line of a colophon that closes `range`: a run of at least
/// three `label：value` lines at the end whose labels are imprint labels.
fn colophon_start(lines: &Lines, range: Range<usize>) -> usize {
    let mut start = range.end;
    let mut labelled = 0;
    for i in range.clone().rev() {
        match lines.kind(i) {
            LineKind::Blank => continue,
            _ if is_colophon_line(lines.text(i)) => {
                start = i;
                labelled += 1;
            }
            _ => break,
        }
    }
    if labelled >= 3 {
        start
    } else {
        range.end
    }
}

fn is_colophon_line(text: &str) -> bool {
    let Some(colon) = first_colon(text) else {
        return false;
    };
    let label = text[..colon].chars().filter(|&c| c != ' ');
    COLOPHON_LABELS
        .iter()
        .any(|l| l.chars().filter(|&c| c != ' ').eq(label.clone()))
}

/// Where the first `：` (EF BC 9A) or `:` of `text` starts, found by its
/// bytes: a search for either char decoded every char before it.
fn first_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b':', 0xEF, bytes)
        .find(|&at| bytes.get(at) == Some(&b':') || bytes.get(at..at + 3) == Some("：".as_bytes()))
}

/// Records the raw text of lines `range` as removed.
pub(crate) fn remove_lines(lines: &Lines, range: Range<usize>, reason: Reason, sink: &mut Sink) {
    let mut span: Option<Range<usize>> = None;
    for i in range {
        if lines.kind(i) == LineKind::Blank {
            // A line already removed (a repeat, chrome) has its own span:
            // a span must not run over it.
            if !lines.text(i).is_empty() {
                if let Some(s) = span.take() {
                    sink.remove(s, reason);
                }
            }
            continue;
        }
        let raw = lines.lines[i].raw.clone();
        span = Some(match span {
            Some(s) => s.start..raw.end,
            None => raw,
        });
    }
    if let Some(s) = span {
        sink.remove(s, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::recognise;

    #[test]
    fn info_lines_are_those_that_hold_an_info_word() {
        let words = ["发布时间", "发布日期", "浏览", "点击", "字号"];
        for text in [
            "",
            "来源：重庆市人民政府办公厅",
            "来源：市政府办公厅 发布时间：2025-01-02",
            "来源：市政府办公厅　　发布日期：2025年1月2日　　浏览次数：1024",
            "点击：12",
            "【字号：大 中 小】",
            "字号",
            "发布时",
            "来源：本网 浏",
        ] {
            assert_eq!(
                is_info_line(text),
                words.iter().any(|w| text.contains(w)),
                "{text}"
            );
        }
    }

    #[test]
    fn title_like_lines() {
        assert!(is_title_like("重庆市人民政府办公厅"));
        assert!(is_title_like("关于印发重庆市加快生物医药"));
        assert!(!is_title_like(
            "《重庆市加快生物医药产业发展若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。"
        ));
        assert!(!is_title_like(
            "重庆市人民政府办公厅关于印发《重庆市全链条支持创新药高质量发展若干措施》的通知（6）"
        ));
        assert!(!is_title_like(
            "Notice of the General Office of Chongqing Municipal People's Government"
        ));
    }

    #[test]
    fn chrome_is_found_between_long_paragraphs() {
        let long = "加强组织领导，确保各项任务落实到位。".repeat(12);
        let page = format!(
            "打印本页 关闭窗口\n通知\n渝府发〔2025〕1号\n{long}\n\n您现在的位置：首页\n{long}\n正文。\n版权所有：重庆市人民政府"
        );
        let mut lines = recognise(&page);
        let mut sink = Sink::default();
        segment(&mut lines, &mut sink);
        let chrome: Vec<&str> = sink
            .removed
            .iter()
            .filter(|r| r.reason == Reason::Chrome)
            .map(|r| &page[r.start..r.end])
            .collect();
        assert_eq!(
            chrome,
            [
                "打印本页 关闭窗口",
                "您现在的位置：首页",
                "版权所有：重庆市人民政府"
            ]
        );
    }

    /// [`is_title_like`] as it was written before its tests were made one
    /// pass over the characters.
    fn is_title_like_by_passes(text: &str) -> bool {
        let chars = text.chars().count();
        if chars == 0 || chars > 80 {
            return false;
        }
        if text.contains(['。', '；', '！', '？', '…', '·', '：']) {
            return false;
        }
        let cjk = text.chars().filter(|&c| is_cjkish(c)).count();
        if cjk * 2 < chars {
            return false;
        }
        !ends_with_page_reference(text)
    }

    #[test]
    fn a_toc_heading_is_told_as_by_its_first_four_chars() {
        let by_chars = |text: &str| {
            let compact = text.chars().filter(|&c| c != ' ').take(4);
            compact.clone().eq("目录".chars()) || compact.eq("目次".chars())
        };
        for text in [
            "",
            "目录",
            " 目 录 ",
            "目次",
            "目  次",
            "目录页",
            "目",
            "  目",
            "录目",
            "　目录",
            "目錄",
        ] {
            assert_eq!(is_toc_heading(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn masthead_numbers_are_read_as_with_str_find() {
        fn between(text: &str, open: &str, close: &str) -> Option<u32> {
            let at = text.find(open)? + open.len();
            let rest = &text[at..];
            let digits_end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits_end == 0 || !rest[digits_end..].starts_with(close) {
                return None;
            }
            rest[..digits_end].parse().ok()
        }
        fn after_first(text: &str, open: &str, close: &str) -> Option<u32> {
            let mut from = 0;
            while let Some(found) = text.get(from..)?.find(open) {
                let at = from + found;
                if !text[..at].ends_with('总') {
                    if let Some(n) = between(&text[at..], open, close) {
                        return Some(n);
                    }
                }
                from = at + open.len();
            }
            None
        }
        for text in [
            "重庆市人民政府公报",
            "2025年第3期（总第989期）",
            "总第989期 2025年第12期",
            "第期 第x期 第7期",
            "总第12期",
            "第",
            "次第第15期",
        ] {
            assert_eq!(
                number_between(text, &TOTAL_NUMBER, "期"),
                between(text, "总第", "期"),
                "{text}"
            );
            assert_eq!(
                number_after_first(text, &NUMBER, "期"),
                after_first(text, "第", "期"),
                "{text}"
            );
            assert_eq!(
                YEAR_NUMBER.find(text.as_bytes()),
                text.find("年第"),
                "{text}"
            );
        }
    }

    #[test]
    fn every_ideograph_told_inline_is_cjkish() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(is_cjkish));
    }

    proptest::proptest! {
        #[test]
        fn one_pass_title_test_is_the_tests_one_by_one(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "关于", "印发", "通知", "a", "1", " ", "（", "）", "(", ")", "6", "。", "；", "！", "？",
                "…", "·", "：", ":", "、", "《", "》", "é", "重庆市人民政府办公厅",
            ]), 0..60),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(is_title_like(&text), is_title_like_by_passes(&text));
        }

        #[test]
        fn one_pass_title_test_at_the_length_limit(
            n in proptest::prop_oneof![76usize..86, 100usize..120],
            tail in proptest::sample::select(vec!["", "a", "ab", "（6）", "。", "：", "é"]),
        ) {
            let text = "政".repeat(n) + tail;
            proptest::prop_assert_eq!(is_title_like(&text), is_title_like_by_passes(&text));
        }
    }

    /// [`remove_chrome`] as it was before it found the footer first and
    /// read the landmarks in its pass: a flag per line (each line searched
    /// for anchors alone), then the footer, then the runs.
    fn remove_chrome_by_flags(lines: &mut Lines, sink: &mut Sink) {
        let mut chrome = vec![false; lines.len()];
        for (i, flag) in chrome.iter_mut().enumerate() {
            if lines.kind(i) == LineKind::Blank {
                continue;
            }
            // Anchors are looked for in each short line alone.
            let text = lines.text(i);
            let has_anchor = text.len() <= CHROME_MAX && ANCHORS.find_iter(text).next().is_some();
            *flag = is_chrome_always_unfiltered(text, has_anchor);
        }
        for i in (0..lines.len()).rev() {
            match lines.kind(i) {
                LineKind::Blank => continue,
                _ if chrome[i] || is_chrome_at_end(lines.text(i)) => chrome[i] = true,
                _ => break,
            }
        }
        let mut run: Option<Range<usize>> = None;
        for (i, &is_chrome) in chrome.iter().enumerate() {
            if is_chrome {
                let raw = lines.lines[i].raw.clone();
                run = Some(match run {
                    Some(r) => r.start..raw.end,
                    None => raw,
                });
                lines.lines[i].kind = LineKind::Blank;
            } else if lines.kind(i) != LineKind::Blank {
                if let Some(r) = run.take() {
                    sink.remove(r, Reason::Chrome);
                }
            }
        }
        if let Some(r) = run {
            sink.remove(r, Reason::Chrome);
        }
    }

    /// [`split_at_restarts`] as it was before it visited only the start
    /// and outline lines: every line in turn.
    fn split_at_restarts_line_by_line(
        lines: &Lines,
        starts: &mut Vec<(usize, Range<usize>, Option<usize>)>,
    ) {
        let mut extra = Vec::new();
        let mut highest = 0u32;
        let mut next_start = 0;
        for i in 0..lines.len() {
            if starts.get(next_start).is_some_and(|s| s.0 == i) {
                highest = 0;
                next_start += 1;
            }
            note_restart(lines, i, &mut highest, &mut extra);
        }
        if !extra.is_empty() {
            starts.extend(extra);
            starts.sort_by_key(|s| s.0);
        }
    }

    /// Pages of lines that chrome, landmarks and restarts are made of.
    fn page_of(pieces: &[&str]) -> String {
        pieces.join("\n")
    }

    const PAGE_LINES: &[&str] = &[
        "",
        "关于印发办法的通知",
        "渝府发〔2025〕1号",
        "来源：市政府办公厅",
        "来源：市政府 发布时间：2025-01-02",
        "一、起草背景",
        "一、总体要求",
        "二、主要内容",
        "三、工作措施",
        "附件1",
        "加强组织领导，确保落实到位。",
        "首页 > 政务公开",
        "您现在的位置：首页",
        "版权所有：重庆市人民政府",
        "主办：重庆市人民政府办公厅 承办：大数据中心",
        "电话：023-12345678",
        "（联系人：张三；电话：023-1234）",
        "网站地图",
        "打印本页 关闭窗口",
        // Longer than a chrome line can be.
        "您现在的位置：加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位加强组织领导确保落实到位",
        "首页 > 政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读政务公开政策文件解读",
        "主办：重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅重庆市人民政府办公厅 承办：大数据中心",
        // Text that the fold of repeats rewrites to the end of the page.
        "加强组织领导，确保各项任务落实到位。健全工作机制，压实工作责任。",
        "加强组织领导，确保各项任务落实到位。版权所有：重庆市人民政府",
        "健全工作机制，压实工作责任。首页 > 政务公开",
        "健全工作机制，压实工作责任。主办：市政府 承办：中心",
    ];

    proptest::proptest! {
        #[test]
        fn chrome_found_in_one_pass_is_chrome_found_by_flags(
            picks in proptest::collection::vec(proptest::sample::select(PAGE_LINES), 0..24),
            folded: bool,
        ) {
            let page = page_of(&picks);
            // Folded, some lines have their text out of page order.
            let read = || {
                let mut lines = recognise(&page);
                if folded {
                    crate::repeats::fold(&page, &mut lines, &mut Sink::default());
                }
                lines
            };
            let mut by_flags = read();
            let mut old_sink = Sink::default();
            remove_chrome_by_flags(&mut by_flags, &mut old_sink);
            let mut one_pass = read();
            let mut sink = Sink::default();
            let landmarks = remove_chrome(&mut one_pass, &mut sink, None);
            proptest::prop_assert_eq!(&sink.removed, &old_sink.removed);
            let kinds = |l: &Lines| l.lines.iter().map(|l| l.kind).collect::<Vec<_>>();
            proptest::prop_assert_eq!(kinds(&one_pass), kinds(&by_flags));
            let of_kind = |f: &dyn Fn(LineKind) -> bool| {
                (0..by_flags.len()).filter(|&i| f(by_flags.kind(i))).collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(
                &landmarks.numbers,
                &of_kind(&|k| k == LineKind::DocNumber)
            );
            proptest::prop_assert_eq!(&landmarks.sources, &of_kind(&|k| k == LineKind::Source));
            proptest::prop_assert_eq!(
                &landmarks.outline,
                &of_kind(&|k| matches!(k, LineKind::AttachmentHeading)
                    || matches!(k, LineKind::Heading(m)
                        if m.kind == crate::grammar::marker::MarkerKind::CnComma))
            );
            let mut starts: Vec<(usize, Range<usize>, Option<usize>)> = Vec::new();
            for (n, &i) in landmarks.numbers.iter().enumerate() {
                // Some starts twice on one line, as a source may add one.
                for _ in 0..1 + n % 2 {
                    starts.push((i.saturating_sub(n % 3), i..i, Some(i)));
                }
            }
            starts.sort_by_key(|s| s.0);
            let mut line_by_line = starts.clone();
            split_at_restarts_line_by_line(&one_pass, &mut line_by_line);
            split_at_restarts(&one_pass, &landmarks.outline, &mut starts);
            proptest::prop_assert_eq!(starts, line_by_line);
        }
    }

    #[test]
    fn the_lead_byte_test_keeps_every_first_char_chrome_may_have() {
        for b0 in 0..=u8::MAX {
            for b1 in 0x80..0xC0 {
                for b2 in 0x80..0xC0 {
                    if may_be_chrome_always(&[b0, b1, b2], false) {
                        assert!(may_lead_chrome_always(b0), "{b0:02X} {b1:02X} {b2:02X}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The one pass over a page's lines that scans for chrome and feeds
        /// the probe of repeats ([`scan_page`], in
        /// [`crate::page::fold_and_segment`]) splits the page as the fold
        /// and a scan anew do: copies of lines of 36 bytes and more fold
        /// alike (a page twice over), and a page that does not fold keeps
        /// what its scan found.
        #[test]
        fn one_pass_for_repeats_and_chrome_is_the_two_apart(
            picks in proptest::collection::vec(proptest::sample::select(PAGE_LINES), 0..24),
            twice: bool,
        ) {
            let once = page_of(&picks);
            let page = if twice { format!("{once}\n{once}") } else { once };
            let mut apart = recognise(&page);
            let mut apart_sink = Sink::default();
            crate::repeats::fold(&page, &mut apart, &mut apart_sink);
            let apart_seg = segment(&mut apart, &mut apart_sink);
            let mut lines = recognise(&page);
            let mut sink = Sink::default();
            let seg = crate::page::fold_and_segment(&page, &mut lines, &mut sink);
            proptest::prop_assert_eq!(&sink.removed, &apart_sink.removed);
            proptest::prop_assert_eq!(&seg.articles, &apart_seg.articles);
            proptest::prop_assert_eq!(format!("{:?}", seg.gazette), format!("{:?}", apart_seg.gazette));
            let kinds = |l: &Lines| l.lines.iter().map(|l| l.kind).collect::<Vec<_>>();
            proptest::prop_assert_eq!(kinds(&lines), kinds(&apart));
            proptest::prop_assert_eq!(&lines.canon, &apart.canon);
        }
    }

    /// [`is_chrome_always`] as it was before it looked at the first char.
    fn is_chrome_always_unfiltered(text: &str, has_anchor: bool) -> bool {
        is_breadcrumb(text)
            || text.len() <= CHROME_MAX
                && (has_anchor && ALWAYS.is_match(text)
                    || text.starts_with("主办") && text.contains("承办"))
    }

    proptest::proptest! {
        #[test]
        fn the_first_char_test_keeps_every_chrome_line(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "首页", "网站首页", "首", "网站", "主办", "主", "承办", ">", "/", "a", "版权所有",
                "您现在的位置", "打印本页", "通知", " ", "：",
            ]), 0..12),
            has_anchor: bool,
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                is_chrome_always(&text, has_anchor),
                is_chrome_always_unfiltered(&text, has_anchor)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_cue_searcher_is_a_search_for_each_cue(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "解读", "起草背景", "背景", "主要", "内容", "主要内容", "如", "何", "如何", "为什",
                "么", "是什么", "关键", "词", "、", "一", "政策", "a", " ", "（", "）", "名词解",
            ]), 0..12),
        ) {
            let heading = pieces.concat();
            proptest::prop_assert_eq!(
                explains_a_policy(&heading),
                INTERPRETATION_CUES.iter().any(|cue| heading.contains(cue))
            );
        }

        #[test]
        fn the_colon_found_by_bytes_is_the_first_colon(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "：", ":", "，", "；", "（", "）", "地址", "a", " ", "邮编", "\u{FF1B}", "\u{FF3A}",
                "\u{EF00}", "定 价",
            ]), 0..12),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(first_colon(&text), text.find(['：', ':']));
        }
    }

    #[test]
    fn every_chrome_phrase_holds_an_anchor() {
        for phrase in CHROME_ALWAYS {
            assert!(
                ALWAYS_ANCHORS.iter().any(|a| {
                    let a = anchor_bytes(a);
                    phrase.as_bytes().windows(a.len()).any(|w| w == a)
                }),
                "{phrase}"
            );
        }
        // A range past its text would fall back to the whole text.
        for (text, range) in ALWAYS_ANCHORS {
            assert!(text.as_bytes().get(range.clone()).is_some(), "{text}");
            assert!(range.len() >= 3, "{text}");
        }
    }

    #[test]
    fn masthead_facts() {
        let page =
            "# 重庆市人民政府公报\n\n2025\n\n第16期(总第989期)\n\n重庆市人民政府办公厅主办\n\n\
                    2025年11月15日出版\n\n### 目 录\n\n某某的公告\t(1)\n\n\
                    # 重庆市人民政府 关于调整行政区划的公告\n\n渝府发〔2025〕15号\n\n正文。";
        let mut lines = recognise(page);
        let mut sink = Sink::default();
        let seg = segment(&mut lines, &mut sink);
        let g = seg.gazette.expect("a gazette");
        assert_eq!(g.name, "重庆市人民政府公报");
        assert_eq!(
            (g.year, g.issue, g.total_issue),
            (Some(2025), Some(16), Some(989))
        );
        assert_eq!(g.date.as_deref(), Some("2025-11-15"));
        assert_eq!(seg.articles.len(), 1);
        assert_eq!(
            lines.text(seg.articles[0].title.start),
            "重庆市人民政府关于调整行政区划的公告"
        );
        let reasons: Vec<Reason> = sink.removed.iter().map(|r| r.reason).collect();
        assert_eq!(reasons, [Reason::Masthead, Reason::Toc]);
    }

    #[test]
    fn colophon_is_cut_off_the_last_article() {
        let page = "通知\n渝府发〔2025〕1号\n正文。\n主管单位: 重庆市人民政府\n\n邮政编码: 400015\n\n定 价: 免费赠阅";
        let mut lines = recognise(page);
        let mut sink = Sink::default();
        let seg = segment(&mut lines, &mut sink);
        assert_eq!(seg.articles[0].lines, 0..3);
        assert_eq!(sink.removed[0].reason, Reason::Colophon);
    }
}
