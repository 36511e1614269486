//! The `gazette` command: parses scraped pages into JSON Lines.
//!
//! Inputs are expanded (directories walked), sorted by name and read in
//! chunks: the pages of a chunk are read and parsed in parallel while the
//! main thread folds (or, with `--no-dedup`, writes) the articles of the
//! chunk before, in input order. Page texts never outlive their parse, so
//! memory holds two chunks of articles plus the folded articles.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser as ClapParser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use gazette::{parse_bytes, serialise, Article, Batch, ErrorKind, Keyed, Kind, Options, Reason};

mod allocator;

/// mimalloc, not the system allocator (see [`allocator`]).
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;

/// Exit status when every input was read.
const EXIT_OK: u8 = 0;
/// Exit status when some inputs failed and the rest were written.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit status for usage errors and fatal errors.
const EXIT_FATAL: u8 = 2;

/// Most bytes of input in one chunk (a chunk holds at least one input,
/// however large). Two chunks are in memory at once: one being parsed, and
/// the articles of the one before being folded or written; page texts are
/// dropped as each page is parsed.
const CHUNK_BYTES: u64 = 16 << 20;

/// Inputs in a chunk, per worker thread: enough that one slow page does
/// not leave the other threads idle for long.
const CHUNK_INPUTS_PER_THREAD: usize = 16;

/// Extensions of the files a directory walk picks up; files without an
/// extension are read too and skipped when they turn out to be binary.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "htm", "html"];

/// Turns scraped pages of Chinese government gazettes and web sites into
/// canonical JSON, one object per official document.
#[derive(ClapParser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse pages and print one JSON object per article (JSON Lines).
    Parse(ParseArgs),
    /// Print the JSON Schema of one output line.
    Schema,
}

#[derive(clap::Args)]
struct ParseArgs {
    /// Files or directories (searched recursively for .txt, .md, .html and
    /// extensionless text files; hidden and binary files are skipped); `-`
    /// or nothing reads standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write to FILE instead of standard output (atomically: a temporary
    /// file renamed when done).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Indent the JSON instead of writing one line per article.
    #[arg(long)]
    pretty: bool,
    /// Keep every copy of an article instead of folding copies into one.
    #[arg(long)]
    no_dedup: bool,
    /// Parse N pages at a time (0 = one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Write a JSON run report to FILE: inputs read, failed and skipped,
    /// articles, copies folded, removed text by reason, warnings by code,
    /// time and throughput.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_FATAL } else { EXIT_OK });
        }
    };
    let result = match cli.command {
        Command::Parse(args) => run_parse(args),
        Command::Schema => print_schema(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("gazette: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn print_schema() -> anyhow::Result<u8> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", gazette::json_schema())
        .and_then(|()| out.flush())
        .context("could not write to standard output")?;
    Ok(EXIT_OK)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// One input to read.
struct Input {
    /// The name it goes by in copies, messages and the report.
    name: String,
    /// Where to read it from; `None` is standard input.
    path: Option<PathBuf>,
    /// Its size, for the progress bar and chunking (0 when unknown).
    size: u64,
    /// Found by walking a directory rather than named: a binary file is
    /// then skipped, not an error.
    walked: bool,
}

impl Input {
    fn stdin() -> Input {
        Input {
            name: "-".to_owned(),
            path: None,
            size: 0,
            walked: false,
        }
    }

    fn file(path: PathBuf, size: u64, walked: bool) -> Input {
        Input {
            name: path.display().to_string(),
            path: Some(path),
            size,
            walked,
        }
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        match &self.path {
            None => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Some(p) => fs::read(p),
        }
    }
}

/// What became of one input.
enum Outcome {
    Page(PageSummary),
    Failed(String),
    Skipped(String),
}

/// What the run keeps of a page: its articles and the accounting, not its
/// text.
struct PageSummary {
    articles: Articles,
    bytes: u64,
    removed: BTreeMap<Reason, SpanCount>,
}

/// A page's articles: as parsed, or keyed for the batch when copies are
/// folded (keys and ranks are computed by the worker that parsed the page,
/// so that the thread that folds only files them).
enum Articles {
    Plain(Vec<Article>),
    Keyed(Vec<Keyed>),
}

impl Articles {
    fn len(&self) -> usize {
        match self {
            Articles::Plain(a) => a.len(),
            Articles::Keyed(a) => a.len(),
        }
    }
}

fn process(input: &Input, options: &Options) -> Outcome {
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Failed(format!("could not read it: {}", io_reason(&e))),
    };
    match parse_bytes(&input.name, &bytes, options) {
        Ok(page) => {
            let mut removed: BTreeMap<Reason, SpanCount> = BTreeMap::new();
            for r in &page.removed {
                let count = removed.entry(r.reason).or_default();
                count.spans += 1;
                count.bytes += (r.end - r.start) as u64;
            }
            let articles = if options.dedup {
                Articles::Keyed(page.articles.into_iter().map(Keyed::new).collect())
            } else {
                Articles::Plain(page.articles)
            };
            Outcome::Page(PageSummary {
                articles,
                bytes: bytes.len() as u64,
                removed,
            })
        }
        Err(e) if input.walked && matches!(e.kind(), ErrorKind::Binary { .. }) => {
            Outcome::Skipped(format!("binary: {e}"))
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// An I/O error as a lowercase phrase.
fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn run_parse(args: ParseArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let dedup = !args.no_dedup;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs)
        .build()
        .context("could not start the worker threads")?;
    if let Some(path) = &args.report {
        // A directory is found out now, not after the whole run.
        is_special(path)?;
    }
    let mut report = Report::new(dedup, pool.current_num_threads());
    let inputs = collect_inputs(&args.inputs, &mut report);
    for f in &report.failed {
        eprintln!("gazette: {}: {}", f.file, f.reason);
    }
    let mut out = Output::open(args.output.as_deref(), args.pretty)?;
    let bar = progress_bar(inputs.iter().map(|i| i.size).sum());
    let mut options = Options::default();
    options.dedup = dedup;
    let mut batch = Batch::new();
    let chunks = chunks(
        &inputs,
        CHUNK_INPUTS_PER_THREAD * pool.current_num_threads(),
    );
    // The worker pool parses the next chunk while this thread folds or
    // writes the last one. The channel has no room: a parsed chunk is
    // handed over only when this thread is done with the one before.
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(0);
        let options = &options;
        let pool = &pool;
        let parse_chunks = &chunks;
        scope.spawn(move || {
            for chunk in parse_chunks {
                let outcomes =
                    pool.install(|| chunk.par_iter().map(|i| process(i, options)).collect());
                if tx.send(outcomes).is_err() {
                    // The consumer stopped (a write failed): stop parsing.
                    return;
                }
            }
        });
        for (chunk, outcomes) in chunks.iter().zip(rx) {
            for (input, outcome) in chunk.iter().zip(outcomes) {
                match outcome {
                    Outcome::Page(page) => {
                        report.page(&input.name, &page);
                        match page.articles {
                            Articles::Keyed(articles) => batch.add_keyed(articles),
                            Articles::Plain(articles) => {
                                report.written(&articles);
                                out.write(&articles)?;
                            }
                        }
                    }
                    Outcome::Failed(reason) => {
                        bar.suspend(|| eprintln!("gazette: {}: {reason}", input.name));
                        report.fail(&input.name, reason);
                    }
                    Outcome::Skipped(reason) => report.skip(&input.name, reason),
                }
                bar.inc(input.size);
            }
        }
        Ok(())
    })?;
    if dedup {
        bar.set_message("folding copies");
        // One article unpacked at a time: written, counted, dropped.
        for article in batch.finish_iter() {
            let one = std::slice::from_ref(&article);
            report.written(one);
            report.folds(one);
            out.write(one)?;
        }
    }
    out.commit()?;
    bar.finish_and_clear();
    report.finish(started.elapsed());
    if let Some(path) = &args.report {
        let mut json = serde_json::to_vec_pretty(&report).context("could not write the report")?;
        json.push(b'\n');
        write_atomically(path, &json)?;
    }
    Ok(if report.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}

/// Splits the inputs into chunks of at most `count` inputs and
/// [`CHUNK_BYTES`] bytes (at least one input each).
fn chunks(inputs: &[Input], count: usize) -> Vec<&[Input]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < inputs.len() {
        let mut end = start + 1;
        let mut bytes = inputs[start].size;
        while end < inputs.len()
            && end - start < count.max(1)
            && bytes + inputs[end].size <= CHUNK_BYTES
        {
            bytes += inputs[end].size;
            end += 1;
        }
        out.push(&inputs[start..end]);
        start = end;
    }
    out
}

/// A bar on standard error when it is a terminal; hidden otherwise.
fn progress_bar(total: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Expands the command line into inputs, sorted by name so that the output
/// does not depend on the order of the arguments or of the directory walk,
/// each name once. Inputs that cannot be found are recorded as failed,
/// files passed over as skipped.
fn collect_inputs(paths: &[PathBuf], report: &mut Report) -> Vec<Input> {
    if paths.is_empty() {
        return vec![Input::stdin()];
    }
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Input::stdin());
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut out, report),
            Ok(meta) => out.push(Input::file(path.clone(), meta.len(), false)),
            Err(e) => report.fail(&path.display().to_string(), io_reason(&e)),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.name == b.name);
    out
}

fn walk(dir: &Path, out: &mut Vec<Input>, report: &mut Report) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            report.fail(
                &dir.display().to_string(),
                format!("could not list the directory: {}", io_reason(&e)),
            );
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                report.fail(
                    &dir.display().to_string(),
                    format!("could not list the directory: {}", io_reason(&e)),
                );
                continue;
            }
        };
        let path = entry.path();
        let name = path.display().to_string();
        if entry.file_name().to_string_lossy().starts_with('.') {
            report.skip(&name, "hidden".to_owned());
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            report.fail(&name, "could not tell what it is".to_owned());
            continue;
        };
        if file_type.is_dir() {
            walk(&path, out, report);
            continue;
        }
        // Symbolic links to files are followed; links to directories are
        // not, so that a walk cannot loop.
        let meta = if file_type.is_symlink() {
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    report.skip(&name, "link to a directory, not followed".to_owned());
                    continue;
                }
                Ok(meta) => meta,
                Err(e) => {
                    report.fail(&name, format!("could not read it: {}", io_reason(&e)));
                    continue;
                }
            }
        } else {
            match entry.metadata() {
                Ok(meta) => meta,
                Err(e) => {
                    report.fail(&name, format!("could not read it: {}", io_reason(&e)));
                    continue;
                }
            }
        };
        if !meta.is_file() {
            report.skip(&name, "not a regular file".to_owned());
            continue;
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension {
            Some(ext) if !TEXT_EXTENSIONS.contains(&ext.as_str()) => {
                report.skip(&name, "not a text, markdown or HTML file".to_owned());
            }
            _ => out.push(Input::file(path, meta.len(), true)),
        }
    }
}

/// Where the articles go: standard output, or a temporary file renamed
/// over the target when everything is written (removed if the run fails).
struct Output {
    dest: Dest,
    pretty: bool,
    /// Flush after each article: someone is watching.
    tty: bool,
}

enum Dest {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO): written in
    /// place, never replaced by a rename.
    Special {
        path: PathBuf,
        writer: BufWriter<fs::File>,
    },
    File {
        tmp: PathBuf,
        path: PathBuf,
        writer: Option<BufWriter<fs::File>>,
    },
}

impl Output {
    fn open(path: Option<&Path>, pretty: bool) -> anyhow::Result<Output> {
        let (dest, tty) = match path {
            None => (
                Dest::Stdout(BufWriter::new(io::stdout().lock())),
                io::stdout().is_terminal(),
            ),
            Some(path) if is_special(path)? => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("{}: could not open it", path.display()))?;
                (
                    Dest::Special {
                        path: path.to_owned(),
                        writer: BufWriter::new(file),
                    },
                    false,
                )
            }
            Some(path) => {
                let tmp = temp_path(path);
                let file = fs::File::create(&tmp)
                    .with_context(|| format!("{}: could not create it", tmp.display()))?;
                (
                    Dest::File {
                        tmp,
                        path: path.to_owned(),
                        writer: Some(BufWriter::new(file)),
                    },
                    false,
                )
            }
        };
        Ok(Output { dest, pretty, tty })
    }

    fn write(&mut self, articles: &[Article]) -> anyhow::Result<()> {
        let (out, what): (&mut dyn Write, String) = match &mut self.dest {
            Dest::Stdout(w) => (w, "standard output".to_owned()),
            Dest::Special { path, writer } => (writer, path.display().to_string()),
            Dest::File {
                tmp,
                writer: Some(w),
                ..
            } => (w, tmp.display().to_string()),
            Dest::File { writer: None, .. } => return Ok(()),
        };
        for article in articles {
            let written = if self.pretty {
                serialise::write_pretty(out, article)
            } else {
                serialise::write_line(out, article)
            };
            written
                .and_then(|()| if self.tty { out.flush() } else { Ok(()) })
                .with_context(|| format!("{what}: could not write"))?;
        }
        Ok(())
    }

    fn commit(mut self) -> anyhow::Result<()> {
        match &mut self.dest {
            Dest::Stdout(w) => w.flush().context("standard output: could not write"),
            Dest::Special { path, writer } => writer
                .flush()
                .with_context(|| format!("{}: could not write", path.display())),
            Dest::File { tmp, path, writer } => {
                if let Some(w) = writer.take() {
                    let file = w
                        .into_inner()
                        .map_err(|e| e.into_error())
                        .with_context(|| format!("{}: could not write", tmp.display()))?;
                    file.sync_all()
                        .with_context(|| format!("{}: could not write", tmp.display()))?;
                }
                fs::rename(&tmp, &path).with_context(|| {
                    format!("{}: could not move it to {}", tmp.display(), path.display())
                })
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not committed: an interrupted run leaves no half file behind.
        if let Dest::File {
            tmp,
            writer: Some(_),
            ..
        } = &self.dest
        {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it (or,
/// for a device or a pipe, straight into it).
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if is_special(path)? {
        return fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(|| format!("{}: could not write", path.display()));
    }
    let tmp = temp_path(path);
    let written = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.with_context(|| format!("{}: could not write", path.display()))
}

/// Whether `path` is an existing device, pipe or socket, which must be
/// written into rather than replaced (renaming over `/dev/null` as root
/// would turn it into a plain file). A directory is an error.
fn is_special(path: &Path) -> anyhow::Result<bool> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => anyhow::bail!("{}: is a directory", path.display()),
        Ok(meta) => Ok(!meta.is_file()),
        Err(_) => Ok(false),
    }
}

/// A temporary file beside `path`, so the final rename stays on one file
/// system and is atomic.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    path.with_file_name(format!(".{name}.gazette-{}.tmp", std::process::id()))
}

/// The JSON run report (`--report FILE`).
#[derive(Serialize)]
struct Report {
    /// `gazette` and its version.
    gazette: String,
    /// Whether copies were folded.
    dedup: bool,
    /// Worker threads.
    jobs: usize,
    inputs: InputCounts,
    /// Inputs that could not be read or decoded (exit status 1).
    failed: Vec<FileNote>,
    /// Files passed over: hidden, binary, not text by their extension.
    skipped: Vec<FileNote>,
    /// Inputs read in which no article was found.
    empty: Vec<String>,
    articles: ArticleCounts,
    /// Every article written that folds several copies.
    folded: Vec<Fold>,
    /// Text in no article, by reason.
    removed: BTreeMap<Reason, SpanCount>,
    /// Warnings of the articles written, by code.
    warnings: BTreeMap<String, usize>,
    elapsed_seconds: f64,
    /// Input bytes read per second of the whole run.
    bytes_per_second: f64,
}

#[derive(Serialize, Default)]
struct InputCounts {
    read: usize,
    failed: usize,
    skipped: usize,
    /// Bytes of the inputs read.
    bytes: u64,
}

#[derive(Serialize)]
struct FileNote {
    file: String,
    reason: String,
}

#[derive(Serialize, Default)]
struct ArticleCounts {
    /// Articles found in the pages.
    parsed: usize,
    /// Articles written.
    written: usize,
    /// Copies folded into another article: `parsed - written`.
    folded: usize,
    /// Articles written, by kind.
    by_kind: BTreeMap<Kind, usize>,
}

#[derive(Serialize)]
struct Fold {
    id: String,
    kind: Kind,
    fingerprint: String,
    copies: usize,
    /// The copy kept.
    chosen: Place,
    /// The copies folded into it.
    others: Vec<Place>,
}

#[derive(Serialize)]
struct Place {
    file: String,
    start: usize,
    end: usize,
}

#[derive(Serialize, Default, Clone, Copy)]
struct SpanCount {
    spans: u64,
    bytes: u64,
}

impl Report {
    fn new(dedup: bool, jobs: usize) -> Report {
        Report {
            gazette: format!("gazette {}", env!("CARGO_PKG_VERSION")),
            dedup,
            jobs,
            inputs: InputCounts::default(),
            failed: Vec::new(),
            skipped: Vec::new(),
            empty: Vec::new(),
            articles: ArticleCounts::default(),
            folded: Vec::new(),
            removed: BTreeMap::new(),
            warnings: BTreeMap::new(),
            elapsed_seconds: 0.0,
            bytes_per_second: 0.0,
        }
    }

    fn page(&mut self, name: &str, page: &PageSummary) {
        self.inputs.read += 1;
        self.inputs.bytes += page.bytes;
        self.articles.parsed += page.articles.len();
        if page.articles.len() == 0 {
            self.empty.push(name.to_owned());
        }
        for (reason, count) in &page.removed {
            let total = self.removed.entry(*reason).or_default();
            total.spans += count.spans;
            total.bytes += count.bytes;
        }
    }

    fn fail(&mut self, name: &str, reason: String) {
        self.inputs.failed += 1;
        self.failed.push(FileNote {
            file: name.to_owned(),
            reason,
        });
    }

    fn skip(&mut self, name: &str, reason: String) {
        self.inputs.skipped += 1;
        self.skipped.push(FileNote {
            file: name.to_owned(),
            reason,
        });
    }

    fn written(&mut self, articles: &[Article]) {
        self.articles.written += articles.len();
        for a in articles {
            *self.articles.by_kind.entry(a.kind).or_default() += 1;
            for w in &a.warnings {
                *self.warnings.entry(w.code.clone()).or_default() += 1;
            }
        }
    }

    fn folds(&mut self, articles: &[Article]) {
        let place = |c: &gazette::Copy| Place {
            file: c.file.clone(),
            start: c.start,
            end: c.end,
        };
        for a in articles.iter().filter(|a| a.copies.len() > 1) {
            self.folded.push(Fold {
                id: a.id.clone(),
                kind: a.kind,
                fingerprint: a.fingerprint.clone(),
                copies: a.copies.len(),
                chosen: place(&a.copies[0]),
                others: a.copies[1..].iter().map(place).collect(),
            });
        }
    }

    fn finish(&mut self, elapsed: Duration) {
        self.articles.folded = self.articles.parsed.saturating_sub(self.articles.written);
        self.failed.sort_by(|a, b| a.file.cmp(&b.file));
        self.skipped.sort_by(|a, b| a.file.cmp(&b.file));
        let seconds = elapsed.as_secs_f64();
        self.elapsed_seconds = seconds;
        self.bytes_per_second = if seconds > 0.0 {
            self.inputs.bytes as f64 / seconds
        } else {
            0.0
        };
    }
}
