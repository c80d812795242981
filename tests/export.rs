//! Plan exports read back by independent readers from crates.io (the `gpx` and `kml` crates),
//! element by element against the plan; GeoJSON against an RFC 7946 checker written here; CSV,
//! CRS conversion, the plan reader (including seeded mutations: no panic, located issues), and
//! the `zouhang export` command.

mod common;
mod export_support;

use export_support::{label, seeded_plan};
use serde_json::Value;
use zouhang::crs::{wgs84_to_gcj02, Crs};
use zouhang::io::{export_plan, read_plan, route_line, PlanFormat, PlanReadError};
use zouhang::model::PlanDocument;
use zouhang::LonLat;

const TOL: f64 = 1e-6;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL
}

fn plans() -> Vec<PlanDocument> {
    (0..6)
        .map(|seed| seeded_plan(seed, 1 + (seed as usize % 3), 3 + seed as usize * 7))
        .collect()
}

fn check_gpx(doc: &PlanDocument, crs: Crs) {
    let f = export_plan(doc, PlanFormat::Gpx, crs);
    let g = gpx::read(f.text.as_bytes()).unwrap_or_else(|e| panic!("gpx crate: {e}\n{}", f.text));
    assert_eq!(g.version, gpx::GpxVersion::Gpx11);
    assert_eq!(g.routes.len(), doc.routes.len(), "one <rte> per route");
    let total: usize = doc.routes.iter().map(|r| r.stops.len()).sum();
    assert_eq!(g.waypoints.len(), total, "one <wpt> per stop");
    let mut wpts = g.waypoints.iter();
    for (r, rte) in doc.routes.iter().zip(&g.routes) {
        assert_eq!(rte.name.as_deref(), Some(r.name.as_str()));
        assert_eq!(rte.points.len(), r.stops.len(), "route {}", r.id);
        for (i, (s, p)) in r.stops.iter().zip(&rte.points).enumerate() {
            let w = wpts.next().unwrap();
            let want = crs.from_wgs84(s.location);
            for q in [p, w] {
                assert_eq!(q.name.as_deref(), Some(label(i + 1, s).as_str()));
                assert!(
                    close(q.point().x(), want.lon) && close(q.point().y(), want.lat),
                    "stop {} of {}: {:?} vs {:?}",
                    i + 1,
                    r.id,
                    q.point(),
                    want
                );
                assert_eq!(q.comment.as_deref(), Some(s.id.as_str()));
                // a time when the stop has an arrival (the route has a date)
                assert_eq!(
                    q.time.is_some(),
                    s.arrival.is_some(),
                    "time of stop {}",
                    i + 1
                );
            }
        }
    }
    let along: Vec<_> = doc.routes.iter().filter(|r| r.along_roads).collect();
    assert_eq!(
        g.tracks.len(),
        along.len(),
        "one <trk> per route along roads"
    );
    for (r, t) in along.iter().zip(&g.tracks) {
        let pts: Vec<_> = t.segments.iter().flat_map(|s| &s.points).collect();
        assert_eq!(pts.len(), r.geometry.len());
        for (a, b) in pts.iter().zip(&r.geometry) {
            let want = crs.from_wgs84(*b);
            assert!(close(a.point().x(), want.lon) && close(a.point().y(), want.lat));
        }
    }
}

#[test]
fn gpx_reads_back_with_the_gpx_crate() {
    for doc in plans() {
        for crs in [Crs::Wgs84, Crs::Gcj02, Crs::Bd09] {
            check_gpx(&doc, crs);
        }
    }
}

fn kml_placemarks(k: &kml::Kml, folder: &mut Vec<Vec<kml::types::Placemark>>) {
    match k {
        kml::Kml::KmlDocument(d) => d.elements.iter().for_each(|e| kml_placemarks(e, folder)),
        kml::Kml::Document { elements, .. } => {
            elements.iter().for_each(|e| kml_placemarks(e, folder))
        }
        kml::Kml::Folder(f) => {
            folder.push(Vec::new());
            f.elements.iter().for_each(|e| kml_placemarks(e, folder));
        }
        kml::Kml::Placemark(p) => {
            if let Some(last) = folder.last_mut() {
                last.push(p.clone());
            }
        }
        _ => {}
    }
}

#[test]
fn kml_reads_back_with_the_kml_crate() {
    for doc in plans() {
        for crs in [Crs::Wgs84, Crs::Gcj02] {
            let f = export_plan(&doc, PlanFormat::Kml, crs);
            let k: kml::Kml = f
                .text
                .parse()
                .unwrap_or_else(|e| panic!("kml crate: {e:?}"));
            let mut folders = Vec::new();
            kml_placemarks(&k, &mut folders);
            assert_eq!(folders.len(), doc.routes.len(), "one Folder per route");
            for (r, marks) in doc.routes.iter().zip(&folders) {
                let (lines, points): (Vec<_>, Vec<_>) = marks
                    .iter()
                    .partition(|p| matches!(p.geometry, Some(kml::types::Geometry::LineString(_))));
                assert_eq!(lines.len(), 1, "one LineString per route");
                let Some(kml::types::Geometry::LineString(ls)) = &lines[0].geometry else {
                    unreachable!()
                };
                let line = route_line(r);
                assert_eq!(ls.coords.len(), line.len(), "line vertex count");
                for (c, p) in ls.coords.iter().zip(&line) {
                    let want = crs.from_wgs84(*p);
                    assert!(close(c.x, want.lon) && close(c.y, want.lat));
                }
                assert_eq!(points.len(), r.stops.len());
                for (i, (pm, s)) in points.iter().zip(&r.stops).enumerate() {
                    assert_eq!(pm.name.as_deref(), Some(label(i + 1, s).as_str()));
                    let Some(kml::types::Geometry::Point(pt)) = &pm.geometry else {
                        panic!("no Point")
                    };
                    let want = crs.from_wgs84(s.location);
                    assert!(close(pt.coord.x, want.lon) && close(pt.coord.y, want.lat));
                    let style = pm.style_url.as_deref().unwrap_or("");
                    assert_eq!(style == "#depot", s.kind == "depot");
                }
            }
            assert_eq!(f.warnings.is_empty(), crs == Crs::Wgs84);
        }
    }
}

/// RFC 7946 rules, checked on the parsed text: returns every violation.
fn rfc7946_violations(text: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    if v.get("type") != Some(&Value::from("FeatureCollection")) {
        bad.push("top-level type is not FeatureCollection".into());
    }
    if v.get("crs").is_some() {
        bad.push("crs member (removed in RFC 7946)".into());
    }
    let Some(features) = v.get("features").and_then(Value::as_array) else {
        bad.push("no features array".into());
        return bad;
    };
    fn position(p: &Value, bad: &mut Vec<String>) {
        let Some(a) = p.as_array() else {
            return bad.push(format!("position {p} not an array"));
        };
        if a.len() < 2 || a.len() > 3 {
            bad.push(format!("position {p} has {} members", a.len()));
        }
        let (lon, lat) = (
            a.first().and_then(Value::as_f64),
            a.get(1).and_then(Value::as_f64),
        );
        match (lon, lat) {
            (Some(lon), Some(lat)) => {
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    bad.push(format!("position {p} out of range (is it [lon, lat]?)"));
                }
            }
            _ => bad.push(format!("position {p} not numbers")),
        }
        for n in a {
            let s = n.to_string();
            if let Some((_, dec)) = s.split_once('.') {
                let digits = dec.split(['e', 'E']).next().unwrap_or("");
                if digits.len() > 7 || s.contains(['e', 'E']) {
                    bad.push(format!("{s}: more than 7 decimals"));
                }
            }
        }
    }
    for f in features {
        if f.get("type") != Some(&Value::from("Feature")) {
            bad.push("feature type is not Feature".into());
        }
        if f.get("crs").is_some() {
            bad.push("crs member in a feature".into());
        }
        if !f
            .get("properties")
            .is_some_and(|p| p.is_object() || p.is_null())
        {
            bad.push("properties missing".into());
        }
        let g = &f["geometry"];
        let coords = &g["coordinates"];
        match g["type"].as_str() {
            Some("Point") => position(coords, &mut bad),
            Some("LineString") => {
                let a = coords.as_array().cloned().unwrap_or_default();
                if a.len() < 2 {
                    bad.push("LineString with fewer than 2 positions".into());
                }
                a.iter().for_each(|p| position(p, &mut bad));
            }
            Some("Polygon") => {
                for (k, ring) in coords
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let r = ring.as_array().cloned().unwrap_or_default();
                    r.iter().for_each(|p| position(p, &mut bad));
                    if r.len() < 4 || r.first() != r.last() {
                        bad.push("ring not closed or too short".into());
                    }
                    let area2: f64 = r
                        .windows(2)
                        .map(|w| {
                            let (a, b) = (&w[0], &w[1]);
                            a[0].as_f64().unwrap_or(0.0) * b[1].as_f64().unwrap_or(0.0)
                                - b[0].as_f64().unwrap_or(0.0) * a[1].as_f64().unwrap_or(0.0)
                        })
                        .sum();
                    if (k == 0) != (area2 > 0.0) {
                        bad.push("ring winding breaks the right-hand rule".into());
                    }
                }
            }
            other => bad.push(format!("unexpected geometry type {other:?}")),
        }
    }
    bad
}

#[test]
fn geojson_follows_rfc_7946_and_matches_the_plan() {
    for doc in plans() {
        for crs in [Crs::Wgs84, Crs::Bd09] {
            let f = export_plan(&doc, PlanFormat::Geojson, crs);
            assert_eq!(rfc7946_violations(&f.text), Vec::<String>::new());
            let v: Value = serde_json::from_str(&f.text).unwrap();
            assert_eq!(v["zouhang"]["coordinate_system"], crs.name());
            let feats = v["features"].as_array().unwrap();
            let lines: Vec<_> = feats
                .iter()
                .filter(|f| f["geometry"]["type"] == "LineString")
                .collect();
            let points: Vec<_> = feats
                .iter()
                .filter(|f| f["geometry"]["type"] == "Point")
                .collect();
            assert_eq!(lines.len(), doc.routes.len());
            let mut it = points.iter();
            for (r, l) in doc.routes.iter().zip(&lines) {
                assert_eq!(
                    l["geometry"]["coordinates"].as_array().unwrap().len(),
                    route_line(r).len()
                );
                assert_eq!(l["properties"]["name"], r.name.as_str());
                for (i, s) in r.stops.iter().enumerate() {
                    let p = it.next().unwrap();
                    assert_eq!(p["properties"]["seq"], i + 1);
                    assert_eq!(p["properties"]["name"], s.name.as_str());
                    let want = crs.from_wgs84(s.location);
                    let c = &p["geometry"]["coordinates"];
                    assert!((c[0].as_f64().unwrap() - want.lon).abs() <= 5.1e-8);
                    assert!((c[1].as_f64().unwrap() - want.lat).abs() <= 5.1e-8);
                }
            }
        }
    }
    // the checker itself catches the classic mistakes
    let wrong = r#"{"type":"FeatureCollection","crs":{},"features":[{"type":"Feature","properties":{},
        "geometry":{"type":"Point","coordinates":[31.3,120.61234567]}}]}"#;
    assert_eq!(rfc7946_violations(wrong).len(), 3);
}

#[test]
fn csv_lists_every_stop_in_order_with_converted_coordinates() {
    let doc = seeded_plan(7, 2, 9);
    let text = export_plan(&doc, PlanFormat::Csv, Crs::Gcj02).text;
    assert!(text.starts_with('\u{feff}'));
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rd.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        zouhang::io::STOP_CSV_HEADERS.to_vec()
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    let stops: Vec<_> = doc
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().map(move |s| (r, s)))
        .collect();
    assert_eq!(rows.len(), stops.len());
    for (row, (r, s)) in rows.iter().zip(&stops) {
        assert_eq!(&row[0], r.id.as_str());
        assert_eq!(&row[6], s.name.as_str());
        let want = wgs84_to_gcj02(s.location);
        assert!(
            close(row[8].parse().unwrap(), want.lon) && close(row[9].parse().unwrap(), want.lat)
        );
        assert_eq!(&row[10], "gcj02");
        assert_eq!(&row[11], s.arrival.as_deref().unwrap_or(""));
    }
}

#[test]
fn route_sheet_lists_every_stop_and_escapes_names() {
    let doc = seeded_plan(3, 2, 5);
    let html = export_plan(&doc, PlanFormat::Sheet, Crs::Wgs84).text;
    assert!(html.contains("@page") && html.contains("size: A4"));
    assert_eq!(html.matches("<section class=\"sheet\">").count(), 2);
    assert_eq!(html.matches("<tr><td class=\"num\">").count(), 14);
    assert!(
        !html.contains("<甲>") && !html.contains("<b>上风向"),
        "user text escaped"
    );
    assert!(html.contains("&lt;甲&gt;") || html.contains("&lt;b&gt;"));
}

#[test]
fn plan_reader_accepts_bare_and_wrapped_documents_and_explains_errors() {
    let doc = seeded_plan(11, 2, 4);
    let bare = serde_json::to_string(&doc).unwrap();
    let wrapped = serde_json::json!({"routes_found": 2, "unassigned": [], "plan": doc}).to_string();
    // (serde_json parses floats to within one ulp, so compare with a document parsed the same way)
    let parsed: PlanDocument = serde_json::from_str(&bare).unwrap();
    assert_eq!(read_plan(bare.as_bytes(), "a").unwrap().plan, parsed);
    assert_eq!(
        read_plan(format!("\u{feff}{wrapped}").as_bytes(), "b")
            .unwrap()
            .plan,
        parsed
    );

    let err = |s: &str| read_plan(s.as_bytes(), "f.json").unwrap_err();
    assert!(matches!(
        err("not json"),
        PlanReadError::NotJson { line: 1, .. }
    ));
    assert!(matches!(err("[1,2]"), PlanReadError::NotAPlan { .. }));
    assert!(matches!(
        err(r#"{"format":"zouhang-workspace","version":1}"#),
        PlanReadError::WrongFormat { .. }
    ));
    let newer = err(r#"{"format":"zouhang-plan","version":2}"#);
    assert!(newer.to_string().contains("更新版本"), "{newer}");
    assert_eq!(newer.issues()[0].code, "E_PLAN_VERSION_NEWER");
    assert_eq!(
        err(r#"{"format":"zouhang-plan","version":0}"#).issues()[0].code,
        "E_PLAN_VERSION_OLD"
    );
    // a missing field is located by line and named
    let missing = bare.replacen("\"team\":", "\"teem\":", 1);
    let e = read_plan(missing.as_bytes(), "m.json").unwrap_err();
    let i = &e.issues()[0];
    assert_eq!(
        (i.code.as_str(), i.field.as_deref()),
        ("E_PLAN_FIELD", Some("team")),
        "{e}"
    );
    // content errors are all reported at once, located by route and stop
    let mut bad = doc.clone();
    bad.routes[0].stops[1].location = LonLat::new(f64::NAN, 31.0);
    bad.routes[1].stops[2].location = LonLat::new(121.0, 95.0);
    bad.routes[1].geometry = vec![LonLat::new(500.0, 0.0)];
    let issues = zouhang::io::validate_plan(&bad);
    let codes: Vec<_> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.row, i.field.as_deref()))
        .collect();
    assert!(
        codes.contains(&("E_PLAN_COORD", Some(1), Some("routes[1].stops[2].location"))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("E_PLAN_COORD", Some(2), Some("routes[2].stops[3].location"))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("W_PLAN_GEOMETRY", Some(2), Some("routes[2].geometry"))),
        "{codes:?}"
    );
    let empty = PlanDocument::new("routes", "空");
    assert_eq!(
        zouhang::io::validate_plan(&empty)[0].code,
        "E_PLAN_NO_ROUTES"
    );
    // writers never panic on invalid content and skip invalid positions
    for f in PlanFormat::ALL {
        let out = export_plan(&bad, f, Crs::Gcj02);
        assert!(!out.text.contains("NaN"));
    }
}

#[test]
fn plan_reader_survives_seeded_mutations() {
    let seeds: Vec<Vec<u8>> = (0..4)
        .map(|s| {
            let d = seeded_plan(s, 1 + s as usize % 2, 3);
            if s % 2 == 0 {
                serde_json::to_vec_pretty(&d).unwrap()
            } else {
                serde_json::to_vec(&serde_json::json!({"plan": d})).unwrap()
            }
        })
        .collect();
    let mut m = common::Mutator::new(20260603, seeds);
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..3000 {
        let input = m.next_input();
        match read_plan(&input, "mut.json") {
            Ok(p) => {
                ok += 1;
                for f in PlanFormat::ALL {
                    let _ = export_plan(&p.plan, f, Crs::Bd09);
                }
            }
            Err(e) => {
                failed += 1;
                let issues = e.issues();
                assert!(!issues.is_empty(), "{e}");
                for i in issues {
                    assert!(!i.code.is_empty() && !i.message.is_empty() && !i.action.is_empty());
                }
            }
        }
    }
    assert!(ok > 20 && failed > 500, "ok {ok}, failed {failed}");
}

#[test]
fn export_command_writes_files_and_exits_2_on_a_bad_plan() {
    let dir = std::env::temp_dir().join(format!("zouhang-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = seeded_plan(5, 2, 6);
    let plan = dir.join("plan.json");
    std::fs::write(&plan, serde_json::json!({"plan": doc}).to_string()).unwrap();
    let exe = env!("CARGO_BIN_EXE_zouhang");
    for (fmt, crs) in [
        ("gpx", "wgs84"),
        ("geojson", "wgs84"),
        ("kml", "gcj02"),
        ("csv", "bd09"),
        ("sheet", "wgs84"),
    ] {
        let out = dir.join(format!("out.{fmt}"));
        let st = std::process::Command::new(exe)
            .args(["export", "--plan"])
            .arg(&plan)
            .args(["--format", fmt, "--crs", crs, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{fmt}: {}",
            String::from_utf8_lossy(&st.stderr)
        );
        let text = std::fs::read_to_string(&out).unwrap();
        let crs: Crs = crs.parse().unwrap();
        assert_eq!(
            text,
            export_plan(&doc, fmt.parse().unwrap(), crs).text,
            "{fmt}"
        );
        if fmt == "kml" {
            assert!(String::from_utf8_lossy(&st.stderr).contains("W_EXPORT_CRS"));
        }
    }
    let nav = std::process::Command::new(exe)
        .args(["export", "--plan"])
        .arg(&plan)
        .args(["--nav", "baidu", "--json"])
        .output()
        .unwrap();
    assert!(nav.status.success());
    let links: Value = serde_json::from_slice(&nav.stdout).unwrap();
    assert_eq!(links.as_array().unwrap().len(), 2);
    std::fs::write(
        dir.join("bad.json"),
        r#"{"format":"zouhang-plan","version":9}"#,
    )
    .unwrap();
    let st = std::process::Command::new(exe)
        .args(["export", "--plan"])
        .arg(dir.join("bad.json"))
        .args(["--format", "gpx"])
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&st.stderr).contains("E_PLAN_VERSION_NEWER"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The committed fixture `tests/fixtures/plan_seeded.json` (read by the independent readers in
/// `tests/readers/`) is the seeded generator's output; `UPDATE_FIXTURES=1` rewrites it.
#[test]
fn committed_plan_fixture_matches_the_seeded_generator() {
    let doc = seeded_plan(2026, 3, 20);
    let text =
        serde_json::to_string_pretty(&serde_json::json!({"command": "fixture", "plan": doc}))
            .unwrap()
            + "\n";
    let path = common::repo_path("tests/fixtures/plan_seeded.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed =
        std::fs::read_to_string(&path).expect("run with UPDATE_FIXTURES=1 to create it");
    assert_eq!(
        committed, text,
        "the fixture is stale: run with UPDATE_FIXTURES=1"
    );
    assert!(read_plan(committed.as_bytes(), "plan_seeded.json").is_ok());
}
