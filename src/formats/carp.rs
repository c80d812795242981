//! CARPLIB arc-routing files (Universitat de València; gdb, val/bccm, egl sets): header lines
//! `NOMBRE : …`, `VERTICES : n`, `ARISTAS_REQ : r`, `ARISTAS_NOREQ : s`, `VEHICULOS : k`,
//! `CAPACIDAD : Q`, then `LISTA_ARISTAS_REQ` with `( u, v) coste c demanda q` lines,
//! `LISTA_ARISTAS_NOREQ` with `( u, v) coste c` lines, and `DEPOSITO : d`.
//!
//! As a solver problem ([`ArcInstance`]): the graph's vertices are the locations, deadheading
//! follows all-pairs shortest paths ([`GraphCost`]), every required edge is an arc task served in
//! either direction whose length is its cost, capacity `Q` is enforced, the objective is the
//! total cost (service + deadhead, integers). `VEHICULOS` is a lower bound on the fleet in
//! CARPLIB, not a limit: the reader offers twice as many vehicles (at least one more).
//! `COMENTARIO` (an old upper bound) is ignored.

use std::sync::Arc;

use super::{FormatError, GraphCost, GraphEdge};
use crate::solver::{Problem, Solution, Task, Vehicle};

/// Largest graph the readers accept (all-pairs shortest paths take O(n²) memory, O(n³) time).
pub const MAX_VERTICES: i64 = 2000;

/// An arc-routing instance as a solver problem, with the file's vertex ids.
#[derive(Debug, Clone)]
pub struct ArcInstance {
    /// Instance name.
    pub name: String,
    /// The problem: locations are vertices `0..n` (file id − 1), one arc task per required edge.
    pub problem: Problem,
    /// File vertex ids `(u, v)` of each task, as listed.
    pub ends: Vec<(u64, u64)>,
}

impl ArcInstance {
    /// Routes as lists of required edges `[from, to]` in service direction (file vertex ids).
    pub fn route_edges(&self, solution: &Solution) -> Vec<Vec<[u64; 2]>> {
        solution
            .routes
            .iter()
            .map(|r| {
                r.steps
                    .iter()
                    .filter_map(|s| {
                        let &(u, v) = self.ends.get(s.task)?;
                        Some(if s.reversed { [v, u] } else { [u, v] })
                    })
                    .collect()
            })
            .collect()
    }
}

/// Service and deadhead lengths of a solution: served = sum of the served arcs' lengths,
/// deadhead = total distance − served.
pub fn served_and_deadhead(problem: &Problem, solution: &Solution) -> (f64, f64) {
    let total: f64 = solution.routes.iter().map(|r| r.distance_m).sum();
    let served: f64 = solution
        .routes
        .iter()
        .flat_map(|r| &r.steps)
        .filter_map(|s| problem.tasks.get(s.task)?.orientation(s.reversed))
        .map(|o| o.serve_distance_m)
        .sum();
    (served, total - served)
}

/// A required edge as read: ends (0-based), service cost, deadhead cost, demand.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequiredEdge {
    pub u: usize,
    pub v: usize,
    pub serve: f64,
    pub trav: f64,
    pub demand: i64,
}

/// Builds the arc-routing problem on `n` vertices: shortest paths over all edges, one arc task
/// per required edge, `vehicles` vehicles of `capacity` at `depot`.
pub(crate) fn arc_problem(
    n: usize,
    depot: usize,
    required: &[RequiredEdge],
    other: &[GraphEdge],
    capacity: i64,
    vehicles: usize,
) -> Problem {
    let edges: Vec<GraphEdge> = required
        .iter()
        .map(|e| GraphEdge {
            u: e.u,
            v: e.v,
            cost: e.trav,
            one_way: false,
        })
        .chain(other.iter().copied())
        .collect();
    let graph = GraphCost::new(n, &edges);
    let tasks = required
        .iter()
        .map(|e| Task::arc(e.u, e.v, e.serve, e.serve, false).with_demand(vec![e.demand]))
        .collect();
    let fleet = (0..vehicles.max(1))
        .map(|_| Vehicle::new(depot).with_capacity(vec![capacity]))
        .collect();
    Problem::new(Arc::new(graph), tasks, fleet)
}

/// Reads a CARPLIB file.
///
/// ```
/// let text = "NOMBRE : tiny\nVERTICES : 3\nARISTAS_REQ : 2\nARISTAS_NOREQ : 1\nVEHICULOS : 1\n\
/// CAPACIDAD : 5\nLISTA_ARISTAS_REQ :\n ( 1, 2) coste 4 demanda 2\n ( 2, 3) coste 3 demanda 2\n\
/// LISTA_ARISTAS_NOREQ :\n ( 3, 1) coste 5\nDEPOSITO : 1\n";
/// let inst = zouhang::formats::carp::read(text).unwrap();
/// assert_eq!(inst.name, "tiny");
/// assert_eq!(inst.ends, vec![(1, 2), (2, 3)]);
/// assert_eq!(inst.problem.profiles[0].distance_m(0, 2), 5.0);
/// ```
pub fn read(text: &str) -> Result<ArcInstance, FormatError> {
    let mut name = String::new();
    let mut header: [Option<i64>; 5] = [None; 5]; // vertices, req, noreq, vehicles, capacity
    let mut depot: Option<usize> = None;
    let mut required: Vec<RequiredEdge> = Vec::new();
    let mut other: Vec<GraphEdge> = Vec::new();
    let mut ends = Vec::new();
    let mut section = 0u8; // 1: required, 2: not required
    for (k, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let bad = || FormatError::Parse {
            line: k + 1,
            text: raw.to_string(),
        };
        if line.starts_with('(') {
            let words: Vec<&str> = line
                .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
                .filter(|w| !w.is_empty())
                .collect();
            let n = header[0].ok_or_else(bad)?;
            let vertex = |w: &str| -> Result<usize, FormatError> {
                match w.parse::<i64>() {
                    Ok(x) if x >= 1 && x <= n => Ok((x - 1) as usize),
                    _ => Err(bad()),
                }
            };
            let number = |w: &str| -> Result<f64, FormatError> {
                match w.parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
                    _ => Err(bad()),
                }
            };
            match (section, words.as_slice()) {
                (1, [u, v, c, cost, d, q])
                    if c.eq_ignore_ascii_case("coste") && d.eq_ignore_ascii_case("demanda") =>
                {
                    let (u, v, cost) = (vertex(u)?, vertex(v)?, number(cost)?);
                    let q = q.parse::<i64>().ok().filter(|&q| q >= 0).ok_or_else(bad)?;
                    ends.push((u as u64 + 1, v as u64 + 1));
                    required.push(RequiredEdge {
                        u,
                        v,
                        serve: cost,
                        trav: cost,
                        demand: q,
                    });
                }
                (2, [u, v, c, cost, ..]) if c.eq_ignore_ascii_case("coste") => {
                    other.push(GraphEdge {
                        u: vertex(u)?,
                        v: vertex(v)?,
                        cost: number(cost)?,
                        one_way: false,
                    })
                }
                _ => return Err(bad()),
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(bad());
        };
        let (key, value) = (key.trim().to_ascii_uppercase(), value.trim());
        let int = || -> Result<i64, FormatError> {
            value
                .split_whitespace()
                .next()
                .and_then(|w| w.parse::<i64>().ok())
                .filter(|&x| x >= 0)
                .ok_or_else(bad)
        };
        match key.as_str() {
            "NOMBRE" => name = value.to_string(),
            "VERTICES" => {
                let n = int()?;
                if n > MAX_VERTICES {
                    return Err(FormatError::Unsupported {
                        what: format!("第 {} 行：{n} 个顶点（最多 {MAX_VERTICES}）", k + 1),
                    });
                }
                header[0] = Some(n);
            }
            "ARISTAS_REQ" => header[1] = Some(int()?),
            "ARISTAS_NOREQ" => header[2] = Some(int()?),
            "VEHICULOS" => header[3] = Some(int()?),
            "CAPACIDAD" => header[4] = Some(int()?),
            "LISTA_ARISTAS_REQ" => section = 1,
            "LISTA_ARISTAS_NOREQ" => section = 2,
            "DEPOSITO" => {
                let d = int()?;
                match header[0] {
                    Some(n) if d >= 1 && d <= n => depot = Some((d - 1) as usize),
                    _ => return Err(bad()),
                }
                section = 0;
            }
            "TIPO_COSTES_ARISTAS" if !value.eq_ignore_ascii_case("EXPLICITOS") => {
                return Err(FormatError::Unsupported {
                    what: format!("TIPO_COSTES_ARISTAS {value}"),
                })
            }
            _ => {}
        }
    }
    let missing = |what: &str| FormatError::Missing { what: what.into() };
    let n = header[0].ok_or_else(|| missing("VERTICES"))? as usize;
    let capacity = header[4].ok_or_else(|| missing("CAPACIDAD"))?;
    let depot = depot.ok_or_else(|| missing("DEPOSITO"))?;
    if header[1].is_some_and(|r| r as usize != required.len()) {
        return Err(missing(&format!(
            "LISTA_ARISTAS_REQ 中的 {} 条必经边（实际 {} 条）",
            header[1].unwrap_or(0),
            required.len()
        )));
    }
    if header[2].is_some_and(|r| r as usize != other.len()) {
        return Err(missing(&format!(
            "LISTA_ARISTAS_NOREQ 中的 {} 条边（实际 {} 条）",
            header[2].unwrap_or(0),
            other.len()
        )));
    }
    let k = header[3].unwrap_or(1).clamp(1, 10_000) as usize;
    let fleet = (2 * k).max(k + 1).min(required.len().max(1));
    Ok(ArcInstance {
        name,
        problem: arc_problem(n, depot, &required, &other, capacity, fleet),
        ends,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_located() {
        let head = "NOMBRE : x\nVERTICES : 2\nARISTAS_REQ : 1\nARISTAS_NOREQ : 0\nCAPACIDAD : 3\nLISTA_ARISTAS_REQ :\n";
        let e = read(&format!("{head} ( 1, 3) coste 4 demanda 1\nDEPOSITO : 1\n")).unwrap_err();
        assert!(matches!(e, FormatError::Parse { line: 7, .. }), "{e:?}");
        let e = read(&format!("{head} ( 1, 2) coste x demanda 1\nDEPOSITO : 1\n")).unwrap_err();
        assert!(matches!(e, FormatError::Parse { line: 7, .. }), "{e:?}");
        assert!(matches!(
            read(&format!("{head} ( 1, 2) coste 4 demanda 1\n")),
            Err(FormatError::Missing { .. })
        ));
        assert!(read("").is_err());
        assert!(read(&format!("{head}DEPOSITO : 1\n")).is_err());
    }
}
