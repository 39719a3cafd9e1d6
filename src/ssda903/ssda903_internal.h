/* Shared inside src/ssda903 only: the mapping tables, cleaned episodes, the
 * CSV reader and the calendar. */
#ifndef CC_SSDA903_INTERNAL_H
#define CC_SSDA903_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carecast/ssda903.h"

#define SSDA_OPEN INT_MAX   /* DEC of an episode still open at the end of the data */
#define SSDA_CODE_MAX 8     /* PLACE, PLACE_PROVIDER and REC codes: "E4A", "PR1" */
#define SSDA_PLACE_RULES 96
#define SSDA_REC_RULES 64
#define SSDA_UNKNOWN 255    /* a code no rule matches */
#define SSDA_DAYS_PER_YEAR 365.25

/* ---- mapping ---- */

typedef struct ssda_place_rule {
    char code[SSDA_CODE_MAX];     /* PLACE, upper case */
    char provider[SSDA_CODE_MAX]; /* PLACE_PROVIDER, or "" for any */
    uint8_t type;                 /* placement type index */
} ssda_place_rule;

typedef struct ssda_rec_rule {
    char code[SSDA_CODE_MAX]; /* REC, upper case */
    uint8_t route;            /* cc_ssda903_route, or CC_SSDA903_CONTINUES */
} ssda_rec_rule;

struct cc_ssda903_mapping {
    size_t n_types;
    char type_names[CC_MAX_PLACEMENTS][CC_NAME_MAX];
    char type_labels[CC_MAX_PLACEMENTS][CC_TEXT_MAX];
    size_t n_place;
    ssda_place_rule place[SSDA_PLACE_RULES];
    size_t n_rec;
    ssda_rec_rule rec[SSDA_REC_RULES];
    size_t n_bands;
    char band_names[CC_MAX_BANDS][CC_NAME_MAX];
    int band_min_age[CC_MAX_BANDS]; /* years, inclusive; bands are contiguous 0..17 */
    int band_max_age[CC_MAX_BANDS];
};

/* The type of a PLACE code with its provider (a rule naming the provider wins
 * over one for any provider); SSDA_UNKNOWN when no rule matches. */
unsigned ssda_place_type(const cc_ssda903_mapping *map, const char *place, const char *provider);

/* The route of a REC code; SSDA_UNKNOWN when no rule matches. */
unsigned ssda_rec_route(const cc_ssda903_mapping *map, const char *rec);

/* The model's name of a route ("return_home", ..., "continues"). */
const char *ssda_route_name(unsigned route);

/* ---- cleaned data ---- */

typedef struct ssda_episode {
    int decom;     /* days */
    int dec;       /* days, or SSDA_OPEN */
    uint8_t type;  /* placement type index */
    uint8_t route; /* exit route if the period of care ends here (REC, checked) */
} ssda_episode;

typedef struct ssda_child {
    int dob;      /* days */
    size_t first; /* index of the first episode, sorted by DECOM */
    size_t n;     /* episodes */
} ssda_child;

struct cc_ssda903_data {
    size_t n_types;       /* of the mapping the data was read with */
    size_t n_children;
    ssda_child *children;
    size_t n_episodes;
    ssda_episode *episodes;
    int first_day; /* 1 April starting the earliest collection year */
    int last_day;  /* 31 March ending the latest */
};

/* ---- calendar ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int ssda_days_from_civil(int y, int m, int d);
void ssda_civil_from_days(int days, int *y, int *m, int *d);

/* The day a child born on dob reaches the given age in whole years; a
 * 29 February birthday falls on 1 March in common years. */
int ssda_birthday(int dob, int age_years);

/* The 1 April on or before day, and the 31 March on or after it. */
int ssda_april_first_before(int day);
int ssda_march_end_after(int day);

/* ---- CSV ---- */

/* A CSV file held in memory, cut into rows of fields in place (RFC 4180
 * quoting, CRLF or LF, a UTF-8 byte order mark is skipped). */
typedef struct ssda_csv {
    char *text;      /* the file, NUL-terminated; fields point into it */
    size_t size;
    char *cursor;    /* where the next row starts */
    size_t line;     /* line where the row last read starts (1 = the column names) */
    size_t next_line; /* line where the next row starts */
    size_t n_fields; /* fields of the row last read */
    size_t capacity;
    char **fields;
} ssda_csv;

/* Reads the whole file. Returns CC_OK, CC_ERR_IO, CC_ERR_INVALID (a NUL byte: not
 * text) or CC_ERR_NOMEM. */
cc_status ssda_csv_open(const char *path, ssda_csv *csv, cc_error *err);

/* Reads the next non-blank row into csv->fields; false at the end.
 * Returns CC_ERR_NOMEM through *status when memory runs out. */
bool ssda_csv_next(ssda_csv *csv, cc_status *status);

void ssda_csv_close(ssda_csv *csv);

#endif
