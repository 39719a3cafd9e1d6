/* Key assumptions for reports: a value the scenario sets, with the comment on
 * its line (after '#') that cites where the figure came from. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* The comment after '#' (outside strings) in the len bytes at line, trimmed. */
void cc_line_comment(const char *line, size_t len, char *out, size_t size)
{
    out[0] = '\0';
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"')
            in_string = !in_string;
        if (line[i] != '#' || in_string)
            continue;
        size_t from = i + 1;
        while (from < len && (line[from] == ' ' || line[from] == '#'))
            from++;
        size_t to = from;
        while (to < len && line[to] != '\r')
            to++;
        snprintf(out, size, "%.*s", (int)(to - from), line + from);
        return;
    }
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
    size_t file = 0;
    int line = 0;
    if (cc_is_overridden(g->ps, s) ||
        !cc_sources_locate(g->ps->src, (int)config_setting_source_line(s), &file, &line)) {
        snprintf(a->source, sizeof a->source, "--set");
        return;
    }
    size_t len = 0;
    const char *text = cc_sources_line(g->ps->src, file, line, &len);
    if (text != NULL)
        cc_line_comment(text, len, a->source, sizeof a->source);
    if (a->source[0] == '\0')
        snprintf(a->source, sizeof a->source, "%.120s:%d", g->ps->src->files[file].path, line);
}
