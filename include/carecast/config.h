/* Reading scenario files. The only module that knows about libconfig: it
 * turns files (plus command-line overrides) into a validated cc_scenario. */
#ifndef CARECAST_CONFIG_H
#define CARECAST_CONFIG_H

#include <stddef.h>

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

#endif
