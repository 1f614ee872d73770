//! Types and rules with no I/O: organisations, needs, donors, offers, matches, quantities,
//! urgency, condition and the status rules that follow from quantities.

pub mod limits;
pub mod phone;
pub mod records;
pub mod redact;
pub mod refs;
pub mod units;

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use phone::{Phone, PhoneError};
pub use records::{Donor, Location, Match, Need, Offer, Organisation, STALE_AFTER_DAYS};
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

/// The time zone of the people using aidline when none is configured.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Kyiv;

/// Where "now" comes from, and the one time zone in which people read and type times; tests fix
/// both. Storage stays UTC: only what a person reads or types goes through `zone()`.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// The zone of the call centre (configured `timezone`, default Europe/Kyiv).
    fn zone(&self) -> Tz {
        DEFAULT_ZONE
    }

    /// Now, on the call centre's wall clock.
    fn local_now(&self) -> DateTime<Tz> {
        self.now().with_timezone(&self.zone())
    }

    /// The call centre's date: a needed-by date ends at the local midnight, not the UTC one.
    fn today(&self) -> NaiveDate {
        self.local_now().date_naive()
    }

    /// When "today" began in the call centre (local midnight), as a UTC instant for queries.
    fn start_of_today(&self) -> DateTime<Utc> {
        local_to_utc(self.zone(), self.today().and_time(NaiveTime::MIN))
    }

    /// A time a person typed («14:30», «9.05», «14:30:00»): its next occurrence on the local wall
    /// clock (later today, else tomorrow), as UTC. `None` if it is not a time of day.
    fn parse_local_time(&self, text: &str) -> Option<DateTime<Utc>> {
        let t = text.trim();
        let time = ["%H:%M", "%H.%M", "%H:%M:%S"]
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(t, f).ok())?;
        let now = self.now();
        let today = self.today();
        let mut at = local_to_utc(self.zone(), today.and_time(time));
        if at <= now {
            at = local_to_utc(self.zone(), (today + chrono::Days::new(1)).and_time(time));
        }
        Some(at)
    }

    /// A UTC instant as the call centre reads it, e.g. `2026-12-01 14:30`.
    fn display(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }
}

/// A local wall-clock time in `zone` as UTC. In the autumn hour that happens twice the earlier
/// one is taken; a time skipped by the spring change moves forward by the gap (02:30 → 03:30).
pub fn local_to_utc(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(early, _) => early.with_timezone(&Utc),
        LocalResult::None => {
            // In the gap: read with the offset in force before the change (a day earlier).
            let before = zone
                .offset_from_utc_datetime(&(local - chrono::Duration::days(1)))
                .fix();
            (local - chrono::Duration::seconds(before.local_minus_utc() as i64)).and_utc()
        }
    }
}

/// Any clock, read in another zone: `InZone(SystemClock, zone)`, `InZone(FixedClock(t), zone)`.
#[derive(Debug, Clone, Copy)]
pub struct InZone<C>(pub C, pub Tz);

impl<C: Clock> Clock for InZone<C> {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
    fn zone(&self) -> Tz {
        self.1
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

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn half_past_eleven_utc_is_already_tomorrow_in_kyiv() {
        let clock = FixedClock(utc("2026-12-01T23:30:00Z"));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
        // Local midnight of 2 December is 22:00 UTC on 1 December (winter, UTC+2).
        assert_eq!(clock.start_of_today(), utc("2026-12-01T22:00:00Z"));
        assert_eq!(clock.display(clock.now()), "2026-12-02 01:30");
        // The same instant in UTC is still 1 December.
        let in_utc = InZone(clock, chrono_tz::UTC);
        assert_eq!(
            in_utc.today(),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
    }

    #[test]
    fn a_typed_time_is_kyiv_time_stored_as_utc() {
        // 10:00 Kyiv in summer (UTC+3): «14:30» is 11:30 UTC the same day.
        let clock = FixedClock(utc("2026-07-10T07:00:00Z"));
        assert_eq!(
            clock.parse_local_time("14:30"),
            Some(utc("2026-07-10T11:30:00Z"))
        );
        assert_eq!(
            clock.parse_local_time(" 9.05 "),
            Some(utc("2026-07-11T06:05:00Z")),
            "09:05 has passed today, so it means tomorrow"
        );
        assert_eq!(clock.parse_local_time("25:00"), None);
        assert_eq!(clock.parse_local_time("пів на третю"), None);
        // In winter (UTC+2) the same typed time is an hour later in UTC.
        let winter = FixedClock(utc("2026-01-10T07:00:00Z"));
        assert_eq!(
            winter.parse_local_time("14:30"),
            Some(utc("2026-01-10T12:30:00Z"))
        );
    }

    #[test]
    fn dst_change_days() {
        // 29 March 2026: at 03:00 EET Kyiv jumps to 04:00 EEST. The day began at 22:00 UTC.
        let spring = FixedClock(utc("2026-03-29T12:00:00Z"));
        assert_eq!(spring.start_of_today(), utc("2026-03-28T22:00:00Z"));
        // 03:30 does not exist that night: read with the winter offset, it lands at 04:30 EEST.
        let before = FixedClock(utc("2026-03-28T23:00:00Z")); // 01:00 local
        assert_eq!(
            before.parse_local_time("03:30"),
            Some(utc("2026-03-29T01:30:00Z"))
        );
        // 25 October 2026: 04:00 EEST becomes 03:00 EET; the day began at 21:00 UTC (UTC+3).
        let autumn = FixedClock(utc("2026-10-25T12:00:00Z"));
        assert_eq!(autumn.start_of_today(), utc("2026-10-24T21:00:00Z"));
        // 03:30 happens twice: the first one (EEST, 00:30 UTC) is taken.
        let night = FixedClock(utc("2026-10-24T22:00:00Z")); // 01:00 local
        assert_eq!(
            night.parse_local_time("03:30"),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        // The day is 25 hours long: 23:30 local is 21:30 UTC.
        assert_eq!(
            night.parse_local_time("23:30"),
            Some(utc("2026-10-25T21:30:00Z"))
        );
    }

    #[test]
    fn needed_by_expires_by_the_local_date() {
        let need_by = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        // 22:30 UTC on 1 December: in Kyiv it is 2 December, so the date has passed.
        let clock = FixedClock(utc("2026-12-01T22:30:00Z"));
        assert!(need_by < clock.today());
        // 21:30 UTC: still 1 December (23:30) in Kyiv, not yet expired.
        let clock = FixedClock(utc("2026-12-01T21:30:00Z"));
        assert!(need_by >= clock.today());
    }

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
