//! The default Suzhou data, compiled into the crate so that the browser app and the CLI work
//! out of the box (sources and licences in `data/README.md`).

use crate::crs::Crs;
use crate::io::{read_fires, read_power_plants, read_sources, read_stations, ImportReport};
use crate::layers::{Layer, Layers};

/// `data/suzhou/stations.csv`: the 24 national control stations of Suzhou (CNEMC list).
pub const STATIONS_CSV: &str = include_str!("../data/suzhou/stations.csv");
/// `data/suzhou/power_plants.csv`: 50 power plants in the Suzhou box (WRI GPPD, CC BY 4.0).
pub const POWER_PLANTS_CSV: &str = include_str!("../data/suzhou/power_plants.csv");
/// `data/suzhou/enterprises_demo.csv`: demo enterprises from our seeded generator (not real).
pub const ENTERPRISES_DEMO_CSV: &str = include_str!("../data/suzhou/enterprises_demo.csv");
/// `data/suzhou/inspectors_demo.csv`: demo inspector register for random inspections (双随机),
/// from our seeded generator (not real people).
pub const INSPECTORS_DEMO_CSV: &str = include_str!("../data/suzhou/inspectors_demo.csv");
/// `data/suzhou/fires_firms_sample.csv`: 15 real FIRMS MODIS detections (NASA).
pub const FIRES_SAMPLE_CSV: &str = include_str!("../data/suzhou/fires_firms_sample.csv");
/// `data/suzhou/roads_nodes.csv`: nodes of the coarse major-road graph (routrs, MIT; © OSM).
pub const ROAD_NODES_CSV: &str = include_str!("../data/suzhou/roads_nodes.csv");
/// `data/suzhou/roads_edges.csv`: two-way edges of that graph with lengths in metres.
pub const ROAD_EDGES_CSV: &str = include_str!("../data/suzhou/roads_edges.csv");

/// The embedded Suzhou layers and the import report of each file.
pub fn suzhou_layers() -> (Layers, Vec<ImportReport>) {
    let stations = read_stations(STATIONS_CSV.as_bytes(), "stations.csv", Crs::Wgs84);
    let plants = read_power_plants(POWER_PLANTS_CSV.as_bytes(), "power_plants.csv");
    let enterprises = read_sources(
        ENTERPRISES_DEMO_CSV.as_bytes(),
        "enterprises_demo.csv",
        Crs::Wgs84,
    );
    let fires = read_fires(
        FIRES_SAMPLE_CSV.as_bytes(),
        "fires_firms_sample.csv",
        Crs::Wgs84,
    );
    let mut sources = enterprises.items;
    sources.extend(plants.items);
    let layers = Layers {
        stations: Layer::new(stations.items),
        sources: Layer::new(sources),
        fires: Layer::new(fires.items),
    };
    (
        layers,
        vec![
            stations.report,
            plants.report,
            enterprises.report,
            fires.report,
        ],
    )
}

/// The embedded major-road graph as two-point segments `[[lon, lat], [lon, lat]]` for drawing
/// the base layer (routing uses [`crate::roads`] once a graph is built).
pub fn suzhou_road_segments() -> Vec<[[f64; 2]; 2]> {
    let mut nodes = std::collections::HashMap::new();
    let mut rd = csv::Reader::from_reader(ROAD_NODES_CSV.as_bytes());
    for rec in rd.records().flatten() {
        if let (Some(id), Some(lat), Some(lon)) = (rec.get(0), rec.get(1), rec.get(2)) {
            if let (Ok(id), Ok(lat), Ok(lon)) = (id.parse::<u64>(), lat.parse(), lon.parse()) {
                nodes.insert(id, [lon, lat]);
            }
        }
    }
    let mut out = Vec::new();
    let mut rd = csv::Reader::from_reader(ROAD_EDGES_CSV.as_bytes());
    for rec in rd.records().flatten() {
        let ids = (
            rec.get(0).and_then(|s| s.parse::<u64>().ok()),
            rec.get(1).and_then(|s| s.parse::<u64>().ok()),
        );
        if let (Some(u), Some(v)) = ids {
            if let (Some(a), Some(b)) = (nodes.get(&u), nodes.get(&v)) {
                out.push([*a, *b]);
            }
        }
    }
    out
}
