//! `offer add`, `offer list`.

use super::{GlobalArgs, output};
use crate::domain::{Condition, Offer, OfferStatus, Phone, Unit};
use crate::store::{NewOffer, resolve_location};
use anyhow::{Result, anyhow};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    phone: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    item: String,
    #[arg(long)]
    quantity: i64,
    #[arg(long)]
    unit: Option<String>,
    #[arg(long)]
    location: Option<String>,
    #[arg(long, default_value = "good")]
    condition: Condition,
    #[arg(long)]
    notes: Option<String>,
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
    if a.quantity <= 0 {
        return Err(anyhow!(
            "quantity: {} is not a positive whole number",
            a.quantity
        ));
    }
    let location = resolve_location(a.location.as_deref())?;
    let mut store = global.open()?;
    let known = store.donor_by_phone(&phone)?.is_some();
    let offer = store.add_offer(&NewOffer {
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
    })?;
    tracing::info!(offer = offer.id, known_donor = known, "offer added");
    let today = store.clock().today();
    if a.json {
        return output::json(&OfferJson::new(&offer, today));
    }
    let s = global.lang().strings();
    println!(
        "{} {}: {} × {} {} [{}] — {} {} ({})",
        s.saved_offer,
        offer.short_ref(),
        output::inert(&offer.item),
        offer.tally.total,
        offer.unit,
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
        println!("{}", offer_line(o, today));
    }
    Ok(())
}

pub fn offer_line(o: &Offer, today: chrono::NaiveDate) -> String {
    format!(
        "{:<8} {:<14} {:>5} {:<6} {:<30} {:<8} {}",
        o.short_ref().to_string(),
        o.status(today).to_string(),
        o.tally.total,
        o.unit.to_string(),
        output::inert(&o.item),
        o.condition.to_string(),
        output::opt(&o.location.text),
    )
}
