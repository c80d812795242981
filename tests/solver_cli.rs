//! The `zouhang solve … --json` contract on small instances written here, and readers that
//! never panic on damaged files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use zouhang::formats::{solomon, tsplib};

const TSP: &str = "NAME : square5\nTYPE : TSP\nDIMENSION : 5\nEDGE_WEIGHT_TYPE : EUC_2D\n\
NODE_COORD_SECTION\n1 0 0\n2 10 0\n3 10 10.4\n4 0 10\n5 5 5\nEOF\n";

const SOLOMON: &str = "tiny\n\nVEHICLE\nNUMBER     CAPACITY\n  2         10\n\nCUSTOMER\n\
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n\
    0      0         0          0          0       1000          0\n\
   11      3         4          6          0        100         10\n\
   12      6         8          6          0        200         10\n\
   13     -3        -4          3          0        500          5\n";

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zouhang-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn solve_json(path: &Path, format: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_zouhang"))
        .args([
            "solve",
            path.to_str().unwrap(),
            "--format",
            format,
            "--iterations",
            "300",
            "--seed",
            "3",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn tsplib_json_contract() {
    let v = solve_json(&write("square5.tsp", TSP), "tsplib");
    for key in [
        "instance",
        "format",
        "cost",
        "vehicles",
        "feasible",
        "routes",
        "elapsed_ms",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["instance"], "square5");
    assert_eq!(v["format"], "tsplib");
    assert_eq!(v["feasible"], true);
    assert_eq!(v["vehicles"], 1);
    let route: Vec<u64> = serde_json::from_value(v["routes"][0].clone()).unwrap();
    assert_eq!(route[0], 1, "a TSPLIB tour starts at node 1");
    let mut sorted = route.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![1, 2, 3, 4, 5]);
    // recompute the tour length with nint from the coordinates
    let xy = [
        (0.0, 0.0),
        (10.0, 0.0),
        (10.0, 10.4),
        (0.0, 10.0),
        (5.0, 5.0),
    ];
    let nint = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).hypot(a.1 - b.1) + 0.5).floor();
    let mut len = 0.0;
    for k in 0..route.len() {
        let (a, b) = (
            route[k] as usize - 1,
            route[(k + 1) % route.len()] as usize - 1,
        );
        len += nint(xy[a], xy[b]);
    }
    assert_eq!(v["cost"].as_f64().unwrap(), len);
    // optimum: square with the centre on one side: 10+10+10+7+7 = 44
    assert_eq!(len, 44.0);
}

#[test]
fn solomon_json_contract() {
    let v = solve_json(&write("tiny.txt", SOLOMON), "solomon");
    assert_eq!(v["format"], "solomon");
    assert_eq!(v["feasible"], true);
    let routes: Vec<Vec<u64>> = serde_json::from_value(v["routes"].clone()).unwrap();
    let mut all: Vec<u64> = routes.concat();
    all.sort_unstable();
    assert_eq!(all, vec![11, 12, 13], "customer numbers, depot omitted");
    // capacity 10, demands 6, 6, 3: 11 and 12 (on one ray) cannot share a vehicle; every split
    // costs 40 (0-11-13-0 + 0-12-0 = 20 + 20, or 0-12-13-0 + 0-11-0 = 30 + 10)
    assert_eq!(v["vehicles"], 2);
    assert!((v["cost"].as_f64().unwrap() - 40.0).abs() < 1e-9, "{v}");
}

#[test]
fn cli_reports_errors_without_panicking() {
    let bad = write(
        "bad.tsp",
        "NAME : x\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 zz 1\n",
    );
    for (path, format) in [
        (bad.to_str().unwrap(), "tsplib"),
        ("/nonexistent/x.txt", "solomon"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_zouhang"))
            .args(["solve", path, "--format", format, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(!err.trim().is_empty());
    }
}

/// Truncations and byte flips of valid files: every reader answers `Ok` or `Err`, never panics
/// (a panic fails the test).
#[test]
fn readers_survive_damaged_files() {
    let mut state = 0x1234_5678_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for text in [TSP, SOLOMON] {
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let s = String::from_utf8_lossy(&bytes[..cut]);
            let _ = tsplib::read(&s);
            let _ = solomon::read(&s);
        }
        for _ in 0..2000 {
            let mut b = bytes.to_vec();
            for _ in 0..3 {
                let i = (next() % b.len() as u64) as usize;
                b[i] = b" -0123456789.eE\nNaNinf:"[(next() % 23) as usize];
            }
            let s = String::from_utf8_lossy(&b);
            if let Ok(inst) = tsplib::read(&s) {
                let _ = zouhang::solver::solve(
                    &inst.problem,
                    &zouhang::solver::SolverConfig::with_iterations(20),
                    &mut |_| zouhang::solver::Control::Continue,
                );
            }
            if let Ok(inst) = solomon::read(&s) {
                let _ = zouhang::solver::solve(
                    &inst.problem,
                    &zouhang::solver::SolverConfig::with_iterations(20),
                    &mut |_| zouhang::solver::Control::Continue,
                );
            }
        }
    }
}
