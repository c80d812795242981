//! `Workspace` methods of the random-inspection draw (双随机): the session's two registers (the
//! embedded demo registers until the user imports others), the draw, its exports and the
//! verification of an audit record. Each method parses, calls one core function and converts.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::to_js;
use super::workspace::Workspace;
use crate::crs::Crs;
use crate::error::Issue;
use crate::io::{plan_csv, plan_geojson, ImportReport};
use crate::plan::draw::{
    audit_csv, demo_registers, draw, draw_json, enterprises_csv, inspectors_csv, plan_routes,
    result_csv, verify_audit, AuditRecord, DrawRequest, DrawResult, DrawRules, EnterpriseRegister,
    InspectionRoutes, Inspector, InspectorRegister, RegisterSummary, RouteRequest,
};

/// The draw's part of a session: the registers and the last successful draw.
#[derive(Default)]
pub(crate) struct DrawState {
    registers: Option<(EnterpriseRegister, InspectorRegister)>,
    last: Option<DrawResult>,
    routes: Option<InspectionRoutes>,
}

impl DrawState {
    fn registers(&mut self) -> &mut (EnterpriseRegister, InspectorRegister) {
        self.registers.get_or_insert_with(demo_registers)
    }

    fn last(&self) -> Result<&DrawResult, JsError> {
        self.last
            .as_ref()
            .ok_or_else(|| JsError::new("还没有抽取结果：先点“抽取”"))
    }
}

#[derive(Serialize)]
struct Summaries {
    enterprises: RegisterSummary,
    inspectors: RegisterSummary,
}

/// An enterprise of the register for the page (degrees for the map).
#[derive(Serialize)]
struct EnterpriseView<'a> {
    id: &'a str,
    name: &'a str,
    class: &'a str,
    district: &'a str,
    lon: f64,
    lat: f64,
}

#[derive(Serialize)]
struct Items<'a> {
    enterprises: Vec<EnterpriseView<'a>>,
    inspectors: &'a [Inspector],
}

/// The answer of `drawRun`: the result or the problems, and the `--json` text in both cases.
#[derive(Serialize)]
struct RunAnswer<'a> {
    ok: bool,
    result: Option<&'a DrawResult>,
    problems: &'a [Issue],
    json: String,
}

/// The answer of `drawRoutes`: the routes (plan document, method, warnings) or the problems.
#[derive(Serialize)]
struct RoutesAnswer<'a> {
    ok: bool,
    routes: Option<&'a InspectionRoutes>,
    problems: Vec<Issue>,
}

#[derive(Serialize)]
struct Verification {
    ok: bool,
    differences: Vec<String>,
    seed: String,
    drawn_at: String,
    selected: usize,
    teams: usize,
}

#[wasm_bindgen]
impl Workspace {
    /// Summaries of the two registers: file, rows, fingerprints, counts per class and district.
    #[wasm_bindgen(js_name = drawRegisters)]
    pub fn draw_registers(&mut self) -> Result<JsValue, JsError> {
        let (e, i) = self.draw.registers();
        to_js(&Summaries {
            enterprises: e.summary(),
            inspectors: i.summary(),
        })
    }

    /// The registers' rows: `{enterprises: [{id, name, class, district, lon, lat}],
    /// inspectors: [{id, name, unit, district, recusal}]}`.
    #[wasm_bindgen(js_name = drawRegisterItems)]
    pub fn draw_register_items(&mut self) -> Result<JsValue, JsError> {
        let (e, i) = self.draw.registers();
        let enterprises = e
            .items()
            .iter()
            .map(|x| {
                let p = x.location();
                EnterpriseView {
                    id: &x.id,
                    name: &x.name,
                    class: x.class.label(),
                    district: &x.district,
                    lon: p.lon,
                    lat: p.lat,
                }
            })
            .collect();
        to_js(&Items {
            enterprises,
            inspectors: i.items(),
        })
    }

    /// Imports a register file (`kind`: `enterprises` or `inspectors`; `crs` for enterprises:
    /// `wgs84`, `gcj02`, `bd09`). The register is replaced only when at least one row loaded;
    /// returns the import report.
    #[wasm_bindgen(js_name = importDrawRegister)]
    pub fn import_draw_register(
        &mut self,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
        crs: &str,
    ) -> Result<JsValue, JsError> {
        let report: ImportReport = match kind {
            "enterprises" => {
                let crs: Crs = crs.parse().map_err(|e| JsError::new(&format!("{e}")))?;
                let (reg, report) = EnterpriseRegister::read(bytes, file_name, crs);
                if !reg.is_empty() {
                    self.draw.registers().0 = reg;
                }
                report
            }
            "inspectors" => {
                let (reg, report) = InspectorRegister::read(bytes, file_name);
                if !reg.is_empty() {
                    self.draw.registers().1 = reg;
                }
                report
            }
            other => {
                return Err(JsError::new(&format!(
                    "未知名录类型「{other}」：可用 enterprises、inspectors"
                )))
            }
        };
        self.draw.last = None;
        self.draw.routes = None;
        to_js(&report)
    }

    /// Goes back to the embedded demo registers.
    #[wasm_bindgen(js_name = resetDrawRegisters)]
    pub fn reset_draw_registers(&mut self) {
        self.draw = DrawState::default();
    }

    /// The default rules of a preset (`city` or `county`).
    #[wasm_bindgen(js_name = drawRules)]
    pub fn draw_rules(&self, preset: &str) -> Result<JsValue, JsError> {
        let rules = DrawRules::preset(preset)
            .ok_or_else(|| JsError::new(&format!("未知预设「{preset}」：可用 city、county")))?;
        to_js(&rules)
    }

    /// Reads rules from JSON text (a loaded rules file); returns them as an object.
    #[wasm_bindgen(js_name = drawRulesFromJson)]
    pub fn draw_rules_from_json(&self, text: &str) -> Result<JsValue, JsError> {
        let rules = DrawRules::from_json(text).map_err(|i| JsError::new(&i.to_string()))?;
        to_js(&rules)
    }

    /// Draws with a seed and rules (JSON text). Returns `{ok, result, problems, json}`, where
    /// `json` is exactly what `zouhang draw --json` prints for the same registers.
    #[wasm_bindgen(js_name = drawRun)]
    pub fn draw_run(&mut self, seed: &str, rules_json: &str) -> Result<JsValue, JsError> {
        let rules = DrawRules::from_json(rules_json).map_err(|i| JsError::new(&i.to_string()))?;
        let request = DrawRequest {
            seed: seed.to_string(),
            rules,
        };
        let (e, i) = self.draw.registers();
        let outcome = draw(e, i, &request);
        let json = draw_json(&outcome);
        self.draw.last = outcome.as_ref().ok().cloned();
        self.draw.routes = None;
        let answer = RunAnswer {
            ok: outcome.is_ok(),
            result: outcome.as_ref().ok(),
            problems: outcome.as_ref().err().map(|e| e.problems()).unwrap_or(&[]),
            json,
        };
        to_js(&answer)
    }

    /// The audit record of the last draw as JSON text; `drawn_at` is the page's clock.
    #[wasm_bindgen(js_name = drawAuditJson)]
    pub fn draw_audit_json(&self, drawn_at: &str) -> Result<String, JsError> {
        let record = AuditRecord::new(self.draw.last()?, drawn_at);
        serde_json::to_string_pretty(&record)
            .map(|s| s + "\n")
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The printable audit record of the last draw (CSV, UTF-8 with BOM).
    #[wasm_bindgen(js_name = drawAuditCsv)]
    pub fn draw_audit_csv(&mut self, drawn_at: &str) -> Result<String, JsError> {
        let record = AuditRecord::new(self.draw.last()?, drawn_at);
        let (e, i) = self.draw.registers();
        Ok(audit_csv(&record, e, i))
    }

    /// The result list of the last draw (CSV, one row per drawn enterprise).
    #[wasm_bindgen(js_name = drawResultCsv)]
    pub fn draw_result_csv(&mut self) -> Result<String, JsError> {
        let last = self.draw.last()?.clone();
        let (e, i) = self.draw.registers();
        Ok(result_csv(&last, e, i))
    }

    /// A register as CSV in the layout the importers read back (`enterprises` or `inspectors`).
    #[wasm_bindgen(js_name = drawRegisterCsv)]
    pub fn draw_register_csv(&mut self, kind: &str) -> Result<String, JsError> {
        let (e, i) = self.draw.registers();
        match kind {
            "enterprises" => Ok(enterprises_csv(e)),
            "inspectors" => Ok(inspectors_csv(i)),
            other => Err(JsError::new(&format!(
                "未知名录类型「{other}」：可用 enterprises、inspectors"
            ))),
        }
    }

    /// Recomputes the draw of an audit record (JSON text) from the current registers:
    /// `{ok, differences, seed, drawn_at, selected, teams}`.
    #[wasm_bindgen(js_name = drawVerify)]
    pub fn draw_verify(&mut self, audit_text: &str) -> Result<JsValue, JsError> {
        let record = AuditRecord::from_json(audit_text).map_err(|e| JsError::new(&e))?;
        let (e, i) = self.draw.registers();
        let differences = verify_audit(&record, e, i);
        to_js(&Verification {
            ok: differences.is_empty(),
            differences,
            seed: record.draw.seed.clone(),
            drawn_at: record.drawn_at.clone(),
            selected: record.draw.selected.len(),
            teams: record.draw.teams.len(),
        })
    }

    /// Plans the routes of the last draw's teams; `settings_json` is a route request
    /// (`{depot, depot_name, start_date, skip_weekends, day_start, workday_min, service_min,
    /// speed_kmh, router}`, all optional; `router`: `solver`, the default, or `interim`).
    /// Returns `{ok, routes: {plan, method, router, warnings}, problems}`; the solver is seeded
    /// from the draw and runs a fixed number of iterations, so the plan is the CLI's.
    #[wasm_bindgen(js_name = drawRoutes)]
    pub fn draw_routes(&mut self, settings_json: &str) -> Result<JsValue, JsError> {
        let settings: RouteRequest = serde_json::from_str(settings_json)
            .map_err(|e| JsError::new(&format!("排线设置无法读取：{e}")))?;
        let last = self.draw.last()?.clone();
        let (e, i) = self.draw.registers();
        let router = settings.router.router(&last);
        let (routes, problems) = match plan_routes(&last, e, i, &settings, router.as_ref()) {
            Ok(routes) => (Some(routes), Vec::new()),
            Err(problems) => (None, problems),
        };
        self.draw.routes = routes;
        to_js(&RoutesAnswer {
            ok: self.draw.routes.is_some(),
            routes: self.draw.routes.as_ref(),
            problems,
        })
    }

    /// The last routes as `plan` (the plan document, JSON), `csv` (route sheets) or `geojson`.
    #[wasm_bindgen(js_name = drawRoutesExport)]
    pub fn draw_routes_export(&self, format: &str) -> Result<String, JsError> {
        let routes = self
            .draw
            .routes
            .as_ref()
            .ok_or_else(|| JsError::new("还没有检查路线：先点“排线”"))?;
        match format {
            "plan" => serde_json::to_string_pretty(&routes.plan)
                .map(|s| s + "\n")
                .map_err(|e| JsError::new(&e.to_string())),
            "csv" => Ok(plan_csv(&routes.plan, Crs::Wgs84)),
            "geojson" => Ok(plan_geojson(&routes.plan, Crs::Wgs84)),
            other => Err(JsError::new(&format!(
                "未知格式「{other}」：可用 plan、csv、geojson"
            ))),
        }
    }
}
