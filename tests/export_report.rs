//! Monthly report aggregation on seeded records spread over three months, checked against counts
//! made independently here; CSV and HTML outputs hold every row and key case.

mod export_support;

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;
use zouhang::report::{
    monthly_report, monthly_report_csv, monthly_report_html, IncidentType, InspectionRecord,
    MonthlyInput, VerificationRecord,
};

fn value(r: &zouhang::report::MonthlyReport, key: &str) -> String {
    r.rows
        .iter()
        .find(|x| x.key == key)
        .map(|x| x.value.clone())
        .unwrap()
}

#[test]
fn monthly_counts_match_an_independent_tally() {
    for seed in 0..20u64 {
        let mut rng = Pcg64::seed_from_u64(seed);
        let mut roll = |n: u64| rng.next_u64() % n;
        let months = ["2026-05", "2026-06", "2026-07"];
        let kinds = [
            IncidentType::Straw,
            IncidentType::Garbage,
            IncidentType::Other,
            IncidentType::FalseAlarm,
        ];
        let mut verifications = Vec::new();
        for k in 0..(20 + roll(40)) {
            let kind = kinds[roll(4) as usize];
            verifications.push(VerificationRecord {
                incident_id: format!("F{k}"),
                time: format!(
                    "{}-{:02} 2{}:00",
                    months[roll(3) as usize],
                    1 + roll(28),
                    roll(4)
                ),
                found: kind != IncidentType::FalseAlarm && roll(5) > 0,
                kind,
                burned_area_m2: (roll(4) > 0).then(|| roll(400) as f64),
                team: "一组".into(),
                staff: 1 + roll(3) as u32,
                place: "某镇".into(),
                note: String::new(),
            });
        }
        let mut inspections = Vec::new();
        for k in 0..(10 + roll(30)) {
            inspections.push(InspectionRecord {
                enterprise_id: format!("E{k}"),
                name: format!("企业{k}"),
                date: format!("{}-{:02}", months[roll(3) as usize], 1 + roll(28)),
                inspectors: 2,
                violation: roll(3) == 0,
                case_filed: roll(4) == 0,
                fine_wan: if roll(4) == 0 {
                    roll(100) as f64 / 10.0
                } else {
                    0.0
                },
                decision: roll(5) == 0,
                serious: roll(20) == 0,
                note: String::new(),
            });
        }
        let mut plan = export_support::seeded_plan(seed, 4, 5);
        for (i, r) in plan.routes.iter_mut().enumerate() {
            r.date = Some(format!("{}-1{i}", months[i % 3]));
        }
        let input = MonthlyInput {
            month: "2026-06".into(),
            unit: "测试局".into(),
            plans: vec![plan.clone()],
            staff_per_run: 3,
            verifications: verifications.clone(),
            inspections: inspections.clone(),
            // every other route reported done by the field, plus an id no route has
            runs_done: plan
                .routes
                .iter()
                .step_by(2)
                .map(|r| r.id.clone())
                .chain(["no-such-route".to_string()])
                .collect(),
        };
        let r = monthly_report(&input);

        // independent tally
        let v: Vec<_> = verifications
            .iter()
            .filter(|v| v.time.starts_with("2026-06-"))
            .collect();
        let i: Vec<_> = inspections
            .iter()
            .filter(|i| i.date.starts_with("2026-06-"))
            .collect();
        let routes: Vec<_> = plan
            .routes
            .iter()
            .filter(|r| r.date.as_deref().unwrap().starts_with("2026-06"))
            .collect();
        let key = v
            .iter()
            .filter(|v| {
                v.found
                    && match v.kind {
                        IncidentType::Straw => v.burned_area_m2.unwrap_or(0.0) >= 200.0,
                        IncidentType::Garbage => v.burned_area_m2.unwrap_or(0.0) >= 20.0,
                        _ => false,
                    }
            })
            .count();
        assert_eq!(value(&r, "runs"), routes.len().to_string(), "seed {seed}");
        let done = routes
            .iter()
            .filter(|r| input.runs_done.contains(&r.id))
            .count();
        assert_eq!(value(&r, "runs_done"), done.to_string(), "seed {seed}");
        let km: f64 = routes.iter().map(|r| r.distance_m).sum::<f64>() / 1000.0;
        assert_eq!(value(&r, "km_total"), format!("{km:.2}"));
        let staff =
            routes.len() as u32 * 3 + v.iter().map(|v| v.staff).sum::<u32>() + i.len() as u32 * 2;
        assert_eq!(value(&r, "staff"), staff.to_string());
        assert_eq!(value(&r, "enterprises"), i.len().to_string());
        assert_eq!(value(&r, "verified"), v.len().to_string());
        assert_eq!(value(&r, "key_cases"), key.to_string());
        assert_eq!(r.key_cases.len(), key);
        assert!(r
            .key_cases
            .windows(2)
            .all(|w| w[0].burned_area_m2 >= w[1].burned_area_m2));
        assert_eq!(
            value(&r, "cases_filed"),
            i.iter().filter(|x| x.case_filed).count().to_string()
        );
        assert_eq!(
            value(&r, "fines"),
            format!("{:.2}", i.iter().map(|x| x.fine_wan).sum::<f64>() + 0.0)
        );
        assert_eq!(
            value(&r, "decisions"),
            i.iter().filter(|x| x.decision).count().to_string()
        );
        assert_eq!(
            value(&r, "serious"),
            i.iter().filter(|x| x.serious).count().to_string()
        );
        let skipped = verifications.len() - v.len() + inspections.len() - i.len();
        assert_eq!(
            r.issues.iter().any(|x| x.code == "W_REPORT_OTHER_MONTH"),
            skipped > 0
        );

        let csv = monthly_report_csv(&r);
        assert_eq!(csv.matches("\r\n").count(), 1 + r.rows.len() + 1 + 1 + key);
        let html = monthly_report_html(&r);
        assert_eq!(html.matches("<tr data-key=").count(), r.rows.len());
    }
    let bad = monthly_report(&MonthlyInput {
        month: "六月".into(),
        ..Default::default()
    });
    assert_eq!(bad.issues[0].code, "E_REPORT_MONTH");
}
