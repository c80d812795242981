//! Import reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::crs::Crs;
use crate::error::{Issue, Severity};
use crate::io::ImportError;

/// What a file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    /// National control stations.
    Stations,
    /// Enterprises and other pollution sources (power plants included).
    Enterprises,
    /// Fire points (FIRMS, Himawari, manual).
    Fires,
    /// Inspector registers for random inspections (双随机).
    Inspectors,
}

impl std::str::FromStr for ImportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "stations" | "station" | "站点" => Ok(ImportKind::Stations),
            "enterprises" | "enterprise" | "sources" | "企业" | "污染源" => {
                Ok(ImportKind::Enterprises)
            }
            "fires" | "fire" | "火点" => Ok(ImportKind::Fires),
            "inspectors" | "inspector" | "执法人员" => Ok(ImportKind::Inspectors),
            other => Err(format!(
                "未知导入类型「{other}」：可用 stations、enterprises、fires"
            )),
        }
    }
}

/// What happened when a file was read: counts, column mapping, every problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// File name as given.
    pub file: String,
    /// What the file was read as.
    pub kind: ImportKind,
    /// Detected format, e.g. `CSV`, `GeoJSON`, `FIRMS MODIS`, `FIRMS VIIRS`, `Himawari`.
    pub format: String,
    /// Detected text encoding.
    pub encoding: String,
    /// Coordinate system the file was declared to be in (converted to WGS-84).
    pub crs: Crs,
    /// Data rows (or features) seen.
    pub rows: usize,
    /// Items loaded.
    pub loaded: usize,
    /// Field key → the file's header that was used for it.
    pub columns: BTreeMap<String, String>,
    /// Headers (or properties) that were not used.
    pub unused_columns: Vec<String>,
    /// Rows that were skipped, and file-level errors.
    pub errors: Vec<Issue>,
    /// Rows that were loaded with a correction.
    pub warnings: Vec<Issue>,
    /// Points the layer already held (same id, or same name within 100 m), found when the file
    /// was added to a layer ([`crate::duplicates::merge_import`]); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<crate::duplicates::Duplicate>,
    /// Whether those duplicates were left out (`skip`) or loaded (`keep`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_policy: Option<crate::duplicates::DuplicatePolicy>,
}

impl ImportReport {
    /// An empty report for a file.
    pub fn new(file: &str, kind: ImportKind, crs: Crs) -> Self {
        ImportReport {
            file: file.to_string(),
            kind,
            format: String::new(),
            encoding: String::new(),
            crs,
            rows: 0,
            loaded: 0,
            columns: BTreeMap::new(),
            unused_columns: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            duplicates: Vec::new(),
            duplicate_policy: None,
        }
    }

    /// Records an issue in `errors` or `warnings` by its severity.
    pub fn push(&mut self, issue: Issue) {
        match issue.severity {
            Severity::Error => self.errors.push(issue),
            Severity::Warning => self.warnings.push(issue),
        }
    }

    /// Records a fatal error as a file-level issue.
    pub fn fail(&mut self, e: &ImportError) {
        self.errors.push(e.to_issue());
    }
}

/// Items read from a file, with the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported<T> {
    /// The good items, in file order.
    pub items: Vec<T>,
    /// Counts, mapping and problems.
    pub report: ImportReport,
}
