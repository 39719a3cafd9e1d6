/* One Monte Carlo path: the state the engine's files share, and what each file offers the others.
 * A path is a monthly stock-and-flow simulation of children in care (age band x placement type),
 * CIN and CP plans, care leavers, UASC and foster carer households, priced month by month.
 *
 * Data flow: the scenario and run options become run_inputs (read-only, shared by all threads);
 * each thread owns a workspace, reused for every path; a path draws its rates and prices once
 * (path_rates, price_index), then steps month by month (path_state, month_effects) writing the
 * month's metrics into ws->values, which run.c copies into cc_results.
 *
 * Invariant, checked by the tests: every month, children at the start + entries = exits +
 * children at the end, exactly, and no capacity-limited placement type ever holds more children
 * than places. Nothing outside src/engine/ includes this header. */
#ifndef CC_PATH_INTERNAL_H
#define CC_PATH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/engine.h"
#include "carecast/workforce.h"
#include "engine/engine_internal.h"
#include "core/rng_internal.h"

/* ---- random streams (the draw sites) ----
 * Every random choice draws from the stream of its (month, site), so a change in one choice does
 * not shift the random numbers of any other (common random numbers for the with/without-initiative
 * runs of a path). Renumbering a site changes every result that draws from it: give a new kind of
 * random choice a number above every block in use, leaving the others as they are (sites stay
 * below 2^20, see cc_rng_stream_key; the assertion below keeps the blocks apart). */
enum draw_site {
    SITE_PATH = 0,        /* per-path parameters and prices (month PATH_MONTH) */
    SITE_INITIATIVES,     /* per-path initiative delivery and size */
    SITE_CIN,
    SITE_CP,
    SITE_CARERS,
    SITE_EXTRA_APPROVALS, /* approvals an initiative adds */
    SITE_CAPACITY,        /* who is displaced or moved into capped types */
    SITE_ENTRIES,
    SITE_UASC,
    SITE_ADMIT,           /* which entrants get capped places */
    SITE_LEAVERS,
    SITE_STEP_DOWN,       /* + initiative index */
    SITE_STATE = SITE_STEP_DOWN + CC_MAX_INITIATIVES, /* + band x CC_MAX_PLACEMENTS + type */
    SITE_UASC_AGEING = SITE_STATE + CC_MAX_BANDS * CC_MAX_PLACEMENTS, /* UASC turning a band */
    SITE_ALLOWANCES,                                  /* + allowance kind (up to 161) */
    SITE_PROCESS_LEVEL = 256, /* + process target: its starting level (month PATH_MONTH) */
    SITE_PROCESS_SHOCK = SITE_PROCESS_LEVEL + CC_PROC_TARGETS_MAX, /* + shock key: the shock
                                                                       of year y (month y) */
    SITE_PRICE = 320,         /* + placement type: its inflation shock in year y (month y) */
    SITE_PRICE_SHARED = SITE_PRICE + CC_MAX_PLACEMENTS, /* the market's shared shock (month y) */
    SITE_PARAM = 512,         /* + parameter slot: its one uniform (month PATH_MONTH) */
    SITE_ASSESSMENTS = 768,   /* children undergoing assessment: starts and ends */
    SITE_CARERS_60,           /* carers turning 60 */
    SITE_STAFF                /* + team x CC_WORKFORCE_SITES_PER_TEAM + kind (src/model/workforce.c) */
};

/* The uncertain parameters a path draws, one uniform each from its own stream
 * (SITE_PARAM + slot), by inverse CDF (quantile.c): a changed setting moves only
 * its own parameter, monotonically, on every path. */
enum param_slot {
    SLOT_ENTRIES = 0,
    SLOT_UASC,
    SLOT_CIN_STARTS,
    SLOT_CIN_DURATION,
    SLOT_CP_STARTS,
    SLOT_CP_DURATION,
    SLOT_CP_TO_CARE,
    SLOT_APPROVALS,
    SLOT_DEREG_UNDER_60,
    SLOT_DEREG_OVER_60,
    SLOT_ROUTES,                                                 /* + type x routes + route */
    SLOT_COSTS = SLOT_ROUTES + CC_MAX_PLACEMENTS * CC_EXIT_ROUTES, /* + type */
    SLOT_MOVES = SLOT_COSTS + CC_MAX_PLACEMENTS,                 /* + move */
    SLOT_INITIATIVES = SLOT_MOVES + CC_MAX_MOVES,                /* + initiative: its size */
    SLOT_ASSESSMENT_STARTS = SLOT_INITIATIVES + CC_MAX_INITIATIVES,
    SLOT_ASSESSMENT_DURATION,
    SLOT_TURNING_60,                                             /* carers turning 60 */
    SLOT_COUNT
};
_Static_assert(SITE_ALLOWANCES + CC_MAX_ALLOWANCES <= SITE_PROCESS_LEVEL,
               "the per-state, UASC and allowance draw sites overlap the processes' sites");
_Static_assert(SITE_PROCESS_SHOCK + CC_PROC_TARGETS <= SITE_PRICE,
               "the processes' draw sites overlap the prices' sites");
_Static_assert(SITE_PARAM + CC_PARAM_SLOTS <= SITE_ASSESSMENTS,
               "the parameters' draw sites overlap the people's sites");
_Static_assert(SITE_STAFF + CC_MAX_TEAMS * CC_WORKFORCE_SITES_PER_TEAM < (1 << 20),
               "draw sites must stay below 2^20 (cc_rng_stream_key)");
#define PATH_MONTH 4095 /* the month number of per-path streams: beyond any horizon */

/* ---- a path's rates (drawn once per path, rates.c) ---- */

#define MAX_DEST (CC_EXIT_ROUTES + CC_MAX_MOVES)

enum dest_kind { DEST_EXIT, DEST_MOVE };

/* Where a child leaving a state goes, with its monthly hazard: the ways out of a state compete,
 * so a child leaves with probability 1 - exp(-sum of hazards) and the leavers share out in
 * proportion to the hazards. */
typedef struct dest {
    unsigned char kind;   /* enum dest_kind */
    unsigned char target; /* exit route or move index */
    double hazard;        /* monthly hazard */
} dest;

/* A path's parameters as drawn, before any process moves them (rates.c). */
typedef struct path_base {
    double entries_per_month, uasc_per_month;
    double cin_starts_per_month, cin_duration_months;
    double cp_starts_per_month, cp_duration_months, cp_to_care_share;
    double approvals_per_year, dereg_pct_under_60, dereg_pct_over_60;
    double route_hazard[CC_MAX_PLACEMENTS][CC_EXIT_ROUTES]; /* a year, by route */
    double move_prob[CC_MAX_MOVES];                       /* monthly probability */
    double move_hazard[CC_MAX_MOVES]; /* the same as a monthly hazard: fixed for the path */
} path_base;

/* The month's rates: the path's parameters as its processes have moved them
 * (fixed for the path when it has no process). */
typedef struct path_rates {
    double leave[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* P(leave the state this month) */
    unsigned char n_dest[CC_MAX_BANDS][CC_MAX_PLACEMENTS];
    dest dests[CC_MAX_BANDS][CC_MAX_PLACEMENTS][MAX_DEST];
    double entries_per_month;    /* before the month's trend and pattern factor */
    double uasc_per_month;
    double cin_starts_per_month, cin_end_prob;
    double cp_starts_per_month, cp_end_prob, cp_to_care_share;
    double approvals_per_month, dereg_prob_under_60, dereg_prob_over_60;
    double leaver_prob_to_21, leaver_prob_to_25; /* monthly probabilities of support ending */
    double turning_60_prob;      /* an under-60 household's carer turns 60 this month */
    double assessments_starts_per_month, assessments_end_prob;
    double weekly_cost_gbp[CC_MAX_PLACEMENTS];   /* unit costs at start prices */
} path_rates;

/* ---- shared state ---- */

#define AGE_MONTHS 216 /* ages 0 to 17 in whole months: a child leaves care on the 18th birthday */
#define AGE_BLOCK 8    /* the ring's places summed in blocks of 8 (ages.c; fewer instructions than 12) */

/* One thread's working memory, allocated once and reused for every path. */
typedef struct workspace {
    gsl_rng *r;
    path_base base;                              /* the path's parameters as drawn */
    path_rates rates;                            /* the month's rates */
    double process_level[CC_PROC_TARGETS][CC_YEARS_MAX]; /* each process's level by year */
    double process_mult[CC_PROC_TARGETS];        /* the multipliers the rates hold */
    int counts[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* children at the start of the month */
    int start_by_type[CC_MAX_PLACEMENTS];        /* children at the start, by type (costing) */
    int next[CC_MAX_BANDS][CC_MAX_PLACEMENTS];   /* children at the end of the month */
    int move_requests[CC_MAX_MOVES][CC_MAX_BANDS];
    int demand[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* entries wanting each type */
    int split[CC_MAX_BANDS];
    int ages[CC_MAX_PLACEMENTS][AGE_MONTHS];     /* children by type and age in months (ring: ages.c) */
    int age_blocks[CC_MAX_PLACEMENTS][AGE_MONTHS / AGE_BLOCK]; /* sums of ring places 8j..8j+7 */
    int age_total[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* the ages' sums over each band */
    int age_base;                                /* ring offset of age 0 */
    double values[CC_METRICS_MAX];               /* this month's metric values */
    cc_draw_counts drawn;                        /* random variates drawn */
    uint32_t path_seed;                          /* seeds the path's draw-site streams */
    double price_index[CC_YEARS_MAX][CC_MAX_PLACEMENTS]; /* unit price multipliers by year */
    bool delivered[CC_MAX_INITIATIVES];          /* this path's delivery draws */
    double size[CC_MAX_INITIATIVES];             /* this path's effect sizes */
    double cost_without[CC_HORIZON_MAX_MONTHS];  /* total cost without initiatives */
    double cost_month[CC_HORIZON_MAX_MONTHS];    /* total cost of the current pass */
} workspace;

/* Each cost and income line's price multiplier by financial year of the run, from its
 * deterministic index (cc_price_index; prices.c). Placement prices are drawn per path instead
 * (workspace.price_index). A yearly stochastic process for a line would draw its row per path. */
typedef struct line_prices {
    double pay[CC_YEARS_MAX];          /* social workers' pay award */
    double overheads[CC_YEARS_MAX];
    double care_leavers[CC_YEARS_MAX];
    double initiatives[CC_YEARS_MAX];  /* initiatives' costs and fixed savings */
    double allowances[CC_YEARS_MAX];
    double uasc_grant[CC_YEARS_MAX];
    double other[CC_MAX_OTHER_COSTS][CC_YEARS_MAX];
    double funding_gbp[CC_YEARS_MAX];  /* a month's funding in each year (cash) */
} line_prices;

/* What the active MTFP initiatives do this month. */
typedef struct month_effects {
    double entries_mult;                 /* multiplies the entry rate */
    double exit_mult[CC_EXIT_ROUTES];    /* multiplies each exit route */
    bool exits_changed;
    int extra_beds;
    double extra_approvals_per_month;    /* initiatives' approvals (their own stream) */
    double lever_approvals_per_month;    /* the approvals lever (with the model's approvals) */
    double price_mult[CC_MAX_PLACEMENTS];
    double agency_reduction;             /* share of agency FTE made permanent */
    double delivery_cost_gbp;            /* cost of running the initiatives this month */
} month_effects;

/* The cost metrics of a set of CC_COVERS_* bits, in bit order (budgets.c, cost_list_init). */
typedef struct cc_cost_list {
    size_t n;
    unsigned short metric[64];
} cc_cost_list;

/* Shared, read-only inputs of a run. */
typedef struct run_inputs {
    const cc_scenario *sc;
    cc_results *res;
    double entries_factor[CC_HORIZON_MAX_MONTHS]; /* trend x pattern x levers, by month */
    double cp_entries_factor[CC_HORIZON_MAX_MONTHS]; /* levers on CP-linked entries */
    double uasc_factor[CC_HORIZON_MAX_MONTHS];    /* levers on UASC arrivals */
    line_prices prices;
    int year_of_month[CC_HORIZON_MAX_MONTHS];     /* financial year index of each month */
    cc_metric_layout layout;
    bool total_savings_only;         /* no per-initiative attribution passes */
    cc_quantile_table *tables;       /* [SLOT_COUNT]: quantiles of gamma and beta parameters */
    unsigned moving;                 /* bit t: process t moves some rate (rates.c) */
    double step_factor[CC_PROC_TARGETS][CC_HORIZON_MAX_MONTHS]; /* dated steps by month */
    gsl_ran_discrete_t *entry_cells; /* (band, type) of one entrant, for O(1) sampling */
    gsl_ran_discrete_t *uasc_cells;
    /* Looked up once per run rather than searched for every month of every path: */
    int preferring[CC_MAX_PLACEMENTS];  /* the capped type preferred over each type, or -1 */
    size_t n_capped;                    /* the types with a capacity limit, in type order */
    unsigned char capped[CC_MAX_PLACEMENTS];
    size_t n_queued_moves;              /* the moves that queue for capacity.c, in move order */
    unsigned char queued_moves[CC_MAX_MOVES];
    unsigned char n_state_moves[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* moves out of each state */
    unsigned char state_moves[CC_MAX_BANDS][CC_MAX_PLACEMENTS][CC_MAX_MOVES]; /* in move order */
    bool rates_may_change[CC_HORIZON_MAX_MONTHS]; /* a process's multiplier may move in month t */
    cc_cost_list line_costs[CC_MAX_BUDGET_LINES];          /* what each budget line covers */
    cc_cost_list contribution_costs[CC_MAX_CONTRIBUTIONS]; /* what each contribution shares */
    month_effects levers_on, levers_off; /* a month's effects before initiatives (initiatives.c) */
    unsigned step_down_mask, add_children_mask;  /* the initiatives of those kinds (bit masks) */
    size_t year_first_month[CC_YEARS_MAX];       /* each financial year's months of the run */
    size_t year_months[CC_YEARS_MAX];
    cc_workforce_plan staff_plan[CC_HORIZON_MAX_MONTHS]; /* the workforce's months (staff.c) */
} run_inputs;

/* A path's stocks other than children in care, carried from month to month. */
typedef struct path_state {
    int cin, cp, assessments, leavers_to_21, leavers_to_25, carers_under_60, carers_over_60;
    int uasc;                             /* UASC in care, for the grant */
    int uasc_by_band[CC_MAX_BANDS];       /* the same by age band: they leave at 18 */
    int orders[CC_MAX_ALLOWANCES];        /* orders with an allowance, by kind */
    int beds_open;       /* in-house beds beyond the model's this month (levers, initiatives) */
    int places[CC_MAX_PLACEMENTS]; /* each capped type's places this month, -1 when uncapped */
    double net_cumulative_gbp;
    cc_workforce_state staff;    /* staff in post */
    cc_workforce_month staff_last; /* last month's position (the ASYE share rule's base) */
    bool has_staff_last;
} path_state;

/* ---- counted draws (draws.c; the smallest are inline: they are on the hot path) ---- */

/* Points ws->r at the stream of draw site `site` in month t. */
static inline void use_stream(workspace *ws, size_t t, unsigned site)
{
    const uint64_t key = cc_stream_key(ws->path_seed, t, site);
    CC_DRAW_RECORD(CC_DRAW_RESEED, key, (double)site);
    cc_rng_reseed(ws->r, key);
}

/* A uniform on [0, 1) from the current stream (gsl_rng_uniform's). */
static inline double uniform(workspace *ws)
{
    CC_DRAW_RECORD(CC_DRAW_UNIFORM, 0, 0.0);
    return cc_rng_uniform(ws->r);
}

static inline int binomial(workspace *ws, double p, int n)
{
    if (n <= 0 || p <= 0.0)
        return 0;
    if (p >= 1.0)
        return n;
    ws->drawn.binomial++;
    ws->drawn.binomial_sum_n += n;
    ws->drawn.binomial_sum_p += p;
    CC_DRAW_RECORD(CC_DRAW_BINOMIAL, (uint64_t)n, p);
    return (int)cc_rng_binomial(ws->r, p, (unsigned int)n);
}

static inline int poisson(workspace *ws, double mu)
{
    if (mu <= 0.0)
        return 0;
    ws->drawn.poisson++;
    ws->drawn.poisson_sum_mu += mu;
    CC_DRAW_RECORD(CC_DRAW_POISSON, 0, mu);
    return (int)cc_rng_poisson(ws->r, mu);
}

/* One category of a Walker table (gsl_ran_discrete's). */
static inline size_t discrete(workspace *ws, const gsl_ran_discrete_t *g)
{
    CC_DRAW_RECORD(CC_DRAW_DISCRETE, (uint64_t)g->K, 0.0);
    return cc_rng_discrete(ws->r, g);
}

void cc_draw_multinomial(workspace *ws, int n, const dest *d, size_t k, int *out);
void cc_draw_categorical(workspace *ws, int n, const dest *d, size_t k, int *out);
void cc_draw_choose(workspace *ws, const int *counts, size_t k, int take, int *out);

/* ---- what each file offers the others (month.c calls them in the order of a month) ---- */

/* rates.c: the parameter in a slot (NULL when the scenario has none there). */
const cc_param *cc_slot_param(const cc_scenario *sc, size_t slot);
/* rates.c: the quantile tables of the run's uncertain gamma and beta parameters, filled on
 * `threads` threads; returns non-zero when out of memory. Freed with free(in->tables). */
int cc_param_tables_alloc(const cc_scenario *sc, run_inputs *in, int threads);
/* rates.c: the path's value of the parameter in a slot: its quantile at one uniform from its
 * own stream (its mean when fixed, or with parameter uncertainty off). */
double cc_param_draw(const run_inputs *in, workspace *ws, size_t slot);
/* rates.c: the path's parameters, each from its own stream, and the rates they give with
 * every process at 100%. */
void cc_rates_draw(const run_inputs *in, workspace *ws);
/* rates.c: the rates at the start of another pass over the same path, from the parameters and
 * process levels its first pass drew (with a process, month 0 rebuilds them). */
void cc_rates_restart(const run_inputs *in, workspace *ws);
/* rates.c: the path's process levels by year, each from its own streams (after the prices). */
void cc_processes_draw(const run_inputs *in, workspace *ws);
/* rates.c: the processes' moving targets and dated steps, the months whose multipliers may
 * move, and the moves out of each state, for a run (after in->year_of_month). */
void cc_processes_prepare(const cc_scenario *sc, run_inputs *in);
/* rates.c: the rates of month t, rebuilt when a process has moved them. */
void cc_rates_month(const run_inputs *in, workspace *ws, size_t t);
/* rates.c: the rates added with the people model (assessments, carers turning 60), each from its
 * own parameter slot. */
void cc_rates_draw_people(const run_inputs *in, workspace *ws);

/* prices.c: the path's price index by financial year, drawn after the rates; and, once per
 * run, every other line's prices and the month's funding by year. */
void cc_prices_draw(const run_inputs *in, workspace *ws);
void cc_line_prices_init(const cc_scenario *sc, const cc_results *res, line_prices *out);

/* initiatives.c: delivery and size per path, the month's effects, step-down moves; once per
 * run, the levers' effects in months they act and in months they do not, and which
 * initiatives move or add children. */
void cc_levers_prepare(const cc_scenario *sc, run_inputs *in);
void cc_initiatives_draw(const run_inputs *in, workspace *ws, size_t p, unsigned long seed);
void cc_initiatives_effects(const run_inputs *in, const workspace *ws, unsigned active, size_t t,
                            month_effects *fx);
void cc_initiatives_step_down(const run_inputs *in, const path_state *st, workspace *ws,
                              unsigned active, size_t t);
/* Queues the children add_children initiatives bring this month; returns how many. */
int cc_initiatives_add_children(const run_inputs *in, workspace *ws, unsigned active, size_t t);

/* month.c: one month of one path, every step in order. */
void cc_month_step(const run_inputs *in, workspace *ws, path_state *st, unsigned active,
                   size_t t);

/* Whether the scenario's levers act in month t (from levers.start_date to before end_date). */
static inline bool cc_levers_on(const cc_scenario *sc, size_t t)
{
    const int m = (int)t;
    return m >= sc->levers.start_month_index &&
           (sc->levers.end_month_index <= 0 || m < sc->levers.end_month_index);
}

/* plans.c: CIN and CP plans; returns the children whose ended CP plan brings them into care. */
int cc_plans_step(const run_inputs *in, workspace *ws, path_state *st, size_t t);

/* capacity.c: foster carers and beds, the places they give, and who gets them. */
/* Places of type p this month (after cc_capacity_month), or -1 when the type has no limit. */
static inline int cc_capacity_places(const path_state *st, size_t p)
{
    return st->places[p];
}
void cc_capacity_month(const run_inputs *in, path_state *st);
void cc_capacity_prepare(const cc_scenario *sc, run_inputs *in);
int cc_capacity_occupancy(const cc_scenario *sc, const workspace *ws, size_t p);
void cc_capacity_transfer(const cc_scenario *sc, workspace *ws, size_t from, size_t to, int k);
int cc_capacity_admit(const run_inputs *in, const path_state *st, workspace *ws, int *requested,
                      int from, size_t to, size_t refused_to);
void cc_carers_step(workspace *ws, path_state *st, const month_effects *fx, size_t t);
void cc_capacity_resolve(const run_inputs *in, const path_state *st, workspace *ws, size_t t);
void cc_capacity_record(const run_inputs *in, const path_state *st, workspace *ws);

/* children.c: children in care: the start, exits, ageing and moves, entries and admission. */
void cc_children_start(const cc_scenario *sc, workspace *ws);
int cc_children_step(const run_inputs *in, const month_effects *fx, workspace *ws, size_t t);
double cc_entries_factor(const cc_scenario *sc, size_t t, int month);
int cc_entry_tables_alloc(const cc_scenario *sc, run_inputs *in);
void cc_entry_tables_free(run_inputs *in);
void cc_children_add_demand(const run_inputs *in, workspace *ws, int n,
                            const gsl_ran_discrete_t *cells);
/* Queues n children for type p, split between bands by its start_age_shares (no draw). */
void cc_children_add_to_type(const cc_scenario *sc, workspace *ws, size_t p, int n);
/* Each type's children over the bands of a band-major table. Whole rows are summed: types
 * beyond the model's hold none, and a fixed length lets the compiler add a row at a time
 * (unrolled, the sums stay in registers: under half the instructions of the loop). */
static inline void cc_sum_by_type(const cc_scenario *sc,
                                  const int (*restrict table)[CC_MAX_PLACEMENTS],
                                  int *restrict by_type)
{
    int sum[CC_MAX_PLACEMENTS] = {0};
    for (size_t b = 0; b < sc->n_bands; b++) {
#pragma GCC unroll 16
        for (size_t p = 0; p < CC_MAX_PLACEMENTS; p++)
            sum[p] += table[b][p];
    }
    memcpy(by_type, sum, sizeof sum);
}
/* Integer counts summing exactly to total, by largest remainder. */
void cc_apportion(int total, const double *shares, size_t n, int *out);
int cc_children_entries(const run_inputs *in, const month_effects *fx, workspace *ws, size_t t,
                        int from_cp);
void cc_children_admit(const run_inputs *in, const path_state *st, workspace *ws, size_t t);
void cc_children_record(const run_inputs *in, workspace *ws);

/* ages.c: children's ages in months within each placement type; birthdays move them between
 * bands and out of care at 18. Children leaving, moving or arriving are picked at random within
 * their band from ws->r. */
void cc_ages_start(const cc_scenario *sc, workspace *ws);
int cc_ages_birthdays(const cc_scenario *sc, workspace *ws);
void cc_ages_add_some(const cc_scenario *sc, workspace *ws, size_t p, size_t b, int k);
/* Most calls add no one (a band no entrant of the month is in): inline, they cost nothing. */
static inline void cc_ages_add(const cc_scenario *sc, workspace *ws, size_t p, size_t b, int k)
{
    if (k > 0)
        cc_ages_add_some(sc, ws, p, b, k);
}
void cc_ages_remove(const cc_scenario *sc, workspace *ws, size_t p, size_t b, int k);
void cc_ages_move(const cc_scenario *sc, workspace *ws, size_t from, size_t to, size_t b, int k);
void cc_ages_check(const cc_scenario *sc, const workspace *ws, size_t t);

/* staff.c: the month's social work staff, from the workforce model. */
void cc_staff_prepare(const cc_scenario *sc, run_inputs *in);
void cc_staff_start(const cc_scenario *sc, path_state *st);
void cc_staff_account(const run_inputs *in, workspace *ws, path_state *st,
                      const month_effects *fx, size_t t);

/* kpis.c: a path's workforce KPIs judged per financial year. */
void cc_kpis_judge(const run_inputs *in, size_t p);

/* leavers.c: unaccompanied asylum-seeking children, care leavers and allowances after care. */
void cc_uasc_start(const cc_scenario *sc, path_state *st);
int cc_uasc_step(const run_inputs *in, workspace *ws, path_state *st, size_t t);
void cc_allowances_step(const run_inputs *in, workspace *ws, path_state *st, size_t t);
void cc_leavers_step(const cc_scenario *sc, workspace *ws, path_state *st, size_t t,
                     int new_leavers);

/* money.c: the month's pounds, staff and income. */
void cc_money_account(const run_inputs *in, workspace *ws, path_state *st,
                      const month_effects *fx, size_t t);

/* budgets.c: a path's financial years, summarised and judged; and the metric of the cost of
 * CC_COVERS_* bit number `bit` (-1 when the model has no such cost). */
int cc_cost_metric(const cc_scenario *sc, const cc_metric_layout *L, unsigned bit);
/* The budget lines' and contributions' cost lists, for a run (after in->layout). */
void cc_budgets_prepare(const cc_scenario *sc, run_inputs *in);
#define CC_CHUNK_PATHS 16 /* paths a thread records together (run.c), the columns of in->res */
void cc_years_summarise(const run_inputs *in);
void cc_budgets_judge(const run_inputs *in, size_t p);

#endif
