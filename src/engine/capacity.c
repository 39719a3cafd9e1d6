/* Capacity: foster carer households and in-house beds, the places they give, and who gets them.
 * A placement type limited by carers has floor(households x places per household) places; one
 * limited by beds has the model's beds plus those opened this month (path_state.beds_open).
 * Children beyond a capped type's places move to its overflow type; moves and entrants wanting a
 * full type are refused (chosen at random, without replacement, across age bands). */
#include <math.h>

#include "engine/path_internal.h"

/* Carers leave and join before the month's placements are made; some turn 60. */
void cc_carers_step(workspace *ws, path_state *st, const month_effects *fx, size_t t)
{
    const path_rates *pr = &ws->rates;
    double *v = ws->values;
    use_stream(ws, t, SITE_CARERS);
    const int dereg_under = binomial(ws, pr->dereg_prob_under_60, st->carers_under_60);
    const int dereg_over = binomial(ws, pr->dereg_prob_over_60, st->carers_over_60);
    int approvals = poisson(ws, pr->approvals_per_month + fx->lever_approvals_per_month);
    if (fx->extra_approvals_per_month > 0.0) {
        use_stream(ws, t, SITE_EXTRA_APPROVALS);
        approvals += poisson(ws, fx->extra_approvals_per_month);
    }
    /* Carers age into the over-60 group, whose households de-register faster. */
    use_stream(ws, t, SITE_CARERS_60);
    const int turning_60 = binomial(ws, pr->turning_60_prob, st->carers_under_60 - dereg_under);
    st->carers_under_60 += approvals - dereg_under - turning_60;
    st->carers_over_60 += turning_60 - dereg_over;
    v[M_CARERS_HOUSEHOLDS] = st->carers_under_60 + st->carers_over_60;
    v[M_CARERS_OVER_60] = st->carers_over_60;
    v[M_CARERS_APPROVALS] = approvals;
    v[M_CARERS_DEREGISTRATIONS] = dereg_under + dereg_over;
}

/* Children of type p at the end of the month so far. */
int cc_capacity_occupancy(const cc_scenario *sc, const workspace *ws, size_t p)
{
    int n = 0;
    for (size_t b = 0; b < sc->n_bands; b++)
        n += ws->next[b][p];
    return n;
}

/* Each type's places this month: carers and beds change only before the month's placements
 * (cc_carers_step, the month's open beds), so they are worked out once. */
void cc_capacity_month(const run_inputs *in, path_state *st)
{
    const cc_scenario *sc = in->sc;
    for (size_t p = 0; p < sc->n_placements; p++)
        st->places[p] = -1;
    for (size_t i = 0; i < in->n_capped; i++) {
        const cc_placement *pl = &sc->placements[in->capped[i]];
        st->places[in->capped[i]] =
            pl->capacity == CC_CAPACITY_CARERS
                ? (int)floor((st->carers_under_60 + st->carers_over_60) *
                             sc->carers.places_per_household)
                : pl->beds + st->beds_open;
    }
}

/* The capped type preferred over type p (its preferred_over), or -1: worked out once a run, into
 * run_inputs.preferring, which the month's steps read. */
static int preferring(const cc_scenario *sc, size_t p)
{
    for (size_t c = 0; c < sc->n_placements; c++)
        if (sc->placements[c].preferred_over == (int)p)
            return (int)c;
    return -1;
}

/* The run's capped types, and the moves that send their children through capacity.c: those
 * into a capped type or into a type a capped type is preferred over (children.c queues them). */
void cc_capacity_prepare(const cc_scenario *sc, run_inputs *in)
{
    in->n_capped = 0;
    for (size_t p = 0; p < sc->n_placements; p++) {
        in->preferring[p] = preferring(sc, p);
        if (sc->placements[p].capacity != CC_CAPACITY_NONE)
            in->capped[in->n_capped++] = (unsigned char)p;
    }
    in->n_queued_moves = 0;
    for (size_t m = 0; m < sc->n_moves; m++) {
        const int to = sc->moves[m].to;
        if (sc->placements[to].capacity != CC_CAPACITY_NONE || in->preferring[to] >= 0)
            in->queued_moves[in->n_queued_moves++] = (unsigned char)m;
    }
}

/* Moves k children of type from, chosen at random across bands, to type to. */
void cc_capacity_transfer(const cc_scenario *sc, workspace *ws, size_t from, size_t to, int k)
{
    int in_type[CC_MAX_BANDS];
    for (size_t b = 0; b < sc->n_bands; b++)
        in_type[b] = ws->next[b][from];
    cc_draw_choose(ws, in_type, sc->n_bands, k, ws->split);
    for (size_t b = 0; b < sc->n_bands; b++) {
        ws->next[b][from] -= ws->split[b];
        ws->next[b][to] += ws->split[b];
        cc_ages_move(sc, ws, from, to, b, ws->split[b]);
    }
}

/* Gives the k children of band b arriving in type `to` their ages: entrants (from < 0) new ones,
 * movers those of children of their band in type `from`. */
static void place_ages(const cc_scenario *sc, workspace *ws, int from, size_t to, size_t b, int k)
{
    if (k <= 0 || (int)to == from)
        return;
    if (from < 0)
        cc_ages_add(sc, ws, to, b, k);
    else
        cc_ages_move(sc, ws, (size_t)from, to, b, k);
}

/* Admits to capped type `to` as many of the children requested[b] (by band) as
 * it has free places, chosen at random; the others go to type `refused_to`.
 * The children are entrants (from < 0) or come from type `from`.
 * Clears requested and returns how many were refused. */
int cc_capacity_admit(const run_inputs *in, const path_state *st, workspace *ws, int *requested,
                      int from, size_t to, size_t refused_to)
{
    const cc_scenario *sc = in->sc;
    int wanted = 0;
    for (size_t b = 0; b < sc->n_bands; b++)
        wanted += requested[b];
    if (wanted == 0)
        return 0;
    const int room = cc_capacity_places(st, to) - cc_capacity_occupancy(sc, ws, to);
    const int granted = wanted < room ? wanted : (room > 0 ? room : 0);
    /* Which children get the places is chosen at random only when some but not all of them
     * fit: choosing all of them (or none) draws no random number, so it is skipped. */
    static const int none[CC_MAX_BANDS];
    const int *admitted = granted == wanted ? requested : none;
    if (granted > 0 && granted < wanted) {
        cc_draw_choose(ws, requested, sc->n_bands, granted, ws->split);
        admitted = ws->split;
    }
    for (size_t b = 0; b < sc->n_bands; b++) {
        const int n = requested[b], yes = admitted[b];
        if (n == 0)
            continue;
        ws->next[b][to] += yes;
        ws->next[b][refused_to] += n - yes;
        place_ages(sc, ws, from, to, b, yes);
        place_ages(sc, ws, from, refused_to, b, n - yes);
        requested[b] = 0;
    }
    return wanted - granted;
}

/* Moves children beyond a capped type's places to its overflow type. */
static void enforce_capacity(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    for (size_t i = 0; i < in->n_capped; i++) {
        const size_t p = in->capped[i];
        const int cap = cc_capacity_places(st, p);
        const int occ = cc_capacity_occupancy(sc, ws, p);
        if (occ > cap) {
            cc_capacity_transfer(sc, ws, p, (size_t)sc->placements[p].overflow_to, occ - cap);
            v[M_MOVES_TOTAL] += occ - cap;
            v[M_OVERFLOW_TOTAL] += occ - cap;
        }
    }
}

/* Grants queued move m: into its capped target while there is room (the others stay, or go to
 * the target's overflow), or, when a capped type is preferred over its target, into that type
 * while it has room and otherwise into the target itself. */
static void resolve_move(const run_inputs *in, const path_state *st, workspace *ws, size_t m)
{
    const cc_scenario *sc = in->sc;
    const cc_move *mv = &sc->moves[m];
    double *v = ws->values;
    int *req = ws->move_requests[m];
    int wanted = 0;
    for (size_t b = 0; b < sc->n_bands; b++)
        wanted += req[b];
    if (wanted == 0)
        return;
    if (sc->placements[mv->to].capacity == CC_CAPACITY_NONE) {
        cc_capacity_admit(in, st, ws, req, mv->from, (size_t)in->preferring[mv->to],
                          (size_t)mv->to);
        v[M_MOVES_TOTAL] += wanted;
        return;
    }
    const int back = mv->when_full == CC_WHEN_FULL_STAY ? mv->from
                                                        : sc->placements[mv->to].overflow_to;
    const int refused = cc_capacity_admit(in, st, ws, req, mv->from, (size_t)mv->to, (size_t)back);
    v[M_MOVES_TOTAL] += wanted - refused;
    if (mv->when_full == CC_WHEN_FULL_OVERFLOW) {
        v[M_MOVES_TOTAL] += refused;
        v[M_OVERFLOW_TOTAL] += refused;
    }
}

/* Enforces capacity after exits (carers may have left), then grants queued
 * moves into capped types. A refused mover returns to its own type, which may
 * itself be capped and meanwhile filled, so capacity is enforced again. */
void cc_capacity_resolve(const run_inputs *in, const path_state *st, workspace *ws, size_t t)
{
    use_stream(ws, t, SITE_CAPACITY);
    enforce_capacity(in, st, ws);
    for (size_t i = 0; i < in->n_queued_moves; i++) /* no other move queues anyone */
        resolve_move(in, st, ws, in->queued_moves[i]);
    enforce_capacity(in, st, ws);
}

/* Records places and free places at the month end (after cc_children_record). */
void cc_capacity_record(const run_inputs *in, const path_state *st, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    double *v = ws->values;
    for (size_t i = 0; i < in->n_capped; i++) {
        const size_t p = in->capped[i];
        const int cap = cc_capacity_places(st, p);
        const double free_places = cap - v[in->layout.placement + p];
        if (sc->placements[p].capacity == CC_CAPACITY_CARERS) {
            v[M_CARERS_PLACES] = cap;
            v[M_CARERS_PLACES_FREE] = free_places;
        } else {
            v[M_BEDS_PLACES_FREE] += free_places;
        }
    }
}
