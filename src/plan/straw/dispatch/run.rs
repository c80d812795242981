//! A dispatch run: teams and incidents become a [`PcProblem`], a [`PrizeCollectingSolver`]
//! solves it in steps, and the solution is read back as a [`DispatchPlan`].

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::geodesy::haversine_m;
use crate::model::{LonLat, StraightLine, TravelCost};
use crate::plan::straw::dispatch::{
    schedule, DispatchPlan, DispatchProgress, DispatchSettings, PcProblem, PcSolution, PcTask,
    PcVehicle, PrizeCollectingSolver, ReplanState, RouteStop, ShiftChoice, TeamRoute,
    UnassignedIncident, UnassignedReason,
};
use crate::plan::straw::{PriorityLevel, ScoredIncident, StrawError, Team};

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

    /// A dispatch with travel times and distances along the roads of `network` (fastest
    /// routes at the roads' class speeds); a location the network cannot reach (too far from
    /// its roads, or cut off) falls back to the straight-line estimate of the settings for its
    /// pairs.
    pub fn with_roads(
        input: &DispatchInput<'_>,
        network: &crate::roads::RoadNetwork,
    ) -> Result<Self, StrawError> {
        let (speed, detour) = (input.settings.speed_kmh, input.settings.detour_factor);
        Self::with_cost(input, true, |points| {
            let road = crate::roads::RoadCost::new(
                network,
                &points,
                &crate::roads::SnapOptions::default(),
            );
            let mut estimate = StraightLine::new(points, speed);
            estimate.detour_factor = detour;
            Box::new(road.or_estimate(&estimate).0)
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
            solver: input.settings.solver.solver(input.settings.iterations),
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

    /// Replaces the solver (by default the one `settings.solver` names: the
    /// [`RouteSolver`](super::RouteSolver) unless the greedy is asked for) before the first
    /// step. Any [`PrizeCollectingSolver`] works; its solutions should pass
    /// [`check_solution`](super::check_solution).
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
