/* Tests for the scenario loader: values parsed from tests/data/small.cfg,
 * defaults, --set overrides (types, unknown keys, bad values), unit
 * conversions (per 10,000 rates, observed counts), error paths (missing file,
 * syntax errors, invalid values) and the "did you mean" helpers. Variants of
 * the small model are written to a temporary directory by the tests. */
#define _POSIX_C_SOURCE 200809L
#include "test_support.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carecast/config.h"
#include "carecast/scenario.h"
#include "carecast/status.h"
#include "config/config_internal.h"

/* ---- helpers ---- */

static char temp_dir[256]; /* short: paths built from it fit CC_PATH_MAX */

static void source_path(const char *relative, char *out, size_t size)
{
    const char *dir = getenv("CC_SOURCE_DIR");
    if (dir == NULL)
        fail_msg("CC_SOURCE_DIR is not set (run the test through ctest)");
    snprintf(out, size, "%s/%s", dir, relative);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    const long size = ftell(f);
    assert_true(size > 0);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    fclose(f);
    return text;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* Replaces the single occurrence of old in *text by new (fails if absent). */
static void replace(char **text, const char *old, const char *new_text)
{
    char *at = strstr(*text, old);
    if (at == NULL)
        fail_msg("the small model no longer contains \"%s\"", old);
    const size_t head = (size_t)(at - *text), old_len = strlen(old), new_len = strlen(new_text);
    const size_t tail = strlen(at + old_len);
    char *out = malloc(head + new_len + tail + 1);
    assert_non_null(out);
    memcpy(out, *text, head);
    memcpy(out + head, new_text, new_len);
    memcpy(out + head + new_len, at + old_len, tail + 1);
    free(*text);
    *text = out;
}

/* The text of model file base (relative to the source dir) with up to two
 * substitutions, written to the temp directory as model.cfg with a
 * scenario.cfg that includes it and adds `extra`; the scenario's path goes to out. */
static void write_variant_of(const char *base, const char *extra, const char *old1,
                             const char *new1, const char *old2, const char *new2, char *out,
                             size_t size)
{
    char model_path[CC_PATH_MAX];
    source_path(base, model_path, sizeof model_path);
    char *text = read_text(model_path);
    if (old1 != NULL)
        replace(&text, old1, new1);
    if (old2 != NULL)
        replace(&text, old2, new2);
    char path[CC_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/model.cfg", temp_dir);
    write_text(path, text);
    free(text);
    snprintf(out, size, "%s/scenario.cfg", temp_dir);
    char scenario[1024];
    snprintf(scenario, sizeof scenario,
             "@include \"model.cfg\"\nrun = { name = \"Variant\"; paths = 10; };\n%s\n", extra);
    write_text(out, scenario);
}

/* The small model with up to two substitutions (see write_variant_of). */
static void write_variant(const char *old1, const char *new1, const char *old2, const char *new2,
                          char *out, size_t size)
{
    write_variant_of("tests/data/small-model.cfg", "", old1, new1, old2, new2, out, size);
}

static cc_scenario *load_ok(const char *path, const cc_override *overrides, size_t n)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    const cc_status status = cc_scenario_load(path, overrides, n, &sc, &errors);
    if (status != CC_OK) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        cc_errlist_destroy(&errors);
        fail_msg("cannot load %s: %s", path, cc_status_name(status));
    }
    assert_int_equal(errors.count, 0);
    cc_errlist_destroy(&errors);
    assert_non_null(sc);
    return sc;
}

static cc_scenario *load_small(const cc_override *overrides, size_t n)
{
    char path[CC_PATH_MAX];
    source_path("tests/data/small.cfg", path, sizeof path);
    return load_ok(path, overrides, n);
}

/* Loads a scenario that must fail with status; every message must contain
 * each of the given fragments (NULL-terminated) in at least one message. */
static void expect_failure(const char *path, const cc_override *overrides, size_t n,
                           cc_status status, const char *const *fragments)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = (cc_scenario *)&errors; /* must be reset to NULL */
    const cc_status got = cc_scenario_load(path, overrides, n, &sc, &errors);
    if (got != status) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        cc_errlist_destroy(&errors);
        if (got == CC_OK)
            cc_scenario_free(sc);
        fail_msg("loading %s: status %s, expected %s", path, cc_status_name(got),
                 cc_status_name(status));
    }
    assert_null(sc);
    assert_true(errors.count >= 1);
    assert_int_equal(errors.status, status);
    for (const char *const *f = fragments; f != NULL && *f != NULL; f++) {
        bool found = false;
        for (size_t i = 0; i < errors.count && !found; i++)
            found = strstr(errors.messages[i], *f) != NULL;
        if (!found) {
            for (size_t i = 0; i < errors.count; i++)
                fprintf(stderr, "%s\n", errors.messages[i]);
            cc_errlist_destroy(&errors);
            fail_msg("no error message mentions \"%s\"", *f);
        }
    }
    cc_errlist_destroy(&errors);
}

static void expect_small_failure(const cc_override *overrides, size_t n, cc_status status,
                                 const char *const *fragments)
{
    char path[CC_PATH_MAX];
    source_path("tests/data/small.cfg", path, sizeof path);
    expect_failure(path, overrides, n, status, fragments);
}

/* ---- values from small.cfg ---- */

static void test_small_model_values(void **state)
{
    (void)state;
    cc_scenario *sc = load_small(NULL, 0);

    assert_string_equal(sc->model_name, "Test model");
    assert_int_equal(sc->start_year, 2020);
    assert_int_equal(sc->start_month, 4);
    assert_near(sc->child_population, 50000.0, 0.0, 0.0);

    assert_int_equal(sc->n_bands, 2);
    assert_string_equal(sc->bands[0].name, "young");
    assert_string_equal(sc->bands[1].name, "older");
    assert_int_equal(sc->bands[0].min_age_years, 0);
    assert_int_equal(sc->bands[0].max_age_years, 9);
    assert_int_equal(sc->bands[1].min_age_years, 10);
    assert_int_equal(sc->bands[1].max_age_years, 17);
    assert_near(sc->bands[0].exit_rate_multiplier, 1.0, 0.0, 0.0); /* default */
    assert_near(sc->bands[1].exit_rate_multiplier, 0.8, 0.0, 1e-15);

    /* Placement types in file order, with their figures. */
    static const char *const names[] = {"in_house", "agency", "residential", "home"};
    static const int starts[] = {40, 60, 12, 20};
    assert_int_equal(sc->n_placements, 4);
    for (size_t p = 0; p < 4; p++) {
        assert_string_equal(sc->placements[p].name, names[p]);
        assert_int_equal(sc->placements[p].start_children, starts[p]);
        assert_int_equal(cc_scenario_placement_index(sc, names[p]), (int)p);
    }
    assert_int_equal(cc_scenario_placement_index(sc, "nope"), -1);
    assert_int_equal(cc_scenario_band_index(sc, "older"), 1);
    assert_int_equal(cc_scenario_start_cic(sc), 132);
    assert_string_equal(sc->placements[1].label, "agency"); /* label defaults to the name */

    const cc_placement *in_house = &sc->placements[0];
    assert_near(in_house->start_age_shares[0], 0.6, 0.0, 1e-15);
    assert_near(in_house->start_age_shares[1], 0.4, 0.0, 1e-15);
    assert_near(in_house->exit_annual_pct[CC_EXIT_RETURN_HOME].mean, 12.0, 0.0, 0.0);
    assert_near(in_house->exit_annual_pct[CC_EXIT_SGO].mean, 6.5, 0.0, 0.0);
    assert_near(in_house->exit_annual_pct[CC_EXIT_ADOPTION].mean, 3.0, 0.0, 0.0);
    assert_near(in_house->exit_annual_pct[CC_EXIT_OTHER].mean, 2.0, 0.0, 0.0);
    assert_int_equal(in_house->exit_annual_pct[CC_EXIT_SGO].dist, CC_DIST_FIXED);
    assert_near(in_house->exit_annual_pct[CC_EXIT_SGO].sd, 0.0, 0.0, 0.0);
    assert_near(in_house->weekly_cost_gbp.mean, 480.0, 0.0, 0.0);
    assert_int_equal(in_house->capacity, CC_CAPACITY_CARERS);
    assert_int_equal(in_house->overflow_to, 1);
    for (size_t p = 1; p < 4; p++) {
        assert_int_equal(sc->placements[p].capacity, CC_CAPACITY_NONE);
        assert_int_equal(sc->placements[p].overflow_to, -1);
    }
    assert_near(sc->placements[3].exit_annual_pct[CC_EXIT_RETURN_HOME].mean, 35.0, 0.0, 0.0);
    assert_near(sc->placements[2].exit_annual_pct[CC_EXIT_SGO].mean, 0.0, 0.0, 0.0);
    assert_near(sc->placements[3].weekly_cost_gbp.mean, 0.0, 0.0, 0.0); /* not given */

    assert_int_equal(sc->n_moves, 2);
    assert_string_equal(sc->moves[0].name, "step_in");
    assert_int_equal(sc->moves[0].from, 1);
    assert_int_equal(sc->moves[0].to, 0);
    assert_near(sc->moves[0].annual_pct.mean, 6.0, 0.0, 0.0);
    assert_int_equal(sc->moves[0].when_full, CC_WHEN_FULL_STAY);
    assert_string_equal(sc->moves[1].name, "step_down");
    assert_int_equal(sc->moves[1].from, 2);
    assert_int_equal(sc->moves[1].to, 1);
    assert_near(sc->moves[1].annual_pct.mean, 9.0, 0.0, 0.0);

    const cc_entries *e = &sc->entries;
    assert_near(e->annual_children.mean, 70.0, 0.0, 0.0);
    assert_int_equal(e->annual_children.dist, CC_DIST_FIXED);
    assert_near(e->annual_trend_pct, 0.0, 0.0, 0.0);
    for (int k = 0; k < 12; k++)
        assert_near(e->monthly_pattern[k], 1.0, 0.0, 0.0);
    assert_near(e->age_shares[0], 0.55, 0.0, 1e-15);
    assert_near(e->age_shares[1], 0.45, 0.0, 1e-15);
    /* first_placement by band, indexed by placement type; absent types get 0. */
    static const double young[] = {0.5, 0.3, 0.0, 0.2}, older[] = {0.3, 0.4, 0.2, 0.1};
    for (size_t p = 0; p < 4; p++) {
        assert_near(e->first_placement[0][p], young[p], 0.0, 1e-15);
        assert_near(e->first_placement[1][p], older[p], 0.0, 1e-15);
    }
    /* No uasc group: no arrivals. */
    assert_near(sc->uasc.annual_children.mean, 0.0, 0.0, 0.0);

    assert_int_equal(sc->cin.start_children, 300);
    assert_near(sc->cin.annual_starts.mean, 520.0, 0.0, 0.0);
    assert_near(sc->cin.average_duration_months.mean, 7.0, 0.0, 0.0);
    assert_near(sc->cin.to_care_share.mean, 0.0, 0.0, 0.0);
    assert_int_equal(sc->cp.start_children, 150);
    assert_near(sc->cp.annual_starts.mean, 190.0, 0.0, 0.0);
    assert_near(sc->cp.average_duration_months.mean, 9.5, 0.0, 0.0);
    assert_near(sc->cp.to_care_share.mean, 0.12, 0.0, 1e-15);

    assert_int_equal(sc->care_leavers.start_young_people, 60);
    assert_near(sc->care_leavers.share_supported_to_25, 0.3, 0.0, 1e-15);

    assert_int_equal(sc->carers.households, 30);
    assert_near(sc->carers.over_60_share, 0.3, 0.0, 1e-15);
    assert_near(sc->carers.places_per_household, 1.5, 0.0, 0.0);
    assert_near(sc->carers.annual_approvals.mean, 6.0, 0.0, 0.0);
    assert_near(sc->carers.annual_deregistration_pct.mean, 8.0, 0.0, 0.0);
    assert_near(sc->carers.over_60_annual_deregistration_pct.mean, 20.0, 0.0, 0.0);

    cc_scenario_free(sc);
}

static void test_run_settings_and_defaults(void **state)
{
    (void)state;
    cc_scenario *sc = load_small(NULL, 0);
    const cc_run_settings *run = &sc->run;
    assert_string_equal(run->name, "Small test");
    assert_int_equal(run->paths, 500);
    assert_int_equal(run->seed, 7);
    assert_int_equal(run->horizon_months, 36);
    assert_string_equal(run->output_dir, "small-out");
    /* Defaults. */
    assert_int_equal(run->threads, 0);
    assert_true(run->parameter_uncertainty);
    static const double pct[] = {5, 10, 25, 50, 75, 90, 95};
    assert_int_equal(run->n_percentiles, 7);
    for (size_t i = 0; i < 7; i++)
        assert_near(run->percentiles[i], pct[i], 0.0, 0.0);
    assert_near(run->rag_green_probability, 0.8, 0.0, 1e-15);
    assert_near(run->rag_amber_probability, 0.5, 0.0, 1e-15);
    /* No levers, initiatives, workforce or finance in the small model. */
    assert_int_equal(sc->levers.n_set, 0);
    assert_near(sc->levers.entries_change_pct, 0.0, 0.0, 0.0);
    assert_int_equal(sc->n_initiatives, 0);
    assert_int_equal(sc->workforce.n_teams, 0);

    /* The files read: the scenario first, then the model it includes. */
    char path[CC_PATH_MAX], model[CC_PATH_MAX];
    source_path("tests/data/small.cfg", path, sizeof path);
    source_path("tests/data/small-model.cfg", model, sizeof model);
    assert_int_equal(sc->n_files, 2);
    assert_string_equal(sc->files[0], path);
    assert_string_equal(sc->files[1], model);
    cc_scenario_free(sc);
}

/* ---- --set overrides ---- */

static void test_override_numbers(void **state)
{
    (void)state;
    const cc_override overrides[] = {
        {"model.entries.annual_children", "80"},  /* an integer for a float key */
        {"model.entries.annual_trend_pct", "3"},  /* a key the file does not set */
        {"model.child_population", "62000.5"},    /* a float where the file has an integer */
        {"run.paths", "250"},
        {"run.seed", "42"},
        {"run.threads", "3"},
        {"run.parameter_uncertainty", "false"},
        {"model.placements.agency.exits.sgo_annual_pct", "4.25"},
        {"model.foster_carers.households", "35"},
    };
    cc_scenario *sc = load_small(overrides, sizeof overrides / sizeof overrides[0]);
    assert_near(sc->entries.annual_children.mean, 80.0, 0.0, 0.0);
    assert_near(sc->entries.annual_trend_pct, 3.0, 0.0, 0.0);
    assert_near(sc->child_population, 62000.5, 0.0, 0.0);
    assert_int_equal(sc->run.paths, 250);
    assert_int_equal(sc->run.seed, 42);
    assert_int_equal(sc->run.threads, 3);
    assert_false(sc->run.parameter_uncertainty);
    assert_near(sc->placements[1].exit_annual_pct[CC_EXIT_SGO].mean, 4.25, 0.0, 0.0);
    assert_int_equal(sc->carers.households, 35);
    /* Untouched values stay as in the file. */
    assert_near(sc->placements[1].exit_annual_pct[CC_EXIT_RETURN_HOME].mean, 10.0, 0.0, 0.0);
    assert_int_equal(sc->run.horizon_months, 36);
    cc_scenario_free(sc);
}

static void test_override_strings(void **state)
{
    (void)state;
    const cc_override overrides[] = {
        {"run.output_dir", "runs/a"},             /* a bare word is a string */
        {"run.name", "\"Quoted name\""},          /* a libconfig string literal */
        {"model.name", "Renamed"},
        {"model.start_date", "2021-10-01"},       /* a bare date is a string too */
        {"model.placements.agency.label", "Agency foster care"},
    };
    cc_scenario *sc = load_small(overrides, sizeof overrides / sizeof overrides[0]);
    assert_string_equal(sc->run.output_dir, "runs/a");
    assert_string_equal(sc->run.name, "Quoted name");
    assert_string_equal(sc->model_name, "Renamed");
    assert_int_equal(sc->start_year, 2021);
    assert_int_equal(sc->start_month, 10);
    assert_string_equal(sc->placements[1].label, "Agency foster care");
    cc_scenario_free(sc);
}

static void test_override_unknown_key(void **state)
{
    (void)state;
    /* A path whose parent group does not exist. */
    const cc_override missing_group[] = {{"model.nosuch.rate", "1"}};
    const char *const f1[] = {"--set", "model.nosuch.rate", NULL};
    expect_small_failure(missing_group, 1, CC_ERR_INVALID, f1);

    /* A misspelt key in an existing group: named, with a suggestion. */
    const cc_override typo[] = {{"run.pathz", "10"}};
    const char *const f2[] = {"--set", "run.pathz", "paths", NULL};
    expect_small_failure(typo, 1, CC_ERR_INVALID, f2);

    /* A top-level key nobody reads. */
    const cc_override top[] = {{"bogus", "1"}};
    const char *const f3[] = {"bogus", NULL};
    expect_small_failure(top, 1, CC_ERR_INVALID, f3);
}

static void test_override_wrong_type(void **state)
{
    (void)state;
    const cc_override word_for_int[] = {{"run.paths", "abc"}};
    const char *const f1[] = {"--set", "run.paths", NULL};
    expect_small_failure(word_for_int, 1, CC_ERR_INVALID, f1);

    const cc_override float_for_int[] = {{"run.paths", "2.5"}};
    expect_small_failure(float_for_int, 1, CC_ERR_INVALID, f1);

    const cc_override int_for_bool[] = {{"run.parameter_uncertainty", "1"}};
    const char *const f2[] = {"--set", "run.parameter_uncertainty", NULL};
    expect_small_failure(int_for_bool, 1, CC_ERR_INVALID, f2);

    const cc_override word_for_float[] = {{"model.entries.annual_children", "lots"}};
    const char *const f3[] = {"--set", "model.entries.annual_children", NULL};
    expect_small_failure(word_for_float, 1, CC_ERR_INVALID, f3);

    /* A group cannot be replaced by a scalar. */
    const cc_override group[] = {{"model.entries", "5"}};
    const char *const f4[] = {"--set", "model.entries", NULL};
    expect_small_failure(group, 1, CC_ERR_INVALID, f4);

    /* A value of the right type but out of range. */
    const cc_override range[] = {{"model.placements.agency.exits.sgo_annual_pct", "150"}};
    const char *const f5[] = {"--set", "model.placements.agency.exits.sgo_annual_pct", "100",
                              NULL};
    expect_small_failure(range, 1, CC_ERR_INVALID, f5);

    /* Every bad override is reported, not just the first. */
    const cc_override two[] = {{"run.paths", "abc"}, {"run.horizon_months", "0"}};
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    char path[CC_PATH_MAX];
    source_path("tests/data/small.cfg", path, sizeof path);
    assert_int_equal(cc_scenario_load(path, two, 2, &sc, &errors), CC_ERR_INVALID);
    assert_null(sc);
    assert_true(errors.count >= 2);
    cc_errlist_destroy(&errors);
}

/* ---- unit conversions and uncertain parameters ---- */

static void test_per_10k_rate(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant("annual_children = 70.0;", "per_10k_annual_rate = 14.0;", NULL, NULL, path,
                  sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    /* 50,000 children: 14 per 10,000 a year is 70 a year. */
    assert_near(sc->entries.annual_children.mean, 50000.0 / 10000.0 * 14.0, 0.0, 1e-12);
    assert_int_equal(sc->entries.annual_children.dist, CC_DIST_FIXED);
    cc_scenario_free(sc);

    /* The conversion follows the population, including an overridden one. */
    const cc_override population[] = {{"model.child_population", "80000"}};
    sc = load_ok(path, population, 1);
    assert_near(sc->entries.annual_children.mean, 80000.0 / 10000.0 * 14.0, 0.0, 1e-12);
    cc_scenario_free(sc);

    /* An uncertain rate converts its sd too. */
    write_variant("annual_children = 70.0;", "per_10k_annual_rate = { mean = 14.0; sd = 2.0; };",
                  NULL, NULL, path, sizeof path);
    sc = load_ok(path, NULL, 0);
    assert_near(sc->entries.annual_children.mean, 70.0, 0.0, 1e-12);
    assert_near(sc->entries.annual_children.sd, 10.0, 0.0, 1e-12);
    assert_int_equal(sc->entries.annual_children.dist, CC_DIST_GAMMA);
    cc_scenario_free(sc);

    /* Both forms at once is an error. */
    write_variant("annual_children = 70.0;",
                  "annual_children = 70.0; per_10k_annual_rate = 14.0;", NULL, NULL, path,
                  sizeof path);
    const char *const f[] = {"model.entries", "per_10k_annual_rate", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f);
}

static void test_uncertain_params(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    /* Observed events over years: mean observed/years, sd sqrt(observed)/years. */
    write_variant("annual_children = 70.0;", "annual_children = { observed = 49; years = 2.0; };",
                  "annual_approvals = 6.0;", "annual_approvals = { mean = 6.0; sd = 1.5; };", path,
                  sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    assert_near(sc->entries.annual_children.mean, 24.5, 0.0, 1e-15);
    assert_near(sc->entries.annual_children.sd, 3.5, 0.0, 1e-15);
    assert_int_equal(sc->entries.annual_children.dist, CC_DIST_GAMMA);
    assert_near(sc->carers.annual_approvals.mean, 6.0, 0.0, 0.0);
    assert_near(sc->carers.annual_approvals.sd, 1.5, 0.0, 0.0);
    assert_int_equal(sc->carers.annual_approvals.dist, CC_DIST_GAMMA);
    cc_scenario_free(sc);

    /* A percentage with an sd is drawn from a beta distribution. */
    write_variant("sgo_annual_pct = 3.0;", "sgo_annual_pct = { mean = 3.0; sd = 1.0; };", NULL,
                  NULL, path, sizeof path);
    sc = load_ok(path, NULL, 0);
    assert_near(sc->placements[1].exit_annual_pct[CC_EXIT_SGO].mean, 3.0, 0.0, 0.0);
    assert_near(sc->placements[1].exit_annual_pct[CC_EXIT_SGO].sd, 1.0, 0.0, 0.0);
    assert_int_equal(sc->placements[1].exit_annual_pct[CC_EXIT_SGO].dist, CC_DIST_BETA);
    cc_scenario_free(sc);

    /* Observed counts do not describe a percentage. */
    write_variant("sgo_annual_pct = 3.0;", "sgo_annual_pct = { observed = 3; years = 1.0; };",
                  NULL, NULL, path, sizeof path);
    const char *const f1[] = {"model.placements.agency.exits.sgo_annual_pct", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);

    /* A percentage sd too large for a beta distribution. */
    write_variant("sgo_annual_pct = 3.0;", "sgo_annual_pct = { mean = 3.0; sd = 20.0; };", NULL,
                  NULL, path, sizeof path);
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);

    /* A mean of 0 (or a percentage's 100) is certain whatever sd: "no effect"
     * can start a goal-seek range. */
    write_variant("sgo_annual_pct = 3.0;", "sgo_annual_pct = { mean = 0.0; sd = 20.0; };",
                  "annual_approvals = 6.0;", "annual_approvals = { mean = 0.0; sd = 1.5; };", path,
                  sizeof path);
    sc = load_ok(path, NULL, 0);
    assert_int_equal(sc->placements[1].exit_annual_pct[CC_EXIT_SGO].dist, CC_DIST_FIXED);
    assert_near(sc->placements[1].exit_annual_pct[CC_EXIT_SGO].sd, 0.0, 0.0, 0.0);
    assert_int_equal(sc->carers.annual_approvals.dist, CC_DIST_FIXED);
    cc_scenario_free(sc);
    write_variant("sgo_annual_pct = 3.0;", "sgo_annual_pct = { mean = 100.0; sd = 5.0; };", NULL,
                  NULL, path, sizeof path);
    cc_errlist errors;
    cc_errlist_init(&errors);
    sc = NULL;
    /* 100% leaving a year is certain too (the flows check may refuse the total; the
     * parameter itself is not refused for its sd). */
    cc_scenario_load(path, NULL, 0, &sc, &errors);
    for (size_t i = 0; i < errors.count; i++)
        assert_null(strstr(errors.messages[i], "too large for a percentage"));
    cc_errlist_destroy(&errors);
    cc_scenario_free(sc);
}

static void test_monthly_pattern_normalised(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant("annual_children = 70.0;",
                  "annual_children = 70.0; monthly_pattern = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "
                  "12];",
                  NULL, NULL, path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    double sum = 0.0;
    for (int k = 0; k < 12; k++) {
        assert_near(sc->entries.monthly_pattern[k], (k + 1) * 12.0 / 78.0, 0.0, 1e-12);
        sum += sc->entries.monthly_pattern[k];
    }
    assert_near(sum, 12.0, 0.0, 1e-12);
    cc_scenario_free(sc);
}

/* ---- validation ---- */

static void test_invalid_values_reported(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    /* Shares that do not sum to 1. */
    write_variant("age_shares = [0.55, 0.45];", "age_shares = [0.55, 0.55];", NULL, NULL, path,
                  sizeof path);
    const char *const f1[] = {"model.entries.age_shares", "sum to 1", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);

    /* A misspelt key, with a suggestion and the line it is on. */
    write_variant("start_children = 60;", "start_childrn = 60;", NULL, NULL, path, sizeof path);
    const char *const f2[] = {"model.placements.agency.start_childrn", "start_children",
                              "model.cfg:17:", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f2);

    /* A move to an unknown placement type, with a suggestion. */
    write_variant("to = \"in_house\";", "to = \"inhouse\";", NULL, NULL, path, sizeof path);
    const char *const f3[] = {"model.moves.step_in.to", "inhouse", "in_house", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f3);
}

/* A capacity-limited type must say where children go when it is full. */
static void test_capacity_needs_overflow(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant("overflow_to = \"agency\";", "", NULL, NULL, path, sizeof path);
    const char *const f1[] = {"model.placements.in_house.overflow_to", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);

    /* An empty name is no better: it leaves overflow_to = -1 on a capacity-limited
     * type, and the engine would then send displaced children to type -1. */
    write_variant("overflow_to = \"agency\";", "overflow_to = \"\";", NULL, NULL, path,
                  sizeof path);
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);
    const cc_override empty[] = {{"model.placements.in_house.overflow_to", "\"\""}};
    expect_small_failure(empty, 1, CC_ERR_INVALID, f1);
}

/* Unknown names in the money sections get a suggestion too: a team's case
 * kind and an initiative's effect. */
static void test_unknown_case_kind_and_effect(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant_of("tests/data/money-model.cfg", "", "cases = [\"cic\"]", "cases = [\"cic_total\"]",
                     NULL, NULL, path, sizeof path);
    const char *const f1[] = {"model.workforce.teams.children_in_care.cases",
                              "unknown case kind 'cic_total'", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);

    write_variant_of("tests/data/money-model.cfg",
                     "initiatives = { fewer = { effect = \"reduce_entires\"; "
                     "start_date = \"2020-05-01\"; size = 5.0; }; };",
                     NULL, NULL, NULL, NULL, path, sizeof path);
    const char *const f2[] = {"initiatives.fewer.effect",
                              "unknown effect 'reduce_entires' (did you mean 'reduce_entries'?)",
                              NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f2);
}

/* A cost on two budget lines would be counted twice, and opened beds need a
 * single type to go to. */
static void test_budget_overlap_and_second_beds_type(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant_of("tests/data/money-model.cfg", "", "covers = [\"residential\"]",
                     "covers = [\"residential\", \"agency\"]", NULL, NULL, path, sizeof path);
    const char *const f1[] = {"model.finance.budgets.lines.residential.covers",
                              "'agency' is already covered by another line", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f1);

    write_variant("weekly_cost_gbp = 4100;",
                  "weekly_cost_gbp = 4100; capacity = \"beds\"; beds = 2; overflow_to = \"agency\";",
                  "    home = {",
                  "    home = { capacity = \"beds\"; beds = 1; overflow_to = \"agency\";", path,
                  sizeof path);
    const char *const f2[] = {"model.placements.home.capacity",
                              "only one placement type can have in-house beds", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f2);
}


/* ---- exit routes as rates or probabilities ---- */

static void test_exit_routes_as_rates_or_probabilities(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant("sgo_annual_pct = 6.5;", "sgo_annual_rate = { mean = 0.12; sd = 0.03; };",
                  "return_home_annual_pct = 10.0;", "return_home_annual_probability_pct = 10.25;",
                  path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    const cc_placement *in_house = &sc->placements[0], *agency = &sc->placements[1];
    assert_true(in_house->exit_is_rate[CC_EXIT_SGO]);
    assert_int_equal(in_house->exit_annual_pct[CC_EXIT_SGO].dist, CC_DIST_GAMMA);
    assert_near(in_house->exit_annual_pct[CC_EXIT_SGO].mean, 0.12, 0.0, 0.0);
    assert_false(in_house->exit_is_rate[CC_EXIT_RETURN_HOME]);
    assert_false(agency->exit_is_rate[CC_EXIT_RETURN_HOME]);
    assert_near(agency->exit_annual_pct[CC_EXIT_RETURN_HOME].mean, 10.25, 0.0, 0.0);
    cc_scenario_free(sc);

    write_variant("sgo_annual_pct = 6.5;", "sgo_annual_pct = 6.5; sgo_annual_rate = 0.07;",
                  "return_home_annual_pct = 10.0; ", "", path, sizeof path);
    const char *const f[] = {"model.placements.in_house.exits.sgo_annual_rate: give this route "
                             "once",
                             "model.placements.agency.exits: needs return_home_annual_rate "
                             "(events per child-year) or return_home_annual_probability_pct",
                             NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f);
}

/* ---- processes, history and calibration ---- */

#define FOSTER_CARERS "  foster_carers = {"

static void test_processes_are_read(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant(FOSTER_CARERS,
                  "  processes = {\n"
                  "    entries = { yearly_sd_pct = 20.5; half_life_years = 1.5; long_run_pct = 90.0;\n"
                  "                shock_group = \"demand\";\n"
                  "                steps = ( { from = \"2021-04\"; change_pct = -10.0; } ); };\n"
                  "    exits = { level_pct = 110.0; level_sd_pct = 8.5; shock_group = \"demand\"; };\n"
                  "    cp_starts = { yearly_sd_pct = 12.0; };\n"
                  "  };\n" FOSTER_CARERS,
                  NULL, NULL, path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    const cc_process *e = &sc->processes[CC_PROC_ENTRIES];
    assert_true(e->active);
    assert_near(e->level_pct, 100.0, 0.0, 0.0); /* default */
    assert_near(e->yearly_sd_pct, 20.5, 0.0, 0.0);
    assert_near(e->half_life_years, 1.5, 0.0, 0.0);
    assert_near(e->long_run_pct, 90.0, 0.0, 0.0);
    assert_int_equal(e->n_steps, 1);
    assert_int_equal(e->steps[0].year, 2021);
    assert_int_equal(e->steps[0].month, 4);
    assert_near(e->steps[0].change_pct, -10.0, 0.0, 0.0);
    const cc_process *x = &sc->processes[CC_PROC_EXITS];
    assert_near(x->level_pct, 110.0, 0.0, 0.0);
    assert_near(x->long_run_pct, 110.0, 0.0, 0.0); /* defaults to the level */
    assert_near(x->level_sd_pct, 8.5, 0.0, 0.0);
    /* A shock group shares the first member's draw site; others keep their own. */
    assert_int_equal(e->shock_key, CC_PROC_ENTRIES);
    assert_int_equal(x->shock_key, CC_PROC_ENTRIES);
    assert_int_equal(sc->processes[CC_PROC_CP_STARTS].shock_key, CC_PROC_CP_STARTS);
    assert_false(sc->processes[CC_PROC_CIN_STARTS].active);
    assert_true(cc_process_is_identity(&sc->processes[CC_PROC_CIN_STARTS]));
    cc_scenario_free(sc);

    /* --set reaches a process like any other key. */
    const cc_override ov[] = {{"model.processes.cp_starts.yearly_sd_pct", "7.25"}};
    sc = load_ok(path, ov, 1);
    assert_near(sc->processes[CC_PROC_CP_STARTS].yearly_sd_pct, 7.25, 0.0, 0.0);
    cc_scenario_free(sc);
}

static void test_process_errors_are_named(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant(FOSTER_CARERS,
                  "  processes = {\n"
                  "    entrys = { yearly_sd_pct = 20.0; };\n"
                  "    exits = { long_run_pct = 90.0; yearly_sd_pct = -1.0; };\n"
                  "    cp_starts = { steps = ( { from = \"2021-4\"; change_pct = 5.0; } ); };\n"
                  "  };\n" FOSTER_CARERS,
                  NULL, NULL, path, sizeof path);
    const char *const f[] = {"model.processes.entrys: unknown key (did you mean 'entries'?)",
                             "model.processes.exits.long_run_pct: has no effect without "
                             "half_life_years",
                             "model.processes.exits.yearly_sd_pct: must not be negative",
                             "model.processes.cp_starts.steps[0].from: expected a month",
                             "model.cfg:", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f);
}

#define HISTORY                                                                                \
    "  history = { years = (\n"                                                                \
    "    { year = \"2018/19\"; cic = 130; cin = 310; cp = 140; care_leavers = 58;\n"           \
    "      placements = { residential = 11; }; spend = { placements = 2500000.0; }; },\n"      \
    "    { year = \"2019/20\"; cic = 132; entries = 71; exits = 69; assessments = 88; }\n"     \
    "  ); };\n"

static void test_history_years_are_read(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant(FOSTER_CARERS, HISTORY FOSTER_CARERS, NULL, NULL, path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    assert_int_equal(sc->n_history_years, 2);
    const cc_history_year *h = cc_scenario_history_year(sc, 2018);
    assert_non_null(h);
    assert_near(h->value[CC_HIST_CIC], 130.0, 0.0, 0.0);
    assert_near(h->value[CC_HIST_CARE_LEAVERS], 58.0, 0.0, 0.0);
    assert_true(isnan(h->value[CC_HIST_ENTRIES])); /* not given */
    assert_near(h->placements[2], 11.0, 0.0, 0.0);  /* residential */
    assert_true(isnan(h->placements[0]));
    assert_near(h->spend_placements_gbp, 2.5e6, 0.0, 0.0);
    assert_true(isnan(h->spend_total_gbp));
    h = cc_scenario_history_year(sc, 2019);
    assert_near(h->value[CC_HIST_EXITS], 69.0, 0.0, 0.0);
    assert_near(h->value[CC_HIST_ASSESSMENTS], 88.0, 0.0, 0.0);
    assert_null(cc_scenario_history_year(sc, 2020));
    assert_int_equal(sc->n_history, 0); /* no month-end counts */
    cc_scenario_free(sc);
}

static void test_history_errors_are_named(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant(FOSTER_CARERS,
                  "  history = { years = (\n"
                  "    { year = \"2019/20\"; cic = 130; entrie = 4; placements = { resi = 3; }; },\n"
                  "    { year = \"2018/19\"; cic = 132; spend = { staff = 1.0; }; },\n"
                  "    { year = \"2020/22\"; cic = 12; }\n"
                  "  ); };\n" FOSTER_CARERS,
                  NULL, NULL, path, sizeof path);
    const char *const f[] = {
        "model.history.years[0].entrie: unknown key (did you mean 'entries'?)",
        "model.history.years[0].placements.resi: unknown placement type 'resi'",
        "model.history.years[1].spend.staff: unknown spend line",
        "model.history.years[1].year: years must be in order",
        "model.history.years[2].year: expected a financial year", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f);
}

#define CALIBRATION                                                                            \
    "calibration = {\n"                                                                        \
    "  as_at = \"2021-03-31\";\n"                                                              \
    "  start = { cic = 150; cin = 320; cp = 140; care_leavers = 70;\n"                         \
    "            placements = { residential = 15; }; };\n"                                     \
    "  processes = { entries = { level_pct = 120.0; yearly_sd_pct = 20.0; }; };\n"             \
    "};\n"

/* The fitted section moves the start and the stocks and replaces the processes
 * it gives, keeping the model's others. */
static void test_calibration_is_applied(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant_of("tests/data/small-model.cfg", CALIBRATION, FOSTER_CARERS,
                     "  processes = { entries = { yearly_sd_pct = 5.0; };\n"
                     "                exits = { yearly_sd_pct = 6.0; }; };\n" FOSTER_CARERS,
                     NULL, NULL, path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    assert_true(sc->calibration.present);
    assert_int_equal(sc->start_year, 2021);
    assert_int_equal(sc->start_month, 4);
    /* 150 - 15 residential = 135 shared 40:60:20 -> 45, 67.5, 22.5; the half goes to
     * the first largest remainder (agency). */
    assert_int_equal(sc->placements[0].start_children, 45);
    assert_int_equal(sc->placements[1].start_children, 68);
    assert_int_equal(sc->placements[2].start_children, 15);
    assert_int_equal(sc->placements[3].start_children, 22);
    assert_int_equal(cc_scenario_start_cic(sc), 150);
    assert_int_equal(sc->cin.start_children, 320);
    assert_int_equal(sc->cp.start_children, 140);
    assert_int_equal(sc->care_leavers.start_young_people, 70);
    assert_near(sc->processes[CC_PROC_ENTRIES].level_pct, 120.0, 0.0, 0.0);
    assert_near(sc->processes[CC_PROC_ENTRIES].yearly_sd_pct, 20.0, 0.0, 0.0);
    assert_near(sc->processes[CC_PROC_EXITS].yearly_sd_pct, 6.0, 0.0, 0.0); /* the model's */
    cc_scenario_free(sc);
}

static void test_calibration_errors_are_named(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant_of("tests/data/small-model.cfg",
                     "calibration = { as_at = \"2021-03-30\"; };\n", NULL, NULL, NULL, NULL,
                     path, sizeof path);
    const char *const f[] = {"scenario.cfg:", "calibration: as_at: 2021-03-30 is not the last day",
                             NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, f);
    write_variant_of("tests/data/small-model.cfg",
                     "calibration = { as_at = \"2021-03-31\";\n"
                     "  start = { cic = 10; placements = { agency = 12; }; }; };\n",
                     NULL, NULL, NULL, NULL, path, sizeof path);
    const char *const g[] = {"calibration: start: the placement types given hold 12 children, "
                             "more than cic = 10",
                             NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, g);
    write_variant_of("tests/data/small-model.cfg",
                     "calibration = { as_at = \"2021-03-31\";\n"
                     "  start = { placements = { agenci = 12; }; }; };\n",
                     NULL, NULL, NULL, NULL, path, sizeof path);
    const char *const h[] = {"calibration.start.placements.agenci: unknown placement type",
                             "calibration.start.placements: needs cic", NULL};
    expect_failure(path, NULL, 0, CC_ERR_INVALID, h);
}

/* ---- error paths ---- */

static void test_missing_file(void **state)
{
    (void)state;
    char path[CC_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/no-such-scenario.cfg", temp_dir);
    const char *const f[] = {"no-such-scenario.cfg", NULL};
    expect_failure(path, NULL, 0, CC_ERR_IO, f);
}

static void test_syntax_error(void **state)
{
    (void)state;
    char path[CC_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/broken.cfg", temp_dir);
    write_text(path, "# a comment\nrun = {\n  paths = ;\n};\n");
    char where[CC_PATH_MAX + 64];
    snprintf(where, sizeof where, "%s:3:", path);
    const char *const f[] = {where, "syntax error", NULL};
    expect_failure(path, NULL, 0, CC_ERR_PARSE, f);

    /* A missing @include names the file it looked for. */
    snprintf(path, sizeof path, "%s/includes.cfg", temp_dir);
    write_text(path, "@include \"absent-model.cfg\"\nrun = { paths = 1; };\n");
    const char *const g[] = {"absent-model.cfg", NULL};
    expect_failure(path, NULL, 0, CC_ERR_PARSE, g);
}

/* ---- suggestions ---- */

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(cc_edit_distance("", ""), 0);
    assert_int_equal(cc_edit_distance("abc", ""), 3);
    assert_int_equal(cc_edit_distance("", "abcd"), 4);
    assert_int_equal(cc_edit_distance("paths", "paths"), 0);
    assert_int_equal(cc_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(cc_edit_distance("sitting", "kitten"), 3);
    assert_int_equal(cc_edit_distance("flaw", "lawn"), 2);
    assert_int_equal(cc_edit_distance("pahts", "paths"), 2);        /* a swap is two edits */
    assert_int_equal(cc_edit_distance("start_childrn", "start_children"), 1);
    assert_int_equal(cc_edit_distance("Paths", "paths"), 0);        /* case-insensitive */
    assert_int_equal(cc_edit_distance("seed", "horizon_months"), 14);
}

static void test_suggest(void **state)
{
    (void)state;
    const char *const keys[] = {"name", "paths", "seed", "horizon_months", "threads"};
    const size_t n = sizeof keys / sizeof keys[0];
    assert_string_equal(cc_suggest("pahts", keys, n), "paths");
    assert_string_equal(cc_suggest("horizon_month", keys, n), "horizon_months");
    assert_string_equal(cc_suggest("thread", keys, n), "threads");
    assert_string_equal(cc_suggest("SEED", keys, n), "seed");
    assert_null(cc_suggest("output_dir", keys, n));  /* nothing close */
    assert_null(cc_suggest("xyz", keys, n));
    assert_null(cc_suggest("paths", keys, 0));      /* no candidates */
    /* Short words allow one edit only. */
    assert_string_equal(cc_suggest("nam", keys, n), "name");
    assert_null(cc_suggest("sd", keys, n));
}

/* ---- sources: line map, assumptions, memory reader ---- */

/* The assumption with the given label, or a failed test. */
static const cc_assumption *assumption(const cc_scenario *sc, const char *label)
{
    for (size_t i = 0; i < sc->n_assumptions; i++)
        if (strcmp(sc->assumptions[i].label, label) == 0)
            return &sc->assumptions[i];
    fail_msg("no assumption \"%s\"", label);
    return NULL;
}

/* A line longer than any read buffer before the one cited: the comment must
 * still come from the setting's own line. */
static void test_assumption_source_after_long_line(void **state)
{
    (void)state;
    char long_line[6000], replacement[6200], path[CC_PATH_MAX];
    memset(long_line, 'x', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    snprintf(replacement, sizeof replacement,
             "# %s\n    annual_children = 70.0; # entries: 2.385 a week, long-line test",
             long_line);
    write_variant("annual_children = 70.0;", replacement, NULL, NULL, path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    const cc_assumption *a = assumption(sc, "Entries to care not linked to CP plans");
    assert_string_equal(a->source, "entries: 2.385 a week, long-line test");
    cc_scenario_free(sc);
}

/* A value replaced by --set is cited as "--set", not by the file's comment. */
static void test_override_assumption_cites_set(void **state)
{
    (void)state;
    char path[CC_PATH_MAX];
    write_variant("annual_children = 70.0;", "annual_children = 70.0; # from the file", NULL,
                  NULL, path, sizeof path);
    cc_scenario *sc = load_ok(path, NULL, 0);
    assert_string_equal(assumption(sc, "Entries to care not linked to CP plans")->source,
                        "from the file");
    cc_scenario_free(sc);
    const cc_override entries[] = {{"model.entries.annual_children", "81"}};
    sc = load_ok(path, entries, 1);
    const cc_assumption *a = assumption(sc, "Entries to care not linked to CP plans");
    assert_near(a->value, 81.0, 0.0, 0.0);
    assert_string_equal(a->source, "--set");
    cc_scenario_free(sc);
}

/* Files served from memory, as the fuzzer does: the loader asks the reader
 * for the scenario and for each @include, resolved against the scenario's
 * directory, and never touches the disk. */
typedef struct memory_files {
    const char *const *names;
    const char *const *texts;
    size_t n;
    size_t n_reads;
} memory_files;

static cc_read_result read_memory(void *ctx, const char *path, size_t max_bytes, char **text,
                                  size_t *size, char *why, size_t why_size)
{
    memory_files *m = ctx;
    m->n_reads++;
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(path, m->names[i]) != 0)
            continue;
        *size = strlen(m->texts[i]);
        if (*size > max_bytes)
            return CC_READ_TOO_LARGE;
        *text = malloc(*size + 1);
        if (*text == NULL)
            return CC_READ_NOMEM;
        memcpy(*text, m->texts[i], *size + 1);
        return CC_READ_OK;
    }
    snprintf(why, why_size, "not in memory");
    return CC_READ_FAILED;
}

static void test_load_from_memory_reader(void **state)
{
    (void)state;
    char model_path[CC_PATH_MAX];
    source_path("tests/data/small-model.cfg", model_path, sizeof model_path);
    char *model = read_text(model_path);
    const char *const names[] = {"mem/scenario.cfg", "mem/../models/m.cfg"};
    const char *const texts[] = {"@include \"../models/m.cfg\"\nrun = { paths = 37; };\n", model};
    memory_files m = {names, texts, 2, 0};
    const cc_reader reader = {.read = read_memory, .ctx = &m};
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    assert_int_equal(cc_scenario_load_from("mem/scenario.cfg", &reader, NULL, 0, &sc, &errors),
                     CC_OK);
    assert_int_equal(m.n_reads, 2);
    assert_int_equal(sc->run.paths, 37);
    assert_int_equal(sc->n_placements, 4);
    assert_int_equal(sc->n_files, 2);
    assert_string_equal(sc->files[0], "mem/scenario.cfg");
    assert_string_equal(sc->files[1], "mem/../models/m.cfg");
    cc_scenario_free(sc);
    cc_errlist_destroy(&errors);

    /* A message in the included text cites that file and its own line. */
    const char *const bad[] = {"@include \"../models/m.cfg\"\n\n\nrun = { pahts = 37; };\n",
                               "model = { name = 1; };\n"};
    memory_files mb = {names, bad, 2, 0};
    const cc_reader bad_reader = {.read = read_memory, .ctx = &mb};
    cc_errlist_init(&errors);
    assert_int_equal(cc_scenario_load_from("mem/scenario.cfg", &bad_reader, NULL, 0, &sc, &errors),
                     CC_ERR_INVALID);
    bool cites_model = false, cites_run = false;
    for (size_t i = 0; i < errors.count; i++) {
        cites_model |= strncmp(errors.messages[i], "mem/../models/m.cfg:1: model.name:", 34) == 0;
        cites_run |= strncmp(errors.messages[i], "mem/scenario.cfg:4: run.pahts:", 30) == 0;
    }
    assert_true(cites_model);
    assert_true(cites_run);
    cc_errlist_destroy(&errors);
    free(model);
}

static int make_temp_dir(void **state)
{
    (void)state;
    snprintf(temp_dir, sizeof temp_dir, "/tmp/cc-test-config-XXXXXX");
    return mkdtemp(temp_dir) != NULL ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
    (void)state;
    static const char *const files[] = {"model.cfg", "scenario.cfg", "broken.cfg",
                                        "includes.cfg"};
    char path[CC_PATH_MAX + 32];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", temp_dir, files[i]);
        remove(path);
    }
    rmdir(temp_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_model_values),
        cmocka_unit_test(test_run_settings_and_defaults),
        cmocka_unit_test(test_override_numbers),
        cmocka_unit_test(test_override_strings),
        cmocka_unit_test(test_override_unknown_key),
        cmocka_unit_test(test_override_wrong_type),
        cmocka_unit_test(test_per_10k_rate),
        cmocka_unit_test(test_uncertain_params),
        cmocka_unit_test(test_monthly_pattern_normalised),
        cmocka_unit_test(test_invalid_values_reported),
        cmocka_unit_test(test_capacity_needs_overflow),
        cmocka_unit_test(test_unknown_case_kind_and_effect),
        cmocka_unit_test(test_budget_overlap_and_second_beds_type),
        cmocka_unit_test(test_exit_routes_as_rates_or_probabilities),
        cmocka_unit_test(test_processes_are_read),
        cmocka_unit_test(test_process_errors_are_named),
        cmocka_unit_test(test_history_years_are_read),
        cmocka_unit_test(test_history_errors_are_named),
        cmocka_unit_test(test_calibration_is_applied),
        cmocka_unit_test(test_calibration_errors_are_named),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_assumption_source_after_long_line),
        cmocka_unit_test(test_override_assumption_cites_set),
        cmocka_unit_test(test_load_from_memory_reader),
    };
    return cmocka_run_group_tests(tests, make_temp_dir, remove_temp_dir);
}
