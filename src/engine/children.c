/* Children in care, by age band x placement type: the start position, the month's birthdays
 * (ages.c), exits and moves (each state's leavers split over their destinations), and entries,
 * which are placed under capacity (capacity.c). Exits at 18 become care leavers (leavers.c). */
#include <math.h>
#include <string.h>

#include "engine/path_internal.h"

#define FEW_LEAVERS 6 /* below this, split leavers one by one */

void cc_apportion(int total, const double *shares, size_t n, int *out)
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

/* The children in care at the start: each type's children split over age bands, and each band's
 * over its months of age. */
void cc_children_start(const cc_scenario *sc, workspace *ws)
{
    memset(ws->counts, 0, sizeof ws->counts);
    memset(ws->move_requests, 0, sizeof ws->move_requests);
    memset(ws->demand, 0, sizeof ws->demand);
    for (size_t pl = 0; pl < sc->n_placements; pl++) {
        int by_band[CC_MAX_BANDS];
        cc_apportion(sc->placements[pl].start_children, sc->placements[pl].start_age_shares,
                     sc->n_bands, by_band);
        for (size_t b = 0; b < sc->n_bands; b++)
            ws->counts[b][pl] = by_band[b];
    }
    cc_ages_start(sc, ws);
}

/* ---- exits and moves ---- */

/* The destinations of a state whose exit routes initiatives scale, with their scaled hazards, in
 * scaled; returns the state's leaving probability, recomputed from them (the ways out compete:
 * 1 - exp(-sum)). */
static double scaled_dests(const dest *d, size_t nd, const month_effects *fx, dest *scaled)
{
    double total = 0.0;
    for (size_t i = 0; i < nd; i++) {
        scaled[i] = d[i];
        if (d[i].kind == DEST_EXIT)
            scaled[i].hazard = d[i].hazard * fx->exit_mult[d[i].target];
        total += scaled[i].hazard;
    }
    return -expm1(-total);
}

/* Sends out[i] leavers of state (b, p) to destination d[i]: out of care or into another
 * placement type. Moves into capped types, or into a type a capped type is preferred over,
 * queue in ws->move_requests for capacity.c; their ages move when they are placed. */
static void send_leavers(const run_inputs *in, workspace *ws, size_t b, size_t p, const dest *d,
                         size_t nd, const int *out)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    for (size_t i = 0; i < nd; i++) {
        const int x = out[i];
        if (x == 0)
            continue;
        if (d[i].kind == DEST_EXIT) {
            v[M_EXITS_RETURN_HOME + d[i].target] += x;
            cc_ages_remove(sc, ws, p, b, x);
            continue;
        }
        const cc_move *mv = &sc->moves[d[i].target];
        if (sc->placements[mv->to].capacity != CC_CAPACITY_NONE ||
            in->preferring[mv->to] >= 0) {
            ws->move_requests[d[i].target][b] += x;
        } else {
            ws->next[b][mv->to] += x;
            cc_ages_move(sc, ws, p, (size_t)mv->to, b, x);
            v[M_MOVES_TOTAL] += x;
        }
    }
}

/* The month of the children in state (b, p): how many leave (one binomial), then where each
 * goes (one draw per child for a few, sequential binomials for more). */
static void step_state(const run_inputs *in, const month_effects *fx, workspace *ws, size_t t,
                       size_t b, size_t p)
{
    const path_rates *pr = &ws->rates;
    const size_t nd = pr->n_dest[b][p];
    dest scaled[MAX_DEST];
    const dest *d = pr->dests[b][p];
    int out[MAX_DEST];
    double leave = pr->leave[b][p];
    if (fx->exits_changed) {
        leave = scaled_dests(d, nd, fx, scaled);
        d = scaled;
    }
    use_stream(ws, t, SITE_STATE + (unsigned)(b * CC_MAX_PLACEMENTS + p));
    const int leaving = binomial(ws, leave, ws->counts[b][p]);
    if (leaving == 0)
        return;
    if (leaving <= FEW_LEAVERS)
        cc_draw_categorical(ws, leaving, d, nd, out);
    else
        cc_draw_multinomial(ws, leaving, d, nd, out);
    ws->next[b][p] -= leaving;
    send_leavers(in, ws, b, p, d, nd, out);
}

/* The month's birthdays (out of care at 18), then exits and moves of the children at the start
 * of month t, into ws->next; returns the young people leaving care at 18. */
int cc_children_step(const run_inputs *in, const month_effects *fx, workspace *ws, size_t t)
{
    const cc_scenario *sc = in->sc;
    const int at_18 = cc_ages_birthdays(sc, ws);
    ws->values[M_EXITS_AGE_18] += at_18;
    memcpy(ws->next, ws->counts, sizeof ws->next);
    const size_t n_bands = sc->n_bands, n_types = sc->n_placements;
    for (size_t b = 0; b < n_bands; b++)
        for (size_t p = 0; p < n_types; p++)
            if (ws->counts[b][p] != 0)
                step_state(in, fx, ws, t, b, p);
    return at_18;
}

/* ---- entries ---- */

/* The entry rate's factor in month t (calendar month `month`): trend x seasonal pattern x lever. */
double cc_entries_factor(const cc_scenario *sc, size_t t, int month)
{
    const cc_entries *e = &sc->entries;
    const cc_levers *lv = &sc->levers;
    const double levers = cc_levers_on(sc, t) ? (1.0 + lv->entries_change_pct / 100.0) *
                                                    (1.0 + lv->entries_not_cp_change_pct / 100.0)
                                              : 1.0;
    return pow(1.0 + e->annual_trend_pct / 100.0, (double)t / 12.0) *
           e->monthly_pattern[month - 1] * levers;
}

void cc_children_add_to_type(const cc_scenario *sc, workspace *ws, size_t p, int n)
{
    int by_band[CC_MAX_BANDS];
    cc_apportion(n, sc->placements[p].start_age_shares, sc->n_bands, by_band);
    for (size_t b = 0; b < sc->n_bands; b++)
        ws->demand[b][p] += by_band[b];
}

/* Entry cell probabilities: age share x first-placement share, band-major.
 * Returns non-zero when out of memory (free with cc_entry_tables_free). */
int cc_entry_tables_alloc(const cc_scenario *sc, run_inputs *in)
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

void cc_entry_tables_free(run_inputs *in)
{
    if (in->entry_cells != NULL)
        gsl_ran_discrete_free(in->entry_cells);
    if (in->uasc_cells != NULL)
        gsl_ran_discrete_free(in->uasc_cells);
}

/* Adds n entrants to ws->demand, each drawn from the (band, type) table:
 * one uniform per child, cheaper than nested multinomials for a month's few
 * entrants and the same distribution. */
void cc_children_add_demand(const run_inputs *in, workspace *ws, int n,
                            const gsl_ran_discrete_t *cells)
{
    const size_t n_types = in->sc->n_placements;
    for (int i = 0; i < n; i++) {
        const size_t cell = discrete(ws, cells);
        ws->demand[cell / n_types][cell % n_types]++;
    }
    ws->drawn.discrete += (unsigned long long)n;
}

/* The month's entrants (other than UASC): a Poisson number at the path's rate x the month's
 * factor x initiatives' effect, plus those from ended CP plans, queued in ws->demand.
 * Returns the Poisson number. */
int cc_children_entries(const run_inputs *in, const month_effects *fx, workspace *ws, size_t t,
                        int from_cp)
{
    use_stream(ws, t, SITE_ENTRIES);
    const int base =
        poisson(ws, ws->rates.entries_per_month * in->entries_factor[t] * fx->entries_mult);
    cc_children_add_demand(in, ws, base + from_cp, in->entry_cells);
    return base;
}

/* Places the month's entrants: capped types admit as many as they have room for (chosen at
 * random), the rest go to the type's overflow; entrants for a type that a capped type is
 * preferred over go to the capped type while it has room. */
void cc_children_admit(const run_inputs *in, const path_state *st, workspace *ws, size_t t)
{
    const cc_scenario *sc = in->sc;
    use_stream(ws, t, SITE_ADMIT);
    int wanted[CC_MAX_PLACEMENTS];
    cc_sum_by_type(sc, (const int(*)[CC_MAX_PLACEMENTS])ws->demand, wanted);
    for (size_t p = 0; p < sc->n_placements; p++) {
        if (wanted[p] == 0) /* nobody to place: no draw either way */
            continue;
        int requested[CC_MAX_BANDS];
        for (size_t b = 0; b < sc->n_bands; b++) {
            requested[b] = ws->demand[b][p];
            ws->demand[b][p] = 0;
        }
        if (cc_capacity_places(st, p) >= 0) {
            const size_t overflow = (size_t)sc->placements[p].overflow_to;
            ws->values[M_OVERFLOW_TOTAL] +=
                cc_capacity_admit(in, st, ws, requested, -1, p, overflow);
        } else if (in->preferring[p] >= 0) {
            cc_capacity_admit(in, st, ws, requested, -1, (size_t)in->preferring[p], p);
        } else {
            for (size_t b = 0; b < sc->n_bands; b++)
                if (requested[b] > 0) {
                    ws->next[b][p] += requested[b];
                    cc_ages_add(sc, ws, p, b, requested[b]);
                }
        }
    }
}

/* Records children in care at the month end, by type, by band and in total, and exits. */
void cc_children_record(const run_inputs *in, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values;
    int by_type[CC_MAX_PLACEMENTS], total = 0;
    for (size_t b = 0; b < sc->n_bands; b++) {
        int band_total = 0;
#pragma GCC unroll 16
        for (size_t p = 0; p < CC_MAX_PLACEMENTS; p++) /* a whole row: see cc_sum_by_type */
            band_total += ws->counts[b][p];
        v[L->band + b] = band_total;
        total += band_total;
    }
    cc_sum_by_type(sc, (const int(*)[CC_MAX_PLACEMENTS])ws->counts, by_type);
    for (size_t p = 0; p < sc->n_placements; p++)
        v[L->placement + p] = by_type[p];
    v[M_CIC_TOTAL] = total;
    v[M_EXITS_TOTAL] = v[M_EXITS_RETURN_HOME] + v[M_EXITS_SGO] + v[M_EXITS_ADOPTION] +
                       v[M_EXITS_OTHER] + v[M_EXITS_AGE_18];
}
