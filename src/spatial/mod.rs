//! Spatial indexes over the map layers.
//!
//! Every point layer (stations, sources, fires) is bulk-loaded into an `rstar` R-tree
//! ([`PointIndex`]). Queries take and return metres: distances are great-circle distances on
//! the 6,371,008.8 m sphere (see [`crate::geodesy`]); corridor queries use the
//! point-to-segment distance of [`crate::geodesy::point_segment_m`].
//!
//! The tree stores plain longitude/latitude; a query turns its radius into a degree envelope
//! that contains the whole circle (widened for the longitude shrink at the envelope's
//! poleward edge), asks the tree for that envelope and keeps the candidates whose exact
//! distance is within the radius. Results are exact, as the tests check against a linear scan.

mod point_index;

pub use point_index::{Hit, PointIndex};
