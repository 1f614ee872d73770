//! STUB — to be replaced by the places work (owner: places helper).
//! The public API below is the contract the rest of the crate uses; keep these signatures.

use std::sync::OnceLock;

/// KATOTTG category of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// O: oblast or the Autonomous Republic of Crimea
    Oblast,
    /// K: city with special status (Kyiv, Sevastopol)
    SpecialCity,
    /// P: raion
    Raion,
    /// H: territorial community
    Hromada,
    /// M: city
    City,
    /// X: urban-type settlement
    Settlement,
    /// C: village
    Village,
    /// B: city district
    District,
}

/// One administrative unit with its place in the hierarchy (codes of the enclosing units; for a
/// unit that is itself a hromada, `hromada` is its own code, and so on up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    /// The settlement (city, settlement or village) this unit is or lies in; a district's city.
    pub settlement: Option<String>,
    pub hromada: Option<String>,
    pub raion: Option<String>,
    pub oblast: Option<String>,
}

/// How near two places are, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Locality {
    Settlement,
    Hromada,
    Raion,
    Oblast,
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("location: no place called '{0}'")]
    NotFound(String),
    /// The text names several places; the candidates are shown as `display()` strings.
    #[error("location: '{text}' is ambiguous: {}", candidates.join("; "))]
    Ambiguous {
        text: String,
        candidates: Vec<String>,
    },
}

#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
}

impl Gazetteer {
    /// The codifier compiled from `data/places/`.
    pub fn builtin() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(Gazetteer::default)
    }

    /// Every unit, in codifier order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn get(&self, code: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.code == code)
    }

    /// Resolve what someone typed (Ukrainian, Russian, Latin, former names, a KATOTTG code,
    /// optionally qualified: «Олександрівка, Кіровоградська»).
    pub fn resolve(&self, text: &str) -> Result<&Place, PlaceError> {
        Err(PlaceError::NotFound(text.to_string()))
    }

    /// Places for a prefix as the operator types, best first.
    pub fn suggest(&self, _text: &str, _limit: usize) -> Vec<&Place> {
        Vec::new()
    }

    /// «Харків, Харківська обл.»: name with enough context to tell it apart.
    pub fn display(&self, place: &Place) -> String {
        place.name.clone()
    }

    /// How near `a` is to `b`.
    pub fn locality(&self, a: &Place, b: &Place) -> Locality {
        if a.code == b.code {
            Locality::Settlement
        } else {
            Locality::Elsewhere
        }
    }
}
