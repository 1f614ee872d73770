//! The records the store keeps, as plain data.

use super::{
    Accepts, Condition, MatchStatus, NeedStatus, OfferStatus, OrgKind, Phone, Ref, RefKind, Tally,
    Unit, Urgency,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Where something is: what was typed, and the KATOTTG unit it resolved to with its hierarchy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// As typed (or the unit's display name when resolved from a code).
    pub text: Option<String>,
    pub code: Option<String>,
    pub settlement: Option<String>,
    pub hromada: Option<String>,
    pub raion: Option<String>,
    pub oblast: Option<String>,
}

impl Location {
    pub fn is_known(&self) -> bool {
        self.code.is_some()
    }

    /// Own code, then settlement, hromada, raion and oblast codes.
    pub fn hierarchy(&self) -> [Option<&str>; 5] {
        [
            self.code.as_deref(),
            self.settlement.as_deref(),
            self.hromada.as_deref(),
            self.raion.as_deref(),
            self.oblast.as_deref(),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub location: Location,
    pub helps_with: Option<String>,
}

impl Organisation {
    pub fn short_ref(&self) -> Ref {
        Ref::new(RefKind::Organisation, self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    pub id: i64,
    pub org_id: i64,
    pub organisation: String,
    /// The partner's own reference, when imported.
    pub partner_ref: Option<String>,
    pub item: String,
    pub category: Option<String>,
    pub unit: Unit,
    pub tally: Tally,
    pub urgency: Urgency,
    pub location: Location,
    pub accepts: Accepts,
    pub needed_by: Option<NaiveDate>,
    pub notes: Option<String>,
    pub closed: bool,
    pub created_at: DateTime<Utc>,
    /// When someone last confirmed it is still needed (`None`: never reviewed).
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A need not reviewed for this many days asks "still needed?".
pub const STALE_AFTER_DAYS: i64 = 14;

impl Need {
    /// What the need still lacks, in `unit` (an offer's), rounded down; 0 if the units do not
    /// convert (a match is counted in its offer's unit).
    pub fn open_in(&self, unit: Unit) -> i64 {
        self.unit.convert(self.tally.open(), unit).unwrap_or(0)
    }

    /// Still open, and not reviewed (nor created) for [`STALE_AFTER_DAYS`], or past its
    /// needed-by date (in the call centre's zone: `today`).
    pub fn is_stale(&self, now: DateTime<Utc>, today: NaiveDate) -> bool {
        if self.closed || self.tally.open() <= 0 {
            return false;
        }
        let seen = self.reviewed_at.unwrap_or(self.created_at);
        // Past its date, unless reviewed since the date passed (then the 14 days count again).
        let overdue = self
            .needed_by
            .is_some_and(|d| d < today && self.reviewed_at.is_none_or(|r| r.date_naive() <= d));
        overdue || now - seen >= chrono::Duration::days(STALE_AFTER_DAYS)
    }

    pub fn short_ref(&self) -> Ref {
        Ref::new(RefKind::Need, self.id)
    }
    /// The partner's ref when imported, else the short reference.
    pub fn display_ref(&self) -> String {
        self.partner_ref
            .clone()
            .unwrap_or_else(|| self.short_ref().to_string())
    }
    pub fn status(&self, today: NaiveDate) -> NeedStatus {
        self.tally.need_status(self.closed, self.needed_by, today)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Donor {
    pub id: i64,
    pub name: Option<String>,
    pub phone: Option<Phone>,
    pub location: Location,
    pub notes: Option<String>,
    pub forgotten: bool,
}

impl Donor {
    pub fn short_ref(&self) -> Ref {
        Ref::new(RefKind::Donor, self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    pub id: i64,
    pub donor_id: i64,
    pub donor_name: Option<String>,
    pub donor_phone: Option<Phone>,
    pub item: String,
    pub category: Option<String>,
    pub unit: Unit,
    pub tally: Tally,
    pub condition: Condition,
    pub location: Location,
    pub notes: Option<String>,
    pub available_until: Option<NaiveDate>,
    pub withdrawn: bool,
    pub created_at: DateTime<Utc>,
}

impl Offer {
    pub fn short_ref(&self) -> Ref {
        Ref::new(RefKind::Offer, self.id)
    }
    pub fn status(&self, today: NaiveDate) -> OfferStatus {
        self.tally
            .offer_status(self.withdrawn, self.available_until, today)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub id: i64,
    pub offer_id: i64,
    pub need_id: i64,
    pub quantity: i64,
    pub status: MatchStatus,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Match {
    pub fn short_ref(&self) -> Ref {
        Ref::new(RefKind::Match, self.id)
    }
}
