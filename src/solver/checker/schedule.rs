//! The checker's own schedule of one route, recomputed from the problem alone.
//!
//! Deliberately written differently from the search's evaluation (which uses cached forward and
//! backward passes): the earliest return is found by plain forward simulation, and the latest
//! departure that still returns then by bisection on the departure time, which works because
//! the return time never decreases when leaving later.

use crate::solver::model::{Problem, Vehicle};

/// One step as the checker understands it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Leg {
    /// Entry location of the task.
    pub entry: usize,
    /// Exit location.
    pub exit: usize,
    /// Service time including traversal (already divided by the speed factor for traversal).
    pub service_s: f64,
    /// Distance driven while serving.
    pub serve_m: f64,
    /// Task index.
    pub task: usize,
}

/// Result of driving a route from a given departure.
#[derive(Debug, Clone, Default)]
pub(super) struct Drive {
    pub arrival_s: Vec<f64>,
    pub start_s: Vec<f64>,
    pub departure_s: Vec<f64>,
    pub end_s: f64,
    /// First step whose windows could not be met (index into the legs).
    pub missed: Option<usize>,
}

fn travel_s(p: &Problem, v: &Vehicle, a: Option<usize>, b: Option<usize>) -> f64 {
    match (a, b, p.profiles.get(v.profile)) {
        (Some(a), Some(b), Some(cost)) => cost.duration_s(a, b) / v.speed_factor,
        (Some(_), Some(_), None) => f64::INFINITY,
        _ => 0.0,
    }
}

/// Distance from `a` to `b` on the vehicle's profile (0 to or from an open end).
pub(super) fn travel_m(p: &Problem, v: &Vehicle, a: Option<usize>, b: Option<usize>) -> f64 {
    match (a, b, p.profiles.get(v.profile)) {
        (Some(a), Some(b), Some(cost)) => cost.distance_m(a, b),
        (Some(_), Some(_), None) => f64::INFINITY,
        _ => 0.0,
    }
}

/// Drives the legs leaving the start at `depart_s`, serving each task at the earliest moment
/// inside one of its windows.
pub(super) fn drive(p: &Problem, v: &Vehicle, legs: &[Leg], depart_s: f64) -> Drive {
    let mut d = Drive::default();
    let mut t = depart_s;
    let mut at = v.start;
    for (k, leg) in legs.iter().enumerate() {
        let arrival = t + travel_s(p, v, at, Some(leg.entry));
        let windows = p
            .tasks
            .get(leg.task)
            .map(|x| x.windows.as_slice())
            .unwrap_or(&[]);
        let start = windows
            .iter()
            .find(|w| w.end_s + super::ABS_TOL >= arrival)
            .map(|w| arrival.max(w.start_s));
        let start = match start {
            Some(s) if arrival.is_finite() => s,
            _ => {
                d.missed.get_or_insert(k);
                arrival
            }
        };
        d.arrival_s.push(arrival);
        d.start_s.push(start);
        t = start + leg.service_s;
        d.departure_s.push(t);
        at = Some(leg.exit);
    }
    d.end_s = t + travel_s(p, v, at, v.end);
    d
}

/// The schedule of the convention: earliest return, then latest departure keeping it.
/// Returns the drive from that departure and the departure time.
pub(super) fn schedule(p: &Problem, v: &Vehicle, legs: &[Leg]) -> (Drive, f64) {
    let earliest = drive(p, v, legs, v.shift.start_s);
    let e = earliest.end_s;
    if earliest.missed.is_some() || !e.is_finite() {
        return (earliest, v.shift.start_s);
    }
    let ok = |dep: f64| {
        let d = drive(p, v, legs, dep);
        d.missed.is_none() && d.end_s <= e
    };
    let (mut lo, mut hi) = (v.shift.start_s, e);
    if ok(hi) {
        lo = hi;
    } else {
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            if ok(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }
    (drive(p, v, legs, lo), lo)
}
