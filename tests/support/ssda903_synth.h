/* A generator of synthetic SSDA903 returns from known rates, for testing
 * calibration: children enter care at a known rate, leave by route, move
 * between placement types and age out at 18 with known hazards, and every
 * collection year is written as header.csv and episodes.csv the way local
 * authorities return them (episodes repeated across years, open ones with a
 * blank DEC, continuation episodes that are not exits). */
#ifndef CC_SSDA903_SYNTH_H
#define CC_SSDA903_SYNTH_H

#include <stdbool.h>
#include <stddef.h>

#define SYNTH_TYPES 5  /* in-house fostering, IFA, residential, supported, with parents */
#define SYNTH_BANDS 5  /* the DfE bands: 0, 1-4, 5-9, 10-15, 16-17 */
#define SYNTH_ROUTES 4 /* return home, SGO, adoption, other */
#define SYNTH_YEARS_MAX 32

/* The index of each synthetic type in the default mapping's types. */
extern const size_t synth_type_index[SYNTH_TYPES];

typedef struct synth_truth {
    double entries_per_year;
    double entry_band_share[SYNTH_BANDS];             /* age at entry, uniform within band */
    double first_type[SYNTH_BANDS][SYNTH_TYPES];      /* first placement by band */
    double exit_rate[SYNTH_TYPES][SYNTH_ROUTES];      /* per child-year, times the band's */
    double band_multiplier[SYNTH_BANDS];
    double move_rate[SYNTH_TYPES][SYNTH_TYPES];       /* per child-year */
    double redundant_rate; /* per child-year: new episodes in the same type (not moves) */
    int sim_start;         /* first day children may enter (days since 1970) */
    int first_return;      /* 1 April starting the first collection year written */
    int last_day;          /* 31 March ending the last */
} synth_truth;

/* What happened, counted from the simulation itself (not from the files). */
typedef struct synth_facts {
    size_t children; /* ever in care */
    size_t n_years;
    int year_end[SYNTH_YEARS_MAX];  /* first_return - 1, then each 31 March */
    double cic[SYNTH_YEARS_MAX];     /* in care (under 18) on year_end */
    double entries[SYNTH_YEARS_MAX]; /* periods begun in the year ending then */
    double exits[SYNTH_YEARS_MAX];   /* periods ended, or 18th birthdays reached in care */
    /* Over the returns (first_return .. last_day): */
    double exposure_days[SYNTH_TYPES];            /* child-days in care under 18 */
    double exits_by_route[SYNTH_TYPES][SYNTH_ROUTES + 1]; /* + reaching 18 */
    double moves[SYNTH_TYPES][SYNTH_TYPES];
    double stock_end[SYNTH_BANDS][SYNTH_TYPES];   /* in care on last_day, under 18 */
} synth_facts;

/* A plausible authority: about 250 entries a year, 2008-2022, returns
 * 2015/16 to 2021/22. */
void synth_default_truth(synth_truth *truth);

/* Simulates with a fixed seed and writes dir/<year>/{header,episodes}.csv
 * (dir must exist). Returns false (with a message on stderr) on I/O failure. */
bool synth_write(const char *dir, const synth_truth *truth, unsigned long seed,
                 synth_facts *facts);

#endif
