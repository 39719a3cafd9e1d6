/* The price index: what a placement type's weekly unit cost is multiplied by in each financial
 * year of a path. Levers and initiatives that cut prices act on top of it, month by month
 * (month_effects.price_mult, initiatives.c); money.c applies both. */
#include <math.h>

#include "engine/path_internal.h"

/* Price indices by financial year: 1 in the first year, then each April the
 * year's inflation, drawn per path from a normal with a shared market shock
 * (correlation rho between types: sqrt(rho) z + sqrt(1 - rho) e). Draws from
 * the SITE_PATH stream, after the rates. */
void cc_prices_draw(const run_inputs *in, workspace *ws)
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
