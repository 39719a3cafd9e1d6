/* The carecast program: wires config, engine and output together. The only
 * code that prints, reads the clock or the terminal, and chooses exit codes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <omp.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/output.h"
#include "carecast/stream.h"
#include "carecast/version.h"
#include "cli/args.h"
#include "cli/cli_internal.h"


static int usage_error(const char *message)
{
    fprintf(stderr, "carecast: error: %s\nTry 'carecast help'.\n", message);
    return EXIT_INVALID;
}

/* " from 2019-10" or " from 2019-10 to 2020-03" (the last month in force). */
static void print_dates(const cc_scenario *sc, int start, int end, bool always)
{
    const int first = sc->start_year * 12 + sc->start_month - 1;
    if (always || start > 0 || end > 0)
        printf(" from %d-%02d", (first + start) / 12, (first + start) % 12 + 1);
    if (end > 0)
        printf(" to %d-%02d", (first + end - 1) / 12, (first + end - 1) % 12 + 1);
}

static int cmd_validate(const cli_options *opts)
{
    cc_scenario *sc = NULL;
    if (cli_load(opts->scenario_path, opts, &sc) != EXIT_OK)
        return EXIT_INVALID;
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    printf("%s: valid\n", opts->scenario_path);
    printf("  scenario:  %s\n", sc->run.name);
    printf("  model:     %s\n", sc->model_name);
    printf("  start:     %s %d, horizon %d months, %d paths, seed %lu\n",
           months[sc->start_month - 1], sc->start_year, sc->run.horizon_months, sc->run.paths,
           sc->run.seed);
    printf("  children in care at start: %d\n", cc_scenario_start_cic(sc));
    if (sc->calibration.present)
        printf("  calibrated as at %04d-%02d-%02d (a calibration section applies over the model)\n",
               sc->calibration.as_at_year, sc->calibration.as_at_month, sc->calibration.as_at_day);
    for (size_t p = 0; p < sc->n_placements; p++)
        printf("    %-24s %6d\n", sc->placements[p].name, sc->placements[p].start_children);
    printf("  levers:    ");
    if (sc->levers.n_set == 0)
        printf("none (today's policies)");
    for (size_t i = 0; i < sc->levers.n_set; i++)
        printf("%s%s", i ? ", " : "", sc->levers.set_names[i]);
    if (sc->levers.n_set > 0)
        print_dates(sc, sc->levers.start_month_index, sc->levers.end_month_index, false);
    printf("\n  initiatives: ");
    if (sc->n_initiatives == 0)
        printf("none");
    else
        printf("%zu", sc->n_initiatives);
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *in = &sc->initiatives[i];
        printf("\n    %-26s %-16s", in->name, cc_effect_name(in->kind));
        print_dates(sc, in->start_month_index, in->end_month_index, true);
        printf(", %.0f%% likely to deliver", 100.0 * in->delivery_probability);
    }
    printf("\n  files:     ");
    for (size_t i = 0; i < sc->n_files; i++)
        printf("%s%s", i ? ", " : "", sc->files[i]);
    printf("\n");
    cc_scenario_free(sc);
    return EXIT_OK;
}

/* ---- progress ---- */

/* ---- run ---- */

enum {
    FILE_MONTHLY,
    FILE_ANNUAL,
    FILE_MTFP,
    FILE_BUDGET,
    FILE_WORKBOOK,
    FILE_PATHS,
    FILE_REPORT,
    FILE_RUN,
    N_FILES
};

/* budget.csv: the budget-monitoring table. */
static cc_status write_budget_csv(FILE *f, const cc_scenario *sc, const cc_results *res,
                                  cc_error *err)
{
    cc_budget_row *rows = NULL;
    size_t n = 0;
    cc_status st = cc_budget_rows(sc, res, &rows, &n, err);
    if (st == CC_OK)
        st = cc_budget_write_csv(f, rows, n, err);
    free(rows);
    return st;
}

typedef struct run_charts {
    const cc_scenario *sc;
    const cc_results *res;
    int threads;
} run_charts;

static cc_status write_run_charts(const char *dir, void *context, cc_chart_set *out,
                                  cc_error *err)
{
    const run_charts *c = context;
    return cc_charts_write(dir, c->sc, c->res, c->threads, out, err);
}

/* What the writers of a run's files need. */
typedef struct run_files {
    int which; /* FILE_* */
    const cc_scenario *sc;
    const cc_results *res;
    const cc_summary *summary;
    const cc_run_manifest *manifest;
    const char *charts_dir; /* NULL when no pictures were drawn */
    const cc_chart_set *charts;
} run_files;

static cc_status write_run_file(FILE *f, const void *context, cc_error *err)
{
    const run_files *c = context;
    if (c->which == FILE_RUN)
        return cc_json_write_run(f, c->sc, c->res, c->manifest, err);
    if (c->which == FILE_REPORT)
        return cc_report_write(f, c->sc, c->res, c->manifest, c->charts_dir, c->charts, err);
    if (c->which == FILE_MTFP)
        return cc_csv_write_mtfp(f, c->sc, c->res, c->summary, err);
    if (c->which == FILE_PATHS)
        return cc_paths_write(f, c->res, err);
    if (c->which == FILE_BUDGET)
        return write_budget_csv(f, c->sc, c->res, err);
    return cc_csv_write_summary(f, c->res, c->summary, c->which == FILE_ANNUAL, err);
}

/* carecast.xlsx: libxlsxwriter writes it by name. */
static cc_status write_workbook(const char *path, const void *context, cc_error *err)
{
    const run_files *c = context;
    return cc_workbook_write(path, c->sc, c->res, c->summary, c->manifest, err);
}

/* The workbook, written on a thread of its own while the CSVs, the paths and the report are:
 * libxlsxwriter spends about 0.1 s compressing it, a third of a small run's writing. */
typedef struct workbook_job {
    const char *stage;
    run_files file;
    pthread_t thread;
    bool started;
    cc_status st;
    cc_error err;
} workbook_job;

static void *workbook_thread(void *arg)
{
    workbook_job *job = arg;
    job->st = cc_staged_write_path(job->stage, "carecast.xlsx", write_workbook, &job->file,
                                   &job->err);
    return NULL;
}

/* Starts the workbook's thread, or (no thread to be had) writes it here and now. */
static cc_status workbook_start(workbook_job *job, const char *stage, const cc_scenario *sc,
                                const cc_results *res, const cc_summary *summary,
                                const cc_run_manifest *manifest, cc_error *err)
{
    *job = (workbook_job){.stage = stage,
                          .file = {FILE_WORKBOOK, sc, res, summary, manifest, NULL, NULL}};
    job->started = pthread_create(&job->thread, NULL, workbook_thread, job) == 0;
    if (job->started)
        return CC_OK;
    return cc_staged_write_path(stage, "carecast.xlsx", write_workbook, &job->file, err);
}

/* Waits for the workbook; its error, if any, unless st already holds one. */
static cc_status workbook_finish(workbook_job *job, cc_status st, cc_error *err)
{
    if (!job->started)
        return st;
    pthread_join(job->thread, NULL);
    job->started = false;
    if (st == CC_OK && job->st != CC_OK) {
        *err = job->err;
        st = job->st;
    }
    return st;
}

/* Writes every output of a run into rd's staging folder: the charts' data and scripts, then
 * (while gnuplot draws them, if draw, and while the workbook is written on its own thread) the
 * CSVs and the paths, then report.html (which inlines the drawn charts) and run.json listing
 * them all; then publishes them together. */
static cc_status write_outputs(cc_rundir *rd, const cc_scenario *sc, const cc_results *res,
                               const cc_summary *summary, cc_run_manifest *manifest, bool draw,
                               bool chatty, cli_timings *tm, cc_error *err)
{
    static const char *const names[N_FILES] = {"monthly.csv", "annual.csv",       "mtfp.csv",
                                               "budget.csv",  "carecast.xlsx",    "paths-annual.bin",
                                               "report.html", "run.json"};
    const bool has_mtfp = cc_results_metric_index(res, "mtfp.p_meet") >= 0;
    const char *stage = NULL, *charts_dir = NULL;
    const bool has_budget = sc->finance.n_budget_lines > 0;
    cc_chart_set charts = {0};
    cli_drawing *drawing = draw ? malloc(sizeof *drawing) : NULL;
    bool drawn = false;
    cc_status st = draw && drawing == NULL ? cc_error_set(err, CC_ERR_NOMEM, "out of memory")
                                           : cc_rundir_stage(rd, &stage, &charts_dir, err);
    if (st == CC_OK && draw) {
        cli_say(chatty, NULL, "drawing the charts...");
        run_charts context = {sc, res, manifest->threads};
        st = cli_charts_start(charts_dir, write_run_charts, &context, &charts, drawing, err);
        cli_timings_mark(tm, "charts-data");
    }
    workbook_job workbook = {0};
    if (st == CC_OK) {
        cli_say(chatty, NULL, "writing the workbook (carecast.xlsx)...");
        st = workbook_start(&workbook, stage, sc, res, summary, manifest, err);
    }
    for (int i = 0; i < N_FILES; i++) {
        /* The report inlines the charts: they must be drawn by now, whatever happened. */
        if (i == FILE_REPORT && drawing != NULL) {
            drawn = cli_draw_finish(drawing) > 0;
            cli_timings_mark(tm, "charts-wait");
        }
        /* A run summarised as it ran (bounded memory) kept no path's values. */
        if (st != CC_OK || (i == FILE_MTFP && !has_mtfp) || (i == FILE_BUDGET && !has_budget) ||
            (i == FILE_PATHS && !cc_results_stored(res)))
            continue;
        if (i == FILE_WORKBOOK) /* written by its own thread */
            continue;
        if (i == FILE_RUN) { /* run.json lists every file: the workbook must be there */
            st = workbook_finish(&workbook, st, err);
            cli_timings_mark(tm, "workbook-wait");
        }
        if (i == FILE_RUN && st == CC_OK)
            st = cc_rundir_collect(rd, &manifest->outputs, &manifest->n_outputs, err);
        if (st == CC_OK)
            st = cli_interrupted(err);
        const run_files file = {i, sc, res, summary, manifest, drawn ? charts_dir : NULL, &charts};
        if (st == CC_OK)
            st = cc_staged_write(stage, names[i], write_run_file, &file, err);
        cli_timings_mark(tm, names[i]);
    }
    st = workbook_finish(&workbook, st, err); /* when run.json was not reached */
    free(drawing);
    if (st == CC_OK)
        st = cc_rundir_publish(rd, err);
    cli_timings_mark(tm, "publish");
    return st;
}

/* ---- keeping the paths, or not ---- */

#define KEEP_PATHS_MAX ((size_t)1 << 30) /* auto keeps at most this many bytes of paths */

/* Whether a run summarises its paths as they run instead of keeping them: on request, or (auto)
 * when keeping them would take more than the limit (--memory SIZE; else KEEP_PATHS_MAX or half
 * the memory available). Either way the results are the same, to the last bit. */
static bool run_bounded(const cc_scenario *sc, size_t n_paths, const cli_options *opts)
{
    if (opts->memory != CLI_MEMORY_AUTO)
        return opts->memory == CLI_MEMORY_BOUNDED;
    const size_t keep = cc_stream_stored_bytes(sc, n_paths);
    if (opts->memory_limit > 0)
        return keep > opts->memory_limit;
    const size_t available = cli_memory_available();
    return keep > KEEP_PATHS_MAX || (available > 0 && keep > available / 2);
}

/* The goals of --precision, read against the run's metrics and periods before anything runs. */
static cc_status read_goals(const cc_scenario *sc, const cli_options *opts, cc_precision *goals,
                            cc_error *err)
{
    cc_results *meta = malloc(sizeof *meta);
    if (meta == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "out of memory");
    cc_status st = cc_results_describe(sc, (size_t)sc->run.paths, meta, err);
    if (st == CC_OK)
        st = cli_precision_parse(opts, meta, goals, err);
    free(meta);
    return st;
}

/* Simulates the run's paths (from source: NULL for this process's engine), kept or (bounded)
 * summarised as they run for what the writers ask; with goals, in blocks until they are met
 * (ro->n_paths the most, then the paths run). */
static cc_status simulate(const cc_scenario *sc, const cc_precision *goals,
                          const cc_path_source *source, cc_run_options *ro, bool bounded,
                          cc_results **res, cc_stream_report *report, cc_error *err)
{
    cc_status st = CC_OK;
    if (bounded) {
        cc_results *meta = malloc(sizeof *meta);
        /* Values kept at once: the library's 1.5 GiB, or a third of the memory available. */
        const size_t available = cli_memory_available();
        cc_stream_options so = {.precision = goals,
                                .source = source,
                                .budget_bytes = available > 0 && available / 3 < CC_STREAM_BUDGET_BYTES
                                                    ? available / 3
                                                    : 0};
        st = meta == NULL ? cc_error_set(err, CC_ERR_NOMEM, "out of memory")
                          : cc_results_describe(sc, ro->n_paths, meta, err);
        if (st == CC_OK) {
            cc_output_plan(sc, meta, &so.plan);
            st = cc_stream_run(sc, ro, &so, res, report, err);
        }
        free(meta);
    } else if (goals != NULL) {
        st = cc_precision_run(sc, ro, goals, source, res, &report->precision, err);
    } else {
        st = cc_results_alloc(sc, ro->n_paths, res, err);
        if (st == CC_OK)
            st = cc_path_fill(source, sc, ro, *res, err);
    }
    if (st == CC_OK && goals != NULL)
        ro->n_paths = report->precision.n_paths;
    return st;
}

static int cmd_run(const cli_options *opts)
{
    cli_timings timings;
    cli_timings_start(&timings);
    cc_scenario *sc = NULL;
    if (cli_load(opts->scenario_path, opts, &sc) != EXIT_OK)
        return EXIT_INVALID;
    cli_timings_mark(&timings, "load");
    cc_error err = {0};
    cc_results *res = NULL;
    cc_summary *summary = NULL;
    cli_progress progress = {0};
    cli_progress_start(&progress);

    const int threads = cli_threads(sc, opts);
    cc_run_options ro = {.n_paths = (size_t)sc->run.paths, .seed = sc->run.seed,
                         .threads = threads};
    const bool chatty = cli_chatty(opts);
    if (chatty) {
        ro.progress = cli_show_progress;
        ro.progress_context = &progress;
    }
    /* In an MPI job (src/cli/mpi.c), every process simulates a share of each block of paths. */
    cli_paths paths;
    const cc_path_source *source = cli_path_source(sc, &ro, opts, &paths);
    cc_precision goals;
    cc_status st = read_goals(sc, opts, &goals, &err);
    /* Kept paths must fit in the memory available; summarised ones always do. */
    const bool bounded = run_bounded(sc, ro.n_paths, opts);
    if (st == CC_OK && !bounded && cli_check_memory(sc, ro.n_paths, 1, true, chatty) != EXIT_OK) {
        cc_scenario_free(sc);
        return EXIT_INVALID;
    }
    /* The folder is locked for the whole run, so a second run into it is
     * refused at once rather than after its simulation. */
    cc_rundir *rd = NULL;
    if (st == CC_OK)
        st = cc_rundir_open(sc->run.output_dir, cli_interrupt_flag(), &rd, &err);
    cc_stream_report report = {0};
    if (st == CC_OK)
        st = simulate(sc, opts->n_precision > 0 ? &goals : NULL, source, &ro, bounded, &res,
                      &report, &err);
    cli_timings_mark(&timings, "simulate");
    if (progress.shown) {
        fputc('\n', stderr);
        progress.shown = 0;
    }
    if (st == CC_OK && opts->n_precision > 0 && (!opts->quiet || !report.precision.met))
        cli_precision_print(opts, &report.precision);
    if (st == CC_OK && bounded && !opts->quiet)
        printf("carecast: bounded memory: %zu paths summarised as they ran (%zu simulated in "
               "%u passes; %zu quantities needed more passes)\n",
               ro.n_paths, report.paths_simulated, 1u + report.passes,
               report.missed + report.overflowed);
    char said[96];
    snprintf(said, sizeof said, "summarising %zu paths...", ro.n_paths);
    if (st == CC_OK && !bounded)
        cli_say(chatty, NULL, said);
    if (st == CC_OK)
        st = cc_summary_alloc(res, sc->run.percentiles, sc->run.n_percentiles, threads, &summary,
                              &err);
    cli_timings_mark(&timings, "summary");
    const char *overrides[CLI_OVERRIDES_MAX];
    char override_text[CLI_OVERRIDES_MAX][2 * CLI_ARG_MAX + 2];
    for (size_t i = 0; i < opts->n_overrides; i++) {
        snprintf(override_text[i], sizeof override_text[i], "%s=%s", opts->keys[i],
                 opts->values[i]);
        overrides[i] = override_text[i];
    }
    cc_run_manifest manifest = {.version = cc_version(),
                                      .n_overrides = opts->n_overrides,
                                      .overrides = overrides,
                                      .seed = sc->run.seed,
                                      .n_paths = ro.n_paths,
                                      .threads = threads,
                                      .wall_seconds = cli_seconds_since(&progress.start),
                                      .rng_name = cc_engine_rng_name(),
                                      .paths_simulated = bounded ? report.paths_simulated : 0};
    if (st == CC_OK) {
        /* From here a signal stops the run cleanly: the folder keeps the earlier run. */
        cli_catch_signals();
        st = write_outputs(rd, sc, res, summary, &manifest, !opts->no_charts, chatty, &timings,
                           &err);
    }
    cc_rundir_free(rd);
    if (st == CC_OK && !opts->quiet)
        printf("carecast: %zu paths x %d months in %.2f s; results in %s/ "
               "(report.html, carecast.xlsx, %smonthly.csv, annual.csv, %s%srun.json)\n",
               ro.n_paths, sc->run.horizon_months, cli_seconds_since(&progress.start),
               sc->run.output_dir, sc->finance.n_budget_lines > 0 ? "budget.csv, " : "",
               cc_results_metric_index(res, "mtfp.p_meet") >= 0 ? "mtfp.csv, " : "",
               opts->no_charts ? "" : "charts/, ");
    if (st != CC_OK)
        fprintf(stderr, "carecast: error: %s\n", err.message);
    cc_summary_free(summary);
    cc_results_free(res);
    cc_scenario_free(sc);
    cli_timings_mark(&timings, "free");
    cli_timings_print(&timings);
    return cli_exit_code(st);
}

/* Runs the command of the parsed command line; returns the exit code. */
static int dispatch(const cli_options *opts)
{
    int code = EXIT_OK;
    if (opts->command == CLI_HELP) {
        code = cli_help(stdout, opts->help_topic);
    } else if (opts->command == CLI_VERSION) {
        printf("carecast %s\n", cc_version());
    } else if (opts->command == CLI_VALIDATE) {
        code = cmd_validate(opts);
    } else if (opts->command == CLI_COMPARE) {
        code = cli_compare(opts);
    } else if (opts->command == CLI_SENSITIVITY) {
        code = cli_sensitivity(opts);
    } else if (opts->command == CLI_GOALSEEK) {
        code = cli_goalseek(opts);
    } else if (opts->command == CLI_CALIBRATE) {
        code = cli_calibrate(opts);
    } else if (opts->command == CLI_QUERY) {
        code = cli_query(opts);
    } else if (opts->command == CLI_HINDCAST) {
        code = cli_hindcast(opts);
    } else if (opts->command == CLI_SERVE) {
        code = cli_serve(opts);
    } else {
        code = cmd_run(opts);
    }
    return code;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    cli_job job = cli_job_start(&argc, &argv);
    cli_options *opts = malloc(sizeof *opts);
    if (opts == NULL) {
        fputs("carecast: error: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    cc_error err = {0};
    int code = EXIT_OK;
    const bool parsed = cli_parse_args(argc, argv, opts, &err) == CC_OK;
    opts->job = job;
    if (job.rank > 0)
        code = cli_job_serve(parsed ? opts : NULL);
    else if (!parsed)
        code = usage_error(err.message);
    else
        code = dispatch(opts);
    cli_job_end(&job);
    free(opts);
    if (fclose(stdout) != 0 && code == EXIT_OK) {
        fputs("carecast: error: writing output failed\n", stderr);
        code = EXIT_RUN_FAILED;
    }
    return code;
}
