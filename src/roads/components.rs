//! Strongly connected components (Tarjan 1972, iterative) of the routing graph, for reporting
//! points that cannot reach, or be reached from, the rest: a point snapped into a small island
//! of one-way streets or a fragment of a cut-out extract would otherwise give silent gaps.

use crate::roads::graph::{Adjacency, RoadGraph};
use crate::roads::weight::Metric;

/// Component of every node, and component sizes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Components {
    of_node: Vec<u32>,
    sizes: Vec<u32>,
    main: u32,
}

impl Components {
    /// The strongly connected components of `graph`.
    pub fn of(graph: &RoadGraph) -> Components {
        let n = graph.node_count();
        let adj = Adjacency::new(n, graph.arcs(Metric::Distance), false);
        const UNSEEN: u32 = u32::MAX;
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut of_node = vec![0u32; n];
        let mut sizes: Vec<u32> = Vec::new();
        let mut next = 0u32;
        // call stack of (node, next arc position)
        let mut calls: Vec<(u32, u32)> = Vec::new();
        for root in 0..n as u32 {
            if index[root as usize] != UNSEEN {
                continue;
            }
            calls.push((root, adj.first.get(root as usize).copied().unwrap_or(0)));
            index[root as usize] = next;
            low[root as usize] = next;
            next += 1;
            stack.push(root);
            on_stack[root as usize] = true;
            while let Some(&(v, pos)) = calls.last() {
                let end = adj.first.get(v as usize + 1).copied().unwrap_or(0);
                if pos < end {
                    let w = adj.arcs.get(pos as usize).map_or(v, |a| a.to);
                    if let Some(top) = calls.last_mut() {
                        top.1 += 1;
                    }
                    let wi = w as usize;
                    if index[wi] == UNSEEN {
                        index[wi] = next;
                        low[wi] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[wi] = true;
                        calls.push((w, adj.first.get(wi).copied().unwrap_or(0)));
                    } else if on_stack[wi] {
                        low[v as usize] = low[v as usize].min(index[wi]);
                    }
                } else {
                    calls.pop();
                    if let Some(&(parent, _)) = calls.last() {
                        low[parent as usize] = low[parent as usize].min(low[v as usize]);
                    }
                    if low[v as usize] == index[v as usize] {
                        let c = sizes.len() as u32;
                        let mut size = 0;
                        while let Some(w) = stack.pop() {
                            on_stack[w as usize] = false;
                            of_node[w as usize] = c;
                            size += 1;
                            if w == v {
                                break;
                            }
                        }
                        sizes.push(size);
                    }
                }
            }
        }
        let main = sizes
            .iter()
            .enumerate()
            .max_by_key(|(i, s)| (**s, std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i as u32);
        Components {
            of_node,
            sizes,
            main,
        }
    }

    /// Component of a node.
    pub fn component(&self, node: u32) -> Option<u32> {
        self.of_node.get(node as usize).copied()
    }

    /// Number of nodes in a component.
    pub fn size(&self, component: u32) -> u32 {
        self.sizes.get(component as usize).copied().unwrap_or(0)
    }

    /// Number of components.
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// The largest component (the "main network").
    pub fn main(&self) -> u32 {
        self.main
    }

    /// Whether a node is in the largest component.
    pub fn in_main(&self, node: u32) -> bool {
        self.component(node) == Some(self.main)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LonLat, NodeId};
    use crate::roads::builder::{EdgeSpec, GraphBuilder, Oneway};
    use crate::roads::class::RoadClass;

    #[test]
    fn one_way_cycle_and_dead_end() {
        let mut b = GraphBuilder::new();
        for i in 0..5 {
            b.add_node(LonLat::new(120.0 + f64::from(i) * 0.01, 31.0))
                .unwrap();
        }
        let mut e = |from, to, oneway| {
            b.add_edge(EdgeSpec {
                from: NodeId(from),
                to: NodeId(to),
                via: &[],
                class: RoadClass::Primary,
                speed_kmh: 50.0,
                oneway,
                length_m: None,
                name: None,
            })
            .unwrap()
        };
        e(0, 1, Oneway::Forward);
        e(1, 2, Oneway::Forward);
        e(2, 0, Oneway::Forward);
        e(2, 3, Oneway::Forward); // 3 can be reached but not left
        e(3, 4, Oneway::No);
        let g = b.build();
        let c = Components::of(&g);
        assert_eq!(c.count(), 2);
        assert!(c.in_main(0) && c.in_main(1) && c.in_main(2));
        assert_eq!(c.component(3), c.component(4));
        assert_ne!(c.component(3), c.component(0));
    }
}
