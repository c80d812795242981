//! Straw-burning patrol dispatch (秸秆禁烧巡查派单).
//!
//! During the harvest weeks satellite fire points (NASA FIRMS MODIS/VIIRS, JAXA Himawari) and
//! points reported by drones, tower cameras and phone calls arrive several times a day. The
//! bureau sends town and district patrol teams to verify them on the ground within 24 hours and
//! records what was found. This module is that workflow, in five steps:
//!
//! 1. [`filter_detections`]: keep the detections inside a time window, above a confidence and
//!    inside the jurisdiction ([`Jurisdiction`]: GeoJSON polygons or the map view's box);
//! 2. [`cluster_incidents`]: merge repeated detections of one fire into an [`Incident`]
//!    (transitive clustering within 1 km and 12 h by default, through an R-tree);
//! 3. [`prioritise`]: an additive, explained [`Priority`] per incident: ban zones around
//!    expressways, railways, national/provincial roads and airports (through a
//!    [`CorridorSource`]), night, fire radiative power, confidence, harvest peaks, national
//!    control stations; weights in [`PrioritySettings`];
//! 4. [`dispatch`]: teams ([`read_teams`]) with bases and shifts visit incidents as a
//!    prize-collecting multi-depot problem with time windows (priority first); what cannot be
//!    reached is listed with a reason; [`ReplanState`] re-plans mid-shift keeping each team's
//!    current target;
//! 5. [`Verification`] records and the [`daily_summary`] table.
//!
//! [`StrawState`] is one browser session of these steps; its computed part is kept across
//! reloads as a [`StrawSnapshot`].
//!
//! [`StrawRequest`] / [`run_straw`] tie the steps together for the command line and the browser.
//! `docs/STRAW.md` documents the rules, weights and algorithms.

mod corridors;
mod dispatch;
mod error;
mod incidents;
mod jurisdiction;
mod manual;
mod priority;
mod session;
mod snapshot;
mod state;
mod teams;
mod verification;

pub use corridors::{
    CorridorClass, CorridorHit, CorridorLayer, CorridorSource, NoCorridors, CORRIDOR_SEARCH_M,
    DEMO_CORRIDORS_GEOJSON,
};
pub use dispatch::{
    check_solution, dispatch, schedule, DispatchInput, DispatchPlan, DispatchProgress, DispatchRun,
    DispatchSettings, GreedySolver, PcProblem, PcSolution, PcTask, PcVehicle,
    PrizeCollectingSolver, ReplanState, RouteSolver, RouteStop, Schedule, ShiftChoice,
    SolverChoice, TeamRoute, UnassignedIncident, UnassignedReason, VehicleState, GREEDY_SOLVER,
    ROUTE_SOLVER,
};
pub use error::StrawError;
pub use incidents::{
    cluster_incidents, filter_detections, ClusterSettings, FilterReport, FireFilter, Incident,
};
pub use jurisdiction::{Jurisdiction, DEMO_JURISDICTION_GEOJSON};
pub use manual::parse_manual_points;
pub use priority::{
    is_night, prioritise, DayWindow, MonthDay, Priority, PriorityContext, PriorityLevel,
    PrioritySettings, Reason, Tier,
};
pub use session::{
    run_straw, score_incidents, straw_plan_document, DetectionView, IncidentView, ScoredIncident,
    StrawData, StrawOutcome, StrawRequest, StrawSettings,
};
pub use snapshot::{StrawSnapshot, STRAW_SNAPSHOT_VERSION};
pub use state::{FireFileInfo, IncidentsOutcome, PlanOutcome, StrawState};
pub use teams::{read_teams, Team, TeamsImport, DEMO_TEAMS_CSV};
pub use verification::{
    daily_summary, daily_summary_csv, is_key_case, validate_verification, verifications_csv,
    FindingKind, KeyCaseThresholds, SummaryRow, Verification,
};
