//! Matching speed at 10k / 100k / 1M needs, and the start-up work (catalogue, places).
//!
//! The databases are generated once into `target/bench-data/` by the demo generator (the 1M one
//! takes a while the first time). Run: `cargo bench --bench matching`; only the small sizes:
//! `AIDLINE_BENCH_SIZES=10000,100000 cargo bench --bench matching`. To measure an existing
//! database instead (e.g. a copy of the 1M demo, migrated): `AIDLINE_BENCH_DB=/path/to.db`.

use aidline::catalogue::{Catalogue, Gazetteer};
use aidline::domain::Condition;
use aidline::matching::OfferQuery;
use aidline::store::demo::DemoSpec;
use aidline::store::{Store, resolve_location};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn bench_db(needs: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("needs-{needs}.db"));
    if !path.exists() {
        let tmp = dir.join(format!("needs-{needs}.tmp.db"));
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp, "bench").unwrap();
        let spec = DemoSpec {
            needs,
            offers: needs / 10,
            seed: 1505,
        };
        store.generate_demo(spec, &mut |_, _, _| {}).unwrap();
        drop(store);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

fn sizes() -> Vec<usize> {
    std::env::var("AIDLINE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

fn queries() -> Vec<(&'static str, OfferQuery)> {
    let q = |item: &str, quantity, condition, place: Option<&str>| OfferQuery {
        item: item.to_string(),
        category: None,
        quantity,
        unit: None,
        condition,
        location: place
            .map(|p| resolve_location(Some(p)).unwrap())
            .unwrap_or_default(),
    };
    vec![
        (
            "blankets_kharkiv",
            q("ковдри", 10, Condition::Good, Some("Харків")),
        ),
        (
            "adult_nappies_kyiv",
            q("памперси для дорослих", 5, Condition::New, Some("Київ")),
        ),
        (
            "winter_jacket_no_place",
            q("дитяча зимова куртка", 3, Condition::Used, None),
        ),
        (
            "sentence_two_items_kharkiv",
            q(
                "Добрий день, віддам пальто і чоботи 38 розміру, все чисте",
                2,
                Condition::Used,
                Some("Харків"),
            ),
        ),
        (
            "mens_sweater_dnipro",
            q(
                "чоловічий светр 50 розміру",
                1,
                Condition::Used,
                Some("Дніпро"),
            ),
        ),
        (
            "firewood_related_sumy",
            q("дрова березові", 500, Condition::New, Some("Суми")),
        ),
        (
            "not_recognised",
            q("Добрий день, маю 2 шт для вас", 1, Condition::Used, None),
        ),
    ]
}

fn suggest(c: &mut Criterion) {
    let mut group = c.benchmark_group("suggest_needs");
    group.sample_size(50);
    let dbs: Vec<(usize, PathBuf)> = match std::env::var("AIDLINE_BENCH_DB") {
        Ok(p) => {
            let store = Store::open(std::path::Path::new(&p), "bench").unwrap();
            let n = store.count_needs(&Default::default()).unwrap() as usize;
            vec![(n, PathBuf::from(p))]
        }
        Err(_) => sizes().into_iter().map(|n| (n, bench_db(n))).collect(),
    };
    for (n, path) in dbs {
        let store = Store::open(&path, "bench").unwrap();
        for (name, query) in queries() {
            group.bench_with_input(BenchmarkId::new(name, n), &query, |b, q| {
                b.iter(|| black_box(store.suggest_needs(q, 10).unwrap()))
            });
        }
    }
    group.finish();
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(10);
    group.bench_function("catalogue_load", |b| {
        b.iter(|| {
            black_box(
                Catalogue::from_csv(
                    include_str!("../data/catalogue/categories.csv"),
                    include_str!("../data/catalogue/synonyms.csv"),
                )
                .unwrap(),
            )
        })
    });
    group.bench_function("gazetteer_load", |b| {
        b.iter(|| {
            black_box(
                Gazetteer::parse(
                    include_str!("../data/places/katottg.csv"),
                    include_str!("../data/places/aliases.csv"),
                )
                .unwrap(),
            )
        })
    });
    group.finish();
    let cat = Catalogue::builtin();
    let gaz = Gazetteer::builtin();
    c.bench_function("classify", |b| {
        b.iter(|| black_box(cat.classify(black_box("теплі дитячі куртки"))))
    });
    c.bench_function("classify_items_sentence", |b| {
        b.iter(|| {
            black_box(cat.classify_items(black_box(
                "Добрий день, віддам пальто і чоботи 38 розміру, все чисте",
            )))
        })
    });
    c.bench_function("read_registry_line", |b| {
        b.iter(|| {
            black_box(aidline::matching::read(
                cat,
                black_box("Чоловічий одяг: светри, штани, куртки р. 48-54"),
            ))
        })
    });
    c.bench_function("resolve_place", |b| {
        b.iter(|| black_box(gaz.resolve(black_box("Харьков")).unwrap()))
    });
}

criterion_group!(benches, startup, suggest);
criterion_main!(benches);
