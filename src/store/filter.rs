//! The free-text filter of the lists, in any language, and the one WHERE builder each list's
//! page and count share (so a count always equals what the list holds).
//!
//! Every word of the filter must match: a substring of the record's folded text, or its item
//! through the catalogue («kovdra», «одеяло» and «blanket» find «Ковдри»), or its place through
//! the gazetteer («Kharkiv» finds «Харків»). Needs and offers are searched in the FTS5 trigram
//! tables of migration V5 (one index lookup per filter, not a Rust function per row); a word of
//! two letters, too short for a trigram, matches at the start of a word (through the same
//! index: the space before it is the third letter), and a single letter does not filter. A token that is a record's reference (`N-14684`, `O-12`, `M-7`) selects that record.

use crate::catalogue::fold::{fold, words};
use crate::catalogue::{Catalogue, Gazetteer};
use crate::domain::{Ref, RefKind};
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

/// A filter text, parsed once: the references it names and its words.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Parsed {
    /// Tokens that are references with their letter (`N-5`, `о12`): the record itself.
    pub refs: Vec<Ref>,
    /// Per word: a MATCH expression for the text table, and one for the codes table if the
    /// catalogue or the gazetteer knows the word.
    pub words: Vec<(String, Option<String>)>,
    /// Folded words too short for a trigram (two letters match at a word's start through the
    /// index; one letter does not filter).
    pub short: Vec<String>,
}

/// A reference typed with its letter (a bare number is a word: it may be a partner's ref).
fn as_ref(token: &str) -> Option<Ref> {
    let first = token.chars().next()?;
    if !first.is_alphabetic() || !token.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    [
        RefKind::Need,
        RefKind::Offer,
        RefKind::Match,
        RefKind::Organisation,
        RefKind::Donor,
    ]
    .into_iter()
    .find_map(|k| Ref::parse(k, token).map(|id| Ref::new(k, id)))
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub(crate) fn parse(text: &str) -> Parsed {
    let cat = Catalogue::builtin();
    let mut out = Parsed::default();
    for token in text.split_whitespace() {
        if let Some(r) = as_ref(token) {
            out.refs.push(r);
            continue;
        }
        let folded = fold(token);
        for word in words(&folded) {
            let len = word.chars().count();
            if len < 3 {
                // Too short for a trigram: a two-letter word matches at a word's start (the
                // indexed text has a space before every word); one letter does not filter yet.
                if len == 2 {
                    out.words.push((quoted(&format!(" {word}")), None));
                }
                out.short.push(word.to_string());
                continue;
            }
            let mut codes = Vec::new();
            if let Some(c) = cat.classify(word) {
                for f in cat.family(&c.category) {
                    codes.push(quoted(&format!("c:{f}")));
                }
            } else if len >= 4
                && let Ok(place) = Gazetteer::builtin().resolve(word)
            {
                codes.push(quoted(&format!("p:{}", place.code)));
            }
            let codes = Some(codes.join(" OR ")).filter(|c| !c.is_empty());
            out.words.push((quoted(word), codes));
        }
    }
    out
}

/// How one list is searched.
pub(crate) struct Search {
    /// FTS5 tables of V5 (the text, the codes) and the column holding the id their rowid is.
    pub fts: &'static [(&'static str, &'static str, &'static str)],
    /// Columns holding the id a reference of each kind names.
    pub refs: &'static [(RefKind, &'static str)],
    /// Other tests a word may pass, with `?P` for its `%word%` pattern (folded) and `?Q` for
    /// the same capitalised (SQLite's LIKE folds ASCII only; names are written capitalised).
    pub also: &'static [&'static str],
}

pub(crate) const NEEDS: Search = Search {
    fts: &[("need_search", "need_codes", "n.id")],
    refs: &[(RefKind::Need, "n.id"), (RefKind::Organisation, "n.org_id")],
    also: &[],
};

pub(crate) const OFFERS: Search = Search {
    fts: &[("offer_search", "offer_codes", "f.id")],
    refs: &[(RefKind::Offer, "f.id"), (RefKind::Donor, "f.donor_id")],
    // The donor's name is not in the index (personal data is kept in one place, erasable).
    also: &["f.donor_id IN (SELECT id FROM donors \
             WHERE name LIKE ?P ESCAPE '\\' OR name LIKE ?Q ESCAPE '\\')"],
};

pub(crate) const ORGS: Search = Search {
    fts: &[],
    refs: &[(RefKind::Organisation, "o.id")],
    also: &[
        "o.name_key LIKE ?P ESCAPE '\\'",
        "fold(o.location) LIKE ?P ESCAPE '\\'",
        "fold(o.contact) LIKE ?P ESCAPE '\\'",
        "fold(o.helps_with) LIKE ?P ESCAPE '\\'",
    ],
};

pub(crate) const MATCHES: Search = Search {
    fts: &[
        ("need_search", "need_codes", "m.need_id"),
        ("offer_search", "offer_codes", "m.offer_id"),
    ],
    refs: &[
        (RefKind::Match, "m.id"),
        (RefKind::Offer, "m.offer_id"),
        (RefKind::Need, "m.need_id"),
        (RefKind::Organisation, "n.org_id"),
    ],
    also: &[],
};

/// The clauses (to be AND-ed) a filter text adds to a list's WHERE, with their arguments.
pub(crate) fn clauses(text: &str, search: &Search, args: &mut Vec<Value>) -> Vec<String> {
    let parsed = parse(text);
    let mut out = Vec::new();
    for r in &parsed.refs {
        match search.refs.iter().find(|(k, _)| *k == r.kind) {
            Some((_, column)) => {
                args.push(Value::Integer(r.id));
                out.push(format!("{column} = ?{}", args.len()));
            }
            None => out.push("0".to_string()),
        }
    }
    let also = |w: &str, args: &mut Vec<Value>| -> Vec<String> {
        if search.also.is_empty() {
            return Vec::new();
        }
        args.push(Value::Text(format!("%{}%", like_escape(w))));
        let p = format!("?{}", args.len());
        let mut chars = w.chars();
        let capital: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        let q = if search.also.iter().any(|t| t.contains("?Q")) {
            args.push(Value::Text(format!("%{}%", like_escape(&capital))));
            format!("?{}", args.len())
        } else {
            String::new()
        };
        search
            .also
            .iter()
            .map(|t| t.replace("?P", &p).replace("?Q", &q))
            .collect()
    };
    if search.fts.is_empty() {
        let mut all = fts_words(text);
        all.extend(parsed.short.iter().cloned());
        for w in all {
            let any = also(&w, args);
            if !any.is_empty() {
                out.push(format!("({})", any.join(" OR ")));
            }
        }
        return out;
    }
    // Words the catalogue and the gazetteer do not know go into one MATCH (the index
    // intersects them); a word with codes is a clause of its own.
    let plain: Vec<&str> = parsed
        .words
        .iter()
        .filter(|(_, c)| c.is_none())
        .map(|(t, _)| t.as_str())
        .collect();
    let mut per_clause: Vec<(String, Option<String>)> = parsed
        .words
        .iter()
        .filter(|(_, c)| c.is_some())
        .cloned()
        .collect();
    if !plain.is_empty() {
        per_clause.insert(0, (plain.join(" AND "), None));
    }
    let fts_clauses = per_clause.len();
    for (text_expr, codes_expr) in &per_clause {
        args.push(Value::Text(text_expr.clone()));
        let n = args.len();
        let codes_n = codes_expr.as_ref().map(|c| {
            args.push(Value::Text(c.clone()));
            args.len()
        });
        let mut any = Vec::new();
        for (text, codes, id) in search.fts {
            // One IN over a UNION: the planner reads the few matching ids, never the table.
            any.push(match codes_n {
                Some(m) => format!(
                    "{id} IN (SELECT rowid FROM {text} WHERE {text} MATCH ?{n} \
                     UNION SELECT rowid FROM {codes} WHERE {codes} MATCH ?{m})"
                ),
                None => format!("{id} IN (SELECT rowid FROM {text} WHERE {text} MATCH ?{n})"),
            });
        }
        out.push(format!("({})", any.join(" OR ")));
    }
    // A name outside the index (the donor's): the words of the filter as one phrase of it.
    let words = fts_words(text);
    if !words.is_empty() {
        let names = also(&words.join(" "), args);
        if !names.is_empty() {
            let last = out.len() - fts_clauses;
            let fts_part = out.split_off(last);
            out.push(format!(
                "(({}) OR {})",
                if fts_part.is_empty() {
                    "0".to_string()
                } else {
                    fts_part.join(" AND ")
                },
                names.join(" OR ")
            ));
        }
    }
    out
}

/// The folded words of three letters or more (outside references).
fn fts_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|t| as_ref(t).is_none())
        .flat_map(|t| {
            words(&fold(t))
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `WHERE a AND b …`, or nothing.
pub(crate) fn where_sql(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_with_their_letter_are_records_and_bare_numbers_are_words() {
        let p = parse("N-14684 r14-14683 ковдри о12");
        assert_eq!(
            p.refs,
            vec![Ref::new(RefKind::Need, 14684), Ref::new(RefKind::Offer, 12)]
        );
        let words: Vec<&str> = p.words.iter().map(|(t, _)| t.as_str()).collect();
        assert!(words.contains(&"\"r14\""), "{words:?}");
        assert!(words.contains(&"\"14683\""), "{words:?}");
        let blankets = p.words.iter().find(|(t, _)| t.contains("ковдри")).unwrap();
        assert!(
            blankets.1.as_deref().is_some_and(|c| c.contains("c:")),
            "the item word brings its category: {blankets:?}"
        );
    }

    #[test]
    fn two_letters_match_a_words_start_and_one_letter_waits() {
        let p = parse("ки Харків");
        assert_eq!(p.short, vec!["ки".to_string()]);
        assert_eq!(p.words[0], ("\" ки\"".to_string(), None));
        assert!(
            p.words[1].1.as_deref().is_some_and(|c| c.contains("p:UA")),
            "{p:?}"
        );
        assert!(parse("х").words.is_empty());
    }
}
