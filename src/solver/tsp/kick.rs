//! The perturbation: a double bridge (Martin, Otto & Felten 1991) on two short adjacent
//! segments, `A B C D → A C B D`, so that the following local search stays local.

use super::{Dist, Tour};
use crate::solver::rng::Rng;

/// Longest segment moved by a kick.
const MAX_SEGMENT: usize = 30;

/// Applies a random double bridge; returns the length change and the six nodes at the changed
/// edges. `None` on tours too small to kick.
pub(super) fn double_bridge(d: &Dist, tour: &mut Tour, rng: &mut Rng) -> Option<(f64, [u32; 6])> {
    let m = tour.len();
    if m < 8 {
        return None;
    }
    let lmax = (m / 4).clamp(1, MAX_SEGMENT);
    let l1 = 1 + rng.below(lmax);
    let l2 = 1 + rng.below(lmax);
    let i = rng.below(m);
    let at = |p: usize| tour.order[p % m];
    let a = at(i + m - 1);
    let b1 = at(i);
    let b2 = at(i + l1 - 1);
    let c1 = at(i + l1);
    let c2 = at(i + l1 + l2 - 1);
    let d1 = at(i + l1 + l2);
    let delta =
        d.at(a, c1) + d.at(c2, b1) + d.at(b2, d1) - d.at(a, b1) - d.at(b2, c1) - d.at(c2, d1);
    tour.reverse_raw(i, l1 + l2);
    tour.reverse_raw(i, l2);
    tour.reverse_raw((i + l2) % m, l1);
    Some((delta, [a, b1, b2, c1, c2, d1]))
}
