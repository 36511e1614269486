//! Stage 6, fold copies: takes the articles of many pages and returns one
//! article per document, every copy listed in its `copies`. Pure: no I/O.
//!
//! Two articles are copies of one document when
//! 1. they carry the same canonical document number (`no:…` keys), or
//! 2. without a number, their content text is identical (`text:…` keys:
//!    the letters and digits of title, body, enclosure and attachments, so
//!    spacing and punctuation variants between scrapes do not matter), or
//! 3. without a number on at least one side, their content is
//!    near-identical: the Jaccard similarity of their sets of
//!    [`SHINGLE`]-character shingles is at least [`THRESHOLD`], and nothing
//!    they both state disagrees (kind, number, signature date, title, the
//!    documents they interpret). Candidates for this test are found with a
//!    banded MinHash ([`band_keys`]); the test itself is exact.
//!
//! Rules 1 and 2 give every article one key, [`fold_key`], so a
//! distributed job can fold in two stages: group by `fold_key`, then
//! [`fold_group`] each group. Rule 3 cannot be a key (similarity is not
//! transitive), so [`Batch`] applies it after the keyed groups are formed,
//! over one representative per group, with a union-find that never joins
//! two groups whose facts disagree. A job that stops after `fold_group`
//! loses only rule 3: near-identical copies whose text differs anywhere
//! stay apart (they are never wrongly merged). To get them too, join the
//! groups on [`band_keys`], keep the pairs [`mergeable`] says are copies,
//! and run a [`Batch`] over each connected component.
//!
//! Which copy is kept is decided by [`quality`], ties broken by the smallest
//! fingerprint, then the smallest file name, then the smallest offset, so
//! the result does not depend on the order articles are added in.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, xxh3_64_with_seed};

use crate::model::{Article, Block, Copy, Kind, Relation};

/// Characters in a shingle. Chinese has no spaces to split words on, so
/// shingles are runs of characters; five make a shingle rare enough that
/// two different texts share few of them (most two-character words and
/// many four-character phrases are common), yet short enough that one OCR
/// slip or edited character changes only five shingles.
pub const SHINGLE: usize = 5;

/// The Jaccard similarity of shingle sets at and above which two articles
/// without conflicting facts are copies. See the README ("Folding copies")
/// for the measurements behind it.
pub const THRESHOLD: f64 = 0.7;

/// MinHash bins in a signature (one-permutation hashing).
const BINS: usize = 64;
/// Bands of the signature used as candidate keys.
const BANDS: usize = 16;
/// Bins per band: a pair with similarity `s` shares at least one band with
/// probability `1 - (1 - s^4)^16`: 0.99 at 0.7, 0.64 at 0.5, 0.12 at 0.3.
const ROWS: usize = BINS / BANDS;
/// Buckets up to this size give all their pairs as candidates.
const ALL_PAIRS: usize = 32;
/// In a larger bucket, each article is paired with this many next ones.
const CHAIN: usize = 2;
/// Shingle sets kept at once while candidates are verified.
const CACHE: usize = 256;
/// Shingles two signatures need before their estimate is trusted to skip
/// a pair without the exact test.
const TRUSTED: usize = 4 * BINS;
/// How far below [`THRESHOLD`] an estimate must fall to skip the exact
/// test: four standard errors of a 64-bin estimate near the threshold.
const MARGIN: f64 = 0.23;

/// The key that groups copies of one document: `no:` + the canonical
/// document number; else `text:` + kind + 32 hex digits of the hash of the
/// article's content text (letters and digits only); else, for an article
/// with no text at all, `fp:` + its fingerprint.
///
/// Articles with equal keys are copies of one document; near-identical
/// articles whose keys differ are folded by [`Batch`] only.
///
/// ```
/// let page = gazette::parse("渝府发〔2025〕15号\n重庆市人民政府 2025年11月7日");
/// assert_eq!(gazette::fold_key(&page.articles[0]), "no:渝府发〔2025〕15号");
/// ```
pub fn fold_key(article: &Article) -> String {
    if let Some(n) = &article.doc_number {
        return format!("no:{}", n.text);
    }
    let text = content_text(article);
    if text.is_empty() {
        format!("fp:{}", article.fingerprint)
    } else {
        format!(
            "text:{}:{:032x}",
            kind_name(article.kind),
            xxh3_128(text.as_bytes())
        )
    }
}

/// How good a copy is; the copy with the greatest quality is kept.
///
/// Compared field by field: `score`, then `blocks`, then `chars`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quality {
    /// [`WEB`] when the copy is web text (an HTML page, or a page that
    /// carries a web page's `来源`/发布日期 and is not a gazette issue:
    /// gazette issues are PDFs, often OCR'd), plus [`PER_FIELD`] for each
    /// field found (title, doc_type, doc_number, issuers, addressees, date,
    /// published, publicity, source, enclosure, attachments, effective),
    /// minus [`PER_WARNING`] for each warning (each is a repair or a guess).
    pub score: i64,
    /// Blocks in body, enclosure and attachments, at every depth.
    pub blocks: usize,
    /// Letters and digits of the content text.
    pub chars: usize,
}

/// Score of a web copy: worth four warnings, so web text wins unless it
/// needed at least four more repairs than the other copy.
pub const WEB: i64 = 40;
/// Score of each field found.
pub const PER_FIELD: i64 = 5;
/// Score lost with each warning.
pub const PER_WARNING: i64 = 10;

/// The quality of a copy (see [`Quality`]).
pub fn quality(article: &Article) -> Quality {
    let web = article.gazette.is_none()
        && (article.copies.first().is_some_and(|c| c.format == "html")
            || article.source.is_some()
            || article.published.is_some());
    let fields = [
        article.title.is_some(),
        article.doc_type.is_some(),
        article.doc_number.is_some(),
        !article.issuers.is_empty(),
        !article.addressees.is_empty(),
        article.date.is_some(),
        article.published.is_some(),
        article.publicity.is_some(),
        article.source.is_some(),
        article.enclosure.is_some(),
        !article.attachments.is_empty(),
        article.effective.is_some(),
    ]
    .into_iter()
    .filter(|&f| f)
    .count();
    let score = if web { WEB } else { 0 } + PER_FIELD * fields as i64
        - PER_WARNING * article.warnings.len() as i64;
    let mut blocks = count_blocks(&article.body);
    if let Some(e) = &article.enclosure {
        blocks += count_blocks(&e.body);
    }
    blocks += article
        .attachments
        .iter()
        .map(|a| count_blocks(&a.body))
        .sum::<usize>();
    Quality {
        score,
        blocks,
        chars: content_chars(article),
    }
}

/// Folds copies of one document into one article: the best copy by
/// [`quality`] (ties: smallest fingerprint, then file name, then offset),
/// its warnings only, and in `copies` the chosen copy first, then every
/// other copy sorted by file, offsets, encoding and format. `None` for an
/// empty group.
///
/// It merges whatever it is given: pass it copies of one document, e.g.
/// the articles that share a [`fold_key`]. The copies may be folded
/// articles themselves (an article's first copy is its own, the others were
/// folded into it): folding the results of folds gives what one fold of
/// all the copies gives.
pub fn fold_group(articles: Vec<Article>) -> Option<Article> {
    let mut articles = articles.into_iter();
    let first = articles.next()?;
    let rank = Rank::of(&first);
    let mut group = Group::new(first, rank, false);
    for a in articles {
        let rank = Rank::of(&a);
        group.absorb(a, rank, false);
    }
    Some(group.finish())
}

/// The MinHash band keys of an article: two articles that share a key are
/// candidates for [`mergeable`]. Empty for an article with no text.
pub fn band_keys(article: &Article) -> Vec<String> {
    let kind = kind_name(article.kind);
    Signature::of(&shingles(article))
        .map(|sig| {
            bands(&sig.bins)
                .iter()
                .enumerate()
                .map(|(i, h)| format!("{kind}:{i}:{h:016x}"))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether two articles are copies by rule 3 (see the module docs): no
/// fact they both state disagrees, and the Jaccard similarity of their
/// shingle sets is at least [`THRESHOLD`].
pub fn mergeable(a: &Article, b: &Article) -> bool {
    Facts::of(a).agrees(&Facts::of(b)) && similarity(a, b) >= THRESHOLD
}

/// The Jaccard similarity of two articles' sets of [`SHINGLE`]-character
/// shingles (letters and digits of the content text), from 0 to 1.
pub fn similarity(a: &Article, b: &Article) -> f64 {
    jaccard(&shingles(a), &shingles(b))
}

/// Folds the articles of many pages: [`Batch::add`] each page's articles,
/// then [`Batch::finish`] (or [`Batch::finish_iter`] to take the folded
/// articles one at a time).
///
/// Memory: copies with one key are folded as they are added, so a batch
/// holds one article per distinct key (plus the provenance of every copy),
/// not every copy; and it holds each packed (JSON, LZ4-compressed, about a
/// third of the text's size), not as a tree of strings.
///
/// ```
/// use gazette::{parse_str, Batch, Options};
/// let text = "关于调整的公告\n渝府发〔2025〕15号\n正文。\n重庆市人民政府 2025年11月7日\n";
/// let mut batch = Batch::new();
/// batch.add(parse_str("a.txt", text, &Options::default()).articles);
/// batch.add(parse_str("b.txt", text, &Options::default()).articles);
/// let out = batch.finish();
/// assert_eq!(out.len(), 1);
/// assert_eq!(out[0].copies.len(), 2);
/// ```
#[derive(Debug, Default)]
pub struct Batch {
    groups: HashMap<String, Group>,
    added: usize,
    /// Bytes the kept copies hold, about (an upper bound: replaced copies are not taken off).
    held: usize,
    /// Whether kept copies are packed: once `held` passes `pack_above`.
    packing: bool,
    /// [`PACK_ABOVE`] unless set.
    pack_above: Option<usize>,
}

/// Kept copies are packed (JSON, LZ4) once a batch holds about this many bytes of them: small
/// batches stay fast, large ones small.
pub const PACK_ABOVE: usize = 64 << 20;

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// An empty batch that packs its kept copies once they hold about
    /// `bytes` (default [`PACK_ABOVE`]; 0 packs from the first).
    pub fn packing_above(bytes: usize) -> Batch {
        Batch {
            pack_above: Some(bytes),
            packing: bytes == 0,
            ..Batch::default()
        }
    }

    /// Adds articles (usually one page's). Folded articles may be added
    /// too, each the [`fold_group`] of copies that share its [`fold_key`]
    /// (its first copy is its own, the others were folded into it): the
    /// result is what adding all their copies gives. (The output of a
    /// batch is not such an article where rule 3 joined several keys:
    /// folding it again can join more.)
    pub fn add<I: IntoIterator<Item = Article>>(&mut self, articles: I) {
        self.add_keyed(articles.into_iter().map(Keyed::new));
    }

    /// Adds articles whose keys and ranks were computed before, maybe on
    /// other threads: the same as [`Batch::add`] of their articles.
    pub fn add_keyed<I: IntoIterator<Item = Keyed>>(&mut self, articles: I) {
        for Keyed { key, rank, article } in articles {
            self.added += 1;
            let size = match self.groups.get_mut(&key) {
                Some(group) => group.absorb(article, rank, self.packing),
                None => {
                    let group = Group::new(article, rank, self.packing);
                    let size = group.best.size();
                    self.groups.insert(key, group);
                    size
                }
            };
            self.held += size;
            if !self.packing && self.held > self.pack_above.unwrap_or(PACK_ABOVE) {
                self.packing = true;
                for group in self.groups.values_mut() {
                    group.best.pack();
                }
            }
        }
    }

    /// Articles added so far.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Distinct keys so far: an upper bound on the articles `finish` returns.
    pub fn keys(&self) -> usize {
        self.groups.len()
    }

    /// Folds near-identical groups and returns one article per document,
    /// in the batch's output order: by the first of its copies (file name,
    /// then offsets), then id, then fingerprint. The order and the bytes do
    /// not depend on the order articles were added in.
    pub fn finish(self) -> Vec<Article> {
        self.finish_iter().collect()
    }

    /// Like [`Batch::finish`], but unpacks the articles one at a time, so
    /// that writing them out needs no more memory than the batch held.
    pub fn finish_iter(self) -> Folded {
        let mut groups: Vec<(String, Group)> = self.groups.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        let components = near_duplicates(&groups);
        let mut merged: Vec<Option<Group>> = Vec::with_capacity(groups.len());
        for (i, (_, group)) in groups.into_iter().enumerate() {
            let root = components[i];
            if root == i {
                merged.push(Some(group));
            } else {
                // Roots are the smallest index of their component, so the
                // root is already in place.
                merged.push(None);
                if let Some(Some(into)) = merged.get_mut(root) {
                    into.merge(group);
                }
            }
        }
        let mut groups: Vec<Group> = merged.into_iter().flatten().collect();
        groups.sort_by_cached_key(Group::output_key);
        Folded {
            groups: groups.into_iter(),
        }
    }
}

/// The folded articles of a [`Batch`], in output order, unpacked one at a
/// time.
#[derive(Debug)]
pub struct Folded {
    groups: std::vec::IntoIter<Group>,
}

impl Iterator for Folded {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        self.groups.next().map(Group::finish)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.groups.size_hint()
    }
}

impl ExactSizeIterator for Folded {}

/// Sorts articles into the batch's output order: by the first of their
/// copies (file name, start, end), then id, then fingerprint.
pub fn sort_output(articles: &mut [Article]) {
    articles.sort_by_cached_key(|a| {
        let first = a
            .copies
            .iter()
            .map(|c| (c.file.clone(), c.start, c.end))
            .min();
        (first, a.id.clone(), a.fingerprint.clone())
    });
}

/// Copies of one document folded so far: the best one, and where the
/// others came from.
#[derive(Debug)]
struct Group {
    best: Held,
    others: Vec<Copy>,
}

impl Group {
    fn new(mut article: Article, rank: Rank, pack: bool) -> Group {
        let others = folded_copies(&mut article);
        Group {
            best: Held::hold_ranked(article, rank, pack),
            others,
        }
    }

    /// Takes in another copy; returns the bytes the group holds more, about.
    fn absorb(&mut self, mut article: Article, rank: Rank, pack: bool) -> usize {
        self.others.extend(folded_copies(&mut article));
        if rank > self.best.rank {
            let old = std::mem::replace(&mut self.best, Held::hold_ranked(article, rank, pack));
            self.others.extend(old.copies);
            self.best.size()
        } else {
            self.others.extend(article.copies);
            0
        }
    }

    fn merge(&mut self, other: Group) {
        self.others.extend(other.others);
        if other.best.rank > self.best.rank {
            let old = std::mem::replace(&mut self.best, other.best);
            self.others.extend(old.copies);
        } else {
            self.others.extend(other.best.copies);
        }
    }

    /// The key of [`sort_output`], without unpacking the article.
    fn output_key(&self) -> (Option<(String, usize, usize)>, String, String) {
        let first = self
            .best
            .copies
            .iter()
            .chain(&self.others)
            .map(|c| (c.file.clone(), c.start, c.end))
            .min();
        (
            first,
            self.best.id.clone(),
            self.best.rank.fingerprint.0.clone(),
        )
    }

    fn finish(self) -> Article {
        let mut best = self.best.unpack();
        let mut others = self.others;
        others.sort_by(copy_order);
        others.dedup();
        best.copies.extend(others);
        best
    }
}

/// The copies folded into an article before (all but its first, its own),
/// taken out of it: folding folded articles (the [`fold_group`] of copies
/// with one key) then gives what folding all their copies at once gives,
/// so a distributed job can fold in stages.
fn folded_copies(article: &mut Article) -> Vec<Copy> {
    if article.copies.len() > 1 {
        article.copies.split_off(1)
    } else {
        Vec::new()
    }
}

/// An article with its [`fold_key`] and what ranks it among its copies,
/// computed apart from any [`Batch`] (by the thread that parsed it, say),
/// for [`Batch::add_keyed`].
#[derive(Debug, Clone)]
pub struct Keyed {
    key: String,
    rank: Rank,
    article: Article,
}

impl Keyed {
    /// Computes the key and rank of `article`.
    pub fn new(article: Article) -> Keyed {
        Keyed {
            key: fold_key(&article),
            rank: Rank::of(&article),
            article,
        }
    }

    /// The article's [`fold_key`].
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The article.
    pub fn article(&self) -> &Article {
        &self.article
    }
}

/// What decides which copy is kept: quality, then the smallest
/// fingerprint, then the smallest first copy (file, start).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    quality: Quality,
    fingerprint: Reverse<String>,
    first: Reverse<(String, usize)>,
}

impl Rank {
    fn of(a: &Article) -> Rank {
        Rank {
            quality: quality(a),
            fingerprint: Reverse(a.fingerprint.clone()),
            first: Reverse(
                a.copies
                    .first()
                    .map(|c| (c.file.clone(), c.start))
                    .unwrap_or_default(),
            ),
        }
    }
}

/// The kept copy of a group: what folding needs at hand, and the article
/// itself, packed in a large batch until it is written.
#[derive(Debug)]
struct Held {
    rank: Rank,
    facts: Facts,
    id: String,
    /// The article's own copies, kept apart: they move to `others` when a
    /// better copy comes.
    copies: Vec<Copy>,
    /// The article without its copies.
    kept: Kept,
}

/// An article as a batch keeps it.
#[derive(Debug)]
enum Kept {
    Plain(Box<Article>),
    /// JSON, LZ4-compressed: a fraction of the memory, at the cost of
    /// writing and reading it back.
    Packed(Box<[u8]>),
}

impl Held {
    fn hold_ranked(mut article: Article, rank: Rank, pack: bool) -> Held {
        let facts = Facts::of(&article);
        let copies = std::mem::take(&mut article.copies);
        let mut held = Held {
            rank,
            facts,
            id: article.id.clone(),
            copies,
            kept: Kept::Plain(Box::new(article)),
        };
        if pack {
            held.pack();
        }
        held
    }

    /// Bytes the kept article holds, about: its text (three bytes a
    /// character), the spare capacity and structure around it, and fields
    /// besides the content (measured: peak RSS over the estimate held).
    fn size(&self) -> usize {
        self.rank.quality.chars * 8 + 2048
    }

    fn pack(&mut self) {
        if let Kept::Plain(article) = &self.kept {
            // The crate's own writer: serde_json's bytes, several times faster.
            let mut json = Vec::with_capacity(self.size());
            crate::serialise::push_line(&mut json, article);
            self.kept = Kept::Packed(lz4_flex::compress_prepend_size(&json).into_boxed_slice());
        }
    }

    /// The article without its copies.
    fn content(&self) -> std::borrow::Cow<'_, Article> {
        match &self.kept {
            Kept::Plain(article) => std::borrow::Cow::Borrowed(article),
            Kept::Packed(packed) => std::borrow::Cow::Owned(unpacked(packed)),
        }
    }

    fn unpack(self) -> Article {
        let mut article = match self.kept {
            Kept::Plain(article) => *article,
            Kept::Packed(packed) => unpacked(&packed),
        };
        article.copies = self.copies;
        article
    }
}

/// An article packed by [`Held::pack`].
fn unpacked(packed: &[u8]) -> Article {
    // The bytes were packed from an article: they unpack.
    let json = lz4_flex::decompress_size_prepended(packed).expect("a packed article decompresses");
    serde_json::from_slice(&json).expect("a packed article deserialises")
}

fn copy_order(a: &Copy, b: &Copy) -> Ordering {
    (&a.file, a.start, a.end, &a.encoding, &a.format).cmp(&(
        &b.file,
        b.start,
        b.end,
        &b.encoding,
        &b.format,
    ))
}

/// The facts two copies of one document must not disagree on.
#[derive(Debug, Clone, Default)]
struct Facts {
    kind: Option<Kind>,
    number: Option<String>,
    date: Option<String>,
    title: Option<String>,
    interprets: BTreeSet<String>,
}

impl Facts {
    fn of(a: &Article) -> Facts {
        Facts {
            kind: Some(a.kind),
            number: a.doc_number.as_ref().map(|n| n.text.clone()),
            date: a.date.clone(),
            title: a.title.clone(),
            interprets: a
                .references
                .iter()
                .filter(|r| r.relation == Relation::Interprets)
                .map(|r| r.doc_number.clone())
                .collect(),
        }
    }

    fn agrees(&self, other: &Facts) -> bool {
        fn same<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
        }
        same(&self.kind, &other.kind)
            && same(&self.number, &other.number)
            && same(&self.date, &other.date)
            && same(&self.title, &other.title)
            && (self.interprets.is_empty()
                || other.interprets.is_empty()
                || !self.interprets.is_disjoint(&other.interprets))
    }

    /// The facts of a merged set: what either side states.
    fn absorb(&mut self, other: Facts) {
        self.kind = self.kind.or(other.kind);
        self.number = self.number.take().or(other.number);
        self.date = self.date.take().or(other.date);
        self.title = self.title.take().or(other.title);
        self.interprets.extend(other.interprets);
    }
}

/// Rule 3 over the groups (sorted by key): for each group, the index of
/// the group it is folded into (itself when none).
fn near_duplicates(groups: &[(String, Group)]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    let numbered = |i: usize| groups[i].1.best.facts.number.is_some();
    if (0..groups.len()).all(numbered) {
        return parent;
    }
    // One signature per group, computed in parallel: the groups' texts are
    // most of the work here.
    // Only kinds that have an unnumbered group can fold anything here.
    let open: BTreeSet<Option<Kind>> = groups
        .iter()
        .filter(|(_, g)| g.best.facts.number.is_none())
        .map(|(_, g)| g.best.facts.kind)
        .collect();
    let signatures: Vec<Option<Signature>> = groups
        .par_iter()
        .map(|(_, g)| {
            if open.contains(&g.best.facts.kind) {
                Signature::of(&shingles(&g.best.content()))
            } else {
                None
            }
        })
        .collect();
    let mut entries: Vec<(u64, u32)> = Vec::new();
    for (i, sig) in signatures.iter().enumerate() {
        if let Some(sig) = sig {
            let kind = groups[i].1.best.facts.kind.map_or(0, |k| k as u64);
            for (b, h) in bands(&sig.bins).iter().enumerate() {
                // Kind and band index are part of the key: articles of
                // different kinds are never candidates.
                let key = xxh3_64_with_seed(&h.to_le_bytes(), kind << 8 | b as u64);
                entries.push((key, i as u32));
            }
        }
    }
    entries.sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        // A band shared by many articles is boilerplate or a template: all
        // pairs of a large bucket would be quadratic, so each article is
        // paired with the next few only (the union-find links the chain).
        let reach = if run.len() <= ALL_PAIRS {
            run.len()
        } else {
            CHAIN
        };
        for (x, &(_, i)) in run.iter().enumerate() {
            for &(_, j) in run.iter().skip(x + 1).take(reach) {
                if i != j && !(numbered(i as usize) && numbered(j as usize)) {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    drop(entries);
    pairs.sort_unstable();
    pairs.dedup();

    let facts: Vec<Facts> = groups.iter().map(|(_, g)| g.best.facts.clone()).collect();
    // Shingle sets are large (8 bytes a character): keep a bounded number.
    // Pairs come sorted, so most lookups hit.
    let mut cache: HashMap<u32, Vec<u64>> = HashMap::new();
    let mut verified: Vec<(f64, u32, u32)> = Vec::new();
    for (i, j) in pairs {
        if !facts[i as usize].agrees(&facts[j as usize]) {
            continue;
        }
        if let (Some(a), Some(b)) = (&signatures[i as usize], &signatures[j as usize]) {
            if a.clearly_below(b) {
                continue;
            }
        }
        if cache.len() >= CACHE {
            cache.clear();
        }
        for k in [i, j] {
            cache
                .entry(k)
                .or_insert_with(|| shingles(&groups[k as usize].1.best.content()));
        }
        let s = jaccard(&cache[&i], &cache[&j]);
        if s >= THRESHOLD {
            verified.push((s, i, j));
        }
    }
    drop(cache);
    drop(signatures);
    // Most similar pairs first; each union checks the facts of the whole
    // sets, so a chain of similar pairs never joins two documents whose
    // facts disagree.
    verified.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut set_facts: Vec<Option<Facts>> = facts.into_iter().map(Some).collect();
    for (_, i, j) in verified {
        let (ri, rj) = (find(&mut parent, i as usize), find(&mut parent, j as usize));
        if ri == rj {
            continue;
        }
        let agree = match (&set_facts[ri], &set_facts[rj]) {
            (Some(a), Some(b)) => a.agrees(b),
            _ => false,
        };
        if !agree {
            continue;
        }
        // The smaller index (the smaller key) is the root, so the result
        // depends only on the set of groups.
        let (root, child) = (ri.min(rj), ri.max(rj));
        parent[child] = root;
        if let Some(f) = set_facts[child].take() {
            if let Some(into) = set_facts[root].as_mut() {
                into.absorb(f);
            }
        }
    }
    (0..groups.len()).map(|i| find(&mut parent, i)).collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Notice => "notice",
        Kind::Interpretation => "interpretation",
        Kind::News => "news",
        Kind::Other => "other",
    }
}

/// The letters and digits of the article's title, body, enclosure and
/// attachments (responsibilities and section markers included), in order.
fn content_text(a: &Article) -> String {
    let mut out = String::new();
    for_each_text(a, &mut |s: &str| {
        alphanumeric_runs(s, |run| out.push_str(run))
    });
    out
}

/// Letters and digits of the content text, counted without copying it.
fn content_chars(a: &Article) -> usize {
    let mut n = 0;
    for_each_text(a, &mut |s: &str| n += alphanumerics(s));
    n
}

/// The length of the character at byte `at` of `s` and whether it is a letter or digit
/// ([`crate::chars::is_alphanumeric`]). ASCII, the URO ideographs (U+4E00..U+9FFF: lead
/// byte E5..E9, or E4 then B8..) and the commonest marks are told from their bytes, without
/// decoding them.
#[inline(always)]
fn char_at(s: &str, at: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    match bytes.get(at) {
        Some(0xE5..=0xE9) => (3, true),
        Some(&b) if b < 0x80 => (1, b.is_ascii_alphanumeric()),
        Some(0xE4) if bytes.get(at + 1).is_some_and(|&b| b >= 0xB8) => (3, true),
        // The commonest marks: 、。〃〄 and the brackets 〈…】 (U+3000..U+3004, U+3008..U+3011);
        // the full-width ！…／ and ：…？ (U+FF01..U+FF0F, U+FF1A..U+FF1F).
        Some(0xE3)
            if bytes.get(at + 1) == Some(&0x80)
                && matches!(bytes.get(at + 2), Some(0x80..=0x84 | 0x88..=0x91)) =>
        {
            (3, false)
        }
        Some(0xEF)
            if bytes.get(at + 1) == Some(&0xBC)
                && matches!(bytes.get(at + 2), Some(0x81..=0x8F | 0x9A..=0x9F)) =>
        {
            (3, false)
        }
        _ => decoded_char_at(s, at),
    }
}

/// [`char_at`] for the other characters, decoded.
#[inline(never)]
fn decoded_char_at(s: &str, at: usize) -> (usize, bool) {
    s.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or((1, false), |c| {
            (c.len_utf8(), crate::chars::is_alphanumeric(c))
        })
}

/// How many letters and digits `s` holds.
fn alphanumerics(s: &str) -> usize {
    let mut n = 0;
    let mut at = 0;
    while at < s.len() {
        let (len, alphanumeric) = char_at(s, at);
        n += usize::from(alphanumeric);
        at += len;
    }
    n
}

/// Calls `run` with each maximal run of letters and digits in `s`, in order.
fn alphanumeric_runs(s: &str, mut run: impl FnMut(&str)) {
    let mut start = 0;
    let mut at = 0;
    while at < s.len() {
        let (len, alphanumeric) = char_at(s, at);
        if !alphanumeric {
            if let Some(r) = s.get(start..at).filter(|r| !r.is_empty()) {
                run(r);
            }
            start = at + len;
        }
        at += len;
    }
    if let Some(r) = s.get(start..).filter(|r| !r.is_empty()) {
        run(r);
    }
}

/// Calls `push` with each text of the content, in order.
fn for_each_text(a: &Article, push: &mut impl FnMut(&str)) {
    if let Some(t) = &a.title {
        push(t);
    }
    walk_blocks(&a.body, push);
    if let Some(e) = &a.enclosure {
        if let Some(t) = &e.title {
            push(t);
        }
        walk_blocks(&e.body, push);
    }
    for at in &a.attachments {
        if let Some(t) = &at.title {
            push(t);
        }
        walk_blocks(&at.body, push);
    }
}

fn walk_blocks(blocks: &[Block], push: &mut impl FnMut(&str)) {
    for b in blocks {
        match b {
            Block::Paragraph {
                text,
                responsibility,
            } => {
                push(text);
                walk_responsibility(responsibility.as_ref(), push);
            }
            Block::Section {
                marker,
                heading,
                responsibility,
                blocks,
                ..
            } => {
                push(marker);
                if let Some(h) = heading {
                    push(h);
                }
                walk_responsibility(responsibility.as_ref(), push);
                walk_blocks(blocks, push);
            }
            Block::Table { header, rows } => {
                header.iter().for_each(|c| push(c));
                rows.iter().flatten().for_each(|c| push(c));
            }
        }
    }
}

fn walk_responsibility(r: Option<&crate::model::Responsibility>, push: &mut impl FnMut(&str)) {
    if let Some(r) = r {
        r.lead.iter().chain(&r.responsible).for_each(|u| push(u));
        if let Some(n) = &r.note {
            push(n);
        }
    }
}

fn count_blocks(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Section { blocks, .. } => 1 + count_blocks(blocks),
            _ => 1,
        })
        .sum()
}

/// The sorted, distinct hashes of the article's shingles; a text shorter
/// than a shingle is one shingle.
fn shingles(a: &Article) -> Vec<u64> {
    let chars: Vec<char> = content_text(a).chars().collect();
    let out: Vec<u64> = if chars.len() < SHINGLE {
        if chars.is_empty() {
            Vec::new()
        } else {
            vec![shingle_hash(&chars)]
        }
    } else {
        chars.windows(SHINGLE).map(shingle_hash).collect()
    };
    let mut out = sort_hashes(out);
    out.dedup();
    out
}

/// `hashes` in ascending order: bucketed by their top six bits first (the bits that choose a
/// signature's bin), then each bucket sorted, which for the thousands of shingles of a document
/// halves the comparisons of one sort of the whole.
fn sort_hashes(mut hashes: Vec<u64>) -> Vec<u64> {
    const BUCKETS: usize = 64;
    let bucket = |h: u64| (h >> 58) as usize;
    if hashes.len() < 4 * BUCKETS {
        hashes.sort_unstable();
        return hashes;
    }
    let mut ends = [0usize; BUCKETS];
    for &h in &hashes {
        if let Some(n) = ends.get_mut(bucket(h)) {
            *n += 1;
        }
    }
    let mut start = 0;
    for end in &mut ends {
        start += *end;
        *end = start;
    }
    // Filled from the back of each bucket, so that `ends` ends up holding their starts.
    let mut sorted = vec![0u64; hashes.len()];
    for &h in hashes.iter().rev() {
        if let Some(end) = ends.get_mut(bucket(h)) {
            *end -= 1;
            if let Some(slot) = sorted.get_mut(*end) {
                *slot = h;
            }
        }
    }
    let mut rest = sorted.as_mut_slice();
    let mut at = 0;
    for next in ends
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(hashes.len()))
    {
        let (this, tail) = rest.split_at_mut(next.saturating_sub(at).min(rest.len()));
        this.sort_unstable();
        rest = tail;
        at = next;
    }
    sorted
}

fn shingle_hash(chars: &[char]) -> u64 {
    // Five code points of 21 bits each fit in 128 bits.
    let packed = chars
        .iter()
        .fold(0u128, |acc, &c| acc << 21 | u128::from(u32::from(c)));
    xxh3_64(&packed.to_le_bytes())
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// A one-permutation MinHash of a shingle set, and the set's size.
#[derive(Debug, Clone)]
struct Signature {
    bins: [u64; BINS],
    shingles: usize,
}

impl Signature {
    /// The top 6 bits of a shingle's hash choose its bin, each bin keeps
    /// its smallest value, and an empty bin borrows from the next filled
    /// one (with an offset per step, so that the borrowed value still tells
    /// the distance). `None` for an empty set.
    fn of(shingles: &[u64]) -> Option<Signature> {
        if shingles.is_empty() {
            return None;
        }
        const EMPTY: u64 = u64::MAX;
        let mut bins = [EMPTY; BINS];
        for &h in shingles {
            let bin = (h >> 58) as usize;
            let value = h & ((1 << 58) - 1);
            if value < bins[bin] {
                bins[bin] = value;
            }
        }
        let filled = bins;
        for (i, bin) in bins.iter_mut().enumerate() {
            if *bin == EMPTY {
                let mut d = 1;
                while filled[(i + d) % BINS] == EMPTY {
                    d += 1;
                }
                *bin = filled[(i + d) % BINS] ^ (d as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            }
        }
        Some(Signature {
            bins,
            shingles: shingles.len(),
        })
    }

    /// Whether the estimated similarity is so far below [`THRESHOLD`] that
    /// the exact test can be skipped (only for sets large enough that every
    /// bin holds a shingle of its own, nearly always).
    fn clearly_below(&self, other: &Signature) -> bool {
        if self.shingles < TRUSTED || other.shingles < TRUSTED {
            return false;
        }
        let same = self
            .bins
            .iter()
            .zip(&other.bins)
            .filter(|(a, b)| a == b)
            .count();
        (same as f64 / BINS as f64) < THRESHOLD - MARGIN
    }
}

fn bands(sig: &[u64; BINS]) -> [u64; BANDS] {
    let mut out = [0; BANDS];
    for (b, rows) in sig.chunks_exact(ROWS).enumerate() {
        let mut bytes = [0u8; ROWS * 8];
        for (k, v) in rows.iter().enumerate() {
            bytes[k * 8..k * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
        out[b] = xxh3_64_with_seed(&bytes, b as u64);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::seal;
    use crate::model::{DocNumber, Reference, SCHEMA};

    proptest::proptest! {
        #[test]
        fn bucketed_sort_sorts(
            mut hashes in proptest::collection::vec(proptest::num::u64::ANY, 0..2000),
            small in proptest::collection::vec(0u64..4, 0..600),
        ) {
            hashes.extend(small.iter().map(|&x| x << 62 | x));
            let mut expected = hashes.clone();
            expected.sort_unstable();
            proptest::prop_assert_eq!(sort_hashes(hashes), expected);
        }
    }

    #[test]
    fn every_char_is_classed_as_by_decoding_it() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("{c}a");
            let expected = crate::chars::is_alphanumeric(c);
            assert_eq!(char_at(&s, 0), (c.len_utf8(), expected), "{c:?}");
            assert_eq!(alphanumerics(&s), usize::from(expected) + 1, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn alphanumeric_runs_keep_what_a_char_filter_keeps(
            s in "([a-z0-9 ,.]|[\u{4D00}-\u{4FFF}]|[\u{3000}-\u{303F}]|[一-龥]|[，。：（）]|😀|é)*"
        ) {
            let expected: String = s.chars().filter(|&c| crate::chars::is_alphanumeric(c)).collect();
            let mut runs = String::new();
            alphanumeric_runs(&s, |r| runs.push_str(r));
            proptest::prop_assert_eq!(&runs, &expected);
            proptest::prop_assert_eq!(alphanumerics(&s), expected.chars().count());
        }
    }

    fn copy(file: &str, start: usize, format: &str) -> Copy {
        Copy {
            file: file.to_owned(),
            start,
            end: start + 100,
            encoding: "UTF-8".to_owned(),
            format: format.to_owned(),
        }
    }

    fn article(kind: Kind, number: Option<&str>, paragraphs: &[&str], at: Copy) -> Article {
        let doc_number = number.map(|n| {
            let (agency, rest) = n.split_once('〔').unwrap_or((n, ""));
            let (year, serial) = rest.split_once('〕').unwrap_or(("0", "0号"));
            DocNumber {
                text: n.to_owned(),
                agency: Some(agency.to_owned()),
                year: year.parse().unwrap_or(0),
                serial: serial.trim_end_matches('号').parse().unwrap_or(0),
            }
        });
        let mut a = Article {
            schema: SCHEMA.to_owned(),
            id: String::new(),
            kind,
            doc_type: None,
            doc_number,
            title: None,
            issuers: Vec::new(),
            addressees: Vec::new(),
            date: None,
            published: None,
            publicity: None,
            source: None,
            gazette: None,
            body: paragraphs
                .iter()
                .map(|p| Block::Paragraph {
                    text: (*p).to_owned(),
                    responsibility: None,
                })
                .collect(),
            enclosure: None,
            attachments: Vec::new(),
            references: Vec::new(),
            effective: None,
            copies: vec![at],
            warnings: Vec::new(),
            fingerprint: String::new(),
        };
        seal(&mut a);
        a
    }

    fn resealed(mut a: Article) -> Article {
        seal(&mut a);
        a
    }

    const NEWS: &str = "近日，武隆区正式印发《武隆区支持科技创新政策措施》，从创新主体培育、产业技术攻关、\
        成果转化激励、科技金融支持及创新保障机制等方面，推出一系列含金量高的支持政策。在支持优质企业培育\
        发展方面，武隆区将对制造业企业建成投产后实际累计固定资产投资额达1亿元至3亿元的给予奖励。";
    const OTHER_NEWS: &str = "近日，武隆区召开全区农业农村工作会议，总结去年以来乡村振兴工作成效，安排部署今年\
        重点任务。会议强调，要坚持农业农村优先发展，扎实推进高标准农田建设，持续巩固拓展脱贫攻坚成果，\
        推动农文旅融合发展，让农民群众的日子越过越红火。";

    fn fold(articles: Vec<Article>) -> Vec<Article> {
        let mut batch = Batch::new();
        batch.add(articles);
        batch.finish()
    }

    #[test]
    fn articles_keyed_on_other_threads_fold_as_articles_added() {
        let articles = vec![
            article(Kind::News, None, &[NEWS], copy("b.txt", 0, "text")),
            article(Kind::News, None, &[NEWS], copy("a.html", 5, "html")),
            article(Kind::News, None, &[OTHER_NEWS], copy("c.txt", 0, "text")),
            article(
                Kind::Notice,
                Some("渝府发〔2025〕1号"),
                &["甲。"],
                copy("d.txt", 0, "text"),
            ),
        ];
        let keyed: Vec<Keyed> = std::thread::scope(|scope| {
            let workers: Vec<_> = articles
                .iter()
                .cloned()
                .map(|a| scope.spawn(move || Keyed::new(a)))
                .collect();
            workers.into_iter().filter_map(|w| w.join().ok()).collect()
        });
        assert_eq!(keyed[3].key(), "no:渝府发〔2025〕1号");
        assert_eq!(keyed[0].key(), keyed[1].key());
        assert_ne!(keyed[0].key(), keyed[2].key());
        assert_eq!(keyed[2].article(), &articles[2]);
        let mut batch = Batch::new();
        batch.add_keyed(keyed.into_iter().rev());
        let folded = batch.finish();
        assert_eq!(folded.len(), 3);
        assert_eq!(folded, fold(articles));
    }

    #[test]
    fn one_number_is_one_document() {
        let a = article(
            Kind::Notice,
            Some("渝府办发〔2025〕56号"),
            &["甲。"],
            copy("b.txt", 0, "text"),
        );
        let b = article(
            Kind::Notice,
            Some("渝府办发〔2025〕56号"),
            &["乙。"],
            copy("a.txt", 9, "text"),
        );
        assert_eq!(fold_key(&a), "no:渝府办发〔2025〕56号");
        let out = fold(vec![a, b]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].copies.len(), 2);
    }

    #[test]
    fn same_agency_and_year_different_serial_stay_apart() {
        // Near-identical text (a template) with two numbers: two documents.
        let text = [NEWS];
        let a = article(
            Kind::Notice,
            Some("渝府办发〔2025〕56号"),
            &text,
            copy("a.txt", 0, "text"),
        );
        let b = article(
            Kind::Notice,
            Some("渝府办发〔2025〕57号"),
            &text,
            copy("b.txt", 0, "text"),
        );
        assert_eq!(fold(vec![a, b]).len(), 2);
    }

    #[test]
    fn an_interpretation_and_the_notice_it_explains_stay_apart() {
        let notice = article(
            Kind::Notice,
            Some("渝府办发〔2025〕43号"),
            &[NEWS],
            copy("a.txt", 0, "text"),
        );
        let mut interp = article(
            Kind::Interpretation,
            None,
            &[NEWS],
            copy("a.txt", 500, "text"),
        );
        interp.references.push(Reference {
            doc_number: "渝府办发〔2025〕43号".to_owned(),
            title: None,
            relation: Relation::Interprets,
        });
        let interp = resealed(interp);
        assert!(!mergeable(&notice, &interp));
        assert_eq!(fold(vec![notice, interp]).len(), 2);
    }

    #[test]
    fn two_news_items_from_one_outlet_stay_apart() {
        let mut a = article(Kind::News, None, &[NEWS], copy("a.txt", 0, "text"));
        a.source = Some("新重庆-重庆日报".to_owned());
        let mut b = article(Kind::News, None, &[OTHER_NEWS], copy("a.txt", 900, "text"));
        b.source = Some("新重庆-重庆日报".to_owned());
        let (a, b) = (resealed(a), resealed(b));
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
        assert_eq!(fold(vec![a, b]).len(), 2);
    }

    #[test]
    fn identical_text_with_different_punctuation_shares_a_key() {
        let a = article(Kind::News, None, &[NEWS], copy("a.txt", 0, "text"));
        let b = article(
            Kind::News,
            None,
            &[&NEWS.replace('，', "")],
            copy("b.txt", 0, "html"),
        );
        assert_ne!(a.fingerprint, b.fingerprint);
        assert_eq!(fold_key(&a), fold_key(&b));
        assert!(fold_key(&a).starts_with("text:news:"));
        let out = fold(vec![a, b]);
        assert_eq!(out.len(), 1);
        // The HTML copy is web text: it is kept.
        assert_eq!(out[0].copies[0].file, "b.txt");
    }

    #[test]
    fn near_identical_copies_without_a_number_fold() {
        let edited = NEWS.replace("推出一系列", "推出了一系列");
        let a = article(Kind::News, None, &[NEWS], copy("a.txt", 0, "text"));
        let b = article(Kind::News, None, &[&edited], copy("b.txt", 0, "text"));
        assert_ne!(fold_key(&a), fold_key(&b));
        assert!(mergeable(&a, &b), "{}", similarity(&a, &b));
        let out = fold(vec![b.clone(), a.clone()]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].copies.len(), 2);
        assert_eq!(out, fold(vec![a, b]));
    }

    #[test]
    fn near_identical_copies_with_different_dates_stay_apart() {
        // The same notice re-issued next year with the year changed.
        let mut a = article(Kind::Notice, None, &[NEWS], copy("a.txt", 0, "text"));
        a.date = Some("2024-01-05".to_owned());
        let mut b = article(
            Kind::Notice,
            None,
            &[&NEWS.replace("3亿元", "4亿元")],
            copy("b.txt", 0, "text"),
        );
        b.date = Some("2025-01-05".to_owned());
        let (a, b) = (resealed(a), resealed(b));
        assert!(similarity(&a, &b) >= THRESHOLD);
        assert!(!mergeable(&a, &b));
        assert_eq!(fold(vec![a, b]).len(), 2);
    }

    #[test]
    fn a_chain_never_joins_two_numbers() {
        // An unnumbered copy like both of two numbered documents joins
        // one of them, never both.
        let a = article(
            Kind::Notice,
            Some("渝府办发〔2025〕1号"),
            &[NEWS],
            copy("a.txt", 0, "text"),
        );
        let b = article(
            Kind::Notice,
            Some("渝府办发〔2025〕2号"),
            &[NEWS],
            copy("b.txt", 0, "text"),
        );
        let c = article(Kind::Notice, None, &[NEWS], copy("c.txt", 0, "text"));
        let out = fold(vec![a, b, c]);
        assert_eq!(out.len(), 2);
        assert_eq!(out.iter().map(|a| a.copies.len()).sum::<usize>(), 3);
        let numbers: Vec<&str> = out.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(numbers, ["渝府办发〔2025〕1号", "渝府办发〔2025〕2号"]);
    }

    #[test]
    fn the_best_copy_is_kept_and_listed_first() {
        let n = Some("渝府办发〔2025〕56号");
        let mut pdf = article(Kind::Notice, n, &[NEWS], copy("000.txt", 10, "markdown"));
        pdf.gazette = Some(crate::model::GazetteIssue {
            name: "重庆市人民政府公报".to_owned(),
            year: Some(2025),
            issue: Some(16),
            total_issue: None,
            date: None,
        });
        let mut web = article(Kind::Notice, n, &[NEWS], copy("002.txt", 50, "text"));
        web.source = Some("重庆市人民政府办公厅".to_owned());
        web.warnings.push(crate::model::Warning {
            code: "numbering_gap".to_owned(),
            message: "x".to_owned(),
        });
        let later = web.clone();
        let mut later = later;
        later.copies = vec![copy("004.txt", 5, "text")];
        let (pdf, web) = (resealed(pdf), resealed(web));
        let later = resealed(later);
        assert!(quality(&web) > quality(&pdf));
        let out = fold(vec![later.clone(), pdf.clone(), web.clone()]);
        assert_eq!(out.len(), 1);
        let files: Vec<&str> = out[0].copies.iter().map(|c| c.file.as_str()).collect();
        // 002 and 004 tie on quality and fingerprint: the smaller file wins.
        assert_eq!(files, ["002.txt", "000.txt", "004.txt"]);
        assert_eq!(out[0].warnings.len(), 1);
        assert_eq!(fold_group(vec![pdf, later, web]), Some(out[0].clone()));
    }

    #[test]
    fn order_of_adds_does_not_matter() {
        let mut all = vec![
            article(Kind::News, None, &[NEWS], copy("c.txt", 0, "text")),
            article(Kind::News, None, &[OTHER_NEWS], copy("a.txt", 0, "text")),
            article(
                Kind::News,
                None,
                &[&NEWS.replace("推出", "出台")],
                copy("b.txt", 0, "text"),
            ),
            article(
                Kind::Notice,
                Some("国办发〔2024〕44号"),
                &["甲"],
                copy("d.txt", 0, "text"),
            ),
            article(
                Kind::Notice,
                Some("国办发〔2024〕44号"),
                &["乙"],
                copy("a.txt", 70, "html"),
            ),
        ];
        let want = fold(all.clone());
        assert_eq!(want.len(), 3);
        all.reverse();
        assert_eq!(fold(all.clone()), want);
        all.rotate_left(2);
        let mut batch = Batch::new();
        for a in all {
            batch.add([a]);
        }
        assert_eq!(batch.finish(), want);
        // Output order: by the first of the copies.
        let firsts: Vec<(&str, usize)> = want
            .iter()
            .filter_map(|a| a.copies.iter().map(|c| (c.file.as_str(), c.start)).min())
            .collect();
        assert_eq!(firsts, [("a.txt", 0), ("a.txt", 70), ("b.txt", 0)]);
    }

    #[test]
    fn folding_folded_articles_equals_one_fold() {
        // Copies of one numbered document, an unnumbered near copy of a news
        // item (rule 3) and its exact copies: folded in parts, then the
        // parts folded, they give what one batch of all of them gives.
        let n = Some("渝府办发〔2025〕56号");
        let mut web = article(Kind::Notice, n, &[NEWS], copy("c.txt", 5, "text"));
        web.source = Some("重庆市人民政府办公厅".to_owned());
        let all = vec![
            article(Kind::Notice, n, &[NEWS], copy("d.txt", 0, "text")),
            resealed(web),
            article(Kind::Notice, n, &["甲。"], copy("a.txt", 9, "text")),
            article(Kind::Notice, n, &[NEWS], copy("b.txt", 0, "text")),
            article(Kind::News, None, &[NEWS], copy("e.txt", 0, "text")),
            article(Kind::News, None, &[NEWS], copy("a.txt", 500, "text")),
            article(
                Kind::News,
                None,
                &[&NEWS.replace("推出一系列", "推出了一系列")],
                copy("f.txt", 0, "text"),
            ),
        ];
        let want = fold(all.clone());
        assert_eq!(want.len(), 2);
        let files = |a: &Article| -> Vec<String> {
            a.copies
                .iter()
                .map(|c| format!("{}@{}", c.file, c.start))
                .collect()
        };
        assert_eq!(
            files(&want[0]),
            ["c.txt@5", "a.txt@9", "b.txt@0", "d.txt@0"]
        );
        // The edited copy has one more character: it is kept.
        assert_eq!(files(&want[1]), ["f.txt@0", "a.txt@500", "e.txt@0"]);
        // In parts: each part's copies folded by key, then the parts'
        // outputs through one batch.
        let by_key = |part: &[Article]| -> Vec<Article> {
            let mut keys: Vec<String> = part.iter().map(fold_key).collect();
            keys.sort();
            keys.dedup();
            keys.iter()
                .filter_map(|k| {
                    fold_group(part.iter().filter(|a| &fold_key(a) == k).cloned().collect())
                })
                .collect()
        };
        let (left, right) = all.split_at(3);
        let mut parts = by_key(left);
        parts.extend(by_key(right));
        assert!(parts.iter().any(|a| a.copies.len() > 1));
        assert_eq!(fold(parts.clone()), want);
        // fold_group over folded copies of one document, in either order.
        let notices: Vec<Article> = parts
            .iter()
            .filter(|a| a.kind == Kind::Notice)
            .cloned()
            .collect();
        assert_eq!(notices.len(), 2);
        assert_eq!(fold_group(notices.clone()).as_ref(), Some(&want[0]));
        let mut reversed = notices;
        reversed.reverse();
        assert_eq!(fold_group(reversed).as_ref(), Some(&want[0]));
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(fold_group(Vec::new()), None);
        assert!(Batch::new().finish().is_empty());
        let empty = article(Kind::Other, None, &[], copy("a.txt", 0, "text"));
        assert!(fold_key(&empty).starts_with("fp:"));
        assert!(band_keys(&empty).is_empty());
        assert_eq!(fold(vec![empty.clone(), empty]).len(), 1);
    }

    #[test]
    fn many_near_copies_fold_through_a_large_bucket() {
        // More copies than a bucket pairs in full: the chain still links
        // them all, whatever the order they come in.
        let copies: Vec<Article> = (0..3 * ALL_PAIRS)
            .map(|i| {
                let text = format!("{NEWS}{OTHER_NEWS}第{i}次转载。");
                article(
                    Kind::News,
                    None,
                    &[&text],
                    copy(&format!("{i:03}.txt"), 0, "text"),
                )
            })
            .collect();
        let out = fold(copies.clone());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].copies.len(), copies.len());
        let mut reversed = copies;
        reversed.reverse();
        assert_eq!(fold(reversed), out);
    }

    #[test]
    fn band_keys_are_shared_by_near_copies() {
        let a = article(Kind::News, None, &[NEWS], copy("a.txt", 0, "text"));
        let b = article(
            Kind::News,
            None,
            &[&NEWS.replace("推出", "出台")],
            copy("b.txt", 0, "text"),
        );
        let (ka, kb) = (band_keys(&a), band_keys(&b));
        assert_eq!(ka.len(), BANDS);
        assert!(ka.iter().any(|k| kb.contains(k)));
    }
}
