//! The serde facade over the solver for the browser and other JSON callers: a
//! [`SolveRequest`] (stops, vehicles, options, initial routes with locks) is converted
//! explicitly into a [`crate::solver::Problem`]; a [`Session`] steps the search and answers
//! with a [`SolveResponse`] (routes with times, unassigned stops with reasons, totals, the
//! checker's verdict, the best-cost curve).
//!
//! Request (every field but the ids and coordinates is optional):
//! ```json
//! {"stops": [{"id": "企业A", "lon": 120.62, "lat": 31.31, "service_s": 600,
//!             "windows": [["08:00", "12:00"], ["14:00", "17:00"]], "required": true,
//!             "prize": 1, "skills": ["VOCs"], "demand": [1], "vehicles": ["车1"]},
//!            {"id": "路段7", "lon": 120.60, "lat": 31.28, "to": {"lon": 120.61, "lat": 31.28},
//!             "one_way": false, "length_m": 950}],
//!  "vehicles": [{"id": "车1", "start": {"lon": 120.6, "lat": 31.3}, "end": {"lon": 120.6, "lat": 31.3},
//!                "shift": ["20:00", "04:00"], "max_duration_s": 28800, "max_distance_m": 150000,
//!                "capacity": [10], "skills": ["VOCs"], "speed_kmh": 30, "fixed_cost": 0}],
//!  "options": {"time_limit_ms": 2000, "seed": 1, "objective": "distance"},
//!  "initial_routes": [{"vehicle": "车1", "stops": ["企业A", {"id": "路段7", "lock": "position"}]}]}
//! ```
//! `lock` is `"route"` (stays on this vehicle) or `"position"` (stays on this vehicle and keeps
//! its order among the position-locked stops); unlocked stops of initial routes are the
//! starting point and may move.

mod convert;
mod request;
mod response;
mod session;

pub use convert::{convert, convert_with_cost, locations, Converted, DEFAULT_KMH, REFERENCE_KMH};
pub use request::{
    InitialRouteIn, InitialStopIn, LockIn, ObjectiveIn, OptionsIn, PointIn, SolveRequest, StopIn,
    TimeIn, VehicleIn,
};
pub use response::{CheckOut, RouteOut, SolveResponse, StopOut, SummaryOut, UnassignedOut};
pub use session::{solve_request, validate_request, Session};
