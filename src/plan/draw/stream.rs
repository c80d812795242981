//! The draw's random stream: SHA-256 in counter mode, keyed by the published seed text and the
//! two register fingerprints, one independent stream per label (a stratum, or the inspectors).
//!
//! Block `i` of the stream labelled `L` is
//!
//! ```text
//! SHA-256( "zouhang-draw/1" ‖ 0x00 ‖ u32be(len S) ‖ S ‖ E ‖ I ‖ u32be(len L) ‖ L ‖ u64be(i) )
//! ```
//!
//! where `S` is the normalised seed text and `L` the label as UTF-8 bytes, `E` and `I` the 32
//! raw bytes of the enterprise and inspector register fingerprints, and `i = 0, 1, 2, …`. The
//! stream's `i`-th word is the first 8 bytes of block `i` read as a big-endian `u64`. A uniform
//! integer below `n` is drawn by rejection (no modulo bias): words `x ≥ 2⁶⁴ − (2⁶⁴ mod n)` are
//! skipped, the first other word gives `x mod n`.
//!
//! SHA-256 is specified in FIPS 180-4; with it, anyone holding the seed and the registers can
//! recompute every word, and nobody can steer a word without changing the seed or a register.

use sha2::{Digest, Sha256};

/// The version of the draw algorithm (stream, canonical forms, strata, teams); part of every
/// result and audit record.
pub const ALGORITHM_VERSION: &str = "zouhang-draw/1";

/// The characters trimmed from both ends of a seed text: TAB, LF, CR, space, the ideographic
/// space U+3000 and the BOM U+FEFF (what copying a seed from a page or a file tends to add).
pub const SEED_TRIM: &[char] = &['\t', '\n', '\r', ' ', '\u{3000}', '\u{feff}'];

/// The seed text as the draw uses it: trimmed of [`SEED_TRIM`] characters at both ends,
/// otherwise unchanged (case, inner spaces and full-width characters count).
///
/// ```
/// use zouhang::plan::draw::normalise_seed;
/// assert_eq!(normalise_seed("\u{feff} 2026Q3 苏州 \r\n"), "2026Q3 苏州");
/// ```
pub fn normalise_seed(text: &str) -> String {
    text.trim_matches(SEED_TRIM).to_string()
}

/// 32 bytes from 64 hex digits (anything else reads as zeros; fingerprints made by this crate are
/// always valid).
pub(crate) fn hex32(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let digits: Vec<u8> = hex
        .bytes()
        .map(|b| match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => 0,
        })
        .collect();
    for (o, pair) in out.iter_mut().zip(digits.chunks(2)) {
        if let [hi, lo] = pair {
            *o = (hi << 4) | lo;
        }
    }
    out
}

/// One labelled random stream (see the module docs).
#[derive(Debug, Clone)]
pub struct DrawStream {
    prefix: Vec<u8>,
    counter: u64,
}

impl DrawStream {
    /// The stream `label` for a seed (already normalised) and the two register fingerprints
    /// (hex SHA-256 of the canonical forms).
    ///
    /// ```
    /// use zouhang::plan::draw::DrawStream;
    /// let z = "0".repeat(64);
    /// let mut a = DrawStream::new("seed", &z, &z, "inspectors");
    /// let mut b = DrawStream::new("seed", &z, &z, "inspectors");
    /// assert_eq!(a.next_word(), b.next_word());
    /// assert!(a.below(10) < 10);
    /// ```
    pub fn new(seed: &str, enterprises_sha256: &str, inspectors_sha256: &str, label: &str) -> Self {
        let mut prefix = Vec::with_capacity(100 + seed.len() + label.len());
        prefix.extend_from_slice(ALGORITHM_VERSION.as_bytes());
        prefix.push(0);
        prefix.extend_from_slice(&(seed.len() as u32).to_be_bytes());
        prefix.extend_from_slice(seed.as_bytes());
        prefix.extend_from_slice(&hex32(enterprises_sha256));
        prefix.extend_from_slice(&hex32(inspectors_sha256));
        prefix.extend_from_slice(&(label.len() as u32).to_be_bytes());
        prefix.extend_from_slice(label.as_bytes());
        DrawStream { prefix, counter: 0 }
    }

    /// The next 64-bit word.
    pub fn next_word(&mut self) -> u64 {
        let mut h = Sha256::new();
        h.update(&self.prefix);
        h.update(self.counter.to_be_bytes());
        self.counter += 1;
        let block = h.finalize();
        let mut word = [0u8; 8];
        word.copy_from_slice(&block[..8]);
        u64::from_be_bytes(word)
    }

    /// A uniform integer in `0..n` by rejection sampling; 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // 2^64 mod n, computed without 128-bit arithmetic
        let rem = (u64::MAX % n + 1) % n;
        loop {
            let x = self.next_word();
            if rem == 0 || x <= u64::MAX - rem {
                return x % n;
            }
        }
    }

    /// Words drawn so far (the next block's counter).
    pub fn words_drawn(&self) -> u64 {
        self.counter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let h = crate::plan::draw::sha256_hex(b"abc");
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let raw = hex32(&h);
        assert_eq!(raw[0], 0xba);
        assert_eq!(raw[31], 0xad);
    }

    #[test]
    fn first_word_matches_the_documented_construction() {
        let e = "11".repeat(32);
        let i = "22".repeat(32);
        let mut s = DrawStream::new("种子", &e, &i, "inspectors");
        let mut msg = b"zouhang-draw/1\0".to_vec();
        msg.extend_from_slice(&6u32.to_be_bytes());
        msg.extend_from_slice("种子".as_bytes());
        msg.extend_from_slice(&[0x11; 32]);
        msg.extend_from_slice(&[0x22; 32]);
        msg.extend_from_slice(&10u32.to_be_bytes());
        msg.extend_from_slice(b"inspectors");
        msg.extend_from_slice(&0u64.to_be_bytes());
        let block = Sha256::digest(&msg);
        let want = u64::from_be_bytes(block[..8].try_into().unwrap());
        assert_eq!(s.next_word(), want);
        assert_eq!(s.words_drawn(), 1);
    }

    #[test]
    fn below_is_in_range_and_labels_are_independent() {
        let z = "0".repeat(64);
        let mut a = DrawStream::new("s", &z, &z, "a");
        let mut b = DrawStream::new("s", &z, &z, "b");
        assert_ne!(a.clone().next_word(), b.next_word());
        for n in [1u64, 2, 3, 7, 1 << 63, u64::MAX] {
            assert!(a.below(n) < n);
        }
        assert_eq!(a.below(1), 0);
        assert_eq!(a.below(0), 0);
    }
}
