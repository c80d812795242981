//! 2-opt with neighbour lists (Croes 1958; neighbour lists and don't-look bits as in Bentley
//! 1992, "Fast algorithms for geometric traveling salesman problems", ORSA J. Computing 4(4)).

use super::{Dist, Tour};

/// Tries the 2-opt moves that add an edge from `a` to one of its neighbours, on both sides of
/// `a`; applies the first improving one and returns its gain and the touched nodes.
pub(super) fn improve(d: &Dist, tour: &mut Tour, a: u32, eps: f64) -> Option<(f64, [u32; 4])> {
    for succ in [true, false] {
        let b = if succ { tour.next(a) } else { tour.prev(a) };
        let d_ab = d.at(a, b);
        for &c in d.neighbours(a) {
            let g1 = d_ab - d.at(a, c);
            if g1 <= eps {
                break;
            }
            let e = if succ { tour.next(c) } else { tour.prev(c) };
            if c == b || e == a {
                continue;
            }
            let gain = g1 + d.at(c, e) - d.at(b, e);
            if gain > eps {
                if succ {
                    tour.move_2opt(a, b, c);
                } else {
                    tour.move_2opt(b, a, e);
                }
                return Some((gain, [a, b, c, e]));
            }
        }
    }
    None
}
