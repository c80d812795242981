//! Candidate sets: for every node the few others that a move may join it to. Lin–Kernighan
//! searches only these edges; the set decides both speed and what can be found. Built here
//! as the `k` nearest nodes (Johnson & McGeoch 1997, "The traveling salesman problem: a case
//! study in local optimization"); [`super::alpha`] reorders and trims them by α-nearness
//! (Helsgaun 2000), which keeps the optimal tour's edges in far smaller sets.

use super::cost::TourCost;

/// Candidate lists of equal length `k` (fewer only when there are fewer other nodes).
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidates {
    k: usize,
    list: Vec<u32>,
}

impl Candidates {
    /// Lists from rows of `k` nodes each.
    pub fn from_rows(k: usize, list: Vec<u32>) -> Self {
        Candidates { k, list }
    }

    /// The `k` nearest other nodes of every node, nearest first (ties by index), by a scan of
    /// all pairs: O(n²) cost evaluations, O(n·k) memory.
    pub fn nearest(cost: &impl TourCost, k: usize) -> Self {
        let m = cost.len();
        let k = k.min(m.saturating_sub(1));
        let mut list = Vec::with_capacity(m * k);
        if k == 0 {
            return Candidates { k, list };
        }
        let mut row: Vec<(f64, u32)> = Vec::with_capacity(m);
        let by = |x: &(f64, u32), y: &(f64, u32)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
        for i in 0..m as u32 {
            row.clear();
            row.extend(
                (0..m as u32)
                    .filter(|&j| j != i)
                    .map(|j| (cost.at(i, j), j)),
            );
            row.select_nth_unstable_by(k - 1, by);
            row.truncate(k);
            row.sort_unstable_by(by);
            list.extend(row.iter().map(|c| c.1));
        }
        Candidates { k, list }
    }

    /// The `k` nearest other points of every point by Euclidean distance (ties by index), by
    /// a bucket grid of about two points per cell searched in growing rings: O(n·k) expected
    /// for spread-out points instead of the all-pairs scan.
    pub fn nearest_in_plane(points: &[(f64, f64)], k: usize) -> Self {
        let m = points.len();
        let k = k.min(m.saturating_sub(1));
        if k == 0 {
            return Candidates {
                k,
                list: Vec::new(),
            };
        }
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in points {
            let (x, y) = (finite(x), finite(y));
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let side = ((m as f64 / 2.0).sqrt().ceil() as usize).clamp(1, 4096);
        let w = ((x1 - x0).max(y1 - y0) / side as f64).max(f64::MIN_POSITIVE);
        let cell_of = |v: f64, o: f64| (((finite(v) - o) / w) as usize).min(side - 1);
        let mut start = vec![0u32; side * side + 1];
        let cells: Vec<usize> = points
            .iter()
            .map(|&(x, y)| cell_of(y, y0) * side + cell_of(x, x0))
            .collect();
        for &c in &cells {
            start[c + 1] += 1;
        }
        for i in 0..side * side {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut members = vec![0u32; m];
        for (i, &c) in cells.iter().enumerate() {
            members[fill[c] as usize] = i as u32;
            fill[c] += 1;
        }
        let d2 = |a: usize, b: usize| {
            let (p, q) = (points[a], points[b]);
            let (dx, dy) = (finite(p.0) - finite(q.0), finite(p.1) - finite(q.1));
            dx * dx + dy * dy
        };
        let by = |x: &(f64, u32), y: &(f64, u32)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
        let mut list = Vec::with_capacity(m * k);
        let mut row: Vec<(f64, u32)> = Vec::new();
        for i in 0..m {
            let (cx, cy) = (cells[i] % side, cells[i] / side);
            row.clear();
            let mut r = 0usize;
            loop {
                // cells on the ring at Chebyshev distance r
                let (lx, hx) = (cx.saturating_sub(r), (cx + r).min(side - 1));
                let (ly, hy) = (cy.saturating_sub(r), (cy + r).min(side - 1));
                for yy in ly..=hy {
                    for xx in lx..=hx {
                        if xx.abs_diff(cx).max(yy.abs_diff(cy)) != r {
                            continue;
                        }
                        let c = yy * side + xx;
                        for &j in &members[start[c] as usize..start[c + 1] as usize] {
                            if j as usize != i {
                                row.push((d2(i, j as usize), j));
                            }
                        }
                    }
                }
                let covered = lx == 0 && ly == 0 && hx == side - 1 && hy == side - 1;
                if row.len() >= k {
                    row.select_nth_unstable_by(k - 1, by);
                    row.truncate(k);
                    // every unseen point is at least r·w away
                    let reach = r as f64 * w;
                    if covered || row.iter().all(|e| e.0 <= reach * reach) {
                        break;
                    }
                }
                if covered {
                    break;
                }
                r += 1;
            }
            row.sort_unstable_by(by);
            list.extend(row.iter().take(k).map(|e| e.1));
        }
        Candidates { k, list }
    }

    /// Candidates per node.
    #[inline]
    pub fn k(&self) -> usize {
        self.k
    }

    /// The candidates of `a`, best first.
    #[inline]
    pub fn of(&self, a: u32) -> &[u32] {
        let s = a as usize * self.k;
        self.list.get(s..s + self.k).unwrap_or(&[])
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::cost::DenseCost;
    use super::*;

    #[test]
    fn nearest_matches_a_sort_and_handles_tiny_inputs() {
        let pts: Vec<(f64, f64)> = (0..30)
            .map(|i| (((i * 37) % 11) as f64, ((i * 17) % 13) as f64))
            .collect();
        let d = |a: usize, b: usize| (pts[a].0 - pts[b].0).hypot(pts[a].1 - pts[b].1);
        let cost = DenseCost::build(pts.len(), d);
        let c = Candidates::nearest(&cost, 5);
        for a in 0..pts.len() {
            let mut all: Vec<(f64, usize)> = (0..pts.len())
                .filter(|&b| b != a)
                .map(|b| (d(a, b), b))
                .collect();
            all.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let want: Vec<u32> = all.iter().take(5).map(|x| x.1 as u32).collect();
            assert_eq!(c.of(a as u32), want.as_slice(), "node {a}");
        }
        let grid = Candidates::nearest_in_plane(&pts, 5);
        for a in 0..pts.len() as u32 {
            // equal distances may be ordered differently only among ties
            let far = |c: &Candidates| d(a as usize, *c.of(a).last().unwrap() as usize);
            assert_eq!(far(&grid), far(&c), "node {a}");
        }
        for m in 0..3 {
            let c = Candidates::nearest(&DenseCost::build(m, |_, _| 1.0), 5);
            assert_eq!(c.k(), m.saturating_sub(1));
            assert!(c.of(7).is_empty());
        }
    }
}
