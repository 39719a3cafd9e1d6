/* Tests for SSDA903 calibration: dates and birthdays, the CSV reader, the
 * mapping file, the shared sample against the figures the sector's models
 * report for it, the written model read back through the normal loader, and
 * synthetic returns from known rates: exact counts, then rates recovered
 * within their standard errors. */
#define _XOPEN_SOURCE 700 /* nftw, open_memstream, mkdtemp */
#include "test_support.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carecast/config.h"
#include "carecast/ssda903.h"
#include "ssda903/ssda903_internal.h"
#include "ssda903_synth.h"

static char temp_dir[256];

/* ---- helpers ---- */

static void source_path(const char *relative, char *out, size_t size)
{
    const char *dir = getenv("CC_SOURCE_DIR");
    if (dir == NULL)
        fail_msg("CC_SOURCE_DIR is not set (run the test through ctest)");
    snprintf(out, size, "%s/%s", dir, relative);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static int day(int y, int m, int d)
{
    return ssda_days_from_civil(y, m, d);
}

static double total_of(const double *values, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += values[i];
    return sum;
}

static double stock_total(const cc_ssda903_estimate *est)
{
    double sum = 0.0;
    for (size_t b = 0; b < est->n_bands; b++)
        sum += total_of(est->stock[b], est->n_types);
    return sum;
}

static double exits_total(const cc_ssda903_estimate *est)
{
    double sum = 0.0;
    for (size_t b = 0; b < est->n_bands; b++)
        for (size_t t = 0; t < est->n_types; t++)
            sum += total_of(est->exits[b][t], CC_SSDA903_ROUTES);
    return sum;
}

static double entries_total(const cc_ssda903_estimate *est)
{
    double sum = 0.0;
    for (size_t b = 0; b < est->n_bands; b++)
        sum += total_of(est->entries[b], est->n_types);
    return sum;
}

/* Reads dir with the mapping at path (NULL: default); fails the test on error. */
static cc_ssda903_data *read_dir(const char *dir, cc_ssda903_mapping **map, cc_ssda903_log *log)
{
    cc_error err = {0};
    *map = NULL;
    assert_int_equal(cc_ssda903_mapping_load(NULL, map, &err), CC_OK);
    cc_ssda903_data *data = NULL;
    const cc_status st = cc_ssda903_read(dir, *map, &data, log, &err);
    if (st != CC_OK)
        fail_msg("%s", err.message);
    return data;
}

static cc_ssda903_estimate *estimate(const cc_ssda903_data *data, const cc_ssda903_mapping *map,
                                     int first, int last, bool *clamped)
{
    cc_ssda903_estimate *est = calloc(1, sizeof *est);
    assert_non_null(est);
    cc_error err = {0};
    const cc_status st = cc_ssda903_estimate_window(data, map, first, last, est, clamped, &err);
    if (st != CC_OK)
        fail_msg("%s", err.message);
    return est;
}

/* ---- dates ---- */

static void test_dates_both_layouts(void **state)
{
    (void)state;
    int a = 0, b = 0;
    assert_true(cc_ssda903_date_parse("27/03/2022", &a));
    assert_true(cc_ssda903_date_parse(" 2022-03-27 ", &b));
    assert_int_equal(a, b);
    assert_int_equal(a, 19078); /* 2022-03-27 is day 19078 after 1970-01-01 (date +%s / 86400) */
    assert_true(cc_ssda903_date_parse("29/02/2020", &a));
    static const char *const bad[] = {"31/02/2020", "29/02/2021", "2022-3-27", "27/03/22",
                                      "2022/03/27", "", "27-03-2022", "00/01/2020", "1/1/2020x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int d = -1;
        assert_false(cc_ssda903_date_parse(bad[i], &d));
        assert_int_equal(d, -1);
    }
    char text[11];
    cc_ssda903_date_format(day(2004, 2, 29), text);
    assert_string_equal(text, "2004-02-29");
}

static void test_birthdays_and_financial_years(void **state)
{
    (void)state;
    /* A 29 February child is 18 on 1 March in a common year, 16 on 29 February in a leap year. */
    assert_int_equal(ssda_birthday(day(2004, 2, 29), 18), day(2022, 3, 1));
    assert_int_equal(ssda_birthday(day(2004, 2, 29), 16), day(2020, 2, 29));
    assert_int_equal(ssda_birthday(day(2005, 12, 31), 1), day(2006, 12, 31));
    assert_int_equal(ssda_april_first_before(day(2017, 3, 31)), day(2016, 4, 1));
    assert_int_equal(ssda_april_first_before(day(2017, 4, 1)), day(2017, 4, 1));
    assert_int_equal(ssda_march_end_after(day(2017, 3, 31)), day(2017, 3, 31));
    assert_int_equal(ssda_march_end_after(day(2017, 4, 1)), day(2018, 3, 31));
    for (int d = day(1899, 1, 1); d < day(2101, 1, 1); d += 37) {
        int y = 0, m = 0, dd = 0;
        ssda_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(ssda_days_from_civil(y, m, dd), d);
    }
}

/* ---- CSV ---- */

static void test_csv_quotes_bom_and_line_numbers(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/quoted.csv", temp_dir);
    write_text(path, "\xEF\xBB\xBF" "A,B,C\r\n"
                     "1,\"two, with comma\",3\r\n"
                     "\r\n"
                     "\"multi\nline\",\"say \"\"hi\"\"\",\n"
                     "last,,x");
    ssda_csv csv;
    cc_error err = {0};
    assert_int_equal(ssda_csv_open(path, &csv, &err), CC_OK);
    cc_status st = CC_OK;
    assert_true(ssda_csv_next(&csv, &st));
    assert_int_equal(csv.line, 1);
    assert_int_equal(csv.n_fields, 3);
    assert_string_equal(csv.fields[0], "A");
    assert_string_equal(csv.fields[2], "C");
    assert_true(ssda_csv_next(&csv, &st));
    assert_int_equal(csv.line, 2);
    assert_string_equal(csv.fields[1], "two, with comma");
    assert_true(ssda_csv_next(&csv, &st)); /* the blank line 3 is skipped */
    assert_int_equal(csv.line, 4);
    assert_string_equal(csv.fields[0], "multi\nline");
    assert_string_equal(csv.fields[1], "say \"hi\"");
    assert_string_equal(csv.fields[2], "");
    assert_true(ssda_csv_next(&csv, &st));
    assert_int_equal(csv.line, 6); /* the quoted line break counts */
    assert_int_equal(csv.n_fields, 3);
    assert_string_equal(csv.fields[2], "x");
    assert_false(ssda_csv_next(&csv, &st));
    assert_int_equal(st, CC_OK);
    ssda_csv_close(&csv);
    assert_int_equal(ssda_csv_open("/nonexistent/x.csv", &csv, &err), CC_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent/x.csv: cannot open"));
}

/* ---- mapping ---- */

static char *mapping_text(const cc_ssda903_mapping *map)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    cc_error err = {0};
    assert_int_equal(cc_ssda903_mapping_write(f, map, &err), CC_OK);
    fclose(f);
    return text;
}

static void test_mapping_file_matches_default(void **state)
{
    (void)state;
    char path[1024];
    source_path("models/ssda903/mapping-default.csv", path, sizeof path);
    cc_ssda903_mapping *builtin = NULL, *shipped = NULL;
    cc_error err = {0};
    assert_int_equal(cc_ssda903_mapping_load(NULL, &builtin, &err), CC_OK);
    assert_int_equal(cc_ssda903_mapping_load(path, &shipped, &err), CC_OK);
    char *a = mapping_text(builtin), *b = mapping_text(shipped);
    assert_string_equal(a, b);
    /* A rule naming the provider wins over the rule for any provider, whatever the order. */
    assert_string_equal(builtin->type_names[ssda_place_type(builtin, "u4", " PR1")],
                        "in_house_fostering");
    assert_string_equal(builtin->type_names[ssda_place_type(builtin, "U4", "PR4")], "ifa");
    assert_string_equal(builtin->type_names[ssda_place_type(builtin, "U4", "")], "ifa");
    assert_int_equal(ssda_place_type(builtin, "Q9", ""), SSDA_UNKNOWN);
    assert_int_equal(ssda_rec_route(builtin, "e4a"), CC_SSDA903_RETURN_HOME);
    assert_int_equal(ssda_rec_route(builtin, "X1"), CC_SSDA903_CONTINUES);
    free(a);
    free(b);
    cc_ssda903_mapping_free(builtin);
    cc_ssda903_mapping_free(shipped);
}

static void test_mapping_sections_replace_the_default(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/bands.csv", temp_dir);
    write_text(path, "# only bands: types and routes stay the default\n"
                     "band,young,0,9\nband,older,10,17\n");
    cc_ssda903_mapping *map = NULL;
    cc_error err = {0};
    assert_int_equal(cc_ssda903_mapping_load(path, &map, &err), CC_OK);
    assert_int_equal(map->n_bands, 2);
    assert_string_equal(map->band_names[1], "older");
    assert_int_equal(map->n_types, 11);
    assert_int_equal(ssda_rec_route(map, "E11"), CC_SSDA903_ADOPTION);
    cc_ssda903_mapping_free(map);
    snprintf(path, sizeof path, "%s/types.csv", temp_dir);
    write_text(path, "kind,code,qualifier,value\nplace,U4,PR1,mine\nplace,U4,,theirs\n"
                     "type,theirs,,\"Theirs, labelled\"\n");
    assert_int_equal(cc_ssda903_mapping_load(path, &map, &err), CC_OK);
    assert_int_equal(map->n_types, 2);
    assert_string_equal(map->type_labels[1], "Theirs, labelled");
    assert_int_equal(ssda_place_type(map, "K2", ""), SSDA_UNKNOWN);
    cc_ssda903_mapping_free(map);
}

static void test_mapping_errors_cite_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"place,U1,,foster\nplaces,U2,,foster\n", ":2: unknown kind 'places'"},
        {"rec,E11,,adopted\n", ":1: unknown route 'adopted'"},
        {"band,a,0,4\nband,b,6,17\n", ":2: bands must be contiguous from age 0, in order: "
                                       "expected a band from 5, got 6"},
        {"band,a,0,15\n", "the last age band must end at 17"},
        {"place,U1,,x\nplace,u1,,y\n", ":2: PLACE U1 is mapped twice"},
        {"place,U1,,9lives\n", ":1: '9lives' is not a valid placement type name"},
        {"type,a,,Label, with comma\n", ":1: 5 fields, expected at most 4"},
        {"rec,E11,,adoption\nrec,e11,,other\n", ":2: REC E11 is mapped twice"},
    };
    char path[512];
    snprintf(path, sizeof path, "%s/bad.csv", temp_dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_text(path, cases[i].text);
        cc_ssda903_mapping *map = NULL;
        cc_error err = {0};
        assert_int_equal(cc_ssda903_mapping_load(path, &map, &err), CC_ERR_INVALID);
        assert_null(map);
        if (strstr(err.message, cases[i].message) == NULL ||
            strncmp(err.message, path, strlen(path)) != 0)
            fail_msg("case %zu: got '%s'", i, err.message);
    }
    cc_ssda903_mapping *map = NULL;
    cc_error err = {0};
    assert_int_equal(cc_ssda903_mapping_load("/nonexistent.csv", &map, &err), CC_ERR_IO);
}

/* ---- the shared sample, against the sector models' own figures ---- */

/* tests/data/ssda903-sample/README.md; the figures are from the sample's
 * documentation (../shared/reference/ssda903-sample/README.md, sections 3.2
 * and 5), computed there by the two sector models' code. */
static void test_sample_matches_the_peers_counts(void **state)
{
    (void)state;
    char dir[1024];
    source_path("tests/data/ssda903-sample", dir, sizeof dir);
    cc_ssda903_mapping *map = NULL;
    cc_ssda903_log log;
    cc_ssda903_log_init(&log);
    cc_ssda903_data *data = read_dir(dir, &map, &log);
    assert_int_equal(log.children, 820);
    assert_int_equal(log.episodes, 2827);       /* after de-duplication (quirk 1) */
    assert_int_equal(log.duplicate_rows, 910);  /* repeats of (CHILD, DECOM) */
    assert_int_equal(log.count[CC_SSDA903_OVERLAP], 40);
    assert_int_equal(log.count[CC_SSDA903_REC_LEFT], 15); /* quirk 3 */
    assert_int_equal(log.count[CC_SSDA903_SKIPPED_FILE], 5); /* the UASC tables */
    assert_int_equal(log.children_dropped, 0);
    int first = 0, last = 0;
    cc_ssda903_coverage(data, &first, &last);
    assert_int_equal(first, day(2017, 4, 1));
    assert_int_equal(last, day(2022, 3, 31));

    bool clamped = false;
    cc_ssda903_estimate *est = estimate(data, map, day(2013, 8, 27), day(2022, 3, 27), &clamped);
    assert_true(clamped); /* left truncation: nothing before the first return counts */
    assert_int_equal(est->window_start, day(2017, 4, 1));
    static const double cic[] = {628, 545, 339, 214, 140, 86};
    static const double entries[] = {181, 15, 11, 10, 5}, exits[] = {264, 221, 136, 84, 59};
    assert_int_equal(est->n_years, 6);
    for (size_t k = 0; k < 6; k++) {
        assert_near(est->years[k].cic, cic[k], 0.0, 0.0);
        assert_near(total_of(est->years[k].placements, est->n_types), cic[k], 0.0, 0.0);
        if (k > 0) {
            assert_near(est->years[k].entries, entries[k - 1], 0.0, 0.0);
            assert_near(est->years[k].exits, exits[k - 1], 0.0, 0.0);
        }
    }
    assert_near(exits_total(est), 764.0, 0.0, 0.0); /* all exits in the data (section 5.3) */
    free(est);

    /* The sector model's default window: 2 entries and 32 exits, 86 in care at the end. */
    est = estimate(data, map, day(2021, 9, 27), day(2022, 3, 27), &clamped);
    assert_false(clamped);
    assert_near(entries_total(est), 2.0, 0.0, 0.0);
    assert_near(exits_total(est), 32.0, 0.0, 0.0);
    assert_near(stock_total(est), 86.0, 0.0, 0.0);
    assert_near(est->window_years, 182.0 / 365.25, 1e-12, 0.0);
    free(est);
    cc_ssda903_data_free(data);
    cc_ssda903_mapping_free(map);
    cc_ssda903_log_destroy(&log);
}

static void test_window_errors(void **state)
{
    (void)state;
    char dir[1024];
    source_path("tests/data/ssda903-sample", dir, sizeof dir);
    cc_ssda903_mapping *map = NULL;
    cc_ssda903_log log;
    cc_ssda903_log_init(&log);
    cc_ssda903_data *data = read_dir(dir, &map, &log);
    cc_ssda903_estimate *est = calloc(1, sizeof *est);
    assert_non_null(est);
    cc_error err = {0};
    bool clamped = false;
    assert_int_equal(cc_ssda903_estimate_window(data, map, day(2021, 1, 1), day(2022, 4, 1), est,
                                                &clamped, &err),
                     CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "window end 2022-04-01 is after the last day the "
                                        "returns cover (2022-03-31)"));
    assert_int_equal(cc_ssda903_estimate_window(data, map, day(2021, 1, 2), day(2021, 1, 1), est,
                                                &clamped, &err),
                     CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "the window is empty"));
    /* The default: the last three years, to the end of the data. */
    assert_int_equal(cc_ssda903_estimate_window(data, map, CC_SSDA903_DEFAULT, CC_SSDA903_DEFAULT,
                                                est, &clamped, &err),
                     CC_OK);
    assert_int_equal(est->window_start, day(2019, 4, 1));
    assert_int_equal(est->window_end, day(2022, 3, 31));
    free(est);
    cc_ssda903_data_free(data);
    cc_ssda903_mapping_free(map);
    cc_ssda903_log_destroy(&log);
}

/* ---- the written model, through the normal loader ---- */

static int type_index(const cc_ssda903_estimate *est, const char *name)
{
    for (size_t t = 0; t < est->n_types; t++)
        if (strcmp(est->type_names[t], name) == 0)
            return (int)t;
    fail_msg("no placement type %s", name);
    return -1;
}

static cc_scenario *load_model(const char *path)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    const cc_status st = cc_scenario_load(path, NULL, 0, &sc, &errors);
    for (size_t i = 0; i < errors.count; i++)
        print_error("%s\n", errors.messages[i]);
    cc_errlist_destroy(&errors);
    assert_int_equal(st, CC_OK);
    return sc;
}

static void write_model_file(const char *path, const cc_ssda903_estimate *est,
                             const cc_ssda903_write_options *wo)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    cc_error err = {0};
    assert_int_equal(cc_ssda903_write_model(f, est, wo, &err), CC_OK);
    assert_int_equal(fclose(f), 0);
}

static void check_loaded_rates(const cc_scenario *sc, const cc_ssda903_estimate *est)
{
    assert_int_equal(sc->n_placements, est->n_types);
    for (size_t t = 0; t < est->n_types; t++) {
        double stock = 0.0;
        for (size_t b = 0; b < est->n_bands; b++)
            stock += est->stock[b][t];
        assert_string_equal(sc->placements[t].name, est->type_names[t]);
        assert_int_equal(sc->placements[t].start_children, (int)stock);
        /* Exit routes are hazards: the gamma of events over child-years. */
        for (size_t r = 0; r < CC_EXIT_ROUTES; r++) {
            const cc_param *rate = &sc->placements[t].exit_annual_pct[r];
            assert_true(sc->placements[t].exit_is_rate[r]);
            /* A route never seen anywhere has no prior share either: a fixed 0. */
            assert_int_equal(rate->dist,
                             est->exit_shape[t][r] > 0.0 ? CC_DIST_GAMMA : CC_DIST_FIXED);
            assert_near(rate->mean, est->exit_rate[t][r], 0.0, 1e-8);
            assert_near(rate->sd, sqrt(est->exit_shape[t][r]) / est->exit_years[t][r], 0.0, 1e-8);
        }
    }
    for (size_t b = 0; b < est->n_bands; b++)
        assert_near(sc->bands[b].exit_rate_multiplier, est->band_multiplier[b], 0.0, 1e-5);
}

/* history.years: every 31 March with its stocks by type (zeros given, not
 * unknown), and flows from the first year the returns saw; no month list. */
static void check_loaded_history(const cc_scenario *sc, const cc_ssda903_estimate *est)
{
    assert_int_equal(sc->n_history, 0);
    assert_int_equal(sc->n_history_years, est->n_years);
    for (size_t k = 0; k < est->n_years; k++) {
        const cc_history_year *h = &sc->history_years[k];
        int y = 0, m = 0, d = 0;
        ssda_civil_from_days(est->years[k].year_end, &y, &m, &d);
        assert_int_equal(h->year, y - 1);
        assert_near(h->value[CC_HIST_CIC], est->years[k].cic, 0.0, 0.0);
        for (size_t t = 0; t < est->n_types; t++)
            assert_near(h->placements[t], est->years[k].placements[t], 0.0, 0.0);
        if (k == 0) {
            assert_true(isnan(h->value[CC_HIST_ENTRIES]) && isnan(h->value[CC_HIST_EXITS]));
            continue;
        }
        assert_near(h->value[CC_HIST_ENTRIES], est->years[k].entries, 0.0, 0.0);
        assert_near(h->value[CC_HIST_EXITS], est->years[k].exits, 0.0, 0.0);
    }
}

static void test_written_model_loads(void **state)
{
    (void)state;
    char dir[1024], path[512];
    source_path("tests/data/ssda903-sample", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model.cfg", temp_dir);
    cc_ssda903_mapping *map = NULL;
    cc_ssda903_log log;
    cc_ssda903_log_init(&log);
    cc_ssda903_data *data = read_dir(dir, &map, &log);
    bool clamped = false;
    cc_ssda903_estimate *est = estimate(data, map, day(2021, 9, 27), day(2022, 3, 27), &clamped);
    /* A source name that needs escaping, in the name string and in comments. */
    const char *source = "la \"x\"\\data\tnew\nline caf\xC3\xA9";
    const cc_ssda903_write_options wo = {.source = source, .version = "test", .log = &log};
    write_model_file(path, est, &wo);
    cc_scenario *sc = load_model(path);
    assert_string_equal(sc->model_name, "SSDA903 2021-09-27 to 2022-03-27: la \"x\"\\data\tnew\n"
                                        "line caf\xC3\xA9");
    assert_int_equal(sc->start_year, 2022);
    assert_int_equal(sc->start_month, 4);
    assert_int_equal(cc_scenario_start_cic(sc), 86);
    assert_near(sc->entries.annual_children.mean, 2.0 / est->window_years, 0.0, 1e-5);
    assert_near(sc->entries.annual_children.sd, sqrt(2.0) / est->window_years, 0.0, 1e-5);
    assert_int_equal(sc->n_moves, CC_MAX_MOVES); /* more pairs than the loader takes */
    check_loaded_rates(sc, est);
    check_loaded_history(sc, est);
    cc_scenario_free(sc);
    free(est);
    cc_ssda903_data_free(data);
    cc_ssda903_mapping_free(map);
    cc_ssda903_log_destroy(&log);
}

/* One child in care for one day, leaving by adoption: 2 events (one of them
 * the prior's) in 2 child-days is 365 a child-year, above the loader's 100.
 * The type's rates are scaled down together so that the model still loads. */
static void test_rates_above_the_loaders_limit_are_capped(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/one-day", temp_dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(path, sizeof path, "%s/header.csv", dir);
    write_text(path, "CHILD,SEX,DOB\n7,1,03/02/2012\n");
    snprintf(path, sizeof path, "%s/episodes.csv", dir);
    write_text(path, "CHILD,DECOM,RNE,PLACE,PLACE_PROVIDER,DEC,REC\n7,01/05/2020,S,U4,PR4,"
                     "02/05/2020,E11\n");
    cc_ssda903_mapping *map = NULL;
    cc_ssda903_log log;
    cc_ssda903_log_init(&log);
    cc_ssda903_data *data = read_dir(dir, &map, &log);
    bool clamped = false;
    cc_ssda903_estimate *est = estimate(data, map, day(2020, 5, 1), day(2020, 5, 2), &clamped);
    const int ifa = type_index(est, "ifa");
    assert_near(est->capped[ifa], 100.0 / 365.25, 0.0, 1e-5);
    assert_true(est->exit_rate[ifa][CC_SSDA903_ADOPTION] < 100.0);
    snprintf(path, sizeof path, "%s/one-day.cfg", temp_dir);
    const cc_ssda903_write_options wo = {.source = dir, .log = &log};
    write_model_file(path, est, &wo);
    cc_scenario *sc = load_model(path);
    check_loaded_rates(sc, est);
    cc_scenario_free(sc);
    free(est);
    cc_ssda903_data_free(data);
    cc_ssda903_mapping_free(map);
    cc_ssda903_log_destroy(&log);
}

static void test_hazard_to_pct_moments(void **state)
{
    (void)state;
    double mean = 0.0, sd = 0.0;
    cc_ssda903_hazard_to_pct(0.0, 10.0, &mean, &sd);
    assert_near(mean, 0.0, 0.0, 0.0);
    assert_near(sd, 0.0, 0.0, 0.0);
    /* 20 events in 100 child-years: h = 0.2, 100 (1 - e^-0.2) = 18.127%. */
    cc_ssda903_hazard_to_pct(20.0, 100.0, &mean, &sd);
    assert_near(mean, 18.126924692201818, 1e-12, 0.0);
    /* Delta method for large samples: sd ~ 100 e^-h sqrt(20) / 100 = 3.661. */
    assert_near(sd, 100.0 * exp(-0.2) * sqrt(20.0) / 100.0, 0.0, 0.02);
    /* Exact moments by simulation-free check: shape 1, rate 1 gives E e^-h = 1/2, E e^-2h = 1/3. */
    cc_ssda903_hazard_to_pct(1.0, 1.0, &mean, &sd);
    assert_near(sd, 100.0 * sqrt(1.0 / 3.0 - 0.25), 1e-12, 0.0);
}

/* ---- synthetic returns from known rates ---- */

typedef struct synthetic {
    synth_truth truth;
    synth_facts facts;
    cc_ssda903_mapping *map;
    cc_ssda903_log log;
    cc_ssda903_data *data;
    cc_ssda903_estimate *est; /* the whole span of the returns */
} synthetic;

static synthetic *synthetic_make(unsigned long seed, double entries_per_year)
{
    synthetic *s = calloc(1, sizeof *s);
    assert_non_null(s);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/synth-%lu", temp_dir, seed);
    assert_int_equal(mkdir(dir, 0777), 0);
    synth_default_truth(&s->truth);
    s->truth.entries_per_year = entries_per_year;
    assert_true(synth_write(dir, &s->truth, seed, &s->facts));
    cc_ssda903_log_init(&s->log);
    s->data = read_dir(dir, &s->map, &s->log);
    bool clamped = false;
    s->est = estimate(s->data, s->map, s->truth.first_return, s->truth.last_day, &clamped);
    assert_false(clamped);
    return s;
}

static void synthetic_free(synthetic *s)
{
    free(s->est);
    cc_ssda903_data_free(s->data);
    cc_ssda903_mapping_free(s->map);
    cc_ssda903_log_destroy(&s->log);
    free(s);
}

/* Counts must equal what the simulation did: stocks, flows, exposure and
 * events, though the files repeat episodes across years, leave DEC blank on
 * open ones and carry many continuation episodes that are not exits. */
static void test_synthetic_counts_are_exact(void **state)
{
    (void)state;
    synthetic *s = synthetic_make(20240601, 250.0);
    const cc_ssda903_estimate *est = s->est;
    const synth_facts *f = &s->facts;
    assert_int_equal(s->log.children_dropped, 0);
    assert_true(s->log.duplicate_rows > 1000);
    assert_true(s->log.redundant > 1000);
    assert_int_equal(est->n_years, f->n_years);
    for (size_t k = 0; k < f->n_years; k++) {
        assert_int_equal(est->years[k].year_end, f->year_end[k]);
        assert_near(est->years[k].cic, f->cic[k], 0.0, 0.0);
        assert_near(est->years[k].entries, f->entries[k], 0.0, 0.0);
        assert_near(est->years[k].exits, f->exits[k], 0.0, 0.0);
    }
    for (size_t k = 0; k < SYNTH_TYPES; k++) {
        const size_t t = synth_type_index[k];
        double days = 0.0;
        for (size_t b = 0; b < est->n_bands; b++) {
            days += est->exposure_days[b][t];
            assert_near(est->stock[b][t], f->stock_end[b][k], 0.0, 0.0);
        }
        assert_near(days, f->exposure_days[k], 0.0, 0.0);
        for (size_t r = 0; r <= SYNTH_ROUTES; r++) {
            double n = 0.0;
            for (size_t b = 0; b < est->n_bands; b++)
                n += est->exits[b][t][r];
            assert_near(n, f->exits_by_route[k][r], 0.0, 0.0);
        }
        for (size_t j = 0; j < SYNTH_TYPES; j++) {
            double n = 0.0;
            for (size_t b = 0; b < est->n_bands; b++)
                n += est->moves[b][t][synth_type_index[j]];
            assert_near(n, f->moves[k][j], 0.0, 0.0);
        }
    }
    synthetic_free(s);
}

/* |estimate - truth| within 4 standard errors (a false alarm in about 1 in
 * 16,000 comparisons); se is the estimate's standard error at the truth. */
static double largest_z; /* reported by the recovery test */

static void assert_within(const char *what, double estimate, double truth, double se)
{
    largest_z = fmax(largest_z, fabs(estimate - truth) / se);
    if (!(fabs(estimate - truth) <= 4.0 * se))
        fail_msg("%s: estimate %.6g, truth %.6g, se %.3g (%.1f se away)", what, estimate, truth,
                 se, (estimate - truth) / se);
}

static void check_entries(const synthetic *s)
{
    const cc_ssda903_estimate *est = s->est;
    const double n = entries_total(est), years = est->window_years;
    const double rate = s->truth.entries_per_year;
    assert_within("entries a year", n / years, rate, sqrt(rate / years) );
    for (size_t b = 0; b < SYNTH_BANDS; b++) {
        const double in_band = total_of(est->entries[b], est->n_types);
        const double p = s->truth.entry_band_share[b];
        assert_within("entry age share", in_band / n, p, sqrt(p * (1.0 - p) / n));
        for (size_t k = 0; k < SYNTH_TYPES; k++) {
            const double q = s->truth.first_type[b][k];
            const double got = est->entries[b][synth_type_index[k]] / in_band;
            assert_within("first placement share", got, q, sqrt(fmax(q * (1.0 - q), 1e-12) / in_band));
        }
    }
}

/* Written hazards (band multiplier x type rate) against the truth, state by
 * state; se of a product of two estimates: rate x sqrt(1/events of the type
 * and route + 1/events of the band). */
static void check_exits(const synthetic *s)
{
    const cc_ssda903_estimate *est = s->est;
    size_t checked = 0;
    for (size_t b = 0; b < SYNTH_BANDS; b++) {
        double band_events = 0.0;
        for (size_t t = 0; t < est->n_types; t++)
            band_events += total_of(est->exits[b][t], SYNTH_ROUTES);
        for (size_t k = 0; k < SYNTH_TYPES; k++) {
            const size_t t = synth_type_index[k];
            for (size_t r = 0; r < SYNTH_ROUTES; r++) {
                const double truth = s->truth.band_multiplier[b] * s->truth.exit_rate[k][r];
                const double got = est->band_multiplier[b] * est->exit_rate[t][r];
                const double events = est->exit_shape[t][r];
                if (truth == 0.0) {
                    /* No such exits in the data: the rate is the prior's fraction of an event. */
                    double n = 0.0;
                    for (size_t c = 0; c < SYNTH_BANDS; c++)
                        n += est->exits[c][t][r];
                    assert_near(n, 0.0, 0.0, 0.0);
                    assert_true(est->exit_shape[t][r] < 1.0);
                    continue;
                }
                if (events < 30.0)
                    continue; /* too few to say */
                assert_within("exit hazard", got, truth,
                              truth * sqrt(1.0 / events + 1.0 / band_events));
                checked++;
            }
        }
    }
    assert_true(checked >= 40);
    print_message("%zu exit hazards (band x type x route) recovered\n", checked);
}

/* Exits of each type, all bands and routes: observed against the number the
 * true hazards give over the exposure counted (Poisson), a sharp check that
 * exposure and events are counted over the same time. */
static void check_observed_expected(const synthetic *s)
{
    const cc_ssda903_estimate *est = s->est;
    for (size_t k = 0; k < SYNTH_TYPES; k++) {
        const size_t t = synth_type_index[k];
        double observed = 0.0, expected = 0.0;
        for (size_t b = 0; b < SYNTH_BANDS; b++) {
            observed += total_of(est->exits[b][t], SYNTH_ROUTES);
            expected += est->exposure_days[b][t] / 365.25 * s->truth.band_multiplier[b] *
                        total_of(s->truth.exit_rate[k], SYNTH_ROUTES);
        }
        assert_true(expected > 100.0);
        assert_within("exits of a type", observed, expected, sqrt(expected));
    }
}

static void check_moves(const synthetic *s)
{
    const cc_ssda903_estimate *est = s->est;
    for (size_t k = 0; k < SYNTH_TYPES; k++) {
        const size_t t = synth_type_index[k];
        double years = 0.0;
        for (size_t b = 0; b < est->n_bands; b++)
            years += est->exposure_days[b][t] / 365.25;
        for (size_t j = 0; j < SYNTH_TYPES; j++) {
            const double truth = s->truth.move_rate[k][j];
            const double got = est->move_rate[t][synth_type_index[j]];
            if (truth == 0.0)
                assert_near(got, 0.0, 0.0, 0.0); /* same-type episodes are not moves */
            else
                assert_within("move hazard", got, truth, sqrt(truth / years));
        }
    }
}

/* The model file as written and read back by the loader: each state's exit
 * hazard (the band's multiplier x the type's rate) against the truth, as
 * check_exits does for the estimate. Exposures above the loader's 1,000
 * years of { observed; years; } are written as { mean; sd; }: both forms are
 * read back as the same gamma. */
static void check_written_rates(const synthetic *s)
{
    char path[512];
    snprintf(path, sizeof path, "%s/synthetic.cfg", temp_dir);
    const cc_ssda903_write_options wo = {.source = "synthetic", .log = &s->log};
    write_model_file(path, s->est, &wo);
    cc_scenario *sc = load_model(path);
    const cc_ssda903_estimate *est = s->est;
    check_loaded_rates(sc, est);
    size_t checked = 0, long_exposure = 0;
    for (size_t b = 0; b < SYNTH_BANDS; b++) {
        double band_events = 0.0;
        for (size_t t = 0; t < est->n_types; t++)
            band_events += total_of(est->exits[b][t], SYNTH_ROUTES);
        for (size_t k = 0; k < SYNTH_TYPES; k++) {
            const size_t t = synth_type_index[k];
            for (size_t r = 0; r < SYNTH_ROUTES; r++) {
                const double truth = s->truth.band_multiplier[b] * s->truth.exit_rate[k][r];
                const double got =
                    sc->bands[b].exit_rate_multiplier * sc->placements[t].exit_annual_pct[r].mean;
                long_exposure += b == 0 && est->exit_years[t][r] > 1000.0;
                if (truth == 0.0 || est->exit_shape[t][r] < 30.0)
                    continue;
                assert_within("written exit hazard", got, truth,
                              truth * sqrt(1.0 / est->exit_shape[t][r] + 1.0 / band_events));
                checked++;
            }
        }
    }
    assert_true(checked >= 40);
    assert_true(long_exposure > 0); /* the { mean; sd; } form is exercised */
    cc_scenario_free(sc);
}

static void test_synthetic_rates_recovered(void **state)
{
    (void)state;
    synthetic *s = synthetic_make(7, 600.0);
    largest_z = 0.0;
    check_entries(s);
    check_exits(s);
    check_observed_expected(s);
    check_moves(s);
    check_written_rates(s);
    print_message("every rate within %.2f standard errors of the truth\n", largest_z);
    /* A window asked to start before the returns is cut to their first day
     * (left truncation) and gives the same counts. */
    bool clamped = false;
    cc_ssda903_estimate *early =
        estimate(s->data, s->map, s->truth.sim_start, s->truth.last_day, &clamped);
    assert_true(clamped);
    assert_memory_equal(early->exits, s->est->exits, sizeof early->exits);
    assert_memory_equal(early->exposure_days, s->est->exposure_days, sizeof early->exposure_days);
    assert_near(entries_total(early), entries_total(s->est), 0.0, 0.0);
    free(early);
    synthetic_free(s);
}

/* ---- set-up ---- */

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int make_temp_dir(void **state)
{
    (void)state;
    snprintf(temp_dir, sizeof temp_dir, "/tmp/cc-test-ssda903-XXXXXX");
    return mkdtemp(temp_dir) != NULL ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
    (void)state;
    return nftw(temp_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_both_layouts),
        cmocka_unit_test(test_birthdays_and_financial_years),
        cmocka_unit_test(test_csv_quotes_bom_and_line_numbers),
        cmocka_unit_test(test_mapping_file_matches_default),
        cmocka_unit_test(test_mapping_sections_replace_the_default),
        cmocka_unit_test(test_mapping_errors_cite_the_line),
        cmocka_unit_test(test_sample_matches_the_peers_counts),
        cmocka_unit_test(test_window_errors),
        cmocka_unit_test(test_written_model_loads),
        cmocka_unit_test(test_rates_above_the_loaders_limit_are_capped),
        cmocka_unit_test(test_hazard_to_pct_moments),
        cmocka_unit_test(test_synthetic_counts_are_exact),
        cmocka_unit_test(test_synthetic_rates_recovered),
    };
    return cmocka_run_group_tests(tests, make_temp_dir, remove_temp_dir);
}
