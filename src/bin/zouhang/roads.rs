//! `zouhang roads build|matrix|route`: the road network engine on the command line.
//!
//! ```text
//! zouhang roads build --input FILE [--edges FILE] --out FILE.zhg [--speed CLASS=KMH]… [--classes a,b]
//! zouhang roads matrix [--graph FILE.zhg] --points POINTS.csv [--metric time|distance] --json
//! zouhang roads route [--graph FILE.zhg] --from LON,LAT --to LON,LAT [--metric time|distance] --json
//! ```
//! Without `--graph`, the embedded Suzhou major-road graph is used.

use std::path::{Path, PathBuf};

use serde_json::json;
use web_time::Instant;
use zouhang::roads::{
    parse_class, read_csv_graph, read_network, read_road_file, suzhou_network, write_network,
    Metric, RoadConfig, RoadNetwork, SnapOptions,
};
use zouhang::LonLat;

/// The `roads` subcommands.
#[derive(clap::Subcommand)]
pub enum RoadsCommand {
    /// Build the binary road graph (.zhg) from .osm.pbf, .osm, Overpass .json, routrs .json.gz or a nodes/edges CSV pair.
    Build(BuildArgs),
    /// Duration and distance matrix between points (CSV lon,lat).
    Matrix(MatrixArgs),
    /// Route between two points, with geometry.
    Route(RouteArgs),
}

/// Arguments of `roads build`.
#[derive(clap::Args)]
pub struct BuildArgs {
    /// Input file; for the CSV form, the nodes file (id,lat,lon).
    #[arg(long)]
    pub input: PathBuf,
    /// The edges file (u,v,length_m) of the CSV form.
    #[arg(long)]
    pub edges: Option<PathBuf>,
    /// Output graph file (.zhg).
    #[arg(long)]
    pub out: PathBuf,
    /// Speed of a class, e.g. residential=25 (repeatable).
    #[arg(long = "speed")]
    pub speeds: Vec<String>,
    /// Keep only these classes, comma-separated (e.g. motorway,trunk,primary,secondary).
    #[arg(long)]
    pub classes: Option<String>,
    /// Ignore maxspeed tags (use class speeds only).
    #[arg(long)]
    pub no_maxspeed: bool,
    /// Print the import report and network figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `roads matrix`.
#[derive(clap::Args)]
pub struct MatrixArgs {
    /// Graph file (.zhg); default: the embedded Suzhou major-road graph.
    #[arg(long)]
    pub graph: Option<PathBuf>,
    /// Points CSV: lon,lat per row (a header row is allowed).
    #[arg(long)]
    pub points: PathBuf,
    /// What the paths minimise: time or distance.
    #[arg(long, default_value = "time")]
    pub metric: String,
    /// Farthest a point may be from a road, metres.
    #[arg(long, default_value_t = 2000.0)]
    pub max_snap_m: f64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `roads route`.
#[derive(clap::Args)]
pub struct RouteArgs {
    /// Graph file (.zhg); default: the embedded Suzhou major-road graph.
    #[arg(long)]
    pub graph: Option<PathBuf>,
    /// Start, LON,LAT.
    #[arg(long, allow_hyphen_values = true)]
    pub from: String,
    /// End, LON,LAT.
    #[arg(long, allow_hyphen_values = true)]
    pub to: String,
    /// What the path minimises: time or distance.
    #[arg(long, default_value = "time")]
    pub metric: String,
    /// Farthest a point may be from a road, metres.
    #[arg(long, default_value_t = 2000.0)]
    pub max_snap_m: f64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

pub fn run(c: RoadsCommand) -> Res<()> {
    match c {
        RoadsCommand::Build(a) => build(a),
        RoadsCommand::Matrix(a) => matrix(a),
        RoadsCommand::Route(a) => route(a),
    }
}

fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn build(a: BuildArgs) -> Res<()> {
    let t = Instant::now();
    let mut config = RoadConfig::default();
    for s in &a.speeds {
        config.apply_speed(s)?;
    }
    if let Some(list) = &a.classes {
        let classes = list
            .split(',')
            .map(parse_class)
            .collect::<Result<Vec<_>, _>>()?;
        config.keep_only(&classes);
    }
    config.use_maxspeed = !a.no_maxspeed;
    let input = std::fs::read(&a.input).map_err(|e| format!("{}：{e}", a.input.display()))?;
    let import = match &a.edges {
        Some(edges) => {
            let e = std::fs::read(edges).map_err(|e| format!("{}：{e}", edges.display()))?;
            read_csv_graph(&input, &name(&a.input), &e, &name(edges), &config)?
        }
        None => read_road_file(&input, &name(&a.input), &config)?,
    };
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let net = RoadNetwork::new(import.graph);
    let prepare_ms = t.elapsed().as_secs_f64() * 1e3;
    let bytes = write_network(&net);
    std::fs::write(&a.out, &bytes).map_err(|e| format!("{}：{e}", a.out.display()))?;
    let stats = net.stats();
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "report": import.report,
                "stats": stats,
                "bytes": bytes.len(),
                "read_ms": read_ms.round(),
                "prepare_ms": prepare_ms.round(),
            }))?
        );
        return Ok(());
    }
    println!(
        "{}（{}）：节点 {}，路段 {}（单行 {}），总长 {:.1} km；连通分量 {}（主网 {} 个节点）；走廊要素 {}；捷径 {} / {}",
        import.report.file,
        import.report.format,
        stats.nodes,
        stats.edges,
        stats.oneway_edges,
        stats.length_km,
        stats.components,
        stats.main_component_nodes,
        import.report.corridors,
        stats.shortcuts[0],
        stats.shortcuts[1],
    );
    for i in &import.report.issues {
        println!("  {i}");
    }
    println!(
        "已写入 {}（{} 字节）；读取 {:.0} ms，预处理 {:.0} ms",
        a.out.display(),
        bytes.len(),
        read_ms,
        prepare_ms
    );
    Ok(())
}

fn load(graph: Option<&Path>) -> Res<RoadNetwork> {
    match graph {
        Some(p) => {
            let b = std::fs::read(p).map_err(|e| format!("{}：{e}", p.display()))?;
            Ok(read_network(&b).map_err(|e| format!("{}：{e}", p.display()))?)
        }
        None => Ok(suzhou_network()?),
    }
}

fn parse_point(s: &str) -> Res<LonLat> {
    let mut it = s.split(',').map(|v| v.trim().parse::<f64>());
    match (it.next(), it.next(), it.next()) {
        (Some(Ok(lon)), Some(Ok(lat)), None) => Ok(LonLat::new(lon, lat)),
        _ => Err(format!("坐标「{s}」格式不对：应为 经度,纬度（如 120.62,31.31）").into()),
    }
}

fn read_points(path: &Path) -> Res<Vec<LonLat>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}：{e}", path.display()))?;
    let mut points = Vec::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_point(line) {
            Ok(p) => points.push(p),
            Err(_) if i == 0 => {} // header
            Err(_) => {
                return Err(format!(
                    "{} 第{}行「{line}」不是 经度,纬度：请检查该行",
                    path.display(),
                    i + 1
                )
                .into())
            }
        }
    }
    Ok(points)
}

fn opts(max_snap_m: f64) -> SnapOptions {
    SnapOptions {
        max_distance_m: max_snap_m,
        ..SnapOptions::default()
    }
}

fn matrix(a: MatrixArgs) -> Res<()> {
    let metric: Metric = a.metric.parse()?;
    let points = read_points(&a.points)?;
    let net = load(a.graph.as_deref())?;
    let t = Instant::now();
    let m = net.matrix(&points, metric, &opts(a.max_snap_m));
    let elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
    if a.json {
        println!(
            "{}",
            serde_json::to_string(&json!({
                "metric": m.metric,
                "durations_s": m.durations_s,
                "distances_m": m.distances_m,
                "snapped": m.snapped,
                "elapsed_ms": (elapsed_ms * 10.0).round() / 10.0,
            }))?
        );
        return Ok(());
    }
    println!("{} 个点，{:.1} ms", points.len(), elapsed_ms);
    for s in &m.snapped {
        if let Some(p) = &s.problem {
            let why = s.error.as_ref().map(|e| e.to_string()).unwrap_or_else(|| {
                format!(
                    "无法到达 {} 个点，{} 个点无法到达此点",
                    s.unreachable_to, s.unreachable_from
                )
            });
            println!("  第{}个点 [{p}] {why}", s.index + 1);
        }
    }
    for row in &m.durations_s {
        let cells: Vec<String> = row
            .iter()
            .map(|v| v.map_or("—".to_string(), |s| format!("{:.0}", s / 60.0)))
            .collect();
        println!("{}", cells.join("\t"));
    }
    println!("（单位：分钟）");
    Ok(())
}

fn route(a: RouteArgs) -> Res<()> {
    let metric: Metric = a.metric.parse()?;
    let (from, to) = (parse_point(&a.from)?, parse_point(&a.to)?);
    let net = load(a.graph.as_deref())?;
    let t = Instant::now();
    let r = net.route(from, to, metric, &opts(a.max_snap_m))?;
    let elapsed_ms = t.elapsed().as_secs_f64() * 1e3;
    if a.json {
        let mut v = serde_json::to_value(&r)?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "elapsed_ms".into(),
                json!((elapsed_ms * 10.0).round() / 10.0),
            );
        }
        println!("{}", serde_json::to_string(&v)?);
        return Ok(());
    }
    println!(
        "{:.1} km，{:.0} 分钟（起点吸附 {:.0} m，终点吸附 {:.0} m；{} 个折点）",
        r.distance_m / 1000.0,
        r.duration_s / 60.0,
        r.from.distance_m,
        r.to.distance_m,
        r.geometry.len()
    );
    Ok(())
}
