#!/usr/bin/env python3
"""Reads back carecast.xlsx of a finished run (zipfile + the sheet XML, through
tests/support/xlsx_dump.py) and checks it against the run's CSVs: every number
of the Annual results and Monthly results sheets equals annual.csv and
monthly.csv, the Budget monitoring sheet equals budget.csv and annual.csv's
budget.<line>.* metrics, periods are text, money has a £ format and chances a
% format, and the Run sheet names the seed and the input files' SHA-256 of
run.json. Prints "ok - ..." / "not ok - ..." lines; exits 1 on any failure.

Usage: workbook_check.py RUN_DIR XLSX_DUMP_SCRIPT
"""
import csv
import json
import math
import subprocess
import sys

run_dir, dump = sys.argv[1], sys.argv[2]
failed = 0


def report(good, name, why=""):
    global failed
    print(("ok - " if good else "not ok - ") + name + ("" if good else ": " + why))
    failed += 0 if good else 1


def sheet(name):
    out = subprocess.run([sys.executable, dump, run_dir + "/carecast.xlsx", name],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def cell(text):
    kind, _, rest = text.partition(":")
    if kind == "n":
        value, _, fmt = rest.partition(":")
        return ("n", float(value), fmt)
    return (kind, rest, "")


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def read_csv(name):
    with open(run_dir + "/" + name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


names = subprocess.run([sys.executable, dump, run_dir + "/carecast.xlsx"], capture_output=True,
                       text=True, check=True).stdout.split("\n")
report(names[:5] == ["Headline", "Budget monitoring", "Annual results", "Monthly results", "Run"],
       "the workbook has the sheets Headline, Budget monitoring, Annual results, Monthly "
       "results, Run", repr(names))

# ---- Annual and monthly results equal the CSVs ----
for title, csv_name in (("Annual results", "annual.csv"), ("Monthly results", "monthly.csv")):
    rows = sheet(title)
    header = [cell(c)[1] for c in rows[0]]
    expected = {(r["metric"], r["period"]): r for r in read_csv(csv_name)}
    stats = list(next(iter(expected.values())).keys())[2:]  # mean, mean_se, sd, p5...
    bad, seen, text_periods, formats_ok = [], 0, True, True
    for row in rows[1:]:
        cells = [cell(c) for c in row]
        metric, period = cells[-1][1], cells[2][1]
        text_periods &= cells[2][0] == "s"
        want = expected.get((metric, period))
        if want is None:
            bad.append("%s@%s not in %s" % (metric, period, csv_name))
            continue
        seen += 1
        got = [c[1] for c in cells[3:3 + len(stats)]]
        for stat, g in zip(stats, got):
            if not close(g, float(want[stat])):
                bad.append("%s@%s %s: %r vs %s" % (metric, period, stat, g, want[stat]))
        money = metric.startswith(("cost.", "income.", "net.", "savings.")) or \
            metric.endswith((".spend", ".expected_over"))
        chance = metric.endswith((".p_over", "p_meet", ".p_green", ".p_amber", ".p_red"))
        fmt = cells[3][2]
        if (money and "\u00a3" not in fmt) or (chance and "%" not in fmt):
            formats_ok = False
            bad.append("%s: format %r" % (metric, fmt))
    report(not bad and seen == len(expected),
           "%s: every number equals %s (%d rows x %d statistics)" % (title, csv_name, seen,
                                                                     len(stats)),
           "; ".join(bad[:5]) + " (%d of %d rows)" % (seen, len(expected)))
    report(text_periods, "%s: periods are text, never dates" % title)
    report(formats_ok, "%s: money has a \u00a3 format, chances a %% format" % title)
    report(header[0] == "Measure" and header[1] == "Unit" and
           all(cell(r[0])[1] and cell(r[1])[1] for r in rows[1:]),
           "%s: every row has a measure in words and a unit" % title)

# ---- Headline: each measure's median, P10, P90 and mean are annual.csv's ----
rows = sheet("Headline")
annual = {(r["metric"], r["period"]): r for r in read_csv("annual.csv")}
bad, seen, metrics = [], 0, set()
for row in rows[6:]:
    cells = [cell(c) for c in row]
    metric, period = cells[8][1], cells[1][1]
    want = annual.get((metric, period))
    if want is None or cells[1][0] != "s" or not cells[0][1]:
        bad.append("%s@%s: not in annual.csv, or no words" % (metric, period))
        continue
    seen += 1
    metrics.add(metric)
    for col, stat in ((2, "p50"), (3, "p10"), (4, "p90"), (5, "mean"), (6, "mean_se")):
        if cells[col][0] == "n" and not close(cells[col][1], float(want[stat])):
            bad.append("%s@%s %s: %r vs %s" % (metric, period, stat, cells[col][1], want[stat]))
    if cells[5][0] != "n":
        bad.append("%s@%s: no mean" % (metric, period))
report(not bad and seen > 0,
       "Headline: %d rows (%s) equal annual.csv" % (seen, ", ".join(sorted(metrics))),
       "; ".join(bad[:5]))

# ---- Budget monitoring equals budget.csv and annual.csv ----
rows = sheet("Budget monitoring")
budget = read_csv("budget.csv")
annual = {(r["metric"], r["period"]): r for r in read_csv("annual.csv")}
columns = ["budget_gbp", "forecast_p10_gbp", "forecast_p50_gbp", "forecast_p90_gbp",
           "forecast_mean_gbp", "variance_at_median_gbp", "p_overspend", "p_overspend_se",
           "expected_overspend_gbp"]
bad = []
for row, want in zip(rows[1:], budget):
    cells = [cell(c) for c in row]
    if cells[-1][1] != want["line"] or cells[1][1] != want["period"] or cells[1][0] != "s":
        bad.append("row order: %r vs %s %s" % (cells[-1][1], want["line"], want["period"]))
        continue
    for c, name in zip(cells[2:11], columns):
        if want[name] == "":
            if c[0] != "b":
                bad.append("%s %s %s: %r, expected empty" % (want["line"], want["period"], name, c))
        elif c[0] != "n" or not close(c[1], float(want[name])):
            bad.append("%s %s %s: %r vs %s" % (want["line"], want["period"], name, c, want[name]))
    # One definition: the chance and the median are annual.csv's.
    over = annual.get(("budget.%s.p_over" % want["line"], want["period"]))
    spend = annual.get(("budget.%s.spend" % want["line"], want["period"]))
    if over is not None and want["p_overspend"] != "" and \
            not close(float(want["p_overspend"]), float(over["mean"])):
        bad.append("%s %s: p_overspend %s, annual.csv %s" % (want["line"], want["period"],
                                                             want["p_overspend"], over["mean"]))
    if spend is None or not close(float(want["forecast_p50_gbp"]), float(spend["p50"])):
        bad.append("%s %s: median vs annual.csv" % (want["line"], want["period"]))
    se = want["p_overspend_se"]
    if se != "":
        p, n = float(want["p_overspend"]), json.load(open(run_dir + "/run.json"))["paths"]
        if not close(float(se), math.sqrt(p * (1 - p) / (n - 1))):
            bad.append("%s %s: standard error %s" % (want["line"], want["period"], se))
report(not bad and len(rows) - 1 == len(budget) and len(budget) > 0,
       "Budget monitoring: %d rows equal budget.csv, whose chances and medians are annual.csv's"
       % len(budget), "; ".join(bad[:5]))

# ---- Run sheet: the manifest ----
manifest = json.load(open(run_dir + "/run.json"))
rows = sheet("Run")
flat = "\n".join("\t".join(cell(c)[1] if cell(c)[0] == "s" else repr(cell(c)[1]) for c in r)
                 for r in rows)
good = all(f["sha256"] in flat for f in manifest["files"]) and \
    ("Seed\t%r" % float(manifest["seed"])) in flat
report(good, "Run: the seed and every input file's SHA-256 of run.json", flat[:300])
sys.exit(1 if failed else 0)
