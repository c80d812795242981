//! `zouhang export --plan FILE --format gpx|geojson|kml|csv|sheet [--crs wgs84|gcj02|bd09]
//! [--out FILE]` and `zouhang export --plan FILE --nav amap|baidu [--phone android|ios]
//! [--region 苏州] [--name-chars 6] [--json] [--qr-dir DIR]`
//!
//! The plan file is a bare plan document or any command's `--json` output carrying one under
//! `"plan"`. Problems with the file are printed one per line (code, place, what to do) and the
//! command exits with status 2.

use std::path::PathBuf;

use zouhang::crs::Crs;
use zouhang::io::{export_plan, read_plan, PlanFormat};
use zouhang::nav::{plan_nav_links, NavOptions, NavProvider, Phone};

/// Arguments of `export`.
#[derive(clap::Args)]
pub struct Args {
    /// The plan (JSON: a plan document, or a planning command's --json output).
    #[arg(long)]
    pub plan: PathBuf,
    /// Output format: gpx, geojson, kml, csv, or sheet (printable HTML route sheet).
    #[arg(long, required_unless_present = "nav")]
    pub format: Option<PlanFormat>,
    /// Coordinate system of the output: wgs84 (default), gcj02 or bd09.
    #[arg(long, default_value = "wgs84")]
    pub crs: Crs,
    /// Output file (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print navigation links per leg instead: amap (高德) or baidu (百度).
    #[arg(long, conflicts_with = "format")]
    pub nav: Option<NavProvider>,
    /// Phone system for the QR codes' links: android (default) or ios.
    #[arg(long, default_value = "android", value_parser = parse_phone)]
    pub phone: Phone,
    /// City for Baidu's web links (region), e.g. 苏州.
    #[arg(long, default_value = "")]
    pub region: String,
    /// With --nav: characters of each stop name kept in the links (0: the stop number only).
    #[arg(long, default_value_t = 6)]
    pub name_chars: usize,
    /// With --nav: print the links as JSON.
    #[arg(long)]
    pub json: bool,
    /// With --nav: write one QR code per leg as SVG into this folder.
    #[arg(long)]
    pub qr_dir: Option<PathBuf>,
}

fn parse_phone(s: &str) -> Result<Phone, String> {
    match s.trim().to_lowercase().as_str() {
        "android" | "安卓" => Ok(Phone::Android),
        "ios" | "iphone" | "苹果" => Ok(Phone::Ios),
        _ => Err(format!("未知手机系统「{s}」：可用 android、ios")),
    }
}

pub fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    let bytes =
        std::fs::read(&a.plan).map_err(|e| format!("无法读取「{}」：{e}", a.plan.display()))?;
    let name = a
        .plan
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("plan.json")
        .to_string();
    let read = match read_plan(&bytes, &name) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误: {e}");
            for i in e.issues() {
                eprintln!("  {i}");
            }
            std::process::exit(2);
        }
    };
    for w in &read.warnings {
        eprintln!("警告: {w}");
    }
    if let Some(provider) = a.nav {
        let opts = NavOptions {
            region: a.region.clone(),
            phone: a.phone,
            qr: a.qr_dir.is_some(),
            max_name_chars: a.name_chars,
            ..Default::default()
        };
        let links = plan_nav_links(&read.plan, provider, &opts);
        if let Some(dir) = &a.qr_dir {
            std::fs::create_dir_all(dir)?;
            for (ri, l) in links.iter().enumerate() {
                for leg in &l.legs {
                    if let Some(svg) = &leg.qr_svg {
                        let f = dir.join(format!(
                            "{}_route{}_leg{}.svg",
                            match provider {
                                NavProvider::Amap => "amap",
                                NavProvider::Baidu => "baidu",
                            },
                            ri + 1,
                            leg.number
                        ));
                        std::fs::write(f, svg)?;
                    } else if let Some(err) = &leg.qr_error {
                        eprintln!("警告: 路线 {} 第 {} 段：{err}", ri + 1, leg.number);
                    }
                }
            }
        }
        if a.json {
            println!("{}", serde_json::to_string_pretty(&links)?);
            return Ok(());
        }
        for l in &links {
            println!(
                "{}（{}，坐标 {}，每段最多 {} 个途经点）：{} 段",
                l.route_name,
                provider.label(),
                l.datum,
                l.max_waypoints,
                l.legs.len()
            );
            for leg in &l.legs {
                let (from, to) = (
                    leg.points.first().map_or("", |p| p.name.as_str()),
                    leg.points.last().map_or("", |p| p.name.as_str()),
                );
                println!(
                    "  第 {} 段 {from} → {to}（{} 个点）",
                    leg.number,
                    leg.points.len()
                );
                println!("    Android: {}", leg.android_url);
                println!("    iOS:     {}", leg.ios_url);
                println!(
                    "    网页{}: {}",
                    if leg.web_complete {
                        ""
                    } else {
                        "（仅起终点）"
                    },
                    leg.web_url
                );
            }
        }
        return Ok(());
    }
    let Some(format) = a.format else {
        return Err("请用 --format 指定导出格式，或用 --nav 生成导航链接".into());
    };
    let file = export_plan(&read.plan, format, a.crs);
    for w in &file.warnings {
        eprintln!("警告: {w}");
    }
    match &a.out {
        Some(path) => {
            std::fs::write(path, &file.text)
                .map_err(|e| format!("无法写入「{}」：{e}", path.display()))?;
            eprintln!(
                "已写出 {}（{}，{} 条路线，{} 个停靠点）",
                path.display(),
                format.extension().to_uppercase(),
                read.plan.routes.len(),
                read.plan
                    .routes
                    .iter()
                    .map(|r| r.stops.len())
                    .sum::<usize>()
            );
        }
        None => print!("{}", file.text),
    }
    Ok(())
}
