/* The expanded text and its line map: which file and line each line of the
 * text libconfig parsed came from, so that every message and every key
 * assumption cites the file the user wrote. Also the checks on what libconfig
 * made of the text: syntax errors, and strings it failed to copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

void cc_sources_destroy(cc_sources *src)
{
    for (size_t i = 0; i < src->n_files; i++)
        free(src->files[i].text);
    free(src->text);
    free(src->spans);
    memset(src, 0, sizeof *src);
}

bool cc_sources_span(cc_sources *src, int text_line, size_t file, int file_line)
{
    if (src->n_spans == src->cap_spans) {
        const size_t cap = src->cap_spans == 0 ? 16 : 2 * src->cap_spans;
        cc_line_span *spans = realloc(src->spans, cap * sizeof *spans);
        if (spans == NULL)
            return false;
        src->spans = spans;
        src->cap_spans = cap;
    }
    src->spans[src->n_spans++] = (cc_line_span){text_line, file, file_line};
    return true;
}

bool cc_sources_locate(const cc_sources *src, int text_line, size_t *file, int *file_line)
{
    if (text_line <= 0 || src->n_spans == 0)
        return false;
    /* The last span starting at or before the line (an empty file's span is
     * followed by one that starts on the same line). */
    size_t lo = 0, hi = src->n_spans;
    while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        if (src->spans[mid].text_line <= text_line)
            lo = mid;
        else
            hi = mid;
    }
    const cc_line_span *s = &src->spans[lo];
    *file = s->file;
    *file_line = s->file_line + (text_line - s->text_line);
    return true;
}

const char *cc_sources_line(const cc_sources *src, size_t file, int n, size_t *len)
{
    if (file >= src->n_files || n < 1)
        return NULL;
    const char *p = src->files[file].text, *end = p + src->files[file].size;
    for (int i = 1; i < n && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    if (p >= end)
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl != NULL ? nl : end) - p);
    return p;
}

bool cc_is_overridden(const cc_parser *ps, const config_setting_t *s)
{
    for (size_t i = 0; i < ps->n_overridden; i++)
        if (ps->overridden[i] == s || (ps->created[i] != NULL && ps->created[i] == s))
            return true;
    return false;
}

void cc_setting_location(const cc_parser *ps, const config_setting_t *s, const char **file,
                         int *line)
{
    size_t f = 0;
    *file = ps->main_file;
    *line = 1;
    if (s != NULL && cc_sources_locate(ps->src, (int)config_setting_source_line(s), &f, line))
        *file = ps->src->files[f].path;
}

void cc_report_syntax_error(const config_t *cfg, const cc_parser *ps)
{
    const char *file = ps->main_file;
    int line = 1;
    size_t f = 0;
    if (cc_sources_locate(ps->src, config_error_line(cfg), &f, &line))
        file = ps->src->files[f].path;
    const char *text = config_error_text(cfg);
    /* Every @include is expanded before libconfig reads the text, so one it
     * still sees was written where the expansion does not look for it. */
    if (text != NULL && strstr(text, "include") != NULL)
        cc_errlist_add(ps->errors, CC_ERR_PARSE,
                       "%s:%d: @include: write it alone at the start of a line, outside "
                       "comments and strings",
                       file, line);
    else
        cc_errlist_add(ps->errors, CC_ERR_PARSE, "%s:%d: syntax error: %s", file, line,
                       text != NULL ? text : "unreadable");
}

/* libconfig 1.5 copies names and strings with strdup and keeps NULL when that fails. */
static bool complete(const config_setting_t *s, const config_setting_t **bad)
{
    const int type = config_setting_type(s);
    const config_setting_t *parent = config_setting_parent(s);
    if (parent != NULL && config_setting_type(parent) == CONFIG_TYPE_GROUP &&
        config_setting_name(s) == NULL) {
        *bad = s;
        return false;
    }
    if (type == CONFIG_TYPE_STRING && config_setting_get_string(s) == NULL) {
        *bad = s;
        return false;
    }
    if (!config_setting_is_aggregate(s))
        return true;
    const int n = config_setting_length(s);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
        if (e == NULL || !complete(e, bad)) {
            *bad = e != NULL ? *bad : s;
            return false;
        }
    }
    return true;
}

bool cc_tree_complete(const cc_parser *ps, const config_setting_t *root)
{
    const config_setting_t *bad = NULL;
    if (complete(root, &bad))
        return true;
    const char *file = NULL;
    int line = 0;
    cc_setting_location(ps, bad, &file, &line);
    cc_errlist_add(ps->errors, CC_ERR_NOMEM, "%s:%d: out of memory while reading the scenario",
                   file, line);
    return false;
}
