//! The hand-written JSON Lines writer (`serialise::write_line`) against
//! serde_json: byte for byte the same output, on every article of every
//! page under `fixtures/` and on generated articles of every shape. The
//! expected text is always serde_json's own.
//!
//! When `model.rs` gains a field, the writer stops compiling (it
//! destructures every struct in full), and so do the strategies here, which
//! build every struct with all its fields named.

use gazette::{
    serialise, Article, Attachment, Block, Copy, DocNumber, Effective, Enclosure, GazetteIssue,
    Kind, Options, Reference, Relation, Responsibility, Warning,
};
use proptest::prelude::*;

/// What serde_json writes for `article`, plus the newline.
fn expected(article: &Article) -> String {
    let mut line = serde_json::to_string(article).expect("serde_json writes every article");
    line.push('\n');
    line
}

/// What `write_line` and `push_line` write for `article`, checked to agree.
fn written(article: &Article) -> String {
    let mut via_write = Vec::new();
    serialise::write_line(&mut via_write, article).expect("a Vec takes every byte");
    let mut via_push = b"prefix".to_vec();
    serialise::push_line(&mut via_push, article);
    assert_eq!(
        &via_push[6..],
        &via_write[..],
        "push_line and write_line differ"
    );
    String::from_utf8(via_write).expect("the writer writes UTF-8")
}

#[test]
fn every_fixture_article_is_written_as_serde_json_writes_it() {
    let mut articles = 0;
    for dir in ["fixtures", "fixtures/.pages", "fixtures/.bad"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).expect("readable fixture");
            let Ok(page) = gazette::parse_bytes(&name, &bytes, &Options::default()) else {
                continue;
            };
            for article in &page.articles {
                assert_eq!(
                    written(article),
                    expected(article),
                    "{name}: {}",
                    article.id
                );
                articles += 1;
            }
            let lines: String = page.articles.iter().map(expected).collect();
            assert_eq!(serialise::to_json_lines(&page.articles), lines, "{name}");
        }
    }
    assert!(articles >= 20, "only {articles} articles in the fixtures");
}

/// Characters that test the escaper: everything serde_json escapes, the
/// near misses it does not (DEL, `/`, U+2028/2029, U+FFFD), and text
/// of one to four bytes a character.
const SPECIAL: &[char] = &[
    '"',
    '\\',
    '/',
    '\u{7F}',
    '\u{80}',
    '\u{2028}',
    '\u{2029}',
    '\u{FFFD}',
    '\u{3000}',
    '中',
    '文',
    '〔',
    '〕',
    '😀',
    '\u{10FFFF}',
    'a',
    ' ',
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => (0u8..0x20).prop_map(char::from),
        3 => proptest::sample::select(SPECIAL),
        3 => proptest::char::range('\u{4E00}', '\u{9FFF}'),
        1 => any::<char>(),
    ]
}

/// Strings of up to 40 characters, from the empty string up, long enough
/// for escapes at every offset of the writer's 8-, 16- and 32-byte pieces.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any_char(), 0..40).prop_map(|cs| cs.into_iter().collect())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(text(), 0..3)
}

fn responsibility() -> impl Strategy<Value = Option<Responsibility>> {
    proptest::option::of(
        (texts(), texts(), opt_text()).prop_map(|(lead, responsible, note)| Responsibility {
            lead,
            responsible,
            note,
        }),
    )
}

fn block() -> impl Strategy<Value = Block> {
    let leaf = prop_oneof![
        (text(), responsibility()).prop_map(|(text, responsibility)| Block::Paragraph {
            text,
            responsibility,
        }),
        (texts(), proptest::collection::vec(texts(), 0..3))
            .prop_map(|(header, rows)| Block::Table { header, rows }),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        (
            // One digit often: the writer joins it to the text around it.
            prop_oneof![0u8..12, any::<u8>()],
            text(),
            prop_oneof![0u32..12, any::<u32>()],
            opt_text(),
            responsibility(),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(level, marker, number, heading, responsibility, blocks)| {
                Block::Section {
                    level,
                    marker,
                    number,
                    heading,
                    responsibility,
                    blocks,
                }
            })
    })
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    proptest::collection::vec(block(), 0..4)
}

fn kind() -> impl Strategy<Value = Kind> {
    proptest::sample::select(&[Kind::Notice, Kind::Interpretation, Kind::News, Kind::Other][..])
}

fn relation() -> impl Strategy<Value = Relation> {
    proptest::sample::select(&[Relation::Cites, Relation::Repeals, Relation::Interprets][..])
}

fn doc_number() -> impl Strategy<Value = Option<DocNumber>> {
    proptest::option::of((text(), opt_text(), any::<u16>(), any::<u32>()).prop_map(
        |(text, agency, year, serial)| DocNumber {
            text,
            agency,
            year,
            serial,
        },
    ))
}

fn gazette_issue() -> impl Strategy<Value = Option<GazetteIssue>> {
    proptest::option::of(
        (
            text(),
            proptest::option::of(any::<u16>()),
            proptest::option::of(any::<u32>()),
            proptest::option::of(any::<u32>()),
            opt_text(),
        )
            .prop_map(|(name, year, issue, total_issue, date)| GazetteIssue {
                name,
                year,
                issue,
                total_issue,
                date,
            }),
    )
}

fn enclosure() -> impl Strategy<Value = Option<Enclosure>> {
    proptest::option::of((opt_text(), blocks()).prop_map(|(title, body)| Enclosure { title, body }))
}

fn attachments() -> impl Strategy<Value = Vec<Attachment>> {
    proptest::collection::vec(
        (any::<u32>(), opt_text(), blocks()).prop_map(|(number, title, body)| Attachment {
            number,
            title,
            body,
        }),
        0..3,
    )
}

fn references() -> impl Strategy<Value = Vec<Reference>> {
    proptest::collection::vec(
        (text(), opt_text(), relation()).prop_map(|(doc_number, title, relation)| Reference {
            doc_number,
            title,
            relation,
        }),
        0..3,
    )
}

fn effective() -> impl Strategy<Value = Option<Effective>> {
    proptest::option::of(
        (text(), opt_text(), opt_text()).prop_map(|(text, from, until)| Effective {
            text,
            from,
            until,
        }),
    )
}

fn copies() -> impl Strategy<Value = Vec<Copy>> {
    proptest::collection::vec(
        (text(), any::<usize>(), any::<usize>(), text(), text()).prop_map(
            |(file, start, end, encoding, format)| Copy {
                file,
                start,
                end,
                encoding,
                format,
            },
        ),
        0..3,
    )
}

fn warnings() -> impl Strategy<Value = Vec<Warning>> {
    proptest::collection::vec(
        (text(), text()).prop_map(|(code, message)| Warning { code, message }),
        0..3,
    )
}

fn article() -> impl Strategy<Value = Article> {
    // Tuples of at most twelve, so the fields come in three groups.
    let head = (
        text(),
        text(),
        kind(),
        opt_text(),
        doc_number(),
        opt_text(),
        texts(),
        texts(),
    );
    let middle = (
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        gazette_issue(),
    );
    let tail = (
        blocks(),
        enclosure(),
        attachments(),
        references(),
        effective(),
        copies(),
        warnings(),
        text(),
    );
    (head, middle, tail).prop_map(
        |(
            (schema, id, kind, doc_type, doc_number, title, issuers, addressees),
            (date, published, publicity, source, gazette),
            (body, enclosure, attachments, references, effective, copies, warnings, fingerprint),
        )| Article {
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
            body,
            enclosure,
            attachments,
            references,
            effective,
            copies,
            warnings,
            fingerprint,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_articles_are_written_as_serde_json_writes_them(article in article()) {
        prop_assert_eq!(written(&article), expected(&article));
    }
}

/// An article that is all defaults but for its id.
fn with_id(id: String) -> Article {
    Article {
        schema: gazette::SCHEMA.to_owned(),
        id,
        kind: Kind::Other,
        doc_type: None,
        doc_number: None,
        title: None,
        issuers: vec![],
        addressees: vec![],
        date: None,
        published: None,
        publicity: None,
        source: None,
        gazette: None,
        body: vec![],
        enclosure: None,
        attachments: vec![],
        references: vec![],
        effective: None,
        copies: vec![],
        warnings: vec![],
        fingerprint: String::new(),
    }
}

/// Every character of `SPECIAL` and every byte below 0x20, at every offset
/// of the writer's pieces (to 64 ASCII bytes, 192 of CJK), after ASCII and
/// after CJK filler, alone and in pairs: the escaper's edge cases, all of
/// them, without luck.
#[test]
fn every_escape_at_every_offset() {
    let specials: Vec<char> = (0u8..0x20)
        .map(char::from)
        .chain(SPECIAL.iter().copied())
        .collect();
    // A clean tail of 40 bytes puts an escape at each offset of a long
    // string's middle pieces as well as its last.
    let tail = "z".repeat(40);
    for filler in ["a", "中", "😀"] {
        for offset in 0..64 {
            for &c in &specials {
                let lead = filler.repeat(offset);
                for id in [
                    format!("{lead}{c}"),
                    format!("{lead}{c}{lead}"),
                    format!("{lead}{c}{c}z"),
                    format!("{c}{lead}{c}"),
                    format!("{lead}{c}{tail}"),
                ] {
                    let a = with_id(id);
                    assert_eq!(written(&a), expected(&a), "{:?}", a.id);
                }
            }
        }
    }
}
