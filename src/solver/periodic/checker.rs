//! Independent checker of periodic solutions. Each day's routes go through the general checker
//! ([`crate::solver::check`]) against that day's problem (the base problem moved to the day, every
//! task optional), which recomputes distances, times, loads, windows, per-day capacities and
//! durations from the input alone; then the visit days of every task are checked against its
//! rule and the calendar. Shares no code with the periodic search.
//!
//! Codes beyond the general checker's: `C_CALENDAR` (a vehicle drives on a day off), `C_DAY`
//! (a day index outside the horizon, or listed twice), `C_PATTERN` (the days a task is served on
//! break its rule, e.g. not one of the allowed combinations), `C_REQUIRED` (a required task is
//! never served), `C_REPORTED` (reported visit days or totals differ from the routes).

use serde::Serialize;

use crate::solver::checker::{check, Violation};
use crate::solver::model::{Problem, Task, Vehicle};
use crate::solver::solution::{Solution, Summary, Unassigned, UnassignedReason};

use super::model::{PeriodicProblem, PeriodicSolution, MAX_DAYS};

/// The verdict on a periodic solution.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PeriodicCheck {
    /// No violation at all.
    pub feasible: bool,
    /// Everything found (with the general checker's codes, the day in the message).
    pub violations: Vec<Violation>,
    /// Recomputed total cost over all days.
    pub cost: f64,
    /// Recomputed total distance.
    pub distance_m: f64,
    /// Routes driven over the horizon.
    pub vehicles: usize,
    /// Recomputed visit days of each task (bit mask).
    pub visit_days: Vec<u64>,
}

fn viol(code: &'static str, task: Option<usize>, message: String) -> Violation {
    Violation {
        code,
        vehicle: None,
        task,
        message,
    }
}

/// The base problem moved to day `d`, every task optional without prize.
fn day_problem(p: &PeriodicProblem, d: usize) -> Problem {
    let shift = d as i32;
    Problem {
        profiles: p.base.profiles.clone(),
        tasks: p
            .base
            .tasks
            .iter()
            .map(|t| Task {
                windows: t.windows.iter().map(|w| w.shifted_days(shift)).collect(),
                required: false,
                prize: 0.0,
                ..t.clone()
            })
            .collect(),
        vehicles: p
            .base
            .vehicles
            .iter()
            .map(|v| Vehicle {
                shift: v.shift.shifted_days(shift),
                ..v.clone()
            })
            .collect(),
        objective: p.base.objective,
        initial: Vec::new(),
    }
}

/// Checks `s` against `p`.
pub fn check_periodic(p: &PeriodicProblem, s: &PeriodicSolution) -> PeriodicCheck {
    let mut rep = PeriodicCheck::default();
    let mut v = Vec::new();
    let n = p.base.tasks.len();
    let mut served = vec![0u64; n];
    let mut days_seen = 0u64;
    for day in &s.days {
        let d = day.day;
        if d >= p.days.min(MAX_DAYS) || days_seen >> d & 1 == 1 {
            v.push(viol(
                "C_DAY",
                None,
                format!("第 {} 天不在计划内或重复出现", d + 1),
            ));
            continue;
        }
        days_seen |= 1 << d;
        let problem = day_problem(p, d);
        let mut on_day = vec![false; n];
        for r in &day.routes {
            let works = p
                .vehicle_days
                .get(r.vehicle)
                .is_some_and(|m| m >> d & 1 == 1);
            if !works && !r.steps.is_empty() {
                v.push(Violation {
                    code: "C_CALENDAR",
                    vehicle: Some(r.vehicle),
                    task: None,
                    message: format!("车辆第 {} 天不出车", d + 1),
                });
            }
            for st in &r.steps {
                if let Some(x) = on_day.get_mut(st.task) {
                    *x = true;
                }
            }
        }
        let mut summary = Summary::default();
        for r in &day.routes {
            summary.cost += r.cost;
            summary.distance_m += r.distance_m;
            summary.duration_s += r.duration_s;
            summary.vehicles += usize::from(!r.steps.is_empty());
        }
        let unassigned: Vec<Unassigned> = (0..n)
            .filter(|&t| !on_day[t])
            .map(|task| Unassigned {
                task,
                reason: UnassignedReason::NoRoom,
            })
            .collect();
        summary.unassigned = unassigned.len();
        let sol = Solution {
            routes: day.routes.clone(),
            unassigned,
            summary,
        };
        let r = check(&problem, &sol);
        for mut x in r.violations {
            x.message = format!("第 {} 天：{}", d + 1, x.message);
            v.push(x);
        }
        rep.cost += r.cost;
        rep.distance_m += r.distance_m;
        rep.vehicles += r.vehicles;
        for (t, &on) in on_day.iter().enumerate() {
            if on {
                served[t] |= 1 << d;
            }
        }
    }
    for (t, task) in p.base.tasks.iter().enumerate() {
        let m = served[t];
        if m == 0 {
            if task.required {
                v.push(viol(
                    "C_REQUIRED",
                    Some(t),
                    "必须服务的任务一次也未安排".into(),
                ));
            }
        } else if !p.rules.get(t).is_some_and(|r| r.allows(m, p.days)) {
            let days: Vec<usize> = (0..64).filter(|d| m >> d & 1 == 1).map(|d| d + 1).collect();
            v.push(viol(
                "C_PATTERN",
                Some(t),
                format!("服务日期 {days:?} 不符合频次规则"),
            ));
        }
        if s.visit_days.get(t).copied().unwrap_or(0) != m {
            v.push(viol(
                "C_REPORTED",
                Some(t),
                "报告的服务日期与路线不符".into(),
            ));
        }
    }
    if s.visit_days.len() != n {
        v.push(viol(
            "C_REPORTED",
            None,
            format!("报告了 {} 个任务的服务日期，应为 {n}", s.visit_days.len()),
        ));
    }
    let sc = s.summary.cost;
    let close = (sc - rep.cost).abs() <= 1e-6 + 1e-7 * rep.cost.abs().max(sc.abs());
    if !close {
        v.push(viol(
            "C_REPORTED",
            None,
            format!("汇总成本：报告 {sc}，重算 {}", rep.cost),
        ));
    }
    rep.visit_days = served;
    rep.feasible = v.is_empty();
    rep.violations = v;
    rep
}
