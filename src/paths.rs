//! Where the data and the logs live.

use anyhow::{Context, Result};
use std::path::PathBuf;

/// `$AIDLINE_DATA_DIR`, else the platform data directory (e.g. ~/.local/share/aidline).
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("AIDLINE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "aidline")
        .map(|p| p.data_dir().to_path_buf())
        .context("cannot find a data directory: set AIDLINE_DATA_DIR or pass --db")
}
