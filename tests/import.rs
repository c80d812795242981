//! Import integration tests: the real reference files, the bad-row fixture, and seeded
//! mutations of every input format (no panic, consistent reports).

mod common;

use common::{repo_path, shared_file, Mutator};
use zouhang::crs::Crs;
use zouhang::io::{read_fires, read_sources, read_stations, ImportReport};

fn check_report(r: &ImportReport, input: &[u8]) {
    assert!(r.loaded <= r.rows.max(r.loaded), "loaded > rows");
    let lines = input.iter().filter(|&&b| b == b'\n').count() as u64 + 2;
    for i in r.errors.iter().chain(&r.warnings) {
        assert!(!i.code.is_empty() && !i.message.is_empty() && !i.action.is_empty());
        if let Some(row) = i.row {
            // rows are spreadsheet rows of the file (or 1-based feature numbers for GeoJSON,
            // which are fewer than the lines)
            assert!(
                row >= 1 && row <= lines.max(row.min(lines)),
                "row {row} of {lines}"
            );
        }
    }
}

#[test]
fn cnemc_station_list_with_chinese_headers() {
    let Some(p) = shared_file("data/stations/suzhou_stations.csv") else {
        return;
    };
    let bytes = std::fs::read(p).unwrap();
    let r = read_stations(&bytes, "suzhou_stations.csv", Crs::Wgs84);
    assert_eq!(r.items.len(), 24, "{:?}", r.report.errors);
    assert_eq!(r.report.columns["code"], "监测点编码");
    let bg: Vec<&str> = r
        .items
        .iter()
        .filter(|s| s.background)
        .map(|s| s.code.as_str())
        .collect();
    assert_eq!(bg, ["1160A"]);
}

#[test]
fn wri_power_plants_and_firms_files() {
    if let Some(p) = shared_file("data/polluters/wri_gppd_chn_jiangsu_box.csv") {
        let r = read_sources(&std::fs::read(p).unwrap(), "wri.csv", Crs::Wgs84);
        assert_eq!(r.items.len(), 235, "{:?}", r.report.errors);
        assert!(r
            .items
            .iter()
            .all(|s| s.kind == zouhang::model::SourceKind::PowerPlant));
    }
    if let Some(p) = shared_file("data/firms/modis_c61_nrt_20220528-0604_jiangsu_box.csv") {
        let r = read_fires(&std::fs::read(p).unwrap(), "jiangsu.csv", Crs::Wgs84);
        assert_eq!(r.items.len(), 101, "{:?}", r.report.errors);
        assert_eq!(r.report.format, "FIRMS MODIS");
    }
}

#[test]
fn embedded_files_load_without_issues() {
    for f in [
        "stations.csv",
        "power_plants.csv",
        "enterprises_demo.csv",
        "fires_firms_sample.csv",
    ] {
        let bytes = std::fs::read(repo_path(&format!("data/suzhou/{f}"))).unwrap();
        let rep = match f {
            "stations.csv" => read_stations(&bytes, f, Crs::Wgs84).report,
            "fires_firms_sample.csv" => read_fires(&bytes, f, Crs::Wgs84).report,
            _ => read_sources(&bytes, f, Crs::Wgs84).report,
        };
        assert!(
            rep.errors.is_empty() && rep.warnings.is_empty(),
            "{f}: {:?}",
            rep
        );
        assert_eq!(rep.loaded, rep.rows, "{f}");
    }
}

#[test]
fn gbk_fixture_reports_the_bad_row_and_keeps_the_rest() {
    let bytes = std::fs::read(repo_path("tests/fixtures/enterprises_gbk_bad_row.csv")).unwrap();
    let r = read_sources(&bytes, "e.csv", Crs::Gcj02);
    assert_eq!(r.report.encoding, "GBK");
    assert_eq!(r.items.len(), 3);
    assert_eq!(r.report.errors.len(), 1);
    let e = &r.report.errors[0];
    assert_eq!(
        (e.row, e.field.as_deref(), e.code.as_str()),
        (Some(4), Some("经度"), "E_COORD_FORMAT")
    );
    assert!(r.items[0].name.contains("涂装"));
    // converted from GCJ-02: in Suzhou the GCJ offset is east and slightly south, so the WGS-84
    // position lies west and north of the input, a few hundred metres away
    let p = r.items[0].location;
    assert!(p.lon < 120.6301 && p.lat > 31.2905, "{p:?}");
    let d = zouhang::geodesy::haversine_m(p, zouhang::LonLat::new(120.6301, 31.2905));
    assert!(d > 300.0 && d < 800.0, "{d}");
}

/// Seeded mutations of every format: readers never panic and reports stay consistent.
#[test]
fn mutated_inputs_never_panic() {
    let mut seeds: Vec<Vec<u8>> = ["stations.csv", "power_plants.csv", "fires_firms_sample.csv"]
        .iter()
        .map(|f| std::fs::read(repo_path(&format!("data/suzhou/{f}"))).unwrap())
        .collect();
    let demo = std::fs::read(repo_path("data/suzhou/enterprises_demo.csv")).unwrap();
    seeds.push(demo[..demo.len().min(3000)].to_vec());
    seeds.push(std::fs::read(repo_path("tests/fixtures/enterprises_gbk_bad_row.csv")).unwrap());
    seeds.push(
        br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"A","code":"X1"}}]}"#.to_vec(),
    );
    seeds.push(
        b"# t\n# ID, Year, Month, Day, Time(UTC), Lat, Lon, Area(km^2), Volcano, Level, FRP\n1,2022,05,31,0500,31.58,120.96,4.8,0,2,25.1\n".to_vec(),
    );
    seeds.push(
        "经度,纬度,时间,来源\n120°37'40.8\"E,31.3,2022/5/31 21:30,无人机\n"
            .as_bytes()
            .to_vec(),
    );
    let mut m = Mutator::new(2026, seeds);
    for i in 0..3000 {
        let input = m.next_input();
        let crs = [Crs::Wgs84, Crs::Gcj02, Crs::Bd09][i % 3];
        let outcome = std::panic::catch_unwind(|| {
            let a = read_stations(&input, "m.csv", crs);
            let b = read_sources(&input, "m.csv", crs);
            let c = read_fires(&input, "m.csv", crs);
            (a.report, b.report, c.report)
        });
        match outcome {
            Ok((a, b, c)) => {
                check_report(&a, &input);
                check_report(&b, &input);
                check_report(&c, &input);
            }
            Err(_) => panic!(
                "reader panicked on input #{i}: {:?}",
                String::from_utf8_lossy(&input)
            ),
        }
    }
}
