//! Canonical text (SPEC "Canonical text", rules 2–5 and 7): takes decoded text — one line or a whole
//! page — and returns its canonical form, as a new `String` or appended to a caller's buffer.
//!
//! How it stays idempotent: every decision is taken on the characters as they will be *written*,
//! never as they were read. Concretely, first each character is mapped on its own (NFC, zero-width
//! and control characters dropped, spaces unified, full-width letters and digits made ASCII); call
//! that stream S1. Everything context-dependent is then decided per line on S1, looking past
//! spaces, and with the *final* class of the neighbours:
//! - a `，`-style conversion of `, : ; ? ! ( ) " '` happens when a neighbour is CJK-ish after
//!   conversion, so conversions spread along `,,,` or `),(`, through bracket and quote pairs
//!   (both marks or neither) and out of their contents; this is a least fixpoint, solved with a
//!   work list in linear time;
//! - a run of spaces survives (as one space) only when the written characters on both sides exist
//!   and are not CJK-ish;
//! - `．` becomes `.` when the nearest non-space characters on both sides are digits.
//!
//! A second pass therefore meets the same S1, the same pairs (only whole pairs or unpaired marks
//! were converted, which leaves the pairing of the rest intact) and the same classes, and has
//! nothing left to do. The only step that can undo this is NFC itself: dropping a character can
//! put a base next to a combining mark. The pass notes when that may have happened, and only then
//! checks, re-normalises and runs again.
//!
//! Speed: one pass over the characters, copying unchanged runs as slices and skipping runs of
//! ideographs or plain ASCII by their bytes; a line is read a second time only if it holds one of
//! the nine ASCII marks above. NFC costs nothing on the common path: characters in ranges known to
//! be NFC starters are not looked up; any other one is looked up on its own, and only a combining
//! mark or a non-NFC character leads to a full check or to normalising the text first.
//!
//! Tests are named after the SPEC rule numbers (2 NFC … 5 spaces, 7 idempotence).

use crate::chars::{
    fullwidth_to_ascii, is_cjk, is_cjkish, is_fullwidth_punct, is_space, is_zero_width,
};
use std::cell::RefCell;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Returns the canonical form of `text` (SPEC "Canonical text", rules 2–5; idempotent).
pub fn canonical(text: &str) -> String {
    // Conversions to full-width grow the text a little; most text shrinks (spaces go).
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    canonical_into(text, &mut out);
    out
}

/// Appends the canonical form of `text` to `out`; `text` always starts a new line, whatever `out` ends with.
pub fn canonical_into(text: &str, out: &mut String) {
    // Most lines are ideographs, common punctuation and plain ASCII only: already canonical.
    if is_verbatim(text) {
        out.push_str(text);
        return;
    }
    // The per-line analysis needs a little memory; one buffer per thread keeps the hot path free of
    // allocations. A re-entrant or late (thread teardown) call just gets a fresh buffer.
    let done = SCRATCH
        .try_with(|cell| match cell.try_borrow_mut() {
            Ok(mut els) => {
                run(text, out, &mut els);
                if els.capacity() > SCRATCH_KEEP {
                    // One pathological line must not pin its memory for the thread's lifetime.
                    *els = Vec::new();
                }
                true
            }
            Err(_) => false,
        })
        .unwrap_or(false);
    if !done {
        run(text, out, &mut Vec::new());
    }
}

thread_local! {
    static SCRATCH: RefCell<Vec<El>> = const { RefCell::new(Vec::new()) };
}

/// Marks per line kept between calls (about 100 bytes each).
const SCRATCH_KEEP: usize = 1 << 14;

/// Re-normalisation rounds after a pass that may have produced non-NFC output. Each round removes
/// characters, so one is all real text needs; the bound only guards against surprises.
const MAX_ROUNDS: usize = 8;

fn run(text: &str, out: &mut String, els: &mut Vec<El>) {
    let start = out.len();
    let mut st = pass(text, out, els);
    if st.doubt != Doubt::None {
        let nfc = match st.doubt {
            Doubt::Not => false,
            // A combining mark may compose with or be out of order against its neighbours; only
            // a full check can tell, and real text rarely gets here.
            _ => is_nfc(text),
        };
        if !nfc {
            let normal: String = text.nfc().collect();
            out.truncate(start);
            st = pass(&normal, out, els);
        }
    }
    let mut rounds = 0;
    while st.dirty && rounds < MAX_ROUNDS {
        let written = out.get(start..).unwrap_or("");
        if is_nfc(written) {
            break;
        }
        let normal: String = written.nfc().collect();
        out.truncate(start);
        st = pass(&normal, out, els);
        rounds += 1;
    }
}

/// How sure a pass is that its input was NFC.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Doubt {
    /// No character casts doubt.
    None,
    /// A combining mark or a character that may compose with the one before it.
    Maybe,
    /// A character that never occurs in NFC.
    Not,
}

/// What a pass learned about normalisation on the way.
struct PassState {
    doubt: Doubt,
    /// Something was dropped or replaced right before a character that could compose with or reorder against what now precedes it.
    dirty: bool,
}

fn pass(text: &str, out: &mut String, els: &mut Vec<El>) -> PassState {
    out.reserve(text.len());
    let mut st = PassState {
        doubt: Doubt::None,
        dirty: false,
    };
    let mut start = 0;
    while let Some(next) = emit_line(text, start, out, els, &mut st) {
        if st.doubt == Doubt::Not {
            // The caller starts again from NFC text; the rest of this pass would be wasted.
            break;
        }
        out.push('\n');
        start = next;
    }
    st
}

/// What a single character is before context is considered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cls {
    /// Written unchanged. `odd`: outside the ranges known to be NFC starters.
    Keep { cjk: bool, odd: bool },
    /// Written as another character whatever its context (full-width letter or digit, `％`).
    Map(char),
    /// Dropped (zero-width, control).
    Drop,
    /// Any horizontal space.
    Space,
    /// One of `, : ; ? ! ( ) " '`: converted or not according to its line.
    Mark,
    /// `．`: becomes `.` between digits.
    Dot,
    /// Ends the line (`\r` may take a following `\n` with it).
    Break,
}

#[inline(always)]
fn classify(c: char) -> Cls {
    let u = c as u32;
    if (0x4E00..=0x9FFF).contains(&u) {
        return Cls::Keep {
            cjk: true,
            odd: false,
        };
    }
    if u < 0x80 {
        return match c {
            ' ' | '\t' => Cls::Space,
            '\n' | '\r' | '\x0B' | '\x0C' => Cls::Break,
            ',' | ':' | ';' | '?' | '!' | '(' | ')' | '"' | '\'' => Cls::Mark,
            '\0'..='\x1F' | '\x7F' => Cls::Drop,
            _ => Cls::Keep {
                cjk: false,
                odd: false,
            },
        };
    }
    classify_wide(c)
}

fn classify_wide(c: char) -> Cls {
    // The commonest Chinese punctuation first: no table can change it.
    if matches!(c as u32,
        0x3001..=0x3006 | 0x3008..=0x3029 | 0x3030..=0x303F   // 、。〈〉《》「」【】〔〕 …
        | 0xFF01..=0xFF04 | 0xFF06..=0xFF0D | 0xFF0F           // ！（），－／ … but not ％ ．
        | 0xFF1A..=0xFF20                                      // ：；？ …
        | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x2014  // ‘’“”…—
    ) {
        return Cls::Keep {
            cjk: true,
            odd: false,
        };
    }
    match c {
        // NEL, LS and PS are line terminators in Unicode just like LF; VT and FF are handled with
        // LF above because PDF extractors emit FF between pages and dropping it would glue pages.
        '\u{0085}' | '\u{2028}' | '\u{2029}' => Cls::Break,
        '\u{0080}'..='\u{009F}' => Cls::Drop,
        // A unit like ASCII `%` in `3.5%`, so it is not kept as Chinese punctuation.
        '％' => Cls::Map('%'),
        '．' => Cls::Dot,
        _ if is_zero_width(c) => Cls::Drop,
        _ if is_space(c) => Cls::Space,
        _ => match fullwidth_to_ascii(c) {
            Some(a) => Cls::Map(a),
            None => Cls::Keep {
                cjk: is_cjkish(c),
                odd: !nfc_starter(c),
            },
        },
    }
}

/// True where NFC can neither change `c` nor combine it with what precedes it (canonical
/// combining class 0 and NFC_Quick_Check=Yes), checked against the crate's tables in a test.
#[inline]
fn nfc_starter(c: char) -> bool {
    matches!(c as u32,
        0x0000..=0x02FF       // Basic Latin … Spacing Modifier Letters
        | 0x2002..=0x206F     // General Punctuation (U+2000/2001 are NFC singletons)
        | 0x2160..=0x2188     // Number Forms: Roman numerals
        | 0x2460..=0x24FF     // Enclosed Alphanumerics
        | 0x2E80..=0x2FDF     // CJK Radicals Supplement, Kangxi Radicals
        | 0x3000..=0x3029     // CJK Symbols and Punctuation (U+302A–302F are combining)
        | 0x3030..=0x3098     // … and Hiragana up to the combining voiced marks U+3099/309A
        | 0x309B..=0x30FF     // rest of Hiragana, Katakana
        | 0x3200..=0x33FF     // Enclosed CJK Letters and Months, CJK Compatibility
        | 0x3400..=0x4DBF     // CJK Unified Ideographs Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xAC00..=0xD7A3     // Hangul Syllables
        | 0xFF01..=0xFFEF     // Halfwidth and Fullwidth Forms
    )
}

/// What one character outside the known starter ranges says about its text being NFC.
fn nfc_doubt(c: char) -> Doubt {
    match is_nfc_quick(std::iter::once(c)) {
        IsNormalized::No => Doubt::Not,
        IsNormalized::Yes if canonical_combining_class(c) == 0 => Doubt::None,
        _ => Doubt::Maybe,
    }
}

/// True when `c` could compose with, or reorder against, a character that now precedes it.
#[inline]
fn maybe_composing(c: char) -> bool {
    c >= '\u{0300}'
        && !is_cjk(c)
        && (canonical_combining_class(c) != 0
            || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes)
}

/// The next character of S1 on this line that is not a space.
fn next_visible(rest: &str) -> Option<char> {
    for c in rest.chars() {
        match classify(c) {
            Cls::Drop | Cls::Space => {}
            Cls::Break => return None,
            Cls::Map(a) => return Some(a),
            _ => return Some(c),
        }
    }
    None
}

/// Whether a `．` becomes `.`: digits on both sides, looking past spaces (which it would otherwise
/// lose, being full-width, and become a digit-dot-digit on the next pass).
fn dot_to_ascii(prev_digit: bool, rest: &str) -> bool {
    prev_digit && next_visible(rest).is_some_and(|c| c.is_ascii_digit())
}

/// Length in bytes of the run of characters written as they are, each CJK and needing no context
/// (URO ideographs and the commonest Chinese punctuation), that `b` starts with.
#[inline]
fn cjk_keep_run(b: &[u8]) -> usize {
    let mut n = 0;
    // Every one of these is `Cls::Keep { cjk: true, odd: false }` (checked against `classify` in
    // a test), so after the first the caller's state is what it would be after each of them.
    while let Some(&[b0, b1, b2]) = b.get(n..n + 3) {
        let keep = match b0 {
            0xE5..=0xE9 => true,
            0xE4 => b1 >= 0xB8,
            // U+3001–3006, U+3008–3029, U+3030–303F: 、。〈〉《》「」【】〔〕 …
            0xE3 => b1 == 0x80 && matches!(b2, 0x81..=0x86 | 0x88..=0xA9 | 0xB0..=0xBF),
            // U+FF01–FF04, U+FF06–FF0D, U+FF0F, U+FF1A–FF20: ！（），：；？ …
            0xEF => b1 == 0xBC && matches!(b2, 0x81..=0x84 | 0x86..=0x8D | 0x8F | 0x9A..=0xA0),
            // U+2014, U+2018, U+2019, U+201C, U+201D, U+2026: —‘’“”…
            0xE2 => b1 == 0x80 && matches!(b2, 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0xA6),
            _ => false,
        };
        if !keep {
            break;
        }
        n += 3;
    }
    n
}

/// Whether `text` is nothing but runs that a pass copies as they are: context-free CJK
/// ([`cjk_keep_run`]) and printable ASCII without spaces or marks ([`ascii_run`]).
fn is_verbatim(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = b.get(i..).unwrap_or_default();
        let n = cjk_keep_run(rest) + ascii_run(rest);
        if n == 0 {
            return false;
        }
        i += n;
    }
    true
}

/// Length in bytes of the run of printable ASCII that is written as is (no space, no mark) that `b` starts with.
#[inline]
fn ascii_run(b: &[u8]) -> usize {
    b.iter()
        .position(|&x| {
            !(0x21..=0x7E).contains(&x)
                || matches!(
                    x,
                    b',' | b':' | b';' | b'?' | b'!' | b'(' | b')' | b'"' | b'\''
                )
        })
        .unwrap_or(b.len())
}

fn flush(out: &mut String, line: &str, from: usize, to: usize) {
    if to > from {
        if let Some(s) = line.get(from..to) {
            out.push_str(s);
        }
    }
}

/// Writes the line starting at byte `start` of `text`; returns where the next line starts, if any.
fn emit_line(
    text: &str,
    start: usize,
    out: &mut String,
    els: &mut Vec<El>,
    st: &mut PassState,
) -> Option<usize> {
    let line = text.get(start..).unwrap_or("");
    let mut analysed = false;
    let mut mark = 0usize;
    // Start of the bytes that are copied verbatim once something else has to be written.
    let mut run = 0usize;
    // Class of the last character written on this line; `None` at its start.
    let mut prev_cjk: Option<bool> = None;
    let mut prev_digit = false;
    let mut pending_space = false;
    // Something was dropped or replaced since the last character written.
    let mut altered = false;

    let bytes = line.as_bytes();
    let mut next = 0usize;
    while let Some(c) = line.get(next..).and_then(|rest| rest.chars().next()) {
        let i = next;
        next += c.len_utf8();
        let (out_c, cjk) = match classify(c) {
            Cls::Keep { cjk, odd } => {
                if odd {
                    st.doubt = st.doubt.max(nfc_doubt(c));
                }
                if altered {
                    altered = false;
                    if maybe_composing(c) {
                        st.dirty = true;
                    }
                }
                if pending_space {
                    flush(out, line, run, i);
                    run = i;
                    pending_space = false;
                    if prev_cjk == Some(false) && !cjk {
                        out.push(' ');
                    }
                }
                prev_cjk = Some(cjk);
                prev_digit = c.is_ascii_digit();
                // Nothing is pending any more, so what follows of the same kind joins the run as it is.
                let rest = bytes.get(next..).unwrap_or_default();
                if cjk {
                    next += cjk_keep_run(rest);
                } else if c.is_ascii() {
                    let n = ascii_run(rest);
                    if n > 0 {
                        next += n;
                        prev_digit = bytes.get(next - 1).is_some_and(u8::is_ascii_digit);
                    }
                }
                continue;
            }
            Cls::Drop => {
                flush(out, line, run, i);
                run = next;
                altered = true;
                continue;
            }
            Cls::Space => {
                flush(out, line, run, i);
                run = next;
                pending_space = true;
                altered = true;
                continue;
            }
            Cls::Break => {
                flush(out, line, run, i);
                let after = if c == '\r' && bytes.get(next) == Some(&b'\n') {
                    next + 1
                } else {
                    next
                };
                return Some(start + after);
            }
            Cls::Map(a) => (a, false),
            Cls::Dot => {
                if dot_to_ascii(prev_digit, line.get(next..).unwrap_or("")) {
                    ('.', false)
                } else {
                    ('．', true)
                }
            }
            Cls::Mark => {
                if !analysed {
                    analyse(line, els);
                    analysed = true;
                }
                let glyph = els.get(mark).map_or(c, |e| e.glyph);
                mark += 1;
                // Every converted glyph is full-width punctuation; every unconverted one is ASCII.
                (glyph, glyph != c)
            }
        };
        flush(out, line, run, i);
        run = next;
        if pending_space {
            pending_space = false;
            if prev_cjk == Some(false) && !cjk {
                out.push(' ');
            }
        }
        out.push(out_c);
        // The characters written here are ASCII or full-width punctuation: never composing, so
        // they end any exposure from an earlier drop, but a replaced one starts a new one.
        altered = out_c != c;
        prev_cjk = Some(cjk);
        prev_digit = out_c.is_ascii_digit();
    }
    flush(out, line, run, line.len());
    None
}

/// "No mark": the index sentinel for partners, enclosures and list links.
const NONE: usize = usize::MAX;

/// The nearest non-space neighbour of a mark, in its final class.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Nb {
    /// Start or end of the line.
    Edge,
    Cjk,
    Plain,
    /// Another mark, whose class is decided with this one.
    Mark(usize),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `, : ; ? !`: converted when a neighbour is CJK-ish.
    Punct,
    Open,
    Close,
    Dquote,
    Squote,
    /// An apostrophe (`'` between two letters or digits): never a quote mark.
    Never,
}

/// One ASCII mark of a line under analysis.
#[derive(Clone, Copy, Debug)]
struct El {
    ch: char,
    kind: Kind,
    left: Nb,
    right: Nb,
    /// The next non-space character is a letter or digit (chooses `“` or `”` for a lone quote).
    right_word: bool,
    /// CJK-ish characters (other than marks) before this one on the line.
    cjk_before: usize,
    /// The other mark of its bracket or quote pair, or `NONE`.
    partner: usize,
    /// Opening mark of the innermost enclosing bracket pair, double-quote pair, single-quote pair.
    enclosing: [usize; 3],
    /// Stack link while matching brackets, then work-list link while converting.
    link: usize,
    /// First mark of its pair.
    opening: bool,
    conv: bool,
    glyph: char,
}

/// A letter or digit of a non-CJK script (the test for apostrophes and for a lone quote's side).
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !is_cjkish(c) && c.is_alphanumeric()
    }
}

/// Decides every mark of `line` (up to its first break) and leaves them, in order, in `els`.
fn analyse(line: &str, els: &mut Vec<El>) {
    els.clear();
    let mut prev = Nb::Edge;
    let mut prev_digit = false;
    // Whether the character right before (no space between) is a letter or digit.
    let mut prev_word = false;
    let mut apostrophe: Option<usize> = None;
    let mut cjk = 0usize;
    let bytes = line.as_bytes();
    let mut next = 0usize;
    while let Some(c) = line.get(next..).and_then(|rest| rest.chars().next()) {
        let i = next;
        next += c.len_utf8();
        // (written char, is a mark, is CJK-ish)
        let (ch, is_mark, k) = match classify(c) {
            Cls::Break => break,
            Cls::Drop => continue,
            Cls::Space => {
                apostrophe = None;
                prev_word = false;
                continue;
            }
            Cls::Keep { cjk, .. } => (c, false, cjk),
            Cls::Map(a) => (a, false, false),
            Cls::Mark => (c, true, false),
            Cls::Dot => {
                let rest = line.get(i + c.len_utf8()..).unwrap_or("");
                if dot_to_ascii(prev_digit, rest) {
                    ('.', false, false)
                } else {
                    ('．', false, true)
                }
            }
        };
        let word = !k && is_word(ch);
        if let Some(j) = apostrophe.take() {
            if word {
                if let Some(e) = els.get_mut(j) {
                    e.kind = Kind::Never;
                }
            }
        }
        if is_mark {
            let idx = els.len();
            if let Nb::Mark(j) = prev {
                if let Some(e) = els.get_mut(j) {
                    e.right = Nb::Mark(idx);
                }
            }
            let kind = match ch {
                '(' => Kind::Open,
                ')' => Kind::Close,
                '"' => Kind::Dquote,
                '\'' => Kind::Squote,
                _ => Kind::Punct,
            };
            if ch == '\'' && prev_word {
                apostrophe = Some(idx);
            }
            els.push(El {
                ch,
                kind,
                left: prev,
                right: Nb::Edge,
                right_word: false,
                cjk_before: cjk,
                partner: NONE,
                enclosing: [NONE; 3],
                link: NONE,
                opening: false,
                conv: false,
                glyph: ch,
            });
            prev = Nb::Mark(idx);
        } else {
            let nb = if k { Nb::Cjk } else { Nb::Plain };
            if let Nb::Mark(j) = prev {
                if let Some(e) = els.get_mut(j) {
                    e.right = nb;
                    e.right_word = word || (k && !is_fullwidth_punct(ch));
                }
            }
            let rest = bytes.get(next..).unwrap_or_default();
            if k {
                cjk += 1;
                // Further context-free CJK would change nothing but the count (three bytes each).
                let run = cjk_keep_run(rest);
                cjk += run / 3;
                next += run;
            } else if c.is_ascii() && !is_mark {
                // Further plain ASCII changes nothing but what its last character is.
                let run = ascii_run(rest);
                if run > 0 {
                    next += run;
                    let last = bytes.get(next - 1).copied().unwrap_or(b' ');
                    prev = nb;
                    prev_digit = last.is_ascii_digit();
                    prev_word = last.is_ascii_alphanumeric();
                    continue;
                }
            }
            prev = nb;
        }
        prev_digit = ch.is_ascii_digit();
        prev_word = word;
    }
    resolve(els);
}

fn pair(els: &mut [El], open: usize, close: usize) {
    if let Some(e) = els.get_mut(open) {
        e.partner = close;
        e.opening = true;
    }
    if let Some(e) = els.get_mut(close) {
        e.partner = open;
    }
}

/// Puts mark `j` (and its partner) on the work list unless it is converted already or never converts.
fn convert(els: &mut [El], j: usize, head: &mut usize) {
    let Some(e) = els.get_mut(j) else { return };
    if e.conv || e.kind == Kind::Never {
        return;
    }
    e.conv = true;
    e.link = *head;
    *head = j;
    let p = e.partner;
    convert(els, p, head);
}

fn nb_mark(nb: Nb) -> usize {
    match nb {
        Nb::Mark(j) => j,
        _ => NONE,
    }
}

fn resolve(els: &mut [El]) {
    // Pair brackets by nesting and quotes by alternation, and note what encloses each mark.
    let (mut top, mut dq, mut sq) = (NONE, NONE, NONE);
    for k in 0..els.len() {
        let Some(e) = els.get(k).copied() else { break };
        let mut enc = [top, dq, sq];
        match e.kind {
            Kind::Open => {
                if let Some(m) = els.get_mut(k) {
                    m.link = top;
                }
                top = k;
            }
            Kind::Close => {
                if top != NONE {
                    let open = top;
                    top = els.get(open).map_or(NONE, |o| o.link);
                    pair(els, open, k);
                    enc[0] = top;
                }
            }
            Kind::Dquote => {
                enc[1] = NONE;
                if dq == NONE {
                    dq = k;
                } else {
                    pair(els, dq, k);
                    dq = NONE;
                }
            }
            Kind::Squote => {
                enc[2] = NONE;
                if sq == NONE {
                    sq = k;
                } else {
                    pair(els, sq, k);
                    sq = NONE;
                }
            }
            Kind::Punct | Kind::Never => {}
        }
        if let Some(m) = els.get_mut(k) {
            m.enclosing = enc;
        }
    }
    // An opening mark left unpaired encloses nothing. (Brackets below an unmatched `(` on the
    // stack are unmatched too, so the innermost one decides.)
    for k in 0..els.len() {
        let Some(e) = els.get(k).copied() else { break };
        let mut enc = e.enclosing;
        for slot in enc.iter_mut() {
            if els.get(*slot).is_some_and(|o| o.partner == NONE) {
                *slot = NONE;
            }
        }
        if let Some(m) = els.get_mut(k) {
            m.enclosing = enc;
        }
    }

    // Seed: marks touching a CJK-ish character directly, pairs holding one.
    let mut head = NONE;
    for k in 0..els.len() {
        let Some(e) = els.get(k).copied() else { break };
        let hit = if e.kind == Kind::Never {
            false
        } else if e.partner == NONE {
            e.left == Nb::Cjk || e.right == Nb::Cjk
        } else if e.opening {
            els.get(e.partner).is_some_and(|close| {
                e.left == Nb::Cjk || close.right == Nb::Cjk || close.cjk_before > e.cjk_before
            })
        } else {
            false
        };
        if hit {
            convert(els, k, &mut head);
        }
    }
    // Spread: a converted mark is CJK-ish for its neighbours and for every pair around it.
    while head != NONE {
        let Some(e) = els.get(head).copied() else {
            break;
        };
        head = e.link;
        for j in [
            nb_mark(e.left),
            nb_mark(e.right),
            e.enclosing[0],
            e.enclosing[1],
            e.enclosing[2],
        ] {
            convert(els, j, &mut head);
        }
    }

    for e in els.iter_mut() {
        if !e.conv {
            continue;
        }
        // An unpaired quote closes when something precedes it and no word follows it.
        let opens = if e.partner != NONE {
            e.opening
        } else {
            e.left == Nb::Edge || e.right_word
        };
        e.glyph = match (e.kind, e.ch) {
            (Kind::Open, _) => '（',
            (Kind::Close, _) => '）',
            (Kind::Dquote, _) => {
                if opens {
                    '“'
                } else {
                    '”'
                }
            }
            (Kind::Squote, _) => {
                if opens {
                    '‘'
                } else {
                    '’'
                }
            }
            (Kind::Punct, ',') => '，',
            (Kind::Punct, ':') => '：',
            (Kind::Punct, ';') => '；',
            (Kind::Punct, '?') => '？',
            (Kind::Punct, '!') => '！',
            (_, other) => other,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        let out = canonical(s);
        assert_eq!(canonical(&out), out, "not idempotent on {s:?}");
        out
    }

    // SPEC rule 2: NFC, zero-width dropped, spaces unified (and line breaks, controls).
    #[test]
    fn spec2_nfc() {
        assert_eq!(c("Cafe\u{301} au lait"), "Café au lait");
        // U+FA10 is a compatibility ideograph with a canonical singleton decomposition.
        assert_eq!(canonical("\u{FA10}"), "\u{585A}");
    }

    #[test]
    fn spec2_zero_width_dropped() {
        assert_eq!(
            c("\u{FEFF}渝府办发\u{200B}〔2025〕\u{200D}56号"),
            "渝府办发〔2025〕56号"
        );
        assert_eq!(c("co\u{00AD}operation"), "cooperation");
        // Dropping the ZWSP would leave e + U+0301 un-normalised: NFC runs again.
        assert_eq!(c("e\u{200B}\u{301}"), "é");
    }

    #[test]
    fn spec2_spaces_unified() {
        assert_eq!(
            c("各区县（自治县）人民政府\u{3000}\u{3000}市政府有关部门"),
            "各区县（自治县）人民政府市政府有关部门"
        );
        assert_eq!(
            c("GAZETTE\u{00A0}OF\u{3000}CHONGQING\u{2003}\t MUNICIPAL"),
            "GAZETTE OF CHONGQING MUNICIPAL"
        );
    }

    #[test]
    fn spec2_controls_dropped() {
        assert_eq!(c("重庆\u{0007}市\u{007F}\u{0090}"), "重庆市");
        assert_eq!(c("a\u{0}b"), "ab");
    }

    // SPEC rule 3: full-width letters and digits to ASCII; ． between digits; ％.
    #[test]
    fn spec3_fullwidth_ascii() {
        assert_eq!(c("２０２５年第１６期"), "2025年第16期");
        assert_eq!(c("打造ＡＩ应用场景"), "打造AI应用场景");
        assert_eq!(c("占比３．５％"), "占比3.5%");
        assert_eq!(c("１．全力引育创新主体"), "1．全力引育创新主体");
        assert_eq!(c("一．总则"), "一．总则");
        // Looking past spaces keeps this idempotent.
        assert_eq!(c("3 ．5"), "3 .5");
        // Full-width punctuation is never made ASCII, even between ASCII.
        assert_eq!(c("（1）"), "（1）");
        assert_eq!(c("Ａ（1）Ｂ"), "A（1）B");
    }

    // SPEC rule 4: ASCII punctuation touching Chinese becomes full-width.
    #[test]
    fn spec4_responsibility_line() {
        assert_eq!(
            c("(责任单位:市住房城乡建委,各区县政府。以下任务均需各区县政府落实,不再列出)"),
            "（责任单位：市住房城乡建委，各区县政府。以下任务均需各区县政府落实，不再列出）"
        );
    }

    #[test]
    fn spec4_brackets_pairwise() {
        assert_eq!(
            c("承接非关联市场主体 CDMO (合同研发生产组织)/CMO (合同生产组织)业务"),
            "承接非关联市场主体CDMO（合同研发生产组织）/CMO（合同生产组织）业务"
        );
        assert_eq!(c("各区县(自治县)人民政府"), "各区县（自治县）人民政府");
        assert_eq!(c("第16期(总第989期)"), "第16期（总第989期）");
        // Brackets that hold and touch only ASCII stay.
        assert_eq!(c("Beibei Districts (1)"), "Beibei Districts (1)");
        // Both marks or neither, even when only one side touches Chinese.
        assert_eq!(c("中(a)b"), "中（a）b");
        assert_eq!(c("a(b)中"), "a（b）中");
        // Nested: the inner pair touches the converted outer marks.
        assert_eq!(c("中((b))"), "中（（b））");
        assert_eq!(c("中(a(b)c)"), "中（a(b)c）");
    }

    #[test]
    fn spec4_quotes() {
        assert_eq!(
            c("打造\"AI(人工智能)+建造\"应用场景"),
            "打造“AI（人工智能）+建造”应用场景"
        );
        assert_eq!(c("聚焦\"好房子\"样板项目"), "聚焦“好房子”样板项目");
        assert_eq!(c("“1+5+N”产业布局"), "“1+5+N”产业布局");
        assert_eq!(
            c("on Issuing the \"Implementation Plan\""),
            "on Issuing the \"Implementation Plan\""
        );
        assert_eq!(c("实施'十四五'规划"), "实施‘十四五’规划");
        // An apostrophe is not a quote.
        assert_eq!(c("PEOPLE'S GOVERNMENT 公报"), "PEOPLE'S GOVERNMENT公报");
        // Unpaired quotes (line cut by wrapping): closing after text, opening before it.
        assert_eq!(c("建设\"智慧工地"), "建设“智慧工地");
        assert_eq!(c("智慧工地\"。"), "智慧工地”。");
    }

    #[test]
    fn spec4_simple_marks() {
        assert_eq!(c("到 2030 年底, 打造一批"), "到2030年底，打造一批");
        assert_eq!(
            c("各区县人民政府,市政府有关部门,有关单位:"),
            "各区县人民政府，市政府有关部门，有关单位："
        );
        assert_eq!(c("是否符合?是!"), "是否符合？是！");
        assert_eq!(
            c("牵头单位:市科技局;责任单位:市药监局"),
            "牵头单位：市科技局；责任单位：市药监局"
        );
        // Conversion spreads along runs of marks, looking past spaces.
        assert_eq!(c("中 , , x"), "中，，x");
        assert_eq!(c("a,,中"), "a，，中");
    }

    #[test]
    fn spec4_ascii_stays_ascii() {
        for s in [
            "2025-11-01",
            "5G",
            "CN50-1147/D",
            "3.5%",
            "www.cq.gov.cn",
            "Published on November 15, 2025 No.16, 2025 (Issue 989)",
            "https://www.cq.gov.cn/zwgk/index.html?id=1&a=b",
            "10:30, 1,000 (a; b)!",
        ] {
            assert_eq!(c(s), s);
        }
        // `.` is never converted, whatever surrounds it.
        assert_eq!(
            c("1.提升装配式建筑建造效益。"),
            "1.提升装配式建筑建造效益。"
        );
        assert_eq!(c("详见www.cq.gov.cn。"), "详见www.cq.gov.cn。");
        assert_eq!(
            c("网址:https://www.cq.gov.cn"),
            "网址：https://www.cq.gov.cn"
        );
    }

    // SPEC rule 5: no space next to CJK-ish characters, other runs become one space.
    #[test]
    fn spec5_spaces_next_to_cjk() {
        assert_eq!(c("2025 年第 16 期"), "2025年第16期");
        assert_eq!(c("2022 年 3 月 1 日"), "2022年3月1日");
        assert_eq!(c("渝府办〔2022〕12 号"), "渝府办〔2022〕12号");
        assert_eq!(c("重庆市人民政府 关于党中央"), "重庆市人民政府关于党中央");
        assert_eq!(c("渝府办发 [2025] 56号"), "渝府办发[2025] 56号");
        assert_eq!(c("在研创新药物超过 100个（其"), "在研创新药物超过100个（其");
        assert_eq!(c("① 加强 ㈠ 统筹 Ⅱ 类"), "①加强㈠统筹Ⅱ类");
    }

    #[test]
    fn spec5_other_spaces() {
        assert_eq!(c("  Published   on\t\tNovember  "), "Published on November");
        assert_eq!(
            c(" 重庆市人民政府办公厅\n关于印发 \n  产业发展 "),
            "重庆市人民政府办公厅\n关于印发\n产业发展"
        );
        assert_eq!(
            c("Beibei Districts · · · · · (1)"),
            "Beibei Districts·····（1）"
        );
    }

    #[test]
    fn spec2_newlines() {
        assert_eq!(c("第一行\r\n第二行\r第三行\n"), "第一行\n第二行\n第三行\n");
        assert_eq!(c("a\u{2028}b\u{2029}c\u{0085}d"), "a\nb\nc\nd");
        assert_eq!(c("page 1\u{000C}page 2"), "page 1\npage 2");
        assert_eq!(c("\r\n\r\n"), "\n\n");
        // A newline is a hard boundary: marks on each side see the start/end of text.
        assert_eq!(c("中\n, a"), "中\n, a");
        assert_eq!(c("(中\n)"), "（中\n)");
    }

    #[test]
    fn into_appends() {
        let mut buf = String::from("x ");
        canonical_into(" 中 文 ", &mut buf);
        assert_eq!(buf, "x 中文");
    }

    #[test]
    fn fixtures_are_stable() {
        // `fixtures/` in the gazette crate; `../main/fixtures` from the scratch crate beside it.
        let root = env!("CARGO_MANIFEST_DIR");
        let dirs = [
            format!("{root}/fixtures"),
            format!("{root}/../main/fixtures"),
        ];
        let Some(rd) = dirs.iter().find_map(|d| std::fs::read_dir(d).ok()) else {
            return;
        };
        for entry in rd.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let once = canonical(&text);
            assert_eq!(canonical(&once), once, "{:?}", entry.path());
            check_invariants(&once);
        }
    }

    #[test]
    fn cjk_keep_run_takes_only_context_free_cjk() {
        let mut buf = [0u8; 4];
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            let taken = cjk_keep_run(s.as_bytes()) == s.len();
            let context_free = classify(c)
                == Cls::Keep {
                    cjk: true,
                    odd: false,
                };
            assert!(!taken || context_free, "{c:?} U+{:04X}", c as u32);
            // The run must cover the commonest punctuation, or the fast path is lost.
            if "，。、；：？！（）《》“”".contains(c) {
                assert!(taken, "{c:?}");
            }
        }
    }

    #[test]
    fn nfc_starter_table_is_right() {
        for u in 0..=0x10FFFFu32 {
            let Some(ch) = char::from_u32(u) else {
                continue;
            };
            if nfc_starter(ch) {
                assert_eq!(canonical_combining_class(ch), 0, "{u:X}");
                assert_eq!(
                    is_nfc_quick(std::iter::once(ch)),
                    IsNormalized::Yes,
                    "{u:X}"
                );
            }
        }
    }

    pub(super) fn check_invariants(out: &str) {
        assert!(!out.contains('\r'));
        assert!(!out.contains("  "), "{out:?}");
        assert!(is_nfc(out));
        for line in out.split('\n') {
            assert!(!line.starts_with(' ') && !line.ends_with(' '), "{line:?}");
            let v: Vec<char> = line.chars().collect();
            for w in v.windows(2) {
                if let [a, b] = w {
                    let space_by_cjk = (*a == ' ' && is_cjkish(*b)) || (*b == ' ' && is_cjkish(*a));
                    assert!(!space_by_cjk, "{line:?}");
                }
            }
            assert!(!line
                .chars()
                .any(|ch| is_zero_width(ch) || (ch != ' ' && is_space(ch))));
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// CJK, ASCII, every mark in both widths, every kind of space, invisible and combining
        /// characters, line breaks, and jamo/kana that compose when what separates them goes.
        const POOL: &str = concat!(
            "中国年〇一㐀\u{20000}aZes059",
            ",:;?!()\"'.-/%[]",
            "，：；？！（）“”‘’。、《》〔〕【】…—–·．％＂＇",
            "２０Ａｚ①㈠Ⅻあ가\u{1100}\u{1161}か\u{3099}",
            "   \t\u{3000}\u{00A0}\u{2003}\u{2000}",
            "\u{200B}\u{FEFF}\u{00AD}\u{200D}\n\r\u{2028}\u{0085}",
            "\u{0301}\u{0316}\u{0007}é\u{FA10}",
        );

        /// Mostly marks and what decides them: the hard cases for idempotence.
        const MARKY: &str = "中文ab12,:!()()\"\"''．.  \u{3000}\u{200B}\n，（）“-";

        fn from(pool: &'static str, len: usize) -> impl Strategy<Value = String> {
            let chars: Vec<char> = pool.chars().collect();
            prop::collection::vec(prop::sample::select(chars), 0..len)
                .prop_map(|v| v.into_iter().collect())
        }

        fn text() -> impl Strategy<Value = String> {
            from(POOL, 60)
        }

        fn marky() -> impl Strategy<Value = String> {
            from(MARKY, 40)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(100_000))]

            #[test]
            fn spec7_idempotent_on_mark_soup(s in marky()) {
                let once = canonical(&s);
                prop_assert_eq!(canonical(&once), once.clone());
                check_invariants(&once);
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(20_000))]

            #[test]
            fn spec7_idempotent(s in text()) {
                let once = canonical(&s);
                prop_assert_eq!(canonical(&once), once.clone());
                check_invariants(&once);
            }

            #[test]
            fn verbatim_text_is_what_a_pass_writes(s in text()) {
                // The shortcut of `canonical_into` against the pass it skips.
                if is_verbatim(&s) {
                    let mut out = String::new();
                    run(&s, &mut out, &mut Vec::new());
                    prop_assert_eq!(out, s);
                }
            }

            #[test]
            fn verbatim_lines_are_what_a_pass_writes(s in from("中国年一aZ059.-/%[]，。、（）《》“”…—：；？！", 40)) {
                prop_assert!(is_verbatim(&s));
                let mut out = String::new();
                run(&s, &mut out, &mut Vec::new());
                prop_assert_eq!(out, s);
            }

            #[test]
            fn arbitrary_input_does_not_panic(s in any::<String>()) {
                let once = canonical(&s);
                prop_assert_eq!(canonical(&once), once.clone());
                check_invariants(&once);
            }

            #[test]
            fn spec7_idempotent_on_long_lines(v in prop::collection::vec(text(), 1..8)) {
                let s = v.concat();
                let once = canonical(&s);
                prop_assert_eq!(canonical(&once), once.clone());
                check_invariants(&once);
            }

            #[test]
            fn into_matches_canonical(prefix in text(), s in text()) {
                let mut buf = prefix.clone();
                canonical_into(&s, &mut buf);
                prop_assert_eq!(buf, format!("{prefix}{}", canonical(&s)));
            }
        }
    }
}
