//! Integration tests of the inspection routes after a draw: an independent checker of the plan
//! document on the demo registers and on seeded random registers (every drawn enterprise once, in
//! its team's routes, within the days; times and distances recomputed from the stops), the
//! solver router against the interim one (never longer by more than 1 %, every visit once, the
//! day limits kept or reported), the router seam (another router is used as given; a faulty one
//! is caught), and the errors.

mod draw_support;

use std::collections::BTreeMap;

use zouhang::crs::Crs;
use zouhang::demo::DemoRng;
use zouhang::geodesy::haversine_m;
use zouhang::io::{export_plan, plan_csv, read_plan, validate_plan, PlanFormat};
use zouhang::model::{LonLat, PlanDocument, TravelCost, DEFAULT_DETOUR_FACTOR};
use zouhang::plan::draw::{
    demo_registers, draw, plan_routes, split_tour, DayLimits, DrawRequest, DrawResult, DrawRules,
    EnterpriseRegister, InspectionRoutes, InspectorRegister, InterimRouter, RouteRequest,
    RouterChoice, SolverRouter, TeamRouter,
};

use draw_support::random_case;

fn minutes(hhmm: &str) -> u32 {
    let (h, rest) = hhmm.split_once(':').unwrap();
    let m: u32 = rest[..2].parse().unwrap();
    let day = if rest.contains("+1") { 1440 } else { 0 };
    h.parse::<u32>().unwrap() * 60 + m + day
}

/// Checks a plan against the draw and the request without using the planner's code.
fn check_plan(plan: &PlanDocument, r: &DrawResult, e: &EnterpriseRegister, req: &RouteRequest) {
    assert_eq!(plan.format, "zouhang-plan");
    assert_eq!(plan.kind, "inspection");
    let loc: BTreeMap<&str, LonLat> = e
        .items()
        .iter()
        .map(|x| (x.id.as_str(), x.location()))
        .collect();
    let mut visited: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut days: BTreeMap<String, usize> = BTreeMap::new();
    let speed_ms = req.speed_kmh / 3.6;
    for route in &plan.routes {
        let team = route.id.split('-').next().unwrap().to_string();
        *days.entry(team.clone()).or_default() += 1;
        assert!(!route.along_roads);
        let first = route.stops.first().unwrap();
        let last = route.stops.last().unwrap();
        assert_eq!(
            (first.kind.as_str(), last.kind.as_str()),
            ("depot", "depot"),
            "{}",
            route.id
        );
        assert_eq!(first.location, last.location);
        if let Some(d) = req.depot {
            assert_eq!(first.location, d);
        }
        assert_eq!(first.departure.as_deref(), Some(req.day_start.as_str()));
        let visits: Vec<_> = route.stops[1..route.stops.len() - 1].iter().collect();
        assert!(!visits.is_empty(), "{} has no visit", route.id);
        assert!(visits.iter().all(|s| s.kind == "visit"));
        // distance recomputed from the stops; times never go back and stay consistent with it
        let mut distance = 0.0;
        let mut t = minutes(req.day_start.as_str()) as f64;
        for w in route.stops.windows(2) {
            let d = haversine_m(w[0].location, w[1].location) * DEFAULT_DETOUR_FACTOR;
            distance += d;
            t += d / speed_ms / 60.0;
            if let Some(a) = &w[1].arrival {
                assert!(
                    (minutes(a) as f64 - t).abs() <= 1.0,
                    "{}: arrival {a}, expected {t:.1} min",
                    route.id
                );
            }
            if w[1].kind == "visit" {
                assert_eq!(w[1].service_s, f64::from(req.service_min) * 60.0);
                assert_eq!(w[1].location, loc[w[1].id.as_str()]);
                t += f64::from(req.service_min);
                assert!((minutes(w[1].departure.as_deref().unwrap()) as f64 - t).abs() <= 1.0);
            }
        }
        assert!(
            (route.distance_m - distance).abs() < 1e-6 * distance.max(1.0),
            "{}",
            route.id
        );
        let day_s = route.duration_s;
        assert!((day_s / 60.0 - (t - minutes(&req.day_start) as f64)).abs() < 1e-6);
        visited
            .entry(team)
            .or_default()
            .extend(visits.iter().map(|s| s.id.clone()));
    }
    // every drawn enterprise exactly once, with its own team, within the team's days
    assert_eq!(visited.len(), r.teams.len());
    for t in &r.teams {
        let mut got = visited.get(&t.id).cloned().unwrap_or_default();
        let mut want = t.enterprises.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "team {}", t.id);
        assert!(
            days[&t.id] <= r.rules.days as usize,
            "team {} uses {} days",
            t.id,
            days[&t.id]
        );
    }
}

fn day_visits_over(plan: &PlanDocument, max: u32) -> bool {
    plan.routes.iter().any(|r| r.stops.len() - 2 > max as usize)
}

fn total_m(p: &PlanDocument) -> f64 {
    p.routes.iter().map(|x| x.distance_m).sum()
}

/// Overlong (more than one visit) and overfull days are exactly the ones warned about.
fn limits_kept_or_warned(out: &InspectionRoutes, r: &DrawResult, req: &RouteRequest, what: &str) {
    let long = out
        .plan
        .routes
        .iter()
        .any(|x| x.stops.len() > 3 && x.duration_s > f64::from(req.workday_min) * 60.0);
    assert_eq!(
        long,
        out.warnings.iter().any(|w| w.code == "W_ROUTE_DAY_LONG"),
        "{what}"
    );
    assert_eq!(
        day_visits_over(&out.plan, r.rules.max_per_team_per_day),
        out.warnings.iter().any(|w| w.code == "W_ROUTE_DAY_VISITS"),
        "{what}"
    );
}

#[test]
fn demo_draw_routes_cover_every_drawn_enterprise_within_the_days() {
    let (e, i) = demo_registers();
    for (seed, rules) in [
        ("2026年第三季度", DrawRules::city()),
        ("县级演示", DrawRules::county()),
    ] {
        let r = draw(
            &e,
            &i,
            &DrawRequest {
                seed: seed.into(),
                rules,
            },
        )
        .unwrap();
        let req = RouteRequest {
            depot: Some(LonLat::new(120.585, 31.299)),
            start_date: Some("2026-07-01".into()),
            ..RouteRequest::default()
        };
        let router = SolverRouter::for_draw(&r);
        let out = plan_routes(&r, &e, &i, &req, &router).unwrap();
        check_plan(&out.plan, &r, &e, &req);
        assert!(out.method.contains("路线求解器"), "{}", out.method);
        assert!(!out.method.contains("临时"), "{}", out.method);
        assert_eq!(out.router, "solver");
        assert!(!day_visits_over(&out.plan, r.rules.max_per_team_per_day));
        limits_kept_or_warned(&out, &r, &req, seed);
        // dated working days, weekends skipped (2026-07-04 is a Saturday)
        assert!(out
            .plan
            .routes
            .iter()
            .all(|x| x.date.as_deref() != Some("2026-07-04")));
        // the same inputs give the same plan; the adapters' choice is this router
        assert_eq!(plan_routes(&r, &e, &i, &req, &router).unwrap(), out);
        let chosen = RouterChoice::Solver.router(&r);
        assert_eq!(plan_routes(&r, &e, &i, &req, chosen.as_ref()).unwrap(), out);
        // the interim router stays available, and drives no less
        let interim = plan_routes(&r, &e, &i, &req, &InterimRouter).unwrap();
        check_plan(&interim.plan, &r, &e, &req);
        assert_eq!(interim.router, "interim");
        assert!(interim.method.contains("简单排线"), "{}", interim.method);
        let (a, b) = (total_m(&out.plan), total_m(&interim.plan));
        assert!(a <= b, "{seed}: solver {a} m vs interim {b} m");
        // another seed text, other routes' seed
        assert_ne!(
            router,
            SolverRouter::for_draw(
                &draw(
                    &e,
                    &i,
                    &DrawRequest {
                        seed: format!("{seed}'"),
                        rules: r.rules.clone(),
                    }
                )
                .unwrap()
            )
        );
    }
}

#[test]
fn random_registers_give_checked_plans_or_reported_overruns() {
    let mut rng = DemoRng::new(77);
    let mut planned = 0;
    let (mut solver_m, mut interim_m) = (0.0, 0.0);
    let (mut solver_warnings, mut interim_warnings) = (0, 0);
    for k in 0..150 {
        let c = random_case(&mut rng, k);
        let e = EnterpriseRegister::new("e.csv", c.enterprises.clone(), None);
        let i = InspectorRegister::new("i.csv", c.inspectors.clone(), None);
        let Ok(r) = draw(
            &e,
            &i,
            &DrawRequest {
                seed: c.seed.clone(),
                rules: c.rules.clone(),
            },
        ) else {
            continue;
        };
        let req = RouteRequest {
            service_min: 30 + (k as u32 % 4) * 30,
            ..RouteRequest::default()
        };
        let interim = plan_routes(&r, &e, &i, &req, &InterimRouter)
            .unwrap_or_else(|p| panic!("case {k}: {p:?}"));
        let out = plan_routes(&r, &e, &i, &req, &SolverRouter::for_draw(&r))
            .unwrap_or_else(|p| panic!("case {k}: {p:?}"));
        for (what, plan) in [("interim", &interim), ("solver", &out)] {
            check_plan(&plan.plan, &r, &e, &req);
            // an overlong or overfull day is never silent
            limits_kept_or_warned(plan, &r, &req, &format!("case {k}, {what}"));
            assert!(plan
                .warnings
                .iter()
                .any(|w| w.code == "W_ROUTE_DEPOT_CENTROID"));
        }
        // where the interim days keep every limit, the solver's do too and drive no more than
        // 1 % longer (it starts from them); where they cannot, the solver keeps the limits on
        // more days (fewer warnings overall), at some extra distance
        let (a, b) = (total_m(&out.plan), total_m(&interim.plan));
        if interim.warnings.len() == 1 {
            assert_eq!(out.warnings.len(), 1, "case {k}: {:?}", out.warnings);
            assert!(a <= b * 1.01, "case {k}: solver {a} m vs interim {b} m");
            solver_m += a;
            interim_m += b;
        } else {
            solver_warnings += out.warnings.len();
            interim_warnings += interim.warnings.len();
        }
        planned += 1;
    }
    assert!(planned > 50, "only {planned} cases drew");
    assert!(
        solver_m <= interim_m,
        "solver {solver_m} m vs interim {interim_m} m"
    );
    assert!(
        solver_warnings <= interim_warnings,
        "solver {solver_warnings} warnings vs interim {interim_warnings}"
    );
}

/// A router that keeps the draw's order, one day: the seam takes any router.
struct AsDrawn;
impl TeamRouter for AsDrawn {
    fn label(&self) -> String {
        "as drawn".into()
    }
    fn route_team(&self, cost: &dyn TravelCost, _: &DayLimits) -> Vec<Vec<usize>> {
        vec![(1..cost.len()).collect()]
    }
}

/// The draw's order cut into days by the same optimal split, without any reordering.
struct AsDrawnSplit;
impl TeamRouter for AsDrawnSplit {
    fn label(&self) -> String {
        "as drawn, split".into()
    }
    fn route_team(&self, cost: &dyn TravelCost, limits: &DayLimits) -> Vec<Vec<usize>> {
        split_tour(cost, &(1..cost.len()).collect::<Vec<_>>(), limits)
    }
}

/// A router that forgets the last visit.
struct Forgetful;
impl TeamRouter for Forgetful {
    fn label(&self) -> String {
        "forgetful".into()
    }
    fn route_team(&self, cost: &dyn TravelCost, _: &DayLimits) -> Vec<Vec<usize>> {
        vec![(1..cost.len().saturating_sub(1)).collect()]
    }
}

#[test]
fn the_router_is_pluggable_and_checked() {
    let (e, i) = demo_registers();
    let r = draw(
        &e,
        &i,
        &DrawRequest {
            seed: "seam".into(),
            rules: DrawRules::city(),
        },
    )
    .unwrap();
    let req = RouteRequest::default();
    let out = plan_routes(&r, &e, &i, &req, &AsDrawn).unwrap();
    assert!(out.method.starts_with("as drawn"));
    for (route, team) in out.plan.routes.iter().zip(&r.teams) {
        let ids: Vec<_> = route
            .stops
            .iter()
            .filter(|s| s.kind == "visit")
            .map(|s| s.id.clone())
            .collect();
        assert_eq!(ids, team.enterprises);
    }
    // the interim router drives less than the draw's own (Hilbert) order cut into days alike
    let interim = plan_routes(&r, &e, &i, &req, &InterimRouter).unwrap();
    let baseline = plan_routes(&r, &e, &i, &req, &AsDrawnSplit).unwrap();
    check_plan(&baseline.plan, &r, &e, &req);
    let (a, b) = (total_m(&interim.plan), total_m(&baseline.plan));
    assert!(a < b, "interim {a} m vs as drawn {b} m");
    let err = plan_routes(&r, &e, &i, &req, &Forgetful).unwrap_err();
    assert!(err.iter().all(|p| p.code == "E_ROUTE_ROUTER"), "{err:?}");
    assert_eq!(err.len(), r.teams.len());
}

#[test]
fn bad_settings_and_other_registers_are_reported_together() {
    let (e, i) = demo_registers();
    let r = draw(
        &e,
        &i,
        &DrawRequest {
            seed: "x".into(),
            rules: DrawRules::city(),
        },
    )
    .unwrap();
    let other = EnterpriseRegister::new("o.csv", e.items()[..100].to_vec(), None);
    let req: RouteRequest =
        serde_json::from_str(r#"{"speed_kmh": 0, "day_start": "25:00"}"#).unwrap();
    let err = plan_routes(&r, &other, &i, &req, &InterimRouter).unwrap_err();
    let codes: Vec<_> = err
        .iter()
        .map(|p| (p.code.as_str(), p.field.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("E_ROUTE_SETTING", Some("day_start")),
            ("E_ROUTE_SETTING", Some("speed_kmh")),
            ("E_ROUTE_REGISTER", None)
        ]
    );
    assert!(serde_json::from_str::<RouteRequest>(r#"{"sped_kmh": 30}"#).is_err());
}

#[test]
fn the_plan_passes_the_common_plan_checks_and_exports() {
    let (e, i) = demo_registers();
    let r = draw(
        &e,
        &i,
        &DrawRequest {
            seed: "sheets".into(),
            rules: DrawRules::county(),
        },
    )
    .unwrap();
    let out = plan_routes(&r, &e, &i, &RouteRequest::default(), &InterimRouter).unwrap();
    // the common plan reader accepts the CLI's --json shape without any issue
    let text = serde_json::to_string(&serde_json::json!({ "plan": out.plan })).unwrap();
    let read = read_plan(text.as_bytes(), "draw.json").unwrap();
    assert_eq!(read.warnings, []);
    assert_eq!(validate_plan(&out.plan), []);
    assert_eq!(read.plan.routes.len(), out.plan.routes.len());
    // the common exports take it: a CSV row per stop, a GPX route per sheet
    let stops: usize = out.plan.routes.iter().map(|x| x.stops.len()).sum();
    let csv = plan_csv(&out.plan, Crs::Wgs84);
    assert_eq!(csv.trim_end().split("\r\n").count(), stops + 1);
    let gpx = export_plan(&out.plan, PlanFormat::Gpx, Crs::Wgs84).text;
    assert_eq!(gpx.matches("<rte>").count(), out.plan.routes.len());
}

#[test]
fn the_cli_adds_the_plan_without_changing_the_draw() {
    let cli = env!("CARGO_BIN_EXE_zouhang");
    let run = |extra: &[&str]| {
        let o = std::process::Command::new(cli)
            .args(["draw", "--seed", "CLI 排线", "--preset", "county", "--json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let plain = run(&[]);
    let mut routed = run(&[
        "--routes",
        "--depot",
        "120.585,31.299",
        "--start-date",
        "2026-07-01",
    ]);
    let plan = routed.as_object_mut().unwrap().remove("plan").unwrap();
    assert_eq!(routed, plain);
    assert_eq!(plan["kind"], "inspection");
    let plan: PlanDocument = serde_json::from_value(plan).unwrap();
    let (e, i) = demo_registers();
    let r = draw(
        &e,
        &i,
        &DrawRequest {
            seed: "CLI 排线".into(),
            rules: DrawRules::county(),
        },
    )
    .unwrap();
    let req = RouteRequest {
        depot: Some(LonLat::new(120.585, 31.299)),
        start_date: Some("2026-07-01".into()),
        ..RouteRequest::default()
    };
    check_plan(&plan, &r, &e, &req);
    // the same plan as in process (floats compared to 1e-9: JSON text is parsed back), by the
    // solver unless `--router interim` asks for the interim router
    let want = plan_routes(&r, &e, &i, &req, &SolverRouter::for_draw(&r))
        .unwrap()
        .plan;
    same_plan(&plan, &want);
    let mut interim = run(&[
        "--routes",
        "--depot",
        "120.585,31.299",
        "--start-date",
        "2026-07-01",
        "--router",
        "interim",
    ]);
    let plan = interim.as_object_mut().unwrap().remove("plan").unwrap();
    assert_eq!(interim, plain);
    let plan: PlanDocument = serde_json::from_value(plan).unwrap();
    check_plan(&plan, &r, &e, &req);
    same_plan(
        &plan,
        &plan_routes(&r, &e, &i, &req, &InterimRouter).unwrap().plan,
    );
}

fn same_plan(plan: &PlanDocument, want: &PlanDocument) {
    assert_eq!(plan.routes.len(), want.routes.len());
    for (a, b) in plan.routes.iter().zip(&want.routes) {
        let key = |x: &zouhang::model::RouteSheet| {
            x.stops
                .iter()
                .map(|s| (s.id.clone(), s.arrival.clone(), s.departure.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            (&a.id, &a.team, &a.date, key(a)),
            (&b.id, &b.team, &b.date, key(b))
        );
        assert!((a.distance_m - b.distance_m).abs() < 1e-9 * b.distance_m);
    }
}
