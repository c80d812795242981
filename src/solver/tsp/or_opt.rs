//! Or-opt (Or 1976, "Traveling salesman-type combinatorial problems and their relation to the
//! logistics of regional blood banking"): move a string of 1–3 consecutive nodes that starts
//! or ends at a node to between a candidate and that candidate's successor or predecessor, in
//! either direction. The baseline local search before Lin–Kernighan, kept beside it because a
//! string move is a 3-opt move whose first flip may lose (`lk` requires positive partial gains
//! and misses some of them). Done as two or three 2-opt moves on the array tour, so it is
//! journaled like them.

use super::candidates::Candidates;
use super::cost::TourCost;
use super::tour::Tour;

/// Tries the string moves around `a`; applies the first improving one and returns its gain
/// and up to six touched nodes.
pub(super) fn improve(
    d: &impl TourCost,
    cand: &Candidates,
    tour: &mut Tour,
    a: u32,
    eps: f64,
) -> Option<(f64, [u32; 6])> {
    let m = tour.len();
    for len in 1..=3usize {
        if len + 3 > m {
            break;
        }
        // strings [a, …] forwards and […, a] ending at a
        for starts_at_a in [true, false] {
            let (s1, sl) = if starts_at_a {
                let mut e = a;
                for _ in 1..len {
                    e = tour.next(e);
                }
                (a, e)
            } else {
                let mut s = a;
                for _ in 1..len {
                    s = tour.prev(s);
                }
                (s, a)
            };
            let p = tour.prev(s1);
            let n = tour.next(sl);
            let g_rem = d.at(p, s1) + d.at(sl, n) - d.at(p, n);
            if g_rem <= eps {
                continue;
            }
            let in_string = |x: u32| {
                let (px, ps) = (
                    tour.pos[x as usize] as usize,
                    tour.pos[s1 as usize] as usize,
                );
                (px + m - ps) % m < len
            };
            for &c in cand.of(a) {
                if d.at(a, c) >= g_rem {
                    continue;
                }
                if in_string(c) {
                    continue;
                }
                for (x, y) in [(c, tour.next(c)), (tour.prev(c), c)] {
                    if in_string(x) || in_string(y) || y == p || x == p && y == s1 {
                        continue;
                    }
                    let base = g_rem + d.at(x, y);
                    let fwd = base - d.at(x, s1) - d.at(sl, y);
                    let rev = base - d.at(x, sl) - d.at(s1, y);
                    if fwd.max(rev) <= eps {
                        continue;
                    }
                    // x → sL … s1 → y first, then flip the string for x → s1 … sL → y
                    tour.move_2opt(p, s1, x);
                    tour.move_2opt(p, x, n);
                    let gain = if fwd > rev {
                        tour.move_2opt(x, sl, s1);
                        fwd
                    } else {
                        rev
                    };
                    return Some((gain, [p, n, x, y, s1, sl]));
                }
            }
        }
    }
    None
}
