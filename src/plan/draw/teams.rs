//! Teams: the drawn enterprises are split into groups of nearby enterprises by a deterministic
//! procedure (no randomness: recursive coordinate bisection into balanced groups), then each group's team
//! is drawn by lot from the inspectors who have no conflict with any enterprise of the group.
//!
//! The inspector draw goes group by group, place by place: the candidates are the unused
//! inspectors allowed in the group, in id order; one is drawn uniformly; if taking it would leave
//! some open place of any group impossible to fill (checked exactly as a bipartite matching),
//! it is struck from the candidates and the draw is repeated. So the draw never paints itself
//! into a corner, and without conflicts every inspector has the same chance.

use serde::{Deserialize, Serialize};

use crate::error::Issue;
use crate::plan::draw::hilbert::hilbert_index;
use crate::plan::draw::matching::can_fill;
use crate::plan::draw::register::{Inspector, RegisterEnterprise};
use crate::plan::draw::stream::DrawStream;

/// One inspection team of a draw result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// `T01`, `T02`, …
    pub id: String,
    /// Inspector ids, in draw order.
    pub inspectors: Vec<String>,
    /// Enterprise ids, in Hilbert order (a first visiting order).
    pub enterprises: Vec<String>,
}

/// Splits the drawn enterprises (register indices) into `teams` groups of nearby enterprises by
/// recursive coordinate bisection (Berger & Bokhari 1987): group sizes are fixed first
/// (`n / teams`, the first `n mod teams` groups one more); a set of enterprises for groups
/// `a..b` is sorted along its longer extent in micro-degrees (longitude when the longitude
/// extent is at least the latitude extent), ties by id, and cut after the enterprises of the
/// first `ceil((b − a) / 2)` groups; both halves are split the same way. Each group is then
/// listed in Hilbert order (a first visiting order).
pub(crate) fn group_enterprises(
    drawn: &[usize],
    items: &[RegisterEnterprise],
    teams: usize,
) -> Vec<Vec<usize>> {
    if teams == 0 {
        return Vec::new();
    }
    let n = drawn.len();
    let (q, r) = (n / teams, n % teams);
    let sizes: Vec<usize> = (0..teams).map(|g| q + usize::from(g < r)).collect();
    let mut points = drawn.to_vec();
    let mut groups = Vec::with_capacity(teams);
    bisect(&mut points, &sizes, items, &mut groups);
    for g in &mut groups {
        g.sort_by(|&a, &b| {
            let (ea, eb) = (&items[a], &items[b]);
            hilbert_index(ea.lon_e6, ea.lat_e6)
                .cmp(&hilbert_index(eb.lon_e6, eb.lat_e6))
                .then_with(|| ea.id.cmp(&eb.id))
        });
    }
    groups
}

fn bisect(
    points: &mut [usize],
    sizes: &[usize],
    items: &[RegisterEnterprise],
    out: &mut Vec<Vec<usize>>,
) {
    if sizes.len() <= 1 {
        out.push(points.to_vec());
        return;
    }
    let extent = |f: fn(&RegisterEnterprise) -> i64| {
        let v = points.iter().map(|&i| f(&items[i]));
        v.clone().max().unwrap_or(0) - v.min().unwrap_or(0)
    };
    let by_lon = extent(|e| e.lon_e6) >= extent(|e| e.lat_e6);
    points.sort_by(|&a, &b| {
        let (ea, eb) = (&items[a], &items[b]);
        let (ka, kb) = if by_lon {
            (ea.lon_e6, eb.lon_e6)
        } else {
            (ea.lat_e6, eb.lat_e6)
        };
        ka.cmp(&kb).then_with(|| ea.id.cmp(&eb.id))
    });
    let half = sizes.len().div_ceil(2);
    let cut = sizes[..half].iter().sum::<usize>().min(points.len());
    let (left, right) = points.split_at_mut(cut);
    bisect(left, &sizes[..half], items, out);
    bisect(right, &sizes[half..], items, out);
}

/// True when the inspector must not inspect the enterprise: its id or district is on the
/// inspector's recusal list, or (with `exclude_home_district`) both have the same non-empty
/// district.
pub(crate) fn conflicts(
    i: &Inspector,
    e: &RegisterEnterprise,
    exclude_home_district: bool,
) -> bool {
    i.recusal.iter().any(|r| *r == e.id || *r == e.district)
        || (exclude_home_district && !i.district.is_empty() && i.district == e.district)
}

/// Draws `team_size` inspectors for every group (see the module docs). `inspectors` are indices
/// into `pool` sorted by id. Returns the teams' inspector indices, or the problems when the
/// groups cannot all be staffed.
pub(crate) fn draw_teams(
    groups: &[Vec<usize>],
    items: &[RegisterEnterprise],
    pool: &[Inspector],
    inspectors: &[usize],
    team_size: u32,
    exclude_home_district: bool,
    stream: &mut DrawStream,
) -> Result<Vec<Vec<usize>>, Vec<Issue>> {
    let allowed: Vec<Vec<bool>> = groups
        .iter()
        .map(|g| {
            inspectors
                .iter()
                .map(|&i| {
                    !g.iter()
                        .any(|&e| conflicts(&pool[i], &items[e], exclude_home_district))
                })
                .collect()
        })
        .collect();
    let mut used = vec![false; inspectors.len()];
    let mut open = vec![team_size; groups.len()];
    if !can_fill(&open, &allowed, &used) {
        return Err(staffing_problems(groups, items, &allowed, team_size));
    }
    let mut teams = vec![Vec::new(); groups.len()];
    for g in 0..groups.len() {
        for _ in 0..team_size {
            let mut cand: Vec<usize> = (0..inspectors.len())
                .filter(|&k| !used[k] && allowed[g][k])
                .collect();
            loop {
                if cand.is_empty() {
                    // cannot happen: the matching check above guarantees a completion
                    return Err(staffing_problems(groups, items, &allowed, team_size));
                }
                let j = stream.below(cand.len() as u64) as usize;
                let k = cand[j];
                used[k] = true;
                open[g] -= 1;
                if can_fill(&open, &allowed, &used) {
                    teams[g].push(inspectors[k]);
                    break;
                }
                used[k] = false;
                open[g] += 1;
                cand.remove(j);
            }
        }
    }
    Ok(teams)
}

fn staffing_problems(
    groups: &[Vec<usize>],
    items: &[RegisterEnterprise],
    allowed: &[Vec<bool>],
    team_size: u32,
) -> Vec<Issue> {
    let action = "增加名录中的执法人员、核对回避名单，或减少每组人数（不少于 2）或检查组数（提高每组每日上限或天数）后重新抽取";
    let mut out = Vec::new();
    for (g, (group, ok)) in groups.iter().zip(allowed).enumerate() {
        let free = ok.iter().filter(|a| **a).count();
        if free < team_size as usize {
            let mut districts: Vec<&str> =
                group.iter().map(|&e| items[e].district.as_str()).collect();
            districts.sort();
            districts.dedup();
            out.push(
                Issue::error(
                    "E_DRAW_RECUSAL",
                    format!(
                        "第 {} 组（{} 家企业，{}）只有 {free} 名执法人员无回避冲突，每组需要 {team_size} 名",
                        g + 1,
                        group.len(),
                        districts.join("、")
                    ),
                    action,
                )
                .at_field(format!("T{:02}", g + 1)),
            );
        }
    }
    if out.is_empty() {
        out.push(Issue::error(
            "E_DRAW_RECUSAL",
            format!(
                "回避关系使执法人员无法同时组成 {} 个 {team_size} 人检查组（各组可选人员互相重叠）",
                groups.len()
            ),
            action,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Supervision;

    fn ent(id: &str, lon_e6: i64, district: &str) -> RegisterEnterprise {
        RegisterEnterprise {
            id: id.into(),
            name: String::new(),
            class: Supervision::General,
            district: district.into(),
            lon_e6,
            lat_e6: 31_000_000,
        }
    }

    fn insp(id: &str, district: &str, recusal: &[&str]) -> Inspector {
        Inspector {
            id: id.into(),
            name: String::new(),
            unit: String::new(),
            district: district.into(),
            recusal: recusal.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn groups_are_balanced_and_compact() {
        // two clusters 20 km apart, 4 and 3 enterprises, 2 teams: one team per cluster
        let mut items: Vec<_> = (0..4)
            .map(|k| ent(&format!("W{k}"), 120_650_000 + k * 1_000, "W"))
            .collect();
        items.extend((0..3).map(|k| ent(&format!("G{k}"), 120_850_000 + k * 1_000, "G")));
        let drawn: Vec<usize> = (0..7).rev().collect();
        let g = group_enterprises(&drawn, &items, 2);
        assert_eq!(g, [vec![0, 1, 2, 3], vec![4, 5, 6]]);
        let g = group_enterprises(&drawn, &items, 3);
        assert_eq!(g.iter().map(Vec::len).collect::<Vec<_>>(), [3, 2, 2]);
        let mut all: Vec<usize> = g.concat();
        all.sort();
        assert_eq!(all, (0..7).collect::<Vec<_>>());
        assert!(group_enterprises(&drawn, &items, 0).is_empty());
    }

    #[test]
    fn recusal_by_id_district_and_home_district() {
        let e = ent("E1", 0, "吴江区");
        assert!(conflicts(&insp("I", "", &["E1"]), &e, false));
        assert!(conflicts(&insp("I", "", &["吴江区"]), &e, false));
        assert!(!conflicts(&insp("I", "吴江区", &[]), &e, false));
        assert!(conflicts(&insp("I", "吴江区", &[]), &e, true));
        assert!(!conflicts(&insp("I", "", &[]), &ent("E2", 0, ""), true));
    }

    #[test]
    fn staffing_avoids_dead_ends_and_reports_short_groups() {
        // group 0 may take anyone, group 1 only I1 and I2: a naive draw could give I1 to group 0
        let items = vec![ent("E0", 0, "A"), ent("E1", 0, "B")];
        let pool = vec![
            insp("I1", "", &[]),
            insp("I2", "", &[]),
            insp("I3", "", &["B"]),
            insp("I4", "", &["B"]),
        ];
        let z = "0".repeat(64);
        for seed in 0..30 {
            let mut s = DrawStream::new(&seed.to_string(), &z, &z, "inspectors");
            let t = draw_teams(
                &[vec![0], vec![1]],
                &items,
                &pool,
                &[0, 1, 2, 3],
                2,
                false,
                &mut s,
            )
            .unwrap();
            let mut g1 = t[1].clone();
            g1.sort();
            assert_eq!(g1, [0, 1]);
        }
        let pool = vec![
            insp("I1", "", &[]),
            insp("I2", "", &["E1"]),
            insp("I3", "", &[]),
        ];
        let mut s = DrawStream::new("x", &z, &z, "inspectors");
        let err =
            draw_teams(&[vec![0, 1]], &items, &pool, &[0, 1, 2], 3, false, &mut s).unwrap_err();
        assert_eq!(err[0].code, "E_DRAW_RECUSAL");
        assert!(err[0].message.contains("只有 2 名"), "{}", err[0].message);
    }
}
