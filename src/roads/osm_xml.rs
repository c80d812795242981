//! OSM XML (`.osm`, the format of the OSM API, JOSM and Overpass `[out:xml]`), read with
//! `quick-xml` as a stream of `<node>`, `<way>`, `<nd>` and `<tag>` elements.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::roads::class::RoadConfig;
use crate::roads::import::{RoadImport, RoadImportError};
use crate::roads::osm::{kept_tags, OsmCollector};

enum Current {
    None,
    Node {
        id: i64,
        lon: f64,
        lat: f64,
        tags: Vec<(String, String)>,
    },
    Way {
        id: i64,
        refs: Vec<i64>,
        tags: Vec<(String, String)>,
    },
}

fn attrs(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .filter_map(|a| {
            let k = std::str::from_utf8(a.key.as_ref()).ok()?.to_string();
            let v = a.unescape_value().ok()?.into_owned();
            Some((k, v))
        })
        .collect()
}

fn get<'a>(a: &'a [(String, String)], key: &str) -> Option<&'a str> {
    a.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Reads OSM XML.
pub fn read_osm_xml(
    bytes: &[u8],
    file: &str,
    config: &RoadConfig,
) -> Result<RoadImport, RoadImportError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut c = OsmCollector::new(config, file, "OSM XML");
    let mut cur = Current::None;
    let mut buf = Vec::new();
    let mut saw_osm = false;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| RoadImportError::Syntax {
                file: file.to_string(),
                format: "OSM XML".into(),
                at: format!("字节 {}", reader.error_position()),
                message: e.to_string(),
            })?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.local_name().as_ref() {
                b"osm" => saw_osm = true,
                b"node" => {
                    let a = attrs(e);
                    let id = get(&a, "id").and_then(|v| v.parse().ok());
                    let lat = get(&a, "lat").and_then(|v| v.parse().ok());
                    let lon = get(&a, "lon").and_then(|v| v.parse().ok());
                    if let (Some(id), Some(lat), Some(lon)) = (id, lat, lon) {
                        if empty {
                            c.node(id, lon, lat, []);
                        } else {
                            cur = Current::Node {
                                id,
                                lon,
                                lat,
                                tags: Vec::new(),
                            };
                        }
                    }
                }
                b"way" => {
                    let a = attrs(e);
                    if let Some(id) = get(&a, "id").and_then(|v| v.parse().ok()) {
                        if empty {
                            c.way(id, Vec::new(), Vec::new());
                        } else {
                            cur = Current::Way {
                                id,
                                refs: Vec::new(),
                                tags: Vec::new(),
                            };
                        }
                    }
                }
                b"nd" => {
                    if let Current::Way { refs, .. } = &mut cur {
                        if let Some(r) = get(&attrs(e), "ref").and_then(|v| v.parse().ok()) {
                            refs.push(r);
                        }
                    }
                }
                b"tag" => {
                    let a = attrs(e);
                    if let (Some(k), Some(v)) = (get(&a, "k"), get(&a, "v")) {
                        match &mut cur {
                            Current::Node { tags, .. } | Current::Way { tags, .. } => {
                                tags.push((k.to_string(), v.to_string()));
                            }
                            Current::None => {}
                        }
                    }
                }
                _ => {}
            }
        }
        match ev {
            Event::End(e) => match e.local_name().as_ref() {
                b"node" | b"way" => match std::mem::replace(&mut cur, Current::None) {
                    Current::Node { id, lon, lat, tags } => {
                        c.node(
                            id,
                            lon,
                            lat,
                            tags.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                        );
                    }
                    Current::Way { id, refs, tags } => {
                        let kept = kept_tags(tags.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                        c.way(id, refs, kept);
                    }
                    Current::None => {}
                },
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_osm {
        return Err(RoadImportError::Syntax {
            file: file.to_string(),
            format: "OSM XML".into(),
            at: "根元素".into(),
            message: "不是 OSM XML（没有 <osm> 元素）".into(),
        });
    }
    c.finish()
}
