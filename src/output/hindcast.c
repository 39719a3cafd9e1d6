/* The hindcast's files: hindcast.csv (one row per origin, metric and year),
 * run.json (what was run, with the input files' SHA-256), a chart of fans
 * against what happened per origin, and report.html with the scores beside
 * the naive forecast and its band. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/hindcast.h"
#include "carecast/output.h"
#include "output/output_internal.h"

static void csv_number(FILE *f, double x)
{
    if (isnan(x))
        fputs(",", f);
    else
        fprintf(f, ",%.6g", x);
}

cc_status cc_hindcast_write_csv(FILE *f, const cc_hindcast *h, cc_error *err)
{
    fputs("origin,metric,period,actual,p5,p25,p50,p75,p95,inside50,inside90,interval_score,naive\n",
          f);
    for (size_t i = 0; i < h->n_rows; i++) {
        const cc_hindcast_row *r = &h->rows[i];
        const cc_score_case *c = &r->c;
        fprintf(f, "%d-03-31,%s,%d/%02d", r->origin, cc_history_metric_names[r->field], r->year,
                (r->year + 1) % 100);
        csv_number(f, c->actual);
        for (int q = 0; q < 5; q++)
            csv_number(f, c->q[q]);
        fprintf(f, ",%d,%d", cc_score_inside(c->q[1], c->q[3], c->actual),
                cc_score_inside(c->q[0], c->q[4], c->actual));
        csv_number(f, r->interval_score);
        csv_number(f, c->naive);
        fputc('\n', f);
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing hindcast.csv failed");
    return CC_OK;
}

cc_status cc_hindcast_write_json(FILE *f, const cc_scenario *sc, const cc_hindcast *h,
                                 const cc_run_manifest *manifest, cc_error *err)
{
    char hashes[CC_MAX_FILES][65];
    const cc_status st = cc_hash_input_files(sc, hashes, err);
    if (st != CC_OK)
        return st;
    const cc_hindcast_options *o = &h->options;
    fputs("{\n  \"program\": \"carecast\",\n  \"command\": \"hindcast\",\n  \"version\": ", f);
    cc_json_string(f, manifest->version);
    fputs(",\n  \"model\": ", f);
    cc_json_string(f, sc->model_name);
    fprintf(f, ",\n  \"seed\": %lu,\n  \"rng\": ", manifest->seed);
    cc_json_string(f, manifest->rng_name);
    fprintf(f,
            ",\n  \"paths\": %zu,\n  \"threads\": %d,\n  \"first_origin\": \"%d-03-31\",\n"
            "  \"last_origin\": \"%d-03-31\",\n  \"horizon_years\": %d,\n  \"files\": [",
            manifest->n_paths, manifest->threads, o->first_origin, o->last_origin,
            o->horizon_years);
    cc_json_files(f, sc, hashes);
    fputs("\n  ]", f);
    cc_json_outputs(f, manifest);
    fputs("\n}\n", f);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing run.json failed");
    return CC_OK;
}

/* ---- charts: one per origin ---- */

/* Panel titles, in cc_hindcast_fields order. */
static const char *const chart_titles[CC_HINDCAST_METRICS] = {
    "Children in care, 31 March", "CIN plans, 31 March",           "CP plans, 31 March",
    "Care leavers, 31 March",     "Entries in the year to 31 March", "Exits in the year to 31 March"};

typedef struct origin_chart {
    const cc_scenario *sc;
    const cc_hindcast *h;
    const cc_hindcast_origin *o;
    int first, last;                     /* the years drawn (2019 = 2019/20) */
    bool drawn[CC_HINDCAST_METRICS];     /* the metrics with a history in those years */
    size_t n_drawn;
} origin_chart;

/* The years a chart covers: the whole history and the forecast's years. */
static void chart_years(origin_chart *c)
{
    const cc_scenario *sc = c->sc;
    c->first = sc->n_history_years > 0 ? sc->history_years[0].year : c->o->origin - 1;
    c->last = c->o->origin - 1 + c->h->options.horizon_years;
    if (sc->n_history_years > 0 && sc->history_years[sc->n_history_years - 1].year > c->last)
        c->last = sc->history_years[sc->n_history_years - 1].year;
}

/* The metrics with an actual in the chart's years (a forecast is scored only
 * against one): a panel without one would have no point to draw, and gnuplot
 * stops the whole chart at it ("all points y value undefined"). */
static void chart_panels(origin_chart *c)
{
    c->n_drawn = 0;
    for (int i = 0; i < CC_HINDCAST_METRICS; i++) {
        c->drawn[i] = false;
        for (int y = c->first; y <= c->last && !c->drawn[i]; y++) {
            const cc_history_year *hy = cc_scenario_history_year(c->sc, y);
            c->drawn[i] = hy != NULL && isfinite(hy->value[cc_hindcast_fields[i]]);
        }
        c->n_drawn += c->drawn[i] ? 1u : 0u;
    }
}

/* The forecast row of one metric and year from this origin, or NULL. */
static const cc_hindcast_row *row_of(const cc_hindcast *h, const cc_hindcast_origin *o,
                                     cc_history_field f, int year)
{
    for (size_t i = o->first_row; i < o->first_row + o->n_rows; i++)
        if (h->rows[i].field == f && h->rows[i].year == year)
            return &h->rows[i];
    return NULL;
}

static void dat_number(FILE *f, double x)
{
    if (isnan(x))
        fputs(" NaN", f);
    else
        fprintf(f, " %.6g", x);
}

/* The template's @PANELS@: the origin, the layout and the drawn panels' titles. */
static void panels_code(const origin_chart *c, cc_chart_text *t)
{
    const size_t cols = c->n_drawn < 3 ? c->n_drawn : 3;
    int n = snprintf(t->extra, sizeof t->extra,
                     "origin_year = %d; rows = %zu; cols = %zu; array panel[%zu] = [",
                     c->o->origin, (c->n_drawn + cols - 1) / cols, cols, c->n_drawn);
    const char *sep = "";
    for (int i = 0; i < CC_HINDCAST_METRICS && n > 0 && (size_t)n < sizeof t->extra; i++) {
        if (!c->drawn[i])
            continue;
        char quoted[96];
        cc_gnuplot_quote(chart_titles[i], CC_GNUPLOT_SCRIPT, quoted, sizeof quoted);
        n += snprintf(t->extra + n, sizeof t->extra - (size_t)n, "%s%s", sep, quoted);
        sep = ", ";
    }
    if (n > 0 && (size_t)n < sizeof t->extra)
        snprintf(t->extra + n, sizeof t->extra - (size_t)n, "]");
}

/* One block per drawn metric: every history year and every forecast year. */
static bool write_origin_chart(FILE *f, const void *context, cc_chart_text *t)
{
    const origin_chart *c = context;
    fputs("# year (of the 31 March) actual p5 p25 p50 p75 p95, one block per quantity drawn\n", f);
    const char *gap = "";
    for (int i = 0; i < CC_HINDCAST_METRICS; i++) {
        if (!c->drawn[i])
            continue;
        const cc_history_field field = cc_hindcast_fields[i];
        fprintf(f, "%s# %s\n", gap, cc_history_metric_names[field]);
        gap = "\n\n";
        for (int y = c->first; y <= c->last; y++) {
            const cc_history_year *hy = cc_scenario_history_year(c->sc, y);
            const cc_hindcast_row *r = row_of(c->h, c->o, field, y);
            fprintf(f, "%d", y + 1);
            dat_number(f, hy != NULL ? hy->value[field] : (double)NAN);
            for (int q = 0; q < 5; q++)
                dat_number(f, r != NULL ? r->c.q[q] : (double)NAN);
            fputc('\n', f);
        }
    }
    snprintf(t->title, sizeof t->title,
             "Forecast as at 31 March %d (calibrated on history to then) against what happened",
             c->o->origin);
    snprintf(t->extra_key, sizeof t->extra_key, "@PANELS@");
    panels_code(c, t);
    return !ferror(f);
}

cc_status cc_hindcast_charts_write(const char *dir, const cc_scenario *scenario,
                                   const cc_hindcast *h, cc_chart_set *out, cc_error *err)
{
    out->n = 0;
    for (size_t i = 0; i < h->n_origins && out->n < CC_CHARTS_MAX; i++) {
        origin_chart ctx = {.sc = scenario, .h = h, .o = &h->origins[i]};
        chart_years(&ctx);
        chart_panels(&ctx);
        if (ctx.n_drawn == 0)
            continue;
        char name[CC_CHART_NAME_MAX];
        snprintf(name, sizeof name, "hindcast_%d", h->origins[i].origin);
        const cc_status st = cc_chart_write(dir, name, "hindcast", write_origin_chart, &ctx, err);
        if (st != CC_OK)
            return st;
        snprintf(out->names[out->n++], CC_CHART_NAME_MAX, "%s", name);
    }
    return CC_OK;
}

/* ---- report.html ---- */

static const char *const metric_labels[CC_HINDCAST_METRICS] = {
    "Children in care, 31 March", "CIN plans, 31 March", "CP plans, 31 March",
    "Care leavers, 31 March", "Entries in the year", "Exits in the year"};

static void pct_cell(FILE *f, double x)
{
    if (isnan(x))
        fputs("<td>&ndash;</td>", f);
    else
        fprintf(f, "<td>%.1f%%</td>", 100.0 * x);
}

static void score_row(FILE *f, const char *label, const cc_score_summary *s)
{
    fputs("<tr><td>", f);
    cc_html_text(f, label);
    fprintf(f, "</td><td>%zu of %zu</td><td>%zu of %zu</td>", s->inside90, s->n, s->inside50, s->n);
    pct_cell(f, s->mape);
    pct_cell(f, s->mdape);
    fprintf(f, "<td>%.2f</td>", s->mean_is);
    pct_cell(f, s->naive_mape);
    pct_cell(f, s->naive_mdape);
    if (s->n_band > 0)
        fprintf(f, "<td>%zu of %zu</td><td>%.2f (model %.2f)</td></tr>\n", s->band_inside90,
                s->n_band, s->band_mean_is, s->mean_is_band_cases);
    else
        fputs("<td>&ndash;</td><td>&ndash;</td></tr>\n", f);
}

static cc_status summary_table(FILE *f, const cc_hindcast *h, int ahead, cc_error *err)
{
    cc_score_summary s;
    cc_status st = cc_hindcast_summarise(h, -1, ahead, &s, err);
    if (st != CC_OK || s.n == 0)
        return st;
    fprintf(f, "<h3>%d year%s ahead</h3>\n", ahead, ahead > 1 ? "s" : "");
    fputs("<table class=\"compare\"><thead><tr><th></th><th>in P5&ndash;P95</th><th>in P25&ndash;P75</th>"
          "<th>MAPE</th><th>median APE</th><th>interval score</th><th>no change: MAPE</th>"
          "<th>no change: median APE</th><th>naive band: in 90%</th>"
          "<th>naive band: interval score</th></tr></thead><tbody>\n",
          f);
    score_row(f, "All", &s);
    for (int i = 0; i < CC_HINDCAST_METRICS && st == CC_OK; i++) {
        st = cc_hindcast_summarise(h, (int)cc_hindcast_fields[i], ahead, &s, err);
        if (st == CC_OK && s.n > 0)
            score_row(f, metric_labels[i], &s);
    }
    fputs("</tbody></table>\n", f);
    return st;
}

static void rows_table(FILE *f, const cc_hindcast *h)
{
    fputs("<h2>Every forecast</h2>\n<table class=\"compare\"><thead><tr><th>Origin</th>"
          "<th>Quantity</th><th>Year</th><th>Actual</th><th>P5</th><th>P25</th><th>P50</th>"
          "<th>P75</th><th>P95</th><th>No change</th><th>Interval score</th></tr></thead>"
          "<tbody>\n",
          f);
    for (size_t i = 0; i < h->n_rows; i++) {
        const cc_hindcast_row *r = &h->rows[i];
        const bool in90 = cc_score_inside(r->c.q[0], r->c.q[4], r->c.actual);
        fprintf(f, "<tr%s><td>31 Mar %d</td><td>%s</td><td>%d/%02d</td><td>%.0f</td>",
                in90 ? "" : " class=\"rag-red\"", r->origin, cc_history_metric_names[r->field],
                r->year, (r->year + 1) % 100, r->c.actual);
        for (int q = 0; q < 5; q++)
            fprintf(f, "<td>%.0f</td>", r->c.q[q]);
        fprintf(f, "<td>%.0f</td><td>%.2f</td></tr>\n", r->c.naive, r->interval_score);
    }
    fputs("</tbody></table>\n<p class=\"note\">Rows shaded: the actual fell outside P5&ndash;P95."
          "</p>\n",
          f);
}

static const char method_note[] =
    "<p class=\"note\">At each origin the model is calibrated on the history known that day only "
    "(docs/calibration.md section 18): its yearly processes for entries, exits, CIN, CP and care "
    "leavers are fitted, the model starts from that 31 March's stocks, and it is run forward with "
    "today's policies (levers and initiatives are left out). Children in care are scored as "
    "published, with the flows' reconciliation error added. The interval score is the width of "
    "P5&ndash;P95 plus 20 times any distance by which the actual falls outside, divided by the "
    "actual: lower is better, and a range cannot win by width alone. The naive forecast is "
    "&ldquo;no change&rdquo; from the origin; the naive band is it times exp(&plusmn;1.645 s), s "
    "the series' own earlier year-to-year log changes, where it has any.</p>\n";

cc_status cc_hindcast_report_write(FILE *f, const cc_scenario *sc, const cc_hindcast *h,
                                   const cc_run_manifest *manifest, const char *charts_dir,
                                   const cc_chart_set *charts, cc_error *err)
{
    const cc_hindcast_options *o = &h->options;
    cc_html_head(f, "Hindcast");
    fputs("<h1>Hindcast: the model's forecasts against what happened</h1>\n<p>", f);
    cc_html_text(f, sc->model_name);
    fprintf(f, ". Origins: 31 March %d to %d; %d year%s ahead; %zu paths, seed %lu.</p>\n",
            o->first_origin, o->last_origin, o->horizon_years, o->horizon_years > 1 ? "s" : "",
            manifest->n_paths, manifest->seed);
    fputs(method_note, f);
    fputs("<h2>Scores</h2>\n", f);
    cc_status st = CC_OK;
    for (int a = 1; a <= o->horizon_years && st == CC_OK; a++)
        st = summary_table(f, h, a, err);
    if (st != CC_OK)
        return st;
    cc_html_charts(f, charts_dir, charts, NULL);
    rows_table(f, h);
    char hashes[CC_MAX_FILES][65];
    st = cc_hash_input_files(sc, hashes, err);
    fputs("<h2>Files</h2>\n<table class=\"plain\"><tbody>\n", f);
    for (size_t i = 0; st == CC_OK && i < sc->n_files; i++) {
        fputs("<tr><td>", f);
        cc_html_text(f, sc->files[i]);
        fprintf(f, "<br><code>sha256 %s</code></td></tr>\n", hashes[i]);
    }
    fputs("<tr><td>carecast ", f);
    cc_html_text(f, manifest->version);
    fputs(", random numbers ", f);
    cc_html_text(f, manifest->rng_name);
    fputs("</td></tr>\n</tbody></table>\n</body>\n</html>\n", f);
    if (st == CC_OK && ferror(f))
        st = cc_error_set(err, CC_ERR_IO, "writing the hindcast report failed");
    return st;
}
