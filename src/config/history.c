/* Sections `model.history` and `model.sensitivity` (docs/scenario-format.md
 * 6.17a-6.17b): what happened (stocks at each 31 March, flows and spend in
 * each financial year, and month-end counts of children in care), drawn on
 * charts, compared in reports and fitted by `carecast calibrate`; and the
 * parameters `carecast sensitivity` swings by default. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

/* Checks each "YYYY-MM" month and copies it to sc; false on the first bad one. */
static bool copy_months(cc_group *g, cc_scenario *sc, char (*months)[CC_NAME_MAX], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int year = 0, month = 0, used = 0;
        if (sscanf(months[i], "%4d-%2d%n", &year, &month, &used) != 2 ||
            used != (int)strlen(months[i]) || strlen(months[i]) != 7 || month < 1 || month > 12) {
            cc_report(g, NULL, "months", "expected months as \"YYYY-MM\", got \"%s\"", months[i]);
            return false;
        }
        snprintf(sc->history_month[i], sizeof sc->history_month[i], "%.7s", months[i]);
    }
    return true;
}

/* Month-end counts of children in care: `months` with `cic_total`. */
static void parse_month_ends(cc_group *g, cc_scenario *sc)
{
    if (!cc_has(g, "months") && !cc_has(g, "cic_total"))
        return;
    char months[CC_MAX_HISTORY][CC_NAME_MAX];
    size_t n_months = 0, n_values = 0;
    bool ok = cc_get_names(g, "months", CC_MAX_HISTORY, true, months, &n_months);
    ok &= cc_get_floats(g, "cic_total", 1, CC_MAX_HISTORY, 0.0, CC_COUNT_MAX, true,
                        sc->history_cic, &n_values);
    if (ok && n_months != n_values)
        cc_report(g, NULL, "cic_total", "needs one value per month (%zu), got %zu", n_months,
                  n_values);
    if (ok)
        ok = copy_months(g, sc, months, n_months);
    if (ok && n_months == n_values)
        sc->n_history = n_months;
}

/* `placements = { type = children; ... }` of one history year. */
static void year_placements(cc_group *y, const cc_scenario *sc, cc_history_year *h)
{
    cc_group g;
    if (!cc_group_open(y, "placements", false, &g))
        return;
    g.accepts_any_key = true;
    for (unsigned int i = 0; i < cc_group_length(&g); i++) {
        const char *name = cc_group_child_name(&g, i);
        const int p = cc_placement_ref(&g, name, name, sc);
        double v = NAN;
        if (cc_get_float(&g, name, 0.0, CC_COUNT_MAX, true, 0.0, &v) && p >= 0)
            h->placements[p] = v;
    }
}

/* `spend = { placements = ..; total = ..; <budget line> = ..; }` in pounds. */
static void year_spend(cc_group *y, const cc_scenario *sc, cc_history_year *h)
{
    cc_group g;
    if (!cc_group_open(y, "spend", false, &g))
        return;
    g.accepts_any_key = true;
    const cc_finance *fin = &sc->finance;
    const char *names[CC_MAX_BUDGET_LINES + 2] = {"placements", "total"};
    for (size_t l = 0; l < fin->n_budget_lines; l++)
        names[l + 2] = fin->budget_lines[l].name;
    for (unsigned int i = 0; i < cc_group_length(&g); i++) {
        const char *name = cc_group_child_name(&g, i);
        double v = NAN;
        const bool ok = cc_get_float(&g, name, 0.0, CC_MONEY_MAX, true, 0.0, &v);
        size_t k = 0;
        while (k < fin->n_budget_lines + 2 && strcmp(names[k], name) != 0)
            k++;
        if (k == fin->n_budget_lines + 2)
            cc_report_unknown(&g, NULL, name, "spend line (placements, total or a budget line)",
                              name, names, fin->n_budget_lines + 2);
        else if (ok && k == 0)
            h->spend_placements_gbp = v;
        else if (ok && k == 1)
            h->spend_total_gbp = v;
        else if (ok)
            h->spend_line_gbp[k - 2] = v;
    }
}

/* One element of `years`; false when its year is unusable. */
static bool parse_year(cc_group *y, const cc_scenario *sc, cc_history_year *h)
{
    h->spend_placements_gbp = h->spend_total_gbp = NAN;
    for (int f = 0; f < CC_HIST_FIELDS; f++)
        h->value[f] = NAN;
    for (size_t p = 0; p < CC_MAX_PLACEMENTS; p++)
        h->placements[p] = NAN;
    for (size_t l = 0; l < CC_MAX_BUDGET_LINES; l++)
        h->spend_line_gbp[l] = NAN;
    const bool ok = cc_get_fin_year(y, "year", true, &h->year);
    for (int f = 0; f < CC_HIST_FIELDS; f++)
        if (cc_has(y, cc_history_field_names[f]))
            cc_get_float(y, cc_history_field_names[f], 0.0, CC_COUNT_MAX, true, NAN,
                         &h->value[f]);
    year_placements(y, sc, h);
    year_spend(y, sc, h);
    return ok;
}

/* `years = ( { year = "2018/19"; cic = ..; ... }, ... )`, oldest first. */
static void parse_years(cc_group *g, cc_scenario *sc)
{
    cc_group list;
    const unsigned int n = cc_list_open(g, "years", false, &list);
    if (n > CC_HISTORY_YEARS_MAX) {
        cc_report(g, NULL, "years", "at most %d years, got %u", CC_HISTORY_YEARS_MAX, n);
        return;
    }
    for (unsigned int i = 0; i < n; i++) {
        cc_group y;
        if (!cc_list_open_elem(&list, i, &y))
            continue;
        cc_history_year *h = &sc->history_years[sc->n_history_years];
        const bool ok = parse_year(&y, sc, h);
        if (ok && sc->n_history_years > 0 && h->year <= h[-1].year)
            cc_report(&y, NULL, "year", "years must be in order, each after the one before "
                                        "(%d/%02d follows %d/%02d)",
                      h->year, (h->year + 1) % 100, h[-1].year, (h[-1].year + 1) % 100);
        else if (ok)
            sc->n_history_years++;
        cc_group_close(&y);
    }
}

/* `comparators = { entries_per_10000 = ..; exits_per_10000 = ..; source = ".."; }`. */
static void parse_comparators(cc_group *h, cc_comparators *c)
{
    c->entries_per_10000 = c->exits_per_10000 = NAN;
    cc_group g;
    if (!cc_group_open(h, "comparators", false, &g))
        return;
    cc_get_float(&g, "entries_per_10000", 0.001, 10000.0, false, NAN, &c->entries_per_10000);
    cc_get_float(&g, "exits_per_10000", 0.001, 10000.0, false, NAN, &c->exits_per_10000);
    cc_get_string(&g, "source", false, "", c->source, sizeof c->source);
    cc_group_close(&g);
}

void cc_parse_history(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    sc->comparators.entries_per_10000 = sc->comparators.exits_per_10000 = NAN;
    if (!cc_group_open(m, "history", false, &g))
        return;
    parse_comparators(&g, &sc->comparators);
    parse_month_ends(&g, sc);
    parse_years(&g, sc);
    cc_group_close(&g);
}

/* The parameters `carecast sensitivity` swings by default, with their ranges.
 * Their keys are checked when the analysis applies them, like --set. */
void cc_parse_sensitivity(cc_group *m, cc_scenario *sc)
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
        /* Both are read (and reported) before either result is used. */
        const bool has_low = cc_get_float(&v, "low", -1e12, 1e12, true, 0.0, &sp->low);
        const bool has_high = cc_get_float(&v, "high", -1e12, 1e12, true, 0.0, &sp->high);
        if (has_low && has_high && !(sp->low < sp->high))
            cc_report(&v, NULL, "high", "must be above low");
        cc_group_close(&v);
    }
}
