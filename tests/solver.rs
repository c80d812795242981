//! Solver against oracles on seeded random data: brute-force TSPs and tiny two-vehicle VRPTWs,
//! the independent checker on every result, determinism for a seed, night shifts across
//! midnight, reasons for unserved tasks, cancellation, and a checker that catches tampering.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use zouhang::formats::{Metric, PlaneCost};
use zouhang::solver::{
    check, clock_window, solve, Budget, Control, Problem, Search, Solution, SolverConfig, Task,
    TimeWindow, UnassignedReason, Vehicle,
};

/// SplitMix64: the tests' own seeded generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

fn points(rng: &mut Rng, n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|_| (rng.range(0.0, 100.0), rng.range(0.0, 100.0)))
        .collect()
}

fn plane(pts: &[(f64, f64)]) -> Arc<PlaneCost> {
    Arc::new(PlaneCost::new(pts.to_vec(), Metric::Euclidean))
}

fn run(problem: &Problem, config: &SolverConfig) -> Solution {
    let s = solve(problem, config, &mut |_| Control::Continue).expect("valid problem");
    let report = check(problem, &s);
    assert!(
        report.routes_valid,
        "checker rejects the solver's routes: {:?}\nproblem: {problem:?}",
        report.violations
    );
    assert!(
        (report.cost - s.summary.cost).abs() <= 1e-6 * report.cost.abs().max(1.0),
        "reported cost {} != checker {}",
        s.summary.cost,
        report.cost
    );
    s
}

/// Visits every permutation of `items` (Heap's algorithm).
fn permutations(items: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
    if k <= 1 {
        f(items);
        return;
    }
    for i in 0..k {
        permutations(items, k - 1, f);
        let j = if k.is_multiple_of(2) { i } else { 0 };
        items.swap(j, k - 1);
    }
}

#[test]
fn tsp_matches_brute_force_with_both_engines() {
    let mut rng = Rng(11);
    for case in 0..24 {
        let n = 4 + case % 5; // 4..8 points, point 0 is the depot
        let pts = points(&mut rng, n);
        let cost = plane(&pts);
        let d = |a: usize, b: usize| cost.dist(a, b);
        let mut best = f64::INFINITY;
        permutations(&mut (1..n).collect(), n - 1, &mut |p| {
            let mut c = d(0, p[0]) + d(p[p.len() - 1], 0);
            for w in p.windows(2) {
                c += d(w[0], w[1]);
            }
            best = best.min(c);
        });
        let tasks = (1..n).map(Task::visit).collect();
        let problem = Problem::new(cost.clone(), tasks, vec![Vehicle::new(0)]);
        for tsp_engine in [true, false] {
            let mut config = SolverConfig::with_iterations(3000).seed(case as u64);
            config.params.tsp_engine = tsp_engine;
            let s = run(&problem, &config);
            assert!(s.unassigned.is_empty());
            assert!(
                (s.summary.cost - best).abs() < 1e-6,
                "case {case} (tsp_engine {tsp_engine}): solver {} vs optimum {best}; points {pts:?}",
                s.summary.cost
            );
        }
    }
}

/// A tiny VRPTW: travel time = distance, one window and a demand per customer, capacity per
/// vehicle, shift [0, horizon] from depot 0. Returns the optimum by enumerating every order of
/// the customers with one route break, or `None` when nothing is feasible.
struct Tiny {
    pts: Vec<(f64, f64)>,
    windows: Vec<(f64, f64)>,
    service: Vec<f64>,
    demand: Vec<i64>,
    capacity: i64,
    horizon: f64,
}

impl Tiny {
    fn route_cost(&self, route: &[usize]) -> Option<f64> {
        let cost = plane(&self.pts);
        let (mut t, mut dist, mut load, mut at) = (0.0, 0.0, 0, 0);
        for &c in route {
            let leg = cost.dist(at, c);
            dist += leg;
            t = f64::max(t + leg, self.windows[c].0);
            if t > self.windows[c].1 + 1e-9 {
                return None;
            }
            t += self.service[c];
            load += self.demand[c];
            at = c;
        }
        let leg = cost.dist(at, 0);
        (load <= self.capacity && t + leg <= self.horizon + 1e-9).then_some(dist + leg)
    }

    fn optimum(&self) -> Option<f64> {
        let n = self.pts.len();
        let mut best: Option<f64> = None;
        permutations(&mut (1..n).collect(), n - 1, &mut |p| {
            for cut in 0..=p.len() {
                let (a, b) = p.split_at(cut);
                if let (Some(x), Some(y)) = (self.route_cost(a), self.route_cost(b)) {
                    let c = x + y;
                    if best.is_none_or(|bv| c < bv) {
                        best = Some(c);
                    }
                }
            }
        });
        best
    }

    fn problem(&self) -> Problem {
        let tasks = (1..self.pts.len())
            .map(|c| {
                Task::visit(c)
                    .with_service(self.service[c])
                    .with_windows(vec![TimeWindow::new(self.windows[c].0, self.windows[c].1)])
                    .with_demand(vec![self.demand[c]])
            })
            .collect();
        let v = Vehicle::new(0)
            .with_shift(TimeWindow::new(0.0, self.horizon))
            .with_capacity(vec![self.capacity]);
        Problem::new(plane(&self.pts), tasks, vec![v.clone(), v])
    }
}

#[test]
fn tiny_vrptw_matches_brute_force() {
    let mut rng = Rng(29);
    let mut compared = 0;
    for case in 0..30 {
        let n = 5 + case % 3; // 4..6 customers
        let pts = points(&mut rng, n);
        let horizon = 400.0;
        let windows = (0..n)
            .map(|_| {
                let a = rng.range(0.0, 250.0);
                (a, a + rng.range(20.0, 150.0))
            })
            .collect();
        let tiny = Tiny {
            windows,
            service: (0..n).map(|_| rng.range(0.0, 10.0)).collect(),
            demand: (0..n).map(|_| (rng.next() % 4) as i64 + 1).collect(),
            capacity: 8,
            horizon,
            pts,
        };
        let problem = tiny.problem();
        let s = run(
            &problem,
            &SolverConfig::with_iterations(4000).seed(case as u64),
        );
        match tiny.optimum() {
            Some(best) => {
                compared += 1;
                assert!(
                    s.unassigned.is_empty(),
                    "case {case}: feasible instance left {:?} unserved; problem {problem:?}",
                    s.unassigned
                );
                assert!(
                    (s.summary.cost - best).abs() < 1e-6,
                    "case {case}: solver {} vs optimum {best}; problem {problem:?}",
                    s.summary.cost
                );
            }
            None => assert!(
                !s.unassigned.is_empty(),
                "case {case}: infeasible instance fully served?"
            ),
        }
    }
    assert!(
        compared >= 10,
        "only {compared} feasible cases: the generator needs looser windows"
    );
}

/// Random instances with several depots, skills, two capacity dimensions, optional tasks and
/// multi-window tasks: every result is valid per the checker and identical for a seed.
#[test]
fn random_rich_instances_are_valid_and_deterministic() {
    let mut rng = Rng(5);
    for case in 0..12 {
        let n = 30 + case * 3;
        let pts = points(&mut rng, n);
        let cost = plane(&pts);
        let tasks: Vec<Task> = (3..n)
            .map(|c| {
                let a = rng.range(0.0, 500.0);
                let mut t = Task::visit(c)
                    .with_service(rng.range(0.0, 15.0))
                    .with_windows(vec![
                        TimeWindow::new(a, a + 60.0),
                        TimeWindow::new(a + 200.0, a + 320.0),
                    ])
                    .with_demand(vec![(rng.next() % 3) as i64, (rng.next() % 2) as i64]);
                if rng.next().is_multiple_of(4) {
                    t = t.with_skills(vec![1]);
                }
                if rng.next().is_multiple_of(3) {
                    t = t.optional(rng.range(1.0, 100.0));
                }
                t
            })
            .collect();
        let vehicles: Vec<Vehicle> = (0..4)
            .map(|v| {
                let mut veh = Vehicle::new(v % 3)
                    .with_shift(TimeWindow::new(0.0, 900.0))
                    .with_capacity(vec![12, 5]);
                veh.end = Some((v + 1) % 3);
                veh.max_distance_m = 700.0;
                if v == 0 {
                    veh.skills = vec![1];
                }
                veh
            })
            .collect();
        let problem = Problem::new(cost, tasks, vehicles);
        let config = SolverConfig::with_iterations(1500).seed(case as u64);
        let a = run(&problem, &config);
        let b = run(&problem, &config);
        assert_eq!(a, b, "case {case}: same seed, different result");
        let report = check(&problem, &a);
        assert_eq!(report.unassigned_required, a.summary.unassigned_required);
        for u in &a.unassigned {
            assert!(
                problem.tasks.get(u.task).is_some(),
                "case {case}: unknown unassigned task"
            );
        }
    }
}

#[test]
fn night_shift_across_midnight() {
    let pts = vec![(0.0, 0.0), (600.0, 0.0), (600.0, 600.0), (0.0, 600.0)];
    let shift = clock_window("20:00", "04:00").unwrap();
    assert_eq!((shift.start_s, shift.end_s), (72_000.0, 100_800.0));
    let late = clock_window("23:30", "02:00").unwrap();
    // a window that does not cross midnight is on the first day; the early-morning one of a
    // night shift is the next day (the JSON API repeats daily windows on the second day)
    let tasks = vec![
        Task::visit(1).with_service(1800.0).with_windows(vec![late]),
        Task::visit(2)
            .with_service(1800.0)
            .with_windows(vec![clock_window("21:00", "22:00").unwrap()]),
        Task::visit(3)
            .with_service(600.0)
            .with_windows(vec![clock_window("02:00", "03:00")
                .unwrap()
                .shifted_days(1)]),
    ];
    let problem = Problem::new(plane(&pts), tasks, vec![Vehicle::new(0).with_shift(shift)]);
    let s = run(&problem, &SolverConfig::with_iterations(500));
    assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
    let order: Vec<usize> = s.routes[0].steps.iter().map(|st| st.task).collect();
    assert_eq!(
        order,
        vec![1, 0, 2],
        "windows force 21:00, then 23:30, then 02:00"
    );
    for st in &s.routes[0].steps {
        let w = problem.tasks[st.task].windows[0];
        assert!(
            w.contains(st.start_s),
            "task {} starts at {} outside {w:?}",
            st.task,
            st.start_s
        );
    }
    assert!(s.routes[0].end_s <= shift.end_s);
}

#[test]
fn unserved_tasks_come_back_with_reasons() {
    let pts = vec![
        (0.0, 0.0),
        (10.0, 0.0),
        (20.0, 0.0),
        (30.0, 0.0),
        (40.0, 0.0),
    ];
    let v = Vehicle::new(0)
        .with_shift(TimeWindow::new(0.0, 200.0))
        .with_capacity(vec![5]);
    let tasks = vec![
        Task::visit(1).with_demand(vec![1]),
        Task::visit(2).with_demand(vec![1]).with_skills(vec![9]),
        Task::visit(3).with_demand(vec![6]),
        Task::visit(4)
            .with_demand(vec![1])
            .with_windows(vec![TimeWindow::new(500.0, 600.0)]),
    ];
    let problem = Problem::new(plane(&pts), tasks, vec![v]);
    let s = run(&problem, &SolverConfig::with_iterations(300));
    let reason = |t: usize| s.unassigned.iter().find(|u| u.task == t).map(|u| u.reason);
    assert_eq!(reason(0), None);
    assert_eq!(reason(1), Some(UnassignedReason::NoSkill));
    assert_eq!(reason(2), Some(UnassignedReason::Capacity));
    assert_eq!(reason(3), Some(UnassignedReason::NoTime));
    assert!(
        !check(&problem, &s).feasible,
        "required tasks unserved: not feasible"
    );
}

#[test]
fn optional_tasks_are_served_by_value() {
    // one hour of shift, two optional stops in opposite directions: the more valuable one wins
    let pts = vec![(0.0, 0.0), (1000.0, 0.0), (-1000.0, 0.0)];
    let tasks = vec![
        Task::visit(1).with_service(1500.0).optional(1.0),
        Task::visit(2).with_service(1500.0).optional(10.0),
    ];
    let v = Vehicle::new(0).with_shift(TimeWindow::new(0.0, 3600.0));
    let problem = Problem::new(plane(&pts), tasks, vec![v]);
    let s = run(&problem, &SolverConfig::with_iterations(300));
    let served: Vec<usize> = s
        .routes
        .iter()
        .flat_map(|r| r.steps.iter().map(|st| st.task))
        .collect();
    assert_eq!(served, vec![1]);
    assert_eq!(s.unassigned.len(), 1);
    assert_eq!(s.unassigned[0].reason, UnassignedReason::NoRoom);
    assert!(
        check(&problem, &s).feasible,
        "optional tasks may stay unserved"
    );
}

#[test]
fn arc_tasks_choose_their_direction_and_respect_one_way() {
    // two road segments: 2→1 may be served either way, 3→2 only as given
    let pts = vec![(0.0, 0.0), (100.0, 0.0), (100.0, 50.0), (0.0, 50.0)];
    let two_way = Task::arc(2, 1, 50.0, 50.0, false);
    let one_way = Task::arc(3, 2, 100.0, 100.0, true);
    let problem = Problem::new(plane(&pts), vec![two_way, one_way], vec![Vehicle::new(0)]);
    let s = run(&problem, &SolverConfig::with_iterations(500));
    assert!(s.unassigned.is_empty());
    for st in &s.routes[0].steps {
        if st.task == 1 {
            assert!(!st.reversed, "one-way arc served against its direction");
        }
    }
    // the best tour: 0→3, one-way arc 3→2, arc 2→1 as given, 1→0 = 50 + 100 + 50 + 100
    assert!(
        (s.summary.cost - 300.0).abs() < 1e-6,
        "cost {}",
        s.summary.cost
    );
}

#[test]
fn anytime_search_can_be_cancelled_and_reports_progress() {
    let mut rng = Rng(3);
    let pts = points(&mut rng, 80);
    let tasks = (1..80).map(Task::visit).collect();
    let v = Vehicle::new(0).with_capacity(vec![30]);
    let mut problem = Problem::new(plane(&pts), tasks, vec![v.clone(), v.clone(), v]);
    for t in &mut problem.tasks {
        t.demand = vec![1];
    }
    let mut search = Search::new(&problem, &SolverConfig::with_time_limit_ms(60_000)).unwrap();
    let first = search.step(Budget::Iterations(50));
    assert!(!first.done);
    let second = search.step(Budget::Iterations(500));
    assert!(second.best_cost <= first.best_cost);
    assert!(second.iterations >= first.iterations + 500 || second.done);
    search.cancel();
    assert!(search.is_done());
    assert!(search.step(Budget::Iterations(10)).done);
    let best = search.best_solution();
    assert!(check(&problem, &best).feasible);
    let costs: Vec<f64> = search.history().iter().map(|h| h.best_cost).collect();
    assert!(!costs.is_empty());
    assert!(
        costs.windows(2).all(|w| w[1] <= w[0]),
        "best cost never rises: {costs:?}"
    );
    // solve() stops when the callback says so
    let mut calls = 0;
    let s = solve(
        &problem,
        &SolverConfig::with_time_limit_ms(60_000),
        &mut |_| {
            calls += 1;
            Control::Stop
        },
    )
    .unwrap();
    assert_eq!(calls, 1);
    assert!(check(&problem, &s).feasible);
}

#[test]
fn checker_catches_tampered_solutions() {
    let mut rng = Rng(17);
    let pts = points(&mut rng, 12);
    let tasks = (1..12)
        .map(|c| {
            Task::visit(c)
                .with_demand(vec![1])
                .with_windows(vec![TimeWindow::new(0.0, 400.0)])
        })
        .collect();
    let v = Vehicle::new(0)
        .with_capacity(vec![6])
        .with_shift(TimeWindow::new(0.0, 1000.0));
    let problem = Problem::new(plane(&pts), tasks, vec![v.clone(), v]);
    let good = run(&problem, &SolverConfig::with_iterations(500));
    assert!(check(&problem, &good).feasible);

    let mut cheaper = good.clone();
    cheaper.summary.cost *= 0.9;
    assert!(
        !check(&problem, &cheaper).feasible,
        "misreported cost accepted"
    );

    let mut dropped = good.clone();
    let r = dropped
        .routes
        .iter_mut()
        .find(|r| !r.steps.is_empty())
        .unwrap();
    r.steps.pop();
    assert!(!check(&problem, &dropped).feasible, "missing task accepted");

    let mut overloaded = good.clone();
    let moved: Vec<_> = overloaded.routes[1].steps.drain(..).collect();
    overloaded.routes[0].steps.extend(moved);
    assert!(
        !check(&problem, &overloaded).routes_valid,
        "overloaded route accepted"
    );

    let mut late = good.clone();
    let r = late
        .routes
        .iter_mut()
        .find(|r| !r.steps.is_empty())
        .unwrap();
    r.steps[0].start_s = 450.0;
    assert!(
        !check(&problem, &late).feasible,
        "service outside its window accepted"
    );
}
