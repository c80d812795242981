//! The solver's error type.

use crate::error::Issue;

/// Why the solver could not start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolverError {
    /// The problem or the configuration failed validation; every issue found is listed.
    #[error("输入有 {} 处问题，第一处：{}", .issues.len(), .issues.first().map(|i| i.to_string()).unwrap_or_default())]
    Invalid {
        /// All issues, each with a stable code, location, message and action.
        issues: Vec<Issue>,
    },
    /// A clock time or clock window could not be read.
    #[error("无法识别的时间「{text}」：应为 HH:MM 或 HH:MM–HH:MM（如 20:00–04:00）")]
    Clock {
        /// The text as given.
        text: String,
    },
}
