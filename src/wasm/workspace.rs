//! `Workspace`: the layers of one browser session and the queries on them.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{from_js, to_js};
use crate::crs::Crs;
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
    /// at least one row loaded (a bad file never empties a layer). Returns the import report.
    #[wasm_bindgen(js_name = importFile)]
    pub fn import_file(
        &mut self,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
        crs: &str,
        replace: bool,
    ) -> Result<JsValue, JsError> {
        let kind: ImportKind = kind.parse().map_err(|e: String| JsError::new(&e))?;
        let crs: Crs = crs.parse().map_err(|e| JsError::new(&format!("{e}")))?;
        let report: ImportReport = match kind {
            ImportKind::Stations => {
                let r = read_stations(bytes, file_name, crs);
                put(&mut self.layers.stations, r.items, replace);
                r.report
            }
            ImportKind::Enterprises => {
                let r = read_sources(bytes, file_name, crs);
                put(&mut self.layers.sources, r.items, replace);
                r.report
            }
            ImportKind::Fires => {
                let r = read_fires(bytes, file_name, crs);
                put(&mut self.layers.fires, r.items, replace);
                r.report
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

fn put<T: crate::layers::Located>(
    layer: &mut crate::layers::Layer<T>,
    items: Vec<T>,
    replace: bool,
) {
    if items.is_empty() {
        return;
    }
    if replace {
        layer.replace(items);
    } else {
        layer.extend(items);
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
