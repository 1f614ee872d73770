//! Audit rows: who changed what, when, before → after, written in the same transaction as the
//! change. Donor rows never carry a name, phone or address into the audit: only which fields
//! changed, so forgetting a donor leaves nothing behind here.

use super::{Result, Writer};
use rusqlite::params;
use serde_json::Value;

pub(crate) fn record(
    w: &Writer<'_>,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO audit (at, operator, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        w.now,
        w.operator,
        entity,
        entity_id,
        action,
        before.map(|v| v.to_string()),
        after.map(|v| v.to_string()),
    ])?;
    Ok(())
}
