//! `Workspace` methods of the straw-burning panel (秸秆禁烧). Each parses its input, calls one
//! method of [`crate::plan::straw::StrawState`] and converts the result.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::workspace::Workspace;
use super::{from_js, to_js};
use crate::crs::Crs;
use crate::plan::straw::{
    IncidentView, PlanOutcome, StrawError, StrawRequest, StrawSettings, StrawSnapshot, StrawState,
    Team, Verification, DEMO_TEAMS_CSV,
};
use crate::LonLat;

fn err(e: StrawError) -> JsError {
    JsError::new(&format!("[{}] {e}", e.code()))
}

fn crs(s: &str) -> Result<Crs, JsError> {
    s.parse().map_err(|e| JsError::new(&format!("{e}")))
}

/// `strawIncidents` / `strawDispatchStart` input: the request plus whether to use the map's
/// fire layer.
#[derive(Deserialize)]
struct IncidentsArgs {
    #[serde(flatten)]
    request: StrawRequest,
    #[serde(default = "yes")]
    use_layer: bool,
}

fn yes() -> bool {
    true
}

#[derive(Serialize)]
struct Named<T: Serialize> {
    names: Vec<String>,
    issues: T,
}

#[derive(Serialize)]
struct Corridors {
    label: String,
    geojson: String,
}

/// `strawRestoreSnapshot` output: what the page shows after a restore.
#[derive(Serialize)]
struct Restored {
    incidents: Vec<IncidentView>,
    plan: Option<PlanOutcome>,
}

/// A snapshot from the page, read exactly (numbers as JavaScript has them); when it does not
/// read, the error names the part that does not ([`StrawSnapshot::from_value`]).
fn snapshot(data: JsValue) -> Result<StrawSnapshot, JsError> {
    serde_wasm_bindgen::from_value::<StrawSnapshot>(data.clone()).map_err(|whole| {
        let plain = || StrawError::Snapshot {
            problems: vec![format!("格式不正确（{whole}）")],
        };
        let located = serde_wasm_bindgen::from_value::<serde_json::Value>(data)
            .ok()
            .and_then(|v| StrawSnapshot::from_value(&v).err());
        err(located.unwrap_or_else(plain))
    })
}

#[wasm_bindgen]
impl Workspace {
    /// Default straw settings (every weight and threshold), for the settings form.
    #[wasm_bindgen(js_name = strawDefaultSettings)]
    pub fn straw_default_settings(&self) -> Result<JsValue, JsError> {
        to_js(&StrawSettings::default())
    }

    /// Adds a fire file (FIRMS MODIS/VIIRS, Himawari L2WLF, manual CSV or GeoJSON) to the
    /// straw session; returns the import report.
    #[wasm_bindgen(js_name = strawAddFireFile)]
    pub fn straw_add_fire_file(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        crs_name: &str,
    ) -> Result<JsValue, JsError> {
        let report = self.straw.add_fire_file(file_name, bytes, crs(crs_name)?);
        to_js(&report)
    }

    /// Adds pasted manual points `lon,lat,time[,source[,area_m2[,note]]]`; returns the report.
    #[wasm_bindgen(js_name = strawAddManual)]
    pub fn straw_add_manual(&mut self, text: &str, crs_name: &str) -> Result<JsValue, JsError> {
        let report = self.straw.add_manual(text, crs(crs_name)?);
        to_js(&report)
    }

    /// Forgets the straw session's fire files and manual points.
    #[wasm_bindgen(js_name = strawClearFires)]
    pub fn straw_clear_fires(&mut self) {
        self.straw.clear_fires();
    }

    /// The loaded fire files: `[{name, format, detections}]`.
    #[wasm_bindgen(js_name = strawFireFiles)]
    pub fn straw_fire_files(&self) -> Result<JsValue, JsError> {
        to_js(&self.straw.fire_files())
    }

    /// Sets the jurisdiction from a GeoJSON file of polygons; returns `{names, issues}`.
    #[wasm_bindgen(js_name = strawSetJurisdiction)]
    pub fn straw_set_jurisdiction(
        &mut self,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<JsValue, JsError> {
        let (names, issues) = self
            .straw
            .set_jurisdiction_geojson(file_name, bytes)
            .map_err(err)?;
        to_js(&Named { names, issues })
    }

    /// Checks a jurisdiction (`kind` = "jurisdiction") or corridor ("corridors") GeoJSON file
    /// without using it: the same reading as `strawSetJurisdiction` / `strawSetCorridors`, for
    /// refusing a workspace file before anything is replaced. Throws the reading's error.
    #[wasm_bindgen(js_name = strawCheckGeojson)]
    pub fn straw_check_geojson(
        &self,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(), JsError> {
        match kind {
            "jurisdiction" => crate::plan::straw::Jurisdiction::from_geojson(bytes, file_name)
                .map(|_| ())
                .map_err(err),
            "corridors" => crate::plan::straw::CorridorLayer::from_geojson(bytes, file_name)
                .map(|_| ())
                .map_err(err),
            other => Err(JsError::new(&format!("未知的图层类型「{other}」"))),
        }
    }

    /// Sets the jurisdiction to a box (the map view).
    #[wasm_bindgen(js_name = strawSetJurisdictionBox)]
    pub fn straw_set_jurisdiction_box(
        &mut self,
        min_lon: f64,
        min_lat: f64,
        max_lon: f64,
        max_lat: f64,
    ) {
        self.straw
            .set_jurisdiction_box(LonLat::new(min_lon, min_lat), LonLat::new(max_lon, max_lat));
    }

    /// Removes the jurisdiction filter.
    #[wasm_bindgen(js_name = strawClearJurisdiction)]
    pub fn straw_clear_jurisdiction(&mut self) {
        self.straw.clear_jurisdiction();
    }

    /// Replaces the corridor layer by a GeoJSON file; returns the issues.
    #[wasm_bindgen(js_name = strawSetCorridors)]
    pub fn straw_set_corridors(
        &mut self,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<JsValue, JsError> {
        let issues = self
            .straw
            .set_corridors_geojson(file_name, bytes)
            .map_err(err)?;
        to_js(&issues)
    }

    /// Goes back to the demo corridor layer.
    #[wasm_bindgen(js_name = strawResetCorridors)]
    pub fn straw_reset_corridors(&mut self) {
        self.straw.reset_corridors();
    }

    /// The corridor layer: `{label, geojson}` (GeoJSON text).
    #[wasm_bindgen(js_name = strawCorridors)]
    pub fn straw_corridors(&self) -> Result<JsValue, JsError> {
        let (label, geojson) = self.straw.corridors_geojson();
        to_js(&Corridors { label, geojson })
    }

    /// Loads a teams CSV (replacing the teams when a row loaded); returns `{teams, issues,
    /// columns}`.
    #[wasm_bindgen(js_name = strawLoadTeams)]
    pub fn straw_load_teams(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        crs_name: &str,
    ) -> Result<JsValue, JsError> {
        let r = self.straw.load_teams(file_name, bytes, crs(crs_name)?);
        to_js(&r)
    }

    /// Restores the demo teams.
    #[wasm_bindgen(js_name = strawDemoTeams)]
    pub fn straw_demo_teams(&mut self) -> Result<JsValue, JsError> {
        let r = self
            .straw
            .load_teams("teams_demo.csv", DEMO_TEAMS_CSV.as_bytes(), Crs::Wgs84);
        to_js(&r)
    }

    /// Replaces the teams by an edited list `[{name, base: {lon, lat}, shift_start: "HH:MM",
    /// shift_end, vehicles, district}]`.
    #[wasm_bindgen(js_name = strawSetTeams)]
    pub fn straw_set_teams(&mut self, teams: JsValue) -> Result<(), JsError> {
        let teams: Vec<Team> = from_js(teams, "队伍列表")?;
        self.straw.set_teams(teams).map_err(err)
    }

    /// The teams.
    #[wasm_bindgen(js_name = strawTeams)]
    pub fn straw_teams(&self) -> Result<JsValue, JsError> {
        to_js(self.straw.teams())
    }

    /// Filters, clusters and scores the fire points for a request `{date, shift, settings,
    /// auto_window, use_layer}`; returns `{incidents, filter, filter_report, detections}`.
    #[wasm_bindgen(js_name = strawIncidents)]
    pub fn straw_incidents(&mut self, request: JsValue) -> Result<JsValue, JsError> {
        let a: IncidentsArgs = from_js(request, "火点事件请求")?;
        let (layers, straw) = self.layers_and_straw();
        let layer = a.use_layer.then(|| layers.fires.items());
        let out = straw
            .incidents(layer, &layers.stations, &a.request)
            .map_err(err)?;
        to_js(&out)
    }

    /// Starts dispatching the current incidents for a request (with `replan` for a re-plan);
    /// returns the progress. Call `strawDispatchStep` until `done`. Travel follows the loaded
    /// road network when there is one (the plan's `along_roads` says so), otherwise the
    /// straight-line estimate.
    #[wasm_bindgen(js_name = strawDispatchStart)]
    pub fn straw_dispatch_start(&mut self, request: JsValue) -> Result<JsValue, JsError> {
        let a: IncidentsArgs = from_js(request, "派单请求")?;
        let progress = self
            .straw
            .start_dispatch_on(&a.request, self.roads.as_ref())
            .map_err(err)?;
        to_js(&progress)
    }

    /// Advances the dispatch by about `budget` incidents; returns `{done, progress, solver,
    /// interim, vehicles, incidents}`.
    #[wasm_bindgen(js_name = strawDispatchStep)]
    pub fn straw_dispatch_step(&mut self, budget: u32) -> Result<JsValue, JsError> {
        to_js(&self.straw.step_dispatch(budget as usize).map_err(err)?)
    }

    /// The finished dispatch: `{dispatch: {routes, unassigned, …}, plan}` (plan document).
    #[wasm_bindgen(js_name = strawPlan)]
    pub fn straw_plan(&self) -> Result<JsValue, JsError> {
        to_js(&self.straw.plan().map_err(err)?)
    }

    /// The situation at `now` ("YYYY-MM-DDTHH:MM:SS", Beijing time) had the teams followed the
    /// plan: `{now, vehicles: [{route_id, position, target, target_location}], done}`.
    #[wasm_bindgen(js_name = strawReplanState)]
    pub fn straw_replan_state(&self, now: JsValue) -> Result<JsValue, JsError> {
        let now: chrono::NaiveDateTime = from_js(now, "时间")?;
        to_js(&self.straw.replan_state(now).map_err(err)?)
    }

    /// Records (or replaces) a verification `{incident_id, team, time, found, kind, area_m2,
    /// note}`; returns the stored record with its key-case flag.
    #[wasm_bindgen(js_name = strawRecordVerification)]
    pub fn straw_record_verification(&mut self, record: JsValue) -> Result<JsValue, JsError> {
        let v: Verification = from_js(record, "核查记录")?;
        to_js(&self.straw.record_verification(v).map_err(err)?)
    }

    /// Removes the record of an incident.
    #[wasm_bindgen(js_name = strawRemoveVerification)]
    pub fn straw_remove_verification(&mut self, incident_id: &str) -> bool {
        self.straw.remove_verification(incident_id)
    }

    /// All records.
    #[wasm_bindgen(js_name = strawVerifications)]
    pub fn straw_verifications(&self) -> Result<JsValue, JsError> {
        to_js(self.straw.verifications())
    }

    /// Replaces all records (e.g. restored from storage).
    #[wasm_bindgen(js_name = strawSetVerifications)]
    pub fn straw_set_verifications(&mut self, records: JsValue) -> Result<(), JsError> {
        let v: Vec<Verification> = from_js(records, "核查记录列表")?;
        self.straw.set_verifications(v);
        Ok(())
    }

    /// Starts a new straw session (demo corridors and teams, nothing loaded).
    #[wasm_bindgen(js_name = strawReset)]
    pub fn straw_reset(&mut self) {
        self.straw = StrawState::new();
    }

    /// The computed part of the session (teams, last request, incidents, dispatch, records)
    /// as JSON data, to keep across reloads.
    #[wasm_bindgen(js_name = strawSnapshot)]
    pub fn straw_snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&self.straw.snapshot())
    }

    /// Checks a saved snapshot without changing anything; throws with every problem.
    #[wasm_bindgen(js_name = strawCheckSnapshot)]
    pub fn straw_check_snapshot(&self, data: JsValue) -> Result<(), JsError> {
        let problems = snapshot(data)?.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(err(StrawError::Snapshot { problems }))
        }
    }

    /// Puts a saved snapshot back, after the files were added again; on any problem nothing
    /// changes. Returns `{incidents, plan}` (plan: as `strawPlan()`, or null).
    #[wasm_bindgen(js_name = strawRestoreSnapshot)]
    pub fn straw_restore_snapshot(&mut self, data: JsValue) -> Result<JsValue, JsError> {
        self.straw.restore_snapshot(snapshot(data)?).map_err(err)?;
        to_js(&Restored {
            incidents: self.straw.incident_views(),
            plan: self.straw.plan().ok(),
        })
    }

    /// The daily summary rows (the last one is the total).
    #[wasm_bindgen(js_name = strawSummary)]
    pub fn straw_summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.straw.summary())
    }

    /// The daily summary as CSV (UTF-8 with BOM).
    #[wasm_bindgen(js_name = strawSummaryCsv)]
    pub fn straw_summary_csv(&self) -> String {
        self.straw.summary_csv()
    }

    /// The verification records as CSV (UTF-8 with BOM).
    #[wasm_bindgen(js_name = strawVerificationsCsv)]
    pub fn straw_verifications_csv(&self) -> String {
        self.straw.verifications_csv()
    }
}
