//! Several offers from one call: the caller named several things in one sentence («віддам
//! пальто і чоботи»); the Call tab lists them and one key logs each as its own offer, so each is
//! matched on its own.

use super::{Result, Store, donors};
use crate::domain::Offer;
use crate::store::NewOffer;

impl Store {
    /// Log several offers of one donor in one transaction: all are written or none.
    pub fn add_offers(&mut self, offers: &[NewOffer]) -> Result<Vec<Offer>> {
        self.require(super::access::Permission::TakeCalls, None)?;
        let ids = self.write(|w| {
            let mut ids = Vec::with_capacity(offers.len());
            for o in offers {
                let donor = donors::ensure_donor(w, &o.phone, o.name.as_deref(), &o.location)?;
                ids.push(donors::insert_offer(w, donor, o)?);
            }
            Ok(ids)
        })?;
        ids.into_iter().map(|id| self.offer(id)).collect()
    }
}

/// One offer per item the text names (see `matching::split_items`), each with its own words
/// and category; the quantity, condition, place and donor are copied from `base` for the
/// operator to fix. A text naming one item or none gives `base` as it is.
pub fn split_offer(base: &NewOffer) -> Vec<NewOffer> {
    let parts = crate::matching::split_items(crate::catalogue::Catalogue::builtin(), &base.item);
    if parts.len() < 2 {
        return vec![base.clone()];
    }
    parts
        .into_iter()
        .map(|(item, text)| NewOffer {
            item: text,
            category: Some(item.category),
            unit: None,
            ..base.clone()
        })
        .collect()
}
