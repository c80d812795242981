//! Fire points: NASA FIRMS (MODIS and VIIRS, all variants), JAXA Himawari L2WLF, and points
//! entered by hand.
//!
//! FIRMS columns: `latitude,longitude,brightness|bright_ti4,scan,track,acq_date,acq_time,
//! satellite,[instrument,]confidence,version,bright_t31|bright_ti5,frp,daynight[,type]`, with an
//! optional `country_id`. `acq_time` is UTC `hhmm`, sometimes without leading zeros (`822`,
//! `5`); it is converted to Beijing time (UTC+8). MODIS confidence is 0–100; VIIRS confidence
//! is `low`/`nominal`/`high` (or `l`/`n`/`h`), normalised to 30/60/90.
//!
//! Himawari L2WLF files start with two `#` lines; the second names the columns (`# ID, Year,
//! Month, Day, Time(UTC), Lat, Lon, Area(km^2), Volcano, Level, …, FRP…`, or with a single
//! `Date` column). `Area` is the area of the 2 km grid cell, not of the fire, and is not used as
//! a burned area. Fire level 1/2/3 is normalised to confidence 40/60/80.
//!
//! Manual points: any table with a position, a time (`时间`, Beijing time) and optionally a
//! source, area in m², type and note.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::decode::decode_text;
use crate::io::geojson_points::{geojson_table, looks_like_json};
use crate::io::rows::{map_rows, LAT, LON, LONLAT};
use crate::io::table::{normalise_header, read_table, ColumnMap, FieldSpec, Row, Table};
use crate::io::values::{parse_number, read_position};
use crate::io::{ImportKind, ImportReport, Imported};
use crate::model::{DayNight, FireDetection, FireSource};

/// The fire file layouts recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FireFormat {
    /// NASA FIRMS MODIS.
    FirmsModis,
    /// NASA FIRMS VIIRS.
    FirmsViirs,
    /// JAXA Himawari L2WLF.
    Himawari,
    /// Points entered by hand.
    Manual,
}

impl FireFormat {
    /// Name shown in the import report.
    pub fn label(self) -> &'static str {
        match self {
            FireFormat::FirmsModis => "FIRMS MODIS",
            FireFormat::FirmsViirs => "FIRMS VIIRS",
            FireFormat::Himawari => "Himawari L2WLF",
            FireFormat::Manual => "人工录入",
        }
    }
}

const SPECS: &[FieldSpec] = &[
    LON,
    LAT,
    LONLAT,
    FieldSpec {
        key: "acq_date",
        aliases: &["acqdate"],
        required: false,
    },
    FieldSpec {
        key: "acq_time",
        aliases: &["acqtime"],
        required: false,
    },
    FieldSpec {
        key: "year",
        aliases: &["year"],
        required: false,
    },
    FieldSpec {
        key: "month",
        aliases: &["month"],
        required: false,
    },
    FieldSpec {
        key: "day",
        aliases: &["day"],
        required: false,
    },
    FieldSpec {
        key: "datetime",
        aliases: &[
            "时间",
            "发现时间",
            "日期时间",
            "datetime",
            "time",
            "date",
            "日期",
            "上报时间",
        ],
        required: false,
    },
    FieldSpec {
        key: "satellite",
        aliases: &["satellite", "卫星"],
        required: false,
    },
    FieldSpec {
        key: "instrument",
        aliases: &["instrument", "传感器"],
        required: false,
    },
    FieldSpec {
        key: "confidence",
        aliases: &["confidence", "置信度", "reliability"],
        required: false,
    },
    FieldSpec {
        key: "level",
        aliases: &["level"],
        required: false,
    },
    FieldSpec {
        key: "frp",
        aliases: &["frp", "火辐射功率"],
        required: false,
    },
    FieldSpec {
        key: "daynight",
        aliases: &["daynight", "昼夜"],
        required: false,
    },
    FieldSpec {
        key: "type",
        aliases: &["type"],
        required: false,
    },
    FieldSpec {
        key: "area_m2",
        aliases: &["面积", "过火面积", "面积(m2)", "aream2", "area_m2"],
        required: false,
    },
    FieldSpec {
        key: "source",
        aliases: &["来源", "发现方式", "source"],
        required: false,
    },
    FieldSpec {
        key: "note",
        aliases: &["备注", "说明", "note", "描述"],
        required: false,
    },
];

/// Reads a fire file of any supported layout (CSV or GeoJSON) in `crs` (FIRMS and Himawari are
/// always WGS-84; `crs` applies to manual files).
///
/// ```
/// use zouhang::{crs::Crs, io::read_fires};
/// let csv = "latitude,longitude,brightness,scan,track,acq_date,acq_time,satellite,confidence,version,bright_t31,frp,daynight\n\
///            31.72449,120.84425,324.94,1.25,1.11,2022-05-31,0249,T,62,6.1NRT,309.1,13.31,D\n";
/// let r = read_fires(csv.as_bytes(), "f.csv", Crs::Wgs84);
/// assert_eq!(r.report.format, "FIRMS MODIS");
/// assert_eq!(r.items[0].time_bj.to_string(), "2022-05-31 10:49:00"); // 02:49 UTC + 8 h
/// ```
pub fn read_fires(bytes: &[u8], file: &str, crs: Crs) -> Imported<FireDetection> {
    let mut report = ImportReport::new(file, ImportKind::Fires, crs);
    let table = if looks_like_json(bytes) {
        geojson_table(bytes, file)
    } else {
        read_fire_table(bytes, file)
    };
    let table = match table {
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
    let format = detect_format(&table);
    report.format = format.label().to_string();
    let crs = match format {
        FireFormat::Manual => crs,
        _ => Crs::Wgs84,
    };
    report.crs = crs;
    let mut parse =
        |map: &ColumnMap, row: &Row, warnings: &mut Vec<Issue>| -> Result<FireDetection, Issue> {
            parse_fire(map, row, file, crs, format, warnings)
        };
    let items = map_rows(&table, SPECS, &mut report, &mut parse);
    Imported { items, report }
}

/// Reads the table, turning a Himawari-style `# ID, …, Lat, Lon, …` comment header into the
/// header row.
fn read_fire_table(bytes: &[u8], file: &str) -> Result<Table, crate::io::ImportError> {
    let text = decode_text(bytes).text;
    let mut comment_lines = 0u64;
    let mut last_comment = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('#') {
            comment_lines += 1;
            last_comment = Some(t.trim_start_matches('#').trim().to_string());
            offset += line.len();
        } else if t.is_empty() && last_comment.is_none() {
            comment_lines += 1;
            offset += line.len();
        } else {
            break;
        }
    }
    let header_in_comment = last_comment.as_deref().is_some_and(|h| {
        let cells: Vec<String> = h.split(',').map(normalise_header).collect();
        cells.iter().any(|c| c == "lat") && cells.iter().any(|c| c == "lon")
    });
    match (header_in_comment, last_comment) {
        (true, Some(header)) => {
            let rest = text.get(offset..).unwrap_or_default();
            let rebuilt = format!("{header}\n{rest}");
            let mut table = read_table(rebuilt.as_bytes(), file)?;
            let shift = comment_lines.saturating_sub(1);
            for r in &mut table.rows {
                r.line += shift;
            }
            for i in &mut table.issues {
                i.row = i.row.map(|r| r + shift);
            }
            table.encoding = decode_text(bytes).encoding;
            Ok(table)
        }
        _ => read_table(bytes, file),
    }
}

fn detect_format(table: &Table) -> FireFormat {
    let norm: Vec<String> = table.headers.iter().map(|h| normalise_header(h)).collect();
    let has = |k: &str| norm.iter().any(|h| h == k);
    if has("brightti4") || has("brightti5") {
        FireFormat::FirmsViirs
    } else if has("brightness") || has("brightt31") {
        FireFormat::FirmsModis
    } else if has("acqdate") {
        // FIRMS without brightness columns: decide by the instrument column if any
        let inst = norm.iter().position(|h| h == "instrument");
        let viirs = inst.is_some_and(|i| {
            table
                .rows
                .first()
                .and_then(|r| r.cells.get(i))
                .is_some_and(|v| v.to_uppercase().contains("VIIRS"))
        });
        if viirs {
            FireFormat::FirmsViirs
        } else {
            FireFormat::FirmsModis
        }
    } else if (has("level") || has("volcano")) && (has("year") || has("date")) {
        FireFormat::Himawari
    } else {
        FireFormat::Manual
    }
}

fn parse_fire(
    map: &ColumnMap,
    row: &Row,
    file: &str,
    crs: Crs,
    format: FireFormat,
    warnings: &mut Vec<Issue>,
) -> Result<FireDetection, Issue> {
    let locate = |i: Issue, key: &str| i.in_file(file).at_row(row.line).at_field(map.header(key));
    let location = read_position(map, row, file, crs, warnings)?;
    let time_bj = match format {
        FireFormat::FirmsModis | FireFormat::FirmsViirs => {
            let date = map.cell(row, "acq_date").ok_or_else(|| {
                locate(
                    Issue::error(
                        "E_MISSING_VALUE",
                        "观测日期为空",
                        "acq_date 应为 YYYY-MM-DD",
                    ),
                    "acq_date",
                )
            })?;
            let date = parse_date(date).ok_or_else(|| {
                locate(
                    Issue::error(
                        "E_BAD_DATE",
                        format!("无法识别的日期「{date}」"),
                        "acq_date 应为 YYYY-MM-DD",
                    ),
                    "acq_date",
                )
            })?;
            let t = map.cell(row, "acq_time").unwrap_or("0000");
            let time = parse_hhmm(t).ok_or_else(|| {
                locate(
                    Issue::error(
                        "E_BAD_TIME",
                        format!("无法识别的时间「{t}」"),
                        "acq_time 应为 UTC 的 hhmm，如 0249",
                    ),
                    "acq_time",
                )
            })?;
            date.and_time(time) + Duration::hours(8)
        }
        FireFormat::Himawari => {
            himawari_time(map, row).ok_or_else(|| {
                locate(
                    Issue::error(
                        "E_BAD_DATE",
                        "无法识别观测时间",
                        "Himawari 文件应含 Year, Month, Day, Time(UTC) 或 Date 列",
                    ),
                    "datetime",
                )
            })? + Duration::hours(8)
        }
        FireFormat::Manual => {
            let v = map.cell(row, "datetime").ok_or_else(|| {
                locate(
                    Issue::error(
                        "E_MISSING_VALUE",
                        "发现时间为空",
                        "填写北京时间，如 2022-05-31 21:30",
                    ),
                    "datetime",
                )
            })?;
            parse_datetime(v).ok_or_else(|| {
                locate(
                    Issue::error(
                        "E_BAD_TIME",
                        format!("无法识别的时间「{v}」"),
                        "写成 2022-05-31 21:30 或 2022/5/31 21:30（北京时间）",
                    ),
                    "datetime",
                )
            })?
        }
    };
    let confidence_raw = map
        .cell(row, "confidence")
        .or_else(|| map.cell(row, "level"))
        .unwrap_or_default()
        .to_string();
    let confidence_pct = match format {
        FireFormat::Manual => parse_number(&confidence_raw).unwrap_or(100.0),
        // L2WLF `Reliability` is a class of 0–5 (JAXA's Level 3 files call it "confidence
        // level (<= 5)"), not a percentage: 1 → 20 %, 5 → 100 %.
        FireFormat::Himawari if map.cell(row, "confidence").is_some() => {
            match parse_number(&confidence_raw) {
                Some(r) if (0.0..=5.0).contains(&r) => r * 20.0,
                Some(r) => r,
                None => 50.0,
            }
        }
        FireFormat::Himawari if map.cell(row, "confidence").is_none() => {
            match parse_number(&confidence_raw) {
                Some(l) if l >= 3.0 => 80.0,
                Some(l) if l >= 2.0 => 60.0,
                Some(_) => 40.0,
                None => 50.0,
            }
        }
        _ => confidence_pct(&confidence_raw).unwrap_or_else(|| {
            warnings.push(locate(
                Issue::warning(
                    "W_BAD_CONFIDENCE",
                    format!("无法识别的置信度「{confidence_raw}」，按 50 处理"),
                    "MODIS 置信度为 0–100，VIIRS 为 low/nominal/high",
                ),
                "confidence",
            ));
            50.0
        }),
    }
    .clamp(0.0, 100.0);
    let source = match format {
        FireFormat::FirmsModis => FireSource::Modis,
        FireFormat::FirmsViirs => FireSource::Viirs,
        FireFormat::Himawari => FireSource::Himawari,
        FireFormat::Manual => FireSource::Manual,
    };
    let daynight = match map.cell(row, "daynight").map(|s| s.trim().to_uppercase()) {
        Some(s) if s.starts_with('D') || s == "昼" || s == "白天" => Some(DayNight::Day),
        Some(s) if s.starts_with('N') || s == "夜" || s == "夜间" => Some(DayNight::Night),
        _ => None,
    };
    let area_m2 = map.cell(row, "area_m2").and_then(parse_number);
    let mut note = map.cell(row, "note").unwrap_or_default().to_string();
    if let Some(src) = map.cell(row, "source") {
        note = if note.is_empty() {
            format!("来源：{src}")
        } else {
            format!("来源：{src}；{note}")
        };
    }
    Ok(FireDetection {
        location,
        time_bj,
        source,
        satellite: map.cell(row, "satellite").unwrap_or_default().to_string(),
        confidence_pct,
        confidence_raw,
        frp_mw: map.cell(row, "frp").and_then(parse_number),
        daynight,
        fire_type: map
            .cell(row, "type")
            .and_then(|t| t.trim().parse::<u8>().ok()),
        area_m2,
        note,
    })
}

/// FIRMS confidence to 0–100: numbers as they are, VIIRS classes to 30/60/90.
fn confidence_pct(raw: &str) -> Option<f64> {
    match raw.trim().to_lowercase().as_str() {
        "l" | "low" => Some(30.0),
        "n" | "nominal" => Some(60.0),
        "h" | "high" => Some(90.0),
        other => parse_number(other),
    }
}

/// `hhmm` with or without leading zeros (`0249`, `249`, `5`) or `hh:mm`.
fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let t = s.trim();
    if let Ok(time) = NaiveTime::parse_from_str(t, "%H:%M") {
        return Some(time);
    }
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u32 = t.parse().ok()?;
    NaiveTime::from_hms_opt(v / 100, v % 100, 0)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// Beijing-time date and time in the usual spreadsheet forms; a date alone means 00:00.
fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let t = crate::io::fullwidth_to_ascii(s).trim().replace('T', " ");
    let formats = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y%m%d%H%M",
        "%Y年%m月%d日 %H:%M",
        "%Y年%m月%d日%H:%M",
        "%Y年%m月%d日 %H时%M分",
        "%Y年%m月%d日%H时%M分",
    ];
    formats
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&t, f).ok())
        .or_else(|| parse_date(&t).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

fn himawari_time(map: &ColumnMap, row: &Row) -> Option<NaiveDateTime> {
    if let (Some(y), Some(m), Some(d)) = (
        map.cell(row, "year"),
        map.cell(row, "month"),
        map.cell(row, "day"),
    ) {
        let date = NaiveDate::from_ymd_opt(
            y.trim().parse().ok()?,
            m.trim().parse().ok()?,
            d.trim().parse().ok()?,
        )?;
        // `Time(UTC)` normalises to `time`, which the `datetime` field takes
        let hhmm = map
            .cell(row, "acq_time")
            .or_else(|| map.cell(row, "datetime"))
            .unwrap_or("0000");
        let time = parse_hhmm(hhmm)?;
        return Some(date.and_time(time));
    }
    let v = map.cell(row, "datetime")?;
    parse_datetime(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_without_leading_zeros() {
        assert_eq!(parse_hhmm("822"), NaiveTime::from_hms_opt(8, 22, 0));
        assert_eq!(parse_hhmm("5"), NaiveTime::from_hms_opt(0, 5, 0));
        assert_eq!(parse_hhmm("2460"), None);
        assert_eq!(parse_hhmm("12345"), None);
        assert_eq!(parse_hhmm("21:30"), NaiveTime::from_hms_opt(21, 30, 0));
    }

    #[test]
    fn datetimes() {
        let d = parse_datetime("2022/5/31 21:30").unwrap();
        assert_eq!(d.to_string(), "2022-05-31 21:30:00");
        assert_eq!(
            parse_datetime("2022-06-01").unwrap().to_string(),
            "2022-06-01 00:00:00"
        );
        assert!(parse_datetime("yesterday").is_none());
    }

    #[test]
    fn viirs_with_instrument_and_type_columns() {
        let csv = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_ti5,frp,daynight,type\n\
                   31.5,120.7,330.1,0.4,0.4,2022-06-01,1805,N,VIIRS,h,2.0NRT,290.1,3.2,N,0\n\
                   31.6,120.8,330.1,0.4,0.4,2022-06-01,bad,N,VIIRS,n,2.0NRT,290.1,3.2,N,0\n";
        let r = read_fires(csv.as_bytes(), "v.csv", Crs::Wgs84);
        assert_eq!(r.report.format, "FIRMS VIIRS");
        assert_eq!(r.items.len(), 1);
        let f = &r.items[0];
        assert_eq!(f.time_bj.to_string(), "2022-06-02 02:05:00");
        assert_eq!(f.confidence_pct, 90.0);
        assert_eq!(f.daynight, Some(DayNight::Night));
        assert_eq!(f.fire_type, Some(0));
        assert_eq!(r.report.errors.len(), 1);
        assert_eq!(r.report.errors[0].row, Some(3));
        assert_eq!(r.report.errors[0].code, "E_BAD_TIME");
    }

    #[test]
    fn himawari_with_two_comment_lines() {
        let csv = "# acquisition 2022-05-31 05:00 UTC, processed 2022-05-31 05:40 UTC\n\
                   # ID, Year, Month, Day, Time(UTC), Lat, Lon, Area(km^2), Volcano, Level, Reliability, FRP(Wm^-2), QF, Hot(ID)\n\
                   1, 2022, 05, 31, 0500, 31.58, 120.96, 4.8, 0, 2, 3, 25.1, 0, 1\n";
        let r = read_fires(
            csv.as_bytes(),
            "H08_20220531_0500_L2WLF010_FLDK.06001_06001.csv",
            Crs::Wgs84,
        );
        assert_eq!(r.report.format, "Himawari L2WLF", "{:?}", r.report);
        assert_eq!(r.items.len(), 1, "{:?}", r.report.errors);
        assert_eq!(r.items[0].time_bj.to_string(), "2022-05-31 13:00:00");
        assert_eq!(r.items[0].source, FireSource::Himawari);
        assert_eq!(r.items[0].area_m2, None);
        assert_eq!(r.items[0].confidence_pct, 60.0, "reliability 3 of 5");
    }

    #[test]
    fn manual_points_in_gcj02() {
        let csv =
            "经度,纬度,时间,来源,面积,备注\n120.6330,31.2900,2022-05-31 21:30,无人机,300,麦田\n";
        let r = read_fires(csv.as_bytes(), "m.csv", Crs::Gcj02);
        assert_eq!(r.report.format, "人工录入");
        let f = &r.items[0];
        assert_eq!(f.area_m2, Some(300.0));
        assert!(f.note.contains("无人机"));
        assert!(
            (f.location.lon - 120.633).abs() > 1e-3,
            "converted from GCJ-02"
        );
    }
}
