//! Reading a plan document from a file: a bare [`PlanDocument`] or any JSON object that carries
//! one under the key `"plan"` (every planning command's `--json` output does).
//!
//! A plan file is user input. The reader never panics; it says what is wrong in Chinese with a
//! stable code, the line (for syntax and shape errors) or the route/stop (for content errors),
//! and what to do. Checks run in this order, each stopping the read when it fails: UTF-8 text,
//! JSON syntax, a plan is there (`format` = `zouhang-plan`), its `version` (newer → "written by a
//! newer version"; older → migrated where a migration exists), the shape (every required field
//! with the right type), then the content ([`validate_plan`], all problems at once).

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Issue, Severity};
use crate::model::{PlanDocument, PLAN_DOCUMENT_VERSION};

/// The `format` value of a plan document.
pub const PLAN_FORMAT: &str = "zouhang-plan";

/// Why a plan file could not be read. [`PlanReadError::issues`] gives the located issues.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanReadError {
    /// The file is not UTF-8 text.
    #[error("{file}：不是 UTF-8 文本文件")]
    NotText {
        /// File name.
        file: String,
    },
    /// The text is not valid JSON.
    #[error("{file}：不是有效的 JSON（第 {line} 行第 {column} 列：{reason}）")]
    NotJson {
        /// File name.
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        reason: String,
    },
    /// Valid JSON, but no plan document in it.
    #[error("{file}：不是走航计划文件（缺少 \"format\": \"zouhang-plan\"，也没有 \"plan\" 字段）")]
    NotAPlan {
        /// File name.
        file: String,
    },
    /// A `format` other than `zouhang-plan`.
    #[error("{file}：文件格式为「{found}」，不是走航计划（zouhang-plan）")]
    WrongFormat {
        /// File name.
        file: String,
        /// The `format` found.
        found: String,
    },
    /// Written by a newer version of the planner.
    #[error(
        "{file}：此文件由更新版本的走航规划工具写出（版本 {version}，本程序支持到 {supported}）"
    )]
    NewerVersion {
        /// File name.
        file: String,
        /// The file's version.
        version: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// An older layout that cannot be migrated.
    #[error("{file}：版本 {version} 的计划文件无法读取（本程序读取版本 1 至 {supported}）")]
    OlderVersion {
        /// File name.
        file: String,
        /// The file's version.
        version: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A field is missing or has the wrong type.
    #[error("{file}：第 {line} 行：{reason}")]
    Shape {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The field, when known.
        field: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// The content has errors (see the issues).
    #[error("{file}：计划内容有 {} 处错误", .issues.iter().filter(|i| i.severity == Severity::Error).count())]
    Invalid {
        /// File name.
        file: String,
        /// Every problem found (errors and warnings).
        issues: Vec<Issue>,
    },
}

impl PlanReadError {
    /// The located issues, each with a stable code and an action.
    pub fn issues(&self) -> Vec<Issue> {
        match self {
            PlanReadError::NotText { file } => vec![Issue::error(
                "E_PLAN_JSON",
                "文件不是 UTF-8 文本",
                "选择由走航规划工具保存的计划 JSON 文件",
            )
            .in_file(file)],
            PlanReadError::NotJson {
                file, line, reason, ..
            } => vec![Issue::error(
                "E_PLAN_JSON",
                format!("不是有效的 JSON：{reason}"),
                "选择由走航规划工具保存的计划 JSON 文件；若曾手工修改，检查该行附近的引号、逗号和括号",
            )
            .in_file(file)
            .at_row(*line as u64)],
            PlanReadError::NotAPlan { file } => vec![Issue::error(
                "E_PLAN_FORMAT",
                "文件中没有走航计划（需要 \"format\": \"zouhang-plan\"，或含 \"plan\" 字段的命令输出）",
                "用规划命令的 --json 输出或导出面板保存的计划文件",
            )
            .in_file(file)],
            PlanReadError::WrongFormat { file, found } => vec![Issue::error(
                "E_PLAN_FORMAT",
                format!("文件格式为「{found}」，不是走航计划"),
                "工作区文件请用「打开工作区」；计划文件的 format 应为 zouhang-plan",
            )
            .in_file(file)
            .at_field("format")],
            PlanReadError::NewerVersion { file, version, .. } => vec![Issue::error(
                "E_PLAN_VERSION_NEWER",
                format!("此文件由更新版本的走航规划工具写出（版本 {version}）"),
                "升级本程序后再打开，或请对方用当前版本导出",
            )
            .in_file(file)
            .at_field("version")],
            PlanReadError::OlderVersion { file, version, .. } => vec![Issue::error(
                "E_PLAN_VERSION_OLD",
                format!("版本 {version} 的计划文件无法迁移到当前格式"),
                "用当前版本重新规划并保存",
            )
            .in_file(file)
            .at_field("version")],
            PlanReadError::Shape {
                file,
                line,
                field,
                reason,
            } => {
                let mut i = Issue::error(
                    "E_PLAN_FIELD",
                    reason.clone(),
                    "补上缺少的字段或改正其类型（见 docs/EXPORTS.md 的计划文件格式）",
                )
                .in_file(file)
                .at_row(*line as u64);
                if let Some(f) = field {
                    i = i.at_field(f.clone());
                }
                vec![i]
            }
            PlanReadError::Invalid { issues, .. } => issues.clone(),
        }
    }
}

/// A plan read from a file, with the warnings about its content.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRead {
    /// The document.
    pub plan: PlanDocument,
    /// Warnings (the plan is usable).
    pub warnings: Vec<Issue>,
}

#[derive(Deserialize)]
struct Wrapped {
    plan: PlanDocument,
}

/// Reads a plan document from a file's bytes (a bare document or an object with a `"plan"`).
///
/// ```
/// use zouhang::io::{read_plan, PlanReadError};
/// let out = r#"{"routes_found": 1, "plan": {"format": "zouhang-plan", "version": 1, "kind": "routes",
///   "title": "t", "routes": [{"id": "r1", "name": "r", "team": "", "distance_m": 0, "duration_s": 0,
///   "stops": [{"id": "a", "name": "甲", "location": {"lon": 120.6, "lat": 31.3}, "kind": "visit"}]}]}}"#;
/// let p = read_plan(out.as_bytes(), "out.json").unwrap();
/// assert_eq!(p.plan.routes[0].stops[0].name, "甲");
/// let newer = r#"{"format": "zouhang-plan", "version": 99}"#;
/// assert!(matches!(read_plan(newer.as_bytes(), "f"), Err(PlanReadError::NewerVersion { .. })));
/// ```
pub fn read_plan(bytes: &[u8], file: &str) -> Result<PlanRead, PlanReadError> {
    let file = file.to_string();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text =
        std::str::from_utf8(bytes).map_err(|_| PlanReadError::NotText { file: file.clone() })?;
    let value: Value = serde_json::from_str(text).map_err(|e| PlanReadError::NotJson {
        file: file.clone(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    let (doc_value, wrapped) = match &value {
        Value::Object(m) if m.get("plan").is_some_and(Value::is_object) => {
            (m.get("plan").unwrap_or(&Value::Null), true)
        }
        Value::Object(m) if m.contains_key("format") => (&value, false),
        _ => return Err(PlanReadError::NotAPlan { file }),
    };
    match doc_value.get("format") {
        Some(Value::String(f)) if f == PLAN_FORMAT => {}
        Some(Value::String(f)) => {
            return Err(PlanReadError::WrongFormat {
                file,
                found: f.clone(),
            })
        }
        _ => return Err(PlanReadError::NotAPlan { file }),
    }
    let version = match doc_value.get("version") {
        Some(v) => v.as_u64().ok_or_else(|| PlanReadError::Shape {
            file: file.clone(),
            line: 1,
            field: Some("version".into()),
            reason: "version 应为正整数".into(),
        })?,
        None => {
            return Err(PlanReadError::Shape {
                file,
                line: 1,
                field: Some("version".into()),
                reason: "缺少 version 字段".into(),
            })
        }
    };
    if version > u64::from(PLAN_DOCUMENT_VERSION) {
        return Err(PlanReadError::NewerVersion {
            file,
            version,
            supported: PLAN_DOCUMENT_VERSION,
        });
    }
    if version < 1 {
        // Version 1 is the first layout; there is nothing older to migrate from. When version 2
        // arrives, version-1 documents are migrated here (on the JSON value) before parsing.
        return Err(PlanReadError::OlderVersion {
            file,
            version,
            supported: PLAN_DOCUMENT_VERSION,
        });
    }
    // Parse the typed document from the text (not the value) so that errors keep their line.
    let parsed = if wrapped {
        serde_json::from_str::<Wrapped>(text).map(|w| w.plan)
    } else {
        serde_json::from_str::<PlanDocument>(text)
    };
    let plan = parsed.map_err(|e| shape_error(&file, &e))?;
    let issues = validate_plan(&plan)
        .into_iter()
        .map(|i| i.in_file(file.clone()))
        .collect::<Vec<_>>();
    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(PlanReadError::Invalid { file, issues });
    }
    Ok(PlanRead {
        plan,
        warnings: issues,
    })
}

fn shape_error(file: &str, e: &serde_json::Error) -> PlanReadError {
    let msg = e.to_string();
    // serde's messages name the field in backquotes: "missing field `name` at line 3 column 5"
    let field = msg
        .split('`')
        .nth(1)
        .filter(|f| !f.is_empty() && f.len() < 40)
        .map(str::to_string);
    let what = msg.split(" at line").next().unwrap_or(&msg);
    let reason = if what.starts_with("missing field") {
        format!(
            "缺少字段「{}」",
            field.clone().unwrap_or_else(|| what.to_string())
        )
    } else if what.starts_with("invalid type") {
        format!("字段类型不对（{what}）")
    } else {
        what.to_string()
    };
    PlanReadError::Shape {
        file: file.to_string(),
        line: e.line(),
        field,
        reason,
    }
}

/// Checks a plan's content; returns every problem at once. Errors make a plan unusable for
/// export; warnings are fixed silently by the writers (bad geometry vertices are skipped).
///
/// Issue `row` is the 1-based route number; `field` names the place, e.g.
/// `routes[2].stops[5].location`.
pub fn validate_plan(doc: &PlanDocument) -> Vec<Issue> {
    let mut out = Vec::new();
    if doc.routes.is_empty() {
        out.push(Issue::error(
            "E_PLAN_NO_ROUTES",
            "计划中没有路线",
            "先规划出至少一条路线再导出",
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for (ri, r) in doc.routes.iter().enumerate() {
        let row = ri as u64 + 1;
        let at = |f: String| format!("routes[{}].{f}", ri + 1);
        if !ids.insert(r.id.as_str()) {
            out.push(
                Issue::warning(
                    "W_PLAN_DUPLICATE_ROUTE",
                    format!("路线编号「{}」重复", r.id),
                    "给每条路线不同的编号，否则导航链接和文件中难以区分",
                )
                .at_row(row)
                .at_field(at("id".into())),
            );
        }
        if r.stops.is_empty() {
            out.push(
                Issue::error(
                    "E_PLAN_EMPTY_ROUTE",
                    format!("路线「{}」没有停靠点", r.name),
                    "删除这条路线或重新规划",
                )
                .at_row(row)
                .at_field(at("stops".into())),
            );
        }
        for (si, s) in r.stops.iter().enumerate() {
            if !s.location.is_valid() {
                out.push(
                    Issue::error(
                        "E_PLAN_COORD",
                        format!(
                            "停靠点 {}「{}」的坐标无效（经度 {}，纬度 {}）",
                            si + 1,
                            s.name,
                            s.location.lon,
                            s.location.lat
                        ),
                        "经度应在 −180 至 180、纬度在 −90 至 90 之间，且为数字",
                    )
                    .at_row(row)
                    .at_field(at(format!("stops[{}].location", si + 1))),
                );
            }
            if s.name.trim().is_empty() && s.id.trim().is_empty() {
                out.push(
                    Issue::warning(
                        "W_PLAN_NO_NAME",
                        format!("停靠点 {} 既无名称也无编号", si + 1),
                        "补上名称，否则导出文件中只显示序号",
                    )
                    .at_row(row)
                    .at_field(at(format!("stops[{}].name", si + 1))),
                );
            }
            if !s.service_s.is_finite() || s.service_s < 0.0 {
                out.push(
                    Issue::warning(
                        "W_PLAN_NUMBER",
                        format!("停靠点 {} 的停留时间无效，按 0 处理", si + 1),
                        "停留时间应为非负秒数",
                    )
                    .at_row(row)
                    .at_field(at(format!("stops[{}].service_s", si + 1))),
                );
            }
        }
        let bad_vertices = r.geometry.iter().filter(|p| !p.is_valid()).count();
        if bad_vertices > 0 {
            out.push(
                Issue::warning(
                    "W_PLAN_GEOMETRY",
                    format!(
                        "路线「{}」的轨迹中有 {bad_vertices} 个无效坐标，导出时略去",
                        r.name
                    ),
                    "重新规划该路线以得到完整轨迹",
                )
                .at_row(row)
                .at_field(at("geometry".into())),
            );
        }
        for (name, v) in [("distance_m", r.distance_m), ("duration_s", r.duration_s)] {
            if !v.is_finite() || v < 0.0 {
                out.push(
                    Issue::warning(
                        "W_PLAN_NUMBER",
                        format!("路线「{}」的 {name} 无效（{v}）", r.name),
                        "应为非负数；导出中显示为“—”",
                    )
                    .at_row(row)
                    .at_field(at(name.into())),
                );
            }
        }
    }
    out
}
