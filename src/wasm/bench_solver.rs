//! Solver benchmark entry point for Node (feature `bench-wasm`), driven by
//! `benches/solver.rs` through `scripts/bench-wasm.mjs`.

use wasm_bindgen::prelude::*;

/// Runs `iterations` iterations on an instance given as text; returns the figures as JSON.
#[wasm_bindgen(js_name = benchSolver)]
pub fn bench_solver(
    text: &str,
    format: &str,
    iterations: u32,
    seed: u32,
) -> Result<String, JsError> {
    let r = crate::solver::bench::fixed_iterations(
        text,
        format,
        u64::from(iterations),
        u64::from(seed),
    )
    .map_err(|e| JsError::new(&e))?;
    serde_json::to_string(&r).map_err(|e| JsError::new(&e.to_string()))
}
