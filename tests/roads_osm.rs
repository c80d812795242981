//! The three OSM readers on hand-made fixtures (`tests/fixtures/roads/`, see
//! `make_fixtures.py`): the same data as OSM XML, Overpass JSON and a PBF written by osmium
//! must give the same graph, with classes, one-way rules, refs, railways and aerodromes.

mod common;

use zouhang::roads::{
    check_overpass_size, overpass_query, read_osm_pbf, read_osm_xml, read_overpass_json,
    read_road_file, CorridorKind, Metric, OverpassLimits, RoadClass, RoadConfig, RoadImport,
    RoadImportError, RoadNetwork, SnapOptions,
};
use zouhang::LonLat;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::repo_path(&format!("tests/fixtures/roads/{name}"))).unwrap()
}

fn all_three() -> Vec<RoadImport> {
    let c = RoadConfig::default();
    vec![
        read_osm_xml(&fixture("suzhou_sample.osm"), "suzhou_sample.osm", &c).unwrap(),
        read_overpass_json(&fixture("overpass_suzhou_sample.json"), "overpass.json", &c).unwrap(),
        read_osm_pbf(
            &fixture("suzhou_sample.osm.pbf"),
            "suzhou_sample.osm.pbf",
            &c,
        )
        .unwrap(),
    ]
}

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat)
}

#[test]
fn xml_overpass_and_pbf_give_the_same_graph() {
    let r = all_three();
    assert_eq!(r[0].report.format, "OSM XML");
    assert_eq!(r[1].report.format, "Overpass JSON");
    assert_eq!(r[2].report.format, "OSM PBF");
    assert!(r[0].graph == r[1].graph, "XML and Overpass JSON differ");
    assert!(r[0].graph == r[2].graph, "XML and PBF differ");
    // format detection picks the same readers
    for (name, want) in [
        ("suzhou_sample.osm", "OSM XML"),
        ("overpass_suzhou_sample.json", "Overpass JSON"),
        ("suzhou_sample.osm.pbf", "OSM PBF"),
    ] {
        let got = read_road_file(&fixture(name), name, &RoadConfig::default()).unwrap();
        assert_eq!(got.report.format, want);
    }
}

#[test]
fn classes_oneways_speeds_and_names() {
    let imp = &all_three()[0];
    let g = &imp.graph;
    let codes: Vec<&str> = imp.report.issues.iter().map(|i| i.code.as_str()).collect();
    assert!(codes.contains(&"W_OSM_REVERSIBLE"), "{codes:?}");
    assert!(codes.contains(&"W_OSM_NODE_MISSING"), "{codes:?}");
    let classes: std::collections::BTreeSet<RoadClass> =
        g.edges().iter().map(|e| e.class).collect();
    for c in [
        RoadClass::Motorway,
        RoadClass::MotorwayLink,
        RoadClass::Trunk,
        RoadClass::Primary,
        RoadClass::Secondary,
        RoadClass::Residential,
        RoadClass::Service,
    ] {
        assert!(classes.contains(&c), "{c:?} missing");
    }
    // footway and track (off by default) and the reversible tertiary are not roads
    assert!(!classes.contains(&RoadClass::Track) && !classes.contains(&RoadClass::Tertiary));
    let named = |n: &str| {
        (0..g.edge_count() as u32)
            .filter(|&i| g.edge_name(i) == Some(n))
            .map(|i| &g.edges()[i as usize])
            .collect::<Vec<_>>()
    };
    let pos = |id: zouhang::model::NodeId| g.node(id).unwrap();
    // oneway=-1: drivable 12 → 20 → 2 only, stored turned round
    let s = named("十梓街");
    assert_eq!(s.len(), 1);
    assert!(s[0].oneway);
    assert_eq!(pos(s[0].from), at(120.610, 31.305));
    assert_eq!(pos(s[0].to), at(120.605, 31.300));
    assert_eq!(s[0].shape_len, 1);
    // motorway without oneway tag: implied; roundabout: implied; trunk: two-way
    assert!(named("京沪高速").iter().all(|e| e.oneway));
    let round = named("东环转盘");
    assert!(!round.is_empty() && round.iter().all(|e| e.oneway));
    let trunk = named("312国道");
    assert_eq!(trunk.len(), 4, "split at the junctions 2, 3, 4");
    assert!(trunk
        .iter()
        .all(|e| !e.oneway && e.class == RoadClass::Trunk));
    // maxspeed=60 → 48 km/h
    for e in &trunk {
        let v_kmh = f64::from(e.length_dm) / f64::from(e.duration_ds) * 3.6;
        assert!((v_kmh - 48.0).abs() < 0.5, "{v_kmh}");
    }
    // unnamed motorway link falls back to nothing; way 114 joined across its missing node
    assert_eq!(named("缺点路").len(), 1);
}

#[test]
fn corridor_layers_from_tags() {
    let g = &all_three()[2].graph;
    let count = |k: CorridorKind| g.corridors().iter().filter(|f| f.is(k)).count();
    assert_eq!(count(CorridorKind::Expressway), 2);
    assert_eq!(count(CorridorKind::Trunk), 1);
    assert_eq!(count(CorridorKind::NationalRoad), 1);
    assert_eq!(count(CorridorKind::ProvincialRoad), 1);
    assert_eq!(count(CorridorKind::Railway), 2);
    assert_eq!(count(CorridorKind::HighSpeedRailway), 1);
    assert_eq!(count(CorridorKind::Aerodrome), 2);
    let hsr = g
        .corridors()
        .iter()
        .find(|f| f.is(CorridorKind::HighSpeedRailway))
        .unwrap();
    assert_eq!(hsr.name, "京沪高速铁路");
    let net = RoadNetwork::new(g.clone());
    let hits = &net.corridor_distances(&[at(120.635, 31.335), at(120.610, 31.2825)], 20_000.0);
    let d = |i: usize, k: CorridorKind| hits[i].iter().find(|h| h.kind == k).map(|h| h.distance_m);
    assert_eq!(
        d(0, CorridorKind::Aerodrome),
        Some(0.0),
        "inside the airport outline"
    );
    // the second point lies on the straight high-speed line between (120.58, 31.28) and (120.64, 31.285)
    assert!(d(1, CorridorKind::HighSpeedRailway).unwrap() < 5.0);
    assert!(d(1, CorridorKind::Railway).unwrap() < 5.0);
    let g312 = d(1, CorridorKind::NationalRoad).unwrap();
    assert!((g312 - 1945.0).abs() < 10.0, "{g312}"); // 0.0175° of latitude
}

#[test]
fn routes_respect_one_way_streets() {
    let g = all_three()[1].graph.clone();
    let net = RoadNetwork::new(g);
    let opts = SnapOptions {
        max_distance_m: 200.0,
        main_component_only: false,
    };
    let a = at(120.6051, 31.3040); // on 十梓街, between 20 and 2
    let near2 = at(120.6052, 31.3001);
    let with = net.route(a, near2, Metric::Distance, &opts).unwrap();
    let against = net.route(near2, a, Metric::Distance, &opts).unwrap();
    // with the one-way: straight down, about 445 m; against: round by 3, 12 and 20
    assert!(with.distance_m < 500.0, "{}", with.distance_m);
    assert!(against.distance_m > 1500.0, "{}", against.distance_m);
    let r = net.route(a, near2, Metric::Time, &opts).unwrap();
    assert!(r.geometry.len() >= 2);
    let first = r.geometry[0];
    assert!(
        (first[0] - 120.605).abs() < 0.0001 && (first[1] - 31.304).abs() < 0.0001,
        "{first:?}"
    );
}

#[test]
fn overpass_query_size_guard_and_bad_answers() {
    let l = OverpassLimits::default();
    let q = overpass_query([31.28, 120.55, 31.35, 120.65], &RoadConfig::default(), &l).unwrap();
    assert!(q.contains("railway") && q.contains("aerodrome") && q.contains("(._;>;);"));
    assert!(!q.contains("track"));
    assert!(overpass_query([31.0, 120.0, 32.0, 121.0], &RoadConfig::default(), &l).is_err());
    assert!(overpass_query([31.3, 120.6, 31.2, 120.7], &RoadConfig::default(), &l).is_err());
    assert!(check_overpass_size(l.max_bytes + 1, "x.json", &l).is_err());
    assert!(check_overpass_size(1000, "x.json", &l).is_ok());
    let c = RoadConfig::default();
    let e = read_overpass_json(
        br#"{"elements": [], "remark": "runtime error: Query timed out"}"#,
        "o.json",
        &c,
    );
    assert!(
        matches!(&e, Err(RoadImportError::Syntax { message, .. }) if message.contains("timed out")),
        "{e:?}"
    );
    let e = read_overpass_json(b"{\"elements\": [", "o.json", &c);
    assert!(matches!(e, Err(RoadImportError::Syntax { .. })));
    let e = read_osm_xml(b"<html><body>502 Bad Gateway</body></html>", "o.osm", &c);
    assert!(matches!(
        e,
        Err(RoadImportError::Syntax { .. } | RoadImportError::NoRoads { .. })
    ));
}
