/* Fuzz inputs as files in memory (see bundle.h). */
#include "bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cc_read_result read_bundle(void *ctx, const char *path, size_t max_bytes, char **text,
                                  size_t *size, char *why, size_t why_size)
{
    const cc_bundle *b = ctx;
    static const char dir[] = "fuzz/";
    const char *name = strncmp(path, dir, sizeof dir - 1) == 0 ? path + sizeof dir - 1 : path;
    for (size_t i = 0; i < b->n_files; i++) {
        if (strcmp(i == 0 ? path : name, i == 0 ? CC_BUNDLE_SCENARIO : b->names[i]) != 0)
            continue;
        *size = b->sizes[i];
        if (*size > max_bytes)
            return CC_READ_TOO_LARGE;
        *text = malloc(*size + 1);
        if (*text == NULL)
            return CC_READ_NOMEM;
        memcpy(*text, b->texts[i], *size);
        (*text)[*size] = '\0';
        return CC_READ_OK;
    }
    snprintf(why, why_size, "No such file or directory");
    return CC_READ_FAILED;
}

/* Cuts the section at s (after "\n%%"), of len bytes, into b. */
static void add_section(cc_bundle *b, char *s, size_t len)
{
    char *nl = memchr(s, '\n', len);
    char *end = nl != NULL ? nl : s + len;
    *end = '\0';
    if (strncmp(s, "file ", 5) == 0 && b->n_files < CC_BUNDLE_FILES_MAX) {
        b->names[b->n_files] = s + 5;
        b->texts[b->n_files] = nl != NULL ? nl + 1 : end;
        b->sizes[b->n_files] = nl != NULL ? len - (size_t)(nl + 1 - s) : 0;
        b->n_files++;
    } else if (strncmp(s, "set ", 4) == 0 && b->n_overrides < CC_BUNDLE_SETS_MAX) {
        char *eq = strchr(s + 4, '=');
        if (eq == NULL)
            return;
        *eq = '\0';
        b->overrides[b->n_overrides++] = (cc_override){.key_path = s + 4, .value = eq + 1};
    }
}

int cc_bundle_parse(const uint8_t *data, size_t size, cc_bundle *b)
{
    memset(b, 0, sizeof *b);
    b->copy = malloc(size + 1);
    if (b->copy == NULL)
        return 0;
    memcpy(b->copy, data, size);
    b->copy[size] = '\0';
    b->reader = (cc_reader){.read = read_bundle, .ctx = b};
    /* Section starts: every "\n%%", found before any is cut. */
    size_t starts[CC_BUNDLE_FILES_MAX + CC_BUNDLE_SETS_MAX + 1], n = 0;
    for (size_t i = 0; i + 2 < size && n < sizeof starts / sizeof starts[0]; i++)
        if (b->copy[i] == '\n' && b->copy[i + 1] == '%' && b->copy[i + 2] == '%')
            starts[n++] = i;
    b->names[0] = CC_BUNDLE_SCENARIO;
    b->texts[0] = b->copy;
    b->sizes[0] = n > 0 ? starts[0] + 1 : size; /* the scenario keeps its last newline */
    b->n_files = 1;
    for (size_t k = 0; k < n; k++) {
        const size_t from = starts[k] + 3, to = k + 1 < n ? starts[k + 1] + 1 : size;
        add_section(b, b->copy + from, to - from);
    }
    return 1;
}

void cc_bundle_free(cc_bundle *b)
{
    free(b->copy);
    memset(b, 0, sizeof *b);
}
