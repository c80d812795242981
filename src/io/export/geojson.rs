//! GeoJSON output per RFC 7946: `[lon, lat]` WGS-84 positions with at most 7 decimals, no
//! `crs` member.

use serde_json::{json, Map, Value};

use crate::model::LonLat;

/// A FeatureCollection built feature by feature.
#[derive(Debug, Clone, Default)]
pub struct FeatureCollection {
    features: Vec<Value>,
}

fn pos(p: LonLat) -> Value {
    let p = p.rounded7();
    json!([p.lon, p.lat])
}

impl FeatureCollection {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a Point feature.
    pub fn point(&mut self, at: LonLat, properties: Map<String, Value>) {
        self.features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": pos(at)},
            "properties": properties,
        }));
    }

    /// Adds a LineString feature (skipped when it has fewer than two positions).
    pub fn line(&mut self, line: &[LonLat], properties: Map<String, Value>) {
        if line.len() < 2 {
            return;
        }
        let coords: Vec<Value> = line.iter().map(|p| pos(*p)).collect();
        self.features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coords},
            "properties": properties,
        }));
    }

    /// Adds a Polygon feature from one closed or open ring (closed here, counter-clockwise as
    /// RFC 7946 asks for exterior rings).
    pub fn polygon(&mut self, ring: &[LonLat], properties: Map<String, Value>) {
        if ring.len() < 3 {
            return;
        }
        let mut r: Vec<LonLat> = ring.to_vec();
        if r.first() != r.last() {
            if let Some(&f) = r.first() {
                r.push(f);
            }
        }
        // shoelace: positive area = counter-clockwise
        let area2: f64 = r
            .windows(2)
            .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
            .sum();
        if area2 < 0.0 {
            r.reverse();
        }
        let coords: Vec<Value> = r.iter().map(|p| pos(*p)).collect();
        self.features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [coords]},
            "properties": properties,
        }));
    }

    /// The collection as pretty-printed JSON text.
    pub fn to_text(&self) -> String {
        let v = json!({"type": "FeatureCollection", "features": self.features});
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }

    /// The collection as pretty-printed JSON text with extra top-level members (RFC 7946 §6.1
    /// "foreign members", e.g. a title); `type` and `features` cannot be overridden.
    pub fn to_text_with_members(&self, members: Map<String, Value>) -> String {
        let mut m = members;
        m.insert("type".into(), json!("FeatureCollection"));
        m.insert("features".into(), Value::Array(self.features.clone()));
        serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_default()
    }
}
