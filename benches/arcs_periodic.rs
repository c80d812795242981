//! Arc-routing and periodic benchmark: CARP instances (`../shared/bench/carp`, 30 s each) and
//! Cordeau PVRP instances (`../shared/bench/pvrp`, 60 s each), every result through the
//! independent checker, gaps to the best known values of each directory's `BKS.csv` (read only
//! for the report, never given to the search). Writes the `carp` and `pvrp` sections of
//! BENCHMARKS.md.
//!
//! `cargo bench --bench arcs_periodic [-- carp|pvrp|all] [--carp-s 30] [--pvrp-s 60] [--seed 1]
//! [--dir DIR] [--bks FILE]`: with `--dir`, the PVRP part runs every `*.txt` of `DIR` instead
//! (best known values from `--bks FILE`, default `DIR/BKS.csv`, where listed) and prints its
//! table without touching BENCHMARKS.md.

mod common;

use std::path::{Path, PathBuf};

use web_time::Instant;
use zouhang::formats::{carp, cordeau};
use zouhang::solver::periodic::{
    check_periodic, solve_periodic, BoundKind, Feasibility, PeriodicBound,
};
use zouhang::solver::{check, solve, Control, SolverConfig};

fn arg(name: &str, default: f64) -> f64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn shared(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bench")
        .join(dir)
}

/// `(instance, best known)` rows of a `BKS.csv`, in file order.
fn bks(dir: &Path) -> Vec<(String, f64)> {
    bks_at(&dir.join("BKS.csv"))
}

struct Row {
    name: String,
    cost: f64,
    best: f64,
    feasible: bool,
    unserved: usize,
    extra: String,
    elapsed_s: f64,
}

fn table(rows: &[Row], extra_head: &str) -> (String, f64) {
    let mut s = format!(
        "| instance | cost | best known | gap (%) | feasible (checker) | unserved | {extra_head} | time (s) |\n|---|---:|---:|---:|---|---:|---|---:|\n"
    );
    let mut gaps = Vec::new();
    for r in rows {
        let gap = 100.0 * (r.cost - r.best) / r.best;
        if r.feasible {
            gaps.push(gap);
        }
        s.push_str(&format!(
            "| {} | {:.2} | {} | {:.2} | {} | {} | {} | {:.1} |\n",
            r.name,
            r.cost,
            r.best,
            gap,
            if r.feasible { "yes" } else { "**no**" },
            r.unserved,
            r.extra,
            r.elapsed_s
        ));
    }
    let mean = if gaps.len() == rows.len() && !gaps.is_empty() {
        gaps.iter().sum::<f64>() / gaps.len() as f64
    } else {
        f64::NAN
    };
    (s, mean)
}

fn config(seconds: f64, seed: u64) -> SolverConfig {
    SolverConfig::with_time_limit_ms((seconds * 1e3) as u64).seed(seed)
}

fn run_carp(seconds: f64, seed: u64) {
    let dir = shared("carp");
    let mut rows = Vec::new();
    for (name, best) in bks(&dir) {
        let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}.dat"))) else {
            eprintln!("{name}: file missing");
            continue;
        };
        let inst = match carp::read(&text) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        let t = Instant::now();
        let Ok(sol) = solve(&inst.problem, &config(seconds, seed), &mut |_| {
            Control::Continue
        }) else {
            eprintln!("{name}: invalid problem");
            continue;
        };
        let elapsed_s = t.elapsed().as_secs_f64();
        let rep = check(&inst.problem, &sol);
        let (served, deadhead) = carp::served_and_deadhead(&inst.problem, &sol);
        eprintln!(
            "{name}: {} (best known {best}) in {elapsed_s:.1} s",
            rep.cost
        );
        rows.push(Row {
            name,
            cost: rep.cost,
            best,
            feasible: rep.feasible,
            unserved: rep.unassigned_required,
            extra: format!("{served:.0} / {deadhead:.0} / {}", rep.vehicles),
            elapsed_s,
        });
    }
    let (t, mean) = table(&rows, "served / deadhead / vehicles");
    let gdb_ok = rows
        .iter()
        .filter(|r| r.name == "gdb1" || r.name == "gdb23")
        .all(|r| r.feasible && r.cost <= r.best);
    let body = format!(
        "## Capacitated arc routing, CARPLIB (issue: periodic planning and arc routing)\n\n\
         Command: `{}` · machine: {} · date: {}\n\n\
         `zouhang`'s general solver (SISR ruin-and-recreate with annealing, local search, arc directions by \
         dynamic programming) on the six instances of `../shared/bench/carp`, {seconds:.0} s each on one core, \
         seed {seed}; costs are integers, total = service + deadhead, capacity enforced, fleet not limited by \
         `VEHICULOS`; every result checked by the independent checker.\n\n{t}\n\
         Mean gap {mean:.2} % (target ≤ 1.5 %: {}); gdb1 and gdb23 at their optimum: {}.\n",
        common::command_line("cargo bench --bench arcs_periodic"),
        common::machine(),
        common::today(),
        if mean <= 1.5 { "met" } else { "**not met**" },
        if gdb_ok { "yes" } else { "**no**" },
    );
    if let Err(e) = common::write_section("carp", &body) {
        eprintln!("BENCHMARKS.md: {e}");
    }
    print!("{body}");
}

/// A string argument (`--dir DIR`), if given.
fn text_arg(name: &str) -> Option<String> {
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

/// `(instance, best known)` rows of a BKS CSV file.
fn bks_at(file: &Path) -> Vec<(String, f64)> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?.trim().to_string(), f.next()?.trim().parse().ok()?))
        })
        .collect()
}

struct PvrpRow {
    name: String,
    cost: f64,
    best: Option<f64>,
    feasible: bool,
    complete: bool,
    unserved: usize,
    extra: String,
    why: String,
    elapsed_s: f64,
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

fn pvrp_table(rows: &[PvrpRow]) -> String {
    let mut s = String::from(
        "| instance | cost | best known | gap (%) | feasible (checker) | unserved | customers read / header n / days / routes | why not feasible | time (s) |\n|---|---:|---:|---:|---|---:|---|---|---:|\n",
    );
    for r in rows {
        let (best, gap) = match r.best {
            Some(b) if b > 0.0 => (format!("{b}"), format!("{:.2}", 100.0 * (r.cost - b) / b)),
            _ => ("—".into(), "—".into()),
        };
        s.push_str(&format!(
            "| {} | {:.2} | {best} | {gap} | {} | {} | {} | {} | {:.1} |\n",
            r.name,
            r.cost,
            if r.feasible { "yes" } else { "**no**" },
            r.unserved,
            r.extra,
            if r.why.is_empty() { "—" } else { &r.why },
            r.elapsed_s
        ));
    }
    s
}

fn run_pvrp(seconds: f64, seed: u64) {
    let outside = text_arg("--dir").map(PathBuf::from);
    let dir = outside.clone().unwrap_or_else(|| shared("pvrp"));
    let bks_file = text_arg("--bks")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("BKS.csv"));
    let mut rows = Vec::new();
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
        let t = Instant::now();
        let sol = match solve_periodic(&inst.problem, &config(seconds, seed), &mut |_| {
            Control::Continue
        }) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{name}: invalid problem: {e}");
                continue;
            }
        };
        let elapsed_s = t.elapsed().as_secs_f64();
        let rep = check_periodic(&inst.problem, &sol);
        eprintln!(
            "{name}: {} (best known {best:?}) in {elapsed_s:.1} s",
            rep.cost
        );
        rows.push(PvrpRow {
            complete: header_n == inst.task_ids.len().to_string(),
            name,
            cost: rep.cost,
            best,
            feasible: rep.feasible,
            unserved: sol.unassigned.len(),
            extra: format!(
                "{} / {header_n} / {} / {}",
                inst.task_ids.len(),
                inst.problem.days,
                rep.vehicles
            ),
            why: why_infeasible(&sol.feasibility, rep.feasible),
            elapsed_s,
        });
    }
    let t = pvrp_table(&rows);
    let gaps: Vec<f64> = rows
        .iter()
        .filter_map(|r| Some(100.0 * (r.cost - r.best?) / r.best?))
        .collect();
    let all_feasible = rows.iter().all(|r| r.feasible) && gaps.len() == rows.len();
    let mean = |g: &[f64]| g.iter().sum::<f64>() / g.len().max(1) as f64;
    let target = if all_feasible && !gaps.is_empty() {
        let m = mean(&gaps);
        format!(
            "Mean gap {m:.2} % (target ≤ 2.5 %: {}).",
            if m <= 2.5 { "met" } else { "**not met**" }
        )
    } else {
        "Mean gap over all instances not defined: some result is infeasible or has no best known \
         value (target ≤ 2.5 %: **not met**)."
            .to_string()
    };
    let good: Vec<f64> = rows
        .iter()
        .filter(|r| r.feasible && r.complete)
        .filter_map(|r| Some(100.0 * (r.cost - r.best?) / r.best?))
        .collect();
    let partial = if good.is_empty() || good.len() == rows.len() {
        String::new()
    } else {
        format!(
            "\nFor information only (not the target measure): mean gap {:.2} % over the {} instance(s) \
             whose file holds the header's customer count, with a checker-feasible result and a best known value.\n",
            mean(&good),
            good.len()
        )
    };
    let source = match &outside {
        Some(d) => format!(
            "`{}` (outside ../shared; best known values from `{}` where listed)",
            d.display(),
            bks_file.display()
        ),
        None => "`../shared/bench/pvrp`".to_string(),
    };
    let body = format!(
        "## Periodic VRP, Cordeau format (issue: periodic planning and arc routing)\n\n\
         Command: `{}` · machine: {} · date: {}\n\n\
         The periodic search (day combinations chosen jointly with every day's routes) on the instances of \
         {source}, {seconds:.0} s each on one core, seed {seed}; Euclidean distances not rounded, \
         duration limit D including service times, capacity Q, the file's `m` vehicles per day; every result \
         checked by the independent periodic checker. \"customers read\" against the header's `n` shows whether \
         a file holds the literature instance's customer count. \"why not feasible\" gives what was proven \
         before the search (customers no vehicle can serve alone; capacity bounds: per day for the visits \
         that day must hold, or over the horizon for every task's least-needing day set).\n\n{t}\n\
         {target}\n{partial}",
        common::command_line("cargo bench --bench arcs_periodic"),
        common::machine(),
        common::today(),
    );
    if outside.is_none() {
        if let Err(e) = common::write_section("pvrp", &body) {
            eprintln!("BENCHMARKS.md: {e}");
        }
    } else {
        eprintln!("(instances outside ../shared: BENCHMARKS.md left unchanged)");
    }
    print!("{body}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Under `cargo test --all-targets` (no `--bench` argument) nothing runs: the figures take
    // 6 × 30 s + 7 × 60 s and belong to `cargo bench` builds (tests/periodic.rs covers the code).
    if !args.iter().any(|a| a == "--bench") {
        eprintln!("arcs_periodic bench: run `cargo bench --bench arcs_periodic` for the figures (skipped under cargo test)");
        return;
    }
    let which = ["carp", "pvrp", "all"]
        .into_iter()
        .find(|w| args.iter().any(|a| a == w))
        .unwrap_or("all");
    let seed = arg("--seed", 1.0) as u64;
    if which != "pvrp" {
        run_carp(arg("--carp-s", 30.0), seed);
    }
    if which != "carp" {
        run_pvrp(arg("--pvrp-s", 60.0), seed);
    }
}
