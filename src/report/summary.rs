//! The report a person reads, as a [`Document`]: facts in, blocks out. `summary.md` and
//! `report.html` are two renderings of the same document (see `document`), so they never drift.
//!
//! Every claim of a difference goes through `verdict`, which says "significant" only when the
//! two-proportion test and Newcombe's interval both support it. Never names a sender or quotes a
//! note: it sees only counts and company names.

use super::document::{Align, Document, Rich};
use crate::history::{Revision, StoreSummary};
use crate::ingest::{InputFile, SourceNote};
use crate::metrics::stats::{Difference, Proportion};
use crate::metrics::{
    CategoryCoverage, Comparison, ComparisonKind, ComparisonPeriod, Dimension, GroupKey,
    GroupMetrics, Metric, MonthChange, Tables, MIN_DECIDED,
};
use crate::model::{Reconciliation, SenderCategory, YearMonth};

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
    pub sources: &'a [SourceNote],
    /// The senders file (register) the run read, if any.
    pub senders_file: Option<String>,
    pub tables: &'a Tables,
    /// Chart files, relative to the report folder, with a caption each.
    pub charts: Vec<(String, &'static str)>,
    /// The history store the run read and updated, if any.
    pub history: Option<StoreSummary>,
    /// How the month's figures changed since the last report of it from the history store.
    pub revision: Option<Revision>,
}

impl Summary<'_> {
    fn group(&self, key: GroupKey) -> Option<&GroupMetrics> {
        self.tables.groups.iter().find(|m| m.key == key)
    }

    /// Whether category-level acceptance and reply rates are biased by uneven coverage.
    fn biased(&self) -> bool {
        self.tables.category_coverage.biased()
    }

    /// `biased`, over the months a comparison covers: the trend's 12 for a pooled one.
    fn biased_for(&self, cmp: &Comparison) -> bool {
        if cmp.period.is_pooled() {
            self.tables.pooled_coverage.biased()
        } else {
            self.biased()
        }
    }

    /// The period's own comparison.
    fn comparison(&self, kind: ComparisonKind, metric: Metric) -> Option<&Comparison> {
        self.tables
            .comparisons
            .iter()
            .find(|c| c.kind == kind && c.metric == metric && !c.period.is_pooled())
    }

    /// The same comparison pooled over the trend's months, present when the month is thin.
    fn pooled(&self, kind: ComparisonKind, metric: Metric) -> Option<&Comparison> {
        self.tables
            .comparisons
            .iter()
            .find(|c| c.kind == kind && c.metric == metric && c.period.is_pooled())
    }

    /// " Pooled over Nov 2025 – Oct 2026: 4.1% (95% CI …) against 2.0% (…); …": the wider
    /// view of a comparison the month is too thin for, or nothing. A pooled comparison with a
    /// side still empty says nothing the month did not (it stays in the Comparisons table).
    fn pooled_sentence(&self, kind: ComparisonKind, metric: Metric) -> String {
        let Some(cmp) = self.pooled(kind, metric).filter(|c| c.has_both_sides()) else {
            return String::new();
        };
        format!(
            " {}: {} against {}; {}.",
            capitalise(&period_label(cmp.period)),
            rate_with_ci(cmp.a),
            short_rate(cmp.b),
            category_verdict(self, cmp)
        )
    }
}

/// "pooled over Nov 2025 – Oct 2026", "October 2026" or "all months".
fn period_label(period: ComparisonPeriod) -> String {
    match period {
        ComparisonPeriod::Month(month) => month.long_name(),
        ComparisonPeriod::Pooled { first, last } => {
            format!("pooled over {}", YearMonth::span_name(first, last))
        }
        ComparisonPeriod::All => "all months".to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Builds the report: data, findings, tables, charts, definitions.
pub fn build(s: &Summary<'_>) -> Document {
    let mut doc = Document {
        title: format!("LinkedIn invitations received — {}", s.period_title),
        blocks: Vec::new(),
    };
    data_section(&mut doc, s);
    findings_section(&mut doc, s);
    if let Some(change) = &s.tables.since_last_month {
        since_last_month_section(&mut doc, change);
    }
    if !s.charts.is_empty() {
        doc.heading("Charts");
        for (path, caption) in &s.charts {
            doc.image(path.clone(), *caption);
        }
    }
    group_table(&mut doc, s, Dimension::SenderCategory, "By sender category");
    group_table(
        &mut doc,
        s,
        Dimension::Personalisation,
        "By personalisation",
    );
    comparisons_table(&mut doc, s);
    trend_table(&mut doc, s);
    companies_table(&mut doc, s);
    definitions_section(&mut doc, s);
    doc
}

fn data_section(doc: &mut Document, s: &Summary<'_>) {
    doc.heading("Data");
    // A store-only run read no file: the store paragraph below says what it read.
    if !s.inputs.is_empty() || s.history.is_none() {
        inputs_paragraphs(doc, s);
    }
    after_inputs(doc, s);
}

/// The inputs read, and how their rows reconcile.
fn inputs_paragraphs(doc: &mut Document, s: &Summary<'_>) {
    let c = s.counts;
    doc.table(
        &[
            ("input", Align::Left),
            ("rows", Align::Right),
            ("sha256", Align::Left),
        ],
        s.inputs
            .iter()
            .map(|input| {
                vec![
                    Rich::new().code(input.path.clone()),
                    input.rows.to_string().into(),
                    Rich::new().code(format!("{}…", &input.sha256[..input.sha256.len().min(12)])),
                ]
            })
            .collect(),
    );
    let mut reconciliation = Rich::new()
        .text("Rows read: ")
        .strong(c.rows_read.to_string())
        .text(format!(
            " = {} accepted + {} rejected + {} duplicates removed",
            c.rows_accepted, c.rows_rejected, c.duplicates_removed
        ));
    if c.rows_rejected > 0 {
        reconciliation = reconciliation
            .text(" (every rejected row is listed with its file, line and reason in ")
            .code("rejects.csv")
            .text(")");
    }
    doc.paragraph(reconciliation.text("."));
}

/// Everything the Data section says after the inputs.
fn after_inputs(doc: &mut Document, s: &Summary<'_>) {
    if s.after_as_of > 0 {
        doc.paragraph(format!(
            "{} invitations arrived after the as-of instant ({}) and are left out; acceptances \
             and replies after it are treated as not yet happened.",
            s.after_as_of, s.as_of
        ));
    }
    if let Some(all) = s.group(GroupKey::All) {
        doc.paragraph(format!(
            "{} invitations arrived in {}; {} are decided and count in the rates. Not counted: \
             {} still pending and younger than {} days, and {} withdrawn by the sender. \
             Data are complete to {}.",
            all.counts.invites,
            s.period_title,
            all.counts.decided,
            s.tables.young_pending,
            s.grace_days,
            s.tables.withdrawn,
            s.as_of
        ));
    }
    if let Some(store) = &s.history {
        let span = match (store.first, store.last) {
            (Some(first), Some(last)) if first != last => {
                format!(", from {} to {}", first.long_name(), last.long_name())
            }
            (Some(only), _) => format!(", all in {}", only.long_name()),
            _ => String::new(),
        };
        let merged = if s.inputs.is_empty() {
            ", read alone (no input this run)"
        } else {
            ", this run's inputs merged in"
        };
        doc.paragraph(
            Rich::new()
                .text("History store ")
                .code(store.dir.clone())
                .text(format!(
                    ": {} invitations{span}{merged}; the figures below come from the stored months they cover.",
                    store.invitations
                )),
        );
    }
    if let Some(revision) = &s.revision {
        doc.paragraph(revision_sentence(revision));
    }
    linkedin_caveats(doc, s);
    coverage_paragraph(doc, s);
}

/// "October 2026 was revised since the last report of it: 41 more invitations decided,
/// acceptance 48.0% → 51.2%, reply 10.0% → 12.5%."
fn revision_sentence(r: &Revision) -> String {
    let (before, now) = (&r.before, &r.now);
    let mut changes = Vec::new();
    let more = |now: u64, before: u64, what: &str| match now.cmp(&before) {
        std::cmp::Ordering::Greater => Some(format!("{} more {what}", now - before)),
        std::cmp::Ordering::Less => Some(format!("{} fewer {what}", before - now)),
        std::cmp::Ordering::Equal => None,
    };
    changes.extend(more(now.invites, before.invites, "invitations"));
    changes.extend(more(now.decided, before.decided, "invitations decided"));
    let rate = |successes: u64, trials: u64| {
        Proportion::new(successes, trials)
            .rate()
            .map_or("–".to_string(), percent)
    };
    for (name, b, n) in [
        (
            "acceptance",
            rate(before.accepted, before.acceptance_trials),
            rate(now.accepted, now.acceptance_trials),
        ),
        (
            "reply",
            rate(before.responded, before.response_trials),
            rate(now.responded, now.response_trials),
        ),
    ] {
        if b != n {
            changes.push(format!("{name} {b} → {n}"));
        }
    }
    if changes.is_empty() {
        changes.push("the counts behind the rates changed".to_string());
    }
    format!(
        "{} was revised since the last report of it from the history store: {}.",
        r.month.long_name(),
        changes.join(", ")
    )
}

/// How often the category is known, accepted or not, and whether that biases category rates.
fn coverage_paragraph(doc: &mut Document, s: &Summary<'_>) {
    let coverage = s.tables.category_coverage;
    // "12 of 40 (30.0%)", or "0 of 0" when a side has no invitation.
    let share = |p: Proportion| match p.rate() {
        Some(rate) => format!("{} of {} ({})", p.successes, p.trials, percent(rate)),
        None => "0 of 0".to_string(),
    };
    let mut text = Rich::new();
    if let Some(file) = &s.senders_file {
        text = text
            .text("Sender categories use the senders file ")
            .code(file.clone())
            .text(". ");
    }
    text = text.text(format!(
        "The sender category is known (not unknown) for {} accepted and {} not-accepted \
         decided invitations.",
        share(coverage.accepted),
        share(coverage.not_accepted)
    ));
    if s.biased() {
        text = text
            .text(" ")
            .strong("Category rates are biased:")
            .text(format!(
                " the two shares differ by more than {:.0} points, as when categories were filled \
                 in mostly for people you connected with (Connections.csv lists only those). \
                 Acceptance and reply rates by sender category, and comparisons of them between \
                 or within categories, are shown but are not interpretable. Fill in the \
                 categories of the senders you did not accept too (",
                CategoryCoverage::MAX_GAP * 100.0
            ))
            .code("invitescope senders")
            .text(" lists every sender, undecided ones first).");
    }
    doc.paragraph(text);
}

/// Where a LinkedIn export's outcomes came from and what it cannot tell (docs/inputs.md).
fn linkedin_caveats(doc: &mut Document, s: &Summary<'_>) {
    let from_inputs = s.inputs.iter().any(InputFile::is_linkedin);
    // A store-only run read no export, but the store remembers that its runs did.
    let from_store = s.inputs.is_empty() && s.history.as_ref().is_some_and(|h| h.linkedin);
    if !from_inputs && !from_store {
        return;
    }
    if from_inputs {
        doc.paragraph(
            Rich::new()
                .strong("LinkedIn data export.")
                .text(" Where the outcomes come from:"),
        );
        doc.list(
            s.sources
                .iter()
                .map(|note| {
                    Rich::new()
                        .code(note.input.clone())
                        .text(format!(": {}", note.text))
                })
                .collect(),
        );
    } else {
        doc.paragraph(Rich::new().strong("LinkedIn data exports.").text(
            " The history store's invitations came, at least in part, from LinkedIn data \
                 exports merged in by earlier runs, with the outcomes those exports told \
                 (acceptance from Connections.csv, replies from messages.csv).",
        ));
    }
    let unknown = s
        .group(GroupKey::Category(SenderCategory::Unknown))
        .map_or(0, |m| m.counts.invites);
    let all = s.group(GroupKey::All).map_or(0, |m| m.counts.invites);
    let share = if all > 0 {
        percent(unknown as f64 / all as f64)
    } else {
        "–".to_string()
    };
    let retention = if from_inputs {
        "Invitations.csv keeps accepted invitations for only about the last 6–8 months, while \
         older pending ones stay: acceptance in months before that window is understated, so read \
         the trend's early months with care."
    } else {
        "Each export keeps accepted invitations for only about the last 6–8 months; the store \
         keeps every invitation once read, so acceptance is understated only in months already \
         older than that when the first export was merged in."
    };
    let mut caveats = vec![
        "It has no status column: an invitation still pending and one ignored look the same. \
         Both count as not accepted once older than the grace period."
            .into(),
        retention.into(),
        Rich::new()
            .text(format!(
                "It carries no headline, and Connections' position and company are not used as \
             evidence (only accepted senders have them, which would make every categorised sender \
             look accepted): {unknown} of {all} invitations ({share}) have sender category "
            ))
            .code("unknown")
            .text(". ")
            .code("invitescope senders")
            .text(" lists every sender for you to fill in once; the report then reads it."),
    ];
    if from_inputs {
        let outgoing: u64 = s.inputs.iter().filter_map(|i| i.outgoing_skipped).sum();
        caveats
            .push(format!("{outgoing} invitations the owner sent (OUTGOING) were skipped.").into());
    }
    doc.paragraph(if from_inputs {
        "Caveats of the export:"
    } else {
        "Caveats of those exports:"
    });
    doc.list(caveats);
}

fn findings_section(doc: &mut Document, s: &Summary<'_>) {
    doc.heading("Findings");
    let Some(all) = s.group(GroupKey::All) else {
        return;
    };
    let c = &all.counts;
    let finding = |label: &str, text: String| Rich::new().strong(label).text(format!(" {text}"));
    let mut items = vec![
        finding(
            "Acceptance:",
            format!(
                "{}; {}.",
                outcome_phrase(c.acceptance(), c.acceptance_unknown, "were accepted"),
                outcome_phrase(c.response(), c.reply_unknown, "got a reply"),
            ),
        ),
        finding(
            "Notes:",
            format!(
                "{} of {} invitations carried a note, {}; {} {} personalised, {}.",
                c.with_note,
                c.invites,
                rate_with_ci(c.note()),
                c.personalised,
                if c.personalised == 1 { "was" } else { "were" },
                rate_with_ci(c.personalised_share())
            ),
        ),
    ];
    let consultants = ComparisonKind::ConsultantVsCandidate;
    if let Some(cmp) = s.comparison(consultants, Metric::NoteRate) {
        items.push(finding(
            "Notes from consultants and candidates:",
            format!(
                "recruitment consultants attached a note to {} of their invitations, candidates \
                 to {}; {}.{}",
                rate_with_ci(cmp.a),
                short_rate(cmp.b),
                verdict(cmp.a, cmp.b),
                s.pooled_sentence(consultants, Metric::NoteRate)
            ),
        ));
    }
    if let Some(cmp) = s.comparison(consultants, Metric::AcceptanceRate) {
        items.push(finding(
            "Acceptance of consultants and candidates:",
            format!(
                "{} of consultants' decided invitations were accepted, {} of candidates'; {}.{}",
                rate_with_ci(cmp.a),
                short_rate(cmp.b),
                category_verdict(s, cmp),
                s.pooled_sentence(consultants, Metric::AcceptanceRate)
            ),
        ));
    }
    for (metric, noun) in [
        (Metric::AcceptanceRate, "accepted"),
        (Metric::ResponseRate, "answered"),
    ] {
        if let Some(cmp) = s.comparison(ComparisonKind::PersonalisedVsNone, metric) {
            items.push(finding(
                &format!("Personal notes ({noun}):"),
                format!(
                    "personalised invitations were {noun} at {}, invitations without a note at \
                     {}; {}.{}",
                    rate_with_ci(cmp.a),
                    short_rate(cmp.b),
                    verdict(cmp.a, cmp.b),
                    s.pooled_sentence(ComparisonKind::PersonalisedVsNone, metric)
                ),
            ));
        }
    }
    for category in [
        SenderCategory::RecruitmentConsultant,
        SenderCategory::Candidate,
    ] {
        let kind = ComparisonKind::PersonalisedVsNoneWithin(category);
        if let Some(cmp) = s.comparison(kind, Metric::AcceptanceRate) {
            items.push(finding(
                &format!("Within {}s:", category.label().to_lowercase()),
                format!(
                    "a personalised note was accepted at {}, no note at {}; {}.{}",
                    rate_with_ci(cmp.a),
                    short_rate(cmp.b),
                    category_verdict(s, cmp),
                    s.pooled_sentence(kind, Metric::AcceptanceRate)
                ),
            ));
        }
    }
    if let Some(top) = s.tables.companies.first() {
        items.push(finding(
            "Busiest sender:",
            format!(
                "{} sent the most invitations ({}, mostly {}), {} of them with a note.",
                top.sender_company,
                top.counts.invites,
                top.main_category.label().to_lowercase(),
                percent_or_dash(top.counts.note().rate())
            ),
        ));
    }
    doc.list(items);
    doc.paragraph(format!(
        "Intervals are 95% Wilson score intervals; differences are tested with a two-sided \
         two-proportion z-test and Newcombe's interval, and called significant only when p < {ALPHA} \
         and the interval excludes zero."
    ));
}

/// The report month against the month before, all senders: volume, then each rate with its
/// difference, Newcombe interval and verdict.
fn since_last_month_section(doc: &mut Document, change: &MonthChange) {
    doc.heading("Since last month");
    let (now, before) = (change.month.long_name(), change.previous.long_name());
    let moved = change.invitations_change();
    let volume = match change.invitations_relative_change() {
        None => format!("{} in {now}, none in {before}.", change.now.invites),
        Some(_) if moved == 0 => {
            format!("{} in {now}, as many as in {before}.", change.now.invites)
        }
        Some(relative) => format!(
            "{} in {now} against {} in {before}: {} {} ({:+.1}%).",
            change.now.invites,
            change.before.invites,
            if moved > 0 { "up" } else { "down" },
            moved.unsigned_abs(),
            relative * 100.0
        ),
    };
    let mut items = vec![Rich::new()
        .strong("Invitations:")
        .text(format!(" {volume}"))];
    for rate in change.rates() {
        let label = match rate.metric {
            Metric::NoteRate => "Note rate:",
            Metric::PersonalisedRate => "Personalised rate:",
            Metric::AcceptanceRate => "Acceptance rate:",
            Metric::ResponseRate => "Reply rate:",
        };
        items.push(Rich::new().strong(label).text(format!(
            " {} in {now}, {} in {before}; {}.",
            rate_with_ci(rate.now),
            short_rate(rate.before),
            difference_and_verdict(rate.now, rate.before)
        )));
    }
    doc.list(items);
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

/// Whether a comparison rests on category-level acceptance or reply rates, which uneven
/// category coverage biases: consultants against candidates, or within one category.
fn rests_on_category_rates(cmp: &Comparison) -> bool {
    matches!(cmp.metric, Metric::AcceptanceRate | Metric::ResponseRate)
        && cmp.kind.rests_on_categories()
}

/// `verdict`, unless coverage makes the comparison uninterpretable.
fn category_verdict(s: &Summary<'_>, cmp: &Comparison) -> String {
    if s.biased_for(cmp) && rests_on_category_rates(cmp) {
        "not interpretable: category coverage is biased (see Data)".to_string()
    } else {
        verdict(cmp.a, cmp.b)
    }
}

/// What the test and the interval together allow one to say of `a − b` at the 5% level.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Significance {
    TooFew,
    Significant { p: f64, low: f64, high: f64 },
    NotSignificant { p: f64 },
    Borderline { p: f64 },
    Untestable,
}

fn significance(a: Proportion, b: Proportion) -> Significance {
    if a.trials < MIN_DECIDED || b.trials < MIN_DECIDED {
        return Significance::TooFew;
    }
    match crate::metrics::stats::difference(a, b) {
        Some(Difference {
            p_value: Some(p),
            ci: Some((low, high)),
            ..
        }) => {
            let excludes_zero = low > 0.0 || high < 0.0;
            if p < ALPHA && excludes_zero {
                Significance::Significant { p, low, high }
            } else if p >= ALPHA && !excludes_zero {
                Significance::NotSignificant { p }
            } else {
                Significance::Borderline { p }
            }
        }
        _ => Significance::Untestable,
    }
}

/// What may be said of the difference `a − b`, at the 5% level, in words.
fn verdict(a: Proportion, b: Proportion) -> String {
    match significance(a, b) {
        Significance::TooFew => "too few invitations to compare".to_string(),
        Significance::Significant { p, low, high } => format!(
            "the gap of {:+.1} points (95% CI {:+.1} to {:+.1}) is statistically significant, {}",
            (a.rate().unwrap_or(0.0) - b.rate().unwrap_or(0.0)) * 100.0,
            low * 100.0,
            high * 100.0,
            p_text(p)
        ),
        Significance::NotSignificant { p } => format!(
            "the difference is not statistically significant ({}) and may be noise",
            p_text(p)
        ),
        Significance::Borderline { p } => format!(
            "the evidence is borderline ({}; the interval and the test disagree)",
            p_text(p)
        ),
        Significance::Untestable => {
            "the difference cannot be tested (no variation on either side)".to_string()
        }
    }
}

/// The difference with its interval, then `verdict`: "+2.6 points (95% CI −3.1 to +8.2); the
/// difference is not statistically significant (p = 0.410) and may be noise". A significant
/// verdict states the gap and interval itself, and too few trials leave nothing to state.
fn difference_and_verdict(a: Proportion, b: Proportion) -> String {
    let said = verdict(a, b);
    match (significance(a, b), crate::metrics::stats::difference(a, b)) {
        (Significance::TooFew | Significance::Significant { .. }, _) => said,
        (
            _,
            Some(Difference {
                diff,
                ci: Some((low, high)),
                ..
            }),
        ) => format!(
            "{:+.1} points (95% CI {:+.1} to {:+.1}); {said}",
            diff * 100.0,
            low * 100.0,
            high * 100.0
        ),
        _ => said,
    }
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

fn group_table(doc: &mut Document, s: &Summary<'_>, dimension: Dimension, title: &str) {
    let rows: Vec<Vec<Rich>> = s
        .tables
        .groups
        .iter()
        .filter(|m| m.dimension() == dimension)
        .map(|m| {
            let c = &m.counts;
            let biased = s.biased() && dimension == Dimension::SenderCategory;
            let rate = |p: Proportion| {
                let text = rate_with_ci(p);
                if biased && p.trials > 0 {
                    format!("{text}, biased")
                } else {
                    text
                }
            };
            vec![
                group_label(m.key).into(),
                c.invites.to_string().into(),
                c.decided.to_string().into(),
                rate(c.acceptance()).into(),
                rate(c.response()).into(),
                percent_or_dash(c.note().rate()).into(),
                percent_or_dash(c.personalised_share().rate()).into(),
                m.mean_courtesy
                    .map_or("–".to_string(), |v| format!("{v:.2}"))
                    .into(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    doc.heading(title);
    if s.biased() && dimension == Dimension::SenderCategory {
        doc.paragraph(
            "Acceptance and reply rates by category are biased by uneven category coverage \
             (see Data): compare them with care, or not at all.",
        );
    }
    doc.table(
        &[
            ("group", Align::Left),
            ("invites", Align::Right),
            ("decided", Align::Right),
            ("acceptance (95% CI)", Align::Left),
            ("reply (95% CI)", Align::Left),
            ("with note", Align::Right),
            ("personalised", Align::Right),
            ("mean courtesy (0–4)", Align::Right),
        ],
        rows,
    );
}

fn comparisons_table(doc: &mut Document, s: &Summary<'_>) {
    if s.tables.comparisons.is_empty() {
        return;
    }
    let rows = s
        .tables
        .comparisons
        .iter()
        .map(|c| {
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
            let p = if s.biased_for(c) && rests_on_category_rates(c) {
                format!("{p} (not interpretable: biased coverage)")
            } else {
                p
            };
            vec![
                {
                    let (a, b) = c.kind.groups();
                    let pooled = if c.period.is_pooled() {
                        format!(", {}", period_label(c.period))
                    } else {
                        String::new()
                    };
                    format!("{} vs {}{pooled}", group_label(a), group_label(b)).into()
                },
                c.metric.as_str().replace('_', " ").into(),
                count_rate(c.a).into(),
                count_rate(c.b).into(),
                diff.into(),
                p.into(),
            ]
        })
        .collect();
    doc.heading("Comparisons");
    doc.table(
        &[
            ("comparison", Align::Left),
            ("metric", Align::Left),
            ("a", Align::Left),
            ("b", Align::Left),
            ("a − b (95% CI)", Align::Left),
            ("p", Align::Right),
        ],
        rows,
    );
}

fn trend_table(doc: &mut Document, s: &Summary<'_>) {
    let rows: Vec<Vec<Rich>> = s
        .tables
        .trend
        .iter()
        .filter(|t| t.sender_category.is_none())
        .map(|t| {
            let invites_of = |category: SenderCategory| {
                s.tables
                    .trend
                    .iter()
                    .find(|r| r.month == t.month && r.sender_category == Some(category))
                    .map_or(0, |r| r.counts.invites)
            };
            let c = &t.counts;
            vec![
                t.month.to_string().into(),
                c.invites.to_string().into(),
                percent_or_dash(c.acceptance().rate()).into(),
                percent_or_dash(c.response().rate()).into(),
                percent_or_dash(c.note().rate()).into(),
                percent_or_dash(c.personalised_share().rate()).into(),
                invites_of(SenderCategory::RecruitmentConsultant)
                    .to_string()
                    .into(),
                invites_of(SenderCategory::Candidate).to_string().into(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    doc.heading("The last 12 months (all senders)");
    doc.table(
        &[
            ("month", Align::Left),
            ("invites", Align::Right),
            ("acceptance", Align::Right),
            ("reply", Align::Right),
            ("with note", Align::Right),
            ("personalised", Align::Right),
            ("consultants", Align::Right),
            ("candidates", Align::Right),
        ],
        rows,
    );
}

fn companies_table(doc: &mut Document, s: &Summary<'_>) {
    if s.tables.companies.is_empty() {
        return;
    }
    let rows = s
        .tables
        .companies
        .iter()
        .map(|r| {
            let c = &r.counts;
            vec![
                r.sender_company.clone().into(),
                c.invites.to_string().into(),
                percent_or_dash(c.note().rate()).into(),
                percent_or_dash(c.personalised_share().rate()).into(),
                percent_or_dash(c.acceptance().rate()).into(),
                r.main_category.label().into(),
            ]
        })
        .collect();
    doc.heading("Companies sending most invitations");
    doc.table(
        &[
            ("company", Align::Left),
            ("invites", Align::Right),
            ("with note", Align::Right),
            ("personalised", Align::Right),
            ("accepted", Align::Right),
            ("mostly", Align::Left),
        ],
        rows,
    );
}

fn definitions_section(doc: &mut Document, s: &Summary<'_>) {
    doc.heading("Definitions and caveats");
    let grace = s.grace_days;
    doc.list(vec![
        Rich::new().strong("Decided").text(format!(
            ": an invitation counts in the acceptance and reply rates unless it was withdrawn, \
             or is still pending and younger than {grace} days at the as-of time. Older pending \
             invitations count as not accepted: that is what an ignored invitation looks like."
        )),
        Rich::new()
            .strong("Acceptance rate")
            .text(" = accepted ÷ decided; ")
            .strong("reply rate")
            .text(" = replied ÷ decided (replies to undecided invitations are not counted)."),
        Rich::new()
            .strong("Sender category")
            .text(
                " comes from an explicit category column, else the senders file (the register \
                 written by ",
            )
            .code("invitescope senders")
            .text("), else the sender's headline and company, else the note's text; ")
            .code("unknown")
            .text(
                " means no evidence. Suggestions in the register (from Connections' Position, \
                 which only accepted senders have) are never used unless a person confirms them.",
            ),
        Rich::new()
            .strong("Personalisation")
            .text(": ")
            .emphasis("none")
            .text(" (no note), ")
            .emphasis("LinkedIn default")
            .text(" (a canned text), ")
            .emphasis("generic or mass-sent")
            .text(
                " (could have gone to anyone, or shares a template with at least a few other \
                 notes), ",
            )
            .emphasis("personalised")
            .text(" (refers to something specific about the recipient)."),
        Rich::new().strong("Courtesy").text(
            " (0–4): one point each for introducing oneself, stating a reason, offering value \
             and signing off with a name; averaged over invitations with a note.",
        ),
        Rich::new().text(format!(
            "Groups with fewer than {MIN_DECIDED} decided invitations are shown but their rates \
             are too uncertain to read; see the interval. Charts draw them hollow, without an \
             interval."
        )),
        Rich::new()
            .text("Tags come from the rules in ")
            .code("data/rules.toml")
            .text(" and can be wrong on unusual headlines or notes; ")
            .code("--emit-tagged")
            .text(" writes every tag with its reason for checking."),
        Rich::new()
            .text("This report shows counts only: it never names a sender or quotes a note."),
    ]);
}

/// A group's name for people: a consultant's invitations without a note read
/// "Recruitment consultant, no note".
fn group_label(key: GroupKey) -> String {
    match key {
        GroupKey::All => "all".to_string(),
        GroupKey::Category(c) => c.label().to_string(),
        GroupKey::Personalisation(p) => p.label().to_string(),
        GroupKey::Cross(c, p) => format!("{}, {}", c.label(), p.label().to_lowercase()),
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

    fn verdict_of(a: (u64, u64), b: (u64, u64)) -> String {
        verdict(Proportion::new(a.0, a.1), Proportion::new(b.0, b.1))
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
        let v = verdict_of((56, 70), (48, 80));
        assert!(v.contains("is statistically significant, p = 0.008"), "{v}");
        assert!(v.contains("+20.0 points"), "{v}");
        let v = verdict_of((10, 20), (9, 20));
        assert!(v.contains("not statistically significant"), "{v}");
        let v = verdict_of((3, 4), (0, 40));
        assert_eq!(v, "too few invitations to compare");
        let v = verdict_of((0, 10), (0, 30));
        assert!(v.contains("cannot be tested"), "{v}");
    }

    #[test]
    fn changes_state_the_difference_once_with_its_interval() {
        let p = Proportion::new;
        let said = difference_and_verdict(p(10, 20), p(9, 20));
        assert!(
            said.starts_with("+5.0 points (95% CI -23.9 to +32.8); the difference is not"),
            "{said}"
        );
        // A significant verdict already states the gap and its interval.
        assert_eq!(
            difference_and_verdict(p(56, 70), p(48, 80)),
            verdict(p(56, 70), p(48, 80))
        );
        assert_eq!(
            difference_and_verdict(p(3, 4), p(10, 40)),
            "too few invitations to compare"
        );
    }

    #[test]
    fn since_last_month_reads_volume_and_each_rate() {
        use crate::metrics::Counts;
        let counts = |invites, with_note, decided, accepted| Counts {
            invites,
            with_note,
            personalised: with_note / 2,
            decided,
            accepted,
            responded: accepted / 4,
            ..Counts::default()
        };
        let october = YearMonth {
            year: 2026,
            month: 10,
        };
        let change = MonthChange {
            month: october,
            previous: october.previous(),
            now: counts(412, 20, 400, 120),
            before: counts(375, 4, 360, 90),
        };
        let mut doc = Document {
            title: String::new(),
            blocks: Vec::new(),
        };
        since_last_month_section(&mut doc, &change);
        let text = super::super::document::markdown(&doc);
        assert!(text.contains("## Since last month"), "{text}");
        assert!(
            text.contains(
                "**Invitations:** 412 in October 2026 against 375 in September 2026: up 37 (+9.9%)."
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "**Acceptance rate:** 30.0% (95% CI 25.7–34.7%) in October 2026, 25.0% \
                 (20.8–29.7%) in September 2026; +5.0 points (95% CI"
            ),
            "{text}"
        );
        assert_eq!(text.matches("**Reply rate:**").count(), 1, "{text}");
        // An empty month before: no percentage of nothing.
        let change = MonthChange {
            before: Counts::default(),
            ..change
        };
        let mut doc = Document {
            title: String::new(),
            blocks: Vec::new(),
        };
        since_last_month_section(&mut doc, &change);
        let text = super::super::document::markdown(&doc);
        assert!(
            text.contains("412 in October 2026, none in September 2026."),
            "{text}"
        );
        assert!(
            text.contains("in September 2026; too few invitations"),
            "{text}"
        );
    }

    #[test]
    fn pooled_periods_are_named_by_their_months() {
        let first = YearMonth {
            year: 2025,
            month: 11,
        };
        let last = YearMonth {
            year: 2026,
            month: 10,
        };
        assert_eq!(
            period_label(ComparisonPeriod::Pooled { first, last }),
            "pooled over Nov 2025 – Oct 2026"
        );
        assert_eq!(capitalise("pooled over"), "Pooled over");
    }

    #[test]
    fn group_labels_are_readable() {
        use crate::model::Personalisation;
        assert_eq!(
            group_label(GroupKey::Category(SenderCategory::RecruitmentConsultant)),
            "Recruitment consultant"
        );
        assert_eq!(
            group_label(GroupKey::Cross(
                SenderCategory::Candidate,
                Personalisation::Personalised
            )),
            "Candidate, personalised"
        );
        assert_eq!(
            group_label(GroupKey::Personalisation(Personalisation::None)),
            "No note"
        );
    }
}
