//! The records the monthly report counts.

use serde::{Deserialize, Serialize};

use crate::model::PlanDocument;

/// What a verified incident turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentType {
    /// Straw or other crop-residue burning (秸秆焚烧).
    Straw,
    /// Garbage burning (垃圾焚烧).
    Garbage,
    /// Another real fire or pollution (other burning, industrial, …).
    Other,
    /// Nothing found / not a fire (误报: woodland, factory heat, …).
    FalseAlarm,
}

impl IncidentType {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            IncidentType::Straw => "秸秆焚烧",
            IncidentType::Garbage => "垃圾焚烧",
            IncidentType::Other => "其他",
            IncidentType::FalseAlarm => "误报",
        }
    }
}

/// The on-site (or drone) verification of one incident, e.g. a satellite fire point: what the
/// straw-patrol workflow records when a team reports back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationRecord {
    /// Incident id (fire point id, camera alarm id, …).
    pub incident_id: String,
    /// When it was verified, Beijing time `YYYY-MM-DD HH:MM` (the month is taken from it).
    pub time: String,
    /// True when something was found at the place.
    pub found: bool,
    /// What it was.
    #[serde(rename = "type")]
    pub kind: IncidentType,
    /// Burned area, m², when measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burned_area_m2: Option<f64>,
    /// Team that verified it.
    #[serde(default)]
    pub team: String,
    /// Staff on site (人次 contributed).
    #[serde(default)]
    pub staff: u32,
    /// Town or district, for the key-case list.
    #[serde(default)]
    pub place: String,
    /// Free note.
    #[serde(default)]
    pub note: String,
}

/// The result of one enterprise inspection (a visit of a plan's stop, a random inspection).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionRecord {
    /// Enterprise id.
    pub enterprise_id: String,
    /// Enterprise name.
    #[serde(default)]
    pub name: String,
    /// Date `YYYY-MM-DD`.
    pub date: String,
    /// Inspectors on the visit (人次 contributed).
    #[serde(default)]
    pub inspectors: u32,
    /// A violation was found.
    #[serde(default)]
    pub violation: bool,
    /// A case was filed (立案).
    #[serde(default)]
    pub case_filed: bool,
    /// Fine, 万元.
    #[serde(default)]
    pub fine_wan: f64,
    /// An administrative decision was issued (行政处罚决定).
    #[serde(default)]
    pub decision: bool,
    /// A serious case (重大案件, e.g. transferred to the police).
    #[serde(default)]
    pub serious: bool,
    /// Free note.
    #[serde(default)]
    pub note: String,
}

/// Everything a month's report is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MonthlyInput {
    /// Month `YYYY-MM`.
    pub month: String,
    /// Unit name for the heading, e.g. `苏州市生态环境局`.
    pub unit: String,
    /// Plans; their routes dated in the month are the month's runs.
    pub plans: Vec<PlanDocument>,
    /// Staff per run when nothing else says (人次 per route); 2 if 0.
    pub staff_per_run: u32,
    /// Incident verifications.
    pub verifications: Vec<VerificationRecord>,
    /// Enterprise inspections.
    pub inspections: Vec<InspectionRecord>,
    /// Ids of the routes the field reported done (team mode's records, see
    /// `plan::field::route_progress`); counted against the month's dated routes.
    pub runs_done: Vec<String>,
}
