//! An R-tree over points with metric queries.

use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

use crate::geodesy::{haversine_m, point_segment_m, M_PER_DEG_LAT};
use crate::model::LonLat;

type Entry = GeomWithData<[f64; 2], u32>;

/// A query result: the item's index in the layer and its distance in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index of the item in the slice the index was built from.
    pub index: u32,
    /// Distance from the query, in metres.
    pub distance_m: f64,
}

/// A bulk-loaded R-tree over WGS-84 points.
#[derive(Debug, Clone, Default)]
pub struct PointIndex {
    tree: RTree<Entry>,
    points: Vec<LonLat>,
}

impl PointIndex {
    /// Bulk-loads the index. Item `i` of the input gets index `i`; invalid positions (NaN, out of
    /// range) are left out of the tree and never returned.
    ///
    /// ```
    /// use zouhang::{spatial::PointIndex, LonLat};
    /// let idx = PointIndex::build(vec![LonLat::new(120.62, 31.29), LonLat::new(121.0, 31.5)]);
    /// let hits = idx.within_radius(LonLat::new(120.628, 31.2864), 3_000.0);
    /// assert_eq!(hits.len(), 1);
    /// assert_eq!(hits[0].index, 0);
    /// ```
    pub fn build(points: Vec<LonLat>) -> Self {
        let entries: Vec<Entry> = points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_valid())
            .map(|(i, p)| GeomWithData::new([p.lon, p.lat], i as u32))
            .collect();
        PointIndex {
            tree: RTree::bulk_load(entries),
            points,
        }
    }

    /// Number of indexed (valid) points.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The position of item `index`, if any.
    pub fn position(&self, index: u32) -> Option<LonLat> {
        self.points.get(index as usize).copied()
    }

    /// All points within `radius_m` metres of `center`, nearest first (ties by index).
    pub fn within_radius(&self, center: LonLat, radius_m: f64) -> Vec<Hit> {
        let mut hits = Vec::new();
        if !center.is_valid() || !radius_m.is_finite() || radius_m < 0.0 {
            return hits;
        }
        for e in self
            .tree
            .locate_in_envelope(&envelope_around(center, radius_m))
        {
            let p = LonLat::new(e.geom()[0], e.geom()[1]);
            let d = haversine_m(center, p);
            if d <= radius_m {
                hits.push(Hit {
                    index: e.data,
                    distance_m: d,
                });
            }
        }
        sort_hits(&mut hits);
        hits
    }

    /// The `k` nearest points to `center`, nearest first (ties by index). Exact: the search
    /// radius doubles until it holds `k` points, and all points outside it are farther.
    pub fn nearest(&self, center: LonLat, k: usize) -> Vec<Hit> {
        if k == 0 || !center.is_valid() || self.is_empty() {
            return Vec::new();
        }
        let mut radius = 500.0;
        loop {
            let mut hits = self.within_radius(center, radius);
            // half the Earth's circumference covers every point
            if hits.len() >= k || radius > 2.1e7 {
                hits.truncate(k);
                return hits;
            }
            radius *= 2.0;
        }
    }

    /// Indexes of the points inside a longitude/latitude box (inclusive), in index order.
    pub fn in_bbox(&self, min: LonLat, max: LonLat) -> Vec<u32> {
        let env = AABB::from_corners([min.lon, min.lat], [max.lon, max.lat]);
        let mut out: Vec<u32> = self.tree.locate_in_envelope(&env).map(|e| e.data).collect();
        out.sort_unstable();
        out
    }

    /// All points within `distance_m` metres of the polyline `line` (a corridor), nearest
    /// first, each with its distance to the closest segment. A single-point line is a radius
    /// query around that point.
    pub fn near_polyline(&self, line: &[LonLat], distance_m: f64) -> Vec<Hit> {
        if !distance_m.is_finite() || distance_m < 0.0 {
            return Vec::new();
        }
        match line {
            [] => Vec::new(),
            [p] => self.within_radius(*p, distance_m),
            _ => {
                let mut best: std::collections::BTreeMap<u32, f64> = Default::default();
                for w in line.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    if !a.is_valid() || !b.is_valid() {
                        continue;
                    }
                    let ea = envelope_around(a, distance_m);
                    let eb = envelope_around(b, distance_m);
                    let env = AABB::from_corners(
                        [
                            ea.lower()[0].min(eb.lower()[0]),
                            ea.lower()[1].min(eb.lower()[1]),
                        ],
                        [
                            ea.upper()[0].max(eb.upper()[0]),
                            ea.upper()[1].max(eb.upper()[1]),
                        ],
                    );
                    for e in self.tree.locate_in_envelope(&env) {
                        let p = LonLat::new(e.geom()[0], e.geom()[1]);
                        let (d, _) = point_segment_m(p, a, b);
                        if d <= distance_m {
                            let slot = best.entry(e.data).or_insert(f64::INFINITY);
                            if d < *slot {
                                *slot = d;
                            }
                        }
                    }
                }
                let mut hits: Vec<Hit> = best
                    .into_iter()
                    .map(|(index, distance_m)| Hit { index, distance_m })
                    .collect();
                sort_hits(&mut hits);
                hits
            }
        }
    }
}

fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.distance_m
            .total_cmp(&b.distance_m)
            .then(a.index.cmp(&b.index))
    });
}

/// A degree envelope that contains every point within `radius_m` of `c` (with a 0.1 % and
/// 1e-9° margin for rounding).
fn envelope_around(c: LonLat, radius_m: f64) -> AABB<[f64; 2]> {
    let r = radius_m * 1.001;
    let dlat = r / M_PER_DEG_LAT + 1e-9;
    let lat_edge = (c.lat.abs() + dlat).min(89.999_999);
    let cos = lat_edge.to_radians().cos();
    let dlon = if cos > 1e-9 && lat_edge < 89.9 {
        r / (M_PER_DEG_LAT * cos) + 1e-9
    } else {
        360.0
    };
    if dlon >= 180.0 || c.lat.abs() + dlat >= 90.0 {
        // near a pole or a huge radius: fall back to a full band of longitudes
        return AABB::from_corners(
            [-180.0, (c.lat - dlat).max(-90.0)],
            [180.0, (c.lat + dlat).min(90.0)],
        );
    }
    AABB::from_corners([c.lon - dlon, c.lat - dlat], [c.lon + dlon, c.lat + dlat])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};
    use rand_pcg::Pcg64;

    fn random_points(rng: &mut Pcg64, n: usize, spread_deg: f64) -> Vec<LonLat> {
        (0..n)
            .map(|_| {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let v = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                LonLat::new(
                    120.6 + (u - 0.5) * spread_deg,
                    31.3 + (v - 0.5) * spread_deg,
                )
            })
            .collect()
    }

    fn unit(rng: &mut Pcg64) -> f64 {
        (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Radius, kNN, bbox and corridor queries equal a linear scan on seeded random data.
    #[test]
    fn queries_match_linear_scan() {
        for seed in 0..20u64 {
            let mut rng = Pcg64::seed_from_u64(seed);
            let n = 50 + (rng.next_u32() % 2000) as usize;
            let spread = 0.05 + unit(&mut rng) * 2.0;
            let pts = random_points(&mut rng, n, spread);
            let idx = PointIndex::build(pts.clone());
            for _ in 0..20 {
                let c = random_points(&mut rng, 1, spread * 1.2)[0];
                let r = unit(&mut rng) * 20_000.0;
                let mut scan: Vec<Hit> = pts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Hit {
                        index: i as u32,
                        distance_m: haversine_m(c, *p),
                    })
                    .filter(|h| h.distance_m <= r)
                    .collect();
                sort_hits(&mut scan);
                assert_eq!(
                    idx.within_radius(c, r),
                    scan,
                    "seed {seed} centre {c:?} r {r}"
                );

                let k = 1 + (rng.next_u32() % 30) as usize;
                let mut all: Vec<Hit> = pts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Hit {
                        index: i as u32,
                        distance_m: haversine_m(c, *p),
                    })
                    .collect();
                sort_hits(&mut all);
                all.truncate(k);
                assert_eq!(idx.nearest(c, k), all, "seed {seed} k {k}");

                let (a, b) = (
                    random_points(&mut rng, 1, spread)[0],
                    random_points(&mut rng, 1, spread)[0],
                );
                let (min, max) = (
                    LonLat::new(a.lon.min(b.lon), a.lat.min(b.lat)),
                    LonLat::new(a.lon.max(b.lon), a.lat.max(b.lat)),
                );
                let bbox_scan: Vec<u32> = pts
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        p.lon >= min.lon && p.lon <= max.lon && p.lat >= min.lat && p.lat <= max.lat
                    })
                    .map(|(i, _)| i as u32)
                    .collect();
                assert_eq!(idx.in_bbox(min, max), bbox_scan);

                let m = 1 + (rng.next_u32() % 5) as usize;
                let line = random_points(&mut rng, m, spread);
                let d = unit(&mut rng) * 5_000.0;
                let mut corridor_scan: Vec<Hit> = pts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let dist = if line.len() == 1 {
                            haversine_m(line[0], *p)
                        } else {
                            line.windows(2)
                                .map(|w| point_segment_m(*p, w[0], w[1]).0)
                                .fold(f64::INFINITY, f64::min)
                        };
                        (dist <= d).then_some(Hit {
                            index: i as u32,
                            distance_m: dist,
                        })
                    })
                    .collect();
                sort_hits(&mut corridor_scan);
                assert_eq!(idx.near_polyline(&line, d), corridor_scan, "seed {seed}");
            }
        }
    }

    #[test]
    fn invalid_points_and_queries_are_harmless() {
        let idx = PointIndex::build(vec![
            LonLat::new(f64::NAN, 31.0),
            LonLat::new(120.0, 31.0),
            LonLat::new(500.0, 31.0),
        ]);
        assert_eq!(idx.len(), 1);
        assert!(idx
            .within_radius(LonLat::new(f64::NAN, 0.0), 1e3)
            .is_empty());
        assert!(idx.within_radius(LonLat::new(120.0, 31.0), -1.0).is_empty());
        assert_eq!(idx.nearest(LonLat::new(0.0, 89.99), 5).len(), 1);
        assert!(PointIndex::default()
            .nearest(LonLat::new(0.0, 0.0), 3)
            .is_empty());
    }
}
