//! The periodic problem as one routing problem over the whole horizon: a copy of each task for
//! every day some allowed day set uses (its windows moved to that day), a copy of each vehicle for
//! every working day (its shift moved to that day), and each task copy allowed only on the
//! vehicle copies of its day. The search then routes all days at once; the visit rules couple
//! the copies of a task (see [`super::search`]).

use crate::error::Issue;
use crate::solver::model::{Problem, Task, Vehicle};

use super::model::{PeriodicProblem, VisitRule, MAX_DAYS};

/// The expanded problem and the maps back to the base problem.
#[derive(Debug, Clone)]
pub(crate) struct Expanded {
    pub problem: Problem,
    pub days: usize,
    /// Base task and day of each task copy.
    pub copy_task: Vec<usize>,
    pub copy_day: Vec<usize>,
    /// Copy of base task `t` on day `d`: `copy_of[t * days + d]` (`u32::MAX`: none).
    pub copy_of: Vec<u32>,
    /// Base vehicle and day of each vehicle copy.
    pub vehicle_base: Vec<usize>,
    pub vehicle_day: Vec<usize>,
}

impl Expanded {
    /// The copy of base task `t` on day `d`, if any.
    pub fn copy(&self, t: usize, d: usize) -> Option<usize> {
        self.copy_of
            .get(t * self.days + d)
            .copied()
            .filter(|&c| c != u32::MAX)
            .map(|c| c as usize)
    }
}

/// `E_PERIOD_*` checks of the periodic part (the base problem is validated by the solver core).
pub(crate) fn validate_periodic(p: &PeriodicProblem) -> Vec<Issue> {
    let mut out = Vec::new();
    if p.days == 0 || p.days > MAX_DAYS {
        out.push(
            Issue::error(
                "E_PERIOD_DAYS",
                format!("计划天数 {} 超出范围", p.days),
                "计划天数应为 1–64 天",
            )
            .at_field("days"),
        );
        return out;
    }
    if p.rules.len() != p.base.tasks.len() {
        out.push(
            Issue::error(
                "E_PERIOD_RULES",
                format!(
                    "{} 个任务却有 {} 条频次规则",
                    p.base.tasks.len(),
                    p.rules.len()
                ),
                "为每个任务给出一条频次规则",
            )
            .at_field("rules"),
        );
    }
    if p.vehicle_days.len() != p.base.vehicles.len() {
        out.push(
            Issue::error(
                "E_PERIOD_CALENDAR",
                format!(
                    "{} 辆车却有 {} 条出车日历",
                    p.base.vehicles.len(),
                    p.vehicle_days.len()
                ),
                "为每辆车给出出车日期",
            )
            .at_field("vehicle_days"),
        );
    }
    let beyond = |m: u64| p.days < 64 && m >> p.days != 0;
    for (t, rule) in p.rules.iter().enumerate() {
        let bad = |what: String| {
            Issue::error("E_PERIOD_RULE", what, "请检查频次、间隔与可选日期组合")
                .at_field(format!("rules[{t}]"))
        };
        match rule {
            VisitRule::Combinations(c) => {
                if c.is_empty() || c.iter().any(|&m| m == 0 || beyond(m)) {
                    out.push(bad(format!("任务 {t} 的日期组合为空或超出 {} 天", p.days)));
                }
            }
            VisitRule::Spacing {
                visits,
                min_gap_days,
            } => {
                let need = (*visits as u64).saturating_sub(1) * u64::from((*min_gap_days).max(1));
                if *visits == 0 || need >= p.days as u64 {
                    out.push(bad(format!(
                        "任务 {t}：{visits} 次、间隔 ≥ {min_gap_days} 天在 {} 天内排不下",
                        p.days
                    )));
                }
            }
            VisitRule::OnePerPart { parts } => {
                if *parts == 0 || *parts as usize > p.days {
                    out.push(bad(format!("任务 {t}：{} 天分成 {parts} 段无效", p.days)));
                }
            }
        }
    }
    out
}

/// Builds the expanded problem (`p` must have passed [`validate_periodic`]).
pub(crate) fn expand(p: &PeriodicProblem) -> Expanded {
    let days = p.days;
    let n = p.base.tasks.len();
    let mut vehicles = Vec::new();
    let (mut vehicle_base, mut vehicle_day) = (Vec::new(), Vec::new());
    let mut day_vehicles: Vec<Vec<usize>> = vec![Vec::new(); days];
    for (d, todays) in day_vehicles.iter_mut().enumerate() {
        for (v, veh) in p.base.vehicles.iter().enumerate() {
            if p.vehicle_days.get(v).is_some_and(|m| m >> d & 1 == 1) {
                todays.push(vehicles.len());
                vehicles.push(Vehicle {
                    shift: veh.shift.shifted_days(d as i32),
                    ..veh.clone()
                });
                vehicle_base.push(v);
                vehicle_day.push(d);
            }
        }
    }
    let mut tasks = Vec::new();
    let (mut copy_task, mut copy_day) = (Vec::new(), Vec::new());
    let mut copy_of = vec![u32::MAX; n * days];
    for (t, task) in p.base.tasks.iter().enumerate() {
        let candidates = p.rules.get(t).map_or(0, |r| r.candidate_days(days));
        for d in (0..days).filter(|d| candidates >> d & 1 == 1) {
            let allowed: Vec<usize> = day_vehicles[d]
                .iter()
                .copied()
                .filter(|&w| {
                    task.vehicles
                        .as_ref()
                        .is_none_or(|vs| vs.contains(&vehicle_base[w]))
                })
                .collect();
            if allowed.is_empty() {
                continue; // nobody works for this task that day
            }
            copy_of[t * days + d] = tasks.len() as u32;
            tasks.push(Task {
                windows: task
                    .windows
                    .iter()
                    .map(|w| w.shifted_days(d as i32))
                    .collect(),
                required: false,
                prize: 0.0,
                vehicles: Some(allowed),
                ..task.clone()
            });
            copy_task.push(t);
            copy_day.push(d);
        }
    }
    let problem = Problem {
        profiles: p.base.profiles.clone(),
        tasks,
        vehicles,
        objective: p.base.objective,
        initial: Vec::new(),
    };
    Expanded {
        problem,
        days,
        copy_task,
        copy_day,
        copy_of,
        vehicle_base,
        vehicle_day,
    }
}
