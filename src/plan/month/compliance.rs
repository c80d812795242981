//! The compliance table: every rule of the month with what it requires and what the plan has.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{parse_date, DayRange, YearMonth};
use super::rules::{MonthRules, RunType};
use super::schedule::{weeks_of, Requirement, RunReason};
use super::targets::MonthTargets;
use super::types::{Coverage, PlannedRun};

/// One row: "VOCs 走航, 2026-06: required ≥ 2, planned 2 ✓".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceRow {
    /// The rule, in Chinese.
    pub rule: String,
    /// `YYYY-MM`.
    pub month: String,
    /// What the rule asks (at least this many, or at most for `max` rules).
    pub required: f64,
    /// What the plan has.
    pub planned: f64,
    /// Whether the plan meets the rule.
    pub ok: bool,
    /// What could not be met and why, or how the figure was counted.
    pub note: String,
    /// One sentence saying what the two figures mean and whether the plan meets the rule
    /// (e.g. "规定两次例行 VOCs 走航至少相隔 5 天；…相隔最近的两次相隔 12 天，满足。").
    #[serde(default)]
    pub explain: String,
}

/// The end of an explanation: "满足" or "不满足（少 1 次）".
fn verdict(ok: bool, short_by: Option<String>) -> String {
    match (ok, short_by) {
        (true, _) => "满足".into(),
        (false, Some(s)) => format!("不满足（{s}）"),
        (false, None) => "不满足".into(),
    }
}

/// A run counts when it serves at least one target or road.
fn counts(r: &PlannedRun) -> bool {
    r.stops.len() > 2
}

/// Builds the table.
#[allow(clippy::too_many_arguments)]
pub fn compliance(
    month: YearMonth,
    rules: &MonthRules,
    requirements: &[Requirement],
    episodes: &[DayRange],
    runs: &[PlannedRun],
    weekly: &BTreeMap<String, u32>,
    targets: &MonthTargets,
    visits: &BTreeMap<usize, Vec<NaiveDate>>,
    coverage: &Coverage,
) -> Vec<ComplianceRow> {
    let label = month.label();
    let mut rows = Vec::new();
    let row =
        |rule: String, required: f64, planned: f64, ok: bool, note: String, explain: String| {
            ComplianceRow {
                rule,
                month: label.clone(),
                required,
                planned,
                ok,
                note,
                explain,
            }
        };
    for req in requirements {
        let t = req.run_type;
        let of_type: Vec<&PlannedRun> = runs
            .iter()
            .filter(|r| r.run_type == t && counts(r))
            .collect();
        let empty = runs
            .iter()
            .filter(|r| r.run_type == t && !counts(r))
            .count();
        let season = if rules.rule(t).high_months.contains(&month.month) {
            "重点季节"
        } else {
            "其他月份"
        };
        let required = req.base + req.episode_extra.iter().sum::<u32>();
        let planned = of_type.len() as u32;
        let mut note = format!("{season}每月 ≥ {} 次", req.base);
        if req.episode_extra.iter().any(|e| *e > 0) {
            note.push_str(&format!(
                "，污染过程加密 {} 次",
                req.episode_extra.iter().sum::<u32>()
            ));
        }
        if empty > 0 {
            note.push_str(&format!("；{empty} 次排定的走航没有可安排的目标，未计入"));
        }
        if planned < required {
            note.push_str("；未满足：可用日期或车辆不足（见说明）");
        }
        let extra: u32 = req.episode_extra.iter().sum();
        let parts = if extra > 0 {
            format!("{season}每月 {} 次，加污染过程加密 {extra} 次", req.base)
        } else {
            format!("{season}每月 {} 次", req.base)
        };
        let explain = format!(
            "本月至少要做 {required} 次{}（{parts}），计划安排了 {planned} 次，{}。",
            t.label(),
            verdict(
                planned >= required,
                Some(format!("少 {} 次", required.saturating_sub(planned)))
            )
        );
        rows.push(row(
            format!("{}（月度频次）", t.label()),
            f64::from(required),
            f64::from(planned),
            planned >= required,
            note,
            explain,
        ));
        for (ep, &extra) in episodes.iter().zip(&req.episode_extra) {
            if extra == 0 {
                continue;
            }
            let inside = of_type
                .iter()
                .filter(|r| {
                    r.reason == RunReason::Episode
                        && parse_date(&r.date).is_some_and(|d| ep.contains(d))
                })
                .count() as u32;
            rows.push(row(
                format!("{}（污染过程 {} 加密）", t.label(), ep.short_label()),
                f64::from(extra),
                f64::from(inside),
                inside >= extra,
                format!(
                    "每个污染过程周加密 {} 次",
                    rules.rule(t).episode_extra_per_week
                ),
                format!(
                    "污染过程 {} 期间要加密 {extra} 次{}，计划在这几天安排了 {inside} 次加密走航，{}。",
                    ep.short_label(),
                    t.label(),
                    verdict(
                        inside >= extra,
                        Some(format!("少 {} 次", extra.saturating_sub(inside)))
                    )
                ),
            ));
        }
        // Spacing of the regular runs.
        let mut days: Vec<NaiveDate> = of_type
            .iter()
            .filter(|r| r.reason == RunReason::Regular)
            .filter_map(|r| parse_date(&r.date))
            .collect();
        days.sort();
        if days.len() >= 2 && rules.min_gap_days > 0 {
            let min_gap = days
                .windows(2)
                .map(|w| (w[1] - w[0]).num_days())
                .min()
                .unwrap_or(0);
            let weekly_rule = t == RunType::Vocs && req.per_week > 0;
            rows.push(row(
                format!("{}（同类间隔 ≥ {} 天）", t.label(), rules.min_gap_days),
                f64::from(rules.min_gap_days),
                min_gap as f64,
                min_gap >= i64::from(rules.min_gap_days),
                if weekly_rule {
                    "每周频次规则优先，间隔可能小于设定".into()
                } else {
                    "例行走航之间的最小间隔；污染过程加密不受限".into()
                },
                format!(
                    "规定两次例行{}至少相隔 {} 天；计划中相隔最近的两次相隔 {min_gap} 天，{}。",
                    t.label(),
                    rules.min_gap_days,
                    verdict(min_gap >= i64::from(rules.min_gap_days), None)
                ),
            ));
        }
    }
    // Weekly class frequencies.
    let weeks = weeks_of(month);
    for (class, &per_week) in weekly {
        let members: Vec<usize> = targets
            .vocs
            .iter()
            .enumerate()
            .filter(|(_, t)| t.class == *class)
            .map(|(i, _)| i)
            .collect();
        let mut worst = u32::MAX;
        let mut short = Vec::new();
        for &i in &members {
            for (w, week) in weeks.iter().enumerate() {
                let n = visits
                    .get(&i)
                    .map_or(0, |v| v.iter().filter(|d| week.contains(d)).count())
                    as u32;
                if n < per_week {
                    short.push(format!("{} 第{}周", targets.vocs[i].name, w + 1));
                }
                worst = worst.min(n);
            }
        }
        let worst = if worst == u32::MAX { 0 } else { worst };
        rows.push(row(
            format!("{class}（每周 ≥ {per_week} 次 VOCs 走航）"),
            f64::from(per_week),
            f64::from(worst),
            short.is_empty(),
            if short.is_empty() {
                format!(
                    "{} 个目标 × {} 周，按最少的一周计",
                    members.len(),
                    weeks.len()
                )
            } else {
                format!("未满足：{}", short.join("、"))
            },
            format!(
                "{class}类的 {} 个目标每周都要有至少 {per_week} 次 VOCs 走航经过；计划中经过最少的一周为 {worst} 次，{}。",
                members.len(),
                verdict(short.is_empty(), Some(format!("{} 处不足", short.len())))
            ),
        ));
    }
    // Excluded days carry no run.
    let excluded: Vec<NaiveDate> = rules
        .excluded_days
        .iter()
        .filter_map(|d| parse_date(d))
        .collect();
    let in_month = excluded.iter().filter(|d| month.days().contains(d)).count();
    if in_month > 0 {
        let on_excluded = runs
            .iter()
            .filter(|r| parse_date(&r.date).is_some_and(|d| excluded.contains(&d)))
            .count();
        rows.push(row(
            format!("排除日（{} 天）不安排走航", in_month),
            0.0,
            on_excluded as f64,
            on_excluded == 0,
            "降雨预报、节假日等；数值为排除日上的走航次数，须为 0".into(),
            format!(
                "本月 {in_month} 个排除日上不能安排走航（要求 0 次）；计划在排除日上安排了 {on_excluded} 次，{}。",
                verdict(on_excluded == 0, None)
            ),
        ));
    }
    if rules.dust_quota_km > 0.0 {
        let measured: f64 = runs
            .iter()
            .filter(|r| r.run_type == RunType::RoadDust)
            .map(|r| r.measured_km)
            .sum();
        rows.push(row(
            "道路积尘走航（月有效里程）".into(),
            rules.dust_quota_km,
            (measured * 10.0).round() / 10.0,
            measured >= rules.dust_quota_km,
            format!(
                "要求道路 {} 段 {:.1} km，覆盖 {} 段 {:.1} km",
                coverage.roads_total,
                coverage.roads_total_km,
                coverage.roads_covered,
                coverage.roads_covered_km
            ),
            format!(
                "道路积尘走航本月有效里程至少 {} km；计划的积尘走航测量里程共 {:.1} km，{}。",
                rules.dust_quota_km,
                measured,
                verdict(measured >= rules.dust_quota_km, None)
            ),
        ));
    }
    rows
}
