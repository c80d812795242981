//! Errors and validation issues.
//!
//! Two kinds of failure exist. A *fatal* error stops an operation (a file that is not CSV at all,
//! a graph file with a bad checksum); each layer has its own `thiserror` enum for those. An
//! [`Issue`] is a located problem in otherwise usable input (one bad row, one out-of-range field):
//! issues are collected, all of them are reported at once, and the good part of the input is
//! still used. Every issue carries a stable [`Issue::code`] (listed in the README), where it is
//! (file, row, field), what is wrong and what to do about it.

use serde::{Deserialize, Serialize};

/// How serious an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row or item was skipped.
    Error,
    /// The row or item was used, but something in it was corrected or ignored.
    Warning,
}

/// A located, actionable problem found in input.
///
/// `row` is the row number a spreadsheet shows for a CSV file (the header is row 1, the first
/// data row is row 2); for other inputs it is the 1-based position of the item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Stable machine-readable code, e.g. `E_COORD_RANGE` (see the README's table).
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// File name (as given by the user), when the input came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Row (CSV line as numbered by a spreadsheet) or 1-based item number.
    pub row: Option<u64>,
    /// Field (column header as written in the file) or property name.
    pub field: Option<String>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do about it, in Chinese.
    pub action: String,
}

impl Issue {
    /// An error issue with code, message and suggested action; locate it with the builder methods.
    pub fn error(code: &str, message: impl Into<String>, action: impl Into<String>) -> Self {
        Issue {
            code: code.to_string(),
            severity: Severity::Error,
            file: None,
            row: None,
            field: None,
            message: message.into(),
            action: action.into(),
        }
    }

    /// A warning issue (the item was still used).
    pub fn warning(code: &str, message: impl Into<String>, action: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(code, message, action)
        }
    }

    /// Sets the file name.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the row.
    pub fn at_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    /// Sets the field.
    pub fn at_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
        }
        if let Some(row) = self.row {
            write!(f, " 第{row}行")?;
        }
        if let Some(field) = &self.field {
            write!(f, " 字段「{field}」")?;
        }
        write!(f, " [{}] {}；{}", self.code, self.message, self.action)
    }
}
