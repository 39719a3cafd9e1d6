/* Typed, located access to a libconfig tree for the scenario loader.
 * Every getter records the key it asked for in its group, so that closing the
 * group can report any key nobody asked for as unknown, with a suggestion. */
#ifndef CC_CONFIG_INTERNAL_H
#define CC_CONFIG_INTERNAL_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

#include "carecast/scenario.h"
#include "carecast/status.h"

#define CC_KEY_PATH_MAX 256
#define CC_GROUP_KEYS_MAX 48
#define CC_OVERRIDES_MAX 64

typedef struct cc_parser {
    cc_errlist *errors;
    const char *main_file; /* the scenario file, cited when nothing better is known */
    const char *include_dir; /* directory @include paths are relative to */
    size_t n_overridden;
    const config_setting_t *overridden[CC_OVERRIDES_MAX]; /* settings set by --set */
    const config_setting_t *created[CC_OVERRIDES_MAX];    /* groups an override made */
    const char *override_text[CC_OVERRIDES_MAX];          /* "key=value" as typed */
} cc_parser;

typedef struct cc_group {
    cc_parser *ps;
    config_setting_t *setting;        /* NULL when the group is absent */
    const config_setting_t *anchor;   /* nearest existing setting, for locations */
    char path[CC_KEY_PATH_MAX];       /* dotted path, "" for the root */
    bool accepts_any_key;             /* children are user-named (placements) */
    size_t n_known;
    const char *known[CC_GROUP_KEYS_MAX];
} cc_group;

/* Reports "file:line: path.key: message" for setting s (or the group itself
 * when s is NULL). key may be NULL to cite the group's own path. */
void cc_report(const cc_group *g, const config_setting_t *s, const char *key, const char *fmt,
               ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

void cc_group_root(cc_parser *ps, config_setting_t *root, cc_group *out);
/* Opens child group key of parent. Returns true when it exists and is a group;
 * a missing required group, or a non-group, is reported. */
bool cc_group_open(cc_group *parent, const char *key, bool required, cc_group *out);
/* Opens the i-th child of a user-named group (e.g. one placement type). */
bool cc_group_open_child(cc_group *parent, unsigned int i, cc_group *out);
unsigned int cc_group_length(const cc_group *g);
const char *cc_group_child_name(const cc_group *g, unsigned int i);
/* Reports every child key that no getter asked for. */
void cc_group_close(cc_group *g);
/* True when key is present in g (and marks it known). */
bool cc_has(cc_group *g, const char *key);

bool cc_get_float(cc_group *g, const char *key, double lo, double hi, bool required,
                  double fallback, double *out);
bool cc_get_int(cc_group *g, const char *key, int lo, int hi, bool required, int fallback,
                int *out);
bool cc_get_bool(cc_group *g, const char *key, bool required, bool fallback, bool *out);
bool cc_get_string(cc_group *g, const char *key, bool required, const char *fallback, char *out,
                   size_t out_size);
/* How an uncertain parameter is drawn. */
typedef enum cc_param_kind {
    CC_PARAM_RATE = 0, /* a positive rate or count: gamma */
    CC_PARAM_PCT,      /* a percentage 0-100: beta */
    CC_PARAM_NORMAL,   /* may be negative (price inflation): normal */
} cc_param_kind;

/* A parameter: a number, { mean; sd; } or { observed; years; }. */
bool cc_get_param(cc_group *g, const char *key, double lo, double hi, cc_param_kind kind, bool required,
                  double fallback, cc_param *out);
/* A float array of length in [min_len, max_len] with values in [lo, hi]. */
bool cc_get_floats(cc_group *g, const char *key, size_t min_len, size_t max_len, double lo,
                   double hi, bool required, double *out, size_t *n_out);
/* A string array; each element at most CC_NAME_MAX - 1 characters. */
bool cc_get_names(cc_group *g, const char *key, size_t max_len, bool required,
                  char (*out)[CC_NAME_MAX], size_t *n_out);
/* A date "YYYY-MM-DD"; an impossible date is reported. */
bool cc_get_date(cc_group *g, const char *key, bool required, int *year, int *month, int *day);
/* A financial year "2019/20"; *year becomes 2019. */
bool cc_get_fin_year(cc_group *g, const char *key, bool required, int *year);

/* The path of a file libconfig names (an @include path is relative to the
 * scenario's directory; the scenario itself is named as given) as the user can open it. */
void cc_resolve_path(const cc_parser *ps, const char *file, char *out, size_t size);

/* Reports word as an unknown `what` (e.g. "placement type") with the closest
 * candidate as a suggestion; what == NULL reports an unknown key. */
void cc_report_unknown(const cc_group *g, const config_setting_t *s, const char *key,
                       const char *what, const char *word, const char *const *candidates,
                       size_t n);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t cc_edit_distance(const char *a, const char *b);
/* The closest of n candidates to word, or NULL when none is close. */
const char *cc_suggest(const char *word, const char *const *candidates, size_t n);

#endif
