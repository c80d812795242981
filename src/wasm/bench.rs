//! Benchmark entry points for Node (feature `bench-wasm`), driven by `scripts/bench-wasm.mjs`
//! from the native benchmark programs so that both sides run in one go.

use wasm_bindgen::prelude::*;

use crate::bench_workloads;

/// The spatial-index workload; returns its figures as JSON text.
#[wasm_bindgen(js_name = benchSpatial)]
pub fn bench_spatial(
    n: usize,
    queries: usize,
    radius_m: f64,
    seed: u32,
) -> Result<String, JsError> {
    let f = bench_workloads::spatial(n, queries, radius_m, u64::from(seed));
    serde_json::to_string(&f).map_err(|e| JsError::new(&e.to_string()))
}
