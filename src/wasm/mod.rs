//! The thin JavaScript adapter. Everything that touches `JsValue` lives here; each export parses
//! its input, calls one core function and converts the result.

use wasm_bindgen::prelude::*;

/// Installs the panic hook once, so that a bug shows a readable message in the console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, for the page footer and for bug reports.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
