/* Targets and outputs written "metric@period[op value]", and parameter ranges. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/whatif.h"

static bool parse_number(const char *text, double *out)
{
    char *end = NULL;
    *out = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*out);
}

cc_status cc_target_parse(const char *text, bool needs_value, cc_target *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    const char *at = strchr(text, '@');
    if (at == NULL || at == text || (size_t)(at - text) >= sizeof out->metric)
        return cc_error_set(err, CC_ERR_INVALID,
                            "'%s': expected metric@period, e.g. cost.total@2023/24", text);
    memcpy(out->metric, text, (size_t)(at - text));
    const char *rest = at + 1;
    const char *op = strpbrk(rest, "<>=");
    const size_t period_len = op != NULL ? (size_t)(op - rest) : strlen(rest);
    if (period_len == 0 || period_len >= sizeof out->period)
        return cc_error_set(err, CC_ERR_INVALID,
                            "'%s': expected a period such as 2023/24 or 2024-03 after '@'", text);
    memcpy(out->period, rest, period_len);
    if (op == NULL) {
        if (needs_value)
            return cc_error_set(err, CC_ERR_INVALID,
                                "'%s': expected a value, e.g. savings.total@2022/23>=7334781",
                                text);
        return CC_OK;
    }
    const char *number = op + 1;
    if (op[0] == '>' && op[1] == '=') {
        out->comparison = CC_AT_LEAST;
        number = op + 2;
    } else if (op[0] == '<' && op[1] == '=') {
        out->comparison = CC_AT_MOST;
        number = op + 2;
    } else if (op[0] == '=') {
        out->comparison = CC_AT_LEAST;
    } else {
        return cc_error_set(err, CC_ERR_INVALID, "'%s': use >=, <= or = before the value", text);
    }
    if (!parse_number(number, &out->value))
        return cc_error_set(err, CC_ERR_INVALID, "'%s': '%s' is not a number", text, number);
    out->has_value = true;
    return CC_OK;
}

cc_status cc_target_resolve(const cc_results *results, cc_target *target, cc_error *err)
{
    const int k = cc_results_metric_index(results, target->metric);
    if (k < 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "no metric '%s' in this run (see docs/outputs.md)", target->metric);
    target->k = (size_t)k;
    char label[CC_PERIOD_MAX];
    target->annual = strchr(target->period, '/') != NULL;
    const size_t n = target->annual ? results->n_years : results->n_months;
    for (size_t i = 0; i < n; i++) {
        if (target->annual)
            cc_results_year_label(results, i, label, sizeof label);
        else
            cc_results_month_label(results, i, label, sizeof label);
        if (strcmp(label, target->period) == 0) {
            target->index = i;
            const float *v = target->annual ? cc_results_annual(results, target->k, i)
                                            : cc_results_monthly(results, target->k, i);
            if (isnan(v[0]) || (!target->annual &&
                                results->metrics[k].kind == CC_METRIC_ANNUAL_ONLY))
                return cc_error_set(err, CC_ERR_INVALID, "%s has no value in %s",
                                    target->metric, target->period);
            return CC_OK;
        }
    }
    char first[CC_PERIOD_MAX], last[CC_PERIOD_MAX];
    if (target->annual) {
        cc_results_year_label(results, 0, first, sizeof first);
        cc_results_year_label(results, results->n_years - 1, last, sizeof last);
    } else {
        cc_results_month_label(results, 0, first, sizeof first);
        cc_results_month_label(results, results->n_months - 1, last, sizeof last);
    }
    return cc_error_set(err, CC_ERR_INVALID, "period '%s' is not in this run (%s to %s)",
                        target->period, first, last);
}

static const float *values(const cc_results *results, const cc_target *target)
{
    return target->annual ? cc_results_annual(results, target->k, target->index)
                          : cc_results_monthly(results, target->k, target->index);
}

double cc_target_probability(const cc_results *results, const cc_target *target)
{
    const float *v = values(results, target);
    size_t met = 0;
    for (size_t p = 0; p < results->n_paths; p++) {
        const double x = (double)v[p];
        met += target->comparison == CC_AT_LEAST ? x >= target->value : x <= target->value;
    }
    return (double)met / (double)results->n_paths;
}

double cc_target_mean(const cc_results *results, const cc_target *target)
{
    const float *v = values(results, target);
    double sum = 0.0;
    for (size_t p = 0; p < results->n_paths; p++)
        sum += (double)v[p];
    return sum / (double)results->n_paths;
}

cc_status cc_param_range_parse(const char *text, cc_param_range *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    const char *c1 = strchr(text, ':');
    const char *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
    if (c1 == NULL || c2 == NULL || c1 == text || (size_t)(c1 - text) >= sizeof out->key_path)
        return cc_error_set(err, CC_ERR_INVALID,
                            "'%s': expected key.path:low:high, e.g. "
                            "levers.entries_change_pct:-20:10",
                            text);
    memcpy(out->key_path, text, (size_t)(c1 - text));
    char low[64], high[64];
    snprintf(low, sizeof low, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
    snprintf(high, sizeof high, "%s", c2 + 1);
    if (!parse_number(low, &out->low) || !parse_number(high, &out->high))
        return cc_error_set(err, CC_ERR_INVALID, "'%s': low and high must be numbers", text);
    if (!(out->low < out->high))
        return cc_error_set(err, CC_ERR_INVALID, "'%s': low must be below high", text);
    return CC_OK;
}
