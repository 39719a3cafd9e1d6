/* The Monte Carlo engine. One path is a monthly stock-and-flow simulation of
 * children in care (age band x placement type), CIN and CP plans, care leavers
 * and foster carer households. Invariant, checked by the tests: every month,
 * children at the start + entries = exits + children at the end, exactly, and
 * no capacity-limited placement type ever holds more children than places. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/engine.h"
#include "carecast/rates.h"
#include "carecast/workforce.h"
#include "engine/engine_internal.h"

#define MAX_DEST (CC_EXIT_ROUTES + 1 + CC_MAX_MOVES)
#define LEAVER_TO_21_MONTHS 36.0 /* supported from 18 to 21 */
#define LEAVER_TO_25_MONTHS 84.0 /* supported from 18 to 25 */
#define UASC_CARE_MONTHS 24.0    /* UASC arrive at 16-17: on average two years in care */
#define FEW_LEAVERS 6             /* below this, split leavers one by one */
#define WEEKS_PER_MONTH (365.25 / 7.0 / 12.0)
/* Draw sites: every random choice draws from the stream of its (month, site),
 * so a change in one choice does not shift the random numbers of any other
 * (common random numbers for the with/without-initiative runs of a path). */
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
    SITE_STATE = SITE_STEP_DOWN + CC_MAX_INITIATIVES /* + band x CC_MAX_PLACEMENTS + type */
};
#define PATH_MONTH 4095 /* the month number of per-path streams: beyond any horizon */

enum dest_kind { DEST_EXIT, DEST_AGE, DEST_MOVE };

/* Where a child leaving a state goes, with its monthly probability. */
typedef struct dest {
    unsigned char kind;   /* enum dest_kind */
    unsigned char target; /* exit route or move index */
    double prob;          /* unconditional monthly probability */
} dest;

/* A path's monthly rates, fixed for the path once its parameters are drawn. */
typedef struct path_rates {
    double leave[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* P(leave the state this month) */
    unsigned char n_dest[CC_MAX_BANDS][CC_MAX_PLACEMENTS];
    dest dests[CC_MAX_BANDS][CC_MAX_PLACEMENTS][MAX_DEST];
    double entries_per_month;    /* before the month's trend and pattern factor */
    double uasc_per_month;
    double cin_starts_per_month, cin_end_prob;
    double cp_starts_per_month, cp_end_prob, cp_to_care_share;
    double approvals_per_month, dereg_prob_under_60, dereg_prob_over_60;
    double weekly_cost_gbp[CC_MAX_PLACEMENTS];   /* unit costs at start prices */
} path_rates;

/* One thread's working memory, allocated once and reused for every path. */
typedef struct workspace {
    gsl_rng *r;
    path_rates rates;
    int counts[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* children at the start of the month */
    int start_counts[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* copy kept for costing */
    int next[CC_MAX_BANDS][CC_MAX_PLACEMENTS];   /* children at the end of the month */
    int move_requests[CC_MAX_MOVES][CC_MAX_BANDS];
    int demand[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* entries wanting each type */
    int split[CC_MAX_BANDS];
    double values[CC_METRICS_MAX];               /* this month's metric values */
    cc_draw_counts drawn;                        /* random variates drawn */
    uint32_t path_seed;                          /* seeds the path's draw-site streams */
    double price_index[CC_YEARS_MAX][CC_MAX_PLACEMENTS]; /* unit price multipliers by year */
    bool delivered[CC_MAX_INITIATIVES];          /* this path's delivery draws */
    double size[CC_MAX_INITIATIVES];             /* this path's effect sizes */
    double cost_without[CC_HORIZON_MAX_MONTHS];  /* total cost without initiatives */
    double cost_month[CC_HORIZON_MAX_MONTHS];    /* total cost of the current pass */
} workspace;

/* Shared, read-only inputs of a run. */
typedef struct run_inputs {
    const cc_scenario *sc;
    cc_results *res;
    double entries_factor[CC_HORIZON_MAX_MONTHS]; /* trend x pattern x lever, by month */
    int year_of_month[CC_HORIZON_MAX_MONTHS];     /* financial year index of each month */
    cc_metric_layout layout;
    bool total_savings_only;         /* no per-initiative attribution passes */
    gsl_ran_discrete_t *entry_cells; /* (band, type) of one entrant, for O(1) sampling */
    gsl_ran_discrete_t *uasc_cells;
} run_inputs;

/* ---- random draws, counted ---- */

/* Points ws->r at the stream of draw site `site` in month t. */
static void use_stream(workspace *ws, size_t t, unsigned site)
{
    gsl_rng_set(ws->r, cc_rng_stream_key(ws->path_seed, t, site));
}

static int binomial(workspace *ws, double p, int n)
{
    if (n <= 0 || p <= 0.0)
        return 0;
    if (p >= 1.0)
        return n;
    ws->drawn.binomial++;
    ws->drawn.binomial_sum_n += n;
    ws->drawn.binomial_sum_p += p;
    return (int)gsl_ran_binomial(ws->r, p, (unsigned int)n);
}

static int poisson(workspace *ws, double mu)
{
    if (mu <= 0.0)
        return 0;
    ws->drawn.poisson++;
    ws->drawn.poisson_sum_mu += mu;
    return (int)gsl_ran_poisson(ws->r, mu);
}

/* Splits n over k categories with weights w (summing to total) by sequential
 * binomials, stopping as soon as everything is placed. */
static void multinomial(workspace *ws, int n, size_t k, const double *w, int *out)
{
    double rest = 0.0;
    for (size_t i = 0; i < k; i++) {
        out[i] = 0;
        rest += w[i];
    }
    for (size_t i = 0; i < k && n > 0; i++) {
        if (w[i] <= 0.0)
            continue;
        const int x = i + 1 == k || w[i] >= rest ? n : binomial(ws, w[i] / rest, n);
        out[i] = x;
        n -= x;
        rest -= w[i];
    }
}

/* Splits a few (n) children over k categories with weights w, one uniform
 * each: for small n this is cheaper than k sequential binomials. */
static void categorical(workspace *ws, int n, size_t k, const double *w, int *out)
{
    double total = 0.0;
    for (size_t i = 0; i < k; i++) {
        out[i] = 0;
        total += w[i];
    }
    for (int c = 0; c < n; c++) {
        double u = gsl_rng_uniform(ws->r) * total;
        size_t i = 0;
        while (i + 1 < k && (w[i] <= 0.0 || u >= w[i])) {
            u -= w[i];
            i++;
        }
        out[i]++;
    }
    ws->drawn.discrete += (unsigned long long)n;
}

/* Chooses take of the sum of counts[0..k) without replacement (multivariate
 * hypergeometric), writing how many come from each category to out. */
static void choose(workspace *ws, const int *counts, size_t k, int take, int *out)
{
    int rest = 0;
    for (size_t i = 0; i < k; i++)
        rest += counts[i];
    for (size_t i = 0; i < k; i++) {
        rest -= counts[i];
        int x = 0;
        if (take > 0 && counts[i] > 0) {
            if (rest == 0) {
                x = take;
            } else {
                ws->drawn.hypergeometric++;
                x = (int)gsl_ran_hypergeometric(ws->r, (unsigned int)counts[i], (unsigned int)rest,
                                                (unsigned int)take);
            }
        }
        out[i] = x;
        take -= x;
    }
}

/* ---- per-path set-up ---- */

static void draw_rates(const cc_scenario *sc, workspace *ws)
{
    path_rates *pr = &ws->rates;
    gsl_rng *r = ws->r;
    const int u = sc->run.parameter_uncertainty;
    const cc_levers *lv = &sc->levers;

    pr->entries_per_month = cc_param_draw(&sc->entries.annual_children, r, u) / 12.0;
    pr->uasc_per_month = cc_param_draw(&sc->uasc.annual_children, r, u) / 12.0;
    pr->cin_starts_per_month = cc_param_draw(&sc->cin.annual_starts, r, u) / 12.0;
    pr->cin_end_prob = 1.0 / fmax(1.0, cc_param_draw(&sc->cin.average_duration_months, r, u));
    pr->cp_starts_per_month = cc_param_draw(&sc->cp.annual_starts, r, u) / 12.0;
    pr->cp_end_prob = 1.0 / fmax(1.0, cc_param_draw(&sc->cp.average_duration_months, r, u));
    pr->cp_to_care_share = fmin(1.0, cc_param_draw(&sc->cp.to_care_share, r, u));
    pr->approvals_per_month =
        (cc_param_draw(&sc->carers.annual_approvals, r, u) + lv->extra_annual_approvals) / 12.0;
    pr->dereg_prob_under_60 =
        cc_monthly_probability(cc_param_draw(&sc->carers.annual_deregistration_pct, r, u));
    pr->dereg_prob_over_60 = cc_monthly_probability(
        cc_param_draw(&sc->carers.over_60_annual_deregistration_pct, r, u));

    double route_prob[CC_MAX_PLACEMENTS][CC_EXIT_ROUTES];
    const double exits_factor = 1.0 + lv->exits_change_pct / 100.0;
    for (size_t p = 0; p < sc->n_placements; p++)
        for (int k = 0; k < CC_EXIT_ROUTES; k++)
            route_prob[p][k] = cc_monthly_probability(
                cc_param_draw(&sc->placements[p].exit_annual_pct[k], r, u));
    for (size_t p = 0; p < sc->n_placements; p++)
        pr->weekly_cost_gbp[p] = cc_param_draw(&sc->placements[p].weekly_cost_gbp, r, u);
    double move_prob[CC_MAX_MOVES];
    for (size_t m = 0; m < sc->n_moves; m++)
        move_prob[m] = cc_monthly_probability(cc_param_draw(&sc->moves[m].annual_pct, r, u));

    for (size_t b = 0; b < sc->n_bands; b++) {
        const cc_age_band *band = &sc->bands[b];
        const double ageing = 1.0 / (12.0 * (band->max_age_years - band->min_age_years + 1));
        for (size_t p = 0; p < sc->n_placements; p++) {
            dest *d = pr->dests[b][p];
            size_t n = 0;
            for (int k = 0; k < CC_EXIT_ROUTES; k++)
                if (route_prob[p][k] > 0.0)
                    d[n++] = (dest){DEST_EXIT, (unsigned char)k,
                                    route_prob[p][k] * band->exit_rate_multiplier * exits_factor};
            d[n++] = (dest){DEST_AGE, 0, ageing};
            for (size_t m = 0; m < sc->n_moves; m++)
                if (sc->moves[m].from == (int)p && move_prob[m] > 0.0)
                    d[n++] = (dest){DEST_MOVE, (unsigned char)m, move_prob[m]};
            double total = 0.0;
            for (size_t i = 0; i < n; i++)
                total += d[i].prob;
            /* Drawn rates can in rare paths sum above 1: scale them to share the month. */
            if (total > 1.0) {
                for (size_t i = 0; i < n; i++)
                    d[i].prob /= total;
                total = 1.0;
            }
            pr->n_dest[b][p] = (unsigned char)n;
            pr->leave[b][p] = total;
        }
    }
}

/* Integer counts summing exactly to total, by largest remainder. */
static void apportion(int total, const double *shares, size_t n, int *out)
{
    double remainder[CC_MAX_PLACEMENTS > CC_MAX_BANDS ? CC_MAX_PLACEMENTS : CC_MAX_BANDS];
    int assigned = 0;
    for (size_t i = 0; i < n; i++) {
        const double exact = total * shares[i];
        out[i] = (int)floor(exact);
        remainder[i] = exact - out[i];
        assigned += out[i];
    }
    while (assigned < total) {
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (remainder[i] > remainder[best])
                best = i;
        out[best]++;
        remainder[best] = -1.0;
        assigned++;
    }
}

/* ---- the monthly step ---- */

typedef struct path_state {
    int cin, cp, leavers_to_21, leavers_to_25, carers_under_60, carers_over_60, uasc;
    int beds_open;       /* in-house beds beyond the model's this month (levers, initiatives) */
    double net_cumulative_gbp;
    cc_staff staff;
} path_state;

/* What the active MTFP initiatives do this month. */
typedef struct month_effects {
    double entries_mult;                 /* multiplies the entry rate */
    double exit_mult[CC_EXIT_ROUTES];    /* multiplies each exit route */
    bool exits_changed;
    int extra_beds;
    double extra_approvals_per_month;
    double price_mult[CC_MAX_PLACEMENTS];
    double agency_reduction;             /* share of agency FTE made permanent */
    double delivery_cost_gbp;            /* cost of running the initiatives this month */
} month_effects;

static int occupancy(const cc_scenario *sc, const workspace *ws, size_t p)
{
    int n = 0;
    for (size_t b = 0; b < sc->n_bands; b++)
        n += ws->next[b][p];
    return n;
}

static int places(const run_inputs *in, const path_state *st, size_t p)
{
    const cc_placement *pl = &in->sc->placements[p];
    if (pl->capacity == CC_CAPACITY_CARERS)
        return (int)floor((st->carers_under_60 + st->carers_over_60) *
                          in->sc->carers.places_per_household);
    if (pl->capacity == CC_CAPACITY_BEDS)
        return pl->beds + st->beds_open;
    return -1;
}

/* Moves k children of type from, chosen at random across bands, to type to. */
static void transfer(const cc_scenario *sc, workspace *ws, size_t from, size_t to, int k)
{
    int in_type[CC_MAX_BANDS];
    for (size_t b = 0; b < sc->n_bands; b++)
        in_type[b] = ws->next[b][from];
    choose(ws, in_type, sc->n_bands, k, ws->split);
    for (size_t b = 0; b < sc->n_bands; b++) {
        ws->next[b][from] -= ws->split[b];
        ws->next[b][to] += ws->split[b];
    }
}

/* Admits to capped type `to` as many of the children requested[b] (by band) as
 * it has free places, chosen at random; the others go to type `refused_to`.
 * Clears requested and returns how many were refused. */
static int admit(const run_inputs *in, const path_state *st, workspace *ws, int *requested,
                 size_t to, size_t refused_to)
{
    const cc_scenario *sc = in->sc;
    int wanted = 0;
    for (size_t b = 0; b < sc->n_bands; b++)
        wanted += requested[b];
    if (wanted == 0)
        return 0;
    const int room = places(in, st, to) - occupancy(sc, ws, to);
    const int granted = wanted < room ? wanted : (room > 0 ? room : 0);
    choose(ws, requested, sc->n_bands, granted, ws->split);
    for (size_t b = 0; b < sc->n_bands; b++) {
        ws->next[b][to] += ws->split[b];
        ws->next[b][refused_to] += requested[b] - ws->split[b];
        requested[b] = 0;
    }
    return wanted - granted;
}

static void step_children(const run_inputs *in, const month_effects *fx, workspace *ws,
                          size_t t, int *new_leavers)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    const path_rates *pr = &ws->rates;
    int out[MAX_DEST];
    double w[MAX_DEST];

    memcpy(ws->next, ws->counts, sizeof ws->next);
    for (size_t b = 0; b < sc->n_bands; b++) {
        for (size_t p = 0; p < sc->n_placements; p++) {
            const size_t nd = pr->n_dest[b][p];
            const dest *d = pr->dests[b][p];
            double leave = pr->leave[b][p];
            if (fx->exits_changed) {
                /* Initiatives scale exit routes: recompute this state's leaving share. */
                leave = 0.0;
                for (size_t i = 0; i < nd; i++) {
                    w[i] = d[i].kind == DEST_EXIT ? d[i].prob * fx->exit_mult[d[i].target]
                                                  : d[i].prob;
                    leave += w[i];
                }
                leave = fmin(1.0, leave);
            }
            if (ws->counts[b][p] == 0)
                continue;
            use_stream(ws, t, SITE_STATE + (unsigned)(b * CC_MAX_PLACEMENTS + p));
            const int leaving = binomial(ws, leave, ws->counts[b][p]);
            if (leaving == 0)
                continue;
            if (!fx->exits_changed)
                for (size_t i = 0; i < nd; i++)
                    w[i] = d[i].prob;
            if (leaving <= FEW_LEAVERS)
                categorical(ws, leaving, nd, w, out);
            else
                multinomial(ws, leaving, nd, w, out);
            ws->next[b][p] -= leaving;
            for (size_t i = 0; i < nd; i++) {
                const int x = out[i];
                if (x == 0)
                    continue;
                if (d[i].kind == DEST_EXIT) {
                    v[M_EXITS_RETURN_HOME + d[i].target] += x;
                } else if (d[i].kind == DEST_AGE) {
                    if (b + 1 < sc->n_bands) {
                        ws->next[b + 1][p] += x;
                    } else {
                        v[M_EXITS_AGE_18] += x;
                        *new_leavers += x;
                    }
                } else {
                    const cc_move *mv = &sc->moves[d[i].target];
                    if (sc->placements[mv->to].capacity != CC_CAPACITY_NONE) {
                        ws->move_requests[d[i].target][b] += x;
                    } else {
                        ws->next[b][mv->to] += x;
                        v[M_MOVES_TOTAL] += x;
                    }
                }
            }
        }
    }
}

/* Moves children beyond a capped type's places to its overflow type. */
static void enforce_capacity(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    for (size_t p = 0; p < sc->n_placements; p++) {
        const int cap = places(in, st, p);
        const int occ = cap >= 0 ? occupancy(sc, ws, p) : 0;
        if (cap >= 0 && occ > cap) {
            transfer(sc, ws, p, (size_t)sc->placements[p].overflow_to, occ - cap);
            v[M_MOVES_TOTAL] += occ - cap;
            v[M_OVERFLOW_TOTAL] += occ - cap;
        }
    }
}

/* Enforces capacity after exits (carers may have left), then grants queued
 * moves into capped types. A refused mover returns to its own type, which may
 * itself be capped and meanwhile filled, so capacity is enforced again. */
static void resolve_capacity(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    enforce_capacity(in, st, ws);
    for (size_t m = 0; m < sc->n_moves; m++) {
        const cc_move *mv = &sc->moves[m];
        int *req = ws->move_requests[m];
        int wanted = 0;
        for (size_t b = 0; b < sc->n_bands; b++)
            wanted += req[b];
        const int back = mv->when_full == CC_WHEN_FULL_STAY ? mv->from
                                                            : sc->placements[mv->to].overflow_to;
        const int refused = admit(in, st, ws, req, (size_t)mv->to, (size_t)back);
        v[M_MOVES_TOTAL] += wanted - refused;
        if (mv->when_full == CC_WHEN_FULL_OVERFLOW) {
            v[M_MOVES_TOTAL] += refused;
            v[M_OVERFLOW_TOTAL] += refused;
        }
    }
    enforce_capacity(in, st, ws);
}

/* Adds n entrants to ws->demand, each drawn from the (band, type) table:
 * one uniform per child, cheaper than nested multinomials for a month's few
 * entrants and the same distribution. */
static void add_demand(const run_inputs *in, workspace *ws, int n, const gsl_ran_discrete_t *cells)
{
    const size_t n_types = in->sc->n_placements;
    for (int i = 0; i < n; i++) {
        const size_t cell = gsl_ran_discrete(ws->r, cells);
        ws->demand[cell / n_types][cell % n_types]++;
    }
    ws->drawn.discrete += (unsigned long long)n;
}

static void place_entries(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    for (size_t p = 0; p < sc->n_placements; p++) {
        int requested[CC_MAX_BANDS];
        for (size_t b = 0; b < sc->n_bands; b++) {
            requested[b] = ws->demand[b][p];
            ws->demand[b][p] = 0;
        }
        if (places(in, st, p) >= 0) {
            const size_t overflow = (size_t)sc->placements[p].overflow_to;
            ws->values[M_OVERFLOW_TOTAL] += admit(in, st, ws, requested, p, overflow);
        } else {
            for (size_t b = 0; b < sc->n_bands; b++)
                ws->next[b][p] += requested[b];
        }
    }
}

/* Moves up to the drawn number of children per month from one type to another
 * (a residential step-down initiative), within the target's free places. */
static void step_down(const run_inputs *in, const path_state *st, workspace *ws,
                      const cc_initiative *init, double per_month)
{
    const cc_scenario *sc = in->sc;
    if (per_month <= 0.0)
        return;
    int k = poisson(ws, per_month);
    const int available = occupancy(sc, ws, (size_t)init->from);
    k = k < available ? k : available;
    const int cap = places(in, st, (size_t)init->to);
    if (cap >= 0) {
        const int room = cap - occupancy(sc, ws, (size_t)init->to);
        k = k < room ? k : (room > 0 ? room : 0);
    }
    if (k <= 0)
        return;
    transfer(sc, ws, (size_t)init->from, (size_t)init->to, k);
    ws->values[M_MOVES_TOTAL] += k;
}

/* The share of initiative i's effect in force at month t on this path. */
static double ramp(const cc_initiative *init, bool delivered, size_t t)
{
    const int since = (int)t - init->start_month_index;
    if (!delivered || since < 0)
        return 0.0;
    if (init->ramp_months <= 0)
        return 1.0;
    return fmin(1.0, (double)(since + 1) / (double)init->ramp_months);
}

static void compute_effects(const run_inputs *in, const workspace *ws, unsigned active, size_t t,
                            month_effects *fx)
{
    const cc_scenario *sc = in->sc;
    memset(fx, 0, sizeof *fx);
    fx->entries_mult = 1.0;
    for (int r = 0; r < CC_EXIT_ROUTES; r++)
        fx->exit_mult[r] = 1.0;
    for (size_t p = 0; p < sc->n_placements; p++)
        fx->price_mult[p] = 1.0 + sc->levers.price_change_pct[p] / 100.0;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        if (!(active & (1u << i)))
            continue;
        const cc_initiative *init = &sc->initiatives[i];
        const int since = (int)t - init->start_month_index;
        if (since < 0)
            continue;
        /* Costs are paid whether or not the initiative delivers. */
        fx->delivery_cost_gbp += init->annual_cost_gbp / 12.0 +
                                 (since == 0 ? init->one_off_cost_gbp : 0.0);
        const double f = ramp(init, ws->delivered[i], t), size = ws->size[i] * f;
        switch (init->kind) {
        case CC_EFFECT_REDUCE_ENTRIES:
            fx->entries_mult *= 1.0 - size / 100.0;
            break;
        case CC_EFFECT_RAISE_EXITS:
            for (int r = 0; r < CC_EXIT_ROUTES; r++)
                if (init->route < 0 || init->route == r)
                    fx->exit_mult[r] *= 1.0 + size / 100.0;
            fx->exits_changed = true;
            break;
        case CC_EFFECT_CARER_APPROVALS:
            fx->extra_approvals_per_month += size / 12.0;
            break;
        case CC_EFFECT_OPEN_BEDS: {
            const int beds = (int)floor(size + 0.5);
            fx->extra_beds += beds;
            fx->delivery_cost_gbp += beds * init->bed_annual_cost_gbp / 12.0;
            break;
        }
        case CC_EFFECT_PRICE_CUT:
            fx->price_mult[init->from] *= 1.0 - size / 100.0;
            break;
        case CC_EFFECT_AGENCY_SHARE:
            fx->agency_reduction = fmin(1.0, fx->agency_reduction + size / 100.0);
            break;
        default: /* STEP_DOWN acts on children, in step_month */
            break;
        }
    }
}

/* Pounds, staff and income for the month just simulated. */
static void account_month(const run_inputs *in, workspace *ws, path_state *st,
                          const month_effects *fx, size_t t, int month)
{
    const cc_scenario *sc = in->sc;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values, *money = v + L->money;
    const size_t y = (size_t)in->year_of_month[t];

    double placements = 0.0;
    for (size_t p = 0; p < sc->n_placements; p++) {
        int start = 0;
        for (size_t b = 0; b < sc->n_bands; b++)
            start += ws->start_counts[b][p];
        /* Child-weeks: the month's mean of its opening and closing counts. */
        const double child_months = 0.5 * (start + v[L->placement + p]);
        const double cost = child_months * WEEKS_PER_MONTH * ws->rates.weekly_cost_gbp[p] *
                            ws->price_index[y][p] * fx->price_mult[p];
        v[L->placement_cost + p] = cost;
        placements += cost;
    }
    const cc_care_leavers *cl = &sc->care_leavers;
    const double leavers = v[M_CARE_LEAVERS_TOTAL];
    money[MM_COST_PLACEMENTS] = placements;
    money[MM_COST_CARE_LEAVERS] =
        leavers * (cl->accommodation_share * cl->accommodation_weekly_cost_gbp * WEEKS_PER_MONTH +
                   cl->support_annual_cost_gbp / 12.0);

    const cc_carers *c = &sc->carers;
    const cc_caseload cases = {
        .cin = st->cin,
        .cp = st->cp,
        .cic = v[M_CIC_TOTAL],
        .care_leavers = leavers,
        .carer_households = v[M_CARERS_HOUSEHOLDS],
        .connected_households = c->connected_placement >= 0
                                    ? v[L->placement + (size_t)c->connected_placement] /
                                          c->connected_children_per_household
                                    : 0.0,
        .carer_assessments = (ws->rates.approvals_per_month + fx->extra_approvals_per_month) *
                             sc->workforce.assessment_months,
    };
    cc_workforce_month wm;
    cc_workforce_step(&sc->workforce, month, &st->staff);
    cc_workforce_month_compute(&sc->workforce, &st->staff, &cases, month, fx->agency_reduction,
                               &wm);
    for (size_t i = 0; i < sc->workforce.n_teams; i++)
        v[L->team_need + i] = wm.need_fte[i];
    money[MM_FTE_NEED_TOTAL] = wm.need_total;
    money[MM_FTE_PERMANENT] = wm.permanent;
    money[MM_FTE_ASYE] = wm.asye;
    money[MM_FTE_AGENCY] = wm.agency;
    money[MM_FTE_AGENCY_SHARE] = wm.agency_share;
    money[MM_FTE_VACANCY_RATE] = wm.vacancy_rate;
    money[MM_CASELOAD_AVERAGE] = wm.caseload;
    money[MM_COST_STAFF] = wm.cost_gbp;
    money[MM_COST_OVERHEADS] = sc->finance.fixed_overheads_annual_gbp / 12.0;
    money[MM_COST_INITIATIVES] = fx->delivery_cost_gbp;
    money[MM_COST_TOTAL] = placements + money[MM_COST_CARE_LEAVERS] + wm.cost_gbp +
                           money[MM_COST_OVERHEADS] + fx->delivery_cost_gbp;

    /* Funding: years past the funding table carry its last year forward (flat cash),
     * without one-off sums. */
    const cc_finance *fin = &sc->finance;
    double income = 0.0;
    if (fin->n_funding_years > 0) {
        const int fy = in->res->first_fin_year + (int)y - fin->funding_first_year;
        if (fy >= 0) {
            const size_t k = (size_t)fy < fin->n_funding_years ? (size_t)fy
                                                               : fin->n_funding_years - 1;
            income = (fin->contract_sum_gbp[k] + fin->partner_contributions_gbp[k] +
                      ((size_t)fy == k ? fin->one_off_gbp[k] : 0.0)) /
                     12.0;
        }
    }
    money[MM_UASC_IN_CARE] = st->uasc;
    money[MM_INCOME_UASC] = st->uasc * sc->uasc.grant_weekly_gbp * WEEKS_PER_MONTH;
    money[MM_INCOME_TOTAL] = income + money[MM_INCOME_UASC];
    money[MM_NET_POSITION] = money[MM_INCOME_TOTAL] - money[MM_COST_TOTAL];
    st->net_cumulative_gbp += money[MM_NET_POSITION];
    money[MM_NET_CUMULATIVE] = st->net_cumulative_gbp;
    ws->cost_month[t] = money[MM_COST_TOTAL];
}

static void step_month(const run_inputs *in, workspace *ws, path_state *st, unsigned active,
                       size_t t)
{
    const cc_scenario *sc = in->sc;
    const path_rates *pr = &ws->rates;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values;
    const int month = (sc->start_month - 1 + (int)t) % 12 + 1;
    memset(v, 0, in->res->n_metrics * sizeof v[0]);
    month_effects fx;
    compute_effects(in, ws, active, t, &fx);
    st->beds_open = sc->levers.extra_in_house_beds + fx.extra_beds;
    memcpy(ws->start_counts, ws->counts, sizeof ws->start_counts);

    /* Plans: CP plans that end may bring children into care this month. */
    use_stream(ws, t, SITE_CIN);
    const int cin_starts = poisson(ws, pr->cin_starts_per_month);
    st->cin += cin_starts - binomial(ws, pr->cin_end_prob, st->cin);
    use_stream(ws, t, SITE_CP);
    const int cp_starts = poisson(ws, pr->cp_starts_per_month);
    const int cp_ends = binomial(ws, pr->cp_end_prob, st->cp);
    st->cp += cp_starts - cp_ends;
    const int from_cp = binomial(ws, pr->cp_to_care_share, cp_ends);

    /* Carers leave and join before this month's placements are made. */
    use_stream(ws, t, SITE_CARERS);
    const int dereg_under = binomial(ws, pr->dereg_prob_under_60, st->carers_under_60);
    const int dereg_over = binomial(ws, pr->dereg_prob_over_60, st->carers_over_60);
    int approvals = poisson(ws, pr->approvals_per_month);
    if (fx.extra_approvals_per_month > 0.0) {
        use_stream(ws, t, SITE_EXTRA_APPROVALS);
        approvals += poisson(ws, fx.extra_approvals_per_month);
    }
    st->carers_under_60 += approvals - dereg_under;
    st->carers_over_60 -= dereg_over;

    /* Children: leave, age and move on the start-of-month population, then
     * capacity is enforced, then this month's entrants are placed. */
    int new_leavers = 0;
    step_children(in, &fx, ws, t, &new_leavers);
    use_stream(ws, t, SITE_CAPACITY);
    resolve_capacity(in, st, ws);
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        if ((active & (1u << i)) && init->kind == CC_EFFECT_STEP_DOWN) {
            use_stream(ws, t, SITE_STEP_DOWN + (unsigned)i);
            step_down(in, st, ws, init, ws->size[i] * ramp(init, ws->delivered[i], t) / 12.0);
        }
    }
    use_stream(ws, t, SITE_ENTRIES);
    const int base = poisson(ws, pr->entries_per_month * in->entries_factor[t] * fx.entries_mult);
    add_demand(in, ws, base + from_cp, in->entry_cells);
    use_stream(ws, t, SITE_UASC);
    const int uasc = poisson(ws, pr->uasc_per_month);
    add_demand(in, ws, uasc, in->uasc_cells);
    st->uasc += uasc - binomial(ws, 1.0 / UASC_CARE_MONTHS, st->uasc);
    use_stream(ws, t, SITE_ADMIT);
    place_entries(in, st, ws);

    /* Care leavers: supported to 21, or to 25 for a share. */
    use_stream(ws, t, SITE_LEAVERS);
    const int to_25 = binomial(ws, sc->care_leavers.share_supported_to_25, new_leavers);
    st->leavers_to_21 += new_leavers - to_25 -
                         binomial(ws, 1.0 / LEAVER_TO_21_MONTHS, st->leavers_to_21);
    st->leavers_to_25 += to_25 - binomial(ws, 1.0 / LEAVER_TO_25_MONTHS, st->leavers_to_25);

    memcpy(ws->counts, ws->next, sizeof ws->counts);

    /* Record the month. */
    int total = 0;
    for (size_t b = 0; b < sc->n_bands; b++) {
        int band_total = 0;
        for (size_t p = 0; p < sc->n_placements; p++) {
            band_total += ws->counts[b][p];
            v[L->placement + p] += ws->counts[b][p];
        }
        v[L->band + b] = band_total;
        total += band_total;
    }
    v[M_CIC_TOTAL] = total;
    v[M_ENTRIES_FROM_CP] = from_cp;
    v[M_ENTRIES_UASC] = uasc;
    v[M_ENTRIES_TOTAL] = base + from_cp + uasc;
    v[M_EXITS_TOTAL] = v[M_EXITS_RETURN_HOME] + v[M_EXITS_SGO] + v[M_EXITS_ADOPTION] +
                       v[M_EXITS_OTHER] + v[M_EXITS_AGE_18];
    v[M_CIN_TOTAL] = st->cin;
    v[M_CIN_STARTS] = cin_starts;
    v[M_CP_TOTAL] = st->cp;
    v[M_CP_STARTS] = cp_starts;
    v[M_CARE_LEAVERS_TOTAL] = st->leavers_to_21 + st->leavers_to_25;
    v[M_CARERS_HOUSEHOLDS] = st->carers_under_60 + st->carers_over_60;
    v[M_CARERS_APPROVALS] = approvals;
    v[M_CARERS_DEREGISTRATIONS] = dereg_under + dereg_over;
    for (size_t p = 0; p < sc->n_placements; p++) {
        const int cap = places(in, st, p);
        if (cap < 0)
            continue;
        const double free_places = cap - v[L->placement + p];
        if (sc->placements[p].capacity == CC_CAPACITY_CARERS) {
            v[M_CARERS_PLACES] = cap;
            v[M_CARERS_PLACES_FREE] = free_places;
        } else {
            v[M_BEDS_PLACES_FREE] += free_places;
        }
    }
    account_month(in, ws, st, &fx, t, month);
}

/* ---- one path ---- */

/* Price indices by financial year: 1 in the first year, then each April the
 * year's inflation, drawn per path from a normal with a shared market shock
 * (correlation rho between types: sqrt(rho) z + sqrt(1 - rho) e). */
static void draw_prices(const run_inputs *in, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    const double rho = sc->finance.price_inflation_correlation;
    const bool uncertain = sc->run.parameter_uncertainty;
    for (size_t p = 0; p < sc->n_placements; p++)
        ws->price_index[0][p] = 1.0;
    for (size_t y = 1; y < in->res->n_years; y++) {
        const double shared = uncertain ? gsl_ran_ugaussian(ws->r) : 0.0;
        for (size_t p = 0; p < sc->n_placements; p++) {
            const cc_param *infl = &sc->placements[p].annual_price_inflation_pct;
            double pct = infl->mean;
            if (uncertain && infl->sd > 0.0)
                pct += infl->sd * (sqrt(rho) * shared + sqrt(1.0 - rho) * gsl_ran_ugaussian(ws->r));
            ws->price_index[y][p] = ws->price_index[y - 1][p] * (1.0 + pct / 100.0);
        }
    }
}

/* One pass over the horizon with the initiatives in `active` (a bit mask).
 * Every random choice draws from its own (month, site) stream, so passes share
 * their random numbers wherever their choices coincide. */
static void simulate(const run_inputs *in, workspace *ws, size_t p, unsigned long seed,
                     unsigned active, bool record)
{
    const cc_scenario *sc = in->sc;
    const cc_results *res = in->res;
    ws->path_seed = cc_rng_path_seed(seed, p);
    use_stream(ws, PATH_MONTH, SITE_PATH);
    draw_rates(sc, ws);
    draw_prices(in, ws);

    memset(ws->counts, 0, sizeof ws->counts);
    memset(ws->move_requests, 0, sizeof ws->move_requests);
    memset(ws->demand, 0, sizeof ws->demand);
    for (size_t pl = 0; pl < sc->n_placements; pl++) {
        int by_band[CC_MAX_BANDS];
        apportion(sc->placements[pl].start_children, sc->placements[pl].start_age_shares,
                  sc->n_bands, by_band);
        for (size_t b = 0; b < sc->n_bands; b++)
            ws->counts[b][pl] = by_band[b];
    }
    path_state st = {.cin = sc->cin.start_children, .cp = sc->cp.start_children};
    st.leavers_to_25 =
        (int)lround(sc->care_leavers.start_young_people * sc->care_leavers.share_supported_to_25);
    st.leavers_to_21 = sc->care_leavers.start_young_people - st.leavers_to_25;
    st.carers_over_60 = (int)lround(sc->carers.households * sc->carers.over_60_share);
    st.carers_under_60 = sc->carers.households - st.carers_over_60;
    cc_workforce_start(&sc->workforce, &st.staff);

    for (size_t t = 0; t < res->n_months; t++) {
        step_month(in, ws, &st, active, t);
        if (record)
            for (size_t k = 0; k < in->layout.savings; k++)
                cc_results_monthly(res, k, t)[p] = (float)ws->values[k];
    }
}

/* Draws, once per path, whether each initiative delivers and how much. */
static void draw_initiatives(const cc_scenario *sc, workspace *ws, size_t p, unsigned long seed)
{
    ws->path_seed = cc_rng_path_seed(seed, p);
    use_stream(ws, PATH_MONTH, SITE_INITIATIVES);
    const int u = sc->run.parameter_uncertainty;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        ws->delivered[i] = gsl_rng_uniform(ws->r) < init->delivery_probability;
        ws->size[i] = fmax(0.0, cc_param_draw(&init->effect, ws->r, u));
    }
}

/* Annual values: stocks at the year end, flows summed, levels averaged. */
static void summarise_years(const run_inputs *in, size_t p)
{
    const cc_results *res = in->res;
    for (size_t k = 0; k < res->n_metrics; k++) {
        const cc_metric_kind kind = res->metrics[k].kind;
        if (kind == CC_METRIC_ANNUAL_ONLY)
            continue;
        double sum = 0.0;
        int months = 0;
        for (size_t t = 0; t < res->n_months; t++) {
            const size_t y = (size_t)in->year_of_month[t];
            const double x = cc_results_monthly(res, k, t)[p];
            sum = kind == CC_METRIC_STOCK ? x : sum + x;
            months++;
            if (t + 1 == res->n_months || (size_t)in->year_of_month[t + 1] != y) {
                cc_results_annual(res, k, y)[p] =
                    (float)(kind == CC_METRIC_AVERAGE ? sum / months : sum);
                sum = 0.0;
                months = 0;
            }
        }
    }
}

static double months_in_year(const run_inputs *in, size_t y)
{
    int n = 0;
    for (size_t t = 0; t < in->res->n_months; t++)
        n += (size_t)in->year_of_month[t] == y;
    return (double)n;
}

static double annual_value(const cc_results *res, size_t k, size_t y, size_t p)
{
    return (double)cc_results_annual(res, k, y)[p];
}

/* Budget lines and MTFP targets, per financial year, for path p. Years with
 * no budget or target hold NaN, which the writers leave out. */
static void judge_years(const run_inputs *in, size_t p)
{
    const cc_scenario *sc = in->sc;
    const cc_results *res = in->res;
    const cc_metric_layout *L = &in->layout;
    const cc_finance *fin = &sc->finance;
    for (size_t y = 0; y < res->n_years; y++) {
        const int fy = res->first_fin_year + (int)y;
        const int bi = fy - fin->budget_first_year;
        const bool budgeted = bi >= 0 && (size_t)bi < fin->n_budget_years;
        double spend_total = 0.0, budget_total = 0.0;
        for (size_t l = 0; l <= fin->n_budget_lines && fin->n_budget_lines > 0; l++) {
            double spend = 0.0, budget = 0.0;
            if (l < fin->n_budget_lines) {
                const cc_budget_line *line = &fin->budget_lines[l];
                for (size_t pl = 0; pl < sc->n_placements; pl++)
                    if (line->covers & (1u << pl))
                        spend += annual_value(res, L->placement_cost + pl, y, p);
                static const struct {
                    uint32_t bit;
                    size_t metric;
                } others[] = {{CC_COVERS_CARE_LEAVERS, MM_COST_CARE_LEAVERS},
                              {CC_COVERS_STAFF, MM_COST_STAFF},
                              {CC_COVERS_OVERHEADS, MM_COST_OVERHEADS},
                              {CC_COVERS_INITIATIVES, MM_COST_INITIATIVES}};
                for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
                    if (line->covers & others[k].bit)
                        spend += annual_value(res, L->money + others[k].metric, y, p);
                /* A year cut short by the horizon is judged against its share of the budget. */
                budget = budgeted ? line->annual_gbp[bi] * months_in_year(in, y) / 12.0 : 0.0;
                spend_total += spend;
                budget_total += budget;
            } else {
                spend = spend_total;
                budget = budget_total;
            }
            const float nan = (float)NAN;
            const size_t base = L->budget + 3 * l;
            cc_results_annual(res, base, y)[p] = (float)spend;
            cc_results_annual(res, base + 1, y)[p] = budgeted ? (float)(spend > budget) : nan;
            cc_results_annual(res, base + 2, y)[p] =
                budgeted ? (float)fmax(0.0, spend - budget) : nan;
        }
        if (fin->n_mtfp_years > 0 && sc->n_initiatives > 0) {
            const int ci = fy - fin->contract_year_1;
            const bool has_target = ci >= 0 && (size_t)ci < fin->n_mtfp_years &&
                                    fin->mtfp_targets_gbp[ci] > 0.0;
            const double saved = annual_value(res, L->savings + sc->n_initiatives, y, p);
            cc_results_annual(res, L->mtfp, y)[p] =
                has_target ? (float)(saved >= fin->mtfp_targets_gbp[ci]) : (float)NAN;
        }
    }
}

static void run_path(const run_inputs *in, workspace *ws, size_t p, unsigned long seed)
{
    const cc_scenario *sc = in->sc;
    const cc_results *res = in->res;
    const size_t n_init = sc->n_initiatives;
    const unsigned all = n_init > 0 ? (unsigned)((1ul << n_init) - 1u) : 0u;
    if (n_init > 0) {
        /* Savings are measured, not assumed: the same path without the
         * initiatives, each alone, then all together (recorded). */
        draw_initiatives(sc, ws, p, seed);
        simulate(in, ws, p, seed, 0u, false);
        memcpy(ws->cost_without, ws->cost_month, res->n_months * sizeof(double));
        for (size_t i = 0; i < n_init; i++) {
            if (!in->total_savings_only)
                simulate(in, ws, p, seed, 1u << i, false);
            for (size_t t = 0; t < res->n_months; t++)
                cc_results_monthly(res, in->layout.savings + i, t)[p] =
                    in->total_savings_only ? (float)NAN
                                           : (float)(ws->cost_without[t] - ws->cost_month[t]);
        }
    }
    simulate(in, ws, p, seed, all, true);
    if (n_init > 0)
        for (size_t t = 0; t < res->n_months; t++)
            cc_results_monthly(res, in->layout.savings + n_init, t)[p] =
                (float)(ws->cost_without[t] - ws->cost_month[t]);
    summarise_years(in, p);
    judge_years(in, p);
}

/* ---- the run ---- */

const char *cc_engine_rng_name(void)
{
    return cc_rng_type()->name;
}

/* Entry cell probabilities: age share x first-placement share, band-major. */
static int build_cell_tables(const cc_scenario *sc, run_inputs *in)
{
    double entry[CC_MAX_BANDS * CC_MAX_PLACEMENTS], uasc[CC_MAX_BANDS * CC_MAX_PLACEMENTS];
    const size_t n = sc->n_bands * sc->n_placements;
    double uasc_total = 0.0;
    for (size_t b = 0; b < sc->n_bands; b++)
        for (size_t p = 0; p < sc->n_placements; p++) {
            entry[b * sc->n_placements + p] =
                sc->entries.age_shares[b] * sc->entries.first_placement[b][p];
            uasc[b * sc->n_placements + p] = sc->uasc.age_shares[b] * sc->uasc.first_placement[p];
            uasc_total += uasc[b * sc->n_placements + p];
        }
    if (uasc_total <= 0.0)
        uasc[0] = 1.0; /* no UASC stream: any table will do, it is never sampled */
    in->entry_cells = gsl_ran_discrete_preproc(n, entry);
    in->uasc_cells = gsl_ran_discrete_preproc(n, uasc);
    return in->entry_cells == NULL || in->uasc_cells == NULL;
}

static void free_cell_tables(run_inputs *in)
{
    if (in->entry_cells != NULL)
        gsl_ran_discrete_free(in->entry_cells);
    if (in->uasc_cells != NULL)
        gsl_ran_discrete_free(in->uasc_cells);
}

static void add_counts(cc_draw_counts *total, const cc_draw_counts *c)
{
    total->binomial += c->binomial;
    total->poisson += c->poisson;
    total->hypergeometric += c->hypergeometric;
    total->discrete += c->discrete;
    total->binomial_sum_n += c->binomial_sum_n;
    total->binomial_sum_p += c->binomial_sum_p;
    total->poisson_sum_mu += c->poisson_sum_mu;
}

cc_status cc_engine_run(const cc_scenario *scenario, const cc_run_options *opts,
                        cc_results *results, cc_error *err)
{
    if (opts->n_paths > results->n_paths)
        return cc_error_set(err, CC_ERR_INVALID, "engine: %zu paths but results hold %zu",
                            opts->n_paths, results->n_paths);
    run_inputs *in = calloc(1, sizeof *in);
    if (in == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory");
    in->sc = scenario;
    in->res = results;
    cc_metric_layout_init(scenario, &in->layout);
    in->total_savings_only = opts->total_savings_only;
    const cc_entries *e = &scenario->entries;
    for (size_t t = 0; t < results->n_months; t++) {
        const int index = scenario->start_month - 1 + (int)t;
        const int month = index % 12 + 1, year = scenario->start_year + index / 12;
        const int fin = month >= 4 ? year : year - 1;
        in->year_of_month[t] = fin - results->first_fin_year;
        in->entries_factor[t] = pow(1.0 + e->annual_trend_pct / 100.0, (double)t / 12.0) *
                                e->monthly_pattern[month - 1] *
                                (1.0 + scenario->levers.entries_change_pct / 100.0);
    }

    if (build_cell_tables(scenario, in) != 0) {
        free_cell_tables(in);
        free(in);
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory for entry tables");
    }
    const int threads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
    size_t completed = 0;
    int failed = 0;
    const long n_paths = (long)opts->n_paths;
#pragma omp parallel num_threads(threads)
    {
        workspace *ws = calloc(1, sizeof *ws);
        if (ws != NULL) {
            ws->r = gsl_rng_alloc(cc_rng_type());
        }
        if (ws == NULL || ws->r == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (long p = 0; p < n_paths; p++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (stop)
                continue;
            run_path(in, ws, (size_t)p, opts->seed);
            size_t done;
#pragma omp atomic capture
            done = ++completed;
            if (opts->progress != NULL && omp_get_thread_num() == 0)
                opts->progress(opts->progress_context, done, opts->n_paths);
        }
        if (ws != NULL) {
            gsl_rng_free(ws->r);
            if (opts->counts != NULL) {
#pragma omp critical(cc_engine_counts)
                add_counts(opts->counts, &ws->drawn);
            }
        }
        free(ws);
    }
    free_cell_tables(in);
    free(in);
    if (failed)
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory for thread workspaces");
    return CC_OK;
}
