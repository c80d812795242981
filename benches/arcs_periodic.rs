//! Arc-routing and periodic benchmark: CARP instances (`../shared/bench/carp`, 30 s each),
//! Cordeau PVRP instances (`../shared/bench/pvrp`, at 10, 30 and 60 s each) and the PCARP
//! instance (`../shared/bench/pcarp`, 60 s), every result through the independent checker, gaps
//! to the best known values of each directory's `BKS.csv` and, for the PVRP, to Cordeau's 1997
//! solutions (read only for the report, never given to the search). Writes the `carp`, `pvrp`
//! (or `pvrp_fixed`) and `pcarp` sections of BENCHMARKS.md.
//!
//! `cargo bench --bench arcs_periodic [-- carp|pvrp|pcarp|all] [--carp-s 30]
//! [--pvrp-times 10,30,60 | --pvrp-s 60] [--pcarp-s 60] [--seed 1] [--fixed-patterns]
//! [--dir DIR] [--bks FILE]`: with `--dir`, the PVRP part runs every `*.txt` of `DIR` instead
//! (best known values from `--bks FILE`, default `DIR/BKS.csv`, where listed) and prints its
//! table without touching BENCHMARKS.md; `--fixed-patterns` holds every customer to its day
//! combination in Cordeau's solution (a diagnosis, section `pvrp_fixed`).

mod common;
#[path = "arcs_periodic/pvrp.rs"]
mod pvrp;

use std::path::{Path, PathBuf};

use web_time::Instant;
use zouhang::formats::carp;
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Under `cargo test --all-targets` (no `--bench` argument) nothing runs: the figures take
    // 6 × 30 s + 7 × 100 s + 60 s and belong to `cargo bench` builds (tests/periodic.rs covers the code).
    if !args.iter().any(|a| a == "--bench") {
        eprintln!("arcs_periodic bench: run `cargo bench --bench arcs_periodic` for the figures (skipped under cargo test)");
        return;
    }
    let which = ["carp", "pvrp", "pcarp", "all"]
        .into_iter()
        .find(|w| args.iter().any(|a| a == w))
        .unwrap_or("all");
    let seed = arg("--seed", 1.0) as u64;
    if which == "carp" || which == "all" {
        run_carp(arg("--carp-s", 30.0), seed);
    }
    if which == "pvrp" || which == "all" {
        pvrp::run_pvrp(&pvrp::times(), seed);
    }
    if which == "pcarp" || which == "all" {
        pvrp::run_pcarp(arg("--pcarp-s", 60.0), seed);
    }
}
