//! `zouhang demo enterprises [--seed N] [--count N] [--out FILE]`
//! `zouhang demo straw [--out-dir DIR]`
//! `zouhang demo inspectors [--seed N] [--count N] [--out FILE]`
//! `zouhang demo plan [--station CODE] [--routes N] [--stops N] [--date D] [--out FILE]`

use std::path::PathBuf;

use zouhang::demo::{demo_enterprises_csv, demo_straw_files, DEMO_SEED};
use zouhang::demo::{demo_inspectors_csv, INSPECTORS_DEMO_COUNT, INSPECTORS_DEMO_SEED};

/// Demo data generators.
#[derive(clap::Subcommand)]
pub enum DemoCommand {
    /// The demo enterprise register (data/suzhou/enterprises_demo.csv).
    Enterprises {
        /// Seed; the same seed always gives the same file.
        #[arg(long, default_value_t = DEMO_SEED)]
        seed: u64,
        /// Number of enterprises.
        #[arg(long, default_value_t = 2000)]
        count: usize,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The demo inspector register for random inspections (data/suzhou/inspectors_demo.csv).
    Inspectors {
        /// Seed; the same seed always gives the same file.
        #[arg(long, default_value_t = INSPECTORS_DEMO_SEED)]
        seed: u64,
        /// Number of inspectors.
        #[arg(long, default_value_t = INSPECTORS_DEMO_COUNT)]
        count: usize,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// A demo plan (nearest-neighbour order, not optimised) around a station, as JSON for
    /// `zouhang export --plan`.
    Plan {
        /// Station code (the depot).
        #[arg(long, default_value = "1161A")]
        station: String,
        /// Number of routes.
        #[arg(long, default_value_t = 2)]
        routes: usize,
        /// Enterprises per route.
        #[arg(long, default_value_t = 12)]
        stops: usize,
        /// Date, YYYY-MM-DD.
        #[arg(long, default_value = "2026-06-03")]
        date: String,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The straw-burning demo layers (teams_demo.csv, corridors_demo.geojson,
    /// jurisdiction_demo.geojson); fixed tables, no random draws.
    Straw {
        /// Folder to write them to (default: data/suzhou).
        #[arg(long, default_value = "data/suzhou")]
        out_dir: PathBuf,
    },
}

pub fn run(c: DemoCommand) -> Result<(), Box<dyn std::error::Error>> {
    match c {
        DemoCommand::Enterprises { seed, count, out } => {
            let csv = demo_enterprises_csv(seed, count);
            match out {
                Some(path) => std::fs::write(path, csv)?,
                None => print!("{csv}"),
            }
        }
        DemoCommand::Inspectors { seed, count, out } => {
            let csv = demo_inspectors_csv(seed, count);
            match out {
                Some(path) => std::fs::write(path, csv)?,
                None => print!("{csv}"),
            }
        }
        DemoCommand::Plan {
            station,
            routes,
            stops,
            date,
            out,
        } => {
            let (layers, _) = zouhang::embedded::suzhou_layers();
            let settings = zouhang::demo::DemoPlanSettings {
                station: station.clone(),
                routes,
                stops_per_route: stops,
                date,
                ..Default::default()
            };
            let plan = zouhang::demo::demo_plan(&layers, &settings)
                .ok_or_else(|| format!("找不到站点「{station}」或其周边没有企业"))?;
            let text = serde_json::to_string_pretty(&serde_json::json!({ "plan": plan }))?;
            match out {
                Some(path) => std::fs::write(path, text + "\n")?,
                None => println!("{text}"),
            }
        }
        DemoCommand::Straw { out_dir } => {
            for (name, text) in demo_straw_files() {
                let path = out_dir.join(name);
                std::fs::write(&path, text)?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}
