#!/usr/bin/env python3
"""Recompute a report's numbers from its tagged.csv with pandas and statsmodels, and compare.

Usage:
    cargo run -- report --emit-tagged --out /tmp/reports [INPUT...]
    python3 scripts/verify_stats.py /tmp/reports/2026-09

Needs: pip install pandas statsmodels. Checks metrics.csv, comparisons.csv and trend.csv to four
decimals, recomputing `decided` from status, received_at, as-of and grace days (manifest.json)
rather than trusting the tool's own column. Exits 1 on any disagreement. A development check, not
part of `cargo test`.
"""

import json
import math
import sys
from pathlib import Path

import pandas as pd
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)


def fmt(value):
    """The tool's number format: four decimals, empty for a missing value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return f"{value + 0.0:.4f}"


def rate(x, n):
    return None if n == 0 else x / n


def wilson(x, n):
    if n == 0:
        return None, None
    return proportion_confint(x, n, alpha=0.05, method="wilson")


def load(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    tagged = pd.read_csv(folder / "tagged.csv", dtype=str, keep_default_na=False)
    as_of = pd.Timestamp(manifest["as_of"])
    grace = pd.Timedelta(days=manifest["grace_days"])
    received = pd.to_datetime(tagged["received_at"], utc=True)
    status = tagged["status"]
    young = (status == "pending") & (as_of - received < grace)
    tagged["decided_v"] = (status != "withdrawn") & ~young
    tagged["accepted_v"] = tagged["decided_v"] & (status == "accepted")
    replied = (tagged["responded"] == "true") | (tagged["responded_at"] != "")
    tagged["responded_v"] = tagged["decided_v"] & replied
    tagged["with_note_v"] = tagged["personalisation"] != "none"
    tagged["personalised_v"] = tagged["personalisation"] == "personalised"
    tagged["month"] = received.dt.strftime("%Y-%m")
    tagged["cross"] = tagged["sender_category"] + "|" + tagged["personalisation"]
    # The tool counts a same-day connection date (midnight) as zero hours, not negative ones.
    hours = lambda col: ((pd.to_datetime(tagged[col], utc=True) - received).dt.total_seconds() / 3600).clip(lower=0)
    tagged["h_accept"] = hours("accepted_at").where(tagged["accepted_v"])
    tagged["h_reply"] = hours("responded_at").where(tagged["responded_v"])
    tagged["courtesy"] = tagged["courtesy_score"].astype(float).where(tagged["with_note_v"])
    return manifest, tagged


def metrics_rows(rows):
    """metrics.csv cells after dimension and group, for one group of invitations."""
    n = len(rows)
    d = int(rows["decided_v"].sum())
    a = int(rows["accepted_v"].sum())
    r = int(rows["responded_v"].sum())
    w = int(rows["with_note_v"].sum())
    p = int(rows["personalised_v"].sum())
    cells = [n, d, a, fmt(rate(a, d)), *map(fmt, wilson(a, d)), r, fmt(rate(r, d)), *map(fmt, wilson(r, d))]
    cells += [w, fmt(rate(w, n)), p, fmt(rate(p, n))]
    mean = rows["courtesy"].mean() if rows["courtesy"].notna().any() else None
    med_a = rows["h_accept"].median() if rows["h_accept"].notna().any() else None
    med_r = rows["h_reply"].median() if rows["h_reply"].notna().any() else None
    cells += [fmt(mean), fmt(med_a), fmt(med_r)]
    return [str(c) for c in cells]


def expected_metrics(month_rows):
    out = [["overall", "all", *metrics_rows(month_rows)]]
    for dimension, column in [
        ("sender_category", "sender_category"),
        ("personalisation", "personalisation"),
        ("sender_category_x_personalisation", "cross"),
    ]:
        for group, rows in sorted(month_rows.groupby(column), key=lambda kv: kv[0]):
            out.append([dimension, group, *metrics_rows(rows)])
    return out


def expected_comparisons(month_rows, window_rows, month, months):
    """comparisons.csv: each comparison of the period; in a month report, one with fewer than 5
    trials on a side is followed by the same one over the 12 months pooled (docs/metrics.md)."""
    out = []
    pooled = comparison_rows(window_rows, f"{months[0]}..{months[-1]}")
    for own, wider in zip(comparison_rows(month_rows, month), pooled):
        out.append(own)
        thin = min(int(own[5]), int(own[8])) < 5
        if month != "all" and thin:
            out.append(wider)
    return out


def comparison_rows(month_rows, period):
    def counts(column, group, metric):
        rows = month_rows[month_rows[column] == group]
        if metric == "note_rate":
            return int(rows["with_note_v"].sum()), len(rows)
        if metric == "personalised_rate":
            return int(rows["personalised_v"].sum()), len(rows)
        key = "accepted_v" if metric == "acceptance_rate" else "responded_v"
        return int(rows[key].sum()), int(rows["decided_v"].sum())

    plan = [("recruitment_consultant_vs_candidate", "sender_category", "recruitment_consultant", "candidate",
             ["note_rate", "personalised_rate", "acceptance_rate", "response_rate"]),
            ("personalised_vs_none", "personalisation", "personalised", "none", ["acceptance_rate", "response_rate"])]
    for category in ["recruitment_consultant", "candidate"]:
        plan.append((f"personalised_vs_none_within_{category}", "cross", f"{category}|personalised",
                     f"{category}|none", ["acceptance_rate", "response_rate"]))
    out = []
    for name, column, a, b, metrics in plan:
        for metric in metrics:
            xa, na = counts(column, a, metric)
            xb, nb = counts(column, b, metric)
            diff = low = high = p = None
            if na and nb:
                diff = xa / na - xb / nb
                low, high = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff")
                pooled = (xa + xb) / (na + nb)
                if 0 < pooled < 1:
                    p = proportions_ztest([xa, xb], [na, nb])[1]
            out.append([name, metric, a, b, str(xa), str(na), fmt(rate(xa, na)), str(xb), str(nb),
                        fmt(rate(xb, nb)), fmt(diff), fmt(low), fmt(high), fmt(p), period])
    return out


def expected_trend(tagged, months):
    window = tagged[tagged["month"].isin(months)]
    categories = sorted(set(window["sender_category"]) | {"all"})
    out = []
    for month in months:
        for category in categories:
            rows = window[window["month"] == month]
            if category != "all":
                rows = rows[rows["sender_category"] == category]
            n, d = len(rows), int(rows["decided_v"].sum())
            a, r = int(rows["accepted_v"].sum()), int(rows["responded_v"].sum())
            w, p = int(rows["with_note_v"].sum()), int(rows["personalised_v"].sum())
            out.append([month, category, str(n), str(d), str(a), fmt(rate(a, d)), str(r), fmt(rate(r, d)),
                        fmt(rate(w, n)), fmt(rate(p, n))])
    return out


def compare(name, got_path, want):
    got = pd.read_csv(got_path, dtype=str, keep_default_na=False).values.tolist()
    problems = 0
    if len(got) != len(want):
        print(f"{name}: {len(got)} rows, expected {len(want)}")
        problems += 1
    for g, w in zip(got, want):
        if [str(c) for c in g] != w:
            print(f"{name}:\n  tool:     {g}\n  expected: {w}")
            problems += 1
    print(f"{name}: {len(got)} rows checked, {problems} differences")
    return problems


def main():
    folder = Path(sys.argv[1])
    manifest, tagged = load(folder)
    month = manifest["month"]
    month_rows = tagged if month == "all" else tagged[tagged["month"] == month]
    last = tagged["month"].max() if month == "all" else month
    months = [str(p) for p in pd.period_range(end=last, periods=12, freq="M")]
    problems = compare("metrics.csv", folder / "metrics.csv", expected_metrics(month_rows))
    window_rows = tagged[tagged["month"].isin(months)]
    problems += compare("comparisons.csv", folder / "comparisons.csv",
                        expected_comparisons(month_rows, window_rows, month, months))
    problems += compare("trend.csv", folder / "trend.csv", expected_trend(tagged, months))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
