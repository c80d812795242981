//! `Workspace`: the layers of one browser session and the queries on them.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{from_js, to_js};
use crate::crs::Crs;
use crate::duplicates::{merge_import, preview_import, DuplicatePolicy};
use crate::embedded::suzhou_layers;
use crate::io::{
    read_fires, read_sources, read_stations, surroundings_csv, surroundings_geojson, ImportKind,
    ImportReport,
};
use crate::layers::Layers;
use crate::plan::{surroundings, SurroundingsQuery};

/// The layers of one session.
#[wasm_bindgen]
pub struct Workspace {
    layers: Layers,
    /// The loaded road network, if any (`super::roads`).
    pub(super) roads: Option<crate::roads::RoadNetwork>,
    /// The embedded Suzhou graph, prepared on first use by workflows that always route on roads
    /// (the month plan) when no graph is loaded.
    embedded_roads: Option<crate::roads::RoadNetwork>,
    /// The straw-burning session (methods in `straw.rs`).
    pub(super) straw: crate::plan::straw::StrawState,
    /// The random-inspection draw's registers and last result (`src/wasm/draw.rs`).
    pub(super) draw: super::draw::DrawState,
}

#[derive(Serialize)]
struct Counts {
    stations: usize,
    sources: usize,
    fires: usize,
}

#[wasm_bindgen]
impl Workspace {
    /// An empty workspace.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Workspace {
        Workspace {
            layers: Layers::default(),
            roads: None,
            embedded_roads: None,
            straw: crate::plan::straw::StrawState::new(),
            draw: Default::default(),
        }
    }

    /// Replaces all layers by the embedded Suzhou data; returns the import reports.
    #[wasm_bindgen(js_name = loadDefaults)]
    pub fn load_defaults(&mut self) -> Result<JsValue, JsError> {
        let (layers, reports) = suzhou_layers();
        self.layers = layers;
        to_js(&reports)
    }

    /// Item counts per layer: `{stations, sources, fires}`.
    pub fn counts(&self) -> Result<JsValue, JsError> {
        to_js(&Counts {
            stations: self.layers.stations.len(),
            sources: self.layers.sources.len(),
            fires: self.layers.fires.len(),
        })
    }

    /// All stations.
    pub fn stations(&self) -> Result<JsValue, JsError> {
        to_js(self.layers.stations.items())
    }

    /// All pollution sources.
    pub fn sources(&self) -> Result<JsValue, JsError> {
        to_js(self.layers.sources.items())
    }

    /// The embedded Suzhou major-road graph as segments `[[lon, lat], [lon, lat]]`, for the
    /// base layer.
    #[wasm_bindgen(js_name = roadBaseSegments)]
    pub fn road_base_segments(&self) -> Result<JsValue, JsError> {
        to_js(&crate::embedded::suzhou_road_segments())
    }

    /// All fire detections.
    pub fn fires(&self) -> Result<JsValue, JsError> {
        to_js(self.layers.fires.items())
    }

    /// Imports a file into a layer. `kind` is `stations`, `enterprises` or `fires`; `crs` is
    /// `wgs84`, `gcj02` or `bd09`; with `replace` the layer's items are replaced, but only when
    /// at least one row loaded (a bad file never empties a layer). Otherwise the points the
    /// layer already holds (same id, or same name within 100 m) are reported and, with
    /// `duplicates` = `"skip"`, left out (`"keep"` or none: loaded). Returns the import report.
    #[wasm_bindgen(js_name = importFile)]
    pub fn import_file(
        &mut self,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
        crs: &str,
        replace: bool,
        duplicates: Option<String>,
    ) -> Result<JsValue, JsError> {
        let kind: ImportKind = kind.parse().map_err(|e: String| JsError::new(&e))?;
        let crs: Crs = crs.parse().map_err(|e| JsError::new(&format!("{e}")))?;
        let policy: DuplicatePolicy = duplicates
            .as_deref()
            .unwrap_or("keep")
            .parse()
            .map_err(|e: String| JsError::new(&e))?;
        let report: ImportReport = match kind {
            ImportKind::Stations => merge_import(
                &mut self.layers.stations,
                read_stations(bytes, file_name, crs),
                replace,
                policy,
            ),
            ImportKind::Enterprises => merge_import(
                &mut self.layers.sources,
                read_sources(bytes, file_name, crs),
                replace,
                policy,
            ),
            ImportKind::Fires => merge_import(
                &mut self.layers.fires,
                read_fires(bytes, file_name, crs),
                replace,
                policy,
            ),
            ImportKind::Inspectors => return Err(JsError::new("执法人员名录请在“双随机”面板导入")),
        };
        to_js(&report)
    }

    /// Reads a file as `importFile` would and lists the points the layer already holds (the
    /// report's `duplicates`), without changing the layer: the page asks the user what to do.
    #[wasm_bindgen(js_name = importCheck)]
    pub fn import_check(
        &self,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
        crs: &str,
    ) -> Result<JsValue, JsError> {
        let kind: ImportKind = kind.parse().map_err(|e: String| JsError::new(&e))?;
        let crs: Crs = crs.parse().map_err(|e| JsError::new(&format!("{e}")))?;
        let report = match kind {
            ImportKind::Stations => {
                preview_import(&self.layers.stations, read_stations(bytes, file_name, crs))
            }
            ImportKind::Enterprises => {
                preview_import(&self.layers.sources, read_sources(bytes, file_name, crs))
            }
            ImportKind::Fires => {
                preview_import(&self.layers.fires, read_fires(bytes, file_name, crs))
            }
            ImportKind::Inspectors => return Err(JsError::new("执法人员名录请在“双随机”面板导入")),
        };
        to_js(&report)
    }

    /// Removes every item of a layer (`stations`, `enterprises`, `fires`).
    #[wasm_bindgen(js_name = clearLayer)]
    pub fn clear_layer(&mut self, kind: &str) -> Result<(), JsError> {
        let kind: ImportKind = kind.parse().map_err(|e: String| JsError::new(&e))?;
        match kind {
            ImportKind::Stations => self.layers.stations.replace(Vec::new()),
            ImportKind::Enterprises => self.layers.sources.replace(Vec::new()),
            ImportKind::Fires => self.layers.fires.replace(Vec::new()),
            ImportKind::Inspectors => {}
        }
        Ok(())
    }

    /// Station surroundings for a query `{station, radius_km, wind_from_deg, sector_deg,
    /// rings_km, categories}` (all but `station` optional).
    pub fn surroundings(&self, query: JsValue) -> Result<JsValue, JsError> {
        let q: SurroundingsQuery = from_js(query, "站点周边查询")?;
        let mut s = surroundings(&self.layers, &q).map_err(|e| JsError::new(&e.to_string()))?;
        if let Some(net) = &self.roads {
            crate::plan::with_road_distances(&mut s, net);
        }
        to_js(&s)
    }

    /// The surroundings list as CSV text (UTF-8 with BOM).
    #[wasm_bindgen(js_name = surroundingsCsv)]
    pub fn surroundings_csv(&self, query: JsValue) -> Result<String, JsError> {
        let q: SurroundingsQuery = from_js(query, "站点周边查询")?;
        let s = surroundings(&self.layers, &q).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(surroundings_csv(&s))
    }

    /// The surroundings as GeoJSON text.
    #[wasm_bindgen(js_name = surroundingsGeojson)]
    pub fn surroundings_geojson(&self, query: JsValue) -> Result<String, JsError> {
        let q: SurroundingsQuery = from_js(query, "站点周边查询")?;
        let s = surroundings(&self.layers, &q).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(surroundings_geojson(&s))
    }
}

impl Workspace {
    /// The session's layers and the straw session, borrowed together (for `straw.rs`).
    pub(super) fn layers_and_straw(&mut self) -> (&Layers, &mut crate::plan::straw::StrawState) {
        (&self.layers, &mut self.straw)
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new()
    }
}

impl Workspace {
    /// The session's layers, for the other adapter modules (`export.rs`).
    pub(crate) fn layers(&self) -> &Layers {
        &self.layers
    }

    /// The layers and the road network: the one loaded in the roads tab, or the embedded Suzhou
    /// graph prepared on first use.
    pub(crate) fn layers_and_network(
        &mut self,
    ) -> Result<(&Layers, &crate::roads::RoadNetwork), JsError> {
        if self.roads.is_none() && self.embedded_roads.is_none() {
            let net =
                crate::roads::suzhou_network().map_err(|e| JsError::new(&format!("路网：{e}")))?;
            self.embedded_roads = Some(net);
        }
        match self.roads.as_ref().or(self.embedded_roads.as_ref()) {
            Some(n) => Ok((&self.layers, n)),
            None => Err(JsError::new("路网未就绪")),
        }
    }
}
