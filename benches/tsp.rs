//! TSP benchmark (issue 16): the chained Lin–Kernighan engine side by side with LKH-3
//! (Helsgaun; PyPI `elkai` in the bench-only venv `target/bench-venv`, made by
//! `scripts/bench-venv.sh`), in one run so that the shared machine's load is the same for both.
//!
//! `cargo bench --bench tsp [-- --tsp-s 2 --large-n 10000 --large-s 10 --seed 1 --no-large --no-tsplib --no-lkh]`
//!
//! - TSPLIB (`../shared/bench/tsplib`, or `--dir DIR`): ours through `solve` with a time limit
//!   of `--tsp-s` (wall time from reading the problem on), LKH with `TOTAL_TIME_LIMIT` the same;
//!   gaps to the proven optima.
//! - Scale: a uniform instance of `--large-n` points (integer coordinates in [0, 10⁶), seeded,
//!   generated here and written as a TSPLIB file to `target/bench-tsp/` so that both solvers
//!   read the same instance), `--large-s` each; ours through [`TourSearch`] (the general
//!   model's dense matrices do not fit 10,000 points).
//!
//! Every tour, ours and LKH's, goes through the independent checker as a one-route solution of
//! the TSPLIB problem; the lengths reported are the checker's. Writes the `tsp` section of
//! BENCHMARKS.md. Under `cargo test --all-targets` (no `--bench`) it only runs a smoke test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use web_time::Instant;
use zouhang::formats::tsplib;
use zouhang::solver::tsp::{FnCost, TourSearch};
use zouhang::solver::{
    check, solve, Control, Problem, Route, Solution, SolverConfig, Step, Summary,
};

const TSPLIB: [&str; 7] = [
    "berlin52", "kroA100", "ch150", "a280", "pcb442", "rat783", "pr1002",
];
const PYTHON: &str = "target/bench-venv/bin/python";

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A checked tour.
#[derive(Debug, Clone, Copy)]
struct Run {
    length: f64,
    feasible: bool,
    wall_s: f64,
}

/// The one-route solution visiting TSPLIB nodes in `tour` order (node 0 is the depot, node
/// `i` task `i − 1`), with the figures a plain tour has: no service, no waiting, one
/// vehicle of speed factor 1 from time 0.
fn tour_solution(problem: &Problem, tour: &[u32]) -> Solution {
    let p = &problem.profiles[0];
    let veh = &problem.vehicles[0];
    let dims = veh.capacity.len();
    let start = tour.iter().position(|&x| x == 0).unwrap_or(0);
    let m = tour.len();
    let order: Vec<usize> = (1..m).map(|k| tour[(start + k) % m] as usize).collect();
    let (mut at, mut t, mut dist) = (0usize, veh.shift.start_s, 0.0);
    let mut steps = Vec::with_capacity(order.len());
    for &node in &order {
        t += p.duration_s(at, node) / veh.speed_factor;
        dist += p.distance_m(at, node);
        steps.push(Step {
            task: node - 1,
            reversed: false,
            arrival_s: t,
            start_s: t,
            departure_s: t,
            distance_m: dist,
            load: vec![0; dims],
        });
        at = node;
    }
    t += p.duration_s(at, 0) / veh.speed_factor;
    dist += p.distance_m(at, 0);
    let duration = t - veh.shift.start_s;
    let cost = problem.objective.distance_weight * dist
        + problem.objective.duration_weight * duration
        + veh.fixed_cost;
    let route = Route {
        vehicle: 0,
        steps,
        start_s: veh.shift.start_s,
        end_s: t,
        distance_m: dist,
        duration_s: duration,
        load: vec![0; dims],
        cost,
    };
    Solution {
        summary: Summary {
            cost,
            distance_m: dist,
            duration_s: duration,
            vehicles: 1,
            served: order.len(),
            unassigned: 0,
            unassigned_required: 0,
            served_prize: 0.0,
            lost_prize: 0.0,
        },
        routes: vec![route],
        unassigned: Vec::new(),
    }
}

fn checked(problem: &Problem, tour: &[u32], wall_s: f64) -> Run {
    let report = check(problem, &tour_solution(problem, tour));
    if !report.violations.is_empty() {
        eprintln!("checker: {:?}", report.violations.first());
    }
    Run {
        length: report.cost,
        feasible: report.feasible,
        wall_s,
    }
}

/// Ours on a TSPLIB file, through `solve`.
fn ours_tsplib(path: &Path, limit_s: f64, seed: u64) -> Result<Run, String> {
    let t = Instant::now();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let inst = tsplib::read(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let config = SolverConfig::with_time_limit_ms((limit_s * 1e3) as u64).seed(seed);
    let mut iterations = 0;
    let solution = solve(&inst.problem, &config, &mut |p| {
        iterations = p.iterations;
        Control::Continue
    })
    .map_err(|e| e.to_string())?;
    eprintln!("{}: {iterations} kicks", path.display());
    let wall_s = t.elapsed().as_secs_f64();
    let report = check(&inst.problem, &solution);
    Ok(Run {
        length: report.cost,
        feasible: report.feasible && solution.unassigned.is_empty(),
        wall_s,
    })
}

/// LKH-3 on a TSPLIB file; its tour checked on `problem`.
fn lkh(problem: &Problem, path: &Path, limit_s: f64, seed: u64) -> Result<Run, String> {
    let out = Command::new(PYTHON)
        .args([
            "benches/lkh.py",
            &path.to_string_lossy(),
            &limit_s.to_string(),
            &seed.to_string(),
        ])
        .output()
        .map_err(|e| format!("{PYTHON}: {e} (run scripts/bench-venv.sh)"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("LKH output: {e}"))?;
    let tour: Vec<u32> = v
        .get("tour")
        .and_then(|t| t.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_u64())
                .map(|x| x as u32)
                .collect()
        })
        .unwrap_or_default();
    let wall_s = v
        .get("elapsed_s")
        .and_then(|x| x.as_f64())
        .unwrap_or(f64::NAN);
    Ok(checked(problem, &tour, wall_s))
}

fn optimum(dir: &Path, name: &str) -> Option<f64> {
    let csv = std::fs::read_to_string(dir.join("BKS.csv")).ok()?;
    csv.lines().skip(1).find_map(|l| {
        let mut f = l.split(',');
        (f.next()?.trim() == name).then(|| f.next()?.trim().parse().ok())?
    })
}

/// SplitMix64: the benchmark's own seeded generator.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `n` uniform points with integer coordinates in [0, 10⁶), as a TSPLIB `EUC_2D` file.
fn uniform_tsplib(n: usize, seed: u64) -> String {
    let mut rng = SplitMix(seed);
    let mut s = format!(
        "NAME: uniform{n}s{seed}\nTYPE: TSP\nCOMMENT: zouhang benches/tsp.rs, SplitMix64 seed {seed}\n\
         DIMENSION: {n}\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n"
    );
    for i in 0..n {
        let x = rng.next() % 1_000_000;
        let y = rng.next() % 1_000_000;
        s.push_str(&format!("{} {x} {y}\n", i + 1));
    }
    s.push_str("EOF\n");
    s
}

fn coords(text: &str) -> Vec<(f64, f64)> {
    let mut in_coords = false;
    let mut pts = Vec::new();
    for line in text.lines() {
        if line.starts_with("NODE_COORD_SECTION") {
            in_coords = true;
            continue;
        }
        let f: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if in_coords && f.len() == 3 {
            pts.push((f[1], f[2]));
        }
    }
    pts
}

/// Ours on a generated instance, through [`TourSearch`] (wall time includes the candidates).
fn ours_points(problem: &Problem, pts: &[(f64, f64)], limit_s: f64, seed: u64) -> Run {
    let t = Instant::now();
    let cost = FnCost::new(pts.len(), |a, b| {
        let (p, q) = (pts[a as usize], pts[b as usize]);
        (p.0 - q.0).hypot(p.1 - q.1).round()
    });
    let mut search = TourSearch::in_plane(cost, pts, seed);
    let setup_s = t.elapsed().as_secs_f64();
    search.run_for_ms((limit_s - setup_s).max(0.0) * 1e3);
    let wall_s = t.elapsed().as_secs_f64();
    eprintln!(
        "ours: setup {setup_s:.2} s, {} kicks, length {:.0}",
        search.iterations(),
        search.best_length()
    );
    checked(problem, search.best_tour(), wall_s)
}

fn gap(len: f64, opt: f64) -> f64 {
    100.0 * (len - opt) / opt
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).ok();
    let seed: u64 = arg("--seed", 1);
    if !std::env::args().any(|a| a == "--bench") {
        // smoke: a small generated instance, checked
        let text = uniform_tsplib(200, seed);
        if let Ok(inst) = tsplib::read(&text) {
            let run = ours_points(&inst.problem, &coords(&text), 0.05, seed);
            assert!(run.feasible, "smoke run infeasible");
        }
        return;
    }
    let dir: PathBuf = arg("--dir", PathBuf::from("../shared/bench/tsplib"));
    let tsp_s: f64 = arg("--tsp-s", 2.0);
    let large_n: usize = arg("--large-n", 10_000);
    let large_s: f64 = arg("--large-s", 10.0);
    let no_large = std::env::args().any(|a| a == "--no-large");
    let no_tsplib = std::env::args().any(|a| a == "--no-tsplib");
    let no_lkh = std::env::args().any(|a| a == "--no-lkh");
    if !Path::new(PYTHON).exists() {
        let _ = Command::new("scripts/bench-venv.sh").status();
    }
    let load = load_average();
    let mut md = format!(
        "## TSP: chained Lin–Kernighan vs LKH-3 (issue 16)\n\n\
         Command: `{}` · machine: {} · date: {} · load average at start: {load} (2 cores shared \
         with other builds; both solvers run in the same program, one after the other per \
         instance). Seed {seed}. LKH-3 is PyPI `elkai` 2.0.1 with `RUNS = 1`, \
         `TOTAL_TIME_LIMIT` = our limit; LKH does not count its preprocessing (the ascent) \
         in that limit, so both wall times are shown. Every tour, ours and LKH's, went through \
         the independent checker; lengths are the checker's.\n\n",
        common::command_line("cargo bench --bench tsp"),
        common::machine(),
        common::today()
    );
    if !no_tsplib {
        md.push_str(&format!(
            "### TSPLIB (`../shared/bench/tsplib`), {tsp_s} s\n\n\
             | instance | optimum | ours | gap % | ours wall (s) | LKH-3 | LKH gap % | LKH wall (s) | both checked |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        ));
        let (mut gaps, mut lkh_gaps) = (Vec::new(), Vec::new());
        for name in TSPLIB {
            let path = dir.join(format!("{name}.tsp"));
            let Some(opt) = optimum(&dir, name) else {
                eprintln!("{name}: no optimum in BKS.csv");
                continue;
            };
            let problem = match std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|t| tsplib::read(&t).map_err(|e| e.to_string()))
            {
                Ok(i) => i.problem,
                Err(e) => {
                    eprintln!("{name}: {e}");
                    continue;
                }
            };
            let ours = ours_tsplib(&path, tsp_s, seed);
            let theirs = if no_lkh {
                Err("skipped".to_string())
            } else {
                lkh(&problem, &path, tsp_s, seed)
            };
            let cell = |r: &Result<Run, String>| match r {
                Ok(r) => (
                    format!("{:.0}", r.length),
                    format!("{:.3}", gap(r.length, opt)),
                    format!("{:.2}", r.wall_s),
                ),
                Err(e) => (
                    format!("failed: {}", e.lines().next().unwrap_or("")),
                    "—".into(),
                    "—".into(),
                ),
            };
            let (a, b) = (cell(&ours), cell(&theirs));
            let ok = matches!((&ours, &theirs), (Ok(x), Ok(y)) if x.feasible && y.feasible);
            eprintln!("{name}: ours {} ({} %), LKH {} ({} %)", a.0, a.1, b.0, b.1);
            md.push_str(&format!(
                "| {name} | {opt:.0} | {} | {} | {} | {} | {} | {} | {} |\n",
                a.0,
                a.1,
                a.2,
                b.0,
                b.1,
                b.2,
                if ok { "yes" } else { "NO" }
            ));
            if let Ok(r) = &ours {
                gaps.push(gap(r.length, opt));
            }
            if let Ok(r) = &theirs {
                lkh_gaps.push(gap(r.length, opt));
            }
        }
        let mean = |g: &[f64]| g.iter().sum::<f64>() / g.len().max(1) as f64;
        let max = |g: &[f64]| g.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let met = mean(&gaps) <= 0.05 && max(&gaps) <= 0.2 && gaps.len() == TSPLIB.len();
        md.push_str(&format!(
            "\nOurs: mean gap {:.3} %, worst {:.3} % over {} instances (target mean ≤ 0.05 %, none \
             above 0.2 %: {}). LKH-3: mean {:.3} %, worst {:.3} %.\n\n",
            mean(&gaps),
            max(&gaps),
            gaps.len(),
            if met { "met" } else { "not met" },
            mean(&lkh_gaps),
            max(&lkh_gaps)
        ));
    }
    if !no_large {
        let text = uniform_tsplib(large_n, seed);
        let out = PathBuf::from("target/bench-tsp");
        let path = out.join(format!("uniform{large_n}s{seed}.tsp"));
        let written = std::fs::create_dir_all(&out).and_then(|_| std::fs::write(&path, &text));
        match (written, tsplib::read(&text)) {
            (Ok(()), Ok(inst)) => {
                let ours = ours_points(&inst.problem, &coords(&text), large_s, seed);
                let theirs = if no_lkh {
                    Err("skipped".to_string())
                } else {
                    lkh(&inst.problem, &path, large_s, seed)
                };
                eprintln!("large: ours {ours:?}, LKH {theirs:?}");
                md.push_str(&format!(
                    "### Scale: {large_n} uniform points (SplitMix64 seed {seed}, integer coordinates in [0, 10⁶), EUC_2D), {large_s} s\n\n\
                     | solver | length | wall (s) | checked |\n|---|---:|---:|---|\n\
                     | ours (`TourSearch`) | {:.0} | {:.2} | {} |\n",
                    ours.length, ours.wall_s, if ours.feasible { "yes" } else { "NO" }
                ));
                match theirs {
                    Ok(l) => {
                        let rel = gap(ours.length, l.length);
                        md.push_str(&format!(
                            "| LKH-3 | {:.0} | {:.2} | {} |\n\nOurs vs LKH-3: {rel:+.2} % (target within 1 %: {}).\n\n",
                            l.length, l.wall_s, if l.feasible { "yes" } else { "NO" },
                            if rel <= 1.0 && ours.feasible { "met" } else { "not met" }
                        ));
                    }
                    Err(e) => md.push_str(&format!(
                        "| LKH-3 | failed: {} | — | — |\n\n",
                        e.lines().next().unwrap_or("")
                    )),
                }
            }
            (Err(e), _) => eprintln!("{}: {e}", path.display()),
            (_, Err(e)) => eprintln!("generated instance: {e}"),
        }
    }
    print!("{md}");
    if let Err(e) = common::write_section("tsp", &md) {
        eprintln!("could not write BENCHMARKS.md: {e}");
    }
}
