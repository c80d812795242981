//! The whole workflow in one call, for the command line and the browser: detections → filter →
//! incidents → priorities → dispatch → the plan document.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::layers::Layer;
use crate::model::{
    DayNight, FireDetection, FireSource, LonLat, PlanDocument, RouteSheet, SheetStop, Station,
};
use crate::plan::straw::dispatch::{DispatchInput, DispatchRun};
use crate::plan::straw::{
    cluster_incidents, filter_detections, is_night, prioritise, ClusterSettings, CorridorSource,
    DispatchPlan, DispatchSettings, FilterReport, FireFilter, Incident, Jurisdiction,
    KeyCaseThresholds, Priority, PriorityContext, PriorityLevel, PrioritySettings, Reason,
    ReplanState, ShiftChoice, StrawError, Team, TeamRoute, UnassignedIncident,
};

/// Every setting of the workflow, with documented defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrawSettings {
    /// Merging detections into incidents.
    pub cluster: ClusterSettings,
    /// Which detections to use.
    pub filter: FireFilter,
    /// Priority weights.
    pub priority: PrioritySettings,
    /// Dispatch parameters.
    pub dispatch: DispatchSettings,
    /// Key-case areas.
    pub key_cases: KeyCaseThresholds,
}

impl StrawSettings {
    /// Every problem with the settings.
    pub fn problems(&self) -> Vec<String> {
        let mut p = self.cluster.problems();
        p.extend(self.priority.problems());
        p.extend(self.dispatch.problems());
        if !self.filter.min_confidence_pct.is_finite() {
            p.push("最低置信度无效".to_string());
        }
        if let (Some(f), Some(t)) = (self.filter.from, self.filter.to) {
            if f > t {
                p.push(format!("时间范围的开始 {f} 晚于结束 {t}"));
            }
        }
        for (name, v) in [
            ("秸秆重点案件面积", self.key_cases.straw_m2),
            ("垃圾重点案件面积", self.key_cases.garbage_m2),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                p.push(format!("{name} {v} m² 无效"));
            }
        }
        p
    }
}

/// An incident and its priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredIncident {
    /// The incident.
    pub incident: Incident,
    /// Its priority.
    pub priority: Priority,
}

/// Filters, clusters and scores detections; incidents come highest score first (ties: id).
pub fn score_incidents(
    detections: &[FireDetection],
    jurisdiction: Option<&Jurisdiction>,
    settings: &StrawSettings,
    corridors: &dyn CorridorSource,
    stations: &Layer<Station>,
) -> Result<(Vec<ScoredIncident>, FilterReport), StrawError> {
    let problems = settings.problems();
    if !problems.is_empty() {
        return Err(StrawError::Settings { problems });
    }
    let (kept, report) = filter_detections(detections, &settings.filter, jurisdiction);
    let incidents = cluster_incidents(kept, &settings.cluster);
    let ctx = PriorityContext {
        corridors,
        stations,
    };
    let mut scored: Vec<ScoredIncident> = incidents
        .into_iter()
        .map(|incident| ScoredIncident {
            priority: prioritise(&incident, &ctx, &settings.priority),
            incident,
        })
        .collect();
    scored.sort_by(|a, b| {
        b.priority
            .score
            .total_cmp(&a.priority.score)
            .then(a.incident.id.cmp(&b.incident.id))
    });
    Ok((scored, report))
}

/// One detection as shown and printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetectionView {
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Beijing time `YYYY-MM-DD HH:MM`.
    pub time: String,
    /// `modis`, `viirs`, `himawari`, `manual`.
    pub source: FireSource,
    /// Satellite code.
    pub satellite: String,
    /// Confidence 0–100.
    pub confidence_pct: f64,
    /// Confidence as written.
    pub confidence_raw: String,
    /// FRP, MW.
    pub frp_mw: Option<f64>,
    /// `D` / `N`.
    pub daynight: Option<DayNight>,
    /// Reported area, m².
    pub area_m2: Option<f64>,
    /// Note.
    pub note: String,
}

/// One incident as shown and printed (`zouhang patrol straw --json`, the browser list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentView {
    /// Incident id.
    pub id: String,
    /// Longitude of the incident position.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Number of detections.
    pub detection_count: usize,
    /// The detections.
    pub detections: Vec<DetectionView>,
    /// First detection, Beijing time `YYYY-MM-DD HH:MM`.
    pub first_seen: String,
    /// Last detection.
    pub last_seen: String,
    /// Largest FRP, MW.
    pub max_frp_mw: Option<f64>,
    /// Largest confidence.
    pub max_confidence_pct: f64,
    /// Largest reported area, m².
    pub reported_area_m2: Option<f64>,
    /// Sources.
    pub sources: Vec<FireSource>,
    /// Any night detection.
    pub night: bool,
    /// Priority score.
    pub score: f64,
    /// `high` / `medium` / `low`.
    pub level: PriorityLevel,
    /// 高 / 中 / 低.
    pub level_label: String,
    /// The rules that applied.
    pub reasons: Vec<Reason>,
    /// The rules that did not apply.
    pub checks: Vec<Reason>,
}

fn hm(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

impl IncidentView {
    /// The view of a scored incident.
    pub fn of(s: &ScoredIncident, settings: &PrioritySettings) -> Self {
        let i = &s.incident;
        IncidentView {
            id: i.id.clone(),
            lon: i.location.lon,
            lat: i.location.lat,
            detection_count: i.detections.len(),
            detections: i
                .detections
                .iter()
                .map(|d| DetectionView {
                    lon: d.location.lon,
                    lat: d.location.lat,
                    time: hm(d.time_bj),
                    source: d.source,
                    satellite: d.satellite.clone(),
                    confidence_pct: d.confidence_pct,
                    confidence_raw: d.confidence_raw.clone(),
                    frp_mw: d.frp_mw,
                    daynight: d.daynight,
                    area_m2: d.area_m2,
                    note: d.note.clone(),
                })
                .collect(),
            first_seen: hm(i.first_seen),
            last_seen: hm(i.last_seen),
            max_frp_mw: i.max_frp_mw,
            max_confidence_pct: i.max_confidence_pct,
            reported_area_m2: i.reported_area_m2,
            sources: i.sources.clone(),
            night: i.detections.iter().any(|d| is_night(d, settings)),
            score: s.priority.score,
            level: s.priority.level,
            level_label: s.priority.level.label().to_string(),
            reasons: s.priority.reasons.clone(),
            checks: s.priority.checks.clone(),
        }
    }
}

/// What to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrawRequest {
    /// The shift date.
    pub date: NaiveDate,
    /// Which shift.
    #[serde(default)]
    pub shift: ShiftChoice,
    /// Settings.
    #[serde(default)]
    pub settings: StrawSettings,
    /// When the filter has no time window, use the shift's: from 24 hours before the earliest
    /// shift start to the latest shift end (default true).
    #[serde(default = "yes")]
    pub auto_window: bool,
    /// The situation mid-shift, for a re-plan.
    #[serde(default)]
    pub replan: Option<ReplanState>,
}

fn yes() -> bool {
    true
}

impl StrawRequest {
    /// A request for a date and shift with default settings.
    pub fn new(date: NaiveDate, shift: ShiftChoice) -> Self {
        StrawRequest {
            date,
            shift,
            settings: StrawSettings::default(),
            auto_window: true,
            replan: None,
        }
    }

    /// The time window of the shift (see [`Self::auto_window`]); without teams on the shift,
    /// the 24 hours before the date and the date itself.
    pub fn shift_window(&self, teams: &[Team]) -> (NaiveDateTime, NaiveDateTime) {
        let shifts: Vec<(NaiveDateTime, NaiveDateTime)> = teams
            .iter()
            .filter(|t| self.shift.includes(t))
            .map(|t| t.shift_on(self.date))
            .collect();
        let day = self.date.and_hms_opt(0, 0, 0).unwrap_or_default();
        let start = shifts.iter().map(|s| s.0).min().unwrap_or(day);
        let end = shifts
            .iter()
            .map(|s| s.1)
            .max()
            .unwrap_or(day + Duration::days(1));
        (start - Duration::hours(24), end)
    }

    /// The filter with the automatic window applied.
    pub fn effective_filter(&self, teams: &[Team]) -> FireFilter {
        let mut f = self.settings.filter.clone();
        if self.auto_window && f.from.is_none() && f.to.is_none() {
            let (from, to) = self.shift_window(teams);
            f.from = Some(from);
            f.to = Some(to);
        }
        f
    }
}

/// Everything the workflow produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrawOutcome {
    /// Shift date.
    pub date: NaiveDate,
    /// Shift.
    pub shift: ShiftChoice,
    /// The filter used (with the automatic window).
    pub filter: FireFilter,
    /// What the filter removed.
    pub filter_report: FilterReport,
    /// Incidents, highest priority first.
    pub incidents: Vec<IncidentView>,
    /// Solver name.
    pub solver: String,
    /// True for a stop-gap solver (false for both shipped solvers; kept for compatibility).
    pub interim: bool,
    /// Routes, one per vehicle on shift.
    pub routes: Vec<TeamRoute>,
    /// Incidents no team visits, with reasons.
    pub unassigned: Vec<UnassignedIncident>,
    /// Incidents left out because they were already visited (re-plan).
    pub done: Vec<String>,
    /// The re-plan time, when this is a re-plan.
    pub planned_at: Option<NaiveDateTime>,
    /// Dispatch parameters used.
    pub dispatch_settings: DispatchSettings,
    /// True when travel follows roads; false for straight-line estimates.
    pub along_roads: bool,
    /// The plan document for the exports.
    pub plan: PlanDocument,
    /// The incidents themselves (not serialised; for the daily summary and re-plans).
    #[serde(skip)]
    pub scored: Vec<ScoredIncident>,
}

/// The inputs of [`run_straw`] besides the request.
pub struct StrawData<'a> {
    /// Fire detections (all sources).
    pub detections: &'a [FireDetection],
    /// Teams.
    pub teams: &'a [Team],
    /// Jurisdiction, if any.
    pub jurisdiction: Option<&'a Jurisdiction>,
    /// Corridors.
    pub corridors: &'a dyn CorridorSource,
    /// National control stations.
    pub stations: &'a Layer<Station>,
    /// A road network: travel along its roads (otherwise the straight-line estimate).
    pub roads: Option<&'a crate::roads::RoadNetwork>,
}

/// Runs the whole workflow.
pub fn run_straw(data: &StrawData<'_>, request: &StrawRequest) -> Result<StrawOutcome, StrawError> {
    let mut settings = request.settings.clone();
    settings.filter = request.effective_filter(data.teams);
    let (scored, filter_report) = score_incidents(
        data.detections,
        data.jurisdiction,
        &settings,
        data.corridors,
        data.stations,
    )?;
    let input = DispatchInput {
        incidents: &scored,
        teams: data.teams,
        date: request.date,
        shift: request.shift,
        settings: &settings.dispatch,
        replan: request.replan.as_ref(),
        cluster_distance_m: settings.cluster.distance_m,
    };
    let mut run = match data.roads {
        Some(net) => DispatchRun::with_roads(&input, net)?,
        None => DispatchRun::new(&input)?,
    };
    run.run_to_end();
    let plan = run.plan();
    Ok(StrawOutcome {
        date: request.date,
        shift: request.shift,
        filter: settings.filter.clone(),
        filter_report,
        incidents: scored
            .iter()
            .map(|s| IncidentView::of(s, &settings.priority))
            .collect(),
        solver: plan.solver.clone(),
        interim: plan.interim,
        plan: straw_plan_document(&plan, &scored),
        routes: plan.routes,
        unassigned: plan.unassigned,
        done: plan.done,
        planned_at: plan.planned_at,
        dispatch_settings: plan.settings,
        along_roads: plan.along_roads,
        scored,
    })
}

/// The dispatch as the common plan document (kind `straw`): one route sheet per vehicle with
/// at least one stop, the start and the return as depot stops, each incident's priority and
/// reasons in its note.
pub fn straw_plan_document(plan: &DispatchPlan, incidents: &[ScoredIncident]) -> PlanDocument {
    let date = plan.date.format("%Y-%m-%d").to_string();
    let title = format!("{date} {} 秸秆禁烧巡查", plan.shift.label());
    let mut doc = PlanDocument::new("straw", &title);
    let when = |t: NaiveDateTime| {
        if t.date() == plan.date {
            t.format("%H:%M").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
    };
    let depot =
        |id: &str, name: String, location: LonLat, t: NaiveDateTime, leaving: bool| SheetStop {
            id: id.to_string(),
            name,
            location,
            kind: "depot".to_string(),
            arrival: (!leaving).then(|| when(t)),
            departure: leaving.then(|| when(t)),
            service_s: 0.0,
            note: String::new(),
        };
    for r in plan.routes.iter().filter(|r| !r.stops.is_empty()) {
        let start_name = if r.start_location == r.base {
            format!("{}驻地", r.team)
        } else {
            "当前位置".to_string()
        };
        let mut stops = vec![depot(
            "start",
            start_name,
            r.start_location,
            r.start_time,
            true,
        )];
        for s in &r.stops {
            let reasons = incidents
                .iter()
                .find(|i| i.incident.id == s.incident_id)
                .map(|i| {
                    i.priority
                        .reasons
                        .iter()
                        .map(|x| x.text.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                })
                .unwrap_or_default();
            stops.push(SheetStop {
                id: s.incident_id.clone(),
                name: format!("火点 {}", s.incident_id),
                location: s.location,
                kind: "visit".to_string(),
                arrival: Some(when(s.arrival)),
                departure: Some(when(s.departure)),
                service_s: (s.departure - s.arrival).num_seconds() as f64,
                note: format!(
                    "优先级 {}（{}）{}{}",
                    s.score,
                    s.level.label(),
                    if s.locked { "【在途目标】" } else { "" },
                    if reasons.is_empty() {
                        String::new()
                    } else {
                        format!("：{reasons}")
                    }
                ),
            });
        }
        stops.push(depot(
            "end",
            format!("{}驻地", r.team),
            r.base,
            r.return_time,
            false,
        ));
        doc.routes.push(RouteSheet {
            id: r.route_id.clone(),
            name: format!(
                "{} · 车{} · {date} {}",
                r.team,
                r.vehicle,
                plan.shift.label()
            ),
            team: r.team.clone(),
            date: Some(date.clone()),
            stops,
            geometry: Vec::new(),
            along_roads: plan.along_roads,
            distance_m: r.distance_m,
            duration_s: r.duration_s,
            measured_m: None,
        });
    }
    doc
}
