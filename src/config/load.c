/* The scenario loader's entry point: reads a libconfig file (with @include),
 * applies --set overrides, then reads the tree section by section into a
 * plain cc_scenario, collecting every problem rather than stopping at the
 * first. Each section has its own file, named as in docs/scenario-format.md. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carecast/config.h"
#include "config/config_internal.h"

/* Section `model` (docs/scenario-format.md 6.1) and its subsections, in an
 * order where each can refer to what came before (bands, then placement types). */
void cc_parse_model(cc_group *root, cc_scenario *sc)
{
    cc_group m;
    if (!cc_group_open(root, "model", true, &m))
        return;
    cc_get_string(&m, "name", true, "", sc->model_name, sizeof sc->model_name);
    int day = 1;
    if (cc_get_date(&m, "start_date", true, &sc->start_year, &sc->start_month, &day) && day != 1)
        cc_report(&m, NULL, "start_date", "must be the first day of a month (monthly steps)");
    cc_get_float(&m, "child_population", 1.0, 1e8, true, 1.0, &sc->child_population);
    cc_assume(sc, &m, "child_population", "Children aged 0-17", sc->child_population,
              CC_UNIT_COUNT);
    cc_parse_bands(&m, sc);
    if (sc->n_bands > 0)
        cc_parse_placements(&m, sc);
    cc_parse_moves(&m, sc);
    if (sc->n_bands > 0 && sc->n_placements > 0) {
        cc_parse_entries(&m, sc);
        cc_parse_uasc(&m, sc);
        cc_check_leaving(&m, sc);
    }
    cc_parse_plans(&m, sc);
    cc_parse_care_leavers(&m, &sc->care_leavers);
    cc_parse_carers(&m, sc);
    cc_parse_workforce(&m, sc);
    cc_parse_finance(&m, sc);
    cc_parse_history(&m, sc);
    cc_parse_sensitivity(&m, sc);
    cc_group_close(&m);
}

/* Refuses a scenario path that cannot be opened or is not a regular file. */
static cc_status check_scenario_file(const char *path, cc_errlist *errors)
{
    FILE *probe = fopen(path, "r");
    if (probe == NULL) {
        cc_errlist_add(errors, CC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return CC_ERR_IO;
    }
    fclose(probe);
    struct stat info;
    if (stat(path, &info) == 0 && !S_ISREG(info.st_mode)) {
        cc_errlist_add(errors, CC_ERR_IO, "%s: cannot open: not a regular file", path);
        return CC_ERR_IO;
    }
    return CC_OK;
}

/* Reads every section of the parsed tree, then checks the files it came from. */
static void read_tree(config_t *cfg, cc_parser *ps, cc_scenario *sc)
{
    cc_group root;
    cc_group_root(ps, config_root_setting(cfg), &root);
    cc_parse_model(&root, sc);
    cc_parse_run(&root, &sc->run);
    cc_parse_levers(&root, sc);
    cc_parse_initiatives(&root, sc);
    cc_group_close(&root);

    cc_collect_files(sc, ps, cfg);
    for (size_t i = 0; i < sc->n_files; i++)
        cc_check_wide_integers(cfg, ps, sc->files[i], ps->errors);
}

cc_status cc_scenario_load(const char *path, const cc_override *overrides, size_t n_overrides,
                           cc_scenario **out, cc_errlist *errors)
{
    *out = NULL;
    const size_t errors_before = errors->count;
    cc_status status = check_scenario_file(path, errors);
    if (status != CC_OK)
        return status;
    if (n_overrides > CC_OVERRIDES_MAX) {
        cc_errlist_add(errors, CC_ERR_INVALID, "at most %d --set overrides", CC_OVERRIDES_MAX);
        return CC_ERR_INVALID;
    }
    cc_scenario *sc = calloc(1, sizeof *sc);
    char(*override_texts)[CC_ERROR_MESSAGE_MAX] = calloc(n_overrides + 1, sizeof *override_texts);
    if (sc == NULL || override_texts == NULL) {
        free(sc);
        free(override_texts);
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }
    /* @include paths are relative to the scenario file's own directory. */
    char dir[CC_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    config_t cfg;
    config_init(&cfg);
    const char *include_dir = dirname(dir);
    config_set_include_dir(&cfg, include_dir);
    cc_parser ps = {.errors = errors, .main_file = path, .include_dir = include_dir};
    if (!config_read_file(&cfg, path)) {
        cc_report_syntax_error(&cfg, &ps, errors);
        status = CC_ERR_PARSE;
        goto cleanup;
    }
    for (size_t i = 0; i < n_overrides; i++)
        cc_apply_override(&cfg, &ps, &overrides[i], ps.n_overridden++, override_texts[i],
                          sizeof override_texts[i]);
    read_tree(&cfg, &ps, sc);
    if (errors->count > errors_before)
        status = errors->status != CC_OK ? errors->status : CC_ERR_INVALID;
cleanup:
    config_destroy(&cfg);
    free(override_texts);
    if (status != CC_OK) {
        free(sc);
        return status;
    }
    *out = sc;
    return CC_OK;
}

void cc_scenario_free(cc_scenario *scenario)
{
    free(scenario);
}
