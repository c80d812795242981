//! The binary graph file: round trip, every truncation, byte flips (with and without a
//! repaired checksum) give errors and never panic; snapping equals a linear scan.

mod roads_support;

use roads_support::{random_instance, random_places, Rng};
use zouhang::geodesy::point_segment_m;
use zouhang::roads::{
    read_network, suzhou_network, write_graph, write_network, GraphFileError, Metric, RoadNetwork,
    SnapOptions, MAGIC,
};
use zouhang::LonLat;

#[test]
fn round_trip_keeps_graph_and_answers() {
    let net = suzhou_network().unwrap();
    let bytes = write_network(&net);
    assert_eq!(&bytes[..8], &MAGIC);
    let back = read_network(&bytes).unwrap();
    assert!(back.graph() == net.graph(), "graph differs after reading");
    for m in Metric::ALL {
        assert!(
            back.hierarchy(m) == net.hierarchy(m),
            "{m:?} hierarchy differs after reading"
        );
    }
    // a graph-only file contracts on load and answers the same
    let plain = read_network(&write_graph(net.graph())).unwrap();
    let mut r = Rng::new(5);
    let places = random_places(net.graph(), &mut r, 30);
    for m in Metric::ALL {
        let a = net.matrix_places(&places, &places, m);
        assert_eq!(a, back.matrix_places(&places, &places, m));
        assert_eq!(a, plain.matrix_places(&places, &places, m));
    }
    // writing again gives the same bytes
    assert_eq!(write_network(&back), bytes);
}

fn small_file(seed: u64) -> Vec<u8> {
    let g = random_instance(seed, 12).graph();
    write_network(&RoadNetwork::new(g))
}

#[test]
fn every_truncation_is_an_error() {
    for seed in 0..5 {
        let bytes = small_file(seed);
        assert!(read_network(&bytes).is_ok());
        for n in 0..bytes.len() {
            let r = read_network(&bytes[..n]);
            assert!(
                matches!(r, Err(GraphFileError::Truncated { .. })),
                "seed {seed}: {n} of {} bytes gave {:?}",
                bytes.len(),
                r.err()
            );
        }
    }
}

#[test]
fn flipped_bytes_are_errors_never_panics() {
    let mut r = Rng::new(99);
    for seed in 0..20 {
        let bytes = small_file(seed);
        for _ in 0..200 {
            let mut b = bytes.clone();
            let i = r.below(b.len());
            b[i] ^= 1 << r.below(8);
            let res = read_network(&b);
            assert!(res.is_err(), "seed {seed}: flip at {i} was accepted");
            if i >= 32 {
                assert!(
                    matches!(res, Err(GraphFileError::ChecksumMismatch { .. })),
                    "{:?}",
                    res.err()
                );
            }
        }
    }
}

#[test]
fn flipped_bytes_with_repaired_checksum_never_panic() {
    // the structural checks behind the checksum: a valid checksum over damaged content
    let mut r = Rng::new(7);
    let mut rejected = 0;
    let mut total = 0;
    for seed in 0..20 {
        let bytes = small_file(seed);
        for _ in 0..300 {
            let mut b = bytes.clone();
            for _ in 0..1 + r.below(3) {
                let i = 32 + r.below(b.len() - 32);
                b[i] = r.below(256) as u8;
            }
            let crc = crc32fast::hash(&b[32..]);
            b[24..28].copy_from_slice(&crc.to_le_bytes());
            total += 1;
            if let Ok(net) = read_network(&b) {
                // whatever loaded must still answer without panicking
                let places = random_places(net.graph(), &mut r, 4);
                let _ = net.matrix_places(&places, &places, Metric::Time);
                let mut router = net.router();
                let _ = router.path(&places[0], &places[1], Metric::Distance);
            } else {
                rejected += 1;
            }
        }
    }
    assert!(
        rejected > total / 2,
        "only {rejected} of {total} damaged files rejected"
    );
}

#[test]
fn foreign_and_future_files_are_named() {
    assert_eq!(
        read_network(b"PK\x03\x04 a zip file, not ours").err(),
        Some(GraphFileError::BadMagic)
    );
    assert_eq!(
        read_network(b"").err(),
        Some(GraphFileError::Truncated { at: 0 })
    );
    let mut b = small_file(1);
    b[8] = 2;
    assert_eq!(
        read_network(&b).err(),
        Some(GraphFileError::UnsupportedVersion {
            found: 2,
            supported: 1
        })
    );
    let mut b = small_file(1);
    b.push(0);
    assert!(read_network(&b).is_err());
}

#[test]
fn snapping_equals_a_linear_scan_over_segments() {
    let net = suzhou_network().unwrap();
    let g = net.graph();
    let comps = net.components();
    let segs: Vec<(LonLat, LonLat, bool)> = (0..g.edge_count() as u32)
        .flat_map(|e| {
            let ed = &g.edges()[e as usize];
            let main = comps.in_main(ed.from.0) && comps.in_main(ed.to.0);
            let pts = g.edge_polyline(e);
            pts.windows(2)
                .map(move |w| (w[0], w[1], main))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut r = Rng::new(11);
    for k in 0..400 {
        let p = LonLat::new(119.9 + 1.5 * r.unit(), 30.7 + 1.4 * r.unit());
        for main_only in [true, false] {
            let opts = SnapOptions {
                max_distance_m: 1e6,
                main_component_only: main_only,
            };
            let s = net.snap(p, &opts).unwrap();
            let want = segs
                .iter()
                .filter(|s| s.2 || !main_only)
                .map(|s| point_segment_m(p, s.0, s.1).0)
                .fold(f64::INFINITY, f64::min);
            assert_eq!(s.distance_m, want, "point {k} {p:?} main_only {main_only}");
            assert!((0.0..=1.0).contains(&s.fraction));
        }
        let tight = SnapOptions {
            max_distance_m: 10.0,
            main_component_only: true,
        };
        if let Err(e) = net.snap(p, &tight) {
            assert!(e.to_string().contains("10 米内没有可行驶道路"), "{e}");
        }
    }
}
