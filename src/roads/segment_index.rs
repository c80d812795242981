//! An R-tree (rstar) over line segments in degrees, answering "nearest segment in metres".
//!
//! The tree holds longitude/latitude, so it works anywhere on Earth; the nearest segment is
//! found by growing a metric radius: each round takes the segments whose boxes meet a
//! degree envelope covering the radius (generously: the metres-per-degree of longitude are
//! taken at the envelope's pole-most latitude, then widened by half again), measures each
//! exactly with [`point_segment_m`], and stops at the first round with a segment inside the
//! radius. Anything nearer would have been inside the envelope, so the answer equals a linear
//! scan (tested).

use rstar::primitives::{GeomWithData, Line};
use rstar::{RTree, AABB};

use crate::geodesy::{point_segment_m, M_PER_DEG_LAT};
use crate::model::LonLat;

type Seg<T> = GeomWithData<Line<[f64; 2]>, T>;

/// The nearest segment found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentHit<T> {
    /// The segment's data.
    pub data: T,
    /// Distance in metres.
    pub distance_m: f64,
    /// Fraction along the segment (0 = its first point) of the closest point.
    pub t: f64,
    /// First point of the segment.
    pub a: LonLat,
    /// Second point of the segment.
    pub b: LonLat,
}

/// An R-tree over segments carrying data `T`.
#[derive(Debug, Clone)]
pub struct SegmentIndex<T: Copy + PartialEq> {
    tree: RTree<Seg<T>>,
}

impl<T: Copy + PartialEq> Default for SegmentIndex<T> {
    fn default() -> Self {
        SegmentIndex { tree: RTree::new() }
    }
}

impl<T: Copy + PartialEq> SegmentIndex<T> {
    /// Bulk-loads segments `(a, b, data)`; segments with invalid coordinates are left out.
    pub fn new(segments: Vec<(LonLat, LonLat, T)>) -> Self {
        let items = segments
            .into_iter()
            .filter(|(a, b, _)| a.is_valid() && b.is_valid())
            .map(|(a, b, d)| GeomWithData::new(Line::new([a.lon, a.lat], [b.lon, b.lat]), d))
            .collect();
        SegmentIndex {
            tree: RTree::bulk_load(items),
        }
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The segments whose boxes meet the box `[min_lon, min_lat, max_lon, max_lat]`.
    pub fn in_box(&self, bbox: [f64; 4]) -> Vec<(LonLat, LonLat, T)> {
        let env = AABB::from_corners([bbox[0], bbox[1]], [bbox[2], bbox[3]]);
        self.tree
            .locate_in_envelope_intersecting(&env)
            .map(|s| (to_ll(s.geom().from), to_ll(s.geom().to), s.data))
            .collect()
    }

    /// The nearest segment within `max_m` metres that `keep` accepts.
    pub fn nearest(
        &self,
        p: LonLat,
        max_m: f64,
        keep: impl Fn(&T) -> bool,
    ) -> Option<SegmentHit<T>> {
        if !p.is_valid() || self.tree.size() == 0 || max_m.is_nan() || max_m < 0.0 {
            return None;
        }
        let mut r = max_m.min(100.0);
        loop {
            let dlat = r / M_PER_DEG_LAT * 1.01 + 1e-9;
            let lat_pole = (p.lat.abs() + dlat).min(89.0);
            let dlon = 1.5 * r / (M_PER_DEG_LAT * lat_pole.to_radians().cos()) + 1e-9;
            let env =
                AABB::from_corners([p.lon - dlon, p.lat - dlat], [p.lon + dlon, p.lat + dlat]);
            let mut best: Option<SegmentHit<T>> = None;
            for s in self.tree.locate_in_envelope_intersecting(&env) {
                if !keep(&s.data) {
                    continue;
                }
                let (a, b) = (to_ll(s.geom().from), to_ll(s.geom().to));
                let (d, t) = point_segment_m(p, a, b);
                if d <= r && best.as_ref().is_none_or(|h| d < h.distance_m) {
                    best = Some(SegmentHit {
                        data: s.data,
                        distance_m: d,
                        t,
                        a,
                        b,
                    });
                }
            }
            if best.is_some() || r >= max_m || lat_pole >= 89.0 || dlon > 360.0 {
                return best;
            }
            r = (r * 4.0).min(max_m);
        }
    }
}

fn to_ll(c: [f64; 2]) -> LonLat {
    LonLat::new(c[0], c[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};
    use rand_pcg::Pcg64;

    fn unit(rng: &mut Pcg64) -> f64 {
        (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn nearest_equals_linear_scan() {
        let mut rng = Pcg64::seed_from_u64(7);
        let mut segs = Vec::new();
        for i in 0..3000u32 {
            let a = LonLat::new(120.0 + unit(&mut rng), 31.0 + unit(&mut rng));
            let b = LonLat::new(
                a.lon + 0.01 * (unit(&mut rng) - 0.5),
                a.lat + 0.01 * (unit(&mut rng) - 0.5),
            );
            segs.push((a, b, i));
        }
        let idx = SegmentIndex::new(segs.clone());
        for _ in 0..500 {
            let p = LonLat::new(119.9 + 1.2 * unit(&mut rng), 30.9 + 1.2 * unit(&mut rng));
            let odd = |i: &u32| i % 2 == 1;
            let got = idx.nearest(p, 1e6, odd).unwrap();
            let want = segs
                .iter()
                .filter(|s| odd(&s.2))
                .map(|s| (point_segment_m(p, s.0, s.1).0, s.2))
                .min_by(|x, y| x.0.total_cmp(&y.0))
                .unwrap();
            assert_eq!(got.distance_m, want.0, "point {p:?}: {got:?} vs {want:?}");
            assert!(idx.nearest(p, want.0 * 0.99, odd).is_none());
        }
    }
}
