//! AMap (高德地图) links.
//!
//! * App (documented in AMap's "高德地图手机版" developer guide, route planning): Android
//!   `amapuri://route/plan/?…`, iOS `iosamap://path?…`, parameters `sourceApplication`, `slat`,
//!   `slon`, `sname`, `dlat`, `dlon`, `dname`, `dev` (0 = positions already GCJ-02), `t`
//!   (0 = driving), `vian`, `vialons`, `vialats`, `vianames` (`|`-separated, in order).
//! * Web (AMap URI API, `https://uri.amap.com/navigation`): `from`/`to`/`via` as
//!   `lon,lat,name`, `mode=car`, `src`, `callnative=1` (open the app on a phone). It takes at most
//!   one `via`, so it is complete only for legs of up to three stops.

use super::{c6, percent_encode, NavOptions, NavPoint};

pub(super) fn app_url(points: &[NavPoint], opts: &NavOptions, ios: bool) -> String {
    let base = if ios {
        "iosamap://path?"
    } else {
        "amapuri://route/plan/?"
    };
    let mut q = vec![format!(
        "sourceApplication={}",
        percent_encode(&opts.app_name)
    )];
    let (Some(from), Some(to)) = (points.first(), points.last()) else {
        return format!("{base}{}", q.join("&"));
    };
    if points.len() > 1 {
        q.push(format!("slat={}", c6(from.lat)));
        q.push(format!("slon={}", c6(from.lon)));
        q.push(format!("sname={}", percent_encode(&from.name)));
    }
    q.push(format!("dlat={}", c6(to.lat)));
    q.push(format!("dlon={}", c6(to.lon)));
    q.push(format!("dname={}", percent_encode(&to.name)));
    q.push("dev=0".into());
    q.push("t=0".into());
    let vias = points.get(1..points.len().saturating_sub(1)).unwrap_or(&[]);
    if !vias.is_empty() {
        q.push(format!("vian={}", vias.len()));
        q.push(format!(
            "vialons={}",
            vias.iter().map(|p| c6(p.lon)).collect::<Vec<_>>().join("|")
        ));
        q.push(format!(
            "vialats={}",
            vias.iter().map(|p| c6(p.lat)).collect::<Vec<_>>().join("|")
        ));
        q.push(format!(
            "vianames={}",
            vias.iter()
                .map(|p| percent_encode(&p.name))
                .collect::<Vec<_>>()
                .join("|")
        ));
    }
    format!("{base}{}", q.join("&"))
}

pub(super) fn web_url(points: &[NavPoint], opts: &NavOptions) -> String {
    let pos = |p: &NavPoint| format!("{},{},{}", c6(p.lon), c6(p.lat), percent_encode(&p.name));
    let mut q = Vec::new();
    if let (Some(from), Some(to)) = (points.first(), points.last()) {
        if points.len() > 1 {
            q.push(format!("from={}", pos(from)));
        }
        q.push(format!("to={}", pos(to)));
        if points.len() == 3 {
            if let Some(v) = points.get(1) {
                q.push(format!("via={}", pos(v)));
            }
        }
    }
    q.push("mode=car".into());
    q.push("policy=0".into());
    q.push(format!("src={}", percent_encode(&opts.app_name)));
    q.push("coordinate=gaode".into());
    q.push("callnative=1".into());
    format!("https://uri.amap.com/navigation?{}", q.join("&"))
}
