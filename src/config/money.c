/* Section `model.finance` (docs/scenario-format.md 6.14-6.17): fixed
 * overheads, how placement prices move together, budget lines and what each
 * covers, funding (contract sum, partner contributions, one-off money) and
 * MTFP savings targets. Unit costs themselves sit with their placement type
 * (placements.c), carers, leavers and staff with theirs. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* An array of pounds by financial year; returns its length (0 on error). */
static size_t money_by_year(cc_group *g, const char *key, bool required, double *out)
{
    size_t n = 0;
    if (!cc_get_floats(g, key, 1, CC_MAX_YEARS, 0.0, CC_MONEY_MAX, required, out, &n))
        return 0;
    return n;
}

/* The cost one name in a budget line's covers stands for, as a bit. */
static uint32_t cover_bit(cc_group *l, const char *name, const cc_scenario *sc)
{
    if (strcmp(name, "care_leavers") == 0)
        return CC_COVERS_CARE_LEAVERS;
    if (strcmp(name, "staff") == 0)
        return CC_COVERS_STAFF;
    if (strcmp(name, "overheads") == 0)
        return CC_COVERS_OVERHEADS;
    if (strcmp(name, "initiatives") == 0)
        return CC_COVERS_INITIATIVES;
    int p = cc_placement_ref(l, "covers", name, sc);
    return p >= 0 ? 1u << p : 0;
}

static void parse_budget_line(cc_group *l, const cc_scenario *sc, cc_finance *fin,
                              cc_budget_line *line, uint32_t *covered)
{
    char names[CC_MAX_PLACEMENTS + 4][CC_NAME_MAX];
    size_t n_names = 0;
    if (cc_get_names(l, "covers", CC_MAX_PLACEMENTS + 4, true, names, &n_names)) {
        for (size_t k = 0; k < n_names; k++) {
            const uint32_t bit = cover_bit(l, names[k], sc);
            /* A cost on two lines would be counted twice in the total. */
            if (bit & *covered)
                cc_report(l, NULL, "covers", "'%s' is already covered by another line",
                          names[k]);
            *covered |= bit;
            line->covers |= bit;
        }
    }
    size_t years = money_by_year(l, "annual_gbp", true, line->annual_gbp);
    if (years > 0 && fin->n_budget_years == 0)
        fin->n_budget_years = years;
    else if (years > 0 && years != fin->n_budget_years)
        cc_report(l, NULL, "annual_gbp",
                  "every budget line needs the same number of years (%zu), got %zu",
                  fin->n_budget_years, years);
}

static void parse_budgets(cc_group *f, cc_scenario *sc)
{
    cc_finance *fin = &sc->finance;
    cc_group g, lines;
    if (!cc_group_open(f, "budgets", false, &g))
        return;
    cc_get_fin_year(&g, "first_year", true, &fin->budget_first_year);
    uint32_t covered = 0;
    if (cc_group_open(&g, "lines", true, &lines)) {
        lines.accepts_any_key = true;
        unsigned int n = cc_group_length(&lines);
        if (n > CC_MAX_BUDGET_LINES)
            cc_report(&lines, NULL, NULL, "at most %d budget lines, got %u", CC_MAX_BUDGET_LINES,
                      n);
        for (unsigned int i = 0; i < n && i < CC_MAX_BUDGET_LINES; i++) {
            cc_group l;
            if (!cc_group_open_child(&lines, i, &l))
                continue;
            cc_budget_line *line = &fin->budget_lines[fin->n_budget_lines++];
            snprintf(line->name, sizeof line->name, "%s", cc_group_child_name(&lines, i));
            parse_budget_line(&l, sc, fin, line, &covered);
            cc_group_close(&l);
        }
    }
    cc_group_close(&g);
}

static void parse_funding(cc_group *f, cc_scenario *sc)
{
    cc_finance *fin = &sc->finance;
    cc_group g;
    if (!cc_group_open(f, "funding", false, &g))
        return;
    cc_get_fin_year(&g, "first_year", true, &fin->funding_first_year);
    size_t n = money_by_year(&g, "contract_sum_gbp", true, fin->contract_sum_gbp);
    cc_assume(sc, &g, "contract_sum_gbp", "Contract sum (first year)", fin->contract_sum_gbp[0],
              CC_UNIT_GBP_YEAR);
    fin->n_funding_years = n;
    const char *others[] = {"partner_contributions_gbp", "one_off_gbp"};
    double *arrays[] = {fin->partner_contributions_gbp, fin->one_off_gbp};
    for (int k = 0; k < 2; k++) {
        size_t nk = money_by_year(&g, others[k], false, arrays[k]);
        if (nk != 0 && n != 0 && nk != n)
            cc_report(&g, NULL, others[k], "needs %zu years like contract_sum_gbp, got %zu", n,
                      nk);
    }
    cc_group_close(&g);
}

void cc_parse_finance(cc_group *m, cc_scenario *sc)
{
    cc_finance *fin = &sc->finance;
    cc_group f, g;
    if (!cc_group_open(m, "finance", false, &f))
        return;
    cc_get_float(&f, "fixed_overheads_annual_gbp", 0.0, CC_MONEY_MAX, false, 0.0,
                 &fin->fixed_overheads_annual_gbp);
    cc_get_float(&f, "price_inflation_correlation", 0.0, 1.0, false, 0.0,
                 &fin->price_inflation_correlation);
    parse_budgets(&f, sc);
    parse_funding(&f, sc);
    if (cc_group_open(&f, "mtfp", false, &g)) {
        cc_get_fin_year(&g, "contract_year_1", true, &fin->contract_year_1);
        fin->n_mtfp_years = money_by_year(&g, "targets_gbp", true, fin->mtfp_targets_gbp);
        cc_group_close(&g);
    }
    cc_group_close(&f);
}
