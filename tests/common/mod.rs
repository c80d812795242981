//! Fixtures and helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

/// Path of a file under the crate root.
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// True under CI (`CI` set to anything but `0`/`false`; `.ci/run` sets `CI=1`): a check whose
/// input is missing must then fail instead of passing without checking anything.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Skips a check whose input is missing on a developer's machine (with a note), and fails it
/// under CI ([`in_ci`]), where every input must be there.
pub fn missing_input(what: &str) {
    assert!(
        !in_ci(),
        "{what} is missing, and CI=1 forbids skipping: install it or put ../shared beside the repo"
    );
    eprintln!("note: {what} not found; this check is skipped");
}

/// A file of `../shared` (the reference data beside the project), or `None` with a note when it
/// is not there on a developer's machine; under CI a missing file fails the test ([`in_ci`]).
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.is_file() {
        Some(p)
    } else {
        missing_input(&p.display().to_string());
        None
    }
}

/// Seeded mutations of seed inputs, for no-panic tests of the parsers: byte flips, insertions
/// of interesting bytes, deletions, truncations and splices of two seeds.
pub struct Mutator {
    rng: Pcg64,
    seeds: Vec<Vec<u8>>,
}

const INTERESTING: &[&[u8]] = &[
    b",",
    b"\n",
    b"\r\n",
    b"\"",
    b"\t",
    b";",
    b"#",
    b"-",
    b".",
    b"e308",
    b"NaN",
    b"inf",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc4\xcf",
    b"\x00",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\"type\":\"Feature\"",
    b"9999999999999999999",
    b"\xe5\xba\xa6",
    b"\xe2\x80\xb2",
];

impl Mutator {
    /// A mutator over seed inputs.
    pub fn new(seed: u64, seeds: Vec<Vec<u8>>) -> Self {
        Mutator {
            rng: Pcg64::seed_from_u64(seed),
            seeds,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.rng.next_u64() % n as u64) as usize
        }
    }

    /// The next mutated input.
    pub fn next_input(&mut self) -> Vec<u8> {
        let i = self.below(self.seeds.len());
        let mut v = self.seeds.get(i).cloned().unwrap_or_default();
        let rounds = 1 + self.below(8);
        for _ in 0..rounds {
            match self.below(6) {
                0 if !v.is_empty() => {
                    let p = self.below(v.len());
                    v[p] = self.rng.next_u32() as u8;
                }
                1 => {
                    let p = self.below(v.len() + 1);
                    let ins = INTERESTING[self.below(INTERESTING.len())];
                    v.splice(p..p, ins.iter().copied());
                }
                2 if !v.is_empty() => {
                    let p = self.below(v.len());
                    let n = 1 + self.below(16).min(v.len() - p - 1);
                    v.drain(p..(p + n).min(v.len()));
                }
                3 => {
                    let n = self.below(v.len() + 1);
                    v.truncate(n);
                }
                4 => {
                    let j = self.below(self.seeds.len());
                    let other = self.seeds.get(j).cloned().unwrap_or_default();
                    let a = self.below(v.len() + 1);
                    let b = self.below(other.len() + 1);
                    v.truncate(a);
                    v.extend_from_slice(&other[b..]);
                }
                _ => {
                    let p = self.below(v.len() + 1);
                    let n = self.below(8);
                    let bytes: Vec<u8> = (0..n).map(|_| self.rng.next_u32() as u8).collect();
                    v.splice(p..p, bytes);
                }
            }
        }
        v
    }
}
