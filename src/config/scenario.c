/* Small lookups over a loaded scenario. */
#include <string.h>

#include "carecast/scenario.h"

int cc_scenario_placement_index(const cc_scenario *scenario, const char *name)
{
    for (size_t i = 0; i < scenario->n_placements; i++)
        if (strcmp(scenario->placements[i].name, name) == 0)
            return (int)i;
    return -1;
}

int cc_scenario_band_index(const cc_scenario *scenario, const char *name)
{
    for (size_t i = 0; i < scenario->n_bands; i++)
        if (strcmp(scenario->bands[i].name, name) == 0)
            return (int)i;
    return -1;
}

int cc_scenario_start_cic(const cc_scenario *scenario)
{
    int total = 0;
    for (size_t i = 0; i < scenario->n_placements; i++)
        total += scenario->placements[i].start_children;
    return total;
}

const char *cc_effect_name(cc_effect_kind kind)
{
    static const char *const names[CC_EFFECT_KINDS] = {
        "reduce_entries", "raise_exits", "step_down",    "carer_approvals", "open_beds",
        "price_cut",      "agency_share", "add_children", "fixed_saving"};
    return kind < CC_EFFECT_KINDS ? names[kind] : "?";
}
