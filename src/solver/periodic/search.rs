//! The periodic search: SISR ruin and recreate with annealing (as in [`crate::solver::Search`])
//! on the expanded problem, where recreate works on whole tasks. A task to (re)insert gets the
//! cost of its cheapest insertion on every candidate day, then the allowed day set of least total
//! cost ([`VisitRule`]'s choice: enumeration of combinations, a dynamic programme for spacing,
//! the cheapest day per part), and one copy goes into each chosen day's routes. Ruin removes
//! strings of copies; half of the time the tasks hit lose all their copies (so their day set is
//! chosen again, jointly with the routes of every day), otherwise the removed copies go back on
//! the same days. Local search (relocate, swap, 2-opt, 2-opt*, Or-opt, arc directions) runs on
//! each new best solution, within days, alternated with pattern improvement (Vidal, Crainic,
//! Gendreau, Lahrichi & Rei 2012, "A hybrid genetic algorithm for multidepot and periodic vehicle
//! routing problems", Operations Research 60(3): each task's day set re-chosen against the
//! cheapest insertion on every day of every allowed set).
//!
//! Penalised infeasibility, as in that paper, for the fleet limit: each day has one extra vehicle
//! whose fixed cost is the penalty. The search may cross the limit (which is what frees the
//! capacity-tight instances, where every day's fleet is nearly full), the penalty adapts every 100
//! iterations to the share of current solutions that use an extra vehicle, half of those are
//! repaired (their extra tasks reinserted on the day's own fleet), and only solutions without an
//! extra vehicle become the best.

use std::cmp::Ordering;

use web_time::Instant;

use crate::solver::config::{Budget, Control, Progress, SearchParams, SolverConfig};
use crate::solver::error::SolverError;
use crate::solver::fmath;
use crate::solver::insertion::{best_insertion, load_fits, Insertion};
use crate::solver::instance::{Instance, NONE};
use crate::solver::local::local_search;
use crate::solver::output::to_solution;
use crate::solver::rng::Rng;
use crate::solver::ruin::{string_removal, StringParams};
use crate::solver::solution::UnassignedReason;
use crate::solver::state::{Cost, State};
use crate::solver::validate::validate;

use super::bounds::{analyse, Feasibility};
use super::expand::{expand, validate_periodic, Expanded};
use super::model::{DayRoutes, PeriodicProblem, PeriodicSolution, VisitRule};

/// Probability that a ruined task has its day set chosen again.
const RESELECT_DAYS: f64 = 0.5;

/// A solution: routes of all days and the chosen day set of each base task.
#[derive(Debug, Clone)]
struct PState {
    s: State,
    days_of: Vec<u64>,
    cost: Cost,
}

impl PState {
    fn copy_from(&mut self, o: &PState) {
        self.s.copy_from(&o.s);
        self.days_of.clone_from(&o.days_of);
        self.cost = o.cost;
    }
}

/// A running periodic search.
#[derive(Debug, Clone)]
pub struct PeriodicSearch {
    ex: Expanded,
    inst: Instance,
    rules: Vec<VisitRule>,
    required: Vec<bool>,
    prize: Vec<f64>,
    /// Route indices of each day.
    day_routes: Vec<Vec<usize>>,
    rng: Rng,
    current: PState,
    /// The working copy (taken out while an iteration runs).
    candidate: Option<PState>,
    best: PState,
    strings: StringParams,
    blink: f64,
    t0: f64,
    ln_ratio: f64,
    local: bool,
    eps: f64,
    time_limit_ms: Option<f64>,
    iteration_limit: Option<u64>,
    iterations: u64,
    elapsed_ms: f64,
    done: bool,
    costs: Vec<f64>,
    picks: Vec<Option<Insertion>>,
    feasibility: Feasibility,
    /// Route (= vehicle copy) of each day's penalised extra vehicle.
    extra: Vec<usize>,
    /// Its fixed cost: the penalty for one route more than the day's fleet.
    penalty: f64,
    /// Recreate keeps off the extra vehicles (while repairing).
    no_extra: bool,
    /// Buffer of the repair.
    repair: Option<PState>,
    /// When the time limit runs out (set at construction and at each [`PeriodicSearch::step`]):
    /// local search and pattern improvement stop there.
    deadline: Option<Instant>,
    /// Iterations since the penalty was last adapted, and how many of them ended with the
    /// current solution using an extra vehicle.
    window: (u32, u32),
}

/// The `E_*` issues of a periodic problem and search configuration.
fn issues(p: &PeriodicProblem, config: Option<&SolverConfig>) -> Vec<crate::error::Issue> {
    let mut issues = validate(&p.base);
    issues.extend(validate_periodic(p));
    if config.is_some_and(|c| c.time_limit_ms.is_none() && c.iteration_limit.is_none()) {
        issues.push(
            crate::error::Issue::error(
                "E_CONFIG_LIMIT",
                "没有给出时间上限或迭代次数上限",
                "请设置计算时间或迭代次数",
            )
            .at_field("options"),
        );
    }
    issues
}

/// What can be proven about `p` without searching: tasks no vehicle can serve alone on any
/// allowed day set, and capacity bounds the required tasks break (see [`Feasibility`]).
pub fn prove_periodic(p: &PeriodicProblem) -> Result<Feasibility, SolverError> {
    let issues = issues(p, None);
    if !issues.is_empty() {
        return Err(SolverError::Invalid { issues });
    }
    let ex = expand(p);
    let inst = Instance::new(&ex.problem);
    let required: Vec<bool> = p.base.tasks.iter().map(|t| t.required).collect();
    Ok(analyse(&ex, &inst, &p.rules, &required))
}

impl PeriodicSearch {
    /// Validates the problem (base rules and `E_PERIOD_*`) and builds the first solution.
    pub fn new(p: &PeriodicProblem, config: &SolverConfig) -> Result<Self, SolverError> {
        let issues = issues(p, Some(config));
        if !issues.is_empty() {
            return Err(SolverError::Invalid { issues });
        }
        let t = Instant::now();
        let mut ex = expand(p);
        let extra = add_extra_vehicles(&mut ex);
        let mut inst = Instance::new(&ex.problem);
        same_day_neighbours(&mut inst, &ex);
        let mut day_routes = vec![Vec::new(); ex.days];
        for (r, &d) in ex.vehicle_day.iter().enumerate() {
            day_routes[d].push(r);
        }
        let n = p.base.tasks.len();
        let required: Vec<bool> = p.base.tasks.iter().map(|t| t.required).collect();
        let feasibility = analyse(&ex, &inst, &p.rules, &required);
        let sp: &SearchParams = &config.params;
        let empty = State::empty(&inst);
        let mut search = PeriodicSearch {
            rules: p.rules.clone(),
            required,
            prize: p.base.tasks.iter().map(|t| t.prize).collect(),
            day_routes,
            rng: Rng::new(config.seed),
            current: PState {
                s: empty.clone(),
                days_of: vec![0; n],
                cost: empty.cost,
            },
            candidate: None,
            best: PState {
                s: empty,
                days_of: vec![0; n],
                cost: Cost {
                    unserved_required: u32::MAX,
                    lost_prize: f64::INFINITY,
                    travel: f64::INFINITY,
                },
            },
            strings: StringParams {
                avg_removed: sp.avg_removed,
                max_len: sp.max_string_len,
                split_rate: sp.split_rate,
                split_depth: sp.split_depth,
            },
            blink: sp.blink_rate,
            t0: 1.0,
            ln_ratio: 0.0,
            local: sp.local_search,
            eps: 1e-9,
            time_limit_ms: config.time_limit_ms.map(|ms| ms as f64),
            iteration_limit: config.iteration_limit,
            iterations: 0,
            elapsed_ms: 0.0,
            done: false,
            costs: vec![0.0; ex.days],
            picks: vec![None; ex.days],
            feasibility,
            extra,
            penalty: 0.0,
            window: (0, 0),
            no_extra: false,
            repair: None,
            deadline: config
                .time_limit_ms
                .and_then(|ms| t.checked_add(std::time::Duration::from_millis(ms))),
            ex,
            inst,
        };
        // first solution: every task inserted greedily (an extra vehicle only where nothing
        // else fits, and then its tasks left out), then local search
        search.set_penalty(1e12);
        let mut cand = search.current.clone();
        search.recreate(&mut cand, &[]);
        search.strip_extra(&mut cand);
        if search.local {
            search.improve(&mut cand);
        }
        score(&search.inst, &search.required, &search.prize, &mut cand);
        let used = cand.s.used_routes().max(1) as f64;
        search.set_penalty(
            if cand.s.cost.travel > 0.0 && cand.s.cost.travel.is_finite() {
                cand.s.cost.travel / used
            } else {
                1.0
            },
        );
        let edges = (cand.s.served() + cand.s.used_routes()).max(1) as f64;
        let scale = if cand.cost.travel > 0.0 && cand.cost.travel.is_finite() {
            cand.cost.travel / edges
        } else {
            1.0
        };
        search.t0 = (sp.start_temperature * scale).max(1e-12);
        let tf = (sp.end_temperature * scale).max(1e-12).min(search.t0);
        search.ln_ratio = fmath::ln(tf / search.t0);
        search.eps = 1e-9 * scale;
        search.current.copy_from(&cand);
        search.best.copy_from(&cand);
        search.elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
        Ok(search)
    }

    /// Sets the extra vehicles' fixed cost (the current solution's routes follow).
    fn set_penalty(&mut self, penalty: f64) {
        self.penalty = penalty;
        for &r in &self.extra {
            if let Some(v) = self.inst.vehicles.get_mut(r) {
                v.fixed_cost = penalty;
            }
        }
        for &r in &self.extra {
            if !self.current.s.routes[r].is_empty() {
                self.current.s.refresh(&self.inst, r);
            }
        }
        score(&self.inst, &self.required, &self.prize, &mut self.current);
    }

    /// True when some extra vehicle drives (the solution then breaks the fleet limit).
    fn uses_extra(&self, st: &PState) -> bool {
        self.extra.iter().any(|&r| !st.s.routes[r].is_empty())
    }

    /// Takes out every task with a copy on an extra vehicle.
    fn strip_extra(&self, st: &mut PState) {
        let mut tasks: Vec<usize> = Vec::new();
        for &r in &self.extra {
            let nodes = &st.s.routes[r].nodes;
            for &node in nodes.iter().take(nodes.len().saturating_sub(1)).skip(1) {
                tasks.push(self.ex.copy_task[node as usize / 2]);
            }
        }
        for t in tasks {
            self.take_out(st, t);
        }
    }

    /// HGS-style adaptation (Vidal et al. 2012): every 100 iterations the penalty grows when
    /// the current solution used an extra vehicle in more than 40 % of them and shrinks below
    /// 10 %, so that the search keeps crossing the fleet limit without settling beyond it.
    fn adapt_penalty(&mut self) {
        self.window.0 += 1;
        self.window.1 += u32::from(self.uses_extra(&self.current));
        if self.window.0 < 100 {
            return;
        }
        let share = f64::from(self.window.1) / f64::from(self.window.0);
        self.window = (0, 0);
        let p = if share > 0.4 {
            self.penalty * 1.3
        } else if share < 0.1 {
            self.penalty * 0.85
        } else {
            return;
        };
        self.set_penalty(p.max(self.eps));
    }

    /// Cheapest insertion of copy `c` into the routes of day `d` (with SISR's blinks when
    /// `blinks`).
    fn cheapest(&mut self, st: &State, c: usize, d: usize) -> Option<Insertion> {
        self.cheapest_with(st, c, d, true)
    }

    fn cheapest_with(&mut self, st: &State, c: usize, d: usize, blinks: bool) -> Option<Insertion> {
        let inst = &self.inst;
        let mut best: Option<Insertion> = None;
        let mut bound = f64::INFINITY;
        let mut seen: Vec<u32> = Vec::new();
        for &r in &self.day_routes[d] {
            if self.no_extra && self.extra.contains(&r) {
                continue;
            }
            let route = &st.routes[r];
            if !inst.compatible(c, route.vehicle) || !load_fits(inst, route, c) {
                continue;
            }
            if route.is_empty() {
                let class = inst.vehicles[route.vehicle].class;
                if seen.contains(&class) {
                    continue;
                }
                seen.push(class);
            }
            let blink = if blinks && self.blink > 0.0 {
                Some((&mut self.rng, self.blink))
            } else {
                None
            };
            if let Some(ins) = best_insertion(inst, route, r, c, bound, blink) {
                bound = ins.delta;
                best = Some(ins);
            }
        }
        best
    }

    /// Puts a copy in; false (and nothing changed) when the full evaluation rejects it.
    fn put(&self, st: &mut State, ins: Insertion, c: usize) -> bool {
        st.routes[ins.route].nodes.insert(ins.pos + 1, ins.node);
        st.refresh(&self.inst, ins.route);
        if st.routes[ins.route].feasible {
            return true;
        }
        st.routes[ins.route].nodes.remove(ins.pos + 1);
        st.mark_unassigned(c);
        st.refresh(&self.inst, ins.route);
        false
    }

    /// Removes every routed copy of base task `t`.
    fn take_out(&self, st: &mut PState, t: usize) {
        for d in 0..self.ex.days {
            let Some(c) = self.ex.copy(t, d) else {
                continue;
            };
            let r = st.s.route_of[c];
            if r == NONE {
                continue;
            }
            let (r, i) = (r as usize, st.s.pos_of[c] as usize);
            st.s.routes[r].nodes.remove(i);
            st.s.mark_unassigned(c);
            st.s.refresh(&self.inst, r);
        }
        st.days_of[t] = 0;
    }

    /// Pattern improvement (Vidal et al. 2012's PI for the PVRP): for each task with more than
    /// one allowed day set, in random order, all its copies come out; every allowed day set is
    /// priced by the cheapest insertion on each of its days (without blinks) and the cheapest
    /// is taken when it beats the removal saving, otherwise the copies go back where they were.
    /// True when some task changed.
    fn improve_patterns(&mut self, st: &mut PState) -> bool {
        let mut order: Vec<usize> = (0..st.days_of.len())
            .filter(|&t| {
                st.days_of[t] != 0
                    && matches!(self.rules.get(t), Some(VisitRule::Combinations(c)) if c.len() > 1)
            })
            .collect();
        self.rng.shuffle(&mut order);
        let mut changed = false;
        let mut places: Vec<(usize, usize, u32)> = Vec::new();
        for t in order {
            if self.past_deadline() {
                break;
            }
            places.clear();
            let mut before = 0.0;
            for d in 0..self.ex.days {
                let Some(c) = self.ex.copy(t, d) else {
                    continue;
                };
                let r = st.s.route_of[c];
                if r != NONE {
                    let (r, i) = (r as usize, st.s.pos_of[c] as usize);
                    places.push((r, i, st.s.routes[r].nodes[i]));
                    before += st.s.routes[r].cost;
                }
            }
            let old_mask = st.days_of[t];
            self.take_out(st, t);
            let saving = before
                - places
                    .iter()
                    .map(|&(r, _, _)| st.s.routes[r].cost)
                    .sum::<f64>();
            for d in 0..self.ex.days {
                self.picks[d] = None;
                self.costs[d] = f64::INFINITY;
                if let Some(c) = self.ex.copy(t, d) {
                    if let Some(ins) = self.cheapest_with(&st.s, c, d, false) {
                        self.costs[d] = ins.delta;
                        self.picks[d] = Some(ins);
                    }
                }
            }
            let choice = self.rules.get(t).and_then(|r| r.best_days(&self.costs));
            let mut done = false;
            if let Some((mask, total)) = choice {
                if mask != old_mask && total < saving - self.eps {
                    done = true;
                    for d in (0..self.ex.days).filter(|d| mask >> d & 1 == 1) {
                        let (Some(c), Some(ins)) = (self.ex.copy(t, d), self.picks[d]) else {
                            done = false;
                            break;
                        };
                        if !self.put(&mut st.s, ins, c) {
                            done = false;
                            break;
                        }
                    }
                    if done {
                        st.days_of[t] = mask;
                    } else {
                        self.take_out(st, t);
                    }
                }
            }
            if !done {
                // back where they were (different days: different routes, positions unchanged)
                for &(r, i, node) in &places {
                    st.s.routes[r].nodes.insert(i, node);
                    st.s.refresh(&self.inst, r);
                }
                st.days_of[t] = old_mask;
            }
            changed |= done;
        }
        changed
    }

    /// True once the time limit has run out.
    fn past_deadline(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Local search within days alternated with pattern improvement until neither improves
    /// (or the time limit runs out).
    fn improve(&mut self, st: &mut PState) {
        for _ in 0..10 {
            local_search(&self.inst, &mut st.s);
            if self.past_deadline() || !self.improve_patterns(st) {
                break;
            }
        }
        score(&self.inst, &self.required, &self.prize, st);
    }

    /// Reinserts: `partial` copies go back on their day, then every task without a day set
    /// chooses one.
    fn recreate(&mut self, st: &mut PState, partial: &[u32]) {
        // copies on fixed days first (their task keeps its day set when they all fit)
        for &c in partial {
            let c = c as usize;
            let (t, d) = (self.ex.copy_task[c], self.ex.copy_day[c]);
            if st.days_of[t] == 0 || st.s.route_of[c] != NONE {
                continue;
            }
            let ok = match self.cheapest(&st.s, c, d) {
                Some(ins) => self.put(&mut st.s, ins, c),
                None => false,
            };
            if !ok {
                self.take_out(st, t);
            }
        }
        let mut order: Vec<u32> = (0..st.days_of.len() as u32)
            .filter(|&t| st.days_of[t as usize] == 0)
            .collect();
        self.rng.shuffle(&mut order);
        if self.rng.chance(0.5) {
            // most constrained first: fewer allowed day sets, then more visits
            let weight = |t: u32| match self.rules.get(t as usize) {
                Some(VisitRule::Combinations(c)) => {
                    c.len() as f64 / (1 + c.first().map_or(0, |m| m.count_ones())) as f64
                }
                _ => 1.0,
            };
            order.sort_by(|&a, &b| weight(a).total_cmp(&weight(b)));
        }
        order.sort_by_key(|&t| !self.required[t as usize]);
        for &t in &order {
            let t = t as usize;
            if st.days_of[t] != 0 {
                continue;
            }
            for d in 0..self.ex.days {
                self.picks[d] = None;
                self.costs[d] = f64::INFINITY;
                if let Some(c) = self.ex.copy(t, d) {
                    if let Some(ins) = self.cheapest(&st.s, c, d) {
                        self.costs[d] = ins.delta;
                        self.picks[d] = Some(ins);
                    }
                }
            }
            let Some(rule) = self.rules.get(t) else {
                continue;
            };
            let Some((mask, total)) = rule.best_days(&self.costs) else {
                continue;
            };
            if !self.required[t] && self.prize[t] <= 0.0 && total > 1e-9 {
                continue;
            }
            let mut ok = true;
            for d in (0..self.ex.days).filter(|d| mask >> d & 1 == 1) {
                let (Some(c), Some(ins)) = (self.ex.copy(t, d), self.picks[d]) else {
                    ok = false;
                    break;
                };
                if !self.put(&mut st.s, ins, c) {
                    ok = false;
                    break;
                }
            }
            st.days_of[t] = mask;
            if !ok {
                self.take_out(st, t);
            }
        }
    }

    /// One ruin-and-recreate iteration at budget fraction `frac`; true when the best improved.
    fn iterate(&mut self, frac: f64) -> bool {
        let temperature = self.t0 * fmath::exp(frac.clamp(0.0, 1.0) * self.ln_ratio);
        let mut cand = match self.candidate.take() {
            Some(mut c) => {
                c.copy_from(&self.current);
                c
            }
            None => self.current.clone(),
        };
        let mut removed: Vec<u32> = Vec::new();
        string_removal(
            &self.inst,
            &mut cand.s,
            &self.strings,
            &mut self.rng,
            &mut removed,
        );
        let mut whole: Vec<u32> = Vec::new();
        let mut partial: Vec<u32> = Vec::new();
        for &c in &removed {
            let t = self.ex.copy_task[c as usize] as u32;
            if whole.contains(&t) {
                continue;
            }
            if self.rng.chance(RESELECT_DAYS) {
                whole.push(t);
            } else {
                partial.push(c);
            }
        }
        for &t in &whole {
            self.take_out(&mut cand, t as usize);
        }
        partial.retain(|&c| !whole.contains(&(self.ex.copy_task[c as usize] as u32)));
        self.recreate(&mut cand, &partial);
        score(&self.inst, &self.required, &self.prize, &mut cand);
        let (c, cur) = (cand.cost, self.current.cost);
        let accept = match c.tier_cmp(&cur) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => {
                c.travel < cur.travel - temperature * fmath::ln(1.0 - self.rng.unit())
            }
        };
        let mut improved = false;
        if accept {
            std::mem::swap(&mut self.current, &mut cand);
            if self.current.cost.better_than(&self.best.cost, self.eps)
                && !self.uses_extra(&self.current)
            {
                if self.local {
                    // `cand` holds the previous current: improve the new one outside `self`
                    std::mem::swap(&mut self.current, &mut cand);
                    self.improve(&mut cand);
                    std::mem::swap(&mut self.current, &mut cand);
                }
                self.best.copy_from(&self.current);
                improved = true;
            }
        }
        self.candidate = Some(cand);
        if !self.extra.is_empty() {
            if accept && self.uses_extra(&self.current) && self.rng.chance(0.5) {
                improved |= self.repair_current();
            }
            self.adapt_penalty();
        }
        improved
    }

    /// Repair (as HGS repairs half of its infeasible offspring): a copy of the current solution
    /// loses the tasks on extra vehicles, which are reinserted on the day's own fleet; when the
    /// result beats the best solution, it is improved and becomes the best. True in that case.
    fn repair_current(&mut self) -> bool {
        let mut rep = match self.repair.take() {
            Some(mut r) => {
                r.copy_from(&self.current);
                r
            }
            None => self.current.clone(),
        };
        self.strip_extra(&mut rep);
        self.no_extra = true;
        self.recreate(&mut rep, &[]);
        self.no_extra = false;
        score(&self.inst, &self.required, &self.prize, &mut rep);
        // close enough to the best to be worth a local search
        let better = match rep.cost.tier_cmp(&self.best.cost) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => rep.cost.travel < self.best.cost.travel * 1.01,
        };
        let mut improved = false;
        if better {
            if self.local {
                self.improve(&mut rep);
            }
            if rep.cost.better_than(&self.best.cost, self.eps) && !self.uses_extra(&rep) {
                self.best.copy_from(&rep);
                improved = true;
            }
        }
        self.repair = Some(rep);
        improved
    }

    fn fraction(&self) -> f64 {
        let by_time =
            self.time_limit_ms
                .map_or(0.0, |l| if l > 0.0 { self.elapsed_ms / l } else { 1.0 });
        let by_iter = self.iteration_limit.map_or(0.0, |l| {
            if l > 0 {
                self.iterations as f64 / l as f64
            } else {
                1.0
            }
        });
        by_time.max(by_iter)
    }

    /// Searches for about `budget`, or until the configured limit.
    pub fn step(&mut self, budget: Budget) -> Progress {
        let t = Instant::now();
        self.deadline = self.time_limit_ms.and_then(|l| {
            t.checked_add(std::time::Duration::from_secs_f64(
                ((l - self.elapsed_ms) / 1e3).clamp(0.0, 1e9),
            ))
        });
        let base = self.elapsed_ms;
        let mut n = 0u64;
        while !self.done {
            if self.fraction() >= 1.0 {
                self.done = true;
                break;
            }
            let frac = self.fraction();
            self.iterate(frac);
            self.iterations += 1;
            n += 1;
            self.elapsed_ms = base + t.elapsed().as_secs_f64() * 1e3;
            match budget {
                Budget::Iterations(k) if n >= k => break,
                Budget::Millis(ms) if self.elapsed_ms - base >= ms => break,
                _ => {}
            }
        }
        self.progress()
    }

    /// Where the search stands.
    pub fn progress(&self) -> Progress {
        Progress {
            iterations: self.iterations,
            elapsed_ms: self.elapsed_ms,
            best_cost: self.best.cost.travel,
            best_unassigned: self.best.days_of.iter().filter(|&&m| m == 0).count(),
            best_unassigned_required: self.best.cost.unserved_required as usize,
            fraction: self.fraction().min(1.0),
            done: self.done,
        }
    }

    /// Ends the search; the best solution stays available.
    pub fn cancel(&mut self) {
        self.done = true;
    }

    /// The best solution found so far, in base task and vehicle indices.
    pub fn best_solution(&self) -> PeriodicSolution {
        let flat = to_solution(&self.inst, &self.best.s);
        let mut days: Vec<DayRoutes> = (0..self.ex.days)
            .map(|day| DayRoutes {
                day,
                routes: Vec::new(),
            })
            .collect();
        let mut summary = flat.summary.clone();
        for mut r in flat.routes {
            let d = self.ex.vehicle_day.get(r.vehicle).copied().unwrap_or(0);
            r.vehicle = self
                .ex
                .vehicle_base
                .get(r.vehicle)
                .copied()
                .unwrap_or(r.vehicle);
            for s in &mut r.steps {
                s.task = self.ex.copy_task.get(s.task).copied().unwrap_or(s.task);
            }
            if let Some(day) = days.get_mut(d) {
                day.routes.push(r);
            }
        }
        let unassigned: Vec<usize> = (0..self.best.days_of.len())
            .filter(|&t| self.best.days_of[t] == 0)
            .collect();
        summary.served = self
            .best
            .days_of
            .iter()
            .map(|m| m.count_ones() as usize)
            .sum();
        summary.unassigned = unassigned.len();
        summary.unassigned_required = unassigned.iter().filter(|&&t| self.required[t]).count();
        summary.lost_prize = unassigned
            .iter()
            .filter(|&&t| !self.required[t])
            .map(|&t| self.prize[t])
            .sum();
        summary.served_prize = (0..self.prize.len())
            .filter(|&t| self.best.days_of[t] != 0 && !self.required[t])
            .map(|t| self.prize[t])
            .sum();
        let reasons = unassigned
            .iter()
            .map(|&t| {
                self.feasibility
                    .obstacle(t)
                    .map_or(UnassignedReason::NoRoom, |o| o.reason)
            })
            .collect();
        PeriodicSolution {
            days,
            visit_days: self.best.days_of.clone(),
            unassigned,
            reasons,
            feasibility: self.feasibility.clone(),
            summary,
        }
    }
}

/// Adds one extra vehicle per day (a copy of the day's first vehicle; its fixed cost, set by
/// the search, is the penalty for exceeding the fleet) and allows every task copy of that day on
/// it. Returns the extra vehicles' indices (= their routes). Only days whose vehicles all have
/// the same limits get one, so that the extra vehicle is a copy of any of them.
fn add_extra_vehicles(ex: &mut Expanded) -> Vec<usize> {
    let mut extra = Vec::new();
    for d in 0..ex.days {
        let todays: Vec<usize> = (0..ex.vehicle_day.len())
            .filter(|&v| ex.vehicle_day[v] == d)
            .collect();
        let Some(&first) = todays.first() else {
            continue;
        };
        let v0 = &ex.problem.vehicles[first];
        let alike = todays.iter().all(|&v| {
            let w = &ex.problem.vehicles[v];
            w.capacity == v0.capacity
                && w.max_duration_s.to_bits() == v0.max_duration_s.to_bits()
                && w.max_distance_m.to_bits() == v0.max_distance_m.to_bits()
                && w.shift == v0.shift
                && w.start == v0.start
                && w.end == v0.end
                && w.skills == v0.skills
                && w.profile == v0.profile
                && w.speed_factor.to_bits() == v0.speed_factor.to_bits()
                && w.fixed_cost == 0.0
        });
        if !alike {
            continue;
        }
        let e = ex.problem.vehicles.len();
        ex.problem.vehicles.push(ex.problem.vehicles[first].clone());
        ex.vehicle_base.push(ex.vehicle_base[first]);
        ex.vehicle_day.push(d);
        for (c, task) in ex.problem.tasks.iter_mut().enumerate() {
            if ex.copy_day[c] != d {
                continue;
            }
            if let Some(vs) = task.vehicles.as_mut() {
                if vs.contains(&first) {
                    vs.push(e);
                }
            }
        }
        extra.push(e);
    }
    extra
}

/// Neighbour lists restricted to copies of the same day (the others can never share a route),
/// nearest first by the cheaper direction between any orientations.
fn same_day_neighbours(inst: &mut Instance, ex: &Expanded) {
    const K: usize = 40;
    let n = inst.n_tasks;
    let kind = 0;
    if inst.kinds.is_empty() {
        return;
    }
    let mut lists = Vec::with_capacity(n);
    let mut cand: Vec<(f64, u32)> = Vec::new();
    for a in 0..n {
        cand.clear();
        for b in (0..n).filter(|&b| b != a && ex.copy_day[b] == ex.copy_day[a]) {
            let mut best = f64::INFINITY;
            for oa in [2 * a, 2 * a + 1].into_iter().filter(|&o| inst.node_ok[o]) {
                for ob in [2 * b, 2 * b + 1].into_iter().filter(|&o| inst.node_ok[o]) {
                    let (x, y) = (oa as u32, ob as u32);
                    best = best.min(inst.cost(kind, x, y)).min(inst.cost(kind, y, x));
                }
            }
            cand.push((best, b as u32));
        }
        cand.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        lists.push(cand.iter().take(K).map(|c| c.1).collect());
    }
    inst.neighbours = lists;
}

/// The periodic cost tiers of a state: unserved required tasks, lost prize, travel.
fn score(inst: &Instance, required: &[bool], prize: &[f64], st: &mut PState) {
    st.s.recompute_cost(inst);
    let mut cost = Cost {
        unserved_required: 0,
        lost_prize: 0.0,
        travel: st.s.cost.travel,
    };
    for (t, &m) in st.days_of.iter().enumerate() {
        if m == 0 {
            if required[t] {
                cost.unserved_required += 1;
            } else {
                cost.lost_prize += prize[t];
            }
        }
    }
    st.cost = cost;
}

/// Runs a periodic search to its limit, calling `on_progress` about every 100 ms; stops early
/// when it returns [`Control::Stop`].
pub fn solve_periodic(
    problem: &PeriodicProblem,
    config: &SolverConfig,
    on_progress: &mut dyn FnMut(&Progress) -> Control,
) -> Result<PeriodicSolution, SolverError> {
    let mut search = PeriodicSearch::new(problem, config)?;
    loop {
        let p = search.step(Budget::Millis(100.0));
        if p.done || on_progress(&p) == Control::Stop {
            break;
        }
    }
    Ok(search.best_solution())
}
