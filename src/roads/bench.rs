//! Benchmark workload of the road engine, shared by the native benchmark (`benches/roads.rs`)
//! and its wasm counterpart (`benchRoads` in `src/wasm/bench.rs`, feature `bench-wasm`), so that both sides time
//! the same code on the same seeded points. Not part of the planner's API.

use serde::{Deserialize, Serialize};
use web_time::Instant;

use crate::model::NodeId;
use crate::roads::ch::contract::{contract, contract_in_order};
use crate::roads::{Dijkstra, Metric, Place, RoadGraph, RoadNetwork, UNREACHABLE};

/// What to measure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoadBenchParams {
    /// Seed of the random points.
    pub seed: u64,
    /// One-to-one queries by the hierarchy.
    pub pairs: usize,
    /// One-to-one queries by plain Dijkstra (a prefix of the same pairs).
    pub dijkstra_pairs: usize,
    /// Matrix size (n × n).
    pub matrix_n: usize,
    /// Matrix sources run by plain Dijkstra (the rest extrapolated).
    pub dijkstra_sources: usize,
}

/// The figures of one run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RoadFigures {
    /// Nodes of the graph.
    pub nodes: usize,
    /// Edges of the graph.
    pub edges: usize,
    /// Contraction of the time metric, ms.
    pub contract_time_ms: f64,
    /// Contraction of the distance metric (in the time order), ms.
    pub contract_distance_ms: f64,
    /// Whole preparation (both hierarchies, R-tree, components, corridors), ms.
    pub prepare_ms: f64,
    /// Shortcuts of the time hierarchy.
    pub shortcuts: usize,
    /// Bytes of the graph arrays.
    pub graph_bytes: usize,
    /// Bytes of the two hierarchies.
    pub ch_bytes: usize,
    /// One-to-one queries by CH.
    pub pairs: usize,
    /// Median CH one-to-one query, µs.
    pub ch_query_median_us: f64,
    /// One-to-one queries by Dijkstra.
    pub dijkstra_pairs: usize,
    /// Median Dijkstra one-to-one query, µs.
    pub dijkstra_query_median_us: f64,
    /// Matrix size.
    pub matrix_n: usize,
    /// CH bucket many-to-many, ms.
    pub matrix_ch_ms: f64,
    /// Sources run by Dijkstra.
    pub dijkstra_sources: usize,
    /// Time of those Dijkstra runs, ms.
    pub matrix_dijkstra_measured_ms: f64,
    /// Dijkstra time for all `matrix_n` sources (measured × n / sources), ms.
    pub matrix_dijkstra_ms: f64,
    /// Cells of the sampled rows where CH and Dijkstra differ (must be 0).
    pub mismatches: usize,
    /// Unreachable cells of the CH matrix.
    pub unreachable: usize,
    /// Sum of all reachable matrix weights (native and wasm must agree).
    pub checksum: u64,
    /// One-to-one pairs where CH and Dijkstra differ (must be 0).
    pub pair_mismatches: usize,
}

fn next(state: &mut u64) -> u64 {
    // splitmix64
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Prepares `graph` and runs the measurements (time metric).
pub fn run(graph: RoadGraph, p: &RoadBenchParams) -> RoadFigures {
    let mut f = RoadFigures {
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        graph_bytes: graph.nodes.len() * 8
            + graph.edges.len() * std::mem::size_of::<crate::roads::RoadEdge>()
            + graph.shape.len() * 8,
        ..Default::default()
    };
    // the same steps as `RoadNetwork::new`, timed one by one
    let t = Instant::now();
    let time = contract(&graph, Metric::Time);
    f.contract_time_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let distance = contract_in_order(&graph, Metric::Distance, &time.rank_of);
    f.contract_distance_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let net = RoadNetwork::from_parts(graph, [time, distance]);
    f.prepare_ms = f.contract_time_ms + f.contract_distance_ms + t.elapsed().as_secs_f64() * 1e3;
    let ch = net.hierarchy(Metric::Time);
    f.shortcuts = ch.shortcut_count();
    f.ch_bytes = ch.heap_bytes() + net.hierarchy(Metric::Distance).heap_bytes();
    let g = net.graph();
    // random nodes of the main network
    let comps = net.components();
    let main: Vec<u32> = (0..g.node_count() as u32)
        .filter(|&v| comps.in_main(v))
        .collect();
    let mut s = p.seed;
    let mut pick = || {
        let i = (next(&mut s) % main.len().max(1) as u64) as usize;
        Place::Node(NodeId(main.get(i).copied().unwrap_or(0)))
    };
    let pairs: Vec<(Place, Place)> = (0..p.pairs).map(|_| (pick(), pick())).collect();
    let points: Vec<Place> = (0..p.matrix_n).map(|_| pick()).collect();
    let metric = Metric::Time;
    let mut router = net.router();
    let mut times = Vec::with_capacity(pairs.len());
    let mut ch_w = Vec::with_capacity(pairs.len());
    for (a, b) in &pairs {
        let t = Instant::now();
        let w = router.path(a, b, metric).map_or(UNREACHABLE, |x| x.weight);
        times.push(t.elapsed().as_secs_f64() * 1e6);
        ch_w.push(w);
    }
    f.pairs = pairs.len();
    f.ch_query_median_us = median(times);
    let mut dij = Dijkstra::new(g, metric);
    let mut times = Vec::new();
    for ((a, b), w) in pairs.iter().zip(&ch_w).take(p.dijkstra_pairs) {
        let t = Instant::now();
        let d = dij.route(g, a, b).map_or(UNREACHABLE, |x| x.weight);
        times.push(t.elapsed().as_secs_f64() * 1e6);
        if d != *w {
            f.pair_mismatches += 1;
        }
    }
    f.dijkstra_pairs = times.len();
    f.dijkstra_query_median_us = median(times);
    let t = Instant::now();
    let m = net.matrix_places(&points, &points, metric);
    f.matrix_ch_ms = t.elapsed().as_secs_f64() * 1e3;
    f.matrix_n = points.len();
    for &w in &m {
        if w == UNREACHABLE {
            f.unreachable += 1;
        } else {
            f.checksum = f.checksum.wrapping_add(w);
        }
    }
    let k = p.dijkstra_sources.min(points.len());
    let t = Instant::now();
    let rows = dij.matrix(g, points.get(..k).unwrap_or(&[]), &points);
    f.matrix_dijkstra_measured_ms = t.elapsed().as_secs_f64() * 1e3;
    f.dijkstra_sources = k;
    f.matrix_dijkstra_ms = if k > 0 {
        f.matrix_dijkstra_measured_ms * points.len() as f64 / k as f64
    } else {
        0.0
    };
    f.mismatches = rows.iter().zip(&m).filter(|(a, b)| a != b).count();
    f
}
