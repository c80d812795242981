//! Integration tests of the random-inspection draw (双随机): reproducibility, register identity,
//! sensitivity to every input, the rules' proportions and the recusals on seeded random
//! registers (checked by an independent checker), uniformity (chi-square over 2,000 seeds, with a
//! biased control that must fail), the problems reported, and the audit record.

mod common;
mod draw_support;

use std::collections::{BTreeMap, BTreeSet};

use zouhang::crs::Crs;
use zouhang::demo::DemoRng;
use zouhang::io::encode_gbk;
use zouhang::model::Supervision;
use zouhang::plan::draw::{
    audit_csv, demo_registers, draw, enterprises_csv, inspectors_csv, result_csv, verify_audit,
    Allocation, AuditRecord, DrawError, DrawRequest, DrawResult, DrawRules, DrawStream,
    EnterpriseRegister, Inspector, InspectorRegister, Ratio, RegisterEnterprise,
};

use common::repo_path;
use draw_support::random_case;

fn request(seed: &str, rules: DrawRules) -> DrawRequest {
    DrawRequest {
        seed: seed.to_string(),
        rules,
    }
}

fn example_rules() -> DrawRules {
    let text =
        std::fs::read_to_string(repo_path("tests/fixtures/draw/example_rules.json")).unwrap();
    DrawRules::from_json(&text).unwrap()
}

fn example_text(name: &str) -> String {
    std::fs::read_to_string(repo_path(&format!(
        "tests/fixtures/draw/example_{name}.csv"
    )))
    .unwrap()
}

/// Selected, teams and strata: what must not change when only the file's form changes.
fn outcome(r: &DrawResult) -> String {
    serde_json::to_string(&(&r.selected, &r.teams, &r.strata)).unwrap()
}

#[test]
fn same_seed_and_registers_give_the_same_draw() {
    let (e, i) = demo_registers();
    for seed in ["2026年第三季度", "a", "ΩΩ"] {
        let a = draw(&e, &i, &request(seed, DrawRules::city())).unwrap();
        // registers parsed again from the bytes
        let (e2, i2) = demo_registers();
        let b = draw(&e2, &i2, &request(seed, DrawRules::city())).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }
}

#[test]
fn register_identity_ignores_encoding_line_ends_column_order_and_row_order() {
    let text = example_text("enterprises");
    let lines: Vec<&str> = text.lines().collect();
    let (head, rows) = lines.split_first().unwrap();
    let reversed = format!(
        "{head}\n{}\n",
        rows.iter().rev().copied().collect::<Vec<_>>().join("\n")
    );
    // English headers, columns permuted, an extra column, CRLF
    let permuted: String = std::iter::once("lat,lon,note,district,class,name,id".to_string())
        .chain(rows.iter().map(|r| {
            let c: Vec<&str> = r.split(',').collect();
            format!("{},{},x,{},{},{},{}", c[5], c[4], c[3], c[2], c[1], c[0])
        }))
        .collect::<Vec<_>>()
        .join("\r\n");
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("utf8", text.as_bytes().to_vec()),
        (
            "bom_crlf",
            format!("\u{feff}{}", text.replace('\n', "\r\n")).into_bytes(),
        ),
        ("gbk", encode_gbk(&text)),
        ("reversed", reversed.into_bytes()),
        ("permuted", permuted.into_bytes()),
    ];
    let (inspectors, _) = InspectorRegister::read(example_text("inspectors").as_bytes(), "i.csv");
    let mut canonical = BTreeSet::new();
    let mut raw = BTreeSet::new();
    let mut outcomes = BTreeSet::new();
    for (name, bytes) in &variants {
        let (reg, report) = EnterpriseRegister::read(bytes, name, Crs::Wgs84);
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        assert_eq!(reg.len(), 13, "{name}");
        canonical.insert(reg.canonical_sha256().to_string());
        raw.insert(reg.raw_sha256().unwrap().to_string());
        let r = draw(
            &reg,
            &inspectors,
            &request(draw_support::EXAMPLE_SEED, example_rules()),
        )
        .unwrap();
        outcomes.insert(outcome(&r));
    }
    assert_eq!(canonical.len(), 1, "{canonical:?}");
    assert_eq!(raw.len(), variants.len());
    assert_eq!(outcomes.len(), 1);

    // inspectors: recusal order and separators do not matter either
    let a = "编号,姓名,单位,区县,回避\nI1,甲,支队,,\"E2,E1\"\nI2,乙,大队,姑苏区,\n";
    let b = "回避,区县,单位,姓名,工号\r\n,姑苏区,大队,乙,I2\r\nE1、E2,,支队,甲,I1\r\n";
    let (ra, _) = InspectorRegister::read(a.as_bytes(), "a.csv");
    let (rb, _) = InspectorRegister::read(&encode_gbk(b), "b.csv");
    assert_eq!(ra.canonical_sha256(), rb.canonical_sha256());
    assert_ne!(ra.raw_sha256(), rb.raw_sha256());
}

#[test]
fn a_changed_row_or_seed_changes_the_draw_and_a_trimmed_seed_does_not() {
    let (e, i) = demo_registers();
    let seed = "2026年第三季度";
    let base = draw(&e, &i, &request(seed, DrawRules::city())).unwrap();
    let same = draw(&e, &i, &request(" 2026年第三季度\r\n", DrawRules::city())).unwrap();
    assert_eq!(base, same);
    let other = draw(&e, &i, &request("2026年第三季度.", DrawRules::city())).unwrap();
    assert_ne!(base.selected, other.selected);

    // one enterprise's name, and one position by a micro-degree
    let mut items = e.items().to_vec();
    items[1500].name.push('。');
    let renamed = EnterpriseRegister::new("e.csv", items.clone(), None);
    assert_ne!(renamed.canonical_sha256(), e.canonical_sha256());
    let r = draw(&renamed, &i, &request(seed, DrawRules::city())).unwrap();
    assert_ne!(r.selected, base.selected);
    items[1500].name.pop();
    items[7].lat_e6 += 1;
    let moved = EnterpriseRegister::new("e.csv", items, None);
    let r = draw(&moved, &i, &request(seed, DrawRules::city())).unwrap();
    assert_ne!(r.selected, base.selected);

    // one inspector's unit: the teams and (through the stream key) the enterprises change
    let mut people = i.items().to_vec();
    people[3].unit.push('X');
    let changed = InspectorRegister::new("i.csv", people, None);
    let r = draw(&e, &changed, &request(seed, DrawRules::city())).unwrap();
    assert_ne!(r.teams, base.teams);
    assert_ne!(r.selected, base.selected);
}

#[test]
fn a_larger_proportion_extends_each_stratum_draw() {
    // the same stream and a partial shuffle: the city draw (5 %) of a stratum is a prefix of the
    // county draw (25 %)
    let (e, i) = demo_registers();
    let city = draw(&e, &i, &request("前缀", DrawRules::city())).unwrap();
    let county = draw(&e, &i, &request("前缀", DrawRules::county())).unwrap();
    for (a, b) in city.strata.iter().zip(&county.strata) {
        assert_eq!(a.label, b.label);
        assert!(a.quota <= b.quota);
        assert_eq!(
            a.selected[..],
            b.selected[..a.selected.len()],
            "{}",
            a.label
        );
    }
}

fn fraction(rules: &DrawRules, class: Supervision) -> (u128, u128) {
    let rule = rules.classes.of(class);
    let num = u128::from(rule.proportion.num()) * u128::from(rules.period.months());
    let den = u128::from(rule.proportion.den()) * u128::from(rule.per.months());
    (num.min(den), den)
}

fn ceil_div(a: u128, b: u128) -> u128 {
    a.div_ceil(b)
}

/// An independent checker of a successful draw.
fn check_draw(r: &DrawResult, ents: &[RegisterEnterprise], insp: &[Inspector], rules: &DrawRules) {
    let by_id: BTreeMap<&str, &RegisterEnterprise> =
        ents.iter().map(|e| (e.id.as_str(), e)).collect();
    // strata: every enterprise in exactly one, populations right
    let key = |e: &RegisterEnterprise| {
        (
            e.class,
            rules.stratify_by_district.then(|| e.district.clone()),
        )
    };
    let mut population: BTreeMap<_, usize> = BTreeMap::new();
    for e in ents {
        *population.entry(key(e)).or_default() += 1;
    }
    assert_eq!(r.strata.len(), population.len());
    let mut selected_in_order = Vec::new();
    let mut class_quota: BTreeMap<Supervision, (u128, u128)> = BTreeMap::new();
    for s in &r.strata {
        let n = population[&(s.class, s.district.clone())];
        assert_eq!(s.population, n, "{}", s.label);
        let (num, den) = fraction(rules, s.class);
        let exact_ceil = ceil_div(n as u128 * num, den) as usize;
        let lr = rules.stratify_by_district && rules.allocation == Allocation::LargestRemainder;
        if !lr {
            assert_eq!(s.quota, exact_ceil, "{}", s.label);
        }
        let c = class_quota.entry(s.class).or_default();
        c.0 += s.quota as u128;
        c.1 += n as u128;
        assert_eq!(s.selected.len(), s.quota);
        let distinct: BTreeSet<&String> = s.selected.iter().collect();
        assert_eq!(distinct.len(), s.quota, "{}: repeated id", s.label);
        for id in &s.selected {
            let e = by_id[id.as_str()];
            assert_eq!(
                key(e),
                (s.class, s.district.clone()),
                "{id} not of {}",
                s.label
            );
        }
        selected_in_order.extend(s.selected.iter().cloned());
    }
    if rules.stratify_by_district && rules.allocation == Allocation::LargestRemainder {
        for (class, (total_quota, total_n)) in &class_quota {
            let (num, den) = fraction(rules, *class);
            assert_eq!(*total_quota, ceil_div(total_n * num, den), "{class:?}");
            // each stratum's quota is its exact share rounded down or up
            for s in r.strata.iter().filter(|s| s.class == *class) {
                let share = s.population as u128 * total_quota;
                let q = s.quota as u128;
                assert!(
                    q == share / total_n || q == share.div_ceil(*total_n),
                    "{}",
                    s.label
                );
            }
        }
    }
    assert_eq!(r.selected, selected_in_order);

    // teams
    let total = r.selected.len();
    let max = (rules.days * rules.max_per_team_per_day) as usize;
    let want_teams = match rules.teams {
        _ if total == 0 => 0,
        Some(t) => (t as usize).min(total),
        None => total.div_ceil(max),
    };
    assert_eq!(r.teams.len(), want_teams);
    let mut assigned = BTreeSet::new();
    let mut members = BTreeSet::new();
    let people: BTreeMap<&str, &Inspector> = insp.iter().map(|i| (i.id.as_str(), i)).collect();
    let sizes: Vec<usize> = r.teams.iter().map(|t| t.enterprises.len()).collect();
    if let (Some(lo), Some(hi)) = (sizes.iter().min(), sizes.iter().max()) {
        assert!(hi - lo <= 1 && *hi <= max && *lo >= 1, "{sizes:?}");
    }
    for t in &r.teams {
        assert_eq!(t.inspectors.len(), rules.team_size as usize, "{}", t.id);
        for p in &t.inspectors {
            assert!(members.insert(p.clone()), "{p} in two teams");
            let person = people[p.as_str()];
            for id in &t.enterprises {
                let e = by_id[id.as_str()];
                assert!(
                    !person.recusal.contains(&e.id) && !person.recusal.contains(&e.district),
                    "{p} recused from {id}"
                );
                if rules.exclude_home_district && !person.district.is_empty() {
                    assert_ne!(person.district, e.district, "{p} at home in {id}");
                }
            }
        }
        for id in &t.enterprises {
            assert!(assigned.insert(id.clone()), "{id} in two teams");
        }
    }
    let selected: BTreeSet<String> = r.selected.iter().cloned().collect();
    assert_eq!(assigned, selected);
}

/// Whether the team-capacity and too-few-inspectors problems apply, computed independently.
fn count_problems(
    ents: &[RegisterEnterprise],
    inspectors: usize,
    rules: &DrawRules,
) -> (bool, bool) {
    let valid = rules.team_size >= 2
        && rules.teams != Some(0)
        && rules.days > 0
        && rules.max_per_team_per_day > 0;
    if !valid {
        return (false, false);
    }
    let lr = rules.stratify_by_district && rules.allocation == Allocation::LargestRemainder;
    let mut counts: BTreeMap<(Supervision, Option<&str>), u128> = BTreeMap::new();
    for e in ents {
        let d = (rules.stratify_by_district && !lr).then_some(e.district.as_str());
        *counts.entry((e.class, d)).or_default() += 1;
    }
    let total: u128 = counts
        .iter()
        .map(|((class, _), n)| {
            let (num, den) = fraction(rules, *class);
            ceil_div(n * num, den)
        })
        .sum();
    if total == 0 {
        return (false, false);
    }
    let max = u128::from(rules.days * rules.max_per_team_per_day);
    let (teams, capacity) = match rules.teams {
        Some(t) => {
            let t = u128::from(t).min(total);
            (t, ceil_div(total, t) > max)
        }
        None => (ceil_div(total, max), false),
    };
    (
        capacity,
        teams * u128::from(rules.team_size) > inspectors as u128,
    )
}

#[test]
fn proportions_recusal_and_team_rules_hold_on_seeded_random_registers() {
    let mut rng = DemoRng::new(4242);
    let mut ok = 0;
    let mut recusal_failures = 0;
    for k in 0..600 {
        let c = random_case(&mut rng, k);
        let e = EnterpriseRegister::new("e.csv", c.enterprises.clone(), None);
        let i = InspectorRegister::new("i.csv", c.inspectors.clone(), None);
        let req = request(&c.seed, c.rules.clone());
        match draw(&e, &i, &req) {
            Ok(r) => {
                let again = draw(&e, &i, &req).unwrap();
                assert_eq!(r, again, "case {k} not reproducible");
                let outcome = std::panic::catch_unwind(|| {
                    check_draw(&r, &c.enterprises, &c.inspectors, &c.rules)
                });
                if outcome.is_err() {
                    panic!(
                        "case {k} breaks a rule: rules {}\nenterprises {:?}\ninspectors {:?}\nresult {}",
                        serde_json::to_string(&c.rules).unwrap(),
                        c.enterprises,
                        c.inspectors,
                        serde_json::to_string(&r).unwrap()
                    );
                }
                ok += 1;
            }
            Err(DrawError::Recusal { problems }) => {
                // only possible when somebody has a conflict
                let conflicts = c.rules.exclude_home_district
                    || c.inspectors.iter().any(|p| !p.recusal.is_empty());
                assert!(conflicts, "case {k}: recusal failure without conflicts");
                assert!(problems.iter().all(|p| p.code == "E_DRAW_RECUSAL"));
                recusal_failures += 1;
            }
            Err(DrawError::Invalid { problems }) => {
                for p in &problems {
                    assert!(p.code.starts_with("E_DRAW_"), "{}", p.code);
                    assert!(!p.message.is_empty() && !p.action.is_empty());
                }
                let has = |code: &str| problems.iter().any(|p| p.code == code);
                let (capacity, too_few) =
                    count_problems(&c.enterprises, c.inspectors.len(), &c.rules);
                assert_eq!(has("E_DRAW_TEAM_CAPACITY"), capacity, "case {k}");
                assert_eq!(has("E_DRAW_TOO_FEW_INSPECTORS"), too_few, "case {k}");
                assert_eq!(
                    has("E_DRAW_SEED_EMPTY"),
                    c.seed.trim().is_empty(),
                    "case {k}"
                );
                assert_eq!(has("E_DRAW_NO_ENTERPRISES"), c.enterprises.is_empty());
                assert_eq!(has("E_DRAW_NO_INSPECTORS"), c.inspectors.is_empty());
            }
        }
    }
    eprintln!("{ok} draws checked, {recusal_failures} recusal failures");
    assert!(
        ok >= 250,
        "too few successful draws ({ok}) for the test to mean much"
    );
    assert!(recusal_failures >= 5, "recusal failures are not exercised");
}

/// Regularised upper incomplete gamma function Q(a, x) (Numerical Recipes, 2nd ed., §6.2: series
/// below a + 1, Lentz's continued fraction above).
fn gamma_q(a: f64, x: f64) -> f64 {
    fn ln_gamma(x: f64) -> f64 {
        let cof = [
            76.180_091_729_471_46,
            -86.505_320_329_416_77,
            24.014_098_240_830_91,
            -1.231_739_572_450_155,
            0.120_865_097_386_617_9e-2,
            -0.539_523_938_495_3e-5,
        ];
        let tmp = x + 5.5;
        let tmp = tmp - (x + 0.5) * tmp.ln();
        let mut ser = 1.000_000_000_190_015;
        let mut y = x;
        for c in cof {
            y += 1.0;
            ser += c / y;
        }
        -tmp + (2.506_628_274_631_000_5 * ser / x).ln()
    }
    let front = (-x + a * x.ln() - ln_gamma(a)).exp();
    if x < a + 1.0 {
        let (mut ap, mut sum) = (a, 1.0 / a);
        let mut del = sum;
        for _ in 0..1000 {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        1.0 - sum * front
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-15 {
                break;
            }
        }
        front * h
    }
}

/// p-value of selection counts for "every one of `n` items is drawn with probability `k / n` in
/// each of `draws` draws without replacement".
///
/// Pearson's X² = Σ (O − E)² / E with E = draws·k/n is, for sampling without replacement,
/// asymptotically (1 − k/n)·n/(n − 1) times a χ² with n − 1 degrees of freedom (the counts'
/// covariance is draws·p(1 − p)·n/(n − 1)·(I − J/n)); we rescale and take the χ² tail.
fn selection_p_value(counts: &[u64], k: usize, draws: usize) -> (f64, f64) {
    let n = counts.len() as f64;
    let p = k as f64 / n;
    let e = draws as f64 * p;
    let x2: f64 = counts.iter().map(|&o| (o as f64 - e).powi(2) / e).sum();
    let scaled = x2 * (n - 1.0) / (n * (1.0 - p));
    (scaled, gamma_q((n - 1.0) / 2.0, scaled / 2.0))
}

#[test]
fn the_p_value_function_matches_chi_square_tables() {
    // χ² critical values (df, α) from standard tables: (9, 0.001) = 27.877, (11, 0.05) = 19.675
    assert!((gamma_q(4.5, 27.877 / 2.0) - 0.001).abs() < 2e-6);
    assert!((gamma_q(5.5, 19.675 / 2.0) - 0.05).abs() < 1e-4);
    assert!((gamma_q(1.0, 3.0) - (-3.0f64).exp()).abs() < 1e-12);
}

/// Significance level of each uniformity test. Three tests run on one fixed set of seeds, so the
/// family-wise false-alarm rate is at most 0.3 % (Bonferroni); the seeds were not chosen.
const ALPHA: f64 = 0.001;
const DRAWS: usize = 2000;

fn uniformity_registers() -> (EnterpriseRegister, InspectorRegister, DrawRules) {
    let ent = |k: usize, class, district: &str| RegisterEnterprise {
        id: format!("U{k:02}"),
        name: format!("企业{k}"),
        class,
        district: district.to_string(),
        lon_e6: 120_600_000 + (k as i64) * 3_000,
        lat_e6: 31_300_000 + (k as i64 % 4) * 2_000,
    };
    let mut items: Vec<RegisterEnterprise> = (0..10)
        .map(|k| ent(k, Supervision::Key, "姑苏区"))
        .collect();
    items.extend((10..17).map(|k| ent(k, Supervision::General, "吴中区")));
    let people: Vec<Inspector> = (0..12)
        .map(|k| Inspector {
            id: format!("P{k:02}"),
            name: format!("人员{k}"),
            unit: "支队".into(),
            district: String::new(),
            recusal: Vec::new(),
        })
        .collect();
    let mut rules = DrawRules::city();
    rules.classes.key.proportion = Ratio::new(3, 10).unwrap(); // 3 of 10
    rules.days = 1;
    rules.max_per_team_per_day = 3; // 3 + 2 selected → 2 teams of 2 → 4 of 12 inspectors
    (
        EnterpriseRegister::new("u.csv", items, None),
        InspectorRegister::new("p.csv", people, None),
        rules,
    )
}

#[test]
fn selection_frequencies_are_uniform_chi_square_over_2000_seeds() {
    let (e, i, rules) = uniformity_registers();
    let index: BTreeMap<String, usize> = e
        .items()
        .iter()
        .enumerate()
        .map(|(k, x)| (x.id.clone(), k))
        .collect();
    let mut key = vec![0u64; 10];
    let mut general = vec![0u64; 7];
    let mut people = vec![0u64; 12];
    for s in 0..DRAWS {
        let r = draw(&e, &i, &request(&format!("uniformity-{s}"), rules.clone())).unwrap();
        assert_eq!(r.strata[0].selected.len(), 3);
        assert_eq!(r.strata[1].selected.len(), 2);
        for id in &r.strata[0].selected {
            key[index[id]] += 1;
        }
        for id in &r.strata[1].selected {
            general[index[id] - 10] += 1;
        }
        for t in &r.teams {
            for p in &t.inspectors {
                people[p[1..].parse::<usize>().unwrap()] += 1;
            }
        }
    }
    for (what, counts, k) in [
        ("重点 stratum (3 of 10)", &key, 3),
        ("一般 stratum (2 of 7)", &general, 2),
        ("inspectors (4 of 12)", &people, 4),
    ] {
        let (x2, p) = selection_p_value(counts, k, DRAWS);
        eprintln!("{what}: counts {counts:?}, scaled X² = {x2:.2}, p = {p:.4}");
        assert!(p >= ALPHA, "{what} not uniform: p = {p}");
    }
}

#[test]
fn the_uniformity_test_rejects_a_biased_shuffle() {
    // control: a partial shuffle with the classic off-by-one (j drawn from i+1..n, never i) on
    // the same streams must fail the same test, so the test can fail
    let (e, i, _) = uniformity_registers();
    let mut counts = vec![0u64; 10];
    for s in 0..DRAWS {
        let mut stream = DrawStream::new(
            &format!("uniformity-{s}"),
            e.canonical_sha256(),
            i.canonical_sha256(),
            "enterprises|重点|姑苏区",
        );
        let mut a: Vec<usize> = (0..10).collect();
        for k in 0..3 {
            let j = k + 1 + stream.below((10 - k - 1) as u64) as usize;
            a.swap(k, j);
        }
        for &x in &a[..3] {
            counts[x] += 1;
        }
    }
    let (x2, p) = selection_p_value(&counts, 3, DRAWS);
    eprintln!("biased control: {counts:?}, X² = {x2:.1}, p = {p:e}");
    assert!(p < 1e-6, "the biased control passed (p = {p})");
}

#[test]
fn every_problem_is_reported_at_once_with_code_and_action() {
    let ent = |id: &str| RegisterEnterprise {
        id: id.to_string(),
        name: "甲".into(),
        class: Supervision::Special,
        district: "姑苏区".into(),
        lon_e6: 120_600_000,
        lat_e6: 31_300_000,
    };
    let e = EnterpriseRegister::new("e.csv", vec![ent("A"), ent("A"), ent("B")], None);
    let empty = InspectorRegister::new("i.csv", Vec::new(), None);
    let mut rules = DrawRules::city();
    rules.team_size = 1;
    let err = draw(&e, &empty, &request(" \u{3000}", rules)).unwrap_err();
    let codes: Vec<&str> = err.problems().iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "E_DRAW_SEED_EMPTY",
            "E_DRAW_TEAM_SIZE",
            "E_DRAW_NO_INSPECTORS",
            "E_DRAW_DUPLICATE_ID"
        ]
    );
    for p in err.problems() {
        assert!(p
            .message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        assert!(!p.action.is_empty());
    }
    assert!(err.to_string().contains("E_DRAW_DUPLICATE_ID"));

    // capacity: 3 enterprises at 100 %, one team of at most 2
    let e = EnterpriseRegister::new("e.csv", vec![ent("A"), ent("B"), ent("C")], None);
    let person = |id: &str, recusal: &[&str]| Inspector {
        id: id.into(),
        name: "乙".into(),
        unit: String::new(),
        district: String::new(),
        recusal: recusal.iter().map(|s| s.to_string()).collect(),
    };
    let i = InspectorRegister::new(
        "i.csv",
        vec![
            person("P1", &[]),
            person("P2", &["B"]),
            person("P3", &["姑苏区"]),
        ],
        None,
    );
    let mut rules = DrawRules::city();
    rules.teams = Some(1);
    rules.days = 1;
    rules.max_per_team_per_day = 2;
    let err = draw(&e, &i, &request("s", rules.clone())).unwrap_err();
    assert_eq!(err.problems()[0].code, "E_DRAW_TEAM_CAPACITY");
    assert!(
        err.problems()[0].action.contains('2'),
        "{}",
        err.problems()[0].action
    );

    // recusal: only P1 may inspect B, a team needs 2
    rules.max_per_team_per_day = 3;
    let err = draw(&e, &i, &request("s", rules)).unwrap_err();
    assert!(matches!(err, DrawError::Recusal { .. }));
    assert!(err.problems()[0].message.contains("只有 1 名"), "{err}");

    // a register without an id column is refused
    let csv = "名称,监管类别,区县,经度,纬度\n甲,重点,姑苏区,120.6,31.3\n";
    let (e, _) = EnterpriseRegister::read(csv.as_bytes(), "noid.csv", Crs::Wgs84);
    let (_, i) = demo_registers();
    let err = draw(&e, &i, &request("s", DrawRules::city())).unwrap_err();
    assert_eq!(err.problems()[0].code, "E_DRAW_NO_ID_COLUMN");
}

#[test]
fn warnings_name_unknown_recusals_and_empty_classes() {
    let e = EnterpriseRegister::new(
        "e.csv",
        vec![RegisterEnterprise {
            id: "A".into(),
            name: "甲".into(),
            class: Supervision::General,
            district: "姑苏区".into(),
            lon_e6: 120_600_000,
            lat_e6: 31_300_000,
        }],
        None,
    );
    let people: Vec<Inspector> = ["P1", "P2"]
        .iter()
        .map(|id| Inspector {
            id: id.to_string(),
            name: String::new(),
            unit: String::new(),
            district: String::new(),
            recusal: if *id == "P2" {
                vec!["吴江".into()]
            } else {
                vec![]
            },
        })
        .collect();
    let i = InspectorRegister::new("i.csv", people, None);
    let r = draw(&e, &i, &request("s", DrawRules::city())).unwrap();
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "W_DRAW_EMPTY_CLASS",
            "W_DRAW_EMPTY_CLASS",
            "W_DRAW_UNKNOWN_RECUSAL"
        ]
    );
    assert!(r.warnings[2].message.contains("吴江"));
}

#[test]
fn audit_record_round_trips_verifies_and_detects_tampering() {
    let (e, i) = demo_registers();
    let r = draw(&e, &i, &request("审计", DrawRules::county())).unwrap();
    let record = AuditRecord::new(&r, "2026-07-01T08:00:00Z");
    let text = serde_json::to_string_pretty(&record).unwrap();
    for field in [
        "\"drawn_at\": \"2026-07-01T08:00:00Z\"",
        "\"algorithm_version\": \"zouhang-draw/1\"",
        "\"tool\": \"zouhang ",
        "\"enterprises_raw_sha256\"",
        "\"rules\"",
    ] {
        assert!(text.contains(field), "{field}");
    }
    let back = AuditRecord::from_json(&text).unwrap();
    assert_eq!(back, record);
    assert!(verify_audit(&back, &e, &i).is_empty());

    let mut tampered = back.clone();
    tampered.draw.selected.swap(0, 1);
    assert_eq!(verify_audit(&tampered, &e, &i), ["抽中的企业不同"]);
    let mut tampered = back.clone();
    tampered.draw.teams[0].inspectors[0] = "DEMO-I999".into();
    assert_eq!(verify_audit(&tampered, &e, &i).len(), 1);
    let mut items = e.items().to_vec();
    items.pop();
    let smaller = EnterpriseRegister::new("e.csv", items, None);
    let diffs = verify_audit(&back, &smaller, &i);
    assert!(diffs[0].contains("企业名录指纹不同"), "{diffs:?}");
    assert!(AuditRecord::from_json("{\"format\":\"x\"}").is_err());

    let csv = audit_csv(&record, &e, &i);
    assert!(csv.starts_with('\u{feff}'));
    for needle in [
        "审计",
        &r.registers.enterprises_sha256,
        "2026-07-01T08:00:00Z",
    ] {
        assert!(csv.contains(needle), "{needle}");
    }
    let list = result_csv(&r, &e, &i);
    assert_eq!(list.trim_end().split("\r\n").count(), r.selected.len() + 1);
}

#[test]
fn register_exports_read_back_with_the_same_fingerprint() {
    let (e, i) = demo_registers();
    let (e2, report) =
        EnterpriseRegister::read(enterprises_csv(&e).as_bytes(), "x.csv", Crs::Wgs84);
    assert!(report.errors.is_empty() && report.warnings.is_empty());
    assert_eq!(e2.canonical_sha256(), e.canonical_sha256());
    let (i2, report) = InspectorRegister::read(inspectors_csv(&i).as_bytes(), "y.csv");
    assert!(report.errors.is_empty() && report.warnings.is_empty());
    assert_eq!(i2.canonical_sha256(), i.canonical_sha256());
    assert_eq!(i2.items().len(), 48);
}
