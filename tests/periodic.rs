//! Arc routing and periodic planning end to end: generated instances (seeded) through the
//! readers, the searches and the independent checkers; the checkers catch broken solutions; the
//! readers never panic on damaged files.

use std::sync::Arc;

use zouhang::formats::{carp, cordeau, pcarp, Metric, PlaneCost};
use zouhang::solver::periodic::{check_periodic, solve_periodic, PeriodicProblem, VisitRule};
use zouhang::solver::{check, solve, Control, Problem, SolverConfig, Task, Vehicle};

/// xorshift64: the test data generator.
struct Gen(u64);
impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// A CARPLIB text: a grid of `w × h` vertices, some edges required.
fn grid_carp(g: &mut Gen, w: usize, h: usize) -> (String, usize) {
    let id = |x: usize, y: usize| y * w + x + 1;
    let mut req = Vec::new();
    let mut other = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let mut add = |a: usize, b: usize, g: &mut Gen| {
                let c = 1 + g.below(9);
                if g.below(2) == 0 {
                    req.push(format!(
                        " ( {a}, {b})  coste {c} demanda {}",
                        1 + g.below(4)
                    ));
                } else {
                    other.push(format!(" ( {a}, {b})  coste {c}"));
                }
            };
            if x + 1 < w {
                add(id(x, y), id(x + 1, y), g);
            }
            if y + 1 < h {
                add(id(x, y), id(x, y + 1), g);
            }
        }
    }
    let text = format!(
        "NOMBRE : grid\nVERTICES : {}\nARISTAS_REQ : {}\nARISTAS_NOREQ : {}\nVEHICULOS : 2\nCAPACIDAD : 12\n\
         TIPO_COSTES_ARISTAS : EXPLICITOS\nLISTA_ARISTAS_REQ :\n{}\nLISTA_ARISTAS_NOREQ :\n{}\nDEPOSITO : 1\n",
        w * h,
        req.len(),
        other.len(),
        req.join("\n"),
        other.join("\n")
    );
    (text, req.len())
}

#[test]
fn carp_solutions_serve_every_required_edge_once_and_pass_the_checker() {
    let mut g = Gen(2024);
    for case in 0..5 {
        let (text, n_req) = grid_carp(&mut g, 4, 3);
        let inst = carp::read(&text).unwrap_or_else(|e| panic!("case {case}: {e}\n{text}"));
        let sol = solve(
            &inst.problem,
            &SolverConfig::with_iterations(300).seed(case),
            &mut |_| Control::Continue,
        )
        .expect("valid problem");
        let rep = check(&inst.problem, &sol);
        assert!(rep.feasible, "case {case}: {:?}\n{text}", rep.violations);
        let edges = inst.route_edges(&sol);
        let mut served: Vec<(u64, u64)> = edges
            .iter()
            .flatten()
            .map(|e| (e[0].min(e[1]), e[0].max(e[1])))
            .collect();
        served.sort_unstable();
        let mut want: Vec<(u64, u64)> = inst
            .ends
            .iter()
            .map(|&(a, b)| (a.min(b), a.max(b)))
            .collect();
        want.sort_unstable();
        assert_eq!(served, want, "case {case}");
        assert_eq!(served.len(), n_req);
        let (s, d) = carp::served_and_deadhead(&inst.problem, &sol);
        assert!((s + d - rep.cost).abs() < 1e-9 && d >= 0.0);
        for r in &rep.routes {
            assert!(r.load.iter().all(|&l| l <= 12));
        }
    }
}

/// A random PVRP in Cordeau's format: `n` customers, `t` days, `m` vehicles a day.
fn cordeau_text(g: &mut Gen, n: usize, t: usize, m: usize) -> String {
    let mut s = format!("1 {m} {n} {t}\n");
    for _ in 0..t {
        s.push_str("400 60\n");
    }
    s.push_str("0 50 50 0 0 0 0\n");
    let all = (1u64 << t) - 1;
    for i in 1..=n {
        let combos: Vec<u64> = (0..1 + g.below(3)).map(|_| 1 + g.below(all)).collect();
        s.push_str(&format!(
            "{i} {} {} {} {} 1 {} {}\n",
            g.below(100),
            g.below(100),
            g.below(10),
            1 + g.below(10),
            combos.len(),
            combos
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    s
}

#[test]
fn pvrp_solutions_pass_the_checker_and_broken_ones_do_not() {
    let mut g = Gen(77);
    for case in 0..5 {
        let text = cordeau_text(&mut g, 20, 3, 3);
        let inst = cordeau::read(&text).unwrap_or_else(|e| panic!("case {case}: {e}"));
        let p = &inst.problem;
        let sol = solve_periodic(
            p,
            &SolverConfig::with_iterations(300).seed(case),
            &mut |_| Control::Continue,
        )
        .expect("valid problem");
        let rep = check_periodic(p, &sol);
        assert!(rep.feasible, "case {case}: {:?}\n{text}", rep.violations);
        assert!(
            sol.unassigned.is_empty(),
            "case {case}: enough vehicles for everyone"
        );
        for (t, &m) in sol.visit_days.iter().enumerate() {
            assert!(
                p.rules[t].allows(m, p.days),
                "case {case}: task {t} on {m:b}"
            );
        }
        // drop one visit: the pattern (or the requirement) and the reported days break
        let mut broken = sol.clone();
        let day = broken
            .days
            .iter_mut()
            .find(|d| d.routes.iter().any(|r| !r.steps.is_empty()))
            .expect("a route");
        let route = day
            .routes
            .iter_mut()
            .find(|r| !r.steps.is_empty())
            .expect("a route");
        route.steps.remove(0);
        let bad = check_periodic(p, &broken);
        assert!(!bad.feasible);
        let codes: Vec<&str> = bad.violations.iter().map(|v| v.code).collect();
        assert!(
            codes.contains(&"C_PATTERN") || codes.contains(&"C_REQUIRED"),
            "{codes:?}"
        );
        assert!(codes.contains(&"C_REPORTED"), "{codes:?}");
    }
}

#[test]
fn spacing_rules_and_days_off_are_respected() {
    let mut g = Gen(5);
    let points: Vec<(f64, f64)> = (0..16)
        .map(|_| (g.below(100) as f64, g.below(100) as f64))
        .collect();
    let tasks: Vec<Task> = (1..16)
        .map(|i| Task::visit(i).with_demand(vec![1]))
        .collect();
    let vehicles = vec![
        Vehicle::new(0).with_capacity(vec![10]),
        Vehicle::new(0).with_capacity(vec![10]),
    ];
    let base = Problem::new(
        Arc::new(PlaneCost::new(points, Metric::Euclidean)),
        tasks,
        vehicles,
    );
    let rules: Vec<VisitRule> = (0..15)
        .map(|i| match i % 3 {
            0 => VisitRule::Spacing {
                visits: 2,
                min_gap_days: 3,
            },
            1 => VisitRule::OnePerPart { parts: 2 },
            _ => VisitRule::Combinations(vec![0b000011, 0b110000]),
        })
        .collect();
    let mut p = PeriodicProblem::every_day(base, 6, rules);
    p.vehicle_days = vec![0b111111, 0b010101]; // the second vehicle works every other day
    let sol = solve_periodic(&p, &SolverConfig::with_iterations(400), &mut |_| {
        Control::Continue
    })
    .expect("valid");
    let rep = check_periodic(&p, &sol);
    assert!(rep.feasible, "{:?}", rep.violations);
    assert!(sol.unassigned.is_empty());
    for d in &sol.days {
        for r in &d.routes {
            assert!(p.vehicle_days[r.vehicle] >> d.day & 1 == 1);
        }
    }
    // a route moved to a day off is caught
    let mut broken = sol.clone();
    if let Some(d) = broken
        .days
        .iter_mut()
        .find(|d| d.day % 2 == 1 && !d.routes.is_empty())
    {
        d.routes[0].vehicle = 1;
        let codes: Vec<&str> = check_periodic(&p, &broken)
            .violations
            .iter()
            .map(|v| v.code)
            .collect();
        assert!(codes.contains(&"C_CALENDAR"), "{codes:?}");
    }
    // an invalid periodic problem is reported, not solved
    let mut bad = p.clone();
    bad.rules[0] = VisitRule::Spacing {
        visits: 4,
        min_gap_days: 3,
    };
    assert!(
        solve_periodic(&bad, &SolverConfig::with_iterations(10), &mut |_| {
            Control::Continue
        })
        .is_err()
    );
}

#[test]
fn pcarp_reads_and_solves() {
    let text = "Name= t\nnbnodes=3\nnbtrucks=1\ncapacity=10\nDepot=1\n\
        arc=1, From=1, to=2, Qty=1, Trav=3, Col= 3, inv=2,succ=2; freq= 2, minspac= 1, maxspac= 1\n\
        arc=2, From=2, to=1, Qty=1, Trav=3, Col= 3, inv=1,succ=1; freq= 2, minspac= 1, maxspac= 1\n\
        arc=3, From=2, to=3, Qty=2, Trav=4, Col= 4, inv=4,succ=4; freq= 3, minspac= 1, maxspac= 1\n\
        arc=4, From=3, to=2, Qty=2, Trav=4, Col= 4, inv=3,succ=3; freq= 3, minspac= 1, maxspac= 1\n";
    let inst = pcarp::read(text).expect("valid");
    assert_eq!(inst.ends, vec![(1, 2), (2, 3)]);
    let sol = solve_periodic(
        &inst.problem,
        &SolverConfig::with_iterations(100),
        &mut |_| Control::Continue,
    )
    .expect("valid");
    let rep = check_periodic(&inst.problem, &sol);
    assert!(rep.feasible, "{:?}", rep.violations);
    assert_eq!(
        sol.visit_days
            .iter()
            .map(|m| m.count_ones())
            .collect::<Vec<_>>(),
        vec![2, 3]
    );
    // optimum: (2, 3) on three days, (1, 2) on two of them (day sets 26 ⊇ 18), 1→2→3→2→1 = 14 a day
    assert_eq!(rep.cost, 42.0);
}

#[test]
fn readers_never_panic_on_damaged_files() {
    let mut g = Gen(31337);
    let (carp_text, _) = grid_carp(&mut g, 3, 3);
    let pvrp_text = cordeau_text(&mut g, 6, 2, 1);
    let pcarp_text = "Name= t\nnbnodes=3\nnbtrucks=1\ncapacity=10\nDepot=1\n\
        arc=1, From=1, to=2, Qty=1, Trav=3, Col= 3, inv=2,succ=2; freq= 2, minspac= 1, maxspac= 1\n";
    let junk = [
        "",
        "(",
        ")",
        ":",
        "=",
        ",",
        ";",
        "-1",
        "0",
        "99999999999",
        "NaN",
        "inf",
        "\n",
        " ",
        "1e308",
        "é",
    ];
    for base in [carp_text.as_str(), pvrp_text.as_str(), pcarp_text] {
        for _ in 0..400 {
            let mut t: Vec<char> = base.chars().collect();
            for _ in 0..1 + g.below(4) {
                let at = g.below(t.len() as u64 + 1) as usize;
                match g.below(3) {
                    0 if at < t.len() => {
                        t.remove(at);
                    }
                    1 => t
                        .splice(at..at, junk[g.below(junk.len() as u64) as usize].chars())
                        .for_each(drop),
                    _ => t.truncate(at),
                }
            }
            let s: String = t.into_iter().collect();
            let _ = carp::read(&s);
            if let Ok(i) = cordeau::read(&s) {
                let _ = solve_periodic(&i.problem, &SolverConfig::with_iterations(3), &mut |_| {
                    Control::Continue
                });
            }
            if let Ok(i) = pcarp::read(&s) {
                let _ = solve_periodic(&i.problem, &SolverConfig::with_iterations(3), &mut |_| {
                    Control::Continue
                });
            }
        }
    }
}

#[test]
fn mixed_point_and_arc_tasks_are_routed_together() {
    use zouhang::formats::{GraphCost, GraphEdge};
    let e = |u, v, cost| GraphEdge {
        u,
        v,
        cost,
        one_way: false,
    };
    let edges: Vec<GraphEdge> = (0..8)
        .map(|i| e(i, (i + 1) % 8, 2.0 + (i % 3) as f64))
        .chain([e(0, 4, 5.0)])
        .collect();
    let graph = Arc::new(GraphCost::new(8, &edges));
    let tasks = vec![
        Task::arc(1, 2, 3.0, 3.0, false).with_demand(vec![2]),
        Task::arc(5, 4, 4.0, 4.0, true).with_demand(vec![2]),
        Task::visit(3).with_demand(vec![1]),
        Task::visit(6).with_demand(vec![1]),
        Task::arc(6, 7, 2.0, 2.0, false).with_demand(vec![3]),
    ];
    let vehicles = vec![
        Vehicle::new(0).with_capacity(vec![6]),
        Vehicle::new(0).with_capacity(vec![6]),
    ];
    let problem = Problem::new(graph, tasks, vehicles);
    let sol = solve(&problem, &SolverConfig::with_iterations(300), &mut |_| {
        Control::Continue
    })
    .expect("valid");
    let rep = check(&problem, &sol);
    assert!(rep.feasible, "{:?}", rep.violations);
    assert!(sol.unassigned.is_empty());
    // the one-way arc is served 5 → 4 only
    let step = sol
        .routes
        .iter()
        .flat_map(|r| &r.steps)
        .find(|s| s.task == 1)
        .expect("served");
    assert!(!step.reversed);
    let (served, deadhead) = carp::served_and_deadhead(&problem, &sol);
    assert_eq!(served, 3.0 + 4.0 + 2.0);
    assert!((served + deadhead - rep.distance_m).abs() < 1e-9);
}
