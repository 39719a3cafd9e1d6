/* MTFP initiatives and levers: what each does to a month. Per path, an initiative delivers or
 * not, with an effect size drawn once; from its start month its effect ramps up linearly, and its
 * costs are paid whether or not it delivers. The month's effects (month_effects) scale entries,
 * exit routes, carer approvals, beds, prices and agency use; step-down initiatives move children
 * between placement types within the target's free places.
 * Levers (constant over the run) act where their rule lives: entries_change_pct in the entries
 * factor (children.c), exits_change_pct and extra_annual_approvals in the rates (rates.c),
 * extra_in_house_beds in the month's beds (month.c) and price_change_pct here. */
#include <math.h>
#include <string.h>

#include "engine/path_internal.h"

/* Draws, once per path, whether each initiative delivers and how much. */
void cc_initiatives_draw(const cc_scenario *sc, workspace *ws, size_t p, unsigned long seed)
{
    ws->path_seed = cc_rng_path_seed(seed, p);
    use_stream(ws, PATH_MONTH, SITE_INITIATIVES);
    const int u = sc->run.parameter_uncertainty;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        ws->delivered[i] = gsl_rng_uniform(ws->r) < init->delivery_probability;
        ws->size[i] = fmax(0.0, cc_param_draw(&init->effect, ws->r, u));
    }
}

/* The share of initiative i's effect in force at month t on this path. */
static double ramp(const cc_initiative *init, bool delivered, size_t t)
{
    const int since = (int)t - init->start_month_index;
    if (!delivered || since < 0)
        return 0.0;
    if (init->ramp_months <= 0)
        return 1.0;
    return fmin(1.0, (double)(since + 1) / (double)init->ramp_months);
}

/* Adds one initiative's effect at `size` (its drawn size, ramped) to the month's effects. */
static void add_effect(const cc_initiative *init, double size, month_effects *fx)
{
    switch (init->kind) {
    case CC_EFFECT_REDUCE_ENTRIES:
        fx->entries_mult *= 1.0 - size / 100.0;
        break;
    case CC_EFFECT_RAISE_EXITS:
        for (int r = 0; r < CC_EXIT_ROUTES; r++)
            if (init->route < 0 || init->route == r)
                fx->exit_mult[r] *= 1.0 + size / 100.0;
        fx->exits_changed = true;
        break;
    case CC_EFFECT_CARER_APPROVALS:
        fx->extra_approvals_per_month += size / 12.0;
        break;
    case CC_EFFECT_OPEN_BEDS: {
        const int beds = (int)floor(size + 0.5);
        fx->extra_beds += beds;
        fx->delivery_cost_gbp += beds * init->bed_annual_cost_gbp / 12.0;
        break;
    }
    case CC_EFFECT_PRICE_CUT:
        fx->price_mult[init->from] *= 1.0 - size / 100.0;
        break;
    case CC_EFFECT_AGENCY_SHARE:
        fx->agency_reduction = fmin(1.0, fx->agency_reduction + size / 100.0);
        break;
    default: /* STEP_DOWN acts on children: cc_initiatives_step_down */
        break;
    }
}

/* The month's effects of the price levers and of the initiatives in `active` (a bit mask). */
void cc_initiatives_effects(const run_inputs *in, const workspace *ws, unsigned active, size_t t,
                            month_effects *fx)
{
    const cc_scenario *sc = in->sc;
    memset(fx, 0, sizeof *fx);
    fx->entries_mult = 1.0;
    for (int r = 0; r < CC_EXIT_ROUTES; r++)
        fx->exit_mult[r] = 1.0;
    for (size_t p = 0; p < sc->n_placements; p++)
        fx->price_mult[p] = 1.0 + sc->levers.price_change_pct[p] / 100.0;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        if (!(active & (1u << i)))
            continue;
        const cc_initiative *init = &sc->initiatives[i];
        const int since = (int)t - init->start_month_index;
        if (since < 0)
            continue;
        /* Costs are paid whether or not the initiative delivers. */
        fx->delivery_cost_gbp += init->annual_cost_gbp / 12.0 +
                                 (since == 0 ? init->one_off_cost_gbp : 0.0);
        add_effect(init, ws->size[i] * ramp(init, ws->delivered[i], t), fx);
    }
}

/* Moves up to the drawn number of children per month from one type to another
 * (a residential step-down initiative), within the target's free places. */
static void step_down(const run_inputs *in, const path_state *st, workspace *ws,
                      const cc_initiative *init, double per_month)
{
    const cc_scenario *sc = in->sc;
    if (per_month <= 0.0)
        return;
    int k = poisson(ws, per_month);
    const int available = cc_capacity_occupancy(sc, ws, (size_t)init->from);
    k = k < available ? k : available;
    const int cap = cc_capacity_places(in, st, (size_t)init->to);
    if (cap >= 0) {
        const int room = cap - cc_capacity_occupancy(sc, ws, (size_t)init->to);
        k = k < room ? k : (room > 0 ? room : 0);
    }
    if (k <= 0)
        return;
    cc_capacity_transfer(sc, ws, (size_t)init->from, (size_t)init->to, k);
    ws->values[M_MOVES_TOTAL] += k;
}

/* The month's step-down moves of the active step-down initiatives, each from its own stream. */
void cc_initiatives_step_down(const run_inputs *in, const path_state *st, workspace *ws,
                              unsigned active, size_t t)
{
    const cc_scenario *sc = in->sc;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        if ((active & (1u << i)) && init->kind == CC_EFFECT_STEP_DOWN) {
            use_stream(ws, t, SITE_STEP_DOWN + (unsigned)i);
            step_down(in, st, ws, init, ws->size[i] * ramp(init, ws->delivered[i], t) / 12.0);
        }
    }
}
