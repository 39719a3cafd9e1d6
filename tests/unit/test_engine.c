/* Tests for the Monte Carlo engine: stock-and-flow conservation and capacity
 * on every path and month, annual aggregation, determinism across runs,
 * thread counts and path counts, per-path seeds, a zero-rate model, and an
 * expected-value oracle (a linear recursion computed here, independently of
 * the engine) that the Monte Carlo means must match within 4 standard errors,
 * and an MTFP run's passes against plain runs that draw everything afresh. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/process.h"
#include "carecast/results.h"
#include "carecast/scenario.h"
#include "carecast/status.h"
#include "engine/engine_internal.h"
#include "engine/path_internal.h"

/* ---- helpers ---- */

/* Everything a test allocates is tracked and freed by the teardown, so a
 * failing assertion (which jumps out of the test) leaks nothing. */
#define TRACKED_MAX 16
static cc_scenario *tracked_scenarios[TRACKED_MAX];
static cc_results *tracked_results[TRACKED_MAX];
static void *tracked_blocks[TRACKED_MAX];
static size_t n_scenarios, n_results, n_blocks;

static int release_all(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_scenarios; i++)
        cc_scenario_free(tracked_scenarios[i]);
    for (size_t i = 0; i < n_results; i++)
        cc_results_free(tracked_results[i]);
    for (size_t i = 0; i < n_blocks; i++)
        free(tracked_blocks[i]);
    n_scenarios = n_results = n_blocks = 0;
    return 0;
}

static void *tracked_calloc(size_t n, size_t size)
{
    assert_true(n_blocks < TRACKED_MAX);
    void *block = calloc(n, size);
    assert_non_null(block);
    tracked_blocks[n_blocks++] = block;
    return block;
}

static cc_scenario *load_scenario(const char *relative, const cc_override *overrides,
                                  size_t n_overrides)
{
    const char *dir = getenv("CC_SOURCE_DIR");
    if (dir == NULL)
        fail_msg("CC_SOURCE_DIR is not set (run the test through ctest)");
    char path[CC_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, relative);
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    const cc_status status = cc_scenario_load(path, overrides, n_overrides, &sc, &errors);
    if (status != CC_OK) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        cc_errlist_destroy(&errors);
        fail_msg("cannot load %s: %s", path, cc_status_name(status));
    }
    cc_errlist_destroy(&errors);
    assert_non_null(sc);
    assert_true(n_scenarios < TRACKED_MAX);
    tracked_scenarios[n_scenarios++] = sc;
    return sc;
}

static cc_results *run_engine(const cc_scenario *sc, size_t n_paths, unsigned long seed,
                              int threads)
{
    cc_results *res = NULL;
    cc_error err = {0};
    cc_status status = cc_results_alloc(sc, n_paths, &res, &err);
    if (status != CC_OK)
        fail_msg("cc_results_alloc: %s", err.message);
    assert_true(n_results < TRACKED_MAX);
    tracked_results[n_results++] = res;
    const cc_run_options opts = {.n_paths = n_paths, .seed = seed, .threads = threads};
    status = cc_engine_run(sc, &opts, res, &err);
    if (status != CC_OK)
        fail_msg("cc_engine_run: %s", err.message);
    return res;
}

static size_t metric(const cc_results *res, const char *name)
{
    const int k = cc_results_metric_index(res, name);
    if (k < 0)
        fail_msg("no metric called %s", name);
    return (size_t)k;
}

static size_t placement_metric(const cc_results *res, const cc_scenario *sc, size_t p)
{
    char name[CC_METRIC_NAME_MAX];
    snprintf(name, sizeof name, "cic.placement.%s", sc->placements[p].name);
    return metric(res, name);
}

static size_t band_metric(const cc_results *res, const cc_scenario *sc, size_t b)
{
    char name[CC_METRIC_NAME_MAX];
    snprintf(name, sizeof name, "cic.age.%s", sc->bands[b].name);
    return metric(res, name);
}

/* Value of metric k for path p at month t. */
static double at(const cc_results *res, size_t k, size_t t, size_t p)
{
    return (double)cc_results_monthly(res, k, t)[p];
}

static int start_total(const cc_scenario *sc)
{
    int total = 0;
    for (size_t p = 0; p < sc->n_placements; p++)
        total += sc->placements[p].start_children;
    return total;
}

/* Every metric that counts children, plans, households or places. */
static const char *const count_metrics[] = {
    "cic.total",          "entries.total",      "entries.from_cp",   "entries.uasc",
    "exits.total",        "exits.return_home",  "exits.sgo",         "exits.adoption",
    "exits.other",        "exits.age_18",       "moves.total",       "overflow.total",
    "cin.total",          "cin.starts",         "cp.total",          "cp.starts",
    "care_leavers.total", "carers.households",  "carers.places",     "carers.places_free",
    "carers.approvals",   "carers.deregistrations", "beds.places_free",
};
#define N_COUNT_METRICS (sizeof count_metrics / sizeof count_metrics[0])

/* Checks conservation, consistency, capacity and integrality on every path
 * and month. Returns how many path-months had overflow (capacity binding). */
static size_t check_invariants(const cc_scenario *sc, const cc_results *res)
{
    const size_t k_total = metric(res, "cic.total"), k_entries = metric(res, "entries.total"),
                 k_from_cp = metric(res, "entries.from_cp"), k_uasc = metric(res, "entries.uasc"),
                 k_exits = metric(res, "exits.total"), k_places = metric(res, "carers.places"),
                 k_free = metric(res, "carers.places_free"),
                 k_households = metric(res, "carers.households"),
                 k_beds_free = metric(res, "beds.places_free"),
                 k_overflow = metric(res, "overflow.total");
    static const char *const routes[] = {"exits.return_home", "exits.sgo", "exits.adoption",
                                         "exits.other", "exits.age_18"};
    size_t k_routes[5], k_counts[N_COUNT_METRICS], k_place[CC_MAX_PLACEMENTS],
        k_band[CC_MAX_BANDS];
    for (size_t i = 0; i < 5; i++)
        k_routes[i] = metric(res, routes[i]);
    for (size_t i = 0; i < N_COUNT_METRICS; i++)
        k_counts[i] = metric(res, count_metrics[i]);
    for (size_t p = 0; p < sc->n_placements; p++)
        k_place[p] = placement_metric(res, sc, p);
    for (size_t b = 0; b < sc->n_bands; b++)
        k_band[b] = band_metric(res, sc, b);

    size_t binding = 0;
    for (size_t path = 0; path < res->n_paths; path++) {
        double previous = (double)start_total(sc);
        for (size_t t = 0; t < res->n_months; t++) {
            const double total = at(res, k_total, t, path);
            const double entries = at(res, k_entries, t, path);
            const double exits = at(res, k_exits, t, path);
            if (previous + entries - exits != total)
                fail_msg("path %zu month %zu: %g children + %g entries - %g exits != %g", path,
                         t, previous, entries, exits, total);
            previous = total;

            double by_place = 0.0, by_band = 0.0, by_route = 0.0;
            for (size_t p = 0; p < sc->n_placements; p++)
                by_place += at(res, k_place[p], t, path);
            for (size_t b = 0; b < sc->n_bands; b++)
                by_band += at(res, k_band[b], t, path);
            for (size_t i = 0; i < 5; i++)
                by_route += at(res, k_routes[i], t, path);
            if (by_place != total || by_band != total)
                fail_msg("path %zu month %zu: cic.total %g but placements sum to %g and bands "
                         "to %g",
                         path, t, total, by_place, by_band);
            if (by_route != exits)
                fail_msg("path %zu month %zu: exits.total %g but routes sum to %g", path, t,
                         exits, by_route);
            const double linked = at(res, k_from_cp, t, path) + at(res, k_uasc, t, path);
            if (entries < linked)
                fail_msg("path %zu month %zu: entries.total %g < from_cp + uasc %g", path, t,
                         entries, linked);

            /* Capacity: never more children than places. */
            double beds_free = 0.0;
            bool has_beds = false;
            for (size_t p = 0; p < sc->n_placements; p++) {
                const cc_placement *pl = &sc->placements[p];
                const double occupied = at(res, k_place[p], t, path);
                if (pl->capacity == CC_CAPACITY_CARERS) {
                    const double places = at(res, k_places, t, path);
                    const double expected_places =
                        floor(at(res, k_households, t, path) * sc->carers.places_per_household);
                    if (places != expected_places)
                        fail_msg("path %zu month %zu: carers.places %g, expected floor(%g x %g)",
                                 path, t, places, at(res, k_households, t, path),
                                 sc->carers.places_per_household);
                    if (occupied > places)
                        fail_msg("path %zu month %zu: %s holds %g children but has %g places",
                                 path, t, pl->name, occupied, places);
                    if (at(res, k_free, t, path) != places - occupied)
                        fail_msg("path %zu month %zu: carers.places_free %g != %g - %g", path, t,
                                 at(res, k_free, t, path), places, occupied);
                } else if (pl->capacity == CC_CAPACITY_BEDS) {
                    const double beds = pl->beds + sc->levers.extra_in_house_beds;
                    has_beds = true;
                    if (occupied > beds)
                        fail_msg("path %zu month %zu: %s holds %g children but has %g beds", path,
                                 t, pl->name, occupied, beds);
                    beds_free += beds - occupied;
                }
            }
            if (has_beds && at(res, k_beds_free, t, path) != beds_free)
                fail_msg("path %zu month %zu: beds.places_free %g, expected %g", path, t,
                         at(res, k_beds_free, t, path), beds_free);
            for (size_t i = 0; i < N_COUNT_METRICS; i++) {
                const double x = at(res, k_counts[i], t, path);
                if (!(x >= 0.0) || x != floor(x))
                    fail_msg("path %zu month %zu: %s = %g is not a whole non-negative count",
                             path, t, count_metrics[i], x);
            }
            for (size_t p = 0; p < sc->n_placements; p++) {
                const double x = at(res, k_place[p], t, path);
                if (!(x >= 0.0) || x != floor(x))
                    fail_msg("path %zu month %zu: cic.placement.%s = %g", path, t,
                             sc->placements[p].name, x);
            }
            for (size_t b = 0; b < sc->n_bands; b++) {
                const double x = at(res, k_band[b], t, path);
                if (!(x >= 0.0) || x != floor(x))
                    fail_msg("path %zu month %zu: cic.age.%s = %g", path, t, sc->bands[b].name,
                             x);
            }

            if (at(res, k_overflow, t, path) > 0.0)
                binding++;
        }
    }
    return binding;
}

/* ---- 1, 2: conservation and capacity ---- */

static void test_invariants_small(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *res = run_engine(sc, 500, 7, 0);
    assert_int_equal(res->n_months, 36);
    check_invariants(sc, res);
}

/* A model where capacity binds often, with moves between the two
 * capacity-limited types in both directions. */
static void test_invariants_capacity_binding(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/engine-capacity.cfg", NULL, 0);
    cc_results *res = run_engine(sc, 500, 3, 0);
    const size_t binding = check_invariants(sc, res);
    /* The test only means something if capacity actually binds. */
    assert_true(binding > res->n_paths * res->n_months / 10);
}

/* Moves out of a capacity-limited type that are refused (when_full = "stay")
 * send the children back to where they came from. They must not push that
 * type above its places: foster places shrink as carers leave, and beds the
 * movers vacated may have been taken meanwhile. One direction at a time. */
static void test_invariants_refused_moves_from_foster(void **state)
{
    (void)state;
    const cc_override overrides[] = {{"model.moves.beds_to_foster.annual_pct", "0"}};
    cc_scenario *sc = load_scenario("tests/data/engine-capacity.cfg", overrides, 1);
    cc_results *res = run_engine(sc, 500, 3, 0);
    check_invariants(sc, res);
}

static void test_invariants_refused_moves_from_beds(void **state)
{
    (void)state;
    const cc_override overrides[] = {{"model.moves.to_beds.annual_pct", "0"}};
    cc_scenario *sc = load_scenario("tests/data/engine-capacity.cfg", overrides, 1);
    cc_results *res = run_engine(sc, 500, 3, 0);
    check_invariants(sc, res);
}

/* The same model without moves out of capacity-limited types: only the
 * simpler mechanisms (carers leaving, moves in, entries) bind. */
static void test_invariants_capacity_moves_in_only(void **state)
{
    (void)state;
    const cc_override overrides[] = {
        {"model.moves.to_beds.annual_pct", "0"},
        {"model.moves.beds_to_foster.annual_pct", "0"},
    };
    cc_scenario *sc = load_scenario("tests/data/engine-capacity.cfg", overrides, 2);
    cc_results *res = run_engine(sc, 500, 3, 0);
    const size_t binding = check_invariants(sc, res);
    assert_true(binding > res->n_paths * res->n_months / 10);
}

/* ---- 3: annual aggregation ---- */

static void test_annual_aggregation(void **state)
{
    (void)state;
    /* Start in September so the first and last financial years are partial. */
    const cc_override overrides[] = {{"model.start_date", "2020-09-01"},
                                     {"run.horizon_months", "40"}};
    cc_scenario *sc = load_scenario("tests/data/small.cfg", overrides, 2);
    assert_int_equal(sc->start_month, 9);
    cc_results *res = run_engine(sc, 60, 99, 0);

    /* Sep 2020 .. Dec 2023: 2020/21 (7 months), 2021/22, 2022/23, 2023/24 (9 months). */
    size_t year_of[CC_HORIZON_MAX_MONTHS];
    int first_fin = 0;
    for (size_t t = 0; t < res->n_months; t++) {
        const int index = sc->start_month - 1 + (int)t;
        const int month = index % 12 + 1, year = sc->start_year + index / 12;
        const int fin = month >= 4 ? year : year - 1;
        if (t == 0)
            first_fin = fin;
        year_of[t] = (size_t)(fin - first_fin);
    }
    assert_int_equal(first_fin, 2020);
    assert_int_equal(res->first_fin_year, 2020);
    assert_int_equal(res->n_years, 4);
    assert_int_equal(year_of[res->n_months - 1] + 1, res->n_years);

    assert_int_equal(res->metrics[metric(res, "cic.total")].kind, CC_METRIC_STOCK);
    assert_int_equal(res->metrics[metric(res, "carers.places")].kind, CC_METRIC_STOCK);
    assert_int_equal(res->metrics[metric(res, "cic.placement.agency")].kind, CC_METRIC_STOCK);
    assert_int_equal(res->metrics[metric(res, "entries.total")].kind, CC_METRIC_FLOW);
    assert_int_equal(res->metrics[metric(res, "exits.age_18")].kind, CC_METRIC_FLOW);
    assert_int_equal(res->metrics[metric(res, "cp.starts")].kind, CC_METRIC_FLOW);

    size_t checked[4] = {0};
    for (size_t k = 0; k < res->n_metrics; k++) {
        const cc_metric_kind kind = res->metrics[k].kind;
        if (kind == CC_METRIC_ANNUAL_ONLY)
            continue; /* defined per year only: nothing to aggregate */
        for (size_t y = 0; y < res->n_years; y++) {
            size_t last = 0, months = 0;
            for (size_t t = 0; t < res->n_months; t++)
                if (year_of[t] == y) {
                    last = t;
                    months++;
                }
            assert_true(months > 0);
            for (size_t p = 0; p < res->n_paths; p++) {
                double expected = 0.0;
                if (kind == CC_METRIC_STOCK) {
                    expected = at(res, k, last, p); /* the year-end value */
                } else {
                    for (size_t t = 0; t < res->n_months; t++)
                        if (year_of[t] == y)
                            expected += at(res, k, t, p);
                    if (kind == CC_METRIC_AVERAGE)
                        expected /= (double)months;
                }
                const double actual = (double)cc_results_annual(res, k, y)[p];
                if (!(fabs(actual - expected) <= 1e-6 * fabs(expected)))
                    fail_msg("%s year %zu path %zu: annual %.9g, expected %.9g (%s over %zu "
                             "months)",
                             res->metrics[k].name, y, p, actual, expected,
                             kind == CC_METRIC_STOCK  ? "last month"
                             : kind == CC_METRIC_FLOW ? "sum"
                                                      : "average",
                             months);
            }
        }
        checked[kind]++;
    }
    /* Both main kinds were exercised, on metrics that move. */
    assert_true(checked[CC_METRIC_STOCK] > 0 && checked[CC_METRIC_FLOW] > 0);
    const float *entries_year_1 = cc_results_annual(res, metric(res, "entries.total"), 1);
    const float *cic_year_1 = cc_results_annual(res, metric(res, "cic.total"), 1);
    assert_true(entries_year_1[0] > 0.0f && cic_year_1[0] > 0.0f);
}

/* ---- 4: determinism ---- */

static bool same_results(const cc_results *a, const cc_results *b)
{
    if (a->n_paths != b->n_paths || a->n_months != b->n_months || a->n_years != b->n_years ||
        a->n_metrics != b->n_metrics)
        return false;
    const size_t n_monthly = a->n_metrics * a->n_months * a->n_paths;
    const size_t n_annual = a->n_metrics * a->n_years * a->n_paths;
    return memcmp(a->monthly, b->monthly, n_monthly * sizeof(float)) == 0 &&
           memcmp(a->annual, b->annual, n_annual * sizeof(float)) == 0;
}

static void test_same_seed_same_results(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *a = run_engine(sc, 200, 7, 1);
    cc_results *b = run_engine(sc, 200, 7, 1);
    assert_true(same_results(a, b));
}

static void test_threads_do_not_change_results(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *one = run_engine(sc, 200, 7, 1);
    cc_results *two = run_engine(sc, 200, 7, 2);
    cc_results *three = run_engine(sc, 200, 7, 3);
    assert_true(same_results(one, two));
    assert_true(same_results(one, three));
}

static void test_path_values_stable_when_paths_grow(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *small = run_engine(sc, 50, 7, 2);
    cc_results *large = run_engine(sc, 200, 7, 2);
    assert_int_equal(small->n_metrics, large->n_metrics);
    for (size_t k = 0; k < small->n_metrics; k++) {
        for (size_t t = 0; t < small->n_months; t++)
            if (memcmp(cc_results_monthly(small, k, t), cc_results_monthly(large, k, t),
                       50 * sizeof(float)) != 0)
                fail_msg("%s month %zu differs between 50 and 200 paths", small->metrics[k].name,
                         t);
        for (size_t y = 0; y < small->n_years; y++)
            if (memcmp(cc_results_annual(small, k, y), cc_results_annual(large, k, y),
                       50 * sizeof(float)) != 0)
                fail_msg("%s year %zu differs between 50 and 200 paths", small->metrics[k].name,
                         y);
    }
}

static void test_different_seeds_differ(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *a = run_engine(sc, 100, 7, 0);
    cc_results *b = run_engine(sc, 100, 8, 0);
    assert_false(same_results(a, b));
    /* Not just a few values: most paths' final caseloads differ. */
    const size_t k = metric(a, "cic.total"), last = a->n_months - 1;
    size_t differing = 0;
    for (size_t p = 0; p < a->n_paths; p++)
        differing += at(a, k, last, p) != at(b, k, last, p);
    assert_true(differing > a->n_paths / 2);
    /* Paths within one run differ from each other too. */
    size_t distinct_from_first = 0;
    for (size_t p = 1; p < a->n_paths; p++)
        distinct_from_first += at(a, k, last, p) != at(a, k, last, 0);
    assert_true(distinct_from_first > a->n_paths / 2);
    /* Every path has its own stream: no two paths share a whole trajectory. */
    for (size_t p = 0; p < a->n_paths; p++)
        for (size_t q = p + 1; q < a->n_paths; q++) {
            bool same = true;
            for (size_t t = 0; t < a->n_months && same; t++)
                same = at(a, k, t, p) == at(a, k, t, q);
            if (same)
                fail_msg("paths %zu and %zu have the same cic.total in every month", p, q);
        }
}

/* ---- 5: per-path seeds ---- */

static int compare_u32(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void test_path_seeds_distinct_and_nonzero(void **state)
{
    (void)state;
    const size_t n = 1000000;
    uint32_t *seeds = tracked_calloc(n, sizeof *seeds);
    const unsigned long masters[] = {0ul, 7ul, 123456789ul, 0xfffffffful,
                                     (unsigned long)0x100000005ull};
    for (size_t m = 0; m < sizeof masters / sizeof masters[0]; m++) {
        for (size_t p = 0; p < n; p++) {
            seeds[p] = cc_rng_path_seed(masters[m], p);
            if (seeds[p] == 0)
                fail_msg("seed %lu path %zu gives 0", masters[m], p);
        }
        /* Deterministic: the same (seed, p) gives the same stream seed. */
        assert_int_equal(cc_rng_path_seed(masters[m], 12345), seeds[12345]);
        qsort(seeds, n, sizeof *seeds, compare_u32);
        for (size_t p = 1; p < n; p++)
            if (seeds[p] == seeds[p - 1])
                fail_msg("seed %lu: two paths share stream seed %u", masters[m],
                         (unsigned)seeds[p]);
    }

    /* Different master seeds start different streams. */
    const size_t n_masters = 10000;
    uint32_t *first = tracked_calloc(n_masters, sizeof *first);
    for (size_t s = 0; s < n_masters; s++)
        first[s] = cc_rng_path_seed((unsigned long)s, 0);
    qsort(first, n_masters, sizeof *first, compare_u32);
    for (size_t s = 1; s < n_masters; s++)
        assert_true(first[s] != first[s - 1]);
    /* Neighbouring master seeds are not just shifted streams. */
    assert_true(cc_rng_path_seed(7, 1) != cc_rng_path_seed(8, 0));
    assert_true(cc_rng_path_seed(1, 0) != cc_rng_path_seed(2, 0));
}

/* ---- 7: the expected-value oracle ---- */

#define ORACLE_MONTHS CC_HORIZON_MAX_MONTHS

typedef struct expectation {
    double place[ORACLE_MONTHS][CC_MAX_PLACEMENTS];
    double band[ORACLE_MONTHS][CC_MAX_BANDS];
    double total[ORACLE_MONTHS];
    double cin[ORACLE_MONTHS], cp[ORACLE_MONTHS];
    double entries[ORACLE_MONTHS], exits[ORACLE_MONTHS], age_18[ORACLE_MONTHS];
} expectation;

static double monthly_prob(double annual_pct)
{
    return annual_pct >= 100.0 ? 1.0 : 1.0 - pow(1.0 - annual_pct / 100.0, 1.0 / 12.0);
}

/* Children in an age-month cell of the oracle: ages 0-215 months by placement type. */
#define ORACLE_AGES 216

static size_t band_of_age(const cc_scenario *sc, int age_months)
{
    size_t b = 0;
    while (b + 1 < sc->n_bands && age_months >= 12 * sc->bands[b + 1].min_age_years)
        b++;
    return b;
}

/* The start position by age in months: each type's children by band (exact, the test models
 * give whole children), spread over the band's months as documented: month i of m gets
 * floor(n (i + 1) / m) - floor(n i / m). */
static void oracle_start(const cc_scenario *sc, double (*n)[CC_MAX_PLACEMENTS])
{
    for (size_t p = 0; p < sc->n_placements; p++)
        for (size_t b = 0; b < sc->n_bands; b++) {
            const double x = sc->placements[p].start_children * sc->placements[p].start_age_shares[b];
            if (fabs(x - round(x)) > 1e-9)
                fail_msg("oracle model: start shares of %s must give whole children",
                         sc->placements[p].name);
            const long whole = lround(x);
            const int first = 12 * sc->bands[b].min_age_years;
            const int m = 12 * (sc->bands[b].max_age_years + 1) - first;
            for (int i = 0; i < m; i++)
                n[first + i][p] = (double)(whole * (i + 1) / m - whole * i / m);
        }
}

/* Monthly probabilities of each exit route and move out of each state (band, type). The ways
 * out compete as hazards, as in the engine: an annual percentage pct is the hazard
 * -log(1 - pct/100) (a route given as a rate is its own hazard), a move's monthly probability q
 * the hazard -log(1 - q); a child leaves with probability 1 - exp(-total) and the leavers share
 * in proportion to the hazards. Ageing is not a way out: children age on their birthdays. */
typedef struct oracle_rates {
    double route[CC_MAX_BANDS][CC_MAX_PLACEMENTS][CC_EXIT_ROUTES];
    double move[CC_MAX_BANDS][CC_MAX_MOVES];
} oracle_rates;

static void oracle_rates_init(const cc_scenario *sc, oracle_rates *q)
{
    memset(q, 0, sizeof *q);
    for (size_t b = 0; b < sc->n_bands; b++)
        for (size_t p = 0; p < sc->n_placements; p++) {
            double total = 0.0;
            for (int r = 0; r < CC_EXIT_ROUTES; r++) {
                const double pct = sc->placements[p].exit_annual_pct[r].mean;
                const double annual = sc->placements[p].exit_is_rate[r] ? pct
                                                                         : -log(1.0 - pct / 100.0);
                q->route[b][p][r] = annual / 12.0 * sc->bands[b].exit_rate_multiplier;
                total += q->route[b][p][r];
            }
            for (size_t m = 0; m < sc->n_moves; m++)
                if (sc->moves[m].from == (int)p && (sc->moves[m].bands & (1u << b)))
                    total += -log(1.0 - monthly_prob(sc->moves[m].annual_pct.mean));
            const double share = total > 0.0 ? (1.0 - exp(-total)) / total : 0.0;
            for (int r = 0; r < CC_EXIT_ROUTES; r++)
                q->route[b][p][r] *= share;
            for (size_t m = 0; m < sc->n_moves; m++)
                if (sc->moves[m].from == (int)p && (sc->moves[m].bands & (1u << b)))
                    q->move[b][m] = -log(1.0 - monthly_prob(sc->moves[m].annual_pct.mean)) * share;
        }
}

/* One month of exits and moves on the ages n, into next; returns the exits. */
static double oracle_leave(const cc_scenario *sc, const oracle_rates *q,
                           double (*n)[CC_MAX_PLACEMENTS], double (*next)[CC_MAX_PLACEMENTS])
{
    double exits = 0.0;
    for (int a = 0; a < ORACLE_AGES; a++) {
        const size_t b = band_of_age(sc, a);
        for (size_t p = 0; p < sc->n_placements; p++) {
            const double x = n[a][p];
            for (int r = 0; r < CC_EXIT_ROUTES; r++) {
                next[a][p] -= x * q->route[b][p][r];
                exits += x * q->route[b][p][r];
            }
            for (size_t m = 0; m < sc->n_moves; m++)
                if (sc->moves[m].from == (int)p) {
                    next[a][p] -= x * q->move[b][m];
                    next[a][sc->moves[m].to] += x * q->move[b][m];
                }
        }
    }
    return exits;
}

/* Expected stocks and flows month by month when no capacity limit binds and
 * every parameter takes its mean. Each month: plans end on the start-of-month
 * stock (a share of ending CP plans become entries); every child is a month
 * older (out of care on the 18th birthday); children leave and move on that
 * population; then entrants arrive at ages uniform over their band's months. */
static void compute_expectation(const cc_scenario *sc, size_t months, expectation *e)
{
    const size_t nb = sc->n_bands, np = sc->n_placements;
    static double n[ORACLE_AGES][CC_MAX_PLACEMENTS], next[ORACLE_AGES][CC_MAX_PLACEMENTS];
    memset(n, 0, sizeof n);
    oracle_start(sc, n);
    oracle_rates q;
    oracle_rates_init(sc, &q);

    /* The monthly pattern as relative weights with mean 1. */
    double pattern[12], pattern_sum = 0.0;
    for (int k = 0; k < 12; k++)
        pattern_sum += sc->entries.monthly_pattern[k];
    for (int k = 0; k < 12; k++)
        pattern[k] = sc->entries.monthly_pattern[k] * 12.0 / pattern_sum;

    double cin = sc->cin.start_children, cp = sc->cp.start_children;
    const double cin_end = 1.0 / fmax(1.0, sc->cin.average_duration_months.mean);
    const double cp_end = 1.0 / fmax(1.0, sc->cp.average_duration_months.mean);
    for (size_t t = 0; t < months; t++) {
        const double ending_cp = cp * cp_end;
        const double from_cp = ending_cp * fmin(1.0, sc->cp.to_care_share.mean);
        cp += sc->cp.annual_starts.mean / 12.0 - ending_cp;
        cin += sc->cin.annual_starts.mean / 12.0 - cin * cin_end;

        /* Birthdays. */
        double age_18 = 0.0;
        for (size_t p = 0; p < np; p++)
            age_18 += n[ORACLE_AGES - 1][p];
        memmove(&n[1], &n[0], (ORACLE_AGES - 1) * sizeof n[0]);
        memset(&n[0], 0, sizeof n[0]);

        memcpy(next, n, sizeof next);
        const double exits = oracle_leave(sc, &q, n, next) + age_18;

        const int index = sc->start_month - 1 + (int)t;
        const double factor = pow(1.0 + sc->entries.annual_trend_pct / 100.0, (double)t / 12.0) *
                              pattern[index % 12] * (1.0 + sc->levers.entries_change_pct / 100.0);
        const double base = sc->entries.annual_children.mean / 12.0 * factor;
        const double uasc = sc->uasc.annual_children.mean / 12.0;
        for (int a = 0; a < ORACLE_AGES; a++) {
            const size_t b = band_of_age(sc, a);
            const double width = 12.0 * (sc->bands[b].max_age_years - sc->bands[b].min_age_years + 1);
            for (size_t p = 0; p < np; p++)
                next[a][p] += ((base + from_cp) * sc->entries.age_shares[b] *
                                   sc->entries.first_placement[b][p] +
                               uasc * sc->uasc.age_shares[b] * sc->uasc.first_placement[p]) /
                              width;
        }
        memcpy(n, next, sizeof n);

        e->total[t] = 0.0;
        for (size_t p = 0; p < np; p++)
            e->place[t][p] = 0.0;
        for (size_t b = 0; b < nb; b++)
            e->band[t][b] = 0.0;
        for (int a = 0; a < ORACLE_AGES; a++)
            for (size_t p = 0; p < np; p++) {
                e->band[t][band_of_age(sc, a)] += n[a][p];
                e->place[t][p] += n[a][p];
                e->total[t] += n[a][p];
            }
        e->cin[t] = cin;
        e->cp[t] = cp;
        e->entries[t] = base + from_cp + uasc;
        e->exits[t] = exits;
        e->age_18[t] = age_18;
    }
}

/* Mean and standard error over paths of metric k at month t. */
static void mean_se(const cc_results *res, size_t k, size_t t, double *mean, double *se)
{
    const float *x = cc_results_monthly(res, k, t);
    const size_t n = res->n_paths;
    double m = 0.0;
    for (size_t p = 0; p < n; p++)
        m += (double)x[p];
    m /= (double)n;
    double ss = 0.0;
    for (size_t p = 0; p < n; p++)
        ss += ((double)x[p] - m) * ((double)x[p] - m);
    *mean = m;
    *se = sqrt(ss / (double)(n - 1)) / sqrt((double)n);
}

static void expect_mean(const cc_results *res, const char *name, size_t t, double expected)
{
    double mean = 0.0, se = 0.0;
    mean_se(res, metric(res, name), t, &mean, &se);
    const double tolerance = 4.0 * se + 1e-6;
    if (!(fabs(mean - expected) <= tolerance))
        fail_msg("%s at month %zu: Monte Carlo mean %.4f, expected %.4f (4 SE = %.4f)", name,
                 t + 1, mean, expected, 4.0 * se);
}

static void compare_with_expectation(const cc_scenario *sc, const cc_results *res,
                                     const expectation *e, const size_t *months, size_t n_months)
{
    char name[CC_METRIC_NAME_MAX];
    for (size_t i = 0; i < n_months; i++) {
        const size_t t = months[i] - 1;
        expect_mean(res, "cic.total", t, e->total[t]);
        for (size_t p = 0; p < sc->n_placements; p++) {
            snprintf(name, sizeof name, "cic.placement.%s", sc->placements[p].name);
            expect_mean(res, name, t, e->place[t][p]);
        }
        for (size_t b = 0; b < sc->n_bands; b++) {
            snprintf(name, sizeof name, "cic.age.%s", sc->bands[b].name);
            expect_mean(res, name, t, e->band[t][b]);
        }
        expect_mean(res, "cin.total", t, e->cin[t]);
        expect_mean(res, "cp.total", t, e->cp[t]);
        expect_mean(res, "entries.total", t, e->entries[t]);
        expect_mean(res, "exits.total", t, e->exits[t]);
        expect_mean(res, "exits.age_18", t, e->age_18[t]);
    }
}

static void test_oracle_linear(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/engine-linear.cfg", NULL, 0);
    assert_false(sc->run.parameter_uncertainty);
    for (size_t p = 0; p < sc->n_placements; p++)
        assert_int_equal(sc->placements[p].capacity, CC_CAPACITY_NONE);
    cc_results *res = run_engine(sc, 4000, sc->run.seed, 0);
    check_invariants(sc, res);

    expectation *e = tracked_calloc(1, sizeof *e);
    compute_expectation(sc, res->n_months, e);
    /* The recursion itself conserves children. */
    double previous = start_total(sc);
    for (size_t t = 0; t < res->n_months; t++) {
        assert_near(previous + e->entries[t] - e->exits[t], e->total[t], 1e-9, 1e-12);
        previous = e->total[t];
    }
    const size_t months[] = {1, 6, 12, 24};
    compare_with_expectation(sc, res, e, months, sizeof months / sizeof months[0]);

    /* The check can fail: 4 SE is a few per cent of the caseload at most. */
    double mean = 0.0, se = 0.0;
    mean_se(res, metric(res, "cic.total"), 23, &mean, &se);
    assert_true(4.0 * se < 0.02 * e->total[23]);
}

/* ---- 6: all rates zero ---- */

static void test_zero_rates_only_ageing(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/engine-zero.cfg", NULL, 0);
    cc_results *res = run_engine(sc, 300, 11, 0);
    check_invariants(sc, res);

    static const char *const always_zero[] = {
        "entries.total", "entries.from_cp", "entries.uasc",  "exits.return_home",
        "exits.sgo",     "exits.adoption",  "exits.other",   "moves.total",
        "overflow.total", "cin.starts",     "cp.starts",     "carers.approvals",
        "carers.deregistrations"};
    const size_t k_total = metric(res, "cic.total"), k_age_18 = metric(res, "exits.age_18"),
                 k_cin = metric(res, "cin.total"), k_cp = metric(res, "cp.total"),
                 k_households = metric(res, "carers.households"),
                 k_places = metric(res, "carers.places"),
                 k_young = band_metric(res, sc, 0);
    double aged_out = 0.0;
    for (size_t p = 0; p < res->n_paths; p++) {
        double total = start_total(sc), cin = sc->cin.start_children, cp = sc->cp.start_children;
        double place[CC_MAX_PLACEMENTS], young = HUGE_VAL;
        for (size_t pl = 0; pl < sc->n_placements; pl++)
            place[pl] = sc->placements[pl].start_children;
        for (size_t t = 0; t < res->n_months; t++) {
            for (size_t i = 0; i < sizeof always_zero / sizeof always_zero[0]; i++)
                if (at(res, metric(res, always_zero[i]), t, p) != 0.0)
                    fail_msg("path %zu month %zu: %s = %g with every rate zero", p, t,
                             always_zero[i], at(res, metric(res, always_zero[i]), t, p));
            const double age_18 = at(res, k_age_18, t, p);
            aged_out += age_18;
            total -= age_18;
            assert_true(at(res, k_total, t, p) == total);
            /* No moves or entries: each type and the youngest band only shrink. */
            for (size_t pl = 0; pl < sc->n_placements; pl++) {
                const double x = at(res, placement_metric(res, sc, pl), t, p);
                if (x > place[pl])
                    fail_msg("path %zu month %zu: %s grew from %g to %g", p, t,
                             sc->placements[pl].name, place[pl], x);
                place[pl] = x;
            }
            const double y = at(res, k_young, t, p);
            assert_true(y <= young);
            young = y;
            /* Plans only end (no starts); no CP plan leads into care. */
            assert_true(at(res, k_cin, t, p) <= cin);
            assert_true(at(res, k_cp, t, p) <= cp);
            cin = at(res, k_cin, t, p);
            cp = at(res, k_cp, t, p);
            assert_true(at(res, k_households, t, p) == (double)sc->carers.households);
            assert_true(at(res, k_places, t, p) ==
                        floor(sc->carers.households * sc->carers.places_per_household));
        }
    }
    /* Ageing is active: children leave on their 18th birthdays, 1/96 of the oldest band a month. */
    assert_true(aged_out > 0.0);

    /* And the expected caseload follows the ageing-only recursion. */
    expectation *e = tracked_calloc(1, sizeof *e);
    compute_expectation(sc, res->n_months, e);
    const size_t months[] = {6, 12, 24, 48};
    compare_with_expectation(sc, res, e, months, sizeof months / sizeof months[0]);
}

/* ---- 8: parameter uncertainty ---- */

static void annual_mean_sd(const cc_results *res, size_t k, size_t y, double *mean, double *sd)
{
    const float *x = cc_results_annual(res, k, y);
    const size_t n = res->n_paths;
    double m = 0.0, ss = 0.0;
    for (size_t p = 0; p < n; p++)
        m += (double)x[p];
    m /= (double)n;
    for (size_t p = 0; p < n; p++)
        ss += ((double)x[p] - m) * ((double)x[p] - m);
    *mean = m;
    *sd = sqrt(ss / (double)(n - 1));
}

static void test_parameter_uncertainty_widens_entries(void **state)
{
    (void)state;
    const cc_override on[] = {{"run.parameter_uncertainty", "true"}};
    cc_scenario *fixed = load_scenario("tests/data/engine-linear.cfg", NULL, 0);
    cc_scenario *uncertain = load_scenario("tests/data/engine-linear.cfg", on, 1);
    assert_false(fixed->run.parameter_uncertainty);
    assert_true(uncertain->run.parameter_uncertainty);
    assert_int_equal(uncertain->entries.annual_children.dist, CC_DIST_GAMMA);
    assert_true(uncertain->entries.annual_children.sd > 0.0);

    const size_t n_paths = 3000;
    cc_results *a = run_engine(fixed, n_paths, 5, 0);
    cc_results *b = run_engine(uncertain, n_paths, 5, 0);
    check_invariants(uncertain, b);

    expectation *e = tracked_calloc(1, sizeof *e);
    compute_expectation(fixed, a->n_months, e);
    /* Financial year 0 runs from the start month to March. */
    size_t year_months = 0;
    double expected = 0.0;
    for (size_t t = 0; t < a->n_months; t++) {
        const int month = (fixed->start_month - 1 + (int)t) % 12 + 1;
        if (t > 0 && month == 4)
            break;
        expected += e->entries[t];
        year_months++;
    }
    assert_int_equal(year_months, 10); /* June to March */

    const size_t k = metric(a, "entries.total");
    double mean_fixed = 0.0, sd_fixed = 0.0, mean_unc = 0.0, sd_unc = 0.0;
    annual_mean_sd(a, k, 0, &mean_fixed, &sd_fixed);
    annual_mean_sd(b, k, 0, &mean_unc, &sd_unc);
    if (!(sd_unc > 1.5 * sd_fixed))
        fail_msg("annual entries sd %.3f with uncertainty, %.3f without: expected wider", sd_unc,
                 sd_fixed);
    const double se_fixed = sd_fixed / sqrt((double)n_paths);
    const double se_unc = sd_unc / sqrt((double)n_paths);
    if (!(fabs(mean_fixed - expected) <= 4.0 * se_fixed))
        fail_msg("annual entries mean %.3f without uncertainty, expected %.3f (4 SE %.3f)",
                 mean_fixed, expected, 4.0 * se_fixed);
    if (!(fabs(mean_unc - expected) <= 4.0 * se_unc))
        fail_msg("annual entries mean %.3f with uncertainty, expected %.3f (4 SE %.3f)",
                 mean_unc, expected, 4.0 * se_unc);
    /* Uncertain entries leave the expected caseload unchanged. */
    const size_t months[] = {12, 24};
    compare_with_expectation(uncertain, b, e, months, sizeof months / sizeof months[0]);

}


/* ---- yearly processes ---- */

#define PLANS_PER_YEAR 6.0e6 /* engine-process.cfg: each year's starts are level x this */

/* The log level of year y on path p, read from a process's yearly starts. */
static double log_level(const cc_results *res, size_t k, size_t y, size_t p)
{
    return log((double)cc_results_annual(res, k, y)[p] / PLANS_PER_YEAR);
}

/* The mean and variance over paths of the log level after k years match the
 * closed form of the log-AR(1) (cc_process_log_moments), within four standard
 * errors; the starts' own Poisson noise (variance 1/6e6) is negligible. */
static void test_process_moments_match_closed_form(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/engine-process.cfg", NULL, 0);
    const size_t n = 2000;
    cc_results *res = run_engine(sc, n, 20191231, 0);
    const size_t k = metric(res, "cin.starts");
    assert_int_equal(res->n_years, 6);
    for (size_t y = 0; y < res->n_years; y++) {
        double mean, var, sum = 0.0, sum2 = 0.0;
        cc_process_log_moments(&sc->processes[CC_PROC_CIN_STARTS], y, &mean, &var);
        for (size_t p = 0; p < n; p++) {
            const double l = log_level(res, k, y, p);
            sum += l;
            sum2 += l * l;
        }
        const double m = sum / (double)n, v = (sum2 - (double)n * m * m) / (double)(n - 1);
        if (!(fabs(m - mean) <= 4.0 * sqrt(var / (double)n)))
            fail_msg("year %zu: mean log level %.5f, closed form %.5f", y, m, mean);
        if (!(fabs(v - var) <= 4.0 * var * sqrt(2.0 / (double)(n - 1))))
            fail_msg("year %zu: variance of the log level %.5f, closed form %.5f", y, v, var);
    }
}

/* Processes of one shock group share every yearly shock: with the same
 * settings, the gap between their log levels only decays, by phi a year. */
static void test_shock_group_shares_shocks(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/engine-process.cfg", NULL, 0);
    const size_t n = 200;
    cc_results *res = run_engine(sc, n, 77, 0);
    const size_t cin = metric(res, "cin.starts"), cp = metric(res, "cp.starts");
    const double phi = cc_process_phi(1.5);
    size_t apart = 0;
    for (size_t p = 0; p < n; p++) {
        const double gap0 = log_level(res, cin, 0, p) - log_level(res, cp, 0, p);
        apart += fabs(gap0) > 0.01; /* the starting levels are drawn apart */
        for (size_t y = 1; y < res->n_years; y++) {
            const double gap = log_level(res, cin, y, p) - log_level(res, cp, y, p);
            assert_near(gap, pow(phi, (double)y) * gap0, 0.003, 0.0); /* Poisson noise < 0.001 */
        }
    }
    assert_true(apart > n / 2);
}

/* With parameter uncertainty off a process follows its median path: the
 * level pulled from 120% toward 90% with a half-life of 1.5 years. */
static void test_process_median_path_without_uncertainty(void **state)
{
    (void)state;
    const cc_override off[] = {{"run.parameter_uncertainty", "false"}};
    cc_scenario *sc = load_scenario("tests/data/engine-process.cfg", off, 1);
    const size_t n = 20;
    cc_results *res = run_engine(sc, n, 3, 0);
    const size_t k = metric(res, "cin.starts");
    for (size_t y = 0; y < res->n_years; y++) {
        const double expected =
            log(0.9) + pow(cc_process_phi(1.5), (double)y) * (log(1.2) - log(0.9));
        for (size_t p = 0; p < n; p++)
            assert_near(log_level(res, k, y, p), expected, 0.002, 0.0);
    }
}

/* A dated step multiplies the rates from its month: -50% from October 2021
 * halves the second half of 2021/22. */
static void test_process_step_from_its_month(void **state)
{
    (void)state;
    const cc_override ov[] = {{"run.parameter_uncertainty", "false"},
                              {"model.processes.cp_starts.half_life_years", "1000"},
                              {"model.processes.cp_starts.level_pct", "100"},
                              {"model.processes.cp_starts.long_run_pct", "100"}};
    cc_scenario *sc = load_scenario("tests/data/engine-process.cfg", ov, 4);
    cc_process *pr = &sc->processes[CC_PROC_CP_STARTS];
    pr->n_steps = 1;
    pr->steps[0] = (cc_process_step){2021, 10, -50.0};
    cc_results *res = run_engine(sc, 10, 5, 0);
    const size_t k = metric(res, "cp.starts");
    for (size_t p = 0; p < 10; p++) {
        assert_near(at(res, k, 17, p), PLANS_PER_YEAR / 12.0, 0.0, 0.005); /* Sep 2021 */
        assert_near(at(res, k, 18, p), 0.5 * PLANS_PER_YEAR / 12.0, 0.0, 0.005); /* Oct 2021 */
        assert_near((double)cc_results_annual(res, k, 1)[p], 0.75 * PLANS_PER_YEAR, 0.0, 0.002);
    }
}

/* Processes that change nothing leave every output bit-identical, and a process
 * draws from its own streams: shocks on CIN starts change no other metric. */
static void test_processes_off_or_elsewhere_change_nothing(void **state)
{
    (void)state;
    cc_scenario *plain = load_scenario("tests/data/engine-linear.cfg", NULL, 0);
    const cc_override still[] = {{"model.processes.entries.level_pct", "100"},
                                 {"model.processes.exits.yearly_sd_pct", "0"},
                                 {"model.processes.care_leavers.level_sd_pct", "0"},
                                 {"run.parameter_uncertainty", "true"}};
    const cc_override plain_on[] = {{"run.parameter_uncertainty", "true"}};
    cc_scenario *identity = load_scenario("tests/data/engine-linear.cfg", still, 4);
    cc_scenario *base = load_scenario("tests/data/engine-linear.cfg", plain_on, 1);
    assert_true(identity->processes[CC_PROC_ENTRIES].active);
    assert_true(same_results(run_engine(base, 300, 9, 0), run_engine(identity, 300, 9, 0)));

    const cc_override cin[] = {{"model.processes.cin_starts.yearly_sd_pct", "25"},
                               {"model.processes.cin_starts.level_sd_pct", "10"},
                               {"run.parameter_uncertainty", "true"}};
    cc_scenario *moving = load_scenario("tests/data/engine-linear.cfg", cin, 3);
    cc_results *a = run_engine(base, 300, 9, 0), *b = run_engine(moving, 300, 9, 0);
    const size_t k_cin = metric(a, "cin.total"), k_starts = metric(a, "cin.starts");
    size_t differ = 0;
    for (size_t k = 0; k < a->n_metrics; k++)
        for (size_t t = 0; t < a->n_months; t++) {
            const bool same = memcmp(cc_results_monthly(a, k, t), cc_results_monthly(b, k, t),
                                     300 * sizeof(float)) == 0;
            if (k == k_cin || k == k_starts)
                differ += !same;
            else if (!same && strncmp(a->metrics[k].name, "fte.", 4) != 0 &&
                     strncmp(a->metrics[k].name, "cost.", 5) != 0 &&
                     strcmp(a->metrics[k].name, "caseload.average") != 0)
                fail_msg("%s differs in month %zu with a CIN process", a->metrics[k].name, t);
        }
    assert_true(differ > 0);
    (void)plain;
}


/* Price processes move only money: with every other random number shared, a
 * 110% `prices` level raises placement spend by exactly 10% on every path, a
 * 105% `pay` level staff cost by 5%, a 97% `overheads` level cuts overheads by 3%;
 * with yearly shocks, each path's ratio is its level that year. */
static void test_price_processes_scale_costs(void **state)
{
    (void)state;
    const cc_override base_ov[] = {{"run.horizon_months", "36"}};
    const cc_override moved[] = {{"run.horizon_months", "36"},
                                 {"model.processes.prices.level_pct", "110"},
                                 {"model.processes.pay.level_pct", "105"},
                                 {"model.processes.overheads.level_pct", "97"}};
    cc_results *a = run_engine(load_scenario("scenarios/baseline.cfg", base_ov, 1), 200, 3, 0);
    cc_results *b = run_engine(load_scenario("scenarios/baseline.cfg", moved, 4), 200, 3, 0);
    static const struct {
        const char *metric;
        double ratio;
    } expect[] = {{"cost.placements.total", 1.10}, {"cost.staff.total", 1.05},
                  {"cost.overheads", 0.97}, {"cic.total", 1.0}};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        const size_t k = metric(a, expect[i].metric);
        for (size_t y = 0; y < a->n_years; y++)
            for (size_t p = 0; p < 200; p++)
                assert_near((double)cc_results_annual(b, k, y)[p],
                            expect[i].ratio * (double)cc_results_annual(a, k, y)[p], 0.0, 1e-5);
    }
    const cc_override shocked[] = {{"run.horizon_months", "36"},
                                   {"model.processes.prices.yearly_sd_pct", "10"}};
    cc_results *c = run_engine(load_scenario("scenarios/baseline.cfg", shocked, 2), 200, 3, 0);
    const size_t k = metric(a, "cost.placements.total");
    size_t moved_up = 0;
    for (size_t p = 0; p < 200; p++) {
        assert_near((double)cc_results_annual(c, k, 0)[p], (double)cc_results_annual(a, k, 0)[p],
                    0.0, 1e-6); /* no shock in the first year */
        moved_up += cc_results_annual(c, k, 1)[p] > cc_results_annual(a, k, 1)[p];
    }
    assert_true(moved_up > 60 && moved_up < 140); /* shocks both ways */
}

/* ---- exit routes as rates ---- */

/* A route given as a rate r (events per child-year) is the hazard r: the same
 * model with every route as the rate -log(1 - pct/100) of its probability runs
 * the same (hazards equal to the last bits, so nearly every draw agrees). */
static void test_exit_rates_are_hazards(void **state)
{
    (void)state;
    cc_scenario *pct = load_scenario("tests/data/engine-linear.cfg", NULL, 0);
    cc_scenario *rate = load_scenario("tests/data/engine-linear.cfg", NULL, 0);
    for (size_t p = 0; p < rate->n_placements; p++)
        for (int r = 0; r < CC_EXIT_ROUTES; r++) {
            cc_param *x = &rate->placements[p].exit_annual_pct[r];
            x->mean = -log1p(-x->mean / 100.0);
            rate->placements[p].exit_is_rate[r] = true;
        }
    cc_results *a = run_engine(pct, 500, 8, 0), *b = run_engine(rate, 500, 8, 0);
    const size_t k = metric(a, "exits.total");
    double sum_a = 0.0, sum_b = 0.0;
    size_t same = 0;
    for (size_t p = 0; p < 500; p++) {
        sum_a += (double)cc_results_annual(a, k, 1)[p];
        sum_b += (double)cc_results_annual(b, k, 1)[p];
        same += cc_results_annual(a, k, 1)[p] == cc_results_annual(b, k, 1)[p];
    }
    assert_true(same >= 490);
    assert_near(sum_b, sum_a, 0.0, 0.002);
    /* A rate entered as if it were a probability gives more exits: 25 vs 0.25. */
    cc_scenario *mistaken = load_scenario("tests/data/engine-linear.cfg", NULL, 0);
    for (size_t p = 0; p < mistaken->n_placements; p++)
        for (int r = 0; r < CC_EXIT_ROUTES; r++) {
            cc_param *x = &mistaken->placements[p].exit_annual_pct[r];
            x->mean = -100.0 * log1p(-x->mean / 100.0); /* the rate's number, as a % */
        }
    cc_results *c = run_engine(mistaken, 500, 8, 0);
    double sum_c = 0.0;
    for (size_t p = 0; p < 500; p++)
        sum_c += (double)cc_results_annual(c, k, 1)[p];
    assert_true(sum_c > 1.02 * sum_b);
}

/* Capacity skips the random choice of who gets the places when all of them fit or none does
 * (capacity.c, cc_capacity_admit): choosing all, or none, gives the counts, or zeros, and draws
 * no random number, so results are those of the choice. A choice of some draws: the check of
 * the generator's state would see it. */
static void test_choose_all_or_none_draws_nothing(void **state)
{
    (void)state;
    workspace *ws = tracked_calloc(1, sizeof *ws);
    ws->r = gsl_rng_alloc(cc_rng_type());
    gsl_rng *twin = gsl_rng_alloc(cc_rng_type());
    assert_non_null(ws->r);
    assert_non_null(twin);
    size_t partial_drew = 0;
    for (unsigned trial = 0; trial < 400; trial++) {
        int counts[CC_MAX_BANDS], out[CC_MAX_BANDS], total = 0;
        for (size_t b = 0; b < CC_MAX_BANDS; b++) {
            counts[b] = (int)((trial * (b + 3) + b * b) % 17u) * (b % 3 != 1);
            total += counts[b];
        }
        const uint64_t key = cc_stream_key(trial + 1u, 5, 7);
        for (int take = 0; take <= total; take += total > 0 ? total : 1) {
            cc_rng_reseed(ws->r, key);
            cc_rng_reseed(twin, key);
            cc_draw_choose(ws, counts, CC_MAX_BANDS, take, out);
            for (size_t b = 0; b < CC_MAX_BANDS; b++)
                assert_int_equal(out[b], take == 0 ? 0 : counts[b]);
            assert_int_equal(gsl_rng_get(ws->r), gsl_rng_get(twin));
        }
        if (total < 2)
            continue;
        cc_rng_reseed(ws->r, key);
        cc_rng_reseed(twin, key);
        cc_draw_choose(ws, counts, CC_MAX_BANDS, total / 2, out);
        partial_drew += gsl_rng_get(ws->r) != gsl_rng_get(twin);
    }
    assert_true(partial_drew > 300);
    gsl_rng_free(ws->r);
    gsl_rng_free(twin);
}

/* ---- uncertain parameters by inverse CDF ---- */

/* The exact quantile inverts GSL's CDF; the run's table stays within 1e-4 of it
 * and rises with u; a higher mean moves every quantile up. */
static void test_quantiles_invert_the_cdf(void **state)
{
    (void)state;
    const cc_param params[] = {{115.0, 15.0, CC_DIST_GAMMA}, {12.0, 4.0, CC_DIST_GAMMA},
                               {0.105, 0.02, CC_DIST_GAMMA}, {5.0, 1.0, CC_DIST_BETA},
                               {45.0, 8.0, CC_DIST_BETA},    {9.0, 2.0, CC_DIST_BETA},
                               {5.0, 2.5, CC_DIST_NORMAL}};
    static cc_quantile_table t;
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const cc_param *pr = &params[i];
        cc_quantile_table_fill(pr, &t);
        double previous = -HUGE_VAL;
        for (double u = 0.0007; u < 1.0; u += 0.0123) {
            const double x = cc_param_quantile(pr, u), y = cc_quantile_table_at(&t, u);
            double cdf = u;
            if (pr->dist == CC_DIST_GAMMA)
                cdf = gsl_cdf_gamma_P(x, (pr->mean / pr->sd) * (pr->mean / pr->sd),
                                      pr->sd * pr->sd / pr->mean);
            else if (pr->dist == CC_DIST_BETA) {
                const double m = pr->mean / 100.0, v = pr->sd * pr->sd / 1e4;
                const double total = m * (1.0 - m) / v - 1.0;
                cdf = gsl_cdf_beta_P(x / 100.0, m * total, (1.0 - m) * total);
            }
            assert_near(cdf, u, 1e-10, 0.0);
            assert_near(y, x, 0.0, 1e-4);
            assert_true(y >= previous);
            previous = y;
            cc_param higher = *pr;
            higher.mean *= 1.02;
            assert_true(cc_param_quantile(&higher, u) > x);
        }
    }
}

/* The tables' Newton steps take each parameter's density with its log-gamma terms worked out
 * once (quantile.c): it equals GSL's density exactly, for shapes below, at and above 1, and
 * outside and at the ends of the range. */
static void test_param_density_is_gsl(void **state)
{
    (void)state;
    const cc_param params[] = {{115.0, 15.0, CC_DIST_GAMMA}, {12.0, 12.0, CC_DIST_GAMMA},
                               {0.105, 0.2385, CC_DIST_GAMMA}, {5.0, 1.0, CC_DIST_BETA},
                               {5.0, 6.0, CC_DIST_BETA},       {95.0, 6.0, CC_DIST_BETA},
                               {45.0, 8.0, CC_DIST_BETA},      {50.0, 40.0, CC_DIST_BETA}};
    size_t checked = 0;
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const cc_param *pr = &params[i];
        for (int k = -3; k <= 1003; k++) {
            double want, x;
            if (pr->dist == CC_DIST_GAMMA) {
                const double shape = (pr->mean / pr->sd) * (pr->mean / pr->sd);
                const double scale = pr->sd * pr->sd / pr->mean;
                x = (double)k * (pr->mean + 8.0 * pr->sd) / 997.0;
                want = gsl_ran_gamma_pdf(x, shape, scale);
            } else {
                const double m = pr->mean / 100.0, v = (pr->sd / 100.0) * (pr->sd / 100.0);
                const double total = m * (1.0 - m) / v - 1.0;
                x = (double)k * 100.0 / 1000.0; /* 0 and 100 exactly, and beyond */
                want = gsl_ran_beta_pdf(x / 100.0, m * total, (1.0 - m) * total) / 100.0;
            }
            const double got = cc_param_density(pr, x);
            if (memcmp(&got, &want, sizeof got) != 0)
                fail_msg("param %zu at x = %.17g: GSL %.17g, ours %.17g", i, x, want, got);
            checked += want > 0.0;
        }
    }
    assert_true(checked > 7000);
}

/* A run's quantile tables, filled on one thread or two, are for every uncertain gamma or beta
 * parameter exactly the table its own fill gives, including parameters that share the table
 * of an earlier, equal one (the Sandwell model has such pairs: the test checks it uses one). */
static void test_param_tables_shared_and_thread_free(void **state)
{
    (void)state;
    const cc_scenario *sc = load_scenario("scenarios/baseline.cfg", NULL, 0);
    cc_quantile_table *own = tracked_calloc(1, sizeof *own);
    size_t shared = 0;
    for (int threads = 1; threads <= 2; threads++) {
        run_inputs *in = tracked_calloc(1, sizeof *in);
        assert_int_equal(cc_param_tables_alloc(sc, in, threads), 0);
        assert_non_null(in->tables);
        for (size_t slot = 0; slot < SLOT_COUNT; slot++) {
            const cc_param *param = cc_slot_param(sc, slot);
            if (param == NULL || param->sd <= 0.0 ||
                (param->dist != CC_DIST_GAMMA && param->dist != CC_DIST_BETA))
                continue;
            cc_quantile_table_fill(param, own);
            assert_memory_equal(own->x, in->tables[slot].x, sizeof own->x);
            for (size_t k = 0; k < slot && threads == 1; k++) {
                const cc_param *other = cc_slot_param(sc, k);
                if (other != NULL && other->dist == param->dist && other->mean == param->mean &&
                    other->sd == param->sd) {
                    shared++;
                    break;
                }
            }
        }
        free(in->tables);
    }
    assert_true(shared > 0);
}

/* Each sensitivity swing of the Sandwell model (the model's own list) moves its
 * parameter monotonically on every path and no other parameter at all: one
 * uniform per parameter from its own stream (issue 10). */
static void test_sensitivity_swings_are_monotone_path_by_path(void **state)
{
    (void)state;
    enum { N = 1000 };
    const cc_scenario *base = load_scenario("scenarios/baseline.cfg", NULL, 0);
    static cc_sensitivity_param swings[CC_MAX_SENSITIVITY]; /* outlive release_all */
    const size_t n_swings = base->n_sensitivity;
    memcpy(swings, base->sensitivity, sizeof swings);
    assert_true(n_swings >= 6);
    double *low = tracked_calloc((size_t)N * CC_PARAM_SLOTS, sizeof(double));
    double *high = tracked_calloc((size_t)N * CC_PARAM_SLOTS, sizeof(double));
    for (size_t i = 0; i < n_swings; i++) {
        const cc_sensitivity_param *sp = &swings[i];
        char lo_text[32], hi_text[32];
        snprintf(lo_text, sizeof lo_text, "%.10g", sp->low);
        snprintf(hi_text, sizeof hi_text, "%.10g", sp->high);
        const cc_override lo[] = {{sp->key_path, lo_text}}, hi[] = {{sp->key_path, hi_text}};
        const cc_scenario *a = load_scenario("scenarios/baseline.cfg", lo, 1);
        const cc_scenario *b = load_scenario("scenarios/baseline.cfg", hi, 1);
        cc_error err = {0};
        assert_int_equal(cc_engine_draw_parameters(a, 11, 0, N, low, &err), CC_OK);
        assert_int_equal(cc_engine_draw_parameters(b, 11, 0, N, high, &err), CC_OK);
        size_t moved = 0;
        for (size_t slot = 0; slot < CC_PARAM_SLOTS; slot++) {
            bool same = true;
            for (size_t p = 0; p < N; p++) {
                const double x = low[p * CC_PARAM_SLOTS + slot], y = high[p * CC_PARAM_SLOTS + slot];
                if (isnan(x) && isnan(y))
                    continue;
                if (!(x <= y))
                    fail_msg("%s: slot %zu falls from %g to %g on path %zu", sp->name, slot, x,
                             y, p);
                same &= x == y;
            }
            moved += !same;
        }
        if (moved > 1)
            fail_msg("%s moves %zu parameters", sp->name, moved);
        release_all(NULL);
        low = tracked_calloc((size_t)N * CC_PARAM_SLOTS, sizeof(double));
        high = tracked_calloc((size_t)N * CC_PARAM_SLOTS, sizeof(double));
    }
}

/* A unit cost or its inflation changes no child's path, so with common random
 * numbers placement spend rises on every path as the cost does. */
static void test_price_swings_raise_spend_on_every_path(void **state)
{
    (void)state;
    static const struct {
        const char *key, *low, *high;
    } swings[] = {{"model.placements.ifa.weekly_cost_gbp.mean", "680", "830"},
                  {"model.placements.external_residential.annual_price_inflation_pct.mean", "0",
                   "10"},
                  {"model.placements.connected_carers.weekly_cost_gbp.mean", "150", "260"}};
    for (size_t i = 0; i < sizeof swings / sizeof swings[0]; i++) {
        const cc_override lo[] = {{swings[i].key, swings[i].low}, {"run.horizon_months", "36"}};
        const cc_override hi[] = {{swings[i].key, swings[i].high}, {"run.horizon_months", "36"}};
        cc_results *a = run_engine(load_scenario("scenarios/baseline.cfg", lo, 2), 300, 4, 0);
        cc_results *b = run_engine(load_scenario("scenarios/baseline.cfg", hi, 2), 300, 4, 0);
        const size_t k = metric(a, "cost.placements.total");
        for (size_t p = 0; p < 300; p++)
            for (size_t y = 0; y < a->n_years; y++)
                if (!(cc_results_annual(a, k, y)[p] <= cc_results_annual(b, k, y)[p]))
                    fail_msg("%s: spend falls on path %zu in year %zu", swings[i].key, p, y);
        release_all(NULL);
    }
}

/* ---- 9: ageing by birthday ---- */

/* Mean and standard error over paths of the sum of metric k over months
 * [0, months). */
static void flow_mean_se(const cc_results *res, size_t k, size_t months, double *mean, double *se)
{
    const size_t n = res->n_paths;
    double m = 0.0, ss = 0.0;
    for (size_t p = 0; p < n; p++) {
        double x = 0.0;
        for (size_t t = 0; t < months; t++)
            x += at(res, k, t, p);
        m += x;
        ss += x * x;
    }
    m /= (double)n;
    *mean = m;
    *se = sqrt(fmax(0.0, ss / (double)n - m * m) / (double)(n - 1));
}

static void expect_same_mean(const cc_results *a, const cc_results *b, const char *name,
                             size_t t, bool flow)
{
    double ma = 0.0, sa = 0.0, mb = 0.0, sb = 0.0;
    if (flow) {
        flow_mean_se(a, metric(a, name), t + 1, &ma, &sa);
        flow_mean_se(b, metric(b, name), t + 1, &mb, &sb);
    } else {
        mean_se(a, metric(a, name), t, &ma, &sa);
        mean_se(b, metric(b, name), t, &mb, &sb);
    }
    const double tolerance = 4.0 * sqrt(sa * sa + sb * sb);
    if (!(fabs(ma - mb) <= tolerance))
        fail_msg("%s at month %zu: %.3f with 16-17 as one band, %.3f split (4 SE %.3f)", name,
                 t + 1, ma, mb, tolerance);
}

/* Children age on their birthdays, so drawing 16-17 as one band or as two
 * bands with the same parameters gives the same totals within Monte Carlo
 * error. With a constant ageing hazard the split moved supported living by
 * about a fifth. */
static void test_splitting_a_band_changes_nothing(void **state)
{
    (void)state;
    cc_scenario *merged = load_scenario("tests/data/ageing-merged.cfg", NULL, 0);
    cc_scenario *split = load_scenario("tests/data/ageing-split.cfg", NULL, 0);
    cc_results *a = run_engine(merged, 3000, merged->run.seed, 0);
    cc_results *b = run_engine(split, 3000, split->run.seed + 1, 0);
    check_invariants(merged, a);
    check_invariants(split, b);
    const size_t months[] = {6, 12, 24, 47};
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
        expect_same_mean(a, b, "cic.total", months[i], false);
        expect_same_mean(a, b, "cic.placement.supported", months[i], false);
        expect_same_mean(a, b, "exits.age_18", months[i], true);
        expect_same_mean(a, b, "care_leavers.total", months[i], false);
    }
    /* The check can fail: 4 SE is a few per cent of supported living. */
    double mean = 0.0, se = 0.0;
    mean_se(a, metric(a, "cic.placement.supported"), 23, &mean, &se);
    assert_true(4.0 * sqrt(2.0) * se < 0.05 * mean);
}

/* ---- MTFP passes reuse the first pass's draws ---- */

/* A path of an MTFP run is simulated without its initiatives, with each alone and with all;
 * only the first pass draws the path's parameters, prices and process levels (run.c), the
 * others reuse them. tests/data/mtfp-reuse.cfg has two initiatives that do exactly what
 * tests/data/mtfp-reuse-plain.cfg's levers do (exits up, a price cut), on the Sandwell model
 * with its yearly processes and uncertain parameters; a plain run with those levers draws
 * everything afresh in its one pass. Every draw site's stream is the same in both (the
 * initiatives' own draws have their own sites), so the plain runs are the MTFP passes. */

#define REUSE_PATHS 12
#define REUSE_SEED 20191001ul

static cc_results *reuse_run(const char *file, const char *exits_pct, const char *price_pct)
{
    const cc_override levers[] = {{"levers.exits_change_pct", exits_pct},
                                  {"levers.price_change_pct.external_residential", price_pct}};
    return run_engine(load_scenario(file, levers, 2), REUSE_PATHS, REUSE_SEED, 2);
}

/* Whether metric name of one run has the same bits as in the other, path by path, in every
 * month and year. */
static void expect_same_bits(const cc_results *a, const cc_results *b, const char *name)
{
    const size_t ka = metric(a, name), kb = metric(b, name);
    const size_t bytes = a->n_paths * sizeof(float);
    for (size_t t = 0; t < a->n_months && a->metrics[ka].kind != CC_METRIC_ANNUAL_ONLY; t++)
        if (memcmp(cc_results_monthly(a, ka, t), cc_results_monthly(b, kb, t), bytes) != 0)
            fail_msg("%s differs in month %zu: %.9g against %.9g on path 0", name, t + 1,
                     at(a, ka, t, 0), at(b, kb, t, 0));
    for (size_t y = 0; y < a->n_years; y++)
        if (memcmp(cc_results_annual(a, ka, y), cc_results_annual(b, kb, y), bytes) != 0)
            fail_msg("%s differs in year %zu", name, y);
}

/* Half a unit in the last place of float x: how far a double may be from x when stored. */
static double half_ulp(float x)
{
    const float m = fabsf(x);
    return 0.5 * ((double)nextafterf(m, INFINITY) - (double)m);
}

/* A savings metric of the MTFP run against cost.total without the initiatives less cost.total
 * with them, in two plain runs. The engine subtracts the same two doubles and stores floats,
 * as the plain runs do: they may differ by the three roundings, no more. */
static void expect_savings(const cc_results *mtfp, const char *savings, const cc_results *without,
                           const cc_results *with)
{
    const size_t ks = metric(mtfp, savings), kc = metric(without, "cost.total");
    for (size_t t = 0; t < mtfp->n_months; t++)
        for (size_t p = 0; p < mtfp->n_paths; p++) {
            const float s = cc_results_monthly(mtfp, ks, t)[p];
            const float c0 = cc_results_monthly(without, kc, t)[p];
            const float c1 = cc_results_monthly(with, kc, t)[p];
            const double bound = half_ulp(s) + half_ulp(c0) + half_ulp(c1) + 1e-12 * fabs((double)c0);
            if (!(fabs((double)s - ((double)c0 - (double)c1)) <= bound))
                fail_msg("%s, path %zu month %zu: %.3f, plain runs %.3f - %.3f = %.3f", savings,
                         p, t + 1, (double)s, (double)c0, (double)c1, (double)c0 - (double)c1);
        }
}

/* The run with all initiatives (recorded, on reused draws) has the bits of the plain run with
 * both levers in every metric the two share; savings.total is the plain runs' cost without the
 * levers less the cost with both, and each initiative's saving the cost without less the cost
 * with its lever alone. Fails when a later pass's parameters, prices or process levels differ
 * from the first pass's: checked by redrawing the process levels from the next path's streams,
 * and one unit cost from another parameter's stream, in cc_rates_restart. */
static void test_mtfp_passes_reuse_the_first_draws(void **state)
{
    (void)state;
    cc_results *mtfp = reuse_run("tests/data/mtfp-reuse.cfg", "0", "0");
    cc_results *without = reuse_run("tests/data/mtfp-reuse-plain.cfg", "0", "0");
    cc_results *both = reuse_run("tests/data/mtfp-reuse-plain.cfg", "12.5", "-7.5");
    cc_results *exits = reuse_run("tests/data/mtfp-reuse-plain.cfg", "12.5", "0");
    cc_results *price = reuse_run("tests/data/mtfp-reuse-plain.cfg", "0", "-7.5");
    size_t shared = 0;
    for (size_t k = 0; k < both->n_metrics; k++)
        if (cc_results_metric_index(mtfp, both->metrics[k].name) >= 0) {
            expect_same_bits(mtfp, both, both->metrics[k].name);
            shared++;
        }
    assert_int_equal(shared, both->n_metrics);
    expect_savings(mtfp, "savings.total", without, both);
    expect_savings(mtfp, "savings.exits_up", without, exits);
    expect_savings(mtfp, "savings.residential_price_cut", without, price);
    /* The comparisons can tell: the initiatives change children and pounds on every path. */
    const size_t cic = metric(both, "cic.total"), cost = metric(both, "cost.placements.total");
    const size_t last = both->n_months - 1;
    for (size_t p = 0; p < REUSE_PATHS; p++)
        if (at(both, cic, last, p) == at(without, cic, last, p) ||
            at(price, cost, last - 12, p) == at(without, cost, last - 12, p))
            fail_msg("path %zu: the levers change nothing", p);
}

/* ---- the run's own argument checks ---- */

static void test_too_few_result_paths_rejected(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *res = NULL;
    cc_error err = {0};
    assert_int_equal(cc_results_alloc(sc, 10, &res, &err), CC_OK);
    tracked_results[n_results++] = res;
    const cc_run_options opts = {.n_paths = 11, .seed = 1, .threads = 1};
    assert_int_equal(cc_engine_run(sc, &opts, res, &err), CC_ERR_INVALID);
    assert_int_equal(err.status, CC_ERR_INVALID);
}

/* A what-if page cancels a run whose user moved on: the flag, set while the
 * run goes (here after 5 paths, from the progress callback), stops it within
 * a few paths, and the run says so. */
static void cancel_after_five(void *context, size_t done, size_t total)
{
    (void)total;
    if (done >= 5)
        atomic_store((atomic_bool *)context, true);
}

static void test_cancel_stops_the_run(void **state)
{
    (void)state;
    cc_scenario *sc = load_scenario("tests/data/small.cfg", NULL, 0);
    cc_results *res = NULL;
    cc_error err = {0};
    assert_int_equal(cc_results_alloc(sc, 400, &res, &err), CC_OK);
    tracked_results[n_results++] = res;
    atomic_bool cancel;
    atomic_init(&cancel, false);
    const cc_run_options opts = {.n_paths = 400, .seed = 7, .threads = 1,
                                 .progress = cancel_after_five, .progress_context = &cancel,
                                 .cancel = &cancel};
    assert_int_equal(cc_engine_run(sc, &opts, res, &err), CC_ERR_CANCELLED);
    assert_int_equal(err.status, CC_ERR_CANCELLED);
    /* The first paths ran; the last never did (results start zeroed). */
    const int k = cc_results_metric_index(res, "cic.total");
    assert_true(k >= 0);
    const float *v = cc_results_monthly(res, (size_t)k, 0);
    assert_true(v[0] > 0.0f);
    assert_true(v[399] == 0.0f);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_invariants_small, release_all),
        cmocka_unit_test_teardown(test_invariants_capacity_binding, release_all),
        cmocka_unit_test_teardown(test_invariants_refused_moves_from_foster, release_all),
        cmocka_unit_test_teardown(test_invariants_refused_moves_from_beds, release_all),
        cmocka_unit_test_teardown(test_invariants_capacity_moves_in_only, release_all),
        cmocka_unit_test_teardown(test_annual_aggregation, release_all),
        cmocka_unit_test_teardown(test_same_seed_same_results, release_all),
        cmocka_unit_test_teardown(test_threads_do_not_change_results, release_all),
        cmocka_unit_test_teardown(test_path_values_stable_when_paths_grow, release_all),
        cmocka_unit_test_teardown(test_different_seeds_differ, release_all),
        cmocka_unit_test_teardown(test_path_seeds_distinct_and_nonzero, release_all),
        cmocka_unit_test_teardown(test_zero_rates_only_ageing, release_all),
        cmocka_unit_test_teardown(test_oracle_linear, release_all),
        cmocka_unit_test_teardown(test_parameter_uncertainty_widens_entries, release_all),
        cmocka_unit_test_teardown(test_process_moments_match_closed_form, release_all),
        cmocka_unit_test_teardown(test_shock_group_shares_shocks, release_all),
        cmocka_unit_test_teardown(test_process_median_path_without_uncertainty, release_all),
        cmocka_unit_test_teardown(test_process_step_from_its_month, release_all),
        cmocka_unit_test_teardown(test_processes_off_or_elsewhere_change_nothing, release_all),
        cmocka_unit_test_teardown(test_price_processes_scale_costs, release_all),
        cmocka_unit_test_teardown(test_exit_rates_are_hazards, release_all),
        cmocka_unit_test_teardown(test_choose_all_or_none_draws_nothing, release_all),
        cmocka_unit_test_teardown(test_quantiles_invert_the_cdf, release_all),
        cmocka_unit_test_teardown(test_param_density_is_gsl, release_all),
        cmocka_unit_test_teardown(test_param_tables_shared_and_thread_free, release_all),
        cmocka_unit_test_teardown(test_sensitivity_swings_are_monotone_path_by_path, release_all),
        cmocka_unit_test_teardown(test_price_swings_raise_spend_on_every_path, release_all),
        cmocka_unit_test_teardown(test_too_few_result_paths_rejected, release_all),
        cmocka_unit_test_teardown(test_cancel_stops_the_run, release_all),
        cmocka_unit_test_teardown(test_splitting_a_band_changes_nothing, release_all),
        cmocka_unit_test_teardown(test_mtfp_passes_reuse_the_first_draws, release_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
