//! Exports, navigation links, route-sheet maps, demo plans and the monthly report for the page:
//! a second `impl Workspace` block, so that the worker calls them by name like every other
//! method. Each method parses its input, calls one core function and converts the result.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::workspace::Workspace;
use super::{from_js, to_js};
use crate::crs::Crs;
use crate::error::Issue;
use crate::io::{export_plan, read_plan, route_map_svg, validate_plan, PlanFormat};
use crate::model::PlanDocument;
use crate::nav::{plan_nav_links, team_links, NavOptions, NavProvider, TeamPlanRef};
use crate::report::{monthly_report, monthly_report_csv, monthly_report_html, MonthlyInput};

/// The answer of `readPlan`: the plan, or the reasons it could not be read.
#[derive(Serialize)]
struct PlanReadAnswer {
    ok: bool,
    plan: Option<PlanDocument>,
    warnings: Vec<Issue>,
    issues: Vec<Issue>,
    message: String,
}

/// Settings of `demoPlan` (all optional).
#[derive(Deserialize, Default)]
#[serde(default)]
struct DemoPlanQuery {
    station: Option<String>,
    routes: Option<usize>,
    stops_per_route: Option<usize>,
    date: Option<String>,
}

#[derive(Serialize)]
struct ReportAnswer {
    report: crate::report::MonthlyReport,
    csv: String,
    html: String,
}

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl Workspace {
    /// Reads a plan file's bytes (a plan document or a command's `--json` output with `plan`):
    /// `{ok, plan, warnings, issues, message}`; never throws for a bad file.
    #[wasm_bindgen(js_name = readPlan)]
    pub fn read_plan_file(&self, bytes: &[u8], file_name: &str) -> Result<JsValue, JsError> {
        let answer = match read_plan(bytes, file_name) {
            Ok(r) => PlanReadAnswer {
                ok: true,
                plan: Some(r.plan),
                warnings: r.warnings,
                issues: Vec::new(),
                message: String::new(),
            },
            Err(e) => PlanReadAnswer {
                ok: false,
                plan: None,
                warnings: Vec::new(),
                issues: e.issues(),
                message: e.to_string(),
            },
        };
        to_js(&answer)
    }

    /// Checks a plan document; returns every issue (empty when it can be exported).
    #[wasm_bindgen(js_name = validatePlan)]
    pub fn validate_plan_doc(&self, plan: JsValue) -> Result<JsValue, JsError> {
        let doc: PlanDocument = from_js(plan, "计划")?;
        to_js(&validate_plan(&doc))
    }

    /// Writes a plan: `format` gpx|kml|geojson|csv|sheet, `crs` wgs84|gcj02|bd09; returns
    /// `{file_name, mime, text, warnings}`.
    #[wasm_bindgen(js_name = exportPlan)]
    pub fn export_plan_doc(
        &self,
        plan: JsValue,
        format: &str,
        crs: &str,
    ) -> Result<JsValue, JsError> {
        let doc: PlanDocument = from_js(plan, "计划")?;
        let format: PlanFormat = format.parse().map_err(err)?;
        let crs: Crs = crs.parse().map_err(err)?;
        to_js(&export_plan(&doc, format, crs))
    }

    /// Navigation links for every route: `provider` amap|baidu, `options`
    /// `{phone: 'android'|'ios', region, qr, max_name_chars}` (all optional).
    #[wasm_bindgen(js_name = navLinks)]
    pub fn nav_links(
        &self,
        plan: JsValue,
        provider: &str,
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let doc: PlanDocument = from_js(plan, "计划")?;
        let provider: NavProvider = provider.parse().map_err(err)?;
        let opts: NavOptions = if options.is_undefined() || options.is_null() {
            NavOptions::default()
        } else {
            from_js(options, "导航选项")?
        };
        to_js(&plan_nav_links(&doc, provider, &opts))
    }

    /// The team links of every route (`docs/FIELD.md`): `plan_ref` `{id, kind, title, made_at}`,
    /// `base_url` the team page's address; returns `[{index, route, route_name, team, stops, url,
    /// url_bytes, json_bytes, qr_svg, qr_error}]`.
    #[wasm_bindgen(js_name = teamLinks)]
    pub fn team_links_of(
        &self,
        plan: JsValue,
        plan_ref: JsValue,
        base_url: &str,
    ) -> Result<JsValue, JsError> {
        let doc: PlanDocument = from_js(plan, "计划")?;
        let plan_ref: TeamPlanRef = from_js(plan_ref, "计划标识")?;
        to_js(&team_links(&doc, &plan_ref, base_url, true))
    }

    /// The route-sheet map of one route (or of all routes when `route_index` is negative) as SVG
    /// text, with the embedded major roads as background. The SVG holds no user text.
    #[wasm_bindgen(js_name = routeMapSvg)]
    pub fn route_map(
        &self,
        plan: JsValue,
        route_index: i32,
        width: f64,
        height: f64,
    ) -> Result<String, JsError> {
        let doc: PlanDocument = from_js(plan, "计划")?;
        let routes: Vec<_> = match usize::try_from(route_index) {
            Ok(i) => doc.routes.get(i).into_iter().collect(),
            Err(_) => doc.routes.iter().collect(),
        };
        let roads = crate::embedded::suzhou_road_segments();
        Ok(route_map_svg(
            &routes,
            &roads,
            width.clamp(100.0, 4000.0),
            height.clamp(100.0, 4000.0),
        ))
    }

    /// A demo plan (nearest-neighbour order, not optimised) around a station of the loaded
    /// layers: `{station, routes, stops_per_route, date}` (all optional).
    #[wasm_bindgen(js_name = demoPlan)]
    pub fn demo_plan(&self, query: JsValue) -> Result<JsValue, JsError> {
        let q: DemoPlanQuery = if query.is_undefined() || query.is_null() {
            DemoPlanQuery::default()
        } else {
            from_js(query, "演示计划设置")?
        };
        let d = crate::demo::DemoPlanSettings::default();
        let settings = crate::demo::DemoPlanSettings {
            station: q.station.unwrap_or(d.station.clone()),
            routes: q.routes.unwrap_or(d.routes).clamp(1, 20),
            stops_per_route: q.stops_per_route.unwrap_or(d.stops_per_route).clamp(1, 200),
            date: q.date.unwrap_or(d.date.clone()),
            ..d
        };
        let plan = crate::demo::demo_plan(self.layers(), &settings).ok_or_else(|| {
            JsError::new(&format!(
                "找不到站点「{}」或其周边没有企业",
                settings.station
            ))
        })?;
        to_js(&plan)
    }

    /// The monthly report from `{month, unit, plans, staff_per_run, verifications, inspections}`:
    /// `{report, csv, html}`.
    #[wasm_bindgen(js_name = monthlyReport)]
    pub fn monthly_report(&self, input: JsValue) -> Result<JsValue, JsError> {
        let input: MonthlyInput = from_js(input, "月报数据")?;
        let report = monthly_report(&input);
        let csv = monthly_report_csv(&report);
        let html = monthly_report_html(&report);
        to_js(&ReportAnswer { report, csv, html })
    }
}
