//! Navigation hand-off on a 40-stop route, for AMap and Baidu: number of legs, waypoints per leg
//! within the apps' limits, order kept with shared boundary stops, positions converted to
//! GCJ-02 / BD-09, Chinese names percent-encoded; and every leg's QR code decoded back by an
//! independent decoder (the `rqrr` crate) from a raster of the SVG.

mod export_support;

use std::collections::HashMap;

use zouhang::crs::{gcj02_to_bd09, wgs84_to_gcj02};
use zouhang::model::RouteSheet;
use zouhang::nav::{route_nav_links, NavLinks, NavOptions, NavProvider, Phone};
use zouhang::LonLat;

fn route(n: usize) -> RouteSheet {
    let mut doc = export_support::seeded_plan(40, 1, n - 2);
    let mut r = doc.routes.remove(0);
    // plain, distinct Chinese names so that order can be read back from the links
    for (i, s) in r.stops.iter_mut().enumerate() {
        s.name = format!("企业{i:02}号");
    }
    r
}

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Query parameters, raw (not decoded).
fn query(url: &str) -> HashMap<String, String> {
    let q = url.split_once('?').map(|x| x.1).unwrap_or("");
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn no_raw_non_ascii(url: &str) {
    assert!(url.is_ascii(), "URL has raw non-ASCII characters: {url}");
    assert!(!url.contains(' '), "URL has raw spaces: {url}");
}

/// (name, lon, lat) of each point of an AMap app link, in order.
fn amap_points(url: &str) -> Vec<(String, f64, f64)> {
    let q = query(url);
    let mut pts = vec![(
        pct_decode(&q["sname"]),
        q["slon"].parse().unwrap(),
        q["slat"].parse().unwrap(),
    )];
    if let Some(n) = q.get("vian") {
        let n: usize = n.parse().unwrap();
        let lons: Vec<f64> = q["vialons"]
            .split('|')
            .map(|v| v.parse().unwrap())
            .collect();
        let lats: Vec<f64> = q["vialats"]
            .split('|')
            .map(|v| v.parse().unwrap())
            .collect();
        let names: Vec<String> = q["vianames"].split('|').map(pct_decode).collect();
        assert_eq!((lons.len(), lats.len(), names.len()), (n, n, n));
        for k in 0..n {
            pts.push((names[k].clone(), lons[k], lats[k]));
        }
    }
    pts.push((
        pct_decode(&q["dname"]),
        q["dlon"].parse().unwrap(),
        q["dlat"].parse().unwrap(),
    ));
    assert_eq!(q["dev"], "0", "positions are already GCJ-02");
    pts
}

/// (name, lon, lat) of each point of a Baidu app link, in order.
fn baidu_points(url: &str) -> Vec<(String, f64, f64)> {
    let q = query(url);
    assert_eq!(q["coord_type"], "bd09ll");
    let end = |v: &str| {
        let v = pct_decode(v);
        let (name, ll) = v.split_once("|latlng:").unwrap();
        let (lat, lon) = ll.split_once(',').unwrap();
        (
            name.trim_start_matches("name:").to_string(),
            lon.parse().unwrap(),
            lat.parse().unwrap(),
        )
    };
    let mut pts = vec![end(&q["origin"])];
    if let Some(v) = q.get("viaPoints") {
        let j: serde_json::Value = serde_json::from_str(&pct_decode(v)).unwrap();
        for p in j["viaPoints"].as_array().unwrap() {
            pts.push((
                p["name"].as_str().unwrap().to_string(),
                p["lng"].as_f64().unwrap(),
                p["lat"].as_f64().unwrap(),
            ));
        }
    }
    pts.push(end(&q["destination"]));
    pts
}

fn check(r: &RouteSheet, links: &NavLinks, provider: NavProvider, legs: usize) {
    assert_eq!(links.legs.len(), legs, "{provider:?}: legs");
    let convert = |p: LonLat| match provider {
        NavProvider::Amap => wgs84_to_gcj02(p),
        NavProvider::Baidu => gcj02_to_bd09(wgs84_to_gcj02(p)),
    };
    let mut next = 0; // index of the stop the next leg must start at
    for leg in &links.legs {
        for url in [&leg.android_url, &leg.ios_url, &leg.web_url] {
            no_raw_non_ascii(url);
        }
        let pts = match provider {
            NavProvider::Amap => amap_points(&leg.android_url),
            NavProvider::Baidu => baidu_points(&leg.android_url),
        };
        assert_eq!(
            pts,
            match provider {
                NavProvider::Amap => amap_points(&leg.ios_url),
                NavProvider::Baidu => baidu_points(&leg.ios_url),
            }
        );
        assert!(
            pts.len() - 2 <= provider.max_waypoints(),
            "waypoints {}",
            pts.len() - 2
        );
        for (k, (name, lon, lat)) in pts.iter().enumerate() {
            let i = next + k;
            let s = &r.stops[i];
            assert_eq!(name, &format!("{}.{}", i + 1, s.name), "order and names");
            let want = convert(s.location);
            assert!(
                (lon - want.lon).abs() <= 6e-7 && (lat - want.lat).abs() <= 6e-7,
                "stop {i}"
            );
            // converted, not WGS-84: several hundred metres away in Suzhou
            assert!((lon - s.location.lon).abs() > 1e-3);
        }
        next += pts.len() - 1;
        assert_eq!(
            leg.web_complete,
            pts.len() <= if provider == NavProvider::Amap { 3 } else { 2 }
        );
    }
    assert_eq!(
        next,
        r.stops.len() - 1,
        "the last leg ends at the last stop"
    );
}

#[test]
fn forty_stops_split_into_ordered_legs_for_amap_and_baidu() {
    let r = route(40);
    assert_eq!(r.stops.len(), 40);
    let opts = NavOptions {
        qr: false,
        region: "苏州".into(),
        ..Default::default()
    };
    let amap = route_nav_links(&r, NavProvider::Amap, &opts);
    // 39 steps between 40 stops, at most 17 per leg (16 waypoints): 17 + 17 + 5
    check(&r, &amap, NavProvider::Amap, 3);
    assert_eq!(
        amap.legs.iter().map(|l| l.points.len()).collect::<Vec<_>>(),
        [18, 18, 6]
    );
    let baidu = route_nav_links(&r, NavProvider::Baidu, &opts);
    // at most 11 steps per leg (10 waypoints): 11 + 11 + 11 + 6
    check(&r, &baidu, NavProvider::Baidu, 4);
    assert_eq!(
        baidu
            .legs
            .iter()
            .map(|l| l.points.len())
            .collect::<Vec<_>>(),
        [12, 12, 12, 7]
    );
    assert!(baidu.legs[0].web_url.contains("region=%E8%8B%8F%E5%B7%9E"));
    assert!(amap.legs[0]
        .web_url
        .starts_with("https://uri.amap.com/navigation?from="));
    // short routes: one leg; a single stop: destination only
    for n in [2, 3, 17, 18] {
        let r = route(n);
        assert_eq!(
            route_nav_links(&r, NavProvider::Amap, &opts).legs.len(),
            1,
            "n={n}"
        );
    }
    check(
        &route(19),
        &route_nav_links(&route(19), NavProvider::Amap, &opts),
        NavProvider::Amap,
        2,
    );
}

#[test]
fn every_leg_has_a_qr_code_that_decodes_to_its_phone_link() {
    let r = route(40);
    for provider in [NavProvider::Amap, NavProvider::Baidu] {
        for phone in [Phone::Android, Phone::Ios] {
            let opts = NavOptions {
                phone,
                ..Default::default()
            };
            let links = route_nav_links(&r, provider, &opts);
            for leg in &links.legs {
                let svg = leg
                    .qr_svg
                    .as_deref()
                    .unwrap_or_else(|| panic!("{:?}", leg.qr_error));
                let want = match phone {
                    Phone::Android => &leg.android_url,
                    Phone::Ios => &leg.ios_url,
                };
                assert_eq!(
                    &export_support::decode_qr(svg),
                    want,
                    "{provider:?} {phone:?} leg {}",
                    leg.number
                );
            }
        }
    }
    // too long for any QR code: a message instead of a panic
    assert!(zouhang::nav::qr_svg(&"x".repeat(5000)).is_err());
}
