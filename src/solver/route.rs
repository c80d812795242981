//! A route under search, with the cached forward and backward data that make insertion and
//! move checks O(1) (Savelsbergh 1992, "The vehicle routing problem with time windows:
//! minimizing route duration"; Kindervater & Savelsbergh 1997; Vidal et al. 2013):
//!
//! * `early[i]`: earliest start of service at position `i` when leaving at the shift start;
//! * `late[i]`: latest start of service at `i` such that the rest of the route stays feasible.
//!
//! Waiting is allowed, so arriving at `i` is feasible exactly when the arrival is at most
//! `late[i]`, even with several windows per task. Prefix sums of distance and cost give any
//! forward sub-sequence's distance and cost in O(1).

use super::instance::Instance;

/// A vehicle's route: node sequence (start depot, tasks, end depot) and caches.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub vehicle: usize,
    /// Nodes: `[start, …tasks…, end]`.
    pub nodes: Vec<u32>,
    /// Earliest service start per position (start: the shift start; end: arrival).
    pub early: Vec<f64>,
    /// Latest service start per position (end: the shift end).
    pub late: Vec<f64>,
    /// Distance driven before arriving at each position.
    pub cum_dist: Vec<f64>,
    /// Proxy cost (travel and serving) before arriving at each position.
    pub cum_cost: Vec<f64>,
    /// Pinned tasks before each position.
    pub pins: Vec<u32>,
    /// Total load per dimension.
    pub load: Vec<i64>,
    pub distance: f64,
    /// Departure of the schedule convention (latest departure keeping the earliest return).
    pub depart: f64,
    pub duration: f64,
    /// Exact objective cost (0 for an unused vehicle).
    pub cost: f64,
    pub feasible: bool,
}

impl Route {
    /// The empty route of vehicle `v`.
    pub fn empty(inst: &Instance, v: usize) -> Self {
        let veh = &inst.vehicles[v];
        let mut r = Route {
            vehicle: v,
            nodes: vec![veh.start_node, veh.end_node],
            early: Vec::new(),
            late: Vec::new(),
            cum_dist: Vec::new(),
            cum_cost: Vec::new(),
            pins: Vec::new(),
            load: vec![0; inst.dims],
            distance: 0.0,
            depart: veh.shift_start,
            duration: 0.0,
            cost: 0.0,
            feasible: true,
        };
        r.update(inst);
        r
    }

    /// Number of tasks.
    #[inline]
    pub fn len(&self) -> usize {
        self.nodes.len() - 2
    }

    /// True without tasks.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 2
    }

    /// Copies `other` into `self`, reusing allocations.
    pub fn copy_from(&mut self, other: &Route) {
        self.vehicle = other.vehicle;
        self.nodes.clone_from(&other.nodes);
        self.early.clone_from(&other.early);
        self.late.clone_from(&other.late);
        self.cum_dist.clone_from(&other.cum_dist);
        self.cum_cost.clone_from(&other.cum_cost);
        self.pins.clone_from(&other.pins);
        self.load.clone_from(&other.load);
        self.distance = other.distance;
        self.depart = other.depart;
        self.duration = other.duration;
        self.cost = other.cost;
        self.feasible = other.feasible;
    }

    /// True when positions `a..=b` hold a pinned task.
    #[inline]
    pub fn has_pinned(&self, a: usize, b: usize) -> bool {
        a <= b && self.pins[b + 1] > self.pins[a]
    }

    /// Recomputes every cache from the node sequence.
    pub fn update(&mut self, inst: &Instance) {
        let veh = &inst.vehicles[self.vehicle];
        let k = veh.kind;
        let kind = &inst.kinds[k];
        let n = self.nodes.len();
        self.early.resize(n, 0.0);
        self.late.resize(n, 0.0);
        self.cum_dist.resize(n, 0.0);
        self.cum_cost.resize(n, 0.0);
        self.pins.resize(n + 1, 0);
        self.load.clear();
        self.load.resize(inst.dims, 0);
        let mut feasible = true;
        self.early[0] = veh.shift_start;
        self.cum_dist[0] = 0.0;
        self.cum_cost[0] = 0.0;
        self.pins[0] = 0;
        for i in 1..n {
            let (a, b) = (self.nodes[i - 1], self.nodes[i]);
            let au = a as usize;
            let arr = self.early[i - 1] + kind.service[au] + inst.time(k, a, b);
            self.early[i] = match inst.earliest_start(b, arr) {
                Some(s) if arr.is_finite() => s,
                _ => {
                    feasible = false;
                    arr
                }
            };
            self.cum_dist[i] = self.cum_dist[i - 1] + inst.serve_m[au] + inst.dist(k, a, b);
            self.cum_cost[i] = self.cum_cost[i - 1] + kind.serve_cost[au] + inst.cost(k, a, b);
            let pinned = inst.task_of(a).is_some_and(|t| inst.pinned[t]);
            self.pins[i] = self.pins[i - 1] + u32::from(pinned);
            if let Some(t) = inst.task_of(b) {
                for (l, d) in self.load.iter_mut().zip(inst.demand(t)) {
                    *l += d;
                }
            }
        }
        self.pins[n] = self.pins[n - 1];
        let end = self.early[n - 1];
        if !(end <= veh.shift_end) {
            feasible = false;
        }
        self.late[n - 1] = veh.shift_end;
        for i in (0..n - 1).rev() {
            let a = self.nodes[i];
            let bound =
                self.late[i + 1] - inst.time(k, a, self.nodes[i + 1]) - kind.service[a as usize];
            self.late[i] = inst.latest_start(a, bound).unwrap_or(f64::NEG_INFINITY);
        }
        for (l, c) in self.load.iter().zip(&veh.capacity) {
            if l > c {
                feasible = false;
            }
        }
        self.distance = self.cum_dist[n - 1];
        if n <= 2 {
            self.depart = veh.shift_start;
            self.duration = 0.0;
            self.cost = 0.0;
        } else {
            // latest departure that still returns at `end`
            let mut l = end;
            for i in (1..n - 1).rev() {
                let a = self.nodes[i];
                let bound = l - inst.time(k, a, self.nodes[i + 1]) - kind.service[a as usize];
                l = inst.latest_start(a, bound).unwrap_or(f64::NEG_INFINITY);
            }
            let depart = l - inst.time(k, self.nodes[0], self.nodes[1]);
            self.depart = if feasible {
                depart.max(veh.shift_start)
            } else {
                veh.shift_start
            };
            self.duration = end - self.depart;
            let obj = inst.objective;
            self.cost =
                super::instance::weighted(obj, self.distance, self.duration) + veh.fixed_cost;
        }
        if !(self.distance <= veh.max_distance) || !(self.duration <= veh.max_duration) {
            feasible = false;
        }
        self.feasible = feasible;
    }
}
