//! Travel costs between points in the plane, with the rounding conventions of the benchmark
//! formats. Distance and duration are the same number (unit speed).

use crate::model::TravelCost;

/// How a plane distance is computed and rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Euclidean, not rounded (Solomon's distance-minimising convention).
    Euclidean,
    /// TSPLIB `EUC_2D`: Euclidean rounded to the nearest integer (`nint`).
    EucRounded,
    /// TSPLIB `CEIL_2D`: Euclidean rounded up.
    EucCeil,
    /// TSPLIB `ATT`: pseudo-Euclidean.
    Att,
    /// TSPLIB `MAN_2D`: Manhattan, rounded.
    Manhattan,
    /// TSPLIB `MAX_2D`: maximum norm, rounded.
    Maximum,
    /// TSPLIB `GEO`: great-circle on TSPLIB's sphere, coordinates as DDD.MM (x latitude).
    Geo,
}

/// Points in the plane with a [`Metric`].
#[derive(Debug, Clone)]
pub struct PlaneCost {
    points: Vec<(f64, f64)>,
    metric: Metric,
}

impl PlaneCost {
    /// A cost over `points` with `metric`.
    pub fn new(points: Vec<(f64, f64)>, metric: Metric) -> Self {
        PlaneCost { points, metric }
    }

    /// The distance between points `a` and `b` (∞ when either does not exist).
    ///
    /// ```
    /// use zouhang::formats::{Metric, PlaneCost};
    /// let c = PlaneCost::new(vec![(0.0, 0.0), (3.0, 4.2)], Metric::EucRounded);
    /// assert_eq!(c.dist(0, 1), 5.0); // nint(5.16)
    /// let c = PlaneCost::new(vec![(0.0, 0.0), (3.0, 4.2)], Metric::Euclidean);
    /// assert!((c.dist(0, 1) - 5.1614).abs() < 1e-4);
    /// ```
    pub fn dist(&self, a: usize, b: usize) -> f64 {
        let (Some(&(xa, ya)), Some(&(xb, yb))) = (self.points.get(a), self.points.get(b)) else {
            return f64::INFINITY;
        };
        if a == b {
            return 0.0;
        }
        let (dx, dy) = (xa - xb, ya - yb);
        let nint = |x: f64| (x + 0.5).floor();
        match self.metric {
            Metric::Euclidean => (dx * dx + dy * dy).sqrt(),
            Metric::EucRounded => nint((dx * dx + dy * dy).sqrt()),
            Metric::EucCeil => (dx * dx + dy * dy).sqrt().ceil(),
            Metric::Att => {
                let r = ((dx * dx + dy * dy) / 10.0).sqrt();
                let t = nint(r);
                if t < r {
                    t + 1.0
                } else {
                    t
                }
            }
            Metric::Manhattan => nint(dx.abs() + dy.abs()),
            Metric::Maximum => nint(dx.abs()).max(nint(dy.abs())),
            Metric::Geo => geo(xa, ya, xb, yb),
        }
    }
}

/// TSPLIB's GEO distance (Reinelt 1991, TSPLIB 95 documentation).
fn geo(xa: f64, ya: f64, xb: f64, yb: f64) -> f64 {
    // TSPLIB's truncated value of π, on purpose
    #[allow(clippy::approx_constant)]
    const PI: f64 = 3.141592;
    const RRR: f64 = 6378.388;
    let rad = |x: f64| {
        let deg = x.trunc();
        let min = x - deg;
        PI * (deg + 5.0 * min / 3.0) / 180.0
    };
    let (lat_a, lon_a, lat_b, lon_b) = (rad(xa), rad(ya), rad(xb), rad(yb));
    let q1 = (lon_a - lon_b).cos();
    let q2 = (lat_a - lat_b).cos();
    let q3 = (lat_a + lat_b).cos();
    (RRR * (0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)).acos() + 1.0).trunc()
}

impl TravelCost for PlaneCost {
    fn len(&self) -> usize {
        self.points.len()
    }

    fn duration_s(&self, from: usize, to: usize) -> f64 {
        self.dist(from, to)
    }

    fn distance_m(&self, from: usize, to: usize) -> f64 {
        self.dist(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn att_and_geo_follow_tsplib() {
        // att48 nodes 1 and 2: 6734 1453 / 2233 10
        let c = PlaneCost::new(vec![(6734.0, 1453.0), (2233.0, 10.0)], Metric::Att);
        assert_eq!(c.dist(0, 1), 1495.0);
        // GEO is symmetric and zero on the diagonal
        let g = PlaneCost::new(vec![(38.24, 20.42), (39.57, 26.15)], Metric::Geo);
        assert_eq!(g.dist(0, 1), g.dist(1, 0));
        assert_eq!(g.dist(0, 0), 0.0);
        assert_eq!(g.dist(0, 5), f64::INFINITY);
    }
}
