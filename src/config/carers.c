/* Section `model.foster_carers` (docs/scenario-format.md 6.11): in-house
 * foster carer households, their places, approvals, assessments, ageing past
 * 60 and deregistrations, and connected (family and friends) carers. Required when a placement type has
 * capacity = "carers". */
#include "config/config_internal.h"

void cc_parse_carers(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    cc_carers *c = &sc->carers;
    bool needed = false;
    for (size_t i = 0; i < sc->n_placements; i++)
        needed |= sc->placements[i].capacity == CC_CAPACITY_CARERS;
    bool present = cc_group_open(m, "foster_carers", needed, &g);
    cc_get_int(&g, "households", 0, CC_COUNT_MAX, present, 0, &c->households);
    cc_assume(sc, &g, "households", "In-house foster carer households at start",
              (double)c->households, CC_UNIT_COUNT);
    cc_get_float(&g, "over_60_share", 0.0, 1.0, false, 0.0, &c->over_60_share);
    cc_get_float(&g, "places_per_household", 0.0, 10.0, present, 1.0, &c->places_per_household);
    cc_get_param(&g, "annual_approvals", 0.0, 10000.0, CC_PARAM_RATE, false, 0.0,
                 &c->annual_approvals);
    cc_assume(sc, &g, "annual_approvals", "Foster carer approvals (households)",
              c->annual_approvals.mean, CC_UNIT_PER_YEAR);
    cc_get_param(&g, "annual_deregistration_pct", 0.0, 100.0, CC_PARAM_PCT, false, 0.0,
                 &c->annual_deregistration_pct);
    cc_get_param(&g, "over_60_annual_deregistration_pct", 0.0, 100.0, CC_PARAM_PCT, false,
                 c->annual_deregistration_pct.mean, &c->over_60_annual_deregistration_pct);
    cc_get_param(&g, "annual_turning_60_pct", 0.0, 100.0, CC_PARAM_PCT, false, 0.0,
                 &c->annual_turning_60_pct);
    cc_get_float(&g, "assessment_approval_share", 0.01, 1.0, false, 1.0,
                 &c->assessment_approval_share);
    cc_get_float(&g, "connected_children_per_household", 0.1, 10.0, false, 1.0,
                 &c->connected_children_per_household);
    char text[CC_NAME_MAX];
    c->connected_placement = -1;
    if (cc_get_string(&g, "connected_placement", false, "", text, sizeof text) && text[0] != '\0')
        c->connected_placement = cc_placement_ref(&g, "connected_placement", text, sc);
    cc_group_close(&g);
}
