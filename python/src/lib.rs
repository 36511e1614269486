//! The native module of the `gazette` wheel, `gazette._gazette`: the core
//! crate's parser and fold behind a Python API (the package re-exports it;
//! `gazette/_gazette.pyi` is the typed reference).
//!
//! Articles cross the boundary as JSON text: out of Rust they are the
//! CLI's own JSON lines (loaded with Python's `json` when dicts are
//! wanted), into Rust any JSON-able object or JSON text, read back into the
//! core's serde types. Parsing, folding and serialising run with the GIL
//! released (`Python::detach`); only the conversions hold it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use gazette::fold::{band_keys as core_band_keys, fold_key as core_fold_key};
use gazette::{fold_group as core_fold_group, quality as core_quality};
use gazette::{parse_bytes, parse_str, Article, Batch, ErrorKind, Options, Page};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use rayon::prelude::*;

create_exception!(
    gazette,
    DecodeError,
    PyValueError,
    "A page that is not text in an encoding gazette reads (UTF-8, GB18030, UTF-16), \
     or that holds binary control bytes. Attributes: `path`, `offset` (the byte), \
     `reason` (`\"binary\"` or `\"undecodable\"`)."
);

/// A page as given: text, or bytes still to decode.
enum Source<'a> {
    Text(Cow<'a, str>),
    Bytes(&'a [u8]),
}

impl Source<'_> {
    fn parse(&self, name: &str, options: &Options) -> Result<Page, gazette::Error> {
        match self {
            Source::Text(text) => Ok(parse_str(name, text, options)),
            Source::Bytes(bytes) => parse_bytes(name, bytes, options),
        }
    }
}

fn source<'a>(page: &'a Bound<'_, PyAny>) -> PyResult<Source<'a>> {
    if let Ok(text) = page.cast::<PyString>() {
        return Ok(Source::Text(text.to_cow()?));
    }
    if let Ok(bytes) = page.cast::<PyBytes>() {
        return Ok(Source::Bytes(bytes.as_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "a page is str or bytes, not {}",
        page.get_type().name()?
    )))
}

/// The pages of a batch: `(path, page)` pairs, kept alive while borrowed.
fn pages_of<'py>(pages: &Bound<'py, PyAny>) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let mut out = Vec::new();
    for item in pages.try_iter()? {
        let item = item?;
        let (name, page): (String, Bound<'py, PyAny>) = item
            .extract()
            .map_err(|_| PyTypeError::new_err("pages are (path, page) pairs, page str or bytes"))?;
        out.push((name, page));
    }
    Ok(out)
}

/// The CLI's input order: by name, each name once (the first given).
fn in_name_order<T>(pages: &mut Vec<(String, T)>) {
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pages.dedup_by(|a, b| a.0 == b.0);
}

fn decode_error(py: Python<'_>, name: &str, e: &gazette::Error) -> PyErr {
    let err = DecodeError::new_err(format!("{name}: {e}"));
    let reason = match e.kind() {
        ErrorKind::Binary { .. } => "binary",
        _ => "undecodable",
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance does not fail.
    let _ = value.setattr("path", name);
    let _ = value.setattr("offset", e.offset());
    let _ = value.setattr("reason", reason);
    err
}

/// Failed pages go to `errors` when given, else the first one is raised.
fn report_failures(
    py: Python<'_>,
    failures: Vec<(String, gazette::Error)>,
    errors: Option<&Bound<'_, PyList>>,
) -> PyResult<()> {
    let mut failures = failures.into_iter();
    match errors {
        None => match failures.next() {
            Some((name, e)) => Err(decode_error(py, &name, &e)),
            None => Ok(()),
        },
        Some(list) => {
            for (name, e) in failures {
                list.append(decode_error(py, &name, &e).into_value(py))?;
            }
            Ok(())
        }
    }
}

/// Runs `f` on a pool of `jobs` threads (0: rayon's global pool, one
/// thread a core; 1: this thread).
fn on_pool<T: Send>(jobs: usize, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    match jobs {
        0 => Ok(f()),
        n => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| PyValueError::new_err(format!("could not start {n} threads: {e}"))),
    }
}

/// Parses the pages of a batch on `jobs` threads without the GIL; returns
/// the pages that parsed, in the order given, the others reported as
/// [`report_failures`] does.
fn parse_pages(
    py: Python<'_>,
    given: &[(String, Bound<'_, PyAny>)],
    options: &Options,
    jobs: usize,
    errors: Option<&Bound<'_, PyList>>,
) -> PyResult<Vec<Page>> {
    let sources = given
        .iter()
        .map(|(name, page)| Ok((name.as_str(), source(page)?)))
        .collect::<PyResult<Vec<_>>>()?;
    let parsed = py.detach(|| {
        on_pool(jobs, || {
            sources
                .par_iter()
                .map(|(name, src)| src.parse(name, options))
                .collect::<Vec<_>>()
        })
    })?;
    let mut pages = Vec::with_capacity(parsed.len());
    let mut failures = Vec::new();
    for ((name, _), result) in sources.iter().zip(parsed) {
        match result {
            Ok(page) => pages.push(page),
            Err(e) => failures.push((name.to_string(), e)),
        }
    }
    report_failures(py, failures, errors)?;
    Ok(pages)
}

fn to_json(article: &Article) -> String {
    // The crate's own writer: serde_json's bytes (checked by the crate's
    // tests), several times faster; it ends the line with a newline.
    let mut line = Vec::with_capacity(1024);
    gazette::serialise::push_line(&mut line, article);
    line.pop();
    String::from_utf8(line).unwrap_or_default()
}

/// JSON texts as a Python list of str, or of dicts (one `json.loads`).
fn out_list<'py>(py: Python<'py>, jsons: Vec<String>, json: bool) -> PyResult<Bound<'py, PyList>> {
    if json {
        return PyList::new(py, jsons);
    }
    let mut array = String::with_capacity(jsons.iter().map(|j| j.len() + 1).sum::<usize>() + 2);
    array.push('[');
    for (i, j) in jsons.iter().enumerate() {
        if i > 0 {
            array.push(',');
        }
        array.push_str(j);
    }
    array.push(']');
    drop(jsons);
    let loaded = py.import("json")?.call_method1("loads", (array,))?;
    Ok(loaded.cast_into::<PyList>()?)
}

fn out_one<'py>(py: Python<'py>, text: String, json: bool) -> PyResult<Bound<'py, PyAny>> {
    if json {
        Ok(PyString::new(py, &text).into_any())
    } else {
        py.import("json")?.call_method1("loads", (text,))
    }
}

/// An article given as JSON text or as a JSON-able object (a dict).
fn article_of(obj: &Bound<'_, PyAny>) -> PyResult<Article> {
    let read = if let Ok(text) = obj.cast::<PyString>() {
        serde_json::from_str(&text.to_cow()?)
    } else {
        let kwargs = PyDict::new(obj.py());
        kwargs.set_item("ensure_ascii", false)?;
        let dumps = obj
            .py()
            .import("json")?
            .getattr("dumps")?
            .call((obj,), Some(&kwargs))?;
        serde_json::from_str(&dumps.cast::<PyString>()?.to_cow()?)
    };
    read.map_err(|e| PyValueError::new_err(format!("not a gazette/1 article: {e}")))
}

fn articles_of(objs: &Bound<'_, PyAny>) -> PyResult<Vec<Article>> {
    let mut out = Vec::new();
    for obj in objs.try_iter()? {
        out.push(article_of(&obj?)?);
    }
    Ok(out)
}

/// JSON texts of articles (each a `gazette/1` line without its newline).
fn texts_of(objs: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for obj in objs.try_iter()? {
        let obj = obj?;
        match obj.cast::<PyString>() {
            Ok(text) => out.push(text.to_cow()?.into_owned()),
            Err(_) => out.push(to_json(&article_of(&obj)?)),
        }
    }
    Ok(out)
}

fn read_texts(texts: &[String]) -> Result<Vec<Article>, String> {
    texts
        .iter()
        .map(|t| serde_json::from_str(t).map_err(|e| format!("not a gazette/1 article: {e}")))
        .collect()
}

/// Parses one page into its articles, in page order.
///
/// `page` is the page's text (`str`) or its raw bytes (`bytes`: decoded as
/// UTF-8, GB18030 or UTF-16 with a BOM, as the CLI does); `path` is the
/// name its copies carry (the format is told from its extension:
/// `.html`/`.htm`, `.md`/`.markdown`). With `json=True` each article is its
/// JSON line (the CLI's bytes, without the newline) instead of a dict.
///
/// Raises `DecodeError` for bytes that are not text.
#[pyfunction]
#[pyo3(signature = (page, path = "-", *, json = false))]
fn parse<'py>(
    py: Python<'py>,
    page: &Bound<'py, PyAny>,
    path: &str,
    json: bool,
) -> PyResult<Bound<'py, PyList>> {
    let src = source(page)?;
    let options = Options::default();
    let parsed = py.detach(|| {
        src.parse(path, &options)
            .map(|page| page.articles.iter().map(to_json).collect::<Vec<_>>())
    });
    match parsed {
        Ok(jsons) => out_list(py, jsons, json),
        Err(e) => Err(decode_error(py, path, &e)),
    }
}

/// Parses many pages as `gazette parse` does: `(path, page)` pairs, taken
/// in path order (each path once), parsed in parallel on `jobs` threads
/// (0: one a core) and, with `fold=True`, copies folded into one article
/// each and the articles in the CLI's output order; with `fold=False`
/// every page's articles in page order (the CLI's `--no-dedup`).
///
/// A page that cannot be decoded raises `DecodeError`, unless `errors` is
/// a list: then the error is appended to it and the batch goes on.
#[pyfunction]
#[pyo3(signature = (pages, *, fold = true, json = false, jobs = 0, errors = None))]
fn parse_batch<'py>(
    py: Python<'py>,
    pages: &Bound<'py, PyAny>,
    fold: bool,
    json: bool,
    jobs: usize,
    errors: Option<&Bound<'py, PyList>>,
) -> PyResult<Bound<'py, PyList>> {
    let mut given = pages_of(pages)?;
    in_name_order(&mut given);
    let mut options = Options::default();
    options.dedup = fold;
    let pages = parse_pages(py, &given, &options, jobs, errors)?;
    let jsons = py.detach(|| {
        let articles: Vec<Article> = if fold {
            let mut batch = Batch::new();
            for page in pages {
                batch.add(page.articles);
            }
            batch.finish()
        } else {
            pages.into_iter().flat_map(|p| p.articles).collect()
        };
        articles.iter().map(to_json).collect::<Vec<_>>()
    });
    out_list(py, jsons, json)
}

/// The first stage of a distributed fold: parses `(path, page)` pairs and
/// returns every article as a `(fold_key, JSON line)` pair, the copies
/// that share a key within this call already folded into one (folding is
/// associative: `fold_group` and `fold` take folded articles). Sorted by
/// key. `jobs` as in `parse_batch` (default 1: the caller, e.g. a Spark
/// task, is one of many); `errors` likewise.
#[pyfunction]
#[pyo3(signature = (pages, *, jobs = 1, errors = None))]
fn parse_keyed<'py>(
    py: Python<'py>,
    pages: &Bound<'py, PyAny>,
    jobs: usize,
    errors: Option<&Bound<'py, PyList>>,
) -> PyResult<Vec<(String, String)>> {
    let given = pages_of(pages)?;
    let pages = parse_pages(py, &given, &Options::default(), jobs, errors)?;
    let mut groups: BTreeMap<String, Vec<Article>> = BTreeMap::new();
    for article in pages.into_iter().flat_map(|p| p.articles) {
        groups
            .entry(core_fold_key(&article))
            .or_default()
            .push(article);
    }
    Ok(py.detach(|| {
        groups
            .into_iter()
            .filter_map(|(key, group)| core_fold_group(group).map(|a| (key, to_json(&a))))
            .collect()
    }))
}

/// The key that groups copies of one document: `no:` + the document
/// number, else `text:` + kind + a hash of the letters and digits of the
/// content, else `fp:` + the fingerprint. Articles with one key are
/// copies of one document; near-identical articles with different keys
/// are joined by `fold` only (see `band_keys`).
#[pyfunction]
fn fold_key(article: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(core_fold_key(&article_of(article)?))
}

/// The 16 MinHash band keys of an article (kind included): articles that
/// `fold` may join by near-identical text share at least one. Empty for
/// an article with no text.
#[pyfunction]
fn band_keys(py: Python<'_>, article: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let article = article_of(article)?;
    Ok(py.detach(|| core_band_keys(&article)))
}

/// How good a copy is, `(score, blocks, chars)`: the copy with the greatest
/// tuple is kept (ties: the smallest fingerprint, then file, then offset).
#[pyfunction]
fn quality(article: &Bound<'_, PyAny>) -> PyResult<(i64, usize, usize)> {
    let q = core_quality(&article_of(article)?);
    Ok((q.score, q.blocks, q.chars))
}

/// Folds copies of one document into one article: the best copy by
/// `quality` and, in its `copies`, the chosen copy first, then every other
/// copy sorted. It merges whatever it is given, so give it articles that
/// share a `fold_key`. They may be folded already (by `fold_group` or
/// `parse_keyed`): the result is what one fold of all their copies gives.
/// `None` for no articles.
#[pyfunction]
#[pyo3(signature = (articles, *, json = false))]
fn fold_group<'py>(
    py: Python<'py>,
    articles: &Bound<'py, PyAny>,
    json: bool,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let articles = articles_of(articles)?;
    match py.detach(|| core_fold_group(articles).map(|a| to_json(&a))) {
        Some(text) => out_one(py, text, json).map(Some),
        None => Ok(None),
    }
}

/// Folds articles as `gazette parse` folds a batch: copies with one
/// `fold_key` become one article, near-identical articles without
/// conflicting facts too; the result is in the CLI's output order (by the
/// first of each article's copies, then id, then fingerprint). The
/// articles may be folded by key already (by `fold_group` of one key's
/// copies, or `parse_keyed`): the result is what folding all their copies
/// gives. (Folding `fold`'s own output again can join more, where it
/// joined near-identical copies.)
#[pyfunction]
#[pyo3(signature = (articles, *, json = false))]
fn fold<'py>(
    py: Python<'py>,
    articles: &Bound<'py, PyAny>,
    json: bool,
) -> PyResult<Bound<'py, PyList>> {
    let articles = articles_of(articles)?;
    let jsons = py.detach(|| {
        let mut batch = Batch::new();
        batch.add(articles);
        batch.finish_iter().map(|a| to_json(&a)).collect()
    });
    out_list(py, jsons, json)
}

/// The article as the CLI writes it: its JSON line, keys in schema order,
/// without the newline. Raises `ValueError` for what is not a `gazette/1`
/// article.
#[pyfunction]
fn dumps(article: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(to_json(&article_of(article)?))
}

/// The JSON Schema of one article (what `gazette schema` prints).
#[pyfunction]
fn json_schema() -> String {
    gazette::json_schema()
}

/// Stage 2 of the distributed fold, for many groups at once: each group
/// (JSON lines of copies with one fold key) folded into one article, with
/// whether it has a document number and its band keys; one result a group,
/// in order.
#[pyfunction]
fn _fold_keyed<'py>(
    py: Python<'py>,
    groups: Vec<Vec<String>>,
) -> PyResult<Vec<(String, bool, Vec<String>)>> {
    py.detach(|| {
        groups
            .into_iter()
            .map(|texts| {
                let folded = core_fold_group(read_texts(&texts)?).ok_or("an empty group")?;
                Ok((
                    to_json(&folded),
                    folded.doc_number.is_some(),
                    core_band_keys(&folded),
                ))
            })
            .collect::<Result<Vec<_>, String>>()
    })
    .map_err(PyValueError::new_err)
}

/// Stage 3 of the distributed fold: each set of folded articles (the
/// groups that share band keys) through a `Batch`, all outputs together.
#[pyfunction]
fn _fold_sets(py: Python<'_>, sets: Vec<Vec<String>>) -> PyResult<Vec<String>> {
    py.detach(|| {
        let mut out = Vec::new();
        for texts in sets {
            let mut batch = Batch::new();
            batch.add(read_texts(&texts)?);
            out.extend(batch.finish_iter().map(|a| to_json(&a)));
        }
        Ok::<_, String>(out)
    })
    .map_err(PyValueError::new_err)
}

/// Arrow rows of articles as JSON lines (for `pyarrow.json`): the article
/// with `body`, `enclosure` and `attachments` (the recursive parts) as
/// JSON text, `enclosure` null when absent.
#[pyfunction]
fn _row_lines<'py>(py: Python<'py>, articles: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let texts = texts_of(articles)?;
    let lines = py
        .detach(|| {
            let mut out = Vec::new();
            for text in &texts {
                let article: Article = serde_json::from_str(text)
                    .map_err(|e| format!("not a gazette/1 article: {e}"))?;
                row_line(&article, &mut out);
            }
            Ok::<_, String>(out)
        })
        .map_err(PyValueError::new_err)?;
    Ok(PyBytes::new(py, &lines))
}

fn row_line(article: &Article, out: &mut Vec<u8>) {
    use serde_json::{to_string, Value};
    // Plain data converts to a value, and a value to text, without error.
    let mut value = serde_json::to_value(article).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        let body = to_string(&article.body).unwrap_or_default();
        map.insert("body".to_owned(), Value::String(body));
        let enclosure = article.enclosure.as_ref().map(to_string);
        map.insert(
            "enclosure".to_owned(),
            match enclosure {
                Some(text) => Value::String(text.unwrap_or_default()),
                None => Value::Null,
            },
        );
        let attachments = to_string(&article.attachments).unwrap_or_default();
        map.insert("attachments".to_owned(), Value::String(attachments));
    }
    let _ = serde_json::to_writer(&mut *out, &value);
    out.push(b'\n');
}

/// gazette turns scraped pages of Chinese government gazettes and web sites
/// into canonical JSON, one object per official document (schema
/// `gazette/1`). This is the native part; import `gazette`.
#[pymodule]
fn _gazette(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(parse_batch, m)?)?;
    m.add_function(wrap_pyfunction!(parse_keyed, m)?)?;
    m.add_function(wrap_pyfunction!(fold_key, m)?)?;
    m.add_function(wrap_pyfunction!(band_keys, m)?)?;
    m.add_function(wrap_pyfunction!(quality, m)?)?;
    m.add_function(wrap_pyfunction!(fold_group, m)?)?;
    m.add_function(wrap_pyfunction!(fold, m)?)?;
    m.add_function(wrap_pyfunction!(dumps, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_fold_keyed, m)?)?;
    m.add_function(wrap_pyfunction!(_fold_sets, m)?)?;
    m.add_function(wrap_pyfunction!(_row_lines, m)?)?;
    m.add("DecodeError", m.py().get_type::<DecodeError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_taken_in_name_order_each_name_once() {
        let mut pages = vec![
            ("b.txt".to_owned(), 1),
            ("a.txt".to_owned(), 2),
            ("b.txt".to_owned(), 3),
            ("a.txt".to_owned(), 4),
        ];
        in_name_order(&mut pages);
        assert_eq!(pages, [("a.txt".to_owned(), 2), ("b.txt".to_owned(), 1)]);
    }

    #[test]
    fn a_row_holds_the_recursive_parts_as_json_text() {
        let page = gazette::parse(
            "关于调整的通知\n渝府发〔2025〕15号\n一、总则\n正文。\n重庆市人民政府 2025年11月7日\n",
        );
        let article = &page.articles[0];
        let mut out = Vec::new();
        row_line(article, &mut out);
        assert_eq!(out.last(), Some(&b'\n'));
        let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let body = row["body"].as_str().expect("body is text");
        let back: Vec<gazette::Block> = serde_json::from_str(body).unwrap();
        assert_eq!(back, article.body);
        assert!(row["enclosure"].is_null());
        assert_eq!(row["attachments"], "[]");
        assert_eq!(row["doc_number"]["text"], "渝府发〔2025〕15号");
        assert_eq!(row["copies"][0]["file"], "-");
    }
}
