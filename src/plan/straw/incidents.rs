//! Fire detections → incidents: filtering and transitive clustering.
//!
//! One fire is often seen several times: by Terra and Aqua on the same day, by MODIS and VIIRS,
//! by Himawari every 10 minutes, and by a tower camera. Two detections belong to the same
//! incident when they are at most [`ClusterSettings::distance_m`] apart **and** at most
//! [`ClusterSettings::window_h`] apart in time; incidents are the connected components of that
//! relation (single-linkage clustering, so a chain of detections each 800 m from the next is
//! one incident even when its ends are 3 km apart; likewise in time).
//!
//! The components are found with a union–find (disjoint-set forest with path halving and union
//! by size, Tarjan 1975) over the pairs that an R-tree radius query returns: `O(n log n + p)`
//! for `n` detections and `p` close pairs.
//!
//! **Identifiers** are deterministic and independent of input order and of the other
//! incidents: an incident is named after its first detection (time, then longitude, then
//! latitude), its Beijing minute and its position to 0.001° (about 100 m), e.g.
//! `20220531-1049-E121.011-N31.231`; should two incidents share that name, the later ones in
//! that order get `-2`, `-3`. So a filter that drops other incidents, or new points arriving in
//! the same minute (a MODIS overpass gives dozens), never renames an incident, which keeps
//! verification records and the stop a team is driving to attached to the right fire. A later
//! detection joining an incident keeps its id; only one *earlier* than its first changes it.
//!
//! **Position**: the incident is placed at its most confident detection (ties: higher FRP, then
//! earlier, then west/south first): a real pixel centre or reported point, never an average
//! that could fall in a river between two fields.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::geodesy::haversine_m;
use crate::model::{FireDetection, FireSource, LonLat};
use crate::plan::straw::Jurisdiction;
use crate::spatial::PointIndex;

/// When two detections are the same fire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterSettings {
    /// Largest distance between two detections of one fire, metres (default 1,000: one MODIS
    /// pixel).
    pub distance_m: f64,
    /// Largest time between two detections of one fire, hours (default 12).
    pub window_h: f64,
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings {
            distance_m: 1000.0,
            window_h: 12.0,
        }
    }
}

impl ClusterSettings {
    /// Problems with the values, one line each (empty when valid).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if !(self.distance_m.is_finite() && (0.0..=50_000.0).contains(&self.distance_m)) {
            p.push(format!(
                "合并距离 {} m 无效，应在 0–50000 m 之间",
                self.distance_m
            ));
        }
        if !(self.window_h.is_finite() && (0.0..=240.0).contains(&self.window_h)) {
            p.push(format!(
                "合并时间 {} h 无效，应在 0–240 h 之间",
                self.window_h
            ));
        }
        p
    }
}

/// Which detections to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FireFilter {
    /// Keep detections at or after this Beijing time.
    pub from: Option<NaiveDateTime>,
    /// Keep detections at or before this Beijing time.
    pub to: Option<NaiveDateTime>,
    /// Keep detections with a confidence of at least this (0–100; VIIRS low/nominal/high are
    /// 30/60/90). Default 0.
    pub min_confidence_pct: f64,
    /// Drop detections whose FIRMS archive `type` is one of these (default 1 volcano, 2 static
    /// land source such as a factory or a gas flare, 3 offshore). Files without the column are
    /// not affected.
    pub exclude_fire_types: Vec<u8>,
}

impl Default for FireFilter {
    fn default() -> Self {
        FireFilter {
            from: None,
            to: None,
            min_confidence_pct: 0.0,
            exclude_fire_types: vec![1, 2, 3],
        }
    }
}

/// How many detections each filter removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterReport {
    /// Detections given.
    pub input: usize,
    /// Detections kept.
    pub kept: usize,
    /// Invalid positions (NaN, out of range).
    pub invalid_position: usize,
    /// Before the window's start.
    pub before_window: usize,
    /// After the window's end.
    pub after_window: usize,
    /// Below the minimum confidence.
    pub low_confidence: usize,
    /// Excluded FIRMS types (volcano, static land source, offshore).
    pub excluded_type: usize,
    /// Outside the jurisdiction.
    pub outside_jurisdiction: usize,
}

/// Keeps the detections that pass every filter, in input order; the report counts what each
/// filter removed (each detection is counted once, under the first filter it fails, in the
/// order of the report's fields).
pub fn filter_detections(
    detections: &[FireDetection],
    filter: &FireFilter,
    jurisdiction: Option<&Jurisdiction>,
) -> (Vec<FireDetection>, FilterReport) {
    let mut report = FilterReport {
        input: detections.len(),
        ..Default::default()
    };
    let mut kept = Vec::new();
    for d in detections {
        if !d.location.is_valid() {
            report.invalid_position += 1;
        } else if filter.from.is_some_and(|f| d.time_bj < f) {
            report.before_window += 1;
        } else if filter.to.is_some_and(|t| d.time_bj > t) {
            report.after_window += 1;
        } else if d.confidence_pct < filter.min_confidence_pct {
            report.low_confidence += 1;
        } else if d
            .fire_type
            .is_some_and(|t| filter.exclude_fire_types.contains(&t))
        {
            report.excluded_type += 1;
        } else if jurisdiction.is_some_and(|j| !j.contains(d.location)) {
            report.outside_jurisdiction += 1;
        } else {
            kept.push(d.clone());
        }
    }
    report.kept = kept.len();
    (kept, report)
}

/// One fire: all its detections and their summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Deterministic id `YYYYMMDD-HHMM-E121.011-N31.231` (see the module documentation).
    pub id: String,
    /// Position: the most confident detection.
    pub location: LonLat,
    /// Every detection, by time then position.
    pub detections: Vec<FireDetection>,
    /// Beijing time of the first detection.
    pub first_seen: NaiveDateTime,
    /// Beijing time of the last detection.
    pub last_seen: NaiveDateTime,
    /// Largest fire radiative power, MW, when any detection has one.
    pub max_frp_mw: Option<f64>,
    /// Largest confidence, 0–100.
    pub max_confidence_pct: f64,
    /// Largest burned area reported with a detection (manual reports), m².
    pub reported_area_m2: Option<f64>,
    /// Instruments and channels that saw it, without repeats, in a fixed order.
    pub sources: Vec<FireSource>,
}

impl Incident {
    /// Builds the summary of a group of detections (not empty) under an id.
    fn from_detections(id: String, mut detections: Vec<FireDetection>) -> Option<Incident> {
        detections.sort_by(detection_order);
        let first = detections.first()?;
        let last_seen = detections
            .iter()
            .map(|d| d.time_bj)
            .max()
            .unwrap_or(first.time_bj);
        let best = detections.iter().max_by(|a, b| {
            a.confidence_pct
                .total_cmp(&b.confidence_pct)
                .then(
                    a.frp_mw
                        .unwrap_or(f64::NEG_INFINITY)
                        .total_cmp(&b.frp_mw.unwrap_or(f64::NEG_INFINITY)),
                )
                // earlier and west/south first win the tie: reverse the order
                .then_with(|| detection_order(b, a))
        })?;
        let max_frp_mw = detections
            .iter()
            .filter_map(|d| d.frp_mw)
            .filter(|f| f.is_finite())
            .reduce(f64::max);
        let reported_area_m2 = detections
            .iter()
            .filter_map(|d| d.area_m2)
            .filter(|a| a.is_finite())
            .reduce(f64::max);
        let sources: BTreeSet<u8> = detections.iter().map(|d| source_rank(d.source)).collect();
        Some(Incident {
            id,
            location: best.location,
            first_seen: first.time_bj,
            last_seen,
            max_frp_mw,
            max_confidence_pct: detections
                .iter()
                .map(|d| d.confidence_pct)
                .fold(0.0, f64::max),
            reported_area_m2,
            sources: sources.into_iter().map(source_of_rank).collect(),
            detections,
        })
    }

    /// True when a position is within `distance_m` of any detection of this incident.
    pub fn near(&self, p: LonLat, distance_m: f64) -> bool {
        self.detections
            .iter()
            .any(|d| haversine_m(d.location, p) <= distance_m)
    }
}

fn source_rank(s: FireSource) -> u8 {
    match s {
        FireSource::Modis => 0,
        FireSource::Viirs => 1,
        FireSource::Himawari => 2,
        FireSource::Manual => 3,
    }
}

fn source_of_rank(r: u8) -> FireSource {
    match r {
        0 => FireSource::Modis,
        1 => FireSource::Viirs,
        2 => FireSource::Himawari,
        _ => FireSource::Manual,
    }
}

/// Time, then longitude, then latitude, then confidence: a total order on detections.
fn detection_order(a: &FireDetection, b: &FireDetection) -> std::cmp::Ordering {
    a.time_bj
        .cmp(&b.time_bj)
        .then(a.location.lon.total_cmp(&b.location.lon))
        .then(a.location.lat.total_cmp(&b.location.lat))
        .then(a.confidence_pct.total_cmp(&b.confidence_pct))
}

/// Disjoint sets over `0..n` with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        loop {
            let p = self.parent.get(x as usize).copied().unwrap_or(x);
            if p == x {
                return x;
            }
            let gp = self.parent.get(p as usize).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x as usize) {
                *slot = gp;
            }
            x = gp;
        }
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let sa = self.size.get(ra as usize).copied().unwrap_or(1);
        let sb = self.size.get(rb as usize).copied().unwrap_or(1);
        let (big, small) = if sa >= sb { (ra, rb) } else { (rb, ra) };
        if let Some(p) = self.parent.get_mut(small as usize) {
            *p = big;
        }
        if let Some(s) = self.size.get_mut(big as usize) {
            *s = sa + sb;
        }
    }
}

/// Merges detections into incidents (see the module documentation), sorted by first detection.
/// Detections with invalid positions are left out.
///
/// ```
/// use chrono::NaiveDate;
/// use zouhang::model::{FireDetection, FireSource};
/// use zouhang::plan::straw::{cluster_incidents, ClusterSettings};
/// use zouhang::LonLat;
/// let at = |lon, h| FireDetection {
///     location: LonLat::new(lon, 31.3),
///     time_bj: NaiveDate::from_ymd_opt(2022, 5, 31).unwrap().and_hms_opt(h, 0, 0).unwrap(),
///     source: FireSource::Modis, satellite: "T".into(), confidence_pct: 60.0,
///     confidence_raw: "60".into(), frp_mw: None, daynight: None, fire_type: None,
///     area_m2: None, note: String::new(),
/// };
/// // 0.005° of longitude is about 475 m at 31.3°N: the first two merge; the third is 5 h later
/// // but within 12 h, so it joins too; the fourth is 10 km away.
/// let inc = cluster_incidents(
///     vec![at(120.600, 10), at(120.605, 10), at(120.600, 15), at(120.700, 10)],
///     &ClusterSettings::default(),
/// );
/// assert_eq!(inc.len(), 2);
/// assert_eq!(inc[0].id, "20220531-1000-E120.600-N31.300");
/// assert_eq!(inc[0].detections.len(), 3);
/// assert_eq!(inc[1].id, "20220531-1000-E120.700-N31.300");
/// ```
pub fn cluster_incidents(
    detections: Vec<FireDetection>,
    settings: &ClusterSettings,
) -> Vec<Incident> {
    let detections: Vec<FireDetection> = detections
        .into_iter()
        .filter(|d| d.location.is_valid())
        .collect();
    let n = detections.len();
    let index = PointIndex::build(detections.iter().map(|d| d.location).collect());
    let window_s = (settings.window_h * 3600.0).round() as i64;
    let mut sets = UnionFind::new(n);
    for (i, d) in detections.iter().enumerate() {
        for hit in index.within_radius(d.location, settings.distance_m) {
            let j = hit.index as usize;
            if j <= i {
                continue;
            }
            let Some(other) = detections.get(j) else {
                continue;
            };
            let dt = (other.time_bj - d.time_bj).num_seconds().abs();
            if dt <= window_s {
                sets.union(i as u32, j as u32);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<u32, Vec<FireDetection>> = Default::default();
    for (i, d) in detections.into_iter().enumerate() {
        groups.entry(sets.find(i as u32)).or_default().push(d);
    }
    let mut groups: Vec<Vec<FireDetection>> = groups
        .into_values()
        .map(|mut g| {
            g.sort_by(detection_order);
            g
        })
        .collect();
    groups.sort_by(|a, b| match (a.first(), b.first()) {
        (Some(x), Some(y)) => detection_order(x, y),
        _ => std::cmp::Ordering::Equal,
    });
    let mut out: Vec<Incident> = Vec::with_capacity(groups.len());
    let mut names: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for g in groups {
        let Some(first) = g.first() else { continue };
        let p = first.location;
        let name = format!(
            "{}-{}{:.3}-{}{:.3}",
            first.time_bj.format("%Y%m%d-%H%M"),
            if p.lon < 0.0 { 'W' } else { 'E' },
            p.lon.abs(),
            if p.lat < 0.0 { 'S' } else { 'N' },
            p.lat.abs()
        );
        let n = names.entry(name.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { name } else { format!("{name}-{n}") };
        if let Some(inc) = Incident::from_detections(id, g) {
            out.push(inc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Timelike};

    fn det(lon: f64, lat: f64, h: u32, conf: f64, frp: Option<f64>) -> FireDetection {
        FireDetection {
            location: LonLat::new(lon, lat),
            time_bj: NaiveDate::from_ymd_opt(2022, 5, 31)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
            source: FireSource::Modis,
            satellite: "A".into(),
            confidence_pct: conf,
            confidence_raw: conf.to_string(),
            frp_mw: frp,
            daynight: None,
            fire_type: None,
            area_m2: None,
            note: String::new(),
        }
    }

    /// Seeded random overpasses: an incident's id does not change when other incidents are
    /// filtered away or when new detections arrive in the same minute elsewhere.
    #[test]
    fn ids_do_not_depend_on_other_incidents() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let settings = ClusterSettings::default();
        for case in 0..50 {
            let all: Vec<FireDetection> = (0..40)
                .map(|_| {
                    let h = 10 + (next() * 3.0) as u32;
                    det(120.0 + next(), 31.0 + next(), h, 60.0, None)
                })
                .collect();
            let full = cluster_incidents(all.clone(), &settings);
            let ids: std::collections::HashSet<&str> = full.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(ids.len(), full.len(), "case {case}: ids unique");
            // keep every other incident's detections
            let kept: Vec<&Incident> = full.iter().step_by(2).collect();
            let sub = cluster_incidents(
                kept.iter()
                    .flat_map(|i| i.detections.iter().cloned())
                    .collect(),
                &settings,
            );
            let want: Vec<&str> = kept.iter().map(|i| i.id.as_str()).collect();
            let mut got: Vec<&str> = sub.iter().map(|i| i.id.as_str()).collect();
            got.sort_unstable();
            let mut want_sorted = want.clone();
            want_sorted.sort_unstable();
            assert_eq!(got, want_sorted, "case {case}");
            // a new point far away in the same minute as the first incident
            let mut more = all.clone();
            more.push(det(119.0, 30.0, full[0].first_seen.hour(), 60.0, None));
            let again = cluster_incidents(more, &settings);
            for i in &full {
                assert!(again.iter().any(|j| j.id == i.id), "case {case}: {}", i.id);
            }
        }
    }

    #[test]
    fn position_is_the_most_confident_detection() {
        let inc = cluster_incidents(
            vec![
                det(120.600, 31.3, 10, 50.0, Some(30.0)),
                det(120.603, 31.3, 11, 80.0, Some(5.0)),
                det(120.606, 31.3, 12, 80.0, Some(9.0)),
            ],
            &ClusterSettings::default(),
        );
        assert_eq!(inc.len(), 1);
        assert_eq!(inc[0].location, LonLat::new(120.606, 31.3));
        assert_eq!(inc[0].max_frp_mw, Some(30.0));
        assert_eq!(inc[0].max_confidence_pct, 80.0);
        assert_eq!(inc[0].first_seen.to_string(), "2022-05-31 10:00:00");
        assert_eq!(inc[0].last_seen.to_string(), "2022-05-31 12:00:00");
    }

    #[test]
    fn time_threshold_splits_and_chains() {
        let s = ClusterSettings {
            distance_m: 1000.0,
            window_h: 2.0,
        };
        // 10:00 and 13:00 at one place: 3 h apart, separate
        let two = cluster_incidents(
            vec![
                det(120.6, 31.3, 10, 50.0, None),
                det(120.6, 31.3, 13, 50.0, None),
            ],
            &s,
        );
        assert_eq!(two.len(), 2);
        // a detection at 12:00 chains them
        let one = cluster_incidents(
            vec![
                det(120.6, 31.3, 10, 50.0, None),
                det(120.6, 31.3, 13, 50.0, None),
                det(120.6, 31.3, 12, 50.0, None),
            ],
            &s,
        );
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn filter_counts_each_reason_once() {
        let mut volcano = det(120.6, 31.3, 10, 90.0, None);
        volcano.fire_type = Some(1);
        let dets = vec![
            det(120.6, 31.3, 10, 90.0, None),
            det(120.6, 31.3, 10, 20.0, None),
            det(f64::NAN, 31.3, 10, 90.0, None),
            det(120.6, 31.3, 2, 90.0, None),
            det(10.0, 50.0, 10, 90.0, None),
            volcano,
        ];
        let f = FireFilter {
            from: NaiveDate::from_ymd_opt(2022, 5, 31)
                .unwrap()
                .and_hms_opt(6, 0, 0),
            min_confidence_pct: 30.0,
            ..Default::default()
        };
        let j = Jurisdiction::from_bbox(LonLat::new(119.0, 30.0), LonLat::new(122.0, 33.0));
        let (kept, r) = filter_detections(&dets, &f, Some(&j));
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (
                r.invalid_position,
                r.before_window,
                r.low_confidence,
                r.excluded_type,
                r.outside_jurisdiction
            ),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(r.input, 6);
    }

    #[test]
    fn settings_problems_are_listed() {
        let s = ClusterSettings {
            distance_m: -1.0,
            window_h: f64::NAN,
        };
        assert_eq!(s.problems().len(), 2);
        assert!(ClusterSettings::default().problems().is_empty());
    }
}
