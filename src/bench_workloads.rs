//! Benchmark workloads shared by the native benchmark programs (`benches/`) and their wasm
//! counterparts (`src/wasm/bench.rs`, feature `bench-wasm`), so that both sides time exactly the
//! same code on the same seeded data. Not part of the planner's API.

use serde::Serialize;
use web_time::Instant;

use crate::demo::DemoRng;
use crate::model::LonLat;
use crate::spatial::PointIndex;

/// Figures of the spatial-index workload.
#[derive(Debug, Clone, Serialize)]
pub struct SpatialFigures {
    /// Points indexed.
    pub points: usize,
    /// Queries run.
    pub queries: usize,
    /// Query radius, metres.
    pub radius_m: f64,
    /// Bulk-load time, milliseconds.
    pub bulk_load_ms: f64,
    /// Median query time, microseconds.
    pub median_query_us: f64,
    /// 90th-percentile query time, microseconds.
    pub p90_query_us: f64,
    /// Mean number of hits per query.
    pub mean_hits: f64,
    /// Sum of all hit indexes (a checksum that native and wasm must agree on).
    pub checksum: u64,
}

/// `n` seeded points spread over the Suzhou box (lon 119.9–121.4, lat 30.7–32.1), half of them
/// clustered around 40 centres like enterprises are.
pub fn suzhou_points(n: usize, seed: u64) -> Vec<LonLat> {
    let mut rng = DemoRng::new(seed);
    let centres: Vec<LonLat> = (0..40)
        .map(|_| LonLat::new(119.9 + 1.5 * rng.unit(), 30.7 + 1.4 * rng.unit()))
        .collect();
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                LonLat::new(119.9 + 1.5 * rng.unit(), 30.7 + 1.4 * rng.unit())
            } else {
                let c = centres[rng.below(centres.len())];
                LonLat::new(c.lon + 0.03 * rng.normal(), c.lat + 0.03 * rng.normal())
            }
        })
        .collect()
}

/// Bulk-loads `n` points and times `queries` radius queries of `radius_m` at seeded centres.
pub fn spatial(n: usize, queries: usize, radius_m: f64, seed: u64) -> SpatialFigures {
    let points = suzhou_points(n, seed);
    let centres = suzhou_points(queries, seed ^ 0x5eed);
    let t = Instant::now();
    let index = PointIndex::build(points);
    let bulk_load_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut times = Vec::with_capacity(queries);
    let mut hits = 0usize;
    let mut checksum = 0u64;
    for c in &centres {
        let t = Instant::now();
        let found = index.within_radius(*c, radius_m);
        times.push(t.elapsed().as_secs_f64() * 1e6);
        hits += found.len();
        checksum = checksum.wrapping_add(found.iter().map(|h| h.index as u64).sum::<u64>());
    }
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    SpatialFigures {
        points: n,
        queries,
        radius_m,
        bulk_load_ms,
        median_query_us: pick(0.5),
        p90_query_us: pick(0.9),
        mean_hits: hits as f64 / queries.max(1) as f64,
        checksum,
    }
}
