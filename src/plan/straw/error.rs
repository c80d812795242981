//! Errors of the straw-burning workflow that stop an operation. Problems in single rows or
//! features are [`crate::Issue`]s instead, collected and reported together.

/// A problem that stops a straw-burning operation; each variant has a stable code
/// ([`StrawError::code`], listed in the README).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrawError {
    /// A GeoJSON file (jurisdiction or corridor layer) could not be used at all.
    #[error("{file}：{reason}")]
    GeoJson {
        /// File name.
        file: String,
        /// What is wrong, in Chinese.
        reason: String,
    },
    /// A GeoJSON file has no usable feature of the kind needed.
    #[error("{file}：没有可用的{what}")]
    NoFeatures {
        /// File name.
        file: String,
        /// What was looked for (面要素, 线/点要素).
        what: &'static str,
    },
    /// Settings are out of range; every problem is listed.
    #[error("设置无效：{}", .problems.join("；"))]
    Settings {
        /// One line per problem, naming the setting, its value and the valid range.
        problems: Vec<String>,
    },
    /// A date or time given as text could not be read.
    #[error("无法识别的{what}「{value}」：{expected}")]
    BadTime {
        /// Which value (日期, 时间).
        what: &'static str,
        /// The text given.
        value: String,
        /// The expected form.
        expected: &'static str,
    },
    /// The teams file gave no usable team.
    #[error("没有可用的巡查队伍（{file}）：{detail}")]
    NoTeams {
        /// File name.
        file: String,
        /// Why, in Chinese.
        detail: String,
    },
    /// A verification record refers to an incident that is not known.
    #[error("找不到事件「{id}」")]
    UnknownIncident {
        /// The id given.
        id: String,
    },
    /// A verification record is not valid; every problem is listed.
    #[error("核查记录无效：{}", .problems.join("；"))]
    Verification {
        /// One line per problem.
        problems: Vec<String>,
    },
    /// A re-plan asked for something impossible (an unknown route, a team twice).
    #[error("重新派单的输入无效：{detail}")]
    Replan {
        /// What is wrong.
        detail: String,
    },
    /// There is no dispatch to step or to read.
    #[error("尚未开始派单：先生成事件并派单")]
    NoDispatch,
    /// A saved session (browser storage or a workspace file) cannot be restored; every
    /// problem is listed.
    #[error("保存的秸秆禁烧会话无法恢复：{}", .problems.join("；"))]
    Snapshot {
        /// One line per problem, naming the item.
        problems: Vec<String>,
    },
}

impl StrawError {
    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            StrawError::GeoJson { .. } => "E_STRAW_GEOJSON",
            StrawError::NoFeatures { .. } => "E_STRAW_NO_FEATURES",
            StrawError::Settings { .. } => "E_STRAW_SETTINGS",
            StrawError::BadTime { .. } => "E_STRAW_TIME",
            StrawError::NoTeams { .. } => "E_STRAW_NO_TEAMS",
            StrawError::UnknownIncident { .. } => "E_STRAW_UNKNOWN_INCIDENT",
            StrawError::Verification { .. } => "E_STRAW_VERIFICATION",
            StrawError::Replan { .. } => "E_STRAW_REPLAN",
            StrawError::NoDispatch => "E_STRAW_NO_DISPATCH",
            StrawError::Snapshot { .. } => "E_STRAW_SNAPSHOT",
        }
    }
}
