/* A path's rates: every uncertain parameter of the flows (entries, plans, carers, exits, moves,
 * unit costs) drawn once per path from the SITE_PATH stream, turned into monthly probabilities
 * and, per state (age band x placement type), a table of where leavers go. The draws come in a
 * fixed order: drawing a new parameter anywhere but after the others changes every path.
 * Rates that move over time within a path belong here too. */
#include <math.h>

#include "carecast/rates.h"
#include "engine/path_internal.h"

/* The flows' rates outside the state table: entries, UASC, plans and carers. */
static void draw_flows(const cc_scenario *sc, path_rates *pr, gsl_rng *r, int u)
{
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
}

/* Where children of band b in type p go in a month: each exit route (scaled by the band's
 * multiplier and the exits lever), the next age band, and each move out of p. */
static void fill_dests(const cc_scenario *sc, path_rates *pr, size_t b, size_t p,
                       const double *route_prob, const double *move_prob)
{
    const cc_age_band *band = &sc->bands[b];
    const double ageing = 1.0 / (12.0 * (band->max_age_years - band->min_age_years + 1));
    const double exits_factor = 1.0 + sc->levers.exits_change_pct / 100.0;
    dest *d = pr->dests[b][p];
    size_t n = 0;
    for (int k = 0; k < CC_EXIT_ROUTES; k++)
        if (route_prob[k] > 0.0)
            d[n++] = (dest){DEST_EXIT, (unsigned char)k,
                            route_prob[k] * band->exit_rate_multiplier * exits_factor};
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

void cc_rates_draw(const cc_scenario *sc, workspace *ws)
{
    path_rates *pr = &ws->rates;
    gsl_rng *r = ws->r;
    const int u = sc->run.parameter_uncertainty;
    draw_flows(sc, pr, r, u);

    double route_prob[CC_MAX_PLACEMENTS][CC_EXIT_ROUTES];
    for (size_t p = 0; p < sc->n_placements; p++)
        for (int k = 0; k < CC_EXIT_ROUTES; k++)
            route_prob[p][k] = cc_monthly_probability(
                cc_param_draw(&sc->placements[p].exit_annual_pct[k], r, u));
    for (size_t p = 0; p < sc->n_placements; p++)
        pr->weekly_cost_gbp[p] = cc_param_draw(&sc->placements[p].weekly_cost_gbp, r, u);
    double move_prob[CC_MAX_MOVES];
    for (size_t m = 0; m < sc->n_moves; m++)
        move_prob[m] = cc_monthly_probability(cc_param_draw(&sc->moves[m].annual_pct, r, u));

    for (size_t b = 0; b < sc->n_bands; b++)
        for (size_t p = 0; p < sc->n_placements; p++)
            fill_dests(sc, pr, b, p, route_prob[p], move_prob);
}
