//! The prize-collecting multi-depot routing problem with time windows that straw dispatch
//! solves, independent of fires and teams: vehicles with a start, an end and a time window;
//! optional tasks with a location, a service time, a ready time and a prize. A solver
//! ([`PrizeCollectingSolver`]) sees only this and a [`TravelCost`]; [`check_solution`] is the
//! independent checker run on every solution in the tests.
//!
//! Times are seconds from a reference instant (the dispatch date's 00:00, Beijing time).
//! A route `r = [t1, …, tk]` of vehicle `v` starts at `v.start` no earlier than `v.earliest_s`.
//! A vehicle cannot set off towards a task before the task's `ready_s` (nobody drives to a fire
//! before it is seen): it waits where it is, then drives, and serves on arrival. After the last
//! task it drives to `v.end` and must be there by `v.latest_s`. A vehicle's `locked_first` task (the stop a team
//! is already driving to when a plan is redone) must be the route's first stop; a route made
//! of that stop alone is accepted even when it runs late (the team is already on its way).

use serde::{Deserialize, Serialize};

use crate::model::TravelCost;

/// A vehicle: one route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PcVehicle {
    /// Location index where the route starts.
    pub start: usize,
    /// Location index where it must end.
    pub end: usize,
    /// When it may leave `start`, seconds.
    pub earliest_s: f64,
    /// When it must be back at `end`, seconds.
    pub latest_s: f64,
    /// Task that must be the first stop.
    pub locked_first: Option<usize>,
}

/// An optional task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PcTask {
    /// Location index.
    pub location: usize,
    /// Time on site, seconds.
    pub service_s: f64,
    /// The vehicle may not set off towards the task before this, seconds (the fire's first
    /// detection).
    pub ready_s: f64,
    /// Prize for serving it (the priority score).
    pub prize: f64,
}

/// Vehicles and tasks.
///
/// Objective, in this order: serve the tasks with the highest prizes; then minimise, per
/// route, driving time + `urgency` × Σ (prize / 100) × (arrival − ready), all in seconds: with
/// urgency 1, making a task of prize 100 wait one more minute costs as much as one more minute
/// of driving, so urgent incidents are visited early in a route and a team's second vehicle is
/// used when that gets them seen sooner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PcProblem {
    /// The vehicles.
    pub vehicles: Vec<PcVehicle>,
    /// The tasks.
    pub tasks: Vec<PcTask>,
    /// Weight of prize-weighted waiting against driving time (see above).
    #[serde(default)]
    pub urgency: f64,
}

/// Why a task is not in any route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnassignedReason {
    /// `U_NO_TEAM`: there is no vehicle on this shift.
    #[serde(rename = "U_NO_TEAM")]
    NoVehicle,
    /// `U_AFTER_SHIFT`: the task is ready only after every shift has ended.
    #[serde(rename = "U_AFTER_SHIFT")]
    AfterShift,
    /// `U_OUT_OF_REACH`: no vehicle can reach it, serve it and return within its shift, even
    /// with nothing else to do.
    #[serde(rename = "U_OUT_OF_REACH")]
    OutOfReach,
    /// `U_SHIFT_FULL`: reachable, but the shifts are filled with higher-priority tasks.
    #[serde(rename = "U_SHIFT_FULL")]
    ShiftFull,
}

impl UnassignedReason {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            UnassignedReason::NoVehicle => "U_NO_TEAM",
            UnassignedReason::AfterShift => "U_AFTER_SHIFT",
            UnassignedReason::OutOfReach => "U_OUT_OF_REACH",
            UnassignedReason::ShiftFull => "U_SHIFT_FULL",
        }
    }
}

/// Routes (one per vehicle, in vehicle order) and the tasks left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PcSolution {
    /// Task indexes in visit order, per vehicle.
    pub routes: Vec<Vec<usize>>,
    /// Tasks in no route, with the reason.
    pub unassigned: Vec<(usize, UnassignedReason)>,
}

/// A solver of [`PcProblem`]s that works in steps, so that the browser can show progress and
/// cancel between steps.
pub trait PrizeCollectingSolver {
    /// Name for reports, e.g. `route-solver`.
    fn name(&self) -> &'static str;
    /// True for a stop-gap algorithm (shown as such in the app and the report).
    fn interim(&self) -> bool;
    /// Does at most about `budget` units of work (one unit ≈ one task insertion); returns true
    /// when finished.
    fn step(&mut self, problem: &PcProblem, cost: &dyn TravelCost, budget: usize) -> bool;
    /// Share of the work done, 0–1.
    fn progress(&self) -> f64;
    /// The best solution so far (complete once [`Self::step`] returned true).
    fn solution(&self) -> PcSolution;
}

/// Times along one route.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// When the vehicle leaves its start.
    pub start_s: f64,
    /// Arrival at each stop (service begins on arrival), seconds.
    pub arrival_s: Vec<f64>,
    /// Departure from each stop.
    pub departure_s: Vec<f64>,
    /// Arrival back at the end location.
    pub end_s: f64,
    /// Driven distance, metres.
    pub distance_m: f64,
    /// Driving time only, seconds.
    pub driving_s: f64,
    /// Σ (prize / 100) × (arrival − ready) over the stops, seconds.
    pub weighted_wait_s: f64,
    /// True when the route meets the vehicle's window (see the module documentation).
    pub feasible: bool,
}

/// The schedule of `route` for vehicle `v` (task indexes out of range make it infeasible).
pub fn schedule(problem: &PcProblem, cost: &dyn TravelCost, v: usize, route: &[usize]) -> Schedule {
    let mut s = Schedule::default();
    let Some(veh) = problem.vehicles.get(v) else {
        return s;
    };
    let mut t = veh.earliest_s;
    let mut at = veh.start;
    let mut ok = true;
    for (k, &ti) in route.iter().enumerate() {
        let Some(task) = problem.tasks.get(ti) else {
            return s;
        };
        let drive = cost.duration_s(at, task.location);
        s.distance_m += cost.distance_m(at, task.location);
        s.driving_s += drive;
        let leave = t.max(task.ready_s);
        if k == 0 {
            s.start_s = leave;
        }
        let arrival = leave + drive;
        s.weighted_wait_s += task.prize.max(0.0) / 100.0 * (arrival - task.ready_s).max(0.0);
        t = arrival + task.service_s;
        s.arrival_s.push(arrival);
        s.departure_s.push(t);
        at = task.location;
        ok &= drive.is_finite();
    }
    if route.is_empty() {
        s.start_s = veh.earliest_s;
    }
    let back = cost.duration_s(at, veh.end);
    s.driving_s += back;
    s.distance_m += cost.distance_m(at, veh.end);
    s.end_s = t + back;
    let locked_alone = route.len() == 1 && veh.locked_first == route.first().copied();
    s.feasible = ok && s.end_s.is_finite() && (s.end_s <= veh.latest_s + 1e-6 || locked_alone);
    s
}

impl Schedule {
    /// The route's objective value (see [`PcProblem`]).
    pub fn objective(&self, urgency: f64) -> f64 {
        self.driving_s + urgency * self.weighted_wait_s
    }
}

/// True when vehicle `v`, with nothing else to do (and ignoring its locked stop), can drive to
/// `task`, serve it and be back at its end location within its window.
pub fn reachable_alone(problem: &PcProblem, cost: &dyn TravelCost, v: usize, task: usize) -> bool {
    let (Some(veh), Some(t)) = (problem.vehicles.get(v), problem.tasks.get(task)) else {
        return false;
    };
    let arrival = veh.earliest_s.max(t.ready_s) + cost.duration_s(veh.start, t.location);
    let end = arrival + t.service_s + cost.duration_s(t.location, veh.end);
    end.is_finite() && end <= veh.latest_s + 1e-6
}

/// Checks a solution independently of any solver: every task is in exactly one route or
/// unassigned; each vehicle's locked task is its first stop; every route meets its window.
/// Returns every violation found.
pub fn check_solution(
    problem: &PcProblem,
    cost: &dyn TravelCost,
    sol: &PcSolution,
) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if sol.routes.len() != problem.vehicles.len() {
        errors.push(format!(
            "{} routes for {} vehicles",
            sol.routes.len(),
            problem.vehicles.len()
        ));
    }
    let mut seen = vec![0u32; problem.tasks.len()];
    for (v, route) in sol.routes.iter().enumerate() {
        for &t in route {
            match seen.get_mut(t) {
                Some(n) => *n += 1,
                None => errors.push(format!("vehicle {v}: unknown task {t}")),
            }
        }
        if let Some(veh) = problem.vehicles.get(v) {
            if let Some(l) = veh.locked_first {
                if route.first() != Some(&l) {
                    errors.push(format!(
                        "vehicle {v}: locked task {l} is not the first stop"
                    ));
                }
            }
        }
        let s = schedule(problem, cost, v, route);
        if !s.feasible {
            errors.push(format!(
                "vehicle {v}: route {route:?} ends at {:.0} s, after {:.0} s",
                s.end_s,
                problem
                    .vehicles
                    .get(v)
                    .map(|x| x.latest_s)
                    .unwrap_or(f64::NAN)
            ));
        }
    }
    for &(t, _) in &sol.unassigned {
        match seen.get_mut(t) {
            Some(n) => *n += 1,
            None => errors.push(format!("unknown unassigned task {t}")),
        }
    }
    for (t, n) in seen.iter().enumerate() {
        if *n != 1 {
            errors.push(format!("task {t} appears {n} times"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
