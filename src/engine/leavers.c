/* Unaccompanied asylum-seeking children (UASC) and care leavers. UASC arrive at 16-17 as a
 * Poisson stream with their own age and placement mix, are placed like other entrants, and are
 * counted (for the Home Office grant, money.c) for about two years. Young people who leave care
 * at 18 are supported to 21, or to 25 for a share, and leave support at a constant monthly rate. */
#include "engine/path_internal.h"

#define UASC_CARE_MONTHS 24.0    /* UASC arrive at 16-17: on average two years in care */

/* The month's UASC: arrivals join the entrants' queue (ws->demand); the UASC count moves on.
 * Returns the arrivals. */
int cc_uasc_step(const run_inputs *in, workspace *ws, path_state *st, size_t t)
{
    use_stream(ws, t, SITE_UASC);
    const int uasc = poisson(ws, ws->rates.uasc_per_month);
    cc_children_add_demand(in, ws, uasc, in->uasc_cells);
    st->uasc += uasc - binomial(ws, 1.0 / UASC_CARE_MONTHS, st->uasc);
    return uasc;
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
