//! 双随机、一公开: a reproducible, auditable random draw of enterprises and inspection teams.
//!
//! "一单两库" means a list of inspection items, a register of inspected entities and a register
//! of inspectors; both entities and inspectors are drawn by lot, teams have at least two
//! inspectors, inspectors with a conflict are excluded, and the published seed and algorithm
//! must reproduce the same list. This module is that algorithm, specified in `docs/DRAW.md`
//! precisely enough to re-implement (`scripts/draw_reference.py` does, in Python):
//!
//! 1. **Registers** ([`EnterpriseRegister`], [`InspectorRegister`]) are identified by the
//!    SHA-256 of a canonical form that ignores encoding, line ends, column and row order.
//! 2. **Strata**: class (重点/特殊/一般) × district, quotas from [`DrawRules`] by integer
//!    arithmetic (`ceil(n × num / den)`).
//! 3. **Random stream** ([`DrawStream`]): SHA-256 in counter mode over the seed text, the two
//!    register fingerprints and a label; unbiased integers by rejection.
//! 4. **Enterprises**: a partial Fisher–Yates shuffle of each stratum sorted by id.
//! 5. **Teams**: the drawn enterprises are split by recursive coordinate bisection into balanced
//!    groups of nearby enterprises, each listed in Hilbert-curve order (deterministic); each
//!    group's inspectors are drawn by lot among those without a conflict, never leaving a later
//!    group impossible to staff.
//! 6. **Routes** ([`plan_routes`]): each team's enterprises ordered into its working days by a
//!    [`TeamRouter`] — by default [`SolverRouter`] (the route solver, a vehicle per working day,
//!    seeded from the draw, a fixed iteration count), or the simpler [`InterimRouter`] (nearest
//!    neighbour + 2-opt, optimal day split) — and checked independently. Routes are not part of
//!    the draw: they do not change what was drawn or its audit record.
//!
//! No floating point, no hash-map order, no clock: [`draw`] is a pure function, and the browser
//! (wasm32) and the command line give byte-identical JSON. The draw time of the audit record
//! ([`AuditRecord`]) is passed in by the adapter.

mod audit;
mod error;
mod export;
mod hilbert;
mod matching;
mod register;
mod router;
mod routes;
mod rules;
mod run;
mod solver_router;
mod strata;
mod stream;
mod teams;

pub use audit::{verify_audit, AuditRecord, AUDIT_FORMAT};
pub use error::DrawError;
pub use export::{audit_csv, draw_json, enterprises_csv, inspectors_csv, result_csv};
pub use hilbert::hilbert_index;
pub use register::{
    canonical_enterprises, canonical_inspectors, demo_registers, escape_field, format_e6,
    sha256_hex, to_e6, ClassCounts, DistrictCount, EnterpriseRegister, Inspector,
    InspectorRegister, Register, RegisterEnterprise, RegisterSummary,
};
pub use router::{
    nearest_neighbour, route_travel_s, split_tour, two_opt, DayLimits, InterimRouter, TeamRouter,
};
pub use routes::{plan_routes, InspectionRoutes, RouteRequest, RouterChoice};
pub use rules::{
    Allocation, ClassRule, ClassRules, DrawRules, Period, Ratio, RatioError, MAX_RATIO_TERM,
};
pub use run::{draw, DrawRequest, DrawResult, RegisterIds};
pub use solver_router::{SolverRouter, SOLVER_ITERATIONS};
pub use strata::Stratum;
pub use stream::{normalise_seed, DrawStream, ALGORITHM_VERSION, SEED_TRIM};
pub use teams::Team;
