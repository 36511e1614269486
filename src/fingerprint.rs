//! The content fingerprint: 16 hex digits of XXH3-64 over the article's
//! content — every key but `id`, `copies`, `warnings` and `fingerprint` —
//! so two copies of one document from different pages, encodings or runs
//! get the same fingerprint.
//!
//! The bytes hashed are a simple, documented encoding of the fields in
//! schema order (cheaper than writing JSON, and as stable): a string is its
//! UTF-8 length as 8 little-endian bytes and then its bytes; a number is 8
//! little-endian bytes; `None` is the byte 0 and `Some(x)` the byte 1 then
//! `x`; a list is its length then its items; a block starts with a byte for
//! its type (1 paragraph, 2 section, 3 table); an enum is its JSON name as a
//! string. XXH3 is specified bit for bit, so the value is the same on every
//! platform.

use std::ops::Range;

use twox_hash::XxHash3_64;

use crate::model::{Article, Block, DocNumber, Effective, Reference, Responsibility};

/// Feeds fields to the hash in the documented encoding.
/// The field encoding, gathered and hashed in one go: the hash of the whole is what the streaming
/// hasher gives, for a fraction of its cost on many small pieces.
struct Feed(Vec<u8>);

/// Where [`Feed::blocks_noting`] notes each piece of running text: where
/// its bytes start in the encoding, and the piece itself (so that it is read
/// as the `str` it was written from, not validated again out of the bytes).
type Starts<'v, 'a> = Option<&'v mut Vec<(usize, &'a str)>>;

impl Feed {
    fn update(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn num(&mut self, n: u64) {
        self.update(&n.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.num(s.len() as u64);
        self.update(s.as_bytes());
    }

    // Inlined: a head has seven of these, mostly short, and the calls cost
    // about as much as the appends.
    #[inline]
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.update(&[0]),
            Some(s) => {
                self.update(&[1]);
                self.str(s);
            }
        }
    }

    fn strs(&mut self, list: &[String]) {
        self.num(list.len() as u64);
        for s in list {
            self.str(s);
        }
    }

    fn present(&mut self, is: bool) {
        self.update(&[u8::from(is)]);
    }

    fn doc_number(&mut self, n: Option<&DocNumber>) {
        self.present(n.is_some());
        if let Some(n) = n {
            self.str(&n.text);
            self.opt_str(n.agency.as_deref());
            self.num(u64::from(n.year));
            self.num(u64::from(n.serial));
        }
    }

    /// Inlined: most blocks have none, a byte written where a call cost more.
    #[inline(always)]
    fn responsibility(&mut self, r: Option<&Responsibility>) {
        match r {
            None => self.present(false),
            Some(r) => self.some_responsibility(r),
        }
    }

    /// [`Feed::responsibility`] of a block that has one, kept out of line.
    /// Its lists are written here, not by calls to [`Feed::strs`]: most are
    /// a unit or a few, and the calls cost as much as the appends.
    #[inline(never)]
    fn some_responsibility(&mut self, r: &Responsibility) {
        // Whether there is one and the count of leads in one append.
        let mut head = [1u8; 9];
        head[1..].copy_from_slice(&(r.lead.len() as u64).to_le_bytes());
        self.update(&head);
        for s in &r.lead {
            self.str(s);
        }
        self.num(r.responsible.len() as u64);
        for s in &r.responsible {
            self.str(s);
        }
        match r.note.as_deref() {
            None => self.present(false),
            Some(note) => {
                self.present(true);
                self.str(note);
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        self.blocks_noting(blocks, &mut None);
    }

    /// A string of running text: where its bytes start goes to `starts`,
    /// with the string.
    #[inline]
    fn running<'a>(&mut self, s: &'a str, starts: &mut Starts<'_, 'a>) {
        if let Some(starts) = starts {
            starts.push((self.0.len() + 8, s));
        }
        self.str(s);
    }

    /// Feeds `blocks`, noting in `starts` where each piece of running text
    /// starts (and the piece), in the order of
    /// [`crate::assemble::for_each_text`].
    fn blocks_noting<'a>(&mut self, blocks: &'a [Block], starts: &mut Starts<'_, 'a>) {
        self.num(blocks.len() as u64);
        for block in blocks {
            match block {
                Block::Paragraph {
                    text,
                    responsibility,
                } => {
                    // The type and the text's length in one append (the same bytes as one
                    // after the other, for fewer tests of the buffer's room).
                    let mut head = [1u8; 9];
                    head[1..].copy_from_slice(&(text.len() as u64).to_le_bytes());
                    if let Some(starts) = starts {
                        starts.push((self.0.len() + head.len(), text));
                    }
                    self.update(&head);
                    self.update(text.as_bytes());
                    self.responsibility(responsibility.as_ref());
                }
                Block::Section {
                    level,
                    marker,
                    number,
                    heading,
                    responsibility,
                    blocks,
                } => {
                    // The type, level and marker's length, then the number and whether a
                    // heading follows, each in one append.
                    let mut head = [2u8; 17];
                    head[1..9].copy_from_slice(&u64::from(*level).to_le_bytes());
                    head[9..].copy_from_slice(&(marker.len() as u64).to_le_bytes());
                    self.update(&head);
                    self.update(marker.as_bytes());
                    let mut number_head = [u8::from(heading.is_some()); 9];
                    number_head[..8].copy_from_slice(&u64::from(*number).to_le_bytes());
                    self.update(&number_head);
                    if let Some(h) = heading {
                        self.running(h, starts);
                    }
                    self.responsibility(responsibility.as_ref());
                    self.blocks_noting(blocks, starts);
                }
                Block::Table { header, rows } => {
                    self.update(&[3]);
                    self.running_strs(header, starts);
                    self.num(rows.len() as u64);
                    for row in rows {
                        self.running_strs(row, starts);
                    }
                }
            }
        }
    }

    /// A list of strings of running text (see [`Feed::running`]).
    fn running_strs<'a>(&mut self, list: &'a [String], starts: &mut Starts<'_, 'a>) {
        self.num(list.len() as u64);
        for s in list {
            self.running(s, starts);
        }
    }
}

/// The most bytes of encoding kept for the next article: the buffer of a
/// thread is reused, so that it grows once, not for every article.
const KEPT_CAPACITY: usize = 1 << 20;

thread_local! {
    static ENCODING: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Where the pieces of running text start in the encoding, kept as the buffer is (empty
    /// between articles: its pieces borrow the article).
    static STARTS: std::cell::RefCell<Vec<(usize, &'static str)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The fingerprint of an article's content.
pub fn fingerprint(article: &Article) -> String {
    let mut f = feed();
    encode(article, &mut f);
    finish(f)
}

/// An empty feed on the thread's kept buffer.
fn feed() -> Feed {
    let mut f = Feed(ENCODING.with(|b| b.take()));
    f.0.clear();
    f
}

/// The fingerprint of what `f` was fed; its buffer is kept for the next.
fn finish(f: Feed) -> String {
    let hash = xxh3(&f.0);
    if f.0.capacity() <= KEPT_CAPACITY {
        ENCODING.with(|b| b.replace(f.0));
    }
    hex(hash)
}

/// What an article's references and effective clause are read from: its
/// body and enclosure, and their running text as written into the encoding
/// that is hashed, where it can be searched all at once.
pub(crate) struct RunningText<'a> {
    /// The encoding written so far.
    bytes: &'a [u8],
    /// Where each piece of running text of the body, then of the enclosure,
    /// starts in `bytes`, with the piece, in the order of
    /// [`crate::assemble::for_each_text`].
    starts: &'a [(usize, &'a str)],
    /// How many of the pieces are the body's (the enclosure's follow).
    pub body_pieces: usize,
    /// The article's body.
    pub body: &'a [Block],
}

impl<'a> RunningText<'a> {
    /// How many pieces of running text there are.
    pub(crate) fn pieces(&self) -> usize {
        self.starts.len()
    }

    /// The text of piece `i`.
    pub(crate) fn piece(&self, i: usize) -> Option<&'a str> {
        self.starts.get(i).map(|p| p.1)
    }

    /// Bytes of encoding from the start of piece `from` to the end of piece
    /// `to - 1`: the pieces between and what is written between them.
    pub(crate) fn span_len(&self, from: usize, to: usize) -> usize {
        match (
            self.starts.get(from),
            to.checked_sub(1).and_then(|l| self.starts.get(l)),
        ) {
            (Some(first), Some(last)) => (last.0 + last.1.len()).saturating_sub(first.0),
            _ => 0,
        }
    }

    /// Calls `f` with the index of the piece, the hit's offset in it and the
    /// piece's bytes for each hit of `finder` that starts inside one of the
    /// pieces `pieces`, in order: one search over the encoding they span, not
    /// one search of each piece (a search costs more to start than to run
    /// over a paragraph). A hit may run past its piece's end.
    pub(crate) fn each_hit(
        &self,
        pieces: Range<usize>,
        finder: &SpanFinder,
        mut f: impl FnMut(usize, usize, &'a [u8]),
    ) {
        let Some(&(from, _)) = self.starts.get(pieces.start) else {
            return;
        };
        let Some(span) = self
            .bytes
            .get(from..from + self.span_len(pieces.start, pieces.end))
        else {
            return;
        };
        let mut at = pieces.start;
        for found in crate::grammar::finds_by(span, finder.needle.len(), |rest| finder.find(rest)) {
            let hit = from + found;
            while at < pieces.end
                && self
                    .starts
                    .get(at)
                    .is_some_and(|&(start, piece)| start + piece.len() <= hit)
            {
                at += 1;
            }
            if at >= pieces.end {
                break;
            }
            let Some(&(start, piece)) = self.starts.get(at) else {
                break;
            };
            if start <= hit {
                f(at, hit - start, piece.as_bytes());
            }
        }
    }
}

/// A searcher of one needle for [`RunningText::each_hit`]: where the CPU
/// has AVX2 and the haystack is long enough, memchr's AVX2 packed-pair
/// prefilter called straight, its candidates verified here; else memchr's
/// `memmem`. Each hit starts a search again, and `memmem` reaches the same
/// packed pair through a dispatch and tests of its own on every start (over
/// the corpus, the searches of `assemble` cost 2.25M instructions a round
/// this way, 2.85M through `memmem`).
pub(crate) struct SpanFinder {
    /// What is searched for.
    needle: &'static [u8],
    /// The searcher of the general case.
    memmem: memchr::memmem::Finder<'static>,
    /// The packed-pair finder, where the CPU has AVX2.
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::packedpair::Finder>,
}

impl SpanFinder {
    /// The searcher of `needle`.
    pub(crate) fn new(needle: &'static str) -> SpanFinder {
        let needle = needle.as_bytes();
        SpanFinder {
            needle,
            memmem: memchr::memmem::Finder::new(needle),
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::packedpair::Finder::new(needle),
        }
    }

    /// The `memmem` searcher of the needle, for searches of one text.
    pub(crate) fn memmem(&self) -> &memchr::memmem::Finder<'static> {
        &self.memmem
    }

    /// Where the needle first stands in `haystack`.
    #[inline]
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = &self.avx2 {
            // The prefilter, not the finder's own search: that is the one
            // `runon` calls, which LLVM compiles for `runon`'s needle while
            // it has no other caller (called here too, it cost `runon` 0.4M
            // instructions a round more than it saved here).
            let mut from = 0;
            while let Some(rest) = haystack.get(from..) {
                if rest.len() < avx2.min_haystack_len() {
                    return self.memmem.find(rest).map(|at| from + at);
                }
                let at = from + avx2.find_prefilter(rest)?;
                if haystack
                    .get(at..)
                    .is_some_and(|h| h.starts_with(self.needle))
                {
                    return Some(at);
                }
                from = at + 1;
            }
            return None;
        }
        self.memmem.find(haystack)
    }
}

/// Sets the references and the effective clause of `article` to what `read`
/// finds in its running text, and seals it (see [`seal`]): the text is
/// handed to `read` from the encoding the fingerprint hashes, written once.
pub(crate) fn seal_reading(
    article: &mut Article,
    read: impl FnOnce(&RunningText<'_>) -> (Vec<Reference>, Option<Effective>),
) {
    let mut f = feed();
    // (A kept vector of `'static` pieces serves as one of the article's.)
    let mut starts: Vec<(usize, &str)> = STARTS.with(|s| s.take());
    starts.clear();
    let body_pieces = encode_text(article, &mut f, &mut Some(&mut starts));
    let (references, effective) = read(&RunningText {
        bytes: &f.0,
        starts: &starts,
        body_pieces,
        body: &article.body,
    });
    if starts.capacity() <= KEPT_CAPACITY {
        // Emptied, with no piece left to outlive the article.
        STARTS.with(|s| s.replace(crate::recycled(starts)));
    }
    encode_attachments(article, &mut f);
    article.references = references;
    article.effective = effective;
    encode_tail(article, &mut f);
    article.fingerprint = finish(f);
    set_id(article);
}

/// XXH3-64 of `bytes`, with AVX2 where the machine has it.
fn xxh3(bytes: &[u8]) -> u64 {
    XxHash3_64::oneshot(bytes)
}

/// `hash` as 16 lower-case hex digits, as `format!("{hash:016x}")` writes
/// it without the formatting machinery.
fn hex(hash: u64) -> String {
    // The digits are written into bytes and copied once: a String collected
    // from chars grows and encodes char by char.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        let d = (hash >> (60 - 4 * i)) & 0xF;
        *byte = DIGITS[d as usize];
    }
    // ASCII digits: the checked conversion cannot fail, and costs less than the lossy one.
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

/// Feeds the content of `article` to `f`.
fn encode(article: &Article, f: &mut Feed) {
    encode_text(article, f, &mut None);
    encode_attachments(article, f);
    encode_tail(article, f);
}

/// Feeds the head of `article`, its body and its enclosure, noting in
/// `starts` where each piece of their running text starts (see
/// [`RunningText`]); returns how many were noted in the body.
fn encode_text<'a>(article: &'a Article, f: &mut Feed, starts: &mut Starts<'_, 'a>) -> usize {
    encode_head(article, f);
    f.blocks_noting(&article.body, starts);
    let body_pieces = starts.as_ref().map_or(0, |s| s.len());
    f.present(article.enclosure.is_some());
    if let Some(e) = &article.enclosure {
        f.opt_str(e.title.as_deref());
        f.blocks_noting(&e.body, starts);
    }
    body_pieces
}

/// The fields before the body.
fn encode_head(article: &Article, f: &mut Feed) {
    let a = article;
    f.str(&a.schema);
    f.str(kind_name(a));
    f.opt_str(a.doc_type.as_deref());
    f.doc_number(a.doc_number.as_ref());
    f.opt_str(a.title.as_deref());
    f.strs(&a.issuers);
    f.strs(&a.addressees);
    f.opt_str(a.date.as_deref());
    f.opt_str(a.published.as_deref());
    f.opt_str(a.publicity.as_deref());
    f.opt_str(a.source.as_deref());
    f.present(a.gazette.is_some());
    if let Some(g) = &a.gazette {
        f.str(&g.name);
        for n in [
            g.year.map(u64::from),
            g.issue.map(u64::from),
            g.total_issue.map(u64::from),
        ] {
            f.present(n.is_some());
            f.num(n.unwrap_or(0));
        }
        f.opt_str(g.date.as_deref());
    }
}

/// The attachments, after the body and the enclosure.
fn encode_attachments(a: &Article, f: &mut Feed) {
    f.num(a.attachments.len() as u64);
    for att in &a.attachments {
        f.num(u64::from(att.number));
        f.opt_str(att.title.as_deref());
        f.blocks(&att.body);
    }
}

/// The references and the effective clause, which end the encoding.
fn encode_tail(a: &Article, f: &mut Feed) {
    f.num(a.references.len() as u64);
    for r in &a.references {
        f.str(&r.doc_number);
        f.opt_str(r.title.as_deref());
        f.str(match r.relation {
            crate::model::Relation::Cites => "cites",
            crate::model::Relation::Repeals => "repeals",
            crate::model::Relation::Interprets => "interprets",
        });
    }
    f.present(a.effective.is_some());
    if let Some(e) = &a.effective {
        f.str(&e.text);
        f.opt_str(e.from.as_deref());
        f.opt_str(e.until.as_deref());
    }
}

fn kind_name(a: &Article) -> &'static str {
    match a.kind {
        crate::model::Kind::Notice => "notice",
        crate::model::Kind::Interpretation => "interpretation",
        crate::model::Kind::News => "news",
        crate::model::Kind::Other => "other",
    }
}

/// Sets an article's `fingerprint` and, from it or its number, its `id`.
pub fn seal(article: &mut Article) {
    article.fingerprint = fingerprint(article);
    set_id(article);
}

/// The id of a sealed article: its number, or else its fingerprint.
fn set_id(article: &mut Article) {
    article.id = match &article.doc_number {
        Some(n) => n.text.clone(),
        None => ["fp:", article.fingerprint.as_str()].concat(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn hex_is_the_formatted_hash(hash: u64) {
            proptest::prop_assert_eq!(hex(hash), format!("{hash:016x}"));
        }

        /// The span searcher finds what `memmem` finds, in haystacks long
        /// and short, among chars one byte away from each needle's (which
        /// the packed pair's candidates are made of).
        #[test]
        fn span_finder_finds_what_memmem_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "号", "施", "有", "效", "期", "有效期", "施行", "a", "。", "\u{0}",
                    "䏷揷厷吷叶司", "喽疽敽旽於斾", "土真曟束朞朠", "圉眉曉杉月朊", "啈畈攈斈敇敉",
                ]),
                0..40,
            ),
            needle in proptest::sample::select(vec!["号", "施", "有效期"]),
            skip in 0usize..8,
        ) {
            let hay = pieces.concat();
            let hay = hay.as_bytes().get(skip.min(hay.len())..).unwrap_or_default();
            let finder = SpanFinder::new(needle);
            proptest::prop_assert_eq!(finder.find(hay), memchr::memmem::find(hay, needle.as_bytes()));
        }
    }

    /// The span searcher finds each needle after a char one byte away from
    /// one of its own (a candidate of the packed pair that is not a match)
    /// and a run of any length: the needle in the whole haystack, in what
    /// follows the candidate, and in a tail too short for the packed pair.
    #[test]
    fn span_finder_finds_the_needle_after_a_false_candidate() {
        let near = "䏷揷厷吷叶司喽疽敽旽於斾土真曟束朞朠圉眉曉杉月朊啈畈攈斈敇敉有效";
        for needle in ["号", "施", "有效期"] {
            let finder = SpanFinder::new(needle);
            for c in near.chars() {
                for run in 0..80 {
                    let hay = [c.to_string(), "a".repeat(run), needle.into(), "a".into()].concat();
                    let hay = hay.as_bytes();
                    assert_eq!(
                        finder.find(hay),
                        memchr::memmem::find(hay, needle.as_bytes()),
                        "{needle} after {c} and {run}"
                    );
                }
            }
        }
    }

    /// The AVX2 XXH3 gives the hash that xxhash-rust's XXH3, which the
    /// fingerprint was first computed with, gives: at every length up to
    /// several blocks of the long-input loop.
    #[test]
    fn the_hash_is_xxhash_rusts_xxh3() {
        let bytes: Vec<u8> = (0u32..5000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in 0..bytes.len() {
            let input = &bytes[..len];
            assert_eq!(xxh3(input), xxhash_rust::xxh3::xxh3_64(input), "{len}");
        }
    }

    /// The documented encoding of `blocks`, a field at a time, and where each piece of running
    /// text starts: what [`Feed::blocks_noting`] must write.
    fn blocks_field_by_field(blocks: &[Block], out: &mut Vec<u8>, starts: &mut Vec<usize>) {
        fn str(out: &mut Vec<u8>, s: &str) {
            out.extend_from_slice(&(s.len() as u64).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        fn running(out: &mut Vec<u8>, starts: &mut Vec<usize>, s: &str) {
            starts.push(out.len() + 8);
            str(out, s);
        }
        fn responsibility(out: &mut Vec<u8>, r: Option<&Responsibility>) {
            out.push(u8::from(r.is_some()));
            if let Some(r) = r {
                for list in [&r.lead, &r.responsible] {
                    out.extend_from_slice(&(list.len() as u64).to_le_bytes());
                    list.iter().for_each(|u| str(out, u));
                }
                out.push(u8::from(r.note.is_some()));
                if let Some(n) = &r.note {
                    str(out, n);
                }
            }
        }
        out.extend_from_slice(&(blocks.len() as u64).to_le_bytes());
        for block in blocks {
            match block {
                Block::Paragraph {
                    text,
                    responsibility: r,
                } => {
                    out.push(1);
                    running(out, starts, text);
                    responsibility(out, r.as_ref());
                }
                Block::Section {
                    level,
                    marker,
                    number,
                    heading,
                    responsibility: r,
                    blocks,
                } => {
                    out.push(2);
                    out.extend_from_slice(&u64::from(*level).to_le_bytes());
                    str(out, marker);
                    out.extend_from_slice(&u64::from(*number).to_le_bytes());
                    out.push(u8::from(heading.is_some()));
                    if let Some(h) = heading {
                        running(out, starts, h);
                    }
                    responsibility(out, r.as_ref());
                    blocks_field_by_field(blocks, out, starts);
                }
                Block::Table { header, rows } => {
                    out.push(3);
                    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
                    header.iter().for_each(|c| running(out, starts, c));
                    out.extend_from_slice(&(rows.len() as u64).to_le_bytes());
                    for row in rows {
                        out.extend_from_slice(&(row.len() as u64).to_le_bytes());
                        row.iter().for_each(|c| running(out, starts, c));
                    }
                }
            }
        }
    }

    /// Blocks of each kind, nested, with and without responsibilities and headings.
    fn blocks(depth: u32) -> proptest::strategy::BoxedStrategy<Vec<Block>> {
        use proptest::strategy::Strategy;
        let inner = if depth == 0 {
            proptest::strategy::Just(Vec::new()).boxed()
        } else {
            blocks(depth - 1)
        };
        let text = proptest::sample::select(vec!["", "正文。", "一是", "a"]);
        let r = proptest::option::of(
            (
                proptest::collection::vec(proptest::sample::select(vec!["市局", "委"]), 0..3),
                proptest::option::of(proptest::sample::select(vec!["注", ""])),
            )
                .prop_map(|(units, note)| Responsibility {
                    lead: units.iter().map(|u| u.to_string()).collect(),
                    responsible: units.iter().rev().map(|u| u.to_string()).collect(),
                    note: note.map(str::to_owned),
                }),
        );
        proptest::collection::vec(
            (
                0u8..3,
                text.clone(),
                proptest::option::of(text),
                r,
                0u32..300,
                inner,
            )
                .prop_map(|(kind, t, heading, r, number, blocks)| match kind {
                    0 => Block::Paragraph {
                        text: t.into(),
                        responsibility: r,
                    },
                    1 => Block::Section {
                        level: (number % 4) as u8,
                        marker: t.into(),
                        number,
                        heading: heading.map(str::to_owned),
                        responsibility: r,
                        blocks,
                    },
                    _ => Block::Table {
                        header: vec![t.into()],
                        rows: vec![vec![t.into(), heading.unwrap_or("").into()]],
                    },
                }),
            0..4,
        )
        .boxed()
    }

    proptest::proptest! {
        #[test]
        fn blocks_are_encoded_field_by_field(blocks in blocks(2)) {
            let mut expected = Vec::new();
            let mut expected_starts = Vec::new();
            blocks_field_by_field(&blocks, &mut expected, &mut expected_starts);
            let mut f = Feed(Vec::new());
            let mut starts = Vec::new();
            f.blocks_noting(&blocks, &mut Some(&mut starts));
            // Each piece noted is the text written where it is said to start.
            for &(at, piece) in &starts {
                proptest::prop_assert_eq!(f.0.get(at..at + piece.len()), Some(piece.as_bytes()));
                let len = f.0.get(at - 8..at).map(|b| u64::from_le_bytes(b.try_into().unwrap()));
                proptest::prop_assert_eq!(len, Some(piece.len() as u64));
            }
            proptest::prop_assert_eq!(f.0, expected);
            let starts: Vec<usize> = starts.iter().map(|s| s.0).collect();
            proptest::prop_assert_eq!(starts, expected_starts);
        }
    }

    #[test]
    fn fingerprint_ignores_provenance_and_sees_content() {
        let page = "关于调整的公告\n渝府发〔2025〕15号\n正文。\n重庆市人民政府 2025年11月7日\n";
        let a = crate::parse_str("a.txt", page, &crate::Options::default())
            .articles
            .remove(0);
        let b = crate::parse_str(
            "b/other.txt",
            &format!("\n\n{page}"),
            &crate::Options::default(),
        )
        .articles
        .remove(0);
        assert_ne!(a.copies, b.copies);
        assert_eq!(a.fingerprint, b.fingerprint);
        let c = crate::parse_str(
            "a.txt",
            &page.replace("正文", "另文"),
            &crate::Options::default(),
        )
        .articles
        .remove(0);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(a.fingerprint.len(), 16);
    }
}
