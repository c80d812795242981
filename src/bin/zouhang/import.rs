//! `zouhang import FILE --kind stations|enterprises|fires [--crs wgs84|gcj02|bd09] [--json]`

use std::path::PathBuf;

use zouhang::crs::Crs;
use zouhang::io::{read_fires, read_sources, read_stations, ImportKind, ImportReport};

/// Arguments of `import`.
#[derive(clap::Args)]
pub struct Args {
    /// The file (CSV in UTF-8 or GBK, or GeoJSON).
    pub file: PathBuf,
    /// What the file holds: stations, enterprises or fires.
    #[arg(long)]
    pub kind: ImportKind,
    /// Coordinate system of the file: wgs84 (default), gcj02 or bd09.
    #[arg(long, default_value = "wgs84")]
    pub crs: Crs,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    let bytes =
        std::fs::read(&a.file).map_err(|e| format!("无法读取「{}」：{e}", a.file.display()))?;
    let name = a
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("input")
        .to_string();
    let report: ImportReport = match a.kind {
        ImportKind::Stations => read_stations(&bytes, &name, a.crs).report,
        ImportKind::Enterprises => read_sources(&bytes, &name, a.crs).report,
        ImportKind::Fires => read_fires(&bytes, &name, a.crs).report,
        ImportKind::Inspectors => zouhang::io::read_inspectors(&bytes, &name).report,
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{}：{}，编码 {}，坐标系 {}；共 {} 行，导入 {} 条，错误 {} 条，警告 {} 条",
            report.file,
            report.format,
            report.encoding,
            report.crs.name(),
            report.rows,
            report.loaded,
            report.errors.len(),
            report.warnings.len()
        );
        for (k, h) in &report.columns {
            println!("  列 {h} → {k}");
        }
        for i in report.errors.iter().chain(&report.warnings) {
            println!("  {i}");
        }
    }
    let fatal = report.errors.iter().any(|e| e.row.is_none());
    if fatal && report.loaded == 0 {
        std::process::exit(2);
    }
    Ok(())
}
