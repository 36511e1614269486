//! Splitting run-on text: takes one raw line of a page that a scraper glued
//! together (title, 发布日期, number, addressees and body on one line;
//! paragraphs separated only by U+3000) and returns the byte offsets where
//! it should be cut into lines, plus headings that had to be split off
//! their text by the lexicon.
//!
//! Cuts are made only at markers the grammar knows: a document number, a
//! `发布日期` field, the addressee colon, the sentence that issues the
//! enclosure, an organ followed by a date, a publicity note, an outline
//! marker after a sentence end, the title of the enclosed document, and
//! runs of U+3000. Where nothing fits, the text stays whole: a line is never
//! cut at a guess.

use std::cell::RefCell;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::grammar::{date, docno, ideograph_bit, ideograph_bits, marker, parts, IdeographBits};
use crate::segment::Phrases;

/// A line shorter than this (in bytes) is never run-on: 100 CJK characters
/// hold a paragraph, not a page.
pub(crate) const RUN_ON_BYTES: usize = 300;

/// Headings of official documents that scrapers glue to their text with
/// no punctuation: `一、指导思想以习近平…`. Longest first, so that `主要目标任务`
/// wins over `主要目标`. (Looked up by [`lexicon_group`], where they are written out by first
/// character; a test holds the two in step.)
#[cfg(test)]
const HEADING_LEXICON: &[&str] = &[
    "指导思想和基本原则",
    "总体要求和主要目标",
    "主要目标任务",
    "重点工作任务",
    "组织实施保障",
    "总体要求",
    "指导思想",
    "基本原则",
    "发展目标",
    "工作目标",
    "主要目标",
    "总体目标",
    "重点任务",
    "主要任务",
    "工作任务",
    "工作举措",
    "主要举措",
    "重点举措",
    "保障措施",
    "组织保障",
    "组织实施",
    "工作要求",
    "实施步骤",
    "职责分工",
    "政策措施",
    "支持措施",
    "适用范围",
    "附则",
    "总则",
    "工作原则",
    "基本目标",
    "实施范围",
    "申报条件",
    "申报程序",
    "工作机制",
];

/// What [`looks_run_on`] looks for in one pass over the line, but for sentence ends: a document
/// number's `号` and brackets, and the first chars of phrases only a page glued into one line
/// holds mid-line ([`SIGN_CHARS`]), each checked whole where it is found. Each is rare in a
/// paragraph, as the search stops at every one.
static SIGNS: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&SIGN_CHARS.map(|c| {
        let mut bytes = [0; 3];
        c.encode_utf8(&mut bytes);
        [bytes[1], bytes[2]]
    }))
});

/// The chars of [`SIGNS`], each searched by its last two bytes: Teddy's scan tells a candidate
/// by as many bytes as its shortest phrase has, each costing vector operations on every block
/// of the line, and these pairs are as rare as the chars (the few other chars that end with one
/// are told apart where found). `号`, the brackets, and the first chars of `发布日期`,
/// `发布时间`, `印发给你们`, `此件公开` and `此件主动`.
const SIGN_CHARS: [char; 8] = ['号', '〔', '［', '【', '日', '时', '你', '此'];

/// A sentence end, looked for apart from [`SIGNS`]: every sentence of a paragraph has one, and
/// this search stops at each at less cost. (Finding only the ends a marker's first char follows,
/// by anchors of `。`'s last bytes and that char's first ones added to [`SIGNS`], cost more: 30
/// patterns share Teddy's eight buckets, whose mixed nibbles made common chars candidates, and
/// each match costs a restart of the search.)
static SENTENCE_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("。"));

/// The AVX2 searcher [`SENTENCE_END`] runs on a haystack long enough for it, where the CPU has
/// AVX2: called straight, not through the memmem searcher's dispatch on each of the many sentence
/// ends of a long line.
#[cfg(target_arch = "x86_64")]
static SENTENCE_END_AVX2: LazyLock<Option<memchr::arch::x86_64::avx2::packedpair::Finder>> =
    LazyLock::new(|| memchr::arch::x86_64::avx2::packedpair::Finder::new("。".as_bytes()));

/// The search for sentence ends (`。`) of one line: the searchers are looked up once a line, not
/// at each of its many stops.
struct SentenceEnds {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<&'static memchr::arch::x86_64::avx2::packedpair::Finder>,
    finder: &'static Finder<'static>,
}

impl SentenceEnds {
    fn new() -> SentenceEnds {
        SentenceEnds {
            #[cfg(target_arch = "x86_64")]
            avx2: SENTENCE_END_AVX2.as_ref(),
            finder: &SENTENCE_END,
        }
    }

    /// Where the first sentence end of `bytes` starts.
    #[inline]
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(finder) = self.avx2.filter(|f| bytes.len() >= f.min_haystack_len()) {
            return finder.find(bytes, "。".as_bytes());
        }
        self.finder.find(bytes)
    }
}

/// Whether a long line shows any sign of holding more than one line: a
/// cheap test, so that ordinary long paragraphs never pay for the search
/// for cuts.
pub(crate) fn looks_run_on(line: &str) -> bool {
    let (mut number, mut bracket) = (false, false);
    for (sign, at) in SIGNS.find_iter(line) {
        // The char whose last bytes were found starts a byte before them.
        let Some(start) = at.checked_sub(1).filter(|&i| line.is_char_boundary(i)) else {
            continue;
        };
        let (before, from) = (
            line.get(..start).unwrap_or(""),
            line.get(start..).unwrap_or(""),
        );
        // The char itself, then what follows it.
        let Some(after) = SIGN_CHARS.get(sign).and_then(|&c| from.strip_prefix(c)) else {
            continue;
        };
        match sign {
            0 => number = true,
            1..=3 => bracket = true,
            4 if after.starts_with('期') && before.ends_with("发布") => return true,
            5 if after.starts_with('间') && before.ends_with("发布") => return true,
            6 if after.starts_with('们') && before.ends_with("印发给") => return true,
            7 if after.starts_with("件公开") || after.starts_with("件主动") => return true,
            _ => {}
        }
    }
    if number && (bracket || memchr::memchr(b'[', line.as_bytes()).is_some()) {
        return true;
    }
    // A sentence end followed by an outline marker; a marker is asked for only after a full stop
    // followed by the bytes of a char a marker starts with.
    // (Searched from each one found on, not by `find_iter`, which copies the searcher each line.)
    let bytes = line.as_bytes();
    let mut from = 0;
    let ends = SentenceEnds::new();
    while let Some(at) = bytes.get(from..).and_then(|rest| ends.find(rest)) {
        let after = from + at + "。".len();
        if bytes.get(after..).is_some_and(begins_cut_marker)
            && line
                .get(after..)
                .is_some_and(|rest| may_be_marker(rest) && marker::heading_marker(rest).is_some())
        {
            return true;
        }
        from = after;
    }
    heading_glued_at_start(line)
}

/// Whether `line` starts with a heading of the lexicon glued to its text, after its marker.
fn heading_glued_at_start(line: &str) -> bool {
    // (Most paragraphs start with no marker, told by their first bytes; most markers are read
    // by their bytes too, at less cost than a trim of the chars a marker may hold, which tested
    // first whether a lexicon heading could follow.)
    marker::heading_marker(line)
        .is_some_and(|m| lexicon_heading(line.get(m.len..).unwrap_or("")).is_some())
}

/// Whether `rest`, which starts with no space, may start with an outline
/// marker: what [`marker::heading_marker`] needs of `一、`, `1.`, `（一）`,
/// `(1)`, `第一条`, `㈠` and `①`, checked before its parser runs, as most
/// text starts with no marker.
fn may_be_marker(rest: &str) -> bool {
    // Most text asked goes on after its first char with an ideograph no marker can hold there
    // (`(责任单位`, `(牵头单位`, `一是`, `3个`): told by its bytes, before any char is decoded.
    // (Not after `㈠` or `①`, markers alone; nor after a char of two or four bytes, which the
    // match below turns away.)
    let bytes = rest.as_bytes();
    if let Some(&lead @ (b'(' | b'0'..=b'9' | 0xE4..=0xEF)) = bytes.first() {
        if let Some(&[a @ 0xE4..=0xE9, b, c]) = bytes.get(char_len(lead)..char_len(lead) + 3) {
            let code = crate::grammar::three_byte_code(a, b, c);
            if ideograph_bit(&MARKER_GOES_ON, code) == Some(false) {
                return false;
            }
        }
    }
    // Each character is decoded once (this runs at every sentence end of a long line that a
    // bracket or a digit follows).
    let mut chars = rest.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    let numeral_or_digit = |c: char| is_cn_numeral(c) || c.is_ascii_digit();
    match c {
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            number_then(&mut chars, Some(c), is_cn_numeral, |c| c == '、')
        }
        '0'..='9' => number_then(
            &mut chars,
            Some(c),
            |c| c.is_ascii_digit(),
            |c| matches!(c, '.' | '．' | '、'),
        ),
        '（' | '(' => {
            let after = chars.next();
            let next = spaces_from(&mut chars, after);
            number_then(&mut chars, next, numeral_or_digit, |c| {
                matches!(c, '）' | ')')
            })
        }
        '第' => {
            let after = chars.next();
            let next = spaces_from(&mut chars, after);
            number_then(&mut chars, next, numeral_or_digit, |c| {
                matches!(c, '章' | '节' | '条')
            })
        }
        '㈠'..='㈩' | '①'..='⑳' => true,
        _ => false,
    }
}

/// The ideographs (U+4000 to U+9FFF) that may follow the first char of a marker
/// [`may_be_marker`] takes: the numerals' ([`is_cn_numeral`]), and `章`, `节` and `条` (`第章`
/// passes it).
static MARKER_GOES_ON: IdeographBits = ideograph_bits(&[
    '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '零', '章', '节',
    '条',
]);

/// Whether `next` and the rest of `chars` go on with a run of `digit`, a run of spaces (either
/// maybe empty) and a character that `end` takes.
fn number_then(
    chars: &mut std::str::Chars<'_>,
    mut next: Option<char>,
    digit: impl Fn(char) -> bool,
    end: impl Fn(char) -> bool,
) -> bool {
    while next.is_some_and(&digit) {
        next = chars.next();
    }
    spaces_from(chars, next).is_some_and(end)
}

/// The first of `next` and the rest of `chars` that is not a space.
fn spaces_from(chars: &mut std::str::Chars<'_>, mut next: Option<char>) -> Option<char> {
    while next.is_some_and(is_space) {
        next = chars.next();
    }
    next
}

/// The characters of a Chinese numeral of the grammar (the letter `O` is a
/// zero inside one).
fn is_cn_numeral(c: char) -> bool {
    crate::grammar::numeral::is_numeral_char(c) || c == 'O'
}

/// The spaces the grammar skips.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r' | '\n')
}

/// The heading of the lexicon ([`lexicon_group`]) that `rest` starts with.
fn lexicon_heading(rest: &str) -> Option<&'static str> {
    // Only the few headings of its first character are compared with it.
    let first = rest.chars().next()?;
    lexicon_group(first)
        .iter()
        .copied()
        .find(|h| rest.starts_with(h))
}

/// The headings of the lexicon that start with `first`, longest first: headings of official
/// documents that scrapers glue to their text with no punctuation (`一、指导思想以习近平…`), so
/// that `主要目标任务` wins over `主要目标`. Told by a match, where a list of groups built at
/// first use was searched for the char (a test holds them to the lexicon as listed).
fn lexicon_group(first: char) -> &'static [&'static str] {
    match first {
        '指' => &["指导思想和基本原则", "指导思想"],
        '总' => &["总体要求和主要目标", "总体要求", "总体目标", "总则"],
        '主' => &["主要目标任务", "主要目标", "主要任务", "主要举措"],
        '重' => &["重点工作任务", "重点任务", "重点举措"],
        '组' => &["组织实施保障", "组织保障", "组织实施"],
        '工' => &[
            "工作目标",
            "工作任务",
            "工作举措",
            "工作要求",
            "工作原则",
            "工作机制",
        ],
        '基' => &["基本原则", "基本目标"],
        '发' => &["发展目标"],
        '保' => &["保障措施"],
        '实' => &["实施步骤", "实施范围"],
        '职' => &["职责分工"],
        '政' => &["政策措施"],
        '支' => &["支持措施"],
        '适' => &["适用范围"],
        '附' => &["附则"],
        '申' => &["申报条件", "申报程序"],
        _ => &[],
    }
}

/// Where to cut one run-on line.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Cuts {
    /// Byte offsets into the line, ascending, each a char boundary.
    pub at: Vec<usize>,
    /// Headings split off their text by the lexicon: (offset, heading),
    /// ascending.
    pub lexicon: Vec<(usize, String)>,
}

/// Finds the cuts of `line`. `issued` is the title of the document the
/// page's notice issues (`印发X的通知` → X), when the page names one: the
/// enclosure's title glued to its first sentence is cut off by it.
// Out of the loop over a page's lines: few lines are run-on.
#[inline(never)]
pub(crate) fn cuts(line: &str, issued: Option<&str>) -> Cuts {
    let mut out = Cuts::default();
    let mut at: Vec<usize> = Vec::new();
    if let Some((_, len)) = parts::addressee_prefix(line) {
        at.push(len);
    }
    phrase_cuts(line, &mut at);
    for found in docno::find_doc_numbers(line) {
        if !found.cited {
            at.push(found.start);
            at.push(found.end);
            // An addressee list is short: looking for its colon through the
            // rest of the line after every number was quadratic.
            let after = line.get(found.end..).map(|r| head(r, ADDRESSEES_MAX));
            if let Some((_, len)) = after.and_then(parts::addressee_prefix) {
                at.push(found.end + len);
            }
        }
    }
    for (start, end, _, _) in date::find_signatures(line) {
        at.push(start);
        at.push(end);
    }
    // (A char takes four bytes at most: most titles are told long enough by their bytes, not
    // counted again on every run-on line.)
    if let Some(title) = issued.filter(|t| t.len() >= 6 * 4 || t.chars().count() >= 6) {
        TITLE.with_borrow_mut(|finder| {
            if finder.as_ref().is_none_or(|f| f.title != title.as_bytes()) {
                *finder = Some(TitleFinder::new(title));
            }
            for i in finder.iter().flat_map(|f| f.finds(line.as_bytes())) {
                // Inside the notice's own title or a citation it stays whole.
                let Some(before) = line.get(..i) else {
                    continue;
                };
                if before.ends_with("印发") || before.ends_with('《') || before.ends_with("转发")
                {
                    continue;
                }
                at.push(i);
                at.push(i + title.len());
            }
        });
    }
    marker_cuts(line, &mut at, &mut out.lexicon);
    at.sort_unstable();
    at.dedup();
    at.retain(|&i| i > 0 && i < line.len() && line.is_char_boundary(i));
    out.at = at;
    out.lexicon.sort_by_key(|l| l.0);
    out
}

/// The phrases [`cuts`] cuts at or after: paragraph indents (runs of U+3000), the labels of a
/// `发布日期` field, publicity notes and the sentence that issues the enclosure, found by one
/// search. No phrase ends with a part another starts with, so the search finds every one that
/// a search for each would.
const CUT_PHRASES: [&str; 7] = [
    "\u{3000}\u{3000}",
    "发布日期",
    "发布时间",
    "（此件公开发布）",
    "(此件公开发布)",
    "（此件主动公开）",
    "印发给你们",
];

/// The searcher of [`CUT_PHRASES`].
static CUT_SEARCH: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(&CUT_PHRASES));

/// Pushes onto `at` the cuts [`CUT_PHRASES`] make in `line`: around a run of indents, a
/// `发布日期` field and a publicity note, and after the sentence that issues the enclosure.
fn phrase_cuts(line: &str, at: &mut Vec<usize>) {
    // Where the last run of indents ends: the search finds the rest of a longer run as more.
    let mut indents_end = 0;
    for (phrase, i) in CUT_SEARCH.find_iter(line) {
        let Some(rest) = line.get(i..) else {
            continue;
        };
        match phrase {
            0 if i >= indents_end => {
                let run = rest.len() - rest.trim_start_matches('\u{3000}').len();
                at.push(i);
                at.push(i + run);
                indents_end = i + run;
            }
            0 => {}
            // A field is short: looking for every label through the rest of the line at each
            // one found was quadratic.
            1 | 2 => {
                if let Some((_, start, end)) = parts::published_line(head(rest, FIELD_MAX)) {
                    at.push(i + start);
                    at.push(i + end);
                }
            }
            3..=5 => {
                at.push(i);
                at.push(i + CUT_PHRASES.get(phrase).map_or(0, |p| p.len()));
            }
            _ => {
                if let Some(end) = rest.find('。') {
                    at.push(i + end + '。'.len_utf8());
                }
            }
        }
    }
}

thread_local! {
    /// The searcher of the last issued title: the run-on lines of a page all
    /// look for the same one, and building a searcher costs more than a search.
    static TITLE: RefCell<Option<TitleFinder>> = const { RefCell::new(None) };
}

/// The search for an issued title: memchr's SSE2 pair searcher on x86-64 (its AVX2 one, called
/// here too, was no longer inlined into the search for sentence ends), which is built from a pass
/// over the title (a memmem searcher, built anew for each page's title, cost some 5,000
/// instructions to build, more than all its searches of the page's run-on lines).
struct TitleFinder {
    title: Vec<u8>,
    #[cfg(target_arch = "x86_64")]
    sse2: Option<memchr::arch::x86_64::sse2::packedpair::Finder>,
    /// The searcher where no pair searcher is built (off x86-64).
    finder: Option<Finder<'static>>,
}

impl TitleFinder {
    fn new(title: &str) -> TitleFinder {
        #[cfg(target_arch = "x86_64")]
        let sse2 = memchr::arch::x86_64::sse2::packedpair::Finder::new(title.as_bytes());
        #[cfg(target_arch = "x86_64")]
        let finder = sse2.is_none().then(|| Finder::new(title).into_owned());
        #[cfg(not(target_arch = "x86_64"))]
        let finder = Some(Finder::new(title).into_owned());
        TitleFinder {
            title: title.as_bytes().to_vec(),
            #[cfg(target_arch = "x86_64")]
            sse2,
            finder,
        }
    }

    /// Where the title first starts in `bytes`.
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        if let Some(finder) = &self.finder {
            return finder.find(bytes);
        }
        #[cfg(target_arch = "x86_64")]
        if let Some(sse2) = self.sse2.as_ref() {
            if bytes.len() >= sse2.min_haystack_len() {
                return sse2.find(bytes, &self.title);
            }
        }
        // A haystack shorter than the pair searcher takes (the title, or 16 bytes past its pair).
        let len = self.title.len().max(1);
        bytes.windows(len).position(|w| w == self.title.as_slice())
    }

    /// Where the title starts in `bytes`, each found after the last one ends: what
    /// [`crate::grammar::finds`] gives of a memmem searcher.
    fn finds<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
        crate::grammar::finds_by(bytes, self.title.len(), |rest| self.find(rest))
    }
}

/// The longest `发布日期：2022-01-07 10:00` field, in bytes, with room to spare.
const FIELD_MAX: usize = 128;

/// The longest addressee list looked for after a document number, in bytes
/// (ten times the longest seen).
const ADDRESSEES_MAX: usize = 2048;

/// The first `max` bytes of `s` or fewer, on a character boundary.
fn head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The characters a heading marker that a run-on line is cut before can start with: what
/// [`begins_cut_marker`] tells by bytes.
#[cfg(test)]
fn may_begin_cut_marker(c: char) -> bool {
    matches!(
        c,
        '（' | '('
            | '0'..='9'
            | '㈠'..='㈩'
            | '①'..='⑳'
            | '第'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
    )
}

/// Whether `bytes`, from a char boundary, start with a char that a heading marker a run-on line is
/// cut before can start with (`（` `(`, a digit, `㈠`…`㈩`, `①`…`⑳`, `第`, `一`…`十`), told
/// by its bytes (a test keeps the two in step).
#[inline]
fn begins_cut_marker(bytes: &[u8]) -> bool {
    // Decoded from its bytes, a 3-byte char is looked up without a branch for each char (a match
    // on the bytes was a jump on the first, mispredicted as often as not).
    match *bytes {
        [a @ 0xE0..=0xEF, b, c, ..] => {
            let code = crate::grammar::three_byte_code(a, b, c);
            match ideograph_bit(&CUT_MARKER_IDEOGRAPHS, code) {
                Some(taken) => taken,
                // `（`, `㈠` to `㈩`, `①` to `⑳`.
                None => matches!(code, 0xFF08 | 0x3220..=0x3229 | 0x2460..=0x2473),
            }
        }
        [first, ..] => first == b'(' || first.is_ascii_digit(),
        [] => false,
    }
}

/// The ideographs a cut marker starts with, `第` and `一` to `十`: a bit for each of U+4000 to
/// U+9FFF.
static CUT_MARKER_IDEOGRAPHS: IdeographBits = ideograph_bits(&[
    '第', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
]);

/// The length of the char that the byte `lead` starts (a char boundary of a `str`).
fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Cuts before outline markers that follow a sentence end (or a heading
/// glued to the next one: `三、重点任务（一）…`), and after lexicon headings
/// glued to their text.
fn marker_cuts(line: &str, at: &mut Vec<usize>, lexicon: &mut Vec<(usize, String)>) {
    let bytes = line.as_bytes();
    let mut segment_start = 0usize;
    let mut i = 0usize;
    // Chars are stepped over by their first bytes, and decoded only where a marker may start.
    while let Some(rest) = bytes.get(i..).filter(|rest| !rest.is_empty()) {
        let after_sentence = i == 0 || ends_sentence(bytes.get(i.saturating_sub(3)..i));
        let marker_like = begins_cut_marker(rest);
        let text = line.get(i..).unwrap_or("");
        // A marker is looked for only where a cut can follow: after a
        // sentence end, or close enough to a heading to be glued to it.
        if marker_like && (after_sentence || i - segment_start <= 48) && may_be_marker(text) {
            if let Some(m) = marker::heading_marker(text) {
                let glued_heading = i > segment_start && {
                    let seg = &line[segment_start..i];
                    marker::heading_marker(seg).is_some()
                        && (seg.len() <= 16 || (seg.len() <= 16 * 4 && seg.chars().count() <= 16))
                        && !seg.contains(['。', '，', '；'])
                };
                if after_sentence || glued_heading {
                    at.push(i);
                    segment_start = i;
                }
                if after_sentence || glued_heading || i == 0 {
                    lexicon_cut(line, i + m.len, at, lexicon);
                }
            }
        }
        i += rest.first().map_or(1, |&lead| char_len(lead));
        if i - segment_start > 48 {
            // Past a heading's reach only a sentence end lets a cut follow:
            // on to the next one, not through every character.
            match next_after_sentence(bytes, i) {
                Some(next) => i = next,
                None => break,
            }
        }
    }
}

/// Whether `last` are the three bytes of a sentence end (`。！？；）〕`); a
/// shorter character before them puts a lead byte in the middle, so no
/// slice of another character passes.
fn ends_sentence(last: Option<&[u8]>) -> bool {
    matches!(
        last,
        Some([0xE3, 0x80, 0x82 | 0x95] | [0xEF, 0xBC, 0x81 | 0x9F | 0x9B | 0x89])
    )
}

/// The first offset at or after `from` (a character boundary) that follows
/// a sentence end. A sentence end starts with E3 or EF, which are only ever
/// lead bytes.
fn next_after_sentence(bytes: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(3);
    memchr::memchr2_iter(0xE3, 0xEF, bytes.get(start..)?)
        .map(|p| start + p + 3)
        .find(|&end| end >= from && ends_sentence(bytes.get(end - 3..end)))
}

/// After a marker ending at `from`: a lexicon heading followed straight by
/// text (no punctuation) is cut off it.
fn lexicon_cut(line: &str, from: usize, at: &mut Vec<usize>, lexicon: &mut Vec<(usize, String)>) {
    let rest = line.get(from..).unwrap_or("");
    if let Some(heading) = lexicon_heading(rest) {
        if let Some(after) = rest.strip_prefix(heading) {
            let next = after.chars().next();
            let glued = next.is_some_and(|c| {
                !matches!(
                    c,
                    '。' | '，' | '：' | ':' | '；' | '、' | '（' | ' ' | '\u{3000}'
                )
            });
            if glued {
                let cut = from + heading.len();
                at.push(cut);
                lexicon.push((cut, heading.to_owned()));
            }
        }
    }
}

/// The title of the document the page's notice issues: what stands between
/// `关于印发` and `的通知` in the first title that has them.
pub(crate) fn issued_title(page: &str) -> Option<&str> {
    // (SIMD searches built once: `str::find` read the whole page a byte at a time.)
    static ISSUING: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("关于印发"));
    static NOTICE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("的通知"));
    let start = ISSUING.find(page.as_bytes())? + "关于印发".len();
    let rest = page.get(start..)?;
    let end = NOTICE.find(rest.as_bytes())?;
    let title = rest.get(..end)?.trim_matches(['《', '》']);
    (title.chars().count() <= 60).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'a>(line: &'a str, issued: Option<&str>) -> Vec<&'a str> {
        let cuts = cuts(line, issued);
        let mut out = Vec::new();
        let mut from = 0;
        for &c in cuts.at.iter().chain(std::iter::once(&line.len())) {
            let piece = line[from..c].trim_matches([' ', '\u{3000}']);
            if !piece.is_empty() {
                out.push(piece);
            }
            from = c;
        }
        out
    }

    #[test]
    fn every_marker_a_cut_is_made_before_makes_a_line_look_run_on() {
        // The cheap test once asked for `①` and `㈠` but not `②` or `㈡` after a full stop, so a
        // paragraph glued to its second item was never cut.
        let paragraph = "为进一步推动重庆国际生物城建设，特制定本行动计划".repeat(4);
        for marker in ["①", "②", "⑩", "㈠", "㈡", "第三条", "（二）", "3．", "四、"]
        {
            let line = format!("{paragraph}。{marker}加强统筹协调，建立工作机制。");
            assert!(looks_run_on(&line), "{marker}");
        }
        assert!(!looks_run_on(&format!("{paragraph}。加强统筹协调。")));
    }

    #[test]
    fn a_notice_glued_into_one_line() {
        let line = "重庆市人民政府办公厅关于印发重庆国际生物城建设发展三年行动计划（2022—2024年）的通知发布日期:2022-01-07\
                    重庆市人民政府办公厅关于印发重庆国际生物城建设发展三年行动计划（2022—2024年）的通知渝府办〔2021〕17号\
                    有关区人民政府，市政府有关部门，有关单位：《重庆国际生物城建设发展三年行动计划（2022—2024年）》已经市政府同意，\
                    现印发给你们，请认真贯彻执行。";
        assert_eq!(
            pieces(line, None),
            [
                "重庆市人民政府办公厅关于印发重庆国际生物城建设发展三年行动计划（2022—2024年）的通知",
                "发布日期:2022-01-07",
                "重庆市人民政府办公厅关于印发重庆国际生物城建设发展三年行动计划（2022—2024年）的通知",
                "渝府办〔2021〕17号",
                "有关区人民政府，市政府有关部门，有关单位：",
                "《重庆国际生物城建设发展三年行动计划（2022—2024年）》已经市政府同意，现印发给你们，请认真贯彻执行。",
            ]
        );
    }

    #[test]
    fn signature_publicity_and_enclosure_title() {
        let line = "3个1类新药品种获批上市。重庆市人民政府办公厅2021年12月31日（此件公开发布）\
                    重庆国际生物城建设发展三年行动计划（2022—2024年）为进一步推动重庆国际生物城建设，特制定本行动计划。\
                    一、指导思想以习近平新时代中国特色社会主义思想为指导。二、发展目标围绕基础能力建设。";
        let issued = Some("重庆国际生物城建设发展三年行动计划（2022—2024年）");
        let got = pieces(line, issued);
        assert_eq!(
            got,
            [
                "3个1类新药品种获批上市。",
                "重庆市人民政府办公厅2021年12月31日",
                "（此件公开发布）",
                "重庆国际生物城建设发展三年行动计划（2022—2024年）",
                "为进一步推动重庆国际生物城建设，特制定本行动计划。",
                "一、指导思想",
                "以习近平新时代中国特色社会主义思想为指导。",
                "二、发展目标",
                "围绕基础能力建设。",
            ]
        );
        assert_eq!(cuts(line, issued).lexicon.len(), 2);
    }

    #[test]
    fn glued_headings_and_u3000_paragraphs() {
        assert_eq!(
            pieces(
                "三、重点任务（一）加快建设创新公共服务平台。1．集聚创新资源，培育发展动能。",
                None
            ),
            [
                "三、重点任务",
                "（一）加快建设创新公共服务平台。",
                "1．集聚创新资源，培育发展动能。"
            ]
        );
        assert_eq!(
            pieces("现印发给你们。　　河北省人民政府办公厅　　2023年10月7日河北省措施　　一、强化企业创新动能", None),
            ["现印发给你们。", "河北省人民政府办公厅", "2023年10月7日", "河北省措施", "一、强化企业创新动能"]
        );
    }

    #[test]
    fn lexicon_heading_at_line_start() {
        let line =
            "四、保障措施成立重庆国际生物城建设推进工作小组，由市政府分管工业的副市长担任组长。";
        assert_eq!(
            pieces(line, None),
            [
                "四、保障措施",
                "成立重庆国际生物城建设推进工作小组，由市政府分管工业的副市长担任组长。"
            ]
        );
    }

    #[test]
    fn cut_markers_are_told_by_their_bytes_as_by_their_chars() {
        assert!(!begins_cut_marker(b""));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for tail in ["", "x", "中"] {
                let text = format!("{c}{tail}");
                assert_eq!(
                    begins_cut_marker(text.as_bytes()),
                    may_begin_cut_marker(c),
                    "{c}"
                );
                assert_eq!(char_len(text.as_bytes()[0]), c.len_utf8(), "{c}");
            }
        }
    }

    #[test]
    fn lexicon_groups_as_the_lexicon_by_first_char() {
        let mut groups: Vec<(char, Vec<&str>)> = Vec::new();
        for &heading in HEADING_LEXICON {
            let first = heading.chars().next().unwrap_or_default();
            match groups.iter_mut().find(|(c, _)| *c == first) {
                Some((_, group)) => group.push(heading),
                None => groups.push((first, vec![heading])),
            }
        }
        for (first, group) in &groups {
            assert_eq!(lexicon_group(*first), group.as_slice(), "{first}");
        }
        let listed: usize = groups.iter().map(|(_, g)| g.len()).sum();
        let by_match: usize = groups.iter().map(|(c, _)| lexicon_group(*c).len()).sum();
        assert_eq!(listed, by_match);
        for c in '\u{4E00}'..='\u{9FFF}' {
            if !groups.iter().any(|(first, _)| *first == c) {
                assert!(lexicon_group(c).is_empty(), "{c}");
            }
        }
    }

    #[test]
    fn lexicon_headings_found_as_listed() {
        for h in HEADING_LEXICON {
            let first_listed = HEADING_LEXICON.iter().copied().find(|l| h.starts_with(l));
            assert_eq!(lexicon_heading(h), first_listed);
        }
    }

    #[test]
    fn may_be_marker_as_by_trimming_for_every_second_char() {
        // Its test of the second char by bytes, against every char below U+10000 there.
        let firsts = "一二三四五六七八九十0123456789（(第㈠①中";
        for first in firsts.chars() {
            for second in (0..0x1_0000).filter_map(char::from_u32) {
                for tail in ["", "、", "）", "条", "一、"] {
                    let s = format!("{first}{second}{tail}");
                    assert_eq!(may_be_marker(&s), may_be_marker_by_trimming(&s), "{s}");
                }
            }
        }
    }

    #[test]
    fn may_be_marker_holds_for_every_marker_after_a_sentence_end() {
        let samples = [
            "一、总则",
            "十二、附则",
            "一百零五、",
            "二 、x",
            "一是加强",
            "三个",
            "十分",
            "1.x",
            "12、x",
            "1．x",
            "1.5倍",
            "2021年",
            "1 .x",
            "（一）x",
            "( 一 )x",
            "（12）x",
            "(3)x",
            "（一）、（二）项",
            "（此件）",
            "(1",
            "㈠x",
            "①x",
            "一",
            "（",
            "",
            "二〇二五、",
            "一O五、",
        ];
        for s in samples {
            if marker::heading_marker(s).is_some() {
                assert!(may_be_marker(s), "{s}");
            }
        }
        assert!(!may_be_marker("一是加强"));
        assert!(!may_be_marker("2021年"));
        assert!(!may_be_marker("（此件）"));
    }

    /// The char-by-char marker_cuts that the byte-level one replaced.
    fn marker_cuts_reference(line: &str, at: &mut Vec<usize>, lexicon: &mut Vec<(usize, String)>) {
        let mut previous: Option<char> = None;
        let mut segment_start = 0usize;
        for (i, c) in line.char_indices() {
            let after_sentence = matches!(previous, Some('。' | '！' | '？' | '；' | '）' | '〕'))
                || previous.is_none();
            let marker_like = may_begin_cut_marker(c);
            // A marker is looked for only where a cut can follow: after a
            // sentence end, or close enough to a heading to be glued to it.
            if marker_like && (after_sentence || i - segment_start <= 48) {
                if let Some(m) = marker::heading_marker(&line[i..]) {
                    let glued_heading = i > segment_start && {
                        let seg = &line[segment_start..i];
                        marker::heading_marker(seg).is_some()
                            && seg.chars().count() <= 16
                            && !seg.contains(['。', '，', '；'])
                    };
                    if after_sentence || glued_heading {
                        at.push(i);
                        segment_start = i;
                    }
                    if after_sentence || glued_heading || i == 0 {
                        lexicon_cut(line, i + m.len, at, lexicon);
                    }
                }
            }
            previous = Some(c);
        }
    }

    /// [`looks_run_on`] with every sign found by one search, as it was written first.
    fn looks_run_on_by_one_search(line: &str) -> bool {
        let signs = Phrases::new(&[
            "号",
            "〔",
            "［",
            "【",
            "。",
            "发布日期",
            "发布时间",
            "印发给你们",
            "此件公开",
            "此件主动",
        ]);
        let (mut number, mut bracket) = (false, false);
        for (sign, at) in signs.find_iter(line) {
            match sign {
                0 => number = true,
                1..=3 => bracket = true,
                4 => {
                    let rest = line.get(at + "。".len()..).unwrap_or("");
                    let marker_first = rest.chars().next().is_some_and(may_begin_cut_marker);
                    if marker_first && may_be_marker(rest) && marker::heading_marker(rest).is_some()
                    {
                        return true;
                    }
                }
                _ => return true,
            }
        }
        if number && (bracket || memchr::memchr(b'[', line.as_bytes()).is_some()) {
            return true;
        }
        heading_glued_at_start(line)
    }

    /// [`may_be_marker`] by trimming, as it was written first.
    fn may_be_marker_by_trimming(rest: &str) -> bool {
        let Some(c) = rest.chars().next() else {
            return false;
        };
        let number_then = |s: &str, digit: fn(char) -> bool, ends: &[char]| {
            s.trim_start_matches(digit)
                .trim_start_matches(is_space)
                .starts_with(ends)
        };
        let after_first = || {
            rest.get(c.len_utf8()..)
                .unwrap_or("")
                .trim_start_matches(is_space)
        };
        let numeral_or_digit = |c: char| is_cn_numeral(c) || c.is_ascii_digit();
        match c {
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
                number_then(rest, is_cn_numeral, &['、'])
            }
            '0'..='9' => number_then(rest, |c| c.is_ascii_digit(), &['.', '．', '、']),
            '（' | '(' => number_then(after_first(), numeral_or_digit, &['）', ')']),
            '第' => number_then(after_first(), numeral_or_digit, &['章', '节', '条']),
            '㈠'..='㈩' | '①'..='⑳' => true,
            _ => false,
        }
    }

    /// [`phrase_cuts`] by one search for each phrase, as it was written first.
    fn phrase_cuts_by_finders(line: &str) -> Vec<usize> {
        let mut at = Vec::new();
        let indent = Finder::new("\u{3000}\u{3000}");
        let mut search = 0;
        while let Some(found) = line.get(search..).and_then(|s| indent.find(s.as_bytes())) {
            let start = search + found;
            let end = start
                + line[start..]
                    .chars()
                    .take_while(|&c| c == '\u{3000}')
                    .map(char::len_utf8)
                    .sum::<usize>();
            at.push(start);
            at.push(end);
            search = end;
        }
        for label in ["发布日期", "发布时间"].map(Finder::new) {
            for i in label.find_iter(line.as_bytes()) {
                if let Some((_, start, end)) = parts::published_line(head(&line[i..], FIELD_MAX)) {
                    at.push(i + start);
                    at.push(i + end);
                }
            }
        }
        for phrase in ["（此件公开发布）", "(此件公开发布)", "（此件主动公开）"].map(Finder::new)
        {
            for i in phrase.find_iter(line.as_bytes()) {
                at.push(i);
                at.push(i + phrase.needle().len());
            }
        }
        for i in Finder::new("印发给你们").find_iter(line.as_bytes()) {
            if let Some(end) = line[i..].find('。') {
                at.push(i + end + '。'.len_utf8());
            }
        }
        at.sort_unstable();
        at
    }

    proptest::proptest! {
        #[test]
        fn looks_run_on_as_by_one_search(
            s in "(号|〔|［|【|\\[|发|印|给|布|发布|日期|时间|你们|给你们|印发给|此件|公开|主动|日|时|你|此|期|间|件|途|逐|嗥|菷|𠏷|𠗥|x){0,10}|(。|一、|（二）|3．|①|㈠|第四条|指导思想|保障措施|号|〔|文字|的|x| |　){0,16}"
        ) {
            proptest::prop_assert_eq!(looks_run_on(&s), looks_run_on_by_one_search(&s));
            let long = format!("{}{s}", "为进一步推动重庆国际生物城建设，特制定本行动计划".repeat(8));
            proptest::prop_assert_eq!(looks_run_on(&long), looks_run_on_by_one_search(&long));
        }

        #[test]
        fn phrase_cuts_as_by_one_search_each(
            s in "(\u{3000}|\u{3000}\u{3000}\u{3000}|发布日期|发布时间|：2022-01-07|:2022年1月7日 10:00|（此件公开发布）|(此件公开发布)|（此件主动公开）|印发给你们|。|发布|此件|（此件|文字|x| ){0,24}"
        ) {
            let mut at = Vec::new();
            phrase_cuts(&s, &mut at);
            at.sort_unstable();
            proptest::prop_assert_eq!(at, phrase_cuts_by_finders(&s));
        }

        #[test]
        fn titles_found_as_by_a_memmem_search(
            title in "(重庆|国际|生物城|建设|（2022—2024年）|行动计划|a){2,6}",
            s in "(重庆|国际|生物城|建设|（2022—2024年）|行动计划|a|。|，){0,60}"
        ) {
            let finder = TitleFinder::new(&title);
            let memmem = Finder::new(&title);
            // (Long enough for the pair searcher too, with the title in reach of its end.)
            let long = format!("{}{s}{title}", "为进一步推动重庆国际生物城建设，特制定本行动计划".repeat(4));
            for hay in [s.as_str(), &long] {
                let got: Vec<usize> = finder.finds(hay.as_bytes()).collect();
                let expected: Vec<usize> = crate::grammar::finds(&memmem, hay.as_bytes()).collect();
                proptest::prop_assert_eq!(got, expected);
            }
        }

        #[test]
        fn may_be_marker_as_by_trimming(
            s in "[一二三十两百千零〇○O0-9（()）、.．。 \u{3000}\t㈠㈡①⑳第章节条x中]{0,8}"
        ) {
            proptest::prop_assert_eq!(may_be_marker(&s), may_be_marker_by_trimming(&s));
        }

        #[test]
        fn marker_cuts_as_char_by_char(
            s in "(一、|（二）|3．|第四条|指导思想|保障措施|。|！|）|〕|，|文字|的|x|1| |　|㈠|①){0,40}"
        ) {
            let (mut at, mut lexicon) = (Vec::new(), Vec::new());
            marker_cuts(&s, &mut at, &mut lexicon);
            let (mut at_ref, mut lexicon_ref) = (Vec::new(), Vec::new());
            marker_cuts_reference(&s, &mut at_ref, &mut lexicon_ref);
            proptest::prop_assert_eq!(at, at_ref);
            proptest::prop_assert_eq!(lexicon, lexicon_ref);
        }

        #[test]
        fn may_be_marker_never_misses_a_marker(
            s in "[一二三十两百千零〇○O0-9（()）、.．。 \u{3000}㈠㈡①⑳第章节条x]{0,8}"
        ) {
            // The characters marker cuts and sentence ends look for markers at.
            let marker_like = s.starts_with(|c: char| {
                c.is_ascii_digit() || "（(第一二三四五六七八九十".contains(c)
                    || ('㈠'..='㈩').contains(&c) || ('①'..='⑳').contains(&c)
            });
            if marker_like && marker::heading_marker(&s).is_some() {
                proptest::prop_assert!(may_be_marker(&s));
            }
        }
    }

    #[test]
    fn nothing_fits_nothing_is_cut() {
        let line = "一、指导思想，以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神";
        assert_eq!(pieces(line, None), [line]);
        assert!(cuts(line, None).lexicon.is_empty());
    }
}
