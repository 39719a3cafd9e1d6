/* Writing a changed scenario back out (a what-if saved from `carecast serve`):
 * the base's @include lines, re-pointed from the new file's directory, then
 * the base's own settings with the changes applied. libconfig cannot re-define
 * a key that an included file sets, so the base scenario itself cannot be
 * included; its model can, and its own settings are short. */
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

/* The shortest decimal that reads back as exactly x, with a decimal point so
 * that libconfig reads a number, not an integer. */
static void put_float(FILE *f, double x)
{
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
    if (strpbrk(buf, ".eEn") == NULL)
        fputs(".0", f);
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", f);
        else if ((unsigned char)*s < 0x20)
            fputc(' ', f); /* no other control character survives a scenario file */
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void put_setting(FILE *f, const config_setting_t *s, int indent, const cc_tree *changed,
                        const cc_tree *base);

/* The members of a group, array or list, one per line. */
static void put_members(FILE *f, const config_setting_t *s, int indent, const cc_tree *changed,
                        const cc_tree *base)
{
    const int type = config_setting_type(s);
    const int n = config_setting_length(s);
    const bool group = type == CONFIG_TYPE_GROUP;
    fputs(group ? "{\n" : type == CONFIG_TYPE_LIST ? "(" : "[", f);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
        if (group) {
            put_setting(f, e, indent + 2, changed, base);
        } else {
            fputs(i > 0 ? ", " : "", f);
            put_setting(f, e, -1, changed, base);
        }
    }
    if (group)
        fprintf(f, "%*s}", indent, "");
    else
        fputs(type == CONFIG_TYPE_LIST ? ")" : "]", f);
}

static void put_value(FILE *f, const config_setting_t *s, int indent, const cc_tree *changed,
                      const cc_tree *base)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        fprintf(f, "%d", config_setting_get_int(s));
        break;
    case CONFIG_TYPE_INT64:
        fprintf(f, "%lldL", config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT:
        put_float(f, config_setting_get_float(s));
        break;
    case CONFIG_TYPE_BOOL:
        fputs(config_setting_get_bool(s) ? "true" : "false", f);
        break;
    case CONFIG_TYPE_STRING:
        put_string(f, config_setting_get_string(s));
        break;
    default:
        put_members(f, s, indent < 0 ? 0 : indent, changed, base);
    }
}

/* The override that set s, or -1. */
static int override_of(const cc_tree *t, const config_setting_t *s)
{
    for (size_t i = 0; i < t->ps.n_overridden; i++)
        if (t->ps.overridden[i] == s)
            return (int)i;
    return -1;
}

/* "# changed (was VALUE)" after a setting an override changed. */
static void put_change_mark(FILE *f, const cc_tree *changed, const cc_tree *base, int i)
{
    const char *text = changed->override_texts[i];
    const size_t key_len = strcspn(text, "=");
    char key[CC_KEY_PATH_MAX];
    snprintf(key, sizeof key, "%.*s", (int)key_len, text);
    const config_setting_t *old = config_lookup(&base->cfg, key);
    fputs("  # changed (", f);
    if (old != NULL && !config_setting_is_aggregate(old)) {
        fputs("was ", f);
        put_value(f, old, 0, changed, base);
    } else {
        fputs("not set before", f);
    }
    fputs(")", f);
}

/* indent < 0: an element of an array or list (no name, no ';'). */
static void put_setting(FILE *f, const config_setting_t *s, int indent, const cc_tree *changed,
                        const cc_tree *base)
{
    if (indent >= 0)
        fprintf(f, "%*s%s = ", indent, "", config_setting_name(s));
    put_value(f, s, indent, changed, base);
    if (indent < 0)
        return;
    fputc(';', f);
    const int i = override_of(changed, s);
    if (i >= 0)
        put_change_mark(f, changed, base, i);
    fputc('\n', f);
}

/* Writes into out the path of target relative to directory dir (both must
 * exist). Returns false when either cannot be resolved. */
static bool relative_path(const char *dir, const char *target, char *out, size_t size)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (realpath(dir, from) == NULL || realpath(target, to) == NULL)
        return false;
    /* The longest common directory prefix, then one ".." per remaining part of from. */
    size_t common = 0;
    for (size_t i = 0; from[i] != '\0' && from[i] == to[i]; i++)
        if ((from[i + 1] == '\0' || from[i + 1] == '/') && (to[i + 1] == '\0' || to[i + 1] == '/'))
            common = i + 1;
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = from + common; strcmp(from, "/") != 0 && *p != '\0'; p++)
        if (*p == '/' && used + 4 < size)
            used += (size_t)snprintf(out + used, size - used, "../");
    snprintf(out + used, size - used, "%s", to + common + (to[common] == '/'));
    return true;
}

/* The file a top-level setting came from, as the user can open it, or NULL
 * when the scenario file itself (or an override) set it. */
static const char *included_from(const cc_tree *t, const config_setting_t *s)
{
    size_t file = 0;
    int line = 0;
    return cc_tree_where(t, s, &file, &line) && file > 0 ? t->src.files[file].path : NULL;
}

/* One @include line per file the base includes, in order, each once. */
static bool put_includes(FILE *f, const cc_tree *t, const char *dir, cc_errlist *errors)
{
    const config_setting_t *root = config_root_setting(&t->cfg);
    char seen[CC_MAX_FILES][CC_PATH_MAX];
    size_t n_seen = 0;
    for (int i = 0; i < config_setting_length(root); i++) {
        char rel[CC_PATH_MAX];
        const char *inc = included_from(t, config_setting_get_elem(root, (unsigned)i));
        bool known = inc == NULL;
        for (size_t k = 0; k < n_seen && !known; k++)
            known = strcmp(seen[k], inc) == 0;
        if (known || n_seen == CC_MAX_FILES)
            continue;
        snprintf(seen[n_seen++], CC_PATH_MAX, "%s", inc);
        if (!relative_path(dir, inc, rel, sizeof rel)) {
            cc_errlist_add(errors, CC_ERR_IO, "%s: cannot find it from %s", inc, dir);
            return false;
        }
        fputs("@include ", f);
        put_string(f, rel);
        fputc('\n', f);
    }
    return true;
}

/* Refuses overrides of keys an included file sets: the written file could
 * not carry them. */
static bool changes_own_keys(const cc_tree *t, const cc_override *overrides, size_t n,
                             cc_errlist *errors)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char top[CC_KEY_PATH_MAX];
        snprintf(top, sizeof top, "%.*s", (int)strcspn(overrides[i].key_path, "."),
                 overrides[i].key_path);
        const config_setting_t *s = config_lookup(&t->cfg, top);
        const char *file = included_from(t, s);
        if (file != NULL) {
            cc_errlist_add(errors, CC_ERR_INVALID,
                           "--set %s: %s is set in %s, which a saved scenario includes "
                           "unchanged; only levers, initiatives and run can be changed",
                           t->override_texts[i], overrides[i].key_path, file);
            ok = false;
        }
    }
    return ok;
}

static void put_comment(FILE *f, const char *comment)
{
    while (comment != NULL && *comment != '\0') {
        const size_t len = strcspn(comment, "\n");
        fprintf(f, "# %.*s\n", (int)len, comment);
        comment += len + (comment[len] == '\n');
    }
}

cc_status cc_scenario_write_variant(FILE *f, const char *path, const cc_override *overrides,
                                    size_t n_overrides, const char *dir, const char *comment,
                                    cc_errlist *errors)
{
    cc_tree *t = malloc(2 * sizeof *t);
    if (t == NULL) {
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }
    cc_tree *base = &t[1];
    const size_t errors_before = errors->count;
    cc_status st = cc_tree_read(base, path, &cc_disk_reader, NULL, 0, errors);
    const bool changed_read = st == CC_OK;
    if (changed_read)
        st = cc_tree_read(t, path, &cc_disk_reader, overrides, n_overrides, errors);
    if (st == CC_OK && (errors->count > errors_before ||
                        !changes_own_keys(base, overrides, n_overrides, errors)))
        st = errors->status != CC_OK ? errors->status : CC_ERR_INVALID;
    if (st == CC_OK) {
        put_comment(f, comment);
        if (!put_includes(f, t, dir, errors))
            st = CC_ERR_IO;
    }
    const config_setting_t *root = st == CC_OK ? config_root_setting(&t->cfg) : NULL;
    for (int i = 0; st == CC_OK && i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        if (included_from(t, s) == NULL) {
            fputc('\n', f);
            put_setting(f, s, 0, t, base);
        }
    }
    if (st == CC_OK && (fflush(f) != 0 || ferror(f))) {
        cc_errlist_add(errors, CC_ERR_IO, "writing the scenario failed");
        st = CC_ERR_IO;
    }
    if (changed_read)
        cc_tree_free(t);
    cc_tree_free(base); /* cc_tree_read initialises a tree whatever it returns */
    free(t);
    return st;
}
