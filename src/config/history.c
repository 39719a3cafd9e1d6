/* Sections `model.history` and `model.sensitivity` (docs/scenario-format.md
 * 6.17a-6.17b): actual month-end counts of children in care drawn on the fan
 * chart, and the parameters `carecast sensitivity` swings by default. */
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

void cc_parse_history(cc_group *m, cc_scenario *sc)
{
    cc_group g;
    if (!cc_group_open(m, "history", false, &g))
        return;
    char months[CC_MAX_HISTORY][CC_NAME_MAX];
    size_t n_months = 0, n_values = 0;
    bool ok = cc_get_names(&g, "months", CC_MAX_HISTORY, true, months, &n_months);
    ok &= cc_get_floats(&g, "cic_total", 1, CC_MAX_HISTORY, 0.0, CC_COUNT_MAX, true,
                        sc->history_cic, &n_values);
    if (ok && n_months != n_values)
        cc_report(&g, NULL, "cic_total", "needs one value per month (%zu), got %zu", n_months,
                  n_values);
    if (ok)
        ok = copy_months(&g, sc, months, n_months);
    if (ok && n_months == n_values)
        sc->n_history = n_months;
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
        const bool ok = cc_get_float(&v, "low", -1e12, 1e12, true, 0.0, &sp->low) &
                        cc_get_float(&v, "high", -1e12, 1e12, true, 0.0, &sp->high);
        if (ok && !(sp->low < sp->high))
            cc_report(&v, NULL, "high", "must be above low");
        cc_group_close(&v);
    }
}
