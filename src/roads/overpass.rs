//! Overpass: the query for "load roads for this view", the size guard, and the reader of its
//! JSON answer (`[out:json]`: `{"elements": [{"type": "node", "id", "lat", "lon", "tags"},
//! {"type": "way", "id", "nodes": [...], "tags"}]}`).
//!
//! The browser fetches; the core only writes the query text, checks sizes and parses, so that
//! tests run on recorded answers without network.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::roads::class::RoadConfig;
use crate::roads::import::{RoadImport, RoadImportError};
use crate::roads::osm::{kept_tags, OsmCollector};

/// The public Overpass endpoint used when none is configured.
pub const DEFAULT_OVERPASS_ENDPOINT: &str = "https://overpass-api.de/api/interpreter";

/// Limits for one Overpass download.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OverpassLimits {
    /// Largest box side, degrees (0.5° ≈ 50 km: a city district, not a province).
    pub max_side_deg: f64,
    /// Largest answer accepted, bytes (also sent to the server as `maxsize`).
    pub max_bytes: usize,
    /// Server timeout, seconds.
    pub timeout_s: u32,
}

impl Default for OverpassLimits {
    fn default() -> Self {
        OverpassLimits {
            max_side_deg: 0.5,
            max_bytes: 64 * 1024 * 1024,
            timeout_s: 90,
        }
    }
}

/// A box that cannot be queried.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverpassError {
    /// Not a valid `[south, west, north, east]` box.
    #[error("范围无效：请在地图上重新选择区域")]
    BadBox,
    /// Too large.
    #[error("范围过大（{width_deg:.2}° × {height_deg:.2}°，上限 {max_deg}°）：请放大地图后再加载道路，或导入城市 .osm.pbf 文件")]
    BoxTooLarge {
        /// Width, degrees of longitude.
        width_deg: f64,
        /// Height, degrees of latitude.
        height_deg: f64,
        /// The limit.
        max_deg: f64,
    },
}

/// The Overpass QL query for the roads (enabled classes) and corridor features in a box
/// `[south, west, north, east]` (degrees).
///
/// ```
/// use zouhang::roads::{overpass_query, OverpassLimits, RoadConfig};
/// let q = overpass_query([31.28, 120.55, 31.35, 120.65], &RoadConfig::default(), &OverpassLimits::default()).unwrap();
/// assert!(q.starts_with("[out:json][timeout:90][maxsize:67108864];"));
/// assert!(q.contains("way[\"highway\"~\"^(motorway|motorway_link|trunk|"));
/// assert!(q.contains("(31.28,120.55,31.35,120.65)"));
/// ```
pub fn overpass_query(
    bbox: [f64; 4],
    config: &RoadConfig,
    limits: &OverpassLimits,
) -> Result<String, OverpassError> {
    let [s, w, n, e] = bbox;
    let ok = bbox.iter().all(|v| v.is_finite())
        && (-90.0..=90.0).contains(&s)
        && (-90.0..=90.0).contains(&n)
        && (-180.0..=180.0).contains(&w)
        && (-180.0..=180.0).contains(&e)
        && s < n
        && w < e;
    if !ok {
        return Err(OverpassError::BadBox);
    }
    if n - s > limits.max_side_deg || e - w > limits.max_side_deg {
        return Err(OverpassError::BoxTooLarge {
            width_deg: e - w,
            height_deg: n - s,
            max_deg: limits.max_side_deg,
        });
    }
    let classes: Vec<&str> = config
        .enabled_osm_classes()
        .into_iter()
        .map(|c| c.osm_name())
        .collect();
    let b = format!("({s},{w},{n},{e})");
    Ok(format!(
        "[out:json][timeout:{}][maxsize:{}];\n(\n  way[\"highway\"~\"^({})$\"]{b};\n  way[\"highway\"~\"^(motorway|trunk)$\"]{b};\n  way[\"railway\"=\"rail\"]{b};\n  way[\"aeroway\"=\"aerodrome\"]{b};\n  node[\"aeroway\"=\"aerodrome\"]{b};\n);\n(._;>;);\nout body qt;\n",
        limits.timeout_s,
        limits.max_bytes,
        classes.join("|")
    ))
}

/// Refuses an answer larger than the limit (before parsing it).
pub fn check_overpass_size(
    len: usize,
    file: &str,
    limits: &OverpassLimits,
) -> Result<(), RoadImportError> {
    if len > limits.max_bytes {
        return Err(RoadImportError::TooLarge {
            file: file.to_string(),
            size: len,
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

#[derive(Deserialize)]
struct Doc {
    elements: Vec<Element>,
    #[serde(default)]
    remark: Option<String>,
}

#[derive(Deserialize)]
struct Element {
    #[serde(rename = "type")]
    kind: String,
    id: i64,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
    #[serde(default)]
    nodes: Vec<i64>,
    #[serde(default)]
    tags: HashMap<String, serde_json::Value>,
}

/// Reads an Overpass JSON answer.
pub fn read_overpass_json(
    bytes: &[u8],
    file: &str,
    config: &RoadConfig,
) -> Result<RoadImport, RoadImportError> {
    let doc: Doc = serde_json::from_slice(bytes).map_err(|e| RoadImportError::Syntax {
        file: file.to_string(),
        format: "Overpass JSON".into(),
        at: format!("第{}行第{}列", e.line(), e.column()),
        message: e.to_string(),
    })?;
    let mut c = OsmCollector::new(config, file, "Overpass JSON");
    for el in doc.elements {
        let tags: Vec<(String, String)> = el
            .tags
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            })
            .collect();
        let pairs = tags.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        match el.kind.as_str() {
            "node" => {
                if let (Some(lat), Some(lon)) = (el.lat, el.lon) {
                    c.node(el.id, lon, lat, pairs);
                }
            }
            "way" => {
                let kept = kept_tags(pairs);
                c.way(el.id, el.nodes, kept);
            }
            _ => {}
        }
    }
    let result = c.finish();
    match (result, doc.remark) {
        (Err(RoadImportError::NoRoads { file }), Some(remark)) => Err(RoadImportError::Syntax {
            file,
            format: "Overpass JSON".into(),
            at: "remark".into(),
            message: format!("服务器提示：{remark}"),
        }),
        (r, _) => r,
    }
}
