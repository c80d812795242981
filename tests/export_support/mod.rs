//! Seeded plan fixtures for the export tests: routes with awkward names (markup characters,
//! quotes, CDATA ends, emoji, full-width punctuation, separators the link formats use), depots,
//! times across midnight, road geometry on some routes and straight lines on others.
#![allow(dead_code)]

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;
use zouhang::model::{PlanDocument, RouteSheet, SheetStop};
use zouhang::LonLat;

const NAME_PARTS: &[&str] = &[
    "苏州",
    "化工",
    "有限公司",
    "涂装车间",
    "A&B",
    "<甲>",
    "\"乙\"",
    "'丙'",
    "]]>",
    "工业园区",
    "汽修|店",
    "加油站,二号",
    "工地;三期",
    "油烟:餐饮",
    "😀",
    "（东区）",
    "No.7",
    "印刷",
    "{x}",
];

fn below(rng: &mut Pcg64, n: usize) -> usize {
    (rng.next_u64() % n.max(1) as u64) as usize
}

fn unit(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A plan with `routes` routes of `stops` visits each (plus a depot at both ends), seeded.
pub fn seeded_plan(seed: u64, routes: usize, stops: usize) -> PlanDocument {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut doc = PlanDocument::new("routes", &format!("测试计划 <{seed}> & \"导出\""));
    for r in 0..routes {
        let depot = LonLat::new(120.5 + unit(&mut rng) * 0.3, 31.2 + unit(&mut rng) * 0.2);
        let mut list = vec![stop(&mut rng, "D0", "车队驻地 & 出发", depot, "depot")];
        for k in 0..stops {
            let p = LonLat::new(120.3 + unit(&mut rng) * 0.8, 31.0 + unit(&mut rng) * 0.6);
            let n = 1 + below(&mut rng, 3);
            let name: String = (0..n)
                .map(|_| NAME_PARTS[below(&mut rng, NAME_PARTS.len())])
                .collect();
            list.push(stop(&mut rng, &format!("E{r}-{k}"), &name, p, "visit"));
        }
        list.push(stop(&mut rng, "D0", "车队驻地 & 出发", depot, "depot"));
        // times from 20:00 so that some cross midnight (written as "YYYY-MM-DD HH:MM")
        let mut t = 20 * 60 + below(&mut rng, 60) as u32;
        for (i, s) in list.iter_mut().enumerate() {
            t += 7 + below(&mut rng, 20) as u32;
            let fmt = |t: u32| {
                if t >= 24 * 60 {
                    format!("2026-06-04 {:02}:{:02}", (t / 60) % 24, t % 60)
                } else {
                    format!("{:02}:{:02}", t / 60, t % 60)
                }
            };
            if i > 0 {
                s.arrival = Some(fmt(t));
            }
            t += (s.service_s / 60.0) as u32;
            s.departure = Some(fmt(t));
        }
        let along_roads = r % 2 == 0;
        let geometry = if along_roads {
            let mut g = Vec::new();
            for w in list.windows(2) {
                let (a, b) = (w[0].location, w[1].location);
                for j in 0..4 {
                    let f = j as f64 / 4.0;
                    g.push(LonLat::new(
                        a.lon + (b.lon - a.lon) * f + (unit(&mut rng) - 0.5) * 1e-3,
                        a.lat + (b.lat - a.lat) * f,
                    ));
                }
            }
            g.push(depot);
            g
        } else {
            Vec::new()
        };
        doc.routes.push(RouteSheet {
            id: format!("r{}", r + 1),
            name: format!("路线{} <夜查> & 走航", r + 1),
            team: format!("第{}组", r + 1),
            date: Some("2026-06-03".into()),
            stops: list,
            geometry,
            along_roads,
            distance_m: 10_000.0 + unit(&mut rng) * 50_000.0,
            duration_s: 3_600.0 + unit(&mut rng) * 20_000.0,
            measured_m: along_roads.then_some(8_000.0),
        });
    }
    doc
}

fn stop(rng: &mut Pcg64, id: &str, name: &str, at: LonLat, kind: &str) -> SheetStop {
    SheetStop {
        id: id.into(),
        name: name.into(),
        location: at,
        kind: kind.into(),
        arrival: None,
        departure: None,
        service_s: if kind == "depot" {
            0.0
        } else {
            (5 + below(rng, 30)) as f64 * 60.0
        },
        note: if below(rng, 2) == 0 {
            "注意 <b>上风向</b> & 夜间".into()
        } else {
            String::new()
        },
    }
}

/// The numbered label every export uses for a stop (`"{seq}. {name}"`).
pub fn label(seq: usize, s: &SheetStop) -> String {
    format!("{seq}. {}", s.name)
}

/// Rasterises the `qrcode` crate's SVG (`M{x} {y}h{w}v{h}H{x}V{y}` rectangles) to greyscale.
pub fn rasterise(svg: &str) -> (usize, usize, Vec<u8>) {
    let attr = |name: &str| -> usize {
        let start = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (w, h) = (attr("width"), attr("height"));
    let mut img = vec![255u8; w * h];
    let d_start = svg.find(" d=\"").unwrap() + 4;
    let d = svg[d_start..].split('"').next().unwrap();
    for cmd in d.split('M').filter(|c| !c.is_empty()) {
        let nums: Vec<usize> = cmd
            .split(|c: char| !c.is_ascii_digit())
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect();
        let (x, y, rw, rh) = (nums[0], nums[1], nums[2], nums[3]);
        for yy in y..(y + rh).min(h) {
            for xx in x..(x + rw).min(w) {
                img[yy * w + xx] = 0;
            }
        }
    }
    (w, h, img)
}

/// Decodes the one QR code of an SVG with the independent `rqrr` decoder.
pub fn decode_qr(svg: &str) -> String {
    let (w, h, img) = rasterise(svg);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| img[y * w + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().expect("rqrr decodes the code").1
}
