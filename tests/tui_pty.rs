//! The real binary in a pseudo-terminal: the acceptance call flow key for key, then the database;
//! and a dropped session (SIGHUP) that keeps the draft and offers it back on the next start.

#![cfg(unix)]

use aidline::domain::{Accepts, CallOutcome, Phone, Urgency};
use aidline::store::{NewNeed, Store, resolve_location};
use expectrl::Session as ExpectSession;
use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::session::OsSession;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const F10: &str = "\x1b[21~";
const CTRL_S: &str = "\x13";

struct Console {
    session: OsSession,
    screen: vt100::Parser,
    raw: Vec<u8>,
}

impl Console {
    fn start(db: &Path, data: &Path) -> Console {
        // The console opens only an existing database (`aidline init` makes one).
        if !db.exists() {
            drop(Store::open(db, "setup").unwrap());
        }
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_aidline"));
        cmd.env("AIDLINE_DATA_DIR", data)
            .env("TERM", "xterm-256color")
            .env_remove("AIDLINE_DB")
            .arg("--db")
            .arg(db)
            .args(["--lang", "en", "--operator", "e2e"]);
        let session = ExpectSession::spawn(cmd).expect("spawn in a pty");
        Console {
            session,
            screen: vt100::Parser::new(
                std::num::NonZeroU16::new(24).unwrap(),
                std::num::NonZeroU16::new(80).unwrap(),
                0,
            ),
            raw: Vec::new(),
        }
    }

    fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    self.screen.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(_) => break,
            }
        }
    }

    fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Wait until the screen shows `what`.
    fn wait_for(&mut self, what: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            self.pump();
            if self.text().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{what:?} never appeared; the screen:\n{}", self.text());
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
        self.pump();
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        use std::io::Write;
        self.session.write_all(bytes).unwrap();
        self.session.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
        self.pump();
    }

    /// Wait for the process to end; its exit status.
    fn wait_exit(&mut self) -> WaitStatus {
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            self.pump();
            let status = self.session.get_process().status().unwrap();
            if !matches!(status, WaitStatus::StillAlive) {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the console did not exit; the screen:\n{}", self.text());
    }
}

fn seed(db: &Path) {
    let mut s = Store::open(db, "setup").unwrap();
    for (org, item, qty, urgency, place) in [
        ("БФ Світло", "ковдри", 30, Urgency::Critical, "Харків"),
        ("Прихисток Дім", "ковдри теплі", 8, Urgency::High, "Київ"),
        ("Лікарня №3", "подушки", 20, Urgency::Normal, "Дніпро"),
    ] {
        s.add_need(&NewNeed {
            organisation: org.into(),
            partner_ref: None,
            item: item.into(),
            category: None,
            quantity: qty,
            unit: None,
            urgency,
            location: resolve_location(Some(place)).unwrap(),
            accepts: Accepts::Any,
            needed_by: None,
            notes: None,
        })
        .unwrap();
    }
}

#[test]
fn the_call_flow_in_a_real_terminal_ends_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    seed(&db);
    let mut c = Console::start(&db, &dir.path().join("data"));
    c.wait_for("F2 Call");
    c.send("050 111 22 33");
    c.send("\r");
    c.wait_for("New donor");
    c.send("Petro\t");
    c.send("blankets\t");
    c.send("10\t");
    c.send("\t"); // unit: filled from the category
    c.send("g\t"); // condition: good
    c.send("Kharkiv\t");
    c.send("after 6pm");
    c.wait_for("БФ Світло");
    c.send(CTRL_S);
    c.wait_for("Saved offer O-1");
    c.wait_for("Needs for O-1");
    c.send("\r");
    c.wait_for("Proposed M-1");
    c.send(F10);
    let status = c.wait_exit();
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "exit status {status:?}"
    );
    // The terminal was given back: alternate screen left, cursor shown.
    let raw = String::from_utf8_lossy(&c.raw);
    assert!(raw.contains("\x1b[?1049l"), "alternate screen not left");
    assert!(raw.contains("\x1b[?25h"), "cursor not shown again");

    let s = Store::open(&db, "check").unwrap();
    let phone = Phone::parse("050 111 22 33").unwrap();
    let view = s.donor_view(&phone).unwrap();
    assert_eq!(view.donor.name.as_deref(), Some("Petro"));
    assert_eq!(view.offers.len(), 1);
    let offer = &view.offers[0];
    assert_eq!(offer.item, "blankets");
    assert_eq!(offer.tally.total, 10);
    assert_eq!(offer.notes.as_deref(), Some("after 6pm"));
    assert_eq!(view.matches.len(), 1);
    let m = &view.matches[0];
    assert_eq!(m.need_id, 1, "the Kharkiv need, critical, comes first");
    assert_eq!(m.quantity, 10);
    assert_eq!(m.status, aidline::domain::MatchStatus::Proposed);
    let calls = s.list_calls(0, 10).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].outcome, CallOutcome::OfferLogged);
    assert_eq!(calls[0].operator, "e2e");
    assert!(s.draft().unwrap().is_none());
}

#[test]
fn a_dropped_session_keeps_the_draft_and_the_next_start_offers_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hup.db");
    seed(&db);
    let data = dir.path().join("data");
    let mut c = Console::start(&db, &data);
    c.wait_for("F2 Call");
    c.send("050 111 22 33\r");
    c.send("Petro\t");
    c.send("ковдри");
    c.wait_for("ковдри Blankets");
    std::thread::sleep(Duration::from_millis(300));
    c.session.get_process_mut().signal(Signal::SIGHUP).unwrap();
    let status = c.wait_exit();
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "exit status after SIGHUP {status:?}"
    );
    let s = Store::open(&db, "e2e").unwrap();
    let draft = s.draft().unwrap().expect("the draft is kept");
    assert!(draft.json.contains("ковдри"), "{}", draft.json);
    assert!(draft.json.contains("Petro"), "{}", draft.json);
    drop(s);

    let mut again = Console::start(&db, &data);
    again.wait_for("Unsaved entry");
    again.send("y");
    again.wait_for("ковдри Blankets");
    again.wait_for("БФ Світло");
    // F10 asks first: the entry is still unsaved; yes keeps the draft.
    again.send(F10);
    again.wait_for("Quit?");
    again.send("y");
    again.wait_exit();
    let s = Store::open(&db, "e2e").unwrap();
    assert!(s.draft().unwrap().is_some());
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("term.db");
    let mut c = Console::start(&db, &dir.path().join("data"));
    c.wait_for("F2 Call");
    c.send("050 111 22 33\rOlena\tpillows");
    c.wait_for("pillows");
    std::thread::sleep(Duration::from_millis(300));
    c.session.get_process_mut().signal(Signal::SIGTERM).unwrap();
    c.wait_exit();
    let raw = String::from_utf8_lossy(&c.raw);
    assert!(raw.contains("\x1b[?1049l"), "alternate screen not left");
    let s = Store::open(&db, "e2e").unwrap();
    assert!(s.draft().unwrap().unwrap().json.contains("pillows"));
}

#[test]
fn a_megabyte_paste_is_cut_at_the_field_limit_at_once_and_sigterm_still_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("paste.db");
    let mut c = Console::start(&db, &dir.path().join("data"));
    c.wait_for("F2 Call");
    c.send("050 111 22 33\r");
    // 1 MB of a name and a line break, as a bracketed paste: the break must not submit.
    let line = "Оксана Петрівна Коваленко\n";
    let text = line.repeat(1_000_000 / line.len() + 1);
    assert!(text.len() >= 1_000_000);
    let started = Instant::now();
    c.send(&format!("\x1b[200~{text}\x1b[201~"));
    c.wait_for("Pasted text cut");
    let took = started.elapsed();
    // A generous bound (a debug build on a busy machine), not a benchmark: it was minutes.
    assert!(took < Duration::from_secs(10), "the paste took {took:?}");
    // The console still answers keys, and the name field holds the limit, on one line.
    c.send("\t");
    c.send("pillows");
    c.wait_for("pillows");
    std::thread::sleep(Duration::from_millis(300));
    c.session.get_process_mut().signal(Signal::SIGTERM).unwrap();
    c.wait_exit();
    let s = Store::open(&db, "e2e").unwrap();
    let draft = s.draft().unwrap().expect("the draft is kept");
    let data: serde_json::Value = serde_json::from_str(&draft.json).unwrap();
    let name = data["name"].as_str().unwrap();
    assert_eq!(name.chars().count(), aidline::tui::limits::NAME);
    assert!(
        name.starts_with("Оксана Петрівна Коваленко Оксана"),
        "{name}"
    );
    assert!(!name.contains('\n'));
    assert_eq!(data["item"].as_str(), Some("pillows"));
}

/// Issue 13.7, reproduced and NOT fixed: crossterm 0.29's input parser clears its whole buffer
/// on invalid UTF-8, so a truncated multi-byte sequence (a lone 0xD0, the first half of «е»)
/// swallows the next, valid key. crossterm's parser is private; the fix needs the console to
/// read the terminal itself (see the report for issue 13.7). Run with `--ignored` to see it fail.
#[test]
#[ignore = "issue 13.7: crossterm drops the key after a truncated UTF-8 sequence"]
fn a_truncated_utf8_sequence_does_not_swallow_the_next_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("utf8.db");
    let mut c = Console::start(&db, &dir.path().join("data"));
    c.wait_for("F2 Call");
    c.send("050 111 22 33\r");
    c.wait_for("New donor");
    c.send("Ол");
    c.wait_for("Ол");
    // Half of a Cyrillic letter, then the rest of the name: only the broken byte may be lost.
    c.send_bytes(b"\xd0");
    c.send("ена");
    c.send_bytes(b"\xd1");
    c.send("x");
    c.wait_for("Оленаx");
    c.session.get_process_mut().signal(Signal::SIGTERM).unwrap();
    c.wait_exit();
}
