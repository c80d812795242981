//! `SolveSession`: the route solver for a Web Worker. The worker creates a session from a
//! request (see `solver::api`), calls `step(50)` in a loop, posts each progress to the page,
//! checks for a cancel message between steps, and reads `best()` at any time.

use wasm_bindgen::prelude::*;

use std::sync::Arc;

use super::workspace::Workspace;
use super::{from_js, to_js};
use crate::model::CostMatrix;
use crate::solver::api::{validate_request, Session, SolveRequest};
use crate::solver::SolverError;

/// One route-planning request being solved.
#[wasm_bindgen]
pub struct SolveSession {
    inner: Session,
}

fn js_error(e: SolverError) -> JsError {
    match e {
        SolverError::Invalid { issues } => {
            let lines: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
            JsError::new(&format!(
                "输入有 {} 处问题：\n{}",
                issues.len(),
                lines.join("\n")
            ))
        }
        other => JsError::new(&other.to_string()),
    }
}

#[wasm_bindgen]
impl SolveSession {
    /// Validates the request, builds a first plan; fails with every issue listed.
    #[wasm_bindgen(constructor)]
    pub fn new(request: JsValue) -> Result<SolveSession, JsError> {
        let req: SolveRequest = from_js(request, "规划请求")?;
        Session::new(&req)
            .map(|inner| SolveSession { inner })
            .map_err(js_error)
    }

    /// As the constructor, with road-network travel costs: `n × n` row-major matrices (seconds
    /// at 36 km/h reference speed, metres) over the request's locations in the order of
    /// `solver::api::locations` (stops, road-segment ends, each vehicle's start and end).
    #[wasm_bindgen(js_name = withMatrix)]
    pub fn with_matrix(
        request: JsValue,
        n: u32,
        durations_s: Vec<f64>,
        distances_m: Vec<f64>,
    ) -> Result<SolveSession, JsError> {
        let req: SolveRequest = from_js(request, "规划请求")?;
        let matrix = CostMatrix::new(n as usize, durations_s, distances_m)
            .ok_or_else(|| JsError::new(&format!("代价矩阵的长度不是 {n}×{n}")))?;
        Session::with_cost(&req, Arc::new(matrix))
            .map(|inner| SolveSession { inner })
            .map_err(js_error)
    }

    /// All issues of a request as `[{code, row, field, message, action}]` (empty when valid).
    pub fn validate(request: JsValue) -> Result<JsValue, JsError> {
        let req: SolveRequest = from_js(request, "规划请求")?;
        to_js(&validate_request(&req))
    }

    /// Searches for about `budget_ms` milliseconds; returns `{iterations, elapsed_ms,
    /// best_cost, best_unassigned, best_unassigned_required, fraction, done}`.
    pub fn step(&mut self, budget_ms: f64) -> Result<JsValue, JsError> {
        to_js(&self.inner.step(budget_ms))
    }

    /// The current progress, without searching.
    pub fn progress(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.progress())
    }

    /// Stops the search; `best()` still answers.
    pub fn cancel(&mut self) {
        self.inner.cancel();
    }

    /// The best plan so far: `{routes, unassigned, summary, check, history}`.
    pub fn best(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.best())
    }
}

/// Road-network costs for a route-planning request, when a road graph is loaded.
#[derive(serde::Serialize)]
struct RoadCosts {
    n: usize,
    durations_s: Vec<f64>,
    distances_m: Vec<f64>,
    /// Locations that could not be snapped or reached (their cells stay at infinity).
    problems: usize,
}

#[wasm_bindgen]
impl Workspace {
    /// For the route planner: the fastest-route matrices over the request's locations
    /// (`solver::api::locations` order) on the loaded road graph, or `null` when no graph is
    /// loaded (the planner then uses straight-line estimates). Durations are scaled so that a
    /// vehicle at the planner's default speed drives at the roads' class speeds.
    #[wasm_bindgen(js_name = solveRoadCosts)]
    pub fn solve_road_costs(&self, request: JsValue) -> Result<JsValue, JsError> {
        let Some(net) = self.roads.as_ref() else {
            return Ok(JsValue::NULL);
        };
        let req: SolveRequest = from_js(request, "规划请求")?;
        let points = crate::solver::api::locations(&req);
        let cost = crate::roads::RoadCost::new(net, &points, &crate::roads::SnapOptions::default());
        let n = points.len();
        let m = cost.matrix();
        let scale = crate::solver::api::DEFAULT_KMH / crate::solver::api::REFERENCE_KMH;
        let mut durations_s = Vec::with_capacity(n * n);
        let mut distances_m = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                use crate::model::TravelCost;
                // unreachable pairs: a finite sentinel (JSON has no infinity), far beyond any shift
                let (t, d) = (m.duration_s(i, j), m.distance_m(i, j));
                durations_s.push(if t.is_finite() { t * scale } else { 1e9 });
                distances_m.push(if d.is_finite() { d } else { 1e9 });
            }
        }
        let problems = cost
            .snapped()
            .iter()
            .filter(|s| s.problem.is_some())
            .count();
        to_js(&RoadCosts {
            n,
            durations_s,
            distances_m,
            problems,
        })
    }
}
