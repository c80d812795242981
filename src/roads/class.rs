//! Road classes, their default speeds, and the import configuration.
//!
//! A class is the OpenStreetMap `highway=*` value of a drivable way, plus [`RoadClass::MajorRoad`]
//! for graphs without classes (the `nodes`/`edges` CSV form and the routrs dataset). Default
//! speeds are typical free-flow car speeds in Chinese cities, deliberately below the legal
//! limits (traffic lights, congestion, ramps); every speed can be overridden, and classes can be
//! switched off:
//!
//! | class | OSM `highway=` | default km/h | kept by default |
//! |---|---|---:|---|
//! | 高速公路 motorway | `motorway` | 100 | yes |
//! | 高速匝道 motorway link | `motorway_link` | 50 | yes |
//! | 快速路/干线 trunk | `trunk` | 70 | yes |
//! | 干线匝道 trunk link | `trunk_link` | 40 | yes |
//! | 主干路 primary | `primary` | 50 | yes |
//! | 主干路连接 primary link | `primary_link` | 35 | yes |
//! | 次干路 secondary | `secondary` | 40 | yes |
//! | 次干路连接 secondary link | `secondary_link` | 30 | yes |
//! | 支路 tertiary | `tertiary` | 35 | yes |
//! | 支路连接 tertiary link | `tertiary_link` | 25 | yes |
//! | 未分级道路 unclassified | `unclassified` | 30 | yes |
//! | 居住区道路 residential | `residential` | 20 | yes |
//! | 生活街道 living street | `living_street` | 10 | yes |
//! | 服务道路 service | `service` | 15 | yes |
//! | 机耕路 track | `track` | 10 | no |
//! | 主要道路 major road (no classes) | — | 70 | yes |
//!
//! When [`RoadConfig::use_maxspeed`] is on (the default), a numeric `maxspeed` tag (km/h, or
//! `mph`) replaces the class default, multiplied by [`RoadConfig::maxspeed_factor`] (0.8, the
//! reduction OSRM's car profile applies, because drivers average below the limit).

use serde::{Deserialize, Serialize};

/// Number of road classes.
pub const CLASS_COUNT: usize = 16;

/// The class of a road edge. The discriminant is stored in the binary graph format: never
/// renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum RoadClass {
    /// `highway=motorway` (高速公路).
    Motorway = 0,
    /// `highway=motorway_link`.
    MotorwayLink = 1,
    /// `highway=trunk` (快速路/干线公路).
    Trunk = 2,
    /// `highway=trunk_link`.
    TrunkLink = 3,
    /// `highway=primary` (主干路).
    Primary = 4,
    /// `highway=primary_link`.
    PrimaryLink = 5,
    /// `highway=secondary` (次干路).
    Secondary = 6,
    /// `highway=secondary_link`.
    SecondaryLink = 7,
    /// `highway=tertiary` (支路).
    Tertiary = 8,
    /// `highway=tertiary_link`.
    TertiaryLink = 9,
    /// `highway=unclassified`.
    Unclassified = 10,
    /// `highway=residential`.
    Residential = 11,
    /// `highway=living_street`.
    LivingStreet = 12,
    /// `highway=service`.
    Service = 13,
    /// `highway=track` (off by default).
    Track = 14,
    /// A road of a graph without classes (CSV form, routrs dataset).
    MajorRoad = 15,
}

impl RoadClass {
    /// Every class, in discriminant order.
    pub const ALL: [RoadClass; CLASS_COUNT] = [
        RoadClass::Motorway,
        RoadClass::MotorwayLink,
        RoadClass::Trunk,
        RoadClass::TrunkLink,
        RoadClass::Primary,
        RoadClass::PrimaryLink,
        RoadClass::Secondary,
        RoadClass::SecondaryLink,
        RoadClass::Tertiary,
        RoadClass::TertiaryLink,
        RoadClass::Unclassified,
        RoadClass::Residential,
        RoadClass::LivingStreet,
        RoadClass::Service,
        RoadClass::Track,
        RoadClass::MajorRoad,
    ];

    /// The class of an OSM `highway=*` value, `None` for values that are not roads for cars.
    ///
    /// ```
    /// use zouhang::roads::RoadClass;
    /// assert_eq!(RoadClass::from_osm("trunk"), Some(RoadClass::Trunk));
    /// assert_eq!(RoadClass::from_osm("footway"), None);
    /// ```
    pub fn from_osm(highway: &str) -> Option<RoadClass> {
        RoadClass::ALL
            .into_iter()
            .find(|c| *c != RoadClass::MajorRoad && c.osm_name() == highway)
    }

    /// The class from its stored code.
    pub fn from_code(code: u8) -> Option<RoadClass> {
        RoadClass::ALL.get(usize::from(code)).copied()
    }

    /// The stored code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The OSM `highway=*` value (`major_road` for [`RoadClass::MajorRoad`]).
    pub fn osm_name(self) -> &'static str {
        match self {
            RoadClass::Motorway => "motorway",
            RoadClass::MotorwayLink => "motorway_link",
            RoadClass::Trunk => "trunk",
            RoadClass::TrunkLink => "trunk_link",
            RoadClass::Primary => "primary",
            RoadClass::PrimaryLink => "primary_link",
            RoadClass::Secondary => "secondary",
            RoadClass::SecondaryLink => "secondary_link",
            RoadClass::Tertiary => "tertiary",
            RoadClass::TertiaryLink => "tertiary_link",
            RoadClass::Unclassified => "unclassified",
            RoadClass::Residential => "residential",
            RoadClass::LivingStreet => "living_street",
            RoadClass::Service => "service",
            RoadClass::Track => "track",
            RoadClass::MajorRoad => "major_road",
        }
    }

    /// The Chinese name for display.
    pub fn name_zh(self) -> &'static str {
        match self {
            RoadClass::Motorway => "高速公路",
            RoadClass::MotorwayLink => "高速匝道",
            RoadClass::Trunk => "快速路/干线",
            RoadClass::TrunkLink => "干线匝道",
            RoadClass::Primary => "主干路",
            RoadClass::PrimaryLink => "主干路连接道",
            RoadClass::Secondary => "次干路",
            RoadClass::SecondaryLink => "次干路连接道",
            RoadClass::Tertiary => "支路",
            RoadClass::TertiaryLink => "支路连接道",
            RoadClass::Unclassified => "未分级道路",
            RoadClass::Residential => "居住区道路",
            RoadClass::LivingStreet => "生活街道",
            RoadClass::Service => "服务道路",
            RoadClass::Track => "机耕路",
            RoadClass::MajorRoad => "主要道路",
        }
    }

    /// The default speed in km/h (see the module table).
    pub fn default_speed_kmh(self) -> f64 {
        match self {
            RoadClass::Motorway => 100.0,
            RoadClass::MotorwayLink => 50.0,
            RoadClass::Trunk => 70.0,
            RoadClass::TrunkLink => 40.0,
            RoadClass::Primary => 50.0,
            RoadClass::PrimaryLink => 35.0,
            RoadClass::Secondary => 40.0,
            RoadClass::SecondaryLink => 30.0,
            RoadClass::Tertiary => 35.0,
            RoadClass::TertiaryLink => 25.0,
            RoadClass::Unclassified => 30.0,
            RoadClass::Residential => 20.0,
            RoadClass::LivingStreet => 10.0,
            RoadClass::Service => 15.0,
            RoadClass::Track => 10.0,
            RoadClass::MajorRoad => 70.0,
        }
    }

    /// Whether OSM implies `oneway=yes` for this class (only `motorway`; roundabouts are
    /// handled by their `junction` tag).
    pub fn implies_oneway(self) -> bool {
        self == RoadClass::Motorway
    }
}

/// Which classes to keep and how fast to drive on them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadConfig {
    speeds_kmh: [f64; CLASS_COUNT],
    enabled: [bool; CLASS_COUNT],
    /// Use numeric `maxspeed` tags (times [`RoadConfig::maxspeed_factor`]) instead of the class
    /// default.
    pub use_maxspeed: bool,
    /// Factor applied to `maxspeed` (0.8 by default).
    pub maxspeed_factor: f64,
}

impl Default for RoadConfig {
    fn default() -> Self {
        RoadConfig {
            speeds_kmh: RoadClass::ALL.map(RoadClass::default_speed_kmh),
            enabled: RoadClass::ALL.map(|c| c != RoadClass::Track),
            use_maxspeed: true,
            maxspeed_factor: 0.8,
        }
    }
}

/// A bad speed or class setting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// The class name is not one of the table.
    #[error("未知道路等级「{0}」：可用 motorway、trunk、primary、secondary、tertiary、residential、service 等")]
    UnknownClass(String),
    /// The speed is not a number in 1..=200 km/h.
    #[error("道路等级 {class} 的速度「{value}」无效：应为 1–200 之间的数字（km/h）")]
    BadSpeed {
        /// The class as written.
        class: String,
        /// The value as written.
        value: String,
    },
}

impl RoadConfig {
    /// Speed of a class in km/h.
    pub fn speed_kmh(&self, class: RoadClass) -> f64 {
        self.speeds_kmh
            .get(usize::from(class.code()))
            .copied()
            .unwrap_or(30.0)
    }

    /// Whether ways of this class are kept.
    pub fn is_enabled(&self, class: RoadClass) -> bool {
        self.enabled
            .get(usize::from(class.code()))
            .copied()
            .unwrap_or(false)
    }

    /// Sets the speed of a class (km/h, clamped to 1..=200).
    pub fn set_speed(&mut self, class: RoadClass, kmh: f64) {
        if let Some(s) = self.speeds_kmh.get_mut(usize::from(class.code())) {
            *s = if kmh.is_finite() {
                kmh.clamp(1.0, 200.0)
            } else {
                30.0
            };
        }
    }

    /// Keeps or drops a class.
    pub fn set_enabled(&mut self, class: RoadClass, on: bool) {
        if let Some(e) = self.enabled.get_mut(usize::from(class.code())) {
            *e = on;
        }
    }

    /// Keeps exactly the given classes.
    pub fn keep_only(&mut self, classes: &[RoadClass]) {
        for c in RoadClass::ALL {
            self.set_enabled(c, classes.contains(&c));
        }
    }

    /// Applies a setting `class=kmh` (e.g. `residential=25`).
    ///
    /// ```
    /// use zouhang::roads::{RoadClass, RoadConfig};
    /// let mut c = RoadConfig::default();
    /// c.apply_speed("residential=25").unwrap();
    /// assert_eq!(c.speed_kmh(RoadClass::Residential), 25.0);
    /// assert!(c.apply_speed("footway=5").is_err());
    /// ```
    pub fn apply_speed(&mut self, setting: &str) -> Result<(), ConfigError> {
        let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
        let class = parse_class(name)?;
        let kmh: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| (1.0..=200.0).contains(v))
            .ok_or_else(|| ConfigError::BadSpeed {
                class: name.trim().to_string(),
                value: value.trim().to_string(),
            })?;
        self.set_speed(class, kmh);
        Ok(())
    }

    /// The enabled classes that OSM ways can have (everything but `major_road`), e.g. for the
    /// Overpass query.
    pub fn enabled_osm_classes(&self) -> Vec<RoadClass> {
        RoadClass::ALL
            .into_iter()
            .filter(|c| *c != RoadClass::MajorRoad && self.is_enabled(*c))
            .collect()
    }

    /// Travel speed for a way: `maxspeed` (times the factor) when allowed and parseable,
    /// else the class default.
    pub fn way_speed_kmh(&self, class: RoadClass, maxspeed: Option<&str>) -> f64 {
        if self.use_maxspeed {
            if let Some(v) = maxspeed.and_then(parse_maxspeed_kmh) {
                return (v * self.maxspeed_factor).clamp(1.0, 200.0);
            }
        }
        self.speed_kmh(class)
    }
}

/// Parses a class name (OSM value, case-insensitive).
pub fn parse_class(name: &str) -> Result<RoadClass, ConfigError> {
    let n = name.trim().to_lowercase();
    RoadClass::ALL
        .into_iter()
        .find(|c| c.osm_name() == n)
        .ok_or(ConfigError::UnknownClass(name.trim().to_string()))
}

/// Parses an OSM `maxspeed` value in km/h: `60`, `60 km/h`, `30 mph`; the first of `60;80`.
/// Symbolic values (`CN:urban`, `walk`, `none`) give `None`.
///
/// ```
/// use zouhang::roads::parse_maxspeed_kmh;
/// assert_eq!(parse_maxspeed_kmh("80"), Some(80.0));
/// assert_eq!(parse_maxspeed_kmh("30 mph").map(|v| v.round()), Some(48.0));
/// assert_eq!(parse_maxspeed_kmh("CN:urban"), None);
/// ```
pub fn parse_maxspeed_kmh(value: &str) -> Option<f64> {
    let first = value.split(';').next()?.trim();
    let (num, mph) = if let Some(n) = first.strip_suffix("mph") {
        (n.trim(), true)
    } else if let Some(n) = first.strip_suffix("km/h") {
        (n.trim(), false)
    } else if let Some(n) = first.strip_suffix("kmh") {
        (n.trim(), false)
    } else {
        (first, false)
    };
    let v: f64 = num.parse().ok()?;
    let kmh = if mph { v * 1.609_344 } else { v };
    (kmh.is_finite() && (3.0..=200.0).contains(&kmh)).then_some(kmh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_names_are_unique() {
        for (i, c) in RoadClass::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(c.code()), i);
            assert_eq!(RoadClass::from_code(c.code()), Some(c));
            assert_eq!(parse_class(c.osm_name()).ok(), Some(c));
        }
        assert_eq!(RoadClass::from_code(16), None);
        assert_eq!(RoadClass::from_osm("major_road"), None);
    }

    #[test]
    fn config_defaults_and_overrides() {
        let mut c = RoadConfig::default();
        assert!(!c.is_enabled(RoadClass::Track));
        assert_eq!(c.speed_kmh(RoadClass::Motorway), 100.0);
        assert_eq!(c.way_speed_kmh(RoadClass::Primary, Some("60")), 48.0);
        assert_eq!(c.way_speed_kmh(RoadClass::Primary, Some("none")), 50.0);
        c.use_maxspeed = false;
        assert_eq!(c.way_speed_kmh(RoadClass::Primary, Some("60")), 50.0);
        assert!(matches!(
            c.apply_speed("primary=abc"),
            Err(ConfigError::BadSpeed { .. })
        ));
        c.keep_only(&[RoadClass::Motorway]);
        assert_eq!(c.enabled_osm_classes(), vec![RoadClass::Motorway]);
    }
}
