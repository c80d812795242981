//! CSV stop list of a plan for Excel (UTF-8 with BOM, CRLF, via [`CsvTable`]): one row per stop
//! in visit order, routes one after another.

use super::plan_export::{coord, minutes, project, stop_kind_label};
use super::CsvTable;
use crate::crs::Crs;
use crate::model::PlanDocument;

/// Column headers (Chinese, as the bureaus' sheets use); the English meaning is documented in
/// `docs/EXPORTS.md`: route id, route, team, date, seq, id, name, kind, lon, lat, crs, arrival,
/// departure, service (min), note.
pub const STOP_CSV_HEADERS: [&str; 15] = [
    "路线编号",
    "路线",
    "班组/车辆",
    "日期",
    "序号",
    "编号",
    "名称",
    "类型",
    "经度",
    "纬度",
    "坐标系",
    "到达",
    "离开",
    "停留(分钟)",
    "备注",
];

/// Writes the stop list with coordinates converted to `crs` (7 decimals); stops without a valid
/// position keep their row with empty coordinates.
pub fn plan_csv(doc: &PlanDocument, crs: Crs) -> String {
    let mut t = CsvTable::new(&STOP_CSV_HEADERS);
    for r in &doc.routes {
        for (si, s) in r.stops.iter().enumerate() {
            let (lon, lat) = if s.location.is_valid() {
                let q = project(crs, s.location);
                (coord(q.lon), coord(q.lat))
            } else {
                (String::new(), String::new())
            };
            t.push(vec![
                r.id.clone(),
                r.name.clone(),
                r.team.clone(),
                r.date.clone().unwrap_or_default(),
                (si + 1).to_string(),
                s.id.clone(),
                s.name.clone(),
                stop_kind_label(&s.kind).to_string(),
                lon,
                lat,
                crs.name().to_string(),
                s.arrival.clone().unwrap_or_default(),
                s.departure.clone().unwrap_or_default(),
                minutes(s.service_s).to_string(),
                s.note.clone(),
            ]);
        }
    }
    t.to_text()
}
