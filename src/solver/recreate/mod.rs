//! Recreate operators: put removed and unassigned tasks back into routes.

mod blink;

pub(crate) use blink::{blink_insert, InsertionOrder};
