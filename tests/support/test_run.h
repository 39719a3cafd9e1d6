/* Loading a scenario and running the engine, for the unit tests that check
 * the engine's results (money, finance, people): one way to find a test file,
 * apply overrides, run and read a metric back. Header-only: each test program
 * takes what it uses. */
#ifndef CC_TEST_RUN_H
#define CC_TEST_RUN_H

#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include "carecast/config.h"
#include "carecast/engine.h"

typedef struct run {
    cc_scenario *sc;
    cc_results *res;
} run;

/* Loads SOURCE_DIR/relative with the overrides; fails the test on any error. */
static inline cc_scenario *test_load(const char *relative, const cc_override *overrides,
                                     size_t n_overrides)
{
    char path[1024];
    const char *src = getenv("CC_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/%s", src != NULL ? src : ".", relative);
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    if (cc_scenario_load(path, overrides, n_overrides, &sc, &errors) != CC_OK)
        fail_msg("%s: %s", path, errors.count ? errors.messages[0] : "load failed");
    cc_errlist_destroy(&errors);
    return sc;
}

/* Loads SOURCE_DIR/relative with the overrides and runs n_paths paths at the
 * scenario's seed on two threads; fails the test on any error. */
static inline run run_load(const char *relative, const cc_override *overrides,
                           size_t n_overrides, size_t n_paths)
{
    run r = {test_load(relative, overrides, n_overrides), NULL};
    cc_error err = {0};
    assert_int_equal(cc_results_alloc(r.sc, n_paths, &r.res, &err), CC_OK);
    cc_run_options ro = {.n_paths = n_paths, .seed = r.sc->run.seed, .threads = 2};
    assert_int_equal(cc_engine_run(r.sc, &ro, r.res, &err), CC_OK);
    return r;
}

static inline void run_free(run *r)
{
    cc_results_free(r->res);
    cc_scenario_free(r->sc);
}

static inline size_t metric(const cc_results *res, const char *name)
{
    const int k = cc_results_metric_index(res, name);
    if (k < 0)
        fail_msg("no metric %s", name);
    return (size_t)k;
}

/* Path p's value of metric `name` in month t, and in financial year y. */
static inline double at(const run *r, const char *name, size_t t, size_t p)
{
    return (double)cc_results_monthly(r->res, metric(r->res, name), t)[p];
}

static inline double year_at(const run *r, const char *name, size_t y, size_t p)
{
    return (double)cc_results_annual(r->res, metric(r->res, name), y)[p];
}

#endif
