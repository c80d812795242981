//! The straw session kept across page reloads: a session with fire files, a jurisdiction, a
//! dispatch, a re-plan and verification records goes through its snapshot (as JSON data, as the
//! browser stores it) into a fresh session given the same files, and comes back the same; bad
//! snapshots are refused with every problem listed (the part named) and change nothing; mutated
//! snapshots never panic, whatever is done with the session afterwards.
mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::repo_path;
use serde_json::{json, Value};
use zouhang::crs::Crs;
use zouhang::layers::Layer;
use zouhang::plan::straw::{
    FindingKind, ShiftChoice, StrawError, StrawRequest, StrawSnapshot, StrawState, Verification,
    DEMO_JURISDICTION_GEOJSON,
};

const FIRES: &str = "data/suzhou/fires_firms_sample.csv";
const MANUAL: &str =
    "120.70,31.40,2022-05-31 13:30,铁塔摄像头\n120.90,31.60,2022-05-31 13:40,无人机";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// A fresh session given the inputs the page keeps as files (fires, manual points,
/// jurisdiction).
fn with_inputs() -> StrawState {
    let mut s = StrawState::new();
    let bytes = std::fs::read(repo_path(FIRES)).unwrap();
    assert!(s.add_fire_file("fires.csv", &bytes, Crs::Wgs84).loaded > 0);
    s.set_jurisdiction_geojson("j.geojson", DEMO_JURISDICTION_GEOJSON.as_bytes())
        .unwrap();
    s
}

fn dispatch(s: &mut StrawState, request: &StrawRequest) {
    s.incidents(None, &Layer::default(), request).unwrap();
    s.start_dispatch(request).unwrap();
    while !s.step_dispatch(100).unwrap().done {}
}

/// Fires, jurisdiction, dispatch, manual points, re-plan at 14:00, two records.
fn worked_session() -> StrawState {
    let mut s = with_inputs();
    let date = NaiveDate::from_ymd_opt(2022, 5, 31).unwrap();
    let mut request = StrawRequest::new(date, ShiftChoice::Day);
    dispatch(&mut s, &request);
    assert!(s.add_manual(MANUAL, Crs::Wgs84).loaded == 2);
    request.replan = Some(s.replan_state(at("2022-05-31 14:00")).unwrap());
    dispatch(&mut s, &request);
    let plan = s.plan().unwrap().dispatch;
    assert!(plan.planned_at.is_some(), "a re-plan");
    let visited: Vec<String> = plan
        .routes
        .iter()
        .flat_map(|r| r.incident_ids.iter().cloned())
        .collect();
    assert!(visited.len() >= 2, "the sample gives stops to record");
    for (id, kind, area) in [
        (&visited[0], FindingKind::Straw, 250.0),
        (&visited[1], FindingKind::Garbage, 10.0),
    ] {
        s.record_verification(Verification {
            incident_id: id.clone(),
            team: String::new(),
            time: at("2022-05-31 15:00"),
            found: true,
            kind: Some(kind),
            area_m2: Some(area),
            note: "田头".to_string(),
            key_case: false,
            location: None,
            first_seen: None,
        })
        .unwrap();
    }
    s
}

fn as_json(s: &StrawState) -> Value {
    serde_json::to_value(s.snapshot()).unwrap()
}

#[test]
fn a_session_comes_back_the_same_through_its_json_snapshot() {
    let before = worked_session();
    let data = as_json(&before);

    let mut after = with_inputs();
    after.add_manual(MANUAL, Crs::Wgs84);
    let snapshot = StrawSnapshot::from_value(&data).unwrap();
    after.restore_snapshot(snapshot).unwrap();

    assert_eq!(after.snapshot(), before.snapshot());
    assert_eq!(after.plan().unwrap(), before.plan().unwrap());
    assert_eq!(after.incident_views(), before.incident_views());
    assert_eq!(after.verifications(), before.verifications());
    assert_eq!(after.verifications().len(), 2);
    assert!(after.verifications()[0].key_case);
    assert_eq!(after.summary(), before.summary());
    assert_eq!(after.teams(), before.teams());
    assert_eq!(after.fire_files(), before.fire_files());
    let now = at("2022-05-31 16:00");
    assert_eq!(
        after.replan_state(now).unwrap(),
        before.replan_state(now).unwrap()
    );
    // the next manual batch keeps its number
    after.add_manual(MANUAL, Crs::Wgs84);
    assert_eq!(after.fire_files().last().unwrap().name, "手工录入 2");
}

/// Applies `f` to a worked session's JSON snapshot and restores it into a fresh session:
/// the error, and the fresh session's snapshot checked unchanged.
fn refused(f: impl FnOnce(&mut Value)) -> StrawError {
    let mut v = as_json(&worked_session());
    f(&mut v);
    let snapshot = StrawSnapshot::from_value(&v).unwrap();
    let mut s = with_inputs();
    let untouched = s.snapshot();
    let e = s.restore_snapshot(snapshot).unwrap_err();
    assert_eq!(s.snapshot(), untouched, "nothing changed on {e}");
    assert_eq!(e.code(), "E_STRAW_SNAPSHOT");
    e
}

#[test]
fn bad_snapshots_are_refused_with_every_problem_and_change_nothing() {
    let e = refused(|v| v["version"] = json!(2));
    assert!(e.to_string().contains("更新版本"), "{e}");
    let e = refused(|v| v["version"] = json!(0));
    assert!(e.to_string().contains("版本 0 不受支持"), "{e}");

    let e = refused(|v| {
        v["teams"][0]["base"]["lat"] = json!(123.0);
        v["teams"][1]["vehicles"] = json!(0);
        v["teams"][2]["name"] = v["teams"][0]["name"].clone();
    });
    let msg = e.to_string();
    assert!(msg.contains("驻地坐标无效"), "{msg}");
    assert!(msg.contains("车辆数 0 无效"), "{msg}");
    assert!(msg.contains("重复"), "{msg}");

    let e = refused(|v| {
        v["scored"][1]["incident"]["id"] = v["scored"][0]["incident"]["id"].clone();
        v["scored"][0]["incident"]["detections"] = json!([]);
    });
    let msg = e.to_string();
    assert!(
        msg.contains("第 2 个火点事件") && msg.contains("重复"),
        "{msg}"
    );
    assert!(msg.contains("没有探测记录"), "{msg}");

    let e = refused(|v| {
        v["verifications"][0]["kind"] = Value::Null;
        v["verifications"][1]["area_m2"] = json!(-5.0);
    });
    let msg = e.to_string();
    assert!(
        msg.contains("第 1 条核查记录") && msg.contains("请选择类型"),
        "{msg}"
    );
    assert!(
        msg.contains("第 2 条核查记录") && msg.contains("过火面积"),
        "{msg}"
    );

    let e = refused(|v| v["plan"]["routes"][0]["return_time"] = json!("+262000-01-01T00:00:00"));
    assert!(e.to_string().contains("时间无效"), "{e}");
    let e = refused(|v| v["request"]["settings"]["cluster"]["distance_m"] = json!(-1.0));
    assert!(e.to_string().contains("设置"), "{e}");
}

#[test]
fn a_snapshot_of_the_wrong_shape_is_refused_naming_the_part() {
    let mut v = as_json(&worked_session());
    v["verifications"][1]["found"] = json!("yes");
    v["scored"][0]["incident"]["location"] = json!("here");
    let e = StrawSnapshot::from_value(&v).unwrap_err();
    assert_eq!(e.code(), "E_STRAW_SNAPSHOT");
    let msg = e.to_string();
    assert!(msg.contains("第 2 条核查记录格式不正确"), "{msg}");
    assert!(msg.contains("第 1 个火点事件格式不正确"), "{msg}");
    assert!(!msg.contains("第 1 条核查记录"), "{msg}");

    let mut v = as_json(&worked_session());
    v["teams"] = json!("队伍");
    let msg = StrawSnapshot::from_value(&v).unwrap_err().to_string();
    assert!(msg.contains("格式不正确"), "{msg}");
    let msg = StrawSnapshot::from_value(&json!({"version": 1}))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("teams"), "{msg}");
    assert!(StrawSnapshot::from_value(&json!([1, 2])).is_err());
    assert!(StrawSnapshot::from_value(&json!(null)).is_err());
}

/// A small seeded generator (xorshift), for the mutations.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A node of `v` chosen at random (deeper with probability 3/4 at each level).
fn pick<'a>(v: &'a mut Value, rng: &mut Rng) -> &'a mut Value {
    let n = match &*v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    };
    if n == 0 || rng.below(4) == 0 {
        return v;
    }
    let i = rng.below(n);
    match v {
        Value::Array(a) => pick(&mut a[i], rng),
        Value::Object(o) => match o.values_mut().nth(i) {
            Some(child) => pick(child, rng),
            None => unreachable!("{i} < {n}"),
        },
        other => other,
    }
}

/// Replaces one leaf (or container) of `v`, chosen at random, by an odd value.
fn mutate(v: &mut Value, rng: &mut Rng) {
    const ODD: &[fn() -> Value] = &[
        || json!(null),
        || json!(-1),
        || json!(0),
        || json!(4294967295u64),
        || json!(1e308),
        || json!(-1e308),
        || json!(""),
        || json!("9999-12-31T23:59:59"),
        || json!("+262000-01-01T00:00:00"),
        || json!("1969-01-01T00:00:00"),
        || json!("25:61"),
        || json!([]),
        || json!({}),
        || json!(true),
    ];
    let at = pick(v, rng);
    *at = ODD[rng.below(ODD.len())]();
}

#[test]
fn mutated_snapshots_never_panic() {
    let base = as_json(&worked_session());
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut restored, mut refused_n) = (0, 0);
    for case in 0..1200 {
        let mut v = base.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut v, &mut rng);
        }
        let text = v.to_string();
        let r = std::panic::catch_unwind(|| {
            let parsed = serde_json::from_str(&text).map(|v| StrawSnapshot::from_value(&v));
            let Ok(Ok(snapshot)) = parsed else {
                return false;
            };
            let mut s = with_inputs();
            if s.restore_snapshot(snapshot).is_err() {
                return false;
            }
            // everything the page does with a restored session
            let _ = s.incident_views();
            let _ = s.plan();
            let _ = s.summary();
            let _ = s.summary_csv();
            let _ = s.verifications_csv();
            if let Ok(state) = s.replan_state(at("2022-05-31 14:30")) {
                let date = NaiveDate::from_ymd_opt(2022, 5, 31).unwrap();
                let mut request = StrawRequest::new(date, ShiftChoice::Day);
                request.replan = Some(state);
                if s.start_dispatch(&request).is_ok() {
                    while matches!(s.step_dispatch(100), Ok(p) if !p.done) {}
                }
            }
            true
        });
        match r {
            Ok(true) => restored += 1,
            Ok(false) => refused_n += 1,
            Err(_) => panic!("case {case} panicked on {text}"),
        }
    }
    println!("mutated snapshots: {restored} restored, {refused_n} refused");
    assert!(restored > 0 && refused_n > 0, "{restored} / {refused_n}");
}
