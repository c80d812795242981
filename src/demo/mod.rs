//! Demo data made by seeded generators, so that the default app has something real-looking to
//! plan with. Everything generated here is labelled as demo data in its names and ids; the same
//! seed always gives the same output.

mod enterprises;
mod inspectors;
mod plan;
mod rng;
mod straw;

pub use enterprises::{demo_enterprises, demo_enterprises_csv, DEMO_SEED, PARK_ANCHORS};
pub use inspectors::{
    demo_inspectors, demo_inspectors_csv, ENTERPRISES_DEMO_COUNT, INSPECTORS_DEMO_COUNT,
    INSPECTORS_DEMO_SEED,
};
pub use plan::{demo_plan, DemoPlanSettings};
pub use rng::DemoRng;
pub use straw::{
    demo_corridors_geojson, demo_jurisdiction_geojson, demo_straw_files, demo_teams_csv, DEMO_BOX,
};
