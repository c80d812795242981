//! Plain Dijkstra (Dijkstra 1959) on the road graph: the oracle the contraction hierarchy is
//! tested against and the baseline the benchmarks compare it with. A [`Dijkstra`] holds its
//! buffers and is reused across queries; only the nodes touched by one query are reset.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::roads::endpoint::{direct, source_seeds, target_seeds, Place, RawPath, Seed, Step};
use crate::roads::graph::{Adjacency, RoadGraph};
use crate::roads::weight::{add, Metric, Weight, UNREACHABLE};

const NO_ARC: u32 = u32::MAX;

/// Plain Dijkstra over one metric of a graph, with reusable buffers.
#[derive(Debug, Clone)]
pub struct Dijkstra {
    metric: Metric,
    adj: Adjacency,
    dist: Vec<Weight>,
    parent: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Weight, u32)>>,
}

impl Dijkstra {
    /// A searcher over `graph` under `metric`.
    pub fn new(graph: &RoadGraph, metric: Metric) -> Dijkstra {
        let n = graph.node_count();
        Dijkstra {
            metric,
            adj: Adjacency::new(n, graph.arcs(metric), false),
            dist: vec![UNREACHABLE; n],
            parent: vec![NO_ARC; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// The metric searched.
    pub fn metric(&self) -> Metric {
        self.metric
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            if let Some(d) = self.dist.get_mut(v as usize) {
                *d = UNREACHABLE;
            }
            if let Some(p) = self.parent.get_mut(v as usize) {
                *p = NO_ARC;
            }
        }
        self.touched.clear();
        self.heap.clear();
    }

    fn seed(&mut self, seeds: &[Seed]) {
        self.reset();
        for &(v, w) in seeds {
            if let Some(d) = self.dist.get_mut(v as usize) {
                if w < *d {
                    *d = w;
                    self.touched.push(v);
                    self.heap.push(Reverse((w, v)));
                }
            }
        }
    }

    /// Settles the next node; `None` when the queue is empty.
    fn settle_next(&mut self) -> Option<(Weight, u32)> {
        while let Some(Reverse((d, v))) = self.heap.pop() {
            if self.dist.get(v as usize).copied() != Some(d) {
                continue;
            }
            let first = self.adj.first.get(v as usize).copied().unwrap_or(0) as usize;
            let last = self.adj.first.get(v as usize + 1).copied().unwrap_or(0) as usize;
            for i in first..last {
                let Some(a) = self.adj.arcs.get(i) else { break };
                let nd = add(d, a.weight);
                if let Some(old) = self.dist.get_mut(a.to as usize) {
                    if nd < *old {
                        if *old == UNREACHABLE {
                            self.touched.push(a.to);
                        }
                        *old = nd;
                        if let Some(p) = self.parent.get_mut(a.to as usize) {
                            *p = i as u32;
                        }
                        self.heap.push(Reverse((nd, a.to)));
                    }
                }
            }
            return Some((d, v));
        }
        None
    }

    /// Distances from the seeds to every node (`UNREACHABLE` where there is no path).
    pub(crate) fn one_to_all(&mut self, seeds: &[Seed]) -> &[Weight] {
        self.seed(seeds);
        while self.settle_next().is_some() {}
        &self.dist
    }

    /// Distances from one node to every node.
    pub fn distances_from(&mut self, source: crate::model::NodeId) -> Vec<Weight> {
        self.one_to_all(&[(source.0, 0)]).to_vec()
    }

    /// The shortest path from the source seeds to the target seeds.
    pub(crate) fn between_seeds(&mut self, sources: &[Seed], targets: &[Seed]) -> Option<RawPath> {
        self.seed(sources);
        let mut best = UNREACHABLE;
        let mut best_node = None;
        while let Some((d, v)) = self.settle_next() {
            if d >= best {
                break;
            }
            for &(t, off) in targets {
                if t == v && add(d, off) < best {
                    best = add(d, off);
                    best_node = Some(v);
                }
            }
        }
        let last = best_node?;
        let mut steps = Vec::new();
        let mut v = last;
        while let Some(&i) = self.parent.get(v as usize) {
            let Some(a) = self.adj.arcs.get(i as usize) else {
                break;
            };
            steps.push(Step {
                edge: a.edge,
                reverse: a.reverse,
            });
            v = a.from;
            if steps.len() > self.dist.len() {
                return None;
            }
        }
        steps.reverse();
        Some(RawPath {
            weight: best,
            first: Some(v),
            last: Some(last),
            steps,
        })
    }

    /// The shortest path between two places of `graph` (the graph this searcher was made
    /// for).
    pub fn route(&mut self, graph: &RoadGraph, from: &Place, to: &Place) -> Option<RawPath> {
        let s = source_seeds(graph, self.metric, from);
        let t = target_seeds(graph, self.metric, to);
        let via = self.between_seeds(&s, &t);
        RawPath::or_direct(via, direct(graph, self.metric, from, to))
    }

    /// Row-major matrix of shortest-path weights between places, one full search per source.
    pub fn matrix(
        &mut self,
        graph: &RoadGraph,
        sources: &[Place],
        targets: &[Place],
    ) -> Vec<Weight> {
        let tseeds: Vec<Vec<Seed>> = targets
            .iter()
            .map(|p| target_seeds(graph, self.metric, p))
            .collect();
        let mut is_target = vec![false; self.dist.len()];
        let mut target_nodes = 0usize;
        for &(v, _) in tseeds.iter().flatten() {
            if let Some(t) = is_target.get_mut(v as usize) {
                if !*t {
                    *t = true;
                    target_nodes += 1;
                }
            }
        }
        let mut out = Vec::with_capacity(sources.len() * targets.len());
        for s in sources {
            let seeds = source_seeds(graph, self.metric, s);
            self.seed(&seeds);
            // stop once every target node is settled: their distances are final
            let mut left = target_nodes;
            while left > 0 {
                let Some((_, v)) = self.settle_next() else {
                    break;
                };
                if is_target.get(v as usize).copied().unwrap_or(false) {
                    left -= 1;
                }
            }
            let dist = &self.dist;
            for (t, ts) in targets.iter().zip(&tseeds) {
                let mut best = ts
                    .iter()
                    .map(|&(v, off)| add(dist.get(v as usize).copied().unwrap_or(UNREACHABLE), off))
                    .min()
                    .unwrap_or(UNREACHABLE);
                if let Some(d) = direct(graph, self.metric, s, t) {
                    best = best.min(d);
                }
                out.push(best);
            }
        }
        out
    }
}
