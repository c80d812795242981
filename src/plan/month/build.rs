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

use super::compliance::compliance;
use super::network::{required_roads, target_loop, Loop, Road};
use super::rules::{MonthRules, RunType};
use super::runs::{self, shift_start_s};
use super::schedule::{schedule, weeks_of, Requirement, Schedule};
use super::targets::MonthTargets;
use super::types::{MonthError, MonthPlan, MonthProgress, MonthRequest, Score};
use crate::layers::Layers;
use crate::model::{CostMatrix, LonLat};
use crate::roads::{Metric, RoadNetwork, SnapOptions};
use crate::solver::{Budget, Problem, Solution, SolverConfig, Task, TimeWindow, Vehicle};

/// What the solver's tasks stand for.
#[derive(Debug, Clone)]
pub(super) enum TaskRef {
    Target { target: usize },
    Road { road: usize },
}

/// The month's problem on the road network: what each location and task stands for.
pub(super) struct Prepared {
    /// Where every run starts and ends.
    pub depot: LonLat,
    /// The loop of each VOCs target (by index), when it is driven as one.
    pub loops: Vec<Option<Loop>>,
    /// The required roads of the dust runs.
    pub roads: Vec<Road>,
    /// Location index of each VOCs target (its loop entry or the point).
    pub target_loc: Vec<usize>,
    /// Location indices (start, end) of each required road.
    pub road_loc: Vec<(usize, usize)>,
    /// Whether each location snapped onto the network.
    pub reachable: Vec<bool>,
    /// What each solver task stands for.
    pub refs: Vec<TaskRef>,
}

pub(super) const DAY_S: f64 = 86_400.0;
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
    let mut stage =
        |stage: &'static str, fraction: f64| progress(MonthProgress { stage, fraction });
    stage("schedule", 0.0);

    // 1. Requirements and schedule.
    let weekly = weekly_classes(rules, &req.targets);
    let requirements = requirements(req, &weekly);
    let sched = schedule(month, rules, &requirements, &req.episodes, req.seed);
    notes.extend(sched.notes.iter().cloned());

    // 2. Targets on the road network, 3. locations and the matrix.
    stage("targets", 0.1);
    let (mut prep, matrix) = prepare(network, layers, req, &mut notes, &mut stage)?;

    // 4. Tasks, 5. vehicles: one per scheduled run.
    let tasks = tasks(req, &weekly, &mut prep, &mut notes);
    let vehicles = vehicles(rules, &sched, month.first());

    // 6. Solve.
    stage("solve", 0.3);
    let solved = solve(matrix, tasks, vehicles, req, &mut notes, &mut stage)?;

    // 7. Runs with road geometry.
    stage("routes", 0.9);
    let done = runs::assemble(
        network,
        req,
        &sched,
        &prep,
        solved.solution.as_ref(),
        &mut notes,
    );

    // 8. Coverage, compliance, the document.
    let coverage = runs::coverage(&req.targets, &prep, &done);
    let compliance = compliance(
        month,
        rules,
        &requirements,
        &req.episodes,
        &done.runs,
        &weekly,
        &req.targets,
        &done.visits,
        &coverage,
    );
    let runs = done.runs;
    let score = Score {
        served_prize: solved
            .solution
            .as_ref()
            .map_or(0.0, |s| s.summary.served_prize),
        total_km: runs::km(runs.iter().map(|r| r.distance_km * 1000.0).sum()),
        measured_km: runs::km(runs.iter().map(|r| r.measured_km * 1000.0).sum()),
        iterations: solved.iterations,
        feasible: solved.checked.unwrap_or(true),
    };
    let plan = runs::plan_document(month, &runs);
    stage("done", 1.0);
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

/// How many runs of each type the month needs (base rule, weekly classes, episodes).
fn requirements(req: &MonthRequest, weekly: &BTreeMap<String, u32>) -> Vec<Requirement> {
    let rules = &req.rules;
    let month = req.month;
    RunType::ALL
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
        .collect()
}

/// The targets on the network (loops, required roads) and the distance matrix between the
/// depot, the targets' entry points and the roads' ends.
fn prepare(
    network: &RoadNetwork,
    layers: &Layers,
    req: &MonthRequest,
    notes: &mut Vec<String>,
    stage: &mut dyn FnMut(&'static str, f64),
) -> Result<(Prepared, CostMatrix), MonthError> {
    let rules = &req.rules;
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
    let roads = required_roads(network, layers, &req.targets, notes);

    stage("matrix", 0.2);
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
    let reachable: Vec<bool> = (0..n)
        .map(|i| m.snapped.get(i).is_some_and(|s| s.problem.is_none()))
        .collect();
    if !reachable[0] {
        return Err(MonthError::Depot("出发地不在主路网上".into()));
    }
    let dur: Vec<f64> = dist.iter().map(|d| d / transit_mps).collect();
    let Some(matrix) = CostMatrix::new(n, dur, dist) else {
        return Err(MonthError::Solver("距离矩阵大小不符".into()));
    };
    let prep = Prepared {
        depot,
        loops,
        roads,
        target_loc,
        road_loc,
        reachable,
        refs: Vec::new(),
    };
    Ok((prep, matrix))
}

/// The solver tasks: VOCs targets (a loop as a closed arc, a point as a visit; one copy per
/// 7-day part for weekly classes) and the required roads as arcs, all optional with prizes.
/// Fills `prep.refs` with what each task stands for.
fn tasks(
    req: &MonthRequest,
    weekly: &BTreeMap<String, u32>,
    prep: &mut Prepared,
    notes: &mut Vec<String>,
) -> Vec<Task> {
    let rules = &req.rules;
    let mut tasks = Vec::new();
    let mut refs = Vec::new();
    let vocs_mps = rules.vocs.measure_kmh / 3.6;
    let dust_mps = rules.road_dust.measure_kmh / 3.6;
    let dwell_s = rules.dwell_min * 60.0;
    let weeks = weeks_of(req.month);
    let first = req.month.first();
    for (i, t) in req.targets.vocs.iter().enumerate() {
        let loc = prep.target_loc[i];
        if !prep.reachable[loc] {
            notes.push(format!(
                "VOCs 目标 {}（{}）附近没有连通的道路，未能安排",
                t.name, t.id
            ));
            continue;
        }
        let service = if t.dwell { dwell_s } else { PASS_S };
        let base = match &prep.loops[i] {
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
    for (k, r) in prep.roads.iter().enumerate() {
        let (a, b) = prep.road_loc[k];
        if !(prep.reachable[a] && prep.reachable[b]) {
            continue;
        }
        tasks.push(
            Task::arc(a, b, r.length_m, r.length_m / dust_mps, r.one_way)
                .with_skills(vec![DUST_SKILL])
                .optional(r.length_m / 1000.0),
        );
        refs.push(TaskRef::Road { road: k });
    }
    prep.refs = refs;
    tasks
}

/// One vehicle per scheduled run: its shift on its day of the month's time axis, the skill of
/// its run type.
fn vehicles(rules: &MonthRules, sched: &Schedule, first: chrono::NaiveDate) -> Vec<Vehicle> {
    let shift_start = shift_start_s(rules);
    sched
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
        .collect()
}

/// The solver's answer for the month, with the independent checker's verdict.
struct Solved {
    solution: Option<Solution>,
    checked: Option<bool>,
    iterations: u64,
}

/// Solves the month as one problem (when there is anything to solve) and checks the result.
fn solve(
    matrix: CostMatrix,
    tasks: Vec<Task>,
    vehicles: Vec<Vehicle>,
    req: &MonthRequest,
    notes: &mut Vec<String>,
    stage: &mut dyn FnMut(&'static str, f64),
) -> Result<Solved, MonthError> {
    let mut solved = Solved {
        solution: None,
        checked: None,
        iterations: 0,
    };
    if vehicles.is_empty() || tasks.is_empty() {
        return Ok(solved);
    }
    let mut problem = Problem::new(Arc::new(matrix), tasks, vehicles);
    problem.objective = crate::solver::Objective::DISTANCE;
    let mut config = SolverConfig::with_iterations(req.iterations).seed(req.seed);
    config.time_limit_ms = Some(req.time_limit_ms);
    let mut search = crate::solver::Search::new(&problem, &config)
        .map_err(|e| MonthError::Solver(e.to_string()))?;
    loop {
        let p = search.step(Budget::Millis(50.0));
        solved.iterations = p.iterations;
        let frac = (p.iterations as f64 / req.iterations.max(1) as f64).min(1.0);
        stage("solve", 0.3 + 0.6 * frac);
        if p.done {
            break;
        }
    }
    let best = search.best_solution();
    let report = crate::solver::check(&problem, &best);
    solved.checked = Some(report.feasible);
    for v in report.violations.iter().take(5) {
        notes.push(format!("独立校验发现问题：{}（{}）", v.message, v.code));
    }
    solved.solution = Some(best);
    Ok(solved)
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
