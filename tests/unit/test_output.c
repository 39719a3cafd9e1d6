/* The output module's error paths and file handling: writers handed a stream
 * that cannot be written, the run directory's refusal rules, staged files,
 * and rows the writers must leave out. */
#define _POSIX_C_SOURCE 200809L
#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/output.h"
#include "output/output_internal.h"

static char temp_dir[256];

typedef struct fixture {
    cc_scenario *sc;
    cc_results *res;
    cc_summary *summary;
} fixture;

/* A small MTFP run (initiatives, budgets, targets) summarised for writing. */
static int setup(void **state)
{
    static fixture fx;
    char path[1024];
    const char *src = getenv("CC_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/tests/data/money-cut.cfg", src != NULL ? src : ".");
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_error err = {0};
    const int bad = cc_scenario_load(path, NULL, 0, &fx.sc, &errors) != CC_OK ||
                    cc_results_alloc(fx.sc, 40, &fx.res, &err) != CC_OK;
    cc_errlist_destroy(&errors);
    if (bad)
        return -1;
    cc_run_options ro = {.n_paths = 40, .seed = 5, .threads = 1};
    if (cc_engine_run(fx.sc, &ro, fx.res, &err) != CC_OK ||
        cc_summary_alloc(fx.res, fx.sc->run.percentiles, fx.sc->run.n_percentiles, 1,
                         &fx.summary, &err) != CC_OK)
        return -1;
    snprintf(temp_dir, sizeof temp_dir, "%s/cc-test-output-XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(temp_dir) == NULL)
        return -1;
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    cc_summary_free(fx->summary);
    cc_results_free(fx->res);
    cc_scenario_free(fx->sc);
    char command[512];
    snprintf(command, sizeof command, "rm -rf '%s'", temp_dir);
    return system(command) == 0 ? 0 : -1;
}

/* A stream opened for reading cannot be written: every writer says so. */
static void test_writers_report_io_errors(void **state)
{
    fixture *fx = *state;
    FILE *f = fopen("/dev/null", "r");
    assert_non_null(f);
    cc_error err = {0};
    assert_int_equal(cc_csv_write_summary(f, fx->res, fx->summary, false, &err), CC_ERR_IO);
    clearerr(f);
    assert_int_equal(cc_csv_write_mtfp(f, fx->sc, fx->res, fx->summary, &err), CC_ERR_IO);
    clearerr(f);
    const cc_run_manifest m = {.version = "test", .rng_name = "mt19937"};
    assert_int_equal(cc_json_write_run(f, fx->sc, fx->res, &m, &err), CC_ERR_IO);
    fclose(f);
}

/* run.json hashes every input file: one that has gone is an I/O error naming it. */
static void test_manifest_needs_its_input_files(void **state)
{
    fixture *fx = *state;
    cc_scenario copy = *fx->sc;
    snprintf(copy.files[copy.n_files++], CC_PATH_MAX, "%s/vanished.cfg", temp_dir);
    FILE *f = tmpfile();
    assert_non_null(f);
    cc_error err = {0};
    const cc_run_manifest m = {.version = "test", .rng_name = "mt19937"};
    assert_int_equal(cc_json_write_run(f, &copy, fx->res, &m, &err), CC_ERR_IO);
    assert_non_null(strstr(err.message, "vanished.cfg"));
    fclose(f);
}

/* mtfp.csv needs initiatives and targets. */
static void test_mtfp_needs_targets(void **state)
{
    fixture *fx = *state;
    cc_results plain = *fx->res;
    plain.n_metrics = (size_t)cc_results_metric_index(fx->res, "savings.framework");
    cc_error err = {0};
    FILE *f = tmpfile();
    assert_int_equal(cc_csv_write_mtfp(f, fx->sc, &plain, fx->summary, &err), CC_ERR_INVALID);
    fclose(f);
}

static size_t count_lines_starting(FILE *f, const char *prefix)
{
    char line[1024];
    size_t n = 0;
    rewind(f);
    while (fgets(line, sizeof line, f) != NULL)
        n += strncmp(line, prefix, strlen(prefix)) == 0;
    return n;
}

/* Annual-only metrics stay out of monthly.csv, and years without a budget or
 * target (NaN on every path) stay out of annual.csv. */
static void test_rows_left_out(void **state)
{
    fixture *fx = *state;
    cc_error err = {0};
    FILE *monthly = tmpfile(), *annual = tmpfile();
    assert_int_equal(cc_csv_write_summary(monthly, fx->res, fx->summary, false, &err), CC_OK);
    assert_int_equal(cc_csv_write_summary(annual, fx->res, fx->summary, true, &err), CC_OK);
    assert_int_equal(count_lines_starting(monthly, "budget."), 0);
    assert_int_equal(count_lines_starting(monthly, "cic.total,"), fx->res->n_months);
    /* Two budgeted years, 6 lines (4 + total + placement_lines) x 3 metrics; one year with a
     * target. */
    assert_int_equal(count_lines_starting(annual, "budget."), 2 * 6 * 3);
    assert_int_equal(count_lines_starting(annual, "mtfp.p_meet,"), 1);
    fclose(monthly);
    fclose(annual);
}

/* Numbers in the CSVs read as printf's %.10g writes them, whatever path the writer takes: whole
 * numbers of every size and sign (its own digits below 10^10, an exponent above), fractions,
 * and -0 as 0. */
static void test_csv_numbers_as_printf(void **state)
{
    fixture *fx = *state;
    static const double values[] = {882.0,        -3.0,          9999999999.0, 1e10,
                                    -12345678901.0, 1099511627776.0, 0.5,       -0.0,
                                    893.2745,     -0.06803909102, 7.0,           1e-12};
    const size_t n_values = sizeof values / sizeof values[0];
    const size_t stride = 2 + fx->summary->n_pct;
    /* cic.total's first month: its statistics are replaced. */
    const int k = cc_results_metric_index(fx->res, "cic.total");
    assert_true(k >= 0);
    double *row = fx->summary->monthly + (size_t)k * fx->summary->n_months * stride;
    double saved[2 + CC_MAX_PERCENTILES];
    memcpy(saved, row, stride * sizeof *row);
    for (size_t first = 0; first < n_values; first += stride - 1) {
        for (size_t j = 0; j < stride; j++)
            row[j] = values[(first + j) % n_values];
        row[1] = 0.0; /* the sd: mean_se is sd / sqrt(n) */
        FILE *f = tmpfile();
        cc_error err = {0};
        assert_int_equal(cc_csv_write_summary(f, fx->res, fx->summary, false, &err), CC_OK);
        rewind(f);
        char line[512] = "", want[512], month[16], prefix[64];
        cc_results_month_label(fx->res, 0, month, sizeof month);
        snprintf(prefix, sizeof prefix, "cic.total,%s,", month);
        while (strncmp(line, prefix, strlen(prefix)) != 0)
            assert_non_null(fgets(line, sizeof line, f));
        fclose(f);
        int at = snprintf(want, sizeof want, "cic.total,%s,%.10g,0,0", month,
                          row[0] == 0.0 ? 0.0 : row[0]);
        for (size_t j = 2; j < stride; j++)
            at += snprintf(want + at, sizeof want - (size_t)at, ",%.10g",
                           row[j] == 0.0 ? 0.0 : row[j]);
        snprintf(want + at, sizeof want - (size_t)at, "\n");
        assert_string_equal(line, want);
    }
    memcpy(row, saved, stride * sizeof *row);
}

static void touch(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

/* New nested directories are made; a non-empty one is refused unless it holds
 * an earlier run; a file is not a directory; charts/ must be a real folder. */
static void test_rundir_rules(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_rundir *rd = NULL;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/a/b/c", temp_dir);
    assert_int_equal(cc_rundir_open(dir, NULL, &rd, &err), CC_OK);
    cc_rundir_free(rd);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    snprintf(dir, sizeof dir, "%s/a/b/d", temp_dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    touch(dir, "notes.txt");
    /* A folder the user chose that cannot hold a run: invalid usage (exit 2). */
    assert_int_equal(cc_rundir_open(dir, NULL, &rd, &err), CC_ERR_INVALID);
    assert_null(rd);
    assert_non_null(strstr(err.message, "no run.json"));
    touch(dir, "run.json");
    assert_int_equal(cc_rundir_open(dir, NULL, &rd, &err), CC_OK);
    cc_rundir_free(rd);
    char path[600];
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    assert_int_equal(cc_rundir_open(path, NULL, &rd, &err), CC_ERR_INVALID);
    assert_int_equal(cc_rundir_open("", NULL, &rd, &err), CC_ERR_IO);
    snprintf(path, sizeof path, "%s/charts", dir);
    assert_int_equal(symlink(temp_dir, path), 0);
    assert_int_equal(cc_rundir_open(dir, NULL, &rd, &err), CC_ERR_IO);
    assert_non_null(strstr(err.message, "symbolic link"));
    assert_int_equal(unlink(path), 0);
    touch(dir, "charts");
    assert_int_equal(cc_rundir_open(dir, NULL, &rd, &err), CC_ERR_IO);
    assert_non_null(strstr(err.message, "not a directory"));
}

/* A folder held by one run is refused to another until the first is done. */
static void test_rundir_lock(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_rundir *first = NULL, *second = NULL;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/locked", temp_dir);
    assert_int_equal(cc_rundir_open(dir, NULL, &first, &err), CC_OK);
    assert_int_equal(cc_rundir_open(dir, NULL, &second, &err), CC_ERR_INVALID);
    assert_null(second);
    assert_non_null(strstr(err.message, "in use by another carecast run"));
    cc_rundir_free(first);
    assert_int_equal(cc_rundir_open(dir, NULL, &second, &err), CC_OK);
    cc_rundir_free(second);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static bool has_text(const char *dir, const char *name, const char *text)
{
    char path[1024], line[256] = "";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    const bool found = fgets(line, sizeof line, f) != NULL && strcmp(line, text) == 0;
    fclose(f);
    return found;
}

static bool exists(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* Stages a run of files (charts/ ones included) with a run.json listing
 * them, as a command does; publishes unless cancel is set first. */
static cc_status stage_run(const char *dir, atomic_bool *cancel, const char *const *files,
                           size_t n, const char *text, cc_error *err)
{
    cc_rundir *rd = NULL;
    const char *stage = NULL, *charts = NULL;
    cc_status st = cc_rundir_open(dir, cancel, &rd, err);
    if (st == CC_OK)
        st = cc_rundir_stage(rd, &stage, &charts, err);
    for (size_t i = 0; st == CC_OK && i < n; i++)
        put(stage, files[i], text);
    const char *const *outputs = NULL;
    size_t n_outputs = 0;
    if (st == CC_OK)
        st = cc_rundir_collect(rd, &outputs, &n_outputs, err);
    if (st == CC_OK) {
        char json[2048] = "{\n  \"outputs\": [";
        for (size_t i = 0; i < n_outputs; i++)
            snprintf(json + strlen(json), sizeof json - strlen(json), "%s\n    \"%s\"",
                     i ? "," : "", outputs[i]);
        strcat(json, "\n  ]\n}\n");
        put(stage, "run.json", json);
        st = cc_rundir_publish(rd, err);
    }
    cc_rundir_free(rd);
    return st;
}

/* Publishing replaces the files the earlier run recorded, removes those it
 * recorded that this run does not write, and leaves every other file alone. */
static void test_rundir_publish(void **state)
{
    (void)state;
    cc_error err = {0};
    char dir[512];
    snprintf(dir, sizeof dir, "%s/published", temp_dir);
    const char *const first[] = {"a.csv", "b.csv", "charts/x.dat", "charts/y.dat"};
    assert_int_equal(stage_run(dir, NULL, first, 4, "one\n", &err), CC_OK);
    assert_true(has_text(dir, "a.csv", "one\n") && has_text(dir, "charts/y.dat", "one\n"));
    put(dir, "mine.txt", "user\n");
    put(dir, "charts/board-2019-final.png", "user\n");
    const char *const second[] = {"a.csv", "charts/x.dat"};
    assert_int_equal(stage_run(dir, NULL, second, 2, "two\n", &err), CC_OK);
    assert_true(has_text(dir, "a.csv", "two\n") && has_text(dir, "charts/x.dat", "two\n"));
    assert_false(exists(dir, "b.csv") || exists(dir, "charts/y.dat"));
    assert_true(has_text(dir, "mine.txt", "user\n"));
    assert_true(has_text(dir, "charts/board-2019-final.png", "user\n"));
}

/* A cancel before publishing leaves the earlier run whole and no staging
 * folder behind. */
static void test_rundir_cancel(void **state)
{
    (void)state;
    cc_error err = {0};
    char dir[512];
    snprintf(dir, sizeof dir, "%s/cancelled", temp_dir);
    const char *const files[] = {"a.csv", "charts/x.dat"};
    assert_int_equal(stage_run(dir, NULL, files, 2, "one\n", &err), CC_OK);
    atomic_bool cancel = true;
    assert_int_equal(stage_run(dir, &cancel, files, 2, "two\n", &err), CC_ERR_CANCELLED);
    assert_non_null(strstr(err.message, "interrupted"));
    assert_true(has_text(dir, "a.csv", "one\n") && has_text(dir, "charts/x.dat", "one\n"));
    assert_true(exists(dir, "run.json"));
    char command[1200];
    snprintf(command, sizeof command, "test -z \"$(ls -A '%s' | grep carecast-stage)\"", dir);
    assert_int_equal(system(command), 0);
}

/* A staged file appears under its name only when published; a discarded one
 * leaves nothing behind. */
static void test_staged_files(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_staged_file sf;
    char final_path[512];
    snprintf(final_path, sizeof final_path, "%s/out.csv", temp_dir);
    assert_int_equal(cc_staged_open(temp_dir, "out.csv", &sf, &err), CC_OK);
    fputs("a,b\n", sf.f);
    assert_int_equal(cc_staged_close(&sf, &err), CC_OK);
    assert_int_not_equal(access(final_path, F_OK), 0);
    assert_int_equal(cc_staged_publish(&sf, &err), CC_OK);
    assert_int_equal(access(final_path, F_OK), 0);

    char tmp_path[sizeof sf.tmp_path];
    assert_int_equal(cc_staged_open(temp_dir, "gone.csv", &sf, &err), CC_OK);
    snprintf(tmp_path, sizeof tmp_path, "%s", sf.tmp_path);
    fputs("x\n", sf.f);
    cc_staged_discard(&sf);
    assert_int_not_equal(access(tmp_path, F_OK), 0);
    snprintf(final_path, sizeof final_path, "%s/gone.csv", temp_dir);
    assert_int_not_equal(access(final_path, F_OK), 0);

    char missing[512];
    snprintf(missing, sizeof missing, "%s/no/such/dir", temp_dir);
    assert_int_equal(cc_staged_open(missing, "x.csv", &sf, &err), CC_ERR_IO);
}

/* A result block too large to address is refused, not allocated. */
static void test_results_too_large(void **state)
{
    fixture *fx = *state;
    cc_results *res = NULL;
    cc_error err = {0};
    assert_int_equal(cc_results_alloc(fx->sc, (size_t)-1 / 2, &res, &err), CC_ERR_INVALID);
    assert_null(res);
    assert_int_equal(cc_results_alloc(fx->sc, 0, &res, &err), CC_ERR_INVALID);
    assert_null(res);
}

/* Text becomes one gnuplot string literal that expands nothing: single-quoted
 * in scripts (' doubled), double-quoted in data (" shown as ', \ doubled);
 * control characters become spaces, so no line ends inside. */
static void test_gnuplot_quote(void **state)
{
    (void)state;
    char buf[256];
    cc_gnuplot_quote("a`touch x`\";system(\"y\");\"\\b", CC_GNUPLOT_SCRIPT, buf, sizeof buf);
    assert_string_equal(buf, "'a`touch x`\";system(\"y\");\"\\b'");
    cc_gnuplot_quote("it's", CC_GNUPLOT_SCRIPT, buf, sizeof buf);
    assert_string_equal(buf, "'it''s'");
    cc_gnuplot_quote("a\nsystem('z')\r\x7f#c", CC_GNUPLOT_SCRIPT, buf, sizeof buf);
    assert_string_equal(buf, "'a system(''z'')  #c'");
    assert_int_equal(cc_gnuplot_quote("say \"hi\"\\n", CC_GNUPLOT_DATA, buf, sizeof buf), 13);
    assert_string_equal(buf, "\"say 'hi'\\\\n\"");
    cc_gnuplot_quote("a \n\t b", CC_GNUPLOT_DATA, buf, sizeof buf);
    assert_string_equal(buf, "\"a b\"");
    cc_gnuplot_quote("", CC_GNUPLOT_SCRIPT, buf, sizeof buf);
    assert_string_equal(buf, "''");
}

/* Text cut to fit still ends with its quote, never inside a doubled quote or
 * a UTF-8 character. */
static void test_gnuplot_quote_cut(void **state)
{
    (void)state;
    char buf[8];
    assert_int_equal(cc_gnuplot_quote("abcdefghij", CC_GNUPLOT_SCRIPT, buf, sizeof buf), 7);
    assert_string_equal(buf, "'abcde'");
    cc_gnuplot_quote("abcd'ef", CC_GNUPLOT_SCRIPT, buf, sizeof buf);
    assert_string_equal(buf, "'abcd'");
    cc_gnuplot_quote("abc\xc2\xa3xy", CC_GNUPLOT_SCRIPT, buf, sizeof buf); /* "abc£xy" */
    assert_string_equal(buf, "'abc\xc2\xa3'");
    cc_gnuplot_quote("abcd\xc2\xa3x", CC_GNUPLOT_SCRIPT, buf, sizeof buf);
    assert_string_equal(buf, "'abcd'");
    cc_gnuplot_quote("abcde\xe2\x80\x93", CC_GNUPLOT_DATA, buf, sizeof buf); /* en dash */
    assert_string_equal(buf, "\"abcde\"");
    assert_int_equal(cc_gnuplot_quote("x", CC_GNUPLOT_SCRIPT, buf, 2), 0);
    assert_string_equal(buf, "");
}

/* Reads back what a writer put in a temporary file. */
static const char *contents(FILE *f, char *buf, size_t size)
{
    rewind(f);
    const size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    return buf;
}

/* HTML text and attributes escape & < > " ' and nothing else. */
static void test_html_escaping(void **state)
{
    (void)state;
    char buf[256];
    FILE *f = tmpfile();
    assert_non_null(f);
    cc_html_text(f, "a\"><img src=x onerror='alert(1)'>&b £");
    assert_string_equal(contents(f, buf, sizeof buf),
                        "a&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;b £");
    fclose(f);
    f = tmpfile();
    cc_html_attr(f, "data-scenario", "x\" onmouseover=\"y");
    assert_string_equal(contents(f, buf, sizeof buf),
                        " data-scenario=\"x&quot; onmouseover=&quot;y\"");
    fclose(f);
}

/* CSV fields are quoted only when they must be, with " doubled. */
static void test_csv_field(void **state)
{
    (void)state;
    char buf[256];
    FILE *f = tmpfile();
    assert_non_null(f);
    cc_csv_field(f, "plain-name");
    fputc('|', f);
    cc_csv_field(f, "a,b");
    fputc('|', f);
    cc_csv_field(f, "say \"hi\"\nthere");
    assert_string_equal(contents(f, buf, sizeof buf),
                        "plain-name|\"a,b\"|\"say \"\"hi\"\"\nthere\"");
    fclose(f);
}

/* A chance is never rounded to a certainty: only exactly 0 and 1 print as 0%
 * and 100%; 0.9975 is ">99%" and 0.004 is "<1%" (issue 10). */
static void test_percent_never_rounds_to_certainty(void **state)
{
    (void)state;
    static const struct {
        double share;
        const char *text;
    } cases[] = {{0.0, "0%"},    {1.0, "100%"},  {0.9975, ">99%"}, {0.995, ">99%"},
                 {0.994, "99%"}, {0.004, "<1%"}, {0.006, "1%"},    {1e-9, "<1%"},
                 {0.386, "39%"}, {0.27, "27%"},  {-0.0, "0%"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[16];
        cc_format_percent(cases[i].share, buf, sizeof buf);
        if (strcmp(buf, cases[i].text) != 0)
            fail_msg("%.10g printed \"%s\", expected \"%s\"", cases[i].share, buf,
                     cases[i].text);
    }
}


/* Every metric of the metrics of sc has words, a unit, and no '_' left. */
static void check_metric_words(const cc_scenario *sc)
{
    cc_results *res = NULL;
    cc_error err = {0};
    assert_int_equal(cc_results_alloc(sc, 1, &res, &err), CC_OK);
    for (size_t k = 0; k < res->n_metrics; k++) {
        cc_metric_info info;
        const char *name = res->metrics[k].name;
        if (!cc_metric_describe(sc, name, &info))
            fail_msg("%s: no words for metric %s", sc->files[0], name);
        assert_true(info.label[0] != '\0' && info.unit != NULL && info.unit[0] != '\0');
        if (strchr(info.label, '_') != NULL)
            fail_msg("metric %s: label \"%s\"", name, info.label);
    }
    cc_results_free(res);
}

/* Every metric of a run has words and a unit (the workbook and the report
 * show them): money-cut has budgets and initiatives, money-extras allowances,
 * other costs and contributions, and the shipped scenarios the workforce of
 * both Sandwell models (ASYE, leavers and hires, KPIs), assessments and
 * carers over 60. A metric family added without words fails. */
static void test_every_metric_has_words(void **state)
{
    const fixture *fx = *state;
    const char *src = getenv("CC_SOURCE_DIR");
    static const char *const files[] = {"tests/data/money-extras.cfg", "scenarios/mtfp-2019.cfg",
                                        "scenarios/sufficiency-carers.cfg",
                                        "scenarios/backtest-2018-19.cfg"};
    check_metric_words(fx->sc);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", src != NULL ? src : ".", files[i]);
        cc_errlist errors;
        cc_errlist_init(&errors);
        cc_scenario *sc = NULL;
        if (cc_scenario_load(path, NULL, 0, &sc, &errors) != CC_OK)
            fail_msg("%s: %s", path, errors.count > 0 ? errors.messages[0] : "cannot load");
        cc_errlist_destroy(&errors);
        check_metric_words(sc);
        cc_scenario_free(sc);
    }
    /* A placement type's own label (the test models give none: one is set
     * here), else its name in words; money and chances by kind. */
    cc_placement *pl = &fx->sc->placements[0];
    char metric[CC_METRIC_NAME_MAX + 32];
    cc_metric_info info;
    snprintf(metric, sizeof metric, "cost.placement.%s", pl->name);
    assert_true(cc_metric_describe(fx->sc, metric, &info));
    assert_string_equal(info.label, "Placement spend: In house");
    char saved[CC_TEXT_MAX];
    snprintf(saved, sizeof saved, "%s", pl->label);
    snprintf(pl->label, sizeof pl->label, "In-house fostering");
    assert_true(cc_metric_describe(fx->sc, metric, &info));
    assert_string_equal(info.label, "Placement spend: In-house fostering");
    snprintf(pl->label, sizeof pl->label, "%s", saved);
    assert_int_equal(info.kind, CC_VALUE_MONEY);
    assert_string_equal(info.unit, "£");
    assert_true(cc_metric_describe(NULL, "budget.total.p_over", &info));
    assert_int_equal(info.kind, CC_VALUE_CHANCE);
    assert_true(cc_metric_describe(NULL, "fte.need.care_management", &info));
    assert_string_equal(info.label, "Social workers needed: Care management (CIN and CP plans)");
    assert_false(cc_metric_describe(NULL, "made_up.metric_name", &info));
    assert_string_equal(info.label, "Made up metric name");
}

static void test_format_gbp(void **state)
{
    (void)state;
    static const struct {
        double gbp;
        const char *text;
    } cases[] = {{7334781.0, "£7,334,781"}, {-2500000.0, "-£2,500,000"}, {999.4, "£999"},
                 {1000.0, "£1,000"},        {0.0, "£0"},                 {-0.2, "£0"},
                 {123456789.6, "£123,456,790"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        cc_format_gbp(cases[i].gbp, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
}

/* paths-annual.bin reads back exactly what was written; a cut or foreign
 * file is refused, never read short. */
static void test_paths_file_round_trip(void **state)
{
    const fixture *fx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/paths-annual.bin", temp_dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    cc_error err = {0};
    assert_int_equal(cc_paths_write(f, fx->res, &err), CC_OK);
    assert_int_equal(fclose(f), 0);
    cc_results *back = NULL;
    assert_int_equal(cc_paths_read(path, &back, &err), CC_OK);
    assert_int_equal(back->n_paths, fx->res->n_paths);
    assert_int_equal(back->n_years, fx->res->n_years);
    assert_int_equal(back->n_metrics, fx->res->n_metrics);
    assert_int_equal(back->first_fin_year, fx->res->first_fin_year);
    assert_int_equal(back->n_months, 0);
    for (size_t k = 0; k < back->n_metrics; k++) {
        assert_string_equal(back->metrics[k].name, fx->res->metrics[k].name);
        for (size_t y = 0; y < back->n_years; y++)
            assert_memory_equal(cc_results_annual(back, k, y), cc_results_annual(fx->res, k, y),
                                back->n_paths * sizeof(float));
    }
    cc_results_free(back);
    /* Cut short by one byte: refused as damaged. */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(truncate(path, st.st_size - 1), 0);
    back = NULL;
    assert_int_equal(cc_paths_read(path, &back, &err), CC_ERR_INVALID);
    assert_null(back);
    assert_non_null(strstr(err.message, "damaged"));
    /* Another file, and none at all. */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("metric,period,mean\n", f);
    fclose(f);
    assert_int_equal(cc_paths_read(path, &back, &err), CC_ERR_INVALID);
    remove(path);
    assert_int_equal(cc_paths_read(path, &back, &err), CC_ERR_IO);
}

/* Sources in the words of docs/sources.md: no "seed 000", no bare line
 * numbers, "§N" as the calibration notes; every source of the shipped models. */
static void test_sources_in_words(void **state)
{
    (void)state;
    static const struct {
        const char *source, *words;
    } cases[] = {
        {"seed 000 L374, held flat (\xc2\xa7" "11.1)",
         "Sandwell Children's Trust Annual Review 2018/19 (Scrutiny Board papers, 23 September "
         "2019) section \"Financial Context\", held flat (calibration notes \xc2\xa7" "11.1)"},
        {"seed 000 \xc2\xa7" "3.3 [derived] \xc2\xa3" "734 2018/19 +3%",
         "Sandwell Children's Trust Annual Review 2018/19 (Scrutiny Board papers, 23 September "
         "2019) derived: \xc2\xa3" "734 2018/19 +3%"},
        {"765 looked after (003:L535)",
         "765 looked after (section Safeguarding Children Board Annual Report 2017-18)"},
        {"assumption (seed 004 L329)",
         "assumption (Sandwell Children's Trust Strategic Improvement Plan 2019-2022 section "
         "\"Why are we focused on this?\")"},
        {"stocks (flows file)", "stocks (Sandwell Children's Trust Annual Review 2023-24)"},
        {"a model of our own, L9999 of nothing", "a model of our own, L9999 of nothing"},
        /* Two lines of one part, a comma apart, name it once; of two parts, both. */
        {"seed 000 L692, L696-L697; \xc2\xa7" "12.1",
         "Sandwell Children's Trust Annual Review 2018/19 (Scrutiny Board papers, 23 September "
         "2019) section \"Independent Fostering Agency (IFA)\" and foster placements; "
         "calibration notes \xc2\xa7" "12.1"},
        {"seed 000 L692, L1028",
         "Sandwell Children's Trust Annual Review 2018/19 (Scrutiny Board papers, 23 September "
         "2019) section \"Independent Fostering Agency (IFA)\" and foster placements, section "
         "(c), performance against the Performance Targets (PI1-PI15)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[512];
        cc_source_in_words(cases[i].source, out, sizeof out);
        assert_string_equal(out, cases[i].words);
    }
    const char *src = getenv("CC_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/mtfp-2019.cfg", src != NULL ? src : ".");
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    assert_int_equal(cc_scenario_load(path, NULL, 0, &sc, &errors), CC_OK);
    cc_errlist_destroy(&errors);
    assert_true(sc->n_assumptions > 20);
    for (size_t i = 0; i < sc->n_assumptions; i++) {
        char out[1024];
        cc_source_in_words(sc->assumptions[i].source, out, sizeof out);
        if (strstr(out, "seed 0") != NULL || strstr(out, "flows file") != NULL)
            fail_msg("source of \"%s\" still cites a short name: %s", sc->assumptions[i].label, out);
        for (const char *l = strchr(out, 'L'); l != NULL; l = strchr(l + 1, 'L'))
            if (l[1] >= '0' && l[1] <= '9' && (l == out || l[-1] == ' ' || l[-1] == '(' || l[-1] == ','))
                fail_msg("source of \"%s\" keeps a line number: %s", sc->assumptions[i].label, out);
    }
    cc_scenario_free(sc);
}

/* ---- the placement mix's colours ----
 * Every placement type has its own colour, and any two are far apart by CIEDE2000 (Sharma, Wu
 * and Dalal 2005) in normal vision and in deuteranopia and protanopia as Machado, Oliveira and
 * Fernandes (2009, severity 1) simulate them. The viridis steps it used before were 9 apart at
 * worst (in-house residential and placed for adoption 11), 3 for a protanope. */

typedef struct lab {
    double l, a, b;
} lab;

static double srgb_to_linear(unsigned v)
{
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
}

/* CIELAB (D65) of an sRGB colour "#RRGGBB" as seen through cvd (a linear-RGB matrix, or NULL
 * for normal vision). */
static lab lab_of(const char *hex, const double (*cvd)[3])
{
    unsigned v[3];
    assert_int_equal(sscanf(hex, "#%2x%2x%2x", &v[0], &v[1], &v[2]), 3);
    double rgb[3], seen[3];
    for (int i = 0; i < 3; i++)
        rgb[i] = srgb_to_linear(v[i]);
    for (int i = 0; i < 3; i++)
        seen[i] = cvd == NULL ? rgb[i]
                              : fmin(1.0, fmax(0.0, cvd[i][0] * rgb[0] + cvd[i][1] * rgb[1] +
                                                        cvd[i][2] * rgb[2]));
    const double x = (0.4124564 * seen[0] + 0.3575761 * seen[1] + 0.1804375 * seen[2]) / 0.95047;
    const double y = 0.2126729 * seen[0] + 0.7151522 * seen[1] + 0.0721750 * seen[2];
    const double z = (0.0193339 * seen[0] + 0.1191920 * seen[1] + 0.9503041 * seen[2]) / 1.08883;
    return (lab){116.0 * lab_f(y) - 16.0, 500.0 * (lab_f(x) - lab_f(y)),
                 200.0 * (lab_f(y) - lab_f(z))};
}

static double deg(double radians)
{
    return radians * 180.0 / 3.14159265358979323846;
}

static double rad(double degrees)
{
    return degrees * 3.14159265358979323846 / 180.0;
}

/* CIEDE2000 colour difference (kL = kC = kH = 1). */
static double ciede2000(lab p, lab q)
{
    const double cbar = (hypot(p.a, p.b) + hypot(q.a, q.b)) / 2.0, c7 = pow(cbar, 7.0);
    const double g = 0.5 * (1.0 - sqrt(c7 / (c7 + pow(25.0, 7.0))));
    const double a1 = (1.0 + g) * p.a, a2 = (1.0 + g) * q.a;
    const double c1 = hypot(a1, p.b), c2 = hypot(a2, q.b);
    const double h1 = fmod(deg(atan2(p.b, a1)) + 360.0, 360.0);
    const double h2 = fmod(deg(atan2(q.b, a2)) + 360.0, 360.0);
    double dh = c1 * c2 == 0.0 ? 0.0 : h2 - h1;
    dh += dh > 180.0 ? -360.0 : (dh < -180.0 ? 360.0 : 0.0);
    const double d_hue = 2.0 * sqrt(c1 * c2) * sin(rad(dh / 2.0));
    double hbar = h1 + h2;
    if (c1 * c2 != 0.0)
        hbar = fabs(h1 - h2) <= 180.0 ? hbar / 2.0
                                      : (hbar < 360.0 ? hbar + 360.0 : hbar - 360.0) / 2.0;
    const double t = 1.0 - 0.17 * cos(rad(hbar - 30.0)) + 0.24 * cos(rad(2.0 * hbar)) +
                     0.32 * cos(rad(3.0 * hbar + 6.0)) - 0.20 * cos(rad(4.0 * hbar - 63.0));
    const double lbar = (p.l + q.l) / 2.0 - 50.0, cbar2 = (c1 + c2) / 2.0, cb7 = pow(cbar2, 7.0);
    const double sl = 1.0 + 0.015 * lbar * lbar / sqrt(20.0 + lbar * lbar);
    const double sc = 1.0 + 0.045 * cbar2, sh = 1.0 + 0.015 * cbar2 * t;
    const double rt = -sin(rad(60.0 * exp(-pow((hbar - 275.0) / 25.0, 2.0)))) * 2.0 *
                      sqrt(cb7 / (cb7 + pow(25.0, 7.0)));
    const double dl = (q.l - p.l) / sl, dc = (c2 - c1) / sc, dhh = d_hue / sh;
    return sqrt(dl * dl + dc * dc + dhh * dhh + rt * dc * dhh);
}

/* Known answers: pairs 1, 7 and 17 of Sharma, Wu and Dalal's test data. */
static void test_ciede2000_known_answers(void **state)
{
    (void)state;
    assert_true(fabs(ciede2000((lab){50, 2.6772, -79.7751}, (lab){50, 0, -82.7485}) - 2.0425) <
                1e-4);
    assert_true(fabs(ciede2000((lab){50, 0, 0}, (lab){50, -1, 2}) - 2.3669) < 1e-4);
    assert_true(fabs(ciede2000((lab){50, 2.5, 0}, (lab){73, 25, -18}) - 27.1492) < 1e-4);
    /* sRGB to CIELAB: white, and pure red (L 53.24, a 80.09, b 67.20). */
    const lab white = lab_of("#FFFFFF", NULL), red = lab_of("#FF0000", NULL);
    assert_true(fabs(white.l - 100.0) < 0.01 && fabs(white.a) < 0.01 && fabs(white.b) < 0.01);
    assert_true(fabs(red.l - 53.24) < 0.05 && fabs(red.a - 80.09) < 0.05 &&
                fabs(red.b - 67.20) < 0.05);
}

static const double deuteranopia[3][3] = {{0.367322, 0.860646, -0.227968},
                                          {0.280085, 0.672501, 0.047413},
                                          {-0.011820, 0.042940, 0.968881}};
static const double protanopia[3][3] = {{0.152286, 1.052583, -0.204868},
                                        {0.114503, 0.786281, 0.099216},
                                        {-0.003882, -0.048116, 1.051998}};

/* The smallest difference between any two of colours[0..n) seen through cvd. */
static double closest_pair(char colours[][8], size_t n, const double (*cvd)[3])
{
    double closest = INFINITY;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            closest = fmin(closest, ciede2000(lab_of(colours[i], cvd), lab_of(colours[j], cvd)));
    return closest;
}

/* plots/placement_mix.gp (as carecast holds it) gives type i the colour mix[i]: a colour for
 * each of CC_MAX_PLACEMENTS types, any two of the first 11 (the Sandwell model's types) at
 * least 18 apart in normal vision and 10 for a deuteranope or a protanope, any two of all at
 * least 6 apart for each. */
static void test_placement_mix_colours_apart(void **state)
{
    (void)state;
    const char *gp = cc_plot_template("placement_mix");
    assert_non_null(gp);
    assert_non_null(strstr(gp, "fc rgb mix[i] "));
    const char *array = strstr(gp, "array mix[");
    assert_non_null(array);
    size_t n = 0;
    assert_int_equal(sscanf(array, "array mix[%zu]", &n), 1);
    assert_true(n >= CC_MAX_PLACEMENTS);
    char colours[CC_MAX_PLACEMENTS][8];
    const char *at = strchr(array, '=');
    for (size_t i = 0; i < CC_MAX_PLACEMENTS; i++) {
        at = strchr(at, '#');
        assert_non_null(at);
        assert_int_equal(strspn(at + 1, "0123456789abcdefABCDEF"), 6);
        snprintf(colours[i], sizeof colours[i], "%.7s", at);
        at += 7;
    }
    const double (*views[])[3] = {NULL, deuteranopia, protanopia};
    for (size_t v = 0; v < 3; v++) {
        const double first = closest_pair(colours, 11, views[v]);
        const double all = closest_pair(colours, CC_MAX_PLACEMENTS, views[v]);
        if (!(first >= (v == 0 ? 18.0 : 10.0) && all >= 6.0))
            fail_msg("view %zu: the first 11 colours %.1f apart, all %d %.1f", v, first,
                     CC_MAX_PLACEMENTS, all);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writers_report_io_errors),
        cmocka_unit_test(test_manifest_needs_its_input_files),
        cmocka_unit_test(test_mtfp_needs_targets),
        cmocka_unit_test(test_rows_left_out),
        cmocka_unit_test(test_csv_numbers_as_printf),
        cmocka_unit_test(test_rundir_rules),
        cmocka_unit_test(test_rundir_lock),
        cmocka_unit_test(test_rundir_publish),
        cmocka_unit_test(test_rundir_cancel),
        cmocka_unit_test(test_staged_files),
        cmocka_unit_test(test_results_too_large),
        cmocka_unit_test(test_gnuplot_quote),
        cmocka_unit_test(test_gnuplot_quote_cut),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_percent_never_rounds_to_certainty),
        cmocka_unit_test(test_every_metric_has_words),
        cmocka_unit_test(test_format_gbp),
        cmocka_unit_test(test_paths_file_round_trip),
        cmocka_unit_test(test_sources_in_words),
        cmocka_unit_test(test_ciede2000_known_answers),
        cmocka_unit_test(test_placement_mix_colours_apart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
