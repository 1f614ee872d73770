//! Reasons a candidate ranks where it does, rendered in the console's language.

use super::attributes::Fit;
use crate::catalogue::Locality;
use crate::domain::{Unit, Urgency};
use crate::i18n::{Case, Lang, fill};
use serde::Serialize;

/// One reason. Category names are carried as (Ukrainian, English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Reason {
    SameItem((String, String)),
    FitsBroaderNeed((String, String)),
    BroaderThanAsked((String, String)),
    /// A related category (relations.csv): the need's category name.
    RelatedItem((String, String)),
    /// (the need's words for the item, the need's whole text), when the need names more.
    ItemIn(String, String),
    /// An attribute both texts agree on.
    Fits(Fit),
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

impl Reason {
    /// A stable, language-independent code for `--json` (docs/JSON.md lists them).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::SameItem(_) => "same_item",
            Reason::FitsBroaderNeed(_) => "fits_broader_need",
            Reason::BroaderThanAsked(_) => "broader_than_asked",
            Reason::RelatedItem(_) => "related_item",
            Reason::ItemIn(..) => "item_in_list",
            Reason::Fits(super::attributes::Fit::Audience(_)) => "fits_audience",
            Reason::Fits(super::attributes::Fit::Size(..)) => "fits_size",
            Reason::Fits(super::attributes::Fit::Season(_)) => "fits_season",
            Reason::SimilarText => "similar_text",
            Reason::UnitsDiffer(..) => "units_differ",
            Reason::Locality(Some(Locality::Settlement)) => "same_settlement",
            Reason::Locality(Some(Locality::Hromada)) => "same_hromada",
            Reason::Locality(Some(Locality::Raion)) => "same_raion",
            Reason::Locality(Some(Locality::Oblast)) => "same_oblast",
            Reason::Locality(Some(Locality::Elsewhere)) => "elsewhere",
            Reason::Locality(None) | Reason::NoLocation => "no_location",
            Reason::Urgency(_) => "urgency",
            Reason::TakesAll(..) => "takes_all",
            Reason::TakesPart(..) => "takes_part",
            Reason::Split(..) => "split",
            Reason::AcceptsNewOnly => "accepts_new_only",
            Reason::Waiting(_) => "waiting",
        }
    }

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
            Reason::RelatedItem(n) => match lang {
                Lang::Uk => format!("споріднений предмет: {}", name(n)),
                Lang::En => format!("related item: {}", name(n)),
            },
            Reason::ItemIn(said, within) => match lang {
                Lang::Uk => format!("«{said}» у «{within}»"),
                Lang::En => format!("«{said}» in «{within}»"),
            },
            Reason::Fits(Fit::Audience(t)) => match lang {
                Lang::Uk => format!("для кого: «{t}»"),
                Lang::En => format!("for whom: «{t}»"),
            },
            Reason::Fits(Fit::Size(o, n)) => match lang {
                Lang::Uk => format!("«{o}» у межах «{n}»"),
                Lang::En => format!("«{o}» within «{n}»"),
            },
            Reason::Fits(Fit::Season(t)) => match lang {
                Lang::Uk => format!("сезон: «{t}»"),
                Lang::En => format!("season: «{t}»"),
            },
            Reason::SimilarText => s.r_text_similar.to_string(),
            Reason::Locality(Some(Locality::Settlement)) => s.r_same_settlement.to_string(),
            Reason::Locality(Some(Locality::Hromada)) => s.r_same_hromada.to_string(),
            Reason::Locality(Some(Locality::Raion)) => s.r_same_raion.to_string(),
            Reason::Locality(Some(Locality::Oblast)) => s.r_same_oblast.to_string(),
            Reason::Locality(Some(Locality::Elsewhere)) => s.r_elsewhere.to_string(),
            Reason::Locality(None) => s.r_no_location.to_string(),
            Reason::NoLocation => s.r_no_location.to_string(),
            Reason::Urgency(u) => fill(s.r_urgency, &[&s.urgency[u.rank() as usize]]),
            // «бере всі 21 пару», «бере 3 з 21 пари»: the case each slot stands in.
            Reason::TakesAll(q, u) => fill(
                s.r_takes_all,
                &[&lang.quantity_in(*q, *u, Case::Accusative)],
            ),
            Reason::TakesPart(open, offered, u) => fill(
                s.r_takes_part,
                &[open, &lang.quantity_in(*offered, *u, Case::Genitive)],
            ),
            Reason::Split(q, u) => fill(s.r_split, &[&lang.quantity(*q, *u)]),
            Reason::AcceptsNewOnly => s.r_accepts_new.to_string(),
            Reason::Waiting(d) => fill(s.r_waiting_days, &[d]),
            Reason::UnitsDiffer(o, n) => match lang {
                Lang::Uk => format!(
                    "одиниці різні ({} і {}): щоб запропонувати, запишіть пропозицію в одиницях потреби",
                    o.label_uk(),
                    n.label_uk()
                ),
                Lang::En => {
                    format!(
                        "units differ ({o} and {n}): to propose it, log the offer in the need's unit"
                    )
                }
            },
        }
    }
}
