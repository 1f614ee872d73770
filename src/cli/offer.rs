//! `offer add`, `offer list`.

use super::{GlobalArgs, output};
use crate::domain::{Condition, Offer, OfferStatus, Phone, Unit};
use crate::i18n::Lang;
use crate::store::{NewOffer, resolve_location};
use anyhow::{Result, anyhow};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The caller's phone, in any usual writing (067 123 45 67, +380671234567, 8 067…).
    #[arg(long)]
    phone: String,
    /// The caller's name, as they give it.
    #[arg(long)]
    name: Option<String>,
    /// What is offered, as the caller says it (any language).
    #[arg(long)]
    item: String,
    /// How many: a whole number from 1 to 1000000000.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::quantity_parser())]
    quantity: i64,
    /// The unit: pcs, packs, kg, l, boxes, sets, pairs… (Ukrainian words too) [default: the
    /// item's usual unit].
    #[arg(long)]
    unit: Option<String>,
    /// Where the items are: a settlement, hromada, raion or oblast.
    #[arg(long)]
    location: Option<String>,
    /// The items' condition: new, good, used.
    #[arg(long, default_value = "good")]
    condition: Condition,
    /// Anything else the caller said.
    #[arg(long)]
    notes: Option<String>,
    /// Print the saved offer as JSON (see docs/JSON.md).
    #[arg(long)]
    json: bool,
}

/// The JSON shape of an offer: the record plus its short reference and status.
#[derive(Serialize)]
pub struct OfferJson {
    id: i64,
    #[serde(rename = "ref")]
    reference: String,
    donor_id: i64,
    donor_name: Option<String>,
    donor_phone: Option<String>,
    item: String,
    category: Option<String>,
    quantity: i64,
    quantity_open: i64,
    unit: Unit,
    condition: Condition,
    location: Option<String>,
    place_code: Option<String>,
    status: OfferStatus,
    created_at: String,
}

impl OfferJson {
    pub fn new(o: &Offer, today: chrono::NaiveDate) -> OfferJson {
        OfferJson {
            id: o.id,
            reference: o.short_ref().to_string(),
            donor_id: o.donor_id,
            donor_name: o.donor_name.clone(),
            donor_phone: o.donor_phone.as_ref().map(|p| p.to_string()),
            item: o.item.clone(),
            category: o.category.clone(),
            quantity: o.tally.total,
            quantity_open: o.tally.open(),
            unit: o.unit,
            condition: o.condition,
            location: o.location.text.clone(),
            place_code: o.location.code.clone(),
            status: o.status(today),
            created_at: o.created_at.to_rfc3339(),
        }
    }
}

pub fn add(global: &GlobalArgs, a: AddArgs) -> Result<()> {
    // Validate everything before opening the database: a bad field changes nothing.
    let phone = Phone::parse(&a.phone)?;
    let unit = match a.unit.as_deref() {
        Some(u) => Some(Unit::parse(u).ok_or_else(|| anyhow!("unit: '{u}' is not a unit I know"))?),
        None => None,
    };
    let location = resolve_location(a.location.as_deref())?;
    // Every field through the limits and the text check (the store checks again).
    let new = NewOffer {
        phone,
        name: a.name,
        item: a.item,
        category: None,
        quantity: a.quantity,
        unit,
        condition: a.condition,
        location,
        notes: a.notes,
        available_until: None,
    }
    .cleaned()?;
    // The database must exist: a mistyped --db is an error, not a new empty file.
    let mut store = global.open_existing()?;
    let known = store.donor_by_phone(&new.phone)?.is_some();
    let offer = store.add_offer(&new)?;
    tracing::info!(offer = offer.id, known_donor = known, "offer added");
    let today = store.clock().today();
    if a.json {
        return output::json(&OfferJson::new(&offer, today));
    }
    let s = global.lang().strings();
    println!(
        "{} {}: {} × {} [{}] — {} {} ({})",
        s.saved_offer,
        offer.short_ref(),
        output::inert(&offer.item),
        global.lang().quantity(offer.tally.total, offer.unit),
        offer.category.as_deref().unwrap_or("?"),
        s.donor,
        crate::domain::Ref::new(crate::domain::RefKind::Donor, offer.donor_id),
        if known { s.known_donor } else { s.new_donor },
    );
    Ok(())
}

pub fn list(
    global: &GlobalArgs,
    status: Option<OfferStatus>,
    json: bool,
    limit: usize,
) -> Result<()> {
    let store = global.open_read()?;
    let today = store.clock().today();
    let offers = store.list_offers(status, None, 0, limit)?;
    if json {
        let list: Vec<OfferJson> = offers.iter().map(|o| OfferJson::new(o, today)).collect();
        return output::json(&list);
    }
    for o in &offers {
        println!("{}", offer_line(o, today, global.lang()));
    }
    Ok(())
}

pub fn offer_line(o: &Offer, today: chrono::NaiveDate, lang: Lang) -> String {
    let unit = lang.unit_after(o.unit, o.tally.total);
    let s = lang.strings();
    let condition = match o.condition {
        Condition::New => s.condition_new,
        Condition::Good => s.condition_good,
        Condition::Used => s.condition_used,
    };
    format!(
        "{:<8} {:<14} {:>5} {:<6} {:<30} {:<8} {}",
        o.short_ref().to_string(),
        lang.status(o.status(today).as_str()),
        o.tally.total,
        unit,
        output::inert(&o.item),
        condition,
        output::opt(&o.location.text),
    )
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The offer (O-12 or 12).
    id: String,
    /// What is offered, as the caller says it (any language).
    #[arg(long)]
    item: Option<String>,
    /// How many: a whole number from 1 to 1000000000 (not below what is already matched).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::quantity_parser())]
    quantity: Option<i64>,
    /// The unit: pcs, packs, kg, l, boxes, sets, pairs… (Ukrainian words too).
    #[arg(long)]
    unit: Option<String>,
    /// Where the items are: a settlement, hromada, raion or oblast (empty: unknown).
    #[arg(long)]
    location: Option<String>,
    /// The items' condition: new, good, used.
    #[arg(long)]
    condition: Option<Condition>,
    /// Anything else the caller said (empty clears it).
    #[arg(long)]
    notes: Option<String>,
    /// Print the saved offer as JSON (see docs/JSON.md).
    #[arg(long)]
    json: bool,
}

fn offer_id(text: &str) -> Result<i64> {
    crate::domain::Ref::parse(crate::domain::RefKind::Offer, text)
        .ok_or_else(|| anyhow!("'{text}' is not an offer reference (like O-12)"))
}

/// `offer edit`: only the fields given change; the rest stay as saved.
pub fn edit(global: &GlobalArgs, a: EditArgs) -> Result<()> {
    let id = offer_id(&a.id)?;
    // Validate what was typed before writing: a bad field changes nothing.
    let unit = match a.unit.as_deref() {
        Some(u) => Some(Unit::parse(u).ok_or_else(|| anyhow!("unit: '{u}' is not a unit I know"))?),
        None => None,
    };
    let location = match a.location.as_deref() {
        Some(l) => Some(resolve_location(Some(l))?),
        None => None,
    };
    let mut store = global.open_existing()?;
    let old = store.offer(id)?;
    let phone = old
        .donor_phone
        .clone()
        .ok_or_else(|| anyhow!("{}: the donor was forgotten", old.short_ref()))?;
    let item_changed = a.item.as_ref().is_some_and(|i| *i != old.item);
    let new = NewOffer {
        phone,
        name: None,
        category: if item_changed {
            None
        } else {
            old.category.clone()
        },
        item: a.item.unwrap_or(old.item),
        quantity: a.quantity.unwrap_or(old.tally.total),
        unit: Some(unit.unwrap_or(old.unit)),
        condition: a.condition.unwrap_or(old.condition),
        location: location.unwrap_or(old.location),
        notes: match a.notes {
            Some(n) if n.trim().is_empty() => None,
            Some(n) => Some(n),
            None => old.notes,
        },
        available_until: old.available_until,
    };
    let offer = store.edit_offer(id, &new)?;
    tracing::info!(offer = offer.id, "offer edited");
    let today = store.clock().today();
    if a.json {
        return output::json(&OfferJson::new(&offer, today));
    }
    let lang = global.lang();
    println!(
        "{}: {}",
        lang.tr("Saved", "Збережено"),
        offer_line(&offer, today, lang)
    );
    Ok(())
}

/// `offer withdraw`: the donor no longer gives it; its open matches are cancelled.
pub fn withdraw(global: &GlobalArgs, id: &str, reason: Option<&str>) -> Result<()> {
    let id = offer_id(id)?;
    let mut store = global.open_existing()?;
    let (offer, cancelled) = store.withdraw_offer(id, reason)?;
    tracing::info!(offer = offer.id, cancelled, "offer withdrawn");
    let lang = global.lang();
    println!(
        "{} {}{}",
        offer.short_ref(),
        lang.tr("withdrawn", "відкликано"),
        if cancelled > 0 {
            format!(
                "; {} {}",
                lang.tr("cancelled", "скасовано"),
                lang.count(
                    cancelled as i64,
                    ["match", "matches"],
                    ["збіг", "збіги", "збігів"]
                )
            )
        } else {
            String::new()
        }
    );
    Ok(())
}
