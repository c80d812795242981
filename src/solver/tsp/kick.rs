//! The perturbation of the iterated search: a double bridge (Martin, Otto & Felten 1991,
//! "Large-step Markov chains for the traveling salesman problem"), `A B C D → A C B D`, a move
//! Lin–Kernighan cannot easily undo, on two short adjacent segments (1–30 nodes) so that the
//! cuts are close and the following local search stays local (Applegate, Cook & Rohe 2003
//! found localised kicks essential for large instances).
//!
//! Measured and left out (issue 16, TSPLIB at 2 s): the geometric kick of Applegate et al.,
//! cuts at nodes reached by a random walk over the candidate graph (close in space, possibly
//! far along the tour), alone or mixed half and half with this one, gave a worse mean gap
//! (0.28 % and 0.15 % against 0.08 %); segments of at most 10 or 60 nodes were worse too.

use super::cost::TourCost;
use super::tour::Tour;
use crate::solver::rng::Rng;

/// Longest segment moved by a [`segment`] kick.
const MAX_SEGMENT: usize = 30;

/// Double bridge on the tour `a1 → b1 … b2 → c1 … c2 → d1` giving `a1 → c1 … c2 → b1 … b2 →
/// d1` by three 2-opt moves; returns the length change and the six nodes at changed edges.
fn bridge(d: &impl TourCost, tour: &mut Tour, cuts: [u32; 3]) -> (f64, [u32; 6]) {
    let [a1, b2, c2] = cuts;
    let fwd = true;
    let b1 = tour.succ(a1, fwd);
    let c1 = tour.succ(b2, fwd);
    let d1 = tour.succ(c2, fwd);
    let delta =
        d.at(a1, c1) + d.at(c2, b1) + d.at(b2, d1) - d.at(a1, b1) - d.at(b2, c1) - d.at(c2, d1);
    tour.move_2opt(a1, b1, c2); // a1 c2 … c1 b2 … b1 d1
    tour.move_2opt(a1, c2, c1); // a1 c1 … c2 b2 … b1 d1
    tour.move_2opt(c2, b2, b1); // a1 c1 … c2 b1 … b2 d1
    (delta, [a1, b1, b2, c1, c2, d1])
}

/// A double bridge on two adjacent segments of 1–30 nodes at a random place.
pub(super) fn segment(
    d: &impl TourCost,
    tour: &mut Tour,
    rng: &mut Rng,
) -> Option<(f64, [u32; 6])> {
    let m = tour.len();
    if m < 8 {
        return None;
    }
    let lmax = (m / 4).clamp(1, MAX_SEGMENT);
    let l1 = 1 + rng.below(lmax);
    let l2 = 1 + rng.below(lmax);
    let i = rng.below(m);
    let at = |p: usize| tour.order[p % m];
    let cuts = [at(i + m - 1), at(i + l1 - 1), at(i + l1 + l2 - 1)];
    Some(bridge(d, tour, cuts))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::cost::DenseCost;
    use super::*;

    #[test]
    fn kicks_change_length_by_their_delta_and_keep_a_permutation() {
        let m = 50;
        let cost = DenseCost::build(m, |a, b| {
            ((a * 31 + b * 31) % 97) as f64 + (a as f64 - b as f64).abs()
        });
        let mut tour = Tour::new((0..m as u32).collect());
        let mut rng = Rng::new(3);
        let length = |t: &Tour| -> f64 { (0..m as u32).map(|a| cost.at(a, t.next(a))).sum() };
        for _ in 0..400 {
            let before = length(&tour);
            if let Some((delta, _)) = segment(&cost, &mut tour, &mut rng) {
                assert!((length(&tour) - before - delta).abs() < 1e-9);
            }
            let mut s = tour.order.clone();
            s.sort_unstable();
            assert_eq!(s, (0..m as u32).collect::<Vec<_>>());
        }
    }
}
