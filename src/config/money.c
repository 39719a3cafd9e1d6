/* Section `model.finance` (docs/scenario-format.md 6.14-6.17): fixed
 * overheads, how placement prices move together, each cost and income line's
 * inflation, the opening balance, budget lines and what each covers (every
 * cost on exactly one line), funding (contract sum, partner contributions,
 * one-off money), contributions tied to costs and MTFP savings targets. Unit
 * costs themselves sit with their placement type (placements.c), carers,
 * leavers, staff, allowances and other costs with theirs. */
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

static void parse_budget_line(cc_group *l, const cc_scenario *sc, cc_finance *fin,
                              cc_budget_line *line, uint64_t *covered)
{
    char names[CC_MAX_PLACEMENTS + CC_MAX_ALLOWANCES + CC_MAX_OTHER_COSTS + 8][CC_NAME_MAX];
    size_t n_names = 0;
    if (cc_get_names(l, "covers", sizeof names / sizeof names[0], true, names, &n_names)) {
        for (size_t k = 0; k < n_names; k++) {
            const uint64_t bits = cc_cost_bits(l, "covers", names[k], sc);
            /* A cost on two lines would be counted twice in the total. */
            if (bits & *covered)
                cc_report(l, NULL, "covers", "'%s' is already covered by another line",
                          names[k]);
            *covered |= bits;
            line->covers |= bits;
        }
    }
    cc_get_bool(l, "unbudgeted", false, false, &line->unbudgeted);
    if (line->unbudgeted) {
        if (cc_has(l, "annual_gbp"))
            cc_report(l, NULL, "annual_gbp", "an unbudgeted line has no budget: remove annual_gbp");
        return;
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
    uint64_t covered = 0;
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
            const char *name = cc_group_child_name(&lines, i);
            /* budget.total.* and budget.placement_lines.* are carecast's own sums. */
            if (strcmp(name, "total") == 0 || strcmp(name, "placement_lines") == 0)
                cc_report(&l, NULL, NULL, "'%s' is reserved for carecast's sums of lines", name);
            cc_budget_line *line = &fin->budget_lines[fin->n_budget_lines++];
            snprintf(line->name, sizeof line->name, "%s", name);
            parse_budget_line(&l, sc, fin, line, &covered);
            cc_group_close(&l);
        }
    }
    cc_group_close(&g);
}

/* The contract sum is a key assumption in every year it is given. */
static void assume_contract_sums(cc_scenario *sc, cc_group *g, size_t n)
{
    const cc_finance *fin = &sc->finance;
    for (size_t k = 0; k < n; k++) {
        const int year = fin->funding_first_year + (int)k;
        char label[CC_TEXT_MAX];
        snprintf(label, sizeof label, "Contract sum %d/%02d", year, (year + 1) % 100);
        cc_assume(sc, g, "contract_sum_gbp", label, fin->contract_sum_gbp[k], CC_UNIT_GBP_YEAR);
    }
}

static void parse_funding(cc_group *f, cc_scenario *sc)
{
    cc_finance *fin = &sc->finance;
    cc_group g;
    if (!cc_group_open(f, "funding", false, &g))
        return;
    cc_get_fin_year(&g, "first_year", true, &fin->funding_first_year);
    size_t n = money_by_year(&g, "contract_sum_gbp", true, fin->contract_sum_gbp);
    fin->n_funding_years = n;
    assume_contract_sums(sc, &g, n);
    const char *others[] = {"partner_contributions_gbp", "one_off_gbp"};
    double *arrays[] = {fin->partner_contributions_gbp, fin->one_off_gbp};
    for (int k = 0; k < 2; k++) {
        size_t nk = money_by_year(&g, others[k], false, arrays[k]);
        if (nk != 0 && n != 0 && nk != n)
            cc_report(&g, NULL, others[k], "needs %zu years like contract_sum_gbp, got %zu", n,
                      nk);
    }
    cc_get_float(&g, "annual_uplift_pct", CC_INFLATION_MIN, CC_INFLATION_MAX, false, 0.0,
                 &fin->funding_uplift_annual_pct);
    cc_group_close(&g);
}

/* inflation { pay_award_annual_pct; ... }: each line's price index. */
static void parse_inflation(cc_group *f, cc_scenario *sc)
{
    cc_inflation *ix = &sc->finance.inflation;
    cc_group g;
    if (!cc_group_open(f, "inflation", false, &g))
        return;
    cc_get_index(&g, "pay_award_annual_pct", &ix->pay);
    cc_get_index(&g, "overheads_annual_pct", &ix->overheads);
    cc_get_index(&g, "care_leavers_annual_pct", &ix->care_leavers);
    cc_get_index(&g, "initiatives_annual_pct", &ix->initiatives);
    cc_get_index(&g, "allowances_annual_pct", &ix->allowances);
    cc_get_index(&g, "uasc_grant_annual_pct", &ix->uasc_grant);
    cc_assume(sc, &g, "pay_award_annual_pct", "Pay award (% a year from the second year)",
              ix->pay.annual_pct[1] / 100.0, CC_UNIT_SHARE);
    cc_group_close(&g);
}

/* contributions { name = { share_of = [costs]; share = 0.1; }; }: income that
 * is a share of what it is a share of, e.g. health paying towards residential. */
static void parse_contributions(cc_group *f, cc_scenario *sc)
{
    cc_finance *fin = &sc->finance;
    cc_group g;
    if (!cc_group_open(f, "contributions", false, &g))
        return;
    g.accepts_any_key = true;
    const unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_CONTRIBUTIONS)
        cc_report(&g, NULL, NULL, "at most %d contributions, got %u", CC_MAX_CONTRIBUTIONS, n);
    for (unsigned int i = 0; i < n && i < CC_MAX_CONTRIBUTIONS; i++) {
        cc_group c;
        if (!cc_group_open_child(&g, i, &c))
            continue;
        cc_contribution *co = &fin->contributions[fin->n_contributions++];
        snprintf(co->name, sizeof co->name, "%s", cc_group_child_name(&g, i));
        cc_get_string(&c, "label", false, co->name, co->label, sizeof co->label);
        char names[CC_MAX_PLACEMENTS + CC_MAX_ALLOWANCES + CC_MAX_OTHER_COSTS + 8][CC_NAME_MAX];
        size_t n_names = 0;
        if (cc_get_names(&c, "share_of", sizeof names / sizeof names[0], true, names, &n_names))
            for (size_t k = 0; k < n_names; k++)
                co->of |= cc_cost_bits(&c, "share_of", names[k], sc);
        cc_get_float(&c, "share", 0.0, 1.0, true, 0.0, &co->share);
        char label[CC_TEXT_MAX];
        snprintf(label, sizeof label, "Contribution: %.100s (share of costs)", co->label);
        cc_assume(sc, &c, "share", label, co->share, CC_UNIT_SHARE);
        cc_group_close(&c);
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
    cc_get_float(&f, "opening_balance_gbp", -CC_MONEY_MAX, CC_MONEY_MAX, false, 0.0,
                 &fin->opening_balance_gbp);
    cc_assume(sc, &f, "opening_balance_gbp", "Opening balance (negative = deficit carried in)",
              fin->opening_balance_gbp, CC_UNIT_GBP);
    parse_inflation(&f, sc);
    parse_budgets(&f, sc);
    parse_funding(&f, sc);
    parse_contributions(&f, sc);
    if (cc_group_open(&f, "mtfp", false, &g)) {
        cc_get_fin_year(&g, "contract_year_1", true, &fin->contract_year_1);
        fin->n_mtfp_years = money_by_year(&g, "targets_gbp", true, fin->mtfp_targets_gbp);
        cc_group_close(&g);
    }
    cc_group_close(&f);
}

/* Whether a cost can ever be non-zero: a zero-cost placement type (placed with
 * parents) needs no budget line, nor do costs the model does not have. */
static bool has_cost(const cc_scenario *sc, uint64_t bit)
{
    for (size_t p = 0; p < sc->n_placements; p++)
        if (bit == CC_COVERS_PLACEMENT(p))
            return sc->placements[p].weekly_cost_gbp.mean > 0.0 ||
                   sc->placements[p].weekly_cost_gbp.sd > 0.0;
    for (size_t i = 0; i < sc->n_allowances; i++)
        if (bit == CC_COVERS_ALLOWANCE(i))
            return sc->allowances[i].annual_cost_gbp > 0.0;
    for (size_t i = 0; i < sc->n_other_costs; i++)
        if (bit == CC_COVERS_OTHER(i))
            return sc->other_costs[i].annual_cost_gbp > 0.0;
    const cc_care_leavers *cl = &sc->care_leavers;
    const cc_workforce *w = &sc->workforce;
    if (bit == CC_COVERS_CARE_LEAVERS)
        return cl->accommodation_share * cl->accommodation_weekly_cost_gbp > 0.0 ||
               cl->support_annual_cost_gbp > 0.0;
    if (bit == CC_COVERS_STAFF)
        return w->n_teams > 0 && (w->permanent_annual_cost_gbp > 0.0 ||
                                  w->asye_annual_cost_gbp > 0.0 || w->agency_annual_cost_gbp > 0.0);
    if (bit == CC_COVERS_OVERHEADS)
        return sc->finance.fixed_overheads_annual_gbp > 0.0;
    if (bit == CC_COVERS_INITIATIVES)
        for (size_t i = 0; i < sc->n_initiatives; i++) {
            const cc_initiative *in = &sc->initiatives[i];
            if (in->annual_cost_gbp > 0.0 || in->one_off_cost_gbp > 0.0 ||
                in->bed_annual_cost_gbp > 0.0 || in->kind == CC_EFFECT_FIXED_SAVING)
                return true;
        }
    return false;
}

/* The name a budget line would use for the cost of one bit. */
static const char *cost_name(const cc_scenario *sc, uint64_t bit)
{
    static const struct {
        uint64_t bit;
        const char *name;
    } keywords[] = {{CC_COVERS_CARE_LEAVERS, "care_leavers"},
                    {CC_COVERS_STAFF, "staff"},
                    {CC_COVERS_OVERHEADS, "overheads"},
                    {CC_COVERS_INITIATIVES, "initiatives"}};
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (bit == keywords[k].bit)
            return keywords[k].name;
    for (size_t p = 0; p < sc->n_placements; p++)
        if (bit == CC_COVERS_PLACEMENT(p))
            return sc->placements[p].name;
    for (size_t i = 0; i < sc->n_allowances; i++)
        if (bit == CC_COVERS_ALLOWANCE(i))
            return sc->allowances[i].name;
    for (size_t i = 0; i < sc->n_other_costs; i++)
        if (bit == CC_COVERS_OTHER(i))
            return sc->other_costs[i].name;
    return "?";
}

void cc_check_budget_coverage(cc_group *root, const cc_scenario *sc)
{
    const cc_finance *fin = &sc->finance;
    if (fin->n_budget_lines == 0)
        return;
    uint64_t covered = 0;
    for (size_t l = 0; l < fin->n_budget_lines; l++)
        covered |= fin->budget_lines[l].covers;
    const config_setting_t *lines =
        root->setting != NULL ? config_setting_lookup(root->setting, "model.finance.budgets.lines")
                              : NULL;
    for (unsigned b = 0; b < 64; b++) {
        const uint64_t bit = (uint64_t)1 << b;
        if ((covered & bit) || !has_cost(sc, bit))
            continue;
        cc_report(root, lines, "model.finance.budgets.lines",
                  "no budget line covers the cost '%s': add it to one line's covers (a line "
                  "with unbudgeted = true holds costs knowingly left without a budget)",
                  cost_name(sc, bit));
    }
}
