//! `pgo/rustc`, the rustc wrapper of this repository's builds: it builds optimised crates only
//! for this machine's CPU (unless told otherwise) and with the profile (only for the rustc that
//! made it), and passes everything else through untouched.
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
        let fake = dir.join("fake-rustc");
        fs::write(
            &fake,
            "#!/bin/sh\nif [ \"$1\" = -vV ]; then printf 'rustc 9.9.9\\ncommit-hash: abc\\nLLVM version: 22.1.0\\n'; exit 0; fi\nprintf '%s\\n' \"$@\"\n",
        )
        .expect("fake rustc");
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).expect("chmod");
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

const RELEASE: &[&str] = &["--crate-name", "gazette", "-C", "opt-level=3", "src/lib.rs"];

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
