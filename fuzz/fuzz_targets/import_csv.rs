//! Stations and enterprise readers on arbitrary bytes (CSV in any encoding).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::crs::Crs;
use zouhang::io::{read_sources, read_stations};

fuzz_target!(|data: &[u8]| {
    let crs = match data.first().map(|b| b % 3) {
        Some(1) => Crs::Gcj02,
        Some(2) => Crs::Bd09,
        _ => Crs::Wgs84,
    };
    let s = read_stations(data, "fuzz.csv", crs);
    assert!(s.items.len() == s.report.loaded);
    let e = read_sources(data, "fuzz.csv", crs);
    assert!(e.items.len() == e.report.loaded);
});
