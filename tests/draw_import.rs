//! Inspector-register import: the embedded demo register, Chinese/English headers, GBK, a bad
//! row, and seeded mutations of real inputs (no panic, consistent reports) for the inspector
//! reader and the draw's register loaders.

mod common;

use common::{repo_path, Mutator};
use zouhang::crs::Crs;
use zouhang::io::{encode_gbk, read_inspectors, ImportKind};
use zouhang::plan::draw::{draw, DrawRequest, DrawRules, EnterpriseRegister, InspectorRegister};

#[test]
fn demo_register_loads_without_issues_and_matches_the_generator() {
    let bytes = std::fs::read(repo_path("data/suzhou/inspectors_demo.csv")).unwrap();
    let r = read_inspectors(&bytes, "inspectors_demo.csv");
    assert!(r.report.errors.is_empty() && r.report.warnings.is_empty());
    assert_eq!(r.report.kind, ImportKind::Inspectors);
    assert_eq!(r.items.len(), 48);
    assert_eq!(r.report.loaded, r.report.rows);
    // the committed file is what `zouhang demo inspectors` makes
    let made = zouhang::demo::demo_inspectors_csv(
        zouhang::demo::INSPECTORS_DEMO_SEED,
        zouhang::demo::INSPECTORS_DEMO_COUNT,
    );
    assert_eq!(String::from_utf8(bytes).unwrap(), made);
    assert_eq!(made, zouhang::embedded::INSPECTORS_DEMO_CSV);
}

#[test]
fn a_gbk_register_with_a_bad_row_reports_it_and_keeps_the_rest() {
    let csv = "执法证号,姓名,所属单位,辖区,回避对象\n\
               32050001,张三,姑苏大队,姑苏区,DEMO-0001；DEMO-0002\n\
               ,李四,吴江大队,吴江区,\n\
               32050003,王五,支队,,吴中区\n";
    let r = read_inspectors(&encode_gbk(csv), "执法人员.csv");
    assert_eq!(r.report.encoding, "GBK");
    assert_eq!(r.items.len(), 2);
    assert_eq!(r.report.errors.len(), 1);
    let e = &r.report.errors[0];
    assert_eq!(
        (e.row, e.field.as_deref(), e.code.as_str()),
        (Some(3), Some("执法证号"), "E_MISSING_VALUE")
    );
    assert_eq!(r.items[0].recusal, ["DEMO-0001", "DEMO-0002"]);
    assert_eq!(r.items[1].recusal, ["吴中区"]);
    assert_eq!(r.report.columns["recusal"], "回避对象");
}

/// Seeded mutations: the inspector reader and the draw's register loaders never panic, and a
/// draw over whatever loaded never panics either.
#[test]
fn mutated_registers_never_panic() {
    let seeds = vec![
        std::fs::read(repo_path("data/suzhou/inspectors_demo.csv")).unwrap(),
        std::fs::read(repo_path("tests/fixtures/draw/example_inspectors.csv")).unwrap(),
        std::fs::read(repo_path("tests/fixtures/draw/example_enterprises.csv")).unwrap(),
        encode_gbk("工号,姓名,回避\nA,甲,\"x、y,z\"\n"),
    ];
    let example_e =
        std::fs::read(repo_path("tests/fixtures/draw/example_enterprises.csv")).unwrap();
    let (good_e, _) = EnterpriseRegister::read(&example_e, "e.csv", Crs::Wgs84);
    let mut m = Mutator::new(88, seeds);
    for n in 0..2000 {
        let input = m.next_input();
        let outcome = std::panic::catch_unwind(|| {
            let r = read_inspectors(&input, "m.csv");
            assert_eq!(r.items.len(), r.report.loaded);
            for i in r.report.errors.iter().chain(&r.report.warnings) {
                assert!(!i.code.is_empty() && !i.message.is_empty() && !i.action.is_empty());
            }
            let (insp, _) = InspectorRegister::read(&input, "m.csv");
            let (ent, _) = EnterpriseRegister::read(&input, "m.csv", Crs::Gcj02);
            let request = DrawRequest {
                seed: "fuzz".into(),
                rules: DrawRules::county(),
            };
            let _ = draw(&good_e, &insp, &request);
            let _ = draw(&ent, &insp, &request);
        });
        assert!(
            outcome.is_ok(),
            "panicked on input #{n}: {:?}",
            String::from_utf8_lossy(&input)
        );
    }
}
