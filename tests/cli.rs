//! The `gazette` binary end to end: arguments, output, exit codes.

use std::process::Command;

use gazette::Article;

fn gazette() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
}

#[test]
fn parse_prints_one_article_a_line() {
    let out = gazette()
        .args(["parse", "--no-dedup", "fixtures/000_dc70c667f6a7bc88.txt"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let articles: Vec<Article> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is an article"))
        .collect();
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "渝府发〔2025〕15号",
            "渝府办发〔2025〕53号",
            "渝府办发〔2025〕56号"
        ]
    );
    // Keys come in schema order.
    let first = text.lines().next().unwrap_or_default();
    let schema_at = first.find("\"schema\"").unwrap();
    let fingerprint_at = first.find("\"fingerprint\"").unwrap();
    assert!(schema_at < first.find("\"id\"").unwrap());
    assert!(first.find("\"warnings\"").unwrap() < fingerprint_at);
}

#[test]
fn pretty_is_indented_json() {
    let out = gazette()
        .args(["parse", "--pretty", "fixtures/001_533f1d0b4a80ca68.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.starts_with("{\n  \"schema\": \"gazette/1\""),
        "{}",
        &text[..40.min(text.len())]
    );
}

#[test]
fn a_missing_input_fails_alone() {
    let out = gazette()
        .args([
            "parse",
            "no/such/file.txt",
            "fixtures/001_533f1d0b4a80ca68.txt",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = gazette()
        .args(["parse", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "关于调整的公告\n渝府发〔2025〕15号\n正文。\n重庆市人民政府 2025年11月7日\n".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let a: Article = serde_json::from_slice(&out.stdout).expect("one article");
    assert_eq!(a.copies[0].file, "-");
    assert_eq!(a.issuers, ["重庆市人民政府"]);
}

#[test]
fn usage_error_exits_2() {
    let out = gazette()
        .args(["parse", "--no-such-flag"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_file_is_written_whole() {
    let dir = std::env::temp_dir().join(format!("gazette-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("out.jsonl");
    let out = gazette()
        .args(["parse", "fixtures/001_533f1d0b4a80ca68.txt", "-o"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&target).expect("written");
    assert_eq!(text.lines().count(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    std::fs::remove_dir_all(&dir).ok();
}
