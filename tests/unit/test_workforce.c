/* Workforce rules against the worked examples of seed 000 (L589-L700) and
 * hand-computed supply and cost cases. */
#include "test_support.h"

#include <string.h>

#include "carecast/workforce.h"
#include "core/rng_internal.h"

static cc_team team(unsigned cases, double ratio, bool asye)
{
    cc_team t;
    memset(&t, 0, sizeof t);
    t.cases = cases;
    t.cases_per_fte = ratio;
    t.asye_applies = asye;
    return t;
}

/* Need for team i of w with nobody in post (no ASYE). */
static double need_of(const cc_workforce *w, size_t i, const cc_caseload *c)
{
    cc_workforce_state s;
    memset(&s, 0, sizeof s);
    return cc_workforce_team_need(w, i, &s, c);
}

/* Seed 000 L696-L697: 132 connected households at 16.5 need 8 workers; 118
 * mainstream households need 7.15. */
static void test_fostering_examples(void **state)
{
    (void)state;
    cc_workforce w = {0};
    w.n_teams = 2;
    w.teams[0] = team(CC_CASES_CONNECTED_HOUSEHOLDS, 16.5, false);
    w.teams[1] = team(CC_CASES_CARER_HOUSEHOLDS, 16.5, false);
    const cc_caseload c = {.connected_households = 132.0, .carer_households = 118.0};
    assert_near(need_of(&w, 0, &c), 8.0, 1e-12, 0.0);
    assert_near(need_of(&w, 1, &c), 7.15, 0.005, 0.0);
}

/* Seed 000 §6.2: 1,957 CIN/CP cases at 18 need 108.7 FTE, 112.2 when 15.4% of
 * case holders are ASYE with a 20% lower caseload; 467 children in care at 15
 * need 31.1 FTE. Children undergoing assessment are a case kind of their own. */
static void test_caseload_examples(void **state)
{
    (void)state;
    cc_workforce w = {0};
    w.n_teams = 3;
    w.teams[0] = team(CC_CASES_CIN | CC_CASES_CP, 18.0, true);
    w.teams[1] = team(CC_CASES_CIC, 15.0, false);
    w.teams[2] = team(CC_CASES_ASSESSMENTS, 24.0, false);
    const cc_caseload c = {.cin = 1100.0, .cp = 857.0, .cic = 467.0, .assessments = 788.0};
    assert_near(cc_workforce_team_cases(&w.teams[0], &c), 1957.0, 0.0, 0.0);
    assert_near(need_of(&w, 0, &c), 108.7, 0.05, 0.0);
    w.has_asye_need_share = true;
    w.asye_need_share = 0.154;
    w.asye_caseload_reduction = 0.20;
    assert_near(need_of(&w, 0, &c), 112.2, 0.05, 0.0);
    assert_near(need_of(&w, 1, &c), 31.1, 0.05, 0.0);
    assert_near(need_of(&w, 2, &c), 788.0 / 24.0, 1e-12, 0.0);
}

/* An initiative converting half the agency cover to permanent posts saves the
 * difference in cost, and counts the converted posts as filled. */
static void test_agency_conversion(void **state)
{
    (void)state;
    cc_workforce w = {0};
    w.permanent_annual_cost_gbp = 48000.0;
    w.asye_annual_cost_gbp = 39000.0;
    w.agency_annual_cost_gbp = 78000.0;
    w.overhead_ratio = 0.25;
    w.asye_caseload_reduction = 0.2;
    w.asye_max_share = 1.0;
    w.n_teams = 1;
    w.teams[0] = team(CC_CASES_CIC, 15.0, true);
    w.teams[0].in_caseload_kpi = true;
    w.teams[0].establishment_fte = 36.0;
    cc_workforce_state s;
    memset(&s, 0, sizeof s);
    s.permanent[0] = 20.0;
    s.asye[0][5] = 4.0;
    const cc_caseload c = {.cic = 438.0}; /* need 29.2 + 4 x 0.2 = 30 FTE: agency 6 */
    cc_workforce_month m;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.need_total, 30.0, 1e-12, 0.0);
    assert_near(m.agency, 6.0, 1e-12, 0.0);
    assert_near(m.agency_share, 0.2, 1e-12, 0.0);
    assert_near(m.vacancy_rate, 12.0 / 36.0, 1e-12, 0.0);
    assert_near(m.caseload, 438.0 / 30.0, 1e-12, 0.0);
    const double cost =
        (20.0 * 48000.0 + 4.0 * 39000.0 + 6.0 * 78000.0 + 0.25 * 30.0 * 48000.0) / 12.0;
    assert_near(m.cost_gbp, cost, 1e-6, 0.0);
    cc_workforce_position(&w, &s, &c, 0, 0.5, &m);
    assert_near(m.agency, 3.0, 1e-12, 0.0);
    assert_near(m.vacancy_rate, 9.0 / 36.0, 1e-12, 0.0);
    assert_near(m.cost_gbp, cost - 3.0 * (78000.0 - 48000.0) / 12.0, 1e-6, 0.0);
}

/* ---- the staff model: ASYE cohorts, random flows, agency policy ---- */

/* A workforce of one case-holding team (CiC, 15 per FTE, ASYE applies) and
 * one team without ASYE, September intake, no turnover or hires. */
static cc_workforce staff_model(void)
{
    cc_workforce w;
    memset(&w, 0, sizeof w);
    w.asye_caseload_reduction = 0.20;
    w.asye_max_share = 1.0;
    w.asye_intake_weights[8] = 1.0; /* September */
    w.n_teams = 2;
    w.teams[0] = team(CC_CASES_CIC, 15.0, true);
    w.teams[0].in_caseload_kpi = true;
    w.teams[0].establishment_fte = 60.0;
    w.teams[0].permanent_fte = 40.0;
    w.teams[1] = team(CC_CASES_CARE_LEAVERS, 20.0, false);
    w.teams[1].establishment_fte = 12.0;
    w.teams[1].permanent_fte = 10.0;
    w.permanent_annual_cost_gbp = 48000.0;
    w.asye_annual_cost_gbp = 39000.0;
    w.agency_annual_cost_gbp = 78000.0;
    return w;
}

static double asye_in_post(const cc_workforce_state *s, size_t i)
{
    double n = 0.0;
    for (int a = 0; a < CC_ASYE_MONTHS; a++)
        n += s->asye[i][a];
    return n;
}

/* Seed 000 §6.2 again, from staff in post: when 15.4% of the 112.2 FTE needed
 * are ASYE (17.28 FTE at a 20% lower caseload), need is 1,957 / 18 + 17.28 x 0.2
 * = 112.2, the same as the fixed-share rule. A fixed need share still gives
 * 112.2 whatever is in post. */
static void test_need_from_asye_in_post(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.teams[0] = team(CC_CASES_CIN | CC_CASES_CP, 18.0, true);
    const cc_caseload c = {.cin = 1100.0, .cp = 857.0};
    cc_workforce_state s;
    memset(&s, 0, sizeof s);
    s.permanent[0] = 90.0;
    s.asye[0][4] = 112.2 * 0.154;
    assert_near(cc_workforce_team_need(&w, 0, &s, &c), 1957.0 / 18.0 + 112.2 * 0.154 * 0.2,
                1e-12, 0.0);
    assert_near(cc_workforce_team_need(&w, 0, &s, &c), 112.2, 0.05, 0.0);
    /* Twice the ASYE in post: need follows them. */
    s.asye[0][4] *= 2.0;
    assert_near(cc_workforce_team_need(&w, 0, &s, &c), 1957.0 / 18.0 + 2.0 * 112.2 * 0.154 * 0.2,
                1e-12, 0.0);
    w.has_asye_need_share = true;
    w.asye_need_share = 0.154;
    assert_near(cc_workforce_team_need(&w, 0, &s, &c), 112.2, 0.05, 0.0);
}

/* The quarterly ramp applies to each cohort's own months since joining: a
 * cohort in its first month holds q1 of a caseload, one in its eighth q3. */
static void test_ramp_by_each_cohort(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.has_asye_ramp = true;
    const double f[4] = {0.5, 0.7, 0.8, 0.9};
    memcpy(w.asye_quarter_caseload_factors, f, sizeof f);
    const cc_caseload c = {.cic = 462.0};
    cc_workforce_state s;
    memset(&s, 0, sizeof s);
    s.permanent[0] = 20.0;
    s.asye[0][0] = 3.0;  /* first quarter: 0.5 */
    s.asye[0][7] = 5.0;  /* third quarter: 0.8 */
    s.asye[0][11] = 2.0; /* fourth quarter: 0.9 */
    assert_near(cc_workforce_team_need(&w, 0, &s, &c),
                462.0 / 15.0 + 3.0 * 0.5 + 5.0 * 0.2 + 2.0 * 0.1, 1e-12, 0.0);
}

/* The ASYE year lasts twelve months: a September cohort qualifies the next
 * September, and the start's ASYE are placed by the intake months. */
static void test_asye_stay_twelve_months(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.asye_start_share = 0.25;
    w.asye_intake_fte = 6.0;
    cc_workforce_state s;
    cc_workforce_init(&w, 4, &s); /* start in April: last September's cohort is 6 months in */
    assert_near(s.asye[0][6], 10.0, 1e-12, 0.0);
    assert_near(asye_in_post(&s, 0), 10.0, 1e-12, 0.0);
    assert_near(s.permanent[0], 30.0, 1e-12, 0.0);
    assert_near(asye_in_post(&s, 1), 0.0, 0.0, 0.0);
    cc_workforce_flows flows;
    int t = 0;
    for (int month = 4; month <= 8; month++, t++) /* April to August: nothing changes */
        cc_workforce_advance(&w, t, month, NULL, NULL, &s, &flows);
    assert_near(s.asye[0][11], 10.0, 1e-12, 0.0);
    cc_workforce_advance(&w, t++, 9, NULL, NULL, &s, &flows); /* September */
    assert_near(flows.asye_qualified, 10.0, 1e-12, 0.0);
    assert_near(flows.asye_intake, 6.0, 1e-12, 0.0);
    assert_near(s.permanent[0], 40.0, 1e-12, 0.0);
    assert_near(s.asye[0][0], 6.0, 1e-12, 0.0);
    for (int month = 10; month <= 20; month++, t++) /* October to next August */
        cc_workforce_advance(&w, t, (month - 1) % 12 + 1, NULL, NULL, &s, &flows);
    assert_near(s.asye[0][11], 6.0, 1e-12, 0.0);
    cc_workforce_advance(&w, t, 9, NULL, NULL, &s, &flows);
    assert_near(flows.asye_qualified, 6.0, 1e-12, 0.0);
}

/* An even intake over twelve months keeps a steady ASYE stock of one year's
 * intake, spread evenly over months since joining. */
static void test_even_intake_steady_stock(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    for (int m = 0; m < 12; m++)
        w.asye_intake_weights[m] = 1.0 / 12.0;
    w.asye_intake_fte = 9.0;
    w.teams[0].establishment_fte = 200.0;
    cc_workforce_state s;
    cc_workforce_init(&w, 1, &s);
    cc_workforce_flows flows;
    for (int t = 0; t < 30; t++)
        cc_workforce_advance(&w, t, t % 12 + 1, NULL, NULL, &s, &flows);
    assert_near(asye_in_post(&s, 0), 9.0, 1e-9, 0.0);
    for (int a = 0; a < CC_ASYE_MONTHS; a++)
        assert_near(s.asye[0][a], 0.75, 1e-12, 0.0);
    assert_near(flows.asye_intake, 0.75, 1e-12, 0.0);
    assert_near(flows.asye_qualified, 0.75, 1e-12, 0.0);
}

/* The "no more than 20% of case holders in ASYE" rule (seed 000 L603): capping
 * cuts the intake to 20% of last month's case holders; flagging lets it join
 * and marks the month. */
static void test_asye_share_rule(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.asye_max_share = 0.20;
    w.asye_intake_fte = 15.0;
    w.agency_policy = CC_AGENCY_FILL_TO_NEED;
    const cc_caseload c = {.cic = 600.0}; /* 40 FTE at full caseloads */
    cc_workforce_state s;
    cc_workforce_init(&w, 9, &s);
    cc_workforce_month last, now;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &last);
    assert_near(last.case_holders_fte[0], 40.0, 1e-12, 0.0);
    cc_workforce_flows flows;
    cc_workforce_advance(&w, 0, 9, &last, NULL, &s, &flows);
    assert_near(flows.asye_intake, 8.0, 1e-12, 0.0); /* 20% of 40 */
    assert_near(flows.asye_refused, 7.0, 1e-12, 0.0);
    cc_workforce_position(&w, &s, &c, 0, 0.0, &now);
    /* Need rises by the ASYE shortfall, 40 + 8 x 0.2; the 48 in post cover it. */
    assert_near(now.need_fte[0], 41.6, 1e-12, 0.0);
    assert_near(now.asye_share, 8.0 / 48.0, 1e-12, 0.0);
    assert_false(now.asye_over_cap);

    w.asye_cap = CC_ASYE_CAP_FLAG;
    cc_workforce_init(&w, 9, &s);
    cc_workforce_advance(&w, 0, 9, &last, NULL, &s, &flows);
    assert_near(flows.asye_intake, 15.0, 1e-12, 0.0);
    cc_workforce_position(&w, &s, &c, 0, 0.0, &now);
    assert_near(now.asye_share, 15.0 / 55.0, 1e-12, 0.0);
    assert_true(now.asye_over_cap);
}

/* Establishment by date: a cut from month 6 stops hiring at the lower figure,
 * and agency covering vacancies covers the new, smaller gap. */
static void test_establishment_by_date(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.teams[0].n_establishment_changes = 2;
    w.teams[0].establishment_change_month[0] = 6;
    w.teams[0].establishment_change_fte[0] = 50.0;
    w.teams[0].establishment_change_month[1] = 18;
    w.teams[0].establishment_change_fte[1] = 55.5;
    assert_near(cc_workforce_establishment(&w.teams[0], 5), 60.0, 0.0, 0.0);
    assert_near(cc_workforce_establishment(&w.teams[0], 6), 50.0, 0.0, 0.0);
    assert_near(cc_workforce_establishment(&w.teams[0], 17), 50.0, 0.0, 0.0);
    assert_near(cc_workforce_establishment(&w.teams[0], 40), 55.5, 0.0, 0.0);
    w.annual_recruitment_fte = 120.0; /* hires far beyond the free posts */
    w.agency_policy = CC_AGENCY_FILL_TO_ESTABLISHMENT;
    cc_workforce_state s;
    cc_workforce_init(&w, 4, &s);
    cc_workforce_flows flows;
    const cc_caseload c = {.cic = 900.0, .care_leavers = 200.0};
    cc_workforce_month m;
    cc_workforce_advance(&w, 0, 4, NULL, NULL, &s, &flows);
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(flows.hires, 10.0 * 60.0 / 72.0 + 10.0 * 12.0 / 72.0, 1e-9, 0.0);
    assert_near(m.establishment, 72.0, 1e-12, 0.0);
    assert_near(m.agency, 60.0 - (40.0 + 10.0 * 60.0 / 72.0) + 12.0 - (10.0 + 10.0 * 12.0 / 72.0),
                1e-9, 0.0);
    for (int t = 1; t < 6; t++)
        cc_workforce_advance(&w, t, 4 + t, NULL, NULL, &s, &flows);
    assert_near(s.permanent[0], 60.0, 1e-9, 0.0);
    cc_workforce_advance(&w, 6, 10, NULL, NULL, &s, &flows);
    cc_workforce_position(&w, &s, &c, 6, 0.0, &m);
    assert_near(m.establishment, 62.0, 1e-12, 0.0);
    assert_near(flows.hires, 0.0, 0.0, 0.0);
    assert_near(m.agency, 0.0, 0.0, 0.0); /* 60 in post over 50 posts: no agency */
    assert_near(m.vacancy_rate, 0.0, 0.0, 0.0);
}

/* Agency policies and the caseload KPI: cases over the case holders actually
 * there. Filling to need holds 15 a worker; covering only vacancies, or no
 * agency at all, leaves a short-staffed team with more. */
static void test_agency_policy_and_caseload(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.teams[0].establishment_fte = 36.0;
    cc_workforce_state s;
    memset(&s, 0, sizeof s);
    s.permanent[0] = 20.0;
    s.asye[0][2] = 4.0;
    s.permanent[1] = 10.0;
    const cc_caseload c = {.cic = 564.0, .care_leavers = 200.0}; /* need 37.6 + 0.8 and 10 */
    cc_workforce_month m;
    w.agency_policy = CC_AGENCY_FILL_TO_NEED;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.need_fte[0], 38.4, 1e-12, 0.0);
    assert_near(m.agency, 14.4, 1e-12, 0.0);
    assert_near(m.caseload, 564.0 / 38.4, 1e-12, 0.0);
    w.agency_policy = CC_AGENCY_FILL_TO_ESTABLISHMENT;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.agency, 12.0 + 2.0, 1e-12, 0.0);
    assert_near(m.caseload, 564.0 / 36.0, 1e-12, 0.0);
    assert_near(m.vacancy_rate, 14.0 / 48.0, 1e-12, 0.0);
    w.agency_policy = CC_AGENCY_NONE;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.agency, 0.0, 0.0, 0.0);
    assert_near(m.caseload, 564.0 / 24.0, 1e-12, 0.0);
    /* A minimum agency share of 10%: 24 in post need 24 x 0.1 / 0.9 of agency. */
    w.agency_min_share = 0.10;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.case_holders_fte[0], 24.0 / 0.9, 1e-12, 0.0);
    assert_near(m.agency, 34.0 / 9.0, 1e-12, 0.0);
    const double cost = (30.0 * 48000.0 + 4.0 * 39000.0 + 34.0 / 9.0 * 78000.0) / 12.0;
    assert_near(m.cost_gbp, cost, 1e-6, 0.0);
}

static gsl_rng *one_stream(void *context, unsigned site)
{
    (void)site;
    return context;
}

/* Random leavers and joiners: binomial leavers and Poisson hires average the
 * rates (within 4 standard errors over many team-months) and vary. */
static void test_random_flows_average_the_rates(void **state)
{
    (void)state;
    cc_workforce w = staff_model();
    w.annual_turnover_pct = 18.0;
    w.annual_recruitment_fte = 24.0;
    w.teams[0].establishment_fte = 1e6; /* hires never capped */
    w.teams[1].establishment_fte = 0.0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    const cc_workforce_random random = {one_stream, r};
    const int n = 4000;
    const double q = 1.0 - pow(0.82, 1.0 / 12.0);
    double sum_left = 0.0, sum_left2 = 0.0, sum_hired = 0.0, sum_hired2 = 0.0;
    for (int k = 0; k < n; k++) {
        cc_workforce_state s;
        memset(&s, 0, sizeof s);
        s.permanent[0] = 100.5;
        cc_workforce_flows flows;
        cc_workforce_advance(&w, 0, 4, NULL, &random, &s, &flows);
        sum_left += flows.leavers;
        sum_left2 += flows.leavers * flows.leavers;
        sum_hired += flows.hires;
        sum_hired2 += flows.hires * flows.hires;
    }
    gsl_rng_free(r);
    const double mean_left = sum_left / n, var_left = sum_left2 / n - mean_left * mean_left;
    const double mean_hired = sum_hired / n, var_hired = sum_hired2 / n - mean_hired * mean_hired;
    assert_near(mean_left, 100.5 * q, 4.0 * sqrt(100.5 * q * (1.0 - q) / n), 0.0);
    assert_near(mean_hired, 2.0, 4.0 * sqrt(2.0 / n), 0.0);
    assert_true(var_left > 0.5 * 100.0 * q * (1.0 - q));
    assert_near(var_hired, 2.0, 0.2, 0.0);
}

/* Streams for the test below: site k of month t is the generator set to a key of (t, k), as the
 * engine's are. */
typedef struct keyed_streams {
    gsl_rng *r;
    size_t t;
} keyed_streams;

static gsl_rng *keyed_stream(void *context, unsigned site)
{
    keyed_streams *k = context;
    gsl_rng_set(k->r, (unsigned long)cc_stream_key(2385u, k->t, site));
    return k->r;
}

/* Five years of a workforce whose flows draw from generator r, as the engine runs it. */
static void run_staff(const cc_workforce *w, gsl_rng *r, cc_workforce_state *s,
                      cc_workforce_flows *flows)
{
    keyed_streams streams = {r, 0};
    const cc_workforce_random random = {keyed_stream, &streams};
    cc_workforce_init(w, 4, s);
    for (int t = 0; t < 60; t++) {
        streams.t = (size_t)t;
        cc_workforce_advance(w, t, (t + 3) % 12 + 1, NULL, &random, s, &flows[t]);
    }
}

/* The flows draw inline when handed the engine's generator, through GSL otherwise: with the same
 * SplitMix64 states, both give the same staff and flows, every month, bit for bit, wherever the
 * inline samplers are GSL's (binomials with n min(p, 1-p) below 14, Poisson means up to 10: teams
 * of up to 25 FTE, up to 100 FTE recruited a year). Above those limits the engine draws with
 * exact samplers of its own (BTRS, PTRS: test_rng checks their distributions), whose values are
 * not GSL's. */
static void test_inline_draws_match_gsl(void **state)
{
    (void)state;
    gsl_rng_type via_gsl = *cc_rng_type(); /* the same generator under another type */
    via_gsl.name = "splitmix64 through GSL";
    gsl_rng *fast = gsl_rng_alloc(cc_rng_type()), *slow = gsl_rng_alloc(&via_gsl);
    assert_non_null(fast);
    assert_non_null(slow);
    assert_true(cc_rng_is_splitmix(fast));
    assert_false(cc_rng_is_splitmix(slow));
    const double turnover_pct[] = {4.5, 18.0, 61.0, 97.5};
    const double recruitment_fte[] = {2.385, 12.0, 40.0, 100.0};
    const double asye_intake_fte[] = {9.5, 7.0, 4.0, 2.385};
    for (size_t k = 0; k < 4; k++) {
        cc_workforce w = staff_model();
        w.annual_turnover_pct = turnover_pct[k];
        w.annual_recruitment_fte = recruitment_fte[k];
        w.asye_intake_fte = asye_intake_fte[k];
        w.asye_start_share = 0.15;
        w.teams[0].permanent_fte = 10.0 + 5.0 * (double)k + 0.37;
        w.teams[0].establishment_fte = 1e5;
        cc_workforce_state s_fast, s_slow;
        cc_workforce_flows f_fast[60], f_slow[60];
        run_staff(&w, fast, &s_fast, f_fast);
        run_staff(&w, slow, &s_slow, f_slow);
        double left = 0.0, hired = 0.0; /* flows were drawn at all */
        for (int t = 0; t < 60; t++) {
            left += f_fast[t].leavers;
            hired += f_fast[t].hires;
            assert_true(f_fast[t].leavers == f_slow[t].leavers);
            assert_true(f_fast[t].hires == f_slow[t].hires);
            assert_true(f_fast[t].asye_intake == f_slow[t].asye_intake);
            assert_true(f_fast[t].asye_refused == f_slow[t].asye_refused);
        }
        assert_memory_equal(&s_fast, &s_slow, sizeof s_fast);
        assert_true(left > 0.0 && hired > 0.0);
    }
    gsl_rng_free(fast);
    gsl_rng_free(slow);
}

/* KPI ratings: green at or below target, amber to the tolerance, red beyond
 * (seed 000 PI14: caseload target 18.5; PI13: vacancy 32%, tolerance 37%). */
static void test_kpi_rating(void **state)
{
    (void)state;
    const cc_kpi caseload = {true, 18.5, 23.0};
    assert_int_equal(cc_kpi_rating(&caseload, 16.25), 0);
    assert_int_equal(cc_kpi_rating(&caseload, 18.5), 0);
    assert_int_equal(cc_kpi_rating(&caseload, 19.7), 1);
    assert_int_equal(cc_kpi_rating(&caseload, 23.01), 2);
    const cc_kpi vacancy = {true, 0.32, 0.37};
    assert_int_equal(cc_kpi_rating(&vacancy, 0.307), 0);
    assert_int_equal(cc_kpi_rating(&vacancy, 0.35), 1);
    assert_int_equal(cc_kpi_rating(&vacancy, 0.40), 2);
}

/* docs/money-and-workforce.md §4.6, with expected values: care management in April 2019 under the
 * Sandwell 2019 model (52.9 permanent, 22.3% ASYE from the October-December intakes, 74.2 of
 * 203.05 funded posts, 15% turnover, 15 hires a year, agency covering vacant posts). */
static void test_worked_example_care_management(void **state)
{
    (void)state;
    cc_workforce w;
    memset(&w, 0, sizeof w);
    w.asye_start_share = 0.223;
    w.asye_caseload_reduction = 0.20;
    w.asye_max_share = 0.20;
    w.annual_turnover_pct = 15.0;
    w.annual_recruitment_fte = 15.0;
    w.asye_intake_fte = 20.0;
    for (int m = 9; m < 12; m++)
        w.asye_intake_weights[m] = 1.0 / 3.0;
    w.agency_policy = CC_AGENCY_FILL_TO_ESTABLISHMENT;
    w.n_teams = 2;
    w.teams[0] = team(CC_CASES_CIN | CC_CASES_CP, 18.0, true);
    w.teams[0].in_caseload_kpi = true;
    w.teams[0].establishment_fte = 74.2;
    w.teams[0].permanent_fte = 52.9;
    w.teams[1] = team(CC_CASES_CIC, 15.0, false); /* the other teams' posts, for the hires' share */
    w.teams[1].establishment_fte = 203.05 - 74.2;
    cc_workforce_state s;
    cc_workforce_init(&w, 4, &s);
    assert_near(s.asye[0][3] + s.asye[0][4] + s.asye[0][5], 11.7967, 1e-9, 0.0);
    assert_near(s.asye[0][5], 11.7967 / 3.0, 1e-9, 0.0);
    cc_workforce_flows flows;
    cc_workforce_advance(&w, 0, 4, NULL, NULL, &s, &flows);
    assert_near(flows.hires, 15.0 / 12.0, 1e-12, 0.0); /* 0.457 of it into care management */
    assert_near(s.permanent[0], 41.007, 0.0005, 0.0);
    assert_near(asye_in_post(&s, 0), 11.638, 0.0005, 0.0);
    const cc_caseload c = {.cin = 883.0, .cp = 584.0};
    cc_workforce_month m;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.need_fte[0], 83.83, 0.005, 0.0);
    assert_near(m.case_holders_fte[0], 74.2, 1e-9, 0.0);
    assert_near(m.case_holders_fte[0] - s.permanent[0] - asye_in_post(&s, 0), 21.55, 0.005, 0.0);
    assert_near(m.caseload, 1467.0 / 74.2, 1e-9, 0.0);
    assert_near(m.asye_share, 11.638 / 74.2, 1e-5, 0.0);
    w.agency_policy = CC_AGENCY_FILL_TO_NEED;
    cc_workforce_position(&w, &s, &c, 0, 0.0, &m);
    assert_near(m.caseload, 17.50, 0.005, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fostering_examples),
        cmocka_unit_test(test_caseload_examples),
        cmocka_unit_test(test_agency_conversion),
        cmocka_unit_test(test_need_from_asye_in_post),
        cmocka_unit_test(test_ramp_by_each_cohort),
        cmocka_unit_test(test_asye_stay_twelve_months),
        cmocka_unit_test(test_even_intake_steady_stock),
        cmocka_unit_test(test_asye_share_rule),
        cmocka_unit_test(test_establishment_by_date),
        cmocka_unit_test(test_agency_policy_and_caseload),
        cmocka_unit_test(test_random_flows_average_the_rates),
        cmocka_unit_test(test_inline_draws_match_gsl),
        cmocka_unit_test(test_kpi_rating),
        cmocka_unit_test(test_worked_example_care_management),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
