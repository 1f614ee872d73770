//! How much text each console field takes, in characters: one table. The values are those of
//! the reliability work's `domain::limits` (phone 32, name 100, item and place 200, notes 2000);
//! when that module is merged this table should point at it. A paste longer than a field is cut
//! to the limit and the console says so.

/// A phone number as typed (`+38 (095) 123-45-67` is 19).
pub const PHONE: usize = 32;
/// A donor's name.
pub const NAME: usize = 100;
/// What is offered.
pub const ITEM: usize = 200;
/// A quantity (10⁹ has ten digits).
pub const QUANTITY: usize = 12;
/// A place as typed.
pub const LOCATION: usize = 200;
/// Notes on the offer or the call.
pub const NOTES: usize = 2000;
/// A list filter.
pub const FILTER: usize = 200;
/// A callback time (`14:30`, `+2h`).
pub const CALLBACK: usize = 16;
