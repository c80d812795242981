//! Why a draw cannot be made. Every reason is an [`Issue`] with a stable code (`E_DRAW_*`, listed
//! in the README), a Chinese message and what to change; all reasons found are reported at once.

use crate::error::Issue;

/// A draw that cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrawError {
    /// The seed, rules or registers are not usable, or the rules cannot be met with these
    /// registers (found before anything is drawn, so it does not depend on the seed).
    #[error("无法抽取：{}", messages(problems))]
    Invalid {
        /// Every problem found.
        problems: Vec<Issue>,
    },
    /// The drawn enterprises cannot all be staffed without a recusal conflict (depends on which
    /// enterprises this seed drew).
    #[error("无法组成检查组：{}", messages(problems))]
    Recusal {
        /// One issue per group that cannot be staffed.
        problems: Vec<Issue>,
    },
}

impl DrawError {
    /// `invalid` or `recusal`, for machine-readable output.
    pub fn kind(&self) -> &'static str {
        match self {
            DrawError::Invalid { .. } => "invalid",
            DrawError::Recusal { .. } => "recusal",
        }
    }

    /// The problems, each with code, message and action.
    pub fn problems(&self) -> &[Issue] {
        match self {
            DrawError::Invalid { problems } | DrawError::Recusal { problems } => problems,
        }
    }
}

fn messages(problems: &[Issue]) -> String {
    problems
        .iter()
        .map(|p| format!("[{}] {}（{}）", p.code, p.message, p.action))
        .collect::<Vec<_>>()
        .join("；")
}
