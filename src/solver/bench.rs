//! Benchmark workload shared by `benches/solver.rs` (native) and the wasm export
//! `benchSolver` (feature `bench-wasm`): the same instance, seed and fixed iteration count on
//! both sides, so that the time ratio compares equal work and the costs must agree.

use serde::Serialize;
use web_time::Instant;

use super::{check, Search, SolverConfig};
use crate::formats::{solomon, tsplib};

/// Figures of one fixed-iteration run.
#[derive(Debug, Clone, Serialize)]
pub struct FixedRun {
    /// Instance name.
    pub instance: String,
    /// Iterations run.
    pub iterations: u64,
    /// Best cost found.
    pub cost: f64,
    /// Feasible per the checker.
    pub feasible: bool,
    /// Wall time including construction, milliseconds.
    pub elapsed_ms: f64,
}

/// Reads `text` in `format` (`tsplib` or `solomon`) and runs exactly `iterations` iterations
/// with `seed`.
pub fn fixed_iterations(
    text: &str,
    format: &str,
    iterations: u64,
    seed: u64,
) -> Result<FixedRun, String> {
    let inst = match format {
        "tsplib" => tsplib::read(text),
        "solomon" => solomon::read(text),
        other => return Err(format!("unknown format {other}")),
    }
    .map_err(|e| e.to_string())?;
    let t = Instant::now();
    let config = SolverConfig::with_iterations(iterations).seed(seed);
    let mut search = Search::new(&inst.problem, &config).map_err(|e| e.to_string())?;
    while !search.step(super::Budget::Iterations(1000)).done {}
    let solution = search.best_solution();
    let elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
    let report = check(&inst.problem, &solution);
    Ok(FixedRun {
        instance: inst.name,
        iterations,
        cost: report.cost,
        feasible: report.feasible,
        elapsed_ms,
    })
}
