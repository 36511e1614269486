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
//! Speed: nearly every line is written by a shortcut in one pass over its bytes, which copies
//! unchanged runs as slices, skips runs of ideographs or plain ASCII by their leading bytes, and
//! writes every ASCII mark converted while proving that the fixpoint would convert each of them
//! (the case of nearly all Chinese text); it gives the line up to the general pass otherwise. That
//! pass reads a line a second time only if it holds one of the nine ASCII marks above. NFC costs
//! nothing on the common path: characters in ranges known to be NFC starters are not looked up;
//! any other one is looked up on its own, and only a combining mark or a non-NFC character leads
//! to a full check or to normalising the text first.
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
    canonical_line_into(text, out);
}

/// [`canonical_into`], which also tells whether `text` may hold U+3000: `false` only when it
/// holds none (the shortcut meets every one on its way, an ASCII line has none; the full pass
/// is not asked).
pub(crate) fn canonical_line_into(text: &str, out: &mut String) -> bool {
    let start = out.len();
    // Nearly every line is settled by the one pass of the shortcut.
    if let Some(ideographic_space) = quick(text, out) {
        return ideographic_space;
    }
    out.truncate(start);
    if ascii_line(text, out).is_some() {
        return false;
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
    true
}

/// Writes the canonical form of `line` when it is printable ASCII and TABs only (lines in
/// English, or numbers like `(1)`, which the shortcut gives up on: their marks do not convert);
/// `None`, writing nothing, for any other text.
///
/// Without a CJK-ish character no mark converts (each needs a CJK-ish neighbour, or a partner
/// that converts), and nothing else on such a line has context: only spaces change, each run
/// between two characters becoming one space and those at the ends going.
fn ascii_line(line: &str, out: &mut String) -> Option<()> {
    // Chunks folded without an early exit, which LLVM makes vector loops (nearly every line that
    // gets here, one the shortcut gave up on, is ASCII and read to its end anyway), and an exit
    // between them: text that is not ASCII, such as a whole page of Chinese handed to
    // `canonical`, stops at its first chunk (read to its end, it normalised at 40% of the speed).
    let b = line.as_bytes();
    let printable = |x: &u8| matches!(x, b' '..=b'~' | b'\t');
    if !b
        .chunks(32)
        .all(|chunk| chunk.iter().fold(true, |all, x| all & printable(x)))
    {
        return None;
    }
    // Most have words apart by one space and nothing to change: one copy.
    let pairs = b.iter().zip(b.get(1..).unwrap_or_default());
    let loose = pairs.fold(false, |loose, (&x, &y)| {
        loose | (x == b'\t') | ((x == b' ') & (y == b' '))
    });
    let ends = |x: Option<&u8>| x.is_some_and(|&x| x == b' ' || x == b'\t');
    if !loose && !ends(b.first()) && !ends(b.last()) {
        out.push_str(line);
        return Some(());
    }
    let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
    if let Some(first) = words.next() {
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    Some(())
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
/// (URO ideographs and the commonest Chinese punctuation), that `b` starts with; `b` must start
/// at a character boundary.
///
/// Runs of Chinese text are long (15 characters on average), so they are skipped six characters
/// at a time by [`surely_kept`], which tells where the first one it cannot vouch for starts; only
/// the character there (rarer punctuation, or the end of the run) and the last bytes of the
/// text, too few for a window, are asked of [`keeps`] one by one.
#[inline]
fn cjk_keep_run(b: &[u8]) -> usize {
    // Cut window by window from the first character: nearly every call starts a run (callers
    // ask at a leading byte from E2 or after a mark glued to a run), so a test of the first
    // character alone would only repeat the window's. The loop's only test is its length.
    let mut rest = b;
    while let Some((window, after)) = rest.split_first_chunk::<WINDOW>() {
        let unsure = surely_kept(window);
        if unsure == 0 {
            rest = after;
            continue;
        }
        // A character starts at byte 0, 3, … or 15: its three bytes are in the window.
        let at = (unsure.trailing_zeros() / 8) as usize & 15;
        match window.get(at..at + 3) {
            // Most runs end at ASCII (a mark or a number): told without the tables.
            Some(&[b0, b1, b2]) if b0 >= RUN_LEAD_MIN && keeps(b0, b1, b2) => {
                rest = rest.get(at + 3..).unwrap_or_default();
            }
            _ => return b.len() - rest.len() + at,
        }
    }
    b.len() - rest.len() + cjk_keep_run_by_char(rest)
}

/// Bytes [`surely_kept`] looks at: six three-byte characters.
const WINDOW: usize = 18;

/// How far past 0xE5 the leading byte of an ideograph may be (E5–E9), at the bytes of a window
/// where a character would start if each took three bytes (0, 3, …, 15); elsewhere 0xFF, which
/// lets any byte pass, so that the bytes where no character starts come out zero.
const HAN_SPAN: [u8; 16] = {
    let mut t = [0xFF; 16];
    let mut k = 0;
    while k < 16 {
        t[k] = 4;
        k += 3;
    }
    t
};

/// Which of the characters of `w`, read as six three-byte characters from its first byte (a
/// character boundary), [`cjk_keep_run`] may not take, as one non-zero byte each at the byte
/// it starts (little-endian); zero when it takes all six.
///
/// A character is sure when it is a URO ideograph (E5–E9, or E4 with a second byte from B8), or
/// 、。〇〈〉《》「」【】〔〕… (E3 80 81–A9, the commonest punctuation of runs). Each
/// takes three bytes, so while the ones before are sure, the next starts three bytes on, and
/// the first one not sure starts at a character boundary. Each test is a byte that is zero when
/// it holds, made of wrapping and saturating arithmetic and `min`, which LLVM turns into a few
/// vector operations for the 16 bytes at once; the bytes where no character would start come
/// out zero through [`HAN_SPAN`] (a mask after would cost an operation and a constant more).
#[inline(always)]
fn surely_kept(w: &[u8; WINDOW]) -> u128 {
    let mut unsure = [0u8; 16];
    let (Some(b0), Some(b1), Some(b2)) = (
        w.first_chunk::<16>(),
        w.get(1..).and_then(<[u8]>::first_chunk::<16>),
        w.get(2..).and_then(<[u8]>::first_chunk::<16>),
    ) else {
        return u128::MAX;
    };
    let lanes = b0.iter().zip(b1).zip(b2).zip(&HAN_SPAN);
    for (u, (((&x, &y), &z), &span)) in unsure.iter_mut().zip(lanes) {
        // Zero where no character starts, which makes the minimum zero there.
        let han = x.wrapping_sub(0xE5).saturating_sub(span);
        let han_4e = (x ^ 0xE4) | 0xB8u8.saturating_sub(y);
        let punct = (x ^ 0xE3) | (y ^ 0x80) | z.wrapping_sub(0x81).saturating_sub(0x28);
        *u = han.min(han_4e).min(punct);
    }
    u128::from_le_bytes(unsure)
}

/// [`cjk_keep_run`] one character at a time.
#[inline]
fn cjk_keep_run_by_char(b: &[u8]) -> usize {
    let mut s = b;
    // Every one of these is `Cls::Keep { cjk: true, odd: false }` (checked against `classify` in
    // a test), so after the first the caller's state is what it would be after each of them.
    while let [b0, b1, b2, rest @ ..] = s {
        if !keeps(*b0, *b1, *b2) {
            break;
        }
        s = rest;
    }
    b.len() - s.len()
}

/// Whether the character `b0`, `b1`, `b2` is one [`cjk_keep_run`] takes: a URO ideograph
/// (U+4E00–9FFF) or what [`keep3`] takes. The same answer as asking them in turn, but without
/// a branch: whether the next character of Chinese text is an ideograph or punctuation is
/// as good as random to a branch predictor, and a wrong guess costs more than the lookups.
///
/// Each table gives a byte its bits of the classes it may belong to (see [`KEEP_LEAD`]); the
/// character is taken when one class has the bit of all three of its bytes.
#[inline(always)]
fn keeps(b0: u8, b1: u8, b2: u8) -> bool {
    let at = |t: &[u8; 256], b: u8| t.get(usize::from(b)).copied().unwrap_or(0);
    at(&KEEP_LEAD, b0) & at(&KEEP_SECOND, b1) & at(&KEEP_THIRD, b2) != 0
}

/// The least leading byte of a character [`keeps`] takes (—‘’“”… are E2 80 xx).
const RUN_LEAD_MIN: u8 = 0xE2;

/// [`keeps`]'s classes, by bit: punctuation E3 80 xx, EF BC xx, E2 80 xx (third byte by
/// [`keep3`]); ideographs U+4E00–4FFF (E4 B8–BF xx); ideographs U+5000–9FFF (E5–E9 xx xx).
const KEEP_E3: u8 = 1;
const KEEP_EF: u8 = 2;
const KEEP_E2: u8 = 4;
const KEEP_4E: u8 = 8;
const KEEP_HAN: u8 = 16;

/// [`keeps`]'s classes a leading byte may start.
static KEEP_LEAD: [u8; 256] = {
    let mut t = [0u8; 256];
    t[0xE2] = KEEP_E2;
    t[0xE3] = KEEP_E3;
    t[0xE4] = KEEP_4E;
    t[0xEF] = KEEP_EF;
    let mut b = 0xE5;
    while b <= 0xE9 {
        t[b] = KEEP_HAN;
        b += 1;
    }
    t
};

/// [`keeps`]'s classes a second byte may continue.
static KEEP_SECOND: [u8; 256] = {
    let mut t = [KEEP_HAN; 256];
    t[0x80] |= KEEP_E3 | KEEP_E2;
    t[0xBC] |= KEEP_EF;
    let mut b = 0xB8;
    while b <= 0xFF {
        t[b] |= KEEP_4E;
        b += 1;
    }
    t
};

/// [`keeps`]'s classes a third byte may end.
static KEEP_THIRD: [u8; 256] = {
    let mut t = [KEEP_HAN | KEEP_4E; 256];
    let mut b = 0;
    while b < 256 {
        let b2 = b as u8;
        if keep3(0xE3, 0x80, b2) {
            t[b] |= KEEP_E3;
        }
        if keep3(0xEF, 0xBC, b2) {
            t[b] |= KEEP_EF;
        }
        if keep3(0xE2, 0x80, b2) {
            t[b] |= KEEP_E2;
        }
        b += 1;
    }
    t
};

/// Whether the three-byte character `b0`, `b1`, `b2` is common Chinese punctuation that
/// [`cjk_keep_run`] takes.
#[inline]
const fn keep3(b0: u8, b1: u8, b2: u8) -> bool {
    match b0 {
        // U+3001–3029, U+3030–303F: 、。〇〈〉《》「」【】〔〕 … (〇 is an ideograph, the
        // others punctuation, all CJK-ish and no word to a quote)
        0xE3 => b1 == 0x80 && matches!(b2, 0x81..=0xA9 | 0xB0..=0xBF),
        // U+FF01–FF04, U+FF06–FF0D, U+FF0F, U+FF1A–FF20: ！（），：；？ …
        0xEF => b1 == 0xBC && matches!(b2, 0x81..=0x84 | 0x86..=0x8D | 0x8F | 0x9A..=0xA0),
        // U+2014, U+2018, U+2019, U+201C, U+201D, U+2026: —‘’“”…
        0xE2 => b1 == 0x80 && matches!(b2, 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0xA6),
        _ => false,
    }
}

/// Length in bytes of the run of printable ASCII that is written as is (no space, no mark) that `b` starts with.
#[inline]
fn ascii_run(b: &[u8]) -> usize {
    b.iter()
        .position(|&x| LEADS.get(usize::from(x)) != Some(&Lead::Plain))
        .unwrap_or(b.len())
}

fn flush(out: &mut String, line: &str, from: usize, to: usize) {
    if to > from {
        if let Some(s) = line.get(from..to) {
            out.push_str(s);
        }
    }
}

/// What the byte a character starts with tells [`quick`] about it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lead {
    /// Printable ASCII other than the nine marks: written as it is, not CJK-ish.
    Plain,
    /// ASCII space or TAB.
    Space,
    /// One of `, : ; ? ! ( ) " '`.
    Mark,
    /// Anything else: decoded and classified.
    Other,
}

/// [`Lead`] by byte value.
static LEADS: [Lead; 256] = {
    let mut t = [Lead::Other; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b' ' | b'\t' => Lead::Space,
            b',' | b':' | b';' | b'?' | b'!' | b'(' | b')' | b'"' | b'\'' => Lead::Mark,
            0x21..=0x7E => Lead::Plain,
            _ => Lead::Other,
        };
        b += 1;
    }
    t
};

/// Runs of marks (see [`Quick`]) that may need a pair to convert, and pairs, open at once.
const QUICK_SLOTS: usize = 8;
// `Marks::rescued` has a bit for each.
const _: () = assert!(QUICK_SLOTS <= 8);

/// The one-pass shortcut for a line: writes it as a pass would if every ASCII mark on it converts,
/// which is the case of nearly every line of Chinese text that holds one, and proves on the way
/// that they all do. `None` (with `out` to be truncated by the caller) when it cannot: a line
/// break, a character that may need NFC, `'` (apostrophe or quote), or a mark not proved to
/// convert; the full pass decides those. Otherwise whether the line holds U+3000.
fn quick(line: &str, out: &mut String) -> Option<bool> {
    let b = line.as_bytes();
    let mut q = Quick::default();
    let mut i = 0;
    while let Some(&b0) = b.get(i) {
        // Runs of CJK are asked for first, before the leading byte's class: nearly every step
        // of Chinese text starts one, and a branch on the class is hard to predict when it
        // alternates.
        // ASCII, nearly every other step, is told without a call.
        let n = if b0 >= RUN_LEAD_MIN {
            cjk_keep_run(b.get(i..).unwrap_or_default())
        } else {
            0
        };
        if n > 0 {
            // Ideographs (leading bytes E4–E9) are words; the punctuation is not.
            q.visible(out, line, i, true, b0.wrapping_sub(0xE4) < 6)?;
            i += n;
            q.prev_digit = false;
            // Most marks stand alone between two runs (`政府,市政府`): each is a chain of its
            // own, grounded on both sides, which converts and leaves the state as it was
            // (`Quick::mark`, then `Quick::settle` at the run after it). Its chain's number is
            // never kept (it has no bracket or quote to pair, and ends grounded), so the marks
            // of the line need not hear of it: the next chain still gets a number of its own
            // from `Marks::start_chain`. Nor need the run after it be counted in `Quick::cjk`:
            // any pair around that run opened before the run before the mark, which counted.
            while let Some((glyph, run)) = glued_mark(b, i) {
                flush(out, line, q.run, i);
                out.push(glyph);
                q.run = i + 1;
                i += 1 + run;
            }
        }
        // What follows a run is not in one: no need to ask again.
        let Some(&b0) = b.get(i) else {
            break;
        };
        let lead = LEADS.get(usize::from(b0)).copied().unwrap_or(Lead::Other);
        // Tests in turn, not a `match`: its jump table's target, as good as random after a
        // run, was mispredicted at nearly every step.
        if lead == Lead::Plain {
            q.visible(out, line, i, false, b0.is_ascii_alphanumeric())?;
            i += 1 + ascii_run(b.get(i + 1..).unwrap_or_default());
            q.prev_digit = b.get(i - 1).is_some_and(u8::is_ascii_digit);
        } else if lead == Lead::Mark {
            q.mark(out, line, i, b0)?;
            i += 1;
        } else if lead == Lead::Space {
            q.space(out, line, i, i + 1);
            i += 1;
        } else {
            let c = line.get(i..)?.chars().next()?;
            let next = i + c.len_utf8();
            match classify(c) {
                Cls::Keep { odd: false, cjk } => {
                    q.visible(out, line, i, cjk, right_word(c, cjk))?;
                    q.prev_digit = c.is_ascii_digit();
                }
                Cls::Map(a) => {
                    q.visible(out, line, i, false, right_word(a, false))?;
                    q.replace(out, line, i, next, a);
                    q.prev_digit = a.is_ascii_digit();
                }
                Cls::Dot => {
                    let to_ascii = dot_to_ascii(q.prev_digit, line.get(next..).unwrap_or(""));
                    let (a, cjk) = if to_ascii {
                        ('.', false)
                    } else {
                        ('．', true)
                    };
                    q.visible(out, line, i, cjk, right_word(a, cjk))?;
                    q.replace(out, line, i, next, a);
                    q.prev_digit = false;
                }
                Cls::Drop => {
                    flush(out, line, q.run, i);
                    q.run = next;
                }
                Cls::Space => {
                    q.ideographic_space |= c == '\u{3000}';
                    q.space(out, line, i, next);
                }
                // Marks are ASCII and met above.
                Cls::Keep { odd: true, .. } | Cls::Break | Cls::Mark => return None,
            }
            i = next;
        }
    }
    q.finish(out, line)?;
    Some(q.ideographic_space)
}

/// The full-width glyph of the ASCII mark `, : ; ? !`, which Chinese text writes wide.
#[inline(always)]
fn wide_mark(mark: u8) -> Option<&'static str> {
    Some(match mark {
        b',' => "，",
        b':' => "：",
        b';' => "；",
        b'?' => "？",
        b'!' => "！",
        _ => return None,
    })
}

/// `, : ; ? !` by bit (all below 0x40): [`wide_mark_char`]'s test.
const WIDE_MARKS: u64 = 1 << b',' | 1 << b':' | 1 << b';' | 1 << b'?' | 1 << b'!';

/// [`wide_mark`] as a `char`, told by a bit and an addition: after a run, whether a mark
/// follows is as good as random to a branch predictor, and the jump table of a `match`
/// mispredicted there more than anywhere else in the program.
#[inline(always)]
fn wide_mark_char(mark: u8) -> Option<char> {
    // U+FF01–FF5E are ASCII 0x21–0x7E moved by 0xFEE0.
    (mark < 64 && WIDE_MARKS >> mark & 1 != 0).then(|| char::from_u32(0xFEE0 + u32::from(mark)))?
}

/// The glyph of `, : ; ? !` at byte `i` of `b`, and the length of the run of [`cjk_keep_run`]
/// after it, when that run is not empty.
#[inline(always)]
fn glued_mark(b: &[u8], i: usize) -> Option<(char, usize)> {
    let glyph = wide_mark_char(*b.get(i)?)?;
    let run = cjk_keep_run(b.get(i + 1..)?);
    (run > 0).then_some((glyph, run))
}

/// What decides a quote's glyph when it has no partner: the next non-space character is a word.
fn right_word(c: char, cjk: bool) -> bool {
    if cjk {
        !is_fullwidth_punct(c)
    } else {
        is_word(c)
    }
}

/// The state of [`quick`] along a line.
#[derive(Default)]
struct Quick {
    /// Start of the bytes copied verbatim once something else has to be written.
    run: usize,
    /// Class of the last character written: `None` at the start of the line, `Some(cjk)` after.
    prev: Option<bool>,
    prev_digit: bool,
    /// What waits for the next visible character: [`SPACE`], [`CHAIN`], [`QUOTE`].
    waiting: u8,
    /// CJK-ish characters met so far, counted once per run (not for a run right after a mark
    /// glued to the run before: see [`quick`]): only comparisons are made of it.
    cjk: u32,
    /// Made at the first mark of the line.
    marks: Option<Marks>,
    /// A U+3000 was met.
    ideographic_space: bool,
}

/// [`Quick::waiting`]: a run of spaces, written or dropped by what follows.
const SPACE: u8 = 1;
/// [`Quick::waiting`]: the last visible character was a mark; what follows ends its chain.
const CHAIN: u8 = 2;
/// [`Quick::waiting`]: the last visible character was an open `"`; what follows is its right.
const QUOTE: u8 = 4;

/// What [`quick`] knows of the marks of a line.
///
/// Every mark is written converted, and checked to be converted by the fixpoint of [`resolve`]
/// too, by a sufficient condition: a *chain* (marks with only spaces between them) converts as a
/// whole once one of its marks does; one converts when the chain touches a CJK-ish character at
/// either end (it is *grounded*), or when a mark of it is paired with a mark that converts or
/// with the pair holding a CJK-ish character. Chains not grounded are *weak*; a weak chain that
/// no pair comes to rescue sends the line to the full pass.
#[derive(Default)]
struct Marks {
    /// Number of the current or last chain (from 1).
    chain: u32,
    chain_left_cjk: bool,
    /// The current chain holds a bracket or a double quote, which a pair may convert.
    chain_pairable: bool,
    /// The current chain converts whatever its ends touch.
    chain_rescued: bool,
    /// Weak chains that convert if the current chain does (paired with a mark of it).
    contingent: [u32; QUICK_SLOTS],
    contingent_len: usize,
    /// Weak chains.
    weak: [u32; QUICK_SLOTS],
    weak_len: usize,
    /// Which of `weak` a pair has rescued since, by bit. Apart from `weak` (not a pair each) so
    /// that `Marks::default`, made on most lines with a mark, is a few vector stores.
    rescued: u8,
    /// Open brackets: (chain, CJK count when met).
    brackets: [(u32, u32); QUICK_SLOTS],
    depth: usize,
    /// An open double quote waiting for its partner.
    dq: Option<OpenQuote>,
}

/// A double quote without a partner so far, written `“`.
#[derive(Clone, Copy)]
struct OpenQuote {
    chain: u32,
    cjk: u32,
    /// Where its glyph starts in the output.
    at: usize,
    /// Nothing visible precedes it on the line.
    left_edge: bool,
    right_word: bool,
}

impl Quick {
    /// A visible character that is not a mark, of class `cjk`, at byte `i`; `word` is what it
    /// says of an open quote before it.
    #[inline(always)]
    fn visible(
        &mut self,
        out: &mut String,
        line: &str,
        i: usize,
        cjk: bool,
        word: bool,
    ) -> Option<()> {
        if self.waiting != 0 {
            self.settle(out, line, i, cjk, word)?;
        }
        self.cjk += u32::from(cjk);
        self.prev = Some(cjk);
        Some(())
    }

    /// What waited for the visible character at byte `i` ([`Quick::visible`]).
    #[inline]
    fn settle(
        &mut self,
        out: &mut String,
        line: &str,
        i: usize,
        cjk: bool,
        word: bool,
    ) -> Option<()> {
        if self.waiting & SPACE != 0 {
            flush(out, line, self.run, i);
            self.run = i;
            if self.prev == Some(false) && !cjk {
                out.push(' ');
            }
        }
        if let Some(m) = self.marks.as_mut() {
            if self.waiting & CHAIN != 0 {
                m.end_chain(cjk)?;
            }
            if self.waiting & QUOTE != 0 {
                if let Some(dq) = m.dq.as_mut() {
                    dq.right_word = word;
                }
            }
        }
        self.waiting = 0;
        Some(())
    }

    /// A space (or TAB) from byte `i` to `next`.
    #[inline(always)]
    fn space(&mut self, out: &mut String, line: &str, i: usize, next: usize) {
        flush(out, line, self.run, i);
        self.run = next;
        self.waiting |= SPACE;
    }

    /// Writes `a` for the character from byte `i` to `next` (after [`Quick::visible`]).
    fn replace(&mut self, out: &mut String, line: &str, i: usize, next: usize, a: char) {
        flush(out, line, self.run, i);
        self.run = next;
        out.push(a);
    }

    /// The ASCII mark `m` at byte `i`, written converted.
    fn mark(&mut self, out: &mut String, line: &str, i: usize, m: u8) -> Option<()> {
        flush(out, line, self.run, i);
        self.run = i + 1;
        let (prev, cjk) = (self.prev, self.cjk);
        let marks = self.marks.get_or_insert_with(Marks::default);
        if self.waiting & CHAIN == 0 {
            marks.start_chain(prev == Some(true));
        }
        // Converted, the mark is CJK-ish: no space survives beside it.
        self.waiting = CHAIN;
        let glyph = match m {
            b'(' => {
                let slot = marks.brackets.get_mut(marks.depth)?;
                *slot = (marks.chain, cjk);
                marks.depth += 1;
                marks.chain_pairable = true;
                "（"
            }
            b')' => {
                if let Some(d) = marks.depth.checked_sub(1) {
                    marks.depth = d;
                    let (chain, at) = marks.brackets.get(d).copied()?;
                    marks.chain_pairable = true;
                    marks.paired(chain, cjk > at)?;
                }
                "）"
            }
            b'"' => {
                marks.chain_pairable = true;
                if let Some(open) = marks.dq.take() {
                    marks.paired(open.chain, cjk > open.cjk)?;
                    "”"
                } else {
                    marks.dq = Some(OpenQuote {
                        chain: marks.chain,
                        cjk,
                        at: out.len(),
                        left_edge: prev.is_none(),
                        right_word: false,
                    });
                    self.waiting |= QUOTE;
                    "“"
                }
            }
            _ => wide_mark(m)?,
        };
        out.push_str(glyph);
        self.prev = Some(true);
        self.prev_digit = false;
        Some(())
    }

    /// The end of the line: every chain must convert; a lone `"` takes its side.
    fn finish(&mut self, out: &mut String, line: &str) -> Option<()> {
        flush(out, line, self.run, line.len());
        let Some(m) = self.marks.as_mut() else {
            return Some(());
        };
        if self.waiting & CHAIN != 0 {
            m.end_chain(false)?;
        }
        if u32::from(m.rescued) != (1 << m.weak_len) - 1 {
            return None;
        }
        if let Some(dq) = m.dq {
            // An unpaired quote closes when something precedes it and no word follows it.
            let at = dq.at..dq.at + '“'.len_utf8();
            if !dq.left_edge && !dq.right_word && out.get(at.clone()) == Some("“") {
                out.replace_range(at, "”");
            }
        }
        Some(())
    }
}

impl Marks {
    /// A mark follows a visible character that is not a mark, of class `left_cjk`, or nothing.
    fn start_chain(&mut self, left_cjk: bool) {
        self.chain += 1;
        self.chain_left_cjk = left_cjk;
        self.chain_pairable = false;
        self.chain_rescued = false;
        self.contingent_len = 0;
    }

    /// A mark of the current chain closes a pair opened in chain `chain`; `holds_cjk` when a
    /// CJK-ish character lies between the two.
    fn paired(&mut self, chain: u32, holds_cjk: bool) -> Option<()> {
        if holds_cjk {
            // A pair holding a CJK-ish character converts, and with it both its chains.
            self.chain_rescued = true;
            self.rescue(chain);
        } else if chain != self.chain {
            if self.converts(chain) {
                self.chain_rescued = true;
            } else {
                let slot = self.contingent.get_mut(self.contingent_len)?;
                *slot = chain;
                self.contingent_len += 1;
            }
        }
        Some(())
    }

    /// Whether chain `chain`, ended already, is known to convert.
    fn converts(&self, chain: u32) -> bool {
        let weak = self.weak.get(..self.weak_len).unwrap_or_default();
        (weak.iter().enumerate()).all(|(k, &w)| w != chain || self.rescued >> k & 1 != 0)
    }

    fn rescue(&mut self, chain: u32) {
        let weak = self.weak.get(..self.weak_len).unwrap_or_default();
        for (k, &w) in weak.iter().enumerate() {
            if w == chain {
                self.rescued |= 1 << k;
            }
        }
    }

    /// The current chain ends; the next visible character is of class `right_cjk`.
    // Kept out of line: `Quick::settle`, inlined where a run starts, stays small.
    #[inline(never)]
    fn end_chain(&mut self, right_cjk: bool) -> Option<()> {
        if self.chain_left_cjk || right_cjk || self.chain_rescued {
            for k in 0..self.contingent_len {
                if let Some(&chain) = self.contingent.get(k) {
                    self.rescue(chain);
                }
            }
        } else if self.chain_pairable {
            let slot = self.weak.get_mut(self.weak_len)?;
            *slot = self.chain;
            self.weak_len += 1;
        } else {
            // Only brackets and quotes have partners: nothing can convert this chain.
            return None;
        }
        Some(())
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
    fn keeps_tables_answer_as_the_tests_in_turn() {
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                for b2 in 0..=255u8 {
                    let in_turn = b0.wrapping_sub(0xE5) < 5
                        || (b0 == 0xE4 && b1 >= 0xB8)
                        || keep3(b0, b1, b2);
                    assert_eq!(keeps(b0, b1, b2), in_turn, "{b0:02X} {b1:02X} {b2:02X}");
                    assert!(!in_turn || b0 >= RUN_LEAD_MIN, "{b0:02X}");
                }
            }
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
    fn cjk_keep_run_by_windows_ends_where_by_char_does() {
        // Every BMP character after every number of ideographs and punctuation a window can
        // hold before it, followed by more run or by nothing: the windows see it at every
        // offset, as the second or third byte of a window too, and at the end of the text.
        let mut buf = [0u8; 4];
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let c = c.encode_utf8(&mut buf);
            for before in 0..7 {
                for after in ["", "中", "、上国", "中国人民共和国政府"] {
                    let s = format!("{}{c}{after}", &"中、上〈“国》人"[..before * 3]);
                    let b = s.as_bytes();
                    assert_eq!(cjk_keep_run(b), cjk_keep_run_by_char(b), "{s:?}");
                    let shifted = format!("{}{s}", "国".repeat(before));
                    let b = shifted.as_bytes();
                    assert_eq!(cjk_keep_run(b), cjk_keep_run_by_char(b), "{shifted:?}");
                }
            }
        }
    }

    #[test]
    fn wide_mark_char_is_wide_mark() {
        for m in 0..=u8::MAX {
            let glyph = wide_mark(m).and_then(|g| g.chars().next());
            assert_eq!(wide_mark_char(m), glyph, "{m:#04x}");
        }
    }

    #[test]
    fn quick_takes_lines_whose_marks_all_convert() {
        for s in [
            "(责任单位:市住房城乡建委,各区县政府。以下任务均需各区县政府落实,不再列出)",
            "第16期(总第989期)",
            "(1)加强统筹",
            "到 2030 年底, 打造一批(2025)",
            "打造\"AI(人工智能)+建造\"应用场景",
            "建设\"智慧工地",
            "中((b))",
        ] {
            let mut out = String::new();
            assert!(quick(s, &mut out).is_some(), "{s}");
            let mut full = String::new();
            run(s, &mut full, &mut Vec::new());
            assert_eq!(out, full, "{s}");
        }
        // Marks that stay ASCII, apostrophes, NFC and line breaks are for the full pass.
        for s in [
            "Published on November 15, 2025",
            "Beibei Districts (1)",
            "中(a(b)c)",
            "PEOPLE'S 公报",
            "Cafe\u{301}",
            "中\n文",
        ] {
            assert!(quick(s, &mut String::new()).is_none(), "{s}");
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

        /// Mostly what runs of [`cjk_keep_run`] take, with the characters next to them in the
        /// code charts (ideographs of Extension A, 〇 U+3007, 〰 U+3030, ＂, ％, ．) and others.
        const RUNS: &str = concat!(
            "中国上中国上中国上中国上中国上中国上丁一丂鿿丅丆䷿㐀䶿〇、。〆〈〉〔〕〩〪〰〿“”‘’—…‧",
            "，（）！＃＄＆＂％．／：；？＠［",
            "a1 \u{3000}é\u{20000}\u{FFFF}\u{0800}",
        );

        /// Printable ASCII, weighted to marks, spaces and letters.
        const ASCII: &str = concat!(
            " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~\t",
            ",:;?!()\"' \t,:;?!()\"' \t  aaazzz'(\"",
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

        /// Lines of Chinese text with every mark in nests, pairs and alone, spaces, full-width
        /// letters and digits, dots, zero-width and combining characters, but no line break.
        fn chinese_line() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "中文",
                "年",
                "（一）",
                "、",
                "。",
                "《规划》",
                "“好房子”",
                "ab",
                "12",
                "A1",
                ",",
                ":",
                ";",
                "?",
                "!",
                "(",
                ")",
                "\"",
                "'",
                "((",
                "))",
                "()",
                " ",
                "  ",
                "\u{3000}",
                "\t",
                "\u{00A0}",
                "Ａ",
                "２",
                "．",
                ".",
                "％",
                "\u{200B}",
                "é",
                "e\u{0301}",
                "①",
                "·",
                "©",
                "Ⅱ",
                "—",
            ]);
            prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
        }

        /// What `canonical` writes, the shortcut taken where it applies.
        fn quick_or_pass(s: &str) -> String {
            let mut out = String::new();
            canonical_into(s, &mut out);
            out
        }

        /// What the full pass writes.
        fn pass_alone(s: &str) -> String {
            let mut out = String::new();
            run(s, &mut out, &mut Vec::new());
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(100_000))]

            #[test]
            fn quick_writes_what_a_pass_writes_on_mark_soup(s in marky()) {
                prop_assert_eq!(quick_or_pass(&s), pass_alone(&s));
            }

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
            fn quick_writes_what_a_pass_writes(s in text()) {
                prop_assert_eq!(quick_or_pass(&s), pass_alone(&s));
            }

            #[test]
            fn quick_writes_what_a_pass_writes_on_chinese_lines(s in chinese_line()) {
                prop_assert_eq!(quick_or_pass(&s), pass_alone(&s));
            }

            #[test]
            fn cjk_keep_run_by_windows_is_by_char(s in from(RUNS, 80)) {
                for (i, _) in s.char_indices() {
                    let b = s.as_bytes().get(i..).unwrap_or_default();
                    prop_assert_eq!(cjk_keep_run(b), cjk_keep_run_by_char(b), "{:?}", &s[i..]);
                }
            }

            #[test]
            fn ascii_lines_are_written_as_a_pass_writes_them(s in from(ASCII, 60)) {
                let mut out = String::new();
                prop_assert!(ascii_line(&s, &mut out).is_some());
                prop_assert_eq!(out, pass_alone(&s));
            }

            #[test]
            fn quick_copies_plain_lines(s in from("中国年一aZ059.-/%[]，。、（）《》“”…—：；？！", 40)) {
                let mut out = String::new();
                prop_assert!(quick(&s, &mut out).is_some());
                prop_assert_eq!(&out, &s);
                prop_assert_eq!(out, pass_alone(&s));
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
            fn a_line_without_ideographic_space_is_told(s in text()) {
                let mut out = String::new();
                if !canonical_line_into(&s, &mut out) {
                    let holds_one = s.contains('\u{3000}');
                    prop_assert!(!holds_one, "{:?}", s);
                }
                prop_assert_eq!(out, canonical(&s));
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
