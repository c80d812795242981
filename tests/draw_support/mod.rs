//! Shared by the draw tests (native and wasm): the fixture cases and a seeded generator of random
//! registers and rules. Nothing here touches the file system, so it compiles for wasm32.
#![allow(dead_code)]

use zouhang::crs::Crs;
use zouhang::demo::DemoRng;
use zouhang::model::LonLat;
use zouhang::model::Supervision;
use zouhang::plan::draw::{
    demo_registers, draw, draw_json, plan_routes, Allocation, DrawRequest, DrawRules,
    EnterpriseRegister, Inspector, InspectorRegister, Period, Ratio, RegisterEnterprise,
    RouteRequest, SolverRouter,
};

/// The worked example's seed (docs/DRAW.md).
pub const EXAMPLE_SEED: &str = "2026年第三季度双随机·苏州演示";

/// Which registers a fixture case uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registers {
    /// The embedded demo registers.
    Demo,
    /// `tests/fixtures/draw/example_*.csv`.
    Example,
}

/// A fixture case: registers, seed and rules; its expected output is
/// `tests/fixtures/draw/expected/<name>.json`.
pub struct Case {
    pub name: &'static str,
    pub registers: Registers,
    pub seed: &'static str,
    pub rules: fn() -> DrawRules,
}

fn county_monthly() -> DrawRules {
    let mut r = DrawRules::county();
    r.period = Period::Month;
    r.allocation = Allocation::LargestRemainder;
    r
}

fn strict() -> DrawRules {
    let mut r = DrawRules::city();
    r.exclude_home_district = true;
    r.team_size = 3;
    r.teams = Some(6);
    r.days = 20;
    r.max_per_team_per_day = 5;
    r
}

fn too_big_teams() -> DrawRules {
    let mut r = DrawRules::city();
    r.team_size = 30;
    r
}

fn example_rules() -> DrawRules {
    let mut r = DrawRules::county();
    r.classes.general.proportion = Ratio::new(1, 5).unwrap_or(r.classes.general.proportion);
    r.days = 1;
    r.max_per_team_per_day = 3;
    r
}

/// The fixture cases.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "demo_city",
            registers: Registers::Demo,
            seed: "2026年第三季度",
            rules: DrawRules::city,
        },
        Case {
            name: "demo_county_monthly",
            registers: Registers::Demo,
            seed: "fixture·二",
            rules: county_monthly,
        },
        Case {
            name: "demo_strict",
            registers: Registers::Demo,
            seed: " 2026-09-30 双随机 ",
            rules: strict,
        },
        Case {
            name: "demo_too_few_inspectors",
            registers: Registers::Demo,
            seed: "x",
            rules: too_big_teams,
        },
        Case {
            name: "example",
            registers: Registers::Example,
            seed: EXAMPLE_SEED,
            rules: example_rules,
        },
    ]
}

/// The registers of a case; `example` are the bytes of the two example files.
pub fn registers(
    which: Registers,
    example: (&[u8], &[u8]),
) -> (EnterpriseRegister, InspectorRegister) {
    match which {
        Registers::Demo => demo_registers(),
        Registers::Example => (
            EnterpriseRegister::read(example.0, "example_enterprises.csv", Crs::Wgs84).0,
            InspectorRegister::read(example.1, "example_inspectors.csv").0,
        ),
    }
}

/// The `--json` text of a case.
pub fn run_case(case: &Case, example: (&[u8], &[u8])) -> String {
    let (e, i) = registers(case.registers, example);
    let request = DrawRequest {
        seed: case.seed.to_string(),
        rules: (case.rules)(),
    };
    draw_json(&draw(&e, &i, &request))
}

/// The routes of two demo draws by the solver router (city rules with each team's centre as the
/// depot; county rules from a common depot, where the days cannot hold every visit), as text:
/// the method, the warnings, and per route sheet its id, date, distance (0.1 m) and every stop
/// with its times. The plan's floats come from trigonometry whose last bit may differ between
/// the native and the wasm maths library, so they are rounded; the order of the visits, the
/// days and the times must be identical.
pub fn routes_case() -> String {
    let (e, i) = demo_registers();
    let mut out = String::new();
    for (seed, rules, depot) in [
        ("排线夹具·市级", DrawRules::city(), None),
        (
            "排线夹具·县级",
            DrawRules::county(),
            Some(LonLat::new(120.585, 31.299)),
        ),
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
            depot,
            start_date: Some("2026-07-01".into()),
            ..RouteRequest::default()
        };
        let routes = plan_routes(&r, &e, &i, &req, &SolverRouter::for_draw(&r)).unwrap();
        out += &format!("# {seed}\n{} [{}]\n", routes.method, routes.router);
        for w in &routes.warnings {
            out += &format!("{}: {}\n", w.code, w.message);
        }
        for s in &routes.plan.routes {
            let stops: Vec<String> = s
                .stops
                .iter()
                .map(|x| {
                    format!(
                        "{}@{}-{}",
                        x.id,
                        x.arrival.as_deref().unwrap_or(""),
                        x.departure.as_deref().unwrap_or("")
                    )
                })
                .collect();
            out += &format!(
                "{} {} {:.1} m: {}\n",
                s.id,
                s.date.as_deref().unwrap_or("-"),
                s.distance_m,
                stops.join(" ")
            );
        }
    }
    out
}

/// A random draw problem: registers, rules and seed.
pub struct RandomCase {
    pub enterprises: Vec<RegisterEnterprise>,
    pub inspectors: Vec<Inspector>,
    pub rules: DrawRules,
    pub seed: String,
}

const DISTRICTS: &[&str] = &["姑苏区", "吴江区", "吴中区", "昆山市", ""];
const PROPORTIONS: &[&str] = &[
    "0%", "5%", "12.5%", "25%", "1:5", "1/3", "2/3", "100%", "0.07",
];
const SEEDS: &[&str] = &["种子", " 2026Q3 ", "a\tb", "\u{3000}全角种子", "Ω", ""];

/// A seeded random draw problem: 0–60 enterprises in up to five districts (one unnamed), 0–16
/// inspectors with recusals by id, by district and unknown entries, and random rules (some of
/// them invalid, so that error paths are exercised too).
pub fn random_case(rng: &mut DemoRng, case: usize) -> RandomCase {
    let n_ent = if rng.unit() < 0.05 {
        0
    } else {
        1 + rng.below(60)
    };
    let n_dist = 1 + rng.below(DISTRICTS.len());
    let classes = [Supervision::Key, Supervision::Special, Supervision::General];
    let enterprises: Vec<RegisterEnterprise> = (0..n_ent)
        .map(|k| {
            let district = DISTRICTS[rng.below(n_dist)];
            let name = match rng.below(8) {
                0 => format!("名称,带逗号\"{k}"),
                1 => format!("tab\there\\{k}"),
                _ => format!("企业{k}"),
            };
            RegisterEnterprise {
                // ids are not in numeric order, and sometimes share a prefix
                id: format!("C{case}-{:03}", (k * 37) % 61),
                name,
                class: classes[rng.below(3)],
                district: district.to_string(),
                lon_e6: 120_300_000 + rng.below(900_000) as i64,
                lat_e6: 30_900_000 + rng.below(1_000_000) as i64,
            }
        })
        .collect();
    let n_insp = if rng.unit() < 0.05 {
        0
    } else {
        4 + rng.below(13)
    };
    let inspectors: Vec<Inspector> = (0..n_insp)
        .map(|k| {
            let mut recusal = Vec::new();
            if rng.unit() < 0.3 && !enterprises.is_empty() {
                for _ in 0..1 + rng.below(4) {
                    recusal.push(enterprises[rng.below(enterprises.len())].id.clone());
                }
            }
            if rng.unit() < 0.15 {
                recusal.push(DISTRICTS[rng.below(4)].to_string());
            }
            if rng.unit() < 0.05 {
                recusal.push("不存在的企业".to_string());
            }
            recusal.sort();
            recusal.dedup();
            Inspector {
                id: format!("I{:02}", (k * 7) % 17),
                name: format!("人员{k}"),
                unit: if k % 2 == 0 { "支队" } else { "大队" }.to_string(),
                district: DISTRICTS[rng.below(DISTRICTS.len())].to_string(),
                recusal,
            }
        })
        .collect();
    let ratio = |rng: &mut DemoRng| {
        PROPORTIONS[rng.below(PROPORTIONS.len())]
            .parse::<Ratio>()
            .unwrap_or(Ratio::new(1, 1).unwrap())
    };
    let periods = [
        Period::Month,
        Period::Quarter,
        Period::HalfYear,
        Period::Year,
    ];
    let mut rules = DrawRules::city();
    rules.period = periods[rng.below(4)];
    rules.classes.key.proportion = ratio(rng);
    rules.classes.key.per = periods[rng.below(4)];
    rules.classes.special.proportion = ratio(rng);
    rules.classes.general.proportion = ratio(rng);
    rules.classes.general.per = periods[rng.below(4)];
    rules.stratify_by_district = rng.unit() < 0.8;
    rules.allocation = if rng.unit() < 0.5 {
        Allocation::CeilPerStratum
    } else {
        Allocation::LargestRemainder
    };
    rules.team_size = if rng.unit() < 0.05 {
        1
    } else {
        2 + rng.below(3) as u32
    };
    rules.teams = if rng.unit() < 0.3 {
        Some(rng.below(6) as u32)
    } else {
        None
    };
    rules.days = if rng.unit() < 0.05 {
        0
    } else {
        1 + rng.below(5) as u32
    };
    rules.max_per_team_per_day = 1 + rng.below(10) as u32;
    rules.exclude_home_district = rng.unit() < 0.25;
    let seed = if rng.unit() < 0.03 {
        " \t\u{3000}".to_string()
    } else {
        format!("{}{}", SEEDS[rng.below(SEEDS.len())], rng.below(1000))
    };
    RandomCase {
        enterprises,
        inspectors,
        rules,
        seed,
    }
}
