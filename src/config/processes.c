/* Section `model.processes` (docs/scenario-format.md 6.17c): yearly processes
 * that move groups of the model's rates from one financial year to the next.
 * The same reader serves the processes of a `calibration` section. */
#include <stdio.h>
#include <string.h>

#include "config/config_internal.h"

#define LEVEL_MAX_PCT 100000.0 /* a thousandfold: far beyond any plausible level */
#define SD_MAX_PCT 300.0       /* log-scale sd x 100 */

/* `steps = ( { from = "2020-04"; change_pct = -10.0; }, ... )`. */
static void parse_steps(cc_group *g, cc_process *pr)
{
    cc_group list;
    const unsigned int n = cc_list_open(g, "steps", false, &list);
    if (n > CC_PROCESS_STEPS_MAX) {
        cc_report(g, NULL, "steps", "at most %d steps, got %u", CC_PROCESS_STEPS_MAX, n);
        return;
    }
    for (unsigned int i = 0; i < n; i++) {
        cc_group s;
        if (!cc_list_open_elem(&list, i, &s))
            continue;
        cc_process_step st = {0};
        /* Both read, so both keys' errors are reported. */
        const bool from_ok = cc_get_month(&s, "from", true, &st.year, &st.month);
        const bool change_ok =
            cc_get_float(&s, "change_pct", -99.0, 10000.0, true, 0.0, &st.change_pct);
        const bool ok = from_ok && change_ok;
        if (ok)
            pr->steps[pr->n_steps++] = st;
        cc_group_close(&s);
    }
}

static void parse_process(cc_group *g, cc_process *pr)
{
    cc_process_init(pr);
    pr->active = true;
    cc_get_float(g, "level_pct", 0.001, LEVEL_MAX_PCT, false, 100.0, &pr->level_pct);
    cc_get_float(g, "level_sd_pct", 0.0, SD_MAX_PCT, false, 0.0, &pr->level_sd_pct);
    cc_get_float(g, "long_run_pct", 0.001, LEVEL_MAX_PCT, false, pr->level_pct,
                 &pr->long_run_pct);
    cc_get_float(g, "yearly_sd_pct", 0.0, SD_MAX_PCT, false, 0.0, &pr->yearly_sd_pct);
    cc_get_float(g, "half_life_years", 0.01, 1000.0, false, 0.0, &pr->half_life_years);
    cc_get_string(g, "shock_group", false, "", pr->shock_group, sizeof pr->shock_group);
    parse_steps(g, pr);
    if (cc_has(g, "long_run_pct") && !cc_has(g, "half_life_years"))
        cc_report(g, NULL, "long_run_pct",
                  "has no effect without half_life_years (with no pull the level never "
                  "returns to a long-run level)");
}

void cc_parse_processes(cc_group *parent, cc_process *out, bool *present)
{
    for (int t = 0; t < CC_PROC_TARGETS; t++) {
        present[t] = false;
        cc_process_init(&out[t]);
    }
    cc_group g;
    if (!cc_group_open(parent, "processes", false, &g))
        return;
    for (int t = 0; t < CC_PROC_TARGETS; t++) {
        cc_group p;
        if (!cc_group_open(&g, cc_process_target_names[t], false, &p))
            continue;
        parse_process(&p, &out[t]);
        present[t] = true;
        cc_group_close(&p);
    }
    cc_group_close(&g);
    cc_process_resolve_groups(out);
}
