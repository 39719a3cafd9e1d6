/* The names of history fields and the run metrics they are compared with,
 * shared by the loader, the charts, the report and the hindcast. */
#include <stddef.h>

#include "carecast/scenario.h"

const char *const cc_history_field_names[CC_HIST_FIELDS] = {
    [CC_HIST_CIC] = "cic",
    [CC_HIST_CIN] = "cin",
    [CC_HIST_CP] = "cp",
    [CC_HIST_CARE_LEAVERS] = "care_leavers",
    [CC_HIST_ASSESSMENTS] = "assessments",
    [CC_HIST_ENTRIES] = "entries",
    [CC_HIST_EXITS] = "exits",
    [CC_HIST_CIN_STARTS] = "cin_starts",
    [CC_HIST_CP_STARTS] = "cp_starts",
};

const char *const cc_history_metric_names[CC_HIST_FIELDS] = {
    [CC_HIST_CIC] = "cic.total",
    [CC_HIST_CIN] = "cin.total",
    [CC_HIST_CP] = "cp.total",
    [CC_HIST_CARE_LEAVERS] = "care_leavers.total",
    [CC_HIST_ASSESSMENTS] = NULL,
    [CC_HIST_ENTRIES] = "entries.total",
    [CC_HIST_EXITS] = "exits.total",
    [CC_HIST_CIN_STARTS] = "cin.starts",
    [CC_HIST_CP_STARTS] = "cp.starts",
};

const cc_history_year *cc_scenario_history_year(const cc_scenario *scenario, int year)
{
    for (size_t i = 0; i < scenario->n_history_years; i++)
        if (scenario->history_years[i].year == year)
            return &scenario->history_years[i];
    return NULL;
}
