//! Fire readers (FIRMS MODIS/VIIRS, Himawari, manual) on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::crs::Crs;
use zouhang::io::read_fires;

fuzz_target!(|data: &[u8]| {
    let r = read_fires(data, "fuzz.csv", Crs::Wgs84);
    assert!(r.items.iter().all(|f| f.location.is_valid()));
    assert!((0.0..=100.0).contains(&r.items.iter().map(|f| f.confidence_pct).fold(0.0, f64::max)));
});
