//! The `routrs_highways_dataset` graph (Rust package registry, MIT; `data/highways.json.gz`):
//! `{"nodes": [{"id", "coordinates": [lat, lon], "waypoints": [ids]}]}`, gzipped or not.
//! Every waypoint link is an edge of class [`RoadClass::MajorRoad`] whose length is the
//! haversine distance; a link listed by both of its nodes is one two-way edge, a link listed by
//! one node only is one-way (the 0.1.0 file has none: all 826,000 links are listed both ways).

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;

use crate::error::Issue;
use crate::model::{LonLat, NodeId};
use crate::roads::builder::{EdgeSpec, GraphBuilder, Oneway};
use crate::roads::class::{RoadClass, RoadConfig};
use crate::roads::import::{finish, RoadImport, RoadImportError, RoadImportReport};

#[derive(Deserialize)]
struct Doc {
    nodes: Vec<RNode>,
}

#[derive(Deserialize)]
struct RNode {
    id: u64,
    coordinates: [f64; 2],
    #[serde(default)]
    waypoints: Vec<u64>,
}

/// Largest decompressed size accepted (the 0.1.0 file is 49 MB).
const MAX_JSON_BYTES: u64 = 1 << 30;

/// Reads the routrs graph.
pub fn read_routrs(
    bytes: &[u8],
    file: &str,
    config: &RoadConfig,
) -> Result<RoadImport, RoadImportError> {
    let syntax = |at: String, message: String| RoadImportError::Syntax {
        file: file.to_string(),
        format: "routrs JSON".into(),
        at,
        message,
    };
    let mut text = Vec::new();
    let json: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_JSON_BYTES)
            .read_to_end(&mut text)
            .map_err(|e| syntax("gzip".into(), e.to_string()))?;
        &text
    } else {
        bytes
    };
    let doc: Doc = serde_json::from_slice(json)
        .map_err(|e| syntax(format!("第{}行第{}列", e.line(), e.column()), e.to_string()))?;
    drop(text);
    let mut b = GraphBuilder::new();
    let mut ids: HashMap<u64, NodeId> = HashMap::with_capacity(doc.nodes.len());
    let mut issues = Vec::new();
    for (i, n) in doc.nodes.iter().enumerate() {
        let [lat, lon] = n.coordinates;
        let p = LonLat::new(lon, lat);
        if !p.is_valid() || ids.contains_key(&n.id) {
            if issues.len() < 100 {
                issues.push(
                    Issue::warning(
                        "W_ROUTRS_NODE",
                        format!("节点 {} 坐标无效或编号重复", n.id),
                        "已跳过该节点",
                    )
                    .in_file(file)
                    .at_row(i as u64 + 1),
                );
            }
            continue;
        }
        let id = b
            .add_node(p)
            .map_err(|e| syntax(format!("节点 {}", n.id), e.to_string()))?;
        ids.insert(n.id, id);
    }
    let links: std::collections::HashSet<(u64, u64)> = doc
        .nodes
        .iter()
        .flat_map(|n| n.waypoints.iter().map(move |&w| (n.id, w)))
        .collect();
    let speed = config.speed_kmh(RoadClass::MajorRoad);
    for n in &doc.nodes {
        for &w in &n.waypoints {
            let both = links.contains(&(w, n.id));
            if n.id == w || (both && w < n.id) {
                continue; // self-loop, or the two-way link is added from its smaller end
            }
            let (Some(&from), Some(&to)) = (ids.get(&n.id), ids.get(&w)) else {
                continue;
            };
            let _ = b.add_edge(EdgeSpec {
                from,
                to,
                via: &[],
                class: RoadClass::MajorRoad,
                speed_kmh: speed,
                oneway: if both { Oneway::No } else { Oneway::Forward },
                length_m: None,
                name: None,
            });
        }
    }
    let report = RoadImportReport {
        file: file.to_string(),
        format: "routrs JSON".into(),
        items: doc.nodes.len(),
        issues,
        ..Default::default()
    };
    finish(b.build(), report)
}
