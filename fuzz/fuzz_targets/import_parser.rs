//! The import parser on arbitrary bytes: decoding, delimiter and quote checks, headers and
//! hashtag rows, CSV records, xlsx/ods workbooks (calamine), every field parser, and the
//! validation pass. A dry run: any outcome but a panic is fine.
//!
//! cargo +nightly fuzz run import_parser -- -max_total_time=300

#![no_main]

use aidline::store::Store;
use aidline::store::import::ImportOptions;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::open_in_memory("fuzz").expect("store"));
}

fuzz_target!(|data: &[u8]| {
    let opts = ImportOptions {
        dry_run: true,
        new_orgs: data.first().is_some_and(|b| b & 1 == 1),
    };
    STORE.with(|s| {
        let mut store = s.borrow_mut();
        let _ = store.import_needs_with("fuzz.csv", data, opts);
        let _ = store.import_orgs_with("fuzz.csv", data, opts);
    });
});
