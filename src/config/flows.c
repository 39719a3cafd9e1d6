/* Flows of children (docs/scenario-format.md 6.4-6.6): exits from each
 * placement type by route, moves between types, and entries to care (how
 * many, when in the year, at what age, into which type). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "carecast/rates.h"
#include "config/config_internal.h"

/* A route is given one way: as a rate (events per child-year, the sector's published
 * form), or as a probability (% leaving a year; `_annual_pct` is the older name). */
const char *const cc_route_keys[CC_EXIT_ROUTES] = {
    "return_home_annual_pct", "sgo_annual_pct", "adoption_annual_pct", "other_annual_pct"};
static const char *const rate_route_keys[CC_EXIT_ROUTES] = {
    "return_home_annual_rate", "sgo_annual_rate", "adoption_annual_rate", "other_annual_rate"};
static const char *const probability_route_keys[CC_EXIT_ROUTES] = {
    "return_home_annual_probability_pct", "sgo_annual_probability_pct",
    "adoption_annual_probability_pct", "other_annual_probability_pct"};

#define RATE_ROUTE_MAX 100.0 /* events per child-year: a month's leaving is then certain */

static void parse_route(cc_group *e, bool required, int r, cc_placement *pl)
{
    const char *keys[3] = {rate_route_keys[r], probability_route_keys[r], cc_route_keys[r]};
    int given = 0, which = -1;
    for (int i = 0; i < 3; i++)
        if (cc_has(e, keys[i])) {
            given++;
            which = which < 0 ? i : which;
        }
    pl->exit_is_rate[r] = which == 0;
    if (given > 1) {
        cc_report(e, NULL, keys[which], "give this route once: %s (events per child-year) or %s "
                                        "(a probability, %%), not both",
                  keys[0], keys[1]);
        return;
    }
    if (given == 0) {
        if (required)
            cc_report(e, NULL, NULL, "needs %s (events per child-year) or %s (a probability, "
                                     "%%); 0 for a route that does not apply",
                      keys[0], keys[1]);
        return;
    }
    if (which == 0)
        cc_get_param(e, keys[0], 0.0, RATE_ROUTE_MAX, CC_PARAM_RATE, true, 0.0,
                     &pl->exit_annual_pct[r]);
    else
        cc_get_param(e, keys[which], 0.0, 100.0, CC_PARAM_PCT, true, 0.0, &pl->exit_annual_pct[r]);
}

void cc_parse_exits(cc_group *p, cc_placement *pl)
{
    cc_group e;
    bool present = cc_group_open(p, "exits", true, &e);
    for (int r = 0; r < CC_EXIT_ROUTES; r++)
        parse_route(&e, present, r, pl);
    cc_group_close(&e);
}

/* ---- moves ---- */

/* The age bands a move applies to (all of them when `bands` is absent). */
static void parse_move_bands(cc_group *v, const cc_scenario *sc, cc_move *mv)
{
    char names[CC_MAX_BANDS][CC_NAME_MAX];
    size_t n = 0;
    mv->bands = (1u << sc->n_bands) - 1u;
    if (!cc_get_names(v, "bands", CC_MAX_BANDS, false, names, &n))
        return;
    const char *candidates[CC_MAX_BANDS];
    for (size_t b = 0; b < sc->n_bands; b++)
        candidates[b] = sc->bands[b].name;
    mv->bands = 0;
    for (size_t i = 0; i < n; i++) {
        const int b = cc_scenario_band_index(sc, names[i]);
        if (b < 0)
            cc_report_unknown(v, NULL, "bands", "age band", names[i], candidates, sc->n_bands);
        else
            mv->bands |= 1u << b;
    }
}

static void parse_move(cc_group *v, cc_scenario *sc, cc_move *mv)
{
    char text[CC_NAME_MAX];
    mv->from = mv->to = -1;
    if (cc_get_string(v, "from", true, "", text, sizeof text))
        mv->from = cc_placement_ref(v, "from", text, sc);
    if (cc_get_string(v, "to", true, "", text, sizeof text))
        mv->to = cc_placement_ref(v, "to", text, sc);
    if (mv->from >= 0 && mv->from == mv->to)
        cc_report(v, NULL, "to", "a move must go to a different placement type");
    cc_get_param(v, "annual_pct", 0.0, 100.0, CC_PARAM_PCT, true, 0.0, &mv->annual_pct);
    mv->when_full = CC_WHEN_FULL_STAY;
    if (cc_get_string(v, "when_full", false, "stay", text, sizeof text)) {
        if (strcmp(text, "overflow") == 0)
            mv->when_full = CC_WHEN_FULL_OVERFLOW;
        else if (strcmp(text, "stay") != 0)
            cc_report(v, NULL, "when_full", "expected \"stay\" or \"overflow\", got \"%s\"", text);
    }
    parse_move_bands(v, sc, mv);
}

void cc_parse_moves(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "moves", false, &g))
        return;
    g.accepts_any_key = true;
    unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_MOVES) {
        cc_report(&g, NULL, NULL, "at most %d moves, got %u", CC_MAX_MOVES, n);
        return;
    }
    for (unsigned int i = 0; i < n; i++) {
        cc_group v;
        if (!cc_group_open_child(&g, i, &v))
            continue;
        cc_move *mv = &sc->moves[sc->n_moves++];
        snprintf(mv->name, sizeof mv->name, "%s", cc_group_child_name(&g, i));
        parse_move(&v, sc, mv);
        cc_group_close(&v);
    }
}

/* ---- entries ---- */

/* Weights by calendar month, normalised to mean 1: weights, not rates. */
static void parse_monthly_pattern(cc_group *g, cc_entries *e)
{
    for (int k = 0; k < 12; k++)
        e->monthly_pattern[k] = 1.0;
    size_t n = 0;
    if (!cc_get_floats(g, "monthly_pattern", 12, 12, 0.0, 12.0, false, e->monthly_pattern, &n) ||
        n != 12)
        return;
    double sum = 0.0;
    for (int k = 0; k < 12; k++)
        sum += e->monthly_pattern[k];
    if (sum <= 0.0)
        cc_report(g, NULL, "monthly_pattern", "needs at least one positive weight");
    else
        for (int k = 0; k < 12; k++)
            e->monthly_pattern[k] *= 12.0 / sum;
}

/* annual_children, or per_10k_annual_rate converted to children per year. */
static void parse_entry_count(cc_group *g, cc_scenario *sc, cc_entries *e)
{
    bool has_count = cc_has(g, "annual_children"), has_rate = cc_has(g, "per_10k_annual_rate");
    if (has_count == has_rate)
        cc_report(g, NULL, NULL, "give exactly one of annual_children and per_10k_annual_rate");
    if (has_rate) {
        const bool ok = cc_get_param(g, "per_10k_annual_rate", 0.0, 10000.0, CC_PARAM_RATE,
                                     true, 0.0, &e->annual_children);
        /* Convert to children per year once: the engine sees one unit, and
         * the converted count has the same bound as annual_children. */
        const double per_child = sc->child_population / 10000.0;
        e->annual_children.mean *= per_child;
        e->annual_children.sd *= per_child;
        if (ok && e->annual_children.mean > CC_RATE_MAX)
            cc_report(g, NULL, "per_10k_annual_rate",
                      "gives %.10g children a year for a child_population of %.10g "
                      "(at most %.10g)",
                      e->annual_children.mean, sc->child_population, CC_RATE_MAX);
    } else {
        cc_get_param(g, "annual_children", 0.0, CC_RATE_MAX, CC_PARAM_RATE, has_count, 0.0,
                     &e->annual_children);
        cc_assume(sc, g, "annual_children", "Entries to care not linked to CP plans",
                  e->annual_children.mean, CC_UNIT_PER_YEAR);
    }
}

void cc_parse_entries(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    cc_entries *e = &sc->entries;
    if (!cc_group_open(m, "entries", true, &g))
        return;
    parse_entry_count(&g, sc, e);
    cc_get_float(&g, "annual_trend_pct", -50.0, 100.0, false, 0.0, &e->annual_trend_pct);
    parse_monthly_pattern(&g, e);
    size_t n = 0;
    if (cc_get_floats(&g, "age_shares", sc->n_bands, sc->n_bands, 0.0, 1.0, true, e->age_shares,
                      &n))
        cc_check_shares(&g, "age_shares", e->age_shares, n);

    cc_group fp;
    if (cc_group_open(&g, "first_placement", true, &fp)) {
        for (size_t b = 0; b < sc->n_bands; b++)
            cc_placement_shares(&fp, sc->bands[b].name, true, sc, e->first_placement[b]);
        cc_group_close(&fp);
    }
    cc_group_close(&g);
}
