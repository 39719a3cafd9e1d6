/* Targets and outputs written "metric@period[op value]", and parameter ranges. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/suggest.h"
#include "carecast/whatif.h"

static bool parse_number(const char *text, double *out)
{
    char *end = NULL;
    *out = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*out);
}

/* Copies the digits of "30,000,000" or "1,234.5" into out without the
 * commas, checking that they group thousands (1-3 digits, then groups of 3
 * up to the point). Returns the length of the number read, or 0. */
static size_t strip_thousands(const char *s, char *out, size_t size)
{
    size_t n = 0, group = 0, used = 0;
    bool commas = false, point = false;
    for (; s[n] != '\0' && used + 1 < size; n++) {
        const char c = s[n];
        if (isdigit((unsigned char)c)) {
            group++;
        } else if (c == ',' && !point) {
            if (group == 0 || group > 3 || (commas && group != 3))
                return 0;
            commas = true;
            group = 0;
            continue;
        } else if (c == '.' && !point) {
            if (commas && group != 3)
                return 0;
            point = true;
        } else {
            break;
        }
        out[used++] = c;
    }
    if (commas && !point && group != 3)
        return 0;
    out[used] = '\0';
    return used > 0 ? n : 0;
}

/* An amount as people write it: "7334781", "30m", "£30m", "30,000,000",
 * "1.5bn", "750k", "-2.5m", "20%" (a share: 0.2), "1e6". */
bool cc_amount_parse(const char *text, double *out)
{
    const char *s = text;
    double sign = 1.0;
    if (*s == '-' || *s == '+')
        sign = *s++ == '-' ? -1.0 : 1.0;
    if (strncmp(s, "\xc2\xa3", 2) == 0) /* £ in UTF-8 */
        s += 2;
    if (sign > 0.0 && (*s == '-' || *s == '+'))
        sign = *s++ == '-' ? -1.0 : 1.0;
    if (strchr(s, ',') == NULL && parse_number(s, out)) {
        *out *= sign;
        return true;
    }
    char digits[64];
    const size_t len = strip_thousands(s, digits, sizeof digits);
    double x = 0.0;
    if (len == 0 || !parse_number(digits, &x))
        return false;
    static const struct {
        const char *suffix;
        double scale;
    } units[] = {{"", 1.0},   {"k", 1e3},  {"K", 1e3},   {"m", 1e6},  {"M", 1e6},
                 {"bn", 1e9}, {"BN", 1e9}, {"b", 1e9},   {"%", 0.01}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(s + len, units[i].suffix) == 0) {
            *out = sign * x * units[i].scale;
            return isfinite(*out);
        }
    return false;
}

/* The comparison at the start of s, and where its value starts; NULL if none. */
static const char *comparison_of(const char *s, cc_comparison *c)
{
    static const struct {
        const char *op;
        cc_comparison c;
    } ops[] = {{">=", CC_AT_LEAST}, {"<=", CC_AT_MOST}, {"==", CC_AT_LEAST},
               {">", CC_ABOVE},     {"<", CC_BELOW},    {"=", CC_AT_LEAST}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strncmp(s, ops[i].op, strlen(ops[i].op)) == 0) {
            *c = ops[i].c;
            return s + strlen(ops[i].op);
        }
    return NULL;
}

const char *cc_comparison_symbol(cc_comparison c)
{
    switch (c) {
    case CC_AT_MOST:
        return "<=";
    case CC_ABOVE:
        return ">";
    case CC_BELOW:
        return "<";
    default:
        return ">=";
    }
}

cc_status cc_target_parse(const char *text, bool needs_value, cc_target *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    /* Spaces mean nothing in a target: "x@2020/21 > 30 m" is "x@2020/21>30m". */
    char compact[256];
    size_t len = 0;
    for (const char *s = text; *s != '\0' && len + 1 < sizeof compact; s++)
        if (!isspace((unsigned char)*s))
            compact[len++] = *s;
    compact[len] = '\0';
    const char *at = strchr(compact, '@');
    if (at == NULL || at == compact || (size_t)(at - compact) >= sizeof out->metric)
        return cc_error_set(err, CC_ERR_INVALID,
                            "'%s': expected metric@period, e.g. cost.total@2023/24", text);
    memcpy(out->metric, compact, (size_t)(at - compact));
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
                                "'%s': expected a comparison and a value, e.g. "
                                "savings.total@2022/23>=7334781 or cost.total@2020/21 > 64.1m",
                                text);
        return CC_OK;
    }
    const char *number = comparison_of(op, &out->comparison);
    if (number == NULL)
        return cc_error_set(err, CC_ERR_INVALID, "'%s': use >, >=, < or <= before the value",
                            text);
    if (!cc_amount_parse(number, &out->value))
        return cc_error_set(err, CC_ERR_INVALID,
                            "'%s': '%s' is not an amount (write e.g. 30m, £30m, 30,000,000, "
                            "750k or 20%%)",
                            text, number);
    out->has_value = true;
    return CC_OK;
}

cc_status cc_target_resolve(const cc_results *results, cc_target *target, cc_error *err)
{
    const int k = cc_results_metric_index(results, target->metric);
    if (k < 0) {
        const char *names[CC_METRICS_MAX];
        for (size_t i = 0; i < results->n_metrics; i++)
            names[i] = results->metrics[i].name;
        const char *hint = cc_suggest_name(target->metric, names, results->n_metrics);
        if (hint != NULL)
            return cc_error_set(err, CC_ERR_INVALID,
                                "no metric '%s' in this run (did you mean '%s'?)", target->metric,
                                hint);
        return cc_error_set(err, CC_ERR_INVALID,
                            "no metric '%s' in this run (see docs/outputs.md)", target->metric);
    }
    target->k = (size_t)k;
    char label[CC_PERIOD_MAX];
    target->annual = strchr(target->period, '/') != NULL;
    const size_t n = target->annual ? results->n_years : results->n_months;
    if (n == 0)
        return cc_error_set(err, CC_ERR_INVALID, "%s: these results hold no %s values",
                            target->period, target->annual ? "yearly" : "monthly");
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
        switch (target->comparison) {
        case CC_AT_MOST:
            met += x <= target->value;
            break;
        case CC_ABOVE:
            met += x > target->value;
            break;
        case CC_BELOW:
            met += x < target->value;
            break;
        default:
            met += x >= target->value;
            break;
        }
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
    if (!cc_amount_parse(low, &out->low) || !cc_amount_parse(high, &out->high))
        return cc_error_set(err, CC_ERR_INVALID,
                            "'%s': low and high must be numbers or amounts (e.g. 0:30m)", text);
    if (!(out->low < out->high))
        return cc_error_set(err, CC_ERR_INVALID, "'%s': low must be below high", text);
    return CC_OK;
}
