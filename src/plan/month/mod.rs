//! The monthly 走航 plan: the city plan's frequency rules turned into a calendar of runs, each
//! run routed on roads, with a compliance table rule by rule.
//!
//! - [`rules`]: the editable rule set (defaults = Suzhou 2023 plan), JSON in and out;
//! - [`calendar`]: months, episode ranges, weekdays;
//! - [`schedule`]: which days and vehicles carry the runs.

pub mod calendar;
pub mod rules;
pub mod schedule;
