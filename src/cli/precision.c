/* run --precision: "se(metric@period)<value" (or rse(...) for a share of the mean), read into
 * the library's goals, and what the run found, printed. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_internal.h"

/* A value as people write it: 100000, 100k, 1.5m, £2m, 0.005, 0.5% (= 0.005). */
static bool parse_value(const char *text, double *out)
{
    if (strncmp(text, "\xc2\xa3", 2) == 0) /* £ */
        text += 2;
    char *end = NULL;
    const double x = strtod(text, &end);
    if (end == text || !isdigit((unsigned char)text[0]))
        return false;
    static const struct {
        const char *suffix;
        double scale;
    } units[] = {{"", 1.0}, {"k", 1e3}, {"m", 1e6}, {"bn", 1e9}, {"%", 0.01}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].suffix) == 0) {
            *out = x * units[i].scale;
            return isfinite(*out) && *out > 0.0;
        }
    return false;
}

/* One goal from text, its metric and period found in meta. */
static cc_status parse_goal(const char *text, const cc_results *meta, cc_precision_goal *g,
                            cc_error *err)
{
    char s[CLI_ARG_MAX];
    size_t n = 0;
    for (const char *c = text; *c != '\0' && n + 1 < sizeof s; c++)
        if (!isspace((unsigned char)*c))
            s[n++] = *c;
    s[n] = '\0';
    *g = (cc_precision_goal){.relative = strncmp(s, "rse(", 4) == 0};
    const char *open = g->relative ? s + 4 : strncmp(s, "se(", 3) == 0 ? s + 3 : NULL;
    const char *at = open != NULL ? strchr(open, '@') : NULL;
    const char *close = at != NULL ? strchr(at, ')') : NULL;
    const char *value = close != NULL && close[1] == '<' ? close + 2 + (close[2] == '=') : NULL;
    if (value == NULL || at == open || (size_t)(at - open) >= CC_METRIC_NAME_MAX ||
        close - at - 1 >= 16)
        return cc_error_set(err, CC_ERR_INVALID,
                            "--precision '%s': expected se(metric@period)<value, e.g. "
                            "se(cost.total@2023/24)<100k, or rse(...)<0.5%%",
                            text);
    char metric[CC_METRIC_NAME_MAX], period[16];
    snprintf(metric, sizeof metric, "%.*s", (int)(at - open), open);
    snprintf(period, sizeof period, "%.*s", (int)(close - at - 1), at + 1);
    if (!parse_value(value, &g->max_se))
        return cc_error_set(err, CC_ERR_INVALID,
                            "--precision '%s': '%s' is not a positive value (e.g. 100k, 1.5m, "
                            "0.005 or 0.5%%)",
                            text, value);
    const int k = cc_results_metric_index(meta, metric);
    if (k < 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "--precision '%s': no metric '%s' (see docs/outputs.md)", text,
                            metric);
    g->k = (size_t)k;
    if (!cc_results_find_period(meta, period, &g->annual, &g->period))
        return cc_error_set(err, CC_ERR_INVALID,
                            "--precision '%s': no period '%s' in this run (a month such as "
                            "2020-03 or a financial year such as 2020/21)",
                            text, period);
    if (!g->annual && meta->metrics[k].kind == CC_METRIC_ANNUAL_ONLY)
        return cc_error_set(err, CC_ERR_INVALID,
                            "--precision '%s': %s is given by financial year, not by month", text,
                            metric);
    return CC_OK;
}

cc_status cli_precision_parse(const cli_options *opts, const cc_results *meta, cc_precision *out,
                              cc_error *err)
{
    *out = (cc_precision){.n_goals = opts->n_precision};
    for (size_t i = 0; i < opts->n_precision; i++) {
        const cc_status st = parse_goal(opts->precision[i], meta, &out->goals[i], err);
        if (st != CC_OK)
            return st;
    }
    return CC_OK;
}

void cli_precision_print(const cli_options *opts, const cc_precision_report *r)
{
    FILE *f = r->met ? stdout : stderr;
    if (r->met)
        fprintf(f, "carecast: precision met after %zu paths:", r->n_paths);
    else
        fprintf(f, "carecast: warning: precision not met after %zu paths (the most run.paths or "
                   "--paths allows):",
                r->n_paths);
    for (size_t i = 0; i < opts->n_precision; i++)
        fprintf(f, "%s %s: se %.4g (mean %.6g)", i > 0 ? ";" : "", opts->precision[i], r->se[i],
                r->mean[i]);
    fputc('\n', f);
}
