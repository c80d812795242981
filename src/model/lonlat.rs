//! A WGS-84 position.

use serde::{Deserialize, Serialize};

/// A WGS-84 position in degrees. `lon` is east-positive, `lat` north-positive.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct LonLat {
    /// Longitude in degrees, −180..=180.
    pub lon: f64,
    /// Latitude in degrees, −90..=90.
    pub lat: f64,
}

impl LonLat {
    /// A position from longitude and latitude in degrees.
    pub const fn new(lon: f64, lat: f64) -> Self {
        LonLat { lon, lat }
    }

    /// True when both values are finite and inside the valid ranges.
    ///
    /// ```
    /// use zouhang::LonLat;
    /// assert!(LonLat::new(120.6, 31.3).is_valid());
    /// assert!(!LonLat::new(31.3, 120.6).is_valid()); // swapped columns
    /// assert!(!LonLat::new(f64::NAN, 0.0).is_valid());
    /// ```
    pub fn is_valid(self) -> bool {
        self.lon.is_finite()
            && self.lat.is_finite()
            && (-180.0..=180.0).contains(&self.lon)
            && (-90.0..=90.0).contains(&self.lat)
    }

    /// Rounds both values to 7 decimals (about 1 cm), as RFC 7946 recommends for GeoJSON.
    pub fn rounded7(self) -> Self {
        let r = |v: f64| (v * 1e7).round() / 1e7;
        LonLat::new(r(self.lon), r(self.lat))
    }
}

impl From<LonLat> for geo::Point<f64> {
    fn from(p: LonLat) -> Self {
        geo::Point::new(p.lon, p.lat)
    }
}

impl From<geo::Point<f64>> for LonLat {
    fn from(p: geo::Point<f64>) -> Self {
        LonLat::new(p.x(), p.y())
    }
}

impl From<LonLat> for geo::Coord<f64> {
    fn from(p: LonLat) -> Self {
        geo::coord! { x: p.lon, y: p.lat }
    }
}
