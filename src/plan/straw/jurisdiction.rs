//! The area a bureau is responsible for: district polygons from a GeoJSON file, or a box (the
//! map view).
//!
//! A GeoJSON file may hold `Polygon` and `MultiPolygon` geometries, bare or in a `Feature` or
//! `FeatureCollection` (RFC 7946: `[lon, lat]`, WGS-84). Holes are respected. A point is inside
//! when it is inside any polygon (`geo`'s `Contains`: points exactly on a boundary are outside;
//! with real coordinates that never matters). Each polygon keeps its bounding box, which is
//! checked first, so that most points of a global file are rejected with four comparisons.
//!
//! Parsed with `serde_json` rather than a typed GeoJSON crate so that one bad feature is
//! reported and skipped instead of rejecting the file (as `io::geojson_points` does for points).

use geo::{Contains, Coord, LineString, Polygon, Rect};
use serde_json::Value;

use crate::error::Issue;
use crate::model::LonLat;
use crate::plan::straw::StrawError;

/// `data/suzhou/jurisdiction_demo.geojson`: the **box of the Suzhou demo data** (longitude
/// 119.9–121.4, latitude 30.7–32.1), not an administrative boundary.
pub const DEMO_JURISDICTION_GEOJSON: &str =
    include_str!("../../../data/suzhou/jurisdiction_demo.geojson");

/// District polygons or a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Jurisdiction {
    areas: Vec<Area>,
    names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Area {
    Box {
        min: LonLat,
        max: LonLat,
    },
    Polygon {
        bbox: Rect<f64>,
        polygon: Polygon<f64>,
    },
}

impl Jurisdiction {
    /// A longitude/latitude box (inclusive), e.g. the map view. Corners in any order.
    pub fn from_bbox(a: LonLat, b: LonLat) -> Self {
        Jurisdiction {
            areas: vec![Area::Box {
                min: LonLat::new(a.lon.min(b.lon), a.lat.min(b.lat)),
                max: LonLat::new(a.lon.max(b.lon), a.lat.max(b.lat)),
            }],
            names: vec!["地图范围".to_string()],
        }
    }

    /// Reads the polygons of a GeoJSON file. Features without a polygon geometry are reported
    /// as issues (`E_STRAW_POLYGON`, with their 1-based position) and skipped; a file with no
    /// usable polygon is an error.
    ///
    /// ```
    /// use zouhang::plan::straw::Jurisdiction;
    /// use zouhang::LonLat;
    /// let g = r#"{"type":"Feature","properties":{"name":"示例区"},"geometry":{"type":"Polygon",
    ///   "coordinates":[[[120,31],[121,31],[121,32],[120,32],[120,31]]]}}"#;
    /// let (j, issues) = Jurisdiction::from_geojson(g.as_bytes(), "d.geojson").unwrap();
    /// assert!(issues.is_empty());
    /// assert!(j.contains(LonLat::new(120.5, 31.5)));
    /// assert!(!j.contains(LonLat::new(122.0, 31.5)));
    /// assert_eq!(j.names(), ["示例区"]);
    /// ```
    pub fn from_geojson(bytes: &[u8], file: &str) -> Result<(Self, Vec<Issue>), StrawError> {
        let root = read_geojson(bytes, file)?;
        let features = geojson_features(&root, file)?;
        let mut areas = Vec::new();
        let mut names = Vec::new();
        let mut issues = Vec::new();
        for (i, (geometry, properties)) in features.iter().enumerate() {
            let polygons = geometry.map(polygons_of).unwrap_or_default();
            if polygons.is_empty() {
                issues.push(
                    Issue::error(
                        "E_STRAW_POLYGON",
                        "该要素没有可用的面（Polygon / MultiPolygon）",
                        "辖区文件应为区县边界面；坐标为 [经度, 纬度]",
                    )
                    .in_file(file)
                    .at_row(i as u64 + 1)
                    .at_field("geometry"),
                );
                continue;
            }
            let name = feature_name(*properties).unwrap_or_else(|| format!("面 {}", i + 1));
            if !names.contains(&name) {
                names.push(name);
            }
            for polygon in polygons {
                if let Some(bbox) = geo::BoundingRect::bounding_rect(&polygon) {
                    areas.push(Area::Polygon { bbox, polygon });
                }
            }
        }
        if areas.is_empty() {
            return Err(StrawError::NoFeatures {
                file: file.to_string(),
                what: "面要素（Polygon / MultiPolygon）",
            });
        }
        Ok((Jurisdiction { areas, names }, issues))
    }

    /// True when `p` is inside the box or any polygon.
    pub fn contains(&self, p: LonLat) -> bool {
        if !p.is_valid() {
            return false;
        }
        let c = Coord { x: p.lon, y: p.lat };
        self.areas.iter().any(|a| match a {
            Area::Box { min, max } => {
                p.lon >= min.lon && p.lon <= max.lon && p.lat >= min.lat && p.lat <= max.lat
            }
            Area::Polygon { bbox, polygon } => {
                c.x >= bbox.min().x
                    && c.x <= bbox.max().x
                    && c.y >= bbox.min().y
                    && c.y <= bbox.max().y
                    && polygon.contains(&c)
            }
        })
    }

    /// Names of the districts (the features' `name` / `名称` property), or `地图范围` for a box.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of polygons (or 1 for a box).
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// True when there is no area at all (never, for a jurisdiction that was built).
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }
}

/// `(geometry, properties)` of every feature of a FeatureCollection, Feature or bare geometry.
/// The JSON of a GeoJSON file (any text encoding), or a located error.
pub(crate) fn read_geojson(bytes: &[u8], file: &str) -> Result<Value, StrawError> {
    let text = crate::io::decode_text(bytes).text;
    serde_json::from_str(&text).map_err(|e| StrawError::GeoJson {
        file: file.to_string(),
        reason: format!(
            "不是有效的 JSON（第 {} 行第 {} 列）：{e}",
            e.line(),
            e.column()
        ),
    })
}

/// A feature's geometry and properties (either may be missing).
pub(crate) type FeatureParts<'a> = (Option<&'a Value>, Option<&'a Value>);

/// The features of a GeoJSON document, or an error when it is not GeoJSON.
pub(crate) fn geojson_features<'a>(
    root: &'a Value,
    file: &str,
) -> Result<Vec<FeatureParts<'a>>, StrawError> {
    features_of(root).ok_or_else(|| StrawError::GeoJson {
        file: file.to_string(),
        reason: "不是 GeoJSON：缺少 \"type\"".to_string(),
    })
}

pub(crate) fn features_of(root: &Value) -> Option<Vec<(Option<&Value>, Option<&Value>)>> {
    match root.get("type").and_then(Value::as_str)? {
        "FeatureCollection" => Some(
            root.get("features")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|f| (f.get("geometry"), f.get("properties")))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "Feature" => Some(vec![(root.get("geometry"), root.get("properties"))]),
        _ => Some(vec![(Some(root), None)]),
    }
}

/// The `name` (or `名称`, `NAME`, `mc`) property of a feature.
pub(crate) fn feature_name(properties: Option<&Value>) -> Option<String> {
    let o = properties?.as_object()?;
    ["name", "名称", "NAME", "Name", "mc", "区县"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A `[lon, lat]` position.
pub(crate) fn position(v: &Value) -> Option<LonLat> {
    let a = v.as_array()?;
    let p = LonLat::new(a.first()?.as_f64()?, a.get(1)?.as_f64()?);
    p.is_valid().then_some(p)
}

/// A ring or line: a list of positions (invalid positions make the whole list unusable).
pub(crate) fn positions(v: &Value) -> Option<Vec<LonLat>> {
    v.as_array()?.iter().map(position).collect()
}

fn ring(v: &Value) -> Option<LineString<f64>> {
    let pts = positions(v)?;
    (pts.len() >= 3).then(|| pts.into_iter().map(Coord::from).collect())
}

fn polygon(v: &Value) -> Option<Polygon<f64>> {
    let rings = v.as_array()?;
    let exterior = ring(rings.first()?)?;
    let holes: Vec<LineString<f64>> = rings.iter().skip(1).filter_map(ring).collect();
    Some(Polygon::new(exterior, holes))
}

/// The polygons of a Polygon or MultiPolygon geometry (empty for anything else).
pub(crate) fn polygons_of(g: &Value) -> Vec<Polygon<f64>> {
    let coords = g.get("coordinates");
    match (g.get("type").and_then(Value::as_str), coords) {
        (Some("Polygon"), Some(c)) => polygon(c).into_iter().collect(),
        (Some("MultiPolygon"), Some(c)) => c
            .as_array()
            .map(|a| a.iter().filter_map(polygon).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipolygon_with_hole_and_bad_feature() {
        let g = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"名称":"甲区"},"geometry":{"type":"MultiPolygon","coordinates":[
            [[[120,31],[121,31],[121,32],[120,32],[120,31]],[[120.4,31.4],[120.6,31.4],[120.6,31.6],[120.4,31.6],[120.4,31.4]]],
            [[[122,31],[122.5,31],[122.5,31.5],[122,31]]]
          ]}},
          {"type":"Feature","properties":{"name":"点"},"geometry":{"type":"Point","coordinates":[120,31]}}
        ]}"#;
        let (j, issues) = Jurisdiction::from_geojson(g.as_bytes(), "d.geojson").unwrap();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].row, Some(2));
        assert_eq!(j.len(), 2);
        assert!(j.contains(LonLat::new(120.2, 31.2)));
        assert!(!j.contains(LonLat::new(120.5, 31.5)), "inside the hole");
        assert!(j.contains(LonLat::new(122.4, 31.05)));
        assert!(!j.contains(LonLat::new(122.1, 31.45)));
        assert!(!j.contains(LonLat::new(f64::NAN, 31.0)));
    }

    #[test]
    fn files_without_polygons_are_errors() {
        let e = Jurisdiction::from_geojson(b"{\"type\":\"Point\",\"coordinates\":[1,2]}", "p.json")
            .unwrap_err();
        assert_eq!(e.code(), "E_STRAW_NO_FEATURES");
        let e = Jurisdiction::from_geojson(b"{oops", "p.json").unwrap_err();
        assert_eq!(e.code(), "E_STRAW_GEOJSON");
    }

    #[test]
    fn box_is_inclusive_and_corner_order_free() {
        let j = Jurisdiction::from_bbox(LonLat::new(121.0, 32.0), LonLat::new(120.0, 31.0));
        assert!(j.contains(LonLat::new(120.0, 31.0)));
        assert!(j.contains(LonLat::new(121.0, 32.0)));
        assert!(!j.contains(LonLat::new(121.0001, 32.0)));
    }
}
