/* Section `calibration` (docs/scenario-format.md 6.20): a fitted section, as
 * written by `carecast calibrate`, read from a file the scenario @includes and
 * applied over the model: the start moves to the month after `as_at`, the
 * stocks to those given, and each process given replaces the model's. */
#include <stdio.h>
#include <string.h>

#include "carecast/calibration.h"
#include "config/config_internal.h"

static void parse_start(cc_group *c, const cc_scenario *sc, cc_calibration *cal)
{
    cal->start_cic = cal->start_cin = cal->start_cp = cal->start_care_leavers = -1;
    for (size_t p = 0; p < CC_MAX_PLACEMENTS; p++)
        cal->start_placements[p] = -1;
    cc_group g;
    if (!cc_group_open(c, "start", false, &g))
        return;
    cc_get_int(&g, "cic", 0, CC_COUNT_MAX, false, -1, &cal->start_cic);
    cc_get_int(&g, "cin", 0, CC_COUNT_MAX, false, -1, &cal->start_cin);
    cc_get_int(&g, "cp", 0, CC_COUNT_MAX, false, -1, &cal->start_cp);
    cc_get_int(&g, "care_leavers", 0, CC_COUNT_MAX, false, -1, &cal->start_care_leavers);
    cc_group pl;
    if (cc_group_open(&g, "placements", false, &pl)) {
        pl.accepts_any_key = true;
        for (unsigned int i = 0; i < cc_group_length(&pl); i++) {
            const char *name = cc_group_child_name(&pl, i);
            const int p = cc_placement_ref(&pl, name, name, sc);
            int n = 0;
            if (cc_get_int(&pl, name, 0, CC_COUNT_MAX, true, 0, &n) && p >= 0)
                cal->start_placements[p] = n;
        }
        if (cal->start_cic < 0)
            cc_report(&g, NULL, "placements", "needs cic, the total they are part of");
    }
    cc_group_close(&g);
}

void cc_parse_calibration(cc_group *root, cc_scenario *sc)
{
    cc_group c;
    if (!cc_group_open(root, "calibration", false, &c))
        return;
    cc_calibration cal = {.present = true};
    bool ok = cc_get_date(&c, "as_at", true, &cal.as_at_year, &cal.as_at_month, &cal.as_at_day);
    parse_start(&c, sc, &cal);
    cc_parse_processes(&c, cal.processes, cal.has_process);
    cc_error err = {0};
    if (ok && cc_calibration_apply(&cal, sc, &err) != CC_OK)
        cc_report(&c, NULL, NULL, "%s", err.message);
    cc_group_close(&c);
}
