//! The content fingerprint: 16 hex digits of XXH3-64 over the article's
//! canonical JSON with `id`, `copies`, `warnings` and `fingerprint` left
//! out, so two copies of one document from different pages, encodings or
//! runs get the same fingerprint. XXH3 is specified bit for bit and
//! platform-independent, and serde_json writes struct fields in declaration
//! order, so the bytes hashed are the same everywhere.

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::model::{
    Article, Attachment, Block, DocNumber, Effective, Enclosure, GazetteIssue, Kind, Reference,
};

/// The hashed view of an article: every key but `id`, `copies`,
/// `warnings` and `fingerprint`.
#[derive(Serialize)]
struct Content<'a> {
    schema: &'a str,
    kind: Kind,
    doc_type: &'a Option<String>,
    doc_number: &'a Option<DocNumber>,
    title: &'a Option<String>,
    issuers: &'a [String],
    addressees: &'a [String],
    date: &'a Option<String>,
    published: &'a Option<String>,
    publicity: &'a Option<String>,
    source: &'a Option<String>,
    gazette: &'a Option<GazetteIssue>,
    body: &'a [Block],
    enclosure: &'a Option<Enclosure>,
    attachments: &'a [Attachment],
    references: &'a [Reference],
    effective: &'a Option<Effective>,
}

/// The fingerprint of an article's content.
pub fn fingerprint(article: &Article) -> String {
    let content = Content {
        schema: &article.schema,
        kind: article.kind,
        doc_type: &article.doc_type,
        doc_number: &article.doc_number,
        title: &article.title,
        issuers: &article.issuers,
        addressees: &article.addressees,
        date: &article.date,
        published: &article.published,
        publicity: &article.publicity,
        source: &article.source,
        gazette: &article.gazette,
        body: &article.body,
        enclosure: &article.enclosure,
        attachments: &article.attachments,
        references: &article.references,
        effective: &article.effective,
    };
    // Serialising plain data into a Vec cannot fail; an empty hash input
    // would still give a stable value if it ever did.
    let bytes = serde_json::to_vec(&content).unwrap_or_default();
    format!("{:016x}", xxh3_64(&bytes))
}

/// Sets an article's `fingerprint` and, from it or its number, its `id`.
pub fn seal(article: &mut Article) {
    article.fingerprint = fingerprint(article);
    article.id = match &article.doc_number {
        Some(n) => n.text.clone(),
        None => format!("fp:{}", article.fingerprint),
    };
}
