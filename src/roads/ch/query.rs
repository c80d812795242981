//! One-to-one queries on a contraction hierarchy: a bidirectional Dijkstra in which both
//! searches only go *up* the hierarchy (Geisberger et al. 2008, §4), with stall-on-demand
//! (a node reached more cheaply from a higher neighbour is not expanded). Each direction stops
//! once its smallest key reaches the best meeting cost found.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::ContractionHierarchy;
use crate::roads::endpoint::{RawPath, Seed};
use crate::roads::weight::{add, Weight, UNREACHABLE};

const NONE: u32 = u32::MAX;

/// The state of one search direction (indexed by rank).
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub dist: Vec<Weight>,
    /// (previous rank, arc id) on the search tree.
    parent: Vec<(u32, u32)>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Weight, u32)>>,
    forward: bool,
}

impl Side {
    pub fn new(n: usize, forward: bool) -> Side {
        Side {
            dist: vec![UNREACHABLE; n],
            parent: vec![(NONE, NONE); n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            forward,
        }
    }

    /// Clears the previous search and starts from seeds (node ids).
    pub fn start(&mut self, ch: &ContractionHierarchy, seeds: &[Seed]) {
        for &r in &self.touched {
            if let Some(d) = self.dist.get_mut(r as usize) {
                *d = UNREACHABLE;
            }
            if let Some(p) = self.parent.get_mut(r as usize) {
                *p = (NONE, NONE);
            }
        }
        self.touched.clear();
        self.heap.clear();
        for &(v, w) in seeds {
            let Some(r) = ch.rank(v) else { continue };
            if let Some(d) = self.dist.get_mut(r as usize) {
                if w < *d {
                    if *d == UNREACHABLE {
                        self.touched.push(r);
                    }
                    *d = w;
                    self.heap.push(Reverse((w, r)));
                }
            }
        }
    }

    /// The smallest key in the queue.
    pub fn min_key(&self) -> Weight {
        self.heap.peek().map_or(UNREACHABLE, |Reverse((d, _))| *d)
    }

    /// Settles the next node: `Some((rank, dist, stalled))`, `None` when the queue is empty.
    pub fn settle(&mut self, ch: &ContractionHierarchy) -> Option<(u32, Weight, bool)> {
        while let Some(Reverse((d, r))) = self.heap.pop() {
            if self.dist.get(r as usize).copied() != Some(d) {
                continue;
            }
            let (relax, stall) = if self.forward {
                (ch.up.of(r), ch.down.of(r))
            } else {
                (ch.down.of(r), ch.up.of(r))
            };
            // stall-on-demand: reached more cheaply through a higher node
            let stalled = stall.iter().any(|a| {
                add(
                    self.dist
                        .get(a.node as usize)
                        .copied()
                        .unwrap_or(UNREACHABLE),
                    a.weight,
                ) < d
            });
            if !stalled {
                for a in relax {
                    let nd = add(d, a.weight);
                    if let Some(old) = self.dist.get_mut(a.node as usize) {
                        if nd < *old {
                            if *old == UNREACHABLE {
                                self.touched.push(a.node);
                            }
                            *old = nd;
                            if let Some(p) = self.parent.get_mut(a.node as usize) {
                                *p = (r, a.id);
                            }
                            self.heap.push(Reverse((nd, a.node)));
                        }
                    }
                }
            }
            return Some((r, d, stalled));
        }
        None
    }

    /// Arc ids from the search's root to `r` (forward: in driving order from the root;
    /// backward: in driving order from `r`), and the root's rank.
    fn chain(&self, mut r: u32) -> (Vec<u32>, u32) {
        let mut arcs = Vec::new();
        while let Some(&(prev, arc)) = self.parent.get(r as usize) {
            if prev == NONE || arcs.len() > self.dist.len() {
                break;
            }
            arcs.push(arc);
            r = prev;
        }
        if self.forward {
            arcs.reverse();
        }
        (arcs, r)
    }
}

/// Reusable buffers for one-to-one queries.
#[derive(Debug, Clone)]
pub(crate) struct ChQuery {
    fwd: Side,
    bwd: Side,
}

impl ChQuery {
    pub fn new(ch: &ContractionHierarchy) -> ChQuery {
        ChQuery {
            fwd: Side::new(ch.node_count(), true),
            bwd: Side::new(ch.node_count(), false),
        }
    }

    /// The shortest path from the source seeds to the target seeds (node ids).
    pub fn between_seeds(
        &mut self,
        ch: &ContractionHierarchy,
        sources: &[Seed],
        targets: &[Seed],
    ) -> Option<RawPath> {
        self.fwd.start(ch, sources);
        self.bwd.start(ch, targets);
        let mut best = UNREACHABLE;
        let mut meet = NONE;
        loop {
            let (fk, bk) = (self.fwd.min_key(), self.bwd.min_key());
            let forward = if fk < best && (fk <= bk || bk >= best) {
                true
            } else if bk < best {
                false
            } else {
                break;
            };
            let (this, other) = if forward {
                (&mut self.fwd, &self.bwd)
            } else {
                (&mut self.bwd, &self.fwd)
            };
            let Some((r, d, _)) = this.settle(ch) else {
                continue;
            };
            let o = other.dist.get(r as usize).copied().unwrap_or(UNREACHABLE);
            let total = add(d, o);
            if total < best {
                best = total;
                meet = r;
            }
        }
        if meet == NONE {
            return None;
        }
        let (up_arcs, root) = self.fwd.chain(meet);
        let (down_arcs, end) = self.bwd.chain(meet);
        let mut steps = Vec::new();
        for a in up_arcs.into_iter().chain(down_arcs) {
            ch.unpack(a, &mut steps);
        }
        Some(RawPath {
            weight: best,
            first: ch.node_at.get(root as usize).copied(),
            last: ch.node_at.get(end as usize).copied(),
            steps,
        })
    }
}
