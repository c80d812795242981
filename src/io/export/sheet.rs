//! The printable route sheet (路线单): per route an A4 section with a map (an SVG drawn here:
//! the embedded major roads for orientation, the route line, numbered stops), the ordered stop
//! table with planned times and service minutes, and the totals. The same SVG map is used by the
//! page's print view (`www/ui/sheet.js`), which builds the table itself with `textContent`; the
//! stylesheet is shared (`www/print.css`, `@page { size: A4 }`).
//!
//! The map needs no tiles: positions are drawn in an equirectangular projection scaled by
//! cos(latitude) around the route's centre, which keeps shapes true at city scale.

use super::plan_export::{hours_minutes, km, minutes, route_line, route_summary, stop_kind_label};
use super::xml::xml_clean;
use crate::model::{LonLat, PlanDocument, RouteSheet};

/// The shared print stylesheet.
const PRINT_CSS: &str = include_str!("../../../www/print.css");

/// Route colours as CSS hex (the same order as the KML styles).
pub const ROUTE_COLOURS: [&str; 8] = [
    "#2563eb", "#ea8c0c", "#16a34a", "#7c3aed", "#089194", "#a14d1c", "#db4877", "#64748b",
];

fn esc(s: &str) -> String {
    quick_xml::escape::escape(xml_clean(s).as_str()).into_owned()
}

/// A view box fitted to positions, mapping WGS-84 to SVG user units.
struct Frame {
    lon0: f64,
    lat0: f64,
    kx: f64,
    scale: f64,
    off_x: f64,
    off_y: f64,
    min_lon: f64,
    max_lon: f64,
    min_lat: f64,
    max_lat: f64,
}

impl Frame {
    fn fit(points: &[LonLat], width: f64, height: f64, margin: f64) -> Option<Frame> {
        let valid: Vec<LonLat> = points.iter().copied().filter(|p| p.is_valid()).collect();
        let first = valid.first()?;
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) =
            (first.lon, first.lon, first.lat, first.lat);
        for p in &valid {
            min_lon = min_lon.min(p.lon);
            max_lon = max_lon.max(p.lon);
            min_lat = min_lat.min(p.lat);
            max_lat = max_lat.max(p.lat);
        }
        // at least ~1 km across, so that a single stop still gets a sensible frame
        let pad = 0.005;
        if max_lon - min_lon < pad {
            min_lon -= pad;
            max_lon += pad;
        }
        if max_lat - min_lat < pad {
            min_lat -= pad;
            max_lat += pad;
        }
        let lat0 = (min_lat + max_lat) / 2.0;
        let kx = lat0.to_radians().cos().max(0.05);
        let w = (max_lon - min_lon) * kx;
        let h = max_lat - min_lat;
        let scale = ((width - 2.0 * margin) / w).min((height - 2.0 * margin) / h);
        Some(Frame {
            lon0: min_lon,
            lat0: max_lat,
            kx,
            scale,
            off_x: (width - w * scale) / 2.0,
            off_y: (height - h * scale) / 2.0,
            min_lon,
            max_lon,
            min_lat,
            max_lat,
        })
    }

    fn xy(&self, p: LonLat) -> (f64, f64) {
        (
            self.off_x + (p.lon - self.lon0) * self.kx * self.scale,
            self.off_y + (self.lat0 - p.lat) * self.scale,
        )
    }

    fn contains_segment(&self, a: LonLat, b: LonLat) -> bool {
        let dx = (self.max_lon - self.min_lon) * 0.1;
        let dy = (self.max_lat - self.min_lat) * 0.1;
        !(a.lon.max(b.lon) < self.min_lon - dx
            || a.lon.min(b.lon) > self.max_lon + dx
            || a.lat.max(b.lat) < self.min_lat - dy
            || a.lat.min(b.lat) > self.max_lat + dy)
    }
}

/// An SVG map (`width` × `height` user units) of routes: background road segments inside the
/// frame, each route's line in its colour, and numbered stop markers (depots as squares). The
/// SVG holds only numbers, never user text, so the page may insert it as markup.
///
/// ```
/// use zouhang::io::route_map_svg;
/// use zouhang::model::{RouteSheet, SheetStop};
/// use zouhang::LonLat;
/// let stop = |n: &str, lon| SheetStop { id: n.into(), name: n.into(), location: LonLat::new(lon, 31.3),
///     kind: "visit".into(), arrival: None, departure: None, service_s: 0.0, note: String::new() };
/// let r = RouteSheet { id: "r".into(), name: "r".into(), team: String::new(), date: None,
///     stops: vec![stop("a", 120.6), stop("b", 120.7)], geometry: vec![], along_roads: false,
///     distance_m: 0.0, duration_s: 0.0, measured_m: None };
/// let svg = route_map_svg(&[&r], &[], 600.0, 400.0);
/// assert!(svg.starts_with("<svg") && svg.contains(">2</text>"));
/// ```
pub fn route_map_svg(
    routes: &[&RouteSheet],
    roads: &[[[f64; 2]; 2]],
    width: f64,
    height: f64,
) -> String {
    let mut all = Vec::new();
    for r in routes {
        all.extend(route_line(r));
        all.extend(r.stops.iter().map(|s| s.location));
    }
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" class="route-map"><rect width="100%" height="100%" fill="#f8fafc"/>"##
    );
    let Some(f) = Frame::fit(&all, width, height, 24.0) else {
        svg.push_str("</svg>");
        return svg;
    };
    let mut d = String::new();
    for [a, b] in roads {
        let (a, b) = (LonLat::new(a[0], a[1]), LonLat::new(b[0], b[1]));
        if a.is_valid() && b.is_valid() && f.contains_segment(a, b) {
            let (x1, y1) = f.xy(a);
            let (x2, y2) = f.xy(b);
            d.push_str(&format!("M{x1:.1} {y1:.1}L{x2:.1} {y2:.1}"));
        }
    }
    if !d.is_empty() {
        svg.push_str(&format!(
            r##"<path d="{d}" stroke="#cbd5e1" stroke-width="1.2" fill="none"/>"##
        ));
    }
    for (ri, r) in routes.iter().enumerate() {
        let colour = ROUTE_COLOURS[ri % ROUTE_COLOURS.len()];
        let pts: Vec<String> = route_line(r)
            .into_iter()
            .map(|p| {
                let (x, y) = f.xy(p);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        if pts.len() >= 2 {
            let dash = if r.along_roads {
                ""
            } else {
                r#" stroke-dasharray="6 4""#
            };
            svg.push_str(&format!(
                r#"<polyline points="{}" stroke="{colour}" stroke-width="3" fill="none" stroke-linejoin="round"{dash}/>"#,
                pts.join(" ")
            ));
        }
    }
    for (ri, r) in routes.iter().enumerate() {
        let colour = ROUTE_COLOURS[ri % ROUTE_COLOURS.len()];
        // draw in reverse so that stop 1 is on top where stops coincide (a closed tour)
        for (si, s) in r.stops.iter().enumerate().rev() {
            if !s.location.is_valid() {
                continue;
            }
            let (x, y) = f.xy(s.location);
            if s.kind == "depot" {
                svg.push_str(&format!(
                    r##"<rect x="{:.1}" y="{:.1}" width="16" height="16" fill="#dc2626" stroke="#fff" stroke-width="1.5"/>"##,
                    x - 8.0,
                    y - 8.0
                ));
            } else {
                svg.push_str(&format!(
                    r##"<circle cx="{x:.1}" cy="{y:.1}" r="9" fill="{colour}" stroke="#fff" stroke-width="1.5"/>"##
                ));
            }
            svg.push_str(&format!(
                r##"<text x="{x:.1}" y="{:.1}" font-size="10" font-family="sans-serif" text-anchor="middle" fill="#fff">{}</text>"##,
                y + 3.5,
                si + 1
            ));
        }
    }
    // scale bar: a round number of km about a fifth of the width
    let km_per_unit = 111.32 / f.scale;
    let target = width / 5.0 * km_per_unit;
    let step = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .rfind(|&s| s <= target)
        .unwrap_or(0.1);
    let len = step / km_per_unit;
    svg.push_str(&format!(
        r##"<g font-size="10" font-family="sans-serif"><line x1="12" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="#111" stroke-width="2"/><text x="12" y="{ty:.1}" fill="#111">{step} km</text></g>"##,
        y = height - 12.0,
        x2 = 12.0 + len,
        ty = height - 16.0,
    ));
    svg.push_str("</svg>");
    svg
}

/// The route sheet of a whole plan as a standalone HTML document (one A4 section per route),
/// with the embedded Suzhou major roads as the map background.
pub fn plan_sheet_html(doc: &PlanDocument) -> String {
    let roads = crate::embedded::suzhou_road_segments();
    let mut h = String::new();
    h.push_str(&format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<div id=\"print-root\" class=\"standalone\">\n",
        esc(&doc.title),
        PRINT_CSS
    ));
    for (ri, r) in doc.routes.iter().enumerate() {
        h.push_str(&route_section(doc, ri, r, &roads));
    }
    h.push_str("</div>\n</body>\n</html>\n");
    h
}

fn route_section(doc: &PlanDocument, ri: usize, r: &RouteSheet, roads: &[[[f64; 2]; 2]]) -> String {
    let mut h = String::from("<section class=\"sheet\">\n<header>\n");
    h.push_str(&format!("<h1>{}</h1>\n", esc(&doc.title)));
    let mut sub = vec![format!("路线 {}：{}", ri + 1, esc(&r.name))];
    if !r.team.is_empty() {
        sub.push(format!("班组/车辆：{}", esc(&r.team)));
    }
    if let Some(d) = &r.date {
        sub.push(format!("日期：{}", esc(d)));
    }
    h.push_str(&format!(
        "<p class=\"sub\">{}</p>\n</header>\n",
        sub.join(" · ")
    ));
    h.push_str("<div class=\"map\">");
    h.push_str(&route_map_svg(&[r], roads, 720.0, 430.0));
    h.push_str("</div>\n<table class=\"stops\">\n<thead><tr><th>序号</th><th>名称</th><th>编号</th><th>类型</th><th>到达</th><th>离开</th><th>停留(分)</th><th>备注</th><th>✓</th></tr></thead>\n<tbody>\n");
    for (si, s) in r.stops.iter().enumerate() {
        h.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"check\"></td></tr>\n",
            si + 1,
            esc(&s.name),
            esc(&s.id),
            esc(stop_kind_label(&s.kind)),
            esc(s.arrival.as_deref().unwrap_or("")),
            esc(s.departure.as_deref().unwrap_or("")),
            minutes(s.service_s),
            esc(&s.note),
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    let mut totals = vec![
        format!("停靠点 {} 个", r.stops.len()),
        format!("里程 {} km", km(r.distance_m)),
        format!("用时 {}", hours_minutes(r.duration_s)),
    ];
    if let Some(m) = r.measured_m {
        totals.push(format!("走航有效里程 {} km", km(m)));
    }
    totals.push(
        if r.along_roads {
            "沿道路计算"
        } else {
            "直线距离估算"
        }
        .to_string(),
    );
    h.push_str(&format!(
        "<p class=\"totals\">{}</p>\n<p class=\"foot\">{} · 坐标 WGS-84 · zouhang {}</p>\n</section>\n",
        totals.join("　"),
        esc(&route_summary(r)),
        env!("CARGO_PKG_VERSION")
    ));
    h
}
