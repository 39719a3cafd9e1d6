/* Compare: the base and its alternatives run on common random numbers, so
 * path p of every run meets the same chances and the path-by-path difference
 * is the effect of the scenario alone. */
#include <stdlib.h>

#include "whatif/whatif_internal.h"

/* A scenario's name in messages: its file, as given. */
static const char *file_of(const cc_scenario *sc)
{
    return sc->n_files > 0 ? sc->files[0] : sc->run.name;
}

cc_status cc_whatif_check_comparable(const cc_scenario *base, const cc_scenario *alt,
                                     cc_error *err)
{
    /* Paths pair up only on the same months. */
    if (alt->start_year != base->start_year || alt->start_month != base->start_month ||
        alt->run.horizon_months != base->run.horizon_months)
        return cc_error_set(err, CC_ERR_INVALID,
                            "%s: starts or ends in a different month from the base %s; "
                            "compared scenarios need the same start date and "
                            "run.horizon_months",
                            file_of(alt), file_of(base));
    return CC_OK;
}

cc_status cc_whatif_compare(const cc_scenario *base, const cc_scenario *const *alternatives,
                            size_t n_alternatives, const cc_whatif_options *opts,
                            cc_compare_result **out, cc_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < n_alternatives; i++) {
        const cc_status st = cc_whatif_check_comparable(base, alternatives[i], err);
        if (st != CC_OK)
            return st;
    }
    const size_t n_runs = 1 + n_alternatives;
    cc_compare_result *c = calloc(1, sizeof *c + n_runs * sizeof c->results[0]);
    if (c == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "compare: out of memory");
    c->n_runs = n_runs;
    cc_whatif_runner w = {.opts = opts, .runs_total = n_runs};
    cc_status st = CC_OK;
    for (size_t i = 0; i < n_runs && st == CC_OK; i++)
        st = cc_whatif_run(&w, i == 0 ? base : alternatives[i - 1], &c->results[i], err);
    if (st != CC_OK) {
        cc_compare_result_free(c);
        return st;
    }
    *out = c;
    return CC_OK;
}

void cc_compare_result_free(cc_compare_result *comparison)
{
    if (comparison == NULL)
        return;
    for (size_t i = 0; i < comparison->n_runs; i++)
        cc_results_free(comparison->results[i]);
    free(comparison);
}
