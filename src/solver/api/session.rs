//! A resumable solve of one request, for callers that step the search themselves (the browser's
//! Web Worker: step ~50 ms, post the progress, check for a cancel message, repeat).

use crate::error::Issue;
use crate::solver::{check, Budget, CostProfile, Progress, Search, SolverError};

use super::convert::{convert, convert_with_cost, Converted};
use super::request::SolveRequest;
use super::response::{response, SolveResponse};

/// One request being solved.
#[derive(Debug, Clone)]
pub struct Session {
    converted: Converted,
    search: Search,
}

impl Session {
    /// Converts and validates the request (every issue at once) and builds a first plan, using
    /// straight-line travel costs.
    pub fn new(req: &SolveRequest) -> Result<Self, SolverError> {
        Self::from_converted(convert(req).map_err(invalid)?)
    }

    /// As [`Session::new`], with travel costs over [`super::locations`] (e.g. road matrices).
    pub fn with_cost(req: &SolveRequest, cost: CostProfile) -> Result<Self, SolverError> {
        Self::from_converted(convert_with_cost(req, cost).map_err(invalid)?)
    }

    fn from_converted(converted: Converted) -> Result<Self, SolverError> {
        let search = Search::new(&converted.problem, &converted.config)?;
        Ok(Session { converted, search })
    }

    /// Searches for about `budget_ms` milliseconds.
    pub fn step(&mut self, budget_ms: f64) -> Progress {
        self.search.step(Budget::Millis(budget_ms.max(1.0)))
    }

    /// Runs exactly `iterations` iterations (or until the limit).
    pub fn step_iterations(&mut self, iterations: u64) -> Progress {
        self.search.step(Budget::Iterations(iterations))
    }

    /// Stops the search; [`Session::best`] still answers.
    pub fn cancel(&mut self) {
        self.search.cancel();
    }

    /// Where the search stands.
    pub fn progress(&self) -> Progress {
        self.search.progress()
    }

    /// The best plan so far, checked by the independent checker.
    pub fn best(&self) -> SolveResponse {
        let s = self.search.best_solution();
        let report = check(&self.converted.problem, &s);
        response(&self.converted, &s, &report, self.search.history())
    }
}

fn invalid(issues: Vec<Issue>) -> SolverError {
    SolverError::Invalid { issues }
}

/// Solves a request to its time or iteration limit.
///
/// ```
/// let req: zouhang::solver::api::SolveRequest = serde_json::from_str(r#"{
///   "stops": [
///     {"id": "A", "lon": 120.62, "lat": 31.31, "service_s": 600, "windows": [["08:00", "12:00"]]},
///     {"id": "B", "lon": 120.58, "lat": 31.29, "required": false, "prize": 5}
///   ],
///   "vehicles": [{"id": "车1", "start": {"lon": 120.60, "lat": 31.30}, "shift": ["08:00", "17:00"]}],
///   "options": {"iterations": 200, "seed": 7}
/// }"#).unwrap();
/// let res = zouhang::solver::api::solve_request(&req).unwrap();
/// assert!(res.check.feasible);
/// assert_eq!(res.routes[0].stops.len(), 2);
/// assert!(res.routes[0].start_s >= 8.0 * 3600.0);
/// ```
pub fn solve_request(req: &SolveRequest) -> Result<SolveResponse, SolverError> {
    let mut s = Session::new(req)?;
    while !s.step(100.0).done {}
    Ok(s.best())
}

/// All issues of a request, empty when it is valid.
pub fn validate_request(req: &SolveRequest) -> Vec<Issue> {
    convert(req).err().unwrap_or_default()
}
