//! The `gazette` command: parses scraped pages into JSON Lines.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser as ClapParser, Subcommand};
use rayon::prelude::*;

use gazette::{parse_bytes, serialise, Options, Page};

/// Exit status when every input was read.
const EXIT_OK: u8 = 0;
/// Exit status when some inputs failed and the rest were written.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit status for usage errors and fatal errors.
const EXIT_FATAL: u8 = 2;

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
    /// Files or directories (searched recursively); `-` or nothing reads
    /// standard input.
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
        Command::Schema => {
            println!("{}", gazette::json_schema());
            Ok(EXIT_OK)
        }
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// One input to read.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::File(p) => fs::read(p),
        }
    }
}

fn run_parse(args: ParseArgs) -> anyhow::Result<u8> {
    let mut errored = false;
    let inputs = collect_inputs(&args.inputs, &mut errored);
    let mut options = Options::default();
    options.dedup = !args.no_dedup;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs)
        .build()
        .context("could not start the worker threads")?;
    let results: Vec<(String, Result<Page, String>)> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let name = input.name();
                let page = match input.read() {
                    Ok(bytes) => parse_bytes(&name, &bytes, &options).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                (name, page)
            })
            .collect()
    });
    let mut articles = Vec::new();
    for (name, page) in results {
        match page {
            Ok(page) => articles.extend(page.articles),
            Err(message) => {
                eprintln!("gazette: {name}: {message}");
                errored = true;
            }
        }
    }
    write_output(args.output.as_deref(), args.pretty, &articles)?;
    Ok(if errored { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// Expands directories into the files under them, sorted so that the
/// output does not depend on the order the file system lists them in.
fn collect_inputs(paths: &[PathBuf], errored: &mut bool) -> Vec<Input> {
    if paths.is_empty() {
        return vec![Input::Stdin];
    }
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, errored);
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else {
            out.push(Input::File(path.clone()));
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errored: &mut bool) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("gazette: {}: {e}", dir.display());
            *errored = true;
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, errored);
        } else {
            files.push(path);
        }
    }
}

fn write_output(
    path: Option<&Path>,
    pretty: bool,
    articles: &[gazette::Article],
) -> anyhow::Result<()> {
    let write_all = |out: &mut dyn Write| -> io::Result<()> {
        for article in articles {
            if pretty {
                serialise::write_pretty(out, article)?;
            } else {
                serialise::write_line(out, article)?;
            }
        }
        out.flush()
    };
    match path {
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let _ = io::stdout().is_terminal();
            write_all(&mut out).context("could not write to standard output")?;
        }
        Some(path) => {
            let tmp = temp_path(path);
            {
                let file = fs::File::create(&tmp)
                    .with_context(|| format!("could not create {}", tmp.display()))?;
                let mut out = BufWriter::new(file);
                if let Err(e) = write_all(&mut out) {
                    let _ = fs::remove_file(&tmp);
                    return Err(e).with_context(|| format!("could not write {}", tmp.display()));
                }
            }
            fs::rename(&tmp, path).with_context(|| {
                format!("could not move {} to {}", tmp.display(), path.display())
            })?;
        }
    }
    Ok(())
}

/// A temporary file beside `path`, so the final rename stays on one file
/// system and is atomic.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    path.with_file_name(format!(".{name}.gazette-{}.tmp", std::process::id()))
}
