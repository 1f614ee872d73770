//! Printing: one JSON value for `--json`, plain lines otherwise.

use crate::i18n::{Lang, fill};
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

/// An error and its causes on one line, in the user's language where the message is one of
/// ours (the database missing, busy, a schema to migrate); other messages are shown as made.
pub fn error_text(err: &anyhow::Error, lang: Lang) -> String {
    use crate::store::StoreError;
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = match cause.downcast_ref::<StoreError>() {
            Some(StoreError::NoDatabase(path)) => fill(
                lang.tr(
                    "no database at {0} (check --db, AIDLINE_DB or `db` in the configuration; `aidline paths` shows which is used; `aidline init` creates a new one)",
                    "немає бази даних {0} (перевірте --db, AIDLINE_DB або `db` у конфігурації; `aidline paths` показує, яка використовується; `aidline init` створює нову)",
                ),
                &[path],
            ),
            Some(StoreError::NeedsMigration {
                path,
                version,
                latest,
            }) => fill(
                lang.tr(
                    "the database {0} has schema version {1}, this aidline needs {2}: run `aidline migrate` to upgrade it (make a backup first)",
                    "база даних {0} має схему версії {1}, а ця програма потребує {2}: оновіть її командою `aidline migrate` (спершу зробіть резервну копію)",
                ),
                &[path, version, latest],
            ),
            Some(e) if e.is_busy() => lang
                .tr(
                    "the database is busy: another program held it for more than 30 s",
                    "база даних зайнята: інша програма тримала її понад 30 с",
                )
                .to_string(),
            Some(e @ (StoreError::NotAllowed { .. } | StoreError::UnknownUser { .. })) => {
                match lang {
                    Lang::En => e.to_string(),
                    Lang::Uk => super::access::refusal_uk(e),
                }
            }
            Some(StoreError::NotFound { what, reference }) => match lang {
                Lang::En => cause.to_string(),
                Lang::Uk => fill("{0} {1} не знайдено", &[&uk_record(what), reference]),
            },
            _ => {
                // The context lines added by `GlobalArgs::open*`.
                let t = cause.to_string();
                match (lang, t.strip_prefix("cannot read the database ")) {
                    (Lang::Uk, Some(p)) => format!("не вдається прочитати базу даних {p}"),
                    _ => match (lang, t.strip_prefix("cannot open the database ")) {
                        (Lang::Uk, Some(p)) => format!("не вдається відкрити базу даних {p}"),
                        _ => t,
                    },
                }
            }
        };
        // Messages made deep in the store and the importer, in the user's language.
        let text = crate::i18n::messages::localise(&text, lang).into_owned();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

fn uk_record(what: &str) -> String {
    match what {
        "offer" => "пропозицію",
        "need" => "потребу",
        "match" => "зіставлення",
        "donor" => "донора",
        "organisation" => "організацію",
        other => other,
    }
    .to_string()
}
