//! Road-engine benchmark: preprocessing, one-to-one queries and a 1000 × 1000 matrix by the
//! contraction hierarchy, each beside plain Dijkstra in the same run, natively and in wasm
//! (Node), on the Jiangsu-box graph (`../shared/data/roads`) and on the whole
//! `routrs_highways_dataset` graph (560,282 nodes; `scripts/fetch_routrs.sh`). Writes the
//! `roads` section of BENCHMARKS.md.
//!
//! `cargo bench --bench roads [-- --graph jiangsu|routrs|both] [--no-wasm]`

mod common;

use std::path::PathBuf;
use std::process::Command;

use web_time::Instant;
use zouhang::roads::bench::{run, RoadBenchParams, RoadFigures};
use zouhang::roads::{read_csv_graph, read_routrs, RoadConfig, RoadGraph};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

fn vm_hwm_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

struct Case {
    name: &'static str,
    kind: &'static str,
    files: Vec<PathBuf>,
    params: RoadBenchParams,
}

fn load(case: &Case) -> Result<(RoadGraph, f64), String> {
    let read = |p: &PathBuf| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let t = Instant::now();
    let imp = match case.kind {
        "csv" => {
            let (a, b) = (read(&case.files[0])?, read(&case.files[1])?);
            read_csv_graph(&a, "nodes", &b, "edges", &RoadConfig::default())
        }
        _ => read_routrs(
            &read(&case.files[0])?,
            "highways.json.gz",
            &RoadConfig::default(),
        ),
    }
    .map_err(|e| e.to_string())?;
    Ok((imp.graph, t.elapsed().as_secs_f64() * 1e3))
}

fn wasm(case: &Case) -> Result<(RoadFigures, f64, f64), String> {
    let params = serde_json::to_string(&case.params).map_err(|e| e.to_string())?;
    let file = |i: usize| {
        case.files
            .get(i)
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    };
    let out = Command::new("node")
        .args([
            "--max-old-space-size=8192",
            "scripts/bench-roads-wasm.mjs",
            case.kind,
            &file(0),
            &file(1),
            &params,
        ])
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("wasm output: {e}"))?;
    let figures: RoadFigures =
        serde_json::from_value(v["figures"].clone()).map_err(|e| e.to_string())?;
    Ok((
        figures,
        v["read_ms"].as_f64().unwrap_or(f64::NAN),
        v["memory_mb"].as_f64().unwrap_or(f64::NAN),
    ))
}

fn section(
    case: &Case,
    read_ms: f64,
    n: &RoadFigures,
    hwm: f64,
    w: Option<&(RoadFigures, f64, f64)>,
) -> String {
    let mut s = format!(
        "### {} ({} nodes, {} edges)\n\n",
        case.name, n.nodes, n.edges
    );
    let row = |side: &str, f: &RoadFigures, read: f64, mem: String| {
        format!(
            "| {side} | {read:.0} | {:.0} | {:.0} | {:.0} | {} | {} | {:.1} | {:.0} | {:.1}× | {:.0} | {:.0} ({} sources) | {:.0}× | {} | {} |\n",
            f.prepare_ms,
            f.contract_time_ms,
            f.contract_distance_ms,
            f.shortcuts,
            mem,
            f.ch_query_median_us,
            f.dijkstra_query_median_us,
            f.dijkstra_query_median_us / f.ch_query_median_us,
            f.matrix_ch_ms,
            f.matrix_dijkstra_ms,
            f.dijkstra_sources,
            f.matrix_dijkstra_ms / f.matrix_ch_ms,
            f.mismatches + f.pair_mismatches,
            f.checksum,
        )
    };
    s.push_str(
        "| side | read (ms) | prepare, both metrics (ms) | contract time (ms) | contract distance, time order (ms) | shortcuts (time) | memory | CH query median (µs) | Dijkstra query median (µs) | speed-up | CH matrix (ms) | Dijkstra matrix (ms) | speed-up | CH ≠ Dijkstra | checksum |\n\
         |---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    s.push_str(&row(
        "native",
        n,
        read_ms,
        format!(
            "peak RSS {hwm:.0} MB; graph {:.0} MB + CH {:.0} MB",
            n.graph_bytes as f64 / 1e6,
            n.ch_bytes as f64 / 1e6
        ),
    ));
    if let Some((f, read, mem)) = w {
        s.push_str(&row(
            "wasm (Node)",
            f,
            *read,
            format!("wasm memory {mem:.0} MB"),
        ));
    }
    s.push('\n');
    s.push_str(&format!(
        "One-to-one: {} random pairs by CH, the first {} also by Dijkstra (stopping at the target). \
         Matrix: {}×{} between random main-network nodes by bucket many-to-many; Dijkstra ran \
         {} of the {} sources (one search each, stopping once every target is settled){}, and \
         its rows were compared cell by cell with the CH rows.\n",
        n.pairs,
        n.dijkstra_pairs,
        n.matrix_n,
        n.matrix_n,
        n.dijkstra_sources,
        n.matrix_n,
        if n.dijkstra_sources < n.matrix_n {
            "; its matrix time is extrapolated linearly"
        } else {
            ""
        },
    ));
    if let Some((f, _, _)) = w {
        s.push_str(&format!(
            "\nwasm / native: CH matrix {:.2}×, CH query {:.2}×, contraction {:.2}×; same matrix \
             (checksum): {}.\n",
            f.matrix_ch_ms / n.matrix_ch_ms,
            f.ch_query_median_us / n.ch_query_median_us,
            f.prepare_ms / n.prepare_ms,
            if f.checksum == n.checksum && f.unreachable == n.unreachable {
                "yes"
            } else {
                "NO"
            },
        ));
    }
    s
}

fn main() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).ok();
    // Under `cargo test --all-targets` (no `--bench` argument) nothing is measured or written:
    // the whole-graph run takes minutes and the figures belong to `cargo bench` builds.
    if !flag("--bench") {
        eprintln!("roads bench: run `cargo bench --bench roads` for the figures (skipped under cargo test)");
        return;
    }
    let which = arg("--graph").unwrap_or_else(|| "both".into());
    let mut cases = Vec::new();
    if which == "jiangsu" || which == "both" {
        let base = "../shared/data/roads/routrs_highways_jiangsu_box_116-122E_30-35.2N";
        let files = vec![
            PathBuf::from(format!("{base}_nodes.csv")),
            PathBuf::from(format!("{base}_edges.csv")),
        ];
        if files.iter().all(|f| f.is_file()) {
            cases.push(Case {
                name: "Jiangsu box (routrs cut, ../shared/data/roads)",
                kind: "csv",
                files,
                params: RoadBenchParams {
                    seed: 1,
                    pairs: 1000,
                    dijkstra_pairs: 1000,
                    matrix_n: 1000,
                    dijkstra_sources: 1000,
                },
            });
        } else {
            eprintln!("note: {base}_*.csv not found; the Jiangsu case is skipped");
        }
    }
    if which == "routrs" || which == "both" {
        let gz = PathBuf::from("bench-data/routrs_highways_dataset-0.1.0/data/highways.json.gz");
        if !gz.is_file() {
            let _ = Command::new("scripts/fetch_routrs.sh").status();
        }
        if gz.is_file() {
            cases.push(Case {
                name: "whole routrs_highways_dataset 0.1.0",
                kind: "routrs",
                files: vec![gz],
                params: RoadBenchParams {
                    seed: 2,
                    pairs: 1000,
                    dijkstra_pairs: 100,
                    matrix_n: 1000,
                    dijkstra_sources: 20,
                },
            });
        } else {
            eprintln!("note: the routrs dataset could not be fetched; that case is skipped");
        }
    }
    let with_wasm = !flag("--no-wasm")
        && Command::new("scripts/bench-wasm.sh")
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
    let mut md = format!(
        "## Road network engine (issue 3)\n\n\
         Command: `{}` · machine: {} · date: {}\n\n\
         Contraction hierarchies (both metrics) with bucket many-to-many against plain Dijkstra \
         on the same integer weights, time metric for the queries. Memory: native peak resident \
         set (VmHWM, the whole process so far, reading included) and the bytes of the graph and \
         hierarchy arrays; wasm: the size of the module's linear memory after the run (it never \
         shrinks, so it is the peak). Targets: Jiangsu 1000×1000 ≤ 1 s native; whole graph \
         1000×1000 ≤ 3 s native and ≤ 2× that in wasm; whole-graph preprocessing ≤ 2 min.\n\n",
        common::command_line("cargo bench --bench roads"),
        common::machine(),
        common::today(),
    );
    for case in &cases {
        let (graph, read_ms) = match load(case) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{}: {e}", case.name);
                continue;
            }
        };
        eprintln!("{}: native…", case.name);
        let native = run(graph, &case.params);
        let hwm = vm_hwm_mb();
        eprintln!("{native:?}");
        let w = if with_wasm {
            eprintln!("{}: wasm…", case.name);
            match wasm(case) {
                Ok(w) => Some(w),
                Err(e) => {
                    eprintln!("wasm side failed: {e}");
                    None
                }
            }
        } else {
            None
        };
        md.push_str(&section(case, read_ms, &native, hwm, w.as_ref()));
        md.push('\n');
        let native_ok = native.matrix_ch_ms <= if case.kind == "csv" { 1000.0 } else { 3000.0 };
        md.push_str(&format!(
            "Targets: matrix native {} ({:.0} ms){}{}.\n\n",
            if native_ok { "met" } else { "NOT met" },
            native.matrix_ch_ms,
            w.as_ref().map_or(String::new(), |(f, _, _)| {
                let limit = 2.0 * if case.kind == "csv" { 1000.0 } else { 3000.0 };
                format!(
                    "; wasm {} ({:.0} ms)",
                    if f.matrix_ch_ms <= limit {
                        "met"
                    } else {
                        "NOT met"
                    },
                    f.matrix_ch_ms
                )
            }),
            if case.kind == "routrs" {
                format!(
                    "; preprocessing (both metrics) {} ({:.1} s)",
                    if native.prepare_ms <= 120_000.0 {
                        "met"
                    } else {
                        "NOT met"
                    },
                    native.prepare_ms / 1000.0
                )
            } else {
                String::new()
            }
        ));
    }
    print!("{md}");
    if let Err(e) = common::write_section("roads", &md) {
        eprintln!("could not write BENCHMARKS.md: {e}");
    }
}
