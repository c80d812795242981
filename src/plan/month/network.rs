//! The month's targets on the road network: the loops driven around parks and clusters, the
//! required road segments of the dust runs, and legs joined along roads for the map.

use super::targets::{MonthTargets, TargetKind};
use crate::geodesy::{bearing_deg, destination, haversine_m};
use crate::layers::Layers;
use crate::model::LonLat;
use crate::roads::{Metric, RoadNetwork, SnapOptions};

/// A closed loop around a park or cluster, driven as one arc task.
pub(super) struct Loop {
    pub(super) entry: LonLat,
    pub(super) length_m: f64,
    pub(super) geometry: Vec<[f64; 2]>,
}

/// A required road segment of the dust runs.
pub(super) struct Road {
    pub(super) edge: u32,
    pub(super) name: String,
    pub(super) from: LonLat,
    pub(super) to: LonLat,
    pub(super) length_m: f64,
    pub(super) one_way: bool,
    pub(super) geometry: Vec<[f64; 2]>,
}

/// The demo targets of the embedded data, keeping what lies within 1 km of the network's main
/// component.
pub fn demo_targets_on(network: &RoadNetwork, layers: &Layers) -> MonthTargets {
    let opts = SnapOptions {
        max_distance_m: 1000.0,
        main_component_only: true,
    };
    super::targets::demo_targets(layers, &|p| network.snap(p, &opts).is_ok())
}

/// Appends the road path from `from` to `to` (a straight segment when there is none).
pub(super) fn append_leg(
    network: &RoadNetwork,
    geometry: &mut Vec<[f64; 2]>,
    from: LonLat,
    to: LonLat,
) {
    if haversine_m(from, to) < 1.0 {
        return;
    }
    match network.route(from, to, Metric::Distance, &SnapOptions::default()) {
        Ok(r) => geometry.extend(r.geometry),
        Err(_) => {
            geometry.push([from.lon, from.lat]);
            geometry.push([to.lon, to.lat]);
        }
    }
}

/// The loop driven around a park or cluster: eight waypoints on a circle of `radius_m` snapped
/// to roads near the circle, plus (parks) a downwind pass at 1.5 radii, joined along roads.
pub(super) fn target_loop(
    network: &RoadNetwork,
    center: LonLat,
    radius_m: f64,
    kind: TargetKind,
    wind_from_deg: f64,
) -> Option<Loop> {
    let opts = SnapOptions {
        max_distance_m: radius_m.max(500.0),
        main_component_only: true,
    };
    let mut bearings: Vec<(f64, f64)> = (0..8).map(|k| (f64::from(k) * 45.0, radius_m)).collect();
    if kind == TargetKind::Park {
        let downwind = (wind_from_deg + 180.0).rem_euclid(360.0);
        bearings.push((downwind, radius_m * 1.5));
        bearings.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let mut way: Vec<LonLat> = Vec::new();
    for (b, r) in bearings {
        let p = destination(center, b, r);
        if let Ok(s) = network.snap(p, &opts) {
            let q = s.position;
            if way.last().is_none_or(|l| haversine_m(*l, q) > 100.0) {
                way.push(q);
            }
        }
    }
    if way.len() > 2
        && way
            .first()
            .zip(way.last())
            .is_some_and(|(a, b)| haversine_m(*a, *b) <= 100.0)
    {
        way.pop();
    }
    if way.len() < 3 {
        return None;
    }
    let mut geometry = Vec::new();
    let mut length_m = 0.0;
    for k in 0..way.len() {
        let (a, b) = (way[k], way[(k + 1) % way.len()]);
        let r = network.route(a, b, Metric::Distance, &opts).ok()?;
        length_m += r.distance_m;
        geometry.extend(r.geometry);
    }
    // A loop far longer than the circle means the roads do not ring the target.
    let circle = 2.0 * std::f64::consts::PI * radius_m;
    if length_m > 6.0 * circle {
        return None;
    }
    Some(Loop {
        entry: way[0],
        length_m,
        geometry,
    })
}

/// Road segments the dust runs must cover: near listed site categories or with a listed name,
/// inside the area, most sites nearby first, until the length cap.
pub(super) fn required_roads(
    network: &RoadNetwork,
    layers: &Layers,
    targets: &MonthTargets,
    notes: &mut Vec<String>,
) -> Vec<Road> {
    let spec = &targets.road_dust;
    let graph = network.graph();
    let sources = layers.sources.items();
    let index = layers.sources.index();
    let is_site = |i: u32| {
        sources.get(i as usize).is_some_and(|s| {
            spec.site_categories
                .iter()
                .any(|c| *c == s.industry || *c == s.category.label())
        })
    };
    let inside = |p: LonLat| {
        spec.bbox
            .is_none_or(|b| p.lon >= b[0] && p.lat >= b[1] && p.lon <= b[2] && p.lat <= b[3])
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut cands: Vec<(usize, Road)> = Vec::new();
    for (e, edge) in graph.edges().iter().enumerate() {
        let key = (edge.from.min(edge.to), edge.from.max(edge.to));
        if edge.from == edge.to || !seen.insert(key) {
            continue;
        }
        let line = graph.edge_polyline(e as u32);
        let (Some(a), Some(b)) = (line.first().copied(), line.last().copied()) else {
            continue;
        };
        if !inside(a) || !inside(b) {
            continue;
        }
        let name = graph.edge_name(e as u32).unwrap_or("").to_string();
        let named = (!name.is_empty() && spec.named_roads.contains(&name))
            || spec
                .classes
                .iter()
                .any(|c| c == edge.class.osm_name() || c == edge.class.name_zh());
        let sites = if spec.site_categories.is_empty() || spec.near_site_m <= 0.0 {
            0
        } else {
            index
                .near_polyline(&line, spec.near_site_m)
                .iter()
                .filter(|h| is_site(h.index))
                .count()
        };
        if !named && sites == 0 {
            continue;
        }
        let length_m = f64::from(edge.length_dm) / 10.0;
        if length_m < 1.0 {
            continue;
        }
        let label = if name.is_empty() {
            format!(
                "{}（{}）",
                edge.class.name_zh(),
                crate::geodesy::direction_8(bearing_deg(a, b))
            )
        } else {
            name
        };
        cands.push((
            if named { usize::MAX } else { sites },
            Road {
                edge: e as u32,
                name: label,
                from: a,
                to: b,
                length_m,
                one_way: edge.oneway,
                geometry: line.iter().map(|p| [p.lon, p.lat]).collect(),
            },
        ));
    }
    cands.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.edge.cmp(&y.1.edge)));
    let cap = spec.max_total_km * 1000.0;
    let mut total = 0.0;
    let mut out = Vec::new();
    let mut dropped = 0usize;
    for (_, r) in cands {
        if total + r.length_m > cap && !out.is_empty() {
            dropped += 1;
            continue;
        }
        total += r.length_m;
        out.push(r);
    }
    if dropped > 0 {
        notes.push(format!(
            "积尘走航：另有 {dropped} 段工地周边道路超出总长上限 {:.0} km，本月未列入（可在目标设置中调高上限）",
            spec.max_total_km
        ));
    }
    out
}
