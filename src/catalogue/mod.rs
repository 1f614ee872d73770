//! The multilingual item catalogue and the place gazetteer, loaded from `data/` (compiled into
//! the binary, parsed once on first use).

pub mod fold;
pub mod items;
pub mod places;

pub use items::{Catalogue, Category, Classification, Relation};
pub use places::{Gazetteer, Locality, Place, PlaceError, PlaceKind};
