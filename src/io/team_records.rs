//! Reading a patrol team's records file (`zouhang-team-records`, version 1; `*.zhrec.json`):
//! what team mode on a phone exports — stops marked arrived/done/skipped, the start and end of a
//! 走航 run's measuring segment, fire verifications with their photos — for the dispatcher to
//! import. The layout is specified in `docs/FIELD.md`.
//!
//! The file is user input that travelled through messengers and cables. The reader never panics
//! and refuses a damaged file as a whole (a half-read file would silently lose the team's work):
//! UTF-8 text, JSON syntax (line and column), `format`, `version`, the shape of each part (the
//! record or photo number and the field), then the content, every problem at once — ids present
//! and unique, times ISO 8601 with an offset, positions valid longitude/latitude, a reason for a
//! skipped stop, a verification's fields, photos that decode and belong to a record.

use std::collections::HashSet;

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Issue, Severity};

/// The `format` value of a team records file.
pub const TEAM_RECORDS_FORMAT: &str = "zouhang-team-records";
/// The newest layout version this build reads.
pub const TEAM_RECORDS_VERSION: u32 = 1;

/// Which published plan the records belong to: the registry id and when that plan was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRef {
    /// Registry id (`month`, `straw`, `routes`, `draw-inspection`, …).
    pub id: String,
    /// Plan kind (`month`, `straw`, …).
    #[serde(default)]
    pub kind: String,
    /// Plan title.
    #[serde(default)]
    pub title: String,
    /// When the plan was made (ISO 8601 with offset), as in the team link.
    #[serde(default)]
    pub made_at: String,
}

/// The route of the plan the team drove.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteRef {
    /// Route id within the plan.
    pub id: String,
    /// Route name.
    #[serde(default)]
    pub name: String,
    /// Team or vehicle.
    #[serde(default)]
    pub team: String,
}

/// What a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A stop marked arrived, done or skipped.
    Stop,
    /// The measuring segment of a 走航 run started.
    MeasureStart,
    /// The measuring segment ended.
    MeasureEnd,
    /// A fire verification of an incident (a straw dispatch's stop).
    Verification,
}

/// The state a stop was marked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopStatus {
    /// 已到达.
    Arrived,
    /// 已完成.
    Done,
    /// 跳过 (with a reason).
    Skipped,
}

/// What was found at a verified incident (the straw verification form's fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldVerification {
    /// Whether a fire or burn scar was found.
    pub found: bool,
    /// `straw`, `garbage`, `other` or `false_alarm`; none when not chosen.
    #[serde(default)]
    pub kind: Option<String>,
    /// Burned area, m².
    #[serde(default)]
    pub area_m2: Option<f64>,
    /// Team that verified.
    #[serde(default)]
    pub team: String,
    /// Free note.
    #[serde(default)]
    pub note: String,
}

/// One record from the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamRecord {
    /// Unique, stable id (a UUID made on the phone): the key records merge by.
    pub id: String,
    /// What it is.
    pub kind: RecordKind,
    /// The stop (stop records) or incident (verifications) it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_id: Option<String>,
    /// Stop records: arrived, done or skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StopStatus>,
    /// Why a stop was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When, ISO 8601 with the phone's offset.
    pub at: String,
    /// The phone's position `[lon, lat]` (WGS-84), when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Accuracy of `location`, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy_m: Option<f64>,
    /// Verifications: what was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<FieldVerification>,
    /// Ids of the photos taken with this record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
}

/// A photo, downscaled on the phone, carried in the file as base64.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamPhoto {
    /// Unique id.
    pub id: String,
    /// The record it was taken with.
    pub record_id: String,
    /// MIME type, `image/jpeg` or another `image/*`.
    #[serde(rename = "type")]
    pub mime: String,
    /// Pixels.
    #[serde(default)]
    pub width: u32,
    /// Pixels.
    #[serde(default)]
    pub height: u32,
    /// Size of the image, bytes (as the phone counted it).
    #[serde(default)]
    pub bytes: u64,
    /// The image, standard base64.
    pub data: String,
}

/// A team records file as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamRecordsFile {
    /// Always `zouhang-team-records`.
    pub format: String,
    /// Layout version.
    pub version: u32,
    /// The plan.
    pub plan: PlanRef,
    /// The route.
    pub route: RouteRef,
    /// Random id of the phone's team-mode install.
    #[serde(default)]
    pub device: String,
    /// When the file was exported.
    #[serde(default)]
    pub exported_at: String,
    /// The records.
    pub records: Vec<TeamRecord>,
    /// The photos.
    #[serde(default)]
    pub photos: Vec<TeamPhoto>,
}

impl TeamRecordsFile {
    /// Total size of the photos' images, bytes (decoded from base64).
    pub fn photo_bytes(&self) -> u64 {
        self.photos
            .iter()
            .map(|p| base64_len(&p.data).unwrap_or(0) as u64)
            .sum()
    }
}

/// A file read, with the warnings that did not stop it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRecordsRead {
    /// The file.
    pub file: TeamRecordsFile,
    /// Problems that did not stop the read (a record naming a photo that is not in the file).
    pub warnings: Vec<Issue>,
}

/// Why a records file was refused. [`TeamRecordsError::issues`] gives the located issues.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TeamRecordsError {
    /// The file is not UTF-8 text.
    #[error("{file}：不是 UTF-8 文本文件，可能已损坏")]
    NotText {
        /// File name.
        file: String,
    },
    /// The text is not valid JSON (a truncated or damaged file).
    #[error("{file}：文件已损坏（JSON 第 {line} 行第 {column} 列：{reason}）")]
    NotJson {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        reason: String,
    },
    /// Not a team records file.
    #[error("{file}：不是巡查端记录文件（format 为「{found}」，应为 zouhang-team-records）")]
    WrongFormat {
        /// File name.
        file: String,
        /// The `format` found.
        found: String,
    },
    /// Written by a newer team mode.
    #[error(
        "{file}：此记录文件由更新版本的巡查端写出（版本 {version}，本程序支持到 {supported}）"
    )]
    NewerVersion {
        /// File name.
        file: String,
        /// The file's version.
        version: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A part is missing or has the wrong type.
    #[error("{file}：{place}：{reason}")]
    Shape {
        /// File name.
        file: String,
        /// Where: `plan`, `第 3 条记录`, `第 1 张照片`.
        place: String,
        /// 1-based record or photo number, when in one.
        item: Option<u64>,
        /// The part: `plan`, `route`, `records`, `photos`.
        part: String,
        /// What is wrong.
        reason: String,
    },
    /// The content has errors (see the issues).
    #[error("{file}：记录内容有 {} 处错误，整个文件未导入", .issues.iter().filter(|i| i.severity == Severity::Error).count())]
    Invalid {
        /// File name.
        file: String,
        /// Every problem found (errors and warnings).
        issues: Vec<Issue>,
    },
}

const ACTION_FILE: &str = "请巡查端重新导出记录文件，再导入";

impl TeamRecordsError {
    /// The located issues, each with a stable code and an action.
    pub fn issues(&self) -> Vec<Issue> {
        match self {
            TeamRecordsError::NotText { file } => {
                vec![Issue::error("E_RECORDS_JSON", "不是 UTF-8 文本", ACTION_FILE).in_file(file)]
            }
            TeamRecordsError::NotJson {
                file,
                line,
                column,
                reason,
            } => vec![Issue::error(
                "E_RECORDS_JSON",
                format!("JSON 无法解析（第 {line} 行第 {column} 列：{reason}）"),
                ACTION_FILE,
            )
            .in_file(file)
            .at_row(*line as u64)],
            TeamRecordsError::WrongFormat { file, found } => vec![Issue::error(
                "E_RECORDS_FORMAT",
                format!("format 为「{found}」，不是巡查端记录文件"),
                "请选择巡查端导出的 .zhrec.json 文件",
            )
            .in_file(file)],
            TeamRecordsError::NewerVersion {
                file,
                version,
                supported,
            } => vec![Issue::error(
                "E_RECORDS_VERSION_NEWER",
                format!("版本 {version} 比本程序支持的版本 {supported} 新"),
                "请升级调度端后再导入",
            )
            .in_file(file)],
            TeamRecordsError::Shape {
                file,
                item,
                part,
                reason,
                place,
            } => {
                let mut i =
                    Issue::error("E_RECORDS_FIELD", format!("{place}：{reason}"), ACTION_FILE)
                        .in_file(file)
                        .at_field(part.clone());
                if let Some(n) = item {
                    i = i.at_row(*n);
                }
                vec![i]
            }
            TeamRecordsError::Invalid { issues, .. } => issues.clone(),
        }
    }
}

/// Reads a team records file's bytes; `file` names it in messages.
///
/// ```
/// use zouhang::io::read_team_records;
/// let text = r#"{"format":"zouhang-team-records","version":1,
///   "plan":{"id":"straw","made_at":"2026-06-01T20:15:00+08:00"},"route":{"id":"r1"},
///   "records":[{"id":"a","kind":"stop","stop_id":"F1","status":"done","at":"2026-06-01T21:00:00+08:00"}]}"#;
/// let read = read_team_records(text.as_bytes(), "a.zhrec.json").unwrap();
/// assert_eq!(read.file.records.len(), 1);
/// assert!(read_team_records(&text.as_bytes()[..60], "a.zhrec.json").is_err()); // truncated
/// ```
pub fn read_team_records(bytes: &[u8], file: &str) -> Result<TeamRecordsRead, TeamRecordsError> {
    let fname = file.to_string();
    let text = std::str::from_utf8(bytes).map_err(|_| TeamRecordsError::NotText {
        file: fname.clone(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| TeamRecordsError::NotJson {
        file: fname.clone(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or("");
    if format != TEAM_RECORDS_FORMAT {
        return Err(TeamRecordsError::WrongFormat {
            file: fname,
            found: if format.is_empty() {
                "无".into()
            } else {
                format.into()
            },
        });
    }
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(0);
    if version > u64::from(TEAM_RECORDS_VERSION) {
        return Err(TeamRecordsError::NewerVersion {
            file: fname,
            version,
            supported: TEAM_RECORDS_VERSION,
        });
    }
    if version == 0 {
        return Err(shape(
            file,
            "version",
            None,
            "version",
            "缺少版本号（应为 1）",
        ));
    }
    let plan: PlanRef = part(&value, file, "plan")?;
    let route: RouteRef = part(&value, file, "route")?;
    let records: Vec<TeamRecord> = items(&value, file, "records", "条记录")?;
    let photos: Vec<TeamPhoto> = match value.get("photos") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => items(&value, file, "photos", "张照片")?,
    };
    let text_of = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let doc = TeamRecordsFile {
        format: TEAM_RECORDS_FORMAT.into(),
        version: TEAM_RECORDS_VERSION,
        plan,
        route,
        device: text_of("device"),
        exported_at: text_of("exported_at"),
        records,
        photos,
    };
    let issues = validate_team_records(&doc, file);
    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(TeamRecordsError::Invalid {
            file: fname,
            issues,
        });
    }
    Ok(TeamRecordsRead {
        file: doc,
        warnings: issues,
    })
}

fn shape(file: &str, place: &str, item: Option<u64>, part: &str, reason: &str) -> TeamRecordsError {
    TeamRecordsError::Shape {
        file: file.into(),
        place: place.into(),
        item,
        part: part.into(),
        reason: reason.into(),
    }
}

fn part<T: serde::de::DeserializeOwned>(
    v: &Value,
    file: &str,
    key: &str,
) -> Result<T, TeamRecordsError> {
    let p = v
        .get(key)
        .ok_or_else(|| shape(file, key, None, key, "缺少此部分"))?;
    T::deserialize(p).map_err(|e| shape(file, key, None, key, &e.to_string()))
}

fn items<T: serde::de::DeserializeOwned>(
    v: &Value,
    file: &str,
    key: &str,
    unit: &str,
) -> Result<Vec<T>, TeamRecordsError> {
    let list = v
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| shape(file, key, None, key, "缺少列表或不是列表"))?;
    list.iter()
        .enumerate()
        .map(|(i, x)| {
            T::deserialize(x).map_err(|e| {
                let n = i as u64 + 1;
                shape(
                    file,
                    &format!("第 {n} {unit}"),
                    Some(n),
                    key,
                    &e.to_string(),
                )
            })
        })
        .collect()
}

/// The decoded length of standard base64 text (padding optional, whitespace not allowed), or
/// `None` when it is not base64.
pub fn base64_len(text: &str) -> Option<usize> {
    let t = text.trim_end_matches('=');
    if text.len() - t.len() > 2 {
        return None;
    }
    if !t
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return None;
    }
    match t.len() % 4 {
        1 => None,
        r => Some(t.len() / 4 * 3 + r.saturating_sub(1)),
    }
}

fn is_time(t: &str) -> bool {
    DateTime::parse_from_rfc3339(t).is_ok()
}

/// Checks a read file's content; every problem, located by record or photo number.
pub fn validate_team_records(doc: &TeamRecordsFile, file: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let rec = |n: usize, code: &str, field: &str, msg: String, action: &str| {
        Issue::error(code, format!("第 {n} 条记录：{msg}"), action)
            .in_file(file)
            .at_row(n as u64)
            .at_field(field)
    };
    if doc.plan.id.trim().is_empty() {
        out.push(
            Issue::error("E_RECORDS_FIELD", "缺少计划编号（plan.id）", ACTION_FILE)
                .in_file(file)
                .at_field("plan.id"),
        );
    }
    if !doc.plan.made_at.is_empty() && !is_time(&doc.plan.made_at) {
        out.push(
            Issue::error(
                "E_RECORDS_TIME",
                format!(
                    "计划生成时间「{}」不是带时区的 ISO 8601 时间",
                    doc.plan.made_at
                ),
                ACTION_FILE,
            )
            .in_file(file)
            .at_field("plan.made_at"),
        );
    }
    let mut ids = HashSet::new();
    let photo_ids: HashSet<&str> = doc.photos.iter().map(|p| p.id.as_str()).collect();
    for (i, r) in doc.records.iter().enumerate() {
        let n = i + 1;
        if r.id.trim().is_empty() {
            out.push(rec(
                n,
                "E_RECORDS_ID",
                "id",
                "缺少记录编号".into(),
                ACTION_FILE,
            ));
        } else if !ids.insert(r.id.as_str()) {
            out.push(rec(
                n,
                "E_RECORDS_ID",
                "id",
                format!("记录编号「{}」重复", r.id),
                ACTION_FILE,
            ));
        }
        if !is_time(&r.at) {
            out.push(rec(
                n,
                "E_RECORDS_TIME",
                "at",
                format!("时间「{}」不是带时区的 ISO 8601 时间", r.at),
                "检查手机时间设置后重新导出",
            ));
        }
        if let Some([lon, lat]) = r.location {
            if !(lon.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(&lon)
                && (-90.0..=90.0).contains(&lat))
            {
                out.push(rec(
                    n,
                    "E_RECORDS_COORD",
                    "location",
                    format!("位置 [{lon}, {lat}] 不是有效经纬度"),
                    ACTION_FILE,
                ));
            }
        }
        if let Some(a) = r.accuracy_m {
            if !a.is_finite() || a < 0.0 {
                out.push(rec(
                    n,
                    "E_RECORDS_COORD",
                    "accuracy_m",
                    format!("定位精度 {a} 无效"),
                    ACTION_FILE,
                ));
            }
        }
        let no_stop = r.stop_id.as_deref().is_none_or(|s| s.trim().is_empty());
        match r.kind {
            RecordKind::Stop => {
                if no_stop {
                    out.push(rec(
                        n,
                        "E_RECORDS_STOP",
                        "stop_id",
                        "停靠点记录缺少停靠点编号".into(),
                        ACTION_FILE,
                    ));
                }
                match r.status {
                    None => out.push(rec(
                        n,
                        "E_RECORDS_STOP",
                        "status",
                        "停靠点记录缺少状态（arrived、done 或 skipped）".into(),
                        ACTION_FILE,
                    )),
                    Some(StopStatus::Skipped)
                        if r.reason.as_deref().is_none_or(|s| s.trim().is_empty()) =>
                    {
                        out.push(rec(
                            n,
                            "E_RECORDS_STOP",
                            "reason",
                            "跳过的停靠点缺少原因".into(),
                            "在巡查端填写跳过原因后重新导出",
                        ));
                    }
                    _ => {}
                }
            }
            RecordKind::Verification => {
                if no_stop {
                    out.push(rec(
                        n,
                        "E_RECORDS_VERIFICATION",
                        "stop_id",
                        "核查记录缺少事件编号".into(),
                        ACTION_FILE,
                    ));
                }
                match &r.verification {
                    None => out.push(rec(
                        n,
                        "E_RECORDS_VERIFICATION",
                        "verification",
                        "核查记录缺少核查内容".into(),
                        ACTION_FILE,
                    )),
                    Some(v) => {
                        let kind = v.kind.as_deref().unwrap_or("");
                        if !["", "straw", "garbage", "other", "false_alarm"].contains(&kind) {
                            out.push(rec(n, "E_RECORDS_VERIFICATION", "verification.kind", format!("类型「{kind}」无效（应为 straw、garbage、other 或 false_alarm）"), ACTION_FILE));
                        }
                        if let Some(a) = v.area_m2 {
                            if !a.is_finite() || !(0.0..=10_000_000.0).contains(&a) {
                                out.push(rec(
                                    n,
                                    "E_RECORDS_VERIFICATION",
                                    "verification.area_m2",
                                    format!("过火面积 {a} m² 无效"),
                                    ACTION_FILE,
                                ));
                            }
                        }
                    }
                }
            }
            RecordKind::MeasureStart | RecordKind::MeasureEnd => {}
        }
        for p in &r.photos {
            if !photo_ids.contains(p.as_str()) {
                out.push(
                    Issue::warning(
                        "W_RECORDS_PHOTO_MISSING",
                        format!("第 {n} 条记录的照片「{p}」不在文件中"),
                        "照片可能未随文件导出：请巡查端重新导出",
                    )
                    .in_file(file)
                    .at_row(n as u64)
                    .at_field("photos"),
                );
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, p) in doc.photos.iter().enumerate() {
        let n = i + 1;
        let bad = |msg: String| {
            Issue::error(
                "E_RECORDS_PHOTO",
                format!("第 {n} 张照片：{msg}"),
                ACTION_FILE,
            )
            .in_file(file)
            .at_row(n as u64)
            .at_field("photos")
        };
        if p.id.trim().is_empty() || !seen.insert(p.id.as_str()) {
            out.push(bad(format!("照片编号「{}」为空或重复", p.id)));
        }
        if !ids.contains(p.record_id.as_str()) {
            out.push(bad(format!("所属记录「{}」不在文件中", p.record_id)));
        }
        if !p.mime.starts_with("image/") {
            out.push(bad(format!("类型「{}」不是图片", p.mime)));
        }
        match base64_len(&p.data) {
            None | Some(0) => out.push(bad("图片数据已损坏（不是 base64）".into())),
            Some(len) if p.bytes != 0 && p.bytes != len as u64 => out.push(bad(format!(
                "图片大小 {len} 字节与记录的 {} 字节不符，文件可能被截断",
                p.bytes
            ))),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_lengths() {
        assert_eq!(base64_len("TWFu"), Some(3));
        assert_eq!(base64_len("TWE="), Some(2));
        assert_eq!(base64_len("TWE"), Some(2));
        assert_eq!(base64_len("TQ=="), Some(1));
        assert_eq!(base64_len("T"), None);
        assert_eq!(base64_len("TW E"), None);
        assert_eq!(base64_len("TQ==="), None);
        assert_eq!(base64_len(""), Some(0));
    }

    #[test]
    fn never_panics_on_prefixes() {
        let text = r#"{"format":"zouhang-team-records","version":1,"plan":{"id":"x"},"route":{"id":"r"},"records":[],"photos":[]}"#;
        for end in 0..text.len() {
            let _ = read_team_records(&text.as_bytes()[..end], "t");
        }
        assert!(read_team_records(text.as_bytes(), "t").is_ok());
    }
}
