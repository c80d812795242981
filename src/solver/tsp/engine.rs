//! Chained Lin–Kernighan (Martin, Otto & Felten 1991; Applegate, Cook & Rohe 2003): a local
//! optimum under [`lk`](super::lk) and [`or_opt`](super::or_opt) moves, perturbed by a
//! double bridge on short adjacent segments ([`kick`](super::kick)), re-optimised around the kick only (a queue
//! of active nodes: don't-look bits, Bentley 1992), kept when not longer and otherwise undone
//! from the tour's journal.
//!
//! Deterministic: the same cost, candidates and seed give the same tours on every platform.

use super::candidates::Candidates;
use super::cost::TourCost;
use super::kick;
use super::lk::Lk;
use super::or_opt;
use super::tour::Tour;
use crate::solver::rng::Rng;

/// The iterated search over a [`TourCost`].
#[derive(Debug, Clone)]
pub(crate) struct Engine<C> {
    cost: C,
    cand: Candidates,
    tour: Tour,
    len: f64,
    best: Vec<u32>,
    best_len: f64,
    queue: Vec<u32>,
    queued: Vec<bool>,
    eps: f64,
    lk: Lk,
    rng: Rng,
}

impl<C: TourCost> Engine<C> {
    /// A nearest-neighbour tour over `cost` (following candidates where it can), brought to a
    /// local optimum.
    pub fn new(cost: C, cand: Candidates, seed: u64) -> Self {
        let m = cost.len();
        let order = nearest_neighbour_tour(&cost, &cand);
        let mut e = Engine {
            tour: Tour::new(order),
            len: 0.0,
            best: Vec::new(),
            best_len: 0.0,
            queue: (0..m as u32).rev().collect(),
            queued: vec![true; m],
            eps: 0.0,
            lk: Lk::default(),
            rng: Rng::new(seed),
            cost,
            cand,
        };
        e.len = e.tour_length();
        e.eps = 1e-10 * e.len.abs().max(1.0);
        e.local_search();
        e.tour.commit();
        e.len = e.tour_length();
        e.best.clone_from(&e.tour.order);
        e.best_len = e.len;
        e
    }

    /// Length of the current tour, summed afresh.
    fn tour_length(&self) -> f64 {
        let o = &self.tour.order;
        let m = o.len();
        (0..m)
            .map(|i| self.cost.at(o[i], o[if i + 1 == m { 0 } else { i + 1 }]))
            .sum()
    }

    fn push(&mut self, a: u32) {
        if let Some(q) = self.queued.get_mut(a as usize) {
            if !*q {
                *q = true;
                self.queue.push(a);
            }
        }
    }

    /// Improves until no node in the queue has an improving move.
    fn local_search(&mut self) {
        while let Some(a) = self.queue.pop() {
            self.queued[a as usize] = false;
            if let Some(g) = self
                .lk
                .improve(&self.cost, &self.cand, &mut self.tour, a, self.eps)
            {
                self.len -= g;
                for i in 0..self.lk.touched().len() {
                    let x = self.lk.touched()[i];
                    self.push(x);
                }
                continue;
            }
            if let Some((g, touched)) =
                or_opt::improve(&self.cost, &self.cand, &mut self.tour, a, self.eps)
            {
                self.len -= g;
                for x in touched {
                    self.push(x);
                }
            }
        }
    }

    /// One kick and local search; keeps the result when it is not longer. True on a new best.
    pub fn iterate(&mut self) -> bool {
        let before = self.len;
        let Some((delta, touched)) = kick::segment(&self.cost, &mut self.tour, &mut self.rng)
        else {
            return false;
        };
        self.len += delta;
        for x in touched {
            self.push(x);
        }
        self.local_search();
        if self.len <= before + self.eps {
            self.tour.commit();
            if self.len < self.best_len - self.eps {
                self.len = self.tour_length();
                self.best.clone_from(&self.tour.order);
                self.best_len = self.len;
                return true;
            }
        } else {
            self.tour.rollback();
            self.len = before;
        }
        false
    }

    /// The best tour found: a permutation of `0..len()`.
    pub fn best_tour(&self) -> &[u32] {
        &self.best
    }

    /// Length of the best tour.
    pub fn best_len(&self) -> f64 {
        self.best_len
    }
}

/// From node 0, always to the nearest unvisited node: among the candidates when one is
/// unvisited, else by a scan.
fn nearest_neighbour_tour(cost: &impl TourCost, cand: &Candidates) -> Vec<u32> {
    let m = cost.len();
    let mut order = Vec::with_capacity(m);
    if m == 0 {
        return order;
    }
    let mut used = vec![false; m];
    let mut cur = 0u32;
    used[0] = true;
    order.push(0);
    for _ in 1..m {
        let near = cand
            .of(cur)
            .iter()
            .copied()
            .filter(|&j| !used[j as usize])
            .min_by(|&a, &b| cost.at(cur, a).total_cmp(&cost.at(cur, b)).then(a.cmp(&b)));
        let next = near.unwrap_or_else(|| {
            let mut best = u32::MAX;
            let mut best_d = f64::INFINITY;
            for (j, &done) in used.iter().enumerate() {
                let d = cost.at(cur, j as u32);
                if !done && (best == u32::MAX || d < best_d) {
                    best = j as u32;
                    best_d = d;
                }
            }
            best
        });
        used[next as usize] = true;
        order.push(next);
        cur = next;
    }
    order
}
