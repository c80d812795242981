//! The reading loop every tabular reader shares: CSV or GeoJSON → table → column map → one
//! item per row, with every problem collected into the report.

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::geojson_points::{geojson_table, looks_like_json};
use crate::io::table::{read_table, ColumnMap, FieldSpec, Row, Table};
use crate::io::{ImportKind, ImportReport, Imported};

/// Reads `bytes` as GeoJSON points or a delimited table, maps columns with `specs`, and turns
/// each row into an item with `parse_row`, which returns the item or the row's error and may
/// push warnings.
pub(crate) fn read_items<T>(
    bytes: &[u8],
    file: &str,
    kind: ImportKind,
    crs: Crs,
    specs: &[FieldSpec],
    mut parse_row: impl FnMut(&ColumnMap, &Row, &mut Vec<Issue>) -> Result<T, Issue>,
) -> Imported<T> {
    let mut report = ImportReport::new(file, kind, crs);
    let table = if looks_like_json(bytes) {
        report.format = "GeoJSON".to_string();
        geojson_table(bytes, file)
    } else {
        report.format = "CSV".to_string();
        read_table(bytes, file)
    };
    let table: Table = match table {
        Ok(t) => t,
        Err(e) => {
            report.fail(&e);
            return Imported {
                items: Vec::new(),
                report,
            };
        }
    };
    report.encoding = table.encoding.to_string();
    let items = map_rows(&table, specs, &mut report, &mut parse_row);
    Imported { items, report }
}

/// Maps the rows of an already-read table (used by readers that inspect the table first, such
/// as the fire readers).
pub(crate) fn map_rows<T>(
    table: &Table,
    specs: &[FieldSpec],
    report: &mut ImportReport,
    parse_row: &mut impl FnMut(&ColumnMap, &Row, &mut Vec<Issue>) -> Result<T, Issue>,
) -> Vec<T> {
    for issue in &table.issues {
        report.push(issue.clone());
    }
    report.rows = table.rows.len() + table.issues.len();
    let map = match ColumnMap::resolve(&table.file, &table.headers, specs) {
        Ok(m) => m,
        Err(e) => {
            report.fail(&e);
            return Vec::new();
        }
    };
    report.columns = map.mapped.clone();
    report.unused_columns = map.unused.clone();
    if specs.iter().any(|s| s.key == "lon") {
        if let Some(issue) = require_position(&map, &table.file) {
            report.push(issue);
            return Vec::new();
        }
    }
    let mut items = Vec::with_capacity(table.rows.len());
    let mut warnings = Vec::new();
    for row in &table.rows {
        match parse_row(&map, row, &mut warnings) {
            Ok(item) => items.push(item),
            Err(issue) => report.push(issue),
        }
        for w in warnings.drain(..) {
            report.push(w);
        }
    }
    report.loaded = items.len();
    items
}

/// Standard aliases of the position fields, shared by all readers.
pub(crate) const LON: FieldSpec = FieldSpec {
    key: "lon",
    aliases: &[
        "经度",
        "lon",
        "lng",
        "longitude",
        "long",
        "x",
        "东经",
        "经度坐标",
        "gpslng",
        "坐标x",
    ],
    required: false,
};
/// See [`LON`].
pub(crate) const LAT: FieldSpec = FieldSpec {
    key: "lat",
    aliases: &[
        "纬度",
        "lat",
        "latitude",
        "y",
        "北纬",
        "纬度坐标",
        "gpslat",
        "坐标y",
    ],
    required: false,
};
/// A single "lon,lat" column.
pub(crate) const LONLAT: FieldSpec = FieldSpec {
    key: "lonlat",
    aliases: &[
        "坐标",
        "经纬度",
        "lonlat",
        "lnglat",
        "coordinates",
        "位置",
        "location",
    ],
    required: false,
};

/// An issue for a row that lacks a position column entirely (neither lon/lat nor lonlat).
pub(crate) fn require_position(map: &ColumnMap, file: &str) -> Option<Issue> {
    if (map.has("lon") && map.has("lat")) || map.has("lonlat") {
        None
    } else {
        Some(
            Issue::error(
                "E_MISSING_COLUMN",
                "缺少坐标列：需要“经度”和“纬度”两列，或一列“坐标”（经度,纬度）",
                "在表头中加入 经度/纬度（或 lon/lat）列",
            )
            .in_file(file),
        )
    }
}
