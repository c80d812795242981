//! [`RoadNetwork`]: a frozen graph with everything queries need (a contraction hierarchy per
//! metric, the segment R-tree for snapping, components, corridor index), and the queries:
//! snap, route (with geometry), matrix, corridor distances, polylines for drawing.
//!
//! [`Router`] holds the buffers of one-to-one queries and is reused across many of them.

use serde::{Deserialize, Serialize};

use crate::model::LonLat;
use crate::roads::ch::contract::{contract, contract_in_order};
use crate::roads::ch::many_to_many;
use crate::roads::ch::query::ChQuery;
use crate::roads::ch::ContractionHierarchy;
use crate::roads::class::RoadClass;
use crate::roads::components::Components;
use crate::roads::corridors::{CorridorHit, CorridorIndex};
use crate::roads::endpoint::{direct, source_seeds, target_seeds, Place, RawPath};
use crate::roads::geometry::path_polyline;
use crate::roads::graph::RoadGraph;
use crate::roads::snap::{SnapError, SnapOptions, Snapped, Snapper};
use crate::roads::weight::{Metric, Weight, UNREACHABLE};

/// A road graph prepared for queries.
#[derive(Debug, Clone)]
pub struct RoadNetwork {
    graph: RoadGraph,
    hierarchies: [ContractionHierarchy; 2],
    components: Components,
    snapper: Snapper,
    corridors: CorridorIndex,
}

/// Counts describing a network, for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkStats {
    /// Junction nodes.
    pub nodes: usize,
    /// Road edges (two-way roads once).
    pub edges: usize,
    /// One-way edges.
    pub oneway_edges: usize,
    /// Total road length, km.
    pub length_km: f64,
    /// Shortcuts of the time and distance hierarchies.
    pub shortcuts: [usize; 2],
    /// Strongly connected components.
    pub components: usize,
    /// Nodes in the largest one.
    pub main_component_nodes: usize,
    /// Edges per class: `(class, count)`.
    pub classes: Vec<(RoadClass, usize)>,
    /// Corridor features per kind.
    pub corridors: Vec<(crate::roads::CorridorKind, usize)>,
    /// `[min_lon, min_lat, max_lon, max_lat]` of the nodes (`None` when empty).
    pub bbox: Option<[f64; 4]>,
}

/// A route between two points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// What was minimised.
    pub metric: Metric,
    /// Travel time, seconds.
    pub duration_s: f64,
    /// Length, metres.
    pub distance_m: f64,
    /// The line to draw, `[lon, lat]` pairs from the snapped start to the snapped end.
    pub geometry: Vec<[f64; 2]>,
    /// Where the start was snapped.
    pub from: Snapped,
    /// Where the end was snapped.
    pub to: Snapped,
}

/// Why a route could not be found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    /// The start could not be snapped.
    #[error("起点：{0}")]
    From(SnapError),
    /// The end could not be snapped.
    #[error("终点：{0}")]
    To(SnapError),
    /// The two are in parts of the network that do not connect.
    #[error("起点与终点之间没有可行驶的路径（路网不连通或单行限制）：请检查路网范围")]
    NoPath,
}

/// The outcome of snapping one point of a matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointSnap {
    /// The point's index in the input.
    pub index: usize,
    /// The snap, when it succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapped: Option<Snapped>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SnapError>,
    /// Stable code of the problem, if any: `E_SNAP_*`, or `W_ROAD_UNREACHABLE` for a point
    /// that cannot reach or be reached from some of the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Points this one cannot reach (as source).
    #[serde(default)]
    pub unreachable_to: usize,
    /// Points that cannot reach this one.
    #[serde(default)]
    pub unreachable_from: usize,
}

/// A duration/distance matrix between points, with what happened to each point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixResult {
    /// What the paths minimise.
    pub metric: Metric,
    /// Travel time of each path, seconds (`None` where there is no path).
    pub durations_s: Vec<Vec<Option<f64>>>,
    /// Length of each path, metres.
    pub distances_m: Vec<Vec<Option<f64>>>,
    /// Per point: snap and reachability.
    pub snapped: Vec<PointSnap>,
}

impl RoadNetwork {
    /// Prepares a graph: contracts both metrics (distance in the order found for time) and
    /// builds the indexes.
    pub fn new(graph: RoadGraph) -> RoadNetwork {
        let time = contract(&graph, Metric::Time);
        let distance = contract_in_order(&graph, Metric::Distance, &time.rank_of);
        RoadNetwork::from_parts(graph, [time, distance])
    }

    /// A network from a graph and its hierarchies (time, distance), e.g. read from a file.
    pub(crate) fn from_parts(graph: RoadGraph, hierarchies: [ContractionHierarchy; 2]) -> Self {
        let components = Components::of(&graph);
        let snapper = Snapper::new(&graph, &components);
        let corridors = CorridorIndex::new(&graph.corridors);
        RoadNetwork {
            graph,
            hierarchies,
            components,
            snapper,
            corridors,
        }
    }

    /// The graph.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// The hierarchy of a metric.
    pub fn hierarchy(&self, metric: Metric) -> &ContractionHierarchy {
        match metric {
            Metric::Time => &self.hierarchies[0],
            Metric::Distance => &self.hierarchies[1],
        }
    }

    /// The strongly connected components.
    pub fn components(&self) -> &Components {
        &self.components
    }

    /// The corridor index.
    pub fn corridors(&self) -> &CorridorIndex {
        &self.corridors
    }

    /// Counts for display.
    pub fn stats(&self) -> NetworkStats {
        let g = &self.graph;
        let mut classes = [0usize; crate::roads::class::CLASS_COUNT];
        for e in &g.edges {
            if let Some(c) = classes.get_mut(usize::from(e.class.code())) {
                *c += 1;
            }
        }
        let bbox = g
            .nodes
            .iter()
            .map(|p| p.lonlat())
            .fold(None, |acc: Option<[f64; 4]>, p| {
                Some(match acc {
                    None => [p.lon, p.lat, p.lon, p.lat],
                    Some(b) => [
                        b[0].min(p.lon),
                        b[1].min(p.lat),
                        b[2].max(p.lon),
                        b[3].max(p.lat),
                    ],
                })
            });
        NetworkStats {
            nodes: g.node_count(),
            edges: g.edge_count(),
            oneway_edges: g.edges.iter().filter(|e| e.oneway).count(),
            length_km: g.total_length_km(),
            shortcuts: [
                self.hierarchies[0].shortcut_count(),
                self.hierarchies[1].shortcut_count(),
            ],
            components: self.components.count(),
            main_component_nodes: self.components.size(self.components.main()) as usize,
            classes: RoadClass::ALL
                .into_iter()
                .zip(classes)
                .filter(|(_, n)| *n > 0)
                .collect(),
            corridors: self.corridors.counts(),
            bbox,
        }
    }

    /// Snaps a point to the nearest road.
    pub fn snap(&self, p: LonLat, opts: &SnapOptions) -> Result<Snapped, SnapError> {
        self.snapper.snap(&self.graph, p, opts)
    }

    /// A router with buffers for repeated one-to-one queries.
    pub fn router(&self) -> Router<'_> {
        Router {
            net: self,
            queries: [
                ChQuery::new(&self.hierarchies[0]),
                ChQuery::new(&self.hierarchies[1]),
            ],
        }
    }

    /// The route between two points (snapped with `opts`).
    pub fn route(
        &self,
        from: LonLat,
        to: LonLat,
        metric: Metric,
        opts: &SnapOptions,
    ) -> Result<Route, RouteError> {
        self.router().route(from, to, metric, opts)
    }

    /// Row-major matrix of path weights between places, by the contraction hierarchy.
    pub fn matrix_places(
        &self,
        sources: &[Place],
        targets: &[Place],
        metric: Metric,
    ) -> Vec<Weight> {
        let g = &self.graph;
        let s: Vec<_> = sources.iter().map(|p| source_seeds(g, metric, p)).collect();
        let t: Vec<_> = targets.iter().map(|p| target_seeds(g, metric, p)).collect();
        let mut m = many_to_many::matrix(self.hierarchy(metric), &s, &t);
        let nt = targets.len();
        for (i, a) in sources.iter().enumerate() {
            for (j, b) in targets.iter().enumerate() {
                if let (Some(d), Some(cell)) = (direct(g, metric, a, b), m.get_mut(i * nt + j)) {
                    *cell = (*cell).min(d);
                }
            }
        }
        m
    }

    /// Shortest driving distances from one point to many (one-to-many on the distance
    /// hierarchy); `None` where a point cannot be snapped or reached.
    pub fn distances_from(
        &self,
        from: LonLat,
        to: &[LonLat],
        opts: &SnapOptions,
    ) -> Vec<Option<f64>> {
        let Ok(start) = self.snap(from, opts) else {
            return vec![None; to.len()];
        };
        let snaps: Vec<Option<Place>> = to
            .iter()
            .map(|p| self.snap(*p, opts).ok().map(|s| s.place()))
            .collect();
        let places: Vec<Place> = snaps.iter().flatten().cloned().collect();
        let row = self.matrix_places(&[start.place()], &places, Metric::Distance);
        let mut it = row.into_iter();
        snaps
            .iter()
            .map(|s| {
                s.as_ref().and_then(|_| {
                    let w = it.next()?;
                    (w != UNREACHABLE).then(|| Metric::Distance.distance_m(w))
                })
            })
            .collect()
    }

    /// Snaps every point and computes the matrix between them; points that cannot be snapped
    /// get empty rows and columns, and points that cannot reach or be reached by others are
    /// reported.
    pub fn matrix(&self, points: &[LonLat], metric: Metric, opts: &SnapOptions) -> MatrixResult {
        let snaps: Vec<Result<Snapped, SnapError>> =
            points.iter().map(|p| self.snap(*p, opts)).collect();
        let ok: Vec<usize> = (0..points.len())
            .filter(|&i| snaps.get(i).is_some_and(|s| s.is_ok()))
            .collect();
        let places: Vec<Place> = ok
            .iter()
            .filter_map(|&i| {
                snaps
                    .get(i)
                    .and_then(|s| s.as_ref().ok())
                    .map(Snapped::place)
            })
            .collect();
        let m = self.matrix_places(&places, &places, metric);
        let n = points.len();
        let k = places.len();
        let mut durations_s = vec![vec![None; n]; n];
        let mut distances_m = vec![vec![None; n]; n];
        let mut unreachable_to = vec![0usize; n];
        let mut unreachable_from = vec![0usize; n];
        for (a, &i) in ok.iter().enumerate() {
            for (b, &j) in ok.iter().enumerate() {
                let w = m.get(a * k + b).copied().unwrap_or(UNREACHABLE);
                if w == UNREACHABLE {
                    unreachable_to[i] += 1;
                    unreachable_from[j] += 1;
                    continue;
                }
                durations_s[i][j] = Some(metric.duration_s(w));
                distances_m[i][j] = Some(metric.distance_m(w));
            }
        }
        let snapped = snaps
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let (snapped, error) = match s {
                    Ok(s) => (Some(s), None),
                    Err(e) => (None, Some(e)),
                };
                let problem = match &error {
                    Some(SnapError::InvalidPoint { .. }) => Some("E_SNAP_COORD".to_string()),
                    Some(SnapError::NoRoads) => Some("E_SNAP_EMPTY".to_string()),
                    Some(SnapError::TooFar { .. }) => Some("E_SNAP_FAR".to_string()),
                    None if unreachable_to[i] + unreachable_from[i] > 0 => {
                        Some("W_ROAD_UNREACHABLE".to_string())
                    }
                    None => None,
                };
                PointSnap {
                    index: i,
                    snapped,
                    error,
                    problem,
                    unreachable_to: unreachable_to[i],
                    unreachable_from: unreachable_from[i],
                }
            })
            .collect();
        MatrixResult {
            metric,
            durations_s,
            distances_m,
            snapped,
        }
    }

    /// The nearest corridor feature of each kind within `max_m` of each point.
    pub fn corridor_distances(&self, points: &[LonLat], max_m: f64) -> Vec<Vec<CorridorHit>> {
        points
            .iter()
            .map(|p| self.corridors.nearest(*p, max_m))
            .collect()
    }

    /// Edge polylines for drawing, optionally only those meeting a box
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub fn polylines(&self, bbox: Option<[f64; 4]>) -> Vec<DrawnRoad> {
        let edges: Vec<u32> = match bbox {
            None => (0..self.graph.edge_count() as u32).collect(),
            Some(b) => {
                let mut e: Vec<u32> = self.snapper.segments_in(b).map(|(e, _)| e).collect();
                e.sort_unstable();
                e.dedup();
                e
            }
        };
        edges
            .into_iter()
            .filter_map(|i| {
                let e = self.graph.edges.get(i as usize)?;
                Some(DrawnRoad {
                    class: e.class,
                    oneway: e.oneway,
                    name: self.graph.edge_name(i).map(str::to_string),
                    coordinates: self
                        .graph
                        .edge_polyline(i)
                        .into_iter()
                        .map(|p| [p.lon, p.lat])
                        .collect(),
                })
            })
            .collect()
    }
}

/// One edge for drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawnRoad {
    /// Road class.
    pub class: RoadClass,
    /// One-way (drawn from the first point to the last).
    pub oneway: bool,
    /// Name for a tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `[lon, lat]` pairs.
    pub coordinates: Vec<[f64; 2]>,
}

/// Buffers for repeated one-to-one queries on one network.
#[derive(Debug, Clone)]
pub struct Router<'a> {
    net: &'a RoadNetwork,
    queries: [ChQuery; 2],
}

impl Router<'_> {
    /// The shortest path between two places, by the contraction hierarchy.
    pub fn path(&mut self, from: &Place, to: &Place, metric: Metric) -> Option<RawPath> {
        let g = &self.net.graph;
        let s = source_seeds(g, metric, from);
        let t = target_seeds(g, metric, to);
        let (ch, q) = match metric {
            Metric::Time => (&self.net.hierarchies[0], &mut self.queries[0]),
            Metric::Distance => (&self.net.hierarchies[1], &mut self.queries[1]),
        };
        let via = q.between_seeds(ch, &s, &t);
        RawPath::or_direct(via, direct(g, metric, from, to))
    }

    /// The route between two points.
    pub fn route(
        &mut self,
        from: LonLat,
        to: LonLat,
        metric: Metric,
        opts: &SnapOptions,
    ) -> Result<Route, RouteError> {
        let a = self.net.snap(from, opts).map_err(RouteError::From)?;
        let b = self.net.snap(to, opts).map_err(RouteError::To)?;
        let (pa, pb) = (a.place(), b.place());
        let path = self.path(&pa, &pb, metric).ok_or(RouteError::NoPath)?;
        let geometry = path_polyline(&self.net.graph, &pa, &pb, &path)
            .into_iter()
            .map(|p| [p.lon, p.lat])
            .collect();
        Ok(Route {
            metric,
            duration_s: metric.duration_s(path.weight),
            distance_m: metric.distance_m(path.weight),
            geometry,
            from: a,
            to: b,
        })
    }
}
