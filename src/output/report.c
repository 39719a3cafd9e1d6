/* report.html: one self-contained page for a board paper: headline table per
 * financial year, charts (SVG inlined as data URIs, so nothing is fetched),
 * key assumptions with their sources, and the run manifest. Printable on A4.
 * Every headline cell carries its raw figures in data-* attributes, so tests
 * can check the table against annual.csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* ---- the headline table ---- */

typedef enum cell_format { AS_COUNT, AS_MONEY, AS_FTE, AS_SHARE } cell_format;

static void format_value(cell_format how, double x, char *buf, size_t size)
{
    switch (how) {
    case AS_COUNT:
        cc_format_count(x, buf, size);
        break;
    case AS_MONEY:
        cc_format_money_m(x, buf, size);
        break;
    case AS_FTE:
        snprintf(buf, size, "%.1f", x);
        break;
    default:
        cc_format_percent(x, buf, size);
        break;
    }
}

/* A cell "P50 (P10-P90)" for metric k in year y, with the raw figures. */
static void range_cell(FILE *f, const cc_results *res, int k, size_t y, cell_format how,
                       float *scratch)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    double q[3];
    char period[16], lo[32], mid[32], hi[32];
    cc_path_stats(res, true, y, &k, 1, pct, 3, scratch, q, NULL);
    cc_results_year_label(res, y, period, sizeof period);
    format_value(how, q[0], lo, sizeof lo);
    format_value(how, q[1], mid, sizeof mid);
    format_value(how, q[2], hi, sizeof hi);
    fputs("<td", f);
    cc_html_attr(f, "data-metric", res->metrics[k].name);
    cc_html_attr(f, "data-period", period);
    fprintf(f,
            " data-p10=\"%.10g\" data-p50=\"%.10g\" data-p90=\"%.10g\">%s <span "
            "class=\"range\">(%s&ndash;%s)</span></td>",
            q[0], q[1], q[2], mid, lo, hi);
}

/* The Monte Carlo standard error of a probability p estimated from n paths. */
static double probability_se(double p, size_t n)
{
    return n > 1 ? sqrt(p * (1.0 - p) / (double)(n - 1)) : (double)NAN;
}

/* The mean over paths of an indicator (a probability) of metric k in year y,
 * or NaN when the year has no budget or target. */
static double probability_of(const cc_results *res, int k, size_t y, float *scratch)
{
    double mean = NAN;
    if (cc_results_defined(res, true, (size_t)k, y))
        cc_path_stats(res, true, y, &k, 1, NULL, 0, scratch, NULL, &mean);
    return mean;
}

/* The attributes and text of a probability cell: "87% ±0.8", with the raw
 * probability and its standard error in data-* attributes. */
static void probability_text(FILE *f, const cc_results *res, int k, size_t y, double p)
{
    char period[16], text[16];
    const double se = probability_se(p, res->n_paths);
    cc_results_year_label(res, y, period, sizeof period);
    cc_format_percent(p, text, sizeof text);
    cc_html_attr(f, "data-metric", res->metrics[k].name);
    cc_html_attr(f, "data-period", period);
    fprintf(f,
            " data-mean=\"%.10g\" data-se=\"%.10g\">%s <span class=\"range\">&plusmn;%.1f</span>",
            p, se, text, 100.0 * se);
}

/* A cell with the chance that an indicator is 1 (e.g. overspending). */
static void probability_cell(FILE *f, const cc_results *res, int k, size_t y, float *scratch)
{
    const double p = probability_of(res, k, y, scratch);
    if (isnan(p)) {
        fputs("<td>&ndash;</td>", f);
        return;
    }
    fputs("<td", f);
    probability_text(f, res, k, y, p);
    fputs("</td>", f);
}

/* The chance of meeting the MTFP target, coloured by its rating. */
static void rag_cell(FILE *f, const cc_scenario *sc, const cc_results *res, int k, size_t y,
                     float *scratch)
{
    const double p = probability_of(res, k, y, scratch);
    if (isnan(p)) {
        fputs("<td>no target</td>", f);
        return;
    }
    const char *rag = p >= sc->run.rag_green_probability   ? "green"
                      : p >= sc->run.rag_amber_probability ? "amber"
                                                           : "red";
    fprintf(f, "<td class=\"rag-%s\" data-rag=\"%s\"", rag, rag);
    probability_text(f, res, k, y, p);
    fprintf(f, " &middot; %c%s</td>", rag[0] - 32, rag + 1);
}

static void headline(FILE *f, const cc_scenario *sc, const cc_results *res, float *scratch)
{
    const int cic = cc_results_metric_index(res, "cic.total");
    const int placements = cc_results_metric_index(res, "cost.placements.total");
    const int total = cc_results_metric_index(res, "cost.total");
    const int need = cc_results_metric_index(res, "fte.need.total");
    const int agency = cc_results_metric_index(res, "fte.agency_share");
    const int savings = cc_results_metric_index(res, "savings.total");
    const int over = cc_results_metric_index(res, "budget.total.p_over");
    const int meet = cc_results_metric_index(res, "mtfp.p_meet");
    const bool has_staff = sc->workforce.n_teams > 0;

    fputs("<table class=\"headline\">\n<thead><tr><th>Financial year</th>"
          "<th>Children in care at 31 March</th><th>Placement spend</th><th>Total spend</th>",
          f);
    if (has_staff)
        fputs("<th>Social workers needed (FTE)</th><th>Agency share</th>", f);
    if (savings >= 0)
        fputs("<th>Savings</th>", f);
    if (over >= 0)
        fputs("<th>Chance of overspending the budget</th>", f);
    if (meet >= 0)
        fputs("<th>Chance of meeting the MTFP target</th>", f);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t y = 0; y < res->n_years; y++) {
        char period[16];
        cc_results_year_label(res, y, period, sizeof period);
        fputs("<tr><td>", f);
        cc_html_text(f, period);
        fputs("</td>", f);
        range_cell(f, res, cic, y, AS_COUNT, scratch);
        range_cell(f, res, placements, y, AS_MONEY, scratch);
        range_cell(f, res, total, y, AS_MONEY, scratch);
        if (has_staff) {
            range_cell(f, res, need, y, AS_FTE, scratch);
            range_cell(f, res, agency, y, AS_SHARE, scratch);
        }
        if (savings >= 0)
            range_cell(f, res, savings, y, AS_MONEY, scratch);
        if (over >= 0)
            probability_cell(f, res, over, y, scratch);
        if (meet >= 0)
            rag_cell(f, sc, res, meet, y, scratch);
        fputs("</tr>\n", f);
    }
    fprintf(f,
            "</tbody></table>\n<p class=\"note\">Every figure comes from the same %zu "
            "simulated futures (Monte Carlo paths). Each cell: the median of the simulated "
            "futures, with the range from the 10th to the 90th percentile in brackets. A chance "
            "is the share of futures in which it happens, &plusmn; its Monte Carlo standard "
            "error in percentage points (at most %.1f with %zu futures); a chance printed "
            "&ldquo;&gt;99%%&rdquo; or &ldquo;&lt;1%%&rdquo; is not a certainty. Stocks are at "
            "31 March; money is for the financial year (April to March).",
            res->n_paths, 100.0 * probability_se(0.5, res->n_paths), res->n_paths);
    if (meet >= 0)
        fprintf(f, " MTFP rating: green when the chance of meeting the target is at least %.0f%%, "
                   "amber when at least %.0f%%, otherwise red.",
                100.0 * sc->run.rag_green_probability, 100.0 * sc->run.rag_amber_probability);
    fputs("</p>\n", f);
}

/* ---- key assumptions ---- */

static void assumption_value(const cc_assumption *a, char *buf, size_t size)
{
    char number[48];
    switch (a->unit) {
    case CC_UNIT_PER_YEAR:
        cc_format_count(a->value, number, sizeof number);
        snprintf(buf, size, "%s a year", number);
        break;
    case CC_UNIT_MONTHS:
        snprintf(buf, size, "%.1f months on average", a->value);
        break;
    case CC_UNIT_SHARE:
        snprintf(buf, size, "%.1f%%", 100.0 * a->value);
        break;
    case CC_UNIT_GBP_WEEK:
        cc_format_count(a->value, number, sizeof number);
        snprintf(buf, size, "£%s a week", number);
        break;
    case CC_UNIT_GBP_YEAR:
        if (a->value >= 1e6) {
            cc_format_money_m(a->value, number, sizeof number);
            snprintf(buf, size, "%s a year", number);
        } else {
            cc_format_count(a->value, number, sizeof number);
            snprintf(buf, size, "£%s a year", number);
        }
        break;
    case CC_UNIT_GBP:
        cc_format_money_m(a->value, buf, size);
        break;
    case CC_UNIT_CASES:
        snprintf(buf, size, "%.1f cases per worker", a->value);
        break;
    default:
        cc_format_count(a->value, buf, size);
        break;
    }
}

/* ---- the page ---- */

cc_status cc_report_write(FILE *f, const cc_scenario *scenario, const cc_results *results,
                          const cc_run_manifest *manifest, const char *charts_dir,
                          const cc_chart_set *charts, cc_error *err)
{
    char hashes[CC_MAX_FILES][65];
    cc_status st = cc_hash_input_files(scenario, hashes, err);
    if (st != CC_OK)
        return st;
    float *scratch = malloc(cc_scratch_floats(results) * sizeof *scratch);
    if (scratch == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "report: out of memory");
    char first[32], last[32];
    cc_format_month_name(results, 0, first, sizeof first);
    cc_format_month_name(results, results->n_months - 1, last, sizeof last);

    cc_html_head(f, scenario->run.name);
    fputs("<h1>", f);
    cc_html_text(f, scenario->run.name);
    fputs("</h1>\n<p>", f);
    cc_html_text(f, scenario->model_name);
    fprintf(f, ". Forecast from %s to %s: %zu simulated futures (Monte Carlo paths), seed %lu%s.</p>\n",
            first, last, manifest->n_paths, manifest->seed,
            scenario->run.parameter_uncertainty ? ", with uncertain rates drawn for each path"
                                                : ", rates fixed at their central values");

    fputs("<h2>Headline by financial year</h2>\n", f);
    headline(f, scenario, results, scratch);
    cc_report_kpis(f, scenario, results, scratch);

    cc_html_charts(f, charts_dir, charts);
    cc_report_actuals(f, scenario, results, scratch);

    fputs("<h2>Key assumptions</h2>\n<table class=\"plain\"><thead><tr><th>Assumption</th>"
          "<th>Value</th><th>Source</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < scenario->n_assumptions; i++) {
        const cc_assumption *a = &scenario->assumptions[i];
        fputs("<tr><td>", f);
        cc_html_text(f, a->label);
        fputs("</td><td>", f);
        char value[64];
        assumption_value(a, value, sizeof value);
        cc_html_text(f, value);
        fputs("</td><td>", f);
        cc_html_text(f, a->source);
        fputs("</td></tr>\n", f);
    }
    for (size_t i = 0; i < scenario->levers.n_set; i++) {
        fputs("<tr><td>Lever</td><td>", f);
        cc_html_text(f, scenario->levers.set_names[i]);
        fputs("</td><td>the scenario file</td></tr>\n", f);
    }
    for (size_t i = 0; i < scenario->n_initiatives; i++) {
        const cc_initiative *in = &scenario->initiatives[i];
        char cost[32];
        cc_format_money_m(in->annual_cost_gbp, cost, sizeof cost);
        fputs("<tr><td>Initiative</td><td>", f);
        cc_html_text(f, in->label);
        fprintf(f, " (%.0f%% likely to deliver; %s a year to run)</td><td>the scenario file</td>"
                   "</tr>\n",
                100.0 * in->delivery_probability, cost);
    }
    fputs("</tbody></table>\n", f);

    fputs("<h2>Run</h2>\n<table class=\"plain\"><tbody>\n", f);
    fputs("<tr><td>Program</td><td>carecast ", f);
    cc_html_text(f, manifest->version);
    fprintf(f, "</td></tr>\n<tr><td>Seed, paths, threads</td><td>%lu, %zu, %d (random numbers: ",
            manifest->seed, manifest->n_paths, manifest->threads);
    cc_html_text(f, manifest->rng_name);
    fputs(")</td></tr>\n", f);
    fprintf(f, "<tr><td>Horizon</td><td>%zu months, %s to %s</td></tr>\n", results->n_months,
            first, last);
    for (size_t i = 0; i < scenario->n_files; i++) {
        fputs("<tr><td>", f);
        fputs(i == 0 ? "Scenario file" : "Model file", f);
        fputs("</td><td>", f);
        cc_html_text(f, scenario->files[i]);
        fprintf(f, "<br><code>sha256 %s</code></td></tr>\n", hashes[i]);
    }
    for (size_t i = 0; i < manifest->n_overrides; i++) {
        fputs("<tr><td>Override</td><td><code>--set ", f);
        cc_html_text(f, manifest->overrides[i]);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</tbody></table>\n</body>\n</html>\n", f);
    free(scratch);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing report.html failed");
    return CC_OK;
}
