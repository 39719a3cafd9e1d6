/* Section `model.workforce` (docs/scenario-format.md 6.12-6.13): social
 * worker turnover, recruitment, ASYE intake, caseloads and share rule, agency
 * policy, salaries and agency costs, KPI targets, and the teams with the cases
 * each one carries and their establishment by date. */
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
                 {"carer_assessments", CC_CASES_CARER_ASSESSMENTS},
                 {"assessments", CC_CASES_ASSESSMENTS}};
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

/* One dated change: from `date` (the first of a month, after the start) the
 * team has `fte` funded posts. */
static void parse_change(cc_group *c, const cc_scenario *sc, cc_team *team)
{
    int year = 0, month = 0, day = 1;
    double fte = 0.0;
    const bool has_date = cc_get_date(c, "date", true, &year, &month, &day);
    const bool has_fte = cc_get_float(c, "fte", 0.0, 1e5, true, 0.0, &fte);
    if (!has_date || !has_fte)
        return;
    const int t = (year - sc->start_year) * 12 + (month - sc->start_month);
    if (day != 1)
        cc_report(c, NULL, "date", "must be the first day of a month (monthly steps)");
    else if (t <= 0)
        cc_report(c, NULL, "date", "must be after model.start_date (establishment_fte is the start)");
    else if (team->n_establishment_changes > 0 &&
             t <= team->establishment_change_month[team->n_establishment_changes - 1])
        cc_report(c, NULL, "date", "changes must be in date order, one a month at most");
    else {
        team->establishment_change_month[team->n_establishment_changes] = t;
        team->establishment_change_fte[team->n_establishment_changes++] = fte;
    }
}

static void parse_establishment_changes(cc_group *t, const cc_scenario *sc, cc_team *team)
{
    cc_group g;
    if (!cc_group_open(t, "establishment_changes", false, &g))
        return;
    g.accepts_any_key = true;
    const unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_ESTABLISHMENT_CHANGES)
        cc_report(&g, NULL, NULL, "at most %d changes, got %u", CC_MAX_ESTABLISHMENT_CHANGES, n);
    for (unsigned int i = 0; i < n && i < CC_MAX_ESTABLISHMENT_CHANGES; i++) {
        cc_group c;
        if (!cc_group_open_child(&g, i, &c))
            continue;
        parse_change(&c, sc, team);
        cc_group_close(&c);
    }
    cc_group_close(&g);
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
    cc_get_bool(t, "in_caseload_kpi", false, team->asye_applies, &team->in_caseload_kpi);
    cc_get_float(t, "establishment_fte", 0.0, 1e5, false, 0.0, &team->establishment_fte);
    parse_establishment_changes(t, sc, team);
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

/* Newly qualified (ASYE) staff: in post at the start, their lighter caseload
 * (one reduction or four quarterly factors), an optional fixed share for need,
 * and the share rule. */
static void parse_asye(cc_group *g, cc_scenario *sc, cc_workforce *w)
{
    cc_get_float(g, "asye_start_share", 0.0, 1.0, false, 0.0, &w->asye_start_share);
    w->has_asye_need_share =
        cc_get_float(g, "asye_need_share", 0.0, 0.99, false, 0.0, &w->asye_need_share);
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
    cc_get_float(g, "asye_max_share", 0.01, 1.0, false, 1.0, &w->asye_max_share);
    char text[CC_NAME_MAX];
    w->asye_cap = CC_ASYE_CAP_INTAKE;
    if (cc_get_string(g, "asye_when_over", false, "cap_intake", text, sizeof text)) {
        if (strcmp(text, "flag") == 0)
            w->asye_cap = CC_ASYE_CAP_FLAG;
        else if (strcmp(text, "cap_intake") != 0)
            cc_report(g, NULL, "asye_when_over", "expected \"cap_intake\" or \"flag\", got \"%s\"",
                      text);
    }
}

/* The year's ASYE intake and the calendar months it joins in, evenly. */
static void parse_intake(cc_group *g, cc_workforce *w)
{
    cc_get_float(g, "asye_intake_fte", 0.0, 1e4, false, 0.0, &w->asye_intake_fte);
    double months[12] = {9.0};
    size_t n = 1;
    if (cc_has(g, "asye_intake_months") &&
        !cc_get_floats(g, "asye_intake_months", 1, 12, 1.0, 12.0, true, months, &n))
        return;
    bool seen[12] = {false};
    for (size_t i = 0; i < n; i++) {
        const int m = (int)months[i];
        if ((double)m != months[i] || seen[m - 1]) {
            cc_report(g, NULL, "asye_intake_months",
                      "expected distinct whole months 1-12, got %g at element %zu", months[i], i);
            return;
        }
        seen[m - 1] = true;
    }
    for (size_t i = 0; i < n; i++)
        w->asye_intake_weights[(int)months[i] - 1] = 1.0 / (double)n;
}

static void parse_agency(cc_group *g, cc_workforce *w)
{
    static const char *const names[] = {"fill_to_need", "fill_to_establishment", "none"};
    char text[CC_NAME_MAX];
    w->agency_policy = CC_AGENCY_FILL_TO_NEED;
    if (cc_get_string(g, "agency_policy", false, "fill_to_need", text, sizeof text)) {
        size_t k = 0;
        while (k < 3 && strcmp(text, names[k]) != 0)
            k++;
        if (k < 3)
            w->agency_policy = (cc_agency_policy)k;
        else
            cc_report_unknown(g, NULL, "agency_policy", "agency policy", text, names, 3);
    }
    cc_get_float(g, "agency_min_share", 0.0, 0.95, false, 0.0, &w->agency_min_share);
}

/* KPI targets: green at or below target, amber to the tolerance, red beyond. */
static void parse_kpis(cc_group *g, cc_workforce *w)
{
    static const char *const names[CC_KPI_COUNT] = {"caseload", "vacancy_rate", "agency_share"};
    static const double most[CC_KPI_COUNT] = {1000.0, 1.0, 1.0};
    cc_group k;
    if (!cc_group_open(g, "kpis", false, &k))
        return;
    for (int i = 0; i < CC_KPI_COUNT; i++) {
        cc_group one;
        if (!cc_group_open(&k, names[i], false, &one))
            continue;
        cc_kpi *kpi = &w->kpis[i];
        /* Both read, so both keys' errors are reported. */
        const bool target_ok = cc_get_float(&one, "target", 0.0, most[i], true, 0.0, &kpi->target);
        const bool tolerance_ok =
            cc_get_float(&one, "tolerance", 0.0, most[i], true, 0.0, &kpi->tolerance);
        const bool ok = target_ok && tolerance_ok;
        if (ok && kpi->tolerance < kpi->target)
            cc_report(&one, NULL, "tolerance", "must be at least the target (%g)", kpi->target);
        kpi->is_set = ok && kpi->tolerance >= kpi->target;
        cc_group_close(&one);
    }
    cc_group_close(&k);
}

void cc_parse_workforce(cc_group *m, cc_scenario *sc)
{
    cc_workforce *w = &sc->workforce;
    cc_group g;
    bool present = cc_group_open(m, "workforce", false, &g);
    parse_asye(&g, sc, w);
    cc_get_float(&g, "annual_turnover_pct", 0.0, 100.0, false, 0.0, &w->annual_turnover_pct);
    cc_get_float(&g, "annual_recruitment_fte", 0.0, 1e4, false, 0.0, &w->annual_recruitment_fte);
    parse_intake(&g, w);
    parse_agency(&g, w);
    cc_get_float(&g, "assessment_months", 0.1, 36.0, false, 6.0, &w->assessment_months);
    cc_get_float(&g, "permanent_annual_cost_gbp", 0.0, 1e6, false, 0.0,
                 &w->permanent_annual_cost_gbp);
    cc_get_float(&g, "asye_annual_cost_gbp", 0.0, 1e6, false, 0.0, &w->asye_annual_cost_gbp);
    cc_get_float(&g, "agency_annual_cost_gbp", 0.0, 1e6, false, 0.0, &w->agency_annual_cost_gbp);
    cc_assume(sc, &g, "agency_annual_cost_gbp", "Agency social worker cost",
              w->agency_annual_cost_gbp, CC_UNIT_GBP_YEAR);
    cc_get_float(&g, "overhead_ratio", 0.0, 10.0, false, 0.0, &w->overhead_ratio);
    parse_kpis(&g, w);
    if (present)
        parse_teams(&g, sc);
    cc_group_close(&g);
}
