//! Helpers shared by the integration tests.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A scratch directory with a database path; logs go inside it too.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// Write `name` and import it as needs, asserting the import succeeds.
    pub fn import_needs(&self, name: &str, bytes: impl AsRef<[u8]>) {
        let file = self.write(name, bytes);
        let path = file.to_str().expect("a UTF-8 path");
        self.cmd(&["import", "needs", path]).assert().success();
    }

    /// `aidline --db <scratch db> --lang en --operator tester ARGS…` (ARGS may set --lang).
    /// `offer add` and `import` need an existing database (only `init`/`migrate` and `demo`
    /// create one): the scratch database is created first, as an operator would with `init`.
    /// `cmd_raw` does not.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let command = match args {
            ["--lang", _, rest @ ..] => rest,
            _ => args,
        };
        let writes = command.first() == Some(&"import") || command.starts_with(&["offer", "add"]);
        if writes && !self.db().exists() {
            drop(self.open());
        }
        self.cmd_raw(args)
    }

    /// `cmd` without creating the database first.
    pub fn cmd_raw(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("aidline").expect("binary");
        c.env("AIDLINE_DATA_DIR", self.dir.path().join("data"))
            // No configuration file of the machine or the user running the tests.
            .env(
                "AIDLINE_SYSTEM_CONFIG",
                self.dir.path().join("no-system-config.toml"),
            )
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("AIDLINE_CONFIG")
            .env_remove("AIDLINE_TIMEZONE")
            .env_remove("AIDLINE_LANG")
            .env_remove("AIDLINE_OPERATOR")
            .env_remove("AIDLINE_DB")
            .arg("--db")
            .arg(self.db())
            .args(["--operator", "tester"]);
        if !args.contains(&"--lang") {
            c.args(["--lang", "en"]);
        }
        c.args(args);
        c
    }

    /// Run and parse stdout as JSON, asserting success.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd(args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    pub fn open(&self) -> aidline::store::Store {
        aidline::store::Store::open(&self.db(), "tester").expect("open")
    }
}

pub fn file_contains(path: &Path, needle: &[u8]) -> bool {
    match std::fs::read(path) {
        Ok(bytes) => bytes.windows(needle.len()).any(|w| w == needle),
        Err(_) => false,
    }
}
