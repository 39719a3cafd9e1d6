/* Prices by financial year. A placement type's weekly unit cost is multiplied in each year of a
 * path by its price index, drawn per path; levers and initiatives that cut prices act on top of
 * it, month by month (month_effects.price_mult, initiatives.c). Every other cost and income line
 * (pay, overheads, care leavers, initiatives, allowances, the UASC grant, each other cost) has
 * its own deterministic index (cc_price_index), the same on every path; the funding table gives
 * a month's funding by year. money.c applies them all. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "carecast/prices.h"
#include "engine/path_internal.h"

/* One standard normal from the stream of (year y, site): the inverse CDF of one uniform, so
 * a changed mean or sd moves every path's inflation monotonically. */
static double shock(workspace *ws, size_t y, unsigned site)
{
    use_stream(ws, y, site);
    return gsl_cdf_ugaussian_Pinv(gsl_rng_uniform_pos(ws->r));
}

/* Price indices by financial year: 1 in the first year, then each April the
 * year's inflation, drawn per path from a normal with a shared market shock
 * (correlation rho between types: sqrt(rho) z + sqrt(1 - rho) e), each shock
 * from its own stream. */
void cc_prices_draw(const run_inputs *in, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    const double rho = sc->finance.price_inflation_correlation;
    const bool uncertain = sc->run.parameter_uncertainty;
    for (size_t p = 0; p < sc->n_placements; p++)
        ws->price_index[0][p] = 1.0;
    for (size_t y = 1; y < in->res->n_years; y++) {
        const double shared = uncertain ? shock(ws, y, SITE_PRICE_SHARED) : 0.0;
        for (size_t p = 0; p < sc->n_placements; p++) {
            const cc_param *infl = &sc->placements[p].annual_price_inflation_pct;
            double pct = infl->mean;
            if (uncertain && infl->sd > 0.0)
                pct += infl->sd * (sqrt(rho) * shared +
                                   sqrt(1.0 - rho) * shock(ws, y, SITE_PRICE + (unsigned)p));
            ws->price_index[y][p] = ws->price_index[y - 1][p] * (1.0 + pct / 100.0);
        }
    }
}

/* A month's funding in financial year y: one twelfth of the year's contract sum, partner
 * contributions and one-off money; years past the table carry its last year on (without the
 * one-off money), changed each year by funding.annual_uplift_pct; none before the table. */
static double funding_month(const cc_finance *fin, int first_fin_year, size_t y)
{
    if (fin->n_funding_years == 0)
        return 0.0;
    const int k = first_fin_year + (int)y - fin->funding_first_year;
    if (k < 0)
        return 0.0;
    const size_t last = fin->n_funding_years - 1;
    if ((size_t)k <= last)
        return (fin->contract_sum_gbp[k] + fin->partner_contributions_gbp[k] + fin->one_off_gbp[k]) /
               12.0;
    const double uplift = pow(1.0 + fin->funding_uplift_annual_pct / 100.0, (double)k - (double)last);
    return (fin->contract_sum_gbp[last] + fin->partner_contributions_gbp[last]) * uplift / 12.0;
}

void cc_line_prices_init(const cc_scenario *sc, const cc_results *res, line_prices *out)
{
    const cc_inflation *ix = &sc->finance.inflation;
    const size_t n = res->n_years;
    cc_price_index_table(&ix->pay, n, out->pay);
    cc_price_index_table(&ix->overheads, n, out->overheads);
    cc_price_index_table(&ix->care_leavers, n, out->care_leavers);
    cc_price_index_table(&ix->initiatives, n, out->initiatives);
    cc_price_index_table(&ix->allowances, n, out->allowances);
    cc_price_index_table(&ix->uasc_grant, n, out->uasc_grant);
    for (size_t i = 0; i < sc->n_other_costs; i++)
        cc_price_index_table(&sc->other_costs[i].inflation, n, out->other[i]);
    for (size_t y = 0; y < n; y++)
        out->funding_gbp[y] = funding_month(&sc->finance, res->first_fin_year, y);
}
