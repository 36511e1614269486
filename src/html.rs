//! HTML input: turns a government site's page (the whole page or a
//! fragment of it) into lines of text for the text pipeline, with a map from
//! every text offset back to the HTML source, the fields its metadata states
//! outright, its content tables, and the spans it dropped.
//!
//! Tokenising is html5gum's (WHATWG-conformant, with byte spans on every
//! token, entities decoded); a small tree builder on top follows the HTML
//! rules that matter for text: void elements, end tags implied by a new `<p>`,
//! `<li>`, `<td>` or `<tr>`, stray end tags ignored at block boundaries.
//!
//! The text has one line per block (`<p>`, `<div>`, `<li>`, `<h1>`…, each
//! cell of a layout table), inline elements run together, spaces collapsed,
//! and a blank line where the page has an empty block or a `<br>` on its own
//! (`<p><br></p>`), as a browser shows it. A row of a content table is one
//! line with its cells separated by TAB, and is described in
//! [`HtmlText::tables`].
//!
//! Dropped, each span accounted for: `<head>`, `<script>`, `<style>`, forms'
//! controls, hidden elements, `<nav>`/`<aside>` and site `<header>`/`<footer>`,
//! boxes whose class or id names them furniture (nav, menu, breadcrumb,
//! share, qrcode, banner, …) and that hold little text or mostly links,
//! lines of buttons (`【打印】【关闭窗口】`, `【字体：大 中 小】`, `分享到：`,
//! `扫一扫在手机打开当前页`), breadcrumbs (`当前位置：…`), footers
//! (`ICP备`, `网站标识码`), menus (three or more links and little else) —
//! all as [`Reason::Chrome`]; and the metadata table or block
//! (`索引号：` `发文机关：` `成文日期：` `发文字号：` …), whose values go to
//! [`HtmlText::meta`], as [`Reason::Metadata`].

use std::ops::Range;

use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, Token, Tokenizer};

use crate::chars::is_space;
use crate::metadata::{chinese_labels, field_of, squeeze_label, Field, Metadata};
use crate::report::Reason;

/// A page of HTML turned into text.
#[derive(Debug, Clone, Default)]
pub(crate) struct HtmlText {
    /// The page as lines of text.
    pub text: String,
    /// Maps offsets in `text` to offsets in the HTML source.
    pub offsets: OffsetMap,
    /// Fields the page states outright: its metadata table or block, then
    /// its `<meta>` tags and `<title>`.
    pub meta: Metadata,
    /// The content tables: their lines in `text` (one per row, cells
    /// separated by TAB) and their cells, spans expanded.
    #[cfg_attr(not(test), allow(dead_code))]
    pub tables: Vec<HtmlTable>,
    /// Spans of the HTML source left out of `text`, with the reason.
    pub removed: Vec<(Range<usize>, Reason)>,
}

/// A content table of the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HtmlTable {
    /// The lines of `text` that hold its rows (line indices, 0-based).
    pub lines: Range<usize>,
    /// How many of the first rows are header rows (`<thead>`, or rows of `<th>` only).
    pub header_rows: usize,
    /// The cells, row by row; a cell spanning several columns or rows is
    /// followed by, or repeated as, empty cells, so every row has its columns.
    pub rows: Vec<Vec<String>>,
}

/// Offsets in the text mapped back to the HTML source: anchors where the
/// two stop running in step (an entity, a dropped tag, collapsed spaces).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    /// (text offset, html offset), both increasing.
    anchors: Vec<(usize, usize)>,
    /// The HTML source's length.
    html_len: usize,
}

impl OffsetMap {
    /// The HTML offset of text offset `t`.
    pub(crate) fn to_html(&self, t: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.0 <= t);
        let at = match i.checked_sub(1).and_then(|i| self.anchors.get(i)) {
            Some(&(ta, ha)) => ha + (t - ta),
            None => self.anchors.first().map_or(0, |a| a.1),
        };
        at.min(self.html_len)
    }

    fn push(&mut self, t: usize, h: usize) {
        match self.anchors.last() {
            Some(&(ta, ha)) if ta == t || ha + (t - ta) == h => {}
            _ => self.anchors.push((t, h)),
        }
    }
}

/// Whether a page is HTML: a document start (`<!DOCTYPE html>`, `<html`,
/// `<head`, `<body`) near the top, or block tags (`<p>`, `<div>`, `<br>`,
/// `<table>`, …) — three of them, or one in a file named `.htm`/`.html`.
/// Markdown and text files (by name) need a document start.
pub(crate) fn looks_like_html(name: &str, text: &str) -> bool {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Every test below looks for a tag; most text pages have no `<` at all.
    if memchr::memchr(b'<', &text.as_bytes()[..end]).is_none() {
        return false;
    }
    let head = text[..end].to_ascii_lowercase();
    let start = head.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let tags = tags_in(&head);
    if start.starts_with("<!doctype html")
        || ["html", "head", "body"].iter().any(|t| tags.contains(t))
    {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if matches!(ext, "md" | "markdown" | "txt" | "text") {
        return false;
    }
    let tags = [
        "p", "div", "br", "table", "td", "tr", "span", "li", "h1", "h2", "h3", "meta", "font",
        "/p", "/div", "/span", "/td",
    ]
    .iter()
    .filter(|t| tags.contains(t))
    .count();
    tags >= 3 || (tags >= 1 && matches!(ext, "htm" | "html" | "shtml" | "xhtml" | "xht"))
}

/// The names of the tags in `s`, once each: a `<` then a name (`p`, `/div`, `h1`) that a `>`,
/// `/` or a space ends. One pass over the `<`s instead of a search per name.
fn tags_in(s: &str) -> Vec<&str> {
    let mut tags: Vec<&str> = Vec::new();
    for at in memchr::memchr_iter(b'<', s.as_bytes()) {
        let rest = s.as_bytes().get(at + 1..).unwrap_or_default();
        let slash = usize::from(rest.first() == Some(&b'/'));
        let len = slash
            + rest
                .iter()
                .skip(slash)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        if matches!(
            rest.get(len),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            let tag = s.get(at + 1..at + 1 + len).unwrap_or_default();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// Turns an HTML page into text. Total: never fails, never panics.
pub(crate) fn to_text(html: &str) -> HtmlText {
    let dom = build(html);
    let mut w = Walker {
        html,
        dom: &dom,
        lines: Vec::new(),
        cur: OutLine::default(),
        pending_space: false,
        last_end: 0,
        cell: 0,
        pre: 0,
        link: 0,
        link_pending: false,
        in_article: 0,
        meta: Metadata::default(),
        tag_meta: Metadata::default(),
        removed: Vec::new(),
        tables: Vec::new(),
    };
    w.children(0);
    w.end_line();
    let Walker {
        lines,
        mut meta,
        tag_meta,
        mut removed,
        tables,
        ..
    } = w;
    let lines = drop_chrome_lines(lines, &mut removed);
    let lines = take_metadata_lines(lines, &mut meta, &mut removed);
    meta.fill_from(tag_meta);
    removed.sort_by_key(|(r, _)| (r.start, r.end));
    let (text, offsets, tables) = assemble(&lines, tables, html.len());
    HtmlText {
        text,
        offsets,
        meta,
        tables,
        removed,
    }
}

// ---------------------------------------------------------------------------
// The tree.

/// One node of the page's tree.
#[derive(Debug)]
struct Node {
    data: Data,
    /// The node's span in the source: start tag through end tag.
    span: Range<usize>,
    children: Vec<usize>,
}

#[derive(Debug)]
enum Data {
    Root,
    Element {
        name: String,
        attrs: Vec<(String, String)>,
    },
    /// Decoded characters, each with the source span it came from.
    Text(Vec<(char, usize, usize)>),
    Comment,
}

struct Dom {
    nodes: Vec<Node>,
    /// What each node holds, counted once for all.
    stats: Vec<Stats>,
}

/// The text a node holds.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    /// Letters, digits and ideographs (no spaces or punctuation).
    chars: usize,
    /// Those of them inside links.
    link_chars: usize,
    /// Links (`<a href>`).
    links: usize,
    /// Whether a `。` ends a sentence somewhere inside.
    sentences: bool,
    /// Whether `附件` occurs inside.
    attachment: bool,
}

impl Stats {
    fn add(&mut self, o: Stats) {
        self.chars += o.chars;
        self.link_chars += o.link_chars;
        self.links += o.links;
        self.sentences |= o.sentences;
        self.attachment |= o.attachment;
    }

    /// Links and little else, no sentence, no attachment list: a menu or a list of links to
    /// other pages.
    fn is_menu(&self) -> bool {
        self.links >= 3
            && self.link_chars * 10 >= self.chars * 8
            && !self.sentences
            && !self.attachment
    }
}

/// The stats of every node: children are pushed after their parents, so a
/// pass from the last node to the first sees each node's children first.
fn count(dom: &Dom) -> Vec<Stats> {
    let mut stats = vec![Stats::default(); dom.nodes.len()];
    for id in (0..dom.nodes.len()).rev() {
        let node = &dom.nodes[id];
        let mut s = Stats::default();
        match &node.data {
            Data::Text(chars) => {
                s.chars = chars
                    .iter()
                    .filter(|(c, _, _)| crate::chars::is_alphanumeric(*c))
                    .count();
                s.sentences = chars.iter().any(|(c, _, _)| *c == '。');
                s.attachment = chars.windows(2).any(|w| w[0].0 == '附' && w[1].0 == '件');
            }
            Data::Element { name, .. } if is_dropped(name) => {}
            Data::Root | Data::Element { .. } => {
                for &c in &node.children {
                    s.add(stats[c]);
                }
                if dom.name(id) == "a" && dom.attr(id, "href").is_some() {
                    s.links += 1;
                    s.link_chars = s.chars;
                }
            }
            Data::Comment => {}
        }
        stats[id] = s;
    }
    stats
}

impl Dom {
    fn name(&self, id: usize) -> &str {
        match self.nodes.get(id).map(|n| &n.data) {
            Some(Data::Element { name, .. }) => name,
            _ => "",
        }
    }

    fn attr(&self, id: usize, key: &str) -> Option<&str> {
        match self.nodes.get(id).map(|n| &n.data) {
            Some(Data::Element { attrs, .. }) => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    fn children(&self, id: usize) -> &[usize] {
        self.nodes.get(id).map_or(&[], |n| &n.children)
    }

    /// Element children named one of `names`.
    fn elements<'a>(&'a self, id: usize, names: &'a [&str]) -> impl Iterator<Item = usize> + 'a {
        self.children(id)
            .iter()
            .copied()
            .filter(move |&c| names.contains(&self.name(c)))
    }

    /// Whether a descendant of `id` is named `name`.
    fn contains(&self, id: usize, name: &str) -> bool {
        self.children(id)
            .iter()
            .any(|&c| self.name(c) == name || self.contains(c, name))
    }

    /// Whether any text but white space is under `id`, dropped elements' and comments' included.
    fn has_text(&self, id: usize) -> bool {
        self.children(id)
            .iter()
            .any(|&c| match &self.nodes[c].data {
                Data::Text(chars) => chars.iter().any(|(ch, _, _)| !is_blank(*ch)),
                Data::Element { .. } => self.has_text(c),
                // A comment as the walk counts it (`<!-- -->` holds none):
                // text swallowed by one left open was lost with its box.
                Data::Comment => self.nodes[c].span.len() > 7,
                _ => false,
            })
    }

    fn stats(&self, id: usize) -> Stats {
        self.stats.get(id).copied().unwrap_or_default()
    }

    /// The text under `id`, blocks separated by a space, spaces collapsed.
    fn text(&self, id: usize) -> String {
        fn walk(dom: &Dom, id: usize, out: &mut String) {
            for &c in dom.children(id) {
                match &dom.nodes[c].data {
                    Data::Text(chars) => out.extend(chars.iter().map(|(ch, _, _)| *ch)),
                    Data::Element { name, .. } if !is_dropped(name) => {
                        let block = is_block(name) || name == "br";
                        if block {
                            out.push(' ');
                        }
                        walk(dom, c, out);
                        if block {
                            out.push(' ');
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut raw = String::new();
        walk(self, id, &mut raw);
        collapse(&raw)
    }

    /// Block elements with text under `id`, counting `<br>` as one.
    fn blocks(&self, id: usize) -> usize {
        self.children(id)
            .iter()
            .map(|&c| match self.name(c) {
                "br" => 1,
                n if is_block(n) => 1 + self.blocks(c),
                "" => 0,
                _ => self.blocks(c),
            })
            .sum()
    }
}

/// ASCII white space collapsed to one space, trimmed; other spaces kept.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_ascii_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Any kind of space, including NBSP and U+3000.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || is_space(c)
}

/// Hidden by its attributes: `hidden`, or a style with `display:none` or `visibility:hidden`.
fn is_hidden(attrs: &[(String, String)]) -> bool {
    attrs.iter().any(|(k, v)| match k.as_str() {
        "hidden" => true,
        "style" => {
            let style: String = v
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        _ => false,
    })
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

/// Blocks: each starts and ends a line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "option",
];

fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

/// Elements whose content is never text of the page.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "select",
    "button", "input", "textarea", "svg", "math", "canvas", "map", "audio", "video", "frameset",
    "noframes", "datalist", "head", "xml",
];

fn is_dropped(name: &str) -> bool {
    DROPPED.contains(&name)
}

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];

/// Elements an open `<p>` or `<li>` is not searched beyond.
const SCOPE: &[&str] = &[
    "html", "table", "td", "th", "caption", "marquee", "object", "applet", "template", "button",
];

const TABLE_PARTS: &[&str] = &[
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
];

/// What may stand in `<head>`; any other start tag closes it.
const IN_HEAD: &[&str] = &[
    "meta", "title", "link", "style", "script", "noscript", "base", "template", "object",
];

/// The deepest the tree gets; real pages stay far below it.
const MAX_DEPTH: usize = 256;

struct Builder {
    nodes: Vec<Node>,
    stack: Vec<usize>,
}

impl Builder {
    fn name(&self, id: usize) -> &str {
        match &self.nodes[id].data {
            Data::Element { name, .. } => name,
            _ => "",
        }
    }

    fn push(&mut self, data: Data, span: Range<usize>) -> usize {
        let id = self.nodes.len();
        let parent = self.stack.last().copied().unwrap_or(0);
        self.nodes.push(Node {
            data,
            span,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }

    /// The stack index of the nearest open element named one of `names`,
    /// not looking past one named in `stop`.
    fn find(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for k in (1..self.stack.len()).rev() {
            let n = self.name(self.stack[k]);
            if names.contains(&n) {
                return Some(k);
            }
            if stop.contains(&n) {
                return None;
            }
        }
        None
    }

    /// Closes the element at stack index `k`, ending at `end`, and the elements open inside it,
    /// ending at `inner_end`.
    fn pop_to(&mut self, k: usize, end: usize, inner_end: usize) {
        for (i, &id) in self.stack.iter().enumerate().skip(k) {
            let at = if i == k { end } else { inner_end };
            self.nodes[id].span.end = at.max(self.nodes[id].span.start);
        }
        self.stack.truncate(k);
    }

    fn close(&mut self, names: &[&str], stop: &[&str], at: usize) {
        if let Some(k) = self.find(names, stop) {
            self.pop_to(k, at, at);
        }
    }

    fn start(&mut self, name: String, attrs: Vec<(String, String)>, span: Range<usize>) {
        let at = span.start;
        if !IN_HEAD.contains(&name.as_str()) || name == "body" {
            self.close(&["head"], &[], at);
        }
        if CLOSES_P.contains(&name.as_str()) {
            self.close(&["p"], SCOPE, at);
        }
        match name.as_str() {
            "li" => self.close(&["li"], &[SCOPE, &["ul", "ol"]].concat(), at),
            "dd" | "dt" => self.close(&["dd", "dt"], &[SCOPE, &["dl"]].concat(), at),
            "td" | "th" => self.close(&["td", "th"], &["tr", "table", "html"], at),
            "tr" => self.close(&["tr"], &["table", "tbody", "thead", "tfoot", "html"], at),
            "tbody" | "thead" | "tfoot" => {
                self.close(&["tbody", "thead", "tfoot"], &["table", "html"], at);
            }
            "option" | "optgroup" => self.close(&["option"], &["select", "html"], at),
            "a" => self.close(&["a"], SCOPE, at),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(&top) = self.stack.last() {
                    if matches!(self.name(top), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                        let k = self.stack.len() - 1;
                        self.pop_to(k, at, at);
                    }
                }
            }
            _ => {}
        }
        // Past a sane depth, elements stop nesting (their content goes to the
        // deepest open one), which bounds the recursion of the walk.
        let void = VOID.contains(&name.as_str()) || self.stack.len() > MAX_DEPTH;
        let id = self.push(Data::Element { name, attrs }, span);
        if !void {
            self.stack.push(id);
        }
    }

    fn end(&mut self, name: &str, span: Range<usize>) {
        match name {
            "br" => {
                self.push(
                    Data::Element {
                        name: "br".to_owned(),
                        attrs: Vec::new(),
                    },
                    span,
                );
            }
            "p" => match self.find(&["p"], SCOPE) {
                Some(k) => self.pop_to(k, span.end, span.start),
                None => {
                    // `</p>` with no `<p>` open stands for an empty paragraph.
                    self.push(
                        Data::Element {
                            name: "p".to_owned(),
                            attrs: Vec::new(),
                        },
                        span,
                    );
                }
            },
            "body" | "html" => {}
            _ => {
                let stop: &[&str] = if name == "table" {
                    &["html"]
                } else if TABLE_PARTS.contains(&name) {
                    &["table", "html"]
                } else if is_block(name) || name == "head" {
                    SCOPE
                } else {
                    // An inline end tag closes nothing past a block.
                    &[]
                };
                let found = if stop.is_empty() {
                    self.find(&[name], &[]).filter(|&k| {
                        self.stack[k + 1..]
                            .iter()
                            .all(|&id| !is_block(self.name(id)))
                    })
                } else {
                    self.find(&[name], stop)
                };
                if let Some(k) = found {
                    self.pop_to(k, span.end, span.start);
                }
            }
        }
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The default emitter without parse errors: the builder has no use for them, and without them
/// the tokenizer does not validate every character it reads.
struct Quiet(DefaultEmitter<usize>);

impl ForwardingEmitter for Quiet {
    type Token = Token<usize>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Builds the tree of `html`.
fn build(html: &str) -> Dom {
    let mut b = Builder {
        nodes: vec![Node {
            data: Data::Root,
            span: 0..html.len(),
            children: Vec::new(),
        }],
        stack: vec![0],
    };
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, Quiet(emitter)).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attrs = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).to_ascii_lowercase(),
                            lossy(&v.value),
                        )
                    })
                    .collect();
                b.start(name, attrs, clamp(tag.span.start..tag.span.end, html));
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                b.end(&name, clamp(tag.span.start..tag.span.end, html));
            }
            Token::String(s) => {
                let span = clamp(s.span.start..s.span.end, html);
                let decoded = String::from_utf8_lossy(&s.value);
                let chars = align(html, span.clone(), &decoded);
                b.push(Data::Text(chars), span);
            }
            Token::Comment(c) => {
                b.push(Data::Comment, clamp(c.span.start..c.span.end, html));
            }
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    let k = 1.min(b.stack.len());
    if k < b.stack.len() {
        b.pop_to(k, html.len(), html.len());
    }
    let mut dom = Dom {
        nodes: b.nodes,
        stats: Vec::new(),
    };
    dom.stats = count(&dom);
    dom
}

/// A span kept inside `html` and on its char boundaries.
fn clamp(span: Range<usize>, html: &str) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(html.len());
        while !html.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    start..fix(span.end).max(start)
}

/// Pairs each decoded character of a text token with the bytes of `html[span]` it came from:
/// itself, a character reference (`&nbsp;`, `&#12288;`), or CR LF. A character the walk cannot
/// place gets an empty span where it stands, so offsets stay increasing whatever the input.
fn align(html: &str, span: Range<usize>, decoded: &str) -> Vec<(char, usize, usize)> {
    let raw = html.get(span.clone()).unwrap_or("");
    let base = span.start;
    let mut out = Vec::with_capacity(decoded.len());
    let mut i = 0usize;
    for (k, c) in decoded.char_indices() {
        let rest = &raw[i..];
        let after = &decoded[k + c.len_utf8()..];
        if rest.starts_with(c) && !(c == '&' && is_reference(rest, after)) {
            out.push((c, base + i, base + i + c.len_utf8()));
            i += c.len_utf8();
        } else if c == '\n' && rest.starts_with('\r') {
            let n = if rest[1..].starts_with('\n') { 2 } else { 1 };
            out.push((c, base + i, base + i + n));
            i += n;
        } else if rest.starts_with('&') {
            let n = reference_len(rest);
            out.push((c, base + i, base + i + n));
            i += n;
        } else if rest.starts_with('\0') {
            out.push((c, base + i, base + i + 1));
            i += 1;
        } else {
            out.push((c, base + i, base + i));
        }
    }
    out
}

/// Whether `&…` at the start of `rest` is a character reference rather than a literal `&`
/// (which the decoded text then continues with the same name).
fn is_reference(rest: &str, decoded_after: &str) -> bool {
    let n = reference_len(rest);
    n > 1 && !decoded_after.starts_with(&rest[1..n])
}

/// Length of the character reference at the start of `s` (`&amp;`, `&#38;`, `&#x26;`, `&nbsp`).
fn reference_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(1) == Some(&b'#') {
        i = 2;
        if matches!(b.get(2), Some(b'x' | b'X')) {
            i = 3;
            while b.get(i).is_some_and(u8::is_ascii_hexdigit) {
                i += 1;
            }
        } else {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    } else {
        while b.get(i).is_some_and(u8::is_ascii_alphanumeric) && i < 40 {
            i += 1;
        }
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------
// The walk: tree to lines.

/// One line of output while the page is walked.
#[derive(Debug, Default, Clone)]
struct OutLine {
    text: String,
    /// (byte offset in `text`, source start, source end) of each character.
    map: Vec<(usize, usize, usize)>,
    /// Links that start on the line, and characters inside links.
    links: usize,
    link_chars: usize,
    /// An empty line the page shows (`<p><br></p>`).
    blank: bool,
    /// (table, row) for a row of a content table.
    row: Option<(usize, usize)>,
}

impl OutLine {
    fn html(&self) -> Range<usize> {
        match (self.map.first(), self.map.last()) {
            (Some(f), Some(l)) => f.1..l.2.max(f.1),
            _ => 0..0,
        }
    }
}

struct Walker<'a> {
    html: &'a str,
    dom: &'a Dom,
    lines: Vec<OutLine>,
    cur: OutLine,
    pending_space: bool,
    /// Source offset just past the last character emitted.
    last_end: usize,
    /// Depth of content-table cells: blocks inside become spaces.
    cell: usize,
    /// Depth of `<pre>`: spaces and line breaks kept.
    pre: usize,
    link: usize,
    link_pending: bool,
    in_article: usize,
    meta: Metadata,
    tag_meta: Metadata,
    removed: Vec<(Range<usize>, Reason)>,
    tables: Vec<HtmlTable>,
}

impl Walker<'_> {
    fn children(&mut self, id: usize) {
        for &c in self.dom.children(id) {
            self.node(c);
        }
    }

    fn node(&mut self, id: usize) {
        let dom = self.dom;
        match &dom.nodes[id].data {
            Data::Root => self.children(id),
            Data::Text(chars) => self.text(chars),
            Data::Comment => {
                let span = dom.nodes[id].span.clone();
                if self.html.get(span.clone()).is_some_and(|s| s.len() > 7) {
                    self.removed.push((span, Reason::Chrome));
                }
            }
            Data::Element { name, attrs } => self.element(id, name, attrs),
        }
    }

    fn text(&mut self, chars: &[(char, usize, usize)]) {
        for &(c, start, end) in chars {
            if self.pre > 0 {
                if c == '\n' && self.cell > 0 {
                    // A line break of a `<pre>` around a table's cell must
                    // not end the row's line halfway through the cell.
                    self.pending_space = true;
                } else if c == '\n' {
                    self.end_line();
                } else {
                    self.push_char(c, start, end);
                }
            } else if c.is_ascii_whitespace() {
                self.pending_space = true;
            } else {
                self.push_char(c, start, end);
            }
        }
    }

    fn push_raw(&mut self, c: char, start: usize, end: usize) {
        self.cur.map.push((self.cur.text.len(), start, end));
        self.cur.text.push(c);
    }

    fn push_char(&mut self, c: char, start: usize, end: usize) {
        if self.pending_space {
            self.pending_space = false;
            if !self.cur.text.is_empty() && !self.cur.text.ends_with('\t') {
                self.push_raw(' ', self.last_end, self.last_end);
            }
        }
        if self.link_pending {
            self.link_pending = false;
            self.cur.links += 1;
        }
        if self.link > 0 && crate::chars::is_alphanumeric(c) {
            self.cur.link_chars += 1;
        }
        self.push_raw(c, start, end);
        self.last_end = end;
    }

    fn end_line(&mut self) {
        self.pending_space = false;
        if self.cur.text.chars().all(is_blank) && self.cur.row.is_none() {
            // `<p>&nbsp;</p>`, `<p>　　</p>`: the page shows an empty line.
            if !self.cur.text.is_empty() {
                self.cur = OutLine::default();
                self.line_break();
            }
            return;
        }
        let line = std::mem::take(&mut self.cur);
        self.lines.push(line);
    }

    fn block_break(&mut self) {
        if self.cell > 0 {
            self.pending_space = true;
        } else {
            self.end_line();
        }
    }

    fn line_break(&mut self) {
        if self.cell > 0 {
            self.pending_space = true;
        } else if !self.cur.text.is_empty() {
            self.end_line();
        } else if self.lines.last().is_some_and(|l| !l.blank) {
            self.lines.push(OutLine {
                blank: true,
                ..OutLine::default()
            });
        }
    }

    /// Drops element `id`, accounting for its span when it holds text.
    fn remove(&mut self, id: usize, reason: Reason) {
        if self.dom.has_text(id) {
            self.removed.push((self.dom.nodes[id].span.clone(), reason));
        }
        if is_block(self.dom.name(id)) {
            self.block_break();
        }
    }

    fn element(&mut self, id: usize, name: &str, attrs: &[(String, String)]) {
        match name {
            "meta" => return self.meta_tag(id),
            "title" => {
                let t = self.dom.text(id);
                self.tag_meta.page_title.get_or_insert(t);
                return self.remove(id, Reason::Chrome);
            }
            "head" => {
                for &c in self.dom.children(id) {
                    match self.dom.name(c) {
                        "meta" => self.meta_tag(c),
                        "title" => {
                            let t = self.dom.text(c);
                            self.tag_meta.page_title.get_or_insert(t);
                        }
                        _ => {}
                    }
                }
                return self.remove(id, Reason::Chrome);
            }
            _ => {}
        }
        if is_dropped(name) || is_hidden(attrs) || self.is_furniture(id, name, attrs) {
            return self.remove(id, Reason::Chrome);
        }
        match name {
            "table" => self.table(id),
            "br" => self.line_break(),
            "hr" => self.block_break(),
            "a" => {
                let href = self.dom.attr(id, "href").is_some();
                if href {
                    self.link += 1;
                    self.link_pending = true;
                }
                self.children(id);
                if href {
                    self.link -= 1;
                    self.link_pending = false;
                }
            }
            "pre" | "listing" | "plaintext" => {
                self.block_break();
                self.pre += 1;
                self.children(id);
                self.pre -= 1;
                self.block_break();
            }
            "article" | "main" => {
                self.block_break();
                self.in_article += 1;
                self.children(id);
                self.in_article -= 1;
                self.block_break();
            }
            _ if is_block(name) => {
                self.block_break();
                self.children(id);
                self.block_break();
            }
            _ => self.children(id),
        }
    }

    fn meta_tag(&mut self, id: usize) {
        let key = ["name", "property", "itemprop"]
            .iter()
            .find_map(|k| self.dom.attr(id, k));
        let (Some(key), Some(content)) = (key, self.dom.attr(id, "content")) else {
            return;
        };
        let key = squeeze_label(key);
        let key = key
            .strip_prefix("og:")
            .or_else(|| key.strip_prefix("dc."))
            .unwrap_or(&key);
        if let Some((field, _)) = field_of(key) {
            self.tag_meta.set_field(field, key, content);
        }
    }

    /// Site furniture by its element or its class and id: navigation, breadcrumbs, share and
    /// print buttons, QR codes, banners. A box that holds much text that is not links is kept
    /// whatever its name says.
    fn is_furniture(&self, id: usize, name: &str, attrs: &[(String, String)]) -> bool {
        let class_id = || {
            attrs
                .iter()
                .filter(|(k, _)| k == "class" || k == "id")
                .map(|(_, v)| v.as_str())
        };
        let s = self.dom.stats(id);
        if matches!(name, "nav" | "aside") || class_id().any(furniture_name) {
            // Named for furniture: dropped unless it holds much text that is not links.
            return s.chars < 200 || s.link_chars * 2 >= s.chars;
        }
        if (matches!(name, "header" | "footer") && self.in_article == 0)
            || class_id().any(furniture_token)
        {
            // A site's header or footer, or an article's: dropped when it is mostly links.
            return s.chars == 0 || s.link_chars * 2 >= s.chars;
        }
        // A list of links to other pages (相关链接, menus, listings).
        is_block(name) && s.is_menu()
    }

    // -- tables ------------------------------------------------------------

    fn table(&mut self, id: usize) {
        let dom = self.dom;
        let rows = table_rows(dom, id);
        if let Some(pairs) = metadata_table(dom, &rows) {
            for (label, value) in pairs {
                self.meta.set(&label, &value);
            }
            return self.remove(id, Reason::Metadata);
        }
        if is_layout_table(dom, id, &rows) {
            self.block_break();
            self.children(id);
            self.block_break();
            return;
        }
        self.block_break();
        self.table_strays(id);
        for c in dom.elements(id, &["caption"]) {
            self.node(c);
            self.block_break();
        }
        let t = self.tables.len();
        let mut cells_of_rows: Vec<Vec<(String, usize, usize)>> = Vec::new();
        let mut header_rows = 0;
        let mut in_header = true;
        for row in &rows {
            self.cell += 1;
            let mut cells = Vec::new();
            for (k, &cell) in row.cells.iter().enumerate() {
                self.pending_space = false;
                if k > 0 {
                    self.push_raw('\t', self.last_end, self.last_end);
                }
                let from = self.cur.text.len();
                self.children(cell);
                let text = self.cur.text.get(from..).unwrap_or("");
                let text = text.trim_matches(is_blank).to_owned();
                let span = |a: &str| {
                    dom.attr(cell, a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 64)
                };
                cells.push((text, span("colspan"), span("rowspan")));
            }
            self.cell -= 1;
            self.pending_space = false;
            if cells.iter().all(|(c, _, _)| c.is_empty()) {
                self.cur = OutLine::default();
                continue;
            }
            let header = row.head || row.cells.iter().all(|&c| dom.name(c) == "th");
            if in_header && header {
                header_rows += 1;
            } else {
                in_header = false;
            }
            self.cur.row = Some((t, cells_of_rows.len()));
            self.end_line();
            cells_of_rows.push(cells);
        }
        self.tables.push(HtmlTable {
            lines: 0..0,
            header_rows,
            rows: grid(cells_of_rows),
        });
        self.block_break();
    }
}

impl Walker<'_> {
    /// Accounts for what a content table holds outside its cells and
    /// caption (`<tr>text</tr>`, a `<div>` between rows): browsers show it
    /// outside the table, and no cell prints it, so it is unplaced rather
    /// than lost.
    fn table_strays(&mut self, id: usize) {
        let dom = self.dom;
        let not_cell = |k: &&usize| !matches!(dom.name(**k), "td" | "th");
        let mut strays: Vec<usize> = Vec::new();
        for &c in dom.children(id) {
            match dom.name(c) {
                "tr" => strays.extend(dom.children(c).iter().filter(not_cell)),
                "tbody" | "thead" | "tfoot" => {
                    for &k in dom.children(c) {
                        if dom.name(k) == "tr" {
                            strays.extend(dom.children(k).iter().filter(not_cell));
                        } else {
                            strays.push(k);
                        }
                    }
                }
                "caption" | "col" | "colgroup" => {}
                _ => strays.push(c),
            }
        }
        for k in strays {
            let holds_text = match &dom.nodes[k].data {
                Data::Text(chars) => chars.iter().any(|(ch, _, _)| !is_blank(*ch)),
                Data::Comment => dom.nodes[k].span.len() > 7,
                _ => dom.has_text(k),
            };
            if holds_text {
                self.removed
                    .push((dom.nodes[k].span.clone(), Reason::Unplaced));
            }
        }
    }
}

/// A row of a table: its cells, and whether it is in `<thead>`.
struct Row {
    cells: Vec<usize>,
    head: bool,
}

/// The rows of table `id` (not those of tables nested in its cells).
fn table_rows(dom: &Dom, id: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut add = |tr: usize, head: bool| {
        rows.push(Row {
            cells: dom.elements(tr, &["td", "th"]).collect(),
            head,
        });
    };
    for &c in dom.children(id) {
        match dom.name(c) {
            "tr" => add(c, false),
            "tbody" | "thead" | "tfoot" => {
                for tr in dom.elements(c, &["tr"]) {
                    add(tr, dom.name(c) == "thead");
                }
            }
            _ => {}
        }
    }
    rows
}

/// The label–value pairs of a metadata table: every non-empty cell a known label (maybe with
/// its value after a colon) or the value after one, and one label at least that only metadata
/// uses (索引号, 发文字号, …) or two labels.
fn metadata_table(dom: &Dom, rows: &[Row]) -> Option<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    let mut strong = false;
    for row in rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|&c| {
                if dom.contains(c, "table") {
                    "\u{1}".to_owned() // a nested table: never metadata
                } else {
                    dom.text(c)
                }
            })
            .collect();
        let mut i = 0;
        while i < cells.len() {
            let cell = cells[i].trim_matches(is_blank);
            if cell.is_empty() {
                i += 1;
                continue;
            }
            if let Some((_, s)) = label_cell(cell) {
                strong |= s;
                let value = cells
                    .get(i + 1)
                    .map(|v| v.trim_matches(is_blank))
                    .filter(|v| label_cell(v).is_none() && !v.contains('\u{1}'));
                pairs.push((cell.to_owned(), value.unwrap_or("").to_owned()));
                i += if value.is_some() { 2 } else { 1 };
            } else if let Some(found) = label_pairs(cell) {
                for (label, s, value) in found {
                    strong |= s;
                    pairs.push((label.to_owned(), value));
                }
                i += 1;
            } else {
                return None;
            }
        }
    }
    (!pairs.is_empty() && (strong || pairs.len() >= 2)).then_some(pairs)
}

/// A cell that is a label alone (`索 引 号：`, `发文机关`); whether it is a strong one.
fn label_cell(cell: &str) -> Option<(Field, bool)> {
    if cell.chars().nth(12).is_some() {
        return None;
    }
    field_of(&squeeze_label(cell))
}

/// A table for layout rather than data: one row or one column, nested tables, or cells that
/// hold a page's worth of text.
fn is_layout_table(dom: &Dom, id: usize, rows: &[Row]) -> bool {
    if dom.attr(id, "role").is_some_and(|r| r == "presentation") {
        return true;
    }
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if rows.len() < 2 || columns < 2 {
        return true;
    }
    rows.iter()
        .flat_map(|r| &r.cells)
        .any(|&c| dom.contains(c, "table") || dom.stats(c).chars > 800 || dom.blocks(c) > 8)
}

/// Rows of (text, colspan, rowspan) laid out on a grid: spanned places hold empty cells.
fn grid(rows: Vec<Vec<(String, usize, usize)>>) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(rows.len());
    // For each column, how many more rows a rowspan from above covers.
    let mut carry: Vec<usize> = Vec::new();
    for row in rows {
        let covered = |c: usize, carry: &[usize]| carry.get(c).is_some_and(|&n| n > 0);
        let mut next = vec![0usize; carry.len()];
        let mut cells: Vec<String> = Vec::new();
        let mut col = 0;
        for (text, colspan, rowspan) in row {
            while covered(col, &carry) {
                cells.push(String::new());
                next[col] = carry[col] - 1;
                col += 1;
            }
            cells.push(text);
            cells.extend(std::iter::repeat_n(String::new(), colspan - 1));
            if next.len() < col + colspan {
                next.resize(col + colspan, 0);
            }
            for n in &mut next[col..col + colspan] {
                *n = rowspan - 1;
            }
            col += colspan;
        }
        while (col..carry.len()).any(|c| covered(c, &carry)) {
            if covered(col, &carry) {
                next[col] = carry[col] - 1;
            }
            cells.push(String::new());
            col += 1;
        }
        carry = next;
        out.push(cells);
    }
    out
}

// ---------------------------------------------------------------------------
// Furniture and metadata by text.

/// Class or id words that name site furniture.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navi",
    "subnav",
    "topnav",
    "mainnav",
    "menu",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "share",
    "bdshare",
    "qr",
    "qrcode",
    "ewm",
    "erweima",
    "banner",
    "toolbar",
    "sidebar",
    "copyright",
    "search",
    "login",
    "dqwz",
    "location",
    "position",
    "fontsize",
    "zihao",
    "gotop",
    "backtop",
    "totop",
];

/// Prefixes of class or id words that name site furniture (`navigation`, `sharebox`,
/// `bannerS`, `qrcodeBox`).
const FURNITURE_PREFIXES: &[&str] = &[
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "share",
    "bdshare",
    "qrcode",
    "erweima",
    "banner",
    "toolbar",
    "sidebar",
    "copyright",
    "gotop",
    "fontsize",
];

/// Whole class or id values that name a site's header or footer.
const FURNITURE_TOKENS: &[&str] = &[
    "header",
    "footer",
    "head",
    "foot",
    "top",
    "bottom",
    "topbar",
    "site-header",
    "site-footer",
];

fn furniture_name(value: &str) -> bool {
    value.split_ascii_whitespace().any(|token| {
        token
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| {
                FURNITURE_WORDS.contains(&w)
                    || FURNITURE_PREFIXES.iter().any(|p| w.starts_with(p))
                    || w.ends_with("nav")
            })
    })
}

fn furniture_token(value: &str) -> bool {
    value
        .split_ascii_whitespace()
        .any(|token| FURNITURE_TOKENS.contains(&token.to_ascii_lowercase().as_str()))
}

/// Buttons and labels of site furniture; a line made of nothing else is dropped.
const BUTTONS: &[&str] = &[
    "扫一扫在手机上查看当前页面",
    "扫一扫在手机打开当前页",
    "用手机扫描二维码",
    "在手机打开当前页",
    "手机扫一扫",
    "扫一扫",
    "字体大中小",
    "字号大中小",
    "分享到",
    "分享",
    "打印本页",
    "打印文章",
    "打印",
    "关闭本页",
    "关闭窗口",
    "关闭",
    "收藏本页",
    "加入收藏",
    "收藏",
    "保存本页",
    "保存",
    "返回顶部",
    "返回首页",
    "返回",
    "我要纠错",
    "纠错",
    "微信",
    "微博",
    "QQ空间",
    "复制链接",
    "视力保护色",
    "二维码",
    "默认",
];

/// How lines of site furniture start.
const FURNITURE_STARTS: &[&str] = &[
    "当前位置",
    "您当前位置",
    "您当前的位置",
    "您现在的位置",
    "您现在所在位置",
    "您的位置",
    "您所在的位置",
    "所在位置",
    "当前的位置",
    "上一篇",
    "下一篇",
];

/// What only a site's footer prints.
const FOOTER_MARKS: &[&str] = &["ICP备", "网站标识码", "网站识别码", "公网安备", "版权所有"];

/// Whether a line is site furniture: buttons, a breadcrumb, a footer, a menu of links.
fn is_furniture_line(line: &OutLine) -> bool {
    let squeezed: String = line.text.chars().filter(|&c| !is_blank(c)).collect();
    if squeezed.is_empty() {
        return false;
    }
    if FURNITURE_STARTS.iter().any(|s| squeezed.starts_with(s)) {
        return true;
    }
    let n = squeezed
        .chars()
        .filter(|&c| crate::chars::is_alphanumeric(c))
        .count();
    // Footers print no sentences; a document may well speak of 版权所有.
    if n <= 200 && !squeezed.contains('。') && FOOTER_MARKS.iter().any(|m| squeezed.contains(m)) {
        return true;
    }
    // A row of buttons is short; a paragraph is not worth stripping.
    if squeezed.len() > 240 {
        return is_menu(line, &squeezed, n);
    }
    let mut rest: String = squeezed
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '【' | '】'
                    | '['
                    | ']'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '|'
                    | '｜'
                    | '/'
                    | '·'
                    | '•'
                    | ':'
                    | '：'
                    | '、'
                    | '，'
                    | ','
                    | '>'
                    | '»'
                    | '<'
                    | '«'
                    | '-'
                    | '—'
            )
        })
        .collect();
    // A character no button holds stays whatever is removed: most lines end here.
    if rest.chars().all(in_a_button) {
        for b in BUTTONS {
            // (`replace` copies the string even when there is nothing to replace.)
            if rest.contains(b) {
                rest = rest.replace(b, "");
            }
        }
        if rest.is_empty() {
            return true;
        }
    }
    is_menu(line, &squeezed, n)
}

/// Whether `c` occurs in one of the [`BUTTONS`].
fn in_a_button(c: char) -> bool {
    static CHARS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    CHARS
        .get_or_init(|| {
            let mut chars: Vec<char> = BUTTONS.iter().flat_map(|b| b.chars()).collect();
            chars.sort_unstable();
            chars.dedup();
            chars
        })
        .binary_search(&c)
        .is_ok()
}

/// A menu: links and little else, no sentence.
fn is_menu(line: &OutLine, squeezed: &str, alphanumerics: usize) -> bool {
    line.links >= 3
        && line.link_chars * 10 >= alphanumerics * 8
        && !squeezed.contains('。')
        && !squeezed.starts_with("附件")
}

fn drop_chrome_lines(
    lines: Vec<OutLine>,
    removed: &mut Vec<(Range<usize>, Reason)>,
) -> Vec<OutLine> {
    lines
        .into_iter()
        .filter(|l| {
            if l.blank || l.row.is_some() || !is_furniture_line(l) {
                return true;
            }
            removed.push((l.html(), Reason::Chrome));
            false
        })
        .collect()
}

/// Fields found in a line: (label, whether only metadata uses it, value).
type Fields = Vec<(&'static str, bool, String)>;

/// The `label：value` fields of a line that starts with a metadata label
/// (`索 引 号：000014349/2018-00204　主题分类：综合政务`): (label, strong, value).
fn label_pairs(line: &str) -> Option<Fields> {
    // Fields open the line or the line holds none: most lines end at their first character.
    let first = line.chars().find(|c| !is_blank(*c))?;
    if !chinese_labels()
        .iter()
        .any(|(label, _, _)| label.starts_with(first))
    {
        return None;
    }
    // The line without spaces, each char with its byte offset in `line`.
    let chars: Vec<(usize, char)> = line.char_indices().filter(|(_, c)| !is_blank(*c)).collect();
    if chars.is_empty() || chars.len() > 300 {
        return None;
    }
    let squeezed: String = chars.iter().map(|(_, c)| *c).collect();
    // (index in `chars` of the label, of its value, the label, strong).
    let mut found: Vec<(usize, usize, &'static str, bool)> = Vec::new();
    let mut byte = 0;
    for (k, &(_, c)) in chars.iter().enumerate() {
        let tail = &squeezed[byte..];
        if found.last().is_none_or(|f| k >= f.1) {
            for &(label, _, strong) in chinese_labels() {
                if let Some(after) = tail.strip_prefix(label) {
                    if after.starts_with(['：', ':']) {
                        let n = label.chars().count() + 1;
                        found.push((k, k + n, label, strong));
                        break;
                    }
                }
            }
        }
        if k == 0 && found.is_empty() {
            // Fields open the line or the line holds none: most lines end here.
            return None;
        }
        byte += c.len_utf8();
    }
    if found.first().is_none_or(|f| f.0 != 0) {
        return None;
    }
    let offset = |k: usize| chars.get(k).map_or(line.len(), |(b, _)| *b);
    let mut out = Vec::with_capacity(found.len());
    for (i, &(_, value_start, label, strong)) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(line.len(), |f| offset(f.0));
        let start = offset(value_start).min(end);
        out.push((
            label,
            strong,
            line[start..end].trim_matches(is_blank).to_owned(),
        ));
    }
    Some(out)
}

/// Runs of lines that hold nothing but metadata fields (`发文机关：…`, or a label on its line
/// and its value on the next) go to `meta` when one of their labels is one only metadata uses;
/// the lines are dropped as [`Reason::Metadata`].
fn take_metadata_lines(
    lines: Vec<OutLine>,
    meta: &mut Metadata,
    removed: &mut Vec<(Range<usize>, Reason)>,
) -> Vec<OutLine> {
    // For each line: the fields it holds and how many lines they span.
    let mut fields: Vec<Option<(Fields, usize)>> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let found = if line.blank || line.row.is_some() {
            None
        } else {
            label_pairs(&line.text)
        };
        match found {
            Some(mut pairs) => {
                let lonely = pairs.len() == 1 && pairs[0].2.is_empty();
                let next = lines
                    .get(i + 1)
                    .filter(|n| !n.blank && n.row.is_none() && label_pairs(&n.text).is_none());
                if let (true, Some(next)) = (lonely, next) {
                    pairs[0].2 = next.text.trim_matches(is_blank).to_owned();
                    fields.push(Some((pairs, 2)));
                    fields.push(None);
                    i += 2;
                    continue;
                }
                fields.push(Some((pairs, 1)));
            }
            None => fields.push(None),
        }
        i += 1;
    }
    let mut drop = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if fields[i].is_none() {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut strong = false;
        while let Some(Some((pairs, n))) = fields.get(j) {
            strong |= pairs.iter().any(|p| p.1);
            j += n;
        }
        if strong {
            for k in i..j {
                if let Some((pairs, _)) = &fields[k] {
                    for (label, _, value) in pairs {
                        meta.set(label, value);
                    }
                }
                drop[k] = true;
                removed.push((lines[k].html(), Reason::Metadata));
            }
        }
        i = j.max(i + 1);
    }
    lines
        .into_iter()
        .zip(drop)
        .filter_map(|(l, d)| (!d).then_some(l))
        .collect()
}

/// Joins the lines into the text, with its offset map and the tables' line ranges.
fn assemble(
    lines: &[OutLine],
    mut tables: Vec<HtmlTable>,
    html_len: usize,
) -> (String, OffsetMap, Vec<HtmlTable>) {
    let mut text = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    let mut map = OffsetMap {
        anchors: Vec::new(),
        html_len,
    };
    let mut prev_end = 0usize;
    let mut last_blank = true; // no blank lines at the start
    let kept: Vec<&OutLine> = lines
        .iter()
        .filter(|l| {
            let keep = !(l.blank && last_blank);
            if keep {
                last_blank = l.blank;
            }
            keep
        })
        .collect();
    let n = kept.iter().rposition(|l| !l.blank).map_or(0, |i| i + 1);
    for (index, line) in kept[..n].iter().enumerate() {
        if index > 0 {
            map.push(text.len(), prev_end);
            text.push('\n');
        }
        let base = text.len();
        for &(off, start, _) in &line.map {
            map.push(base + off, start);
        }
        text.push_str(&line.text);
        if let Some(&(_, _, end)) = line.map.last() {
            map.anchors.push((text.len(), end));
            prev_end = end;
        }
        if let Some((t, _)) = line.row {
            if let Some(table) = tables.get_mut(t) {
                if table.lines.is_empty() {
                    table.lines = index..index + 1;
                } else {
                    table.lines.end = index + 1;
                }
            }
        }
    }
    map.anchors.dedup_by_key(|a| a.0);
    (text, map, tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn text(html: &str) -> String {
        to_text(html).text
    }

    #[test]
    fn button_characters_are_those_of_the_buttons() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            assert_eq!(
                in_a_button(c),
                BUTTONS.iter().any(|b| b.contains(c)),
                "{c:?}"
            );
        }
    }

    /// The search per name that `tags_in` replaces.
    fn has_tag(s: &str, name: &str) -> bool {
        let pat = format!("<{name}");
        s.match_indices(&pat).any(|(i, _)| {
            matches!(
                s.as_bytes().get(i + pat.len()),
                Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
            )
        })
    }

    proptest::proptest! {
        #[test]
        fn tags_in_finds_what_a_search_per_name_finds(
            s in "([<>/ \t\na-z0-9中]|<p|<br|<h1|</div|<table|<html){0,40}"
        ) {
            let tags = tags_in(&s);
            for name in [
                "html", "head", "body", "p", "div", "br", "table", "td", "tr", "span", "li", "h1",
                "h2", "h3", "meta", "font", "/p", "/div", "/span", "/td",
            ] {
                proptest::prop_assert_eq!(tags.contains(&name), has_tag(&s, name), "{}", name);
            }
        }
    }

    #[test]
    fn blocks_are_lines_and_inline_runs_together() {
        let h = "<div><p>第一段<b>加粗</b>文字</p><p>第二段</p>\n<ul><li>甲<li>乙</ul><h2>标题</h2>尾</div>";
        assert_eq!(text(h), "第一段加粗文字\n第二段\n甲\n乙\n标题\n尾");
    }

    #[test]
    fn entities_are_decoded_and_spaces_collapsed() {
        let h = "<p>&nbsp;&nbsp;A&amp;B &lt;1&gt;  x\n  y&#12288;&#x4E00;</p>";
        assert_eq!(text(h), "\u{a0}\u{a0}A&B <1> x y\u{3000}一");
        // A literal `&` that is no reference stays as it is, and keeps the offsets right.
        let h = "<p>a&b=1 c</p>";
        let t = to_text(h);
        assert_eq!(t.text, "a&b=1 c");
        assert_eq!(&h[t.offsets.to_html(2)..t.offsets.to_html(5)], "b=1");
    }

    #[test]
    fn breaks_split_titles_and_empty_paragraphs_are_blank_lines() {
        let h = "<p>国务院办公厅关于印发《政府网站集约化<br>试点工作方案》的通知</p><p><br></p><p>正文</p>";
        assert_eq!(
            text(h),
            "国务院办公厅关于印发《政府网站集约化\n试点工作方案》的通知\n\n正文"
        );
        // Trailing `<br>` in a block adds nothing; runs of breaks give one blank line.
        assert_eq!(text("<p>a<br></p><p>b<br><br><br>c</p>"), "a\nb\n\nc");
    }

    #[test]
    fn indents_are_kept_for_the_normaliser() {
        let h = "<p style=\"text-indent:2em\">　　一、总体要求</p><p>&nbsp;&nbsp;&nbsp;（一）指导思想。</p>";
        assert_eq!(
            text(h),
            "　　一、总体要求\n\u{a0}\u{a0}\u{a0}（一）指导思想。"
        );
    }

    #[test]
    fn offsets_map_back_into_the_source() {
        let h = "<div><p>国务院&nbsp;办公厅</p>\r\n<p>2018年10月27日</p></div>";
        let t = to_text(h);
        assert_eq!(t.text, "国务院\u{a0}办公厅\n2018年10月27日");
        let line2 = t.text.find('2').unwrap();
        let at = t.offsets.to_html(line2);
        assert!(h[at..].starts_with("2018年"));
        let end = t.offsets.to_html(t.text.len());
        assert_eq!(&h[end..], "</p></div>");
        let first_end = t.offsets.to_html(t.text.find('\n').unwrap());
        assert_eq!(&h[t.offsets.to_html(0)..first_end], "国务院&nbsp;办公厅");
        // Every offset lands on a char boundary of the source.
        for (i, _) in t.text.char_indices() {
            assert!(h.is_char_boundary(t.offsets.to_html(i)));
        }
    }

    #[test]
    fn metadata_table_fills_fields_and_is_removed() {
        let h = "<table><tbody><tr><td><b>索 引 号：</b></td><td>000014349/2018-00204</td>\
                 <td><b>主题分类：</b></td><td>综合政务\\政务公开</td></tr>\
                 <tr><td><b>发文机关：</b></td><td>国务院办公厅</td><td><b>成文日期：</b></td><td>2018年10月27日</td></tr>\
                 <tr><td><b>标　　题：</b></td><td colspan=\"3\">国务院办公厅关于印发《方案》的通知</td></tr>\
                 <tr><td><b>发文字号：</b></td><td>国办函〔2018〕71号</td><td><b>发布日期：</b></td><td>2018年11月09日</td></tr>\
                 </tbody></table><p>正文</p>";
        let t = to_text(h);
        assert_eq!(t.text, "正文");
        assert_eq!(t.meta.index_number.as_deref(), Some("000014349/2018-00204"));
        assert_eq!(t.meta.issuers.as_deref(), Some("国务院办公厅"));
        assert_eq!(t.meta.date.as_deref(), Some("2018年10月27日"));
        assert_eq!(
            t.meta.title.as_deref(),
            Some("国务院办公厅关于印发《方案》的通知")
        );
        assert_eq!(t.meta.doc_number.as_deref(), Some("国办函〔2018〕71号"));
        assert_eq!(t.meta.published.as_deref(), Some("2018年11月09日"));
        let (span, reason) = &t.removed[0];
        assert_eq!(*reason, Reason::Metadata);
        assert!(h[span.clone()].starts_with("<table>") && h[span.clone()].ends_with("</table>"));
    }

    #[test]
    fn metadata_in_blocks_and_single_cells() {
        let h = "<div class=\"xxgk\"><ul><li><span>索引号：</span>11500000/2025-00012</li>\
                 <li>发布机构：重庆市人民政府办公厅　成文日期：2025年11月1日</li>\
                 <li><label>发文字号：</label></li><li>渝府办发〔2025〕56号</li></ul></div>\
                 <p>发布日期：2025-11-03</p><p>正文。</p>";
        let t = to_text(h);
        // The 发布日期 line that follows the block goes with it.
        assert_eq!(t.text, "正文。");
        assert_eq!(t.meta.published.as_deref(), Some("2025-11-03"));
        assert_eq!(t.meta.issuers.as_deref(), Some("重庆市人民政府办公厅"));
        assert_eq!(t.meta.date.as_deref(), Some("2025年11月1日"));
        assert_eq!(t.meta.doc_number.as_deref(), Some("渝府办发〔2025〕56号"));
        assert_eq!(t.removed.len(), 5);
        let h =
            "<table><tr><td>文号：国发〔2024〕1号</td><td>发布日期：2024-01-02</td></tr></table>";
        let t = to_text(h);
        assert_eq!(t.text, "");
        assert_eq!(t.meta.doc_number.as_deref(), Some("国发〔2024〕1号"));
    }

    #[test]
    fn meta_tags_and_title_fill_what_the_table_lacks() {
        let h = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>关于X的通知_中国政府网</title>\
                 <meta name=\"ArticleTitle\" content=\"关于X的通知\"><meta name=\"PubDate\" content=\"2018-11-09 17:00\">\
                 <meta name=\"ContentSource\" content=\"中国政府网\"><meta name=\"keywords\" content=\"网站\">\
                 <script>var a = '<p>不是正文</p>';</script></head><body><p>正文</p></body></html>";
        let t = to_text(h);
        assert_eq!(t.text, "正文");
        assert_eq!(t.meta.title.as_deref(), Some("关于X的通知"));
        assert_eq!(t.meta.published.as_deref(), Some("2018-11-09 17:00"));
        assert_eq!(t.meta.source.as_deref(), Some("中国政府网"));
        assert_eq!(t.meta.keywords.as_deref(), Some("网站"));
        assert_eq!(t.meta.page_title.as_deref(), Some("关于X的通知_中国政府网"));
        assert_eq!(t.removed.len(), 1);
        assert!(h[t.removed[0].0.clone()].starts_with("<head>"));
    }

    #[test]
    fn scripts_styles_and_hidden_boxes_are_dropped() {
        let h = "<p>甲</p><script>document.write('<p>乙</p>')</script><style>p{color:red}</style>\
                 <p style=\"display: none\">隐藏</p><!-- 注释 --><p>丙</p>";
        let t = to_text(h);
        assert_eq!(t.text, "甲\n丙");
        let reasons: Vec<_> = t.removed.iter().map(|r| r.1).collect();
        assert_eq!(reasons, [Reason::Chrome; 4]);
        assert!(h[t.removed[0].0.clone()].starts_with("<script>"));
        assert!(h[t.removed[0].0.clone()].ends_with("</script>"));
    }

    #[test]
    fn share_print_qr_and_breadcrumbs_are_dropped() {
        let h = "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zc\">政策</a></div>\
                 <p>正文第一段。</p>\
                 <div>【字体：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>】</div>\
                 <div class=\"bdsharebuttonbox\">分享到：<a class=\"bds_weixin\"></a></div>\
                 <div id=\"qr_container\">扫一扫在手机打开当前页</div>\
                 <p><a href=\"javascript:window.print()\">【打印本页】</a> <a href=\"javascript:window.close()\">【关闭窗口】</a></p>\
                 <div><a href=\"/1\">首页</a> | <a href=\"/2\">政策</a> | <a href=\"/3\">互动</a></div>\
                 <p>网站标识码bm01000001 京ICP备05070218号</p>";
        let t = to_text(h);
        assert_eq!(t.text, "正文第一段。");
        assert!(t.removed.iter().all(|r| r.1 == Reason::Chrome));
        assert_eq!(t.removed.len(), 7);
    }

    #[test]
    fn spacer_paragraphs_are_blank_lines() {
        let h = "<p>甲</p><p>&nbsp;</p><p>　　</p><p>&nbsp;</p><p>乙</p>";
        let t = to_text(h);
        assert_eq!(t.text, "甲\n\n乙");
        assert_eq!(&h[t.offsets.to_html(t.text.len() - 3)..], "乙</p>");
    }

    #[test]
    fn lists_of_links_are_dropped_and_attachment_lists_kept() {
        let h = "<p>正文。</p><div class=\"xgwj\"><h3>相关文件</h3><ul>\
                 <li><a href=\"/1\">国务院关于甲的通知</a></li><li><a href=\"/2\">国务院关于乙的通知</a></li>\
                 <li><a href=\"/3\">国务院关于丙的通知</a></li></ul></div>\
                 <div><p>附件：</p><p><a href=\"/a.doc\">1.甲表</a></p><p><a href=\"/b.doc\">2.乙表</a></p>\
                 <p><a href=\"/c.doc\">3.丙表</a></p></div>";
        assert_eq!(to_text(h).text, "正文。\n附件：\n1.甲表\n2.乙表\n3.丙表");
    }

    #[test]
    fn an_article_header_is_kept_a_site_header_dropped() {
        let h = "<div class=\"header\"><a href=\"/\">首页</a><a href=\"/a\">机构</a></div>\
                 <div class=\"article\"><div class=\"header\"><h1>关于某事的通知</h1>\
                 <span>发布时间：2025-01-02</span></div><p>正文。</p></div>\
                 <footer>主办单位：某市人民政府办公室</footer>";
        assert_eq!(
            to_text(h).text,
            "关于某事的通知\n发布时间：2025-01-02\n正文。\n主办单位：某市人民政府办公室"
        );
    }

    #[test]
    fn word_html_leaves_no_debris() {
        let h = "<xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom></w:WordDocument></xml>\
                 <p class=MsoNormal><![if !supportLists]><span>一、</span><![endif]>总体要求<o:p></o:p></p>";
        assert_eq!(to_text(h).text, "一、总体要求");
    }

    #[test]
    fn a_sentence_about_copyright_is_no_footer() {
        let h = "<p>作品的版权所有人依法享有权利。</p><p>版权所有：某市人民政府 网站标识码5000000001</p>";
        assert_eq!(to_text(h).text, "作品的版权所有人依法享有权利。");
    }

    #[test]
    fn a_named_box_with_much_text_is_kept() {
        let body = "这是正文内容，不是导航。".repeat(30);
        let h = format!("<div class=\"nav-content\"><p>{body}</p></div>");
        assert_eq!(text(&h), body);
    }

    #[test]
    fn nested_layout_tables_give_lines() {
        let h = "<table width=\"724\"><tr><td><table><tr><td id=\"UCAP-CONTENT\">\
                 <p>第一段</p><p>第二段</p></td></tr><tr><td></td></tr></table></td></tr></table>";
        let t = to_text(h);
        assert_eq!(t.text, "第一段\n第二段");
        assert!(t.tables.is_empty());
        // A one-row table of cells is layout too: one line per cell.
        assert_eq!(
            text("<table><tr><td>左</td><td>右</td></tr></table>"),
            "左\n右"
        );
    }

    #[test]
    fn content_tables_are_rows_of_tab_separated_cells() {
        let h = "<p>附表</p><table border=\"1\"><thead><tr><th>序号</th><th>任务</th><th>责任单位</th></tr></thead>\
                 <tbody><tr><td>1</td><td><p>建设</p><p>平台</p></td><td rowspan=\"2\">市政府办公厅</td></tr>\
                 <tr><td>2</td><td>考核&amp;评估</td></tr><tr><td colspan=\"3\">合计</td></tr></tbody></table><p>完</p>";
        let t = to_text(h);
        assert_eq!(
            t.text,
            "附表\n序号\t任务\t责任单位\n1\t建设 平台\t市政府办公厅\n2\t考核&评估\n合计\n完"
        );
        assert_eq!(t.tables.len(), 1);
        let table = &t.tables[0];
        assert_eq!(table.lines, 1..5);
        assert_eq!(table.header_rows, 1);
        assert_eq!(
            table.rows,
            [
                vec!["序号", "任务", "责任单位"],
                vec!["1", "建设 平台", "市政府办公厅"],
                vec!["2", "考核&评估", ""],
                vec!["合计", "", ""],
            ]
        );
    }

    #[test]
    fn sloppy_markup_still_gives_its_text() {
        let h = "<div><p>甲<p>乙</span></div>丙</td><table><tr><td>1<td>2<tr><td>3<td>4</table>\
                 <p>未闭合 <b>粗<i>斜</b>体";
        assert_eq!(text(h), "甲\n乙\n丙\n1\t2\n3\t4\n未闭合 粗斜体");
        // Never a panic on fragments, stray brackets or truncated tags.
        for h in [
            "<",
            "<p",
            "</",
            "&",
            "&#",
            "&#x;",
            "<p>a</p",
            "<!--",
            "<![CDATA[x",
            "<table><td>",
        ] {
            let t = to_text(h);
            for (i, _) in t.text.char_indices() {
                assert!(h.is_char_boundary(t.offsets.to_html(i)));
            }
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let h = format!(
            "{}正文{}",
            "<div><span>".repeat(20_000),
            "</span></div>".repeat(20_000)
        );
        assert_eq!(text(&h), "正文");
    }

    proptest::proptest! {
        #[test]
        fn any_input_gives_text_and_offsets_inside_the_source(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "<p>", "</p>", "<br>", "<div class=\"share\">", "</div>", "<table>", "<tr>",
                        "<td>", "</td>", "</table>", "&nbsp;", "&amp;", "&#12288;", "&", "<", ">",
                        "<!--", "-->", "<script>", "</script>", "\r\n", " ", "　", "索引号：",
                        "发文字号：", "打印", "<a href=x>", "</a>", "<b>", "\"", "'", "=",
                    ]).prop_map(str::to_owned),
                    "[一-龥a-z0-9。，]{0,6}",
                ],
                0..60,
            )
        ) {
            let h: String = parts.concat();
            let t = to_text(&h);
            let mut last = 0;
            for (i, _) in t.text.char_indices().chain(std::iter::once((t.text.len(), ' '))) {
                let at = t.offsets.to_html(i);
                proptest::prop_assert!(at <= h.len());
                proptest::prop_assert!(at >= last, "offsets go back at {}", i);
                last = at;
            }
            for (r, _) in &t.removed {
                proptest::prop_assert!(r.start <= r.end && r.end <= h.len());
                proptest::prop_assert!(h.is_char_boundary(r.start) && h.is_char_boundary(r.end));
            }
        }
    }

    #[test]
    fn html_is_detected_by_content_and_name() {
        assert!(looks_like_html("x", "<!DOCTYPE html><html>"));
        assert!(looks_like_html("x", "\u{FEFF}  <html lang=zh>"));
        assert!(looks_like_html("page", "<div class=a><p>正文</p></div>"));
        assert!(looks_like_html("a.htm", "正文<br>第二行"));
        assert!(!looks_like_html("a.txt", "正文<br>第二行<p>x</p><div>"));
        assert!(!looks_like_html("a.md", "# 标题\n\n正文<br>"));
        assert!(!looks_like_html("x", "关于《a<b》的通知"));
        assert!(looks_like_html("a.md", "<html><body>x</body></html>"));
    }
}
