/* Engine internals shared by engine.c and results.c: the fixed metric order.
 * Per-placement and per-band metrics follow the fixed block, in model order. */
#ifndef CC_ENGINE_INTERNAL_H
#define CC_ENGINE_INTERNAL_H

#include <gsl/gsl_rng.h>

#include "carecast/scenario.h"

enum cc_metric_id {
    M_CIC_TOTAL = 0,
    M_ENTRIES_TOTAL,
    M_ENTRIES_FROM_CP,
    M_ENTRIES_UASC,
    M_EXITS_TOTAL,
    M_EXITS_RETURN_HOME,
    M_EXITS_SGO,
    M_EXITS_ADOPTION,
    M_EXITS_OTHER,
    M_EXITS_AGE_18,
    M_MOVES_TOTAL,
    M_OVERFLOW_TOTAL,
    M_CIN_TOTAL,
    M_CIN_STARTS,
    M_CP_TOTAL,
    M_CP_STARTS,
    M_CARE_LEAVERS_TOTAL,
    M_CARERS_HOUSEHOLDS,
    M_CARERS_PLACES,
    M_CARERS_PLACES_FREE,
    M_CARERS_APPROVALS,
    M_CARERS_DEREGISTRATIONS,
    M_BEDS_PLACES_FREE,
    M_FIXED_COUNT
};

/* Index of cic.placement.<p> and cic.age.<b>. */
static inline size_t metric_placement(size_t p)
{
    return M_FIXED_COUNT + p;
}

static inline size_t metric_band(const cc_scenario *sc, size_t b)
{
    return M_FIXED_COUNT + sc->n_placements + b;
}

/* Draws a parameter once for a path (its mean when uncertainty is off). */
double cc_param_draw(const cc_param *param, gsl_rng *r, int uncertain);

#endif
