//! Dispatch: teams visit incidents, highest priority first, within their shifts.
//!
//! Each vehicle of each team on the chosen shift is one route from the team's base back to it
//! (or, when re-planning, from where the vehicle is now). Each incident is an optional task
//! with its priority score as the prize, a verification time on site (default 20 minutes) and
//! a ready time (its first detection: nobody can be sent before a fire is seen). Travel is
//! estimated by [`StraightLine`] (great-circle distance × 1.3 at a patrol speed of 40 km/h by
//! default) until the road engine's travel costs are wired in ([`DispatchRun::with_cost`]).
//!
//! The routing problem itself ([`PcProblem`]) is solved by a [`PrizeCollectingSolver`]; the
//! one used now is the **interim** greedy of `greedy.rs` (priority-first cheapest insertion
//! with 2-opt), to be replaced by the route solver when it lands. Every incident left out gets
//! a reason ([`UnassignedReason`]) and a Chinese explanation.
//!
//! **Re-planning mid-shift** ([`ReplanState`]): at time `now`, each vehicle starts from its
//! reported position; the incident it is driving to is locked as its first stop and cannot be
//! taken away or given to another team; incidents already verified are left out.

mod greedy;
mod problem;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::geodesy::haversine_m;
use crate::model::{LonLat, StraightLine, TravelCost};
use crate::plan::straw::{PriorityLevel, ScoredIncident, StrawError, Team};

pub use greedy::{GreedySolver, GREEDY_SOLVER};
pub use problem::{
    check_solution, schedule, PcProblem, PcSolution, PcTask, PcVehicle, PrizeCollectingSolver,
    Schedule, UnassignedReason,
};

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
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            service_min: 20.0,
            speed_kmh: 40.0,
            detour_factor: crate::model::DEFAULT_DETOUR_FACTOR,
            urgency: 1.0,
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
    /// The solver used, e.g. `greedy-interim`.
    pub solver: String,
    /// True when the solver is the interim greedy.
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
    /// Interim solver.
    pub interim: bool,
    /// Vehicles and incidents in the problem.
    pub vehicles: usize,
    /// Incidents in the problem.
    pub incidents: usize,
}

/// What to dispatch.
pub struct DispatchInput<'a> {
    /// Incidents with priorities.
    pub incidents: &'a [ScoredIncident],
    /// All teams (those on `shift` are used).
    pub teams: &'a [Team],
    /// The shift date.
    pub date: NaiveDate,
    /// Which shift.
    pub shift: ShiftChoice,
    /// Parameters.
    pub settings: &'a DispatchSettings,
    /// The situation mid-shift, for a re-plan.
    pub replan: Option<&'a ReplanState>,
    /// Incident merge distance (to find a locked target whose id changed), metres.
    pub cluster_distance_m: f64,
}

#[derive(Debug, Clone)]
struct VehicleMeta {
    route_id: String,
    team: String,
    vehicle: u32,
    base: LonLat,
    start_location: LonLat,
    shift_end: NaiveDateTime,
}

#[derive(Debug, Clone)]
struct TaskMeta {
    id: String,
    location: LonLat,
    score: f64,
    level: PriorityLevel,
    first_seen: NaiveDateTime,
    locked: bool,
}

/// A dispatch in progress: build, step until done, read the plan.
pub struct DispatchRun {
    problem: PcProblem,
    cost: Box<dyn TravelCost>,
    along_roads: bool,
    solver: Box<dyn PrizeCollectingSolver>,
    reference: NaiveDateTime,
    vehicles: Vec<VehicleMeta>,
    tasks: Vec<TaskMeta>,
    date: NaiveDate,
    shift: ShiftChoice,
    settings: DispatchSettings,
    planned_at: Option<NaiveDateTime>,
    done_ids: Vec<String>,
    finished: bool,
}

impl std::fmt::Debug for DispatchRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DispatchRun")
            .field("vehicles", &self.vehicles.len())
            .field("tasks", &self.tasks.len())
            .field("finished", &self.finished)
            .finish()
    }
}

fn seconds(reference: NaiveDateTime, t: NaiveDateTime) -> f64 {
    (t - reference).num_seconds() as f64
}

fn at(reference: NaiveDateTime, s: f64) -> NaiveDateTime {
    if s.is_finite() && s.abs() < 1e10 {
        reference + Duration::seconds(s.round() as i64)
    } else {
        reference
    }
}

impl DispatchRun {
    /// A dispatch with straight-line travel estimates.
    pub fn new(input: &DispatchInput<'_>) -> Result<Self, StrawError> {
        let (speed, detour) = (input.settings.speed_kmh, input.settings.detour_factor);
        Self::with_cost(input, false, |points| {
            let mut c = StraightLine::new(points, speed);
            c.detour_factor = detour;
            Box::new(c)
        })
    }

    /// A dispatch with travel costs from `make_cost` over the problem's locations (vehicle
    /// starts, then vehicle ends, then incidents); `along_roads` says whether they follow roads.
    pub fn with_cost(
        input: &DispatchInput<'_>,
        along_roads: bool,
        make_cost: impl FnOnce(Vec<LonLat>) -> Box<dyn TravelCost>,
    ) -> Result<Self, StrawError> {
        let problems = input.settings.problems();
        if !problems.is_empty() {
            return Err(StrawError::Settings { problems });
        }
        let reference = input.date.and_hms_opt(0, 0, 0).unwrap_or_default();
        let replan = input.replan;
        let done_ids: Vec<String> = replan.map(|r| r.done.clone()).unwrap_or_default();

        // vehicles on shift
        let mut vehicles = Vec::new();
        let mut windows = Vec::new();
        for team in input.teams.iter().filter(|t| input.shift.includes(t)) {
            let (start, end) = team.shift_on(input.date);
            for k in 1..=team.vehicles.max(1) {
                let route_id = format!("{}#{k}", team.name);
                let state = replan.and_then(|r| r.vehicles.iter().find(|v| v.route_id == route_id));
                let position = state.and_then(|s| s.position).unwrap_or(team.base);
                let leave = match replan {
                    Some(r) if r.now > start => r.now,
                    _ => start,
                };
                vehicles.push(VehicleMeta {
                    route_id,
                    team: team.name.clone(),
                    vehicle: k,
                    base: team.base,
                    start_location: position,
                    shift_end: end,
                });
                windows.push((seconds(reference, leave), seconds(reference, end)));
            }
        }
        if let Some(r) = replan {
            for v in &r.vehicles {
                if !vehicles.iter().any(|m| m.route_id == v.route_id) {
                    return Err(StrawError::Replan {
                        detail: format!("没有路线「{}」（不在本班次的队伍中）", v.route_id),
                    });
                }
            }
        }

        // tasks: the incidents not yet visited
        let mut tasks: Vec<TaskMeta> = input
            .incidents
            .iter()
            .filter(|s| !done_ids.contains(&s.incident.id))
            .map(|s| TaskMeta {
                id: s.incident.id.clone(),
                location: s.incident.location,
                score: s.priority.score,
                level: s.priority.level,
                first_seen: s.incident.first_seen,
                locked: false,
            })
            .collect();
        let mut locks: Vec<Option<usize>> = vec![None; vehicles.len()];
        if let Some(r) = replan {
            for (vi, meta) in vehicles.iter().enumerate() {
                let Some(state) = r.vehicles.iter().find(|v| v.route_id == meta.route_id) else {
                    continue;
                };
                let Some(target) = &state.target else {
                    continue;
                };
                let by_id = tasks.iter().position(|t| &t.id == target);
                let by_place = || {
                    let p = state.target_location?;
                    input
                        .incidents
                        .iter()
                        .filter(|s| !done_ids.contains(&s.incident.id))
                        .find(|s| s.incident.near(p, input.cluster_distance_m))
                        .and_then(|s| tasks.iter().position(|t| t.id == s.incident.id))
                };
                let index = match by_id.or_else(by_place) {
                    Some(i) => i,
                    None => {
                        let location = state.target_location.ok_or_else(|| StrawError::Replan {
                            detail: format!(
                                "路线「{}」的目标「{target}」已不在事件中，且未给出其位置",
                                meta.route_id
                            ),
                        })?;
                        tasks.push(TaskMeta {
                            id: target.clone(),
                            location,
                            score: 0.0,
                            level: PriorityLevel::Low,
                            first_seen: r.now,
                            locked: false,
                        });
                        tasks.len() - 1
                    }
                };
                if locks.contains(&Some(index)) {
                    return Err(StrawError::Replan {
                        detail: format!(
                            "事件「{}」被两支队伍同时作为当前目标",
                            tasks.get(index).map(|t| t.id.as_str()).unwrap_or_default()
                        ),
                    });
                }
                if let Some(t) = tasks.get_mut(index) {
                    t.locked = true;
                }
                if let Some(l) = locks.get_mut(vi) {
                    *l = Some(index);
                }
            }
        }

        // locations: starts, ends, tasks
        let nv = vehicles.len();
        let mut points: Vec<LonLat> = vehicles.iter().map(|v| v.start_location).collect();
        points.extend(vehicles.iter().map(|v| v.base));
        points.extend(tasks.iter().map(|t| t.location));
        let service_s = input.settings.service_min * 60.0;
        let problem = PcProblem {
            vehicles: windows
                .iter()
                .enumerate()
                .map(|(i, &(earliest_s, latest_s))| PcVehicle {
                    start: i,
                    end: nv + i,
                    earliest_s,
                    latest_s,
                    locked_first: locks.get(i).copied().flatten(),
                })
                .collect(),
            tasks: tasks
                .iter()
                .enumerate()
                .map(|(i, t)| PcTask {
                    location: 2 * nv + i,
                    service_s,
                    ready_s: seconds(reference, t.first_seen),
                    prize: t.score,
                })
                .collect(),
            urgency: input.settings.urgency,
        };
        Ok(DispatchRun {
            problem,
            cost: make_cost(points),
            along_roads,
            solver: Box::new(GreedySolver::new()),
            reference,
            vehicles,
            tasks,
            date: input.date,
            shift: input.shift,
            settings: input.settings.clone(),
            planned_at: replan.map(|r| r.now),
            done_ids,
            finished: false,
        })
    }

    /// Replaces the solver (the interim greedy by default) before the first step: the plug for
    /// the route solver. Any [`PrizeCollectingSolver`] works; its solutions should pass
    /// [`check_solution`].
    pub fn with_solver(mut self, solver: Box<dyn PrizeCollectingSolver>) -> Self {
        self.solver = solver;
        self.finished = false;
        self
    }

    /// Works for about `budget` units (≈ task insertions); returns the progress.
    pub fn step(&mut self, budget: usize) -> DispatchProgress {
        if !self.finished {
            self.finished = self.solver.step(&self.problem, self.cost.as_ref(), budget);
        }
        self.progress()
    }

    /// Where the run is.
    pub fn progress(&self) -> DispatchProgress {
        DispatchProgress {
            done: self.finished,
            progress: if self.finished {
                1.0
            } else {
                self.solver.progress()
            },
            solver: self.solver.name().to_string(),
            interim: self.solver.interim(),
            vehicles: self.problem.vehicles.len(),
            incidents: self.problem.tasks.len(),
        }
    }

    /// Runs to the end.
    pub fn run_to_end(&mut self) {
        while !self.finished {
            self.step(1000);
        }
    }

    /// The routing problem and its travel costs (for checking a solution in tests).
    pub fn problem(&self) -> (&PcProblem, &dyn TravelCost) {
        (&self.problem, self.cost.as_ref())
    }

    /// The solver's current solution.
    pub fn solution(&self) -> PcSolution {
        self.solver.solution()
    }

    /// The plan from the current solution (complete once finished).
    pub fn plan(&self) -> DispatchPlan {
        let sol = self.solver.solution();
        let cost = self.cost.as_ref();
        let mut routes = Vec::new();
        for (vi, meta) in self.vehicles.iter().enumerate() {
            let route = sol.routes.get(vi).cloned().unwrap_or_default();
            let s = schedule(&self.problem, cost, vi, &route);
            let earliest = self
                .problem
                .vehicles
                .get(vi)
                .map(|v| v.earliest_s)
                .unwrap_or(0.0);
            let duration_s = if route.is_empty() {
                0.0
            } else {
                (s.end_s - s.start_s).round()
            };
            let stops: Vec<RouteStop> = route
                .iter()
                .enumerate()
                .filter_map(|(k, &ti)| {
                    let t = self.tasks.get(ti)?;
                    let arrival = at(self.reference, *s.arrival_s.get(k)?);
                    Some(RouteStop {
                        incident_id: t.id.clone(),
                        location: t.location,
                        arrival,
                        departure: at(self.reference, *s.departure_s.get(k)?),
                        score: t.score,
                        level: t.level,
                        locked: t.locked,
                        hours_since_detection: ((arrival - t.first_seen).num_minutes() as f64
                            / 60.0
                            * 10.0)
                            .round()
                            / 10.0,
                    })
                })
                .collect();
            routes.push(TeamRoute {
                route_id: meta.route_id.clone(),
                team: meta.team.clone(),
                vehicle: meta.vehicle,
                base: meta.base,
                start_location: meta.start_location,
                available_from: at(self.reference, earliest),
                start_time: at(self.reference, s.start_s),
                shift_end: meta.shift_end,
                incident_ids: stops.iter().map(|s| s.incident_id.clone()).collect(),
                stops,
                return_time: at(self.reference, s.end_s),
                distance_m: (s.distance_m * 10.0).round() / 10.0,
                distance_km: (s.distance_m / 100.0).round() / 10.0,
                duration_s,
                duration_min: (duration_s / 60.0).round(),
            });
        }
        let mut unassigned: Vec<UnassignedIncident> = sol
            .unassigned
            .iter()
            .filter_map(|&(ti, code)| {
                let t = self.tasks.get(ti)?;
                Some(UnassignedIncident {
                    incident_id: t.id.clone(),
                    score: t.score,
                    code,
                    reason: self.explain(ti, code),
                })
            })
            .collect();
        unassigned.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.incident_id.cmp(&b.incident_id))
        });
        DispatchPlan {
            solver: self.solver.name().to_string(),
            interim: self.solver.interim(),
            date: self.date,
            shift: self.shift,
            planned_at: self.planned_at,
            settings: self.settings.clone(),
            along_roads: self.along_roads,
            routes,
            unassigned,
            done: self.done_ids.clone(),
        }
    }

    fn explain(&self, ti: usize, code: UnassignedReason) -> String {
        let (Some(t), Some(task)) = (self.tasks.get(ti), self.problem.tasks.get(ti)) else {
            return String::new();
        };
        let hm = |s: f64| at(self.reference, s).format("%m-%d %H:%M").to_string();
        match code {
            UnassignedReason::NoVehicle => format!("{}没有可派的队伍", self.shift.label()),
            UnassignedReason::AfterShift => {
                let latest = self
                    .problem
                    .vehicles
                    .iter()
                    .map(|v| v.latest_s)
                    .fold(f64::NEG_INFINITY, f64::max);
                format!(
                    "发现于 {}，晚于所有{}结束（最晚 {}）",
                    hm(task.ready_s),
                    self.shift.label(),
                    hm(latest)
                )
            }
            UnassignedReason::OutOfReach => {
                let cost = self.cost.as_ref();
                let best = self
                    .problem
                    .vehicles
                    .iter()
                    .enumerate()
                    .map(|(vi, v)| {
                        let arrival = v.earliest_s.max(task.ready_s)
                            + cost.duration_s(v.start, task.location);
                        let end = arrival + task.service_s + cost.duration_s(task.location, v.end);
                        (end - v.latest_s, vi, end, v.latest_s)
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                match best.and_then(|(_, vi, end, latest)| Some((self.vehicles.get(vi)?, end, latest)))
                {
                    Some((m, end, latest)) if end.is_finite() => format!(
                        "班次内到不了：最合适的 {} 距此 {:.1} km（直线），往返并核查要到 {} 才能回到驻地，班次 {} 结束",
                        m.team,
                        haversine_m(m.start_location, t.location) / 1000.0,
                        hm(end),
                        hm(latest)
                    ),
                    _ => "班次内到不了：没有队伍能到达".to_string(),
                }
            }
            UnassignedReason::ShiftFull => {
                format!("各队班次已排满更高优先级的事件（本事件优先级 {}）", t.score)
            }
        }
    }
}

/// Dispatches in one go (see [`DispatchRun`] for stepping).
pub fn dispatch(input: &DispatchInput<'_>) -> Result<DispatchPlan, StrawError> {
    let mut run = DispatchRun::new(input)?;
    run.run_to_end();
    Ok(run.plan())
}
