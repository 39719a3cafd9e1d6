/* A small CSV reader: the whole file in memory, rows cut into fields in
 * place. Quoted fields may hold commas, doubled quotes and line breaks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssda903/ssda903_internal.h"

cc_status ssda_csv_open(const char *path, ssda_csv *csv, cc_error *err)
{
    memset(csv, 0, sizeof *csv);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    cc_status st = CC_OK;
    size_t used = 0, capacity = 0;
    char *text = NULL;
    for (;;) {
        if (capacity - used < 4096) {
            const size_t grown = capacity == 0 ? 65536 : capacity * 2;
            char *bigger = grown > capacity ? realloc(text, grown + 1) : NULL;
            if (bigger == NULL) {
                st = cc_error_set(err, CC_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            text = bigger;
            capacity = grown;
        }
        const size_t got = fread(text + used, 1, capacity - used, f);
        used += got;
        if (got == 0)
            break;
    }
    if (st == CC_OK && ferror(f))
        st = cc_error_set(err, CC_ERR_IO, "%s: read failed", path);
    fclose(f);
    if (st != CC_OK) {
        free(text);
        return st;
    }
    text[used] = '\0';
    const char *nul = memchr(text, '\0', used);
    if (nul != NULL) {
        size_t line = 1;
        for (const char *p = text; p < nul; p++)
            line += *p == '\n';
        free(text);
        return cc_error_set(err, CC_ERR_INVALID, "%s:%zu: NUL byte: not a text CSV file", path,
                            line);
    }
    csv->text = text;
    csv->size = used;
    csv->cursor = text;
    if (used >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        csv->cursor += 3; /* UTF-8 byte order mark, as spreadsheets write */
    return CC_OK;
}

static bool add_field(ssda_csv *csv, char *field)
{
    if (csv->n_fields == csv->capacity) {
        const size_t capacity = csv->capacity == 0 ? 32 : csv->capacity * 2;
        char **fields = realloc(csv->fields, capacity * sizeof *fields);
        if (fields == NULL)
            return false;
        csv->fields = fields;
        csv->capacity = capacity;
    }
    csv->fields[csv->n_fields++] = field;
    return true;
}

/* Cuts one field starting at p, unquoting in place; returns where the field
 * ended (at ',', '\n', '\r' or the end) and counts line breaks inside quotes. */
static char *cut_field(char *p, size_t *lines_inside)
{
    if (*p != '"') {
        while (*p != '\0' && *p != ',' && *p != '\n' && *p != '\r')
            p++;
        return p;
    }
    char *out = p, *in = p + 1;
    for (;;) {
        if (*in == '\0')
            break; /* an unclosed quote runs to the end of the file */
        if (*in == '"') {
            if (in[1] != '"') {
                in++;
                break;
            }
            in++;
        }
        *lines_inside += *in == '\n';
        *out++ = *in++;
    }
    /* Anything between the closing quote and the separator is kept as text. */
    while (*in != '\0' && *in != ',' && *in != '\n' && *in != '\r')
        *out++ = *in++;
    char *end = in;
    if (out < end)
        *out = '\0';
    return end;
}

bool ssda_csv_next(ssda_csv *csv, cc_status *status)
{
    *status = CC_OK;
    for (;;) {
        char *p = csv->cursor;
        if (p == NULL || *p == '\0')
            return false;
        csv->line = csv->next_line == 0 ? 1 : csv->next_line;
        csv->n_fields = 0;
        size_t lines_inside = 0;
        bool blank = true;
        for (;;) {
            char *start = p;
            char *end = cut_field(p, &lines_inside);
            const char sep = *end;
            blank = blank && end == start && sep != ',';
            if (!add_field(csv, start)) {
                *status = CC_ERR_NOMEM;
                return false;
            }
            if (sep == ',') {
                *end = '\0';
                p = end + 1;
                continue;
            }
            if (sep == '\r' && end[1] == '\n')
                *end++ = '\0';
            if (*end != '\0')
                *end++ = '\0';
            csv->cursor = end;
            break;
        }
        csv->next_line = csv->line + 1 + lines_inside;
        if (!blank)
            return true;
    }
}

void ssda_csv_close(ssda_csv *csv)
{
    free(csv->text);
    free(csv->fields);
    memset(csv, 0, sizeof *csv);
}
