/* Private to src/config/: the text libconfig reads (include.c, source.c),
 * typed, located access to the parsed tree (parse.c),
 * the loader's generic steps (override.c, wide.c, assumption.c)
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

/* ---- the text libconfig reads (include.c, source.c) ----
 * Before libconfig sees anything, include.c reads the scenario and every file
 * it @includes through a cc_reader, checks the limits below, and expands each
 * @include in place into one text. libconfig parses that text from memory and
 * never opens a file; each line of the text maps back to (file, line). */

#define CC_TEXT_BYTES_MAX 1048576 /* a scenario with every @include expanded: 1 MiB */
#define CC_INCLUDE_DEPTH_MAX 10   /* @include inside @include, as libconfig 1.5 */
#define CC_GROUP_SETTINGS_MAX 64  /* settings in one group: libconfig adds them in quadratic time */
#define CC_SETTINGS_MAX 5000      /* named settings in all the files */
/* Names (keys) are at most CC_NAME_MAX - 1 characters. */
#define CC_NESTING_MAX 64         /* groups, arrays and lists inside each other */
#define CC_WIDE_LITERALS_MAX 16   /* wrapping integers reported; more are not listed */

typedef enum cc_read_result {
    CC_READ_OK = 0,
    CC_READ_FAILED,      /* cannot open or read: why holds the reason */
    CC_READ_DIRECTORY,   /* a directory */
    CC_READ_NOT_REGULAR, /* a FIFO, device or socket */
    CC_READ_TOO_LARGE,   /* more than max_bytes */
    CC_READ_NOMEM,
} cc_read_result;

/* Where files come from: the disk (cc_disk_reader), or memory for tests and fuzzing. */
typedef struct cc_reader {
    /* Reads the whole regular file at path, at most max_bytes, into a new
     * NUL-terminated buffer *text (the caller frees it) of *size bytes, without
     * blocking (a FIFO is refused). For CC_READ_TOO_LARGE, *size is the size
     * seen; for CC_READ_FAILED, why holds the reason. */
    cc_read_result (*read)(void *ctx, const char *path, size_t max_bytes, char **text,
                           size_t *size, char *why, size_t why_size);
    void *ctx;
} cc_reader;

extern const cc_reader cc_disk_reader;

/* cc_scenario_load (config.h) with files read through reader. */
cc_status cc_scenario_load_from(const char *path, const cc_reader *reader,
                                const cc_override *overrides, size_t n_overrides,
                                cc_scenario **out, cc_errlist *errors);

typedef struct cc_source_file {
    char path[CC_PATH_MAX]; /* as the user can open it (relative to the working directory) */
    char *text;             /* whole contents, NUL-terminated */
    size_t size;            /* bytes */
} cc_source_file;

/* Lines from text_line on come from file's lines from file_line on. */
typedef struct cc_line_span {
    int text_line;
    size_t file;
    int file_line;
} cc_line_span;

/* An integer literal libconfig would keep only 32 bits of. */
typedef struct cc_wide_literal {
    int text_line;          /* line of the expanded text */
    char key[CC_NAME_MAX];  /* the name before the '=' on its line, or "value" */
    char digits[64];        /* the literal, cut short if longer */
} cc_wide_literal;

typedef struct cc_sources {
    size_t n_files;
    cc_source_file files[CC_MAX_FILES]; /* every file read, in order, the scenario first */
    char *text;                         /* the expanded text libconfig parses */
    size_t len, cap;                    /* bytes used and allocated */
    cc_line_span *spans;
    size_t n_spans, cap_spans;
    size_t n_wide;
    cc_wide_literal wide[CC_WIDE_LITERALS_MAX];
} cc_sources;

/* Reads path and every file it @includes into src (zeroed by the caller) and
 * expands them. Problems are reported as "file:line: message"; returns CC_OK,
 * CC_ERR_IO (the scenario cannot be read), CC_ERR_PARSE or CC_ERR_NOMEM. */
cc_status cc_sources_read(cc_sources *src, const char *path, const cc_reader *reader,
                          cc_errlist *errors);
void cc_sources_destroy(cc_sources *src);
/* Appends a span (text_line maps to file's file_line); false when out of memory. */
bool cc_sources_span(cc_sources *src, int text_line, size_t file, int file_line);
/* The file and line that line text_line of the expanded text came from; false for
 * line 0 (the root, or a setting made by --set). */
bool cc_sources_locate(const cc_sources *src, int text_line, size_t *file, int *file_line);
/* Line n of file (from 1): its start, and its length without the newline; NULL if none. */
const char *cc_sources_line(const cc_sources *src, size_t file, int n, size_t *len);

/* ---- the parsed tree ---- */

typedef struct cc_parser {
    cc_errlist *errors;
    cc_errlist *warnings;  /* values accepted but probably in the wrong unit; may be NULL */
    const cc_sources *src; /* the files read and the line map */
    const char *main_file; /* the scenario file, cited when nothing better is known */
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

/* Weekly costs above this, and social workers' annual costs below the next,
 * are probably typed in another unit (cc_warn). */
#define CC_WEEKLY_GBP_IMPLAUSIBLE 20000.0
#define CC_ANNUAL_GBP_IMPLAUSIBLE 5000.0

/* Records a warning, located like cc_report, for a value that is accepted. */
void cc_warn(const cc_group *g, const config_setting_t *s, const char *key, const char *fmt,
             ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

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
/* Opens the list `key` of g (a libconfig list of groups) and returns its
 * length; 0 when absent (reported if required) or not a list (reported). */
unsigned int cc_list_open(cc_group *g, const char *key, bool required, cc_group *out);
/* Opens element i of a list opened by cc_list_open; its path is "key[i]". */
bool cc_list_open_elem(cc_group *list, unsigned int i, cc_group *out);
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
/* A price index (cc_price_index): one annual % change, or an array of them by
 * financial year from the model's first; each in [CC_INFLATION_MIN, _MAX]. An
 * absent key gives flat cash (all 0) and true. */
#define CC_INFLATION_MIN -50.0
#define CC_INFLATION_MAX 100.0
bool cc_get_index(cc_group *g, const char *key, cc_price_index *out);
/* A string array; each element at most CC_NAME_MAX - 1 characters. */
bool cc_get_names(cc_group *g, const char *key, size_t max_len, bool required,
                  char (*out)[CC_NAME_MAX], size_t *n_out);
/* A date "YYYY-MM-DD"; an impossible date is reported. */
bool cc_get_date(cc_group *g, const char *key, bool required, int *year, int *month, int *day);
/* An exit route named exactly: "return_home", "sgo", "adoption" or "other", or the word
 * other_word ("all", "none"), which is also the default. Returns the cc_exit_route, -1 for
 * other_word, or -2 when the value is wrong (reported, with a suggestion). */
int cc_get_route(cc_group *g, const char *key, const char *other_word);
/* Months from the model's start date to the first of (year, month). */
int cc_month_index(const cc_scenario *sc, int year, int month);
/* A financial year "2019/20"; *year becomes 2019. */
bool cc_get_fin_year(cc_group *g, const char *key, bool required, int *year);

/* Where setting s was written: its file's path and line; the scenario file at
 * line 1 for the root and for settings made by --set. */
void cc_setting_location(const cc_parser *ps, const config_setting_t *s, const char **file,
                         int *line);
/* True when s was set or made by a --set override. */
bool cc_is_overridden(const cc_parser *ps, const config_setting_t *s);

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

/* A scenario's files, expanded and parsed, with the overrides applied (load.c). */
typedef struct cc_tree {
    config_t cfg;
    cc_parser ps;
    cc_sources src;                                 /* the files read and the line map */
    char (*override_texts)[CC_ERROR_MESSAGE_MAX];   /* "key=value", as cited */
} cc_tree;

/* Reads path and its @includes through reader into t, parses them and
 * applies the overrides, reporting problems into errors. Free t with
 * cc_tree_free whatever the status. */
cc_status cc_tree_read(cc_tree *t, const char *path, const cc_reader *reader,
                       const cc_override *overrides, size_t n_overrides, cc_errlist *errors);
void cc_tree_free(cc_tree *t);
/* The file (index into t->src.files, 0 = the scenario) and line that setting
 * s came from; false for a setting an override made. */
bool cc_tree_where(const cc_tree *t, const config_setting_t *s, size_t *file, int *line);
/* The comment after '#' (outside strings) in the len bytes at line, trimmed
 * ("" when none) (assumption.c). */
void cc_line_comment(const char *line, size_t len, char *out, size_t size);

/* Records key of group g as a key assumption for reports (when it is set),
 * with the comment on its line that cites the source (assumption.c). */
void cc_assume(cc_scenario *sc, const cc_group *g, const char *key, const char *label,
               double value, cc_unit unit);
/* Applies one --set override to cfg; index is its slot in ps (override.c). */
void cc_apply_override(config_t *cfg, cc_parser *ps, const cc_override *ov, size_t index,
                       char *text, size_t text_size);
/* Reports a libconfig syntax error at its file and line (source.c). */
void cc_report_syntax_error(const config_t *cfg, const cc_parser *ps);
/* True when the tree holds no name or string libconfig failed to copy (it
 * leaves NULL when strdup fails); otherwise reports running out of memory. */
bool cc_tree_complete(const cc_parser *ps, const config_setting_t *root);
/* The length of the integer literal at text (digits, or 0x and hex digits) when
 * libconfig 1.5 would wrap it to 32 bits: no L suffix and above 2147483647; else 0 (wide.c). */
size_t cc_wide_literal_len(const char *text, size_t len);
/* The key a literal at line[i] belongs to: the name before the nearest '=' or ':' (wide.c). */
void cc_key_before(const char *line, size_t i, char *key, size_t size);
/* Reports the literals src->wide with their key paths (wide.c). */
void cc_report_wide_integers(const config_t *cfg, const cc_parser *ps);

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
void cc_parse_plans(cc_group *m, cc_scenario *sc);            /* plans.c */
void cc_parse_carers(cc_group *m, cc_scenario *sc);           /* carers.c */
void cc_parse_care_leavers(cc_group *m, cc_care_leavers *cl); /* leavers.c */
void cc_parse_uasc(cc_group *m, cc_scenario *sc);             /* leavers.c */
void cc_parse_finance(cc_group *m, cc_scenario *sc);          /* money.c */
/* Reports every cost no budget line covers, once initiatives are read (money.c). */
void cc_check_budget_coverage(cc_group *root, const cc_scenario *sc);
void cc_parse_allowances(cc_group *m, cc_scenario *sc);       /* costs.c */
void cc_parse_other_costs(cc_group *m, cc_scenario *sc);      /* costs.c */
/* The CC_COVERS_* bits of a cost's name in a budget line's covers or a
 * contribution's share_of: a placement type, "care_leavers", "staff",
 * "overheads", "initiatives", "allowances" (every kind), an allowance kind or
 * an other cost line. Reports an unknown name (with a suggestion) and gives 0. */
uint64_t cc_cost_bits(cc_group *g, const char *key, const char *name, const cc_scenario *sc);
void cc_parse_workforce(cc_group *m, cc_scenario *sc);        /* workforce.c */
void cc_parse_levers(cc_group *root, cc_scenario *sc);        /* levers.c */
void cc_parse_initiatives(cc_group *root, cc_scenario *sc);   /* initiatives.c */
/* The largest size an initiative of this kind may have (initiatives.c). */
double cc_effect_size_max(cc_effect_kind kind);

/* A lever as the loader reads it and a what-if page offers it (controls.c). */
typedef struct cc_lever_spec {
    const char *key;     /* under levers, e.g. "entries_change_pct" */
    const char *label;   /* for people */
    const char *unit;
    cc_control_kind kind;
    double min, max;     /* accepted */
    double low, high;    /* offered on a slider */
    double step;
    size_t offset;       /* of its value in cc_levers: a double (NUMBER) or an int
                            (WHOLE); unused for dates and price_change_pct */
} cc_lever_spec;
extern const cc_lever_spec cc_lever_specs[];
extern const size_t cc_n_lever_specs;
void cc_parse_history(cc_group *m, cc_scenario *sc);          /* history.c */
/* A month "YYYY-MM" at key of g; false (reported) when malformed. */
bool cc_get_month(cc_group *g, const char *key, bool required, int *year, int *month);
/* Section `model.processes` (processes.c); `parent` holds a `processes` group.
 * present[target] says which processes the group sets. */
void cc_parse_processes(cc_group *parent, cc_process *out, bool *present);
/* The top-level `calibration` section, applied over the model (calibration.c). */
void cc_parse_calibration(cc_group *root, cc_scenario *sc);
void cc_parse_sensitivity(cc_group *m, cc_scenario *sc);      /* history.c */

#endif
