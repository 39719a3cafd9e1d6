/* Sections `model.age_bands` and `model.placements` (docs/scenario-format.md
 * 6.2-6.3): the age bands, and each placement type's children at the start,
 * unit cost, price inflation and capacity rule. Also the lookups other
 * sections use to name placement types. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

int cc_placement_ref(cc_group *g, const char *key, const char *name, const cc_scenario *sc)
{
    int i = cc_scenario_placement_index(sc, name);
    if (i >= 0)
        return i;
    const char *names[CC_MAX_PLACEMENTS];
    for (size_t k = 0; k < sc->n_placements; k++)
        names[k] = sc->placements[k].name;
    cc_report_unknown(g, NULL, key, "placement type", name, names, sc->n_placements);
    return -1;
}

void cc_placement_shares(cc_group *parent, const char *key, bool required,
                         const cc_scenario *sc, double *out)
{
    cc_group g;
    for (size_t i = 0; i < CC_MAX_PLACEMENTS; i++)
        out[i] = 0.0;
    if (!cc_group_open(parent, key, required, &g))
        return;
    g.accepts_any_key = true;
    unsigned int n = cc_group_length(&g);
    bool all_known = true;
    for (unsigned int i = 0; i < n; i++) {
        const char *name = cc_group_child_name(&g, i);
        int p = cc_placement_ref(&g, name, name, sc);
        double share = 0.0;
        if (cc_get_float(&g, name, 0.0, 1.0, true, 0.0, &share) && p >= 0)
            out[p] = share;
        all_known &= p >= 0;
    }
    if (n == 0) {
        cc_report(&g, NULL, NULL, "needs at least one placement type share");
        return;
    }
    double sum = 0.0;
    for (size_t i = 0; i < sc->n_placements; i++)
        sum += out[i];
    if (all_known && fabs(sum - 1.0) > CC_SHARE_TOLERANCE)
        cc_report(&g, NULL, NULL, "shares must sum to 1 (they sum to %.9g)", sum);
}

bool cc_has_beds(const cc_scenario *sc)
{
    bool has_beds = false;
    for (size_t p = 0; p < sc->n_placements; p++)
        has_beds |= sc->placements[p].capacity == CC_CAPACITY_BEDS;
    return has_beds;
}

/* ---- age bands ---- */

/* Reads band i of g; expected_min is the age it must start at. */
static void parse_band(cc_group *b, cc_age_band *band, unsigned int i, unsigned int n,
                       int expected_min)
{
    bool ok = cc_get_int(b, "min_age_years", 0, 17, true, 0, &band->min_age_years);
    ok &= cc_get_int(b, "max_age_years", 0, 17, true, 0, &band->max_age_years);
    cc_get_float(b, "exit_rate_multiplier", 0.0, 100.0, false, 1.0, &band->exit_rate_multiplier);
    if (ok && band->min_age_years != expected_min)
        cc_report(b, NULL, "min_age_years",
                  "bands must be contiguous from age 0: expected %d, got %d", expected_min,
                  band->min_age_years);
    if (ok && band->max_age_years < band->min_age_years)
        cc_report(b, NULL, "max_age_years", "must not be below min_age_years");
    if (ok && i + 1 == n && band->max_age_years != 17)
        cc_report(b, NULL, "max_age_years", "the last band must end at age 17, got %d",
                  band->max_age_years);
}

void cc_parse_bands(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "age_bands", true, &g))
        return;
    g.accepts_any_key = true;
    unsigned int n = cc_group_length(&g);
    if (n == 0 || n > CC_MAX_BANDS) {
        cc_report(&g, NULL, NULL, "needs 1 to %d age bands, got %u", CC_MAX_BANDS, n);
        return;
    }
    int expected_min = 0;
    for (unsigned int i = 0; i < n; i++) {
        cc_group b;
        if (!cc_group_open_child(&g, i, &b))
            continue;
        cc_age_band *band = &sc->bands[sc->n_bands++];
        snprintf(band->name, sizeof band->name, "%s", cc_group_child_name(&g, i));
        parse_band(&b, band, i, n, expected_min);
        expected_min = band->max_age_years + 1;
        cc_group_close(&b);
    }
}

/* ---- placement types ---- */

/* capacity, beds and overflow_to: where children go when the type is full. */
static void parse_capacity(cc_group *p, cc_scenario *sc, cc_placement *pl)
{
    char text[CC_NAME_MAX];
    pl->capacity = CC_CAPACITY_NONE;
    pl->overflow_to = -1;
    if (cc_get_string(p, "capacity", false, "none", text, sizeof text)) {
        if (strcmp(text, "carers") == 0)
            pl->capacity = CC_CAPACITY_CARERS;
        else if (strcmp(text, "beds") == 0)
            pl->capacity = CC_CAPACITY_BEDS;
        else if (strcmp(text, "none") != 0)
            cc_report(p, NULL, "capacity", "expected \"carers\", \"beds\" or \"none\", got \"%s\"",
                      text);
    }
    cc_get_int(p, "beds", 0, CC_COUNT_MAX, pl->capacity == CC_CAPACITY_BEDS, 0, &pl->beds);
    if (cc_has(p, "beds") && pl->capacity != CC_CAPACITY_BEDS)
        cc_report(p, NULL, "beds", "only applies with capacity = \"beds\"");
    const bool capped = pl->capacity != CC_CAPACITY_NONE;
    if (cc_get_string(p, "overflow_to", capped, "", text, sizeof text) && (capped || text[0])) {
        pl->overflow_to = cc_placement_ref(p, "overflow_to", text, sc);
        if (pl->overflow_to >= 0 && sc->placements[pl->overflow_to].capacity != CC_CAPACITY_NONE)
            cc_report(p, NULL, "overflow_to", "must name a placement type without a capacity limit");
    }
    pl->preferred_over = -1;
    if (cc_get_string(p, "preferred_over", false, "", text, sizeof text)) {
        if (!capped)
            cc_report(p, NULL, "preferred_over", "only applies with capacity = \"carers\" or \"beds\"");
        pl->preferred_over = cc_placement_ref(p, "preferred_over", text, sc);
        if (pl->preferred_over >= 0 && sc->placements[pl->preferred_over].capacity != CC_CAPACITY_NONE)
            cc_report(p, NULL, "preferred_over", "must name a placement type without a capacity limit");
    }
}

static void parse_placement(cc_group *p, cc_scenario *sc, cc_placement *pl)
{
    cc_get_string(p, "label", false, pl->name, pl->label, sizeof pl->label);
    cc_get_int(p, "start_children", 0, CC_COUNT_MAX, true, 0, &pl->start_children);
    size_t n = 0;
    if (cc_get_floats(p, "start_age_shares", sc->n_bands, sc->n_bands, 0.0, 1.0, true,
                      pl->start_age_shares, &n))
        cc_check_shares(p, "start_age_shares", pl->start_age_shares, n);
    cc_parse_exits(p, pl);
    cc_get_param(p, "weekly_cost_gbp", 0.0, 1e6, CC_PARAM_RATE, false, 0.0, &pl->weekly_cost_gbp);
    char label[CC_TEXT_MAX];
    snprintf(label, sizeof label, "Unit cost: %.140s", pl->label);
    cc_assume(sc, p, "weekly_cost_gbp", label, pl->weekly_cost_gbp.mean, CC_UNIT_GBP_WEEK);
    cc_get_param(p, "annual_price_inflation_pct", -50.0, 100.0, CC_PARAM_NORMAL, false, 0.0,
                 &pl->annual_price_inflation_pct);
    parse_capacity(p, sc, pl);
}

void cc_parse_placements(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "placements", true, &g))
        return;
    g.accepts_any_key = true;
    unsigned int n = cc_group_length(&g);
    if (n == 0 || n > CC_MAX_PLACEMENTS) {
        cc_report(&g, NULL, NULL, "needs 1 to %d placement types, got %u", CC_MAX_PLACEMENTS, n);
        return;
    }
    /* Names first, so overflow_to may refer to a type defined later. */
    for (unsigned int i = 0; i < n; i++)
        snprintf(sc->placements[i].name, CC_NAME_MAX, "%s", cc_group_child_name(&g, i));
    sc->n_placements = n;
    int with_carers = 0, with_beds = 0;
    for (unsigned int i = 0; i < n; i++) {
        cc_group p;
        if (!cc_group_open_child(&g, i, &p))
            continue;
        parse_placement(&p, sc, &sc->placements[i]);
        if (sc->placements[i].capacity == CC_CAPACITY_CARERS && ++with_carers > 1)
            cc_report(&p, NULL, "capacity", "only one placement type can use foster carer places");
        /* Opened beds (levers, initiatives) go to the one type with beds. */
        if (sc->placements[i].capacity == CC_CAPACITY_BEDS && ++with_beds > 1)
            cc_report(&p, NULL, "capacity", "only one placement type can have in-house beds");
        cc_group_close(&p);
    }
}
