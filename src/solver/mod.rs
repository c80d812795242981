//! The route solver: multi-vehicle routing with shifts, time windows, skills, capacities,
//! optional tasks with prizes, different start and end depots, and arc tasks.
//!
//! * [`model`]: the [`Problem`] — tasks (visits or road segments), vehicles, the objective;
//!   [`validate`] checks it rule by rule.
//! * [`Search`]: the anytime, resumable search (step it with a [`Budget`], read
//!   [`Progress`], take [`Search::best_solution`] at any time; [`solve`] runs it to the end).
//!   The general engine is ruin and recreate in the spirit of SISR (Christiaens & Vanden Berghe
//!   2020, "Slack Induction by String Removals for Vehicle Routing Problems", Transportation
//!   Science 54(2)) with simulated-annealing acceptance and blink insertion, plus local search
//!   (relocate, swap, 2-opt, Or-opt, 2-opt* of Potvin & Rousseau 1995). A pure symmetric TSP
//!   goes to a dedicated iterated 2-opt/Or-opt engine.
//! * [`check`]: the independent checker every result goes through.
//! * [`periodic`]: periodic planning (visit days over a horizon, chosen jointly with the routes).
//! * [`api`]: serde request/response types for the browser and other callers.
//!
//! Time is one axis of seconds from 00:00 of the first day ([`clock_window`] turns
//! "20:00–04:00" into `[72000, 100800]`). The objective is lexicographic: serve every required
//! task, then as much prize as possible, then minimise the weighted distance and duration.

// Negated comparisons (`!(x <= limit)`) are deliberate throughout the solver: they reject NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod api;
mod checker;
mod clock;
mod config;
mod construction;
mod error;
mod fmath;
mod insertion;
mod instance;
mod local;
mod model;
mod output;
pub mod periodic;
mod reasons;
mod recreate;
mod rng;
mod route;
mod ruin;
mod search;
mod sisr;
mod solution;
mod state;
pub mod tsp;
mod validate;

#[doc(hidden)]
pub mod bench;

pub use checker::{check, CheckReport, RouteCheck, Violation};
pub use clock::{clock_s, clock_window, format_clock, parse_clock_window};
pub use config::{Budget, Control, HistoryPoint, Progress, SearchParams, SolverConfig};
pub use error::SolverError;
pub use model::{
    CostProfile, InitialRoute, InitialStep, Objective, Orientation, Problem, Task, TaskKind,
    TimeWindow, Vehicle,
};
pub use search::{solve, Search};
pub use solution::{Route, Solution, Step, Summary, Unassigned, UnassignedReason};
pub use validate::validate;
