//! Strata and the enterprise draw: the register is split into strata (supervision class ×
//! district, or class alone), each stratum gets a quota from the rules by integer arithmetic,
//! and the quota is drawn from the stratum's members sorted by id with a partial Fisher–Yates
//! shuffle (Knuth, TAOCP vol. 2, §3.4.2, Algorithm P) fed by the stratum's own stream.

use serde::{Deserialize, Serialize};

use crate::model::Supervision;
use crate::plan::draw::register::{class_index, RegisterEnterprise};
use crate::plan::draw::rules::{Allocation, DrawRules};
use crate::plan::draw::stream::DrawStream;

/// A stratum before the draw: its members (indices into the register's items, sorted by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StratumPlan {
    pub class: Supervision,
    pub district: Option<String>,
    pub label: String,
    pub members: Vec<usize>,
    pub quota: usize,
}

/// One stratum of a draw result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stratum {
    /// Supervision class.
    pub class: Supervision,
    /// District; `null` when the rules do not stratify by district.
    pub district: Option<String>,
    /// The label of the stratum's random stream, e.g. `enterprises|重点|姑苏区`.
    pub label: String,
    /// Enterprises in the stratum.
    pub population: usize,
    /// Enterprises to draw.
    pub quota: usize,
    /// The drawn enterprise ids, in draw order.
    pub selected: Vec<String>,
}

/// The stream label of a stratum.
pub(crate) fn stratum_label(class: Supervision, district: Option<&str>) -> String {
    match district {
        Some(d) => format!("enterprises|{}|{d}", class.label()),
        None => format!("enterprises|{}", class.label()),
    }
}

/// Splits the register into strata, ordered by class (重点, 特殊, 一般) and then district
/// (bytes of UTF-8), members sorted by id, and sets each stratum's quota.
pub(crate) fn plan_strata(items: &[RegisterEnterprise], rules: &DrawRules) -> Vec<StratumPlan> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].id.cmp(&items[b].id).then(a.cmp(&b)));
    let mut keyed: std::collections::BTreeMap<(usize, Option<&str>), Vec<usize>> =
        std::collections::BTreeMap::new();
    for i in order {
        let e = &items[i];
        let district = rules.stratify_by_district.then_some(e.district.as_str());
        keyed
            .entry((class_index(e.class), district))
            .or_default()
            .push(i);
    }
    let mut strata: Vec<StratumPlan> = keyed
        .into_iter()
        .map(|((_, district), members)| {
            let class = items[members[0]].class;
            StratumPlan {
                class,
                district: district.map(str::to_string),
                label: stratum_label(class, district),
                members,
                quota: 0,
            }
        })
        .collect();
    set_quotas(&mut strata, rules);
    strata
}

/// `ceil(n × num / den)`.
fn ceil_share(n: usize, (num, den): (u128, u128)) -> usize {
    let q = (n as u128 * num).div_ceil(den.max(1));
    usize::try_from(q).unwrap_or(n).min(n)
}

fn set_quotas(strata: &mut [StratumPlan], rules: &DrawRules) {
    for class in [Supervision::Key, Supervision::Special, Supervision::General] {
        let f = rules.effective_fraction(class);
        let idx: Vec<usize> = (0..strata.len())
            .filter(|&s| strata[s].class == class)
            .collect();
        let by_remainder =
            rules.stratify_by_district && rules.allocation == Allocation::LargestRemainder;
        if !by_remainder {
            for &s in &idx {
                strata[s].quota = ceil_share(strata[s].members.len(), f);
            }
            continue;
        }
        // Hamilton: the class total ceil(N p), floors of the exact shares, then one more for the
        // largest remainders (ties: larger stratum, then label order).
        let total_n: usize = idx.iter().map(|&s| strata[s].members.len()).sum();
        if total_n == 0 {
            continue;
        }
        let q = ceil_share(total_n, f) as u128;
        let n_all = total_n as u128;
        let mut given = 0u128;
        let mut rems: Vec<(u128, usize, usize)> = Vec::new();
        for &s in &idx {
            let exact = strata[s].members.len() as u128 * q;
            strata[s].quota = (exact / n_all) as usize;
            given += exact / n_all;
            rems.push((exact % n_all, strata[s].members.len(), s));
        }
        // idx is in label order already, so a stable sort keeps label order among full ties
        rems.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        for &(_, _, s) in rems.iter().take((q - given) as usize) {
            strata[s].quota += 1;
        }
    }
}

/// Draws a stratum's quota: members in id order, then for `i = 0 .. quota−1`:
/// `j = i + below(n − i)`, swap positions `i` and `j`; the first `quota` positions are the draw.
pub(crate) fn draw_stratum(plan: &StratumPlan, stream: &mut DrawStream) -> Vec<usize> {
    let mut a = plan.members.clone();
    let n = a.len();
    for i in 0..plan.quota.min(n) {
        let j = i + stream.below((n - i) as u64) as usize;
        a.swap(i, j);
    }
    a.truncate(plan.quota.min(n));
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::draw::rules::Ratio;

    fn items(spec: &[(Supervision, &str, usize)]) -> Vec<RegisterEnterprise> {
        let mut out = Vec::new();
        for (class, district, n) in spec {
            for k in 0..*n {
                out.push(RegisterEnterprise {
                    id: format!("{}-{district}-{k:03}", class.label()),
                    name: String::new(),
                    class: *class,
                    district: district.to_string(),
                    lon_e6: 0,
                    lat_e6: 0,
                });
            }
        }
        out
    }

    #[test]
    fn ceil_per_stratum_and_largest_remainder() {
        use Supervision::*;
        let reg = items(&[
            (Key, "A", 30),
            (Key, "B", 7),
            (Key, "C", 3),
            (General, "A", 10),
        ]);
        let mut rules = DrawRules::city();
        rules.classes.key.proportion = Ratio::new(1, 10).unwrap();
        let s = plan_strata(&reg, &rules);
        let q: Vec<_> = s.iter().map(|s| (s.label.as_str(), s.quota)).collect();
        assert_eq!(
            q,
            [
                ("enterprises|重点|A", 3),
                ("enterprises|重点|B", 1),
                ("enterprises|重点|C", 1),
                ("enterprises|一般|A", 2)
            ]
        );
        rules.allocation = Allocation::LargestRemainder;
        let s = plan_strata(&reg, &rules);
        // class total ceil(40 / 10) = 4: shares 3.0, 0.7, 0.3 → 3, 1, 0
        let q: Vec<_> = s.iter().map(|s| s.quota).collect();
        assert_eq!(q, [3, 1, 0, 2]);
        rules.stratify_by_district = false;
        let s = plan_strata(&reg, &rules);
        let q: Vec<_> = s.iter().map(|s| (s.label.as_str(), s.quota)).collect();
        assert_eq!(q, [("enterprises|重点", 4), ("enterprises|一般", 2)]);
    }

    #[test]
    fn hundred_percent_takes_everyone_and_members_are_id_sorted() {
        let mut reg = items(&[(Supervision::Special, "X", 5)]);
        reg.reverse();
        let s = plan_strata(&reg, &DrawRules::city());
        assert_eq!(s[0].quota, 5);
        let ids: Vec<_> = s[0].members.iter().map(|&i| reg[i].id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        let z = "0".repeat(64);
        let mut st = DrawStream::new("s", &z, &z, &s[0].label);
        let mut got = draw_stratum(&s[0], &mut st);
        assert_eq!(st.words_drawn(), 5);
        got.sort();
        assert_eq!(got, [0, 1, 2, 3, 4]);
    }
}
