//! `zouhang`: the command-line adapter over the same core as the browser app.
//!
//! Each subcommand lives in its own file, parses its arguments, calls one core function and
//! prints the result (`--json` for machines, a short Chinese summary otherwise).

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand};

    /// 走航 patrol and drive-by monitoring planner.
    #[derive(Parser)]
    #[command(name = "zouhang", version, about)]
    pub struct Cli {
        #[command(subcommand)]
        pub command: Command,
    }

    /// The subcommands.
    #[derive(Subcommand)]
    pub enum Command {
        /// Print the crate version.
        Version,
    }

    pub fn run() -> Result<(), Box<dyn std::error::Error>> {
        let cli = Cli::parse();
        match cli.command {
            Command::Version => println!("{}", env!("CARGO_PKG_VERSION")),
        }
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(e) = cli::run() {
        eprintln!("错误: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
