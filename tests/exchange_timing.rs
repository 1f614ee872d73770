//! A timing harness, not a test (ignored; timings are printed, never asserted): importing a
//! partner's needs file into a new database, the way `aidline import needs FILE` does.
//!
//!   AIDLINE_BENCH_ROWS=1000000 cargo test --release --test exchange_timing -- --ignored --nocapture
//!
//! The file is shaped like the registries partners send: Ukrainian headers, `;`, a running
//! number, organisation names with quotes, item texts in Ukrainian, Russian and surzhyk with
//! sizes and typos, units in words, places with their oblast, `dd.mm.yyyy` dates. Rows repeat
//! the texts the way a registry does, with a number or a size added, so about one text in five
//! is new to the import (as in the demo's export). For peak memory, keep the file
//! (`AIDLINE_BENCH_FILE=/tmp/registry.csv`) and run `aidline import needs` on it under
//! `/usr/bin/time -v`.

use aidline::store::Store;
use aidline::store::import::ImportOptions;
use std::io::Write;
use std::time::{Duration, Instant};

const ORGS: [&str; 12] = [
    "БФ «Світло»",
    "ГО \"Разом\"",
    "КНП «Міська лікарня №3»",
    "Прихисток «Дім»",
    "Соцслужба «Віра»",
    "ГО Вільні",
    "БО «Крила»",
    "Хаб «Ірпінь разом»",
    "Центр ВПО «Надія»",
    "Волонтерський штаб Броварів",
    "ГО «Майбутнє»",
    "Червоний Хрест, Київ",
];
const ITEMS: [(&str, &str); 20] = [
    ("ковдри теплі", "шт"),
    ("подушки", "штук"),
    ("памперси розмір 4", "уп"),
    ("подгузники 5 размер", "пачек"),
    ("дитяче харчування (суміш)", "банок"),
    ("дрова колоті", "м3"),
    ("вугілля", "т"),
    ("чоботи зимові жіночі 38", "пар"),
    ("куртки зимові чол. XL", "шт"),
    ("ліжко односпальне", "шт"),
    ("матраци", "шт"),
    ("гігієнічні набори", "наборів"),
    ("крупа гречана", "кг"),
    ("олія соняшникова", "л"),
    ("генератор 3 кВт", "шт"),
    ("павербанки", "шт"),
    ("ліки від тиску", "уп"),
    ("бинти стерильні", "упаковок"),
    ("постільна білизна", "комплектів"),
    ("посуд (каструлі, тарілки)", "шт"),
];
const PLACES: [&str; 20] = [
    "Київ",
    "Бровари",
    "Ірпінь",
    "Буча",
    "Харків",
    "Дніпро",
    "Львів",
    "Одеса",
    "Запоріжжя",
    "Житомир",
    "Чернігів",
    "Суми",
    "Полтава",
    "Вінниця",
    "Миколаїв",
    "Херсон",
    "Кропивницький",
    "Черкаси",
    "Біла Церква",
    "Фастів",
];
const URGENCY: [&str; 4] = ["терміново", "високий", "звичайна", "низька"];

/// Write a `rows`-row registry to `path`.
fn registry(path: &std::path::Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "№ з/п;Номер;Організація;Що потрібно;Кількість;Од. виміру;Населений пункт;Терміновість;Потрібно до"
    )
    .unwrap();
    for i in 0..rows {
        let (item, unit) = ITEMS[i % ITEMS.len()];
        // One row in five carries a size or a batch number: a text the import has not seen.
        let item = if i % 5 == 0 {
            format!("{item} ({})", i / 5)
        } else {
            item.to_string()
        };
        writeln!(
            f,
            "{};R-{i};\"{}\";\"{item}\";{};{unit};{};{};{:02}.{:02}.2027",
            i + 1,
            ORGS[(i / 7) % ORGS.len()].replace('"', "\"\""),
            1 + i % 60,
            PLACES[(i / 3) % PLACES.len()],
            URGENCY[i % URGENCY.len()],
            1 + i % 28,
            1 + i % 12,
        )
        .unwrap();
    }
    f.flush().unwrap();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
#[ignore = "a timing harness: AIDLINE_BENCH_ROWS rows (default 100000)"]
fn import_of_a_partner_registry() {
    let rows: usize = std::env::var("AIDLINE_BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let file = std::env::var("AIDLINE_BENCH_FILE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("registry.csv"));
    registry(&file, rows);
    println!(
        "file: {} ({} rows, {} bytes)",
        file.display(),
        rows,
        std::fs::metadata(&file).unwrap().len()
    );
    let runs = 3;
    let mut times = Vec::new();
    for run in 0..runs {
        let db = dir.path().join(format!("run{run}.db"));
        let mut store = Store::open(&db, "bench").unwrap();
        let t = Instant::now();
        let report = store
            .import_needs_file(
                "registry.csv",
                &file,
                ImportOptions {
                    dry_run: false,
                    new_orgs: true,
                },
            )
            .unwrap();
        times.push(t.elapsed());
        assert_eq!(report.created, rows, "{report:?}");
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    let m = median(times.clone());
    println!("import: {times:?}");
    println!(
        "import: median {m:?} of {runs}, {:.0} rows/s",
        rows as f64 / m.as_secs_f64()
    );
}
