//! Demo layers of the straw-burning workflow (秸秆禁烧), written to `data/suzhou/` by
//! `zouhang demo straw --out-dir data/suzhou`:
//!
//! - `teams_demo.csv`: patrol teams at approximate district-government locations, a day shift in
//!   every district and a night shift in the four districts with the most farmland; names say
//!   `演示`. Not real bases.
//! - `corridors_demo.geojson`: transport corridors and airports with straw-burning ban zones,
//!   as coarse polylines through well-known towns (every name says `近似` = approximate), and
//!   the two airports within reach of Suzhou. Not survey data: load a real layer for real use.
//! - `jurisdiction_demo.geojson`: the box of the Suzhou demo data, not an administrative
//!   boundary.
//!
//! The generator draws no random numbers (the layers are fixed tables), so it needs no seed:
//! the same program always writes the same bytes, and a test checks the files in `data/`
//! against it.

use std::fmt::Write;

/// Bounding box of the Suzhou demo data: min lon, min lat, max lon, max lat.
pub const DEMO_BOX: (f64, f64, f64, f64) = (119.9, 30.7, 121.4, 32.1);

/// Districts with a demo base (approximate government seat): name, lon, lat, day vehicles,
/// night shift.
const DISTRICTS: &[(&str, f64, f64, u32, bool)] = &[
    ("吴中区", 120.632, 31.262, 2, false),
    ("相城区", 120.642, 31.369, 1, true),
    ("吴江区", 120.645, 31.160, 1, false),
    ("常熟市", 120.752, 31.654, 2, true),
    ("张家港市", 120.555, 31.875, 1, false),
    ("昆山市", 120.981, 31.385, 2, true),
    ("太仓市", 121.130, 31.457, 1, true),
];

/// Corridor class (as read by `CorridorLayer`), name, and the points of its coarse line.
type Line = (&'static str, &'static str, &'static [(f64, f64)]);

const LINES: &[Line] = &[
    (
        "highspeed_rail",
        "京沪高铁（近似）",
        &[
            (119.98, 31.83),
            (120.2, 31.7),
            (120.43, 31.59),
            (120.64, 31.42),
            (120.83, 31.41),
            (120.96, 31.37),
            (121.15, 31.27),
            (121.32, 31.19),
        ],
    ),
    (
        "railway",
        "京沪铁路 / 沪宁城际（近似）",
        &[
            (119.97, 31.79),
            (120.3, 31.59),
            (120.45, 31.45),
            (120.61, 31.33),
            (120.8, 31.36),
            (120.95, 31.39),
            (121.16, 31.29),
            (121.455, 31.25),
        ],
    ),
    (
        "expressway",
        "G2/G42 沪宁高速（近似）",
        &[
            (121.36, 31.27),
            (121.18, 31.31),
            (121.0, 31.34),
            (120.8, 31.37),
            (120.62, 31.38),
            (120.47, 31.45),
            (120.33, 31.6),
            (120.15, 31.7),
            (119.98, 31.78),
        ],
    ),
    (
        "expressway",
        "G2 京沪高速 无锡—江阴段（近似）",
        &[(120.33, 31.6), (120.31, 31.75), (120.27, 31.93)],
    ),
    (
        "expressway",
        "G15 沈海高速（近似）",
        &[
            (120.99, 31.78),
            (120.95, 31.65),
            (121.05, 31.52),
            (121.15, 31.42),
            (121.3, 31.3),
        ],
    ),
    (
        "national_road",
        "G312 国道（近似）",
        &[
            (121.3, 31.27),
            (121.0, 31.33),
            (120.75, 31.34),
            (120.6, 31.35),
            (120.4, 31.52),
            (120.2, 31.63),
            (119.95, 31.75),
        ],
    ),
];

/// Airports: name, lon, lat (approximate).
const AIRPORTS: &[(&str, f64, f64)] = &[
    ("苏南硕放国际机场", 120.429, 31.494),
    ("上海虹桥国际机场", 121.336, 31.198),
];

/// `teams_demo.csv`: `name,lon,lat,shift_start,shift_end,vehicles,district`, day shifts
/// 08:00–18:00 then night shifts 18:00–06:00.
pub fn demo_teams_csv() -> String {
    let mut out = String::from("name,lon,lat,shift_start,shift_end,vehicles,district\n");
    for &(d, lon, lat, vehicles, _) in DISTRICTS {
        let _ = writeln!(
            out,
            "{d}白班（演示）,{lon:.3},{lat:.3},08:00,18:00,{vehicles},{d}"
        );
    }
    for &(d, lon, lat, _, night) in DISTRICTS {
        if night {
            let _ = writeln!(out, "{d}夜班（演示）,{lon:.3},{lat:.3},18:00,06:00,1,{d}");
        }
    }
    out
}

fn point(out: &mut String, (lon, lat): (f64, f64)) {
    let _ = write!(out, "[{lon}, {lat}]");
}

/// `corridors_demo.geojson`: one feature per line, `class` and `name` properties.
pub fn demo_corridors_geojson() -> String {
    let mut features = Vec::new();
    for &(class, name, pts) in LINES {
        let mut f = format!(
            r#"{{"type": "Feature", "properties": {{"class": "{class}", "name": "{name}"}}, "geometry": {{"type": "LineString", "coordinates": ["#
        );
        for (i, &p) in pts.iter().enumerate() {
            if i > 0 {
                f.push_str(", ");
            }
            point(&mut f, p);
        }
        f.push_str("]}}");
        features.push(f);
    }
    for &(name, lon, lat) in AIRPORTS {
        let mut f = format!(
            r#"{{"type": "Feature", "properties": {{"class": "airport", "name": "{name}"}}, "geometry": {{"type": "Point", "coordinates": "#
        );
        point(&mut f, (lon, lat));
        f.push_str("}}");
        features.push(f);
    }
    collection(&features)
}

/// `jurisdiction_demo.geojson`: the demo data box as one polygon, named as such.
pub fn demo_jurisdiction_geojson() -> String {
    let (x0, y0, x1, y1) = DEMO_BOX;
    let mut f = format!(
        r#"{{"type": "Feature", "properties": {{"name": "苏州数据范围（演示：经度 {x0}–{x1}，纬度 {y0}–{y1}，不是行政边界）"}}, "geometry": {{"type": "Polygon", "coordinates": [["#
    );
    for (i, &p) in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        .iter()
        .enumerate()
    {
        if i > 0 {
            f.push_str(", ");
        }
        point(&mut f, p);
    }
    f.push_str("]]}}");
    collection(&[f])
}

fn collection(features: &[String]) -> String {
    format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n",
        features.join(",\n")
    )
}

/// The three files: (file name, contents).
pub fn demo_straw_files() -> [(&'static str, String); 3] {
    [
        ("teams_demo.csv", demo_teams_csv()),
        ("corridors_demo.geojson", demo_corridors_geojson()),
        ("jurisdiction_demo.geojson", demo_jurisdiction_geojson()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files in `data/suzhou/` are exactly what the generator writes (regenerate with
    /// `zouhang demo straw --out-dir data/suzhou` after changing the tables).
    #[test]
    fn data_files_are_generated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/suzhou");
        for (name, text) in demo_straw_files() {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap();
            assert_eq!(on_disk, text, "{name} differs from the generator");
        }
    }

    #[test]
    fn outputs_parse() {
        for (name, text) in demo_straw_files() {
            if name.ends_with(".geojson") {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert!(!v["features"].as_array().unwrap().is_empty(), "{name}");
            }
        }
        let teams = demo_teams_csv();
        assert_eq!(teams.lines().count(), 1 + DISTRICTS.len() + 4);
        assert!(teams.lines().skip(1).all(|l| l.contains("演示")));
    }
}
