//! The Dashboard: the registry's counts, the operator's calls today and recent calls, read by
//! one effect when the tab is shown or the data changes; `view` draws them.

pub mod view;

use super::action::Dashboard;

#[derive(Debug, Clone, Default)]
pub struct DashboardState {
    /// The last figures read, if any yet.
    pub data: Option<Dashboard>,
}
