/* The month's money: placement costs (child-weeks x unit cost x price index x price effects x
 * the `prices` process's level),
 * care leavers' costs, staff (staff.c and the workforce model), overheads,
 * initiatives' delivery costs less fixed savings, allowances after care and other cost lines,
 * each at its own price index (prices.c), staff pay and overheads also at their processes'
 * levels (rates.c); income from the funding table, the UASC grant and
 * contributions tied to costs; the net position and its running total from the opening
 * balance. Runs last in the month, on its recorded stocks. */
#include "engine/path_internal.h"

#define WEEKS_PER_MONTH (365.25 / 7.0 / 12.0)

/* Placement costs by type in financial year y; returns their sum. */
static double cost_placements(const run_inputs *in, workspace *ws, const month_effects *fx,
                              size_t y)
{
    const cc_scenario *sc = in->sc;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values;
    double placements = 0.0;
    for (size_t p = 0; p < sc->n_placements; p++) {
        /* Child-weeks: the month's mean of its opening and closing counts. */
        const double child_months = 0.5 * (ws->start_by_type[p] + v[L->placement + p]);
        const double cost = child_months * WEEKS_PER_MONTH * ws->rates.weekly_cost_gbp[p] *
                            ws->price_index[y][p] * fx->price_mult[p] *
                            ws->process_mult[CC_PROC_PRICES];
        v[L->placement_cost + p] = cost;
        placements += cost;
    }
    return placements;
}

/* The count an other cost line is driven by this month. */
static double driver_count(const run_inputs *in, const workspace *ws, cc_cost_driver driver)
{
    const double *v = ws->values, *money = v + in->layout.money;
    switch (driver) {
    case CC_DRIVER_CIC:
        return v[M_CIC_TOTAL];
    case CC_DRIVER_CARE_LEAVERS:
        return v[M_CARE_LEAVERS_TOTAL];
    case CC_DRIVER_CIN_CP:
        return v[M_CIN_TOTAL] + v[M_CP_TOTAL];
    case CC_DRIVER_SOCIAL_WORKERS:
        return money[MM_FTE_PERMANENT] + money[MM_FTE_ASYE] + money[MM_FTE_AGENCY];
    default:
        return 1.0;
    }
}

/* Allowances after care (month-end orders) and other cost lines, at their price indices;
 * returns their sum. */
static double cost_not_in_care(const run_inputs *in, workspace *ws, size_t y)
{
    const cc_scenario *sc = in->sc;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values;
    double allowances = 0.0, other = 0.0;
    for (size_t i = 0; i < sc->n_allowances; i++) {
        const double cost = v[L->orders + i] * sc->allowances[i].annual_cost_gbp / 12.0 *
                            in->prices.allowances[y];
        v[L->allowance_cost + i] = cost;
        allowances += cost;
    }
    v[L->money + MM_COST_ALLOWANCES] = allowances;
    for (size_t i = 0; i < sc->n_other_costs; i++) {
        const cc_other_cost *oc = &sc->other_costs[i];
        const double cost = driver_count(in, ws, oc->driver) * oc->units_per_driver *
                            oc->annual_cost_gbp / 12.0 * in->prices.other[i][y];
        v[L->other_cost + i] = cost;
        other += cost;
    }
    return allowances + other;
}

/* The month's spend on a list of costs, from the metrics just written. */
static double spend_on(const workspace *ws, const cc_cost_list *costs)
{
    double spend = 0.0;
    for (size_t i = 0; i < costs->n; i++)
        spend += ws->values[costs->metric[i]];
    return spend;
}

/* Income: funding, the UASC grant (at its price index) and contributions tied to costs. */
static void account_income(const run_inputs *in, workspace *ws, const path_state *st, size_t y)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values, *money = v + in->layout.money;
    money[MM_UASC_IN_CARE] = st->uasc;
    money[MM_INCOME_UASC] =
        st->uasc * sc->uasc.grant_weekly_gbp * WEEKS_PER_MONTH * in->prices.uasc_grant[y];
    double income = in->prices.funding_gbp[y] + money[MM_INCOME_UASC];
    for (size_t i = 0; i < sc->finance.n_contributions; i++) {
        const cc_contribution *co = &sc->finance.contributions[i];
        v[in->layout.contribution + i] = co->share * spend_on(ws, &in->contribution_costs[i]);
        income += v[in->layout.contribution + i];
    }
    money[MM_INCOME_TOTAL] = income;
}

/* Pounds, staff and income for month t, just simulated. */
void cc_money_account(const run_inputs *in, workspace *ws, path_state *st,
                      const month_effects *fx, size_t t)
{
    const cc_scenario *sc = in->sc;
    double *money = ws->values + in->layout.money;
    const size_t y = (size_t)in->year_of_month[t];
    const line_prices *prices = &in->prices;

    const double placements = cost_placements(in, ws, fx, y);
    const cc_care_leavers *cl = &sc->care_leavers;
    money[MM_COST_PLACEMENTS] = placements;
    money[MM_COST_CARE_LEAVERS] =
        ws->values[M_CARE_LEAVERS_TOTAL] *
        (cl->accommodation_share * cl->accommodation_weekly_cost_gbp * WEEKS_PER_MONTH +
         cl->support_annual_cost_gbp / 12.0) *
        prices->care_leavers[y];
    cc_staff_account(in, ws, st, fx, t);
    money[MM_COST_OVERHEADS] = sc->finance.fixed_overheads_annual_gbp / 12.0 * prices->overheads[y] *
                               ws->process_mult[CC_PROC_OVERHEADS];
    money[MM_COST_INITIATIVES] = fx->delivery_cost_gbp;
    const double not_in_care = cost_not_in_care(in, ws, y);
    money[MM_COST_TOTAL] = placements + money[MM_COST_CARE_LEAVERS] + money[MM_COST_STAFF] +
                           money[MM_COST_OVERHEADS] + fx->delivery_cost_gbp + not_in_care;

    account_income(in, ws, st, y);
    money[MM_NET_POSITION] = money[MM_INCOME_TOTAL] - money[MM_COST_TOTAL];
    st->net_cumulative_gbp += money[MM_NET_POSITION];
    money[MM_NET_CUMULATIVE] = st->net_cumulative_gbp;
    ws->cost_month[t] = money[MM_COST_TOTAL];
}
