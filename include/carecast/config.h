/* Reading scenario files. The only module that knows about libconfig: it
 * turns files (plus command-line overrides) into a validated cc_scenario. */
#ifndef CARECAST_CONFIG_H
#define CARECAST_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "carecast/scenario.h"
#include "carecast/status.h"

/* One "--set key.path=value" override, borrowed for the call. */
typedef struct cc_override {
    const char *key_path; /* e.g. "run.paths" or "model.entries.annual_children" */
    const char *value;    /* libconfig literal; a bare word is taken as a string */
} cc_override;

/* Reads and validates the scenario at path (which may @include model files,
 * resolved relative to the scenario's directory), applies the overrides, and
 * on success stores a new scenario in *out (free with cc_scenario_free).
 * Every problem found is appended to errors as "file:line: key.path: message"
 * (overrides are cited as "--set"); then *out stays NULL and the first
 * problem's status is returned: CC_ERR_IO for an unreadable file,
 * CC_ERR_PARSE for a syntax error, CC_ERR_INVALID for a bad value. */
cc_status cc_scenario_load(const char *path, const cc_override *overrides, size_t n_overrides,
                           cc_scenario **out, cc_errlist *errors);

/* Frees a scenario; NULL is allowed. */
void cc_scenario_free(cc_scenario *scenario);

/* ---- what a what-if may change ---- */

#define CC_CONTROL_KEY_MAX 256
#define CC_CONTROL_SOURCE_MAX 400

typedef enum cc_control_kind {
    CC_CONTROL_NUMBER = 0, /* a number in the key's unit */
    CC_CONTROL_WHOLE,      /* a whole number (beds) */
    CC_CONTROL_DATE,       /* a month, written "YYYY-MM-01" */
} cc_control_kind;

/* One value a what-if may change (a lever, or an initiative's size, chance or
 * start), described for a person: shown as value x scale in `unit`, offered
 * from low to high in steps of step, accepted (by the loader) from min to max.
 * Dates carry their value in date and their range in date_min..date_max. */
typedef struct cc_control {
    char key_path[CC_CONTROL_KEY_MAX]; /* as for --set, e.g. "levers.entries_change_pct" */
    char group[CC_TEXT_MAX];           /* "Levers", "Prices", or the initiative's label */
    char label[CC_TEXT_MAX];
    char unit[48];                     /* e.g. "% change", "households a year" */
    cc_control_kind kind;
    double value;                      /* the scenario's value, in the key's unit */
    double min, max;                   /* what the loader accepts */
    double low, high, step;            /* the range offered */
    double scale;                      /* shown = value x scale (100 for a chance) */
    char date[16], date_min[16], date_max[16]; /* "YYYY-MM-DD" */
    char source[CC_CONTROL_SOURCE_MAX];/* the comment that gives the value's source, or
                                          what the default means */
} cc_control;

#define CC_CONTROLS_MAX 128

/* Lists what a what-if on the scenario at path may change, from the loader's
 * own table of levers (so a new lever appears here) and the scenario's
 * initiatives, each with its value in sc (the scenario loaded from path) and
 * the comment on the line that sets it. Stores up to max controls in out and
 * their number in *n. Returns CC_OK, or the loader's status with messages in
 * errors when path cannot be read. */
cc_status cc_scenario_controls(const char *path, const cc_scenario *sc, cc_control *out,
                               size_t max, size_t *n, cc_errlist *errors);

/* Writes to f a scenario that loads as the scenario at path with the
 * overrides applied: a comment naming the base and the changes, an @include
 * of each model file the base includes (relative to dir, the directory the
 * written file will live in), then the base's own settings (run, levers,
 * initiatives) with the overrides applied, each changed line marked. Refuses
 * (CC_ERR_INVALID) an override of a key that an included file sets. Returns
 * CC_OK, CC_ERR_IO or the loader's status, with messages in errors. */
cc_status cc_scenario_write_variant(FILE *f, const char *path, const cc_override *overrides,
                                    size_t n_overrides, const char *dir, const char *comment,
                                    cc_errlist *errors);

#endif
