//! The Hilbert curve index of a position, for grouping drawn enterprises into nearby sets with
//! integer arithmetic only (Hilbert 1891; the `xy2d` iteration as given by Wikipedia's "Hilbert
//! curve" article).
//!
//! Positions are micro-degrees shifted to non-negative integers, `x = lon_e6 + 180 000 000`,
//! `y = lat_e6 + 90 000 000`, on a grid of `2³⁰ × 2³⁰` cells; the index is below `2⁶⁰`.
//! Consecutive indices are neighbouring cells, so sorting by the index keeps nearby enterprises
//! together.

/// Side of the grid, `2³⁰`.
pub const HILBERT_SIDE: u64 = 1 << 30;

/// The Hilbert index of a position in micro-degrees (coordinates outside the grid are clamped).
///
/// ```
/// use zouhang::plan::draw::hilbert_index;
/// let a = hilbert_index(120_600_000, 31_300_000);
/// let b = hilbert_index(120_600_001, 31_300_000);
/// let far = hilbert_index(-70_000_000, -33_000_000);
/// assert!(a.abs_diff(b) < a.abs_diff(far));
/// ```
pub fn hilbert_index(lon_e6: i64, lat_e6: i64) -> u64 {
    let clamp = |v: i64| v.clamp(0, HILBERT_SIDE as i64 - 1) as u64;
    xy2d(
        HILBERT_SIDE,
        clamp(lon_e6.saturating_add(180_000_000)),
        clamp(lat_e6.saturating_add(90_000_000)),
    )
}

/// `xy2d` on an `n × n` grid (`n` a power of two, `x, y < n`).
pub(crate) fn xy2d(n: u64, mut x: u64, mut y: u64) -> u64 {
    let mut d = 0u64;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_grid_is_a_path_through_every_cell() {
        let n = 16u64;
        let mut cell = vec![None; (n * n) as usize];
        for x in 0..n {
            for y in 0..n {
                let d = xy2d(n, x, y) as usize;
                assert!(cell[d].is_none(), "index {d} used twice");
                cell[d] = Some((x, y));
            }
        }
        let cells: Vec<(u64, u64)> = cell.into_iter().map(Option::unwrap).collect();
        for w in cells.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert_eq!(a.0.abs_diff(b.0) + a.1.abs_diff(b.1), 1, "{a:?} → {b:?}");
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        assert!(hilbert_index(i64::MAX, i64::MIN) < 1 << 60);
        assert!(hilbert_index(180_000_000, 90_000_000) < 1 << 60);
    }
}
