//! The JSON request: stops, vehicles, options, initial routes with locks.

use serde::Deserialize;

/// A WGS-84 point in a request.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct PointIn {
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
}

/// A time: clock text `"HH:MM"` (repeated daily) or seconds on the time axis.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TimeIn {
    /// Seconds from 00:00 of the first day.
    Seconds(f64),
    /// Clock time, `"08:30"`.
    Clock(String),
}

fn yes() -> bool {
    true
}

/// A stop (a visit) or, with `to`, a road segment to drive along (an arc task).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StopIn {
    /// Unique id.
    pub id: String,
    /// Longitude of the stop (of the segment's start for an arc).
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Service (dwell) time, seconds.
    #[serde(default)]
    pub service_s: f64,
    /// Windows for the start of service, e.g. `[["08:00", "12:00"], ["20:00", "04:00"]]`;
    /// clock windows apply every day and may cross midnight. Empty: any time.
    #[serde(default)]
    pub windows: Vec<[TimeIn; 2]>,
    /// Must be served (default) or optional.
    #[serde(default = "yes")]
    pub required: bool,
    /// Value of an optional stop (default 1).
    #[serde(default)]
    pub prize: Option<f64>,
    /// Skills the team needs.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Demand per capacity dimension.
    #[serde(default)]
    pub demand: Vec<i64>,
    /// Vehicle ids allowed to serve it (default: any with the skills).
    #[serde(default)]
    pub vehicles: Option<Vec<String>>,
    /// For a road segment: its other end.
    #[serde(default)]
    pub to: Option<PointIn>,
    /// For a road segment: only from (`lon`, `lat`) to `to`.
    #[serde(default)]
    pub one_way: bool,
    /// For a road segment: its length in metres (default: the straight-line estimate).
    #[serde(default)]
    pub length_m: Option<f64>,
}

/// A vehicle or team.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VehicleIn {
    /// Unique id.
    pub id: String,
    /// Where it starts.
    pub start: PointIn,
    /// Where it ends (default: `start`).
    #[serde(default)]
    pub end: Option<PointIn>,
    /// Shift `[start, end]`, e.g. `["20:00", "04:00"]` for a night shift (default: any time).
    #[serde(default)]
    pub shift: Option<[TimeIn; 2]>,
    /// Longest route, seconds.
    #[serde(default)]
    pub max_duration_s: Option<f64>,
    /// Longest route, metres.
    #[serde(default)]
    pub max_distance_m: Option<f64>,
    /// Capacity per dimension.
    #[serde(default)]
    pub capacity: Vec<i64>,
    /// Skills.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Average driving speed, km/h (default 30, a 走航 measuring speed).
    #[serde(default)]
    pub speed_kmh: Option<f64>,
    /// Cost of using the vehicle at all, in objective units (to use fewer vehicles).
    #[serde(default)]
    pub fixed_cost: f64,
}

/// The objective.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(untagged)]
pub enum ObjectiveIn {
    /// `"distance"` (default) or `"duration"`.
    Named(String),
    /// A weighted mix.
    Weighted {
        /// Cost per metre.
        distance_weight: f64,
        /// Cost per second.
        duration_weight: f64,
    },
    /// Default: distance.
    #[default]
    #[serde(skip)]
    Default,
}

fn default_time_limit() -> u64 {
    2000
}

fn default_seed() -> u64 {
    1
}

/// Search options.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OptionsIn {
    /// Time limit, milliseconds (default 2000).
    #[serde(default = "default_time_limit")]
    pub time_limit_ms: u64,
    /// A fixed iteration count instead of the time limit (reproducible).
    #[serde(default)]
    pub iterations: Option<u64>,
    /// Random seed (default 1).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Objective (default `"distance"`).
    #[serde(default)]
    pub objective: ObjectiveIn,
    /// Road distance / straight-line distance when no road matrix is given (default 1.3).
    #[serde(default)]
    pub detour_factor: Option<f64>,
}

impl Default for OptionsIn {
    fn default() -> Self {
        OptionsIn {
            time_limit_ms: default_time_limit(),
            iterations: None,
            seed: default_seed(),
            objective: ObjectiveIn::Default,
            detour_factor: None,
        }
    }
}

/// How a stop of an initial route is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LockIn {
    /// Free: the search may move it anywhere.
    #[default]
    None,
    /// Stays on this vehicle, anywhere in its route.
    Route,
    /// Stays on this vehicle, in this order relative to the other position-locked stops.
    Position,
}

/// A stop of an initial route: its id, or `{id, lock, reversed}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum InitialStopIn {
    /// Just the stop id.
    Id(String),
    /// A stop with its lock.
    Detailed {
        /// Stop id.
        id: String,
        /// Lock.
        #[serde(default)]
        lock: LockIn,
        /// For road segments: driven `to → from`.
        #[serde(default)]
        reversed: bool,
    },
}

/// A route to start from (the current plan, after the user moved or locked stops).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InitialRouteIn {
    /// Vehicle id.
    pub vehicle: String,
    /// Stops in order.
    pub stops: Vec<InitialStopIn>,
}

/// Everything needed to plan routes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SolveRequest {
    /// Stops and road segments.
    pub stops: Vec<StopIn>,
    /// Vehicles or teams.
    pub vehicles: Vec<VehicleIn>,
    /// Options.
    #[serde(default)]
    pub options: OptionsIn,
    /// Routes to start from.
    #[serde(default)]
    pub initial_routes: Vec<InitialRouteIn>,
}
