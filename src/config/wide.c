/* Integer literals libconfig would wrap: libconfig 1.5 keeps 32 bits of an
 * integer literal without an L suffix, so 4294967796 would silently read as
 * 500. Each file's text is scanned for such literals (outside strings and
 * comments), and each is reported with the key it belongs to. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* Writes the dotted path of the setting named name on line n of file, if any. */
static bool find_path(const config_setting_t *s, const cc_parser *ps, const char *file, int n,
                      const char *name, char *out, size_t size)
{
    const char *sf = config_setting_source_file(s);
    char resolved[CC_PATH_MAX] = "";
    if (sf != NULL)
        cc_resolve_path(ps, sf, resolved, sizeof resolved);
    const char *sn = config_setting_name(s);
    if (sn != NULL && strcmp(sn, name) == 0 && (int)config_setting_source_line(s) == n &&
        strcmp(resolved, file) == 0) {
        /* Climb to the root, prepending each parent's name. */
        snprintf(out, size, "%s", sn);
        for (const config_setting_t *p = config_setting_parent(s); p != NULL;
             p = config_setting_parent(p)) {
            const char *pn = config_setting_name(p);
            if (pn == NULL)
                break;
            char tail[CC_KEY_PATH_MAX / 2];
            snprintf(tail, sizeof tail, "%s", out);
            snprintf(out, size, "%s.%s", pn, tail);
        }
        return true;
    }
    if (!config_setting_is_aggregate(s))
        return false;
    const int count = config_setting_length(s);
    for (int i = 0; i < count; i++)
        if (find_path(config_setting_get_elem(s, (unsigned int)i), ps, file, n, name, out, size))
            return true;
    return false;
}

/* The key a literal at line[i] belongs to: the name before the nearest '=' to the left. */
static void key_before(const char *line, size_t i, char *key, size_t size)
{
    snprintf(key, size, "value");
    size_t e = i;
    while (e > 0 && line[e - 1] != '=' && line[e - 1] != ':')
        e--;
    if (e == 0)
        return;
    size_t end = e - 1;
    while (end > 0 && isspace((unsigned char)line[end - 1]))
        end--;
    size_t start = end;
    while (start > 0 && (isalnum((unsigned char)line[start - 1]) || line[start - 1] == '_' ||
                         line[start - 1] == '-'))
        start--;
    if (end > start && end - start < size)
        snprintf(key, size, "%.*s", (int)(end - start), line + start);
}

/* Reports the digits line[i, j) of line n when they are an integer above INT32_MAX. */
static void check_literal(const config_t *cfg, const cc_parser *ps, const char *file, int n,
                          const char *line, size_t i, size_t j, cc_errlist *errors)
{
    const char next = line[j];
    const bool is_integer = next != '.' && next != 'e' && next != 'E' && next != 'x' &&
                            next != 'X' && next != 'L';
    if (!is_integer || !(j - i > 10 || (j - i == 10 && strncmp(line + i, "2147483647", 10) > 0)))
        return;
    char key[CC_NAME_MAX];
    key_before(line, i, key, sizeof key);
    char path[CC_KEY_PATH_MAX];
    if (!find_path(config_root_setting(cfg), ps, file, n, key, path, sizeof path))
        snprintf(path, sizeof path, "%s", key);
    cc_errlist_add(errors, CC_ERR_INVALID,
                   "%s:%d: %s: integer %.*s is too large (at most 2147483647; "
                   "write it as a decimal, e.g. %.*s.0)",
                   file, n, path, (int)(j - i), line + i, (int)(j - i), line + i);
}

/* Where the scanner is: inside a string or a block comment, which span lines. */
typedef struct scan_state {
    bool in_block_comment;
} scan_state;

/* Scans one line (line n of file) for wide literals outside strings and comments. */
static void scan_line(const config_t *cfg, const cc_parser *ps, const char *file, int n,
                      const char *line, scan_state *st, cc_errlist *errors)
{
    bool in_string = false;
    for (size_t i = 0; line[i] != '\0'; i++) {
        const char c = line[i];
        if (st->in_block_comment) {
            if (c == '*' && line[i + 1] == '/') {
                st->in_block_comment = false;
                i++;
            }
            continue;
        }
        if (in_string) {
            if (c == '\\' && line[i + 1] != '\0')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        if (c == '#' || (c == '/' && line[i + 1] == '/'))
            break;
        if (c == '/' && line[i + 1] == '*') {
            st->in_block_comment = true;
            i++;
            continue;
        }
        const bool starts = isdigit((unsigned char)c) &&
                            (i == 0 || !(isalnum((unsigned char)line[i - 1]) ||
                                         line[i - 1] == '_' || line[i - 1] == '.'));
        if (!starts)
            continue;
        size_t j = i;
        while (isdigit((unsigned char)line[j]))
            j++;
        check_literal(cfg, ps, file, n, line, i, j, errors);
        i = j > i ? j - 1 : i;
    }
}

void cc_check_wide_integers(const config_t *cfg, const cc_parser *ps, const char *file,
                            cc_errlist *errors)
{
    FILE *f = fopen(file, "r");
    if (f == NULL)
        return;
    char line[4096];
    scan_state st = {.in_block_comment = false};
    for (int n = 1; fgets(line, sizeof line, f) != NULL; n++)
        scan_line(cfg, ps, file, n, line, &st, errors);
    fclose(f);
}
