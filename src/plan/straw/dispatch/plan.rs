//! What a dispatch returns: routes per team vehicle with their stops, the incidents left out
//! with reasons, and progress while it runs.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::model::LonLat;
use crate::plan::straw::dispatch::{DispatchSettings, ShiftChoice, UnassignedReason};
use crate::plan::straw::PriorityLevel;

/// One stop of a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteStop {
    /// Incident id.
    pub incident_id: String,
    /// Position.
    pub location: LonLat,
    /// Arrival (the verification starts on arrival), Beijing time.
    pub arrival: NaiveDateTime,
    /// Departure.
    pub departure: NaiveDateTime,
    /// Priority score.
    pub score: f64,
    /// Priority level.
    pub level: PriorityLevel,
    /// True for the stop the team was already driving to (kept by a re-plan).
    pub locked: bool,
    /// Hours from the first detection to the arrival.
    pub hours_since_detection: f64,
}

/// One vehicle's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamRoute {
    /// `team#k`.
    pub route_id: String,
    /// Team name.
    pub team: String,
    /// Vehicle number within the team, from 1.
    pub vehicle: u32,
    /// The team's base.
    pub base: LonLat,
    /// Where the route starts (the base, or the reported position when re-planning).
    pub start_location: LonLat,
    /// When the vehicle is available (shift start, or the re-plan time).
    pub available_from: NaiveDateTime,
    /// When it leaves (it waits at its start until the first incident is known).
    pub start_time: NaiveDateTime,
    /// End of the shift.
    pub shift_end: NaiveDateTime,
    /// Ordered incident ids.
    pub incident_ids: Vec<String>,
    /// Stops in order.
    pub stops: Vec<RouteStop>,
    /// Back at the base.
    pub return_time: NaiveDateTime,
    /// Estimated distance, metres.
    pub distance_m: f64,
    /// The same in km (0.1 km).
    pub distance_km: f64,
    /// From leaving to being back, seconds (0 for an empty route).
    pub duration_s: f64,
    /// The same in minutes.
    pub duration_min: f64,
}

/// An incident no team visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnassignedIncident {
    /// Incident id.
    pub incident_id: String,
    /// Priority score.
    pub score: f64,
    /// Why (stable code).
    pub code: UnassignedReason,
    /// Why, in Chinese, with figures.
    pub reason: String,
}

/// The result of a dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchPlan {
    /// The solver used: `route-solver` (default) or `greedy`.
    pub solver: String,
    /// True for a stop-gap solver (false for both shipped solvers; kept for compatibility).
    pub interim: bool,
    /// Shift date.
    pub date: NaiveDate,
    /// Shift.
    pub shift: ShiftChoice,
    /// The re-plan time, when this is a re-plan.
    pub planned_at: Option<NaiveDateTime>,
    /// Settings used.
    pub settings: DispatchSettings,
    /// True when travel follows roads; false for straight-line estimates.
    pub along_roads: bool,
    /// Routes, one per vehicle on shift (empty routes included).
    pub routes: Vec<TeamRoute>,
    /// Incidents no team visits, highest priority first.
    pub unassigned: Vec<UnassignedIncident>,
    /// Incidents left out because they were already visited.
    pub done: Vec<String>,
}

/// Progress of a running dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchProgress {
    /// True when finished.
    pub done: bool,
    /// Share done, 0–1.
    pub progress: f64,
    /// Solver name.
    pub solver: String,
    /// Stop-gap solver (see [`DispatchPlan::interim`]).
    pub interim: bool,
    /// Vehicles and incidents in the problem.
    pub vehicles: usize,
    /// Incidents in the problem.
    pub incidents: usize,
}
