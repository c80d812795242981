//! The Lin–Kernighan move (Lin & Kernighan 1973, "An effective heuristic algorithm for the
//! traveling-salesman problem"), as a chain of 2-opt flips on the array tour (the form of
//! Johnson & McGeoch 1997 and of Concorde's `linkern`, Applegate, Cook & Rohe 2003, "Chained
//! Lin-Kernighan for large traveling salesman problems").
//!
//! Removing the tour edge `(t1, t2)` leaves a Hamiltonian path; each level picks a candidate
//! `t3` of the path's free end `t2` with positive partial gain `g − c(t2, t3) > 0`, removes
//! `(t4, t3)` where `t4` precedes `t3`, and flips the path `t2 … t4`, so that the tour is
//! valid again with `t4` next to `t1` and the closing edge `(t4, t1)`. Level `k` is thus a
//! sequential `(k + 1)`-opt move. The first levels try several `t3` (breadth 5, 3, 2 ordered by
//! `c(t3, t4) − c(t2, t3)`, as in Helsgaun 2000, "An effective implementation of the
//! Lin-Kernighan traveling salesman heuristic"), so that every sequential 3-opt and, within
//! the breadth, 4- and 5-opt move whose partial sums stay positive is searched, LKH's basic
//! move; deeper levels go on greedily up to [`MAX_DEPTH`]. The best closing point of the
//! chain is kept and the flips after it are undone. An edge added by the move is never removed
//! by it.

use super::candidates::Candidates;
use super::cost::TourCost;
use super::tour::Tour;

/// Alternatives tried at the first levels; deeper levels take the best one only.
const BREADTH: [usize; 4] = [5, 3, 2, 2];
/// Longest chain of flips in one move.
const MAX_DEPTH: usize = 40;
/// Most candidates considered per level.
const MAX_CAND: usize = 16;

/// Scratch of the move search, reused between calls.
#[derive(Debug, Clone, Default)]
pub(super) struct Lk {
    /// Edges added by the chain so far.
    added: Vec<(u32, u32)>,
    /// Endpoints of the changed edges: `t1, t2`, then `t3, t4` per flip.
    nodes: Vec<u32>,
    best_gain: f64,
    best_flips: usize,
    improved: bool,
}

impl Lk {
    /// Nodes at the edges changed by the last improving move.
    pub fn touched(&self) -> &[u32] {
        &self.nodes
    }

    /// Searches a move that removes a tour edge at `t1`; applies the best improving one found
    /// and returns its gain.
    pub fn improve(
        &mut self,
        cost: &impl TourCost,
        cand: &Candidates,
        tour: &mut Tour,
        t1: u32,
        eps: f64,
    ) -> Option<f64> {
        if tour.len() < 5 {
            return None;
        }
        for fwd in [true, false] {
            let t2 = tour.succ(t1, fwd);
            self.added.clear();
            self.nodes.clear();
            self.nodes.extend([t1, t2]);
            self.best_gain = eps;
            self.best_flips = 0;
            self.improved = false;
            let mark = tour.mark();
            let g = cost.at(t1, t2);
            self.step(cost, cand, tour, t1, t2, g, fwd, 0, mark, eps);
            if self.improved {
                tour.undo_to(mark + self.best_flips);
                self.nodes.truncate(2 + 2 * self.best_flips);
                return Some(self.best_gain);
            }
        }
        None
    }

    /// One level: `t2` is the free end next to `t1` in direction `fwd`, `g` the gain of the
    /// chain without its closing edge.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        cost: &impl TourCost,
        cand: &Candidates,
        tour: &mut Tour,
        t1: u32,
        t2: u32,
        g: f64,
        fwd: bool,
        level: usize,
        mark: usize,
        eps: f64,
    ) {
        let mut opts = [(0.0f64, 0u32, 0u32); MAX_CAND];
        let mut n = 0;
        let t2_succ = tour.succ(t2, fwd);
        for &t3 in cand.of(t2).iter().take(MAX_CAND) {
            let g1 = g - cost.at(t2, t3);
            if g1 <= eps {
                continue;
            }
            if t3 == t1 || t3 == t2_succ {
                continue;
            }
            let t4 = tour.pred(t3, fwd);
            if self.is_added(t3, t4) {
                continue;
            }
            opts[n] = (cost.at(t3, t4) - cost.at(t2, t3), t3, t4);
            n += 1;
        }
        let opts = &mut opts[..n];
        opts.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let breadth = BREADTH.get(level).copied().unwrap_or(1);
        for &(diff, t3, t4) in opts.iter().take(breadth) {
            let before = tour.mark();
            if fwd {
                tour.reverse_path(t2, t4);
            } else {
                tour.reverse_path(t4, t2);
            }
            self.added.push((t2, t3));
            self.nodes.extend([t3, t4]);
            let g2 = g + diff;
            let close = g2 - cost.at(t4, t1);
            if close > self.best_gain {
                self.best_gain = close;
                self.best_flips = tour.mark() - mark;
                self.improved = true;
            }
            if level + 1 < MAX_DEPTH {
                let fwd2 = tour.next(t1) == t4;
                self.step(cost, cand, tour, t1, t4, g2, fwd2, level + 1, mark, eps);
            }
            if self.improved {
                return;
            }
            tour.undo_to(before);
            self.added.pop();
            self.nodes.truncate(self.nodes.len() - 2);
        }
    }

    fn is_added(&self, a: u32, b: u32) -> bool {
        self.added
            .iter()
            .any(|&(x, y)| (x == a && y == b) || (x == b && y == a))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::cost::DenseCost;
    use super::*;

    fn length(cost: &DenseCost, t: &Tour) -> f64 {
        (0..t.len() as u32).map(|a| cost.at(a, t.next(a))).sum()
    }

    #[test]
    fn every_applied_move_gains_what_it_claims_and_keeps_a_permutation() {
        // points on a circle visited in a scrambled order: lots of improving moves
        let m = 40;
        let pts: Vec<(f64, f64)> = (0..m)
            .map(|i| {
                let a = i as f64 * std::f64::consts::TAU / m as f64;
                (a.cos() * 100.0, a.sin() * 100.0)
            })
            .collect();
        let cost = DenseCost::build(m, |a, b| (pts[a].0 - pts[b].0).hypot(pts[a].1 - pts[b].1));
        let cand = Candidates::nearest(&cost, 8);
        let order: Vec<u32> = (0..m as u32).map(|i| (i * 7) % m as u32).collect();
        let mut tour = Tour::new(order);
        let mut lk = Lk::default();
        let mut len = length(&cost, &tour);
        let mut moves = 0;
        loop {
            let mut any = false;
            for a in 0..m as u32 {
                if let Some(g) = lk.improve(&cost, &cand, &mut tour, a, 1e-9) {
                    let now = length(&cost, &tour);
                    assert!(
                        (len - g - now).abs() < 1e-6,
                        "claimed {g}, got {}",
                        len - now
                    );
                    len = now;
                    moves += 1;
                    any = true;
                }
            }
            if !any {
                break;
            }
        }
        assert!(moves > 0);
        let mut seen = tour.order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..m as u32).collect::<Vec<_>>());
        // the circle's optimum is its perimeter
        let perimeter = m as f64 * cost.at(0, 1);
        assert!((len - perimeter).abs() < 1e-6, "{len} vs {perimeter}");
    }
}
