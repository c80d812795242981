//! CSV exports for spreadsheets (UTF-8 with BOM, CRLF): the two registers in a layout the
//! importers read back, the result list, and the printable audit record. (The inspection routes
//! are a `PlanDocument` and use the common plan exports in `crate::io`.)

use std::collections::HashMap;

use crate::io::CsvTable;
use crate::plan::draw::audit::AuditRecord;
use crate::plan::draw::error::DrawError;
use crate::plan::draw::register::{
    format_e6, EnterpriseRegister, Inspector, InspectorRegister, RegisterEnterprise,
};
use crate::plan::draw::run::DrawResult;

/// The `zouhang draw --json` output of a draw or of its failure: the result, or
/// `{"error": "invalid" | "recusal", "problems": [issues]}`, as pretty JSON (two-space indent, no
/// trailing newline). The browser's JSON export is this same text.
pub fn draw_json(outcome: &Result<DrawResult, DrawError>) -> String {
    #[derive(serde::Serialize)]
    struct Failure<'a> {
        error: &'a str,
        problems: &'a [crate::error::Issue],
    }
    let text = match outcome {
        Ok(r) => serde_json::to_string_pretty(r),
        Err(e) => serde_json::to_string_pretty(&Failure {
            error: e.kind(),
            problems: e.problems(),
        }),
    };
    text.unwrap_or_default()
}

/// The enterprise register as CSV: `编号,名称,监管类别,区县,经度,纬度` (WGS-84, six decimals),
/// rows in id order. Reading it back gives the same canonical fingerprint.
pub fn enterprises_csv(reg: &EnterpriseRegister) -> String {
    let mut t = CsvTable::new(&["编号", "名称", "监管类别", "区县", "经度", "纬度"]);
    let mut items: Vec<&RegisterEnterprise> = reg.items().iter().collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    for e in items {
        t.push(vec![
            e.id.clone(),
            e.name.clone(),
            e.class.label().to_string(),
            e.district.clone(),
            format_e6(e.lon_e6),
            format_e6(e.lat_e6),
        ]);
    }
    t.to_text()
}

/// The inspector register as CSV: `编号,姓名,单位,区县,回避` (recusal entries joined by `;`), rows
/// in id order.
pub fn inspectors_csv(reg: &InspectorRegister) -> String {
    let mut t = CsvTable::new(&["编号", "姓名", "单位", "区县", "回避"]);
    let mut items: Vec<&Inspector> = reg.items().iter().collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    for i in items {
        t.push(vec![
            i.id.clone(),
            i.name.clone(),
            i.unit.clone(),
            i.district.clone(),
            i.recusal.join(";"),
        ]);
    }
    t.to_text()
}

const RESULT_HEADERS: [&str; 10] = [
    "检查组",
    "执法人员",
    "企业编号",
    "企业名称",
    "监管类别",
    "区县",
    "经度",
    "纬度",
    "分层",
    "分层抽取序号",
];

fn result_rows(
    r: &DrawResult,
    enterprises: &EnterpriseRegister,
    inspectors: &InspectorRegister,
) -> Vec<Vec<String>> {
    let ents: HashMap<&str, &RegisterEnterprise> = enterprises
        .items()
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    let names: HashMap<&str, &str> = inspectors
        .items()
        .iter()
        .map(|i| (i.id.as_str(), i.name.as_str()))
        .collect();
    let mut order: HashMap<&str, (&str, usize)> = HashMap::new();
    for s in &r.strata {
        for (k, id) in s.selected.iter().enumerate() {
            order.insert(id.as_str(), (s.label.as_str(), k + 1));
        }
    }
    let mut rows = Vec::new();
    for t in &r.teams {
        let members = t
            .inspectors
            .iter()
            .map(|id| format!("{id} {}", names.get(id.as_str()).copied().unwrap_or("")))
            .collect::<Vec<_>>()
            .join("、");
        for id in &t.enterprises {
            let e = ents.get(id.as_str());
            let (stratum, k) = order.get(id.as_str()).copied().unwrap_or(("", 0));
            rows.push(vec![
                t.id.clone(),
                members.clone(),
                id.clone(),
                e.map(|e| e.name.clone()).unwrap_or_default(),
                e.map(|e| e.class.label().to_string()).unwrap_or_default(),
                e.map(|e| e.district.clone()).unwrap_or_default(),
                e.map(|e| format_e6(e.lon_e6)).unwrap_or_default(),
                e.map(|e| format_e6(e.lat_e6)).unwrap_or_default(),
                stratum.to_string(),
                k.to_string(),
            ]);
        }
    }
    rows
}

/// The result as a list, one row per drawn enterprise, by team.
pub fn result_csv(
    r: &DrawResult,
    enterprises: &EnterpriseRegister,
    inspectors: &InspectorRegister,
) -> String {
    let mut t = CsvTable::new(&RESULT_HEADERS);
    for row in result_rows(r, enterprises, inspectors) {
        t.push(row);
    }
    t.to_text()
}

/// The audit record for printing: the facts as `项目,内容` rows, one row per stratum, then the
/// result list.
pub fn audit_csv(
    a: &AuditRecord,
    enterprises: &EnterpriseRegister,
    inspectors: &InspectorRegister,
) -> String {
    let d = &a.draw;
    let reg = &d.registers;
    let mut t = CsvTable::new(&["项目", "内容"]);
    let mut kv = |k: &str, v: String| t.push(vec![k.to_string(), v]);
    kv("记录格式", format!("{} v{}", a.format, a.version));
    kv("工具", a.tool.clone());
    kv("算法版本", d.algorithm_version.clone());
    kv("抽取时间", a.drawn_at.clone());
    kv("种子", d.seed.clone());
    kv("企业名录文件", reg.enterprises_file.clone());
    kv("企业名录企业数", reg.enterprises_count.to_string());
    kv(
        "企业名录指纹（规范形式 SHA-256）",
        reg.enterprises_sha256.clone(),
    );
    kv(
        "企业名录文件 SHA-256",
        reg.enterprises_raw_sha256.clone().unwrap_or_default(),
    );
    kv("执法人员名录文件", reg.inspectors_file.clone());
    kv("执法人员名录人数", reg.inspectors_count.to_string());
    kv(
        "执法人员名录指纹（规范形式 SHA-256）",
        reg.inspectors_sha256.clone(),
    );
    kv(
        "执法人员名录文件 SHA-256",
        reg.inspectors_raw_sha256.clone().unwrap_or_default(),
    );
    kv("规则", serde_json::to_string(&d.rules).unwrap_or_default());
    kv("抽中企业数", d.selected.len().to_string());
    kv("检查组数", d.teams.len().to_string());
    for s in &d.strata {
        kv(
            &format!("分层 {}", s.label),
            format!(
                "共 {} 家，抽取 {} 家：{}",
                s.population,
                s.quota,
                s.selected.join("、")
            ),
        );
    }
    for w in &d.warnings {
        kv("提示", format!("[{}] {}", w.code, w.message));
    }
    t.push(Vec::new());
    t.push(RESULT_HEADERS.iter().map(|h| h.to_string()).collect());
    for row in result_rows(d, enterprises, inspectors) {
        t.push(row);
    }
    t.to_text()
}
