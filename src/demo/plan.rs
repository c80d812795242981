//! A demo plan for trying the exports before a solver exists: the enterprises nearest to a
//! station, split into routes by direction and visited in **nearest-neighbour order** from the
//! station and back. This is a demonstration ordering, not an optimised route: the document's
//! kind is `demo` and every route's note says so. Distances are straight lines × the detour
//! factor ([`StraightLine`]).

use crate::geodesy::bearing_deg;
use crate::layers::Layers;
use crate::model::{LonLat, PlanDocument, RouteSheet, SheetStop, StraightLine, TravelCost};

/// Settings of the demo plan.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoPlanSettings {
    /// Station code (the depot).
    pub station: String,
    /// Number of routes.
    pub routes: usize,
    /// Enterprises per route.
    pub stops_per_route: usize,
    /// Date `YYYY-MM-DD`.
    pub date: String,
    /// Start time, minutes after midnight.
    pub start_min: u32,
    /// Driving speed, km/h.
    pub speed_kmh: f64,
    /// Time at each enterprise, seconds.
    pub service_s: f64,
}

impl Default for DemoPlanSettings {
    fn default() -> Self {
        DemoPlanSettings {
            station: "1161A".into(),
            routes: 2,
            stops_per_route: 12,
            date: "2026-06-03".into(),
            start_min: 8 * 60 + 30,
            speed_kmh: 30.0,
            service_s: 15.0 * 60.0,
        }
    }
}

/// Builds the demo plan from the layers; `None` when the station is unknown or has no
/// enterprises around it.
pub fn demo_plan(layers: &Layers, s: &DemoPlanSettings) -> Option<PlanDocument> {
    let station = layers.station(&s.station)?;
    let depot = station.location;
    let want = s.routes.max(1) * s.stops_per_route.max(1);
    let hits = layers.sources.index().nearest(depot, want);
    let mut sites: Vec<(f64, usize)> = hits
        .iter()
        .filter_map(|h| {
            let src = layers.sources.items().get(h.index as usize)?;
            Some((bearing_deg(depot, src.location), h.index as usize))
        })
        .collect();
    if sites.is_empty() {
        return None;
    }
    // split by direction into equal groups, so that routes do not cross
    sites.sort_by(|a, b| a.0.total_cmp(&b.0));
    let per = sites.len().div_ceil(s.routes.max(1));
    let mut doc = PlanDocument::new("demo", &format!("{} 演示计划（最近邻顺序）", s.date));
    for (ri, group) in sites.chunks(per.max(1)).enumerate() {
        let mut order: Vec<usize> = Vec::new();
        let mut left: Vec<usize> = group.iter().map(|g| g.1).collect();
        let mut here = depot;
        while !left.is_empty() {
            let (k, _) = left
                .iter()
                .enumerate()
                .fold((0, f64::INFINITY), |best, (k, &i)| {
                    let d = layers.sources.items().get(i).map_or(f64::INFINITY, |x| {
                        crate::geodesy::haversine_m(here, x.location)
                    });
                    if d < best.1 {
                        (k, d)
                    } else {
                        best
                    }
                });
            let i = left.swap_remove(k);
            if let Some(x) = layers.sources.items().get(i) {
                here = x.location;
            }
            order.push(i);
        }
        let mut points = vec![depot];
        let mut stops = vec![depot_stop(station.code.as_str(), &station.name, depot)];
        for &i in &order {
            if let Some(x) = layers.sources.items().get(i) {
                points.push(x.location);
                stops.push(SheetStop {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    location: x.location,
                    kind: "visit".into(),
                    arrival: None,
                    departure: None,
                    service_s: s.service_s,
                    note: format!("{} · {}", x.industry, x.district),
                });
            }
        }
        points.push(depot);
        stops.push(depot_stop(station.code.as_str(), &station.name, depot));
        let cost = StraightLine::new(points, s.speed_kmh);
        let mut t = f64::from(s.start_min) * 60.0;
        let mut distance = 0.0;
        for k in 0..stops.len() {
            if k > 0 {
                distance += cost.distance_m(k - 1, k);
                t += cost.duration_s(k - 1, k);
            }
            if let Some(stop) = stops.get_mut(k) {
                stop.arrival = (k > 0).then(|| clock(t));
                let leave = t + if k > 0 && k + 1 < cost.len() {
                    stop.service_s
                } else {
                    0.0
                };
                stop.departure = (k + 1 < cost.len()).then(|| clock(leave));
                t = leave;
            }
        }
        doc.routes.push(RouteSheet {
            id: format!("demo-{}", ri + 1),
            name: format!("演示路线 {}（{} 出发）", ri + 1, station.name),
            team: format!("演示车辆 {}", ri + 1),
            date: Some(s.date.clone()),
            stops,
            geometry: Vec::new(),
            along_roads: false,
            distance_m: distance,
            duration_s: t - f64::from(s.start_min) * 60.0,
            measured_m: None,
        });
    }
    Some(doc)
}

fn depot_stop(code: &str, name: &str, at: LonLat) -> SheetStop {
    SheetStop {
        id: code.to_string(),
        name: format!("{name}（国控点）"),
        location: at,
        kind: "depot".into(),
        arrival: None,
        departure: None,
        service_s: 0.0,
        note: "演示：最近邻顺序，非优化结果".into(),
    }
}

/// Seconds after midnight as `HH:MM` (wrapping past midnight is shown as `24:10` etc.).
fn clock(t: f64) -> String {
    let m = (t / 60.0).round().max(0.0) as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic)]
    fn demo_plan_visits_each_enterprise_once_from_the_station() {
        let (layers, _) = crate::embedded::suzhou_layers();
        let Some(doc) = demo_plan(&layers, &DemoPlanSettings::default()) else {
            panic!("no demo plan around 1161A");
        };
        assert_eq!(doc.routes.len(), 2);
        let mut ids: Vec<&str> = doc
            .routes
            .iter()
            .flat_map(|r| {
                r.stops
                    .iter()
                    .filter(|s| s.kind == "visit")
                    .map(|s| s.id.as_str())
            })
            .collect();
        assert_eq!(ids.len(), 24);
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 24);
        for r in &doc.routes {
            assert_eq!(r.stops.first().map(|s| s.kind.as_str()), Some("depot"));
            assert_eq!(r.stops.last().map(|s| s.kind.as_str()), Some("depot"));
            assert!(r.distance_m > 0.0 && r.duration_s > 0.0);
        }
        assert!(crate::io::validate_plan(&doc).is_empty());
    }
}
