/* Integer literals libconfig would wrap: libconfig 1.5 keeps 32 bits of an
 * integer literal without an L suffix, decimal or hex, so 4294967796 and
 * 0x1000001F4 would silently read as 500. include.c notes each such literal
 * as it scans the text (outside strings and comments, whole lines, every
 * file); they are reported here with the key they belong to. --set values are
 * checked the same way (override.c). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* True when the n digits at d (in base 10 or 16) exceed limit, written in that base. */
static bool above(const char *d, size_t n, const char *limit)
{
    while (n > 0 && *d == '0') {
        d++;
        n--;
    }
    const size_t ln = strlen(limit);
    if (n != ln)
        return n > ln;
    for (size_t i = 0; i < n; i++) {
        const int a = tolower((unsigned char)d[i]), b = limit[i];
        if (a != b)
            return a > b; /* '0'-'9' sort below 'a'-'f' */
    }
    return false;
}

size_t cc_wide_literal_len(const char *text, size_t len)
{
    size_t i = 0;
    const bool hex = len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    if (hex) {
        i = 2;
        while (i < len && isxdigit((unsigned char)text[i]))
            i++;
    } else {
        while (i < len && isdigit((unsigned char)text[i]))
            i++;
    }
    if (i != len || i == (hex ? 2u : 0u))
        return 0; /* not a plain integer: a float, an L suffix, or no digits */
    return (hex ? above(text + 2, i - 2, "7fffffff") : above(text, i, "2147483647")) ? len : 0;
}

void cc_key_before(const char *line, size_t i, char *key, size_t size)
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

/* Writes the dotted path of the setting named name on line n of the text, if any. */
static bool find_path(const config_setting_t *s, int n, const char *name, char *out, size_t size)
{
    const char *sn = config_setting_name(s);
    if (sn != NULL && strcmp(sn, name) == 0 && (int)config_setting_source_line(s) == n) {
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
    if (config_setting_type(s) != CONFIG_TYPE_GROUP && config_setting_type(s) != CONFIG_TYPE_LIST)
        return false; /* an array holds only unnamed scalars */
    const int count = config_setting_length(s);
    for (int i = 0; i < count; i++)
        if (find_path(config_setting_get_elem(s, (unsigned int)i), n, name, out, size))
            return true;
    return false;
}

void cc_report_wide_integers(const config_t *cfg, const cc_parser *ps)
{
    for (size_t i = 0; i < ps->src->n_wide; i++) {
        const cc_wide_literal *w = &ps->src->wide[i];
        char path[CC_KEY_PATH_MAX];
        if (!find_path(config_root_setting(cfg), w->text_line, w->key, path, sizeof path))
            snprintf(path, sizeof path, "%s", w->key);
        size_t file = 0;
        int line = 1;
        cc_sources_locate(ps->src, w->text_line, &file, &line);
        const bool hex = w->digits[0] == '0' && (w->digits[1] == 'x' || w->digits[1] == 'X');
        if (hex)
            cc_errlist_add(ps->errors, CC_ERR_INVALID,
                           "%s:%d: %s: integer %s is too large (at most 0x7fffffff; "
                           "write %sL for a 64-bit integer)",
                           ps->src->files[file].path, line, path, w->digits, w->digits);
        else
            cc_errlist_add(ps->errors, CC_ERR_INVALID,
                           "%s:%d: %s: integer %s is too large (at most 2147483647; "
                           "write it as a decimal, e.g. %s.0)",
                           ps->src->files[file].path, line, path, w->digits, w->digits);
    }
}
