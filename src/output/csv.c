/* Long-format CSV of summary statistics: one row per metric and period. */
#include <math.h>
#include <stdio.h>

#include "carecast/output.h"

/* Numbers: up to 10 significant digits, never exponent notation for the
 * magnitudes we produce (children and pounds), and "0" rather than "-0". */
/* ",%.10g" of x. Whole numbers under 10^10 (half the values: counts of children and carers)
 * print as %.10g prints them, all their digits and no exponent, without its cost. */
static void put_number(FILE *f, double x)
{
    if (x == 0.0)
        x = 0.0;
    if (!(x == floor(x) && fabs(x) < 1e10)) {
        fprintf(f, ",%.10g", x);
        return;
    }
    char text[16];
    size_t at = sizeof text;
    text[--at] = '\0';
    unsigned long long v = (unsigned long long)fabs(x);
    do {
        text[--at] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (x < 0.0)
        text[--at] = '-';
    text[--at] = ',';
    fputs(text + at, f);
}

static void put_pct_header(FILE *f, double pct)
{
    if (pct == floor(pct))
        fprintf(f, ",p%.0f", pct);
    else
        fprintf(f, ",p%g", pct);
}

/* The Monte Carlo standard error of a mean over n paths: sd / sqrt(n). For a
 * 0/1 indicator (p_over, p_meet) this is the standard error of the probability,
 * sqrt(p (1 - p) / (n - 1)) with the n - 1 sd. */
static double mean_se(double sd, size_t n_paths)
{
    return n_paths > 0 ? sd / sqrt((double)n_paths) : (double)NAN;
}

cc_status cc_csv_write_summary(FILE *f, const cc_results *results, const cc_summary *summary,
                               bool annual, cc_error *err)
{
    fputs("metric,period,mean,mean_se,sd", f);
    for (size_t i = 0; i < summary->n_pct; i++)
        put_pct_header(f, summary->pct[i]);
    fputc('\n', f);
    const size_t n_periods = annual ? results->n_years : results->n_months;
    for (size_t k = 0; k < results->n_metrics; k++) {
        if (!annual && results->metrics[k].kind == CC_METRIC_ANNUAL_ONLY)
            continue;
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
            if (isnan(s[0]))
                continue; /* no budget or target that year */
            fprintf(f, "%s,%s", results->metrics[k].name, period);
            put_number(f, s[0]);
            put_number(f, mean_se(s[1], results->n_paths));
            for (size_t i = 1; i < 2 + summary->n_pct; i++)
                put_number(f, s[i]);
            fputc('\n', f);
        }
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing CSV failed");
    return CC_OK;
}

static double reported(const cc_summary *summary, const double *stats, double pct)
{
    for (size_t i = 0; i < summary->n_pct; i++)
        if (summary->pct[i] == pct)
            return stats[2 + i];
    return NAN;
}

cc_status cc_csv_write_mtfp(FILE *f, const cc_scenario *scenario, const cc_results *results,
                            const cc_summary *summary, cc_error *err)
{
    const int k_meet = cc_results_metric_index(results, "mtfp.p_meet");
    const int k_saved = cc_results_metric_index(results, "savings.total");
    if (k_meet < 0 || k_saved < 0)
        return cc_error_set(err, CC_ERR_INVALID, "mtfp.csv needs initiatives and targets");
    const cc_run_settings *run = &scenario->run;
    fputs("period,contract_year,target_gbp,savings_mean,savings_mean_se,savings_p10,savings_p50,savings_p90,"
          "p_meet,p_meet_se,rag\n",
          f);
    for (size_t y = 0; y < results->n_years; y++) {
        const double *meet = cc_summary_annual(summary, (size_t)k_meet, y);
        if (isnan(meet[0]))
            continue;
        const double *saved = cc_summary_annual(summary, (size_t)k_saved, y);
        const int year = results->first_fin_year + (int)y;
        const int contract_year = year - scenario->finance.contract_year_1 + 1;
        const char *rag = meet[0] >= run->rag_green_probability   ? "green"
                          : meet[0] >= run->rag_amber_probability ? "amber"
                                                                  : "red";
        char period[16];
        cc_results_year_label(results, y, period, sizeof period);
        fprintf(f, "%s,%d,%.2f", period, contract_year,
                scenario->finance.mtfp_targets_gbp[contract_year - 1]);
        put_number(f, saved[0]);
        put_number(f, mean_se(saved[1], results->n_paths));
        put_number(f, reported(summary, saved, 10.0));
        put_number(f, reported(summary, saved, 50.0));
        put_number(f, reported(summary, saved, 90.0));
        put_number(f, meet[0]);
        put_number(f, mean_se(meet[1], results->n_paths));
        fprintf(f, ",%s\n", rag);
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing mtfp.csv failed");
    return CC_OK;
}
