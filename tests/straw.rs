//! Straw-burning dispatch end to end: the command-line contract of `zouhang patrol straw`,
//! re-planning as new points arrive (the stop a team is driving to stays), the independent
//! checker on real fire files, the solver plug, the global FIRMS file against its Jiangsu cut,
//! and no panic on mutated inputs.
mod common;

use std::collections::BTreeSet;
use std::process::Command;

use chrono::NaiveDate;
use common::{repo_path, shared_file, Mutator};
use serde_json::Value;
use zouhang::crs::Crs;
use zouhang::geodesy::haversine_m;
use zouhang::io::read_fires;
use zouhang::plan::straw::{
    check_solution, parse_manual_points, read_teams, run_straw, score_incidents, CorridorLayer,
    DispatchInput, DispatchRun, GreedySolver, Jurisdiction, PcProblem, PcSolution,
    PrizeCollectingSolver, ShiftChoice, StrawData, StrawRequest, StrawSettings,
    DEMO_JURISDICTION_GEOJSON, DEMO_TEAMS_CSV, GREEDY_SOLVER, ROUTE_SOLVER,
};
use zouhang::{LonLat, TravelCost};

const FIRES: &str = "data/suzhou/fires_firms_sample.csv";
const TEAMS: &str = "data/suzhou/teams_demo.csv";

fn cli(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_zouhang"))
        .current_dir(repo_path(""))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zouhang {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn lonlat(v: &Value) -> LonLat {
    LonLat::new(v["lon"].as_f64().unwrap(), v["lat"].as_f64().unwrap())
}

/// The JSON output has the fields the issue names, and they hold together: every incident is
/// routed once or unassigned with a reason; priorities are sorted; each route's km is the
/// straight-line estimate × 1.3 recomputed here from the coordinates; stops are in time order
/// within the shift.
fn check_contract(out: &Value) {
    let incidents = out["incidents"].as_array().unwrap();
    let scores: Vec<f64> = incidents
        .iter()
        .map(|i| i["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "sorted: {scores:?}"
    );
    let mut all = BTreeSet::new();
    for i in incidents {
        for key in ["id", "lon", "lat", "detection_count", "score", "reasons"] {
            assert!(!i[key].is_null(), "incident field {key}: {i}");
        }
        let points: f64 = i["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["points"].as_f64().unwrap())
            .sum();
        assert!((points - i["score"].as_f64().unwrap()).abs() < 1e-6, "{i}");
        all.insert(i["id"].as_str().unwrap().to_string());
    }
    let done: BTreeSet<String> = ids(&out["done"]).into_iter().collect();
    let mut seen = BTreeSet::new();
    let speed = out["dispatch_settings"]["speed_kmh"].as_f64().unwrap();
    for r in out["routes"].as_array().unwrap() {
        let stops = r["stops"].as_array().unwrap();
        let route_ids = ids(&r["incident_ids"]);
        assert_eq!(route_ids.len(), stops.len());
        let mut at = lonlat(&r["start_location"]);
        let mut km = 0.0;
        let mut last = r["start_time"].as_str().unwrap().to_string();
        for (s, id) in stops.iter().zip(&route_ids) {
            assert_eq!(s["incident_id"].as_str().unwrap(), id);
            assert!(seen.insert(id.clone()), "{id} routed twice");
            let p = lonlat(&s["location"]);
            km += haversine_m(at, p) * 1.3 / 1000.0;
            at = p;
            let arrival = s["arrival"].as_str().unwrap().to_string();
            assert!(arrival >= last, "{id}: arrival {arrival} before {last}");
            last = s["departure"].as_str().unwrap().to_string();
        }
        km += haversine_m(at, lonlat(&r["base"])) * 1.3 / 1000.0;
        let got = r["distance_km"].as_f64().unwrap();
        assert!(
            (got - km).abs() < 0.06,
            "{}: {got} km vs {km}",
            r["route_id"]
        );
        if !stops.is_empty() {
            assert!(r["return_time"].as_str().unwrap() <= r["shift_end"].as_str().unwrap());
            let driving_min = km / speed * 60.0;
            assert!(r["duration_min"].as_f64().unwrap() + 1.0 >= driving_min);
        }
    }
    for u in out["unassigned"].as_array().unwrap() {
        let id = u["incident_id"].as_str().unwrap().to_string();
        assert!(seen.insert(id.clone()), "{id} routed and unassigned");
        assert!(u["code"].as_str().unwrap().starts_with("U_"));
        assert!(!u["reason"].as_str().unwrap().is_empty());
    }
    for id in &done {
        assert!(seen.insert(id.clone()), "{id} done and planned");
    }
    let expected: BTreeSet<String> = all.union(&done).cloned().collect();
    assert_eq!(seen, expected, "every incident accounted for once");
}

#[test]
fn cli_contract_day_and_night() {
    let day = cli(&[
        "patrol",
        "straw",
        "--data",
        "data/suzhou",
        "--fires",
        FIRES,
        "--teams",
        TEAMS,
        "--date",
        "2022-05-31",
        "--json",
    ]);
    check_contract(&day);
    assert!(!day["incidents"].as_array().unwrap().is_empty());
    assert!(day["routes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["team"].as_str().unwrap().contains("白班")));
    assert_eq!(
        day["solver"],
        Value::from(ROUTE_SOLVER),
        "the route solver by default"
    );
    assert_eq!(day["interim"], Value::Bool(false), "no interim solver");
    let greedy = cli(&[
        "patrol",
        "straw",
        "--data",
        "data/suzhou",
        "--fires",
        FIRES,
        "--teams",
        TEAMS,
        "--date",
        "2022-05-31",
        "--solver",
        "greedy",
        "--json",
    ]);
    check_contract(&greedy);
    assert_eq!(greedy["solver"], Value::from(GREEDY_SOLVER));
    let served = |v: &Value| -> f64 {
        v["routes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["stops"].as_array().unwrap())
            .map(|s| s["score"].as_f64().unwrap())
            .sum()
    };
    assert!(served(&day) >= served(&greedy) - 1e-9);

    let night = cli(&[
        "patrol",
        "straw",
        "--data",
        "data/suzhou",
        "--fires",
        FIRES,
        "--teams",
        TEAMS,
        "--date",
        "2022-05-31",
        "--night",
        "--json",
    ]);
    check_contract(&night);
    let routes = night["routes"].as_array().unwrap();
    assert!(!routes.is_empty());
    assert!(routes
        .iter()
        .all(|r| r["team"].as_str().unwrap().contains("夜班")));
}

/// Re-plan at 14:00 with two points phoned in after the first plan: the stop each vehicle is
/// driving to at 14:00 (worked out here from the first plan's times) is its first stop again,
/// marked locked; stops left before 14:00 are done; the new points are incidents.
#[test]
fn replan_keeps_the_stop_being_driven_to() {
    let dir = std::env::temp_dir().join(format!("zouhang-straw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jiangsu = shared_file("data/firms/modis_c61_nrt_20220528-0604_jiangsu_box.csv");
    let fires = jiangsu
        .as_ref()
        .map(|p| p.to_string_lossy().to_string())
        .unwrap_or_else(|| FIRES.to_string());
    let first = cli(&[
        "patrol",
        "straw",
        "--data",
        "data/suzhou",
        "--fires",
        &fires,
        "--teams",
        TEAMS,
        "--date",
        "2022-05-31",
        "--json",
    ]);
    check_contract(&first);
    let first_path = dir.join("first.json");
    std::fs::write(&first_path, first.to_string()).unwrap();
    let new_points = dir.join("new.csv");
    std::fs::write(
        &new_points,
        "lon,lat,time,source\n120.70,31.40,2022-05-31 13:30,铁塔摄像头\n120.90,31.60,2022-05-31 13:40,无人机\n",
    )
    .unwrap();
    let now = "2022-05-31T14:00:00";
    let second = cli(&[
        "patrol",
        "straw",
        "--data",
        "data/suzhou",
        "--fires",
        &fires,
        "--fires",
        new_points.to_str().unwrap(),
        "--teams",
        TEAMS,
        "--date",
        "2022-05-31",
        "--previous",
        first_path.to_str().unwrap(),
        "--now",
        "2022-05-31 14:00",
        "--json",
    ]);
    check_contract(&second);
    assert_eq!(second["planned_at"].as_str(), Some(now));

    let mut in_flight = 0;
    let done = ids(&second["done"]);
    for r in first["routes"].as_array().unwrap() {
        let id = r["route_id"].as_str().unwrap();
        let stops = r["stops"].as_array().unwrap();
        let target = stops
            .iter()
            .find(|s| s["departure"].as_str().unwrap() > now)
            .map(|s| s["incident_id"].as_str().unwrap().to_string());
        for s in stops
            .iter()
            .filter(|s| s["departure"].as_str().unwrap() <= now)
        {
            assert!(done.contains(&s["incident_id"].as_str().unwrap().to_string()));
        }
        let again = second["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["route_id"].as_str() == Some(id))
            .unwrap();
        let first_stop = again["stops"].as_array().unwrap().first();
        match target {
            Some(t) => {
                in_flight += 1;
                let s = first_stop.expect("the locked stop stays");
                assert_eq!(s["incident_id"].as_str().unwrap(), t, "{id}");
                assert_eq!(s["locked"], Value::Bool(true));
            }
            None => assert!(first_stop.is_none_or(|s| s["locked"] == Value::Bool(false))),
        }
        assert!(again["start_time"].as_str().unwrap() >= now);
    }
    if jiangsu.is_some() {
        assert!(in_flight >= 1, "a team is on its way at 14:00 in this case");
    }
    let new_ids: Vec<&Value> = second["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["first_seen"].as_str().unwrap() >= "2022-05-31 13:30")
        .collect();
    assert_eq!(new_ids.len(), 2, "both new points are incidents");
    std::fs::remove_dir_all(&dir).ok();
}

/// A stand-in for the route solver: leaves everything unassigned except locked stops. Shows
/// that the dispatch runs whatever solver is plugged in and labels the result with its name.
struct NothingSolver(PcSolution);

impl PrizeCollectingSolver for NothingSolver {
    fn name(&self) -> &'static str {
        "nothing-test"
    }
    fn interim(&self) -> bool {
        false
    }
    fn step(&mut self, problem: &PcProblem, _cost: &dyn TravelCost, _budget: usize) -> bool {
        self.0 = PcSolution {
            routes: problem
                .vehicles
                .iter()
                .map(|v| v.locked_first.into_iter().collect())
                .collect(),
            unassigned: (0..problem.tasks.len())
                .filter(|t| !problem.vehicles.iter().any(|v| v.locked_first == Some(*t)))
                .map(|t| (t, zouhang::plan::straw::UnassignedReason::ShiftFull))
                .collect(),
        };
        true
    }
    fn progress(&self) -> f64 {
        1.0
    }
    fn solution(&self) -> PcSolution {
        self.0.clone()
    }
}

fn jiangsu_or_sample() -> Vec<u8> {
    let p = shared_file("data/firms/modis_c61_nrt_20220528-0604_jiangsu_box.csv")
        .unwrap_or_else(|| repo_path(FIRES));
    std::fs::read(p).unwrap()
}

#[test]
fn checker_passes_on_real_fires_and_solver_plugs_in() {
    let fires = read_fires(&jiangsu_or_sample(), "jiangsu.csv", Crs::Wgs84).items;
    let teams = read_teams(DEMO_TEAMS_CSV.as_bytes(), "teams_demo.csv", Crs::Wgs84).teams;
    let (layers, _) = zouhang::embedded::suzhou_layers();
    let corridors = CorridorLayer::demo_suzhou();
    for date in ["2022-05-29", "2022-05-31", "2022-06-02"] {
        let date: NaiveDate = date.parse().unwrap();
        for shift in [ShiftChoice::Day, ShiftChoice::Night, ShiftChoice::All] {
            let settings = StrawSettings {
                filter: StrawRequest::new(date, shift).effective_filter(&teams),
                ..StrawSettings::default()
            };
            let (scored, _) =
                score_incidents(&fires, None, &settings, &corridors, &layers.stations).unwrap();
            let input = DispatchInput {
                incidents: &scored,
                teams: &teams,
                date,
                shift,
                settings: &settings.dispatch,
                replan: None,
                cluster_distance_m: settings.cluster.distance_m,
            };
            let mut run = DispatchRun::new(&input).unwrap();
            run.run_to_end();
            let (problem, cost) = run.problem();
            if let Err(e) = check_solution(problem, cost, &run.solution()) {
                panic!("{date} {shift:?}: {e:?}");
            }
            let plan = run.plan();
            assert_eq!(plan.solver, ROUTE_SOLVER);
            assert!(!plan.interim);

            // the greedy alone: valid too, and never more priority served
            let mut greedy = DispatchRun::new(&input)
                .unwrap()
                .with_solver(Box::new(GreedySolver::new()));
            greedy.run_to_end();
            if let Err(e) = check_solution(problem, cost, &greedy.solution()) {
                panic!("{date} {shift:?} greedy: {e:?}");
            }
            let served = |p: &zouhang::plan::straw::DispatchPlan| -> f64 {
                p.routes
                    .iter()
                    .flat_map(|r| &r.stops)
                    .map(|s| s.score)
                    .sum()
            };
            assert!(
                served(&plan) >= served(&greedy.plan()) - 1e-9,
                "{date} {shift:?}: route solver serves less priority than the greedy"
            );
            assert_eq!(greedy.plan().solver, GREEDY_SOLVER);

            let mut other = DispatchRun::new(&input)
                .unwrap()
                .with_solver(Box::new(NothingSolver(PcSolution::default())));
            other.run_to_end();
            let plan = other.plan();
            assert_eq!(plan.solver, "nothing-test");
            assert!(!plan.interim);
            assert!(plan.routes.iter().all(|r| r.stops.is_empty()));
            assert_eq!(plan.unassigned.len(), scored.len());
        }
    }
}

/// The global file filtered to the demo jurisdiction gives the same incidents as its Jiangsu
/// cut filtered the same way (the Suzhou box lies inside the Jiangsu box).
#[test]
fn global_file_matches_its_jiangsu_cut() {
    let (Some(global), Some(jiangsu)) = (
        shared_file("data/firms/modis_c61_nrt_20220528-0604_global.csv"),
        shared_file("data/firms/modis_c61_nrt_20220528-0604_jiangsu_box.csv"),
    ) else {
        return;
    };
    let (j, _) = Jurisdiction::from_geojson(DEMO_JURISDICTION_GEOJSON.as_bytes(), "j").unwrap();
    let teams = read_teams(DEMO_TEAMS_CSV.as_bytes(), "teams_demo.csv", Crs::Wgs84).teams;
    let (layers, _) = zouhang::embedded::suzhou_layers();
    let corridors = CorridorLayer::demo_suzhou();
    let mut request = StrawRequest::new("2022-06-01".parse().unwrap(), ShiftChoice::All);
    request.auto_window = false;
    let run = |bytes: &[u8]| {
        let fires = read_fires(bytes, "f.csv", Crs::Wgs84);
        assert!(fires.report.errors.is_empty(), "{:?}", fires.report.errors);
        let data = StrawData {
            detections: &fires.items,
            teams: &teams,
            jurisdiction: Some(&j),
            corridors: &corridors,
            stations: &layers.stations,
            roads: None,
        };
        (fires.items.len(), run_straw(&data, &request).unwrap())
    };
    let (n_global, g) = run(&std::fs::read(global).unwrap());
    let (n_jiangsu, s) = run(&std::fs::read(jiangsu).unwrap());
    assert_eq!(n_global, 52_377);
    assert_eq!(n_jiangsu, 101);
    assert!(!g.incidents.is_empty());
    let key = |o: &zouhang::plan::straw::StrawOutcome| {
        o.incidents
            .iter()
            .map(|i| (i.id.clone(), i.score.to_bits(), i.detection_count))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&g), key(&s));
}

#[test]
fn mutated_inputs_do_not_panic() {
    let seeds = vec![
        DEMO_TEAMS_CSV.as_bytes().to_vec(),
        DEMO_JURISDICTION_GEOJSON.as_bytes().to_vec(),
        zouhang::plan::straw::DEMO_CORRIDORS_GEOJSON
            .as_bytes()
            .to_vec(),
        b"lon,lat,time,source\n120.70,31.40,2022-05-31 13:30,tower\n".to_vec(),
    ];
    let mut m = Mutator::new(7, seeds);
    for i in 0..2000 {
        let input = m.next_input();
        let r = std::panic::catch_unwind(|| {
            let _ = read_teams(&input, "t.csv", Crs::Wgs84);
            let _ = Jurisdiction::from_geojson(&input, "j.geojson");
            let _ = CorridorLayer::from_geojson(&input, "c.geojson");
            let _ = parse_manual_points(&String::from_utf8_lossy(&input), Crs::Gcj02);
        });
        assert!(
            r.is_ok(),
            "case {i} panicked on {:?}",
            String::from_utf8_lossy(&input)
        );
    }
}

/// Every source in one run: a VIIRS file with `instrument` and `type` columns and times without
/// their leading zero, a Himawari L2WLF file, and a point typed in by hand (GCJ-02). The
/// VIIRS static land source (type 2) and the low-confidence point are filtered out; the
/// Himawari pixel and the manual drone report 400 m from the VIIRS fire merge with it into one
/// incident with three detections and three sources.
#[test]
fn all_sources_filter_and_merge() {
    let viirs = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_ti5,frp,daynight,type\n\
                 31.5800,120.9600,330.1,0.4,0.4,2022-05-31,520,N,VIIRS,h,2.0NRT,290.1,3.2,D,0\n\
                 31.7000,120.6000,330.1,0.4,0.4,2022-05-31,530,N,VIIRS,n,2.0NRT,290.1,3.2,D,2\n\
                 31.2000,120.5000,330.1,0.4,0.4,2022-05-31,540,1,VIIRS,l,2.0NRT,290.1,3.2,D,0\n";
    let himawari = "# acquisition 2022-05-31 05:00 UTC\n\
                    # ID, Year, Month, Day, Time(UTC), Lat, Lon, Area(km^2), Volcano, Level, Reliability, FRP(Wm^-2), QF, Hot(ID)\n\
                    1, 2022, 05, 31, 0500, 31.5830, 120.9620, 4.8, 0, 2, 3, 25.1, 0, 1\n";
    let mut detections = read_fires(viirs.as_bytes(), "viirs.csv", Crs::Wgs84).items;
    assert_eq!(detections.len(), 3);
    detections.extend(
        read_fires(
            himawari.as_bytes(),
            "H08_20220531_0500_L2WLF010_FLDK.06001_06001.csv",
            Crs::Wgs84,
        )
        .items,
    );
    // typed by hand in GCJ-02: the WGS-84 point 120.9640,31.5810 shifted by the GCJ offset
    let gcj = zouhang::crs::wgs84_to_gcj02(LonLat::new(120.964, 31.581));
    let manual = parse_manual_points(
        &format!(
            "{:.6},{:.6},2022-05-31 14:10,无人机,300,麦茬",
            gcj.lon, gcj.lat
        ),
        Crs::Gcj02,
    );
    assert!(
        manual.report.errors.is_empty(),
        "{:?}",
        manual.report.errors
    );
    detections.extend(manual.items);
    assert_eq!(detections.len(), 5);

    let teams = read_teams(DEMO_TEAMS_CSV.as_bytes(), "teams_demo.csv", Crs::Wgs84).teams;
    let (layers, _) = zouhang::embedded::suzhou_layers();
    let corridors = CorridorLayer::demo_suzhou();
    let (j, _) = Jurisdiction::from_geojson(DEMO_JURISDICTION_GEOJSON.as_bytes(), "j").unwrap();
    let mut request = StrawRequest::new("2022-05-31".parse().unwrap(), ShiftChoice::Day);
    request.settings.filter.min_confidence_pct = 50.0;
    let data = StrawData {
        detections: &detections,
        teams: &teams,
        jurisdiction: Some(&j),
        corridors: &corridors,
        stations: &layers.stations,
        roads: None,
    };
    let out = run_straw(&data, &request).unwrap();
    assert_eq!(out.filter_report.input, 5);
    assert_eq!(out.filter_report.excluded_type, 1);
    assert_eq!(out.filter_report.low_confidence, 1);
    assert_eq!(out.incidents.len(), 1, "{:?}", out.incidents);
    let i = &out.incidents[0];
    assert_eq!(i.detection_count, 3);
    assert_eq!(i.sources.len(), 3, "{:?}", i.sources);
    assert_eq!(out.routes.iter().map(|r| r.stops.len()).sum::<usize>(), 1);

    // with a 300 m merge distance the Himawari pixel (≈ 380 m away) is its own incident
    request.settings.cluster.distance_m = 300.0;
    let apart = run_straw(&data, &request).unwrap();
    assert!(apart.incidents.len() >= 2, "{:?}", apart.incidents);
}

/// `patrol settings` prints the defaults; passed back with `--settings` they change nothing,
/// and a changed weight changes the scores by exactly that much.
#[test]
fn settings_round_trip() {
    let defaults = cli(&["patrol", "settings"]);
    let dir = std::env::temp_dir().join(format!("zouhang-straw-s-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let same = dir.join("same.json");
    std::fs::write(&same, defaults.to_string()).unwrap();
    let mut changed = defaults.clone();
    changed["priority"]["base_points"] = serde_json::json!(40.0);
    let more = dir.join("more.json");
    std::fs::write(&more, changed.to_string()).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "patrol",
            "straw",
            "--data",
            "data/suzhou",
            "--fires",
            FIRES,
            "--teams",
            TEAMS,
            "--date",
            "2022-05-31",
            "--json",
        ];
        args.extend_from_slice(extra);
        cli(&args)
    };
    let base = run(&[]);
    assert_eq!(run(&["--settings", same.to_str().unwrap()]), base);
    let raised = run(&["--settings", more.to_str().unwrap()]);
    let scores = |v: &Value| -> Vec<(String, f64)> {
        v["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap().to_string(),
                    i["score"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (scores(&base), scores(&raised));
    assert!(!a.is_empty());
    assert_eq!(a.len(), b.len());
    for ((ia, sa), (ib, sb)) in a.iter().zip(&b) {
        assert_eq!(ia, ib);
        assert_eq!(*sb, sa + 30.0, "{ia}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// With a road network the dispatch drives along its roads: each route's distance is the sum of
/// the fastest road routes between its stops (not the straight-line estimate), and the output
/// says so; without one, the estimate, and says that.
#[test]
fn dispatch_along_roads() {
    let est = cli(&["patrol", "straw", "--date", "2022-05-31", "--json"]);
    let road = cli(&[
        "patrol",
        "straw",
        "--date",
        "2022-05-31",
        "--json",
        "--embedded-roads",
    ]);
    assert_eq!(est["along_roads"], false);
    assert_eq!(road["along_roads"], true);
    let net = zouhang::roads::suzhou_network().unwrap();
    let snap = zouhang::roads::SnapOptions::default();
    let at = |v: &Value| LonLat::new(v["lon"].as_f64().unwrap(), v["lat"].as_f64().unwrap());
    let mut checked = 0;
    for r in road["routes"].as_array().unwrap() {
        let stops = r["stops"].as_array().unwrap();
        if stops.is_empty() {
            continue;
        }
        let mut points = vec![at(&r["start_location"])];
        points.extend(stops.iter().map(|s| at(&s["location"])));
        points.push(at(&r["base"]));
        let legs: Option<Vec<f64>> = points
            .windows(2)
            .map(|w| {
                net.route(w[0], w[1], zouhang::roads::Metric::Time, &snap)
                    .ok()
                    .map(|x| x.distance_m)
            })
            .collect();
        let Some(legs) = legs else {
            continue; // a point off the network keeps the estimate for its legs
        };
        let by_road: f64 = legs.iter().sum();
        let estimate: f64 = points
            .windows(2)
            .map(|w| haversine_m(w[0], w[1]) * 1.3)
            .sum();
        let d = r["distance_m"].as_f64().unwrap();
        assert!(
            (d - by_road).abs() <= 1.0 + 1e-3 * by_road,
            "{}: {d} m dispatched, {by_road} m along roads",
            r["route_id"]
        );
        assert!(
            (d - estimate).abs() > 10.0,
            "{}: {d} m is the estimate",
            r["route_id"]
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} routes fully on the network");
}
