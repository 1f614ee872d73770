//! Import of needs and of the organisation directory, as partners send them.
//!
//! Files come from partners' spreadsheets: CSV in UTF-8 (with or without BOM), UTF-16 with BOM
//! or Windows-1251, with `,`, `;` or tab; or the first sheet of an .xlsx/.ods workbook. A header
//! row, an HXL/KoboToolbox hashtag row, or both. The file is read twice rather than held: the
//! first pass validates every row (any problem rejects the whole file, every problem listed as
//! `FILE:LINE: field: reason`), the second writes in one transaction.

pub(crate) mod decode;
mod table;
mod values;

pub use decode::{Encoding, decode};
pub use table::{check_quotes, detect_delimiter};
pub use values::{parse_date, parse_quantity};

use super::bulk::Bulk;
use super::orgs::{self, OrgIndex, OrgMatch};
use super::{Result, Store, StoreError, needs};
use crate::domain::{Accepts, OrgKind, Phone, Unit, Urgency};
use crate::store::{NewNeed, NewOrganisation, resolve_location};
use serde::Serialize;
use std::collections::HashMap;
use table::Table;

/// How an import runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check everything against the real data, write nothing.
    pub dry_run: bool,
    /// Names merely similar to a known organisation are new organisations (else refused).
    pub new_orgs: bool,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub organisations_created: usize,
    /// The organisations the import creates, by name.
    pub new_organisations: Vec<String>,
    /// Things worth saying that did not stop the import (unknown columns and units).
    pub warnings: Vec<String>,
    pub dry_run: bool,
    /// The text encoding the file was read in (`None` for a workbook).
    pub encoding: Option<Encoding>,
}

/// Columns our own export writes that an import knows and does not need.
const QUIET_COLUMNS: &[&str] = &[
    "organisation_ref",
    "organisation_type",
    "category_name",
    "proposed",
    "confirmed",
    "delivered",
    "open",
    "status",
    "place_name",
    "settlement_name",
    "settlement_code",
    "hromada_name",
    "hromada_code",
    "raion_name",
    "raion_code",
    "oblast_name",
    "oblast_code",
    "created_at",
    "updated_at",
];

/// A registry's running number («№», «№ з/п», «№ п/п», "No."): not a reference, nothing to
/// keep, and no reason to warn (folding drops «№», a symbol, so it is read as "no" first).
pub(crate) fn is_running_number(header: &str) -> bool {
    let key = crate::catalogue::fold::fold(&header.replace('№', " no "));
    matches!(key.as_str(), "no" | "no з п" | "no п п")
}

/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 50;

/// A file's problems, one per line, capped at `MAX_PROBLEMS` lines plus a count.
pub(crate) struct Problems {
    list: Vec<String>,
    more: usize,
}

impl Problems {
    pub fn new() -> Problems {
        Problems {
            list: Vec::new(),
            more: 0,
        }
    }
    pub fn push(&mut self, problem: String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }
    /// Another list's problems, after this one's.
    fn absorb(&mut self, other: Problems) {
        for p in other.list {
            self.push(p);
        }
        self.more += other.more;
    }
    pub fn finish(mut self) -> Result<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        if self.more > 0 {
            self.list
                .push(format!("… and {} more problems like these", self.more));
        }
        Err(StoreError::Rejected(self.list))
    }
}

/// A column the importer knows: its name and the header spellings that mean it.
pub(crate) struct Column {
    name: &'static str,
    aliases: &'static [&'static str],
    /// HXL tag patterns (`#org+name`), most specific first.
    hxl: &'static [&'static str],
    /// A column this one replaces when both are present (`partner_ref` over `ref`).
    overrides: Option<&'static str>,
    required: bool,
}

const NEED_COLUMNS: &[Column] = &[
    Column {
        name: "ref",
        hxl: &["#meta+ref+partner", "#meta+ref"],
        overrides: None,
        aliases: &["ref", "reference", "id", "номер", "код"],
        required: false,
    },
    Column {
        name: "organisation",
        hxl: &["#org+name", "#org"],
        overrides: None,
        aliases: &[
            "organisation",
            "organization",
            "org",
            "організація",
            "организация",
        ],
        required: true,
    },
    Column {
        name: "item",
        hxl: &["#item+name", "#item"],
        overrides: None,
        aliases: &[
            "item",
            "items",
            "що потрібно",
            "потреба",
            "товар",
            "найменування",
            "найменування товару",
            "назва товару",
            "наименование",
            "наименование товара",
            "что нужно",
            "потребность",
        ],
        required: true,
    },
    Column {
        name: "quantity",
        hxl: &[
            "#indicator+num+requested",
            "#indicator+num",
            "#targeted+num",
        ],
        overrides: None,
        aliases: &[
            "quantity",
            "qty",
            "кількість",
            "количество",
            "к сть",
            "к ть",
            "кол во",
            "requested",
        ],
        required: true,
    },
    Column {
        name: "unit",
        hxl: &["#item+unit"],
        overrides: None,
        aliases: &[
            "unit",
            "units",
            "одиниця",
            "од",
            "единица",
            "ед",
            "од виміру",
            "одиниця виміру",
            "од вим",
            "ед изм",
            "единица измерения",
        ],
        required: false,
    },
    Column {
        name: "urgency",
        hxl: &["#severity+code", "#severity"],
        overrides: None,
        aliases: &[
            "urgency",
            "priority",
            "терміновість",
            "срочность",
            "пріоритет",
        ],
        required: false,
    },
    Column {
        name: "location",
        hxl: &["#loc+name", "#adm4+name", "#loc+code", "#loc", "#adm3+name"],
        overrides: None,
        aliases: &[
            "location",
            "place",
            "city",
            "місто",
            "населений пункт",
            "город",
            "адреса",
            "населенный пункт",
            "нас пункт",
            "адрес",
        ],
        required: false,
    },
    Column {
        name: "condition",
        hxl: &["#item+condition"],
        overrides: None,
        aliases: &["condition", "accepts", "стан", "состояние"],
        required: false,
    },
    Column {
        name: "needed_by",
        hxl: &["#date+end", "#date+deadline"],
        overrides: None,
        aliases: &[
            "needed_by",
            "needed by",
            "deadline",
            "до",
            "термін",
            "потрібно до",
            "потрібен до",
            "термін до",
            "крайній термін",
            "нужно до",
            "срок",
        ],
        required: false,
    },
    Column {
        name: "notes",
        hxl: &["#description"],
        overrides: None,
        aliases: &[
            "notes",
            "note",
            "comment",
            "примітки",
            "примітка",
            "примечания",
            "примечание",
            "коментар",
            "коментарі",
            "комментарий",
        ],
        required: false,
    },
    Column {
        name: "partner_ref",
        aliases: &["partner_ref", "partner ref", "ref партнера"],
        hxl: &[],
        overrides: Some("ref"),
        required: false,
    },
    Column {
        name: "category",
        aliases: &["category", "category_code", "категорія", "категория"],
        hxl: &["#item+code"],
        overrides: None,
        required: false,
    },
    Column {
        name: "place_code",
        aliases: &["place_code", "katottg", "кодифікатор", "катоттг"],
        hxl: &[],
        overrides: None,
        required: false,
    },
];

const ORG_COLUMNS: &[Column] = &[
    Column {
        name: "name",
        hxl: &["#org+name", "#org"],
        overrides: None,
        aliases: &[
            "name",
            "organisation",
            "organization",
            "назва",
            "название",
            "організація",
        ],
        required: true,
    },
    Column {
        name: "kind",
        hxl: &["#org+type"],
        overrides: None,
        aliases: &["kind", "type", "тип"],
        required: false,
    },
    Column {
        name: "contact",
        hxl: &["#contact+name"],
        overrides: None,
        aliases: &["contact", "contact person", "контакт", "контактна особа"],
        required: false,
    },
    Column {
        name: "phone",
        hxl: &["#contact+phone"],
        overrides: None,
        aliases: &["phone", "телефон", "tel"],
        required: false,
    },
    Column {
        name: "location",
        hxl: &["#loc+name", "#adm4+name", "#loc+code", "#loc", "#adm3+name"],
        overrides: None,
        aliases: &["location", "place", "city", "місто", "город"],
        required: false,
    },
    Column {
        name: "helps_with",
        hxl: &["#sector"],
        overrides: None,
        aliases: &["helps_with", "helps with", "допомагає з", "напрям"],
        required: false,
    },
];

/// Collects `FILE:LINE: field: reason` problems for one row.
struct RowErrors<'a> {
    file: &'a str,
    line: usize,
    list: &'a mut Problems,
    failed: bool,
}

impl RowErrors<'_> {
    fn push(&mut self, field: &str, reason: impl std::fmt::Display) {
        self.failed = true;
        self.list.push(format!(
            "{}:{}: {}: {}",
            self.file, self.line, field, reason
        ));
    }

    /// A field that must not be empty.
    fn required(&mut self, t: &Table<'_>, r: &csv::StringRecord, field: &str) -> Option<String> {
        let value = t.get(r, field).map(str::to_string);
        if value.is_none() {
            self.push(field, "is empty");
        }
        value
    }

    /// A record through the limits and the text check (`domain::limits`); a refusal is this
    /// line's problem, naming the field.
    fn clean<T>(&mut self, record: Result<T>) -> Option<T> {
        match record {
            Ok(r) => Some(r),
            Err(StoreError::Invalid { field, reason }) => {
                self.push(field, reason);
                None
            }
            Err(other) => {
                self.push("row", other);
                None
            }
        }
    }

    fn take<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        r: std::result::Result<T, E>,
    ) -> Option<T> {
        r.map_err(|e| self.push(field, strip_field(field, &e.to_string())))
            .ok()
    }
}

/// Domain errors say `field: reason`; inside a `FILE:LINE: field:` line say the reason once.
fn strip_field(field: &str, message: &str) -> String {
    message
        .strip_prefix(field)
        .and_then(|m| m.strip_prefix(": "))
        .or_else(|| message.strip_prefix("location: "))
        .unwrap_or(message)
        .to_string()
}

/// Urgency as partners write it: our words, or «дуже терміново», «невідкладно», «ASAP» …
fn parse_urgency(text: &str) -> std::result::Result<Urgency, crate::domain::ParseValueError> {
    text.parse::<Urgency>().or_else(|e| {
        let folded = crate::catalogue::fold::fold(text);
        let critical = [
            "дуже терміново",
            "невідкладно",
            "негайно",
            "очень срочно",
            "немедленно",
            "asap",
            "urgent",
            "1",
        ];
        let high = ["терміново", "срочно", "важливо", "важно", "2"];
        let normal = ["3", "звичайно", "обычно", "планово"];
        let low = ["4", "не терміново", "не срочно", "можна пізніше"];
        if critical.contains(&folded.as_str()) {
            Ok(Urgency::Critical)
        } else if high.contains(&folded.as_str()) {
            Ok(Urgency::High)
        } else if normal.contains(&folded.as_str()) {
            Ok(Urgency::Normal)
        } else if low.contains(&folded.as_str()) {
            Ok(Urgency::Low)
        } else {
            Err(e)
        }
    })
}

/// Unknown units met in a file: unit → (rows, first lines).
type UnknownUnits = HashMap<&'static str, (usize, Vec<usize>)>;

/// What a file repeats row after row, resolved once: places by their text (a registry names
/// a few thousand places over a million rows).
#[derive(Default)]
struct RowCache {
    places: HashMap<String, std::result::Result<crate::domain::Location, String>>,
    unknown_units: UnknownUnits,
}

impl RowCache {
    fn location(
        &mut self,
        place: Option<&str>,
    ) -> std::result::Result<crate::domain::Location, String> {
        let Some(place) = place else {
            return Ok(Default::default());
        };
        if let Some(hit) = self.places.get(place) {
            return hit.clone();
        }
        let resolved = resolve_location(Some(place)).map_err(|e| e.to_string());
        self.places.insert(place.to_string(), resolved.clone());
        resolved
    }
}

fn need_from_row(
    t: &Table<'_>,
    line: usize,
    r: &csv::StringRecord,
    errors: &mut Problems,
    cache: &mut RowCache,
) -> Option<NewNeed> {
    let mut e = RowErrors {
        file: &t.file,
        line,
        list: errors,
        failed: false,
    };
    let organisation = e.required(t, r, "organisation");
    let item = e.required(t, r, "item");
    let quantity = e
        .required(t, r, "quantity")
        .and_then(|q| e.take("quantity", parse_quantity(&q)));
    let unit = match t.get(r, "unit") {
        Some(u) => e.take(
            "unit",
            Unit::parse_or_keep(u).ok_or_else(|| format!("'{u}' is not a unit")),
        ),
        None => quantity.and_then(|(_, u)| u),
    };
    if let Some(Unit::Other(text)) = unit {
        let entry = cache.unknown_units.entry(text).or_default();
        entry.0 += 1;
        if entry.1.len() < 3 {
            entry.1.push(line);
        }
    }
    let urgency = t
        .get(r, "urgency")
        .map(|u| e.take("urgency", parse_urgency(u)))
        .unwrap_or(Some(Urgency::Normal));
    let accepts = t
        .get(r, "condition")
        .map(|c| e.take("condition", c.parse::<Accepts>()))
        .unwrap_or(Some(Accepts::Any));
    let needed_by = t
        .get(r, "needed_by")
        .map(|d| e.take("needed_by", parse_date(d)));
    let category = match t.get(r, "category") {
        Some(c) if crate::catalogue::Catalogue::builtin().get(c).is_some() => Some(c.to_string()),
        // A partner's own category names are not ours: the item is classified when it is
        // written (`needs::Classified`), once per distinct text.
        _ => None,
    };
    // A KATOTTG code is exact; the typed text is kept as the location's text.
    let location = match (t.get(r, "place_code"), t.get(r, "location")) {
        (Some(code), typed) => cache.location(Some(code)).map(|mut l| {
            if let Some(typed) = typed {
                l.text = Some(typed.to_string());
            }
            l
        }),
        (None, typed) => cache.location(typed),
    };
    let location = e.take("location", location);
    if e.failed {
        return None;
    }
    let need = NewNeed {
        organisation: organisation?,
        partner_ref: t
            .get(r, "partner_ref")
            .or_else(|| t.get(r, "ref"))
            .map(str::to_string),
        item: item?,
        category,
        quantity: quantity?.0,
        unit,
        urgency: urgency?,
        location: location?,
        accepts: accepts?,
        needed_by: needed_by.flatten(),
        notes: t.get(r, "notes").map(str::to_string),
    };
    e.clean(need.cleaned())
}

/// One need typed field by field (`aidline need add|edit`, the console's form) through exactly
/// the import's row checks: the same rules and the same `field: reason` messages, without a file
/// and line. Fields are named like the import's columns (`organisation`, `item`, `quantity`,
/// `unit`, `urgency`, `location`, `condition`, `needed_by`, `notes`, `ref`).
pub fn need_from_fields(fields: &[(&'static str, String)]) -> Result<NewNeed> {
    let names: Vec<&'static str> = fields.iter().map(|(n, _)| *n).collect();
    let table = Table::of_fields(&names);
    let record = csv::StringRecord::from(
        fields
            .iter()
            .map(|(_, v)| v.trim().to_string())
            .collect::<Vec<_>>(),
    );
    let mut problems = Problems::new();
    let mut cache = RowCache::default();
    let need = need_from_row(&table, 0, &record, &mut problems, &mut cache);
    match (need, problems.finish()) {
        (Some(need), Ok(())) => Ok(need),
        (_, Err(StoreError::Rejected(list))) => Err(StoreError::Rejected(
            list.into_iter()
                .map(|e| e.strip_prefix(":0: ").map(str::to_string).unwrap_or(e))
                .collect(),
        )),
        (_, Err(e)) => Err(e),
        (None, Ok(())) => Err(StoreError::invalid("need", "incomplete")),
    }
}

fn org_from_row(
    t: &Table<'_>,
    line: usize,
    r: &csv::StringRecord,
    errors: &mut Problems,
) -> Option<NewOrganisation> {
    let mut e = RowErrors {
        file: &t.file,
        line,
        list: errors,
        failed: false,
    };
    let name = e.required(t, r, "name");
    let kind = t
        .get(r, "kind")
        .map(|k| e.take("kind", k.parse::<OrgKind>()))
        .unwrap_or(Some(OrgKind::Other));
    let phone = t.get(r, "phone").map(|p| e.take("phone", Phone::parse(p)));
    let location = e.take("location", resolve_location(t.get(r, "location")));
    if e.failed {
        return None;
    }
    let org = NewOrganisation {
        name: name?,
        kind: kind?,
        contact: t.get(r, "contact").map(str::to_string),
        phone: phone.flatten().map(|p| p.to_string()),
        location: location?,
        helps_with: t.get(r, "helps_with").map(str::to_string),
    };
    e.clean(org.cleaned())
}

/// A 64-bit hash of a key (repeated-row detection without holding every key).
fn key_hash(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// Check each distinct organisation name of a file against the known ones: the same one spelled
/// differently is that one; a merely similar one is refused (a likely typo) unless `new_orgs`.
/// Returns the names that will be created.
fn check_org_names(
    file: &str,
    names: &[(String, usize)],
    index: &OrgIndex,
    new_orgs: bool,
    problems: &mut Problems,
) -> Vec<String> {
    let mut created: HashMap<String, ()> = HashMap::new();
    let mut out = Vec::new();
    for (name, line) in names {
        match index.resolve(name) {
            OrgMatch::Existing(..) => {}
            OrgMatch::Similar(known) if !new_orgs => problems.push(format!(
                "{file}:{line}: organisation: '{name}' is not known; did you mean '{known}'?                  (if it is a different organisation, import with --new-orgs)"
            )),
            _ => {
                if created.insert(orgs::same_key(name), ()).is_none() {
                    out.push(name.clone());
                }
            }
        }
    }
    out
}

/// A row of the second pass, read, checked and classified.
struct ReadRow {
    line: usize,
    need: NewNeed,
    class: needs::Classified,
}

/// Rows travel from the reading thread to the writer in batches of this many.
const BATCH: usize = 1024;

/// The second pass: read the file again on a thread of its own (decode, split, check and
/// classify each row) and hand `write` the rows in batches, so reading one batch overlaps
/// writing the one before. Returns the problems found on the way (none, unless the file
/// changed since the first pass). If `write` fails the reading stops and its error is returned.
fn read_rows(
    table: &Table<'_>,
    cache: &mut RowCache,
    write: &mut dyn FnMut(Vec<ReadRow>) -> Result<()>,
) -> Result<Problems> {
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<ReadRow>>(4);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<Problems> {
            let mut found = Problems::new();
            let mut memo = needs::ItemMemo::default();
            let mut batch = Vec::with_capacity(BATCH);
            table.for_each(&mut |line, record| {
                if let Some(need) = need_from_row(table, line, record, &mut found, cache) {
                    let class = memo.classify(&need);
                    batch.push(ReadRow { line, need, class });
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        // The writer has stopped (its own error is the one reported).
                        send.send(full)
                            .map_err(|_| StoreError::invalid("import", "stopped"))?;
                    }
                }
                Ok(())
            })?;
            if !batch.is_empty() {
                send.send(batch)
                    .map_err(|_| StoreError::invalid("import", "stopped"))?;
            }
            Ok(found)
        });
        let mut written = Ok(());
        for rows in receive.iter() {
            written = write(rows);
            if written.is_err() {
                break;
            }
        }
        // Dropping the receiver makes a reader blocked on `send` stop.
        drop(receive);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(StoreError::invalid("import", "the reading thread failed")));
        written?;
        read
    })
}

impl ImportReport {
    fn new(table: &Table<'_>, dry_run: bool) -> ImportReport {
        ImportReport {
            warnings: table.warnings.clone(),
            dry_run,
            encoding: table.encoding,
            ..ImportReport::default()
        }
    }
}

impl Store {
    /// Import needs from a file's bytes (`file` names it in messages).
    pub fn import_needs(
        &mut self,
        file: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport> {
        self.import_needs_with(
            file,
            bytes,
            ImportOptions {
                dry_run,
                ..ImportOptions::default()
            },
        )
    }

    /// Import needs: validate every row, then write them all in one transaction (or nothing).
    pub fn import_needs_with(
        &mut self,
        file: &str,
        bytes: &[u8],
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        let table = Table::read(file, bytes, NEED_COLUMNS)?;
        self.import_needs_from(file, table, opts)
    }

    /// Import needs from the file at `path`, streamed twice rather than held in memory.
    pub fn import_needs_file(
        &mut self,
        file: &str,
        path: &std::path::Path,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        let table = Table::open(file, path, NEED_COLUMNS)?;
        self.import_needs_from(file, table, opts)
    }

    fn import_needs_from(
        &mut self,
        file: &str,
        table: Table<'_>,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        // A liaison imports their organisations' rows (each checked as it is written).
        if !self.actor().scoped() {
            self.require(crate::store::Permission::EditNeeds, None)?;
        }
        let mut report = ImportReport::new(&table, opts.dry_run);
        let started = std::time::Instant::now();
        // Pass 1: validate every row; keep only what later checks need.
        let mut problems = Problems::new();
        let mut seen: HashMap<u64, usize> = HashMap::new();
        let mut names: Vec<(String, usize)> = Vec::new();
        let mut name_seen: HashMap<String, ()> = HashMap::new();
        let mut org_keys: HashMap<String, String> = HashMap::new();
        let mut cache = RowCache::default();
        table.for_each(&mut |line, record| {
            let Some(need) = need_from_row(&table, line, record, &mut problems, &mut cache) else {
                return Ok(());
            };
            report.rows += 1;
            // A file names few organisations: work out each spelling's key once.
            let org_key = match org_keys.get(&need.organisation) {
                Some(key) => key.clone(),
                None => {
                    let key = orgs::same_key(&need.organisation);
                    org_keys.insert(need.organisation.clone(), key.clone());
                    if name_seen.insert(key.clone(), ()).is_none() {
                        names.push((need.organisation.clone(), line));
                    }
                    key
                }
            };
            if let Some(r) = &need.partner_ref
                && let Some(first) = seen.insert(key_hash(&[&org_key, r]), line)
            {
                problems.push(format!(
                    "{file}:{line}: ref: '{r}' of this organisation is already at line {first}"
                ));
            }
            Ok(())
        })?;
        drop(seen);
        let index = OrgIndex::load(self.conn())?;
        report.new_organisations =
            check_org_names(file, &names, &index, opts.new_orgs, &mut problems);
        problems.finish()?;
        let mut units: Vec<_> = std::mem::take(&mut cache.unknown_units)
            .into_iter()
            .collect();
        units.sort_by_key(|(_, (_, lines))| lines[0]);
        for (unit, (count, lines)) in units {
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            let more = count - lines.len();
            report.warnings.push(format!(
                "{file}:{}: unit: '{unit}' is not a unit I know; kept as written ({} row{}{})",
                lines[0],
                count,
                if count == 1 { "" } else { "s" },
                if more > 0 {
                    format!(", lines {} and {more} more", lines.join(", "))
                } else if count > 1 {
                    format!(", lines {}", lines.join(", "))
                } else {
                    String::new()
                }
            ));
        }
        // Pass 2: read the file again and write, in one transaction.
        tracing::info!(
            rows = report.rows,
            ms = started.elapsed().as_millis() as u64,
            "import: file read and checked"
        );
        let out = self.bulk_write_then(!opts.dry_run, |w| {
            let mut index = OrgIndex::load(w.tx)?;
            let bulk = Bulk::begin(w.tx, &["needs", "need_items"], report.rows as u64)?;
            let mut ids: HashMap<String, i64> = HashMap::new();
            let mut problems = Problems::new();
            let found = read_rows(&table, &mut cache, &mut |rows| {
                for ReadRow { line, need, class } in rows {
                    let org_id = match ids.get(&need.organisation) {
                        Some(id) => *id,
                        None => {
                            let id = match index.resolve(&need.organisation) {
                                OrgMatch::Existing(id, _) => id,
                                _ => {
                                    let id = orgs::insert_new(
                                        w,
                                        &NewOrganisation::named(&need.organisation),
                                    )?;
                                    index.add(id, need.organisation.clone());
                                    report.organisations_created += 1;
                                    id
                                }
                            };
                            ids.insert(need.organisation.clone(), id);
                            id
                        }
                    };
                    match needs::upsert_with(w, org_id, &need, class) {
                        Ok(needs::Upsert::Created(_)) => report.created += 1,
                        Ok(needs::Upsert::Updated(id)) => {
                            bulk.touched(w.tx, "needs", id)?;
                            report.updated += 1
                        }
                        Err(StoreError::Invalid { field, reason }) => {
                            problems.push(format!("{file}:{line}: {field}: {reason}"))
                        }
                        Err(other) => return Err(other),
                    }
                }
                Ok(())
            })?;
            problems.absorb(found);
            problems.finish()?;
            tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "import: rows written"
            );
            if opts.dry_run {
                // Rolled back: nothing to bring up to date.
                return Ok(());
            }
            bulk.finish(w.tx, &mut |_, _| {})
        });
        out?;
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            "import: committed"
        );
        Ok(report)
    }

    /// Import the organisation directory (insert new names, update known ones).
    pub fn import_orgs(&mut self, file: &str, bytes: &[u8], dry_run: bool) -> Result<ImportReport> {
        self.import_orgs_with(
            file,
            bytes,
            ImportOptions {
                dry_run,
                ..ImportOptions::default()
            },
        )
    }

    /// Import the organisation directory: a name that is the same as a known one (quotes,
    /// case, legal form aside) updates it; a merely similar one is refused unless `new_orgs`.
    pub fn import_orgs_with(
        &mut self,
        file: &str,
        bytes: &[u8],
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        let table = Table::read(file, bytes, ORG_COLUMNS)?;
        self.import_orgs_from(file, table, opts)
    }

    /// Import the organisation directory from the file at `path`, streamed.
    pub fn import_orgs_file(
        &mut self,
        file: &str,
        path: &std::path::Path,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        let table = Table::open(file, path, ORG_COLUMNS)?;
        self.import_orgs_from(file, table, opts)
    }

    fn import_orgs_from(
        &mut self,
        file: &str,
        table: Table<'_>,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        self.require(crate::store::Permission::AdminOrgs, None)?;
        let mut report = ImportReport::new(&table, opts.dry_run);
        let mut problems = Problems::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut names = Vec::new();
        table.for_each(&mut |line, record| {
            let Some(org) = org_from_row(&table, line, record, &mut problems) else {
                return Ok(());
            };
            report.rows += 1;
            match seen.insert(orgs::same_key(&org.name), line) {
                Some(first) => problems.push(format!(
                    "{file}:{line}: name: '{}' is already at line {first}",
                    org.name
                )),
                None => names.push((org.name, line)),
            }
            Ok(())
        })?;
        let index = OrgIndex::load(self.conn())?;
        report.new_organisations =
            check_org_names(file, &names, &index, opts.new_orgs, &mut problems);
        problems.finish()?;
        self.write_then(!opts.dry_run, |w| {
            let mut problems = Problems::new();
            let index = OrgIndex::load(w.tx)?;
            table.for_each(&mut |line, record| {
                let Some(org) = org_from_row(&table, line, record, &mut problems) else {
                    return Ok(());
                };
                match index.resolve(&org.name) {
                    OrgMatch::Existing(id, _) => {
                        orgs::update(w, id, &org)?;
                        report.updated += 1;
                    }
                    _ => {
                        orgs::insert_new(w, &org)?;
                        report.created += 1;
                    }
                }
                Ok(())
            })?;
            problems.finish()
        })?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_in_partners_words() {
        assert_eq!(parse_urgency("Дуже терміново!").unwrap(), Urgency::Critical);
        assert_eq!(parse_urgency("срочно").unwrap(), Urgency::Critical);
        assert_eq!(parse_urgency("високий").unwrap(), Urgency::High);
        assert_eq!(parse_urgency("не терміново").unwrap(), Urgency::Low);
        assert!(parse_urgency("вчора").is_err());
    }

    /// The import classifies each distinct text once; every need still gets exactly the item
    /// rows the single-need path writes, on creation and on update.
    #[test]
    fn imported_needs_get_the_same_item_rows_as_needs_added_one_by_one() {
        let mut s = Store::open_in_memory("tester").unwrap();
        let file = "ref,organisation,item,quantity,unit,location\n\
            R-1,БФ Світло,ковдри та подушки,10,шт,Харків\n\
            R-2,БФ Світло,ковдри та подушки,4,шт,Бровари\n\
            R-3,Прихисток «Дім»,дрова колоті,3,т,Ірпінь\n\
            R-4,Прихисток «Дім»,ковдри та подушки,2,,Харків\n";
        s.import_needs("a.csv", file.as_bytes(), false).unwrap();
        // The same refs again, with other items: updated, their item rows replaced.
        let again = file.replace("ковдри та подушки,10", "генератор і павербанки,10");
        let report = s.import_needs("b.csv", again.as_bytes(), false).unwrap();
        assert_eq!(report.updated, 4);
        let rows: Vec<(i64, String, Option<String>, i64)> = s
            .conn()
            .prepare("SELECT id, item, category, urgency FROM needs ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 4);
        for (id, item, category, _) in rows {
            let mut want = crate::matching::need_item_categories(
                crate::catalogue::Catalogue::builtin(),
                &item,
                category.as_deref(),
            );
            want.sort();
            want.dedup();
            let mut got: Vec<String> = s
                .conn()
                .prepare("SELECT category FROM need_items WHERE need_id = ?1")
                .unwrap()
                .query_map([id], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            got.sort();
            assert_eq!(got, want, "{item}");
            assert!(!got.is_empty(), "{item}");
        }
    }

    #[test]
    fn problems_are_capped_with_a_count() {
        let mut p = Problems::new();
        for i in 0..100_000 {
            p.push(format!("f:{i}: x"));
        }
        let Err(StoreError::Rejected(list)) = p.finish() else {
            panic!()
        };
        assert_eq!(list.len(), MAX_PROBLEMS + 1);
        assert!(list.last().unwrap().contains("99950 more"), "{list:?}");
    }
}
