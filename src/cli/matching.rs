//! `match suggest | propose | confirm | decline | handover | cancel`.

use super::{GlobalArgs, output};
use crate::catalogue::Gazetteer;
use crate::domain::{Condition, MatchStatus, Ref, RefKind, Unit};
use crate::i18n::Lang;
use crate::matching::{Candidate, OfferQuery};
use crate::store::resolve_location;
use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum MatchCommand {
    /// The best needs for an offer (or offers for a need), best first, with reasons.
    Suggest {
        /// A saved offer (O-12 or 12).
        #[arg(long, conflicts_with_all = ["need", "item"])]
        offer: Option<String>,
        /// A need (N-12 or 12): rank open offers for it.
        #[arg(long, conflicts_with = "item")]
        need: Option<String>,
        /// What the caller offers, typed as they say it.
        #[arg(long, requires = "quantity")]
        item: Option<String>,
        #[arg(long)]
        quantity: Option<i64>,
        #[arg(long)]
        location: Option<String>,
        #[arg(long, default_value = "good")]
        condition: Condition,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Propose an offer to a need, reserving the quantity.
    Propose {
        #[arg(long)]
        offer: String,
        #[arg(long)]
        need: String,
        #[arg(long)]
        quantity: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// The organisation confirms a proposed match.
    Confirm { id: String },
    /// The organisation declines a proposed match (the quantity is released).
    Decline {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// The item was handed over.
    Handover { id: String },
    /// Cancel a proposed or confirmed match (the quantity is released).
    Cancel {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
}

fn id_of(kind: RefKind, text: &str) -> Result<i64> {
    Ref::parse(kind, text).ok_or_else(|| {
        anyhow!(
            "'{text}' is not a {} reference (like {})",
            match kind {
                RefKind::Offer => "offer",
                RefKind::Need => "need",
                _ => "match",
            },
            Ref::new(kind, 12)
        )
    })
}

/// A need named by our reference (`N-12`, `12`) or by the partner's (`R14-14683`).
fn need_of(store: &crate::store::Store, text: &str) -> Result<i64> {
    if let Some(id) = Ref::parse(RefKind::Need, text) {
        return Ok(id);
    }
    store.need_by_partner_ref(text)?.ok_or_else(|| {
        anyhow!(
            "'{text}' is neither a need reference (like N-12) nor a partner's reference of a need"
        )
    })
}

pub fn run(global: &GlobalArgs, command: MatchCommand) -> Result<()> {
    let lang = global.lang();
    match command {
        MatchCommand::Suggest {
            offer,
            need,
            item,
            quantity,
            location,
            condition,
            limit,
            json,
        } => {
            if let Some(need) = need {
                let id = need_of(&global.open()?, &need)?;
                return suggest_offers(global, id, limit, json, lang);
            }
            let store_query = match (offer, item) {
                (Some(offer), _) => {
                    let store = global.open()?;
                    OfferQuery::from_offer(&store.offer(id_of(RefKind::Offer, &offer)?)?)
                }
                (None, Some(item)) => {
                    let quantity = quantity.unwrap_or(1);
                    if quantity <= 0 {
                        bail!("quantity: {quantity} is not a positive whole number");
                    }
                    OfferQuery {
                        item,
                        category: None,
                        quantity,
                        unit: None,
                        condition,
                        location: resolve_location(location.as_deref())?,
                    }
                }
                (None, None) => {
                    bail!("say what to match: --offer ID, --need ID, or --item TEXT --quantity N")
                }
            };
            let store = global.open()?;
            let list = store.suggest_needs(&store_query, limit)?;
            if json {
                let array: Vec<_> = list.iter().map(|c| need_json(c, lang)).collect();
                return output::json(&array);
            }
            if list.is_empty() {
                println!("{}", lang.strings().no_candidates);
            }
            for c in &list {
                let n = &c.record;
                println!(
                    "{:<12} {:.3} {:<30} {:<28} {:>4}/{:<4} {:<6} {}",
                    n.display_ref(),
                    c.score,
                    output::inert(&n.item),
                    output::inert(&n.organisation),
                    c.allocate,
                    n.tally.open(),
                    unit_text(n.unit, lang),
                    output::opt(&n.location.text),
                );
                println!(
                    "             {}",
                    c.reasons
                        .iter()
                        .map(|r| r.text(lang))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
            }
            Ok(())
        }
        MatchCommand::Propose {
            offer,
            need,
            quantity,
            json,
        } => {
            let mut store = global.open()?;
            let m = store.propose(
                id_of(RefKind::Offer, &offer)?,
                need_of(&store, &need)?,
                quantity,
            )?;
            tracing::info!(r#match = m.id, quantity = m.quantity, "match proposed");
            if json {
                return output::json(&json!({
                    "id": m.id, "ref": m.short_ref().to_string(), "offer_id": m.offer_id,
                    "need_id": m.need_id, "quantity": m.quantity, "status": m.status,
                }));
            }
            println!(
                "{} {}: O-{} → N-{} × {}",
                lang.strings().proposed,
                m.short_ref(),
                m.offer_id,
                m.need_id,
                m.quantity
            );
            Ok(())
        }
        MatchCommand::Confirm { id } => transition(global, &id, MatchStatus::Confirmed, None),
        MatchCommand::Decline { id, reason } => {
            transition(global, &id, MatchStatus::Declined, reason)
        }
        MatchCommand::Handover { id } => transition(global, &id, MatchStatus::HandedOver, None),
        MatchCommand::Cancel { id, reason } => {
            transition(global, &id, MatchStatus::Cancelled, reason)
        }
    }
}

fn transition(
    global: &GlobalArgs,
    id: &str,
    to: MatchStatus,
    reason: Option<String>,
) -> Result<()> {
    let mut store = global.open()?;
    let m = store.set_match_status(id_of(RefKind::Match, id)?, to, reason.as_deref())?;
    tracing::info!(r#match = m.id, status = %m.status, "match moved");
    println!("{} {}", m.short_ref(), m.status);
    Ok(())
}

fn unit_text(unit: Unit, lang: Lang) -> &'static str {
    match lang {
        Lang::Uk => unit.label_uk(),
        Lang::En => unit.code(),
    }
}

fn place_text(code: &Option<String>, typed: &Option<String>) -> Option<String> {
    let gaz = Gazetteer::builtin();
    code.as_deref()
        .and_then(|c| gaz.get(c))
        .map(|p| gaz.display(p))
        .or_else(|| typed.clone())
}

fn need_json(c: &Candidate<crate::domain::Need>, lang: Lang) -> serde_json::Value {
    let n = &c.record;
    json!({
        "need_id": n.id,
        "ref": n.display_ref(),
        "short_ref": n.short_ref().to_string(),
        "organisation": n.organisation,
        "item": n.item,
        "category": n.category,
        "location": n.location.text,
        "place": place_text(&n.location.code, &n.location.text),
        "place_code": n.location.code,
        "urgency": n.urgency,
        "accepts": n.accepts,
        "quantity_open": n.tally.open(),
        "unit": n.unit,
        "allocate": c.allocate,
        "score": c.score,
        "relevance": c.relevance,
        "locality": c.locality,
        "reasons": c.reasons.iter().map(|r| r.text(lang)).collect::<Vec<_>>(),
    })
}

fn suggest_offers(
    global: &GlobalArgs,
    need_id: i64,
    limit: usize,
    json: bool,
    lang: Lang,
) -> Result<()> {
    let store = global.open()?;
    let list = store.suggest_offers(need_id, limit)?;
    let rows: Vec<_> = list
        .iter()
        .map(|c| {
            let o = &c.record;
            json!({
                "offer_id": o.id,
                "ref": o.short_ref().to_string(),
                "donor_name": o.donor_name,
                "item": o.item,
                "category": o.category,
                "condition": o.condition,
                "location": o.location.text,
                "quantity_open": o.tally.open(),
                "unit": o.unit,
                "allocate": c.allocate,
                "score": c.score,
                "relevance": c.relevance,
                "locality": c.locality,
                "reasons": c.reasons.iter().map(|r| r.text(lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    if json {
        return output::json(&rows);
    }
    for (c, row) in list.iter().zip(&rows) {
        println!(
            "{:<8} {:.3} {:<30} {:>4}/{:<4} {}",
            row["ref"].as_str().unwrap_or(""),
            c.score,
            output::inert(&c.record.item),
            c.allocate,
            c.record.tally.open(),
            output::opt(&c.record.location.text)
        );
        println!(
            "         {}",
            c.reasons
                .iter()
                .map(|r| r.text(lang))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    Ok(())
}
