//! # zouhang (走航)
//!
//! An in-browser route planner for environmental patrols and drive-by air monitoring. The crate
//! is plain Rust; two thin adapters sit on top of it: `src/wasm/` (compiled only for `wasm32`)
//! exposes it to the browser, and the `zouhang` binary exposes it on the command line.
//!
//! ## Catalogue
//! | module | what it holds |
//! |---|---|
//! | [`geodesy`] | distances (metres, haversine on a sphere of radius 6,371,008.8 m), bearings, 8-point Chinese directions |
//! | [`crs`] | WGS-84 ⇄ GCJ-02 ⇄ BD-09 conversions |
//! | [`model`] | domain types: ids, stations, pollution sources, fire detections, the [`TravelCost`] trait |
//! | [`io`] | readers (CSV in UTF-8/GBK with Chinese or English headers, GeoJSON, FIRMS) and import reports |
//! | [`spatial`] | R-tree point indexes: radius, k-nearest, bounding box and corridor queries |
//! | [`plan`] | the workflows: station surroundings, … |
//! | [`nav`] | navigation hand-off: AMap and Baidu links per leg of a route, QR codes |
//! | [`report`] | the monthly report (月报) from plans, verification and inspection records |
//! | [`roads`] | road network engine: OSM/CSV import, binary graph, snapping, contraction hierarchies, matrices, corridor layers |
//! | [`solver`] | vehicle routing with shifts, time windows, priorities and depots; checker; JSON API |
//! | [`formats`] | benchmark instance readers (TSPLIB, Solomon) |
//!
//! All coordinates inside the crate are WGS-84 longitude/latitude in degrees; other datums are
//! converted at import and export.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
// `Issue` (the located error of one input row) is large by design and rare on the hot path.
#![allow(clippy::result_large_err)]

#[doc(hidden)]
pub mod bench_workloads;
pub mod crs;
pub mod demo;
pub mod duplicates;
pub mod embedded;
pub mod error;
pub mod formats;
pub mod geodesy;
pub mod io;
pub mod layers;
pub mod model;
pub mod nav;
pub mod plan;
pub mod report;
pub mod roads;
pub mod solver;
pub mod spatial;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Issue, Severity};
pub use model::{LonLat, TravelCost};
