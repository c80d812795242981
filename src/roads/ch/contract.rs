//! Node contraction (Geisberger, Sanders, Schultes & Delling 2008, "Contraction Hierarchies:
//! Faster and Simpler Hierarchical Routing in Road Networks", WEA 2008).
//!
//! Nodes are contracted one at a time in the order of a lazily updated priority (edge
//! difference, contracted neighbours and hierarchy level). Contracting `v` removes it from the
//! remaining graph; for every pair of neighbours `u → v → w` a shortcut `u → w` is added unless a
//! *witness* path not through `v` is at most as long. Witness searches are bounded (settled-node
//! limit, distance bound): when a bounded search finds no witness, the shortcut is added anyway,
//! which costs a few superfluous shortcuts but never correctness. The arcs `v` still has when it
//! is contracted are its upward arcs in the finished hierarchy.
//!
//! A second metric of the same graph can be contracted in the first one's order
//! ([`contract_in_order`]): that skips the priority estimates, which take most of the time, and
//! is as exact as any order (only the number of shortcuts depends on the order).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{ArcOrigin, ContractionHierarchy, CsrArcs, UpArc};
use crate::roads::graph::RoadGraph;
use crate::roads::weight::{add, Metric, Weight, UNREACHABLE};

/// Settled-node limit of a witness search when contracting.
const WITNESS_SETTLE_LIMIT: usize = 400;
/// Settled-node limit of a witness search when only estimating a priority. Priorities are
/// estimated far more often than nodes are contracted (every neighbour of a contracted node is
/// re-estimated), so this search is kept very short: a missed witness only makes the edge
/// difference an overestimate.
const SIMULATE_SETTLE_LIMIT: usize = 10;

#[derive(Debug, Clone, Copy)]
struct DynArc {
    node: u32,
    weight: Weight,
    id: u32,
}

/// Bounded Dijkstra from one node over the remaining graph, avoiding the node being
/// contracted.
struct Witness {
    dist: Vec<Weight>,
    /// Nodes whose distance the current search must settle (cleared after each search).
    target: Vec<bool>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Weight, u32)>>,
}

impl Witness {
    fn new(n: usize) -> Self {
        Witness {
            dist: vec![UNREACHABLE; n],
            target: vec![false; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Settles nodes from `from` until every target (marked in `self.target`, `targets` of
    /// them) is settled, the distance exceeds `bound` or `limit` nodes are settled.
    fn run(
        &mut self,
        out: &[Vec<DynArc>],
        from: u32,
        avoid: u32,
        bound: Weight,
        limit: usize,
        mut targets: usize,
    ) {
        for &v in &self.touched {
            if let Some(d) = self.dist.get_mut(v as usize) {
                *d = UNREACHABLE;
            }
        }
        self.touched.clear();
        self.heap.clear();
        if let Some(d) = self.dist.get_mut(from as usize) {
            *d = 0;
            self.touched.push(from);
            self.heap.push(Reverse((0, from)));
        }
        let mut settled = 0;
        while let Some(Reverse((d, v))) = self.heap.pop() {
            if self.dist.get(v as usize).copied() != Some(d) {
                continue;
            }
            if d > bound || settled >= limit {
                break;
            }
            settled += 1;
            if self.target.get(v as usize).copied().unwrap_or(false) {
                targets -= 1;
                if targets == 0 {
                    break;
                }
            }
            for a in out.get(v as usize).map(Vec::as_slice).unwrap_or(&[]) {
                if a.node == avoid {
                    continue;
                }
                let nd = add(d, a.weight);
                if let Some(old) = self.dist.get_mut(a.node as usize) {
                    if nd < *old {
                        if *old == UNREACHABLE {
                            self.touched.push(a.node);
                        }
                        *old = nd;
                        self.heap.push(Reverse((nd, a.node)));
                    }
                }
            }
        }
    }

    fn dist(&self, v: u32) -> Weight {
        self.dist.get(v as usize).copied().unwrap_or(UNREACHABLE)
    }
}

struct Contractor {
    out: Vec<Vec<DynArc>>,
    inc: Vec<Vec<DynArc>>,
    origins: Vec<ArcOrigin>,
    witness: Witness,
    deleted_neighbours: Vec<u32>,
    level: Vec<u32>,
    shortcuts: Vec<(u32, u32, Weight, ArcOrigin)>,
}

impl Contractor {
    /// The shortcuts contracting `v` needs (into `self.shortcuts`).
    fn find_shortcuts(&mut self, v: u32, limit: usize) {
        self.shortcuts.clear();
        let vi = v as usize;
        let (Some(ins), Some(outs)) = (self.inc.get(vi), self.out.get(vi)) else {
            return;
        };
        for a in ins {
            let max_out = outs
                .iter()
                .filter(|b| b.node != a.node)
                .map(|b| b.weight)
                .max();
            let Some(max_out) = max_out else { continue };
            let bound = add(a.weight, max_out);
            let mut targets = 0;
            for b in outs.iter().filter(|b| b.node != a.node) {
                if let Some(t) = self.witness.target.get_mut(b.node as usize) {
                    if !*t {
                        *t = true;
                        targets += 1;
                    }
                }
            }
            self.witness
                .run(&self.out, a.node, v, bound, limit, targets);
            for b in outs {
                if let Some(t) = self.witness.target.get_mut(b.node as usize) {
                    *t = false;
                }
            }
            for b in outs {
                if b.node == a.node {
                    continue;
                }
                let via = add(a.weight, b.weight);
                if self.witness.dist(b.node) > via {
                    self.shortcuts.push((
                        a.node,
                        b.node,
                        via,
                        ArcOrigin::Shortcut {
                            first: a.id,
                            second: b.id,
                        },
                    ));
                }
            }
        }
    }

    fn priority(&mut self, v: u32) -> i64 {
        self.find_shortcuts(v, SIMULATE_SETTLE_LIMIT);
        let vi = v as usize;
        let degree = self.out.get(vi).map_or(0, Vec::len) + self.inc.get(vi).map_or(0, Vec::len);
        let edge_difference = self.shortcuts.len() as i64 - degree as i64;
        4 * edge_difference
            + 2 * i64::from(self.deleted_neighbours.get(vi).copied().unwrap_or(0))
            + i64::from(self.level.get(vi).copied().unwrap_or(0))
    }

    fn add_arc(&mut self, from: u32, to: u32, weight: Weight, origin: ArcOrigin) {
        let Some(outs) = self.out.get_mut(from as usize) else {
            return;
        };
        let id = self.origins.len() as u32;
        if let Some(a) = outs.iter_mut().find(|a| a.node == to) {
            if a.weight <= weight {
                return;
            }
            a.weight = weight;
            a.id = id;
            if let Some(b) = self
                .inc
                .get_mut(to as usize)
                .and_then(|ins| ins.iter_mut().find(|b| b.node == from))
            {
                b.weight = weight;
                b.id = id;
            }
        } else {
            outs.push(DynArc {
                node: to,
                weight,
                id,
            });
            if let Some(ins) = self.inc.get_mut(to as usize) {
                ins.push(DynArc {
                    node: from,
                    weight,
                    id,
                });
            }
        }
        self.origins.push(origin);
    }

    /// Contracts `v`; returns its upward out- and in-arcs.
    fn contract(&mut self, v: u32) -> (Vec<DynArc>, Vec<DynArc>) {
        self.find_shortcuts(v, WITNESS_SETTLE_LIMIT);
        let shortcuts = std::mem::take(&mut self.shortcuts);
        for &(u, w, weight, origin) in &shortcuts {
            self.add_arc(u, w, weight, origin);
        }
        self.shortcuts = shortcuts;
        let vi = v as usize;
        let outs = self.out.get_mut(vi).map(std::mem::take).unwrap_or_default();
        let ins = self.inc.get_mut(vi).map(std::mem::take).unwrap_or_default();
        let lv = self.level.get(vi).copied().unwrap_or(0);
        for a in &outs {
            if let Some(l) = self.inc.get_mut(a.node as usize) {
                l.retain(|b| b.node != v);
            }
        }
        for a in &ins {
            if let Some(l) = self.out.get_mut(a.node as usize) {
                l.retain(|b| b.node != v);
            }
        }
        for n in outs.iter().chain(&ins).map(|a| a.node) {
            if let Some(d) = self.deleted_neighbours.get_mut(n as usize) {
                *d += 1;
            }
            if let Some(l) = self.level.get_mut(n as usize) {
                *l = (*l).max(lv + 1);
            }
        }
        (outs, ins)
    }
}

fn contractor(graph: &RoadGraph, metric: Metric) -> Contractor {
    let n = graph.node_count();
    let mut arcs = graph.arcs(metric);
    // keep the lightest of parallel arcs
    arcs.sort_by_key(|a| (a.from, a.to, a.weight));
    arcs.dedup_by_key(|a| (a.from, a.to));
    let mut c = Contractor {
        out: vec![Vec::new(); n],
        inc: vec![Vec::new(); n],
        origins: Vec::with_capacity(arcs.len() * 2),
        witness: Witness::new(n),
        deleted_neighbours: vec![0; n],
        level: vec![0; n],
        shortcuts: Vec::new(),
    };
    for a in &arcs {
        c.add_arc(
            a.from,
            a.to,
            a.weight,
            ArcOrigin::Original {
                edge: a.edge,
                reverse: a.reverse,
            },
        );
    }
    c
}

/// Contracts every node of `graph` under `metric` in a given order (`rank_of`, e.g. that of
/// another metric's hierarchy): no priorities to compute. Any order gives an exact hierarchy;
/// the order only affects its size and query speed.
pub(crate) fn contract_in_order(
    graph: &RoadGraph,
    metric: Metric,
    rank_of: &[u32],
) -> ContractionHierarchy {
    let n = graph.node_count();
    let mut c = contractor(graph, metric);
    let mut node_at = vec![u32::MAX; n];
    for (v, &r) in rank_of.iter().enumerate() {
        if let Some(slot) = node_at.get_mut(r as usize) {
            *slot = v as u32;
        }
    }
    let mut up_out: Vec<Vec<DynArc>> = vec![Vec::new(); n];
    let mut up_in: Vec<Vec<DynArc>> = vec![Vec::new(); n];
    for &v in &node_at {
        let (outs, ins) = c.contract(v);
        if let Some(slot) = up_out.get_mut(v as usize) {
            *slot = outs;
        }
        if let Some(slot) = up_in.get_mut(v as usize) {
            *slot = ins;
        }
    }
    assemble(metric, rank_of.to_vec(), &up_out, &up_in, &c.origins)
}

/// Contracts every node of `graph` under `metric`.
pub(crate) fn contract(graph: &RoadGraph, metric: Metric) -> ContractionHierarchy {
    let n = graph.node_count();
    let mut c = contractor(graph, metric);
    let mut prio: Vec<i64> = Vec::with_capacity(n);
    let mut heap = BinaryHeap::with_capacity(n);
    for v in 0..n as u32 {
        let p = c.priority(v);
        prio.push(p);
        heap.push(Reverse((p, v)));
    }
    let mut contracted = vec![false; n];
    let mut rank_of = vec![0u32; n];
    let mut up_out: Vec<Vec<DynArc>> = vec![Vec::new(); n];
    let mut up_in: Vec<Vec<DynArc>> = vec![Vec::new(); n];
    let mut next_rank = 0u32;
    while let Some(Reverse((p, v))) = heap.pop() {
        let vi = v as usize;
        if contracted.get(vi).copied().unwrap_or(true) || prio.get(vi) != Some(&p) {
            continue;
        }
        // lazy update: re-evaluate, and put back if no longer the smallest
        let fresh = c.priority(v);
        if let Some(slot) = prio.get_mut(vi) {
            *slot = fresh;
        }
        if let Some(Reverse((next, _))) = heap.peek() {
            if fresh > *next {
                heap.push(Reverse((fresh, v)));
                continue;
            }
        }
        let (outs, ins) = c.contract(v);
        if let Some(x) = contracted.get_mut(vi) {
            *x = true;
        }
        if let Some(r) = rank_of.get_mut(vi) {
            *r = next_rank;
        }
        next_rank += 1;
        let mut neighbours: Vec<u32> = outs.iter().chain(&ins).map(|a| a.node).collect();
        neighbours.sort_unstable();
        neighbours.dedup();
        for u in neighbours {
            if contracted.get(u as usize).copied().unwrap_or(true) {
                continue;
            }
            let np = c.priority(u);
            if let Some(slot) = prio.get_mut(u as usize) {
                *slot = np;
            }
            heap.push(Reverse((np, u)));
        }
        if let Some(slot) = up_out.get_mut(vi) {
            *slot = outs;
        }
        if let Some(slot) = up_in.get_mut(vi) {
            *slot = ins;
        }
    }
    assemble(metric, rank_of, &up_out, &up_in, &c.origins)
}

/// Renumbers nodes by rank, keeps only the arcs of the search graph (renumbered in their
/// order, so a shortcut's children still come before it) and lays them out as CSR arrays.
fn assemble(
    metric: Metric,
    rank_of: Vec<u32>,
    up_out: &[Vec<DynArc>],
    up_in: &[Vec<DynArc>],
    origins: &[ArcOrigin],
) -> ContractionHierarchy {
    let n = rank_of.len();
    let mut node_at = vec![0u32; n];
    for (v, &r) in rank_of.iter().enumerate() {
        if let Some(slot) = node_at.get_mut(r as usize) {
            *slot = v as u32;
        }
    }
    let mut keep = vec![false; origins.len()];
    for a in up_out.iter().chain(up_in).flatten() {
        if let Some(k) = keep.get_mut(a.id as usize) {
            *k = true;
        }
    }
    let mut new_id = vec![u32::MAX; origins.len()];
    let mut kept = Vec::new();
    for (i, o) in origins.iter().enumerate() {
        if keep.get(i).copied().unwrap_or(false) {
            new_id[i] = kept.len() as u32;
            kept.push(*o);
        }
    }
    let remap = |id: u32| new_id.get(id as usize).copied().unwrap_or(u32::MAX);
    let origin: Vec<ArcOrigin> = kept
        .into_iter()
        .map(|o| match o {
            ArcOrigin::Shortcut { first, second } => ArcOrigin::Shortcut {
                first: remap(first),
                second: remap(second),
            },
            o => o,
        })
        .collect();
    let rank = |v: u32| rank_of.get(v as usize).copied().unwrap_or(0);
    let lay_out = |lists: &[Vec<DynArc>]| {
        let mut per_rank: Vec<&Vec<DynArc>> = vec![&EMPTY; n];
        for (v, l) in lists.iter().enumerate() {
            if let Some(slot) = per_rank.get_mut(rank(v as u32) as usize) {
                *slot = l;
            }
        }
        let mut first = Vec::with_capacity(n + 1);
        let mut arcs = Vec::new();
        first.push(0u32);
        for l in per_rank {
            let start = arcs.len();
            arcs.extend(l.iter().map(|a| UpArc {
                node: rank(a.node),
                weight: a.weight,
                id: remap(a.id),
            }));
            // in id order, as the binary loader lays them out
            if let Some(s) = arcs.get_mut(start..) {
                s.sort_unstable_by_key(|a| a.id);
            }
            first.push(arcs.len() as u32);
        }
        CsrArcs { first, arcs }
    };
    let up = lay_out(up_out);
    let down = lay_out(up_in);
    ContractionHierarchy {
        metric,
        rank_of,
        node_at,
        up,
        down,
        origin,
    }
}

static EMPTY: Vec<DynArc> = Vec::new();
