//! Configuration, budgets and progress of a search.

use serde::Serialize;

/// Tunable parameters of the search. The defaults are the values documented in
/// `docs/SOLVER.md`; temperatures are relative to the average edge cost of the first solution.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchParams {
    /// SISR: average number of tasks removed per iteration (c̄).
    pub avg_removed: f64,
    /// SISR: maximum string length (L_max).
    pub max_string_len: f64,
    /// SISR: probability of a split string.
    pub split_rate: f64,
    /// SISR: probability of stopping to grow a split string's preserved block (β).
    pub split_depth: f64,
    /// SISR: probability of skipping a position during insertion (blink rate).
    pub blink_rate: f64,
    /// Simulated annealing: start temperature × average edge cost.
    pub start_temperature: f64,
    /// Simulated annealing: end temperature × average edge cost.
    pub end_temperature: f64,
    /// Run the local search (relocate, swap, 2-opt, or-opt, 2-opt*) on every new best solution.
    pub local_search: bool,
    /// Use the dedicated TSP engine when the problem is a pure symmetric TSP.
    pub tsp_engine: bool,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            avg_removed: 10.0,
            max_string_len: 10.0,
            split_rate: 0.5,
            split_depth: 0.01,
            blink_rate: 0.01,
            start_temperature: 1.0,
            end_temperature: 0.01,
            local_search: true,
            tsp_engine: true,
        }
    }
}

/// When to stop, and the seed.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverConfig {
    /// Seed of the random generator: same seed, same problem, same iteration limit ⇒ same
    /// solution, natively and in wasm.
    pub seed: u64,
    /// Stop after this much time spent in [`crate::solver::Search::step`], milliseconds.
    pub time_limit_ms: Option<u64>,
    /// Stop after this many iterations. With only this limit the search is deterministic.
    pub iteration_limit: Option<u64>,
    /// Search parameters.
    pub params: SearchParams,
}

impl Default for SolverConfig {
    fn default() -> Self {
        SolverConfig {
            seed: 1,
            time_limit_ms: Some(2000),
            iteration_limit: None,
            params: SearchParams::default(),
        }
    }
}

impl SolverConfig {
    /// A configuration that stops after `ms` milliseconds.
    pub fn with_time_limit_ms(ms: u64) -> Self {
        SolverConfig {
            time_limit_ms: Some(ms),
            ..SolverConfig::default()
        }
    }

    /// A deterministic configuration that stops after `n` iterations.
    pub fn with_iterations(n: u64) -> Self {
        SolverConfig {
            time_limit_ms: None,
            iteration_limit: Some(n),
            ..SolverConfig::default()
        }
    }

    /// Builder: the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// How much work one [`crate::solver::Search::step`] call may do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// About this many milliseconds (a Web Worker steps in slices of ~50 ms).
    Millis(f64),
    /// Exactly this many iterations (unless the search ends first).
    Iterations(u64),
}

/// What a progress callback returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Keep searching.
    Continue,
    /// Stop now and return the best solution so far.
    Stop,
}

/// A progress report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Iterations done so far.
    pub iterations: u64,
    /// Time spent searching, milliseconds.
    pub elapsed_ms: f64,
    /// Objective cost of the best solution.
    pub best_cost: f64,
    /// Tasks the best solution leaves unassigned.
    pub best_unassigned: usize,
    /// Required tasks among them.
    pub best_unassigned_required: usize,
    /// Share of the budget used, 0–1.
    pub fraction: f64,
    /// The search has ended (limit reached or cancelled).
    pub done: bool,
}

/// A point of the best-cost-over-time curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HistoryPoint {
    /// Iterations when the improvement was found.
    pub iterations: u64,
    /// Time, milliseconds.
    pub elapsed_ms: f64,
    /// Best cost.
    pub best_cost: f64,
    /// Unassigned tasks of that solution.
    pub unassigned: usize,
}
