//! The demo enterprise register of Suzhou: points clustered around real industrial-park
//! anchors and along the Yangtze riverside industrial belt, plus urban shops and sites, with an
//! industry, an emission class, a key-polluter flag, a supervision class and a district.
//!
//! Names and ids say `演示`/`DEMO`: these are not real enterprises. District assignment is by
//! nearest approximate district centre, good enough for demo purposes only.

use crate::demo::DemoRng;
use crate::geodesy::{destination, haversine_m};
use crate::io::emission_of_industry;
use crate::model::{LonLat, Source, SourceCategory, SourceKind, Supervision};

/// The seed that made `data/suzhou/enterprises_demo.csv`.
pub const DEMO_SEED: u64 = 20_260_601;

/// Industrial-park anchors (approximate locations, from the foundation issue): name, lon, lat,
/// and the industry mix of the park.
pub const PARK_ANCHORS: &[(&str, f64, f64, Mix)] = &[
    ("苏州工业园区", 120.669, 31.3097, Mix::HighTech),
    ("苏州高新区/虎丘区", 120.48711, 31.32163, Mix::HighTech),
    ("苏州高新区", 120.543, 31.2994, Mix::HighTech),
    ("张家港沙钢", 120.6334, 31.9789, Mix::Steel),
    ("张家港沙洲电力", 120.6884, 31.989, Mix::Heavy),
    ("江苏扬子江国际化学工业园", 120.4527, 31.9679, Mix::Chemical),
    ("江苏高科技氟化学工业园", 120.758, 31.670, Mix::Chemical),
    ("常熟经济技术开发区", 120.9731, 31.7563, Mix::Heavy),
    ("太仓港", 121.2333, 31.6167, Mix::Port),
    (
        "太仓港经济技术开发区化工园区",
        121.1799,
        31.6566,
        Mix::Chemical,
    ),
    ("太仓国华/太仓港电厂", 121.2556, 31.5877, Mix::Heavy),
    ("吴江盛泽纺织", 120.672, 30.9022, Mix::Textile),
    ("望亭电厂", 120.4364, 31.4444, Mix::Heavy),
];

/// The Yangtze riverside industrial belt (Zhangjiagang → Changshu → Taicang), approximate.
const RIVERSIDE_BELT: &[(f64, f64)] = &[
    (120.42, 31.95),
    (120.55, 31.99),
    (120.68, 31.98),
    (120.80, 31.87),
    (120.93, 31.78),
    (121.06, 31.72),
    (121.18, 31.65),
    (121.28, 31.55),
];

/// Approximate district centres (for demo district labels only).
const DISTRICTS: &[(&str, f64, f64)] = &[
    ("姑苏区", 120.620, 31.310),
    ("虎丘区", 120.480, 31.330),
    ("吴中区", 120.630, 31.250),
    ("相城区", 120.640, 31.380),
    ("吴江区", 120.650, 31.100),
    ("苏州工业园区", 120.720, 31.320),
    ("常熟市", 120.760, 31.680),
    ("张家港市", 120.550, 31.900),
    ("昆山市", 120.980, 31.380),
    ("太仓市", 121.130, 31.500),
];

/// Industry mixes of the anchor kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// Electronics, coating, printing.
    HighTech,
    /// Chemical parks.
    Chemical,
    /// Steel works.
    Steel,
    /// Power, cement, glass, chemicals.
    Heavy,
    /// Ports: storage, logistics, dust.
    Port,
    /// Textile dyeing.
    Textile,
    /// Urban: restaurants, car repair, petrol stations, building sites.
    Urban,
}

fn industries(mix: Mix) -> &'static [(&'static str, f64)] {
    match mix {
        Mix::HighTech => &[
            ("电子", 4.0),
            ("涂装", 2.5),
            ("包装印刷", 2.0),
            ("化工", 0.5),
            ("汽修", 0.5),
            ("建筑工地", 0.8),
            ("餐饮", 0.7),
        ],
        Mix::Chemical => &[
            ("化工", 6.0),
            ("涂装", 1.0),
            ("包装印刷", 0.5),
            ("建筑工地", 0.5),
            ("加油站", 0.3),
        ],
        Mix::Steel => &[
            ("钢铁", 5.0),
            ("化工", 1.0),
            ("建筑工地", 1.0),
            ("水泥", 0.8),
        ],
        Mix::Heavy => &[
            ("水泥", 1.5),
            ("玻璃", 1.2),
            ("化工", 2.0),
            ("钢铁", 0.8),
            ("包装印刷", 0.8),
            ("建筑工地", 0.7),
        ],
        Mix::Port => &[
            ("化工", 1.5),
            ("建筑工地", 1.5),
            ("水泥", 1.0),
            ("加油站", 0.8),
            ("涂装", 0.7),
        ],
        Mix::Textile => &[
            ("纺织印染", 6.0),
            ("包装印刷", 0.8),
            ("化工", 0.6),
            ("餐饮", 0.4),
        ],
        Mix::Urban => &[
            ("餐饮", 4.0),
            ("汽修", 2.5),
            ("加油站", 1.2),
            ("建筑工地", 2.0),
            ("包装印刷", 0.6),
        ],
    }
}

fn key_probability(industry: &str) -> f64 {
    match industry {
        "钢铁" => 0.7,
        "化工" => 0.45,
        "水泥" | "玻璃" => 0.5,
        "纺织印染" => 0.3,
        "涂装" => 0.2,
        "电子" | "包装印刷" => 0.12,
        "加油站" => 0.05,
        _ => 0.01,
    }
}

/// Generates `count` demo enterprises from `seed`.
///
/// 60 % are clustered around the park anchors (spread 1.5–3 km), 12 % along the riverside
/// belt, 28 % are urban shops and sites around the district centres.
///
/// ```
/// use zouhang::demo::demo_enterprises;
/// let a = demo_enterprises(7, 50);
/// assert_eq!(a, demo_enterprises(7, 50));
/// assert!(a.iter().all(|e| e.name.starts_with("演示")));
/// assert!(a.iter().all(|e| e.id.starts_with("DEMO-")));
/// ```
pub fn demo_enterprises(seed: u64, count: usize) -> Vec<Source> {
    let mut rng = DemoRng::new(seed);
    let mut out = Vec::with_capacity(count);
    let anchor_weights: Vec<f64> = PARK_ANCHORS
        .iter()
        .map(|(_, _, _, mix)| match mix {
            Mix::HighTech => 3.0,
            Mix::Chemical => 2.0,
            Mix::Textile => 2.0,
            _ => 1.0,
        })
        .collect();
    for n in 1..=count {
        let draw = rng.unit();
        let (centre, spread_m, mix) = if draw < 0.60 {
            let a = rng.weighted(&anchor_weights);
            let (_, lon, lat, mix) = PARK_ANCHORS.get(a).copied().unwrap_or(PARK_ANCHORS[0]);
            let spread = if mix == Mix::HighTech {
                3_000.0
            } else {
                1_500.0
            };
            (LonLat::new(lon, lat), spread, mix)
        } else if draw < 0.72 {
            let seg = rng.below(RIVERSIDE_BELT.len() - 1);
            let (a, b) = (RIVERSIDE_BELT[seg], RIVERSIDE_BELT[seg + 1]);
            let t = rng.unit();
            let p = LonLat::new(a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            let mix = if rng.unit() < 0.5 {
                Mix::Chemical
            } else {
                Mix::Heavy
            };
            (p, 1_200.0, mix)
        } else {
            let d = rng.below(DISTRICTS.len());
            let (_, lon, lat) = DISTRICTS[d];
            (LonLat::new(lon, lat), 3_500.0, Mix::Urban)
        };
        let r = spread_m * rng.normal().abs().min(3.0);
        let location = destination(centre, rng.unit() * 360.0, r);
        let location = LonLat::new(
            (location.lon * 1e6).round() / 1e6,
            (location.lat * 1e6).round() / 1e6,
        );
        let mix_list = industries(mix);
        let weights: Vec<f64> = mix_list.iter().map(|(_, w)| *w).collect();
        let industry = mix_list[rng.weighted(&weights)].0;
        let key_polluter = rng.unit() < key_probability(industry);
        let supervision = if key_polluter {
            Supervision::Key
        } else if (industry == "加油站" || industry == "化工") && rng.unit() < 0.3 {
            Supervision::Special
        } else {
            Supervision::General
        };
        let district = nearest_district(location);
        out.push(Source {
            id: format!("DEMO-{n:04}"),
            name: format!("演示-{district}{industry}单位{n:04}"),
            kind: SourceKind::Enterprise,
            industry: industry.to_string(),
            category: SourceCategory::of_industry(industry),
            emission: emission_of_industry(industry, None),
            key_polluter,
            supervision,
            district: district.to_string(),
            location,
            capacity_mw: None,
            fuel: None,
        });
    }
    out
}

fn nearest_district(p: LonLat) -> &'static str {
    DISTRICTS
        .iter()
        .map(|(name, lon, lat)| (name, haversine_m(p, LonLat::new(*lon, *lat))))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| *n)
        .unwrap_or("苏州市")
}

/// The demo register as CSV (`id,name,industry,emission_class,key_polluter,supervision,
/// district,lon,lat`), UTF-8, with a header comment-free first line.
pub fn demo_enterprises_csv(seed: u64, count: usize) -> String {
    let mut s =
        String::from("id,name,industry,emission_class,key_polluter,supervision,district,lon,lat\n");
    for e in demo_enterprises(seed, count) {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{:.6},{:.6}\n",
            e.id,
            e.name,
            e.industry,
            e.emission.label(),
            if e.key_polluter { "Y" } else { "N" },
            e.supervision.label(),
            e.district,
            e.location.lon,
            e.location.lat
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;
    use crate::io::read_sources;

    #[test]
    fn csv_reads_back_identically_and_is_seeded() {
        let csv = demo_enterprises_csv(DEMO_SEED, 400);
        assert_eq!(csv, demo_enterprises_csv(DEMO_SEED, 400));
        assert_ne!(csv, demo_enterprises_csv(DEMO_SEED + 1, 400));
        let r = read_sources(csv.as_bytes(), "demo.csv", Crs::Wgs84);
        assert!(r.report.errors.is_empty(), "{:?}", r.report.errors);
        assert_eq!(r.items, demo_enterprises(DEMO_SEED, 400));
    }

    #[test]
    fn every_category_and_class_occurs() {
        let all = demo_enterprises(DEMO_SEED, 1600);
        for c in [
            SourceCategory::Industry,
            SourceCategory::Restaurant,
            SourceCategory::CarRepair,
            SourceCategory::PetrolStation,
            SourceCategory::ConstructionSite,
        ] {
            assert!(all.iter().any(|e| e.category == c), "{c:?}");
        }
        for s in [Supervision::Key, Supervision::Special, Supervision::General] {
            assert!(all.iter().any(|e| e.supervision == s), "{s:?}");
        }
        // inside the Suzhou box
        assert!(all.iter().all(|e| (119.9..=121.4).contains(&e.location.lon)
            && (30.7..=32.1).contains(&e.location.lat)));
    }
}
