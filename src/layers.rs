//! The map layers a session works on: stations, pollution sources and fire detections, each
//! kept with its R-tree.
//!
//! A layer is rebuilt (bulk-loaded) whenever items are added or replaced; layers are small
//! enough (≤ a few hundred thousand points) for that to take milliseconds. Importing a bad file
//! never clears a layer: only the good rows are added.

use crate::model::{FireDetection, LonLat, Source, Station};
use crate::spatial::PointIndex;

/// Anything with a WGS-84 position.
pub trait Located {
    /// The position.
    fn location(&self) -> LonLat;
}

impl Located for Station {
    fn location(&self) -> LonLat {
        self.location
    }
}

impl Located for Source {
    fn location(&self) -> LonLat {
        self.location
    }
}

impl Located for FireDetection {
    fn location(&self) -> LonLat {
        self.location
    }
}

/// Items and their spatial index.
#[derive(Debug, Clone)]
pub struct Layer<T> {
    items: Vec<T>,
    index: PointIndex,
}

impl<T> Default for Layer<T> {
    fn default() -> Self {
        Layer {
            items: Vec::new(),
            index: PointIndex::default(),
        }
    }
}

impl<T: Located> Layer<T> {
    /// A layer over `items`.
    pub fn new(items: Vec<T>) -> Self {
        let index = PointIndex::build(items.iter().map(Located::location).collect());
        Layer { items, index }
    }

    /// The items, in load order; [`crate::spatial::Hit::index`] indexes into this slice.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The spatial index.
    pub fn index(&self) -> &PointIndex {
        &self.index
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds items and rebuilds the index.
    pub fn extend(&mut self, more: Vec<T>) {
        if more.is_empty() {
            return;
        }
        let mut items = std::mem::take(&mut self.items);
        items.extend(more);
        *self = Layer::new(items);
    }

    /// Replaces all items and rebuilds the index.
    pub fn replace(&mut self, items: Vec<T>) {
        *self = Layer::new(items);
    }

    /// Keeps the items for which `keep` is true and rebuilds the index.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        let mut items = std::mem::take(&mut self.items);
        items.retain(keep);
        *self = Layer::new(items);
    }
}

/// All point layers of a session.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// National control stations.
    pub stations: Layer<Station>,
    /// Enterprises, sites and power plants.
    pub sources: Layer<Source>,
    /// Fire detections.
    pub fires: Layer<FireDetection>,
}

impl Layers {
    /// The station with this code (case-insensitive), if loaded.
    pub fn station(&self, code: &str) -> Option<&Station> {
        let code = code.trim();
        self.stations
            .items()
            .iter()
            .find(|s| s.code.eq_ignore_ascii_case(code))
    }
}
