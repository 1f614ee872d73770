//! `need add | edit | close`: keeping the registry true by hand, with the import's checks.

use super::{GlobalArgs, output};
use crate::domain::{Need, Ref, RefKind};
use crate::store::import::need_from_fields;
use crate::store::{NeedFilter, Review};
use anyhow::{Result, anyhow};
use clap::Subcommand;
use serde_json::json;

/// The fields a need is typed with; each is checked exactly as the same column of an import.
#[derive(Debug, Clone, clap::Args)]
pub struct NeedFields {
    /// The organisation, by name (created if new).
    #[arg(long = "org", value_name = "NAME")]
    organisation: Option<String>,
    /// What is needed, as the organisation writes it (any language).
    #[arg(long)]
    item: Option<String>,
    /// How many, as the import reads it: 10, «1 000», «10 шт».
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    quantity: Option<String>,
    /// The unit: pcs, packs, kg, l, boxes, sets, pairs… (Ukrainian words too) [default: the
    /// item's usual unit].
    #[arg(long)]
    unit: Option<String>,
    /// critical, high, normal, low (Ukrainian and Russian words too) [add: normal].
    #[arg(long)]
    urgency: Option<String>,
    /// Where: a settlement, hromada, raion or oblast.
    #[arg(long)]
    location: Option<String>,
    /// What it accepts: new, any [add: any].
    #[arg(long)]
    condition: Option<String>,
    /// Needed by this date: 2026-12-01 or 01.12.2026 (empty clears it).
    #[arg(long, value_name = "DATE")]
    needed_by: Option<String>,
    /// Anything else (empty clears it).
    #[arg(long)]
    notes: Option<String>,
    /// The partner's own reference (unique within the organisation).
    #[arg(long = "ref", value_name = "REF")]
    partner_ref: Option<String>,
}

impl NeedFields {
    /// The fields as the import's columns: `base` (a stored need's) overlaid with what was typed.
    fn columns(&self, base: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
        let typed = [
            ("organisation", &self.organisation),
            ("item", &self.item),
            ("quantity", &self.quantity),
            ("unit", &self.unit),
            ("urgency", &self.urgency),
            ("location", &self.location),
            ("condition", &self.condition),
            ("needed_by", &self.needed_by),
            ("notes", &self.notes),
            ("ref", &self.partner_ref),
        ];
        let mut out = base;
        for (name, value) in typed {
            if let Some(v) = value {
                out.retain(|(n, _)| *n != name);
                out.push((name, v.clone()));
            }
        }
        out
    }
}

#[derive(Debug, Subcommand)]
pub enum NeedCommand {
    /// Add a need by hand, checked like a row of `import needs`.
    #[command(
        after_help = "Examples:\n  aidline need add --org \"БФ Світло\" --item \"ковдри\" --quantity 20 --location Бровари\n  aidline need add --org \"Лікарня №3\" --item \"памперси для дорослих L\" --quantity \"10 уп\" --urgency high --needed-by 15.12.2026 --json"
    )]
    Add {
        #[command(flatten)]
        fields: NeedFields,
        /// Print the saved need as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Correct a need: only the fields given change, checked like a row of `import needs`.
    #[command(
        after_help = "Examples:\n  aidline need edit N-40 --quantity 12\n  aidline need edit R14-14683 --urgency critical --notes \"\""
    )]
    Edit {
        /// The need (N-40, 40, or the partner's reference).
        id: String,
        #[command(flatten)]
        fields: NeedFields,
        /// Print the saved need as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Close a need: no more matches go to it (its matches stay).
    #[command(after_help = "Examples:\n  aidline need close N-40")]
    Close {
        /// The need (N-40, 40, or the partner's reference).
        id: String,
    },
    /// Answer "still needed?" for a need: how many are still needed, or close it.
    #[command(
        after_help = "Examples:\n  aidline need review N-40 --still-needed 12\n  aidline need review R14-14683 --fulfilled\n  aidline need review N-41 --close"
    )]
    #[command(group(clap::ArgGroup::new("answer").required(true).args(["still_needed", "fulfilled", "close"])))]
    Review {
        /// The need (N-40, 40, or the partner's reference).
        id: String,
        /// Still needed: this many more (the open quantity; what is already matched stays).
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::quantity_parser())]
        still_needed: Option<i64>,
        /// Brought by someone else: closed.
        #[arg(long)]
        fulfilled: bool,
        /// No longer needed: closed.
        #[arg(long)]
        close: bool,
        /// Print the need as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List needs, newest first (read-only); `--stale`: the "still needed?" list.
    #[command(
        after_help = "Examples:\n  aidline need list --stale\n  aidline need list --open --limit 20 --json"
    )]
    List {
        /// Only needs not reviewed for 14 days or past their needed-by date, longest unseen
        /// first.
        #[arg(long)]
        stale: bool,
        /// Only needs with an open quantity.
        #[arg(long)]
        open: bool,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
        /// At most this many needs (1 to 1000000).
        #[arg(long, value_name = "N", default_value_t = 100, allow_negative_numbers = true, value_parser = super::list_limit_parser())]
        limit: usize,
    },
}

fn need_id(store: &crate::store::Store, text: &str) -> Result<i64> {
    if let Some(id) = Ref::parse(RefKind::Need, text) {
        return Ok(id);
    }
    store
        .need_by_partner_ref(text)?
        .ok_or_else(|| anyhow!("'{text}' is not a need reference (like N-12)"))
}

/// A stored need as the import's columns.
fn columns_of(n: &Need) -> Vec<(&'static str, String)> {
    let mut c = vec![
        ("organisation", n.organisation.clone()),
        ("item", n.item.clone()),
        ("quantity", n.tally.total.to_string()),
        ("unit", n.unit.code().to_string()),
        ("urgency", n.urgency.as_str().to_string()),
        ("condition", n.accepts.as_str().to_string()),
    ];
    let optional = [
        ("location", n.location.text.clone()),
        ("needed_by", n.needed_by.map(|d| d.to_string())),
        ("notes", n.notes.clone()),
        ("ref", n.partner_ref.clone()),
    ];
    c.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
    c
}

fn need_json(n: &Need) -> serde_json::Value {
    json!({
        "id": n.id, "ref": n.short_ref().to_string(), "partner_ref": n.partner_ref,
        "organisation": n.organisation, "item": n.item, "category": n.category,
        "quantity": n.tally.total, "quantity_open": n.tally.open(), "unit": n.unit,
        "urgency": n.urgency, "location": n.location.text, "place_code": n.location.code,
        "accepts": n.accepts, "needed_by": n.needed_by, "notes": n.notes, "closed": n.closed,
        "reviewed_at": n.reviewed_at,
    })
}

fn print(
    n: &Need,
    json: bool,
    lang: crate::i18n::Lang,
    verb: (&'static str, &'static str),
) -> Result<()> {
    if json {
        return output::json(&need_json(n));
    }
    println!(
        "{} {}: {} × {} ({})",
        lang.tr(verb.0, verb.1),
        n.short_ref(),
        n.item,
        n.tally.total,
        n.organisation
    );
    Ok(())
}

pub fn run(global: &GlobalArgs, command: NeedCommand) -> Result<()> {
    let lang = global.lang();
    match command {
        NeedCommand::Add { fields, json } => {
            let need = need_from_fields(&fields.columns(Vec::new()))?;
            let mut store = global.open_existing()?;
            if let Some(r) = &need.partner_ref
                && store.need_by_partner_ref(r)?.is_some()
            {
                return Err(crate::store::StoreError::invalid(
                    "ref",
                    format!("'{r}' is already a need: change it with `aidline need edit {r}`"),
                )
                .into());
            }
            let n = store.add_need(&need)?;
            tracing::info!(need = n.id, "need added");
            print(&n, json, lang, ("Added", "Додано"))
        }
        NeedCommand::Edit { id, fields, json } => {
            let mut store = global.open_existing()?;
            let old = store.need(need_id(&store, &id)?)?;
            let mut need = need_from_fields(&fields.columns(columns_of(&old)))?;
            if need.item == old.item {
                need.category = old.category.clone();
            }
            let n = store.edit_need(old.id, &need)?;
            tracing::info!(need = n.id, "need edited");
            print(&n, json, lang, ("Saved", "Збережено"))
        }
        NeedCommand::Close { id } => {
            let mut store = global.open_existing()?;
            let n = store.close_need(need_id(&store, &id)?)?;
            tracing::info!(need = n.id, "need closed");
            println!("{} {}", n.short_ref(), lang.tr("closed", "закрито"));
            Ok(())
        }
        NeedCommand::Review {
            id,
            still_needed,
            fulfilled,
            close: _,
            json,
        } => {
            let review = match (still_needed, fulfilled) {
                (Some(q), _) => Review::StillNeeded(q),
                (None, true) => Review::FulfilledElsewhere,
                (None, false) => Review::NoLongerNeeded,
            };
            let mut store = global.open_existing()?;
            let n = store.review_need(need_id(&store, &id)?, review)?;
            tracing::info!(need = n.id, answer = review.code(), "need reviewed");
            if json {
                return output::json(&need_json(&n));
            }
            match review {
                Review::StillNeeded(_) => print(&n, false, lang, ("Still needed", "Ще потрібно")),
                _ => {
                    println!("{} {}", n.short_ref(), lang.tr("closed", "закрито"));
                    Ok(())
                }
            }
        }
        NeedCommand::List {
            stale,
            open,
            json,
            limit,
        } => {
            let store = global.open_read()?;
            let filter = NeedFilter {
                stale,
                open_only: open,
                ..NeedFilter::default()
            };
            let needs = store.list_needs(&filter, 0, limit)?;
            if json {
                let list: Vec<serde_json::Value> = needs.iter().map(need_json).collect();
                return output::json(&list);
            }
            let (now, today) = (store.clock().now(), store.clock().today());
            for n in &needs {
                // «0/5 пар», «1/21 пари»: the unit follows the total (`Lang::fraction`).
                let unit = lang.unit_in(n.unit, n.tally.total, crate::i18n::Case::Genitive);
                println!(
                    "{:<8} {:<14} {:>5}/{:<5} {:<6} {:<30} {:<24} {}{}",
                    n.short_ref().to_string(),
                    lang.status(n.status(today).as_str()),
                    n.tally.open(),
                    n.tally.total,
                    unit,
                    output::inert(&n.item),
                    output::inert(&n.organisation),
                    output::opt(&n.location.text),
                    if n.is_stale(now, today) {
                        lang.tr("  (still needed?)", "  (ще потрібно?)").to_string()
                    } else {
                        String::new()
                    },
                );
            }
            Ok(())
        }
    }
}
