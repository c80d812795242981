//! The chained Lin–Kernighan engine against oracles on seeded random data: Held–Karp dynamic
//! programming on up to 11 nodes (the engine must find the optimum), a permutation on random
//! inputs of every size, no panic on degenerate inputs (no node, one, two, three, all points
//! equal, duplicates), determinism for a seed, and the independent checker on every result
//! that goes through `solve`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use zouhang::formats::{Metric, PlaneCost};
use zouhang::solver::tsp::{FnCost, TourSearch};
use zouhang::solver::{check, solve, Control, Problem, Search, SolverConfig, Task, Vehicle};

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
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn points(rng: &mut Rng, n: usize, grid: u64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|_| (rng.below(grid) as f64, rng.below(grid) as f64))
        .collect()
}

fn euclid(pts: &[(f64, f64)]) -> impl Fn(u32, u32) -> f64 + '_ {
    |a, b| {
        let (p, q) = (pts[a as usize], pts[b as usize]);
        (p.0 - q.0).hypot(p.1 - q.1)
    }
}

/// Held–Karp: the optimal tour length over `n ≤ 16` nodes.
fn held_karp(n: usize, d: &dyn Fn(u32, u32) -> f64) -> f64 {
    if n <= 1 {
        return 0.0;
    }
    let full = 1usize << (n - 1);
    // dp[set][j]: shortest path from 0 through `set` (nodes 1..n as bits) ending at j + 1
    let mut dp = vec![f64::INFINITY; full * (n - 1)];
    for j in 0..n - 1 {
        dp[(1 << j) * (n - 1) + j] = d(0, j as u32 + 1);
    }
    for set in 1..full {
        for j in 0..n - 1 {
            let cur = dp[set * (n - 1) + j];
            if set & (1 << j) == 0 || cur == f64::INFINITY {
                continue;
            }
            for k in 0..n - 1 {
                if set & (1 << k) == 0 {
                    let next = set | (1 << k);
                    let v = cur + d(j as u32 + 1, k as u32 + 1);
                    let slot = &mut dp[next * (n - 1) + k];
                    if v < *slot {
                        *slot = v;
                    }
                }
            }
        }
    }
    (0..n - 1)
        .map(|j| dp[(full - 1) * (n - 1) + j] + d(j as u32 + 1, 0))
        .fold(f64::INFINITY, f64::min)
}

fn tour_length(tour: &[u32], d: &dyn Fn(u32, u32) -> f64) -> f64 {
    let m = tour.len();
    (0..m).map(|i| d(tour[i], tour[(i + 1) % m])).sum()
}

fn assert_permutation(tour: &[u32], n: usize) {
    let mut s = tour.to_vec();
    s.sort_unstable();
    assert_eq!(
        s,
        (0..n as u32).collect::<Vec<_>>(),
        "not a permutation: {tour:?}"
    );
}

#[test]
fn tour_search_finds_the_held_karp_optimum() {
    let mut rng = Rng(16);
    for case in 0..60 {
        let n = 4 + case % 8; // 4..11 nodes
        let pts = points(&mut rng, n, 1000);
        let d = euclid(&pts);
        let opt = held_karp(n, &d);
        let mut s = TourSearch::new(FnCost::new(n, &d), case as u64);
        s.run_iterations(200);
        assert_permutation(s.best_tour(), n);
        let len = tour_length(s.best_tour(), &d);
        assert!((len - s.best_length()).abs() < 1e-6);
        assert!(
            (len - opt).abs() < 1e-6,
            "case {case}: {len} vs optimum {opt}; points {pts:?}"
        );
    }
}

#[test]
fn solve_path_finds_the_optimum_and_passes_the_checker() {
    let mut rng = Rng(61);
    for case in 0..12 {
        let n = 9 + case % 3; // 8..10 tasks: the TSP engine's path
        let pts = points(&mut rng, n, 100);
        let cost = Arc::new(PlaneCost::new(pts.clone(), Metric::Euclidean));
        let problem = Problem::new(
            cost,
            (1..n).map(Task::visit).collect(),
            vec![Vehicle::new(0)],
        );
        let config = SolverConfig::with_iterations(300).seed(case as u64);
        assert!(Search::new(&problem, &config).unwrap().is_tsp());
        let s = solve(&problem, &config, &mut |_| Control::Continue).unwrap();
        let report = check(&problem, &s);
        assert!(report.feasible, "case {case}: {:?}", report.violations);
        let opt = held_karp(n, &euclid(&pts));
        assert!(
            (report.cost - opt).abs() < 1e-6,
            "case {case}: {} vs optimum {opt}; points {pts:?}",
            report.cost
        );
    }
}

#[test]
fn random_inputs_give_permutations_and_the_same_tour_for_a_seed() {
    let mut rng = Rng(7);
    for case in 0..30 {
        let n = [0, 1, 2, 3, 5, 8, 13, 40, 120, 300][case % 10];
        // coarse grids give many equal distances and duplicate points
        let grid = [3, 10, 1000][case % 3];
        let pts = points(&mut rng, n, grid);
        let d = euclid(&pts);
        let run = || {
            let mut s = TourSearch::new(FnCost::new(n, &d), case as u64);
            s.run_iterations(300);
            (s.best_tour().to_vec(), s.best_length())
        };
        let (tour, len) = run();
        assert_permutation(&tour, n);
        assert!((tour_length(&tour, &d) - len).abs() < 1e-6 * len.max(1.0));
        assert_eq!(run().0, tour, "case {case}: not deterministic");
    }
}

#[test]
fn degenerate_inputs_do_not_panic() {
    for n in 0..6 {
        let zero = |_: u32, _: u32| 0.0;
        let mut s = TourSearch::new(FnCost::new(n, zero), 1);
        s.run_iterations(20);
        assert_permutation(s.best_tour(), n);
        assert_eq!(s.best_length(), 0.0);
    }
    // all points equal, through solve and the checker
    let pts = vec![(5.0, 5.0); 12];
    let cost = Arc::new(PlaneCost::new(pts, Metric::Euclidean));
    let problem = Problem::new(
        cost,
        (1..12).map(Task::visit).collect(),
        vec![Vehicle::new(0)],
    );
    let s = solve(&problem, &SolverConfig::with_iterations(50), &mut |_| {
        Control::Continue
    })
    .unwrap();
    let report = check(&problem, &s);
    assert!(report.feasible, "{:?}", report.violations);
    assert_eq!(report.cost, 0.0);
}
