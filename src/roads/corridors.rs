//! Corridor layers: the lines and places the straw-burning rules measure from (DOMAIN.md:
//! 15 km around airports; 2 km each side of expressways and railways; 1 km each side of
//! national and provincial roads), kept from OSM beside the routing graph and queried by
//! distance through one R-tree per kind.
//!
//! | kind | taken from |
//! |---|---|
//! | expressway 高速公路 | `highway=motorway`, or a road whose `ref` is a national or provincial expressway number: `G`/`S` + 1–2 or 4 digits (G2, G15, G1521, S17) |
//! | trunk 干线/快速路 | `highway=trunk` |
//! | national road 国道 | a road whose `ref` has `G` + 3 digits (G312) |
//! | provincial road 省道 | a road whose `ref` has `S` + 3 digits (S228) |
//! | railway 铁路 | `railway=rail` |
//! | high-speed railway 高铁 | `railway=rail` with `highspeed=yes`, or `maxspeed` ≥ 200 |
//! | aerodrome 机场 | `aeroway=aerodrome` on a node (a point) or a way (its outline; inside counts as 0 m) |
//!
//! A feature may be of several kinds (a trunk road numbered G312 is both trunk and national
//! road; every high-speed line is also a railway).

use serde::{Deserialize, Serialize};

use crate::model::LonLat;
use crate::roads::graph::MicroPoint;
use crate::roads::segment_index::SegmentIndex;

/// A kind of corridor feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorridorKind {
    /// 高速公路.
    Expressway,
    /// 干线/快速路 (`highway=trunk`).
    Trunk,
    /// 国道 (G + 3 digits).
    NationalRoad,
    /// 省道 (S + 3 digits).
    ProvincialRoad,
    /// 铁路.
    Railway,
    /// 高速铁路.
    HighSpeedRailway,
    /// 机场.
    Aerodrome,
}

impl CorridorKind {
    /// Every kind, in bit order.
    pub const ALL: [CorridorKind; 7] = [
        CorridorKind::Expressway,
        CorridorKind::Trunk,
        CorridorKind::NationalRoad,
        CorridorKind::ProvincialRoad,
        CorridorKind::Railway,
        CorridorKind::HighSpeedRailway,
        CorridorKind::Aerodrome,
    ];

    /// The bit of this kind in [`CorridorFeature::kinds`].
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Chinese name for display.
    pub fn name_zh(self) -> &'static str {
        match self {
            CorridorKind::Expressway => "高速公路",
            CorridorKind::Trunk => "干线公路",
            CorridorKind::NationalRoad => "国道",
            CorridorKind::ProvincialRoad => "省道",
            CorridorKind::Railway => "铁路",
            CorridorKind::HighSpeedRailway => "高速铁路",
            CorridorKind::Aerodrome => "机场",
        }
    }
}

/// A line (or an area outline, or a single point) of one or more corridor kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorridorFeature {
    /// Bit set of [`CorridorKind::bit`].
    pub kinds: u8,
    /// Name, or `ref`, for display (may be empty).
    pub name: String,
    /// The points (one for a point feature).
    pub points: Vec<MicroPoint>,
    /// The points close a ring (an area: inside is at distance 0).
    pub area: bool,
}

impl CorridorFeature {
    /// Whether the feature is of `kind`.
    pub fn is(&self, kind: CorridorKind) -> bool {
        self.kinds & kind.bit() != 0
    }
}

/// The kinds a road `ref` (possibly several, `;`-separated) puts a road into.
///
/// ```
/// use zouhang::roads::{ref_kinds, CorridorKind};
/// let k = ref_kinds("G312;S228");
/// assert!(k & CorridorKind::NationalRoad.bit() != 0);
/// assert!(k & CorridorKind::ProvincialRoad.bit() != 0);
/// assert_eq!(ref_kinds("G15"), CorridorKind::Expressway.bit());
/// assert_eq!(ref_kinds("X201"), 0); // county road
/// ```
pub fn ref_kinds(refs: &str) -> u8 {
    let mut k = 0;
    for r in refs.split([';', ',', '/']) {
        let r = r.trim();
        let mut chars = r.chars();
        let Some(prefix) = chars.next() else { continue };
        let digits = chars.as_str();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let n = digits.len();
        match (prefix.to_ascii_uppercase(), n) {
            ('G', 3) => k |= CorridorKind::NationalRoad.bit(),
            ('S', 3) => k |= CorridorKind::ProvincialRoad.bit(),
            ('G' | 'S', 1 | 2 | 4) => k |= CorridorKind::Expressway.bit(),
            _ => {}
        }
    }
    k
}

/// The nearest feature of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorridorHit {
    /// The kind.
    pub kind: CorridorKind,
    /// Distance in metres (0 inside an aerodrome outline).
    pub distance_m: f64,
    /// The feature's name or `ref`.
    pub name: String,
}

/// R-trees over the corridor features, one per kind.
#[derive(Debug, Clone, Default)]
pub struct CorridorIndex {
    trees: Vec<(CorridorKind, SegmentIndex<u32>)>,
    features: Vec<CorridorFeature>,
}

impl CorridorIndex {
    /// Indexes the features.
    pub fn new(features: &[CorridorFeature]) -> CorridorIndex {
        let mut trees = Vec::new();
        for kind in CorridorKind::ALL {
            let mut segs = Vec::new();
            for (i, f) in features.iter().enumerate().filter(|(_, f)| f.is(kind)) {
                let pts: Vec<LonLat> = f.points.iter().map(|p| p.lonlat()).collect();
                match pts.as_slice() {
                    [p] => segs.push((*p, *p, i as u32)),
                    _ => segs.extend(pts.windows(2).map(|w| (w[0], w[1], i as u32))),
                }
            }
            if !segs.is_empty() {
                trees.push((kind, SegmentIndex::new(segs)));
            }
        }
        CorridorIndex {
            trees,
            features: features.to_vec(),
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// True when there are no features.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Number of features of each kind present.
    pub fn counts(&self) -> Vec<(CorridorKind, usize)> {
        CorridorKind::ALL
            .into_iter()
            .map(|k| (k, self.features.iter().filter(|f| f.is(k)).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The nearest feature of each kind within `max_m` metres of `p`.
    pub fn nearest(&self, p: LonLat, max_m: f64) -> Vec<CorridorHit> {
        let mut hits = Vec::new();
        for (kind, tree) in &self.trees {
            let inside = (*kind == CorridorKind::Aerodrome)
                .then(|| {
                    self.features
                        .iter()
                        .find(|f| f.is(*kind) && f.area && contains(&f.points, p))
                })
                .flatten();
            if let Some(f) = inside {
                hits.push(CorridorHit {
                    kind: *kind,
                    distance_m: 0.0,
                    name: f.name.clone(),
                });
                continue;
            }
            if let Some(h) = tree.nearest(p, max_m, |_| true) {
                hits.push(CorridorHit {
                    kind: *kind,
                    distance_m: h.distance_m,
                    name: self
                        .features
                        .get(h.data as usize)
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                });
            }
        }
        hits
    }
}

/// Point in polygon (even–odd rule) on micro-degree coordinates.
fn contains(ring: &[MicroPoint], p: LonLat) -> bool {
    let (x, y) = (p.lon, p.lat);
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (Some(a), Some(b)) = (ring.get(i), ring.get(j)) else {
            break;
        };
        let (a, b) = (a.lonlat(), b.lonlat());
        if (a.lat > y) != (b.lat > y) && x < (b.lon - a.lon) * (y - a.lat) / (b.lat - a.lat) + a.lon
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mp(lon: f64, lat: f64) -> MicroPoint {
        MicroPoint::from_lonlat(LonLat::new(lon, lat))
    }

    #[test]
    fn nearest_by_kind_and_inside_an_airport() {
        let features = vec![
            CorridorFeature {
                kinds: CorridorKind::Expressway.bit(),
                name: "G2".into(),
                points: vec![mp(120.0, 31.0), mp(120.0, 31.1)],
                area: false,
            },
            CorridorFeature {
                kinds: CorridorKind::Aerodrome.bit(),
                name: "机场".into(),
                points: vec![
                    mp(120.2, 31.0),
                    mp(120.3, 31.0),
                    mp(120.3, 31.1),
                    mp(120.2, 31.1),
                    mp(120.2, 31.0),
                ],
                area: true,
            },
        ];
        let idx = CorridorIndex::new(&features);
        let hits = idx.nearest(LonLat::new(120.01, 31.05), 50_000.0);
        let e = hits
            .iter()
            .find(|h| h.kind == CorridorKind::Expressway)
            .unwrap();
        assert!((e.distance_m - 953.0).abs() < 5.0, "{e:?}");
        let a = hits
            .iter()
            .find(|h| h.kind == CorridorKind::Aerodrome)
            .unwrap();
        assert!((a.distance_m - 18_110.0).abs() < 100.0, "{a:?}");
        let inside = idx.nearest(LonLat::new(120.25, 31.05), 50_000.0);
        assert_eq!(inside.len(), 2);
        assert!(inside
            .iter()
            .any(|h| h.kind == CorridorKind::Aerodrome && h.distance_m == 0.0));
        assert!(idx.nearest(LonLat::new(125.0, 31.05), 1000.0).is_empty());
    }
}
