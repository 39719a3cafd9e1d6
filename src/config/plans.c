/* Sections `model.cin`, `model.cp` and `model.assessments`
 * (docs/scenario-format.md 6.8-6.9): children in need and child protection
 * plans, children undergoing assessment, their starts and lengths, and the
 * share of ending CP plans that lead to care. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

static void parse_plan(cc_group *m, cc_scenario *sc, const char *key, const char *name,
                       bool required, cc_plan_stock *plan)
{
    cc_group g;
    const bool is_cp = strcmp(key, "cp") == 0;
    char label[CC_TEXT_MAX];
    bool present = cc_group_open(m, key, required, &g);
    if (!present && !required)
        return;
    cc_get_int(&g, "start_children", 0, CC_COUNT_MAX, present, 0, &plan->start_children);
    cc_get_param(&g, "annual_starts", 0.0, CC_RATE_MAX, CC_PARAM_RATE, present, 0.0,
                 &plan->annual_starts);
    snprintf(label, sizeof label, "%s starting", name);
    cc_assume(sc, &g, "annual_starts", label, plan->annual_starts.mean, CC_UNIT_PER_YEAR);
    cc_get_param(&g, "average_duration_months", 1.0, 600.0, CC_PARAM_RATE, present, 12.0,
                 &plan->average_duration_months);
    snprintf(label, sizeof label, "%s length", name);
    cc_assume(sc, &g, "average_duration_months", label, plan->average_duration_months.mean,
              CC_UNIT_MONTHS);
    plan->to_care_share.mean = 0.0;
    if (is_cp) {
        cc_get_param(&g, "to_care_share", 0.0, 1.0, CC_PARAM_RATE, false, 0.0,
                     &plan->to_care_share);
        cc_assume(sc, &g, "to_care_share", "Ending CP plans that lead to care",
                  plan->to_care_share.mean, CC_UNIT_SHARE);
    }
    cc_group_close(&g);
}

void cc_parse_plans(cc_group *m, cc_scenario *sc)
{
    parse_plan(m, sc, "cin", "CIN plans", true, &sc->cin);
    parse_plan(m, sc, "cp", "CP plans", true, &sc->cp);
    sc->has_assessments = cc_has(m, "assessments");
    parse_plan(m, sc, "assessments", "Assessments", false, &sc->assessments);
}
