//! `Workspace` methods of the monthly 走航 plan panel (月度走航计划).

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::workspace::Workspace;
use super::{from_js, to_js};
use crate::plan::month::calendar::{DayRange, YearMonth};
use crate::plan::month::{demo_targets_on, plan_month, MonthRequest, MonthRules, MonthTargets};

/// `planMonth` input.
#[derive(Deserialize)]
struct PlanArgs {
    month: String,
    #[serde(default)]
    episodes: Vec<String>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    rules: Option<MonthRules>,
    #[serde(default)]
    targets: Option<MonthTargets>,
    #[serde(default)]
    iterations: Option<u64>,
    #[serde(default)]
    time_limit_ms: Option<u64>,
}

#[derive(Serialize)]
struct Defaults {
    rules: MonthRules,
    targets: MonthTargets,
}

#[wasm_bindgen]
impl Workspace {
    /// The default rule set (Suzhou 2023 plan) and the demo targets of the loaded data.
    #[wasm_bindgen(js_name = monthDefaults)]
    pub fn month_defaults(&mut self) -> Result<JsValue, JsError> {
        let (layers, network) = self.layers_and_network()?;
        to_js(&Defaults {
            rules: MonthRules::default(),
            targets: demo_targets_on(network, layers),
        })
    }

    /// Checks a rule set given as JSON text: `[]` or the located problems.
    #[wasm_bindgen(js_name = monthCheckRules)]
    pub fn month_check_rules(&self, text: &str) -> Result<JsValue, JsError> {
        match MonthRules::check_json(text) {
            Ok(r) => to_js(&serde_json::json!({ "rules": r, "issues": [] })),
            Err(issues) => to_js(&serde_json::json!({ "rules": null, "issues": issues })),
        }
    }

    /// Plans a month; `on_progress({stage, fraction})` is called as the work goes on.
    #[wasm_bindgen(js_name = planMonth)]
    pub fn plan_month(
        &mut self,
        args: JsValue,
        on_progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsError> {
        let a: PlanArgs = from_js(args, "走航计划请求")?;
        let month = YearMonth::parse(&a.month)
            .ok_or_else(|| JsError::new(&format!("月份「{}」不是 YYYY-MM", a.month)))?;
        let episodes = a
            .episodes
            .iter()
            .filter(|e| !e.trim().is_empty())
            .map(|e| {
                DayRange::parse(e).ok_or_else(|| {
                    JsError::new(&format!(
                        "污染过程「{e}」不是 2026-06-10..2026-06-14 这样的日期范围"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let rules = a.rules.unwrap_or_default();
        if let Some(first) = rules.validate().into_iter().next() {
            return Err(JsError::new(&format!(
                "规则 {}：{} {}",
                first.field.unwrap_or_default(),
                first.message,
                first.action
            )));
        }
        let (layers, network) = self.layers_and_network()?;
        let targets = match a.targets {
            Some(t) => {
                if let Some(first) = t.validate().into_iter().next() {
                    return Err(JsError::new(&format!(
                        "目标 {}：{} {}",
                        first.field.unwrap_or_default(),
                        first.message,
                        first.action
                    )));
                }
                t
            }
            None => demo_targets_on(network, layers),
        };
        let mut req = MonthRequest::new(month, targets);
        req.rules = rules;
        req.episodes = episodes;
        req.seed = a.seed.unwrap_or(1);
        req.iterations = a.iterations.unwrap_or(req.iterations).clamp(1, 1_000_000);
        req.time_limit_ms = a.time_limit_ms.unwrap_or(3500).clamp(10, 600_000);
        let mut last = -1.0;
        let plan = plan_month(network, layers, &req, &mut |p| {
            if let Some(f) = &on_progress {
                if p.fraction - last >= 0.02 || p.fraction >= 1.0 {
                    last = p.fraction;
                    if let Ok(v) = to_js(&p) {
                        let _ = f.call1(&JsValue::NULL, &v);
                    }
                }
            }
        })
        .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&plan)
    }
}
