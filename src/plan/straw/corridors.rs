//! Ban-zone corridors: expressways, railways, national and provincial roads, airports.
//!
//! China's straw-burning bans name zones around transport corridors: 15 km around airports,
//! 2 km each side of expressways and railways, 1 km each side of national and provincial
//! roads. Priority scoring asks a [`CorridorSource`] for the distance from a fire to the
//! nearest feature of a [`CorridorClass`]; the road engine's corridor layers and a GeoJSON file
//! ([`CorridorLayer`]) both implement it.
//!
//! A [`CorridorLayer`] keeps one R-tree of segment bounding boxes per class (points are
//! zero-length segments; polygon rings are segments and a point inside a polygon is at 0 m).
//! A query grows a search circle from 2 km, doubling, up to [`CORRIDOR_SEARCH_M`]: every segment
//! within the circle's radius has its bounding box inside the circle's degree envelope, so the
//! nearest distance found within a radius is exact (metres from
//! [`crate::geodesy::point_segment_m`]).

use geo::{Contains, Coord, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::Issue;
use crate::geodesy::{point_segment_m, M_PER_DEG_LAT};
use crate::io::FeatureCollection;
use crate::model::LonLat;
use crate::plan::straw::jurisdiction::{
    feature_name, geojson_features, polygons_of, position, positions, read_geojson,
};
use crate::plan::straw::StrawError;

/// Farthest a corridor is looked for, metres; farther features count as absent.
pub const CORRIDOR_SEARCH_M: f64 = 50_000.0;

/// `data/suzhou/corridors_demo.geojson`: **approximate demo geometry** typed by us from
/// well-known facts (see `data/README.md`), not survey data.
pub const DEMO_CORRIDORS_GEOJSON: &str =
    include_str!("../../../data/suzhou/corridors_demo.geojson");

/// A kind of transport corridor with a ban zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorridorClass {
    /// 高速公路.
    Expressway,
    /// 铁路 (conventional).
    Railway,
    /// 高速铁路.
    HighspeedRail,
    /// 国道.
    NationalRoad,
    /// 省道.
    ProvincialRoad,
    /// 机场.
    Airport,
}

impl CorridorClass {
    /// All classes.
    pub const ALL: [CorridorClass; 6] = [
        CorridorClass::Expressway,
        CorridorClass::Railway,
        CorridorClass::HighspeedRail,
        CorridorClass::NationalRoad,
        CorridorClass::ProvincialRoad,
        CorridorClass::Airport,
    ];

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            CorridorClass::Expressway => "高速公路",
            CorridorClass::Railway => "铁路",
            CorridorClass::HighspeedRail => "高速铁路",
            CorridorClass::NationalRoad => "国道",
            CorridorClass::ProvincialRoad => "省道",
            CorridorClass::Airport => "机场",
        }
    }

    /// The class named by a `class` property: the English names above, their Chinese labels,
    /// and common OSM values (`motorway`, `rail`, `aerodrome`, …).
    pub fn parse(s: &str) -> Option<Self> {
        let k = s.trim().to_lowercase().replace(['-', ' '], "_");
        Some(match k.as_str() {
            "expressway" | "motorway" | "高速公路" | "高速" => CorridorClass::Expressway,
            "railway" | "rail" | "铁路" | "普速铁路" => CorridorClass::Railway,
            "highspeed_rail" | "high_speed_rail" | "highspeed_railway" | "高速铁路" | "高铁" => {
                CorridorClass::HighspeedRail
            }
            "national_road" | "trunk" | "国道" => CorridorClass::NationalRoad,
            "provincial_road" | "primary" | "省道" => CorridorClass::ProvincialRoad,
            "airport" | "aerodrome" | "机场" => CorridorClass::Airport,
            _ => return None,
        })
    }
}

/// The nearest feature of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorridorHit {
    /// Distance in metres (0 inside a polygon).
    pub distance_m: f64,
    /// The feature's name (e.g. `G2 京沪高速`), empty when it has none.
    pub name: String,
}

/// Anything that knows where the corridors are.
pub trait CorridorSource {
    /// The nearest feature of `class` within [`CORRIDOR_SEARCH_M`] of `p`, or `None`.
    fn nearest(&self, p: LonLat, class: CorridorClass) -> Option<CorridorHit>;

    /// True when the source has any feature of `class` (so that "none nearby" can be told from
    /// "no data").
    fn has_class(&self, class: CorridorClass) -> bool;

    /// Distance in metres to the nearest feature of `class`, or `None` (see [`Self::nearest`]).
    fn distance_m(&self, p: LonLat, class: CorridorClass) -> Option<f64> {
        self.nearest(p, class).map(|h| h.distance_m)
    }
}

/// A source without any corridor.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCorridors;

impl CorridorSource for NoCorridors {
    fn nearest(&self, _: LonLat, _: CorridorClass) -> Option<CorridorHit> {
        None
    }
    fn has_class(&self, _: CorridorClass) -> bool {
        false
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Lines(Vec<Vec<LonLat>>),
    Points(Vec<LonLat>),
    Polygons(Vec<Polygon<f64>>),
}

#[derive(Debug, Clone, PartialEq)]
struct Feature {
    class: CorridorClass,
    name: String,
    shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Segment {
    a: LonLat,
    b: LonLat,
    feature: u32,
}

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Corridor features of a GeoJSON file, indexed by class.
#[derive(Debug, Clone, Default)]
pub struct CorridorLayer {
    /// Where the layer came from (file name, or `演示走廊（近似）`).
    pub label: String,
    features: Vec<Feature>,
    segments: Vec<Segment>,
    trees: Vec<(CorridorClass, RTree<Entry>)>,
}

impl CorridorLayer {
    /// The embedded Suzhou demo layer ([`DEMO_CORRIDORS_GEOJSON`]).
    pub fn demo_suzhou() -> Self {
        match CorridorLayer::from_geojson(DEMO_CORRIDORS_GEOJSON.as_bytes(), "corridors_demo") {
            Ok((mut layer, _)) => {
                layer.label = "演示走廊（近似几何）".to_string();
                layer
            }
            Err(_) => CorridorLayer::default(),
        }
    }

    /// Reads a GeoJSON file: `LineString`/`MultiLineString` (expressways, railways, roads),
    /// `Point`/`MultiPoint` and `Polygon`/`MultiPolygon` (airports), each with a `class`
    /// property (`expressway`, `railway`, `highspeed_rail`, `national_road`,
    /// `provincial_road`, `airport`, or the Chinese labels) and optionally a `name`. Features
    /// with an unknown class or no usable geometry are reported (`W_STRAW_CORRIDOR_CLASS`,
    /// `E_STRAW_CORRIDOR_GEOMETRY`) and skipped.
    ///
    /// ```
    /// use zouhang::plan::straw::{CorridorClass, CorridorLayer, CorridorSource};
    /// use zouhang::LonLat;
    /// let g = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
    ///   "properties":{"class":"expressway","name":"G2"},
    ///   "geometry":{"type":"LineString","coordinates":[[120.0,31.0],[121.0,31.0]]}}]}"#;
    /// let (layer, issues) = CorridorLayer::from_geojson(g.as_bytes(), "c.geojson").unwrap();
    /// assert!(issues.is_empty());
    /// // 0.01° of latitude is 1,112 m
    /// let hit = layer.nearest(LonLat::new(120.5, 31.01), CorridorClass::Expressway).unwrap();
    /// assert_eq!(hit.distance_m.round(), 1112.0);
    /// assert_eq!(hit.name, "G2");
    /// assert!(layer.nearest(LonLat::new(120.5, 31.01), CorridorClass::Railway).is_none());
    /// ```
    pub fn from_geojson(bytes: &[u8], file: &str) -> Result<(Self, Vec<Issue>), StrawError> {
        let root = read_geojson(bytes, file)?;
        let features = geojson_features(&root, file)?;
        let mut out = Vec::new();
        let mut issues = Vec::new();
        for (i, (geometry, properties)) in features.iter().enumerate() {
            let row = i as u64 + 1;
            let class_text = properties
                .and_then(|p| {
                    ["class", "类别", "type", "highway", "railway", "aeroway"]
                        .iter()
                        .find_map(|k| p.get(*k).and_then(Value::as_str))
                })
                .unwrap_or_default();
            let Some(class) = CorridorClass::parse(class_text) else {
                issues.push(
                    Issue::warning(
                        "W_STRAW_CORRIDOR_CLASS",
                        format!("无法识别的走廊类别「{class_text}」，已跳过该要素"),
                        "class 应为 expressway、railway、highspeed_rail、national_road、provincial_road 或 airport",
                    )
                    .in_file(file)
                    .at_row(row)
                    .at_field("class"),
                );
                continue;
            };
            match geometry.and_then(shape_of) {
                Some(shape) => out.push(Feature {
                    class,
                    name: feature_name(*properties).unwrap_or_default(),
                    shape,
                }),
                None => issues.push(
                    Issue::error(
                        "E_STRAW_CORRIDOR_GEOMETRY",
                        "该要素没有可用的线、点或面",
                        "道路与铁路用 LineString，机场用 Point 或 Polygon；坐标为 [经度, 纬度]",
                    )
                    .in_file(file)
                    .at_row(row)
                    .at_field("geometry"),
                ),
            }
        }
        if out.is_empty() {
            return Err(StrawError::NoFeatures {
                file: file.to_string(),
                what: "走廊要素（带 class 属性的线、点或面）",
            });
        }
        Ok((CorridorLayer::from_features(file, out), issues))
    }

    fn from_features(label: &str, features: Vec<Feature>) -> Self {
        let mut segments = Vec::new();
        for (fi, f) in features.iter().enumerate() {
            let feature = fi as u32;
            let mut push_line = |line: &[LonLat]| {
                if let [p] = line {
                    segments.push(Segment {
                        a: *p,
                        b: *p,
                        feature,
                    });
                }
                for w in line.windows(2) {
                    segments.push(Segment {
                        a: w[0],
                        b: w[1],
                        feature,
                    });
                }
            };
            match &f.shape {
                Shape::Lines(lines) => lines.iter().for_each(|l| push_line(l)),
                Shape::Points(points) => points.iter().for_each(|p| push_line(&[*p])),
                Shape::Polygons(polygons) => {
                    for poly in polygons {
                        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                            let pts: Vec<LonLat> =
                                ring.coords().map(|c| LonLat::new(c.x, c.y)).collect();
                            push_line(&pts);
                        }
                    }
                }
            }
        }
        let mut trees = Vec::new();
        for class in CorridorClass::ALL {
            let entries: Vec<Entry> = segments
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    features
                        .get(s.feature as usize)
                        .is_some_and(|f| f.class == class)
                })
                .map(|(i, s)| {
                    GeomWithData::new(
                        Rectangle::from_corners(
                            [s.a.lon.min(s.b.lon), s.a.lat.min(s.b.lat)],
                            [s.a.lon.max(s.b.lon), s.a.lat.max(s.b.lat)],
                        ),
                        i as u32,
                    )
                })
                .collect();
            if !entries.is_empty() {
                trees.push((class, RTree::bulk_load(entries)));
            }
        }
        CorridorLayer {
            label: label.to_string(),
            features,
            segments,
            trees,
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// True when the layer has no feature.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Feature count per class, for display.
    pub fn class_counts(&self) -> Vec<(CorridorClass, usize)> {
        CorridorClass::ALL
            .iter()
            .map(|&c| (c, self.features.iter().filter(|f| f.class == c).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The layer as GeoJSON text (for drawing): every feature with `class`, `label` and `name`.
    pub fn to_geojson(&self) -> String {
        let mut fc = FeatureCollection::new();
        for f in &self.features {
            let mut props = Map::new();
            props.insert(
                "class".into(),
                serde_json::to_value(f.class).unwrap_or_default(),
            );
            props.insert("label".into(), f.class.label().into());
            props.insert("name".into(), f.name.clone().into());
            match &f.shape {
                Shape::Lines(lines) => lines.iter().for_each(|l| fc.line(l, props.clone())),
                Shape::Points(points) => points.iter().for_each(|p| fc.point(*p, props.clone())),
                Shape::Polygons(polys) => polys.iter().for_each(|p| {
                    let ring: Vec<LonLat> = p
                        .exterior()
                        .coords()
                        .map(|c| LonLat::new(c.x, c.y))
                        .collect();
                    fc.polygon(&ring, props.clone());
                }),
            }
        }
        fc.to_text()
    }
}

impl CorridorSource for CorridorLayer {
    fn nearest(&self, p: LonLat, class: CorridorClass) -> Option<CorridorHit> {
        if !p.is_valid() {
            return None;
        }
        let tree = self
            .trees
            .iter()
            .find(|(c, _)| *c == class)
            .map(|(_, t)| t)?;
        let c = Coord { x: p.lon, y: p.lat };
        for f in self.features.iter().filter(|f| f.class == class) {
            if let Shape::Polygons(polys) = &f.shape {
                if polys.iter().any(|poly| poly.contains(&c)) {
                    return Some(CorridorHit {
                        distance_m: 0.0,
                        name: f.name.clone(),
                    });
                }
            }
        }
        let mut radius = 2_000.0f64;
        loop {
            let r = radius.min(CORRIDOR_SEARCH_M);
            let mut best: Option<(f64, u32)> = None;
            for e in tree.locate_in_envelope_intersecting(&envelope_around(p, r)) {
                let Some(s) = self.segments.get(e.data as usize) else {
                    continue;
                };
                let (d, _) = point_segment_m(p, s.a, s.b);
                if best.is_none_or(|(bd, bf)| d < bd || (d == bd && s.feature < bf)) {
                    best = Some((d, s.feature));
                }
            }
            if let Some((d, f)) = best.filter(|(d, _)| *d <= r) {
                return Some(CorridorHit {
                    distance_m: d,
                    name: self
                        .features
                        .get(f as usize)
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                });
            }
            if r >= CORRIDOR_SEARCH_M {
                return None;
            }
            radius *= 2.0;
        }
    }

    fn has_class(&self, class: CorridorClass) -> bool {
        self.trees.iter().any(|(c, _)| *c == class)
    }
}

fn shape_of(g: &Value) -> Option<Shape> {
    let c = g.get("coordinates")?;
    let shape = match g.get("type").and_then(Value::as_str)? {
        "LineString" => Shape::Lines(vec![positions(c)?]),
        "MultiLineString" => Shape::Lines(c.as_array()?.iter().filter_map(positions).collect()),
        "Point" => Shape::Points(vec![position(c)?]),
        "MultiPoint" => Shape::Points(positions(c)?),
        "Polygon" | "MultiPolygon" => Shape::Polygons(polygons_of(g)),
        _ => return None,
    };
    let usable = match &shape {
        Shape::Lines(l) => l.iter().any(|l| !l.is_empty()),
        Shape::Points(p) => !p.is_empty(),
        Shape::Polygons(p) => !p.is_empty(),
    };
    usable.then_some(shape)
}

/// A degree envelope containing every point within `radius_m` of `c` (0.1 % margin).
fn envelope_around(c: LonLat, radius_m: f64) -> AABB<[f64; 2]> {
    let r = radius_m * 1.001;
    let dlat = r / M_PER_DEG_LAT + 1e-9;
    let lat_edge = (c.lat.abs() + dlat).min(89.9);
    let dlon = (r / (M_PER_DEG_LAT * lat_edge.to_radians().cos()) + 1e-9).min(360.0);
    AABB::from_corners([c.lon - dlon, c.lat - dlat], [c.lon + dlon, c.lat + dlat])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::haversine_m;

    #[test]
    fn demo_layer_loads_every_feature() {
        let (layer, issues) =
            CorridorLayer::from_geojson(DEMO_CORRIDORS_GEOJSON.as_bytes(), "demo").unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        for class in [
            CorridorClass::Expressway,
            CorridorClass::HighspeedRail,
            CorridorClass::Railway,
            CorridorClass::Airport,
        ] {
            assert!(layer.has_class(class), "{class:?}");
        }
        // Suzhou North station is on the Beijing–Shanghai high-speed line
        let d = layer
            .distance_m(LonLat::new(120.64, 31.42), CorridorClass::HighspeedRail)
            .unwrap();
        assert!(d < 1_500.0, "{d}");
        // Hongqiao airport is a point of the airport class
        let hq = LonLat::new(121.336, 31.198);
        let d = layer
            .distance_m(LonLat::new(121.236, 31.198), CorridorClass::Airport)
            .unwrap();
        assert!((d - haversine_m(hq, LonLat::new(121.236, 31.198))).abs() < 1.0);
    }

    #[test]
    fn nearest_matches_a_linear_scan() {
        let g = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"class":"railway","name":"a"},"geometry":{"type":"LineString","coordinates":[[120.0,31.0],[120.3,31.2],[120.9,31.1]]}},
          {"type":"Feature","properties":{"class":"railway","name":"b"},"geometry":{"type":"MultiLineString","coordinates":[[[120.5,31.6],[120.7,31.9]],[[119.9,31.5],[120.1,31.4]]]}},
          {"type":"Feature","properties":{"class":"airport","name":"c"},"geometry":{"type":"Polygon","coordinates":[[[120.4,31.4],[120.45,31.4],[120.45,31.45],[120.4,31.45],[120.4,31.4]]]}}
        ]}"#;
        let (layer, _) = CorridorLayer::from_geojson(g.as_bytes(), "t").unwrap();
        let lines: Vec<Vec<LonLat>> = vec![
            vec![
                LonLat::new(120.0, 31.0),
                LonLat::new(120.3, 31.2),
                LonLat::new(120.9, 31.1),
            ],
            vec![LonLat::new(120.5, 31.6), LonLat::new(120.7, 31.9)],
            vec![LonLat::new(119.9, 31.5), LonLat::new(120.1, 31.4)],
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..500 {
            let p = LonLat::new(119.5 + next() * 2.0, 30.6 + next() * 1.8);
            let scan = lines
                .iter()
                .flat_map(|l| l.windows(2).map(|w| point_segment_m(p, w[0], w[1]).0))
                .fold(f64::INFINITY, f64::min);
            let got = layer.distance_m(p, CorridorClass::Railway);
            if scan <= CORRIDOR_SEARCH_M {
                assert!((got.unwrap() - scan).abs() < 1e-6, "{p:?}");
            } else {
                assert!(got.is_none(), "{p:?} {scan}");
            }
        }
        assert_eq!(
            layer.distance_m(LonLat::new(120.42, 31.42), CorridorClass::Airport),
            Some(0.0)
        );
        assert!(!layer.has_class(CorridorClass::Expressway));
    }

    #[test]
    fn unknown_classes_and_geometries_are_reported() {
        let g = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"class":"canal"},"geometry":{"type":"LineString","coordinates":[[120,31],[121,31]]}},
          {"type":"Feature","properties":{"class":"国道"},"geometry":null},
          {"type":"Feature","properties":{"class":"高铁"},"geometry":{"type":"LineString","coordinates":[[120,31],[121,31]]}}
        ]}"#;
        let (layer, issues) = CorridorLayer::from_geojson(g.as_bytes(), "t").unwrap();
        assert_eq!(layer.len(), 1);
        let codes: Vec<&str> = issues.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(
            codes,
            ["W_STRAW_CORRIDOR_CLASS", "E_STRAW_CORRIDOR_GEOMETRY"]
        );
        assert!(layer.has_class(CorridorClass::HighspeedRail));
    }
}
