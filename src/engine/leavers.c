/* Unaccompanied asylum-seeking children (UASC), care leavers and allowances after care. UASC
 * arrive as a Poisson stream with their own age and placement mix and are placed like other
 * entrants; a tally by age band, which UASC in care at the start begin, follows them for the
 * Home Office grant (money.c) until they turn 18. Young people who leave care at 18 are
 * supported to 21, or to 25 for a share, and leave support at a constant monthly rate. Orders
 * with an allowance (special guardianship, child arrangements, adoption) grow with the exits of
 * their route and end at a constant rate. */
#include <math.h>

#include "carecast/rates.h"
#include "engine/path_internal.h"


/* UASC in care at the start, split between bands by the UASC age shares. */
void cc_uasc_start(const cc_scenario *sc, path_state *st)
{
    cc_apportion(sc->uasc.start_children, sc->uasc.age_shares, sc->n_bands, st->uasc_by_band);
    st->uasc = sc->uasc.start_children;
}

/* The grant follows the children: each UASC in the tally turns to the next band with the
 * ageing probability of its band, 1 / (12 x band width), and leaves the tally (and the grant)
 * when it leaves the last band at 18. Arrivals join their drawn band. */
static void uasc_age(const cc_scenario *sc, workspace *ws, path_state *st, size_t t)
{
    if (st->uasc == 0) /* the tally's sum: no child, no draw */
        return;
    use_stream(ws, t, SITE_UASC_AGEING);
    int moving = 0;
    for (size_t b = 0; b < sc->n_bands; b++) {
        const cc_age_band *band = &sc->bands[b];
        const int arrived = moving;
        moving = binomial(ws, 1.0 / (12.0 * (band->max_age_years - band->min_age_years + 1)),
                          st->uasc_by_band[b]);
        st->uasc_by_band[b] += arrived - moving;
    }
    st->uasc -= moving;
}

/* The month's UASC: arrivals join the entrants' queue (ws->demand) and the tally; the tally
 * ages. Returns the arrivals. */
int cc_uasc_step(const run_inputs *in, workspace *ws, path_state *st, size_t t)
{
    const cc_scenario *sc = in->sc;
    uasc_age(sc, ws, st, t);
    const double mu = ws->rates.uasc_per_month * in->uasc_factor[t];
    if (mu <= 0.0) /* no arrivals, no draw (most models have no separate UASC stream) */
        return 0;
    use_stream(ws, t, SITE_UASC);
    const int uasc = poisson(ws, mu);
    if (uasc == 0)
        return 0;
    int before[CC_MAX_BANDS] = {0};
    for (size_t p = 0; p < sc->n_placements; p++)
        for (size_t b = 0; b < sc->n_bands; b++)
            before[b] += ws->demand[b][p];
    cc_children_add_demand(in, ws, uasc, in->uasc_cells);
    for (size_t p = 0; p < sc->n_placements; p++)
        for (size_t b = 0; b < sc->n_bands; b++)
            before[b] -= ws->demand[b][p];
    for (size_t b = 0; b < sc->n_bands; b++)
        st->uasc_by_band[b] -= before[b]; /* before[b] is now minus the band's arrivals */
    st->uasc += uasc;
    return uasc;
}

/* Orders with an allowance: new ones from the month's exits by the kind's route (a share of
 * them) and other new orders, less those that end. */
void cc_allowances_step(const run_inputs *in, workspace *ws, path_state *st, size_t t)
{
    const cc_scenario *sc = in->sc;
    for (size_t i = 0; i < sc->n_allowances; i++) {
        const cc_allowance *al = &sc->allowances[i];
        use_stream(ws, t, SITE_ALLOWANCES + (unsigned)i);
        const int exits = al->from_route >= 0
                              ? (int)ws->values[M_EXITS_RETURN_HOME + (size_t)al->from_route]
                              : 0;
        const int ended = binomial(ws, cc_monthly_probability(al->annual_end_pct), st->orders[i]);
        st->orders[i] += binomial(ws, al->share_with_allowance, exits) +
                         poisson(ws, al->annual_new_orders / 12.0) - ended;
        ws->values[in->layout.orders + i] = st->orders[i];
    }
}

/* Care leavers: this month's new_leavers (left care at 18) are supported to 21, or to 25 for a
 * share; each group leaves support at one over its months of support. */
void cc_leavers_step(const cc_scenario *sc, workspace *ws, path_state *st, size_t t,
                     int new_leavers)
{
    use_stream(ws, t, SITE_LEAVERS);
    const int to_25 = binomial(ws, sc->care_leavers.share_supported_to_25, new_leavers);
    st->leavers_to_21 += new_leavers - to_25 -
                         binomial(ws, ws->rates.leaver_prob_to_21, st->leavers_to_21);
    st->leavers_to_25 += to_25 - binomial(ws, ws->rates.leaver_prob_to_25, st->leavers_to_25);
    ws->values[M_CARE_LEAVERS_TOTAL] = st->leavers_to_21 + st->leavers_to_25;
}
