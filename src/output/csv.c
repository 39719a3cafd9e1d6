/* Long-format CSV of summary statistics: one row per metric and period. */
#include <math.h>
#include <stdio.h>

#include "carecast/output.h"

/* Numbers: up to 10 significant digits, never exponent notation for the
 * magnitudes we produce (children and pounds), and "0" rather than "-0". */
static void put_number(FILE *f, double x)
{
    if (x == 0.0)
        x = 0.0;
    fprintf(f, ",%.10g", x);
}

static void put_pct_header(FILE *f, double pct)
{
    if (pct == floor(pct))
        fprintf(f, ",p%.0f", pct);
    else
        fprintf(f, ",p%g", pct);
}

cc_status cc_csv_write_summary(FILE *f, const cc_results *results, const cc_summary *summary,
                               bool annual, cc_error *err)
{
    fputs("metric,period,mean,sd", f);
    for (size_t i = 0; i < summary->n_pct; i++)
        put_pct_header(f, summary->pct[i]);
    fputc('\n', f);
    const size_t n_periods = annual ? results->n_years : results->n_months;
    for (size_t k = 0; k < results->n_metrics; k++) {
        for (size_t t = 0; t < n_periods; t++) {
            char period[16];
            const double *s;
            if (annual) {
                cc_results_year_label(results, t, period, sizeof period);
                s = cc_summary_annual(summary, k, t);
            } else {
                cc_results_month_label(results, t, period, sizeof period);
                s = cc_summary_monthly(summary, k, t);
            }
            fprintf(f, "%s,%s", results->metrics[k].name, period);
            for (size_t i = 0; i < 2 + summary->n_pct; i++)
                put_number(f, s[i]);
            fputc('\n', f);
        }
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing CSV failed");
    return CC_OK;
}
