//! `zouhang draw --enterprises FILE --inspectors FILE --seed TEXT [--rules FILE | --preset
//! city|county] [--json] [--audit FILE] [--audit-csv FILE] [--csv FILE] [--drawn-at TIME]`
//! `zouhang draw --verify AUDIT.json [--enterprises FILE --inspectors FILE]`
//! `zouhang draw --print-rules [--preset county]`
//!
//! Without `--enterprises`/`--inspectors` the embedded demo registers are used (a note says so
//! on standard error).

use std::path::{Path, PathBuf};

use zouhang::crs::Crs;
use zouhang::plan::draw::{
    audit_csv, demo_registers, draw, draw_json, result_csv, verify_audit, AuditRecord, DrawError,
    DrawRequest, DrawResult, DrawRules, EnterpriseRegister, InspectorRegister,
};

/// Arguments of `draw`.
#[derive(clap::Args)]
pub struct Args {
    /// Enterprise register (CSV in UTF-8 or GBK, or GeoJSON): id, name, supervision class
    /// (重点/特殊/一般), district, lon, lat. Default: the embedded demo register.
    #[arg(long)]
    pub enterprises: Option<PathBuf>,
    /// Inspector register (CSV): id, name, unit, district, recusal list. Default: the embedded
    /// demo register.
    #[arg(long)]
    pub inspectors: Option<PathBuf>,
    /// The seed text to be published with the result.
    #[arg(long, required_unless_present_any = ["print_rules", "verify"])]
    pub seed: Option<String>,
    /// Rules as JSON (see --print-rules); default: the city preset.
    #[arg(long, conflicts_with = "preset")]
    pub rules: Option<PathBuf>,
    /// Rules preset: city (重点 5 %) or county (重点 25 %).
    #[arg(long)]
    pub preset: Option<String>,
    /// Coordinate system of the enterprise register: wgs84 (default), gcj02 or bd09.
    #[arg(long, default_value = "wgs84")]
    pub crs: Crs,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the audit record (JSON) to this file.
    #[arg(long)]
    pub audit: Option<PathBuf>,
    /// Write the printable audit record (CSV) to this file.
    #[arg(long)]
    pub audit_csv: Option<PathBuf>,
    /// Write the result list (CSV, one row per drawn enterprise) to this file.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// The draw time recorded in the audit (default: now, UTC).
    #[arg(long)]
    pub drawn_at: Option<String>,
    /// Recompute the draw of an audit record from the registers and compare.
    #[arg(long, conflicts_with_all = ["seed", "rules", "preset"])]
    pub verify: Option<PathBuf>,
    /// Print the rules (default or --preset) as JSON, to edit and pass with --rules.
    #[arg(long)]
    pub print_rules: bool,
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("无法读取「{}」：{e}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("input")
        .to_string()
}

fn load_registers(
    a: &Args,
) -> Result<(EnterpriseRegister, InspectorRegister), Box<dyn std::error::Error>> {
    let (demo_e, demo_i) = demo_registers();
    let enterprises = match &a.enterprises {
        Some(p) => {
            let (reg, report) = EnterpriseRegister::read(&read(p)?, &file_name(p), a.crs);
            for i in report.errors.iter().chain(&report.warnings) {
                eprintln!("{i}");
            }
            reg
        }
        None => {
            eprintln!("未指定 --enterprises：使用内置演示企业名录 enterprises_demo.csv");
            demo_e
        }
    };
    let inspectors = match &a.inspectors {
        Some(p) => {
            let (reg, report) = InspectorRegister::read(&read(p)?, &file_name(p));
            for i in report.errors.iter().chain(&report.warnings) {
                eprintln!("{i}");
            }
            reg
        }
        None => {
            eprintln!("未指定 --inspectors：使用内置演示执法人员名录 inspectors_demo.csv");
            demo_i
        }
    };
    Ok((enterprises, inspectors))
}

fn rules(a: &Args) -> Result<DrawRules, Box<dyn std::error::Error>> {
    if let Some(p) = &a.rules {
        let text = String::from_utf8(read(p)?).map_err(|_| "规则文件应为 UTF-8 JSON")?;
        return DrawRules::from_json(&text).map_err(|i| format!("{i}").into());
    }
    match &a.preset {
        Some(name) => DrawRules::preset(name)
            .ok_or_else(|| format!("未知预设「{name}」：可用 city（市级）、county（县级）").into()),
        None => Ok(DrawRules::city()),
    }
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

pub fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    if a.print_rules {
        println!("{}", serde_json::to_string_pretty(&rules(&a)?)?);
        return Ok(());
    }
    let (enterprises, inspectors) = load_registers(&a)?;
    if let Some(p) = &a.verify {
        let text = String::from_utf8(read(p)?).map_err(|_| "抽取记录应为 UTF-8 JSON")?;
        let record = AuditRecord::from_json(&text)?;
        let diffs = verify_audit(&record, &enterprises, &inspectors);
        if diffs.is_empty() {
            println!(
                "核验通过：种子「{}」、{} 和当前名录重现了记录中的 {} 家企业和 {} 个检查组",
                record.draw.seed,
                record.draw.algorithm_version,
                record.draw.selected.len(),
                record.draw.teams.len()
            );
            return Ok(());
        }
        for d in &diffs {
            eprintln!("不一致：{d}");
        }
        return Err(format!("核验未通过（{} 处不一致）", diffs.len()).into());
    }
    let request = DrawRequest {
        seed: a.seed.clone().unwrap_or_default(),
        rules: rules(&a)?,
    };
    let result = match draw(&enterprises, &inspectors, &request) {
        Ok(r) => r,
        Err(e) => return Err(report_error(e, a.json)),
    };
    let drawn_at = a.drawn_at.clone().unwrap_or_else(now_utc);
    let record = AuditRecord::new(&result, &drawn_at);
    if let Some(p) = &a.audit {
        std::fs::write(p, serde_json::to_string_pretty(&record)? + "\n")?;
    }
    if let Some(p) = &a.audit_csv {
        std::fs::write(p, audit_csv(&record, &enterprises, &inspectors))?;
    }
    if let Some(p) = &a.csv {
        std::fs::write(p, result_csv(&result, &enterprises, &inspectors))?;
    }
    if a.json {
        let text = draw_json(&Ok(result));
        println!("{text}");
    } else {
        print_summary(&result, &enterprises, &inspectors);
    }
    Ok(())
}

fn report_error(e: DrawError, json: bool) -> Box<dyn std::error::Error> {
    for p in e.problems() {
        eprintln!("{p}");
    }
    let n = e.problems().len();
    if json {
        println!("{}", draw_json(&Err(e)));
    }
    format!("无法抽取（{n} 个问题，见上）").into()
}

fn print_summary(r: &DrawResult, e: &EnterpriseRegister, i: &InspectorRegister) {
    let name_of = |id: &str| {
        i.items()
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    println!("双随机抽取（{}）", r.algorithm_version);
    println!("种子：{}", r.seed);
    let reg = &r.registers;
    println!(
        "企业名录：{}，{} 家，指纹 {}",
        reg.enterprises_file, reg.enterprises_count, reg.enterprises_sha256
    );
    println!(
        "执法人员名录：{}，{} 人，指纹 {}",
        reg.inspectors_file, reg.inspectors_count, reg.inspectors_sha256
    );
    println!(
        "分层（{} 层），抽中 {} 家：",
        r.strata.len(),
        r.selected.len()
    );
    for s in &r.strata {
        println!(
            "  {} {}：共 {} 家，抽 {} 家 {}",
            s.class.label(),
            s.district.as_deref().unwrap_or("全市"),
            s.population,
            s.quota,
            s.selected.join("、")
        );
    }
    println!(
        "检查组 {} 个（每组 {} 人）：",
        r.teams.len(),
        r.rules.team_size
    );
    for t in &r.teams {
        let members: Vec<String> = t
            .inspectors
            .iter()
            .map(|id| format!("{id} {}", name_of(id)))
            .collect();
        println!(
            "  {}：{} → {} 家：{}",
            t.id,
            members.join("、"),
            t.enterprises.len(),
            t.enterprises.join("、")
        );
    }
    for w in &r.warnings {
        println!("提示：{w}");
    }
    let _ = e;
}
