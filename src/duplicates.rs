//! Duplicates on import: the points of an imported file that a layer already holds.
//!
//! A point counts as already held when the layer has an item
//! - with the **same id** (register id or station code, compared trimmed and case-insensitive),
//!   when the file gave ids of its own (ids made up from row numbers, `PP-0002`, prove nothing), or
//! - with the **same name within 100 m** (names compared without spaces, case or full-width forms),
//!   or, for fire detections, which have no name, the same instrument, satellite and time within
//!   100 m.
//!
//! The search is an R-tree radius query per imported point, so a file of n points over a layer of
//! m items costs O(n log m). The caller decides what to do ([`DuplicatePolicy`]): skip the
//! duplicates (the default in the page) or keep them; either way they are reported.

use serde::{Deserialize, Serialize};

use crate::io::{ImportReport, Imported};
use crate::layers::{Layer, Located};
use crate::model::{FireDetection, Source, Station};

/// Radius within which two points of the same name are one place, metres.
pub const SAME_PLACE_M: f64 = 100.0;

/// What to do with the duplicates of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicatePolicy {
    /// Leave them out (they are listed in the report).
    Skip,
    /// Load them anyway (they are listed in the report). The behaviour before duplicates were
    /// detected, hence the default for a caller that does not say.
    #[default]
    Keep,
}

impl std::str::FromStr for DuplicatePolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "skip" => Ok(DuplicatePolicy::Skip),
            "keep" | "" => Ok(DuplicatePolicy::Keep),
            other => Err(format!(
                "重复点处理方式「{other}」无效：应为 skip（跳过）或 keep（保留）"
            )),
        }
    }
}

/// Why an imported point is a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The layer has an item with the same id.
    SameId,
    /// The layer has an item of the same name within [`SAME_PLACE_M`].
    SameNameNearby,
    /// The layer has the same fire detection (instrument, satellite, time) within [`SAME_PLACE_M`].
    SameDetection,
}

impl DuplicateReason {
    /// Chinese label for the report.
    pub fn label(self) -> &'static str {
        match self {
            DuplicateReason::SameId => "编号相同",
            DuplicateReason::SameNameNearby => "同名且相距不到 100 米",
            DuplicateReason::SameDetection => "同一卫星同一时刻、相距不到 100 米",
        }
    }
}

/// One imported point the layer already holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    /// 0-based index of the point among the file's loaded items.
    pub item: usize,
    /// The imported point's label (name, or code, or time for fires).
    pub name: String,
    /// The label of the layer's item it matches.
    pub existing: String,
    /// Distance between the two, metres.
    pub distance_m: f64,
    /// Why it counts as the same.
    pub reason: DuplicateReason,
    /// Chinese text of the reason.
    pub reason_text: String,
}

/// What identifies an item of a layer for duplicate detection.
pub trait Identity: Located {
    /// The item's id, if the kind has ids.
    fn identity_id(&self) -> Option<&str>;
    /// A label for the report.
    fn identity_label(&self) -> String;
    /// Whether the two are the same record apart from the id (same name, same detection).
    fn same_record(&self, other: &Self) -> Option<DuplicateReason>;
}

/// Names compared without spaces, case or full-width forms (`ＡＢＣ 电厂` = `abc电厂`).
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_name(a: &str, b: &str) -> Option<DuplicateReason> {
    let (a, b) = (name_key(a), name_key(b));
    (!a.is_empty() && a == b).then_some(DuplicateReason::SameNameNearby)
}

impl Identity for Source {
    fn identity_id(&self) -> Option<&str> {
        Some(&self.id)
    }
    fn identity_label(&self) -> String {
        self.name.clone()
    }
    fn same_record(&self, other: &Self) -> Option<DuplicateReason> {
        same_name(&self.name, &other.name)
    }
}

impl Identity for Station {
    fn identity_id(&self) -> Option<&str> {
        Some(&self.code)
    }
    fn identity_label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
    fn same_record(&self, other: &Self) -> Option<DuplicateReason> {
        same_name(&self.name, &other.name)
    }
}

impl Identity for FireDetection {
    fn identity_id(&self) -> Option<&str> {
        None
    }
    fn identity_label(&self) -> String {
        format!("{} 火点", self.time_bj.format("%Y-%m-%d %H:%M"))
    }
    fn same_record(&self, other: &Self) -> Option<DuplicateReason> {
        (self.source == other.source
            && self.satellite == other.satellite
            && self.time_bj == other.time_bj)
            .then_some(DuplicateReason::SameDetection)
    }
}

/// The items of `new` that `layer` already holds, in the order of `new`. `file_ids` says whether
/// the file gave ids of its own; without, ids are not compared.
pub fn find_duplicates<T: Identity>(layer: &Layer<T>, new: &[T], file_ids: bool) -> Vec<Duplicate> {
    let items = layer.items();
    let mut by_id = std::collections::HashMap::new();
    if file_ids {
        for (i, it) in items.iter().enumerate() {
            if let Some(id) = it.identity_id().map(|s| s.trim().to_lowercase()) {
                if !id.is_empty() {
                    by_id.entry(id).or_insert(i);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, item) in new.iter().enumerate() {
        let id_match = item
            .identity_id()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .and_then(|id| by_id.get(&id).copied());
        let found = match id_match {
            Some(i) => items.get(i).map(|e| (e, DuplicateReason::SameId)),
            None => layer
                .index()
                .within_radius(item.location(), SAME_PLACE_M)
                .into_iter()
                .find_map(|hit| {
                    let e = items.get(hit.index as usize)?;
                    item.same_record(e).map(|r| (e, r))
                }),
        };
        if let Some((existing, reason)) = found {
            out.push(Duplicate {
                item: k,
                name: item.identity_label(),
                existing: existing.identity_label(),
                distance_m: (crate::geodesy::haversine_m(item.location(), existing.location())
                    * 10.0)
                    .round()
                    / 10.0,
                reason,
                reason_text: reason.label().to_string(),
            });
        }
    }
    out
}

/// Applies a policy: with [`DuplicatePolicy::Skip`] the duplicates are taken out of `items`.
pub fn apply_policy<T>(items: Vec<T>, duplicates: &[Duplicate], policy: DuplicatePolicy) -> Vec<T> {
    if policy == DuplicatePolicy::Keep || duplicates.is_empty() {
        return items;
    }
    let skip: std::collections::HashSet<usize> = duplicates.iter().map(|d| d.item).collect();
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, it)| it)
        .collect()
}

/// Whether the file gave ids of its own (an `id` or station `code` column).
fn has_own_ids(report: &ImportReport) -> bool {
    report.columns.contains_key("id") || report.columns.contains_key("code")
}

/// What adding an imported file would do, without changing the layer: the report with its
/// `duplicates` (and no policy), so the user can choose before anything is loaded.
pub fn preview_import<T: Identity>(layer: &Layer<T>, imported: Imported<T>) -> ImportReport {
    let Imported { items, mut report } = imported;
    report.duplicates = find_duplicates(layer, &items, has_own_ids(&report));
    report
}

/// Adds an imported file to a layer: with `replace` its items replace the layer's (only when at
/// least one row loaded: a bad file never empties a layer); otherwise the duplicates are found,
/// reported and skipped or kept by `policy`. Returns the report with `loaded` the items added.
pub fn merge_import<T: Identity>(
    layer: &mut Layer<T>,
    imported: Imported<T>,
    replace: bool,
    policy: DuplicatePolicy,
) -> ImportReport {
    let Imported { items, mut report } = imported;
    if replace {
        if !items.is_empty() {
            layer.replace(items);
        }
        return report;
    }
    let duplicates = find_duplicates(layer, &items, has_own_ids(&report));
    let items = apply_policy(items, &duplicates, policy);
    report.loaded = items.len();
    report.duplicate_policy = Some(policy);
    report.duplicates = duplicates;
    layer.extend(items);
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{read_power_plants, read_sources};
    use crate::model::LonLat;

    fn plants(csv: &str) -> Vec<Source> {
        read_power_plants(csv.as_bytes(), "p.csv").items
    }

    #[test]
    fn same_name_within_100_m_is_a_duplicate_and_farther_is_not() {
        let layer = Layer::new(plants(
            "name,lat,lon\nCPI Changshu-1 power station,31.7563,120.9731\n",
        ));
        // 0.0005° of latitude ≈ 56 m; 0.002° ≈ 222 m
        let new = plants(
            "name,lat,lon\ncpi  changshu-1 POWER station,31.75680,120.9731\nCPI Changshu-1 power station,31.7583,120.9731\nOther plant,31.7563,120.9731\n",
        );
        let d = find_duplicates(&layer, &new, false);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].item, 0);
        assert_eq!(d[0].reason, DuplicateReason::SameNameNearby);
        assert!((d[0].distance_m - 55.6).abs() < 1.0, "{}", d[0].distance_m);
        let kept = apply_policy(new.clone(), &d, DuplicatePolicy::Skip);
        assert_eq!(kept.len(), 2);
        assert_eq!(apply_policy(new, &d, DuplicatePolicy::Keep).len(), 3);
    }

    #[test]
    fn ids_count_only_when_the_file_has_them() {
        let existing = read_sources(
            "id,name,lon,lat\nE1,甲厂,120.6,31.3\n".as_bytes(),
            "a.csv",
            Default::default(),
        )
        .items;
        let layer = Layer::new(existing);
        let new = read_sources(
            "id,name,lon,lat\ne1 ,乙厂,121.0,31.0\n".as_bytes(),
            "b.csv",
            Default::default(),
        )
        .items;
        let d = find_duplicates(&layer, &new, true);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].reason, DuplicateReason::SameId);
        assert!(find_duplicates(&layer, &new, false).is_empty());
    }

    #[test]
    fn names_ignore_width_case_and_spaces() {
        assert_eq!(name_key("ＡＢＣ 电厂"), name_key("abc电厂"));
        assert_ne!(name_key("甲厂"), name_key("乙厂"));
        assert!(same_name("", "").is_none());
    }

    #[test]
    fn policy_parses_and_defaults_to_keep() {
        assert_eq!("skip".parse::<DuplicatePolicy>(), Ok(DuplicatePolicy::Skip));
        assert_eq!("keep".parse::<DuplicatePolicy>(), Ok(DuplicatePolicy::Keep));
        assert!("x".parse::<DuplicatePolicy>().is_err());
        assert_eq!(DuplicatePolicy::default(), DuplicatePolicy::Keep);
        let _ = LonLat::new(0.0, 0.0);
    }
}
