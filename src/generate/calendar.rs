//! The window of months, and how many invitations arrive on which day and minute.

use super::*;

/// The calendar months covered, as Unix seconds; `end` is exclusive (first instant after).
pub(super) struct Window {
    pub(super) month_starts: Vec<NaiveDate>,
    pub(super) end: i64,
}

impl Window {
    pub(super) fn new(options: &GenerateOptions) -> io::Result<Window> {
        let invalid = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
        if !(1..=12).contains(&options.end_month) {
            return Err(invalid(format!(
                "end_month must be 1-12, not {}",
                options.end_month
            )));
        }
        if options.months == 0 {
            return Err(invalid("months must be at least 1".into()));
        }
        let last = i64::from(options.end_year) * 12 + i64::from(options.end_month) - 1;
        let first = last - i64::from(options.months) + 1;
        let month_start = |index: i64| {
            i32::try_from(index.div_euclid(12))
                .ok()
                .and_then(|year| NaiveDate::from_ymd_opt(year, index.rem_euclid(12) as u32 + 1, 1))
                .ok_or_else(|| {
                    invalid(format!(
                        "the window ending {}-{:02} is out of range",
                        options.end_year, options.end_month
                    ))
                })
        };
        let month_starts = (first..=last)
            .map(month_start)
            .collect::<io::Result<Vec<_>>>()?;
        let end = month_start(last + 1)?
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists");
        Ok(Window {
            month_starts,
            end: end.and_utc().timestamp(),
        })
    }
}

/// Relative invitation volume by calendar month: busy January and September, quiet August and
/// December, as agency desks see it.
pub(super) const SEASON: [f64; 12] = [
    1.15, 1.05, 1.05, 0.95, 1.0, 0.95, 0.9, 0.8, 1.1, 1.05, 1.0, 0.7,
];

/// Relative volume by weekday, Monday first: people network at work.
pub(super) const WEEKDAY: [f64; 7] = [1.1, 1.15, 1.1, 1.05, 0.85, 0.3, 0.35];

/// Relative volume by local hour on weekdays: office hours, a lunch dip, some evening scrolling.
pub(super) const WORKDAY_HOURS: [u32; 24] = [
    4, 2, 1, 1, 1, 2, 6, 20, 55, 80, 85, 75, 60, 65, 75, 70, 62, 50, 38, 30, 26, 20, 14, 8,
];

/// Relative volume by local hour at weekends: later and flatter.
pub(super) const WEEKEND_HOURS: [u32; 24] = [
    6, 3, 2, 1, 1, 1, 2, 5, 12, 20, 28, 32, 32, 30, 28, 26, 24, 24, 26, 30, 34, 30, 20, 10,
];

/// Month weights: mild growth over the window, seasonality, and a little noise.
pub(super) fn month_weights(window: &Window, rng: &mut SplitMix64) -> Vec<f64> {
    window
        .month_starts
        .iter()
        .enumerate()
        .map(|(i, start)| {
            let growth = 1.0 + 0.025 * i as f64;
            growth * SEASON[start.month0() as usize] * (0.92 + 0.16 * rng.unit())
        })
        .collect()
}

pub(super) fn month_days(first_day: NaiveDate) -> Vec<NaiveDate> {
    first_day
        .iter_days()
        .take_while(|d| d.month() == first_day.month())
        .collect()
}

/// Day weight: weekday pattern, quiet bank holidays around Christmas, and day-to-day noise.
pub(super) fn day_weight(day: NaiveDate, rng: &mut SplitMix64) -> f64 {
    let holiday = matches!((day.month(), day.day()), (12, 24..=26) | (12, 31) | (1, 1));
    let base = WEEKDAY[day.weekday().num_days_from_monday() as usize];
    base * if holiday { 0.3 } else { 1.0 } * (0.75 + 0.5 * rng.unit())
}

/// Splits `total` by `weights` with the largest-remainder method: exact total, deterministic
/// (ties go to the earlier entry).
pub(super) fn split_by_weight(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let shares: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (shares[a] - shares[a].floor(), shares[b] - shares[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let missing = total - counts.iter().sum::<u64>();
    for &i in order.iter().cycle().take(missing as usize) {
        counts[i] += 1;
    }
    counts
}

/// Whether London is on summer time (BST) on this date: from the last Sunday of March to the
/// last Sunday of October. The team works London hours, timestamps are UTC.
pub(super) fn london_offset_hours(day: NaiveDate) -> usize {
    let last_sunday = |month: u32| {
        let last =
            NaiveDate::from_ymd_opt(day.year(), month, 31).expect("March and October have 31 days");
        last - chrono::Days::new(u64::from(last.weekday().num_days_from_sunday()))
    };
    usize::from(day >= last_sunday(3) && day < last_sunday(10))
}

/// Fills `minutes` with `count` sorted minutes of the UTC day, shaped by London working hours.
/// Drawing by UTC hour (weighted by the local hour it falls in) keeps every day's rows inside
/// that UTC day, so rows stay sorted across days and inside the window.
pub(super) fn day_minutes(
    day: NaiveDate,
    count: u64,
    rng: &mut SplitMix64,
    minutes: &mut Vec<u16>,
) {
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    let profile = if weekend {
        &WEEKEND_HOURS
    } else {
        &WORKDAY_HOURS
    };
    let offset = london_offset_hours(day);
    let weights: [u32; 24] = std::array::from_fn(|utc_hour| profile[(utc_hour + offset) % 24]);
    minutes.clear();
    minutes.extend((0..count).map(|_| (rng.weighted(&weights) * 60 + rng.below(60)) as u16));
    minutes.sort_unstable();
}
