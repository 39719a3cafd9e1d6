/* Statistics over paths for one period, number formats for reports, and CSV
 * text fields. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "carecast/output.h"
#include "carecast/stats.h"
#include "output/output_internal.h"

void cc_path_stats(const cc_results *res, bool annual, size_t period, const int *ks, size_t nk,
                   const double *pct, size_t n_pct, float *scratch, double *out_pct,
                   double *out_mean)
{
    if (!cc_results_stored(res)) {
        cc_results_summary_stats(res, annual, period, ks, nk, pct, n_pct, out_pct, out_mean);
        return;
    }
    const size_t n = res->n_paths;
    for (size_t p = 0; p < n; p++)
        scratch[p] = 0.0f;
    for (size_t i = 0; i < nk; i++) {
        const float *v = annual ? cc_results_annual(res, (size_t)ks[i], period)
                                : cc_results_monthly(res, (size_t)ks[i], period);
        if (nk == 1) {
            memcpy(scratch, v, n * sizeof *scratch);
            break;
        }
        for (size_t p = 0; p < n; p++)
            scratch[p] += v[p];
    }
    if (out_mean != NULL) {
        double sd = 0.0;
        cc_stats_mean_sd(scratch, n, out_mean, &sd);
    }
    if (n_pct > 0)
        cc_stats_percentiles(scratch, n, pct, n_pct, out_pct);
}

bool cc_utf8_bom_for(FILE *f, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (const char *s = texts[i]; s != NULL && *s != '\0'; s++)
            if ((unsigned char)*s >= 0x80) {
                fputs("\xef\xbb\xbf", f);
                return true;
            }
    return false;
}

void cc_csv_field(FILE *f, const char *s)
{
    if (s[strcspn(s, ",\"\r\n")] == '\0') {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void cc_format_money_m(double gbp, char *buf, size_t size)
{
    const double m = gbp / 1e6;
    const char *sign = m < 0.0 ? "-" : "";
    const double a = fabs(m);
    /* One decimal from £10m, two below, so small savings still show. */
    if (a >= 10.0)
        snprintf(buf, size, "%s£%.1fm", sign, a);
    else
        snprintf(buf, size, "%s£%.2fm", sign, a);
}

void cc_format_count(double x, char *buf, size_t size)
{
    const double r = floor(x + 0.5);
    if (fabs(r) >= 1000.0)
        snprintf(buf, size, "%s%.0f,%03.0f", r < 0 ? "-" : "", floor(fabs(r) / 1000.0),
                 fmod(fabs(r), 1000.0));
    else
        snprintf(buf, size, "%.0f", r == 0.0 ? 0.0 : r);
}

void cc_format_percent(double share, char *buf, size_t size)
{
    /* Rounding must not turn a chance into a certainty: 0.9975 is ">99%", not
     * "100%". Only exactly 0 and 1 print as "0%" and "100%". */
    const double pct = 100.0 * share;
    snprintf(buf, size, "%.0f%%", pct == 0.0 ? 0.0 : pct);
    if (share > 0.0 && strcmp(buf, "0%") == 0)
        snprintf(buf, size, "<1%%");
    else if (share < 1.0 && strcmp(buf, "100%") == 0)
        snprintf(buf, size, ">99%%");
}

void cc_format_month_name(const cc_results *res, size_t t, char *buf, size_t size)
{
    static const char *const names[12] = {"January", "February", "March",     "April",
                                           "May",     "June",     "July",      "August",
                                           "September", "October", "November", "December"};
    const int index = res->start_month - 1 + (int)t;
    snprintf(buf, size, "%s %d", names[index % 12], res->start_year + index / 12);
}
