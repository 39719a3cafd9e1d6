/* Tests of calibration from history and the hindcast (src/calibrate, src/hindcast):
 * the machinery, not the fit to Sandwell. A fitted section written to a file and
 * read back over the model gives the model the hindcast builds in memory; the
 * probes reach the fitted medians; bad origins are named; and histories that
 * carecast itself simulates from known processes are covered by the hindcast's
 * 90% and 50% ranges about as often as they claim. */
#define _POSIX_C_SOURCE 200809L
#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "carecast/calibrate.h"
#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/hindcast.h"
#include "carecast/results.h"

static char temp_dir[256];

static cc_scenario *load(const char *path, bool relative)
{
    char full[CC_PATH_MAX];
    const char *dir = getenv("CC_SOURCE_DIR");
    if (relative && dir == NULL)
        fail_msg("CC_SOURCE_DIR is not set (run the test through ctest)");
    snprintf(full, sizeof full, relative ? "%s/%s" : "%.0s%s", relative ? dir : "", path);
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    if (cc_scenario_load(full, NULL, 0, &sc, &errors) != CC_OK) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        cc_errlist_destroy(&errors);
        fail_msg("cannot load %s", full);
    }
    cc_errlist_destroy(&errors);
    return sc;
}

/* Copies the source tree's file to dir/name. */
static void copy_file(const char *relative, const char *name)
{
    char from[CC_PATH_MAX], to[CC_PATH_MAX + 64];
    snprintf(from, sizeof from, "%s/%s", getenv("CC_SOURCE_DIR"), relative);
    snprintf(to, sizeof to, "%s/%s", temp_dir, name);
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

/* A fitted section written as a fragment and read back over the model gives the
 * same model as applying it in memory (to the fragment's printed precision). */
static void test_fragment_round_trip(void **state)
{
    (void)state;
    cc_scenario *sc = load("scenarios/baseline.cfg", true);
    static cc_calibration_fit fit;
    cc_error err = {0};
    const cc_calibrate_options co = {.as_at_year = 2021, .probe_paths = 200, .seed = 5};
    assert_int_equal(cc_calibrate(sc, &co, &fit, &err), CC_OK);
    copy_file("models/sandwell-2019.cfg", "model.cfg");
    char path[CC_PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/fit.cfg", temp_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(cc_calibrate_write(f, sc, "models/sandwell-2019.cfg", &fit, &err), CC_OK);
    fclose(f);
    snprintf(path, sizeof path, "%s/fitted.cfg", temp_dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("@include \"model.cfg\"\n@include \"fit.cfg\"\nrun = { name = \"Fitted\"; };\n", f);
    fclose(f);
    cc_scenario *read = load(path, false);
    cc_scenario *memory = NULL;
    assert_int_equal(cc_calibrate_origin_model(sc, &fit.section, 60, &memory, &err), CC_OK);
    assert_int_equal(read->start_year, 2021);
    assert_int_equal(read->start_month, 4);
    assert_int_equal(memory->start_year, 2021);
    assert_int_equal(cc_scenario_start_cic(read), 888);
    for (size_t p = 0; p < sc->n_placements; p++)
        assert_int_equal(read->placements[p].start_children, memory->placements[p].start_children);
    assert_int_equal(read->cin.start_children, 856);
    assert_int_equal(read->cp.start_children, memory->cp.start_children);
    assert_int_equal(read->care_leavers.start_young_people, 328);
    for (int t = 0; t < CC_PROC_TARGETS; t++) {
        const cc_process *a = &read->processes[t], *b = &memory->processes[t];
        assert_int_equal(a->active, b->active);
        assert_near(a->level_pct, b->level_pct, 0.051, 0.0);
        assert_near(a->level_sd_pct, b->level_sd_pct, 0.051, 0.0);
        assert_near(a->yearly_sd_pct, b->yearly_sd_pct, 0.051, 0.0);
        assert_near(a->long_run_pct, b->long_run_pct, 0.051, 0.0);
        assert_near(a->half_life_years, b->half_life_years, 0.0, 0.0);
    }
    free(memory);
    cc_scenario_free(read);
    cc_scenario_free(sc);
}

/* The probes bring the model's next year to the fitted median of every series. */
static void test_levels_reach_the_fitted_medians(void **state)
{
    (void)state;
    cc_scenario *sc = load("scenarios/baseline.cfg", true);
    static cc_calibration_fit fit;
    cc_error err = {0};
    const cc_calibrate_options co = {.as_at_year = 2020, .probe_paths = 400, .seed = 9};
    assert_int_equal(cc_calibrate(sc, &co, &fit, &err), CC_OK);
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        const cc_cal_fitted *f = &fit.series[s];
        assert_true(f->fitted);
        if (!(fabs(f->achieved / f->fit.forecast - 1.0) < 0.02))
            fail_msg("%s: the model gives %g at the fitted level, the fit %g",
                     cc_cal_series_names[s], f->achieved, f->fit.forecast);
    }
    /* Two years of flows (2018/19 and 2019/20) and three of stocks. */
    assert_int_equal(fit.series[CC_CAL_ENTRIES].n, 2);
    assert_int_equal(fit.series[CC_CAL_CIN].n, 3);
    cc_scenario_free(sc);
}

static void test_origins_outside_the_history_are_named(void **state)
{
    (void)state;
    cc_scenario *sc = load("scenarios/baseline.cfg", true);
    static cc_calibration_fit fit;
    cc_error err = {0};
    const cc_calibrate_options co = {.as_at_year = 2012};
    assert_int_equal(cc_calibrate(sc, &co, &fit, &err), CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "no children in care (cic) for 2011/12"));
    cc_hindcast *h = NULL;
    const cc_hindcast_options ho = {.first_origin = 2019, .last_origin = 2026, .horizon_years = 1,
                                    .n_paths = 10};
    assert_int_equal(cc_hindcast_run(sc, &ho, &h, &err), CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "origin 31 March 2025"));
    assert_null(h);
    cc_scenario_free(sc);
}

/* Writes path s of the synthetic model's run as the history of sc: the stocks at
 * the start (2009/10) and every year's stocks and flows after. */
static void synthetic_history(const cc_scenario *model, const cc_results *res, size_t s,
                              cc_scenario *sc)
{
    static const cc_history_field fields[] = {CC_HIST_CIC, CC_HIST_CIN, CC_HIST_CP,
                                              CC_HIST_CARE_LEAVERS, CC_HIST_ENTRIES,
                                              CC_HIST_EXITS};
    sc->n_history_years = res->n_years + 1;
    for (size_t i = 0; i < sc->n_history_years; i++) {
        cc_history_year *h = &sc->history_years[i];
        h->year = res->first_fin_year - 1 + (int)i;
        for (int f = 0; f < CC_HIST_FIELDS; f++)
            h->value[f] = NAN;
        for (size_t p = 0; p < CC_MAX_PLACEMENTS; p++)
            h->placements[p] = NAN;
    }
    cc_history_year *start = &sc->history_years[0];
    start->value[CC_HIST_CIC] = cc_scenario_start_cic(model);
    start->value[CC_HIST_CIN] = model->cin.start_children;
    start->value[CC_HIST_CP] = model->cp.start_children;
    start->value[CC_HIST_CARE_LEAVERS] = model->care_leavers.start_young_people;
    for (size_t y = 0; y < res->n_years; y++)
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            const int k = cc_results_metric_index(res, cc_history_metric_names[fields[i]]);
            sc->history_years[y + 1].value[fields[i]] = (double)cc_results_annual(res, (size_t)k, y)[s];
        }
}

/* Histories simulated by carecast itself from known processes: calibrated on nine
 * years and scored on the tenth, the 90% ranges must hold the outcome 90% of the
 * time and the 50% ranges half the time, within four binomial standard errors. */
static void test_synthetic_histories_are_covered(void **state)
{
    (void)state;
    enum { SERIES = 60 };
    cc_scenario *model = load("tests/data/synthetic-model.cfg", true);
    cc_results *truth = NULL;
    cc_error err = {0};
    assert_int_equal(cc_results_alloc(model, SERIES, &truth, &err), CC_OK);
    const cc_run_options ro = {.n_paths = SERIES, .seed = 20100401};
    assert_int_equal(cc_engine_run(model, &ro, truth, &err), CC_OK);
    assert_int_equal(truth->n_years, 10);
    cc_scenario *sc = malloc(sizeof *sc);
    assert_non_null(sc);
    size_t n = 0, in90 = 0, in50 = 0, by90[CC_HIST_FIELDS] = {0}, by50[CC_HIST_FIELDS] = {0};
    for (size_t s = 0; s < SERIES; s++) {
        *sc = *model;
        synthetic_history(model, truth, s, sc);
        cc_hindcast *h = NULL;
        const cc_hindcast_options ho = {.first_origin = 2019, .last_origin = 2019,
                                        .horizon_years = 1, .n_paths = 400, .seed = 1000 + s,
                                        .probe_paths = 200};
        if (cc_hindcast_run(sc, &ho, &h, &err) != CC_OK)
            fail_msg("series %zu: %s", s, err.message);
        for (size_t i = 0; i < h->n_rows; i++) {
            const cc_score_case *c = &h->rows[i].c;
            n++;
            in90 += cc_score_inside(c->q[0], c->q[4], c->actual);
            in50 += cc_score_inside(c->q[1], c->q[3], c->actual);
            by90[h->rows[i].field] += cc_score_inside(c->q[0], c->q[4], c->actual);
            by50[h->rows[i].field] += cc_score_inside(c->q[1], c->q[3], c->actual);
        }
        free(h);
    }
    assert_int_equal(n, 6 * SERIES);
    const double c90 = (double)in90 / (double)n, c50 = (double)in50 / (double)n;
    fprintf(stderr, "synthetic coverage: %zu of %zu in P5-P95 (%.3f), %zu in P25-P75 (%.3f)\n",
            in90, n, c90, in50, c50);
    for (int i = 0; i < CC_HINDCAST_METRICS; i++)
        fprintf(stderr, "  %-20s %zu and %zu of %d\n", cc_history_metric_names[cc_hindcast_fields[i]],
                by90[cc_hindcast_fields[i]], by50[cc_hindcast_fields[i]], SERIES);
    assert_near(c90, 0.90, 4.0 * sqrt(0.90 * 0.10 / (double)n), 0.0);
    assert_near(c50, 0.50, 4.0 * sqrt(0.50 * 0.50 / (double)n), 0.0);
    free(sc);
    cc_results_free(truth);
    cc_scenario_free(model);
}

static int make_temp_dir(void **state)
{
    (void)state;
    snprintf(temp_dir, sizeof temp_dir, "/tmp/cc-test-calibrate-XXXXXX");
    return mkdtemp(temp_dir) != NULL ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
    (void)state;
    static const char *const files[] = {"model.cfg", "fit.cfg", "fitted.cfg"};
    char path[CC_PATH_MAX + 64];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", temp_dir, files[i]);
        remove(path);
    }
    rmdir(temp_dir);
    return 0;
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment_round_trip),
        cmocka_unit_test(test_levels_reach_the_fitted_medians),
        cmocka_unit_test(test_origins_outside_the_history_are_named),
        cmocka_unit_test(test_synthetic_histories_are_covered),
    };
    return cmocka_run_group_tests(tests, make_temp_dir, remove_temp_dir);
}
