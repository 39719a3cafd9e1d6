/* The money on the Board's page (issue 10): each cost and income line's own
 * price index, dated levers and initiatives, children added and fixed savings,
 * costs that are not a child in care, contributions tied to costs, UASC in care
 * at the start, the opening balance, and budget lines that cover every cost
 * once. Most checks compare two runs on the same random numbers, path by path,
 * so the expected figure is computed by hand from the other run. */
#include "test_run.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/prices.h"

#define WEEKS_PER_MONTH (365.25 / 7.0 / 12.0)

/* Loads tests/data/NAME with "key=value" overrides and runs n_paths paths. */
static run run_with(const char *name, size_t n_paths, const char *const *sets, size_t n_sets)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/%s", name);
    cc_override ov[16];
    char keys[16][128];
    for (size_t i = 0; i < n_sets; i++) {
        const char *eq = strchr(sets[i], '=');
        snprintf(keys[i], sizeof keys[i], "%.*s", (int)(eq - sets[i]), sets[i]);
        ov[i] = (cc_override){keys[i], eq + 1};
    }
    return run_load(path, ov, n_sets, n_paths);
}

/* Financial year index of month t for a model starting in April. */
static size_t fy(size_t t)
{
    return t / 12;
}

#define N_SETS(a) (sizeof(a) / sizeof(a)[0])

/* ---- price indices ---- */

/* One number: flat in the first year, then compounding each April; an array:
 * from the first year (a change within it), its last value carried on. */
static void test_price_index_factors(void **state)
{
    (void)state;
    cc_price_index ix;
    cc_price_index_constant(&ix, 2.0);
    double f[CC_INDEX_YEARS + 3];
    cc_price_index_table(&ix, 4, f);
    assert_near(f[0], 1.0, 0, 1e-15);
    assert_near(f[1], 1.02, 0, 1e-15);
    assert_near(f[3], 1.02 * 1.02 * 1.02, 0, 1e-15);
    const double by_year[2] = {5.0, -1.5};
    cc_price_index_by_year(&ix, by_year, 2);
    cc_price_index_table(&ix, CC_INDEX_YEARS + 3, f);
    assert_near(f[0], 1.05, 0, 1e-15);
    assert_near(f[1], 1.05 * 0.985, 0, 1e-15);
    assert_near(f[2], 1.05 * 0.985 * 0.985, 0, 1e-15);
    for (size_t y = 0; y < CC_INDEX_YEARS + 3; y++)
        assert_near(cc_price_index_factor(&ix, y), f[y], 0, 1e-14);
}

/* The pay award scales staff cost and nothing else: FTE stay the same on every
 * path, and each month's staff cost is the flat-cash cost x 1.02^year. The
 * overheads' index [1, 2] gives 1.01 in the first year and 1.01 x 1.02 next. */
static void test_each_line_takes_its_own_inflation(void **state)
{
    (void)state;
    static const char *const flat[] = {"model.finance.inflation.pay_award_annual_pct=0.0"};
    run base = run_with("money-extras.cfg", 60, flat, N_SETS(flat));
    run infl = run_with("money-extras.cfg", 60, NULL, 0);
    for (size_t t = 0; t < base.res->n_months; t++)
        for (size_t p = 0; p < 60; p++) {
            const double pay = pow(1.02, (double)fy(t));
            assert_near(at(&infl, "fte.agency", t, p), at(&base, "fte.agency", t, p), 0, 0);
            assert_near(at(&infl, "cost.staff.total", t, p), at(&base, "cost.staff.total", t, p) * pay,
                        0.01, 1e-6);
            const double over = fy(t) == 0 ? 1.01 : 1.01 * pow(1.02, (double)fy(t));
            assert_near(at(&infl, "cost.overheads", t, p), 2500000.0 / 12.0 * over, 0.01, 1e-6);
            assert_near(at(&infl, "cost.placements.total", t, p),
                        at(&base, "cost.placements.total", t, p), 0, 0);
        }
    run_free(&base);
    run_free(&infl);
}

/* Care leavers, allowances, other costs and the UASC grant each follow their
 * index: hand-computed from the month's stock on the same path. */
static void test_cost_lines_priced_by_hand(void **state)
{
    (void)state;
    run r = run_with("money-extras.cfg", 40, NULL, 0);
    for (size_t t = 0; t < r.res->n_months; t++) {
        const double y = (double)fy(t);
        for (size_t p = 0; p < 40; p++) {
            const double leavers = at(&r, "care_leavers.total", t, p);
            assert_near(at(&r, "cost.care_leavers", t, p),
                        leavers * (0.4 * 130.0 * WEEKS_PER_MONTH + 2600.0 / 12.0) * pow(1.03, y),
                        0.05, 1e-6);
            const double sgo = at(&r, "orders.sgo", t, p), cao = at(&r, "orders.cao", t, p);
            assert_near(at(&r, "cost.allowance.sgo", t, p), sgo * 7800.0 / 12.0 * pow(1.015, y),
                        0.05, 1e-6);
            assert_near(at(&r, "cost.allowances", t, p),
                        (sgo * 7800.0 + cao * 5200.0) / 12.0 * pow(1.015, y), 0.05, 1e-6);
            assert_near(at(&r, "cost.other.transport", t, p),
                        at(&r, "cic.total", t, p) * 650.0 / 12.0 * pow(1.02, y), 0.01, 1e-6);
            assert_near(at(&r, "cost.other.business_support", t, p),
                        3.0 * 30000.0 / 12.0 * pow(1.03, y), 0.01, 1e-9);
            assert_near(at(&r, "income.uasc_grant", t, p),
                        at(&r, "uasc.in_care", t, p) * 800.0 * WEEKS_PER_MONTH * pow(1.04, y),
                        0.05, 1e-6);
            assert_near(at(&r, "income.contribution.health", t, p),
                        0.1 * at(&r, "cost.placement.residential", t, p), 0.05, 1e-6);
        }
    }
    run_free(&r);
}

/* cost.total adds up every cost line, income.total every income line, and the
 * cumulative position starts from the opening balance. */
static void test_totals_and_opening_balance(void **state)
{
    (void)state;
    static const char *const none[] = {"model.finance.opening_balance_gbp=0.0"};
    run r = run_with("money-extras.cfg", 40, NULL, 0);
    run zero = run_with("money-extras.cfg", 40, none, N_SETS(none));
    static const char *const costs[] = {"cost.placements.total", "cost.care_leavers",
                                        "cost.staff.total",      "cost.overheads",
                                        "cost.initiatives",      "cost.allowances",
                                        "cost.other.transport",  "cost.other.business_support"};
    for (size_t t = 0; t < r.res->n_months; t++)
        for (size_t p = 0; p < 40; p++) {
            double sum = 0.0;
            for (size_t k = 0; k < N_SETS(costs); k++)
                sum += at(&r, costs[k], t, p);
            assert_near(at(&r, "cost.total", t, p), sum, 1.0, 1e-6);
            const double funding = (t < 12 ? 9900000.0 : 9900000.0 * pow(1.02, (double)fy(t))) / 12.0;
            assert_near(at(&r, "income.total", t, p),
                        funding + at(&r, "income.uasc_grant", t, p) +
                            at(&r, "income.contribution.health", t, p),
                        1.0, 1e-6);
            assert_near(at(&r, "net.cumulative", t, p) - at(&zero, "net.cumulative", t, p),
                        -500000.0, 1.0, 1e-6);
        }
    run_free(&r);
    run_free(&zero);
}

/* Every cost is on one line, so budget.total.spend is cost.total; the
 * unbudgeted line reports spend but no chance of overspending, and counts
 * against the total budget with a budget of 0. */
static void test_budget_total_is_total_spend(void **state)
{
    (void)state;
    run r = run_with("money-extras.cfg", 40, NULL, 0);
    const double budget[2] = {3000000.0 + 2700000.0 + 3000000.0 + 2550000.0,
                              3100000.0 + 2800000.0 + 3100000.0 + 2600000.0};
    for (size_t y = 0; y < 2; y++)
        for (size_t p = 0; p < 40; p++) {
            const double spend = year_at(&r, "budget.total.spend", y, p);
            assert_near(spend, year_at(&r, "cost.total", y, p), 2.0, 1e-6);
            assert_true(year_at(&r, "budget.total.p_over", y, p) == (double)(spend > budget[y]));
            assert_true(isnan(year_at(&r, "budget.other.p_over", y, p)));
            assert_near(year_at(&r, "budget.other.spend", y, p),
                        year_at(&r, "cost.other.transport", y, p) +
                            year_at(&r, "cost.initiatives", y, p),
                        1.0, 1e-6);
            /* The lines that cover placement types, summed: one definition for the chart. */
            const double placements = year_at(&r, "budget.fostering.spend", y, p) +
                                      year_at(&r, "budget.residential.spend", y, p);
            assert_near(year_at(&r, "budget.placement_lines.spend", y, p), placements, 1.0, 1e-6);
            assert_true(year_at(&r, "budget.placement_lines.p_over", y, p) ==
                        (double)(placements > 5700000.0 + 100000.0 * (double)y * 2.0));
        }
    run_free(&r);
}

/* Orders with an SGO allowance: the start stock plus every SGO exit (share 1,
 * none ending), exactly. */
static void test_allowances_follow_exits(void **state)
{
    (void)state;
    run r = run_with("money-extras.cfg", 40, NULL, 0);
    for (size_t p = 0; p < 40; p++) {
        double orders = 50.0;
        for (size_t t = 0; t < r.res->n_months; t++) {
            orders += at(&r, "exits.sgo", t, p);
            assert_near(at(&r, "orders.sgo", t, p), orders, 0, 0);
        }
    }
    run_free(&r);
}

/* UASC in care at the start are in the grant tally; with no arrivals, they
 * leave it only by turning 18: from the 10-17 band, 1/96 a month. */
static void test_uasc_at_start_bring_the_grant(void **state)
{
    (void)state;
    static const char *const sets[] = {"model.uasc.annual_children=0.0"};
    run r = run_with("money-extras.cfg", 400, sets, N_SETS(sets));
    double mean = 0.0;
    for (size_t p = 0; p < 400; p++) {
        assert_true(at(&r, "uasc.in_care", 0, p) <= 10.0);
        for (size_t t = 1; t < r.res->n_months; t++)
            assert_true(at(&r, "uasc.in_care", t, p) <= at(&r, "uasc.in_care", t - 1, p));
        mean += at(&r, "uasc.in_care", 23, p) / 400.0;
    }
    /* Binomial(10, (95/96)^24): mean 7.78, sd of the mean about 0.066. */
    const double expected = 10.0 * pow(95.0 / 96.0, 24.0);
    assert_near(mean, expected, 4.0 * sqrt(expected * (1.0 - expected / 10.0) / 400.0), 0);
    run_free(&r);
}

/* ---- dated what-ifs ---- */

/* A price lever from October 2020: the months before are exactly the
 * baseline; from October residential costs 15% more, nothing else moves. */
static void test_dated_price_lever(void **state)
{
    (void)state;
    static const char *const sets[] = {"levers.start_date=\"2020-10-01\"",
                                       "levers.price_change_pct.residential=15.0"};
    run base = run_with("money-extras.cfg", 30, NULL, 0);
    run lever = run_with("money-extras.cfg", 30, sets, N_SETS(sets));
    for (size_t t = 0; t < base.res->n_months; t++)
        for (size_t p = 0; p < 30; p++) {
            const double b = at(&base, "cost.placement.residential", t, p);
            assert_near(at(&lever, "cost.placement.residential", t, p), t < 6 ? b : 1.15 * b,
                        1e-3, 1e-6);
            assert_near(at(&lever, "cic.total", t, p), at(&base, "cic.total", t, p), 0, 0);
        }
    run_free(&base);
    run_free(&lever);
}

/* Entries levers for one year only: every month outside [start, end) is the
 * baseline's until the first changed month; a -100% change to all entries
 * stops every stream (not linked to CP, CP-linked, UASC) in those months. */
static void test_entries_lever_dated_and_all_streams(void **state)
{
    (void)state;
    static const char *const sets[] = {"levers.start_date=\"2021-04-01\"",
                                       "levers.end_date=\"2022-04-01\"",
                                       "levers.entries_change_pct=-100.0"};
    run base = run_with("money-extras.cfg", 30, NULL, 0);
    run lever = run_with("money-extras.cfg", 30, sets, N_SETS(sets));
    for (size_t p = 0; p < 30; p++) {
        for (size_t t = 0; t < 12; t++)
            assert_near(at(&lever, "cic.total", t, p), at(&base, "cic.total", t, p), 0, 0);
        for (size_t t = 12; t < 24; t++)
            assert_near(at(&lever, "entries.total", t, p), 0.0, 0, 0);
    }
    double after = 0.0;
    for (size_t p = 0; p < 30; p++)
        for (size_t t = 24; t < 36; t++)
            after += at(&lever, "entries.total", t, p);
    assert_true(after > 0.0); /* entries resume at the end date */
    run_free(&base);
    run_free(&lever);
}

/* A lever on one stream leaves the others' draws alone. */
static void test_entries_stream_levers(void **state)
{
    (void)state;
    static const char *const no_cp[] = {"levers.entries_from_cp_change_pct=-100.0"};
    static const char *const no_uasc[] = {"levers.uasc_change_pct=-100.0"};
    run a = run_with("money-extras.cfg", 30, no_cp, N_SETS(no_cp));
    run b = run_with("money-extras.cfg", 30, no_uasc, N_SETS(no_uasc));
    for (size_t t = 0; t < a.res->n_months; t++)
        for (size_t p = 0; p < 30; p++) {
            assert_near(at(&a, "entries.from_cp", t, p), 0.0, 0, 0);
            assert_near(at(&b, "entries.uasc", t, p), 0.0, 0, 0);
            assert_near(at(&a, "cp.total", t, p), at(&b, "cp.total", t, p), 0, 0);
        }
    run_free(&a);
    run_free(&b);
}

/* An initiative's end date stops its effect and its running cost. */
static void test_initiative_end_date(void **state)
{
    (void)state;
    static const char *const sets[] = {
        "initiatives.cut.effect=price_cut", "initiatives.cut.placement=agency",
        "initiatives.cut.size=10.0", "initiatives.cut.start_date=\"2020-07-01\"",
        "initiatives.cut.end_date=\"2021-01-01\"", "initiatives.cut.annual_cost_gbp=12000.0"};
    run base = run_with("money-extras.cfg", 20, NULL, 0);
    run r = run_with("money-extras.cfg", 20, sets, N_SETS(sets));
    for (size_t t = 0; t < r.res->n_months; t++)
        for (size_t p = 0; p < 20; p++) {
            const bool on = t >= 3 && t < 9;
            const double b = at(&base, "cost.placement.agency", t, p);
            assert_near(at(&r, "cost.placement.agency", t, p), on ? 0.9 * b : b, 1e-3, 1e-6);
            assert_near(at(&r, "cost.initiatives", t, p), on ? 1000.0 : 0.0, 1e-6, 0);
        }
    run_free(&base);
    run_free(&r);
}

/* Children added to residential in October 2020 are in care that month and
 * counted as entries; a fixed saving of £1.2m a year saves £100,000 a month. */
static void test_add_children_and_fixed_saving(void **state)
{
    (void)state;
    static const char *const sets[] = {
        "initiatives.more.effect=add_children", "initiatives.more.placement=residential",
        "initiatives.more.size=5.0",            "initiatives.more.start_date=\"2020-10-01\"",
        "initiatives.plan.effect=fixed_saving", "initiatives.plan.size=1200000.0",
        "initiatives.plan.start_date=\"2021-04-01\""};
    run base = run_with("money-extras.cfg", 30, NULL, 0);
    run r = run_with("money-extras.cfg", 30, sets, N_SETS(sets));
    for (size_t p = 0; p < 30; p++) {
        for (size_t t = 0; t < 6; t++)
            assert_near(at(&r, "cic.total", t, p), at(&base, "cic.total", t, p), 0, 0);
        assert_near(at(&r, "entries.added", 6, p), 5.0, 0, 0);
        assert_near(at(&r, "entries.total", 6, p),
                    at(&base, "entries.total", 6, p) + 5.0, 0, 0);
        assert_near(at(&r, "cic.placement.residential", 6, p),
                    at(&base, "cic.placement.residential", 6, p) + 5.0, 0, 0);
        for (size_t t = 0; t < r.res->n_months; t++)
            assert_near(at(&r, "savings.plan", t, p), t < 12 ? 0.0 : 100000.0, 1e-3, 1e-9);
    }
    run_free(&base);
    run_free(&r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_index_factors),
        cmocka_unit_test(test_each_line_takes_its_own_inflation),
        cmocka_unit_test(test_cost_lines_priced_by_hand),
        cmocka_unit_test(test_totals_and_opening_balance),
        cmocka_unit_test(test_budget_total_is_total_spend),
        cmocka_unit_test(test_allowances_follow_exits),
        cmocka_unit_test(test_uasc_at_start_bring_the_grant),
        cmocka_unit_test(test_dated_price_lever),
        cmocka_unit_test(test_entries_lever_dated_and_all_streams),
        cmocka_unit_test(test_entries_stream_levers),
        cmocka_unit_test(test_initiative_end_date),
        cmocka_unit_test(test_add_children_and_fixed_saving),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
