//! Seeded random road graphs and oracles for the road-engine tests.
#![allow(dead_code)]

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;
use zouhang::model::NodeId;
use zouhang::roads::{
    EdgeSpec, GraphBuilder, Metric, Oneway, Place, RoadClass, RoadGraph, Weight, UNREACHABLE,
};
use zouhang::LonLat;

/// A small seeded random generator.
pub struct Rng(Pcg64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(Pcg64::seed_from_u64(seed))
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.0.next_u64() % n as u64) as usize
        }
    }
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The edges of a random graph, kept for printing a failing instance.
#[derive(Debug, Clone)]
pub struct Instance {
    pub seed: u64,
    pub nodes: Vec<LonLat>,
    /// (from, to, length_m, class, oneway)
    pub edges: Vec<(u32, u32, f64, RoadClass, Oneway)>,
}

impl Instance {
    pub fn graph(&self) -> RoadGraph {
        let mut b = GraphBuilder::new();
        for p in &self.nodes {
            b.add_node(*p).unwrap();
        }
        for &(u, v, len, class, oneway) in &self.edges {
            b.add_edge(EdgeSpec {
                from: NodeId(u),
                to: NodeId(v),
                via: &[],
                class,
                speed_kmh: class.default_speed_kmh(),
                oneway,
                length_m: Some(len),
                name: None,
            })
            .unwrap();
        }
        b.build()
    }

    pub fn describe(&self) -> String {
        format!(
            "seed {} nodes {:?}\nedges {:?}",
            self.seed, self.nodes, self.edges
        )
    }
}

/// A random directed road-like graph: clusters of nearby nodes (some never joined to the
/// others), short edges to near neighbours, one-ways, parallel edges, self-loops, zero lengths.
pub fn random_instance(seed: u64, max_nodes: usize) -> Instance {
    let mut r = Rng::new(seed);
    let n = 2 + r.below(max_nodes.saturating_sub(1));
    let clusters = 1 + r.below(3);
    let nodes: Vec<LonLat> = (0..n)
        .map(|i| {
            let c = (i % clusters) as f64;
            LonLat::new(120.0 + c * 0.5 + 0.05 * r.unit(), 31.0 + 0.05 * r.unit())
        })
        .collect();
    let classes = [
        RoadClass::Motorway,
        RoadClass::Trunk,
        RoadClass::Primary,
        RoadClass::Secondary,
        RoadClass::Residential,
        RoadClass::Service,
    ];
    let mut edges = Vec::new();
    let m = n + r.below(2 * n + 1);
    // joins across clusters only sometimes, so some graphs are disconnected
    let bridge = r.chance(0.5);
    for _ in 0..m {
        let u = r.below(n);
        let v = if r.chance(0.05) { u } else { r.below(n) };
        if !bridge && u % clusters != v % clusters {
            continue;
        }
        let straight = zouhang::geodesy::haversine_m(nodes[u], nodes[v]);
        let len = if r.chance(0.05) {
            0.0
        } else {
            (straight * (1.0 + r.unit())).round()
        };
        let class = classes[r.below(classes.len())];
        let oneway = match r.below(10) {
            0 | 1 => Oneway::Forward,
            2 => Oneway::Backward,
            _ => Oneway::No,
        };
        edges.push((u as u32, v as u32, len, class, oneway));
        if r.chance(0.05) {
            edges.push((u as u32, v as u32, len + 1.0, class, oneway));
        }
    }
    Instance { seed, nodes, edges }
}

/// Random places: nodes and points along edges.
pub fn random_places(g: &RoadGraph, r: &mut Rng, k: usize) -> Vec<Place> {
    (0..k)
        .map(|_| {
            if g.edge_count() == 0 || r.chance(0.4) {
                Place::Node(NodeId(r.below(g.node_count()) as u32))
            } else {
                let f = match r.below(6) {
                    0 => 0.0,
                    1 => 1.0,
                    _ => r.unit(),
                };
                Place::OnEdge {
                    edge: r.below(g.edge_count()) as u32,
                    fraction: f,
                }
            }
        })
        .collect()
}

/// All-pairs shortest path weights between nodes by Floyd–Warshall (the oracle of the oracle).
pub fn floyd_warshall(g: &RoadGraph, metric: Metric) -> Vec<Vec<Weight>> {
    let n = g.node_count();
    let mut d = vec![vec![UNREACHABLE; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0;
    }
    for e in g.edges() {
        let w = metric.weight(e.duration_ds, e.length_dm);
        let (a, b) = (e.from.index(), e.to.index());
        d[a][b] = d[a][b].min(w);
        if !e.oneway {
            d[b][a] = d[b][a].min(w);
        }
    }
    for k in 0..n {
        for i in 0..n {
            if d[i][k] == UNREACHABLE {
                continue;
            }
            for j in 0..n {
                if d[k][j] != UNREACHABLE && d[i][k] + d[k][j] < d[i][j] {
                    d[i][j] = d[i][k] + d[k][j];
                }
            }
        }
    }
    d
}
