//! The CARPLIB, Cordeau PVRP and PCARP readers on arbitrary text: an error or an instance, never
//! a panic; a read instance also builds its expanded periodic problem without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::formats::{carp, cordeau, pcarp};
use zouhang::solver::periodic::{PeriodicProblem, PeriodicSearch};
use zouhang::solver::{Search, SolverConfig};

fn periodic(p: &PeriodicProblem) {
    if p.base.tasks.len() <= 30 && p.days <= 8 {
        if let Ok(mut s) = PeriodicSearch::new(p, &SolverConfig::with_iterations(5)) {
            s.step(zouhang::solver::Budget::Iterations(5));
            let _ = zouhang::solver::periodic::check_periodic(p, &s.best_solution());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(inst) = carp::read(&text) {
        if inst.problem.tasks.len() <= 30 {
            if let Ok(mut s) = Search::new(&inst.problem, &SolverConfig::with_iterations(5)) {
                s.step(zouhang::solver::Budget::Iterations(5));
            }
        }
    }
    if let Ok(inst) = cordeau::read(&text) {
        periodic(&inst.problem);
    }
    if let Ok(inst) = pcarp::read(&text) {
        periodic(&inst.problem);
    }
});
