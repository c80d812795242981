//! From OpenStreetMap elements to a road graph and corridor layers, shared by the three OSM
//! readers (PBF, XML, Overpass JSON).
//!
//! * A way is a road when its `highway=*` value is an enabled [`RoadClass`], unless it is an
//!   area (`area=yes`) or closed to motor vehicles (`access`, `motor_vehicle` or `motorcar` =
//!   `no`). Private roads are kept: patrols drive into enterprise grounds.
//! * Ways are split into edges at junctions: nodes used by two or more road ways, or twice by
//!   one, and way ends; the nodes between become the edge's shape.
//! * Direction: `oneway=yes|true|1` forward, `-1|reverse` backward, `no|false|0` both ways;
//!   otherwise `junction=roundabout|circular` and `highway=motorway` imply forward.
//!   `oneway=reversible|alternating` ways are skipped (their direction changes by the hour).
//! * Speed: [`RoadConfig::way_speed_kmh`] (class default, or `maxspeed` × factor).
//! * Display name: `name`, else `ref`.
//! * Corridor features: see [`crate::roads::corridors`].

use std::collections::HashMap;

use crate::error::Issue;
use crate::model::{LonLat, NodeId};
use crate::roads::builder::{EdgeSpec, GraphBuilder, Oneway};
use crate::roads::class::{RoadClass, RoadConfig};
use crate::roads::corridors::{ref_kinds, CorridorFeature, CorridorKind};
use crate::roads::graph::MicroPoint;
use crate::roads::import::{finish, RoadImport, RoadImportError, RoadImportReport};

/// Tags the import looks at; others are dropped on reading.
const KEPT_KEYS: &[&str] = &[
    "highway",
    "oneway",
    "junction",
    "maxspeed",
    "name",
    "ref",
    "access",
    "motor_vehicle",
    "motorcar",
    "area",
    "railway",
    "highspeed",
    "aeroway",
];

/// Most issues listed one by one; the rest are counted in a summary issue.
const MAX_ISSUES: usize = 200;

/// A way as read, with only the kept tags.
#[derive(Debug, Clone, Default)]
pub(crate) struct OsmWay {
    pub id: i64,
    pub refs: Vec<i64>,
    pub tags: Vec<(String, String)>,
}

impl OsmWay {
    fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Keeps the tags the import looks at.
pub(crate) fn kept_tags<'a>(
    tags: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(String, String)> {
    tags.into_iter()
        .filter(|(k, _)| KEPT_KEYS.contains(k))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Whether a way (by its tags) is of interest: a road or a corridor feature.
pub(crate) fn way_wanted(tags: &[(String, String)]) -> bool {
    tags.iter().any(|(k, v)| {
        k == "highway" || (k == "railway" && v == "rail") || (k == "aeroway" && v == "aerodrome")
    })
}

/// Collects nodes and ways from a reader, then builds the graph.
#[derive(Debug)]
pub(crate) struct OsmCollector<'c> {
    config: &'c RoadConfig,
    pub nodes: HashMap<i64, MicroPoint>,
    pub ways: Vec<OsmWay>,
    aerodromes: Vec<(LonLat, String)>,
    pub items: usize,
    issues: Vec<Issue>,
    dropped_issues: usize,
    file: String,
    format: &'static str,
}

impl<'c> OsmCollector<'c> {
    pub fn new(config: &'c RoadConfig, file: &str, format: &'static str) -> Self {
        OsmCollector {
            config,
            nodes: HashMap::new(),
            ways: Vec::new(),
            aerodromes: Vec::new(),
            items: 0,
            issues: Vec::new(),
            dropped_issues: 0,
            file: file.to_string(),
            format,
        }
    }

    fn issue(&mut self, issue: Issue) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue.in_file(self.file.clone()));
        } else {
            self.dropped_issues += 1;
        }
    }

    /// A node; `tags` only matter for aerodromes.
    pub fn node<'a>(
        &mut self,
        id: i64,
        lon: f64,
        lat: f64,
        tags: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        self.items += 1;
        let p = LonLat::new(lon, lat);
        if !p.is_valid() {
            self.issue(
                Issue::warning(
                    "W_OSM_NODE_COORD",
                    format!("节点 {id} 坐标无效（{lon}, {lat}）"),
                    "已忽略该节点；请检查数据来源",
                )
                .at_row(self.items as u64)
                .at_field(format!("node {id}")),
            );
            return;
        }
        self.nodes.insert(id, MicroPoint::from_lonlat(p));
        let mut aerodrome = false;
        let mut name = String::new();
        for (k, v) in tags {
            match k {
                "aeroway" if v == "aerodrome" => aerodrome = true,
                "name" => name = v.to_string(),
                _ => {}
            }
        }
        if aerodrome {
            self.aerodromes.push((p, name));
        }
    }

    /// A way with its node references and (already filtered) tags.
    pub fn way(&mut self, id: i64, refs: Vec<i64>, tags: Vec<(String, String)>) {
        self.items += 1;
        if way_wanted(&tags) {
            self.ways.push(OsmWay { id, refs, tags });
        }
    }

    fn road_class(&self, w: &OsmWay) -> Option<RoadClass> {
        let class = RoadClass::from_osm(w.tag("highway")?)?;
        let closed = |k: &str| w.tag(k) == Some("no");
        if !self.config.is_enabled(class)
            || w.tag("area") == Some("yes")
            || closed("access")
            || closed("motor_vehicle")
            || closed("motorcar")
        {
            return None;
        }
        Some(class)
    }

    fn oneway(w: &OsmWay, class: RoadClass) -> Option<Oneway> {
        match w.tag("oneway") {
            Some("yes" | "true" | "1") => Some(Oneway::Forward),
            Some("-1" | "reverse") => Some(Oneway::Backward),
            Some("no" | "false" | "0") => Some(Oneway::No),
            Some("reversible" | "alternating") => None,
            _ => {
                let round = matches!(w.tag("junction"), Some("roundabout" | "circular"));
                Some(if round || class.implies_oneway() {
                    Oneway::Forward
                } else {
                    Oneway::No
                })
            }
        }
    }

    fn corridor_kinds(w: &OsmWay) -> u8 {
        let mut k = 0;
        if let Some(h) = w.tag("highway") {
            match h {
                "motorway" => k |= CorridorKind::Expressway.bit(),
                "trunk" => k |= CorridorKind::Trunk.bit(),
                _ => {}
            }
            if let Some(r) = w.tag("ref") {
                k |= ref_kinds(r);
            }
        }
        if w.tag("railway") == Some("rail") {
            k |= CorridorKind::Railway.bit();
            let fast = w.tag("highspeed") == Some("yes")
                || w.tag("maxspeed")
                    .and_then(crate::roads::class::parse_maxspeed_kmh)
                    .is_some_and(|v| v >= 200.0);
            if fast {
                k |= CorridorKind::HighSpeedRailway.bit();
            }
        }
        if w.tag("aeroway") == Some("aerodrome") {
            k |= CorridorKind::Aerodrome.bit();
        }
        k
    }

    /// Builds the graph and the corridor layers.
    pub fn finish(mut self) -> Result<RoadImport, RoadImportError> {
        let ways = std::mem::take(&mut self.ways);
        let mut b = GraphBuilder::new();
        // junctions: used twice (by two ways, or twice by one), or a way end
        let mut uses: HashMap<i64, u32> = HashMap::new();
        let mut roads: Vec<(usize, RoadClass, Oneway)> = Vec::new();
        for (i, w) in ways.iter().enumerate() {
            let Some(class) = self.road_class(w) else {
                continue;
            };
            let Some(oneway) = Self::oneway(w, class) else {
                self.issue(
                    Issue::warning(
                        "W_OSM_REVERSIBLE",
                        format!(
                            "道路 way {} 为潮汐/可变向车道（oneway={}）",
                            w.id,
                            w.tag("oneway").unwrap_or("")
                        ),
                        "已跳过该道路",
                    )
                    .at_field(format!("way {}", w.id)),
                );
                continue;
            };
            let present: Vec<i64> = w
                .refs
                .iter()
                .copied()
                .filter(|r| self.nodes.contains_key(r))
                .collect();
            if present.len() < 2 {
                self.issue(
                    Issue::warning(
                        "W_OSM_WAY_SHORT",
                        format!("道路 way {} 的有效节点少于 2 个", w.id),
                        "已跳过该道路；请确认下载范围包含其节点",
                    )
                    .at_field(format!("way {}", w.id)),
                );
                continue;
            }
            for r in &present {
                *uses.entry(*r).or_insert(0) += 1;
            }
            for r in [present.first(), present.last()].into_iter().flatten() {
                *uses.entry(*r).or_insert(0) += 1;
            }
            roads.push((i, class, oneway));
        }
        let mut node_ids: HashMap<i64, NodeId> = HashMap::new();
        let mut road_ways = 0;
        for &(i, class, oneway) in &roads {
            let Some(w) = ways.get(i) else { continue };
            let missing = w
                .refs
                .iter()
                .filter(|r| !self.nodes.contains_key(r))
                .count();
            if missing > 0 {
                self.issue(
                    Issue::warning(
                        "W_OSM_NODE_MISSING",
                        format!("道路 way {} 缺少 {missing} 个节点", w.id),
                        "已按现有节点连接；若在数据边缘属正常现象，否则请重新下载",
                    )
                    .at_field(format!("way {}", w.id)),
                );
            }
            let speed = self.config.way_speed_kmh(class, w.tag("maxspeed"));
            let name = w.tag("name").or(w.tag("ref"));
            let pts: Vec<(i64, MicroPoint)> = w
                .refs
                .iter()
                .filter_map(|r| self.nodes.get(r).map(|p| (*r, *p)))
                .collect();
            let mut start: Option<(i64, MicroPoint)> = None;
            let mut via: Vec<LonLat> = Vec::new();
            let mut added = false;
            for &(r, p) in &pts {
                let junction = uses.get(&r).copied().unwrap_or(0) >= 2;
                let Some((s, sp)) = start else {
                    start = Some((r, p));
                    continue;
                };
                if !junction {
                    via.push(p.lonlat());
                    continue;
                }
                let from = node_id(&mut b, &mut node_ids, s, sp);
                let to = node_id(&mut b, &mut node_ids, r, p);
                if let (Some(from), Some(to)) = (from, to) {
                    if b.add_edge(EdgeSpec {
                        from,
                        to,
                        via: &via,
                        class,
                        speed_kmh: speed,
                        oneway,
                        length_m: None,
                        name,
                    })
                    .is_ok()
                    {
                        added = true;
                    }
                }
                via.clear();
                start = Some((r, p));
            }
            if added {
                road_ways += 1;
            }
        }
        for w in &ways {
            let kinds = Self::corridor_kinds(w);
            if kinds == 0 {
                continue;
            }
            let points: Vec<MicroPoint> = w
                .refs
                .iter()
                .filter_map(|r| self.nodes.get(r).copied())
                .collect();
            if points.is_empty() {
                continue;
            }
            let area = kinds & CorridorKind::Aerodrome.bit() != 0
                && points.len() >= 4
                && points.first() == points.last();
            b.add_corridor(CorridorFeature {
                kinds,
                name: w.tag("name").or(w.tag("ref")).unwrap_or("").to_string(),
                points,
                area,
            });
        }
        for (p, name) in std::mem::take(&mut self.aerodromes) {
            b.add_corridor(CorridorFeature {
                kinds: CorridorKind::Aerodrome.bit(),
                name,
                points: vec![MicroPoint::from_lonlat(p)],
                area: false,
            });
        }
        if self.dropped_issues > 0 {
            let n = self.dropped_issues;
            self.issues.push(
                Issue::warning(
                    "W_OSM_MORE",
                    format!("另有 {n} 条类似问题未逐条列出"),
                    "见上方同类问题",
                )
                .in_file(self.file.clone()),
            );
        }
        let report = RoadImportReport {
            file: self.file.clone(),
            format: self.format.to_string(),
            items: self.items,
            road_ways,
            issues: std::mem::take(&mut self.issues),
            ..Default::default()
        };
        finish(b.build(), report)
    }
}

fn node_id(
    b: &mut GraphBuilder,
    ids: &mut HashMap<i64, NodeId>,
    osm: i64,
    p: MicroPoint,
) -> Option<NodeId> {
    if let Some(&n) = ids.get(&osm) {
        return Some(n);
    }
    let n = b.add_node(p.lonlat()).ok()?;
    ids.insert(osm, n);
    Some(n)
}
