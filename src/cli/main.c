/* The carecast program: wires config, engine and output together. The only
 * code that prints, reads the clock or the terminal, and chooses exit codes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
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
#include "carecast/version.h"
#include "cli/args.h"

enum { EXIT_OK = 0, EXIT_RUN_FAILED = 1, EXIT_INVALID = 2 };

static const char usage[] =
    "Usage:\n"
    "  carecast validate SCENARIO [--set key.path=value ...]\n"
    "  carecast run SCENARIO [--paths N] [--seed S] [--threads T] [--out DIR]\n"
    "                        [--set key.path=value ...] [--quiet]\n"
    "  carecast --help | --version\n"
    "\n"
    "Commands:\n"
    "  validate   check a scenario and print a short summary of it\n"
    "  run        simulate the scenario and write report.html, monthly.csv, annual.csv,\n"
    "             charts/ (gnuplot scripts, data, SVG and PNG), run.json and, when it has\n"
    "             MTFP initiatives, mtfp.csv\n"
    "\n"
    "Options:\n"
    "  --set key.path=value  override one scalar of the scenario (e.g. run.paths=2000,\n"
    "                        model.entries.annual_children=150); checked like the file\n"
    "  --paths N             Monte Carlo paths (run.paths)\n"
    "  --seed S              master random seed (run.seed)\n"
    "  --threads T           worker threads, 0 = all cores (run.threads)\n"
    "  --out DIR             output directory (run.output_dir); created if needed, and\n"
    "                        refused if it is non-empty and holds no earlier run\n"
    "  --quiet               no progress bar and no summary line\n"
    "  --no-charts           skip the charts (no charts/ directory, faster); the report\n"
    "                        is still written, without pictures\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  the run failed (I/O or numerical error)\n"
    "  2  invalid usage or an invalid scenario (every problem is listed on stderr\n"
    "     as file:line: key.path: message)\n";

static int usage_error(const char *message)
{
    fprintf(stderr, "carecast: error: %s\nTry 'carecast --help'.\n", message);
    return EXIT_INVALID;
}

static int load(const cli_options *opts, cc_scenario **out)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_status st =
        cc_scenario_load(opts->scenario_path, opts->overrides, opts->n_overrides, out, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    if (st != CC_OK)
        fprintf(stderr, "carecast: %s: %zu problem%s found\n", opts->scenario_path, errors.count,
                errors.count == 1 ? "" : "s");
    cc_errlist_destroy(&errors);
    return st == CC_OK ? EXIT_OK : EXIT_INVALID;
}

static int cmd_validate(const cli_options *opts)
{
    cc_scenario *sc = NULL;
    if (load(opts, &sc) != EXIT_OK)
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
    for (size_t p = 0; p < sc->n_placements; p++)
        printf("    %-24s %6d\n", sc->placements[p].name, sc->placements[p].start_children);
    printf("  levers:    ");
    if (sc->levers.n_set == 0)
        printf("none (today's policies)");
    for (size_t i = 0; i < sc->levers.n_set; i++)
        printf("%s%s", i ? ", " : "", sc->levers.set_names[i]);
    printf("\n  files:     ");
    for (size_t i = 0; i < sc->n_files; i++)
        printf("%s%s", i ? ", " : "", sc->files[i]);
    printf("\n");
    cc_scenario_free(sc);
    return EXIT_OK;
}

/* ---- progress ---- */

typedef struct progress_state {
    struct timespec start;
    int shown;
} progress_state;

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

static void show_progress(void *context, size_t done, size_t total)
{
    progress_state *ps = context;
    /* Only runs that last more than a second get a bar. */
    if (seconds_since(&ps->start) < 1.0 && !ps->shown)
        return;
    const int width = 40, filled = (int)((double)width * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %3d%% of %zu paths", filled,
            "########################################", width - filled, "",
            (int)(100.0 * (double)done / (double)total), total);
    ps->shown = 1;
}

/* ---- run ---- */

/* ---- charts ---- */

extern char **environ;

/* Runs gnuplot on every chart script in dir, all at once, and waits for them.
 * Each one's messages go to dir/NAME.log, kept only when it fails. Returns how
 * many charts were drawn; warns once when gnuplot is not installed. */
static size_t render_charts(const char *dir, const cc_chart_set *charts)
{
    if (strchr(dir, '\'') != NULL) {
        fprintf(stderr, "carecast: warning: charts not drawn: the output path contains a quote\n");
        return 0;
    }
    char cd[CC_PATH_MAX + 64], program[] = "gnuplot", option[] = "-e";
    snprintf(cd, sizeof cd, "cd '%.1050s'", dir);
    pid_t pids[CC_CHARTS_MAX];
    char logs[CC_CHARTS_MAX][CC_PATH_MAX + 64];
    size_t started = 0, drawn = 0;
    for (size_t i = 0; i < charts->n; i++) {
        char script[CC_CHART_NAME_MAX + 8];
        snprintf(script, sizeof script, "%s.gp", charts->names[i]);
        snprintf(logs[i], sizeof logs[i], "%s/%s.log", dir, charts->names[i]);
        char *argv[] = {program, option, cd, script, NULL};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, logs[i],
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = posix_spawnp(&pids[i], "gnuplot", &actions, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            remove(logs[i]);
            fprintf(stderr,
                    "carecast: warning: charts not drawn: cannot run gnuplot (%s); install the "
                    "Debian package gnuplot-nox. Their data and scripts are in %s/\n",
                    strerror(rc), dir);
            break;
        }
        started = i + 1;
    }
    for (size_t i = 0; i < started; i++) {
        int status = 0;
        if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0) {
            remove(logs[i]);
            drawn++;
        } else {
            fprintf(stderr, "carecast: warning: gnuplot could not draw %s (see %s)\n",
                    charts->names[i], logs[i]);
        }
    }
    return drawn;
}

/* ---- run ---- */

enum { FILE_MONTHLY, FILE_ANNUAL, FILE_MTFP, FILE_REPORT, FILE_RUN, N_FILES };

/* Writes every output of a run into sc->run.output_dir: the CSVs, then the
 * charts (data, scripts and, if draw, pictures), then report.html, then
 * run.json last, the marker of a complete run. Result files are staged and
 * published only when all are written. */
static cc_status write_outputs(const cc_scenario *sc, const cc_results *res,
                               const cc_summary *summary, const cc_run_manifest *manifest,
                               bool draw, cc_error *err)
{
    static const char *const names[N_FILES] = {"monthly.csv", "annual.csv", "mtfp.csv",
                                               "report.html", "run.json"};
    const bool has_mtfp = cc_results_metric_index(res, "mtfp.p_meet") >= 0;
    char charts_dir[CC_PATH_MAX + 16];
    snprintf(charts_dir, sizeof charts_dir, "%s/charts", sc->run.output_dir);
    cc_chart_set charts = {0};
    bool drawn = false;
    cc_staged_file files[N_FILES];
    memset(files, 0, sizeof files);
    cc_status st = CC_OK;
    for (int i = 0; i < N_FILES && st == CC_OK; i++) {
        if (i == FILE_MTFP && !has_mtfp)
            continue;
        if (i == FILE_REPORT && draw) {
            /* The report inlines the charts, so they are drawn first. */
            if (mkdir(charts_dir, 0777) != 0 && errno != EEXIST)
                st = cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", charts_dir,
                                  strerror(errno));
            if (st == CC_OK)
                st = cc_charts_write(charts_dir, sc, res, &charts, err);
            if (st == CC_OK)
                drawn = render_charts(charts_dir, &charts) > 0;
            if (st != CC_OK)
                break;
        }
        st = cc_staged_open(sc->run.output_dir, names[i], &files[i], err);
        if (st != CC_OK)
            break;
        if (i == FILE_RUN)
            st = cc_json_write_run(files[i].f, sc, res, manifest, err);
        else if (i == FILE_REPORT)
            st = cc_report_write(files[i].f, sc, res, manifest, drawn ? charts_dir : NULL,
                                 &charts, err);
        else if (i == FILE_MTFP)
            st = cc_csv_write_mtfp(files[i].f, sc, res, summary, err);
        else
            st = cc_csv_write_summary(files[i].f, res, summary, i == FILE_ANNUAL, err);
        if (st == CC_OK)
            st = cc_staged_close(&files[i], err);
    }
    /* Publish only when every file is complete; run.json, the marker, goes last. */
    for (int i = 0; i < N_FILES && st == CC_OK; i++)
        if (i != FILE_MTFP || has_mtfp)
            st = cc_staged_publish(&files[i], err);
    for (int i = 0; i < N_FILES; i++)
        cc_staged_discard(&files[i]);
    return st;
}

static int cmd_run(const cli_options *opts)
{
    cc_scenario *sc = NULL;
    if (load(opts, &sc) != EXIT_OK)
        return EXIT_INVALID;
    cc_error err = {0};
    cc_results *res = NULL;
    cc_summary *summary = NULL;
    progress_state progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);

    const int threads = sc->run.threads > 0 ? sc->run.threads : omp_get_max_threads();
    cc_run_options ro = {.n_paths = (size_t)sc->run.paths, .seed = sc->run.seed,
                         .threads = threads};
    if (!opts->quiet && isatty(STDERR_FILENO)) {
        ro.progress = show_progress;
        ro.progress_context = &progress;
    }
    cc_status st = cc_rundir_prepare(sc->run.output_dir, &err);
    if (st == CC_OK)
        st = cc_results_alloc(sc, ro.n_paths, &res, &err);
    if (st == CC_OK)
        st = cc_engine_run(sc, &ro, res, &err);
    if (progress.shown)
        fputc('\n', stderr);
    if (st == CC_OK)
        st = cc_summary_alloc(res, sc->run.percentiles, sc->run.n_percentiles, threads, &summary,
                              &err);
    const char *overrides[CLI_OVERRIDES_MAX];
    char override_text[CLI_OVERRIDES_MAX][2 * CLI_ARG_MAX + 2];
    for (size_t i = 0; i < opts->n_overrides; i++) {
        snprintf(override_text[i], sizeof override_text[i], "%s=%s", opts->keys[i],
                 opts->values[i]);
        overrides[i] = override_text[i];
    }
    const cc_run_manifest manifest = {.version = cc_version(),
                                      .n_overrides = opts->n_overrides,
                                      .overrides = overrides,
                                      .seed = sc->run.seed,
                                      .n_paths = ro.n_paths,
                                      .threads = threads,
                                      .wall_seconds = seconds_since(&progress.start),
                                      .rng_name = cc_engine_rng_name()};
    if (st == CC_OK)
        st = write_outputs(sc, res, summary, &manifest, !opts->no_charts, &err);
    if (st == CC_OK && !opts->quiet)
        printf("carecast: %zu paths x %d months in %.2f s; results in %s/ "
               "(report.html, monthly.csv, annual.csv, %scharts/, run.json)\n",
               ro.n_paths, sc->run.horizon_months, seconds_since(&progress.start),
               sc->run.output_dir, cc_results_metric_index(res, "mtfp.p_meet") >= 0 ? "mtfp.csv, " : "");
    if (st != CC_OK)
        fprintf(stderr, "carecast: error: %s\n", err.message);
    cc_summary_free(summary);
    cc_results_free(res);
    cc_scenario_free(sc);
    if (st == CC_OK)
        return EXIT_OK;
    return st == CC_ERR_INVALID ? EXIT_INVALID : EXIT_RUN_FAILED;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    cli_options *opts = malloc(sizeof *opts);
    if (opts == NULL) {
        fputs("carecast: error: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    cc_error err = {0};
    int code = EXIT_OK;
    if (cli_parse_args(argc, argv, opts, &err) != CC_OK) {
        code = usage_error(err.message);
    } else if (opts->command == CLI_HELP) {
        fputs(usage, stdout);
    } else if (opts->command == CLI_VERSION) {
        printf("carecast %s\n", cc_version());
    } else if (opts->command == CLI_VALIDATE) {
        code = cmd_validate(opts);
    } else {
        code = cmd_run(opts);
    }
    free(opts);
    if (fclose(stdout) != 0 && code == EXIT_OK) {
        fputs("carecast: error: writing output failed\n", stderr);
        code = EXIT_RUN_FAILED;
    }
    return code;
}
