/* The report's "actual against the model" table: for every history year the
 * run covers, what happened beside the run's P5, median and P95 of the same
 * quantity (stocks at 31 March, flows and spend over the financial year). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

typedef struct actual_ctx {
    FILE *f;
    const cc_results *res;
    float *scratch;
    size_t inside, total;
} actual_ctx;

/* Months of financial year index y in the run, and whether its March is one. */
static void coverage(const cc_results *res, size_t y, int *months, bool *has_march)
{
    *months = 0;
    *has_march = false;
    for (size_t t = 0; t < res->n_months; t++) {
        const int index = res->start_month - 1 + (int)t;
        const int month = index % 12 + 1, year = res->start_year + index / 12;
        const int fin = month >= 4 ? year : year - 1;
        if (fin - res->first_fin_year == (int)y) {
            (*months)++;
            *has_march |= month == 3;
        }
    }
}

static void row(actual_ctx *c, const char *label, const char *metric, size_t y, double actual,
                bool money)
{
    const int k = cc_results_metric_index(c->res, metric);
    if (k < 0 || isnan(actual))
        return;
    static const double pct[3] = {5.0, 50.0, 95.0};
    double q[3];
    cc_path_stats(c->res, true, y, &k, 1, pct, 3, c->scratch, q, NULL);
    const bool inside = q[0] <= actual && actual <= q[2];
    char year[16], text[4][32];
    const double v[4] = {actual, q[0], q[1], q[2]};
    for (int i = 0; i < 4; i++) {
        if (money)
            cc_format_money_m(v[i], text[i], sizeof text[i]);
        else
            cc_format_count(v[i], text[i], sizeof text[i]);
    }
    cc_results_year_label(c->res, y, year, sizeof year);
    fprintf(c->f, "<tr%s data-metric=\"%s\" data-period=\"%s\" data-actual=\"%.10g\"><td>",
            inside ? "" : " class=\"rag-red\"", metric, year, actual);
    cc_html_text(c->f, label);
    fprintf(c->f, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
            year, text[0], text[1], text[2], text[3], inside ? "yes" : "no");
    c->inside += inside;
    c->total++;
}

static const char *const field_labels[CC_HIST_FIELDS] = {
    "Children in care at 31 March", "CIN plans at 31 March", "CP plans at 31 March",
    "Care leavers at 31 March",     "",                      "Entries in the year",
    "Exits in the year",            "CIN plans started",     "CP plans started"};

/* The rows of one history year (y: its index in the run). */
static void year_rows(actual_ctx *c, const cc_scenario *sc, const cc_history_year *h, size_t y)
{
    int months = 0;
    bool has_march = false;
    coverage(c->res, y, &months, &has_march);
    const bool flows = months == 12;
    for (int fld = 0; fld < CC_HIST_FIELDS; fld++) {
        const bool is_flow = fld >= CC_HIST_ENTRIES;
        if (cc_history_metric_names[fld] != NULL && (is_flow ? flows : has_march))
            row(c, field_labels[fld], cc_history_metric_names[fld], y, h->value[fld], false);
    }
    for (size_t p = 0; p < sc->n_placements && has_march; p++) {
        char metric[CC_METRIC_NAME_MAX], label[CC_TEXT_MAX + 16];
        snprintf(metric, sizeof metric, "cic.placement.%s", sc->placements[p].name);
        snprintf(label, sizeof label, "%s at 31 March", sc->placements[p].label);
        row(c, label, metric, y, h->placements[p], false);
    }
    if (!flows)
        return;
    row(c, "Placement spend", "cost.placements.total", y, h->spend_placements_gbp, true);
    row(c, "Total spend", "cost.total", y, h->spend_total_gbp, true);
    for (size_t l = 0; l < sc->finance.n_budget_lines; l++) {
        char metric[CC_METRIC_NAME_MAX];
        snprintf(metric, sizeof metric, "budget.%s.spend", sc->finance.budget_lines[l].name);
        cc_metric_info info; /* "Spend against the budget: External residential" */
        cc_metric_describe(sc, metric, &info);
        row(c, info.label, metric, y, h->spend_line_gbp[l], true);
    }
}

void cc_report_actuals(FILE *f, const cc_scenario *sc, const cc_results *res, float *scratch)
{
    actual_ctx c = {.f = f, .res = res, .scratch = scratch};
    bool open = false;
    for (size_t i = 0; i < sc->n_history_years; i++) {
        const int y = sc->history_years[i].year - res->first_fin_year;
        if (y < 0 || (size_t)y >= res->n_years)
            continue;
        if (!open)
            fputs("<h2>Actual against the model</h2>\n<table class=\"compare\"><thead><tr>"
                  "<th>Quantity</th><th>Year</th><th>Actual</th><th>P5</th><th>Median</th>"
                  "<th>P95</th><th>Inside P5&ndash;P95</th></tr></thead><tbody>\n",
                  f);
        open = true;
        year_rows(&c, sc, &sc->history_years[i], (size_t)y);
    }
    if (!open)
        return;
    fprintf(f, "</tbody></table>\n<p class=\"note\">What happened (the model's history) beside "
               "this run's range for the years it covers: %zu of %zu inside P5&ndash;P95. A run "
               "that starts before these years forecasts them; one calibrated on them does "
               "not.</p>\n",
            c.inside, c.total);
}
