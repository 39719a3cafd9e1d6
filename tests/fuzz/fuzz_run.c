/* libFuzzer target: every set of files the loader accepts (bundle.h) is also
 * run, small: 3 paths over at most 14 months on one thread, then the summary
 * and every writer: monthly and annual CSVs, mtfp.csv, run.json, report.html,
 * the chart data and scripts, and a comparison of the run with itself (CSV,
 * charts, report). Files go to /dev/null, charts to a temporary directory.
 * The sanitizers find the faults; a writer's status is not judged here. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/output.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own state, set once: libFuzzer calls the target with data only. */
static FILE *sink;
static char chart_dir[256];

static void remove_chart_dir(void)
{
    DIR *d = opendir(chart_dir);
    char path[512];
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        snprintf(path, sizeof path, "%s/%s", chart_dir, e->d_name);
        if (e->d_name[0] != '.')
            remove(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(chart_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(chart_dir, sizeof chart_dir, "%s/cc-fuzz-run-XXXXXX", tmp != NULL ? tmp : "/tmp");
    sink = fopen("/dev/null", "w");
    if (sink == NULL || mkdtemp(chart_dir) == NULL)
        abort();
    atexit(remove_chart_dir);
    return 0;
}

static void write_compare(const cc_scenario *sc, const cc_results *res,
                          const cc_run_manifest *manifest)
{
    const cc_compared runs[2] = {{"base", sc, res}, {"same", sc, res}};
    cc_error err;
    cc_chart_set charts = {0};
    (void)cc_compare_write_csv(sink, runs, 2, sc->run.percentiles, sc->run.n_percentiles, &err);
    (void)cc_compare_charts_write(chart_dir, runs, 2, &charts, &err);
    (void)cc_compare_report_write(sink, runs, 2, manifest, chart_dir, &charts, &err);
}

static void write_all(const cc_scenario *sc, const cc_results *res)
{
    cc_error err;
    cc_summary *summary = NULL;
    if (cc_summary_alloc(res, sc->run.percentiles, sc->run.n_percentiles, 1, &summary, &err) !=
        CC_OK)
        return;
    (void)cc_csv_write_summary(sink, res, summary, false, &err);
    (void)cc_csv_write_summary(sink, res, summary, true, &err);
    if (sc->n_initiatives > 0)
        (void)cc_csv_write_mtfp(sink, sc, res, summary, &err);
    const char *overrides[] = {"run.paths=3"};
    const cc_run_manifest manifest = {
        .version = "fuzz", .seed = sc->run.seed, .n_paths = 3, .threads = 1,
        .wall_seconds = 0.0, .rng_name = cc_engine_rng_name(), .n_overrides = 1,
        .overrides = overrides};
    (void)cc_json_write_run(sink, sc, res, &manifest, &err);
    cc_chart_set charts = {0};
    (void)cc_charts_write(chart_dir, sc, res, 1, &charts, &err);
    (void)cc_report_write(sink, sc, res, &manifest, chart_dir, &charts, &err);
    write_compare(sc, res, &manifest);
    cc_summary_free(summary);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_bundle b;
    if (!cc_bundle_parse(data, size, &b))
        return 0;
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    if (cc_scenario_load_from(CC_BUNDLE_SCENARIO, &b.reader, b.overrides, b.n_overrides, &sc,
                              &errors) == CC_OK) {
        if (sc->run.horizon_months > 14)
            sc->run.horizon_months = 14; /* a financial year and its first two months */
        cc_results *res = NULL;
        cc_error err;
        const cc_run_options opts = {.n_paths = 3, .seed = sc->run.seed, .threads = 1};
        if (cc_results_alloc(sc, 3, &res, &err) == CC_OK &&
            cc_engine_run(sc, &opts, res, &err) == CC_OK)
            write_all(sc, res);
        cc_results_free(res);
        cc_scenario_free(sc);
    }
    cc_errlist_destroy(&errors);
    cc_bundle_free(&b);
    return 0;
}
