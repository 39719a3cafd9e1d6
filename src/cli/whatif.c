/* The what-if commands: compare scenarios, sensitivity of outputs to
 * parameters, and goal-seek. Every run of a command uses the same seed and
 * number of paths, so runs share their random numbers (common random numbers)
 * and differences between them reflect the scenarios, not chance. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <omp.h>

#include "carecast/engine.h"
#include "carecast/stats.h"
#include "carecast/version.h"
#include "carecast/whatif.h"
#include "cli/cli_internal.h"

/* ---- shared ---- */

/* Simulates sc with the given paths and seed into a new results block. Only
 * savings.total is measured (no per-initiative passes): what-ifs need speed. */
static cc_status simulate(const cc_scenario *sc, size_t n_paths, unsigned long seed, int threads,
                          cc_results **out, cc_error *err)
{
    *out = NULL;
    cc_results *res = NULL;
    cc_status st = cc_results_alloc(sc, n_paths, &res, err);
    const cc_run_options ro = {
        .n_paths = n_paths, .seed = seed, .threads = threads, .total_savings_only = true};
    if (st == CC_OK)
        st = cc_engine_run(sc, &ro, res, err);
    if (st != CC_OK) {
        cc_results_free(res);
        return st;
    }
    *out = res;
    return CC_OK;
}

/* opts plus one more override (key=value), for one run of a sensitivity or
 * goal-seek. The copy is large, so it lives on the heap. */
static cli_options *with_override(const cli_options *opts, const char *key, double value)
{
    cli_options *o = malloc(sizeof *o);
    if (o == NULL || opts->n_overrides >= CLI_OVERRIDES_MAX) {
        free(o);
        return NULL;
    }
    memcpy(o, opts, sizeof *o);
    const size_t i = o->n_overrides++;
    snprintf(o->keys[i], CLI_ARG_MAX, "%s", key);
    snprintf(o->values[i], CLI_ARG_MAX, "%.10g", value);
    /* The copy's override pointers must point into the copy. */
    for (size_t k = 0; k < o->n_overrides; k++) {
        o->overrides[k].key_path = o->keys[k];
        o->overrides[k].value = o->values[k];
    }
    return o;
}

/* True when the user gave --out (an override of run.output_dir). */
static bool has_out(const cli_options *opts)
{
    for (size_t i = 0; i < opts->n_overrides; i++)
        if (strcmp(opts->keys[i], "run.output_dir") == 0)
            return true;
    return false;
}

static int fail(cc_status st, const cc_error *err)
{
    fprintf(stderr, "carecast: error: %s\n", err->message);
    return st == CC_ERR_INVALID ? EXIT_INVALID : EXIT_RUN_FAILED;
}

typedef cc_status (*file_writer)(FILE *f, const void *context, cc_error *err);

/* Writes dir/name through write, renamed into place when complete. */
static cc_status write_staged(const char *dir, const char *name, file_writer write,
                              const void *context, cc_error *err)
{
    cc_staged_file sf;
    cc_status st = cc_staged_open(dir, name, &sf, err);
    if (st == CC_OK)
        st = write(sf.f, context, err);
    if (st == CC_OK)
        st = cc_staged_close(&sf, err);
    if (st == CC_OK)
        st = cc_staged_publish(&sf, err);
    cc_staged_discard(&sf);
    return st;
}

/* ---- compare ---- */

typedef struct compare_job {
    const cc_compared *runs;
    size_t n;
    const cc_scenario *base;
    const cc_run_settings *run;
    const cc_run_manifest *manifest;
    const char *charts_dir; /* NULL when no pictures */
    const cc_chart_set *charts;
} compare_job;

static cc_status write_compare_csv(FILE *f, const void *context, cc_error *err)
{
    const compare_job *job = context;
    return cc_compare_write_csv(f, job->runs, job->n, job->run->percentiles,
                                job->run->n_percentiles, err);
}

static cc_status write_compare_report(FILE *f, const void *context, cc_error *err)
{
    const compare_job *job = context;
    return cc_compare_report_write(f, job->runs, job->n, job->manifest, job->charts_dir,
                                   job->charts, err);
}

static cc_status write_base_json(FILE *f, const void *context, cc_error *err)
{
    const compare_job *job = context;
    return cc_json_write_run(f, job->base, job->runs[0].results, job->manifest, err);
}

static cc_status write_compare_charts(const char *dir, void *context, cc_chart_set *out,
                                      cc_error *err)
{
    const compare_job *job = context;
    return cc_compare_charts_write(dir, job->runs, job->n, out, err);
}

/* A short name for a scenario file: its stem, made unique with "#2", "#3". */
static void scenario_name(const cli_options *opts, size_t i, char *buf, size_t size)
{
    const char *path = opts->scenarios[i];
    const char *slash = strrchr(path, '/');
    const char *stem = slash != NULL ? slash + 1 : path;
    size_t len = strlen(stem);
    if (len > 4 && strcmp(stem + len - 4, ".cfg") == 0)
        len -= 4;
    snprintf(buf, size, "%.*s", (int)len, stem);
    size_t same = 0;
    for (size_t j = 0; j < i; j++)
        same += strcmp(opts->scenarios[j], path) == 0;
    if (same > 0) {
        const size_t used = strlen(buf);
        snprintf(buf + used, size - used, "#%zu", same + 1);
    }
}

/* Prints each alternative's difference from the base in the last financial
 * year: the answer a meeting wants before opening any file. */
static void print_differences(const cc_compared *runs, size_t n)
{
    static const struct {
        const char *metric, *label;
        bool money;
    } shown[] = {{"cic.total", "children in care", false},
                 {"cost.total", "total spend", true},
                 {"fte.need.total", "social workers needed (FTE)", false}};
    const cc_results *base = runs[0].results;
    const size_t y = base->n_years - 1;
    char year[16];
    cc_results_year_label(base, y, year, sizeof year);
    float *d = malloc(base->n_paths * sizeof *d);
    if (d == NULL)
        return;
    for (size_t r = 1; r < n; r++) {
        printf("%s vs %s, %s (median, with P10 to P90):\n", runs[r].name, runs[0].name, year);
        for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
            const int kb = cc_results_metric_index(base, shown[i].metric);
            const int ka = cc_results_metric_index(runs[r].results, shown[i].metric);
            if (kb < 0 || ka < 0)
                continue;
            const float *b = cc_results_annual(base, (size_t)kb, y);
            const float *a = cc_results_annual(runs[r].results, (size_t)ka, y);
            for (size_t p = 0; p < base->n_paths; p++)
                d[p] = a[p] - b[p];
            static const double pct[3] = {10.0, 50.0, 90.0};
            double q[3];
            cc_stats_percentiles(d, base->n_paths, pct, 3, q);
            const double scale = shown[i].money ? 1e6 : 1.0;
            printf("  %-30s %+10.*f%s  (%+.*f to %+.*f)\n", shown[i].label,
                   shown[i].money ? 2 : 1, q[1] / scale, shown[i].money ? "m" : " ",
                   shown[i].money ? 2 : 1, q[0] / scale, shown[i].money ? 2 : 1, q[2] / scale);
        }
    }
    free(d);
}

int cli_compare(const cli_options *opts)
{
    cc_scenario *sc[CLI_SCENARIOS_MAX] = {0};
    cc_results *res[CLI_SCENARIOS_MAX] = {0};
    cc_compared runs[CLI_SCENARIOS_MAX];
    char names[CLI_SCENARIOS_MAX][CC_NAME_MAX];
    const size_t n = opts->n_scenarios;
    int code = EXIT_OK;
    cc_error err = {0};
    cli_progress progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);

    for (size_t i = 0; i < n && code == EXIT_OK; i++)
        code = cli_load(opts->scenarios[i], opts, &sc[i]);
    /* Paths pair up only on the same months: the base sets paths, seed and horizon. */
    for (size_t i = 1; i < n && code == EXIT_OK; i++) {
        if (sc[i]->start_year != sc[0]->start_year || sc[i]->start_month != sc[0]->start_month ||
            sc[i]->run.horizon_months != sc[0]->run.horizon_months) {
            fprintf(stderr,
                    "carecast: %s: starts or ends in a different month from the base %s; "
                    "compared scenarios need the same start date and run.horizon_months\n",
                    opts->scenarios[i], opts->scenarios[0]);
            code = EXIT_INVALID;
        }
    }
    const cc_run_settings *run = code == EXIT_OK ? &sc[0]->run : NULL;
    const char *dir = code == EXIT_OK && has_out(opts) ? run->output_dir : "results/compare";
    const int threads = run != NULL && run->threads > 0 ? run->threads : omp_get_max_threads();
    cc_status st = code == EXIT_OK ? cc_rundir_prepare(dir, &err) : CC_OK;
    for (size_t i = 0; i < n && code == EXIT_OK && st == CC_OK; i++) {
        st = simulate(sc[i], (size_t)run->paths, run->seed, threads, &res[i], &err);
        scenario_name(opts, i, names[i], sizeof names[i]);
        runs[i] = (cc_compared){names[i], sc[i], res[i]};
    }
    if (code == EXIT_OK && st == CC_OK) {
        const cc_run_manifest manifest = {.version = cc_version(),
                                          .seed = run->seed,
                                          .n_paths = (size_t)run->paths,
                                          .threads = threads,
                                          .rng_name = cc_engine_rng_name()};
        char charts_dir[CC_PATH_MAX + 16];
        snprintf(charts_dir, sizeof charts_dir, "%s/charts", dir);
        cc_chart_set charts = {0};
        bool drawn = false;
        compare_job job = {runs, n, sc[0], run, &manifest, NULL, &charts};
        st = write_staged(dir, "compare.csv", write_compare_csv, &job, &err);
        if (st == CC_OK && !opts->no_charts)
            st = cli_charts(charts_dir, write_compare_charts, &job, &charts, &drawn, &err);
        job.charts_dir = drawn ? charts_dir : NULL;
        if (st == CC_OK)
            st = write_staged(dir, "report.html", write_compare_report, &job, &err);
        /* run.json (the base's manifest) marks the directory as carecast's. */
        if (st == CC_OK)
            st = write_staged(dir, "run.json", write_base_json, &job, &err);
        if (st == CC_OK && !opts->quiet) {
            print_differences(runs, n);
            printf("carecast: compared %zu scenarios, %d paths x %d months, in %.2f s; results in "
                   "%s/ (report.html, compare.csv, %srun.json)\n",
                   n, run->paths, run->horizon_months, cli_seconds_since(&progress.start), dir,
                   opts->no_charts ? "" : "charts/, ");
        }
    }
    if (code == EXIT_OK && st != CC_OK)
        code = fail(st, &err);
    for (size_t i = 0; i < n; i++) {
        cc_results_free(res[i]);
        cc_scenario_free(sc[i]);
    }
    return code;
}

/* ---- sensitivity ---- */

/* Runs the scenario with key = value and adds each output's mean to means. */
static int run_with(const cli_options *opts, const char *key, double value, cc_target *outputs,
                    size_t n_outputs, size_t n_paths, unsigned long seed, int threads,
                    double *means, const char *json_dir)
{
    cli_options *o = key != NULL ? with_override(opts, key, value) : NULL;
    if (key != NULL && o == NULL) {
        fputs("carecast: error: out of memory or too many overrides\n", stderr);
        return EXIT_RUN_FAILED;
    }
    cc_scenario *sc = NULL;
    int code = cli_load(opts->scenario_path, o != NULL ? o : opts, &sc);
    free(o);
    if (code != EXIT_OK)
        return code;
    cc_error err = {0};
    cc_results *res = NULL;
    cc_status st = simulate(sc, n_paths, seed, threads, &res, &err);
    for (size_t i = 0; st == CC_OK && i < n_outputs; i++) {
        st = cc_target_resolve(res, &outputs[i], &err);
        if (st == CC_OK)
            means[i] = cc_target_mean(res, &outputs[i]);
    }
    if (st == CC_OK && json_dir != NULL) {
        /* The base run's manifest marks the directory as carecast's. */
        const cc_run_manifest manifest = {.version = cc_version(),
                                          .seed = seed,
                                          .n_paths = n_paths,
                                          .threads = threads,
                                          .rng_name = cc_engine_rng_name()};
        const cc_compared base = {"base", sc, res};
        const compare_job job = {.runs = &base, .n = 1, .base = sc, .manifest = &manifest};
        st = write_staged(json_dir, "run.json", write_base_json, &job, &err);
    }
    if (st != CC_OK)
        code = fail(st, &err);
    cc_results_free(res);
    cc_scenario_free(sc);
    return code;
}

static bool is_money_metric(const char *metric)
{
    static const char *const prefixes[] = {"cost.", "income.", "net.", "savings."};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(metric, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return strstr(metric, ".spend") != NULL || strstr(metric, ".expected_over") != NULL;
}

typedef struct sensitivity_job {
    const cc_sensitivity *outputs;
    size_t n;
} sensitivity_job;

static cc_status write_sensitivity_csv(FILE *f, const void *context, cc_error *err)
{
    const sensitivity_job *job = context;
    return cc_sensitivity_write_csv(f, job->outputs, job->n, err);
}

static cc_status write_tornados(const char *dir, void *context, cc_chart_set *out, cc_error *err)
{
    const sensitivity_job *job = context;
    cc_status st = CC_OK;
    out->n = 0;
    for (size_t i = 0; i < job->n && i < CC_CHARTS_MAX && st == CC_OK; i++) {
        snprintf(out->names[out->n], CC_CHART_NAME_MAX, "tornado_%zu", i + 1);
        st = cc_tornado_write(dir, out->names[out->n], &job->outputs[i], err);
        if (st == CC_OK)
            out->n++;
    }
    return st;
}

int cli_sensitivity(const cli_options *opts)
{
    cc_scenario *sc = NULL;
    int code = cli_load(opts->scenario_path, opts, &sc);
    if (code != EXIT_OK)
        return code;
    cc_error err = {0};
    cli_progress progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);

    /* Parameters: --param, or the model's documented list. */
    cc_param_range params[CC_SWINGS_MAX];
    char labels[CC_SWINGS_MAX][CC_TEXT_MAX];
    size_t n_params = 0;
    for (size_t i = 0; i < opts->n_params && code == EXIT_OK; i++) {
        if (cc_param_range_parse(opts->params[i], &params[n_params], &err) != CC_OK)
            code = fail(CC_ERR_INVALID, &err);
        snprintf(labels[n_params], CC_TEXT_MAX, "%.159s", params[n_params].key_path);
        n_params++;
    }
    for (size_t i = 0; opts->n_params == 0 && i < sc->n_sensitivity; i++, n_params++) {
        const cc_sensitivity_param *sp = &sc->sensitivity[i];
        snprintf(params[n_params].key_path, sizeof params[n_params].key_path, "%.255s",
                 sp->key_path);
        params[n_params].low = sp->low;
        params[n_params].high = sp->high;
        snprintf(labels[n_params], CC_TEXT_MAX, "%.159s", sp->label);
    }
    if (code == EXIT_OK && n_params == 0) {
        fprintf(stderr, "carecast: error: no parameters to swing: give --param key.path:low:high "
                        "or list them in the model's sensitivity group\n");
        code = EXIT_INVALID;
    }

    /* Outputs: --output, or total spend and the cumulative net position in the
     * last financial year. */
    cc_target outputs[CLI_LIST_MAX];
    size_t n_outputs = 0;
    for (size_t i = 0; i < opts->n_outputs && code == EXIT_OK; i++)
        if (cc_target_parse(opts->outputs[i], false, &outputs[n_outputs++], &err) != CC_OK)
            code = fail(CC_ERR_INVALID, &err);
    if (code == EXIT_OK && n_outputs == 0) {
        const int index = sc->start_month - 1 + sc->run.horizon_months - 1;
        const int month = index % 12 + 1, year = sc->start_year + index / 12;
        const int fy = month >= 4 ? year : year - 1;
        char text[64];
        snprintf(text, sizeof text, "cost.total@%04d/%02d", fy, (fy + 1) % 100);
        cc_target_parse(text, false, &outputs[n_outputs++], &err);
        snprintf(text, sizeof text, "net.cumulative@%04d/%02d", fy, (fy + 1) % 100);
        cc_target_parse(text, false, &outputs[n_outputs++], &err);
    }

    const size_t n_paths = (size_t)sc->run.paths;
    const unsigned long seed = sc->run.seed;
    const int threads = sc->run.threads > 0 ? sc->run.threads : omp_get_max_threads();
    const char *dir = has_out(opts) ? sc->run.output_dir : "results/sensitivity";
    cc_sensitivity *result = calloc(n_outputs > 0 ? n_outputs : 1, sizeof *result);
    double base[CLI_LIST_MAX], at[CLI_LIST_MAX];
    if (result == NULL && code == EXIT_OK) {
        fputs("carecast: error: out of memory\n", stderr);
        code = EXIT_RUN_FAILED;
    }
    if (code == EXIT_OK && cc_rundir_prepare(dir, &err) != CC_OK)
        code = fail(CC_ERR_IO, &err);
    if (code == EXIT_OK)
        code = run_with(opts, NULL, 0.0, outputs, n_outputs, n_paths, seed, threads, base, dir);
    for (size_t o = 0; o < n_outputs && code == EXIT_OK; o++) {
        snprintf(result[o].output, sizeof result[o].output, "%.95s@%.15s", outputs[o].metric,
                 outputs[o].period);
        result[o].is_money = is_money_metric(outputs[o].metric);
        result[o].base = base[o];
        result[o].n = n_params;
    }
    for (size_t i = 0; i < n_params && code == EXIT_OK; i++) {
        for (int side = 0; side < 2 && code == EXIT_OK; side++) {
            const double value = side == 0 ? params[i].low : params[i].high;
            code = run_with(opts, params[i].key_path, value, outputs, n_outputs, n_paths, seed,
                            threads, at, NULL);
            for (size_t o = 0; o < n_outputs && code == EXIT_OK; o++) {
                cc_swing *w = &result[o].swings[i];
                snprintf(w->label, sizeof w->label, "%.159s", labels[i]);
                snprintf(w->key_path, sizeof w->key_path, "%.255s", params[i].key_path);
                w->low = params[i].low;
                w->high = params[i].high;
                *(side == 0 ? &w->at_low : &w->at_high) = at[o];
            }
        }
    }
    if (code == EXIT_OK) {
        sensitivity_job job = {result, n_outputs};
        char charts_dir[CC_PATH_MAX + 16];
        snprintf(charts_dir, sizeof charts_dir, "%s/charts", dir);
        cc_chart_set charts = {0};
        bool drawn = false;
        cc_status st = write_staged(dir, "sensitivity.csv", write_sensitivity_csv, &job, &err);
        if (st == CC_OK && !opts->no_charts)
            st = cli_charts(charts_dir, write_tornados, &job, &charts, &drawn, &err);
        if (st != CC_OK)
            code = fail(st, &err);
    }
    if (code == EXIT_OK && !opts->quiet) {
        for (size_t o = 0; o < n_outputs; o++) {
            const double scale = result[o].is_money ? 1e6 : 1.0;
            printf("%s: mean %.2f%s; one parameter at a time (low -> high):\n", result[o].output,
                   result[o].base / scale, result[o].is_money ? "m" : "");
            for (size_t i = 0; i < result[o].n; i++) {
                const cc_swing *w = &result[o].swings[i];
                printf("  %-52s %+9.2f%s to %+9.2f%s\n", w->label,
                       (w->at_low - result[o].base) / scale, result[o].is_money ? "m" : "",
                       (w->at_high - result[o].base) / scale, result[o].is_money ? "m" : "");
            }
        }
        printf("carecast: %zu parameters x 2 runs of %zu paths in %.2f s; results in %s/ "
               "(sensitivity.csv%s)\n",
               n_params, n_paths, cli_seconds_since(&progress.start), dir,
               opts->no_charts ? "" : ", charts/");
    }
    free(result);
    cc_scenario_free(sc);
    return code;
}

/* ---- goal-seek ---- */

typedef struct goalseek_job {
    const cli_options *opts;
    cc_target target;
    size_t n_paths;
    unsigned long seed;
    int threads;
} goalseek_job;

static cc_status probability_at(void *context, double x, double *p, cc_error *err)
{
    goalseek_job *job = context;
    cli_options *o = with_override(job->opts, job->opts->vary, x);
    if (o == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "goalseek: out of memory");
    cc_scenario *sc = NULL;
    const int code = cli_load(job->opts->scenario_path, o, &sc);
    free(o);
    if (code != EXIT_OK)
        return cc_error_set(err, CC_ERR_INVALID, "%s = %g is not a valid value (see above)",
                            job->opts->vary, x);
    cc_results *res = NULL;
    cc_status st = simulate(sc, job->n_paths, job->seed, job->threads, &res, err);
    if (st == CC_OK)
        st = cc_target_resolve(res, &job->target, err);
    if (st == CC_OK)
        *p = cc_target_probability(res, &job->target);
    cc_results_free(res);
    cc_scenario_free(sc);
    return st;
}

int cli_goalseek(const cli_options *opts)
{
    cc_scenario *sc = NULL;
    int code = cli_load(opts->scenario_path, opts, &sc);
    if (code != EXIT_OK)
        return code;
    cc_error err = {0};
    cli_progress progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    goalseek_job job = {.opts = opts,
                        .n_paths = (size_t)sc->run.paths,
                        .seed = sc->run.seed,
                        .threads = sc->run.threads > 0 ? sc->run.threads : omp_get_max_threads()};
    char text[CLI_ARG_MAX + 300];
    snprintf(text, sizeof text, "%s:%s", opts->vary, opts->range);
    cc_param_range range;
    cc_status st = cc_param_range_parse(text, &range, &err);
    if (st == CC_OK)
        st = cc_target_parse(opts->target, true, &job.target, &err);
    cc_goalseek_result r;
    if (st == CC_OK)
        st = cc_goalseek(probability_at, &job, range.low, range.high, opts->probability,
                         (range.high - range.low) / 256.0, job.n_paths, &r, &err);
    if (st != CC_OK) {
        cc_scenario_free(sc);
        return fail(st, &err);
    }
    const char *op = job.target.comparison == CC_AT_MOST ? "<=" : ">=";
    if (r.found) {
        printf("%s = %.4g meets %s@%s %s %.10g with probability %.3f (target %.2f; %zu paths)\n",
               opts->vary, r.x, job.target.metric, job.target.period, op, job.target.value, r.p,
               opts->probability, job.n_paths);
        printf("Monte Carlo uncertainty of the value: +/- %.3g (one standard error); %d runs, "
               "%.2f s\n",
               r.x_uncertainty, r.evaluations, cli_seconds_since(&progress.start));
    } else {
        printf("No value of %s in [%g, %g] meets %s@%s %s %.10g with probability %.2f: the "
               "probability is %.3f at %g and %.3f at %g (%zu paths). Widen --range, or ask for "
               "a lower --prob.\n",
               opts->vary, range.low, range.high, job.target.metric, job.target.period, op,
               job.target.value, opts->probability, r.p_low, range.low, r.p_high, range.high,
               job.n_paths);
    }
    cc_scenario_free(sc);
    return EXIT_OK;
}
