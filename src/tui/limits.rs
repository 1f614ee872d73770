//! How much text each console field takes, in characters. The record fields take the store's
//! limits (`domain::limits`, the one table the CLI and every import use too); the console adds
//! only its own fields (quantity, filter, callback time). A paste longer than a field is cut to
//! the limit and the console says so.

use crate::domain::limits;

/// A phone number as typed (`+38 (095) 123-45-67` is 19).
pub const PHONE: usize = limits::PHONE.max_chars;
/// A donor's name.
pub const NAME: usize = limits::NAME.max_chars;
/// What is offered.
pub const ITEM: usize = limits::ITEM.max_chars;
/// A quantity (10⁹ has ten digits).
pub const QUANTITY: usize = 12;
/// A place as typed.
pub const LOCATION: usize = limits::LOCATION.max_chars;
/// Notes on the offer or the call.
pub const NOTES: usize = limits::NOTES.max_chars;
/// A list filter.
pub const FILTER: usize = 200;
/// A callback time (`14:30`, `+2h`).
pub const CALLBACK: usize = 16;
