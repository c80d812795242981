//! Dispatch parameters and the choice of shift.

use serde::{Deserialize, Serialize};

use crate::plan::straw::Team;

/// Dispatch parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DispatchSettings {
    /// Time on site per incident, minutes (default 20: find the spot, photograph, record).
    pub service_min: f64,
    /// Average patrol driving speed, km/h (default 40: county and village roads, at night).
    pub speed_kmh: f64,
    /// Road distance / straight-line distance (default 1.3).
    pub detour_factor: f64,
    /// Weight of priority-weighted waiting against driving time (default 1: keeping an
    /// incident of priority 100 waiting one more minute costs as much as one more minute of
    /// driving); 0 minimises driving only.
    pub urgency: f64,
    /// Which solver routes the teams (default: the route solver).
    pub solver: SolverChoice,
    /// Search iterations of the route solver (default 1000; more: slower, sometimes better;
    /// at most 150 000 / incidents are used, so large problems stay quick).
    pub iterations: u64,
}

/// The dispatch solver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SolverChoice {
    /// The route solver ([`RouteSolver`](super::RouteSolver)), started from the greedy routes.
    #[default]
    Route,
    /// The greedy alone ([`GreedySolver`](super::GreedySolver)): quicker, may serve less.
    Greedy,
}

impl SolverChoice {
    /// A fresh solver of this kind.
    pub fn solver(self, iterations: u64) -> Box<dyn super::PrizeCollectingSolver> {
        match self {
            SolverChoice::Route => Box::new(super::RouteSolver::new(iterations, 1)),
            SolverChoice::Greedy => Box::new(super::GreedySolver::new()),
        }
    }
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            service_min: 20.0,
            speed_kmh: 40.0,
            detour_factor: crate::model::DEFAULT_DETOUR_FACTOR,
            urgency: 1.0,
            solver: SolverChoice::Route,
            iterations: super::route::DEFAULT_ITERATIONS,
        }
    }
}

impl DispatchSettings {
    /// Problems with the values, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if !(self.service_min.is_finite() && (0.0..=240.0).contains(&self.service_min)) {
            p.push(format!(
                "核查时间 {} 分钟无效，应在 0–240 之间",
                self.service_min
            ));
        }
        if !(self.speed_kmh.is_finite() && (5.0..=120.0).contains(&self.speed_kmh)) {
            p.push(format!(
                "车速 {} km/h 无效，应在 5–120 之间",
                self.speed_kmh
            ));
        }
        if !(self.urgency.is_finite() && (0.0..=100.0).contains(&self.urgency)) {
            p.push(format!("紧迫系数 {} 无效，应在 0–100 之间", self.urgency));
        }
        if !(self.detour_factor.is_finite() && (1.0..=3.0).contains(&self.detour_factor)) {
            p.push(format!(
                "绕行系数 {} 无效，应在 1–3 之间",
                self.detour_factor
            ));
        }
        if self.iterations > 1_000_000 {
            p.push(format!(
                "搜索迭代次数 {} 无效，应在 0–1000000 之间",
                self.iterations
            ));
        }
        p
    }
}

/// Which teams work: the day shift, the night shift or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShiftChoice {
    /// Teams whose shift is not a night shift ([`Team::is_night_shift`]).
    #[default]
    Day,
    /// Night-shift teams.
    Night,
    /// Every team.
    All,
}

impl ShiftChoice {
    /// 白班 / 夜班 / 全部班次.
    pub fn label(self) -> &'static str {
        match self {
            ShiftChoice::Day => "白班",
            ShiftChoice::Night => "夜班",
            ShiftChoice::All => "全部班次",
        }
    }

    /// True when `team` works on this shift.
    pub fn includes(self, team: &Team) -> bool {
        match self {
            ShiftChoice::Day => !team.is_night_shift(),
            ShiftChoice::Night => team.is_night_shift(),
            ShiftChoice::All => true,
        }
    }
}
