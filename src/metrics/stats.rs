//! Small, pure statistics: proportions and their 95% intervals.
//!
//! Takes counts, gives rates and intervals. Never sees a DataFrame and never divides by zero:
//! an empty denominator gives `None`, which the writers print as an empty cell.

/// The two-sided 95% normal quantile used throughout (SPEC §6).
pub const Z95: f64 = 1.959964;

/// A count of successes out of trials, carried to the end so rates are computed last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Proportion {
    pub successes: u64,
    pub trials: u64,
}

impl Proportion {
    pub fn new(successes: u64, trials: u64) -> Proportion {
        debug_assert!(successes <= trials, "{successes} successes out of {trials}");
        Proportion { successes, trials }
    }

    /// The observed rate, or `None` when there are no trials.
    pub fn rate(&self) -> Option<f64> {
        (self.trials > 0).then(|| self.successes as f64 / self.trials as f64)
    }

    /// The 95% Wilson score interval, or `None` when there are no trials.
    pub fn wilson(&self) -> Option<(f64, f64)> {
        wilson(self.successes, self.trials, Z95)
    }
}

/// Wilson score interval for `x` successes in `n` trials.
///
/// Wilson (1927); formula as in Newcombe (1998), "Two-sided confidence intervals for the single
/// proportion", Statistics in Medicine 17:857–872, method 3. Bounds are clamped to [0, 1]
/// against rounding.
pub fn wilson(x: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let p = x as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Mean of the values, or `None` for none.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Median (mean of the middle two for an even count), or `None` for none. Sorts in place.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    /// Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (Wilson score).
    #[test]
    fn wilson_matches_newcombe_1998_table_i() {
        let cases = [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ];
        for (x, n, lo, hi) in cases {
            let (l, h) = wilson(x, n, Z95).unwrap();
            assert!(
                close(l, lo) && close(h, hi),
                "{x}/{n}: got ({l:.4}, {h:.4})"
            );
        }
    }

    #[test]
    fn empty_denominator_has_no_rate_or_interval() {
        let p = Proportion::new(0, 0);
        assert_eq!(p.rate(), None);
        assert_eq!(p.wilson(), None);
    }

    #[test]
    fn interval_contains_rate_and_stays_in_unit_range() {
        for n in 1..40u64 {
            for x in 0..=n {
                let p = Proportion::new(x, n);
                let (lo, hi) = p.wilson().unwrap();
                let r = p.rate().unwrap();
                assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
                assert!(lo <= r + 1e-12 && r <= hi + 1e-12, "{x}/{n}");
            }
        }
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(mean(&[1.0, 2.0]), Some(1.5));
    }
}
