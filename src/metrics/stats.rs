//! Small, pure statistics: proportions and their 95% intervals.
//!
//! Takes counts, gives rates and intervals. Never sees a DataFrame and never divides by zero:
//! an empty denominator gives `None`, which the writers print as an empty cell.

/// The two-sided 95% normal quantile used throughout (docs/metrics.md, Wilson intervals).
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

/// The share of a stacked total lying below each inner boundary between non-empty segments,
/// bottom first: `[3, 0, 5, 2]` gives 3 of 10 and 8 of 10 (the top boundary is always all).
pub fn shares_below(segments: &[u64]) -> Vec<Proportion> {
    let total = segments.iter().sum();
    let mut below = 0;
    let mut out: Vec<Proportion> = segments
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| {
            below += n;
            Proportion::new(below, total)
        })
        .collect();
    out.pop();
    out
}

/// Difference of two proportions `a − b` with its 95% interval and two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub diff: f64,
    /// Newcombe's hybrid score interval; `None` when either side has no trials.
    pub ci: Option<(f64, f64)>,
    /// Pooled two-proportion z-test; `None` when undefined (no trials, or a pooled rate of 0 or 1).
    pub p_value: Option<f64>,
}

/// Compares two proportions, or `None` when either has no trials.
pub fn difference(a: Proportion, b: Proportion) -> Option<Difference> {
    let (pa, pb) = (a.rate()?, b.rate()?);
    Some(Difference {
        diff: pa - pb,
        ci: newcombe_hybrid(a, b, Z95),
        p_value: pooled_z_test(a, b),
    })
}

/// Newcombe's hybrid score interval for `p_a − p_b` (Newcombe 1998, "Interval estimation for the
/// difference between independent proportions", Statistics in Medicine 17:873–890, method 10):
/// the Wilson intervals of each side combined as
/// `δ − √((p_a − l_a)² + (u_b − p_b)²)` to `δ + √((u_a − p_a)² + (p_b − l_b)²)`.
pub fn newcombe_hybrid(a: Proportion, b: Proportion, z: f64) -> Option<(f64, f64)> {
    let (pa, pb) = (a.rate()?, b.rate()?);
    let (la, ua) = wilson(a.successes, a.trials, z)?;
    let (lb, ub) = wilson(b.successes, b.trials, z)?;
    let d = pa - pb;
    let low = d - ((pa - la).powi(2) + (ub - pb).powi(2)).sqrt();
    let high = d + ((ua - pa).powi(2) + (pb - lb).powi(2)).sqrt();
    Some((low.max(-1.0), high.min(1.0)))
}

/// Two-sided p-value of the pooled two-proportion z-test.
pub fn pooled_z_test(a: Proportion, b: Proportion) -> Option<f64> {
    let (pa, pb) = (a.rate()?, b.rate()?);
    let (na, nb) = (a.trials as f64, b.trials as f64);
    let pooled = (a.successes + b.successes) as f64 / (na + nb);
    let se = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
    if se <= 0.0 || !se.is_finite() {
        return None;
    }
    let z = (pa - pb) / se;
    Some(erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0))
}

/// Complementary error function, with fractional error below 1.2e-7 everywhere: ample for
/// p-values printed with four decimals. Chebyshev fit from Press et al., Numerical Recipes in C,
/// 2nd ed., §6.2 (`erfcc`).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
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

    /// Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10.
    #[test]
    fn newcombe_hybrid_matches_the_published_examples() {
        let cases = [
            ((56, 70), (48, 80), 0.0524, 0.3339),
            ((9, 10), (3, 10), 0.1705, 0.8090),
            ((5, 56), (0, 29), -0.0381, 0.1926),
        ];
        for ((xa, na), (xb, nb), lo, hi) in cases {
            let (l, h) =
                newcombe_hybrid(Proportion::new(xa, na), Proportion::new(xb, nb), Z95).unwrap();
            assert!(
                close(l, lo) && close(h, hi),
                "{xa}/{na} − {xb}/{nb}: ({l:.4}, {h:.4})"
            );
        }
    }

    #[test]
    fn pooled_z_test_p_values() {
        // 56/70 vs 48/80: pooled p = 104/150, z = 2.6502, two-sided p = 0.00805.
        let p = pooled_z_test(Proportion::new(56, 70), Proportion::new(48, 80)).unwrap();
        assert!((p - 0.00805).abs() < 5e-5, "{p}");
        // Equal rates: z = 0, p = 1.
        let p = pooled_z_test(Proportion::new(5, 10), Proportion::new(10, 20)).unwrap();
        assert!((p - 1.0).abs() < 1e-6, "{p}");
        // Undefined when every trial on both sides failed, or a side is empty.
        assert_eq!(
            pooled_z_test(Proportion::new(0, 10), Proportion::new(0, 5)),
            None
        );
        assert_eq!(
            pooled_z_test(Proportion::new(0, 0), Proportion::new(1, 5)),
            None
        );
    }

    #[test]
    fn erfc_matches_reference_values() {
        // Abramowitz & Stegun, Table 7.1.
        for (x, want) in [
            (0.0, 1.0),
            (0.5, 0.479_500_1),
            (1.0, 0.157_299_2),
            (2.0, 0.004_677_7),
            (-1.0, 1.842_700_8),
        ] {
            assert!((erfc(x) - want).abs() < 1e-6, "erfc({x}) = {}", erfc(x));
        }
    }

    #[test]
    fn shares_below_skip_empty_segments_and_the_top() {
        let shares = shares_below(&[3, 0, 5, 2]);
        assert_eq!(shares, [Proportion::new(3, 10), Proportion::new(8, 10)]);
        assert!(shares_below(&[0, 7, 0]).is_empty());
        assert!(shares_below(&[]).is_empty());
    }
}
