//! A small seeded random source for the demo generators (PCG-64, `rand_pcg`).

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

/// Seeded random numbers with the few distributions the generators need.
#[derive(Debug, Clone)]
pub struct DemoRng(Pcg64);

impl DemoRng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        DemoRng(Pcg64::seed_from_u64(seed))
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((self.unit() * n as f64) as usize).min(n - 1)
    }

    /// Standard normal by Box–Muller.
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-300);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index drawn with probability proportional to `weights` (0 if all are zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        if total <= 0.0 {
            return 0;
        }
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if *w > 0.0 {
                if x < *w {
                    return i;
                }
                x -= w;
            }
        }
        weights.len().saturating_sub(1)
    }
}
