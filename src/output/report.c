/* report.html: one self-contained page for a Board paper: the headline in
 * words, headline tables per financial year (money, then children and staff),
 * the price basis, the charts with a takeaway under each (SVG inlined as data
 * URIs, so nothing is fetched), key assumptions with their sources in words,
 * and the run manifest. Printable on A4. Every headline cell carries its raw
 * figures in data-* attributes, so tests can check the page against
 * annual.csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* ---- cells ---- */

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
    /* "(£1.2m–£3.4m)", but "(-£7.8m to -£5.3m)": a dash between negatives misleads. */
    fprintf(f,
            " data-p10=\"%.10g\" data-p50=\"%.10g\" data-p90=\"%.10g\">%s <span "
            "class=\"range\">(%s%s%s)</span></td>",
            q[0], q[1], q[2], mid, lo, q[0] < 0.0 || q[2] < 0.0 ? " to " : "&ndash;", hi);
}

/* The Monte Carlo standard error of a probability p estimated from n paths. */
static double probability_se(double p, size_t n)
{
    return n > 1 ? sqrt(p * (1.0 - p) / (double)(n - 1)) : (double)NAN;
}

/* The mean over paths of metric k in year y, or NaN when the year has no
 * value (no budget or target). */
static double mean_of(const cc_results *res, int k, size_t y, float *scratch)
{
    double mean = NAN;
    if (k >= 0 && cc_results_defined(res, true, (size_t)k, y))
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
    /* An error below 0.05 points, but not none, is "<0.1", never "0.0". */
    char points[16];
    if (se > 0.0 && 100.0 * se < 0.05)
        snprintf(points, sizeof points, "&lt;0.1");
    else
        snprintf(points, sizeof points, "%.1f", 100.0 * se);
    fprintf(f,
            " data-mean=\"%.10g\" data-se=\"%.10g\">%s <span class=\"range\">&plusmn;%s</span>",
            p, se, text, points);
}

/* A cell with the chance that an indicator is 1 (e.g. overspending). */
static void probability_cell(FILE *f, const cc_results *res, int k, size_t y, float *scratch)
{
    const double p = mean_of(res, k, y, scratch);
    if (isnan(p)) {
        fputs("<td>&ndash;</td>", f);
        return;
    }
    fputs("<td", f);
    probability_text(f, res, k, y, p);
    fputs("</td>", f);
}

/* A money cell of year y: the amount in £m, its raw figure in attribute
 * (with data-metric when metric is not NULL), or `missing` when it is NaN. */
static void money_cell(FILE *f, const cc_results *res, const char *metric, size_t y,
                       const char *attribute, double gbp, const char *missing)
{
    if (isnan(gbp)) {
        fprintf(f, "<td>%s</td>", missing);
        return;
    }
    char period[16], text[32];
    cc_results_year_label(res, y, period, sizeof period);
    cc_format_money_m(gbp, text, sizeof text);
    fputs("<td", f);
    if (metric != NULL)
        cc_html_attr(f, "data-metric", metric);
    cc_html_attr(f, "data-period", period);
    fprintf(f, " %s=\"%.10g\">%s</td>", attribute, gbp, text);
}

/* A mean in money (the expected overspend), with its raw figure. */
static void mean_money_cell(FILE *f, const cc_results *res, int k, size_t y, float *scratch)
{
    money_cell(f, res, res->metrics[k].name, y, "data-mean", mean_of(res, k, y, scratch),
               "&ndash;");
}

/* The year's total budget (all lines), pro rata in a year cut short. */
static void budget_cell(FILE *f, const cc_scenario *sc, const cc_results *res, size_t y)
{
    money_cell(f, res, NULL, y, "data-budget", cc_budget_of(sc, res, sc->finance.n_budget_lines, y),
               "no budget");
}

/* The chance of meeting the MTFP target with its rating (cc_html_rag: a word
 * and a symbol as well as the shade, lightest green to darkest red). */
static void rag_cell(FILE *f, const cc_scenario *sc, const cc_results *res, int k, size_t y,
                     float *scratch)
{
    const double p = mean_of(res, k, y, scratch);
    if (isnan(p)) {
        fputs("<td>no target</td>", f);
        return;
    }
    const char *rag = p >= sc->run.rag_green_probability   ? "green"
                      : p >= sc->run.rag_amber_probability ? "amber"
                                                           : "red";
    fprintf(f, "<td class=\"rag-%s\" data-rag=\"%s\"", rag, rag);
    probability_text(f, res, k, y, p);
    fputc(' ', f);
    cc_html_rag(f, rag);
    fputs("</td>", f);
}

/* ---- the headline tables ---- */

/* The table head: "Financial year" and the given column titles. */
static void table_head(FILE *f, const char *const *titles, size_t n)
{
    fputs("<table class=\"headline\">\n<thead><tr><th>Financial year</th>", f);
    for (size_t i = 0; i < n; i++)
        if (titles[i] != NULL)
            fprintf(f, "<th>%s</th>", titles[i]);
    fputs("</tr></thead>\n<tbody>\n", f);
}

static void year_cell(FILE *f, const cc_results *res, size_t y)
{
    char period[16];
    cc_results_year_label(res, y, period, sizeof period);
    fputs("<tr><td>", f);
    cc_html_text(f, period);
    fputs("</td>", f);
}

/* Money: the budget, spend, the expected overspend and its chance, the
 * cumulative position, savings and (when the scenario is rated) the MTFP. */
static void money_table(FILE *f, const cc_scenario *sc, const cc_results *res, float *scratch)
{
    const int total = cc_results_metric_index(res, "cost.total");
    const int over = cc_results_metric_index(res, "budget.total.p_over");
    const int expected = cc_results_metric_index(res, "budget.total.expected_over");
    const int cumulative = cc_results_metric_index(res, "net.cumulative");
    const int savings = cc_results_metric_index(res, "savings.total");
    const int meet = sc->run.mtfp_rating ? cc_results_metric_index(res, "mtfp.p_meet") : -1;
    const bool budgets = over >= 0;
    const char *titles[] = {
        budgets ? "Budget (all lines)" : NULL,
        "Total spend",
        budgets ? "Expected overspend" : NULL,
        budgets ? "Chance of overspending the budget" : NULL,
        cumulative >= 0 ? "Cumulative net position at 31 March (negative: deficit)" : NULL,
        savings >= 0 ? "Savings from the initiatives" : NULL,
        meet >= 0 ? "Chance of meeting the MTFP target" : NULL,
    };
    fputs("<h3>Money</h3>\n", f);
    table_head(f, titles, sizeof titles / sizeof titles[0]);
    for (size_t y = 0; y < res->n_years; y++) {
        year_cell(f, res, y);
        if (budgets)
            budget_cell(f, sc, res, y);
        range_cell(f, res, total, y, AS_MONEY, scratch);
        if (budgets) {
            mean_money_cell(f, res, expected, y, scratch);
            probability_cell(f, res, over, y, scratch);
        }
        if (cumulative >= 0)
            range_cell(f, res, cumulative, y, AS_MONEY, scratch);
        if (savings >= 0)
            range_cell(f, res, savings, y, AS_MONEY, scratch);
        if (meet >= 0)
            rag_cell(f, sc, res, meet, y, scratch);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* Children, placements and staff. */
static void people_table(FILE *f, const cc_scenario *sc, const cc_results *res, float *scratch)
{
    const bool staff = sc->workforce.n_teams > 0;
    const char *titles[] = {"Children in care at 31 March", "Placement spend",
                            staff ? "Social workers needed (FTE)" : NULL,
                            staff ? "Agency share of social workers" : NULL};
    fputs("<h3>Children, placements and social workers</h3>\n", f);
    table_head(f, titles, sizeof titles / sizeof titles[0]);
    for (size_t y = 0; y < res->n_years; y++) {
        year_cell(f, res, y);
        range_cell(f, res, cc_results_metric_index(res, "cic.total"), y, AS_COUNT, scratch);
        range_cell(f, res, cc_results_metric_index(res, "cost.placements.total"), y, AS_MONEY,
                   scratch);
        if (staff) {
            range_cell(f, res, cc_results_metric_index(res, "fte.need.total"), y, AS_FTE,
                       scratch);
            range_cell(f, res, cc_results_metric_index(res, "fte.agency_share"), y, AS_SHARE,
                       scratch);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void headline(FILE *f, const cc_scenario *sc, const cc_results *res, float *scratch)
{
    char sentence[1024];
    cc_headline_sentence(sc, res, sentence, sizeof sentence);
    fputs("<p class=\"headline-words\">", f);
    cc_html_text(f, sentence);
    fputs("</p>\n<h2>Headline by financial year</h2>\n", f);
    money_table(f, sc, res, scratch);
    people_table(f, sc, res, scratch);
    fprintf(f,
            "<p class=\"note\">Every figure comes from the same %zu simulated futures (Monte "
            "Carlo paths). Each cell: the median of the simulated futures, with the range from "
            "the 10th to the 90th percentile in brackets; the expected overspend is the average "
            "over the futures (0 in those within budget). A chance is the share of futures in "
            "which it happens, &plusmn; its Monte Carlo standard error in percentage points (at "
            "most %.1f with %zu futures); a chance printed &ldquo;&gt;99%%&rdquo; or "
            "&ldquo;&lt;1%%&rdquo; is not a certainty. Stocks are at 31 March; money is for the "
            "financial year (April to March).",
            res->n_paths, 100.0 * probability_se(0.5, res->n_paths), res->n_paths);
    if (sc->run.mtfp_rating && cc_results_metric_index(res, "mtfp.p_meet") >= 0)
        fprintf(f,
                " MTFP rating: &#10004; green when the chance of meeting the target is at least "
                "%.0f%%, &#9650; amber when at least %.0f%%, otherwise &#10006; red.",
                100.0 * sc->run.rag_green_probability, 100.0 * sc->run.rag_amber_probability);
    fputs("</p>\n", f);
    char basis[1024];
    cc_price_basis(sc, res, basis, sizeof basis);
    fputs("<p class=\"note\"><b>Prices.</b> ", f);
    cc_html_text(f, basis);
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

/* A row of the assumptions table: the label, the value and the source, each
 * escaped. */
static void assumption_row(FILE *f, const char *label, const char *value, const char *source)
{
    fputs("<tr><td>", f);
    cc_html_text(f, label);
    fputs("</td><td>", f);
    cc_html_text(f, value);
    fputs("</td><td>", f);
    cc_html_text(f, source);
    fputs("</td></tr>\n", f);
}

static void assumptions(FILE *f, const cc_scenario *sc, const cc_run_manifest *manifest)
{
    fputs("<h2>Key assumptions</h2>\n<table class=\"plain\"><thead><tr><th>Assumption</th>"
          "<th>Value</th><th>Source</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < sc->n_assumptions; i++) {
        const cc_assumption *a = &sc->assumptions[i];
        char value[64], source[1024], label[CC_TEXT_MAX + 64];
        assumption_value(a, value, sizeof value);
        cc_source_in_words(a->source, source, sizeof source);
        snprintf(label, sizeof label, "%s", a->label);
        if (strncmp(a->label, "Caseload: ", 10) == 0) { /* the loader names teams by key */
            char team[CC_TEXT_MAX];
            cc_team_in_words(a->label + 10, team, sizeof team);
            snprintf(label, sizeof label, "Caseload: %s", team);
        }
        assumption_row(f, label, value, source);
    }
    for (size_t i = 0; i < sc->levers.n_set; i++) {
        char label[CC_TEXT_MAX], value[64];
        cc_lever_in_words(sc, sc->levers.set_names[i], label, sizeof label, value, sizeof value);
        assumption_row(f, label, value, "the scenario file");
    }
    for (size_t i = 0; i < manifest->n_overrides; i++) {
        char label[CC_TEXT_MAX], value[CC_TEXT_MAX];
        if (cc_override_in_words(manifest->overrides[i], label, sizeof label, value,
                                 sizeof value))
            assumption_row(f, label, value, "changed for this run (--set)");
    }
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *in = &sc->initiatives[i];
        char cost[32], value[CC_TEXT_MAX + 96];
        cc_format_money_m(in->annual_cost_gbp, cost, sizeof cost);
        snprintf(value, sizeof value, "%s (%.0f%% likely to deliver; %s a year to run)",
                 in->label, 100.0 * in->delivery_probability, cost);
        assumption_row(f, "Initiative", value, "the scenario file");
    }
    fputs("</tbody></table>\n", f);
}

/* ---- the page ---- */

static void manifest_table(FILE *f, const cc_scenario *sc, const cc_results *res,
                           const cc_run_manifest *manifest, char (*hashes)[65])
{
    char first[32], last[32];
    cc_format_month_name(res, 0, first, sizeof first);
    cc_format_month_name(res, res->n_months - 1, last, sizeof last);
    fputs("<h2>Run</h2>\n<table class=\"plain\"><tbody>\n", f);
    fputs("<tr><td>Program</td><td>carecast ", f);
    cc_html_text(f, manifest->version);
    fprintf(f, "</td></tr>\n<tr><td>Seed, paths, threads</td><td>%lu, %zu, %d (random numbers: ",
            manifest->seed, manifest->n_paths, manifest->threads);
    cc_html_text(f, manifest->rng_name);
    fputs(")</td></tr>\n", f);
    fprintf(f, "<tr><td>Horizon</td><td>%zu months, %s to %s</td></tr>\n", res->n_months, first,
            last);
    for (size_t i = 0; i < sc->n_files; i++) {
        fputs("<tr><td>", f);
        fputs(i == 0 ? "Scenario file" : "Model file", f);
        fputs("</td><td>", f);
        cc_html_text(f, sc->files[i]);
        fprintf(f, "<br><code>sha256 %s</code></td></tr>\n", hashes[i]);
    }
    for (size_t i = 0; i < manifest->n_overrides; i++) {
        fputs("<tr><td>Override</td><td><code>--set ", f);
        cc_html_text(f, manifest->overrides[i]);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* The title: the scenario's name, and a what-if made with --set says so, with
 * the values ("what-if: entries to care -10%"), so it is never mistaken for
 * the base. */
static void title(FILE *f, const cc_scenario *sc, const cc_run_manifest *manifest)
{
    cc_html_head(f, sc->run.name);
    fputs("<h1>", f);
    cc_html_text(f, sc->run.name);
    bool first = true;
    for (size_t i = 0; i < manifest->n_overrides; i++) {
        char label[CC_TEXT_MAX], value[CC_TEXT_MAX];
        if (!cc_override_in_words(manifest->overrides[i], label, sizeof label, value,
                                  sizeof value))
            continue;
        fputs(first ? "<br><span class=\"whatif\">What-if: " : "; ", f);
        cc_html_text(f, label);
        fputs(" ", f);
        cc_html_text(f, value);
        first = false;
    }
    fputs(first ? "</h1>\n" : "</span></h1>\n", f);
}

cc_status cc_report_write(FILE *f, const cc_scenario *scenario, const cc_results *results,
                          const cc_run_manifest *manifest, const char *charts_dir,
                          const cc_chart_set *charts, cc_error *err)
{
    char hashes[CC_MAX_FILES][65];
    cc_status st = cc_hash_input_files(scenario, hashes, err);
    if (st != CC_OK)
        return st;
    float *scratch = malloc(cc_scratch_floats(results) * sizeof *scratch);
    cc_chart_caption *captions = calloc(CC_CHARTS_MAX, sizeof *captions);
    if (scratch == NULL || captions == NULL) {
        free(scratch);
        free(captions);
        return cc_error_set(err, CC_ERR_NOMEM, "report: out of memory");
    }
    char first[32], last[32];
    cc_format_month_name(results, 0, first, sizeof first);
    cc_format_month_name(results, results->n_months - 1, last, sizeof last);
    title(f, scenario, manifest);
    fputs("<p>", f);
    cc_html_text(f, scenario->model_name);
    fprintf(f, ". Forecast from %s to %s: %zu simulated futures (Monte Carlo paths), seed %lu%s.</p>\n",
            first, last, manifest->n_paths, manifest->seed,
            scenario->run.parameter_uncertainty ? ", with uncertain rates drawn for each path"
                                                : ", rates fixed at their central values");
    headline(f, scenario, results, scratch);
    cc_report_kpis(f, scenario, results, scratch);
    for (size_t i = 0; charts != NULL && i < charts->n; i++)
        cc_chart_caption_for(scenario, results, charts->names[i], scratch, &captions[i]);
    cc_html_charts(f, charts_dir, charts, captions);
    cc_report_actuals(f, scenario, results, scratch);
    assumptions(f, scenario, manifest);
    manifest_table(f, scenario, results, manifest, hashes);
    fputs("</body>\n</html>\n", f);
    free(captions);
    free(scratch);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing report.html failed");
    return CC_OK;
}
