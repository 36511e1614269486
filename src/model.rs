//! The wire types of schema `gazette/1`: what the JSON output holds, field by
//! field, in the order it is printed.
//!
//! These structs are for serialisation only and stay apart from the parser's
//! internal types, so that the schema changes only when these do. Every key
//! is always present: `Option` fields serialise as `null`, lists as `[]`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag written into every article.
pub const SCHEMA: &str = "gazette/1";

/// One official document (or interpretation, or news item) found in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    /// Always `"gazette/1"`.
    pub schema: String,
    /// The canonical document number, else `fp:` + the fingerprint.
    pub id: String,
    /// What sort of text this is.
    pub kind: Kind,
    /// One of the 15 公文 types, taken from the title's last word.
    pub doc_type: Option<String>,
    /// The document's own number (发文字号).
    pub doc_number: Option<DocNumber>,
    /// The title on one line, canonical; null when the page has none.
    pub title: Option<String>,
    /// Issuing organs in order: from the signature, else from the title.
    pub issuers: Vec<String>,
    /// The 主送 organs.
    pub addressees: Vec<String>,
    /// The signature (成文) date, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The page's 发布日期, ISO `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The publicity note, e.g. `此件公开发布`.
    pub publicity: Option<String>,
    /// The `来源` organ or outlet.
    pub source: Option<String>,
    /// The gazette issue the article was printed in.
    pub gazette: Option<GazetteIssue>,
    /// The article's own text (for a 印发 notice: the cover letter).
    pub body: Vec<Block>,
    /// The document a 印发/转发 notice encloses.
    pub enclosure: Option<Enclosure>,
    /// Attachments (附件) listed and printed after the document.
    pub attachments: Vec<Attachment>,
    /// Other documents this one cites, repeals or interprets.
    pub references: Vec<Reference>,
    /// When the document takes effect and until when.
    pub effective: Option<Effective>,
    /// Where every folded copy of this article came from, chosen copy first.
    pub copies: Vec<Copy>,
    /// Repairs and guesses made while parsing.
    pub warnings: Vec<Warning>,
    /// 16 hex digits of the content hash (see `fingerprint` in the README).
    pub fingerprint: String,
}

/// The kind of an article.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An official document (公文).
    Notice,
    /// A policy interpretation (解读).
    Interpretation,
    /// A news report.
    News,
    /// Anything else.
    Other,
}

/// A document number split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocNumber {
    /// Canonical text, e.g. `渝府办发〔2025〕56号`.
    pub text: String,
    /// The agency code (机关代字), e.g. `渝府办发`.
    pub agency: Option<String>,
    /// The year in the brackets.
    pub year: u16,
    /// The serial number before `号`.
    pub serial: u32,
}

/// The masthead facts of a gazette issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GazetteIssue {
    /// The gazette's name, e.g. `重庆市人民政府公报`.
    pub name: String,
    /// The year of the issue.
    pub year: Option<u16>,
    /// The issue number within the year.
    pub issue: Option<u32>,
    /// The running issue number (总第N期).
    pub total_issue: Option<u32>,
    /// The publication date, ISO.
    pub date: Option<String>,
}

/// A unit of body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph of running text.
    Paragraph {
        /// The canonical text, without a trailing responsibility parenthetical.
        text: String,
        /// The responsibility parenthetical that closed the paragraph.
        responsibility: Option<Responsibility>,
    },
    /// A numbered section with its own blocks.
    Section {
        /// 1 `一、` · 2 `（一）` · 3 `1.` · 4 `（1）` · 5 `①`; chapters 1, articles below them.
        level: u8,
        /// The marker in canonical form.
        marker: String,
        /// The marker's number.
        number: u32,
        /// The run-in or stand-alone heading, when the item has one.
        heading: Option<String>,
        /// The responsibility of the whole item.
        responsibility: Option<Responsibility>,
        /// The section's content.
        blocks: Vec<Block>,
    },
    /// A table, header and rows of cells.
    Table {
        /// The header cells.
        header: Vec<String>,
        /// The body rows.
        rows: Vec<Vec<String>>,
    },
}

/// Units responsible for an item (牵头单位 / 责任单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Responsibility {
    /// 牵头单位.
    pub lead: Vec<String>,
    /// 责任单位 (and other units named as responsible).
    pub responsible: Vec<String>,
    /// Text after the list, e.g. `以下任务均需各区县政府落实，不再列出`.
    pub note: Option<String>,
}

/// The document enclosed by a 印发 notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Enclosure {
    /// Its own title.
    pub title: Option<String>,
    /// Its text and outline.
    pub body: Vec<Block>,
}

/// An attachment (附件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Attachment {
    /// Its number in the 附件 list.
    pub number: u32,
    /// Its title.
    pub title: Option<String>,
    /// Its text, when printed on the page.
    pub body: Vec<Block>,
}

/// A reference from this document to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reference {
    /// The canonical number of the other document.
    pub doc_number: String,
    /// Its title, when the text gives it in 《》.
    pub title: Option<String>,
    /// How this document relates to it.
    pub relation: Relation,
}

/// How one document relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Mentions it.
    Cites,
    /// Repeals it (`…同时废止`).
    Repeals,
    /// Explains it (a 解读).
    Interprets,
}

/// The clause that says when the document takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Effective {
    /// The clause as printed (canonical).
    pub text: String,
    /// The first day in force, ISO, when the clause gives a date.
    pub from: Option<String>,
    /// The last day in force, ISO, when the clause gives a date.
    pub until: Option<String>,
}

/// Where one copy of an article came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Copy {
    /// The input's name as given (a path, or `-` for standard input).
    pub file: String,
    /// Byte offset of the copy's first line in the decoded text.
    pub start: usize,
    /// Byte offset just past the copy's last line in the decoded text.
    pub end: usize,
    /// The encoding the input was decoded from.
    pub encoding: String,
    /// The input's format: `text`, `markdown` or `html`.
    pub format: String,
}

/// A repair or guess made while parsing, kept with the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// A stable code, e.g. `numbering_gap`.
    pub code: String,
    /// What happened, for people.
    pub message: String,
}
