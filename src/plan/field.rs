//! The dispatcher's log of what came back from the field (team mode's records files, read by
//! [`crate::io::read_team_records`]), and what it means for the plans.
//!
//! Records merge by their id: importing the same file twice, or two exports of the same phone
//! that overlap, adds each record once. A file is refused as a whole when the workspace does not
//! know its plan (nothing in the log changes); a plan made again since the team's link
//! (`made_at` differs) is accepted with a warning, since stops keep their ids across re-plans.
//!
//! From the log: straw verifications for the straw session's daily summary
//! ([`MergeReport::verifications`]), and per route of a plan what was done
//! ([`route_progress`]): stops done or skipped, the measuring segment, and whether the run
//! counts as done.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::Issue;
use crate::io::{
    base64_len, PlanRef, RecordKind, RouteRef, StopStatus, TeamPhoto, TeamRecord, TeamRecordsFile,
};
use crate::model::PlanDocument;
use crate::plan::straw::{FindingKind, Verification};

/// A plan the workspace knows (its registry entry): id, when it was made, its route ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnownPlan {
    /// Registry id.
    pub id: String,
    /// When it was made (ISO 8601), if known.
    #[serde(default)]
    pub made_at: Option<String>,
    /// Its routes' ids.
    #[serde(default)]
    pub routes: Vec<String>,
}

/// A record in the log, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedRecord {
    /// The plan named by the file.
    pub plan: PlanRef,
    /// The route.
    pub route: RouteRef,
    /// The phone.
    #[serde(default)]
    pub device: String,
    /// The file it was imported from.
    #[serde(default)]
    pub file: String,
    /// The record.
    pub record: TeamRecord,
}

/// A photo in the log, without its image (the page keeps the bytes by photo id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoMeta {
    /// Photo id.
    pub id: String,
    /// Record it belongs to.
    pub record_id: String,
    /// MIME type.
    #[serde(rename = "type")]
    pub mime: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// Image size, bytes.
    pub bytes: u64,
}

/// Everything imported from the field, in import order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FieldLog {
    /// The records.
    pub records: Vec<LoggedRecord>,
    /// The photos' descriptions.
    pub photos: Vec<PhotoMeta>,
}

/// What one import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeReport {
    /// The file.
    pub file: String,
    /// The plan it names.
    pub plan: PlanRef,
    /// The route.
    pub route: RouteRef,
    /// Records new to the log.
    pub added: usize,
    /// Records already in the log (same id, same content): not added again.
    pub duplicates: usize,
    /// Records whose id is in the log with other content: the log's version kept.
    pub conflicts: usize,
    /// Photos in the file, and their total size in bytes.
    pub photo_count: usize,
    /// Total image size, bytes.
    pub photo_bytes: u64,
    /// Photos new to the log, with their images (base64) for the page to keep.
    pub new_photos: Vec<TeamPhoto>,
    /// Straw verifications of the new records (for the straw session), plan `straw` only.
    pub verifications: Vec<Verification>,
    /// Warnings (re-planned since, unknown route, id conflicts).
    pub warnings: Vec<Issue>,
}

/// Beijing time (UTC+8) of an ISO 8601 time with offset.
fn beijing(at: &str) -> Option<chrono::NaiveDateTime> {
    let tz = FixedOffset::east_opt(8 * 3600)?;
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&tz).naive_local())
}

fn finding(kind: Option<&str>) -> Option<FindingKind> {
    match kind? {
        "straw" => Some(FindingKind::Straw),
        "garbage" => Some(FindingKind::Garbage),
        "other" => Some(FindingKind::Other),
        "false_alarm" => Some(FindingKind::FalseAlarm),
        _ => None,
    }
}

/// The straw session's verification of a verification record (`None` for other records).
pub fn straw_verification(r: &TeamRecord, route: &RouteRef) -> Option<Verification> {
    let v = r.verification.as_ref()?;
    if r.kind != RecordKind::Verification {
        return None;
    }
    Some(Verification {
        incident_id: r.stop_id.clone()?,
        team: if v.team.trim().is_empty() {
            route.team.clone()
        } else {
            v.team.clone()
        },
        time: beijing(&r.at)?,
        found: v.found,
        kind: finding(v.kind.as_deref()),
        area_m2: v.area_m2,
        note: v.note.clone(),
        key_case: false,
        location: None,
        first_seen: None,
    })
}

impl FieldLog {
    /// Merges a read file into the log. Refused (the log unchanged) when no plan in `known` has
    /// the file's plan id.
    pub fn merge(
        &mut self,
        doc: &TeamRecordsFile,
        file: &str,
        known: &[KnownPlan],
    ) -> Result<MergeReport, Issue> {
        let Some(plan) = known.iter().find(|p| p.id == doc.plan.id) else {
            return Err(Issue::error(
                "E_RECORDS_PLAN_UNKNOWN",
                format!(
                    "记录属于计划「{}」（{}），本工作区没有这个计划",
                    doc.plan.title, doc.plan.id
                ),
                "在发出此计划的工作区中导入，或先打开那个工作区文件",
            )
            .in_file(file)
            .at_field("plan.id"));
        };
        let mut warnings = Vec::new();
        if plan.made_at.as_deref().unwrap_or("") != doc.plan.made_at {
            warnings.push(
                Issue::warning(
                    "W_RECORDS_REPLANNED",
                    format!(
                        "计划「{}」在巡查端收到后已重新生成（巡查端的版本生成于 {}，现为 {}）",
                        doc.plan.title,
                        if doc.plan.made_at.is_empty() {
                            "未知"
                        } else {
                            &doc.plan.made_at
                        },
                        plan.made_at.as_deref().unwrap_or("未知")
                    ),
                    "记录已导入；请核对停靠点是否仍在当前计划中",
                )
                .in_file(file)
                .at_field("plan.made_at"),
            );
        }
        if !plan.routes.is_empty() && !plan.routes.contains(&doc.route.id) {
            warnings.push(
                Issue::warning(
                    "W_RECORDS_ROUTE_UNKNOWN",
                    format!("路线「{}」不在当前计划中", doc.route.id),
                    "记录已导入，但不计入该计划路线的完成情况",
                )
                .in_file(file)
                .at_field("route.id"),
            );
        }
        let existing: HashMap<&str, &TeamRecord> = self
            .records
            .iter()
            .map(|r| (r.record.id.as_str(), &r.record))
            .collect();
        let (mut added, mut duplicates, mut conflicts) = (Vec::new(), 0, 0);
        for (i, r) in doc.records.iter().enumerate() {
            match existing.get(r.id.as_str()) {
                Some(old) if *old == r => duplicates += 1,
                Some(_) => {
                    conflicts += 1;
                    warnings.push(
                        Issue::warning(
                            "W_RECORDS_ID_CONFLICT",
                            format!("记录编号「{}」已导入过，内容不同：保留先导入的", r.id),
                            "如需更正，请在巡查端修改后用新记录导出",
                        )
                        .in_file(file)
                        .at_row(i as u64 + 1)
                        .at_field("id"),
                    );
                }
                None => added.push(r.clone()),
            }
        }
        let known_photos: HashSet<String> = self.photos.iter().map(|p| p.id.clone()).collect();
        let new_photos: Vec<TeamPhoto> = doc
            .photos
            .iter()
            .filter(|p| !known_photos.contains(&p.id))
            .cloned()
            .collect();
        let verifications = if doc.plan.id == "straw" {
            added
                .iter()
                .filter_map(|r| straw_verification(r, &doc.route))
                .collect()
        } else {
            Vec::new()
        };
        let report = MergeReport {
            file: file.to_string(),
            plan: doc.plan.clone(),
            route: doc.route.clone(),
            added: added.len(),
            duplicates,
            conflicts,
            photo_count: doc.photos.len(),
            photo_bytes: doc.photo_bytes(),
            new_photos: new_photos.clone(),
            verifications,
            warnings,
        };
        for r in added {
            self.records.push(LoggedRecord {
                plan: doc.plan.clone(),
                route: doc.route.clone(),
                device: doc.device.clone(),
                file: file.to_string(),
                record: r,
            });
        }
        for p in new_photos {
            self.photos.push(PhotoMeta {
                bytes: base64_len(&p.data).unwrap_or(0) as u64,
                id: p.id,
                record_id: p.record_id,
                mime: p.mime,
                width: p.width,
                height: p.height,
            });
        }
        Ok(report)
    }
}

/// What was done on one route of a plan, from the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteProgress {
    /// Route id.
    pub route_id: String,
    /// Stops to visit (every stop but depots).
    pub stops: usize,
    /// Stops whose latest mark is done.
    pub done: usize,
    /// Stops whose latest mark is skipped.
    pub skipped: usize,
    /// The measuring segment was started.
    pub measure_started: bool,
    /// The measuring segment was ended.
    pub measure_ended: bool,
    /// The run counts as done: its measuring segment was recorded from start to end, or every
    /// stop was marked done or skipped with at least one done.
    pub complete: bool,
    /// Records of this route in the log.
    pub records: usize,
}

/// The progress of every route of `plan` (registry id `plan_id`) from the log's records.
pub fn route_progress(log: &FieldLog, plan_id: &str, plan: &PlanDocument) -> Vec<RouteProgress> {
    plan.routes
        .iter()
        .map(|route| {
            let mine: Vec<&TeamRecord> = log
                .records
                .iter()
                .filter(|r| r.plan.id == plan_id && r.route.id == route.id)
                .map(|r| &r.record)
                .collect();
            let stop_ids: HashSet<&str> = route
                .stops
                .iter()
                .filter(|s| s.kind != "depot")
                .map(|s| s.id.as_str())
                .collect();
            // the latest mark per stop (by time; the log's order breaks ties)
            let mut latest: BTreeMap<&str, (DateTime<FixedOffset>, StopStatus)> = BTreeMap::new();
            for r in mine.iter().filter(|r| r.kind == RecordKind::Stop) {
                let (Some(id), Some(status), Ok(at)) = (
                    r.stop_id.as_deref(),
                    r.status,
                    DateTime::parse_from_rfc3339(&r.at),
                ) else {
                    continue;
                };
                if !stop_ids.contains(id) {
                    continue;
                }
                if latest.get(id).is_none_or(|(t, _)| *t <= at) {
                    latest.insert(id, (at, status));
                }
            }
            let count = |s: StopStatus| latest.values().filter(|(_, x)| *x == s).count();
            let (done, skipped) = (count(StopStatus::Done), count(StopStatus::Skipped));
            let has = |k: RecordKind| mine.iter().any(|r| r.kind == k);
            let (started, ended) = (has(RecordKind::MeasureStart), has(RecordKind::MeasureEnd));
            RouteProgress {
                route_id: route.id.clone(),
                stops: stop_ids.len(),
                done,
                skipped,
                measure_started: started,
                measure_ended: ended,
                complete: (started && ended)
                    || (!stop_ids.is_empty() && done > 0 && done + skipped == stop_ids.len()),
                records: mine.len(),
            }
        })
        .collect()
}
