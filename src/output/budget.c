/* The budget-monitoring table a finance officer reads: for each budget line
 * (then the lines that cover placements, then all lines) and financial year,
 * the budget, the forecast spend (P10, P50, P90, mean), the variance at the
 * median and the chance of overspending with its standard error. Written as
 * budget.csv and as a sheet of carecast.xlsx; the figures are those of
 * annual.csv's budget.<line>.* metrics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* Months of year y that the run simulates (12 except at the ends). */
static double months_in_year(const cc_results *res, size_t y)
{
    int n = 0;
    for (size_t t = 0; t < res->n_months; t++) {
        const int month = (res->start_month - 1 + (int)t) % 12 + 1;
        const int year = res->start_year + (res->start_month - 1 + (int)t) / 12;
        n += (month >= 4 ? year : year - 1) - res->first_fin_year == (int)y;
    }
    return (double)n;
}

/* The budget of line l in year y (l == n_lines: all lines; n_lines + 1: the
 * lines covering placements), pro rata for a year the run cuts short; NaN
 * when the year has no budget or the line is unbudgeted. As the engine judges
 * it (src/engine/budgets.c). */
double cc_budget_of(const cc_scenario *sc, const cc_results *res, size_t l, size_t y)
{
    const cc_finance *fin = &sc->finance;
    const int bi = res->first_fin_year + (int)y - fin->budget_first_year;
    if (bi < 0 || (size_t)bi >= fin->n_budget_years)
        return NAN;
    const double share = months_in_year(res, y) / 12.0;
    if (l < fin->n_budget_lines)
        return fin->budget_lines[l].unbudgeted ? (double)NAN
                                               : fin->budget_lines[l].annual_gbp[bi] * share;
    double sum = 0.0;
    for (size_t i = 0; i < fin->n_budget_lines; i++) {
        const cc_budget_line *line = &fin->budget_lines[i];
        const bool counted = l == fin->n_budget_lines || (line->covers & CC_COVERS_PLACEMENTS);
        if (counted && !line->unbudgeted)
            sum += line->annual_gbp[bi] * share;
    }
    return sum;
}

static void row_names(const cc_scenario *sc, size_t l, cc_budget_row *row)
{
    const size_t n = sc->finance.n_budget_lines;
    const char *name = l < n ? sc->finance.budget_lines[l].name
                       : l == n ? "total"
                                : "placement_lines";
    snprintf(row->line, sizeof row->line, "%s", name);
    char metric[CC_METRIC_NAME_MAX];
    snprintf(metric, sizeof metric, "budget.%s.spend", name);
    cc_metric_info info;
    cc_metric_describe(sc, metric, &info);
    /* "Spend against the budget: Foster care" -> "Foster care" */
    const char *colon = strstr(info.label, ": ");
    snprintf(row->label, sizeof row->label, "%s", colon != NULL ? colon + 2 : info.label);
    if (l < n && sc->finance.budget_lines[l].unbudgeted)
        snprintf(row->label + strlen(row->label), sizeof row->label - strlen(row->label),
                 " (no budget)");
}

/* Fills one row from the budget.<line>.* metrics of year y. */
static void fill_row(const cc_scenario *sc, const cc_results *res, size_t l, size_t y,
                     float *scratch, cc_budget_row *row)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    row_names(sc, l, row);
    cc_results_year_label(res, y, row->period, sizeof row->period);
    char name[CC_METRIC_NAME_MAX + 16];
    snprintf(name, sizeof name, "budget.%s.spend", row->line);
    const int spend = cc_results_metric_index(res, name);
    snprintf(name, sizeof name, "budget.%s.p_over", row->line);
    const int over = cc_results_metric_index(res, name);
    snprintf(name, sizeof name, "budget.%s.expected_over", row->line);
    const int expected = cc_results_metric_index(res, name);
    double q[3];
    cc_path_stats(res, true, y, &spend, 1, pct, 3, scratch, q, &row->mean);
    row->p10 = q[0];
    row->p50 = q[1];
    row->p90 = q[2];
    row->budget_gbp = cc_budget_of(sc, res, l, y);
    row->variance_gbp = row->p50 - row->budget_gbp;
    row->p_over = row->p_over_se = row->expected_over_gbp = NAN;
    const size_t n = res->n_paths;
    if (!isnan(row->budget_gbp) && over >= 0 && cc_results_defined(res, true, (size_t)over, y)) {
        cc_path_stats(res, true, y, &over, 1, NULL, 0, scratch, NULL, &row->p_over);
        cc_path_stats(res, true, y, &expected, 1, NULL, 0, scratch, NULL,
                      &row->expected_over_gbp);
        row->p_over_se = n > 1 ? sqrt(row->p_over * (1.0 - row->p_over) / (double)(n - 1))
                               : (double)NAN;
    }
}

cc_status cc_budget_rows(const cc_scenario *scenario, const cc_results *results,
                         cc_budget_row **rows, size_t *n_rows, cc_error *err)
{
    *rows = NULL;
    *n_rows = 0;
    const size_t n_lines = scenario->finance.n_budget_lines;
    if (n_lines == 0 || cc_results_metric_index(results, "budget.total.spend") < 0)
        return CC_OK;
    const size_t n = (n_lines + 2) * results->n_years;
    cc_budget_row *out = calloc(n, sizeof *out);
    float *scratch = malloc(cc_scratch_floats(results) * sizeof *scratch);
    if (out == NULL || scratch == NULL) {
        free(out);
        free(scratch);
        return cc_error_set(err, CC_ERR_NOMEM, "budget table: out of memory");
    }
    /* The lines in the model's order, then the lines covering placements, then all. */
    size_t i = 0;
    for (size_t k = 0; k < n_lines + 2; k++) {
        const size_t l = k < n_lines ? k : k == n_lines ? n_lines + 1 : n_lines;
        for (size_t y = 0; y < results->n_years; y++)
            fill_row(scenario, results, l, y, scratch, &out[i++]);
    }
    free(scratch);
    *rows = out;
    *n_rows = n;
    return CC_OK;
}

static void csv_number(FILE *f, double x)
{
    if (isnan(x))
        fputc(',', f);
    else
        fprintf(f, ",%.10g", x == 0.0 ? 0.0 : x);
}

cc_status cc_budget_write_csv(FILE *f, const cc_budget_row *rows, size_t n_rows, cc_error *err)
{
    fputs("line,label,period,budget_gbp,forecast_p10_gbp,forecast_p50_gbp,forecast_p90_gbp,"
          "forecast_mean_gbp,variance_at_median_gbp,p_overspend,p_overspend_se,"
          "expected_overspend_gbp\n",
          f);
    for (size_t i = 0; i < n_rows; i++) {
        const cc_budget_row *r = &rows[i];
        cc_csv_field(f, r->line);
        fputc(',', f);
        cc_csv_field(f, r->label);
        fprintf(f, ",%s", r->period);
        const double values[] = {r->budget_gbp, r->p10,  r->p50,    r->p90,
                                 r->mean,       r->variance_gbp, r->p_over, r->p_over_se,
                                 r->expected_over_gbp};
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
            csv_number(f, values[v]);
        fputc('\n', f);
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing budget.csv failed");
    return CC_OK;
}
