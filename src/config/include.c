/* Files and @include: which files a scenario was read from (recorded in
 * sc->files, scenario first, for run.json's hashes), and libconfig's syntax
 * and "cannot open include file" errors, named as the user would open the file. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

static void note_file(cc_scenario *sc, const cc_parser *ps, const char *raw)
{
    if (raw == NULL)
        return;
    char file[CC_PATH_MAX];
    cc_resolve_path(ps, raw, file, sizeof file);
    for (size_t i = 0; i < sc->n_files; i++)
        if (strcmp(sc->files[i], file) == 0)
            return;
    if (sc->n_files < CC_MAX_FILES)
        snprintf(sc->files[sc->n_files++], CC_PATH_MAX, "%s", file);
}

static void collect_from(cc_scenario *sc, const cc_parser *ps, const config_setting_t *s)
{
    note_file(sc, ps, config_setting_source_file(s));
    if (!config_setting_is_aggregate(s))
        return;
    int n = config_setting_length(s);
    for (int i = 0; i < n; i++)
        collect_from(sc, ps, config_setting_get_elem(s, (unsigned int)i));
}

void cc_collect_files(cc_scenario *sc, const cc_parser *ps, const config_t *cfg)
{
    note_file(sc, ps, ps->main_file);
    collect_from(sc, ps, config_root_setting(cfg));
}

/* The path in the @include directive on line `line` of file, or "". */
static void included_path(const char *file, int line, char *out, size_t size)
{
    FILE *f = fopen(file, "r");
    char buf[CC_PATH_MAX + 32], included[CC_PATH_MAX] = "";
    for (int n = 1; f != NULL && fgets(buf, sizeof buf, f) != NULL; n++) {
        const char *q = strstr(buf, "@include");
        if (n == line && q != NULL && sscanf(q, "@include \"%1023[^\"]\"", included) == 1)
            break;
    }
    if (f != NULL)
        fclose(f);
    snprintf(out, size, "%s", included);
}

/* libconfig says only "cannot open include file": name the file, from the
 * @include directive on the reported line, as the user would open it. */
void cc_report_syntax_error(const config_t *cfg, const cc_parser *ps, cc_errlist *errors)
{
    const char *raw = config_error_file(cfg);
    char file[CC_PATH_MAX];
    if (raw != NULL)
        cc_resolve_path(ps, raw, file, sizeof file);
    else
        snprintf(file, sizeof file, "%s", ps->main_file);
    const int line = config_error_line(cfg);
    const char *text = config_error_text(cfg);
    if (text != NULL && strstr(text, "include") != NULL) {
        char included[CC_PATH_MAX];
        included_path(file, line, included, sizeof included);
        if (included[0] != '\0') {
            char target[CC_PATH_MAX];
            cc_resolve_path(ps, included, target, sizeof target);
            cc_errlist_add(errors, CC_ERR_PARSE,
                           "%s:%d: @include: cannot open \"%s\" (looked for %s; @include paths "
                           "are relative to the scenario file's directory)",
                           file, line, included, target);
            return;
        }
    }
    cc_errlist_add(errors, CC_ERR_PARSE, "%s:%d: syntax error: %s", file, line,
                   text != NULL ? text : "unreadable");
}
