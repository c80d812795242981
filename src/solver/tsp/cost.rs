//! What the tour engine knows of a problem: a symmetric cost between nodes `0..len()`. A dense
//! matrix serves the `solve` path (the search's [`Instance`](crate::solver) already holds its
//! matrices); a function serves instances too large for a matrix (10,000 points would need
//! 800 MB), evaluated on demand.

/// A symmetric cost over nodes `0..len()`.
pub trait TourCost {
    /// Number of nodes.
    fn len(&self) -> usize;

    /// True when there is no node.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cost between `a` and `b` (both `< len()`); must equal `at(b, a)`.
    fn at(&self, a: u32, b: u32) -> f64;
}

/// A dense row-major `m × m` matrix.
#[derive(Debug, Clone)]
pub(crate) struct DenseCost {
    m: usize,
    d: Vec<f64>,
}

impl DenseCost {
    /// The matrix of `f` over `0..m`.
    pub fn build(m: usize, f: impl Fn(usize, usize) -> f64) -> Self {
        let mut d = Vec::with_capacity(m * m);
        for i in 0..m {
            for j in 0..m {
                d.push(f(i, j));
            }
        }
        DenseCost { m, d }
    }
}

impl TourCost for DenseCost {
    #[inline]
    fn len(&self) -> usize {
        self.m
    }

    #[inline]
    fn at(&self, a: u32, b: u32) -> f64 {
        self.d[a as usize * self.m + b as usize]
    }
}

/// A cost computed on demand by a function, over `n` nodes.
///
/// ```
/// use zouhang::solver::tsp::{FnCost, TourCost};
/// let pts = [(0.0_f64, 0.0_f64), (3.0, 4.0)];
/// let cost = FnCost::new(2, |a, b| {
///     let (p, q) = (pts[a as usize], pts[b as usize]);
///     (p.0 - q.0).hypot(p.1 - q.1)
/// });
/// assert_eq!(cost.at(0, 1), 5.0);
/// ```
#[derive(Debug, Clone)]
pub struct FnCost<F> {
    n: usize,
    f: F,
}

impl<F: Fn(u32, u32) -> f64> FnCost<F> {
    /// `f` over nodes `0..n`; `f` must be symmetric.
    pub fn new(n: usize, f: F) -> Self {
        FnCost { n, f }
    }
}

impl<F: Fn(u32, u32) -> f64> TourCost for FnCost<F> {
    #[inline]
    fn len(&self) -> usize {
        self.n
    }

    #[inline]
    fn at(&self, a: u32, b: u32) -> f64 {
        (self.f)(a, b)
    }
}
