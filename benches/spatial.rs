//! Spatial-index benchmark: bulk-load of 100,000 points and the median 3 km radius query,
//! native and in wasm (Node), in one run. Writes the `spatial` section of BENCHMARKS.md.
//!
//! `cargo bench --bench spatial [-- --points 100000 --queries 2000]`

mod common;

use std::process::Command;

use zouhang::bench_workloads::{spatial, SpatialFigures};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn wasm(points: usize, queries: usize, seed: u32) -> Result<SpatialFigures, String> {
    let build = Command::new("scripts/bench-wasm.sh")
        .status()
        .map_err(|e| format!("scripts/bench-wasm.sh: {e}"))?;
    if !build.success() {
        return Err("building the wasm benchmark module failed".into());
    }
    let out = Command::new("node")
        .args([
            "scripts/bench-wasm.mjs",
            "benchSpatial",
            &format!("[{points}, {queries}, 3000, {seed}]"),
        ])
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("wasm output: {e}"))?;
    let f = |k: &str| v.get(k).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
    Ok(SpatialFigures {
        points: f("points") as usize,
        queries: f("queries") as usize,
        radius_m: f("radius_m"),
        bulk_load_ms: f("bulk_load_ms"),
        median_query_us: f("median_query_us"),
        p90_query_us: f("p90_query_us"),
        mean_hits: f("mean_hits"),
        checksum: v.get("checksum").and_then(|x| x.as_u64()).unwrap_or(0),
    })
}

fn main() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).ok();
    let points = arg("--points", 100_000);
    let queries = arg("--queries", 2_000);
    let seed = 42u32;
    // Under `cargo test --all-targets` (no `--bench` argument) only a small smoke run: the
    // figures belong to `cargo bench` builds, so nothing is written to BENCHMARKS.md.
    if !std::env::args().any(|a| a == "--bench") {
        let r = spatial(1_000, 100, 3000.0, u64::from(seed));
        eprintln!(
            "smoke run: 1000 points, 100 queries, checksum {} (run `cargo bench --bench spatial` for the figures)",
            r.checksum
        );
        return;
    }
    // warm-up, then the measured run
    let _ = spatial(points / 10, queries / 10, 3000.0, u64::from(seed));
    let native = spatial(points, queries, 3000.0, u64::from(seed));
    let wasm = match wasm(points, queries, seed) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("wasm side skipped: {e}");
            None
        }
    };
    let mut md = format!(
        "## Spatial index (issue: foundation)\n\n\
         Command: `{}` · machine: {} · date: {}\n\n\
         {} seeded points over the Suzhou box (half clustered), {} radius queries of 3 km at seeded \
         centres, R-tree bulk-loaded (rstar); timings per query with `web_time::Instant` \
         (`performance.now()` in Node).\n\n\
         | side | bulk load (ms) | median query (µs) | p90 query (µs) | mean hits | checksum |\n\
         |---|---:|---:|---:|---:|---:|\n",
        common::command_line("cargo bench --bench spatial"),
        common::machine(),
        common::today(),
        points,
        queries
    );
    let row = |name: &str, f: &SpatialFigures| {
        format!(
            "| {name} | {:.1} | {:.1} | {:.1} | {:.1} | {} |\n",
            f.bulk_load_ms, f.median_query_us, f.p90_query_us, f.mean_hits, f.checksum
        )
    };
    md.push_str(&row("native", &native));
    if let Some(w) = &wasm {
        md.push_str(&row("wasm (Node)", w));
        md.push_str(&format!(
            "\nwasm / native: median query {:.2}×, bulk load {:.2}×; same hits: {}. \
             Targets: median ≤ 50 µs native ({}), wasm ≤ 2× native ({}).\n",
            w.median_query_us / native.median_query_us,
            w.bulk_load_ms / native.bulk_load_ms,
            if w.checksum == native.checksum {
                "yes"
            } else {
                "NO"
            },
            if native.median_query_us <= 50.0 {
                "met"
            } else {
                "not met"
            },
            if w.median_query_us <= 2.0 * native.median_query_us {
                "met"
            } else {
                "not met"
            },
        ));
    }
    print!("{md}");
    if let Err(e) = common::write_section("spatial", &md) {
        eprintln!("could not write BENCHMARKS.md: {e}");
    }
}
