/* Downloads of the current what-if, made exactly as the command line makes
 * them, so that the files are byte for byte the same:
 *   compare.csv, report.html  as `carecast compare BASE SAVED --paths N`
 *                             (the alternative named as the saved file);
 *   annual.csv, monthly.csv   as `carecast run BASE --set ... --paths N`
 *                             (a full run, with savings by initiative);
 *   carecast.xlsx             the workbook of that run, with the same
 *                             figures (the file itself records when and
 *                             with how many threads it was made).
 * The report's charts and the workbook are made in a temporary folder,
 * removed afterwards. */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carecast/engine.h"
#include "carecast/version.h"
#include "serve/serve_internal.h"

/* Removes dir and the files in it (a temporary folder of our own). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[CC_PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* The comparison report, with charts when they can be drawn. */
static cc_status write_report(const cc_server *s, const cc_compared *runs, FILE *f,
                              cc_error *err)
{
    const cc_run_manifest manifest = {.version = cc_version(),
                                      .seed = s->base->run.seed,
                                      .n_paths = s->n_paths,
                                      .threads = s->threads,
                                      .rng_name = cc_engine_rng_name()};
    char dir[] = "/tmp/carecast-serve-XXXXXX";
    cc_chart_set charts = {0};
    bool drawn = false;
    if (s->render_charts != NULL && mkdtemp(dir) != NULL) {
        if (cc_compare_charts_write(dir, runs, 2, &charts, err) == CC_OK)
            drawn = s->render_charts(dir, &charts) > 0;
    } else {
        dir[0] = '\0';
    }
    const cc_status st = cc_compare_report_write(f, runs, 2, &manifest, drawn ? dir : NULL,
                                                 &charts, err);
    if (dir[0] != '\0')
        remove_dir(dir);
    return st;
}

/* Copies the file at path into f. */
static cc_status copy_file(const char *path, FILE *f, cc_error *err)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot read", path);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, f) != n)
            break;
    const bool bad = ferror(in) || ferror(f);
    fclose(in);
    return bad ? cc_error_set(err, CC_ERR_IO, "%s: copying failed", path) : CC_OK;
}

/* carecast.xlsx of the run, made in a temporary folder and copied into f;
 * the changes are its overrides, as `--set` records them. */
static cc_status write_workbook(const cc_server *s, const cc_scenario *sc,
                                const cc_changes *changes, const cc_results *res,
                                const cc_summary *summary, FILE *f, cc_error *err)
{
    char text[CC_CONTROLS_MAX][CC_CONTROL_KEY_MAX + CC_SERVE_VALUE_MAX + 16];
    const char *overrides[CC_CONTROLS_MAX];
    for (size_t i = 0; i < changes->n; i++) {
        snprintf(text[i], sizeof text[i], "%s=%s", changes->keys[i], changes->values[i]);
        overrides[i] = text[i];
    }
    const cc_run_manifest manifest = {.version = cc_version(),
                                      .seed = s->base->run.seed,
                                      .n_paths = s->n_paths,
                                      .threads = s->threads,
                                      .rng_name = cc_engine_rng_name(),
                                      .n_overrides = changes->n,
                                      .overrides = overrides};
    char dir[] = "/tmp/carecast-serve-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return cc_error_set(err, CC_ERR_IO, "cannot make a temporary folder for the workbook");
    char path[sizeof dir + 32];
    snprintf(path, sizeof path, "%s/carecast.xlsx", dir);
    cc_status st = cc_workbook_write(path, sc, res, summary, &manifest, err);
    if (st == CC_OK)
        st = copy_file(path, f, err);
    remove_dir(dir);
    return st;
}

/* annual.csv, monthly.csv or carecast.xlsx of a full run of the alternative. */
static cc_status write_run_file(const cc_server *s, const cc_scenario *sc,
                                const cc_changes *changes, const char *what, FILE *f,
                                cc_error *err)
{
    cc_results *res = NULL;
    cc_summary *summary = NULL;
    cc_status st = cc_serve_run(s, sc, false, NULL, &res, err);
    if (st == CC_OK)
        st = cc_summary_alloc(res, sc->run.percentiles, sc->run.n_percentiles, s->threads,
                              &summary, err);
    if (st == CC_OK && strcmp(what, "carecast.xlsx") == 0)
        st = write_workbook(s, sc, changes, res, summary, f, err);
    else if (st == CC_OK)
        st = cc_csv_write_summary(f, res, summary, what[0] == 'a', err);
    cc_summary_free(summary);
    cc_results_free(res);
    return st;
}

static cc_status write_download(const cc_server *s, const cc_scenario *sc,
                                const cc_changes *changes, const char *name, const char *what,
                                FILE *f, cc_error *err)
{
    if (strcmp(what, "annual.csv") == 0 || strcmp(what, "monthly.csv") == 0 ||
        strcmp(what, "carecast.xlsx") == 0)
        return write_run_file(s, sc, changes, what, f, err);
    cc_results *alt = NULL;
    cc_status st = cc_serve_run(s, sc, true, NULL, &alt, err);
    if (st != CC_OK)
        return st;
    const cc_compared runs[2] = {{s->base_name, s->base, s->base_results}, {name, sc, alt}};
    if (strcmp(what, "compare.csv") == 0)
        st = cc_compare_write_csv(f, runs, 2, s->base->run.percentiles,
                                  s->base->run.n_percentiles, err);
    else
        st = write_report(s, runs, f, err);
    cc_results_free(alt);
    return st;
}

int cc_serve_download(const cc_server *s, const cc_changes *changes, const char *what, FILE *f)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    cc_error err = {0};
    int status = 400;
    if (cc_serve_load(s, changes, &sc, &errors) == CC_OK) {
        /* Written aside first: a failure sends only the errors. */
        char *body = NULL;
        size_t size = 0;
        FILE *g = open_memstream(&body, &size);
        cc_status st = g != NULL ? CC_OK : cc_error_set(&err, CC_ERR_NOMEM, "out of memory");
        if (st == CC_OK)
            st = write_download(s, sc, changes,
                                changes->name[0] != '\0' ? changes->name : "whatif", what, g,
                                &err);
        if (g != NULL)
            fclose(g);
        if (st == CC_OK)
            fwrite(body, 1, size, f);
        else
            cc_errlist_add(&errors, st, "%s", err.message);
        free(body);
        status = st == CC_OK ? 200 : 500;
    }
    if (status != 200)
        cc_answer_errors(f, (const char *const *)errors.messages, errors.count);
    cc_scenario_free(sc);
    cc_errlist_destroy(&errors);
    return status;
}
