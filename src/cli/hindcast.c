/* The hindcast command: calibrate as at each origin, simulate, score what
 * happened; write hindcast.csv, charts and report.html, and print the summary
 * (src/hindcast does the work, src/output the files). */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/engine.h"
#include "carecast/hindcast.h"
#include "carecast/output.h"
#include "carecast/version.h"
#include "cli/cli_internal.h"

#define DEFAULT_DIR "results/hindcast"

static bool parse_origins(const char *text, int *first, int *last)
{
    int a = 0, b = 0, used = 0;
    if (sscanf(text, "%4d:%4d%n", &a, &b, &used) == 2 && used == (int)strlen(text) && a > 1900 &&
        b >= a && b < 2200) {
        *first = a;
        *last = b;
        return true;
    }
    if (sscanf(text, "%4d%n", &a, &used) == 1 && used == (int)strlen(text) && a > 1900 &&
        a < 2200) {
        *first = *last = a;
        return true;
    }
    fprintf(stderr, "carecast: error: --origins '%s': give the years of the first and last 31 "
                    "March, e.g. 2019:2023\n",
            text);
    return false;
}

static bool has_override(const cli_options *opts, const char *key)
{
    for (size_t i = 0; i < opts->n_overrides; i++)
        if (strcmp(opts->keys[i], key) == 0)
            return true;
    return false;
}

/* A percentage, or "n/a" where there was nothing to score (a metric without
 * history gives no cases, and a mean of none is NaN). */
static void pct(double x, char *buf, size_t size)
{
    if (isnan(x))
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * x);
}

static void score(double x, char *buf, size_t size)
{
    if (isnan(x))
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%.2f", x);
}

/* One line of the summary: coverage, errors and the interval score. */
static void print_line(const char *label, const cc_score_summary *s)
{
    char mape[16], mdape[16], is[16];
    pct(s->mape, mape, sizeof mape);
    pct(s->mdape, mdape, sizeof mdape);
    score(s->mean_is, is, sizeof is);
    printf("  %-18s %3zu/%-3zu %3zu/%-3zu %7s %7s %6s\n", label, s->inside90, s->n, s->inside50,
           s->n, mape, mdape, is);
}

static void print_summary(const cc_score_summary *all, const cc_score_summary *by_metric)
{
    char mape[16], mdape[16], band_is[16], model_is[16];
    printf("                      in P5-P95 P25-P75    MAPE  median  interval\n"
           "                                                  APE    score\n");
    print_line("model", all);
    pct(all->naive_mape, mape, sizeof mape);
    pct(all->naive_mdape, mdape, sizeof mdape);
    printf("  %-18s                 %7s %7s\n", "no change", mape, mdape);
    score(all->band_mean_is, band_is, sizeof band_is);
    if (all->n_band > 0) {
        score(all->mean_is_band_cases, model_is, sizeof model_is);
        printf("  %-18s %3zu/%-3zu                         %6s  (half-width %.0f%%; "
               "model %s on the same %zu)\n",
               "naive band", all->band_inside90, all->n_band, band_is,
               100.0 * all->band_half_width, model_is, all->n_band);
    } else {
        printf("  %-18s %3zu/%-3zu                         %6s  (no series had an earlier "
               "change)\n",
               "naive band", all->band_inside90, all->n_band, band_is);
    }
    printf("  by metric:\n");
    for (int i = 0; i < CC_HINDCAST_METRICS; i++)
        print_line(cc_history_metric_names[cc_hindcast_fields[i]], &by_metric[i]);
}

static cc_status summarise(const cc_hindcast *h, cc_score_summary *all,
                           cc_score_summary *by_metric, cc_error *err)
{
    cc_status st = cc_hindcast_summarise(h, -1, 1, all, err);
    for (int i = 0; i < CC_HINDCAST_METRICS && st == CC_OK; i++)
        st = cc_hindcast_summarise(h, (int)cc_hindcast_fields[i], 1, &by_metric[i], err);
    return st;
}

typedef struct hindcast_job {
    const cc_scenario *sc;
    const cc_hindcast *h;
    cc_run_manifest *manifest; /* its outputs are filled in before run.json */
    const char *charts_dir;    /* NULL when no pictures */
    cc_chart_set charts;
} hindcast_job;

static cc_status write_charts(const char *dir, void *context, cc_chart_set *out, cc_error *err)
{
    const hindcast_job *job = context;
    return cc_hindcast_charts_write(dir, job->sc, job->h, out, err);
}

static cc_status write_report(FILE *f, const void *context, cc_error *err)
{
    const hindcast_job *job = context;
    return cc_hindcast_report_write(f, job->sc, job->h, job->manifest, job->charts_dir,
                                    &job->charts, err);
}

static cc_status write_csv(FILE *f, const void *context, cc_error *err)
{
    const hindcast_job *job = context;
    return cc_hindcast_write_csv(f, job->h, err);
}

static cc_status write_json(FILE *f, const void *context, cc_error *err)
{
    const hindcast_job *job = context;
    return cc_hindcast_write_json(f, job->sc, job->h, job->manifest, err);
}

/* hindcast.csv, the charts, report.html (which inlines them), then run.json
 * (listing the files, the mark of a complete run), staged in rd and
 * published together. */
static cc_status write_files(cc_rundir *rd, hindcast_job *job, bool no_charts, cc_error *err)
{
    const char *stage = NULL, *charts_dir = NULL;
    bool drawn = false;
    cc_status st = cc_rundir_stage(rd, &stage, &charts_dir, err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "hindcast.csv", write_csv, job, err);
    if (st == CC_OK && !no_charts)
        st = cli_charts(charts_dir, write_charts, job, &job->charts, &drawn, err);
    job->charts_dir = drawn ? charts_dir : NULL;
    if (st == CC_OK)
        st = cc_staged_write(stage, "report.html", write_report, job, err);
    if (st == CC_OK)
        st = cc_rundir_collect(rd, &job->manifest->outputs, &job->manifest->n_outputs, err);
    if (st == CC_OK)
        st = cli_interrupted(err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "run.json", write_json, job, err);
    return st == CC_OK ? cc_rundir_publish(rd, err) : st;
}

int cli_hindcast(const cli_options *opts)
{
    int first = 0, last = 0;
    if (!parse_origins(opts->origins, &first, &last))
        return EXIT_INVALID;
    cc_scenario *sc = NULL;
    if (cli_load(opts->scenario_path, opts, &sc) != EXIT_OK)
        return EXIT_INVALID;
    const char *dir = has_override(opts, "run.output_dir") ? sc->run.output_dir : DEFAULT_DIR;
    const int threads = sc->run.threads > 0 ? sc->run.threads : omp_get_max_threads();
    const cc_hindcast_options ho = {.first_origin = first, .last_origin = last,
                                    .horizon_years = opts->horizon_years,
                                    .n_paths = (size_t)sc->run.paths, .seed = sc->run.seed,
                                    .threads = threads};
    cc_error err = {0};
    cc_hindcast *h = NULL;
    cc_score_summary all, by_metric[CC_HINDCAST_METRICS];
    cc_rundir *rd = NULL;
    cc_status st = cc_rundir_open(dir, cli_interrupt_flag(), &rd, &err);
    if (st == CC_OK)
        st = cc_hindcast_run(sc, &ho, &h, &err);
    if (st == CC_OK)
        st = summarise(h, &all, by_metric, &err);
    if (st == CC_OK) {
        cc_run_manifest manifest = {.version = cc_version(), .seed = ho.seed,
                                    .n_paths = ho.n_paths, .threads = threads,
                                    .rng_name = cc_engine_rng_name()};
        hindcast_job job = {.sc = sc, .h = h, .manifest = &manifest};
        /* From here a signal stops the run cleanly: the folder keeps the earlier run. */
        cli_catch_signals();
        st = write_files(rd, &job, opts->no_charts, &err);
    }
    cc_rundir_free(rd);
    if (st == CC_OK) {
        printf("hindcast of %s: origins 31 March %d to %d, 1 year ahead, %zu paths\n",
               opts->scenario_path, first, last, ho.n_paths);
        print_summary(&all, by_metric);
        if (!opts->quiet)
            fprintf(stderr, "carecast: results in %s/ (hindcast.csv, report.html, %srun.json)\n",
                    dir, opts->no_charts ? "" : "charts/, ");
    } else {
        fprintf(stderr, "carecast: error: %s\n", err.message);
    }
    free(h);
    cc_scenario_free(sc);
    return cli_exit_code(st);
}
