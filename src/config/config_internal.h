/* Private to src/config/: typed, located access to a libconfig tree (parse.c),
 * the loader's generic steps (include.c, override.c, wide.c, assumption.c)
 * and one reader per section of docs/scenario-format.md (run.c ... history.c).
 * Every getter records the key it asked for in its group, so that closing the
 * group can report any key nobody asked for as unknown, with a suggestion. */
#ifndef CC_CONFIG_INTERNAL_H
#define CC_CONFIG_INTERNAL_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

#include "carecast/config.h"
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

/* Reports key of g unless the n shares sum to 1 (within 1e-6). */
void cc_check_shares(cc_group *g, const char *key, const double *shares, size_t n);

/* ---- the loader's generic steps ---- */

/* Records key of group g as a key assumption for reports (when it is set),
 * with the comment on its line that cites the source (assumption.c). */
void cc_assume(cc_scenario *sc, const cc_group *g, const char *key, const char *label,
               double value, cc_unit unit);
/* Applies one --set override to cfg; index is its slot in ps (override.c). */
void cc_apply_override(config_t *cfg, cc_parser *ps, const cc_override *ov, size_t index,
                       char *text, size_t text_size);
/* Reports a libconfig syntax or @include error (include.c). */
void cc_report_syntax_error(const config_t *cfg, const cc_parser *ps, cc_errlist *errors);
/* Lists in sc->files every file the tree was read from, scenario first (include.c). */
void cc_collect_files(cc_scenario *sc, const cc_parser *ps, const config_t *cfg);
/* Reports integer literals in file that libconfig would wrap to 32 bits (wide.c). */
void cc_check_wide_integers(const config_t *cfg, const cc_parser *ps, const char *file,
                            cc_errlist *errors);

/* ---- sections, in the order of docs/scenario-format.md ---- */

#define CC_SHARE_TOLERANCE 1e-6
#define CC_MONEY_MAX 1e12 /* pounds: far above any children's services budget */
#define CC_COUNT_MAX 1000000
#define CC_RATE_MAX 1e7 /* children per year */

/* Keys of the exit routes, in cc_exit_route order ("return_home_annual_pct", ...). */
extern const char *const cc_route_keys[CC_EXIT_ROUTES];

void cc_parse_model(cc_group *root, cc_scenario *sc);         /* load.c */
void cc_parse_run(cc_group *root, cc_run_settings *run);      /* run.c */
void cc_parse_bands(cc_group *m, cc_scenario *sc);            /* placements.c */
void cc_parse_placements(cc_group *m, cc_scenario *sc);       /* placements.c */
/* Resolves a placement type name; reports unknown names with a suggestion. */
int cc_placement_ref(cc_group *g, const char *key, const char *name, const cc_scenario *sc);
/* Shares over placement types given as a group { type = share; ... }. */
void cc_placement_shares(cc_group *parent, const char *key, bool required,
                         const cc_scenario *sc, double *out);
/* True when a placement type has capacity = "beds". */
bool cc_has_beds(const cc_scenario *sc);
void cc_parse_exits(cc_group *p, cc_placement *pl);           /* flows.c */
void cc_parse_moves(cc_group *m, cc_scenario *sc);            /* flows.c */
void cc_parse_entries(cc_group *m, cc_scenario *sc);          /* flows.c */
void cc_check_leaving(cc_group *m, const cc_scenario *sc);    /* flows.c */
void cc_parse_plans(cc_group *m, cc_scenario *sc);            /* plans.c */
void cc_parse_carers(cc_group *m, cc_scenario *sc);           /* carers.c */
void cc_parse_care_leavers(cc_group *m, cc_care_leavers *cl); /* leavers.c */
void cc_parse_uasc(cc_group *m, cc_scenario *sc);             /* leavers.c */
void cc_parse_finance(cc_group *m, cc_scenario *sc);          /* money.c */
void cc_parse_workforce(cc_group *m, cc_scenario *sc);        /* workforce.c */
void cc_parse_levers(cc_group *root, cc_scenario *sc);        /* levers.c */
void cc_parse_initiatives(cc_group *root, cc_scenario *sc);   /* initiatives.c */
void cc_parse_history(cc_group *m, cc_scenario *sc);          /* history.c */
void cc_parse_sensitivity(cc_group *m, cc_scenario *sc);      /* history.c */

#endif
