//! Travel costs on an explicit road graph: all-pairs shortest paths (Floyd 1962, "Algorithm 97:
//! Shortest path", CACM 5(6)) over edges with integer or real costs. Arc-routing instances
//! (CARPLIB, PCARP) give only the graph; deadheading between required edges follows these
//! shortest paths. Distance and duration are the same number (unit speed).

use crate::model::TravelCost;

/// One edge of an instance graph, between vertex indices `0..n`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphEdge {
    /// One end.
    pub u: usize,
    /// Other end.
    pub v: usize,
    /// Cost of traversing it (deadheading), ≥ 0.
    pub cost: f64,
    /// Only `u → v` may be driven.
    pub one_way: bool,
}

/// All-pairs shortest-path costs of a graph, `f64::INFINITY` between disconnected vertices.
#[derive(Debug, Clone)]
pub struct GraphCost {
    n: usize,
    dist: Vec<f64>,
}

impl GraphCost {
    /// Shortest paths over `edges` on `n` vertices (edges naming other vertices are ignored;
    /// parallel edges keep the cheapest). O(n³) time, O(n²) memory.
    ///
    /// ```
    /// use zouhang::formats::{GraphCost, GraphEdge};
    /// use zouhang::TravelCost;
    /// let e = |u, v, cost| GraphEdge { u, v, cost, one_way: false };
    /// let g = GraphCost::new(3, &[e(0, 1, 2.0), e(1, 2, 3.0), e(0, 2, 9.0)]);
    /// assert_eq!(g.distance_m(0, 2), 5.0);
    /// assert_eq!(g.distance_m(2, 0), 5.0);
    /// ```
    pub fn new(n: usize, edges: &[GraphEdge]) -> Self {
        let mut dist = vec![f64::INFINITY; n * n];
        for i in 0..n {
            dist[i * n + i] = 0.0;
        }
        for e in edges {
            if e.u >= n || e.v >= n || e.cost.is_nan() || e.cost < 0.0 {
                continue;
            }
            let a = &mut dist[e.u * n + e.v];
            *a = a.min(e.cost);
            if !e.one_way {
                let b = &mut dist[e.v * n + e.u];
                *b = b.min(e.cost);
            }
        }
        for k in 0..n {
            for i in 0..n {
                let ik = dist[i * n + k];
                if ik == f64::INFINITY {
                    continue;
                }
                for j in 0..n {
                    let via = ik + dist[k * n + j];
                    if via < dist[i * n + j] {
                        dist[i * n + j] = via;
                    }
                }
            }
        }
        GraphCost { n, dist }
    }

    /// Shortest-path cost from `a` to `b` (∞ when unreachable or out of range).
    pub fn cost(&self, a: usize, b: usize) -> f64 {
        if a >= self.n || b >= self.n {
            return f64::INFINITY;
        }
        self.dist[a * self.n + b]
    }
}

impl TravelCost for GraphCost {
    fn len(&self) -> usize {
        self.n
    }

    fn duration_s(&self, from: usize, to: usize) -> f64 {
        self.cost(from, to)
    }

    fn distance_m(&self, from: usize, to: usize) -> f64 {
        self.cost(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny seeded generator for the test data (SplitMix64).
    struct SplitMix(u64);
    impl SplitMix {
        fn new(seed: u64) -> Self {
            SplitMix(seed)
        }
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % n.max(1) as u64) as usize
        }
    }

    /// Dijkstra from `s` with a linear scan: the oracle.
    fn dijkstra(n: usize, edges: &[GraphEdge], s: usize) -> Vec<f64> {
        let mut d = vec![f64::INFINITY; n];
        let mut done = vec![false; n];
        d[s] = 0.0;
        for _ in 0..n {
            let Some(u) = (0..n)
                .filter(|&u| !done[u])
                .min_by(|&a, &b| d[a].total_cmp(&d[b]))
            else {
                break;
            };
            done[u] = true;
            for e in edges {
                let mut relax = |a: usize, b: usize| {
                    if a == u && d[u] + e.cost < d[b] {
                        d[b] = d[u] + e.cost;
                    }
                };
                relax(e.u, e.v);
                if !e.one_way {
                    relax(e.v, e.u);
                }
            }
        }
        d
    }

    #[test]
    fn floyd_warshall_matches_dijkstra_on_random_graphs() {
        let mut rng = SplitMix::new(7);
        for case in 0..100 {
            let n = 2 + rng.below(12);
            let m = rng.below(3 * n);
            let edges: Vec<GraphEdge> = (0..m)
                .map(|_| GraphEdge {
                    u: rng.below(n),
                    v: rng.below(n),
                    cost: rng.below(20) as f64,
                    one_way: rng.below(4) == 0,
                })
                .collect();
            let g = GraphCost::new(n, &edges);
            for s in 0..n {
                let d = dijkstra(n, &edges, s);
                for (t, &want) in d.iter().enumerate() {
                    assert_eq!(g.cost(s, t), want, "case {case}: {s}→{t} on {edges:?}");
                }
            }
        }
    }
}
