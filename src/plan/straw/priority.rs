//! Incident priority: a transparent additive score, one reason per rule.
//!
//! Every rule adds points when it applies and says so in Chinese with the measured value, e.g.
//! `距高速公路 G2/G42 沪宁高速 1.2 km（≤ 2 km）+30`. Rules that do not apply are kept as
//! *checks* with their measured value (`距铁路 5.3 km（> 2 km）`), so that staff can see why an
//! incident is *not* urgent too. The weights live in [`PrioritySettings`] (defaults below,
//! editable in the app); `docs/STRAW.md` explains each rule.
//!
//! | rule | default |
//! |---|---|
//! | every incident | +10 |
//! | ≤ 2 km of an expressway | +30 |
//! | ≤ 2 km of a railway or high-speed railway | +30 |
//! | ≤ 1 km of a national or provincial road | +15 |
//! | ≤ 15 km of an airport | +25 |
//! | night detection (FIRMS `daynight` N; otherwise 19:00–06:00 Beijing time) | +20 |
//! | fire radiative power ≥ 10 / 30 / 100 MW | +5 / +10 / +15 |
//! | confidence ≥ 50 / 80 | +5 / +10 |
//! | first seen in a harvest-peak window (20 May – 30 June, 10 Oct – 31 Dec) | +15 |
//! | ≤ 3 km of a national control station | +15 |
//! | seen at two or more different times | +5 |
//!
//! Corridor and station distances are measured from the incident's detection nearest to the
//! feature: an incident touches a ban zone when any of its detections does.

use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::layers::Layer;
use crate::model::{DayNight, FireDetection, FireSource, Station};
use crate::plan::straw::{CorridorClass, CorridorSource, Incident};

/// A threshold and the points it gives (tiers: the highest tier reached applies).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// Lowest value of the tier (inclusive).
    pub min: f64,
    /// Points.
    pub points: f64,
}

/// A day of the year, written `MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl MonthDay {
    /// A month and day; `None` when the day does not exist (29 February is allowed).
    pub fn new(month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(2024, month, day).map(|_| MonthDay { month, day })
    }

    fn of(date: NaiveDate) -> Self {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }
}

impl std::str::FromStr for MonthDay {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = crate::io::fullwidth_to_ascii(s);
        let parts: Vec<&str> = t
            .trim()
            .split(['-', '/', '.', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        let parsed = match parts.as_slice() {
            [m, d] => m
                .trim()
                .parse()
                .ok()
                .zip(d.trim().parse().ok())
                .and_then(|(m, d)| MonthDay::new(m, d)),
            _ => None,
        };
        parsed.ok_or_else(|| format!("无法识别的日期「{s}」：写成 MM-DD，如 05-20"))
    }
}

impl std::fmt::Display for MonthDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A window of days each year, inclusive; `from` after `to` wraps over the new year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DayWindow {
    /// First day.
    pub from: MonthDay,
    /// Last day.
    pub to: MonthDay,
}

impl DayWindow {
    /// True when `date` falls in the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        let d = MonthDay::of(date);
        if self.from <= self.to {
            self.from <= d && d <= self.to
        } else {
            d >= self.from || d <= self.to
        }
    }

    fn label(&self) -> String {
        format!(
            "{}月{}日–{}月{}日",
            self.from.month, self.from.day, self.to.month, self.to.day
        )
    }
}

/// The weights and thresholds of the priority rules (see the module table for the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrioritySettings {
    /// Points every incident gets.
    pub base_points: f64,
    /// Expressway ban zone, metres each side.
    pub expressway_m: f64,
    /// Points inside it.
    pub expressway_points: f64,
    /// Railway (and high-speed railway) ban zone, metres each side.
    pub railway_m: f64,
    /// Points inside it.
    pub railway_points: f64,
    /// National and provincial road ban zone, metres each side.
    pub road_m: f64,
    /// Points inside it.
    pub road_points: f64,
    /// Airport ban zone radius, metres.
    pub airport_m: f64,
    /// Points inside it.
    pub airport_points: f64,
    /// Points for a night detection.
    pub night_points: f64,
    /// Beijing hour at which night begins, for detections without a day/night flag.
    pub night_from_hour: u32,
    /// Beijing hour at which night ends.
    pub night_to_hour: u32,
    /// Fire radiative power tiers (MW).
    pub frp_tiers: Vec<Tier>,
    /// Confidence tiers (0–100).
    pub confidence_tiers: Vec<Tier>,
    /// Harvest-peak windows.
    pub harvest_windows: Vec<DayWindow>,
    /// Points when first seen inside a harvest-peak window.
    pub harvest_points: f64,
    /// Distance to a national control station, metres.
    pub station_m: f64,
    /// Points within it.
    pub station_points: f64,
    /// Points when seen at two or more different times.
    pub repeat_points: f64,
    /// Lowest score of the 高 (high) level.
    pub high_from: f64,
    /// Lowest score of the 中 (medium) level.
    pub medium_from: f64,
}

impl Default for PrioritySettings {
    fn default() -> Self {
        let md = |m, d| MonthDay { month: m, day: d };
        PrioritySettings {
            base_points: 10.0,
            expressway_m: 2000.0,
            expressway_points: 30.0,
            railway_m: 2000.0,
            railway_points: 30.0,
            road_m: 1000.0,
            road_points: 15.0,
            airport_m: 15_000.0,
            airport_points: 25.0,
            night_points: 20.0,
            night_from_hour: 19,
            night_to_hour: 6,
            frp_tiers: vec![
                Tier {
                    min: 10.0,
                    points: 5.0,
                },
                Tier {
                    min: 30.0,
                    points: 10.0,
                },
                Tier {
                    min: 100.0,
                    points: 15.0,
                },
            ],
            confidence_tiers: vec![
                Tier {
                    min: 50.0,
                    points: 5.0,
                },
                Tier {
                    min: 80.0,
                    points: 10.0,
                },
            ],
            harvest_windows: vec![
                DayWindow {
                    from: md(5, 20),
                    to: md(6, 30),
                },
                DayWindow {
                    from: md(10, 10),
                    to: md(12, 31),
                },
            ],
            harvest_points: 15.0,
            station_m: 3000.0,
            station_points: 15.0,
            repeat_points: 5.0,
            high_from: 70.0,
            medium_from: 40.0,
        }
    }
}

impl PrioritySettings {
    /// Problems with the values, one line each (empty when valid).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        let distances = [
            ("expressway_m", self.expressway_m),
            ("railway_m", self.railway_m),
            ("road_m", self.road_m),
            ("airport_m", self.airport_m),
            ("station_m", self.station_m),
        ];
        for (name, v) in distances {
            if !(v.is_finite() && (0.0..=crate::plan::straw::CORRIDOR_SEARCH_M).contains(&v)) {
                p.push(format!("{name} = {v} 无效，应在 0–50000 m 之间"));
            }
        }
        let points = [
            ("base_points", self.base_points),
            ("expressway_points", self.expressway_points),
            ("railway_points", self.railway_points),
            ("road_points", self.road_points),
            ("airport_points", self.airport_points),
            ("night_points", self.night_points),
            ("harvest_points", self.harvest_points),
            ("station_points", self.station_points),
            ("repeat_points", self.repeat_points),
            ("high_from", self.high_from),
            ("medium_from", self.medium_from),
        ];
        for (name, v) in points {
            if !v.is_finite() || v.abs() > 1000.0 {
                p.push(format!("{name} = {v} 无效，应为 −1000 到 1000 之间的数"));
            }
        }
        for t in self.frp_tiers.iter().chain(&self.confidence_tiers) {
            if !t.min.is_finite() || !t.points.is_finite() {
                p.push(format!("分档 {t:?} 无效"));
            }
        }
        if self.night_from_hour > 23 || self.night_to_hour > 23 {
            p.push(format!(
                "夜间时段 {}–{} 时无效，小时应在 0–23 之间",
                self.night_from_hour, self.night_to_hour
            ));
        }
        p
    }
}

/// 高 / 中 / 低.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PriorityLevel {
    /// 高.
    High,
    /// 中.
    Medium,
    /// 低.
    Low,
}

impl PriorityLevel {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            PriorityLevel::High => "高",
            PriorityLevel::Medium => "中",
            PriorityLevel::Low => "低",
        }
    }
}

/// One rule's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// Stable rule code: `base`, `expressway`, `railway`, `road`, `airport`, `night`, `frp`,
    /// `confidence`, `harvest`, `station`, `repeat`.
    pub code: String,
    /// The explanation in Chinese, with the points when the rule applied
    /// (`距高速公路 1.2 km（≤ 2 km）+30`).
    pub text: String,
    /// Points added (0 for a check that did not apply).
    pub points: f64,
    /// The measured value (metres, MW, confidence, hour) when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// An incident's score with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    /// Sum of the points of `reasons`.
    pub score: f64,
    /// 高 / 中 / 低 by [`PrioritySettings::high_from`] and [`PrioritySettings::medium_from`].
    pub level: PriorityLevel,
    /// The rules that applied, in rule order.
    pub reasons: Vec<Reason>,
    /// The rules that did not apply, with what was measured.
    pub checks: Vec<Reason>,
}

/// What priority scoring looks at besides the incident.
pub struct PriorityContext<'a> {
    /// Expressways, railways, roads, airports.
    pub corridors: &'a dyn CorridorSource,
    /// National control stations.
    pub stations: &'a Layer<Station>,
}

/// True when a detection was made at night: FIRMS's `daynight` flag when present, otherwise
/// the Beijing hour falls in `[night_from_hour, night_to_hour)` (wrapping over midnight).
pub fn is_night(d: &FireDetection, settings: &PrioritySettings) -> bool {
    match d.daynight {
        Some(DayNight::Night) => true,
        Some(DayNight::Day) => false,
        None => in_night_hours(d.time_bj.hour(), settings),
    }
}

fn in_night_hours(h: u32, s: &PrioritySettings) -> bool {
    let (a, b) = (s.night_from_hour, s.night_to_hour);
    if a <= b {
        h >= a && h < b
    } else {
        h >= a || h < b
    }
}

/// `850 m`, `1.2 km`, `2 km` (whole kilometres without decimals).
fn km(m: f64) -> String {
    if m < 1000.0 {
        format!("{m:.0} m")
    } else if (m / 1000.0).fract() == 0.0 {
        format!("{:.0} km", m / 1000.0)
    } else {
        format!("{:.1} km", m / 1000.0)
    }
}

fn pts(p: f64) -> String {
    if p == p.round() {
        format!("{p:+.0}")
    } else {
        format!("{p:+.1}")
    }
}

struct Builder {
    reasons: Vec<Reason>,
    checks: Vec<Reason>,
}

impl Builder {
    fn hit(&mut self, code: &str, text: String, points: f64, value: Option<f64>) {
        self.reasons.push(Reason {
            code: code.to_string(),
            text: format!("{text}{}", pts(points)),
            points,
            value,
        });
    }

    fn miss(&mut self, code: &str, text: String, value: Option<f64>) {
        self.checks.push(Reason {
            code: code.to_string(),
            text,
            points: 0.0,
            value,
        });
    }
}

/// Scores an incident.
///
/// ```
/// use zouhang::layers::Layer;
/// use zouhang::plan::straw::*;
/// # use chrono::NaiveDate;
/// # use zouhang::model::{FireDetection, FireSource, DayNight};
/// # use zouhang::LonLat;
/// # let d = FireDetection { location: LonLat::new(120.6, 31.3),
/// #   time_bj: NaiveDate::from_ymd_opt(2022, 5, 31).unwrap().and_hms_opt(22, 30, 0).unwrap(),
/// #   source: FireSource::Modis, satellite: "A".into(), confidence_pct: 85.0,
/// #   confidence_raw: "85".into(), frp_mw: Some(12.0), daynight: Some(DayNight::Night),
/// #   fire_type: None, area_m2: None, note: String::new() };
/// let incidents = cluster_incidents(vec![d], &ClusterSettings::default());
/// let stations = Layer::default();
/// let ctx = PriorityContext { corridors: &NoCorridors, stations: &stations };
/// let p = prioritise(&incidents[0], &ctx, &PrioritySettings::default());
/// // base 10 + night 20 + FRP ≥ 10 MW 5 + confidence ≥ 80 10 + harvest 15
/// assert_eq!(p.score, 60.0);
/// assert!(p.reasons.iter().any(|r| r.text == "夜间探测（22:30，卫星昼夜标记 N）+20"));
/// ```
pub fn prioritise(
    incident: &Incident,
    ctx: &PriorityContext<'_>,
    settings: &PrioritySettings,
) -> Priority {
    let s = settings;
    let mut b = Builder {
        reasons: Vec::new(),
        checks: Vec::new(),
    };
    b.hit("base", "火点事件".to_string(), s.base_points, None);

    let corridor = |classes: &[CorridorClass]| {
        let mut best: Option<(f64, String, CorridorClass)> = None;
        for &class in classes {
            for d in &incident.detections {
                if let Some(h) = ctx.corridors.nearest(d.location, class) {
                    if best.as_ref().is_none_or(|(bd, _, _)| h.distance_m < *bd) {
                        best = Some((h.distance_m, h.name, class));
                    }
                }
            }
        }
        best
    };
    let rules: [(&str, &[CorridorClass], f64, f64, &str); 4] = [
        (
            "expressway",
            &[CorridorClass::Expressway],
            s.expressway_m,
            s.expressway_points,
            "高速公路",
        ),
        (
            "railway",
            &[CorridorClass::Railway, CorridorClass::HighspeedRail],
            s.railway_m,
            s.railway_points,
            "铁路",
        ),
        (
            "road",
            &[CorridorClass::NationalRoad, CorridorClass::ProvincialRoad],
            s.road_m,
            s.road_points,
            "国道、省道",
        ),
        (
            "airport",
            &[CorridorClass::Airport],
            s.airport_m,
            s.airport_points,
            "机场",
        ),
    ];
    for (code, classes, limit_m, points, what) in rules {
        if !classes.iter().any(|&c| ctx.corridors.has_class(c)) {
            b.miss(code, format!("未加载{what}图层，未评估"), None);
            continue;
        }
        match corridor(classes) {
            Some((d, name, class)) => {
                let named = if name.is_empty() {
                    class.label().to_string()
                } else {
                    format!("{} {name}", class.label())
                };
                if d <= limit_m {
                    b.hit(
                        code,
                        format!("距{named} {}（≤ {}）", km(d), km(limit_m)),
                        points,
                        Some(d),
                    );
                } else {
                    b.miss(
                        code,
                        format!("距{named} {}（> {}）", km(d), km(limit_m)),
                        Some(d),
                    );
                }
            }
            None => b.miss(
                code,
                format!("{} 内无{what}", km(crate::plan::straw::CORRIDOR_SEARCH_M)),
                None,
            ),
        }
    }

    // night: the first night detection
    match incident.detections.iter().find(|d| is_night(d, s)) {
        Some(d) => {
            let how = match d.daynight {
                Some(_) => "卫星昼夜标记 N".to_string(),
                None => format!("{}:00–{}:00 视为夜间", s.night_from_hour, s.night_to_hour),
            };
            b.hit(
                "night",
                format!("夜间探测（{}，{how}）", d.time_bj.format("%H:%M")),
                s.night_points,
                Some(f64::from(d.time_bj.hour())),
            );
        }
        None => b.miss("night", "白天探测".to_string(), None),
    }

    match incident.max_frp_mw {
        Some(frp) => match best_tier(&s.frp_tiers, frp) {
            Some(t) => b.hit(
                "frp",
                format!("火辐射功率 {frp:.1} MW（≥ {} MW）", t.min),
                t.points,
                Some(frp),
            ),
            None => b.miss("frp", format!("火辐射功率 {frp:.1} MW"), Some(frp)),
        },
        None => b.miss("frp", "无火辐射功率".to_string(), None),
    }

    let conf = incident.max_confidence_pct;
    let conf_text = confidence_text(incident);
    match best_tier(&s.confidence_tiers, conf) {
        Some(t) => b.hit(
            "confidence",
            format!("置信度 {conf_text}（≥ {}）", t.min),
            t.points,
            Some(conf),
        ),
        None => b.miss("confidence", format!("置信度 {conf_text}"), Some(conf)),
    }

    let day = incident.first_seen.date();
    match s.harvest_windows.iter().find(|w| w.contains(day)) {
        Some(w) => b.hit(
            "harvest",
            format!("收获高峰期（{}）", w.label()),
            s.harvest_points,
            None,
        ),
        None => b.miss("harvest", "不在收获高峰期".to_string(), None),
    }

    let nearest_station = incident
        .detections
        .iter()
        .filter_map(|d| {
            let hit = ctx
                .stations
                .index()
                .nearest(d.location, 1)
                .into_iter()
                .next()?;
            Some((hit.distance_m, hit.index))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match nearest_station.and_then(|(dist, i)| {
        let st = ctx.stations.items().get(i as usize)?;
        Some((dist, st))
    }) {
        Some((dist, st)) => {
            let text = format!("距国控点 {}（{}）{}", st.name, st.code, km(dist));
            if dist <= s.station_m {
                b.hit(
                    "station",
                    format!("{text}（≤ {}）", km(s.station_m)),
                    s.station_points,
                    Some(dist),
                );
            } else {
                b.miss(
                    "station",
                    format!("{text}（> {}）", km(s.station_m)),
                    Some(dist),
                );
            }
        }
        None => b.miss("station", "未加载国控点".to_string(), None),
    }

    let mut times: Vec<_> = incident.detections.iter().map(|d| d.time_bj).collect();
    times.dedup();
    if times.len() >= 2 {
        b.hit(
            "repeat",
            format!("{} 个时次探测到", times.len()),
            s.repeat_points,
            Some(times.len() as f64),
        );
    } else {
        b.miss("repeat", "仅 1 个时次探测到".to_string(), Some(1.0));
    }

    let score = (b.reasons.iter().map(|r| r.points).sum::<f64>() * 10.0).round() / 10.0;
    let level = if score >= s.high_from {
        PriorityLevel::High
    } else if score >= s.medium_from {
        PriorityLevel::Medium
    } else {
        PriorityLevel::Low
    };
    Priority {
        score,
        level,
        reasons: b.reasons,
        checks: b.checks,
    }
}

fn best_tier(tiers: &[Tier], v: f64) -> Option<Tier> {
    tiers
        .iter()
        .filter(|t| v >= t.min)
        .max_by(|a, b| a.min.total_cmp(&b.min))
        .copied()
}

/// `85`, or `high（90）` for VIIRS classes, or `人工上报（100）`.
fn confidence_text(incident: &Incident) -> String {
    let conf = incident.max_confidence_pct;
    let best = incident
        .detections
        .iter()
        .filter(|d| d.confidence_pct == conf)
        .min_by(|a, b| a.time_bj.cmp(&b.time_bj));
    match best {
        Some(d) if d.source == FireSource::Manual && d.confidence_raw.is_empty() => {
            format!("人工上报（{conf:.0}）")
        }
        Some(d) if d.confidence_raw.parse::<f64>().is_err() && !d.confidence_raw.is_empty() => {
            format!("{}（{conf:.0}）", d.confidence_raw)
        }
        _ => format!("{conf:.0}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_days_parse_and_wrap() {
        let w = DayWindow {
            from: "12-01".parse().unwrap(),
            to: "1月15日".parse().unwrap(),
        };
        assert!(w.contains(NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()));
        assert!(w.contains(NaiveDate::from_ymd_opt(2023, 1, 15).unwrap()));
        assert!(!w.contains(NaiveDate::from_ymd_opt(2023, 1, 16).unwrap()));
        assert!("02-30".parse::<MonthDay>().is_err());
        assert!("02-29".parse::<MonthDay>().is_ok());
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(json, r#"{"from":"12-01","to":"01-15"}"#);
    }

    #[test]
    fn night_hours_wrap() {
        let s = PrioritySettings::default();
        assert!(in_night_hours(19, &s));
        assert!(in_night_hours(0, &s));
        assert!(in_night_hours(5, &s));
        assert!(!in_night_hours(6, &s));
        assert!(!in_night_hours(18, &s));
    }

    #[test]
    fn default_settings_are_valid_and_bad_ones_listed() {
        assert!(PrioritySettings::default().problems().is_empty());
        let s = PrioritySettings {
            road_m: -5.0,
            night_points: f64::NAN,
            night_from_hour: 24,
            ..Default::default()
        };
        assert_eq!(s.problems().len(), 3);
    }
}
