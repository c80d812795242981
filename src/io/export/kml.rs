//! KML 2.2 export of a plan (OGC 07-147r2), for Google Earth and 奥维互动地图 (Ovital): a
//! `Folder` per route holding the route's `LineString` and one `Placemark` per stop named
//! `"{seq}. {name}"` in visit order, with shared styles (one colour per route, depots in red) and
//! the stop's fields in `ExtendedData`. Elements follow the schema's order (name, description,
//! styleUrl, ExtendedData, geometry).
//!
//! KML coordinates are WGS-84 by definition and both Google Earth and Ovital read them so; a
//! GCJ-02 or BD-09 export is possible but warned about ([`super::export_plan`]).

use super::plan_export::{
    coord, crs_label, project, route_line, route_summary, stop_description, stop_kind_label,
    stop_label,
};
use super::xml::XmlOut;
use crate::crs::Crs;
use crate::model::{LonLat, PlanDocument};

/// Route colours as KML `aabbggrr` (opaque): blue, orange, green, purple, teal, brown, pink, grey.
const COLOURS: [&str; 8] = [
    "ffeb6325", "ff0c8cea", "ff4aa316", "ffed3a7c", "ff949108", "ff1c4da1", "ff7748db", "ff8b7464",
];

/// Writes a plan as KML 2.2 text with coordinates converted to `crs`.
pub fn plan_kml(doc: &PlanDocument, crs: Crs) -> String {
    let mut x = XmlOut::new();
    x.open("kml", &[("xmlns", "http://www.opengis.net/kml/2.2")]);
    x.open("Document", &[]);
    x.text(
        "name",
        if doc.title.is_empty() {
            "走航计划"
        } else {
            &doc.title
        },
    );
    x.text("open", "1");
    x.text(
        "description",
        &format!(
            "走航计划导出（{}）；坐标系：{}；{} 条路线",
            doc.kind,
            crs_label(crs),
            doc.routes.len()
        ),
    );
    for (i, colour) in COLOURS.iter().enumerate() {
        x.open("Style", &[("id", &format!("route-{i}"))]);
        x.open("LineStyle", &[]);
        x.text("color", colour);
        x.text("width", "4");
        x.close("LineStyle");
        x.close("Style");
        x.open("Style", &[("id", &format!("stop-{i}"))]);
        x.open("IconStyle", &[]);
        x.text("color", colour);
        x.text("scale", "1.0");
        x.close("IconStyle");
        x.open("LabelStyle", &[]);
        x.text("scale", "0.9");
        x.close("LabelStyle");
        x.close("Style");
    }
    x.open("Style", &[("id", "depot")]);
    x.open("IconStyle", &[]);
    x.text("color", "ff1c1cdc");
    x.text("scale", "1.3");
    x.close("IconStyle");
    x.close("Style");

    for (ri, r) in doc.routes.iter().enumerate() {
        let style = ri % COLOURS.len();
        x.open("Folder", &[("id", &format!("route-folder-{}", ri + 1))]);
        x.text_if("name", &r.name);
        let mut desc = String::new();
        if !r.team.is_empty() {
            desc.push_str(&format!("{}；", r.team));
        }
        if let Some(d) = &r.date {
            desc.push_str(&format!("{d}；"));
        }
        desc.push_str(&route_summary(r));
        x.text("description", &desc);

        let line = route_line(r);
        if line.len() >= 2 {
            x.open("Placemark", &[]);
            x.text("name", &format!("{}（路线）", r.name));
            x.text("description", &desc);
            x.text("styleUrl", &format!("#route-{style}"));
            x.open("LineString", &[]);
            x.text("tessellate", "1");
            x.text("coordinates", &coordinates(crs, &line));
            x.close("LineString");
            x.close("Placemark");
        }
        for (si, s) in r.stops.iter().enumerate() {
            if !s.location.is_valid() {
                continue;
            }
            x.open("Placemark", &[]);
            x.text("name", &stop_label(si + 1, s));
            x.text("description", &stop_description(s));
            x.text(
                "styleUrl",
                &if s.kind == "depot" {
                    "#depot".to_string()
                } else {
                    format!("#stop-{style}")
                },
            );
            x.open("ExtendedData", &[]);
            let seq = (si + 1).to_string();
            let service = super::plan_export::seconds_text(s.service_s);
            let fields: [(&str, &str); 9] = [
                ("route", &r.id),
                ("seq", &seq),
                ("id", &s.id),
                ("name", &s.name),
                ("kind", stop_kind_label(&s.kind)),
                ("arrival", s.arrival.as_deref().unwrap_or("")),
                ("departure", s.departure.as_deref().unwrap_or("")),
                ("service_s", &service),
                ("note", &s.note),
            ];
            for (k, v) in fields {
                x.open("Data", &[("name", k)]);
                x.text("value", v);
                x.close("Data");
            }
            x.close("ExtendedData");
            x.open("Point", &[]);
            x.text("coordinates", &coordinates(crs, &[s.location]));
            x.close("Point");
            x.close("Placemark");
        }
        x.close("Folder");
    }
    x.close("Document");
    x.close("kml");
    x.finish()
}

/// `lon,lat,0` tuples separated by spaces, as KML's `coordinates` wants.
fn coordinates(crs: Crs, line: &[LonLat]) -> String {
    line.iter()
        .map(|p| {
            let q = project(crs, *p);
            format!("{},{},0", coord(q.lon), coord(q.lat))
        })
        .collect::<Vec<_>>()
        .join(" ")
}
