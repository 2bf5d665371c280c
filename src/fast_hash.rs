//! A fast, deterministic hasher for hash maps keyed by short strings.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (as in rustc): phrase sets and the deduplication index hash short keys millions of
/// times, where SipHash's protection against crafted collisions costs more than the lookup.
/// The inputs are the user's own exports, not an adversary's.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.hash = (self.hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
        for &b in chunks.remainder() {
            self.hash = (self.hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(SEED);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, depending only on the low
        // bits of the input; a finaliser (SplitMix64's) spreads every bit over all of them.
        let mut z = self.hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// `HashMap`/`HashSet` state that hashes with `FxHasher`.
pub type FastHash = BuildHasherDefault<FxHasher>;
