//! The `nodes`/`edges` CSV form (as in `data/suzhou/roads_*.csv` and `../shared/data/roads`):
//! a nodes file `id,lat,lon` and an edges file `u,v,length_m`, every edge two-way, all of one
//! class ([`RoadClass::MajorRoad`], default 70 km/h). Columns are found by header name in any
//! order; a missing `length_m` is measured (haversine). Bad rows are skipped and reported as
//! [`Issue`]s with stable codes:
//!
//! | code | meaning |
//! |---|---|
//! | `E_ROAD_NODE_ID` | node id is not a non-negative integer |
//! | `E_ROAD_NODE_COORD` | latitude/longitude missing, not a number or out of range |
//! | `W_ROAD_NODE_DUP` | node id repeated (the first row is kept) |
//! | `E_ROAD_EDGE_NODE` | edge names a node id that is not in the nodes file |
//! | `E_ROAD_EDGE_LENGTH` | `length_m` not a number, negative, or over 10,000 km |
//! | `W_ROAD_EDGE_LOOP` | edge from a node to itself (skipped) |
//! | `E_ROAD_CSV_ROW` | the row could not be read as CSV |

use std::collections::HashMap;

use crate::error::Issue;
use crate::model::{LonLat, NodeId};
use crate::roads::builder::{EdgeSpec, GraphBuilder, Oneway};
use crate::roads::class::{RoadClass, RoadConfig};
use crate::roads::import::{finish, RoadImport, RoadImportError, RoadImportReport};

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes)
}

fn columns(
    rd: &mut csv::Reader<&[u8]>,
    file: &str,
    wanted: &[&[&str]],
) -> Result<Vec<Option<usize>>, RoadImportError> {
    let headers = rd.headers().map_err(|e| RoadImportError::Syntax {
        file: file.to_string(),
        format: "CSV".into(),
        at: "第1行".into(),
        message: e.to_string(),
    })?;
    let norm: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    Ok(wanted
        .iter()
        .map(|names| norm.iter().position(|h| names.contains(&h.as_str())))
        .collect())
}

fn need(col: Option<usize>, file: &str, name: &str) -> Result<usize, RoadImportError> {
    col.ok_or_else(|| RoadImportError::MissingColumn {
        file: file.to_string(),
        column: name.to_string(),
    })
}

/// Reads the CSV pair. `nodes_file` and `edges_file` are the names for the report.
pub fn read_csv_graph(
    nodes: &[u8],
    nodes_file: &str,
    edges: &[u8],
    edges_file: &str,
    config: &RoadConfig,
) -> Result<RoadImport, RoadImportError> {
    let mut issues = Vec::new();
    let mut b = GraphBuilder::new();
    let mut ids: HashMap<u64, NodeId> = HashMap::new();

    let mut rd = reader(nodes);
    let cols = columns(
        &mut rd,
        nodes_file,
        &[
            &["id", "node", "node_id"],
            &["lat", "latitude", "纬度"],
            &["lon", "lng", "longitude", "经度"],
        ],
    )?;
    let (c_id, c_lat, c_lon) = (
        need(cols.first().copied().flatten(), nodes_file, "id")?,
        need(cols.get(1).copied().flatten(), nodes_file, "lat")?,
        need(cols.get(2).copied().flatten(), nodes_file, "lon")?,
    );
    for (i, rec) in rd.records().enumerate() {
        let row = i as u64 + 2;
        let issue = |code: &str, field: &str, msg: String, action: &str| {
            Issue::error(code, msg, action)
                .in_file(nodes_file)
                .at_row(row)
                .at_field(field)
        };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                issues.push(issue(
                    "E_ROAD_CSV_ROW",
                    "",
                    format!("无法读取该行：{e}"),
                    "请检查引号和分隔符",
                ));
                continue;
            }
        };
        let row = rec.position().map_or(row, |p| p.line());
        let id_text = rec.get(c_id).unwrap_or("");
        let Ok(id) = id_text.parse::<u64>() else {
            issues.push(
                Issue::error(
                    "E_ROAD_NODE_ID",
                    format!("节点编号「{id_text}」不是非负整数"),
                    "请填写整数编号",
                )
                .in_file(nodes_file)
                .at_row(row)
                .at_field("id"),
            );
            continue;
        };
        let lat = rec.get(c_lat).and_then(|v| v.parse::<f64>().ok());
        let lon = rec.get(c_lon).and_then(|v| v.parse::<f64>().ok());
        let p = match (lon, lat) {
            (Some(lon), Some(lat)) if LonLat::new(lon, lat).is_valid() => LonLat::new(lon, lat),
            _ => {
                issues.push(
                    Issue::error(
                        "E_ROAD_NODE_COORD",
                        format!(
                            "节点 {id} 的坐标无效（lat「{}」，lon「{}」）",
                            rec.get(c_lat).unwrap_or(""),
                            rec.get(c_lon).unwrap_or("")
                        ),
                        "请填写 WGS-84 十进制度：纬度 −90…90，经度 −180…180",
                    )
                    .in_file(nodes_file)
                    .at_row(row)
                    .at_field("lat"),
                );
                continue;
            }
        };
        if ids.contains_key(&id) {
            issues.push(
                Issue::warning(
                    "W_ROAD_NODE_DUP",
                    format!("节点编号 {id} 重复"),
                    "已保留第一次出现的行；请删除重复行",
                )
                .in_file(nodes_file)
                .at_row(row)
                .at_field("id"),
            );
            continue;
        }
        let n = b.add_node(p).map_err(|e| RoadImportError::Syntax {
            file: nodes_file.to_string(),
            format: "CSV".into(),
            at: format!("第{row}行"),
            message: e.to_string(),
        })?;
        ids.insert(id, n);
    }

    let mut rd = reader(edges);
    let cols = columns(
        &mut rd,
        edges_file,
        &[
            &["u", "from", "source"],
            &["v", "to", "target"],
            &["length_m", "length", "长度"],
        ],
    )?;
    let (c_u, c_v) = (
        need(cols.first().copied().flatten(), edges_file, "u")?,
        need(cols.get(1).copied().flatten(), edges_file, "v")?,
    );
    let c_len = cols.get(2).copied().flatten();
    let speed = config.speed_kmh(RoadClass::MajorRoad);
    let mut items = 0;
    for (i, rec) in rd.records().enumerate() {
        items += 1;
        let row = i as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                issues.push(
                    Issue::error(
                        "E_ROAD_CSV_ROW",
                        format!("无法读取该行：{e}"),
                        "请检查引号和分隔符",
                    )
                    .in_file(edges_file)
                    .at_row(row),
                );
                continue;
            }
        };
        let row = rec.position().map_or(row, |p| p.line());
        let node = |c: usize| {
            rec.get(c)
                .and_then(|v| v.parse::<u64>().ok())
                .and_then(|id| ids.get(&id).copied())
        };
        let (Some(u), Some(v)) = (node(c_u), node(c_v)) else {
            let (field, text) = if node(c_u).is_none() {
                ("u", rec.get(c_u))
            } else {
                ("v", rec.get(c_v))
            };
            issues.push(
                Issue::error(
                    "E_ROAD_EDGE_NODE",
                    format!("边的端点「{}」不在节点文件中", text.unwrap_or("")),
                    "请确认节点文件包含该编号，或删除该边",
                )
                .in_file(edges_file)
                .at_row(row)
                .at_field(field),
            );
            continue;
        };
        if u == v {
            issues.push(
                Issue::warning("W_ROAD_EDGE_LOOP", "边的两端是同一节点", "已跳过该边")
                    .in_file(edges_file)
                    .at_row(row)
                    .at_field("v"),
            );
            continue;
        }
        let length_m = match c_len.and_then(|c| rec.get(c)).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => match t.parse::<f64>() {
                Ok(l) if l.is_finite() && (0.0..=1e7).contains(&l) => Some(l),
                _ => {
                    issues.push(
                        Issue::error(
                            "E_ROAD_EDGE_LENGTH",
                            format!("长度「{t}」无效"),
                            "请填写 0–10,000,000 之间的米数，或留空由程序按直线计算",
                        )
                        .in_file(edges_file)
                        .at_row(row)
                        .at_field("length_m"),
                    );
                    continue;
                }
            },
        };
        if let Err(e) = b.add_edge(EdgeSpec {
            from: u,
            to: v,
            via: &[],
            class: RoadClass::MajorRoad,
            speed_kmh: speed,
            oneway: Oneway::No,
            length_m,
            name: None,
        }) {
            issues.push(
                Issue::error("E_ROAD_EDGE_LENGTH", e.to_string(), "请检查该边")
                    .in_file(edges_file)
                    .at_row(row),
            );
        }
    }
    let report = RoadImportReport {
        file: format!("{nodes_file} + {edges_file}"),
        format: "CSV".into(),
        items,
        road_ways: 0,
        issues,
        ..Default::default()
    };
    finish(b.build(), report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_bad_ones() {
        let nodes = "\u{feff}lat,lon,id\n31.0,120.0,1\n31.0,120.01,2\nx,120.02,3\n31.0,120.03,2\n31.01,120.0,4\n";
        let edges = "u,v,length_m\n1,2,955.5\n2,4,\n1,9,10\n1,1,5\n2,4,-3\n";
        let r = read_csv_graph(
            nodes.as_bytes(),
            "n.csv",
            edges.as_bytes(),
            "e.csv",
            &RoadConfig::default(),
        )
        .unwrap();
        let codes: Vec<(&str, Option<u64>)> = r
            .report
            .issues
            .iter()
            .map(|i| (i.code.as_str(), i.row))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("E_ROAD_NODE_COORD", Some(4)),
                ("W_ROAD_NODE_DUP", Some(5)),
                ("E_ROAD_EDGE_NODE", Some(4)),
                ("W_ROAD_EDGE_LOOP", Some(5)),
                ("E_ROAD_EDGE_LENGTH", Some(6)),
            ]
        );
        assert_eq!((r.graph.node_count(), r.graph.edge_count()), (3, 2));
        assert_eq!(r.graph.edges()[0].length_dm, 9555);
        assert!(!r.graph.edges()[0].oneway);
        // measured (haversine) from node 2 (31.0, 120.01) to node 4 (31.01, 120.0): about 1,464.5 m
        let measured_m =
            crate::geodesy::haversine_m(LonLat::new(120.01, 31.0), LonLat::new(120.0, 31.01));
        assert_eq!(
            f64::from(r.graph.edges()[1].length_dm),
            (measured_m * 10.0).round()
        );
        assert!((1_460.0..1_470.0).contains(&measured_m));
        let err = read_csv_graph(
            b"id,lat\n",
            "n.csv",
            b"u,v\n",
            "e.csv",
            &RoadConfig::default(),
        );
        assert!(matches!(err, Err(RoadImportError::MissingColumn { .. })));
    }
}
