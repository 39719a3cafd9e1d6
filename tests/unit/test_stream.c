/* Tests for bounded-memory runs (src/stream): a run summarised as its paths are made must give
 * the statistics of the same paths stored and summarised (cc_summary_alloc, cc_path_stats), to
 * the last bit, whatever the values look like (made-up values of many shapes), whichever passes
 * it needs (pilot stopping early, covering every path, percentiles missed and found in more
 * passes), for any thread count; and the engine run in blocks (first_path) must give the paths
 * of a whole run. */
#include "test_run.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/output.h"
#include "carecast/stream.h"
#include "output/output_internal.h"
#include "stream/stream_internal.h"

static cc_scenario *load(const char *relative)
{
    return test_load(relative, NULL, 0);
}

/* ---- made-up paths ---- */

/* A uniform in [0, 1) from (seed, metric, period, path): the same value whenever asked. */
static double uniform(unsigned seed, size_t k, size_t t, size_t p)
{
    uint64_t z = ((uint64_t)seed << 48) ^ ((uint64_t)k << 36) ^ ((uint64_t)t << 24) ^ (uint64_t)p;
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

enum shape {
    SHAPE_SMOOTH,     /* continuous, one hump */
    SHAPE_COUNTS,     /* whole numbers in a narrow range */
    SHAPE_WIDE_WHOLE, /* whole numbers over a range wider than the buckets */
    SHAPE_NO_SPEND,   /* 0 on 60% of paths (a point mass), else continuous */
    SHAPE_BOTH_SIGNS, /* both signs, zero among them */
    SHAPE_HEAVY,      /* heavy right tail */
    SHAPE_FEW,        /* five values, not whole */
    SHAPE_CONSTANT,   /* one value on every path */
    SHAPE_DRIFT,      /* the first paths narrower than the rest: the pilot's range misleads */
    SHAPE_INDICATOR,  /* 0 or 1 */
    SHAPE_COUNT
};

static float made_up(unsigned seed, size_t k, size_t t, size_t p)
{
    const double u = uniform(seed, k, t, p), v = uniform(seed + 1u, k, t, p);
    /* Near normal and cheap: the spread of a sum of uniforms, scaled to unit variance. */
    const double normal = (u + v + uniform(seed + 2u, k, t, p) - 1.5) * 2.0;
    switch ((enum shape)((k + t) % SHAPE_COUNT)) {
    case SHAPE_SMOOTH:
        return (float)(2.385e7 + 1.2e6 * normal);
    case SHAPE_COUNTS:
        return (float)floor(640.0 + 25.0 * normal);
    case SHAPE_WIDE_WHOLE:
        return (float)floor(9000.0 * u);
    case SHAPE_NO_SPEND:
        return u < 0.6 ? 0.0f : (float)(1.5e5 * (v + 0.01));
    case SHAPE_BOTH_SIGNS:
        return (float)(3.7e4 * normal * (u < 0.5 ? 1.0 : 0.0));
    case SHAPE_HEAVY:
        return (float)exp(1.3 * normal + 4.0);
    case SHAPE_FEW:
        return 2.385f * (float)(int)(5.0 * u);
    case SHAPE_CONSTANT:
        return 117.5f;
    case SHAPE_DRIFT:
        return (float)(p < 300 ? 50.0 + normal : 50.0 + 40.0 * normal);
    default:
        return u < 0.3 ? 1.0f : 0.0f;
    }
}

typedef struct made_up_source {
    unsigned seed;
    size_t fills; /* paths given, over every pass */
} made_up_source;

static cc_status fill_made_up(void *context, size_t first, size_t count, cc_results *round,
                              cc_draw_counts *counts, cc_error *err)
{
    (void)counts;
    (void)err;
    made_up_source *m = context;
    for (size_t k = 0; k < round->n_metrics; k++) {
        for (size_t t = 0; t < round->n_months; t++)
            for (size_t i = 0; i < count; i++)
                cc_results_monthly(round, k, t)[i] = made_up(m->seed, k, t, first + i);
        for (size_t y = 0; y < round->n_years; y++)
            for (size_t i = 0; i < count; i++)
                cc_results_annual(round, k, y)[i] =
                    y == 1 && k % 3 == 0 ? (float)NAN /* a year without a budget */
                                         : made_up(m->seed, k, 1000 + y, first + i);
    }
    m->fills += count;
    return CC_OK;
}

/* The same values, stored. */
static cc_results *stored_made_up(const cc_scenario *sc, size_t n, unsigned seed)
{
    cc_results *res = NULL;
    cc_error err;
    assert_int_equal(cc_results_alloc(sc, n, &res, &err), CC_OK);
    made_up_source m = {seed, 0};
    fill_made_up(&m, 0, n, res, NULL, &err);
    return res;
}

/* ---- comparing ---- */

static bool same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Every statistic the writers can ask of streamed is what they get from stored. */
static void assert_same_statistics(const cc_results *stored, const cc_results *streamed,
                                   const cc_summary_plan *plan)
{
    cc_error err;
    cc_summary *a = NULL, *b = NULL;
    static const double pct[3] = {5.0, 50.0, 95.0};
    assert_int_equal(cc_summary_alloc(stored, pct, 3, 2, &a, &err), CC_OK);
    assert_int_equal(cc_summary_alloc(streamed, pct, 3, 2, &b, &err), CC_OK);
    const size_t n_month = a->n_metrics * a->n_months * 5, n_year = a->n_metrics * a->n_years * 5;
    for (size_t i = 0; i < n_month; i++)
        if (!same(a->monthly[i], b->monthly[i]))
            fail_msg("monthly statistic %zu: stored %.17g, streamed %.17g", i, a->monthly[i],
                     b->monthly[i]);
    for (size_t i = 0; i < n_year; i++)
        if (!same(a->annual[i], b->annual[i]))
            fail_msg("annual statistic %zu: stored %.17g, streamed %.17g", i, a->annual[i],
                     b->annual[i]);
    cc_summary_free(a);
    cc_summary_free(b);
    float *scratch = malloc(stored->n_paths * sizeof *scratch);
    assert_non_null(scratch);
    for (size_t s = 0; s < plan->n_sums; s++) {
        const cc_metric_sum *m = &plan->sums[s];
        for (size_t t = 0; t < (m->annual ? stored->n_years : stored->n_months); t++) {
            double pa[CC_LEVELS_MAX], pb[CC_LEVELS_MAX], ma, mb;
            cc_path_stats(stored, m->annual, t, m->ks, m->nk, plan->levels, plan->n_levels,
                          scratch, pa, &ma);
            cc_path_stats(streamed, m->annual, t, m->ks, m->nk, plan->levels, plan->n_levels,
                          scratch, pb, &mb);
            assert_true(same(ma, mb));
            for (size_t l = 0; l < plan->n_levels; l++)
                if (!same(pa[l], pb[l]))
                    fail_msg("sum %zu period %zu level %g: stored %.17g, streamed %.17g", s, t,
                             plan->levels[l], pa[l], pb[l]);
        }
    }
    free(scratch);
}

static cc_summary_plan test_plan(void)
{
    cc_summary_plan plan = {.n_levels = 7, .levels = {0.0, 5.0, 10.0, 50.0, 90.0, 95.0, 100.0}};
    plan.sums[plan.n_sums++] = (cc_metric_sum){.annual = false, .nk = 2, .ks = {1, 4}};
    plan.sums[plan.n_sums++] = (cc_metric_sum){.annual = true, .nk = 3, .ks = {2, 7, 9}};
    return plan;
}

/* Summarises n made-up paths in rounds of round_paths with budget_floats floats to keep. */
static cc_results *stream_made_up(const cc_scenario *sc, size_t n, unsigned seed,
                                  size_t round_paths, size_t budget_floats, int threads,
                                  cc_stream_report *report, size_t *fills)
{
    made_up_source m = {seed, 0};
    const stream_source source = {fill_made_up, &m};
    const cc_stream_options so = {.plan = test_plan(),
                                  .round_paths = round_paths,
                                  .budget_bytes = budget_floats * sizeof(float)};
    const cc_run_options ro = {.n_paths = n, .threads = threads};
    cc_results *res = NULL;
    cc_error err = {0};
    const cc_status st = cc_stream_summarise(sc, &ro, &so, &source, &res, report, &err);
    if (st != CC_OK)
        fail_msg("cc_stream_summarise: %s", err.message);
    assert_false(cc_results_stored(res));
    *fills = m.fills;
    return res;
}

/* ---- tests ---- */

static void test_made_up_pilot_stops_early(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const size_t n = 2500;
    const cc_summary_plan plan = test_plan();
    cc_results *stored = stored_made_up(sc, n, 11);
    cc_stream_report report;
    size_t fills = 0;
    cc_results *streamed = stream_made_up(sc, n, 11, 256, 1u << 24, 2, &report, &fills);
    /* A pilot shorter than the run, then every path once more. */
    assert_true(report.pilot_paths < n);
    assert_int_equal(fills, report.paths_simulated);
    assert_true(fills >= n + report.pilot_paths);
    assert_same_statistics(stored, streamed, &plan);
    cc_results_free(stored);
    cc_results_free(streamed);
    cc_scenario_free(sc);
}

static void test_made_up_one_round_covers_every_path(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const size_t n = 1000;
    const cc_summary_plan plan = test_plan();
    cc_results *stored = stored_made_up(sc, n, 12);
    cc_stream_report report;
    size_t fills = 0;
    cc_results *streamed = stream_made_up(sc, n, 12, 1024, 1u << 24, 1, &report, &fills);
    assert_int_equal(report.pilot_paths, n);
    assert_same_statistics(stored, streamed, &plan);
    cc_results_free(stored);
    cc_results_free(streamed);
    cc_scenario_free(sc);
}

/* A budget too small for the pilot's plan: gathering overflows, and the percentiles are found
 * in more passes, a few quantities at a time. */
static void test_made_up_small_budget_takes_more_passes(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const size_t n = 1200;
    const cc_summary_plan plan = test_plan();
    cc_results *stored = stored_made_up(sc, n, 13);
    cc_stream_report report;
    size_t fills = 0;
    cc_results *streamed = stream_made_up(sc, n, 13, 128, 12000, 2, &report, &fills);
    assert_true(report.passes > 2);
    assert_true(report.gathered_max <= 12000);
    assert_int_equal(fills, report.paths_simulated);
    assert_same_statistics(stored, streamed, &plan);
    cc_results_free(stored);
    cc_results_free(streamed);
    cc_scenario_free(sc);
}

static void test_made_up_thread_counts_agree(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const cc_summary_plan plan = test_plan();
    cc_stream_report r1, r2;
    size_t fills = 0;
    cc_results *one = stream_made_up(sc, 1500, 14, 64, 1u << 22, 1, &r1, &fills);
    cc_results *two = stream_made_up(sc, 1500, 14, 64, 1u << 22, 2, &r2, &fills);
    const cc_path_summary *a = one->summary, *b = two->summary;
    assert_int_equal(a->n_quantities, b->n_quantities);
    assert_memory_equal(a->moments, b->moments, a->n_quantities * sizeof a->moments[0]);
    for (size_t i = 0; i < a->n_quantities * plan.n_levels; i++)
        assert_true(same(a->at[i], b->at[i]));
    cc_results_free(one);
    cc_results_free(two);
    cc_scenario_free(sc);
}

/* A bucket that holds more values than the budget cannot be gathered: a clear error. */
static void test_budget_below_one_bucket_is_refused(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    made_up_source m = {15, 0};
    const stream_source source = {fill_made_up, &m};
    const cc_stream_options so = {.plan = test_plan(), .round_paths = 64, .budget_bytes = 16};
    const cc_run_options ro = {.n_paths = 600, .threads = 2};
    cc_results *res = NULL;
    cc_error err = {0};
    assert_int_equal(cc_stream_summarise(sc, &ro, &so, &source, &res, NULL, &err),
                     CC_ERR_NOMEM);
    assert_null(res);
    assert_non_null(strstr(err.message, "memory budget"));
    cc_scenario_free(sc);
}

/* The engine run in two blocks gives the columns of one whole run. */
static void test_engine_blocks_match_whole_run(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    cc_results *whole = NULL, *block = NULL;
    cc_error err;
    assert_int_equal(cc_results_alloc(sc, 100, &whole, &err), CC_OK);
    assert_int_equal(cc_results_alloc(sc, 60, &block, &err), CC_OK);
    const cc_run_options all = {.n_paths = 100, .seed = 31, .threads = 2};
    assert_int_equal(cc_engine_run(sc, &all, whole, &err), CC_OK);
    for (size_t first = 0; first < 100; first += 48) {
        const cc_run_options part = {.n_paths = 100 - first < 48 ? 100 - first : 48,
                                     .first_path = first, .seed = 31, .threads = 1};
        assert_int_equal(cc_engine_run(sc, &part, block, &err), CC_OK);
        for (size_t k = 0; k < whole->n_metrics; k++)
            for (size_t y = 0; y < whole->n_years; y++)
                if (memcmp(cc_results_annual(block, k, y), cc_results_annual(whole, k, y) + first,
                           part.n_paths * sizeof(float)) != 0)
                    fail_msg("block from %zu: %s, year %zu differs", first, whole->metrics[k].name,
                             y);
    }
    cc_results_free(whole);
    cc_results_free(block);
    cc_scenario_free(sc);
}

/* A real bounded run against the same run stored: every statistic, and the charts' sums. */
static void test_engine_bounded_run_matches_stored(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const size_t n = 700;
    cc_results *stored = NULL, *streamed = NULL;
    cc_error err;
    assert_int_equal(cc_results_alloc(sc, n, &stored, &err), CC_OK);
    const cc_run_options ro = {.n_paths = n, .seed = 2385, .threads = 2};
    assert_int_equal(cc_engine_run(sc, &ro, stored, &err), CC_OK);
    cc_stream_options so = {.round_paths = 96};
    cc_output_plan(sc, stored, &so.plan);
    so.plan.sums[so.plan.n_sums++] = (cc_metric_sum){.nk = 2, .ks = {0, 1}};
    cc_stream_report report;
    assert_int_equal(cc_stream_run(sc, &ro, &so, &streamed, &report, &err), CC_OK);
    assert_true(report.pilot_paths >= 96);
    assert_same_statistics(stored, streamed, &so.plan);
    cc_results_free(stored);
    cc_results_free(streamed);
    cc_scenario_free(sc);
}

/* ---- precision ---- */

/* A goal on cic.total in the second year that about 3,500 paths meet (from 1,024 paths' sd). */
static cc_precision goal_for(const cc_scenario *sc, bool relative)
{
    cc_results *pilot = NULL;
    cc_error err;
    assert_int_equal(cc_results_alloc(sc, 1024, &pilot, &err), CC_OK);
    const cc_run_options ro = {.n_paths = 1024, .seed = 77, .threads = 2};
    assert_int_equal(cc_engine_run(sc, &ro, pilot, &err), CC_OK);
    double mean, sd;
    cc_stats_mean_sd(cc_results_annual(pilot, 0, 1), 1024, &mean, &sd);
    cc_results_free(pilot);
    cc_precision p = {.n_goals = 1};
    p.goals[0] = (cc_precision_goal){.k = 0, .annual = true, .period = 1, .relative = relative,
                                     .max_se = sd / sqrt(3500.0) / (relative ? fabs(mean) : 1.0)};
    return p;
}

/* Kept: the paths run are those of a plain run of as many; one block fewer would not do. */
static void test_precision_kept_matches_plain_run(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const cc_precision p = goal_for(sc, false);
    const cc_run_options ro = {.n_paths = 50000, .seed = 77, .threads = 2};
    cc_results *res = NULL, *plain = NULL;
    cc_precision_report r;
    cc_error err;
    assert_int_equal(cc_precision_run(sc, &ro, &p, NULL, &res, &r, &err), CC_OK);
    assert_true(r.met);
    assert_int_equal(r.n_paths % CC_PRECISION_BLOCK, 0);
    assert_true(r.n_paths > CC_PRECISION_BLOCK && r.n_paths < 50000);
    assert_int_equal(res->n_paths, r.n_paths);
    assert_true(r.se[0] <= p.goals[0].max_se);
    const cc_moments fewer = cc_moments_of(cc_results_annual(res, 0, 1), r.n_paths - 1024);
    double se, mean;
    assert_false(cc_precision_met(&p.goals[0], &fewer, &se, &mean));
    assert_int_equal(cc_results_alloc(sc, r.n_paths, &plain, &err), CC_OK);
    const cc_run_options all = {.n_paths = r.n_paths, .seed = 77, .threads = 1};
    assert_int_equal(cc_engine_run(sc, &all, plain, &err), CC_OK);
    assert_memory_equal(res->monthly, plain->monthly,
                        res->n_metrics * res->n_months * r.n_paths * sizeof(float));
    assert_memory_equal(res->annual, plain->annual,
                        res->n_metrics * res->n_years * r.n_paths * sizeof(float));
    cc_results_free(res);
    cc_results_free(plain);
    cc_scenario_free(sc);
}

/* Bounded memory takes the same paths (a relative goal here) and gives the same statistics;
 * the most paths stop a goal that cannot be met. */
static void test_precision_bounded_matches_kept(void **state)
{
    (void)state;
    cc_scenario *sc = load("tests/data/small.cfg");
    const cc_precision p = goal_for(sc, true);
    const cc_run_options ro = {.n_paths = 50000, .seed = 77, .threads = 2};
    cc_results *kept = NULL, *streamed = NULL;
    cc_precision_report r;
    cc_error err;
    assert_int_equal(cc_precision_run(sc, &ro, &p, NULL, &kept, &r, &err), CC_OK);
    cc_stream_options so = {.precision = &p};
    cc_output_plan(sc, kept, &so.plan);
    cc_stream_report report;
    assert_int_equal(cc_stream_run(sc, &ro, &so, &streamed, &report, &err), CC_OK);
    assert_true(report.precision.met);
    assert_int_equal(report.precision.n_paths, r.n_paths);
    assert_int_equal(streamed->n_paths, r.n_paths);
    assert_same_statistics(kept, streamed, &so.plan);
    cc_results_free(kept);
    cc_results_free(streamed);

    cc_precision never = p;
    never.goals[0].max_se = 1e-9;
    const cc_run_options most = {.n_paths = 1500, .seed = 77, .threads = 2};
    assert_int_equal(cc_precision_run(sc, &most, &never, NULL, &kept, &r, &err), CC_OK);
    assert_false(r.met);
    assert_int_equal(r.n_paths, 1500);
    assert_int_equal(kept->n_paths, 1500);
    cc_results_free(kept);
    cc_scenario_free(sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_made_up_pilot_stops_early),
        cmocka_unit_test(test_made_up_one_round_covers_every_path),
        cmocka_unit_test(test_made_up_small_budget_takes_more_passes),
        cmocka_unit_test(test_made_up_thread_counts_agree),
        cmocka_unit_test(test_budget_below_one_bucket_is_refused),
        cmocka_unit_test(test_engine_blocks_match_whole_run),
        cmocka_unit_test(test_engine_bounded_run_matches_stored),
        cmocka_unit_test(test_precision_kept_matches_plain_run),
        cmocka_unit_test(test_precision_bounded_matches_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
