//! The free-text filter of the lists, in any language: every word must match the row's folded
//! text, or name its item (through the catalogue: «kovdra», «одеяло» and «blanket» find
//! «Ковдри»), or name its place (through the gazetteer: «Kharkiv» finds «Харків»).

use crate::catalogue::fold::{fold, words};
use crate::catalogue::{Catalogue, Gazetteer};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;

/// Register `fold(text)`: the same folding as the rest of aidline (SQLite's own `lower` and
/// `LIKE` fold ASCII only, so «Ковдра» would not match «ковдра»).
pub(crate) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|t| fold(&t))),
    )
}

/// WHERE clauses (to be AND-ed) for `text` over a table aliased `alias` that has `category`,
/// `settlement_code` and `oblast_code` columns, plus the other text columns to search.
pub(crate) fn clauses(
    text: &str,
    alias: &str,
    text_columns: &[&str],
    args: &mut Vec<Value>,
) -> Vec<String> {
    let cat = Catalogue::builtin();
    let folded = fold(text);
    let mut out = Vec::new();
    for word in words(&folded) {
        let mut any = Vec::new();
        args.push(Value::Text(format!("%{word}%")));
        let n = args.len();
        for column in text_columns {
            any.push(format!("fold({column}) LIKE ?{n}"));
        }
        if let Some(c) = cat.classify(word) {
            let family = cat.family(&c.category);
            let mut slots = Vec::new();
            for f in family {
                args.push(Value::Text(f));
                slots.push(format!("?{}", args.len()));
            }
            any.push(format!("{alias}.category IN ({})", slots.join(", ")));
        } else if word.chars().count() >= 4
            && let Ok(place) = Gazetteer::builtin().resolve(word)
        {
            args.push(Value::Text(place.code.clone()));
            let n = args.len();
            any.push(format!(
                "{alias}.settlement_code = ?{n} OR {alias}.oblast_code = ?{n}"
            ));
        }
        out.push(format!("({})", any.join(" OR ")));
    }
    out
}
