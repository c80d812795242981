//! Station lists: `code,name,city,lon,lat,background` or the CNEMC headers
//! `监测点编码,监测点名称,城市,经度,纬度,对照点`.

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::rows::{read_items, LAT, LON, LONLAT};
use crate::io::table::FieldSpec;
use crate::io::values::{parse_flag, read_position};
use crate::io::{ImportKind, Imported};
use crate::model::Station;

const SPECS: &[FieldSpec] = &[
    FieldSpec {
        key: "code",
        aliases: &[
            "监测点编码",
            "站点编码",
            "编码",
            "code",
            "stationcode",
            "站号",
            "id",
        ],
        required: true,
    },
    FieldSpec {
        key: "name",
        aliases: &[
            "监测点名称",
            "站点名称",
            "名称",
            "站名",
            "name",
            "stationname",
        ],
        required: true,
    },
    FieldSpec {
        key: "city",
        aliases: &["城市", "city", "所属城市", "地区"],
        required: false,
    },
    LON,
    LAT,
    LONLAT,
    FieldSpec {
        key: "background",
        aliases: &["对照点", "background", "是否对照点", "清洁对照点"],
        required: false,
    },
];

/// Reads a station list (CSV or GeoJSON points) in `crs`.
///
/// ```
/// use zouhang::{crs::Crs, io::read_stations};
/// let csv = "监测点编码,监测点名称,城市,经度,纬度,对照点\n1161A,南门,苏州,120.628,31.2864,N\n";
/// let r = read_stations(csv.as_bytes(), "s.csv", Crs::Wgs84);
/// assert_eq!(r.items[0].code, "1161A");
/// assert_eq!(r.report.columns["code"], "监测点编码");
/// ```
pub fn read_stations(bytes: &[u8], file: &str, crs: Crs) -> Imported<Station> {
    read_items(
        bytes,
        file,
        ImportKind::Stations,
        crs,
        SPECS,
        |map, row, warnings| {
            let location = read_position(map, row, file, crs, warnings)?;
            let code = map.cell(row, "code").ok_or_else(|| {
                Issue::error("E_MISSING_VALUE", "站点编码为空", "填写站点编码，如 1161A")
                    .in_file(file)
                    .at_row(row.line)
                    .at_field(map.header("code"))
            })?;
            let name = map.cell(row, "name").unwrap_or(code);
            let background = match map.cell(row, "background") {
                None => false,
                Some(v) => parse_flag(v).unwrap_or_else(|| {
                    warnings.push(
                        Issue::warning(
                            "W_BAD_FLAG",
                            format!("无法识别的是/否值「{v}」，按“否”处理"),
                            "填写 Y/N 或 是/否",
                        )
                        .in_file(file)
                        .at_row(row.line)
                        .at_field(map.header("background")),
                    );
                    false
                }),
            };
            Ok(Station {
                code: code.to_string(),
                name: name.to_string(),
                city: map.cell(row, "city").unwrap_or_default().to_string(),
                location,
                background,
            })
        },
    )
}
