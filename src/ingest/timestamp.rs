//! Timestamps in every form the canonical format accepts (docs/inputs.md), to UTC instants.
//!
//! ISO 8601 dates and date-times (`T` or space, optional seconds and fraction, optional `Z` or
//! offset, optional trailing ` UTC`), LinkedIn's `M/D/YY, h:mm AM`, `DD Mon YYYY` and Excel's
//! `D-Mon-YY`. A timestamp without an offset is read in the given time zone.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// What a cell that fails to parse is told to look like.
pub const EXPECTED_FORMATS: &str =
    "expected e.g. 2026-10-09T16:25:00Z, 2026-10-09 16:25, 10/9/26, 4:25 PM, 09 Oct 2026 or 9-Oct-26";

/// Parses one timestamp cell; `None` when it matches no accepted form.
pub fn parse_timestamp(text: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let (text, zone) = cell(text, zone)?;
    // Quick ways first, for the forms a whole file is usually written in. Each takes only text
    // that no form tried before it in the slow way would read, and reads it the same.
    if let Some(naive) = parse_plain_iso(text) {
        return Some(resolve_local(naive, zone));
    }
    if text.contains('/') {
        if let Some(naive) = parse_linkedin_us(text) {
            return Some(resolve_local(naive, zone));
        }
    }
    parse_slowly(text, zone)
}

/// The cell's text, trimmed, and the zone it is read in: a trailing "UTC" is an offset like
/// "Z", the time is UTC whatever `zone` says. `None` for an empty cell.
fn cell(text: &str, zone: Tz) -> Option<(&str, Tz)> {
    let text = text.trim();
    let (text, zone) = match strip_suffix_ignore_case(text, " UTC") {
        Some(rest) => (rest.trim_end(), Tz::UTC),
        None => (text, zone),
    };
    (!text.is_empty()).then_some((text, zone))
}

/// Every accepted form, in order: an explicit offset, then every local form.
fn parse_slowly(text: &str, zone: Tz) -> Option<DateTime<Utc>> {
    if let Some(instant) = parse_with_offset(text) {
        return Some(instant);
    }
    Some(resolve_local(parse_naive(text)?, zone))
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM` or `HH:MM:SS`, all digits as
/// shown: what `parse_naive` reads them as, without trying every format. `None` for anything
/// else, a date or time that does not exist included (a leap second `:60` too): the slow way
/// then decides. Text of these shapes has no offset, so `parse_with_offset` reads none of it.
fn parse_plain_iso(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if !matches!(b.len(), 10 | 16 | 19) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    if b.len() == 10 {
        return Some(date.and_time(NaiveTime::MIN));
    }
    if !matches!(b[10], b'T' | b' ') || b[13] != b':' {
        return None;
    }
    let seconds = match b.len() {
        19 if b[16] == b':' => digits(17..19)?,
        19 => return None,
        _ => 0,
    };
    let time = NaiveTime::from_hms_opt(digits(11..13)?, digits(14..16)?, seconds)?;
    Some(date.and_time(time))
}

/// Parses a cell that holds only a date, in any accepted date form.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    // `%d` accepts one or two digits; `%b` takes English month abbreviations.
    const DATES: [&str; 4] = ["%Y-%m-%d", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y"];
    let text = text.trim();
    DATES
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let split = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(split) && text[split..].eq_ignore_ascii_case(suffix))
        .then(|| &text[..split])
}

/// ISO 8601 date-times carrying `Z` or a numeric offset.
fn parse_with_offset(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    // RFC 3339 needs seconds and a `T`; ISO 8601 as people write it does not.
    const FORMATS: [&str; 4] = [
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M%#z",
        "%Y-%m-%d %H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M:%S%.f%#z",
    ];
    let compact = text.replace(" +", "+").replace(" -", "-");
    let compact = match compact.strip_suffix('Z') {
        Some(rest) => format!("{rest}+00:00"),
        None => compact,
    };
    FORMATS.iter().find_map(|f| {
        DateTime::parse_from_str(&compact, f)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// Every accepted form without an offset.
fn parse_naive(text: &str) -> Option<NaiveDateTime> {
    const DATE_TIMES: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    if let Some(t) = DATE_TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    {
        return Some(t);
    }
    if let Some(t) = parse_linkedin_us(text) {
        return Some(t);
    }
    parse_date(text).map(|d| d.and_time(NaiveTime::MIN))
}

/// LinkedIn's `11/21/23, 3:32 PM` (month first, two-digit year, 12-hour clock).
fn parse_linkedin_us(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.split_once(',')?;
    let mut parts = date.trim().split('/');
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    // Two-digit years are this century: LinkedIn did not exist before 2003.
    let year = if year < 100 { 2000 + year } else { year };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = time.trim().to_ascii_uppercase();
    let time = NaiveTime::parse_from_str(&time, "%I:%M %p")
        .or_else(|_| NaiveTime::parse_from_str(&time, "%I:%M:%S %p"))
        .ok()?;
    Some(date.and_time(time))
}

/// Places a wall-clock time in a zone. In the autumn overlap the earlier instant is taken; a time
/// in the spring gap is moved forward by the gap, as clocks do.
pub fn resolve_local(naive: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        LocalResult::None => {
            let later = naive + chrono::Duration::hours(1);
            match zone.from_local_datetime(&later) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                // No zone has two gaps in a row; fall back to reading it as UTC.
                LocalResult::None => Utc.from_utc_datetime(&naive),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn every_listed_form_parses() {
        let cases = [
            ("2026-10-09T16:25:00Z", "2026-10-09T16:25:00Z"),
            ("2026-10-09T16:25Z", "2026-10-09T16:25:00Z"),
            ("2026-10-09T16:25:00.250Z", "2026-10-09T16:25:00.250Z"),
            ("2026-10-09 16:25", "2026-10-09T16:25:00Z"),
            ("2026-10-09 16:25:30", "2026-10-09T16:25:30Z"),
            ("2026-10-09T18:25:00+02:00", "2026-10-09T16:25:00Z"),
            ("2026-10-09 18:25+0200", "2026-10-09T16:25:00Z"),
            ("2026-10-09 16:25:00 UTC", "2026-10-09T16:25:00Z"),
            ("2026-10-09", "2026-10-09T00:00:00Z"),
            ("10/9/26, 4:25 PM", "2026-10-09T16:25:00Z"),
            ("1/8/18, 6:14 am", "2018-01-08T06:14:00Z"),
            ("12/31/23, 12:05 AM", "2023-12-31T00:05:00Z"),
            ("09 May 2021", "2021-05-09T00:00:00Z"),
            ("9 May 2021", "2021-05-09T00:00:00Z"),
            ("9-Sep-22", "2022-09-09T00:00:00Z"),
            ("  2026-10-09T16:25:00Z  ", "2026-10-09T16:25:00Z"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_timestamp(text, Tz::UTC), Some(utc(want)), "{text:?}");
        }
    }

    #[test]
    fn naive_times_are_read_in_the_given_zone() {
        let london: Tz = "Europe/London".parse().unwrap();
        // British Summer Time: UTC+1.
        assert_eq!(
            parse_timestamp("2026-07-01 09:00", london),
            Some(utc("2026-07-01T08:00:00Z"))
        );
        // An explicit offset, or a trailing UTC, wins over the zone.
        assert_eq!(
            parse_timestamp("2026-07-01 09:00:00 UTC", london),
            Some(utc("2026-07-01T09:00:00Z"))
        );
        assert_eq!(
            parse_timestamp("2026-07-01T09:00:00Z", london),
            Some(utc("2026-07-01T09:00:00Z"))
        );
    }

    #[test]
    fn a_trailing_utc_wins_over_the_zone() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        for text in ["2026-10-09 16:25:00 UTC", "2026-10-09 16:25 utc"] {
            assert_eq!(
                parse_timestamp(text, berlin),
                Some(utc("2026-10-09T16:25:00Z")),
                "{text}"
            );
        }
    }

    #[test]
    fn daylight_saving_gaps_and_overlaps_resolve() {
        let pacific: Tz = "America/Los_Angeles".parse().unwrap();
        // 2026-03-08 02:30 does not exist in Los Angeles; it becomes 03:30 PDT.
        assert_eq!(
            parse_timestamp("3/8/26, 2:30 AM", pacific),
            Some(utc("2026-03-08T10:30:00Z"))
        );
        // 2026-11-01 01:30 happens twice; the first (PDT) is taken.
        assert_eq!(
            parse_timestamp("11/1/26, 1:30 AM", pacific),
            Some(utc("2026-11-01T08:30:00Z"))
        );
    }

    /// `parse_timestamp` without its quick ways, as first written.
    fn without_quick_ways(text: &str, zone: Tz) -> Option<DateTime<Utc>> {
        let (text, zone) = cell(text, zone)?;
        parse_slowly(text, zone)
    }

    #[test]
    fn quick_ways_read_what_the_slow_way_does() {
        let zones: [Tz; 2] = [Tz::UTC, "America/Los_Angeles".parse().unwrap()];
        let dates = [
            "2026-10-09",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "2026-1-09",
            "2026/10/09",
            "２026-10-09",
        ];
        let times = [
            "",
            "T16:25",
            " 16:25",
            "T16:25:30",
            " 23:59:59",
            "T24:00",
            " 16:60",
            "T16:25:60",
            " 16:25:61",
            "T16:25:00Z",
            " 16:25:00.5",
            "T1:25",
            " 16:25 ",
            "x16:25",
            " 16-25",
            "T16:25:00+02:00",
            " 16:25 UTC",
            "t16:25",
            " 16:2a",
        ];
        let linkedin = [
            "10/9/26, 4:25 PM",
            "1/8/18, 6:14 am",
            "12/31/23, 12:05 AM",
            "13/1/26, 4:25 PM",
            "10/9/26 4:25 PM",
            "+10/9/26, 4:25 PM",
            "10/9/2026, 4:25:30 PM",
            "2/30/26, 1:00 AM",
            "3/8/26, 2:30 AM",
            "11/1/26, 1:30 AM",
            "10/9/26, 25:00 PM",
            "a/b/c, 1:00 AM",
            "1/2",
        ];
        let mut cases: Vec<String> = dates
            .iter()
            .flat_map(|d| times.iter().map(move |t| format!("{d}{t}")))
            .collect();
        cases.extend(linkedin.iter().map(|t| t.to_string()));
        for zone in zones {
            for text in &cases {
                assert_eq!(
                    parse_timestamp(text, zone),
                    without_quick_ways(text, zone),
                    "{text:?} in {zone}"
                );
            }
        }
    }

    #[test]
    fn nonsense_is_refused() {
        for text in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "13/1/26, 4:25 PM",
            "10/9/26 4:25 PM",
            "10/9/26, 25:00 PM",
            "2026-10-09T16:25:00+25:00",
        ] {
            assert_eq!(parse_timestamp(text, Tz::UTC), None, "{text:?}");
        }
    }
}
