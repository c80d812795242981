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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::straw::dispatch::RouteStop;
    use crate::plan::straw::PriorityLevel;

    fn t(h: u32, m: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2022, 5, 31)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn stop(id: &str, lon: f64, arrival: NaiveDateTime, departure: NaiveDateTime) -> RouteStop {
        RouteStop {
            incident_id: id.to_string(),
            location: LonLat::new(lon, 31.0),
            arrival,
            departure,
            score: 50.0,
            level: PriorityLevel::Medium,
            locked: false,
            hours_since_detection: 0.0,
        }
    }

    /// Base at 120.0; A at 120.1 (08:00 → 08:30, leave 08:50); B at 120.3 (09:50, leave
    /// 10:10); back at 11:10.
    fn route() -> TeamRoute {
        let base = LonLat::new(120.0, 31.0);
        TeamRoute {
            route_id: "T#1".to_string(),
            team: "T".to_string(),
            vehicle: 1,
            base,
            start_location: base,
            available_from: t(8, 0),
            start_time: t(8, 0),
            shift_end: t(18, 0),
            incident_ids: vec!["A".into(), "B".into()],
            stops: vec![
                stop("A", 120.1, t(8, 30), t(8, 50)),
                stop("B", 120.3, t(9, 50), t(10, 10)),
            ],
            return_time: t(11, 10),
            distance_m: 0.0,
            distance_km: 0.0,
            duration_s: 0.0,
            duration_min: 0.0,
        }
    }

    fn at(now: NaiveDateTime) -> (Option<String>, LonLat, Vec<String>) {
        let s = ReplanState::from_routes(&[route()], &["X".to_string()], now);
        let v = s.vehicles.into_iter().next().unwrap();
        (v.target, v.position.unwrap(), s.done)
    }

    #[test]
    fn where_each_vehicle_is() {
        // half way to A
        let (target, p, done) = at(t(8, 15));
        assert_eq!(target.as_deref(), Some("A"));
        assert!((p.lon - 120.05).abs() < 1e-9, "{p:?}");
        assert_eq!(done, vec!["X"]);
        // working at A: still its target, at A
        let (target, p, _) = at(t(8, 40));
        assert_eq!(target.as_deref(), Some("A"));
        assert!((p.lon - 120.1).abs() < 1e-9);
        // a quarter of the way from A to B; A is done
        let (target, p, done) = at(t(9, 5));
        assert_eq!(target.as_deref(), Some("B"));
        assert!((p.lon - 120.15).abs() < 1e-9, "{p:?}");
        assert_eq!(done, vec!["X", "A"]);
        // driving home: no target, half way back from B
        let (target, p, done) = at(t(10, 40));
        assert_eq!(target, None);
        assert!((p.lon - 120.15).abs() < 1e-9, "{p:?}");
        assert_eq!(done, vec!["X", "A", "B"]);
        // before the start: at the base
        let (target, p, _) = at(t(7, 0));
        assert_eq!(target.as_deref(), Some("A"));
        assert_eq!(p, LonLat::new(120.0, 31.0));
    }
}
