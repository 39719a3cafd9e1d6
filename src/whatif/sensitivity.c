/* Sensitivity: one parameter at a time swung to its low and its high value,
 * everything else as in the base, every run on the same random numbers; the
 * table records each output's mean over paths at each end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whatif/whatif_internal.h"

static bool is_money_metric(const char *metric)
{
    static const char *const prefixes[] = {"cost.", "income.", "net.", "savings."};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(metric, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return strstr(metric, ".spend") != NULL || strstr(metric, ".expected_over") != NULL;
}

void cc_whatif_default_outputs(const cc_scenario *base, cc_target out[CC_DEFAULT_OUTPUTS])
{
    const int index = base->start_month - 1 + base->run.horizon_months - 1;
    const int month = index % 12 + 1, year = base->start_year + index / 12;
    const int fy = month >= 4 ? year : year - 1; /* financial years start in April */
    static const char *const metrics[CC_DEFAULT_OUTPUTS] = {"cost.total", "net.cumulative"};
    for (size_t i = 0; i < CC_DEFAULT_OUTPUTS; i++) {
        memset(&out[i], 0, sizeof out[i]);
        snprintf(out[i].metric, sizeof out[i].metric, "%s", metrics[i]);
        snprintf(out[i].period, sizeof out[i].period, "%04d/%02d", fy, (fy + 1) % 100);
    }
}

/* The mean of every output in res (targets resolved against res). */
static cc_status output_means(const cc_results *res, cc_target *outputs, size_t n_outputs,
                              double *means, cc_error *err)
{
    for (size_t i = 0; i < n_outputs; i++) {
        const cc_status st = cc_target_resolve(res, &outputs[i], err);
        if (st != CC_OK)
            return st;
        means[i] = cc_target_mean(res, &outputs[i]);
    }
    return CC_OK;
}

/* The table for n_outputs outputs, with room for their targets and means. */
static cc_status table_alloc(const cc_target *outputs, size_t n_outputs, size_t n_params,
                             cc_sensitivity_table **out, cc_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out != NULL)
        (*out)->outputs = calloc(n_outputs > 0 ? n_outputs : 1, sizeof *(*out)->outputs);
    if (*out == NULL || (*out)->outputs == NULL) {
        cc_sensitivity_table_free(*out);
        *out = NULL;
        return cc_error_set(err, CC_ERR_NOMEM, "sensitivity: out of memory");
    }
    (*out)->n_outputs = n_outputs;
    for (size_t o = 0; o < n_outputs; o++) {
        cc_sensitivity *s = &(*out)->outputs[o];
        snprintf(s->output, sizeof s->output, "%.95s@%.15s", outputs[o].metric,
                 outputs[o].period);
        s->is_money = is_money_metric(outputs[o].metric);
        s->n = n_params;
    }
    return CC_OK;
}

/* Runs parameter i at its low (side 0) or high (side 1) value into table. */
static cc_status swing_run(cc_whatif_runner *w, const cc_scenario_loader *loader,
                           const cc_sensitivity_param *param, size_t i, int side,
                           cc_target *targets, double *means, cc_sensitivity_table *table,
                           cc_error *err)
{
    const double value = side == 0 ? param->low : param->high;
    cc_results *res = NULL;
    cc_status st = cc_whatif_run_variant(w, loader, param->key_path, value, &res, err);
    if (st == CC_OK)
        st = output_means(res, targets, table->n_outputs, means, err);
    cc_results_free(res);
    for (size_t o = 0; o < table->n_outputs && st == CC_OK; o++) {
        cc_swing *s = &table->outputs[o].swings[i];
        snprintf(s->label, sizeof s->label, "%.159s", param->label);
        snprintf(s->key_path, sizeof s->key_path, "%.255s", param->key_path);
        s->low = param->low;
        s->high = param->high;
        *(side == 0 ? &s->at_low : &s->at_high) = means[o];
    }
    return st;
}

cc_status cc_whatif_sensitivity(const cc_scenario *base, const cc_scenario_loader *loader,
                                const cc_sensitivity_param *params, size_t n_params,
                                const cc_target *outputs, size_t n_outputs,
                                const cc_whatif_options *opts, cc_sensitivity_table **out,
                                cc_error *err)
{
    *out = NULL;
    if (n_params > CC_SWINGS_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "sensitivity: %zu parameters; at most %d",
                            n_params, CC_SWINGS_MAX);
    cc_sensitivity_table *table = NULL;
    cc_status st = table_alloc(outputs, n_outputs, n_params, &table, err);
    if (st != CC_OK)
        return st;
    /* Targets are resolved against each run, so they are copied. */
    cc_target *targets = malloc((n_outputs > 0 ? n_outputs : 1) * sizeof *targets);
    double *means = malloc((n_outputs > 0 ? n_outputs : 1) * sizeof *means);
    if (targets == NULL || means == NULL)
        st = cc_error_set(err, CC_ERR_NOMEM, "sensitivity: out of memory");
    else if (n_outputs > 0)
        memcpy(targets, outputs, n_outputs * sizeof *targets);
    cc_whatif_runner w = {.opts = opts, .runs_total = 1 + 2 * n_params};
    if (st == CC_OK)
        st = cc_whatif_run(&w, base, &table->base_results, err);
    if (st == CC_OK)
        st = output_means(table->base_results, targets, n_outputs, means, err);
    for (size_t o = 0; o < n_outputs && st == CC_OK; o++)
        table->outputs[o].base = means[o];
    for (size_t i = 0; i < n_params && st == CC_OK; i++)
        for (int side = 0; side < 2 && st == CC_OK; side++)
            st = swing_run(&w, loader, &params[i], i, side, targets, means, table, err);
    free(means);
    free(targets);
    if (st != CC_OK) {
        cc_sensitivity_table_free(table);
        return st;
    }
    *out = table;
    return CC_OK;
}

void cc_sensitivity_table_free(cc_sensitivity_table *table)
{
    if (table == NULL)
        return;
    cc_results_free(table->base_results);
    free(table->outputs);
    free(table);
}
