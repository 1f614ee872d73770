//! A timing harness, not a test (ignored; timings are printed, never asserted): the Dashboard's
//! figures (`Store::shift_figures`, one read on the worker) and `aidline report`'s day on a large
//! database. Use a copy: opening migrates it.
//!
//!   cp /work/demo/demo1m.db /tmp/shift-1m/ && AIDLINE_BENCH_DB=/tmp/shift-1m/demo1m.db \
//!     cargo test --test shift_timing -- --ignored --nocapture
//!
//! (Dependencies, SQLite among them, are built optimised even in the dev profile.)

use aidline::store::Store;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
#[ignore = "a timing harness: needs AIDLINE_BENCH_DB"]
fn dashboard_figures_on_a_large_database() {
    let path = std::env::var("AIDLINE_BENCH_DB").expect("AIDLINE_BENCH_DB=/tmp/…/copy.db");
    let opened = Instant::now();
    let store = Store::open(std::path::Path::new(&path), "bench").unwrap();
    println!("open (and migrate): {:?}", opened.elapsed());
    let today = store.clock().today();
    let runs = 7;
    let mut figures = Vec::new();
    let mut day = Vec::new();
    let mut by_cat = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let f = store.shift_figures(20).unwrap();
        figures.push(t.elapsed());
        std::hint::black_box(f);
        let t = Instant::now();
        std::hint::black_box(store.day_report(today).unwrap());
        day.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(store.open_needs_by_category().unwrap());
        by_cat.push(t.elapsed());
    }
    let f = store.shift_figures(20).unwrap();
    println!(
        "open needs {} in {} categories, stale {}, waiting {}",
        f.today.open_needs_by_category.values().sum::<i64>(),
        f.today.open_needs_by_category.len(),
        f.stale_count,
        f.waiting
    );
    println!(
        "shift_figures (whole dashboard): median {:?} of {runs}",
        median(figures)
    );
    println!("day_report: median {:?} of {runs}", median(day));
    println!(
        "open_needs_by_category: median {:?} of {runs}",
        median(by_cat)
    );
}
