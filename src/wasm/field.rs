//! Records back from the field for the page: reading a team's records file, merging it into the
//! workspace's field log, and the progress of a plan's routes. The log is page data (a store
//! section), passed in and returned, so these methods keep no state.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::workspace::Workspace;
use super::{from_js, to_js};
use crate::error::Issue;
use crate::io::read_team_records;
use crate::model::PlanDocument;
use crate::plan::field::{route_progress, FieldLog, KnownPlan, MergeReport};

/// The answer of `importTeamRecords`: the new log and what the import did, or why the file was
/// refused (`ok: false`; the log given is returned unchanged).
#[derive(Serialize)]
struct ImportAnswer {
    ok: bool,
    message: String,
    issues: Vec<Issue>,
    warnings: Vec<Issue>,
    log: FieldLog,
    report: Option<MergeReport>,
}

#[wasm_bindgen]
impl Workspace {
    /// Reads a team records file (`zouhang-team-records`) and merges it into `log` (a FieldLog,
    /// `{records, photos}`), knowing the workspace's plans `known` (`[{id, made_at, routes}]`).
    /// Never throws for a bad file: `{ok: false, message, issues, log}` with the log unchanged.
    #[wasm_bindgen(js_name = importTeamRecords)]
    pub fn import_team_records(
        &self,
        bytes: &[u8],
        file_name: &str,
        log: JsValue,
        known: JsValue,
    ) -> Result<JsValue, JsError> {
        let mut log: FieldLog = if log.is_null() || log.is_undefined() {
            FieldLog::default()
        } else {
            from_js(log, "巡查记录")?
        };
        let known: Vec<KnownPlan> = from_js(known, "计划列表")?;
        let refused = |log: FieldLog, message: String, issues: Vec<Issue>| ImportAnswer {
            ok: false,
            message,
            issues,
            warnings: Vec::new(),
            log,
            report: None,
        };
        let answer = match read_team_records(bytes, file_name) {
            Err(e) => refused(log, e.to_string(), e.issues()),
            Ok(read) => match log.merge(&read.file, file_name, &known) {
                Err(issue) => refused(log, format!("{file_name}：{}", issue.message), vec![issue]),
                Ok(report) => ImportAnswer {
                    ok: true,
                    message: String::new(),
                    issues: Vec::new(),
                    warnings: read.warnings,
                    log,
                    report: Some(report),
                },
            },
        };
        to_js(&answer)
    }

    /// The progress of every route of `plan` (registry id `plan_id`) from the field log:
    /// `[{route_id, stops, done, skipped, measure_started, measure_ended, complete, records}]`.
    #[wasm_bindgen(js_name = fieldProgress)]
    pub fn field_progress(
        &self,
        log: JsValue,
        plan_id: &str,
        plan: JsValue,
    ) -> Result<JsValue, JsError> {
        let log: FieldLog = from_js(log, "巡查记录")?;
        let plan: PlanDocument = from_js(plan, "计划")?;
        to_js(&route_progress(&log, plan_id, &plan))
    }
}
