//! Solomon VRPTW files (Solomon 1987; also Gehring & Homberger): `VEHICLE NUMBER CAPACITY`,
//! then `CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME`, customer 0 being
//! the depot.
//!
//! As a solver problem, following the distance-minimising convention: plain Euclidean distances
//! (not rounded), travel time equal to distance, service times counted in time only, windows on
//! the start of service, the depot's window as every vehicle's shift, capacity enforced, and up
//! to `NUMBER` vehicles.

use std::sync::Arc;

use super::{BenchInstance, FormatError, Metric, PlaneCost};
use crate::solver::{Problem, Task, TimeWindow, Vehicle};

/// Reads a Solomon file.
///
/// ```
/// let text = "T1\n\nVEHICLE\nNUMBER     CAPACITY\n  2         10\n\nCUSTOMER\n\
/// CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\
///  0 0 0 0 0 100 0\n 1 3 4 5 0 50 10\n 7 0 4 5 10 60 10\n";
/// let inst = zouhang::formats::solomon::read(text).unwrap();
/// assert_eq!(inst.name, "T1");
/// assert_eq!(inst.task_ids, vec![1, 7]);
/// assert_eq!(inst.problem.vehicles.len(), 2);
/// assert_eq!(inst.problem.tasks[1].windows[0].start_s, 10.0);
/// ```
pub fn read(text: &str) -> Result<BenchInstance, FormatError> {
    let mut lines = text.lines().enumerate();
    let name = lines
        .by_ref()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string();
    let mut fleet: Option<(usize, i64)> = None;
    let mut rows: Vec<[f64; 7]> = Vec::new();
    for (k, raw) in lines {
        let f: Vec<&str> = raw.split_whitespace().collect();
        if f.is_empty() || f.iter().any(|w| w.chars().any(|c| c.is_ascii_alphabetic())) {
            continue;
        }
        let bad = || FormatError::Parse {
            line: k + 1,
            text: raw.to_string(),
        };
        let nums: Vec<f64> = f
            .iter()
            .map(|w| w.parse::<f64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        match (fleet, nums.as_slice()) {
            (None, [number, capacity]) => fleet = Some((*number as usize, *capacity as i64)),
            (Some(_), [a, b, c, d, e, g, h]) => rows.push([*a, *b, *c, *d, *e, *g, *h]),
            _ => return Err(bad()),
        }
    }
    let (number, capacity) = fleet.ok_or_else(|| FormatError::Missing {
        what: "VEHICLE NUMBER/CAPACITY".into(),
    })?;
    let Some(depot) = rows.first().copied() else {
        return Err(FormatError::Missing {
            what: "CUSTOMER 数据".into(),
        });
    };
    let points = rows.iter().map(|r| (r[1], r[2])).collect();
    let tasks = rows
        .iter()
        .enumerate()
        .skip(1)
        .map(|(loc, r)| {
            Task::visit(loc)
                .with_demand(vec![r[3] as i64])
                .with_windows(vec![TimeWindow::new(r[4], r[5])])
                .with_service(r[6])
        })
        .collect();
    let shift = TimeWindow::new(depot[4], depot[5]);
    let vehicles = (0..number)
        .map(|_| {
            Vehicle::new(0)
                .with_shift(shift)
                .with_capacity(vec![capacity])
        })
        .collect();
    let problem = Problem::new(
        Arc::new(PlaneCost::new(points, Metric::Euclidean)),
        tasks,
        vehicles,
    );
    Ok(BenchInstance {
        name,
        problem,
        task_ids: rows.iter().skip(1).map(|r| r[0] as u64).collect(),
        depot_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error() {
        assert!(read("").is_err());
        assert!(read("X\nVEHICLE\n1 2 3\n").is_err());
        assert!(read("X\n 3 100\n 0 1 2\n").is_err());
    }
}
