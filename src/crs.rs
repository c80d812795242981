//! Coordinate systems used by Chinese maps: WGS-84, GCJ-02 and BD-09.
//!
//! * **WGS-84**: GPS, FIRMS, OSM, GPX, GeoJSON. Everything inside the planner is WGS-84.
//! * **GCJ-02** (国测局坐标, "Mars coordinates"): AMap (高德), Tencent and most Chinese POI lists.
//!   WGS→GCJ is the public closed-form obfuscation (constants a = 6378245.0 and
//!   ee = 0.00669342162296594323); outside mainland China no offset is applied. GCJ→WGS has no
//!   closed form and is solved by fixed-point iteration of the forward transform until the
//!   residual is below 1e-9° (about 0.1 mm).
//! * **BD-09**: Baidu, a further rotation/scaling of GCJ-02.
//!
//! "Outside mainland China" uses the customary rectangle lon 72.004–137.8347,
//! lat 0.8293–55.8271, as the reference implementations do.

use std::f64::consts::PI;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::LonLat;

/// A coordinate system for import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Crs {
    /// WGS-84 (GPS, OSM, FIRMS). The planner's own system.
    #[default]
    Wgs84,
    /// GCJ-02 (AMap, Tencent).
    Gcj02,
    /// BD-09 (Baidu).
    Bd09,
}

impl Crs {
    /// The lowercase name used in files, the CLI and JSON: `wgs84`, `gcj02`, `bd09`.
    pub fn name(self) -> &'static str {
        match self {
            Crs::Wgs84 => "wgs84",
            Crs::Gcj02 => "gcj02",
            Crs::Bd09 => "bd09",
        }
    }

    /// Converts a position given in this system to WGS-84.
    pub fn to_wgs84(self, p: LonLat) -> LonLat {
        match self {
            Crs::Wgs84 => p,
            Crs::Gcj02 => gcj02_to_wgs84(p),
            Crs::Bd09 => gcj02_to_wgs84(bd09_to_gcj02(p)),
        }
    }

    /// Converts a WGS-84 position to this system.
    pub fn from_wgs84(self, p: LonLat) -> LonLat {
        match self {
            Crs::Wgs84 => p,
            Crs::Gcj02 => wgs84_to_gcj02(p),
            Crs::Bd09 => gcj02_to_bd09(wgs84_to_gcj02(p)),
        }
    }
}

/// Error for an unknown coordinate-system name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知坐标系「{0}」：可用 wgs84、gcj02、bd09")]
pub struct UnknownCrs(pub String);

impl FromStr for Crs {
    type Err = UnknownCrs;

    /// Accepts `wgs84`, `gcj02`, `bd09` in any case, with or without `-`/`_`, and the common
    /// Chinese names (`火星坐标`, `高德`, `百度`, `GPS`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k: String = s
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        match k.as_str() {
            "wgs84" | "wgs" | "gps" | "epsg4326" | "cgcs2000" => Ok(Crs::Wgs84),
            "gcj02" | "gcj" | "火星坐标" | "高德" | "腾讯" | "amap" => Ok(Crs::Gcj02),
            "bd09" | "bd09ll" | "bd" | "百度" | "baidu" => Ok(Crs::Bd09),
            _ => Err(UnknownCrs(s.to_string())),
        }
    }
}

const A: f64 = 6378245.0;
#[allow(clippy::excessive_precision)] // the published constant, as written
const EE: f64 = 0.006_693_421_622_965_943_23;
const X_PI: f64 = PI * 3000.0 / 180.0;

/// True when the position is outside the rectangle in which GCJ-02 applies an offset.
pub fn out_of_china(p: LonLat) -> bool {
    !(72.004..=137.8347).contains(&p.lon) || !(0.8293..=55.8271).contains(&p.lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    ret
}

fn transform_lon(x: f64, y: f64) -> f64 {
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    ret
}

/// The GCJ-02 offset (degrees) at a WGS-84 position.
fn gcj_offset(p: LonLat) -> (f64, f64) {
    let x = p.lon - 105.0;
    let y = p.lat - 35.0;
    let mut d_lat = transform_lat(x, y);
    let mut d_lon = transform_lon(x, y);
    let rad_lat = p.lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    d_lon = (d_lon * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    (d_lon, d_lat)
}

/// WGS-84 → GCJ-02.
///
/// ```
/// use zouhang::{crs::wgs84_to_gcj02, LonLat};
/// // reference pair published with the widely used `coordtransform` package
/// let g = wgs84_to_gcj02(LonLat::new(116.404, 39.915));
/// assert!((g.lon - 116.41024449916938).abs() < 1e-9);
/// assert!((g.lat - 39.91640428150164).abs() < 1e-9);
/// ```
pub fn wgs84_to_gcj02(p: LonLat) -> LonLat {
    if !p.is_valid() || out_of_china(p) {
        return p;
    }
    let (d_lon, d_lat) = gcj_offset(p);
    LonLat::new(p.lon + d_lon, p.lat + d_lat)
}

/// GCJ-02 → WGS-84 by fixed-point iteration: find `w` with `wgs84_to_gcj02(w) == g`.
///
/// Converges to below 1e-9° in a handful of steps; the round trip
/// `gcj02_to_wgs84(wgs84_to_gcj02(p))` is within a millimetre of `p`.
pub fn gcj02_to_wgs84(g: LonLat) -> LonLat {
    if !g.is_valid() || out_of_china(g) {
        return g;
    }
    let mut w = g;
    for _ in 0..30 {
        let f = wgs84_to_gcj02(w);
        let (ex, ey) = (f.lon - g.lon, f.lat - g.lat);
        w = LonLat::new(w.lon - ex, w.lat - ey);
        if ex.abs() < 1e-10 && ey.abs() < 1e-10 {
            break;
        }
    }
    w
}

/// GCJ-02 → BD-09.
///
/// ```
/// use zouhang::{crs::gcj02_to_bd09, LonLat};
/// let b = gcj02_to_bd09(LonLat::new(116.404, 39.915));
/// assert!((b.lon - 116.41036949371029).abs() < 1e-9);
/// assert!((b.lat - 39.92133699351021).abs() < 1e-9);
/// ```
pub fn gcj02_to_bd09(g: LonLat) -> LonLat {
    if !g.is_valid() {
        return g;
    }
    let (x, y) = (g.lon, g.lat);
    let z = (x * x + y * y).sqrt() + 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) + 0.000003 * (x * X_PI).cos();
    LonLat::new(z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// BD-09 → GCJ-02.
///
/// ```
/// use zouhang::{crs::bd09_to_gcj02, LonLat};
/// let g = bd09_to_gcj02(LonLat::new(116.404, 39.915));
/// assert!((g.lon - 116.39762729119315).abs() < 1e-9);
/// assert!((g.lat - 39.90865673957631).abs() < 1e-9);
/// ```
pub fn bd09_to_gcj02(b: LonLat) -> LonLat {
    if !b.is_valid() {
        return b;
    }
    let (x, y) = (b.lon - 0.0065, b.lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    LonLat::new(z * theta.cos(), z * theta.sin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::haversine_m;

    /// A seeded grid over mainland China and Suzhou: every round trip within 0.5 m.
    #[test]
    fn round_trips_are_sub_half_metre() {
        let mut worst = 0.0f64;
        for i in 0..60 {
            for j in 0..40 {
                let p = LonLat::new(75.0 + i as f64 * 1.0, 18.0 + j as f64 * 0.9);
                for crs in [Crs::Gcj02, Crs::Bd09] {
                    let back = crs.to_wgs84(crs.from_wgs84(p));
                    worst = worst.max(haversine_m(p, back));
                }
            }
        }
        assert!(worst < 0.5, "worst round trip {worst} m");
        // Suzhou: GCJ offset is several hundred metres and the inverse is exact to 1 mm.
        let sz = LonLat::new(120.628, 31.2864);
        let g = wgs84_to_gcj02(sz);
        let off = haversine_m(sz, g);
        assert!(off > 300.0 && off < 800.0, "offset {off}");
        assert!(haversine_m(gcj02_to_wgs84(g), sz) < 1e-3);
    }

    #[test]
    fn no_offset_outside_china_or_on_bad_input() {
        let nyc = LonLat::new(-74.006, 40.7128);
        assert_eq!(wgs84_to_gcj02(nyc), nyc);
        assert_eq!(gcj02_to_wgs84(nyc), nyc);
        let nan = LonLat::new(f64::NAN, 31.0);
        assert!(wgs84_to_gcj02(nan).lon.is_nan());
        assert!(gcj02_to_bd09(nan).lon.is_nan());
    }

    #[test]
    fn parses_names() {
        assert_eq!("GCJ-02".parse::<Crs>(), Ok(Crs::Gcj02));
        assert_eq!("bd09".parse::<Crs>(), Ok(Crs::Bd09));
        assert_eq!("百度".parse::<Crs>(), Ok(Crs::Bd09));
        assert_eq!(" WGS84 ".parse::<Crs>(), Ok(Crs::Wgs84));
        assert!("utm".parse::<Crs>().is_err());
    }
}
