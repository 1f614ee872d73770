//! Realistic generated data: real places, catalogue items in Ukrainian and Russian, valid
//! Ukrainian mobile numbers, matches in every status. Deterministic for a seed.

use super::bulk::Bulk;
use super::{Result, Store, StoreError, Writer, audit, location_of};
use crate::catalogue::{Catalogue, Gazetteer, PlaceKind};
use crate::domain::{Accepts, Condition, Location, MatchStatus, OrgKind, Unit, Urgency};
use chrono::{Duration, SecondsFormat};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    pub needs: usize,
    pub offers: usize,
    pub seed: u64,
}

impl Default for DemoSpec {
    fn default() -> Self {
        DemoSpec {
            needs: 20_000,
            offers: 2_000,
            seed: 1505,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoReport {
    pub organisations: usize,
    pub needs: usize,
    pub donors: usize,
    pub offers: usize,
    pub matches: usize,
}

/// Progress callback: (phase, done, total).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64, u64);

const ORG_WORDS: &[&str] = &[
    "Світло",
    "Надія",
    "Добро",
    "Разом",
    "Серце",
    "Мрія",
    "Допомога",
    "Родина",
    "Джерело",
    "Крила",
    "Тепло",
    "Опора",
    "Віра",
    "Майбутнє",
    "Щит",
    "Долоня",
    "Берегиня",
    "Дім",
];
const ORG_KINDS: &[(&str, OrgKind)] = &[
    ("БФ", OrgKind::Ngo),
    ("ГО", OrgKind::Ngo),
    ("Прихисток", OrgKind::Shelter),
    ("Лікарня", OrgKind::Hospital),
    ("Соцслужба", OrgKind::SocialService),
    ("Волонтерський центр", OrgKind::Volunteer),
];
const FIRST: &[&str] = &[
    "Олена",
    "Ірина",
    "Наталія",
    "Оксана",
    "Тетяна",
    "Світлана",
    "Марія",
    "Юлія",
    "Андрій",
    "Олександр",
    "Сергій",
    "Микола",
    "Володимир",
    "Іван",
    "Дмитро",
    "Ольга",
    "Галина",
    "Людмила",
    "Елена",
    "Ирина",
    "Наталья",
    "Сергей",
    "Николай",
    "Владимир",
    "Дмитрий",
    "Татьяна",
];
const LAST: &[&str] = &[
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Шевченко",
    "Мельник",
    "Бойко",
    "Кравченко",
    "Ковальчук",
    "Олійник",
    "Шевчук",
    "Поліщук",
    "Лисенко",
    "Савченко",
    "Руденко",
    "Марченко",
    "Мороз",
    "Петренко",
    "Кузьменко",
    "Павленко",
    "Гончаренко",
];
const MOBILE_CODES: &[&str] = &[
    "50", "66", "95", "99", "67", "68", "96", "97", "98", "63", "73", "93",
];
const NOTES: &[&str] = &[
    "для переселенців",
    "терміново, зима",
    "можна вживане в доброму стані",
    "для дітей 3-7 років",
    "для пансіонату літніх людей",
    "для дітей из Харькова",
    "забрать можно в любой день",
];

fn iso(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Store {
    /// Fill an empty database with demo data in one transaction.
    pub fn generate_demo(&mut self, spec: DemoSpec, progress: Progress<'_>) -> Result<DemoReport> {
        self.require(super::access::Permission::Maintain, None)?;
        let existing: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM needs) + (SELECT count(*) FROM offers)",
            [],
            |r| r.get(0),
        )?;
        if existing > 0 {
            return Err(StoreError::invalid(
                "demo",
                "the database already holds needs or offers; give a new file with --db",
            ));
        }
        // Bulk load: keep index pages in memory; one transaction, so one fsync at the end.
        self.conn().execute_batch("PRAGMA cache_size=-1000000")?;
        let now = self.clock().now();
        let result = self.bulk_write_then(true, |w| generate(w, spec, now, progress));
        self.conn()
            .execute_batch("PRAGMA cache_size=-32000; ANALYZE;")?;
        result
    }
}

struct Pools {
    places: Vec<Location>,
    /// (category id, unit, [(term)]) for categories that have terms.
    items: Vec<(String, Unit, Vec<String>)>,
}

fn pools() -> Pools {
    let gaz = Gazetteer::builtin();
    let mut places: Vec<Location> = Vec::new();
    let mut villages: Vec<Location> = Vec::new();
    for p in gaz.places() {
        match p.kind {
            // Cities take most of the load, as they do on the lines; villages add the long tail.
            PlaceKind::City | PlaceKind::SpecialCity => {
                places.push(location_of(p, Some(gaz.display(p))))
            }
            PlaceKind::Settlement | PlaceKind::Village => {
                villages.push(location_of(p, Some(gaz.display(p))))
            }
            _ => {}
        }
    }
    let tail = villages.len() / 20;
    places.extend(villages.into_iter().step_by(20).take(tail.max(1)));
    let cat = Catalogue::builtin();
    let items = cat
        .categories()
        .iter()
        .filter_map(|c| {
            let terms: Vec<String> = cat
                .terms_of(&c.id)
                .into_iter()
                .filter(|(lang, _)| *lang == "uk" || *lang == "ru")
                .map(|(_, t)| t.to_string())
                .collect();
            (!terms.is_empty()).then(|| (c.id.clone(), c.unit, terms))
        })
        .collect();
    Pools { places, items }
}

fn generate(
    w: &Writer<'_>,
    spec: DemoSpec,
    now: chrono::DateTime<chrono::Utc>,
    progress: Progress<'_>,
) -> Result<DemoReport> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let pools = pools();
    // Set the search triggers and the tables' own indexes aside, and bring them up to date
    // once at the end of the same transaction (`bulk`).
    let bulk = Bulk::begin(
        w.tx,
        &["needs", "offers", "matches", "need_items"],
        spec.needs as u64,
    )?;
    if pools.places.is_empty() || pools.items.is_empty() {
        return Err(StoreError::invalid(
            "demo",
            "the catalogue or the places data is empty",
        ));
    }
    let mut report = DemoReport::default();

    // Organisations, each in a real place.
    let org_count = (spec.needs / 500).clamp(12, 2_000);
    let mut orgs: Vec<(i64, usize)> = Vec::with_capacity(org_count);
    let mut names = HashSet::new();
    {
        let mut stmt = w.tx.prepare(
            "INSERT INTO organisations (name, name_key, kind, contact, phone, location, place_code,
                    helps_with, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?;
        while orgs.len() < org_count {
            let place = rng.random_range(0..pools.places.len());
            let (kind_word, kind) = *ORG_KINDS.choose(&mut rng).expect("kinds");
            let word = ORG_WORDS.choose(&mut rng).expect("words");
            let city = pools.places[place].text.clone().unwrap_or_default();
            let city = city.split(',').next().unwrap_or("").to_string();
            let mut name = format!("{kind_word} «{word}» ({city})");
            if !names.insert(crate::catalogue::fold::fold(&name)) {
                name = format!("{kind_word} «{word} {}» ({city})", orgs.len());
                names.insert(crate::catalogue::fold::fold(&name));
            }
            let contact = format!(
                "{} {}",
                FIRST.choose(&mut rng).expect("f"),
                LAST.choose(&mut rng).expect("l")
            );
            let loc = &pools.places[place];
            stmt.execute(params![
                name,
                crate::catalogue::fold::fold(&name),
                kind.as_str(),
                contact,
                phone(&mut rng),
                loc.text,
                loc.code,
                pools.items.choose(&mut rng).map(|i| i
                    .0
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .to_string()),
                iso(now - Duration::days(120)),
            ])?;
            orgs.push((w.tx.last_insert_rowid(), place));
        }
    }
    report.organisations = orgs.len();

    // Needs. Remember each need's category and quantity for the matches below.
    let mut need_by_item: Vec<Vec<(i64, i64, Accepts)>> = vec![Vec::new(); pools.items.len()];
    {
        let mut stmt = w.tx.prepare(
            "INSERT INTO needs (org_id, ref, item, category, quantity, unit, urgency, location,
                    place_code, settlement_code, hromada_code, raion_code, oblast_code, accepts,
                    needed_by, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
        )?;
        let mut item_stmt = w.tx.prepare(
            "INSERT OR IGNORE INTO need_items (need_id, category, urgency, oblast_code, raion_code,
                hromada_code, settlement_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let cat = Catalogue::builtin();
        let mut items_of: HashMap<String, Vec<String>> = HashMap::new();
        let step = (spec.needs / 100).max(1);
        for i in 0..spec.needs {
            let (org_id, org_place) = orgs[rng.random_range(0..orgs.len())];
            let item_idx = rng.random_range(0..pools.items.len());
            let (category, unit, terms) = &pools.items[item_idx];
            let mut term = terms.choose(&mut rng).expect("terms").clone();
            // One need in six lists several things under a heading, the way registries do:
            // «Гігієна: мило, шампунь».
            if rng.random_bool(1.0 / 6.0) {
                let root = category.split('.').next().unwrap_or("");
                let siblings: Vec<&(String, Unit, Vec<String>)> = pools
                    .items
                    .iter()
                    .filter(|(c, _, _)| c != category && c.split('.').next() == Some(root))
                    .collect();
                if let Some((_, _, other)) = siblings.choose(&mut rng)
                    && let Some(t2) = other.choose(&mut rng)
                {
                    let heading = cat.get(root).map(|c| c.name_uk.clone()).unwrap_or_default();
                    term = format!("{heading}: {term}, {t2}");
                }
            }
            let quantity = match unit {
                Unit::Rooms | Unit::Beds | Unit::Places => rng.random_range(1..6),
                _ => rng.random_range(1..60),
            };
            let urgency = match rng.random_range(0..100) {
                0..10 => Urgency::Critical,
                10..35 => Urgency::High,
                35..85 => Urgency::Normal,
                _ => Urgency::Low,
            };
            // Most needs are where the organisation is; some elsewhere in the country.
            let loc = if rng.random_bool(0.85) {
                &pools.places[org_place]
            } else {
                pools.places.choose(&mut rng).expect("places")
            };
            let accepts = if rng.random_bool(0.2) {
                Accepts::New
            } else {
                Accepts::Any
            };
            let created = now - Duration::minutes(rng.random_range(0..60 * 24 * 90));
            let needed_by = rng.random_bool(0.15).then(|| {
                (now + Duration::days(rng.random_range(3..120)))
                    .date_naive()
                    .to_string()
            });
            let notes = rng
                .random_bool(0.2)
                .then(|| *NOTES.choose(&mut rng).expect("notes"));
            let partner_ref = rng.random_bool(0.3).then(|| format!("R{}-{}", org_id, i));
            stmt.execute(params![
                org_id,
                partner_ref,
                term,
                category,
                quantity,
                unit.code(),
                urgency.rank(),
                loc.text,
                loc.code,
                loc.settlement,
                loc.hromada,
                loc.raion,
                loc.oblast,
                accepts.as_str(),
                needed_by,
                notes,
                iso(created),
            ])?;
            let need_id = w.tx.last_insert_rowid();
            let cats = items_of.entry(term.clone()).or_insert_with(|| {
                crate::matching::need_item_categories(cat, &term, Some(category))
            });
            for c in cats.iter() {
                item_stmt.execute(params![
                    need_id,
                    c,
                    urgency.rank(),
                    loc.oblast,
                    loc.raion,
                    loc.hromada,
                    loc.settlement
                ])?;
            }
            need_by_item[item_idx].push((need_id, quantity, accepts));
            if i % step == 0 {
                progress("needs", i as u64, spec.needs as u64);
            }
        }
        progress("needs", spec.needs as u64, spec.needs as u64);
    }
    report.needs = spec.needs;

    // Donors with valid, distinct Ukrainian mobile numbers; offers from them.
    let donor_count = (spec.offers * 4 / 5).max(1);
    let mut phones = HashSet::with_capacity(donor_count);
    let mut donors: Vec<(i64, usize)> = Vec::with_capacity(donor_count);
    {
        let mut stmt = w.tx.prepare(
            "INSERT INTO donors (name, phone, location, place_code, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?;
        while donors.len() < donor_count {
            let p = phone(&mut rng);
            if !phones.insert(p.clone()) {
                continue;
            }
            let place = rng.random_range(0..pools.places.len());
            let loc = &pools.places[place];
            let name = format!(
                "{} {}",
                FIRST.choose(&mut rng).expect("f"),
                LAST.choose(&mut rng).expect("l")
            );
            stmt.execute(params![
                name,
                p,
                loc.text,
                loc.code,
                iso(now - Duration::days(30))
            ])?;
            donors.push((w.tx.last_insert_rowid(), place));
        }
    }
    report.donors = donors.len();

    let mut offers: Vec<(i64, usize, i64, Condition)> = Vec::with_capacity(spec.offers);
    {
        let mut stmt = w.tx.prepare(
            "INSERT INTO offers (donor_id, item, category, quantity, unit, condition, location,
                    place_code, settlement_code, hromada_code, raion_code, oblast_code, notes,
                    created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        )?;
        let step = (spec.offers / 100).max(1);
        for i in 0..spec.offers {
            let (donor_id, place) = donors[rng.random_range(0..donors.len())];
            let item_idx = rng.random_range(0..pools.items.len());
            let (category, unit, terms) = &pools.items[item_idx];
            let quantity = match unit {
                Unit::Rooms | Unit::Beds | Unit::Places => rng.random_range(1..3),
                _ => rng.random_range(1..25),
            };
            let condition = *[
                Condition::New,
                Condition::Good,
                Condition::Good,
                Condition::Used,
            ]
            .choose(&mut rng)
            .expect("conditions");
            let loc = &pools.places[place];
            let created = now - Duration::minutes(rng.random_range(0..60 * 24 * 30));
            stmt.execute(params![
                donor_id,
                terms.choose(&mut rng).expect("terms"),
                category,
                quantity,
                unit.code(),
                condition.as_str(),
                loc.text,
                loc.code,
                loc.settlement,
                loc.hromada,
                loc.raion,
                loc.oblast,
                Option::<String>::None,
                iso(created),
            ])?;
            offers.push((w.tx.last_insert_rowid(), item_idx, quantity, condition));
            if i % step == 0 {
                progress("offers", i as u64, spec.offers as u64);
            }
        }
        progress("offers", spec.offers as u64, spec.offers as u64);
    }
    report.offers = offers.len();

    // Matches in every status: about one offer in ten, to a need of the same category.
    let statuses = [
        MatchStatus::Proposed,
        MatchStatus::Confirmed,
        MatchStatus::HandedOver,
        MatchStatus::Declined,
        MatchStatus::Cancelled,
    ];
    let mut used_needs = HashSet::new();
    for (n, (offer_id, item_idx, quantity, condition)) in offers.iter().enumerate() {
        if n % 10 != 0 {
            continue;
        }
        let Some(&(need_id, need_qty, accepts)) = need_by_item[*item_idx].choose(&mut rng) else {
            continue;
        };
        if !accepts.accepts(*condition) || !used_needs.insert(need_id) {
            continue;
        }
        let q = (*quantity).min(need_qty);
        let status = statuses[report.matches % statuses.len()];
        w.tx.prepare_cached(
            "INSERT INTO matches (offer_id, need_id, quantity, status, reason, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'demo', ?6, ?6)",
        )?
        .execute(params![
            offer_id,
            need_id,
            q,
            status.as_str(),
            (status == MatchStatus::Declined).then_some("вже отримали від іншого донора"),
            iso(now - Duration::days(2)),
        ])?;
        let column = match status {
            MatchStatus::Proposed => Some("proposed"),
            MatchStatus::Confirmed => Some("confirmed"),
            MatchStatus::HandedOver => Some("delivered"),
            _ => None,
        };
        if let Some(col) = column {
            for table in ["needs", "offers"] {
                let id = if table == "needs" { need_id } else { *offer_id };
                w.tx.prepare_cached(&format!(
                    "UPDATE {table} SET {col} = {col} + ?2 WHERE id = ?1"
                ))?
                .execute(params![id, q])?;
            }
        }
        report.matches += 1;
    }
    bulk.finish(w.tx, &mut |done, total| progress("indexes", done, total))?;
    audit::record(w, "database", 0, "demo", None, Some(json!(report)))?;
    Ok(report)
}

/// A valid Ukrainian mobile number in E.164.
fn phone(rng: &mut ChaCha8Rng) -> String {
    let code = MOBILE_CODES.choose(rng).expect("codes");
    format!("+380{code}{:07}", rng.random_range(0..10_000_000))
}
