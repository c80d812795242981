//! From the solver's routes to the month's runs: stops, times, measured and transit
//! kilometres, the driven path along roads, what the month covered, and the route sheets.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::build::{Prepared, TaskRef, DAY_S};
use super::calendar::{parse_date, weekday_label, YearMonth};
use super::network::append_leg;
use super::rules::MonthRules;
use super::schedule::{Schedule, ScheduledRun};
use super::targets::{MonthTargets, TargetKind};
use super::types::{Coverage, MonthRequest, PlannedRun, RunStop};
use crate::model::{LonLat, PlanDocument, RouteSheet, SheetStop};
use crate::roads::RoadNetwork;
use crate::solver::Solution;

/// The runs of the month and what they reached.
pub(super) struct Assembled {
    /// Runs in the schedule's order.
    pub runs: Vec<PlannedRun>,
    /// Dates each VOCs target (by index) is visited.
    pub visits: BTreeMap<usize, Vec<chrono::NaiveDate>>,
    /// Whether each required road (by index) is driven.
    pub covered_roads: Vec<bool>,
}

/// One run per scheduled run: the solver's route (if any) with stops, times, kilometres and the
/// path along roads; a run without a route stays on the calendar, empty, with a note.
pub(super) fn assemble(
    network: &RoadNetwork,
    req: &MonthRequest,
    sched: &Schedule,
    prep: &Prepared,
    solution: Option<&Solution>,
    notes: &mut Vec<String>,
) -> Assembled {
    let rules = &req.rules;
    let first = req.month.first();
    let shift_start = shift_start_s(rules);
    let transit_mps = rules.transit_kmh / 3.6;
    let depot = prep.depot;
    let mut runs = Vec::new();
    let mut visits: BTreeMap<usize, Vec<chrono::NaiveDate>> = BTreeMap::new();
    let mut covered_roads = vec![false; prep.roads.len()];
    for (vi, srun) in sched.runs.iter().enumerate() {
        let route = solution.and_then(|s| s.routes.iter().find(|r| r.vehicle == vi));
        let mut stops = vec![depot_stop(&req.targets, depot, route.map(|r| r.start_s))];
        let mut geometry: Vec<[f64; 2]> = Vec::new();
        let mut measured_m = 0.0;
        let mut at = depot;
        if let Some(route) = route {
            for step in &route.steps {
                let Some(task_ref) = prep.refs.get(step.task) else {
                    continue;
                };
                let (entry, exit, leg_measured, leg_geom, stop) = match task_ref {
                    TaskRef::Target { target } => {
                        let t = &req.targets.vocs[*target];
                        visits.entry(*target).or_default().push(srun.date);
                        let lp = prep.loops[*target].as_ref();
                        let entry = lp.map_or(t.location(), |l| l.entry);
                        let measured = lp.map_or(0.0, |l| l.length_m);
                        let geom = lp.map(|l| l.geometry.clone()).unwrap_or_default();
                        let stop = RunStop {
                            id: t.id.clone(),
                            name: t.name.clone(),
                            kind: kind_key(t.kind).into(),
                            lon: entry.lon,
                            lat: entry.lat,
                            arrival: clock(step.start_s),
                            measured_km: km(measured),
                        };
                        (entry, entry, measured, geom, stop)
                    }
                    TaskRef::Road { road } => {
                        let r = &prep.roads[*road];
                        covered_roads[*road] = true;
                        let (a, b) = if step.reversed {
                            (r.to, r.from)
                        } else {
                            (r.from, r.to)
                        };
                        let mut geom = r.geometry.clone();
                        if step.reversed {
                            geom.reverse();
                        }
                        let stop = RunStop {
                            id: format!("ROAD-{}", r.edge),
                            name: r.name.clone(),
                            kind: "road".into(),
                            lon: a.lon,
                            lat: a.lat,
                            arrival: clock(step.start_s),
                            measured_km: km(r.length_m),
                        };
                        (a, b, r.length_m, geom, stop)
                    }
                };
                append_leg(network, &mut geometry, at, entry);
                geometry.extend(leg_geom);
                measured_m += leg_measured;
                at = exit;
                stops.push(stop);
            }
            append_leg(network, &mut geometry, at, depot);
        }
        let distance_m = route.map_or(0.0, |r| r.distance_m);
        let duration_s = route.map_or(0.0, |r| r.duration_s);
        let measure_kmh = rules.rule(srun.run_type).measure_kmh;
        let measure_s = measured_m / (measure_kmh / 3.6);
        let mut end = depot_stop(&req.targets, depot, route.map(|r| r.end_s));
        end.id = "depot-end".into();
        stops.push(end);
        if route.is_none() {
            notes.push(format!(
                "{} {} {}：没有可安排的目标（目标都已由其他走航覆盖，或都不在路网上）",
                srun.run_type.label(),
                srun.date.format("%m-%d"),
                srun.vehicle
            ));
        }
        runs.push(PlannedRun {
            id: format!(
                "{}-{}-{}",
                srun.run_type.key(),
                srun.date.format("%m%d"),
                srun.vehicle
            ),
            run_type: srun.run_type,
            type_label: srun.run_type.label().into(),
            date: srun.date.format("%Y-%m-%d").to_string(),
            weekday: weekday_label(srun.date).into(),
            vehicle: srun.vehicle.clone(),
            vehicle_name: vehicle_name(rules, &srun.vehicle),
            reason: srun.reason,
            measured_km: km(measured_m),
            transit_km: km((distance_m - measured_m).max(0.0)),
            distance_km: km(distance_m),
            duration_s: duration_s.round(),
            measure_s: measure_s.round(),
            transit_s: ((distance_m - measured_m).max(0.0) / transit_mps).round(),
            start: route.map_or_else(
                || clock(shift_of(srun, first, shift_start)),
                |r| clock(r.start_s),
            ),
            end: route.map_or_else(
                || clock(shift_of(srun, first, shift_start)),
                |r| clock(r.end_s),
            ),
            stops,
            geometry,
        });
    }
    Assembled {
        runs,
        visits,
        covered_roads,
    }
}

/// What the month reached: targets visited (and why the others were not), roads covered.
pub(super) fn coverage(targets: &MonthTargets, prep: &Prepared, done: &Assembled) -> Coverage {
    let roads = &prep.roads;
    let mut coverage = Coverage {
        vocs_total: targets.vocs.len(),
        vocs_visited: done.visits.len(),
        roads_total: roads.len(),
        roads_covered: done.covered_roads.iter().filter(|c| **c).count(),
        roads_total_km: km(roads.iter().map(|r| r.length_m).sum()),
        roads_covered_km: km(roads
            .iter()
            .zip(&done.covered_roads)
            .filter(|(_, c)| **c)
            .map(|(r, _)| r.length_m)
            .sum()),
        vocs_missed: Vec::new(),
    };
    for (i, t) in targets.vocs.iter().enumerate() {
        if !done.visits.contains_key(&i) {
            let why = if !prep.reachable[prep.target_loc[i]] {
                "附近没有连通的道路"
            } else {
                "本月班次时间不足，优先安排了权重更高或更近的目标"
            };
            coverage
                .vocs_missed
                .push([t.id.clone(), t.name.clone(), why.into()]);
        }
    }
    coverage
}

/// The shift start of the rules, seconds after midnight (08:30 when unreadable).
pub(super) fn shift_start_s(rules: &MonthRules) -> f64 {
    super::rules::parse_hhmm(&rules.shift_start).unwrap_or(8.5 * 3600.0)
}

fn shift_of(run: &ScheduledRun, first: chrono::NaiveDate, shift_start: f64) -> f64 {
    (run.date - first).num_days() as f64 * DAY_S + shift_start
}

fn kind_key(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Park => "park",
        TargetKind::Cluster => "cluster",
        TargetKind::Enterprise => "enterprise",
        TargetKind::Station => "station",
        TargetKind::Grid => "grid",
    }
}

fn vehicle_name(rules: &MonthRules, id: &str) -> String {
    rules
        .vehicles
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_string(), |v| v.name.clone())
}

fn depot_stop(targets: &MonthTargets, depot: LonLat, at: Option<f64>) -> RunStop {
    RunStop {
        id: "depot".into(),
        name: targets.depot.name.clone(),
        kind: "depot".into(),
        lon: depot.lon,
        lat: depot.lat,
        arrival: at.map(clock).unwrap_or_default(),
        measured_km: 0.0,
    }
}

/// Metres → kilometres rounded to 10 m.
pub(super) fn km(m: f64) -> f64 {
    (m / 10.0).round() / 100.0
}

/// Seconds on the month's time axis → `HH:MM` of its day.
fn clock(s: f64) -> String {
    let t = (s.rem_euclid(DAY_S) / 60.0).round() as i64;
    format!("{:02}:{:02}", (t / 60) % 24, t % 60)
}

/// The plan as route sheets for the exports.
pub(super) fn plan_document(month: YearMonth, runs: &[PlannedRun]) -> PlanDocument {
    let mut doc = PlanDocument::new("month", &format!("{} 走航计划", month.label()));
    for r in runs {
        let date = parse_date(&r.date);
        doc.routes.push(RouteSheet {
            id: r.id.clone(),
            name: format!(
                "{} · {}月{}日 · {}",
                r.type_label,
                date.map_or(0, |d| d.month()),
                date.map_or(0, |d| d.day()),
                r.vehicle_name
            ),
            team: r.vehicle_name.clone(),
            date: Some(r.date.clone()),
            stops: r
                .stops
                .iter()
                .map(|s| SheetStop {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    location: LonLat::new(s.lon, s.lat),
                    kind: if s.kind == "depot" {
                        "depot".into()
                    } else {
                        "visit".into()
                    },
                    arrival: (!s.arrival.is_empty()).then(|| s.arrival.clone()),
                    departure: None,
                    service_s: 0.0,
                    note: if s.measured_km > 0.0 {
                        format!("走航 {:.1} km", s.measured_km)
                    } else {
                        String::new()
                    },
                })
                .collect(),
            geometry: r.geometry.iter().map(|p| LonLat::new(p[0], p[1])).collect(),
            along_roads: true,
            distance_m: r.distance_km * 1000.0,
            duration_s: r.duration_s,
            measured_m: Some(r.measured_km * 1000.0),
        });
    }
    doc
}
