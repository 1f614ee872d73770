//! `match suggest | propose | confirm | decline | handover | cancel`.

use super::{GlobalArgs, output};
use crate::catalogue::Gazetteer;
use crate::catalogue::items::ItemHit;
use crate::domain::{Condition, MatchStatus, Ref, RefKind};
use crate::i18n::{Case, Lang};
use crate::matching::Removed;
use crate::matching::{Candidate, OfferQuery};
use crate::store::read_place;
use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum MatchCommand {
    /// The best needs for an offer (or offers for a need), best first, with reasons (read-only).
    #[command(
        after_help = "Examples:\n  aidline match suggest --offer O-12\n  aidline match suggest --need N-40 --limit 5\n  aidline match suggest --item \"ковдри\" --quantity 10 --location Харків --json"
    )]
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
        /// How many the caller offers (with --item): 1 to 1000000000.
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::quantity_parser())]
        quantity: Option<i64>,
        /// Where the caller's items are (with --item).
        #[arg(long)]
        location: Option<String>,
        /// The items' condition (with --item): new, good, used.
        #[arg(long, default_value = "good")]
        condition: Condition,
        /// At most this many suggestions (1 to 1000000).
        #[arg(long, value_name = "N", default_value_t = 10, allow_negative_numbers = true, value_parser = super::list_limit_parser())]
        limit: usize,
        /// Print a JSON array, with reason codes (see docs/JSON.md).
        #[arg(long)]
        json: bool,
        /// Also print every need the search read and the rule that placed or removed it.
        #[arg(long)]
        explain: bool,
    },
    /// Propose an offer to a need, reserving the quantity.
    #[command(
        after_help = "Examples:\n  aidline match propose --offer O-12 --need N-40\n  aidline match propose --offer O-12 --need N-40 --quantity 5 --json"
    )]
    Propose {
        /// The offer (O-12 or 12).
        #[arg(long)]
        offer: String,
        /// The need (N-40 or 40).
        #[arg(long)]
        need: String,
        /// How many to reserve, in the offer's unit, 1 to 1000000000 [default: as many as both
        /// allow]. Units of one kind convert (2 t to a need in kg books 2000 kg); others are
        /// refused.
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::quantity_parser())]
        quantity: Option<i64>,
        /// Print the match as JSON.
        #[arg(long)]
        json: bool,
    },
    /// One match with its offer and need. A liaison sees the donor's name and phone of their
    /// organisation's matches (logged in the access log); anyone else the phone masked.
    #[command(
        after_help = "Examples:\n  aidline match show M-7\n  aidline --user iryna match show 7 --json"
    )]
    Show {
        /// The match (M-7 or 7).
        id: String,
        /// Print JSON (see docs/JSON.md).
        #[arg(long)]
        json: bool,
    },
    /// The organisation confirms a proposed match.
    #[command(after_help = "Examples:\n  aidline match confirm M-7")]
    Confirm {
        /// The match (M-7 or 7).
        id: String,
    },
    /// The organisation declines a proposed match (the quantity is released).
    #[command(after_help = "Examples:\n  aidline match decline M-7 --reason \"вже отримали\"")]
    Decline {
        /// The match (M-7 or 7).
        id: String,
        /// Why, in the organisation's words.
        #[arg(long)]
        reason: Option<String>,
    },
    /// The item was handed over (with --received, only part of it: the rest is released).
    #[command(
        after_help = "Examples:\n  aidline match handover M-7\n  aidline match handover M-7 --received 8 --reason \"2 пачки пошкоджені\""
    )]
    Handover {
        /// The match (M-7 or 7).
        id: String,
        /// How many actually arrived, 1 to the match's quantity [default: all of it].
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::quantity_parser())]
        received: Option<i64>,
        /// Why less arrived, or any note.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Proposed matches not confirmed within 3 days: call the organisation (read-only).
    #[command(
        name = "follow-up",
        after_help = "Examples:\n  aidline match follow-up\n  aidline match follow-up --json | jq '.[].ref'"
    )]
    FollowUp {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
        /// At most this many matches (1 to 1000000).
        #[arg(long, value_name = "N", default_value_t = 100, allow_negative_numbers = true, value_parser = super::list_limit_parser())]
        limit: usize,
    },
    /// Offers whose match was declined or cancelled, waiting to be matched again (read-only;
    /// with --clear, take one off the queue).
    #[command(
        after_help = "Examples:\n  aidline match rematch\n  aidline match rematch --json\n  aidline match rematch --clear O-12"
    )]
    Rematch {
        /// Take this offer (O-12 or 12) off the queue without proposing it.
        #[arg(long, value_name = "OFFER")]
        clear: Option<String>,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
        /// At most this many offers (1 to 1000000).
        #[arg(long, value_name = "N", default_value_t = 100, allow_negative_numbers = true, value_parser = super::list_limit_parser())]
        limit: usize,
    },
    /// Cancel a proposed or confirmed match (the quantity is released).
    #[command(
        after_help = "Examples:\n  aidline match cancel M-7 --reason \"донор не відповідає\""
    )]
    Cancel {
        /// The match (M-7 or 7).
        id: String,
        /// Why.
        #[arg(long)]
        reason: Option<String>,
    },
}

fn id_of(kind: RefKind, text: &str) -> Result<i64> {
    Ref::parse(kind, text).ok_or_else(|| {
        anyhow!(
            "'{text}' is not {} reference (like {})",
            match kind {
                RefKind::Offer => "an offer",
                RefKind::Need => "a need",
                _ => "a match",
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
            explain,
        } => {
            if let Some(need) = need {
                let id = need_of(&global.open_read()?, &need)?;
                return suggest_offers(global, id, limit, json, lang);
            }
            let store_query = match (offer, item) {
                (Some(offer), _) => {
                    let store = global.open_read()?;
                    OfferQuery::from_offer(&store.offer(id_of(RefKind::Offer, &offer)?)?)
                }
                (None, Some(item)) => {
                    let quantity = quantity.unwrap_or(1);
                    if quantity <= 0 {
                        bail!("quantity: {quantity} is not a positive whole number");
                    }
                    // A place the gazetteer does not know, or an ambiguous one, never blocks the
                    // search: rank without locality and say so.
                    let place = read_place(location.as_deref());
                    if let Some(note) = &place.note {
                        eprintln!("{note}");
                    }
                    OfferQuery {
                        item,
                        category: None,
                        quantity,
                        unit: None,
                        condition,
                        location: place.location,
                    }
                }
                (None, None) => {
                    bail!("say what to match: --offer ID, --need ID, or --item TEXT --quantity N")
                }
            };
            let store = global.open_read()?;
            let (list, removed) = store.suggest_needs_explained(&store_query, limit)?;
            let items = store_query.items(crate::catalogue::Catalogue::builtin());
            if json {
                let array: Vec<_> = list.iter().map(|c| need_json(c, lang)).collect();
                if explain {
                    return output::json(&json!({
                        "items": items,
                        "suggested": array,
                        "removed": removed.iter().map(|r| json!({
                            "ref": r.record.display_ref(),
                            "item": r.record.item,
                            "rule": r.rule,
                        })).collect::<Vec<_>>(),
                    }));
                }
                return output::json(&array);
            }
            if items.is_empty() {
                println!("{}", not_recognised(lang));
            }
            if list.is_empty() {
                println!("{}", lang.strings().no_candidates);
            }
            for c in &list {
                let n = &c.record;
                // What it takes of the offer, of what the need lacks: both in the offer's unit
                // when the need's converts to it (500/2000 kg for a need of 2 t).
                let (open, unit) = match store_query.unit {
                    Some(u) if u.comparable(n.unit) => (n.open_in(u), u),
                    _ => (n.tally.open(), n.unit),
                };
                println!(
                    "{:<12} {:.3} {:<30} {:<28} {:>4}/{:<4} {:<6} {}",
                    n.display_ref(),
                    c.score,
                    output::inert(&n.item),
                    output::inert(&n.organisation),
                    c.allocate,
                    open,
                    lang.unit_in(unit, open, Case::Genitive),
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
            if explain {
                print_explain(&items, &list, &removed, lang);
            }
            Ok(())
        }
        MatchCommand::Propose {
            offer,
            need,
            quantity,
            json,
        } => {
            let mut store = global.open_existing()?;
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
        MatchCommand::Show { id, json } => {
            super::access::show_match(global, id_of(RefKind::Match, &id)?, json)
        }
        MatchCommand::Confirm { id } => transition(global, &id, MatchStatus::Confirmed, None),
        MatchCommand::Decline { id, reason } => {
            transition(global, &id, MatchStatus::Declined, reason)
        }
        MatchCommand::Handover {
            id,
            received: None,
            reason,
        } => transition(global, &id, MatchStatus::HandedOver, reason),
        MatchCommand::Handover {
            id,
            received: Some(n),
            reason,
        } => {
            let mut store = global.open_existing()?;
            let m = store.hand_over(id_of(RefKind::Match, &id)?, n, reason.as_deref())?;
            tracing::info!(r#match = m.id, quantity = m.quantity, "match handed over");
            println!("{} {} × {}", m.short_ref(), m.status, m.quantity);
            Ok(())
        }
        MatchCommand::FollowUp { json, limit } => {
            let store = global.open_read()?;
            let now = store.clock().now();
            let list = store.follow_up_matches(0, limit)?;
            let rows: Vec<_> = list
                .iter()
                .map(|m| {
                    json!({
                        "id": m.id, "ref": m.short_ref().to_string(), "offer_id": m.offer_id,
                        "need_id": m.need_id, "quantity": m.quantity,
                        "created_at": m.created_at, "days": (now - m.created_at).num_days(),
                    })
                })
                .collect();
            if json {
                return output::json(&rows);
            }
            if list.is_empty() {
                println!(
                    "{}",
                    lang.tr(
                        "No match has waited more than 3 days.",
                        "Жоден збіг не чекає понад 3 дні."
                    )
                );
            }
            for m in &list {
                let days = (now - m.created_at).num_days();
                println!(
                    "{}  O-{} → N-{} × {}  {}",
                    m.short_ref(),
                    m.offer_id,
                    m.need_id,
                    m.quantity,
                    lang.count(days, ["day", "days"], ["день", "дні", "днів"])
                );
            }
            Ok(())
        }
        MatchCommand::Rematch {
            clear: Some(offer), ..
        } => {
            let mut store = global.open_existing()?;
            let id = id_of(RefKind::Offer, &offer)?;
            if !store.clear_rematch(id)? {
                bail!(
                    "{offer}: {}",
                    lang.tr(
                        "not waiting to be matched again",
                        "не чекає на повторний збіг"
                    )
                );
            }
            println!(
                "O-{id}: {}",
                lang.tr("taken off the queue", "знято з черги")
            );
            Ok(())
        }
        MatchCommand::Rematch {
            clear: None,
            json,
            limit,
        } => {
            let store = global.open_read()?;
            let list = store.rematch_queue(0, limit)?;
            if json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|q| {
                        json!({
                            "offer_id": q.offer.id, "ref": q.offer.short_ref().to_string(),
                            "item": q.offer.item, "quantity_open": q.offer.tally.open(),
                            "unit": q.offer.unit, "match_id": q.match_id, "reason": q.reason,
                            "queued_at": q.queued_at,
                        })
                    })
                    .collect();
                return output::json(&rows);
            }
            if list.is_empty() {
                println!(
                    "{}",
                    lang.tr(
                        "No offer is waiting to be matched again.",
                        "Жодна пропозиція не чекає на повторний збіг."
                    )
                );
            }
            for q in &list {
                println!(
                    "{}  {} × {}  (M-{}{})",
                    q.offer.short_ref(),
                    q.offer.item,
                    lang.quantity(q.offer.tally.open(), q.offer.unit),
                    q.match_id,
                    q.reason
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
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
    let mut store = global.open_existing()?;
    let m = store.set_match_status(id_of(RefKind::Match, id)?, to, reason.as_deref())?;
    tracing::info!(r#match = m.id, status = %m.status, "match moved");
    println!("{} {}", m.short_ref(), m.status);
    Ok(())
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
        "reason_codes": c.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
    })
}

fn suggest_offers(
    global: &GlobalArgs,
    need_id: i64,
    limit: usize,
    json: bool,
    lang: Lang,
) -> Result<()> {
    let store = global.open_read()?;
    let need_unit = store.need(need_id)?.unit;
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
            "reason_codes": c.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
                })
        })
        .collect();
    if json {
        return output::json(&rows);
    }
    for (c, row) in list.iter().zip(&rows) {
        // Both in the need's unit, which the split is in (1/2 t for an offer of 1000 kg).
        let o = &c.record;
        // (500 kg, less than a tonne, stays in kg: «0/500 kg», not «0/0 t».)
        let (open, unit) = match o.unit.convert(o.tally.open(), need_unit) {
            Some(open) if open > 0 || o.tally.open() == 0 => (open, need_unit),
            _ => (o.tally.open(), o.unit),
        };
        println!(
            "{:<8} {:.3} {:<30} {:>4}/{:<4} {:<6} {}",
            row["ref"].as_str().unwrap_or(""),
            c.score,
            output::inert(&o.item),
            c.allocate,
            open,
            lang.unit_in(unit, open, Case::Genitive),
            output::opt(&o.location.text)
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

fn not_recognised(lang: Lang) -> &'static str {
    match lang {
        Lang::Uk => "предмет не розпізнано: порівнюю лише за текстом",
        Lang::En => "item not recognised: compared by text only",
    }
}

/// `--explain`: what was read, then every need considered, placed or removed, and why.
fn print_explain(
    items: &[ItemHit],
    list: &[Candidate<crate::domain::Need>],
    removed: &[Removed<crate::domain::Need>],
    lang: Lang,
) {
    println!();
    println!("read: {}", items_line(items));
    for (i, c) in list.iter().enumerate() {
        let rule = match &c.items {
            Some((o, n)) => format!(
                "{:?}: offer «{}» ({}) ~ need «{}» ({})",
                c.relevance, o.text, o.category, n.text, n.category
            ),
            None => format!("{:?}", c.relevance),
        };
        println!(
            "  #{:<3} {:<12} {} | locality {:?} | {}",
            i + 1,
            c.record.display_ref(),
            rule,
            c.locality,
            c.reasons
                .iter()
                .map(|r| r.text(lang))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    for r in removed {
        println!(
            "  out  {:<12} «{}»: {}",
            r.record.display_ref(),
            output::inert(&r.record.item),
            r.rule
        );
    }
}

fn items_line(items: &[ItemHit]) -> String {
    if items.is_empty() {
        return "no item".to_string();
    }
    items
        .iter()
        .map(|i| format!("«{}» [{}..{}] → {}", i.text, i.start, i.end, i.category))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `aidline classify TEXT [--json] [--location PLACE]`: what the engine reads in a text.
pub fn classify(text: &str, json: bool, location: Option<&str>, lang: Lang) -> Result<()> {
    let cat = crate::catalogue::Catalogue::builtin();
    let reading = crate::matching::read(cat, text);
    let place = location.map(|l| read_place(Some(l)));
    // The gazetteer loads only when a place was given.
    let gaz = || Gazetteer::builtin();
    let hierarchy = |loc: &crate::domain::Location| -> Vec<String> {
        loc.hierarchy()
            .iter()
            .flatten()
            .filter_map(|c| gaz().get(c))
            .map(|p| format!("{} ({})", p.name, p.code))
            .collect()
    };
    if json {
        return output::json(&json!({
            "text": text,
            "items": reading.items.iter().map(|i| json!({
                "category": i.category,
                "name_uk": cat.get(&i.category).map(|c| c.name_uk.clone()),
                "name_en": cat.get(&i.category).map(|c| c.name_en.clone()),
                "term": i.term, "text": i.text, "start": i.start, "end": i.end, "score": i.score,
            })).collect::<Vec<_>>(),
            "attributes": reading.attributes,
            "quantity": reading.quantity,
            "unit": reading.unit,
            "location": place.as_ref().map(|p| json!({
                "code": p.location.code,
                "display": p.location.code.as_deref().and_then(|c| gaz().get(c)).map(|pl| gaz().display(pl)),
                "hierarchy": hierarchy(&p.location),
                "note": p.note,
                "candidates": p.candidates.iter().map(|c| json!({"code": c.code, "display": c.text})).collect::<Vec<_>>(),
            })),
        }));
    }
    if reading.items.is_empty() {
        println!("{}", not_recognised(lang));
    }
    for i in &reading.items {
        let name = cat
            .get(&i.category)
            .map(|c| match lang {
                Lang::Uk => c.name_uk.clone(),
                Lang::En => c.name_en.clone(),
            })
            .unwrap_or_default();
        println!(
            "item      «{}» [{}..{}] → {} ({name}; term «{}», {:.2})",
            output::inert(&i.text),
            i.start,
            i.end,
            i.category,
            i.term,
            i.score
        );
    }
    let a = &reading.attributes;
    for (aud, t) in &a.audience {
        println!("for whom  {aud:?} («{}»)", output::inert(t));
    }
    for s in &a.sizes {
        println!(
            "size      {:?} {}–{} («{}»)",
            s.kind,
            s.lo,
            s.hi,
            output::inert(&s.text)
        );
    }
    if let Some((s, t)) = &a.season {
        println!("season    {s:?} («{}»)", output::inert(t));
    }
    if let Some(q) = reading.quantity {
        println!(
            "quantity  {q}{}",
            reading
                .unit
                .map(|u| format!(" {}", lang.unit_after(u, q)))
                .unwrap_or_default()
        );
    }
    if let Some(p) = place {
        if let Some(note) = &p.note {
            println!("{note}");
            for c in p.candidates.iter().take(10) {
                println!(
                    "  may be   {} ({})",
                    c.text.clone().unwrap_or_default(),
                    c.code.clone().unwrap_or_default()
                );
            }
            if p.candidates.len() > 10 {
                println!("  … {} more", p.candidates.len() - 10);
            }
        } else if let Some(pl) = p.location.code.as_deref().and_then(|c| gaz().get(c)) {
            println!("place     {} ({})", gaz().display(pl), pl.code);
            println!("          {}", hierarchy(&p.location).join(" ⊂ "));
        }
    }
    Ok(())
}
