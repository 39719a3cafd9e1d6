/* Calibration from history: as at a 31 March, fit each demand series that the
 * model's history gives (entries, exits per child-year, CIN, CP, care leavers)
 * with fit.h, then find, by short runs of the model itself ("probes"), the
 * process levels and spreads that make the model's next year match the fit:
 * its median, and its spread on the log scale. The result is a fitted section
 * (cc_calibration) with the derivation kept for the comments of the fragment
 * file. Method and priors: docs/calibration.md §18. */
#ifndef CARECAST_CALIBRATE_H
#define CARECAST_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "carecast/fit.h"
#include "carecast/scenario.h"
#include "carecast/status.h"

/* The series calibration fits, each driving one process. */
typedef enum cc_cal_series {
    CC_CAL_ENTRIES = 0, /* entries a year -> process `entries` */
    CC_CAL_EXITS,       /* exits per child-year of the mean stock -> `exits` */
    CC_CAL_CIN,         /* CIN plans at 31 March -> `cin_starts` */
    CC_CAL_CP,          /* CP plans at 31 March -> `cp_starts` */
    CC_CAL_CARE_LEAVERS,/* care leavers at 31 March -> `care_leavers` (their leaving hazard) */
    CC_CAL_SERIES
} cc_cal_series;

extern const char *const cc_cal_series_names[CC_CAL_SERIES];
/* The process each series drives. */
extern const cc_process_target cc_cal_series_targets[CC_CAL_SERIES];

typedef struct cc_calibrate_options {
    int as_at_year;          /* the fit knows history up to 31 March of this year */
    size_t probe_paths;      /* paths of each probe run (0: 400) */
    unsigned long seed;      /* the probes' seed */
    int threads;             /* 0 = all cores */
} cc_calibrate_options;

/* What calibration found for one series. */
typedef struct cc_cal_fitted {
    bool fitted;                  /* enough history, and the model responds */
    char why_not[CC_TEXT_MAX];    /* when not fitted */
    int first_year;               /* financial year of series[0] */
    size_t n;
    double series[CC_FIT_SERIES_MAX]; /* the values fitted, oldest first */
    cc_fit_prior prior;
    cc_fit fit;                   /* in the series' unit */
    double model_value;           /* the model's next year with the process at 100% */
    double elasticity;            /* d log(next year) / d log(level) in the model */
    double achieved;              /* the model's next year at the fitted level */
    double model_log_sd;          /* the model's own spread (parameters and counts) */
    double noise_log_sd;          /* the spread of its random counts alone */
} cc_cal_fitted;

typedef struct cc_calibration_fit {
    cc_calibration section;       /* what to apply: as_at, start stocks, processes */
    cc_cal_fitted series[CC_CAL_SERIES];
    int origin_year;              /* the financial year ending at as_at (2018 = 2018/19) */
    int first_year;               /* the first history year used */
    size_t n_residuals;           /* years whose stocks and flows can be reconciled */
    double residual_rms;          /* their root mean square, children */
    double reconciliation_sd;     /* pooled with the prior: published stock against flows */
} cc_calibration_fit;

/* Calibrates scenario from its history as at 31 March opts->as_at_year. The
 * start stocks come from that year of history (children in care must be
 * given); levers and initiatives are ignored. Returns CC_OK, CC_ERR_INVALID
 * (no usable history, with a message naming what is missing), CC_ERR_NOMEM or
 * CC_ERR_NUMERIC. */
cc_status cc_calibrate(const cc_scenario *scenario, const cc_calibrate_options *opts,
                       cc_calibration_fit *out, cc_error *err);

/* Writes fit as a libconfig fragment (a `calibration` section) with the
 * derivation as comments, ready to @include after the model. model_file names
 * the model for the header comment. Returns CC_OK or CC_ERR_IO. */
cc_status cc_calibrate_write(FILE *f, const cc_scenario *scenario, const char *model_file,
                             const cc_calibration_fit *fit, cc_error *err);

/* The scenario as the hindcast and the probes run it from an origin: a copy
 * with fit->section applied, levers and initiatives cleared, horizon
 * horizon_months and the run settings given. Caller frees with free(). */
cc_status cc_calibrate_origin_model(const cc_scenario *scenario, const cc_calibration *section,
                                    int horizon_months, cc_scenario **out, cc_error *err);

#endif
