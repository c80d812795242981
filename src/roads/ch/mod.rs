//! Contraction hierarchies (Geisberger, Sanders, Schultes & Delling 2008): preprocessing
//! ([`contract`]), one-to-one bidirectional queries ([`query`]) and bucket-based many-to-many
//! matrices ([`many_to_many`], Knopp, Sanders, Schultes, Schulz & Wagner 2007).
//!
//! Nodes are renumbered by rank (the order of contraction), so the upward searches of queries
//! walk memory towards the end of the arrays. `up` holds, for each rank, the arcs to higher
//! ranks (forward searches); `down` holds, for each rank, the arcs *from* higher ranks into it
//! (backward searches). Every arc has an id; a shortcut's origin names the two arcs it
//! replaces, always with smaller ids, so unpacking terminates.

pub(crate) mod contract;
pub(crate) mod many_to_many;
pub(crate) mod query;

use crate::roads::endpoint::Step;
use crate::roads::weight::{Metric, Weight};

/// What an arc of the hierarchy stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArcOrigin {
    /// A road edge, driven forwards or backwards.
    Original { edge: u32, reverse: bool },
    /// Two arcs in a row (ids smaller than this arc's).
    Shortcut { first: u32, second: u32 },
}

/// One arc in a CSR list: the other end (a rank), the weight and the arc id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UpArc {
    pub node: u32,
    pub weight: Weight,
    pub id: u32,
}

/// Arcs grouped by rank: those of rank `r` are `arcs[first[r]..first[r + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CsrArcs {
    pub first: Vec<u32>,
    pub arcs: Vec<UpArc>,
}

impl CsrArcs {
    #[inline]
    pub fn of(&self, r: u32) -> &[UpArc] {
        let r = r as usize;
        match (self.first.get(r), self.first.get(r + 1)) {
            (Some(&a), Some(&b)) => self.arcs.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A contraction hierarchy of one metric of a road graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractionHierarchy {
    pub(crate) metric: Metric,
    pub(crate) rank_of: Vec<u32>,
    pub(crate) node_at: Vec<u32>,
    pub(crate) up: CsrArcs,
    pub(crate) down: CsrArcs,
    pub(crate) origin: Vec<ArcOrigin>,
}

impl ContractionHierarchy {
    /// The metric of the hierarchy.
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.rank_of.len()
    }

    /// Number of arcs in the search graph (road arcs and shortcuts).
    pub fn arc_count(&self) -> usize {
        self.origin.len()
    }

    /// Number of shortcuts.
    pub fn shortcut_count(&self) -> usize {
        self.origin
            .iter()
            .filter(|o| matches!(o, ArcOrigin::Shortcut { .. }))
            .count()
    }

    /// Bytes held by the hierarchy's arrays.
    pub fn heap_bytes(&self) -> usize {
        (self.rank_of.len() + self.node_at.len() + self.up.first.len() + self.down.first.len()) * 4
            + (self.up.arcs.len() + self.down.arcs.len()) * std::mem::size_of::<UpArc>()
            + self.origin.len() * std::mem::size_of::<ArcOrigin>()
    }

    #[inline]
    pub(crate) fn rank(&self, node: u32) -> Option<u32> {
        self.rank_of.get(node as usize).copied()
    }

    /// Appends the road edges an arc stands for, in driving order.
    pub(crate) fn unpack(&self, arc: u32, out: &mut Vec<Step>) {
        let mut stack = vec![arc];
        while let Some(id) = stack.pop() {
            match self.origin.get(id as usize) {
                Some(ArcOrigin::Original { edge, reverse }) => out.push(Step {
                    edge: *edge,
                    reverse: *reverse,
                }),
                Some(ArcOrigin::Shortcut { first, second }) if *first < id && *second < id => {
                    stack.push(*second);
                    stack.push(*first);
                }
                _ => {}
            }
        }
    }
}
