//! The monthly 走航 plan: the city plan's frequency rules turned into a calendar of runs, each
//! run routed on roads, with a compliance table rule by rule.
//!
//! - [`rules`]: the editable rule set (defaults = Suzhou 2023 plan), JSON in and out;
//! - [`calendar`]: months, episode ranges, weekdays;
//! - [`schedule`]: which days and vehicles carry the runs;
//! - [`targets`]: VOCs targets and the road-dust road selection (JSON; demo set);
//! - [`build`]: targets → solver tasks on the road network, one problem for the month, runs;
//! - [`compliance`]: the table rule by rule.

pub mod build;
pub mod calendar;
pub mod compliance;
pub mod rules;
pub mod schedule;
pub mod targets;

pub use build::{
    demo_targets_on, plan_month, Coverage, MonthError, MonthPlan, MonthProgress, MonthRequest,
    PlannedRun, RunStop, Score,
};
pub use compliance::ComplianceRow;
pub use rules::{MonthRules, RunType};
pub use targets::{demo_targets, MonthTargets};
