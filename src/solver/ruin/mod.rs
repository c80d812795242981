//! Ruin operators: remove tasks from routes so that recreate can place them better.

mod strings;

pub(crate) use strings::{string_removal, StringParams};
