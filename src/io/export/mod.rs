//! Writers: CSV tables that open in Excel, GeoJSON (RFC 7946), and the per-workflow exports
//! built on them.

mod csv_table;
mod geojson;
mod surroundings;

pub use csv_table::CsvTable;
pub use geojson::FeatureCollection;
pub use surroundings::{surroundings_csv, surroundings_geojson};
