//! The team link: one route of a plan, packed into the fragment of a URL that opens the app's
//! team mode (`team.html`) on a patrol team's phone — format `zouhang-team-route`, version 1,
//! specified in `docs/FIELD.md`.
//!
//! The link carries everything team mode needs, so no server is involved and nothing is sent
//! (a browser never sends the fragment): the plan's identity (`{id, kind, title, made_at}`), the
//! route sheet with its stops, the driven path simplified to 5 m (Douglas–Peucker, Douglas &
//! Peucker 1973, on a local metric projection) and written as an encoded polyline (Google's
//! polyline algorithm, 1e-5 degrees), and the prebuilt AMap and Baidu navigation legs of
//! [`route_nav_links`](super::route_nav_links), so team mode needs no coordinate code.
//!
//! The JSON is compressed with raw DEFLATE and written as base64url without padding after the
//! prefix `r1.`; team mode inflates it with the browser's `DecompressionStream('deflate-raw')`.
//! A QR code holds at most 2,953 bytes (byte mode, level L, version 40); a longer link gets no
//! QR code and the page offers the link as a `.zhroute` file instead.

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};

use super::{qr_svg, route_nav_links, NavLeg, NavOptions, NavProvider};
use crate::geodesy::point_segment_m;
use crate::model::{LonLat, PlanDocument, RouteSheet};

/// Format name inside the link's JSON.
pub const TEAM_ROUTE_FORMAT: &str = "zouhang-team-route";
/// Prefix of the fragment: the link format's version.
pub const TEAM_LINK_PREFIX: &str = "r1.";
/// The most bytes a QR code holds (byte mode, error correction L, version 40).
pub const QR_MAX_BYTES: usize = 2953;
/// Tolerance of the path simplification, metres.
pub const SIMPLIFY_M: f64 = 5.0;

/// Which plan a route belongs to, as the page's plan registry names it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamPlanRef {
    /// Registry id (`straw`, `month`, `routes`, `draw-routes`, `demo`, `file:…`).
    pub id: String,
    /// The plan document's kind.
    pub kind: String,
    /// The plan's title.
    pub title: String,
    /// When the plan was published (ISO 8601 with offset).
    pub made_at: String,
}

/// One navigation leg as team mode uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamLeg {
    /// 1-based position in the route of the leg's first stop.
    pub from: usize,
    /// 1-based position in the route of the leg's last stop.
    pub to: usize,
    /// Android app URI.
    pub android: String,
    /// iOS app URI.
    pub ios: String,
    /// Web page (complete only for short legs, see [`NavLeg::web_complete`]).
    pub web: String,
}

/// The navigation legs of the route for both apps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamNav {
    /// AMap legs (GCJ-02).
    pub amap: Vec<TeamLeg>,
    /// Baidu legs (BD-09).
    pub baidu: Vec<TeamLeg>,
}

/// The content of a team link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamRoute {
    /// Always [`TEAM_ROUTE_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// The plan.
    pub plan: TeamPlanRef,
    /// The route, its `geometry` empty (see `line`), positions rounded to 1e-6 degrees.
    pub route: RouteSheet,
    /// The driven path simplified to [`SIMPLIFY_M`], as an encoded polyline (precision 1e-5);
    /// empty when the plan has no path for the route.
    pub line: String,
    /// Navigation legs.
    pub nav: TeamNav,
}

/// One route's link as the export tab shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamLink {
    /// Index of the route in the plan.
    pub index: usize,
    /// Route id.
    pub route: String,
    /// Route name.
    pub route_name: String,
    /// Team or vehicle.
    pub team: String,
    /// Stops that are not depots.
    pub stops: usize,
    /// The full link: `base_url#r1.<payload>`.
    pub url: String,
    /// Length of `url` in bytes.
    pub url_bytes: usize,
    /// Length of the uncompressed JSON in bytes.
    pub json_bytes: usize,
    /// QR code of `url` (SVG), when the link fits in one.
    pub qr_svg: Option<String>,
    /// Why there is no QR code.
    pub qr_error: Option<String>,
}

/// The content of the link for route `index` of `doc` (None when there is no such route).
pub fn team_route(doc: &PlanDocument, index: usize, plan: &TeamPlanRef) -> Option<TeamRoute> {
    let route = doc.routes.get(index)?;
    let opts = NavOptions {
        qr: false,
        ..NavOptions::default()
    };
    let legs = |provider| {
        route_nav_links(route, provider, &opts)
            .legs
            .into_iter()
            .map(team_leg)
            .collect()
    };
    let mut sheet = route.clone();
    let line = encode_polyline(&simplify_m(&sheet.geometry, SIMPLIFY_M));
    sheet.geometry = Vec::new();
    for s in &mut sheet.stops {
        s.location = round6(s.location);
    }
    let mut plan = plan.clone();
    if plan.kind.is_empty() {
        plan.kind = doc.kind.clone();
    }
    if plan.title.is_empty() {
        plan.title = doc.title.clone();
    }
    Some(TeamRoute {
        format: TEAM_ROUTE_FORMAT.to_string(),
        version: 1,
        plan,
        route: sheet,
        line,
        nav: TeamNav {
            amap: legs(NavProvider::Amap),
            baidu: legs(NavProvider::Baidu),
        },
    })
}

/// The links of every route of a plan; `base_url` is the team page's address
/// (`https://host/app/team.html`), the fragment is appended. `qr` asks for the QR codes.
pub fn team_links(
    doc: &PlanDocument,
    plan: &TeamPlanRef,
    base_url: &str,
    qr: bool,
) -> Vec<TeamLink> {
    (0..doc.routes.len())
        .filter_map(|i| {
            let tr = team_route(doc, i, plan)?;
            let json = serde_json::to_string(&tr).ok()?;
            let url = format!("{base_url}#{}", team_fragment(&json));
            let (qr_svg, qr_error) = match (qr, url.len() <= QR_MAX_BYTES) {
                (false, _) => (None, None),
                (true, true) => match qr_svg(&url) {
                    Ok(s) => (Some(s), None),
                    Err(e) => (None, Some(e.to_string())),
                },
                (true, false) => (
                    None,
                    Some(format!(
                        "链接 {} 字节，超过一个二维码的容量（{QR_MAX_BYTES} 字节）：请用链接或路线文件（.zhroute）发给巡查队",
                        url.len()
                    )),
                ),
            };
            Some(TeamLink {
                index: i,
                route: tr.route.id.clone(),
                route_name: tr.route.name.clone(),
                team: tr.route.team.clone(),
                stops: tr.route.stops.iter().filter(|s| s.kind != "depot").count(),
                url_bytes: url.len(),
                json_bytes: json.len(),
                url,
                qr_svg,
                qr_error,
            })
        })
        .collect()
}

/// `r1.` + base64url (no padding) of the raw-DEFLATE compressed text.
pub fn team_fragment(json: &str) -> String {
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let packed = enc
        .write_all(json.as_bytes())
        .and_then(|()| enc.finish())
        .unwrap_or_default();
    format!("{TEAM_LINK_PREFIX}{}", base64url(&packed))
}

fn team_leg(leg: NavLeg) -> TeamLeg {
    TeamLeg {
        from: leg.points.first().map_or(0, |p| p.seq),
        to: leg.points.last().map_or(0, |p| p.seq),
        android: leg.android_url,
        ios: leg.ios_url,
        web: leg.web_url,
    }
}

fn round6(p: LonLat) -> LonLat {
    LonLat::new((p.lon * 1e6).round() / 1e6, (p.lat * 1e6).round() / 1e6)
}

/// base64url without padding (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
        }
    }
    out
}

/// Douglas–Peucker simplification with a tolerance in metres: keeps the first and last point
/// and every point farther than `tolerance_m` from the simplified line. Invalid positions are
/// dropped first.
///
/// ```
/// use zouhang::nav::simplify_m;
/// use zouhang::LonLat;
/// // a straight line with a 1 m wiggle keeps only its ends at 5 m
/// let line = vec![LonLat::new(120.0, 31.0), LonLat::new(120.005, 31.00001), LonLat::new(120.01, 31.0)];
/// assert_eq!(simplify_m(&line, 5.0).len(), 2);
/// assert_eq!(simplify_m(&line, 0.5).len(), 3);
/// ```
pub fn simplify_m(points: &[LonLat], tolerance_m: f64) -> Vec<LonLat> {
    let pts: Vec<LonLat> = points.iter().copied().filter(|p| p.is_valid()).collect();
    if pts.len() <= 2 {
        return pts;
    }
    let mut keep = vec![false; pts.len()];
    let last = pts.len() - 1;
    keep[0] = true;
    keep[last] = true;
    let mut stack = vec![(0usize, last)];
    while let Some((a, b)) = stack.pop() {
        let (mut far, mut far_d) = (0usize, 0.0f64);
        for i in a + 1..b {
            let (d, _) = point_segment_m(pts[i], pts[a], pts[b]);
            if d > far_d {
                (far, far_d) = (i, d);
            }
        }
        if far_d > tolerance_m {
            keep[far] = true;
            stack.push((a, far));
            stack.push((far, b));
        }
    }
    pts.into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

/// Google's encoded polyline (latitude first, precision 1e-5 degrees).
///
/// ```
/// use zouhang::nav::encode_polyline;
/// use zouhang::LonLat;
/// // Google's documented example
/// let line = [LonLat::new(-120.2, 38.5), LonLat::new(-120.95, 40.7), LonLat::new(-126.453, 43.252)];
/// assert_eq!(encode_polyline(&line), "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
/// ```
pub fn encode_polyline(points: &[LonLat]) -> String {
    let mut out = String::new();
    let (mut plat, mut plon) = (0i64, 0i64);
    for p in points {
        let lat = (p.lat * 1e5).round() as i64;
        let lon = (p.lon * 1e5).round() as i64;
        push_value(&mut out, lat - plat);
        push_value(&mut out, lon - plon);
        (plat, plon) = (lat, lon);
    }
    out
}

fn push_value(out: &mut String, v: i64) {
    let mut v = if v < 0 { !(v << 1) } else { v << 1 };
    while v >= 0x20 {
        out.push(char::from((((v & 0x1f) | 0x20) + 63) as u8));
        v >>= 5;
    }
    out.push(char::from((v + 63) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn simplification_keeps_corners_and_ends() {
        let l = [
            LonLat::new(120.0, 31.0),
            LonLat::new(120.01, 31.0),
            LonLat::new(120.01, 31.01),
            LonLat::new(f64::NAN, 31.0),
        ];
        assert_eq!(simplify_m(&l, 5.0), l[..3].to_vec());
        assert!(simplify_m(&[], 5.0).is_empty());
    }
}
