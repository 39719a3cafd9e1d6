/* People and placements through the engine (issue 11): children in assessment as a stock,
 * fostering assessments counted from those started, carers turning 60, in-house beds preferred
 * over external residential, moves limited to age bands, the adoption route, and the workforce:
 * the caseload KPI on the staff actually there, KPI ratings, establishment by date, random
 * leavers and joiners, and the ASYE share rule. Fixed seeds; Monte Carlo checks use 4 standard
 * errors. */
#include "test_run.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "carecast/config.h"
#include "carecast/engine.h"

#define WEEKS_PER_MONTH (365.25 / 7.0 / 12.0)

/* Checks that the mean over paths of metric `name` at month t is within 4 SE of expected. */
static void expect_mean(const run *r, const char *name, size_t t, double expected)
{
    const size_t n = r->res->n_paths;
    double sum = 0.0, sum2 = 0.0;
    for (size_t p = 0; p < n; p++) {
        const double x = at(r, name, t, p);
        sum += x;
        sum2 += x * x;
    }
    const double mean = sum / (double)n;
    const double se = sqrt(fmax(0.0, sum2 / (double)n - mean * mean) / (double)(n - 1));
    if (!(fabs(mean - expected) <= 4.0 * se + 1e-9))
        fail_msg("%s at month %zu: mean %.4f, expected %.4f (4 SE %.4f)", name, t + 1, mean,
                 expected, 4.0 * se);
}

/* Children undergoing assessment are a stock like the plans: 600 starts a year, two months
 * each, from 100: S' = S / 2 + 50. The assessment team needs S / 20 FTE. */
static void test_assessments_are_a_stock(void **state)
{
    (void)state;
    run r = run_load("tests/data/people.cfg", NULL, 0, 400);
    double s = 100.0;
    for (size_t t = 0; t < 12; t++) {
        s = s * 0.5 + 50.0;
        if (t == 0 || t == 2 || t == 11)
            expect_mean(&r, "assessments.total", t, s);
    }
    for (size_t t = 0; t < r.res->n_months; t++)
        for (size_t p = 0; p < r.res->n_paths; p++)
            assert_near(at(&r, "fte.need.assessment", t, p),
                        at(&r, "assessments.total", t, p) / 20.0, 1e-4, 1e-6);
    run_free(&r);
}

/* Fostering assessments under way count the assessments started, not only approvals: 9
 * approvals a year at an approval share of 0.3 are 2.5 assessments started a month, six months
 * each: 15 under way, 2.5 FTE at 6 each (1.5 FTE counting approvals alone). */
static void test_fostering_assessments_count_started(void **state)
{
    (void)state;
    run r = run_load("tests/data/people.cfg", NULL, 0, 20);
    for (size_t t = 0; t < r.res->n_months; t++)
        for (size_t p = 0; p < r.res->n_paths; p++)
            assert_near(at(&r, "fte.need.fostering_assessing", t, p), 2.5, 1e-6, 0.0);
    run_free(&r);
}

/* Carers turn 60 at 12% a year of the under-60s: with no deregistrations and 0.75 approvals a
 * month joining under 60, u' = u (1 - q) + 0.75 and the over-60s gain u q. */
static void test_carers_turn_60(void **state)
{
    (void)state;
    run r = run_load("tests/data/people.cfg", NULL, 0, 400);
    const double q = 1.0 - pow(0.88, 1.0 / 12.0);
    double under = 60.0, over = 20.0;
    for (size_t t = 0; t < r.res->n_months; t++) {
        over += under * q;
        under = under * (1.0 - q) + 0.75;
        if (t == 5 || t == 35)
            expect_mean(&r, "carers.over_60", t, over);
    }
    assert_true(over > 40.0); /* the check can fail: over-60s double */
    run_free(&r);
}

/* Opening beds: children who need residential care go to the in-house home while it has a free
 * bed, entrants and (with the come_home move) children already in external homes. Residential
 * types here have no exits and there is one age band, so the total in residential care is the
 * same on every path and month with or without beds, and placement spend changes by exactly the
 * child-months in the home x the price difference (£3,150 against £4,200 a week). */
static void check_beds(const cc_override *with, size_t n_with, const cc_override *without,
                       size_t n_without)
{
    const size_t n = 100;
    run a = run_load("tests/data/people.cfg", without, n_without, n);
    run b = run_load("tests/data/people.cfg", with, n_with, n);
    double in_home = 0.0;
    for (size_t p = 0; p < n; p++) {
        double expected = 0.0, saved = 0.0, before = 0.0;
        for (size_t t = 0; t < a.res->n_months; t++) {
            const double home = at(&b, "cic.placement.children_home", t, p);
            assert_near(at(&a, "cic.placement.children_home", t, p), 0.0, 0.0, 0.0);
            assert_true(home <= 6.0);
            assert_near(at(&b, "cic.placement.external_residential", t, p) + home,
                        at(&a, "cic.placement.external_residential", t, p), 0.0, 0.0);
            expected += 0.5 * (before + home) * WEEKS_PER_MONTH * (4200.0 - 3150.0);
            saved += at(&a, "cost.placements.total", t, p) - at(&b, "cost.placements.total", t, p);
            before = home;
            in_home += home;
        }
        assert_near(saved, expected, 5.0, 1e-5);
    }
    /* The beds are used: on average at least half full over the three years. */
    assert_true(in_home / (double)(n * a.res->n_months) > 3.0);
    run_free(&a);
    run_free(&b);
}

static void test_opening_beds_moves_children_from_residential(void **state)
{
    (void)state;
    /* Entrants alone fill the beds (no come_home move). */
    const cc_override entrants[] = {{"model.moves.come_home.annual_pct", "0.0"},
                                    {"levers.extra_in_house_beds", "6"}};
    check_beds(entrants, 2, entrants, 1);
    /* And children in external homes move back while beds are free. */
    const cc_override beds[] = {{"levers.extra_in_house_beds", "6"}};
    check_beds(beds, 1, NULL, 0);
}

/* The Sandwell model: nine beds opened with the lever take children from external residential
 * and cut placement spend (in-house £3,000 a week against £4,060). */
static void test_sandwell_beds_lever_does_something(void **state)
{
    (void)state;
    const cc_override beds[] = {{"levers.extra_in_house_beds", "9"}};
    run a = run_load("scenarios/baseline.cfg", NULL, 0, 200);
    run b = run_load("scenarios/baseline.cfg", beds, 1, 200);
    const size_t y = 2;
    double home = 0.0, ext_a = 0.0, ext_b = 0.0, spend_a = 0.0, spend_b = 0.0;
    for (size_t p = 0; p < 200; p++) {
        home += year_at(&b, "cic.placement.in_house_residential", y, p) / 200.0;
        ext_a += year_at(&a, "cic.placement.external_residential", y, p) / 200.0;
        ext_b += year_at(&b, "cic.placement.external_residential", y, p) / 200.0;
        spend_a += year_at(&a, "cost.placements.total", y, p) / 200.0;
        spend_b += year_at(&b, "cost.placements.total", y, p) / 200.0;
    }
    if (!(home > 8.0 && ext_b < ext_a - 5.0 && spend_b < spend_a - 100000.0))
        fail_msg("2021/22 with 9 beds: %.2f in-house, external %.2f -> %.2f, spend %.0f -> %.0f",
                 home, ext_a, ext_b, spend_a, spend_b);
    run_free(&a);
    run_free(&b);
}

/* A move limited to the young band never takes older children. */
static void test_move_limited_to_band(void **state)
{
    (void)state;
    run r = run_load("tests/data/band-move.cfg", NULL, 0, 200);
    double placed = 0.0;
    for (size_t p = 0; p < r.res->n_paths; p++)
        for (size_t t = 0; t < r.res->n_months; t++) {
            assert_true(at(&r, "cic.placement.placed", t, p) <= 30.0);
            placed += at(&r, "cic.placement.placed", t, p);
        }
    assert_true(placed > 0.0);
    /* The older children wait until they turn 18: they leave only on birthdays. */
    for (size_t p = 0; p < r.res->n_paths; p++) {
        double older = 30.0;
        for (size_t t = 0; t < r.res->n_months; t++) {
            older -= at(&r, "exits.age_18", t, p);
            assert_near(at(&r, "cic.placement.waiting_older", t, p), older, 0.0, 0.0);
        }
    }
    run_free(&r);
}

/* The adoption route: children enter care in a placement and are placed for adoption later.
 * With no adoptions and no moves into it, the Sandwell model's placed-for-adoption count stays
 * at its start (22) on every path and month: no entrant is placed for adoption on day one. */
static void test_no_entrant_placed_for_adoption(void **state)
{
    (void)state;
    const cc_override still[] = {
        {"model.placements.placed_for_adoption.exits.adoption_annual_pct.mean", "0.0"},
        {"model.placements.placed_for_adoption.exits.adoption_annual_pct.sd", "0.0"},
        {"model.moves.adoption_match.annual_pct", "0.0"},
        {"model.moves.in_house_to_adoption.annual_pct", "0.0"}};
    run r = run_load("scenarios/baseline.cfg", still, 4, 100);
    for (size_t p = 0; p < r.res->n_paths; p++)
        for (size_t t = 0; t < r.res->n_months; t++)
            assert_near(at(&r, "cic.placement.placed_for_adoption", t, p), 22.0, 0.0, 0.0);
    run_free(&r);
}

/* ---- the workforce ---- */

/* The caseload KPI is cases over the case holders actually there. Filling to need holds every
 * worker at or under 18; covering only vacancies leaves 720 cases on 40 posts (18) and, after
 * the establishment is cut to 34 in January 2021, above 20; with no agency at all caseloads run
 * higher still. The ratings follow the year's average caseload. */
static void test_caseload_kpi_reflects_staff_there(void **state)
{
    (void)state;
    const cc_override need[] = {{"model.workforce.agency_policy", "fill_to_need"}};
    const cc_override none[] = {{"model.workforce.agency_policy", "none"}};
    run a = run_load("tests/data/people.cfg", need, 1, 100);
    run b = run_load("tests/data/people.cfg", NULL, 0, 100);
    run c = run_load("tests/data/people.cfg", none, 1, 100);
    double mean_b = 0.0, mean_c = 0.0;
    for (size_t p = 0; p < 100; p++) {
        for (size_t t = 0; t < a.res->n_months; t++)
            assert_true(at(&a, "caseload.average", t, p) <= 18.0 + 1e-4);
        mean_b += year_at(&b, "caseload.average", 1, p) / 100.0;
        mean_c += year_at(&c, "caseload.average", 1, p) / 100.0;
        for (size_t y = 0; y < b.res->n_years; y++) {
            const double x = year_at(&b, "caseload.average", y, p);
            assert_near(year_at(&b, "kpi.caseload.p_green", y, p), x <= 18.5, 0.0, 0.0);
            assert_near(year_at(&b, "kpi.caseload.p_amber", y, p), x > 18.5 && x <= 23.0, 0.0, 0.0);
            assert_near(year_at(&b, "kpi.caseload.p_red", y, p), x > 23.0, 0.0, 0.0);
        }
    }
    if (!(mean_b > 19.5 && mean_c > mean_b))
        fail_msg("2021/22 caseload: %.2f covering vacancies, %.2f with no agency", mean_b, mean_c);
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

/* The establishment changes on its date: 55 posts, then 49 from January 2021 (month 10). */
static void test_establishment_by_date(void **state)
{
    (void)state;
    run r = run_load("tests/data/people.cfg", NULL, 0, 10);
    for (size_t p = 0; p < r.res->n_paths; p++)
        for (size_t t = 0; t < r.res->n_months; t++)
            assert_near(at(&r, "fte.establishment", t, p), t < 9 ? 55.0 : 49.0, 1e-9, 0.0);
    run_free(&r);
}

/* Leavers and joiners are random: staff in post differ between paths, and the first month's
 * leavers average 15% a year of the 43 FTE in post. */
static void test_staff_flows_are_random(void **state)
{
    (void)state;
    run r = run_load("tests/data/people.cfg", NULL, 0, 400);
    expect_mean(&r, "fte.leavers", 0, 43.0 * (1.0 - pow(0.85, 1.0 / 12.0)));
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t p = 0; p < r.res->n_paths; p++) {
        lo = fmin(lo, at(&r, "fte.permanent", 11, p));
        hi = fmax(hi, at(&r, "fte.permanent", 11, p));
    }
    assert_true(hi - lo > 2.0);
    run_free(&r);
}

/* The ASYE share rule in the September 2020 intake (month 6): capping keeps ASYE within 20% of
 * the case holders and turns the rest away; flagging lets the intake join (up to the free posts,
 * the same draws until then) and marks the month. */
static void test_asye_share_rule(void **state)
{
    (void)state;
    const cc_override flag[] = {{"model.workforce.asye_when_over", "flag"}};
    run a = run_load("tests/data/people.cfg", NULL, 0, 200);
    run b = run_load("tests/data/people.cfg", flag, 1, 200);
    double over_a = 0.0, over_b = 0.0, refused = 0.0;
    for (size_t p = 0; p < 200; p++) {
        assert_true(at(&a, "fte.asye_share", 5, p) <= 0.2 + 1e-6);
        over_a += at(&a, "fte.asye_over_cap", 5, p) / 200.0;
        over_b += at(&b, "fte.asye_over_cap", 5, p) / 200.0;
        refused += (at(&a, "fte.asye_refused", 5, p) - at(&b, "fte.asye_refused", 5, p)) / 200.0;
        assert_true(at(&b, "fte.asye_intake", 5, p) >= at(&a, "fte.asye_intake", 5, p));
    }
    if (!(over_a == 0.0 && over_b > 0.5 && refused > 1.0))
        fail_msg("September: over the share %.2f capped, %.2f flagged; %.2f more FTE turned away",
                 over_a, over_b, refused);
    run_free(&a);
    run_free(&b);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assessments_are_a_stock),
        cmocka_unit_test(test_fostering_assessments_count_started),
        cmocka_unit_test(test_carers_turn_60),
        cmocka_unit_test(test_opening_beds_moves_children_from_residential),
        cmocka_unit_test(test_sandwell_beds_lever_does_something),
        cmocka_unit_test(test_move_limited_to_band),
        cmocka_unit_test(test_no_entrant_placed_for_adoption),
        cmocka_unit_test(test_caseload_kpi_reflects_staff_there),
        cmocka_unit_test(test_establishment_by_date),
        cmocka_unit_test(test_staff_flows_are_random),
        cmocka_unit_test(test_asye_share_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
