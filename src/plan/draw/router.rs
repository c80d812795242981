//! Ordering a drawn team's visits over its working days: the seam where the solver plugs in.
//!
//! [`TeamRouter`] is the whole interface: given travel costs from a depot (location 0) to the
//! team's enterprises (locations `1..=n`) and the day limits, it returns the days, each an
//! ordered list of locations. [`super::plan_routes`] turns that into a
//! [`crate::model::PlanDocument`] with times and checks it independently, so a router only has
//! to be good, not trusted.
//!
//! The default router is [`super::SolverRouter`] (the route solver, days split jointly with the
//! order). [`InterimRouter`] is the simple router that came before it and stays selectable
//! (`--router interim`): a nearest-neighbour giant tour improved by 2-opt (Croes 1958), cut into
//! days by the optimal split of a giant tour (Beasley 1983, "route first – cluster second"),
//! each day improved by 2-opt again. It is honest but simple: no or-opt or relocation between
//! days. The solver router starts from its days.

use crate::model::TravelCost;

/// What one team may do per day and in total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayLimits {
    /// Working days available.
    pub days: usize,
    /// Most enterprises visited per day.
    pub max_visits_per_day: usize,
    /// Longest working day (travel + time on site), seconds.
    pub max_day_s: f64,
    /// Time on site per enterprise, seconds.
    pub service_s: f64,
}

/// Orders one team's visits into days.
pub trait TeamRouter {
    /// A short description shown with the plan (method and cost model).
    fn label(&self) -> String;
    /// A short stable name of the router for machines (`solver`, `interim`, …).
    fn id(&self) -> &'static str {
        "custom"
    }
    /// `cost` numbers the depot 0 and the visits `1..cost.len()`. Returns at most
    /// `limits.days` days, each a non-empty list of visit locations in visiting order (depot
    /// excluded, every visit exactly once); when the limits cannot all be met, the best effort.
    fn route_team(&self, cost: &dyn TravelCost, limits: &DayLimits) -> Vec<Vec<usize>>;
}

/// Interim router: nearest neighbour + 2-opt, optimal split into days, 2-opt per day.
#[derive(Debug, Clone, Copy, Default)]
pub struct InterimRouter;

impl TeamRouter for InterimRouter {
    fn label(&self) -> String {
        "简单排线（最近邻 + 2-opt，按日最优切分；未用求解器）".to_string()
    }

    fn id(&self) -> &'static str {
        "interim"
    }

    fn route_team(&self, cost: &dyn TravelCost, limits: &DayLimits) -> Vec<Vec<usize>> {
        let n = cost.len();
        if n <= 1 {
            return Vec::new();
        }
        let mut tour = nearest_neighbour(cost);
        two_opt(cost, &mut tour);
        split_tour(cost, &tour, limits)
            .into_iter()
            .map(|mut day| {
                two_opt(cost, &mut day);
                day
            })
            .collect()
    }
}

/// Duration of a closed route depot → `visits` → depot, travel only, seconds.
pub fn route_travel_s(cost: &dyn TravelCost, visits: &[usize]) -> f64 {
    let mut prev = 0;
    let mut total = 0.0;
    for &v in visits {
        total += cost.duration_s(prev, v);
        prev = v;
    }
    total + cost.duration_s(prev, 0)
}

/// Visits `1..n` in nearest-neighbour order from the depot (ties: lower index).
pub fn nearest_neighbour(cost: &dyn TravelCost) -> Vec<usize> {
    let n = cost.len();
    let mut left: Vec<usize> = (1..n).collect();
    let mut tour = Vec::with_capacity(left.len());
    let mut at = 0;
    while !left.is_empty() {
        let mut best = 0;
        for k in 1..left.len() {
            if cost.duration_s(at, left[k]) < cost.duration_s(at, left[best]) {
                best = k;
            }
        }
        at = left.remove(best);
        tour.push(at);
    }
    tour
}

/// First-improvement 2-opt on the closed route depot → `visits` → depot (depot fixed): reverses
/// a segment while that shortens the route by more than a millisecond. Works on asymmetric
/// costs (a reversed segment is costed in its new direction, from prefix sums of the forward and
/// backward leg costs, so a move is evaluated in O(1)), and ends: every accepted move shortens
/// the route.
pub fn two_opt(cost: &dyn TravelCost, visits: &mut [usize]) {
    let n = visits.len();
    if n < 2 {
        return;
    }
    let mut seq = Vec::with_capacity(n + 2);
    let (mut fwd, mut bwd) = (vec![0.0; n + 2], vec![0.0; n + 2]);
    let mut improved = true;
    while improved {
        improved = false;
        // seq = depot, visits, depot; fwd[k] / bwd[k]: legs seq[m]→seq[m+1] / seq[m+1]→seq[m], m < k
        seq.clear();
        seq.push(0);
        seq.extend_from_slice(visits);
        seq.push(0);
        for k in 0..=n {
            fwd[k + 1] = fwd[k] + cost.duration_s(seq[k], seq[k + 1]);
            bwd[k + 1] = bwd[k] + cost.duration_s(seq[k + 1], seq[k]);
        }
        'search: for a in 1..n {
            for b in a + 1..=n {
                // reverse seq[a..=b]
                let old = cost.duration_s(seq[a - 1], seq[a])
                    + (fwd[b] - fwd[a])
                    + cost.duration_s(seq[b], seq[b + 1]);
                let new = cost.duration_s(seq[a - 1], seq[b])
                    + (bwd[b] - bwd[a])
                    + cost.duration_s(seq[a], seq[b + 1]);
                if new < old - 1e-3 {
                    visits[a - 1..b].reverse();
                    improved = true;
                    break 'search;
                }
            }
        }
    }
}

/// Cuts a giant tour into at most `limits.days` consecutive days with the least total duration
/// (Beasley 1983): a day is allowed when it has at most `max_visits_per_day` visits and lasts
/// at most `max_day_s` (a single visit is always allowed). When no such split fits in the days,
/// the duration limit is dropped; when even that fails (more visits than days × per day), the
/// tour is cut into `days` near-equal days. The caller's checker reports what was exceeded.
pub fn split_tour(cost: &dyn TravelCost, tour: &[usize], limits: &DayLimits) -> Vec<Vec<usize>> {
    if tour.is_empty() {
        return Vec::new();
    }
    let days = limits.days.max(1);
    for respect_duration in [true, false] {
        if let Some(cuts) = best_split(cost, tour, limits, days, respect_duration) {
            return cuts
                .windows(2)
                .filter_map(|w| tour.get(w[0]..w[1]).map(<[usize]>::to_vec))
                .collect();
        }
    }
    let per = tour.len().div_ceil(days);
    tour.chunks(per.max(1)).map(<[usize]>::to_vec).collect()
}

/// The cut positions `0 = c0 < c1 < … < ck = n` of the best split, or `None`.
fn best_split(
    cost: &dyn TravelCost,
    tour: &[usize],
    limits: &DayLimits,
    days: usize,
    respect_duration: bool,
) -> Option<Vec<usize>> {
    let n = tour.len();
    // more days than visits never help (and a huge day count must not allocate)
    let days = days.min(n);
    // best[k][j]: least duration covering tour[..j] in k days; from[k][j]: start of the last day
    let mut best = vec![vec![f64::INFINITY; n + 1]; days + 1];
    let mut from = vec![vec![usize::MAX; n + 1]; days + 1];
    best[0][0] = 0.0;
    for k in 1..=days {
        for i in 0..n {
            if !best[k - 1][i].is_finite() {
                continue;
            }
            // the day tour[i..j]
            let mut travel = 0.0;
            for j in i + 1..=n {
                let count = j - i;
                if count > limits.max_visits_per_day.max(1) {
                    break;
                }
                let prev = if j - 1 == i { 0 } else { tour[j - 2] };
                travel += cost.duration_s(prev, tour[j - 1]);
                let day =
                    travel + cost.duration_s(tour[j - 1], 0) + count as f64 * limits.service_s;
                if !day.is_finite() {
                    break;
                }
                if respect_duration && count > 1 && day > limits.max_day_s {
                    continue; // a longer day may be shorter only on non-metric costs; keep looking
                }
                let total = best[k - 1][i] + day;
                if total < best[k][j] {
                    best[k][j] = total;
                    from[k][j] = i;
                }
            }
        }
    }
    let k = (1..=days)
        .filter(|&k| best[k][n].is_finite())
        .min_by(|&a, &b| best[a][n].total_cmp(&best[b][n]).then(a.cmp(&b)))?;
    let mut cuts = vec![n];
    let (mut k, mut j) = (k, n);
    while k > 0 {
        let i = *from.get(k)?.get(j)?;
        cuts.push(i);
        k -= 1;
        j = i;
    }
    cuts.reverse();
    Some(cuts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LonLat, StraightLine};

    fn points(n: usize, seed: u64) -> Vec<LonLat> {
        // a small LCG: the test needs varied, reproducible points, not quality
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

    fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
        if items.len() <= 1 {
            return vec![items.to_vec()];
        }
        let mut out = Vec::new();
        for k in 0..items.len() {
            let mut rest = items.to_vec();
            let first = rest.remove(k);
            for mut p in permutations(&rest) {
                p.insert(0, first);
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn two_opt_leaves_no_improving_reversal_and_never_worsens_nearest_neighbour() {
        for seed in 0..30 {
            let cost = StraightLine::new(points(12, seed), 30.0);
            let nn = nearest_neighbour(&cost);
            let mut t = nn.clone();
            two_opt(&cost, &mut t);
            let d = route_travel_s(&cost, &t);
            assert!(d <= route_travel_s(&cost, &nn) + 1e-9, "seed {seed}");
            let mut sorted = t.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (1..12).collect::<Vec<_>>(), "seed {seed}");
            for i in 0..t.len() {
                for j in i + 1..t.len() {
                    let mut u = t.clone();
                    u[i..=j].reverse();
                    assert!(
                        route_travel_s(&cost, &u) >= d - 1e-3,
                        "seed {seed}: {i}..{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn small_tours_are_close_to_the_brute_force_optimum() {
        // 2-opt is a heuristic: on 7 random visits it should be within 10 % of the optimum
        let mut worst: f64 = 1.0;
        for seed in 0..40 {
            let cost = StraightLine::new(points(8, 100 + seed), 30.0);
            let opt = permutations(&(1..8).collect::<Vec<_>>())
                .iter()
                .map(|p| route_travel_s(&cost, p))
                .fold(f64::INFINITY, f64::min);
            let days = InterimRouter.route_team(
                &cost,
                &DayLimits {
                    days: 1,
                    max_visits_per_day: 10,
                    max_day_s: 1e9,
                    service_s: 0.0,
                },
            );
            assert_eq!(days.len(), 1, "seed {seed}");
            let ratio = route_travel_s(&cost, &days[0]) / opt;
            assert!(ratio >= 1.0 - 1e-9, "seed {seed}: better than optimal?");
            worst = worst.max(ratio);
        }
        assert!(worst < 1.10, "worst ratio {worst}");
    }

    /// All ways to cut a tour into at most `days` non-empty consecutive parts.
    fn all_splits(n: usize, days: usize) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for mask in 0u32..(1 << (n - 1)) {
            let mut cuts = vec![0];
            for b in 0..n - 1 {
                if mask & (1 << b) != 0 {
                    cuts.push(b + 1);
                }
            }
            cuts.push(n);
            if cuts.len() - 1 <= days {
                out.push(cuts);
            }
        }
        out
    }

    #[test]
    fn split_is_optimal_against_enumeration_of_all_cuts() {
        for seed in 0..40 {
            let n = 9;
            let cost = StraightLine::new(points(n + 1, 500 + seed), 30.0);
            let tour: Vec<usize> = (1..=n).collect();
            let limits = DayLimits {
                days: 3 + (seed as usize % 2),
                max_visits_per_day: 4,
                max_day_s: 4.0 * 3600.0,
                service_s: 1800.0,
            };
            let day_s = |d: &[usize]| route_travel_s(&cost, d) + d.len() as f64 * limits.service_s;
            let ok = |d: &[usize]| {
                d.len() <= limits.max_visits_per_day
                    && (d.len() == 1 || day_s(d) <= limits.max_day_s)
            };
            let oracle = all_splits(n, limits.days)
                .into_iter()
                .map(|c| {
                    c.windows(2)
                        .map(|w| tour[w[0]..w[1]].to_vec())
                        .collect::<Vec<_>>()
                })
                .filter(|days| days.iter().all(|d| ok(d)))
                .map(|days| days.iter().map(|d| day_s(d)).sum::<f64>())
                .fold(f64::INFINITY, f64::min);
            let got = split_tour(&cost, &tour, &limits);
            assert_eq!(got.concat(), tour, "seed {seed}");
            assert!(got.len() <= limits.days, "seed {seed}");
            let total: f64 = got.iter().map(|d| day_s(d)).sum();
            if oracle.is_finite() {
                assert!(got.iter().all(|d| ok(d)), "seed {seed}: {got:?}");
                assert!(
                    (total - oracle).abs() < 1e-6,
                    "seed {seed}: {total} vs {oracle}"
                );
            } else {
                assert!(
                    got.iter().all(|d| d.len() <= limits.max_visits_per_day),
                    "seed {seed}"
                );
            }
        }
    }

    #[test]
    fn too_many_visits_for_the_days_still_covers_every_visit() {
        let cost = StraightLine::new(points(11, 9), 30.0);
        let tour: Vec<usize> = (1..=10).collect();
        let limits = DayLimits {
            days: 2,
            max_visits_per_day: 3,
            max_day_s: 3600.0,
            service_s: 600.0,
        };
        let got = split_tour(&cost, &tour, &limits);
        assert_eq!(got.len(), 2);
        assert_eq!(got.concat(), tour);
        assert!(InterimRouter
            .route_team(&StraightLine::new(points(1, 1), 30.0), &limits)
            .is_empty());
        // a huge day count (from the rules) neither allocates nor splits needlessly
        let many = DayLimits {
            days: 4_000_000_000,
            ..limits
        };
        let got = split_tour(&cost, &tour, &many);
        assert_eq!(got.concat(), tour);
        assert!(got.iter().all(|d| d.len() <= 3));
    }
}
