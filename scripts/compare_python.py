#!/usr/bin/env python3
"""A pandas version of `invitescope report`'s core job, to time against it (scripts/compare.sh).

    python3 scripts/compare_python.py INPUT.csv [--out DIR] [--rules data/rules.toml] [-v]

What it does, as an analyst would write it in pandas (needs `pip install pandas`):

- reads a canonical CSV (docs/inputs.md, canonical names), parses `received_at`, `accepted_at`
  and `responded_at`, and rejects rows with an unreadable date, an unknown status or no sender;
- deduplicates: same recipient, same minute, same sender profile URL (else name); the most
  advanced status wins and the latest reply is kept;
- tags every invitation with regexes built from the phrase lists of `data/rules.toml` (the same
  phrases invitescope uses): sender category from headline and company (job seeking, agency,
  in-house, supplier, student, else peer; the note when there is neither), personalisation from
  the note (empty -> none; one of LinkedIn's canned texts after stripping a greeting and a
  sign-off -> default; a placeholder or a masked text sent at least `--template-min` times ->
  generic; a specific reference -> personalised; else generic), the four courtesy flags and
  whether the greeting names the recipient;
- counts decided, accepted and replied invitations as of the latest timestamp (14 days' grace)
  and writes `metrics.csv` (overall, per category, per personalisation level and per pair, with
  95% Wilson intervals), `trend.csv` (12 months) and `companies.csv` (top 20) for the latest
  month, plus `rejects.csv`.

It does comparable work, not the same work, and its tags are NOT invitescope's:
- the rules are simplified (no past-role markers, no headline segments, no "one changed word"
  for canned texts, a simpler sign-off and greeting test) and carry no reasons;
- templates are exact duplicates after masking names, URLs and numbers, not MinHash/LSH
  near-duplicates at Jaccard 0.8 (cheaper);
- it writes no charts, no comparisons (Newcombe intervals, z-tests), no summary.md or
  report.html and no manifest (sha256 of inputs), all of which `report` does.
Each difference makes this script's job lighter, so the timing favours it. It tags each distinct
headline/company pair once, as invitescope does, and each distinct note once, which invitescope
does not. pandas runs on one core; compare.sh also times invitescope with `--threads 1`.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

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


def normalise(text: pd.Series) -> pd.Series:
    """Lower case, no apostrophes, every run of other non-word characters one space."""
    return (
        text.str.lower()
        .str.replace(r"['’`]", "", regex=True)
        .str.replace(r"[\W_]+", " ", regex=True)
        .str.strip()
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
        """The list as one regex; longest phrases first, as Python's `re` takes the first match."""
        phrases = sorted(set(self.phrases(*keys)) - {""}, key=len, reverse=True)
        return r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"

    def has(self, text: pd.Series, *keys: str, unless: tuple[str, ...] | None = None) -> pd.Series:
        """Whether a normalised text holds a phrase of the list (outside the `unless` list)."""
        if unless is not None:
            text = text.str.replace(self.pattern(*unless), " ", regex=True)
        return text.str.contains(self.pattern(*keys), regex=True)


def on_unique(values: pd.Series, tag) -> pd.DataFrame:
    """`tag` applied to each distinct value once, spread back to every row."""
    codes, uniques = pd.factorize(values)
    tagged = tag(pd.Series(uniques, dtype=object).astype(str))
    return tagged.iloc[codes].reset_index(drop=True).set_axis(values.index)


# --- read and deduplicate --------------------------------------------------------------------


def read(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = [re.sub(r"[\s_-]", "", c.lower()) for c in raw.columns]
    raw["line"] = np.arange(len(raw)) + 2  # header is line 1 (no multi-line fields counted)

    def column(name: str) -> pd.Series:
        return raw[name].str.strip() if name in raw else pd.Series("", index=raw.index)

    df = pd.DataFrame(
        {
            "line": raw["line"],
            "sender_name": column("sendername"),
            "sender_profile_url": column("senderprofileurl"),
            "sender_headline": column("senderheadline"),
            "sender_company": column("sendercompany"),
            "message": column("message"),
            "recipient": column("recipient"),
            "explicit_category": column("sendercategory").str.lower(),
        }
    )
    for name in ["received_at", "accepted_at", "responded_at"]:
        df[name] = pd.to_datetime(
            column(name.replace("_", "")), utc=True, format="ISO8601", errors="coerce"
        )
    if "status" in raw:
        df["status"] = column("status").str.lower()
    else:
        df["status"] = np.where(df["accepted_at"].notna(), "accepted", "pending")
    df["responded"] = df["responded_at"].notna() | column("responded").str.lower().isin(
        ["true", "yes", "1"]
    )

    reason = pd.Series(pd.NA, index=df.index, dtype=object)
    reason = reason.mask(
        (df["sender_name"] == "") & (df["sender_profile_url"] == ""), "no sender name or URL"
    )
    reason = reason.mask(~df["status"].isin(list(STATUS_RANK)), "unknown status")
    reason = reason.mask(df["received_at"].isna(), "unreadable received_at")
    bad = reason.notna()
    rejects = pd.DataFrame(
        {"source": str(path), "line": df.loc[bad, "line"], "reason": reason[bad]}
    )
    df = df[~bad]

    # The same invitation in overlapping exports: same sender, recipient and minute.
    sender = df["sender_profile_url"].str.lower().where(
        df["sender_profile_url"] != "", df["sender_name"].str.lower()
    )
    df = df.assign(
        key_sender=sender,
        key_minute=df["received_at"].dt.floor("min"),
        rank=df["status"].map(STATUS_RANK),
    )
    keys = ["key_sender", "recipient", "key_minute"]
    df["responded_at"] = df.groupby(keys)["responded_at"].transform("max")
    df["responded"] = df.groupby(keys)["responded"].transform("max")
    before = len(df)
    df = (
        df.sort_values("rank", ascending=False, kind="stable")
        .drop_duplicates(keys)
        .sort_index()
        .drop(columns=["key_sender", "key_minute", "rank"])
        .reset_index(drop=True)
    )
    return df, rejects, before - len(df)


# --- tag ---------------------------------------------------------------------------------------


def categorise_profiles(profiles: pd.Series, rules: Rules) -> pd.DataFrame:
    """Category of each 'headline\\ncompany' text (docs/tagging.md, simplified)."""
    headline = normalise(profiles.str.split("\n").str[0])
    company = normalise(profiles.str.split("\n").str[1])
    both = headline + " \n " + company

    def h(*keys: str) -> pd.Series:
        return rules.has(headline, "category", "headline", *keys)

    recruiting_with_hint = (
        h("recruiting_words") & h("agency_hints") & ~h("in_house_markers") & ~h("vendor_words")
    )
    agency_named = rules.has(both, "category", "headline", "agencies") & ~h(
        "agency_non_recruiting_titles"
    )
    agency_company = rules.has(company, "category", "headline", "agency_company_words")
    conditions = [
        rules.has(both, "category", "headline", "job_seeking"),
        h("agency_titles") | agency_named | agency_company | recruiting_with_hint,
        h("in_house_titles"),
        h("supplier") | rules.has(company, "category", "headline", "vendors"),
        h("studying"),
        both.str.strip() != "",
    ]
    choices = [
        "candidate", "recruitment_consultant", "in_house_recruiter", "supplier", "candidate", "peer"
    ]  # fmt: skip
    return pd.DataFrame({"profile_category": np.select(conditions, choices, default="")})


def tag_notes(messages: pd.Series, rules: Rules) -> pd.DataFrame:
    """Category evidence, canned text, placeholder, specific reference and courtesy of each note."""
    note = normalise(messages)
    unless_note = ("category", "note", "unless")
    note_categories = CATEGORIES[:-1]  # in rules.toml's order; `unknown` when none matches
    note_category = np.select(
        [rules.has(note, "category", "note", c, unless=unless_note) for c in note_categories],
        note_categories,
        default="unknown",
    )

    # Canned text: the note without its greeting (and the name after it) and sign-off.
    greeting = rules.pattern("personalisation", "greetings")
    sign_off = rules.pattern("courtesy", "sign_offs")
    body = note.str.replace(rf"^{greeting}(?: \w+)?\s*", "", regex=True).str.replace(
        rf"\s*{sign_off}(?: \w+){{0,2}}$", "", regex=True
    )
    canned = body.isin(set(rules.phrases("personalisation", "default_texts")))

    placeholder = messages.str.contains(PLACEHOLDER, regex=True) | rules.has(
        note, "personalisation", "placeholder_words"
    )
    specific = rules.has(
        note, "personalisation", "specific", unless=("personalisation", "not_specific")
    )

    def c(flag: str) -> pd.Series:
        return rules.has(note, "courtesy", flag, unless=("courtesy", f"{flag}_unless"))

    introduces = c("introduces_self")
    basis_and_request = rules.has(note, "courtesy", "reason_bases") & rules.has(
        note, "courtesy", "connect_requests"
    )
    reason = c("states_reason") | basis_and_request
    offers = c("offers_value")
    # On the raw note, where case tells a name: a closing then a capitalised word at the end,
    # and a greeting then a capitalised word at the start.
    closing = sign_off.removeprefix(r"\b")
    opening = greeting.removeprefix(r"\b")
    signs_off = messages.str.contains(
        rf"(?i:{closing})[\s,.!–—-]+[A-Z][\w'’-]*[\s.!]*$", regex=True
    )
    greeted = messages.str.extract(rf"^\W*(?i:{opening})\s+([A-Z][\w'’-]*)", expand=False)

    # Template key: names, URLs, numbers masked; capitalised words after the first word too.
    masked = (
        messages.str.replace(URL, " url ", regex=True)
        .str.replace(r"\d+", " n ", regex=True)
        .str.replace(r"(?<=[\w,;:] )[A-Z][\w'’-]*", " name ", regex=True)
        .str.replace(rf"^\W*(?i:{opening})\s+[A-Z][\w'’-]*", "hi name", regex=True)
    )
    return pd.DataFrame(
        {
            "note_category": note_category,
            "canned": canned,
            "placeholder": placeholder,
            "specific": specific,
            "introduces_self": introduces,
            "states_reason": reason,
            "offers_value": offers,
            "signs_off": signs_off,
            "greeted_name": greeted.fillna(""),
            "template_key": normalise(masked),
        }
    )


def tag(df: pd.DataFrame, rules: Rules, template_min: int) -> pd.DataFrame:
    profile = df["sender_headline"] + "\n" + df["sender_company"]
    profiles = on_unique(profile, lambda p: categorise_profiles(p, rules))
    notes = on_unique(df["message"], lambda m: tag_notes(m, rules))
    df = pd.concat([df, profiles, notes], axis=1)

    known = df["explicit_category"].isin(CATEGORIES)
    df["sender_category"] = np.where(
        known,
        df["explicit_category"],
        np.where(df["profile_category"] != "", df["profile_category"], df["note_category"]),
    )

    has_note = df["message"] != ""
    template_size = df.groupby("template_key")["template_key"].transform("size").where(has_note, 0)
    df["personalisation"] = np.select(
        [
            ~has_note,
            df["canned"],
            df["placeholder"] | (template_size >= template_min),
            df["specific"],
        ],
        ["none", "default", "generic", "personalised"],
        default="generic",
    )
    # An empty note matches no phrase, so every flag of it is already false.
    flags = ["introduces_self", "states_reason", "offers_value", "signs_off"]
    df["courtesy_score"] = df[flags].sum(axis=1)
    first_name = df["recipient"].str.split().str[0].fillna("")
    df["addresses_recipient"] = (df["greeted_name"] != "") & (df["greeted_name"] == first_name)
    df["note_chars"] = df["message"].str.len()
    df["template_size"] = template_size
    return df


# --- metrics -----------------------------------------------------------------------------------


def wilson(successes: pd.Series, trials: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rate and 95% Wilson score interval; NaN (an empty cell) when there are no trials.

    Wilson (1927); the same formula as invitescope's `metrics::stats`.
    """
    k = successes.to_numpy(dtype=float)
    n = trials.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        z2 = Z * Z
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return p, np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def outcomes(df: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    age = as_of - df["received_at"]
    young = (df["status"] == "pending") & (age < pd.Timedelta(days=GRACE_DAYS))
    decided = (df["status"] != "withdrawn") & ~young
    accepted = decided & (df["status"] == "accepted")
    responded = decided & df["responded"]
    hour = pd.Timedelta(hours=1)
    return df.assign(
        month=df["received_at"].dt.tz_localize(None).dt.to_period("M").astype(str),
        decided=decided,
        accepted=accepted,
        responded=responded,
        with_note=df["message"] != "",
        is_personalised=df["personalisation"] == "personalised",
        note_courtesy=df["courtesy_score"].where(df["message"] != ""),
        hours_to_accept=((df["accepted_at"] - df["received_at"]) / hour).where(accepted),
        hours_to_reply=((df["responded_at"] - df["received_at"]) / hour).where(responded),
    )


def group_counts(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.groupby(keys, observed=True, sort=True).agg(
        invites=("decided", "size"),
        decided=("decided", "sum"),
        accepted=("accepted", "sum"),
        responded=("responded", "sum"),
        with_note=("with_note", "sum"),
        personalised=("is_personalised", "sum"),
        mean_courtesy=("note_courtesy", "mean"),
        median_hours_to_accept=("hours_to_accept", "median"),
        median_hours_to_reply=("hours_to_reply", "median"),
    )


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    out = counts.copy()
    for name, successes in [("acceptance", "accepted"), ("response", "responded")]:
        rate, low, high = wilson(out[successes], out["decided"])
        out[f"{name}_rate"], out[f"{name}_ci_low"], out[f"{name}_ci_high"] = rate, low, high
    out["note_rate"] = out["with_note"] / out["invites"]
    out["personalised_rate"] = out["personalised"] / out["invites"]
    return out


def metrics_table(period: pd.DataFrame) -> pd.DataFrame:
    parts = []
    overall = with_rates(group_counts(period.assign(all="all"), ["all"]))
    parts.append(overall.reset_index().rename(columns={"all": "group"}).assign(dimension="overall"))
    for dimension, keys in [
        ("sender_category", ["sender_category"]),
        ("personalisation", ["personalisation"]),
        ("sender_category_x_personalisation", ["sender_category", "personalisation"]),
    ]:
        table = with_rates(group_counts(period, keys)).reset_index()
        table["group"] = table[keys].astype(str).agg("|".join, axis=1)
        parts.append(table.assign(dimension=dimension))
    return pd.concat(parts, ignore_index=True)[METRIC_COLUMNS]


def trend_table(df: pd.DataFrame, last: pd.Period) -> pd.DataFrame:
    months = [str(last - back) for back in range(TREND_MONTHS - 1, -1, -1)]
    window = df[df["month"].isin(months)]
    by_category = group_counts(window, ["month", "sender_category"]).reset_index()
    everyone = group_counts(window, ["month"]).reset_index().assign(sender_category="all")
    table = with_rates(pd.concat([everyone, by_category], ignore_index=True))
    columns = ["month", "sender_category", "invites", "decided", "accepted", "acceptance_rate",
               "responded", "response_rate", "note_rate", "personalised_rate"]  # fmt: skip
    return table.sort_values(["month", "sender_category"])[columns]


def companies_table(period: pd.DataFrame) -> pd.DataFrame:
    named = period[period["sender_company"] != ""]
    counts = with_rates(group_counts(named, ["sender_company"]))
    main = (
        named.groupby(["sender_company", "sender_category"]).size().rename("n").reset_index()
        .sort_values(["sender_company", "n", "sender_category"], ascending=[True, False, True])
        .drop_duplicates("sender_company")
        .set_index("sender_company")["sender_category"]
    )
    counts["main_category"] = main
    top = counts.reset_index().sort_values(["invites", "sender_company"], ascending=[False, True])
    columns = ["sender_company", "invites", "with_note", "note_rate", "personalised_rate",
               "acceptance_rate", "main_category"]  # fmt: skip
    return top.head(TOP_COMPANIES)[columns]


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a canonical CSV file")
    parser.add_argument("--out", type=Path, default=Path("reports-python"))
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

    as_of = df[["received_at", "accepted_at", "responded_at"]].max().max()
    df = outcomes(df, as_of)
    last = pd.Period(df["month"].max(), freq="M")
    period = df[df["month"] == str(last)]
    tables = {
        "metrics.csv": metrics_table(period),
        "trend.csv": trend_table(df, last),
        "companies.csv": companies_table(period),
        "rejects.csv": rejects,
    }
    stage("metrics")
    folder = args.out / str(last)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_csv(folder / name, index=False, float_format="%.4f")
    stage("write")
    print(
        f"{len(df) + len(rejects) + duplicates} rows read, {len(df)} accepted, "
        f"{len(rejects)} rejected, {duplicates} duplicates removed; wrote {folder}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
