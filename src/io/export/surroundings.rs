//! Station-surroundings exports: the source list as CSV and the station, rings and sources as
//! GeoJSON.

use serde_json::{json, Map, Value};

use crate::geodesy::destination;
use crate::io::export::{CsvTable, FeatureCollection};
use crate::plan::Surroundings;

/// The source list as CSV (UTF-8 with BOM), nearest first.
pub fn surroundings_csv(s: &Surroundings) -> String {
    let mut t = CsvTable::new(&[
        "站点编码",
        "站点名称",
        "编号",
        "名称",
        "类别",
        "行业",
        "排放类型",
        "重点排污单位",
        "监管类别",
        "区县",
        "距离(m)",
        "方位角(°)",
        "方位",
        "上风向",
        "所在圈层(km)",
        "经度",
        "纬度",
    ]);
    for x in &s.sources {
        t.push(vec![
            s.station.code.clone(),
            s.station.name.clone(),
            x.id.clone(),
            x.name.clone(),
            x.category.label().to_string(),
            x.industry.clone(),
            x.emission.label().to_string(),
            if x.key_polluter { "是" } else { "否" }.to_string(),
            x.supervision.label().to_string(),
            x.district.clone(),
            format!("{:.1}", x.distance_m),
            format!("{:.1}", x.bearing_deg),
            x.direction.clone(),
            match x.upwind {
                Some(true) => "是",
                Some(false) => "否",
                None => "",
            }
            .to_string(),
            x.ring_km.to_string(),
            format!("{:.6}", x.lon),
            format!("{:.6}", x.lat),
        ]);
    }
    t.to_text()
}

/// The station (Point), its rings (Polygons, 64 vertices), the upwind sector (Polygon, when a
/// wind is given) and the sources (Points) as a GeoJSON FeatureCollection.
pub fn surroundings_geojson(s: &Surroundings) -> String {
    let mut fc = FeatureCollection::new();
    let st = s.station.location;
    fc.point(
        st,
        props(json!({"layer": "station", "code": s.station.code, "name": s.station.name})),
    );
    for r in &s.rings_km {
        let ring: Vec<_> = (0..64)
            .map(|i| destination(st, i as f64 * 360.0 / 64.0, r * 1000.0))
            .collect();
        fc.polygon(&ring, props(json!({"layer": "ring", "radius_km": r})));
    }
    if let Some(w) = s.wind_from_deg {
        let mut sector = vec![st];
        let steps = 16;
        for i in 0..=steps {
            let b = w - s.sector_deg / 2.0 + s.sector_deg * i as f64 / steps as f64;
            sector.push(destination(st, b, s.radius_m));
        }
        fc.polygon(
            &sector,
            props(
                json!({"layer": "upwind_sector", "wind_from_deg": w, "sector_deg": s.sector_deg}),
            ),
        );
    }
    for x in &s.sources {
        fc.point(
            crate::model::LonLat::new(x.lon, x.lat),
            props(json!({
                "layer": "source",
                "id": x.id,
                "name": x.name,
                "category": x.category.label(),
                "industry": x.industry,
                "distance_m": x.distance_m,
                "bearing_deg": x.bearing_deg,
                "direction": x.direction,
                "upwind": x.upwind,
            })),
        );
    }
    fc.to_text()
}

fn props(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
