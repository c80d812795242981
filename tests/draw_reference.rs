//! The Rust draw against the independent Python re-implementation of docs/DRAW.md
//! (`scripts/draw_reference.py`, standard library only): the worked example, the demo registers
//! under several rule sets, and 600 seeded random registers (with errors and recusal failures)
//! must give byte-identical core output. Skipped with a note when `python3` is not installed.

mod common;
mod draw_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use zouhang::crs::Crs;
use zouhang::demo::DemoRng;
use zouhang::plan::draw::{
    demo_registers, draw, enterprises_csv, inspectors_csv, DrawError, DrawRequest, DrawResult,
    DrawRules, EnterpriseRegister, InspectorRegister, Stratum, Team,
};

use common::repo_path;
use draw_support::{random_case, EXAMPLE_SEED};

#[derive(Serialize)]
struct CoreRegisters<'a> {
    enterprises_sha256: &'a str,
    inspectors_sha256: &'a str,
}

/// The fields the reference computes, in the order of the Rust output.
#[derive(Serialize)]
struct Core<'a> {
    algorithm_version: &'a str,
    seed: &'a str,
    registers: CoreRegisters<'a>,
    selected: &'a [String],
    teams: &'a [Team],
    strata: &'a [Stratum],
}

#[derive(Serialize)]
struct Errors {
    errors: Vec<String>,
}

fn core_json(outcome: &Result<DrawResult, DrawError>) -> String {
    match outcome {
        Ok(r) => serde_json::to_string(&Core {
            algorithm_version: &r.algorithm_version,
            seed: &r.seed,
            registers: CoreRegisters {
                enterprises_sha256: &r.registers.enterprises_sha256,
                inspectors_sha256: &r.registers.inspectors_sha256,
            },
            selected: &r.selected,
            teams: &r.teams,
            strata: &r.strata,
        }),
        Err(e) => serde_json::to_string(&Errors {
            errors: e.problems().iter().map(|p| p.code.clone()).collect(),
        }),
    }
    .unwrap()
}

fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        common::missing_input("python3 (for the comparison with scripts/draw_reference.py)");
    }
    ok.then_some("python3")
}

struct Batch {
    dir: PathBuf,
    cases: Vec<serde_json::Value>,
    rust: Vec<String>,
}

impl Batch {
    fn new(name: &str) -> Batch {
        let dir = std::env::temp_dir().join(format!("zouhang-draw-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Batch {
            dir,
            cases: Vec::new(),
            rust: Vec::new(),
        }
    }

    /// Adds a case given as files: the Rust side reads the same files.
    fn add_files(&mut self, e: &Path, i: &Path, rules: &Path, seed: &str) {
        let (er, _) = EnterpriseRegister::read(&std::fs::read(e).unwrap(), "e.csv", Crs::Wgs84);
        let (ir, _) = InspectorRegister::read(&std::fs::read(i).unwrap(), "i.csv");
        let rules_text = std::fs::read_to_string(rules).unwrap();
        let request = DrawRequest {
            seed: seed.to_string(),
            rules: DrawRules::from_json(&rules_text).unwrap(),
        };
        self.rust.push(core_json(&draw(&er, &ir, &request)));
        self.cases.push(serde_json::json!({
            "enterprises": e, "inspectors": i, "rules": rules, "seed": seed,
        }));
    }

    /// Adds a case from registers and rules, written out in the export layout.
    fn add(
        &mut self,
        e: &EnterpriseRegister,
        i: &InspectorRegister,
        rules: &DrawRules,
        seed: &str,
    ) {
        let k = self.cases.len();
        let ep = self.dir.join(format!("e{k}.csv"));
        let ip = self.dir.join(format!("i{k}.csv"));
        let rp = self.dir.join(format!("r{k}.json"));
        std::fs::write(&ep, enterprises_csv(e)).unwrap();
        std::fs::write(&ip, inspectors_csv(i)).unwrap();
        std::fs::write(&rp, serde_json::to_string_pretty(rules).unwrap()).unwrap();
        self.add_files(&ep, &ip, &rp, seed);
    }

    fn compare(self, py: &str) {
        let batch = self.dir.join("cases.json");
        std::fs::write(&batch, serde_json::to_string(&self.cases).unwrap()).unwrap();
        let out = Command::new(py)
            .arg(repo_path("scripts/draw_reference.py"))
            .arg("--batch")
            .arg(&batch)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "reference failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), self.rust.len());
        let mut errors = 0;
        for (k, (py_line, rust)) in lines.iter().zip(&self.rust).enumerate() {
            assert!(
                py_line == rust,
                "case {k} ({}) differs:\n rust:   {rust}\n python: {py_line}",
                self.cases[k]
            );
            errors += usize::from(rust.starts_with("{\"errors\""));
        }
        eprintln!("{} cases agree ({errors} of them errors)", self.rust.len());
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn worked_example_and_demo_registers_match_the_python_reference() {
    let Some(py) = python() else { return };
    let mut b = Batch::new("ref");
    b.add_files(
        &repo_path("tests/fixtures/draw/example_enterprises.csv"),
        &repo_path("tests/fixtures/draw/example_inspectors.csv"),
        &repo_path("tests/fixtures/draw/example_rules.json"),
        EXAMPLE_SEED,
    );
    let (e, i) = demo_registers();
    for (k, case) in draw_support::cases().iter().enumerate() {
        if case.registers == draw_support::Registers::Demo {
            b.add(&e, &i, &(case.rules)(), case.seed);
        }
        b.add(&e, &i, &DrawRules::county(), &format!("种子{k}"));
    }
    b.compare(py);
}

#[test]
fn random_registers_match_the_python_reference() {
    let Some(py) = python() else { return };
    let mut rng = DemoRng::new(20_260_707);
    let mut b = Batch::new("random");
    for k in 0..600 {
        let c = random_case(&mut rng, k);
        let e = EnterpriseRegister::new("e.csv", c.enterprises, None);
        let i = InspectorRegister::new("i.csv", c.inspectors, None);
        b.add(&e, &i, &c.rules, &c.seed);
    }
    b.compare(py);
}
