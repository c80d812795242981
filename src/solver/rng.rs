//! The search's random numbers: PCG-64 (O'Neill 2014) seeded from the configuration, with
//! helpers that give the same values on every platform (no `usize`-width or float-library
//! dependence).

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

/// Seeded generator.
#[derive(Debug, Clone)]
pub(crate) struct Rng(Pcg64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(Pcg64::seed_from_u64(seed))
    }

    /// 64 random bits.
    #[inline]
    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in `0..n` (0 when `n` is 0), by multiply-shift on 64 bits.
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        (((self.u64() as u128) * (n as u128)) >> 64) as usize
    }

    /// Uniform integer in `lo..=hi` (`lo` when `hi < lo`).
    #[inline]
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_bounds_hold() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            assert_eq!(a.u64(), b.u64());
            let x = a.below(13);
            assert_eq!(x, b.below(13));
            assert!(x < 13);
            let u = a.unit();
            assert_eq!(u, b.unit());
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(a.below(0), 0);
        assert_eq!(a.between(5, 3), 5);
    }
}
