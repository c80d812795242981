//! What every solver returns: `Solution { routes, unassigned (with reasons), summary }`.
//!
//! ## Schedule convention
//! A route's schedule is the one that comes back as early as possible and, among those, leaves as
//! late as possible: the vehicle could leave at its shift start and serve every task at the
//! earliest time inside one of its windows (waiting when early); that fixes the earliest return
//! `E`. It then leaves at the latest time that still returns at `E`, which removes needless
//! waiting. `duration_s` is `E` minus that departure. Travel times are the profile's divided by
//! the vehicle's speed factor; an arc's traversal time is service time.

use serde::Serialize;

/// One served task of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Task index.
    pub task: usize,
    /// For arcs: served `to → from`.
    pub reversed: bool,
    /// Arrival at the task's entry, seconds on the time axis.
    pub arrival_s: f64,
    /// Start of service (inside one of the task's windows).
    pub start_s: f64,
    /// End of service (departure from the exit).
    pub departure_s: f64,
    /// Distance driven from the route start to the arrival here, metres.
    pub distance_m: f64,
    /// Load on board after this task, per capacity dimension.
    pub load: Vec<i64>,
}

/// The route of one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Vehicle index.
    pub vehicle: usize,
    /// Served tasks in order.
    pub steps: Vec<Step>,
    /// Departure from the start, seconds.
    pub start_s: f64,
    /// Arrival at the end, seconds.
    pub end_s: f64,
    /// Distance, metres (travel and arc traversals).
    pub distance_m: f64,
    /// `end_s − start_s`, seconds.
    pub duration_s: f64,
    /// Total demand served, per dimension.
    pub load: Vec<i64>,
    /// Objective cost of the route (weighted distance and duration, fixed cost).
    pub cost: f64,
}

/// Why a task was not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnassignedReason {
    /// No vehicle has all the skills the task needs (or none is allowed to serve it).
    NoSkill,
    /// No capable vehicle can drive from its start to the task and on to its end.
    Unreachable,
    /// No capable vehicle can serve the task inside a window and be back within its shift.
    NoTime,
    /// The demand exceeds every capable vehicle's capacity.
    Capacity,
    /// Even alone, the route would exceed every capable vehicle's maximum distance.
    MaxDistance,
    /// Even alone, the route would exceed every capable vehicle's maximum duration.
    MaxDuration,
    /// The task could be served alone, but not together with the other (more valuable) tasks.
    NoRoom,
}

impl UnassignedReason {
    /// Stable code, e.g. `no_time`.
    pub fn code(self) -> &'static str {
        match self {
            UnassignedReason::NoSkill => "no_skill",
            UnassignedReason::Unreachable => "unreachable",
            UnassignedReason::NoTime => "no_time",
            UnassignedReason::Capacity => "capacity",
            UnassignedReason::MaxDistance => "max_distance",
            UnassignedReason::MaxDuration => "max_duration",
            UnassignedReason::NoRoom => "no_room",
        }
    }

    /// Explanation in Chinese.
    pub fn text(self) -> &'static str {
        match self {
            UnassignedReason::NoSkill => "没有具备所需技能（或被允许）的车辆",
            UnassignedReason::Unreachable => "路网不可达",
            UnassignedReason::NoTime => "时间窗与班次无法衔接，来不及服务",
            UnassignedReason::Capacity => "需求超过车辆容量",
            UnassignedReason::MaxDistance => "超过车辆最大里程",
            UnassignedReason::MaxDuration => "超过车辆最长工作时长",
            UnassignedReason::NoRoom => "车辆与时间已被更重要的任务占满",
        }
    }
}

/// A task that is not in any route.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Unassigned {
    /// Task index.
    pub task: usize,
    /// Why.
    pub reason: UnassignedReason,
}

/// Totals of a solution.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Objective cost of all routes.
    pub cost: f64,
    /// Total distance, metres.
    pub distance_m: f64,
    /// Total route duration, seconds.
    pub duration_s: f64,
    /// Vehicles used.
    pub vehicles: usize,
    /// Tasks served.
    pub served: usize,
    /// Tasks not served.
    pub unassigned: usize,
    /// Required tasks not served.
    pub unassigned_required: usize,
    /// Prize of the served optional tasks.
    pub served_prize: f64,
    /// Prize of the optional tasks not served.
    pub lost_prize: f64,
}

/// Routes, unassigned tasks with reasons, and totals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Solution {
    /// Routes of the vehicles that are used, in vehicle order.
    pub routes: Vec<Route>,
    /// Tasks not served, in task order.
    pub unassigned: Vec<Unassigned>,
    /// Totals.
    pub summary: Summary,
}
