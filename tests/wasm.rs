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

#[wasm_bindgen_test]
fn plan_exports_and_nav_links_in_wasm() {
    use zouhang::demo::{demo_plan, DemoPlanSettings};
    use zouhang::io::{export_plan, read_plan, PlanFormat};
    use zouhang::nav::{plan_nav_links, NavOptions, NavProvider};
    let (layers, _) = suzhou_layers();
    let plan = demo_plan(&layers, &DemoPlanSettings::default()).unwrap();
    let text = serde_json::to_string(&serde_json::json!({ "plan": plan })).unwrap();
    let back = read_plan(text.as_bytes(), "p.json").unwrap().plan;
    assert_eq!(back.routes.len(), plan.routes.len());
    let gpx = export_plan(&back, PlanFormat::Gpx, Crs::Wgs84).text;
    let stops: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
    assert_eq!(gpx.matches("<rtept ").count(), stops);
    let links = plan_nav_links(&plan, NavProvider::Baidu, &NavOptions::default());
    assert!(links
        .iter()
        .all(|l| l.legs.iter().all(|g| g.qr_svg.is_some())));
}

/// The solver in wasm: a JSON request through the facade, checked; and a fixed-iteration run
/// whose cost must equal the brute-force optimum of a small tour.
#[wasm_bindgen_test]
fn solver_runs_in_wasm_and_finds_the_optimum_of_a_small_tour() {
    let req: zouhang::solver::api::SolveRequest = serde_json::from_str(
        r#"{"stops": [{"id": "A", "lon": 120.62, "lat": 31.31, "windows": [["20:00", "23:00"]]},
                      {"id": "B", "lon": 120.58, "lat": 31.29, "windows": [["01:00", "03:00"]]}],
            "vehicles": [{"id": "夜班", "start": {"lon": 120.60, "lat": 31.30}, "shift": ["20:00", "04:00"]}],
            "options": {"iterations": 300}}"#,
    )
    .unwrap();
    let res = zouhang::solver::api::solve_request(&req).unwrap();
    assert!(res.check.feasible, "{:?}", res.check.violations);
    assert_eq!(res.unassigned.len(), 0);

    // 7 points: the optimum by brute force over the 720 tours from node 1
    let pts = [
        (0.0, 0.0),
        (40.0, 10.0),
        (35.0, 55.0),
        (-20.0, 60.0),
        (-45.0, 15.0),
        (10.0, -30.0),
        (60.0, -20.0),
    ];
    let mut text = String::from(
        "NAME : seven\nTYPE : TSP\nDIMENSION : 7\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n",
    );
    for (i, (x, y)) in pts.iter().enumerate() {
        text.push_str(&format!("{} {x} {y}\n", i + 1));
    }
    text.push_str("EOF\n");
    let d = |a: usize, b: usize| {
        let (p, q): ((f64, f64), (f64, f64)) = (pts[a], pts[b]);
        ((p.0 - q.0).hypot(p.1 - q.1) + 0.5).floor()
    };
    let mut best = f64::INFINITY;
    let mut perm: Vec<usize> = (1..7).collect();
    // all permutations by repeated next_permutation
    loop {
        let mut c = d(0, perm[0]) + d(perm[5], 0);
        for w in perm.windows(2) {
            c += d(w[0], w[1]);
        }
        best = best.min(c);
        let Some(i) = (0..5).rev().find(|&i| perm[i] < perm[i + 1]) else {
            break;
        };
        let j = (i + 1..6).rev().find(|&j| perm[j] > perm[i]).unwrap();
        perm.swap(i, j);
        perm[i + 1..].reverse();
    }
    let run = zouhang::solver::bench::fixed_iterations(&text, "tsplib", 2000, 1).unwrap();
    assert!(run.feasible);
    assert_eq!(run.cost, best);
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
