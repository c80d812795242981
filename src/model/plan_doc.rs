//! The plan document: routes with ordered stops and geometry, the one shape every workflow
//! hands to the exports (GPX, GeoJSON, KML, CSV, route sheets, navigation links).
//!
//! Every planning command's `--json` output carries it under the key `"plan"` (besides its own
//! fields), and `zouhang export --plan FILE` reads either such an output or a bare document.

use serde::{Deserialize, Serialize};

use crate::model::LonLat;

/// Current version of the document layout.
pub const PLAN_DOCUMENT_VERSION: u32 = 1;

/// A plan ready to leave the planner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    /// Always `zouhang-plan`, so that a file can be recognised.
    pub format: String,
    /// Layout version ([`PLAN_DOCUMENT_VERSION`]).
    pub version: u32,
    /// What produced it: `routes`, `month`, `straw`, `inspection`, …
    pub kind: String,
    /// Title for sheets and file names, e.g. `2026-06 走航计划`.
    pub title: String,
    /// The routes.
    pub routes: Vec<RouteSheet>,
}

impl PlanDocument {
    /// An empty document of a kind.
    pub fn new(kind: &str, title: &str) -> Self {
        PlanDocument {
            format: "zouhang-plan".to_string(),
            version: PLAN_DOCUMENT_VERSION,
            kind: kind.to_string(),
            title: title.to_string(),
            routes: Vec::new(),
        }
    }
}

/// One route: a team or vehicle on one day (or shift).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteSheet {
    /// Stable id within the document.
    pub id: String,
    /// Display name, e.g. `VOCs 走航 · 6月3日 · 车辆1`.
    pub name: String,
    /// Team or vehicle.
    pub team: String,
    /// Day, `YYYY-MM-DD`, when the plan has days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Stops in visit order, depots included (kind `depot`).
    pub stops: Vec<SheetStop>,
    /// The driven path (WGS-84); empty when only straight lines between stops are known.
    #[serde(default)]
    pub geometry: Vec<LonLat>,
    /// True when `geometry` and the figures follow roads; false for straight-line estimates.
    #[serde(default)]
    pub along_roads: bool,
    /// Total distance, metres.
    pub distance_m: f64,
    /// Total duration, seconds.
    pub duration_s: f64,
    /// Distance driven while measuring (走航 valid kilometres), metres, when relevant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_m: Option<f64>,
}

/// One stop of a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetStop {
    /// Id of the site or task (enterprise id, incident id, …).
    pub id: String,
    /// Display name.
    pub name: String,
    /// WGS-84 position.
    pub location: LonLat,
    /// `depot`, `visit`, `road_start`, `road_end`, …
    pub kind: String,
    /// Planned arrival, `HH:MM` (or `YYYY-MM-DD HH:MM` across days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<String>,
    /// Planned departure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departure: Option<String>,
    /// Time on site, seconds.
    #[serde(default)]
    pub service_s: f64,
    /// Free note (priority, reason, what to check).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}
