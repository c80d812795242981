//! The monthly 走航 plan on the embedded Suzhou data: run counts per the Suzhou 2023 rules,
//! episodes, excluded days, seeds, routes along roads, and the CLI JSON contract.

use std::process::Command;
use std::sync::OnceLock;

use zouhang::embedded::suzhou_layers;
use zouhang::layers::Layers;
use zouhang::plan::month::calendar::{DayRange, YearMonth};
use zouhang::plan::month::{demo_targets_on, plan_month, MonthPlan, MonthRequest, RunType};
use zouhang::roads::{suzhou_network, RoadNetwork};

fn world() -> &'static (RoadNetwork, Layers) {
    static W: OnceLock<(RoadNetwork, Layers)> = OnceLock::new();
    W.get_or_init(|| (suzhou_network().unwrap(), suzhou_layers().0))
}

fn plan(month: &str, seed: u64, episodes: &[&str], exclude: &[&str]) -> MonthPlan {
    let (net, layers) = world();
    let mut req = MonthRequest::new(
        YearMonth::parse(month).unwrap(),
        demo_targets_on(net, layers),
    );
    req.seed = seed;
    req.iterations = 600;
    req.time_limit_ms = 60_000;
    req.episodes = episodes
        .iter()
        .map(|e| DayRange::parse(e).unwrap())
        .collect();
    req.rules.excluded_days = exclude.iter().map(|d| d.to_string()).collect();
    plan_month(net, layers, &req, &mut |_| {}).unwrap()
}

fn count(p: &MonthPlan, t: RunType) -> usize {
    p.runs
        .iter()
        .filter(|r| r.run_type == t && r.stops.len() > 2)
        .count()
}

fn assert_sound(p: &MonthPlan) {
    assert!(p.score.feasible, "checker: {:?}", p.notes);
    for r in &p.runs {
        assert!(r.geometry.len() >= 2, "run {} has no road geometry", r.id);
        assert!(
            (r.measured_km + r.transit_km - r.distance_km).abs() < 0.05,
            "{}",
            r.id
        );
        assert!(
            r.duration_s <= 8.0 * 3600.0 + 1.0,
            "{} exceeds the shift",
            r.id
        );
        assert_eq!(r.stops.first().map(|s| s.kind.as_str()), Some("depot"));
        assert_eq!(r.stops.last().map(|s| s.kind.as_str()), Some("depot"));
    }
    // every compliance row explains its two figures in one sentence with the verdict
    for c in &p.compliance {
        assert!(
            c.explain.contains(&format!("{}", c.planned))
                && c.explain.contains(&format!("{}", c.required)),
            "{c:?}"
        );
        let ends = if c.ok { "，满足。" } else { "不满足" };
        assert!(c.explain.contains(ends), "{c:?}");
        assert_eq!(c.explain.matches('。').count(), 1, "{c:?}");
    }
    let doc = &p.plan;
    assert_eq!(doc.format, "zouhang-plan");
    assert_eq!(doc.routes.len(), p.runs.len());
}

#[test]
fn june_meets_every_rule() {
    let p = plan("2026-06", 1, &[], &[]);
    assert!(count(&p, RunType::Vocs) >= 2);
    assert!(count(&p, RunType::RoadDust) >= 1);
    assert!(p.compliance.iter().all(|c| c.ok), "{:#?}", p.compliance);
    assert!(p
        .compliance
        .iter()
        .any(|c| c.rule.contains("VOCs") && c.required == 2.0));
    // dust runs measure along required roads; VOCs runs drive park loops
    let dust: f64 = p
        .runs
        .iter()
        .filter(|r| r.run_type == RunType::RoadDust)
        .map(|r| r.measured_km)
        .sum();
    assert!(dust > 10.0, "dust measured {dust} km");
    assert!(p.coverage.roads_covered > 0 && p.coverage.vocs_visited > 10);
    assert_sound(&p);
}

#[test]
fn november_swaps_the_seasons() {
    let p = plan("2026-11", 1, &[], &[]);
    assert!(count(&p, RunType::Vocs) >= 1);
    assert!(count(&p, RunType::RoadDust) >= 2);
    let dust_row = p
        .compliance
        .iter()
        .find(|c| c.rule.starts_with("道路积尘走航（月度"))
        .unwrap();
    assert_eq!(dust_row.required, 2.0);
    assert!(p.compliance.iter().all(|c| c.ok), "{:#?}", p.compliance);
    assert_sound(&p);
}

#[test]
fn an_episode_week_adds_runs_inside_it() {
    let base = plan("2026-06", 3, &[], &[]);
    let ep = plan("2026-06", 3, &["2026-06-10..2026-06-14"], &[]);
    let range = DayRange::parse("2026-06-10..2026-06-14").unwrap();
    for t in RunType::ALL {
        let inside = ep
            .runs
            .iter()
            .filter(|r| {
                r.run_type == t
                    && range
                        .contains(chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d").unwrap())
            })
            .count();
        assert!(inside >= 1, "{t:?}");
        assert_eq!(
            ep.runs.iter().filter(|r| r.run_type == t).count(),
            base.runs.iter().filter(|r| r.run_type == t).count() + 1
        );
    }
    assert!(ep
        .compliance
        .iter()
        .any(|c| c.rule.contains("污染过程") && c.ok));
    assert!(ep.compliance.iter().all(|c| c.ok), "{:#?}", ep.compliance);
}

#[test]
fn excluded_days_carry_no_run() {
    let free = plan("2026-06", 5, &[], &[]);
    // exclude the days the free plan chose for its first two runs
    let days: Vec<String> = free.runs.iter().take(2).map(|r| r.date.clone()).collect();
    let refs: Vec<&str> = days.iter().map(String::as_str).collect();
    let p = plan("2026-06", 5, &[], &refs);
    assert!(p.runs.iter().all(|r| !days.contains(&r.date)));
    let row = p
        .compliance
        .iter()
        .find(|c| c.rule.starts_with("排除日"))
        .unwrap();
    assert!(row.ok && row.planned == 0.0);
    assert!(p.compliance.iter().all(|c| c.ok), "{:#?}", p.compliance);
}

#[test]
fn seeds_give_different_but_comparable_plans() {
    let plans: Vec<MonthPlan> = (1..=4).map(|s| plan("2026-06", s, &[], &[])).collect();
    let calendars: std::collections::BTreeSet<Vec<String>> = plans
        .iter()
        .map(|p| p.runs.iter().map(|r| r.date.clone()).collect())
        .collect();
    assert!(
        calendars.len() >= 3,
        "seeds gave {} distinct calendars",
        calendars.len()
    );
    let best = plans
        .iter()
        .map(|p| p.score.served_prize)
        .fold(0.0, f64::max);
    for p in &plans {
        assert!(p.compliance.iter().all(|c| c.ok));
        // the stated tolerance (README): served target value within 15 % of the best seed
        assert!(
            p.score.served_prize >= 0.85 * best,
            "{} vs {best}",
            p.score.served_prize
        );
    }
    // same seed, same plan
    assert_eq!(plan("2026-06", 2, &[], &[]).runs, plans[1].runs);
}

#[test]
fn cli_prints_the_contract() {
    let out = Command::new(env!("CARGO_BIN_EXE_zouhang"))
        .args([
            "plan",
            "month",
            "--month",
            "2026-06",
            "--episode",
            "2026-06-10..2026-06-14",
        ])
        .args([
            "--exclude-days",
            "2026-06-03,2026-06-04",
            "--seed",
            "7",
            "--iterations",
            "400",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = v["runs"].as_array().unwrap();
    assert!(!runs.is_empty());
    for r in runs {
        for k in [
            "type",
            "date",
            "vehicle",
            "measured_km",
            "transit_km",
            "duration_s",
        ] {
            assert!(!r[k].is_null(), "run field {k}");
        }
        assert!(r["date"] != "2026-06-03" && r["date"] != "2026-06-04");
        for s in r["stops"].as_array().unwrap() {
            assert!(s["lon"].is_f64() && s["lat"].is_f64());
        }
    }
    for c in v["compliance"].as_array().unwrap() {
        for k in ["rule", "month", "required", "planned", "ok"] {
            assert!(!c[k].is_null(), "compliance field {k}");
        }
    }
    assert_eq!(v["plan"]["format"], "zouhang-plan");
    let bad = Command::new(env!("CARGO_BIN_EXE_zouhang"))
        .args(["plan", "month", "--month", "2026-13", "--json"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM"));
}

#[test]
fn dust_roads_by_class_inside_an_area() {
    let (net, layers) = world();
    let mut targets = demo_targets_on(net, layers);
    let class = net.graph().edges()[0].class;
    targets.road_dust.site_categories.clear();
    targets.road_dust.classes = vec![class.name_zh().to_string()];
    let bbox = [120.55, 31.25, 120.70, 31.35];
    targets.road_dust.bbox = Some(bbox);
    targets.road_dust.max_total_km = 60.0;
    let mut req = MonthRequest::new(YearMonth::parse("2026-11").unwrap(), targets);
    req.iterations = 400;
    let p = plan_month(net, layers, &req, &mut |_| {}).unwrap();
    assert!(p.coverage.roads_total > 0);
    assert!(p.coverage.roads_total_km <= 60.0 + 1e-6);
    let road_stops: Vec<_> = p
        .runs
        .iter()
        .flat_map(|r| r.stops.iter())
        .filter(|s| s.kind == "road")
        .collect();
    assert!(!road_stops.is_empty());
    for s in road_stops {
        assert!(
            s.lon >= bbox[0] && s.lon <= bbox[2] && s.lat >= bbox[1] && s.lat <= bbox[3],
            "{s:?}"
        );
    }
}
