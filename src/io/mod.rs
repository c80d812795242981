//! Reading users' files into domain types, and writing results back out.
//!
//! Every reader takes the file's bytes and name (so that it works the same in the browser and on
//! the command line), returns the good items and an [`ImportReport`] listing every bad row with
//! file, row, field, reason and what to do, and never panics. Fatal problems (an empty file, a
//! missing required column) become one file-level issue in the same report.

mod decode;
mod export;
mod fires;
mod geojson_points;
mod inspectors;
mod report;
mod rows;
mod sources;
mod stations;
mod table;
mod team_records;
mod values;

pub use decode::{decode_text, encode_gbk, Decoded};
pub use export::{
    crs_label, export_plan, file_stem, plan_csv, plan_geojson, plan_gpx, plan_kml, plan_sheet_html,
    read_plan, route_line, route_map_svg, stop_datetime, stop_kind_label, stop_label,
    validate_plan, ExportedFile, PlanFormat, PlanRead, PlanReadError, UnknownFormat,
    GPX_EXTENSION_NS, PLAN_FORMAT, ROUTE_COLOURS, STOP_CSV_HEADERS,
};
pub use export::{surroundings_csv, surroundings_geojson, CsvTable, FeatureCollection};
pub use fires::{read_fires, FireFormat};
pub use geojson_points::{read_geojson_points, PointFeature};
pub use inspectors::read_inspectors;
pub use report::{ImportKind, ImportReport, Imported};
pub use sources::{emission_of as emission_of_industry, read_power_plants, read_sources};
pub use stations::read_stations;
pub use table::{
    fullwidth_to_ascii, normalise_header, read_table, ColumnMap, FieldSpec, Row, Table,
};
pub use team_records::{
    base64_len, read_team_records, validate_team_records, FieldVerification, PlanRef, RecordKind,
    RouteRef, StopStatus, TeamPhoto, TeamRecord, TeamRecordsError, TeamRecordsFile,
    TeamRecordsRead, TEAM_RECORDS_FORMAT, TEAM_RECORDS_VERSION,
};
pub use values::{in_china_box, parse_coordinate, parse_flag, parse_number, read_position};

use crate::error::Issue;

/// A problem that stops a whole file from being read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The file has no content.
    #[error("{file}：文件为空")]
    Empty {
        /// File name.
        file: String,
    },
    /// No header row was found.
    #[error("{file}：找不到表头行")]
    NoHeader {
        /// File name.
        file: String,
    },
    /// Required columns are missing.
    #[error("{file}：缺少必需的列 {missing:?}（文件中的列：{found:?}）")]
    MissingColumns {
        /// Keys of the missing fields.
        missing: Vec<String>,
        /// Headers found in the file.
        found: Vec<String>,
        /// File name.
        file: String,
    },
    /// The content is not of the expected format.
    #[error("{file}：{reason}")]
    Format {
        /// File name.
        file: String,
        /// What is wrong, in Chinese.
        reason: String,
    },
}

impl ImportError {
    /// The file-level [`Issue`] for this error, with a stable code and an action.
    pub fn to_issue(&self) -> Issue {
        match self {
            ImportError::Empty { file } => Issue::error(
                "E_EMPTY_FILE",
                "文件为空",
                "选择含表头和数据行的 CSV 或 GeoJSON 文件",
            )
            .in_file(file),
            ImportError::NoHeader { file } => Issue::error(
                "E_NO_HEADER",
                "找不到表头行",
                "第一行应为列名，如：名称,经度,纬度",
            )
            .in_file(file),
            ImportError::MissingColumns {
                file,
                missing,
                found,
            } => Issue::error(
                "E_MISSING_COLUMN",
                format!(
                    "缺少必需的列：{}；文件中的列为：{}",
                    missing
                        .iter()
                        .map(|k| field_label(k))
                        .collect::<Vec<_>>()
                        .join("、"),
                    found.join("、")
                ),
                "在表头中加入这些列，或把已有列改为可识别的名称（见 README 的列名表）",
            )
            .in_file(file),
            ImportError::Format { file, reason } => {
                Issue::error("E_FORMAT", reason.clone(), "确认文件类型与所选导入类型一致")
                    .in_file(file)
            }
        }
    }
}

/// The Chinese label of a field key, for messages.
pub fn field_label(key: &str) -> &str {
    match key {
        "lon" => "经度",
        "lat" => "纬度",
        "lonlat" => "坐标",
        "name" => "名称",
        "code" => "站点编码",
        "id" => "编号",
        "city" => "城市",
        "district" => "区县",
        "industry" => "行业",
        "emission" => "排放类型",
        "supervision" => "监管类别",
        "key" => "重点排污单位",
        "time" => "时间",
        "date" => "日期",
        "acq_date" => "acq_date（观测日期）",
        "acq_time" => "acq_time（观测时间）",
        "confidence" => "confidence（置信度）",
        other => other,
    }
}
