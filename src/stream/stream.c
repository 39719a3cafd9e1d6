/* A bounded run: paths simulated a round at a time into a small results block (the engine runs
 * each round on every thread), then every quantity absorbs the round's values (in parallel, one
 * thread per quantity, so each quantity sees its paths in order). Passes:
 *   1. the pilot: rounds from path 0, counting each quantity into buckets laid out from the
 *      first round, until the buckets its percentiles can fall in are known closely enough for
 *      their values to fit the budget (or every path was counted);
 *   2. every path: moments, exact counts, and the values of those buckets kept;
 *   3. rarely, more: the exact buckets of percentiles the pilot missed, as many quantities at a
 *      time as the budget allows.
 * Memory: one round of paths, every quantity's buckets and moment tree, and the budget. */
#include <math.h>
#include <stdint.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/stream.h"
#include "stream/stream_internal.h"

typedef struct stream {
    const cc_scenario *sc;
    cc_run_options ro;        /* the caller's */
    stream_source source;
    cc_stream_options so;
    cc_results *res;          /* described; its summary is filled at the end */
    cc_results *round;        /* so.round_paths paths of values */
    size_t n_q;
    quantity *q;
    bucket *buckets;          /* [n_q][STREAM_SLOTS] */
    unsigned char *marks;     /* [n_q][STREAM_SLOTS] */
    float *scratch;           /* [threads][2 round_paths]: a sum of metrics, and a copy */
    uint32_t *slots;          /* [threads][round_paths]: the slots of a quantity's values */
    int threads;
    atomic_size_t budget;     /* floats that may still be kept */
    size_t budget_floats;
    size_t simulated, expected; /* paths, for progress */
    cc_stream_report report;
} stream;

/* ---- the quantities' values in a round ---- */

static const float *values_of(const stream *s, size_t i, size_t count, float *scratch)
{
    const cc_results *r = s->round, *res = s->res;
    const size_t monthly = res->n_metrics * res->n_months, annual = res->n_metrics * res->n_years;
    if (i < monthly)
        return cc_results_monthly(r, i / res->n_months, i % res->n_months);
    if (i - monthly < annual)
        return cc_results_annual(r, (i - monthly) / res->n_years, (i - monthly) % res->n_years);
    i -= monthly + annual;
    const cc_summary_plan *plan = &s->so.plan;
    for (size_t k = 0; k < plan->n_sums; k++) {
        const cc_metric_sum *m = &plan->sums[k];
        const size_t n_periods = m->annual ? res->n_years : res->n_months;
        if (i >= n_periods) {
            i -= n_periods;
            continue;
        }
        /* Added in float, metric by metric, as cc_path_stats adds them. */
        for (size_t p = 0; p < count; p++)
            scratch[p] = 0.0f;
        for (size_t j = 0; j < m->nk; j++) {
            const float *v = m->annual ? cc_results_annual(r, (size_t)m->ks[j], i)
                                       : cc_results_monthly(r, (size_t)m->ks[j], i);
            for (size_t p = 0; p < count; p++)
                scratch[p] += v[p];
        }
        return scratch;
    }
    return NULL;
}

static void absorb_round(stream *s, size_t count, unsigned what)
{
    const long n_q = (long)s->n_q;
#pragma omp parallel num_threads(s->threads)
    {
        const size_t thread = (size_t)omp_get_thread_num();
        float *scratch = s->scratch + thread * 2 * s->so.round_paths;
        uint32_t *slots = s->slots + thread * s->so.round_paths;
#pragma omp for schedule(dynamic, 16)
        for (long i = 0; i < n_q; i++)
            if (cc_quantity_absorbs(&s->q[i], what))
                cc_quantity_absorb(&s->q[i], values_of(s, (size_t)i, count, scratch), count,
                                   what, &s->budget, scratch + s->so.round_paths, slots);
    }
}

/* ---- passes ---- */

/* Values the pilot's plan expects to keep over all n paths, after m were counted. */
static double plan_gathering(stream *s, size_t m, size_t n)
{
    double expected = 0.0;
    const long n_q = (long)s->n_q;
    const cc_summary_plan *plan = &s->so.plan;
#pragma omp parallel for num_threads(s->threads) schedule(dynamic, 16) reduction(+ : expected)
    for (long i = 0; i < n_q; i++)
        expected += cc_quantity_plan_gather(&s->q[i], m, n, plan->levels, plan->n_levels);
    return expected;
}

/* Simulating a path costs about as much as keeping and selecting among this many values per
 * quantity (measured on the baseline: 0.4 ms a path, 13 ns a value, 6,700 quantities). */
#define PATH_COST_VALUES 5.0

/* Whether a pilot of m paths has gone far enough: its plan for pass 2 fits three quarters of the
 * budget, and one more round would save less keeping than it costs to simulate (the values to
 * keep fall as 1 / sqrt(m), so a round of r paths saves about planned r / 2m). */
static bool pilot_done(const stream *s, size_t m, double planned)
{
    return planned <= 0.75 * (double)s->budget_floats &&
           planned <= 2.0 * (double)m * PATH_COST_VALUES * (double)s->n_q;
}

/* The first goal whose metric has no value in its period (NaN on every path, or a month of an
 * annual-only metric), or -1. */
static int undefined_goal(const stream *s)
{
    const cc_precision *p = s->so.precision;
    for (size_t i = 0; i < p->n_goals; i++) {
        const cc_precision_goal *g = &p->goals[i];
        const unsigned char stage =
            s->q[cc_results_quantity(s->res, g->annual, -1, g->k, g->period)].stage;
        if (stage == Q_NAN || stage == Q_UNTRACKED)
            return (int)i;
    }
    return -1;
}

/* Whether the goals of a run to a precision are met by the m paths counted so far. */
static bool goals_met(stream *s, size_t m)
{
    const cc_precision *p = s->so.precision;
    cc_precision_report *r = &s->report.precision;
    bool met = true;
    for (size_t i = 0; i < p->n_goals; i++) {
        const cc_precision_goal *g = &p->goals[i];
        const quantity *q = &s->q[cc_results_quantity(s->res, g->annual, -1, g->k, g->period)];
        const cc_moments m_goal = cc_moment_tree_total(&q->tree);
        met &= q->stage != Q_NAN && cc_precision_met(g, &m_goal, &r->se[i], &r->mean[i]);
    }
    r->n_paths = m;
    r->met = met;
    return met;
}

/* Whether a pilot of m paths of n should stop: a run to a precision when its goals are met,
 * else when pilot_done. */
static bool pilot_stops(stream *s, size_t m, size_t n)
{
    if (s->so.precision != NULL)
        return undefined_goal(s) >= 0 || goals_met(s, m);
    return m < n && pilot_done(s, m, plan_gathering(s, m, n));
}

/* Simulates paths [0, n) a round at a time, each absorbed with `what`. A pilot stops after
 * the first round at which pilot_stops; *done: paths simulated. */
static cc_status run_pass(stream *s, size_t n, unsigned what, bool pilot, cc_draw_counts *counts,
                          size_t *done, cc_error *err)
{
    size_t first = 0;
    while (first < n) {
        const size_t count = n - first < s->so.round_paths ? n - first : s->so.round_paths;
        const cc_status st = s->source.fill(s->source.context, first, count, s->round, counts, err);
        if (st != CC_OK)
            return st;
        absorb_round(s, count, what);
        first += count;
        s->simulated += count;
        if (s->ro.progress != NULL)
            s->ro.progress(s->ro.progress_context, s->simulated, s->expected);
        if (pilot && pilot_stops(s, first, n))
            break;
    }
    *done = first;
    s->report.paths_simulated += first;
    return CC_OK;
}

/* Every quantity's percentiles from the buckets counted over all n paths and the values kept;
 * returns how many values the quantities still unresolved need kept. */
static size_t resolve(stream *s, size_t n)
{
    size_t needed = 0, missed = 0, overflowed = 0;
    const long n_q = (long)s->n_q;
    const cc_summary_plan *plan = &s->so.plan;
    cc_path_summary *sum = s->res->summary;
#pragma omp parallel for num_threads(s->threads) schedule(dynamic, 16) \
    reduction(+ : needed, missed, overflowed)
    for (long i = 0; i < n_q; i++) {
        quantity *q = &s->q[i];
        if (q->stage == Q_GATHERING || q->stage == Q_COUNTING || q->stage == Q_RECOUNTING) {
            sum->moments[i] = cc_moment_tree_total(&q->tree);
            const bool outgrew = q->overflowed;
            const size_t more = cc_quantity_resolve(q, n, &sum->moments[i], plan->levels,
                                                    plan->n_levels, sum->at + (size_t)i * plan->n_levels);
            cc_quantity_release(q, &s->budget);
            needed += more;
            overflowed += more > 0 && outgrew;
            missed += more > 0 && !outgrew;
        }
    }
    if (s->report.pilot_paths < n && s->report.passes == 1) { /* just after the second pass */
        s->report.missed = missed;
        s->report.overflowed = overflowed;
    }
    return needed;
}

/* A quantity keeps at most this many values in a pass (a 32nd of the paths, and 256): one that
 * needs more settles its lowest rank first, counting again over narrower buckets if need be. */
static size_t relayout_above(size_t n)
{
    return n / 32 + 256;
}

#define MAX_PASSES 64 /* a guard: each pass narrows or settles every quantity it touches */

/* Chooses what each unresolved quantity does in the next pass: recount over narrower buckets,
 * keep its values (as many quantities as the budget holds), or wait. Returns the values to
 * keep, or SIZE_MAX when one quantity alone needs more than the budget. */
static size_t plan_finish(stream *s, size_t n, size_t needed, size_t *too_many)
{
    /* When the budget holds every value still needed, one pass keeps them all. */
    const size_t most = needed <= s->budget_floats ? SIZE_MAX : relayout_above(n);
    size_t planned = 0;
    for (size_t i = 0; i < s->n_q; i++) {
        quantity *q = &s->q[i];
        if (q->stage != Q_GATHERING && q->stage != Q_COUNTING && q->stage != Q_RECOUNTING)
            continue;
        const size_t want = cc_quantity_plan_finish(q, most);
        if (q->stage == Q_RECOUNTING)
            continue;
        if (want > s->budget_floats) {
            *too_many = want;
            return SIZE_MAX;
        }
        const bool fits = planned + want <= s->budget_floats;
        q->stage = fits ? Q_GATHERING : Q_COUNTING; /* counting: waits for a later pass */
        if (fits && !cc_quantity_reserve(q, want, &s->budget))
            return SIZE_MAX;
        planned += fits ? want : 0u;
    }
    return planned;
}

/* Passes that settle the percentiles still unresolved after every path was counted: each
 * quantity's exact buckets kept, or (when they hold too many values) counted again narrower. */
static cc_status finish(stream *s, size_t n, cc_error *err)
{
    size_t needed = resolve(s, n);
    while (needed > 0) {
        size_t too_many = 0;
        const size_t planned = plan_finish(s, n, needed, &too_many);
        if (planned == SIZE_MAX && too_many > 0)
            return cc_error_set(err, CC_ERR_NOMEM,
                                "bounded run: a percentile's bucket holds %zu values, more "
                                "than the %zu the memory budget keeps",
                                too_many, s->budget_floats);
        if (planned == SIZE_MAX)
            return cc_error_set(err, CC_ERR_NOMEM, "bounded run: out of memory");
        if (s->report.passes >= MAX_PASSES)
            return cc_error_set(err, CC_ERR_NUMERIC,
                                "bounded run: percentiles not settled after %d passes",
                                MAX_PASSES);
        if (planned > s->report.gathered_max)
            s->report.gathered_max = planned;
        s->expected = s->simulated + n;
        size_t done = 0;
        const cc_status st = run_pass(s, n, ABSORB_FINISH, false, NULL, &done, err);
        if (st != CC_OK)
            return st;
        s->report.passes++;
        needed = resolve(s, n);
    }
    return CC_OK;
}

/* ---- setting up ---- */

static void stream_free(stream *s)
{
    if (s->q != NULL)
        for (size_t i = 0; i < s->n_q; i++)
            free(s->q[i].kept);
    free(s->q);
    free(s->buckets);
    free(s->marks);
    free(s->scratch);
    free(s->slots);
    cc_results_free(s->round);
    cc_results_free(s->res);
}

static size_t round_paths(const cc_stream_options *so)
{
    const size_t r = so->round_paths > 0 ? so->round_paths : CC_STREAM_ROUND_PATHS;
    return (r + CC_STATS_LEAF - 1) / CC_STATS_LEAF * CC_STATS_LEAF;
}

static cc_status stream_init(stream *s, const cc_scenario *sc, const cc_run_options *ro,
                             const cc_stream_options *so, const stream_source *source,
                             cc_error *err)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->ro = *ro;
    s->source = *source;
    s->so = *so;
    s->so.round_paths = so->precision != NULL ? CC_PRECISION_BLOCK : round_paths(so);
    s->budget_floats = (so->budget_bytes > 0 ? so->budget_bytes : CC_STREAM_BUDGET_BYTES) /
                       sizeof(float);
    atomic_init(&s->budget, s->budget_floats);
    s->threads = ro->threads > 0 ? ro->threads : omp_get_max_threads();
    s->res = calloc(1, sizeof *s->res);
    if (s->res == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "bounded run: out of memory");
    cc_status st = cc_results_describe(sc, ro->n_paths, s->res, err);
    if (st == CC_OK)
        st = cc_results_summary_alloc(s->res, &so->plan, err);
    if (st == CC_OK)
        st = cc_results_alloc(sc, s->so.round_paths, &s->round, err);
    if (st != CC_OK)
        return st;
    s->n_q = s->res->summary->n_quantities;
    s->q = calloc(s->n_q, sizeof *s->q);
    s->buckets = malloc(s->n_q * STREAM_SLOTS * sizeof *s->buckets);
    s->marks = calloc(s->n_q * STREAM_SLOTS, 1);
    s->scratch = malloc((size_t)s->threads * 2 * s->so.round_paths * sizeof *s->scratch);
    s->slots = malloc((size_t)s->threads * s->so.round_paths * sizeof *s->slots);
    if (s->q == NULL || s->buckets == NULL || s->marks == NULL || s->scratch == NULL ||
        s->slots == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "bounded run: out of memory for %zu quantities",
                            s->n_q);
    const cc_results *res = s->res;
    for (size_t i = 0; i < s->n_q; i++) {
        quantity *q = &s->q[i];
        q->b = s->buckets + i * STREAM_SLOTS;
        q->mark = s->marks + i * STREAM_SLOTS;
        cc_moment_tree_init(&q->tree);
        const bool monthly_row = i < res->n_metrics * res->n_months;
        q->stage = monthly_row && res->metrics[i / res->n_months].kind == CC_METRIC_ANNUAL_ONLY
                       ? Q_UNTRACKED
                       : Q_COUNTING;
    }
    return CC_OK;
}

/* The statistics of quantities with none (no values, or NaN on every path). */
static void mark_undefined(stream *s)
{
    cc_path_summary *sum = s->res->summary;
    for (size_t i = 0; i < s->n_q; i++)
        if (s->q[i].stage == Q_UNTRACKED || s->q[i].stage == Q_NAN) {
            sum->moments[i] = (cc_moments){0};
            for (size_t l = 0; l < sum->plan.n_levels; l++)
                sum->at[i * sum->plan.n_levels + l] = (double)NAN;
        }
}

static cc_status stream_passes(stream *s, cc_error *err)
{
    size_t n = s->ro.n_paths;
    s->expected = 2 * n;
    size_t m = 0;
    cc_draw_counts pilot_counts = {0};
    cc_status st = run_pass(s, n, ABSORB_COUNT | ABSORB_MOMENTS, true, &pilot_counts, &m, err);
    if (st != CC_OK)
        return st;
    s->report.pilot_paths = m;
    const int undefined = s->so.precision != NULL ? undefined_goal(s) : -1;
    if (undefined >= 0)
        return cc_error_set(err, CC_ERR_INVALID, "precision: %s has no value in that %s",
                            s->res->metrics[s->so.precision->goals[undefined].k].name,
                            s->so.precision->goals[undefined].annual ? "year" : "month");
    if (s->so.precision != NULL) {
        /* The run is the paths the goals took: a run of that many, counted whole. */
        goals_met(s, m);
        n = s->res->n_paths = s->ro.n_paths = m;
    }
    if (m == n) {
        /* The pilot counted every path: what it found is exact. */
        if (s->ro.counts != NULL)
            *s->ro.counts = pilot_counts;
    } else {
        s->expected = m + n;
        const double planned = plan_gathering(s, m, n);
        s->report.gathered_max = (size_t)planned;
        /* Each quantity gets room for what the pilot expects of it (and a little more), so
         * that none runs out of budget because others grew in larger steps. */
        for (size_t i = 0; i < s->n_q; i++)
            if (s->q[i].stage == Q_COUNTING) {
                s->q[i].stage = Q_GATHERING;
                cc_quantity_recount(&s->q[i]);
                const size_t room = (size_t)(1.05 * s->q[i].expected) + 64u;
                if (room > atomic_load(&s->budget) ||
                    !cc_quantity_reserve(&s->q[i], room, &s->budget))
                    return cc_error_set(err, CC_ERR_NOMEM, "bounded run: out of memory");
            }
        size_t done = 0;
        st = run_pass(s, n, ABSORB_COUNT | ABSORB_MOMENTS | ABSORB_GATHER, false, s->ro.counts,
                      &done, err);
        if (st != CC_OK)
            return st;
        s->report.passes++;
    }
    st = finish(s, n, err);
    mark_undefined(s);
    return st;
}

cc_status cc_stream_summarise(const cc_scenario *scenario, const cc_run_options *ro,
                              const cc_stream_options *so, const stream_source *source,
                              cc_results **out, cc_stream_report *report, cc_error *err)
{
    *out = NULL;
    stream s;
    cc_status st = stream_init(&s, scenario, ro, so, source, err);
    if (st == CC_OK)
        st = stream_passes(&s, err);
    if (st == CC_OK) {
        *out = s.res;
        s.res = NULL;
        if (report != NULL)
            *report = s.report;
    }
    stream_free(&s);
    return st;
}

/* ---- the engine as the source ---- */

typedef struct engine_source {
    const cc_scenario *sc;
    cc_run_options ro; /* the caller's, without progress (the stream shows its own) */
    const cc_path_source *paths;
} engine_source;

static cc_status engine_fill(void *context, size_t first, size_t count, cc_results *round,
                             cc_draw_counts *counts, cc_error *err)
{
    engine_source *e = context;
    cc_run_options ro = e->ro;
    ro.first_path = first;
    ro.n_paths = count;
    ro.counts = counts;
    return cc_path_fill(e->paths, e->sc, &ro, round, err);
}

cc_status cc_stream_run(const cc_scenario *scenario, const cc_run_options *ro,
                        const cc_stream_options *so, cc_results **out, cc_stream_report *report,
                        cc_error *err)
{
    *out = NULL;
    if (ro->first_path != 0)
        return cc_error_set(err, CC_ERR_INVALID, "bounded run: paths must start at 0");
    engine_source e = {scenario, *ro, so->source};
    e.ro.progress = NULL;
    const stream_source source = {engine_fill, &e};
    return cc_stream_summarise(scenario, ro, so, &source, out, report, err);
}

/* ---- memory ---- */

size_t cc_stream_stored_bytes(const cc_scenario *scenario, size_t n_paths)
{
    cc_results r;
    cc_error err;
    if (cc_results_describe(scenario, 1, &r, &err) != CC_OK)
        return 0;
    return r.n_metrics * (r.n_months + r.n_years) * sizeof(float) * n_paths;
}

size_t cc_stream_memory_bytes(const cc_scenario *scenario, const cc_stream_options *so)
{
    cc_results r;
    cc_error err;
    if (cc_results_describe(scenario, 1, &r, &err) != CC_OK)
        return 0;
    const size_t n_q = cc_results_n_quantities(&r, &so->plan);
    const size_t per_quantity = STREAM_SLOTS * (sizeof(bucket) + 1) + sizeof(quantity) +
                                sizeof(cc_moments) + so->plan.n_levels * sizeof(double);
    const size_t budget = so->budget_bytes > 0 ? so->budget_bytes : CC_STREAM_BUDGET_BYTES;
    return n_q * per_quantity + cc_stream_stored_bytes(scenario, round_paths(so)) + budget;
}
