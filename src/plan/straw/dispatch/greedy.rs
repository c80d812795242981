//! Greedy solver: priority-first cheapest insertion with a 2-opt pass. It was the interim
//! solver until the route solver landed; now it is the quick alternative (`--solver greedy`)
//! and the first stage of [`RouteSolver`](super::RouteSolver), which starts its search from
//! the greedy routes.
//!
//! 1. *Screen*: a task nobody can serve even alone is set aside as after-shift (ready after
//!    every shift ends) or out of reach (no vehicle can drive there, serve it and return within
//!    its window).
//! 2. *Insert*: the other tasks, by prize (highest first; ties: earlier ready time, then
//!    index), are each inserted where they raise the route objective (driving time plus
//!    prize-weighted waiting, see [`PcProblem`]) least, over all vehicles and positions that
//!    keep the route feasible; a locked first stop stays first. A task that fits nowhere is
//!    kept for step 4.
//! 3. *Improve*: 2-opt on each route (reversing a stretch of stops) while it lowers the
//!    objective and stays feasible.
//! 4. *Re-insert* the tasks of step 2 that did not fit; those that still do not fit are
//!    unassigned because the shifts are full.
//!
//! A higher-prize task is never dropped for a lower one (it is placed first), but the
//! insertion is myopic: a better solver may serve more tasks, or the same tasks in less time.

use crate::model::TravelCost;
use crate::plan::straw::dispatch::problem::{
    reachable_alone, schedule, PcProblem, PcSolution, PrizeCollectingSolver, UnassignedReason,
};

/// The name reported for this solver.
pub const GREEDY_SOLVER: &str = "greedy";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Init,
    Screen,
    Insert,
    Improve,
    Reinsert,
    Done,
}

/// The greedy solver (see the module documentation).
#[derive(Debug, Clone)]
pub struct GreedySolver {
    phase: Phase,
    order: Vec<usize>,
    cursor: usize,
    routes: Vec<Vec<usize>>,
    screened: Vec<(usize, UnassignedReason)>,
    pending: Vec<usize>,
    full: Vec<usize>,
    work_total: usize,
    work_done: usize,
}

impl Default for GreedySolver {
    fn default() -> Self {
        GreedySolver {
            phase: Phase::Init,
            order: Vec::new(),
            cursor: 0,
            routes: Vec::new(),
            screened: Vec::new(),
            pending: Vec::new(),
            full: Vec::new(),
            work_total: 1,
            work_done: 0,
        }
    }
}

impl GreedySolver {
    /// A solver ready to start.
    pub fn new() -> Self {
        Self::default()
    }

    fn init(&mut self, problem: &PcProblem) {
        self.routes = problem
            .vehicles
            .iter()
            .map(|v| v.locked_first.into_iter().collect())
            .collect();
        let locked: Vec<usize> = problem
            .vehicles
            .iter()
            .filter_map(|v| v.locked_first)
            .collect();
        let mut order: Vec<usize> = (0..problem.tasks.len())
            .filter(|t| !locked.contains(t))
            .collect();
        order.sort_by(|&a, &b| {
            let (ta, tb) = (&problem.tasks[a], &problem.tasks[b]);
            tb.prize
                .total_cmp(&ta.prize)
                .then(ta.ready_s.total_cmp(&tb.ready_s))
                .then(a.cmp(&b))
        });
        self.order = order;
        self.cursor = 0;
        // screen + insert + improve (one unit per route) + re-insert
        self.work_total = 2 * self.order.len() + problem.vehicles.len() + 1;
        self.phase = Phase::Screen;
    }

    fn screen(&mut self, problem: &PcProblem, cost: &dyn TravelCost, task: usize) -> bool {
        let reason = screen_reason(problem, cost, task);
        if let Some(r) = reason {
            self.screened.push((task, r));
        }
        reason.is_none()
    }

    /// Inserts `task` at its cheapest feasible place; false when it fits nowhere.
    fn insert(&mut self, problem: &PcProblem, cost: &dyn TravelCost, task: usize) -> bool {
        insert_cheapest(problem, cost, &mut self.routes, task)
    }

    /// 2-opt on route `v` until no improving feasible move is left.
    fn improve(&mut self, problem: &PcProblem, cost: &dyn TravelCost, v: usize) {
        if let Some(r) = self.routes.get_mut(v) {
            two_opt(problem, cost, v, r);
        }
    }
}

/// Why `task` cannot be served by anyone, even alone (`None`: some vehicle can serve it).
pub(crate) fn screen_reason(
    problem: &PcProblem,
    cost: &dyn TravelCost,
    task: usize,
) -> Option<UnassignedReason> {
    let t = problem.tasks.get(task)?;
    if problem.vehicles.is_empty() {
        Some(UnassignedReason::NoVehicle)
    } else if problem.vehicles.iter().all(|v| t.ready_s >= v.latest_s) {
        Some(UnassignedReason::AfterShift)
    } else if !(0..problem.vehicles.len()).any(|v| reachable_alone(problem, cost, v, task)) {
        Some(UnassignedReason::OutOfReach)
    } else {
        None
    }
}

/// Inserts `task` into `routes` (one per vehicle) where it raises the objective least while
/// keeping the route feasible (a locked first stop stays first); false when it fits nowhere.
pub(crate) fn insert_cheapest(
    problem: &PcProblem,
    cost: &dyn TravelCost,
    routes: &mut [Vec<usize>],
    task: usize,
) -> bool {
    let mut best: Option<(f64, usize, usize)> = None;
    for (v, route) in routes.iter().enumerate() {
        let base = schedule(problem, cost, v, route).objective(problem.urgency);
        let first = usize::from(
            problem
                .vehicles
                .get(v)
                .is_some_and(|x| x.locked_first.is_some()),
        );
        let mut trial = route.clone();
        for pos in first..=route.len() {
            trial.insert(pos, task);
            let s = schedule(problem, cost, v, &trial);
            if s.feasible {
                let delta = s.objective(problem.urgency) - base;
                if best.is_none_or(|(d, _, _)| delta < d - 1e-9) {
                    best = Some((delta, v, pos));
                }
            }
            trial.remove(pos);
        }
    }
    match best {
        Some((_, v, pos)) => {
            if let Some(r) = routes.get_mut(v) {
                r.insert(pos, task);
            }
            true
        }
        None => false,
    }
}

/// 2-opt on `route` of vehicle `v` (reversing stretches of stops, a locked first stop kept)
/// while it lowers the objective and stays feasible.
pub(crate) fn two_opt(
    problem: &PcProblem,
    cost: &dyn TravelCost,
    v: usize,
    route: &mut Vec<usize>,
) {
    let first = usize::from(
        problem
            .vehicles
            .get(v)
            .is_some_and(|x| x.locked_first.is_some()),
    );
    let mut current = schedule(problem, cost, v, route).objective(problem.urgency);
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 50 {
        improved = false;
        rounds += 1;
        for i in first..route.len() {
            for j in i + 1..route.len() {
                let mut trial = route.clone();
                if let Some(seg) = trial.get_mut(i..=j) {
                    seg.reverse();
                }
                let s = schedule(problem, cost, v, &trial);
                let value = s.objective(problem.urgency);
                if s.feasible && value < current - 1e-6 {
                    *route = trial;
                    current = value;
                    improved = true;
                }
            }
        }
    }
}

impl PrizeCollectingSolver for GreedySolver {
    fn name(&self) -> &'static str {
        GREEDY_SOLVER
    }

    fn interim(&self) -> bool {
        false
    }

    fn step(&mut self, problem: &PcProblem, cost: &dyn TravelCost, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 {
            match self.phase {
                Phase::Init => self.init(problem),
                Phase::Screen => {
                    let Some(&task) = self.order.get(self.cursor) else {
                        let screened: Vec<usize> = self.screened.iter().map(|s| s.0).collect();
                        self.order.retain(|t| !screened.contains(t));
                        self.cursor = 0;
                        self.phase = Phase::Insert;
                        continue;
                    };
                    self.screen(problem, cost, task);
                    self.cursor += 1;
                    self.work_done += 1;
                    left -= 1;
                }
                Phase::Insert => {
                    let Some(&task) = self.order.get(self.cursor) else {
                        self.cursor = 0;
                        self.phase = Phase::Improve;
                        continue;
                    };
                    if !self.insert(problem, cost, task) {
                        self.pending.push(task);
                    }
                    self.cursor += 1;
                    self.work_done += 1;
                    left -= 1;
                }
                Phase::Improve => {
                    if self.cursor >= self.routes.len() {
                        self.phase = Phase::Reinsert;
                        continue;
                    }
                    self.improve(problem, cost, self.cursor);
                    self.cursor += 1;
                    self.work_done += 1;
                    left -= 1;
                }
                Phase::Reinsert => {
                    for task in std::mem::take(&mut self.pending) {
                        if !self.insert(problem, cost, task) {
                            self.full.push(task);
                        }
                    }
                    self.work_done = self.work_total;
                    self.phase = Phase::Done;
                }
                Phase::Done => return true,
            }
        }
        self.phase == Phase::Done
    }

    fn progress(&self) -> f64 {
        if self.phase == Phase::Done {
            1.0
        } else {
            (self.work_done as f64 / self.work_total.max(1) as f64).min(0.99)
        }
    }

    fn solution(&self) -> PcSolution {
        let mut unassigned = self.screened.clone();
        unassigned.extend(
            self.full
                .iter()
                .chain(&self.pending)
                .map(|&t| (t, UnassignedReason::ShiftFull)),
        );
        PcSolution {
            routes: self.routes.clone(),
            unassigned,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CostMatrix, LonLat, StraightLine};
    use crate::plan::straw::dispatch::problem::{check_solution, PcTask, PcVehicle};

    fn solve(problem: &PcProblem, cost: &dyn TravelCost) -> PcSolution {
        let mut s = GreedySolver::new();
        let mut steps = 0;
        while !s.step(problem, cost, 3) {
            steps += 1;
            assert!(steps < 10_000);
            assert!(s.progress() < 1.0);
        }
        assert_eq!(s.progress(), 1.0);
        s.solution()
    }

    #[test]
    fn highest_prize_wins_when_only_one_fits() {
        // one vehicle, 1 h window; two tasks 20 min away in opposite directions, 10 min service
        let d = vec![
            0.0, 1200.0, 1200.0, //
            1200.0, 0.0, 2400.0, //
            1200.0, 2400.0, 0.0,
        ];
        let cost = CostMatrix::new(3, d.clone(), d).unwrap();
        let p = PcProblem {
            urgency: 1.0,
            vehicles: vec![PcVehicle {
                start: 0,
                end: 0,
                earliest_s: 0.0,
                latest_s: 3600.0,
                locked_first: None,
            }],
            tasks: vec![
                PcTask {
                    location: 1,
                    service_s: 600.0,
                    ready_s: 0.0,
                    prize: 10.0,
                },
                PcTask {
                    location: 2,
                    service_s: 600.0,
                    ready_s: 0.0,
                    prize: 50.0,
                },
            ],
        };
        let sol = solve(&p, &cost);
        check_solution(&p, &cost, &sol).unwrap();
        assert_eq!(sol.routes, vec![vec![1]]);
        assert_eq!(sol.unassigned, vec![(0, UnassignedReason::ShiftFull)]);
    }

    #[test]
    fn seeded_random_instances_pass_the_checker() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for case in 0..40 {
            let nv = 1 + (next() * 4.0) as usize;
            let nt = (next() * 40.0) as usize;
            let pts: Vec<LonLat> = (0..nv + nt)
                .map(|_| LonLat::new(120.2 + next() * 1.0, 31.0 + next() * 0.9))
                .collect();
            let cost = StraightLine::new(pts, 40.0);
            let mut vehicles: Vec<PcVehicle> = (0..nv)
                .map(|v| {
                    let start = 8.0 * 3600.0 + next() * 3600.0;
                    PcVehicle {
                        start: v,
                        end: v,
                        earliest_s: start,
                        latest_s: start + (2.0 + next() * 8.0) * 3600.0,
                        locked_first: None,
                    }
                })
                .collect();
            let tasks: Vec<PcTask> = (0..nt)
                .map(|t| PcTask {
                    location: nv + t,
                    service_s: 1200.0,
                    ready_s: next() * 20.0 * 3600.0,
                    prize: (next() * 100.0).round(),
                })
                .collect();
            if nt > 0 && case % 3 == 0 {
                vehicles[0].locked_first = Some(0);
            }
            let p = PcProblem {
                vehicles,
                tasks,
                urgency: next() * 2.0,
            };
            let sol = solve(&p, &cost);
            if let Err(e) = check_solution(&p, &cost, &sol) {
                panic!("case {case}: {e:?}\n{p:?}\n{sol:?}");
            }
            // a task left out as out of reach really cannot be done alone by anyone
            for &(t, r) in &sol.unassigned {
                if r == UnassignedReason::OutOfReach {
                    for v in &p.vehicles {
                        let alone = PcProblem {
                            vehicles: vec![PcVehicle {
                                locked_first: None,
                                ..v.clone()
                            }],
                            tasks: p.tasks.clone(),
                            urgency: p.urgency,
                        };
                        assert!(!schedule(&alone, &cost, 0, &[t]).feasible, "case {case}");
                    }
                }
            }
        }
    }
}
