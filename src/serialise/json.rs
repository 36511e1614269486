//! A hand-written JSON writer for the wire types of `crate::model`, byte for
//! byte what `serde_json::to_writer` prints for them, only faster: keys are
//! constant byte strings, the internally tagged `Block` does not go through
//! serde's map machinery, and strings are tested for escapes a vector at
//! a time and copied in whole pieces.
//!
//! Every struct is destructured without `..`, so that a field added to
//! `model.rs` stops this file compiling until the writer prints it too;
//! `tests/json_writer.rs` checks key order, nulls and escapes against
//! serde_json's own output.

use crate::model::{
    Article, Attachment, Block, Copy, DocNumber, Effective, Enclosure, GazetteIssue, Kind,
    Reference, Relation, Responsibility, Warning,
};

/// An optional string field: its comma, key and opening quote, the text and
/// its closing quote, or its comma, key and `null`; the key is named once
/// and both constant pieces are made from it.
macro_rules! opt_field {
    ($out:expr, $key:literal, $s:expr) => {
        write_opt_field(
            $out,
            concat!(",\"", $key, "\":\"").as_bytes(),
            concat!(",\"", $key, "\":null").as_bytes(),
            $s,
        )
    };
}
/// Appends `article` as one line of compact JSON, with its newline.
pub(crate) fn line(out: &mut Vec<u8>, article: &Article) {
    let Article {
        schema,
        id,
        kind,
        doc_type,
        doc_number,
        title,
        issuers,
        addressees,
        date,
        published,
        publicity,
        source,
        gazette,
        body: body_blocks,
        enclosure,
        attachments,
        references,
        effective,
        copies,
        warnings,
        fingerprint,
    } = article;
    // One reservation for the bulk of the line, so that the many small
    // appends below seldom reallocate; a guess, not a bound.
    out.reserve(1024);
    // The quotes of the strings always there are joined to the keys
    // around them, one append each fewer.
    out.extend_from_slice(b"{\"schema\":\"");
    body(out, schema);
    out.extend_from_slice(b"\",\"id\":\"");
    body(out, id);
    out.extend_from_slice(b"\",\"kind\":");
    out.extend_from_slice(kind_name(*kind));
    opt_field!(out, "doc_type", doc_type);
    out.extend_from_slice(b",\"doc_number\":");
    match doc_number {
        Some(n) => write_doc_number(out, n),
        None => null(out),
    }
    opt_field!(out, "title", title);
    out.extend_from_slice(b",\"issuers\":");
    strings(out, issuers);
    out.extend_from_slice(b",\"addressees\":");
    strings(out, addressees);
    opt_field!(out, "date", date);
    opt_field!(out, "published", published);
    opt_field!(out, "publicity", publicity);
    opt_field!(out, "source", source);
    out.extend_from_slice(b",\"gazette\":");
    match gazette {
        Some(g) => write_gazette(out, g),
        None => null(out),
    }
    out.extend_from_slice(b",\"body\":");
    blocks(out, body_blocks);
    out.extend_from_slice(b",\"enclosure\":");
    match enclosure {
        Some(e) => write_enclosure(out, e),
        None => null(out),
    }
    out.extend_from_slice(b",\"attachments\":");
    list(out, attachments, write_attachment);
    out.extend_from_slice(b",\"references\":");
    list(out, references, write_reference);
    out.extend_from_slice(b",\"effective\":");
    match effective {
        Some(e) => write_effective(out, e),
        None => null(out),
    }
    out.extend_from_slice(b",\"copies\":");
    list(out, copies, write_copy);
    out.extend_from_slice(b",\"warnings\":");
    list(out, warnings, write_warning);
    out.extend_from_slice(b",\"fingerprint\":\"");
    body(out, fingerprint);
    out.extend_from_slice(b"\"}\n");
}

/// `Kind` as serde prints it (`rename_all = "lowercase"`), quotes included.
fn kind_name(kind: Kind) -> &'static [u8] {
    match kind {
        Kind::Notice => b"\"notice\"",
        Kind::Interpretation => b"\"interpretation\"",
        Kind::News => b"\"news\"",
        Kind::Other => b"\"other\"",
    }
}

/// `Relation` as serde prints it (`rename_all = "lowercase"`), quotes included.
fn relation_name(relation: Relation) -> &'static [u8] {
    match relation {
        Relation::Cites => b"\"cites\"",
        Relation::Repeals => b"\"repeals\"",
        Relation::Interprets => b"\"interprets\"",
    }
}

fn write_doc_number(out: &mut Vec<u8>, n: &DocNumber) {
    let DocNumber {
        text,
        agency,
        year,
        serial,
    } = n;
    out.extend_from_slice(b"{\"text\":\"");
    body(out, text);
    out.push(b'"');
    opt_field!(out, "agency", agency);
    out.extend_from_slice(b",\"year\":");
    integer(out, *year);
    out.extend_from_slice(b",\"serial\":");
    integer(out, *serial);
    out.push(b'}');
}

fn write_gazette(out: &mut Vec<u8>, g: &GazetteIssue) {
    let GazetteIssue {
        name,
        year,
        issue,
        total_issue,
        date,
    } = g;
    out.extend_from_slice(b"{\"name\":");
    string(out, name);
    out.extend_from_slice(b",\"year\":");
    opt_integer(out, *year);
    out.extend_from_slice(b",\"issue\":");
    opt_integer(out, *issue);
    out.extend_from_slice(b",\"total_issue\":");
    opt_integer(out, *total_issue);
    out.extend_from_slice(b",\"date\":");
    opt_string(out, date.as_deref());
    out.push(b'}');
}

/// A JSON array of blocks. Each block is written with the comma before
/// it, joined to its constant opening, and the first one's comma is then
/// overwritten with the `[`: one append a block fewer than a separate
/// comma.
// The one function of the recursion kept out of line, with `write_block`
// inlined in it: the other way round, each block paid a call.
#[inline(never)]
fn blocks(out: &mut Vec<u8>, blocks: &[Block]) {
    if blocks.is_empty() {
        return out.extend_from_slice(b"[]");
    }
    let open = out.len();
    for block in blocks {
        write_block(out, block);
    }
    if let Some(comma) = out.get_mut(open) {
        *comma = b'[';
    }
    out.push(b']');
}

/// A block the way serde prints an internally tagged enum: `"type"` first,
/// then the variant's fields in declaration order; after a comma, which
/// [`blocks`] turns into the array's `[` for the first block.
#[inline(always)]
fn write_block(out: &mut Vec<u8>, block: &Block) {
    // Strings in the hot fields are written as `body`, their quotes joined
    // to the constant text around them.
    match block {
        Block::Paragraph {
            text,
            responsibility,
        } => {
            out.extend_from_slice(b",{\"type\":\"paragraph\",\"text\":\"");
            body(out, text);
            match responsibility {
                None => out.extend_from_slice(b"\",\"responsibility\":null}"),
                Some(r) => {
                    out.extend_from_slice(b"\",\"responsibility\":");
                    write_responsibility(out, r);
                    out.push(b'}');
                }
            }
        }
        Block::Section {
            level,
            marker,
            number,
            heading,
            responsibility,
            blocks: children,
        } => {
            // A level or a number of one digit (as good as all) is
            // written into the constant text around it, one append.
            match *level {
                d @ 0..=9 => digit_in(out, b",{\"type\":\"section\",\"level\":0,\"marker\":\"", d),
                _ => {
                    out.extend_from_slice(b",{\"type\":\"section\",\"level\":");
                    small(out, u32::from(*level));
                    out.extend_from_slice(b",\"marker\":\"");
                }
            }
            body(out, marker);
            // The heading's quotes and a null are joined to the keys
            // around them, one append each instead of three.
            match (u8::try_from(*number), heading) {
                (Ok(d @ 0..=9), Some(h)) => {
                    digit_in(out, b"\",\"number\":0,\"heading\":\"", d);
                    body(out, h);
                    out.extend_from_slice(b"\",\"responsibility\":");
                }
                (Ok(d @ 0..=9), None) => digit_in(
                    out,
                    b"\",\"number\":0,\"heading\":null,\"responsibility\":",
                    d,
                ),
                (_, Some(h)) => {
                    out.extend_from_slice(b"\",\"number\":");
                    small(out, *number);
                    out.extend_from_slice(b",\"heading\":\"");
                    body(out, h);
                    out.extend_from_slice(b"\",\"responsibility\":");
                }
                (_, None) => {
                    out.extend_from_slice(b"\",\"number\":");
                    small(out, *number);
                    out.extend_from_slice(b",\"heading\":null,\"responsibility\":");
                }
            }
            // A responsibility without a note (as good as all of them) is
            // written here, its constant text joined to the keys and
            // brackets around its lists.
            match responsibility {
                Some(Responsibility {
                    lead,
                    responsible,
                    note: None,
                }) => match (lead.is_empty(), responsible.is_empty()) {
                    (true, false) => {
                        out.extend_from_slice(b"{\"lead\":[],\"responsible\":[\"");
                        items(out, responsible);
                        out.extend_from_slice(b"\"],\"note\":null},\"blocks\":");
                    }
                    (false, false) => {
                        out.extend_from_slice(b"{\"lead\":[\"");
                        items(out, lead);
                        out.extend_from_slice(b"\"],\"responsible\":[\"");
                        items(out, responsible);
                        out.extend_from_slice(b"\"],\"note\":null},\"blocks\":");
                    }
                    (false, true) => {
                        out.extend_from_slice(b"{\"lead\":[\"");
                        items(out, lead);
                        out.extend_from_slice(b"\"],\"responsible\":[],\"note\":null},\"blocks\":");
                    }
                    (true, true) => out.extend_from_slice(
                        b"{\"lead\":[],\"responsible\":[],\"note\":null},\"blocks\":",
                    ),
                },
                Some(r) => {
                    write_responsibility(out, r);
                    out.extend_from_slice(b",\"blocks\":");
                }
                None => out.extend_from_slice(b"null,\"blocks\":"),
            }
            blocks(out, children);
            out.push(b'}');
        }
        Block::Table { header, rows } => {
            out.extend_from_slice(b",{\"type\":\"table\",\"header\":");
            strings(out, header);
            out.extend_from_slice(b",\"rows\":");
            list(out, rows, |out, row| strings(out, row));
            out.push(b'}');
        }
    }
}

fn write_responsibility(out: &mut Vec<u8>, r: &Responsibility) {
    let Responsibility {
        lead,
        responsible,
        note,
    } = r;
    // The empty lead and the missing note (the usual case) are joined to
    // the keys around them, one append each.
    if lead.is_empty() {
        out.extend_from_slice(b"{\"lead\":[],\"responsible\":");
    } else {
        out.extend_from_slice(b"{\"lead\":");
        strings(out, lead);
        out.extend_from_slice(b",\"responsible\":");
    }
    strings(out, responsible);
    match note {
        None => out.extend_from_slice(b",\"note\":null}"),
        Some(note) => {
            out.extend_from_slice(b",\"note\":");
            string(out, note);
            out.push(b'}');
        }
    }
}

fn write_enclosure(out: &mut Vec<u8>, e: &Enclosure) {
    let Enclosure { title, body } = e;
    out.extend_from_slice(b"{\"title\":");
    opt_string(out, title.as_deref());
    out.extend_from_slice(b",\"body\":");
    blocks(out, body);
    out.push(b'}');
}

fn write_attachment(out: &mut Vec<u8>, a: &Attachment) {
    let Attachment {
        number,
        title,
        body,
    } = a;
    out.extend_from_slice(b"{\"number\":");
    integer(out, *number);
    out.extend_from_slice(b",\"title\":");
    opt_string(out, title.as_deref());
    out.extend_from_slice(b",\"body\":");
    blocks(out, body);
    out.push(b'}');
}

fn write_reference(out: &mut Vec<u8>, r: &Reference) {
    let Reference {
        doc_number,
        title,
        relation,
    } = r;
    out.extend_from_slice(b"{\"doc_number\":\"");
    body(out, doc_number);
    out.push(b'"');
    opt_field!(out, "title", title);
    out.extend_from_slice(b",\"relation\":");
    out.extend_from_slice(relation_name(*relation));
    out.push(b'}');
}

fn write_effective(out: &mut Vec<u8>, e: &Effective) {
    let Effective { text, from, until } = e;
    out.extend_from_slice(b"{\"text\":\"");
    body(out, text);
    out.push(b'"');
    opt_field!(out, "from", from);
    opt_field!(out, "until", until);
    out.push(b'}');
}

fn write_copy(out: &mut Vec<u8>, c: &Copy) {
    let Copy {
        file,
        start,
        end,
        encoding,
        format,
    } = c;
    out.extend_from_slice(b"{\"file\":\"");
    body(out, file);
    out.extend_from_slice(b"\",\"start\":");
    integer(out, *start);
    out.extend_from_slice(b",\"end\":");
    integer(out, *end);
    out.extend_from_slice(b",\"encoding\":\"");
    body(out, encoding);
    out.extend_from_slice(b"\",\"format\":\"");
    body(out, format);
    out.extend_from_slice(b"\"}");
}

fn write_warning(out: &mut Vec<u8>, w: &Warning) {
    let Warning { code, message } = w;
    out.extend_from_slice(b"{\"code\":\"");
    body(out, code);
    out.extend_from_slice(b"\",\"message\":\"");
    body(out, message);
    out.extend_from_slice(b"\"}");
}

/// A JSON array of `items`, each written by `item`: `[]` when empty, like
/// serde_json's compact formatter.
fn list<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    let mut items = items.iter();
    if let Some(first) = items.next() {
        item(out, first);
        for next in items {
            out.push(b',');
            item(out, next);
        }
    }
    out.push(b']');
}

/// A JSON array of strings, the quotes between items written with the commas.
fn strings(out: &mut Vec<u8>, list: &[String]) {
    if list.is_empty() {
        return out.extend_from_slice(b"[]");
    }
    out.extend_from_slice(b"[\"");
    items(out, list);
    out.extend_from_slice(b"\"]");
}

/// The strings of a JSON array between its first and its last quote:
/// each item's text, the quotes between them written with the commas.
#[inline(always)]
fn items(out: &mut Vec<u8>, list: &[String]) {
    let Some((first, rest)) = list.split_first() else {
        return;
    };
    body(out, first);
    for s in rest {
        out.extend_from_slice(b"\",\"");
        body(out, s);
    }
}

/// `template` with its `0` (the only one) replaced by the digit `d`
/// (under 10), in one append.
#[inline(always)]
fn digit_in<const N: usize>(out: &mut Vec<u8>, template: &[u8; N], d: u8) {
    let mut text = *template;
    if let Some(zero) = text.iter_mut().find(|b| **b == b'0') {
        *zero = b'0' + d;
    }
    out.extend_from_slice(&text);
}

fn null(out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}

/// [`opt_field!`]'s writer: `open`, the text and `"`, or `null` (both with
/// the key).
#[inline(always)]
fn write_opt_field(out: &mut Vec<u8>, open: &[u8], null: &[u8], s: &Option<String>) {
    match s {
        Some(s) => {
            out.extend_from_slice(open);
            body(out, s);
            out.push(b'"');
        }
        None => out.extend_from_slice(null),
    }
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => null(out),
    }
}

/// An unsigned integer in decimal, as serde_json prints it (it uses itoa too).
fn integer<I: itoa::Integer>(out: &mut Vec<u8>, n: I) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// [`integer`] for the small numbers of sections (levels, item numbers):
/// one or two digits written directly, without a call to copy them.
#[inline(always)]
fn small(out: &mut Vec<u8>, n: u32) {
    match u8::try_from(n) {
        Ok(d @ 0..=9) => out.push(b'0' + d),
        Ok(d @ 10..=99) => out.extend_from_slice(&[b'0' + d / 10, b'0' + d % 10]),
        _ => integer(out, n),
    }
}

fn opt_integer<I: itoa::Integer>(out: &mut Vec<u8>, n: Option<I>) {
    match n {
        Some(n) => integer(out, n),
        None => null(out),
    }
}

/// Whether serde_json escapes `b`: `"`, `\` or a control character.
#[inline]
fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// A byte's escape key: zero exactly for a byte serde_json escapes (`"`,
/// `\` or a control character below 0x20).
///
/// `^ 0x02` keeps the controls below 0x20 and takes `"` to 0x20 alone (the
/// space goes to 0x22), so the saturating `- 0x20` is zero for both;
/// `^ b'\\'` is zero for the backslash. Four vector operations a 16 bytes
/// (two xors, a subtraction and a minimum), where the excess over 0x1F and
/// two xors took five and a compare.
#[inline(always)]
fn escape_key(b: u8) -> u8 {
    (b ^ 0x02).saturating_sub(0x20).min(b ^ b'\\')
}

/// Whether no byte of `chunk` needs escaping: the keys compared with zero
/// a vector at a time, one mask for the whole chunk.
#[inline(always)]
fn clean<const N: usize>(chunk: &[u8; N]) -> bool {
    let hits = chunk
        .iter()
        .fold(0u8, |any, &b| any | u8::from(escape_key(b) == 0));
    hits == 0
}

/// Whether no byte of `bytes` (taken a whole 64 at a time, the rest left
/// out) nor of `last` needs escaping, for the long strings: two minima over
/// the bytes, reduced once at the end. `low`, the least `b ^ 0x02`, is at
/// most 0x20 exactly when a control character or `"` is there (the xor
/// keeps the controls below 0x20 and takes `"` to 0x20 alone); `slash`, the
/// least `(b ^ 0x02) + 0xA2` (wrapping), is zero exactly when `\\` is.
///
/// Both keys come from the one xor, so that a vector costs a load, an xor,
/// an add and two minima, with no copy (SSE2's operations overwrite an
/// operand). The minima are kept 64 bytes wide, four vectors a step, so
/// that the loop's own count and branch are spread over 64 bytes; `last`
/// is one more step, and the two minima are merged lane by lane before
/// the one test across lanes.
#[inline(always)]
fn clean_run(bytes: &[u8], last: &[u8; 64]) -> bool {
    let (low, slash) = bytes
        .chunks_exact(64)
        .fold(run_step(([u8::MAX; 64], [u8::MAX; 64]), last), run_step);
    // The lanes' keys compared with zero, one mask for them all (a
    // reduction of the minima across lanes took twice the operations).
    let hits = low.iter().zip(&slash).fold(0u8, |any, (&low, &slash)| {
        any | u8::from(low.saturating_sub(0x20).min(slash) == 0)
    });
    hits == 0
}

/// One step of [`clean_run`]: the minima taken over 64 more bytes.
#[inline(always)]
fn run_step((mut low, mut slash): ([u8; 64], [u8; 64]), chunk: &[u8]) -> ([u8; 64], [u8; 64]) {
    for ((low, slash), &b) in low.iter_mut().zip(slash.iter_mut()).zip(chunk) {
        let t = b ^ 0x02;
        *low = (*low).min(t);
        *slash = (*slash).min(t.wrapping_add(0xA2));
    }
    (low, slash)
}

/// A JSON string, quotes included.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    body(out, s);
    out.push(b'"');
}

/// The text of a JSON string between its quotes: `s` with its escapes.
///
/// Inlined up to the copy of a short string (most of them: names,
/// markers, headings, dates), which needs few registers; long ones are
/// copied out of line.
#[inline]
fn body(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let copied = if bytes.len() < 32 {
        copy_short(out, bytes)
    } else {
        copy_long(out, bytes)
    };
    if !copied {
        copy_escaped(out, bytes);
    }
}

/// Appends `bytes`, under 32 of them, when none needs escaping (as good as
/// always in canonical text) and says whether it did; when one does,
/// appends nothing.
///
/// Each length is tested and copied as two fixed-size pieces that overlap
/// (the first piece, the output cut back, then the last piece), under four
/// bytes as the first, middle and last: cheaper than a call to `memcpy`.
#[inline(always)]
fn copy_short(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let start = out.len();
    let len = bytes.len();
    if let (Some(first), Some(last)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        if !(clean(first) & clean(last)) {
            return false;
        }
        out.extend_from_slice(first);
        out.truncate(start + len - 16);
        out.extend_from_slice(last);
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        // Both halves in one vector (two 8-byte loads), one test: half
        // the instructions of the two words' borrow tricks it replaced.
        if !(clean(first) & clean(last)) {
            return false;
        }
        out.extend_from_slice(first);
        out.truncate(start + len - 8);
        out.extend_from_slice(last);
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        // Both halves in one vector, one test, the rest of it clean.
        let mut both = [b'a'; 16];
        both[..4].copy_from_slice(first);
        both[4..8].copy_from_slice(last);
        if !clean(&both) {
            return false;
        }
        out.extend_from_slice(first);
        out.truncate(start + len - 4);
        out.extend_from_slice(last);
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        // One to three bytes, all among the first, the middle and the
        // last: written as three and cut back, without a loop.
        let middle = bytes.get(len / 2).copied().unwrap_or(last);
        if needs_escape(first) | needs_escape(middle) | needs_escape(last) {
            return false;
        }
        out.extend_from_slice(&[first, middle, last]);
        out.truncate(start + len);
    }
    true
}

/// [`copy_short`] for 32 bytes and more. Under 64 bytes, the first and
/// the last 32 overlapping, tested and copied as [`copy_short`] does, with
/// no call to `memcpy`; from 64 on, the bytes up to a multiple of 64
/// tested in one vector loop ([`clean_run`]), then the last 64
/// overlapping, and copied with one `memcpy`.
#[inline(never)]
fn copy_long(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let len = bytes.len();
    if len < 64 {
        let (Some(first), Some(last)) = (bytes.first_chunk::<32>(), bytes.last_chunk::<32>())
        else {
            return false;
        };
        if !(clean(first) & clean(last)) {
            return false;
        }
        let start = out.len();
        out.extend_from_slice(first);
        out.truncate(start + len - 32);
        out.extend_from_slice(last);
        return true;
    }
    let Some(last) = bytes.last_chunk::<64>() else {
        return false;
    };
    if !clean_run(bytes, last) {
        return false;
    }
    // Room for the quote that follows too.
    out.reserve(len + 1);
    out.extend_from_slice(bytes);
    true
}

/// Appends `bytes` with the escapes serde_json writes: the clean runs
/// between them copied whole, clean 16-byte chunks skipped at once.
#[cold]
#[inline(never)]
fn copy_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut run = 0; // start of the clean run not yet copied
    for (at, chunk) in bytes.chunks(16).enumerate() {
        if chunk.first_chunk::<16>().is_some_and(clean) {
            continue;
        }
        for (i, &b) in chunk.iter().enumerate() {
            if needs_escape(b) {
                let hit = at * 16 + i;
                out.extend_from_slice(bytes.get(run..hit).unwrap_or_default());
                escape(out, b);
                run = hit + 1;
            }
        }
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
}

/// The escape serde_json writes for `b`, one of `"`, `\` or below 0x20:
/// the short forms where JSON has them, else `\u00XX` in lowercase hex.
#[cold]
fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escape key is zero exactly for the bytes serde_json escapes, and
    /// the long strings' vector test sees one at every place of a run.
    #[test]
    fn escape_key_is_zero_for_escapes_alone() {
        for b in 0..=u8::MAX {
            assert_eq!(escape_key(b) == 0, needs_escape(b), "{b:#04x}");
            for at in 0..128 {
                let mut piece = [b'a'; 128];
                piece[at] = b;
                assert_eq!(
                    !clean_run(&piece, &[b'a'; 64]),
                    needs_escape(b),
                    "{b:#04x} at {at}"
                );
                let whole = [b'a'; 128];
                let last = piece.first_chunk::<64>().unwrap_or(&[b'a'; 64]);
                if at < 64 {
                    assert_eq!(
                        !clean_run(&whole, last),
                        needs_escape(b),
                        "{b:#04x} at {at}"
                    );
                }
            }
        }
    }

    /// `copy_short` and `copy_long` against `copy_escaped`, the general
    /// path: every length to 200, a byte of interest (the escaped ones and
    /// their neighbours under the keys' xors and adds) at every place, in
    /// ASCII filler and in the bytes of CJK text.
    #[test]
    fn fast_copies_write_what_copy_escaped_writes() {
        const BYTES: &[u8] = &[
            0x00, 0x01, 0x02, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x5E, 0x7F, 0x80,
            0xA2, 0xFE, 0xFF,
        ];
        for filler in [b"a", "中".as_bytes()] {
            for len in 0..200 {
                for at in 0..len {
                    for &b in BYTES {
                        let mut bytes: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
                        bytes[at] = b;
                        let (mut fast, mut slow) = (b"x".to_vec(), b"x".to_vec());
                        let copied = if len < 32 {
                            copy_short(&mut fast, &bytes)
                        } else {
                            copy_long(&mut fast, &bytes)
                        };
                        copy_escaped(&mut slow, &bytes);
                        assert_eq!(copied, !needs_escape(b), "{len} {at} {b:#04x}");
                        let expected = if copied { &slow[..] } else { b"x" };
                        assert_eq!(fast, expected, "{len} {at} {b:#04x}");
                    }
                }
            }
        }
    }

    /// `small`'s digits against `integer` (itoa), over its shortcut's range
    /// and past it.
    #[test]
    fn small_writes_what_integer_writes() {
        for n in (0..=1000).chain([9_999, 65_535, u32::MAX]) {
            let (mut fast, mut slow) = (b"x".to_vec(), b"x".to_vec());
            small(&mut fast, n);
            integer(&mut slow, n);
            assert_eq!(fast, slow, "{n}");
        }
    }
}
