//! Periodic CARP files (the format of N. Labadi, used with HGS-CARP): header lines `Name=…`,
//! `nbnodes=`, `nbarcs=`, `nbtasks=`, `nbnon_req=`, `nbtrucks=`, `capacity=`, `total_cost=`,
//! `Depot=`, then one line per directed arc `arc=k, From=u, to=v, Qty=q, Trav=c, Col=s, inv=j,
//! succ=…; freq=f, minspac=…, maxspac=…`. An edge appears as two arcs that name each other in
//! `inv`; the depot loop has `Qty=-1`; arcs with `Qty=0` are not required.
//!
//! As a periodic problem, following Chu, Labadi & Prins 2006 ("A scatter search for the periodic
//! capacitated arc routing problem", EJOR 169(2)): a horizon of 5 days, each required edge served
//! `freq` times on one of the day combinations that convention allows for its frequency (bit `k`
//! = day `k + 1`), `Trav` as deadheading cost, `Col` as service cost, demand `Qty` per visit,
//! `nbtrucks` vehicles of `capacity` each day. `minspac`/`maxspac` are ignored, as the format
//! says.

use super::carp::{arc_problem, RequiredEdge, MAX_VERTICES};
use super::{FormatError, GraphEdge};
use crate::solver::periodic::{PeriodicProblem, VisitRule};

/// Days of the PCARP horizon.
pub const PCARP_DAYS: usize = 5;

/// Allowed day combinations per frequency 1–5 (Chu, Labadi & Prins 2006).
const COMBINATIONS: [&[u64]; 5] = [
    &[16, 8, 4, 2, 1],
    &[20, 18, 17, 10, 9, 5],
    &[26, 25, 22, 21, 19, 13, 11],
    &[30, 29, 27, 23, 15],
    &[31],
];

/// A periodic arc-routing instance with the file's vertex ids.
#[derive(Debug, Clone)]
pub struct PeriodicArcInstance {
    /// Instance name.
    pub name: String,
    /// The problem: one arc task per required edge.
    pub problem: PeriodicProblem,
    /// File vertex ids `(From, to)` of each task.
    pub ends: Vec<(u64, u64)>,
}

/// Reads a PCARP file.
///
/// ```
/// let text = "Name= t\nnbnodes=2\nnbtrucks=1\ncapacity=5\nDepot=1\n\
/// arc=1, From=1, to=2, Qty=1, Trav=3, Col= 3, inv=2,succ=2; freq= 2, minspac= 1, maxspac= 1\n\
/// arc=2, From=2, to=1, Qty=1, Trav=3, Col= 3, inv=1,succ=1; freq= 2, minspac= 1, maxspac= 1\n";
/// let inst = zouhang::formats::pcarp::read(text).unwrap();
/// assert_eq!(inst.ends, vec![(1, 2)]);
/// assert_eq!(inst.problem.days, 5);
/// ```
pub fn read(text: &str) -> Result<PeriodicArcInstance, FormatError> {
    let mut name = String::new();
    let (mut n, mut trucks, mut capacity, mut depot): (
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    ) = (None, None, None, None);
    let mut required: Vec<RequiredEdge> = Vec::new();
    let mut rules = Vec::new();
    let mut ends = Vec::new();
    let mut other: Vec<GraphEdge> = Vec::new();
    for (k, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('!') {
            continue;
        }
        let bad = || FormatError::Parse {
            line: k + 1,
            text: raw.to_string(),
        };
        let pairs: Vec<(String, &str)> = line
            .split([',', ';'])
            .filter_map(|p| p.split_once('='))
            .map(|(a, b)| (a.trim().to_ascii_lowercase(), b.trim()))
            .collect();
        let Some((first, value)) = pairs.first() else {
            return Err(bad());
        };
        let int = |v: &str| v.parse::<i64>().map_err(|_| bad());
        if first != "arc" {
            match first.as_str() {
                "name" => name = value.to_string(),
                "nbnodes" => {
                    let nv = int(value)?;
                    if nv > MAX_VERTICES {
                        return Err(FormatError::Unsupported {
                            what: format!("第 {} 行：{nv} 个顶点（最多 {MAX_VERTICES}）", k + 1),
                        });
                    }
                    n = Some(nv);
                }
                "nbtrucks" => trucks = Some(int(value)?),
                "capacity" => capacity = Some(int(value)?),
                "depot" => depot = Some(int(value)?),
                _ => {}
            }
            continue;
        }
        let get = |key: &str| -> Result<i64, FormatError> {
            pairs
                .iter()
                .find(|(a, _)| a == key)
                .ok_or_else(bad)
                .and_then(|(_, v)| int(v))
        };
        let nv = n.ok_or_else(bad)?;
        let vertex = |x: i64| {
            if x >= 1 && x <= nv {
                Ok((x - 1) as usize)
            } else {
                Err(bad())
            }
        };
        let (arc, u, v, qty, trav, col, inv) = (
            get("arc")?,
            get("from")?,
            get("to")?,
            get("qty")?,
            get("trav")?,
            get("col")?,
            get("inv")?,
        );
        let (u, v) = (vertex(u)?, vertex(v)?);
        if trav < 0 || col < 0 {
            return Err(bad());
        }
        other.push(GraphEdge {
            u,
            v,
            cost: trav as f64,
            one_way: true,
        });
        if qty <= 0 || inv < arc {
            continue; // depot loop, not required, or the second direction of an edge
        }
        let freq = get("freq")?;
        let combos = usize::try_from(freq)
            .ok()
            .and_then(|f| f.checked_sub(1))
            .and_then(|i| COMBINATIONS.get(i))
            .ok_or_else(bad)?;
        ends.push((u as u64 + 1, v as u64 + 1));
        required.push(RequiredEdge {
            u,
            v,
            serve: col as f64,
            trav: trav as f64,
            demand: qty,
        });
        rules.push(VisitRule::Combinations(combos.to_vec()));
    }
    let missing = |what: &str| FormatError::Missing { what: what.into() };
    let n = n.ok_or_else(|| missing("nbnodes"))?;
    let depot = depot
        .filter(|&d| d >= 1 && d <= n)
        .ok_or_else(|| missing("Depot"))?;
    let capacity = capacity
        .filter(|&c| c >= 0)
        .ok_or_else(|| missing("capacity"))?;
    let trucks = trucks
        .filter(|&t| (1..=1000).contains(&t))
        .ok_or_else(|| missing("nbtrucks（1–1000）"))?;
    let base = arc_problem(
        n as usize,
        (depot - 1) as usize,
        &required,
        &other,
        capacity,
        trucks as usize,
    );
    Ok(PeriodicArcInstance {
        name,
        problem: PeriodicProblem::every_day(base, PCARP_DAYS, rules),
        ends,
    })
}
