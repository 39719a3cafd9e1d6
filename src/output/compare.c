/* Comparing scenarios run on common random numbers: each scenario's level and
 * its difference from the base, path by path (so the difference's spread is
 * the scenarios' doing, not chance), as CSV, charts and a report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "carecast/stats.h"
#include "output/output_internal.h"

/* Values of metric `name` for every path at a period, or NULL when the run has
 * no such metric or no value then (annual-only metrics monthly, NaN years). */
static const float *values_of(const cc_compared *run, const char *name, bool annual,
                              size_t period)
{
    const int k = cc_results_metric_index(run->results, name);
    if (k < 0)
        return NULL;
    if (!annual && run->results->metrics[k].kind == CC_METRIC_ANNUAL_ONLY)
        return NULL;
    const float *v = annual ? cc_results_annual(run->results, (size_t)k, period)
                            : cc_results_monthly(run->results, (size_t)k, period);
    return isnan(v[0]) ? NULL : v;
}

/* Mean and percentiles of base-minus-nothing (level) or alt minus base (diff). */
static void stats_of(const float *v, const float *base, size_t n, const double *pct,
                     size_t n_pct, float *scratch, double *mean, double *out)
{
    for (size_t p = 0; p < n; p++)
        scratch[p] = base != NULL ? v[p] - base[p] : v[p];
    double sd = 0.0;
    cc_stats_mean_sd(scratch, n, mean, &sd);
    cc_stats_percentiles(scratch, n, pct, n_pct, out);
}

static void put_row(FILE *f, const char *metric, const char *period, const char *scenario,
                    const double *stats, size_t n_pct)
{
    fprintf(f, "%s,%s,", metric, period);
    cc_csv_field(f, scenario);
    for (size_t i = 0; i < 1 + n_pct; i++)
        fprintf(f, ",%.10g", stats[i] == 0.0 ? 0.0 : stats[i]);
    fputc('\n', f);
}

/* One (metric, period) of the comparison: its rows are the base, then each
 * alternative's level and difference; a row is NaN when it has no value. */
typedef struct block {
    const char *name; /* a metric of the base or of an alternative */
    bool annual;
    size_t t;
} block;

/* The metrics of the comparison: the base's, then those only an alternative
 * has (its savings when the base has no initiatives), each once. Returns how
 * many were stored in names (n_runs x CC_METRICS_MAX entries). */
static size_t union_of_metrics(const cc_compared *runs, size_t n_runs, const char **names)
{
    size_t n = 0;
    for (size_t r = 0; r < n_runs; r++)
        for (size_t k = 0; k < runs[r].results->n_metrics; k++) {
            const char *name = runs[r].results->metrics[k].name;
            bool seen = false;
            for (size_t r0 = 0; r0 < r && !seen; r0++)
                seen = cc_results_metric_index(runs[r0].results, name) >= 0;
            if (!seen)
                names[n++] = name;
        }
    return n;
}

cc_status cc_compare_write_csv(FILE *f, const cc_compared *runs, size_t n_runs, const double *pct,
                               size_t n_pct, cc_error *err)
{
    const cc_results *base = runs[0].results;
    const size_t n_rows = 2 * n_runs - 1, stride = 1 + n_pct;
    const char **names = malloc(n_runs * CC_METRICS_MAX * sizeof *names);
    const size_t n_names = names != NULL ? union_of_metrics(runs, n_runs, names) : 0;
    const size_t n_blocks = n_names * (base->n_months + base->n_years);
    block *blocks = malloc((n_blocks + 1) * sizeof *blocks);
    double *stats = malloc((n_blocks + 1) * n_rows * stride * sizeof *stats);
    if (names == NULL || blocks == NULL || stats == NULL) {
        free(names);
        free(blocks);
        free(stats);
        return cc_error_set(err, CC_ERR_NOMEM, "compare: out of memory");
    }
    size_t nb = 0;
    for (size_t k = 0; k < n_names; k++)
        for (int annual = 0; annual < 2; annual++)
            for (size_t t = 0; t < (annual ? base->n_years : base->n_months); t++)
                blocks[nb++] = (block){names[k], annual != 0, t};

    /* The statistics are independent per block: compute them in parallel,
     * then write in order, so the file is the same for any thread count. */
    int failed = 0;
#pragma omp parallel
    {
        float *scratch = malloc(base->n_paths * sizeof *scratch);
        if (scratch == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 8)
        for (long i = 0; i < (long)nb; i++) {
            if (scratch == NULL)
                continue;
            const block *bl = &blocks[i];
            const char *name = bl->name;
            double *row = stats + (size_t)i * n_rows * stride;
            for (size_t j = 0; j < n_rows * stride; j++)
                row[j] = NAN;
            /* Each scenario's own level when it has the metric; a difference
             * only when the base has it too. */
            const float *b = values_of(&runs[0], name, bl->annual, bl->t);
            if (b != NULL)
                stats_of(b, NULL, base->n_paths, pct, n_pct, scratch, &row[0], &row[1]);
            for (size_t r = 1; r < n_runs; r++) {
                const float *v = values_of(&runs[r], name, bl->annual, bl->t);
                if (v == NULL)
                    continue;
                double *level = row + (2 * r - 1) * stride, *diff = row + 2 * r * stride;
                stats_of(v, NULL, base->n_paths, pct, n_pct, scratch, &level[0], &level[1]);
                if (b != NULL)
                    stats_of(v, b, base->n_paths, pct, n_pct, scratch, &diff[0], &diff[1]);
            }
        }
        free(scratch);
    }
    if (failed) {
        free(names);
        free(blocks);
        free(stats);
        return cc_error_set(err, CC_ERR_NOMEM, "compare: out of memory");
    }

    /* Scenario names are file stems, which may not be ASCII. */
    const char *run_names[CC_COMPARED_MAX];
    for (size_t r = 0; r < n_runs && r < CC_COMPARED_MAX; r++)
        run_names[r] = runs[r].name;
    cc_utf8_bom_for(f, run_names, n_runs < CC_COMPARED_MAX ? n_runs : CC_COMPARED_MAX);
    fputs("metric,period,scenario,mean", f);
    for (size_t i = 0; i < n_pct; i++)
        fprintf(f, ",p%g", pct[i]);
    fputc('\n', f);
    for (size_t i = 0; i < nb; i++) {
        const block *bl = &blocks[i];
        const double *row = stats + i * n_rows * stride;
        char period[16], label[2 * CC_NAME_MAX + 16];
        if (bl->annual)
            cc_results_year_label(base, bl->t, period, sizeof period);
        else
            cc_results_month_label(base, bl->t, period, sizeof period);
        const char *name = bl->name;
        for (size_t r = 0; r < n_rows; r++) {
            const double *s = row + r * stride;
            if (isnan(s[0]))
                continue;
            const size_t run = (r + 1) / 2;
            if (r > 0 && r % 2 == 0) {
                snprintf(label, sizeof label, "%s-minus-%s", runs[run].name, runs[0].name);
                put_row(f, name, period, label, s, n_pct);
            } else {
                put_row(f, name, period, runs[run].name, s, n_pct);
            }
        }
    }
    free(names);
    free(blocks);
    free(stats);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing compare.csv failed");
    return CC_OK;
}

/* ---- charts of the differences ---- */

typedef struct diff_chart {
    const cc_compared *runs;
    size_t n_runs;
    const char *metric;
    bool annual;
    double scale;       /* divide values by this (1e6 for £m) */
    const char *title;  /* what is compared */
    float *scratch;
} diff_chart;

/* A chart data file's header: the first column, then "NAME P10", "NAME",
 * "NAME P90" for each of runs[from..n_runs). */
static void series_header(FILE *f, const char *first, const cc_compared *runs, size_t from,
                          size_t n_runs)
{
    static const char *const suffix[3] = {" P10", "", " P90"};
    fputs(first, f);
    for (size_t r = from; r < n_runs; r++)
        for (int i = 0; i < 3; i++) {
            char header[CC_NAME_MAX + 8];
            snprintf(header, sizeof header, "%s%s", runs[r].name, suffix[i]);
            fputc(' ', f);
            cc_gnuplot_put(f, header, CC_GNUPLOT_DATA);
        }
    fputc('\n', f);
}

static bool write_diff_data(FILE *f, const void *context, cc_chart_text *text)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    const diff_chart *c = context;
    const cc_results *base = c->runs[0].results;
    series_header(f, "period", c->runs, 1, c->n_runs);
    const size_t n = c->annual ? base->n_years : base->n_months;
    for (size_t t = 0; t < n; t++) {
        const float *b = values_of(&c->runs[0], c->metric, c->annual, t);
        char period[16];
        if (c->annual)
            cc_results_year_label(base, t, period, sizeof period);
        else
            cc_results_month_label(base, t, period, sizeof period);
        fputs(period, f);
        for (size_t r = 1; r < c->n_runs; r++) {
            const float *v = values_of(&c->runs[r], c->metric, c->annual, t);
            double q[3] = {NAN, NAN, NAN}, mean = 0.0;
            if (b != NULL && v != NULL)
                stats_of(v, b, base->n_paths, pct, 3, c->scratch, &mean, q);
            for (int i = 0; i < 3; i++)
                fprintf(f, isnan(q[i]) ? " NaN" : " %.6g", q[i] / c->scale);
        }
        fputc('\n', f);
    }
    snprintf(text->title, sizeof text->title, "%s: difference from %s (median, P10-P90)",
             c->title, c->runs[0].name);
    snprintf(text->extra_key, sizeof text->extra_key, "@SERIES@");
    snprintf(text->extra, sizeof text->extra, "%zu", c->n_runs - 1);
    return !ferror(f);
}

/* Children in care by month, every scenario's own median and P10-P90 band,
 * the base first: the levels beside each other, not only their difference. */
static bool write_levels_data(FILE *f, const void *context, cc_chart_text *text)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    const diff_chart *c = context;
    const cc_results *base = c->runs[0].results;
    series_header(f, "month", c->runs, 0, c->n_runs);
    for (size_t t = 0; t < base->n_months; t++) {
        char month[16];
        cc_results_month_label(base, t, month, sizeof month);
        fputs(month, f);
        for (size_t r = 0; r < c->n_runs; r++) {
            const float *v = values_of(&c->runs[r], c->metric, false, t);
            double q[3] = {NAN, NAN, NAN}, mean = 0.0;
            if (v != NULL)
                stats_of(v, NULL, base->n_paths, pct, 3, c->scratch, &mean, q);
            for (int i = 0; i < 3; i++)
                fprintf(f, isnan(q[i]) ? " NaN" : " %.6g", q[i]);
        }
        fputc('\n', f);
    }
    snprintf(text->title, sizeof text->title, "%s: each scenario (median, P10-P90)", c->title);
    snprintf(text->extra_key, sizeof text->extra_key, "@SERIES@");
    snprintf(text->extra, sizeof text->extra, "%zu", c->n_runs);
    return !ferror(f);
}

/* The placement type whose places are in-house foster carers, or -1. */
static int carers_type(const cc_scenario *sc)
{
    for (size_t p = 0; p < sc->n_placements; p++)
        if (sc->placements[p].capacity == CC_CAPACITY_CARERS && sc->placements[p].overflow_to >= 0)
            return (int)p;
    return -1;
}

/* In-house foster places and children in the overflow type (agency foster
 * care) by month, medians, for every scenario. */
static bool write_capacity_data(FILE *f, const void *context, cc_chart_text *text)
{
    static const double p50 = 50.0;
    const diff_chart *c = context;
    const cc_results *base = c->runs[0].results;
    const cc_scenario *sc = c->runs[0].scenario;
    const int type = carers_type(sc);
    char overflow[CC_METRIC_NAME_MAX];
    snprintf(overflow, sizeof overflow, "cic.placement.%s",
             sc->placements[sc->placements[type].overflow_to].name);
    fputs("month", f);
    for (size_t r = 0; r < c->n_runs; r++) {
        char header[CC_NAME_MAX + 40];
        snprintf(header, sizeof header, "%s in-house places", c->runs[r].name);
        fputc(' ', f);
        cc_gnuplot_put(f, header, CC_GNUPLOT_DATA);
        snprintf(header, sizeof header, "%s in agency fostering", c->runs[r].name);
        fputc(' ', f);
        cc_gnuplot_put(f, header, CC_GNUPLOT_DATA);
    }
    fputc('\n', f);
    for (size_t t = 0; t < base->n_months; t++) {
        char month[16];
        cc_results_month_label(base, t, month, sizeof month);
        fputs(month, f);
        for (size_t r = 0; r < c->n_runs; r++) {
            const char *names[2] = {"carers.places", overflow};
            for (int i = 0; i < 2; i++) {
                const float *v = values_of(&c->runs[r], names[i], false, t);
                double q = NAN, mean = 0.0;
                if (v != NULL)
                    stats_of(v, NULL, base->n_paths, &p50, 1, c->scratch, &mean, &q);
                fprintf(f, isnan(q) ? " NaN" : " %.6g", q);
            }
        }
        fputc('\n', f);
    }
    snprintf(text->title, sizeof text->title,
             "In-house foster places and children in agency fostering, each scenario (medians)");
    snprintf(text->extra_key, sizeof text->extra_key, "@SERIES@");
    snprintf(text->extra, sizeof text->extra, "%zu", c->n_runs);
    return !ferror(f);
}

cc_status cc_compare_charts_write(const char *dir, const cc_compared *runs, size_t n_runs,
                                  cc_chart_set *out, cc_error *err)
{
    const bool has_carers = carers_type(runs[0].scenario) >= 0;
    const struct {
        const char *name, *template_name, *metric, *title;
        bool annual;
        double scale;
        cc_chart_data_fn writer;
        bool wanted;
    } charts[] = {
        {"compare_cic_levels", "compare_cic_levels", "cic.total", "Children in care", false, 1.0,
         write_levels_data, true},
        {"compare_cic", "compare_monthly", "cic.total", "Children in care", false, 1.0,
         write_diff_data, true},
        {"compare_capacity", "compare_capacity", "carers.places", "Foster carer capacity", false,
         1.0, write_capacity_data, has_carers},
        {"compare_spend", "compare_annual", "cost.total", "Total spend by financial year (£m)",
         true, 1e6, write_diff_data, true},
        {"compare_fte", "compare_monthly", "fte.need.total", "Social workers needed (FTE)", false,
         1.0, write_diff_data, true},
    };
    float *scratch = malloc(runs[0].results->n_paths * sizeof *scratch);
    if (scratch == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "compare charts: out of memory");
    out->n = 0;
    cc_status st = CC_OK;
    for (size_t i = 0; i < sizeof charts / sizeof charts[0] && st == CC_OK; i++) {
        if (!charts[i].wanted || cc_results_metric_index(runs[0].results, charts[i].metric) < 0)
            continue;
        diff_chart c = {runs, n_runs, charts[i].metric, charts[i].annual, charts[i].scale,
                        charts[i].title, scratch};
        st = cc_chart_write(dir, charts[i].name, charts[i].template_name, charts[i].writer, &c,
                            err);
        if (st == CC_OK)
            snprintf(out->names[out->n++], CC_CHART_NAME_MAX, "%s", charts[i].name);
    }
    free(scratch);
    return st;
}

/* ---- the side-by-side report ---- */

/* A cell's text: the value in its unit, signed for a difference. */
static void format_value(cc_value_kind kind, double x, bool signed_value, char *buf, size_t size)
{
    char text[40];
    if (kind == CC_VALUE_FTE)
        snprintf(text, sizeof text, "%.1f", x); /* the table's caption says FTE */
    else
        cc_format_value(kind, x, text, sizeof text);
    snprintf(buf, size, "%s%s", signed_value && x > 0.0 ? "+" : "", text);
}

/* The data-* keys of a cell, so tests can find its figures. */
static void cell_keys(FILE *f, const char *metric, const char *period, const char *scenario)
{
    cc_html_attr(f, "data-metric", metric);
    cc_html_attr(f, "data-period", period);
    cc_html_attr(f, "data-scenario", scenario);
}

/* A chance (the mean of an indicator) in each scenario, and the change in
 * percentage points from the base. */
static void chance_cells(FILE *f, const cc_compared *runs, size_t r, const char *metric,
                         const char *period, const float *v, const float *b)
{
    const size_t n = runs[0].results->n_paths;
    double p = 0.0, pb = 0.0, sd = 0.0;
    char text[16];
    cc_stats_mean_sd(v, n, &p, &sd);
    cc_stats_mean_sd(b, n, &pb, &sd);
    cc_format_value(CC_VALUE_CHANCE, p, text, sizeof text);
    fputs("<td", f);
    cell_keys(f, metric, period, runs[r].name);
    fprintf(f, " data-mean=\"%.10g\">%s</td>", p, text);
    if (r == 0)
        return;
    char diff[2 * CC_TEXT_MAX + 16];
    snprintf(diff, sizeof diff, "%s-minus-%s", runs[r].name, runs[0].name);
    fputs("<td class=\"diff\"", f);
    cell_keys(f, metric, period, diff);
    fprintf(f, " data-mean=\"%.10g\">%+.0f points</td>", p - pb, 100.0 * (p - pb));
}

/* A level's median in each scenario, and the median difference from the
 * base with its P10 to P90 (path by path). */
static void level_cells(FILE *f, const cc_compared *runs, size_t r, const char *metric,
                        const char *period, cc_value_kind kind, const float *v, const float *b,
                        float *scratch)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    const size_t n = runs[0].results->n_paths;
    double q[3], mean = 0.0;
    char mid[48], lo[48], hi[48];
    stats_of(v, NULL, n, pct, 3, scratch, &mean, q);
    format_value(kind, q[1], false, mid, sizeof mid);
    fputs("<td", f);
    cell_keys(f, metric, period, runs[r].name);
    fprintf(f, " data-p50=\"%.10g\">%s</td>", q[1], mid);
    if (r == 0)
        return;
    stats_of(v, b, n, pct, 3, scratch, &mean, q);
    format_value(kind, q[1], true, mid, sizeof mid);
    format_value(kind, q[0], true, lo, sizeof lo);
    format_value(kind, q[2], true, hi, sizeof hi);
    char diff[2 * CC_TEXT_MAX + 16];
    snprintf(diff, sizeof diff, "%s-minus-%s", runs[r].name, runs[0].name);
    fputs("<td class=\"diff\"", f);
    cell_keys(f, metric, period, diff);
    fprintf(f,
            " data-p10=\"%.10g\" data-p50=\"%.10g\" data-p90=\"%.10g\">%s <span "
            "class=\"range\">(%s to %s)</span></td>",
            q[0], q[1], q[2], mid, lo, hi);
}

static void compare_table(FILE *f, const cc_compared *runs, size_t n_runs, const char *metric,
                          const char *caption, float *scratch)
{
    const cc_results *base = runs[0].results;
    if (cc_results_metric_index(base, metric) < 0)
        return;
    cc_metric_info info;
    cc_metric_describe(runs[0].scenario, metric, &info);
    fputs("<h3>", f);
    cc_html_text(f, caption != NULL ? caption : info.label);
    fputs("</h3>\n<table class=\"compare\"><thead><tr><th>Financial year</th>", f);
    for (size_t r = 0; r < n_runs; r++) {
        fputs("<th>", f);
        cc_html_text(f, runs[r].name);
        fputs("</th>", f);
        if (r > 0) {
            fputs("<th>", f);
            cc_html_text(f, runs[r].name);
            fputs(" &minus; ", f);
            cc_html_text(f, runs[0].name);
            fputs("</th>", f);
        }
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t y = 0; y < base->n_years; y++) {
        char period[16];
        cc_results_year_label(base, y, period, sizeof period);
        fputs("<tr><td>", f);
        cc_html_text(f, period);
        fputs("</td>", f);
        const float *b = values_of(&runs[0], metric, true, y);
        for (size_t r = 0; r < n_runs; r++) {
            const float *v = values_of(&runs[r], metric, true, y);
            if (v == NULL || b == NULL)
                fputs(r > 0 ? "<td>&ndash;</td><td>&ndash;</td>" : "<td>&ndash;</td>", f);
            else if (info.kind == CC_VALUE_CHANCE)
                chance_cells(f, runs, r, metric, period, v, b);
            else
                level_cells(f, runs, r, metric, period, info.kind, v, b, scratch);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

cc_status cc_compare_report_write(FILE *f, const cc_compared *runs, size_t n_runs,
                                  const cc_run_manifest *manifest, const char *charts_dir,
                                  const cc_chart_set *charts, cc_error *err)
{
    return cc_compare_report_write_measures(f, runs, n_runs, NULL, 0, manifest, charts_dir,
                                            charts, err);
}

cc_status cc_compare_report_write_measures(FILE *f, const cc_compared *runs, size_t n_runs,
                                           const char *const *measures, size_t n_measures,
                                           const cc_run_manifest *manifest,
                                           const char *charts_dir, const cc_chart_set *charts,
                                           cc_error *err)
{
    const cc_results *base = runs[0].results;
    float *scratch = malloc(base->n_paths * sizeof *scratch);
    if (scratch == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "compare report: out of memory");
    char first[32], last[32];
    cc_format_month_name(base, 0, first, sizeof first);
    cc_format_month_name(base, base->n_months - 1, last, sizeof last);
    cc_html_head(f, "Scenario comparison");
    fputs("<h1>Scenario comparison</h1>\n<p>", f);
    for (size_t r = 0; r < n_runs; r++) {
        fputs(r == 0 ? "Base: <b>" : (r == 1 ? "; compared: <b>" : ", <b>"), f);
        cc_html_text(f, runs[r].name);
        fputs("</b> (", f);
        cc_html_text(f, runs[r].scenario->run.name);
        fputs(")", f);
    }
    fprintf(f, ". %s to %s, %zu paths, seed %lu. Every scenario runs on the same random numbers "
               "(common random numbers), so each difference is worked out path by path and "
               "reflects the scenarios, not chance. Cells: the median; differences also give "
               "the 10th to 90th percentile.</p>\n",
            first, last, manifest->n_paths, manifest->seed);
    compare_table(f, runs, n_runs, "cic.total", "Children in care at 31 March", scratch);
    compare_table(f, runs, n_runs, "cost.total", "Total spend", scratch);
    compare_table(f, runs, n_runs, "cost.placements.total", "Placement spend", scratch);
    compare_table(f, runs, n_runs, "fte.need.total", "Social workers needed (FTE, year average)",
                  scratch);
    for (size_t i = 0; i < n_measures; i++)
        compare_table(f, runs, n_runs, measures[i], NULL, scratch);
    cc_html_charts(f, charts_dir, charts, NULL);
    fputs("<h2>Scenarios</h2>\n<table class=\"plain\"><tbody>\n", f);
    cc_status st = CC_OK;
    for (size_t r = 0; r < n_runs && st == CC_OK; r++) {
        char hashes[CC_MAX_FILES][65];
        st = cc_hash_input_files(runs[r].scenario, hashes, err);
        for (size_t i = 0; st == CC_OK && i < runs[r].scenario->n_files; i++) {
            fputs("<tr><td>", f);
            cc_html_text(f, runs[r].name);
            fputs("</td><td>", f);
            cc_html_text(f, runs[r].scenario->files[i]);
            fprintf(f, "<br><code>sha256 %s</code></td></tr>\n", hashes[i]);
        }
    }
    fputs("<tr><td>Program</td><td>carecast ", f);
    cc_html_text(f, manifest->version);
    fputs(", random numbers ", f);
    cc_html_text(f, manifest->rng_name);
    fputs("</td></tr>\n", f);
    fputs("</tbody></table>\n</body>\n</html>\n", f);
    free(scratch);
    if (st == CC_OK && ferror(f))
        st = cc_error_set(err, CC_ERR_IO, "writing the comparison report failed");
    return st;
}
