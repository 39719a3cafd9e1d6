/* The run: cc_engine_run sets up the shared inputs, gives each thread a workspace and runs the
 * paths in parallel. A path is simulated once with all its initiatives and, when it has any,
 * also without them and with each alone: savings are measured on common random numbers, not
 * assumed. Path p draws only from streams seeded from (seed, p), so results are identical for
 * any thread count and schedule. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "engine/path_internal.h"

/* The path's stocks other than children in care, at the start. */
static void start_state(const cc_scenario *sc, path_state *st)
{
    *st = (path_state){.cin = sc->cin.start_children,
                       .cp = sc->cp.start_children,
                       .assessments = sc->has_assessments ? sc->assessments.start_children : 0};
    st->leavers_to_25 =
        (int)lround(sc->care_leavers.start_young_people * sc->care_leavers.share_supported_to_25);
    st->leavers_to_21 = sc->care_leavers.start_young_people - st->leavers_to_25;
    st->carers_over_60 = (int)lround(sc->carers.households * sc->carers.over_60_share);
    st->carers_under_60 = sc->carers.households - st->carers_over_60;
    cc_staff_start(sc, st);
    cc_uasc_start(sc, st);
    for (size_t i = 0; i < sc->n_allowances; i++)
        st->orders[i] = sc->allowances[i].start_orders;
    st->net_cumulative_gbp = sc->finance.opening_balance_gbp;
}

/* One pass over the horizon of the path whose streams ws->path_seed seeds, with the initiatives
 * in `active` (a bit mask), recorded (when record) in column p of in->res. Every random choice
 * draws from its own (month, site) stream, so passes share their random numbers wherever their
 * choices coincide. The path's parameters, prices and process levels come from per-path
 * streams that no initiative touches: the first pass draws them, later passes reuse them. */
static void simulate(const run_inputs *in, workspace *ws, size_t p, unsigned active, bool record,
                     bool first_pass)
{
    const cc_scenario *sc = in->sc;
    const cc_results *res = in->res;
    if (first_pass) {
        cc_rates_draw(in, ws);
        cc_prices_draw(in, ws);
        cc_processes_draw(in, ws);
        cc_rates_draw_people(in, ws);
    } else {
        cc_rates_restart(in, ws);
    }
    cc_children_start(sc, ws);
    path_state st;
    start_state(sc, &st);
    for (size_t t = 0; t < res->n_months; t++) {
        cc_month_step(in, ws, &st, active, t);
        if (record)
            for (size_t k = 0; k < in->layout.savings; k++)
                cc_results_monthly(res, k, t)[p] = (float)ws->values[k];
    }
}

/* Records savings metric k: the last pass's cost below the cost without initiatives
 * (NaN when per-initiative savings are skipped). */
static void record_savings(const run_inputs *in, const workspace *ws, size_t k, size_t p,
                           bool skipped)
{
    for (size_t t = 0; t < in->res->n_months; t++)
        cc_results_monthly(in->res, k, t)[p] =
            skipped ? (float)NAN : (float)(ws->cost_without[t] - ws->cost_month[t]);
}

/* Runs path number `path` of the run into column p of in->res (a thread's chunk of paths). */
static void run_path(const run_inputs *in, workspace *ws, size_t path, size_t p,
                     unsigned long seed)
{
    const size_t n_init = in->sc->n_initiatives;
    const size_t savings = in->layout.savings;
    const unsigned all = n_init > 0 ? (unsigned)((1ul << n_init) - 1u) : 0u;
    if (n_init > 0) {
        /* Savings are measured, not assumed: the same path without the
         * initiatives, each alone, then all together (recorded). */
        cc_initiatives_draw(in, ws, path, seed);
        ws->path_seed = cc_rng_path_seed(seed, path);
        simulate(in, ws, p, 0u, false, true);
        memcpy(ws->cost_without, ws->cost_month, in->res->n_months * sizeof(double));
        for (size_t i = 0; i < n_init; i++) {
            if (!in->total_savings_only)
                simulate(in, ws, p, 1u << i, false, false);
            record_savings(in, ws, savings + i, p, in->total_savings_only);
        }
    }
    ws->path_seed = cc_rng_path_seed(seed, path);
    simulate(in, ws, p, all, true, n_init == 0);
    if (n_init > 0)
        record_savings(in, ws, savings + n_init, p, false);
}

/* The chunk's paths' years, summarised together, then judged path by path. */
static void judge_chunk(const run_inputs *in, size_t count)
{
    cc_years_summarise(in);
    for (size_t p = 0; p < count; p++) {
        cc_budgets_judge(in, p);
        cc_kpis_judge(in, p);
    }
}

/* ---- the run ---- */

const char *cc_engine_rng_name(void)
{
    return cc_rng_type()->name;
}

/* The levers' factor on a stream of entries in month t: all entries x this stream. */
static double stream_factor(const cc_scenario *sc, size_t t, double stream_pct)
{
    if (!cc_levers_on(sc, t))
        return 1.0;
    return (1.0 + sc->levers.entries_change_pct / 100.0) * (1.0 + stream_pct / 100.0);
}

/* The shared inputs: the calendar (financial year and entry factors of each month), every
 * line's prices by year and the entrants' tables. */
static cc_status inputs_alloc(const cc_scenario *sc, const cc_run_options *opts,
                              cc_results *results, run_inputs **out, cc_error *err)
{
    *out = NULL;
    run_inputs *in = calloc(1, sizeof *in);
    if (in == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory");
    in->sc = sc;
    in->res = results;
    cc_metric_layout_init(sc, &in->layout);
    in->total_savings_only = opts->total_savings_only;
    for (size_t t = 0; t < results->n_months; t++) {
        const int index = sc->start_month - 1 + (int)t;
        const int month = index % 12 + 1, year = sc->start_year + index / 12;
        const int fin = month >= 4 ? year : year - 1;
        in->year_of_month[t] = fin - results->first_fin_year;
        const size_t y = (size_t)in->year_of_month[t];
        if (in->year_months[y]++ == 0)
            in->year_first_month[y] = t;
        in->entries_factor[t] = cc_entries_factor(sc, t, month);
        in->cp_entries_factor[t] = stream_factor(sc, t, sc->levers.entries_from_cp_change_pct);
        in->uasc_factor[t] = stream_factor(sc, t, sc->levers.uasc_change_pct);
    }
    cc_processes_prepare(sc, in);
    cc_line_prices_init(sc, results, &in->prices);
    cc_capacity_prepare(sc, in);
    cc_budgets_prepare(sc, in);
    cc_levers_prepare(sc, in);
    cc_staff_prepare(sc, in);
    const int threads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
    if (cc_entry_tables_alloc(sc, in) != 0 || cc_param_tables_alloc(sc, in, threads) != 0) {
        cc_entry_tables_free(in);
        free(in->tables);
        free(in);
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory for entry tables");
    }
    *out = in;
    return CC_OK;
}

static void inputs_free(run_inputs *in)
{
    cc_entry_tables_free(in);
    free(in->tables);
    free(in);
}

static void add_counts(cc_draw_counts *total, const cc_draw_counts *c)
{
    total->binomial += c->binomial;
    total->poisson += c->poisson;
    total->hypergeometric += c->hypergeometric;
    total->discrete += c->discrete;
    total->binomial_sum_n += c->binomial_sum_n;
    total->binomial_sum_p += c->binomial_sum_p;
    total->poisson_sum_mu += c->poisson_sum_mu;
}

/* ---- chunks of paths ----
 * A thread runs CHUNK_PATHS consecutive paths into its own small cc_results (one column per
 * path), then copies each (metric, period) row of the chunk into the run's results in one piece:
 * the path loop then writes to a few hundred kilobytes that stay in cache instead of scattering
 * single floats over the whole store. The thread's copy of the run inputs points res at its
 * chunk, so the engine's files record into it unchanged. */

#define CHUNK_PATHS CC_CHUNK_PATHS

/* One thread's working memory: the workspace, and the chunk its paths are recorded in. */
typedef struct worker {
    workspace *ws;
    cc_results *chunk;
    run_inputs in; /* the run's inputs with res = chunk */
} worker;

static void worker_free(worker *w)
{
    if (w == NULL)
        return;
    if (w->ws != NULL)
        gsl_rng_free(w->ws->r);
    free(w->ws);
    cc_results_free(w->chunk);
    free(w);
}

static worker *worker_alloc(const run_inputs *in)
{
    worker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    cc_error err;
    w->ws = calloc(1, sizeof *w->ws);
    if (w->ws == NULL || (w->ws->r = gsl_rng_alloc(cc_rng_type())) == NULL ||
        cc_results_alloc(in->sc, CHUNK_PATHS, &w->chunk, &err) != CC_OK) {
        worker_free(w);
        return NULL;
    }
    w->in = *in;
    w->in.res = w->chunk;
    return w;
}

/* A row of count paths; a whole chunk's row is a copy of known size, which the compiler
 * inlines (a call to memcpy per 64 bytes cost more than the copy). */
static void copy_row(float *to, const float *from, size_t count)
{
    if (count == CHUNK_PATHS)
        memcpy(to, from, CHUNK_PATHS * sizeof(float));
    else
        memcpy(to, from, count * sizeof(float));
}

/* Copies paths [first, first + count) from the chunk into the run's results: every row but the
 * monthly rows of annual-only metrics, which nothing writes. */
static void store_chunk(const cc_results *chunk, cc_results *res, size_t first, size_t count)
{
    for (size_t k = 0; k < res->n_metrics; k++) {
        if (res->metrics[k].kind != CC_METRIC_ANNUAL_ONLY)
            for (size_t t = 0; t < res->n_months; t++)
                copy_row(cc_results_monthly(res, k, t) + first, cc_results_monthly(chunk, k, t),
                         count);
        for (size_t y = 0; y < res->n_years; y++)
            copy_row(cc_results_annual(res, k, y) + first, cc_results_annual(chunk, k, y), count);
    }
}

/* Runs every path on `threads` threads, each with its own worker; returns non-zero when a
 * worker could not be allocated (no path then runs on any thread after it is noticed). */
static int run_paths(const run_inputs *in, const cc_run_options *opts, int threads)
{
    size_t completed = 0;
    int failed = 0;
    const long n_chunks = (long)((opts->n_paths + CHUNK_PATHS - 1) / CHUNK_PATHS);
#pragma omp parallel num_threads(threads)
    {
        worker *w = worker_alloc(in);
        if (w == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long c = 0; c < n_chunks; c++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (stop || (opts->cancel != NULL && atomic_load(opts->cancel)))
                continue;
            const size_t first = (size_t)c * CHUNK_PATHS;
            const size_t count =
                opts->n_paths - first < CHUNK_PATHS ? opts->n_paths - first : CHUNK_PATHS;
            for (size_t i = 0; i < count; i++) {
                run_path(&w->in, w->ws, opts->first_path + first + i, i, opts->seed);
                size_t done;
#pragma omp atomic capture
                done = ++completed;
                if (opts->progress != NULL && omp_get_thread_num() == 0)
                    opts->progress(opts->progress_context, done, opts->n_paths);
            }
            judge_chunk(&w->in, count);
            store_chunk(w->chunk, in->res, first, count);
        }
        if (w != NULL && opts->counts != NULL) {
#pragma omp critical(cc_engine_counts)
            add_counts(opts->counts, &w->ws->drawn);
        }
        worker_free(w);
    }
    return failed;
}

cc_status cc_engine_run(const cc_scenario *scenario, const cc_run_options *opts,
                        cc_results *results, cc_error *err)
{
    if (opts->n_paths > results->n_paths)
        return cc_error_set(err, CC_ERR_INVALID, "engine: %zu paths but results hold %zu",
                            opts->n_paths, results->n_paths);
    run_inputs *in = NULL;
    const cc_status status = inputs_alloc(scenario, opts, results, &in, err);
    if (status != CC_OK)
        return status;
    const int threads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
    const int failed = run_paths(in, opts, threads);
    inputs_free(in);
    if (failed)
        return cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory for thread workspaces");
    if (opts->cancel != NULL && atomic_load(opts->cancel))
        return cc_error_set(err, CC_ERR_CANCELLED, "engine: run cancelled");
    return CC_OK;
}

cc_status cc_path_fill(const cc_path_source *source, const cc_scenario *scenario,
                       const cc_run_options *opts, cc_results *results, cc_error *err)
{
    if (source == NULL)
        return cc_engine_run(scenario, opts, results, err);
    return source->fill(source->context, opts, results, err);
}

cc_status cc_engine_draw_parameters(const cc_scenario *scenario, unsigned long seed, size_t first,
                                    size_t n_paths, double *values, cc_error *err)
{
    cc_results *res = NULL;
    cc_status st = cc_results_alloc(scenario, 1, &res, err);
    run_inputs *in = NULL;
    const cc_run_options opts = {.n_paths = 1, .seed = seed};
    if (st == CC_OK)
        st = inputs_alloc(scenario, &opts, res, &in, err);
    workspace *ws = st == CC_OK ? calloc(1, sizeof *ws) : NULL;
    if (st == CC_OK && (ws == NULL || (ws->r = gsl_rng_alloc(cc_rng_type())) == NULL))
        st = cc_error_set(err, CC_ERR_NOMEM, "engine: out of memory");
    for (size_t i = 0; st == CC_OK && i < n_paths; i++) {
        ws->path_seed = cc_rng_path_seed(seed, first + i);
        for (size_t slot = 0; slot < CC_PARAM_SLOTS; slot++)
            values[i * CC_PARAM_SLOTS + slot] = cc_slot_param(scenario, slot) != NULL
                                                    ? cc_param_draw(in, ws, slot)
                                                    : (double)NAN;
    }
    if (ws != NULL)
        gsl_rng_free(ws->r);
    free(ws);
    if (in != NULL)
        inputs_free(in);
    cc_results_free(res);
    return st;
}
