/* One month of one path, in the order things happen: initiatives' and levers' effects; plans and
 * assessments; carers; the children's birthdays, exits and moves, and the allowances their exits bring;
 * capacity; step-down moves; entries, UASC and children added by initiatives, then their
 * placement; care leavers; the month's record; money. Each step draws from its own streams
 * (path_internal.h), so the order of steps does not move any random number, but it does decide
 * what each step sees (carers who leave this month free no places for this month's entrants). */
#include <string.h>

#include "engine/path_internal.h"

void cc_month_step(const run_inputs *in, workspace *ws, path_state *st, unsigned active,
                   size_t t)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    memset(v, 0, in->res->n_metrics * sizeof v[0]);
    cc_rates_month(in, ws, t);
    month_effects fx;
    cc_initiatives_effects(in, ws, active, t, &fx);
    st->beds_open = (cc_levers_on(sc, t) ? sc->levers.extra_in_house_beds : 0) + fx.extra_beds;
    cc_sum_by_type(sc, (const int(*)[CC_MAX_PLACEMENTS])ws->counts, ws->start_by_type);

    /* Plans: CP plans that end may bring children into care this month. */
    const int from_cp = cc_plans_step(in, ws, st, t);
    /* Carers leave and join before this month's placements are made. */
    cc_carers_step(ws, st, &fx, t);
    cc_capacity_month(in, st);

    /* Children: birthdays, then leave and move on the start-of-month population, then
     * capacity is enforced, then this month's entrants are placed. */
    const int new_leavers = cc_children_step(in, &fx, ws, t);
    cc_allowances_step(in, ws, st, t);
    cc_capacity_resolve(in, st, ws, t);
    cc_initiatives_step_down(in, st, ws, active, t);
    const int base = cc_children_entries(in, &fx, ws, t, from_cp);
    const int uasc = cc_uasc_step(in, ws, st, t);
    const int added = cc_initiatives_add_children(in, ws, active, t);
    cc_children_admit(in, st, ws, t);
    cc_leavers_step(sc, ws, st, t, new_leavers);
    memcpy(ws->counts, ws->next, sc->n_bands * sizeof ws->counts[0]); /* other bands hold none */

    v[M_ENTRIES_FROM_CP] = from_cp;
    v[M_ENTRIES_UASC] = uasc;
    v[M_ENTRIES_ADDED] = added;
    v[M_ENTRIES_TOTAL] = base + from_cp + uasc + added;
    cc_children_record(in, ws);
    cc_ages_check(sc, ws, t);
    cc_capacity_record(in, st, ws);
    cc_money_account(in, ws, st, &fx, t);
}
