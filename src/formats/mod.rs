//! Readers for the benchmark instance formats the solver is measured on: TSPLIB
//! ([`tsplib`]), Solomon VRPTW ([`solomon`]), CARPLIB arc routing ([`carp`]), Cordeau periodic VRP
//! ([`cordeau`]) and periodic CARP ([`pcarp`]). Each turns a file into a [`BenchInstance`]: a
//! solver [`Problem`] plus the file's own ids, following the format's cost convention.

pub mod carp;
pub mod cordeau;
pub mod graph;
pub mod pcarp;
pub mod plane;
pub mod solomon;
pub mod tsplib;

pub use graph::{GraphCost, GraphEdge};
pub use plane::{Metric, PlaneCost};

use crate::solver::Problem;

/// Why an instance file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormatError {
    /// A required part of the file is missing.
    #[error("实例文件缺少 {what}")]
    Missing {
        /// What is missing.
        what: String,
    },
    /// A line could not be read.
    #[error("实例文件第 {line} 行无法解析：{text}")]
    Parse {
        /// 1-based line number.
        line: usize,
        /// The line.
        text: String,
    },
    /// The file uses a feature this reader does not support.
    #[error("不支持的实例格式：{what}")]
    Unsupported {
        /// The feature.
        what: String,
    },
}

/// A benchmark instance as a solver problem.
#[derive(Debug, Clone)]
pub struct BenchInstance {
    /// Instance name (from the file, or the file name).
    pub name: String,
    /// The problem.
    pub problem: Problem,
    /// The file's id of each task (TSPLIB node id, Solomon `CUST NO.`).
    pub task_ids: Vec<u64>,
    /// The file's id of the depot, when routes list it (TSPLIB: node 1 starts the tour).
    pub depot_id: Option<u64>,
}

impl BenchInstance {
    /// Routes of a solution in the file's ids (with the depot first when the format lists it).
    pub fn route_ids(&self, solution: &crate::solver::Solution) -> Vec<Vec<u64>> {
        solution
            .routes
            .iter()
            .map(|r| {
                self.depot_id
                    .into_iter()
                    .chain(
                        r.steps
                            .iter()
                            .filter_map(|s| self.task_ids.get(s.task).copied()),
                    )
                    .collect()
            })
            .collect()
    }
}
