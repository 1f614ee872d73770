//! Printing: one JSON value for `--json`, plain lines otherwise.

use serde::Serialize;

pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Text from the database or a file, safe to print (no control characters).
pub fn inert(text: &str) -> String {
    crate::catalogue::fold::inert(text)
}

pub fn opt(text: &Option<String>) -> String {
    text.as_deref().map(inert).unwrap_or_else(|| "—".into())
}
