//! The JSON response: routes with times and distances, unassigned stops with reasons, totals,
//! and the checker's verdict.

use serde::Serialize;

use crate::solver::{format_clock, CheckReport, HistoryPoint, Solution, Violation};

use super::convert::Converted;

/// A stop of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopOut {
    /// Stop id.
    pub id: String,
    /// Where service starts (a road segment's entry end).
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// For road segments: driven `to → from`.
    pub reversed: bool,
    /// Arrival, seconds on the time axis, and as `HH:MM` (`+1` on the next day).
    pub arrival_s: f64,
    /// Arrival as clock text.
    pub arrival: String,
    /// Start of service, seconds.
    pub start_s: f64,
    /// Departure, seconds.
    pub departure_s: f64,
    /// Departure as clock text.
    pub departure: String,
    /// Distance from the route start to the arrival here, metres.
    pub distance_m: f64,
    /// Load after this stop.
    pub load: Vec<i64>,
}

/// The route of one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteOut {
    /// Vehicle id.
    pub vehicle: String,
    /// Stops in order.
    pub stops: Vec<StopOut>,
    /// Departure, seconds, and as clock text.
    pub start_s: f64,
    /// Departure as clock text.
    pub start: String,
    /// Return, seconds.
    pub end_s: f64,
    /// Return as clock text.
    pub end: String,
    /// Distance, metres.
    pub distance_m: f64,
    /// Duration, seconds.
    pub duration_s: f64,
    /// Total load.
    pub load: Vec<i64>,
}

/// A stop that is not served.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnassignedOut {
    /// Stop id.
    pub id: String,
    /// Reason code: `no_skill`, `unreachable`, `no_time`, `capacity`, `max_distance`,
    /// `max_duration`, `no_room`.
    pub reason: &'static str,
    /// Reason in Chinese.
    pub reason_text: &'static str,
}

/// Totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryOut {
    /// Objective cost.
    pub cost: f64,
    /// Distance, metres.
    pub distance_m: f64,
    /// Duration, seconds.
    pub duration_s: f64,
    /// Vehicles used.
    pub vehicles: usize,
    /// Stops served.
    pub served: usize,
    /// Stops not served.
    pub unassigned: usize,
    /// Required stops not served.
    pub unassigned_required: usize,
    /// Prize of served optional stops.
    pub served_prize: f64,
}

/// The independent checker's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckOut {
    /// Every constraint holds and every required stop is served.
    pub feasible: bool,
    /// Every constraint holds (required stops may be unserved).
    pub routes_valid: bool,
    /// What is wrong, if anything.
    pub violations: Vec<Violation>,
}

/// The plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveResponse {
    /// Routes of the vehicles used.
    pub routes: Vec<RouteOut>,
    /// Stops not served, with reasons.
    pub unassigned: Vec<UnassignedOut>,
    /// Totals.
    pub summary: SummaryOut,
    /// The checker's verdict.
    pub check: CheckOut,
    /// Best cost over time.
    pub history: Vec<HistoryPoint>,
}

/// Builds the response of a solution.
pub(crate) fn response(
    c: &Converted,
    s: &Solution,
    report: &CheckReport,
    history: &[HistoryPoint],
) -> SolveResponse {
    let id = |t: usize| c.stop_ids.get(t).cloned().unwrap_or_default();
    let routes = s
        .routes
        .iter()
        .map(|r| RouteOut {
            vehicle: c.vehicle_ids.get(r.vehicle).cloned().unwrap_or_default(),
            stops: r
                .steps
                .iter()
                .map(|st| {
                    let entry = c
                        .problem
                        .tasks
                        .get(st.task)
                        .and_then(|t| t.orientation(st.reversed))
                        .and_then(|o| c.points.get(o.entry).copied())
                        .unwrap_or_default();
                    StopOut {
                        id: id(st.task),
                        lon: entry.lon,
                        lat: entry.lat,
                        reversed: st.reversed,
                        arrival_s: st.arrival_s,
                        arrival: format_clock(st.arrival_s),
                        start_s: st.start_s,
                        departure_s: st.departure_s,
                        departure: format_clock(st.departure_s),
                        distance_m: st.distance_m,
                        load: st.load.clone(),
                    }
                })
                .collect(),
            start_s: r.start_s,
            start: format_clock(r.start_s),
            end_s: r.end_s,
            end: format_clock(r.end_s),
            distance_m: r.distance_m,
            duration_s: r.duration_s,
            load: r.load.clone(),
        })
        .collect();
    let unassigned = s
        .unassigned
        .iter()
        .map(|u| UnassignedOut {
            id: id(u.task),
            reason: u.reason.code(),
            reason_text: u.reason.text(),
        })
        .collect();
    let sm = &s.summary;
    SolveResponse {
        routes,
        unassigned,
        summary: SummaryOut {
            cost: sm.cost,
            distance_m: sm.distance_m,
            duration_s: sm.duration_s,
            vehicles: sm.vehicles,
            served: sm.served,
            unassigned: sm.unassigned,
            unassigned_required: sm.unassigned_required,
            served_prize: sm.served_prize,
        },
        check: CheckOut {
            feasible: report.feasible,
            routes_valid: report.routes_valid,
            violations: report.violations.clone(),
        },
        history: history.to_vec(),
    }
}
