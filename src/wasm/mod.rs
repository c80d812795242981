//! The thin JavaScript adapter. Everything that touches `JsValue` lives here; each export parses
//! its input, calls one core function and converts the result. State lives in exported
//! structs ([`workspace::Workspace`]), never in globals.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "bench-wasm")]
mod bench;
#[cfg(feature = "bench-wasm")]
mod bench_solver;
mod draw;
mod export;
mod field;
mod month;
mod roads;
mod solve;
mod straw;
mod workspace;

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

/// Converts a serde value to a plain JS value (maps as objects, 64-bit ints as numbers).
pub(crate) fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&ser)
        .map_err(|e| JsError::new(&format!("结果转换失败：{e}")))
}

/// Converts a JS value to a serde type, with a Chinese message naming what was expected.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(
    v: JsValue,
    what: &str,
) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("{what}格式不正确：{e}")))
}
