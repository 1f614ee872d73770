//! Types and rules with no I/O: organisations, needs, donors, offers, matches, quantities,
//! urgency, condition and the status rules that follow from quantities.

pub mod limits;
pub mod phone;
pub mod records;
pub mod redact;
pub mod refs;
pub mod units;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use phone::{Phone, PhoneError};
pub use records::{Donor, Location, Match, Need, Offer, Organisation};
pub use refs::{Ref, RefKind};
pub use units::Unit;

/// An error for a value that does not parse: which field, what was given, what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: '{given}' is not one of {allowed}")]
pub struct ParseValueError {
    pub field: &'static str,
    pub given: String,
    pub allowed: &'static str,
}

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, { $($variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let folded = crate::catalogue::fold::fold(s).replace(' ', "_");
                match folded.as_str() {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(ParseValueError {
                        field: $field,
                        given: s.trim().to_string(),
                        allowed: concat!($($text, " "),+),
                    }),
                }
            }
        }
    };
}

text_enum!(
    /// How urgent a need is. Ordered most urgent first.
    Urgency, "urgency", {
        Critical = "critical" | "критично" | "критична" | "критичная" | "критическая" | "терміново" | "срочно",
        High = "high" | "висока" | "високий" | "высокая" | "высокий",
        Normal = "normal" | "звичайна" | "звичайний" | "нормальна" | "обычная" | "нормальная" | "medium" | "середня",
        Low = "low" | "низька" | "низький" | "низкая" | "низкий",
    }
);

impl Urgency {
    /// 0 for critical .. 3 for low; stored in the database so an index orders by it.
    pub fn rank(self) -> i64 {
        match self {
            Urgency::Critical => 0,
            Urgency::High => 1,
            Urgency::Normal => 2,
            Urgency::Low => 3,
        }
    }
    pub fn from_rank(rank: i64) -> Urgency {
        match rank {
            0 => Urgency::Critical,
            1 => Urgency::High,
            2 => Urgency::Normal,
            _ => Urgency::Low,
        }
    }
}

text_enum!(
    /// The state an offered item is in.
    Condition, "condition", {
        New = "new" | "нове" | "новий" | "нова" | "нові" | "новое" | "новый" | "новая" | "новые",
        Good = "good" | "добрий" | "добре" | "хороший" | "хорошее" | "гарний" | "гарне",
        Used = "used" | "вживане" | "вживаний" | "б_у" | "бу" | "б_в" | "бв" | "ношене" | "поношенное",
    }
);

text_enum!(
    /// What condition a need accepts.
    Accepts, "condition", {
        New = "new" | "нове" | "новий" | "нова" | "нові" | "новое" | "новый" | "новые" | "new_only" | "тільки_нове" | "только_новое",
        Any = "any" | "будь_яке" | "будь_який" | "любое" | "любой" | "",
    }
);

impl Accepts {
    /// A need that accepts only new items is never offered a good or used one.
    pub fn accepts(self, condition: Condition) -> bool {
        match self {
            Accepts::Any => true,
            Accepts::New => condition == Condition::New,
        }
    }
}

text_enum!(
    /// An organisation's kind.
    OrgKind, "kind", {
        Ngo = "ngo" | "го" | "нго" | "бф" | "фонд" | "charity",
        Shelter = "shelter" | "прихисток" | "притулок" | "шелтер" | "убежище",
        Hospital = "hospital" | "лікарня" | "больница" | "госпіталь",
        SocialService = "social_service" | "соцслужба" | "соціальна_служба" | "социальная_служба" | "цнап",
        Volunteer = "volunteer" | "волонтер" | "волонтери" | "волонтеры",
        Other = "other" | "інше" | "другое",
    }
);

text_enum!(
    /// A match moves proposed → confirmed → handed_over, or ends declined or cancelled.
    MatchStatus, "status", {
        Proposed = "proposed",
        Confirmed = "confirmed",
        HandedOver = "handed_over",
        Declined = "declined",
        Cancelled = "cancelled",
    }
);

impl MatchStatus {
    /// Whether a match may move from `self` to `next`.
    pub fn can_become(self, next: MatchStatus) -> bool {
        use MatchStatus::*;
        matches!(
            (self, next),
            (Proposed, Confirmed)
                | (Proposed, Declined)
                | (Proposed, Cancelled)
                | (Confirmed, HandedOver)
                | (Confirmed, Cancelled)
        )
    }
    pub fn is_final(self) -> bool {
        matches!(
            self,
            MatchStatus::HandedOver | MatchStatus::Declined | MatchStatus::Cancelled
        )
    }
}

text_enum!(
    /// A need's status, derived from its quantities and dates.
    NeedStatus, "status", {
        Open = "open",
        PartlyMatched = "partly_matched",
        Fulfilled = "fulfilled",
        Closed = "closed",
        Expired = "expired",
    }
);

text_enum!(
    /// An offer's status, derived from its quantities and dates.
    OfferStatus, "status", {
        Open = "open",
        PartlyMatched = "partly_matched",
        Matched = "matched",
        Delivered = "delivered",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
);

text_enum!(
    /// How a call ended.
    CallOutcome, "outcome", {
        OfferLogged = "offer_logged",
        NothingToOffer = "nothing_to_offer",
        CallBack = "call_back",
        WrongNumber = "wrong_number",
    }
);

/// Quantities of one need or offer as they move through matches. All integers, in one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Requested (need) or offered (offer).
    pub total: i64,
    /// In matches still proposed.
    pub proposed: i64,
    /// In matches confirmed, not yet handed over.
    pub confirmed: i64,
    /// Handed over.
    pub delivered: i64,
}

impl Tally {
    pub fn new(total: i64) -> Tally {
        Tally {
            total,
            ..Tally::default()
        }
    }
    /// What is still free to propose.
    pub fn open(&self) -> i64 {
        (self.total - self.proposed - self.confirmed - self.delivered).max(0)
    }
    pub fn committed(&self) -> i64 {
        self.proposed + self.confirmed + self.delivered
    }
    /// Move `quantity` of a match from one status to another (or in/out of the tally).
    pub fn apply(&mut self, from: Option<MatchStatus>, to: Option<MatchStatus>, quantity: i64) {
        if let Some(slot) = from.and_then(|s| self.slot(s)) {
            *slot -= quantity;
        }
        if let Some(slot) = to.and_then(|s| self.slot(s)) {
            *slot += quantity;
        }
    }
    fn slot(&mut self, status: MatchStatus) -> Option<&mut i64> {
        match status {
            MatchStatus::Proposed => Some(&mut self.proposed),
            MatchStatus::Confirmed => Some(&mut self.confirmed),
            MatchStatus::HandedOver => Some(&mut self.delivered),
            MatchStatus::Declined | MatchStatus::Cancelled => None,
        }
    }

    pub fn need_status(
        &self,
        closed: bool,
        needed_by: Option<NaiveDate>,
        today: NaiveDate,
    ) -> NeedStatus {
        if self.delivered >= self.total {
            NeedStatus::Fulfilled
        } else if closed {
            NeedStatus::Closed
        } else if needed_by.is_some_and(|d| d < today) {
            NeedStatus::Expired
        } else if self.committed() > 0 {
            NeedStatus::PartlyMatched
        } else {
            NeedStatus::Open
        }
    }

    pub fn offer_status(
        &self,
        withdrawn: bool,
        until: Option<NaiveDate>,
        today: NaiveDate,
    ) -> OfferStatus {
        if self.delivered >= self.total {
            OfferStatus::Delivered
        } else if withdrawn {
            OfferStatus::Withdrawn
        } else if self.open() == 0 {
            OfferStatus::Matched
        } else if until.is_some_and(|d| d < today) {
            OfferStatus::Expired
        } else if self.committed() > 0 {
            OfferStatus::PartlyMatched
        } else {
            OfferStatus::Open
        }
    }
}

/// Where "now" comes from; tests fix it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same time.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_in_three_languages() {
        assert_eq!("CRITICAL".parse::<Urgency>().unwrap(), Urgency::Critical);
        assert_eq!("терміново".parse::<Urgency>().unwrap(), Urgency::Critical);
        assert_eq!("б/у".parse::<Condition>().unwrap(), Condition::Used);
        assert_eq!("".parse::<Accepts>().unwrap(), Accepts::Any);
        let err = "soon".parse::<Urgency>().unwrap_err();
        assert_eq!(err.field, "urgency");
        assert!(
            err.to_string().contains("critical high normal low"),
            "{err}"
        );
    }

    #[test]
    fn new_only_needs_refuse_used_items() {
        assert!(Accepts::New.accepts(Condition::New));
        assert!(!Accepts::New.accepts(Condition::Good));
        assert!(!Accepts::New.accepts(Condition::Used));
        assert!(Accepts::Any.accepts(Condition::Used));
    }

    #[test]
    fn match_transitions() {
        use MatchStatus::*;
        assert!(Proposed.can_become(Confirmed));
        assert!(Confirmed.can_become(HandedOver));
        assert!(!Proposed.can_become(HandedOver));
        assert!(!HandedOver.can_become(Cancelled));
        assert!(!Declined.can_become(Confirmed));
    }

    #[test]
    fn tally_follows_matches_and_derives_status() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let mut t = Tally::new(10);
        assert_eq!(t.need_status(false, None, today), NeedStatus::Open);
        t.apply(None, Some(MatchStatus::Proposed), 4);
        assert_eq!(t.open(), 6);
        assert_eq!(t.need_status(false, None, today), NeedStatus::PartlyMatched);
        t.apply(Some(MatchStatus::Proposed), Some(MatchStatus::Confirmed), 4);
        t.apply(
            Some(MatchStatus::Confirmed),
            Some(MatchStatus::HandedOver),
            4,
        );
        assert_eq!(
            (t.proposed, t.confirmed, t.delivered, t.open()),
            (0, 0, 4, 6)
        );
        t.apply(None, Some(MatchStatus::Proposed), 6);
        assert_eq!(t.offer_status(false, None, today), OfferStatus::Matched);
        t.apply(Some(MatchStatus::Proposed), Some(MatchStatus::Declined), 6);
        assert_eq!(t.open(), 6);
        let yesterday = today.pred_opt().unwrap();
        assert_eq!(
            t.need_status(false, Some(yesterday), today),
            NeedStatus::Expired
        );
        t.apply(None, Some(MatchStatus::HandedOver), 6);
        assert_eq!(
            t.need_status(false, Some(yesterday), today),
            NeedStatus::Fulfilled
        );
    }
}
