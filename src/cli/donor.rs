//! `donor show`, `donor forget`.

use super::{GlobalArgs, output};
use crate::domain::Phone;
use anyhow::Result;

pub fn show(global: &GlobalArgs, phone: &str, json: bool) -> Result<()> {
    let phone = Phone::parse(phone)?;
    // Writable where it can be, so the look-up is in the access log (a read-only store shows
    // the phone masked to anyone but the single seat).
    let store = match global.open_existing() {
        Ok(s) => s,
        Err(_) => global.open_read()?,
    };
    let view = store.donor_view(&phone)?;
    let today = store.clock().today();
    if json {
        let offers: Vec<_> = view
            .offers
            .iter()
            .map(|o| super::offer::OfferJson::new(o, today))
            .collect();
        return output::json(&serde_json::json!({
            "id": view.donor.id,
            "ref": view.donor.short_ref().to_string(),
            "name": view.donor.name,
            "phone": view.donor.phone,
            "location": view.donor.location.text,
            "offers": offers,
            "matches": view.matches,
        }));
    }
    let s = global.lang().strings();
    println!(
        "{} {}: {} {} {}",
        s.donor,
        view.donor.short_ref(),
        output::opt(&view.donor.name),
        view.donor
            .phone
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        output::opt(&view.donor.location.text)
    );
    println!("{}:", s.offers);
    for o in &view.offers {
        println!("  {}", super::offer::offer_line(o, today, global.lang()));
    }
    println!("{}:", s.matches);
    if view.matches.is_empty() {
        println!("  {}", s.none);
    }
    for m in &view.matches {
        // A match is counted in its offer's unit (the donor's offers are all listed above).
        let unit = view
            .offers
            .iter()
            .find(|o| o.id == m.offer_id)
            .map_or("", |o| global.lang().unit_after(o.unit, m.quantity));
        println!(
            "  {:<8} O-{:<6} N-{:<8} {:>5} {:<6} {}",
            m.short_ref().to_string(),
            m.offer_id,
            m.need_id,
            m.quantity,
            unit,
            global.lang().status(m.status.as_str())
        );
    }
    Ok(())
}

pub fn forget(global: &GlobalArgs, phone: &str) -> Result<()> {
    let phone = Phone::parse(phone)?;
    let mut store = global.open_existing()?;
    let id = store.forget_donor(&phone)?;
    tracing::info!(donor = id, "donor forgotten");
    println!(
        "{} {}",
        global.lang().strings().forgotten,
        crate::domain::Ref::new(crate::domain::RefKind::Donor, id)
    );
    Ok(())
}
