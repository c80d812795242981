//! The team link (`docs/FIELD.md`, format `zouhang-team-route`): the fragment inflates back to
//! the route with both apps' legs, the path is simplified within 5 m, the QR code decodes to the
//! link (independent decoder), and a link too long for a QR code has none and says why.
//!
//! `link_size_limit` measures how many stops fit in one QR code for three kinds of route and
//! prints the table the README quotes:
//! `cargo test --test team_link -- --nocapture link_size_limit`.

mod export_support;

use std::io::Read;

use flate2::read::DeflateDecoder;
use zouhang::embedded::suzhou_layers;
use zouhang::geodesy::point_segment_m;
use zouhang::model::{PlanDocument, RouteSheet, SheetStop};
use zouhang::nav::{team_links, team_route, TeamPlanRef, TeamRoute, QR_MAX_BYTES};
use zouhang::roads::{suzhou_network, Metric, SnapOptions};
use zouhang::LonLat;

const BASE: &str = "https://zouhang.example.cn/app/team.html";

fn plan_ref() -> TeamPlanRef {
    TeamPlanRef {
        id: "straw".into(),
        kind: "straw".into(),
        title: "秸秆禁烧派单".into(),
        made_at: "2026-06-01T20:15:00+08:00".into(),
    }
}

fn unbase64url(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            b'_' => 63,
            _ => panic!("not base64url: {c}"),
        }
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, &c)| n | (val(c) << (18 - 6 * k)));
        for k in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}

/// The JSON inside a link.
fn open_link(url: &str) -> TeamRoute {
    let frag = url.split_once("#r1.").expect("fragment r1.").1;
    let mut json = String::new();
    DeflateDecoder::new(unbase64url(frag).as_slice())
        .read_to_string(&mut json)
        .expect("raw deflate");
    serde_json::from_str(&json).expect("team route JSON")
}

fn decode_polyline(s: &str) -> Vec<LonLat> {
    let b = s.as_bytes();
    let (mut i, mut lat, mut lon) = (0, 0i64, 0i64);
    let mut out = Vec::new();
    let next = |i: &mut usize| -> i64 {
        let (mut shift, mut v) = (0, 0i64);
        loop {
            let c = i64::from(b[*i]) - 63;
            *i += 1;
            v |= (c & 0x1f) << shift;
            shift += 5;
            if c < 0x20 {
                break;
            }
        }
        if v & 1 == 1 {
            !(v >> 1)
        } else {
            v >> 1
        }
    };
    while i < b.len() {
        lat += next(&mut i);
        lon += next(&mut i);
        out.push(LonLat::new(lon as f64 / 1e5, lat as f64 / 1e5));
    }
    out
}

#[test]
fn the_link_carries_the_route_legs_and_a_simplified_path() {
    let mut doc = export_support::seeded_plan(7, 2, 20);
    // a dense path: 1,000 points on a gentle curve
    doc.routes[0].geometry = (0..1000)
        .map(|i| {
            let t = i as f64 / 999.0;
            LonLat::new(120.5 + 0.2 * t, 31.2 + 0.05 * (t * 3.0).sin())
        })
        .collect();
    doc.routes[0].along_roads = true;
    let links = team_links(&doc, &plan_ref(), BASE, true);
    assert_eq!(links.len(), 2);
    for l in &links {
        assert!(l.url.starts_with(&format!("{BASE}#r1.")));
        assert_eq!(l.url_bytes, l.url.len());
        let tr = open_link(&l.url);
        let want = team_route(&doc, l.index, &plan_ref()).unwrap();
        assert_eq!(tr, want);
        assert_eq!(tr.format, "zouhang-team-route");
        assert_eq!(tr.plan, plan_ref());
        let src = &doc.routes[l.index];
        assert_eq!(tr.route.stops.len(), src.stops.len());
        for (a, b) in tr.route.stops.iter().zip(&src.stops) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.name, b.name);
            assert!((a.location.lon - b.location.lon).abs() <= 5e-7);
        }
        // legs of both apps cover the route in order
        for legs in [&tr.nav.amap, &tr.nav.baidu] {
            assert_eq!(legs.first().unwrap().from, 1);
            assert_eq!(legs.last().unwrap().to, src.stops.len());
            assert!(legs.windows(2).all(|w| w[0].to == w[1].from));
        }
        assert!(tr.nav.amap[0].android.starts_with("amapuri://route/plan/?"));
        assert!(tr.nav.baidu[0].ios.starts_with("baidumap://"));
    }
    // the path: far fewer points, every original point within 5 m (+ 1e-5° rounding)
    let line = decode_polyline(&open_link(&links[0].url).line);
    assert!(line.len() < 200 && line.len() >= 2, "{} points", line.len());
    for p in &doc.routes[0].geometry {
        let d = line
            .windows(2)
            .map(|w| point_segment_m(*p, w[0], w[1]).0)
            .fold(f64::INFINITY, f64::min);
        assert!(
            d <= 5.0 + 1.6,
            "point {p:?} is {d:.2} m from the simplified path"
        );
    }
    assert!(open_link(&links[1].url).line.is_empty());
}

#[test]
fn the_qr_code_decodes_to_the_link_and_a_long_link_has_none() {
    let doc = export_support::seeded_plan(11, 1, 8);
    let l = &team_links(&doc, &plan_ref(), BASE, true)[0];
    assert!(l.url_bytes <= QR_MAX_BYTES, "{} bytes", l.url_bytes);
    let svg = l.qr_svg.as_deref().expect("a QR code");
    assert_eq!(export_support::decode_qr(svg), l.url);

    let big = export_support::seeded_plan(11, 1, 150);
    let l = &team_links(&big, &plan_ref(), BASE, true)[0];
    assert!(l.url_bytes > QR_MAX_BYTES);
    assert!(l.qr_svg.is_none());
    assert!(l.qr_error.as_deref().unwrap().contains("zhroute"));
    assert_eq!(open_link(&l.url).route.stops.len(), 152);
}

/// A straw dispatch route as the straw tab publishes it: incident names and priority notes.
fn straw_route(n: usize) -> PlanDocument {
    let mut doc = PlanDocument::new("straw", "秸秆禁烧派单 2026-06-01");
    let base = LonLat::new(120.62, 31.30);
    let mut stops = vec![SheetStop {
        id: "T1".into(),
        name: "相城区巡查一队 驻地".into(),
        location: base,
        kind: "depot".into(),
        arrival: None,
        departure: Some("2026-06-01 20:30".into()),
        service_s: 0.0,
        note: String::new(),
    }];
    for i in 0..n {
        let a = i as f64 * 2.399;
        let r = 0.01 + 0.004 * i as f64;
        stops.push(SheetStop {
            id: format!("I{:04}", 37 + i * 3),
            name: format!("火点 I{:04}", 37 + i * 3),
            location: LonLat::new(base.lon + r * a.cos(), base.lat + r * a.sin() * 0.8),
            kind: "visit".into(),
            arrival: Some(format!(
                "2026-06-01 {:02}:{:02}",
                20 + (i / 4) % 4,
                (i * 15) % 60
            )),
            departure: Some(format!(
                "2026-06-01 {:02}:{:02}",
                20 + (i / 4) % 4,
                (i * 15 + 10) % 60
            )),
            service_s: 600.0,
            note: format!(
                "优先级 {}（高）：距高速公路 {} m；距国控站点 {:.1} km",
                90 - i,
                300 + 17 * i,
                2.0 + 0.3 * i as f64
            ),
        });
    }
    let mut back = stops[0].clone();
    back.arrival = Some("2026-06-02 02:00".into());
    back.departure = None;
    stops.push(back);
    doc.routes.push(RouteSheet {
        id: "T1".into(),
        name: "巡查一队".into(),
        team: "巡查一队".into(),
        date: Some("2026-06-01".into()),
        stops,
        geometry: Vec::new(),
        along_roads: false,
        distance_m: 0.0,
        duration_s: 0.0,
        measured_m: None,
    });
    doc
}

/// Inspection routes of the demo plan (embedded enterprises, real-length Chinese names).
fn demo_route(n: usize) -> PlanDocument {
    let (layers, _) = suzhou_layers();
    let s = zouhang::demo::DemoPlanSettings {
        routes: 1,
        stops_per_route: n,
        ..Default::default()
    };
    zouhang::demo::demo_plan(&layers, &s).expect("demo plan")
}

/// The same route with its path along the embedded road network.
fn along_roads(mut doc: PlanDocument) -> PlanDocument {
    let net = suzhou_network().expect("embedded roads");
    let mut router = net.router();
    for r in &mut doc.routes {
        let mut path = Vec::new();
        for w in r.stops.windows(2) {
            if let Ok(route) = router.route(
                w[0].location,
                w[1].location,
                Metric::Time,
                &SnapOptions::default(),
            ) {
                path.extend(route.geometry.iter().map(|p| LonLat::new(p[0], p[1])));
            }
        }
        r.geometry = path;
        r.along_roads = true;
    }
    doc
}

/// Makes a plan of one route with n visits.
type MakePlan = Box<dyn Fn(usize) -> PlanDocument>;

/// The most visits whose link fits in one QR code.
fn most_stops(make: &dyn Fn(usize) -> PlanDocument) -> (usize, usize, usize) {
    let bytes = |n: usize| team_links(&make(n), &plan_ref(), BASE, false)[0].url_bytes;
    let mut n = 1;
    while bytes(n + 1) <= QR_MAX_BYTES && n < 200 {
        n += 1;
    }
    (n, bytes(n), bytes(n + 1))
}

#[test]
fn link_size_limit() {
    let cases: [(&str, MakePlan); 3] = [
        (
            "秸秆派单（直线，火点名称与优先级说明）",
            Box::new(straw_route),
        ),
        ("演示巡查（直线，企业名称）", Box::new(demo_route)),
        (
            "演示巡查（沿内置路网，路径简化至 5 m）",
            Box::new(|n| along_roads(demo_route(n))),
        ),
    ];
    println!("| 路线 | 一个二维码最多停靠点 | 链接字节 | 再加一点 |");
    println!("|---|---:|---:|---:|");
    for (name, make) in &cases {
        let (n, fit, over) = most_stops(make.as_ref());
        println!("| {name} | {n} | {fit} | {over} |");
        // honest bounds: n fits, n + 1 does not (or the search stopped at 200)
        assert!(fit <= QR_MAX_BYTES && (over > QR_MAX_BYTES || n == 200));
        assert!(n >= 3, "{name}: only {n} stops fit");
    }
}
