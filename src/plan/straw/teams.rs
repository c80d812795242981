//! Patrol teams: a base, a shift and vehicles, read from a CSV file.
//!
//! Columns `name,lon,lat,shift_start,shift_end` (Chinese `名称,经度,纬度,开始,结束` and the
//! usual variants), optionally `vehicles` (`车辆`, default 1) and `district` (`区县`/`乡镇`).
//! Times are Beijing `HH:MM`; an end at or before the start means the shift crosses midnight
//! (`18:00,06:00`). The file may be UTF-8 or GBK; every bad row is reported with its row,
//! field, reason and what to do, and the good rows are used (the foundation's import rules).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::{parse_number, read_position, read_table, ColumnMap, FieldSpec, Row};
use crate::model::LonLat;

/// `data/suzhou/teams_demo.csv`: **demo** patrol teams at district centres (not real bases).
pub const DEMO_TEAMS_CSV: &str = include_str!("../../../data/suzhou/teams_demo.csv");

/// A patrol team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    /// Name, unique within a file (e.g. `相城区夜班`).
    pub name: String,
    /// Where the team starts and ends its shift (WGS-84).
    pub base: LonLat,
    /// Shift start, Beijing time.
    #[serde(with = "hhmm")]
    pub shift_start: NaiveTime,
    /// Shift end, Beijing time; at or before the start: the next day.
    #[serde(with = "hhmm")]
    pub shift_end: NaiveTime,
    /// Vehicles (one route each), at least 1.
    #[serde(default = "one")]
    pub vehicles: u32,
    /// District or town, for display.
    #[serde(default)]
    pub district: String,
}

fn one() -> u32 {
    1
}

impl Team {
    /// True when the shift ends the next day.
    pub fn crosses_midnight(&self) -> bool {
        self.shift_end <= self.shift_start
    }

    /// True for a night shift: it crosses midnight, starts at or after 18:00, or ends at or
    /// before 06:00.
    pub fn is_night_shift(&self) -> bool {
        self.crosses_midnight() || self.shift_start.hour() >= 18 || self.shift_end.hour() < 6
    }

    /// Start and end of the shift that begins on `date`.
    pub fn shift_on(&self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        let start = date.and_time(self.shift_start);
        let mut end = date.and_time(self.shift_end);
        if self.crosses_midnight() {
            end += Duration::days(1);
        }
        (start, end)
    }
}

/// `HH:MM` (de)serialisation of a time of day.
pub(crate) mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_time(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("无法识别的时间「{s}」：写成 HH:MM")))
    }
}

/// `HH:MM`, `H:MM`, `HH:MM:SS`, `HHMM` or `24:00` (midnight).
pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    let t = crate::io::fullwidth_to_ascii(s)
        .trim()
        .replace(['：', '.'], ":");
    if t == "24:00" || t == "2400" {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    for f in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(&t, f) {
            return Some(time);
        }
    }
    if (3..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        let v: u32 = t.parse().ok()?;
        return NaiveTime::from_hms_opt(v / 100, v % 100, 0);
    }
    None
}

/// Teams read from a file, with every problem found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamsImport {
    /// The good rows.
    pub teams: Vec<Team>,
    /// Skipped rows (errors) and corrected rows (warnings), located.
    pub issues: Vec<Issue>,
    /// Field key → the header used for it.
    pub columns: BTreeMap<String, String>,
}

const SPECS: &[FieldSpec] = &[
    FieldSpec {
        key: "name",
        aliases: &["名称", "队伍", "队名", "队伍名称", "巡查队", "name", "team"],
        required: true,
    },
    FieldSpec {
        key: "lon",
        aliases: &["经度", "lon", "lng", "longitude", "x", "基地经度"],
        required: false,
    },
    FieldSpec {
        key: "lat",
        aliases: &["纬度", "lat", "latitude", "y", "基地纬度"],
        required: false,
    },
    FieldSpec {
        key: "lonlat",
        aliases: &["坐标", "经纬度", "lonlat", "lnglat", "基地坐标"],
        required: false,
    },
    FieldSpec {
        key: "shift_start",
        aliases: &[
            "开始",
            "开始时间",
            "班次开始",
            "上班",
            "上班时间",
            "shiftstart",
            "start",
        ],
        required: true,
    },
    FieldSpec {
        key: "shift_end",
        aliases: &[
            "结束",
            "结束时间",
            "班次结束",
            "下班",
            "下班时间",
            "shiftend",
            "end",
        ],
        required: true,
    },
    FieldSpec {
        key: "vehicles",
        aliases: &["车辆", "车辆数", "车辆数量", "vehicles", "cars"],
        required: false,
    },
    FieldSpec {
        key: "district",
        aliases: &["区县", "乡镇", "辖区", "district", "town"],
        required: false,
    },
];

/// Reads a teams CSV (UTF-8 or GBK) in `crs`.
///
/// ```
/// use zouhang::{crs::Crs, plan::straw::read_teams};
/// let csv = "名称,经度,纬度,开始,结束\n相城夜班,120.64,31.37,18:00,06:00\n坏行,120.6,31.3,25:00,06:00\n";
/// let r = read_teams(csv.as_bytes(), "teams.csv", Crs::Wgs84);
/// assert_eq!(r.teams.len(), 1);
/// assert!(r.teams[0].crosses_midnight());
/// assert_eq!(r.issues[0].code, "E_BAD_TIME");
/// assert_eq!(r.issues[0].row, Some(3));
/// ```
pub fn read_teams(bytes: &[u8], file: &str, crs: Crs) -> TeamsImport {
    let mut out = TeamsImport {
        teams: Vec::new(),
        issues: Vec::new(),
        columns: BTreeMap::new(),
    };
    let table = match read_table(bytes, file) {
        Ok(t) => t,
        Err(e) => {
            out.issues.push(e.to_issue());
            return out;
        }
    };
    out.issues.extend(table.issues.iter().cloned());
    let map = match ColumnMap::resolve(file, &table.headers, SPECS) {
        Ok(m) => m,
        Err(e) => {
            out.issues.push(e.to_issue());
            return out;
        }
    };
    out.columns = map.mapped.clone();
    if !((map.has("lon") && map.has("lat")) || map.has("lonlat")) {
        out.issues.push(
            Issue::error(
                "E_MISSING_COLUMN",
                "缺少基地坐标列：需要“经度”和“纬度”两列",
                "在表头中加入 经度/纬度（或 lon/lat）列",
            )
            .in_file(file),
        );
        return out;
    }
    for row in &table.rows {
        let mut warnings = Vec::new();
        match parse_team(&map, row, file, crs, &mut warnings) {
            Ok(mut team) => {
                if out.teams.iter().any(|t| t.name == team.name) {
                    let renamed = format!("{}（第{}行）", team.name, row.line);
                    warnings.push(
                        Issue::warning(
                            "W_DUPLICATE_ID",
                            format!("队伍名称「{}」重复，已改名为「{renamed}」", team.name),
                            "每支队伍用不同的名称",
                        )
                        .in_file(file)
                        .at_row(row.line)
                        .at_field(map.header("name")),
                    );
                    team.name = renamed;
                }
                out.teams.push(team);
            }
            Err(issue) => out.issues.push(issue),
        }
        out.issues.extend(warnings);
    }
    out
}

fn parse_team(
    map: &ColumnMap,
    row: &Row,
    file: &str,
    crs: Crs,
    warnings: &mut Vec<Issue>,
) -> Result<Team, Issue> {
    let locate = |i: Issue, key: &str| i.in_file(file).at_row(row.line).at_field(map.header(key));
    let name = map
        .cell(row, "name")
        .ok_or_else(|| {
            locate(
                Issue::error("E_MISSING_VALUE", "队伍名称为空", "填写队伍名称"),
                "name",
            )
        })?
        .to_string();
    let base = read_position(map, row, file, crs, warnings)?;
    let time = |key: &str, what: &str| -> Result<NaiveTime, Issue> {
        let v = map.cell(row, key).ok_or_else(|| {
            locate(
                Issue::error(
                    "E_MISSING_VALUE",
                    format!("{what}为空"),
                    "填写北京时间 HH:MM，如 08:00",
                ),
                key,
            )
        })?;
        parse_time(v).ok_or_else(|| {
            locate(
                Issue::error(
                    "E_BAD_TIME",
                    format!("无法识别的{what}「{v}」"),
                    "写成 HH:MM（北京时间），如 18:00；结束早于开始表示跨零点",
                ),
                key,
            )
        })
    };
    let shift_start = time("shift_start", "班次开始时间")?;
    let shift_end = time("shift_end", "班次结束时间")?;
    let vehicles = match map.cell(row, "vehicles") {
        None => 1,
        Some(v) => match parse_number(v) {
            Some(n) if (1.0..=20.0).contains(&n) && n.fract() == 0.0 => n as u32,
            _ => {
                warnings.push(locate(
                    Issue::warning(
                        "W_BAD_NUMBER",
                        format!("车辆数「{v}」无效，按 1 辆处理"),
                        "填写 1–20 的整数",
                    ),
                    "vehicles",
                ));
                1
            }
        },
    };
    Ok(Team {
        name,
        base,
        shift_start,
        shift_end,
        vehicles,
        district: map.cell(row, "district").unwrap_or_default().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_teams_load_cleanly_with_day_and_night_shifts() {
        let r = read_teams(DEMO_TEAMS_CSV.as_bytes(), "teams_demo.csv", Crs::Wgs84);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert!(r.teams.iter().any(|t| t.is_night_shift()));
        assert!(r.teams.iter().any(|t| !t.is_night_shift()));
    }

    #[test]
    fn english_headers_gbk_and_row_problems() {
        let csv = "name,lon,lat,shift_start,shift_end,vehicles\n\
                   A,120.6,31.3,8:00,18:00,2\n\
                   A,120.7,31.3,0800,1800,x\n\
                   ,120.7,31.3,08:00,18:00,1\n\
                   C,abc,31.3,08:00,18:00,1\n";
        let r = read_teams(&crate::io::encode_gbk(csv), "t.csv", Crs::Wgs84);
        assert_eq!(r.teams.len(), 2);
        assert_eq!(r.teams[0].vehicles, 2);
        assert_eq!(r.teams[1].name, "A（第3行）");
        let codes: Vec<(&str, Option<u64>)> =
            r.issues.iter().map(|i| (i.code.as_str(), i.row)).collect();
        assert_eq!(
            codes,
            [
                ("W_BAD_NUMBER", Some(3)),
                ("W_DUPLICATE_ID", Some(3)),
                ("E_MISSING_VALUE", Some(4)),
                ("E_COORD_FORMAT", Some(5)),
            ]
        );
    }

    #[test]
    fn shifts_across_midnight() {
        let t = Team {
            name: "n".into(),
            base: LonLat::new(120.6, 31.3),
            shift_start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            shift_end: NaiveTime::from_hms_opt(4, 0, 0).unwrap(),
            vehicles: 1,
            district: String::new(),
        };
        let (s, e) = t.shift_on(NaiveDate::from_ymd_opt(2022, 5, 31).unwrap());
        assert_eq!(s.to_string(), "2022-05-31 20:00:00");
        assert_eq!(e.to_string(), "2022-06-01 04:00:00");
        assert!(t.is_night_shift());
        assert_eq!(parse_time("24:00"), NaiveTime::from_hms_opt(0, 0, 0));
        assert_eq!(parse_time("18：30"), NaiveTime::from_hms_opt(18, 30, 0));
        assert_eq!(parse_time("25:00"), None);
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.contains(r#""shift_start":"20:00""#), "{json}");
        let back: Team = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
    }
}
