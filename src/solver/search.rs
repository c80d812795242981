//! The anytime, resumable search: build with [`Search::new`], call [`Search::step`] with a
//! [`Budget`] as often as the caller likes (a Web Worker steps ~50 ms at a time and reports
//! progress between steps), read [`Search::best_solution`] at any moment.

use web_time::Instant;

use crate::error::Issue;

use super::config::{Budget, Control, HistoryPoint, Progress, SearchParams, SolverConfig};
use super::construction::initial_state;
use super::error::SolverError;
use super::instance::Instance;
use super::model::Problem;
use super::output::to_solution;
use super::rng::Rng;
use super::sisr::Sisr;
use super::solution::Solution;
use super::tsp::{self, TspEngine};
use super::validate::validate;

#[derive(Debug, Clone)]
enum Engine {
    Vrp(Box<Sisr>),
    Tsp(Box<TspEngine>),
}

/// A running search.
#[derive(Debug, Clone)]
pub struct Search {
    inst: Instance,
    engine: Engine,
    rng: Rng,
    time_limit_ms: Option<f64>,
    iteration_limit: Option<u64>,
    iterations: u64,
    elapsed_ms: f64,
    done: bool,
    history: Vec<HistoryPoint>,
}

impl Search {
    /// Validates `problem` and `config` (every issue at once) and builds the first solution.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use zouhang::model::{LonLat, StraightLine};
    /// use zouhang::solver::{Budget, Problem, Search, SolverConfig, Task, Vehicle};
    ///
    /// let pts = vec![LonLat::new(120.60, 31.30), LonLat::new(120.62, 31.31), LonLat::new(120.58, 31.29)];
    /// let problem = Problem::new(
    ///     Arc::new(StraightLine::new(pts, 30.0)),
    ///     vec![Task::visit(1), Task::visit(2)],
    ///     vec![Vehicle::new(0)],
    /// );
    /// let mut search = Search::new(&problem, &SolverConfig::with_iterations(100))?;
    /// while !search.step(Budget::Iterations(10)).done {}
    /// let solution = search.best_solution();
    /// assert_eq!(solution.routes.len(), 1);
    /// assert!(solution.unassigned.is_empty());
    /// # Ok::<(), zouhang::solver::SolverError>(())
    /// ```
    pub fn new(problem: &Problem, config: &SolverConfig) -> Result<Self, SolverError> {
        let mut issues = validate(problem);
        issues.extend(validate_config(config));
        if !issues.is_empty() {
            return Err(SolverError::Invalid { issues });
        }
        let t = Instant::now();
        let inst = Instance::new(problem);
        let mut rng = Rng::new(config.seed);
        let engine = if config.params.tsp_engine && tsp::applicable(problem, &inst) {
            Engine::Tsp(Box::new(TspEngine::new(&inst, config.seed)))
        } else {
            let start = initial_state(&inst, problem, &mut rng)
                .map_err(|issues| SolverError::Invalid { issues })?;
            Engine::Vrp(Box::new(Sisr::new(&inst, start, &config.params)))
        };
        let mut s = Search {
            inst,
            engine,
            rng,
            time_limit_ms: config.time_limit_ms.map(|ms| ms as f64),
            iteration_limit: config.iteration_limit,
            iterations: 0,
            elapsed_ms: t.elapsed().as_secs_f64() * 1e3,
            done: false,
            history: Vec::new(),
        };
        s.record();
        Ok(s)
    }

    /// True when the problem went to the dedicated TSP engine.
    pub fn is_tsp(&self) -> bool {
        matches!(self.engine, Engine::Tsp(_))
    }

    fn fraction(&self, elapsed_ms: f64) -> f64 {
        let by_time = self
            .time_limit_ms
            .map_or(0.0, |l| if l > 0.0 { elapsed_ms / l } else { 1.0 });
        let by_iter = self.iteration_limit.map_or(0.0, |l| {
            if l > 0 {
                self.iterations as f64 / l as f64
            } else {
                1.0
            }
        });
        by_time.max(by_iter)
    }

    fn record(&mut self) {
        let p = self.progress();
        self.history.push(HistoryPoint {
            iterations: p.iterations,
            elapsed_ms: p.elapsed_ms,
            best_cost: p.best_cost,
            unassigned: p.best_unassigned,
        });
    }

    /// Searches for about `budget`, or until the configured limit; returns the progress.
    pub fn step(&mut self, budget: Budget) -> Progress {
        if self.done {
            return self.progress();
        }
        let t = Instant::now();
        let base = self.elapsed_ms;
        let timed = self.time_limit_ms.is_some() || matches!(budget, Budget::Millis(_));
        let check_every: u64 = if matches!(self.engine, Engine::Tsp(_)) {
            16
        } else {
            1
        };
        let mut n: u64 = 0;
        let mut now = base;
        loop {
            let frac = self.fraction(now);
            if frac >= 1.0 {
                self.done = true;
                break;
            }
            let improved = match &mut self.engine {
                Engine::Vrp(s) => s.iterate(&self.inst, &mut self.rng, frac),
                Engine::Tsp(e) => e.iterate(),
            };
            self.iterations += 1;
            n += 1;
            if timed && (improved || n.is_multiple_of(check_every)) {
                now = base + t.elapsed().as_secs_f64() * 1e3;
            }
            if improved {
                self.elapsed_ms = now;
                self.record();
            }
            match budget {
                Budget::Iterations(k) if n >= k => break,
                Budget::Millis(ms) if now - base >= ms => break,
                _ => {}
            }
        }
        self.elapsed_ms = base + t.elapsed().as_secs_f64() * 1e3;
        self.progress()
    }

    /// Ends the search; the best solution stays available.
    pub fn cancel(&mut self) {
        self.done = true;
    }

    /// True when the limit was reached or the search was cancelled.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Where the search stands.
    pub fn progress(&self) -> Progress {
        let (best_cost, unassigned, required) = match &self.engine {
            Engine::Vrp(s) => (
                s.best.cost.scalar(),
                s.best.unassigned.len(),
                s.best.cost.unserved_required as usize,
            ),
            Engine::Tsp(e) => (e.best_cost(), 0, 0),
        };
        Progress {
            iterations: self.iterations,
            elapsed_ms: self.elapsed_ms,
            best_cost,
            best_unassigned: unassigned,
            best_unassigned_required: required,
            fraction: self.fraction(self.elapsed_ms).min(1.0),
            done: self.done,
        }
    }

    /// The best-cost-over-time curve: one point per improvement (and the start).
    pub fn history(&self) -> &[HistoryPoint] {
        &self.history
    }

    /// The best solution found so far.
    pub fn best_solution(&self) -> Solution {
        match &self.engine {
            Engine::Vrp(s) => to_solution(&self.inst, &s.best),
            Engine::Tsp(e) => to_solution(&self.inst, &e.best_state(&self.inst)),
        }
    }
}

/// Runs a search to its limit, calling `on_progress` about every 100 ms; stops early when it
/// returns [`Control::Stop`].
pub fn solve(
    problem: &Problem,
    config: &SolverConfig,
    on_progress: &mut dyn FnMut(&Progress) -> Control,
) -> Result<Solution, SolverError> {
    let mut search = Search::new(problem, config)?;
    loop {
        let p = search.step(Budget::Millis(100.0));
        if p.done || on_progress(&p) == Control::Stop {
            break;
        }
    }
    Ok(search.best_solution())
}

/// `E_CONFIG_LIMIT`: a time or an iteration limit; `E_CONFIG_PARAM`: parameters in range.
fn validate_config(c: &SolverConfig) -> Vec<Issue> {
    let mut out = Vec::new();
    if c.time_limit_ms.is_none() && c.iteration_limit.is_none() {
        out.push(
            Issue::error(
                "E_CONFIG_LIMIT",
                "没有给出时间上限或迭代次数上限",
                "请设置计算时间（毫秒）或迭代次数",
            )
            .at_field("options"),
        );
    }
    let p: &SearchParams = &c.params;
    let checks = [
        (
            "avg_removed",
            p.avg_removed >= 1.0 && p.avg_removed.is_finite(),
        ),
        (
            "max_string_len",
            p.max_string_len >= 1.0 && p.max_string_len.is_finite(),
        ),
        ("split_rate", (0.0..=1.0).contains(&p.split_rate)),
        ("split_depth", p.split_depth > 0.0 && p.split_depth <= 1.0),
        ("blink_rate", (0.0..1.0).contains(&p.blink_rate)),
        (
            "temperature",
            p.start_temperature.is_finite()
                && p.end_temperature > 0.0
                && p.start_temperature >= p.end_temperature,
        ),
    ];
    for (field, ok) in checks {
        if !ok {
            out.push(
                Issue::error(
                    "E_CONFIG_PARAM",
                    format!("搜索参数 {field} 超出范围"),
                    "请使用默认参数或合理取值",
                )
                .at_field(format!("params.{field}")),
            );
        }
    }
    out
}
