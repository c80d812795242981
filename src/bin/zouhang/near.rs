//! `zouhang near --station CODE [--radius-km 3] [--wind-from DEG --sector-deg 90]
//! [--data DIR] [--json | --csv FILE | --geojson FILE]`

use std::path::PathBuf;

use zouhang::io::{surroundings_csv, surroundings_geojson};
use zouhang::plan::{surroundings, SurroundingsQuery};

/// Arguments of `near`.
#[derive(clap::Args)]
pub struct Args {
    /// Station code, e.g. 1161A.
    #[arg(long)]
    pub station: String,
    /// Search radius in km.
    #[arg(long, default_value_t = 3.0)]
    pub radius_km: f64,
    /// Wind direction (where the wind blows from), degrees clockwise from north.
    #[arg(long)]
    pub wind_from: Option<f64>,
    /// Width of the upwind sector in degrees.
    #[arg(long, default_value_t = 90.0)]
    pub sector_deg: f64,
    /// Data folder laid out like data/suzhou (default: the embedded Suzhou data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Print the source list as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the list as CSV (UTF-8 with BOM, opens in Excel).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Also write the station and sources as GeoJSON.
    #[arg(long)]
    pub geojson: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    let layers = crate::data::load_layers(a.data.as_deref())?;
    let q = SurroundingsQuery {
        station: a.station.clone(),
        radius_km: a.radius_km,
        wind_from_deg: a.wind_from,
        sector_deg: a.sector_deg,
        ..Default::default()
    };
    let s = surroundings(&layers, &q)?;
    if let Some(path) = &a.csv {
        std::fs::write(path, surroundings_csv(&s))?;
    }
    if let Some(path) = &a.geojson {
        std::fs::write(path, surroundings_geojson(&s))?;
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s.sources)?);
        return Ok(());
    }
    println!(
        "{} {}（{}）周边 {} km 内污染源 {} 个{}",
        s.station.code,
        s.station.name,
        s.station.city,
        a.radius_km,
        s.sources.len(),
        match s.wind_from_deg {
            Some(w) => format!("，风向（来向）{w}°，上风向扇区 {}°", s.sector_deg),
            None => String::new(),
        }
    );
    for c in s.counts.iter().filter(|c| c.total > 0) {
        println!(
            "  {}：{} 个（上风向 {}）",
            c.category.label(),
            c.total,
            c.upwind
        );
    }
    for x in &s.sources {
        println!(
            "  {:>7.0} m  {:>5.1}° {:<2}  {}  {}  {}{}",
            x.distance_m,
            x.bearing_deg,
            x.direction,
            x.category.label(),
            x.id,
            x.name,
            if x.upwind == Some(true) {
                "  [上风向]"
            } else {
                ""
            }
        );
    }
    Ok(())
}
