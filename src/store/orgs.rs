//! Organisations: the NGOs, shelters, hospitals and services that keep needs.

use super::{Result, Store, StoreError, Writer, audit, rows};
use crate::catalogue::fold::fold;
use crate::domain::{Location, OrgKind, Organisation};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// An organisation as entered or imported.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrgKind,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub location: Location,
    pub helps_with: Option<String>,
}

impl NewOrganisation {
    pub fn named(name: &str) -> NewOrganisation {
        NewOrganisation {
            name: name.trim().to_string(),
            kind: OrgKind::Other,
            contact: None,
            phone: None,
            location: Location::default(),
            helps_with: None,
        }
    }
}

impl NewOrganisation {
    /// The organisation with every field through the limits and the text check
    /// (`domain::limits`).
    pub fn cleaned(&self) -> Result<NewOrganisation> {
        use crate::domain::limits;
        let name = limits::TextLimit {
            field: "name",
            ..limits::ORGANISATION
        };
        let mut location = self.location.clone();
        location.text = limits::LOCATION.clean_opt(location.text.as_deref())?;
        Ok(NewOrganisation {
            name: name.clean(&self.name)?,
            kind: self.kind,
            contact: limits::CONTACT.clean_opt(self.contact.as_deref())?,
            phone: limits::PHONE.clean_opt(self.phone.as_deref())?,
            location,
            helps_with: limits::HELPS_WITH.clean_opt(self.helps_with.as_deref())?,
        })
    }
}

/// The key organisations are told apart by: folded name, so «БФ Світло» and «бф  світло» are one.
pub fn name_key(name: &str) -> String {
    fold(name)
}

/// The organisation's id by name, if it exists.
pub(crate) fn find_id(w: &Writer<'_>, name: &str) -> Result<Option<i64>> {
    Ok(w.tx
        .prepare_cached("SELECT id FROM organisations WHERE name_key = ?1")?
        .query_row([name_key(name)], |r| r.get(0))
        .optional()?)
}

/// Create the organisation by name, or return the existing one's id. Returns (id, created).
pub(crate) fn ensure(w: &Writer<'_>, name: &str) -> Result<(i64, bool)> {
    let name = &crate::domain::limits::ORGANISATION.clean(name)?;
    if let Some(id) = find_id(w, name)? {
        return Ok((id, false));
    }
    insert(w, &NewOrganisation::named(name)).map(|id| (id, true))
}

fn insert(w: &Writer<'_>, org: &NewOrganisation) -> Result<i64> {
    let org = &org.cleaned()?;
    if org.name.trim().is_empty() {
        return Err(StoreError::invalid("organisation", "the name is empty"));
    }
    w.tx.prepare_cached(
        "INSERT INTO organisations (name, name_key, kind, contact, phone, location, place_code,
                                    helps_with, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        org.name.trim(),
        name_key(&org.name),
        org.kind.as_str(),
        org.contact,
        org.phone,
        org.location.text,
        org.location.code,
        org.helps_with,
        w.now,
    ])?;
    let id = w.tx.last_insert_rowid();
    audit::record(w, "organisation", id, "create", None, Some(org_json(org)))?;
    Ok(id)
}

fn org_json(org: &NewOrganisation) -> serde_json::Value {
    json!({
        "name": org.name, "kind": org.kind, "contact": org.contact, "phone": org.phone,
        "location": org.location.text, "place_code": org.location.code, "helps_with": org.helps_with,
    })
}

/// Insert or update an organisation by name (the directory import). Returns (id, created).
pub(crate) fn upsert(w: &Writer<'_>, org: &NewOrganisation) -> Result<(i64, bool)> {
    let org = &org.cleaned()?;
    let Some(id) = find_id(w, &org.name)? else {
        return insert(w, org).map(|id| (id, true));
    };
    let before =
        w.tx.prepare_cached(&format!(
            "SELECT {} FROM organisations WHERE id = ?1",
            rows::ORG_COLUMNS
        ))?
        .query_row([id], rows::organisation)?;
    w.tx.prepare_cached(
        "UPDATE organisations SET name = ?2, kind = ?3, contact = ?4, phone = ?5, location = ?6,
                place_code = ?7, helps_with = ?8, updated_at = ?9 WHERE id = ?1",
    )?
    .execute(params![
        id,
        org.name.trim(),
        org.kind.as_str(),
        org.contact,
        org.phone,
        org.location.text,
        org.location.code,
        org.helps_with,
        w.now,
    ])?;
    audit::record(
        w,
        "organisation",
        id,
        "update",
        Some(serde_json::to_value(&before).unwrap_or_default()),
        Some(org_json(org)),
    )?;
    Ok((id, false))
}

impl Store {
    /// Organisations a list filter selects, by name, one page.
    pub fn list_organisations(
        &self,
        filter: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Organisation>> {
        let (where_sql, args) = org_where(filter);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM organisations o {where_sql} ORDER BY o.name_key LIMIT {limit} OFFSET {offset}",
            rows::ORG_COLUMNS
        ))?;
        let list = stmt
            .query_map(rusqlite::params_from_iter(args), rows::organisation)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// How many organisations a list filter selects (the same WHERE as the list).
    pub fn count_organisations(&self, filter: Option<&str>) -> Result<i64> {
        let (where_sql, args) = org_where(filter);
        Ok(self
            .conn()
            .prepare_cached(&format!("SELECT count(*) FROM organisations o {where_sql}"))?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
    }

    pub fn organisation(&self, id: i64) -> Result<Organisation> {
        rows::by_id(
            self.conn(),
            &format!(
                "SELECT {} FROM organisations WHERE id = ?1",
                rows::ORG_COLUMNS
            ),
            id,
            rows::organisation,
            crate::domain::RefKind::Organisation,
            "organisation",
        )
    }
}

/// The one WHERE of the organisations list, for its pages and its count.
fn org_where(text: Option<&str>) -> (String, Vec<rusqlite::types::Value>) {
    let mut args = Vec::new();
    let clauses = text
        .map(|t| super::filter::clauses(t, &super::filter::ORGS, &mut args))
        .unwrap_or_default();
    (super::filter::where_sql(&clauses), args)
}
