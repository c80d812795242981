//! Points typed or pasted by hand: from drones, tower cameras, phone calls.
//!
//! One point per line, `lon,lat,time[,source[,area_m2[,note]]]` with Beijing time
//! (`2022-05-31 21:30`), commas or tabs (Chinese commas are accepted); a first line naming the
//! columns (e.g. `经度,纬度,时间,来源`) is used as the header, otherwise that default order is
//! assumed. The lines then go through the foundation's fire reader (`io::read_fires`), so the
//! same column names, coordinate systems and located error messages apply.

use crate::crs::Crs;
use crate::io::{parse_coordinate, read_fires, Imported};
use crate::model::FireDetection;

/// The header assumed when pasted lines have none.
const DEFAULT_HEADER: &str = "经度,纬度,时间,来源,面积,备注";

/// Reads pasted manual points in `crs`.
///
/// ```
/// use zouhang::{crs::Crs, plan::straw::parse_manual_points};
/// let r = parse_manual_points("120.70，31.40，2022-05-31 21:30，铁塔摄像头\n120.71,31.41,昨晚,电话", Crs::Wgs84);
/// assert_eq!(r.items.len(), 1);
/// assert!(r.items[0].note.contains("铁塔摄像头"));
/// assert_eq!(r.report.errors[0].code, "E_BAD_TIME");
/// assert_eq!(r.report.errors[0].row, Some(2)); // line 2 of the pasted text
/// ```
pub fn parse_manual_points(text: &str, crs: Crs) -> Imported<FireDetection> {
    let text = text.replace('，', ",");
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let first_cell = first_line.split([',', '\t']).next().unwrap_or_default();
    let assumed = parse_coordinate(first_cell).is_some();
    let body = if assumed {
        let header = if first_line.contains('\t') && !first_line.contains(',') {
            DEFAULT_HEADER.replace(',', "\t")
        } else {
            DEFAULT_HEADER.to_string()
        };
        format!("{header}\n{}", text.trim_start_matches(['\n', '\r']))
    } else {
        text
    };
    let mut r = read_fires(body.as_bytes(), "手工录入", crs);
    r.report.format = "人工录入".to_string();
    if assumed {
        // report the pasted text's own line numbers, not counting the assumed header
        for i in r
            .report
            .errors
            .iter_mut()
            .chain(r.report.warnings.iter_mut())
        {
            i.row = i.row.map(|n| n.saturating_sub(1));
        }
    }
    r
}
