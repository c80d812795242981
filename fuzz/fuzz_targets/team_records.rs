//! The team records reader (the export tab's "导入记录文件") and the merge on arbitrary bytes:
//! it must never panic; a refused file has located issues; an accepted file merges, and merging
//! it again adds nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zouhang::io::read_team_records;
use zouhang::plan::field::{FieldLog, KnownPlan};

fuzz_target!(|data: &[u8]| {
    match read_team_records(data, "fuzz.zhrec.json") {
        Ok(read) => {
            let known = vec![KnownPlan {
                id: read.file.plan.id.clone(),
                made_at: None,
                routes: vec![],
            }];
            let mut log = FieldLog::default();
            if log.merge(&read.file, "fuzz", &known).is_ok() {
                let again = log.merge(&read.file, "fuzz", &known);
                assert!(again.map(|r| r.added == 0).unwrap_or(false));
            }
        }
        Err(e) => assert!(!e.issues().is_empty()),
    }
});
