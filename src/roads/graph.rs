//! The immutable road graph: junction nodes, road edges with their shape, names and corridor
//! features. Built by [`crate::roads::GraphBuilder`], never changed afterwards.
//!
//! Positions are stored as integer micro-degrees ([`MicroPoint`], about 0.11 m of latitude),
//! exactly as the binary format stores them, so that a graph read back from a file is identical
//! to the one written. An edge is one stretch of road between two junctions; it is two-way unless
//! `oneway` (one-way edges always run `from → to`: the builder turns `oneway=-1` ways around).

use crate::model::{LonLat, NodeId};
use crate::roads::class::RoadClass;
use crate::roads::corridors::CorridorFeature;
use crate::roads::weight::{EdgeCost, Metric, Weight};

/// Marks an edge without a name.
pub const NO_NAME: u32 = u32::MAX;

/// A position in integer micro-degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MicroPoint {
    /// Longitude × 10⁶.
    pub lon: i32,
    /// Latitude × 10⁶.
    pub lat: i32,
}

impl MicroPoint {
    /// Rounds a position to micro-degrees (values outside ±180/±90 are clamped).
    pub fn from_lonlat(p: LonLat) -> MicroPoint {
        let q = |v: f64, lim: f64| {
            if v.is_finite() {
                (v.clamp(-lim, lim) * 1e6).round() as i32
            } else {
                0
            }
        };
        MicroPoint {
            lon: q(p.lon, 180.0),
            lat: q(p.lat, 90.0),
        }
    }

    /// The position in degrees.
    pub fn lonlat(self) -> LonLat {
        LonLat::new(f64::from(self.lon) / 1e6, f64::from(self.lat) / 1e6)
    }
}

/// One stretch of road between two junctions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadEdge {
    /// Start node.
    pub from: NodeId,
    /// End node.
    pub to: NodeId,
    /// Length in decimetres.
    pub length_dm: u32,
    /// Travel time in deciseconds.
    pub duration_ds: u32,
    /// Road class.
    pub class: RoadClass,
    /// Drivable only `from → to`.
    pub oneway: bool,
    /// Index into the name table, or [`NO_NAME`].
    pub name: u32,
    /// First shape point (in the graph's shape array) between `from` and `to`.
    pub shape_start: u32,
    /// Number of shape points between `from` and `to`.
    pub shape_len: u32,
}

impl RoadEdge {
    pub(crate) fn cost(&self) -> EdgeCost {
        EdgeCost {
            duration_ds: self.duration_ds,
            length_dm: self.length_dm,
        }
    }
}

/// A directed arc of the routing graph, derived from a [`RoadEdge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Arc {
    pub from: u32,
    pub to: u32,
    pub weight: Weight,
    pub edge: u32,
    /// Runs `edge.to → edge.from`.
    pub reverse: bool,
}

/// The immutable road graph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoadGraph {
    pub(crate) nodes: Vec<MicroPoint>,
    pub(crate) edges: Vec<RoadEdge>,
    pub(crate) shape: Vec<MicroPoint>,
    pub(crate) names: Vec<String>,
    pub(crate) corridors: Vec<CorridorFeature>,
}

impl RoadGraph {
    /// Number of junction nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of road edges (a two-way road counts once).
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The road edges.
    pub fn edges(&self) -> &[RoadEdge] {
        &self.edges
    }

    /// The corridor features (expressways, national and provincial roads, railways,
    /// aerodromes).
    pub fn corridors(&self) -> &[CorridorFeature] {
        &self.corridors
    }

    /// Position of a node (`None` for an unknown id).
    pub fn node(&self, id: NodeId) -> Option<LonLat> {
        self.nodes.get(id.index()).map(|p| p.lonlat())
    }

    /// Name of an edge for display (`None` when unnamed).
    pub fn edge_name(&self, edge: u32) -> Option<&str> {
        let e = self.edges.get(edge as usize)?;
        self.names.get(e.name as usize).map(String::as_str)
    }

    /// The full polyline of an edge, from `from` to `to` (empty for an unknown edge).
    pub fn edge_polyline(&self, edge: u32) -> Vec<LonLat> {
        let Some(e) = self.edges.get(edge as usize) else {
            return Vec::new();
        };
        let mut pts = Vec::with_capacity(e.shape_len as usize + 2);
        if let Some(p) = self.nodes.get(e.from.index()) {
            pts.push(p.lonlat());
        }
        let start = e.shape_start as usize;
        let end = start.saturating_add(e.shape_len as usize);
        if let Some(s) = self.shape.get(start..end) {
            pts.extend(s.iter().map(|p| p.lonlat()));
        }
        if let Some(p) = self.nodes.get(e.to.index()) {
            pts.push(p.lonlat());
        }
        pts
    }

    /// Total length of all edges in kilometres (two-way roads once).
    pub fn total_length_km(&self) -> f64 {
        self.edges
            .iter()
            .map(|e| f64::from(e.length_dm))
            .sum::<f64>()
            / 10_000.0
    }

    /// The directed arcs under `metric` (self-loops left out: they never shorten a path).
    pub(crate) fn arcs(&self, metric: Metric) -> Vec<Arc> {
        let mut arcs = Vec::with_capacity(self.edges.len() * 2);
        for (i, e) in self.edges.iter().enumerate() {
            if e.from == e.to {
                continue;
            }
            let weight = e.cost().weight(metric);
            arcs.push(Arc {
                from: e.from.0,
                to: e.to.0,
                weight,
                edge: i as u32,
                reverse: false,
            });
            if !e.oneway {
                arcs.push(Arc {
                    from: e.to.0,
                    to: e.from.0,
                    weight,
                    edge: i as u32,
                    reverse: true,
                });
            }
        }
        arcs
    }
}

/// Forward adjacency in compressed sparse row form: the arcs leaving node `v` are
/// `arcs[first[v]..first[v + 1]]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    pub first: Vec<u32>,
    pub arcs: Vec<Arc>,
}

impl Adjacency {
    /// Groups arcs by their tail (`reverse_direction`: by their head, for backward searches).
    pub fn new(node_count: usize, mut arcs: Vec<Arc>, reverse_direction: bool) -> Adjacency {
        let key = |a: &Arc| if reverse_direction { a.to } else { a.from };
        arcs.sort_by_key(|a| (key(a), a.weight));
        let mut first = vec![0u32; node_count + 1];
        for a in &arcs {
            if let Some(f) = first.get_mut(key(a) as usize + 1) {
                *f += 1;
            }
        }
        for i in 1..first.len() {
            first[i] += first[i - 1];
        }
        Adjacency { first, arcs }
    }
}
