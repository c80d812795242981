//! Baidu (百度地图) links.
//!
//! * App (Baidu URI API for Android/iOS, `baidumap://map/direction`): `origin` and
//!   `destination` as `name:…|latlng:lat,lng`, `coord_type=bd09ll`, `mode=driving`, `src`
//!   (`andr.company.app` / `ios.company.app`), and the ordered waypoints as
//!   `viaPoints={"viaPoints":[{"name":…,"lat":…,"lng":…}]}` (URL-encoded JSON).
//! * Web (`https://api.map.baidu.com/direction`): `origin`, `destination` as
//!   `latlng:lat,lng|name:…`, `mode=driving`, `output=html`, `coord_type=bd09ll`, `src`
//!   (`webapp.company.app`), optional `region`. It takes no waypoints, so it is complete only for
//!   legs of two stops.

use serde_json::json;

use super::{c6, percent_encode, NavOptions, NavPoint};

fn app_src(opts: &NavOptions, prefix: &str) -> String {
    let app: String = opts
        .app_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let app = if app.is_empty() {
        "zouhang".to_string()
    } else {
        app
    };
    format!("{prefix}.{app}.{app}")
}

pub(super) fn app_url(points: &[NavPoint], opts: &NavOptions, ios: bool) -> String {
    let end = |p: &NavPoint| {
        format!(
            "name:{}|latlng:{},{}",
            percent_encode(&p.name),
            c6(p.lat),
            c6(p.lon)
        )
    };
    let mut q = Vec::new();
    if let (Some(from), Some(to)) = (points.first(), points.last()) {
        if points.len() > 1 {
            q.push(format!("origin={}", end(from)));
        }
        q.push(format!("destination={}", end(to)));
    }
    q.push("coord_type=bd09ll".into());
    q.push("mode=driving".into());
    let vias = points.get(1..points.len().saturating_sub(1)).unwrap_or(&[]);
    if !vias.is_empty() {
        let list: Vec<_> = vias
            .iter()
            .map(|p| json!({"name": p.name, "lat": round6(p.lat), "lng": round6(p.lon)}))
            .collect();
        let text = json!({ "viaPoints": list }).to_string();
        q.push(format!("viaPoints={}", percent_encode(&text)));
    }
    q.push(format!(
        "src={}",
        app_src(opts, if ios { "ios" } else { "andr" })
    ));
    format!("baidumap://map/direction?{}", q.join("&"))
}

pub(super) fn web_url(points: &[NavPoint], opts: &NavOptions) -> String {
    let end = |p: &NavPoint| {
        format!(
            "latlng:{},{}|name:{}",
            c6(p.lat),
            c6(p.lon),
            percent_encode(&p.name)
        )
    };
    let mut q = Vec::new();
    if let (Some(from), Some(to)) = (points.first(), points.last()) {
        if points.len() > 1 {
            q.push(format!("origin={}", end(from)));
        }
        q.push(format!("destination={}", end(to)));
    }
    q.push("mode=driving".into());
    if !opts.region.trim().is_empty() {
        q.push(format!("region={}", percent_encode(opts.region.trim())));
    }
    q.push("output=html".into());
    q.push("coord_type=bd09ll".into());
    q.push(format!("src={}", app_src(opts, "webapp")));
    format!("https://api.map.baidu.com/direction?{}", q.join("&"))
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}
