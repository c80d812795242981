//! Proofs that a periodic problem cannot be served in full, computed before (and independently
//! of) the search, so that an infeasible instance is reported with a reason rather than only
//! with unserved tasks.
//!
//! * Per task: a copy that no vehicle of its day can serve even alone (demand above capacity,
//!   out-and-back plus service above the duration limit, no window in the shift, …, the general
//!   solver's [`UnassignedReason`]); a task none of whose allowed day sets avoids such days can
//!   never be served.
//! * Per day and over the horizon, for the remaining tasks: every visit needs at least its
//!   service time plus half of its way in and half of its way out, at least the cheapest pair
//!   from and to two different stops (each leg of a route is shared by the two stops at its
//!   ends, so a day's total route duration is at least the sum of these halves: the classic
//!   degree bound of the TSP), and its demand. When the
//!   visits that some day must hold (every allowed day set contains it) need more time or load
//!   than that day's vehicles have (duration limit, or shift, times vehicles; capacity times
//!   vehicles), or the cheapest day sets of all tasks together need more than the whole horizon
//!   has, not every task can be served.
//!
//! The bounds are valid for any solution, never tight: passing them proves nothing.

use serde::Serialize;

use crate::solver::instance::Instance;
use crate::solver::reasons::diagnose;
use crate::solver::solution::UnassignedReason;

use super::expand::Expanded;
use super::model::VisitRule;

/// A task that can never be served: on every allowed day set, some day's copy fits no vehicle
/// even alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskObstacle {
    /// Base task index.
    pub task: usize,
    /// Why a copy fails alone (the reason on the first blocked day).
    pub reason: UnassignedReason,
    /// Days on which the task's copy fits no vehicle alone (bit mask, bit `d` = day `d`).
    pub blocked_days: u64,
}

/// What a capacity bound counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundKind {
    /// Service time plus half of the cheapest legs in and out, against the vehicles' duration
    /// limits (or shift lengths), s.
    Duration,
    /// Demand of one capacity dimension against the vehicles' capacities.
    Load,
}

/// A proof that not all servable tasks fit: `needed > available`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodicBound {
    /// What is counted.
    pub kind: BoundKind,
    /// The day (visits that must fall on it), or `None` for the whole horizon.
    pub day: Option<usize>,
    /// Capacity dimension of a load bound (0 otherwise).
    pub dimension: usize,
    /// Least amount the visits need.
    pub needed: f64,
    /// Most the vehicles can give (sum over the vehicles of the day or the horizon).
    pub available: f64,
    /// Of which service times alone (duration bounds; 0 for load bounds).
    pub service: f64,
    /// Visits counted.
    pub visits: usize,
}

impl PeriodicBound {
    /// Stable code: `duration_day`, `duration_horizon`, `load_day`, `load_horizon`.
    pub fn code(&self) -> &'static str {
        match (self.kind, self.day.is_some()) {
            (BoundKind::Duration, true) => "duration_day",
            (BoundKind::Duration, false) => "duration_horizon",
            (BoundKind::Load, true) => "load_day",
            (BoundKind::Load, false) => "load_horizon",
        }
    }

    /// A sentence in the interface language, e.g. for the CLI.
    pub fn message(&self) -> String {
        let when = match self.day {
            Some(d) => format!("第 {} 天必须安排的 {} 次访问", d + 1, self.visits),
            None => format!(
                "整个周期（每个任务取所需最少的日期组合）共 {} 次访问",
                self.visits
            ),
        };
        match self.kind {
            BoundKind::Duration => format!(
                "{when}至少需要 {:.1}（其中服务时间 {:.1}，其余为最短进出行驶的一半），\
                 超过车辆可用工作时长合计 {:.1}",
                self.needed, self.service, self.available
            ),
            BoundKind::Load => format!(
                "{when}的需求量（第 {} 维）合计 {:.0}，超过车辆容量合计 {:.0}",
                self.dimension + 1,
                self.needed,
                self.available
            ),
        }
    }
}

/// Everything proven about a periodic problem before searching.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Feasibility {
    /// Tasks that can never be served (required or not).
    pub tasks: Vec<TaskObstacle>,
    /// Capacity bounds that fail for the servable required tasks.
    pub bounds: Vec<PeriodicBound>,
}

impl Feasibility {
    /// True when no solution can serve every required task.
    pub fn proven_infeasible(&self, required: &[bool]) -> bool {
        !self.bounds.is_empty()
            || self
                .tasks
                .iter()
                .any(|o| required.get(o.task).copied().unwrap_or(true))
    }

    /// The obstacle of base task `t`, if it can never be served.
    pub fn obstacle(&self, t: usize) -> Option<&TaskObstacle> {
        self.tasks.iter().find(|o| o.task == t)
    }
}

/// Where a leg comes from or goes to: a copy, or the depot (vehicle start or end).
const DEPOT: u32 = u32::MAX;

/// The two cheapest legs from (or to) two different places.
#[derive(Clone, Copy)]
struct TwoCheapest {
    v1: f64,
    s1: u32,
    v2: f64,
    s2: u32,
}

impl TwoCheapest {
    const NONE: TwoCheapest = TwoCheapest {
        v1: f64::INFINITY,
        s1: DEPOT - 1,
        v2: f64::INFINITY,
        s2: DEPOT - 1,
    };

    fn push(&mut self, v: f64, s: u32) {
        if s == self.s1 {
            self.v1 = self.v1.min(v);
        } else if v < self.v1 {
            (self.v2, self.s2) = (self.v1, self.s1);
            (self.v1, self.s1) = (v, s);
        } else if s == self.s2 {
            self.v2 = self.v2.min(v);
        } else if v < self.v2 {
            (self.v2, self.s2) = (v, s);
        }
    }
}

/// Least duration a copy (task node) adds to its day: its service plus half of its leg in and
/// half of its leg out, at least the cheapest such pair over the vehicles and other copies of
/// its day (the stop before and the stop after are different copies unless both are the depot).
fn duration_need(inst: &Instance, same_day: &[u32], vehicles: &[usize], c: usize) -> f64 {
    let mut best = f64::INFINITY;
    for node in [2 * c as u32, 2 * c as u32 + 1] {
        if !inst.node_ok[node as usize] {
            continue;
        }
        for &v in vehicles {
            if !inst.compatible(c, v) {
                continue;
            }
            let veh = &inst.vehicles[v];
            let k = veh.kind;
            let (mut ins, mut outs) = (TwoCheapest::NONE, TwoCheapest::NONE);
            ins.push(inst.time(k, veh.start_node, node), DEPOT);
            outs.push(inst.time(k, node, veh.end_node), DEPOT);
            for &o in same_day {
                if o as usize == c {
                    continue;
                }
                for other in [2 * o, 2 * o + 1] {
                    if inst.node_ok[other as usize] {
                        ins.push(inst.time(k, other, node), o);
                        outs.push(inst.time(k, node, other), o);
                    }
                }
            }
            let legs = if ins.s1 != outs.s1 || ins.s1 == DEPOT {
                ins.v1 + outs.v1
            } else {
                (ins.v1 + outs.v2).min(ins.v2 + outs.v1)
            };
            let need = inst.kinds[k].service[node as usize] + 0.5 * legs;
            best = best.min(need);
        }
    }
    best
}

/// Proves what it can about the expanded problem `ex` (frozen as `inst`) with base rules
/// `rules` and the base tasks' `required` flags.
pub(crate) fn analyse(
    ex: &Expanded,
    inst: &Instance,
    rules: &[VisitRule],
    required: &[bool],
) -> Feasibility {
    let days = ex.days;
    let n = rules.len();
    let mut day_vehicles: Vec<Vec<usize>> = vec![Vec::new(); days];
    for (v, &d) in ex.vehicle_day.iter().enumerate() {
        if let Some(list) = day_vehicles.get_mut(d) {
            list.push(v);
        }
    }
    let mut day_copies: Vec<Vec<u32>> = vec![Vec::new(); days];
    for (c, &d) in ex.copy_day.iter().enumerate() {
        if let Some(list) = day_copies.get_mut(d) {
            list.push(c as u32);
        }
    }
    // available per day: duration (limit or shift) and load per dimension
    let avail_time: Vec<f64> = day_vehicles
        .iter()
        .map(|vs| {
            vs.iter()
                .map(|&v| {
                    let veh = &inst.vehicles[v];
                    veh.max_duration.min(veh.shift_end - veh.shift_start)
                })
                .sum()
        })
        .collect();
    let avail_load: Vec<Vec<f64>> = day_vehicles
        .iter()
        .map(|vs| {
            (0..inst.dims)
                .map(|k| {
                    vs.iter()
                        .map(|&v| match inst.vehicles[v].capacity.get(k) {
                            Some(&c) if c < i64::MAX => c as f64,
                            _ => f64::INFINITY,
                        })
                        .sum()
                })
                .collect()
        })
        .collect();
    let mut out = Feasibility::default();
    // per task and day: the copy's reason alone, its least duration and its service
    let mut time_need = vec![f64::INFINITY; n * days];
    let mut service = vec![0.0; n * days];
    let mut open = vec![false; n * days];
    for t in 0..n {
        let mut blocked = 0u64;
        let mut first: Option<UnassignedReason> = None;
        for d in 0..days {
            let Some(c) = ex.copy(t, d) else {
                continue;
            };
            let reason = diagnose(inst, c);
            if reason != UnassignedReason::NoRoom {
                blocked |= 1 << d;
                first.get_or_insert(reason);
                continue;
            }
            open[t * days + d] = true;
            time_need[t * days + d] = duration_need(inst, &day_copies[d], &day_vehicles[d], c);
            let k = day_vehicles[d]
                .iter()
                .find(|&&v| inst.compatible(c, v))
                .map_or(0, |&v| inst.vehicles[v].kind);
            service[t * days + d] = inst.kinds[k].service[2 * c];
        }
        if rules
            .get(t)
            .and_then(|r| r.best_days(&open_costs(&open, t, days)))
            .is_none()
        {
            out.tasks.push(TaskObstacle {
                task: t,
                reason: first.unwrap_or(UnassignedReason::NoSkill),
                blocked_days: blocked,
            });
        }
    }
    let impossible = |t: usize| out.tasks.iter().any(|o| o.task == t);
    let counted: Vec<usize> = (0..n)
        .filter(|&t| required.get(t).copied().unwrap_or(false) && !impossible(t))
        .collect();
    // visits each counted task must make on each day
    let mut forced = vec![0u64; n];
    for &t in &counted {
        let Some(rule) = rules.get(t) else { continue };
        let base = open_costs(&open, t, days);
        for d in (0..days).filter(|&d| open[t * days + d]) {
            let mut without = base.clone();
            without[d] = f64::INFINITY;
            if rule.best_days(&without).is_none() {
                forced[t] |= 1 << d;
            }
        }
    }
    for d in 0..days {
        let on: Vec<usize> = counted
            .iter()
            .copied()
            .filter(|&t| forced[t] >> d & 1 == 1)
            .collect();
        let need: f64 = on.iter().map(|&t| time_need[t * days + d]).sum();
        let serv: f64 = on.iter().map(|&t| service[t * days + d]).sum();
        if need > avail_time[d] * (1.0 + 1e-9) {
            out.bounds.push(PeriodicBound {
                kind: BoundKind::Duration,
                day: Some(d),
                dimension: 0,
                needed: need,
                available: avail_time[d],
                service: serv,
                visits: on.len(),
            });
        }
        for (k, &available) in avail_load[d].iter().enumerate() {
            let load: f64 = on
                .iter()
                .filter_map(|&t| ex.copy(t, d))
                .map(|c| inst.demand(c)[k] as f64)
                .sum();
            if load > available {
                out.bounds.push(PeriodicBound {
                    kind: BoundKind::Load,
                    day: Some(d),
                    dimension: k,
                    needed: load,
                    available,
                    service: 0.0,
                    visits: on.len(),
                });
            }
        }
    }
    // the horizon: each counted task on its least-needing allowed day set
    let (mut need, mut serv, mut visits) = (0.0, 0.0, 0usize);
    let mut loads = vec![0.0; inst.dims];
    for &t in &counted {
        let Some(rule) = rules.get(t) else { continue };
        let costs: Vec<f64> = (0..days).map(|d| time_need[t * days + d]).collect();
        if let Some((mask, total)) = rule.best_days(&costs) {
            need += total;
            visits += mask.count_ones() as usize;
            serv += (0..days)
                .filter(|d| mask >> d & 1 == 1)
                .map(|d| service[t * days + d])
                .sum::<f64>();
        }
        for (k, load) in loads.iter_mut().enumerate() {
            let demand: Vec<f64> = (0..days)
                .map(|d| match (open[t * days + d], ex.copy(t, d)) {
                    (true, Some(c)) => inst.demand(c)[k] as f64,
                    _ => f64::INFINITY,
                })
                .collect();
            if let Some((_, total)) = rule.best_days(&demand) {
                *load += total;
            }
        }
    }
    let total_time: f64 = avail_time.iter().sum();
    if need > total_time * (1.0 + 1e-9) {
        out.bounds.push(PeriodicBound {
            kind: BoundKind::Duration,
            day: None,
            dimension: 0,
            needed: need,
            available: total_time,
            service: serv,
            visits,
        });
    }
    for (k, &load) in loads.iter().enumerate() {
        let total: f64 = avail_load.iter().map(|a| a[k]).sum();
        if load > total {
            out.bounds.push(PeriodicBound {
                kind: BoundKind::Load,
                day: None,
                dimension: k,
                needed: load,
                available: total,
                service: 0.0,
                visits,
            });
        }
    }
    out
}

/// Day costs for a task's day rule: 0 on the days some vehicle could serve it, infinite on the
/// others (so the rule's best combination exists only if one fits the open days).
fn open_costs(open: &[bool], t: usize, days: usize) -> Vec<f64> {
    (0..days)
        .map(|d| {
            if open[t * days + d] {
                0.0
            } else {
                f64::INFINITY
            }
        })
        .collect()
}
