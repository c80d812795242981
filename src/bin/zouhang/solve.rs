//! `zouhang solve FILE --format tsplib|solomon [--time-limit-s S] [--iterations N] [--seed N]
//! [--json]`: solves a benchmark instance, checks the result with the independent checker and
//! prints `{"instance", "format", "cost", "vehicles", "feasible", "routes", "elapsed_ms", …}`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use web_time::Instant;
use zouhang::formats::{solomon, tsplib, BenchInstance};
use zouhang::solver::{check, solve, CheckReport, Control, SolverConfig};

/// Instance format.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// TSPLIB (EUC_2D costs rounded with nint).
    Tsplib,
    /// Solomon VRPTW (plain Euclidean distance objective).
    Solomon,
    /// CARPLIB arc routing (integer costs, service + deadhead).
    Carp,
    /// Cordeau periodic VRP (Euclidean, day combinations).
    Pvrp,
    /// Periodic CARP (5 days, Chu et al. 2006 combinations).
    Pcarp,
}

/// Arguments of `solve`.
#[derive(clap::Args)]
pub struct Args {
    /// Instance file.
    pub file: PathBuf,
    /// Instance format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Time limit in seconds.
    #[arg(long, default_value_t = 2.0)]
    pub time_limit_s: f64,
    /// Fixed iteration count instead (deterministic for a seed).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Output<'a> {
    instance: &'a str,
    format: &'a str,
    cost: f64,
    vehicles: usize,
    feasible: bool,
    routes: Vec<Vec<u64>>,
    elapsed_ms: f64,
    unassigned: Vec<u64>,
    iterations: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    bks: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap_pct: Option<f64>,
    check: &'a CheckReport,
}

/// The best known cost of `name` from a `BKS.csv` beside the instance file, if there is one.
fn best_known(file: &Path, name: &str) -> Option<f64> {
    let csv = std::fs::read_to_string(file.parent()?.join("BKS.csv")).ok()?;
    csv.lines().skip(1).find_map(|l| {
        let mut f = l.split(',');
        (f.next()?.trim() == name).then(|| f.next()?.trim().parse().ok())?
    })
}

pub fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(&a.file)?;
    let (inst, format): (BenchInstance, &str) = match a.format {
        Format::Tsplib => (tsplib::read(&text)?, "tsplib"),
        Format::Solomon => (solomon::read(&text)?, "solomon"),
        Format::Carp | Format::Pvrp | Format::Pcarp => return crate::solve_arcs::run(&a),
    };
    let name = if inst.name.is_empty() {
        a.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        inst.name.clone()
    };
    let config = SolverConfig {
        seed: a.seed,
        time_limit_ms: if a.iterations.is_some() {
            None
        } else {
            Some((a.time_limit_s * 1e3).max(0.0) as u64)
        },
        iteration_limit: a.iterations,
        ..SolverConfig::default()
    };
    let t = Instant::now();
    let mut iterations = 0;
    let solution = solve(&inst.problem, &config, &mut |p| {
        iterations = p.iterations;
        Control::Continue
    })?;
    let elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
    let report = check(&inst.problem, &solution);
    let bks = best_known(&a.file, &name);
    let out = Output {
        instance: &name,
        format,
        cost: report.cost,
        vehicles: report.vehicles,
        feasible: report.feasible,
        routes: inst.route_ids(&solution),
        elapsed_ms,
        unassigned: solution
            .unassigned
            .iter()
            .filter_map(|u| inst.task_ids.get(u.task).copied())
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
            "{name}：成本 {:.2}，车辆 {}，{}，用时 {:.0} ms{}",
            out.cost,
            out.vehicles,
            verdict(out.feasible),
            elapsed_ms,
            gap_note(out.gap_pct, "最优/最好解")
        );
        print_violations(&report.violations);
    }
    Ok(())
}

/// Percent above the best known cost, when there is one.
pub(crate) fn gap(cost: f64, bks: Option<f64>) -> Option<f64> {
    bks.filter(|&b| b > 0.0).map(|b| 100.0 * (cost - b) / b)
}

/// The checker's verdict for the text output.
pub(crate) fn verdict(feasible: bool) -> &'static str {
    if feasible {
        "可行（独立校验通过）"
    } else {
        "不可行"
    }
}

/// "，与{against}差 x.xx%" when there is a gap, else nothing.
pub(crate) fn gap_note(gap_pct: Option<f64>, against: &str) -> String {
    gap_pct
        .map(|g| format!("，与{against}差 {g:.2}%"))
        .unwrap_or_default()
}

/// The checker's violations, one indented line each.
pub(crate) fn print_violations(violations: &[zouhang::solver::Violation]) {
    for v in violations {
        println!("  [{}] {}", v.code, v.message);
    }
}
