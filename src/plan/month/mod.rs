//! The monthly 走航 plan: the city plan's frequency rules turned into a calendar of runs, each
//! run routed on roads, with a compliance table rule by rule.
//!
//! - [`rules`]: the editable rule set (defaults = Suzhou 2023 plan), JSON in and out;
//! - [`calendar`]: months, episode ranges, weekdays;
//! - [`schedule`]: which days and vehicles carry the runs;
//! - [`targets`]: VOCs targets and the road-dust road selection (JSON; demo set);
//! - [`types`]: the request, the plan and its runs (the JSON contract);
//! - [`network`]: targets on the road network (loops around parks, required roads);
//! - [`build`]: targets → solver tasks, one problem for the month, solved and checked;
//! - [`runs`]: the solver's routes → runs with stops, kilometres, paths; coverage; route sheets;
//! - [`compliance`]: the table rule by rule.

pub mod build;
pub mod calendar;
pub mod compliance;
mod network;
pub mod rules;
mod runs;
pub mod schedule;
pub mod targets;
pub mod types;

pub use build::plan_month;
pub use compliance::ComplianceRow;
pub use network::demo_targets_on;
pub use rules::{MonthRules, RunType};
pub use targets::{demo_targets, MonthTargets};
pub use types::{
    Coverage, MonthError, MonthPlan, MonthProgress, MonthRequest, PlannedRun, RunStop, Score,
};
