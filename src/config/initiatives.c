/* Section `initiatives` (docs/scenario-format.md 6.21): MTFP initiatives and
 * dated what-ifs, each an effect on the model (fewer entries, more exits,
 * step-downs, carers, beds, price cuts, agency conversion, children added, a
 * fixed saving) of an uncertain size, from a start date with a ramp (and up to
 * an end date), at a cost, delivered with a probability. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* How each effect's size is given and drawn, in cc_effect_kind order. */
static const struct {
    cc_param_kind size_kind;
    double size_max;
} effect_sizes[CC_EFFECT_KINDS] = {
    {CC_PARAM_PCT, 100.0},           /* reduce_entries: % */
    {CC_PARAM_PCT, 100.0},           /* raise_exits: % */
    {CC_PARAM_RATE, 10000.0},        /* step_down: children a year */
    {CC_PARAM_RATE, 10000.0},        /* carer_approvals: households a year */
    {CC_PARAM_RATE, 10000.0},        /* open_beds: beds */
    {CC_PARAM_PCT, 100.0},           /* price_cut: % */
    {CC_PARAM_PCT, 100.0},           /* agency_share: % */
    {CC_PARAM_RATE, 10000.0},        /* add_children: children */
    {CC_PARAM_RATE, CC_MONEY_MAX},   /* fixed_saving: pounds a year */
};

static int effect_index(cc_group *g, const char *text)
{
    const char *names[CC_EFFECT_KINDS];
    for (int k = 0; k < CC_EFFECT_KINDS; k++) {
        names[k] = cc_effect_name((cc_effect_kind)k);
        if (strcmp(text, names[k]) == 0)
            return k;
    }
    cc_report_unknown(g, NULL, "effect", "effect", text, names, CC_EFFECT_KINDS);
    return -1;
}

/* route: which exit route a raise_exits initiative raises ("all" by default). */
static void parse_route(cc_group *v, cc_initiative *in)
{
    if (cc_has(v, "route") && in->kind != CC_EFFECT_RAISE_EXITS)
        cc_report(v, NULL, "route", "only applies to effect = \"raise_exits\"");
    const int r = cc_get_route(v, "route", "all");
    in->route = r >= 0 ? r : -1;
}

/* from/to (step_down) or placement (price_cut, add_children), and the beds an
 * initiative opens. */
static void parse_target(cc_group *v, cc_scenario *sc, cc_initiative *in)
{
    char text[CC_NAME_MAX];
    const bool step = in->kind == CC_EFFECT_STEP_DOWN;
    const bool placed = in->kind == CC_EFFECT_PRICE_CUT || in->kind == CC_EFFECT_ADD_CHILDREN;
    in->from = in->to = -1;
    const char *from_key = placed ? "placement" : "from";
    if (cc_get_string(v, from_key, step || placed, "", text, sizeof text) &&
        text[0] != '\0')
        in->from = cc_placement_ref(v, from_key, text, sc);
    if (cc_get_string(v, "to", step, "", text, sizeof text) && text[0] != '\0')
        in->to = cc_placement_ref(v, "to", text, sc);
    cc_get_float(v, "bed_annual_cost_gbp", 0.0, CC_MONEY_MAX, false, 0.0,
                 &in->bed_annual_cost_gbp);
    if (in->kind == CC_EFFECT_OPEN_BEDS && !cc_has_beds(sc))
        cc_report(v, NULL, "effect", "the model has no placement type with capacity = \"beds\"");
}

/* start_date (required) and end_date: the months of effect and cost, [start, end). */
static void parse_dates(cc_group *v, const cc_scenario *sc, cc_initiative *in)
{
    int year = 0, month = 0, day = 0;
    if (cc_get_date(v, "start_date", true, &year, &month, &day)) {
        in->start_month_index = cc_month_index(sc, year, month);
        if (in->start_month_index < 0)
            cc_report(v, NULL, "start_date", "is before the model's start date");
    }
    in->end_month_index = 0;
    if (!cc_get_date(v, "end_date", false, &year, &month, &day))
        return;
    in->end_month_index = cc_month_index(sc, year, month);
    if (in->end_month_index <= in->start_month_index || in->end_month_index <= 0)
        cc_report(v, NULL, "end_date", "must be after start_date");
    else if (in->kind == CC_EFFECT_ADD_CHILDREN)
        cc_report(v, NULL, "end_date",
                  "does not apply to add_children: the children stay until they leave care");
}

static void parse_initiative(cc_group *v, cc_scenario *sc, cc_initiative *in)
{
    char text[CC_NAME_MAX];
    cc_get_string(v, "label", false, in->name, in->label, sizeof in->label);
    int k = -1;
    if (cc_get_string(v, "effect", true, "", text, sizeof text))
        k = effect_index(v, text);
    in->kind = k >= 0 ? (cc_effect_kind)k : CC_EFFECT_REDUCE_ENTRIES;
    parse_dates(v, sc, in);
    cc_get_int(v, "ramp_months", 0, CC_HORIZON_MAX_MONTHS, false, 0, &in->ramp_months);
    cc_get_float(v, "one_off_cost_gbp", 0.0, CC_MONEY_MAX, false, 0.0, &in->one_off_cost_gbp);
    cc_get_float(v, "annual_cost_gbp", 0.0, CC_MONEY_MAX, false, 0.0, &in->annual_cost_gbp);
    cc_get_float(v, "delivery_probability", 0.0, 1.0, false, 1.0, &in->delivery_probability);
    if (k >= 0)
        cc_get_param(v, "size", 0.0, effect_sizes[k].size_max, effect_sizes[k].size_kind, true,
                     0.0, &in->effect);
    parse_route(v, in);
    parse_target(v, sc, in);
}

void cc_parse_initiatives(cc_group *root, cc_scenario *sc)
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

double cc_effect_size_max(cc_effect_kind kind)
{
    return kind < CC_EFFECT_KINDS ? effect_sizes[kind].size_max : 0.0;
}
