/* --set overrides: each "key.path=value" is read as a libconfig literal (a
 * bare word as a string) and written into the tree before the sections are
 * read, so an override is checked exactly like the file; problems with it are
 * cited as "--set key=value". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* Parses value as a libconfig scalar literal into a scratch config. */
static bool parse_literal(const char *value, config_t *scratch, const config_setting_t **out)
{
    char text[CC_ERROR_MESSAGE_MAX];
    int n = snprintf(text, sizeof text, "v = %s;", value);
    if (n < 0 || (size_t)n >= sizeof text || strchr(value, ';') != NULL)
        return false;
    if (!config_read_string(scratch, text))
        return false;
    *out = config_lookup(scratch, "v");
    int t = *out != NULL ? config_setting_type(*out) : CONFIG_TYPE_NONE;
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT ||
           t == CONFIG_TYPE_BOOL || t == CONFIG_TYPE_STRING;
}

/* Reads ov's value into scratch: a literal, or else a bare word as a string.
 * Sets *is_literal; false (reported) when neither reads. */
static bool read_value(const cc_override *ov, cc_parser *ps, const char *text, config_t *scratch,
                       const config_setting_t **literal, bool *is_literal)
{
    *is_literal = parse_literal(ov->value, scratch, literal);
    if (*is_literal)
        return true;
    /* A bare word such as output_dir=runs/a is a string. */
    char quoted[CC_ERROR_MESSAGE_MAX];
    snprintf(quoted, sizeof quoted, "\"%s\"", ov->value);
    config_destroy(scratch);
    config_init(scratch);
    if (strchr(ov->value, '"') != NULL || strchr(ov->value, '\\') != NULL ||
        !parse_literal(quoted, scratch, literal)) {
        cc_errlist_add(ps->errors, CC_ERR_INVALID, "--set %s: cannot read the value", text);
        return false;
    }
    return true;
}

static void copy_value(config_setting_t *dst, const config_setting_t *src)
{
    switch (config_setting_type(src)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        if (config_setting_type(dst) == CONFIG_TYPE_FLOAT)
            config_setting_set_float(dst, (double)config_setting_get_int64(src));
        else
            config_setting_set_int64(dst, config_setting_get_int64(src));
        break;
    case CONFIG_TYPE_FLOAT:
        config_setting_set_float(dst, config_setting_get_float(src));
        break;
    case CONFIG_TYPE_BOOL:
        config_setting_set_bool(dst, config_setting_get_bool(src));
        break;
    default:
        config_setting_set_string(dst, config_setting_get_string(src));
        break;
    }
}

/* The type a new setting takes for src when dst had type old (or none). */
static int target_type(const config_setting_t *src, int old)
{
    int t = config_setting_type(src);
    if (t == CONFIG_TYPE_INT64)
        t = CONFIG_TYPE_INT;
    if (t == CONFIG_TYPE_INT && old == CONFIG_TYPE_FLOAT)
        return CONFIG_TYPE_FLOAT; /* an integer where a float is expected is fine */
    return t;
}

/* Creates the groups of path that do not exist (e.g. "levers" when a
 * scenario has none), so an override can add a key to an optional group. The
 * parser then checks their names like any other: an unknown one is reported,
 * cited as the override. Returns the innermost group, or NULL. */
static config_setting_t *make_groups(config_t *cfg, cc_parser *ps, size_t index, char *path)
{
    config_setting_t *g = config_root_setting(cfg);
    for (char *name = path; g != NULL && name != NULL;) {
        char *dot = strchr(name, '.');
        if (dot != NULL)
            *dot = '\0';
        config_setting_t *next = config_setting_get_member(g, name);
        if (next == NULL) {
            next = config_setting_add(g, name, CONFIG_TYPE_GROUP);
            if (next != NULL && ps->created[index] == NULL)
                ps->created[index] = next; /* cited as the override */
        } else if (config_setting_type(next) != CONFIG_TYPE_GROUP) {
            next = NULL;
        }
        g = next;
        if (dot != NULL)
            *dot = '.';
        name = dot != NULL ? dot + 1 : NULL;
    }
    return g;
}

/* Writes literal at ov->key_path (s is the setting there now, or NULL),
 * creating missing groups and replacing a setting of another type. */
static void write_value(config_t *cfg, cc_parser *ps, const cc_override *ov, size_t index,
                        const char *text, config_setting_t *s, const config_setting_t *literal,
                        bool is_literal)
{
    /* Split "a.b.c" into parent "a.b" and name "c". */
    char parent_path[CC_KEY_PATH_MAX];
    snprintf(parent_path, sizeof parent_path, "%s", ov->key_path);
    char *dot = strrchr(parent_path, '.');
    const char *name = dot != NULL ? dot + 1 : parent_path;
    if (dot != NULL)
        *dot = '\0';
    config_setting_t *parent =
        dot != NULL ? config_lookup(cfg, parent_path) : config_root_setting(cfg);
    if (parent == NULL)
        parent = make_groups(cfg, ps, index, parent_path);
    int old = s != NULL ? config_setting_type(s) : CONFIG_TYPE_NONE;
    int type = old == CONFIG_TYPE_STRING && !is_literal ? CONFIG_TYPE_STRING
                                                         : target_type(literal, old);
    if (parent == NULL || config_setting_type(parent) != CONFIG_TYPE_GROUP) {
        cc_errlist_add(ps->errors, CC_ERR_INVALID, "--set %s: %s: unknown key path", text,
                       ov->key_path);
        return;
    }
    if (s != NULL && type != old) {
        config_setting_remove(parent, name);
        s = NULL;
    }
    if (s == NULL)
        s = config_setting_add(parent, name, type);
    if (s == NULL) {
        cc_errlist_add(ps->errors, CC_ERR_INVALID, "--set %s: '%s' is not a valid key", text,
                       name);
        return;
    }
    copy_value(s, literal);
    ps->overridden[index] = s;
}

/* libconfig keeps 32 bits of an integer literal: run.paths=4294967796 would read as 500. */
static bool wraps(const char *value)
{
    while (isspace((unsigned char)*value))
        value++;
    if (*value == '-' || *value == '+')
        value++;
    size_t n = strlen(value);
    while (n > 0 && isspace((unsigned char)value[n - 1]))
        n--;
    return n > 0 && cc_wide_literal_len(value, n) == n;
}

void cc_apply_override(config_t *cfg, cc_parser *ps, const cc_override *ov, size_t index,
                       char *text, size_t text_size)
{
    snprintf(text, text_size, "%s=%s", ov->key_path, ov->value);
    ps->override_text[index] = text;
    config_t scratch;
    config_init(&scratch);
    const config_setting_t *literal = NULL;
    bool is_literal = false;
    if (read_value(ov, ps, text, &scratch, &literal, &is_literal)) {
        config_setting_t *s = config_lookup(cfg, ov->key_path);
        if (is_literal && wraps(ov->value))
            cc_errlist_add(ps->errors, CC_ERR_INVALID,
                           "--set %s: %s: integer %s is too large (at most 2147483647)", text,
                           ov->key_path, ov->value);
        else if (s != NULL && config_setting_is_aggregate(s))
            cc_errlist_add(ps->errors, CC_ERR_INVALID,
                           "--set %s: %s is a group or array; set one of its scalar members",
                           text, ov->key_path);
        else
            write_value(cfg, ps, ov, index, text, s, literal, is_literal);
    }
    config_destroy(&scratch);
}
