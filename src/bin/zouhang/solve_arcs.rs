//! `zouhang solve FILE --format carp|pvrp|pcarp …`: arc-routing and periodic benchmark instances
//! under the same JSON contract as `solve` (see `solve.rs`), every result through the
//! independent checker. CARP routes are lists of required edges `[u, v]` in service direction;
//! PVRP and PCARP results list one set of routes per day plus the chosen day combination of each
//! task.

use std::path::Path;

use serde::Serialize;
use web_time::Instant;
use zouhang::formats::{carp, cordeau, pcarp};
use zouhang::solver::periodic::{check_periodic, solve_periodic, PeriodicCheck, PeriodicSolution};
use zouhang::solver::{check, solve, CheckReport, Control, SolverConfig};

use crate::solve::{gap, gap_note, print_violations, verdict, Args, Format};

#[derive(Serialize)]
struct CarpOutput<'a> {
    instance: &'a str,
    format: &'a str,
    cost: f64,
    served_cost: f64,
    deadhead_cost: f64,
    vehicles: usize,
    feasible: bool,
    routes: Vec<Vec<[u64; 2]>>,
    elapsed_ms: f64,
    unassigned: Vec<usize>,
    iterations: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    bks: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap_pct: Option<f64>,
    check: &'a CheckReport,
}

#[derive(Serialize)]
struct PeriodicOutput<'a> {
    instance: &'a str,
    format: &'a str,
    cost: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    served_cost: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadhead_cost: Option<f64>,
    vehicles: usize,
    feasible: bool,
    /// Per day, per route: task ids (PVRP customers) or required edges (PCARP).
    days: serde_json::Value,
    /// Per task (file order): the chosen combination as a day bit mask (bit 0 = day 1) and days.
    combinations: Vec<Combination>,
    elapsed_ms: f64,
    unassigned: Vec<u64>,
    /// Why each unassigned task is unserved (same order).
    unassigned_reasons: Vec<Reason>,
    /// True when it is proven (before searching) that not every task can be served.
    proven_infeasible: bool,
    /// Tasks that fit no vehicle even alone on every allowed day set.
    impossible: Vec<Reason>,
    /// Capacity bounds that fail (time or load needed above what the vehicles have).
    bounds: Vec<Bound>,
    iterations: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    bks: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap_pct: Option<f64>,
    check: &'a PeriodicCheck,
}

#[derive(Serialize)]
struct Reason {
    task: u64,
    /// `UnassignedReason` code (`no_room`: it fits alone, not with the others).
    reason: &'static str,
    /// Days (1-based) on which it fits no vehicle even alone.
    blocked_days: Vec<usize>,
}

#[derive(Serialize)]
struct Bound {
    code: &'static str,
    /// 1-based day, absent for the whole horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<usize>,
    needed: f64,
    available: f64,
    service: f64,
    visits: usize,
    message: String,
}

fn day_list(mask: u64) -> Vec<usize> {
    (0..64)
        .filter(|d| mask >> d & 1 == 1)
        .map(|d| d + 1)
        .collect()
}

#[derive(Serialize)]
struct Combination {
    task: u64,
    mask: u64,
    days: Vec<usize>,
}

/// The best known cost of `name` (or of the file's stem) from a `BKS.csv` beside the file.
fn best_known(file: &Path, name: &str) -> Option<f64> {
    let csv = std::fs::read_to_string(file.parent()?.join("BKS.csv")).ok()?;
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    [name, stem.as_str()].iter().find_map(|want| {
        csv.lines().skip(1).find_map(|l| {
            let mut f = l.split(',');
            (f.next()?.trim() == *want).then(|| f.next()?.trim().parse().ok())?
        })
    })
}

fn config(a: &Args) -> SolverConfig {
    SolverConfig {
        seed: a.seed,
        time_limit_ms: if a.iterations.is_some() {
            None
        } else {
            Some((a.time_limit_s * 1e3).max(0.0) as u64)
        },
        iteration_limit: a.iterations,
        ..SolverConfig::default()
    }
}

fn name_or_stem(name: &str, file: &Path) -> String {
    if name.trim().is_empty() {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        name.trim().to_string()
    }
}

/// Runs `solve` for the arc-routing and periodic formats.
pub fn run(a: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(&a.file)?;
    match a.format {
        Format::Carp => run_carp(a, &text),
        _ => run_periodic(a, &text),
    }
}

fn run_carp(a: &Args, text: &str) -> Result<(), Box<dyn std::error::Error>> {
    let inst = carp::read(text)?;
    let name = name_or_stem(&inst.name, &a.file);
    let t = Instant::now();
    let mut iterations = 0;
    let solution = solve(&inst.problem, &config(a), &mut |p| {
        iterations = p.iterations;
        Control::Continue
    })?;
    let elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
    let report = check(&inst.problem, &solution);
    let (served, deadhead) = carp::served_and_deadhead(&inst.problem, &solution);
    let bks = best_known(&a.file, &name);
    let out = CarpOutput {
        instance: &name,
        format: "carp",
        cost: report.cost,
        served_cost: served,
        deadhead_cost: deadhead,
        vehicles: report.vehicles,
        feasible: report.feasible,
        routes: inst.route_edges(&solution),
        elapsed_ms,
        unassigned: solution.unassigned.iter().map(|u| u.task + 1).collect(),
        iterations,
        bks,
        gap_pct: gap(report.cost, bks),
        check: &report,
    };
    if a.json {
        println!("{}", serde_json::to_string(&out)?);
    } else {
        println!(
            "{name}：成本 {:.0}（服务 {:.0}，空驶 {:.0}），车辆 {}，{}，用时 {:.0} ms{}",
            out.cost,
            served,
            deadhead,
            out.vehicles,
            verdict(out.feasible),
            elapsed_ms,
            gap_note(out.gap_pct, "最优/最好解")
        );
        print_violations(&report.violations);
    }
    Ok(())
}

fn run_periodic(a: &Args, text: &str) -> Result<(), Box<dyn std::error::Error>> {
    let (name, problem, ids, arcs, format) = match a.format {
        Format::Pcarp => {
            let inst = pcarp::read(text)?;
            (
                inst.name,
                inst.problem,
                Vec::new(),
                Some(inst.ends),
                "pcarp",
            )
        }
        _ => {
            let inst = cordeau::read(text)?;
            for w in &inst.warnings {
                eprintln!("警告：{w}");
            }
            (inst.name, inst.problem, inst.task_ids, None, "pvrp")
        }
    };
    let name = name_or_stem(&name, &a.file);
    let t = Instant::now();
    let mut iterations = 0;
    let solution: PeriodicSolution = solve_periodic(&problem, &config(a), &mut |p| {
        iterations = p.iterations;
        Control::Continue
    })?;
    let elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
    let report = check_periodic(&problem, &solution);
    let required: Vec<bool> = problem.base.tasks.iter().map(|t| t.required).collect();
    let bks = best_known(&a.file, &name);
    let id = |t: usize| ids.get(t).copied().unwrap_or(t as u64 + 1);
    let days = match &arcs {
        Some(ends) => serde_json::to_value(
            solution
                .days
                .iter()
                .map(|d| {
                    d.routes
                        .iter()
                        .map(|r| {
                            r.steps
                                .iter()
                                .filter_map(|s| {
                                    let &(u, v) = ends.get(s.task)?;
                                    Some(if s.reversed { [v, u] } else { [u, v] })
                                })
                                .collect::<Vec<_>>()
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>(),
        )?,
        None => serde_json::to_value(
            solution
                .days
                .iter()
                .map(|d| {
                    d.routes
                        .iter()
                        .map(|r| r.steps.iter().map(|s| id(s.task)).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>(),
        )?,
    };
    let (served, deadhead) = if arcs.is_some() {
        let served: f64 = solution
            .days
            .iter()
            .flat_map(|d| d.routes.iter().flat_map(|r| &r.steps))
            .filter_map(|s| problem.base.tasks.get(s.task)?.orientation(s.reversed))
            .map(|o| o.serve_distance_m)
            .sum();
        (Some(served), Some(report.cost - served))
    } else {
        (None, None)
    };
    let out = PeriodicOutput {
        instance: &name,
        format,
        cost: report.cost,
        served_cost: served,
        deadhead_cost: deadhead,
        vehicles: report.vehicles,
        feasible: report.feasible,
        days,
        combinations: solution
            .visit_days
            .iter()
            .enumerate()
            .map(|(t, &mask)| Combination {
                task: id(t),
                mask,
                days: day_list(mask),
            })
            .collect(),
        elapsed_ms,
        unassigned: solution.unassigned.iter().map(|&t| id(t)).collect(),
        unassigned_reasons: solution
            .unassigned
            .iter()
            .zip(&solution.reasons)
            .map(|(&t, r)| Reason {
                task: id(t),
                reason: r.code(),
                blocked_days: solution
                    .feasibility
                    .obstacle(t)
                    .map_or(Vec::new(), |o| day_list(o.blocked_days)),
            })
            .collect(),
        proven_infeasible: solution.feasibility.proven_infeasible(&required),
        impossible: solution
            .feasibility
            .tasks
            .iter()
            .map(|o| Reason {
                task: id(o.task),
                reason: o.reason.code(),
                blocked_days: day_list(o.blocked_days),
            })
            .collect(),
        bounds: solution
            .feasibility
            .bounds
            .iter()
            .map(|b| Bound {
                code: b.code(),
                day: b.day.map(|d| d + 1),
                needed: b.needed,
                available: b.available,
                service: b.service,
                visits: b.visits,
                message: b.message(),
            })
            .collect(),
        iterations,
        bks,
        gap_pct: gap(report.cost, bks),
        check: &report,
    };
    if a.json {
        println!("{}", serde_json::to_string(&out)?);
    } else {
        println!(
            "{name}：成本 {:.2}，车次 {}，{}，用时 {:.0} ms{}",
            out.cost,
            out.vehicles,
            verdict(out.feasible),
            elapsed_ms,
            gap_note(out.gap_pct, "最好解")
        );
        print_violations(&report.violations);
        if out.proven_infeasible {
            println!("  已证明无法全部服务：");
        }
        for o in &out.impossible {
            println!(
                "  [{}] 客户 {} 在第 {:?} 天单独出车也无法服务，没有可行的日期组合",
                o.reason, o.task, o.blocked_days
            );
        }
        for b in &out.bounds {
            println!("  [{}] {}", b.code, b.message);
        }
        if !out.unassigned.is_empty() {
            println!(
                "  未服务 {} 个客户：{:?}",
                out.unassigned.len(),
                out.unassigned_reasons
                    .iter()
                    .map(|r| format!("{}（{}）", r.task, r.reason))
                    .collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}
