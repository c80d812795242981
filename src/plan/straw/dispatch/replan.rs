//! The situation mid-shift, for re-planning when new fire points arrive: where each vehicle is
//! and the stop it is driving to (locked as its first stop in the new plan).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::model::LonLat;
use crate::plan::straw::dispatch::{DispatchPlan, TeamRoute};

/// Where a vehicle is when a plan is redone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehicleState {
    /// The route id of the earlier plan (`team#k`).
    pub route_id: String,
    /// Current position; the base when absent.
    #[serde(default)]
    pub position: Option<LonLat>,
    /// The incident it is driving to (locked as first stop).
    #[serde(default)]
    pub target: Option<String>,
    /// Where that incident is (used when its id no longer exists after re-clustering).
    #[serde(default)]
    pub target_location: Option<LonLat>,
}

/// The situation mid-shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplanState {
    /// Now, Beijing time.
    pub now: NaiveDateTime,
    /// Vehicles that reported; the others start from their base.
    #[serde(default)]
    pub vehicles: Vec<VehicleState>,
    /// Incidents already visited (left out of the new plan).
    #[serde(default)]
    pub done: Vec<String>,
}

impl ReplanState {
    /// The situation at `now` had every vehicle followed `plan`: stops it has left are done;
    /// the stop it is driving to (or working at) is its target; its position is interpolated
    /// along the straight line between stops (or on its way back to base).
    pub fn from_plan(plan: &DispatchPlan, now: NaiveDateTime) -> Self {
        Self::from_routes(&plan.routes, &plan.done, now)
    }

    /// [`Self::from_plan`] from a plan's routes and its `done` list (e.g. read back from the
    /// command line's JSON output).
    pub fn from_routes(routes: &[TeamRoute], done: &[String], now: NaiveDateTime) -> Self {
        let mut state = ReplanState {
            now,
            vehicles: Vec::new(),
            done: done.to_vec(),
        };
        let between = |a: LonLat, b: LonLat, t0: NaiveDateTime, t1: NaiveDateTime| {
            let span = (t1 - t0).num_seconds();
            if now <= t0 || span <= 0 {
                return a;
            }
            if now >= t1 {
                return b;
            }
            let f = (now - t0).num_seconds() as f64 / span as f64;
            LonLat::new(a.lon + f * (b.lon - a.lon), a.lat + f * (b.lat - a.lat))
        };
        for r in routes {
            let mut at = r.start_location;
            let mut left = r.start_time;
            let mut vs = VehicleState {
                route_id: r.route_id.clone(),
                position: None,
                target: None,
                target_location: None,
            };
            for stop in &r.stops {
                if stop.departure <= now {
                    state.done.push(stop.incident_id.clone());
                    at = stop.location;
                    left = stop.departure;
                    continue;
                }
                vs.position = Some(between(at, stop.location, left, stop.arrival));
                vs.target = Some(stop.incident_id.clone());
                vs.target_location = Some(stop.location);
                break;
            }
            if vs.target.is_none() {
                vs.position = Some(if r.stops.is_empty() {
                    r.start_location
                } else {
                    between(at, r.base, left, r.return_time)
                });
            }
            state.vehicles.push(vs);
        }
        state
    }
}
