/* Applying a fitted section to a scenario in memory (carecast/calibration.h).
 * No libconfig here: the hindcast calls this directly. */
#include <math.h>
#include <string.h>

#include "carecast/calibration.h"

static bool last_day_of_month(int year, int month, int day)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month >= 1 && month <= 12 && day == (month == 2 && leap ? 29 : days[month - 1]);
}

/* Children in care by type: given types keep their counts, the others share
 * the rest in proportion to the model's start counts, by largest remainder. */
static cc_status share_children(const cc_calibration *cal, const cc_scenario *sc, int *out,
                                cc_error *err)
{
    int given = 0, model_rest = 0;
    for (size_t p = 0; p < sc->n_placements; p++) {
        if (cal->start_placements[p] >= 0)
            given += cal->start_placements[p];
        else
            model_rest += sc->placements[p].start_children;
    }
    const int rest = cal->start_cic - given;
    if (rest < 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "start: the placement types given hold %d children, more than "
                            "cic = %d",
                            given, cal->start_cic);
    if (rest > 0 && model_rest == 0)
        return cc_error_set(err, CC_ERR_INVALID,
                            "start: %d children to share among placement types, but the model "
                            "starts with none in the types not given",
                            rest);
    double remainder[CC_MAX_PLACEMENTS];
    int assigned = 0;
    for (size_t p = 0; p < sc->n_placements; p++) {
        remainder[p] = -1.0;
        if (cal->start_placements[p] >= 0) {
            out[p] = cal->start_placements[p];
            continue;
        }
        const double exact = (double)rest * sc->placements[p].start_children / model_rest;
        out[p] = (int)floor(exact);
        remainder[p] = exact - out[p];
        assigned += out[p];
    }
    for (; assigned < rest; assigned++) {
        size_t best = 0;
        for (size_t p = 1; p < sc->n_placements; p++)
            if (remainder[p] > remainder[best])
                best = p;
        out[best]++;
        remainder[best] = -1.0;
    }
    return CC_OK;
}

cc_status cc_calibration_apply(const cc_calibration *cal, cc_scenario *sc, cc_error *err)
{
    if (!last_day_of_month(cal->as_at_year, cal->as_at_month, cal->as_at_day))
        return cc_error_set(err, CC_ERR_INVALID,
                            "as_at: %04d-%02d-%02d is not the last day of a month (the model "
                            "starts on the first day of the next)",
                            cal->as_at_year, cal->as_at_month, cal->as_at_day);
    int children[CC_MAX_PLACEMENTS];
    if (cal->start_cic >= 0) {
        const cc_status st = share_children(cal, sc, children, err);
        if (st != CC_OK)
            return st;
        for (size_t p = 0; p < sc->n_placements; p++)
            sc->placements[p].start_children = children[p];
    }
    sc->start_year = cal->as_at_month == 12 ? cal->as_at_year + 1 : cal->as_at_year;
    sc->start_month = cal->as_at_month % 12 + 1;
    if (cal->start_cin >= 0)
        sc->cin.start_children = cal->start_cin;
    if (cal->start_cp >= 0)
        sc->cp.start_children = cal->start_cp;
    if (cal->start_care_leavers >= 0)
        sc->care_leavers.start_young_people = cal->start_care_leavers;
    for (int t = 0; t < CC_PROC_TARGETS; t++)
        if (cal->has_process[t])
            sc->processes[t] = cal->processes[t];
    cc_process_resolve_groups(sc->processes);
    sc->calibration = *cal;
    return CC_OK;
}
