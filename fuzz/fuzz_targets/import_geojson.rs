//! GeoJSON point reading on arbitrary bytes (prefixed so most inputs reach the JSON parser).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::crs::Crs;
use zouhang::io::{read_geojson_points, read_sources};

fuzz_target!(|data: &[u8]| {
    let mut input = b"{".to_vec();
    input.extend_from_slice(data);
    let _ = read_geojson_points(&input, "fuzz.geojson");
    let r = read_sources(&input, "fuzz.geojson", Crs::Wgs84);
    assert!(r.items.len() == r.report.loaded);
});
