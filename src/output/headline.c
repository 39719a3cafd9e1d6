/* The headline in words, written from the results for a Board member who
 * reads one sentence: the chance of overspending the year's budget and by how
 * much, and where the cumulative position ends, each with its likely range.
 * The figures are annual.csv's (tests check the sentence against it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* "£64.1m", "-£2.3m" in prose: one decimal. */
static void money(double gbp, char *buf, size_t size)
{
    snprintf(buf, size, "%s\xc2\xa3%.1fm", gbp < -0.05e6 ? "-" : "", fabs(gbp) / 1e6);
}

/* "more than 99% likely", "less than 1% likely", "87% likely". */
static void likely(double p, char *buf, size_t size)
{
    if (p > 0.99)
        snprintf(buf, size, "more than 99%% likely");
    else if (p < 0.01)
        snprintf(buf, size, "less than 1%% likely");
    else
        snprintf(buf, size, "%.0f%% likely", 100.0 * p);
}

/* The first financial year the run simulates in full (else the first) that
 * has a total budget; -1 when none has. */
static int budget_year(const cc_scenario *sc, const cc_results *res)
{
    const size_t total = sc->finance.n_budget_lines;
    int first_budgeted = -1;
    for (size_t y = 0; y < res->n_years; y++) {
        if (isnan(cc_budget_of(sc, res, total, y)))
            continue;
        if (first_budgeted < 0)
            first_budgeted = (int)y;
        const bool full = (y > 0 || res->start_month == 4) &&
                          (y + 1 < res->n_years ||
                           (res->start_month - 1 + (int)res->n_months) % 12 == 3);
        if (full)
            return (int)y;
    }
    return first_budgeted;
}

/* The budget clause: "we are 87% likely to overspend the £64.1m budget in
 * 2019/20, most likely by about £5.5m" (or "..., though most likely it is
 * underspent by about £1.2m"). */
static void budget_clause(const cc_scenario *sc, const cc_results *res, int y, float *scratch,
                          char *buf, size_t size)
{
    static const double p50 = 50.0;
    const int spend = cc_results_metric_index(res, "budget.total.spend");
    const int over = cc_results_metric_index(res, "budget.total.p_over");
    double median = 0.0, p = 0.0;
    cc_path_stats(res, true, (size_t)y, &spend, 1, &p50, 1, scratch, &median, NULL);
    cc_path_stats(res, true, (size_t)y, &over, 1, NULL, 0, scratch, NULL, &p);
    const double budget = cc_budget_of(sc, res, sc->finance.n_budget_lines, (size_t)y);
    char year[16], chance[32], b[32], v[32];
    cc_results_year_label(res, (size_t)y, year, sizeof year);
    likely(p, chance, sizeof chance);
    money(budget, b, sizeof b);
    money(fabs(median - budget), v, sizeof v);
    snprintf(buf, size, "we are %s to overspend the %s budget in %s, %s %s", chance, b, year,
             median >= budget ? "most likely by about" : "though most likely it is underspent by",
             v);
}

/* The cumulative clause: "by March 2024 the cumulative deficit is most likely
 * £34.0m (£18.2m–£51.0m)". */
static void cumulative_clause(const cc_results *res, float *scratch, char *buf, size_t size)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    const int k = cc_results_metric_index(res, "net.cumulative");
    const size_t y = res->n_years - 1;
    double q[3];
    cc_path_stats(res, true, y, &k, 1, pct, 3, scratch, q, NULL);
    char last[32], mid[32], lo[32], hi[32];
    cc_format_month_name(res, res->n_months - 1, last, sizeof last);
    const bool deficit = q[1] < 0.0;
    /* A deficit is told as a positive amount: its range runs from -P90 to -P10. */
    money(deficit ? -q[1] : q[1], mid, sizeof mid);
    money(deficit ? -q[2] : q[0], lo, sizeof lo);
    money(deficit ? -q[0] : q[2], hi, sizeof hi);
    snprintf(buf, size, "by %s the cumulative %s is most likely %s (%s\xe2\x80\x93%s)", last,
             deficit ? "deficit" : "surplus", mid, lo, hi);
}

void cc_headline_sentence(const cc_scenario *scenario, const cc_results *results, char *buf,
                          size_t size)
{
    const bool today = scenario->levers.n_set == 0 && scenario->n_initiatives == 0;
    const char *opening = today ? "On today's policies" : "In this scenario";
    float *scratch = malloc(cc_scratch_floats(results) * sizeof *scratch);
    if (scratch == NULL || size == 0) {
        if (size > 0)
            buf[0] = '\0';
        free(scratch);
        return;
    }
    char budget[320] = "", cumulative[320] = "";
    const int y = cc_results_metric_index(results, "budget.total.p_over") >= 0
                      ? budget_year(scenario, results)
                      : -1;
    if (y >= 0)
        budget_clause(scenario, results, y, scratch, budget, sizeof budget);
    if (cc_results_metric_index(results, "net.cumulative") >= 0)
        cumulative_clause(results, scratch, cumulative, sizeof cumulative);
    if (budget[0] != '\0' && cumulative[0] != '\0')
        snprintf(buf, size, "%s %s; %s.", opening, budget, cumulative);
    else if (budget[0] != '\0')
        snprintf(buf, size, "%s %s.", opening, budget);
    else if (cumulative[0] != '\0')
        snprintf(buf, size, "%s, %s.", opening, cumulative);
    else
        snprintf(buf, size, "%s: see the table below.", opening);
    free(scratch);
}
