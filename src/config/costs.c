/* Sections `model.allowances` and `model.other_costs` (docs/scenario-format.md
 * 6.17d, 6.17e): costs that are not a child in care. Allowances paid after care
 * ends (special guardianship, child arrangements, adoption) are a stock of
 * orders, each costing so much a year; other cost lines (transport, staff who
 * are not social workers) are counted per child, per social worker or fixed.
 * Also the names budget lines and contributions use for every cost. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* Costs named by a keyword rather than by the model's own names. */
static const struct {
    const char *name;
    uint64_t bits;
} keyword_costs[] = {
    {"care_leavers", CC_COVERS_CARE_LEAVERS},
    {"staff", CC_COVERS_STAFF},
    {"overheads", CC_COVERS_OVERHEADS},
    {"initiatives", CC_COVERS_INITIATIVES},
};

static uint64_t all_allowances(const cc_scenario *sc)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < sc->n_allowances; i++)
        bits |= CC_COVERS_ALLOWANCE(i);
    return bits;
}

uint64_t cc_cost_bits(cc_group *g, const char *key, const char *name, const cc_scenario *sc)
{
    for (size_t k = 0; k < sizeof keyword_costs / sizeof keyword_costs[0]; k++)
        if (strcmp(name, keyword_costs[k].name) == 0)
            return keyword_costs[k].bits;
    if (strcmp(name, "allowances") == 0)
        return all_allowances(sc);
    for (size_t i = 0; i < sc->n_allowances; i++)
        if (strcmp(name, sc->allowances[i].name) == 0)
            return CC_COVERS_ALLOWANCE(i);
    for (size_t i = 0; i < sc->n_other_costs; i++)
        if (strcmp(name, sc->other_costs[i].name) == 0)
            return CC_COVERS_OTHER(i);
    if (cc_scenario_placement_index(sc, name) >= 0)
        return CC_COVERS_PLACEMENT(cc_scenario_placement_index(sc, name));
    const char *names[CC_MAX_PLACEMENTS + CC_MAX_ALLOWANCES + CC_MAX_OTHER_COSTS + 8];
    size_t n = 0;
    for (size_t k = 0; k < sizeof keyword_costs / sizeof keyword_costs[0]; k++)
        names[n++] = keyword_costs[k].name;
    names[n++] = "allowances";
    for (size_t i = 0; i < sc->n_allowances; i++)
        names[n++] = sc->allowances[i].name;
    for (size_t i = 0; i < sc->n_other_costs; i++)
        names[n++] = sc->other_costs[i].name;
    for (size_t i = 0; i < sc->n_placements; i++)
        names[n++] = sc->placements[i].name;
    cc_report_unknown(g, NULL, key, "cost", name, names, n);
    return 0;
}

/* A cost line's own name must not hide a placement type or a keyword. */
static void check_cost_name(cc_group *g, const char *name, const cc_scenario *sc)
{
    bool clash = cc_scenario_placement_index(sc, name) >= 0 || strcmp(name, "allowances") == 0;
    for (size_t k = 0; k < sizeof keyword_costs / sizeof keyword_costs[0]; k++)
        clash |= strcmp(name, keyword_costs[k].name) == 0;
    for (size_t i = 0; i < sc->n_allowances; i++)
        clash |= strcmp(name, sc->allowances[i].name) == 0;
    if (clash)
        cc_report(g, NULL, NULL,
                  "'%s' is already the name of a placement type or a cost; choose another name",
                  name);
}

static void parse_allowance(cc_group *a, cc_scenario *sc, cc_allowance *al)
{
    cc_get_string(a, "label", false, al->name, al->label, sizeof al->label);
    cc_get_int(a, "start_orders", 0, CC_COUNT_MAX, false, 0, &al->start_orders);
    const int route = cc_get_route(a, "from_exit_route", "none");
    al->from_route = route >= 0 ? route : -1;
    cc_get_float(a, "share_with_allowance", 0.0, 1.0, false, 1.0, &al->share_with_allowance);
    cc_get_float(a, "annual_new_orders", 0.0, CC_RATE_MAX, false, 0.0, &al->annual_new_orders);
    cc_get_float(a, "annual_cost_gbp", 0.0, 1e6, true, 0.0, &al->annual_cost_gbp);
    cc_get_float(a, "annual_end_pct", 0.0, 100.0, false, 0.0, &al->annual_end_pct);
    char label[CC_TEXT_MAX];
    snprintf(label, sizeof label, "Allowance: %.100s", al->label);
    cc_assume(sc, a, "annual_cost_gbp", label, al->annual_cost_gbp, CC_UNIT_GBP_YEAR);
}

void cc_parse_allowances(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "allowances", false, &g))
        return;
    g.accepts_any_key = true;
    const unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_ALLOWANCES)
        cc_report(&g, NULL, NULL, "at most %d kinds of allowance, got %u", CC_MAX_ALLOWANCES, n);
    for (unsigned int i = 0; i < n && i < CC_MAX_ALLOWANCES; i++) {
        cc_group a;
        if (!cc_group_open_child(&g, i, &a))
            continue;
        const char *name = cc_group_child_name(&g, i);
        check_cost_name(&a, name, sc);
        cc_allowance *al = &sc->allowances[sc->n_allowances++];
        snprintf(al->name, sizeof al->name, "%s", name);
        parse_allowance(&a, sc, al);
        cc_group_close(&a);
    }
    cc_group_close(&g);
}

static const char *const driver_names[CC_DRIVERS] = {"fixed", "cic", "care_leavers", "cin_cp",
                                                     "social_workers"};

static void parse_other_cost(cc_group *c, cc_scenario *sc, cc_other_cost *oc)
{
    char text[CC_NAME_MAX];
    cc_get_string(c, "label", false, oc->name, oc->label, sizeof oc->label);
    oc->driver = CC_DRIVER_FIXED;
    if (cc_get_string(c, "driver", true, "fixed", text, sizeof text)) {
        int d = -1;
        for (int k = 0; k < CC_DRIVERS; k++)
            if (strcmp(text, driver_names[k]) == 0)
                d = k;
        if (d < 0)
            cc_report_unknown(c, NULL, "driver", "driver", text, driver_names, CC_DRIVERS);
        else
            oc->driver = (cc_cost_driver)d;
    }
    cc_get_float(c, "units_per_driver", 0.0, 1e6, false, 1.0, &oc->units_per_driver);
    cc_get_float(c, "annual_cost_gbp", 0.0, CC_MONEY_MAX, true, 0.0, &oc->annual_cost_gbp);
    cc_get_index(c, "annual_inflation_pct", &oc->inflation);
    char label[CC_TEXT_MAX];
    snprintf(label, sizeof label, "Other cost: %.100s", oc->label);
    cc_assume(sc, c, "annual_cost_gbp", label, oc->annual_cost_gbp, CC_UNIT_GBP_YEAR);
}

void cc_parse_other_costs(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "other_costs", false, &g))
        return;
    g.accepts_any_key = true;
    const unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_OTHER_COSTS)
        cc_report(&g, NULL, NULL, "at most %d other cost lines, got %u", CC_MAX_OTHER_COSTS, n);
    for (unsigned int i = 0; i < n && i < CC_MAX_OTHER_COSTS; i++) {
        cc_group c;
        if (!cc_group_open_child(&g, i, &c))
            continue;
        const char *name = cc_group_child_name(&g, i);
        check_cost_name(&c, name, sc);
        cc_other_cost *oc = &sc->other_costs[sc->n_other_costs++];
        snprintf(oc->name, sizeof oc->name, "%s", name);
        parse_other_cost(&c, sc, oc);
        cc_group_close(&c);
    }
    cc_group_close(&g);
}
