//! The month plan's request, result and progress types (the JSON contract of `plan month
//! --json` and of the page's month tab).

use serde::{Deserialize, Serialize};

use super::calendar::{DayRange, YearMonth};
use super::compliance::ComplianceRow;
use super::rules::{MonthRules, RunType};
use super::schedule::RunReason;
use super::targets::MonthTargets;
use crate::model::PlanDocument;

/// A month-plan request.
#[derive(Debug, Clone)]
pub struct MonthRequest {
    /// The month.
    pub month: YearMonth,
    /// Rule set.
    pub rules: MonthRules,
    /// Targets.
    pub targets: MonthTargets,
    /// Pollution episodes.
    pub episodes: Vec<DayRange>,
    /// Seed: another seed, another (comparably good) plan.
    pub seed: u64,
    /// Search iterations (the plan is reproducible when this limit binds).
    pub iterations: u64,
    /// Search time cap, milliseconds.
    pub time_limit_ms: u64,
}

impl MonthRequest {
    /// A request with default rules and search limits.
    pub fn new(month: YearMonth, targets: MonthTargets) -> Self {
        MonthRequest {
            month,
            rules: MonthRules::default(),
            targets,
            episodes: Vec::new(),
            seed: 1,
            iterations: 3000,
            time_limit_ms: 3000,
        }
    }
}

/// A stop of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStop {
    /// Target id, road id, or `depot`.
    pub id: String,
    /// Name.
    pub name: String,
    /// `depot`, `park`, `cluster`, `enterprise`, `station`, `grid`, `road`.
    pub kind: String,
    /// Longitude (WGS-84) where the stop starts.
    pub lon: f64,
    /// Latitude (WGS-84).
    pub lat: f64,
    /// Planned arrival, `HH:MM`.
    pub arrival: String,
    /// Kilometres measured at this stop (loop or road).
    pub measured_km: f64,
}

/// A planned run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedRun {
    /// Stable id within the plan.
    pub id: String,
    /// `vocs` or `road_dust`.
    #[serde(rename = "type")]
    pub run_type: RunType,
    /// Chinese label of the type.
    pub type_label: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 周一 … 周日.
    pub weekday: String,
    /// Vehicle id.
    pub vehicle: String,
    /// Vehicle name.
    pub vehicle_name: String,
    /// `regular` or `episode`.
    pub reason: RunReason,
    /// Stops in order, depot first and last.
    pub stops: Vec<RunStop>,
    /// Kilometres measured (loops, required roads).
    pub measured_km: f64,
    /// Kilometres in transit.
    pub transit_km: f64,
    /// Total kilometres.
    pub distance_km: f64,
    /// Duration from leaving to returning, seconds.
    pub duration_s: f64,
    /// Time measuring, seconds.
    pub measure_s: f64,
    /// Time in transit, seconds.
    pub transit_s: f64,
    /// Leaves, `HH:MM`.
    pub start: String,
    /// Returns, `HH:MM`.
    pub end: String,
    /// The driven path along roads, `[lon, lat]`.
    pub geometry: Vec<[f64; 2]>,
}

/// How much of the targets the month reaches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// VOCs targets visited at least once.
    pub vocs_visited: usize,
    /// VOCs targets in the set.
    pub vocs_total: usize,
    /// Targets not visited this month (id, name, reason).
    pub vocs_missed: Vec<[String; 3]>,
    /// Required road segments covered.
    pub roads_covered: usize,
    /// Required road segments selected.
    pub roads_total: usize,
    /// Required road length covered, km.
    pub roads_covered_km: f64,
    /// Required road length selected, km.
    pub roads_total_km: f64,
}

/// The month plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthPlan {
    /// `YYYY-MM`.
    pub month: String,
    /// Seed used.
    pub seed: u64,
    /// Runs in date order.
    pub runs: Vec<PlannedRun>,
    /// Rule-by-rule compliance.
    pub compliance: Vec<ComplianceRow>,
    /// What could not be met and why, and other remarks (Chinese).
    pub notes: Vec<String>,
    /// Target coverage.
    pub coverage: Coverage,
    /// Objective figures: served prize, total km (for comparing seeds).
    pub score: Score,
    /// The common route-sheet document for the exports.
    pub plan: PlanDocument,
}

/// Figures for comparing plans of different seeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Prize served (weighted targets and road km).
    pub served_prize: f64,
    /// Total driven km.
    pub total_km: f64,
    /// Measured km.
    pub measured_km: f64,
    /// Search iterations done.
    pub iterations: u64,
    /// The independent checker accepted the routes (shifts, windows, each task at most once).
    pub feasible: bool,
}

/// Why no plan could be made at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MonthError {
    /// The depot is not near a road of the network.
    #[error("出发地附近没有可用道路（{0}）：请在目标文件中把出发地移到路网范围内")]
    Depot(String),
    /// The solver refused the problem.
    #[error("求解器拒绝了问题：{0}")]
    Solver(String),
}

/// A stage of the work, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthProgress {
    /// `schedule`, `targets`, `matrix`, `solve`, `routes`.
    pub stage: &'static str,
    /// 0–1 overall.
    pub fraction: f64,
}
