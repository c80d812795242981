//! Domain types shared by every workflow.
//!
//! These are plain data; the serde types that files and JSON use live in [`crate::io`] and are
//! converted explicitly.

mod cost;
mod ids;
mod lonlat;
mod plan_doc;
mod site;

pub use cost::{CostMatrix, StraightLine, TravelCost, DEFAULT_DETOUR_FACTOR};
pub use ids::{NodeId, SiteId};
pub use lonlat::LonLat;
pub use plan_doc::{PlanDocument, RouteSheet, SheetStop, PLAN_DOCUMENT_VERSION};
pub use site::{
    DayNight, EmissionClass, FireDetection, FireSource, Source, SourceCategory, SourceKind,
    Station, Supervision,
};
