//! The demo inspector register (执法检查人员名录库) for random inspections: inspectors of a city
//! enforcement bureau's 支队 and the district 大队 of the demo enterprise register, some with
//! recusal lists (enterprise ids of the demo register, and a few whole districts).
//!
//! Names, ids and units say `演示`/`DEMO`: these are not real people or units.

use std::collections::BTreeSet;

use crate::demo::{demo_enterprises, DemoRng, DEMO_SEED};
use crate::model::Source;
use crate::plan::draw::Inspector;

/// The seed that made `data/suzhou/inspectors_demo.csv`.
pub const INSPECTORS_DEMO_SEED: u64 = 20_260_602;

/// Inspectors in `data/suzhou/inspectors_demo.csv`.
pub const INSPECTORS_DEMO_COUNT: usize = 48;

/// Enterprises in `data/suzhou/enterprises_demo.csv` (the register the recusals refer to).
pub const ENTERPRISES_DEMO_COUNT: usize = 2000;

const BUREAU: &str = "苏州市生态环境综合行政执法局（演示）";

/// Generates `count` demo inspectors from `seed` for the districts and enterprise ids of
/// `enterprises`.
///
/// Every district gets two inspectors of its 大队 first; the rest are city-level (支队, no
/// district) with probability 0.3, else of a random district. A quarter of the inspectors recuse
/// themselves from 1–3 enterprises (of their district, or anywhere for city-level staff); about
/// one in twelve from a whole district other than their own.
///
/// ```
/// use zouhang::demo::{demo_enterprises, demo_inspectors};
/// let e = demo_enterprises(7, 300);
/// let a = demo_inspectors(1, 30, &e);
/// assert_eq!(a, demo_inspectors(1, 30, &e));
/// assert!(a.iter().all(|i| i.name.starts_with("演示-") && i.id.starts_with("DEMO-")));
/// ```
pub fn demo_inspectors(seed: u64, count: usize, enterprises: &[Source]) -> Vec<Inspector> {
    let mut rng = DemoRng::new(seed);
    let districts: Vec<&str> = enterprises
        .iter()
        .map(|e| e.district.as_str())
        .filter(|d| !d.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(count);
    for n in 1..=count {
        let district: Option<&str> = if n <= 2 * districts.len() {
            districts.get((n - 1) / 2).copied()
        } else if rng.unit() < 0.3 || districts.is_empty() {
            None
        } else {
            districts.get(rng.below(districts.len())).copied()
        };
        let unit = match district {
            Some(d) => format!("{BUREAU}{d}大队"),
            None if rng.unit() < 0.5 => format!("{BUREAU}执法一支队"),
            None => format!("{BUREAU}执法二支队"),
        };
        let mut recusal = BTreeSet::new();
        if rng.unit() < 0.25 {
            let local: Vec<&Source> = enterprises
                .iter()
                .filter(|e| district.is_none_or(|d| e.district == d))
                .collect();
            for _ in 0..1 + rng.below(3) {
                if let Some(e) = local.get(rng.below(local.len())) {
                    recusal.insert(e.id.clone());
                }
            }
        }
        if rng.unit() < 0.08 {
            let others: Vec<&str> = districts
                .iter()
                .copied()
                .filter(|d| Some(*d) != district)
                .collect();
            if let Some(d) = others.get(rng.below(others.len())) {
                recusal.insert(d.to_string());
            }
        }
        out.push(Inspector {
            id: format!("DEMO-I{n:03}"),
            name: format!("演示-执法人员{n:02}"),
            unit,
            district: district.unwrap_or_default().to_string(),
            recusal: recusal.into_iter().collect(),
        });
    }
    out
}

/// The demo register as CSV (`id,name,unit,district,recusal`, recusal entries joined by `;`),
/// UTF-8, for the demo enterprise register of [`DEMO_SEED`] with
/// [`ENTERPRISES_DEMO_COUNT`] enterprises.
pub fn demo_inspectors_csv(seed: u64, count: usize) -> String {
    let enterprises = demo_enterprises(DEMO_SEED, ENTERPRISES_DEMO_COUNT);
    let mut s = String::from("id,name,unit,district,recusal\n");
    for i in demo_inspectors(seed, count, &enterprises) {
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            i.id,
            i.name,
            i.unit,
            i.district,
            i.recusal.join(";")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::read_inspectors;

    #[test]
    fn csv_reads_back_identically_and_refers_to_the_demo_register() {
        let csv = demo_inspectors_csv(INSPECTORS_DEMO_SEED, INSPECTORS_DEMO_COUNT);
        let r = read_inspectors(csv.as_bytes(), "demo.csv");
        assert!(r.report.errors.is_empty() && r.report.warnings.is_empty());
        let enterprises = demo_enterprises(DEMO_SEED, ENTERPRISES_DEMO_COUNT);
        assert_eq!(
            r.items,
            demo_inspectors(INSPECTORS_DEMO_SEED, INSPECTORS_DEMO_COUNT, &enterprises)
        );
        let known: BTreeSet<&str> = enterprises
            .iter()
            .flat_map(|e| [e.id.as_str(), e.district.as_str()])
            .collect();
        let recusing = r.items.iter().filter(|i| !i.recusal.is_empty()).count();
        assert!(recusing >= 5, "{recusing}");
        assert!(r.items.iter().any(|i| i
            .recusal
            .iter()
            .any(|x| x.ends_with('区') || x.ends_with('市'))));
        for i in &r.items {
            for x in &i.recusal {
                assert!(known.contains(x.as_str()), "{x}");
            }
        }
        // every district has its 大队
        let districts: BTreeSet<&str> = r.items.iter().map(|i| i.district.as_str()).collect();
        assert_eq!(districts.len(), 11, "{districts:?}");
    }
}
