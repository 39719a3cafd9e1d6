/* The month's money: placement costs (child-weeks x unit cost x price index x price effects),
 * care leavers' costs, staff (the workforce model, src/model/workforce.c), overheads and
 * initiatives' delivery costs; income from the funding table and the UASC grant; the net
 * position and its running total. Runs last in the month, on its recorded stocks. */
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
    return placements;
}

/* Staff: need from the caseloads, supply from the establishment (permanent, ASYE, agency),
 * and their cost. */
static void account_staff(const run_inputs *in, workspace *ws, path_state *st,
                          const month_effects *fx, int month)
{
    const cc_scenario *sc = in->sc;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values, *money = v + L->money;
    const cc_carers *c = &sc->carers;
    const cc_caseload cases = {
        .cin = st->cin,
        .cp = st->cp,
        .cic = v[M_CIC_TOTAL],
        .care_leavers = v[M_CARE_LEAVERS_TOTAL],
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
}

/* Monthly funding in financial year y: years past the funding table carry its last year
 * forward (flat cash), without one-off sums. */
static double funding(const run_inputs *in, size_t y)
{
    const cc_finance *fin = &in->sc->finance;
    if (fin->n_funding_years == 0)
        return 0.0;
    const int fy = in->res->first_fin_year + (int)y - fin->funding_first_year;
    if (fy < 0)
        return 0.0;
    const size_t k = (size_t)fy < fin->n_funding_years ? (size_t)fy : fin->n_funding_years - 1;
    return (fin->contract_sum_gbp[k] + fin->partner_contributions_gbp[k] +
            ((size_t)fy == k ? fin->one_off_gbp[k] : 0.0)) /
           12.0;
}

/* Pounds, staff and income for month t (calendar month `month`), just simulated. */
void cc_money_account(const run_inputs *in, workspace *ws, path_state *st,
                      const month_effects *fx, size_t t, int month)
{
    const cc_scenario *sc = in->sc;
    double *money = ws->values + in->layout.money;
    const size_t y = (size_t)in->year_of_month[t];

    const double placements = cost_placements(in, ws, fx, y);
    const cc_care_leavers *cl = &sc->care_leavers;
    money[MM_COST_PLACEMENTS] = placements;
    money[MM_COST_CARE_LEAVERS] =
        ws->values[M_CARE_LEAVERS_TOTAL] *
        (cl->accommodation_share * cl->accommodation_weekly_cost_gbp * WEEKS_PER_MONTH +
         cl->support_annual_cost_gbp / 12.0);
    account_staff(in, ws, st, fx, month);
    money[MM_COST_OVERHEADS] = sc->finance.fixed_overheads_annual_gbp / 12.0;
    money[MM_COST_INITIATIVES] = fx->delivery_cost_gbp;
    money[MM_COST_TOTAL] = placements + money[MM_COST_CARE_LEAVERS] + money[MM_COST_STAFF] +
                           money[MM_COST_OVERHEADS] + fx->delivery_cost_gbp;

    money[MM_UASC_IN_CARE] = st->uasc;
    money[MM_INCOME_UASC] = st->uasc * sc->uasc.grant_weekly_gbp * WEEKS_PER_MONTH;
    money[MM_INCOME_TOTAL] = funding(in, y) + money[MM_INCOME_UASC];
    money[MM_NET_POSITION] = money[MM_INCOME_TOTAL] - money[MM_COST_TOTAL];
    st->net_cumulative_gbp += money[MM_NET_POSITION];
    money[MM_NET_CUMULATIVE] = st->net_cumulative_gbp;
    ws->cost_month[t] = money[MM_COST_TOTAL];
}
