//! `zouhang draw --enterprises FILE --inspectors FILE --seed TEXT [--rules FILE | --preset
//! city|county] [--json] [--audit FILE] [--audit-csv FILE] [--csv FILE] [--drawn-at TIME]`
//! `zouhang draw … --routes [--depot LON,LAT] [--start-date YYYY-MM-DD] [--service-min N]
//! [--plan FILE] [--router solver|interim]` also plans the teams' routes (the route solver by
//! default; the plan document goes under `"plan"` of `--json` and to `--plan FILE`)
//! `zouhang draw --verify AUDIT.json [--enterprises FILE --inspectors FILE]`
//! `zouhang draw --print-rules [--preset county]`
//!
//! Without `--enterprises`/`--inspectors` the embedded demo registers are used (a note says so
//! on standard error).

use std::path::{Path, PathBuf};

use zouhang::crs::Crs;
use zouhang::crs::Crs as OutCrs;
use zouhang::io::{plan_csv, plan_geojson};
use zouhang::model::LonLat;
use zouhang::plan::draw::{
    audit_csv, demo_registers, draw, draw_json, plan_routes, result_csv, verify_audit, AuditRecord,
    DrawError, DrawRequest, DrawResult, DrawRules, EnterpriseRegister, InspectorRegister,
    RouteRequest, RouterChoice,
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
    /// Also plan the drawn teams' routes over their working days (the route solver on
    /// straight-line estimates, seeded from the draw: the same plan as in the browser).
    #[arg(long)]
    pub routes: bool,
    /// Router of the routes: solver (default) or interim (nearest neighbour + 2-opt, optimal
    /// day split).
    #[arg(long, requires = "routes", default_value = "solver")]
    pub router: RouterChoice,
    /// Where the teams start and end each day, `LON,LAT` (WGS-84); default: each team's own
    /// centre (the mean position of its enterprises).
    #[arg(long, requires = "routes", value_parser = parse_lonlat)]
    pub depot: Option<LonLat>,
    /// First working day of the routes, `YYYY-MM-DD` (weekends skipped).
    #[arg(long, requires = "routes")]
    pub start_date: Option<String>,
    /// Minutes on site per enterprise (default 60).
    #[arg(long, requires = "routes")]
    pub service_min: Option<u32>,
    /// Write the route plan document (JSON) to this file.
    #[arg(long, requires = "routes")]
    pub plan: Option<PathBuf>,
    /// Write the route sheets (CSV, one row per stop) to this file.
    #[arg(long, requires = "routes")]
    pub routes_csv: Option<PathBuf>,
    /// Write the routes as GeoJSON (lines and visits) to this file.
    #[arg(long, requires = "routes")]
    pub routes_geojson: Option<PathBuf>,
}

fn parse_lonlat(s: &str) -> Result<LonLat, String> {
    let (lon, lat) = s
        .split_once(',')
        .ok_or_else(|| format!("「{s}」应写成 经度,纬度，如 120.585,31.299"))?;
    let num = |v: &str| {
        v.trim()
            .parse::<f64>()
            .map_err(|_| format!("「{v}」不是数"))
    };
    Ok(LonLat::new(num(lon)?, num(lat)?))
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
    let mut result = match draw(&enterprises, &inspectors, &request) {
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
    if a.routes {
        let mut settings = RouteRequest {
            depot: a.depot,
            start_date: a.start_date.clone(),
            router: a.router,
            ..RouteRequest::default()
        };
        if let Some(m) = a.service_min {
            settings.service_min = m;
        }
        let router = settings.router.router(&result);
        let routes = plan_routes(
            &result,
            &enterprises,
            &inspectors,
            &settings,
            router.as_ref(),
        )
        .map_err(|problems| {
            for p in &problems {
                eprintln!("{p}");
            }
            format!("无法排线（{} 个问题，见上）", problems.len())
        })?;
        eprintln!("排线方法：{}", routes.method);
        for w in &routes.warnings {
            eprintln!("{w}");
        }
        if let Some(p) = &a.plan {
            std::fs::write(p, serde_json::to_string_pretty(&routes.plan)? + "\n")?;
        }
        if let Some(p) = &a.routes_csv {
            std::fs::write(p, plan_csv(&routes.plan, OutCrs::Wgs84))?;
        }
        if let Some(p) = &a.routes_geojson {
            std::fs::write(p, plan_geojson(&routes.plan, OutCrs::Wgs84))?;
        }
        result.plan = Some(routes.plan);
    }
    if a.json {
        let text = draw_json(&Ok(result));
        println!("{text}");
    } else {
        print_summary(&result, &enterprises, &inspectors);
        if let Some(plan) = &result.plan {
            print_routes(plan);
        }
    }
    Ok(())
}

fn print_routes(plan: &zouhang::model::PlanDocument) {
    println!("检查路线（{} 条，直线估算）：", plan.routes.len());
    for r in &plan.routes {
        let stops: Vec<String> = r
            .stops
            .iter()
            .filter(|s| s.kind == "visit")
            .map(|s| format!("{} {}", s.arrival.as_deref().unwrap_or(""), s.id))
            .collect();
        println!(
            "  {}：约 {:.1} km，{:.0} 分钟：{}",
            r.name,
            r.distance_m / 1000.0,
            r.duration_s / 60.0,
            stops.join(" → ")
        );
    }
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
