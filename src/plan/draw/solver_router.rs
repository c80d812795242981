//! The team router backed by the route solver ([`crate::solver`]).
//!
//! One team's working days become one routing problem: a vehicle per day, all starting and
//! ending at the depot (location 0), each with its shift on that day of the solver's time axis
//! (`[d × 86 400, d × 86 400 + max_day_s]`, so the route's travel and time on site fit the
//! working day) and a capacity of `max_visits_per_day` visits (each visit demands 1). Every
//! enterprise is a required visit with the service time. The solver then splits the visits over
//! the days *jointly* with their order (ruin and recreate, local search between days), instead
//! of cutting one tour as the interim router does. It starts from the interim router's days
//! (the solver keeps them where they fit and inserts the rest), so it never does worse than the
//! interim router on a feasible case, and usually better.
//!
//! The search is deterministic: a fixed iteration count and a seed derived from the draw
//! ([`SolverRouter::for_draw`]), so the browser and the command line give the same plan.
//!
//! When the days cannot hold every visit (too many visits for `days × max_visits_per_day`, or a
//! visit too far away to fit in a working day), nothing is dropped: a visit too far even alone
//! gets a day of its own, the limits are relaxed in stages (the last day's working time, then
//! every day's; the visits per day hold), and what is still over goes into the last day at its
//! cheapest position ([`SolverRouter::route_team`]). [`super::plan_routes`] then reports the
//! overlong or overfull days (`W_ROUTE_DAY_LONG`, `W_ROUTE_DAY_VISITS`).

use std::sync::Arc;

use crate::model::{CostMatrix, TravelCost};
use crate::solver::{
    solve, Control, CostProfile, InitialRoute, InitialStep, Objective, Problem, SolverConfig, Task,
    TimeWindow, Vehicle,
};

use super::router::{two_opt, DayLimits, InterimRouter, TeamRouter};
use super::run::DrawResult;
use super::stream::DrawStream;

/// Iterations of the solver per team: enough for the teams of a draw (≤ 40 visits in the
/// presets) to settle, small enough to plan a whole draw in the browser in about a second.
pub const SOLVER_ITERATIONS: u64 = 1500;

/// Seconds in a day: day `d`'s shift starts at `d × DAY_S` on the solver's time axis.
const DAY_S: f64 = 86_400.0;

/// Orders a team's visits into days with the route solver (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolverRouter {
    /// Seed of the search.
    pub seed: u64,
    /// Iterations of the search per team.
    pub iterations: u64,
}

impl SolverRouter {
    /// A router with `seed` and [`SOLVER_ITERATIONS`].
    pub fn new(seed: u64) -> Self {
        SolverRouter {
            seed,
            iterations: SOLVER_ITERATIONS,
        }
    }

    /// The router of a draw: the seed is the first word of the draw's random stream labelled
    /// `routes` (the published seed text and the register fingerprints, see `docs/DRAW.md`), so
    /// the same draw gets the same routes everywhere.
    pub fn for_draw(result: &DrawResult) -> Self {
        let mut stream = DrawStream::new(
            &result.seed,
            &result.registers.enterprises_sha256,
            &result.registers.inspectors_sha256,
            "routes",
        );
        SolverRouter::new(stream.next_word())
    }

    /// Builder: iterations per team.
    pub fn with_iterations(mut self, iterations: u64) -> Self {
        self.iterations = iterations;
        self
    }

    /// The routing problem of one team (see the module docs): task `k` visits location
    /// `visits[k]`, starting from the `warm` days (locations not in `visits` are skipped). The
    /// working-time limit binds on the days `0..timed` only (the later days are as long as they
    /// need to be).
    fn problem(
        &self,
        matrix: &Arc<CostMatrix>,
        limits: &DayLimits,
        visits: &[usize],
        days: usize,
        timed: usize,
        warm: &[Vec<usize>],
    ) -> Problem {
        let tasks = visits
            .iter()
            .map(|&loc| {
                Task::visit(loc)
                    .with_service(limits.service_s)
                    .with_demand(vec![1])
            })
            .collect();
        let per_day = i64::try_from(limits.max_visits_per_day.max(1)).unwrap_or(i64::MAX);
        let vehicles = (0..days)
            .map(|d| {
                let start = d as f64 * DAY_S;
                let (end, longest) = if d < timed {
                    (start + limits.max_day_s, limits.max_day_s)
                } else {
                    (f64::INFINITY, f64::INFINITY)
                };
                let mut v = Vehicle::new(0)
                    .with_shift(TimeWindow::new(start, end))
                    .with_capacity(vec![per_day]);
                v.max_duration_s = longest;
                v
            })
            .collect();
        let profile: CostProfile = matrix.clone();
        let mut problem = Problem::new(profile, tasks, vehicles);
        problem.objective = Objective::DURATION;
        let mut task_of = vec![None; matrix.len()];
        for (k, &loc) in visits.iter().enumerate() {
            task_of[loc] = Some(k);
        }
        problem.initial = warm
            .iter()
            .take(days)
            .enumerate()
            .map(|(d, day)| InitialRoute {
                vehicle: d,
                steps: day
                    .iter()
                    .filter_map(|&loc| task_of.get(loc).copied().flatten())
                    .map(|task| InitialStep {
                        task,
                        reversed: false,
                        pinned: false,
                    })
                    .collect(),
            })
            .collect();
        problem
    }

    /// Solves one stage: the days (compacted, in day order) and the visits left over, or `None`
    /// when the solver refuses the problem (not expected: it is valid by construction).
    fn stage(
        &self,
        matrix: &Arc<CostMatrix>,
        limits: &DayLimits,
        visits: &[usize],
        days: usize,
        timed: usize,
        warm: &[Vec<usize>],
    ) -> Option<(Vec<Vec<usize>>, Vec<usize>)> {
        let problem = self.problem(matrix, limits, visits, days, timed, warm);
        let config = SolverConfig::with_iterations(self.iterations).seed(self.seed);
        let solution = solve(&problem, &config, &mut |_| Control::Continue).ok()?;
        let mut routes: Vec<_> = solution
            .routes
            .iter()
            .filter(|r| !r.steps.is_empty())
            .collect();
        routes.sort_by_key(|r| r.vehicle);
        let out = routes
            .iter()
            .map(|r| r.steps.iter().map(|s| visits[s.task]).collect())
            .collect();
        let mut left: Vec<usize> = solution.unassigned.iter().map(|u| visits[u.task]).collect();
        left.sort_unstable();
        Some((out, left))
    }
}

impl TeamRouter for SolverRouter {
    fn label(&self) -> String {
        format!(
            "路线求解器（破坏重建 SISR + 局部搜索，各检查组每天一条路线、按日工作时长和家数上限联合分日；{} 次迭代，种子 {:016x}）",
            self.iterations, self.seed
        )
    }

    fn id(&self) -> &'static str {
        "solver"
    }

    /// A visit too far to fit in a working day even alone gets a day of its own (as with the
    /// interim router, a single visit is always allowed) while that leaves a day for the others.
    /// The others are solved in stages, each only when the one before leaves visits over: every
    /// limit; the last day without the working-time limit (when at most a day's visits are
    /// over); no day with it (the visits per day still hold); then the visits beyond
    /// `days × max_visits_per_day` go into the last day.
    fn route_team(&self, cost: &dyn TravelCost, limits: &DayLimits) -> Vec<Vec<usize>> {
        let n = cost.len();
        if n <= 1 {
            return Vec::new();
        }
        // more days than visits never help (and a huge day count must not allocate)
        let days = limits.days.max(1).min(n - 1);
        let interim = InterimRouter.route_team(cost, limits);
        let Some(matrix) = matrix_of(cost).map(Arc::new) else {
            return interim;
        };
        // a visit fits a day alone (false for NaN, like the solver)
        let fits = |v: usize| {
            cost.duration_s(0, v) + cost.duration_s(v, 0) + limits.service_s <= limits.max_day_s
        };
        let (far, near): (Vec<usize>, Vec<usize>) = (1..n).partition(|&v| !fits(v));
        let alone = !far.is_empty() && (far.len() < days || (far.len() == days && near.is_empty()));
        let (far, visits) = if alone {
            (far, near)
        } else {
            (Vec::new(), (1..n).collect())
        };
        let singles = far.iter().map(|&v| vec![v]);
        if visits.is_empty() {
            return singles.collect();
        }
        let days = days - far.len();
        // the interim days without the visits that have their own
        let warm: Vec<Vec<usize>> = interim
            .iter()
            .map(|d| {
                d.iter()
                    .copied()
                    .filter(|v| !far.contains(v))
                    .collect::<Vec<_>>()
            })
            .filter(|d| !d.is_empty())
            .collect();
        let Some((mut out, mut left)) = self.stage(&matrix, limits, &visits, days, days, &warm)
        else {
            // not expected (the problem is valid by construction); the interim days are honest
            return interim;
        };
        // the last day without the working-time limit can take at most a day's visits more
        if !left.is_empty() && (left.len() <= limits.max_visits_per_day || days == 1) {
            if let Some(s) = self.stage(&matrix, limits, &visits, days, days - 1, &out) {
                (out, left) = s;
            }
        }
        if !left.is_empty() && days > 1 {
            if let Some(s) = self.stage(&matrix, limits, &visits, days, 0, &warm) {
                (out, left) = s;
            }
        }
        place_leftovers(cost, &mut out, &left, days);
        out.extend(singles);
        out
    }
}

/// Dense matrices of any travel cost, rounded to milliseconds and millimetres: the trigonometry
/// of the straight-line estimate may differ in the last bit between the native and the wasm
/// maths library, and the search must see the same numbers in the CLI and in the browser.
fn matrix_of(cost: &dyn TravelCost) -> Option<CostMatrix> {
    let n = cost.len();
    let mut durations = Vec::with_capacity(n * n);
    let mut distances = Vec::with_capacity(n * n);
    let milli = |x: f64| (x * 1000.0).round() / 1000.0;
    for i in 0..n {
        for j in 0..n {
            durations.push(milli(cost.duration_s(i, j)));
            distances.push(milli(cost.distance_m(i, j)));
        }
    }
    CostMatrix::new(n, durations, distances)
}

/// Puts visits that fit no day: alone on an unused day while there is one, else into the last
/// day at the cheapest position (that day then exceeds a limit and is reported as such).
fn place_leftovers(cost: &dyn TravelCost, days: &mut Vec<Vec<usize>>, left: &[usize], max: usize) {
    let mut grew = false;
    for &v in left {
        if days.len() < max.max(1) {
            days.push(vec![v]);
            continue;
        }
        let Some(last) = days.last_mut() else {
            days.push(vec![v]);
            continue;
        };
        let mut best = (f64::INFINITY, last.len());
        for k in 0..=last.len() {
            let prev = if k == 0 { 0 } else { last[k - 1] };
            let next = last.get(k).copied().unwrap_or(0);
            let extra =
                cost.duration_s(prev, v) + cost.duration_s(v, next) - cost.duration_s(prev, next);
            if extra < best.0 {
                best = (extra, k);
            }
        }
        last.insert(best.1, v);
        grew = true;
    }
    if grew {
        if let Some(last) = days.last_mut() {
            two_opt(cost, last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LonLat, StraightLine};
    use crate::plan::draw::route_travel_s;

    fn points(n: usize, seed: u64) -> Vec<LonLat> {
        let mut s = seed;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| LonLat::new(120.4 + 0.4 * next(), 31.1 + 0.3 * next()))
            .collect()
    }

    fn covered_once(days: &[Vec<usize>], n: usize) -> bool {
        let mut all: Vec<usize> = days.concat();
        all.sort_unstable();
        all == (1..n).collect::<Vec<_>>() && days.iter().all(|d| !d.is_empty())
    }

    fn day_s(cost: &dyn TravelCost, d: &[usize], limits: &DayLimits) -> f64 {
        route_travel_s(cost, d) + d.len() as f64 * limits.service_s
    }

    #[test]
    fn solver_days_respect_the_limits_and_beat_or_match_the_interim_router() {
        let (mut solver_total, mut interim_total) = (0.0, 0.0);
        for seed in 0..12u64 {
            let n = 8 + (seed as usize * 5) % 30;
            let cost = StraightLine::new(points(n + 1, 900 + seed), 30.0);
            let limits = DayLimits {
                days: 10,
                max_visits_per_day: 4,
                max_day_s: 8.0 * 3600.0,
                service_s: 3600.0,
            };
            let router = SolverRouter::new(seed);
            let days = router.route_team(&cost, &limits);
            assert!(covered_once(&days, n + 1), "seed {seed}: {days:?}");
            assert!(days.len() <= limits.days, "seed {seed}");
            for d in &days {
                assert!(d.len() <= limits.max_visits_per_day, "seed {seed}: {d:?}");
                assert!(
                    d.len() == 1 || day_s(&cost, d, &limits) <= limits.max_day_s + 1e-6,
                    "seed {seed}: {d:?}"
                );
            }
            let interim = InterimRouter.route_team(&cost, &limits);
            let total =
                |ds: &[Vec<usize>]| ds.iter().map(|d| route_travel_s(&cost, d)).sum::<f64>();
            let (s, i) = (total(&days), total(&interim));
            assert!(s <= i * 1.01, "seed {seed}: solver {s} s vs interim {i} s");
            solver_total += s;
            interim_total += i;
            // deterministic
            assert_eq!(router.route_team(&cost, &limits), days, "seed {seed}");
        }
        assert!(
            solver_total <= interim_total,
            "{solver_total} vs {interim_total}"
        );
    }

    #[test]
    fn days_that_cannot_hold_every_visit_end_in_an_honest_overlong_last_day() {
        let cost = StraightLine::new(points(11, 9), 30.0);
        // 10 visits, 2 days of at most 3
        let limits = DayLimits {
            days: 2,
            max_visits_per_day: 3,
            max_day_s: 3600.0 * 8.0,
            service_s: 600.0,
        };
        let days = SolverRouter::new(1).route_team(&cost, &limits);
        assert!(covered_once(&days, 11), "{days:?}");
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].len(), 3);
        assert_eq!(days[1].len(), 7);
        // a visit too far for any working day: alone on a day of its own
        let mut pts = points(5, 3);
        pts.push(LonLat::new(125.0, 35.0));
        let cost = StraightLine::new(pts, 30.0);
        let limits = DayLimits {
            days: 3,
            max_visits_per_day: 4,
            max_day_s: 3600.0 * 8.0,
            service_s: 1800.0,
        };
        let days = SolverRouter::new(1).route_team(&cost, &limits);
        assert!(covered_once(&days, 6), "{days:?}");
        assert!(days.contains(&vec![5]), "{days:?}");
        // nothing to visit; a huge day count
        assert!(SolverRouter::new(1)
            .route_team(&StraightLine::new(points(1, 1), 30.0), &limits)
            .is_empty());
        let many = DayLimits {
            days: 4_000_000_000,
            ..limits
        };
        let days = SolverRouter::new(1).route_team(&cost, &many);
        assert!(covered_once(&days, 6), "{days:?}");
    }
}
