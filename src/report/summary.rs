//! `summary.md`: the report a person reads. A pure renderer: facts in, Markdown out.
//!
//! Every claim of a difference goes through `verdict`, which says "significant" only when the
//! two-proportion test and Newcombe's interval both support it. Never names a sender or quotes a
//! note: it sees only counts and company names.

use std::fmt::Write;

use crate::ingest::InputFile;
use crate::metrics::stats::{Difference, Proportion};
use crate::metrics::{Comparison, Dimension, GroupMetrics, Metric, Tables, MIN_DECIDED};
use crate::model::{Personalisation, Reconciliation, SenderCategory};

/// Significance level of every statement about a difference.
const ALPHA: f64 = 0.05;

/// The facts the summary is written from.
pub struct Summary<'a> {
    /// "October 2026", or "all months".
    pub period_title: String,
    pub as_of: String,
    pub grace_days: u32,
    pub inputs: &'a [InputFile],
    pub counts: Reconciliation,
    /// Invitations that arrived after the as-of instant and were left out.
    pub after_as_of: u64,
    /// Where outcomes came from, one sentence per point (LinkedIn exports; empty otherwise).
    pub sources: &'a [String],
    pub tables: &'a Tables,
    /// Chart files, relative to the report folder, with a caption each.
    pub charts: Vec<(String, &'static str)>,
}

impl Summary<'_> {
    fn group(&self, dimension: Dimension, group: &str) -> Option<&GroupMetrics> {
        self.tables
            .groups
            .iter()
            .find(|m| m.dimension == dimension && m.group == group)
    }

    fn comparison(&self, name: &str, metric: Metric) -> Option<&Comparison> {
        self.tables
            .comparisons
            .iter()
            .find(|c| c.comparison == name && c.metric == metric)
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
    group_table(&mut out, s, Dimension::SenderCategory, "By sender category");
    group_table(
        &mut out,
        s,
        Dimension::Personalisation,
        "By personalisation",
    );
    comparisons_table(&mut out, s);
    trend_table(&mut out, s);
    companies_table(&mut out, s);
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
    out.push_str("| input | rows | sha256 |\n|---|---:|---|\n");
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
    if s.after_as_of > 0 {
        let _ = writeln!(
            out,
            "\n{} invitations arrived after the as-of instant ({}) and are left out; acceptances \
             and replies after it are treated as not yet happened.",
            s.after_as_of, s.as_of
        );
    }
    if let Some(all) = s.group(Dimension::Overall, "all") {
        let _ = writeln!(
            out,
            "\n{} invitations arrived in {}; {} are decided and count in the rates. Not counted: \
             {} still pending and younger than {} days, and {} withdrawn by the sender. \
             Data are complete to {}.\n",
            all.counts.invites,
            s.period_title,
            all.counts.decided,
            s.tables.young_pending,
            s.grace_days,
            s.tables.withdrawn,
            s.as_of
        );
    }
    linkedin_caveats(out, s);
}

/// Where a LinkedIn export's outcomes came from and what it cannot tell (SPEC §4).
fn linkedin_caveats(out: &mut String, s: &Summary<'_>) {
    if !s.inputs.iter().any(|i| i.format.starts_with("linkedin")) {
        return;
    }
    out.push_str("**LinkedIn data export.** Where the outcomes come from:\n\n");
    for note in s.sources {
        let _ = writeln!(out, "- {note}");
    }
    let outgoing: u64 = s.inputs.iter().filter_map(|i| i.outgoing_skipped).sum();
    let unknown = s
        .group(Dimension::SenderCategory, SenderCategory::Unknown.as_str())
        .map_or(0, |m| m.counts.invites);
    let all = s
        .group(Dimension::Overall, "all")
        .map_or(0, |m| m.counts.invites);
    let share = if all > 0 {
        percent(unknown as f64 / all as f64)
    } else {
        "–".to_string()
    };
    let _ = writeln!(
        out,
        "\nCaveats of the export:\n\n\
         - It has no status column: an invitation still pending and one ignored look the same. \
         Both count as not accepted once older than the grace period.\n\
         - Invitations.csv keeps accepted invitations for only about the last 6–8 months, while \
         older pending ones stay: acceptance in months before that window is understated, so read \
         the trend's early months with care.\n\
         - It carries no headline, and Connections' position and company are not used as evidence \
         (only accepted senders have them, which would make every categorised sender look \
         accepted): {unknown} of {all} invitations ({share}) have sender category `unknown`.\n\
         - {outgoing} invitations the owner sent (OUTGOING) were skipped.\n"
    );
}

fn findings_section(out: &mut String, s: &Summary<'_>) {
    out.push_str("## Findings\n\n");
    let Some(all) = s.group(Dimension::Overall, "all") else {
        return;
    };
    let c = &all.counts;
    let (acceptance, response) = (c.acceptance(), c.response());
    let _ = writeln!(
        out,
        "- **Acceptance:** {}; {}.",
        outcome_phrase(acceptance, c.acceptance_unknown, "were accepted"),
        outcome_phrase(response, c.reply_unknown, "got a reply"),
    );
    let _ = writeln!(
        out,
        "- **Notes:** {} of {} invitations carried a note, {}; {} were personalised, {}.",
        c.with_note,
        c.invites,
        rate_with_ci(c.note()),
        c.personalised,
        rate_with_ci(c.personalised_share())
    );
    let consultants = "recruitment_consultant_vs_candidate";
    if let Some(cmp) = s.comparison(consultants, Metric::NoteRate) {
        let _ = writeln!(
            out,
            "- **Notes from consultants and candidates:** recruitment consultants attached a note \
             to {} of their invitations, candidates to {}; {}.",
            rate_with_ci(cmp.a),
            short_rate(cmp.b),
            verdict(cmp)
        );
    }
    if let Some(cmp) = s.comparison(consultants, Metric::AcceptanceRate) {
        let _ = writeln!(
            out,
            "- **Acceptance of consultants and candidates:** {} of consultants' decided \
             invitations were accepted, {} of candidates'; {}.",
            rate_with_ci(cmp.a),
            short_rate(cmp.b),
            verdict(cmp)
        );
    }
    for (metric, noun) in [
        (Metric::AcceptanceRate, "accepted"),
        (Metric::ResponseRate, "answered"),
    ] {
        if let Some(cmp) = s.comparison("personalised_vs_none", metric) {
            let _ = writeln!(
                out,
                "- **Personal notes ({noun}):** personalised invitations were {noun} at {}, \
                 invitations without a note at {}; {}.",
                rate_with_ci(cmp.a),
                short_rate(cmp.b),
                verdict(cmp)
            );
        }
    }
    for category in [
        SenderCategory::RecruitmentConsultant,
        SenderCategory::Candidate,
    ] {
        let name = format!("personalised_vs_none_within_{category}");
        if let Some(cmp) = s.comparison(&name, Metric::AcceptanceRate) {
            let _ = writeln!(
                out,
                "- **Within {}s:** a personalised note was accepted at {}, no note at {}; {}.",
                category.label().to_lowercase(),
                rate_with_ci(cmp.a),
                short_rate(cmp.b),
                verdict(cmp)
            );
        }
    }
    if let Some(top) = s.tables.companies.first() {
        let _ = writeln!(
            out,
            "- **Busiest sender:** {} sent the most invitations ({}, mostly {}), {} of them with a note.",
            top.sender_company.replace('|', "\\|"),
            top.counts.invites,
            top.main_category.label().to_lowercase(),
            percent_or_dash(top.counts.note().rate())
        );
    }
    let _ = writeln!(
        out,
        "\nIntervals are 95% Wilson score intervals; differences are tested with a two-sided \
         two-proportion z-test and Newcombe's interval, and called significant only when p < {ALPHA} \
         and the interval excludes zero.\n"
    );
}

/// "12 of 40 decided invitations were accepted, 30.0% (…)", or why it cannot be said: an
/// outcome no input could tell is unknown, not zero.
fn outcome_phrase(p: Proportion, unknown: u64, verb: &str) -> String {
    let of = if unknown > 0 {
        format!(" (of those whose outcome is known; {unknown} unknown)")
    } else {
        String::new()
    };
    if p.trials == 0 && unknown > 0 {
        return format!("whether invitations {verb} is unknown for this data");
    }
    format!(
        "{} of {} decided invitations {verb}{of}, {}",
        p.successes,
        p.trials,
        rate_with_ci(p)
    )
}

/// What may be said of a difference, at the 5% level, in words.
fn verdict(cmp: &Comparison) -> String {
    if cmp.a.trials < MIN_DECIDED || cmp.b.trials < MIN_DECIDED {
        return "too few invitations to compare".to_string();
    }
    match cmp.difference() {
        Some(Difference {
            p_value: Some(p),
            ci: Some((low, high)),
            ..
        }) => {
            let excludes_zero = low > 0.0 || high < 0.0;
            if p < ALPHA && excludes_zero {
                format!(
                    "the gap of {:+.1} points (95% CI {:+.1} to {:+.1}) is statistically significant, {}",
                    (cmp.a.rate().unwrap_or(0.0) - cmp.b.rate().unwrap_or(0.0)) * 100.0,
                    low * 100.0,
                    high * 100.0,
                    p_text(p)
                )
            } else if p >= ALPHA && !excludes_zero {
                format!(
                    "the difference is not statistically significant ({}) and may be noise",
                    p_text(p)
                )
            } else {
                format!(
                    "the evidence is borderline ({}; the interval and the test disagree)",
                    p_text(p)
                )
            }
        }
        _ => "the difference cannot be tested (no variation on either side)".to_string(),
    }
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

fn group_table(out: &mut String, s: &Summary<'_>, dimension: Dimension, title: &str) {
    let rows: Vec<&GroupMetrics> = s
        .tables
        .groups
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
        let c = &m.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            group_label(&m.group),
            c.invites,
            c.decided,
            rate_with_ci(c.acceptance()),
            rate_with_ci(c.response()),
            percent_or_dash(c.note().rate()),
            percent_or_dash(c.personalised_share().rate()),
            m.mean_courtesy
                .map_or("–".to_string(), |v| format!("{v:.2}")),
        );
    }
    out.push('\n');
}

fn comparisons_table(out: &mut String, s: &Summary<'_>) {
    if s.tables.comparisons.is_empty() {
        return;
    }
    out.push_str("## Comparisons\n\n");
    out.push_str("| comparison | metric | a | b | a − b (95% CI) | p |\n");
    out.push_str("|---|---|---|---|---|---:|\n");
    for c in &s.tables.comparisons {
        let d = c.difference();
        let diff = match d {
            Some(Difference {
                diff,
                ci: Some((low, high)),
                ..
            }) => format!(
                "{:+.1} pts ({:+.1} to {:+.1})",
                diff * 100.0,
                low * 100.0,
                high * 100.0
            ),
            _ => "–".to_string(),
        };
        let p = d.and_then(|d| d.p_value).map_or("–".to_string(), |p| {
            if p < 0.001 {
                "<0.001".into()
            } else {
                format!("{p:.3}")
            }
        });
        let _ = writeln!(
            out,
            "| {} vs {} | {} | {} | {} | {diff} | {p} |",
            group_label(&c.group_a),
            group_label(&c.group_b),
            c.metric.as_str().replace('_', " "),
            count_rate(c.a),
            count_rate(c.b),
        );
    }
    out.push('\n');
}

fn trend_table(out: &mut String, s: &Summary<'_>) {
    let rows: Vec<_> = s
        .tables
        .trend
        .iter()
        .filter(|t| t.sender_category == "all")
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("## The last 12 months (all senders)\n\n");
    out.push_str("| month | invites | acceptance | reply | with note | personalised | consultants | candidates |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for t in rows {
        let invites_of = |category: SenderCategory| {
            s.tables
                .trend
                .iter()
                .find(|r| r.month == t.month && r.sender_category == category.as_str())
                .map_or(0, |r| r.counts.invites)
        };
        let c = &t.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            t.month,
            c.invites,
            percent_or_dash(c.acceptance().rate()),
            percent_or_dash(c.response().rate()),
            percent_or_dash(c.note().rate()),
            percent_or_dash(c.personalised_share().rate()),
            invites_of(SenderCategory::RecruitmentConsultant),
            invites_of(SenderCategory::Candidate),
        );
    }
    out.push('\n');
}

fn companies_table(out: &mut String, s: &Summary<'_>) {
    if s.tables.companies.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Companies sending most invitations\n\n\
         | company | invites | with note | personalised | accepted | mostly |\n\
         |---|---:|---:|---:|---:|---|"
    );
    for r in &s.tables.companies {
        let c = &r.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.sender_company.replace('|', "\\|"),
            c.invites,
            percent_or_dash(c.note().rate()),
            percent_or_dash(c.personalised_share().rate()),
            percent_or_dash(c.acceptance().rate()),
            r.main_category.label()
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
         - Tags come from the rules in `data/rules.toml` and can be wrong on unusual headlines or \
         notes; `--emit-tagged` writes every tag with its reason for checking.\n\
         - This report shows counts only: it never names a sender or quotes a note.\n",
        grace = s.grace_days,
        min = MIN_DECIDED
    );
}

/// A group's name for people: `recruitment_consultant|none` → "Recruitment consultant, no note".
fn group_label(group: &str) -> String {
    let one = |part: &str| {
        SenderCategory::parse(part)
            .map(|c| c.label().to_string())
            .or_else(|| {
                Personalisation::ALL
                    .into_iter()
                    .find(|p| p.as_str() == part)
                    .map(|p| p.label().to_string())
            })
            .unwrap_or_else(|| part.replace('|', "\\|"))
    };
    match group.split_once('|') {
        Some((category, level)) => format!("{}, {}", one(category), one(level).to_lowercase()),
        None => one(group),
    }
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

/// "71.0% (67.1–74.6%)": the second rate of a sentence, whose interval needs no label again.
fn short_rate(p: Proportion) -> String {
    match (p.rate(), p.wilson()) {
        (Some(rate), Some((lo, hi))) => {
            format!("{} ({:.1}–{:.1}%)", percent(rate), lo * 100.0, hi * 100.0)
        }
        _ => "–".to_string(),
    }
}

/// "12/40 (30.0%)".
fn count_rate(p: Proportion) -> String {
    match p.rate() {
        Some(rate) => format!("{}/{} ({})", p.successes, p.trials, percent(rate)),
        None => "0/0".to_string(),
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

    fn comparison(a: (u64, u64), b: (u64, u64)) -> Comparison {
        Comparison {
            comparison: "x".into(),
            metric: Metric::AcceptanceRate,
            group_a: "a".into(),
            group_b: "b".into(),
            a: Proportion::new(a.0, a.1),
            b: Proportion::new(b.0, b.1),
        }
    }

    #[test]
    fn rates_read_as_percentages_with_intervals() {
        assert_eq!(
            rate_with_ci(Proportion::new(81, 263)),
            "30.8% (95% CI 25.5–36.6%)"
        );
        assert_eq!(rate_with_ci(Proportion::new(0, 0)), "–");
        assert!(rate_with_ci(Proportion::new(1, 3)).contains("n<5"));
    }

    #[test]
    fn verdicts_never_overclaim() {
        // Newcombe's example: 56/70 vs 48/80, p = 0.008, CI 0.052 to 0.334.
        let v = verdict(&comparison((56, 70), (48, 80)));
        assert!(v.contains("is statistically significant, p = 0.008"), "{v}");
        assert!(v.contains("+20.0 points"), "{v}");
        let v = verdict(&comparison((10, 20), (9, 20)));
        assert!(v.contains("not statistically significant"), "{v}");
        let v = verdict(&comparison((3, 4), (0, 40)));
        assert_eq!(v, "too few invitations to compare");
        let v = verdict(&comparison((0, 10), (0, 30)));
        assert!(v.contains("cannot be tested"), "{v}");
    }

    #[test]
    fn group_labels_are_readable() {
        assert_eq!(
            group_label("recruitment_consultant"),
            "Recruitment consultant"
        );
        assert_eq!(
            group_label("candidate|personalised"),
            "Candidate, personalised"
        );
        assert_eq!(group_label("none"), "No note");
    }
}
