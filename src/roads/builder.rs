//! [`GraphBuilder`]: collects nodes and edges, then freezes them into an immutable
//! [`RoadGraph`] (build → freeze → query: nothing can change a graph once built).

use std::collections::HashMap;

use crate::geodesy::haversine_m;
use crate::model::{LonLat, NodeId};
use crate::roads::class::RoadClass;
use crate::roads::corridors::CorridorFeature;
use crate::roads::graph::{MicroPoint, RoadEdge, RoadGraph, NO_NAME};
use crate::roads::weight::{MAX_EDGE_DM, MAX_EDGE_DS};

/// Direction of travel allowed on a way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Oneway {
    /// Both directions.
    #[default]
    No,
    /// Only in the direction of the way (`oneway=yes`).
    Forward,
    /// Only against it (`oneway=-1`).
    Backward,
}

/// One road edge to add.
#[derive(Debug, Clone)]
pub struct EdgeSpec<'a> {
    /// Start node.
    pub from: NodeId,
    /// End node.
    pub to: NodeId,
    /// Shape points between the two nodes.
    pub via: &'a [LonLat],
    /// Road class.
    pub class: RoadClass,
    /// Travel speed in km/h.
    pub speed_kmh: f64,
    /// Allowed direction.
    pub oneway: Oneway,
    /// Length in metres; `None` to measure the polyline (haversine).
    pub length_m: Option<f64>,
    /// Street name or `ref` for display.
    pub name: Option<&'a str>,
}

/// An edge the builder refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    /// The edge names a node that was not added.
    #[error("边引用了不存在的节点 {node}")]
    UnknownNode {
        /// The id given.
        node: u32,
    },
    /// The length is negative, not finite, or longer than 10,000 km.
    #[error("边长度 {length_m} m 无效")]
    BadLength {
        /// The length given.
        length_m: f64,
    },
    /// The speed is not positive and finite.
    #[error("速度 {speed_kmh} km/h 无效")]
    BadSpeed {
        /// The speed given.
        speed_kmh: f64,
    },
    /// More than 2³² − 2 nodes, edges or shape points.
    #[error("图过大：{what}超过 32 位编号范围")]
    TooLarge {
        /// What overflowed.
        what: &'static str,
    },
}

/// Collects nodes and edges; [`GraphBuilder::build`] freezes them.
///
/// ```
/// use zouhang::roads::{EdgeSpec, GraphBuilder, Oneway, RoadClass};
/// use zouhang::LonLat;
/// let mut b = GraphBuilder::new();
/// let a = b.add_node(LonLat::new(120.60, 31.30)).unwrap();
/// let c = b.add_node(LonLat::new(120.61, 31.30)).unwrap();
/// b.add_edge(EdgeSpec {
///     from: a, to: c, via: &[], class: RoadClass::Primary, speed_kmh: 36.0,
///     oneway: Oneway::No, length_m: None, name: Some("干将路"),
/// }).unwrap();
/// let g = b.build();
/// assert_eq!((g.node_count(), g.edge_count()), (2, 1));
/// assert_eq!(g.edges()[0].length_dm, 9_501); // 950.1 m: 0.01° of longitude at 31.3° N
/// assert_eq!(g.edges()[0].duration_ds, 950); // 95.0 s at 36 km/h (10 m/s)
/// ```
#[derive(Debug, Default)]
pub struct GraphBuilder {
    nodes: Vec<MicroPoint>,
    edges: Vec<RoadEdge>,
    shape: Vec<MicroPoint>,
    names: Vec<String>,
    name_ids: HashMap<String, u32>,
    corridors: Vec<CorridorFeature>,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of nodes added so far.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of edges added so far.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Adds a node; its position is rounded to micro-degrees.
    pub fn add_node(&mut self, p: LonLat) -> Result<NodeId, BuildError> {
        let id = u32::try_from(self.nodes.len())
            .ok()
            .filter(|&i| i < u32::MAX - 1)
            .ok_or(BuildError::TooLarge { what: "节点数" })?;
        self.nodes.push(MicroPoint::from_lonlat(p));
        Ok(NodeId(id))
    }

    /// Adds a road edge.
    pub fn add_edge(&mut self, spec: EdgeSpec<'_>) -> Result<(), BuildError> {
        let (Some(&a), Some(&b)) = (
            self.nodes.get(spec.from.index()),
            self.nodes.get(spec.to.index()),
        ) else {
            let bad = if self.nodes.get(spec.from.index()).is_none() {
                spec.from.0
            } else {
                spec.to.0
            };
            return Err(BuildError::UnknownNode { node: bad });
        };
        if !(spec.speed_kmh.is_finite() && spec.speed_kmh > 0.0) {
            return Err(BuildError::BadSpeed {
                speed_kmh: spec.speed_kmh,
            });
        }
        let via: Vec<MicroPoint> = spec
            .via
            .iter()
            .map(|p| MicroPoint::from_lonlat(*p))
            .collect();
        let length_m = match spec.length_m {
            Some(l) => l,
            None => {
                let mut prev = a.lonlat();
                let mut sum = 0.0;
                for p in via.iter().chain(std::iter::once(&b)) {
                    let q = p.lonlat();
                    sum += haversine_m(prev, q);
                    prev = q;
                }
                sum
            }
        };
        let length_dm = (length_m * 10.0).round();
        if !(length_dm.is_finite() && (0.0..=f64::from(MAX_EDGE_DM)).contains(&length_dm)) {
            return Err(BuildError::BadLength { length_m });
        }
        let duration_ds = (length_m / (spec.speed_kmh / 3.6) * 10.0)
            .round()
            .min(f64::from(MAX_EDGE_DS));
        let shape_start = u32::try_from(self.shape.len()).map_err(|_| BuildError::TooLarge {
            what: "形状点数",
        })?;
        let shape_len = u32::try_from(via.len()).map_err(|_| BuildError::TooLarge {
            what: "形状点数",
        })?;
        if self.edges.len() >= (u32::MAX >> 1) as usize {
            return Err(BuildError::TooLarge { what: "边数" });
        }
        let name = spec.name.map(|n| self.intern(n)).unwrap_or(NO_NAME);
        let (from, to, oneway) = match spec.oneway {
            Oneway::No => (spec.from, spec.to, false),
            Oneway::Forward => (spec.from, spec.to, true),
            Oneway::Backward => (spec.to, spec.from, true),
        };
        if spec.oneway == Oneway::Backward {
            self.shape.extend(via.iter().rev());
        } else {
            self.shape.extend(via);
        }
        self.edges.push(RoadEdge {
            from,
            to,
            length_dm: length_dm as u32,
            duration_ds: duration_ds as u32,
            class: spec.class,
            oneway,
            name,
            shape_start,
            shape_len,
        });
        Ok(())
    }

    /// Adds a corridor feature (expressway line, railway, aerodrome, …).
    pub fn add_corridor(&mut self, feature: CorridorFeature) {
        self.corridors.push(feature);
    }

    fn intern(&mut self, name: &str) -> u32 {
        let name = name.trim();
        if name.is_empty() {
            return NO_NAME;
        }
        if let Some(&i) = self.name_ids.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_ids.insert(name.to_string(), i);
        i
    }

    /// Freezes the graph. Nodes that no edge uses are dropped (the others are renumbered in
    /// their order of addition).
    pub fn build(self) -> RoadGraph {
        let mut used = vec![false; self.nodes.len()];
        for e in &self.edges {
            if let Some(u) = used.get_mut(e.from.index()) {
                *u = true;
            }
            if let Some(u) = used.get_mut(e.to.index()) {
                *u = true;
            }
        }
        let mut new_id = vec![u32::MAX; self.nodes.len()];
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (i, p) in self.nodes.iter().enumerate() {
            if used.get(i).copied().unwrap_or(false) {
                new_id[i] = nodes.len() as u32;
                nodes.push(*p);
            }
        }
        let remap = |n: NodeId| NodeId(new_id.get(n.index()).copied().unwrap_or(0));
        let edges = self
            .edges
            .into_iter()
            .map(|e| RoadEdge {
                from: remap(e.from),
                to: remap(e.to),
                ..e
            })
            .collect();
        RoadGraph {
            nodes,
            edges,
            shape: self.shape,
            names: self.names,
            corridors: self.corridors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(from: u32, to: u32, oneway: Oneway) -> EdgeSpec<'static> {
        EdgeSpec {
            from: NodeId(from),
            to: NodeId(to),
            via: &[],
            class: RoadClass::Residential,
            speed_kmh: 20.0,
            oneway,
            length_m: Some(100.0),
            name: Some("  "),
        }
    }

    #[test]
    fn backward_oneways_are_turned_round_and_unused_nodes_dropped() {
        let mut b = GraphBuilder::new();
        for i in 0..4 {
            b.add_node(LonLat::new(120.0 + f64::from(i) * 0.01, 31.0))
                .unwrap();
        }
        b.add_edge(spec(0, 2, Oneway::Backward)).unwrap();
        b.add_edge(spec(2, 3, Oneway::Forward)).unwrap();
        assert_eq!(
            b.add_edge(spec(0, 9, Oneway::No)),
            Err(BuildError::UnknownNode { node: 9 })
        );
        let mut bad = spec(0, 2, Oneway::No);
        bad.length_m = Some(f64::NAN);
        assert!(matches!(b.add_edge(bad), Err(BuildError::BadLength { .. })));
        let g = b.build();
        assert_eq!(g.node_count(), 3);
        let e = &g.edges()[0];
        assert_eq!((e.from, e.to, e.oneway), (NodeId(1), NodeId(0), true));
        assert_eq!(e.duration_ds, 180);
        assert_eq!(g.edge_name(0), None);
    }
}
