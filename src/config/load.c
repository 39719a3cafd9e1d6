/* The scenario loader's entry point: reads the scenario with its @include
 * files into one text (include.c), parses it with libconfig, applies --set
 * overrides, then reads the tree section by section into a plain cc_scenario,
 * collecting every problem rather than stopping at the first. Each section has
 * its own file, named as in docs/scenario-format.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    }
    cc_parse_plans(&m, sc);
    cc_parse_care_leavers(&m, &sc->care_leavers);
    cc_parse_carers(&m, sc);
    cc_parse_workforce(&m, sc);
    cc_parse_allowances(&m, sc);
    cc_parse_other_costs(&m, sc);
    cc_parse_finance(&m, sc);
    cc_parse_history(&m, sc);
    bool present[CC_PROC_TARGETS];
    cc_parse_processes(&m, sc->processes, present);
    cc_parse_sensitivity(&m, sc);
    cc_group_close(&m);
}

/* Lists in sc->files every file read, each once, the scenario first. */
static void list_files(cc_scenario *sc, const cc_sources *src)
{
    for (size_t i = 0; i < src->n_files; i++) {
        bool seen = false;
        for (size_t k = 0; k < sc->n_files && !seen; k++)
            seen = strcmp(sc->files[k], src->files[i].path) == 0;
        if (!seen)
            snprintf(sc->files[sc->n_files++], CC_PATH_MAX, "%s", src->files[i].path);
    }
}

/* Reads every section of the parsed tree, then reports wrapped integers. */
static void read_tree(config_t *cfg, cc_parser *ps, cc_scenario *sc)
{
    cc_group root;
    cc_group_root(ps, config_root_setting(cfg), &root);
    cc_parse_model(&root, sc);
    /* Before the initiatives: they date themselves from the start the calibration sets. */
    cc_parse_calibration(&root, sc);
    cc_parse_run(&root, &sc->run);
    cc_parse_levers(&root, sc);
    cc_parse_initiatives(&root, sc);
    cc_check_budget_coverage(&root, sc);
    cc_group_close(&root);
    list_files(sc, ps->src);
    cc_report_wide_integers(cfg, ps);
}

cc_status cc_tree_read(cc_tree *t, const char *path, const cc_reader *reader,
                       const cc_override *overrides, size_t n_overrides, cc_errlist *errors)
{
    memset(t, 0, sizeof *t);
    config_init(&t->cfg);
    /* Every @include is already expanded; one libconfig still finds must not
     * open anything: no path under /dev/null exists. */
    config_set_include_dir(&t->cfg, "/dev/null");
    t->ps = (cc_parser){.errors = errors, .src = &t->src, .main_file = path};
    if (n_overrides > CC_OVERRIDES_MAX) {
        cc_errlist_add(errors, CC_ERR_INVALID, "at most %d --set overrides", CC_OVERRIDES_MAX);
        return CC_ERR_INVALID;
    }
    t->override_texts = calloc(n_overrides + 1, sizeof *t->override_texts);
    if (t->override_texts == NULL) {
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }
    cc_status status = cc_sources_read(&t->src, path, reader, errors);
    if (status != CC_OK)
        return status;
    if (!config_read_string(&t->cfg, t->src.text)) {
        cc_report_syntax_error(&t->cfg, &t->ps);
        return CC_ERR_PARSE;
    }
    for (size_t i = 0; i < n_overrides; i++)
        cc_apply_override(&t->cfg, &t->ps, &overrides[i], t->ps.n_overridden++,
                          t->override_texts[i], sizeof t->override_texts[i]);
    return CC_OK;
}

bool cc_tree_where(const cc_tree *t, const config_setting_t *s, size_t *file, int *line)
{
    return s != NULL &&
           cc_sources_locate(&t->src, (int)config_setting_source_line(s), file, line);
}

void cc_tree_free(cc_tree *t)
{
    config_destroy(&t->cfg);
    cc_sources_destroy(&t->src);
    free(t->override_texts);
    t->override_texts = NULL;
}

cc_status cc_scenario_load_from(const char *path, const cc_reader *reader,
                                const cc_override *overrides, size_t n_overrides,
                                cc_scenario **out, cc_errlist *errors)
{
    *out = NULL;
    const size_t errors_before = errors->count;
    cc_scenario *sc = calloc(1, sizeof *sc);
    cc_tree *t = malloc(sizeof *t);
    cc_status status = CC_ERR_NOMEM;
    if (sc == NULL || t == NULL) {
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
    } else {
        cc_errlist warnings;
        cc_errlist_init(&warnings);
        status = cc_tree_read(t, path, reader, overrides, n_overrides, errors);
        t->ps.warnings = &warnings;
        if (status == CC_OK && cc_tree_complete(&t->ps, config_root_setting(&t->cfg)))
            read_tree(&t->cfg, &t->ps, sc);
        /* The scenario keeps its warnings for the caller to show. */
        for (size_t i = 0; i < warnings.count && sc->n_warnings < CC_WARNINGS_MAX; i++)
            snprintf(sc->warnings[sc->n_warnings++], CC_ERROR_MESSAGE_MAX, "%s",
                     warnings.messages[i]);
        cc_errlist_destroy(&warnings);
        cc_tree_free(t);
    }
    free(t);
    if (status == CC_OK && errors->count > errors_before)
        status = errors->status != CC_OK ? errors->status : CC_ERR_INVALID;
    if (status != CC_OK) {
        free(sc);
        return status;
    }
    *out = sc;
    return CC_OK;
}

cc_status cc_scenario_load(const char *path, const cc_override *overrides, size_t n_overrides,
                           cc_scenario **out, cc_errlist *errors)
{
    return cc_scenario_load_from(path, &cc_disk_reader, overrides, n_overrides, out, errors);
}

void cc_scenario_free(cc_scenario *scenario)
{
    free(scenario);
}
