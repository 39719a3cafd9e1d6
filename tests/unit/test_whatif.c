/* What-if helpers: targets "metric@period>=value", parameter ranges, and
 * goal-seek by bisection against probability curves with known answers; then
 * the what-if runs (compare, sensitivity, goal-seek) against their oracle,
 * the engine run directly with the same options. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/whatif.h"

static void test_target_parse(void **state)
{
    (void)state;
    cc_target t;
    cc_error err = {0};
    assert_int_equal(cc_target_parse("savings.total@2022/23>=7334781", true, &t, &err), CC_OK);
    assert_string_equal(t.metric, "savings.total");
    assert_string_equal(t.period, "2022/23");
    assert_true(t.has_value);
    assert_int_equal(t.comparison, CC_AT_LEAST);
    assert_near(t.value, 7334781.0, 0.0, 0.0);
    assert_int_equal(cc_target_parse("cost.total@2023/24<=6.5e7", true, &t, &err), CC_OK);
    assert_int_equal(t.comparison, CC_AT_MOST);
    assert_near(t.value, 6.5e7, 0.0, 0.0);
    assert_int_equal(cc_target_parse("cic.total@2024-03=800", true, &t, &err), CC_OK);
    assert_int_equal(t.comparison, CC_AT_LEAST);
    assert_int_equal(cc_target_parse("cic.total@2024-03", false, &t, &err), CC_OK);
    assert_false(t.has_value);
}

/* Amounts as a finance officer types them (issue 12): units, thousands
 * separators, a pound sign, spaces; strict comparisons. */
static void test_target_parse_amounts(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double value;
    } amounts[] = {{"30m", 30e6},         {"£30m", 30e6},       {"30,000,000", 30e6},
                   {"30000000", 30e6},    {"1.5bn", 1.5e9},     {"750k", 750e3},
                   {"-2.5m", -2.5e6},     {"-£2.5m", -2.5e6},   {"£-2.5m", -2.5e6},
                   {"20%", 0.2},          {"1,234.5", 1234.5},  {"6.5e7", 6.5e7},
                   {"64.1M", 64.1e6},     {"7,334,781", 7334781.0}};
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        double x = 0.0;
        assert_true(cc_amount_parse(amounts[i].text, &x));
        assert_near(x, amounts[i].value, 1e-6, 1e-12);
    }
    const char *bad[] = {"", "m", "30mm", "3,0000", "30,00", "1,2345", "12,345,67", "£", "1.2.3",
                         "30 m"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double x = 0.0;
        assert_false(cc_amount_parse(bad[i], &x));
    }
    cc_target t;
    cc_error err = {0};
    assert_int_equal(cc_target_parse(" cost.placements.total @ 2020/21 > 30 m ", true, &t, &err),
                     CC_OK);
    assert_string_equal(t.metric, "cost.placements.total");
    assert_string_equal(t.period, "2020/21");
    assert_int_equal(t.comparison, CC_ABOVE);
    assert_near(t.value, 30e6, 0.0, 0.0);
    assert_int_equal(cc_target_parse("net.cumulative@2023/24 < -30,000,000", true, &t, &err),
                     CC_OK);
    assert_int_equal(t.comparison, CC_BELOW);
    assert_near(t.value, -30e6, 0.0, 0.0);
    assert_string_equal(cc_comparison_symbol(CC_BELOW), "<");
    assert_string_equal(cc_comparison_symbol(CC_ABOVE), ">");
}

static void test_target_parse_errors(void **state)
{
    (void)state;
    cc_target t;
    cc_error err = {0};
    const char *bad[] = {"cic.total", "@2023/24", "cic.total@", "cic.total@2023/24>=",
                         "cic.total@2023/24>=abc", "cic.total@2023/24=>5", "cic.total@2023/24",
                         "cost.total@2023/24>3,00,000", "cost.total@2023/24>30mm"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.message[0] = '\0';
        assert_int_equal(cc_target_parse(bad[i], true, &t, &err), CC_ERR_INVALID);
        assert_non_null(strstr(err.message, bad[i][0] == '@' ? "@2023/24" : bad[i]));
    }
}

static void test_param_range_parse(void **state)
{
    (void)state;
    cc_param_range r;
    cc_error err = {0};
    assert_int_equal(cc_param_range_parse("levers.entries_change_pct:-20:10.5", &r, &err), CC_OK);
    assert_string_equal(r.key_path, "levers.entries_change_pct");
    assert_near(r.low, -20.0, 0.0, 0.0);
    assert_near(r.high, 10.5, 0.0, 0.0);
    assert_int_equal(cc_param_range_parse("a.b:5:1", &r, &err), CC_ERR_INVALID);
    assert_int_equal(cc_param_range_parse("a.b:5", &r, &err), CC_ERR_INVALID);
    assert_int_equal(cc_param_range_parse(":1:5", &r, &err), CC_ERR_INVALID);
    assert_int_equal(cc_param_range_parse("a.b:x:5", &r, &err), CC_ERR_INVALID);
}

/* p(x) = (x - 2) / 10 clamped to [0, 1], in steps of 1/n_paths as a Monte
 * Carlo estimate would be: the 0.5 crossing is at x = 7. */
typedef struct curve {
    double slope_sign; /* +1 rising, -1 falling */
    int calls;
    bool fail_at_third;
} curve;

static cc_status step_curve(void *context, double x, double *p, cc_error *err)
{
    curve *c = context;
    if (c->fail_at_third && ++c->calls == 3)
        return cc_error_set(err, CC_ERR_INVALID, "evaluation failed at %g", x);
    double v = (c->slope_sign > 0 ? x - 2.0 : 12.0 - x) / 10.0;
    v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
    *p = floor(v * 1000.0) / 1000.0;
    return CC_OK;
}

static void test_goalseek_finds_the_crossing(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve rising = {1.0, 0, false}, falling = {-1.0, 0, false};
    assert_int_equal(cc_goalseek(step_curve, &rising, 0.0, 20.0, 0.5, 0.01, 1000, &r, &err),
                     CC_OK);
    assert_true(r.found);
    assert_near(r.x, 7.0, 0.02, 0.0);
    assert_true(r.p >= 0.5);          /* reported on the side that meets it */
    assert_near(r.p_low, 0.0, 0.0, 0.0);
    assert_near(r.p_high, 1.0, 0.0, 0.0);
    /* One standard error of p at 0.5 with 1000 paths, over a slope of 1/20 per unit. */
    assert_near(r.x_uncertainty, sqrt(0.25 / 1000.0) / (1.0 / 20.0), 1e-9, 1e-9);
    assert_int_equal(cc_goalseek(step_curve, &falling, 0.0, 20.0, 0.8, 0.01, 1000, &r, &err),
                     CC_OK);
    assert_true(r.found);
    assert_near(r.x, 4.0, 0.02, 0.0);
    assert_true(r.p >= 0.8);
}

static void test_goalseek_reports_an_unreachable_target(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve rising = {1.0, 0, false};
    /* On [0, 4] p goes from 0 to 0.2: 0.5 is out of reach. */
    assert_int_equal(cc_goalseek(step_curve, &rising, 0.0, 4.0, 0.5, 0.01, 1000, &r, &err), CC_OK);
    assert_false(r.found);
    assert_int_equal(r.evaluations, 2);
    assert_near(r.p_high, 0.2, 1e-12, 0.0);
}

static void test_goalseek_passes_failures_on(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve failing = {1.0, 0, true};
    assert_int_equal(cc_goalseek(step_curve, &failing, 0.0, 20.0, 0.5, 0.01, 1000, &r, &err),
                     CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "evaluation failed"));
}

/* p(x) = 1 for x >= 0, else 0: the crossing is at 0, where doubles are dense
 * enough for about 1,075 halvings of [-1, 1]. Fails the test (instead of
 * hanging it) if goal-seek asks for far more evaluations than its limit. */
static cc_status jump_at_zero(void *context, double x, double *p, cc_error *err)
{
    int *calls = context;
    if (++*calls > 10 * CC_GOALSEEK_MAX_EVALUATIONS)
        return cc_error_set(err, CC_ERR_NUMERIC, "no iteration limit: %d evaluations", *calls);
    *p = x >= 0.0 ? 1.0 : 0.0;
    return CC_OK;
}

static void test_goalseek_stops_at_its_iteration_limit(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    int calls = 0;
    /* A tolerance of 0 can never be met. */
    assert_int_equal(cc_goalseek(jump_at_zero, &calls, -1.0, 1.0, 0.5, 0.0, 1000, &r, &err),
                     CC_OK);
    assert_int_equal(r.evaluations, CC_GOALSEEK_MAX_EVALUATIONS);
    assert_int_equal(calls, CC_GOALSEEK_MAX_EVALUATIONS);
    assert_true(r.found);
    assert_true(r.at_limit);
    assert_near(r.x, 0.0, 0.0, 0.0); /* the end that meets the target */
    assert_near(r.p, 1.0, 0.0, 0.0);
    /* 62 halvings of [-1, 1] leave a bracket of 2^-61: the uncertainty covers it. */
    assert_true(r.x_uncertainty >= 0.5 * ldexp(1.0, -61));
}

/* step_curve, failing the test (instead of hanging it) after far more
 * evaluations than goal-seek's limit. */
static cc_status guarded_step(void *context, double x, double *p, cc_error *err)
{
    curve *c = context;
    if (++c->calls > 10 * CC_GOALSEEK_MAX_EVALUATIONS)
        return cc_error_set(err, CC_ERR_NUMERIC, "no iteration limit: %d evaluations", c->calls);
    return step_curve(context, x, p, err);
}

static void test_goalseek_stops_when_the_bracket_cannot_shrink(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve rising = {1.0, 0, false};
    /* Near 7 doubles are 2^-50 apart: bisection of [0, 20] runs out of
     * midpoints after about 54 halvings, before the limit. */
    assert_int_equal(cc_goalseek(guarded_step, &rising, 0.0, 20.0, 0.5, 0.0, 1000, &r, &err),
                     CC_OK);
    assert_true(r.found);
    assert_true(r.at_limit);
    assert_true(r.evaluations < CC_GOALSEEK_MAX_EVALUATIONS);
    assert_near(r.x, 7.0, 1e-12, 0.0);
    assert_true(r.p >= 0.5);
}

/* ---- what-if runs ---- */

#define TEST_PATHS 120

static cc_scenario *load_fixture(const char *relative)
{
    const char *dir = getenv("CC_SOURCE_DIR");
    if (dir == NULL)
        fail_msg("CC_SOURCE_DIR is not set (run the test through ctest)");
    char path[CC_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, relative);
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    const cc_override paths = {"run.paths", "120"};
    const cc_status st = cc_scenario_load(path, &paths, 1, &sc, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    cc_errlist_destroy(&errors);
    if (st != CC_OK)
        fail_msg("cannot load %s: %s", path, cc_status_name(st));
    return sc;
}

/* A loader that needs no files, as a server's could: a copy of the base with
 * one lever changed. Refuses other keys, as the config module would. */
typedef struct memory_loader {
    const cc_scenario *base;
    int loads, frees;
} memory_loader;

static cc_status set_lever(cc_scenario *sc, const char *key_path, double value, cc_error *err)
{
    if (strcmp(key_path, "levers.entries_change_pct") == 0)
        sc->levers.entries_change_pct = value;
    else if (strcmp(key_path, "levers.exits_change_pct") == 0)
        sc->levers.exits_change_pct = value;
    else
        return cc_error_set(err, CC_ERR_INVALID, "%s: unknown key", key_path);
    return CC_OK;
}

static cc_status load_copy(void *context, const char *key_path, double value, cc_scenario **out,
                           cc_error *err)
{
    memory_loader *ml = context;
    *out = NULL;
    cc_scenario *sc = malloc(sizeof *sc);
    if (sc == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "out of memory");
    *sc = *ml->base;
    const cc_status st = set_lever(sc, key_path, value, err);
    if (st != CC_OK) {
        free(sc);
        return st;
    }
    ml->loads++;
    *out = sc;
    return CC_OK;
}

static void free_copy(void *context, cc_scenario *scenario)
{
    memory_loader *ml = context;
    ml->frees++;
    free(scenario);
}

/* The oracle: the engine run directly, with the what-if's options. */
static cc_results *run_directly(const cc_scenario *sc, const cc_whatif_options *wo)
{
    cc_error err = {0};
    cc_results *res = NULL;
    assert_int_equal(cc_results_alloc(sc, wo->n_paths, &res, &err), CC_OK);
    const cc_run_options ro = {.n_paths = wo->n_paths,
                               .seed = wo->seed,
                               .threads = wo->threads,
                               .total_savings_only = true};
    assert_int_equal(cc_engine_run(sc, &ro, res, &err), CC_OK);
    return res;
}

static bool same_results(const cc_results *a, const cc_results *b)
{
    const size_t n = a->n_metrics * a->n_paths;
    return a->n_metrics == b->n_metrics && a->n_paths == b->n_paths &&
           a->n_months == b->n_months &&
           memcmp(a->monthly, b->monthly, n * a->n_months * sizeof *a->monthly) == 0 &&
           memcmp(a->annual, b->annual, n * a->n_years * sizeof *a->annual) == 0;
}

static void test_options_come_from_the_base(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    const cc_whatif_options wo = cc_whatif_options_from(base);
    assert_int_equal(wo.n_paths, TEST_PATHS);
    assert_int_equal(wo.seed, 7); /* small.cfg's run.seed */
    assert_int_equal(wo.threads, base->run.threads);
    assert_null(wo.progress);
    assert_null(wo.cancel);
    cc_scenario_free(base);
}

static void test_compare_with_itself_differs_by_exactly_zero(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    const cc_whatif_options wo = cc_whatif_options_from(base);
    const cc_scenario *alts[] = {base};
    cc_compare_result *c = NULL;
    cc_error err = {0};
    assert_int_equal(cc_whatif_compare(base, alts, 1, &wo, &c, &err), CC_OK);
    assert_int_equal(c->n_runs, 2);
    assert_int_equal(c->results[1]->n_paths, TEST_PATHS);
    assert_true(same_results(c->results[0], c->results[1]));
    cc_compare_result_free(c);
    cc_scenario_free(base);
}

static void test_compare_runs_are_the_engine_runs(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    cc_scenario *fewer = load_fixture("tests/data/small-fewer.cfg");
    cc_whatif_options wo = cc_whatif_options_from(base);
    wo.threads = 2;
    const cc_scenario *alts[] = {fewer};
    cc_compare_result *c = NULL;
    cc_error err = {0};
    assert_int_equal(cc_whatif_compare(base, alts, 1, &wo, &c, &err), CC_OK);
    wo.threads = 1; /* paths pair up for any thread count */
    cc_results *direct_base = run_directly(base, &wo);
    cc_results *direct_fewer = run_directly(fewer, &wo);
    assert_true(same_results(c->results[0], direct_base));
    assert_true(same_results(c->results[1], direct_fewer));
    assert_false(same_results(c->results[0], c->results[1]));
    cc_results_free(direct_fewer);
    cc_results_free(direct_base);
    cc_compare_result_free(c);
    cc_scenario_free(fewer);
    cc_scenario_free(base);
}

static void test_compare_refuses_a_different_horizon(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    cc_scenario *shorter = load_fixture("tests/data/small-short.cfg");
    const cc_whatif_options wo = cc_whatif_options_from(base);
    const cc_scenario *alts[] = {base, shorter};
    char sentinel = 0;
    cc_compare_result *c = (cc_compare_result *)(void *)&sentinel; /* must be reset to NULL */
    cc_error err = {0};
    assert_int_equal(cc_whatif_compare(base, alts, 2, &wo, &c, &err), CC_ERR_INVALID);
    assert_null(c);
    assert_non_null(strstr(err.message, "small-short.cfg"));
    assert_non_null(strstr(err.message, "run.horizon_months"));
    assert_int_equal(cc_whatif_check_comparable(base, base, &err), CC_OK);
    cc_scenario_free(shorter);
    cc_scenario_free(base);
}

/* Cancels once the first run's paths are done, as a server would from
 * another thread; records the progress seen. */
typedef struct canceller {
    atomic_bool cancel;
    size_t last_done, last_total, calls;
} canceller;

static void cancel_after_first_run(void *context, size_t done, size_t total)
{
    canceller *k = context;
    k->last_done = done;
    k->last_total = total;
    k->calls++;
    if (done >= TEST_PATHS)
        atomic_store(&k->cancel, true);
}

static void test_a_cancelled_whatif_stops_before_its_next_run(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    canceller k = {.calls = 0};
    atomic_init(&k.cancel, false);
    cc_whatif_options wo = cc_whatif_options_from(base);
    wo.threads = 1; /* progress comes from thread 0: with one thread, every path */
    wo.progress = cancel_after_first_run;
    wo.progress_context = &k;
    wo.cancel = &k.cancel;
    const cc_scenario *alts[] = {base, base};
    cc_compare_result *c = NULL;
    cc_error err = {0};
    assert_int_equal(cc_whatif_compare(base, alts, 2, &wo, &c, &err), CC_ERR_CANCELLED);
    assert_null(c);
    /* The first of three runs finished, and progress counted all three. */
    assert_int_equal(k.calls, TEST_PATHS);
    assert_int_equal(k.last_done, TEST_PATHS);
    assert_int_equal(k.last_total, 3 * TEST_PATHS);
    /* Set before the start, nothing runs. */
    k.calls = 0;
    cc_sensitivity_table *table = NULL;
    const cc_target output = {.metric = "cic.total", .period = "2022/23"};
    memory_loader ml = {base, 0, 0};
    const cc_scenario_loader loader = {load_copy, free_copy, &ml};
    assert_int_equal(cc_whatif_sensitivity(base, &loader, NULL, 0, &output, 1, &wo, &table, &err),
                     CC_ERR_CANCELLED);
    assert_null(table);
    assert_int_equal(k.calls, 0);
    cc_scenario_free(base);
}

static void test_sensitivity_swings_are_the_runs_at_low_and_high(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    const cc_whatif_options wo = cc_whatif_options_from(base);
    const cc_sensitivity_param params[] = {
        {.label = "Entries", .key_path = "levers.entries_change_pct", .low = -23.85, .high = 17.5},
        {.label = "Exits", .key_path = "levers.exits_change_pct", .low = -12.5, .high = 31.25}};
    cc_target outputs[2];
    cc_error err = {0};
    assert_int_equal(cc_target_parse("cic.total@2022/23", false, &outputs[0], &err), CC_OK);
    assert_int_equal(cc_target_parse("cost.total@2021-09", false, &outputs[1], &err), CC_OK);
    memory_loader ml = {base, 0, 0};
    const cc_scenario_loader loader = {load_copy, free_copy, &ml};
    cc_sensitivity_table *table = NULL;
    assert_int_equal(
        cc_whatif_sensitivity(base, &loader, params, 2, outputs, 2, &wo, &table, &err), CC_OK);
    assert_int_equal(ml.loads, 4); /* each parameter at low and at high */
    assert_int_equal(ml.frees, 4);
    assert_int_equal(table->n_outputs, 2);
    assert_string_equal(table->outputs[0].output, "cic.total@2022/23");
    assert_false(table->outputs[0].is_money);
    assert_true(table->outputs[1].is_money);
    cc_results *direct = run_directly(base, &wo);
    assert_true(same_results(table->base_results, direct));
    for (size_t o = 0; o < 2; o++) {
        assert_int_equal(cc_target_resolve(direct, &outputs[o], &err), CC_OK);
        assert_near(table->outputs[o].base, cc_target_mean(direct, &outputs[o]), 0.0, 0.0);
    }
    cc_results_free(direct);
    for (size_t i = 0; i < 2; i++) {
        for (int side = 0; side < 2; side++) {
            cc_scenario *variant = malloc(sizeof *variant);
            assert_non_null(variant);
            *variant = *base;
            set_lever(variant, params[i].key_path, side == 0 ? params[i].low : params[i].high,
                      &err);
            direct = run_directly(variant, &wo);
            for (size_t o = 0; o < 2; o++) {
                const cc_swing *w = &table->outputs[o].swings[i];
                assert_string_equal(w->label, params[i].label);
                assert_string_equal(w->key_path, params[i].key_path);
                assert_near(w->low, params[i].low, 0.0, 0.0);
                assert_near(w->high, params[i].high, 0.0, 0.0);
                assert_int_equal(cc_target_resolve(direct, &outputs[o], &err), CC_OK);
                assert_near(side == 0 ? w->at_low : w->at_high,
                            cc_target_mean(direct, &outputs[o]), 0.0, 0.0);
            }
            cc_results_free(direct);
            free(variant);
        }
    }
    /* The levers move the output (else the oracle above proves little). */
    assert_true(table->outputs[0].swings[0].at_low != table->outputs[0].swings[0].at_high);
    cc_sensitivity_table_free(table);
    cc_scenario_free(base);
}

static void test_sensitivity_errors(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    const cc_whatif_options wo = cc_whatif_options_from(base);
    memory_loader ml = {base, 0, 0};
    const cc_scenario_loader loader = {load_copy, free_copy, &ml};
    cc_target output = {.metric = "cic.total", .period = "2022/23"};
    cc_sensitivity_param params[CC_SWINGS_MAX + 1] = {
        {.key_path = "levers.entries_change_pct", .low = -10, .high = 10},
        {.key_path = "levers.entries_chnage_pct", .low = -10, .high = 10}};
    cc_sensitivity_table *table = NULL;
    cc_error err = {0};
    /* The loader's refusal is passed on, and every scenario it gave is handed back. */
    assert_int_equal(cc_whatif_sensitivity(base, &loader, params, 2, &output, 1, &wo, &table, &err),
                     CC_ERR_INVALID);
    assert_null(table);
    assert_non_null(strstr(err.message, "levers.entries_chnage_pct"));
    assert_int_equal(ml.loads, ml.frees);
    /* An output the run does not have. */
    snprintf(output.metric, sizeof output.metric, "cic.totl");
    assert_int_equal(cc_whatif_sensitivity(base, &loader, params, 1, &output, 1, &wo, &table, &err),
                     CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "cic.totl"));
    /* Too many parameters. */
    assert_int_equal(cc_whatif_sensitivity(base, &loader, params, CC_SWINGS_MAX + 1, &output, 1,
                                           &wo, &table, &err),
                     CC_ERR_INVALID);
    assert_null(table);
    cc_scenario_free(base);
}

static void test_default_outputs_are_the_last_financial_year(void **state)
{
    (void)state;
    cc_scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    cc_target out[CC_DEFAULT_OUTPUTS];
    /* January 2019 + 15 months ends in March 2020: financial year 2019/20. */
    sc->start_year = 2019;
    sc->start_month = 1;
    sc->run.horizon_months = 15;
    cc_whatif_default_outputs(sc, out);
    assert_string_equal(out[0].metric, "cost.total");
    assert_string_equal(out[0].period, "2019/20");
    assert_string_equal(out[1].metric, "net.cumulative");
    assert_string_equal(out[1].period, "2019/20");
    assert_false(out[0].has_value);
    /* ... and 16 months ends in April 2020: 2020/21. */
    sc->run.horizon_months = 16;
    cc_whatif_default_outputs(sc, out);
    assert_string_equal(out[1].period, "2020/21");
    free(sc);
}

static void test_goalseek_over_runs(void **state)
{
    (void)state;
    cc_scenario *base = load_fixture("tests/data/small.cfg");
    const cc_whatif_options wo = cc_whatif_options_from(base);
    memory_loader ml = {base, 0, 0};
    const cc_scenario_loader loader = {load_copy, free_copy, &ml};
    cc_param_range range;
    cc_target target;
    cc_error err = {0};
    assert_int_equal(cc_param_range_parse("levers.entries_change_pct:-60:20", &range, &err), CC_OK);
    /* The base's median children in care at the end, so the crossing is inside. */
    cc_results *direct = run_directly(base, &wo);
    assert_int_equal(cc_target_parse("cic.total@2023-03", false, &target, &err), CC_OK);
    assert_int_equal(cc_target_resolve(direct, &target, &err), CC_OK);
    target.has_value = true;
    target.comparison = CC_AT_MOST;
    target.value = floor(cc_target_mean(direct, &target));
    cc_results_free(direct);
    cc_goalseek_result r;
    assert_int_equal(cc_whatif_goalseek(&loader, &range, &target, 0.5, &wo, &r, &err), CC_OK);
    assert_true(r.found);
    assert_false(r.at_limit);
    assert_int_equal(r.evaluations, 2 + 8); /* the ends, then halvings to range / 256 */
    assert_int_equal(ml.loads, r.evaluations);
    /* The reported probability is that of a direct run at the value found. */
    cc_scenario *variant = malloc(sizeof *variant);
    assert_non_null(variant);
    *variant = *base;
    variant->levers.entries_change_pct = r.x;
    direct = run_directly(variant, &wo);
    assert_int_equal(cc_target_resolve(direct, &target, &err), CC_OK);
    assert_near(r.p, cc_target_probability(direct, &target), 0.0, 0.0);
    assert_true(r.p >= 0.5);
    cc_results_free(direct);
    free(variant);
    /* A target without a value is refused. */
    target.has_value = false;
    assert_int_equal(cc_whatif_goalseek(&loader, &range, &target, 0.5, &wo, &r, &err),
                     CC_ERR_INVALID);
    cc_scenario_free(base);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_parse),
        cmocka_unit_test(test_target_parse_errors),
        cmocka_unit_test(test_target_parse_amounts),
        cmocka_unit_test(test_param_range_parse),
        cmocka_unit_test(test_goalseek_finds_the_crossing),
        cmocka_unit_test(test_goalseek_reports_an_unreachable_target),
        cmocka_unit_test(test_goalseek_passes_failures_on),
        cmocka_unit_test(test_goalseek_stops_at_its_iteration_limit),
        cmocka_unit_test(test_goalseek_stops_when_the_bracket_cannot_shrink),
        cmocka_unit_test(test_options_come_from_the_base),
        cmocka_unit_test(test_compare_with_itself_differs_by_exactly_zero),
        cmocka_unit_test(test_compare_runs_are_the_engine_runs),
        cmocka_unit_test(test_compare_refuses_a_different_horizon),
        cmocka_unit_test(test_a_cancelled_whatif_stops_before_its_next_run),
        cmocka_unit_test(test_sensitivity_swings_are_the_runs_at_low_and_high),
        cmocka_unit_test(test_sensitivity_errors),
        cmocka_unit_test(test_default_outputs_are_the_last_financial_year),
        cmocka_unit_test(test_goalseek_over_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
