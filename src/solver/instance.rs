//! The search's frozen view of a [`Problem`]: dense matrices, orientation nodes, compatibility
//! and neighbour lists. Built once by [`Instance::new`]; everything the search evaluates reads
//! from here (the checker does not).
//!
//! Each task `t` has two *nodes* `2t` (forward) and `2t + 1` (reversed, only valid for two-way
//! arcs); vehicle `v` has a start node `2T + 2v` and an end node `2T + 2v + 1`. A node has an
//! entry and an exit location, so visits, arcs in either direction and depots are evaluated
//! the same way. Open route ends use an extra location with zero cost to and from everything.

use super::model::{Objective, Problem, TimeWindow};
use super::validate::capacity_dims;

/// "No index".
pub(crate) const NONE: u32 = u32::MAX;

/// Relative rounding slack of backward time passes.
const ROUNDING_S: f64 = 1e-12;

/// Neighbour-list length for the string removals and local search.
const NEIGHBOURS: usize = 40;

/// A dense square matrix of `f64`.
#[derive(Debug, Clone)]
pub(crate) struct Matrix {
    n: usize,
    data: Vec<f64>,
}

impl Matrix {
    fn build(n: usize, f: impl Fn(usize, usize) -> f64) -> Self {
        let mut data = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                data.push(f(i, j));
            }
        }
        Matrix { n, data }
    }

    /// Value from location `a` to location `b` (both `< n`, as built by [`Instance`]).
    #[inline]
    pub fn at(&self, a: u32, b: u32) -> f64 {
        self.data[a as usize * self.n + b as usize]
    }
}

/// A vehicle kind: one cost profile driven at one speed factor.
#[derive(Debug, Clone)]
pub(crate) struct Kind {
    /// Matrix index of distances (m).
    pub dist: usize,
    /// Matrix index of travel times (s).
    pub time: usize,
    /// Matrix index of travel costs (objective-weighted distance and time).
    pub cost: usize,
    /// Service time per node (task service plus arc traversal at this speed), s.
    pub service: Vec<f64>,
    /// Objective cost of serving per node (weighted arc length and service time).
    pub serve_cost: Vec<f64>,
    profile: usize,
    speed_bits: u64,
}

/// A vehicle as the search sees it.
#[derive(Debug, Clone)]
pub(crate) struct VehicleData {
    pub start_node: u32,
    pub end_node: u32,
    pub kind: usize,
    pub shift_start: f64,
    pub shift_end: f64,
    pub max_duration: f64,
    pub max_distance: f64,
    pub fixed_cost: f64,
    /// Capacity per dimension (`i64::MAX` where unconstrained).
    pub capacity: Vec<i64>,
    /// Vehicles of one class are interchangeable (same everything); an empty route of a class
    /// needs evaluating once.
    pub class: u32,
}

/// The frozen problem.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub n_tasks: usize,
    pub dims: usize,
    pub objective: Objective,
    pub matrices: Vec<Matrix>,
    pub kinds: Vec<Kind>,
    /// Per node: entry and exit locations, distance driven while serving, orientation allowed.
    pub entry: Vec<u32>,
    pub exit: Vec<u32>,
    pub serve_m: Vec<f64>,
    pub node_ok: Vec<bool>,
    /// Per node: the node serving the same task when a route segment is reversed (the task
    /// itself for visits and depots, the other direction for two-way arcs, `NONE` for one-way
    /// arcs).
    pub flip: Vec<u32>,
    /// Per vehicle kind: the cost matrix is symmetric and no task is an arc, so reversing a
    /// route segment keeps its inner cost.
    pub symmetric: Vec<bool>,
    /// Every task may be served by every vehicle.
    pub all_compatible: bool,
    /// Windows of task `t` are `wins[win_off[t]..win_off[t + 1]]`.
    pub win_off: Vec<u32>,
    pub wins: Vec<TimeWindow>,
    /// Latest window end per task.
    pub last_end: Vec<f64>,
    /// Demand, `n_tasks × dims`.
    pub demand: Vec<i64>,
    pub required: Vec<bool>,
    pub prize: Vec<f64>,
    /// `compat[t * n_vehicles + v]`: skills and allowed vehicles.
    pub compat: Vec<bool>,
    pub pinned: Vec<bool>,
    pub vehicles: Vec<VehicleData>,
    /// Nearest other tasks, by the cheaper direction between any orientations.
    pub neighbours: Vec<Vec<u32>>,
    /// Cheapest cost between any vehicle start and the task.
    pub depot_cost: Vec<f64>,
    /// Demand relative to the largest capacity, summed over dimensions (for sorting).
    pub demand_weight: Vec<f64>,
}

impl Instance {
    /// Builds the frozen view; `problem` must have passed validation.
    pub fn new(problem: &Problem) -> Self {
        let n_tasks = problem.tasks.len();
        let n_veh = problem.vehicles.len();
        let n_loc = problem.locations();
        let nowhere = n_loc as u32;
        let dims = capacity_dims(problem);
        let obj = problem.objective;

        // orientation and depot nodes
        let n_nodes = 2 * n_tasks + 2 * n_veh;
        let mut entry = vec![nowhere; n_nodes];
        let mut exit = vec![nowhere; n_nodes];
        let mut serve_m = vec![0.0; n_nodes];
        let mut serve_s = vec![0.0; n_nodes]; // traversal at profile speed
        let mut node_ok = vec![false; n_nodes];
        for (t, task) in problem.tasks.iter().enumerate() {
            for o in task.orientations() {
                let k = 2 * t + usize::from(o.reversed);
                entry[k] = o.entry as u32;
                exit[k] = o.exit as u32;
                serve_m[k] = o.serve_distance_m;
                serve_s[k] = o.serve_duration_s;
                node_ok[k] = true;
            }
        }
        for (v, veh) in problem.vehicles.iter().enumerate() {
            let s = 2 * n_tasks + 2 * v;
            let loc = |l: Option<usize>| l.map_or(nowhere, |x| x as u32);
            entry[s] = loc(veh.start);
            exit[s] = loc(veh.start);
            entry[s + 1] = loc(veh.end);
            exit[s + 1] = loc(veh.end);
            node_ok[s] = true;
            node_ok[s + 1] = true;
        }

        // matrices: one distance matrix per profile, time and cost per kind
        let n_mat = n_loc + 1;
        let mut matrices = Vec::new();
        let mut dist_of_profile = vec![usize::MAX; problem.profiles.len()];
        let mut kinds: Vec<Kind> = Vec::new();
        let mut vehicles = Vec::with_capacity(n_veh);
        for (v, veh) in problem.vehicles.iter().enumerate() {
            let speed_bits = veh.speed_factor.to_bits();
            let kind = match kinds
                .iter()
                .position(|k| k.profile == veh.profile && k.speed_bits == speed_bits)
            {
                Some(k) => k,
                None => {
                    let Some(prof) = problem.profiles.get(veh.profile) else {
                        continue;
                    };
                    let inside = |i: usize, j: usize| i < n_loc && j < n_loc;
                    let dist = match dist_of_profile.get(veh.profile) {
                        Some(&d) if d != usize::MAX => d,
                        _ => {
                            matrices.push(Matrix::build(n_mat, |i, j| {
                                if inside(i, j) {
                                    prof.distance_m(i, j)
                                } else {
                                    0.0
                                }
                            }));
                            if let Some(slot) = dist_of_profile.get_mut(veh.profile) {
                                *slot = matrices.len() - 1;
                            }
                            matrices.len() - 1
                        }
                    };
                    let f = veh.speed_factor;
                    matrices.push(Matrix::build(n_mat, |i, j| {
                        if inside(i, j) {
                            prof.duration_s(i, j) / f
                        } else {
                            0.0
                        }
                    }));
                    let time = matrices.len() - 1;
                    let cost = if obj.duration_weight == 0.0 && obj.distance_weight == 1.0 {
                        dist
                    } else if obj.distance_weight == 0.0 && obj.duration_weight == 1.0 {
                        time
                    } else {
                        let (d, t) = (&matrices[dist], &matrices[time]);
                        let m = Matrix::build(n_mat, |i, j| {
                            let (i, j) = (i as u32, j as u32);
                            weighted(obj, d.at(i, j), t.at(i, j))
                        });
                        matrices.push(m);
                        matrices.len() - 1
                    };
                    let mut service = vec![0.0; n_nodes];
                    let mut serve_cost = vec![0.0; n_nodes];
                    for (t, task) in problem.tasks.iter().enumerate() {
                        for k in [2 * t, 2 * t + 1] {
                            service[k] = task.service_s + serve_s[k] / f;
                            serve_cost[k] = weighted(obj, serve_m[k], service[k]);
                        }
                    }
                    kinds.push(Kind {
                        dist,
                        time,
                        cost,
                        service,
                        serve_cost,
                        profile: veh.profile,
                        speed_bits,
                    });
                    kinds.len() - 1
                }
            };
            let capacity = (0..dims)
                .map(|d| veh.capacity.get(d).copied().unwrap_or(i64::MAX))
                .collect();
            vehicles.push(VehicleData {
                start_node: (2 * n_tasks + 2 * v) as u32,
                end_node: (2 * n_tasks + 2 * v + 1) as u32,
                kind,
                shift_start: veh.shift.start_s,
                shift_end: veh.shift.end_s,
                max_duration: veh.max_duration_s,
                max_distance: veh.max_distance_m,
                fixed_cost: veh.fixed_cost,
                capacity,
                class: 0,
            });
        }

        // windows, demand, value
        let mut win_off = Vec::with_capacity(n_tasks + 1);
        let mut wins = Vec::new();
        let mut last_end = Vec::with_capacity(n_tasks);
        let mut demand = vec![0i64; n_tasks * dims];
        for (t, task) in problem.tasks.iter().enumerate() {
            win_off.push(wins.len() as u32);
            wins.extend_from_slice(&task.windows);
            last_end.push(task.windows.last().map_or(f64::NEG_INFINITY, |w| w.end_s));
            for (d, &q) in task.demand.iter().enumerate() {
                demand[t * dims + d] = q;
            }
        }
        win_off.push(wins.len() as u32);
        let required = problem.tasks.iter().map(|t| t.required).collect();
        let prize = problem.tasks.iter().map(|t| t.prize).collect();

        // compatibility
        let mut compat = vec![false; n_tasks * n_veh];
        for (t, task) in problem.tasks.iter().enumerate() {
            for (v, veh) in problem.vehicles.iter().enumerate() {
                let skills = task.skills.iter().all(|s| veh.skills.contains(s));
                let allowed = task.vehicles.as_ref().is_none_or(|vs| vs.contains(&v));
                compat[t * n_veh + v] = skills && allowed;
            }
        }
        let mut pinned = vec![false; n_tasks];
        for r in &problem.initial {
            for s in r.steps.iter().filter(|s| s.pinned) {
                if let Some(p) = pinned.get_mut(s.task) {
                    *p = true;
                }
            }
            // a pinned task may only ever be on its initial vehicle
            for s in r.steps.iter().filter(|s| s.pinned) {
                for v in 0..n_veh {
                    if v != r.vehicle {
                        if let Some(c) = compat.get_mut(s.task * n_veh + v) {
                            *c = false;
                        }
                    }
                }
            }
        }

        let mut inst = Instance {
            n_tasks,
            dims,
            objective: obj,
            matrices,
            kinds,
            entry,
            exit,
            serve_m,
            flip: Vec::new(),
            all_compatible: false,
            symmetric: Vec::new(),
            node_ok,
            win_off,
            wins,
            last_end,
            demand,
            required,
            prize,
            compat,
            pinned,
            vehicles,
            neighbours: Vec::new(),
            depot_cost: Vec::new(),
            demand_weight: Vec::new(),
        };
        inst.flip = (0..n_nodes)
            .map(|k| {
                let arc = k < 2 * n_tasks
                    && matches!(
                        problem.tasks.get(k / 2).map(|t| &t.kind),
                        Some(super::model::TaskKind::Arc { .. })
                    );
                if !arc {
                    k as u32
                } else if inst.node_ok[k ^ 1] {
                    (k ^ 1) as u32
                } else {
                    NONE
                }
            })
            .collect();
        let any_arc = problem
            .tasks
            .iter()
            .any(|t| matches!(t.kind, super::model::TaskKind::Arc { .. }));
        inst.symmetric = inst
            .kinds
            .iter()
            .map(|kind| {
                let m = &inst.matrices[kind.cost];
                !any_arc
                    && (0..n_mat).all(|i| {
                        (0..i).all(|j| {
                            m.at(i as u32, j as u32).to_bits() == m.at(j as u32, i as u32).to_bits()
                        })
                    })
            })
            .collect();
        inst.all_compatible = inst.compat.iter().all(|&c| c);
        inst.classify_vehicles();
        inst.neighbours = inst.nearest_tasks(NEIGHBOURS);
        inst.depot_cost = (0..n_tasks)
            .map(|t| {
                let node = 2 * t as u32;
                inst.vehicles
                    .iter()
                    .map(|v| inst.cost(v.kind, v.start_node, node))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        inst.demand_weight = (0..n_tasks)
            .map(|t| {
                inst.demand(t)
                    .iter()
                    .enumerate()
                    .map(|(d, &q)| {
                        let cap = inst
                            .vehicles
                            .iter()
                            .map(|v| v.capacity[d])
                            .max()
                            .unwrap_or(1);
                        q as f64 / cap.max(1) as f64
                    })
                    .sum()
            })
            .collect();
        inst
    }

    /// Number of vehicles.
    #[inline]
    pub fn n_vehicles(&self) -> usize {
        self.vehicles.len()
    }

    /// Travel cost from node `a`'s exit to node `b`'s entry for vehicle kind `k`.
    #[inline]
    pub fn cost(&self, k: usize, a: u32, b: u32) -> f64 {
        let kind = &self.kinds[k];
        self.matrices[kind.cost].at(self.exit[a as usize], self.entry[b as usize])
    }

    /// Travel time from node `a`'s exit to node `b`'s entry for vehicle kind `k`.
    #[inline]
    pub fn time(&self, k: usize, a: u32, b: u32) -> f64 {
        let kind = &self.kinds[k];
        self.matrices[kind.time].at(self.exit[a as usize], self.entry[b as usize])
    }

    /// Travel distance from node `a`'s exit to node `b`'s entry for vehicle kind `k`.
    #[inline]
    pub fn dist(&self, k: usize, a: u32, b: u32) -> f64 {
        let kind = &self.kinds[k];
        self.matrices[kind.dist].at(self.exit[a as usize], self.entry[b as usize])
    }

    /// The time windows of task `t`.
    #[inline]
    pub fn windows(&self, t: usize) -> &[TimeWindow] {
        let a = self.win_off[t] as usize;
        let b = self.win_off[t + 1] as usize;
        &self.wins[a..b]
    }

    /// Earliest start of service at node `node` when arriving at `arrival`, or `None` when no
    /// window is left. Depot nodes have no windows (the shift is checked by the caller).
    #[inline]
    pub fn earliest_start(&self, node: u32, arrival: f64) -> Option<f64> {
        let t = node as usize / 2;
        if t >= self.n_tasks {
            return Some(arrival);
        }
        for w in self.windows(t) {
            // an arrival that misses a window end by rounding only (a departure from a backward
            // pass) still counts as inside it
            if arrival <= w.end_s + ROUNDING_S * (1.0 + w.end_s.abs()) {
                return Some(arrival.max(w.start_s));
            }
        }
        None
    }

    /// Latest start of service at node `node` no later than `bound`, or `None`. A bound that
    /// misses a window start by rounding only (backward passes subtract what forward passes
    /// added) still counts as that start.
    #[inline]
    pub fn latest_start(&self, node: u32, bound: f64) -> Option<f64> {
        let t = node as usize / 2;
        if t >= self.n_tasks {
            return Some(bound);
        }
        for w in self.windows(t).iter().rev() {
            if w.start_s <= bound + ROUNDING_S * (1.0 + bound.abs()) {
                return Some(bound.min(w.end_s).max(w.start_s));
            }
        }
        None
    }

    /// Demand vector of task `t`.
    #[inline]
    pub fn demand(&self, t: usize) -> &[i64] {
        &self.demand[t * self.dims..(t + 1) * self.dims]
    }

    /// True when vehicle `v` may serve task `t`.
    #[inline]
    pub fn compatible(&self, t: usize, v: usize) -> bool {
        self.compat[t * self.vehicles.len() + v]
    }

    /// The task of a node (`None` for depot nodes).
    #[inline]
    pub fn task_of(&self, node: u32) -> Option<usize> {
        let t = node as usize / 2;
        (t < self.n_tasks).then_some(t)
    }

    fn classify_vehicles(&mut self) {
        let n_veh = self.vehicles.len();
        let mut classes: Vec<usize> = Vec::new(); // representative vehicle per class
        for v in 0..n_veh {
            let same = |w: usize| {
                let (a, b) = (&self.vehicles[v], &self.vehicles[w]);
                self.entry[a.start_node as usize] == self.entry[b.start_node as usize]
                    && self.entry[a.end_node as usize] == self.entry[b.end_node as usize]
                    && a.kind == b.kind
                    && a.shift_start.to_bits() == b.shift_start.to_bits()
                    && a.shift_end.to_bits() == b.shift_end.to_bits()
                    && a.max_duration.to_bits() == b.max_duration.to_bits()
                    && a.max_distance.to_bits() == b.max_distance.to_bits()
                    && a.fixed_cost.to_bits() == b.fixed_cost.to_bits()
                    && a.capacity == b.capacity
                    && (0..self.n_tasks)
                        .all(|t| self.compat[t * n_veh + v] == self.compat[t * n_veh + w])
            };
            let class = match classes.iter().position(|&w| same(w)) {
                Some(c) => c,
                None => {
                    classes.push(v);
                    classes.len() - 1
                }
            };
            self.vehicles[v].class = class as u32;
        }
    }

    /// For each task, up to `k` other tasks sorted by the cheaper of the two directions between
    /// their best orientations (first vehicle kind's costs).
    fn nearest_tasks(&self, k: usize) -> Vec<Vec<u32>> {
        let n = self.n_tasks;
        let kind = 0;
        if self.kinds.is_empty() {
            return vec![Vec::new(); n];
        }
        let mut out = Vec::with_capacity(n);
        let mut cand: Vec<(f64, u32)> = Vec::with_capacity(n);
        for a in 0..n {
            cand.clear();
            for b in 0..n {
                if a == b {
                    continue;
                }
                let mut best = f64::INFINITY;
                for oa in [2 * a, 2 * a + 1] {
                    if !self.node_ok[oa] {
                        continue;
                    }
                    for ob in [2 * b, 2 * b + 1] {
                        if !self.node_ok[ob] {
                            continue;
                        }
                        let (x, y) = (oa as u32, ob as u32);
                        best = best.min(self.cost(kind, x, y)).min(self.cost(kind, y, x));
                    }
                }
                cand.push((best, b as u32));
            }
            let keep = k.min(cand.len());
            let by = |x: &(f64, u32), y: &(f64, u32)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
            if keep < cand.len() && keep > 0 {
                cand.select_nth_unstable_by(keep - 1, by);
                cand.truncate(keep);
            }
            cand.sort_unstable_by(by);
            out.push(cand.iter().map(|c| c.1).collect());
        }
        out
    }
}

/// `distance_weight · d + duration_weight · t`, with `0 · ∞ = 0`.
pub(crate) fn weighted(obj: Objective, d: f64, t: f64) -> f64 {
    let a = if obj.distance_weight == 0.0 {
        0.0
    } else {
        obj.distance_weight * d
    };
    let b = if obj.duration_weight == 0.0 {
        0.0
    } else {
        obj.duration_weight * t
    };
    a + b
}
