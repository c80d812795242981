//! `zouhang patrol straw --data DIR --fires FILE --teams FILE --date YYYY-MM-DD [--night]
//! [--json]`: straw-burning patrol dispatch (秸秆禁烧巡查派单).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use zouhang::crs::Crs;
use zouhang::io::read_fires;
use zouhang::model::FireDetection;
use zouhang::plan::straw::{
    daily_summary, daily_summary_csv, read_teams, run_straw, CorridorLayer, Jurisdiction,
    ReplanState, ShiftChoice, StrawData, StrawRequest, StrawSettings, Team, TeamRoute,
    Verification, DEMO_TEAMS_CSV,
};
use zouhang::LonLat;

/// Patrol workflows.
#[derive(clap::Subcommand)]
pub enum PatrolCommand {
    /// Straw-burning patrol dispatch: fire points → incidents with priorities → team routes
    /// (秸秆禁烧巡查派单).
    Straw(Box<StrawArgs>),
    /// Print the default straw settings as JSON (edit and pass with `patrol straw --settings`).
    Settings,
}

/// Arguments of `patrol straw`.
#[derive(clap::Args)]
pub struct StrawArgs {
    /// Data folder laid out like data/suzhou (stations; corridors_*.geojson,
    /// jurisdiction_*.geojson and teams_*.csv when present). Default: the embedded Suzhou data.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Fire file(s): FIRMS MODIS/VIIRS, Himawari L2WLF or manual points (repeatable).
    /// Default: the fire files of the data folder.
    #[arg(long)]
    pub fires: Vec<PathBuf>,
    /// Teams CSV `name,lon,lat,shift_start,shift_end[,vehicles,district]`.
    /// Default: teams_*.csv of the data folder, or the embedded demo teams.
    #[arg(long)]
    pub teams: Option<PathBuf>,
    /// Shift date, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub date: NaiveDate,
    /// Plan the night shift (same as --shift night).
    #[arg(long)]
    pub night: bool,
    /// Which shift: day, night or all.
    #[arg(long, default_value = "day")]
    pub shift: String,
    /// Print everything as JSON (incidents, routes, unassigned, plan).
    #[arg(long)]
    pub json: bool,
    /// Jurisdiction polygons (GeoJSON Polygon/MultiPolygon).
    #[arg(long)]
    pub jurisdiction: Option<PathBuf>,
    /// Jurisdiction as a box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    pub bbox: Option<Vec<f64>>,
    /// Use no jurisdiction filter even when the data folder has one.
    #[arg(long)]
    pub no_jurisdiction: bool,
    /// Corridor layer (GeoJSON lines/points/polygons with a `class` property).
    #[arg(long)]
    pub corridors: Option<PathBuf>,
    /// Road network (.zhg from `zouhang roads build`): travel along its roads instead of the
    /// straight-line estimate; points it cannot reach keep the estimate.
    #[arg(long)]
    pub roads: Option<PathBuf>,
    /// Travel along the embedded Suzhou major-road network.
    #[arg(long, conflicts_with = "roads")]
    pub embedded_roads: bool,
    /// Coordinate system of manual fire files and the teams file: wgs84, gcj02, bd09.
    #[arg(long, default_value = "wgs84")]
    pub crs: String,
    /// Keep detections from this Beijing time ("YYYY-MM-DD HH:MM"); default: 24 h before the
    /// shift starts.
    #[arg(long)]
    pub from: Option<String>,
    /// Keep detections up to this Beijing time; default: the end of the shift.
    #[arg(long)]
    pub to: Option<String>,
    /// Use detections of any time.
    #[arg(long)]
    pub all_times: bool,
    /// Minimum confidence, 0–100.
    #[arg(long)]
    pub min_confidence: Option<f64>,
    /// Merge detections within this distance, km (default 1).
    #[arg(long)]
    pub merge_km: Option<f64>,
    /// … and within this time, hours (default 12).
    #[arg(long)]
    pub merge_hours: Option<f64>,
    /// Verification time per incident, minutes (default 20).
    #[arg(long)]
    pub service_min: Option<f64>,
    /// Patrol speed, km/h (default 40).
    #[arg(long)]
    pub speed_kmh: Option<f64>,
    /// Dispatch solver: `route` (default: the route solver, started from the greedy routes) or
    /// `greedy` (priority-first insertion with 2-opt only; quicker, may serve less).
    #[arg(long)]
    pub solver: Option<String>,
    /// Search iterations of the route solver (default 1000).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// All settings as JSON (`zouhang patrol settings` prints the defaults; missing fields take
    /// their defaults); the flags above override it.
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// Re-plan mid-shift from a state JSON {now, vehicles: [{route_id, position, target}], done}.
    #[arg(long)]
    pub replan: Option<PathBuf>,
    /// Re-plan mid-shift from an earlier `--json` output of this command: each vehicle is
    /// placed where that plan has it at `--now`, keeps the stop it is driving to, and incidents
    /// it has already left are done. Give the new fire files with `--fires` as usual.
    #[arg(long, requires = "now", conflicts_with = "replan")]
    pub previous: Option<PathBuf>,
    /// The re-plan time for `--previous`, Beijing time "YYYY-MM-DD HH:MM".
    #[arg(long, requires = "previous")]
    pub now: Option<String>,
    /// Verification records (JSON array) for the daily summary.
    #[arg(long)]
    pub verifications: Option<PathBuf>,
    /// Write the daily summary as CSV.
    #[arg(long)]
    pub summary_csv: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("无法识别的日期「{s}」：写成 YYYY-MM-DD，如 2022-05-31"))
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

pub fn run(c: PatrolCommand) -> Res<()> {
    match c {
        PatrolCommand::Straw(a) => straw(*a),
        PatrolCommand::Settings => {
            println!(
                "{}",
                serde_json::to_string_pretty(&StrawSettings::default())?
            );
            Ok(())
        }
    }
}

/// The first file of `dir` whose name starts with `prefix` and ends with `ext`.
fn find_in(dir: Option<&Path>, prefix: &str, ext: &str) -> Option<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir?)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(ext))
        })
        .collect();
    names.sort();
    names.into_iter().next()
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

fn parse_time(s: &str) -> Res<NaiveDateTime> {
    let t = s.trim().replace('T', " ");
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"] {
        if let Ok(v) = NaiveDateTime::parse_from_str(&t, f) {
            return Ok(v);
        }
        if let Ok(d) = NaiveDate::parse_from_str(&t, f) {
            return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default());
        }
    }
    Err(format!("无法识别的时间「{s}」：写成 YYYY-MM-DD HH:MM（北京时间）").into())
}

fn load_teams(a: &StrawArgs, crs: Crs) -> Res<Vec<Team>> {
    let (bytes, name) = match a
        .teams
        .clone()
        .or_else(|| find_in(a.data.as_deref(), "teams", ".csv"))
    {
        Some(p) => (std::fs::read(&p)?, name_of(&p)),
        None => {
            eprintln!("提示: 未指定 --teams，使用内置演示队伍（teams_demo.csv）");
            (
                DEMO_TEAMS_CSV.as_bytes().to_vec(),
                "teams_demo.csv".to_string(),
            )
        }
    };
    let r = read_teams(&bytes, &name, crs);
    for i in &r.issues {
        eprintln!("警告: {i}");
    }
    if r.teams.is_empty() {
        return Err(Box::new(zouhang::plan::straw::StrawError::NoTeams {
            file: name,
            detail: "文件中没有可用的行".to_string(),
        }));
    }
    Ok(r.teams)
}

fn load_fires(a: &StrawArgs, crs: Crs, layer: &[FireDetection]) -> Res<Vec<FireDetection>> {
    if a.fires.is_empty() {
        return Ok(layer.to_vec());
    }
    let mut out = Vec::new();
    for p in &a.fires {
        let r = read_fires(&std::fs::read(p)?, &name_of(p), crs);
        for e in &r.report.errors {
            eprintln!("警告: {e}");
        }
        if r.items.is_empty() && !r.report.errors.is_empty() {
            return Err(format!("{}：没有读到火点", p.display()).into());
        }
        out.extend(r.items);
    }
    Ok(out)
}

fn load_jurisdiction(a: &StrawArgs) -> Res<Option<Jurisdiction>> {
    if a.no_jurisdiction {
        return Ok(None);
    }
    if let Some(b) = &a.bbox {
        return match b.as_slice() {
            [x0, y0, x1, y1] => Ok(Some(Jurisdiction::from_bbox(
                LonLat::new(*x0, *y0),
                LonLat::new(*x1, *y1),
            ))),
            _ => Err(format!(
                "--bbox 需要 4 个数：最小经度,最小纬度,最大经度,最大纬度（给了 {} 个）",
                b.len()
            )
            .into()),
        };
    }
    let path = a
        .jurisdiction
        .clone()
        .or_else(|| find_in(a.data.as_deref(), "jurisdiction", ".geojson"));
    let (bytes, name) = match path {
        Some(p) => (std::fs::read(&p)?, name_of(&p)),
        None if a.data.is_none() => (
            zouhang::plan::straw::DEMO_JURISDICTION_GEOJSON
                .as_bytes()
                .to_vec(),
            "jurisdiction_demo.geojson".to_string(),
        ),
        None => return Ok(None),
    };
    let (j, issues) = Jurisdiction::from_geojson(&bytes, &name)?;
    for i in &issues {
        eprintln!("警告: {i}");
    }
    eprintln!("辖区: {}（{name}）", j.names().join("、"));
    Ok(Some(j))
}

fn load_corridors(a: &StrawArgs) -> Res<CorridorLayer> {
    let path = a
        .corridors
        .clone()
        .or_else(|| find_in(a.data.as_deref(), "corridors", ".geojson"));
    match path {
        Some(p) => {
            let (layer, issues) = CorridorLayer::from_geojson(&std::fs::read(&p)?, &name_of(&p))?;
            for i in &issues {
                eprintln!("警告: {i}");
            }
            Ok(layer)
        }
        None => Ok(CorridorLayer::demo_suzhou()),
    }
}

fn settings(a: &StrawArgs) -> Res<StrawSettings> {
    let mut s: StrawSettings = match &a.settings {
        Some(p) => serde_json::from_slice(&std::fs::read(p)?)
            .map_err(|e| format!("{}：设置 JSON 无效：{e}", p.display()))?,
        None => StrawSettings::default(),
    };
    if let Some(v) = &a.from {
        s.filter.from = Some(parse_time(v)?);
    }
    if let Some(v) = &a.to {
        s.filter.to = Some(parse_time(v)?);
    }
    if let Some(v) = a.min_confidence {
        s.filter.min_confidence_pct = v;
    }
    if let Some(v) = a.merge_km {
        s.cluster.distance_m = v * 1000.0;
    }
    if let Some(v) = a.merge_hours {
        s.cluster.window_h = v;
    }
    if let Some(v) = a.service_min {
        s.dispatch.service_min = v;
    }
    if let Some(v) = a.speed_kmh {
        s.dispatch.speed_kmh = v;
    }
    if let Some(v) = &a.solver {
        s.dispatch.solver = match v.as_str() {
            "route" => zouhang::plan::straw::SolverChoice::Route,
            "greedy" => zouhang::plan::straw::SolverChoice::Greedy,
            _ => return Err(format!("--solver {v}：应为 route 或 greedy").into()),
        };
    }
    if let Some(v) = a.iterations {
        s.dispatch.iterations = v;
    }
    Ok(s)
}

/// The earlier output's routes and done list (the other fields are not needed).
#[derive(serde::Deserialize)]
struct PreviousOutput {
    routes: Vec<TeamRoute>,
    #[serde(default)]
    done: Vec<String>,
}

fn previous_state(path: &Path, now: NaiveDateTime) -> Res<ReplanState> {
    let prev: PreviousOutput = serde_json::from_slice(&std::fs::read(path)?).map_err(|e| {
        format!(
            "{}：不是 `zouhang patrol straw --json` 的输出：{e}",
            path.display()
        )
    })?;
    let state = ReplanState::from_routes(&prev.routes, &prev.done, now);
    for v in &state.vehicles {
        if let Some(t) = &v.target {
            eprintln!("在途: {} → {t}（保留为第一站）", v.route_id);
        }
    }
    Ok(state)
}

fn straw(a: StrawArgs) -> Res<()> {
    let crs: Crs = a.crs.parse().map_err(|e| format!("{e}"))?;
    let shift = if a.night {
        ShiftChoice::Night
    } else {
        match a.shift.trim().to_lowercase().as_str() {
            "day" | "白班" => ShiftChoice::Day,
            "night" | "夜班" => ShiftChoice::Night,
            "all" | "全部" => ShiftChoice::All,
            other => return Err(format!("未知班次「{other}」：可用 day、night、all").into()),
        }
    };
    let layers = crate::data::load_layers(a.data.as_deref())?;
    let detections = load_fires(&a, crs, layers.fires.items())?;
    let teams = load_teams(&a, crs)?;
    let jurisdiction = load_jurisdiction(&a)?;
    let corridors = load_corridors(&a)?;
    let mut request = StrawRequest::new(a.date, shift);
    request.settings = settings(&a)?;
    request.auto_window = !a.all_times;
    if let Some(p) = &a.replan {
        let state: ReplanState = serde_json::from_slice(&std::fs::read(p)?)
            .map_err(|e| format!("{}：重新派单状态 JSON 无效：{e}", p.display()))?;
        request.replan = Some(state);
    }
    if let (Some(p), Some(now)) = (&a.previous, &a.now) {
        request.replan = Some(previous_state(p, parse_time(now)?)?);
    }
    let roads = match (&a.roads, a.embedded_roads) {
        (Some(p), _) => {
            let b = std::fs::read(p).map_err(|e| format!("{}：{e}", p.display()))?;
            Some(zouhang::roads::read_network(&b).map_err(|e| format!("{}：{e}", p.display()))?)
        }
        (None, true) => Some(zouhang::roads::suzhou_network()?),
        (None, false) => None,
    };
    let data = StrawData {
        detections: &detections,
        teams: &teams,
        jurisdiction: jurisdiction.as_ref(),
        corridors: &corridors,
        stations: &layers.stations,
        roads: roads.as_ref(),
    };
    let outcome = run_straw(&data, &request)?;

    let verifications: Vec<Verification> = match &a.verifications {
        Some(p) => serde_json::from_slice(&std::fs::read(p)?)
            .map_err(|e| format!("{}：核查记录 JSON 无效：{e}", p.display()))?,
        None => Vec::new(),
    };
    let summary = if a.verifications.is_some() || a.summary_csv.is_some() {
        let dispatched: Vec<String> = outcome
            .routes
            .iter()
            .flat_map(|r| r.incident_ids.iter().cloned())
            .collect();
        let incidents: Vec<_> = outcome.scored.iter().map(|s| s.incident.clone()).collect();
        Some(daily_summary(&incidents, &dispatched, &verifications))
    } else {
        None
    };
    if let (Some(path), Some(rows)) = (&a.summary_csv, &summary) {
        std::fs::write(path, daily_summary_csv(rows))?;
    }

    if a.json {
        let mut v = serde_json::to_value(&outcome)?;
        if let (Some(obj), Some(rows)) = (v.as_object_mut(), &summary) {
            obj.insert("summary".to_string(), serde_json::to_value(rows)?);
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    print_text(&outcome);
    Ok(())
}

fn print_text(o: &zouhang::plan::straw::StrawOutcome) {
    let f = &o.filter_report;
    println!(
        "{} {} 秸秆禁烧巡查：火点 {} 个，保留 {} 个（时间外 {}，低置信度 {}，辖区外 {}，排除类型 {}），合并为事件 {} 个",
        o.date,
        o.shift.label(),
        f.input,
        f.kept,
        f.before_window + f.after_window,
        f.low_confidence,
        f.outside_jurisdiction,
        f.excluded_type,
        o.incidents.len()
    );
    println!(
        "（派单算法：{}；{}）",
        o.solver,
        if o.along_roads {
            "行车按路网估算"
        } else {
            "行车时间按直线距离估算"
        }
    );
    for i in &o.incidents {
        println!(
            "  {}  优先级 {:>5}（{}）  {:.5},{:.5}  {} 次探测  首次 {}",
            i.id, i.score, i.level_label, i.lon, i.lat, i.detection_count, i.first_seen
        );
        for r in &i.reasons {
            println!("      · {}", r.text);
        }
    }
    for r in o.routes.iter().filter(|r| !r.stops.is_empty()) {
        println!(
            "  路线 {}：{} 个事件，{:.1} km，{:.0} 分钟，{} 出发，{} 返回",
            r.route_id,
            r.stops.len(),
            r.distance_km,
            r.duration_min,
            r.start_time.format("%H:%M"),
            r.return_time.format("%m-%d %H:%M")
        );
        for s in &r.stops {
            println!(
                "      {} 到达 {}  {}",
                s.arrival.format("%H:%M"),
                s.incident_id,
                if s.locked { "（在途目标）" } else { "" }
            );
        }
    }
    if !o.unassigned.is_empty() {
        println!("  未派出 {} 个：", o.unassigned.len());
        for u in &o.unassigned {
            println!("      {} [{}] {}", u.incident_id, u.code.code(), u.reason);
        }
    }
}
