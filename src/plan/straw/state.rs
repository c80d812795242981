//! The straw-burning session of the browser app: fire files and manual points, jurisdiction,
//! corridors, teams, the latest incidents and dispatch, verification records. The wasm adapter
//! (`src/wasm/straw.rs`) only converts values to and from JavaScript around these methods.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::crs::Crs;
use crate::io::{read_fires, ImportReport};
use crate::layers::Layer;
use crate::model::{FireDetection, LonLat, PlanDocument, Station};
use crate::plan::straw::dispatch::{DispatchInput, DispatchRun};
use crate::plan::straw::session::score_incidents;
use crate::plan::straw::verification::verifications_csv;
use crate::plan::straw::{
    daily_summary, daily_summary_csv, is_key_case, parse_manual_points, read_teams,
    straw_plan_document, validate_verification, CorridorLayer, DispatchPlan, DispatchProgress,
    FilterReport, FireFilter, IncidentView, Jurisdiction, ReplanState, ScoredIncident, StrawError,
    StrawRequest, StrawSnapshot, SummaryRow, Team, TeamsImport, Verification, DEMO_TEAMS_CSV,
    STRAW_SNAPSHOT_VERSION,
};

/// A loaded fire file (or a batch of manual points).
#[derive(Debug, Clone, PartialEq)]
struct FireFile {
    name: String,
    format: String,
    detections: Vec<FireDetection>,
}

/// A fire file as listed on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FireFileInfo {
    /// File name (or `手工录入 n`).
    pub name: String,
    /// Detected format.
    pub format: String,
    /// Detections loaded.
    pub detections: usize,
}

/// Incidents as returned to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentsOutcome {
    /// Incidents, highest priority first.
    pub incidents: Vec<IncidentView>,
    /// The filter used (with the shift window when automatic).
    pub filter: FireFilter,
    /// What the filter removed.
    pub filter_report: FilterReport,
    /// Detections considered (files, manual points and, if asked, the fire layer).
    pub detections: usize,
}

/// The dispatch as returned to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutcome {
    /// The dispatch.
    pub dispatch: DispatchPlan,
    /// The plan document for the exports.
    pub plan: PlanDocument,
}

/// One browser session's straw-burning work.
#[derive(Debug)]
pub struct StrawState {
    files: Vec<FireFile>,
    manual_batches: usize,
    jurisdiction: Option<Jurisdiction>,
    corridors: CorridorLayer,
    teams: Vec<Team>,
    scored: Vec<ScoredIncident>,
    run: Option<DispatchRun>,
    plan: Option<DispatchPlan>,
    verifications: Vec<Verification>,
    request: Option<StrawRequest>,
}

impl Default for StrawState {
    fn default() -> Self {
        StrawState::new()
    }
}

impl StrawState {
    /// A session with the demo corridors and demo teams.
    pub fn new() -> Self {
        StrawState {
            files: Vec::new(),
            manual_batches: 0,
            jurisdiction: None,
            corridors: CorridorLayer::demo_suzhou(),
            teams: read_teams(DEMO_TEAMS_CSV.as_bytes(), "teams_demo.csv", Crs::Wgs84).teams,
            scored: Vec::new(),
            run: None,
            plan: None,
            verifications: Vec::new(),
            request: None,
        }
    }

    /// Adds a fire file (FIRMS, Himawari, manual CSV/GeoJSON); returns its import report.
    pub fn add_fire_file(&mut self, name: &str, bytes: &[u8], crs: Crs) -> ImportReport {
        let r = read_fires(bytes, name, crs);
        if !r.items.is_empty() {
            self.files.push(FireFile {
                name: name.to_string(),
                format: r.report.format.clone(),
                detections: r.items,
            });
        }
        r.report
    }

    /// Adds pasted manual points; returns the import report.
    pub fn add_manual(&mut self, text: &str, crs: Crs) -> ImportReport {
        let r = parse_manual_points(text, crs);
        if !r.items.is_empty() {
            self.manual_batches += 1;
            self.files.push(FireFile {
                name: format!("手工录入 {}", self.manual_batches),
                format: r.report.format.clone(),
                detections: r.items,
            });
        }
        r.report
    }

    /// Forgets every fire file and manual point.
    pub fn clear_fires(&mut self) {
        self.files.clear();
    }

    /// The loaded fire files.
    pub fn fire_files(&self) -> Vec<FireFileInfo> {
        self.files
            .iter()
            .map(|f| FireFileInfo {
                name: f.name.clone(),
                format: f.format.clone(),
                detections: f.detections.len(),
            })
            .collect()
    }

    /// Sets the jurisdiction from GeoJSON polygons; returns the district names and the issues.
    pub fn set_jurisdiction_geojson(
        &mut self,
        name: &str,
        bytes: &[u8],
    ) -> Result<(Vec<String>, Vec<crate::Issue>), StrawError> {
        let (j, issues) = Jurisdiction::from_geojson(bytes, name)?;
        let names = j.names().to_vec();
        self.jurisdiction = Some(j);
        Ok((names, issues))
    }

    /// Sets the jurisdiction to a box (the map view).
    pub fn set_jurisdiction_box(&mut self, a: LonLat, b: LonLat) {
        self.jurisdiction = Some(Jurisdiction::from_bbox(a, b));
    }

    /// Removes the jurisdiction filter.
    pub fn clear_jurisdiction(&mut self) {
        self.jurisdiction = None;
    }

    /// Replaces the corridor layer by a GeoJSON file; returns the issues.
    pub fn set_corridors_geojson(
        &mut self,
        name: &str,
        bytes: &[u8],
    ) -> Result<Vec<crate::Issue>, StrawError> {
        let (layer, issues) = CorridorLayer::from_geojson(bytes, name)?;
        self.corridors = layer;
        Ok(issues)
    }

    /// Goes back to the demo corridor layer.
    pub fn reset_corridors(&mut self) {
        self.corridors = CorridorLayer::demo_suzhou();
    }

    /// The corridor layer as GeoJSON, with its label.
    pub fn corridors_geojson(&self) -> (String, String) {
        (self.corridors.label.clone(), self.corridors.to_geojson())
    }

    /// Reads a teams CSV; the teams are replaced when at least one row loaded.
    pub fn load_teams(&mut self, name: &str, bytes: &[u8], crs: Crs) -> TeamsImport {
        let r = read_teams(bytes, name, crs);
        if !r.teams.is_empty() {
            self.teams = r.teams.clone();
        }
        r
    }

    /// Replaces the teams (edited on screen).
    pub fn set_teams(&mut self, teams: Vec<Team>) -> Result<(), StrawError> {
        let mut problems = Vec::new();
        for (i, t) in teams.iter().enumerate() {
            if t.name.trim().is_empty() {
                problems.push(format!("第 {} 支队伍没有名称", i + 1));
            }
            if !t.base.is_valid() {
                problems.push(format!("队伍「{}」的驻地坐标无效", t.name));
            }
            if teams.iter().filter(|u| u.name == t.name).count() > 1 {
                problems.push(format!("队伍名称「{}」重复", t.name));
            }
        }
        problems.dedup();
        if !problems.is_empty() {
            return Err(StrawError::NoTeams {
                file: "编辑的队伍".to_string(),
                detail: problems.join("；"),
            });
        }
        self.teams = teams;
        Ok(())
    }

    /// The teams.
    pub fn teams(&self) -> &[Team] {
        &self.teams
    }

    fn detections(&self, layer: Option<&[FireDetection]>) -> Vec<FireDetection> {
        let mut all: Vec<FireDetection> = layer.map(<[_]>::to_vec).unwrap_or_default();
        for f in &self.files {
            all.extend(f.detections.iter().cloned());
        }
        all
    }

    /// Filters, clusters and scores the detections (the files, manual points and, when given,
    /// the map's fire layer).
    pub fn incidents(
        &mut self,
        layer: Option<&[FireDetection]>,
        stations: &Layer<Station>,
        request: &StrawRequest,
    ) -> Result<IncidentsOutcome, StrawError> {
        let detections = self.detections(layer);
        let mut settings = request.settings.clone();
        settings.filter = request.effective_filter(&self.teams);
        let (scored, filter_report) = score_incidents(
            &detections,
            self.jurisdiction.as_ref(),
            &settings,
            &self.corridors,
            stations,
        )?;
        self.scored = scored;
        self.request = Some(request.clone());
        Ok(IncidentsOutcome {
            incidents: self
                .scored
                .iter()
                .map(|s| IncidentView::of(s, &settings.priority))
                .collect(),
            filter: settings.filter,
            filter_report,
            detections: detections.len(),
        })
    }

    /// Starts a dispatch of the current incidents (call [`Self::incidents`] first) with
    /// straight-line travel estimates. With a `replan`, verified incidents are added to its
    /// `done` list.
    pub fn start_dispatch(
        &mut self,
        request: &StrawRequest,
    ) -> Result<DispatchProgress, StrawError> {
        self.start_dispatch_on(request, None)
    }

    /// [`Self::start_dispatch`], with travel along the roads of `roads` when given.
    pub fn start_dispatch_on(
        &mut self,
        request: &StrawRequest,
        roads: Option<&crate::roads::RoadNetwork>,
    ) -> Result<DispatchProgress, StrawError> {
        let mut replan = request.replan.clone();
        if let Some(r) = replan.as_mut() {
            for v in &self.verifications {
                if !r.done.contains(&v.incident_id) {
                    r.done.push(v.incident_id.clone());
                }
            }
        }
        let input = DispatchInput {
            incidents: &self.scored,
            teams: &self.teams,
            date: request.date,
            shift: request.shift,
            settings: &request.settings.dispatch,
            replan: replan.as_ref(),
            cluster_distance_m: request.settings.cluster.distance_m,
        };
        let run = match roads {
            Some(net) => DispatchRun::with_roads(&input, net)?,
            None => DispatchRun::new(&input)?,
        };
        let progress = run.progress();
        self.run = Some(run);
        self.plan = None;
        Ok(progress)
    }

    /// Advances the dispatch by about `budget` incident insertions.
    pub fn step_dispatch(&mut self, budget: usize) -> Result<DispatchProgress, StrawError> {
        let run = self.run.as_mut().ok_or(StrawError::NoDispatch)?;
        let p = run.step(budget);
        if p.done {
            self.plan = Some(run.plan());
        }
        Ok(p)
    }

    /// The finished dispatch and its plan document.
    pub fn plan(&self) -> Result<PlanOutcome, StrawError> {
        let dispatch = self.plan.clone().ok_or(StrawError::NoDispatch)?;
        let plan = straw_plan_document(&dispatch, &self.scored);
        Ok(PlanOutcome { dispatch, plan })
    }

    /// The situation at `now` if every team followed the current plan (see
    /// [`ReplanState::from_plan`]), with verified incidents marked done.
    pub fn replan_state(&self, now: NaiveDateTime) -> Result<ReplanState, StrawError> {
        let plan = self.plan.as_ref().ok_or(StrawError::NoDispatch)?;
        let mut state = ReplanState::from_plan(plan, now);
        for v in &self.verifications {
            if !state.done.contains(&v.incident_id) {
                state.done.push(v.incident_id.clone());
            }
        }
        Ok(state)
    }

    /// Records (or replaces) the verification of an incident; fills in the key-case flag, the
    /// position, the first detection and, when empty, the team from the current plan.
    pub fn record_verification(&mut self, mut v: Verification) -> Result<Verification, StrawError> {
        let problems = validate_verification(&v);
        if !problems.is_empty() {
            return Err(StrawError::Verification { problems });
        }
        let incident = self
            .scored
            .iter()
            .find(|s| s.incident.id == v.incident_id)
            .ok_or_else(|| StrawError::UnknownIncident {
                id: v.incident_id.clone(),
            })?;
        let thresholds = self
            .request
            .as_ref()
            .map(|r| r.settings.key_cases)
            .unwrap_or_default();
        v.key_case = is_key_case(v.kind, v.area_m2, &thresholds);
        v.location = Some(incident.incident.location);
        v.first_seen = Some(incident.incident.first_seen);
        if v.team.trim().is_empty() {
            if let Some(r) = self.plan.as_ref().and_then(|p| {
                p.routes
                    .iter()
                    .find(|r| r.incident_ids.contains(&v.incident_id))
            }) {
                v.team = r.team.clone();
            }
        }
        self.verifications
            .retain(|x| x.incident_id != v.incident_id);
        self.verifications.push(v.clone());
        Ok(v)
    }

    /// Removes the record of an incident; true when there was one.
    pub fn remove_verification(&mut self, incident_id: &str) -> bool {
        let before = self.verifications.len();
        self.verifications.retain(|x| x.incident_id != incident_id);
        before != self.verifications.len()
    }

    /// The records.
    pub fn verifications(&self) -> &[Verification] {
        &self.verifications
    }

    /// Replaces the records (e.g. restored from storage).
    pub fn set_verifications(&mut self, records: Vec<Verification>) {
        self.verifications = records;
    }

    /// The computed part of the session (teams, last request, incidents, dispatch, records),
    /// to keep across reloads; the fire, jurisdiction and corridor files are kept by the page.
    pub fn snapshot(&self) -> StrawSnapshot {
        StrawSnapshot {
            version: STRAW_SNAPSHOT_VERSION,
            manual_batches: self.manual_batches,
            teams: self.teams.clone(),
            request: self.request.clone(),
            scored: self.scored.clone(),
            plan: self.plan.clone(),
            verifications: self.verifications.clone(),
        }
    }

    /// Puts a snapshot back (after the files were read again). It is checked completely
    /// first ([`StrawSnapshot::problems`]); on any problem nothing changes. A dispatch that
    /// was still running when the snapshot was taken is not kept.
    pub fn restore_snapshot(&mut self, snapshot: StrawSnapshot) -> Result<(), StrawError> {
        let problems = snapshot.problems();
        if !problems.is_empty() {
            return Err(StrawError::Snapshot { problems });
        }
        self.manual_batches = snapshot.manual_batches;
        self.teams = snapshot.teams;
        self.request = snapshot.request;
        self.scored = snapshot.scored;
        self.run = None;
        self.plan = snapshot.plan;
        self.verifications = snapshot.verifications;
        Ok(())
    }

    /// The current incidents as shown (scored with the last request's weights).
    pub fn incident_views(&self) -> Vec<IncidentView> {
        let settings = self
            .request
            .as_ref()
            .map(|r| r.settings.priority.clone())
            .unwrap_or_default();
        self.scored
            .iter()
            .map(|s| IncidentView::of(s, &settings))
            .collect()
    }

    /// The daily summary of the current incidents, dispatch and records.
    pub fn summary(&self) -> Vec<SummaryRow> {
        let incidents: Vec<_> = self.scored.iter().map(|s| s.incident.clone()).collect();
        let dispatched: Vec<String> = self
            .plan
            .iter()
            .flat_map(|p| p.routes.iter())
            .flat_map(|r| r.incident_ids.iter().cloned())
            .collect();
        daily_summary(&incidents, &dispatched, &self.verifications)
    }

    /// The daily summary as CSV.
    pub fn summary_csv(&self) -> String {
        daily_summary_csv(&self.summary())
    }

    /// The records as CSV.
    pub fn verifications_csv(&self) -> String {
        verifications_csv(&self.verifications)
    }
}
