//! `pgo/rustc`, the rustc wrapper of this repository's builds: it builds optimised crates only
//! for this machine's CPU (unless told otherwise) and with the profile (only for the rustc that
//! made it), links the measured binaries through `pgo/linker` (BOLT), and passes everything else
//! through untouched.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A directory holding a copy of the wrapper, a profile, its rustc version and a fake rustc that
/// prints its arguments one a line (and, for `-vV`, a version with commit `abc`).
struct Setup {
    dir: PathBuf,
}

impl Setup {
    fn new(name: &str, rustc_version: Option<&str>, profile: bool) -> Setup {
        let dir = std::env::temp_dir().join(format!("gazette-pgo-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        fs::copy("pgo/rustc", dir.join("rustc")).expect("copy the wrapper");
        fs::copy("pgo/bolt-path", dir.join("bolt-path")).expect("copy its BOLT finder");
        executable(
            &dir.join("fake-rustc"),
            "#!/bin/sh\nif [ \"$1\" = -vV ]; then printf 'rustc 9.9.9\\ncommit-hash: abc\\nLLVM version: 22.1.0\\n'; exit 0; fi\nprintf '%s\\n' \"$@\"\nif [ -n \"$GAZETTE_BOLT_TRAIN\" ]; then echo \"train=$GAZETTE_BOLT_TRAIN tool=$GAZETTE_BOLT_TOOL\"; fi\n",
        );
        executable(&dir.join("fake-bolt"), "#!/bin/sh\nexit 1\n");
        if let Some(v) = rustc_version {
            fs::write(dir.join("rustc-version"), format!("{v}\n")).expect("version");
        }
        if profile {
            fs::write(dir.join("gazette.profdata"), b"profile").expect("profile");
        }
        Setup { dir }
    }

    /// The arguments the fake rustc received when cargo ran the wrapper with `args`, with the
    /// wrapper's switches set as in `env` and unset otherwise.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Vec<String> {
        let mut cmd = Command::new("sh");
        cmd.arg(self.dir.join("rustc"))
            .arg(self.dir.join("fake-rustc"))
            .args(args)
            .env_remove("GAZETTE_PGO")
            .env_remove("GAZETTE_NATIVE")
            .env_remove("GAZETTE_BOLT")
            .env_remove("GAZETTE_BOLT_TRAIN")
            .env("GAZETTE_BOLT_TOOL", self.dir.join("fake-bolt"))
            .envs(env.iter().copied());
        let out = cmd.output().expect("the wrapper runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout)
            .expect("UTF-8")
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn profile_flag(&self) -> String {
        let dir = fs::canonicalize(&self.dir).expect("canonical");
        format!(
            "-Cprofile-use={}",
            Path::new(&dir).join("gazette.profdata").display()
        )
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

const RELEASE: &[&str] = &[
    "--crate-name",
    "gazette",
    "--crate-type",
    "lib",
    "-C",
    "opt-level=3",
    "src/lib.rs",
];

/// Writes `script` to `path`, executable.
fn executable(path: &Path, script: &str) {
    fs::write(path, script).expect("script");
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

const NATIVE: &str = "-Ctarget-cpu=native";

/// `args` followed by `more`.
fn with(args: &[&str], more: &[&str]) -> Vec<String> {
    args.iter().chain(more).map(|a| a.to_string()).collect()
}

#[test]
fn an_optimised_crate_is_built_for_this_cpu_with_the_profile_after_its_arguments() {
    let s = Setup::new("release", Some("abc"), true);
    let got = s.run(RELEASE, &[]);
    let profile = s.profile_flag();
    assert_eq!(
        got,
        with(
            RELEASE,
            &[NATIVE, &profile, "-Cllvm-args=-no-pgo-warn-mismatch"]
        )
    );
    // `-Copt-level=3` in one argument counts too.
    let got = s.run(&["-Copt-level=3", "a b.rs"], &[]);
    assert_eq!(got[..4], ["-Copt-level=3", "a b.rs", NATIVE, &profile]);
}

#[test]
fn each_switch_turns_off_its_own_flags() {
    let s = Setup::new("switches", Some("abc"), true);
    let profile = s.profile_flag();
    let pgo = [profile.as_str(), "-Cllvm-args=-no-pgo-warn-mismatch"];
    assert_eq!(
        s.run(RELEASE, &[("GAZETTE_NATIVE", "0")]),
        with(RELEASE, &pgo)
    );
    assert_eq!(
        s.run(RELEASE, &[("GAZETTE_PGO", "0")]),
        with(RELEASE, &[NATIVE])
    );
    assert_eq!(
        s.run(RELEASE, &[("GAZETTE_PGO", "0"), ("GAZETTE_NATIVE", "0")]),
        RELEASE
    );
}

#[test]
fn a_cpu_or_target_the_build_chose_is_kept() {
    let s = Setup::new("cpu", Some("abc"), true);
    let profile = s.profile_flag();
    for own in [
        &["-C", "target-cpu=x86-64-v2"][..],
        &["-Ctarget-cpu=znver3"],
        &["--target", "aarch64-unknown-linux-gnu"],
        &["--target=x86_64-unknown-linux-musl"],
    ] {
        let args = with(RELEASE, own);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let got = s.run(&args, &[]);
        assert!(!got.iter().any(|a| a == NATIVE), "{own:?}: {got:?}");
        assert!(got.contains(&profile), "{own:?}: {got:?}");
    }
}

#[test]
fn anything_else_passes_through_untouched() {
    let s = Setup::new("through", Some("abc"), true);
    for args in [
        &["--crate-name", "gazette", "-C", "opt-level=1", "src/lib.rs"][..],
        &["--print", "sysroot"],
        &["-", "--print=cfg", "--crate-type", "lib"],
        &["-C", "opt-level=2", "--cfg", "x=\"opt-level=3\""],
    ] {
        assert_eq!(s.run(args, &[]), args, "{args:?}");
    }
}

#[test]
fn another_rustc_or_no_profile_builds_for_this_cpu_without_the_profile() {
    let native = with(RELEASE, &[NATIVE]);
    let other = Setup::new("other", Some("def"), true);
    assert_eq!(other.run(RELEASE, &[]), native);
    let unknown = Setup::new("unknown", None, true);
    assert_eq!(unknown.run(RELEASE, &[]), native);
    let missing = Setup::new("missing", Some("abc"), false);
    assert_eq!(missing.run(RELEASE, &[]), native);
}

#[test]
fn the_measured_binaries_are_linked_through_bolt_with_their_training_run() {
    let s = Setup::new("bolt", Some("abc"), true);
    let dir = fs::canonicalize(&s.dir).expect("canonical");
    let linker = format!("-Clinker={}", dir.join("linker").display());
    let tool = format!("tool={}", dir.join("fake-bolt").display());
    for (binary, train) in [
        // cargo gives a bench without the test harness no crate type.
        (
            &[
                "--crate-name",
                "parse",
                "-C",
                "opt-level=3",
                "benches/parse.rs",
            ][..],
            "bench",
        ),
        (
            &[
                "--crate-name",
                "loop",
                "--crate-type",
                "bin",
                "-Copt-level=3",
            ],
            "loop",
        ),
        (
            &[
                "--crate-name",
                "gazette",
                "--crate-type",
                "bin",
                "-C",
                "opt-level=3",
            ],
            "cli",
        ),
    ] {
        let got = s.run(binary, &[("GAZETTE_PGO", "0"), ("GAZETTE_NATIVE", "0")]);
        let mut want = with(binary, &[&linker, "-Clink-arg=-Wl,--emit-relocs"]);
        want.push(format!("train={train} {tool}"));
        assert_eq!(got, want, "{binary:?}");
    }
    // A CPU of the build's own still runs here, so its binary is laid out too.
    let own_cpu = [
        "--crate-name",
        "parse",
        "-C",
        "opt-level=3",
        "-Ctarget-cpu=znver3",
    ];
    let got = s.run(&own_cpu, &[("GAZETTE_PGO", "0")]);
    let mut want = with(&own_cpu, &[&linker, "-Clink-arg=-Wl,--emit-relocs"]);
    want.push(format!("train=bench {tool}"));
    assert_eq!(got, want);
}

#[test]
fn other_crates_builds_and_switches_link_as_they_are() {
    let s = Setup::new("nobolt", Some("abc"), true);
    let off = [("GAZETTE_PGO", "0"), ("GAZETTE_NATIVE", "0")];
    let bench = ["--crate-name", "parse", "-C", "opt-level=3"];
    for args in [
        // The library, a test harness, a binary without a training run, a debug build.
        RELEASE,
        &["--crate-name", "parse", "--test", "-C", "opt-level=3"],
        &[
            "--crate-name",
            "dump",
            "--crate-type",
            "bin",
            "-C",
            "opt-level=3",
        ],
        &["--crate-name", "parse", "-C", "opt-level=0"],
        // A linker or a target of the build's own.
        &[
            "--crate-name",
            "parse",
            "-C",
            "opt-level=3",
            "-C",
            "linker=clang",
        ],
        &[
            "--crate-name",
            "parse",
            "-C",
            "opt-level=3",
            "--target",
            "x86_64-unknown-linux-musl",
        ],
    ] {
        let got = s.run(args, &off);
        assert!(!got
            .iter()
            .any(|a| a.contains("linker=") && !args.contains(&a.as_str())));
        assert!(
            !got.iter().any(|a| a.starts_with("train=")),
            "{args:?}: {got:?}"
        );
    }
    let got = s.run(&bench, &[off[0], off[1], ("GAZETTE_BOLT", "0")]);
    assert_eq!(got, bench);
}

/// Runs `pgo/linker` (copied into `dir`) as rustc would, with a fake `cc` first on the PATH that
/// writes `linked` to its output, the fake `bolt` given and the training run `train`; returns
/// the output's content and the names left in its directory.
fn link_with(dir: &Path, bolt: &str, train: &str) -> (String, Vec<String>) {
    fs::copy("pgo/linker", dir.join("linker")).expect("copy the linker");
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).expect("bin dir");
    executable(
        &bin.join("cc"),
        "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = -o ] && echo linked > \"$2\"; shift; done\n",
    );
    executable(&dir.join("fake-bolt"), bolt);
    let out_dir = dir.join("deps");
    fs::create_dir_all(&out_dir).expect("deps dir");
    let out = out_dir.join("parse-0123");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("sh")
        .arg(dir.join("linker"))
        .args(["-m64", "x.o", "-o"])
        .arg(&out)
        .arg("-pie")
        .env("PATH", path)
        .env("GAZETTE_BOLT_TOOL", dir.join("fake-bolt"))
        .env("GAZETTE_BOLT_TRAIN", train)
        .status()
        .expect("the linker runs");
    assert!(status.success());
    let mut left: Vec<String> = fs::read_dir(&out_dir)
        .expect("deps")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    (fs::read_to_string(&out).expect("output"), left)
}

/// A fake llvm-bolt: `-instrument` writes a program that records its arguments and
/// `GAZETTE_BENCH_TRAIN` as the profile; optimising writes `optimised` after the profile it read.
const FAKE_BOLT: &str = r#"#!/bin/sh
out= ; profile= ; data= ; instrument=
previous=
for arg in "$@"; do
  case "$arg" in
    -instrument) instrument=1 ;;
    -instrumentation-file=*) profile="${arg#*=}" ;;
    -data=*) data="${arg#*=}" ;;
  esac
  [ "$previous" = -o ] && out="$arg"
  previous="$arg"
done
if [ -n "$instrument" ]; then
  printf '#!/bin/sh
echo "ran [$*] [${GAZETTE_BENCH_TRAIN:-}]" > %s
' "$profile" > "$out"
  chmod +x "$out"
else
  { cat "$data"; echo optimised; } > "$out"
fi
"#;

#[test]
fn the_linker_replaces_the_binary_by_the_one_bolt_laid_out_from_its_training_run() {
    let s = Setup::new("link", None, false);
    let (content, left) = link_with(&s.dir, FAKE_BOLT, "bench");
    assert_eq!(content, "ran [] [1]\noptimised\n");
    assert_eq!(left, ["parse-0123"], "no work files are left");
    let (content, _) = link_with(&s.dir, FAKE_BOLT, "cli");
    assert_eq!(
        content,
        "ran [parse fixtures fixtures/.pages -o /dev/null] []\noptimised\n"
    );
}

#[test]
fn the_linker_keeps_the_binary_as_linked_when_a_step_fails() {
    let s = Setup::new("linkfail", None, false);
    for (bolt, train, why) in [
        ("#!/bin/sh\nexit 1\n", "bench", "instrumenting failed"),
        (FAKE_BOLT, "unknown", "the training run failed"),
        (
            &FAKE_BOLT.replace("echo optimised; } > \"$out\"", "exit 3; }"),
            "loop",
            "optimising failed",
        ),
    ] {
        let (content, left) = link_with(&s.dir, bolt, train);
        assert_eq!(content, "linked\n", "{why}");
        assert_eq!(left, ["parse-0123", "parse-0123.bolt.log"], "{why}");
        let log = fs::read_to_string(s.dir.join("deps/parse-0123.bolt.log")).expect("log");
        assert!(log.contains(why), "{why}: {log}");
    }
}
