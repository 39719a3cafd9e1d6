/* Sections `model.care_leavers` and `model.uasc` (docs/scenario-format.md
 * 6.7, 6.10): young people leaving care and their support costs, and
 * unaccompanied asylum-seeking children, who enter outside the usual flows
 * and bring a Home Office grant. */
#include "config/config_internal.h"

void cc_parse_care_leavers(cc_group *m, cc_care_leavers *cl)
{
    cc_group g;
    bool present = cc_group_open(m, "care_leavers", true, &g);
    cc_get_int(&g, "start_young_people", 0, CC_COUNT_MAX, present, 0, &cl->start_young_people);
    cc_get_float(&g, "share_supported_to_25", 0.0, 1.0, false, 0.0, &cl->share_supported_to_25);
    cc_get_float(&g, "accommodation_share", 0.0, 1.0, false, 0.0, &cl->accommodation_share);
    cc_get_float(&g, "accommodation_weekly_cost_gbp", 0.0, 1e5, false, 0.0,
                 &cl->accommodation_weekly_cost_gbp);
    cc_get_float(&g, "support_annual_cost_gbp", 0.0, 1e6, false, 0.0,
                 &cl->support_annual_cost_gbp);
    cc_group_close(&g);
}

void cc_parse_uasc(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    cc_uasc *u = &sc->uasc;
    if (!cc_group_open(m, "uasc", false, &g))
        return;
    cc_get_param(&g, "annual_children", 0.0, CC_RATE_MAX, CC_PARAM_RATE, true, 0.0,
                 &u->annual_children);
    cc_get_int(&g, "start_children", 0, CC_COUNT_MAX, false, 0, &u->start_children);
    if (u->start_children > cc_scenario_start_cic(sc))
        cc_report(&g, NULL, "start_children",
                  "is more than the %d children in care at the start (UASC are counted within "
                  "their placement types' start_children)",
                  cc_scenario_start_cic(sc));
    size_t n = 0;
    if (cc_get_floats(&g, "age_shares", sc->n_bands, sc->n_bands, 0.0, 1.0, true, u->age_shares,
                      &n))
        cc_check_shares(&g, "age_shares", u->age_shares, n);
    cc_placement_shares(&g, "first_placement", true, sc, u->first_placement);
    cc_get_float(&g, "grant_weekly_gbp", 0.0, 1e5, false, 0.0, &u->grant_weekly_gbp);
    cc_group_close(&g);
}
