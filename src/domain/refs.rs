//! Short references an operator can say on the phone: `O-1042`, `N-2031`, `M-77`, `D-5`, `G-12`.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefKind {
    Offer,
    Need,
    Match,
    Donor,
    Organisation,
}

impl RefKind {
    pub fn prefix(self) -> char {
        match self {
            RefKind::Offer => 'O',
            RefKind::Need => 'N',
            RefKind::Match => 'M',
            RefKind::Donor => 'D',
            RefKind::Organisation => 'G',
        }
    }
}

/// A record's short reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ref {
    pub kind: RefKind,
    pub id: i64,
}

impl Ref {
    pub fn new(kind: RefKind, id: i64) -> Ref {
        Ref { kind, id }
    }

    /// Parse `O-1042`, `o1042`, `О-1042` (Cyrillic letter) or a bare `1042` for the given kind.
    pub fn parse(kind: RefKind, text: &str) -> Option<i64> {
        let t = text.trim();
        let digits = t.trim_start_matches(|c: char| {
            let up = c.to_uppercase().next().unwrap_or(c);
            up == kind.prefix() || cyrillic_twin(up) == Some(kind.prefix()) || c == '-' || c == ' '
        });
        digits.parse::<i64>().ok().filter(|id| *id > 0)
    }
}

fn cyrillic_twin(c: char) -> Option<char> {
    match c {
        'О' => Some('O'),
        'М' => Some('M'),
        'Н' => Some('N'),
        _ => None,
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.prefix(), self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_round_trip_and_accept_spoken_forms() {
        assert_eq!(Ref::new(RefKind::Offer, 1042).to_string(), "O-1042");
        assert_eq!(Ref::parse(RefKind::Offer, "O-1042"), Some(1042));
        assert_eq!(Ref::parse(RefKind::Offer, "о-1042"), Some(1042));
        assert_eq!(Ref::parse(RefKind::Need, "n2031"), Some(2031));
        assert_eq!(Ref::parse(RefKind::Need, "2031"), Some(2031));
        assert_eq!(Ref::parse(RefKind::Need, "O-2031"), None);
        assert_eq!(Ref::parse(RefKind::Match, "M-0"), None);
    }
}
