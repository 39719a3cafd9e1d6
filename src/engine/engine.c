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
#include "engine/engine_internal.h"

#define MAX_DEST (CC_EXIT_ROUTES + 1 + CC_MAX_MOVES)
#define LEAVER_TO_21_MONTHS 36.0 /* supported from 18 to 21 */
#define LEAVER_TO_25_MONTHS 84.0 /* supported from 18 to 25 */

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
} path_rates;

/* One thread's working memory, allocated once and reused for every path. */
typedef struct workspace {
    gsl_rng *r;
    path_rates rates;
    int counts[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* children at the start of the month */
    int next[CC_MAX_BANDS][CC_MAX_PLACEMENTS];   /* children at the end of the month */
    int move_requests[CC_MAX_MOVES][CC_MAX_BANDS];
    int demand[CC_MAX_BANDS][CC_MAX_PLACEMENTS]; /* entries wanting each type */
    int split[CC_MAX_BANDS];
    double values[CC_METRICS_MAX];               /* this month's metric values */
    cc_draw_counts drawn;                        /* random variates drawn */
} workspace;

/* Shared, read-only inputs of a run. */
typedef struct run_inputs {
    const cc_scenario *sc;
    cc_results *res;
    double entries_factor[CC_HORIZON_MAX_MONTHS]; /* trend x pattern x lever, by month */
    int year_of_month[CC_HORIZON_MAX_MONTHS];     /* financial year index of each month */
    int extra_beds;
} run_inputs;

/* ---- random draws, counted ---- */

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

static double monthly_from_annual_pct(double pct)
{
    if (pct >= 100.0)
        return 1.0;
    return 1.0 - pow(1.0 - pct / 100.0, 1.0 / 12.0);
}

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
        monthly_from_annual_pct(cc_param_draw(&sc->carers.annual_deregistration_pct, r, u));
    pr->dereg_prob_over_60 = monthly_from_annual_pct(
        cc_param_draw(&sc->carers.over_60_annual_deregistration_pct, r, u));

    double route_prob[CC_MAX_PLACEMENTS][CC_EXIT_ROUTES];
    const double exits_factor = 1.0 + lv->exits_change_pct / 100.0;
    for (size_t p = 0; p < sc->n_placements; p++)
        for (int k = 0; k < CC_EXIT_ROUTES; k++)
            route_prob[p][k] = monthly_from_annual_pct(
                cc_param_draw(&sc->placements[p].exit_annual_pct[k], r, u));
    double move_prob[CC_MAX_MOVES];
    for (size_t m = 0; m < sc->n_moves; m++)
        move_prob[m] = monthly_from_annual_pct(cc_param_draw(&sc->moves[m].annual_pct, r, u));

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
    int cin, cp, leavers_to_21, leavers_to_25, carers_under_60, carers_over_60;
} path_state;

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
        return pl->beds + in->extra_beds;
    return -1;
}

/* Moves children of type p chosen at random across bands to its overflow type. */
static void displace(const cc_scenario *sc, workspace *ws, size_t p, int how_many)
{
    int from[CC_MAX_BANDS];
    for (size_t b = 0; b < sc->n_bands; b++)
        from[b] = ws->next[b][p];
    choose(ws, from, sc->n_bands, how_many, ws->split);
    const int to = sc->placements[p].overflow_to;
    for (size_t b = 0; b < sc->n_bands; b++) {
        ws->next[b][p] -= ws->split[b];
        ws->next[b][to] += ws->split[b];
    }
}

static void step_children(const run_inputs *in, workspace *ws, int *new_leavers)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    const path_rates *pr = &ws->rates;
    int out[MAX_DEST];
    double w[MAX_DEST];

    memcpy(ws->next, ws->counts, sizeof ws->next);
    for (size_t b = 0; b < sc->n_bands; b++) {
        for (size_t p = 0; p < sc->n_placements; p++) {
            const int leaving = binomial(ws, pr->leave[b][p], ws->counts[b][p]);
            if (leaving == 0)
                continue;
            const size_t nd = pr->n_dest[b][p];
            const dest *d = pr->dests[b][p];
            for (size_t i = 0; i < nd; i++)
                w[i] = d[i].prob;
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

/* Enforces capacity after exits, then grants queued moves into capped types. */
static void resolve_capacity(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    for (size_t p = 0; p < sc->n_placements; p++) {
        const int cap = places(in, st, p);
        const int occ = cap >= 0 ? occupancy(sc, ws, p) : 0;
        if (cap >= 0 && occ > cap) {
            /* Carers left: their children move to the overflow type. */
            displace(sc, ws, p, occ - cap);
            v[M_MOVES_TOTAL] += occ - cap;
            v[M_OVERFLOW_TOTAL] += occ - cap;
        }
    }
    for (size_t m = 0; m < sc->n_moves; m++) {
        const cc_move *mv = &sc->moves[m];
        int *req = ws->move_requests[m];
        int wanted = 0;
        for (size_t b = 0; b < sc->n_bands; b++)
            wanted += req[b];
        if (wanted == 0)
            continue;
        const int room = places(in, st, (size_t)mv->to) - occupancy(sc, ws, (size_t)mv->to);
        const int granted = wanted < room ? wanted : (room > 0 ? room : 0);
        choose(ws, req, sc->n_bands, granted, ws->split);
        const int back = mv->when_full == CC_WHEN_FULL_STAY ? mv->from
                                                            : sc->placements[mv->to].overflow_to;
        for (size_t b = 0; b < sc->n_bands; b++) {
            ws->next[b][mv->to] += ws->split[b];
            ws->next[b][back] += req[b] - ws->split[b];
            req[b] = 0;
        }
        v[M_MOVES_TOTAL] += granted;
        if (mv->when_full == CC_WHEN_FULL_OVERFLOW) {
            v[M_MOVES_TOTAL] += wanted - granted;
            v[M_OVERFLOW_TOTAL] += wanted - granted;
        }
    }
}

/* Adds n entrants split by age and first placement into ws->demand. */
static void add_demand(const cc_scenario *sc, workspace *ws, int n, const double *age_shares,
                       const double (*by_band)[CC_MAX_PLACEMENTS], const double *single)
{
    int per_band[CC_MAX_BANDS], per_type[CC_MAX_PLACEMENTS];
    if (n == 0)
        return;
    multinomial(ws, n, sc->n_bands, age_shares, per_band);
    for (size_t b = 0; b < sc->n_bands; b++) {
        if (per_band[b] == 0)
            continue;
        multinomial(ws, per_band[b], sc->n_placements, by_band != NULL ? by_band[b] : single,
                    per_type);
        for (size_t p = 0; p < sc->n_placements; p++)
            ws->demand[b][p] += per_type[p];
    }
}

static void place_entries(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    for (size_t p = 0; p < sc->n_placements; p++) {
        const int cap = places(in, st, p);
        int wanted = 0;
        for (size_t b = 0; b < sc->n_bands; b++) {
            wanted += ws->demand[b][p];
            ws->split[b] = ws->demand[b][p];
        }
        if (cap >= 0 && wanted > 0) {
            const int room = cap - occupancy(sc, ws, p);
            const int granted = wanted < room ? wanted : (room > 0 ? room : 0);
            int requested[CC_MAX_BANDS];
            memcpy(requested, ws->split, sizeof requested);
            choose(ws, requested, sc->n_bands, granted, ws->split);
            const int to = sc->placements[p].overflow_to;
            for (size_t b = 0; b < sc->n_bands; b++)
                ws->next[b][to] += requested[b] - ws->split[b];
            v[M_OVERFLOW_TOTAL] += wanted - granted;
        }
        for (size_t b = 0; b < sc->n_bands; b++) {
            ws->next[b][p] += ws->split[b];
            ws->demand[b][p] = 0;
        }
    }
}

static void step_month(const run_inputs *in, workspace *ws, path_state *st, size_t t)
{
    const cc_scenario *sc = in->sc;
    const path_rates *pr = &ws->rates;
    double *v = ws->values;
    memset(v, 0, in->res->n_metrics * sizeof v[0]);

    /* Plans: CP plans that end may bring children into care this month. */
    const int cin_starts = poisson(ws, pr->cin_starts_per_month);
    st->cin += cin_starts - binomial(ws, pr->cin_end_prob, st->cin);
    const int cp_starts = poisson(ws, pr->cp_starts_per_month);
    const int cp_ends = binomial(ws, pr->cp_end_prob, st->cp);
    st->cp += cp_starts - cp_ends;
    const int from_cp = binomial(ws, pr->cp_to_care_share, cp_ends);

    /* Carers leave and join before this month's placements are made. */
    const int dereg_under = binomial(ws, pr->dereg_prob_under_60, st->carers_under_60);
    const int dereg_over = binomial(ws, pr->dereg_prob_over_60, st->carers_over_60);
    const int approvals = poisson(ws, pr->approvals_per_month);
    st->carers_under_60 += approvals - dereg_under;
    st->carers_over_60 -= dereg_over;

    /* Children: leave, age and move on the start-of-month population, then
     * capacity is enforced, then this month's entrants are placed. */
    int new_leavers = 0;
    step_children(in, ws, &new_leavers);
    resolve_capacity(in, st, ws);
    const int base = poisson(ws, pr->entries_per_month * in->entries_factor[t]);
    const int uasc = poisson(ws, pr->uasc_per_month);
    add_demand(sc, ws, base + from_cp, sc->entries.age_shares, sc->entries.first_placement, NULL);
    add_demand(sc, ws, uasc, sc->uasc.age_shares, NULL, sc->uasc.first_placement);
    place_entries(in, st, ws);

    /* Care leavers: supported to 21, or to 25 for a share. */
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
            v[metric_placement(p)] += ws->counts[b][p];
        }
        v[metric_band(sc, b)] = band_total;
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
        const double free_places = cap - v[metric_placement(p)];
        if (sc->placements[p].capacity == CC_CAPACITY_CARERS) {
            v[M_CARERS_PLACES] = cap;
            v[M_CARERS_PLACES_FREE] = free_places;
        } else {
            v[M_BEDS_PLACES_FREE] += free_places;
        }
    }
}

/* ---- one path ---- */

static void record(const run_inputs *in, const workspace *ws, size_t p, size_t t)
{
    const cc_results *res = in->res;
    for (size_t k = 0; k < res->n_metrics; k++)
        cc_results_monthly(res, k, t)[p] = (float)ws->values[k];
}

static void summarise_years(const run_inputs *in, size_t p)
{
    const cc_results *res = in->res;
    for (size_t k = 0; k < res->n_metrics; k++) {
        const bool is_stock = res->metrics[k].kind == CC_METRIC_STOCK;
        for (size_t y = 0; y < res->n_years; y++)
            cc_results_annual(res, k, y)[p] = 0.0f;
        double sum = 0.0;
        for (size_t t = 0; t < res->n_months; t++) {
            const size_t y = (size_t)in->year_of_month[t];
            const double x = cc_results_monthly(res, k, t)[p];
            sum = is_stock ? x : sum + x;
            const bool year_ends = t + 1 == res->n_months || in->year_of_month[t + 1] != (int)y;
            if (year_ends) {
                cc_results_annual(res, k, y)[p] = (float)sum;
                sum = 0.0;
            }
        }
    }
}

static void run_path(const run_inputs *in, workspace *ws, size_t p, unsigned long seed)
{
    const cc_scenario *sc = in->sc;
    gsl_rng_set(ws->r, cc_rng_path_seed(seed, p));
    draw_rates(sc, ws);

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

    for (size_t t = 0; t < in->res->n_months; t++) {
        step_month(in, ws, &st, t);
        record(in, ws, p, t);
    }
    summarise_years(in, p);
}

/* ---- the run ---- */

static void add_counts(cc_draw_counts *total, const cc_draw_counts *c)
{
    total->binomial += c->binomial;
    total->poisson += c->poisson;
    total->hypergeometric += c->hypergeometric;
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
    for (size_t p = 0; p < scenario->n_placements; p++)
        if (scenario->placements[p].capacity == CC_CAPACITY_BEDS)
            in->extra_beds = scenario->levers.extra_in_house_beds;
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

    const int threads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
    size_t completed = 0;
    int failed = 0;
    const long n_paths = (long)opts->n_paths;
#pragma omp parallel num_threads(threads)
    {
        workspace *ws = calloc(1, sizeof *ws);
        if (ws != NULL)
            ws->r = gsl_rng_alloc(gsl_rng_mt19937);
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
    free(in);
    if (failed)
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory for thread workspaces");
    return CC_OK;
}
