/* Calibration from SSDA903 returns: the children-looked-after episode files
 * every English local authority sends to the DfE. Reads header and episodes
 * CSVs, rebuilds periods of care, counts events and child-days of exposure in
 * a window, estimates hazards and writes a carecast model file as text.
 * Nothing here prints, exits or uses libconfig; bad rows are counted in a
 * cc_ssda903_log with file, row and column. */
#ifndef CARECAST_SSDA903_H
#define CARECAST_SSDA903_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "carecast/scenario.h"
#include "carecast/status.h"

/* ---- dates: whole days since 1970-01-01 (proleptic Gregorian) ---- */

/* Parses "dd/mm/yyyy" (the DfE layout) or ISO "yyyy-mm-dd" into *days.
 * Returns false, leaving *days alone, for anything else or a date that does
 * not exist (31/02/2020). Surrounding spaces are allowed. */
bool cc_ssda903_date_parse(const char *text, int *days);

/* Writes days as "yyyy-mm-dd" into out (at least 11 bytes). */
void cc_ssda903_date_format(int days, char out[static 11]);

/* ---- the grouping of codes: placement types, exit routes, age bands ---- */

/* Exit routes, in the model's order; AGE_18 is leaving on or after the 18th
 * birthday, which the model produces by ageing rather than as a rate. */
typedef enum cc_ssda903_route {
    CC_SSDA903_RETURN_HOME = 0,
    CC_SSDA903_SGO, /* special guardianship and child arrangements orders */
    CC_SSDA903_ADOPTION,
    CC_SSDA903_OTHER,
    CC_SSDA903_AGE_18,
    CC_SSDA903_ROUTES,
    CC_SSDA903_CONTINUES = CC_SSDA903_ROUTES /* REC X1: a new episode starts that day */
} cc_ssda903_route;

/* Which PLACE (and PLACE_PROVIDER) codes make up each placement type, which
 * REC codes make up each route, and the age bands. Opaque. */
typedef struct cc_ssda903_mapping cc_ssda903_mapping;

/* Loads a mapping file (CSV, see docs/calibration.md), or the built-in
 * default when path is NULL. Sections the file leaves out keep the default.
 * Errors cite "path:line: message". Returns CC_OK, CC_ERR_IO, CC_ERR_INVALID
 * or CC_ERR_NOMEM; *out stays NULL on failure. */
cc_status cc_ssda903_mapping_load(const char *path, cc_ssda903_mapping **out, cc_error *err);

/* Frees a mapping; NULL is allowed. */
void cc_ssda903_mapping_free(cc_ssda903_mapping *map);

/* Writes the mapping in the file format that cc_ssda903_mapping_load reads. */
cc_status cc_ssda903_mapping_write(FILE *f, const cc_ssda903_mapping *map, cc_error *err);

/* ---- problems in the data: counted, with the first few cited ---- */

typedef enum cc_ssda903_problem {
    CC_SSDA903_SKIPPED_FILE = 0, /* a CSV that is neither a header nor an episodes table */
    CC_SSDA903_MISSING_YEAR,     /* a collection year between the first and last is absent */
    CC_SSDA903_NO_CHILD,         /* a row with a blank CHILD: row dropped */
    CC_SSDA903_BAD_DATE,         /* DECOM, DEC or DOB not a date: child dropped */
    CC_SSDA903_MISSING_DOB,      /* blank DOB: child dropped */
    CC_SSDA903_NO_HEADER,        /* episodes of a child with no header row: child dropped */
    CC_SSDA903_DOB_CONFLICT,     /* header rows disagree on DOB: the latest file's is used */
    CC_SSDA903_END_BEFORE_START, /* DEC before DECOM: child dropped */
    CC_SSDA903_BEFORE_BIRTH,     /* DECOM before DOB: child dropped */
    CC_SSDA903_UNKNOWN_PLACE,    /* PLACE not in the mapping: child dropped */
    CC_SSDA903_UNKNOWN_REC,      /* REC not in the mapping: the exit counts as "other" */
    CC_SSDA903_DUPLICATE,        /* same child and DECOM again with another DEC: latest kept */
    CC_SSDA903_SAME_END,         /* two episodes with the same DEC: the later-starting dropped */
    CC_SSDA903_OVERLAP,          /* DEC after the next DECOM: DEC set to that DECOM */
    CC_SSDA903_REC_CONTINUES,    /* REC says a new episode follows, none does: exit "other" */
    CC_SSDA903_REC_LEFT,         /* REC says the child left, an episode follows the same day */
    CC_SSDA903_AGE_18_EARLY,     /* an age-18 REC (E17) before the 18th birthday: "other" */
    CC_SSDA903_PROBLEMS
} cc_ssda903_problem;

#define CC_SSDA903_DETAILS_MAX 5 /* messages kept for each kind of problem */

/* What reading and calibrating found. Initialise with cc_ssda903_log_init,
 * release with cc_ssda903_log_destroy. */
typedef struct cc_ssda903_log {
    size_t count[CC_SSDA903_PROBLEMS]; /* occurrences of each problem */
    cc_errlist details; /* up to CC_SSDA903_DETAILS_MAX of each: "file:row: COLUMN: message" */
    size_t files_header;      /* header tables read */
    size_t files_episodes;    /* episodes tables read */
    size_t rows_header;       /* header rows read */
    size_t rows_episodes;     /* episode rows read */
    size_t duplicate_rows;    /* repeats of an episode across yearly files, merged */
    size_t children;          /* children kept */
    size_t episodes;          /* episodes kept after merging */
    size_t children_dropped;  /* children dropped, each for its first problem */
    size_t episodes_dropped;  /* their episodes */
    size_t redundant;         /* continuations in the same placement type (not exits) */
} cc_ssda903_log;

void cc_ssda903_log_init(cc_ssda903_log *log);
void cc_ssda903_log_destroy(cc_ssda903_log *log);

/* One line saying what a problem is and what was done about it. */
const char *cc_ssda903_problem_text(cc_ssda903_problem problem);

/* ---- reading ---- */

/* Episodes, cleaned and merged across yearly files. Opaque. */
typedef struct cc_ssda903_data cc_ssda903_data;

/* Reads every *.csv in dir and its subdirectories (one level, e.g. one per
 * collection year), telling header and episodes tables apart by their
 * columns; other tables are skipped. Duplicated episodes are merged, bad rows
 * counted in log (see cc_ssda903_problem). Returns CC_OK, CC_ERR_IO (dir or a
 * file unreadable), CC_ERR_INVALID (no episodes, a required column missing),
 * or CC_ERR_NOMEM; *out stays NULL on failure. */
cc_status cc_ssda903_read(const char *dir, const cc_ssda903_mapping *map, cc_ssda903_data **out,
                          cc_ssda903_log *log, cc_error *err);

/* Frees data; NULL is allowed. */
void cc_ssda903_data_free(cc_ssda903_data *data);

/* The days the returns cover: from the 1 April that starts the earliest
 * collection year to the 31 March that ends the latest. Children already in
 * care on the first day are left-truncated: their earlier time is unseen. */
void cc_ssda903_coverage(const cc_ssda903_data *data, int *first_day, int *last_day);

/* ---- estimating ---- */

#define CC_SSDA903_YEARS_MAX 40 /* financial years of history */

/* Stocks at one 31 March and the flows of the financial year it ends. */
typedef struct cc_ssda903_year {
    int year_end;                           /* the 31 March, in days */
    bool has_flows;                         /* false for the year before the first return */
    double cic;                             /* children in care (under 18) that day */
    double placements[CC_MAX_PLACEMENTS];   /* of which, by placement type */
    double entries;                         /* periods of care begun in the year */
    double exits;                           /* periods ended, 18th birthdays included */
} cc_ssda903_year;

/* Counts, exposure and fitted hazards for one window, the days window_start
 * to window_end inclusive: exposure is the child-days in care on those days
 * (split by band at birthdays, ending at the 18th), events are those dated on
 * them, and the stock is the children in care on window_end. */
typedef struct cc_ssda903_estimate {
    size_t n_bands, n_types;
    char band_names[CC_MAX_BANDS][CC_NAME_MAX];
    int band_min_age[CC_MAX_BANDS], band_max_age[CC_MAX_BANDS]; /* years, inclusive */
    char type_names[CC_MAX_PLACEMENTS][CC_NAME_MAX];
    char type_labels[CC_MAX_PLACEMENTS][CC_TEXT_MAX];
    int first_day, last_day;     /* the data's coverage */
    int window_start, window_end; /* the window actually used */
    double window_years;         /* (end - start) / 365.25 */

    /* Counts in the window, by band b and type t (moves: from t to u). */
    double exposure_days[CC_MAX_BANDS][CC_MAX_PLACEMENTS];
    double exits[CC_MAX_BANDS][CC_MAX_PLACEMENTS][CC_SSDA903_ROUTES];
    double moves[CC_MAX_BANDS][CC_MAX_PLACEMENTS][CC_MAX_PLACEMENTS];
    double entries[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* by band at entry and first type */
    double stock[CC_MAX_BANDS][CC_MAX_PLACEMENTS];   /* in care on window_end */
    double stock_18_plus;                            /* in care then but 18 or over */

    /* Fitted hazards per child-year: exits of band b, type t, route r are
     * band_multiplier[b] x exit_rate[t][r]; each rate is the mean of a gamma
     * with shape *_shape and rate *_years (child-years), which gives its
     * uncertainty for the per-path draws. */
    double band_multiplier[CC_MAX_BANDS];
    double exit_rate[CC_MAX_PLACEMENTS][CC_SSDA903_ROUTES];
    double exit_shape[CC_MAX_PLACEMENTS][CC_SSDA903_ROUTES];
    double exit_years[CC_MAX_PLACEMENTS][CC_SSDA903_ROUTES];
    double move_rate[CC_MAX_PLACEMENTS][CC_MAX_PLACEMENTS];
    double move_shape[CC_MAX_PLACEMENTS][CC_MAX_PLACEMENTS];
    double move_years[CC_MAX_PLACEMENTS][CC_MAX_PLACEMENTS];
    double capped[CC_MAX_PLACEMENTS]; /* factor (< 1) applied so no exit rate exceeds 100 */

    size_t n_years;
    cc_ssda903_year years[CC_SSDA903_YEARS_MAX]; /* oldest first */
} cc_ssda903_estimate;

#define CC_SSDA903_DEFAULT INT_MIN /* a window end: the data's last day; a start: see below */
#define CC_SSDA903_DEFAULT_YEARS 3 /* the default window: the last three years of data */

/* Counts and fits over the days window_start to window_end (inclusive);
 * CC_SSDA903_DEFAULT gives the data's last day as the end and the three
 * years before it as the start. A start before the data's first day is
 * raised to it (left truncation), with *clamped set. Returns CC_OK or
 * CC_ERR_INVALID (window empty or past the data). est is caller storage
 * (large: allocate it). */
cc_status cc_ssda903_estimate_window(const cc_ssda903_data *data, const cc_ssda903_mapping *map,
                                     int window_start, int window_end,
                                     cc_ssda903_estimate *est, bool *clamped, cc_error *err);

/* The annual percentage 100 (1 - exp(-h)) that the loader reads for a move
 * with hazard h per child-year, with the sd of that percentage when h ~ Gamma(shape,
 * rate years): exact moments, since E exp(-h) = (y / (y + 1))^shape. */
void cc_ssda903_hazard_to_pct(double shape, double years, double *pct_mean, double *pct_sd);

/* ---- writing ---- */

typedef struct cc_ssda903_write_options {
    const char *source;        /* the directory read, quoted in comments and the name */
    const char *mapping_path;  /* NULL: the built-in default */
    const char *version;       /* carecast version, for the header comment */
    const cc_ssda903_log *log; /* what was dropped, summarised in the header; may be NULL */
} cc_ssda903_write_options;

/* Writes a complete model file (model = { ... };) that the loader accepts,
 * every figure commented with its window, events and exposure. Values the
 * returns do not hold (child population, CIN, CP, care leavers, costs) are
 * written as marked placeholders. Exit routes are rates (events per
 * child-year) with their events and exposure; the yearly history is
 * history.years. Returns CC_OK or CC_ERR_IO. */
cc_status cc_ssda903_write_model(FILE *f, const cc_ssda903_estimate *est,
                                 const cc_ssda903_write_options *opts, cc_error *err);

#endif
