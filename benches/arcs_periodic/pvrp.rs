//! The PVRP part of the arcs-and-periodic benchmark: every Cordeau instance of
//! `../shared/bench/pvrp` at several time limits (default 10, 30 and 60 s, one run each, seed 1,
//! one core), every result through the independent periodic checker, gaps to `BKS.csv` and to
//! Cordeau's own 1995–96 solution (`cordeau1997_solutions/NAME.res`, line 1 its cost), both read
//! only for the report. With `--fixed-patterns`, each customer keeps the day combination of the
//! `.res` solution (a diagnosis: what routing alone reaches on the reference's patterns).
//! Also the PCARP instance of `../shared/bench/pcarp`.

use std::path::{Path, PathBuf};

use web_time::Instant;
use zouhang::formats::{cordeau, pcarp};
use zouhang::solver::periodic::{
    check_periodic, solve_periodic, BoundKind, Feasibility, PeriodicBound, PeriodicProblem,
    VisitRule,
};
use zouhang::solver::Control;

use super::{bks_at, common, config, shared};

/// A string argument (`--dir DIR`), if given.
pub fn text_arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// The PVRP instances to run: every `BKS.csv` row of the default directory, or, with `--dir`,
/// every `*.txt` of that directory (sorted by name, best known values from `--bks FILE` or the
/// directory's `BKS.csv` where they have a row).
fn pvrp_instances(dir: &Path, bks_file: &Path, listed_only: bool) -> Vec<(String, Option<f64>)> {
    let known = bks_at(bks_file);
    if listed_only {
        return known.into_iter().map(|(n, b)| (n, Some(b))).collect();
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| {
                let p = e.ok()?.path();
                if p.extension()? != "txt" {
                    return None;
                }
                Some(p.file_stem()?.to_string_lossy().into_owned())
            })
            .collect()
        })
        .unwrap_or_default();
    // p2 before p10
    names.sort_by_key(|n| {
        let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
        let letters: String = n.chars().filter(|c| !c.is_ascii_digit()).collect();
        (letters, digits.parse::<u64>().unwrap_or(0), n.clone())
    });
    names
        .into_iter()
        .map(|n| {
            let b = known.iter().find(|(k, _)| *k == n).map(|(_, b)| *b);
            (n, b)
        })
        .collect()
}

/// Why a result is not feasible, from what was proven before the search.
fn why_infeasible(f: &Feasibility, feasible: bool) -> String {
    let mut parts = Vec::new();
    if !f.tasks.is_empty() {
        let mut codes: Vec<&str> = f.tasks.iter().map(|o| o.reason.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        parts.push(format!(
            "proven: {} customer(s) fit no vehicle even alone ({})",
            f.tasks.len(),
            codes.join(", ")
        ));
    }
    for kind in [BoundKind::Duration, BoundKind::Load] {
        let what = |b: &PeriodicBound| match kind {
            BoundKind::Duration => format!(
                "service {:.0} + half cheapest legs ≥ {:.0} > {:.0} = sum of duration limits",
                b.service, b.needed, b.available
            ),
            BoundKind::Load => format!(
                "demand {:.0} > {:.0} = sum of capacities",
                b.needed, b.available
            ),
        };
        let days: Vec<&PeriodicBound> = f
            .bounds
            .iter()
            .filter(|b| b.kind == kind && b.day.is_some())
            .collect();
        if let Some(w) = days
            .iter()
            .max_by(|a, b| (a.needed / a.available).total_cmp(&(b.needed / b.available)))
        {
            let list: Vec<String> = days
                .iter()
                .filter_map(|b| Some((b.day? + 1).to_string()))
                .collect();
            parts.push(format!(
                "proven on day(s) {} (visits every allowed day set puts there; day {}: {} visits, {})",
                list.join(", "),
                w.day.map_or(0, |d| d + 1),
                w.visits,
                what(w)
            ));
        }
        for b in f
            .bounds
            .iter()
            .filter(|b| b.kind == kind && b.day.is_none())
        {
            parts.push(format!(
                "proven over the horizon ({} visits, each task's least-needing day set): {}",
                b.visits,
                what(b)
            ));
        }
    }
    if parts.is_empty() {
        if feasible {
            return String::new();
        }
        return "no feasible solution found; infeasibility not proven".into();
    }
    parts.join("; ")
}

/// The cost on line 1 of Cordeau's solution file, and each customer's days (file number → day
/// mask) from its routes `day vehicle duration load 0 c₁ … 0`.
fn reference(dir: &Path, name: &str) -> Option<(f64, Vec<(u64, u64)>)> {
    let text = std::fs::read_to_string(
        dir.join("cordeau1997_solutions")
            .join(format!("{name}.res")),
    )
    .ok()?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let cost: f64 = lines.next()?.trim().parse().ok()?;
    let mut days: Vec<(u64, u64)> = Vec::new();
    for l in lines {
        let f: Vec<u64> = l
            .split_whitespace()
            .enumerate()
            .filter(|(i, _)| *i != 2 && *i != 3)
            .filter_map(|(_, w)| w.parse().ok())
            .collect();
        let (Some(&day), true) = (f.first(), f.len() >= 2) else {
            continue;
        };
        for &c in f.iter().skip(2).filter(|&&c| c != 0) {
            let bit = 1u64 << (day.saturating_sub(1) % 64);
            match days.iter_mut().find(|(k, _)| *k == c) {
                Some((_, m)) => *m |= bit,
                None => days.push((c, bit)),
            }
        }
    }
    Some((cost, days))
}

/// The problem with each customer held to its day combination in the reference solution (a
/// customer the reference leaves out keeps its own rule).
fn fixed_patterns(p: &PeriodicProblem, ids: &[u64], days: &[(u64, u64)]) -> PeriodicProblem {
    let mut q = p.clone();
    for (t, id) in ids.iter().enumerate() {
        if let (Some((_, m)), Some(rule)) = (days.iter().find(|(k, _)| k == id), q.rules.get_mut(t))
        {
            *rule = VisitRule::Combinations(vec![*m]);
        }
    }
    q
}

/// One run: checker cost, feasible, unserved, routes, elapsed seconds, proof text.
struct Run {
    cost: f64,
    feasible: bool,
    unserved: usize,
    routes: usize,
    elapsed_s: f64,
    why: String,
}

fn run_one(p: &PeriodicProblem, seconds: f64, seed: u64) -> Option<Run> {
    let t = Instant::now();
    let sol = match solve_periodic(p, &config(seconds, seed), &mut |_| Control::Continue) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("invalid problem: {e}");
            return None;
        }
    };
    let elapsed_s = t.elapsed().as_secs_f64();
    let rep = check_periodic(p, &sol);
    Some(Run {
        cost: rep.cost,
        feasible: rep.feasible,
        unserved: sol.unassigned.len(),
        routes: rep.vehicles,
        elapsed_s,
        why: why_infeasible(&sol.feasibility, rep.feasible),
    })
}

struct Instance {
    name: String,
    best: Option<f64>,
    res: Option<f64>,
    /// Customers read / header n / days.
    shape: String,
    runs: Vec<Option<Run>>,
}

fn gap(cost: f64, base: Option<f64>) -> Option<f64> {
    base.filter(|b| *b > 0.0).map(|b| 100.0 * (cost - b) / b)
}

fn fmt_gap(g: Option<f64>) -> String {
    g.map_or("—".into(), |g| format!("{g:.2}"))
}

/// `/proc/loadavg`'s one-minute figure (the machine is shared: the load is part of the record).
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// Time limits: `--pvrp-s S` alone, or the list `--pvrp-times 10,30,60` (the default).
pub fn times() -> Vec<f64> {
    if let Some(s) = text_arg("--pvrp-s").and_then(|v| v.parse().ok()) {
        return vec![s];
    }
    text_arg("--pvrp-times")
        .unwrap_or_else(|| "10,30,60".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect()
}

pub fn run_pvrp(times: &[f64], seed: u64) {
    let outside = text_arg("--dir").map(PathBuf::from);
    let fixed = std::env::args().any(|a| a == "--fixed-patterns");
    let dir = outside.clone().unwrap_or_else(|| shared("pvrp"));
    let bks_file = text_arg("--bks")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("BKS.csv"));
    let load_before = load();
    let mut rows: Vec<Instance> = Vec::new();
    for (name, best) in pvrp_instances(&dir, &bks_file, outside.is_none()) {
        let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}.txt"))) else {
            eprintln!("{name}: file missing");
            continue;
        };
        let header_n = text.split_whitespace().nth(2).unwrap_or("?").to_string();
        let inst = match cordeau::read(&text) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        for w in &inst.warnings {
            eprintln!("{name}: {w}");
        }
        let reference = reference(&dir, &name);
        let problem = match (&reference, fixed) {
            (Some((_, days)), true) => fixed_patterns(&inst.problem, &inst.task_ids, days),
            (None, true) => {
                eprintln!("{name}: no reference solution, skipped");
                continue;
            }
            _ => inst.problem.clone(),
        };
        let mut runs = Vec::new();
        for &s in times {
            let run = run_one(&problem, s, seed);
            if let Some(r) = &run {
                eprintln!(
                    "{name} {s:.0} s: {:.2} (best known {best:?}, 1997 {:?}) feasible {} in {:.1} s",
                    r.cost,
                    reference.as_ref().map(|r| r.0),
                    r.feasible,
                    r.elapsed_s
                );
            }
            runs.push(run);
        }
        rows.push(Instance {
            shape: format!(
                "{} / {header_n} / {}",
                inst.task_ids.len(),
                inst.problem.days
            ),
            name,
            best,
            res: reference.map(|r| r.0),
            runs,
        });
    }
    let load_after = load();
    let body = report(
        &rows,
        times,
        seed,
        fixed,
        outside.as_deref(),
        &bks_file,
        (&load_before, &load_after),
    );
    let section = if fixed { "pvrp_fixed" } else { "pvrp" };
    if outside.is_none() {
        if let Err(e) = common::write_section(section, &body) {
            eprintln!("BENCHMARKS.md: {e}");
        }
    } else {
        eprintln!("(instances outside ../shared: BENCHMARKS.md left unchanged)");
    }
    print!("{body}");
}

fn report(
    rows: &[Instance],
    times: &[f64],
    seed: u64,
    fixed: bool,
    outside: Option<&Path>,
    bks_file: &Path,
    loads: (&str, &str),
) -> String {
    // one table: per instance, per time limit, cost and gaps
    let mut t = String::from("| instance | best known | Cordeau 1997 (.res) |");
    let mut sep = String::from("|---|---:|---:|");
    for s in times {
        t.push_str(&format!(
            " {s:.0} s cost | gap BKS (%) | vs .res (%) | feasible |"
        ));
        sep.push_str("---:|---:|---:|---|");
    }
    t.push_str(" customers read / header n / days |\n");
    sep.push_str("---|\n");
    t.push_str(&sep);
    for r in rows {
        t.push_str(&format!(
            "| {} | {} | {} |",
            r.name,
            r.best.map_or("—".into(), |b| b.to_string()),
            r.res.map_or("—".into(), |b| b.to_string())
        ));
        for run in &r.runs {
            match run {
                Some(x) => t.push_str(&format!(
                    " {:.2} | {} | {} | {} |",
                    x.cost,
                    fmt_gap(gap(x.cost, r.best)),
                    fmt_gap(gap(x.cost, r.res)),
                    if x.feasible {
                        "yes".to_string()
                    } else {
                        format!("**no** ({} unserved)", x.unserved)
                    }
                )),
                None => t.push_str(" — | — | — | **no run** |"),
            }
        }
        t.push_str(&format!(" {} |\n", r.shape));
    }
    // verdicts per time limit
    let mut verdicts = String::new();
    for (k, s) in times.iter().enumerate() {
        let runs: Vec<(&Instance, &Run)> = rows
            .iter()
            .filter_map(|r| Some((r, r.runs.get(k)?.as_ref()?)))
            .collect();
        let all_feasible = runs.len() == rows.len() && runs.iter().all(|(_, x)| x.feasible);
        let gaps: Vec<f64> = runs
            .iter()
            .filter_map(|(r, x)| gap(x.cost, r.best))
            .collect();
        let defined = all_feasible && gaps.len() == rows.len() && !gaps.is_empty();
        let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
        let worst = gaps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let worse_than_res: Vec<String> = runs
            .iter()
            .filter(|(r, x)| r.res.is_some_and(|c| x.cost > c + 0.005))
            .map(|(r, x)| format!("{} ({:.2} > {})", r.name, x.cost, r.res.unwrap_or(0.0)))
            .collect();
        let slowest = runs.iter().map(|(_, x)| x.elapsed_s).fold(0.0, f64::max);
        verdicts.push_str(&format!(
            "- **{s:.0} s**: feasible {}/{}; ",
            runs.iter().filter(|(_, x)| x.feasible).count(),
            rows.len()
        ));
        if defined && fixed {
            verdicts.push_str(&format!(
                "mean gap to BKS {mean:.2} %, worst {worst:.2} % (a diagnosis on the reference's day \
                 combinations, not the target measure); "
            ));
        } else if defined {
            verdicts.push_str(&format!(
                "mean gap to BKS {mean:.2} %, worst {worst:.2} % (target at 60 s: mean ≤ 0.5 % and none above 1.5 %: {}); ",
                if mean <= 0.5 && worst <= 1.5 { "met" } else { "**not met**" }
            ));
        } else {
            verdicts.push_str(
                "mean gap not defined (some result infeasible or without best known value); ",
            );
        }
        verdicts.push_str(&if worse_than_res.is_empty() {
            "never worse than Cordeau's 1997 solution".to_string()
        } else {
            format!(
                "worse than Cordeau's 1997 solution: {}",
                worse_than_res.join(", ")
            )
        });
        verdicts.push_str(&format!("; longest run {slowest:.1} s.\n"));
    }
    let why: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.runs.iter().zip(times).filter_map(move |(x, s)| {
                let x = x.as_ref()?;
                (!x.why.is_empty()).then(|| format!("- {} at {s:.0} s: {}", r.name, x.why))
            })
        })
        .collect();
    let source = match outside {
        Some(d) => format!(
            "`{}` (outside ../shared; best known values from `{}` where listed)",
            d.display(),
            bks_file.display()
        ),
        None => "`../shared/bench/pvrp`".to_string(),
    };
    let title = if fixed {
        "## Periodic VRP, diagnosis: routing on the day combinations of Cordeau's 1997 solutions (issue 17)"
    } else {
        "## Periodic VRP, Cordeau format (issue 17)"
    };
    let what = if fixed {
        "Each customer is held to the day combination it has in Cordeau's 1997 solution (`cordeau1997_solutions/*.res`); \
         the search then only routes. A cost at or below the `.res` cost shows that routing is not the gap; the \
         difference between this table and the free search's shows what the choice of day combinations costs."
    } else {
        "The periodic search (day combinations chosen jointly with every day's routes) on the complete Cordeau files."
    };
    let routes: Vec<String> = rows
        .iter()
        .filter_map(|r| Some(format!("{} {}", r.name, r.runs.last()?.as_ref()?.routes)))
        .collect();
    format!(
        "{title}\n\n\
         Command: `{}` · machine: {} · date: {} · load average (1 min) {} before, {} after (2 cores shared with other builds: \
         times are wall-clock under that load)\n\n\
         {what} Instances of {source}, one run per time limit, seed {seed}, one core; Euclidean distances in double \
         precision (not rounded); a route's duration = travel + service of its customers ≤ D (D = 0: no limit); capacity Q; \
         at most the file's `m` vehicles a day; combination codes read as t-digit binary numbers, first digit = day 1. \
         Every result is checked by the independent periodic checker (`check_periodic`); \"vs .res\" is the gap to the cost \
         printed in Cordeau's own solution file. Best known values and `.res` costs are read for the report only, never \
         given to the search.\n\n{t}\n{verdicts}\nRoutes driven over the horizon at the longest limit: {}.\n{}",
        common::command_line("cargo bench --bench arcs_periodic"),
        common::machine(),
        common::today(),
        loads.0,
        loads.1,
        routes.join(", "),
        if why.is_empty() {
            String::new()
        } else {
            format!("\nNot feasible, and what was proven before the search:\n{}\n", why.join("\n"))
        }
    )
}

/// The periodic CARP instance(s) of `../shared/bench/pcarp` (no best known value there).
pub fn run_pcarp(seconds: f64, seed: u64) {
    let dir = shared("pcarp");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()? == "txt" && p.file_stem()? != "README")
                    .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))?
            })
            .collect()
        })
        .unwrap_or_default();
    names.sort();
    let load_before = load();
    let mut t = String::from(
        "| instance | required edges | vehicles / capacity | cost | feasible (checker) | unserved | routes over 5 days | time (s) |\n|---|---:|---|---:|---|---:|---:|---:|\n",
    );
    for name in names {
        let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}.txt"))) else {
            continue;
        };
        let inst = match pcarp::read(&text) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        let p = &inst.problem;
        let Some(run) = run_one(p, seconds, seed) else {
            continue;
        };
        eprintln!(
            "{name}: {:.0} feasible {} in {:.1} s",
            run.cost, run.feasible, run.elapsed_s
        );
        let veh = p.base.vehicles.first();
        t.push_str(&format!(
            "| {name} | {} | {} / {} | {:.0} | {} | {} | {} | {:.1} |\n",
            p.base.tasks.len(),
            p.base.vehicles.len(),
            veh.and_then(|v| v.capacity.first())
                .map_or("—".into(), |c| c.to_string()),
            run.cost,
            if run.feasible { "yes" } else { "**no**" },
            run.unserved,
            run.routes,
            run.elapsed_s
        ));
    }
    let body = format!(
        "## Periodic CARP (issue 17)\n\n\
         Command: `{}` · machine: {} · date: {} · load average (1 min) {load_before} before, {} after\n\n\
         The periodic search with arc tasks on `../shared/bench/pcarp`, {seconds:.0} s on one core, seed {seed}. \
         Conventions (`formats::pcarp`, after Chu, Labadi & Prins 2006): a 5-day horizon; each required edge served \
         `freq` times on one of the day combinations that paper allows for its frequency; `Trav` is the deadheading \
         cost, `Col` the service cost, `Qty` the demand of each visit; `nbtrucks` vehicles of `capacity` each day; \
         `minspac`/`maxspac` ignored as the format says; cost = service + deadhead summed over the 5 days, integers. \
         Every result checked by the independent periodic checker. `../shared` gives no best known value for this \
         instance, so no gap is stated.\n\n{t}",
        common::command_line("cargo bench --bench arcs_periodic"),
        common::machine(),
        common::today(),
        load(),
    );
    if let Err(e) = common::write_section("pcarp", &body) {
        eprintln!("BENCHMARKS.md: {e}");
    }
    print!("{body}");
}
