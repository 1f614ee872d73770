//! STUB — to be replaced by the catalogue work (owner: catalogue helper).
//! The public API below is the contract the rest of the crate uses; keep these signatures.

use crate::domain::Unit;
use std::sync::OnceLock;

/// One category of the tree. `id` is a dotted path, e.g. `clothing.children.winter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub parent: Option<String>,
    pub name_uk: String,
    pub name_en: String,
    pub unit: Unit,
}

/// How free text was classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The category id.
    pub category: String,
    /// 0..1: how sure (1 = a whole synonym phrase matched exactly).
    pub score: f32,
    /// The catalogue term that matched, as written in the data.
    pub term: String,
}

/// How two categories stand to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    Same,
    /// The first is a sub-category of the second (a winter jacket offered to "children's clothing").
    Narrower,
    /// The first is broader than the second ("clothes" offered to "winter jackets").
    Broader,
    Unrelated,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {field}: {reason}")]
pub struct CatalogueError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Catalogue {
    categories: Vec<Category>,
}

impl Catalogue {
    /// The catalogue compiled from `data/catalogue/`.
    pub fn builtin() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(Catalogue::default)
    }

    /// The synonyms of a category as (lang, term), in data order.
    pub fn terms(&self, _id: &str) -> Vec<(&str, &str)> {
        Vec::new()
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Best category for free text in Ukrainian, Russian, English or Latin transliteration.
    pub fn classify(&self, _text: &str) -> Option<Classification> {
        None
    }

    /// Catalogue entries for a prefix as the operator types (for autocompletion), best first.
    pub fn suggest(&self, _text: &str, _limit: usize) -> Vec<Classification> {
        Vec::new()
    }

    /// How category `a` stands to category `b`.
    pub fn relation(&self, a: &str, b: &str) -> Relation {
        if a == b {
            Relation::Same
        } else {
            Relation::Unrelated
        }
    }

    /// The categories whose needs an item of category `id` may serve: itself, its ancestors and
    /// its descendants.
    pub fn family(&self, id: &str) -> Vec<String> {
        vec![id.to_string()]
    }
}
