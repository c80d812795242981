//! Team records files (docs/FIELD.md): a good file reads; each kind of damage is refused with its
//! located code; merging by record id adds each record once; a file for an unknown plan leaves
//! the log unchanged; a re-planned plan is accepted with a warning; the route progress counts
//! done runs; verifications become straw verifications in Beijing time.

use serde_json::{json, Value};
use zouhang::io::{read_team_records, RecordKind, TeamRecordsError};
use zouhang::model::{LonLat, PlanDocument, RouteSheet, SheetStop};
use zouhang::plan::field::{route_progress, FieldLog, KnownPlan};

const MADE: &str = "2026-06-01T20:15:00+08:00";

fn good() -> Value {
    json!({
        "format": "zouhang-team-records", "version": 1,
        "plan": {"id": "straw", "kind": "straw", "title": "秸秆禁烧派单", "made_at": MADE},
        "route": {"id": "r1", "name": "一组", "team": "一组"},
        "device": "dev-1", "exported_at": "2026-06-01T23:40:00+08:00",
        "records": [
            {"id": "a", "kind": "stop", "stop_id": "F1", "status": "arrived", "at": "2026-06-01T21:00:00+08:00", "location": [120.6, 31.3], "accuracy_m": 12},
            {"id": "b", "kind": "stop", "stop_id": "F1", "status": "done", "at": "2026-06-01T21:20:00+08:00", "location": null},
            {"id": "c", "kind": "stop", "stop_id": "F2", "status": "skipped", "reason": "道路封闭", "at": "2026-06-01T21:40:00+08:00"},
            {"id": "d", "kind": "verification", "stop_id": "F1", "at": "2026-06-01T13:10:00Z",
             "verification": {"found": true, "kind": "straw", "area_m2": 350, "team": "", "note": "黑色过火痕迹"},
             "photos": ["p1"]},
            {"id": "e", "kind": "measure_start", "at": "2026-06-01T21:00:00+08:00"}
        ],
        "photos": [{"id": "p1", "record_id": "d", "type": "image/jpeg", "width": 4, "height": 3, "bytes": 6, "data": "/9j/4AAQ"}]
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn codes(e: &TeamRecordsError) -> Vec<String> {
    e.issues().into_iter().map(|i| i.code).collect()
}

fn known(made_at: &str) -> Vec<KnownPlan> {
    vec![KnownPlan {
        id: "straw".into(),
        made_at: Some(made_at.into()),
        routes: vec!["r1".into(), "r2".into()],
    }]
}

#[test]
fn a_good_file_reads() {
    let read = read_team_records(&bytes(&good()), "a.zhrec.json").unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_eq!(read.file.records.len(), 5);
    assert_eq!(read.file.records[3].kind, RecordKind::Verification);
    assert_eq!(read.file.photo_bytes(), 6);
    // a BOM is fine
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend(bytes(&good()));
    assert!(read_team_records(&with_bom, "a").is_ok());
}

#[test]
fn damage_is_refused_with_located_codes() {
    let err = |v: &Value| read_team_records(&bytes(v), "x.zhrec.json").unwrap_err();
    // truncated: JSON error with its line
    let text = bytes(&good());
    let e = read_team_records(&text[..text.len() / 2], "x").unwrap_err();
    assert_eq!(codes(&e), ["E_RECORDS_JSON"]);
    assert!(e.issues()[0].row.is_some());
    assert_eq!(
        codes(&read_team_records(&[0xff, 0xfe, 0x00], "x").unwrap_err()),
        ["E_RECORDS_JSON"]
    );
    // another format, a newer version
    let mut v = good();
    v["format"] = json!("zouhang-plan");
    assert_eq!(codes(&err(&v)), ["E_RECORDS_FORMAT"]);
    let mut v = good();
    v["version"] = json!(2);
    assert_eq!(codes(&err(&v)), ["E_RECORDS_VERSION_NEWER"]);
    // shape: the record number and the part
    let mut v = good();
    v["records"][2]["kind"] = json!("teleport");
    let e = err(&v);
    assert_eq!(codes(&e), ["E_RECORDS_FIELD"]);
    assert_eq!(e.issues()[0].row, Some(3));
    assert_eq!(e.issues()[0].field.as_deref(), Some("records"));
    let mut v = good();
    v.as_object_mut().unwrap().remove("route");
    assert_eq!(codes(&err(&v)), ["E_RECORDS_FIELD"]);
    // content: every problem at once, each located
    let mut v = good();
    v["records"][1]["id"] = json!("a"); // duplicate id
    v["records"][0]["at"] = json!("2026-06-01 21:00"); // no offset
    v["records"][0]["location"] = json!([190.0, 31.0]);
    v["records"][2].as_object_mut().unwrap().remove("reason"); // skipped without reason
    v["records"][3]["verification"]["kind"] = json!("smoke");
    v["photos"][0]["data"] = json!("not base64!");
    let e = err(&v);
    let mut c = codes(&e);
    c.sort();
    assert_eq!(
        c,
        [
            "E_RECORDS_COORD",
            "E_RECORDS_ID",
            "E_RECORDS_PHOTO",
            "E_RECORDS_STOP",
            "E_RECORDS_TIME",
            "E_RECORDS_VERIFICATION"
        ]
    );
    let rows: Vec<_> = e.issues().iter().map(|i| i.row).collect();
    assert!(rows.contains(&Some(2)) && rows.contains(&Some(3)) && rows.contains(&Some(4)));
    // a truncated photo (size differs from the recorded size)
    let mut v = good();
    v["photos"][0]["bytes"] = json!(600);
    assert_eq!(codes(&err(&v)), ["E_RECORDS_PHOTO"]);
    // a photo of no record
    let mut v = good();
    v["photos"][0]["record_id"] = json!("zzz");
    assert!(codes(&err(&v)).contains(&"E_RECORDS_PHOTO".to_string()));
}

#[test]
fn a_missing_photo_is_a_warning() {
    let mut v = good();
    v["photos"] = json!([]);
    let read = read_team_records(&bytes(&v), "x").unwrap();
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(read.warnings[0].code, "W_RECORDS_PHOTO_MISSING");
    assert_eq!(read.warnings[0].row, Some(4));
}

#[test]
fn merge_by_id_adds_each_record_once() {
    let file = read_team_records(&bytes(&good()), "a.zhrec.json")
        .unwrap()
        .file;
    let mut log = FieldLog::default();
    let r1 = log.merge(&file, "a.zhrec.json", &known(MADE)).unwrap();
    assert_eq!((r1.added, r1.duplicates, r1.conflicts), (5, 0, 0));
    assert!(r1.warnings.is_empty(), "{:?}", r1.warnings);
    assert_eq!(r1.new_photos.len(), 1);
    assert_eq!(log.photos.len(), 1);
    assert_eq!(log.photos[0].bytes, 6);
    // the straw verification, in Beijing time, team from the route
    assert_eq!(r1.verifications.len(), 1);
    let v = &r1.verifications[0];
    assert_eq!(v.incident_id, "F1");
    assert_eq!(v.time.to_string(), "2026-06-01 21:10:00");
    assert_eq!(v.team, "一组");
    assert_eq!(v.area_m2, Some(350.0));
    // the same file again: nothing new
    let r2 = log.merge(&file, "a.zhrec.json", &known(MADE)).unwrap();
    assert_eq!((r2.added, r2.duplicates), (0, 5));
    assert!(r2.verifications.is_empty() && r2.new_photos.is_empty());
    assert_eq!(log.records.len(), 5);
    assert_eq!(log.photos.len(), 1);
    // a later export with one more record and one changed under an old id
    let mut v = good();
    v["records"][0]["accuracy_m"] = json!(30);
    v["records"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "f", "kind": "measure_end", "at": "2026-06-01T22:00:00+08:00"}));
    let later = read_team_records(&bytes(&v), "b").unwrap().file;
    let r3 = log.merge(&later, "b", &known(MADE)).unwrap();
    assert_eq!((r3.added, r3.duplicates, r3.conflicts), (1, 4, 1));
    assert_eq!(r3.warnings[0].code, "W_RECORDS_ID_CONFLICT");
    assert_eq!(log.records.len(), 6);
    assert_eq!(
        log.records[0].record.accuracy_m,
        Some(12.0),
        "the first import's version stays"
    );
}

#[test]
fn unknown_plan_is_refused_and_replanned_warns() {
    let file = read_team_records(&bytes(&good()), "a").unwrap().file;
    let mut log = FieldLog::default();
    log.merge(&file, "a", &known(MADE)).unwrap();
    let before = log.clone();
    let other = vec![KnownPlan {
        id: "month".into(),
        made_at: None,
        routes: vec![],
    }];
    let e = log.merge(&file, "a", &other).unwrap_err();
    assert_eq!(e.code, "E_RECORDS_PLAN_UNKNOWN");
    assert_eq!(e.field.as_deref(), Some("plan.id"));
    assert_eq!(log, before, "a refused file changes nothing");
    let mut fresh = FieldLog::default();
    let r = fresh
        .merge(&file, "a", &known("2026-06-02T08:00:00+08:00"))
        .unwrap();
    assert_eq!(r.added, 5);
    assert_eq!(r.warnings[0].code, "W_RECORDS_REPLANNED");
    let mut v = good();
    v["route"]["id"] = json!("r9");
    let f9 = read_team_records(&bytes(&v), "c").unwrap().file;
    let r = FieldLog::default().merge(&f9, "c", &known(MADE)).unwrap();
    assert_eq!(r.warnings[0].code, "W_RECORDS_ROUTE_UNKNOWN");
}

fn stop(id: &str, kind: &str) -> SheetStop {
    SheetStop {
        id: id.into(),
        name: id.into(),
        location: LonLat {
            lon: 120.6,
            lat: 31.3,
        },
        kind: kind.into(),
        arrival: None,
        departure: None,
        service_s: 0.0,
        note: String::new(),
    }
}

#[test]
fn route_progress_counts_done_runs() {
    let route = |id: &str, stops: &[&str]| RouteSheet {
        id: id.into(),
        name: id.into(),
        team: "t".into(),
        date: Some("2026-06-03".into()),
        stops: std::iter::once(stop("base", "depot"))
            .chain(stops.iter().map(|s| stop(s, "visit")))
            .chain(std::iter::once(stop("base", "depot")))
            .collect(),
        geometry: vec![],
        along_roads: false,
        distance_m: 1000.0,
        duration_s: 600.0,
        measured_m: None,
    };
    let mut plan = PlanDocument::new("month", "2026-06 走航计划");
    plan.routes = vec![
        route("r1", &["F1", "F2"]),
        route("r2", &["F3"]),
        route("r3", &["F4"]),
    ];
    let mut v = good();
    v["plan"]["id"] = json!("month");
    let mut log = FieldLog::default();
    let known = vec![KnownPlan {
        id: "month".into(),
        made_at: Some(MADE.into()),
        routes: vec![],
    }];
    log.merge(
        &read_team_records(&bytes(&v), "a").unwrap().file,
        "a",
        &known,
    )
    .unwrap();
    // r2: measuring segment from start to end
    let mut w = good();
    w["plan"]["id"] = json!("month");
    w["route"]["id"] = json!("r2");
    w["photos"] = json!([]);
    w["records"] = json!([
        {"id": "m1", "kind": "measure_start", "at": "2026-06-03T09:00:00+08:00"},
        {"id": "m2", "kind": "measure_end", "at": "2026-06-03T11:00:00+08:00"}
    ]);
    log.merge(
        &read_team_records(&bytes(&w), "b").unwrap().file,
        "b",
        &known,
    )
    .unwrap();
    let p = route_progress(&log, "month", &plan);
    assert_eq!(p.len(), 3);
    // r1: F1 done (latest of arrived/done), F2 skipped → complete; measure started only
    assert_eq!((p[0].stops, p[0].done, p[0].skipped), (2, 1, 1));
    assert!(p[0].measure_started && !p[0].measure_ended);
    assert!(p[0].complete);
    assert!(p[1].complete && p[1].measure_ended);
    assert!(!p[2].complete);
    assert_eq!(p[2].records, 0);
    // the same records for another plan id count nothing
    assert!(route_progress(&log, "straw", &plan)
        .iter()
        .all(|x| !x.complete));
}
