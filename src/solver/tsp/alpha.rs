//! α-nearness candidate sets (Helsgaun 2000, §4.1): the α-value of an edge is how much the
//! minimum 1-tree grows when the edge is forced into it, on costs `c(i, j) + π_i + π_j` whose
//! node penalties `π` come from Held–Karp subgradient ascent (Held & Karp 1970–71; step sizes
//! after Polyak). Helsgaun found the 5 α-nearest edges to contain an optimal tour far more
//! often than the 5 or even 10 nearest.
//!
//! Here the ascent and the α-values run on the sparse graph of each node's nearest nodes (as
//! LKH does for large instances), so that 10,000 nodes cost a fraction of a second: the
//! minimum spanning tree by Prim with a heap, the 1-tree by the leaf whose cheapest non-tree
//! edge is the longest (LKH's choice), and the largest tree edge on a path by binary lifting.
//! When that graph is disconnected the nearest nodes are kept as they are.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::candidates::Candidates;
use super::cost::TourCost;

/// Most subgradient steps.
const ASCENT_STEPS: usize = 150;
/// Steps without a better bound before the step size is halved.
const PATIENCE: usize = 10;

/// The sparse graph: symmetric union of the candidate lists, in CSR form, with base costs.
struct Graph {
    off: Vec<usize>,
    to: Vec<u32>,
    c: Vec<f64>,
}

impl Graph {
    fn new(cost: &impl TourCost, near: &Candidates) -> Self {
        let m = cost.len();
        let mut adj: Vec<Vec<u32>> = vec![Vec::new(); m];
        for a in 0..m as u32 {
            for &b in near.of(a) {
                adj[a as usize].push(b);
                adj[b as usize].push(a);
            }
        }
        let mut off = Vec::with_capacity(m + 1);
        let mut to = Vec::new();
        let mut c = Vec::new();
        for (a, list) in adj.iter_mut().enumerate() {
            list.sort_unstable();
            list.dedup();
            off.push(to.len());
            for &b in list.iter() {
                to.push(b);
                c.push(cost.at(a as u32, b));
            }
        }
        off.push(to.len());
        Graph { off, to, c }
    }

    fn edges(&self, a: usize) -> std::ops::Range<usize> {
        self.off[a]..self.off[a + 1]
    }
}

/// A heap entry ordered by smallest key first.
#[derive(PartialEq)]
struct Key(f64, u32);

impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// A minimum 1-tree on penalised costs.
struct OneTree {
    /// Parent in the spanning tree (`u32::MAX` at the root), and the penalised edge cost.
    parent: Vec<u32>,
    parent_w: Vec<f64>,
    /// Nodes in the order Prim reached them (parents first).
    order: Vec<u32>,
    degree: Vec<u32>,
    /// Lower bound `L(T_π) − 2 Σ π`.
    bound: f64,
}

/// Prim over the sparse graph from node 0, then the extra edge; `None` when disconnected.
fn one_tree(g: &Graph, pi: &[f64]) -> Option<OneTree> {
    let m = pi.len();
    let mut key = vec![f64::INFINITY; m];
    let mut parent = vec![u32::MAX; m];
    let mut done = vec![false; m];
    let mut order = Vec::with_capacity(m);
    let mut heap = BinaryHeap::new();
    key[0] = 0.0;
    heap.push(Key(0.0, 0));
    while let Some(Key(k, a)) = heap.pop() {
        let a = a as usize;
        if done[a] || k > key[a] {
            continue;
        }
        done[a] = true;
        order.push(a as u32);
        for e in g.edges(a) {
            let b = g.to[e] as usize;
            let w = g.c[e] + pi[a] + pi[b];
            if !done[b] && w < key[b] {
                key[b] = w;
                parent[b] = a as u32;
                heap.push(Key(w, b as u32));
            }
        }
    }
    if order.len() != m {
        return None;
    }
    let mut degree = vec![0u32; m];
    let mut total = 0.0;
    for v in 1..m {
        degree[v] += 1;
        degree[parent[v] as usize] += 1;
        total += key[v];
    }
    // the extra edge: at the leaf whose cheapest non-tree edge is the longest
    let mut extra: Option<(f64, usize, usize)> = None;
    for (l, &deg) in degree.iter().enumerate() {
        if deg != 1 {
            continue;
        }
        let cheapest = g
            .edges(l)
            .map(|e| (g.c[e] + pi[l] + pi[g.to[e] as usize], g.to[e] as usize))
            .filter(|&(_, b)| parent[l] as usize != b && parent[b] as usize != l)
            .min_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((w, b)) = cheapest {
            if extra.is_none_or(|x| w > x.0) {
                extra = Some((w, l, b));
            }
        }
    }
    if let Some((w, l, b)) = extra {
        total += w;
        degree[l] += 1;
        degree[b] += 1;
    }
    let bound = total - 2.0 * pi.iter().sum::<f64>();
    Some(OneTree {
        parent,
        parent_w: key,
        order,
        degree,
        bound,
    })
}

/// Held–Karp subgradient ascent: the penalties of the best bound found.
fn ascent(g: &Graph, upper: f64) -> Option<Vec<f64>> {
    let m = g.off.len() - 1;
    let mut pi = vec![0.0; m];
    let mut best_pi = pi.clone();
    let mut best = f64::NEG_INFINITY;
    let mut lambda = 1.0;
    let mut since = 0;
    for _ in 0..ASCENT_STEPS {
        let t = one_tree(g, &pi)?;
        if t.bound > best {
            best = t.bound;
            best_pi.clone_from(&pi);
            since = 0;
        } else {
            since += 1;
            if since >= PATIENCE {
                lambda /= 2.0;
                since = 0;
            }
        }
        let norm: f64 = t.degree.iter().map(|&d| (d as f64 - 2.0).powi(2)).sum();
        if norm == 0.0 || lambda < 1e-4 || upper <= t.bound {
            break;
        }
        let step = lambda * (upper - t.bound) / norm;
        for (p, &d) in pi.iter_mut().zip(&t.degree) {
            *p += step * (d as f64 - 2.0);
        }
    }
    Some(best_pi)
}

/// Largest tree edge on tree paths, by binary lifting.
struct PathMax {
    depth: Vec<u32>,
    up: Vec<Vec<u32>>,
    max: Vec<Vec<f64>>,
}

impl PathMax {
    fn new(t: &OneTree) -> Self {
        let m = t.parent.len();
        let mut depth = vec![0u32; m];
        for &v in t.order.iter().skip(1) {
            depth[v as usize] = depth[t.parent[v as usize] as usize] + 1;
        }
        let root = t.order.first().copied().unwrap_or(0);
        let up0: Vec<u32> = (0..m)
            .map(|v| match t.parent[v] {
                u32::MAX => root,
                p => p,
            })
            .collect();
        let max0: Vec<f64> = (0..m)
            .map(|v| {
                if t.parent[v] == u32::MAX {
                    f64::NEG_INFINITY
                } else {
                    t.parent_w[v]
                }
            })
            .collect();
        let mut up = vec![up0];
        let mut max = vec![max0];
        while (1usize << up.len()) < m {
            let (pu, pm) = (&up[up.len() - 1], &max[max.len() - 1]);
            let nu: Vec<u32> = (0..m).map(|v| pu[pu[v] as usize]).collect();
            let nm: Vec<f64> = (0..m).map(|v| pm[v].max(pm[pu[v] as usize])).collect();
            up.push(nu);
            max.push(nm);
        }
        PathMax { depth, up, max }
    }

    fn query(&self, a: u32, b: u32) -> f64 {
        let (mut a, mut b) = (a as usize, b as usize);
        // penalised costs may be negative: "no edge yet" is −∞, not 0
        let mut best = f64::NEG_INFINITY;
        if self.depth[a] < self.depth[b] {
            std::mem::swap(&mut a, &mut b);
        }
        let mut diff = self.depth[a] - self.depth[b];
        let mut j = 0;
        while diff > 0 {
            if diff & 1 == 1 {
                best = best.max(self.max[j][a]);
                a = self.up[j][a] as usize;
            }
            diff >>= 1;
            j += 1;
        }
        if a == b {
            return best;
        }
        for j in (0..self.up.len()).rev() {
            if self.up[j][a] != self.up[j][b] {
                best = best.max(self.max[j][a]).max(self.max[j][b]);
                a = self.up[j][a] as usize;
                b = self.up[j][b] as usize;
            }
        }
        best.max(self.max[0][a]).max(self.max[0][b])
    }
}

/// The `keep` α-nearest of each node's `near` list (ties by cost), or `None` when the nearest
/// graph is disconnected or too small.
pub(super) fn rerank(cost: &impl TourCost, near: &Candidates, keep: usize) -> Option<Candidates> {
    let m = cost.len();
    if m < 8 || near.k() < 2 {
        return None;
    }
    let g = Graph::new(cost, near);
    let upper = greedy_upper(cost, near)?;
    let pi = ascent(&g, upper)?;
    let tree = one_tree(&g, &pi)?;
    let paths = PathMax::new(&tree);
    let keep = keep.min(near.k());
    let mut list = Vec::with_capacity(m * keep);
    let mut row: Vec<(f64, f64, u32)> = Vec::with_capacity(near.k());
    for a in 0..m as u32 {
        row.clear();
        for &b in near.of(a) {
            let c = cost.at(a, b);
            let w = c + pi[a as usize] + pi[b as usize];
            let alpha = (w - paths.query(a, b)).max(0.0);
            row.push((alpha, c, b));
        }
        row.sort_unstable_by(|x, y| {
            x.0.total_cmp(&y.0)
                .then(x.1.total_cmp(&y.1))
                .then(x.2.cmp(&y.2))
        });
        list.extend(row.iter().take(keep).map(|r| r.2));
    }
    Some(Candidates::from_rows(keep, list))
}

/// Length of a nearest-neighbour walk over the candidate graph (an upper bound for the
/// ascent's step size); `None` when the walk gets stuck.
fn greedy_upper(cost: &impl TourCost, near: &Candidates) -> Option<f64> {
    let m = cost.len();
    let mut used = vec![false; m];
    let mut cur = 0u32;
    used[0] = true;
    let mut len = 0.0;
    let mut unused_from = 0usize;
    for _ in 1..m {
        let next = near
            .of(cur)
            .iter()
            .copied()
            .find(|&j| !used[j as usize])
            .or_else(|| {
                while used.get(unused_from).copied().unwrap_or(false) {
                    unused_from += 1;
                }
                (unused_from < m).then_some(unused_from as u32)
            })?;
        used[next as usize] = true;
        len += cost.at(cur, next);
        cur = next;
    }
    Some(len + cost.at(cur, 0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::cost::DenseCost;
    use super::*;

    #[test]
    fn bound_is_below_a_tour_and_tree_edges_have_alpha_zero() {
        let m = 60;
        let pts: Vec<(f64, f64)> = (0..m)
            .map(|i| (((i * 7919) % 101) as f64, ((i * 104_729) % 103) as f64))
            .collect();
        let cost = DenseCost::build(m, |a, b| (pts[a].0 - pts[b].0).hypot(pts[a].1 - pts[b].1));
        let near = Candidates::nearest(&cost, 12);
        let g = Graph::new(&cost, &near);
        let upper = greedy_upper(&cost, &near).unwrap();
        let pi = ascent(&g, upper).unwrap();
        let t = one_tree(&g, &pi).unwrap();
        let zero = one_tree(&g, &vec![0.0; m]).unwrap();
        assert!(t.bound >= zero.bound - 1e-9, "{} < {}", t.bound, zero.bound);
        assert!(t.bound <= upper + 1e-9);
        let paths = PathMax::new(&t);
        for v in 1..m {
            let p = t.parent[v];
            let w = cost.at(v as u32, p) + pi[v] + pi[p as usize];
            assert!((paths.query(v as u32, p) - w).abs() < 1e-9);
        }
        let c = rerank(&cost, &near, 5).unwrap();
        assert_eq!(c.k(), 5);
    }
}
