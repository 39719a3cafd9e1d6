/* Section `model.workforce` (docs/scenario-format.md 6.12-6.13): social
 * worker turnover, recruitment, ASYE intake and caseload reduction, salaries
 * and agency costs, and the teams with the cases each one carries. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

static unsigned case_bits(cc_group *t, char (*names)[CC_NAME_MAX], size_t n)
{
    static const struct {
        const char *name;
        unsigned bit;
    } kinds[] = {{"cin", CC_CASES_CIN},
                 {"cp", CC_CASES_CP},
                 {"cic", CC_CASES_CIC},
                 {"care_leavers", CC_CASES_CARE_LEAVERS},
                 {"carer_households", CC_CASES_CARER_HOUSEHOLDS},
                 {"connected_households", CC_CASES_CONNECTED_HOUSEHOLDS},
                 {"carer_assessments", CC_CASES_CARER_ASSESSMENTS}};
    const size_t n_kinds = sizeof kinds / sizeof kinds[0];
    const char *kind_names[sizeof kinds / sizeof kinds[0]];
    unsigned bits = 0;
    for (size_t k = 0; k < n_kinds; k++)
        kind_names[k] = kinds[k].name;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < n_kinds && strcmp(kinds[k].name, names[i]) != 0)
            k++;
        if (k < n_kinds) {
            bits |= kinds[k].bit;
            continue;
        }
        cc_report_unknown(t, NULL, "cases", "case kind", names[i], kind_names, n_kinds);
    }
    return bits;
}

static void parse_team(cc_group *t, cc_scenario *sc, cc_team *team)
{
    char names[8][CC_NAME_MAX];
    size_t n_names = 0;
    if (cc_get_names(t, "cases", 8, true, names, &n_names))
        team->cases = case_bits(t, names, n_names);
    cc_get_float(t, "cases_per_fte", 0.1, 1000.0, true, 1.0, &team->cases_per_fte);
    char label[CC_TEXT_MAX];
    snprintf(label, sizeof label, "Caseload: %s", team->name);
    cc_assume(sc, t, "cases_per_fte", label, team->cases_per_fte, CC_UNIT_CASES);
    cc_get_bool(t, "asye_applies", false, false, &team->asye_applies);
    cc_get_float(t, "establishment_fte", 0.0, 1e5, false, 0.0, &team->establishment_fte);
    cc_get_float(t, "permanent_fte", 0.0, 1e5, false, 0.0, &team->permanent_fte);
}

static void parse_teams(cc_group *g, cc_scenario *sc)
{
    cc_workforce *w = &sc->workforce;
    cc_group teams;
    if (!cc_group_open(g, "teams", true, &teams))
        return;
    teams.accepts_any_key = true;
    unsigned int nt = cc_group_length(&teams);
    if (nt > CC_MAX_TEAMS)
        cc_report(&teams, NULL, NULL, "at most %d teams, got %u", CC_MAX_TEAMS, nt);
    for (unsigned int i = 0; i < nt && i < CC_MAX_TEAMS; i++) {
        cc_group t;
        if (!cc_group_open_child(&teams, i, &t))
            continue;
        cc_team *team = &w->teams[w->n_teams++];
        snprintf(team->name, sizeof team->name, "%s", cc_group_child_name(&teams, i));
        parse_team(&t, sc, team);
        cc_group_close(&t);
    }
}

/* The newly qualified (ASYE) share, and their lighter caseload: one reduction or four
 * quarterly factors. */
static void parse_asye(cc_group *g, cc_scenario *sc, cc_workforce *w)
{
    cc_get_float(g, "asye_share", 0.0, 1.0, false, 0.0, &w->asye_share);
    cc_get_float(g, "asye_caseload_reduction", 0.0, 0.99, false, 0.0,
                 &w->asye_caseload_reduction);
    cc_assume(sc, g, "asye_caseload_reduction", "ASYE caseload reduction",
              w->asye_caseload_reduction, CC_UNIT_SHARE);
    size_t n = 0;
    w->has_asye_ramp = cc_get_floats(g, "asye_quarter_caseload_factors", 4, 4, 0.01, 1.0, false,
                                     w->asye_quarter_caseload_factors, &n) &&
                       n == 4;
    if (w->has_asye_ramp && cc_has(g, "asye_caseload_reduction"))
        cc_report(g, NULL, "asye_quarter_caseload_factors",
                  "give either asye_caseload_reduction or quarterly factors, not both");
}

void cc_parse_workforce(cc_group *m, cc_scenario *sc)
{
    cc_workforce *w = &sc->workforce;
    cc_group g;
    bool present = cc_group_open(m, "workforce", false, &g);
    parse_asye(&g, sc, w);
    cc_get_float(&g, "annual_turnover_pct", 0.0, 100.0, false, 0.0, &w->annual_turnover_pct);
    cc_get_float(&g, "annual_recruitment_fte", 0.0, 1e4, false, 0.0, &w->annual_recruitment_fte);
    cc_get_float(&g, "asye_intake_fte", 0.0, 1e4, false, 0.0, &w->asye_intake_fte);
    cc_get_int(&g, "asye_intake_month", 1, 12, false, 9, &w->asye_intake_month);
    cc_get_float(&g, "assessment_months", 0.1, 36.0, false, 6.0, &w->assessment_months);
    cc_get_float(&g, "permanent_annual_cost_gbp", 0.0, 1e6, false, 0.0,
                 &w->permanent_annual_cost_gbp);
    cc_get_float(&g, "asye_annual_cost_gbp", 0.0, 1e6, false, 0.0, &w->asye_annual_cost_gbp);
    cc_get_float(&g, "agency_annual_cost_gbp", 0.0, 1e6, false, 0.0, &w->agency_annual_cost_gbp);
    cc_assume(sc, &g, "agency_annual_cost_gbp", "Agency social worker cost",
              w->agency_annual_cost_gbp, CC_UNIT_GBP_YEAR);
    cc_get_float(&g, "overhead_ratio", 0.0, 10.0, false, 0.0, &w->overhead_ratio);
    if (present)
        parse_teams(&g, sc);
    cc_group_close(&g);
}
