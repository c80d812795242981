//! The audit record (抽取记录): everything needed to check a draw later — seed, register
//! fingerprints (canonical and raw), rules, algorithm and tool version, draw time and result —
//! and [`verify_audit`], which recomputes the draw from the registers and compares.

use serde::{Deserialize, Serialize};

use crate::plan::draw::register::{EnterpriseRegister, InspectorRegister};
use crate::plan::draw::run::{draw, DrawRequest, DrawResult};

/// The `format` field of an audit record.
pub const AUDIT_FORMAT: &str = "zouhang-draw-audit";

/// A draw with the facts that make it checkable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Always [`AUDIT_FORMAT`].
    pub format: String,
    /// Layout version of the record (1).
    pub version: u32,
    /// The tool that drew, e.g. `zouhang 0.1.0`.
    pub tool: String,
    /// When the draw was made, as the adapter's clock gave it (ISO 8601).
    pub drawn_at: String,
    /// The draw (algorithm version, seed, registers, rules, result, warnings).
    #[serde(flatten)]
    pub draw: DrawResult,
}

impl AuditRecord {
    /// The record of a draw made at `drawn_at` by this version of the tool.
    pub fn new(draw: &DrawResult, drawn_at: &str) -> Self {
        AuditRecord {
            format: AUDIT_FORMAT.to_string(),
            version: 1,
            tool: format!("zouhang {}", env!("CARGO_PKG_VERSION")),
            drawn_at: drawn_at.to_string(),
            draw: draw.clone(),
        }
    }

    /// Reads a record from JSON text.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let r: AuditRecord = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("抽取记录无法读取：{e}"))?;
        if r.format != AUDIT_FORMAT {
            return Err(format!(
                "不是抽取记录（format 为「{}」，应为「{AUDIT_FORMAT}」）",
                r.format
            ));
        }
        Ok(r)
    }
}

/// Recomputes a recorded draw from the registers and lists every difference (empty = the record
/// is reproduced exactly).
pub fn verify_audit(
    record: &AuditRecord,
    enterprises: &EnterpriseRegister,
    inspectors: &InspectorRegister,
) -> Vec<String> {
    let mut diffs = Vec::new();
    let rec = &record.draw;
    if rec.registers.enterprises_sha256 != enterprises.canonical_sha256() {
        diffs.push(format!(
            "企业名录指纹不同：记录为 {}，当前名录为 {}",
            rec.registers.enterprises_sha256,
            enterprises.canonical_sha256()
        ));
    }
    if rec.registers.inspectors_sha256 != inspectors.canonical_sha256() {
        diffs.push(format!(
            "执法人员名录指纹不同：记录为 {}，当前名录为 {}",
            rec.registers.inspectors_sha256,
            inspectors.canonical_sha256()
        ));
    }
    if rec.algorithm_version != crate::plan::draw::ALGORITHM_VERSION {
        diffs.push(format!(
            "算法版本不同：记录为 {}，本工具为 {}",
            rec.algorithm_version,
            crate::plan::draw::ALGORITHM_VERSION
        ));
    }
    let request = DrawRequest {
        seed: rec.seed.clone(),
        rules: rec.rules.clone(),
    };
    match draw(enterprises, inspectors, &request) {
        Err(e) => diffs.push(format!("按记录的种子和规则重新抽取失败：{e}")),
        Ok(again) => {
            if again.selected != rec.selected {
                diffs.push("抽中的企业不同".to_string());
            }
            if again.teams != rec.teams {
                diffs.push("检查组（人员或分配的企业）不同".to_string());
            }
            if again.strata != rec.strata {
                diffs.push("分层（总数、应抽数或抽取顺序）不同".to_string());
            }
        }
    }
    diffs
}
