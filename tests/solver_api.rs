//! The JSON facade the browser uses: night shifts with early-morning windows, locks kept when
//! re-optimising, every input problem reported at once, the anytime session.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use zouhang::solver::api::{solve_request, validate_request, Session, SolveRequest};

fn request(v: serde_json::Value) -> SolveRequest {
    serde_json::from_value(v).unwrap()
}

/// Twelve stops on a ring around a base near Suzhou's 1161A station.
fn ring(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            json!({"id": format!("S{i}"), "lon": 120.60 + 0.05 * a.cos(), "lat": 31.30 + 0.04 * a.sin(),
                   "service_s": 600})
        })
        .collect()
}

#[test]
fn night_shift_serves_early_morning_windows() {
    let mut stops = ring(6);
    stops[0]["windows"] = json!([["02:00", "03:30"]]);
    stops[1]["windows"] = json!([["22:00", "01:00"]]);
    let req = request(json!({
        "stops": stops,
        "vehicles": [{"id": "夜班", "start": {"lon": 120.60, "lat": 31.30}, "shift": ["20:00", "04:00"]}],
        "options": {"iterations": 400, "seed": 2}
    }));
    let res = solve_request(&req).unwrap();
    assert!(res.check.feasible, "{:?}", res.check.violations);
    assert!(res.unassigned.is_empty());
    let r = &res.routes[0];
    let s0 = r.stops.iter().find(|s| s.id == "S0").unwrap();
    assert!(
        (26.0 * 3600.0..=27.5 * 3600.0).contains(&s0.start_s),
        "S0 at {} ({})",
        s0.start_s,
        s0.arrival
    );
    assert!(r.start_s >= 20.0 * 3600.0 && r.end_s <= 28.0 * 3600.0);
}

#[test]
fn locked_stops_stay_when_reoptimising() {
    let stops = ring(12);
    let base = json!({"lon": 120.60, "lat": 31.30});
    // a deliberately bad plan: stops dealt alternately to two teams; S0 and S6 are held by team
    // B in that order, S3 is held by team A anywhere in its route
    let req = request(json!({
        "stops": stops,
        "vehicles": [{"id": "A", "start": base, "shift": ["08:00", "18:00"]},
                     {"id": "B", "start": base, "shift": ["08:00", "18:00"]}],
        "options": {"iterations": 1500, "seed": 4},
        "initial_routes": [
            {"vehicle": "A", "stops": ["S1", {"id": "S3", "lock": "route"}, "S5", "S7", "S9", "S11"]},
            {"vehicle": "B", "stops": [{"id": "S6", "lock": "position"}, "S2", "S4",
                                        {"id": "S0", "lock": "position"}, "S8", "S10"]}
        ]
    }));
    let res = solve_request(&req).unwrap();
    assert!(res.check.feasible, "{:?}", res.check.violations);
    let ids = |v: &str| -> Vec<String> {
        res.routes
            .iter()
            .find(|r| r.vehicle == v)
            .map(|r| r.stops.iter().map(|s| s.id.clone()).collect())
            .unwrap_or_default()
    };
    let (a, b) = (ids("A"), ids("B"));
    assert!(a.contains(&"S3".to_string()), "route lock: {a:?}");
    let p6 = b.iter().position(|s| s == "S6").expect("S6 stays on B");
    let p0 = b.iter().position(|s| s == "S0").expect("S0 stays on B");
    assert!(p6 < p0, "position locks keep their order: {b:?}");
    // free stops did move: the alternating plan is far from good
    let unlocked_cost = solve_request(&request(json!({
        "stops": ring(12),
        "vehicles": [{"id": "A", "start": base, "shift": ["08:00", "18:00"]},
                     {"id": "B", "start": base, "shift": ["08:00", "18:00"]}],
        "options": {"iterations": 1500, "seed": 4}
    })))
    .unwrap()
    .summary
    .cost;
    assert!(
        res.summary.cost >= unlocked_cost - 1e-6,
        "locks cannot beat the free optimum"
    );
}

#[test]
fn every_input_problem_is_reported_at_once() {
    let req = request(json!({
        "stops": [{"id": "A", "lon": 200.0, "lat": 31.3},
                  {"id": "A", "lon": 120.6, "lat": 31.3, "windows": [["25:00", "26:00"]]},
                  {"id": "C", "lon": 120.6, "lat": 31.3, "vehicles": ["nobody"]}],
        "vehicles": [{"id": "V", "start": {"lon": 120.6, "lat": 91.0}, "shift": ["8点", "17:00"],
                      "speed_kmh": -5}],
        "initial_routes": [{"vehicle": "W", "stops": ["Z"]}]
    }));
    let issues = validate_request(&req);
    let codes: Vec<&str> = issues.iter().map(|i| i.code.as_str()).collect();
    for code in [
        "E_API_COORD",
        "E_API_ID",
        "E_API_CLOCK",
        "E_API_UNKNOWN",
        "E_VEHICLE_SPEED",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(issues
        .iter()
        .all(|i| !i.message.is_empty() && !i.action.is_empty()));
    assert!(Session::new(&req).is_err());
}

#[test]
fn session_is_anytime_and_cancellable() {
    let req = request(json!({
        "stops": ring(30),
        "vehicles": [{"id": "A", "start": {"lon": 120.60, "lat": 31.30}, "shift": ["08:00", "18:00"]},
                     {"id": "B", "start": {"lon": 120.61, "lat": 31.31}, "end": {"lon": 120.55, "lat": 31.28},
                      "shift": ["09:00", "17:00"], "max_distance_m": 60000}],
        "options": {"time_limit_ms": 60000}
    }));
    let mut s = Session::new(&req).unwrap();
    let before = s.best().summary.cost;
    let p = s.step_iterations(300);
    assert!(!p.done && p.fraction < 1.0);
    s.cancel();
    assert!(s.progress().done);
    let best = s.best();
    assert!(best.check.routes_valid, "{:?}", best.check.violations);
    assert!(best.summary.cost <= before + 1e-6);
    assert!(!best.history.is_empty());
    let json = serde_json::to_value(&best).unwrap();
    for key in ["routes", "unassigned", "summary", "check", "history"] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

/// With a road matrix (here: every leg twice the straight-line estimate), the plan's distances
/// are the matrix's; a matrix of the wrong size is reported, not used.
#[test]
fn road_matrix_costs_are_used_and_checked() {
    use std::sync::Arc;
    use zouhang::model::{CostMatrix, StraightLine, TravelCost};
    use zouhang::solver::api::locations;

    let req = request(json!({
        "stops": ring(5),
        "vehicles": [{"id": "A", "start": {"lon": 120.60, "lat": 31.30}}],
        "options": {"iterations": 300}
    }));
    let pts = locations(&req);
    let line = StraightLine::new(pts.clone(), 36.0);
    let n = pts.len();
    let mut dur = Vec::with_capacity(n * n);
    let mut dist = Vec::with_capacity(n * n);
    for i in 0..n {
        for j in 0..n {
            dur.push(2.0 * line.duration_s(i, j));
            dist.push(2.0 * line.distance_m(i, j));
        }
    }
    let road = CostMatrix::new(n, dur, dist).unwrap();
    let mut s = Session::with_cost(&req, Arc::new(road)).unwrap();
    while !s.step(50.0).done {}
    let with_road = s.best();
    let straight = solve_request(&req).unwrap();
    assert!(with_road.check.feasible, "{:?}", with_road.check.violations);
    let ratio = with_road.summary.distance_m / straight.summary.distance_m;
    assert!(
        (ratio - 2.0).abs() < 1e-6,
        "road plan {} vs straight {}",
        with_road.summary.distance_m,
        straight.summary.distance_m
    );

    let small = CostMatrix::new(2, vec![0.0; 4], vec![0.0; 4]).unwrap();
    match Session::with_cost(&req, Arc::new(small)) {
        Err(zouhang::solver::SolverError::Invalid { issues }) => {
            assert!(
                issues.iter().any(|i| i.code == "E_API_MATRIX"),
                "{issues:?}"
            )
        }
        other => panic!(
            "a 2×2 matrix for {n} locations was accepted: {:?}",
            other.map(|_| ())
        ),
    }
}
