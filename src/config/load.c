/* The scenario loader: reads a libconfig file (with @include), applies
 * --set overrides, then walks the tree section by section into a plain
 * cc_scenario, collecting every problem rather than stopping at the first. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carecast/config.h"
#include "carecast/rates.h"
#include "config/config_internal.h"

#define SHARE_TOLERANCE 1e-6
#define MONEY_MAX 1e12  /* pounds: far above any children's services budget */
#define COUNT_MAX 1000000
#define RATE_MAX 1e7    /* children per year */

static const char *const route_keys[CC_EXIT_ROUTES] = {
    "return_home_annual_pct", "sgo_annual_pct", "adoption_annual_pct", "other_annual_pct"};

/* ---- key assumptions, with the comment that cites their source ---- */

/* The comment after '#' (outside strings) on line n of file, trimmed. */
static void line_comment(const char *file, int n, char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen(file, "r");
    if (f == NULL)
        return;
    char line[4096];
    for (int i = 1; fgets(line, sizeof line, f) != NULL; i++) {
        if (i != n)
            continue;
        bool in_string = false;
        for (char *c = line; *c != '\0'; c++) {
            if (*c == '"')
                in_string = !in_string;
            if (*c == '#' && !in_string) {
                char *text = c + 1;
                while (*text == ' ' || *text == '#')
                    text++;
                text[strcspn(text, "\r\n")] = '\0';
                snprintf(out, size, "%s", text);
                break;
            }
        }
        break;
    }
    fclose(f);
}

/* Records key of group g as a key assumption for reports (when it is set). */
static void assume(cc_scenario *sc, const cc_group *g, const char *key, const char *label,
                   double value, cc_unit unit)
{
    const config_setting_t *s =
        g->setting != NULL ? config_setting_get_member(g->setting, key) : NULL;
    if (s == NULL || sc->n_assumptions >= CC_MAX_ASSUMPTIONS)
        return;
    cc_assumption *a = &sc->assumptions[sc->n_assumptions++];
    snprintf(a->label, sizeof a->label, "%s", label);
    a->value = value;
    a->unit = unit;
    char file[CC_PATH_MAX];
    const char *raw = config_setting_source_file(s);
    const int line = (int)config_setting_source_line(s);
    if (raw == NULL) {
        snprintf(a->source, sizeof a->source, "--set");
        return;
    }
    cc_resolve_path(g->ps, raw, file, sizeof file);
    line_comment(file, line, a->source, sizeof a->source);
    if (a->source[0] == '\0')
        snprintf(a->source, sizeof a->source, "%.120s:%d", file, line);
}

/* ---- shared checks ---- */

static void check_shares(cc_group *g, const char *key, const double *shares, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += shares[i];
    if (fabs(sum - 1.0) > SHARE_TOLERANCE)
        cc_report(g, config_setting_get_member(g->setting, key), key,
                  "shares must sum to 1 (they sum to %.9g)", sum);
}

/* Resolves a placement type name; reports unknown names with a suggestion. */
static int placement_ref(cc_group *g, const char *key, const char *name, const cc_scenario *sc)
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

/* Shares over placement types given as a group { type = share; ... }. */
static void placement_shares(cc_group *parent, const char *key, bool required,
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
        int p = placement_ref(&g, name, name, sc);
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
    if (all_known && fabs(sum - 1.0) > SHARE_TOLERANCE)
        cc_report(&g, NULL, NULL, "shares must sum to 1 (they sum to %.9g)", sum);
}

/* ---- model sections ---- */

static void parse_bands(cc_group *m, cc_scenario *sc)
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
        bool ok = cc_get_int(&b, "min_age_years", 0, 17, true, 0, &band->min_age_years);
        ok &= cc_get_int(&b, "max_age_years", 0, 17, true, 0, &band->max_age_years);
        cc_get_float(&b, "exit_rate_multiplier", 0.0, 100.0, false, 1.0,
                     &band->exit_rate_multiplier);
        if (ok && band->min_age_years != expected_min)
            cc_report(&b, NULL, "min_age_years",
                      "bands must be contiguous from age 0: expected %d, got %d", expected_min,
                      band->min_age_years);
        if (ok && band->max_age_years < band->min_age_years)
            cc_report(&b, NULL, "max_age_years", "must not be below min_age_years");
        if (ok && i + 1 == n && band->max_age_years != 17)
            cc_report(&b, NULL, "max_age_years", "the last band must end at age 17, got %d",
                      band->max_age_years);
        expected_min = band->max_age_years + 1;
        cc_group_close(&b);
    }
}

static void parse_exits(cc_group *p, cc_placement *pl)
{
    cc_group e;
    bool present = cc_group_open(p, "exits", true, &e);
    for (int r = 0; r < CC_EXIT_ROUTES; r++)
        cc_get_param(&e, route_keys[r], 0.0, 100.0, CC_PARAM_PCT, present, 0.0, &pl->exit_annual_pct[r]);
    cc_group_close(&e);
}

static void parse_placement(cc_group *p, cc_scenario *sc, cc_placement *pl)
{
    cc_get_string(p, "label", false, pl->name, pl->label, sizeof pl->label);
    cc_get_int(p, "start_children", 0, COUNT_MAX, true, 0, &pl->start_children);
    size_t n = 0;
    if (cc_get_floats(p, "start_age_shares", sc->n_bands, sc->n_bands, 0.0, 1.0, true,
                      pl->start_age_shares, &n))
        check_shares(p, "start_age_shares", pl->start_age_shares, n);
    parse_exits(p, pl);
    cc_get_param(p, "weekly_cost_gbp", 0.0, 1e6, CC_PARAM_RATE, false, 0.0, &pl->weekly_cost_gbp);
    char label[CC_TEXT_MAX];
    snprintf(label, sizeof label, "Unit cost: %.140s", pl->label);
    assume(sc, p, "weekly_cost_gbp", label, pl->weekly_cost_gbp.mean, CC_UNIT_GBP_WEEK);
    cc_get_param(p, "annual_price_inflation_pct", -50.0, 100.0, CC_PARAM_NORMAL, false, 0.0,
                 &pl->annual_price_inflation_pct);

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
    cc_get_int(p, "beds", 0, COUNT_MAX, pl->capacity == CC_CAPACITY_BEDS, 0, &pl->beds);
    if (cc_has(p, "beds") && pl->capacity != CC_CAPACITY_BEDS)
        cc_report(p, NULL, "beds", "only applies with capacity = \"beds\"");
    const bool capped = pl->capacity != CC_CAPACITY_NONE;
    if (cc_get_string(p, "overflow_to", capped, "", text, sizeof text) && (capped || text[0])) {
        pl->overflow_to = placement_ref(p, "overflow_to", text, sc);
        if (pl->overflow_to >= 0 && sc->placements[pl->overflow_to].capacity != CC_CAPACITY_NONE)
            cc_report(p, NULL, "overflow_to", "must name a placement type without a capacity limit");
    }
}

static void parse_placements(cc_group *m, cc_scenario *sc)
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

static void parse_moves(cc_group *m, cc_scenario *sc)
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
        char text[CC_NAME_MAX];
        snprintf(mv->name, sizeof mv->name, "%s", cc_group_child_name(&g, i));
        mv->from = mv->to = -1;
        if (cc_get_string(&v, "from", true, "", text, sizeof text))
            mv->from = placement_ref(&v, "from", text, sc);
        if (cc_get_string(&v, "to", true, "", text, sizeof text))
            mv->to = placement_ref(&v, "to", text, sc);
        if (mv->from >= 0 && mv->from == mv->to)
            cc_report(&v, NULL, "to", "a move must go to a different placement type");
        cc_get_param(&v, "annual_pct", 0.0, 100.0, CC_PARAM_PCT, true, 0.0, &mv->annual_pct);
        mv->when_full = CC_WHEN_FULL_STAY;
        if (cc_get_string(&v, "when_full", false, "stay", text, sizeof text)) {
            if (strcmp(text, "overflow") == 0)
                mv->when_full = CC_WHEN_FULL_OVERFLOW;
            else if (strcmp(text, "stay") != 0)
                cc_report(&v, NULL, "when_full", "expected \"stay\" or \"overflow\", got \"%s\"",
                          text);
        }
        cc_group_close(&v);
    }
}

static void parse_entries(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    cc_entries *e = &sc->entries;
    if (!cc_group_open(m, "entries", true, &g))
        return;
    bool has_count = cc_has(&g, "annual_children"), has_rate = cc_has(&g, "per_10k_annual_rate");
    if (has_count == has_rate)
        cc_report(&g, NULL, NULL,
                  "give exactly one of annual_children and per_10k_annual_rate");
    if (has_rate) {
        cc_get_param(&g, "per_10k_annual_rate", 0.0, 10000.0, CC_PARAM_RATE, true, 0.0,
                     &e->annual_children);
        /* Convert to children per year once: the engine sees one unit. */
        const double per_child = sc->child_population / 10000.0;
        e->annual_children.mean *= per_child;
        e->annual_children.sd *= per_child;
    } else {
        cc_get_param(&g, "annual_children", 0.0, RATE_MAX, CC_PARAM_RATE, has_count, 0.0,
                     &e->annual_children);
        assume(sc, &g, "annual_children", "Entries to care not linked to CP plans",
               e->annual_children.mean, CC_UNIT_PER_YEAR);
    }
    cc_get_float(&g, "annual_trend_pct", -50.0, 100.0, false, 0.0, &e->annual_trend_pct);
    for (int k = 0; k < 12; k++)
        e->monthly_pattern[k] = 1.0;
    size_t n = 0;
    if (cc_get_floats(&g, "monthly_pattern", 12, 12, 0.0, 12.0, false, e->monthly_pattern, &n) &&
        n == 12) {
        double sum = 0.0;
        for (int k = 0; k < 12; k++)
            sum += e->monthly_pattern[k];
        if (sum <= 0.0)
            cc_report(&g, NULL, "monthly_pattern", "needs at least one positive weight");
        else
            for (int k = 0; k < 12; k++) /* normalise to mean 1: weights, not rates */
                e->monthly_pattern[k] *= 12.0 / sum;
    }
    if (cc_get_floats(&g, "age_shares", sc->n_bands, sc->n_bands, 0.0, 1.0, true, e->age_shares,
                      &n))
        check_shares(&g, "age_shares", e->age_shares, n);

    cc_group fp;
    if (cc_group_open(&g, "first_placement", true, &fp)) {
        for (size_t b = 0; b < sc->n_bands; b++)
            placement_shares(&fp, sc->bands[b].name, true, sc, e->first_placement[b]);
        cc_group_close(&fp);
    }
    cc_group_close(&g);
}

static void parse_plan(cc_group *m, cc_scenario *sc, const char *key, bool is_cp,
                       cc_plan_stock *plan)
{
    cc_group g;
    const char *name = is_cp ? "CP" : "CIN";
    char label[CC_TEXT_MAX];
    bool present = cc_group_open(m, key, true, &g);
    cc_get_int(&g, "start_children", 0, COUNT_MAX, present, 0, &plan->start_children);
    cc_get_param(&g, "annual_starts", 0.0, RATE_MAX, CC_PARAM_RATE, present, 0.0, &plan->annual_starts);
    snprintf(label, sizeof label, "%s plans starting", name);
    assume(sc, &g, "annual_starts", label, plan->annual_starts.mean, CC_UNIT_PER_YEAR);
    cc_get_param(&g, "average_duration_months", 1.0, 600.0, CC_PARAM_RATE, present, 12.0,
                 &plan->average_duration_months);
    snprintf(label, sizeof label, "%s plan length", name);
    assume(sc, &g, "average_duration_months", label, plan->average_duration_months.mean,
           CC_UNIT_MONTHS);
    plan->to_care_share.mean = 0.0;
    if (is_cp) {
        cc_get_param(&g, "to_care_share", 0.0, 1.0, CC_PARAM_RATE, false, 0.0, &plan->to_care_share);
        assume(sc, &g, "to_care_share", "Ending CP plans that lead to care",
               plan->to_care_share.mean, CC_UNIT_SHARE);
    }
    cc_group_close(&g);
}

static void parse_care_leavers(cc_group *m, cc_care_leavers *cl)
{
    cc_group g;
    bool present = cc_group_open(m, "care_leavers", true, &g);
    cc_get_int(&g, "start_young_people", 0, COUNT_MAX, present, 0, &cl->start_young_people);
    cc_get_float(&g, "share_supported_to_25", 0.0, 1.0, false, 0.0, &cl->share_supported_to_25);
    cc_get_float(&g, "accommodation_share", 0.0, 1.0, false, 0.0, &cl->accommodation_share);
    cc_get_float(&g, "accommodation_weekly_cost_gbp", 0.0, 1e5, false, 0.0,
                 &cl->accommodation_weekly_cost_gbp);
    cc_get_float(&g, "support_annual_cost_gbp", 0.0, 1e6, false, 0.0,
                 &cl->support_annual_cost_gbp);
    cc_group_close(&g);
}

static void parse_carers(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    cc_carers *c = &sc->carers;
    bool needed = false;
    for (size_t i = 0; i < sc->n_placements; i++)
        needed |= sc->placements[i].capacity == CC_CAPACITY_CARERS;
    bool present = cc_group_open(m, "foster_carers", needed, &g);
    cc_get_int(&g, "households", 0, COUNT_MAX, present, 0, &c->households);
    assume(sc, &g, "households", "In-house foster carer households at start",
           (double)c->households, CC_UNIT_COUNT);
    cc_get_float(&g, "over_60_share", 0.0, 1.0, false, 0.0, &c->over_60_share);
    cc_get_float(&g, "places_per_household", 0.0, 10.0, present, 1.0, &c->places_per_household);
    cc_get_param(&g, "annual_approvals", 0.0, 10000.0, CC_PARAM_RATE, false, 0.0, &c->annual_approvals);
    assume(sc, &g, "annual_approvals", "Foster carer approvals (households)",
           c->annual_approvals.mean, CC_UNIT_PER_YEAR);
    cc_get_param(&g, "annual_deregistration_pct", 0.0, 100.0, CC_PARAM_PCT, false, 0.0,
                 &c->annual_deregistration_pct);
    cc_get_param(&g, "over_60_annual_deregistration_pct", 0.0, 100.0, CC_PARAM_PCT, false,
                 c->annual_deregistration_pct.mean, &c->over_60_annual_deregistration_pct);
    cc_get_float(&g, "connected_children_per_household", 0.1, 10.0, false, 1.0,
                 &c->connected_children_per_household);
    char text[CC_NAME_MAX];
    c->connected_placement = -1;
    if (cc_get_string(&g, "connected_placement", false, "", text, sizeof text) && text[0] != '\0')
        c->connected_placement = placement_ref(&g, "connected_placement", text, sc);
    cc_group_close(&g);
}

static void parse_uasc(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    cc_uasc *u = &sc->uasc;
    if (!cc_group_open(m, "uasc", false, &g))
        return;
    cc_get_param(&g, "annual_children", 0.0, RATE_MAX, CC_PARAM_RATE, true, 0.0, &u->annual_children);
    size_t n = 0;
    if (cc_get_floats(&g, "age_shares", sc->n_bands, sc->n_bands, 0.0, 1.0, true, u->age_shares,
                      &n))
        check_shares(&g, "age_shares", u->age_shares, n);
    placement_shares(&g, "first_placement", true, sc, u->first_placement);
    cc_get_float(&g, "grant_weekly_gbp", 0.0, 1e5, false, 0.0, &u->grant_weekly_gbp);
    cc_group_close(&g);
}

static unsigned case_bits(cc_group *t, char (*names)[CC_NAME_MAX], size_t n)
{
    static const struct {
        const char *name;
        unsigned bit;
    } kinds[] = {{"cin", CC_CASES_CIN},
                 {"cp", CC_CASES_CP},
                 {"cic", CC_CASES_CIC},
                 {"care_leavers", CC_CASES_CARE_LEAVERS},
                 {"carer_households", CC_CASES_CARER_HOUSEHOLDS},
                 {"connected_households", CC_CASES_CONNECTED_HOUSEHOLDS},
                 {"carer_assessments", CC_CASES_CARER_ASSESSMENTS}};
    const size_t n_kinds = sizeof kinds / sizeof kinds[0];
    const char *kind_names[sizeof kinds / sizeof kinds[0]];
    unsigned bits = 0;
    for (size_t k = 0; k < n_kinds; k++)
        kind_names[k] = kinds[k].name;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < n_kinds && strcmp(kinds[k].name, names[i]) != 0)
            k++;
        if (k < n_kinds) {
            bits |= kinds[k].bit;
            continue;
        }
        cc_report_unknown(t, NULL, "cases", "case kind", names[i], kind_names, n_kinds);
    }
    return bits;
}

static void parse_workforce(cc_group *m, cc_scenario *sc)
{
    cc_workforce *w = &sc->workforce;
    cc_group g;
    bool present = cc_group_open(m, "workforce", false, &g);
    cc_get_float(&g, "asye_share", 0.0, 1.0, false, 0.0, &w->asye_share);
    cc_get_float(&g, "asye_caseload_reduction", 0.0, 0.99, false, 0.0,
                 &w->asye_caseload_reduction);
    assume(sc, &g, "asye_caseload_reduction", "ASYE caseload reduction",
           w->asye_caseload_reduction, CC_UNIT_SHARE);
    size_t n = 0;
    w->has_asye_ramp = cc_get_floats(&g, "asye_quarter_caseload_factors", 4, 4, 0.01, 1.0, false,
                                     w->asye_quarter_caseload_factors, &n) &&
                       n == 4;
    if (w->has_asye_ramp && cc_has(&g, "asye_caseload_reduction"))
        cc_report(&g, NULL, "asye_quarter_caseload_factors",
                  "give either asye_caseload_reduction or quarterly factors, not both");
    cc_get_float(&g, "annual_turnover_pct", 0.0, 100.0, false, 0.0, &w->annual_turnover_pct);
    cc_get_float(&g, "annual_recruitment_fte", 0.0, 1e4, false, 0.0, &w->annual_recruitment_fte);
    cc_get_float(&g, "asye_intake_fte", 0.0, 1e4, false, 0.0, &w->asye_intake_fte);
    cc_get_int(&g, "asye_intake_month", 1, 12, false, 9, &w->asye_intake_month);
    cc_get_float(&g, "assessment_months", 0.1, 36.0, false, 6.0, &w->assessment_months);
    cc_get_float(&g, "permanent_annual_cost_gbp", 0.0, 1e6, false, 0.0,
                 &w->permanent_annual_cost_gbp);
    cc_get_float(&g, "asye_annual_cost_gbp", 0.0, 1e6, false, 0.0, &w->asye_annual_cost_gbp);
    cc_get_float(&g, "agency_annual_cost_gbp", 0.0, 1e6, false, 0.0, &w->agency_annual_cost_gbp);
    assume(sc, &g, "agency_annual_cost_gbp", "Agency social worker cost",
           w->agency_annual_cost_gbp, CC_UNIT_GBP_YEAR);
    cc_get_float(&g, "overhead_ratio", 0.0, 10.0, false, 0.0, &w->overhead_ratio);

    cc_group teams;
    if (present && cc_group_open(&g, "teams", true, &teams)) {
        teams.accepts_any_key = true;
        unsigned int nt = cc_group_length(&teams);
        if (nt > CC_MAX_TEAMS)
            cc_report(&teams, NULL, NULL, "at most %d teams, got %u", CC_MAX_TEAMS, nt);
        for (unsigned int i = 0; i < nt && i < CC_MAX_TEAMS; i++) {
            cc_group t;
            if (!cc_group_open_child(&teams, i, &t))
                continue;
            cc_team *team = &w->teams[w->n_teams++];
            snprintf(team->name, sizeof team->name, "%s", cc_group_child_name(&teams, i));
            char names[8][CC_NAME_MAX];
            size_t n_names = 0;
            if (cc_get_names(&t, "cases", 8, true, names, &n_names))
                team->cases = case_bits(&t, names, n_names);
            cc_get_float(&t, "cases_per_fte", 0.1, 1000.0, true, 1.0, &team->cases_per_fte);
            char label[CC_TEXT_MAX];
            snprintf(label, sizeof label, "Caseload: %s", team->name);
            assume(sc, &t, "cases_per_fte", label, team->cases_per_fte, CC_UNIT_CASES);
            cc_get_bool(&t, "asye_applies", false, false, &team->asye_applies);
            cc_get_float(&t, "establishment_fte", 0.0, 1e5, false, 0.0, &team->establishment_fte);
            cc_get_float(&t, "permanent_fte", 0.0, 1e5, false, 0.0, &team->permanent_fte);
            cc_group_close(&t);
        }
    }
    cc_group_close(&g);
}

/* An array of pounds by financial year; returns its length (0 on error). */
static size_t money_by_year(cc_group *g, const char *key, bool required, double *out)
{
    size_t n = 0;
    if (!cc_get_floats(g, key, 1, CC_MAX_YEARS, 0.0, MONEY_MAX, required, out, &n))
        return 0;
    return n;
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
            char names[CC_MAX_PLACEMENTS + 4][CC_NAME_MAX];
            size_t n_names = 0;
            if (cc_get_names(&l, "covers", CC_MAX_PLACEMENTS + 4, true, names, &n_names)) {
                for (size_t k = 0; k < n_names; k++) {
                    uint32_t bit = 0;
                    if (strcmp(names[k], "care_leavers") == 0)
                        bit = CC_COVERS_CARE_LEAVERS;
                    else if (strcmp(names[k], "staff") == 0)
                        bit = CC_COVERS_STAFF;
                    else if (strcmp(names[k], "overheads") == 0)
                        bit = CC_COVERS_OVERHEADS;
                    else if (strcmp(names[k], "initiatives") == 0)
                        bit = CC_COVERS_INITIATIVES;
                    else {
                        int p = placement_ref(&l, "covers", names[k], sc);
                        bit = p >= 0 ? 1u << p : 0;
                    }
                    /* A cost on two lines would be counted twice in the total. */
                    if (bit & covered)
                        cc_report(&l, NULL, "covers", "'%s' is already covered by another line",
                                  names[k]);
                    covered |= bit;
                    line->covers |= bit;
                }
            }
            size_t years = money_by_year(&l, "annual_gbp", true, line->annual_gbp);
            if (years > 0 && fin->n_budget_years == 0)
                fin->n_budget_years = years;
            else if (years > 0 && years != fin->n_budget_years)
                cc_report(&l, NULL, "annual_gbp",
                          "every budget line needs the same number of years (%zu), got %zu",
                          fin->n_budget_years, years);
            cc_group_close(&l);
        }
    }
    cc_group_close(&g);
}

static void parse_finance(cc_group *m, cc_scenario *sc)
{
    cc_finance *fin = &sc->finance;
    cc_group f, g;
    if (!cc_group_open(m, "finance", false, &f))
        return;
    cc_get_float(&f, "fixed_overheads_annual_gbp", 0.0, MONEY_MAX, false, 0.0,
                 &fin->fixed_overheads_annual_gbp);
    cc_get_float(&f, "price_inflation_correlation", 0.0, 1.0, false, 0.0,
                 &fin->price_inflation_correlation);
    parse_budgets(&f, sc);
    if (cc_group_open(&f, "funding", false, &g)) {
        cc_get_fin_year(&g, "first_year", true, &fin->funding_first_year);
        size_t n = money_by_year(&g, "contract_sum_gbp", true, fin->contract_sum_gbp);
        assume(sc, &g, "contract_sum_gbp", "Contract sum (first year)",
               fin->contract_sum_gbp[0], CC_UNIT_GBP_YEAR);
        fin->n_funding_years = n;
        const char *others[] = {"partner_contributions_gbp", "one_off_gbp"};
        double *arrays[] = {fin->partner_contributions_gbp, fin->one_off_gbp};
        for (int k = 0; k < 2; k++) {
            size_t nk = money_by_year(&g, others[k], false, arrays[k]);
            if (nk != 0 && n != 0 && nk != n)
                cc_report(&g, NULL, others[k], "needs %zu years like contract_sum_gbp, got %zu",
                          n, nk);
        }
        cc_group_close(&g);
    }
    if (cc_group_open(&f, "mtfp", false, &g)) {
        cc_get_fin_year(&g, "contract_year_1", true, &fin->contract_year_1);
        fin->n_mtfp_years = money_by_year(&g, "targets_gbp", true, fin->mtfp_targets_gbp);
        cc_group_close(&g);
    }
    cc_group_close(&f);
}

/* Every state's monthly leaving probabilities (exit routes, ageing, moves)
 * must sum to at most 1, or the month would move more children than exist. */
static void check_leaving(cc_group *m, const cc_scenario *sc)
{
    for (size_t b = 0; b < sc->n_bands; b++)
        if (sc->bands[b].max_age_years < sc->bands[b].min_age_years)
            return; /* already reported; band widths are meaningless */
    const config_setting_t *placements =
        m->setting != NULL ? config_setting_get_member(m->setting, "placements") : NULL;
    for (size_t p = 0; p < sc->n_placements; p++) {
        const cc_placement *pl = &sc->placements[p];
        double moves = 0.0;
        for (size_t k = 0; k < sc->n_moves; k++)
            if (sc->moves[k].from == (int)p)
                moves += cc_monthly_probability(sc->moves[k].annual_pct.mean);
        for (size_t b = 0; b < sc->n_bands; b++) {
            const cc_age_band *band = &sc->bands[b];
            double total = moves + 1.0 / (12.0 * (band->max_age_years - band->min_age_years + 1));
            for (int r = 0; r < CC_EXIT_ROUTES; r++)
                total += band->exit_rate_multiplier *
                         cc_monthly_probability(pl->exit_annual_pct[r].mean);
            if (total > 1.0 + 1e-12) {
                char key[2 * CC_NAME_MAX + 16];
                snprintf(key, sizeof key, "placements.%s.exits", pl->name);
                const config_setting_t *type =
                    placements != NULL ? config_setting_get_member(placements, pl->name) : NULL;
                const config_setting_t *exits =
                    type != NULL ? config_setting_get_member(type, "exits") : NULL;
                cc_report(m, exits, key,
                          "monthly probabilities of leaving %s at %s (exits, ageing, moves) "
                          "sum to %.4f, above 1",
                          pl->name, band->name, total);
            }
        }
    }
}

/* Actual month-end counts of children in care, drawn on the fan chart. */
static void parse_history(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "history", false, &g))
        return;
    char months[CC_MAX_HISTORY][CC_NAME_MAX];
    size_t n_months = 0, n_values = 0;
    bool ok = cc_get_names(&g, "months", CC_MAX_HISTORY, true, months, &n_months);
    ok &= cc_get_floats(&g, "cic_total", 1, CC_MAX_HISTORY, 0.0, COUNT_MAX, true, sc->history_cic,
                        &n_values);
    if (ok && n_months != n_values)
        cc_report(&g, NULL, "cic_total", "needs one value per month (%zu), got %zu", n_months,
                  n_values);
    for (size_t i = 0; ok && i < n_months; i++) {
        int year = 0, month = 0, used = 0;
        if (sscanf(months[i], "%4d-%2d%n", &year, &month, &used) != 2 ||
            used != (int)strlen(months[i]) || strlen(months[i]) != 7 || month < 1 || month > 12) {
            cc_report(&g, NULL, "months", "expected months as \"YYYY-MM\", got \"%s\"",
                      months[i]);
            ok = false;
        }
        snprintf(sc->history_month[i], sizeof sc->history_month[i], "%.7s", months[i]);
    }
    if (ok && n_months == n_values)
        sc->n_history = n_months;
    cc_group_close(&g);
}

/* The parameters `carecast sensitivity` swings by default, with their ranges.
 * Their keys are checked when the analysis applies them, like --set. */
static void parse_sensitivity(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "sensitivity", false, &g))
        return;
    g.accepts_any_key = true;
    unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_SENSITIVITY)
        cc_report(&g, NULL, NULL, "at most %d parameters, got %u", CC_MAX_SENSITIVITY, n);
    for (unsigned int i = 0; i < n && i < CC_MAX_SENSITIVITY; i++) {
        cc_group v;
        if (!cc_group_open_child(&g, i, &v))
            continue;
        cc_sensitivity_param *sp = &sc->sensitivity[sc->n_sensitivity++];
        snprintf(sp->name, sizeof sp->name, "%s", cc_group_child_name(&g, i));
        cc_get_string(&v, "label", false, sp->name, sp->label, sizeof sp->label);
        cc_get_string(&v, "key", true, "", sp->key_path, sizeof sp->key_path);
        const bool ok = cc_get_float(&v, "low", -1e12, 1e12, true, 0.0, &sp->low) &
                        cc_get_float(&v, "high", -1e12, 1e12, true, 0.0, &sp->high);
        if (ok && !(sp->low < sp->high))
            cc_report(&v, NULL, "high", "must be above low");
        cc_group_close(&v);
    }
}

static void parse_model(cc_group *root, cc_scenario *sc)
{
    cc_group m;
    if (!cc_group_open(root, "model", true, &m))
        return;
    cc_get_string(&m, "name", true, "", sc->model_name, sizeof sc->model_name);
    int day = 1;
    if (cc_get_date(&m, "start_date", true, &sc->start_year, &sc->start_month, &day) && day != 1)
        cc_report(&m, NULL, "start_date", "must be the first day of a month (monthly steps)");
    cc_get_float(&m, "child_population", 1.0, 1e8, true, 1.0, &sc->child_population);
    assume(sc, &m, "child_population", "Children aged 0-17", sc->child_population,
           CC_UNIT_COUNT);
    parse_bands(&m, sc);
    if (sc->n_bands > 0)
        parse_placements(&m, sc);
    parse_moves(&m, sc);
    if (sc->n_bands > 0 && sc->n_placements > 0) {
        parse_entries(&m, sc);
        parse_uasc(&m, sc);
        check_leaving(&m, sc);
    }
    parse_plan(&m, sc, "cin", false, &sc->cin);
    parse_plan(&m, sc, "cp", true, &sc->cp);
    parse_care_leavers(&m, &sc->care_leavers);
    parse_carers(&m, sc);
    parse_workforce(&m, sc);
    parse_finance(&m, sc);
    parse_history(&m, sc);
    parse_sensitivity(&m, sc);
    cc_group_close(&m);
}

/* ---- run settings and levers ---- */

static void parse_run(cc_group *root, cc_run_settings *run)
{
    static const double default_pct[] = {5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0};
    cc_group g;
    cc_group_open(root, "run", false, &g); /* a model file alone validates with defaults */
    cc_get_string(&g, "name", false, "Unnamed scenario", run->name, sizeof run->name);
    cc_get_int(&g, "paths", 1, CC_PATHS_MAX, false, 1000, &run->paths);
    int seed = 1;
    cc_get_int(&g, "seed", 0, 2147483647, false, 1, &seed);
    run->seed = (unsigned long)seed;
    cc_get_int(&g, "horizon_months", 1, CC_HORIZON_MAX_MONTHS, false, 60, &run->horizon_months);
    cc_get_int(&g, "threads", 0, CC_THREADS_MAX, false, 0, &run->threads);
    cc_get_bool(&g, "parameter_uncertainty", false, true, &run->parameter_uncertainty);
    run->n_percentiles = sizeof default_pct / sizeof default_pct[0];
    memcpy(run->percentiles, default_pct, sizeof default_pct);
    size_t n = 0;
    if (cc_get_floats(&g, "percentiles", 1, CC_MAX_PERCENTILES, 0.0, 100.0, false,
                      run->percentiles, &n) &&
        n > 0) {
        run->n_percentiles = n;
        for (size_t i = 1; i < n; i++)
            if (!(run->percentiles[i] > run->percentiles[i - 1])) {
                cc_report(&g, NULL, "percentiles", "must be strictly ascending");
                break;
            }
    }
    cc_get_string(&g, "output_dir", false, "results", run->output_dir, sizeof run->output_dir);
    cc_group rag;
    cc_group_open(&g, "rag", false, &rag);
    cc_get_float(&rag, "green_probability", 0.0, 1.0, false, 0.8, &run->rag_green_probability);
    cc_get_float(&rag, "amber_probability", 0.0, 1.0, false, 0.5, &run->rag_amber_probability);
    if (run->rag_amber_probability > run->rag_green_probability)
        cc_report(&rag, NULL, "amber_probability", "must not exceed green_probability");
    cc_group_close(&rag);
    cc_group_close(&g);
}

static void lever_seen(cc_levers *lv, cc_group *g, const char *key)
{
    if (cc_has(g, key) && lv->n_set < sizeof lv->set_names / sizeof lv->set_names[0])
        snprintf(lv->set_names[lv->n_set++], CC_NAME_MAX, "%s", key);
}

static void parse_levers(cc_group *root, cc_scenario *sc)
{
    cc_levers *lv = &sc->levers;
    cc_group g, prices;
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
    cc_get_int(&g, "extra_in_house_beds", 0, COUNT_MAX, false, 0, &lv->extra_in_house_beds);
    lever_seen(lv, &g, "price_change_pct");
    if (cc_group_open(&g, "price_change_pct", false, &prices)) {
        prices.accepts_any_key = true;
        unsigned int n = cc_group_length(&prices);
        for (unsigned int i = 0; i < n; i++) {
            const char *name = cc_group_child_name(&prices, i);
            int p = placement_ref(&prices, name, name, sc);
            double v = 0.0;
            if (cc_get_float(&prices, name, -100.0, 1000.0, true, 0.0, &v) && p >= 0)
                lv->price_change_pct[p] = v;
        }
    }
    if (lv->extra_in_house_beds > 0) {
        bool has_beds = false;
        for (size_t p = 0; p < sc->n_placements; p++)
            has_beds |= sc->placements[p].capacity == CC_CAPACITY_BEDS;
        if (!has_beds)
            cc_report(&g, NULL, "extra_in_house_beds",
                      "the model has no placement type with capacity = \"beds\"");
    }
    cc_group_close(&g);
}

/* ---- MTFP initiatives ---- */

static const struct {
    const char *name;
    cc_effect_kind kind;
    cc_param_kind size_kind;
    double size_max;
} effect_kinds[CC_EFFECT_KINDS] = {
    {"reduce_entries", CC_EFFECT_REDUCE_ENTRIES, CC_PARAM_PCT, 100.0},
    {"raise_exits", CC_EFFECT_RAISE_EXITS, CC_PARAM_PCT, 100.0},
    {"step_down", CC_EFFECT_STEP_DOWN, CC_PARAM_RATE, 10000.0},
    {"carer_approvals", CC_EFFECT_CARER_APPROVALS, CC_PARAM_RATE, 10000.0},
    {"open_beds", CC_EFFECT_OPEN_BEDS, CC_PARAM_RATE, 10000.0},
    {"price_cut", CC_EFFECT_PRICE_CUT, CC_PARAM_PCT, 100.0},
    {"agency_share", CC_EFFECT_AGENCY_SHARE, CC_PARAM_PCT, 100.0},
};

static int effect_index(cc_group *g, const char *text)
{
    const char *names[CC_EFFECT_KINDS];
    for (int k = 0; k < CC_EFFECT_KINDS; k++) {
        names[k] = effect_kinds[k].name;
        if (strcmp(text, names[k]) == 0)
            return k;
    }
    cc_report_unknown(g, NULL, "effect", "effect", text, names, CC_EFFECT_KINDS);
    return -1;
}

static void parse_initiative(cc_group *v, cc_scenario *sc, cc_initiative *in)
{
    char text[CC_NAME_MAX];
    cc_get_string(v, "label", false, in->name, in->label, sizeof in->label);
    int k = -1;
    if (cc_get_string(v, "effect", true, "", text, sizeof text))
        k = effect_index(v, text);
    in->kind = k >= 0 ? effect_kinds[k].kind : CC_EFFECT_REDUCE_ENTRIES;
    int year = 0, month = 0, day = 0;
    if (cc_get_date(v, "start_date", true, &year, &month, &day)) {
        in->start_month_index = (year - sc->start_year) * 12 + (month - sc->start_month);
        if (in->start_month_index < 0)
            cc_report(v, NULL, "start_date", "is before the model's start date");
    }
    cc_get_int(v, "ramp_months", 0, CC_HORIZON_MAX_MONTHS, false, 0, &in->ramp_months);
    cc_get_float(v, "one_off_cost_gbp", 0.0, MONEY_MAX, false, 0.0, &in->one_off_cost_gbp);
    cc_get_float(v, "annual_cost_gbp", 0.0, MONEY_MAX, false, 0.0, &in->annual_cost_gbp);
    cc_get_float(v, "delivery_probability", 0.0, 1.0, false, 1.0, &in->delivery_probability);
    if (k >= 0)
        cc_get_param(v, "size", 0.0, effect_kinds[k].size_max, effect_kinds[k].size_kind, true,
                     0.0, &in->effect);
    in->route = -1;
    in->from = in->to = -1;
    const bool exits = in->kind == CC_EFFECT_RAISE_EXITS, step = in->kind == CC_EFFECT_STEP_DOWN;
    if (cc_get_string(v, "route", false, "all", text, sizeof text)) {
        if (cc_has(v, "route") && !exits)
            cc_report(v, NULL, "route", "only applies to effect = \"raise_exits\"");
        for (int r = 0; r < CC_EXIT_ROUTES; r++)
            if (strncmp(text, route_keys[r], strlen(text)) == 0 && route_keys[r][strlen(text)] == '_')
                in->route = r;
        if (in->route < 0 && strcmp(text, "all") != 0)
            cc_report(v, NULL, "route",
                      "expected \"return_home\", \"sgo\", \"adoption\", \"other\" or \"all\", "
                      "got \"%s\"", text);
    }
    const char *from_key = in->kind == CC_EFFECT_PRICE_CUT ? "placement" : "from";
    if (cc_get_string(v, from_key, step || in->kind == CC_EFFECT_PRICE_CUT, "", text, sizeof text) &&
        text[0] != '\0')
        in->from = placement_ref(v, from_key, text, sc);
    if (cc_get_string(v, "to", step, "", text, sizeof text) && text[0] != '\0')
        in->to = placement_ref(v, "to", text, sc);
    cc_get_float(v, "bed_annual_cost_gbp", 0.0, MONEY_MAX, false, 0.0, &in->bed_annual_cost_gbp);
    if (in->kind == CC_EFFECT_OPEN_BEDS) {
        bool has_beds = false;
        for (size_t p = 0; p < sc->n_placements; p++)
            has_beds |= sc->placements[p].capacity == CC_CAPACITY_BEDS;
        if (!has_beds)
            cc_report(v, NULL, "effect", "the model has no placement type with capacity = \"beds\"");
    }
}

static void parse_initiatives(cc_group *root, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(root, "initiatives", false, &g))
        return;
    g.accepts_any_key = true;
    unsigned int n = cc_group_length(&g);
    if (n > CC_MAX_INITIATIVES)
        cc_report(&g, NULL, NULL, "at most %d initiatives, got %u", CC_MAX_INITIATIVES, n);
    for (unsigned int i = 0; i < n && i < CC_MAX_INITIATIVES; i++) {
        cc_group v;
        if (!cc_group_open_child(&g, i, &v))
            continue;
        cc_initiative *in = &sc->initiatives[sc->n_initiatives++];
        snprintf(in->name, sizeof in->name, "%s", cc_group_child_name(&g, i));
        parse_initiative(&v, sc, in);
        cc_group_close(&v);
    }
}

/* ---- overrides ---- */

/* Parses value as a libconfig scalar literal into a scratch config. */
static bool parse_literal(const char *value, config_t *scratch, const config_setting_t **out)
{
    char text[CC_ERROR_MESSAGE_MAX];
    int n = snprintf(text, sizeof text, "v = %s;", value);
    if (n < 0 || (size_t)n >= sizeof text || strchr(value, ';') != NULL)
        return false;
    if (!config_read_string(scratch, text))
        return false;
    *out = config_lookup(scratch, "v");
    int t = *out != NULL ? config_setting_type(*out) : CONFIG_TYPE_NONE;
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT ||
           t == CONFIG_TYPE_BOOL || t == CONFIG_TYPE_STRING;
}

static void copy_value(config_setting_t *dst, const config_setting_t *src)
{
    switch (config_setting_type(src)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        if (config_setting_type(dst) == CONFIG_TYPE_FLOAT)
            config_setting_set_float(dst, (double)config_setting_get_int64(src));
        else
            config_setting_set_int64(dst, config_setting_get_int64(src));
        break;
    case CONFIG_TYPE_FLOAT:
        config_setting_set_float(dst, config_setting_get_float(src));
        break;
    case CONFIG_TYPE_BOOL:
        config_setting_set_bool(dst, config_setting_get_bool(src));
        break;
    default:
        config_setting_set_string(dst, config_setting_get_string(src));
        break;
    }
}

/* The type a new setting takes for src when dst had type old (or none). */
static int target_type(const config_setting_t *src, int old)
{
    int t = config_setting_type(src);
    if (t == CONFIG_TYPE_INT64)
        t = CONFIG_TYPE_INT;
    if (t == CONFIG_TYPE_INT && old == CONFIG_TYPE_FLOAT)
        return CONFIG_TYPE_FLOAT; /* an integer where a float is expected is fine */
    return t;
}

/* Creates the groups of path that do not exist (e.g. "levers" when a
 * scenario has none), so an override can add a key to an optional group. The
 * parser then checks their names like any other: an unknown one is reported,
 * cited as the override. Returns the innermost group, or NULL. */
static config_setting_t *make_groups(config_t *cfg, cc_parser *ps, size_t index, char *path)
{
    config_setting_t *g = config_root_setting(cfg);
    for (char *name = path; g != NULL && name != NULL;) {
        char *dot = strchr(name, '.');
        if (dot != NULL)
            *dot = '\0';
        config_setting_t *next = config_setting_get_member(g, name);
        if (next == NULL) {
            next = config_setting_add(g, name, CONFIG_TYPE_GROUP);
            if (next != NULL && ps->created[index] == NULL)
                ps->created[index] = next; /* cited as the override */
        } else if (config_setting_type(next) != CONFIG_TYPE_GROUP) {
            next = NULL;
        }
        g = next;
        if (dot != NULL)
            *dot = '.';
        name = dot != NULL ? dot + 1 : NULL;
    }
    return g;
}

static void apply_override(config_t *cfg, cc_parser *ps, const cc_override *ov, size_t index,
                           char *text, size_t text_size)
{
    snprintf(text, text_size, "%s=%s", ov->key_path, ov->value);
    ps->override_text[index] = text;
    config_t scratch;
    config_init(&scratch);
    const config_setting_t *literal = NULL;
    bool is_literal = parse_literal(ov->value, &scratch, &literal);
    if (!is_literal) {
        /* A bare word such as output_dir=runs/a is a string. */
        char quoted[CC_ERROR_MESSAGE_MAX];
        snprintf(quoted, sizeof quoted, "\"%s\"", ov->value);
        config_destroy(&scratch);
        config_init(&scratch);
        if (strchr(ov->value, '"') != NULL || strchr(ov->value, '\\') != NULL ||
            !parse_literal(quoted, &scratch, &literal)) {
            cc_errlist_add(ps->errors, CC_ERR_INVALID, "--set %s: cannot read the value", text);
            config_destroy(&scratch);
            return;
        }
    }
    config_setting_t *s = config_lookup(cfg, ov->key_path);
    if (s != NULL && config_setting_is_aggregate(s)) {
        cc_errlist_add(ps->errors, CC_ERR_INVALID,
                       "--set %s: %s is a group or array; set one of its scalar members", text,
                       ov->key_path);
    } else {
        /* Split "a.b.c" into parent "a.b" and name "c". */
        char parent_path[CC_KEY_PATH_MAX];
        snprintf(parent_path, sizeof parent_path, "%s", ov->key_path);
        char *dot = strrchr(parent_path, '.');
        const char *name = dot != NULL ? dot + 1 : parent_path;
        if (dot != NULL)
            *dot = '\0';
        config_setting_t *parent = dot != NULL ? config_lookup(cfg, parent_path)
                                               : config_root_setting(cfg);
        if (parent == NULL)
            parent = make_groups(cfg, ps, index, parent_path);
        int old = s != NULL ? config_setting_type(s) : CONFIG_TYPE_NONE;
        int type = old == CONFIG_TYPE_STRING && !is_literal ? CONFIG_TYPE_STRING
                                                             : target_type(literal, old);
        if (parent == NULL || config_setting_type(parent) != CONFIG_TYPE_GROUP) {
            cc_errlist_add(ps->errors, CC_ERR_INVALID, "--set %s: %s: unknown key path", text,
                           ov->key_path);
        } else {
            if (s != NULL && type != old) {
                config_setting_remove(parent, name);
                s = NULL;
            }
            if (s == NULL)
                s = config_setting_add(parent, name, type);
            if (s == NULL) {
                cc_errlist_add(ps->errors, CC_ERR_INVALID, "--set %s: '%s' is not a valid key",
                               text, name);
            } else {
                copy_value(s, literal);
                ps->overridden[index] = s;
            }
        }
    }
    config_destroy(&scratch);
}

/* ---- files read ---- */

static void note_file(cc_scenario *sc, const cc_parser *ps, const char *raw)
{
    if (raw == NULL)
        return;
    char file[CC_PATH_MAX];
    cc_resolve_path(ps, raw, file, sizeof file);
    for (size_t i = 0; i < sc->n_files; i++)
        if (strcmp(sc->files[i], file) == 0)
            return;
    if (sc->n_files < CC_MAX_FILES)
        snprintf(sc->files[sc->n_files++], CC_PATH_MAX, "%s", file);
}

static void collect_files(cc_scenario *sc, const cc_parser *ps, const config_setting_t *s)
{
    note_file(sc, ps, config_setting_source_file(s));
    if (!config_setting_is_aggregate(s))
        return;
    int n = config_setting_length(s);
    for (int i = 0; i < n; i++)
        collect_files(sc, ps, config_setting_get_elem(s, (unsigned int)i));
}

/* ---- syntax errors ---- */

/* libconfig says only "cannot open include file": name the file, from the
 * @include directive on the reported line, as the user would open it. */
static void report_syntax_error(const config_t *cfg, const cc_parser *ps, cc_errlist *errors)
{
    const char *path = ps->main_file;
    const char *raw = config_error_file(cfg);
    char file[CC_PATH_MAX];
    if (raw != NULL)
        cc_resolve_path(ps, raw, file, sizeof file);
    else
        snprintf(file, sizeof file, "%s", path);
    const int line = config_error_line(cfg);
    const char *text = config_error_text(cfg);
    if (text != NULL && strstr(text, "include") != NULL) {
        FILE *f = fopen(file, "r");
        char buf[CC_PATH_MAX + 32], included[CC_PATH_MAX] = "";
        for (int n = 1; f != NULL && fgets(buf, sizeof buf, f) != NULL; n++) {
            const char *q = strstr(buf, "@include");
            if (n == line && q != NULL && sscanf(q, "@include \"%1023[^\"]\"", included) == 1)
                break;
        }
        if (f != NULL)
            fclose(f);
        if (included[0] != '\0') {
            char target[CC_PATH_MAX];
            cc_resolve_path(ps, included, target, sizeof target);
            cc_errlist_add(errors, CC_ERR_PARSE,
                           "%s:%d: @include: cannot open \"%s\" (looked for %s; @include paths "
                           "are relative to the scenario file's directory)",
                           file, line, included, target);
            return;
        }
    }
    cc_errlist_add(errors, CC_ERR_PARSE, "%s:%d: syntax error: %s", file, line,
                   text != NULL ? text : "unreadable");
}

/* ---- integer literals libconfig would wrap ---- */

/* libconfig 1.5 keeps 32 bits of an integer literal without an L suffix, so
 * 4294967796 would silently read as 500. Scan each file's text for such
 * literals and report them with the key they belong to. */
/* Writes the dotted path of the setting named name on line n of file, if any. */
static bool find_path(const config_setting_t *s, const cc_parser *ps, const char *file, int n,
                      const char *name, char *out, size_t size)
{
    const char *sf = config_setting_source_file(s);
    char resolved[CC_PATH_MAX] = "";
    if (sf != NULL)
        cc_resolve_path(ps, sf, resolved, sizeof resolved);
    const char *sn = config_setting_name(s);
    if (sn != NULL && strcmp(sn, name) == 0 && (int)config_setting_source_line(s) == n &&
        strcmp(resolved, file) == 0) {
        /* Climb to the root, prepending each parent's name. */
        snprintf(out, size, "%s", sn);
        for (const config_setting_t *p = config_setting_parent(s); p != NULL;
             p = config_setting_parent(p)) {
            const char *pn = config_setting_name(p);
            if (pn == NULL)
                break;
            char tail[CC_KEY_PATH_MAX / 2];
            snprintf(tail, sizeof tail, "%s", out);
            snprintf(out, size, "%s.%s", pn, tail);
        }
        return true;
    }
    if (!config_setting_is_aggregate(s))
        return false;
    const int count = config_setting_length(s);
    for (int i = 0; i < count; i++)
        if (find_path(config_setting_get_elem(s, (unsigned int)i), ps, file, n, name, out, size))
            return true;
    return false;
}

static void check_wide_integers(const config_t *cfg, const cc_parser *ps, const char *file,
                                cc_errlist *errors)
{
    FILE *f = fopen(file, "r");
    if (f == NULL)
        return;
    char line[4096];
    bool in_block_comment = false;
    for (int n = 1; fgets(line, sizeof line, f) != NULL; n++) {
        bool in_string = false;
        for (size_t i = 0; line[i] != '\0'; i++) {
            const char c = line[i];
            if (in_block_comment) {
                if (c == '*' && line[i + 1] == '/') {
                    in_block_comment = false;
                    i++;
                }
                continue;
            }
            if (in_string) {
                if (c == '\\' && line[i + 1] != '\0')
                    i++;
                else if (c == '"')
                    in_string = false;
                continue;
            }
            if (c == '"') {
                in_string = true;
                continue;
            }
            if (c == '#' || (c == '/' && line[i + 1] == '/'))
                break;
            if (c == '/' && line[i + 1] == '*') {
                in_block_comment = true;
                i++;
                continue;
            }
            const bool starts = isdigit((unsigned char)c) &&
                                (i == 0 || !(isalnum((unsigned char)line[i - 1]) ||
                                             line[i - 1] == '_' || line[i - 1] == '.'));
            if (!starts)
                continue;
            size_t j = i;
            while (isdigit((unsigned char)line[j]))
                j++;
            const char next = line[j];
            const bool is_integer = next != '.' && next != 'e' && next != 'E' && next != 'x' &&
                                    next != 'X' && next != 'L';
            if (is_integer && (j - i > 10 || (j - i == 10 && strncmp(line + i, "2147483647", 10) > 0))) {
                /* The key is the name before the nearest '=' to the left. */
                char key[CC_NAME_MAX] = "value";
                size_t e = i;
                while (e > 0 && line[e - 1] != '=' && line[e - 1] != ':')
                    e--;
                if (e > 0) {
                    size_t end = e - 1;
                    while (end > 0 && isspace((unsigned char)line[end - 1]))
                        end--;
                    size_t start = end;
                    while (start > 0 && (isalnum((unsigned char)line[start - 1]) ||
                                         line[start - 1] == '_' || line[start - 1] == '-'))
                        start--;
                    if (end > start && end - start < sizeof key)
                        snprintf(key, sizeof key, "%.*s", (int)(end - start), line + start);
                }
                char path[CC_KEY_PATH_MAX];
                if (!find_path(config_root_setting(cfg), ps, file, n, key, path, sizeof path))
                    snprintf(path, sizeof path, "%s", key);
                cc_errlist_add(errors, CC_ERR_INVALID,
                               "%s:%d: %s: integer %.*s is too large (at most 2147483647; "
                               "write it as a decimal, e.g. %.*s.0)",
                               file, n, path, (int)(j - i), line + i, (int)(j - i), line + i);
            }
            i = j > i ? j - 1 : i;
        }
    }
    fclose(f);
}

/* ---- entry point ---- */

cc_status cc_scenario_load(const char *path, const cc_override *overrides, size_t n_overrides,
                           cc_scenario **out, cc_errlist *errors)
{
    *out = NULL;
    const size_t errors_before = errors->count;
    FILE *probe = fopen(path, "r");
    if (probe == NULL) {
        cc_errlist_add(errors, CC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return CC_ERR_IO;
    }
    fclose(probe);
    struct stat info;
    if (stat(path, &info) == 0 && !S_ISREG(info.st_mode)) {
        cc_errlist_add(errors, CC_ERR_IO, "%s: cannot open: not a regular file", path);
        return CC_ERR_IO;
    }
    if (n_overrides > CC_OVERRIDES_MAX) {
        cc_errlist_add(errors, CC_ERR_INVALID, "at most %d --set overrides", CC_OVERRIDES_MAX);
        return CC_ERR_INVALID;
    }

    cc_scenario *sc = calloc(1, sizeof *sc);
    char(*override_texts)[CC_ERROR_MESSAGE_MAX] = calloc(n_overrides + 1, sizeof *override_texts);
    if (sc == NULL || override_texts == NULL) {
        free(sc);
        free(override_texts);
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }

    /* @include paths are relative to the scenario file's own directory. */
    char dir[CC_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    config_t cfg;
    config_init(&cfg);
    const char *include_dir = dirname(dir);
    config_set_include_dir(&cfg, include_dir);

    cc_status status = CC_OK;
    cc_parser ps = {.errors = errors, .main_file = path, .include_dir = include_dir};
    if (!config_read_file(&cfg, path)) {
        report_syntax_error(&cfg, &ps, errors);
        status = CC_ERR_PARSE;
        goto cleanup;
    }

    for (size_t i = 0; i < n_overrides; i++)
        apply_override(&cfg, &ps, &overrides[i], ps.n_overridden++, override_texts[i],
                       sizeof override_texts[i]);

    cc_group root;
    cc_group_root(&ps, config_root_setting(&cfg), &root);
    parse_model(&root, sc);
    parse_run(&root, &sc->run);
    parse_levers(&root, sc);
    parse_initiatives(&root, sc);
    cc_group_close(&root);

    note_file(sc, &ps, path);
    collect_files(sc, &ps, config_root_setting(&cfg));
    for (size_t i = 0; i < sc->n_files; i++)
        check_wide_integers(&cfg, &ps, sc->files[i], errors);
    if (errors->count > errors_before)
        status = errors->status != CC_OK ? errors->status : CC_ERR_INVALID;

cleanup:
    config_destroy(&cfg);
    free(override_texts);
    if (status != CC_OK) {
        free(sc);
        return status;
    }
    *out = sc;
    return CC_OK;
}

void cc_scenario_free(cc_scenario *scenario)
{
    free(scenario);
}
