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
    /// The file holds a different number of records than its header announces (a truncated or
    /// padded file is refused rather than read in part).
    #[error(
        "实例文件第 {line} 行：首行声明 {expected} 个{what}，文件中有 {found} 个；文件不完整或有多余行，请核对原始文件"
    )]
    Count {
        /// 1-based line: the first surplus line, or the last line read when records are missing.
        line: usize,
        /// What is counted (客户, …).
        what: String,
        /// The header's count.
        expected: usize,
        /// Records found.
        found: usize,
    },
    /// The file uses a feature this reader does not support.
    #[error("不支持的实例格式：{what}")]
    Unsupported {
        /// The feature.
        what: String,
    },
}

/// Something a reader corrected or ignored, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormatWarning {
    /// 1-based line number.
    pub line: usize,
    /// What was read differently from the text, and why.
    pub message: String,
}

impl std::fmt::Display for FormatWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "实例文件第 {} 行：{}", self.line, self.message)
    }
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
