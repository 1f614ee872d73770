//! The promises of docs/RELIABILITY.md that belong to erasure, backups and limits: each test here
//! is named there.

mod common;

use aidline::domain::limits::{self, QUANTITY_MAX};
use aidline::domain::{
    Accepts, CallOutcome, Condition, FixedClock, Location, MatchStatus, Phone, Urgency,
};
use aidline::store::{NewCall, NewNeed, NewOffer, Store, StoreError};
use chrono::TimeZone;
use common::Scratch;
use predicates::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Every way a Ukrainian operator or a partner writes the donor's number, and the name.
const PHONE_FORMS: [&str; 9] = [
    "+380951234567",
    "380951234567",
    "0951234567",
    "095 123 45 67",
    "095-123-45-67",
    "(095) 123-45-67",
    "951234567",
    "123 45 67",
    "123-45-67",
];
const NAME_PARTS: [&str; 3] = ["Оксана", "Оксан", "Коваленко"];

fn files_holding(paths: &[std::path::PathBuf], needle: &str) -> Vec<String> {
    paths
        .iter()
        .filter(|p| common::file_contains(p, needle.as_bytes()))
        .map(|p| p.display().to_string())
        .collect()
}

/// The database, its WAL and every log file.
fn all_files(s: &Scratch) -> Vec<std::path::PathBuf> {
    let mut files = vec![s.db(), s.path("test.db-wal"), s.path("test.db-shm")];
    if let Ok(dir) = std::fs::read_dir(s.path("data").join("logs")) {
        files.extend(dir.map(|e| e.unwrap().path()));
    }
    files
}

#[test]
fn erasure_leaves_no_written_form_of_the_phone_or_the_name_in_db_wal_or_logs() {
    let s = Scratch::new();
    let needs = s.write(
        "needs.csv",
        "ref,organisation,item,quantity,unit,urgency,location,notes\n\
         A-1,БФ Світло,ковдри теплі,20,шт,high,Харків,\"донорка Оксана Коваленко, тел. 095 123 45 67\"\n\
         A-2,БФ Світло,подушки,10,шт,normal,Харків,\n",
    );
    s.json(&["import", "needs", needs.to_str().unwrap(), "--json"]);
    s.json(&[
        "offer",
        "add",
        "--phone",
        "095 123 45 67",
        "--name",
        "Оксана Коваленко",
        "--item",
        "ковдри від Оксани",
        "--quantity",
        "5",
        "--location",
        "Харків",
        "--notes",
        "дзвонити на 095-123-45-67 після 18:00, під'їзд 2",
        "--json",
    ]);
    // Another donor's offer whose notes name her (a neighbour passing on the number).
    s.json(&[
        "offer",
        "add",
        "--phone",
        "067 765 43 21",
        "--name",
        "Петро",
        "--item",
        "подушки",
        "--quantity",
        "3",
        "--notes",
        "від сусідки Оксани Коваленко (+380951234567), теж має ковдри",
        "--json",
    ]);
    s.cmd(&["match", "propose", "--offer", "O-1", "--need", "N-1"])
        .assert()
        .success();
    s.cmd(&[
        "match",
        "decline",
        "M-1",
        "--reason",
        "не відповідає 095 123 45 67, Оксана",
    ])
    .assert()
    .success();
    s.cmd(&["match", "propose", "--offer", "O-2", "--need", "N-2"])
        .assert()
        .success();
    s.cmd(&[
        "match",
        "cancel",
        "M-2",
        "--reason",
        "Петро каже, Оксана Коваленко (0951234567) забрала сама",
    ])
    .assert()
    .success();
    {
        let mut store = s.open();
        let now = store.clock().now();
        store
            .log_call(&NewCall {
                phone: Some(Phone::parse("0951234567").unwrap()),
                donor_id: None,
                offer_id: None,
                outcome: CallOutcome::CallBack,
                callback_at: Some(now),
                notes: Some("передзвонити Оксані на 095 123 45 67 ввечері".into()),
                started_at: now,
            })
            .unwrap();
        store
            .log_call(&NewCall {
                phone: Some(Phone::parse("067 765 43 21").unwrap()),
                donor_id: None,
                offer_id: None,
                outcome: CallOutcome::NothingToOffer,
                callback_at: None,
                notes: Some("питав про Оксану Коваленко, 095-123-45-67".into()),
                started_at: now,
            })
            .unwrap();
        store
            .save_draft(r#"{"phone":"0951234567","name":"Оксана Коваленко","item":"ковдри"}"#)
            .unwrap();
    }
    // The test can fail: before erasure the files hold them.
    let files = all_files(&s);
    assert!(!files_holding(&files, "095 123 45 67").is_empty());
    assert!(!files_holding(&files, "Коваленко").is_empty());

    s.cmd(&["donor", "forget", "+38 (095) 123-45-67"])
        .assert()
        .success();
    // Reads after the erasure, as a user would check.
    s.json(&["offer", "list", "--json"]);
    s.cmd(&["check"]).assert().success();

    let files = all_files(&s);
    assert!(
        files.iter().any(|f| f.starts_with(s.path("data"))),
        "logs exist"
    );
    for needle in PHONE_FORMS.iter().chain(NAME_PARTS.iter()) {
        let holding = files_holding(&files, needle);
        assert!(holding.is_empty(), "{needle:?} left in {holding:?}");
    }
    // What is not hers stays, with only her number and name blanked.
    let offers = s.json(&["offer", "list", "--json"]);
    let items: Vec<&str> = offers
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["item"].as_str().unwrap())
        .collect();
    assert!(items.contains(&"ковдри від [erased]"), "{items:?}");
    assert!(items.contains(&"подушки"), "{items:?}");
    let store = s.open();
    let petro = store
        .donor_view(&Phone::parse("067 765 43 21").unwrap())
        .unwrap();
    assert_eq!(
        store.offer(petro.offers[0].id).unwrap().notes.as_deref(),
        Some("від сусідки [erased] ([erased]), теж має ковдри")
    );
    assert_eq!(
        store.match_by_id(2).unwrap().reason.as_deref(),
        Some("Петро каже, [erased] ([erased]) забрала сама")
    );
    assert_eq!(store.match_by_id(1).unwrap().reason, None);
    assert!(store.draft().unwrap().is_none());
    let calls = store.list_calls(0, 10).unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].notes, None, "her callback notes are gone");
    assert_eq!(
        calls[0].notes.as_deref(),
        Some("питав про [erased], [erased]"),
        "her name in any form, and her number, are blanked in someone else's notes too"
    );
}

#[test]
fn erasure_blanks_the_audit_copies_of_reasons() {
    let clock = FixedClock(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 21, 10, 0, 0)
            .unwrap(),
    );
    let mut s = Store::open_in_memory("tester")
        .unwrap()
        .with_clock(Arc::new(clock));
    let offer = s
        .add_offer(&NewOffer {
            phone: Phone::parse("095 123 45 67").unwrap(),
            name: Some("Оксана".into()),
            item: "ковдра".into(),
            category: None,
            quantity: 4,
            unit: None,
            condition: Condition::Good,
            location: Location::default(),
            notes: None,
            available_until: None,
        })
        .unwrap();
    let need = s
        .add_need(&NewNeed {
            organisation: "Прихисток «Дім»".into(),
            partner_ref: None,
            item: "ковдри".into(),
            category: None,
            quantity: 4,
            unit: None,
            urgency: Urgency::High,
            location: Location::default(),
            accepts: Accepts::Any,
            needed_by: None,
            notes: None,
        })
        .unwrap();
    let m = s.propose(offer.id, need.id, None).unwrap();
    s.set_match_status(
        m.id,
        MatchStatus::Declined,
        Some("не відповідає 0951234567, Оксана"),
    )
    .unwrap();
    let has = |s: &Store, text: &str| {
        s.audit_rows("match")
            .unwrap()
            .iter()
            .any(|r| r.contains(text))
    };
    assert!(has(&s, "0951234567") && has(&s, "Оксана"));
    s.forget_donor(&Phone::parse("0951234567").unwrap())
        .unwrap();
    for text in ["0951234567", "Оксана", "не відповідає"] {
        assert!(!has(&s, text), "audit still holds {text}");
    }
    assert!(has(&s, "\"reason\":null"), "{:?}", s.audit_rows("match"));
}

/// `kill -9` at several moments of a 20,000-row import: every time the database holds all the
/// rows or none, and `check` passes.
#[cfg(unix)]
#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    use std::fmt::Write as _;
    const ROWS: i64 = 20_000;
    let mut csv = String::from("ref,organisation,item,quantity,unit,urgency,location,notes\n");
    let orgs = ["БФ Світло", "Прихисток «Дім»", "ГО \"Схід\"", "Лікарня №3"];
    let items = [
        "ковдри теплі",
        "памперси для дорослих",
        "консерви м'ясні",
        "дитячі куртки",
    ];
    for i in 0..ROWS {
        let i = i as usize;
        writeln!(
            csv,
            "R-{i},{},{},{},шт,high,Харків,\"рядок {i}; для переселенців\"",
            orgs[i % 4],
            items[i % 4],
            1 + i % 50
        )
        .unwrap();
    }
    let mut killed = 0;
    for delay_ms in [100u64, 600, 1500, 3000, 5000, 7000] {
        let s = Scratch::new();
        let file = s.write("big.csv", &csv);
        s.cmd(&["migrate"]).assert().success();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aidline"))
            .env("AIDLINE_DATA_DIR", s.path("data"))
            .arg("--db")
            .arg(s.db())
            .args(["--lang", "en", "import", "needs"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        let status = child.wait().unwrap();
        let needs = s.json(&["stats", "--json"])["needs"].as_i64().unwrap();
        assert!(
            needs == 0 || needs == ROWS,
            "killed after {delay_ms} ms ({status}): {needs} of {ROWS} rows"
        );
        if status.success() {
            assert_eq!(needs, ROWS);
        }
        s.cmd(&["check"]).assert().success();
    }
    assert!(
        killed > 0,
        "no import was interrupted: make the file bigger"
    );
}

// ---------------------------------------------------------------------------------------------
// Backups

fn demo(s: &Scratch) {
    s.cmd(&["demo", "--needs", "2000", "--offers", "200", "--seed", "3"])
        .assert()
        .success();
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn check_json(s: &Scratch, db: &Path) -> serde_json::Value {
    let out = s
        .cmd(&["check", "--json"])
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A backup to a 64 KiB tmpfs: refused, nothing left there; after the mount grows, the same
/// command works. Needs root (mount); skipped otherwise, the write-error test below covers it.
#[cfg(target_os = "linux")]
#[test]
fn a_backup_to_a_full_disk_leaves_nothing_and_a_retry_works() {
    let s = Scratch::new();
    demo(&s);
    let mnt = s.path("usb");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|st| st.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&mnt);
    let dest = mnt.join("aidline-backup.db");
    s.cmd(&["backup", dest.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("full").or(predicate::str::contains("space")));
    assert_eq!(entries(&mnt), Vec::<String>::new(), "nothing left behind");
    let grown = std::process::Command::new("mount")
        .args(["-o", "remount,size=64m"])
        .arg(&mnt)
        .status()
        .unwrap();
    assert!(grown.success());
    s.cmd(&["backup", dest.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("2000 needs, 200 offers"));
    assert_eq!(entries(&mnt), vec!["aidline-backup.db".to_string()]);
    let report = check_json(&s, &dest);
    assert_eq!(report["needs"], 2000);
    assert_eq!(report["offers"], 200);
}

/// The same with a simulated write error for any user: the file size limit (ulimit -f) makes
/// the copy fail part-way.
#[cfg(target_os = "linux")]
#[test]
fn a_backup_that_fails_part_way_removes_what_it_wrote() {
    let s = Scratch::new();
    demo(&s);
    let out_dir = s.path("backups");
    std::fs::create_dir(&out_dir).unwrap();
    let dest = out_dir.join("nightly.db");
    let bin = assert_cmd::cargo::cargo_bin("aidline");
    // 512-byte blocks: 256 KiB, more than the -shm needs, less than the database.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 512; exec \"$@\"")
        .arg("sh")
        .arg(&bin)
        .arg("--db")
        .arg(s.db())
        .args(["--lang", "en", "backup"])
        .arg(&dest)
        .env("AIDLINE_DATA_DIR", s.path("data"))
        .output()
        .unwrap();
    assert!(
        std::fs::metadata(s.db()).unwrap().len() > 512 * 512,
        "the database is larger than the limit"
    );
    assert!(!out.status.success(), "the backup must fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("already exists"), "{stderr}");
    assert_eq!(entries(&out_dir), Vec::<String>::new(), "{stderr}");
    // A retry without the limit works.
    s.cmd(&["backup", dest.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(entries(&out_dir), vec!["nightly.db".to_string()]);
}

#[cfg(unix)]
#[test]
fn a_backup_removes_the_partial_file_of_a_killed_one() {
    let s = Scratch::new();
    s.cmd(&["migrate"]).assert().success();
    let dir = s.path("backups");
    std::fs::create_dir(&dir).unwrap();
    // Beyond Linux's largest pid: that process is surely gone.
    let dead = dir.join(".nightly.db.partial-4194305");
    let dead_journal = dir.join(".nightly.db.partial-4194305-journal");
    // A running backup's file (this test's own pid) is left alone.
    let live = dir.join(format!(".nightly.db.partial-{}", std::process::id()));
    let other = dir.join(".other.db.partial-4194305");
    for f in [&dead, &dead_journal, &live, &other] {
        std::fs::write(f, b"half a copy").unwrap();
    }
    s.cmd(&["backup", dir.join("nightly.db").to_str().unwrap()])
        .assert()
        .success();
    let mut left = entries(&dir);
    left.sort();
    let mut expected = vec![
        ".other.db.partial-4194305".to_string(),
        live.file_name().unwrap().to_string_lossy().into_owned(),
        "nightly.db".to_string(),
    ];
    expected.sort();
    assert_eq!(left, expected);
}

#[test]
fn check_says_what_a_backup_holds_and_when_it_was_taken() {
    let s = Scratch::new();
    demo(&s);
    let live = check_json(&s, &s.db());
    assert_eq!(live["needs"], 2000);
    assert!(live["backup_taken_at"].is_null(), "{live}");
    let copy = s.path("copy.db");
    s.cmd(&["backup", copy.to_str().unwrap()])
        .assert()
        .success();
    let report = check_json(&s, &copy);
    assert_eq!(report["needs"], 2000);
    assert_eq!(report["offers"], 200);
    assert!(report["donors"].as_i64().unwrap() > 0);
    let taken = report["backup_taken_at"].as_str().unwrap();
    let taken = chrono::DateTime::parse_from_rfc3339(taken).unwrap();
    assert!((chrono::Utc::now() - taken.to_utc()).num_minutes().abs() < 10);
    // An empty database's backup says so in words.
    let empty = Scratch::new();
    empty.cmd(&["migrate"]).assert().success();
    let empty_copy = empty.path("empty-copy.db");
    empty
        .cmd(&["backup", empty_copy.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 needs, 0 offers, 0 donors"));
    empty
        .cmd(&["check"])
        .arg("--db")
        .arg(&empty_copy)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"needs\s+0\n").unwrap())
        .stdout(predicate::str::is_match(r"backup taken at\s+20").unwrap());
    // The copy is one self-contained file.
    assert!(!empty.path("empty-copy.db-wal").exists());
}

// ---------------------------------------------------------------------------------------------
// Limits and the text check

fn add_offer_args<'a>(quantity: &'a str, item: &'a str) -> Vec<&'a str> {
    vec![
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        item,
        "--quantity",
        quantity,
    ]
}

#[test]
fn cli_quantity_and_limit_are_refused_at_their_edges_with_the_limit() {
    let s = Scratch::new();
    for bad in [
        "9223372036854775807",
        "1000000001",
        "-1",
        "0",
        "99999999999999999999",
    ] {
        let out = s.cmd(&add_offer_args(bad, "ковдра")).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{bad} accepted");
        assert!(stderr.contains("--quantity"), "{bad}: {stderr}");
        assert!(!stderr.contains("unexpected argument"), "{bad}: {stderr}");
        if bad != "99999999999999999999" {
            assert!(stderr.contains("1..=1000000000"), "{bad}: {stderr}");
        }
    }
    s.cmd(&add_offer_args("1000000000", "ковдра"))
        .assert()
        .success();
    s.cmd(&add_offer_args("1", "ковдра")).assert().success();
    for bad in ["18446744073709551615", "1000001", "0", "-5"] {
        let out = s.cmd(&["offer", "list", "--limit", bad]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "--limit {bad} accepted");
        assert!(!stderr.contains("datatype mismatch"), "{stderr}");
        assert!(stderr.contains("--limit"), "{stderr}");
    }
    assert_eq!(
        s.json(&["offer", "list", "--limit", "1000000", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let out = s
        .cmd(&["match", "suggest", "--item", "ковдра", "--quantity", "-3"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("1..=1000000000"));
}

#[test]
fn cli_refuses_invisible_and_oversized_text_and_writes_nothing() {
    let s = Scratch::new();
    let long_item = "ж".repeat(limits::ITEM.max_chars + 1);
    let long_phone = "0".repeat(100_000);
    for (args, field, why) in [
        (
            add_offer_args("2", "\u{200B}\u{200D}\u{FEFF}"),
            "item",
            "invisible",
        ),
        (add_offer_args("2", &long_item), "item", "at most 200"),
        (add_offer_args("2", "ковдра\u{1b}[2J"), "item", "U+001B"),
    ] {
        s.cmd(&args).assert().failure().stderr(
            predicate::str::contains(format!("{field}: ")).and(predicate::str::contains(why)),
        );
    }
    let out = s
        .cmd(&[
            "offer",
            "add",
            "--phone",
            &long_phone,
            "--item",
            "ковдра",
            "--quantity",
            "1",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stderr.len() < 500, "the error does not echo 100 kB");
    let long_place = "Харків ".repeat(5_000);
    let mut place_args = add_offer_args("2", "ковдра");
    place_args.extend(["--location", &long_place]);
    let out = s.cmd(&place_args).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("location: no place called 'Харків Харків"),
        "{stderr}"
    );
    assert!(stderr.len() < 500, "the error does not echo 65 kB");
    let mut name_args = add_offer_args("2", "ковдра");
    let long_name = "Я".repeat(limits::NAME.max_chars + 1);
    name_args.extend(["--name", &long_name]);
    s.cmd(&name_args)
        .assert()
        .failure()
        .stderr(predicate::str::contains("name: is 101 characters long"));
    // The trimmed form is what is kept.
    let saved = s.json(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "\u{FEFF}\u{A0}ковдра\u{200B} ",
        "--quantity",
        "2",
        "--json",
    ]);
    assert_eq!(saved["item"], "ковдра");
    assert_eq!(s.json(&["stats", "--json"])["offers"], 1);
}

#[test]
fn imports_refuse_invisible_names_and_nul_naming_line_and_field() {
    let s = Scratch::new();
    let needs = s.write(
        "needs.csv",
        "organisation,item,quantity\n\
         БФ Світло,ковдри,5\n\
         \u{200B}\u{200B},ковдри,5\n\
         БФ Світло,ковдри,6\n\
         БФ Світло,\u{2060},5\n",
    );
    let out = s
        .cmd(&["import", "needs", needs.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("needs.csv:3: organisation: holds only invisible characters"),
        "{stderr}"
    );
    assert!(
        stderr.contains("needs.csv:5: item: holds only invisible characters"),
        "{stderr}"
    );
    // A NUL is not text: the decoder refuses the file at its line, column and byte.
    let nul = s.write(
        "nul.csv",
        "organisation,item,quantity\n\
         БФ Світло,ковдри,5\n\
         БФ Світло,ков\0дри,5\n",
    );
    let out = s
        .cmd(&["import", "needs", nul.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("nul.csv:3:"), "{stderr}");
    assert!(stderr.contains("byte 0x00"), "{stderr}");
    let orgs = s.write(
        "orgs.csv",
        format!(
            "name,kind,helps_with\n\u{FEFF}\u{200C},ngo,\nДобро,ngo,{}\n",
            "ї".repeat(limits::HELPS_WITH.max_chars + 1)
        ),
    );
    let out = s
        .cmd(&["import", "orgs", orgs.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("orgs.csv:2: name: holds only invisible"),
        "{stderr}"
    );
    assert!(
        stderr.contains("orgs.csv:3: helps_with: is 501 characters"),
        "{stderr}"
    );
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["needs"], 0);
    assert_eq!(stats["organisations"], 0);
}

fn store() -> Store {
    Store::open_in_memory("tester").unwrap()
}

fn new_offer(item: &str, quantity: i64, notes: Option<String>) -> NewOffer {
    NewOffer {
        phone: Phone::parse("0951679026").unwrap(),
        name: Some("Олена".into()),
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        condition: Condition::Good,
        location: Location::default(),
        notes,
        available_until: None,
    }
}

fn field_of(e: StoreError) -> &'static str {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("not a field error: {other}"),
    }
}

#[test]
fn the_store_holds_every_path_to_the_limits_at_their_edges() {
    let mut s = store();
    let at = |n: usize| "ш".repeat(n);
    // Offers (console and CLI): item, notes, name, quantity.
    let ok = s
        .add_offer(&new_offer(&at(200), QUANTITY_MAX, Some(at(2000))))
        .unwrap();
    assert_eq!(ok.tally.total, QUANTITY_MAX);
    assert_eq!(
        field_of(s.add_offer(&new_offer(&at(201), 1, None)).unwrap_err()),
        "item"
    );
    assert_eq!(
        field_of(
            s.add_offer(&new_offer("ковдра", 1, Some(at(2001))))
                .unwrap_err()
        ),
        "notes"
    );
    assert_eq!(
        field_of(
            s.add_offer(&new_offer("ковдра", QUANTITY_MAX + 1, None))
                .unwrap_err()
        ),
        "quantity"
    );
    assert_eq!(
        field_of(s.add_offer(&new_offer("ковдра", 0, None)).unwrap_err()),
        "quantity"
    );
    assert_eq!(
        field_of(s.add_offer(&new_offer("ковдра\0", 1, None)).unwrap_err()),
        "item"
    );
    let mut named = new_offer("ковдра", 1, None);
    named.name = Some(at(101));
    assert_eq!(field_of(s.add_offer(&named).unwrap_err()), "name");
    named.name = Some("\u{200B}".into());
    assert_eq!(field_of(s.add_offer(&named).unwrap_err()), "name");
    // Notes keep tab and newline, refuse other control characters.
    let kept = s
        .add_offer(&new_offer(
            "ковдра",
            1,
            Some("1. ковдра\r\n\t2. подушка".into()),
        ))
        .unwrap();
    assert_eq!(kept.notes.as_deref(), Some("1. ковдра\n\t2. подушка"));
    assert_eq!(
        field_of(
            s.add_offer(&new_offer("ковдра", 1, Some("a\u{8}b".into())))
                .unwrap_err()
        ),
        "notes"
    );
    // Needs (imports and any other path).
    let need = |org: &str, item: &str, quantity: i64, r: Option<String>| NewNeed {
        organisation: org.into(),
        partner_ref: r,
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        urgency: Urgency::Normal,
        location: Location::default(),
        accepts: Accepts::Any,
        needed_by: None,
        notes: None,
    };
    let n = s
        .add_need(&need(&at(200), "ковдри", QUANTITY_MAX, Some(at(64))))
        .unwrap();
    assert_eq!(n.tally.total, QUANTITY_MAX);
    for (bad, field) in [
        (need(&at(201), "ковдри", 1, None), "organisation"),
        (need("\u{200B}", "ковдри", 1, None), "organisation"),
        (need("Дім", "ковдри", 1, Some(at(65))), "ref"),
        (need("Дім", "ковдри", QUANTITY_MAX + 1, None), "quantity"),
        (need("Дім", "\u{3164}", 1, None), "item"),
    ] {
        assert_eq!(field_of(s.add_need(&bad).unwrap_err()), field);
    }
    // Calls (callback notes) and match reasons.
    let now = s.clock().now();
    let call = |notes: String| NewCall {
        phone: None,
        donor_id: None,
        offer_id: None,
        outcome: CallOutcome::NothingToOffer,
        callback_at: None,
        notes: Some(notes),
        started_at: now,
    };
    s.log_call(&call(at(2000))).unwrap();
    assert_eq!(field_of(s.log_call(&call(at(2001))).unwrap_err()), "notes");
    assert_eq!(
        field_of(s.log_call(&call("\0".into())).unwrap_err()),
        "notes"
    );
    let small = s.add_offer(&new_offer("ковдра", 3, None)).unwrap();
    let m = s.propose(small.id, n.id, Some(1)).unwrap();
    assert_eq!(
        field_of(
            s.set_match_status(m.id, MatchStatus::Declined, Some(&at(501)))
                .unwrap_err()
        ),
        "reason"
    );
    let declined = s
        .set_match_status(m.id, MatchStatus::Declined, Some(&format!(" {} ", at(500))))
        .unwrap();
    assert_eq!(declined.reason.unwrap(), at(500));
    assert_eq!(s.stats().unwrap().offers, 3, "refused offers wrote nothing");
}
