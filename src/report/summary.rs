//! `summary.md`: the report a person reads. A pure renderer: facts in, Markdown out.
//!
//! Never names a sender or quotes a note: it sees only counts.

use std::fmt::Write;

use crate::ingest::InputFile;
use crate::metrics::stats::Proportion;
use crate::metrics::{Dimension, GroupMetrics};
use crate::model::{Personalisation, Reconciliation, SenderCategory};

/// Groups with fewer decided invitations than this get no rate in prose (SPEC §7 marks them).
pub const MIN_DECIDED: u64 = 5;

/// The facts the summary is written from.
pub struct Summary<'a> {
    /// "October 2026", or "all months".
    pub period_title: String,
    pub as_of: String,
    pub grace_days: u32,
    pub inputs: &'a [InputFile],
    pub counts: Reconciliation,
    /// Pending invitations of the period too young to count.
    pub young_pending: u64,
    /// Withdrawn invitations of the period.
    pub withdrawn: u64,
    pub metrics: &'a [GroupMetrics],
    /// Chart files, relative to the report folder, with a caption each.
    pub charts: Vec<(String, &'static str)>,
}

impl Summary<'_> {
    fn group(&self, dimension: Dimension, group: &str) -> Option<&GroupMetrics> {
        self.metrics
            .iter()
            .find(|m| m.dimension == dimension && m.group == group)
    }
}

/// Renders the whole report.
pub fn render_markdown(s: &Summary<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# LinkedIn invitations received — {}\n",
        s.period_title
    );
    data_section(&mut out, s);
    findings_section(&mut out, s);
    table_section(
        &mut out,
        s,
        Dimension::SenderCategory,
        "By sender category",
        |g| SenderCategory::parse(g).map_or(g.to_string(), |c| c.label().to_string()),
    );
    table_section(
        &mut out,
        s,
        Dimension::Personalisation,
        "By personalisation",
        |g| {
            Personalisation::ALL
                .into_iter()
                .find(|p| p.as_str() == g)
                .map_or(g.to_string(), |p| p.label().to_string())
        },
    );
    if !s.charts.is_empty() {
        out.push_str("## Charts\n\n");
        for (path, caption) in &s.charts {
            let _ = writeln!(out, "![{caption}]({path})\n");
        }
    }
    definitions_section(&mut out, s);
    out
}

fn data_section(out: &mut String, s: &Summary<'_>) {
    let c = s.counts;
    out.push_str("## Data\n\n");
    let _ = writeln!(out, "| input | rows | sha256 |\n|---|---:|---|");
    for input in s.inputs {
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}…` |",
            input.path.replace('|', "\\|"),
            input.rows,
            &input.sha256[..input.sha256.len().min(12)]
        );
    }
    let _ = writeln!(
        out,
        "\nRows read: **{}** = {} accepted + {} rejected + {} duplicates removed{}.",
        c.rows_read,
        c.rows_accepted,
        c.rows_rejected,
        c.duplicates_removed,
        if c.rows_rejected > 0 {
            " (every rejected row is listed with its file, line and reason in `rejects.csv`)"
        } else {
            ""
        }
    );
    if let Some(all) = s.group(Dimension::Overall, "all") {
        let _ = writeln!(
            out,
            "\n{} invitations arrived in {}; {} are decided and count in the rates. Not counted: \
             {} still pending and younger than {} days, and {} withdrawn by the sender. \
             Data are complete to {}.\n",
            all.invites,
            s.period_title,
            all.decided,
            s.young_pending,
            s.grace_days,
            s.withdrawn,
            s.as_of
        );
    }
}

fn findings_section(out: &mut String, s: &Summary<'_>) {
    out.push_str("## Findings\n\n");
    let Some(all) = s.group(Dimension::Overall, "all") else {
        return;
    };
    let _ = writeln!(
        out,
        "- **Acceptance:** {} of {} decided invitations were accepted: {}.",
        all.accepted,
        all.decided,
        rate_with_ci(all.acceptance())
    );
    let _ = writeln!(
        out,
        "- **Replies:** {} got a reply: {}.",
        all.responded,
        rate_with_ci(all.response())
    );
    let _ = writeln!(
        out,
        "- **Notes:** {} of {} invitations carried a note, {}; {} were personalised, {}.",
        all.with_note,
        all.invites,
        rate_with_ci(all.note()),
        all.personalised,
        rate_with_ci(all.personalised_share())
    );
    let consultants = s.group(Dimension::SenderCategory, "recruitment_consultant");
    let candidates = s.group(Dimension::SenderCategory, "candidate");
    if let (Some(a), Some(b)) = (consultants, candidates) {
        let _ = writeln!(
            out,
            "- **Consultants and candidates:** recruitment consultants attached a note to {} of \
             their invitations, candidates to {}; consultants were accepted at {}, candidates at {}.",
            rate_with_ci(a.note()),
            rate_with_ci(b.note()),
            rate_with_ci(a.acceptance()),
            rate_with_ci(b.acceptance())
        );
    }
    let personal = s.group(Dimension::Personalisation, "personalised");
    let none = s.group(Dimension::Personalisation, "none");
    if let (Some(a), Some(b)) = (personal, none) {
        let _ = writeln!(
            out,
            "- **Personal notes:** personalised invitations were accepted at {} and answered at {}; \
             invitations without a note at {} and {}.",
            rate_with_ci(a.acceptance()),
            rate_with_ci(a.response()),
            rate_with_ci(b.acceptance()),
            rate_with_ci(b.response())
        );
    }
    out.push_str(
        "\nIntervals are 95% Wilson score intervals. This version reports each group with its \
         interval and does not yet test differences between groups: where two intervals overlap, \
         read the gap as possibly noise.\n\n",
    );
}

fn table_section(
    out: &mut String,
    s: &Summary<'_>,
    dimension: Dimension,
    title: &str,
    label: impl Fn(&str) -> String,
) {
    let rows: Vec<&GroupMetrics> = s
        .metrics
        .iter()
        .filter(|m| m.dimension == dimension)
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title}\n");
    out.push_str("| group | invites | decided | acceptance (95% CI) | reply (95% CI) | with note | personalised | mean courtesy (0–4) |\n");
    out.push_str("|---|---:|---:|---|---|---:|---:|---:|\n");
    for m in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            label(&m.group),
            m.invites,
            m.decided,
            rate_with_ci(m.acceptance()),
            rate_with_ci(m.response()),
            percent_or_dash(m.note().rate()),
            percent_or_dash(m.personalised_share().rate()),
            m.mean_courtesy
                .map_or("–".to_string(), |v| format!("{v:.2}")),
        );
    }
    out.push('\n');
}

fn definitions_section(out: &mut String, s: &Summary<'_>) {
    let _ = write!(
        out,
        "## Definitions and caveats\n\n\
         - **Decided**: an invitation counts in the acceptance and reply rates unless it was \
         withdrawn, or is still pending and younger than {grace} days at the as-of time. Older \
         pending invitations count as not accepted: that is what an ignored invitation looks like.\n\
         - **Acceptance rate** = accepted ÷ decided; **reply rate** = replied ÷ decided (replies \
         to undecided invitations are not counted).\n\
         - **Sender category** comes from an explicit category column, else the sender's headline \
         and company, else the note's text; `unknown` means no evidence.\n\
         - **Personalisation**: *none* (no note), *LinkedIn default* (a canned text), *generic or \
         mass-sent* (could have gone to anyone, or shares a template with at least a few other \
         notes), *personalised* (refers to something specific about the recipient).\n\
         - **Courtesy** (0–4): one point each for introducing oneself, stating a reason, offering \
         value and signing off with a name; averaged over invitations with a note.\n\
         - Groups with fewer than {min} decided invitations are shown but their rates are too \
         uncertain to read; see the interval.\n\
         - Tags come from the rules in `data/rules.toml` and can be wrong on unusual \
         headlines or notes; `--emit-tagged` writes every tag with its reason for checking.\n\
         - This report shows counts only: it never names a sender or quotes a note.\n",
        grace = s.grace_days,
        min = MIN_DECIDED
    );
}

/// "34.2% (95% CI 30.1–38.5%)", or "–" when there is no denominator.
fn rate_with_ci(p: Proportion) -> String {
    match (p.rate(), p.wilson()) {
        (Some(rate), Some((lo, hi))) => {
            let small = if p.trials < MIN_DECIDED { ", n<5" } else { "" };
            format!(
                "{} (95% CI {:.1}–{:.1}%{small})",
                percent(rate),
                lo * 100.0,
                hi * 100.0
            )
        }
        _ => "–".to_string(),
    }
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

fn percent_or_dash(rate: Option<f64>) -> String {
    rate.map_or("–".to_string(), percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_percentages_with_intervals() {
        assert_eq!(
            rate_with_ci(Proportion::new(81, 263)),
            "30.8% (95% CI 25.5–36.6%)"
        );
        assert_eq!(rate_with_ci(Proportion::new(0, 0)), "–");
        assert!(rate_with_ci(Proportion::new(1, 3)).contains("n<5"));
    }
}
