//! The road engine on the [`Workspace`]: load a road network (a `.zhg` graph file, an OSM PBF
//! or XML extract, an Overpass answer, or the embedded Suzhou graph), then route, build
//! matrices, draw and save it. Each export parses, calls one `crate::roads` function and
//! converts the result.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::workspace::Workspace;
use super::{from_js, to_js};
use crate::roads::{
    check_overpass_size, overpass_query, read_network, read_road_file, suzhou_network,
    write_network, Metric, NetworkStats, OverpassLimits, RoadConfig, RoadImportReport, RoadNetwork,
    SnapOptions, DEFAULT_OVERPASS_ENDPOINT, MAGIC,
};
use crate::LonLat;

/// What `loadRoads` and friends return.
#[derive(Serialize)]
struct Loaded<'a> {
    /// The import report (`None` for a graph file, which has nothing to report).
    report: Option<&'a RoadImportReport>,
    stats: NetworkStats,
}

/// Options of a matrix or route call (all optional).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct QueryOptions {
    metric: Metric,
    max_snap_m: Option<f64>,
}

impl QueryOptions {
    fn snap(&self) -> SnapOptions {
        let mut o = SnapOptions::default();
        if let Some(m) = self.max_snap_m.filter(|m| m.is_finite() && *m > 0.0) {
            o.max_distance_m = m;
        }
        o
    }
}

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn lon_lat(p: [f64; 2]) -> LonLat {
    LonLat {
        lon: p[0],
        lat: p[1],
    }
}

impl Workspace {
    fn network(&self) -> Result<&RoadNetwork, JsError> {
        self.roads
            .as_ref()
            .ok_or_else(|| JsError::new("尚未加载路网：请先导入路网文件或加载当前视图的道路"))
    }

    fn set_roads(
        &mut self,
        net: RoadNetwork,
        report: Option<&RoadImportReport>,
    ) -> Result<JsValue, JsError> {
        let stats = net.stats();
        self.roads = Some(net);
        to_js(&Loaded { report, stats })
    }
}

#[wasm_bindgen]
impl Workspace {
    /// Loads a road network from a file's bytes: a `.zhg` graph file (checked: magic, version,
    /// checksum, invariants), or an OSM PBF / OSM XML / Overpass JSON / routrs file, which is
    /// imported and prepared here (fine for a district or a small city). Returns
    /// `{report, stats}`; a corrupt or foreign file gives a clear error and keeps the old network.
    #[wasm_bindgen(js_name = loadRoads)]
    pub fn load_roads(&mut self, file_name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
        if bytes.starts_with(&MAGIC[..4]) {
            let net = read_network(bytes).map_err(err)?;
            return self.set_roads(net, None);
        }
        let import = read_road_file(bytes, file_name, &RoadConfig::default()).map_err(err)?;
        if import.graph.edge_count() == 0 {
            return Err(JsError::new(&format!(
                "{file_name}：文件中没有可行驶的道路（共 {} 项）：请检查范围或道路等级设置",
                import.report.items
            )));
        }
        let net = RoadNetwork::new(import.graph);
        self.set_roads(net, Some(&import.report))
    }

    /// Loads the embedded Suzhou major-road graph (routrs cut; © OSM contributors).
    #[wasm_bindgen(js_name = loadDefaultRoads)]
    pub fn load_default_roads(&mut self) -> Result<JsValue, JsError> {
        let net = suzhou_network().map_err(err)?;
        self.set_roads(net, None)
    }

    /// Counts describing the loaded network, or `null` when none is loaded.
    #[wasm_bindgen(js_name = roadStats)]
    pub fn road_stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.roads.as_ref().map(RoadNetwork::stats))
    }

    /// Forgets the loaded network (routes fall back to straight-line estimates).
    #[wasm_bindgen(js_name = clearRoads)]
    pub fn clear_roads(&mut self) {
        self.roads = None;
    }

    /// The loaded network as a `.zhg` graph file (with both hierarchies), for saving.
    #[wasm_bindgen(js_name = roadsFile)]
    pub fn roads_file(&self) -> Result<Vec<u8>, JsError> {
        Ok(write_network(self.network()?))
    }

    /// The route between `[lon, lat]` points: `{metric, duration_s, distance_m, geometry, from,
    /// to}` (snap distances in `from`/`to`). `options`: `{metric: "time"|"distance", maxSnapM}`.
    #[wasm_bindgen(js_name = roadRoute)]
    pub fn road_route(
        &self,
        from: JsValue,
        to: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let from: [f64; 2] = from_js(from, "起点")?;
        let to: [f64; 2] = from_js(to, "终点")?;
        let o: QueryOptions = if options.is_undefined() || options.is_null() {
            QueryOptions::default()
        } else {
            from_js(options, "选项")?
        };
        let net = self.network()?;
        let r = net
            .route(lon_lat(from), lon_lat(to), o.metric, &o.snap())
            .map_err(err)?;
        to_js(&r)
    }

    /// Many-to-many durations and distances between `[lon, lat]` points: `{durations_s,
    /// distances_m, snapped}`; unreachable cells and unsnapped points are `null` and reported in
    /// `snapped`, never silently routed.
    #[wasm_bindgen(js_name = roadMatrix)]
    pub fn road_matrix(&self, points: JsValue, options: JsValue) -> Result<JsValue, JsError> {
        let points: Vec<[f64; 2]> = from_js(points, "点列表")?;
        let o: QueryOptions = if options.is_undefined() || options.is_null() {
            QueryOptions::default()
        } else {
            from_js(options, "选项")?
        };
        let pts: Vec<LonLat> = points.into_iter().map(lon_lat).collect();
        to_js(&self.network()?.matrix(&pts, o.metric, &o.snap()))
    }

    /// The roads to draw, optionally within `[min_lon, min_lat, max_lon, max_lat]`.
    #[wasm_bindgen(js_name = roadPolylines)]
    pub fn road_polylines(&self, bbox: JsValue) -> Result<JsValue, JsError> {
        let bbox: Option<[f64; 4]> = if bbox.is_undefined() || bbox.is_null() {
            None
        } else {
            Some(from_js(bbox, "范围")?)
        };
        to_js(&self.network()?.polylines(bbox))
    }

    /// The Overpass request for the roads in a map view `[south, west, north, east]`:
    /// `{endpoint, query, maxBytes}`; a box too large is refused with a message saying what to do.
    #[wasm_bindgen(js_name = overpassRequest)]
    pub fn overpass_request(&self, bbox: JsValue) -> Result<JsValue, JsError> {
        let bbox: [f64; 4] = from_js(bbox, "范围")?;
        let limits = OverpassLimits::default();
        let query = overpass_query(bbox, &RoadConfig::default(), &limits).map_err(err)?;
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Request {
            endpoint: &'static str,
            query: String,
            max_bytes: usize,
        }
        to_js(&Request {
            endpoint: DEFAULT_OVERPASS_ENDPOINT,
            query,
            max_bytes: limits.max_bytes,
        })
    }

    /// Imports an Overpass answer (checked against the size limit before parsing).
    #[wasm_bindgen(js_name = loadOverpass)]
    pub fn load_overpass(&mut self, bytes: &[u8]) -> Result<JsValue, JsError> {
        check_overpass_size(bytes.len(), "Overpass", &OverpassLimits::default()).map_err(err)?;
        self.load_roads("overpass.json", bytes)
    }
}
