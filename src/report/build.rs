//! Counting the month.

use serde::Serialize;

use super::records::{IncidentType, MonthlyInput, VerificationRecord};
use crate::error::Issue;

/// Straw fires at least this large are key cases (m²).
pub const KEY_STRAW_M2: f64 = 200.0;
/// Garbage fires at least this large are key cases (m²).
pub const KEY_GARBAGE_M2: f64 = 20.0;

/// One line of the report table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    /// Stable key, e.g. `runs`.
    pub key: String,
    /// Item, in Chinese.
    pub item: String,
    /// Value as shown (integers without decimals, km and 万元 with two).
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Where the figure comes from.
    pub source: String,
}

/// The month's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyReport {
    /// Month `YYYY-MM`.
    pub month: String,
    /// Unit name.
    pub unit: String,
    /// The table rows in the bureau's order.
    pub rows: Vec<ReportRow>,
    /// The key cases (典型/重点案件), largest first.
    pub key_cases: Vec<VerificationRecord>,
    /// Records left out (wrong month, unreadable date) and other remarks.
    pub issues: Vec<Issue>,
}

fn in_month(date: &str, month: &str) -> bool {
    date.trim().get(..7) == Some(month) && date.trim().get(7..8) == Some("-")
}

/// True for a key case: a found straw fire ≥ 200 m² or garbage fire ≥ 20 m².
pub fn is_key_case(v: &VerificationRecord) -> bool {
    let area = v.burned_area_m2.filter(|a| a.is_finite()).unwrap_or(0.0);
    v.found
        && match v.kind {
            IncidentType::Straw => area >= KEY_STRAW_M2,
            IncidentType::Garbage => area >= KEY_GARBAGE_M2,
            _ => false,
        }
}

/// Builds the report of `input.month` from the records dated in it.
///
/// ```
/// use zouhang::report::{monthly_report, MonthlyInput, VerificationRecord, IncidentType};
/// let v = |a: f64, k| VerificationRecord { incident_id: "f".into(), time: "2026-06-02 21:00".into(),
///     found: true, kind: k, burned_area_m2: Some(a), team: String::new(), staff: 2,
///     place: String::new(), note: String::new() };
/// let input = MonthlyInput { month: "2026-06".into(),
///     verifications: vec![v(250.0, IncidentType::Straw), v(150.0, IncidentType::Straw), v(25.0, IncidentType::Garbage)],
///     ..Default::default() };
/// let r = monthly_report(&input);
/// assert_eq!(r.key_cases.len(), 2); // 250 m² straw and 25 m² garbage
/// ```
pub fn monthly_report(input: &MonthlyInput) -> MonthlyReport {
    let month = input.month.trim().to_string();
    let mut issues = Vec::new();
    if chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err() {
        issues.push(Issue::error(
            "E_REPORT_MONTH",
            format!("月份「{month}」无效"),
            "用 YYYY-MM，如 2026-06",
        ));
    }
    let staff_per_run = if input.staff_per_run == 0 {
        2
    } else {
        input.staff_per_run
    };

    // runs from the plans' dated routes
    let (mut runs, mut run_staff, mut total_m, mut measured_m, mut planned_visits) =
        (0u64, 0u64, 0.0, 0.0, 0u64);
    let done_ids: std::collections::HashSet<&str> =
        input.runs_done.iter().map(String::as_str).collect();
    let mut runs_done = 0u64;
    let mut undated = 0;
    for p in &input.plans {
        for r in &p.routes {
            match &r.date {
                Some(d) if in_month(d, &month) => {
                    runs += 1;
                    runs_done += u64::from(done_ids.contains(r.id.as_str()));
                    run_staff += u64::from(staff_per_run);
                    if r.distance_m.is_finite() && r.distance_m > 0.0 {
                        total_m += r.distance_m;
                    }
                    if let Some(m) = r.measured_m.filter(|m| m.is_finite() && *m > 0.0) {
                        measured_m += m;
                    }
                    planned_visits += r.stops.iter().filter(|s| s.kind == "visit").count() as u64;
                }
                Some(_) => {}
                None => undated += 1,
            }
        }
    }
    if undated > 0 {
        issues.push(Issue::warning(
            "W_REPORT_UNDATED",
            format!("{undated} 条路线没有日期，未计入"),
            "在计划中给路线填写日期",
        ));
    }

    let verif: Vec<&VerificationRecord> = input
        .verifications
        .iter()
        .filter(|v| in_month(&v.time, &month))
        .collect();
    let insp: Vec<_> = input
        .inspections
        .iter()
        .filter(|i| in_month(&i.date, &month))
        .collect();
    let skipped = input.verifications.len() - verif.len() + input.inspections.len() - insp.len();
    if skipped > 0 {
        issues.push(Issue::warning(
            "W_REPORT_OTHER_MONTH",
            format!("{skipped} 条记录不在 {month}（或日期无法识别），未计入"),
            "检查记录的日期",
        ));
    }
    let found = verif
        .iter()
        .filter(|v| v.found && v.kind != IncidentType::FalseAlarm)
        .count();
    let count_kind = |k| verif.iter().filter(|v| v.found && v.kind == k).count();
    let mut key_cases: Vec<VerificationRecord> = verif
        .iter()
        .filter(|v| is_key_case(v))
        .map(|v| (*v).clone())
        .collect();
    key_cases.sort_by(|a, b| {
        b.burned_area_m2
            .unwrap_or(0.0)
            .total_cmp(&a.burned_area_m2.unwrap_or(0.0))
    });
    let burned: f64 = verif
        .iter()
        .filter(|v| v.found)
        .filter_map(|v| v.burned_area_m2)
        .filter(|a| a.is_finite() && *a > 0.0)
        .sum();
    let verif_staff: u64 = verif.iter().map(|v| u64::from(v.staff)).sum();
    let insp_staff: u64 = insp.iter().map(|i| u64::from(i.inspectors)).sum();
    let fines: f64 = insp
        .iter()
        .map(|i| i.fine_wan)
        .filter(|f| f.is_finite() && *f > 0.0)
        .sum();

    let int = |n: u64| n.to_string();
    // `+ 0.0` turns the −0.0 of an empty float sum into 0.0
    let dec2 = |v: f64| format!("{:.2}", v + 0.0);
    let row = |key: &str, item: &str, value: String, unit: &str, source: &str| ReportRow {
        key: key.into(),
        item: item.into(),
        value,
        unit: unit.into(),
        source: source.into(),
    };
    let c = |f: &dyn Fn(&&&crate::report::InspectionRecord) -> bool| {
        insp.iter().filter(|i| f(i)).count() as u64
    };
    let rows = vec![
        row(
            "runs",
            "走航/巡查车次",
            int(runs),
            "次",
            "本月有日期的计划路线",
        ),
        row(
            "runs_done",
            "其中：巡查端回传已完成",
            int(runs_done),
            "次",
            "导入的巡查记录（走航段起止已记录，或停靠点全部完成/跳过）",
        ),
        row(
            "km_total",
            "行驶里程",
            dec2(total_m / 1000.0),
            "km",
            "计划路线里程合计",
        ),
        row(
            "km_measured",
            "其中：走航有效里程",
            dec2(measured_m / 1000.0),
            "km",
            "计划路线的走航有效里程",
        ),
        row(
            "km_transit",
            "其中：途中行驶里程",
            dec2((total_m - measured_m).max(0.0) / 1000.0),
            "km",
            "行驶里程 − 走航有效里程",
        ),
        row(
            "staff",
            "出动人员",
            int(run_staff + verif_staff + insp_staff),
            "人次",
            &format!("每车次 {staff_per_run} 人 + 核查与检查记录的人数"),
        ),
        row(
            "enterprises",
            "检查企业",
            int(insp.len() as u64),
            "厂次",
            "企业检查记录",
        ),
        row(
            "planned_visits",
            "计划检查点",
            int(planned_visits),
            "个",
            "计划路线中的检查点（供对照）",
        ),
        row(
            "violations",
            "发现问题企业",
            int(c(&|i| i.violation)),
            "家次",
            "企业检查记录",
        ),
        row(
            "verified",
            "核查火点/事件",
            int(verif.len() as u64),
            "个",
            "核查记录",
        ),
        row(
            "found",
            "其中：现场确认",
            int(found as u64),
            "个",
            "核查记录（误报除外）",
        ),
        row(
            "straw",
            "其中：秸秆焚烧",
            int(count_kind(IncidentType::Straw) as u64),
            "起",
            "核查记录",
        ),
        row(
            "garbage",
            "其中：垃圾焚烧",
            int(count_kind(IncidentType::Garbage) as u64),
            "起",
            "核查记录",
        ),
        row(
            "false_alarm",
            "其中：误报",
            int(verif
                .iter()
                .filter(|v| v.kind == IncidentType::FalseAlarm || !v.found)
                .count() as u64),
            "个",
            "核查记录",
        ),
        row("burned_area", "过火面积", dec2(burned), "m²", "核查记录"),
        row(
            "key_cases",
            "重点案件（秸秆≥200 m²、垃圾≥20 m²）",
            int(key_cases.len() as u64),
            "起",
            "核查记录",
        ),
        row(
            "cases_filed",
            "立案",
            int(c(&|i| i.case_filed)),
            "件",
            "企业检查记录",
        ),
        row("fines", "罚款", dec2(fines), "万元", "企业检查记录"),
        row(
            "decisions",
            "行政处罚决定",
            int(c(&|i| i.decision)),
            "件",
            "企业检查记录",
        ),
        row(
            "serious",
            "重大案件",
            int(c(&|i| i.serious)),
            "件",
            "企业检查记录",
        ),
    ];
    MonthlyReport {
        month,
        unit: input.unit.clone(),
        rows,
        key_cases,
        issues,
    }
}
