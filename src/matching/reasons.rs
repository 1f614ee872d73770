//! Reasons a candidate ranks where it does, rendered in the console's language.

use crate::catalogue::Locality;
use crate::domain::{Unit, Urgency};
use crate::i18n::{Lang, fill};
use serde::Serialize;

/// One reason. Category names are carried as (Ukrainian, English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Reason {
    SameItem((String, String)),
    FitsBroaderNeed((String, String)),
    BroaderThanAsked((String, String)),
    SimilarText,
    /// `None`: the need has no location.
    Locality(Option<Locality>),
    NoLocation,
    Urgency(Urgency),
    TakesAll(i64, Unit),
    /// (open, offered, unit)
    TakesPart(i64, i64, Unit),
    Split(i64, Unit),
    AcceptsNewOnly,
    Waiting(i64),
    /// (offer's unit, need's unit): neither the same nor convertible, so no quantity is split.
    UnitsDiffer(Unit, Unit),
}

fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    match lang {
        Lang::Uk => unit.label_uk(),
        Lang::En => unit.code(),
    }
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        let s = lang.strings();
        let name = |n: &(String, String)| match lang {
            Lang::Uk => n.0.clone(),
            Lang::En => n.1.clone(),
        };
        match self {
            Reason::SameItem(n) => fill(s.r_same_category, &[&name(n)]),
            Reason::FitsBroaderNeed(n) => fill(s.r_narrower, &[&name(n)]),
            Reason::BroaderThanAsked(n) => fill(s.r_broader, &[&name(n)]),
            Reason::SimilarText => s.r_text_similar.to_string(),
            Reason::Locality(Some(Locality::Settlement)) => s.r_same_settlement.to_string(),
            Reason::Locality(Some(Locality::Hromada)) => s.r_same_hromada.to_string(),
            Reason::Locality(Some(Locality::Raion)) => s.r_same_raion.to_string(),
            Reason::Locality(Some(Locality::Oblast)) => s.r_same_oblast.to_string(),
            Reason::Locality(Some(Locality::Elsewhere)) => s.r_elsewhere.to_string(),
            Reason::Locality(None) => s.r_no_location.to_string(),
            Reason::NoLocation => s.r_no_location.to_string(),
            Reason::Urgency(u) => fill(s.r_urgency, &[&s.urgency[u.rank() as usize]]),
            Reason::TakesAll(q, u) => {
                fill(s.r_takes_all, &[&format!("{q} {}", unit_label(*u, lang))])
            }
            Reason::TakesPart(open, offered, u) => fill(
                s.r_takes_part,
                &[open, &format!("{offered} {}", unit_label(*u, lang))],
            ),
            Reason::Split(q, u) => fill(s.r_split, &[&format!("{q} {}", unit_label(*u, lang))]),
            Reason::AcceptsNewOnly => s.r_accepts_new.to_string(),
            Reason::Waiting(d) => fill(s.r_waiting_days, &[d]),
            Reason::UnitsDiffer(o, n) => match lang {
                Lang::Uk => format!(
                    "одиниці різні ({} і {}): кількість уточніть",
                    o.label_uk(),
                    n.label_uk()
                ),
                Lang::En => format!("units differ ({o} and {n}): agree the quantity"),
            },
        }
    }
}
