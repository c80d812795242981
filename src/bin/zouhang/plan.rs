//! `zouhang plan month`: the monthly 走航 plan.
//!
//! zouhang plan month [--data DIR] --month 2026-06 [--episode 2026-06-10..2026-06-14]
//!     [--exclude-days 2026-06-03,2026-06-04] [--seed N] [--rules FILE] [--targets FILE] --json

use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use zouhang::plan::month::calendar::{DayRange, YearMonth};
use zouhang::plan::month::{demo_targets_on, plan_month, MonthRequest, MonthRules, MonthTargets};
use zouhang::roads::{read_csv_graph, suzhou_network, RoadConfig, RoadNetwork};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Planning workflows.
#[derive(Subcommand)]
pub enum PlanCommand {
    /// The monthly 走航 plan: runs on days and vehicles, routes on roads, compliance (月度走航计划).
    Month(MonthArgs),
}

/// `plan month` arguments.
#[derive(ClapArgs)]
pub struct MonthArgs {
    /// Data folder laid out like data/suzhou (layers, roads_nodes.csv/roads_edges.csv,
    /// month_targets*.json); default: the embedded Suzhou data.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Month to plan, YYYY-MM.
    #[arg(long)]
    pub month: String,
    /// Pollution episode, FROM..TO (repeatable).
    #[arg(long)]
    pub episode: Vec<String>,
    /// Days without runs, comma-separated YYYY-MM-DD (added to the rule set's).
    #[arg(long, value_delimiter = ',')]
    pub exclude_days: Vec<String>,
    /// Seed: another seed gives another, comparably good plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Rule set JSON (default: the Suzhou 2023 plan).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Target set JSON (default: month_targets*.json of --data, or the demo set).
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Search iterations (the plan is reproducible when this limit is reached first).
    #[arg(long, default_value_t = 3000)]
    pub iterations: u64,
    /// Search time cap, milliseconds.
    #[arg(long, default_value_t = 10_000)]
    pub time_limit_ms: u64,
    /// Print the demo target set of the data (演示目标) as JSON and exit.
    #[arg(long)]
    pub print_targets: bool,
    /// Print the rule set in use and exit.
    #[arg(long)]
    pub print_rules: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(c: PlanCommand) -> Res<()> {
    match c {
        PlanCommand::Month(a) => month(a),
    }
}

fn read_text(p: &Path) -> Res<String> {
    let b = std::fs::read(p).map_err(|e| format!("{}：{e}", p.display()))?;
    Ok(zouhang::io::decode_text(&b).text)
}

fn load_network(dir: Option<&Path>) -> Res<RoadNetwork> {
    if let Some(dir) = dir {
        let (n, e) = (dir.join("roads_nodes.csv"), dir.join("roads_edges.csv"));
        if n.is_file() && e.is_file() {
            let imp = read_csv_graph(
                &std::fs::read(&n)?,
                "roads_nodes.csv",
                &std::fs::read(&e)?,
                "roads_edges.csv",
                &RoadConfig::default(),
            )
            .map_err(|err| format!("{}：{err}", dir.display()))?;
            return Ok(RoadNetwork::new(imp.graph));
        }
    }
    Ok(suzhou_network()?)
}

fn month(a: MonthArgs) -> Res<()> {
    let mut rules = match &a.rules {
        Some(p) => MonthRules::from_json(&read_text(p)?)
            .map_err(|e| format!("{}：{} {}", p.display(), e.message, e.action))?,
        None => MonthRules::default(),
    };
    rules.excluded_days.extend(
        a.exclude_days
            .iter()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
    );
    if let Some(first) = rules.validate().into_iter().next() {
        return Err(format!(
            "规则：{}（{}）{}",
            first.message,
            first.field.unwrap_or_default(),
            first.action
        )
        .into());
    }
    if a.print_targets {
        let layers = crate::data::load_layers(a.data.as_deref())?;
        let network = load_network(a.data.as_deref())?;
        println!(
            "{}",
            serde_json::to_string_pretty(&demo_targets_on(&network, &layers))?
        );
        return Ok(());
    }
    if a.print_rules {
        println!("{}", serde_json::to_string_pretty(&rules)?);
        return Ok(());
    }
    let month =
        YearMonth::parse(&a.month).ok_or_else(|| format!("--month「{}」不是 YYYY-MM", a.month))?;
    let episodes = a
        .episode
        .iter()
        .map(|e| {
            DayRange::parse(e).ok_or_else(|| {
                format!("--episode「{e}」不是 2026-06-10..2026-06-14 这样的日期范围")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let layers = crate::data::load_layers(a.data.as_deref())?;
    let network = load_network(a.data.as_deref())?;
    let targets_file = a.targets.clone().or_else(|| {
        let dir = a.data.as_ref()?;
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("month_targets") && n.ends_with(".json"))
            })
            .collect();
        found.sort();
        found.into_iter().next()
    });
    let targets = match &targets_file {
        Some(p) => MonthTargets::from_json(&read_text(p)?).map_err(|issues| {
            let lines: Vec<String> = issues
                .iter()
                .map(|i| {
                    format!(
                        "{}：第 {} 项 {}：{} {}",
                        p.display(),
                        i.row.unwrap_or(0),
                        i.field.clone().unwrap_or_default(),
                        i.message,
                        i.action
                    )
                })
                .collect();
            lines.join("\n")
        })?,
        None => demo_targets_on(&network, &layers),
    };
    let mut req = MonthRequest::new(month, targets);
    req.rules = rules;
    req.episodes = episodes;
    req.seed = a.seed;
    req.iterations = a.iterations;
    req.time_limit_ms = a.time_limit_ms;
    let started = std::time::Instant::now();
    let plan = plan_month(&network, &layers, &req, &mut |_| {})?;
    let ms = started.elapsed().as_millis();
    if a.json {
        let mut v = serde_json::to_value(&plan)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("elapsed_ms".into(), serde_json::json!(ms));
            o.insert("rules".into(), serde_json::to_value(&req.rules)?);
        }
        println!("{}", serde_json::to_string(&v)?);
        return Ok(());
    }
    println!("{} 走航计划（种子 {}，{} ms）", plan.month, plan.seed, ms);
    for r in &plan.runs {
        println!(
            "  {} {} {:<12} {:<8} 站点 {:>3}  走航 {:>6.1} km  转场 {:>6.1} km  {}–{}",
            r.date,
            r.weekday,
            r.type_label,
            r.vehicle_name,
            r.stops.len().saturating_sub(2),
            r.measured_km,
            r.transit_km,
            r.start,
            r.end
        );
    }
    println!("合规检查：");
    for c in &plan.compliance {
        println!(
            "  {} {}：要求 {}，计划 {}  {}",
            if c.ok { "✓" } else { "✗" },
            c.rule,
            c.required,
            c.planned,
            c.note
        );
    }
    println!(
        "覆盖：VOCs 目标 {}/{}，积尘道路 {}/{} 段（{:.1}/{:.1} km）",
        plan.coverage.vocs_visited,
        plan.coverage.vocs_total,
        plan.coverage.roads_covered,
        plan.coverage.roads_total,
        plan.coverage.roads_covered_km,
        plan.coverage.roads_total_km
    );
    for n in &plan.notes {
        println!("  说明：{n}");
    }
    Ok(())
}
