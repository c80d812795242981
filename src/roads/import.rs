//! Reading road graphs: format detection and the import report shared by every reader.
//!
//! | format | detected by | reader |
//! |---|---|---|
//! | OSM PBF (`.osm.pbf`) | a 4-byte length then `OSMHeader` | [`crate::roads::read_osm_pbf`] |
//! | OSM XML (`.osm`) | `<osm` near the start | [`crate::roads::read_osm_xml`] |
//! | Overpass JSON | a JSON object with `elements` | [`crate::roads::read_overpass_json`] |
//! | routrs JSON (optionally gzipped) | a JSON object with `nodes` | [`crate::roads::read_routrs`] |
//! | nodes/edges CSV pair | two files | [`crate::roads::read_csv_graph`] |

use serde::{Deserialize, Serialize};

use crate::error::Issue;
use crate::roads::class::RoadConfig;
use crate::roads::graph::RoadGraph;

/// What happened when a road file was read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RoadImportReport {
    /// File name as given.
    pub file: String,
    /// Detected format: `OSM PBF`, `OSM XML`, `Overpass JSON`, `routrs JSON`, `CSV`.
    pub format: String,
    /// Input items seen (OSM ways, CSV edge rows, routrs nodes).
    pub items: usize,
    /// Ways kept as roads (OSM).
    pub road_ways: usize,
    /// Nodes of the graph built.
    pub nodes: usize,
    /// Edges of the graph built.
    pub edges: usize,
    /// Corridor features kept.
    pub corridors: usize,
    /// Problems, each located, with a stable code.
    pub issues: Vec<Issue>,
}

/// A graph read from a file, with its report.
#[derive(Debug, Clone)]
pub struct RoadImport {
    /// The graph.
    pub graph: RoadGraph,
    /// What happened.
    pub report: RoadImportReport,
}

/// A file that could not be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RoadImportError {
    /// The format could not be recognised.
    #[error("{file}：无法识别的路网文件格式（支持 .osm.pbf、.osm、Overpass JSON、routrs JSON、节点/边 CSV）")]
    UnknownFormat {
        /// File name.
        file: String,
    },
    /// A CSV file lacks a required column.
    #[error("{file}：缺少列「{column}」：请确认表头（节点文件 id,lat,lon；边文件 u,v,length_m）")]
    MissingColumn {
        /// File name.
        file: String,
        /// The column.
        column: String,
    },
    /// The file is not valid in its format.
    #[error("{file}：{format} 格式错误（{at}）：{message}")]
    Syntax {
        /// File name.
        file: String,
        /// Format name.
        format: String,
        /// Where (line/column, byte offset or block).
        at: String,
        /// What the parser said.
        message: String,
    },
    /// Nothing usable was found.
    #[error("{file}：没有找到可行驶的道路：请确认文件包含 highway 道路，或放宽道路等级设置")]
    NoRoads {
        /// File name.
        file: String,
    },
    /// The input exceeds a size limit.
    #[error("{file}：数据过大（{size} 字节，上限 {limit} 字节）：请缩小范围")]
    TooLarge {
        /// File name.
        file: String,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
}

/// Reads a road file of any single-file format (not the CSV pair), detected from its bytes.
pub fn read_road_file(
    bytes: &[u8],
    file: &str,
    config: &RoadConfig,
) -> Result<RoadImport, RoadImportError> {
    match detect(bytes) {
        Some(Format::Pbf) => crate::roads::osm_pbf::read_osm_pbf(bytes, file, config),
        Some(Format::Xml) => crate::roads::osm_xml::read_osm_xml(bytes, file, config),
        Some(Format::Gzip) | Some(Format::Routrs) => {
            crate::roads::routrs::read_routrs(bytes, file, config)
        }
        Some(Format::Overpass) => crate::roads::overpass::read_overpass_json(bytes, file, config),
        None => Err(RoadImportError::UnknownFormat {
            file: file.to_string(),
        }),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Pbf,
    Xml,
    Gzip,
    Routrs,
    Overpass,
}

fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Format::Gzip);
    }
    if bytes.len() > 8
        && bytes
            .get(4..bytes.len().min(64))
            .is_some_and(|h| contains(h, b"OSMHeader"))
    {
        return Some(Format::Pbf);
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(&[]);
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        return Some(Format::Xml);
    }
    if t.starts_with('{') {
        // Overpass puts "elements" after "version", "generator", "osm3s"; routrs has "nodes"
        if let (Some(e), n) = (t.find("\"elements\""), t.find("\"nodes\"")) {
            if n.is_none_or(|n| e < n) {
                return Some(Format::Overpass);
            }
        }
        if t.contains("\"nodes\"") {
            return Some(Format::Routrs);
        }
        return Some(Format::Overpass);
    }
    None
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Fails when no road was found.
pub(crate) fn finish(
    graph: RoadGraph,
    mut report: RoadImportReport,
) -> Result<RoadImport, RoadImportError> {
    report.nodes = graph.node_count();
    report.edges = graph.edge_count();
    report.corridors = graph.corridors.len();
    if graph.edge_count() == 0 {
        return Err(RoadImportError::NoRoads { file: report.file });
    }
    Ok(RoadImport { graph, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised() {
        assert_eq!(detect(b"\x1f\x8b\x08"), Some(Format::Gzip));
        assert_eq!(
            detect(b"\x00\x00\x00\x0d\x0a\x09OSMHeader\x18"),
            Some(Format::Pbf)
        );
        assert_eq!(
            detect(b"\xef\xbb\xbf<?xml version='1.0'?><osm>"),
            Some(Format::Xml)
        );
        assert_eq!(
            detect(br#"{"version":0.6,"generator":"Overpass API","elements":[]}"#),
            Some(Format::Overpass)
        );
        assert_eq!(
            detect(br#"{"geograph":"highways","nodes":[]}"#),
            Some(Format::Routrs)
        );
        assert_eq!(detect(b"id,lat,lon"), None);
    }
}
