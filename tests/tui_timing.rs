//! A timing harness, not a test (ignored; timings are reported, never asserted): start the real
//! binary in a pseudo-terminal on large databases and measure start to first frame, and keystroke
//! to updated matches.
//!
//!   AIDLINE_BENCH_DBS=/tmp/n100k.db,/tmp/n1m.db \
//!     cargo test --release --test tui_timing -- --ignored --nocapture

#![cfg(unix)]

use expectrl::Session as ExpectSession;
use expectrl::session::OsSession;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn pump(s: &mut OsSession, p: &mut vt100::Parser) {
    let mut buf = [0u8; 16384];
    while let Ok(n) = s.try_read(&mut buf) {
        if n == 0 {
            break;
        }
        p.process(&buf[..n]);
    }
}

fn wait_for(s: &mut OsSession, p: &mut vt100::Parser, what: &str) -> Duration {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        pump(s, p);
        if p.screen().contents().contains(what) {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("{what} never appeared:\n{}", p.screen().contents());
}

fn log_values(dir: &Path, message: &str, field: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        for line in text.lines().filter(|l| l.contains(message)) {
            if let Some(v) = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix(&format!("{field}=")))
                .and_then(|v| v.parse().ok())
            {
                out.push(v);
            }
        }
    }
    out
}

fn stats(v: &mut [u64]) -> String {
    v.sort_unstable();
    if v.is_empty() {
        return "no samples".into();
    }
    format!(
        "n={} median={} p90={} max={}",
        v.len(),
        v[v.len() / 2],
        v[(v.len() * 9 / 10).min(v.len() - 1)],
        v[v.len() - 1]
    )
}

#[test]
#[ignore]
fn start_and_typing_latency() {
    let dbs = std::env::var("AIDLINE_BENCH_DBS").expect("AIDLINE_BENCH_DBS=db1,db2");
    for db in dbs.split(',') {
        let data = tempfile::tempdir().unwrap();
        let mut firsts = Vec::new();
        for run in 0..3 {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_aidline"));
            cmd.env("AIDLINE_DATA_DIR", data.path())
                .env("AIDLINE_LOG", "debug")
                .env("TERM", "xterm-256color")
                .args(["--db", db, "--lang", "en", "--operator"])
                .arg(format!("bench{}-{run}", std::process::id()));
            let spawned = Instant::now();
            let mut s = ExpectSession::spawn(cmd).unwrap();
            let mut p = vt100::Parser::new(
                std::num::NonZeroU16::new(24).unwrap(),
                std::num::NonZeroU16::new(80).unwrap(),
                0,
            );
            wait_for(&mut s, &mut p, "F2 Call");
            firsts.push(spawned.elapsed().as_millis() as u64);
            // Type a call; every keystroke of item, quantity and location asks for matches.
            for keys in ["050 111 22 33\r", "Petro\t"] {
                s.write_all(keys.as_bytes()).unwrap();
            }
            for (text, settle) in [
                ("ковдри", "Blankets"),
                ("\t12\t\t\t", ""),
                ("Львів", ""),
                ("\t", ""),
            ] {
                for ch in text.chars() {
                    let mut b = [0u8; 4];
                    s.write_all(ch.encode_utf8(&mut b).as_bytes()).unwrap();
                    s.flush().unwrap();
                    std::thread::sleep(Duration::from_millis(120));
                    pump(&mut s, &mut p);
                }
                if !settle.is_empty() {
                    wait_for(&mut s, &mut p, settle);
                }
            }
            std::thread::sleep(Duration::from_millis(800));
            // The List tab at this size: open Needs and page down.
            let t = Instant::now();
            s.write_all(b"\x1bOS").unwrap(); // F4
            wait_for(&mut s, &mut p, "Open/total");
            let needs_open = t.elapsed();
            let t = Instant::now();
            for _ in 0..20 {
                s.write_all(b"\x1b[6~").unwrap(); // PgDn
            }
            wait_for(&mut s, &mut p, "201 of");
            let paged = t.elapsed();
            let t = Instant::now();
            s.write_all(b"\x1b[4~").unwrap(); // End: counts the rows once
            let until = Instant::now() + Duration::from_secs(60);
            let end = loop {
                pump(&mut s, &mut p);
                let text = p.screen().contents();
                let done = text.lines().any(|l| {
                    let w: Vec<&str> = l.split_whitespace().collect();
                    w.windows(3)
                        .any(|x| x[1] == "of" && x[0] == x[2] && x[0].parse::<u64>().is_ok())
                });
                if done || Instant::now() > until {
                    break t.elapsed();
                }
                std::thread::sleep(Duration::from_millis(1));
            };
            eprintln!(
                "{db} run {run}: Needs tab shown in {needs_open:?}; 20×PgDn in {paged:?}; End (count) in {end:?}"
            );
            s.write_all(b"\x1b[21~").unwrap(); // F10
            std::thread::sleep(Duration::from_millis(300));
            s.write_all(b"y").unwrap();
            let until = Instant::now() + Duration::from_secs(10);
            while Instant::now() < until && s.get_process().is_alive().unwrap_or(false) {
                pump(&mut s, &mut p);
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let logs = data.path().join("logs");
        let mut internal_first = log_values(&logs, "first frame", "elapsed_ms");
        let mut typing = log_values(&logs, "suggestions shown", "elapsed_us");
        eprintln!("== {db}");
        eprintln!(
            "start → first frame on screen (spawn to tab bar in the pty), ms: {}",
            stats(&mut firsts)
        );
        eprintln!(
            "start → first frame inside the console (console start to first draw), ms: {}",
            stats(&mut internal_first)
        );
        eprintln!(
            "keystroke → updated matches drawn, µs: {}",
            stats(&mut typing)
        );
    }
}

/// Letters typed into list filters on a large database: for each letter, keystroke to the letter
/// on screen, and keystroke to the filtered list on screen; then End on the filtered list.
///
///   AIDLINE_BENCH_DBS=/tmp/console-1m/demo1m.db \
///     cargo test --release --test tui_timing list_filter_latency -- --ignored --nocapture
#[test]
#[ignore]
fn list_filter_latency() {
    let dbs = std::env::var("AIDLINE_BENCH_DBS").expect("AIDLINE_BENCH_DBS=db1,db2");
    for db in dbs.split(',') {
        let data = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_aidline"));
        cmd.env("AIDLINE_DATA_DIR", data.path())
            .env("TERM", "xterm-256color")
            .args(["--db", db, "--lang", "en", "--operator"])
            .arg(format!("bench{}", std::process::id()));
        let mut s = ExpectSession::spawn(cmd).unwrap();
        let mut p = vt100::Parser::new(
            std::num::NonZeroU16::new(40).unwrap(),
            std::num::NonZeroU16::new(120).unwrap(),
            0,
        );
        wait_for(&mut s, &mut p, "F2 Call");
        let mut echo = Vec::new();
        let mut listed = Vec::new();
        let mut ends = Vec::new();
        for (tab, key, filter) in [
            ("Needs", "\x1bOS", "Kharkiv"),
            ("Needs", "\x1bOS", "ковдри"),
            ("Needs", "\x1bOS", "бф світло"),
            ("Needs", "\x1bOS", "zzqx"),
            ("Offers", "\x1bOR", "kovdra"),
            ("Matches", "\x1b[15~", "подушки"),
            ("Orgs", "\x1b[17~", "лікарня"),
        ] {
            s.write_all(key.as_bytes()).unwrap();
            wait_for(&mut s, &mut p, "Ref");
            s.write_all(b"/").unwrap();
            let mut typed = String::new();
            for ch in filter.chars() {
                typed.push(ch);
                let mut b = [0u8; 4];
                let t = Instant::now();
                s.write_all(ch.encode_utf8(&mut b).as_bytes()).unwrap();
                s.flush().unwrap();
                let shown = format!("/ {typed}");
                wait_for(&mut s, &mut p, &shown);
                echo.push(t.elapsed().as_micros() as u64);
                let until = Instant::now() + Duration::from_secs(30);
                loop {
                    pump(&mut s, &mut p);
                    let text = p.screen().contents();
                    if !text.contains("loading…") && text.contains(&shown) {
                        break;
                    }
                    assert!(Instant::now() < until, "{tab} /{typed} never listed");
                    std::thread::sleep(Duration::from_micros(200));
                }
                listed.push(t.elapsed().as_micros() as u64);
                eprintln!(
                    "{tab} /{typed}: letter {} µs, list {} µs",
                    echo[echo.len() - 1],
                    listed[listed.len() - 1]
                );
            }
            s.write_all(b"\r").unwrap();
            std::thread::sleep(Duration::from_millis(300));
            pump(&mut s, &mut p);
            let t = Instant::now();
            s.write_all(b"\x1b[4~").unwrap(); // End
            let until = Instant::now() + Duration::from_secs(60);
            loop {
                pump(&mut s, &mut p);
                let text = p.screen().contents();
                let done = text.lines().any(|l| {
                    let w: Vec<&str> = l.split_whitespace().collect();
                    w.windows(3)
                        .any(|x| x[1] == "of" && x[0] == x[2] && x[0].parse::<u64>().is_ok())
                }) && !text.contains("loading…");
                if done {
                    break;
                }
                assert!(
                    Instant::now() < until,
                    "End on {tab} /{filter} never got there"
                );
                std::thread::sleep(Duration::from_micros(200));
            }
            ends.push(t.elapsed().as_micros() as u64);
            eprintln!("{tab} /{filter}: End in {:?}", t.elapsed());
            s.write_all(b"\x1b").unwrap(); // Esc: clear the filter
            std::thread::sleep(Duration::from_millis(300));
        }
        eprintln!("== {db}");
        eprintln!(
            "keystroke → letter in the filter on screen, µs: {}",
            stats(&mut echo)
        );
        eprintln!(
            "keystroke → filtered list on screen, µs: {}",
            stats(&mut listed)
        );
        eprintln!(
            "End on a filtered list → last row on screen, µs: {}",
            stats(&mut ends)
        );
        s.write_all(b"\x1b[21~").unwrap(); // F10
    }
}

/// The liaison's desk on a large database: the Matches page and its count under each scope, a
/// match's history and the phone-view write, each run 21 times; medians and maxima printed.
///
///   AIDLINE_BENCH_DB=/tmp/copy-of-1m.db \
///     cargo test --test tui_timing desk_queries -- --ignored --nocapture
///
/// (Opens the file read-write: the phone-view rows are written. Use a copy.)
#[test]
#[ignore]
fn desk_queries() {
    use aidline::domain::MatchStatus;
    use aidline::tui::app::Tab;
    use aidline::tui::desk::DeskScope;
    use aidline::tui::lists::{self, ListQuery};
    let Ok(path) = std::env::var("AIDLINE_BENCH_DB") else {
        eprintln!("AIDLINE_BENCH_DB is not set: nothing measured");
        return;
    };
    let mut store = aidline::store::Store::open(Path::new(&path), "bench").unwrap();
    let org = store.list_match_views(None, None, 0, 1).unwrap()[0]
        .need
        .org_id;
    let scopes = [
        ("all", DeskScope::default()),
        (
            "proposed",
            DeskScope {
                status: Some(MatchStatus::Proposed),
                ..DeskScope::default()
            },
        ),
        (
            "waiting 3+ days",
            DeskScope {
                waiting: true,
                ..DeskScope::default()
            },
        ),
        (
            "one organisation",
            DeskScope {
                org: Some((org, String::new())),
                ..DeskScope::default()
            },
        ),
        (
            "organisation + confirmed",
            DeskScope {
                org: Some((org, String::new())),
                status: Some(MatchStatus::Confirmed),
                ..DeskScope::default()
            },
        ),
    ];
    let time = |f: &mut dyn FnMut()| {
        let mut v: Vec<u64> = (0..21)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_micros() as u64
            })
            .collect();
        stats(&mut v)
    };
    for (name, desk) in scopes {
        let q = ListQuery {
            desk,
            ..ListQuery::default()
        };
        let n = lists::count(&store, Tab::Matches, &q).unwrap();
        let page = time(&mut || {
            lists::fetch(&store, Tab::Matches, &q, 0, lists::WINDOW).unwrap();
        });
        let count = time(&mut || {
            lists::count(&store, Tab::Matches, &q).unwrap();
        });
        eprintln!("matches {name} ({n} rows), µs: page {page}; count {count}");
    }
    let id = store.list_matches(None, None, 0, 1).unwrap()[0].id;
    let history = time(&mut || {
        store.match_history(id).unwrap();
    });
    eprintln!("history of M-{id}, µs: {history}");
    let write = time(&mut || {
        store.log_phone_view(id).unwrap();
    });
    eprintln!("phone-view row (one write transaction), µs: {write}");
}
