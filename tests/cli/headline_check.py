#!/usr/bin/env python3
"""Checks the headline sentence of a run against the run's own figures: the
chance of overspending, the budget, the most likely overspend (the median's
variance) of the year it names, from annual.csv and budget.csv; and the
cumulative position's median and 10th to 90th percentile in the last year.
Each number is recomputed here and formatted as the sentence promises (£m to
one decimal; chances as "more than 99%", "less than 1%" or a whole %).

Usage: headline_check.py RUN_DIR SENTENCE
Prints "ok - ..." / "not ok - ..."; exits 1 on a failure.
"""
import csv
import re
import sys

run_dir, sentence = sys.argv[1], sys.argv[2]


def rows(name):
    with open(run_dir + "/" + name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def money(x):
    return ("-" if x < -0.05e6 else "") + "\u00a3%.1fm" % (abs(x) / 1e6)


def likely(p):
    return ("more than 99% likely" if p > 0.99 else "less than 1% likely" if p < 0.01
            else "%.0f%% likely" % (100 * p))


annual = {(r["metric"], r["period"]): r for r in rows("annual.csv")}
expected = []
m = re.search(r"to overspend the \u00a3[0-9.]+m budget in (\d{4}/\d{2})", sentence)
if m:
    year = m.group(1)
    total = [r for r in rows("budget.csv") if r["line"] == "total" and r["period"] == year][0]
    budget = float(total["budget_gbp"])
    median = float(annual[("budget.total.spend", year)]["p50"])
    p = float(annual[("budget.total.p_over", year)]["mean"])
    expected.append("we are %s to overspend the %s budget in %s" % (likely(p), money(budget), year))
    expected.append(("most likely by about " if median >= budget else
                     "though most likely it is underspent by about ") + money(abs(median - budget)))
years = sorted(period for metric, period in annual if metric == "net.cumulative")
if years:
    last = annual[("net.cumulative", years[-1])]
    q10, q50, q90 = float(last["p10"]), float(last["p50"]), float(last["p90"])
    if q50 < 0:
        expected.append("the cumulative deficit is most likely %s (%s\u2013%s)" %
                        (money(-q50), money(-q90), money(-q10)))
    else:
        expected.append("the cumulative surplus is most likely %s (%s\u2013%s)" %
                        (money(q50), money(q10), money(q90)))
missing = [e for e in expected if e not in sentence]
good = len(expected) >= 2 and not missing
print(("ok - " if good else "not ok - ") +
      "the headline's figures are the run's (%d clauses checked)" % len(expected) +
      ("" if good else ": missing %r in %r" % (missing, sentence)))
sys.exit(0 if good else 1)
