/* carecast.xlsx: the run as a finance officer's workbook (libxlsxwriter):
 * a headline sheet, the budget-monitoring table, the annual and monthly
 * results with labels and units, and the run manifest. Numbers are written
 * as numbers with £, % or count formats; periods and names as text, so that
 * Excel converts nothing ("2019/20" is never a date). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* The formats a sheet needs, made once per workbook. */
typedef struct formats {
    lxw_format *title, *header, *wrap, *money, *count, *fte, *percent, *plain;
} formats;

typedef struct book {
    lxw_workbook *wb;
    formats fmt;
    const cc_scenario *sc;
    const cc_results *res;
    const cc_summary *summary;
    const cc_run_manifest *manifest;
    float *scratch; /* n_paths floats */
} book;

static lxw_format *number_format(lxw_workbook *wb, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, num_format);
    return f;
}

static void make_formats(lxw_workbook *wb, formats *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f->header, 0xEEEEEE);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    f->wrap = workbook_add_format(wb);
    format_set_text_wrap(f->wrap);
    f->money = number_format(wb, "\xc2\xa3#,##0;[Red]-\xc2\xa3#,##0");
    f->count = number_format(wb, "#,##0.0");
    f->fte = number_format(wb, "#,##0.0");
    f->percent = number_format(wb, "0.0%");
    f->plain = number_format(wb, "General");
}

/* The format for values of a kind. */
static lxw_format *format_of(const formats *f, cc_value_kind kind)
{
    switch (kind) {
    case CC_VALUE_MONEY:
        return f->money;
    case CC_VALUE_SHARE:
    case CC_VALUE_CHANCE:
        return f->percent;
    case CC_VALUE_FTE:
    case CC_VALUE_CASELOAD:
        return f->fte;
    default:
        return f->count;
    }
}

/* A number, or an empty cell for a value that does not exist (NaN). */
static void put_number(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double x, lxw_format *f)
{
    if (isnan(x))
        worksheet_write_blank(ws, r, c, f);
    else
        worksheet_write_number(ws, r, c, x, f);
}

static void put_headers(const book *b, lxw_worksheet *ws, lxw_row_t r, const char *const *names,
                        size_t n)
{
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(ws, r, (lxw_col_t)i, names[i], b->fmt.header);
}

/* ---- Budget monitoring ---- */

static void budget_sheet(const book *b, const cc_budget_row *rows, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Budget monitoring");
    static const char *const headers[] = {
        "Budget line", "Financial year", "Budget (\xc2\xa3)", "Forecast P10 (\xc2\xa3)",
        "Forecast median (\xc2\xa3)", "Forecast P90 (\xc2\xa3)", "Forecast mean (\xc2\xa3)",
        "Variance at the median (\xc2\xa3; forecast less budget, positive is an overspend)",
        "Chance of overspending", "Standard error of the chance",
        "Expected overspend (\xc2\xa3)", "Line (name in the model)"};
    const size_t n_cols = sizeof headers / sizeof headers[0];
    put_headers(b, ws, 0, headers, n_cols);
    for (size_t i = 0; i < n; i++) {
        const cc_budget_row *row = &rows[i];
        const lxw_row_t r = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, r, 0, row->label, NULL);
        worksheet_write_string(ws, r, 1, row->period, NULL);
        const double money[] = {row->budget_gbp, row->p10, row->p50, row->p90, row->mean,
                                row->variance_gbp};
        for (size_t c = 0; c < sizeof money / sizeof money[0]; c++)
            put_number(ws, r, (lxw_col_t)(2 + c), money[c], b->fmt.money);
        put_number(ws, r, 8, row->p_over, b->fmt.percent);
        put_number(ws, r, 9, row->p_over_se, b->fmt.percent);
        put_number(ws, r, 10, row->expected_over_gbp, b->fmt.money);
        worksheet_write_string(ws, r, 11, row->line, NULL);
    }
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 1, 10, NULL);
    worksheet_set_column(ws, 2, 10, 15, NULL);
    worksheet_set_column(ws, 11, 11, 22, NULL);
    worksheet_set_row(ws, 0, 45, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    if (n > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(n_cols - 1));
}

/* ---- Annual and monthly results ---- */

static void results_sheet(const book *b, bool annual)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, annual ? "Annual results" : "Monthly results");
    const cc_summary *s = b->summary;
    const char *headers[5 + 3 + CC_MAX_PERCENTILES];
    char pct_names[CC_MAX_PERCENTILES][16];
    size_t n_cols = 0;
    headers[n_cols++] = "Measure";
    headers[n_cols++] = "Unit";
    headers[n_cols++] = annual ? "Financial year" : "Month";
    headers[n_cols++] = "Mean";
    headers[n_cols++] = "Standard error of the mean";
    headers[n_cols++] = "Standard deviation";
    for (size_t i = 0; i < s->n_pct; i++) {
        snprintf(pct_names[i], sizeof pct_names[i], "P%g", s->pct[i]);
        headers[n_cols++] = pct_names[i];
    }
    headers[n_cols++] = "Metric (name in annual.csv)";
    put_headers(b, ws, 0, headers, n_cols);
    const size_t n_periods = annual ? b->res->n_years : b->res->n_months;
    lxw_row_t r = 1;
    for (size_t k = 0; k < b->res->n_metrics; k++) {
        const cc_metric *m = &b->res->metrics[k];
        if (!annual && m->kind == CC_METRIC_ANNUAL_ONLY)
            continue;
        cc_metric_info info;
        cc_metric_describe(b->sc, m->name, &info);
        lxw_format *f = format_of(&b->fmt, info.kind);
        for (size_t t = 0; t < n_periods; t++) {
            const double *v = annual ? cc_summary_annual(s, k, t) : cc_summary_monthly(s, k, t);
            if (isnan(v[0]))
                continue; /* as in the CSVs: no budget or target that year */
            char period[16];
            if (annual)
                cc_results_year_label(b->res, t, period, sizeof period);
            else
                cc_results_month_label(b->res, t, period, sizeof period);
            worksheet_write_string(ws, r, 0, info.label, NULL);
            worksheet_write_string(ws, r, 1, info.unit, NULL);
            worksheet_write_string(ws, r, 2, period, NULL);
            put_number(ws, r, 3, v[0], f);
            put_number(ws, r, 4, v[1] / sqrt((double)b->res->n_paths), f);
            for (size_t i = 1; i < 2 + s->n_pct; i++)
                put_number(ws, r, (lxw_col_t)(4 + i), v[i], f);
            worksheet_write_string(ws, r, (lxw_col_t)(n_cols - 1), m->name, NULL);
            r++;
        }
    }
    worksheet_set_column(ws, 0, 0, 48, NULL);
    worksheet_set_column(ws, 1, 2, 12, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)(n_cols - 2), 13, NULL);
    worksheet_set_column(ws, (lxw_col_t)(n_cols - 1), (lxw_col_t)(n_cols - 1), 30, NULL);
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, (lxw_col_t)(n_cols - 1));
}

/* ---- Headline ---- */

/* One measure of the headline sheet: the metric and how to show it. */
typedef struct headline_measure {
    const char *metric, *title;
    bool chance; /* the mean (a probability) and its standard error, not percentiles */
} headline_measure;

static void headline_sheet(const book *b)
{
    static const headline_measure measures[] = {
        {"cic.total", "Children in care at 31 March", false},
        {"cost.placements.total", "Placement spend", false},
        {"cost.total", "Total spend", false},
        {"budget.total.spend", "Spend against all budget lines", false},
        {"budget.total.p_over", "Chance of overspending the total budget", true},
        {"budget.total.expected_over", "Expected overspend", true},
        {"net.position", "Net position (income less spend)", false},
        {"net.cumulative", "Cumulative net position at 31 March", false},
        {"fte.need.total", "Social workers needed (FTE)", false},
        {"fte.agency_share", "Agency share of social workers", false},
        {"caseload.average", "Average caseload (cases per social worker; KPI)", false},
        {"kpi.caseload.p_green", "Chance the caseload KPI is green (at or below target)", true},
        {"fte.vacancy_rate", "Vacancy rate of social work posts (KPI)", false},
        {"kpi.vacancy_rate.p_green", "Chance the vacancy rate KPI is green", true},
        {"kpi.agency_share.p_green", "Chance the agency share KPI is green", true},
        {"savings.total", "Savings from the initiatives", false},
        {"mtfp.p_meet", "Chance of meeting the MTFP target", true},
    };
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Headline");
    worksheet_write_string(ws, 0, 0, b->sc->run.name, b->fmt.title);
    worksheet_write_string(ws, 1, 0, b->sc->model_name, NULL);
    char first[32], last[32], text[512];
    cc_format_month_name(b->res, 0, first, sizeof first);
    cc_format_month_name(b->res, b->res->n_months - 1, last, sizeof last);
    snprintf(text, sizeof text,
             "Forecast from %s to %s over %zu simulated futures (Monte Carlo paths), seed %lu. "
             "Money in pounds at the prices the model states (docs/outputs.md).",
             first, last, b->res->n_paths, b->manifest->seed);
    worksheet_write_string(ws, 2, 0, text, NULL);
    char sentence[1024];
    cc_headline_sentence(b->sc, b->res, sentence, sizeof sentence);
    worksheet_write_string(ws, 3, 0, sentence, b->fmt.wrap);
    worksheet_set_row(ws, 3, 48, NULL);
    static const char *const headers[] = {"Measure", "Financial year", "Median", "P10", "P90",
                                          "Mean", "Standard error of the mean", "Unit",
                                          "Metric (name in annual.csv)"};
    put_headers(b, ws, 5, headers, sizeof headers / sizeof headers[0]);
    static const double pct[3] = {10.0, 50.0, 90.0}; /* ascending, as selection needs */
    static const int column_of[3] = {3, 2, 4};         /* shown as median, P10, P90 */
    lxw_row_t r = 6;
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++) {
        const int k = cc_results_metric_index(b->res, measures[i].metric);
        if (k < 0)
            continue;
        cc_metric_info info;
        cc_metric_describe(b->sc, measures[i].metric, &info);
        lxw_format *f = format_of(&b->fmt, info.kind);
        for (size_t y = 0; y < b->res->n_years; y++) {
            if (!cc_results_defined(b->res, true, (size_t)k, y))
                continue;
            double q[3], mean = 0.0;
            char period[16];
            cc_path_stats(b->res, true, y, &k, 1, pct, 3, b->scratch, q, &mean);
            const double sd = cc_summary_annual(b->summary, (size_t)k, y)[1];
            cc_results_year_label(b->res, y, period, sizeof period);
            worksheet_write_string(ws, r, 0, measures[i].title, NULL);
            worksheet_write_string(ws, r, 1, period, NULL);
            for (int c = 0; c < 3; c++)
                put_number(ws, r, (lxw_col_t)column_of[c], measures[i].chance ? (double)NAN : q[c],
                           f);
            put_number(ws, r, 5, mean, f);
            put_number(ws, r, 6, sd / sqrt((double)b->res->n_paths), f);
            worksheet_write_string(ws, r, 7, info.unit, NULL);
            worksheet_write_string(ws, r, 8, measures[i].metric, NULL);
            r++;
        }
    }
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, 6, 14, NULL);
    worksheet_set_column(ws, 7, 8, 24, NULL);
    worksheet_set_row(ws, 5, 30, NULL);
    worksheet_freeze_panes(ws, 6, 2);
}

/* ---- Run ---- */

static void run_sheet(const book *b, char (*hashes)[65])
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Run");
    const cc_run_manifest *m = b->manifest;
    char first[16], last[16];
    cc_results_month_label(b->res, 0, first, sizeof first);
    cc_results_month_label(b->res, b->res->n_months - 1, last, sizeof last);
    lxw_row_t r = 0;
    worksheet_write_string(ws, r++, 0, "What was run", b->fmt.title);
    const struct {
        const char *key;
        const char *text;
        double number;
    } items[] = {
        {"Program", "carecast", NAN},    {"Version", m->version, NAN},
        {"Scenario", b->sc->run.name, NAN}, {"Model", b->sc->model_name, NAN},
        {"Seed", NULL, (double)m->seed}, {"Paths", NULL, (double)m->n_paths},
        {"Threads", NULL, (double)m->threads}, {"Random number generator", m->rng_name, NAN},
        {"First month", first, NAN},     {"Last month", last, NAN},
        {"Months", NULL, (double)b->res->n_months},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++, r++) {
        worksheet_write_string(ws, r, 0, items[i].key, b->fmt.header);
        if (items[i].text != NULL)
            worksheet_write_string(ws, r, 1, items[i].text, NULL);
        else
            worksheet_write_number(ws, r, 1, items[i].number, b->fmt.plain);
    }
    r++;
    static const char *const file_headers[] = {"Input file", "SHA-256"};
    put_headers(b, ws, r++, file_headers, 2);
    for (size_t i = 0; i < b->sc->n_files; i++, r++) {
        worksheet_write_string(ws, r, 0, b->sc->files[i], NULL);
        worksheet_write_string(ws, r, 1, hashes[i], NULL);
    }
    for (size_t i = 0; i < m->n_overrides; i++, r++) {
        worksheet_write_string(ws, r, 0, "Override (--set)", b->fmt.header);
        worksheet_write_string(ws, r, 1, m->overrides[i], NULL);
    }
    worksheet_set_column(ws, 0, 0, 40, NULL);
    worksheet_set_column(ws, 1, 1, 70, NULL);
}

cc_status cc_workbook_write(const char *path, const cc_scenario *scenario,
                            const cc_results *results, const cc_summary *summary,
                            const cc_run_manifest *manifest, cc_error *err)
{
    char hashes[CC_MAX_FILES][65];
    cc_status st = cc_hash_input_files(scenario, hashes, err);
    cc_budget_row *rows = NULL;
    size_t n_rows = 0;
    if (st == CC_OK)
        st = cc_budget_rows(scenario, results, &rows, &n_rows, err);
    if (st != CC_OK)
        return st;
    book b = {.sc = scenario, .res = results, .summary = summary, .manifest = manifest};
    b.scratch = malloc(cc_scratch_floats(results) * sizeof *b.scratch);
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    b.wb = b.scratch != NULL ? workbook_new_opt(path, &options) : NULL;
    if (b.wb == NULL) {
        free(b.scratch);
        free(rows);
        return cc_error_set(err, b.scratch == NULL ? CC_ERR_NOMEM : CC_ERR_IO,
                            "%s: cannot start the workbook", path);
    }
    /* libxlsxwriter takes the properties as char *: copies keep the inputs const. */
    char title[CC_TEXT_MAX], subject[CC_TEXT_MAX], author[] = "carecast",
                                                   comments[] = "Monte Carlo forecast; see the Run sheet";
    snprintf(title, sizeof title, "%s", scenario->run.name);
    snprintf(subject, sizeof subject, "%s", scenario->model_name);
    lxw_doc_properties properties = {
        .title = title, .subject = subject, .author = author, .comments = comments};
    workbook_set_properties(b.wb, &properties);
    make_formats(b.wb, &b.fmt);
    headline_sheet(&b);
    if (n_rows > 0)
        budget_sheet(&b, rows, n_rows);
    results_sheet(&b, true);
    results_sheet(&b, false);
    run_sheet(&b, hashes);
    errno = 0;
    const lxw_error closed = workbook_close(b.wb);
    const int saved = errno; /* the system's reason, e.g. a full disk */
    free(b.scratch);
    free(rows);
    if (closed != LXW_NO_ERROR)
        return cc_error_set(err, CC_ERR_IO, "%s: writing the workbook failed: %s%s%s", path,
                            lxw_strerror(closed), saved != 0 ? ": " : "",
                            saved != 0 ? strerror(saved) : "");
    return CC_OK;
}
