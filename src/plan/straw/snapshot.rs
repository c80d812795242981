//! The computed part of a straw-burning session, kept across page reloads and in workspace
//! files: the teams, the last request, the scored incidents, the dispatch and the verification
//! records.
//!
//! The inputs that are files (fire files, a jurisdiction or corridor GeoJSON) are kept by the
//! page as the files themselves and read again on restore; this snapshot carries what was
//! computed from them, so that after a reload the same dispatch is shown without solving again
//! (a re-plan depends on the plan in force, which solving again would not reproduce).
//! [`StrawSnapshot::problems`] checks a snapshot read from storage completely before anything is
//! replaced: every problem is listed, and nothing in it can make the session panic later.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::LonLat;
use crate::plan::straw::{
    validate_verification, DispatchPlan, ScoredIncident, StrawError, StrawRequest, Team,
    Verification,
};

/// The snapshot format written by this version.
pub const STRAW_SNAPSHOT_VERSION: u32 = 1;

/// Most problems listed in one message (the rest are counted).
const MAX_PROBLEMS: usize = 12;

/// The computed state of a straw session (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrawSnapshot {
    /// Format version ([`STRAW_SNAPSHOT_VERSION`]).
    pub version: u32,
    /// Manual batches added so far (names the next one `手工录入 n+1`).
    #[serde(default)]
    pub manual_batches: usize,
    /// The teams.
    pub teams: Vec<Team>,
    /// The request of the last incidents run (settings, key-case thresholds).
    #[serde(default)]
    pub request: Option<StrawRequest>,
    /// The scored incidents, highest priority first.
    #[serde(default)]
    pub scored: Vec<ScoredIncident>,
    /// The dispatch in force.
    #[serde(default)]
    pub plan: Option<DispatchPlan>,
    /// The verification records.
    #[serde(default)]
    pub verifications: Vec<Verification>,
}

/// Dates outside these years are refused (time arithmetic near chrono's limits would fail).
fn sane_date(d: NaiveDate) -> bool {
    (1970..=2200).contains(&d.year())
}

fn sane(t: NaiveDateTime) -> bool {
    sane_date(t.date())
}

fn located(p: LonLat) -> bool {
    p.is_valid()
}

impl StrawSnapshot {
    /// Reads a snapshot from JSON data. When it does not read, the error names the part that
    /// does not (the team, incident or record and its number).
    ///
    /// ```
    /// use serde_json::json;
    /// use zouhang::plan::straw::StrawSnapshot;
    /// let bad = json!({"version": 1, "teams": [],
    ///     "verifications": [{"incident_id": "a", "time": "2022-05-31T10:00:00", "found": "yes"}]});
    /// let e = StrawSnapshot::from_value(&bad).unwrap_err();
    /// assert!(e.to_string().contains("第 1 条核查记录格式不正确"));
    /// assert!(StrawSnapshot::from_value(&json!({"version": 1, "teams": []})).is_ok());
    /// ```
    pub fn from_value(value: &Value) -> Result<StrawSnapshot, StrawError> {
        StrawSnapshot::deserialize(value).map_err(|whole| {
            let mut p = Vec::new();
            parts::<Team>(value, "teams", |i| format!("第 {i} 支队伍"), &mut p);
            parts::<ScoredIncident>(value, "scored", |i| format!("第 {i} 个火点事件"), &mut p);
            parts::<Verification>(
                value,
                "verifications",
                |i| format!("第 {i} 条核查记录"),
                &mut p,
            );
            part::<Option<StrawRequest>>(value, "request", "派单请求与设置", &mut p);
            part::<Option<DispatchPlan>>(value, "plan", "派单结果", &mut p);
            if p.is_empty() {
                p.push(format!("格式不正确（{whole}）"));
            }
            p.truncate(MAX_PROBLEMS);
            StrawError::Snapshot { problems: p }
        })
    }

    /// Every problem that keeps this snapshot from being restored (empty when it can be), in
    /// Chinese, each naming the item; at most a dozen are listed, the rest counted.
    pub fn problems(&self) -> Vec<String> {
        if self.version > STRAW_SNAPSHOT_VERSION {
            return vec![format!(
                "由更新版本的程序保存（版本 {}，本程序支持到 {STRAW_SNAPSHOT_VERSION}）",
                self.version
            )];
        }
        if self.version != STRAW_SNAPSHOT_VERSION {
            return vec![format!("版本 {} 不受支持", self.version)];
        }
        let mut p = Vec::new();
        self.team_problems(&mut p);
        if let Some(r) = &self.request {
            if !sane_date(r.date) {
                p.push(format!("派单日期 {} 无效", r.date));
            }
            p.extend(
                r.settings
                    .problems()
                    .into_iter()
                    .map(|x| format!("设置：{x}")),
            );
        }
        self.incident_problems(&mut p);
        if let Some(plan) = &self.plan {
            plan_problems(plan, &mut p);
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, v) in self.verifications.iter().enumerate() {
            let at = format!("第 {} 条核查记录（{}）", i + 1, v.incident_id);
            p.extend(
                validate_verification(v)
                    .into_iter()
                    .map(|x| format!("{at}：{x}")),
            );
            if !sane(v.time) || v.first_seen.is_some_and(|t| !sane(t)) {
                p.push(format!("{at}：时间无效"));
            }
            if v.location.is_some_and(|l| !located(l)) {
                p.push(format!("{at}：位置无效"));
            }
            if !seen.insert(v.incident_id.as_str()) {
                p.push(format!("{at}：同一事件有两条记录"));
            }
        }
        if p.len() > MAX_PROBLEMS {
            let more = p.len() - MAX_PROBLEMS;
            p.truncate(MAX_PROBLEMS);
            p.push(format!("另有 {more} 个问题"));
        }
        p
    }

    fn team_problems(&self, p: &mut Vec<String>) {
        for (i, t) in self.teams.iter().enumerate() {
            if t.name.trim().is_empty() {
                p.push(format!("第 {} 支队伍没有名称", i + 1));
            }
            if !located(t.base) {
                p.push(format!("队伍「{}」的驻地坐标无效", t.name));
            }
            if !(1..=20).contains(&t.vehicles) {
                p.push(format!(
                    "队伍「{}」的车辆数 {} 无效（1–20）",
                    t.name, t.vehicles
                ));
            }
            if self.teams[..i].iter().any(|u| u.name == t.name) {
                p.push(format!("队伍名称「{}」重复", t.name));
            }
        }
    }

    fn incident_problems(&self, p: &mut Vec<String>) {
        let mut seen = std::collections::BTreeSet::new();
        for (i, s) in self.scored.iter().enumerate() {
            let x = &s.incident;
            let at = format!("第 {} 个火点事件（{}）", i + 1, x.id);
            if x.id.trim().is_empty() || !seen.insert(x.id.as_str()) {
                p.push(format!("{at}：编号为空或重复"));
            }
            if !located(x.location) || x.detections.iter().any(|d| !located(d.location)) {
                p.push(format!("{at}：坐标无效"));
            }
            if x.detections.is_empty() {
                p.push(format!("{at}：没有探测记录"));
            }
            if !sane(x.first_seen)
                || !sane(x.last_seen)
                || x.detections.iter().any(|d| !sane(d.time_bj))
            {
                p.push(format!("{at}：时间无效"));
            }
            if !s.priority.score.is_finite() {
                p.push(format!("{at}：优先级无效"));
            }
        }
    }
}

fn plan_problems(plan: &DispatchPlan, p: &mut Vec<String>) {
    if !sane_date(plan.date) || plan.planned_at.is_some_and(|t| !sane(t)) {
        p.push(format!("派单结果的日期 {} 无效", plan.date));
    }
    for r in &plan.routes {
        let at = format!("派单路线「{}」", r.route_id);
        let places = [r.base, r.start_location]
            .into_iter()
            .chain(r.stops.iter().map(|s| s.location));
        if places.into_iter().any(|l| !located(l)) {
            p.push(format!("{at}：坐标无效"));
        }
        let times = [r.available_from, r.start_time, r.shift_end, r.return_time]
            .into_iter()
            .chain(r.stops.iter().flat_map(|s| [s.arrival, s.departure]));
        if times.into_iter().any(|t| !sane(t)) {
            p.push(format!("{at}：时间无效"));
        }
        if ![r.distance_m, r.duration_s].iter().all(|v| v.is_finite()) {
            p.push(format!("{at}：距离或时长无效"));
        }
    }
}

/// The problem with `value[key]` read as a `T`, if any.
fn part<T: DeserializeOwned>(value: &Value, key: &str, name: &str, p: &mut Vec<String>) {
    if let Some(v) = value.get(key) {
        if let Err(e) = T::deserialize(v) {
            p.push(format!("{name}格式不正确（{e}）"));
        }
    }
}

/// The problems with the items of the array `value[key]` read as `T`s, named by number from 1.
fn parts<T: DeserializeOwned>(
    value: &Value,
    key: &str,
    name: impl Fn(usize) -> String,
    p: &mut Vec<String>,
) {
    for (i, item) in value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Err(e) = T::deserialize(item) {
            p.push(format!("{}格式不正确（{e}）", name(i + 1)));
        }
    }
}
