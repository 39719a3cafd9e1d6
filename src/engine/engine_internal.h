/* Engine internals shared by engine.c and results.c: the fixed metric order.
 * Per-placement and per-band metrics follow the fixed block, in model order. */
#ifndef CC_ENGINE_INTERNAL_H
#define CC_ENGINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "carecast/scenario.h"
#include "carecast/status.h"

enum cc_metric_id {
    M_CIC_TOTAL = 0,
    M_ENTRIES_TOTAL,
    M_ENTRIES_FROM_CP,
    M_ENTRIES_UASC,
    M_ENTRIES_ADDED,
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
    M_ASSESSMENTS_TOTAL,
    M_ASSESSMENTS_STARTS,
    M_CARE_LEAVERS_TOTAL,
    M_CARERS_HOUSEHOLDS,
    M_CARERS_OVER_60,
    M_CARERS_PLACES,
    M_CARERS_PLACES_FREE,
    M_CARERS_APPROVALS,
    M_CARERS_DEREGISTRATIONS,
    M_BEDS_PLACES_FREE,
    M_FIXED_COUNT
};

/* Money and workforce metrics, in order, after the per-type cost block. */
enum cc_money_metric_id {
    MM_COST_PLACEMENTS = 0,
    MM_COST_CARE_LEAVERS,
    MM_COST_STAFF,
    MM_COST_OVERHEADS,
    MM_COST_INITIATIVES,
    MM_COST_ALLOWANCES,
    MM_COST_TOTAL,
    MM_INCOME_TOTAL,
    MM_INCOME_UASC,
    MM_NET_POSITION,
    MM_NET_CUMULATIVE,
    MM_UASC_IN_CARE,
    MM_FTE_NEED_TOTAL,
    MM_FTE_PERMANENT,
    MM_FTE_ASYE,
    MM_FTE_AGENCY,
    MM_FTE_AGENCY_SHARE,
    MM_FTE_VACANCY_RATE,
    MM_CASELOAD_AVERAGE,
    MM_FTE_ESTABLISHMENT,
    MM_FTE_ASYE_SHARE,
    MM_FTE_ASYE_OVER_CAP,
    MM_FTE_LEAVERS,
    MM_FTE_HIRES,
    MM_FTE_ASYE_INTAKE,
    MM_FTE_ASYE_REFUSED,
    MM_COUNT
};

/* Where each block of metrics starts; computed from the scenario. */
typedef struct cc_metric_layout {
    size_t placement;      /* cic.placement.<type> */
    size_t band;           /* cic.age.<band> */
    size_t placement_cost; /* cost.placement.<type> */
    size_t money;          /* enum cc_money_metric_id */
    size_t team_need;      /* fte.need.<team> */
    size_t allowance_cost; /* cost.allowance.<kind> */
    size_t orders;         /* orders.<kind>: orders with an allowance */
    size_t other_cost;     /* cost.other.<line> */
    size_t contribution;   /* income.contribution.<name> */
    size_t savings;        /* savings.<initiative>, then savings.total (when initiatives) */
    size_t budget;         /* per line: spend, p_over, expected_over; then the total, then the
                              lines covering placement types (placement_lines) */
    size_t mtfp;           /* mtfp.p_meet (when targets) */
    size_t kpi;            /* per KPI with a target: p_green, p_amber, p_red */
    size_t count;
} cc_metric_layout;

void cc_metric_layout_init(const cc_scenario *sc, cc_metric_layout *layout);

/* The seed of the stream for draw site `site` in month t of the path whose
 * seed is path_seed (see the SITE_* numbers in engine.c). */
unsigned long cc_rng_stream_key(uint32_t path_seed, size_t t, unsigned site);

/* What the draws of site `site` decide, in a word ("state" for the children's exits and moves,
 * "staff", "entries", ...): bench_floor's breakdown of the draws by what they are for. */
const char *cc_draw_site_group(unsigned site);

/* ---- uncertain parameters by inverse CDF (quantile.c) ---- */

#define CC_QUANTILE_KNOTS 241  /* a table's knots: z = -6, -5.95, ..., 6 */
#define CC_QUANTILE_Z_MAX 6.0

/* A parameter's quantiles at the knots, for fast draws that stay monotone in u. */
typedef struct cc_quantile_table {
    double x[CC_QUANTILE_KNOTS];
} cc_quantile_table;

/* The value of param at probability u in (0, 1): its quantile, exactly (gamma,
 * beta on the percentage, or normal); the mean when it is fixed. */
double cc_param_quantile(const cc_param *param, double u);
/* Fills t with param's quantiles at u = Phi(z) for each knot z. */
void cc_quantile_table_fill(const cc_param *param, cc_quantile_table *t);
/* The density at x of a gamma or beta param (the beta's on the percentage), as the tables'
 * Newton steps take it: GSL's gsl_ran_gamma_pdf or gsl_ran_beta_pdf / 100, exactly. */
double cc_param_density(const cc_param *param, double x);
/* Slots of the uncertain parameters a path draws (path_internal.h enum param_slot). */
#define CC_PARAM_SLOTS                                                                             \
    (10 + CC_MAX_PLACEMENTS * CC_EXIT_ROUTES + CC_MAX_PLACEMENTS + CC_MAX_MOVES + CC_MAX_INITIATIVES + \
     3)

/* The value each parameter slot takes on paths first..first+n_paths-1 of a run of scenario
 * with this seed, as the engine draws them, into values[path][CC_PARAM_SLOTS] (the mean for a
 * fixed parameter, NAN for an empty slot): for tests of common random numbers.
 * Returns CC_OK or CC_ERR_NOMEM. */
struct cc_results;
cc_status cc_engine_draw_parameters(const cc_scenario *scenario, unsigned long seed, size_t first,
                                    size_t n_paths, double *values, cc_error *err);

/* t's value at u: linear in z = Phi^-1(u) between knots (within 3e-5 of the
 * quantile for the spreads models use), the end knots beyond +-6. */
double cc_quantile_table_at(const cc_quantile_table *t, double u);

#endif
