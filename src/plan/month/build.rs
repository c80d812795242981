//! The month plan end to end: schedule the runs, turn targets into solver tasks on the road
//! network, solve all runs of the month as one problem, and report runs and compliance.
//!
//! One [`Problem`] holds the whole month: every scheduled run is a vehicle whose shift sits on
//! its day of the month's time axis, with the skill of its run type. VOCs targets are optional
//! tasks with prizes (a park or cluster is a closed loop — perimeter waypoints plus a downwind
//! pass — served as an arc from its entry point back to it; a point target is a visit); a
//! target of a class with a weekly frequency gets one copy per 7-day part, each with that part
//! as its time window and a larger prize. Road-dust roads are optional arc tasks (served in
//! either direction unless one-way, prize by length). The solver assigns targets to runs
//! jointly and orders each run; what no shift can hold stays unserved and is reported.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::calendar::{parse_date, weekday_label, DayRange, YearMonth};
use super::compliance::{compliance, ComplianceRow};
use super::rules::{parse_hhmm, MonthRules, RunType};
use super::schedule::{schedule, weeks_of, Requirement, RunReason, ScheduledRun};
use super::targets::{MonthTargets, TargetKind};
use crate::geodesy::{bearing_deg, destination, haversine_m};
use crate::layers::Layers;
use crate::model::{CostMatrix, LonLat, PlanDocument, RouteSheet, SheetStop};
use crate::roads::{Metric, RoadNetwork, SnapOptions};
use crate::solver::{Budget, Problem, SolverConfig, Task, TimeWindow, Vehicle};

/// A month-plan request.
#[derive(Debug, Clone)]
pub struct MonthRequest {
    /// The month.
    pub month: YearMonth,
    /// Rule set.
    pub rules: MonthRules,
    /// Targets.
    pub targets: MonthTargets,
    /// Pollution episodes.
    pub episodes: Vec<DayRange>,
    /// Seed: another seed, another (comparably good) plan.
    pub seed: u64,
    /// Search iterations (the plan is reproducible when this limit binds).
    pub iterations: u64,
    /// Search time cap, milliseconds.
    pub time_limit_ms: u64,
}

impl MonthRequest {
    /// A request with default rules and search limits.
    pub fn new(month: YearMonth, targets: MonthTargets) -> Self {
        MonthRequest {
            month,
            rules: MonthRules::default(),
            targets,
            episodes: Vec::new(),
            seed: 1,
            iterations: 3000,
            time_limit_ms: 3000,
        }
    }
}

/// A stop of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStop {
    /// Target id, road id, or `depot`.
    pub id: String,
    /// Name.
    pub name: String,
    /// `depot`, `park`, `cluster`, `enterprise`, `station`, `grid`, `road`.
    pub kind: String,
    /// Longitude (WGS-84) where the stop starts.
    pub lon: f64,
    /// Latitude (WGS-84).
    pub lat: f64,
    /// Planned arrival, `HH:MM`.
    pub arrival: String,
    /// Kilometres measured at this stop (loop or road).
    pub measured_km: f64,
}

/// A planned run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedRun {
    /// Stable id within the plan.
    pub id: String,
    /// `vocs` or `road_dust`.
    #[serde(rename = "type")]
    pub run_type: RunType,
    /// Chinese label of the type.
    pub type_label: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 周一 … 周日.
    pub weekday: String,
    /// Vehicle id.
    pub vehicle: String,
    /// Vehicle name.
    pub vehicle_name: String,
    /// `regular` or `episode`.
    pub reason: RunReason,
    /// Stops in order, depot first and last.
    pub stops: Vec<RunStop>,
    /// Kilometres measured (loops, required roads).
    pub measured_km: f64,
    /// Kilometres in transit.
    pub transit_km: f64,
    /// Total kilometres.
    pub distance_km: f64,
    /// Duration from leaving to returning, seconds.
    pub duration_s: f64,
    /// Time measuring, seconds.
    pub measure_s: f64,
    /// Time in transit, seconds.
    pub transit_s: f64,
    /// Leaves, `HH:MM`.
    pub start: String,
    /// Returns, `HH:MM`.
    pub end: String,
    /// The driven path along roads, `[lon, lat]`.
    pub geometry: Vec<[f64; 2]>,
}

/// How much of the targets the month reaches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// VOCs targets visited at least once.
    pub vocs_visited: usize,
    /// VOCs targets in the set.
    pub vocs_total: usize,
    /// Targets not visited this month (id, name, reason).
    pub vocs_missed: Vec<[String; 3]>,
    /// Required road segments covered.
    pub roads_covered: usize,
    /// Required road segments selected.
    pub roads_total: usize,
    /// Required road length covered, km.
    pub roads_covered_km: f64,
    /// Required road length selected, km.
    pub roads_total_km: f64,
}

/// The month plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthPlan {
    /// `YYYY-MM`.
    pub month: String,
    /// Seed used.
    pub seed: u64,
    /// Runs in date order.
    pub runs: Vec<PlannedRun>,
    /// Rule-by-rule compliance.
    pub compliance: Vec<ComplianceRow>,
    /// What could not be met and why, and other remarks (Chinese).
    pub notes: Vec<String>,
    /// Target coverage.
    pub coverage: Coverage,
    /// Objective figures: served prize, total km (for comparing seeds).
    pub score: Score,
    /// The common route-sheet document for the exports.
    pub plan: PlanDocument,
}

/// Figures for comparing plans of different seeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Prize served (weighted targets and road km).
    pub served_prize: f64,
    /// Total driven km.
    pub total_km: f64,
    /// Measured km.
    pub measured_km: f64,
    /// Search iterations done.
    pub iterations: u64,
    /// The independent checker accepted the routes (shifts, windows, each task at most once).
    pub feasible: bool,
}

/// Why no plan could be made at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MonthError {
    /// The depot is not near a road of the network.
    #[error("出发地附近没有可用道路（{0}）：请在目标文件中把出发地移到路网范围内")]
    Depot(String),
    /// The solver refused the problem.
    #[error("求解器拒绝了问题：{0}")]
    Solver(String),
}

/// A stage of the work, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthProgress {
    /// `schedule`, `targets`, `matrix`, `solve`, `routes`.
    pub stage: &'static str,
    /// 0–1 overall.
    pub fraction: f64,
}

/// What the solver's tasks stand for.
#[derive(Debug, Clone)]
enum TaskRef {
    Target { target: usize },
    Road { road: usize },
}

struct Loop {
    entry: LonLat,
    length_m: f64,
    geometry: Vec<[f64; 2]>,
}

struct Road {
    edge: u32,
    name: String,
    from: LonLat,
    to: LonLat,
    length_m: f64,
    one_way: bool,
    geometry: Vec<[f64; 2]>,
}

const DAY_S: f64 = 86_400.0;
const VOCS_SKILL: u32 = 0;
const DUST_SKILL: u32 = 1;
/// Time taken to pass a point target without a dwell, seconds.
const PASS_S: f64 = 120.0;

/// Makes the month plan.
pub fn plan_month(
    network: &RoadNetwork,
    layers: &Layers,
    req: &MonthRequest,
    progress: &mut dyn FnMut(MonthProgress),
) -> Result<MonthPlan, MonthError> {
    let rules = &req.rules;
    let month = req.month;
    let mut notes: Vec<String> = Vec::new();
    progress(MonthProgress {
        stage: "schedule",
        fraction: 0.0,
    });

    // 1. Requirements and schedule.
    let weekly = weekly_classes(rules, &req.targets);
    let requirements: Vec<Requirement> = RunType::ALL
        .iter()
        .map(|&t| Requirement {
            run_type: t,
            base: rules.rule(t).base_runs(month.month),
            per_week: if t == RunType::Vocs {
                weekly.values().copied().max().unwrap_or(0)
            } else {
                0
            },
            episode_extra: req
                .episodes
                .iter()
                .map(|e| e.weeks_in(month) * rules.rule(t).episode_extra_per_week)
                .collect(),
        })
        .collect();
    let sched = schedule(month, rules, &requirements, &req.episodes, req.seed);
    notes.extend(sched.notes.iter().cloned());

    // 2. Targets on the road network.
    progress(MonthProgress {
        stage: "targets",
        fraction: 0.1,
    });
    let snap = SnapOptions::default();
    let depot = LonLat::new(req.targets.depot.lon, req.targets.depot.lat);
    network
        .snap(depot, &snap)
        .map_err(|e| MonthError::Depot(e.to_string()))?;
    let loops: Vec<Option<Loop>> = req
        .targets
        .vocs
        .iter()
        .map(|t| {
            (t.radius_m > 0.0)
                .then(|| {
                    target_loop(
                        network,
                        t.location(),
                        t.radius_m,
                        t.kind,
                        rules.wind_from_deg,
                    )
                })
                .flatten()
        })
        .collect();
    let roads = required_roads(network, layers, &req.targets, &mut notes);

    // 3. Locations and the matrix.
    progress(MonthProgress {
        stage: "matrix",
        fraction: 0.2,
    });
    let mut points: Vec<LonLat> = vec![depot];
    let mut target_loc = Vec::new();
    for (t, lp) in req.targets.vocs.iter().zip(&loops) {
        target_loc.push(points.len());
        points.push(lp.as_ref().map_or(t.location(), |l| l.entry));
    }
    let mut road_loc = Vec::new();
    for r in &roads {
        road_loc.push((points.len(), points.len() + 1));
        points.push(r.from);
        points.push(r.to);
    }
    let m = network.matrix(&points, Metric::Distance, &snap);
    let n = points.len();
    let transit_mps = rules.transit_kmh / 3.6;
    let mut dist = vec![f64::INFINITY; n * n];
    for (i, row) in m.distances_m.iter().enumerate() {
        for (j, d) in row.iter().enumerate() {
            if let Some(d) = d {
                dist[i * n + j] = *d;
            }
        }
        dist[i * n + i] = 0.0;
    }
    let reachable = |i: usize| m.snapped.get(i).is_some_and(|s| s.problem.is_none());
    if !reachable(0) {
        return Err(MonthError::Depot("出发地不在主路网上".into()));
    }
    let dur: Vec<f64> = dist.iter().map(|d| d / transit_mps).collect();
    let Some(matrix) = CostMatrix::new(n, dur, dist) else {
        return Err(MonthError::Solver("距离矩阵大小不符".into()));
    };

    // 4. Tasks.
    let mut tasks = Vec::new();
    let mut refs = Vec::new();
    let vocs_mps = rules.vocs.measure_kmh / 3.6;
    let dust_mps = rules.road_dust.measure_kmh / 3.6;
    let dwell_s = rules.dwell_min * 60.0;
    let weeks = weeks_of(month);
    let first = month.first();
    for (i, t) in req.targets.vocs.iter().enumerate() {
        let loc = target_loc[i];
        if !reachable(loc) {
            notes.push(format!(
                "VOCs 目标 {}（{}）附近没有连通的道路，未能安排",
                t.name, t.id
            ));
            continue;
        }
        let service = if t.dwell { dwell_s } else { PASS_S };
        let base = match &loops[i] {
            Some(l) => Task::arc(loc, loc, l.length_m, l.length_m / vocs_mps, true),
            None => Task::visit(loc),
        }
        .with_service(service)
        .with_skills(vec![VOCS_SKILL]);
        match weekly.get(&t.class) {
            Some(&per_week) if per_week > 0 => {
                for week in &weeks {
                    let (Some(a), Some(b)) = (week.first(), week.last()) else {
                        continue;
                    };
                    let from = (*a - first).num_days() as f64 * DAY_S;
                    let to = ((*b - first).num_days() + 1) as f64 * DAY_S;
                    for _ in 0..per_week {
                        tasks.push(
                            base.clone()
                                .with_windows(vec![TimeWindow::new(from, to)])
                                .optional(100.0 * t.weight),
                        );
                        refs.push(TaskRef::Target { target: i });
                    }
                }
            }
            _ => {
                tasks.push(base.optional(10.0 * t.weight));
                refs.push(TaskRef::Target { target: i });
            }
        }
    }
    for (k, r) in roads.iter().enumerate() {
        let (a, b) = road_loc[k];
        if !(reachable(a) && reachable(b)) {
            continue;
        }
        tasks.push(
            Task::arc(a, b, r.length_m, r.length_m / dust_mps, r.one_way)
                .with_skills(vec![DUST_SKILL])
                .optional(r.length_m / 1000.0),
        );
        refs.push(TaskRef::Road { road: k });
    }

    // 5. Vehicles: one per scheduled run.
    let shift_start = parse_hhmm(&rules.shift_start).unwrap_or(8.5 * 3600.0);
    let vehicles: Vec<Vehicle> = sched
        .runs
        .iter()
        .map(|run| {
            let day = (run.date - first).num_days() as f64;
            let start = day * DAY_S + shift_start;
            let mut v = Vehicle::new(0)
                .with_shift(TimeWindow::new(start, start + rules.shift_hours * 3600.0));
            v.max_duration_s = rules.shift_hours * 3600.0;
            v.skills = vec![match run.run_type {
                RunType::Vocs => VOCS_SKILL,
                RunType::RoadDust => DUST_SKILL,
            }];
            v
        })
        .collect();

    // 6. Solve.
    progress(MonthProgress {
        stage: "solve",
        fraction: 0.3,
    });
    let mut solution = None;
    let mut checked = None;
    let mut iterations = 0;
    if !vehicles.is_empty() && !tasks.is_empty() {
        let mut problem = Problem::new(Arc::new(matrix), tasks.clone(), vehicles);
        problem.objective = crate::solver::Objective::DISTANCE;
        let mut config = SolverConfig::with_iterations(req.iterations).seed(req.seed);
        config.time_limit_ms = Some(req.time_limit_ms);
        let mut search = crate::solver::Search::new(&problem, &config)
            .map_err(|e| MonthError::Solver(e.to_string()))?;
        loop {
            let p = search.step(Budget::Millis(50.0));
            iterations = p.iterations;
            let frac = (p.iterations as f64 / req.iterations.max(1) as f64).min(1.0);
            progress(MonthProgress {
                stage: "solve",
                fraction: 0.3 + 0.6 * frac,
            });
            if p.done {
                break;
            }
        }
        let best = search.best_solution();
        let report = crate::solver::check(&problem, &best);
        checked = Some(report.feasible);
        for v in report.violations.iter().take(5) {
            notes.push(format!("独立校验发现问题：{}（{}）", v.message, v.code));
        }
        solution = Some(best);
    }

    // 7. Runs with road geometry.
    progress(MonthProgress {
        stage: "routes",
        fraction: 0.9,
    });
    let mut runs = Vec::new();
    let mut visits: BTreeMap<usize, Vec<chrono::NaiveDate>> = BTreeMap::new();
    let mut covered_roads = vec![false; roads.len()];
    for (vi, srun) in sched.runs.iter().enumerate() {
        let route = solution
            .as_ref()
            .and_then(|s| s.routes.iter().find(|r| r.vehicle == vi));
        let mut stops = vec![depot_stop(&req.targets, depot, route.map(|r| r.start_s))];
        let mut geometry: Vec<[f64; 2]> = Vec::new();
        let mut measured_m = 0.0;
        let mut at = depot;
        if let Some(route) = route {
            for step in &route.steps {
                let Some(task_ref) = refs.get(step.task) else {
                    continue;
                };
                let (entry, exit, leg_measured, leg_geom, stop) = match task_ref {
                    TaskRef::Target { target } => {
                        let t = &req.targets.vocs[*target];
                        visits.entry(*target).or_default().push(srun.date);
                        let lp = loops[*target].as_ref();
                        let entry = lp.map_or(t.location(), |l| l.entry);
                        let measured = lp.map_or(0.0, |l| l.length_m);
                        let geom = lp.map(|l| l.geometry.clone()).unwrap_or_default();
                        let stop = RunStop {
                            id: t.id.clone(),
                            name: t.name.clone(),
                            kind: kind_key(t.kind).into(),
                            lon: entry.lon,
                            lat: entry.lat,
                            arrival: clock(step.start_s),
                            measured_km: km(measured),
                        };
                        (entry, entry, measured, geom, stop)
                    }
                    TaskRef::Road { road } => {
                        let r = &roads[*road];
                        covered_roads[*road] = true;
                        let (a, b) = if step.reversed {
                            (r.to, r.from)
                        } else {
                            (r.from, r.to)
                        };
                        let mut geom = r.geometry.clone();
                        if step.reversed {
                            geom.reverse();
                        }
                        let stop = RunStop {
                            id: format!("ROAD-{}", r.edge),
                            name: r.name.clone(),
                            kind: "road".into(),
                            lon: a.lon,
                            lat: a.lat,
                            arrival: clock(step.start_s),
                            measured_km: km(r.length_m),
                        };
                        (a, b, r.length_m, geom, stop)
                    }
                };
                append_leg(network, &mut geometry, at, entry);
                geometry.extend(leg_geom);
                measured_m += leg_measured;
                at = exit;
                stops.push(stop);
            }
            append_leg(network, &mut geometry, at, depot);
        }
        let distance_m = route.map_or(0.0, |r| r.distance_m);
        let duration_s = route.map_or(0.0, |r| r.duration_s);
        let measure_kmh = rules.rule(srun.run_type).measure_kmh;
        let measure_s = measured_m / (measure_kmh / 3.6);
        let mut end = depot_stop(&req.targets, depot, route.map(|r| r.end_s));
        end.id = "depot-end".into();
        stops.push(end);
        if route.is_none() {
            notes.push(format!(
                "{} {} {}：没有可安排的目标（目标都已由其他走航覆盖，或都不在路网上）",
                srun.run_type.label(),
                srun.date.format("%m-%d"),
                srun.vehicle
            ));
        }
        runs.push(PlannedRun {
            id: format!(
                "{}-{}-{}",
                srun.run_type.key(),
                srun.date.format("%m%d"),
                srun.vehicle
            ),
            run_type: srun.run_type,
            type_label: srun.run_type.label().into(),
            date: srun.date.format("%Y-%m-%d").to_string(),
            weekday: weekday_label(srun.date).into(),
            vehicle: srun.vehicle.clone(),
            vehicle_name: vehicle_name(rules, &srun.vehicle),
            reason: srun.reason,
            measured_km: km(measured_m),
            transit_km: km((distance_m - measured_m).max(0.0)),
            distance_km: km(distance_m),
            duration_s: duration_s.round(),
            measure_s: measure_s.round(),
            transit_s: ((distance_m - measured_m).max(0.0) / transit_mps).round(),
            start: route.map_or_else(
                || clock(shift_of(srun, first, shift_start)),
                |r| clock(r.start_s),
            ),
            end: route.map_or_else(
                || clock(shift_of(srun, first, shift_start)),
                |r| clock(r.end_s),
            ),
            stops,
            geometry,
        });
    }

    // 8. Coverage, compliance, the document.
    let mut coverage = Coverage {
        vocs_total: req.targets.vocs.len(),
        vocs_visited: visits.len(),
        roads_total: roads.len(),
        roads_covered: covered_roads.iter().filter(|c| **c).count(),
        roads_total_km: km(roads.iter().map(|r| r.length_m).sum()),
        roads_covered_km: km(roads
            .iter()
            .zip(&covered_roads)
            .filter(|(_, c)| **c)
            .map(|(r, _)| r.length_m)
            .sum()),
        vocs_missed: Vec::new(),
    };
    for (i, t) in req.targets.vocs.iter().enumerate() {
        if !visits.contains_key(&i) {
            let why = if !reachable(target_loc[i]) {
                "附近没有连通的道路"
            } else {
                "本月班次时间不足，优先安排了权重更高或更近的目标"
            };
            coverage
                .vocs_missed
                .push([t.id.clone(), t.name.clone(), why.into()]);
        }
    }
    let compliance = compliance(
        month,
        rules,
        &requirements,
        &req.episodes,
        &runs,
        &weekly,
        &req.targets,
        &visits,
        &coverage,
    );
    let score = Score {
        served_prize: solution.as_ref().map_or(0.0, |s| s.summary.served_prize),
        total_km: km(runs.iter().map(|r| r.distance_km * 1000.0).sum()),
        measured_km: km(runs.iter().map(|r| r.measured_km * 1000.0).sum()),
        iterations,
        feasible: checked.unwrap_or(true),
    };
    let plan = plan_document(month, &runs);
    progress(MonthProgress {
        stage: "done",
        fraction: 1.0,
    });
    Ok(MonthPlan {
        month: month.label(),
        seed: req.seed,
        runs,
        compliance,
        notes,
        coverage,
        score,
        plan,
    })
}

/// The demo targets of the embedded data, keeping what lies within 1 km of the network's main
/// component.
pub fn demo_targets_on(network: &RoadNetwork, layers: &Layers) -> MonthTargets {
    let opts = SnapOptions {
        max_distance_m: 1000.0,
        main_component_only: true,
    };
    super::targets::demo_targets(layers, &|p| network.snap(p, &opts).is_ok())
}

fn shift_of(run: &ScheduledRun, first: chrono::NaiveDate, shift_start: f64) -> f64 {
    (run.date - first).num_days() as f64 * DAY_S + shift_start
}

/// Classes with a weekly frequency that some VOCs target has.
fn weekly_classes(rules: &MonthRules, targets: &MonthTargets) -> BTreeMap<String, u32> {
    rules
        .class_frequencies
        .iter()
        .filter(|c| c.per_week > 0 && targets.vocs.iter().any(|t| t.class == c.class))
        .map(|c| (c.class.clone(), c.per_week))
        .collect()
}

fn kind_key(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Park => "park",
        TargetKind::Cluster => "cluster",
        TargetKind::Enterprise => "enterprise",
        TargetKind::Station => "station",
        TargetKind::Grid => "grid",
    }
}

fn vehicle_name(rules: &MonthRules, id: &str) -> String {
    rules
        .vehicles
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_string(), |v| v.name.clone())
}

fn depot_stop(targets: &MonthTargets, depot: LonLat, at: Option<f64>) -> RunStop {
    RunStop {
        id: "depot".into(),
        name: targets.depot.name.clone(),
        kind: "depot".into(),
        lon: depot.lon,
        lat: depot.lat,
        arrival: at.map(clock).unwrap_or_default(),
        measured_km: 0.0,
    }
}

fn km(m: f64) -> f64 {
    (m / 10.0).round() / 100.0
}

/// Seconds on the month's time axis → `HH:MM` of its day.
fn clock(s: f64) -> String {
    let t = (s.rem_euclid(DAY_S) / 60.0).round() as i64;
    format!("{:02}:{:02}", (t / 60) % 24, t % 60)
}

fn append_leg(network: &RoadNetwork, geometry: &mut Vec<[f64; 2]>, from: LonLat, to: LonLat) {
    if haversine_m(from, to) < 1.0 {
        return;
    }
    match network.route(from, to, Metric::Distance, &SnapOptions::default()) {
        Ok(r) => geometry.extend(r.geometry),
        Err(_) => {
            geometry.push([from.lon, from.lat]);
            geometry.push([to.lon, to.lat]);
        }
    }
}

/// The loop driven around a park or cluster: eight waypoints on a circle of `radius_m` snapped
/// to roads near the circle, plus (parks) a downwind pass at 1.5 radii, joined along roads.
fn target_loop(
    network: &RoadNetwork,
    center: LonLat,
    radius_m: f64,
    kind: TargetKind,
    wind_from_deg: f64,
) -> Option<Loop> {
    let opts = SnapOptions {
        max_distance_m: radius_m.max(500.0),
        main_component_only: true,
    };
    let mut bearings: Vec<(f64, f64)> = (0..8).map(|k| (f64::from(k) * 45.0, radius_m)).collect();
    if kind == TargetKind::Park {
        let downwind = (wind_from_deg + 180.0).rem_euclid(360.0);
        bearings.push((downwind, radius_m * 1.5));
        bearings.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let mut way: Vec<LonLat> = Vec::new();
    for (b, r) in bearings {
        let p = destination(center, b, r);
        if let Ok(s) = network.snap(p, &opts) {
            let q = s.position;
            if way.last().is_none_or(|l| haversine_m(*l, q) > 100.0) {
                way.push(q);
            }
        }
    }
    if way.len() > 2
        && way
            .first()
            .zip(way.last())
            .is_some_and(|(a, b)| haversine_m(*a, *b) <= 100.0)
    {
        way.pop();
    }
    if way.len() < 3 {
        return None;
    }
    let mut geometry = Vec::new();
    let mut length_m = 0.0;
    for k in 0..way.len() {
        let (a, b) = (way[k], way[(k + 1) % way.len()]);
        let r = network.route(a, b, Metric::Distance, &opts).ok()?;
        length_m += r.distance_m;
        geometry.extend(r.geometry);
    }
    // A loop far longer than the circle means the roads do not ring the target.
    let circle = 2.0 * std::f64::consts::PI * radius_m;
    if length_m > 6.0 * circle {
        return None;
    }
    Some(Loop {
        entry: way[0],
        length_m,
        geometry,
    })
}

/// Road segments the dust runs must cover: near listed site categories or with a listed name,
/// inside the area, most sites nearby first, until the length cap.
fn required_roads(
    network: &RoadNetwork,
    layers: &Layers,
    targets: &MonthTargets,
    notes: &mut Vec<String>,
) -> Vec<Road> {
    let spec = &targets.road_dust;
    let graph = network.graph();
    let sources = layers.sources.items();
    let index = layers.sources.index();
    let is_site = |i: u32| {
        sources.get(i as usize).is_some_and(|s| {
            spec.site_categories
                .iter()
                .any(|c| *c == s.industry || *c == s.category.label())
        })
    };
    let inside = |p: LonLat| {
        spec.bbox
            .is_none_or(|b| p.lon >= b[0] && p.lat >= b[1] && p.lon <= b[2] && p.lat <= b[3])
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut cands: Vec<(usize, Road)> = Vec::new();
    for (e, edge) in graph.edges().iter().enumerate() {
        let key = (edge.from.min(edge.to), edge.from.max(edge.to));
        if edge.from == edge.to || !seen.insert(key) {
            continue;
        }
        let line = graph.edge_polyline(e as u32);
        let (Some(a), Some(b)) = (line.first().copied(), line.last().copied()) else {
            continue;
        };
        if !inside(a) || !inside(b) {
            continue;
        }
        let name = graph.edge_name(e as u32).unwrap_or("").to_string();
        let named = (!name.is_empty() && spec.named_roads.contains(&name))
            || spec
                .classes
                .iter()
                .any(|c| c == edge.class.osm_name() || c == edge.class.name_zh());
        let sites = if spec.site_categories.is_empty() || spec.near_site_m <= 0.0 {
            0
        } else {
            index
                .near_polyline(&line, spec.near_site_m)
                .iter()
                .filter(|h| is_site(h.index))
                .count()
        };
        if !named && sites == 0 {
            continue;
        }
        let length_m = f64::from(edge.length_dm) / 10.0;
        if length_m < 1.0 {
            continue;
        }
        let label = if name.is_empty() {
            format!(
                "{}（{}）",
                edge.class.name_zh(),
                crate::geodesy::direction_8(bearing_deg(a, b))
            )
        } else {
            name
        };
        cands.push((
            if named { usize::MAX } else { sites },
            Road {
                edge: e as u32,
                name: label,
                from: a,
                to: b,
                length_m,
                one_way: edge.oneway,
                geometry: line.iter().map(|p| [p.lon, p.lat]).collect(),
            },
        ));
    }
    cands.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.edge.cmp(&y.1.edge)));
    let cap = spec.max_total_km * 1000.0;
    let mut total = 0.0;
    let mut out = Vec::new();
    let mut dropped = 0usize;
    for (_, r) in cands {
        if total + r.length_m > cap && !out.is_empty() {
            dropped += 1;
            continue;
        }
        total += r.length_m;
        out.push(r);
    }
    if dropped > 0 {
        notes.push(format!(
            "积尘走航：另有 {dropped} 段工地周边道路超出总长上限 {:.0} km，本月未列入（可在目标设置中调高上限）",
            spec.max_total_km
        ));
    }
    out
}

/// The plan as route sheets for the exports.
fn plan_document(month: YearMonth, runs: &[PlannedRun]) -> PlanDocument {
    let mut doc = PlanDocument::new("month", &format!("{} 走航计划", month.label()));
    for r in runs {
        let date = parse_date(&r.date);
        doc.routes.push(RouteSheet {
            id: r.id.clone(),
            name: format!(
                "{} · {}月{}日 · {}",
                r.type_label,
                date.map_or(0, |d| d.month()),
                date.map_or(0, |d| d.day()),
                r.vehicle_name
            ),
            team: r.vehicle_name.clone(),
            date: Some(r.date.clone()),
            stops: r
                .stops
                .iter()
                .map(|s| SheetStop {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    location: LonLat::new(s.lon, s.lat),
                    kind: if s.kind == "depot" {
                        "depot".into()
                    } else {
                        "visit".into()
                    },
                    arrival: (!s.arrival.is_empty()).then(|| s.arrival.clone()),
                    departure: None,
                    service_s: 0.0,
                    note: if s.measured_km > 0.0 {
                        format!("走航 {:.1} km", s.measured_km)
                    } else {
                        String::new()
                    },
                })
                .collect(),
            geometry: r.geometry.iter().map(|p| LonLat::new(p[0], p[1])).collect(),
            along_roads: true,
            distance_m: r.distance_km * 1000.0,
            duration_s: r.duration_s,
            measured_m: Some(r.measured_km * 1000.0),
        });
    }
    doc
}
