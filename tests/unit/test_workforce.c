/* Workforce rules against the worked examples of seed 000 (L589-L700) and
 * hand-computed supply and cost cases. */
#include "test_support.h"

#include <string.h>

#include "carecast/workforce.h"

static cc_team team(unsigned cases, double ratio, bool asye)
{
    cc_team t;
    memset(&t, 0, sizeof t);
    t.cases = cases;
    t.cases_per_fte = ratio;
    t.asye_applies = asye;
    return t;
}

/* Seed 000 L696-L697: 132 connected households at 16.5 need 8 workers; 118
 * mainstream households need 7.15. */
static void test_fostering_examples(void **state)
{
    (void)state;
    cc_workforce w = {0};
    const cc_team connected = team(CC_CASES_CONNECTED_HOUSEHOLDS, 16.5, false);
    const cc_team mainstream = team(CC_CASES_CARER_HOUSEHOLDS, 16.5, false);
    const cc_caseload c = {.connected_households = 132.0, .carer_households = 118.0};
    assert_near(cc_workforce_need_fte(&w, &connected, &c, 4), 8.0, 1e-12, 0.0);
    assert_near(cc_workforce_need_fte(&w, &mainstream, &c, 4), 7.15, 0.005, 0.0);
}

/* Seed 000 §6.2: 1,957 CIN/CP cases at 18 need 108.7 FTE, 112.2 when 15.4% of
 * case holders are ASYE with a 20% lower caseload; 467 children in care at 15
 * need 31.1 FTE. */
static void test_caseload_examples(void **state)
{
    (void)state;
    cc_workforce w = {0};
    const cc_team cm = team(CC_CASES_CIN | CC_CASES_CP, 18.0, true);
    const cc_team cic = team(CC_CASES_CIC, 15.0, false);
    const cc_caseload c = {.cin = 1100.0, .cp = 857.0, .cic = 467.0};
    assert_near(cc_workforce_team_cases(&cm, &c), 1957.0, 0.0, 0.0);
    assert_near(cc_workforce_need_fte(&w, &cm, &c, 3), 108.7, 0.05, 0.0);
    w.asye_share = 0.154;
    w.asye_caseload_reduction = 0.20;
    assert_near(cc_workforce_need_fte(&w, &cm, &c, 3), 112.2, 0.05, 0.0);
    assert_near(cc_workforce_need_fte(&w, &cic, &c, 3), 31.1, 0.05, 0.0);
}

/* Quarterly ramp: the cohort joins in September, so September-November is its
 * first quarter and June-August its last. */
static void test_asye_ramp_by_quarter(void **state)
{
    (void)state;
    cc_workforce w = {0};
    w.asye_share = 0.25;
    w.has_asye_ramp = true;
    w.asye_intake_month = 9;
    const double f[4] = {0.5, 0.7, 0.8, 0.9};
    memcpy(w.asye_quarter_caseload_factors, f, sizeof f);
    const cc_team t = team(CC_CASES_CIC, 16.0, true);
    assert_near(cc_workforce_cases_per_fte(&w, &t, 9), 16.0 * (1.0 - 0.25 * 0.5), 1e-12, 0.0);
    assert_near(cc_workforce_cases_per_fte(&w, &t, 12), 16.0 * (1.0 - 0.25 * 0.3), 1e-12, 0.0);
    assert_near(cc_workforce_cases_per_fte(&w, &t, 3), 16.0 * (1.0 - 0.25 * 0.2), 1e-12, 0.0);
    assert_near(cc_workforce_cases_per_fte(&w, &t, 8), 16.0 * (1.0 - 0.25 * 0.1), 1e-12, 0.0);
}

/* Turnover of 12% a year with no hires leaves 88% after twelve months; the
 * autumn intake replaces the ASYE cohort, whose members become experienced. */
static void test_supply_turnover_and_intake(void **state)
{
    (void)state;
    cc_workforce w = {0};
    w.asye_share = 0.2;
    w.annual_turnover_pct = 12.0;
    w.asye_intake_month = 9;
    w.asye_intake_fte = 7.5;
    w.n_teams = 2;
    w.teams[0] = team(CC_CASES_CIC, 15.0, true);
    w.teams[0].permanent_fte = 40.0;
    w.teams[0].establishment_fte = 60.0;
    w.teams[1] = team(CC_CASES_CARE_LEAVERS, 20.0, false);
    w.teams[1].permanent_fte = 10.0;
    w.teams[1].establishment_fte = 12.0;
    cc_staff s;
    cc_workforce_start(&w, &s);
    assert_near(s.asye[0], 8.0, 1e-12, 0.0);
    assert_near(s.permanent[0], 32.0, 1e-12, 0.0);
    assert_near(s.asye[1], 0.0, 0.0, 0.0);
    for (int m = 4; m <= 8; m++) /* April to August: turnover only */
        cc_workforce_step(&w, m, &s);
    const double kept = pow(0.88, 5.0 / 12.0);
    assert_near(s.permanent[1], 10.0 * kept, 1e-9, 0.0);
    cc_workforce_step(&w, 9, &s); /* September: the cohort qualifies, a new one joins */
    const double kept6 = pow(0.88, 6.0 / 12.0);
    assert_near(s.permanent[0], 40.0 * kept6, 1e-9, 0.0);
    assert_near(s.asye[0], 7.5, 1e-12, 0.0); /* all ASYE establishment is in team 0 */
    assert_near(s.asye[1], 0.0, 0.0, 0.0);
    /* A cohort larger than the free posts fills them and no more. */
    w.asye_intake_fte = 40.0;
    for (int m = 10; m <= 12; m++)
        cc_workforce_step(&w, m, &s);
    for (int m = 1; m <= 9; m++)
        cc_workforce_step(&w, m, &s);
    assert_near(s.permanent[0] + s.asye[0], 60.0, 1e-9, 0.0);
}

/* Agency covers the gap between need and staff in post, at agency cost. */
static void test_month_agency_and_cost(void **state)
{
    (void)state;
    cc_workforce w = {0};
    w.permanent_annual_cost_gbp = 48000.0;
    w.asye_annual_cost_gbp = 39000.0;
    w.agency_annual_cost_gbp = 78000.0;
    w.overhead_ratio = 0.25;
    w.n_teams = 1;
    w.teams[0] = team(CC_CASES_CIC, 15.0, true);
    w.teams[0].establishment_fte = 36.0;
    cc_staff s = {0};
    s.permanent[0] = 20.0;
    s.asye[0] = 4.0;
    const cc_caseload c = {.cic = 450.0}; /* need 30 FTE: agency 6 */
    cc_workforce_month m;
    cc_workforce_month_compute(&w, &s, &c, 5, 0.0, &m);
    assert_near(m.need_total, 30.0, 1e-12, 0.0);
    assert_near(m.agency, 6.0, 1e-12, 0.0);
    assert_near(m.agency_share, 0.2, 1e-12, 0.0);
    assert_near(m.vacancy_rate, 12.0 / 36.0, 1e-12, 0.0);
    assert_near(m.caseload, 15.0, 1e-12, 0.0);
    const double cost =
        (20.0 * 48000.0 + 4.0 * 39000.0 + 6.0 * 78000.0 + 0.25 * 30.0 * 48000.0) / 12.0;
    assert_near(m.cost_gbp, cost, 1e-6, 0.0);
    /* Converting half of the agency cover to permanent posts saves the difference. */
    cc_workforce_month_compute(&w, &s, &c, 5, 0.5, &m);
    assert_near(m.agency, 3.0, 1e-12, 0.0);
    assert_near(m.cost_gbp, cost - 3.0 * (78000.0 - 48000.0) / 12.0, 1e-6, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fostering_examples),
        cmocka_unit_test(test_caseload_examples),
        cmocka_unit_test(test_asye_ramp_by_quarter),
        cmocka_unit_test(test_supply_turnover_and_intake),
        cmocka_unit_test(test_month_agency_and_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
