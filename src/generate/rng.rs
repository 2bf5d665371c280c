//! SplitMix64 and the draws the generator makes from it.

/// SplitMix64 (Steele, Lea & Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA
/// 2014; constants from Vigna's reference `splitmix64.c`). Tiny, fast, well-tested, and ours, so
/// the output never changes with a dependency upgrade.
#[derive(Debug, Clone)]
pub(super) struct SplitMix64 {
    pub(super) state: u64,
}

/// The golden-ratio increment of SplitMix64.
pub(super) const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective 64-bit mixer.
pub(super) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Chris Wellons' "lowbias32" integer hash: a bijection on `u32`, so distinct sender ids get
/// distinct profile-URL suffixes.
pub(super) fn lowbias32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846C_A68B);
    x ^ (x >> 16)
}

/// Independent random streams, so that adding a draw in one place never shifts another.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stream {
    Schedule = 1,
    Sender = 2,
    Invitation = 3,
    UrlKey = 4,
}

impl SplitMix64 {
    /// A stream for one purpose and one entity (e.g. sender 17, or sender 17 → recipient 2).
    pub(super) fn derive(seed: u64, stream: Stream, a: u64, b: u64) -> Self {
        let key = mix64(seed ^ mix64((stream as u64).wrapping_mul(GAMMA)));
        let key = mix64(key ^ a.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        SplitMix64 {
            state: mix64(key ^ b.wrapping_mul(0xA076_1D64_78BD_642F)),
        }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// Uniform in [0, 1) with 53 bits; only exact IEEE operations follow, so results are the
    /// same on every platform (no `ln`/`exp`, whose last bit may differ between libms).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (Lemire's multiply-shift; the bias is negligible for small n).
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index skewed towards the front, so early entries of a list are the popular ones
    /// (a few mass templates account for most mass-sent notes, as in real inboxes).
    pub(super) fn popular(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((u * u * n as f64) as usize).min(n - 1)
    }

    /// An index drawn with the given integer weights.
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut ticket = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if ticket < w {
                return i;
            }
            ticket -= w;
        }
        weights.len() - 1
    }

    /// A draw from a distribution given by its quantile table (cumulative probability, value),
    /// interpolated linearly: a heavy-tailed, log-normal-looking delay without transcendental
    /// functions.
    pub(super) fn quantile(&mut self, table: &[(f64, f64)]) -> f64 {
        let u = self.unit();
        for pair in table.windows(2) {
            let ((p0, v0), (p1, v1)) = (pair[0], pair[1]);
            if u <= p1 {
                return v0 + (v1 - v0) * (u - p0) / (p1 - p0);
            }
        }
        table[table.len() - 1].1
    }
}
