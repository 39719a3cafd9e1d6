/* A path's rates. Every uncertain parameter of the flows (entries, plans, carers, exits, moves,
 * unit costs) is drawn once per path by inverse CDF of one uniform from its own stream (its
 * slot, path_internal.h), so a parameter's setting moves only that parameter (path_base). The
 * model's yearly processes (carecast/process.h) then move groups of these rates from one
 * financial year to the next: each process's level is drawn from its own streams, so a process
 * changes no other random number. Each month's rates (path_rates) are the drawn parameters times
 * the process levels in force, turned into monthly probabilities and, per state (age band x
 * placement type), a table of where leavers go. With no process the rates are built once per
 * path, with every multiplier exactly 1, so results are those of a model without processes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "carecast/rates.h"
#include "engine/path_internal.h"

#define LEAVER_TO_21_MONTHS 36.0 /* supported from 18 to 21 */
#define LEAVER_TO_25_MONTHS 84.0 /* supported from 18 to 25 */
#define CERTAIN_MONTHLY_HAZARD 50.0 /* exp(-50) is 2e-22: a certain exit, kept finite for shares */

/* ---- drawing the path's parameters ---- */

_Static_assert(SLOT_COUNT == CC_PARAM_SLOTS, "engine_internal.h counts the slots");

const cc_param *cc_slot_param(const cc_scenario *sc, size_t slot)
{
    const cc_param *flows[SLOT_ROUTES] = {
        &sc->entries.annual_children,         &sc->uasc.annual_children,
        &sc->cin.annual_starts,               &sc->cin.average_duration_months,
        &sc->cp.annual_starts,                &sc->cp.average_duration_months,
        &sc->cp.to_care_share,                &sc->carers.annual_approvals,
        &sc->carers.annual_deregistration_pct, &sc->carers.over_60_annual_deregistration_pct};
    if (slot < SLOT_ROUTES)
        return flows[slot];
    if (slot < SLOT_COSTS) {
        const size_t p = (slot - SLOT_ROUTES) / CC_EXIT_ROUTES, k = (slot - SLOT_ROUTES) % CC_EXIT_ROUTES;
        return p < sc->n_placements ? &sc->placements[p].exit_annual_pct[k] : NULL;
    }
    if (slot < SLOT_MOVES)
        return slot - SLOT_COSTS < sc->n_placements ? &sc->placements[slot - SLOT_COSTS].weekly_cost_gbp
                                                     : NULL;
    if (slot < SLOT_INITIATIVES)
        return slot - SLOT_MOVES < sc->n_moves ? &sc->moves[slot - SLOT_MOVES].annual_pct : NULL;
    if (slot < SLOT_ASSESSMENT_STARTS)
        return slot - SLOT_INITIATIVES < sc->n_initiatives
                   ? &sc->initiatives[slot - SLOT_INITIATIVES].effect
                   : NULL;
    if (slot == SLOT_ASSESSMENT_STARTS)
        return sc->has_assessments ? &sc->assessments.annual_starts : NULL;
    if (slot == SLOT_ASSESSMENT_DURATION)
        return sc->has_assessments ? &sc->assessments.average_duration_months : NULL;
    return &sc->carers.annual_turning_60_pct;
}

static bool tabulated(const cc_param *param)
{
    return param != NULL && param->sd > 0.0 &&
           (param->dist == CC_DIST_GAMMA || param->dist == CC_DIST_BETA);
}

/* The slot of an earlier tabulated parameter with the same distribution, mean and sd as slot's
 * (its table is the same), or SLOT_COUNT when there is none. */
static size_t same_as_earlier(const cc_scenario *sc, size_t slot)
{
    const cc_param *param = cc_slot_param(sc, slot);
    for (size_t k = 0; k < slot; k++) {
        const cc_param *other = cc_slot_param(sc, k);
        if (tabulated(other) && other->dist == param->dist && other->mean == param->mean &&
            other->sd == param->sd)
            return k;
    }
    return SLOT_COUNT;
}

/* Each distinct parameter's table is filled once, on the run's threads (a table is a few hundred
 * inversions of a gamma or beta CDF: together they were most of a small run's engine time);
 * parameters equal to an earlier one share its values. The tables do not depend on the number of
 * threads. */
int cc_param_tables_alloc(const cc_scenario *sc, run_inputs *in, int threads)
{
    in->tables = NULL;
    if (!sc->run.parameter_uncertainty)
        return 0;
    in->tables = malloc(SLOT_COUNT * sizeof *in->tables);
    if (in->tables == NULL)
        return 1;
    size_t fill[SLOT_COUNT], copy_of[SLOT_COUNT], n_fill = 0;
    for (size_t slot = 0; slot < SLOT_COUNT; slot++) {
        copy_of[slot] = SLOT_COUNT;
        if (!tabulated(cc_slot_param(sc, slot)))
            continue;
        copy_of[slot] = same_as_earlier(sc, slot);
        if (copy_of[slot] == SLOT_COUNT)
            fill[n_fill++] = slot;
    }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (size_t i = 0; i < n_fill; i++)
        cc_quantile_table_fill(cc_slot_param(sc, fill[i]), &in->tables[fill[i]]);
    for (size_t slot = 0; slot < SLOT_COUNT; slot++)
        if (copy_of[slot] != SLOT_COUNT)
            in->tables[slot] = in->tables[copy_of[slot]];
    return 0;
}

double cc_param_draw(const run_inputs *in, workspace *ws, size_t slot)
{
    const cc_param *param = cc_slot_param(in->sc, slot);
    if (!in->sc->run.parameter_uncertainty || param->dist == CC_DIST_FIXED || param->sd <= 0.0)
        return param->mean;
    use_stream(ws, PATH_MONTH, SITE_PARAM + (unsigned)slot);
    const double u = gsl_rng_uniform_pos(ws->r);
    if (param->dist == CC_DIST_NORMAL)
        return param->mean + param->sd * gsl_cdf_ugaussian_Pinv(u);
    return cc_quantile_table_at(&in->tables[slot], u);
}

/* The flows' parameters outside the state table: entries, UASC, plans and carers. */
static void draw_flows(const run_inputs *in, workspace *ws, path_base *b)
{
    b->entries_per_month = cc_param_draw(in, ws, SLOT_ENTRIES) / 12.0;
    b->uasc_per_month = cc_param_draw(in, ws, SLOT_UASC) / 12.0;
    b->cin_starts_per_month = cc_param_draw(in, ws, SLOT_CIN_STARTS) / 12.0;
    b->cin_duration_months = cc_param_draw(in, ws, SLOT_CIN_DURATION);
    b->cp_starts_per_month = cc_param_draw(in, ws, SLOT_CP_STARTS) / 12.0;
    b->cp_duration_months = cc_param_draw(in, ws, SLOT_CP_DURATION);
    b->cp_to_care_share = cc_param_draw(in, ws, SLOT_CP_TO_CARE);
    b->approvals_per_year = cc_param_draw(in, ws, SLOT_APPROVALS);
    b->dereg_pct_under_60 = cc_param_draw(in, ws, SLOT_DEREG_UNDER_60);
    b->dereg_pct_over_60 = cc_param_draw(in, ws, SLOT_DEREG_OVER_60);
}

/* ---- building a month's rates ---- */

/* The monthly probability of an annual percentage whose hazard is scaled by m:
 * 1 - (1 - pct/100)^(m/12); exactly cc_monthly_probability(pct) when m is 1. */
static double monthly_probability(double annual_pct, double m)
{
    if (annual_pct >= 100.0)
        return 1.0;
    return 1.0 - pow(1.0 - annual_pct / 100.0, m / 12.0);
}

/* A monthly probability q whose hazard is scaled by m: 1 - (1 - q)^m (q itself when m is 1). */
static double scaled_probability(double q, double m)
{
    return m == 1.0 ? q : 1.0 - pow(1.0 - q, m);
}

/* A monthly probability as a monthly hazard: the rate whose month leaves q. */
static double hazard_of(double q)
{
    return q >= 1.0 ? CERTAIN_MONTHLY_HAZARD : -log1p(-q);
}

/* Where children of band b in type p go in a month, each with its monthly hazard: each exit
 * route (its annual hazard x the processes' multiplier, x the band's multiplier; the exits
 * lever acts month by month, initiatives.c) and each move out of p that applies to the band
 * (its own monthly probability as a hazard). The ways out compete: the state's leaving
 * probability is 1 - exp(-sum). Ageing is not a way out: children age on their birthdays
 * (ages.c). */
static void fill_dests(const run_inputs *in, const path_base *base, path_rates *pr, size_t b,
                       size_t p, const double *route_hazard_month)
{
    const cc_age_band *band = &in->sc->bands[b];
    dest *d = pr->dests[b][p];
    size_t n = 0;
    for (int k = 0; k < CC_EXIT_ROUTES; k++)
        if (route_hazard_month[k] > 0.0)
            d[n++] = (dest){DEST_EXIT, (unsigned char)k,
                            route_hazard_month[k] * band->exit_rate_multiplier};
    for (size_t i = 0; i < in->n_state_moves[b][p]; i++) {
        const size_t m = in->state_moves[b][p][i];
        if (base->move_prob[m] > 0.0)
            d[n++] = (dest){DEST_MOVE, (unsigned char)m, base->move_hazard[m]};
    }
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += d[i].hazard;
    pr->n_dest[b][p] = (unsigned char)n;
    pr->leave[b][p] = -expm1(-total);
}

/* The rates outside the state table, each parameter times its processes' multipliers m. */
static void build_flows(const path_base *b, const double *m, path_rates *pr)
{
    pr->entries_per_month = b->entries_per_month * m[CC_PROC_ENTRIES];
    pr->uasc_per_month = b->uasc_per_month * m[CC_PROC_UASC];
    pr->cin_starts_per_month = b->cin_starts_per_month * m[CC_PROC_CIN_STARTS];
    pr->cin_end_prob = 1.0 / fmax(1.0, b->cin_duration_months * m[CC_PROC_CIN_DURATION]);
    pr->cp_starts_per_month = b->cp_starts_per_month * m[CC_PROC_CP_STARTS];
    pr->cp_end_prob = 1.0 / fmax(1.0, b->cp_duration_months * m[CC_PROC_CP_DURATION]);
    pr->cp_to_care_share =
        fmin(1.0, b->cp_to_care_share * (m[CC_PROC_ENTRIES] * m[CC_PROC_CP_TO_CARE]));
    pr->approvals_per_month = b->approvals_per_year * m[CC_PROC_CARER_APPROVALS] / 12.0;
    pr->dereg_prob_under_60 =
        monthly_probability(b->dereg_pct_under_60, m[CC_PROC_CARER_DEREGISTRATIONS]);
    pr->dereg_prob_over_60 =
        monthly_probability(b->dereg_pct_over_60, m[CC_PROC_CARER_DEREGISTRATIONS]);
    pr->leaver_prob_to_21 = scaled_probability(1.0 / LEAVER_TO_21_MONTHS, m[CC_PROC_CARE_LEAVERS]);
    pr->leaver_prob_to_25 = scaled_probability(1.0 / LEAVER_TO_25_MONTHS, m[CC_PROC_CARE_LEAVERS]);
}

/* Every rate of the month from the drawn parameters and the multipliers m. */
static void build_rates(const run_inputs *in, const path_base *b, const double *m,
                        path_rates *pr)
{
    const cc_scenario *sc = in->sc;
    build_flows(b, m, pr);
    double route_hazard[CC_MAX_PLACEMENTS][CC_EXIT_ROUTES];
    for (size_t p = 0; p < sc->n_placements; p++)
        for (int k = 0; k < CC_EXIT_ROUTES; k++)
            route_hazard[p][k] =
                b->route_hazard[p][k] * (m[CC_PROC_EXITS] * m[CC_PROC_EXIT_RETURN_HOME + k]) / 12.0;
    for (size_t band = 0; band < sc->n_bands; band++)
        for (size_t p = 0; p < sc->n_placements; p++)
            fill_dests(in, b, pr, band, p, route_hazard[p]);
}

void cc_rates_draw(const run_inputs *in, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    path_base *b = &ws->base;
    draw_flows(in, ws, b);
    for (size_t p = 0; p < sc->n_placements; p++)
        for (size_t k = 0; k < CC_EXIT_ROUTES; k++) {
            /* A percentage leaving a year (a probability) is the hazard -log(1 - pct/100). */
            const double x = cc_param_draw(in, ws, SLOT_ROUTES + p * CC_EXIT_ROUTES + k);
            b->route_hazard[p][k] = sc->placements[p].exit_is_rate[k]
                                        ? x
                                        : (x >= 100.0 ? 12.0 * CERTAIN_MONTHLY_HAZARD
                                                      : -log1p(-x / 100.0));
        }
    for (size_t p = 0; p < sc->n_placements; p++)
        ws->rates.weekly_cost_gbp[p] = cc_param_draw(in, ws, SLOT_COSTS + p);
    for (size_t m = 0; m < sc->n_moves; m++) {
        b->move_prob[m] = cc_monthly_probability(cc_param_draw(in, ws, SLOT_MOVES + m));
        b->move_hazard[m] = hazard_of(b->move_prob[m]);
    }
    /* With a process the first month builds the rates (NaN differs from every multiplier). */
    for (int t = 0; t < CC_PROC_TARGETS; t++)
        ws->process_mult[t] = in->moving != 0 ? (double)NAN : 1.0;
    if (in->moving == 0)
        build_rates(in, b, ws->process_mult, &ws->rates);
}

void cc_rates_restart(const run_inputs *in, workspace *ws)
{
    /* Without a process the rates were built once for the path and never change. */
    if (in->moving != 0)
        for (int t = 0; t < CC_PROC_TARGETS; t++)
            ws->process_mult[t] = (double)NAN;
}

/* ---- the processes ---- */

/* The moves out of each state (band, type), in move order, so that a month's rates need not
 * search every move for each state. */
static void list_state_moves(const cc_scenario *sc, run_inputs *in)
{
    for (size_t b = 0; b < sc->n_bands; b++)
        for (size_t p = 0; p < sc->n_placements; p++) {
            size_t n = 0;
            for (size_t m = 0; m < sc->n_moves; m++)
                if (sc->moves[m].from == (int)p && (sc->moves[m].bands & (1u << b)))
                    in->state_moves[b][p][n++] = (unsigned char)m;
            in->n_state_moves[b][p] = (unsigned char)n;
        }
}

/* Whether a multiplier may move in month t: every process's level is a financial year's, and
 * its dated steps change on their months; in any other month the rates are last month's. */
static void mark_rate_changes(run_inputs *in)
{
    for (size_t i = 0; i < in->res->n_months; i++) {
        bool may = i == 0 || in->year_of_month[i] != in->year_of_month[i - 1];
        for (int t = 0; t < CC_PROC_TARGETS && !may; t++)
            may = (in->moving & (1u << t)) && in->step_factor[t][i] != in->step_factor[t][i - 1];
        in->rates_may_change[i] = may;
    }
}

void cc_processes_prepare(const cc_scenario *sc, run_inputs *in)
{
    list_state_moves(sc, in);
    in->moving = 0;
    for (int t = 0; t < CC_PROC_TARGETS; t++) {
        const cc_process *pr = &sc->processes[t];
        if (cc_process_is_identity(pr))
            continue;
        in->moving |= 1u << t;
        for (size_t i = 0; i < in->res->n_months; i++) {
            const int index = sc->start_month - 1 + (int)i;
            in->step_factor[t][i] =
                cc_process_step_factor(pr, sc->start_year + index / 12, index % 12 + 1);
        }
    }
    mark_rate_changes(in);
}

/* A standard normal deviate by the inverse CDF of one uniform, so that a changed spread moves
 * every path's level monotonically (common random numbers across settings). */
static double normal_deviate(gsl_rng *r)
{
    return gsl_cdf_ugaussian_Pinv(gsl_rng_uniform_pos(r));
}

/* With parameter uncertainty off, every level follows its median path: no level draw, no shocks. */
void cc_processes_draw(const run_inputs *in, workspace *ws)
{
    const cc_scenario *sc = in->sc;
    const size_t n_years = in->res->n_years;
    const bool uncertain = sc->run.parameter_uncertainty;
    for (int t = 0; t < CC_PROC_TARGETS; t++) {
        if (!(in->moving & (1u << t)))
            continue;
        const cc_process *pr = &sc->processes[t];
        double z0 = 0.0, eps[CC_YEARS_MAX] = {0.0}, log_level[CC_YEARS_MAX];
        if (uncertain && pr->level_sd_pct > 0.0) {
            use_stream(ws, PATH_MONTH, SITE_PROCESS_LEVEL + (unsigned)t);
            z0 = normal_deviate(ws->r);
        }
        for (size_t y = 1; uncertain && pr->yearly_sd_pct > 0.0 && y < n_years; y++) {
            use_stream(ws, y, SITE_PROCESS_SHOCK + (unsigned)pr->shock_key);
            eps[y] = normal_deviate(ws->r);
        }
        cc_process_log_levels(pr, z0, eps, n_years, log_level);
        for (size_t y = 0; y < n_years; y++)
            ws->process_level[t][y] = exp(log_level[y]);
    }
}

void cc_rates_month(const run_inputs *in, workspace *ws, size_t t)
{
    if (in->moving == 0 || !in->rates_may_change[t])
        return;
    const size_t y = (size_t)in->year_of_month[t];
    double m[CC_PROC_TARGETS];
    bool changed = false;
    for (int k = 0; k < CC_PROC_TARGETS; k++) {
        m[k] = in->moving & (1u << k) ? ws->process_level[k][y] * in->step_factor[k][t] : 1.0;
        changed |= m[k] != ws->process_mult[k];
    }
    if (!changed)
        return;
    memcpy(ws->process_mult, m, sizeof m);
    build_rates(in, &ws->base, m, &ws->rates);
}

/* Rates added with the people model, each parameter from its own slot: children in assessment
 * (starts and length) and carers turning 60. */
void cc_rates_draw_people(const run_inputs *in, workspace *ws)
{
    path_rates *pr = &ws->rates;
    pr->assessments_starts_per_month = 0.0;
    pr->assessments_end_prob = 0.0;
    if (in->sc->has_assessments) {
        pr->assessments_starts_per_month = cc_param_draw(in, ws, SLOT_ASSESSMENT_STARTS) / 12.0;
        pr->assessments_end_prob =
            1.0 / fmax(1.0, cc_param_draw(in, ws, SLOT_ASSESSMENT_DURATION));
    }
    pr->turning_60_prob = cc_monthly_probability(cc_param_draw(in, ws, SLOT_TURNING_60));
}
