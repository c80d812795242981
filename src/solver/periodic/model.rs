//! The periodic problem: a horizon of days, a visit rule per task, a calendar per vehicle.

use serde::Serialize;

use crate::solver::model::Problem;
use crate::solver::solution::{Route, Summary, UnassignedReason};

use super::bounds::Feasibility;

/// Longest horizon, days (day sets are bit masks of a `u64`).
pub const MAX_DAYS: usize = 64;

/// How often, and on which days, a task is served over the horizon. Days are `0..days`; a day
/// set is a bit mask, bit `d` for day `d` (day 1 of the plan is bit 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitRule {
    /// Exactly one of these day sets (Cordeau's PVRP form: "Monday and Thursday, or Tuesday
    /// and Friday").
    Combinations(Vec<u64>),
    /// `visits` visits, consecutive ones at least `min_gap_days` apart ("twice a month, at
    /// least 10 days apart").
    Spacing {
        /// Number of visits.
        visits: u32,
        /// Smallest gap between two consecutive visits, days (≥ 1).
        min_gap_days: u32,
    },
    /// One visit in each of `parts` consecutive parts of the horizon of (nearly) equal length:
    /// part `p` covers days `p·days/parts .. (p+1)·days/parts` ("once in each half-month").
    OnePerPart {
        /// Number of parts (= visits).
        parts: u32,
    },
}

impl VisitRule {
    /// Serve once, on any day.
    pub const ONCE: VisitRule = VisitRule::OnePerPart { parts: 1 };

    /// True when serving on the days of `mask` satisfies the rule over a horizon of `days`.
    ///
    /// ```
    /// use zouhang::solver::periodic::VisitRule;
    /// let r = VisitRule::Spacing { visits: 2, min_gap_days: 3 };
    /// assert!(r.allows(0b1001, 5));
    /// assert!(!r.allows(0b0101, 5));
    /// let p = VisitRule::OnePerPart { parts: 2 };
    /// assert!(p.allows(0b10010, 6)); // days 1 and 4: one in 0..3, one in 3..6
    /// assert!(!p.allows(0b00011, 6));
    /// ```
    pub fn allows(&self, mask: u64, days: usize) -> bool {
        if days == 0 || days > MAX_DAYS || mask >> (days - 1) >> 1 != 0 {
            return false;
        }
        match self {
            VisitRule::Combinations(c) => c.contains(&mask),
            VisitRule::Spacing {
                visits,
                min_gap_days,
            } => {
                let set: Vec<usize> = (0..days).filter(|&d| mask >> d & 1 == 1).collect();
                set.len() == *visits as usize
                    && set
                        .windows(2)
                        .all(|w| w[1] - w[0] >= (*min_gap_days).max(1) as usize)
            }
            VisitRule::OnePerPart { parts } => {
                let parts = *parts as usize;
                parts >= 1
                    && parts <= days
                    && mask.count_ones() as usize == parts
                    && (0..parts).all(|p| {
                        (p * days / parts..(p + 1) * days / parts).any(|d| mask >> d & 1 == 1)
                    })
            }
        }
    }

    /// Days on which some allowed day set serves the task.
    pub(crate) fn candidate_days(&self, days: usize) -> u64 {
        let all = if days >= 64 {
            u64::MAX
        } else {
            (1u64 << days) - 1
        };
        match self {
            VisitRule::Combinations(c) => c.iter().fold(0, |a, &m| a | m) & all,
            _ => all,
        }
    }

    /// The allowed day set of least total cost, given the cost of a visit on each day
    /// (`f64::INFINITY`: impossible that day), with its cost; `None` when no set is possible.
    /// Combinations are enumerated; spacing is a dynamic programme over days; parts take the
    /// cheapest day of each part.
    pub(crate) fn best_days(&self, cost: &[f64]) -> Option<(u64, f64)> {
        let days = cost.len();
        match self {
            VisitRule::Combinations(c) => c
                .iter()
                .filter(|&&m| days >= 64 || m >> days == 0)
                .map(|&m| {
                    (
                        m,
                        (0..days)
                            .filter(|&d| m >> d & 1 == 1)
                            .map(|d| cost[d])
                            .sum::<f64>(),
                    )
                })
                .filter(|(m, c)| *m != 0 && c.is_finite())
                .min_by(|a, b| a.1.total_cmp(&b.1)),
            VisitRule::OnePerPart { parts } => {
                let parts = *parts as usize;
                if parts == 0 || parts > days {
                    return None;
                }
                let mut mask = 0u64;
                let mut total = 0.0;
                for p in 0..parts {
                    let (d, c) = (p * days / parts..(p + 1) * days / parts)
                        .map(|d| (d, cost[d]))
                        .min_by(|a, b| a.1.total_cmp(&b.1))?;
                    if !c.is_finite() {
                        return None;
                    }
                    mask |= 1 << d;
                    total += c;
                }
                Some((mask, total))
            }
            VisitRule::Spacing {
                visits,
                min_gap_days,
            } => {
                let (k, gap) = (*visits as usize, (*min_gap_days).max(1) as usize);
                if k == 0 || days == 0 {
                    return None;
                }
                // f[i][d]: cheapest i+1 visits with the last on day d; back[i][d]: the previous day
                let mut f = vec![vec![f64::INFINITY; days]; k];
                let mut back = vec![vec![usize::MAX; days]; k];
                f[0].clone_from_slice(cost);
                for i in 1..k {
                    let (mut best, mut arg) = (f64::INFINITY, usize::MAX);
                    for d in 0..days {
                        if d >= gap && f[i - 1][d - gap] < best {
                            best = f[i - 1][d - gap];
                            arg = d - gap;
                        }
                        f[i][d] = best + cost[d];
                        back[i][d] = arg;
                    }
                }
                let (mut d, total) = (0..days)
                    .map(|d| (d, f[k - 1][d]))
                    .min_by(|a, b| a.1.total_cmp(&b.1))?;
                if !total.is_finite() {
                    return None;
                }
                let mut mask = 0u64;
                for i in (0..k).rev() {
                    mask |= 1 << d;
                    d = back[i][d];
                    if i > 0 && d == usize::MAX {
                        return None;
                    }
                }
                Some((mask, total))
            }
        }
    }
}

/// A periodic routing problem: `base` describes one day (tasks with windows on a 0–24 h axis,
/// vehicles with their shifts); every day `d` repeats it `d` days later on the time axis.
#[derive(Debug, Clone)]
pub struct PeriodicProblem {
    /// Tasks, vehicles, costs and objective of one day.
    pub base: Problem,
    /// Length of the horizon, days (1–64).
    pub days: usize,
    /// Visit rule of each task of `base`.
    pub rules: Vec<VisitRule>,
    /// Working days of each vehicle of `base` (bit `d` = day `d`); days off are 0 bits.
    pub vehicle_days: Vec<u64>,
}

impl PeriodicProblem {
    /// Every vehicle works every day.
    pub fn every_day(base: Problem, days: usize, rules: Vec<VisitRule>) -> Self {
        let all = if days >= 64 {
            u64::MAX
        } else {
            (1u64 << days) - 1
        };
        let vehicle_days = vec![all; base.vehicles.len()];
        PeriodicProblem {
            base,
            days,
            rules,
            vehicle_days,
        }
    }
}

/// The routes of one day. Vehicles and tasks are indices of the base problem; times are on the
/// plan's axis (day `d` starts at `d × 86400` s).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DayRoutes {
    /// Day index (0 = first day).
    pub day: usize,
    /// Routes of the vehicles used that day.
    pub routes: Vec<Route>,
}

/// What the periodic solver returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PeriodicSolution {
    /// One entry per day of the horizon.
    pub days: Vec<DayRoutes>,
    /// Per base task, the days it is served (bit mask; 0 = not served).
    pub visit_days: Vec<u64>,
    /// Base tasks not served at all.
    pub unassigned: Vec<usize>,
    /// Why, in the order of `unassigned`: the reason a copy fails alone when the task can
    /// never be served ([`Feasibility::tasks`]), otherwise `NoRoom`.
    pub reasons: Vec<UnassignedReason>,
    /// What was proven before searching: when it shows the problem infeasible, unserved tasks
    /// are unavoidable.
    pub feasibility: Feasibility,
    /// Totals over all days (vehicles = routes driven).
    pub summary: Summary,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: the cheapest allowed mask over all masks of `days` days.
    fn brute(rule: &VisitRule, cost: &[f64]) -> Option<f64> {
        let days = cost.len();
        (1u64..1 << days)
            .filter(|&m| rule.allows(m, days))
            .map(|m| {
                (0..days)
                    .filter(|&d| m >> d & 1 == 1)
                    .map(|d| cost[d])
                    .sum::<f64>()
            })
            .filter(|c| c.is_finite())
            .min_by(|a, b| a.total_cmp(b))
    }

    #[test]
    fn best_days_matches_brute_force() {
        let mut x: u64 = 12345;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for case in 0..2000 {
            let days = 1 + next(8) as usize;
            let cost: Vec<f64> = (0..days)
                .map(|_| {
                    if next(6) == 0 {
                        f64::INFINITY
                    } else {
                        next(50) as f64
                    }
                })
                .collect();
            let rule = match next(3) {
                0 => VisitRule::Spacing {
                    visits: 1 + next(3) as u32,
                    min_gap_days: 1 + next(3) as u32,
                },
                1 => VisitRule::OnePerPart {
                    parts: 1 + next(days as u64) as u32,
                },
                _ => VisitRule::Combinations(
                    (0..1 + next(4))
                        .map(|_| 1 + next((1 << days) - 1))
                        .collect(),
                ),
            };
            let got = rule.best_days(&cost);
            let want = brute(&rule, &cost);
            match (got, want) {
                (Some((m, c)), Some(w)) => {
                    assert!(
                        rule.allows(m, days),
                        "case {case}: {rule:?} {cost:?} chose {m:b}"
                    );
                    assert_eq!(c, w, "case {case}: {rule:?} {cost:?}");
                }
                (None, None) => {}
                other => panic!("case {case}: {rule:?} {cost:?}: {other:?}"),
            }
        }
    }
}
