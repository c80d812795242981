//! The plan-document reader (`zouhang export --plan`, the page's "打开计划文件") on arbitrary
//! bytes: it must never panic, and whatever it accepts must export in every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zouhang::crs::Crs;
use zouhang::io::{export_plan, read_plan, PlanFormat};

fuzz_target!(|data: &[u8]| {
    match read_plan(data, "fuzz.json") {
        Ok(read) => {
            for f in PlanFormat::ALL {
                let _ = export_plan(&read.plan, f, Crs::Gcj02);
            }
        }
        Err(e) => assert!(!e.issues().is_empty()),
    }
});
