//! OSM XML road import on arbitrary bytes (prefixed so most inputs reach the element parser).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::roads::{read_osm_xml, RoadConfig};

fuzz_target!(|data: &[u8]| {
    let mut input = b"<?xml version=\"1.0\"?><osm version=\"0.6\">".to_vec();
    input.extend_from_slice(data);
    let _ = read_osm_xml(&input, "fuzz.osm", &RoadConfig::default());
    let _ = read_osm_xml(data, "fuzz.osm", &RoadConfig::default());
});
