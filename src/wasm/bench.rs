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

/// The road-engine workload (`crate::roads::bench`) on a graph read from `kind` = `csv` (nodes,
/// edges) or `routrs` (`highways.json.gz` in `a`); `params` is a `RoadBenchParams` as JSON.
/// Returns `{"figures": RoadFigures, "read_ms": N, "memory_mb": N}` as JSON text.
#[wasm_bindgen(js_name = benchRoads)]
pub fn bench_roads(kind: &str, a: &[u8], b: &[u8], params: &str) -> Result<String, JsError> {
    use crate::roads::{bench, read_csv_graph, read_routrs, RoadConfig};
    let err = |e: &dyn std::fmt::Display| JsError::new(&e.to_string());
    let params: bench::RoadBenchParams = serde_json::from_str(params).map_err(|e| err(&e))?;
    let t = web_time::Instant::now();
    let config = RoadConfig::default();
    let import = match kind {
        "csv" => read_csv_graph(a, "nodes", b, "edges", &config),
        _ => read_routrs(a, "highways.json.gz", &config),
    }
    .map_err(|e| err(&e))?;
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let figures = bench::run(import.graph, &params);
    let memory_mb = core::arch::wasm32::memory_size(0) as f64 * 65536.0 / 1e6;
    serde_json::to_string(&serde_json::json!({
        "figures": figures,
        "read_ms": read_ms,
        "memory_mb": memory_mb,
    }))
    .map_err(|e| err(&e))
}
