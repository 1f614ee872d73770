//! Needs: what organisations ask for, with requested, proposed, confirmed and delivered quantities.

use super::{Result, Store, StoreError, Writer, audit, rows};
use crate::catalogue::Catalogue;
use crate::domain::{Accepts, Location, Need, RefKind, Unit, Urgency};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// A need as entered or imported.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNeed {
    pub organisation: String,
    pub partner_ref: Option<String>,
    pub item: String,
    /// The catalogue category; `None` classifies `item`.
    pub category: Option<String>,
    pub quantity: i64,
    /// `None`: the category's default unit.
    pub unit: Option<Unit>,
    pub urgency: Urgency,
    pub location: Location,
    pub accepts: Accepts,
    pub needed_by: Option<NaiveDate>,
    pub notes: Option<String>,
}

impl NewNeed {
    /// The need with every field through the limits and the text check (`domain::limits`).
    pub fn cleaned(&self) -> Result<NewNeed> {
        use crate::domain::limits;
        let mut location = self.location.clone();
        location.text = limits::LOCATION.clean_opt(location.text.as_deref())?;
        Ok(NewNeed {
            organisation: limits::ORGANISATION.clean(&self.organisation)?,
            partner_ref: limits::PARTNER_REF.clean_opt(self.partner_ref.as_deref())?,
            item: limits::ITEM.clean(&self.item)?,
            quantity: limits::check_quantity("quantity", self.quantity)?,
            location,
            notes: limits::NOTES.clean_opt(self.notes.as_deref())?,
            ..self.clone()
        })
    }

    /// Category and unit, filled from the catalogue where not given.
    pub fn category_and_unit(&self) -> (Option<String>, Unit) {
        Catalogue::builtin().category_and_unit(&self.item, self.category.as_deref(), self.unit)
    }
}

/// What a list of needs is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct NeedFilter {
    /// Folded words the item or organisation must contain.
    pub text: Option<String>,
    pub org_id: Option<i64>,
    /// Only needs with open quantity.
    pub open_only: bool,
    /// Most urgent first (then newest), instead of newest first.
    pub urgent_first: bool,
    /// Only stale needs ([`Need::is_stale`]), the longest unseen first: the "still needed?" list.
    pub stale: bool,
}

/// The answer to "still needed?" for a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// Still needed: this many more (the open quantity; the requested quantity becomes what is
    /// already matched plus this).
    StillNeeded(i64),
    /// Someone else brought it: closed.
    FulfilledElsewhere,
    /// Not needed any more: closed.
    NoLongerNeeded,
}

impl Review {
    pub fn code(self) -> &'static str {
        match self {
            Review::StillNeeded(_) => "still_needed",
            Review::FulfilledElsewhere => "fulfilled_elsewhere",
            Review::NoLongerNeeded => "no_longer_needed",
        }
    }
}

/// What became of one need written by an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Created(i64),
    Updated(i64),
}

fn need_json(n: &NewNeed, category: &Option<String>, unit: Unit) -> serde_json::Value {
    json!({
        "ref": n.partner_ref, "item": n.item, "category": category, "quantity": n.quantity,
        "unit": unit, "urgency": n.urgency, "place_code": n.location.code,
        "accepts": n.accepts, "needed_by": n.needed_by, "notes": n.notes,
    })
}

/// The columns a need's entry sets, named like their parameters.
const NEED_FIELDS: [&str; 14] = [
    "item",
    "category",
    "quantity",
    "unit",
    "urgency",
    "location",
    "place_code",
    "settlement_code",
    "hromada_code",
    "raion_code",
    "oblast_code",
    "accepts",
    "needed_by",
    "notes",
];

/// (UPDATE by organisation and partner ref, INSERT), both from `NEED_FIELDS`.
static UPSERT_SQL: std::sync::LazyLock<(String, String)> = std::sync::LazyLock::new(|| {
    let set: Vec<String> = NEED_FIELDS.iter().map(|f| format!("{f} = :{f}")).collect();
    let values: Vec<String> = NEED_FIELDS.iter().map(|f| format!(":{f}")).collect();
    (
        format!(
            "UPDATE needs SET {}, updated_at = :now WHERE org_id = :org_id AND ref = :ref",
            set.join(", ")
        ),
        format!(
            "INSERT INTO needs (org_id, ref, {}, created_at, updated_at)
             VALUES (:org_id, :ref, {}, :now, :now)",
            NEED_FIELDS.join(", "),
            values.join(", ")
        ),
    )
});

/// What an import remembers between rows: each distinct item text's category, unit and
/// `need_items` categories, classified once (a partner's file repeats its items).
#[derive(Default)]
pub(crate) struct ItemMemo {
    seen: std::collections::HashMap<(String, Option<String>, Option<Unit>), Classified>,
}

/// A need's text as the catalogue reads it: its category, its unit, and every item category it
/// names (its `need_items` rows). Pure: an import works it out on its reading thread.
#[derive(Clone)]
pub(crate) struct Classified {
    category: Option<String>,
    unit: Unit,
    items: Vec<String>,
}

impl Classified {
    pub(crate) fn of(n: &NewNeed) -> Classified {
        let (category, unit) = n.category_and_unit();
        let items = crate::matching::need_item_categories(
            Catalogue::builtin(),
            &n.item,
            category.as_deref(),
        );
        Classified {
            category,
            unit,
            items,
        }
    }
}

impl ItemMemo {
    pub(crate) fn classify(&mut self, n: &NewNeed) -> Classified {
        let key = (n.item.clone(), n.category.clone(), n.unit);
        if let Some(hit) = self.seen.get(&key) {
            return hit.clone();
        }
        let c = Classified::of(n);
        // Bounded: a file of all-different texts keeps memory flat.
        if self.seen.len() < 100_000 {
            self.seen.insert(key, c.clone());
        }
        c
    }
}

/// Insert the need, or update the one with the same partner ref at the same organisation.
pub(crate) fn upsert(w: &Writer<'_>, org_id: i64, n: &NewNeed) -> Result<Upsert> {
    let n = n.cleaned()?;
    let class = Classified::of(&n);
    upsert_with(w, org_id, &n, class)
}

/// `upsert` for a need already through `NewNeed::cleaned` and classified (an import row).
pub(crate) fn upsert_with(
    w: &Writer<'_>,
    org_id: i64,
    n: &NewNeed,
    class: Classified,
) -> Result<Upsert> {
    w.require(super::access::Permission::EditNeeds, Some(org_id))?;
    let Classified {
        category,
        unit,
        items,
    } = class;
    let existing = match &n.partner_ref {
        Some(r) => {
            w.tx.prepare_cached(&format!(
                "SELECT {} FROM {} WHERE n.org_id = ?1 AND n.ref = ?2",
                rows::NEED_COLUMNS,
                rows::NEED_FROM
            ))?
            .query_row(params![org_id, r], rows::need)
            .optional()?
        }
        None => None,
    };
    let after = need_json(n, &category, unit);
    let loc = &n.location;
    let (unit_code, urgency, accepts) = (unit.code(), n.urgency.rank(), n.accepts.as_str());
    let needed_by = n.needed_by.map(|d| d.to_string());
    let values = rusqlite::named_params! {
        ":org_id": org_id, ":ref": n.partner_ref, ":item": n.item, ":category": category,
        ":quantity": n.quantity, ":unit": unit_code, ":urgency": urgency,
        ":location": loc.text, ":place_code": loc.code, ":settlement_code": loc.settlement,
        ":hromada_code": loc.hromada, ":raion_code": loc.raion, ":oblast_code": loc.oblast,
        ":accepts": accepts, ":needed_by": needed_by, ":notes": n.notes, ":now": w.now,
    };
    if let Some(old) = existing {
        if n.quantity < old.tally.committed() {
            return Err(StoreError::invalid(
                "quantity",
                format!(
                    "{} is below the {} already matched to {}",
                    n.quantity,
                    old.tally.committed(),
                    old.short_ref()
                ),
            ));
        }
        w.tx.prepare_cached(&UPSERT_SQL.0)?.execute(values)?;
        w.tx.prepare_cached("DELETE FROM need_items WHERE need_id = ?1")?
            .execute([old.id])?;
        insert_items(w.tx, old.id, &items, urgency, loc)?;
        let before = serde_json::to_value(&old).unwrap_or_default();
        audit::record(w, "need", old.id, "update", Some(before), Some(after))?;
        return Ok(Upsert::Updated(old.id));
    }
    w.tx.prepare_cached(&UPSERT_SQL.1)?.execute(values)?;
    let id = w.tx.last_insert_rowid();
    // A new need has no item rows to delete.
    insert_items(w.tx, id, &items, urgency, loc)?;
    audit::record(w, "need", id, "create", None, Some(after))?;
    Ok(Upsert::Created(id))
}

/// The indexes of `need_items`, created after a bulk fill (building an index over sorted keys
/// once is much faster than a million inserts into it).
pub(crate) const NEED_ITEMS_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS need_items_by_place ON need_items(category, oblast_code, raion_code,
    hromada_code, settlement_code, urgency, need_id);
CREATE INDEX IF NOT EXISTS need_items_by_urgency ON need_items(category, urgency, need_id,
    oblast_code, raion_code, hromada_code, settlement_code);";

/// Rewrite a need's rows in `need_items` from its text and category.
pub(crate) fn write_items(
    conn: &rusqlite::Connection,
    id: i64,
    item: &str,
    category: Option<&str>,
    urgency: i64,
    loc: &Location,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM need_items WHERE need_id = ?1")?
        .execute([id])?;
    let items = crate::matching::need_item_categories(Catalogue::builtin(), item, category);
    insert_items(conn, id, &items, urgency, loc)
}

/// Add a need's rows to `need_items` (categories already worked out).
fn insert_items(
    conn: &rusqlite::Connection,
    id: i64,
    items: &[String],
    urgency: i64,
    loc: &Location,
) -> rusqlite::Result<()> {
    let mut ins = conn.prepare_cached(
        "INSERT OR IGNORE INTO need_items (need_id, category, urgency, oblast_code, raion_code,
            hromada_code, settlement_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in items {
        ins.execute(params![
            id,
            c,
            urgency,
            loc.oblast,
            loc.raion,
            loc.hromada,
            loc.settlement
        ])?;
    }
    Ok(())
}

/// Migration V4's hook: fill `need_items` for every need already stored (each distinct text is
/// classified once), then build its indexes.
pub(crate) fn backfill_items(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let cat = Catalogue::builtin();
    let mut memo: std::collections::HashMap<(String, Option<String>), Vec<String>> =
        std::collections::HashMap::new();
    let mut read = tx.prepare(
        "SELECT id, item, category, urgency, oblast_code, raion_code, hromada_code,
                settlement_code FROM needs ORDER BY id",
    )?;
    let mut ins = tx.prepare(
        "INSERT OR IGNORE INTO need_items (need_id, category, urgency, oblast_code, raion_code,
            hromada_code, settlement_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (id, item, category): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let cats = memo.entry((item, category)).or_insert_with_key(|(i, c)| {
            crate::matching::need_item_categories(cat, i, c.as_deref())
        });
        for c in cats.iter() {
            ins.execute(params![
                id,
                c,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?
            ])?;
        }
    }
    tx.execute_batch(NEED_ITEMS_INDEXES)?;
    Ok(())
}

/// Migration V8's hook: `needs.reviewed_at` (nullable, added in place: no table rewrite at a
/// million rows) unless it is there already, and the review list's index.
pub(crate) fn add_reviewed_at(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let has: bool = tx.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('needs') WHERE name = 'reviewed_at'",
        [],
        |r| r.get(0),
    )?;
    if !has {
        tx.execute_batch("ALTER TABLE needs ADD COLUMN reviewed_at TEXT;")?;
    }
    // Ordered for the review list, and wide enough that counting it never reads the table.
    tx.execute_batch(
        "CREATE INDEX IF NOT EXISTS needs_by_review
             ON needs(coalesce(reviewed_at, created_at), id, needed_by, reviewed_at, quantity,
                      proposed, confirmed, delivered) WHERE closed = 0;",
    )?;
    Ok(())
}

pub(crate) fn get(conn: &rusqlite::Connection, id: i64) -> Result<Need> {
    rows::by_id(
        conn,
        &format!(
            "SELECT {} FROM {} WHERE n.id = ?1",
            rows::NEED_COLUMNS,
            rows::NEED_FROM
        ),
        id,
        rows::need,
        RefKind::Need,
        "need",
    )
}

impl Store {
    /// Add one need (creating the organisation by name if new).
    pub fn add_need(&mut self, need: &NewNeed) -> Result<Need> {
        let id = self.write(|w| {
            let (org_id, _) = super::orgs::ensure(w, &need.organisation)?;
            match upsert(w, org_id, need)? {
                Upsert::Created(id) | Upsert::Updated(id) => Ok(id),
            }
        })?;
        self.need(id)
    }

    /// One need (a liaison: of their organisations only).
    pub fn need(&self, id: i64) -> Result<Need> {
        let need = get(self.conn(), id)?;
        if self.actor().scoped() && !self.actor().orgs.contains(&need.org_id) {
            return Err(StoreError::NotFound {
                what: "need",
                reference: need.short_ref().to_string(),
            });
        }
        Ok(need)
    }

    /// Correct a need by hand: every field of `need` replaces the stored one (the caller starts
    /// from the need as it is). The quantity may not drop below what is already matched; the
    /// organisation may change (created by name if new). One transaction with its audit row.
    pub fn edit_need(&mut self, id: i64, need: &NewNeed) -> Result<Need> {
        self.write(|w| {
            let old = get(w.tx, id)?;
            w.require(super::access::Permission::EditNeeds, Some(old.org_id))?;
            let n = &need.cleaned()?;
            if n.quantity < old.tally.committed() {
                return Err(StoreError::invalid(
                    "quantity",
                    format!(
                        "{} is below the {} already matched to {}",
                        n.quantity,
                        old.tally.committed(),
                        old.short_ref()
                    ),
                ));
            }
            let (org_id, _) = super::orgs::ensure(w, &n.organisation)?;
            w.require(super::access::Permission::EditNeeds, Some(org_id))?;
            let (category, unit) = n.category_and_unit();
            let loc = &n.location;
            let (unit_code, urgency, accepts) = (unit.code(), n.urgency.rank(), n.accepts.as_str());
            let needed_by = n.needed_by.map(|d| d.to_string());
            let set: Vec<String> = NEED_FIELDS.iter().map(|f| format!("{f} = :{f}")).collect();
            let clash =
                w.tx.prepare_cached(&format!(
                    "UPDATE needs SET org_id = :org_id, ref = :ref, {}, updated_at = :now
                     WHERE id = :id",
                    set.join(", ")
                ))?
                .execute(rusqlite::named_params! {
                    ":id": id, ":org_id": org_id, ":ref": n.partner_ref, ":item": n.item,
                    ":category": category, ":quantity": n.quantity, ":unit": unit_code,
                    ":urgency": urgency, ":location": loc.text, ":place_code": loc.code,
                    ":settlement_code": loc.settlement, ":hromada_code": loc.hromada,
                    ":raion_code": loc.raion, ":oblast_code": loc.oblast, ":accepts": accepts,
                    ":needed_by": needed_by, ":notes": n.notes, ":now": w.now,
                });
            match clash {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    return Err(StoreError::invalid(
                        "ref",
                        format!(
                            "'{}' is already another need of {}",
                            n.partner_ref.as_deref().unwrap_or_default(),
                            n.organisation
                        ),
                    ));
                }
                other => other?,
            };
            write_items(w.tx, id, &n.item, category.as_deref(), urgency, loc)?;
            let before = serde_json::to_value(&old).unwrap_or_default();
            audit::record(
                w,
                "need",
                id,
                "edit",
                Some(before),
                Some(need_json(n, &category, unit)),
            )
        })?;
        self.need(id)
    }

    /// Close a need by hand (no more matches go to it).
    pub fn close_need(&mut self, id: i64) -> Result<Need> {
        self.write(|w| {
            let before = get(w.tx, id)?;
            w.require(super::access::Permission::EditNeeds, Some(before.org_id))?;
            w.tx.execute(
                "UPDATE needs SET closed = 1, updated_at = ?2 WHERE id = ?1",
                params![id, w.now],
            )?;
            audit::record(
                w,
                "need",
                id,
                "close",
                Some(json!({"closed": before.closed})),
                Some(json!({"closed": true})),
            )
        })?;
        self.need(id)
    }

    /// Answer "still needed?" for a need: the quantity or the closing, `reviewed_at` and the
    /// audit row (with the answer) in one transaction. A closed need is refused.
    pub fn review_need(&mut self, id: i64, review: Review) -> Result<Need> {
        self.write(|w| {
            let old = get(w.tx, id)?;
            w.require(super::access::Permission::EditNeeds, Some(old.org_id))?;
            if old.closed {
                return Err(StoreError::invalid(
                    "need",
                    format!("{} is closed", old.short_ref()),
                ));
            }
            let before = json!({
                "quantity": old.tally.total, "closed": old.closed, "reviewed_at": old.reviewed_at,
            });
            let after = match review {
                Review::StillNeeded(open) => {
                    let open = crate::domain::limits::check_quantity("quantity", open)?;
                    let total = old.tally.committed() + open;
                    let total = crate::domain::limits::check_quantity("quantity", total)?;
                    w.tx.execute(
                        "UPDATE needs SET quantity = ?2, reviewed_at = ?3, updated_at = ?3
                         WHERE id = ?1",
                        params![id, total, w.now],
                    )?;
                    json!({"quantity": total, "closed": false, "reviewed_at": w.now})
                }
                Review::FulfilledElsewhere | Review::NoLongerNeeded => {
                    w.tx.execute(
                        "UPDATE needs SET closed = 1, reviewed_at = ?2, updated_at = ?2
                         WHERE id = ?1",
                        params![id, w.now],
                    )?;
                    json!({"quantity": old.tally.total, "closed": true, "reviewed_at": w.now})
                }
            };
            let mut after = after;
            after["answer"] = json!(review.code());
            audit::record(w, "need", id, "review", Some(before), Some(after))
        })?;
        self.need(id)
    }

    /// One page of needs, newest first.
    pub fn list_needs(
        &self,
        filter: &NeedFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Need>> {
        let (where_sql, args) = need_where(filter, self.clock(), self.actor());
        let sql = format!(
            "SELECT {} FROM {} {} ORDER BY {} LIMIT {} OFFSET {}",
            rows::NEED_COLUMNS,
            rows::NEED_FROM,
            where_sql,
            if filter.stale {
                "coalesce(n.reviewed_at, n.created_at), n.id"
            } else if filter.urgent_first {
                "n.urgency, n.id DESC"
            } else {
                "n.id DESC"
            },
            limit,
            offset
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), rows::need)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// The need a partner's own reference names (`R14-14683`, as imported), if one has it;
    /// the same reference at two organisations is refused, naming both.
    pub fn need_by_partner_ref(&self, text: &str) -> Result<Option<i64>> {
        let found: Vec<(i64, String)> = self
            .conn()
            .prepare_cached(
                "SELECT n.id, o.name FROM needs n JOIN organisations o ON o.id = n.org_id
                 WHERE n.ref = ?1 LIMIT 3",
            )?
            .query_map([text.trim()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        match found.as_slice() {
            [] => Ok(None),
            [(id, _)] => Ok(Some(*id)),
            many => Err(super::StoreError::invalid(
                "need",
                format!(
                    "{} is the reference of several needs ({}); use our reference instead",
                    text.trim(),
                    many.iter()
                        .map(|(id, org)| format!("N-{id} at {org}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// How many needs the filter selects.
    pub fn count_needs(&self, filter: &NeedFilter) -> Result<i64> {
        let (where_sql, args) = need_where(filter, self.clock(), self.actor());
        // The stale count reads most open needs: through the review index alone (it holds every
        // column the rule reads), never the table (50 s cold at a million needs through the
        // organisations join, 0.3 s this way).
        let from = if filter.stale && filter.text.is_none() && filter.org_id.is_none() {
            "needs n INDEXED BY needs_by_review"
        } else {
            rows::NEED_FROM
        };
        let sql = format!("SELECT count(*) FROM {from} {where_sql}");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
    }
}

fn need_where(
    filter: &NeedFilter,
    clock: &dyn crate::domain::Clock,
    actor: &super::access::Actor,
) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    // A liaison's lists hold their organisations' needs only.
    clauses.extend(actor.scope_sql("n.org_id"));
    let mut args: Vec<Value> = Vec::new();
    if filter.stale {
        // The SQL of `Need::is_stale` (times are stored as RFC 3339 UTC, so they compare as text).
        let cutoff = (clock.now() - chrono::Duration::days(crate::domain::STALE_AFTER_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        args.push(Value::Text(cutoff));
        args.push(Value::Text(clock.today().to_string()));
        clauses.push(format!(
            "n.closed = 0 AND n.quantity > n.proposed + n.confirmed + n.delivered
             AND (coalesce(n.reviewed_at, n.created_at) <= ?{} OR (n.needed_by < ?{}
                  AND (n.reviewed_at IS NULL OR substr(n.reviewed_at, 1, 10) <= n.needed_by)))",
            args.len() - 1,
            args.len()
        ));
    }
    if filter.open_only {
        clauses.push(
            "n.closed = 0 AND n.quantity > n.proposed + n.confirmed + n.delivered".to_string(),
        );
    }
    if let Some(org) = filter.org_id {
        args.push(Value::Integer(org));
        clauses.push(format!("n.org_id = ?{}", args.len()));
    }
    if let Some(text) = filter.text.as_deref() {
        clauses.extend(super::filter::clauses(
            text,
            &super::filter::NEEDS,
            &mut args,
        ));
    }
    (super::filter::where_sql(&clauses), args)
}
