//! Which days carry which runs, and on which vehicle.
//!
//! Per run type the month needs `max(base, weekly class visits)` regular runs plus the episode
//! extras. Regular runs are spread as evenly as the available days allow: without a weekly class
//! rule, run *i* of *n* aims at `(i + ½ + j)·L/n` with a seeded jitter `j ∈ [−0.3, 0.3]`; with a
//! weekly rule, each 7-day part of the month (1–7, 8–14, …) gets its runs at a jittered point of
//! the part. Each aim is snapped to the nearest free day that keeps `min_gap_days` to the other
//! runs of the type; when no day keeps the gap, the gap is relaxed one day at a time and the
//! shortfall is reported. Episode extras go inside the episode, spread evenly, gap waived. A
//! vehicle drives at most one run a day; among capable free vehicles the least used is taken.
//!
//! The jitter makes plans of different seeds differ (patrols must not be predictable, "四不两直")
//! while keeping the spacing: the aim moves by at most 0.3 of the ideal spacing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{is_weekend, parse_date, DayRange, YearMonth};
use super::rules::{MonthRules, RunType};
use crate::demo::DemoRng;

/// Why a run is on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunReason {
    /// The monthly frequency (or the weekly class rule).
    Regular,
    /// Intensified monitoring during a pollution episode (加密).
    Episode,
}

/// One scheduled run (before routing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledRun {
    /// Run type.
    pub run_type: RunType,
    /// Day.
    pub date: NaiveDate,
    /// Vehicle id.
    pub vehicle: String,
    /// Why.
    pub reason: RunReason,
}

/// Runs required of one type in the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// Run type.
    pub run_type: RunType,
    /// Monthly frequency rule.
    pub base: u32,
    /// Runs needed per 7-day part of the month by a weekly class rule (0 = none).
    pub per_week: u32,
    /// Extra runs per episode (same order as the episodes given).
    pub episode_extra: Vec<u32>,
}

impl Requirement {
    /// Regular runs: the monthly rule or the weekly rule, whichever asks more.
    pub fn regular(&self, month: YearMonth) -> u32 {
        self.base.max(self.per_week * weeks_of(month).len() as u32)
    }
}

/// The 7-day parts of a month: days 1–7, 8–14, 15–21, 22–28, 29–end.
pub fn weeks_of(month: YearMonth) -> Vec<Vec<NaiveDate>> {
    month.days().chunks(7).map(|c| c.to_vec()).collect()
}

/// The outcome of scheduling.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Runs in date order.
    pub runs: Vec<ScheduledRun>,
    /// What could not be placed and why (Chinese).
    pub notes: Vec<String>,
}

struct DayState {
    /// Vehicles busy per day.
    busy: BTreeMap<NaiveDate, Vec<String>>,
    uses: BTreeMap<String, u32>,
}

/// Places the runs of every type on days and vehicles.
pub fn schedule(
    month: YearMonth,
    rules: &MonthRules,
    requirements: &[Requirement],
    episodes: &[DayRange],
    seed: u64,
) -> Schedule {
    let mut rng = DemoRng::new(seed ^ 0x5a6f_7568_616e_6721);
    let excluded: Vec<NaiveDate> = rules
        .excluded_days
        .iter()
        .filter_map(|d| parse_date(d))
        .collect();
    let days: Vec<NaiveDate> = month
        .days()
        .into_iter()
        .filter(|d| !excluded.contains(d) && (rules.weekends_working || !is_weekend(*d)))
        .collect();
    let mut state = DayState {
        busy: BTreeMap::new(),
        uses: BTreeMap::new(),
    };
    let mut out = Schedule::default();
    for req in requirements {
        let t = req.run_type;
        let mut chosen: Vec<NaiveDate> = Vec::new();
        // Episode extras first: they are bound to few days.
        for (ep, &extra) in episodes.iter().zip(&req.episode_extra) {
            let ep_days: Vec<NaiveDate> =
                days.iter().copied().filter(|d| ep.contains(*d)).collect();
            for i in 0..extra {
                let aim = (f64::from(i) + 0.5) * ep_days.len() as f64 / f64::from(extra.max(1));
                let picked = nearest_free(&ep_days, aim, |d| {
                    !chosen.contains(&d) && free_vehicle(rules, &state, t, d).is_some()
                });
                match picked {
                    Some(d) => {
                        place(rules, &mut state, &mut out, t, d, RunReason::Episode);
                        chosen.push(d);
                    }
                    None => out.notes.push(format!(
                        "{}：污染过程 {} 内没有可用的日期或车辆，第 {} 次加密走航未能安排",
                        t.label(),
                        ep.short_label(),
                        i + 1
                    )),
                }
            }
        }
        // Regular runs.
        let month_days = month.days();
        let aims: Vec<(Vec<NaiveDate>, f64)> = if req.per_week > 0 && req.regular(month) > req.base
        {
            weeks_of(month)
                .into_iter()
                .flat_map(|week| {
                    let len = week.len() as f64;
                    (0..req.per_week)
                        .map(|i| {
                            let j = rng.unit() * 0.6 - 0.3;
                            let aim = (f64::from(i) + 0.5 + j) * len / f64::from(req.per_week);
                            (week.clone(), aim)
                        })
                        .collect::<Vec<_>>()
                })
                .collect()
        } else {
            let n = req.regular(month);
            (0..n)
                .map(|i| {
                    let j = rng.unit() * 0.6 - 0.3;
                    let aim = (f64::from(i) + 0.5 + j) * month_days.len() as f64 / f64::from(n);
                    (month_days.clone(), aim)
                })
                .collect()
        };
        for (k, (window, aim)) in aims.iter().enumerate() {
            let candidates: Vec<NaiveDate> = window
                .iter()
                .copied()
                .filter(|d| days.contains(d))
                .collect();
            let regular_days: Vec<NaiveDate> = out
                .runs
                .iter()
                .filter(|r| r.run_type == t && r.reason == RunReason::Regular)
                .map(|r| r.date)
                .collect();
            let mut gap = rules.min_gap_days;
            let picked = loop {
                let ok = |d: NaiveDate| {
                    !chosen.contains(&d)
                        && free_vehicle(rules, &state, t, d).is_some()
                        && regular_days
                            .iter()
                            .all(|r| (*r - d).num_days().unsigned_abs() >= u64::from(gap))
                };
                // Aim is an offset into the window; snap to the window's free days.
                let aim_day = window
                    .first()
                    .map(|f| *f + chrono::Duration::days(aim.floor() as i64));
                let pos = aim_day
                    .and_then(|a| candidates.iter().position(|c| *c >= a))
                    .unwrap_or(candidates.len().saturating_sub(1)) as f64;
                if let Some(d) = nearest_free(&candidates, pos + 0.5, ok) {
                    break Some((d, gap));
                }
                if gap == 0 {
                    break None;
                }
                gap -= 1;
            };
            match picked {
                Some((d, gap)) => {
                    if gap < rules.min_gap_days {
                        out.notes.push(format!(
                            "{} {}：可用日期不足，与相邻同类走航只能间隔 {} 天（规则 ≥ {} 天）",
                            t.label(),
                            d.format("%m-%d"),
                            gap,
                            rules.min_gap_days
                        ));
                    }
                    place(rules, &mut state, &mut out, t, d, RunReason::Regular);
                    chosen.push(d);
                }
                None => out.notes.push(format!(
                    "{}：第 {} 次例行走航没有可用的日期或车辆（排除日、车辆休息或车辆不足）",
                    t.label(),
                    k + 1
                )),
            }
        }
    }
    out.runs
        .sort_by(|a, b| (a.date, a.run_type, &a.vehicle).cmp(&(b.date, b.run_type, &b.vehicle)));
    out
}

/// Index `aim` (fractional position into `days`) snapped to the nearest day passing `ok`,
/// searching outward; ties go to the earlier day.
fn nearest_free(days: &[NaiveDate], aim: f64, ok: impl Fn(NaiveDate) -> bool) -> Option<NaiveDate> {
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by(|&a, &b| {
        let da = (a as f64 + 0.5 - aim).abs();
        let db = (b as f64 + 0.5 - aim).abs();
        da.total_cmp(&db).then(a.cmp(&b))
    });
    order.into_iter().map(|i| days[i]).find(|d| ok(*d))
}

fn free_vehicle<'a>(
    rules: &'a MonthRules,
    state: &DayState,
    t: RunType,
    day: NaiveDate,
) -> Option<&'a str> {
    let key = day.format("%Y-%m-%d").to_string();
    let busy = state.busy.get(&day);
    rules
        .vehicles
        .iter()
        .filter(|v| v.types.contains(&t) && !v.days_off.contains(&key))
        .filter(|v| busy.is_none_or(|b| !b.contains(&v.id)))
        .min_by_key(|v| state.uses.get(&v.id).copied().unwrap_or(0))
        .map(|v| v.id.as_str())
}

fn place(
    rules: &MonthRules,
    state: &mut DayState,
    out: &mut Schedule,
    t: RunType,
    day: NaiveDate,
    reason: RunReason,
) {
    let Some(v) = free_vehicle(rules, state, t, day).map(str::to_string) else {
        return;
    };
    state.busy.entry(day).or_default().push(v.clone());
    *state.uses.entry(v.clone()).or_default() += 1;
    out.runs.push(ScheduledRun {
        run_type: t,
        date: day,
        vehicle: v,
        reason,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reqs(
        month: YearMonth,
        rules: &MonthRules,
        episodes: &[DayRange],
        per_week: u32,
    ) -> Vec<Requirement> {
        RunType::ALL
            .iter()
            .map(|&t| Requirement {
                run_type: t,
                base: rules.rule(t).base_runs(month.month),
                per_week: if t == RunType::Vocs { per_week } else { 0 },
                episode_extra: episodes
                    .iter()
                    .map(|e| e.weeks_in(month) * rules.rule(t).episode_extra_per_week)
                    .collect(),
            })
            .collect()
    }

    fn count(s: &Schedule, t: RunType) -> usize {
        s.runs.iter().filter(|r| r.run_type == t).count()
    }

    #[test]
    fn june_and_november_counts_and_gaps() {
        let rules = MonthRules::default();
        for (m, vocs, dust) in [("2026-06", 2, 1), ("2026-11", 1, 2)] {
            let month = YearMonth::parse(m).unwrap();
            for seed in 0..50 {
                let s = schedule(month, &rules, &reqs(month, &rules, &[], 0), &[], seed);
                assert_eq!(count(&s, RunType::Vocs), vocs, "{m} seed {seed}");
                assert_eq!(count(&s, RunType::RoadDust), dust);
                assert!(s.notes.is_empty(), "{:?}", s.notes);
                for t in RunType::ALL {
                    let d: Vec<_> = s
                        .runs
                        .iter()
                        .filter(|r| r.run_type == t)
                        .map(|r| r.date)
                        .collect();
                    for w in d.windows(2) {
                        assert!((w[1] - w[0]).num_days() >= 5);
                    }
                }
            }
        }
    }

    #[test]
    fn seeds_differ_but_spacing_holds() {
        let rules = MonthRules::default();
        let month = YearMonth::parse("2026-06").unwrap();
        let plans: Vec<Vec<NaiveDate>> = (0..20)
            .map(|seed| {
                schedule(month, &rules, &reqs(month, &rules, &[], 0), &[], seed)
                    .runs
                    .iter()
                    .map(|r| r.date)
                    .collect()
            })
            .collect();
        let distinct: std::collections::BTreeSet<_> = plans.iter().collect();
        assert!(
            distinct.len() >= 5,
            "only {} distinct calendars",
            distinct.len()
        );
        let again = schedule(month, &rules, &reqs(month, &rules, &[], 0), &[], 7);
        assert_eq!(
            again,
            schedule(month, &rules, &reqs(month, &rules, &[], 0), &[], 7)
        );
    }

    #[test]
    fn episodes_add_runs_inside_and_excluded_days_stay_free() {
        let rules = MonthRules {
            excluded_days: vec![
                "2026-06-03".into(),
                "2026-06-04".into(),
                "2026-06-11".into(),
            ],
            ..MonthRules::default()
        };
        let month = YearMonth::parse("2026-06").unwrap();
        let ep = DayRange::parse("2026-06-10..2026-06-14").unwrap();
        for seed in 0..30 {
            let s = schedule(month, &rules, &reqs(month, &rules, &[ep], 0), &[ep], seed);
            assert_eq!(count(&s, RunType::Vocs), 3);
            assert_eq!(count(&s, RunType::RoadDust), 2);
            let in_ep = s
                .runs
                .iter()
                .filter(|r| ep.contains(r.date) && r.reason == RunReason::Episode)
                .count();
            assert_eq!(in_ep, 2);
            for r in &s.runs {
                assert!(!rules
                    .excluded_days
                    .contains(&r.date.format("%Y-%m-%d").to_string()));
            }
        }
    }

    #[test]
    fn weekly_rule_puts_a_run_in_every_part_and_vehicles_never_double() {
        let mut rules = MonthRules::default();
        rules.vehicles[0].days_off = vec!["2026-06-29".into()];
        let month = YearMonth::parse("2026-06").unwrap();
        let s = schedule(month, &rules, &reqs(month, &rules, &[], 1), &[], 3);
        let weeks = weeks_of(month);
        for (i, w) in weeks.iter().enumerate() {
            let n = s
                .runs
                .iter()
                .filter(|r| r.run_type == RunType::Vocs && w.contains(&r.date))
                .count();
            assert!(n >= 1, "part {i} has no VOCs run");
        }
        let mut seen = std::collections::BTreeSet::new();
        for r in &s.runs {
            assert!(seen.insert((r.date, r.vehicle.clone())));
        }
        assert!(!s
            .runs
            .iter()
            .any(|r| r.vehicle == "V1" && r.date.format("%d").to_string() == "29"));
    }

    #[test]
    fn impossible_months_are_reported_not_hidden() {
        let rules = MonthRules {
            excluded_days: YearMonth::parse("2026-06")
                .unwrap()
                .days()
                .iter()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .collect(),
            ..MonthRules::default()
        };
        let month = YearMonth::parse("2026-06").unwrap();
        let s = schedule(month, &rules, &reqs(month, &rules, &[], 0), &[], 1);
        assert!(s.runs.is_empty());
        assert_eq!(s.notes.len(), 3);
    }
}
