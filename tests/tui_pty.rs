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
        Console::start_with(db, data, "e2e", &[])
    }

    /// The console as a given person (`--user LOGIN`), 80×24.
    fn start_as(db: &Path, data: &Path, login: &str) -> Console {
        Console::start_with(db, data, login, &[])
    }

    /// The console as a given person, with more arguments (`--org NAME`).
    fn start_with(db: &Path, data: &Path, login: &str, more: &[&str]) -> Console {
        // The console opens only an existing database (`aidline init` makes one).
        if !db.exists() {
            drop(Store::open(db, "setup").unwrap());
        }
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_aidline"));
        cmd.env("AIDLINE_DATA_DIR", data)
            .env("TERM", "xterm-256color")
            .env_remove("AIDLINE_DB")
            .env_remove("AIDLINE_OPERATOR")
            .arg("--db")
            .arg(db)
            .args(["--lang", "en", "--user", login])
            .args(more);
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

/// Issue 13.7: a truncated multi-byte sequence (a lone 0xD0, the first half of «е») loses only
/// itself. crossterm 0.29's parser cleared its whole buffer on invalid UTF-8 and swallowed the
/// next, valid key; the console now reads the terminal itself (src/tui/input.rs).
#[test]
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

/// The liaison's desk in a real terminal: `--org` opens the Matches tab on one organisation,
/// `c` confirms the selected match, and the database says so (with its audit row and the
/// phone-view row).
#[test]
fn a_match_confirmed_on_the_matches_tab_is_confirmed_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    seed(&db);
    let mut s = Store::open(&db, "setup").unwrap();
    let offer = s
        .add_offer(&aidline::store::NewOffer {
            phone: Phone::parse("095 167 90 26").unwrap(),
            name: Some("Олена Коваленко".into()),
            item: "подушки".into(),
            category: None,
            quantity: 6,
            unit: None,
            condition: aidline::domain::Condition::Good,
            location: resolve_location(Some("Дніпро")).unwrap(),
            notes: None,
            available_until: None,
        })
        .unwrap();
    let m = s.propose(offer.id, 3, None).unwrap();
    drop(s);
    // «лікарня 3»: the organisation by the words of its name.
    let mut c = Console::start_with(
        &db,
        &dir.path().join("data"),
        "e2e",
        &["--org", "лікарня 3"],
    );
    c.wait_for("[org: Лікарня №3]");
    c.wait_for("+380951679026");
    c.send("c");
    c.wait_for("M-1 confirmed");
    c.send(F10);
    let status = c.wait_exit();
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "exit status {status:?}"
    );
    let s = Store::open(&db, "check").unwrap();
    let after = s.match_by_id(m.id).unwrap();
    assert_eq!(after.status, aidline::domain::MatchStatus::Confirmed);
    let n = s.need(3).unwrap();
    assert_eq!((n.tally.proposed, n.tally.confirmed), (0, 6));
    let history = s.match_history(m.id).unwrap();
    assert_eq!(history.last().map(|e| e.action.as_str()), Some("confirmed"));
    assert_eq!(history.last().map(|e| e.operator.as_str()), Some("e2e"));
    let views = s.access_log().unwrap();
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(views[0].login, "e2e", "{views:?}");
    assert_eq!(views[0].why, format!("match M-{}", m.id), "{views:?}");
}

/// Issue 11: a callback taken in one console is not offered by another that is open at the
/// same time (the store marks it taken in one conditional write; the other console's queue is
/// read again on its tick), and the first call's entry comes back in the console that took it.
#[test]
fn a_callback_taken_in_one_console_is_not_offered_by_another() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cb.db");
    seed(&db);
    let mut s = Store::open(&db, "olena").unwrap();
    let now = chrono::Utc::now();
    let entry = serde_json::json!({
        "phone": "+380501112233", "name": "Петро Іваненко", "item": "ковдри вовняні",
        "category": null, "quantity": "12", "unit": null, "unit_touched": false,
        "condition": "good", "location": "Харків", "place_code": null,
        "notes": "уточнить у дружини"
    });
    let id = s
        .log_call_with_context(
            &aidline::store::NewCall {
                phone: Some(Phone::parse("050 111 22 33").unwrap()),
                donor_id: None,
                offer_id: None,
                outcome: CallOutcome::CallBack,
                callback_at: Some(now - chrono::Duration::minutes(10)),
                notes: Some("уточнить у дружини".into()),
                started_at: now - chrono::Duration::hours(1),
            },
            Some(&entry.to_string()),
        )
        .unwrap();
    drop(s);
    let mut a = Console::start_as(&db, &dir.path().join("data-a"), "anna");
    let mut b = Console::start_as(&db, &dir.path().join("data-b"), "bohdan");
    a.wait_for("Callbacks due: 1");
    b.wait_for("Callbacks due: 1");
    a.send("\x02"); // Ctrl-B: the list
    a.wait_for("Петро Іваненко");
    a.send("\r");
    a.wait_for("Callback taken");
    a.wait_for("ковдри вовняні");
    // The other console, open all along, stops offering it on its next tick.
    b.wait_for("No callbacks due.");
    b.send("\x02");
    b.wait_for("No callbacks due.");
    assert!(!b.text().contains("Петро Іваненко"), "{}", b.text());
    let check = Store::open(&db, "check").unwrap();
    assert_eq!(
        check.callback(id).unwrap().taken_by.as_deref(),
        Some("anna")
    );
    for c in [&mut a, &mut b] {
        c.session.get_process_mut().signal(Signal::SIGTERM).unwrap();
        c.wait_exit();
    }
}

/// Issue 14: a liaison of organisation A walks every tab: the console opens on Matches, shows no
/// Call or Offers tab, and no screen shows a phone of the donor matched only to organisation B,
/// while A's donor's phone is shown (in A's match). Confirming B's match from the command line as
/// A's liaison is refused with exit 6.
#[test]
fn a_liaison_sees_their_organisations_donors_and_no_other() {
    use aidline::domain::{Condition, Location};
    use aidline::store::{NewOffer, Role, UserChange};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("liaison.db");
    let data = dir.path().join("data");
    let org_a = "БФ «Карітас Харків»";
    let org_b = "КНП «Міська лікарня №4»";
    let (match_b, match_a) = {
        let mut s = Store::open(&db, "setup").unwrap();
        let need = |org: &str, item: &str| NewNeed {
            organisation: org.into(),
            partner_ref: None,
            item: item.into(),
            category: None,
            quantity: 10,
            unit: None,
            urgency: Urgency::High,
            location: Location::default(),
            accepts: Accepts::Any,
            needed_by: None,
            notes: None,
        };
        let offer = |phone: &str, name: &str, item: &str| NewOffer {
            phone: Phone::parse(phone).unwrap(),
            name: Some(name.into()),
            item: item.into(),
            category: None,
            quantity: 4,
            unit: None,
            condition: Condition::Good,
            location: Location::default(),
            notes: None,
            available_until: None,
        };
        let na = s.add_need(&need(org_a, "ковдри теплі")).unwrap();
        let nb = s.add_need(&need(org_b, "ковдри")).unwrap();
        let oa = s
            .add_offer(&offer("067 123 45 67", "Hanna Melnyk", "ковдри вовняні"))
            .unwrap();
        let ob = s
            .add_offer(&offer("095 167 90 26", "Petro Kravchuk", "ковдра синтепон"))
            .unwrap();
        let ma = s.propose(oa.id, na.id, Some(2)).unwrap();
        let mb = s.propose(ob.id, nb.id, Some(2)).unwrap();
        let user = |name: &str, role: Role, orgs: &[&str]| UserChange {
            name: Some(name.into()),
            roles: Some(vec![role]),
            orgs: Some(orgs.iter().map(|o| o.to_string()).collect()),
            add_keys: vec![],
            enabled: Some(true),
        };
        s.add_user("admin", &user("Олена", Role::Admin, &[]))
            .unwrap();
        drop(s);
        let mut s = Store::open(&db, "admin").unwrap();
        s.add_user("lia_a", &user("Ірина", Role::Liaison, &[org_a]))
            .unwrap();
        (mb.id, ma.id)
    };
    let mut c = Console::start_as(&db, &data, "lia_a");
    // Opens on the Matches desk, says who is working, offers no Call or Offers tab.
    c.wait_for(&format!("M-{match_a}"));
    c.wait_for("lia_a (liaison)");
    let tabs = c.text().lines().next().unwrap_or_default().to_string();
    assert!(tabs.contains("Matches"), "{tabs}");
    assert!(!tabs.contains("Call") && !tabs.contains("Offers"), "{tabs}");
    let mut screens = Vec::new();
    // Every tab the function keys reach (F2 Call and F3 Offers are refused), each row shown.
    for key in [
        "\x1bOQ", "\x1bOR", "\x1b[15~", "\x1b[17~", "\x1b[18~", "\x1b[19~",
    ] {
        c.send(key);
        std::thread::sleep(Duration::from_millis(300));
        c.pump();
        screens.push(c.text());
        for _ in 0..3 {
            c.send("\x1b[B");
            std::thread::sleep(Duration::from_millis(150));
            c.pump();
            screens.push(c.text());
        }
    }
    // Back on Matches: A's match, with its donor's phone in full.
    c.send("\x1b[15~");
    c.wait_for("+380671234567");
    screens.push(c.text());
    c.send(F10);
    c.wait_exit();
    let all = screens.join("\n");
    let raw = String::from_utf8_lossy(&c.raw).into_owned();
    assert!(all.contains("not for your role"), "F2/F3 were not refused");
    for form in [
        "+380951679026",
        "0951679026",
        "167 90 26",
        "167-90-26",
        "95 *** ** 26",
        "Kravchuk",
    ] {
        assert!(!all.contains(form), "{form} on a liaison's screen:\n{all}");
        assert!(!raw.contains(form), "{form} in the terminal output");
    }
    assert!(
        !all.contains(&format!("M-{match_b} ")),
        "B's match on a screen:\n{all}"
    );
    assert!(raw.contains("+380671234567"));

    // The command line: confirming B's match as A's liaison is refused (6), naming the role.
    let out = Command::new(env!("CARGO_BIN_EXE_aidline"))
        .env("AIDLINE_DATA_DIR", &data)
        .env_remove("AIDLINE_DB")
        .env_remove("AIDLINE_OPERATOR")
        .arg("--db")
        .arg(&db)
        .args([
            "--lang",
            "en",
            "--user",
            "lia_a",
            "match",
            "confirm",
            &format!("M-{match_b}"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("liaison of the organisation"), "{err}");
    let s = Store::open(&db, "admin").unwrap();
    assert_eq!(
        s.match_by_id(match_b).unwrap().status,
        aidline::domain::MatchStatus::Proposed
    );
}
