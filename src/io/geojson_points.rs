//! GeoJSON (RFC 7946) point features, read as a table so that the same column mapping applies
//! as for CSV: every property becomes a column and the geometry gives `lon` and `lat`.
//!
//! The reader is tolerant per feature: a feature without a usable Point geometry is reported
//! (with its 1-based position) and skipped; the others load. `MultiPoint` features contribute
//! one row per point. Parsed with `serde_json` rather than a typed GeoJSON crate precisely for
//! this tolerance (a typed parse rejects the whole file for one bad feature).

use serde_json::Value;

use crate::error::Issue;
use crate::io::table::{Row, Table};
use crate::io::ImportError;
use crate::model::LonLat;

/// One point with its properties as text.
#[derive(Debug, Clone, PartialEq)]
pub struct PointFeature {
    /// 1-based feature number in the file.
    pub number: u64,
    /// Position as written (before any datum conversion).
    pub position: LonLat,
    /// Properties, stringified (`null` → empty).
    pub properties: Vec<(String, String)>,
}

/// True when the bytes look like JSON (first non-blank character `{`).
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let skip_bom = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    skip_bom
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// Reads the point features of a GeoJSON FeatureCollection, Feature or bare Point.
pub fn read_geojson_points(
    bytes: &[u8],
    file: &str,
) -> Result<(Vec<PointFeature>, Vec<Issue>), ImportError> {
    let text = crate::io::decode_text(bytes).text;
    let root: Value = serde_json::from_str(&text).map_err(|e| ImportError::Format {
        file: file.to_string(),
        reason: format!(
            "不是有效的 JSON（第 {} 行第 {} 列）：{e}",
            e.line(),
            e.column()
        ),
    })?;
    let features: Vec<&Value> = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => root
            .get("features")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Some("Feature") => vec![&root],
        Some("Point") | Some("MultiPoint") => vec![&root],
        _ => {
            return Err(ImportError::Format {
                file: file.to_string(),
                reason: "不是 GeoJSON：缺少 \"type\": \"FeatureCollection\"".to_string(),
            })
        }
    };
    let mut points = Vec::new();
    let mut issues = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let number = i as u64 + 1;
        let geometry = if f.get("type").and_then(Value::as_str) == Some("Feature") {
            f.get("geometry")
        } else {
            Some(*f)
        };
        let properties: Vec<(String, String)> = f
            .get("properties")
            .and_then(Value::as_object)
            .map(|o| o.iter().map(|(k, v)| (k.clone(), value_text(v))).collect())
            .unwrap_or_default();
        let coords = geometry.and_then(|g| {
            let kind = g.get("type").and_then(Value::as_str)?;
            let c = g.get("coordinates")?;
            match kind {
                "Point" => Some(vec![position(c)?]),
                "MultiPoint" => c.as_array()?.iter().map(position).collect(),
                _ => None,
            }
        });
        match coords {
            Some(list) if !list.is_empty() => {
                for position in list {
                    points.push(PointFeature {
                        number,
                        position,
                        properties: properties.clone(),
                    });
                }
            }
            _ => issues.push(
                Issue::error(
                    "E_GEOJSON_GEOMETRY",
                    "该要素没有可用的点坐标（仅支持 Point 和 MultiPoint）",
                    "线、面要素请另行导入；点要素应为 [经度, 纬度]",
                )
                .in_file(file)
                .at_row(number)
                .at_field("geometry"),
            ),
        }
    }
    Ok((points, issues))
}

/// Reads GeoJSON points as a [`Table`] whose columns are the properties plus `lon` and `lat`.
pub fn geojson_table(bytes: &[u8], file: &str) -> Result<Table, ImportError> {
    let (points, issues) = read_geojson_points(bytes, file)?;
    let mut headers: Vec<String> = vec!["lon".to_string(), "lat".to_string()];
    for p in &points {
        for (k, _) in &p.properties {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    let rows = points
        .iter()
        .map(|p| {
            let mut cells = vec![String::new(); headers.len()];
            if let Some(c) = cells.get_mut(0) {
                *c = p.position.lon.to_string();
            }
            if let Some(c) = cells.get_mut(1) {
                *c = p.position.lat.to_string();
            }
            for (k, v) in &p.properties {
                if let Some(i) = headers.iter().position(|h| h == k) {
                    if let Some(c) = cells.get_mut(i) {
                        *c = v.trim().to_string();
                    }
                }
            }
            Row {
                line: p.number,
                cells,
            }
        })
        .collect();
    Ok(Table {
        file: file.to_string(),
        encoding: "UTF-8",
        delimiter: ',',
        headers,
        rows,
        issues,
    })
}

fn position(c: &Value) -> Option<LonLat> {
    let a = c.as_array()?;
    let lon = a.first()?.as_f64()?;
    let lat = a.get(1)?.as_f64()?;
    Some(LonLat::new(lon, lat))
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_points_and_reports_other_geometries() {
        let g = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"A","n":3,"x":null}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[120,31],[121,31]]},"properties":{}},
          {"type":"Feature","geometry":null,"properties":{"name":"C"}},
          {"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[120.1,31.1],[120.2,31.2]]},"properties":{"name":"D"}}
        ]}"#;
        let t = geojson_table(g.as_bytes(), "g.geojson").unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.issues.len(), 2);
        assert_eq!(t.issues[0].row, Some(2));
        assert_eq!(t.rows[0].cells[0], "120.6");
        let ni = t.headers.iter().position(|h| h == "n").unwrap();
        assert_eq!(t.rows[0].cells[ni], "3");
        assert_eq!(t.rows[2].line, 4);
    }

    #[test]
    fn rejects_non_geojson() {
        assert!(read_geojson_points(b"{\"a\":1}", "x.json").is_err());
        assert!(read_geojson_points(b"{", "x.json").is_err());
        assert!(looks_like_json(b" \n{\"type\""));
        assert!(!looks_like_json(b"name,lon"));
    }
}
