/* Section `levers` (docs/scenario-format.md 6.20): the what-if changes a
 * scenario makes to its model (fewer entries, more exits, more carers or beds,
 * price changes), from the start or between two dates, recorded by name for
 * the reports. The levers and their limits are one table, cc_lever_specs. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

static void lever_seen(cc_levers *lv, cc_group *g, const char *key)
{
    if (cc_has(g, key) && lv->n_set < sizeof lv->set_names / sizeof lv->set_names[0])
        snprintf(lv->set_names[lv->n_set++], CC_NAME_MAX, "%s", key);
}

/* price_change_pct { type = pct; ... } over placement types. */
static void parse_price_changes(cc_group *g, cc_scenario *sc, const cc_lever_spec *spec)
{
    cc_group prices;
    if (!cc_group_open(g, spec->key, false, &prices))
        return;
    prices.accepts_any_key = true;
    unsigned int n = cc_group_length(&prices);
    for (unsigned int i = 0; i < n; i++) {
        const char *name = cc_group_child_name(&prices, i);
        int p = cc_placement_ref(&prices, name, name, sc);
        double v = 0.0;
        if (cc_get_float(&prices, name, spec->min, spec->max, true, 0.0, &v) && p >= 0)
            sc->levers.price_change_pct[p] = v;
    }
}

/* start_date and end_date: the months the levers act in, [start, end). */
static void parse_dates(cc_group *g, const cc_scenario *sc, cc_levers *lv)
{
    lv->start_month_index = 0;
    lv->end_month_index = 0;
    int year = 0, month = 0, day = 0;
    if (cc_get_date(g, "start_date", false, &year, &month, &day)) {
        if (day != 1)
            cc_report(g, NULL, "start_date", "must be the first day of a month (monthly steps)");
        lv->start_month_index = cc_month_index(sc, year, month);
        if (lv->start_month_index < 0)
            cc_report(g, NULL, "start_date", "is before the model's start date");
    }
    if (cc_get_date(g, "end_date", false, &year, &month, &day)) {
        if (day != 1)
            cc_report(g, NULL, "end_date", "must be the first day of a month (monthly steps)");
        lv->end_month_index = cc_month_index(sc, year, month);
        if (lv->end_month_index <= lv->start_month_index)
            cc_report(g, NULL, "end_date", "must be after start_date (and the model's start)");
    }
}

/* Every lever of the table (controls.c, which a what-if page also reads), in
 * its order, with its limits; the dates are read above. */
void cc_parse_levers(cc_group *root, cc_scenario *sc)
{
    cc_levers *lv = &sc->levers;
    cc_group g;
    if (!cc_group_open(root, "levers", false, &g))
        return;
    parse_dates(&g, sc, lv);
    for (size_t i = 0; i < cc_n_lever_specs; i++) {
        const cc_lever_spec *spec = &cc_lever_specs[i];
        void *value = (char *)lv + spec->offset;
        if (spec->kind == CC_CONTROL_DATE)
            continue;
        lever_seen(lv, &g, spec->key);
        if (strcmp(spec->key, "price_change_pct") == 0)
            parse_price_changes(&g, sc, spec);
        else if (spec->kind == CC_CONTROL_WHOLE)
            cc_get_int(&g, spec->key, (int)spec->min, (int)spec->max, false, 0, (int *)value);
        else
            cc_get_float(&g, spec->key, spec->min, spec->max, false, 0.0, (double *)value);
    }
    if (lv->extra_in_house_beds > 0 && !cc_has_beds(sc))
        cc_report(&g, NULL, "extra_in_house_beds",
                  "the model has no placement type with capacity = \"beds\"");
    cc_group_close(&g);
}
