//! GeoJSON export of a plan (RFC 7946): a `LineString` Feature per route (its road geometry, or
//! the stops in order) and a `Point` Feature per stop, `[lon, lat]` with at most 7 decimals, no
//! `crs` member. The title, kind and the coordinate system actually written are a foreign member
//! `zouhang` of the FeatureCollection (RFC 7946 §6.1). RFC 7946 prescribes WGS-84: a GCJ-02 or
//! BD-09 export is for tools that expect those offsets and is warned about.

use serde_json::{json, Map, Value};

use super::plan_export::{minutes, project, route_line, stop_kind_label, stop_label};
use super::FeatureCollection;
use crate::crs::Crs;
use crate::model::PlanDocument;

/// Writes a plan as GeoJSON text with coordinates converted to `crs`.
pub fn plan_geojson(doc: &PlanDocument, crs: Crs) -> String {
    let mut fc = FeatureCollection::new();
    for (ri, r) in doc.routes.iter().enumerate() {
        let line: Vec<_> = route_line(r).into_iter().map(|p| project(crs, p)).collect();
        fc.line(
            &line,
            obj(json!({
                "layer": "route",
                "route": r.id,
                "route_number": ri + 1,
                "name": r.name,
                "team": r.team,
                "date": r.date,
                "stops": r.stops.len(),
                "distance_m": finite(r.distance_m),
                "duration_s": finite(r.duration_s),
                "measured_m": r.measured_m.and_then(finite),
                "along_roads": r.along_roads,
            })),
        );
        for (si, s) in r.stops.iter().enumerate() {
            if !s.location.is_valid() {
                continue;
            }
            fc.point(
                project(crs, s.location),
                obj(json!({
                    "layer": "stop",
                    "route": r.id,
                    "route_number": ri + 1,
                    "seq": si + 1,
                    "label": stop_label(si + 1, s),
                    "id": s.id,
                    "name": s.name,
                    "kind": s.kind,
                    "kind_label": stop_kind_label(&s.kind),
                    "arrival": s.arrival,
                    "departure": s.departure,
                    "service_min": minutes(s.service_s),
                    "note": s.note,
                })),
            );
        }
    }
    fc.to_text_with_members(obj(json!({
        "name": doc.title,
        "zouhang": {
            "format": "zouhang-plan-geojson",
            "kind": doc.kind,
            "coordinate_system": crs.name(),
        }
    })))
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
