//! aidline: a terminal console for humanitarian call centres.
//!
//! Layers, arrows one way: `domain` → `matching` → `store` → `cli`/`tui`; `catalogue` holds the
//! item catalogue and place gazetteer that `matching` and `store` read.

pub mod catalogue;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod logging;
pub mod matching;
pub mod paths;
pub mod store;
pub mod tui;
