//! Responsibility parentheticals: takes the text of an item (or two table cells) and returns
//! who leads and who is responsible (`（牵头单位：市科技局；责任单位：市药监局、市卫生健康委）`,
//! `〔责任单位：…〕`, State Council style `（体育总局、发展改革委负责）`), with any trailing note.

use std::cell::Cell;

use super::{
    ends_like_unit, ends_with_space, is_close, is_open, is_space, non_ideographs,
    starts_with_space, trim_sp, trim_start_sp,
};

/// Units named by a responsibility parenthetical or a task table row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Responsibility {
    /// 牵头单位 / 牵头部门: the leading units.
    pub lead: Vec<String>,
    /// 责任单位 / 责任部门 / 配合单位 / 参与单位: the other responsible units.
    pub responsible: Vec<String>,
    /// Text after the list (`以下任务均需各区县政府落实，不再列出`).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Responsible,
}

/// A role label with its colon (`牵头单位：`, `责任部门 :`) at the start of `s`: the text after
/// it and the spaces that follow, and the role.
fn label(s: &str) -> Option<(&str, Role)> {
    // Every label is two words of two chars (12 bytes): who (牵头, 责任, 配合, 参与, 协办) and
    // what (单位, 部门, but 协办单位 only), each word's 6 bytes read as one number and compared
    // at once, where a comparison of byte slices took a dozen instructions a word.
    const LEAD: u64 = word("牵头");
    const DUTY: u64 = word("责任");
    const HELP: u64 = word("配合");
    const JOIN: u64 = word("参与");
    const ASSIST: u64 = word("协办");
    const UNIT: u64 = word("单位");
    const DEPARTMENT: u64 = word("部门");
    let bytes = s.as_bytes();
    let [w0, w1, w2, w3, w4, w5, t0, t1, t2, t3, t4, t5, ..] = *bytes else {
        return None;
    };
    let who = u64::from_le_bytes([w0, w1, w2, w3, w4, w5, 0, 0]);
    let what = u64::from_le_bytes([t0, t1, t2, t3, t4, t5, 0, 0]);
    let role = match (who, what) {
        (LEAD, UNIT | DEPARTMENT) => Role::Lead,
        (DUTY | HELP | JOIN, UNIT | DEPARTMENT) | (ASSIST, UNIT) => Role::Responsible,
        _ => return None,
    };
    // (The 12 bytes matched are whole chars.) Most labels are followed by their colon right
    // away (`：` EF BC 9A), told by its bytes; spaces before it are read as chars.
    let rest = match bytes.get(12..) {
        Some([0xEF, 0xBC, 0x9A, ..]) => s.get(15..)?,
        Some([b':', ..]) => s.get(13..)?,
        _ => {
            let rest = trim_start_sp(s.get(12..)?);
            rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?
        }
    };
    Some((trim_start_sp(rest), role))
}

/// The 6 bytes of a word of two 3-byte chars as one number, as [`label`] reads them.
const fn word(w: &str) -> u64 {
    let b = w.as_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], 0, 0])
}

/// [`label`] as parser combinators read it, which it must agree with.
#[cfg(test)]
fn label_by_parsers(s: &str) -> Option<(&str, Role)> {
    use nom::branch::alt;
    use nom::bytes::complete::tag;
    use nom::Parser;
    let lead = alt((tag("牵头单位"), tag("牵头部门"))).map(|_| Role::Lead);
    let responsible = alt((
        tag("责任单位"),
        tag("责任部门"),
        tag("配合单位"),
        tag("配合部门"),
        tag("参与单位"),
        tag("参与部门"),
        tag("协办单位"),
    ))
    .map(|_| Role::Responsible);
    let colon = (super::sp0, alt((tag("："), tag(":"))), super::sp0);
    let (rest, (role, _)) = (alt((lead, responsible)), colon).parse_complete(s).ok()?;
    Some((rest, role))
}

/// Whether `bytes` start with the first character of a label (牵 责 配 参 协), told without
/// decoding it: [`label`] is tried at every separator of a list of units, and most are out here.
#[inline]
fn may_start_label(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xE7, 0x89, 0xB5, ..]
            | [0xE8, 0xB4, 0xA3, ..]
            | [0xE9, 0x85, 0x8D, ..]
            | [0xE5, 0x8F, 0x82, ..]
            | [0xE5, 0x8D, 0x8F, ..]
    )
}

/// Separators between units of one list.
fn is_unit_sep(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';')
}

/// Characters after which a new label may start (`；`, or the typo `：`, …).
fn is_label_sep(c: char) -> bool {
    matches!(c, '；' | ';' | '：' | ':' | '，' | ',' | '。' | '、')
}

/// The chars of `s` that can be a bracket or a separator, with their byte offsets: ASCII, and
/// the 3-byte chars led by E2 (quotes), E3 (`、。〔《【`) or EF (fullwidth forms); the
/// ideographs between them are stepped over without being decoded.
fn marks(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    non_ideographs(s)
        .filter(|&(_, c)| c.is_ascii() || matches!(u32::from(c), 0x2000..=0x3FFF | 0xF000..=0xFFFF))
}

/// [`marks`] from the end of `s` backwards.
fn marks_rev(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    std::iter::from_fn(move || loop {
        // An ideograph (led by E4..=E9, three bytes long) ends here most of the time: it is no
        // mark, and the run of them is stepped over first, two at a time, off the end of a
        // slice whose length is all that is checked.
        let mut rest = bytes.get(..end)?;
        while let [head @ .., 0xE4..=0xE9, _, _, 0xE4..=0xE9, _, _] = rest {
            rest = head;
        }
        // What ends the rest is told from the slice's own end, one pattern each, where the
        // offsets of the last byte and of the lead two bytes back were checked against it
        // again. (A 3-byte lead two bytes back starts the char that ends here.)
        match *rest {
            [.., b] if b < 0x80 => {
                end = rest.len() - 1;
                return Some((end, char::from(b)));
            }
            [.., a @ (0xE2 | 0xE3 | 0xEF), b, c] => {
                end = rest.len() - 3;
                if let Some(c) = char::from_u32(super::three_byte_code(a, b, c)) {
                    return Some((end, c));
                }
            }
            [.., 0xE0..=0xEF, _, _] => end = rest.len() - 3,
            // A 2- or 4-byte char, a byte at a time: none of them is a mark.
            [.., _] => end = rest.len() - 1,
            [] => return None,
        }
    })
}

/// Pushes the units of a list (`A、B，C`) to `out`, trimmed, empties dropped; a closing `等`
/// (`市商务委等`) is dropped when what remains still names a unit. The list is split at its
/// separators outside every bracket or quote pair.
fn push_units(list: &str, out: &mut Vec<String>) {
    let mut push = |u: &str| push_unit(u, out);
    let mut depth = 0usize;
    let mut from = 0;
    for (i, c) in marks(list) {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && is_unit_sep(c) {
            push(list.get(from..i).unwrap_or(""));
            from = i + c.len_utf8();
        }
    }
    push(list.get(from..).unwrap_or(""));
}

/// Pushes one unit of a list to `out`, trimmed, unless empty; a closing `等` is dropped when
/// what remains still names a unit.
// Inlined: called for every unit of every list, and a call's saving and restoring of
// registers cost a fifth of what the unit's own tests did.
#[inline(always)]
fn push_unit(u: &str, out: &mut Vec<String>) {
    // Told by the whole chars at its ends, not trim_sp's first test of one byte each: that
    // passes every unit ending in 局 (E5 B1 80, the last byte of U+3000's) on to its second.
    // First, the bytes no space starts with (most units start with an ideograph, E4..=E9) and
    // the last two bytes no space ends with (U+3000 ends in 80 80, NBSP in C2 A0) tell most
    // units without the tests of whole chars.
    let bytes = u.as_bytes();
    let may_have_space = match bytes {
        [a, .., y, z] => {
            *a <= b' '
                || *a == 0xC2
                || *a == 0xE3
                || *z <= b' '
                || (*y == 0x80 && *z == 0x80)
                || (*y == 0xC2 && *z == 0xA0)
        }
        _ => true,
    };
    let u = if may_have_space && (starts_with_space(bytes) || ends_with_space(bytes)) {
        u.trim_matches(is_space)
    } else {
        u
    };
    // `等` (E7 AD 89) told by its bytes, where a char pattern compared them by a call.
    let u = match u.as_bytes() {
        [.., 0xE7, 0xAD, 0x89] => match u.get(..u.len() - 3) {
            Some(v) if ends_like_unit(v) => v,
            _ => u,
        },
        _ => u,
    };
    if !u.is_empty() {
        out.push(u.to_string());
    }
}

/// Byte offset of the first `。` of `s` outside every bracket or quote pair.
fn find_full_stop_depth0(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in marks(s) {
        if depth == 0 && c == '。' {
            return Some(i);
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        }
    }
    None
}

/// A note starting at the first depth-0 `。` of `seg`: returns (list part, note).
fn split_note(seg: &str) -> (&str, Option<String>) {
    match find_full_stop_depth0(seg) {
        Some(i) => {
            let note = trim_sp(seg.get(i + '。'.len_utf8()..).unwrap_or(""));
            let note = trim_sp(note.trim_end_matches('。'));
            let note = (!note.is_empty()).then(|| note.to_string());
            (seg.get(..i).unwrap_or(""), note)
        }
        None => (seg, None),
    }
}

/// The label that starts after spaces at byte `from` of `s`: the text after it, and its role.
fn label_at(s: &str, from: usize) -> Option<(&str, Role)> {
    // Most separators are followed by a unit's first char, neither a space nor a label's: told
    // by the bytes after them, before they are taken as text.
    let bytes = s.as_bytes().get(from..)?;
    if may_start_label(bytes) {
        label(s.get(from..)?)
    } else if starts_with_space(bytes) {
        label(s.get(from..)?.trim_start_matches(is_space))
    } else {
        None
    }
}

/// `牵头单位：A；责任单位：B、C。注` and its variants, read off `marks`: the [`marks`] of
/// `inner` with their offsets in it, in order.
///
/// Each segment (a label and its list) is read in one pass: it ends at the first separator
/// outside brackets that a label follows; its list is split at the unit separators outside
/// brackets; in the last segment the first `。` outside brackets starts a note.
#[cfg(test)]
fn labeled(inner: &str, marks: impl Iterator<Item = (usize, char)>) -> Option<Responsibility> {
    let mut r = Responsibility::default();
    labeled_into(inner, marks, &mut r).then_some(r)
}

/// [`labeled`] read into `r` (empty), which it leaves empty when it reads nothing: the units
/// are pushed where the caller keeps them, not built here and moved out through each return.
fn labeled_into(
    inner: &str,
    marks: impl Iterator<Item = (usize, char)>,
    r: &mut Responsibility,
) -> bool {
    let Some((rest, mut role)) = label(inner) else {
        return false;
    };
    // Where the segment's list starts: the marks of its label are not its own.
    let mut from = inner.len() - rest.len();
    // Room for a unit every 16 bytes or so (a short organ name and its separator), so that a
    // long list grows its buffer once or twice.
    make_room(r.list(role), rest.len() / 16 + 1);
    let mut depth = 0usize;
    let mut unit_from = from;
    // The first full stop: where it is, how many units stood before it, and where the unit it
    // ends started.
    let mut stop: Option<(usize, usize, usize)> = None;
    for (i, c) in marks {
        if i < from {
            continue;
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && is_label_sep(c) {
            if let Some((after, next)) = label_at(inner, i + c.len_utf8()) {
                push_unit(inner.get(unit_from..i).unwrap_or(""), r.list(role));
                role = next;
                from = inner.len() - after.len();
                make_room(r.list(role), after.len() / 16 + 1);
                unit_from = from;
                stop = None;
                continue;
            }
            if c == '。' && stop.is_none() {
                stop = Some((i, r.list(role).len(), unit_from));
            }
            if is_unit_sep(c) {
                push_unit(inner.get(unit_from..i).unwrap_or(""), r.list(role));
                unit_from = i + c.len_utf8();
            }
        }
    }
    // The last segment: what follows its first full stop is a note, not units.
    match stop {
        Some((at, units, from)) => {
            let out = r.list(role);
            out.truncate(units);
            push_unit(inner.get(from..at).unwrap_or(""), out);
            let note = trim_sp(inner.get(at + '。'.len_utf8()..).unwrap_or(""));
            let note = trim_sp(note.trim_end_matches('。'));
            r.note = (!note.is_empty()).then(|| note.to_string());
        }
        None => push_unit(inner.get(unit_from..).unwrap_or(""), r.list(role)),
    }
    if r.lead.is_empty() && r.responsible.is_empty() {
        // (A note, or room made for units, is not kept from a reading that failed.)
        *r = Responsibility::default();
        return false;
    }
    true
}

/// Makes room for `more` units in `list`: an empty list is given a buffer of that size at once,
/// where `reserve` took its slow path (the one that grows a buffer) for each.
#[inline]
fn make_room(list: &mut Vec<String>, more: usize) {
    if list.capacity() == 0 {
        *list = Vec::with_capacity(more);
    } else {
        list.reserve(more);
    }
}

impl Responsibility {
    /// The list that units of `role` go to.
    fn list(&mut self, role: Role) -> &mut Vec<String> {
        match role {
            Role::Lead => &mut self.lead,
            Role::Responsible => &mut self.responsible,
        }
    }
}

/// Endings of an unlabeled State Council style parenthetical, longest first.
const DUTY_ENDINGS: &[&str] = &[
    "按职责分工负责落实",
    "按职责分工负责",
    "按职责负责",
    "分别负责落实",
    "分别负责",
    "共同负责",
    "负责落实",
    "负责实施",
    "负责推进",
    "负责",
];

/// Whether `u` reads as a unit name in an unlabeled list (no label vouches for it).
fn plausible_unit(u: &str) -> bool {
    let n = super::char_len(u);
    (2..=25).contains(&n)
        && ends_like_unit(u)
        && !u.contains(['。', '：', ':'])
        && !u.starts_with(['由', '请', '要', '应', '可', '并'])
}

/// `体育总局、发展改革委负责`, `A牵头，B、C按职责分工负责`.
fn unlabeled(inner: &str) -> Option<Responsibility> {
    let body = DUTY_ENDINGS.iter().find_map(|e| inner.strip_suffix(e))?;
    let body = trim_sp(body);
    let body = body.strip_suffix('等').unwrap_or(body);
    let mut r = Responsibility::default();
    for clause in super::split_depth0(body, |c| matches!(c, '，' | ',' | '；' | ';')) {
        let clause = trim_sp(clause);
        if let Some(l) = clause.strip_suffix("牵头") {
            push_units(l, &mut r.lead);
        } else if let Some(p) = clause
            .strip_suffix("参与")
            .or_else(|| clause.strip_suffix("配合"))
        {
            push_units(p, &mut r.responsible);
        } else {
            push_units(clause, &mut r.responsible);
        }
    }
    let all_units = r
        .lead
        .iter()
        .chain(&r.responsible)
        .all(|u| plausible_unit(u));
    (all_units && !(r.lead.is_empty() && r.responsible.is_empty())).then_some(r)
}

thread_local! {
    /// The marks met on the way back from a parenthetical's end to its opening bracket, kept
    /// between calls.
    static SEEN: Cell<Vec<(usize, char)>> = const { Cell::new(Vec::new()) };
}

/// A responsibility parenthetical at the end of `text` (trailing spaces, `。` or `；` allowed after
/// it); returns the byte offset of its opening bracket and the parsed units.
///
/// Brackets `（）`, `()`, `〔〕` (and mixed, as OCR leaves them) with nested parentheses inside.
/// Labelled lists (牵头单位/牵头部门 → lead; 责任/配合/参与单位 or 部门 → responsible) are split on
/// `、，,；;` at depth 0; a new label may follow `；`, `;` or the typo `：`; a depth-0 `。` starts a
/// note. Unlabeled lists count only when they end in `负责`/`负责落实`/`按职责分工负责` and every
/// unit looks like an organ, so `（合同研发组织）` or `（此件公开发布）` never match.
pub fn trailing_responsibility(text: &str) -> Option<(usize, Responsibility)> {
    let (t, close_at) = closing_bracket(text)?;
    // Taken out of the cell rather than borrowed, so that no call can find it borrowed and
    // panic; after the thread's locals are gone, a fresh buffer does.
    let mut seen = SEEN.try_with(Cell::take).unwrap_or_default();
    let found = parenthetical_before(t, close_at, &mut seen);
    let _ = SEEN.try_with(|cell| cell.set(seen));
    found
}

/// Scratch space for [`trailing_responsibility_in`], kept by a caller that asks of many texts.
#[derive(Debug, Default)]
pub(crate) struct Scratch(Vec<(usize, char)>);

/// [`trailing_responsibility`] with the scratch space of a caller that asks of every paragraph
/// of a part: the test of the closing bracket is inlined there, as half the paragraphs are told
/// by it, and the thread-local buffer is not taken and put back for each parenthetical.
/// The units are read into `out` (empty, and left so when none are read), and the opening
/// bracket's offset returned: the caller's slot is filled where it stands, where a
/// responsibility returned was copied on every return on its way there.
#[inline]
pub(crate) fn trailing_responsibility_in(
    text: &str,
    scratch: &mut Scratch,
    out: &mut Responsibility,
) -> Option<usize> {
    let (t, close_at) = closing_bracket(text)?;
    parenthetical_into(t, close_at, &mut scratch.0, out)
}

/// `text` as far as a parenthetical at its end may reach ([`trim_closing_end`]), and where
/// the closing bracket that ends it stands, if one does.
#[inline]
fn closing_bracket(text: &str) -> Option<(&str, usize)> {
    let t = trim_closing_end(text);
    // The closing bracket, told by its bytes: `)` `]`, `）` EF BC 89, `〕` E3 80 95, `】` E3 80 91.
    let close_len = match t.as_bytes() {
        [.., b')' | b']'] => 1,
        [.., 0xEF, 0xBC, 0x89] | [.., 0xE3, 0x80, 0x95 | 0x91] => 3,
        _ => return None,
    };
    Some((t, t.len() - close_len))
}

/// The responsibility parenthetical of `t` whose closing bracket is at `close_at`, if any;
/// `seen` is scratch space.
fn parenthetical_before(
    t: &str,
    close_at: usize,
    seen: &mut Vec<(usize, char)>,
) -> Option<(usize, Responsibility)> {
    let mut r = Responsibility::default();
    let at = parenthetical_into(t, close_at, seen, &mut r)?;
    Some((at, r))
}

/// [`parenthetical_before`] read into `out` (empty, and left so when nothing is read): the
/// offset of the opening bracket.
#[inline(never)]
fn parenthetical_into(
    t: &str,
    close_at: usize,
    seen: &mut Vec<(usize, char)>,
    out: &mut Responsibility,
) -> Option<usize> {
    // The marks inside are kept on the way to the opening bracket, so that the list is read
    // off them without a second scan of its text.
    seen.clear();
    let mut depth = 0usize;
    let mut open_at = None;
    for (i, c) in marks_rev(t.get(..close_at)?) {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            if depth == 0 {
                open_at = Some((i, c));
                break;
            }
            depth -= 1;
        }
        seen.push((i, c));
    }
    let (open_at, open) = open_at?;
    if !matches!(open, '（' | '(' | '〔' | '[' | '【') {
        return None;
    }
    let within = t.get(open_at + open.len_utf8()..close_at)?;
    let inner = trim_sp(within);
    // Where `inner` starts in `t`, past the spaces trimmed off its start.
    let start = close_at - trim_start_sp(within).len();
    // The marks of `inner` alone, cut from `seen` (latest first) where a filter tested each:
    // those past its end (spaces after it) lead, those before its start (spaces) close it.
    // (Stepped over from each end, not sought by halving: there are seldom any.)
    let end = start + inner.len();
    let mut cut = seen.as_slice();
    while let [(i, _), rest @ ..] = cut {
        if *i < end {
            break;
        }
        cut = rest;
    }
    while let [rest @ .., (i, _)] = cut {
        if *i >= start {
            break;
        }
        cut = rest;
    }
    let marks = cut.iter().rev().map(|&(i, c)| (i - start, c));
    if labeled_into(inner, marks, out) {
        return Some(open_at);
    }
    *out = unlabeled(inner)?;
    Some(open_at)
}

/// `text` without the spaces, `。`, `；` and `;` that may follow a parenthetical at its end, told
/// by their bytes: every paragraph is asked, and most end in a `。` that follows no bracket.
fn trim_closing_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    loop {
        // (`\u{a0}` is C2 A0, `\u{3000}` E3 80 80, `。` E3 80 82, `；` EF BC 9B.)
        end -= match bytes.get(..end) {
            Some([.., b' ' | b'\t' | b'\r' | b'\n' | b';']) => 1,
            Some([.., 0xC2, 0xA0]) => 2,
            Some([.., 0xE3, 0x80, 0x80 | 0x82] | [.., 0xEF, 0xBC, 0x9B]) => 3,
            _ => break,
        };
    }
    text.get(..end).unwrap_or("")
}

/// Strips an optional role label (`牵头单位：`) from a table cell.
fn strip_label(cell: &str) -> &str {
    let cell = trim_sp(cell);
    match label(cell) {
        Some((rest, _)) => rest,
        None => cell,
    }
}

/// Units from the two cells of a task table row (牵头单位 | 责任单位), split like a parenthetical;
/// a depth-0 `。` in the responsible cell starts the note.
pub fn responsibility_row(lead: &str, responsible: &str) -> Responsibility {
    let mut r = Responsibility::default();
    push_units(strip_label(lead), &mut r.lead);
    let (list, note) = split_note(strip_label(responsible));
    push_units(list, &mut r.responsible);
    r.note = note;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    /// What [`marks`] yields, char by char.
    fn marks_by_chars(s: &str) -> Vec<(usize, char)> {
        s.char_indices()
            .filter(|&(_, c)| {
                c.is_ascii() || matches!(c.to_string().as_bytes()[0], 0xE2 | 0xE3 | 0xEF)
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn marks_are_the_chars_that_may_be_marks(s in "[一丠龥市（）()〔〕“”、，：；。a1 é\u{a0}\u{3000}𠀀]{0,12}") {
            let expected = marks_by_chars(&s);
            proptest::prop_assert_eq!(marks(&s).collect::<Vec<_>>(), expected.clone());
            let mut backwards = marks_rev(&s).collect::<Vec<_>>();
            backwards.reverse();
            proptest::prop_assert_eq!(backwards, expected);
        }

        #[test]
        fn label_is_what_the_parsers_read(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "牵头", "责任", "配合", "参与", "协办", "单位", "部门", "牵", "头单", "：", ":",
                    " ", "\u{3000}", "\u{a0}", "市", "é", "a",
                ]),
                0..6,
            )
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(label(&s), label_by_parsers(&s), "{:?}", s);
        }

        #[test]
        fn labels_are_what_the_parsers_read(
            who in proptest::sample::select(vec!["牵头", "责任", "配合", "参与", "协办", "牵办", "任"]),
            what in proptest::sample::select(vec!["单位", "部门", "单", "部位"]),
            space in proptest::sample::select(vec!["", " ", "\u{3000}", "\u{a0}\t", "，"]),
            colon in proptest::sample::select(vec!["：", ":", "", "；"]),
            rest in proptest::sample::select(vec!["", " 市局", "市局"]),
        ) {
            let s = [who, what, space, colon, space, rest].concat();
            proptest::prop_assert_eq!(label(&s), label_by_parsers(&s), "{:?}", s);
        }

        #[test]
        fn label_at_is_label_after_spaces(s in "[牵责配参协头任合与办单位部门：:市、 \u{3000}\u{a0}]{0,8}") {
            proptest::prop_assert_eq!(label_at(&s, 0), label(s.trim_start_matches(is_space)));
        }

        #[test]
        fn label_at_is_label_after_spaces_in_words(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\u{3000}", "\u{a0}", "\t", "责任单位", "牵头部门", "协办单位", "配合", "：",
                    ":", "市", "、", "牵", "é",
                ]),
                0..6,
            )
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(label_at(&s, 0), label(s.trim_start_matches(is_space)), "{:?}", s);
        }
    }

    proptest::proptest! {
        #[test]
        fn units_are_trimmed_as_by_chars(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\u{a0}", "\u{3000}", "局", "等", "市", "委", "单位", "a", "é",
                    "\u{3001}", "〔", "𠀀", "\u{5b80}",
                ]),
                0..7,
            )
        ) {
            let u = parts.concat();
            let mut pushed = Vec::new();
            push_unit(&u, &mut pushed);
            let trimmed = u.trim_matches(is_space);
            let expected = match trimmed.strip_suffix('等') {
                Some(v) if ends_like_unit(v) => v,
                _ => trimmed,
            };
            let expected: Vec<String> =
                (!expected.is_empty()).then(|| expected.to_string()).into_iter().collect();
            proptest::prop_assert_eq!(pushed, expected, "{:?}", u);
        }
    }

    proptest::proptest! {
        #[test]
        fn closing_end_is_trimmed_as_by_chars(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\r", "\n", "\u{a0}", "\u{3000}", "。", "；", ";", "）", "a", "é",
                    "丠", "\u{3001}", "\u{3080}", "\u{ff1b}", "\u{ff1a}", "𠀀",
                ]),
                0..8,
            )
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                trim_closing_end(&s),
                s.trim_end_matches(|c: char| is_space(c) || matches!(c, '。' | '；' | ';'))
            );
        }
    }

    /// [`trailing_responsibility`] with the list read by a second scan of its text, forwards, as
    /// before the marks met on the way back to its opening bracket were kept.
    fn trailing_by_rescan(text: &str) -> Option<(usize, Responsibility)> {
        let t = text.trim_end_matches(|c: char| is_space(c) || matches!(c, '。' | '；' | ';'));
        let (close_at, close) = t.char_indices().next_back()?;
        if !matches!(close, '）' | ')' | '〕' | ']' | '】') {
            return None;
        }
        let mut depth = 0usize;
        let mut open_at = None;
        for (i, c) in marks_rev(t.get(..close_at)?) {
            if is_close(c) {
                depth += 1;
            } else if is_open(c) {
                if depth == 0 {
                    open_at = Some((i, c));
                    break;
                }
                depth -= 1;
            }
        }
        let (open_at, open) = open_at?;
        if !matches!(open, '（' | '(' | '〔' | '[' | '【') {
            return None;
        }
        let inner = trim_sp(t.get(open_at + open.len_utf8()..close_at)?);
        labeled(inner, marks(inner))
            .or_else(|| unlabeled(inner))
            .map(|r| (open_at, r))
    }

    proptest::proptest! {
        #[test]
        fn kept_marks_read_as_a_rescan_does(
            before in proptest::collection::vec(
                proptest::sample::select(vec!["建设", "。", "（", "）", "〔", " "]),
                0..4,
            ),
            open in proptest::sample::select(vec!["（", "(", "〔", "【", "《"]),
            space in proptest::sample::select(vec!["", " ", "\u{3000}"]),
            label in proptest::sample::select(vec!["", "责任单位：", "牵头部门 :", "配合"]),
            inner in proptest::collection::vec(
                proptest::sample::select(vec![
                    "责任单位", "牵头单位", "配合部门", "协办单位", "：", ":", "；", ";", "，", ",",
                    "、", "。", " ", "\u{3000}", "市科技局", "有关区县", "政府", "负责", "牵头",
                    "等", "（", "）", "〔", "〕", "《", "》", "“", "”", "a", "é", "𠀀",
                ]),
                0..16,
            ),
            close in proptest::sample::select(vec!["）", ")", "〕", "]", "】", "》"]),
            after in proptest::sample::select(vec![
                "", "。", "；", ";", " ", "\u{a0}", "\u{3000}", "\n", "。 ", "x", "、",
            ]),
        ) {
            let inner = inner.concat();
            let text = format!("{}{open}{space}{label}{inner}{space}{close}{after}", before.concat());
            proptest::prop_assert_eq!(
                trailing_responsibility(&text),
                trailing_by_rescan(&text),
                "{}",
                text
            );
            // The caller's scratch space, left as a parenthetical before left it, reads the same.
            // Read into an empty slot, which is left empty when nothing is read.
            let mut scratch = Scratch(vec![(0, '（'), (3, '、'), (9, '：')]);
            let mut out = Responsibility::default();
            let at = trailing_responsibility_in(&text, &mut scratch, &mut out);
            if at.is_none() {
                proptest::prop_assert_eq!(&out, &Responsibility::default(), "{}", text);
            }
            proptest::prop_assert_eq!(
                at.map(|at| (at, out)),
                trailing_responsibility(&text),
                "{}",
                text
            );
        }
    }

    fn tr(text: &str) -> Option<(Vec<String>, Vec<String>, Option<String>)> {
        trailing_responsibility(text).map(|(_, r)| (r.lead, r.responsible, r.note))
    }

    #[test]
    fn labeled_real() {
        let t = "支持中药制剂备案。(牵头单位:市科技局;责任单位:市药监局、市卫生健康委、市经济信息委、市发展改革委、市医保局)";
        let (at, r) = trailing_responsibility(t).unwrap();
        assert_eq!(&t[at..at + 1], "(");
        assert_eq!(r.lead, v(&["市科技局"]));
        assert_eq!(
            r.responsible,
            v(&[
                "市药监局",
                "市卫生健康委",
                "市经济信息委",
                "市发展改革委",
                "市医保局"
            ])
        );
        assert_eq!(r.note, None);

        assert_eq!(
            tr("建成棚改安置房7万套。（责任单位：省住房和城乡建设厅）"),
            Some((vec![], v(&["省住房和城乡建设厅"]), None))
        );
        assert_eq!(
            tr("(牵头单位:人行重庆市分行、市国资委;责任单位:市委金融办、重庆证监局、重庆渝富控股集团)"),
            Some((v(&["人行重庆市分行", "市国资委"]), v(&["市委金融办", "重庆证监局", "重庆渝富控股集团"]), None))
        );
        assert_eq!(
            tr("(责任单位:市文化旅游委、市商务委等)"),
            Some((vec![], v(&["市文化旅游委", "市商务委"]), None))
        );
        assert_eq!(
            tr("(责任单位:市经济信息委,有关区县政府)"),
            Some((vec![], v(&["市经济信息委", "有关区县政府"]), None))
        );
    }

    #[test]
    fn nested_and_square_brackets() {
        let t = "支持生物医药企业新建企业研发中心和中试基地。〔责任单位：市科技局，有关区县（自治县，以下简称区县）政府〕";
        assert_eq!(
            tr(t),
            Some((
                vec![],
                v(&["市科技局", "有关区县（自治县，以下简称区县）政府"]),
                None
            ))
        );
    }

    #[test]
    fn colon_typo_and_note() {
        assert_eq!(
            tr("（牵头单位：市卫生健康委：责任单位：市药监局、市科技局）"),
            Some((v(&["市卫生健康委"]), v(&["市药监局", "市科技局"]), None))
        );
        assert_eq!(
            tr("（责任单位：市住房城乡建委，各区县政府。以下任务均需各区县政府落实，不再列出）"),
            Some((
                vec![],
                v(&["市住房城乡建委", "各区县政府"]),
                Some("以下任务均需各区县政府落实，不再列出".into())
            ))
        );
    }

    #[test]
    fn a_full_stop_starts_a_note_only_in_the_last_list() {
        assert_eq!(
            tr("（牵头单位：市甲局。市乙局、市丙局；责任单位：市丁局、市戊局（含下属单位。）。各区县落实。）"),
            Some((
                v(&["市甲局。市乙局", "市丙局"]),
                v(&["市丁局", "市戊局（含下属单位。）"]),
                Some("各区县落实".into())
            ))
        );
        assert_eq!(
            tr("（责任单位：市甲局、。以下略、市乙局）"),
            Some((vec![], v(&["市甲局"]), Some("以下略、市乙局".into())))
        );
    }

    #[test]
    fn trailing_punct_allowed() {
        assert!(tr("（责任单位：省教育厅）。").is_some());
        assert!(tr("（责任单位：省教育厅）  ").is_some());
        // Text after the parenthetical means it is not closing the item.
        assert!(tr("（责任单位：省教育厅）（八）孕妇产前基因免费筛查工程。").is_none());
    }

    #[test]
    fn unlabeled_state_council() {
        assert_eq!(
            tr("（体育总局、发展改革委负责）"),
            Some((vec![], v(&["体育总局", "发展改革委"]), None))
        );
        assert_eq!(
            tr("（教育部、财政部负责落实）"),
            Some((vec![], v(&["教育部", "财政部"]), None))
        );
        assert_eq!(
            tr("（国家发展改革委牵头，财政部、人力资源社会保障部按职责分工负责）"),
            Some((
                v(&["国家发展改革委"]),
                v(&["财政部", "人力资源社会保障部"]),
                None
            ))
        );
        assert_eq!(
            tr("（商务部、海关总署等按职责分工负责）"),
            Some((vec![], v(&["商务部", "海关总署"]), None))
        );
    }

    #[test]
    fn ordinary_parentheticals() {
        for t in [
            "（以上均包含生物制品，下同）",
            "对于投资新建的CRO（合同研发组织）",
            "行动计划（2025—2027年）",
            "（此件公开发布）",
            "（由企业自行负责）",
            "（宫颈癌和乳腺癌）",
            "没有括号",
            "（责任单位：）",
            ")",
            "",
        ] {
            assert_eq!(trailing_responsibility(t), None, "{t}");
        }
    }

    #[test]
    fn table_rows() {
        let r = responsibility_row("市经济信息委", "市科技局、市药监局，有关区县政府");
        assert_eq!(r.lead, v(&["市经济信息委"]));
        assert_eq!(r.responsible, v(&["市科技局", "市药监局", "有关区县政府"]));
        let r = responsibility_row("牵头单位：市卫生健康委", "市医保局。各区县落实");
        assert_eq!(r.lead, v(&["市卫生健康委"]));
        assert_eq!(r.responsible, v(&["市医保局"]));
        assert_eq!(r.note.as_deref(), Some("各区县落实"));
        assert_eq!(responsibility_row("", ""), Responsibility::default());
    }
}
