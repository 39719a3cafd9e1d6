/* Section `levers` (docs/scenario-format.md 6.20): the what-if changes a
 * scenario makes to its model from the start (fewer entries, more exits,
 * more carers or beds, price changes), recorded by name for the reports. */
#include <stdio.h>

#include "config/config_internal.h"

static void lever_seen(cc_levers *lv, cc_group *g, const char *key)
{
    if (cc_has(g, key) && lv->n_set < sizeof lv->set_names / sizeof lv->set_names[0])
        snprintf(lv->set_names[lv->n_set++], CC_NAME_MAX, "%s", key);
}

/* price_change_pct { type = pct; ... } over placement types. */
static void parse_price_changes(cc_group *g, cc_scenario *sc, cc_levers *lv)
{
    cc_group prices;
    if (!cc_group_open(g, "price_change_pct", false, &prices))
        return;
    prices.accepts_any_key = true;
    unsigned int n = cc_group_length(&prices);
    for (unsigned int i = 0; i < n; i++) {
        const char *name = cc_group_child_name(&prices, i);
        int p = cc_placement_ref(&prices, name, name, sc);
        double v = 0.0;
        if (cc_get_float(&prices, name, -100.0, 1000.0, true, 0.0, &v) && p >= 0)
            lv->price_change_pct[p] = v;
    }
}

void cc_parse_levers(cc_group *root, cc_scenario *sc)
{
    cc_levers *lv = &sc->levers;
    cc_group g;
    if (!cc_group_open(root, "levers", false, &g))
        return;
    lever_seen(lv, &g, "entries_change_pct");
    cc_get_float(&g, "entries_change_pct", -100.0, 1000.0, false, 0.0, &lv->entries_change_pct);
    lever_seen(lv, &g, "exits_change_pct");
    cc_get_float(&g, "exits_change_pct", -100.0, 1000.0, false, 0.0, &lv->exits_change_pct);
    lever_seen(lv, &g, "extra_annual_approvals");
    cc_get_float(&g, "extra_annual_approvals", 0.0, 10000.0, false, 0.0,
                 &lv->extra_annual_approvals);
    lever_seen(lv, &g, "extra_in_house_beds");
    cc_get_int(&g, "extra_in_house_beds", 0, CC_COUNT_MAX, false, 0, &lv->extra_in_house_beds);
    lever_seen(lv, &g, "price_change_pct");
    parse_price_changes(&g, sc, lv);
    if (lv->extra_in_house_beds > 0 && !cc_has_beds(sc))
        cc_report(&g, NULL, "extra_in_house_beds",
                  "the model has no placement type with capacity = \"beds\"");
    cc_group_close(&g);
}
