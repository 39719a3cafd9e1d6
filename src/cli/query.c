/* The query command: the chance that a metric passes a threshold in a
 * financial year, read from a finished run's per-path values
 * (paths-annual.bin), with its Monte Carlo standard error, the way @RISK
 * reports a target probability. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "carecast/stats.h"
#include "carecast/whatif.h"
#include "cli/cli_internal.h"

/* A threshold in the metric's own unit: "£30,000,000", "850", "20.0%". */
static void format_threshold(cc_value_kind kind, double x, char *buf, size_t size)
{
    if (kind == CC_VALUE_MONEY)
        cc_format_gbp(x, buf, size);
    else if (kind == CC_VALUE_COUNT)
        snprintf(buf, size, "%.10g", x);
    else
        cc_format_value(kind, x, buf, size);
}

/* Answers one question from res, using scratch (n_paths floats). Returns
 * EXIT_OK, or EXIT_INVALID with the problem on stderr. */
static int answer(const cc_results *res, const char *question, float *scratch)
{
    cc_error err = {0};
    cc_target t;
    if (strchr(question, '@') == NULL) {
        fprintf(stderr, "carecast: error: '%s' is not a question: quote each one whole, e.g. "
                        "'cost.placements.total@2020/21 > 30m'\n",
                question);
        return EXIT_INVALID;
    }
    cc_status st = cc_target_parse(question, true, &t, &err);
    if (st == CC_OK && strchr(t.period, '/') == NULL)
        st = cc_error_set(&err, CC_ERR_INVALID,
                          "'%s': query answers financial years (e.g. 2020/21); the run keeps "
                          "each path's values by year",
                          question);
    if (st == CC_OK)
        st = cc_target_resolve(res, &t, &err);
    if (st != CC_OK) {
        fprintf(stderr, "carecast: error: %s\n", err.message);
        return EXIT_INVALID;
    }
    const size_t n = res->n_paths;
    const double p = cc_target_probability(res, &t);
    const double se = n > 1 ? sqrt(p * (1.0 - p) / (double)(n - 1)) : 0.0;
    static const double pct[3] = {10.0, 50.0, 90.0};
    double q[3];
    memcpy(scratch, cc_results_annual(res, t.k, t.index), n * sizeof *scratch);
    cc_stats_percentiles(scratch, n, pct, 3, q);
    cc_metric_info info;
    cc_metric_describe(NULL, t.metric, &info);
    char value[48], lo[48], mid[48], hi[48], chance[16];
    format_threshold(info.kind, t.value, value, sizeof value);
    cc_format_value(info.kind, q[0], lo, sizeof lo);
    cc_format_value(info.kind, q[1], mid, sizeof mid);
    cc_format_value(info.kind, q[2], hi, sizeof hi);
    cc_format_value(CC_VALUE_CHANCE, p, chance, sizeof chance);
    printf("P(%s@%s %s %s) = %.4f ± %.4f (%s; ± one Monte Carlo standard error, %zu paths)\n",
           t.metric, t.period, cc_comparison_symbol(t.comparison), value, p, se, chance, n);
    printf("  %s, %s: median %s, 10th to 90th percentile %s to %s\n", info.label, t.period, mid,
           lo, hi);
    return EXIT_OK;
}

/* Whether the run in dir summarised its paths as they ran (run.json says
 * "memory": "bounded"), so it kept no per-path values to ask. */
static bool ran_bounded(const char *dir)
{
    char path[CC_PATH_MAX + 32], line[256];
    snprintf(path, sizeof path, "%s/run.json", dir);
    FILE *f = fopen(path, "r");
    bool bounded = false;
    while (f != NULL && !bounded && fgets(line, sizeof line, f) != NULL)
        bounded = strstr(line, "\"memory\": \"bounded\"") != NULL;
    if (f != NULL)
        fclose(f);
    return bounded;
}

int cli_query(const cli_options *opts)
{
    char path[CC_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/paths-annual.bin", opts->scenarios[0]);
    cc_results *res = NULL;
    cc_error err = {0};
    const cc_status st = cc_paths_read(path, &res, &err);
    if (st == CC_ERR_IO && ran_bounded(opts->scenarios[0])) {
        fprintf(stderr,
                "carecast: error: %s was run with bounded memory: its paths were summarised as "
                "they ran and no path's values were kept; run it again with --memory paths to "
                "ask any threshold\n",
                opts->scenarios[0]);
        return EXIT_INVALID;
    }
    if (st != CC_OK) {
        fprintf(stderr, "carecast: error: %s\n", err.message);
        return st == CC_ERR_NOMEM ? EXIT_RUN_FAILED : EXIT_INVALID;
    }
    float *scratch = malloc(res->n_paths * sizeof *scratch);
    int code = scratch != NULL ? EXIT_OK : EXIT_RUN_FAILED;
    for (size_t i = 1; i < opts->n_scenarios && scratch != NULL; i++)
        if (answer(res, opts->scenarios[i], scratch) != EXIT_OK)
            code = EXIT_INVALID;
    free(scratch);
    cc_results_free(res);
    return code;
}
