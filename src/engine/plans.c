/* Child in need (CIN) and child protection (CP) plans, and children undergoing assessment: starts
 * (Poisson) and ends (each ends with a monthly probability, one over its mean duration). A share
 * of ending CP plans brings the child into care: those children join the month's entries
 * (children.c). */
#include <math.h>

#include "engine/path_internal.h"

/* Steps the plans one month and records their metrics; returns the children entering care
 * from an ended CP plan. */
int cc_plans_step(const run_inputs *in, workspace *ws, path_state *st, size_t t)
{
    const path_rates *pr = &ws->rates;
    double *v = ws->values;
    use_stream(ws, t, SITE_CIN);
    const int cin_starts = poisson(ws, pr->cin_starts_per_month);
    st->cin += cin_starts - binomial(ws, pr->cin_end_prob, st->cin);
    use_stream(ws, t, SITE_CP);
    const int cp_starts = poisson(ws, pr->cp_starts_per_month);
    const int cp_ends = binomial(ws, pr->cp_end_prob, st->cp);
    st->cp += cp_starts - cp_ends;
    /* The entries levers scale the share of ending plans that become looked after. */
    const int from_cp = binomial(ws, fmin(1.0, pr->cp_to_care_share * in->cp_entries_factor[t]),
                                 cp_ends);
    v[M_CIN_TOTAL] = st->cin;
    v[M_CIN_STARTS] = cin_starts;
    v[M_CP_TOTAL] = st->cp;
    v[M_CP_STARTS] = cp_starts;
    int assessments_starts = 0; /* a model without assessments has none and draws none */
    if (in->sc->has_assessments) {
        use_stream(ws, t, SITE_ASSESSMENTS);
        assessments_starts = poisson(ws, pr->assessments_starts_per_month);
        st->assessments +=
            assessments_starts - binomial(ws, pr->assessments_end_prob, st->assessments);
    }
    v[M_ASSESSMENTS_TOTAL] = st->assessments;
    v[M_ASSESSMENTS_STARTS] = assessments_starts;
    return from_cp;
}
