//! Overpass JSON road import on arbitrary bytes (prefixed so most inputs reach the element list).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::roads::{read_overpass_json, RoadConfig};

fuzz_target!(|data: &[u8]| {
    let mut input = b"{\"elements\":[".to_vec();
    input.extend_from_slice(data);
    let _ = read_overpass_json(&input, "fuzz.json", &RoadConfig::default());
    let _ = read_overpass_json(data, "fuzz.json", &RoadConfig::default());
});
