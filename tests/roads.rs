//! Road engine against oracles: the contraction hierarchy (one-to-one and bucket many-to-many)
//! must give exactly the weights of plain Dijkstra, and plain Dijkstra those of Floyd–Warshall,
//! on seeded random graphs (directed, one-ways, disconnected parts, parallel edges, loops,
//! zero lengths) and on the embedded Suzhou graph; found paths must add up to their weights.

mod common;
mod roads_support;

use roads_support::{floyd_warshall, random_instance, random_places, Rng};
use zouhang::model::NodeId;
use zouhang::roads::{
    suzhou_network, Dijkstra, Metric, Place, RawPath, RoadGraph, RoadNetwork, Weight, UNREACHABLE,
};

fn part(v: u32, f: f64) -> u64 {
    ((f64::from(v) * f.clamp(0.0, 1.0)).round() as u64).min(u64::from(v))
}

/// Recomputes a path's weight from its edges and end offsets; `None` if the path is not a
/// connected walk from `from` to `to`.
fn walk_weight(g: &RoadGraph, m: Metric, from: &Place, to: &Place, p: &RawPath) -> Option<Weight> {
    let w = |d: u64, l: u64| m.weight(d as u32, l as u32);
    let e = |i: u32| g.edges().get(i as usize);
    let Some(first) = p.first else {
        return match (*from, *to) {
            (Place::Node(a), Place::Node(b)) if a == b => Some(0),
            (
                Place::OnEdge {
                    edge: a,
                    fraction: fa,
                },
                Place::OnEdge {
                    edge: b,
                    fraction: fb,
                },
            ) if a == b => {
                let ed = e(a)?;
                let (da, la) = (part(ed.duration_ds, fa), part(ed.length_dm, fa));
                let (db, lb) = (part(ed.duration_ds, fb), part(ed.length_dm, fb));
                if fb >= fa {
                    Some(w(db - da, lb - la))
                } else if !ed.oneway {
                    Some(w(da - db, la - lb))
                } else {
                    None
                }
            }
            _ => None,
        };
    };
    // start offsets possible at `first`
    let starts: Vec<Weight> = match *from {
        Place::Node(n) => (n.0 == first).then_some(0).into_iter().collect(),
        Place::OnEdge { edge, fraction } => {
            let ed = e(edge)?;
            let (d, l) = (part(ed.duration_ds, fraction), part(ed.length_dm, fraction));
            let mut s = Vec::new();
            if ed.to.0 == first {
                s.push(w(
                    u64::from(ed.duration_ds) - d,
                    u64::from(ed.length_dm) - l,
                ));
            }
            if ed.from.0 == first && !ed.oneway {
                s.push(w(d, l));
            }
            s
        }
    };
    let mut at = first;
    let mut sum: Weight = 0;
    for s in &p.steps {
        let ed = e(s.edge)?;
        let (a, b) = if s.reverse {
            (ed.to.0, ed.from.0)
        } else {
            (ed.from.0, ed.to.0)
        };
        if a != at || (s.reverse && ed.oneway) {
            return None;
        }
        sum += w(u64::from(ed.duration_ds), u64::from(ed.length_dm));
        at = b;
    }
    if Some(at) != p.last {
        return None;
    }
    let ends: Vec<Weight> = match *to {
        Place::Node(n) => (n.0 == at).then_some(0).into_iter().collect(),
        Place::OnEdge { edge, fraction } => {
            let ed = e(edge)?;
            let (d, l) = (part(ed.duration_ds, fraction), part(ed.length_dm, fraction));
            let mut s = Vec::new();
            if ed.from.0 == at {
                s.push(w(d, l));
            }
            if ed.to.0 == at && !ed.oneway {
                s.push(w(
                    u64::from(ed.duration_ds) - d,
                    u64::from(ed.length_dm) - l,
                ));
            }
            s
        }
    };
    let candidates: Vec<Weight> = starts
        .iter()
        .flat_map(|s| ends.iter().map(move |t| s + sum + t))
        .collect();
    candidates.into_iter().find(|c| *c == p.weight)
}

fn check_network(net: &RoadNetwork, places: &[Place], what: &str) {
    let g = net.graph();
    let mut router = net.router();
    for m in Metric::ALL {
        let mut dij = Dijkstra::new(g, m);
        let want = dij.matrix(g, places, places);
        let got = net.matrix_places(places, places, m);
        let k = places.len();
        for i in 0..k {
            for j in 0..k {
                let (w, c) = (want[i * k + j], got[i * k + j]);
                assert_eq!(
                    c, w,
                    "{what} {m:?}: many-to-many {:?} -> {:?}: CH {c} vs Dijkstra {w}",
                    places[i], places[j]
                );
                let one = router.path(&places[i], &places[j], m);
                let d1 = dij.route(g, &places[i], &places[j]);
                assert_eq!(
                    one.as_ref().map_or(UNREACHABLE, |p| p.weight),
                    w,
                    "{what} {m:?}: one-to-one {:?} -> {:?}",
                    places[i],
                    places[j]
                );
                assert_eq!(
                    d1.as_ref().map_or(UNREACHABLE, |p| p.weight),
                    w,
                    "{what}: Dijkstra route vs matrix"
                );
                for (name, p) in [("CH", &one), ("Dijkstra", &d1)] {
                    if let Some(p) = p {
                        assert_eq!(
                            walk_weight(g, m, &places[i], &places[j], p),
                            Some(p.weight),
                            "{what} {m:?}: {name} path {:?} -> {:?} does not add up: {p:?}",
                            places[i],
                            places[j]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn ch_equals_dijkstra_on_100_random_graphs() {
    for seed in 0..100u64 {
        let inst = random_instance(seed, 60);
        let g = inst.graph();
        if g.node_count() == 0 {
            continue;
        }
        let net = RoadNetwork::new(g.clone());
        let mut r = Rng::new(seed ^ 0xabc);
        let places = random_places(&g, &mut r, 25);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_network(&net, &places, &format!("seed {seed}"))
        }));
        if let Err(e) = result {
            eprintln!("failing instance:\n{}\nplaces {places:?}", inst.describe());
            std::panic::resume_unwind(e);
        }
    }
}

#[test]
fn dijkstra_equals_floyd_warshall_on_small_graphs() {
    for seed in 1000..1100u64 {
        let inst = random_instance(seed, 30);
        let g = inst.graph();
        let n = g.node_count();
        for m in Metric::ALL {
            let fw = floyd_warshall(&g, m);
            let mut dij = Dijkstra::new(&g, m);
            assert_eq!(fw.len(), n);
            for (s, row) in fw.iter().enumerate() {
                let d = dij.distances_from(NodeId(s as u32));
                assert_eq!(&d, row, "seed {seed} {m:?} from {s}\n{}", inst.describe());
            }
        }
    }
}

#[test]
fn ch_equals_dijkstra_on_the_embedded_suzhou_graph() {
    let net = suzhou_network().unwrap();
    let g = net.graph();
    assert!(g.node_count() > 5000 && g.edge_count() > 8000);
    let mut r = Rng::new(2024);
    // 300 random pairs one-to-one, and a 40 × 40 matrix, both metrics
    let places = random_places(g, &mut r, 40);
    check_network(&net, &places, "suzhou");
    let mut router = net.router();
    for m in Metric::ALL {
        let mut dij = Dijkstra::new(g, m);
        for _ in 0..300 {
            let p = random_places(g, &mut r, 2);
            let a = router.path(&p[0], &p[1], m).map(|x| x.weight);
            let b = dij.route(g, &p[0], &p[1]).map(|x| x.weight);
            assert_eq!(a, b, "{m:?} {:?} -> {:?}", p[0], p[1]);
        }
    }
}

#[test]
fn ch_equals_dijkstra_on_the_jiangsu_box_graph() {
    let (Some(nodes), Some(edges)) = (
        common::shared_file("data/roads/routrs_highways_jiangsu_box_116-122E_30-35.2N_nodes.csv"),
        common::shared_file("data/roads/routrs_highways_jiangsu_box_116-122E_30-35.2N_edges.csv"),
    ) else {
        return;
    };
    let imp = zouhang::roads::read_csv_graph(
        &std::fs::read(nodes).unwrap(),
        "nodes",
        &std::fs::read(edges).unwrap(),
        "edges",
        &Default::default(),
    )
    .unwrap();
    assert!(imp.report.issues.is_empty(), "{:?}", imp.report.issues);
    let net = RoadNetwork::new(imp.graph);
    let mut r = Rng::new(7);
    let places = random_places(net.graph(), &mut r, 30);
    check_network(&net, &places, "jiangsu");
}

/// Station surroundings with a road graph: every road distance equals the one-to-one route's.
#[test]
fn surroundings_road_distances_match_one_to_one_routes() {
    use zouhang::embedded::suzhou_layers;
    use zouhang::plan::{surroundings, with_road_distances, SurroundingsQuery};
    use zouhang::roads::{suzhou_network, Metric, SnapOptions};
    let net = suzhou_network().unwrap();
    let (layers, _) = suzhou_layers();
    let q = SurroundingsQuery {
        station: "1161A".into(),
        radius_km: 5.0,
        ..Default::default()
    };
    let mut s = surroundings(&layers, &q).unwrap();
    assert!(!s.distances_by_road);
    with_road_distances(&mut s, &net);
    assert!(s.distances_by_road);
    let found = s
        .sources
        .iter()
        .filter(|x| x.road_distance_m.is_some())
        .count();
    assert!(
        found * 10 >= s.sources.len() * 9,
        "{found} of {}",
        s.sources.len()
    );
    for x in s.sources.iter().step_by(7).take(25) {
        let to = zouhang::LonLat::new(x.lon, x.lat);
        let one = net.route(
            s.station.location,
            to,
            Metric::Distance,
            &SnapOptions::default(),
        );
        match (one, x.road_distance_m) {
            (Ok(r), Some(d)) => assert!(
                (r.distance_m - d).abs() <= 0.2,
                "{}: {} vs {d}",
                x.id,
                r.distance_m
            ),
            (Err(_), None) => {}
            (a, b) => panic!(
                "{}: route {:?} vs matrix {:?}",
                x.id,
                a.map(|r| r.distance_m),
                b
            ),
        }
    }
}

/// Road costs with a fallback: pairs between reachable stops keep the road figures, every pair
/// of a stop the network cannot reach takes the fallback's, and the stop is counted.
#[test]
fn road_costs_fall_back_for_stops_off_the_network() {
    use zouhang::model::{StraightLine, TravelCost};
    use zouhang::LonLat;
    let net = zouhang::roads::suzhou_network().unwrap();
    let stops = vec![
        LonLat::new(120.62, 31.30),
        LonLat::new(120.75, 31.35),
        LonLat::new(122.80, 31.00), // the East China Sea, far from every road
    ];
    let road = zouhang::roads::RoadCost::new(&net, &stops, &zouhang::roads::SnapOptions::default());
    assert!(road.duration_s(0, 2).is_infinite());
    let estimate = StraightLine::new(stops.clone(), 40.0);
    let (m, problems) = road.or_estimate(&estimate);
    assert_eq!(problems, 1);
    assert_eq!(m.duration_s(0, 1), road.duration_s(0, 1));
    assert_eq!(m.distance_m(1, 0), road.distance_m(1, 0));
    assert!(m.duration_s(0, 1) != estimate.duration_s(0, 1));
    for (i, j) in [(0, 2), (2, 0), (1, 2), (2, 1)] {
        assert_eq!(m.duration_s(i, j), estimate.duration_s(i, j));
        assert_eq!(m.distance_m(i, j), estimate.distance_m(i, j));
    }
    assert_eq!(m.duration_s(2, 2), 0.0);
}
