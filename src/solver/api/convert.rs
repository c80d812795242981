//! From a [`SolveRequest`] to a solver [`Problem`] and configuration, collecting every issue.
//!
//! Locations are numbered: stops first (a road segment's start), then each road segment's
//! other end, then each vehicle's start and its end ([`locations`] lists them in that order, so
//! a road-network matrix can be computed for exactly these points). Without a matrix the
//! straight-line estimate is used at a reference speed of 36 km/h; a vehicle's `speed_kmh`
//! becomes its speed factor. Clock windows repeat daily: each is placed on the first and the
//! second day, so a night shift can use a stop's early-morning window.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::Issue;
use crate::model::{LonLat, StraightLine};
use crate::solver::{
    clock_s, CostProfile, InitialRoute, InitialStep, Objective, Problem, SearchParams,
    SolverConfig, Task, TaskKind, TimeWindow, Vehicle,
};

use super::request::{InitialStopIn, LockIn, ObjectiveIn, PointIn, SolveRequest, TimeIn};

/// Reference speed of the straight-line profile, km/h (10 m/s).
pub const REFERENCE_KMH: f64 = 36.0;
/// Default vehicle speed, km/h.
pub const DEFAULT_KMH: f64 = 30.0;

/// A request turned into a problem, with the ids to translate results back.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The problem.
    pub problem: Problem,
    /// The search configuration.
    pub config: SolverConfig,
    /// Stop id per task.
    pub stop_ids: Vec<String>,
    /// Vehicle id per vehicle.
    pub vehicle_ids: Vec<String>,
    /// Location per location index.
    pub points: Vec<LonLat>,
}

/// The request's locations in matrix order (see the module docs).
pub fn locations(req: &SolveRequest) -> Vec<LonLat> {
    let p = |x: PointIn| LonLat::new(x.lon, x.lat);
    let mut out: Vec<LonLat> = req
        .stops
        .iter()
        .map(|s| LonLat::new(s.lon, s.lat))
        .collect();
    out.extend(req.stops.iter().filter_map(|s| s.to).map(p));
    for v in &req.vehicles {
        out.push(p(v.start));
        out.push(p(v.end.unwrap_or(v.start)));
    }
    out
}

fn issue(code: &str, row: usize, field: &str, msg: String, action: &str) -> Issue {
    Issue::error(code, msg, action)
        .at_row(row as u64 + 1)
        .at_field(field.to_string())
}

/// Seconds on the axis of a time (clock text or seconds); `daily` when it was a clock time.
fn seconds(t: &TimeIn) -> Result<(f64, bool), String> {
    match t {
        TimeIn::Seconds(s) if s.is_finite() => Ok((*s, false)),
        TimeIn::Seconds(s) => Err(s.to_string()),
        TimeIn::Clock(c) => clock_s(c).map(|s| (s, true)).map_err(|_| c.clone()),
    }
}

/// A window from two times; clock windows whose end is not after the start end the next day.
fn window(w: &[TimeIn; 2]) -> Result<(TimeWindow, bool), String> {
    let (a, da) = seconds(&w[0])?;
    let (mut b, db) = seconds(&w[1])?;
    if da && db && b <= a {
        b += 86_400.0;
    }
    Ok((TimeWindow::new(a, b), da && db))
}

/// Sorts windows and merges overlapping ones.
fn merged(mut ws: Vec<TimeWindow>) -> Vec<TimeWindow> {
    ws.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    let mut out: Vec<TimeWindow> = Vec::with_capacity(ws.len());
    for w in ws {
        match out.last_mut() {
            Some(last) if w.start_s <= last.end_s => last.end_s = last.end_s.max(w.end_s),
            _ => out.push(w),
        }
    }
    out
}

/// Converts with the straight-line cost over [`locations`].
pub fn convert(req: &SolveRequest) -> Result<Converted, Vec<Issue>> {
    let detour = req
        .options
        .detour_factor
        .unwrap_or(crate::model::DEFAULT_DETOUR_FACTOR);
    let mut line = StraightLine::new(locations(req), REFERENCE_KMH);
    line.detour_factor = detour;
    let mut issues = Vec::new();
    if !(detour.is_finite() && detour >= 1.0) {
        issues.push(
            Issue::error(
                "E_API_OPTION",
                format!("绕行系数 {detour} 无效"),
                "绕行系数须不小于 1",
            )
            .at_field("options.detour_factor"),
        );
    }
    match convert_with_cost(req, Arc::new(line)) {
        Ok(c) if issues.is_empty() => Ok(c),
        Ok(_) => Err(issues),
        Err(more) => {
            issues.extend(more);
            Err(issues)
        }
    }
}

/// Converts with a given cost over [`locations`] (e.g. road-network matrices at 36 km/h
/// reference speed, or any speed when all vehicles give none).
pub fn convert_with_cost(req: &SolveRequest, cost: CostProfile) -> Result<Converted, Vec<Issue>> {
    let mut issues = Vec::new();
    let points = locations(req);
    if cost.len() != points.len() {
        issues.push(
            Issue::error(
                "E_API_MATRIX",
                format!(
                    "代价矩阵有 {} 个地点，请求有 {} 个",
                    cost.len(),
                    points.len()
                ),
                "请按 locations() 的顺序计算矩阵",
            )
            .at_field("matrix"),
        );
    }
    // ids
    let mut stop_index: HashMap<&str, usize> = HashMap::new();
    for (i, s) in req.stops.iter().enumerate() {
        if s.id.trim().is_empty() || stop_index.insert(s.id.as_str(), i).is_some() {
            issues.push(issue(
                "E_API_ID",
                i,
                "stops.id",
                format!("站点编号「{}」为空或重复", s.id),
                "每个站点须有唯一编号",
            ));
        }
    }
    let mut vehicle_index: HashMap<&str, usize> = HashMap::new();
    for (i, v) in req.vehicles.iter().enumerate() {
        if v.id.trim().is_empty() || vehicle_index.insert(v.id.as_str(), i).is_some() {
            issues.push(issue(
                "E_API_ID",
                i,
                "vehicles.id",
                format!("车辆编号「{}」为空或重复", v.id),
                "每辆车须有唯一编号",
            ));
        }
    }
    // skills by name → small integers, in order of first appearance
    let mut skill_ids: HashMap<String, u32> = HashMap::new();
    let mut skill = |name: &str| -> u32 {
        let next = skill_ids.len() as u32;
        *skill_ids.entry(name.to_string()).or_insert(next)
    };
    for (i, v) in req.vehicles.iter().enumerate() {
        for (field, p) in [("vehicles.start", Some(v.start)), ("vehicles.end", v.end)] {
            if let Some(p) = p {
                if !LonLat::new(p.lon, p.lat).is_valid() {
                    issues.push(issue(
                        "E_API_COORD",
                        i,
                        field,
                        format!("车辆「{}」坐标无效", v.id),
                        "经度 −180～180，纬度 −90～90",
                    ));
                }
            }
        }
    }
    let n_stops = req.stops.len();
    let mut next_arc_loc = n_stops;
    let mut tasks = Vec::with_capacity(n_stops);
    for (i, s) in req.stops.iter().enumerate() {
        if !LonLat::new(s.lon, s.lat).is_valid()
            || s.to.is_some_and(|p| !LonLat::new(p.lon, p.lat).is_valid())
        {
            issues.push(issue(
                "E_API_COORD",
                i,
                "stops.lon",
                format!("站点「{}」坐标无效", s.id),
                "经度 −180～180，纬度 −90～90",
            ));
        }
        let kind = match s.to {
            None => TaskKind::Visit { location: i },
            Some(_) => {
                let to = next_arc_loc;
                next_arc_loc += 1;
                let length_m = s.length_m.unwrap_or_else(|| cost.distance_m(i, to));
                TaskKind::Arc {
                    from: i,
                    to,
                    length_m,
                    duration_s: length_m / (REFERENCE_KMH / 3.6),
                    one_way: s.one_way,
                }
            }
        };
        let mut windows = Vec::new();
        for w in &s.windows {
            match window(w) {
                Ok((w, true)) => windows.extend([w, w.shifted_days(1)]),
                Ok((w, false)) => windows.push(w),
                Err(text) => issues.push(issue(
                    "E_API_CLOCK",
                    i,
                    "stops.windows",
                    format!("站点「{}」的时间「{text}」无法识别", s.id),
                    "请写成 HH:MM，如 08:00",
                )),
            }
        }
        let windows = if s.windows.is_empty() {
            vec![TimeWindow::ANY]
        } else {
            merged(windows)
        };
        let vehicles = s.vehicles.as_ref().map(|ids| {
            ids.iter()
                .filter_map(|id| {
                    let v = vehicle_index.get(id.as_str()).copied();
                    if v.is_none() {
                        issues.push(issue(
                            "E_API_UNKNOWN",
                            i,
                            "stops.vehicles",
                            format!("站点「{}」限定的车辆「{id}」不存在", s.id),
                            "请检查车辆编号",
                        ));
                    }
                    v
                })
                .collect()
        });
        let mut skills: Vec<u32> = s.skills.iter().map(|k| skill(k)).collect();
        skills.sort_unstable();
        skills.dedup();
        tasks.push(Task {
            kind,
            service_s: s.service_s,
            windows,
            skills,
            demand: s.demand.clone(),
            required: s.required,
            prize: if s.required {
                0.0
            } else {
                s.prize.unwrap_or(1.0)
            },
            vehicles,
        });
    }
    let mut vehicles = Vec::with_capacity(req.vehicles.len());
    for (i, v) in req.vehicles.iter().enumerate() {
        let start = next_arc_loc + 2 * i;
        let shift = match &v.shift {
            None => TimeWindow::ANY,
            Some(w) => match window(w) {
                Ok((w, _)) => w,
                Err(text) => {
                    issues.push(issue(
                        "E_API_CLOCK",
                        i,
                        "vehicles.shift",
                        format!("车辆「{}」班次时间「{text}」无法识别", v.id),
                        "请写成 HH:MM，如 20:00",
                    ));
                    TimeWindow::ANY
                }
            },
        };
        let speed = v.speed_kmh.unwrap_or(DEFAULT_KMH);
        let mut skills: Vec<u32> = v.skills.iter().map(|k| skill(k)).collect();
        skills.sort_unstable();
        skills.dedup();
        vehicles.push(Vehicle {
            start: Some(start),
            end: Some(start + 1),
            shift,
            max_duration_s: v.max_duration_s.unwrap_or(f64::INFINITY),
            max_distance_m: v.max_distance_m.unwrap_or(f64::INFINITY),
            capacity: v.capacity.clone(),
            skills,
            profile: 0,
            speed_factor: speed / REFERENCE_KMH,
            fixed_cost: v.fixed_cost,
        });
    }
    let mut initial = Vec::new();
    for (k, r) in req.initial_routes.iter().enumerate() {
        let Some(&vehicle) = vehicle_index.get(r.vehicle.as_str()) else {
            issues.push(issue(
                "E_API_UNKNOWN",
                k,
                "initial_routes.vehicle",
                format!("初始路线的车辆「{}」不存在", r.vehicle),
                "请检查车辆编号",
            ));
            continue;
        };
        let mut steps = Vec::new();
        for st in &r.stops {
            let (id, lock, reversed) = match st {
                InitialStopIn::Id(id) => (id, LockIn::None, false),
                InitialStopIn::Detailed { id, lock, reversed } => (id, *lock, *reversed),
            };
            let Some(&task) = stop_index.get(id.as_str()) else {
                issues.push(issue(
                    "E_API_UNKNOWN",
                    k,
                    "initial_routes.stops",
                    format!("初始路线中的站点「{id}」不存在"),
                    "请检查站点编号",
                ));
                continue;
            };
            if lock != LockIn::None {
                if let Some(t) = tasks.get_mut(task) {
                    t.vehicles = Some(vec![vehicle]);
                }
            }
            steps.push(InitialStep {
                task,
                reversed,
                pinned: lock == LockIn::Position,
            });
        }
        initial.push(InitialRoute { vehicle, steps });
    }
    let objective = match &req.options.objective {
        ObjectiveIn::Default => Objective::DISTANCE,
        ObjectiveIn::Named(n) if n == "distance" => Objective::DISTANCE,
        ObjectiveIn::Named(n) if n == "duration" => Objective::DURATION,
        ObjectiveIn::Named(n) => {
            issues.push(
                Issue::error(
                    "E_API_OPTION",
                    format!("未知的优化目标「{n}」"),
                    "可选 distance、duration 或 {distance_weight, duration_weight}",
                )
                .at_field("options.objective"),
            );
            Objective::DISTANCE
        }
        ObjectiveIn::Weighted {
            distance_weight,
            duration_weight,
        } => Objective {
            distance_weight: *distance_weight,
            duration_weight: *duration_weight,
        },
    };
    let problem = Problem {
        profiles: vec![cost],
        tasks,
        vehicles,
        objective,
        initial,
    };
    issues.extend(crate::solver::validate(&problem));
    if !issues.is_empty() {
        return Err(issues);
    }
    let o = &req.options;
    let config = SolverConfig {
        seed: o.seed,
        time_limit_ms: if o.iterations.is_some() {
            None
        } else {
            Some(o.time_limit_ms)
        },
        iteration_limit: o.iterations,
        params: SearchParams::default(),
    };
    Ok(Converted {
        problem,
        config,
        stop_ids: req.stops.iter().map(|s| s.id.clone()).collect(),
        vehicle_ids: req.vehicles.iter().map(|v| v.id.clone()).collect(),
        points,
    })
}
