/* Key assumptions for reports: a value the scenario sets, with the comment on
 * its line (after '#') that cites where the figure came from. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* The comment after '#' (outside strings) on line n of file, trimmed. */
static void line_comment(const char *file, int n, char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen(file, "r");
    if (f == NULL)
        return;
    char line[4096];
    for (int i = 1; fgets(line, sizeof line, f) != NULL; i++) {
        if (i != n)
            continue;
        bool in_string = false;
        for (char *c = line; *c != '\0'; c++) {
            if (*c == '"')
                in_string = !in_string;
            if (*c == '#' && !in_string) {
                char *text = c + 1;
                while (*text == ' ' || *text == '#')
                    text++;
                text[strcspn(text, "\r\n")] = '\0';
                snprintf(out, size, "%s", text);
                break;
            }
        }
        break;
    }
    fclose(f);
}

void cc_assume(cc_scenario *sc, const cc_group *g, const char *key, const char *label,
               double value, cc_unit unit)
{
    const config_setting_t *s =
        g->setting != NULL ? config_setting_get_member(g->setting, key) : NULL;
    if (s == NULL || sc->n_assumptions >= CC_MAX_ASSUMPTIONS)
        return;
    cc_assumption *a = &sc->assumptions[sc->n_assumptions++];
    snprintf(a->label, sizeof a->label, "%s", label);
    a->value = value;
    a->unit = unit;
    char file[CC_PATH_MAX];
    const char *raw = config_setting_source_file(s);
    const int line = (int)config_setting_source_line(s);
    if (raw == NULL) {
        snprintf(a->source, sizeof a->source, "--set");
        return;
    }
    cc_resolve_path(g->ps, raw, file, sizeof file);
    line_comment(file, line, a->source, sizeof a->source);
    if (a->source[0] == '\0')
        snprintf(a->source, sizeof a->source, "%.120s:%d", file, line);
}
