/* The month's social work staff: the cases each team counts (from the month's recorded stocks),
 * staff in post moved on by the workforce model (src/model/workforce.c) with its leavers and
 * joiners drawn from their own streams, then need, agency cover, the KPIs and the cost. */
#include "engine/path_internal.h"

/* The workforce model's random numbers: site k of this month is SITE_STAFF + k. */
typedef struct staff_streams {
    workspace *ws;
    size_t t;
} staff_streams;

static gsl_rng *staff_stream(void *context, unsigned site)
{
    staff_streams *s = context;
    use_stream(s->ws, s->t, SITE_STAFF + site);
    return s->ws->r;
}

/* Each month's plan of the workforce (posts, turnover, the means of the draws), the same on
 * every path. */
void cc_staff_prepare(const cc_scenario *sc, run_inputs *in)
{
    for (size_t t = 0; t < in->res->n_months; t++)
        cc_workforce_plan_month(&sc->workforce, (int)t, (sc->start_month - 1 + (int)t) % 12 + 1,
                                &in->staff_plan[t]);
}

void cc_staff_start(const cc_scenario *sc, path_state *st)
{
    cc_workforce_init(&sc->workforce, sc->start_month, &st->staff);
    st->has_staff_last = false;
}

/* Cases by kind at the month end. Carer assessments under way: assessments started a month
 * (approvals / the share of assessments approved) x how long one lasts. */
static cc_caseload month_cases(const run_inputs *in, const workspace *ws, const path_state *st,
                               const month_effects *fx)
{
    const cc_scenario *sc = in->sc;
    const double *v = ws->values;
    const cc_carers *c = &sc->carers;
    const double approvals = ws->rates.approvals_per_month + fx->lever_approvals_per_month +
                             fx->extra_approvals_per_month;
    return (cc_caseload){
        .cin = st->cin,
        .cp = st->cp,
        .cic = v[M_CIC_TOTAL],
        .care_leavers = v[M_CARE_LEAVERS_TOTAL],
        .carer_households = v[M_CARERS_HOUSEHOLDS],
        .connected_households =
            c->connected_placement >= 0
                ? v[in->layout.placement + (size_t)c->connected_placement] /
                      c->connected_children_per_household
                : 0.0,
        .carer_assessments =
            approvals / c->assessment_approval_share * sc->workforce.assessment_months,
        .assessments = st->assessments,
    };
}

void cc_staff_account(const run_inputs *in, workspace *ws, path_state *st,
                      const month_effects *fx, size_t t)
{
    const cc_scenario *sc = in->sc;
    const cc_metric_layout *L = &in->layout;
    double *v = ws->values, *money = v + L->money;
    const cc_caseload cases = month_cases(in, ws, st, fx);
    staff_streams streams = {ws, t};
    const cc_workforce_random random = {staff_stream, &streams};
    cc_workforce_flows flows;
    const cc_workforce_plan *plan = &in->staff_plan[t];
    cc_workforce_advance_planned(&sc->workforce, plan, st->has_staff_last ? &st->staff_last : NULL,
                                 &random, &st->staff, &flows);
    cc_workforce_month *wm = &st->staff_last;
    cc_workforce_position_planned(&sc->workforce, plan, &st->staff, &cases, fx->agency_reduction,
                                  wm);
    st->has_staff_last = true;
    for (size_t i = 0; i < sc->workforce.n_teams; i++)
        v[L->team_need + i] = wm->need_fte[i];
    money[MM_FTE_NEED_TOTAL] = wm->need_total;
    money[MM_FTE_PERMANENT] = wm->permanent;
    money[MM_FTE_ASYE] = wm->asye;
    money[MM_FTE_AGENCY] = wm->agency;
    money[MM_FTE_AGENCY_SHARE] = wm->agency_share;
    money[MM_FTE_VACANCY_RATE] = wm->vacancy_rate;
    money[MM_CASELOAD_AVERAGE] = wm->caseload;
    money[MM_FTE_ESTABLISHMENT] = wm->establishment;
    money[MM_FTE_ASYE_SHARE] = wm->asye_share;
    money[MM_FTE_ASYE_OVER_CAP] = wm->asye_over_cap;
    money[MM_FTE_LEAVERS] = flows.leavers;
    money[MM_FTE_HIRES] = flows.hires;
    money[MM_FTE_ASYE_INTAKE] = flows.asye_intake;
    money[MM_FTE_ASYE_REFUSED] = flows.asye_refused;
    /* Pay rises by the pay index of the financial year (prices.c). */
    money[MM_COST_STAFF] =
        wm->cost_gbp * in->prices.pay[in->year_of_month[t]] * ws->process_mult[CC_PROC_PAY];
}
