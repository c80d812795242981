//! Dispatch: teams visit incidents, highest priority first, within their shifts.
//!
//! Each vehicle of each team on the chosen shift is one route from the team's base back to it
//! (or, when re-planning, from where the vehicle is now). Each incident is an optional task
//! with its priority score as the prize, a verification time on site (default 20 minutes) and
//! a ready time (its first detection: nobody can be sent before a fire is seen). Travel runs
//! along the roads when a road network is loaded ([`DispatchRun::with_roads`]: fastest routes at
//! the roads' class speeds; a point the network cannot reach falls back to the estimate for its
//! pairs), and is otherwise estimated by [`StraightLine`](crate::model::StraightLine)
//! (great-circle distance × 1.3 at a patrol speed of 40 km/h by default).
//!
//! The routing problem itself ([`PcProblem`]) is solved by a [`PrizeCollectingSolver`]; by
//! default the [`RouteSolver`] of `route.rs` (the route solver [`crate::solver::Search`] with
//! priorities as prizes, started from the greedy routes), or on request
//! ([`SolverChoice::Greedy`], `--solver greedy`) the [`GreedySolver`] of `greedy.rs`
//! (priority-first cheapest insertion with 2-opt). Every incident left out gets a reason
//! ([`UnassignedReason`]) and a Chinese explanation.
//!
//! **Re-planning mid-shift** ([`ReplanState`]): at time `now`, each vehicle starts from its
//! reported position; the incident it is driving to is locked as its first stop and cannot be
//! taken away or given to another team; incidents already verified are left out.

mod greedy;
mod plan;
mod problem;
mod replan;
mod route;
mod run;
mod settings;

pub use greedy::{GreedySolver, GREEDY_SOLVER};
pub use plan::{DispatchPlan, DispatchProgress, RouteStop, TeamRoute, UnassignedIncident};
pub use problem::{
    check_solution, schedule, PcProblem, PcSolution, PcTask, PcVehicle, PrizeCollectingSolver,
    Schedule, UnassignedReason,
};
pub use replan::{ReplanState, VehicleState};
pub use route::{RouteSolver, ROUTE_SOLVER};
pub use run::{dispatch, DispatchInput, DispatchRun};
pub use settings::{DispatchSettings, ShiftChoice, SolverChoice};
