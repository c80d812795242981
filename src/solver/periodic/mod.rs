//! Periodic planning: a horizon of days, a visit rule per task (allowed day combinations as in
//! Cordeau, Gendreau & Laporte 1997, "A tabu search heuristic for periodic and multi-depot
//! vehicle routing problems", Networks 30(2); or a spacing rule; or one visit per part of the
//! horizon), a calendar of working days per vehicle. Visit days and each day's routes are chosen
//! jointly by one search over all days ([`PeriodicSearch`]); tasks may be visits or arcs, so the
//! periodic CARP (Chu, Labadi & Prins 2006) is the same problem with arc tasks.
//!
//! [`check_periodic`] is the independent checker; [`Feasibility`] holds what is proven before
//! searching (tasks no vehicle can serve alone, capacity bounds that fail).

mod bounds;
mod checker;
mod expand;
mod model;
mod search;

pub use bounds::{BoundKind, Feasibility, PeriodicBound, TaskObstacle};
pub use checker::{check_periodic, PeriodicCheck};
pub use model::{DayRoutes, PeriodicProblem, PeriodicSolution, VisitRule, MAX_DAYS};
pub use search::{prove_periodic, solve_periodic, PeriodicSearch};
