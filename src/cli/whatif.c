/* The what-if commands: compare scenarios, sensitivity of outputs to
 * parameters, and goal-seek. The runs are src/whatif's (on common random
 * numbers); this file reads the command line, loads the scenarios, writes the
 * files through src/output and prints the answers. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "carecast/engine.h"
#include "carecast/stats.h"
#include "carecast/version.h"
#include "carecast/whatif.h"
#include "cli/cli_internal.h"

/* ---- shared ---- */

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

/* The what-if library's loader: the scenario file re-read with the command
 * line's overrides plus key_path=value, every problem printed to stderr. */
typedef struct variant_loader {
    const cli_options *opts;
} variant_loader;

static cc_status load_variant(void *context, const char *key_path, double value,
                              cc_scenario **out, cc_error *err)
{
    const cli_options *opts = ((const variant_loader *)context)->opts;
    *out = NULL;
    cli_options *o = with_override(opts, key_path, value);
    if (o == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "out of memory or too many overrides");
    const int code = cli_load_quietly(opts->scenario_path, o, out);
    free(o);
    if (code != EXIT_OK)
        return cc_error_set(err, CC_ERR_INVALID, "%s = %g is not a valid value (see above)",
                            key_path, value);
    return CC_OK;
}

static void free_variant(void *context, cc_scenario *scenario)
{
    (void)context;
    cc_scenario_free(scenario);
}

/* The run options of every run of a what-if: the base scenario's paths, seed
 * and threads (all cores when run.threads is 0, as recorded in run.json). */
static cc_whatif_options whatif_options(const cc_scenario *base, const cli_options *opts,
                                        cli_progress *progress)
{
    cc_whatif_options wo = cc_whatif_options_from(base);
    if (wo.threads <= 0)
        wo.threads = omp_get_max_threads();
    if (cli_chatty(opts)) { /* a bar over all the what-if's runs, with the time left */
        wo.progress = cli_show_progress;
        wo.progress_context = progress;
    }
    return wo;
}

static cc_run_manifest manifest_of(const cc_whatif_options *wo)
{
    return (cc_run_manifest){.version = cc_version(),
                             .seed = wo->seed,
                             .n_paths = wo->n_paths,
                             .threads = wo->threads,
                             .rng_name = cc_engine_rng_name()};
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
    return cli_exit_code(st);
}

/* ---- compare ---- */

typedef struct compare_job {
    const cc_compared *runs;
    size_t n;
    const cc_scenario *base;
    const cc_run_settings *run;
    cc_run_manifest *manifest; /* its outputs are filled in before run.json */
    const char *charts_dir; /* NULL when no pictures */
    const cc_chart_set *charts;
    const char *const *measures; /* --measure, as metric names */
    size_t n_measures;
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
    return cc_compare_report_write_measures(f, job->runs, job->n, job->measures, job->n_measures,
                                            job->manifest, job->charts_dir, job->charts, err);
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

/* A short name for a scenario file: its stem, made unique with "#2", "#3";
 * an alternative changed by --set-alt says how ("baseline with
 * levers.entries_change_pct=-10"). */
static void scenario_name(const cli_options *opts, size_t i, char *buf, size_t size)
{
    const char *path = i < opts->n_scenarios ? opts->scenarios[i] : opts->scenarios[0];
    const char *slash = strrchr(path, '/');
    const char *stem = slash != NULL ? slash + 1 : path;
    size_t len = strlen(stem);
    if (len > 4 && strcmp(stem + len - 4, ".cfg") == 0)
        len -= 4;
    snprintf(buf, size, "%.*s", (int)len, stem);
    size_t same = 0;
    for (size_t j = 0; j < i && j < opts->n_scenarios; j++)
        same += strcmp(opts->scenarios[j], path) == 0;
    if (same > 0 && (opts->n_alt_overrides == 0 || i < opts->n_scenarios)) {
        const size_t used = strlen(buf);
        snprintf(buf + used, size - used, "#%zu", same + 1);
    }
    for (size_t k = 0; i > 0 && k < opts->n_alt_overrides; k++) {
        const size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s=%s", k == 0 ? " with " : ", ", opts->alt_keys[k],
                 opts->alt_values[k]);
    }
}

/* A measure as typed: a metric name, or a word for one ("carers",
 * "overspend", "net position"). */
static const char *measure_metric(const char *measure)
{
    static const struct {
        const char *word, *metric;
    } words[] = {{"carers", "carers.households"},        {"overspend", "budget.total.p_over"},
                 {"P(overspend)", "budget.total.p_over"}, {"p_over", "budget.total.p_over"},
                 {"net position", "net.cumulative"},      {"net", "net.cumulative"},
                 {"savings", "savings.total"},            {"spend", "cost.total"}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(measure, words[i].word) == 0)
            return words[i].metric;
    return measure;
}

/* Checks every --measure against the base's metrics before anything runs;
 * prints a "did you mean" for one it does not know. */
static int check_measures(const cli_options *opts, const cc_scenario *base)
{
    cc_results *names = NULL;
    cc_error err = {0};
    if (opts->n_measures == 0)
        return EXIT_OK;
    if (cc_results_alloc(base, 1, &names, &err) != CC_OK)
        return fail(CC_ERR_NOMEM, &err);
    int code = EXIT_OK;
    for (size_t i = 0; i < opts->n_measures && code == EXIT_OK; i++) {
        cc_target t = {0};
        snprintf(t.metric, sizeof t.metric, "%s", measure_metric(opts->measures[i]));
        snprintf(t.period, sizeof t.period, "%s", "1900/01");
        if (cc_target_resolve(names, &t, &err) != CC_OK && strstr(err.message, "metric") != NULL)
            code = fail(CC_ERR_INVALID, &err);
    }
    cc_results_free(names);
    return code;
}

/* One line of the printed summary: the median difference and its P10 to P90,
 * or for a chance both scenarios' chances and the change in points. */
static void print_measure(const cc_compared *base, const cc_compared *alt, const char *metric,
                          const char *label, size_t y, float *d)
{
    const int kb = cc_results_metric_index(base->results, metric);
    const int ka = cc_results_metric_index(alt->results, metric);
    if (kb < 0 || ka < 0 || isnan(cc_results_annual(base->results, (size_t)kb, y)[0]))
        return;
    const size_t n = base->results->n_paths;
    const float *b = cc_results_annual(base->results, (size_t)kb, y);
    const float *a = cc_results_annual(alt->results, (size_t)ka, y);
    cc_metric_info info;
    cc_metric_describe(base->scenario, metric, &info);
    if (info.label[1] != '\0' && !isupper((unsigned char)info.label[1]))
        info.label[0] = (char)tolower((unsigned char)info.label[0]);
    if (label != NULL)
        snprintf(info.label, sizeof info.label, "%s", label);
    if (info.kind == CC_VALUE_CHANCE) {
        double pb = 0.0, pa = 0.0, sd = 0.0;
        cc_stats_mean_sd(b, n, &pb, &sd);
        cc_stats_mean_sd(a, n, &pa, &sd);
        char tb[16], ta[16];
        cc_format_value(CC_VALUE_CHANCE, pb, tb, sizeof tb);
        cc_format_value(CC_VALUE_CHANCE, pa, ta, sizeof ta);
        printf("  %-30s %s -> %s (%+.0f points)\n", info.label, tb, ta, 100.0 * (pa - pb));
        return;
    }
    for (size_t p = 0; p < n; p++)
        d[p] = a[p] - b[p];
    static const double pct[3] = {10.0, 50.0, 90.0};
    double q[3];
    cc_stats_percentiles(d, n, pct, 3, q);
    const bool money = info.kind == CC_VALUE_MONEY;
    const double scale = money ? 1e6 : 1.0;
    const int digits = money ? 2 : 1;
    printf("  %-30s %+10.*f%s  (%+.*f to %+.*f)\n", info.label, digits, q[1] / scale,
           money ? "m" : " ", digits, q[0] / scale, digits, q[2] / scale);
}

/* Prints each alternative's difference from the base in the last financial
 * year: the answer a meeting wants before opening any file. Children in
 * care, total spend and social workers needed, then each --measure. */
static void print_differences(const cc_compared *runs, size_t n, const cli_options *opts)
{
    static const struct {
        const char *metric, *label;
    } shown[] = {{"cic.total", "children in care"},
                 {"cost.total", "total spend"},
                 {"fte.need.total", "social workers needed (FTE)"}};
    const cc_results *base = runs[0].results;
    const size_t y = base->n_years - 1;
    char year[16];
    cc_results_year_label(base, y, year, sizeof year);
    float *d = malloc(base->n_paths * sizeof *d);
    if (d == NULL)
        return;
    for (size_t r = 1; r < n; r++) {
        printf("%s vs %s, %s (median, with P10 to P90):\n", runs[r].name, runs[0].name, year);
        for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
            print_measure(&runs[0], &runs[r], shown[i].metric, shown[i].label, y, d);
        for (size_t i = 0; i < opts->n_measures; i++)
            print_measure(&runs[0], &runs[r], measure_metric(opts->measures[i]), NULL, y, d);
    }
    free(d);
}

/* Writes compare.csv, the charts, report.html and run.json (listing them)
 * into rd's staging folder, then publishes them together. */
static cc_status write_comparison(cc_rundir *rd, compare_job *job, const cli_options *opts,
                                  cc_error *err)
{
    const char *stage = NULL, *charts_dir = NULL;
    cc_chart_set charts = {0};
    bool drawn = false;
    job->charts = &charts;
    cc_status st = cc_rundir_stage(rd, &stage, &charts_dir, err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "compare.csv", write_compare_csv, job, err);
    if (st == CC_OK && !opts->no_charts)
        st = cli_charts(charts_dir, write_compare_charts, job, &charts, &drawn, err);
    job->charts_dir = drawn ? charts_dir : NULL;
    if (st == CC_OK)
        st = cli_interrupted(err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "report.html", write_compare_report, job, err);
    /* run.json (the base's manifest) lists the files and marks the folder as carecast's. */
    if (st == CC_OK)
        st = cc_rundir_collect(rd, &job->manifest->outputs, &job->manifest->n_outputs, err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "run.json", write_base_json, job, err);
    return st == CC_OK ? cc_rundir_publish(rd, err) : st;
}

/* opts with the --set-alt overrides added after the --set ones, for loading
 * the alternatives. The copy is large, so it lives on the heap. */
static cli_options *with_alt_overrides(const cli_options *opts)
{
    cli_options *o = malloc(sizeof *o);
    if (o == NULL || opts->n_overrides + opts->n_alt_overrides > CLI_OVERRIDES_MAX) {
        free(o);
        return NULL;
    }
    memcpy(o, opts, sizeof *o);
    for (size_t i = 0; i < opts->n_alt_overrides; i++) {
        const size_t k = o->n_overrides++;
        snprintf(o->keys[k], CLI_ARG_MAX, "%s", opts->alt_keys[i]);
        snprintf(o->values[k], CLI_ARG_MAX, "%s", opts->alt_values[i]);
    }
    for (size_t k = 0; k < o->n_overrides; k++) {
        o->overrides[k].key_path = o->keys[k];
        o->overrides[k].value = o->values[k];
    }
    return o;
}

/* The scenarios of the comparison: each file, or the base file again as the
 * one alternative when only --set-alt describes it. */
static size_t n_compared(const cli_options *opts)
{
    return opts->n_scenarios > 1 ? opts->n_scenarios : 2;
}

static const char *compared_path(const cli_options *opts, size_t i)
{
    return i < opts->n_scenarios ? opts->scenarios[i] : opts->scenarios[0];
}

/* Loads every scenario of the comparison (the alternatives with --set-alt's
 * changes) and checks that they pair up. */
static int load_compared(const cli_options *opts, cc_scenario **sc)
{
    cli_options *alt = with_alt_overrides(opts);
    if (alt == NULL) {
        fprintf(stderr, "carecast: error: out of memory or too many overrides\n");
        return EXIT_INVALID;
    }
    int code = cli_load(opts->scenarios[0], opts, &sc[0]);
    for (size_t i = 1; i < n_compared(opts) && code == EXIT_OK; i++)
        code = cli_load(compared_path(opts, i), alt, &sc[i]);
    free(alt);
    cc_error err = {0};
    for (size_t i = 1; i < n_compared(opts) && code == EXIT_OK; i++)
        if (cc_whatif_check_comparable(sc[0], sc[i], &err) != CC_OK)
            code = fail(CC_ERR_INVALID, &err);
    return code;
}

int cli_compare(const cli_options *opts)
{
    cc_scenario *sc[CLI_SCENARIOS_MAX] = {0};
    cc_compare_result *comparison = NULL;
    const size_t n = n_compared(opts);
    cc_error err = {0};
    cli_progress progress = {0};
    cli_progress_start(&progress);

    int code = load_compared(opts, sc);
    if (code == EXIT_OK)
        code = check_measures(opts, sc[0]);
    const cc_run_settings *run = code == EXIT_OK ? &sc[0]->run : NULL;
    const char *dir = code == EXIT_OK && has_out(opts) ? run->output_dir : "results/compare";
    cc_whatif_options wo =
        code == EXIT_OK ? whatif_options(sc[0], opts, &progress) : (cc_whatif_options){0};
    if (code == EXIT_OK) /* every scenario's results are held at once */
        code = cli_check_memory(sc[0], wo.n_paths, n, false, cli_chatty(opts));
    /* The runs stop at a signal, and the folder keeps the earlier run. */
    cli_catch_signals();
    wo.cancel = cli_interrupt_flag();
    cc_rundir *rd = NULL;
    cc_status st = code == EXIT_OK ? cc_rundir_open(dir, cli_interrupt_flag(), &rd, &err) : CC_OK;
    if (code == EXIT_OK && st == CC_OK)
        st = cc_whatif_compare(sc[0], (const cc_scenario *const *)(sc + 1), n - 1, &wo,
                               &comparison, &err);
    if (code == EXIT_OK && st == CC_OK)
        cli_say(cli_chatty(opts), &progress, "writing the comparison and drawing its charts...");
    if (code == EXIT_OK && st == CC_OK) {
        cc_compared runs[CLI_SCENARIOS_MAX];
        char names[CLI_SCENARIOS_MAX][CC_TEXT_MAX];
        for (size_t i = 0; i < n; i++) {
            scenario_name(opts, i, names[i], sizeof names[i]);
            runs[i] = (cc_compared){names[i], sc[i], comparison->results[i]};
        }
        cc_run_manifest manifest = manifest_of(&wo);
        const char *measures[CLI_LIST_MAX];
        for (size_t i = 0; i < opts->n_measures; i++)
            measures[i] = measure_metric(opts->measures[i]);
        compare_job job = {runs, n, sc[0], run, &manifest, NULL, NULL, measures,
                           opts->n_measures};
        st = write_comparison(rd, &job, opts, &err);
        if (st == CC_OK && !opts->quiet) {
            print_differences(runs, n, opts);
            printf("carecast: compared %zu scenarios, %d paths x %d months, in %.2f s; results in "
                   "%s/ (report.html, compare.csv, %srun.json)\n",
                   n, run->paths, run->horizon_months, cli_seconds_since(&progress.start), dir,
                   opts->no_charts ? "" : "charts/, ");
        }
    }
    cc_rundir_free(rd);
    if (code == EXIT_OK && st != CC_OK)
        code = fail(st, &err);
    cc_compare_result_free(comparison);
    for (size_t i = 0; i < n; i++)
        cc_scenario_free(sc[i]);
    return code;
}

/* ---- sensitivity ---- */

typedef struct sensitivity_job {
    const cc_sensitivity_table *table;
    const cc_scenario *base;
    cc_run_manifest *manifest; /* its outputs are filled in before run.json */
} sensitivity_job;

static cc_status write_sensitivity_csv(FILE *f, const void *context, cc_error *err)
{
    const sensitivity_job *job = context;
    return cc_sensitivity_write_csv(f, job->table->outputs, job->table->n_outputs, err);
}

static cc_status write_sensitivity_json(FILE *f, const void *context, cc_error *err)
{
    const sensitivity_job *job = context;
    return cc_json_write_run(f, job->base, job->table->base_results, job->manifest, err);
}

static cc_status write_tornados(const char *dir, void *context, cc_chart_set *out, cc_error *err)
{
    const sensitivity_job *job = context;
    cc_status st = CC_OK;
    out->n = 0;
    for (size_t i = 0; i < job->table->n_outputs && i < CC_CHARTS_MAX && st == CC_OK; i++) {
        snprintf(out->names[out->n], CC_CHART_NAME_MAX, "tornado_%zu", i + 1);
        st = cc_tornado_write(dir, out->names[out->n], &job->table->outputs[i], err);
        if (st == CC_OK)
            out->n++;
    }
    return st;
}

/* Parameters to swing: --param, or the model's documented list. */
static int sensitivity_params(const cli_options *opts, const cc_scenario *sc,
                              cc_sensitivity_param *params, size_t *n_params)
{
    cc_error err = {0};
    *n_params = 0;
    for (size_t i = 0; i < opts->n_params; i++) {
        cc_param_range range;
        if (cc_param_range_parse(opts->params[i], &range, &err) != CC_OK)
            return fail(CC_ERR_INVALID, &err);
        cc_sensitivity_param *p = &params[(*n_params)++];
        *p = (cc_sensitivity_param){.low = range.low, .high = range.high};
        snprintf(p->key_path, sizeof p->key_path, "%s", range.key_path);
        snprintf(p->label, sizeof p->label, "%.159s", range.key_path);
    }
    for (size_t i = 0; opts->n_params == 0 && i < sc->n_sensitivity; i++)
        params[(*n_params)++] = sc->sensitivity[i];
    if (*n_params == 0) {
        fprintf(stderr, "carecast: error: no parameters to swing: give --param key.path:low:high "
                        "or list them in the model's sensitivity group\n");
        return EXIT_INVALID;
    }
    return EXIT_OK;
}

/* Outputs: --output, or total spend and the cumulative net position in the
 * last financial year. */
static int sensitivity_outputs(const cli_options *opts, const cc_scenario *sc,
                               cc_target *outputs, size_t *n_outputs)
{
    cc_error err = {0};
    *n_outputs = 0;
    for (size_t i = 0; i < opts->n_outputs; i++)
        if (cc_target_parse(opts->outputs[i], false, &outputs[(*n_outputs)++], &err) != CC_OK)
            return fail(CC_ERR_INVALID, &err);
    if (*n_outputs == 0) {
        cc_whatif_default_outputs(sc, outputs);
        *n_outputs = CC_DEFAULT_OUTPUTS;
    }
    return EXIT_OK;
}

/* Writes sensitivity.csv, the tornado charts and run.json (the base run's
 * manifest, listing them) into rd's staging folder, then publishes them. */
static cc_status write_sensitivity(cc_rundir *rd, sensitivity_job *job, const cli_options *opts,
                                   cc_error *err)
{
    const char *stage = NULL, *charts_dir = NULL;
    cc_status st = cc_rundir_stage(rd, &stage, &charts_dir, err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "sensitivity.csv", write_sensitivity_csv, job, err);
    if (st == CC_OK && !opts->no_charts) {
        cc_chart_set charts = {0};
        bool drawn = false;
        st = cli_charts(charts_dir, write_tornados, job, &charts, &drawn, err);
    }
    if (st == CC_OK)
        st = cc_rundir_collect(rd, &job->manifest->outputs, &job->manifest->n_outputs, err);
    if (st == CC_OK)
        st = cli_interrupted(err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "run.json", write_sensitivity_json, job, err);
    return st == CC_OK ? cc_rundir_publish(rd, err) : st;
}

static void print_sensitivity(const cc_sensitivity_table *table)
{
    for (size_t o = 0; o < table->n_outputs; o++) {
        const cc_sensitivity *s = &table->outputs[o];
        const double scale = s->is_money ? 1e6 : 1.0;
        const char *unit = s->is_money ? "m" : "";
        printf("%s: mean %.2f%s; one parameter at a time (low -> high):\n", s->output,
               s->base / scale, unit);
        for (size_t i = 0; i < s->n; i++) {
            const cc_swing *w = &s->swings[i];
            printf("  %-52s %+9.2f%s to %+9.2f%s\n", w->label, (w->at_low - s->base) / scale,
                   unit, (w->at_high - s->base) / scale, unit);
        }
    }
}

int cli_sensitivity(const cli_options *opts)
{
    cc_scenario *sc = NULL;
    int code = cli_load(opts->scenario_path, opts, &sc);
    if (code != EXIT_OK)
        return code;
    cc_error err = {0};
    cli_progress progress = {0};
    cli_progress_start(&progress);
    cc_sensitivity_param params[CC_SWINGS_MAX];
    cc_target outputs[CLI_LIST_MAX];
    size_t n_params = 0, n_outputs = 0;
    code = sensitivity_params(opts, sc, params, &n_params);
    if (code == EXIT_OK)
        code = sensitivity_outputs(opts, sc, outputs, &n_outputs);

    cc_whatif_options wo = whatif_options(sc, opts, &progress);
    if (code == EXIT_OK) /* the base's results and one variant's at a time */
        code = cli_check_memory(sc, wo.n_paths, 2, false, cli_chatty(opts));
    /* The runs stop at a signal, and the folder keeps the earlier run. */
    cli_catch_signals();
    wo.cancel = cli_interrupt_flag();
    const char *dir = has_out(opts) ? sc->run.output_dir : "results/sensitivity";
    variant_loader variants = {opts};
    const cc_scenario_loader loader = {load_variant, free_variant, &variants};
    cc_sensitivity_table *table = NULL;
    cc_rundir *rd = NULL;
    cc_status st = code == EXIT_OK ? cc_rundir_open(dir, cli_interrupt_flag(), &rd, &err) : CC_OK;
    if (code == EXIT_OK && st == CC_OK)
        st = cc_whatif_sensitivity(sc, &loader, params, n_params, outputs, n_outputs, &wo,
                                   &table, &err);
    if (code == EXIT_OK && st == CC_OK) {
        cli_say(cli_chatty(opts), &progress, "writing sensitivity.csv and the tornado charts...");
        cc_run_manifest manifest = manifest_of(&wo);
        sensitivity_job job = {table, sc, &manifest};
        st = write_sensitivity(rd, &job, opts, &err);
    }
    cc_rundir_free(rd);
    if (code == EXIT_OK && st != CC_OK)
        code = fail(st, &err);
    if (code == EXIT_OK && !opts->quiet) {
        print_sensitivity(table);
        printf("carecast: %zu parameters x 2 runs of %zu paths in %.2f s; results in %s/ "
               "(sensitivity.csv%s)\n",
               n_params, wo.n_paths, cli_seconds_since(&progress.start), dir,
               opts->no_charts ? "" : ", charts/");
    }
    cc_sensitivity_table_free(table);
    cc_scenario_free(sc);
    return code;
}

/* ---- goal-seek ---- */

/* How the varied parameter reads: pounds, a percentage, or a plain number. */
typedef enum param_unit { PARAM_PLAIN, PARAM_GBP, PARAM_GBP_A_YEAR, PARAM_PCT } param_unit;

static bool ends_with(const char *s, const char *end)
{
    const size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

/* The unit of key_path: by its name (..._gbp, ..._pct), or for an
 * initiative's size, by its effect. */
static param_unit unit_of_param(const cc_scenario *sc, const char *key_path)
{
    if (ends_with(key_path, "_pct") || ends_with(key_path, "_pct.mean"))
        return PARAM_PCT;
    if (ends_with(key_path, "_gbp") || ends_with(key_path, "_gbp.mean"))
        return PARAM_GBP;
    for (size_t i = 0; sc != NULL && i < sc->n_initiatives; i++) {
        char size[CC_NAME_MAX + 32];
        snprintf(size, sizeof size, "initiatives.%s.size", sc->initiatives[i].name);
        if (strncmp(key_path, size, strlen(size)) != 0)
            continue;
        switch (sc->initiatives[i].kind) {
        case CC_EFFECT_FIXED_SAVING:
            return PARAM_GBP_A_YEAR;
        case CC_EFFECT_REDUCE_ENTRIES:
        case CC_EFFECT_RAISE_EXITS:
        case CC_EFFECT_PRICE_CUT:
            return PARAM_PCT;
        default:
            return PARAM_PLAIN;
        }
    }
    return PARAM_PLAIN;
}

/* A value of the varied parameter as people read it, never in scientific
 * notation: "£15,000,000 a year (£15.0m)", "25.3%", "43.4", "12,500". */
static void format_param(param_unit unit, double x, char *buf, size_t size)
{
    char gbp[48], m[32];
    if (unit == PARAM_GBP || unit == PARAM_GBP_A_YEAR) {
        cc_format_gbp(x, gbp, sizeof gbp);
        cc_format_value(CC_VALUE_MONEY, x, m, sizeof m);
        snprintf(buf, size, "%s%s (%s)", gbp, unit == PARAM_GBP_A_YEAR ? " a year" : "", m);
    } else if (fabs(x) >= 10000.0) {
        cc_format_gbp(x, gbp, sizeof gbp); /* thousands separators; drop the sign */
        snprintf(buf, size, "%s%s", x < 0.0 ? "-" : "", gbp + (x < 0.0 ? 3 : 2));
    } else {
        /* One decimal is as fine as a goal-seek's answer goes (its range / 256). */
        snprintf(buf, size, fabs(x) >= 100.0 ? "%.0f" : fabs(x) >= 1.0 ? "%.1f" : "%.3g", x);
        /* Trailing zeros say nothing: 43.400 is 43.4. */
        char *end = buf + strlen(buf) - 1;
        while (end > buf && *end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
        if (unit == PARAM_PCT && strlen(buf) + 2 < size)
            strcat(buf, "%");
    }
}

/* "savings.total in 2022/23 >= £7,334,781" */
static void format_target(const cc_target *t, char *buf, size_t size)
{
    cc_metric_info info;
    cc_metric_describe(NULL, t->metric, &info);
    char value[48];
    if (info.kind == CC_VALUE_MONEY)
        cc_format_gbp(t->value, value, sizeof value);
    else if (info.kind == CC_VALUE_COUNT)
        snprintf(value, sizeof value, "%.10g", t->value);
    else
        cc_format_value(info.kind, t->value, value, sizeof value);
    snprintf(buf, size, "%s in %s %s %s", t->metric, t->period,
             cc_comparison_symbol(t->comparison), value);
}

/* "median £7.45m (P10 £5.12m to P90 £9.80m)" of the target's metric. */
static void format_outcome(const cc_target *t, const cc_goalseek_outcome *o, char *buf,
                           size_t size)
{
    cc_metric_info info;
    cc_metric_describe(NULL, t->metric, &info);
    char p10[32], p50[32], p90[32];
    cc_format_value(info.kind, o->p10, p10, sizeof p10);
    cc_format_value(info.kind, o->p50, p50, sizeof p50);
    cc_format_value(info.kind, o->p90, p90, sizeof p90);
    /* Mid-sentence: "net position ...", but "MTFP ..." keeps its capitals. */
    if (info.label[1] != '\0' && !isupper((unsigned char)info.label[1]))
        info.label[0] = (char)tolower((unsigned char)info.label[0]);
    snprintf(buf, size, "%s in %s: median %s (10th to 90th percentile %s to %s)", info.label,
             t->period, p50, p10, p90);
}

static void print_goalseek(const cli_options *opts, const cc_scenario *sc,
                           const cc_param_range *range, const cc_target *target,
                           const cc_goalseek_result *r, size_t n_paths, double seconds)
{
    const param_unit unit = unit_of_param(sc, opts->vary);
    char goal[CC_METRIC_NAME_MAX + 96], x[96], x_se[96], low[96], high[96];
    char outcome[CC_TEXT_MAX + 256];
    format_target(target, goal, sizeof goal);
    format_param(unit, range->low, low, sizeof low);
    format_param(unit, range->high, high, sizeof high);
    if (r->found) {
        format_param(unit, r->x, x, sizeof x);
        format_param(unit == PARAM_GBP_A_YEAR ? PARAM_GBP : unit, r->x_uncertainty, x_se,
                     sizeof x_se);
        format_outcome(target, &r->at_x, outcome, sizeof outcome);
        printf("%s = %s meets %s with probability %.3f (wanted %.2f; %zu paths).\n", opts->vary,
               x, goal, r->p, opts->probability, n_paths);
        printf("  Monte Carlo uncertainty of the value: ± %s (one standard error).\n", x_se);
        printf("  At that value, %s.\n", outcome);
        printf("  %d runs, %.2f s.\n", r->evaluations, seconds);
    } else {
        format_outcome(target, &r->at_high, outcome, sizeof outcome);
        printf("No value of %s from %s to %s meets %s with probability %.2f: the probability is "
               "%.3f at %s and %.3f at %s (%zu paths).\n",
               opts->vary, low, high, goal, opts->probability, r->p_low, low, r->p_high, high,
               n_paths);
        printf("  At %s, %s.\n  Widen --range, or ask for a lower --prob.\n", high, outcome);
    }
}

/* What goalseek --out writes: goalseek.csv, and run.json (the base scenario's
 * manifest, which marks the folder as carecast's). */
typedef struct goalseek_job {
    const cc_scenario *sc;
    const cc_results *labels; /* a one-path block: the run's months, for run.json */
    const cc_run_manifest *manifest;
    const cc_param_range *range;
    const cc_target *target;
    double probability;
    const cc_goalseek_result *r;
} goalseek_job;

static cc_status write_goalseek_csv(FILE *f, const void *context, cc_error *err)
{
    const goalseek_job *job = context;
    return cc_goalseek_write_csv(f, job->range, job->target, job->probability, job->r,
                                 job->manifest->n_paths, err);
}

static cc_status write_goalseek_json(FILE *f, const void *context, cc_error *err)
{
    const goalseek_job *job = context;
    return cc_json_write_run(f, job->sc, job->labels, job->manifest, err);
}

/* Writes goalseek.csv and run.json (listing it) into rd's staging folder,
 * then publishes them together. */
static cc_status write_goalseek(cc_rundir *rd, goalseek_job *job, const cc_whatif_options *wo,
                                cc_error *err)
{
    cc_results *labels = NULL;
    cc_run_manifest manifest = manifest_of(wo);
    job->manifest = &manifest;
    const char *stage = NULL;
    cc_status st = cc_results_alloc(job->sc, 1, &labels, err);
    job->labels = labels;
    if (st == CC_OK)
        st = cc_rundir_stage(rd, &stage, NULL, err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "goalseek.csv", write_goalseek_csv, job, err);
    if (st == CC_OK)
        st = cc_rundir_collect(rd, &manifest.outputs, &manifest.n_outputs, err);
    if (st == CC_OK)
        st = cli_interrupted(err);
    if (st == CC_OK)
        st = cc_staged_write(stage, "run.json", write_goalseek_json, job, err);
    if (st == CC_OK)
        st = cc_rundir_publish(rd, err);
    cc_results_free(labels);
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
    cli_progress_start(&progress);
    cc_whatif_options wo = whatif_options(sc, opts, &progress);
    if (cli_check_memory(sc, wo.n_paths, 1, false, cli_chatty(opts)) != EXIT_OK) {
        cc_scenario_free(sc);
        return EXIT_INVALID;
    }
    char text[CLI_ARG_MAX + 300];
    snprintf(text, sizeof text, "%s:%s", opts->vary, opts->range);
    cc_param_range range;
    cc_target target;
    cc_goalseek_result r;
    variant_loader variants = {opts};
    const cc_scenario_loader loader = {load_variant, free_variant, &variants};
    cc_status st = cc_param_range_parse(text, &range, &err);
    if (st == CC_OK)
        st = cc_target_parse(opts->target, true, &target, &err);
    /* The folder is locked before the runs, so a refusal costs nothing; with
     * --out the runs stop at a signal, and the folder keeps the earlier run. */
    cc_rundir *rd = NULL;
    if (st == CC_OK && has_out(opts)) {
        cli_catch_signals();
        wo.cancel = cli_interrupt_flag();
        st = cc_rundir_open(sc->run.output_dir, cli_interrupt_flag(), &rd, &err);
    }
    if (st == CC_OK)
        st = cc_whatif_goalseek(&loader, &range, &target, opts->probability, &wo, &r, &err);
    goalseek_job job = {.sc = sc, .range = &range, .target = &target,
                        .probability = opts->probability, .r = &r};
    if (st == CC_OK && rd != NULL)
        st = write_goalseek(rd, &job, &wo, &err);
    cc_rundir_free(rd);
    if (progress.shown)
        fputc('\n', stderr);
    if (st == CC_OK)
        print_goalseek(opts, sc, &range, &target, &r, wo.n_paths,
                       cli_seconds_since(&progress.start));
    cc_scenario_free(sc);
    return st == CC_OK ? EXIT_OK : fail(st, &err);
}
