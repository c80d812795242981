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

/// The independent checker on a solution of a damaged file: every violation it finds is a
/// required task that the solver itself reported unserved (damaged files are often infeasible).
fn assert_only_unserved(
    p: &PeriodicProblem,
    sol: &zouhang::solver::periodic::PeriodicSolution,
    text: &str,
) {
    let rep = check_periodic(p, sol);
    for v in &rep.violations {
        let reported =
            v.code == "C_REQUIRED" && v.task.is_some_and(|t| sol.unassigned.contains(&t));
        assert!(reported, "{} {}\n{text}", v.code, v.message);
    }
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
                if let Ok(sol) =
                    solve_periodic(&i.problem, &SolverConfig::with_iterations(3), &mut |_| {
                        Control::Continue
                    })
                {
                    assert_only_unserved(&i.problem, &sol, &s);
                }
            }
            if let Ok(i) = pcarp::read(&s) {
                if let Ok(sol) =
                    solve_periodic(&i.problem, &SolverConfig::with_iterations(3), &mut |_| {
                        Control::Continue
                    })
                {
                    assert_only_unserved(&i.problem, &sol, &s);
                }
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

/// A Cordeau text with explicit rows `(x, y, service, demand, combos)`, `m` vehicles a day.
fn cordeau_rows(
    m: usize,
    days: usize,
    dq: (f64, f64),
    rows: &[(f64, f64, f64, u64, &[u64])],
) -> String {
    let mut s = format!("1 {m} {} {days}\n", rows.len());
    for _ in 0..days {
        s.push_str(&format!("{} {}\n", dq.0, dq.1));
    }
    s.push_str("0 0 0 0 0 0 0\n");
    for (i, (x, y, service, demand, combos)) in rows.iter().enumerate() {
        let list: Vec<String> = combos.iter().map(|c| c.to_string()).collect();
        s.push_str(&format!(
            "{} {x} {y} {service} {demand} {} {} {}\n",
            i + 1,
            combos.first().map_or(0, |c| c.count_ones()),
            combos.len(),
            list.join(" ")
        ));
    }
    s
}

#[test]
fn infeasible_pvrp_is_reported_with_customers_and_reasons() {
    use zouhang::solver::periodic::{prove_periodic, BoundKind};
    use zouhang::solver::UnassignedReason;
    // D = 100, Q = 10, one vehicle a day over two days
    let rows: Vec<(f64, f64, f64, u64, &[u64])> = vec![
        (10.0, 0.0, 5.0, 3, &[1, 2]),  // fine
        (0.0, 10.0, 5.0, 12, &[1, 2]), // demand 12 > Q = 10
        (60.0, 0.0, 1.0, 1, &[1, 2]),  // out and back 120 > D = 100
        (-10.0, 0.0, 5.0, 1, &[1]),    // fine
    ];
    let text = cordeau_rows(1, 2, (100.0, 10.0), &rows);
    let inst = cordeau::read(&text).expect("valid");
    let proof = prove_periodic(&inst.problem).expect("valid problem");
    let obstacles: Vec<(usize, UnassignedReason, u64)> = proof
        .tasks
        .iter()
        .map(|o| (o.task, o.reason, o.blocked_days))
        .collect();
    assert_eq!(
        obstacles,
        vec![
            (1, UnassignedReason::Capacity, 0b11),
            (2, UnassignedReason::MaxDuration, 0b11)
        ]
    );
    assert!(proof.bounds.is_empty(), "{:?}", proof.bounds);
    let sol = solve_periodic(
        &inst.problem,
        &SolverConfig::with_iterations(200),
        &mut |_| Control::Continue,
    )
    .expect("valid");
    assert_eq!(sol.unassigned, vec![1, 2]);
    assert_eq!(
        sol.reasons,
        vec![UnassignedReason::Capacity, UnassignedReason::MaxDuration]
    );
    assert!(sol.feasibility.proven_infeasible(&[true; 4]));
    // the servable ones are served correctly: only the two impossible customers are missing
    let rep = check_periodic(&inst.problem, &sol);
    let codes: Vec<&str> = rep.violations.iter().map(|v| v.code).collect();
    assert_eq!(
        codes,
        vec!["C_REQUIRED", "C_REQUIRED"],
        "{:?}",
        rep.violations
    );

    // service alone above m·t·D: 3 customers every day, 40 each, D = 100 with one vehicle a day
    let rows: Vec<(f64, f64, f64, u64, &[u64])> = vec![
        (1.0, 0.0, 40.0, 1, &[3]),
        (0.0, 1.0, 40.0, 1, &[3]),
        (-1.0, 0.0, 40.0, 1, &[3]),
    ];
    let text = cordeau_rows(1, 2, (100.0, 10.0), &rows);
    let inst = cordeau::read(&text).expect("valid");
    let proof = prove_periodic(&inst.problem).expect("valid problem");
    assert!(proof.tasks.is_empty());
    let day_bounds: Vec<_> = proof
        .bounds
        .iter()
        .filter(|b| b.kind == BoundKind::Duration && b.day.is_some())
        .collect();
    assert_eq!(day_bounds.len(), 2, "{:?}", proof.bounds);
    assert!(day_bounds
        .iter()
        .all(|b| b.service == 120.0 && b.available == 100.0));
    assert!(proof.bounds.iter().any(|b| b.code() == "duration_horizon"));
    let sol = solve_periodic(
        &inst.problem,
        &SolverConfig::with_iterations(200),
        &mut |_| Control::Continue,
    )
    .expect("valid");
    assert!(!sol.unassigned.is_empty());
    assert!(sol.reasons.iter().all(|&r| r == UnassignedReason::NoRoom));
}

#[test]
fn proofs_never_contradict_a_feasible_solution() {
    use zouhang::solver::periodic::prove_periodic;
    // random instances from loose to tight: a proof of infeasibility and a complete
    // checker-feasible solution must never come together
    let mut g = Gen(4242);
    let (mut proven, mut solved) = (0, 0);
    for case in 0..40 {
        let (n, t, m) = (
            6 + g.below(10) as usize,
            2 + g.below(3) as usize,
            1 + g.below(2) as usize,
        );
        let mut s = format!("1 {m} {n} {t}\n");
        let d = 60 + g.below(200);
        for _ in 0..t {
            s.push_str(&format!("{d} {}\n", 5 + g.below(30)));
        }
        s.push_str("0 50 50 0 0 0 0\n");
        let all = (1u64 << t) - 1;
        for i in 1..=n {
            let combos: Vec<u64> = (0..1 + g.below(3)).map(|_| 1 + g.below(all)).collect();
            let list: Vec<String> = combos.iter().map(|c| c.to_string()).collect();
            s.push_str(&format!(
                "{i} {} {} {} {} 1 {} {}\n",
                30 + g.below(40),
                30 + g.below(40),
                g.below(30),
                1 + g.below(10),
                combos.len(),
                list.join(" ")
            ));
        }
        let inst = cordeau::read(&s).unwrap_or_else(|e| panic!("case {case}: {e}\n{s}"));
        let required = vec![true; inst.problem.base.tasks.len()];
        let proof = prove_periodic(&inst.problem).expect("valid");
        let sol = solve_periodic(
            &inst.problem,
            &SolverConfig::with_iterations(300).seed(case),
            &mut |_| Control::Continue,
        )
        .expect("valid");
        let rep = check_periodic(&inst.problem, &sol);
        let complete = rep.feasible && sol.unassigned.is_empty();
        let infeasible = proof.proven_infeasible(&required);
        assert!(!(complete && infeasible), "case {case}: {proof:?}\n{s}");
        // whatever is served is served within the rules
        assert!(
            rep.violations.iter().all(|v| v.code == "C_REQUIRED"),
            "case {case}: {:?}",
            rep.violations
        );
        // the impossible customers are among the unserved
        for o in &proof.tasks {
            assert!(sol.unassigned.contains(&o.task), "case {case}");
        }
        proven += usize::from(infeasible);
        solved += usize::from(complete);
    }
    // the generator covers both sides
    assert!(
        proven >= 5 && solved >= 5,
        "proven {proven}, solved {solved}"
    );
}

#[test]
fn time_limit_is_respected_on_a_large_six_day_instance() {
    // pr10-sized: 288 customers, 6 days, 12 vehicles a day, every visit frequency
    let mut g = Gen(99);
    let (n, t, m) = (288, 6, 12);
    let mut s = format!("1 {m} {n} {t}\n");
    for _ in 0..t {
        s.push_str("1000 170\n");
    }
    s.push_str("0 0 0 0 0 0 0\n");
    let freq: [(u32, &str); 4] = [
        (6, "1 63"),
        (3, "2 21 42"),
        (2, "3 9 18 36"),
        (1, "6 1 2 4 8 16 32"),
    ];
    for i in 1..=n {
        let (f, combos) = freq[(i - 1) * 4 / n];
        s.push_str(&format!(
            "{i} {} {} {} {} {f} {combos}\n",
            g.below(200) as i64 - 100,
            g.below(200) as i64 - 100,
            g.below(10),
            1 + g.below(25),
        ));
    }
    let inst = cordeau::read(&s).expect("valid");
    let limit_ms = 2000;
    let t0 = std::time::Instant::now();
    let sol = solve_periodic(
        &inst.problem,
        &SolverConfig::with_time_limit_ms(limit_ms),
        &mut |_| Control::Continue,
    )
    .expect("valid");
    let elapsed = t0.elapsed().as_secs_f64() * 1e3;
    assert!(
        elapsed <= limit_ms as f64 + 1000.0,
        "{elapsed:.0} ms for a {limit_ms} ms limit"
    );
    let rep = check_periodic(&inst.problem, &sol);
    assert!(
        rep.violations.iter().all(|v| v.code == "C_REQUIRED"),
        "{:?}",
        rep.violations
    );
}
