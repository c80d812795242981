//! `u32` newtype ids, so that nothing depends on `usize` being 64-bit (wasm32 is 32-bit).

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into a `Vec`.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of a site (station, source, fire, stop) in its layer.
    SiteId
);
id_type!(
    /// Index of a node in a road graph.
    NodeId
);
