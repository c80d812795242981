//! The inspector-register reader and the draw over whatever loaded, on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::crs::Crs;
use zouhang::io::read_inspectors;
use zouhang::plan::draw::{draw, DrawRequest, DrawRules, EnterpriseRegister, InspectorRegister};

fuzz_target!(|data: &[u8]| {
    let r = read_inspectors(data, "fuzz.csv");
    assert!(r.items.len() == r.report.loaded);
    let (inspectors, _) = InspectorRegister::read(data, "fuzz.csv");
    let (enterprises, _) = EnterpriseRegister::read(data, "fuzz.csv", Crs::Wgs84);
    let request = DrawRequest {
        seed: String::from_utf8_lossy(data.get(..16).unwrap_or(data)).into_owned(),
        rules: DrawRules::county(),
    };
    let _ = draw(&enterprises, &inspectors, &request);
});
