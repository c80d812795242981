//! Snapping a point to the nearest drivable segment (an R-tree over every segment of every
//! edge's polyline, [`SegmentIndex`]), with the distance reported.
//!
//! By default only edges of the main network (the largest strongly connected component) are
//! candidates, so that a point next to an isolated fragment is not routed into a dead end; when
//! a nearer road in another component was passed over, its distance is reported. A point
//! farther than [`SnapOptions::max_distance_m`] from every candidate is an error, never silently
//! routed.

use serde::{Deserialize, Serialize};

use crate::geodesy::haversine_m;
use crate::model::LonLat;
use crate::roads::components::Components;
use crate::roads::endpoint::Place;
use crate::roads::graph::RoadGraph;
use crate::roads::segment_index::SegmentIndex;

/// How to snap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapOptions {
    /// Farthest a point may be from the road it is snapped to, in metres (default 2,000).
    pub max_distance_m: f64,
    /// Snap only to the main network (largest strongly connected component; default true).
    pub main_component_only: bool,
}

impl Default for SnapOptions {
    fn default() -> Self {
        SnapOptions {
            max_distance_m: 2_000.0,
            main_component_only: true,
        }
    }
}

/// A point snapped to a road.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapped {
    /// The point given.
    pub input: LonLat,
    /// The nearest point on the road.
    pub position: LonLat,
    /// Distance between the two, metres.
    pub distance_m: f64,
    /// Edge snapped to.
    pub edge: u32,
    /// Position along the edge (0 = its start, 1 = its end, by length).
    pub fraction: f64,
    /// The edge is in the main network.
    pub in_main_component: bool,
    /// A nearer road in a disconnected part of the network was passed over, this far (m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped_nearer_m: Option<f64>,
}

impl Snapped {
    /// The place for routing.
    pub fn place(&self) -> Place {
        Place::OnEdge {
            edge: self.edge,
            fraction: self.fraction,
        }
    }
}

/// Why a point could not be snapped.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum SnapError {
    /// The coordinates are not a valid WGS-84 position.
    #[error("坐标无效（经度 {lon}，纬度 {lat}）：请检查经纬度是否填反或超出范围")]
    #[serde(rename = "E_SNAP_COORD")]
    InvalidPoint {
        /// Longitude given.
        lon: f64,
        /// Latitude given.
        lat: f64,
    },
    /// The graph has no roads.
    #[error("路网为空：请先加载路网")]
    #[serde(rename = "E_SNAP_EMPTY")]
    NoRoads,
    /// No road within the threshold.
    #[error("{max_m:.0} 米内没有可行驶道路{}：请检查坐标，或加载覆盖该处的路网、放宽吸附距离", nearest_m.map(|d| format!("（最近 {d:.0} 米）")).unwrap_or_default())]
    #[serde(rename = "E_SNAP_FAR")]
    TooFar {
        /// The threshold, metres.
        max_m: f64,
        /// Distance to the nearest candidate road, when one exists within 200 km.
        nearest_m: Option<f64>,
    },
}

/// The segment R-tree of a graph, and which edges are in the main network.
#[derive(Debug, Clone, Default)]
pub struct Snapper {
    index: SegmentIndex<(u32, u32)>,
    main: Vec<bool>,
}

/// How far to look for a road when reporting how far the nearest one is.
const REPORT_RADIUS_M: f64 = 200_000.0;

impl Snapper {
    /// Indexes every segment of every edge.
    pub fn new(graph: &RoadGraph, components: &Components) -> Snapper {
        let mut segs = Vec::new();
        let mut main = Vec::with_capacity(graph.edge_count());
        for (i, e) in graph.edges.iter().enumerate() {
            main.push(components.in_main(e.from.0) && components.in_main(e.to.0));
            let pts = graph.edge_polyline(i as u32);
            for (k, w) in pts.windows(2).enumerate() {
                segs.push((w[0], w[1], (i as u32, k as u32)));
            }
        }
        Snapper {
            index: SegmentIndex::new(segs),
            main,
        }
    }

    /// Number of segments indexed.
    pub fn segment_count(&self) -> usize {
        self.index.len()
    }

    /// The segments in a box `[min_lon, min_lat, max_lon, max_lat]`, as (edge, segment).
    pub(crate) fn segments_in(&self, bbox: [f64; 4]) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.index.in_box(bbox).into_iter().map(|(_, _, d)| d)
    }

    fn is_main(&self, edge: u32) -> bool {
        self.main.get(edge as usize).copied().unwrap_or(false)
    }

    /// Snaps `p` to the nearest road segment allowed by `opts`.
    pub fn snap(
        &self,
        graph: &RoadGraph,
        p: LonLat,
        opts: &SnapOptions,
    ) -> Result<Snapped, SnapError> {
        if !p.is_valid() {
            return Err(SnapError::InvalidPoint {
                lon: p.lon,
                lat: p.lat,
            });
        }
        if self.index.is_empty() {
            return Err(SnapError::NoRoads);
        }
        let max_m = if opts.max_distance_m.is_finite() {
            opts.max_distance_m.max(0.0)
        } else {
            REPORT_RADIUS_M
        };
        let keep = |d: &(u32, u32)| !opts.main_component_only || self.is_main(d.0);
        let Some(hit) = self.index.nearest(p, max_m, keep) else {
            let nearest_m = self
                .index
                .nearest(p, REPORT_RADIUS_M, keep)
                .map(|h| h.distance_m);
            return Err(SnapError::TooFar { max_m, nearest_m });
        };
        let skipped_nearer_m = if opts.main_component_only {
            self.index
                .nearest(p, hit.distance_m, |_| true)
                .filter(|h| h.distance_m < hit.distance_m && !self.is_main(h.data.0))
                .map(|h| h.distance_m)
        } else {
            None
        };
        let (edge, seg) = hit.data;
        let pts = graph.edge_polyline(edge);
        let mut before = 0.0;
        let mut total = 0.0;
        for (k, w) in pts.windows(2).enumerate() {
            let l = haversine_m(w[0], w[1]);
            if (k as u32) < seg {
                before += l;
            } else if k as u32 == seg {
                before += l * hit.t;
            }
            total += l;
        }
        let fraction = if total > 0.0 {
            (before / total).clamp(0.0, 1.0)
        } else {
            0.0
        };
        Ok(Snapped {
            input: p,
            position: LonLat::new(
                hit.a.lon + hit.t * (hit.b.lon - hit.a.lon),
                hit.a.lat + hit.t * (hit.b.lat - hit.a.lat),
            ),
            distance_m: hit.distance_m,
            edge,
            fraction,
            in_main_component: self.is_main(edge),
            skipped_nearer_m,
        })
    }
}
