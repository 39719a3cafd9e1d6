/* The report's workforce KPI table: for each KPI with a target and each financial year, the
 * year's average across the simulated futures (median, 10th to 90th percentile), the chances of
 * green (at or below the target), amber (at or below the tolerance) and red, and the rating of
 * the median future. The chances are the means of the kpi.<name>.p_* metrics in annual.csv. */
#include <math.h>
#include <stdio.h>

#include "carecast/output.h"
#include "carecast/workforce.h"
#include "output/output_internal.h"

static const struct {
    const char *name;   /* kpi.<name>.p_* */
    const char *metric; /* the year's value */
    const char *label;
    bool is_share;
} kpis[CC_KPI_COUNT] = {
    [CC_KPI_CASELOAD] = {"caseload", "caseload.average", "Average caseload (cases per worker)",
                         false},
    [CC_KPI_VACANCY_RATE] = {"vacancy_rate", "fte.vacancy_rate", "Vacancy rate", true},
    [CC_KPI_AGENCY_SHARE] = {"agency_share", "fte.agency_share", "Agency share", true},
};

static void value_text(double x, bool is_share, char *buf, size_t size)
{
    if (is_share)
        cc_format_percent(x, buf, size);
    else
        snprintf(buf, size, "%.1f", x);
}

/* The chance that kpi.<name><part> is 1 in year y. */
static double chance(const cc_results *res, const char *name, const char *part, size_t y,
                     float *scratch)
{
    char metric[CC_METRIC_NAME_MAX];
    snprintf(metric, sizeof metric, "kpi.%s%s", name, part);
    const int k = cc_results_metric_index(res, metric);
    double mean = NAN;
    if (k >= 0)
        cc_path_stats(res, true, y, &k, 1, NULL, 0, scratch, NULL, &mean);
    return mean;
}

static void kpi_row(FILE *f, const cc_kpi *kpi, size_t i, const cc_results *res, size_t y,
                    float *scratch)
{
    static const double pct[3] = {10.0, 50.0, 90.0};
    static const char *const parts[3] = {".p_green", ".p_amber", ".p_red"};
    static const char *const ratings[3] = {"green", "amber", "red"};
    const int k = cc_results_metric_index(res, kpis[i].metric);
    double q[3];
    char period[16], lo[32], mid[32], hi[32], target[32], tolerance[32];
    cc_path_stats(res, true, y, &k, 1, pct, 3, scratch, q, NULL);
    cc_results_year_label(res, y, period, sizeof period);
    value_text(q[0], kpis[i].is_share, lo, sizeof lo);
    value_text(q[1], kpis[i].is_share, mid, sizeof mid);
    value_text(q[2], kpis[i].is_share, hi, sizeof hi);
    value_text(kpi->target, kpis[i].is_share, target, sizeof target);
    value_text(kpi->tolerance, kpis[i].is_share, tolerance, sizeof tolerance);
    fprintf(f, "<tr><td>%s (target %s, tolerance %s)</td><td>%s</td>", kpis[i].label, target,
            tolerance, period);
    fprintf(f, "<td data-metric=\"%s\" data-period=\"%s\" data-p50=\"%.10g\">%s <span "
               "class=\"range\">(%s&ndash;%s)</span></td>",
            kpis[i].metric, period, q[1], mid, lo, hi);
    for (int r = 0; r < 3; r++) {
        char text[16];
        const double p = chance(res, kpis[i].name, parts[r], y, scratch);
        cc_format_percent(p, text, sizeof text);
        fprintf(f, "<td data-metric=\"kpi.%s%s\" data-period=\"%s\" data-mean=\"%.10g\">%s</td>",
                kpis[i].name, parts[r], period, p, text);
    }
    const char *rag = ratings[cc_kpi_rating(kpi, q[1])];
    fprintf(f, "<td class=\"rag-%s\" data-rag=\"%s\">", rag, rag);
    cc_html_rag(f, rag);
    fputs("</td></tr>\n", f);
}

void cc_report_kpis(FILE *f, const cc_scenario *sc, const cc_results *res, float *scratch)
{
    const cc_workforce *w = &sc->workforce;
    bool any = false;
    for (size_t i = 0; i < CC_KPI_COUNT; i++)
        any |= w->kpis[i].is_set;
    if (!any)
        return;
    fputs("<h2>Workforce KPIs</h2>\n<table class=\"headline\">\n<thead><tr><th>KPI</th>"
          "<th>Financial year</th><th>Year's average</th><th>Chance green</th>"
          "<th>Chance amber</th><th>Chance red</th><th>Rating</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < CC_KPI_COUNT; i++)
        if (w->kpis[i].is_set)
            for (size_t y = 0; y < res->n_years; y++)
                kpi_row(f, &w->kpis[i], i, res, y, scratch);
    fputs("</tbody></table>\n<p class=\"note\">Each KPI is the year's average of the monthly "
          "figure in each simulated future: the median, with the 10th to 90th percentile in "
          "brackets. Green: at or below the target; amber: above the target but at or below the "
          "tolerance; red: above the tolerance. The chances are the shares of futures in each "
          "rating; the rating is that of the median future. The caseload is cases over the "
          "case-holding staff actually there (staff in post and agency as the model's agency "
          "policy allows).</p>\n",
          f);
}
