//! GPX 1.1 export of a plan (<https://www.topografix.com/GPX/1/1/>): per route a `<rte>` with one
//! `<rtept>` per stop in visit order, a `<wpt>` per stop (so that devices that ignore routes
//! still show the stops), and a `<trk>` with the driven road geometry when the route follows
//! roads. Elements appear in the order the GPX 1.1 schema prescribes; planned times become
//! `<time>` (Beijing time, `+08:00`) when the route has a date, and stop details live in
//! `<desc>`, `<type>` and a `zh:stop` extension element (namespace `urn:zouhang:gpx:1`).

use super::plan_export::{
    coord, crs_label, project, route_line, route_summary, stop_datetime, stop_description,
    stop_kind_label, stop_label,
};
use super::xml::XmlOut;
use crate::crs::Crs;
use crate::model::{PlanDocument, RouteSheet, SheetStop};

/// The namespace of our extension elements.
pub const GPX_EXTENSION_NS: &str = "urn:zouhang:gpx:1";

/// Writes a plan as GPX 1.1 text. Coordinates are converted to `crs` (GPX prescribes WGS-84; the
/// metadata says when another system was asked for).
pub fn plan_gpx(doc: &PlanDocument, crs: Crs) -> String {
    let mut x = XmlOut::new();
    let creator = format!("zouhang {}", env!("CARGO_PKG_VERSION"));
    x.open(
        "gpx",
        &[
            ("version", "1.1"),
            ("creator", &creator),
            ("xmlns", "http://www.topografix.com/GPX/1/1"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd",
            ),
            ("xmlns:zh", GPX_EXTENSION_NS),
        ],
    );
    x.open("metadata", &[]);
    x.text_if("name", &doc.title);
    x.text(
        "desc",
        &format!(
            "走航计划导出（{}）；坐标系：{}；{} 条路线",
            doc.kind,
            crs_label(crs),
            doc.routes.len()
        ),
    );
    x.text(
        "keywords",
        &format!("zouhang,{},crs={}", doc.kind, crs.name()),
    );
    x.close("metadata");

    for (ri, r) in doc.routes.iter().enumerate() {
        for (si, s) in r.stops.iter().enumerate() {
            if s.location.is_valid() {
                point(&mut x, "wpt", crs, r, ri, si, s);
            }
        }
    }
    for (ri, r) in doc.routes.iter().enumerate() {
        x.open("rte", &[]);
        x.text_if("name", &r.name);
        x.text("desc", &route_desc(r));
        x.text("number", &(ri + 1).to_string());
        x.text_if("type", &doc.kind);
        for (si, s) in r.stops.iter().enumerate() {
            if s.location.is_valid() {
                point(&mut x, "rtept", crs, r, ri, si, s);
            }
        }
        x.close("rte");
    }
    for (ri, r) in doc.routes.iter().enumerate() {
        let line = route_line(r);
        if !r.along_roads || line.len() < 2 {
            continue;
        }
        x.open("trk", &[]);
        x.text_if("name", &r.name);
        x.text("desc", &format!("{}（沿道路行驶轨迹）", route_desc(r)));
        x.text("number", &(ri + 1).to_string());
        x.open("trkseg", &[]);
        for p in line {
            let q = project(crs, p);
            x.empty("trkpt", &[("lat", &coord(q.lat)), ("lon", &coord(q.lon))]);
        }
        x.close("trkseg");
        x.close("trk");
    }
    x.close("gpx");
    x.finish()
}

fn route_desc(r: &RouteSheet) -> String {
    let mut s = String::new();
    if !r.team.is_empty() {
        s.push_str(&r.team);
        s.push('；');
    }
    if let Some(d) = &r.date {
        s.push_str(d);
        s.push('；');
    }
    s.push_str(&route_summary(r));
    s
}

/// A `wpt` or `rtept` (same type `wptType` in the schema).
fn point(x: &mut XmlOut, tag: &str, crs: Crs, r: &RouteSheet, ri: usize, si: usize, s: &SheetStop) {
    let q = project(crs, s.location);
    x.open(tag, &[("lat", &coord(q.lat)), ("lon", &coord(q.lon))]);
    if let Some(t) = stop_datetime(r.date.as_deref(), s.arrival.as_deref()) {
        x.text("time", &t);
    }
    x.text("name", &stop_label(si + 1, s));
    x.text_if("cmt", &s.id);
    x.text("desc", &stop_description(s));
    x.text(
        "sym",
        if s.kind == "depot" {
            "Flag, Red"
        } else {
            "Flag, Blue"
        },
    );
    x.text("type", stop_kind_label(&s.kind));
    x.open("extensions", &[]);
    let seq = (si + 1).to_string();
    let route_no = (ri + 1).to_string();
    let service = super::plan_export::seconds_text(s.service_s);
    let mut attrs: Vec<(&str, &str)> = vec![
        ("route", &r.id),
        ("route_number", &route_no),
        ("seq", &seq),
        ("id", &s.id),
        ("stop_name", &s.name),
        ("kind", &s.kind),
        ("service_s", &service),
    ];
    if let Some(a) = &s.arrival {
        attrs.push(("arrival", a));
    }
    if let Some(d) = &s.departure {
        attrs.push(("departure", d));
    }
    x.empty("zh:stop", &attrs);
    x.close("extensions");
    x.close(tag);
}
