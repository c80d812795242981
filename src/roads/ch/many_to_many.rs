//! Bucket-based many-to-many matrices on a contraction hierarchy (Knopp, Sanders, Schultes,
//! Schulz & Wagner 2007, "Computing Many-to-Many Shortest Paths Using Highway Hierarchies",
//! ALENEX 2007; applied to CH as in Geisberger et al. 2008).
//!
//! 1. From every target, a complete upward *backward* search; each settled node `v` gets a
//!    bucket entry `(target, d(v → target))`. Buckets are then laid out by node (counting sort).
//! 2. From every source, a complete upward *forward* search; at each settled node `v` the
//!    entries of `v`'s bucket give candidates `d(source → v) + d(v → target)`; the smallest per
//!    target is the shortest path, because every shortest path has an up-down form meeting at
//!    its highest node.
//!
//! Both phases use stall-on-demand; stalled nodes neither store nor scan buckets.

use super::query::Side;
use super::ContractionHierarchy;
use crate::roads::endpoint::Seed;
use crate::roads::weight::{add, Weight, UNREACHABLE};

/// Row-major matrix of shortest-path weights from each source's seeds to each target's seeds
/// (node ids); [`UNREACHABLE`] where there is no path.
pub(crate) fn matrix(
    ch: &ContractionHierarchy,
    sources: &[Vec<Seed>],
    targets: &[Vec<Seed>],
) -> Vec<Weight> {
    let n = ch.node_count();
    let nt = targets.len();
    // phase 1: backward searches fill the buckets
    let mut side = Side::new(n, false);
    let mut raw: Vec<(u32, u32, Weight)> = Vec::new();
    for (j, seeds) in targets.iter().enumerate() {
        side.start(ch, seeds);
        while let Some((r, d, stalled)) = side.settle(ch) {
            if !stalled {
                raw.push((r, j as u32, d));
            }
        }
    }
    let mut first = vec![0u32; n + 1];
    for &(r, _, _) in &raw {
        if let Some(f) = first.get_mut(r as usize + 1) {
            *f += 1;
        }
    }
    for i in 1..first.len() {
        first[i] += first[i - 1];
    }
    let mut fill = first.clone();
    let mut bucket_target = vec![0u32; raw.len()];
    let mut bucket_dist = vec![0 as Weight; raw.len()];
    for &(r, j, d) in &raw {
        if let Some(slot) = fill.get_mut(r as usize) {
            let i = *slot as usize;
            if let (Some(t), Some(dd)) = (bucket_target.get_mut(i), bucket_dist.get_mut(i)) {
                *t = j;
                *dd = d;
            }
            *slot += 1;
        }
    }
    drop(raw);
    // phase 2: forward searches scan the buckets
    let mut out = vec![UNREACHABLE; sources.len() * nt];
    let mut side = Side::new(n, true);
    for (i, seeds) in sources.iter().enumerate() {
        let Some(row) = out.get_mut(i * nt..(i + 1) * nt) else {
            break;
        };
        side.start(ch, seeds);
        while let Some((r, d, stalled)) = side.settle(ch) {
            if stalled {
                continue;
            }
            let (a, b) = match (first.get(r as usize), first.get(r as usize + 1)) {
                (Some(&a), Some(&b)) => (a as usize, b as usize),
                _ => continue,
            };
            let (Some(ts), Some(ds)) = (bucket_target.get(a..b), bucket_dist.get(a..b)) else {
                continue;
            };
            for (&j, &dj) in ts.iter().zip(ds) {
                if let Some(cell) = row.get_mut(j as usize) {
                    let c = add(d, dj);
                    if c < *cell {
                        *cell = c;
                    }
                }
            }
        }
    }
    out
}
