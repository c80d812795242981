//! TSPLIB symmetric TSP files (Reinelt 1991): `NODE_COORD_SECTION` with `EUC_2D` (rounded with
//! `nint`), `CEIL_2D`, `ATT`, `GEO`, `MAN_2D`, `MAX_2D`, or `EXPLICIT` weights
//! (`FULL_MATRIX`, `UPPER_ROW`, `LOWER_ROW`, `UPPER_DIAG_ROW`, `LOWER_DIAG_ROW`).
//!
//! As a solver problem: one vehicle starting and ending at node 1, a task at every other node,
//! distance objective, no windows.

use std::sync::Arc;

use super::{BenchInstance, FormatError, Metric, PlaneCost};
use crate::model::CostMatrix;
use crate::solver::{CostProfile, Problem, Task, Vehicle};

/// Reads a TSPLIB file.
///
/// ```
/// let text = "NAME: tiny\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 0 4\nEOF\n";
/// let inst = zouhang::formats::tsplib::read(text).unwrap();
/// assert_eq!(inst.name, "tiny");
/// assert_eq!(inst.task_ids, vec![2, 3]);
/// assert_eq!(inst.problem.profiles[0].distance_m(0, 1), 5.0);
/// ```
pub fn read(text: &str) -> Result<BenchInstance, FormatError> {
    let mut name = String::new();
    let mut dim: Option<usize> = None;
    let mut weight_type = String::new();
    let mut weight_format = String::new();
    let mut coords: Vec<(u64, f64, f64)> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut section = "";
    for (k, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let bad = || FormatError::Parse {
            line: k + 1,
            text: raw.to_string(),
        };
        if line == "EOF" {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            let key = key.trim().to_ascii_uppercase();
            if key.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                let value = value.trim();
                section = "";
                match key.as_str() {
                    "NAME" => name = value.to_string(),
                    "TYPE" if !value.starts_with("TSP") => {
                        return Err(FormatError::Unsupported {
                            what: format!("TYPE {value}"),
                        })
                    }
                    "DIMENSION" => dim = Some(value.parse().map_err(|_| bad())?),
                    "EDGE_WEIGHT_TYPE" => weight_type = value.to_ascii_uppercase(),
                    "EDGE_WEIGHT_FORMAT" => weight_format = value.to_ascii_uppercase(),
                    _ => {}
                }
                continue;
            }
        }
        let upper = line.to_ascii_uppercase();
        if upper.ends_with("_SECTION") {
            section = match upper.as_str() {
                "NODE_COORD_SECTION" => "coords",
                "EDGE_WEIGHT_SECTION" => "weights",
                _ => "skip",
            };
            continue;
        }
        match section {
            "coords" => {
                let f: Vec<&str> = line.split_whitespace().collect();
                let [id, x, y, ..] = f.as_slice() else {
                    return Err(bad());
                };
                let id: u64 = id.parse().map_err(|_| bad())?;
                let x: f64 = x.parse().map_err(|_| bad())?;
                let y: f64 = y.parse().map_err(|_| bad())?;
                coords.push((id, x, y));
            }
            "weights" => {
                for v in line.split_whitespace() {
                    weights.push(v.parse().map_err(|_| bad())?);
                }
            }
            "skip" => {}
            _ => return Err(bad()),
        }
    }
    let n = dim.ok_or_else(|| FormatError::Missing {
        what: "DIMENSION".into(),
    })?;
    if n < 2 {
        return Err(FormatError::Missing {
            what: "至少 2 个节点".into(),
        });
    }
    let profile: CostProfile = if weight_type == "EXPLICIT" {
        Arc::new(explicit(n, &weight_format, &weights)?)
    } else {
        let metric = match weight_type.as_str() {
            "EUC_2D" => Metric::EucRounded,
            "CEIL_2D" => Metric::EucCeil,
            "ATT" => Metric::Att,
            "GEO" => Metric::Geo,
            "MAN_2D" => Metric::Manhattan,
            "MAX_2D" => Metric::Maximum,
            other => {
                return Err(FormatError::Unsupported {
                    what: format!("EDGE_WEIGHT_TYPE {other}"),
                })
            }
        };
        if coords.len() != n {
            return Err(FormatError::Missing {
                what: format!(
                    "NODE_COORD_SECTION 的 {n} 个节点（读到 {} 个）",
                    coords.len()
                ),
            });
        }
        coords.sort_by_key(|c| c.0);
        Arc::new(PlaneCost::new(
            coords.iter().map(|c| (c.1, c.2)).collect(),
            metric,
        ))
    };
    let ids: Vec<u64> = if coords.len() == n {
        coords.iter().map(|c| c.0).collect()
    } else {
        (1..=n as u64).collect()
    };
    let tasks = (1..n).map(Task::visit).collect();
    let problem = Problem::new(profile, tasks, vec![Vehicle::new(0)]);
    Ok(BenchInstance {
        name,
        problem,
        task_ids: ids.get(1..).map(<[u64]>::to_vec).unwrap_or_default(),
        depot_id: ids.first().copied(),
    })
}

/// A full matrix from an `EDGE_WEIGHT_SECTION`.
fn explicit(n: usize, format: &str, w: &[f64]) -> Result<CostMatrix, FormatError> {
    let mut m = vec![0.0; n * n];
    let mut it = w.iter().copied();
    let mut next = || {
        it.next().ok_or_else(|| FormatError::Missing {
            what: "EDGE_WEIGHT_SECTION 的全部数值".into(),
        })
    };
    let mut set = |i: usize, j: usize, v: f64| {
        m[i * n + j] = v;
        m[j * n + i] = v;
    };
    match format {
        "FULL_MATRIX" => {
            for i in 0..n {
                for j in 0..n {
                    let v = next()?;
                    if i <= j {
                        set(i, j, v);
                    }
                }
            }
        }
        "UPPER_ROW" => {
            (0..n).try_for_each(|i| (i + 1..n).try_for_each(|j| next().map(|v| set(i, j, v))))?
        }
        "LOWER_ROW" => {
            (0..n).try_for_each(|i| (0..i).try_for_each(|j| next().map(|v| set(i, j, v))))?
        }
        "UPPER_DIAG_ROW" => {
            (0..n).try_for_each(|i| (i..n).try_for_each(|j| next().map(|v| set(i, j, v))))?
        }
        "LOWER_DIAG_ROW" => {
            (0..n).try_for_each(|i| (0..=i).try_for_each(|j| next().map(|v| set(i, j, v))))?
        }
        other => {
            return Err(FormatError::Unsupported {
                what: format!("EDGE_WEIGHT_FORMAT {other}"),
            })
        }
    }
    for i in 0..n {
        m[i * n + i] = 0.0;
    }
    CostMatrix::new(n, m.clone(), m).ok_or_else(|| FormatError::Missing {
        what: "矩阵".into(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn explicit_lower_diag_matrix() {
        let text = "NAME: m\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: LOWER_DIAG_ROW\nEDGE_WEIGHT_SECTION\n0\n5 0\n7 9 0\nEOF\n";
        let inst = read(text).unwrap();
        let c = &inst.problem.profiles[0];
        assert_eq!(
            (c.distance_m(0, 1), c.distance_m(2, 0), c.distance_m(1, 2)),
            (5.0, 7.0, 9.0)
        );
        assert_eq!(inst.depot_id, Some(1));
    }

    #[test]
    fn errors_are_reported_not_panics() {
        assert!(matches!(
            read("NAME: x\n"),
            Err(FormatError::Missing { .. })
        ));
        assert!(matches!(
            read("TYPE: CVRP\n"),
            Err(FormatError::Unsupported { .. })
        ));
        let t = "DIMENSION: 2\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 x\n";
        assert!(matches!(read(t), Err(FormatError::Parse { line: 4, .. })));
        let t = "DIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n";
        assert!(matches!(read(t), Err(FormatError::Missing { .. })));
    }
}
