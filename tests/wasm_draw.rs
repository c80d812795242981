//! The draw inside WebAssembly (Node, via wasm-bindgen-test-runner) gives byte for byte the
//! output the native build checked into `tests/fixtures/draw/expected/` (see
//! `tests/draw_fixture.rs`), and the solver router the same routes (`routes.txt`): `cargo test --target wasm32-unknown-unknown --test wasm_draw`.
#![cfg(target_arch = "wasm32")]

mod draw_support;

use draw_support::{cases, routes_case, run_case};
use wasm_bindgen_test::wasm_bindgen_test;

const EXAMPLE: (&[u8], &[u8]) = (
    include_bytes!("fixtures/draw/example_enterprises.csv"),
    include_bytes!("fixtures/draw/example_inspectors.csv"),
);

fn expected(name: &str) -> &'static str {
    match name {
        "demo_city" => include_str!("fixtures/draw/expected/demo_city.json"),
        "demo_county_monthly" => include_str!("fixtures/draw/expected/demo_county_monthly.json"),
        "demo_strict" => include_str!("fixtures/draw/expected/demo_strict.json"),
        "demo_too_few_inspectors" => {
            include_str!("fixtures/draw/expected/demo_too_few_inspectors.json")
        }
        "example" => include_str!("fixtures/draw/expected/example.json"),
        other => panic!("no fixture for case {other}"),
    }
}

#[wasm_bindgen_test]
fn wasm_output_is_byte_identical_to_the_native_fixtures() {
    for case in cases() {
        let got = run_case(&case, EXAMPLE) + "\n";
        assert!(
            got == expected(case.name),
            "case {}: wasm output differs from the native fixture\n{got}",
            case.name
        );
    }
}

#[wasm_bindgen_test]
fn wasm_routes_equal_the_native_fixture() {
    let got = routes_case();
    assert!(
        got == include_str!("fixtures/draw/expected/routes.txt"),
        "wasm routes differ from the native fixture\n{got}"
    );
}
