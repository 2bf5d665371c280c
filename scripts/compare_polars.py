#!/usr/bin/env python3
"""A polars version of `invitescope report`'s core job: the peer that scripts/bench.sh times.

    python3 scripts/compare_polars.py INPUT.csv [--out DIR] [--rules data/rules.toml] [-v]

The job of scripts/compare_python.py (pandas), written as a polars user would (needs
`pip install polars`): one `read_csv`, expressions, `str.contains` with regexes built from the
phrase lists of `data/rules.toml` (the phrases invitescope uses), `group_by`, Wilson intervals as
expressions. It

- reads a canonical CSV (docs/inputs.md, canonical names), parses `received_at`, `accepted_at`
  and `responded_at`, and rejects rows with an unreadable date, an unknown status or no sender;
- deduplicates: same recipient, same minute, same sender profile URL (else name); the most
  advanced status wins and the latest reply is kept;
- tags each distinct headline/company pair and each distinct note once: sender category from
  headline and company (job seeking, agency, in-house, supplier, student, else peer; the note
  when there is neither), personalisation from the note (none, default for one of LinkedIn's
  canned texts between a greeting and a sign-off, generic for a placeholder or a masked text
  sent at least `--template-min` times, personalised for a specific reference, else generic),
  the four courtesy flags and whether the greeting names the recipient;
- counts decided, accepted and replied invitations as of the latest timestamp (14 days' grace)
  and writes `metrics.csv` (overall, per category, per personalisation level and per pair, with
  95% Wilson intervals), `trend.csv` (12 months) and `companies.csv` (top 20) for the latest
  month, plus `rejects.csv`.

Like compare_python.py it does comparable work, not the same work, and its tags are NOT
invitescope's: simplified rules with no reasons (phrase lists only: no structures, no past-role
markers, no headline segments, no "one changed word" for canned texts, simpler sign-off and
greeting tests), templates as exact duplicates after masking instead of MinHash/LSH
near-duplicates, and no charts, comparisons, summary.md, report.html or manifest. It tags each
distinct note once, which invitescope does not. Each difference makes the job lighter, so the
timing favours this script. polars runs on all cores, as invitescope does by default.

How it differs from compare_python.py: its regexes run on Rust's `regex` crate, which has no
look-behind, so capitalised words are masked for the template key in two passes of a pattern
that captures the character before them (the same result); `\\w`, `\\b` and lower-casing follow
Unicode in both, with small differences at the edges (e.g. combining marks are word characters
in Rust). Dates: polars infers one format per column from its first values, so in a file that
mixes ISO 8601 forms (a bare date, no time zone) the odd ones are rejected as unreadable where
pandas reads them; generated inputs use one form.
On `invitescope generate --rows 100000 --seed 1 --notes 75` every row's tags and all four
output files are identical to the pandas script's.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from datetime import timedelta
from pathlib import Path

import polars as pl

Z = 1.959964  # 95% two-sided normal quantile, as in invitescope (README, Methodology)
GRACE_DAYS = 14
TREND_MONTHS = 12
TOP_COMPANIES = 20
# Dedup: the most advanced outcome wins (accepted > declined > ignored > withdrawn > pending).
STATUS_RANK = {"pending": 0, "withdrawn": 1, "ignored": 2, "declined": 3, "accepted": 4}
CATEGORIES = [
    "recruitment_consultant",
    "in_house_recruiter",
    "candidate",
    "supplier",
    "peer",
    "unknown",
]
METRIC_COLUMNS = [
    "dimension", "group", "invites", "decided", "accepted", "acceptance_rate",
    "acceptance_ci_low", "acceptance_ci_high", "responded", "response_rate", "response_ci_low",
    "response_ci_high", "with_note", "note_rate", "personalised", "personalised_rate",
    "mean_courtesy", "median_hours_to_accept", "median_hours_to_reply",
]  # fmt: skip
PLACEHOLDER = (
    r"\[[^\]\n]{1,40}\]|\{\{?[^}\n]{1,40}\}?\}|<[^>\n]{1,40}>|%[^%\s]{1,30}%|\*\|[^|]+\|\*"
    r"|\b[xX]{3,}\b|##"
)
URL = r"https?://\S+|www\.\S+|\b\S+\.(?:com|co\.uk|io|org|net)\S*"
NAME = r"[A-Z][\w'’-]*"
# A capitalised word after a word character or , ; : and one space (mail-merged names).
INNER_NAME = rf"([\w,;:] ){NAME}"


def normalise(text: pl.Expr) -> pl.Expr:
    """Lower case, no apostrophes, every run of other non-word characters one space."""
    return (
        text.str.to_lowercase()
        .str.replace_all(r"['’`]", "")
        .str.replace_all(r"[\W_]+", " ")
        .str.strip_chars()
    )


def normalise_phrase(phrase: str) -> str:
    phrase = re.sub(r"['’`]", "", phrase.lower())
    return re.sub(r"[\W_]+", " ", phrase).strip()


class Rules:
    """The phrase lists of rules.toml, each compiled into one whole-word alternation."""

    def __init__(self, path: Path):
        with path.open("rb") as f:
            self.toml = tomllib.load(f)

    def phrases(self, *keys: str) -> list[str]:
        """One list, e.g. `phrases("courtesy", "sign_offs")`, normalised like the texts."""
        node = self.toml
        for key in keys:
            node = node[key]
        return [normalise_phrase(p) for p in node]

    def pattern(self, *keys: str) -> str:
        """The list as one regex; longest phrases first, as the regex takes the first match."""
        phrases = sorted(set(self.phrases(*keys)) - {""}, key=len, reverse=True)
        return r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"

    def has(self, text: pl.Expr, *keys: str, unless: tuple[str, ...] | None = None) -> pl.Expr:
        """Whether a normalised text holds a phrase of the list (outside the `unless` list)."""
        if unless is not None:
            text = text.str.replace_all(self.pattern(*unless), " ")
        return text.str.contains(self.pattern(*keys))


def first_of(cases: list[tuple[pl.Expr, str]], default: str) -> pl.Expr:
    """The choice of the first true condition, else `default` (numpy's `select`)."""
    expr = pl.lit(default)
    for condition, choice in reversed(cases):
        expr = pl.when(condition).then(pl.lit(choice)).otherwise(expr)
    return expr


# --- read and deduplicate --------------------------------------------------------------------


def read(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    raw = pl.read_csv(path, infer_schema=False, empty_string_is_null=False)
    raw = raw.rename(lambda c: re.sub(r"[\s_-]", "", c.lower()))
    # Header is line 1 (no multi-line fields counted).
    raw = raw.with_row_index("line", offset=2)

    def column(name: str) -> pl.Expr:
        return pl.col(name).str.strip_chars() if name in raw.columns else pl.lit("")

    def date(name: str) -> pl.Expr:
        return column(name).str.to_datetime(time_zone="UTC", strict=False)

    if "status" in raw.columns:
        status = column("status").str.to_lowercase()
    else:
        status = pl.when(date("acceptedat").is_not_null()).then(pl.lit("accepted"))
        status = status.otherwise(pl.lit("pending"))
    responded = column("responded").str.to_lowercase().is_in(["true", "yes", "1"])
    df = raw.select(
        "line",
        sender_name=column("sendername"),
        sender_profile_url=column("senderprofileurl"),
        sender_headline=column("senderheadline"),
        sender_company=column("sendercompany"),
        message=column("message"),
        recipient=column("recipient"),
        explicit_category=column("sendercategory").str.to_lowercase(),
        received_at=date("receivedat"),
        accepted_at=date("acceptedat"),
        responded_at=date("respondedat"),
        status=status,
        responded=date("respondedat").is_not_null() | responded,
    )

    reason = first_of(
        [
            (pl.col("received_at").is_null(), "unreadable received_at"),
            (~pl.col("status").is_in(list(STATUS_RANK)), "unknown status"),
            ((pl.col("sender_name") == "") & (pl.col("sender_profile_url") == ""),
             "no sender name or URL"),
        ],
        "",
    )  # fmt: skip
    df = df.with_columns(reason=reason)
    rejects = df.filter(pl.col("reason") != "").select(
        source=pl.lit(str(path)), line="line", reason="reason"
    )
    df = df.filter(pl.col("reason") == "").drop("reason")

    # The same invitation in overlapping exports: same sender, recipient and minute.
    sender = pl.when(pl.col("sender_profile_url") != "").then("sender_profile_url")
    keys = ["key_sender", "recipient", "key_minute"]
    deduped = (
        df.with_columns(
            key_sender=sender.otherwise("sender_name").str.to_lowercase(),
            key_minute=pl.col("received_at").dt.truncate("1m"),
        )
        .with_columns(pl.col("responded_at", "responded").max().over(keys))
        .sort(pl.col("status").replace_strict(STATUS_RANK), descending=True, maintain_order=True)
        .unique(keys, keep="first", maintain_order=True)
        .sort("line")
        .drop("key_sender", "key_minute")
    )
    return deduped, rejects, df.height - deduped.height


# --- tag ---------------------------------------------------------------------------------------


def categorise_profiles(profiles: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    """Category of each headline/company pair (docs/tagging.md, simplified)."""
    profiles = profiles.with_columns(
        headline=normalise(pl.col("sender_headline")), company=normalise(pl.col("sender_company"))
    ).with_columns(both=pl.col("headline") + " \n " + pl.col("company"))
    headline, company, both = pl.col("headline"), pl.col("company"), pl.col("both")

    def h(*keys: str) -> pl.Expr:
        return rules.has(headline, "category", "headline", *keys)

    recruiting_with_hint = (
        h("recruiting_words") & h("agency_hints") & ~h("in_house_markers") & ~h("vendor_words")
    )
    agency_named = rules.has(both, "category", "headline", "agencies") & ~h(
        "agency_non_recruiting_titles"
    )
    agency_company = rules.has(company, "category", "headline", "agency_company_words")
    category = first_of(
        [
            (rules.has(both, "category", "headline", "job_seeking"), "candidate"),
            (h("agency_titles") | agency_named | agency_company | recruiting_with_hint,
             "recruitment_consultant"),
            (h("in_house_titles"), "in_house_recruiter"),
            (h("supplier") | rules.has(company, "category", "headline", "vendors"), "supplier"),
            (h("studying"), "candidate"),
            (both.str.strip_chars() != "", "peer"),
        ],
        "",
    )  # fmt: skip
    return profiles.select("sender_headline", "sender_company", profile_category=category)


def tag_notes(notes: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    """Category evidence, canned text, placeholder, specific reference and courtesy of each note."""
    notes = notes.with_columns(note=normalise(pl.col("message")))
    message, note = pl.col("message"), pl.col("note")
    unless_note = ("category", "note", "unless")
    note_categories = CATEGORIES[:-1]  # in rules.toml's order; `unknown` when none matches
    note_category = first_of(
        [(rules.has(note, "category", "note", c, unless=unless_note), c) for c in note_categories],
        "unknown",
    )

    # Canned text: the note without its greeting (and the name after it) and sign-off.
    greeting = rules.pattern("personalisation", "greetings")
    sign_off = rules.pattern("courtesy", "sign_offs")
    body = note.str.replace(rf"^{greeting}(?: \w+)?\s*", "").str.replace(
        rf"\s*{sign_off}(?: \w+){{0,2}}$", ""
    )
    canned = body.is_in(rules.phrases("personalisation", "default_texts"))

    placeholder = message.str.contains(PLACEHOLDER) | rules.has(
        note, "personalisation", "placeholder_words"
    )
    specific = rules.has(
        note, "personalisation", "specific", unless=("personalisation", "not_specific")
    )

    def c(flag: str) -> pl.Expr:
        return rules.has(note, "courtesy", flag, unless=("courtesy", f"{flag}_unless"))

    basis_and_request = rules.has(note, "courtesy", "reason_bases") & rules.has(
        note, "courtesy", "connect_requests"
    )
    # On the raw note, where case tells a name: a closing then a capitalised word at the end,
    # and a greeting then a capitalised word at the start.
    closing = sign_off.removeprefix(r"\b")
    opening = greeting.removeprefix(r"\b")

    # Template key: names, URLs, numbers masked; capitalised words after the first word too
    # (twice: a match takes the character before the word, which may end the previous name).
    masked = (
        message.str.replace_all(URL, " url ")
        .str.replace_all(r"\d+", " n ")
        .str.replace_all(INNER_NAME, "${1}name")
        .str.replace_all(INNER_NAME, "${1}name")
        .str.replace(rf"^\W*(?i:{opening})\s+{NAME}", "hi name")
    )
    return notes.select(
        "message",
        note_category=note_category,
        canned=canned,
        placeholder=placeholder,
        specific=specific,
        introduces_self=c("introduces_self"),
        states_reason=c("states_reason") | basis_and_request,
        offers_value=c("offers_value"),
        signs_off=message.str.contains(rf"(?i:{closing})[\s,.!–—-]+{NAME}[\s.!]*$"),
        greeted_name=message.str.extract(rf"^\W*(?i:{opening})\s+({NAME})").fill_null(""),
        template_key=normalise(masked),
    )


def tag(df: pl.DataFrame, rules: Rules, template_min: int) -> pl.DataFrame:
    profiles = categorise_profiles(df.select("sender_headline", "sender_company").unique(), rules)
    notes = tag_notes(df.select("message").unique(), rules)
    df = df.join(profiles, on=["sender_headline", "sender_company"], how="left").join(
        notes, on="message", how="left"
    )

    has_note = pl.col("message") != ""
    df = df.with_columns(
        sender_category=pl.when(pl.col("explicit_category").is_in(CATEGORIES))
        .then("explicit_category")
        .when(pl.col("profile_category") != "")
        .then("profile_category")
        .otherwise("note_category"),
        template_size=pl.when(has_note).then(pl.len().over("template_key")).otherwise(0),
    )
    personalisation = first_of(
        [
            (~has_note, "none"),
            (pl.col("canned"), "default"),
            (pl.col("placeholder") | (pl.col("template_size") >= template_min), "generic"),
            (pl.col("specific"), "personalised"),
        ],
        "generic",
    )
    # An empty note matches no phrase, so every flag of it is already false.
    flags = ["introduces_self", "states_reason", "offers_value", "signs_off"]
    first_name = pl.col("recipient").str.extract(r"^(\S+)").fill_null("")
    return df.with_columns(
        personalisation=personalisation,
        courtesy_score=pl.sum_horizontal(flags),
        addresses_recipient=(pl.col("greeted_name") != "") & (pl.col("greeted_name") == first_name),
        note_chars=pl.col("message").str.len_chars(),
    )


# --- metrics -----------------------------------------------------------------------------------


def wilson(successes: str, trials: str, name: str) -> list[pl.Expr]:
    """Rate and 95% Wilson score interval; null (an empty cell) when there are no trials.

    Wilson (1927); the same formula as invitescope's `metrics::stats`.
    """
    k, n = pl.col(successes).cast(pl.Float64), pl.col(trials).cast(pl.Float64)
    p = k / n
    z2 = Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt() / (1 + z2 / n)
    return [
        pl.when(n > 0).then(p).alias(f"{name}_rate"),
        pl.when(n > 0).then((centre - half).clip(0, 1)).alias(f"{name}_ci_low"),
        pl.when(n > 0).then((centre + half).clip(0, 1)).alias(f"{name}_ci_high"),
    ]


def outcomes(df: pl.DataFrame) -> pl.DataFrame:
    dates = pl.col("received_at", "accepted_at", "responded_at")
    as_of = df.select(pl.max_horizontal(dates.max())).item()
    status = pl.col("status")
    young = (status == "pending") & (as_of - pl.col("received_at") < timedelta(days=GRACE_DAYS))
    df = df.with_columns(decided=(status != "withdrawn") & ~young)
    df = df.with_columns(
        accepted=pl.col("decided") & (status == "accepted"),
        responded=pl.col("decided") & pl.col("responded"),
    )

    def hours(since: str) -> pl.Expr:
        return (pl.col(since) - pl.col("received_at")).dt.total_seconds(fractional=True) / 3600

    has_note = pl.col("message") != ""
    return df.with_columns(
        month=pl.col("received_at").dt.strftime("%Y-%m"),
        with_note=has_note,
        is_personalised=pl.col("personalisation") == "personalised",
        note_courtesy=pl.when(has_note).then("courtesy_score"),
        hours_to_accept=pl.when("accepted").then(hours("accepted_at")),
        hours_to_reply=pl.when("responded").then(hours("responded_at")),
    )


def summarise(df: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Counts, rates and intervals per group of `keys` (one row for no keys)."""
    counts = [
        pl.len().alias("invites"),
        pl.col("decided", "accepted", "responded", "with_note").sum(),
        pl.col("is_personalised").sum().alias("personalised"),
        pl.col("note_courtesy").mean().alias("mean_courtesy"),
        pl.col("hours_to_accept").median().alias("median_hours_to_accept"),
        pl.col("hours_to_reply").median().alias("median_hours_to_reply"),
    ]
    table = df.group_by(keys).agg(counts).sort(keys) if keys else df.select(counts)
    return table.with_columns(
        *wilson("accepted", "decided", "acceptance"),
        *wilson("responded", "decided", "response"),
        note_rate=pl.col("with_note") / pl.col("invites"),
        personalised_rate=pl.col("personalised") / pl.col("invites"),
    )


def metrics_table(period: pl.DataFrame) -> pl.DataFrame:
    parts = [summarise(period, []).with_columns(dimension=pl.lit("overall"), group=pl.lit("all"))]
    for dimension, keys in [
        ("sender_category", ["sender_category"]),
        ("personalisation", ["personalisation"]),
        ("sender_category_x_personalisation", ["sender_category", "personalisation"]),
    ]:
        table = summarise(period, keys).with_columns(
            dimension=pl.lit(dimension), group=pl.concat_str(keys, separator="|")
        )
        parts.append(table)
    return pl.concat([part.select(METRIC_COLUMNS) for part in parts])


def trend_table(df: pl.DataFrame) -> pl.DataFrame:
    month = pl.col("received_at").dt.truncate("1mo")
    first = month.max().dt.offset_by(f"-{TREND_MONTHS - 1}mo")
    window = df.filter(month >= first)
    columns = ["month", "sender_category", "invites", "decided", "accepted", "acceptance_rate",
               "responded", "response_rate", "note_rate", "personalised_rate"]  # fmt: skip
    everyone = summarise(window, ["month"]).with_columns(sender_category=pl.lit("all"))
    by_category = summarise(window, ["month", "sender_category"])
    return pl.concat([everyone.select(columns), by_category.select(columns)]).sort(
        "month", "sender_category"
    )


def companies_table(period: pl.DataFrame) -> pl.DataFrame:
    named = period.filter(pl.col("sender_company") != "")
    main = (
        named.group_by("sender_company", "sender_category")
        .len()
        .sort(["sender_company", "len", "sender_category"], descending=[False, True, False])
        .unique("sender_company", keep="first", maintain_order=True)
        .select("sender_company", main_category="sender_category")
    )
    columns = ["sender_company", "invites", "with_note", "note_rate", "personalised_rate",
               "acceptance_rate", "main_category"]  # fmt: skip
    return (
        summarise(named, ["sender_company"])
        .join(main, on="sender_company")
        .sort(["invites", "sender_company"], descending=[True, False])
        .head(TOP_COMPANIES)
        .select(columns)
    )


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a canonical CSV file")
    parser.add_argument("--out", type=Path, default=Path("reports-polars"))
    parser.add_argument("--rules", type=Path, default=here.parent / "data" / "rules.toml")
    parser.add_argument("--template-min", type=int, default=3)
    parser.add_argument("-v", "--verbose", action="store_true", help="print stage times")
    args = parser.parse_args()

    started = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal started
        if args.verbose:
            now = time.perf_counter()
            print(f"{name} done in {now - started:.2f} s", file=sys.stderr)
            started = now

    rules = Rules(args.rules)
    df, rejects, duplicates = read(args.input)
    stage("ingest")
    df = tag(df, rules, args.template_min)
    stage("tag")

    df = outcomes(df)
    last = df["month"].max()
    period = df.filter(pl.col("month") == last)
    tables = {
        "metrics.csv": metrics_table(period),
        "trend.csv": trend_table(df),
        "companies.csv": companies_table(period),
        "rejects.csv": rejects,
    }
    stage("metrics")
    folder = args.out / str(last)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.write_csv(folder / name, float_precision=4)
    stage("write")
    print(
        f"{df.height + rejects.height + duplicates} rows read, {df.height} accepted, "
        f"{rejects.height} rejected, {duplicates} duplicates removed; wrote {folder}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
