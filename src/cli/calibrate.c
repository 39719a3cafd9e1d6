/* The calibrate command, in two modes: --ssda903 DIR (SSDA903 returns in, a
 * model file out; src/ssda903 does the work), and SCENARIO --as-at DATE (the
 * model's history up to a 31 March in, a fitted `calibration` section out;
 * src/calibrate does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/calibrate.h"
#include "carecast/config.h"
#include "carecast/output.h"
#include "carecast/ssda903.h"
#include "carecast/version.h"
#include "cli/cli_internal.h"

/* A date option, or CC_SSDA903_DEFAULT when absent. */
static bool option_date(const char *flag, const char *text, int *day)
{
    *day = CC_SSDA903_DEFAULT;
    if (text == NULL)
        return true;
    if (cc_ssda903_date_parse(text, day))
        return true;
    fprintf(stderr, "carecast: error: %s '%s' is not a date (dd/mm/yyyy or yyyy-mm-dd)\n", flag,
            text);
    return false;
}

static void report_log(const char *dir, const cc_ssda903_log *log)
{
    fprintf(stderr,
            "carecast: %s: %zu header and %zu episodes tables (%zu and %zu rows); %zu children, "
            "%zu episodes after merging %zu copies\n",
            dir, log->files_header, log->files_episodes, log->rows_header, log->rows_episodes,
            log->children, log->episodes, log->duplicate_rows);
    if (log->children_dropped > 0)
        fprintf(stderr, "carecast: warning: %zu children (%zu episode rows) dropped\n",
                log->children_dropped, log->episodes_dropped);
    for (int p = 0; p < CC_SSDA903_PROBLEMS; p++)
        if (log->count[p] > 0)
            fprintf(stderr, "carecast: warning: %zu %s\n", log->count[p],
                    cc_ssda903_problem_text((cc_ssda903_problem)p));
    if (log->details.count > 0)
        fprintf(stderr, "carecast: the first %d of each kind:\n", CC_SSDA903_DETAILS_MAX);
    for (size_t i = 0; i < log->details.count; i++)
        fprintf(stderr, "  %s\n", log->details.messages[i]);
}

static void report_window(const cc_ssda903_estimate *est, bool clamped)
{
    char first[11], last[11];
    double stock = 0.0, entries = 0.0, exits = 0.0, moves = 0.0, days = 0.0;
    for (size_t b = 0; b < est->n_bands; b++)
        for (size_t t = 0; t < est->n_types; t++) {
            stock += est->stock[b][t];
            entries += est->entries[b][t];
            days += est->exposure_days[b][t];
            for (size_t r = 0; r < CC_SSDA903_ROUTES; r++)
                exits += est->exits[b][t][r];
            for (size_t u = 0; u < est->n_types; u++)
                moves += est->moves[b][t][u];
        }
    cc_ssda903_date_format(est->window_start, first);
    cc_ssda903_date_format(est->window_end, last);
    if (clamped)
        fprintf(stderr, "carecast: note: the window starts on %s, the first day the returns "
                        "cover; time in care before it is unseen (left truncation)\n", first);
    fprintf(stderr, "carecast: window %s to %s (%d days): %.0f entries, %.0f exits, %.0f moves "
                    "in %.1f child-years; %.0f children in care on %s\n",
            first, last, est->window_end - est->window_start + 1, entries, exits, moves,
            days / 365.25, stock, last);
}

/* What calibrate writes: a model (--ssda903) or a fitted section (--as-at). */
typedef struct calibrate_output {
    const cc_ssda903_estimate *est;
    const cc_ssda903_write_options *wo;
    const cc_scenario *sc;
    const char *model_file;
    const cc_calibration_fit *fit;
} calibrate_output;

static cc_status write_output(FILE *f, const calibrate_output *out, cc_error *err)
{
    if (out->fit != NULL)
        return cc_calibrate_write(f, out->sc, out->model_file, out->fit, err);
    return cc_ssda903_write_model(f, out->est, out->wo, err);
}

static cc_status write_staged_output(FILE *f, const void *context, cc_error *err)
{
    return write_output(f, context, err);
}

/* Writes the output to opts->out_file (complete or not at all), else stdout. */
static cc_status write_model(const cli_options *opts, const calibrate_output *out,
                             cc_error *err)
{
    if (opts->out_file == NULL)
        return write_output(stdout, out, err);
    char dir[CC_PATH_MAX];
    const char *slash = strrchr(opts->out_file, '/');
    const char *base = slash != NULL ? slash + 1 : opts->out_file;
    if (base[0] == '\0' || strlen(opts->out_file) >= sizeof dir)
        return cc_error_set(err, CC_ERR_IO, "--out '%s' is not a file name", opts->out_file);
    snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - opts->out_file) : 1,
             slash != NULL ? opts->out_file : ".");
    if (dir[0] == '\0')
        snprintf(dir, sizeof dir, "/");
    return cc_staged_write(dir, base, write_staged_output, out, err);
}

static int calibrate_ssda903(const cli_options *opts)
{
    int first = 0, last = 0;
    if (!option_date("--window-start", opts->window_start, &first) ||
        !option_date("--window-end", opts->window_end, &last))
        return EXIT_INVALID;
    cc_error err = {0};
    cc_ssda903_mapping *map = NULL;
    cc_ssda903_data *data = NULL;
    cc_ssda903_estimate *est = calloc(1, sizeof *est);
    cc_ssda903_log log;
    cc_ssda903_log_init(&log);
    bool clamped = false;
    cc_status st = est != NULL ? CC_OK : cc_error_set(&err, CC_ERR_NOMEM, "out of memory");
    if (st == CC_OK)
        st = cc_ssda903_mapping_load(opts->mapping, &map, &err);
    if (st == CC_OK)
        st = cc_ssda903_read(opts->ssda903_dir, map, &data, &log, &err);
    if (st == CC_OK || log.children_dropped > 0) /* what was dropped, and why */
        report_log(opts->ssda903_dir, &log);
    if (st == CC_OK)
        st = cc_ssda903_estimate_window(data, map, first, last, est, &clamped, &err);
    const bool reading_failed = st != CC_OK;
    if (st == CC_OK) {
        report_window(est, clamped);
        const cc_ssda903_write_options wo = {.source = opts->ssda903_dir,
                                             .mapping_path = opts->mapping,
                                             .version = cc_version(),
                                             .log = &log};
        const calibrate_output out = {.est = est, .wo = &wo};
        st = write_model(opts, &out, &err);
    }
    if (st == CC_OK && opts->out_file != NULL)
        fprintf(stderr, "carecast: wrote %s\n", opts->out_file);
    if (st != CC_OK)
        fprintf(stderr, "carecast: error: %s\n", err.message);
    cc_ssda903_log_destroy(&log);
    cc_ssda903_data_free(data);
    cc_ssda903_mapping_free(map);
    free(est);
    if (st == CC_OK)
        return EXIT_OK;
    /* Bad input (files, mapping, window) is the user's to fix: 2; failing to write, 1. */
    return reading_failed && st != CC_ERR_NOMEM ? EXIT_INVALID : EXIT_RUN_FAILED;
}

/* --as-at must be a 31 March: the history is by financial year. */
static bool as_at_year(const char *text, int *year)
{
    int y = 0, used = 0;
    if (sscanf(text, "%4d-03-31%n", &y, &used) == 1 && used == (int)strlen(text) &&
        strlen(text) == 10 && y > 1900 && y < 2200) {
        *year = y;
        return true;
    }
    fprintf(stderr,
            "carecast: error: --as-at '%s': give the 31 March up to which the history is known, "
            "e.g. 2019-03-31\n",
            text);
    return false;
}

static void report_fit(const cc_calibration_fit *fit)
{
    fprintf(stderr, "carecast: calibrated as at 31 March %d from history %d/%02d to %d/%02d\n",
            fit->section.as_at_year, fit->first_year, (fit->first_year + 1) % 100,
            fit->origin_year, (fit->origin_year + 1) % 100);
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        const cc_cal_fitted *f = &fit->series[s];
        if (!f->fitted) {
            fprintf(stderr, "  %-13s not fitted: %s\n", cc_cal_series_names[s], f->why_not);
            continue;
        }
        const cc_process *pr = &fit->section.processes[cc_cal_series_targets[s]];
        fprintf(stderr, "  %-13s next year %.4g (model %.4g at 100%%): level %.1f%%, spread %.1f%% "
                        "(%zu years)\n",
                cc_cal_series_names[s], f->fit.forecast, f->model_value, pr->level_pct,
                100.0 * f->fit.sd, f->n);
    }
}

static int calibrate_history(const cli_options *opts)
{
    int year = 0;
    if (!as_at_year(opts->as_at, &year))
        return EXIT_INVALID;
    cc_scenario *sc = NULL;
    if (cli_load(opts->scenario_path, opts, &sc) != EXIT_OK)
        return EXIT_INVALID;
    cc_calibration_fit *fit = malloc(sizeof *fit);
    cc_error err = {0};
    const cc_calibrate_options co = {.as_at_year = year, .seed = sc->run.seed,
                                     .threads = sc->run.threads};
    cc_status st = fit != NULL ? cc_calibrate(sc, &co, fit, &err)
                               : cc_error_set(&err, CC_ERR_NOMEM, "out of memory");
    const bool fitting_failed = st != CC_OK;
    if (st == CC_OK) {
        report_fit(fit);
        const calibrate_output out = {.sc = sc, .model_file = sc->files[sc->n_files > 1 ? 1 : 0],
                                      .fit = fit};
        st = write_model(opts, &out, &err);
    }
    if (st == CC_OK && opts->out_file != NULL)
        fprintf(stderr, "carecast: wrote %s\n", opts->out_file);
    if (st != CC_OK)
        fprintf(stderr, "carecast: error: %s\n", err.message);
    free(fit);
    cc_scenario_free(sc);
    if (st == CC_OK)
        return EXIT_OK;
    return fitting_failed && st == CC_ERR_INVALID ? EXIT_INVALID : EXIT_RUN_FAILED;
}

int cli_calibrate(const cli_options *opts)
{
    if (opts->ssda903_dir != NULL)
        return calibrate_ssda903(opts);
    return calibrate_history(opts);
}
