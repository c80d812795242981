//! Cordeau periodic VRP files (Cordeau, Gendreau & Laporte 1997, "A tabu search heuristic for
//! periodic and multi-depot vehicle routing problems", Networks 30(2)): line 1 `type m n t`
//! (type 1 = PVRP, `m` vehicles per day, `n` customers, `t` days); then `t` lines `D Q` (maximum
//! route duration, 0 for none, and vehicle capacity on each day); then one line per node
//! `i x y d q f a c₁ … c_a` (service duration, demand, visit frequency, number of allowed day
//! combinations, each a bit mask over the `t` days), node 0 being the depot.
//!
//! As a periodic problem: plain Euclidean distances (not rounded), travel time equal to distance,
//! the duration limit `D` including service times, capacity `Q` per vehicle, `m` vehicles on each
//! day (days with different `D Q` get their own vehicles through the calendar), and each
//! customer served on exactly one of its combinations. A combination code is a `t`-digit binary
//! number whose first (most significant) digit is day 1: with `t = 5`, 12 = 01100 = days 2 and
//! 3. It is read into the solver's day mask, where bit `d` is day `d + 1` (the digits reversed).
//!
//! The combinations decide; the frequency column only has to agree with them. Where it does not
//! (frequency 0 while every combination is a single day, as in some files of the original set),
//! the file is read by its combinations with a located [`FormatWarning`]. A file with more or
//! fewer node lines than `n + 1` is refused ([`FormatError::Count`]), never read in part.

use std::sync::Arc;

use super::{FormatError, FormatWarning, Metric, PlaneCost};
use crate::solver::periodic::{PeriodicProblem, VisitRule, MAX_DAYS};
use crate::solver::{Problem, Task, Vehicle};

/// A periodic instance with the file's customer numbers.
#[derive(Debug, Clone)]
pub struct PeriodicInstance {
    /// Instance name (empty: the caller uses the file name).
    pub name: String,
    /// The problem.
    pub problem: PeriodicProblem,
    /// The file's number of each task (customer `i`).
    pub task_ids: Vec<u64>,
    /// What was read differently from the text (e.g. frequency 0 read as 1), with the line.
    pub warnings: Vec<FormatWarning>,
}

/// Reads a Cordeau PVRP file.
///
/// ```
/// let text = "1 1 2 2\n0 50\n0 50\n0 0 0 0 0 0 0\n1 3 4 1 5 1 2 1 2\n2 0 4 1 5 2 1 3\n";
/// let inst = zouhang::formats::cordeau::read(text).unwrap();
/// assert_eq!(inst.task_ids, vec![1, 2]);
/// assert!(inst.warnings.is_empty());
/// assert_eq!(inst.problem.days, 2);
/// assert_eq!(inst.problem.base.vehicles.len(), 1);
/// ```
pub fn read(text: &str) -> Result<PeriodicInstance, FormatError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let missing = |what: &str| FormatError::Missing { what: what.into() };
    let nums = |k: usize, raw: &str| -> Result<Vec<f64>, FormatError> {
        raw.split_whitespace()
            .map(|w| w.parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect::<Option<Vec<f64>>>()
            .ok_or_else(|| FormatError::Parse {
                line: k + 1,
                text: raw.to_string(),
            })
    };
    let (k, raw) = lines.next().ok_or_else(|| missing("首行 type m n t"))?;
    let bad = |k: usize, raw: &str| FormatError::Parse {
        line: k + 1,
        text: raw.to_string(),
    };
    let head = nums(k, raw)?;
    let [kind, m, n, t] = head.as_slice() else {
        return Err(bad(k, raw));
    };
    if *kind != 1.0 {
        return Err(FormatError::Unsupported {
            what: format!("Cordeau 类型 {kind}（仅支持 1 = PVRP）"),
        });
    }
    let count = |x: f64| (x >= 1.0 && x.fract() == 0.0 && x <= 1e6).then_some(x as usize);
    let m = count(*m)
        .filter(|&m| m <= 1000)
        .ok_or_else(|| bad(k, raw))?;
    let header_line = k + 1;
    let customers = (*n >= 0.0 && n.fract() == 0.0 && *n <= 1e6)
        .then_some(*n as usize)
        .ok_or_else(|| bad(k, raw))?;
    let days = count(*t)
        .filter(|&d| d <= MAX_DAYS)
        .ok_or_else(|| bad(k, raw))?;
    let mut limits: Vec<(f64, i64)> = Vec::with_capacity(days);
    for _ in 0..days {
        let (k, raw) = lines.next().ok_or_else(|| missing("每天的 D Q 行"))?;
        match nums(k, raw)?.as_slice() {
            [d, q] if *d >= 0.0 && *q >= 0.0 => {
                limits.push((if *d == 0.0 { f64::INFINITY } else { *d }, *q as i64))
            }
            _ => return Err(bad(k, raw)),
        }
    }
    let mut points = Vec::new();
    let mut tasks = Vec::new();
    let mut rules = Vec::new();
    let mut ids = Vec::new();
    let mut warnings = Vec::new();
    let mut last_line = header_line;
    let all_days = if days >= 64 {
        u64::MAX
    } else {
        (1u64 << days) - 1
    };
    for (k, raw) in lines {
        if points.len() == customers + 1 {
            return Err(FormatError::Count {
                line: k + 1,
                what: "客户".into(),
                expected: customers,
                found: customers + 1 + lines_after(text, k),
            });
        }
        last_line = k + 1;
        let f = nums(k, raw)?;
        if f.len() < 7 {
            return Err(bad(k, raw));
        }
        let (id, x, y, service, demand, freq, a) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        if service < 0.0
            || demand < 0.0
            || id < 0.0
            || a < 0.0
            || a.fract() != 0.0
            || freq < 0.0
            || freq.fract() != 0.0
        {
            return Err(bad(k, raw));
        }
        let loc = points.len();
        points.push((x, y));
        if loc == 0 {
            continue; // the depot
        }
        let combos: Vec<u64> = f[7..].iter().map(|&c| c as u64).collect();
        if combos.len() != a as usize
            || f[7..].iter().any(|&c| c < 1.0 || c.fract() != 0.0)
            || combos.iter().any(|&c| c & !all_days != 0)
        {
            return Err(bad(k, raw));
        }
        let visits = combos.first().map_or(0, |c| c.count_ones());
        let same = combos.iter().all(|c| c.count_ones() == visits);
        if freq == 0.0 && visits == 1 && same {
            warnings.push(FormatWarning {
                line: k + 1,
                message: format!("客户 {id} 的频次为 0，但可选日期组合都是单日：按频次 1 读取"),
            });
        } else if !same || f64::from(visits) != freq {
            warnings.push(FormatWarning {
                line: k + 1,
                message: format!(
                    "客户 {id} 的频次 {freq} 与可选日期组合的天数不符：按日期组合读取"
                ),
            });
        }
        tasks.push(
            Task::visit(loc)
                .with_service(service)
                .with_demand(vec![demand as i64]),
        );
        rules.push(VisitRule::Combinations(
            combos.iter().map(|&c| day_mask(c, days)).collect(),
        ));
        ids.push(id as u64);
    }
    if points.is_empty() {
        return Err(missing("仓库与客户行"));
    }
    if points.len() != customers + 1 {
        return Err(FormatError::Count {
            line: last_line,
            what: "客户".into(),
            expected: customers,
            found: points.len() - 1,
        });
    }
    // one group of m vehicles per distinct (D, Q), working on the days that have it
    let mut vehicles = Vec::new();
    let mut vehicle_days = Vec::new();
    let mut groups: Vec<((f64, i64), u64)> = Vec::new();
    for (d, &l) in limits.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|(g, _)| g.0.to_bits() == l.0.to_bits() && g.1 == l.1)
        {
            Some((_, mask)) => *mask |= 1 << d,
            None => groups.push((l, 1 << d)),
        }
    }
    for ((dmax, q), mask) in groups {
        for _ in 0..m {
            let mut v = Vehicle::new(0).with_capacity(vec![q]);
            v.max_duration_s = dmax;
            vehicles.push(v);
            vehicle_days.push(mask);
        }
    }
    let base = Problem::new(
        Arc::new(PlaneCost::new(points, Metric::Euclidean)),
        tasks,
        vehicles,
    );
    Ok(PeriodicInstance {
        name: String::new(),
        problem: PeriodicProblem {
            base,
            days,
            rules,
            vehicle_days,
        },
        task_ids: ids,
        warnings,
    })
}

/// The solver's day mask (bit `d` = day `d + 1`) of a combination code over `days` days (a
/// `days`-digit binary number whose first digit is day 1).
///
/// ```
/// use zouhang::formats::cordeau::day_mask;
/// assert_eq!(day_mask(0b01100, 5), 0b00110); // days 2 and 3
/// assert_eq!(day_mask(0b10, 2), 0b01); // day 1 of 2
/// ```
pub fn day_mask(code: u64, days: usize) -> u64 {
    if days == 0 || days > 64 {
        return 0;
    }
    code.reverse_bits() >> (64 - days)
}

/// Non-empty lines after line index `k` (to report how many nodes a padded file holds).
fn lines_after(text: &str, k: usize) -> usize {
    text.lines()
        .skip(k + 1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_located() {
        assert!(matches!(read(""), Err(FormatError::Missing { .. })));
        assert!(matches!(
            read("2 1 1 1\n0 10\n"),
            Err(FormatError::Unsupported { .. })
        ));
        let e = read("1 1 1 2\n0 50\n0 50\n0 0 0 0 0 0 0\n1 3 4 1 5 1 1 4\n").unwrap_err();
        assert!(matches!(e, FormatError::Parse { line: 5, .. }), "{e:?}"); // combination beyond 2 days
        let e = read("1 1 1 2\n0 50\nx 50\n").unwrap_err();
        assert!(matches!(e, FormatError::Parse { line: 3, .. }), "{e:?}");
        let e = read("1 1 1 1\n0 50\n0 0 0 0 0 0 0\n1 3 4 1 5 1 2 1\n").unwrap_err();
        assert!(matches!(e, FormatError::Parse { line: 4, .. }), "{e:?}");
    }

    const HEAD: &str = "1 1 3 2\n0 50\n0 50\n0 0 0 0 0 0 0\n";

    #[test]
    fn frequency_zero_with_single_days_reads_as_one_with_a_located_warning() {
        let text = format!("{HEAD}1 3 4 1 5 1 2 1 2\n2 0 4 1 5 0 2 1 2\n3 1 1 0 5 2 1 3\n");
        let inst = read(&text).unwrap();
        assert_eq!(inst.task_ids, vec![1, 2, 3]);
        assert_eq!(inst.problem.rules[1], VisitRule::Combinations(vec![2, 1])); // codes 1 = 01 = day 2, 2 = 10 = day 1
        assert_eq!(inst.warnings.len(), 1, "{:?}", inst.warnings);
        let w = &inst.warnings[0];
        assert_eq!(w.line, 6);
        assert!(w.message.contains("频次 1"), "{w}");
        assert!(w.to_string().contains("第 6 行"), "{w}");
        // frequency 0 with a two-day combination: read by the combinations, warned as a mismatch
        let text = format!("{HEAD}1 3 4 1 5 1 2 1 2\n2 0 4 1 5 0 1 3\n3 1 1 0 5 2 1 3\n");
        let inst = read(&text).unwrap();
        assert_eq!(inst.problem.rules[1], VisitRule::Combinations(vec![3]));
        assert_eq!(inst.warnings.len(), 1);
        assert!(inst.warnings[0].message.contains("不符"));
        // negative or fractional frequencies are refused
        for f in ["-1", "0.5"] {
            let text = format!("{HEAD}1 3 4 1 5 1 2 1 2\n2 0 4 1 5 {f} 1 3\n3 1 1 0 5 2 1 3\n");
            let e = read(&text).unwrap_err();
            assert!(matches!(e, FormatError::Parse { line: 6, .. }), "{e:?}");
        }
    }

    #[test]
    fn node_count_must_match_the_header() {
        let full = format!("{HEAD}1 3 4 1 5 1 2 1 2\n2 0 4 1 5 1 2 1 2\n3 1 1 0 5 2 1 3\n");
        assert!(read(&full).is_ok());
        // one customer missing (the old defective copies): refused at the last line read
        let short = format!("{HEAD}1 3 4 1 5 1 2 1 2\n2 0 4 1 5 1 2 1 2\n\n");
        let e = read(&short).unwrap_err();
        assert_eq!(
            e,
            FormatError::Count {
                line: 6,
                what: "客户".into(),
                expected: 3,
                found: 2
            }
        );
        assert!(e.to_string().contains("第 6 行"), "{e}");
        // only the depot
        let e = read(HEAD).unwrap_err();
        assert!(matches!(e, FormatError::Count { found: 0, .. }), "{e:?}");
        // two nodes too many: refused at the first surplus line, nothing read in part
        let long = format!("{full}4 1 1 0 5 1 1 1\n 0 30 40 0 0 0 0\n");
        let e = read(&long).unwrap_err();
        assert_eq!(
            e,
            FormatError::Count {
                line: 8,
                what: "客户".into(),
                expected: 3,
                found: 5
            }
        );
        // a fractional or negative n is a parse error of line 1
        for head in ["1 1 2.5 2", "1 1 -3 2"] {
            let e = read(&format!("{head}\n0 50\n0 50\n0 0 0 0 0 0 0\n")).unwrap_err();
            assert!(matches!(e, FormatError::Parse { line: 1, .. }), "{e:?}");
        }
    }
}
