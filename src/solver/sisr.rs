//! The general engine: ruin and recreate with simulated-annealing acceptance (SISR,
//! Christiaens & Vanden Berghe 2020, Transportation Science 54(2)), with local search on every
//! new best solution.
//!
//! Each iteration copies the current solution, removes strings of tasks around a random seed
//! ([`super::ruin`]), reinserts them and every other unassigned task with blinks
//! ([`super::recreate`]), and accepts the result by the annealing rule
//! `cost' < cost − T·ln U` (tiers first: fewer unserved required tasks, then more prize, always
//! win). The temperature falls geometrically from `T0` to `Tf` over the budget.

use std::cmp::Ordering;

use super::config::SearchParams;
use super::fmath;
use super::instance::Instance;
use super::local::local_search;
use super::recreate::{blink_insert, InsertionOrder};
use super::rng::Rng;
use super::ruin::{string_removal, StringParams};
use super::state::State;

/// Ruin-and-recreate state.
#[derive(Debug, Clone)]
pub(crate) struct Sisr {
    pub current: State,
    candidate: State,
    pub best: State,
    removed: Vec<u32>,
    strings: StringParams,
    blink: f64,
    t0: f64,
    ln_ratio: f64,
    local_search: bool,
    eps: f64,
}

impl Sisr {
    /// An engine starting from `start`.
    pub fn new(inst: &Instance, mut start: State, p: &SearchParams) -> Self {
        if p.local_search {
            local_search(inst, &mut start);
        }
        let edges = (start.served() + start.used_routes()).max(1) as f64;
        let scale = if start.cost.travel > 0.0 && start.cost.travel.is_finite() {
            start.cost.travel / edges
        } else {
            1.0
        };
        let t0 = (p.start_temperature * scale).max(1e-12);
        let tf = (p.end_temperature * scale).max(1e-12).min(t0);
        Sisr {
            candidate: start.clone(),
            best: start.clone(),
            current: start,
            removed: Vec::new(),
            strings: StringParams {
                avg_removed: p.avg_removed,
                max_len: p.max_string_len,
                split_rate: p.split_rate,
                split_depth: p.split_depth,
            },
            blink: p.blink_rate,
            t0,
            ln_ratio: fmath::ln(tf / t0),
            local_search: p.local_search,
            eps: 1e-9 * scale,
        }
    }

    /// One iteration at budget fraction `frac` (0–1); true when the best solution improved.
    pub fn iterate(&mut self, inst: &Instance, rng: &mut Rng, frac: f64) -> bool {
        let temperature = self.t0 * fmath::exp(frac.clamp(0.0, 1.0) * self.ln_ratio);
        self.candidate.copy_from(&self.current);
        self.removed.clear();
        self.removed.extend_from_slice(&self.current.unassigned);
        string_removal(
            inst,
            &mut self.candidate,
            &self.strings,
            rng,
            &mut self.removed,
        );
        let order = InsertionOrder::pick(rng);
        blink_insert(
            inst,
            &mut self.candidate,
            &mut self.removed,
            order,
            self.blink,
            rng,
        );
        let (c, cur) = (self.candidate.cost, self.current.cost);
        let accept = match c.tier_cmp(&cur) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => c.travel < cur.travel - temperature * fmath::ln(1.0 - rng.unit()),
        };
        if !accept {
            return false;
        }
        std::mem::swap(&mut self.current, &mut self.candidate);
        if self.current.cost.better_than(&self.best.cost, self.eps) {
            if self.local_search {
                local_search(inst, &mut self.current);
            }
            self.best.copy_from(&self.current);
            return true;
        }
        false
    }
}
