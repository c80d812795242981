//! Writers: CSV tables that open in Excel, GeoJSON (RFC 7946), and the per-workflow exports
//! built on them: station surroundings, and plans (GPX 1.1, KML 2.2, GeoJSON, CSV stop lists,
//! printable route sheets) read back from files by [`read_plan`].

mod csv_stops;
mod csv_table;
mod geojson;
mod geojson_plan;
mod gpx;
mod kml;
mod plan_export;
mod plan_reader;
mod sheet;
mod surroundings;
mod xml;

pub use csv_stops::{plan_csv, STOP_CSV_HEADERS};
pub use csv_table::CsvTable;
pub use geojson::FeatureCollection;
pub use geojson_plan::plan_geojson;
pub use gpx::{plan_gpx, GPX_EXTENSION_NS};
pub use kml::plan_kml;
pub use plan_export::{
    crs_label, export_plan, file_stem, route_line, stop_datetime, stop_kind_label, stop_label,
    ExportedFile, PlanFormat, UnknownFormat,
};
pub use plan_reader::{read_plan, validate_plan, PlanRead, PlanReadError, PLAN_FORMAT};
pub use sheet::{plan_sheet_html, route_map_svg, ROUTE_COLOURS};
pub use surroundings::{surroundings_csv, surroundings_geojson};
