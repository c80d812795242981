//! OSM PBF road import on arbitrary bytes. Seed the corpus with
//! `tests/fixtures/roads/suzhou_sample.osm.pbf` so mutations start from a valid file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::roads::{read_osm_pbf, RoadConfig};

fuzz_target!(|data: &[u8]| {
    let _ = read_osm_pbf(data, "fuzz.osm.pbf", &RoadConfig::default());
});
