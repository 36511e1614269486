//! Batch conversion end to end through the `gazette` binary: folding the
//! seed pages, deterministic output, exit codes and the run report.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gazette::{Article, Kind, Relation};
use serde_json::Value;

const SEEDS: [&str; 5] = [
    "fixtures/000_dc70c667f6a7bc88.txt",
    "fixtures/001_533f1d0b4a80ca68.txt",
    "fixtures/002_99babf09eb2eab4f.txt",
    "fixtures/003_584cc74ce0b9942d.txt",
    "fixtures/004_067e0df94ed99aba.txt",
];

fn gazette<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .output()
        .expect("gazette runs")
}

fn articles(out: &Output) -> Vec<Article> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is an article"))
        .collect()
}

/// A fresh directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gazette-batch-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Every page of `fixtures/` (seeds and dev pages), sorted.
fn all_pages() -> Vec<String> {
    let mut pages: Vec<String> = ["fixtures", "fixtures/.pages"]
        .iter()
        .flat_map(|d| fs::read_dir(d).expect("fixture directory").flatten())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e == "txt" || e == "md" || e == "html")
        })
        .map(|p| p.display().to_string())
        .collect();
    pages.sort();
    pages
}

fn interprets(a: &Article) -> Vec<&str> {
    a.references
        .iter()
        .filter(|r| r.relation == Relation::Interprets)
        .map(|r| r.doc_number.as_str())
        .collect()
}

fn text_of(a: &Article) -> String {
    serde_json::to_string(&a.body).unwrap_or_default()
}

/// Finds the one article a `batch.folded` label of seed-truth names.
fn find<'a>(articles: &'a [Article], label: &str) -> Vec<&'a Article> {
    if let Some(number) = label.strip_prefix("interpretation of ") {
        articles
            .iter()
            .filter(|a| a.kind == Kind::Interpretation && interprets(a).contains(&number))
            .collect()
    } else if let Some(rest) = label.strip_prefix("interpretation from ") {
        let (source, topic) = rest.split_once(" (").unwrap_or((rest, ""));
        let topic = topic.trim_end_matches(')');
        articles
            .iter()
            .filter(|a| {
                a.kind == Kind::Interpretation
                    && a.source.as_deref() == Some(source)
                    && text_of(a).contains(topic)
            })
            .collect()
    } else if let Some(rest) = label.strip_prefix("news from ") {
        let (source, topic) = rest.split_once(" (").unwrap_or((rest, ""));
        let topic = topic.trim_end_matches(')');
        articles
            .iter()
            .filter(|a| {
                a.kind == Kind::News
                    && a.source.as_deref() == Some(source)
                    && text_of(a).contains(topic)
            })
            .collect()
    } else {
        articles.iter().filter(|a| a.id == label).collect()
    }
}

/// The acceptance test of issue 5: the seed pages as one batch give the
/// articles and the folds of `seed-truth.json` → `batch`.
#[test]
fn the_seed_pages_fold_as_the_truth_says() {
    let truth: Value = serde_json::from_str(
        &fs::read_to_string("fixtures/truth/seed-truth.json").expect("truth file"),
    )
    .expect("truth is JSON");
    let batch = &truth["batch"];
    let out = gazette([&["parse"][..], &SEEDS[..]].concat());
    assert_eq!(out.status.code(), Some(0));
    let got = articles(&out);
    let count = |k: Kind| got.iter().filter(|a| a.kind == k).count() as u64;
    let ids: Vec<&str> = got.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        got.len() as u64,
        batch["articles"].as_u64().unwrap(),
        "{ids:?}"
    );
    assert_eq!(count(Kind::Notice), batch["notices"].as_u64().unwrap());
    assert_eq!(
        count(Kind::Interpretation),
        batch["interpretations"].as_u64().unwrap()
    );
    assert_eq!(count(Kind::News), batch["news"].as_u64().unwrap());
    let folded = batch["folded"].as_object().expect("folded");
    let mut listed = 0;
    for (label, copies) in folded {
        let found = find(&got, label);
        assert_eq!(found.len(), 1, "{label}: {} articles", found.len());
        let a = found[0];
        assert_eq!(a.copies.len() as u64, copies.as_u64().unwrap(), "{label}");
        let files: std::collections::BTreeSet<&str> =
            a.copies.iter().map(|c| c.file.as_str()).collect();
        assert_eq!(files.len(), a.copies.len(), "{label}: one copy a page");
        listed += 1;
    }
    // Everything else was found once.
    let single = got.iter().filter(|a| a.copies.len() == 1).count();
    assert_eq!(single + listed, got.len());
    // The web copy of 渝府办发〔2025〕56号 is kept over the gazette PDF's.
    let n56 = &find(&got, "渝府办发〔2025〕56号")[0];
    assert_ne!(n56.copies[0].file, SEEDS[0]);
}

/// Which copy of the seed batch's 56号 is kept, how its copies are listed,
/// and the output order; and that `--no-dedup` keeps every copy.
#[test]
fn the_web_copy_is_kept_and_the_pages_order_shows_through() {
    let out = gazette([&["parse"][..], &SEEDS[..]].concat());
    assert_eq!(out.status.code(), Some(0));
    let got = articles(&out);
    let n56 = find(&got, "渝府办发〔2025〕56号");
    assert_eq!(n56.len(), 1);
    let files: Vec<&str> = n56[0].copies.iter().map(|c| c.file.as_str()).collect();
    // Web text is kept over the gazette PDF: 002 and 004 tie, and the
    // smaller name wins; the others follow in name order.
    assert_eq!(files, [SEEDS[2], SEEDS[0], SEEDS[4]]);
    assert_eq!(n56[0].copies[0].format, "text");
    let ids: Vec<&str> = got.iter().map(|a| a.id.as_str()).collect();
    for id in [
        "渝府发〔2025〕15号",
        "渝府办发〔2025〕53号",
        "渝府办〔2022〕12号",
    ] {
        assert_eq!(ids.iter().filter(|&&i| i == id).count(), 1, "{id}");
    }
    // Output order: by the first copy, so the pages' order shows through.
    assert_eq!(
        &ids[..3],
        [
            "渝府发〔2025〕15号",
            "渝府办发〔2025〕53号",
            "渝府办发〔2025〕56号"
        ]
    );
    // Without folding, every copy is there.
    let all = articles(&gazette(
        [&["parse", "--no-dedup"][..], &SEEDS[..]].concat(),
    ));
    assert!(all.len() > got.len());
    assert_eq!(
        all.iter()
            .filter(|a| a.id == "渝府办发〔2025〕56号")
            .count(),
        3
    );
}

#[test]
fn output_does_not_depend_on_input_order_or_jobs() {
    let pages = all_pages();
    let mut reversed = pages.clone();
    reversed.reverse();
    let mut shuffled = pages.clone();
    // A fixed shuffle: every third, then the rest.
    shuffled.sort_by_key(|p| (p.len() % 3, p.clone()));
    shuffled.rotate_left(2);
    for extra in [&[][..], &["--no-dedup"][..], &["--pretty"][..]] {
        let run = |order: &[String], jobs: &str| {
            let mut args: Vec<String> = vec!["parse".into(), "-j".into(), jobs.into()];
            args.extend(extra.iter().map(|s| s.to_string()));
            args.extend(order.iter().cloned());
            let out = gazette(&args);
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            out.stdout
        };
        let want = run(&pages, "1");
        assert!(!want.is_empty());
        assert!(want == run(&pages, "2"), "-j1 and -j2 differ {extra:?}");
        assert!(want == run(&reversed, "2"), "reversed differs {extra:?}");
        assert!(want == run(&shuffled, "1"), "shuffled differs {extra:?}");
        assert!(want == run(&shuffled, "0"), "-j0 differs {extra:?}");
    }
}

#[test]
fn a_directory_walk_gives_what_the_files_give() {
    // Pages spread over nested directories: the walk order of the file
    // system must not show in the output.
    let dir = scratch("walk");
    let mut named = Vec::new();
    for (i, page) in all_pages().iter().enumerate() {
        let sub = dir.join(["b", "a/c", "a", "z/y/x"][i % 4]);
        fs::create_dir_all(&sub).unwrap();
        let target = sub.join(Path::new(page).file_name().unwrap());
        fs::copy(page, &target).unwrap();
        named.push(target.display().to_string());
    }
    named.reverse();
    let walked = gazette([
        "parse".to_owned(),
        "-j2".to_owned(),
        dir.display().to_string(),
    ]);
    let listed = gazette([&["parse".to_owned(), "-j1".to_owned()][..], &named[..]].concat());
    assert_eq!(walked.status.code(), Some(0));
    assert!(walked.stdout == listed.stdout);
    // A file named twice, or named and found by the walk, is read once.
    let twice = gazette([
        "parse".to_owned(),
        named[0].clone(),
        dir.display().to_string(),
        named[0].clone(),
    ]);
    assert!(twice.stdout == walked.stdout);
    fs::remove_dir_all(&dir).ok();
}

/// Builds a directory with one good page, an empty file, a binary file, a
/// hidden file, a file of another type, and (when `broken`) an unreadable
/// file and a link to nowhere.
fn messy_directory(name: &str, broken: bool) -> (PathBuf, bool) {
    let dir = scratch(name);
    fs::copy(SEEDS[1], dir.join("good.txt")).unwrap();
    fs::write(dir.join("empty.txt"), b"").unwrap();
    fs::write(dir.join("image"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    fs::write(dir.join(".hidden.txt"), "渝府发〔2025〕15号\n").unwrap();
    fs::write(dir.join("notes.json"), "{}").unwrap();
    let mut unreadable_blocks = false;
    if broken {
        let locked = dir.join("locked.txt");
        fs::copy(SEEDS[1], &locked).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::{symlink, PermissionsExt};
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
            // Root reads a file whatever its mode: then it is read.
            unreadable_blocks = fs::read(&locked).is_err();
            symlink(dir.join("no-such-target.txt"), dir.join("dangling.txt")).unwrap();
        }
    }
    (dir, unreadable_blocks)
}

fn report_of(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).expect("report written"))
        .expect("report is JSON")
}

fn notes(report: &Value, list: &str) -> Vec<(String, String)> {
    report[list]
        .as_array()
        .expect(list)
        .iter()
        .map(|n| {
            let file = n["file"].as_str().unwrap_or_default();
            let name = Path::new(file).file_name().unwrap_or_default();
            (
                name.to_string_lossy().into_owned(),
                n["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn skipped_files_are_noted_and_do_not_fail_the_run() {
    let (dir, _) = messy_directory("clean", false);
    let report = dir.join("report.json");
    let out = gazette([
        "parse".as_ref(),
        "--report".as_ref(),
        report.as_os_str(),
        dir.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(articles(&out).len(), 1);
    let r = report_of(&report);
    let skipped = notes(&r, "skipped");
    let names: Vec<&str> = skipped.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, [".hidden.txt", "image", "notes.json"]);
    assert_eq!(skipped[0].1, "hidden");
    assert!(
        skipped[1].1.starts_with("binary: expected text"),
        "{}",
        skipped[1].1
    );
    assert_eq!(r["inputs"]["read"], 2);
    assert_eq!(r["inputs"]["failed"], 0);
    assert_eq!(r["inputs"]["skipped"], 3);
    let empty = r["empty"].as_array().unwrap();
    assert_eq!(empty.len(), 1);
    assert!(empty[0].as_str().unwrap().ends_with("empty.txt"));
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn failed_inputs_exit_1_and_the_rest_is_written() {
    let (dir, unreadable_blocks) = messy_directory("broken", true);
    let report = dir.join("report.json");
    let target = dir.join("out.jsonl");
    let out = gazette([
        "parse".as_ref(),
        "-o".as_ref(),
        target.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
        dir.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Each failure names its file and says what went wrong.
    assert!(
        stderr.contains("dangling.txt: could not read it: no such file or directory"),
        "{stderr}"
    );
    let r = report_of(&report);
    let failed = notes(&r, "failed");
    let mut want = vec![(
        "dangling.txt".to_owned(),
        "could not read it: no such file or directory".to_owned(),
    )];
    if unreadable_blocks {
        want.push((
            "locked.txt".to_owned(),
            "could not read it: permission denied".to_owned(),
        ));
        assert!(stderr.contains("locked.txt: could not read it: permission denied"));
    }
    assert_eq!(failed, want);
    // The good page was still written (and, when root could read the locked
    // copy of it, folded with it).
    let written = fs::read_to_string(&target).expect("output written");
    let got: Vec<Article> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].copies.len(), if unreadable_blocks { 1 } else { 2 });
    assert_eq!(r["articles"]["written"], 1);
    assert_eq!(r["inputs"]["failed"], failed.len());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir.join("locked.txt"), fs::Permissions::from_mode(0o644));
    }
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_named_binary_file_is_an_error() {
    let dir = scratch("binary");
    let bin = dir.join("page.txt");
    fs::write(&bin, b"abc\0def").unwrap();
    let out = gazette(["parse".as_ref(), bin.as_os_str(), SEEDS[1].as_ref()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "gazette: {}: expected text, but found a binary control byte at byte 3",
            bin.display()
        )
    );
    assert_eq!(articles(&out).len(), 1);
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_report_accounts_for_the_run() {
    let dir = scratch("report");
    let report = dir.join("r.json");
    let out = gazette(
        [
            &[
                "parse".to_owned(),
                "--report".to_owned(),
                report.display().to_string(),
            ][..],
            &all_pages()[..],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(0));
    let got = articles(&out);
    let r = report_of(&report);
    assert_eq!(r["dedup"], true);
    assert_eq!(r["inputs"]["read"], all_pages().len());
    let bytes: u64 = all_pages()
        .iter()
        .map(|p| fs::metadata(p).unwrap().len())
        .sum();
    assert_eq!(r["inputs"]["bytes"], bytes);
    assert_eq!(r["articles"]["written"], got.len());
    let parsed = r["articles"]["parsed"].as_u64().unwrap();
    let folded = r["articles"]["folded"].as_u64().unwrap();
    assert_eq!(parsed - folded, got.len() as u64);
    // Each fold lists the copy kept and the copies folded into it.
    let folds = r["folded"].as_array().unwrap();
    let copies: u64 = folds.iter().map(|f| f["copies"].as_u64().unwrap()).sum();
    assert_eq!(copies - folds.len() as u64, folded);
    let f56 = folds
        .iter()
        .find(|f| f["id"] == "渝府办发〔2025〕56号")
        .expect("56号 folded");
    assert_eq!(f56["copies"], 3);
    assert_eq!(f56["others"].as_array().unwrap().len(), 2);
    // Removed text by reason: the gazette issue's masthead and contents.
    assert!(r["removed"]["toc"]["bytes"].as_u64().unwrap() > 0);
    assert!(r["removed"]["masthead"]["spans"].as_u64().unwrap() >= 1);
    // Warnings by code add up to the warnings written.
    let warned: u64 = r["warnings"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(
        warned,
        got.iter().map(|a| a.warnings.len() as u64).sum::<u64>()
    );
    let kinds: u64 = r["articles"]["by_kind"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(kinds, got.len() as u64);
    assert!(r["elapsed_seconds"].as_f64().unwrap() > 0.0);
    assert!(r["bytes_per_second"].as_f64().unwrap() > 0.0);
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_broken_pipe_ends_quietly() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args([&["parse", "--no-dedup", "--pretty"][..], &SEEDS[..]].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // Close the reading end before gazette writes: every write fails.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waits");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let out = gazette([&["parse"][..], &SEEDS[..]].concat());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Devices and pipes are written into, never replaced by the temporary
/// file's rename (as root, that would turn `/dev/null` into a plain file).
#[cfg(unix)]
#[test]
fn output_to_a_pipe_is_written_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("fifo");
    let fifo = dir.join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let read = fs::File::open(&fifo)
                .and_then(|mut f| f.read_to_string(&mut text))
                .map(|_| text);
            let _ = tx.send(read);
        });
    }
    let out = gazette([
        "parse".as_ref(),
        "-o".as_ref(),
        fifo.as_os_str(),
        SEEDS[1].as_ref(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Had gazette replaced the pipe, the reader would wait for ever.
    let text = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("gazette wrote into the pipe")
        .expect("read the pipe");
    assert_eq!(text.lines().count(), 1);
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // A report into a directory is refused before any work.
    let out = gazette([
        "parse".as_ref(),
        "--report".as_ref(),
        dir.as_os_str(),
        SEEDS[1].as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
    assert!(out.stdout.is_empty());
    fs::remove_dir_all(&dir).ok();
}

/// A batch that packs its kept copies (as large ones do) folds exactly as
/// one that keeps them as they are.
#[test]
fn packing_kept_copies_changes_nothing() {
    let options = gazette::Options::default();
    let mut plain = gazette::Batch::new();
    let mut packed = gazette::Batch::packing_above(0);
    // Packing from the middle on: some copies plain, some packed.
    let mut midway = gazette::Batch::packing_above(20_000);
    for name in all_pages() {
        let bytes = fs::read(&name).expect("fixture");
        let page = gazette::parse_bytes(&name, &bytes, &options).expect("parses");
        plain.add(page.articles.clone());
        packed.add(page.articles.clone());
        midway.add(page.articles);
    }
    let plain = gazette::serialise::to_json_lines(&plain.finish());
    assert!(plain.lines().count() >= 15, "{plain}");
    assert_eq!(gazette::serialise::to_json_lines(&packed.finish()), plain);
    assert_eq!(gazette::serialise::to_json_lines(&midway.finish()), plain);
}
