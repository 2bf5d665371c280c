//! CSV renderers: data in, bytes out. Writing them to disk is `report::write_folder`'s job.
//!
//! Every text cell passes through `safe_cell`, so a name or note that starts with `=` cannot
//! run as a formula in a spreadsheet (docs/outputs.md, Common rules).

use chrono::{DateTime, SecondsFormat, Utc};

use crate::metrics::stats::Proportion;
use crate::metrics::{CompanyRow, Comparison, GroupMetrics, TrendRow};
use crate::model::{Reject, TaggedInvitation};

/// Header of `metrics.csv` (columns described in docs/outputs.md).
pub const METRICS_HEADER: [&str; 19] = [
    "dimension",
    "group",
    "invites",
    "decided",
    "accepted",
    "acceptance_rate",
    "acceptance_ci_low",
    "acceptance_ci_high",
    "responded",
    "response_rate",
    "response_ci_low",
    "response_ci_high",
    "with_note",
    "note_rate",
    "personalised",
    "personalised_rate",
    "mean_courtesy",
    "median_hours_to_accept",
    "median_hours_to_reply",
];

/// Header of `tagged.csv` and of `invitescope tag` (docs/outputs.md): the invitation, its tags
/// and their reasons, then `responded`, since an input may say "replied" without
/// a time, and `courtesy_reason`, the phrases behind the courtesy flags.
pub const TAGGED_HEADER: [&str; 29] = [
    "invite_id",
    "source",
    "line",
    "received_at",
    "recipient",
    "sender_name",
    "sender_profile_url",
    "sender_headline",
    "sender_company",
    "status",
    "accepted_at",
    "responded_at",
    "decided",
    "sender_category",
    "category_reason",
    "personalisation",
    "personalisation_reason",
    "courtesy_score",
    "introduces_self",
    "states_reason",
    "offers_value",
    "signs_off",
    "addresses_recipient",
    "note_chars",
    "template_id",
    "template_size",
    "message",
    "responded",
    "courtesy_reason",
];

/// Header of `comparisons.csv` (columns described in docs/outputs.md).
pub const COMPARISONS_HEADER: [&str; 14] = [
    "comparison",
    "metric",
    "group_a",
    "group_b",
    "successes_a",
    "trials_a",
    "rate_a",
    "successes_b",
    "trials_b",
    "rate_b",
    "diff",
    "diff_ci_low",
    "diff_ci_high",
    "p_value",
];

/// Header of `trend.csv` (columns described in docs/outputs.md).
pub const TREND_HEADER: [&str; 10] = [
    "month",
    "sender_category",
    "invites",
    "decided",
    "accepted",
    "acceptance_rate",
    "responded",
    "response_rate",
    "note_rate",
    "personalised_rate",
];

/// Header of `companies.csv` (columns described in docs/outputs.md).
pub const COMPANIES_HEADER: [&str; 7] = [
    "sender_company",
    "invites",
    "with_note",
    "note_rate",
    "personalised_rate",
    "acceptance_rate",
    "main_category",
];

/// `metrics.csv`: one row per group, in the order given.
pub fn metrics_csv(rows: &[GroupMetrics]) -> Vec<u8> {
    render(
        &METRICS_HEADER,
        rows.iter().map(|m| {
            let c = &m.counts;
            let (acceptance, acceptance_ci) = rate_cells(c.acceptance());
            let (response, response_ci) = rate_cells(c.response());
            vec![
                m.dimension.as_str().to_string(),
                safe_cell(&m.group),
                c.invites.to_string(),
                c.decided.to_string(),
                c.accepted.to_string(),
                acceptance,
                acceptance_ci.0,
                acceptance_ci.1,
                c.responded.to_string(),
                response,
                response_ci.0,
                response_ci.1,
                c.with_note.to_string(),
                decimal(c.note().rate()),
                c.personalised.to_string(),
                decimal(c.personalised_share().rate()),
                decimal(m.mean_courtesy),
                decimal(m.median_hours_to_accept),
                decimal(m.median_hours_to_reply),
            ]
        }),
    )
}

/// `comparisons.csv`: `a − b` with Newcombe's interval and the pooled z-test's p-value.
pub fn comparisons_csv(rows: &[Comparison]) -> Vec<u8> {
    render(
        &COMPARISONS_HEADER,
        rows.iter().map(|c| {
            let d = c.difference();
            vec![
                c.comparison.clone(),
                c.metric.as_str().to_string(),
                safe_cell(&c.group_a),
                safe_cell(&c.group_b),
                c.a.successes.to_string(),
                c.a.trials.to_string(),
                decimal(c.a.rate()),
                c.b.successes.to_string(),
                c.b.trials.to_string(),
                decimal(c.b.rate()),
                decimal(d.map(|d| d.diff)),
                decimal(d.and_then(|d| d.ci).map(|ci| ci.0)),
                decimal(d.and_then(|d| d.ci).map(|ci| ci.1)),
                decimal(d.and_then(|d| d.p_value)),
            ]
        }),
    )
}

/// `trend.csv`: one row per month and category (and `all`).
pub fn trend_csv(rows: &[TrendRow]) -> Vec<u8> {
    render(
        &TREND_HEADER,
        rows.iter().map(|t| {
            let c = &t.counts;
            vec![
                t.month.to_string(),
                t.sender_category.clone(),
                c.invites.to_string(),
                c.decided.to_string(),
                c.accepted.to_string(),
                decimal(c.acceptance().rate()),
                c.responded.to_string(),
                decimal(c.response().rate()),
                decimal(c.note().rate()),
                decimal(c.personalised_share().rate()),
            ]
        }),
    )
}

/// `companies.csv`: the companies that sent most invitations.
pub fn companies_csv(rows: &[CompanyRow]) -> Vec<u8> {
    render(
        &COMPANIES_HEADER,
        rows.iter().map(|r| {
            let c = &r.counts;
            vec![
                safe_cell(&r.sender_company),
                c.invites.to_string(),
                c.with_note.to_string(),
                decimal(c.note().rate()),
                decimal(c.personalised_share().rate()),
                decimal(c.acceptance().rate()),
                r.main_category.as_str().to_string(),
            ]
        }),
    )
}

/// `rejects.csv`: `source,line,reason,record` for every rejected row.
pub fn rejects_csv(rejects: &[Reject]) -> Vec<u8> {
    render(
        &["source", "line", "reason", "record"],
        rejects.iter().map(|r| {
            vec![
                safe_cell(&r.source),
                r.line.to_string(),
                safe_cell(&r.reason),
                safe_cell(&r.record),
            ]
        }),
    )
}

/// `tagged.csv`: every invitation with its tags, in the columns of `TAGGED_HEADER`.
pub fn tagged_csv(rows: &[TaggedInvitation]) -> Vec<u8> {
    render(
        &TAGGED_HEADER,
        rows.iter().map(|t| {
            let i = &t.invitation;
            let g = &t.tags;
            let c = &g.courtesy;
            vec![
                safe_cell(&i.invite_id),
                safe_cell(&i.source),
                i.line.to_string(),
                timestamp(Some(i.received_at)),
                safe_cell(&i.recipient),
                safe_cell(&i.sender_name),
                safe_cell(&i.sender_profile_url),
                safe_cell(&i.sender_headline),
                safe_cell(&i.sender_company),
                i.status.as_str().to_string(),
                timestamp(i.accepted_at),
                timestamp(i.responded_at),
                t.decided.to_string(),
                g.sender_category.as_str().to_string(),
                safe_cell(&g.category_reason),
                g.personalisation.as_str().to_string(),
                safe_cell(&g.personalisation_reason),
                c.score().to_string(),
                c.introduces_self.to_string(),
                c.states_reason.to_string(),
                c.offers_value.to_string(),
                c.signs_off.to_string(),
                c.addresses_recipient.to_string(),
                g.note_chars.to_string(),
                g.template_id.as_deref().unwrap_or_default().to_string(),
                g.template_size.to_string(),
                safe_cell(&i.message),
                i.responded.to_string(),
                safe_cell(&g.courtesy_reason),
            ]
        }),
    )
}

fn render(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail, and every row has the header's width by construction.
    let write = |w: &mut csv::Writer<Vec<u8>>, row: &[String]| {
        w.write_record(row)
            .unwrap_or_else(|e| unreachable!("writing CSV to memory: {e}"))
    };
    write(
        &mut writer,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    for row in rows {
        debug_assert_eq!(row.len(), header.len());
        write(&mut writer, &row);
    }
    writer
        .into_inner()
        .unwrap_or_else(|e| unreachable!("flushing CSV to memory: {e}"))
}

/// A rate and its 95% Wilson interval as three cells; empty when there are no trials.
fn rate_cells(p: Proportion) -> (String, (String, String)) {
    let ci = p.wilson();
    (
        decimal(p.rate()),
        (decimal(ci.map(|c| c.0)), decimal(ci.map(|c| c.1))),
    )
}

/// Four decimals, or an empty cell for a value that does not exist.
pub fn decimal(value: Option<f64>) -> String {
    match value {
        // `+ 0.0` turns a negative zero into zero so that "-0.0000" never appears.
        Some(v) if v.is_finite() => format!("{:.4}", v + 0.0),
        _ => String::new(),
    }
}

/// RFC 3339 in UTC with seconds (`2026-10-09T16:25:00Z`), or empty.
pub fn timestamp(value: Option<DateTime<Utc>>) -> String {
    value.map_or_else(String::new, |t| {
        t.to_rfc3339_opts(SecondsFormat::Secs, true)
    })
}

/// Prefixes `'` to text a spreadsheet would run as a formula.
pub fn safe_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Counts, Dimension};

    #[test]
    fn formula_like_cells_are_defused() {
        for text in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(safe_cell(text), format!("'{text}"));
        }
        assert_eq!(safe_cell("Ann"), "Ann");
    }

    #[test]
    fn empty_denominators_give_empty_cells() {
        let row = GroupMetrics {
            dimension: Dimension::Overall,
            group: "all".into(),
            counts: Counts {
                invites: 2,
                with_note: 1,
                ..Counts::default()
            },
            mean_courtesy: Some(2.0),
            median_hours_to_accept: None,
            median_hours_to_reply: None,
        };
        let text = String::from_utf8(metrics_csv(&[row])).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, "overall,all,2,0,0,,,,0,,,,1,0.5000,0,0.0000,2.0000,,");
    }

    #[test]
    fn decimals_have_four_places_and_no_negative_zero() {
        assert_eq!(decimal(Some(1.0 / 3.0)), "0.3333");
        assert_eq!(decimal(Some(-0.0)), "0.0000");
        assert_eq!(decimal(Some(f64::NAN)), "");
        assert_eq!(decimal(None), "");
    }
}
