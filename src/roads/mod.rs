//! # Road network engine
//!
//! Real road travel times and geometry, in the browser and on the command line, offline.
//!
//! Lifecycle (build → freeze → query, enforced by types):
//! 1. **Import** a file into a [`RoadGraph`]: OSM PBF ([`read_osm_pbf`]), OSM XML
//!    ([`read_osm_xml`]), Overpass JSON ([`read_overpass_json`]), the `nodes`/`edges` CSV pair
//!    ([`read_csv_graph`]), the routrs dataset ([`read_routrs`]); [`read_road_file`] detects
//!    the format. Or build one by hand with [`GraphBuilder`].
//! 2. **Prepare** a [`RoadNetwork`]: a contraction hierarchy per metric, the segment R-tree for
//!    snapping, strongly connected components, corridor layers. Or load one from the compact
//!    binary file ([`read_network`]; written by [`write_network`]).
//! 3. **Query**: [`RoadNetwork::snap`], [`RoadNetwork::route`] (with geometry),
//!    [`RoadNetwork::matrix`] (many-to-many), [`RoadCost`] (the solver's
//!    [`crate::model::TravelCost`]), [`RoadNetwork::corridor_distances`],
//!    [`RoadNetwork::polylines`].
//!
//! Weights are integers (deciseconds and decimetres packed in a `u64`, see [`Metric`]), so the
//! contraction hierarchy (Geisberger et al. 2008) and its bucket many-to-many (Knopp et al.
//! 2007) give exactly the answers of plain [`Dijkstra`], which the tests check on seeded
//! random graphs and on real ones. See `docs/ROADS.md`.

mod binary;
mod builder;
mod ch;
mod class;
mod components;
mod corridors;
mod cost;
mod csv_graph;
mod dijkstra;
mod endpoint;
mod geometry;
mod graph;
mod import;
mod network;
mod osm;
mod osm_pbf;
mod osm_xml;
mod overpass;
mod routrs;
mod segment_index;
mod snap;
mod weight;

#[doc(hidden)]
pub mod bench;

pub use binary::{read_network, write_graph, write_network, GraphFileError, MAGIC, VERSION};
pub use builder::{BuildError, EdgeSpec, GraphBuilder, Oneway};
pub use ch::ContractionHierarchy;
pub use class::{parse_class, parse_maxspeed_kmh, ConfigError, RoadClass, RoadConfig, CLASS_COUNT};
pub use components::Components;
pub use corridors::{ref_kinds, CorridorFeature, CorridorHit, CorridorIndex, CorridorKind};
pub use cost::RoadCost;
pub use csv_graph::read_csv_graph;
pub use dijkstra::Dijkstra;
pub use endpoint::{Place, RawPath, Step};
pub use geometry::slice;
pub use graph::{MicroPoint, RoadEdge, RoadGraph, NO_NAME};
pub use import::{read_road_file, RoadImport, RoadImportError, RoadImportReport};
pub use network::{
    DrawnRoad, MatrixResult, NetworkStats, PointSnap, RoadNetwork, Route, RouteError, Router,
};
pub use osm_pbf::read_osm_pbf;
pub use osm_xml::read_osm_xml;
pub use overpass::{
    check_overpass_size, overpass_query, read_overpass_json, OverpassError, OverpassLimits,
    DEFAULT_OVERPASS_ENDPOINT,
};
pub use routrs::read_routrs;
pub use segment_index::{SegmentHit, SegmentIndex};
pub use snap::{SnapError, SnapOptions, Snapped, Snapper};
pub use weight::{Metric, Weight, MAX_EDGE_DM, MAX_EDGE_DS, UNREACHABLE};

/// Path geometry as `[lon, lat]` pairs for a path found between two places (for tests and
/// tools that search with [`Router::path`] or [`Dijkstra::route`]).
pub fn path_geometry(graph: &RoadGraph, from: &Place, to: &Place, path: &RawPath) -> Vec<[f64; 2]> {
    geometry::path_polyline(graph, from, to, path)
        .into_iter()
        .map(|p| [p.lon, p.lat])
        .collect()
}

/// The embedded Suzhou major-road graph (`data/suzhou/roads_*.csv`, routrs, MIT; © OSM
/// contributors), prepared for queries.
pub fn suzhou_network() -> Result<RoadNetwork, RoadImportError> {
    let import = read_csv_graph(
        crate::embedded::ROAD_NODES_CSV.as_bytes(),
        "roads_nodes.csv",
        crate::embedded::ROAD_EDGES_CSV.as_bytes(),
        "roads_edges.csv",
        &RoadConfig::default(),
    )?;
    Ok(RoadNetwork::new(import.graph))
}
