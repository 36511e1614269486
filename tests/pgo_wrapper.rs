//! `pgo/rustc`, the rustc wrapper of this repository's builds: it adds the profile to optimised
//! crates only, only for the rustc that made it, and passes everything else through untouched.
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

    /// The arguments the fake rustc received when cargo ran the wrapper with `args`.
    fn run(&self, args: &[&str], pgo_env: Option<&str>) -> Vec<String> {
        let mut cmd = Command::new("sh");
        cmd.arg(self.dir.join("rustc"))
            .arg(self.dir.join("fake-rustc"))
            .args(args);
        match pgo_env {
            Some(v) => cmd.env("GAZETTE_PGO", v),
            None => cmd.env_remove("GAZETTE_PGO"),
        };
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

#[test]
fn an_optimised_crate_gets_the_profile_after_its_arguments() {
    let s = Setup::new("release", Some("abc"), true);
    let got = s.run(RELEASE, None);
    assert_eq!(&got[..RELEASE.len()], RELEASE);
    assert_eq!(got[RELEASE.len()], s.profile_flag());
    assert_eq!(got[RELEASE.len() + 1], "-Cllvm-args=-no-pgo-warn-mismatch");
    assert_eq!(got.len(), RELEASE.len() + 2);
    // `-Copt-level=3` in one argument counts too.
    let got = s.run(&["-Copt-level=3", "a b.rs"], None);
    assert_eq!(got[..2], ["-Copt-level=3", "a b.rs"]);
    assert_eq!(got[2], s.profile_flag());
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
        assert_eq!(s.run(args, None), args, "{args:?}");
    }
    assert_eq!(s.run(RELEASE, Some("0")), RELEASE, "GAZETTE_PGO=0");
}

#[test]
fn another_rustc_or_no_profile_builds_without() {
    let other = Setup::new("other", Some("def"), true);
    assert_eq!(other.run(RELEASE, None), RELEASE);
    let unknown = Setup::new("unknown", None, true);
    assert_eq!(unknown.run(RELEASE, None), RELEASE);
    let missing = Setup::new("missing", Some("abc"), false);
    assert_eq!(missing.run(RELEASE, None), RELEASE);
}
