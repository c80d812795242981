//! Loading a data folder (`--data DIR`) or the embedded Suzhou data.

use std::path::Path;

use zouhang::crs::Crs;
use zouhang::embedded::suzhou_layers;
use zouhang::io::{read_fires, read_power_plants, read_sources, read_stations, ImportReport};
use zouhang::layers::{Layer, Layers};

/// Loads the layers of a data folder laid out like `data/suzhou/` (`stations.csv`,
/// `power_plants.csv`, `enterprises*.csv`, `fires*.csv`), or the embedded data when `dir` is
/// `None`. Files that are absent are skipped; problems in files are printed to stderr.
pub fn load_layers(dir: Option<&Path>) -> Result<Layers, Box<dyn std::error::Error>> {
    let Some(dir) = dir else {
        return Ok(suzhou_layers().0);
    };
    if !dir.is_dir() {
        return Err(format!("数据目录「{}」不存在", dir.display()).into());
    }
    let mut layers = Layers::default();
    let mut reports: Vec<ImportReport> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut stations = Vec::new();
    let mut sources = Vec::new();
    let mut fires = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let is_csv = name.ends_with(".csv");
        if !is_csv || name.starts_with("roads_") {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        if name.starts_with("stations") {
            let r = read_stations(&bytes, &name, Crs::Wgs84);
            stations.extend(r.items);
            reports.push(r.report);
        } else if name.starts_with("power_plants") {
            let r = read_power_plants(&bytes, &name);
            sources.extend(r.items);
            reports.push(r.report);
        } else if name.starts_with("enterprises") {
            let r = read_sources(&bytes, &name, Crs::Wgs84);
            sources.extend(r.items);
            reports.push(r.report);
        } else if name.starts_with("fires") {
            let r = read_fires(&bytes, &name, Crs::Wgs84);
            fires.extend(r.items);
            reports.push(r.report);
        }
    }
    for r in &reports {
        for e in &r.errors {
            eprintln!("警告: {e}");
        }
    }
    layers.stations = Layer::new(stations);
    layers.sources = Layer::new(sources);
    layers.fires = Layer::new(fires);
    Ok(layers)
}
