//! The workflows built on the core: station surroundings, …
//!
//! Each workflow takes plain inputs (layers, a query or request) and returns plain serde-ready
//! results; the adapters (browser, CLI) only convert.

pub mod draw;
pub mod field;
pub mod month;
pub mod straw;
mod surroundings;

pub use surroundings::{
    surroundings, with_road_distances, CategoryCount, PlanError, SurroundingSource, Surroundings,
    SurroundingsQuery, DEFAULT_RINGS_KM,
};
