//! Station surroundings (国控站点重点涉气污染源地图): the pollution sources around a national
//! control station, by distance, bearing and wind.
//!
//! A city station represents an area of 500 m – 4 km radius (HJ 664-2013); local practice lists
//! sources within 3 km in five categories, with rings at 0.5, 1, 3 and 5 km. Sources *upwind*
//! of the station matter most: with the wind blowing **from** `wind_from_deg` (meteorological
//! convention), a source is upwind when the bearing from the station to the source lies within
//! half the sector width of `wind_from_deg`.

use serde::{Deserialize, Serialize};

use crate::geodesy::{angle_diff_deg, bearing_deg, direction_8};
use crate::layers::Layers;
use crate::model::{EmissionClass, SourceCategory, SourceKind, Station, Supervision};

/// The default rings, in km.
pub const DEFAULT_RINGS_KM: [f64; 4] = [0.5, 1.0, 3.0, 5.0];

/// Errors of the planning workflows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// No station with that code is loaded.
    #[error("找不到站点「{code}」：已加载 {loaded} 个站点")]
    UnknownStation {
        /// The code asked for.
        code: String,
        /// How many stations are loaded.
        loaded: usize,
    },
    /// A parameter is out of range.
    #[error("参数 {name} = {value} 无效：{expected}")]
    BadParameter {
        /// Parameter name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What is expected, in Chinese.
        expected: &'static str,
    },
}

/// What to look for around a station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurroundingsQuery {
    /// Station code, e.g. `1161A`.
    pub station: String,
    /// Search radius in km (default 3).
    pub radius_km: f64,
    /// Wind direction the wind blows from, degrees clockwise from north; `None` = no wind.
    pub wind_from_deg: Option<f64>,
    /// Width of the upwind sector in degrees (default 90).
    pub sector_deg: f64,
    /// Ring radii in km for the counts (default 0.5, 1, 3, 5; only rings ≤ radius are used and
    /// the radius itself is always the last ring).
    pub rings_km: Vec<f64>,
    /// Only these categories (empty = all).
    pub categories: Vec<SourceCategory>,
}

impl Default for SurroundingsQuery {
    fn default() -> Self {
        SurroundingsQuery {
            station: String::new(),
            radius_km: 3.0,
            wind_from_deg: None,
            sector_deg: 90.0,
            rings_km: DEFAULT_RINGS_KM.to_vec(),
            categories: Vec::new(),
        }
    }
}

/// One source in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurroundingSource {
    /// Register id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category (工业企业, 餐饮, 汽修, 加油站, 建筑工地, 电厂).
    pub category: SourceCategory,
    /// Enterprise or power plant.
    pub kind: SourceKind,
    /// Industry.
    pub industry: String,
    /// Main pollutant class.
    pub emission: EmissionClass,
    /// Key polluter flag.
    pub key_polluter: bool,
    /// Supervision class.
    pub supervision: Supervision,
    /// District.
    pub district: String,
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// Great-circle distance from the station, metres (rounded to 0.1 m).
    pub distance_m: f64,
    /// Bearing from the station to the source, degrees clockwise from north (0.1°).
    pub bearing_deg: f64,
    /// 8-point Chinese direction of the source as seen from the station (北, 东北, …).
    pub direction: String,
    /// Whether the source is upwind; `None` when no wind was given.
    pub upwind: Option<bool>,
    /// The smallest ring (km) the source is inside.
    pub ring_km: f64,
    /// Shortest driving distance from the station, metres, when a road graph is loaded
    /// ([`with_road_distances`]); `None` otherwise or when the source is off the network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub road_distance_m: Option<f64>,
}

/// Counts for one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The category.
    pub category: SourceCategory,
    /// Count per ring band (same order as [`Surroundings::rings_km`]; band *i* is between ring
    /// *i − 1* and ring *i*).
    pub per_ring: Vec<usize>,
    /// Total within the radius.
    pub total: usize,
    /// Upwind within the radius (0 when no wind was given).
    pub upwind: usize,
}

/// The answer: the station, the sorted source list and the counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surroundings {
    /// The station.
    pub station: Station,
    /// Radius used, metres.
    pub radius_m: f64,
    /// Wind direction used (from), degrees.
    pub wind_from_deg: Option<f64>,
    /// Sector width used, degrees.
    pub sector_deg: f64,
    /// Rings used, km, ascending; the last equals the radius.
    pub rings_km: Vec<f64>,
    /// Sources, nearest first.
    pub sources: Vec<SurroundingSource>,
    /// Counts per category (every category, in display order).
    pub counts: Vec<CategoryCount>,
    /// True when `road_distance_m` was computed on a road graph.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub distances_by_road: bool,
}

/// Adds the driving distance from the station to every source on a road network (one
/// one-to-many query on the contraction hierarchy).
pub fn with_road_distances(s: &mut Surroundings, net: &crate::roads::RoadNetwork) {
    let to: Vec<crate::model::LonLat> = s
        .sources
        .iter()
        .map(|x| crate::model::LonLat::new(x.lon, x.lat))
        .collect();
    let d = net.distances_from(
        s.station.location,
        &to,
        &crate::roads::SnapOptions::default(),
    );
    for (src, m) in s.sources.iter_mut().zip(d) {
        src.road_distance_m = m.map(|v| (v * 10.0).round() / 10.0);
    }
    s.distances_by_road = true;
}

/// Lists the sources around a station.
///
/// ```
/// use zouhang::{embedded::suzhou_layers, plan::{surroundings, SurroundingsQuery}};
/// let (layers, _) = suzhou_layers();
/// let q = SurroundingsQuery { station: "1161A".into(), wind_from_deg: Some(135.0), ..Default::default() };
/// let s = surroundings(&layers, &q).unwrap();
/// assert!(s.sources.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
/// assert!(s.sources.iter().all(|x| x.distance_m <= 3000.0 && x.upwind.is_some()));
/// ```
pub fn surroundings(layers: &Layers, q: &SurroundingsQuery) -> Result<Surroundings, PlanError> {
    let station = layers
        .station(&q.station)
        .ok_or_else(|| PlanError::UnknownStation {
            code: q.station.clone(),
            loaded: layers.stations.len(),
        })?
        .clone();
    if !(q.radius_km.is_finite() && q.radius_km > 0.0 && q.radius_km <= 50.0) {
        return Err(PlanError::BadParameter {
            name: "radius_km",
            value: q.radius_km,
            expected: "应在 0～50 km 之间",
        });
    }
    if !(q.sector_deg.is_finite() && q.sector_deg > 0.0 && q.sector_deg <= 360.0) {
        return Err(PlanError::BadParameter {
            name: "sector_deg",
            value: q.sector_deg,
            expected: "应在 0～360° 之间",
        });
    }
    if let Some(w) = q.wind_from_deg {
        if !w.is_finite() {
            return Err(PlanError::BadParameter {
                name: "wind_from_deg",
                value: w,
                expected: "应为 0～360° 的风向（风的来向）",
            });
        }
    }
    let wind = q.wind_from_deg.map(|w| w.rem_euclid(360.0));
    let rings_km = rings_for(&q.rings_km, q.radius_km);
    let radius_m = q.radius_km * 1000.0;
    let mut sources = Vec::new();
    for hit in layers
        .sources
        .index()
        .within_radius(station.location, radius_m)
    {
        let Some(s) = layers.sources.items().get(hit.index as usize) else {
            continue;
        };
        if !q.categories.is_empty() && !q.categories.contains(&s.category) {
            continue;
        }
        let bearing = bearing_deg(station.location, s.location);
        let upwind = wind.map(|w| angle_diff_deg(bearing, w) <= q.sector_deg / 2.0);
        let ring_km = rings_km
            .iter()
            .copied()
            .find(|r| hit.distance_m <= r * 1000.0)
            .unwrap_or(q.radius_km);
        sources.push(SurroundingSource {
            id: s.id.clone(),
            name: s.name.clone(),
            category: s.category,
            kind: s.kind,
            industry: s.industry.clone(),
            emission: s.emission,
            key_polluter: s.key_polluter,
            supervision: s.supervision,
            district: s.district.clone(),
            lon: s.location.lon,
            lat: s.location.lat,
            distance_m: (hit.distance_m * 10.0).round() / 10.0,
            bearing_deg: (bearing * 10.0).round() / 10.0 % 360.0,
            direction: direction_8(bearing).to_string(),
            upwind,
            ring_km,
            road_distance_m: None,
        });
    }
    let counts = SourceCategory::ALL
        .iter()
        .map(|&category| {
            let of_cat: Vec<&SurroundingSource> =
                sources.iter().filter(|s| s.category == category).collect();
            CategoryCount {
                category,
                per_ring: rings_km
                    .iter()
                    .map(|r| of_cat.iter().filter(|s| s.ring_km == *r).count())
                    .collect(),
                total: of_cat.len(),
                upwind: of_cat.iter().filter(|s| s.upwind == Some(true)).count(),
            }
        })
        .collect();
    Ok(Surroundings {
        station,
        radius_m,
        wind_from_deg: wind,
        sector_deg: q.sector_deg,
        rings_km,
        sources,
        counts,
        distances_by_road: false,
    })
}

/// Valid rings below the radius, ascending and unique, ending with the radius.
fn rings_for(rings: &[f64], radius_km: f64) -> Vec<f64> {
    let mut r: Vec<f64> = rings
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x > 0.0 && *x < radius_km)
        .collect();
    r.sort_by(f64::total_cmp);
    r.dedup();
    r.push(radius_km);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::destination;
    use crate::layers::Layer;
    use crate::model::{LonLat, Source};

    fn source(id: &str, at: LonLat, industry: &str) -> Source {
        Source {
            id: id.into(),
            name: id.into(),
            kind: SourceKind::Enterprise,
            industry: industry.into(),
            category: SourceCategory::of_industry(industry),
            emission: EmissionClass::Vocs,
            key_polluter: false,
            supervision: Supervision::General,
            district: String::new(),
            location: at,
            capacity_mw: None,
            fuel: None,
        }
    }

    fn layers() -> Layers {
        let st = LonLat::new(120.628, 31.2864);
        Layers {
            stations: Layer::new(vec![Station {
                code: "1161A".into(),
                name: "南门".into(),
                city: "苏州".into(),
                location: st,
                background: false,
            }]),
            sources: Layer::new(vec![
                source("se-400", destination(st, 135.0, 400.0), "涂装"),
                source("n-2000", destination(st, 0.0, 2000.0), "餐饮"),
                source("w-2900", destination(st, 270.0, 2900.0), "汽修"),
                source("e-3100", destination(st, 90.0, 3100.0), "化工"),
                source("s-900", destination(st, 181.0, 900.0), "加油站"),
            ]),
            ..Default::default()
        }
    }

    #[test]
    fn lists_sorted_with_bearing_direction_rings_and_upwind() {
        let q = SurroundingsQuery {
            station: "1161a".into(),
            wind_from_deg: Some(135.0),
            ..Default::default()
        };
        let s = surroundings(&layers(), &q).unwrap();
        let ids: Vec<&str> = s.sources.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["se-400", "s-900", "n-2000", "w-2900"]);
        assert_eq!(s.rings_km, vec![0.5, 1.0, 3.0]);
        let se = &s.sources[0];
        assert_eq!(se.direction, "东南");
        assert!((se.bearing_deg - 135.0).abs() < 0.2);
        assert!((se.distance_m - 400.0).abs() < 0.5);
        assert_eq!(se.ring_km, 0.5);
        assert_eq!(se.upwind, Some(true));
        // 181° is 46° from 135°: outside a 90° sector, inside a 100° one
        assert_eq!(s.sources[1].upwind, Some(false));
        let wide = surroundings(
            &layers(),
            &SurroundingsQuery {
                sector_deg: 100.0,
                ..q.clone()
            },
        )
        .unwrap();
        assert_eq!(wide.sources[1].upwind, Some(true));
        let counts: Vec<(SourceCategory, usize)> =
            s.counts.iter().map(|c| (c.category, c.total)).collect();
        assert!(counts.contains(&(SourceCategory::Industry, 1)));
        assert!(counts.contains(&(SourceCategory::PetrolStation, 1)));
        let ind = s
            .counts
            .iter()
            .find(|c| c.category == SourceCategory::Industry)
            .unwrap();
        assert_eq!(ind.per_ring, vec![1, 0, 0]);
        assert_eq!(ind.upwind, 1);
    }

    #[test]
    fn no_wind_gives_null_upwind_and_errors_are_typed() {
        let s = surroundings(
            &layers(),
            &SurroundingsQuery {
                station: "1161A".into(),
                radius_km: 5.0,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(s.sources.len(), 5);
        assert!(s.sources.iter().all(|x| x.upwind.is_none()));
        assert!(matches!(
            surroundings(
                &layers(),
                &SurroundingsQuery {
                    station: "X".into(),
                    ..Default::default()
                }
            ),
            Err(PlanError::UnknownStation { .. })
        ));
        assert!(matches!(
            surroundings(
                &layers(),
                &SurroundingsQuery {
                    station: "1161A".into(),
                    radius_km: f64::NAN,
                    ..Default::default()
                }
            ),
            Err(PlanError::BadParameter {
                name: "radius_km",
                ..
            })
        ));
    }
}
