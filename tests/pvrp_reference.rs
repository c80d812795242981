//! The periodic checker against an outside reference: Cordeau's own 1995–96 solutions of the
//! PVRP instances (`../shared/bench/pvrp/cordeau1997_solutions/*.res`: line 1 the cost, then
//! `day vehicle duration load 0 c₁ c₂ … 0` per route). Every one must be feasible under
//! [`check_periodic`] on the file read by [`cordeau::read`], with the printed cost, and each
//! route's printed duration (travel + service) and load.
//!
//! p01.res leaves out customer 51, which sits on the depot with demand = Q and a single allowed
//! day: it is added here as a zero-length route of its own on that day (and only a customer of
//! that kind may be missing).

mod common;

use zouhang::formats::cordeau::{self, PeriodicInstance};
use zouhang::formats::PlaneCost;
use zouhang::model::TravelCost;
use zouhang::solver::periodic::{check_periodic, DayRoutes, PeriodicSolution};
use zouhang::solver::{Route, Step, Summary, TaskKind};

const NAMES: [&str; 7] = ["p01", "p02", "p03", "p04", "p05", "pr01", "pr02"];

/// One route of a `.res` file: day (0-based), vehicle number (1-based), printed duration and
/// load, customers in the file's numbers.
struct ResRoute {
    day: usize,
    vehicle: usize,
    duration: f64,
    load: f64,
    customers: Vec<u64>,
}

fn read_res(text: &str) -> (f64, Vec<ResRoute>) {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let cost: f64 = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("line 1: cost");
    let routes = lines
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert!(f.len() >= 6, "route line too short: {l}");
            let stops: Vec<u64> = f[4..].iter().map(|w| w.parse().expect(l)).collect();
            assert!(
                stops.first() == Some(&0) && stops.last() == Some(&0),
                "route not closed at the depot: {l}"
            );
            ResRoute {
                day: f[0].parse::<usize>().expect(l) - 1,
                vehicle: f[1].parse().expect(l),
                duration: f[2].parse().expect(l),
                load: f[3].parse().expect(l),
                customers: stops[1..stops.len() - 1].to_vec(),
            }
        })
        .collect();
    (cost, routes)
}

/// The route of `tasks` on day `day` with vehicle `vehicle` (base index), scheduled as the
/// solver reports routes without time windows: leave at the day's start, serve on arrival.
fn route(
    inst: &PeriodicInstance,
    plane: &PlaneCost,
    day: usize,
    vehicle: usize,
    tasks: &[usize],
) -> Route {
    let p = &inst.problem.base;
    let depot = 0;
    let start = p.vehicles[vehicle].shift.shifted_days(day as i32).start_s;
    let (mut t, mut dist, mut at, mut load) = (start, 0.0, depot, 0i64);
    let mut steps = Vec::new();
    for &k in tasks {
        let task = &p.tasks[k];
        let TaskKind::Visit { location: loc } = task.kind else {
            panic!("a PVRP task is a visit");
        };
        t += plane.duration_s(at, loc);
        dist += plane.distance_m(at, loc);
        load += task.demand[0];
        steps.push(Step {
            task: k,
            reversed: false,
            arrival_s: t,
            start_s: t,
            departure_s: t + task.service_s,
            distance_m: dist,
            load: vec![load],
        });
        t += task.service_s;
        at = loc;
    }
    t += plane.duration_s(at, depot);
    dist += plane.distance_m(at, depot);
    Route {
        vehicle,
        steps,
        start_s: start,
        end_s: t,
        distance_m: dist,
        duration_s: t - start,
        load: vec![load],
        cost: dist,
    }
}

#[test]
fn cordeau_solutions_are_feasible_with_their_printed_cost() {
    let mut checked = 0;
    for name in NAMES {
        let (Some(file), Some(res)) = (
            common::shared_file(&format!("bench/pvrp/{name}.txt")),
            common::shared_file(&format!("bench/pvrp/cordeau1997_solutions/{name}.res")),
        ) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        let inst = cordeau::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(inst.warnings.is_empty(), "{name}: {:?}", inst.warnings);
        let p = &inst.problem;
        // the instance's own coordinates, for the schedule (the checker recomputes on its own)
        let points: Vec<(f64, f64)> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .skip(1 + p.days)
            .map(|l| {
                let f: Vec<f64> = l.split_whitespace().map(|w| w.parse().expect(l)).collect();
                (f[1], f[2])
            })
            .collect();
        let plane = PlaneCost::new(points, zouhang::formats::Metric::Euclidean);
        let (printed, res_routes) = read_res(&std::fs::read_to_string(res).expect("readable"));
        let index = |c: u64| {
            inst.task_ids
                .iter()
                .position(|&i| i == c)
                .unwrap_or_else(|| panic!("{name}: customer {c} not in the file"))
        };
        // vehicle number v on day d = the v-th base vehicle working on day d
        let working = |d: usize| -> Vec<usize> {
            (0..p.base.vehicles.len())
                .filter(|&v| p.vehicle_days[v] >> d & 1 == 1)
                .collect()
        };
        let mut days: Vec<DayRoutes> = (0..p.days)
            .map(|day| DayRoutes {
                day,
                routes: Vec::new(),
            })
            .collect();
        let mut visit_days = vec![0u64; p.base.tasks.len()];
        for r in &res_routes {
            let vehicle = *working(r.day)
                .get(r.vehicle - 1)
                .unwrap_or_else(|| panic!("{name}: vehicle {} on day {}", r.vehicle, r.day + 1));
            let tasks: Vec<usize> = r.customers.iter().map(|&c| index(c)).collect();
            let route = route(&inst, &plane, r.day, vehicle, &tasks);
            // the printed route figures: duration = travel + service, and load
            assert!(
                (route.duration_s - r.duration).abs() <= 0.01,
                "{name} day {} vehicle {}: duration {} printed {}",
                r.day + 1,
                r.vehicle,
                route.duration_s,
                r.duration
            );
            assert_eq!(route.load[0] as f64, r.load, "{name}: load");
            for &t in &tasks {
                visit_days[t] |= 1 << r.day;
            }
            days[r.day].routes.push(route);
        }
        // customers the file leaves out: only one on the depot with a single allowed day
        let missing: Vec<usize> = (0..visit_days.len())
            .filter(|&t| visit_days[t] == 0)
            .collect();
        for t in missing {
            let task = &p.base.tasks[t];
            let TaskKind::Visit { location } = task.kind else {
                panic!("a PVRP task is a visit");
            };
            assert_eq!(
                plane.distance_m(0, location),
                0.0,
                "{name}: task {t} missing"
            );
            let zouhang::solver::periodic::VisitRule::Combinations(c) = &p.rules[t] else {
                panic!("{name}: rule");
            };
            assert!(
                c.len() == 1 && c[0].count_ones() == 1,
                "{name}: task {t} missing"
            );
            let d = c[0].trailing_zeros() as usize;
            let used: Vec<usize> = days[d].routes.iter().map(|r| r.vehicle).collect();
            let free = working(d)
                .into_iter()
                .find(|v| !used.contains(v))
                .unwrap_or_else(|| panic!("{name}: no vehicle left on day {}", d + 1));
            days[d].routes.push(route(&inst, &plane, d, free, &[t]));
            visit_days[t] = 1 << d;
            assert_eq!(
                (name, inst.task_ids[t]),
                ("p01", 51),
                "only p01's customer 51"
            );
        }
        let mut summary = Summary::default();
        for r in days.iter().flat_map(|d| &d.routes) {
            summary.cost += r.cost;
            summary.distance_m += r.distance_m;
            summary.duration_s += r.duration_s;
            summary.vehicles += 1;
        }
        summary.served = visit_days.iter().map(|m| m.count_ones() as usize).sum();
        let sol = PeriodicSolution {
            days,
            visit_days,
            summary,
            ..Default::default()
        };
        let rep = check_periodic(p, &sol);
        assert!(rep.feasible, "{name}: {:?}", rep.violations);
        assert!(
            (rep.cost - printed).abs() <= 0.01,
            "{name}: checker cost {} printed {printed}",
            rep.cost
        );
        eprintln!("{name}: feasible, cost {:.4} (printed {printed})", rep.cost);
        checked += 1;

        // and the checker is not blind: one customer moved to a day it does not allow fails
        let mut broken = sol.clone();
        let mut worse = sol.clone();
        if let Some(r) = worse.days[0].routes.first_mut() {
            r.steps.pop();
        }
        assert!(
            !check_periodic(p, &worse).feasible,
            "{name}: a dropped visit passes"
        );
        broken.summary.cost += 1.0;
        assert!(
            !check_periodic(p, &broken).feasible,
            "{name}: a wrong total passes"
        );
    }
    eprintln!("{checked} Cordeau solutions checked");
}
