//! The draw's output for fixed registers, seeds and rules, checked against the JSON fixtures in
//! `tests/fixtures/draw/expected/` that `tests/wasm_draw.rs` compares the wasm build against: so
//! native and wasm produce byte-identical output.
//!
//! The fixtures are produced by this code and must only be regenerated on purpose (for a new
//! algorithm version, or a new route solver for `routes.txt`), with
//!
//! ```sh
//! ZOUHANG_BLESS=1 cargo test --test draw_fixture
//! ```
//!
//! and the worked example is also checked against the independent Python reference
//! (`tests/draw_reference.rs`).

mod common;
mod draw_support;

use common::repo_path;
use draw_support::{cases, routes_case, run_case};

fn example_bytes() -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(repo_path("tests/fixtures/draw/example_enterprises.csv")).unwrap(),
        std::fs::read(repo_path("tests/fixtures/draw/example_inspectors.csv")).unwrap(),
    )
}

#[test]
fn outputs_match_the_checked_in_fixtures() {
    let (e, i) = example_bytes();
    let bless = std::env::var_os("ZOUHANG_BLESS").is_some();
    let dir = repo_path("tests/fixtures/draw/expected");
    for case in cases() {
        let got = run_case(&case, (&e, &i)) + "\n";
        let path = dir.join(format!("{}.json", case.name));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with ZOUHANG_BLESS=1 once)", path.display()));
        assert!(
            got == want,
            "case {}: output differs from {}\n--- got ---\n{got}",
            case.name,
            path.display()
        );
    }
}

/// The solver router's plans of two demo draws (`tests/wasm_draw.rs` compares the wasm build).
#[test]
fn routes_match_the_checked_in_fixture() {
    let got = routes_case();
    let path = repo_path("tests/fixtures/draw/expected/routes.txt");
    if std::env::var_os("ZOUHANG_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with ZOUHANG_BLESS=1 once)", path.display()));
    assert!(
        got == want,
        "routes differ from {}\n--- got ---\n{got}",
        path.display()
    );
}

#[test]
fn the_cli_prints_the_fixture_bytes() {
    if std::env::var_os("ZOUHANG_BLESS").is_some() {
        return; // the fixtures are being written by the other test
    }
    let exe = env!("CARGO_BIN_EXE_zouhang");
    let want =
        std::fs::read_to_string(repo_path("tests/fixtures/draw/expected/example.json")).unwrap();
    let out = std::process::Command::new(exe)
        .args(["draw", "--seed", draw_support::EXAMPLE_SEED, "--json"])
        .arg("--enterprises")
        .arg(repo_path("tests/fixtures/draw/example_enterprises.csv"))
        .arg("--inspectors")
        .arg(repo_path("tests/fixtures/draw/example_inspectors.csv"))
        .arg("--rules")
        .arg(repo_path("tests/fixtures/draw/example_rules.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    // and the demo registers are the default
    let want =
        std::fs::read_to_string(repo_path("tests/fixtures/draw/expected/demo_city.json")).unwrap();
    let out = std::process::Command::new(exe)
        .args(["draw", "--seed", "2026年第三季度", "--json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    // a draw that cannot be made exits with status 1 and prints the problems as JSON
    let mut rules = zouhang::plan::draw::DrawRules::city();
    rules.team_size = 30;
    let path = std::env::temp_dir().join(format!("zouhang-rules-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string(&rules).unwrap()).unwrap();
    let out = std::process::Command::new(exe)
        .args(["draw", "--seed", "x", "--json", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1));
    let want = std::fs::read_to_string(repo_path(
        "tests/fixtures/draw/expected/demo_too_few_inspectors.json",
    ))
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("E_DRAW_TOO_FEW_INSPECTORS"));
}
