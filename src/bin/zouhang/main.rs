//! `zouhang`: the command-line adapter over the same core as the browser app.
//!
//! Each subcommand lives in its own file, parses its arguments, calls one core function and
//! prints the result (`--json` for machines, a short Chinese summary otherwise).

#[cfg(not(target_arch = "wasm32"))]
mod data;
#[cfg(not(target_arch = "wasm32"))]
mod demo;
#[cfg(not(target_arch = "wasm32"))]
mod draw;
#[cfg(not(target_arch = "wasm32"))]
mod export;
#[cfg(not(target_arch = "wasm32"))]
mod import;
#[cfg(not(target_arch = "wasm32"))]
mod near;
#[cfg(not(target_arch = "wasm32"))]
mod patrol;
#[cfg(not(target_arch = "wasm32"))]
mod plan;
#[cfg(not(target_arch = "wasm32"))]
mod roads;
#[cfg(not(target_arch = "wasm32"))]
mod solve;
#[cfg(not(target_arch = "wasm32"))]
mod solve_arcs;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand};

    /// 走航 patrol and drive-by monitoring planner (走航、巡查与环境监测路线规划).
    #[derive(Parser)]
    #[command(name = "zouhang", version, about)]
    pub struct Cli {
        #[command(subcommand)]
        pub command: Command,
    }

    /// The subcommands.
    #[derive(Subcommand)]
    pub enum Command {
        /// Read a stations / enterprises / fires file and report what loaded (导入检查).
        Import(crate::import::Args),
        /// Sources around a national control station (国控站点周边污染源).
        Near(crate::near::Args),
        /// Generate demo data with a seeded generator (演示数据).
        #[command(subcommand)]
        Demo(crate::demo::DemoCommand),
        /// Random inspection draw of enterprises and inspection teams (双随机抽取).
        Draw(Box<crate::draw::Args>),
        /// Export a plan as GPX, GeoJSON, KML, CSV or a route sheet, or print navigation links (导出).
        Export(crate::export::Args),
        /// Patrol dispatch workflows (巡查派单): `patrol straw` for straw-burning fire points.
        #[command(subcommand)]
        Patrol(crate::patrol::PatrolCommand),
        /// Road network: build a graph, matrices, routes (路网).
        #[command(subcommand)]
        Roads(crate::roads::RoadsCommand),
        /// Plan: the monthly 走航 plan (计划).
        #[command(subcommand)]
        Plan(crate::plan::PlanCommand),
        /// Solve a TSPLIB, Solomon, CARP, PVRP or PCARP benchmark instance (求解基准实例).
        Solve(crate::solve::Args),
    }

    pub fn run() -> Result<(), Box<dyn std::error::Error>> {
        let cli = Cli::parse();
        match cli.command {
            Command::Import(a) => crate::import::run(a),
            Command::Near(a) => crate::near::run(a),
            Command::Demo(c) => crate::demo::run(c),
            Command::Draw(a) => crate::draw::run(*a),
            Command::Export(a) => crate::export::run(a),
            Command::Patrol(c) => crate::patrol::run(c),
            Command::Solve(a) => crate::solve::run(a),
            Command::Roads(c) => crate::roads::run(c),
            Command::Plan(c) => crate::plan::run(c),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Exit quietly when the reader of our output goes away (`zouhang near … | head`), as Unix
    // tools do, instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    if let Err(e) = cli::run() {
        eprintln!("错误: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
