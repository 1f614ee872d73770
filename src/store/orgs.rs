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

/// Legal-form words that do not tell organisations apart (folded): «ГО», «БФ», «Благодійний
/// фонд», «МБФ», «ТОВ», «NGO», «CF» …
const LEGAL_FORMS: &[&str] = &[
    "го",
    "бф",
    "бо",
    "мбф",
    "мго",
    "гс",
    "ббф",
    "кп",
    "кнп",
    "тов",
    "пп",
    "фоп",
    "оо",
    "общественная организация",
    "громадська організація",
    "громадська спілка",
    "благодійний фонд",
    "благодійна організація",
    "міжнародний благодійний фонд",
    "благотворительный фонд",
    "благотворительная организация",
    "комунальне підприємство",
    "комунальне некомерційне підприємство",
    "ngo",
    "cf",
    "bf",
    "charity",
    "charitable foundation",
    "foundation",
];

/// The key that says two spellings name one organisation: folded, without quotes, apostrophes,
/// spaces and legal-form words, so «БФ "Світло"», «Світло» and «бф світло» are one and
/// «Соцслужба «Віра»» is «Соцслужба Віра».
pub fn same_key(name: &str) -> String {
    let folded = fold(name).replace(crate::catalogue::fold::APOSTROPHE, "");
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    // Legal forms (longest first) at the start or the end, as many as there are.
    let mut changed = true;
    while changed && words.len() > 1 {
        changed = false;
        for form in LEGAL_FORMS {
            let n = form.split(' ').count();
            if words.len() > n && words[..n].join(" ") == *form {
                words.drain(..n);
                changed = true;
                break;
            }
            if words.len() > n && words[words.len() - n..].join(" ") == *form {
                words.truncate(words.len() - n);
                changed = true;
                break;
            }
        }
    }
    words.concat()
}

/// What a name in an import is, against the organisations already known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgMatch {
    /// The same organisation, maybe spelled differently: (id, name as stored).
    Existing(i64, String),
    /// Not the same, but close enough that it may be a typo of this one.
    Similar(String),
    New,
}

/// Every organisation's [`same_key`], for resolving an import's names in memory.
#[derive(Debug, Default)]
pub struct OrgIndex {
    by_key: std::collections::HashMap<String, (i64, String)>,
}

impl OrgIndex {
    pub(crate) fn load(conn: &rusqlite::Connection) -> Result<OrgIndex> {
        let mut index = OrgIndex::default();
        let mut stmt = conn.prepare("SELECT id, name FROM organisations ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            index.add(r.get(0)?, r.get(1)?);
        }
        Ok(index)
    }

    pub fn add(&mut self, id: i64, name: String) {
        self.by_key.entry(same_key(&name)).or_insert((id, name));
    }

    pub fn resolve(&self, name: &str) -> OrgMatch {
        let key = same_key(name);
        if let Some((id, stored)) = self.by_key.get(&key) {
            return OrgMatch::Existing(*id, stored.clone());
        }
        let len = key.chars().count();
        // A typo's worth: one edit in a short name, two in a long one.
        let limit = if len >= 10 { 2 } else { 1 };
        self.by_key
            .iter()
            .filter(|(k, _)| k.chars().count().abs_diff(len) <= limit)
            .map(|(k, (_, n))| (strsim::levenshtein(k, &key), n))
            .filter(|(d, _)| *d <= limit && len >= 3)
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
            .map(|(_, n)| OrgMatch::Similar(n.clone()))
            .unwrap_or(OrgMatch::New)
    }
}

/// Insert an organisation known not to exist (the import resolved its name). Returns its id.
pub(crate) fn insert_new(w: &Writer<'_>, org: &NewOrganisation) -> Result<i64> {
    insert(w, org)
}

/// Update the organisation `id` from the directory import.
pub(crate) fn update(w: &Writer<'_>, id: i64, org: &NewOrganisation) -> Result<()> {
    let org = &org.cleaned()?;
    let before =
        w.tx.prepare_cached(&format!(
            "SELECT {} FROM organisations WHERE id = ?1",
            rows::ORG_COLUMNS
        ))?
        .query_row([id], rows::organisation)?;
    w.tx.prepare_cached(
        "UPDATE organisations SET kind = ?2, contact = ?3, phone = ?4, location = ?5,
                place_code = ?6, helps_with = ?7, updated_at = ?8 WHERE id = ?1",
    )?
    .execute(params![
        id,
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
    )
}

impl Store {
    /// An organisation named as a person types it, resolved as the import resolves names
    /// (folded, quotes and legal forms ignored); a near miss is [`OrgMatch::Similar`].
    pub fn find_organisation(&self, name: &str) -> Result<OrgMatch> {
        Ok(OrgIndex::load(self.conn())?.resolve(name))
    }

    /// Organisations whose name holds every word of `text` (folded: case, apostrophes, Latin
    /// spelling aside), by name: «допомога» finds «БФ «Допомога» (Прозрачне)».
    pub fn organisations_containing(&self, text: &str) -> Result<Vec<(i64, String)>> {
        let words: Vec<String> = fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, name_key FROM organisations ORDER BY name_key")?;
        let mut rows = stmt.query([])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            let key: String = r.get(2)?;
            if words.iter().all(|w| key.contains(w.as_str())) {
                found.push((r.get(0)?, r.get(1)?));
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_organisation_share_a_key() {
        let k = same_key("Соцслужба «Віра»");
        for other in [
            "Соцслужба Віра",
            "соцслужба \"Віра\"",
            "  СОЦСЛУЖБА   віра ",
            "Соц служба Віра",
        ] {
            assert_eq!(same_key(other), k, "{other}");
        }
        let k = same_key("БФ «Світло»");
        for other in [
            "Світло",
            "Благодійний фонд \"Світло\"",
            "бф світло",
            "Світло БФ",
        ] {
            assert_eq!(same_key(other), k, "{other}");
        }
        assert_eq!(same_key("ГО «Обʼєднання»"), same_key("Об'єднання"));
        assert_eq!(same_key("ГО «Обʼєднання»"), same_key("Обєднання"));
        assert_ne!(same_key("Світло"), same_key("Світанок"));
        // A legal form alone is the name.
        assert_eq!(same_key("БФ"), "бф");
    }

    #[test]
    fn a_near_name_is_similar_not_the_same() {
        let mut index = OrgIndex::default();
        index.add(1, "Соцслужба «Віра»".into());
        index.add(2, "Благодійний фонд «Світло України»".into());
        assert_eq!(
            index.resolve("соцслужба віра"),
            OrgMatch::Existing(1, "Соцслужба «Віра»".into())
        );
        assert_eq!(
            index.resolve("Соцслужба Віри"),
            OrgMatch::Similar("Соцслужба «Віра»".into())
        );
        assert_eq!(
            index.resolve("БФ Світло Украіни"),
            OrgMatch::Similar("Благодійний фонд «Світло України»".into())
        );
        assert_eq!(index.resolve("Карітас Харків"), OrgMatch::New);
    }
}
