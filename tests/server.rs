//! aidline on a call-centre server: read-only commands, exit codes, pipes, cron, configuration,
//! help, completions and the man page.

mod common;

use common::Scratch;
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// A scratch database with a few offers, needs and matches.
fn with_demo(s: &Scratch, offers: &str) {
    s.cmd(&["demo", "--needs", "60", "--offers", offers, "--seed", "3"])
        .assert()
        .success();
}

/// The commands that only read, with arguments that find something in the demo data.
const READ_ONLY: &[&[&str]] = &[
    &["stats"],
    &["stats", "--json"],
    &["check"],
    &["offer", "list", "--limit", "5"],
    &["offer", "list", "--json", "--limit", "5"],
    &["match", "suggest", "--offer", "O-3", "--limit", "3"],
    &["match", "suggest", "--need", "N-3", "--limit", "3"],
    &["match", "suggest", "--item", "ковдри", "--quantity", "2"],
];

#[test]
fn read_only_commands_never_create_a_database() {
    let s = Scratch::new();
    let mut cases: Vec<Vec<&str>> = READ_ONLY.iter().map(|c| c.to_vec()).collect();
    cases.push(vec!["donor", "show", "0671234567"]);
    for args in cases {
        s.cmd(&args)
            .assert()
            .code(4)
            .stdout("")
            .stderr(predicate::str::contains("no database at"))
            .stderr(predicate::str::contains(s.db().display().to_string()));
        assert!(!s.db().exists(), "{args:?} created the database");
    }
    // `check` on a mistyped path must not pass a cron health check, in any language.
    s.cmd(&["--lang", "uk", "check"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("немає бази даних"));
    // Commands that change records do not make one either.
    s.cmd(&["match", "confirm", "M-1"]).assert().code(4);
    s.cmd(&["donor", "forget", "0671234567"]).assert().code(4);
    assert!(!s.db().exists());
}

#[test]
fn only_init_migrate_and_demo_create_a_database() {
    let s = Scratch::new();
    let needs = s.write(
        "needs.csv",
        "organisation,item,quantity,location\nБФ «Рідні»,ковдри,20,Бровари\n",
    );
    let writes: Vec<Vec<&str>> = vec![
        vec![
            "offer",
            "add",
            "--phone",
            "0671234567",
            "--item",
            "ковдри",
            "--quantity",
            "2",
        ],
        vec!["import", "needs", needs.to_str().unwrap()],
        vec!["import", "orgs", needs.to_str().unwrap(), "--dry-run"],
        // No command: the console on a mistyped path (fails before touching the terminal).
        vec![],
    ];
    for args in &writes {
        s.cmd_raw(args)
            .assert()
            .code(4)
            .stdout("")
            .stderr(predicate::str::contains(s.db().display().to_string()))
            .stderr(predicate::str::contains("`aidline init` creates"))
            .stderr(predicate::str::contains('\n').count(1));
        assert!(!s.db().exists(), "{args:?} created the database");
    }
    s.cmd_raw(&[
        "--lang",
        "uk",
        "offer",
        "add",
        "--phone",
        "0671234567",
        "--item",
        "ковдри",
        "--quantity",
        "2",
    ])
    .assert()
    .code(4)
    .stderr(predicate::str::contains("`aidline init` створює"));
    assert!(!s.db().exists());
    // `init` creates it; then the same commands work.
    s.cmd_raw(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("database created"));
    assert!(s.db().exists());
    s.cmd_raw(&["import", "needs", needs.to_str().unwrap()])
        .assert()
        .success();
    // `demo` on a new path still creates and fills one (the README's first step).
    let fresh = Scratch::new();
    fresh
        .cmd_raw(&["demo", "--needs", "30", "--offers", "5"])
        .assert()
        .success();
    assert!(fresh.db().exists());
}

#[test]
fn validation_import_and_usage_errors_speak_ukrainian() {
    let s = Scratch::new();
    // A registry as a Ukrainian NGO sends it: Ukrainian headers, a typo'd quantity, an
    // impossible date, a unit nobody taught us.
    let file = s.write(
        "Потреби_грудень.csv",
        "Організація;Найменування;Кількість;Одиниця;Потрібно до;Населений пункт\n\
         БФ «Рідні»;ковдри;двадцять;шт;01.12.2026;Бровари\n\
         БФ «Рідні»;вода питна;40;бутлів;31.02.2026;Бровари\n",
    );
    let out = s
        .cmd(&["--lang", "uk", "import", "needs", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(":2: кількість: 'двадцять' — не ціле число"),
        "{err}"
    );
    assert!(
        err.contains(":3: потрібно до: '31.02.2026' — неможлива дата"),
        "{err}"
    );
    for english in ["is not", "is empty", "quantity:", "needed_by:"] {
        assert!(!err.contains(english), "{english} in {err}");
    }
    // The same file, fixed: the unknown unit is a warning, in Ukrainian.
    let fixed = s.write(
        "fixed.csv",
        "Організація;Найменування;Кількість;Одиниця;Населений пункт\n\
         БФ «Рідні»;вода питна;40;бутлів;Бровари\n",
    );
    s.cmd(&["--lang", "uk", "import", "needs", fixed.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::starts_with("попередження: "))
        .stderr(predicate::str::contains(
            "fixed.csv:2: одиниця: 'бутлів' — невідома одиниця",
        ));
    // A store refusal: a withdrawn offer cannot be withdrawn again.
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "0671234567",
        "--item",
        "ковдри",
        "--quantity",
        "2",
    ])
    .assert()
    .success();
    s.cmd(&["offer", "withdraw", "O-1"]).assert().success();
    s.cmd(&["--lang", "uk", "offer", "withdraw", "O-1"])
        .assert()
        .code(3)
        .stderr("помилка: пропозиція: O-1 уже відкликано\n");
    // clap's usage errors: one Ukrainian line, exit 2; --help stays English.
    s.cmd(&["--lang", "uk", "offer", "list", "--status", "відкриті"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "помилка: --status <STATUS>: 'відкриті' — недопустиме значення",
        ))
        .stderr(predicate::str::contains('\n').count(1));
    s.cmd(&["--lang", "uk", "ofer", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "невідома команда 'ofer'; можливо, offer?",
        ));
    s.cmd(&["offer", "list", "--status", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value"));
    let out = s
        .cmd(&["--lang", "uk", "offer", "list", "--json", "--limit", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "usage");
    assert_eq!(err["error"]["exit"], 2);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("--limit <N>: '0' — недопустиме значення"),
        "{err}"
    );
}

fn dir_state(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Run the binary as an unprivileged user (root writes anywhere, so a read-only directory
/// would prove nothing for root): as uid/gid 65534 through `setpriv` when we are root, else as
/// ourselves (a 0555 directory is read-only to its owner too).
fn unprivileged(s: &Scratch, db: &Path, args: &[&str]) -> std::process::Output {
    let root = unsafe { libc::geteuid() } == 0;
    let mut bin = assert_cmd::cargo::cargo_bin("aidline");
    if root {
        // The build directory may not be reachable by another user (a 0700 home, a umask of
        // 077): run a copy from the scratch directory, which the test makes 0755.
        let copy = s.path("aidline-bin");
        if !copy.exists() {
            std::fs::copy(&bin, &copy).unwrap();
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        bin = copy;
    }
    let mut c = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    c.env("AIDLINE_DATA_DIR", s.path("ro-logs"))
        .env("AIDLINE_SYSTEM_CONFIG", s.path("none.toml"))
        .env("XDG_CONFIG_HOME", s.path("none"))
        .env_remove("AIDLINE_CONFIG")
        .env_remove("AIDLINE_DB")
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args);
    c.output().expect("run (setpriv missing?)")
}

#[test]
fn read_only_commands_work_in_a_read_only_directory() {
    let s = Scratch::new();
    with_demo(&s, "200");
    // A known donor for `donor show`.
    let offer = s.json(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдра",
        "--quantity",
        "3",
        "--json",
    ]);
    assert_eq!(offer["donor_phone"], "+380951679026");
    let ro = s.path("ro");
    std::fs::create_dir(&ro).unwrap();
    let db = ro.join("aidline.db");
    std::fs::copy(s.db(), &db).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(s.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir(s.path("ro-logs")).unwrap();
    std::fs::set_permissions(s.path("ro-logs"), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = dir_state(&ro);
    let mut cases: Vec<Vec<&str>> = READ_ONLY.iter().map(|c| c.to_vec()).collect();
    cases.push(vec!["donor", "show", "0951679026"]);
    for args in &cases {
        let out = unprivileged(&s, &db, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
        assert!(!stderr.contains("readonly"), "{args:?}: {stderr}");
    }
    let stats = unprivileged(&s, &db, &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["offers"], 201);
    let check = unprivileged(&s, &db, &["check", "--json"]);
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        check["journal_mode"], "wal",
        "the file's journal mode, unchanged"
    );
    // Nothing was created, changed or removed in the directory.
    assert_eq!(dir_state(&ro), before);
    // A command that writes is refused, and still changes nothing.
    let out = unprivileged(
        &s,
        &db,
        &[
            "offer",
            "add",
            "--phone",
            "0951679026",
            "--item",
            "x",
            "--quantity",
            "1",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(dir_state(&ro), before);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_old_schema_is_read_by_nobody_and_migrate_upgrades_it() {
    let s = Scratch::new();
    {
        let mut conn = rusqlite::Connection::open(s.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        aidline::store::migrations()
            .to_version(&mut conn, 1)
            .unwrap();
    }
    let before = std::fs::read(s.db()).unwrap();
    for args in [&["stats"][..], &["offer", "list"], &["check"]] {
        s.cmd(args)
            .assert()
            .code(8)
            .stderr(predicate::str::contains("schema version 1"))
            .stderr(predicate::str::contains("aidline migrate"));
    }
    assert_eq!(
        std::fs::read(s.db()).unwrap(),
        before,
        "reading migrated nothing"
    );
    s.cmd(&["migrate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("from version 1"));
    s.cmd(&["stats"]).assert().success();
    s.cmd(&["migrate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("up to date"));
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let s = Scratch::new();
    with_demo(&s, "3000");
    let bin = assert_cmd::cargo::cargo_bin("aidline");
    let script = format!(
        "'{}' --db '{}' --lang en offer list --limit 3000 | head -n 2; echo \"status=${{PIPESTATUS[0]}}\" >&2",
        bin.display(),
        s.db().display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("AIDLINE_DATA_DIR", s.path("data"))
        .env("AIDLINE_SYSTEM_CONFIG", s.path("none.toml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    let status = stderr.trim().strip_prefix("status=").unwrap_or("?");
    // Ended by SIGPIPE like any Unix filter (128 + 13), not a panic (101).
    assert!(status == "141" || status == "0", "{stderr}");
}

#[test]
fn exit_codes_tell_failures_apart() {
    let s = Scratch::new();
    // 2: usage.
    s.cmd(&["offer", "list", "--no-such-flag"]).assert().code(2);
    s.cmd(&["--timezone", "Mars/Olympus", "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Mars/Olympus"));
    // 3: refused input, nothing written.
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "12",
        "--item",
        "ковдра",
        "--quantity",
        "1",
    ])
    .assert()
    .code(3);
    with_demo(&s, "20");
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдра",
        "--quantity",
        "0",
    ])
    .assert()
    // Out of the option's range (1..=10^9): refused by the argument parser, as a usage error.
    .code(2)
    .stderr(predicate::str::contains("1..=1000000000"));
    let bad = s.write(
        "bad.csv",
        "ref,organisation,item,quantity\nA-1,БФ,ковдри,lots\n",
    );
    s.cmd(&["import", "needs", bad.to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.csv"));
    // 4: not found.
    s.cmd(&["match", "confirm", "M-99999"]).assert().code(4);
    s.cmd(&["donor", "show", "0671111111"]).assert().code(4);
    s.cmd(&["import", "needs", s.path("missing.csv").to_str().unwrap()])
        .assert()
        .code(4);
    // 7: check found a problem.
    {
        let conn = rusqlite::Connection::open(s.db()).unwrap();
        conn.execute("UPDATE offers SET proposed = proposed + 1 WHERE id = 1", [])
            .unwrap();
    }
    s.cmd(&["check"]).assert().code(7);
    // The codes are documented in --help.
    s.cmd(&["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"))
        .stdout(predicate::str::contains("5  database busy"));
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_still_show() {
    let s = Scratch::new();
    s.cmd(&["--quiet", "demo", "--needs", "30", "--offers", "10"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    s.cmd(&["--quiet", "check"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    s.cmd(&["-q", "stats"]).assert().success().stdout("");
    s.cmd(&["-q", "match", "confirm", "M-99999"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("not found"));
}

#[test]
fn configuration_files_environment_and_flags_in_order() {
    let s = Scratch::new();
    let system = s.write(
        "system.toml",
        "db = \"/srv/aidline/from-system.db\"\nlang = \"uk\"\noperator = \"system\"\ntimezone = \"Europe/Kyiv\"\n",
    );
    std::fs::create_dir_all(s.path("config/aidline")).unwrap();
    s.write(
        "config/aidline/config.toml",
        "operator = \"olena\"\ntimezone = \"Europe/Warsaw\"\n[keys]\nsave = \"ctrl+s\"\n",
    );
    let paths = |extra: &[(&str, &str)], args: &[&str]| -> serde_json::Value {
        let mut c = assert_cmd::Command::cargo_bin("aidline").unwrap();
        c.env("AIDLINE_DATA_DIR", s.path("data"))
            .env("AIDLINE_SYSTEM_CONFIG", &system)
            .env("XDG_CONFIG_HOME", s.path("config"))
            .env_remove("AIDLINE_CONFIG")
            .env_remove("AIDLINE_DB")
            .env_remove("AIDLINE_LANG")
            .env_remove("AIDLINE_OPERATOR")
            .env_remove("AIDLINE_TIMEZONE");
        for (k, v) in extra {
            c.env(k, v);
        }
        let out = c.args(args).args(["paths", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = paths(&[], &[]);
    assert_eq!(v["database"]["path"], "/srv/aidline/from-system.db");
    assert_eq!(v["lang"], "uk", "from the system file");
    assert_eq!(
        v["operator"], "olena",
        "the user's file wins over the system's"
    );
    assert_eq!(v["timezone"], "Europe/Warsaw");
    assert_eq!(v["system_config"]["exists"], true);
    assert_eq!(v["user_config"]["exists"], true);
    let v = paths(
        &[
            ("AIDLINE_DB", "/env.db"),
            ("AIDLINE_TIMEZONE", "UTC"),
            ("AIDLINE_OPERATOR", "env"),
        ],
        &[],
    );
    assert_eq!(v["database"]["path"], "/env.db", "environment over files");
    assert_eq!(v["timezone"], "UTC");
    assert_eq!(v["operator"], "env");
    let v = paths(
        &[("AIDLINE_DB", "/env.db"), ("AIDLINE_LANG", "uk")],
        &["--db", "/flag.db", "--lang", "en", "--operator", "flag"],
    );
    assert_eq!(v["database"]["path"], "/flag.db", "flags over everything");
    assert_eq!(v["lang"], "en");
    assert_eq!(v["operator"], "flag");
    // The plain form names the places too.
    let mut c = assert_cmd::Command::cargo_bin("aidline").unwrap();
    c.env("AIDLINE_DATA_DIR", s.path("data"))
        .env("AIDLINE_SYSTEM_CONFIG", &system)
        .env("XDG_CONFIG_HOME", s.path("config"))
        .args(["--lang", "en", "paths"])
        .assert()
        .success()
        .stdout(predicate::str::contains(system.display().to_string()))
        .stdout(predicate::str::contains("from-system.db"))
        .stdout(predicate::str::contains(
            s.path("data").join("logs").display().to_string(),
        ));
}

#[test]
fn a_bad_configuration_file_names_file_and_line() {
    let s = Scratch::new();
    let user = s.write(
        "mine.toml",
        "lang = \"uk\"\n# the database\ndatabase = \"/srv/a.db\"\n",
    );
    s.cmd(&["--config", user.to_str().unwrap(), "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{}:3:", user.display())))
        .stderr(predicate::str::contains("database"));
    let user = s.write("keys.toml", "[keys]\nsave = \"ctrl+s\"\nexplode = \"f2\"\n");
    s.cmd(&["--config", user.to_str().unwrap(), "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keys.toml:3:"))
        .stderr(predicate::str::contains("explode"));
    s.cmd(&["--config", s.path("absent.toml").to_str().unwrap(), "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("absent.toml"));
    assert!(!s.db().exists());
}

#[test]
fn every_option_is_described_and_every_command_has_examples() {
    use clap::CommandFactory;
    let root = aidline::cli::Args::command();
    let mut missing = Vec::new();
    let mut no_examples = Vec::new();
    fn walk(
        cmd: &clap::Command,
        path: String,
        missing: &mut Vec<String>,
        no_examples: &mut Vec<String>,
    ) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        let subs: Vec<_> = cmd.get_subcommands().collect();
        if subs.is_empty() && !path.is_empty() {
            let after = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            if !after.contains("Examples:") {
                no_examples.push(path.clone());
            }
        }
        for sub in subs {
            walk(
                sub,
                format!("{path} {}", sub.get_name()),
                missing,
                no_examples,
            );
        }
    }
    walk(&root, String::new(), &mut missing, &mut no_examples);
    assert!(missing.is_empty(), "options without help: {missing:?}");
    assert!(
        no_examples.is_empty(),
        "commands without examples: {no_examples:?}"
    );
    let s = Scratch::new();
    s.cmd(&["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("AIDLINE_TIMEZONE"))
        .stdout(predicate::str::contains("/etc/aidline/config.toml"))
        .stdout(predicate::str::contains("Europe/Kyiv"));
}

#[test]
fn the_cli_speaks_ukrainian_throughout() {
    let s = Scratch::new();
    with_demo(&s, "40");
    let stats = s.cmd(&["--lang", "uk", "stats"]).output().unwrap();
    let stats = String::from_utf8(stats.stdout).unwrap();
    assert!(stats.contains("відкриті потреби"), "{stats}");
    assert!(!stats.contains("needs_open"), "{stats}");
    let list = s.cmd(&["--lang", "uk", "offer", "list"]).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("відкрита"), "{list}");
    assert!(!list.contains(" open "), "{list}");
    let check = s.cmd(&["--lang", "uk", "check"]).output().unwrap();
    assert!(
        String::from_utf8(check.stdout)
            .unwrap()
            .contains("перевірка цілісності")
    );
    s.cmd(&["--lang", "uk", "match", "confirm", "M-99999"])
        .assert()
        .code(4)
        .stderr(predicate::str::starts_with("помилка: "))
        .stderr(predicate::str::contains("не знайдено"));
    // The import's summary, with Ukrainian plural forms (2 рядки, 5 рядків).
    let two = s.write(
        "two.csv",
        "organisation,item,quantity\nБФ Світло,ковдри,5\nБФ Світло,подушки,4\n",
    );
    let out = s
        .cmd(&[
            "--lang",
            "uk",
            "import",
            "needs",
            two.to_str().unwrap(),
            "--dry-run",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("Імпортовано"), "{out}");
    assert!(out.contains("2 рядки"), "{out}");
    assert!(out.contains("1 нова організація"), "{out}");
    assert!(!out.contains(" rows"), "{out}");
    // JSON stays language-independent.
    let en = s.json(&["offer", "list", "--json", "--limit", "3"]);
    let uk = s.json(&["--lang", "uk", "offer", "list", "--json", "--limit", "3"]);
    assert_eq!(en, uk);
}

#[test]
fn completions_and_man_page() {
    let s = Scratch::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef aidline"),
        ("fish", "complete -c aidline"),
    ] {
        s.cmd(&["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("suggest"));
    }
    s.cmd(&["completions", "tcsh"]).assert().code(2);
    s.cmd(&["man"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie").or(predicate::str::contains(".TH aidline")))
        .stdout(predicate::str::contains("AIDLINE_DB"));
    let pages = s.path("man1");
    std::fs::create_dir(&pages).unwrap();
    s.cmd(&["man", "--dir", pages.to_str().unwrap()])
        .assert()
        .success();
    for page in [
        "aidline.1",
        "aidline-offer-list.1",
        "aidline-match-suggest.1",
    ] {
        let text = std::fs::read_to_string(pages.join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    let suggest = std::fs::read_to_string(pages.join("aidline-match-suggest.1")).unwrap();
    assert!(
        suggest.contains("Examples"),
        "the command's examples are in its page"
    );
    assert!(!s.db().exists(), "completions and man need no database");
}

#[test]
fn json_carries_stable_codes_beside_the_text() {
    let s = Scratch::new();
    with_demo(&s, "30");
    let en = s.json(&["match", "suggest", "--offer", "O-3", "--json"]);
    let uk = s.json(&[
        "--lang", "uk", "match", "suggest", "--offer", "O-3", "--json",
    ]);
    let (en, uk) = (en.as_array().unwrap(), uk.as_array().unwrap());
    assert!(!en.is_empty());
    for (e, u) in en.iter().zip(uk) {
        assert_eq!(
            e["reason_codes"], u["reason_codes"],
            "codes do not depend on the language"
        );
        assert_ne!(e["reasons"], u["reasons"], "the text does");
        assert_eq!(
            e["reason_codes"].as_array().unwrap().len(),
            e["reasons"].as_array().unwrap().len()
        );
    }
    // Errors under --json are one JSON object on stderr.
    let out = s
        .cmd(&[
            "--lang", "uk", "match", "suggest", "--offer", "O-99999", "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
    assert_eq!(err["error"]["exit"], 4);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("не знайдено")
    );
}

#[test]
fn ukrainian_counts_take_the_right_plural_form() {
    let s = Scratch::new();
    // 22 needs (few), 5 offers (many), 1 … the generator decides organisations and donors.
    let out = s
        .cmd(&["--lang", "uk", "demo", "--needs", "22", "--offers", "5"])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "no progress bar without a terminal");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("22 потреби"), "{text}");
    assert!(text.contains("5 пропозицій"), "{text}");
    let s = Scratch::new();
    let out = s
        .cmd(&["--lang", "uk", "demo", "--needs", "21", "--offers", "11"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("21 потреба"), "{text}");
    assert!(text.contains("11 пропозицій"), "{text}");
}

#[test]
fn log_files_are_private() {
    let s = Scratch::new();
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдра",
        "--quantity",
        "2",
    ])
    .assert()
    .success();
    let logs = s.path("data").join("logs");
    let dir_mode = std::fs::metadata(&logs).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700, "logs directory");
    let files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for f in files {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
    }
}

#[test]
fn needed_by_expires_at_local_midnight_in_the_store() {
    use aidline::domain::{Accepts, FixedClock, InZone, Location, Urgency};
    use aidline::store::{NewNeed, Store};
    use std::sync::Arc;
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let store = Store::open_in_memory("tester")
        .unwrap()
        .with_clock(Arc::new(FixedClock(at("2026-12-01T21:30:00Z"))));
    let mut store = store;
    store
        .add_need(&NewNeed {
            organisation: "БФ Світло".into(),
            partner_ref: None,
            item: "ковдри".into(),
            category: None,
            quantity: 10,
            unit: None,
            urgency: Urgency::High,
            location: Location::default(),
            accepts: Accepts::Any,
            needed_by: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            notes: None,
        })
        .unwrap();
    // 23:30 in Kyiv on 1 December: still open.
    assert_eq!(store.stats().unwrap().needs_open, 1);
    // 00:30 in Kyiv on 2 December (22:30 UTC on the 1st): expired.
    let store = store.with_clock(Arc::new(FixedClock(at("2026-12-01T22:30:00Z"))));
    assert_eq!(store.stats().unwrap().needs_open, 0);
    // A call centre configured in UTC still has a day to go.
    let store = store.with_clock(Arc::new(InZone(
        FixedClock(at("2026-12-01T22:30:00Z")),
        chrono_tz::UTC,
    )));
    assert_eq!(store.stats().unwrap().needs_open, 1);
}
