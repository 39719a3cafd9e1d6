/* The rolling hindcast: for each origin (a 31 March in the past), calibrate
 * the model as at that date (calibrate.h), simulate from the origin's stocks,
 * and score the forecast of what then happened (score.h), beside the naive
 * "no change" forecast and its empirical band. */
#ifndef CARECAST_HINDCAST_H
#define CARECAST_HINDCAST_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/calibrate.h"
#include "carecast/scenario.h"
#include "carecast/score.h"
#include "carecast/status.h"

#define CC_HINDCAST_ORIGINS_MAX 30
#define CC_HINDCAST_HORIZON_MAX 10 /* years */
#define CC_HINDCAST_METRICS 6      /* cic, cin, cp, care leavers, entries, exits */

/* The history fields scored, in report order. */
extern const cc_history_field cc_hindcast_fields[CC_HINDCAST_METRICS];

typedef struct cc_hindcast_options {
    int first_origin, last_origin; /* years of the origin 31 Marches, e.g. 2019 and 2023 */
    int horizon_years;             /* financial years simulated from each origin, 1.. */
    size_t n_paths;
    unsigned long seed;
    int threads;                   /* 0 = all cores */
    size_t probe_paths;            /* calibration probes (0: calibrate's default) */
} cc_hindcast_options;

/* One forecast scored: one origin, metric and financial year. */
typedef struct cc_hindcast_row {
    int origin;                /* 2019 = 31 March 2019 */
    cc_history_field field;    /* the metric (its run metric: cc_history_metric_names) */
    int year;                  /* financial year scored (2019 = 2019/20) */
    int ahead;                 /* years after the origin, 1.. */
    cc_score_case c;           /* actual, P5..P95, naive and its band */
    double interval_score;     /* the 90% interval score divided by the actual */
} cc_hindcast_row;

typedef struct cc_hindcast_origin {
    int origin;
    cc_calibration_fit fit;    /* the calibration as at the origin */
    size_t first_row, n_rows;  /* its rows */
} cc_hindcast_origin;

typedef struct cc_hindcast {
    cc_hindcast_options options;
    size_t n_origins;
    cc_hindcast_origin origins[CC_HINDCAST_ORIGINS_MAX];
    size_t n_rows;
    cc_hindcast_row rows[CC_HINDCAST_ORIGINS_MAX * CC_HINDCAST_METRICS * CC_HINDCAST_HORIZON_MAX];
} cc_hindcast;

/* Runs the hindcast of scenario (its model and history; levers and initiatives
 * are ignored) into *out (allocated; free with free()). Children in care are
 * scored as published: each path's count gets a reconciliation error drawn
 * with the calibration's sd (docs/calibration.md §18.6). Returns CC_OK,
 * CC_ERR_INVALID (origins outside the history, with a message), CC_ERR_NOMEM
 * or CC_ERR_NUMERIC. */
cc_status cc_hindcast_run(const cc_scenario *scenario, const cc_hindcast_options *opts,
                          cc_hindcast **out, cc_error *err);

/* Scores of the rows for one metric (field) or all (field < 0), one horizon
 * (ahead) or all (ahead <= 0). */
cc_status cc_hindcast_summarise(const cc_hindcast *h, int field, int ahead,
                                cc_score_summary *out, cc_error *err);

#endif
