//! Navigation hand-off: links that open a planned route in AMap (高德) or Baidu (百度) on the
//! driver's phone, one per leg, each with a QR code.
//!
//! The map apps keep the order of the waypoints they are given but take only a few:
//! AMap at most 16 (its driving route planning), Baidu at most 10 (its lite driving API). The
//! planner orders the stops itself, so [`split_legs`] cuts a long route into consecutive legs of
//! at most `limit` intermediate waypoints; each leg ends where the next one starts, so the
//! driver finishes a leg and scans the next code at the same stop. Positions are converted from
//! WGS-84 to the app's datum here (GCJ-02 for AMap, BD-09 for Baidu) and the links say so
//! (`dev=0`, `coord_type=bd09ll`), so no app has to guess.
//!
//! Each leg has three links: the Android and iOS app URIs (they carry every waypoint of the leg;
//! the QR code holds the one for the chosen phone system) and the provider's web page, which
//! carries at most one (AMap) or no (Baidu) intermediate waypoint, so it covers the whole leg
//! only when the leg is that short (`web_complete`).
//!
//! [`team_links`] packs one route with both apps' legs into a link that opens the app's team
//! mode on the patrol team's phone (`team.rs`, format in `docs/FIELD.md`).

mod amap;
mod baidu;
mod legs;
mod qr;
mod team;

use serde::Serialize;

use crate::crs::{gcj02_to_bd09, wgs84_to_gcj02};
use crate::model::{LonLat, PlanDocument, RouteSheet};

pub use legs::{split_legs, Leg};
pub use qr::{qr_svg, QrError};
pub use team::{
    encode_polyline, simplify_m, team_fragment, team_links, team_route, TeamLeg, TeamLink, TeamNav,
    TeamPlanRef, TeamRoute, QR_MAX_BYTES, SIMPLIFY_M, TEAM_LINK_PREFIX, TEAM_ROUTE_FORMAT,
};

/// A navigation app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NavProvider {
    /// AMap (高德地图), GCJ-02, at most 16 ordered waypoints.
    Amap,
    /// Baidu Maps (百度地图), BD-09, at most 10 ordered waypoints.
    Baidu,
}

impl NavProvider {
    /// The most intermediate waypoints one link may carry.
    pub fn max_waypoints(self) -> usize {
        match self {
            NavProvider::Amap => 16,
            NavProvider::Baidu => 10,
        }
    }

    /// The app's datum: `gcj02` or `bd09ll`.
    pub fn datum(self) -> &'static str {
        match self {
            NavProvider::Amap => "gcj02",
            NavProvider::Baidu => "bd09ll",
        }
    }

    /// Converts a WGS-84 position to the app's datum.
    pub fn convert(self, p: LonLat) -> LonLat {
        match self {
            NavProvider::Amap => wgs84_to_gcj02(p),
            NavProvider::Baidu => gcj02_to_bd09(wgs84_to_gcj02(p)),
        }
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            NavProvider::Amap => "高德地图",
            NavProvider::Baidu => "百度地图",
        }
    }
}

/// Error for an unknown provider name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知导航应用「{0}」：可用 amap（高德）、baidu（百度）")]
pub struct UnknownProvider(pub String);

impl std::str::FromStr for NavProvider {
    type Err = UnknownProvider;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "amap" | "gaode" | "高德" => Ok(NavProvider::Amap),
            "baidu" | "bmap" | "百度" => Ok(NavProvider::Baidu),
            _ => Err(UnknownProvider(s.to_string())),
        }
    }
}

/// Which phone system the QR code's link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Phone {
    /// Android (AMap `amapuri://`, Baidu `baidumap://`).
    #[default]
    Android,
    /// iOS (AMap `iosamap://`, Baidu `baidumap://`).
    Ios,
}

/// Options of the links.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct NavOptions {
    /// Who is calling, as the apps ask (`sourceApplication`, `src`).
    pub app_name: String,
    /// City for Baidu's web page (`region`), e.g. `苏州`; empty to leave it out.
    pub region: String,
    /// Stop names are shortened to this many characters in links (apps show about 8); 0 keeps
    /// only the stop number. Shorter names give smaller, easier-to-scan QR codes.
    pub max_name_chars: usize,
    /// Phone system whose link the QR code holds.
    pub phone: Phone,
    /// Make a QR code (SVG) per leg.
    pub qr: bool,
}

impl Default for NavOptions {
    fn default() -> Self {
        NavOptions {
            app_name: "zouhang".into(),
            region: String::new(),
            max_name_chars: 6,
            phone: Phone::Android,
            qr: true,
        }
    }
}

/// One stop as handed to the app.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NavPoint {
    /// 1-based position of the stop in the route.
    pub seq: usize,
    /// Name as written in the link (`{seq}.{name}`, shortened).
    pub name: String,
    /// Position in the app's datum.
    pub lon: f64,
    /// Position in the app's datum.
    pub lat: f64,
}

/// One leg's links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NavLeg {
    /// 1-based leg number.
    pub number: usize,
    /// The leg's stops in order: origin, waypoints, destination.
    pub points: Vec<NavPoint>,
    /// Android app URI (all waypoints).
    pub android_url: String,
    /// iOS app URI (all waypoints).
    pub ios_url: String,
    /// Web page (see `web_complete`).
    pub web_url: String,
    /// True when the web page carries every stop of the leg.
    pub web_complete: bool,
    /// QR code of the phone link as SVG text, when asked for and when it fits.
    pub qr_svg: Option<String>,
    /// Why there is no QR code, when asked for.
    pub qr_error: Option<String>,
}

/// The links of one route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NavLinks {
    /// The app.
    pub provider: NavProvider,
    /// The datum of every position in the links.
    pub datum: String,
    /// Route id.
    pub route: String,
    /// Route name.
    pub route_name: String,
    /// Intermediate waypoints allowed per leg.
    pub max_waypoints: usize,
    /// The legs in driving order.
    pub legs: Vec<NavLeg>,
}

/// The links for one route: stops with valid positions, in order, split into legs.
///
/// ```
/// use zouhang::nav::{route_nav_links, NavOptions, NavProvider};
/// use zouhang::model::{RouteSheet, SheetStop};
/// use zouhang::LonLat;
/// let stops = (0..40).map(|i| SheetStop { id: format!("E{i}"), name: format!("企业{i}"),
///     location: LonLat::new(120.5 + i as f64 * 0.01, 31.3), kind: "visit".into(),
///     arrival: None, departure: None, service_s: 600.0, note: String::new() }).collect();
/// let r = RouteSheet { id: "r1".into(), name: "r".into(), team: String::new(), date: None, stops,
///     geometry: vec![], along_roads: false, distance_m: 0.0, duration_s: 0.0, measured_m: None };
/// let opts = NavOptions { qr: false, ..Default::default() };
/// let amap = route_nav_links(&r, NavProvider::Amap, &opts);
/// assert_eq!(amap.legs.len(), 3); // 40 stops, at most 16 waypoints between origin and destination
/// assert!(amap.legs[0].android_url.starts_with("amapuri://route/plan/?"));
/// ```
pub fn route_nav_links(route: &RouteSheet, provider: NavProvider, opts: &NavOptions) -> NavLinks {
    let stops: Vec<NavPoint> = route
        .stops
        .iter()
        .enumerate()
        .filter(|(_, s)| s.location.is_valid())
        .map(|(i, s)| {
            let p = provider.convert(s.location);
            let name = if s.name.trim().is_empty() {
                &s.id
            } else {
                &s.name
            };
            NavPoint {
                seq: i + 1,
                name: short_name(i + 1, name, opts.max_name_chars),
                lon: p.lon,
                lat: p.lat,
            }
        })
        .collect();
    let legs = split_legs(stops.len(), provider.max_waypoints())
        .into_iter()
        .enumerate()
        .map(|(k, leg)| {
            let points: Vec<NavPoint> = stops
                .get(leg.first..=leg.last)
                .map(<[NavPoint]>::to_vec)
                .unwrap_or_default();
            let (android_url, ios_url, web_url, web_complete) = match provider {
                NavProvider::Amap => (
                    amap::app_url(&points, opts, false),
                    amap::app_url(&points, opts, true),
                    amap::web_url(&points, opts),
                    points.len() <= 3,
                ),
                NavProvider::Baidu => (
                    baidu::app_url(&points, opts, false),
                    baidu::app_url(&points, opts, true),
                    baidu::web_url(&points, opts),
                    points.len() <= 2,
                ),
            };
            let (qr_svg, qr_error) = if opts.qr {
                let url = match opts.phone {
                    Phone::Android => &android_url,
                    Phone::Ios => &ios_url,
                };
                match qr_svg(url) {
                    Ok(s) => (Some(s), None),
                    Err(e) => (None, Some(e.to_string())),
                }
            } else {
                (None, None)
            };
            NavLeg {
                number: k + 1,
                points,
                android_url,
                ios_url,
                web_url,
                web_complete,
                qr_svg,
                qr_error,
            }
        })
        .collect();
    NavLinks {
        provider,
        datum: provider.datum().to_string(),
        route: route.id.clone(),
        route_name: route.name.clone(),
        max_waypoints: provider.max_waypoints(),
        legs,
    }
}

/// The links for every route of a plan.
pub fn plan_nav_links(
    doc: &PlanDocument,
    provider: NavProvider,
    opts: &NavOptions,
) -> Vec<NavLinks> {
    doc.routes
        .iter()
        .map(|r| route_nav_links(r, provider, opts))
        .collect()
}

/// `"{seq}.{name}"` with the name cut to `max` characters (just `"{seq}"` when `max` is 0) and
/// the characters the link formats use as separators (`| , ; : " { } [ ]`) replaced by spaces.
fn short_name(seq: usize, name: &str, max: usize) -> String {
    if max == 0 {
        return seq.to_string();
    }
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '|' | ',' | ';' | ':' | '"' | '{' | '}' | '[' | ']') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut short: String = cleaned.trim().chars().take(max).collect();
    if cleaned.trim().chars().count() > max {
        short.push('…');
    }
    format!("{seq}.{short}")
}

/// Percent-encodes a URI component (everything but RFC 3986's unreserved characters), UTF-8.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A coordinate with 6 decimals, as the apps ask ("小数点后不超过6位").
fn c6(v: f64) -> String {
    format!("{v:.6}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_cleaned_and_shortened() {
        assert_eq!(short_name(3, "甲|乙,丙", 12), "3.甲 乙 丙");
        assert_eq!(short_name(1, "一二三四五六七八九十", 4), "1.一二三四…");
        assert_eq!(short_name(7, "一二三", 0), "7");
        assert_eq!(percent_encode("苏 A-1"), "%E8%8B%8F%20A-1");
    }
}
