/* Typed getters over a libconfig tree. Each getter validates type and range,
 * reports problems with file, line and dotted key path, and remembers the key
 * so that cc_group_close can flag keys nobody asked for (typos). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/prices.h"
#include "config/config_internal.h"

/* ---- locations and messages ---- */

/* The override that set s or made a group holding it, as typed; NULL if none. */
static const char *override_text(const cc_parser *ps, const config_setting_t *s)
{
    for (const config_setting_t *at = s; at != NULL; at = config_setting_parent(at))
        for (size_t i = 0; i < ps->n_overridden; i++)
            if (ps->overridden[i] == at || (ps->created[i] != NULL && ps->created[i] == at))
                return ps->override_text[i];
    return NULL;
}

/* Writes the dotted key path into buf; a path too long for it ends in "...",
 * so a message never shows a cut path as if it were whole. */
static void key_path(const cc_group *g, const char *key, char *buf, size_t size)
{
    int n;
    if (key == NULL)
        n = snprintf(buf, size, "%s", g->path[0] != '\0' ? g->path : "(top level)");
    else if (g->path[0] == '\0')
        n = snprintf(buf, size, "%s", key);
    else
        n = snprintf(buf, size, "%s.%s", g->path, key);
    if (n >= 0 && (size_t)n >= size && size > 4)
        memcpy(buf + size - 4, "...", 4);
}

/* Adds "file:line: path.key: message" (or "--set k=v: path.key: message") to list. */
static void add_message(const cc_group *g, const config_setting_t *s, const char *key,
                        cc_errlist *list, const char *message)
{
    char path[CC_KEY_PATH_MAX + 64];
    key_path(g, key, path, sizeof path);

    /* Cite the setting itself, or the nearest enclosing one that exists. */
    const config_setting_t *at = s;
    if (at == NULL && key != NULL && g->setting != NULL)
        at = config_setting_get_member(g->setting, key); /* the key's own line, if present */
    if (at == NULL)
        at = g->setting;
    if (at == NULL)
        at = g->anchor;
    const char *set_text = at != NULL ? override_text(g->ps, at) : NULL;
    if (set_text != NULL) {
        cc_errlist_add(list, CC_ERR_INVALID, "--set %s: %s: %s", set_text, path, message);
        return;
    }
    const char *file = NULL;
    int line = 1;
    cc_setting_location(g->ps, at, &file, &line);
    cc_errlist_add(list, CC_ERR_INVALID, "%s:%d: %s: %s", file, line, path, message);
}

void cc_report(const cc_group *g, const config_setting_t *s, const char *key, const char *fmt,
               ...)
{
    char message[CC_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    add_message(g, s, key, g->ps->errors, message);
}

void cc_warn(const cc_group *g, const config_setting_t *s, const char *key, const char *fmt, ...)
{
    if (g->ps->warnings == NULL)
        return;
    char message[CC_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    add_message(g, s, key, g->ps->warnings, message);
}

static bool ends_with(const char *s, const char *end)
{
    const size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

/* Warns about a value that is valid but probably typed in the wrong unit: a
 * percentage as a fraction (0.1 for 10%) where less than 1% is implausible, an
 * annual cost where a weekly one belongs, or a salary typed by the week. The
 * value is kept: a warning never stops a run. */
static void check_unit(cc_group *g, const config_setting_t *s, const char *key, double v)
{
    char pounds[32];
    /* Only keys for which less than 1% a year is implausible: changes, price
     * rises and staff turnover (a move or exit rate of 0.5% can be right). */
    const bool whole_pct = ends_with(key, "_pct") &&
                           (strstr(key, "change") != NULL || strstr(key, "inflation") != NULL ||
                            strstr(key, "uplift") != NULL || strstr(key, "turnover") != NULL);
    const bool salary = strcmp(key, "permanent_annual_cost_gbp") == 0 ||
                        strcmp(key, "asye_annual_cost_gbp") == 0 ||
                        strcmp(key, "agency_annual_cost_gbp") == 0;
    if (whole_pct && v != 0.0 && fabs(v) < 1.0) {
        cc_warn(g, s, key,
                "%g means %g%%, less than one per cent: percentages are written 0-100 (10 for "
                "10%%); if %g%% is meant, ignore this warning",
                v, v, v);
    } else if ((ends_with(key, "weekly_cost_gbp") || ends_with(key, "weekly_gbp")) &&
               v > CC_WEEKLY_GBP_IMPLAUSIBLE) {
        snprintf(pounds, sizeof pounds, "%.0f", v * 365.25 / 7.0);
        cc_warn(g, s, key,
                "£%.0f a week is £%s a year: is it an annual cost? (a week in the dearest "
                "placements costs about £10,000)",
                v, pounds);
    } else if (salary && v > 0.0 && v < CC_ANNUAL_GBP_IMPLAUSIBLE) {
        cc_warn(g, s, key,
                "£%.0f a year for a social worker is £%.0f a week: is it a weekly or monthly "
                "cost?",
                v, v * 7.0 / 365.25);
    }
}

/* ---- suggestions ---- */

/* Levenshtein distance of a and b, or any value above bound once it must exceed
 * bound: a row whose smallest cell is above bound can only grow. Suggestions
 * need only small distances, so an unknown key costs a few rows per candidate. */
static size_t bounded_distance(const char *a, const char *b, size_t bound)
{
    /* Two-row dynamic programme; names are short (CC_NAME_MAX). */
    size_t prev[CC_KEY_PATH_MAX + 1], cur[CC_KEY_PATH_MAX + 1];
    size_t la = strlen(a), lb = strlen(b);
    if (la > CC_KEY_PATH_MAX)
        la = CC_KEY_PATH_MAX;
    if (lb > CC_KEY_PATH_MAX)
        lb = CC_KEY_PATH_MAX;
    if ((la > lb ? la - lb : lb - la) > bound)
        return bound + 1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
                                         tolower((unsigned char)b[j - 1]));
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
            row_min = best < row_min ? best : row_min;
        }
        if (row_min > bound)
            return bound + 1;
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

size_t cc_edit_distance(const char *a, const char *b)
{
    return bounded_distance(a, b, (size_t)-1 - 1);
}

const char *cc_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    /* A suggestion must be closer than a third of the word, and at most 3 edits away, so
     * unrelated keys are not offered. */
    size_t limit = strlen(word) / 3 + 1;
    if (limit > 3)
        limit = 3;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = bounded_distance(word, candidates[i], limit);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
        }
    }
    return best;
}

/* ---- groups ---- */

static void remember(cc_group *g, const char *key)
{
    for (size_t i = 0; i < g->n_known; i++)
        if (strcmp(g->known[i], key) == 0)
            return;
    if (g->n_known < CC_GROUP_KEYS_MAX)
        g->known[g->n_known++] = key;
}

static config_setting_t *member(cc_group *g, const char *key)
{
    remember(g, key);
    return g->setting != NULL ? config_setting_get_member(g->setting, key) : NULL;
}

void cc_group_root(cc_parser *ps, config_setting_t *root, cc_group *out)
{
    memset(out, 0, sizeof *out);
    out->ps = ps;
    out->setting = root;
    out->anchor = root;
}

static void child_init(cc_group *parent, const char *key, config_setting_t *s, cc_group *out)
{
    memset(out, 0, sizeof *out);
    out->ps = parent->ps;
    out->setting = s;
    out->anchor = s != NULL ? s : (parent->setting != NULL ? parent->setting : parent->anchor);
    key_path(parent, key, out->path, sizeof out->path);
}

bool cc_group_open(cc_group *parent, const char *key, bool required, cc_group *out)
{
    config_setting_t *s = member(parent, key);
    child_init(parent, key, NULL, out);
    if (s == NULL) {
        if (required)
            cc_report(parent, NULL, key, "required group is missing");
        return false;
    }
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        cc_report(parent, s, key, "expected a group { ... }");
        return false;
    }
    child_init(parent, key, s, out);
    return true;
}

unsigned int cc_group_length(const cc_group *g)
{
    return g->setting != NULL ? (unsigned int)config_setting_length(g->setting) : 0;
}

const char *cc_group_child_name(const cc_group *g, unsigned int i)
{
    const config_setting_t *s = config_setting_get_elem(g->setting, i);
    return s != NULL ? config_setting_name(s) : NULL;
}

bool cc_group_open_child(cc_group *parent, unsigned int i, cc_group *out)
{
    config_setting_t *s = config_setting_get_elem(parent->setting, i);
    const char *name = s != NULL ? config_setting_name(s) : NULL;
    child_init(parent, name != NULL ? name : "?", NULL, out);
    if (s == NULL || name == NULL)
        return false;
    remember(parent, name);
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        cc_report(parent, s, name, "expected a group { ... }");
        return false;
    }
    child_init(parent, name, s, out);
    return true;
}

void cc_group_close(cc_group *g)
{
    if (g->setting == NULL || g->accepts_any_key)
        return;
    unsigned int n = (unsigned int)config_setting_length(g->setting);
    for (unsigned int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(g->setting, i);
        const char *name = config_setting_name(s);
        if (name == NULL)
            continue;
        bool known = false;
        for (size_t k = 0; k < g->n_known && !known; k++)
            known = strcmp(g->known[k], name) == 0;
        if (known)
            continue;
        cc_report_unknown(g, s, name, NULL, name, g->known, g->n_known);
    }
}

void cc_report_unknown(const cc_group *g, const config_setting_t *s, const char *key,
                       const char *what, const char *word, const char *const *candidates,
                       size_t n)
{
    char subject[CC_KEY_PATH_MAX];
    if (what != NULL)
        snprintf(subject, sizeof subject, "unknown %s '%s'", what, word);
    else
        snprintf(subject, sizeof subject, "unknown key");
    const char *hint = cc_suggest(word, candidates, n);
    if (hint != NULL)
        cc_report(g, s, key, "%s (did you mean '%s'?)", subject, hint);
    else
        cc_report(g, s, key, "%s", subject);
}

bool cc_has(cc_group *g, const char *key)
{
    return member(g, key) != NULL;
}

/* ---- scalars ---- */

static bool is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static double number_of(const config_setting_t *s)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_FLOAT)
        return config_setting_get_float(s);
    return (double)config_setting_get_int64(s);
}

static const char *type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "an unknown type";
    }
}

static bool missing(cc_group *g, const char *key, bool required)
{
    if (required)
        cc_report(g, NULL, key, "required key is missing");
    return false;
}

/* Checks v is finite and inside [lo, hi]; reports against setting s. */
static bool check_range(cc_group *g, const config_setting_t *s, const char *key, double v,
                        double lo, double hi)
{
    if (!isfinite(v)) {
        cc_report(g, s, key, "must be a finite number");
        return false;
    }
    if (v < lo) {
        if (lo == 0.0)
            cc_report(g, s, key, "must not be negative (got %.10g)", v);
        else
            cc_report(g, s, key, "must be at least %.10g (got %.10g)", lo, v);
        return false;
    }
    if (v > hi) {
        cc_report(g, s, key, "must be at most %.10g (got %.10g)", hi, v);
        return false;
    }
    return true;
}

/* ---- lists of groups ---- */

unsigned int cc_list_open(cc_group *g, const char *key, bool required, cc_group *out)
{
    config_setting_t *s = member(g, key);
    child_init(g, key, NULL, out);
    if (s == NULL) {
        if (required)
            cc_report(g, NULL, key, "required list is missing");
        return 0;
    }
    if (config_setting_type(s) != CONFIG_TYPE_LIST) {
        cc_report(g, s, key, "expected a list ( { ... }, { ... } ), got %s", type_name(s));
        return 0;
    }
    child_init(g, key, s, out);
    out->accepts_any_key = true; /* elements are unnamed */
    return (unsigned int)config_setting_length(s);
}

bool cc_list_open_elem(cc_group *list, unsigned int i, cc_group *out)
{
    config_setting_t *s = config_setting_get_elem(list->setting, i);
    memset(out, 0, sizeof *out);
    out->ps = list->ps;
    out->anchor = s != NULL ? s : list->setting;
    size_t used = strlen(list->path);
    if (used > sizeof out->path - 16)
        used = sizeof out->path - 16;
    memcpy(out->path, list->path, used);
    snprintf(out->path + used, sizeof out->path - used, "[%u]", i);
    if (s == NULL)
        return false;
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        cc_report(list, s, NULL, "element %u: expected a group { ... }, got %s", i, type_name(s));
        return false;
    }
    out->setting = s;
    return true;
}

bool cc_get_float(cc_group *g, const char *key, double lo, double hi, bool required,
                  double fallback, double *out)
{
    const config_setting_t *s = member(g, key);
    *out = fallback;
    if (s == NULL)
        return missing(g, key, required);
    if (!is_number(s)) {
        cc_report(g, s, key, "expected a number, got %s", type_name(s));
        return false;
    }
    double v = number_of(s);
    if (!check_range(g, s, key, v, lo, hi))
        return false;
    check_unit(g, s, key, v);
    *out = v;
    return true;
}

bool cc_get_int(cc_group *g, const char *key, int lo, int hi, bool required, int fallback,
                int *out)
{
    const config_setting_t *s = member(g, key);
    *out = fallback;
    if (s == NULL)
        return missing(g, key, required);
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
        cc_report(g, s, key, "expected a whole number, got %s", type_name(s));
        return false;
    }
    long long v = config_setting_get_int64(s);
    if (!check_range(g, s, key, (double)v, (double)lo, (double)hi))
        return false;
    *out = (int)v;
    return true;
}

bool cc_get_bool(cc_group *g, const char *key, bool required, bool fallback, bool *out)
{
    const config_setting_t *s = member(g, key);
    *out = fallback;
    if (s == NULL)
        return missing(g, key, required);
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
        cc_report(g, s, key, "expected true or false, got %s", type_name(s));
        return false;
    }
    *out = config_setting_get_bool(s) != 0;
    return true;
}

bool cc_get_string(cc_group *g, const char *key, bool required, const char *fallback, char *out,
                   size_t out_size)
{
    const config_setting_t *s = member(g, key);
    snprintf(out, out_size, "%s", fallback != NULL ? fallback : "");
    if (s == NULL)
        return missing(g, key, required);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        cc_report(g, s, key, "expected a string in double quotes, got %s", type_name(s));
        return false;
    }
    const char *v = config_setting_get_string(s);
    if (strlen(v) >= out_size) {
        cc_report(g, s, key, "is too long (at most %zu characters)", out_size - 1);
        return false;
    }
    snprintf(out, out_size, "%s", v);
    return true;
}

void cc_check_shares(cc_group *g, const char *key, const double *shares, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += shares[i];
    if (fabs(sum - 1.0) > CC_SHARE_TOLERANCE)
        cc_report(g, config_setting_get_member(g->setting, key), key,
                  "shares must sum to 1 (they sum to %.9g)", sum);
}

/* ---- parameters with uncertainty ---- */

static bool param_group(cc_group *g, const char *key, config_setting_t *s, double lo, double hi,
                        cc_param_kind kind, cc_param *out)
{
    cc_group p;
    child_init(g, key, s, &p);
    bool ok = true;
    if (cc_has(&p, "observed")) {
        double observed = 0.0, years = 1.0;
        ok &= cc_get_float(&p, "observed", 0.0, 1e9, true, 0.0, &observed);
        ok &= cc_get_float(&p, "years", 1e-6, 1e3, false, 1.0, &years);
        if (kind != CC_PARAM_RATE) {
            cc_report(g, s, key, "observed counts describe a count per year, not a percentage; "
                                 "give { mean = ..; sd = ..; }");
            ok = false;
        }
        out->mean = observed / years;
        out->sd = sqrt(observed) / years;
    } else {
        ok &= cc_get_float(&p, "mean", lo, hi, true, 0.0, &out->mean);
        ok &= cc_get_float(&p, "sd", 0.0, 1e12, true, 0.0, &out->sd);
    }
    cc_group_close(&p);
    if (!ok)
        return false;
    if (!check_range(g, s, key, out->mean, lo, hi))
        return false;
    check_unit(g, s, key, out->mean);
    out->dist = CC_DIST_FIXED;
    /* A quantity that cannot be negative and has mean 0 is 0 on every path (a
     * percentage with mean 100 is 100): certain, whatever sd says. So a
     * goal-seek or sensitivity range may start at "no effect". */
    const bool certain = kind != CC_PARAM_NORMAL &&
                         (out->mean == 0.0 || (kind == CC_PARAM_PCT && out->mean == 100.0));
    if (certain) {
        out->sd = 0.0;
    } else if (out->sd > 0.0 && kind == CC_PARAM_NORMAL) {
        out->dist = CC_DIST_NORMAL;
    } else if (out->sd > 0.0) {
        if (kind == CC_PARAM_PCT) {
            /* A beta distribution needs 0 < m < 1 and sd^2 < m (1 - m). */
            const double m = out->mean / 100.0, v = out->sd / 100.0;
            if (!(m > 0.0 && m < 1.0 && v * v < m * (1.0 - m))) {
                cc_report(g, s, key,
                          "sd %g is too large for a percentage with mean %g "
                          "(need sd < sqrt(mean x (100 - mean)))",
                          out->sd, out->mean);
                return false;
            }
            out->dist = CC_DIST_BETA;
        } else {
            if (!(out->mean > 0.0)) {
                cc_report(g, s, key, "an uncertain rate needs a positive mean");
                return false;
            }
            out->dist = CC_DIST_GAMMA;
        }
    }
    return true;
}

bool cc_get_param(cc_group *g, const char *key, double lo, double hi, cc_param_kind kind, bool required,
                  double fallback, cc_param *out)
{
    config_setting_t *s = member(g, key);
    out->mean = fallback;
    out->sd = 0.0;
    out->dist = CC_DIST_FIXED;
    if (s == NULL)
        return missing(g, key, required);
    if (config_setting_type(s) == CONFIG_TYPE_GROUP)
        return param_group(g, key, s, lo, hi, kind, out);
    if (!is_number(s)) {
        cc_report(g, s, key, "expected a number or { mean = ..; sd = ..; }, got %s",
                  type_name(s));
        return false;
    }
    double v = number_of(s);
    if (!check_range(g, s, key, v, lo, hi))
        return false;
    check_unit(g, s, key, v);
    out->mean = v;
    return true;
}

/* ---- arrays ---- */

static bool is_sequence(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
}

bool cc_get_floats(cc_group *g, const char *key, size_t min_len, size_t max_len, double lo,
                   double hi, bool required, double *out, size_t *n_out)
{
    const config_setting_t *s = member(g, key);
    if (n_out != NULL)
        *n_out = 0;
    if (s == NULL)
        return missing(g, key, required);
    if (!is_sequence(s)) {
        cc_report(g, s, key, "expected an array [ ... ] of numbers, got %s", type_name(s));
        return false;
    }
    size_t n = (size_t)config_setting_length(s);
    if (n < min_len || n > max_len) {
        if (min_len == max_len)
            cc_report(g, s, key, "expected %zu values, got %zu", min_len, n);
        else
            cc_report(g, s, key, "expected %zu to %zu values, got %zu", min_len, max_len, n);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
        char element[CC_NAME_MAX + 16];
        snprintf(element, sizeof element, "%s[%zu]", key, i);
        if (!is_number(e)) {
            cc_report(g, s, element, "expected a number, got %s", type_name(e));
            ok = false;
            continue;
        }
        double v = number_of(e);
        if (!check_range(g, s, element, v, lo, hi))
            ok = false;
        else
            out[i] = v;
    }
    if (ok && n_out != NULL)
        *n_out = n;
    return ok;
}

int cc_get_route(cc_group *g, const char *key, const char *other_word)
{
    const char *const routes[CC_EXIT_ROUTES + 1] = {"return_home", "sgo", "adoption", "other",
                                                    other_word};
    char text[CC_NAME_MAX];
    if (!cc_get_string(g, key, false, other_word, text, sizeof text))
        return -2;
    int r = 0;
    while (r <= CC_EXIT_ROUTES && strcmp(text, routes[r]) != 0)
        r++;
    if (r <= CC_EXIT_ROUTES)
        return r < CC_EXIT_ROUTES ? r : -1; /* routes[] follows cc_exit_route */
    const char *hint = cc_suggest(text, routes, CC_EXIT_ROUTES + 1);
    char suggestion[CC_NAME_MAX + 24] = "";
    if (hint != NULL)
        snprintf(suggestion, sizeof suggestion, " (did you mean '%s'?)", hint);
    cc_report(g, NULL, key,
              "expected \"return_home\", \"sgo\", \"adoption\", \"other\" or \"%s\", got \"%s\"%s",
              other_word, text, suggestion);
    return -2;
}

int cc_month_index(const cc_scenario *sc, int year, int month)
{
    return (year - sc->start_year) * 12 + (month - sc->start_month);
}

bool cc_get_index(cc_group *g, const char *key, cc_price_index *out)
{
    const config_setting_t *s = member(g, key);
    for (size_t y = 0; y < CC_INDEX_YEARS; y++)
        out->annual_pct[y] = 0.0;
    if (s == NULL)
        return true;
    if (is_sequence(s)) {
        double pct[CC_INDEX_YEARS];
        size_t n = 0;
        if (!cc_get_floats(g, key, 1, CC_INDEX_YEARS, CC_INFLATION_MIN, CC_INFLATION_MAX, true,
                           pct, &n))
            return false;
        cc_price_index_by_year(out, pct, n);
        return true;
    }
    double pct = 0.0;
    if (!cc_get_float(g, key, CC_INFLATION_MIN, CC_INFLATION_MAX, true, 0.0, &pct))
        return false;
    cc_price_index_constant(out, pct);
    return true;
}

bool cc_get_names(cc_group *g, const char *key, size_t max_len, bool required,
                  char (*out)[CC_NAME_MAX], size_t *n_out)
{
    const config_setting_t *s = member(g, key);
    *n_out = 0;
    if (s == NULL)
        return missing(g, key, required);
    if (!is_sequence(s)) {
        cc_report(g, s, key, "expected an array [ ... ] of strings, got %s", type_name(s));
        return false;
    }
    size_t n = (size_t)config_setting_length(s);
    if (n == 0 || n > max_len) {
        cc_report(g, s, key, "expected 1 to %zu names, got %zu", max_len, n);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned int)i);
        const char *v = config_setting_get_string(e);
        if (v == NULL || strlen(v) >= CC_NAME_MAX) {
            cc_report(g, s, key, "element %zu must be a name in double quotes", i);
            return false;
        }
        snprintf(out[i], CC_NAME_MAX, "%s", v);
    }
    *n_out = n;
    return true;
}

/* ---- dates ---- */

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool cc_get_date(cc_group *g, const char *key, bool required, int *year, int *month, int *day)
{
    char text[32];
    const config_setting_t *s = member(g, key);
    if (!cc_get_string(g, key, required, "", text, sizeof text) || s == NULL)
        return false;
    int y = 0, m = 0, d = 0, used = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != (int)strlen(text) ||
        strlen(text) != 10) {
        cc_report(g, s, key, "expected a date \"YYYY-MM-DD\", got \"%s\"", text);
        return false;
    }
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        cc_report(g, s, key, "\"%s\" is not a real date", text);
        return false;
    }
    *year = y;
    *month = m;
    *day = d;
    return true;
}

bool cc_get_month(cc_group *g, const char *key, bool required, int *year, int *month)
{
    char text[32];
    const config_setting_t *s = member(g, key);
    if (!cc_get_string(g, key, required, "", text, sizeof text) || s == NULL)
        return false;
    int y = 0, m = 0, used = 0;
    if (sscanf(text, "%4d-%2d%n", &y, &m, &used) != 2 || used != (int)strlen(text) ||
        strlen(text) != 7 || y < 1900 || y > 2200 || m < 1 || m > 12) {
        cc_report(g, s, key, "expected a month \"YYYY-MM\", got \"%s\"", text);
        return false;
    }
    *year = y;
    *month = m;
    return true;
}

bool cc_get_fin_year(cc_group *g, const char *key, bool required, int *year)
{
    char text[32];
    const config_setting_t *s = member(g, key);
    if (!cc_get_string(g, key, required, "", text, sizeof text) || s == NULL)
        return false;
    int y = 0, next = 0, used = 0;
    if (sscanf(text, "%4d/%2d%n", &y, &next, &used) != 2 || used != (int)strlen(text) ||
        strlen(text) != 7 || y < 1900 || y > 2200 || next != (y + 1) % 100) {
        cc_report(g, s, key, "expected a financial year such as \"2019/20\", got \"%s\"", text);
        return false;
    }
    *year = y;
    return true;
}
