//! Tests that run inside WebAssembly (Node, via wasm-bindgen-test-runner):
//! `cargo test --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;
use zouhang::crs::{gcj02_to_wgs84, wgs84_to_gcj02};
use zouhang::embedded::suzhou_layers;
use zouhang::io::{encode_gbk, read_sources};
use zouhang::plan::{surroundings, SurroundingsQuery};
use zouhang::{crs::Crs, geodesy::haversine_m, LonLat};

#[wasm_bindgen_test]
fn embedded_layers_load_in_wasm() {
    let (layers, reports) = suzhou_layers();
    assert_eq!(layers.stations.len(), 24);
    assert_eq!(layers.fires.len(), 15);
    assert!(layers.sources.len() >= 1550);
    for r in &reports {
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }
}

#[wasm_bindgen_test]
fn surroundings_in_wasm_are_sorted_and_within_radius() {
    let (layers, _) = suzhou_layers();
    let q = SurroundingsQuery {
        station: "1161A".into(),
        wind_from_deg: Some(135.0),
        ..Default::default()
    };
    let s = surroundings(&layers, &q).unwrap();
    assert!(!s.sources.is_empty());
    assert!(s
        .sources
        .windows(2)
        .all(|w| w[0].distance_m <= w[1].distance_m));
    assert!(s.sources.iter().all(|x| x.distance_m <= 3000.0));
    assert_eq!(
        s.counts.iter().map(|c| c.total).sum::<usize>(),
        s.sources.len()
    );
}

#[wasm_bindgen_test]
fn gbk_import_and_crs_round_trip_in_wasm() {
    let csv = "名称,行业,经度,纬度\n甲,涂装,120.6,31.3\n乙,汽修,abc,31.3\n";
    let r = read_sources(&encode_gbk(csv), "gbk.csv", Crs::Wgs84);
    assert_eq!(r.report.encoding, "GBK");
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.report.errors.len(), 1);
    assert_eq!(r.report.errors[0].row, Some(3));
    let p = LonLat::new(120.628, 31.2864);
    assert!(haversine_m(gcj02_to_wgs84(wgs84_to_gcj02(p)), p) < 0.01);
}

/// The road engine in wasm32: the embedded Suzhou graph, hierarchy matrix equal to plain
/// Dijkstra, the `.zhg` file round trip (32-bit ids), and the three OSM readers on the fixtures.
#[wasm_bindgen_test]
fn road_engine_in_wasm_matches_dijkstra_and_reads_every_format() {
    use zouhang::model::NodeId;
    use zouhang::roads::{
        read_network, read_osm_pbf, read_osm_xml, read_overpass_json, suzhou_network,
        write_network, Dijkstra, Metric, Place, RoadConfig,
    };
    let net = suzhou_network().unwrap();
    let g = net.graph();
    let n = g.node_count() as u32;
    assert!(n > 100);
    let places: Vec<Place> = (0..40u32)
        .map(|i| Place::Node(NodeId((i * 7919) % n)))
        .collect();
    for metric in [Metric::Time, Metric::Distance] {
        let ch = net.matrix_places(&places, &places, metric);
        let dij = Dijkstra::new(g, metric).matrix(g, &places, &places);
        assert_eq!(ch, dij, "{metric:?}");
    }
    let back = read_network(&write_network(&net)).unwrap();
    assert_eq!(back.stats(), net.stats());
    let main: Vec<u32> = (0..n).filter(|&v| net.components().in_main(v)).collect();
    let (a, b) = (main[0], main[main.len() / 2]);
    let (pa, pb) = (g.node(NodeId(a)).unwrap(), g.node(NodeId(b)).unwrap());
    let r = net
        .route(pa, pb, Metric::Time, &Default::default())
        .unwrap();
    assert!(r.distance_m >= haversine_m(pa, pb) * 0.9);
    assert!(r.geometry.len() >= 2);
    let c = RoadConfig::default();
    let dir = "tests/fixtures/roads/";
    let xml = read_osm_xml(include_bytes!("fixtures/roads/suzhou_sample.osm"), dir, &c).unwrap();
    let pbf = read_osm_pbf(
        include_bytes!("fixtures/roads/suzhou_sample.osm.pbf"),
        dir,
        &c,
    )
    .unwrap();
    let js = read_overpass_json(
        include_bytes!("fixtures/roads/overpass_suzhou_sample.json"),
        dir,
        &c,
    )
    .unwrap();
    assert!(xml.graph.edge_count() > 5);
    assert_eq!(xml.graph.edge_count(), pbf.graph.edge_count());
    assert_eq!(xml.graph.edge_count(), js.graph.edge_count());
}
