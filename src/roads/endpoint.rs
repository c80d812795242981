//! Where a path starts and ends: a node, or a point part-way along an edge (a snapped
//! position, the "phantom node" of OSRM). A point on an edge enters the graph through the edge's
//! end nodes with the matching part of the edge's cost as an offset ("seeds"); two points on the
//! same edge may also be joined directly along it.

use crate::model::NodeId;
use crate::roads::graph::RoadGraph;
use crate::roads::weight::{Metric, Weight};

/// A start or end of a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    /// A junction node.
    Node(NodeId),
    /// A point on an edge at `fraction` (0 = `from`, 1 = `to`) of its length.
    OnEdge {
        /// Edge index.
        edge: u32,
        /// Position along the edge, 0..=1.
        fraction: f64,
    },
}

/// A node at which a search starts (or ends), with the cost of getting there from the place
/// (or from there to the place).
pub(crate) type Seed = (u32, Weight);

/// The seeds of a path starting at `place`: the nodes it can drive to along its edge.
pub(crate) fn source_seeds(g: &RoadGraph, metric: Metric, place: &Place) -> Vec<Seed> {
    match *place {
        Place::Node(n) => vec![(n.0, 0)],
        Place::OnEdge { edge, fraction } => {
            let Some(e) = g.edges.get(edge as usize) else {
                return Vec::new();
            };
            let before = e.cost().part(fraction);
            let after = e.cost().minus(before);
            let mut s = vec![(e.to.0, after.weight(metric))];
            if !e.oneway {
                s.push((e.from.0, before.weight(metric)));
            }
            s
        }
    }
}

/// The seeds of a path ending at `place`: the nodes from which it can be reached along its edge.
pub(crate) fn target_seeds(g: &RoadGraph, metric: Metric, place: &Place) -> Vec<Seed> {
    match *place {
        Place::Node(n) => vec![(n.0, 0)],
        Place::OnEdge { edge, fraction } => {
            let Some(e) = g.edges.get(edge as usize) else {
                return Vec::new();
            };
            let before = e.cost().part(fraction);
            let after = e.cost().minus(before);
            let mut s = vec![(e.from.0, before.weight(metric))];
            if !e.oneway {
                s.push((e.to.0, after.weight(metric)));
            }
            s
        }
    }
}

/// The cost of driving from `a` to `b` along one edge without passing a node, if both are on
/// the same edge and its direction allows it; zero when the places are the same node.
pub(crate) fn direct(g: &RoadGraph, metric: Metric, a: &Place, b: &Place) -> Option<Weight> {
    match (*a, *b) {
        (Place::Node(x), Place::Node(y)) => (x == y).then_some(0),
        (
            Place::OnEdge {
                edge: ea,
                fraction: fa,
            },
            Place::OnEdge {
                edge: eb,
                fraction: fb,
            },
        ) if ea == eb => {
            let e = g.edges.get(ea as usize)?;
            let pa = e.cost().part(fa);
            let pb = e.cost().part(fb);
            if fb >= fa {
                Some(pb.minus(pa).weight(metric))
            } else if !e.oneway {
                Some(pa.minus(pb).weight(metric))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// One step of a path: an edge driven forwards (`from → to`) or backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Edge index.
    pub edge: u32,
    /// Driven `to → from`.
    pub reverse: bool,
}

/// A path found by a search, before geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPath {
    /// Its packed weight (see [`crate::roads::Metric`]).
    pub weight: Weight,
    /// The source seed node the path leaves the start edge at (`None` for a direct path).
    pub first: Option<u32>,
    /// The target seed node the path joins the end edge at.
    pub last: Option<u32>,
    /// Whole edges driven between `first` and `last`.
    pub steps: Vec<Step>,
}

impl RawPath {
    /// The direct path along one edge, when it is at least as good as `via`.
    pub(crate) fn or_direct(via: Option<RawPath>, direct: Option<Weight>) -> Option<RawPath> {
        match (via, direct) {
            (Some(v), Some(d)) if d <= v.weight => Some(RawPath::direct(d)),
            (None, Some(d)) => Some(RawPath::direct(d)),
            (v, _) => v,
        }
    }

    fn direct(weight: Weight) -> RawPath {
        RawPath {
            weight,
            first: None,
            last: None,
            steps: Vec::new(),
        }
    }
}
