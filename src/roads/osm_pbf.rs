//! OSM PBF (`.osm.pbf`, the format of Geofabrik and BBBike extracts), read with the `osmpbf`
//! crate (pure Rust, zlib by `miniz_oxide`, so it runs in wasm) from bytes in memory.
//!
//! Two passes keep memory proportional to the roads, not to the extract: the first collects
//! the wanted ways and remembers which nodes they use; the second keeps only those nodes
//! (and tagged aerodrome nodes).

use std::collections::HashSet;
use std::io::Cursor;

use osmpbf::{Element, ElementReader};

use crate::roads::class::RoadConfig;
use crate::roads::import::{RoadImport, RoadImportError};
use crate::roads::osm::{kept_tags, way_wanted, OsmCollector};

fn syntax(file: &str, e: osmpbf::Error) -> RoadImportError {
    RoadImportError::Syntax {
        file: file.to_string(),
        format: "OSM PBF".into(),
        at: "数据块".into(),
        message: e.to_string(),
    }
}

/// Reads an OSM PBF file.
pub fn read_osm_pbf(
    bytes: &[u8],
    file: &str,
    config: &RoadConfig,
) -> Result<RoadImport, RoadImportError> {
    let mut c = OsmCollector::new(config, file, "OSM PBF");
    let mut needed: HashSet<i64> = HashSet::new();
    ElementReader::new(Cursor::new(bytes))
        .for_each(|el| {
            if let Element::Way(w) = el {
                let tags = kept_tags(w.tags());
                if way_wanted(&tags) {
                    let refs: Vec<i64> = w.refs().collect();
                    needed.extend(refs.iter().copied());
                    c.way(w.id(), refs, tags);
                } else {
                    c.items += 1;
                }
            }
        })
        .map_err(|e| syntax(file, e))?;
    ElementReader::new(Cursor::new(bytes))
        .for_each(|el| match el {
            Element::Node(n) => {
                let aerodrome = n.tags().any(|(k, v)| k == "aeroway" && v == "aerodrome");
                if aerodrome || needed.contains(&n.id()) {
                    c.node(n.id(), n.lon(), n.lat(), n.tags());
                }
            }
            Element::DenseNode(n) => {
                let aerodrome = n.tags().any(|(k, v)| k == "aeroway" && v == "aerodrome");
                if aerodrome || needed.contains(&n.id()) {
                    c.node(n.id(), n.lon(), n.lat(), n.tags());
                }
            }
            _ => {}
        })
        .map_err(|e| syntax(file, e))?;
    c.finish()
}
