//! Verification records and the daily summary.
//!
//! A patrol verifies an incident on the ground or by drone ("by day look for black scars, by
//! night look for flames") and records: found or not, the type (straw, garbage, other, or a
//! false alarm such as a factory's heat), the burned area, a note and the time. A straw fire of
//! at least 200 m² or a garbage fire of at least 20 m² is a **key case** (重点案件; thresholds
//! in [`KeyCaseThresholds`]). Records are plain serde data, so that the monthly report can
//! aggregate them.
//!
//! The daily summary counts, per day of first detection, the incidents, how many were
//! dispatched, verified, found, not found, false alarms, key cases, the burned area, and the
//! verifications made more than 24 hours after the first detection (the practice is to verify
//! within 24 h).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::io::CsvTable;
use crate::model::LonLat;
use crate::plan::straw::Incident;

/// What was found on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// 秸秆焚烧.
    Straw,
    /// 垃圾焚烧.
    Garbage,
    /// Another fire (weeds, wood, …).
    Other,
    /// No fire: a false alarm (factory heat, hot roof, woodland reflection, …).
    FalseAlarm,
}

impl FindingKind {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Straw => "秸秆",
            FindingKind::Garbage => "垃圾",
            FindingKind::Other => "其他",
            FindingKind::FalseAlarm => "误报",
        }
    }
}

/// Areas from which a fire is a key case.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyCaseThresholds {
    /// Straw fires, m² (default 200).
    pub straw_m2: f64,
    /// Garbage fires, m² (default 20).
    pub garbage_m2: f64,
}

impl Default for KeyCaseThresholds {
    fn default() -> Self {
        KeyCaseThresholds {
            straw_m2: 200.0,
            garbage_m2: 20.0,
        }
    }
}

/// One verification of one incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    /// Incident id.
    pub incident_id: String,
    /// Team that verified.
    #[serde(default)]
    pub team: String,
    /// When, Beijing time.
    pub time: NaiveDateTime,
    /// Whether a fire or burn scar was found.
    pub found: bool,
    /// What it was.
    #[serde(default)]
    pub kind: Option<FindingKind>,
    /// Burned area, m².
    #[serde(default)]
    pub area_m2: Option<f64>,
    /// Free note.
    #[serde(default)]
    pub note: String,
    /// Key case (set from the thresholds when recorded).
    #[serde(default)]
    pub key_case: bool,
    /// The incident's position (filled in when recorded).
    #[serde(default)]
    pub location: Option<LonLat>,
    /// The incident's first detection (filled in when recorded; the summary groups by its day).
    #[serde(default)]
    pub first_seen: Option<NaiveDateTime>,
}

/// True for a straw fire of at least `straw_m2` or a garbage fire of at least `garbage_m2`.
///
/// ```
/// use zouhang::plan::straw::{is_key_case, FindingKind, KeyCaseThresholds};
/// let t = KeyCaseThresholds::default();
/// assert!(is_key_case(Some(FindingKind::Straw), Some(200.0), &t));
/// assert!(!is_key_case(Some(FindingKind::Straw), Some(199.9), &t));
/// assert!(is_key_case(Some(FindingKind::Garbage), Some(20.0), &t));
/// assert!(!is_key_case(Some(FindingKind::Other), Some(5000.0), &t));
/// ```
pub fn is_key_case(kind: Option<FindingKind>, area_m2: Option<f64>, t: &KeyCaseThresholds) -> bool {
    match (kind, area_m2) {
        (Some(FindingKind::Straw), Some(a)) => a >= t.straw_m2,
        (Some(FindingKind::Garbage), Some(a)) => a >= t.garbage_m2,
        _ => false,
    }
}

/// Problems with a record, one line each (empty when valid).
pub fn validate_verification(v: &Verification) -> Vec<String> {
    let mut p = Vec::new();
    if v.incident_id.trim().is_empty() {
        p.push("缺少事件编号".to_string());
    }
    if let Some(a) = v.area_m2 {
        if !a.is_finite() || !(0.0..=10_000_000.0).contains(&a) {
            p.push(format!("过火面积 {a} m² 无效，应在 0–10,000,000 m² 之间"));
        }
    }
    match (v.found, v.kind) {
        (true, None) => p.push("已发现火情时请选择类型（秸秆、垃圾、其他或误报）".to_string()),
        (false, Some(k)) if k != FindingKind::FalseAlarm => p.push(format!(
            "未发现火情时类型不能是「{}」：请改为已发现，或选择误报/不选",
            k.label()
        )),
        _ => {}
    }
    let burned = matches!(
        v.kind,
        Some(FindingKind::Straw | FindingKind::Garbage | FindingKind::Other)
    );
    if v.area_m2.is_some_and(|a| a > 0.0) && !burned {
        p.push("未发现火情或误报时不应填写过火面积".to_string());
    }
    p
}

/// One row of the daily summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// Day of first detection `YYYY-MM-DD`, or `合计` for the total row.
    pub date: String,
    /// Incidents first seen that day.
    pub incidents: usize,
    /// Of those, in a route.
    pub dispatched: usize,
    /// Verified (a record exists).
    pub verified: usize,
    /// Fire or scar found.
    pub found: usize,
    /// Nothing found.
    pub not_found: usize,
    /// False alarms.
    pub false_alarms: usize,
    /// Key cases.
    pub key_cases: usize,
    /// Burned area, m².
    pub area_m2: f64,
    /// Verified more than 24 hours after the first detection.
    pub late: usize,
}

/// The summary per day of first detection, oldest first, with a total row. Of several records
/// for one incident the latest counts. Records whose incident is not in `incidents` are counted
/// by their `first_seen` day (or their own day).
pub fn daily_summary(
    incidents: &[Incident],
    dispatched_ids: &[String],
    verifications: &[Verification],
) -> Vec<SummaryRow> {
    let mut days: BTreeMap<NaiveDate, SummaryRow> = BTreeMap::new();
    let mut day_of: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for inc in incidents {
        let day = inc.first_seen.date();
        day_of.insert(&inc.id, day);
        let row = days.entry(day).or_default();
        row.incidents += 1;
        if dispatched_ids.contains(&inc.id) {
            row.dispatched += 1;
        }
    }
    let mut latest: BTreeMap<&str, &Verification> = BTreeMap::new();
    for v in verifications {
        let slot = latest.entry(&v.incident_id).or_insert(v);
        if v.time >= slot.time {
            *slot = v;
        }
    }
    for (id, v) in latest {
        let day = day_of
            .get(id)
            .copied()
            .or(v.first_seen.map(|t| t.date()))
            .unwrap_or(v.time.date());
        let row = days.entry(day).or_default();
        row.verified += 1;
        if v.found {
            row.found += 1;
        } else {
            row.not_found += 1;
        }
        if v.kind == Some(FindingKind::FalseAlarm) {
            row.false_alarms += 1;
        }
        if v.key_case {
            row.key_cases += 1;
        }
        row.area_m2 += v.area_m2.filter(|a| a.is_finite()).unwrap_or(0.0);
        let first = incidents
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.first_seen)
            .or(v.first_seen);
        if first.is_some_and(|f| (v.time - f).num_minutes() > 24 * 60) {
            row.late += 1;
        }
    }
    let mut rows: Vec<SummaryRow> = days
        .into_iter()
        .map(|(d, mut r)| {
            r.date = d.format("%Y-%m-%d").to_string();
            r
        })
        .collect();
    let mut total = SummaryRow {
        date: "合计".to_string(),
        ..Default::default()
    };
    for r in &rows {
        total.incidents += r.incidents;
        total.dispatched += r.dispatched;
        total.verified += r.verified;
        total.found += r.found;
        total.not_found += r.not_found;
        total.false_alarms += r.false_alarms;
        total.key_cases += r.key_cases;
        total.area_m2 += r.area_m2;
        total.late += r.late;
    }
    rows.push(total);
    rows
}

/// The summary as CSV for Excel (UTF-8 with BOM).
pub fn daily_summary_csv(rows: &[SummaryRow]) -> String {
    let mut t = CsvTable::new(&[
        "日期",
        "火点事件",
        "已派单",
        "已核查",
        "发现火情",
        "未发现",
        "误报",
        "重点案件",
        "过火面积(m²)",
        "超24小时核查",
    ]);
    for r in rows {
        t.push(vec![
            r.date.clone(),
            r.incidents.to_string(),
            r.dispatched.to_string(),
            r.verified.to_string(),
            r.found.to_string(),
            r.not_found.to_string(),
            r.false_alarms.to_string(),
            r.key_cases.to_string(),
            format!("{:.0}", r.area_m2),
            r.late.to_string(),
        ]);
    }
    t.to_text()
}

/// The records as CSV for Excel (UTF-8 with BOM).
pub fn verifications_csv(records: &[Verification]) -> String {
    let mut t = CsvTable::new(&[
        "事件编号",
        "核查时间",
        "队伍",
        "是否发现",
        "类型",
        "过火面积(m²)",
        "重点案件",
        "经度",
        "纬度",
        "首次发现",
        "备注",
    ]);
    for v in records {
        t.push(vec![
            v.incident_id.clone(),
            v.time.format("%Y-%m-%d %H:%M").to_string(),
            v.team.clone(),
            if v.found { "是" } else { "否" }.to_string(),
            v.kind.map(|k| k.label()).unwrap_or_default().to_string(),
            v.area_m2.map(|a| format!("{a}")).unwrap_or_default(),
            if v.key_case { "是" } else { "" }.to_string(),
            v.location
                .map(|p| format!("{:.6}", p.lon))
                .unwrap_or_default(),
            v.location
                .map(|p| format!("{:.6}", p.lat))
                .unwrap_or_default(),
            v.first_seen
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            v.note.clone(),
        ]);
    }
    t.to_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(
        id: &str,
        h: u32,
        found: bool,
        kind: Option<FindingKind>,
        area: Option<f64>,
    ) -> Verification {
        let t = KeyCaseThresholds::default();
        Verification {
            incident_id: id.into(),
            team: "甲".into(),
            time: NaiveDate::from_ymd_opt(2022, 5, 31)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
            found,
            kind,
            area_m2: area,
            note: String::new(),
            key_case: is_key_case(kind, area, &t),
            location: None,
            first_seen: NaiveDate::from_ymd_opt(2022, 5, 30)
                .unwrap()
                .and_hms_opt(10, 0, 0),
        }
    }

    #[test]
    fn validation_rules() {
        assert!(
            validate_verification(&rec("a", 9, true, Some(FindingKind::Straw), Some(10.0)))
                .is_empty()
        );
        assert!(validate_verification(&rec("a", 9, false, None, None)).is_empty());
        assert!(
            validate_verification(&rec("a", 9, false, Some(FindingKind::FalseAlarm), None))
                .is_empty()
        );
        assert_eq!(
            validate_verification(&rec("a", 9, true, None, None)).len(),
            1
        );
        assert_eq!(
            validate_verification(&rec("a", 9, false, Some(FindingKind::Straw), None)).len(),
            1
        );
        assert_eq!(
            validate_verification(&rec("", 9, true, Some(FindingKind::Straw), Some(-1.0))).len(),
            2
        );
        assert_eq!(
            validate_verification(&rec(
                "a",
                9,
                true,
                Some(FindingKind::FalseAlarm),
                Some(50.0)
            ))
            .len(),
            1
        );
    }

    #[test]
    fn summary_counts_latest_record_and_lateness() {
        let recs = vec![
            rec("x", 9, true, Some(FindingKind::Straw), Some(150.0)),
            rec("x", 11, true, Some(FindingKind::Straw), Some(250.0)),
            rec("y", 12, false, Some(FindingKind::FalseAlarm), None),
        ];
        let rows = daily_summary(&[], &[], &recs);
        assert_eq!(rows.len(), 2);
        let d = &rows[0];
        assert_eq!(d.date, "2022-05-30");
        assert_eq!(
            (
                d.verified,
                d.found,
                d.not_found,
                d.false_alarms,
                d.key_cases
            ),
            (2, 1, 1, 1, 1)
        );
        assert_eq!(d.area_m2, 250.0);
        // 10:00 on the 30th → 11:00 / 12:00 on the 31st: both more than 24 h
        assert_eq!(d.late, 2);
        assert_eq!(rows[1].date, "合计");
        let csv = daily_summary_csv(&rows);
        assert!(csv.starts_with("\u{feff}日期,火点事件"));
        assert!(csv.contains("2022-05-30,0,0,2,1,1,1,1,250,2"));
        assert!(verifications_csv(&recs).contains("x,2022-05-31 11:00,甲,是,秸秆,250,是"));
    }
}
