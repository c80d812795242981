//! The monthly report as CSV (Excel) and as a printable HTML section.

use super::build::MonthlyReport;
use crate::io::CsvTable;

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// The report table, then the key cases, as CSV (UTF-8 with BOM).
pub fn monthly_report_csv(r: &MonthlyReport) -> String {
    let mut t = CsvTable::new(&["项目", "本月", "单位", "数据来源"]);
    for row in &r.rows {
        t.push(vec![
            row.item.clone(),
            row.value.clone(),
            row.unit.clone(),
            row.source.clone(),
        ]);
    }
    t.push(vec![]);
    t.push(vec![
        "重点案件".into(),
        "时间".into(),
        "类型".into(),
        "过火面积(m²)".into(),
        "地点".into(),
        "核查组".into(),
        "备注".into(),
    ]);
    for (i, k) in r.key_cases.iter().enumerate() {
        t.push(vec![
            format!("{}. {}", i + 1, k.incident_id),
            k.time.clone(),
            k.kind.label().to_string(),
            k.burned_area_m2
                .map(|a| format!("{a:.0}"))
                .unwrap_or_default(),
            k.place.clone(),
            k.team.clone(),
            k.note.clone(),
        ]);
    }
    t.to_text()
}

/// The report as a printable HTML section (`<section class="sheet">`, styles in `print.css`).
pub fn monthly_report_html(r: &MonthlyReport) -> String {
    let mut h = format!(
        "<section class=\"sheet report\">\n<header><h1>{}{} 月度工作统计表</h1></header>\n<table class=\"report-table\">\n<thead><tr><th>项目</th><th>本月</th><th>单位</th><th>数据来源</th></tr></thead>\n<tbody>\n",
        esc(&r.unit),
        esc(&r.month)
    );
    for row in &r.rows {
        h.push_str(&format!(
            "<tr data-key=\"{}\"><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&row.key),
            esc(&row.item),
            esc(&row.value),
            esc(&row.unit),
            esc(&row.source)
        ));
    }
    h.push_str("</tbody>\n</table>\n<h2>重点案件</h2>\n<table class=\"report-table\">\n<thead><tr><th>序号</th><th>编号</th><th>时间</th><th>类型</th><th>过火面积(m²)</th><th>地点</th><th>备注</th></tr></thead>\n<tbody>\n");
    for (i, k) in r.key_cases.iter().enumerate() {
        h.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            i + 1,
            esc(&k.incident_id),
            esc(&k.time),
            k.kind.label(),
            k.burned_area_m2.map(|a| format!("{a:.0}")).unwrap_or_default(),
            esc(&k.place),
            esc(&k.note)
        ));
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
    h
}
