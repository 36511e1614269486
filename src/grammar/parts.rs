//! The small parts of a notice: takes one canonical line and returns what it is — the 主送
//! addressee line, the publicity note, the `来源` outlet, the page's `发布日期`, the attachment list
//! and headings, an organ name (and joint issuers run together), the 公文 type of a title.

use memchr::memmem;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::one_of;
use nom::combinator::opt;
use nom::Parser;

use super::date::{date_at, Date};
use super::marker::{heading_marker, MarkerKind};
use super::numeral::chinese_number;
use super::{
    ends_like_unit, fail, first_char_bits, ideograph_bit, ideograph_bits, is_space, sp0,
    split_depth0, three_byte_code, trim_sp, IdeographBits, Res,
};

/// Endings of an addressee that may stand alone after a `、` split (stricter than
/// [`ends_like_unit`] so that `市政府各委、办、局` and `各省、自治区、直辖市人民政府` stay whole).
const ADDRESSEE_PART_ENDINGS: &[&str] = &[
    "人民政府",
    "政府",
    "单位",
    "部门",
    "机构",
    "机关",
    "委",
    "局",
    "厅",
    "办",
    "会",
    "院",
    "部",
    "署",
    "室",
    "中心",
    "企业",
    "公司",
    "集团",
    "学校",
    "团体",
    "兵团",
    "高校",
    "银行",
];

/// The last chars of [`ADDRESSEE_PART_ENDINGS`].
static ADDRESSEE_PART_LASTS: IdeographBits = super::last_char_bits(ADDRESSEE_PART_ENDINGS);

/// Whether `s` ends with one of [`ADDRESSEE_PART_ENDINGS`]: they are compared only when its
/// last char ends one of them (a part that ends none was compared with all 24).
fn ends_like_addressee_part(s: &str) -> bool {
    super::last_char_in(&ADDRESSEE_PART_LASTS, s)
        && ADDRESSEE_PART_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Role words that turn `X单位`/`X部门` into a field label (`责任单位：`), not an addressee.
const ROLE_WORDS: &[&str] = &[
    "责任", "牵头", "配合", "参与", "主办", "承办", "协办", "发文", "联系", "工作", "实施", "执行",
    "申报", "主管", "建设", "使用", "所在", "主送", "抄送", "印发", "成文", "归口",
];

/// Starts of a single-organ addressee line (`各区县（自治县）人民政府：`).
const ADDRESSEE_STARTS: &[&str] = &[
    "各",
    "有关",
    "全",
    "本",
    "市",
    "省",
    "县",
    "区",
    "国务院",
    "中央",
    "国家",
    "自治区",
];

fn is_comma(c: char) -> bool {
    matches!(c, '，' | ',')
}

/// Whether one comma-separated piece of an addressee line names organs.
fn addressee_piece_ok(p: &str) -> bool {
    let n = super::char_len(p);
    (2..=40).contains(&n) && ends_like_unit(p) && !starts_with_role_word(p) && addressee_chars_ok(p)
}

/// The two-char words that no piece of an addressee list holds.
const NOT_ADDRESSEE_WORDS: [[char; 2]; 4] =
    [['如', '下'], ['以', '下'], ['通', '知'], ['意', '见']];

/// Whether `p` holds no stop char (see [`is_addressee_stop`]) and none of
/// [`NOT_ADDRESSEE_WORDS`]: one pass over its chars, where a pass for each
/// test read them twice, and a word is compared only at a char that ends one.
fn addressee_chars_ok(p: &str) -> bool {
    let mut previous = '\0';
    !p.chars().any(|c| {
        let word = [previous, c];
        previous = c;
        is_addressee_stop(c)
            || matches!(c, '下' | '知' | '见') && NOT_ADDRESSEE_WORDS.contains(&word)
    })
}

/// Whether `p` starts with one of [`ROLE_WORDS`]: they are compared only when its first char
/// starts one of them (an addressee piece starts with none, and every word was compared).
fn starts_with_role_word(p: &str) -> bool {
    let first = match *p.as_bytes() {
        [a, b, c, ..] => three_byte_code(a, b, c),
        _ => return false,
    };
    ideograph_bit(&ROLE_WORD_FIRSTS, first) == Some(true)
        && ROLE_WORDS.iter().any(|w| p.starts_with(w))
}

/// The first chars of [`ROLE_WORDS`].
static ROLE_WORD_FIRSTS: IdeographBits = first_char_bits(ROLE_WORDS);

/// Whether `s` holds one of the two-char `words`, looked for in one pass
/// over its chars: the plain form of the word tests of [`addressee_chars_ok`]
/// and [`organ_chars`].
#[cfg(test)]
fn holds_word(s: &str, words: &[[char; 2]]) -> bool {
    let mut previous = '\0';
    s.chars().any(|c| {
        let word = [previous, c];
        previous = c;
        words.contains(&word)
    })
}

/// Chars that no piece of an addressee list holds: sentence punctuation, quotes, number brackets
/// and digits.
fn is_addressee_stop(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '。' | '；' | ';' | '：' | ':' | '“' | '《' | '〔' | '[' | '［'
        )
}

/// Splits one piece further on `、` when every part is an organ on its own.
fn push_piece(p: &str, out: &mut Vec<String>) {
    // The parts are pushed as they pass, and taken back if one fails: one split, not two.
    let kept = out.len();
    let parts_ok = split_depth0(p, |c| c == '、').all(|s| {
        let s = trim_sp(s);
        let ok = s.chars().nth(2).is_some() && ends_like_addressee_part(s);
        if ok {
            out.push(s.to_string());
        }
        ok
    });
    if !parts_ok {
        out.truncate(kept);
        out.push(p.to_string());
    }
}

/// Parses an addressee list (without its colon) into organs, or `None` when it is not one.
fn addressee_items(body: &str) -> Option<Vec<String>> {
    let body = trim_sp(body);
    if body.is_empty() || heading_marker(body).is_some() {
        return None;
    }
    // The pieces are split as they are checked, in one pass: a line that fails is dropped whole.
    let mut pieces = 0;
    let mut out = Vec::new();
    for p in split_depth0(body, is_comma) {
        let p = trim_sp(p);
        if !addressee_piece_ok(p) {
            return None;
        }
        push_piece(p, &mut out);
        pieces += 1;
    }
    if pieces == 1 && !ADDRESSEE_STARTS.iter().any(|s| body.starts_with(s)) && !is_organ_name(body)
    {
        return None;
    }
    Some(out)
}

/// A 主送 line ending in `：`/`:`, split into organs.
///
/// Rule: split on depth-0 `，`/`,`; each piece must end like a unit (人民政府, 部门, 单位, 委, 局,
/// 会, …), start with no role word (so `责任单位：` is a label) and hold no `。`, digit or `〔`
/// (a glued own number must be cut off first, see `docno::own_number_in_line`). A piece is split
/// further on depth-0 `、` only when every part has at least 3 chars and ends like an organ on its
/// own, so `各省、自治区、直辖市人民政府` and `市政府各委、办、局` stay whole while
/// `国务院各部委、各直属机构` splits. A single-piece line must also start like an addressee
/// (`各`, `有关`, `市`, …) or be an organ name. `主要内容：` and `现将有关事项通知如下：` fail.
pub fn addressee_line(line: &str) -> Option<Vec<String>> {
    let t = trim_sp(line);
    let body = t.strip_suffix(['：', ':'])?;
    addressee_items(body)
}

/// An addressee list at the start of a run-on line, up to its first depth-0 `：`
/// (`各市（含定州、辛集市）人民政府，…，省政府各部门：《…》已经…`); returns the organs and the
/// bytes through the colon.
pub fn addressee_prefix(line: &str) -> Option<(Vec<String>, usize)> {
    // Every char before the colon lands in some piece, and a piece holding a stop char is no
    // addressee: on prose the search for the colon ends at the first such char.
    let colon = super::find_depth0(line, |c| matches!(c, '：' | ':'), is_addressee_stop)?;
    let items = addressee_items(line.get(..colon)?)?;
    let len = colon + line.get(colon..)?.chars().next()?.len_utf8();
    Some((items, len))
}

/// The publicity note: `（此件公开发布）`, `(此件主动公开)`, `此件不予公开` → the inner text.
pub fn publicity(line: &str) -> Option<&str> {
    if !has_phrase!(line, "此件") {
        return None;
    }
    let t = trim_sp(trim_sp(line).trim_end_matches(['。', '.']));
    let t = trim_sp(t.strip_prefix(['（', '(']).unwrap_or(t));
    let t = trim_sp(t.strip_suffix(['）', ')']).unwrap_or(t));
    let rest = t.strip_prefix("此件")?;
    let n = super::char_len(rest);
    ((2..=8).contains(&n) && (rest.contains("公开") || rest.contains("发布"))).then_some(t)
}

/// The text after a source label at the start of `s` (`来源：`, `信息来源 :`, spaces allowed
/// around the colon), read by its bytes: the four two-char heads all end in `来源`.
fn source_label(s: &str) -> Option<&str> {
    const SOURCE: &[u8] = "来源".as_bytes();
    let bytes = s.as_bytes();
    let after = if bytes.starts_with(SOURCE) {
        SOURCE.len()
    } else if bytes.get(6..12) == Some(SOURCE)
        && matches!(s.get(..6), Some("信息" | "文章" | "稿件" | "新闻"))
    {
        12
    } else {
        return None;
    };
    let rest = super::trim_start_sp(s.get(after..)?);
    let rest = rest.strip_prefix(['：', ':'])?;
    Some(super::trim_start_sp(rest))
}

/// Page metadata that may follow the source on the same line.
const SOURCE_STOPS: &[&str] = &[
    "发布时间",
    "发布日期",
    "时间：",
    "时间:",
    "日期：",
    "日期:",
    "作者",
    "浏览次数",
    "浏览量",
    "阅读",
    "点击",
    "责任编辑",
    "编辑：",
    "编辑:",
    "字号",
    "打印",
    "分享",
    "来源",
    "|",
    "丨",
    "【",
    "[",
];

/// The outlet of a `来源：…` line (`来源:新重庆-重庆日报` → `新重庆-重庆日报`), cut before any page
/// metadata that follows on the same line (`发布时间：`, `作者：`, `浏览次数`, `|`, …).
pub fn source_line(line: &str) -> Option<&str> {
    // The label starts the line, so no search for `来源` is needed to turn other lines away.
    let rest = source_label(trim_sp(line))?;
    let mut outlet = rest.get(..first_source_stop(rest))?;
    // Two or more spaces separate fields on flattened pages.
    if let Some(i) = field_gap(outlet) {
        outlet = outlet.get(..i)?;
    }
    let outlet = trim_sp(outlet);
    let n = super::char_len(outlet);
    ((1..=50).contains(&n)).then_some(outlet)
}

/// The ideographs a [`SOURCE_STOPS`] entry starts with.
static SOURCE_STOP_IDEOGRAPHS: IdeographBits = ideograph_bits(&[
    '发', '时', '日', '作', '浏', '阅', '点', '责', '编', '字', '打', '分', '来', '丨',
]);

/// Where the first of [`SOURCE_STOPS`] in `s` starts, or `s.len()`: the chars of `s` are stepped
/// over by their lead bytes, and the stops are compared only where one of their first chars
/// stands (an automaton over the stops cost more to start and to run on a short field).
fn first_source_stop(s: &str) -> usize {
    let bytes = s.as_bytes();
    let stops_here = |at: usize| {
        let tail = bytes.get(at..).unwrap_or_default();
        SOURCE_STOPS
            .iter()
            .any(|stop| tail.starts_with(stop.as_bytes()))
    };
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        let (len, may_stop) = match bytes.get(at..) {
            Some([b'|' | b'[', ..]) => (1, true),
            Some([0..=0x7F, ..]) => (1, false),
            Some(&[a @ 0xE4..=0xE9, b, c, ..]) => (
                3,
                ideograph_bit(&SOURCE_STOP_IDEOGRAPHS, three_byte_code(a, b, c)) == Some(true),
            ),
            // `【` (E3 80 90).
            Some([0xE3, 0x80, 0x90, ..]) => (3, true),
            _ => (
                match lead {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    _ => 2,
                },
                false,
            ),
        };
        if may_stop && stops_here(at) {
            return at;
        }
        at += len;
    }
    bytes.len()
}

/// Where fields of a flattened page are parted in `s`: its first two spaces, or else its first
/// ideographic space.
fn field_gap(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut wide = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if bytes.get(i + 1) == Some(&b' ') => return Some(i),
            0xE3 if wide.is_none() && bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80]) => {
                wide = Some(i);
            }
            _ => {}
        }
    }
    wide
}

/// Labels of the page's publication date.
const PUBLISHED_LABELS: &[&str] = &["发布日期", "发布时间", "公开日期"];

/// `10:00` or `10:00:00` after a date (ignored, but part of the field).
fn time_of_day(s: &str) -> Res<'_, ()> {
    let two = |s| take_while_m_n(1, 2, |c: char| c.is_ascii_digit())(s);
    let (rest, (_, _, _, _, _)) = (
        sp0,
        two,
        one_of(":："),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        opt((
            one_of(":："),
            take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        )),
    )
        .parse_complete(s)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(fail(s));
    }
    Ok((rest, ()))
}

/// The page's `发布日期：2022-01-07` / `发布时间：2025年11月18日` / `发布日期:2022-01-07 10:00`
/// anywhere in `line`; returns the date and the byte range of the whole field (label through the
/// date, and the time of day when present) so a run-on line can be cut.
pub fn published_line(line: &str) -> Option<(Date, usize, usize)> {
    // Searchers built once: building one costs more than a search of a short line.
    static FINDERS: std::sync::LazyLock<Vec<memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| PUBLISHED_LABELS.iter().map(memmem::Finder::new).collect());
    let mut best: Option<(Date, usize, usize)> = None;
    for (label, finder) in PUBLISHED_LABELS.iter().zip(FINDERS.iter()) {
        for at in super::finds(finder, line.as_bytes()) {
            if best.is_some_and(|b| b.1 <= at) {
                break;
            }
            let Some(after) = line.get(at + label.len()..) else {
                continue;
            };
            let Ok((rest, _)) = (sp0, one_of("：:"), sp0).parse_complete(after) else {
                continue;
            };
            let Some((date, n)) = date_at(rest) else {
                continue;
            };
            let mut rest = rest.get(n..).unwrap_or("");
            if let Ok((r, ())) = time_of_day(rest) {
                rest = r;
            }
            best = Some((date, at, line.len() - rest.len()));
            break;
        }
    }
    best
}

/// Characters trimmed from the end of an attachment title.
fn title_end(c: char) -> bool {
    is_space(c) || matches!(c, '；' | ';' | '，' | ',' | '。' | '、')
}

/// `附件：`, `附件:` (spaces allowed).
fn attachment_label(s: &str) -> Res<'_, ()> {
    let (rest, _) = (tag("附件"), sp0, one_of("：:"), sp0).parse_complete(s)?;
    Ok((rest, ()))
}

/// A list number `n.`/`n．`/`n、` at the start of `s` (spaces after it included); after `附件：`
/// a number is a marker even before a digit (`1.2025年重点任务`).
fn item_marker(s: &str) -> Option<(u32, usize)> {
    let (rest, (d, _, _)) = (
        take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
        one_of(".．、"),
        sp0,
    )
        .parse_complete(s)
        .ok()?;
    let n: u32 = d.parse().ok()?;
    Some((n, s.len() - rest.len()))
}

/// The next list marker numbered `n` in `s`, not inside a longer number: (start byte, byte after
/// the marker). One not followed by a digit wins over one that is (`3.5` in a title).
fn find_item_marker(s: &str, n: u32) -> Option<(usize, usize)> {
    let mut prev_digit = false;
    let mut loose = None;
    for (i, c) in s.char_indices() {
        let digit = c.is_ascii_digit();
        if digit && !prev_digit {
            if let Some((m, len)) = s.get(i..).and_then(item_marker) {
                if m == n {
                    let before_digit = s
                        .get(i + len..)
                        .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
                    if !before_digit {
                        return Some((i, i + len));
                    }
                    loose = loose.or(Some((i, i + len)));
                }
            }
        }
        prev_digit = digit;
    }
    loose
}

/// The attachment list of a notice on one line: `附件：1.主要核心绩效指标表 2.重点发展领域 3.…`
/// (items may be glued, as canonical text drops the spaces: numbering must run on by one), or a
/// single `附件：主要核心绩效指标表` (number 1), or `附件1：标题`. `附件：` alone gives an empty list:
/// the items follow on their own lines (see [`attachment_item`]).
pub fn attachment_list(line: &str) -> Option<Vec<(u32, String)>> {
    let t = trim_sp(line);
    let rest = match attachment_label(t) {
        Ok((rest, ())) => rest,
        Err(_) => {
            // `附件1：标题`
            let (rest, (_, _, n, _, _, _)) = (
                tag("附件"),
                sp0,
                take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
                sp0,
                one_of("：:"),
                sp0,
            )
                .parse_complete(t)
                .ok()?;
            let title = trim_sp(rest.trim_end_matches(title_end));
            let n: u32 = n.parse().ok()?;
            return (!title.is_empty() && n >= 1).then(|| vec![(n, title.to_string())]);
        }
    };
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let Some((first, first_len)) = item_marker(rest) else {
        let title = rest.trim_end_matches(title_end);
        return (!title.is_empty()).then(|| vec![(1, title.to_string())]);
    };
    let mut items = Vec::new();
    let mut n = first;
    let mut start = first_len;
    loop {
        let tail = rest.get(start..)?;
        let next = find_item_marker(tail, n + 1);
        let body = match next {
            Some((a, _)) => tail.get(..a)?,
            None => tail,
        };
        let title = trim_sp(body.trim_end_matches(title_end));
        if title.is_empty() {
            return None;
        }
        items.push((n, title.to_string()));
        match next {
            Some((_, b)) => {
                start += b;
                n += 1;
            }
            None => break,
        }
    }
    Some(items)
}

/// A continuation line of an attachment list: `2.重点发展领域` → (2, title). The title must not
/// hold a sentence end, so outline items of the body do not pass.
pub fn attachment_item(line: &str) -> Option<(u32, String)> {
    let t = trim_sp(line);
    let m = heading_marker(t).filter(|m| m.kind == MarkerKind::Arabic)?;
    let title = trim_sp(t.get(m.len..)?.trim_end_matches(title_end));
    let n = super::char_len(title);
    ((1..=80).contains(&n) && !title.contains(['。', '；', ';']))
        .then(|| (m.number, title.to_string()))
}

/// The heading opening an attachment body, standing alone: `附件1`, `附件 1`, `附件1：`, `附件一`,
/// or `附件` (→ 1).
pub fn attachment_heading(line: &str) -> Option<u32> {
    let t = trim_sp(line);
    let rest = t.strip_prefix("附件")?;
    let rest = rest.trim_start_matches(is_space);
    let (rest, n) = if let Ok((r, d)) =
        take_while_m_n::<_, _, nom::error::Error<&str>>(1, 2, |c: char| c.is_ascii_digit())(rest)
    {
        (r, d.parse::<u32>().ok()?)
    } else if let Some((v, len)) = chinese_number(rest) {
        (rest.get(len..)?, v)
    } else {
        (rest, 1)
    };
    let rest = trim_sp(rest);
    let rest = trim_sp(rest.strip_prefix(['：', ':']).unwrap_or(rest));
    (rest.is_empty() && n >= 1).then_some(n)
}

/// Organ suffixes, longest first so the longest match wins.
const ORGAN_SUFFIXES: &[&str] = &[
    "人民政府",
    "人民银行",
    "办公厅",
    "办公室",
    "委员会",
    "管委会",
    "检察院",
    "总局",
    "总署",
    "政府",
    "中心",
    "海关",
    "委",
    "局",
    "厅",
    "部",
    "署",
    "院",
    "会",
    "办",
];

/// The last chars of [`ORGAN_SUFFIXES`]: a string that ends in none of them
/// (most do not) ends in no suffix.
const ORGAN_SUFFIX_ENDS: [char; 13] = [
    '府', '行', '厅', '室', '会', '院', '局', '署', '心', '关', '委', '部', '办',
];

/// [`ORGAN_SUFFIX_ENDS`] as a bit set.
static ORGAN_SUFFIX_END_BITS: IdeographBits = ideograph_bits(&ORGAN_SUFFIX_ENDS);

/// Byte length of the organ suffix that `s` ends with (人民政府, 办公厅, 委员会, 委, 局, …).
pub fn organ_suffix_len(s: &str) -> Option<usize> {
    if !s.ends_with(ORGAN_SUFFIX_ENDS) {
        return None;
    }
    ORGAN_SUFFIXES
        .iter()
        .find(|x| s.ends_with(**x))
        .map(|x| x.len())
}

/// Endings that look like organ suffixes but name an act or an event (`主办`, `发布会`).
const NOT_ORGAN_ENDINGS: &[&str] = &[
    "主办",
    "承办",
    "协办",
    "举办",
    "督办",
    "交办",
    "创办",
    "开办",
    "发布会",
    "座谈会",
    "推进会",
    "研讨会",
    "交流会",
    "博览会",
    "展览会",
    "洽谈会",
    "运动会",
    "见面会",
    "说明会",
    "培训会",
    "调度会",
    "现场会",
    "常务会",
    "部署会",
];

/// Verbs and prepositions that start a clause about an organ (`会同重庆市人民政府`), not a name.
/// Single chars that begin place names (`和平区`, `向阳区`, `本溪市`, `将乐县`) are left out.
const NOT_ORGAN_STARTS: &[&str] = &[
    "会同", "由", "请", "对", "在", "与", "按照", "根据", "依据", "联合", "协调", "指导", "支持",
    "推动", "报送", "各", "有关",
];

/// The first chars of [`NOT_ORGAN_STARTS`]: a name that starts with none of
/// them (most do not) starts with no clause word.
const NOT_ORGAN_START_FIRSTS: [char; 17] = [
    '会', '由', '请', '对', '在', '与', '按', '根', '依', '联', '协', '指', '支', '推', '报', '各',
    '有',
];

/// The last chars of [`NOT_ORGAN_ENDINGS`].
const NOT_ORGAN_ENDING_ENDS: [char; 2] = ['办', '会'];

/// Whether `t` starts with a clause word rather than a name; `会同县人民政府` is a place.
fn starts_with_clause_word(t: &str) -> bool {
    NOT_ORGAN_STARTS.iter().any(|w| {
        let place = |r: &str| r.starts_with(['县', '市', '区', '省', '镇', '乡', '州', '旗']);
        // Only a two-char word can be the head of a place name (`会同县`); `各区县` is not one.
        t.strip_prefix(w)
            .is_some_and(|r| w.chars().nth(1).is_none() || !place(r))
    })
}

/// Whether the whole line is an organ name (`重庆市人民政府办公厅`, `国务院办公厅`): 2–30 chars,
/// ends with an organ suffix (not an act such as `主办`), no punctuation but `（）`, and none of
/// the words of a title.
pub fn is_organ_name(line: &str) -> bool {
    let t = trim_sp(line);
    // The cheap tests first (most lines end in no organ suffix), and the
    // word lists only for a line whose last or first char one of their
    // words has.
    organ_suffix_len(t).is_some()
        && !(t.ends_with(NOT_ORGAN_ENDING_ENDS) && NOT_ORGAN_ENDINGS.iter().any(|e| t.ends_with(e)))
        && (2..=30).contains(&super::char_len(t))
        && !(t.starts_with(NOT_ORGAN_START_FIRSTS) && starts_with_clause_word(t))
        && organ_chars(t)
}

/// Whether `t` is made of ideographs and round brackets only, without `的`,
/// `了` or the words `关于`, `印发` and `通知`: one pass over its chars.
fn organ_chars(t: &str) -> bool {
    const WORDS: [[char; 2]; 3] = [['关', '于'], ['印', '发'], ['通', '知']];
    let mut previous = '\0';
    t.chars().all(|c| {
        let word = [previous, c];
        previous = c;
        (super::is_cjk(c) || matches!(c, '（' | '）' | '(' | ')'))
            && !matches!(c, '的' | '了')
            && !WORDS.contains(&word)
    })
}

/// Administrative prefixes that start a new organ in joint issuers run together.
const ADMIN_PREFIXES: &[&str] = &[
    "中华人民共和国",
    "中共",
    "中国",
    "中央",
    "国务院",
    "国家",
    "全国",
    "最高",
    "省",
    "市",
    "县",
    "区",
];

/// Organs that absorb the organ after them (`国务院国资委` is one organ).
const ABSORBING: &[&str] = &["国务院", "中共中央", "中央"];

/// Whether a suffix of the list spans byte `i` of `s` (so `i` is inside `委员会`, `办公厅`, …).
fn inside_suffix(s: &str, i: usize) -> bool {
    let Some(head) = s.get(..i) else { return true };
    // The suffixes are compared only where a char that starts one stands.
    head.char_indices().rev().take(3).any(|(p, c)| {
        ideograph_bit(&ORGAN_SUFFIX_FIRSTS, u32::from(c)) == Some(true)
            && ORGAN_SUFFIXES
                .iter()
                .any(|x| s.get(p..).is_some_and(|t| t.starts_with(x)) && p + x.len() > i)
    })
}

/// The first chars of [`ORGAN_SUFFIXES`].
static ORGAN_SUFFIX_FIRSTS: IdeographBits = first_char_bits(ORGAN_SUFFIXES);

/// Whether `rest` starts like a new organ: an administrative prefix or a place name ending in
/// 省/市/县/区 within its first few chars.
fn starts_like_organ(rest: &str) -> bool {
    ADMIN_PREFIXES.iter().any(|p| rest.starts_with(p))
        || rest
            .char_indices()
            .take(6)
            .any(|(i, c)| i > 0 && matches!(c, '省' | '市' | '县' | '区'))
}

/// Splits one run of joined organ names (`财政部科技部工业和信息化部`).
fn split_run(s: &str, out: &mut Vec<String>) {
    let mut cands: Vec<usize> = Vec::new();
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        let head = s.get(..end).unwrap_or("");
        // `head` ends in `c`: most chars end no suffix, told without a call.
        if end < s.len()
            && ideograph_bit(&ORGAN_SUFFIX_END_BITS, u32::from(c)) == Some(true)
            && organ_suffix_len(head).is_some()
            && !inside_suffix(s, end)
        {
            cands.push(end);
        }
    }
    let mut start = 0;
    for (k, &i) in cands.iter().enumerate() {
        let seg = s.get(start..i).unwrap_or("");
        let rest = s.get(i..).unwrap_or("");
        let next_end = cands.get(k + 1).copied().unwrap_or(s.len());
        let next_seg = s.get(i..next_end).unwrap_or("");
        let bare_suffix = ORGAN_SUFFIXES.contains(&next_seg);
        let split = super::char_len(seg) >= 2
            && !ABSORBING.contains(&seg)
            && !bare_suffix
            && (starts_like_organ(rest)
                || is_organ_name(next_seg) && super::char_len(next_seg) >= 2);
        if split {
            out.push(seg.to_string());
            start = i;
        }
    }
    let last = s.get(start..).unwrap_or("");
    if !last.is_empty() {
        out.push(last.to_string());
    }
}

/// Joint issuers as separate organs. With separators (`、`, `，`, spaces) it splits on them;
/// names run together (`财政部科技部工业和信息化部`) are split after an organ suffix when what
/// follows starts like a new organ (administrative prefix or place name) or is a complete organ
/// name, never inside a longer suffix (`重庆市经济和信息化委员会` stays whole) and never before a
/// bare suffix (`国务院办公厅`).
pub fn split_joint_issuers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in s.split(|c: char| is_space(c) || matches!(c, '、' | '，' | ',' | '；' | ';')) {
        let piece = trim_sp(piece);
        if !piece.is_empty() {
            split_run(piece, &mut out);
        }
    }
    out
}

/// The 15 公文 types (GB/T 9704), longest match first where one ends another.
const DOC_TYPES: &[&str] = &[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "纪要", "函",
];

/// The 公文 type a title ends with (`…的通知` → `通知`, `…实施意见` → `意见`, `…的函` → `函`);
/// `None` for titles of other documents (`…方案`). A final short parenthetical such as
/// `（试行）` is ignored, and a title ending in `令` is a 命令.
pub fn doc_type(title: &str) -> Option<&'static str> {
    let mut t = trim_sp(title).trim_end_matches(['。', '》', '”']);
    if let Some(stripped) = t.strip_suffix(['）', ')']) {
        if let Some(open) = stripped.rfind(['（', '(']) {
            if super::char_len(stripped.get(open..).unwrap_or("")) <= 10 {
                t = trim_sp(stripped.get(..open).unwrap_or(t));
            }
        }
    }
    if let Some(ty) = DOC_TYPES.iter().find(|ty| t.ends_with(**ty)) {
        return Some(ty);
    }
    t.ends_with('令').then_some("命令")
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::branch::alt;

    /// [`inside_suffix`] comparing every suffix at each of the three chars before `i`.
    fn inside_suffix_plain(s: &str, i: usize) -> bool {
        let Some(head) = s.get(..i) else { return true };
        head.char_indices().rev().take(3).any(|(p, _)| {
            ORGAN_SUFFIXES
                .iter()
                .any(|x| s.get(p..).is_some_and(|t| t.starts_with(x)) && p + x.len() > i)
        })
    }

    proptest::proptest! {
        #[test]
        fn suffixes_are_found_as_by_comparing_each(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    [ORGAN_SUFFIXES, &["人民", "办公", "委员", "财政", "市", "a", "𠀀", "（"]].concat(),
                ),
                0..6,
            ),
        ) {
            let s = pieces.concat();
            for (i, c) in s.char_indices() {
                let end = i + c.len_utf8();
                proptest::prop_assert_eq!(inside_suffix(&s, end), inside_suffix_plain(&s, end));
                proptest::prop_assert_eq!(inside_suffix(&s, i), inside_suffix_plain(&s, i));
                // The bit set of last chars lets through every end of a suffix.
                if organ_suffix_len(&s[..end]).is_some() {
                    proptest::prop_assert_eq!(
                        ideograph_bit(&ORGAN_SUFFIX_END_BITS, u32::from(c)),
                        Some(true)
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn role_words_are_told_as_by_comparing_each(
            start in proptest::sample::select(
                [ROLE_WORDS, &["责", "主", "工程", "各", "a", "5", "é", "𠀀", ""]].concat(),
            ),
            rest in proptest::sample::select(vec!["", "单位", "部门", "a"]),
        ) {
            let p = [start, rest].concat();
            proptest::prop_assert_eq!(
                starts_with_role_word(&p),
                ROLE_WORDS.iter().any(|w| p.starts_with(w))
            );
        }
    }

    #[test]
    fn every_source_stop_starts_with_a_char_looked_for() {
        for stop in SOURCE_STOPS {
            let first = stop.chars().next().expect("a stop");
            let code = u32::from(first);
            let looked_for = matches!(first, '|' | '[' | '【')
                || ideograph_bit(&SOURCE_STOP_IDEOGRAPHS, code) == Some(true);
            assert!(looked_for, "{stop}");
        }
    }

    /// The nom grammar [`source_label`] reads by hand.
    fn source_label_nom(s: &str) -> crate::grammar::Res<'_, &str> {
        let (rest, (l, _, _, _)) = (
            alt((
                tag("信息来源"),
                tag("文章来源"),
                tag("稿件来源"),
                tag("新闻来源"),
                tag("来源"),
            )),
            sp0,
            one_of("：:"),
            sp0,
        )
            .parse_complete(s)?;
        Ok((rest, l))
    }

    /// [`source_line`] as it was before it stepped over the field's chars itself: an automaton
    /// for the stops, and a search for each kind of gap.
    fn source_line_by_searches(line: &str) -> Option<&str> {
        if !line.contains("来源") {
            return None;
        }
        let t = trim_sp(line);
        let (rest, _) = source_label_nom(t).ok()?;
        let cut = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(SOURCE_STOPS)
            .ok()?
            .find(rest)
            .map_or(rest.len(), |m| m.start());
        let mut outlet = rest.get(..cut)?;
        if let Some(i) = outlet.find("  ").or_else(|| outlet.find('\u{3000}')) {
            outlet = outlet.get(..i)?;
        }
        let outlet = trim_sp(outlet);
        let n = crate::grammar::char_len(outlet);
        ((1..=50).contains(&n)).then_some(outlet)
    }

    proptest::proptest! {
        #[test]
        fn source_lines_are_cut_where_the_searches_cut(
            lead in proptest::sample::select(vec![
                "", " ", "\u{3000}", "a", "信息", "文章", "稿件", "新闻", "信", "息来",
            ]),
            label in proptest::sample::select(vec![
                "来源：", "来源:", "来源 ：", "来源\u{3000}: ", "来源 \u{a0}", "来源", "来", "源：", "",
            ]),
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "重庆", "市局", "发布时间", "发布", "时间：", "时间", "日期:", "作者", "浏览次数",
                    "阅读", "点击", "责任编辑", "编辑：", "字号", "打印", "分享", "来源", "|", "丨",
                    "【", "[", " ", "  ", "\u{3000}", "\u{a0}", "é", "𠀀", "a", "：", "-",
                ]),
                0..8,
            ),
        ) {
            let line = [lead, label, &parts.concat()].concat();
            proptest::prop_assert_eq!(source_line(&line), source_line_by_searches(&line), "{:?}", line);
            proptest::prop_assert_eq!(
                source_label(&line),
                source_label_nom(&line).ok().map(|(rest, _)| rest),
                "{:?}",
                line
            );
        }

        #[test]
        fn field_gaps_are_found_as_searched(s in "[ \u{3000}\u{a0}a市é]{0,10}") {
            let expected = s.find("  ").or_else(|| s.find('\u{3000}'));
            proptest::prop_assert_eq!(field_gap(&s), expected, "{:?}", s);
        }
    }

    #[test]
    fn every_organ_suffix_ends_in_one_of_the_ends() {
        for suffix in ORGAN_SUFFIXES {
            assert!(suffix.ends_with(ORGAN_SUFFIX_ENDS), "{suffix}");
        }
        for ending in NOT_ORGAN_ENDINGS {
            assert!(ending.ends_with(NOT_ORGAN_ENDING_ENDS), "{ending}");
        }
        for start in NOT_ORGAN_STARTS {
            assert!(start.starts_with(NOT_ORGAN_START_FIRSTS), "{start}");
        }
    }

    /// [`is_organ_name`] as it was before it ordered its tests by cost.
    fn is_organ_name_plain(line: &str) -> bool {
        let t = trim_sp(line);
        let n = crate::grammar::char_len(t);
        (2..=30).contains(&n)
            && organ_suffix_len(t).is_some()
            && !NOT_ORGAN_ENDINGS.iter().any(|e| t.ends_with(e))
            && !starts_with_clause_word(t)
            && t.chars().all(|c| {
                (crate::grammar::is_cjk(c) || matches!(c, '（' | '）' | '(' | ')'))
                    && !matches!(c, '的' | '了')
            })
            && !holds_word(t, &[['关', '于'], ['印', '发'], ['通', '知']])
    }

    proptest::proptest! {
        #[test]
        fn addressee_part_endings_are_told_as_by_comparing_each(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    [ADDRESSEE_PART_ENDINGS, &["人民", "市", "a", "ab", "𠀀", "（", "）", "、"]].concat(),
                ),
                0..4,
            ),
        ) {
            let s = pieces.concat();
            let plain = ADDRESSEE_PART_ENDINGS.iter().any(|e| s.ends_with(e));
            proptest::prop_assert_eq!(ends_like_addressee_part(&s), plain);
        }

        #[test]
        fn addressee_chars_are_told_as_by_the_plain_tests(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "如", "以", "通", "意", "下", "知", "见", "局", "1", "。", "；", ":", "《", "a", " ",
            ]), 0..8),
        ) {
            let s = pieces.concat();
            let plain = !super::super::non_ideographs(&s).any(|(_, c)| is_addressee_stop(c))
                && !holds_word(&s, &[['如', '下'], ['以', '下'], ['通', '知'], ['意', '见']]);
            proptest::prop_assert_eq!(addressee_chars_ok(&s), plain);
        }
    }

    proptest::proptest! {
        #[test]
        fn organ_names_are_told_as_by_the_plain_tests(
            start in proptest::sample::select(
                [NOT_ORGAN_STARTS, &["会同县", "重庆市", "（", "a", " ", ""]].concat(),
            ),
            middle in proptest::collection::vec(proptest::sample::select(vec![
                "人民政府", "发展和改革", "市", "县", "关于", "通知", "的", "（", "）", "a", " ",
            ]), 0..5),
            end in proptest::sample::select(
                [ORGAN_SUFFIXES, NOT_ORGAN_ENDINGS, &["主", "知", "）", " ", ""]].concat(),
            ),
        ) {
            let s = [start, &middle.concat(), end].concat();
            proptest::prop_assert_eq!(is_organ_name(&s), is_organ_name_plain(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn organ_tests_agree_with_their_plain_forms(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "人民政府", "政府", "府", "办公厅", "厅", "委员会", "会", "局", "部", "办", "主办",
                "发布会", "关", "于", "关于", "印", "发", "通", "知", "的", "了", "（", "）", "(",
                "市", "会同", "各", "海关", "中心", "a", "、", " ", "\u{3000}",
            ]), 0..8),
        ) {
            let s = pieces.concat();
            let plain_suffix = ORGAN_SUFFIXES.iter().find(|x| s.ends_with(**x)).map(|x| x.len());
            proptest::prop_assert_eq!(organ_suffix_len(&s), plain_suffix);
            let plain_chars = s.chars().all(|c| {
                (crate::grammar::is_cjk(c) || matches!(c, '（' | '）' | '(' | ')'))
                    && !matches!(c, '的' | '了')
            }) && !s.contains("关于")
                && !s.contains("印发")
                && !s.contains("通知");
            proptest::prop_assert_eq!(organ_chars(&s), plain_chars);
            let words = [['关', '于'], ['印', '发'], ['通', '知']];
            let plain_words = ["关于", "印发", "通知"].iter().any(|w| s.contains(w));
            proptest::prop_assert_eq!(holds_word(&s, &words), plain_words);
        }
    }

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn addressees_real() {
        assert_eq!(
            addressee_line("各区县（自治县）人民政府，市政府有关部门，有关单位："),
            Some(v(&[
                "各区县（自治县）人民政府",
                "市政府有关部门",
                "有关单位"
            ]))
        );
        assert_eq!(
            addressee_line("各区县(自治县)人民政府,市政府各部门,有关单位:"),
            Some(v(&["各区县(自治县)人民政府", "市政府各部门", "有关单位"]))
        );
        assert_eq!(
            addressee_line("各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门："),
            Some(v(&[
                "各市（含定州、辛集市）人民政府",
                "雄安新区管委会",
                "省政府有关部门"
            ]))
        );
        assert_eq!(
            addressee_line("各省、自治区、直辖市人民政府，国务院各部委、各直属机构："),
            Some(v(&[
                "各省、自治区、直辖市人民政府",
                "国务院各部委",
                "各直属机构"
            ]))
        );
        assert_eq!(
            addressee_line("各区人民政府，市政府各委、办、局："),
            Some(v(&["各区人民政府", "市政府各委、办、局"]))
        );
        assert_eq!(
            addressee_line("各县（区）人民政府、管委会，市政府各部门，市直各单位："),
            Some(v(&[
                "各县（区）人民政府",
                "管委会",
                "市政府各部门",
                "市直各单位"
            ]))
        );
        assert_eq!(
            addressee_line("有关区人民政府，市政府有关部门，有关单位：").map(|x| x.len()),
            Some(3)
        );
        assert_eq!(
            addressee_line("各区县（自治县）人民政府："),
            Some(v(&["各区县（自治县）人民政府"]))
        );
        assert_eq!(addressee_line("各有关单位："), Some(v(&["各有关单位"])));
    }

    #[test]
    fn not_addressees() {
        for s in [
            "主要内容：",
            "现将有关事项通知如下：",
            "责任单位：",
            "牵头单位：",
            "一、市政府有关部门：",
            "附件：",
            "各区县（自治县）人民政府，市政府有关部门，有关单位",
            "集约化平台应向平台上的政府网站提供以下功能支撑：",
            "重点做好以下工作：",
            "冀政办字〔2023〕122号各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：",
            "：",
            "",
        ] {
            assert_eq!(addressee_line(s), None, "{s}");
        }
    }

    #[test]
    fn addressee_prefix_run_on() {
        let s = "各市（含定州、辛集市）人民政府，各县（市、区）人民政府，雄安新区管委会，省政府各部门：《河北省2024年民生工程实施方案》已经省政府同意";
        let (items, n) = addressee_prefix(s).unwrap();
        assert_eq!(items.len(), 4);
        assert!(s[n..].starts_with("《河北省"));
        assert_eq!(
            addressee_prefix("为推动重庆市智慧医疗装备产业高质量发展，特制定本行动计划："),
            None
        );
    }

    #[test]
    fn publicity_variants() {
        assert_eq!(publicity("（此件公开发布）"), Some("此件公开发布"));
        assert_eq!(publicity("(此件公开发布)"), Some("此件公开发布"));
        assert_eq!(publicity("（此件主动公开）"), Some("此件主动公开"));
        assert_eq!(publicity("（此件不予公开）"), Some("此件不予公开"));
        assert_eq!(publicity("此件公开发布"), Some("此件公开发布"));
        assert_eq!(publicity("（此件公开发布）。"), Some("此件公开发布"));
        assert_eq!(publicity("（ 此件公开发布 ）"), Some("此件公开发布"));
        assert_eq!(publicity("（此件）"), None);
        assert_eq!(publicity("（合同研发组织）"), None);
        assert_eq!(
            publicity("此件已经市政府同意，现印发给你们，请认真贯彻执行公开"),
            None
        );
    }

    #[test]
    fn sources() {
        assert_eq!(
            source_line("来源：重庆市人民政府办公厅"),
            Some("重庆市人民政府办公厅")
        );
        assert_eq!(source_line("来源:新重庆-重庆日报"), Some("新重庆-重庆日报"));
        assert_eq!(source_line("信息来源：市商务委"), Some("市商务委"));
        assert_eq!(source_line("文章来源：新华社"), Some("新华社"));
        assert_eq!(
            source_line("来源：重庆市经信委 发布时间：2025-11-18"),
            Some("重庆市经信委")
        );
        assert_eq!(
            source_line("来源：重庆市经信委发布时间：2025-11-18"),
            Some("重庆市经信委")
        );
        assert_eq!(
            source_line("来源：市卫生健康委作者：张三浏览次数：12"),
            Some("市卫生健康委")
        );
        assert_eq!(
            source_line("来源：市卫生健康委 | 2025-11-18"),
            Some("市卫生健康委")
        );
        assert_eq!(source_line("来源："), None);
        assert_eq!(source_line("《行动方案》内容上来源于国家文件要求"), None);
        assert_eq!(source_line("资金来源：财政"), None);
    }

    #[test]
    fn published() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        assert_eq!(
            published_line("发布日期：2022-01-07"),
            Some((d(2022, 1, 7), 0, "发布日期：2022-01-07".len()))
        );
        assert_eq!(
            published_line("发布时间：2025年11月18日").map(|x| x.0),
            Some(d(2025, 11, 18))
        );
        let s = "发布日期:2022-01-07 10:00";
        assert_eq!(published_line(s), Some((d(2022, 1, 7), 0, s.len())));
        let s = "的通知发布日期:2022-01-07重庆市人民政府办公厅";
        let (date, a, b) = published_line(s).unwrap();
        assert_eq!(date, d(2022, 1, 7));
        assert_eq!(&s[a..b], "发布日期:2022-01-07");
        assert_eq!(
            published_line("发布日期: 2021-11-10").map(|x| x.0),
            Some(d(2021, 11, 10))
        );
        assert_eq!(published_line("成文日期：2018年10月27日"), None);
        assert_eq!(published_line("发布日期：近日"), None);
        assert_eq!(published_line(""), None);
    }

    #[test]
    fn attachment_lists() {
        assert_eq!(
            attachment_list(
                "附件：1.主要核心绩效指标表 2.重点发展领域 3.工作举措和产业政策任务分工"
            ),
            Some(vec![
                (1, "主要核心绩效指标表".into()),
                (2, "重点发展领域".into()),
                (3, "工作举措和产业政策任务分工".into())
            ])
        );
        assert_eq!(
            attachment_list("附件：1.主要核心绩效指标表2.重点发展领域3.工作举措和产业政策任务分工"),
            Some(vec![
                (1, "主要核心绩效指标表".into()),
                (2, "重点发展领域".into()),
                (3, "工作举措和产业政策任务分工".into())
            ])
        );
        assert_eq!(
            attachment_list("附件:1.主要核心绩效指标表"),
            Some(vec![(1, "主要核心绩效指标表".into())])
        );
        assert_eq!(
            attachment_list("附件：主要核心绩效指标表"),
            Some(vec![(1, "主要核心绩效指标表".into())])
        );
        assert_eq!(
            attachment_list("附件2：重点发展领域"),
            Some(vec![(2, "重点发展领域".into())])
        );
        // A decimal in a title is not the next item.
        assert_eq!(
            attachment_list("附件：1.2025年重点任务3.5版清单 2.名单"),
            Some(vec![
                (1, "2025年重点任务3.5版清单".into()),
                (2, "名单".into())
            ])
        );
        assert_eq!(attachment_list("附件："), Some(vec![]));
        assert_eq!(attachment_list("附件1"), None);
        assert_eq!(attachment_list("附件是指"), None);
        assert_eq!(attachment_list("附件：1. 2.名单"), None);
    }

    #[test]
    fn attachment_items_and_headings() {
        assert_eq!(
            attachment_item("      2.重点发展领域"),
            Some((2, "重点发展领域".into()))
        );
        assert_eq!(
            attachment_item("3.工作举措和产业政策任务分工"),
            Some((3, "工作举措和产业政策任务分工".into()))
        );
        assert_eq!(
            attachment_item("1.加强关键技术攻关。支持智慧医疗装备企业牵头"),
            None
        );
        assert_eq!(attachment_item("一、总体要求"), None);
        assert_eq!(attachment_heading("附件1"), Some(1));
        assert_eq!(attachment_heading("附件 2"), Some(2));
        assert_eq!(attachment_heading("附件3："), Some(3));
        assert_eq!(attachment_heading("附件"), Some(1));
        assert_eq!(attachment_heading("附件二"), Some(2));
        assert_eq!(attachment_heading("附件：1.主要核心绩效指标表"), None);
        assert_eq!(attachment_heading("附件1：主要核心绩效指标表"), None);
        assert_eq!(attachment_heading("附件0"), None);
        assert_eq!(attachment_heading("附则"), None);
    }

    #[test]
    fn organ_names() {
        for s in [
            "重庆市人民政府办公厅",
            "重庆市经济和信息化委员会",
            "国务院办公厅",
            "重庆市人民政府",
            "河北省人民政府办公厅",
            "新余市人民政府办公室",
            "海关总署",
            "中国人民银行",
            "重庆市商务委员会",
            "市经济信息委",
        ] {
            assert!(is_organ_name(s), "{s}");
        }
        for s in [
            "关于印发重庆市加快生物医药产业发展若干措施的通知",
            "重庆市加快生物医药产业发展若干措施",
            "主办:重庆市商务委员会",
            "重庆市人民政府办公厅主办",
            "重庆市政府新闻发布会",
            "会同重庆市人民政府",
            "市政府有关部门",
            "各区县政府",
            "市政府有关部门",
            "局",
            "",
        ] {
            assert!(!is_organ_name(s), "{s}");
        }
        assert_eq!(organ_suffix_len("重庆市人民政府"), Some("人民政府".len()));
        assert_eq!(organ_suffix_len("国务院办公厅"), Some("办公厅".len()));
        assert_eq!(organ_suffix_len("实施方案"), None);
    }

    #[test]
    fn joint_issuers() {
        assert_eq!(
            split_joint_issuers("财政部科技部工业和信息化部"),
            v(&["财政部", "科技部", "工业和信息化部"])
        );
        assert_eq!(
            split_joint_issuers("重庆市经济和信息化委员会"),
            v(&["重庆市经济和信息化委员会"])
        );
        assert_eq!(split_joint_issuers("国务院办公厅"), v(&["国务院办公厅"]));
        assert_eq!(
            split_joint_issuers("重庆市人民政府办公厅"),
            v(&["重庆市人民政府办公厅"])
        );
        assert_eq!(
            split_joint_issuers("国家发展和改革委员会"),
            v(&["国家发展和改革委员会"])
        );
        assert_eq!(split_joint_issuers("国务院国资委"), v(&["国务院国资委"]));
        assert_eq!(
            split_joint_issuers("中国人民银行国家外汇管理局"),
            v(&["中国人民银行", "国家外汇管理局"])
        );
        assert_eq!(
            split_joint_issuers("国家发展改革委财政部"),
            v(&["国家发展改革委", "财政部"])
        );
        assert_eq!(
            split_joint_issuers("重庆市经济和信息化委员会重庆市财政局"),
            v(&["重庆市经济和信息化委员会", "重庆市财政局"])
        );
        assert_eq!(
            split_joint_issuers("中共重庆市委重庆市人民政府"),
            v(&["中共重庆市委", "重庆市人民政府"])
        );
        assert_eq!(
            split_joint_issuers("财政部、科技部"),
            v(&["财政部", "科技部"])
        );
        assert_eq!(
            split_joint_issuers("财政部 科技部　工业和信息化部"),
            v(&["财政部", "科技部", "工业和信息化部"])
        );
        assert_eq!(split_joint_issuers("海关总署"), v(&["海关总署"]));
        assert!(split_joint_issuers("").is_empty());
    }

    #[test]
    fn doc_types() {
        assert_eq!(
            doc_type(
                "重庆市人民政府办公厅关于印发《重庆市全链条支持创新药高质量发展若干措施》的通知"
            ),
            Some("通知")
        );
        assert_eq!(
            doc_type(
                "重庆市人民政府关于党中央、国务院批准同意调整江北区渝北区北碚区行政区划的公告"
            ),
            Some("公告")
        );
        assert_eq!(
            doc_type("关于加快发展本市保障性租赁住房的实施意见"),
            Some("意见")
        );
        assert_eq!(
            doc_type("国务院办公厅关于同意建立部际联席会议制度的函"),
            Some("函")
        );
        assert_eq!(doc_type("国务院关于…的批复"), Some("批复"));
        assert_eq!(doc_type("中华人民共和国主席令"), Some("命令"));
        assert_eq!(doc_type("关于…的意见（试行）"), Some("意见"));
        assert_eq!(doc_type("政府网站集约化试点工作方案"), None);
        assert_eq!(doc_type("新余市绿色建筑管理办法"), None);
        assert_eq!(
            doc_type("重庆市智慧医疗装备产业创新发展行动计划（2025—2027年）"),
            None
        );
        assert_eq!(doc_type(""), None);
    }
}
