//! Plan exports: one facade ([`export_plan`]) over the writers of a [`PlanDocument`] (GPX 1.1,
//! KML 2.2, GeoJSON, CSV, HTML route sheet), the output coordinate system, and the helpers the
//! writers share (stop labels, the line of a route, times).
//!
//! Every writer takes the document in WGS-84 (as the planner keeps it) and a target [`Crs`]; each
//! coordinate is converted with [`crate::crs`] on the way out and the file says which system it
//! uses. GPX, KML and GeoJSON are defined on WGS-84: choosing GCJ-02 or BD-09 for them gives a
//! file that only some tools read correctly, so [`export_plan`] returns a warning with it.

use std::str::FromStr;

use serde::Serialize;

use crate::crs::Crs;
use crate::error::Issue;
use crate::model::{LonLat, PlanDocument, RouteSheet, SheetStop};

/// An export format of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanFormat {
    /// GPX 1.1: a route (`rte`) and waypoints (`wpt`) per stop, a track (`trk`) for road geometry.
    Gpx,
    /// KML 2.2 (Google Earth, 奥维互动地图): a folder per route with numbered stop placemarks.
    Kml,
    /// GeoJSON (RFC 7946): a LineString per route and a Point per stop.
    Geojson,
    /// CSV stop list (UTF-8 with BOM, opens in Excel).
    Csv,
    /// Printable HTML route sheet (A4): map, ordered stop table, times and totals.
    Sheet,
}

impl PlanFormat {
    /// Every format, in menu order.
    pub const ALL: [PlanFormat; 5] = [
        PlanFormat::Gpx,
        PlanFormat::Kml,
        PlanFormat::Geojson,
        PlanFormat::Csv,
        PlanFormat::Sheet,
    ];

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            PlanFormat::Gpx => "gpx",
            PlanFormat::Kml => "kml",
            PlanFormat::Geojson => "geojson",
            PlanFormat::Csv => "csv",
            PlanFormat::Sheet => "html",
        }
    }

    /// MIME type for downloads.
    pub fn mime(self) -> &'static str {
        match self {
            PlanFormat::Gpx => "application/gpx+xml",
            PlanFormat::Kml => "application/vnd.google-earth.kml+xml",
            PlanFormat::Geojson => "application/geo+json",
            PlanFormat::Csv => "text/csv;charset=utf-8",
            PlanFormat::Sheet => "text/html;charset=utf-8",
        }
    }

    /// True when the format itself prescribes WGS-84.
    pub fn is_wgs84_only(self) -> bool {
        matches!(
            self,
            PlanFormat::Gpx | PlanFormat::Kml | PlanFormat::Geojson
        )
    }
}

/// Error for an unknown format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知导出格式「{0}」：可用 gpx、geojson、kml、csv、sheet")]
pub struct UnknownFormat(pub String);

impl FromStr for PlanFormat {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "gpx" => Ok(PlanFormat::Gpx),
            "kml" => Ok(PlanFormat::Kml),
            "geojson" | "json" => Ok(PlanFormat::Geojson),
            "csv" => Ok(PlanFormat::Csv),
            "sheet" | "html" => Ok(PlanFormat::Sheet),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// A written export: the text, how to save it, and warnings about the choice of options.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedFile {
    /// Suggested file name (title, format extension).
    pub file_name: String,
    /// MIME type.
    pub mime: String,
    /// The file's content.
    pub text: String,
    /// Warnings (e.g. a non-WGS-84 coordinate system for a WGS-84 format).
    pub warnings: Vec<Issue>,
}

/// Writes a plan in a format and coordinate system.
///
/// The document should have passed [`crate::io::validate_plan`]; the writers never panic on any
/// document, but they skip positions that are not valid coordinates.
///
/// ```
/// use zouhang::crs::Crs;
/// use zouhang::io::{export_plan, PlanFormat};
/// use zouhang::model::{PlanDocument, RouteSheet, SheetStop};
/// use zouhang::LonLat;
/// let mut doc = PlanDocument::new("routes", "示例");
/// doc.routes.push(RouteSheet {
///     id: "r1".into(), name: "路线1".into(), team: "一队".into(), date: None,
///     stops: vec![SheetStop {
///         id: "E1".into(), name: "甲厂".into(), location: LonLat::new(120.6, 31.3),
///         kind: "visit".into(), arrival: None, departure: None, service_s: 600.0, note: String::new(),
///     }],
///     geometry: vec![], along_roads: false, distance_m: 0.0, duration_s: 600.0, measured_m: None,
/// });
/// let f = export_plan(&doc, PlanFormat::Kml, Crs::Gcj02);
/// assert!(f.text.contains("<name>1. 甲厂</name>"));
/// assert_eq!(f.warnings[0].code, "W_EXPORT_CRS"); // KML is WGS-84 by definition
/// ```
pub fn export_plan(doc: &PlanDocument, format: PlanFormat, crs: Crs) -> ExportedFile {
    let text = match format {
        PlanFormat::Gpx => super::gpx::plan_gpx(doc, crs),
        PlanFormat::Kml => super::kml::plan_kml(doc, crs),
        PlanFormat::Geojson => super::geojson_plan::plan_geojson(doc, crs),
        PlanFormat::Csv => super::csv_stops::plan_csv(doc, crs),
        PlanFormat::Sheet => super::sheet::plan_sheet_html(doc),
    };
    let mut warnings = Vec::new();
    if format.is_wgs84_only() && crs != Crs::Wgs84 {
        warnings.push(Issue::warning(
            "W_EXPORT_CRS",
            format!(
                "{} 文件按标准应为 WGS-84，本文件按要求写成了 {}：奥维互动地图、Google Earth 等会把它当作 WGS-84 读取，位置会偏移数百米",
                format.extension().to_uppercase(),
                crs_label(crs)
            ),
            "除非接收方明确要求，请选择 WGS-84",
        ));
    }
    if format == PlanFormat::Sheet && crs != Crs::Wgs84 {
        warnings.push(Issue::warning(
            "W_EXPORT_CRS",
            "路线单不含坐标，坐标系选项不起作用",
            "无需处理",
        ));
    }
    ExportedFile {
        file_name: format!("{}.{}", file_stem(&doc.title), format.extension()),
        mime: format.mime().to_string(),
        text,
        warnings,
    }
}

/// A file-name stem from a title: characters that file systems reject become `_`.
pub fn file_stem(title: &str) -> String {
    let s: String = title
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    if s.is_empty() {
        "plan".to_string()
    } else {
        s
    }
}

/// Human name of a coordinate system for file metadata.
pub fn crs_label(crs: Crs) -> &'static str {
    match crs {
        Crs::Wgs84 => "WGS-84",
        Crs::Gcj02 => "GCJ-02（高德/腾讯）",
        Crs::Bd09 => "BD-09（百度）",
    }
}

/// Chinese label of a stop kind.
pub fn stop_kind_label(kind: &str) -> &str {
    match kind {
        "depot" => "出发/返回点",
        "visit" => "检查点",
        "road_start" => "路段起点",
        "road_end" => "路段终点",
        "fire" | "incident" => "火点/事件",
        "monitor" => "定点监测",
        other => other,
    }
}

/// The numbered display label of a stop: `"{seq}. {name}"` (the id when the name is empty).
pub fn stop_label(seq: usize, stop: &SheetStop) -> String {
    let name = if stop.name.trim().is_empty() {
        stop.id.as_str()
    } else {
        stop.name.as_str()
    };
    format!("{seq}. {name}")
}

/// The stop's times and note as one Chinese line: `到达 08:30，离开 08:40，停留 10 分钟；备注`.
pub fn stop_description(stop: &SheetStop) -> String {
    let mut parts = Vec::new();
    if !stop.id.is_empty() {
        parts.push(format!("编号 {}", stop.id));
    }
    parts.push(stop_kind_label(&stop.kind).to_string());
    if let Some(a) = &stop.arrival {
        parts.push(format!("到达 {a}"));
    }
    if let Some(d) = &stop.departure {
        parts.push(format!("离开 {d}"));
    }
    if stop.service_s.is_finite() && stop.service_s > 0.0 {
        parts.push(format!("停留 {} 分钟", minutes(stop.service_s)));
    }
    let mut s = parts.join("，");
    if !stop.note.trim().is_empty() {
        s.push('；');
        s.push_str(stop.note.trim());
    }
    s
}

/// Seconds as whole minutes (rounded), 0 for bad values.
pub fn minutes(seconds: f64) -> i64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds / 60.0).round().min(1e9) as i64
    } else {
        0
    }
}

/// Seconds as a whole number of seconds for data fields, `0` for bad values.
pub fn seconds_text(seconds: f64) -> String {
    if seconds.is_finite() && seconds > 0.0 {
        format!("{:.0}", seconds.min(1e12))
    } else {
        "0".to_string()
    }
}

/// Seconds as `h:mm`.
pub fn hours_minutes(seconds: f64) -> String {
    let m = minutes(seconds);
    format!("{}:{:02}", m / 60, m % 60)
}

/// Metres as kilometres with one decimal.
pub fn km(metres: f64) -> String {
    if metres.is_finite() && metres >= 0.0 {
        format!("{:.1}", metres / 1000.0)
    } else {
        "—".to_string()
    }
}

/// The route's summary line: stops, distance, duration, measured distance, geometry kind.
pub fn route_summary(r: &RouteSheet) -> String {
    let mut s = format!(
        "{} 个停靠点，{} km，{}",
        r.stops.len(),
        km(r.distance_m),
        hours_minutes(r.duration_s)
    );
    if let Some(m) = r.measured_m {
        s.push_str(&format!("，走航有效里程 {} km", km(m)));
    }
    s.push_str(if r.along_roads {
        "（沿道路）"
    } else {
        "（直线估算）"
    });
    s
}

/// The line of a route in WGS-84: its geometry when it has at least two valid vertices, else the
/// stops in order. Invalid positions are skipped.
pub fn route_line(r: &RouteSheet) -> Vec<LonLat> {
    let geometry: Vec<LonLat> = r
        .geometry
        .iter()
        .copied()
        .filter(|p| p.is_valid())
        .collect();
    if geometry.len() >= 2 {
        return geometry;
    }
    r.stops
        .iter()
        .map(|s| s.location)
        .filter(|p| p.is_valid())
        .collect()
}

/// Converts a WGS-84 position to the output system.
pub fn project(crs: Crs, p: LonLat) -> LonLat {
    crs.from_wgs84(p)
}

/// A coordinate with 7 decimals (about 1 cm), as written in GPX, KML and CSV.
pub fn coord(v: f64) -> String {
    format!("{v:.7}")
}

/// An ISO 8601 time (Beijing, +08:00) from a route date and a stop time `HH:MM` or
/// `YYYY-MM-DD HH:MM`; `None` when either is missing or not a valid time.
pub fn stop_datetime(date: Option<&str>, time: Option<&str>) -> Option<String> {
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
    let time = time?.trim();
    if let Ok(dt) = NaiveDateTime::parse_from_str(time, "%Y-%m-%d %H:%M") {
        return Some(format!("{}+08:00", dt.format("%Y-%m-%dT%H:%M:%S")));
    }
    let day = NaiveDate::parse_from_str(date?.trim(), "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    Some(format!(
        "{}T{}+08:00",
        day.format("%Y-%m-%d"),
        t.format("%H:%M:%S")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_times_combine() {
        assert_eq!("GPX".parse::<PlanFormat>(), Ok(PlanFormat::Gpx));
        assert!("shp".parse::<PlanFormat>().is_err());
        assert_eq!(
            stop_datetime(Some("2026-06-03"), Some("08:05")).as_deref(),
            Some("2026-06-03T08:05:00+08:00")
        );
        assert_eq!(
            stop_datetime(None, Some("2026-06-04 00:10")).as_deref(),
            Some("2026-06-04T00:10:00+08:00")
        );
        assert_eq!(stop_datetime(None, Some("08:05")), None);
        assert_eq!(stop_datetime(Some("2026-02-30"), Some("08:05")), None);
        assert_eq!(hours_minutes(3.5 * 3600.0), "3:30");
        assert_eq!(file_stem("6/3 走航:计划"), "6_3 走航_计划");
        assert_eq!(minutes(f64::NAN), 0);
    }
}
