//! The rule set of a monthly 走航 plan: how many runs of each type a month needs, when runs may
//! happen, which vehicles drive them, and at what speeds.
//!
//! The defaults are the Suzhou 2023 air-pollution plan (DOMAIN.md, "Rules"): VOCs 走航 at least
//! twice a month April–September and once otherwise, road-dust 走航 at least twice a month
//! October–March and once otherwise, one extra run of each type per pollution-episode week, runs
//! of one type at least 5 days apart, weekends working days ("5+2"). The rule set is saved and
//! loaded as JSON; every field has a default, so a partial file is a valid rule set.

use serde::{Deserialize, Serialize};

use crate::error::Issue;

/// The two kinds of 走航 run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunType {
    /// VOCs drive-by monitoring: visits points and areas.
    Vocs,
    /// Road-dust loading (积尘负荷): covers required road segments.
    RoadDust,
}

impl RunType {
    /// Both types, in display order.
    pub const ALL: [RunType; 2] = [RunType::Vocs, RunType::RoadDust];

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            RunType::Vocs => "VOCs 走航",
            RunType::RoadDust => "道路积尘走航",
        }
    }

    /// Stable key (as in JSON).
    pub fn key(self) -> &'static str {
        match self {
            RunType::Vocs => "vocs",
            RunType::RoadDust => "road_dust",
        }
    }
}

/// Frequency rule of one run type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrequencyRule {
    /// Months (1–12) of the high season.
    pub high_months: Vec<u32>,
    /// Runs a month required in the high season.
    pub high_per_month: u32,
    /// Runs a month required in the other months.
    pub low_per_month: u32,
    /// Extra runs per pollution-episode week (a started week counts).
    pub episode_extra_per_week: u32,
    /// Measuring speed, km/h.
    pub measure_kmh: f64,
}

impl FrequencyRule {
    /// The default rule of a run type (Suzhou 2023 plan).
    pub fn default_for(run_type: RunType) -> Self {
        match run_type {
            RunType::Vocs => FrequencyRule {
                high_months: (4..=9).collect(),
                high_per_month: 2,
                low_per_month: 1,
                episode_extra_per_week: 1,
                measure_kmh: 30.0,
            },
            RunType::RoadDust => FrequencyRule {
                high_months: vec![10, 11, 12, 1, 2, 3],
                high_per_month: 2,
                low_per_month: 1,
                episode_extra_per_week: 1,
                measure_kmh: 40.0,
            },
        }
    }

    /// Runs required in a month (1–12) before episodes.
    pub fn base_runs(&self, month: u32) -> u32 {
        if self.high_months.contains(&month) {
            self.high_per_month
        } else {
            self.low_per_month
        }
    }
}

impl Default for FrequencyRule {
    fn default() -> Self {
        FrequencyRule::default_for(RunType::Vocs)
    }
}

fn default_vocs() -> FrequencyRule {
    FrequencyRule::default_for(RunType::Vocs)
}

fn default_dust() -> FrequencyRule {
    FrequencyRule::default_for(RunType::RoadDust)
}

/// A 走航 vehicle with its crew.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Run types it can drive.
    pub types: Vec<RunType>,
    /// Days it is not available (`YYYY-MM-DD`).
    #[serde(default)]
    pub days_off: Vec<String>,
}

/// Extra visit frequency for targets of a class (e.g. towns under listed supervision weekly).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassFrequency {
    /// Target class, as in the target list (`挂牌督办`, `重点园区`, …).
    pub class: String,
    /// Visits required per week (a started week counts).
    pub per_week: u32,
}

/// The whole rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MonthRules {
    /// VOCs 走航 frequency.
    #[serde(default = "default_vocs")]
    pub vocs: FrequencyRule,
    /// Road-dust 走航 frequency.
    #[serde(default = "default_dust")]
    pub road_dust: FrequencyRule,
    /// Minimum days between two runs of one type (waived inside an episode).
    pub min_gap_days: u32,
    /// Whether Saturdays and Sundays may carry runs ("5+2": yes).
    pub weekends_working: bool,
    /// Days without runs (rain forecast, holidays), `YYYY-MM-DD`.
    pub excluded_days: Vec<String>,
    /// Vehicles and crews.
    pub vehicles: Vec<Vehicle>,
    /// Shift length, hours (a run must fit in it).
    pub shift_hours: f64,
    /// Shift start, `HH:MM`.
    pub shift_start: String,
    /// Speed between measured stretches, km/h.
    pub transit_kmh: f64,
    /// Fixed-point monitoring time at a flagged point, minutes.
    pub dwell_min: f64,
    /// Extra visit frequencies per target class.
    pub class_frequencies: Vec<ClassFrequency>,
    /// Monthly valid-mileage quota of road-dust runs, km (0 = none).
    pub dust_quota_km: f64,
    /// Direction the wind blows from, degrees (the downwind pass of a park goes the other side).
    pub wind_from_deg: f64,
}

impl Default for MonthRules {
    fn default() -> Self {
        MonthRules {
            vocs: default_vocs(),
            road_dust: default_dust(),
            min_gap_days: 5,
            weekends_working: true,
            excluded_days: Vec::new(),
            vehicles: vec![
                Vehicle {
                    id: "V1".into(),
                    name: "VOCs 走航车".into(),
                    types: vec![RunType::Vocs],
                    days_off: Vec::new(),
                },
                Vehicle {
                    id: "V2".into(),
                    name: "道路积尘走航车".into(),
                    types: vec![RunType::RoadDust],
                    days_off: Vec::new(),
                },
            ],
            shift_hours: 8.0,
            shift_start: "08:30".into(),
            transit_kmh: 45.0,
            dwell_min: 10.0,
            class_frequencies: vec![ClassFrequency {
                class: "挂牌督办".into(),
                per_week: 1,
            }],
            dust_quota_km: 0.0,
            wind_from_deg: 135.0,
        }
    }
}

impl MonthRules {
    /// The frequency rule of a run type.
    pub fn rule(&self, run_type: RunType) -> &FrequencyRule {
        match run_type {
            RunType::Vocs => &self.vocs,
            RunType::RoadDust => &self.road_dust,
        }
    }

    /// Reads a rule set from JSON; fields left out take their defaults. The first problem found
    /// is the error; [`MonthRules::check_json`] lists them all.
    pub fn from_json(text: &str) -> Result<MonthRules, Issue> {
        Self::check_json(text).map_err(|problems| {
            problems
                .into_iter()
                .next()
                .unwrap_or_else(|| Issue::error("E_RULES_VALUE", "规则有误", "按提示修改规则"))
        })
    }

    /// Reads a rule set from JSON and checks every value; on failure every problem is listed
    /// (never an empty list), each with its field (`vocs.measure_kmh`, `vehicles.id` with the row).
    pub fn check_json(text: &str) -> Result<MonthRules, Vec<Issue>> {
        let rules: MonthRules = serde_json::from_str(text).map_err(|e| {
            vec![Issue::error(
                "E_RULES_JSON",
                format!("规则文件不是有效的 JSON 规则集：{e}（第 {} 行）", e.line()),
                "按导出的规则文件格式修改后重新载入；缺省的字段会取默认值",
            )
            .at_row(e.line() as u64)]
        })?;
        let problems = rules.validate();
        if problems.is_empty() {
            Ok(rules)
        } else {
            Err(problems)
        }
    }

    /// Checks the values; each problem names its field.
    pub fn validate(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        let bad = |field: &str, msg: String, action: &str| {
            Issue::error("E_RULES_VALUE", msg, action).at_field(field)
        };
        for run_type in RunType::ALL {
            let rule = self.rule(run_type);
            let key = run_type.key();
            if let Some(m) = rule.high_months.iter().find(|m| !(1..=12).contains(*m)) {
                out.push(bad(
                    &format!("{key}.high_months"),
                    format!("月份 {m} 不在 1–12 之间"),
                    "月份写 1 到 12 的整数",
                ));
            }
            for (field, n) in [
                ("high_per_month", rule.high_per_month),
                ("low_per_month", rule.low_per_month),
            ] {
                if n > 31 {
                    out.push(bad(
                        &format!("{key}.{field}"),
                        format!("每月 {n} 次超过 31"),
                        "每月次数写 0–31",
                    ));
                }
            }
            if rule.episode_extra_per_week > 7 {
                out.push(bad(
                    &format!("{key}.episode_extra_per_week"),
                    "污染过程每周加密次数超过 7".into(),
                    "写 0–7",
                ));
            }
            if !(rule.measure_kmh.is_finite() && (5.0..=80.0).contains(&rule.measure_kmh)) {
                out.push(bad(
                    &format!("{key}.measure_kmh"),
                    format!("走航车速 {} km/h 不合理", rule.measure_kmh),
                    "走航车速写 5–80 km/h（VOCs 通常 ≤ 30，积尘 30–50）",
                ));
            }
        }
        if self.min_gap_days > 15 {
            out.push(bad(
                "min_gap_days",
                format!("同类走航最小间隔 {} 天过大", self.min_gap_days),
                "写 0–15 天",
            ));
        }
        if !(self.shift_hours.is_finite() && (1.0..=24.0).contains(&self.shift_hours)) {
            out.push(bad(
                "shift_hours",
                format!("班次时长 {} 小时不合理", self.shift_hours),
                "写 1–24 小时",
            ));
        }
        if parse_hhmm(&self.shift_start).is_none() {
            out.push(bad(
                "shift_start",
                format!("班次开始时间“{}”不是 HH:MM", self.shift_start),
                "写成 08:30 这样的格式",
            ));
        }
        if !(self.transit_kmh.is_finite() && (5.0..=130.0).contains(&self.transit_kmh)) {
            out.push(bad(
                "transit_kmh",
                format!("转场车速 {} km/h 不合理", self.transit_kmh),
                "写 5–130 km/h",
            ));
        }
        if !(self.dwell_min.is_finite() && (0.0..=240.0).contains(&self.dwell_min)) {
            out.push(bad(
                "dwell_min",
                format!("定点监测时长 {} 分钟不合理", self.dwell_min),
                "写 0–240 分钟",
            ));
        }
        if !(self.dust_quota_km.is_finite() && self.dust_quota_km >= 0.0) {
            out.push(bad(
                "dust_quota_km",
                "积尘有效里程指标不能为负".into(),
                "写 0（不设指标）或正数",
            ));
        }
        if !(self.wind_from_deg.is_finite() && (0.0..=360.0).contains(&self.wind_from_deg)) {
            out.push(bad(
                "wind_from_deg",
                format!("风向 {} 度不在 0–360 之间", self.wind_from_deg),
                "写 0–360 度（风从哪个方向来：0 北风，90 东风，135 东南风）",
            ));
        }
        for (i, c) in self.class_frequencies.iter().enumerate() {
            if c.class.trim().is_empty() {
                out.push(
                    bad(
                        "class_frequencies.class",
                        "目标类别为空".into(),
                        "写目标清单中的类别名，例如 挂牌督办",
                    )
                    .at_row(i as u64 + 1),
                );
            }
            if c.per_week > 7 {
                out.push(
                    bad(
                        "class_frequencies.per_week",
                        format!("每周 {} 次超过 7", c.per_week),
                        "每周次数写 0–7",
                    )
                    .at_row(i as u64 + 1),
                );
            }
        }
        for (i, day) in self.excluded_days.iter().enumerate() {
            if super::calendar::parse_date(day).is_none() {
                out.push(
                    bad(
                        "excluded_days",
                        format!("排除日期“{day}”不是有效日期（YYYY-MM-DD）"),
                        "写成 2026-06-03 这样的格式",
                    )
                    .at_row(i as u64 + 1),
                );
            }
        }
        if self.vehicles.is_empty() {
            out.push(bad(
                "vehicles",
                "没有走航车辆".into(),
                "至少添加一辆车，并写明它能做的走航类型",
            ));
        }
        for (i, v) in self.vehicles.iter().enumerate() {
            if v.id.trim().is_empty() {
                out.push(
                    bad("vehicles.id", "车辆编号为空".into(), "给每辆车一个编号")
                        .at_row(i as u64 + 1),
                );
            }
            if self.vehicles[..i].iter().any(|w| w.id == v.id) && !v.id.trim().is_empty() {
                out.push(
                    bad(
                        "vehicles.id",
                        format!("车辆编号 {} 重复", v.id),
                        "每辆车用不同的编号",
                    )
                    .at_row(i as u64 + 1),
                );
            }
            if v.types.is_empty() {
                out.push(
                    bad(
                        "vehicles.types",
                        format!("车辆 {} 没有可做的走航类型", v.id),
                        "至少勾选 VOCs 走航或道路积尘走航之一",
                    )
                    .at_row(i as u64 + 1),
                );
            }
            for day in &v.days_off {
                if super::calendar::parse_date(day).is_none() {
                    out.push(
                        bad(
                            "vehicles.days_off",
                            format!("车辆 {} 的休息日“{day}”不是有效日期（YYYY-MM-DD）", v.id),
                            "写成 2026-06-03 这样的格式",
                        )
                        .at_row(i as u64 + 1),
                    );
                }
            }
        }
        out
    }
}

/// `HH:MM` → seconds after midnight.
pub fn parse_hhmm(text: &str) -> Option<f64> {
    let (h, m) = text.trim().split_once(':')?;
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(f64::from(h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_suzhou_plan() {
        let r = MonthRules::default();
        assert_eq!(r.vocs.base_runs(6), 2);
        assert_eq!(r.vocs.base_runs(11), 1);
        assert_eq!(r.road_dust.base_runs(6), 1);
        assert_eq!(r.road_dust.base_runs(11), 2);
        assert_eq!(r.road_dust.base_runs(3), 2);
        assert_eq!(r.vocs.base_runs(4), 2);
        assert_eq!(r.vocs.base_runs(10), 1);
        assert!(r.validate().is_empty());
    }

    #[test]
    fn partial_json_takes_defaults_and_round_trips() {
        let r =
            MonthRules::from_json(r#"{"min_gap_days": 3, "vocs": {"high_per_month": 3}}"#).unwrap();
        assert_eq!(r.min_gap_days, 3);
        assert_eq!(r.vocs.high_per_month, 3);
        assert_eq!(r.vocs.measure_kmh, 30.0);
        assert_eq!(r.road_dust, FrequencyRule::default_for(RunType::RoadDust));
        let back = MonthRules::from_json(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn bad_values_are_located() {
        let e = MonthRules::from_json(r#"{"shift_hours": 0.2}"#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("shift_hours"));
        let e = MonthRules::from_json(r#"{"excluded_days": ["2026-06-31"]}"#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("excluded_days"));
        let all = MonthRules::check_json(
            r#"{"shift_hours": 0.2, "wind_from_deg": 400, "road_dust": {"low_per_month": 40},
                "class_frequencies": [{"class": "", "per_week": 9}],
                "vehicles": [{"id": "V1", "name": "a", "types": []}, {"id": "V1", "name": "b", "types": ["vocs"]}]}"#,
        )
        .unwrap_err();
        let located: Vec<(String, Option<u64>)> = all
            .iter()
            .map(|i| (i.field.clone().unwrap_or_default(), i.row))
            .collect();
        for want in [
            ("shift_hours", None),
            ("wind_from_deg", None),
            ("road_dust.low_per_month", None),
            ("class_frequencies.class", Some(1)),
            ("class_frequencies.per_week", Some(1)),
            ("vehicles.types", Some(1)),
            ("vehicles.id", Some(2)),
        ] {
            assert!(
                located.contains(&(want.0.to_string(), want.1)),
                "{want:?} not in {located:?}"
            );
        }
        let e = MonthRules::from_json("{\n\"vocs\": 3}").unwrap_err();
        assert_eq!(e.code, "E_RULES_JSON");
        assert_eq!(e.row, Some(2));
    }
}
