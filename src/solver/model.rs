//! The routing problem: tasks, vehicles, time windows, the objective.
//!
//! A [`Problem`] is plain data. Locations are indices `0..len()` of the travel-cost profiles
//! ([`TravelCost`]); every vehicle names the profile it drives on. Time is one axis of seconds
//! from a day origin (00:00 of the plan's first day), so a night shift 20:00–04:00 is
//! `[72000, 100800]` (see [`crate::solver::clock_window`]). Several days are just larger numbers.
//!
//! A task is either a visit to a location ([`TaskKind::Visit`]) or the traversal of a road segment
//! ([`TaskKind::Arc`]), served in either direction unless it is one-way. Every task offers one or
//! two [`Orientation`]s (entry location, exit location, distance and time spent serving); the
//! search only ever sees orientations, so arc routing (choosing directions) needs no other model.

use std::fmt;
use std::sync::Arc;

use crate::model::TravelCost;

/// A shared travel-cost profile (e.g. road-network matrices, or a straight-line estimate).
pub type CostProfile = Arc<dyn TravelCost + Send + Sync>;

/// A closed interval `[start_s, end_s]` on the time axis, seconds from the day origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeWindow {
    /// Earliest time, seconds.
    pub start_s: f64,
    /// Latest time, seconds (`f64::INFINITY` for no limit).
    pub end_s: f64,
}

impl TimeWindow {
    /// A window from `start_s` to `end_s` seconds.
    pub const fn new(start_s: f64, end_s: f64) -> Self {
        TimeWindow { start_s, end_s }
    }

    /// The window that never binds: `[0, ∞)`.
    pub const ANY: TimeWindow = TimeWindow::new(0.0, f64::INFINITY);

    /// The same window `days` days later (negative: earlier).
    ///
    /// ```
    /// use zouhang::solver::TimeWindow;
    /// let w = TimeWindow::new(3600.0, 7200.0).shifted_days(1);
    /// assert_eq!(w, TimeWindow::new(90000.0, 93600.0));
    /// ```
    pub fn shifted_days(self, days: i32) -> Self {
        let d = f64::from(days) * 86_400.0;
        TimeWindow::new(self.start_s + d, self.end_s + d)
    }

    /// True when `t` lies inside the window (ends included).
    pub fn contains(self, t: f64) -> bool {
        self.start_s <= t && t <= self.end_s
    }

    /// Length in seconds.
    pub fn length_s(self) -> f64 {
        self.end_s - self.start_s
    }
}

/// What serving a task means.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskKind {
    /// A stop at one location.
    Visit {
        /// Location index.
        location: usize,
    },
    /// The traversal of a road segment from `from` to `to` (or back, unless `one_way`).
    Arc {
        /// Location index of one end.
        from: usize,
        /// Location index of the other end.
        to: usize,
        /// Length of the segment, metres; counted as distance while serving.
        length_m: f64,
        /// Time to traverse it at the profile's speed, seconds; divided by the vehicle's
        /// `speed_factor` and counted as service time.
        duration_s: f64,
        /// Only `from → to` is allowed.
        one_way: bool,
    },
}

/// One way of serving a task: where the vehicle enters and leaves, and what serving costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orientation {
    /// Location where service starts.
    pub entry: usize,
    /// Location where service ends.
    pub exit: usize,
    /// Distance driven while serving, metres (arc length; 0 for visits).
    pub serve_distance_m: f64,
    /// Traversal time while serving at the profile's speed, seconds (0 for visits); the task's
    /// `service_s` comes on top.
    pub serve_duration_s: f64,
    /// True for an arc served `to → from`.
    pub reversed: bool,
}

/// A task: a visit or an arc traversal, with its time windows, skills, demand and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Visit or arc.
    pub kind: TaskKind,
    /// Time spent at the task (on top of an arc's traversal), seconds.
    pub service_s: f64,
    /// Windows in which service may start, sorted and not overlapping; at least one.
    pub windows: Vec<TimeWindow>,
    /// Skills a vehicle must all have to serve the task.
    pub skills: Vec<u32>,
    /// Demand per capacity dimension (as many as the vehicles' capacities, or none).
    pub demand: Vec<i64>,
    /// A required task must be served; an optional one is served when the fleet can.
    pub required: bool,
    /// Value of serving an optional task; more prize is served before any cost is saved.
    pub prize: f64,
    /// Vehicles allowed to serve the task (`None`: any vehicle with the skills).
    pub vehicles: Option<Vec<usize>>,
}

impl Task {
    /// A required visit at `location`, no service time, any time, no demand.
    pub fn visit(location: usize) -> Self {
        Task {
            kind: TaskKind::Visit { location },
            service_s: 0.0,
            windows: vec![TimeWindow::ANY],
            skills: Vec::new(),
            demand: Vec::new(),
            required: true,
            prize: 0.0,
            vehicles: None,
        }
    }

    /// A required arc task from `from` to `to` of `length_m` metres taking `duration_s` seconds.
    pub fn arc(from: usize, to: usize, length_m: f64, duration_s: f64, one_way: bool) -> Self {
        Task {
            kind: TaskKind::Arc {
                from,
                to,
                length_m,
                duration_s,
                one_way,
            },
            ..Task::visit(from)
        }
    }

    /// The orientation in which the task is served (`reversed` only exists for two-way arcs).
    ///
    /// ```
    /// use zouhang::solver::Task;
    /// let a = Task::arc(3, 4, 120.0, 20.0, false);
    /// assert_eq!(a.orientation(true).map(|o| (o.entry, o.exit)), Some((4, 3)));
    /// assert!(Task::arc(3, 4, 120.0, 20.0, true).orientation(true).is_none());
    /// assert!(Task::visit(7).orientation(true).is_none());
    /// ```
    pub fn orientation(&self, reversed: bool) -> Option<Orientation> {
        match self.kind {
            TaskKind::Visit { location } => (!reversed).then_some(Orientation {
                entry: location,
                exit: location,
                serve_distance_m: 0.0,
                serve_duration_s: 0.0,
                reversed: false,
            }),
            TaskKind::Arc {
                from,
                to,
                length_m,
                duration_s,
                one_way,
            } => {
                if reversed && one_way {
                    return None;
                }
                let (entry, exit) = if reversed { (to, from) } else { (from, to) };
                Some(Orientation {
                    entry,
                    exit,
                    serve_distance_m: length_m,
                    serve_duration_s: duration_s,
                    reversed,
                })
            }
        }
    }

    /// All allowed orientations (one for visits and one-way arcs, two for two-way arcs).
    pub fn orientations(&self) -> impl Iterator<Item = Orientation> + '_ {
        [false, true]
            .into_iter()
            .filter_map(|r| self.orientation(r))
    }

    /// Builder: service time in seconds.
    pub fn with_service(mut self, service_s: f64) -> Self {
        self.service_s = service_s;
        self
    }

    /// Builder: time windows.
    pub fn with_windows(mut self, windows: Vec<TimeWindow>) -> Self {
        self.windows = windows;
        self
    }

    /// Builder: demand per capacity dimension.
    pub fn with_demand(mut self, demand: Vec<i64>) -> Self {
        self.demand = demand;
        self
    }

    /// Builder: required skills.
    pub fn with_skills(mut self, skills: Vec<u32>) -> Self {
        self.skills = skills;
        self
    }

    /// Builder: an optional task with a prize.
    pub fn optional(mut self, prize: f64) -> Self {
        self.required = false;
        self.prize = prize;
        self
    }
}

/// A vehicle, or a team with a vehicle.
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    /// Start location (`None`: the route starts at its first task).
    pub start: Option<usize>,
    /// End location (`None`: the route ends at its last task).
    pub end: Option<usize>,
    /// The vehicle leaves no earlier than `shift.start_s` and is back by `shift.end_s`.
    pub shift: TimeWindow,
    /// Longest route duration (back at the end minus leaving the start), seconds.
    pub max_duration_s: f64,
    /// Longest route distance, metres.
    pub max_distance_m: f64,
    /// Capacity per dimension (empty: no capacity constraint).
    pub capacity: Vec<i64>,
    /// Skills of the vehicle or team.
    pub skills: Vec<u32>,
    /// Index into [`Problem::profiles`].
    pub profile: usize,
    /// Travel times of the profile are divided by this (0.5: half as fast, e.g. 走航 at a
    /// measuring speed); distances are not.
    pub speed_factor: f64,
    /// Cost added when the vehicle is used at all (to use fewer vehicles).
    pub fixed_cost: f64,
}

impl Vehicle {
    /// A vehicle starting and ending at `depot`, any time, no limits, profile 0.
    pub fn new(depot: usize) -> Self {
        Vehicle {
            start: Some(depot),
            end: Some(depot),
            shift: TimeWindow::ANY,
            max_duration_s: f64::INFINITY,
            max_distance_m: f64::INFINITY,
            capacity: Vec::new(),
            skills: Vec::new(),
            profile: 0,
            speed_factor: 1.0,
            fixed_cost: 0.0,
        }
    }

    /// Builder: shift window.
    pub fn with_shift(mut self, shift: TimeWindow) -> Self {
        self.shift = shift;
        self
    }

    /// Builder: capacity per dimension.
    pub fn with_capacity(mut self, capacity: Vec<i64>) -> Self {
        self.capacity = capacity;
        self
    }
}

/// What the solver minimises once the served prize is as large as it can be.
///
/// Route cost = `distance_weight` × distance (m) + `duration_weight` × duration (s) +
/// the vehicle's `fixed_cost` when it is used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Objective {
    /// Cost per metre.
    pub distance_weight: f64,
    /// Cost per second of route duration (including waiting and service).
    pub duration_weight: f64,
}

impl Objective {
    /// Minimise distance.
    pub const DISTANCE: Objective = Objective {
        distance_weight: 1.0,
        duration_weight: 0.0,
    };
    /// Minimise duration.
    pub const DURATION: Objective = Objective {
        distance_weight: 0.0,
        duration_weight: 1.0,
    };
}

impl Default for Objective {
    fn default() -> Self {
        Objective::DISTANCE
    }
}

/// A task of an initial route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitialStep {
    /// Task index.
    pub task: usize,
    /// For two-way arcs: served `to → from`.
    pub reversed: bool,
    /// A pinned task stays on this route, and the pinned tasks of a route keep their order.
    pub pinned: bool,
}

/// A route to start from (e.g. the previous plan after the user moved or locked stops).
#[derive(Debug, Clone, PartialEq)]
pub struct InitialRoute {
    /// Vehicle index.
    pub vehicle: usize,
    /// Tasks in visit order.
    pub steps: Vec<InitialStep>,
}

/// A complete routing problem.
#[derive(Clone)]
pub struct Problem {
    /// Travel-cost profiles; a vehicle uses `profiles[vehicle.profile]`. All profiles cover the
    /// same locations.
    pub profiles: Vec<CostProfile>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Vehicles.
    pub vehicles: Vec<Vehicle>,
    /// The objective.
    pub objective: Objective,
    /// Routes to start from; pinned steps are kept (see [`InitialStep::pinned`]).
    pub initial: Vec<InitialRoute>,
}

impl Problem {
    /// A problem on one cost profile with the distance objective and no initial routes.
    pub fn new(profile: CostProfile, tasks: Vec<Task>, vehicles: Vec<Vehicle>) -> Self {
        Problem {
            profiles: vec![profile],
            tasks,
            vehicles,
            objective: Objective::DISTANCE,
            initial: Vec::new(),
        }
    }

    /// Number of locations (of the first profile; validation checks the others agree).
    pub fn locations(&self) -> usize {
        self.profiles.first().map_or(0, |p| p.len())
    }
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Problem")
            .field(
                "profiles",
                &self.profiles.iter().map(|p| p.len()).collect::<Vec<_>>(),
            )
            .field("tasks", &self.tasks)
            .field("vehicles", &self.vehicles)
            .field("objective", &self.objective)
            .field("initial", &self.initial)
            .finish()
    }
}
