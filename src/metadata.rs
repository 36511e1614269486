//! Facts a page states outright beside its text: a government site's
//! metadata table (索引号 / 发文机关 / 成文日期 / 发文字号 …), `<meta>` tags, a
//! markdown file's YAML front matter. [`crate::html`] and
//! [`crate::frontmatter`] read them into one [`Metadata`]; [`apply_to_page`]
//! fills the fields the text left empty and warns where the two disagree.
//!
//! The text wins a disagreement: it is what the document itself prints,
//! while metadata is typed in by a site's editors (and sometimes copied from
//! the wrong document).

use crate::chars::is_space;
use crate::fingerprint::seal;
use crate::grammar::{date, docno, parts};
use crate::model::{Article, DocNumber, Kind, Warning};
use crate::normalise::canonical;

/// The fields a page's metadata can give, as printed (trimmed, not yet canonical).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Metadata {
    /// 标题 / `title` / `ArticleTitle`.
    pub title: Option<String>,
    /// 发文字号 / 文号.
    pub doc_number: Option<String>,
    /// 发文机关 / 发布机构 / 发布单位, maybe several organs.
    pub issuers: Option<String>,
    /// 成文日期: the signature date.
    pub date: Option<String>,
    /// 发布日期 / `PubDate` / front-matter `date`: the page's publication date.
    pub published: Option<String>,
    /// 来源 / `ContentSource`.
    pub source: Option<String>,
    /// 链接 / `url`.
    pub url: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
    /// 主题分类 / 分类.
    pub subject: Option<String>,
    /// 主题词 / `keywords`.
    pub keywords: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The HTML `<title>`, which sites suffix with their own name.
    pub page_title: Option<String>,
    /// Other labelled fields (层级, 有效性, …), in page order.
    pub other: Vec<(String, String)>,
}

/// What a metadata label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    DocNumber,
    Issuers,
    Date,
    Published,
    Source,
    Url,
    IndexNumber,
    Subject,
    Keywords,
    Description,
    /// A label of government-site metadata with no field of its own.
    Other,
}

/// Labels, without spaces or colon, and what they name. The `bool` marks
/// labels that only metadata blocks use (a body never starts a line with
/// `索引号：`), as opposed to `发布日期：` or `来源：`, which a page's text also
/// prints and the text parser reads itself.
const LABELS: &[(&str, Field, bool)] = &[
    ("标题", Field::Title, false),
    ("名称", Field::Title, false),
    ("文件名称", Field::Title, true),
    ("题名", Field::Title, true),
    ("title", Field::Title, false),
    ("articletitle", Field::Title, false),
    ("发文字号", Field::DocNumber, true),
    ("文号", Field::DocNumber, true),
    ("发文号", Field::DocNumber, true),
    ("文件编号", Field::DocNumber, true),
    ("文件字号", Field::DocNumber, true),
    ("docnumber", Field::DocNumber, false),
    ("doc_number", Field::DocNumber, false),
    ("发文机关", Field::Issuers, true),
    ("发文机构", Field::Issuers, true),
    ("发文单位", Field::Issuers, true),
    ("发布机构", Field::Issuers, true),
    ("发布机关", Field::Issuers, true),
    ("发布单位", Field::Issuers, true),
    ("制发机关", Field::Issuers, true),
    ("颁布机关", Field::Issuers, true),
    ("成文单位", Field::Issuers, true),
    ("issuer", Field::Issuers, false),
    ("issuers", Field::Issuers, false),
    ("成文日期", Field::Date, true),
    ("成文时间", Field::Date, true),
    ("印发日期", Field::Date, true),
    ("签发日期", Field::Date, true),
    ("发文日期", Field::Date, true),
    ("发布日期", Field::Published, false),
    ("发布时间", Field::Published, false),
    ("公开日期", Field::Published, false),
    ("公布日期", Field::Published, false),
    ("date", Field::Published, false),
    ("pubdate", Field::Published, false),
    ("publishdate", Field::Published, false),
    ("published", Field::Published, false),
    ("来源", Field::Source, false),
    ("信息来源", Field::Source, false),
    ("文章来源", Field::Source, false),
    ("contentsource", Field::Source, false),
    ("source", Field::Source, false),
    ("链接", Field::Url, false),
    ("官方链接", Field::Url, false),
    ("原文链接", Field::Url, false),
    ("网址", Field::Url, false),
    ("url", Field::Url, false),
    ("link", Field::Url, false),
    ("索引号", Field::IndexNumber, true),
    ("主题分类", Field::Subject, true),
    ("分类", Field::Subject, false),
    ("主题词", Field::Keywords, true),
    ("关键词", Field::Keywords, false),
    ("keywords", Field::Keywords, false),
    ("description", Field::Description, false),
    ("有效性", Field::Other, true),
    ("效力状态", Field::Other, true),
    ("时效性", Field::Other, true),
    ("生效日期", Field::Other, true),
    ("实施日期", Field::Other, true),
    ("废止日期", Field::Other, true),
    ("失效日期", Field::Other, true),
    ("体裁分类", Field::Other, true),
    ("组配分类", Field::Other, true),
    ("信息分类", Field::Other, true),
    ("服务对象", Field::Other, true),
    ("公开方式", Field::Other, true),
    ("公开范围", Field::Other, true),
    ("公开时限", Field::Other, true),
    ("层级", Field::Other, false),
    ("类型", Field::Other, false),
    ("状态", Field::Other, false),
];

/// `label` without spaces (ASCII, NBSP, U+3000) or a trailing colon, ASCII lower-cased:
/// `索 引 号：` → `索引号`, `ArticleTitle` → `articletitle`.
pub(crate) fn squeeze_label(label: &str) -> String {
    let s: String = label
        .chars()
        .filter(|&c| !is_space(c) && !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    s.trim_end_matches(['：', ':']).to_owned()
}

/// The field a label names, and whether the label is one only metadata
/// blocks use; `label` as [`squeeze_label`] returns it.
pub(crate) fn field_of(label: &str) -> Option<(Field, bool)> {
    LABELS
        .iter()
        .find(|(l, _, _)| *l == label)
        .map(|&(_, f, strong)| (f, strong))
}

/// The labels in Chinese, longest first, for finding them inside a line.
pub(crate) fn chinese_labels() -> &'static [(&'static str, Field, bool)] {
    static SORTED: std::sync::OnceLock<Vec<(&'static str, Field, bool)>> =
        std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        let mut v: Vec<_> = LABELS
            .iter()
            .filter(|(l, _, _)| !l.is_ascii())
            .copied()
            .collect();
        v.sort_by_key(|(l, _, _)| std::cmp::Reverse(l.len()));
        v
    })
}

impl Metadata {
    /// Records `value` under `label` (any spelling [`squeeze_label`] accepts); the first
    /// non-empty value of a field wins. Returns whether the label is known.
    pub(crate) fn set(&mut self, label: &str, value: &str) -> bool {
        let key = squeeze_label(label);
        let Some((field, _)) = field_of(&key) else {
            return false;
        };
        self.set_field(field, &key, value);
        true
    }

    /// Records `value` for `field`; `label` names it in `other`.
    pub(crate) fn set_field(&mut self, field: Field, label: &str, value: &str) {
        let value = value.trim_matches(|c: char| is_space(c) || c.is_whitespace());
        if value.is_empty() {
            return;
        }
        let slot = match field {
            Field::Title => &mut self.title,
            Field::DocNumber => &mut self.doc_number,
            Field::Issuers => &mut self.issuers,
            Field::Date => &mut self.date,
            Field::Published => &mut self.published,
            Field::Source => &mut self.source,
            Field::Url => &mut self.url,
            Field::IndexNumber => &mut self.index_number,
            Field::Subject => &mut self.subject,
            Field::Keywords => &mut self.keywords,
            Field::Description => &mut self.description,
            Field::Other => {
                self.other.push((label.to_owned(), value.to_owned()));
                return;
            }
        };
        if slot.is_none() {
            *slot = Some(value.to_owned());
        }
    }

    /// Fills what `self` lacks from `other` (a lower-priority source).
    pub(crate) fn fill_from(&mut self, other: Metadata) {
        let pairs = [
            (&mut self.title, other.title),
            (&mut self.doc_number, other.doc_number),
            (&mut self.issuers, other.issuers),
            (&mut self.date, other.date),
            (&mut self.published, other.published),
            (&mut self.source, other.source),
            (&mut self.url, other.url),
            (&mut self.index_number, other.index_number),
            (&mut self.subject, other.subject),
            (&mut self.keywords, other.keywords),
            (&mut self.description, other.description),
            (&mut self.page_title, other.page_title),
        ];
        for (slot, value) in pairs {
            if slot.is_none() {
                *slot = value;
            }
        }
        self.other.extend(other.other);
    }

    /// The document number, parsed and canonical.
    fn doc_number(&self) -> Option<DocNumber> {
        let raw = canonical(self.doc_number.as_deref()?);
        let (n, len) = docno::doc_number_at(&raw)?;
        raw[len..].trim().is_empty().then_some(DocNumber {
            text: n.text,
            agency: n.agency,
            year: n.year,
            serial: n.serial,
        })
    }

    /// The title, canonical; the page `<title>` only when it ends like a 公文 title,
    /// cut before the site name sites append (`…的通知_中国政府网`).
    fn title(&self) -> Option<String> {
        if let Some(t) = self.title.as_deref().map(canonical) {
            return (!t.is_empty()).then_some(t);
        }
        let page = canonical(self.page_title.as_deref()?);
        page.split(['_', '|', '｜'])
            .chain(page.split(" - "))
            .chain(page.split("——"))
            .map(str::trim)
            .find(|t| parts::doc_type(t).is_some())
            .map(str::to_owned)
    }

    fn issuers(&self) -> Vec<String> {
        self.issuers
            .as_deref()
            .map(|s| parts::split_joint_issuers(&canonical(s)))
            .unwrap_or_default()
    }

    fn source(&self) -> Option<String> {
        let s = canonical(self.source.as_deref()?);
        (!s.is_empty()).then_some(s)
    }
}

/// An ISO date from a metadata value (`2018年10月27日`, `2021-11-10`, `2021-11-10 09:30`).
fn iso_date(raw: Option<&str>) -> Option<String> {
    let canon = canonical(raw?);
    date::date_at(canon.trim()).map(|(d, _)| d.iso())
}

/// A title compared loosely: no spaces, no markdown marks, no brackets' widths.
fn loose(s: &str) -> String {
    canonical(s)
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, '*' | '#' | '"' | '“' | '”'))
        .collect()
}

/// Applies the page's metadata to the article it describes: the one whose number or title the
/// metadata gives, else the page's only (or first) article. Re-seals the article.
pub(crate) fn apply_to_page(articles: &mut [Article], meta: &Metadata) {
    if articles.is_empty() {
        return;
    }
    let number = meta.doc_number().map(|n| n.text);
    let title = meta.title().map(|t| loose(&t));
    let target = articles
        .iter()
        .position(|a| number.is_some() && a.doc_number.as_ref().map(|n| &n.text) == number.as_ref())
        .or_else(|| {
            articles
                .iter()
                .position(|a| title.is_some() && a.title.as_deref().map(loose) == title)
        })
        .unwrap_or(0);
    if let Some(article) = articles.get_mut(target) {
        apply(article, meta);
    }
}

/// Fills `article`'s empty fields from `meta`, warns (`metadata_disagrees`) where both give a
/// value and they differ, and re-seals the article.
pub(crate) fn apply(article: &mut Article, meta: &Metadata) {
    let mut warnings = Vec::new();
    let mut disagree = |what: &str, text: &str, given: &str| {
        warnings.push(Warning {
            code: "metadata_disagrees".to_owned(),
            message: format!("{what}: the text has {text}, the page's metadata {given}"),
        });
    };

    if let Some(n) = meta.doc_number() {
        match &article.doc_number {
            None => article.doc_number = Some(n),
            Some(own) if own.text != n.text => disagree("document number", &own.text, &n.text),
            Some(_) => {}
        }
    }
    if let Some(t) = meta.title() {
        match &article.title {
            None => article.title = Some(t),
            Some(own) if loose(own) != loose(&t) => disagree("title", own, &t),
            Some(_) => {}
        }
    }
    let issuers = meta.issuers();
    if !issuers.is_empty() {
        if article.issuers.is_empty() {
            article.issuers = issuers;
        } else if article.issuers != issuers {
            disagree("issuers", &article.issuers.join("、"), &issuers.join("、"));
        }
    }
    for (what, slot, given) in [
        ("date", &mut article.date, iso_date(meta.date.as_deref())),
        (
            "published",
            &mut article.published,
            iso_date(meta.published.as_deref()),
        ),
        ("source", &mut article.source, meta.source()),
    ] {
        let Some(given) = given else { continue };
        match slot {
            None => *slot = Some(given),
            Some(own) if *own != given => disagree(what, own, &given),
            Some(_) => {}
        }
    }

    if article.doc_type.is_none() {
        article.doc_type = article
            .title
            .as_deref()
            .and_then(parts::doc_type)
            .map(str::to_owned);
    }
    if article.kind == Kind::Other && (article.doc_number.is_some() || article.doc_type.is_some()) {
        article.kind = Kind::Notice;
    }
    article.warnings.extend(warnings);
    seal(article);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SCHEMA;

    fn blank() -> Article {
        Article {
            schema: SCHEMA.to_owned(),
            id: String::new(),
            kind: Kind::Other,
            doc_type: None,
            doc_number: None,
            title: None,
            issuers: Vec::new(),
            addressees: Vec::new(),
            date: None,
            published: None,
            publicity: None,
            source: None,
            gazette: None,
            body: Vec::new(),
            enclosure: None,
            attachments: Vec::new(),
            references: Vec::new(),
            effective: None,
            copies: Vec::new(),
            warnings: Vec::new(),
            fingerprint: String::new(),
        }
    }

    #[test]
    fn labels_are_read_whatever_their_spacing() {
        let mut m = Metadata::default();
        assert!(m.set("索 引 号：", "000014349/2018-00204"));
        assert!(m.set("标\u{3000}\u{3000}题:", " 关于印发《方案》的通知 "));
        assert!(m.set("ArticleTitle", "ignored: the first value wins"));
        assert!(!m.set("责任编辑", "张三"));
        assert_eq!(m.index_number.as_deref(), Some("000014349/2018-00204"));
        assert_eq!(m.title.as_deref(), Some("关于印发《方案》的通知"));
    }

    #[test]
    fn empty_fields_are_filled_and_the_article_resealed() {
        let mut a = blank();
        let meta = Metadata {
            title: Some("国务院办公厅关于印发《方案》的通知".into()),
            doc_number: Some("国办函 [2018] 71号".into()),
            issuers: Some("国务院办公厅".into()),
            date: Some("2018年10月27日".into()),
            published: Some("2018-11-09 10:00".into()),
            source: Some("中国政府网".into()),
            ..Metadata::default()
        };
        apply(&mut a, &meta);
        assert_eq!(a.id, "国办函〔2018〕71号");
        assert_eq!(a.doc_number.as_ref().unwrap().serial, 71);
        assert_eq!(a.doc_type.as_deref(), Some("通知"));
        assert_eq!(a.kind, Kind::Notice);
        assert_eq!(a.issuers, ["国务院办公厅"]);
        assert_eq!(a.date.as_deref(), Some("2018-10-27"));
        assert_eq!(a.published.as_deref(), Some("2018-11-09"));
        assert_eq!(a.source.as_deref(), Some("中国政府网"));
        assert_eq!(a.fingerprint.len(), 16);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn the_text_wins_a_disagreement_with_a_warning() {
        let mut a = blank();
        a.date = Some("2021-11-09".into());
        a.issuers = vec!["上海市人民政府办公厅".into()];
        let meta = Metadata {
            date: Some("2021-11-10".into()),
            issuers: Some("上海市人民政府".into()),
            ..Metadata::default()
        };
        apply(&mut a, &meta);
        assert_eq!(a.date.as_deref(), Some("2021-11-09"));
        assert_eq!(a.issuers, ["上海市人民政府办公厅"]);
        let codes: Vec<_> = a.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, ["metadata_disagrees", "metadata_disagrees"]);
        assert!(a.warnings[1].message.contains("2021-11-10"));
    }

    #[test]
    fn a_page_title_counts_only_when_it_is_a_document_title() {
        let meta = Metadata {
            page_title: Some("国务院办公厅关于印发《方案》的通知_政策_中国政府网".into()),
            ..Metadata::default()
        };
        assert_eq!(
            meta.title().as_deref(),
            Some("国务院办公厅关于印发《方案》的通知")
        );
        let meta = Metadata {
            page_title: Some("首页_中国政府网".into()),
            ..Metadata::default()
        };
        assert_eq!(meta.title(), None);
    }

    #[test]
    fn the_article_the_metadata_names_gets_it() {
        let mut a = blank();
        a.title = Some("其他文件".into());
        let mut b = blank();
        b.doc_number = Some(DocNumber {
            text: "沪府办规〔2021〕12号".into(),
            agency: Some("沪府办规".into()),
            year: 2021,
            serial: 12,
        });
        let mut articles = vec![a, b];
        let meta = Metadata {
            doc_number: Some("沪府办规〔2021〕12号".into()),
            published: Some("2021-11-10".into()),
            ..Metadata::default()
        };
        apply_to_page(&mut articles, &meta);
        assert_eq!(articles[0].published, None);
        assert_eq!(articles[1].published.as_deref(), Some("2021-11-10"));
    }
}
