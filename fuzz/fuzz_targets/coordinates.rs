//! Coordinate parsing and datum conversion on arbitrary text and numbers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::crs::Crs;
use zouhang::io::{parse_coordinate, parse_number};
use zouhang::LonLat;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_number(&text);
    if let Some(v) = parse_coordinate(&text) {
        assert!(v.is_finite());
    }
    if data.len() >= 16 {
        let lon = f64::from_le_bytes(data[0..8].try_into().unwrap_or([0; 8]));
        let lat = f64::from_le_bytes(data[8..16].try_into().unwrap_or([0; 8]));
        for crs in [Crs::Gcj02, Crs::Bd09] {
            let _ = crs.to_wgs84(crs.from_wgs84(LonLat::new(lon, lat)));
        }
    }
});
