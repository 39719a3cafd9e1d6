/* MTFP initiatives and levers: what each does to a month. Per path, an initiative delivers or
 * not, with an effect size drawn once; from its start month its effect ramps up linearly until
 * its end month, and its costs are paid in those months whether or not it delivers, at the
 * initiatives' price index. The month's effects (month_effects) scale entries, exit routes,
 * carer approvals, beds, prices and agency use, and take fixed savings off the initiatives'
 * cost; step-down initiatives move children between placement types within the target's free
 * places, and add_children initiatives bring children in.
 * Levers act in the months from levers.start_date to before end_date, where their rule lives:
 * the entries levers in the entries factors (run.c, children.c), extra_in_house_beds in the
 * month's beds (month.c), and exits_change_pct, extra_annual_approvals and price_change_pct
 * here. */
#include <math.h>
#include <string.h>

#include "engine/path_internal.h"

/* Draws, once per path, whether each initiative delivers (one uniform each, in order, from the
 * SITE_INITIATIVES stream) and how much (its size slot, by inverse CDF). */
void cc_initiatives_draw(const run_inputs *in, workspace *ws, size_t p, unsigned long seed)
{
    const cc_scenario *sc = in->sc;
    ws->path_seed = cc_rng_path_seed(seed, p);
    use_stream(ws, PATH_MONTH, SITE_INITIATIVES);
    for (size_t i = 0; i < sc->n_initiatives; i++)
        ws->delivered[i] = gsl_rng_uniform(ws->r) < sc->initiatives[i].delivery_probability;
    for (size_t i = 0; i < sc->n_initiatives; i++)
        ws->size[i] = fmax(0.0, cc_param_draw(in, ws, SLOT_INITIATIVES + i));
}

/* Whether month t is in [start, end) of the initiative. */
static bool running(const cc_initiative *init, size_t t)
{
    const int m = (int)t;
    return m >= init->start_month_index && (init->end_month_index <= 0 || m < init->end_month_index);
}

/* The share of initiative i's effect in force at month t on this path. */
static double ramp(const cc_initiative *init, bool delivered, size_t t)
{
    const int since = (int)t - init->start_month_index;
    if (!delivered || !running(init, t))
        return 0.0;
    if (init->ramp_months <= 0)
        return 1.0;
    return fmin(1.0, (double)(since + 1) / (double)init->ramp_months);
}

/* Adds one initiative's effect at `size` (its drawn size, ramped) to the month's effects; its
 * costs and savings go to fx->delivery_cost_gbp at start prices. */
static void add_effect(const cc_initiative *init, double size, month_effects *fx)
{
    switch (init->kind) {
    case CC_EFFECT_FIXED_SAVING:
        fx->delivery_cost_gbp -= size / 12.0;
        break;
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
    default: /* STEP_DOWN and ADD_CHILDREN act on children, below */
        break;
    }
}

/* The levers' effects (prices, exit routes and carer approvals) in a month where they act
 * (on) or not, with no initiative's: the start of every month's effects. */
static void lever_effects(const cc_scenario *sc, bool on, month_effects *fx)
{
    const cc_levers *lv = &sc->levers;
    memset(fx, 0, sizeof *fx);
    fx->entries_mult = 1.0;
    for (size_t p = 0; p < sc->n_placements; p++)
        fx->price_mult[p] = on ? 1.0 + lv->price_change_pct[p] / 100.0 : 1.0;
    for (int r = 0; r < CC_EXIT_ROUTES; r++)
        fx->exit_mult[r] = on ? 1.0 + lv->exits_change_pct / 100.0 : 1.0;
    fx->exits_changed = on && lv->exits_change_pct != 0.0;
    fx->lever_approvals_per_month = on ? lv->extra_annual_approvals / 12.0 : 0.0;
}

void cc_levers_prepare(const cc_scenario *sc, run_inputs *in)
{
    lever_effects(sc, true, &in->levers_on);
    lever_effects(sc, false, &in->levers_off);
    in->step_down_mask = in->add_children_mask = 0;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        if (sc->initiatives[i].kind == CC_EFFECT_STEP_DOWN)
            in->step_down_mask |= 1u << i;
        if (sc->initiatives[i].kind == CC_EFFECT_ADD_CHILDREN)
            in->add_children_mask |= 1u << i;
    }
}

/* The month's effects of the levers and of the initiatives in `active` (a bit mask). */
void cc_initiatives_effects(const run_inputs *in, const workspace *ws, unsigned active, size_t t,
                            month_effects *fx)
{
    const cc_scenario *sc = in->sc;
    *fx = cc_levers_on(sc, t) ? in->levers_on : in->levers_off;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        if (!(active & (1u << i)) || !running(init, t))
            continue;
        /* Costs are paid whether or not the initiative delivers. */
        fx->delivery_cost_gbp += init->annual_cost_gbp / 12.0 +
                                 (t == (size_t)init->start_month_index ? init->one_off_cost_gbp : 0.0);
        add_effect(init, ws->size[i] * ramp(init, ws->delivered[i], t), fx);
    }
    fx->delivery_cost_gbp *= in->prices.initiatives[in->year_of_month[t]];
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
    const int cap = cc_capacity_places(st, (size_t)init->to);
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
    if ((active & in->step_down_mask) == 0)
        return;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        if ((active & (1u << i)) && init->kind == CC_EFFECT_STEP_DOWN) {
            use_stream(ws, t, SITE_STEP_DOWN + (unsigned)i);
            step_down(in, st, ws, init, ws->size[i] * ramp(init, ws->delivered[i], t) / 12.0);
        }
    }
}

/* Children an add_children initiative has brought by month t: its drawn size, ramped, rounded
 * to whole children. */
static int added_by(const cc_initiative *init, const workspace *ws, size_t i, long t)
{
    return t < 0 ? 0 : (int)floor(ws->size[i] * ramp(init, ws->delivered[i], (size_t)t) + 0.5);
}

int cc_initiatives_add_children(const run_inputs *in, workspace *ws, unsigned active, size_t t)
{
    const cc_scenario *sc = in->sc;
    int total = 0;
    if ((active & in->add_children_mask) == 0)
        return 0;
    for (size_t i = 0; i < sc->n_initiatives; i++) {
        const cc_initiative *init = &sc->initiatives[i];
        if (!(active & (1u << i)) || init->kind != CC_EFFECT_ADD_CHILDREN)
            continue;
        const int n = added_by(init, ws, i, (long)t) - added_by(init, ws, i, (long)t - 1);
        if (n > 0) {
            cc_children_add_to_type(sc, ws, (size_t)init->from, n);
            total += n;
        }
    }
    return total;
}
