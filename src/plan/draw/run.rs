//! The draw itself: check everything, draw each stratum, group the drawn enterprises, draw the
//! teams. See `docs/DRAW.md` for the specification this code implements.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{Issue, Severity};
use crate::model::{PlanDocument, Supervision};
use crate::plan::draw::error::DrawError;
use crate::plan::draw::register::{EnterpriseRegister, InspectorRegister};
use crate::plan::draw::rules::DrawRules;
use crate::plan::draw::strata::{draw_stratum, plan_strata, Stratum, StratumPlan};
use crate::plan::draw::stream::{normalise_seed, DrawStream, ALGORITHM_VERSION};
use crate::plan::draw::teams::{draw_teams, group_enterprises, Team};

/// What to draw: the published seed text and the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawRequest {
    /// The seed text, published before or with the result (trimmed, see
    /// [`crate::plan::draw::normalise_seed`]).
    pub seed: String,
    /// The rules (default: [`DrawRules::city`]).
    #[serde(default)]
    pub rules: DrawRules,
}

/// Which registers a draw used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterIds {
    /// SHA-256 of the enterprise register's canonical form (its identity).
    pub enterprises_sha256: String,
    /// SHA-256 of the inspector register's canonical form.
    pub inspectors_sha256: String,
    /// SHA-256 of the enterprise register file's bytes.
    pub enterprises_raw_sha256: Option<String>,
    /// SHA-256 of the inspector register file's bytes.
    pub inspectors_raw_sha256: Option<String>,
    /// Enterprise register file name.
    pub enterprises_file: String,
    /// Inspector register file name.
    pub inspectors_file: String,
    /// Enterprises in the register.
    pub enterprises_count: usize,
    /// Inspectors in the register.
    pub inspectors_count: usize,
}

/// The outcome of a draw. Serialised as JSON it is the `zouhang draw --json` output; the
/// browser produces the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawResult {
    /// [`ALGORITHM_VERSION`].
    pub algorithm_version: String,
    /// The seed text as used (normalised).
    pub seed: String,
    /// The registers' fingerprints.
    pub registers: RegisterIds,
    /// All drawn enterprise ids: strata in order, each in draw order.
    pub selected: Vec<String>,
    /// The teams and the enterprises each inspects.
    pub teams: Vec<Team>,
    /// The strata with populations, quotas and draws.
    pub strata: Vec<Stratum>,
    /// The rules used.
    pub rules: DrawRules,
    /// Things worth knowing that did not stop the draw (codes `W_DRAW_*`).
    pub warnings: Vec<Issue>,
    /// Inspection routes of the teams, when planned (kind `inspection`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanDocument>,
}

/// Draws enterprises and inspection teams.
///
/// Everything that can be checked before drawing is checked first and reported together
/// ([`DrawError::Invalid`]); the only failure that depends on the seed is a set of drawn
/// enterprises that recusals make impossible to staff ([`DrawError::Recusal`]).
///
/// ```
/// use zouhang::plan::draw::{draw, DrawRequest, DrawRules, EnterpriseRegister, Inspector,
///     InspectorRegister, RegisterEnterprise};
/// use zouhang::model::Supervision;
/// let ents: Vec<RegisterEnterprise> = (0..10).map(|k| RegisterEnterprise {
///     id: format!("E{k:02}"), name: format!("企业{k}"), class: Supervision::Key,
///     district: "姑苏区".into(), lon_e6: 120_600_000 + k * 1000, lat_e6: 31_300_000,
/// }).collect();
/// let insp: Vec<Inspector> = (0..4).map(|k| Inspector {
///     id: format!("I{k}"), name: format!("人员{k}"), unit: "大队".into(),
///     district: String::new(), recusal: vec![],
/// }).collect();
/// let e = EnterpriseRegister::new("e.csv", ents, None);
/// let i = InspectorRegister::new("i.csv", insp, None);
/// let req = DrawRequest { seed: "2026Q3".into(), rules: DrawRules::county() };
/// let r = draw(&e, &i, &req).unwrap();
/// assert_eq!(r.selected.len(), 3); // ceil(10 × 25 %)
/// assert_eq!(r.teams.len(), 1);
/// assert_eq!(r.teams[0].inspectors.len(), 2);
/// assert_eq!(r, draw(&e, &i, &req).unwrap()); // reproducible
/// ```
pub fn draw(
    enterprises: &EnterpriseRegister,
    inspectors: &InspectorRegister,
    request: &DrawRequest,
) -> Result<DrawResult, DrawError> {
    let seed = normalise_seed(&request.seed);
    let rules = &request.rules;
    let mut problems = Vec::new();
    problems.extend(check_seed(&seed));
    let rule_problems = rules.validate();
    let rules_ok = rule_problems.is_empty();
    problems.extend(rule_problems);
    problems.extend(check_registers(enterprises, inspectors));
    let strata = plan_strata(enterprises.items(), rules);
    let total: usize = strata.iter().map(|s| s.quota).sum();
    let mut warnings = register_warnings(enterprises, inspectors);
    let teams = if rules_ok {
        team_count(total, rules, inspectors.len(), &mut problems, &mut warnings)
    } else {
        0
    };
    if problems.iter().any(|p| p.severity == Severity::Error) {
        problems.retain(|p| p.severity == Severity::Error);
        return Err(DrawError::Invalid { problems });
    }
    warnings.extend(empty_class_warnings(&strata, rules));
    warnings.extend(unknown_recusal_warnings(enterprises, inspectors));
    if total == 0 {
        warnings.push(Issue::warning(
            "W_DRAW_NOTHING_SELECTED",
            "按当前规则没有企业被抽中（各类别比例均为 0 或名录为空）",
            "检查抽查比例",
        ));
    }

    let ent_hash = enterprises.canonical_sha256();
    let insp_hash = inspectors.canonical_sha256();
    let items = enterprises.items();
    let mut drawn_all = Vec::with_capacity(total);
    let mut strata_out = Vec::with_capacity(strata.len());
    for s in &strata {
        let mut stream = DrawStream::new(&seed, ent_hash, insp_hash, &s.label);
        let drawn = draw_stratum(s, &mut stream);
        strata_out.push(stratum_result(s, &drawn, enterprises));
        drawn_all.extend(drawn);
    }

    let groups = group_enterprises(&drawn_all, items, teams);
    let pool = inspectors.items();
    let mut by_id: Vec<usize> = (0..pool.len()).collect();
    by_id.sort_by(|&a, &b| pool[a].id.cmp(&pool[b].id));
    let mut stream = DrawStream::new(&seed, ent_hash, insp_hash, "inspectors");
    let staffed = draw_teams(
        &groups,
        items,
        pool,
        &by_id,
        rules.team_size,
        rules.exclude_home_district,
        &mut stream,
    )
    .map_err(|problems| DrawError::Recusal { problems })?;

    let teams_out = groups
        .iter()
        .zip(staffed)
        .enumerate()
        .map(|(g, (group, members))| Team {
            id: format!("T{:02}", g + 1),
            inspectors: members.iter().map(|&i| pool[i].id.clone()).collect(),
            enterprises: group.iter().map(|&e| items[e].id.clone()).collect(),
        })
        .collect();
    Ok(DrawResult {
        algorithm_version: ALGORITHM_VERSION.to_string(),
        seed,
        registers: RegisterIds {
            enterprises_sha256: ent_hash.to_string(),
            inspectors_sha256: insp_hash.to_string(),
            enterprises_raw_sha256: enterprises.raw_sha256().map(str::to_string),
            inspectors_raw_sha256: inspectors.raw_sha256().map(str::to_string),
            enterprises_file: enterprises.file().to_string(),
            inspectors_file: inspectors.file().to_string(),
            enterprises_count: enterprises.len(),
            inspectors_count: inspectors.len(),
        },
        selected: drawn_all.iter().map(|&i| items[i].id.clone()).collect(),
        teams: teams_out,
        strata: strata_out,
        rules: rules.clone(),
        warnings,
        plan: None,
    })
}

fn stratum_result(s: &StratumPlan, drawn: &[usize], reg: &EnterpriseRegister) -> Stratum {
    Stratum {
        class: s.class,
        district: s.district.clone(),
        label: s.label.clone(),
        population: s.members.len(),
        quota: s.quota,
        selected: drawn.iter().map(|&i| reg.items()[i].id.clone()).collect(),
    }
}

fn check_seed(seed: &str) -> Option<Issue> {
    seed.is_empty().then(|| {
        Issue::error(
            "E_DRAW_SEED_EMPTY",
            "抽取种子为空",
            "填写将公开的种子文本（如日期加公开摇号的号码），或点“生成种子”",
        )
        .at_field("seed")
    })
}

fn duplicates<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    let mut dup = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            dup.insert(id);
        }
    }
    dup.into_iter().collect()
}

fn check_registers(e: &EnterpriseRegister, i: &InspectorRegister) -> Vec<Issue> {
    let mut out: Vec<Issue> = e
        .issues()
        .iter()
        .chain(i.issues())
        .filter(|p| p.severity == Severity::Error)
        .cloned()
        .collect();
    if e.is_empty() {
        out.push(
            Issue::error(
                "E_DRAW_NO_ENTERPRISES",
                "企业名录为空",
                "导入含编号、名称、监管类别、区县和坐标的企业名录",
            )
            .in_file(e.file()),
        );
    }
    if i.is_empty() {
        out.push(
            Issue::error(
                "E_DRAW_NO_INSPECTORS",
                "执法人员名录为空",
                "导入含编号、姓名、单位、区县和回避名单的执法人员名录",
            )
            .in_file(i.file()),
        );
    }
    for (file, what, dup) in [
        (
            e.file(),
            "企业",
            duplicates(e.items().iter().map(|x| x.id.as_str())),
        ),
        (
            i.file(),
            "执法人员",
            duplicates(i.items().iter().map(|x| x.id.as_str())),
        ),
    ] {
        if !dup.is_empty() {
            out.push(
                Issue::error(
                    "E_DRAW_DUPLICATE_ID",
                    format!(
                        "{what}名录中有 {} 个编号重复：{}",
                        dup.len(),
                        dup.iter().take(10).copied().collect::<Vec<_>>().join("、")
                    ),
                    "每个编号只能出现一次：合并重复行或改正编号",
                )
                .in_file(file)
                .at_field("id"),
            );
        }
    }
    out
}

fn register_warnings(e: &EnterpriseRegister, i: &InspectorRegister) -> Vec<Issue> {
    e.issues()
        .iter()
        .chain(i.issues())
        .filter(|p| p.severity == Severity::Warning)
        .cloned()
        .collect()
}

/// The number of teams, with the problems of the team rules.
fn team_count(
    total: usize,
    rules: &DrawRules,
    inspectors: usize,
    problems: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> usize {
    if total == 0 {
        return 0;
    }
    let max = usize::try_from(rules.max_per_team())
        .unwrap_or(usize::MAX)
        .max(1);
    let teams = match rules.teams {
        Some(t) => {
            let mut t = t as usize;
            if t > total {
                warnings.push(
                    Issue::warning(
                        "W_DRAW_TEAMS_REDUCED",
                        format!("设定 {t} 个检查组，但只抽中 {total} 家企业：按 {total} 个组抽取"),
                        "减少检查组数",
                    )
                    .at_field("teams"),
                );
                t = total;
            }
            if total.div_ceil(t) > max {
                problems.push(
                    Issue::error(
                        "E_DRAW_TEAM_CAPACITY",
                        format!(
                            "抽中 {total} 家企业，{t} 个组每组最多 {max} 家（{} 天 × 每天 {} 家），容纳不下",
                            rules.days, rules.max_per_team_per_day
                        ),
                        format!(
                            "把检查组数增加到 {} 个以上，或增加天数、每组每日上限",
                            total.div_ceil(max)
                        ),
                    )
                    .at_field("teams"),
                );
            }
            t
        }
        None => total.div_ceil(max),
    };
    let need = teams.saturating_mul(rules.team_size as usize);
    if need > inspectors {
        let fit = inspectors / (rules.team_size.max(1) as usize);
        problems.push(
            Issue::error(
                "E_DRAW_TOO_FEW_INSPECTORS",
                format!(
                    "需要 {teams} 个组 × 每组 {} 人 = {need} 名执法人员，名录中只有 {inspectors} 名",
                    rules.team_size
                ),
                if fit == 0 {
                    format!("增加执法人员，或把每组人数减少到 {inspectors} 人以内（不少于 2）")
                } else {
                    format!(
                        "增加执法人员；或把检查组减少到 {fit} 个以内（提高每组每日检查上限或天数）；或减少每组人数（不少于 2）"
                    )
                },
            )
            .at_field("team_size"),
        );
    }
    teams
}

fn empty_class_warnings(strata: &[StratumPlan], rules: &DrawRules) -> Vec<Issue> {
    [Supervision::Key, Supervision::Special, Supervision::General]
        .into_iter()
        .filter(|&c| {
            rules.classes.of(c).proportion.num() > 0 && !strata.iter().any(|s| s.class == c)
        })
        .map(|c| {
            Issue::warning(
                "W_DRAW_EMPTY_CLASS",
                format!("企业名录中没有“{}”类企业，该类别不抽取", c.label()),
                "确认名录的监管类别列是否完整",
            )
            .at_field(c.label())
        })
        .collect()
}

fn unknown_recusal_warnings(e: &EnterpriseRegister, i: &InspectorRegister) -> Vec<Issue> {
    let known: BTreeSet<&str> = e
        .items()
        .iter()
        .flat_map(|x| [x.id.as_str(), x.district.as_str()])
        .collect();
    let mut by_inspector: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for insp in i.items() {
        for r in &insp.recusal {
            if !known.contains(r.as_str()) {
                by_inspector.entry(insp.id.as_str()).or_default().push(r);
            }
        }
    }
    by_inspector
        .into_iter()
        .map(|(id, unknown)| {
            Issue::warning(
                "W_DRAW_UNKNOWN_RECUSAL",
                format!(
                    "执法人员 {id} 的回避对象「{}」不是名录中的企业编号或区县",
                    unknown.join("、")
                ),
                "核对回避名单中的企业编号和区县名称（须与企业名录完全一致）",
            )
            .in_file(i.file())
            .at_field(id)
        })
        .collect()
}
