/* Benchmark: times the engine and the summary for one scenario and path count,
 * reports peak memory, and times the floor: drawing the same number of random
 * variates (same kinds, mean parameters) from GSL alone on one thread.
 * Usage: bench_engine SCENARIO PATHS REPEATS THREADS */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/config.h"
#include "bench_util.h"
#include "carecast/engine.h"
#include "carecast/output.h"
#include "core/rng_internal.h" /* cc_rng_type: the floor uses the same generator */


/* Draws the counted variates with their mean parameters; returns seconds. */
static double floor_seconds(const cc_draw_counts *c)
{
    gsl_rng *r = gsl_rng_alloc(cc_rng_type()); /* the engine's generator */
    const unsigned int n = (unsigned int)(c->binomial_sum_n / (double)(c->binomial ? c->binomial : 1) + 0.5);
    const double p = c->binomial_sum_p / (double)(c->binomial ? c->binomial : 1);
    const double mu = c->poisson_sum_mu / (double)(c->poisson ? c->poisson : 1);
    unsigned long long sink = 0;
    const double t0 = bench_now();
    for (unsigned long long i = 0; i < c->binomial; i++)
        sink += gsl_ran_binomial(r, p, n);
    for (unsigned long long i = 0; i < c->poisson; i++)
        sink += gsl_ran_poisson(r, mu);
    for (unsigned long long i = 0; i < c->hypergeometric; i++)
        sink += gsl_ran_hypergeometric(r, 5, 20, 3);
    for (unsigned long long i = 0; i < c->discrete; i++)
        sink += (unsigned long long)(gsl_rng_uniform(r) * 8.0);
    const double t1 = bench_now();
    gsl_rng_free(r);
    if (sink == 42)
        fputs("", stderr); /* keeps the draws from being optimised away */
    return t1 - t0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: bench_engine SCENARIO PATHS REPEATS THREADS\n", stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    const size_t n_paths = (size_t)strtoul(argv[2], NULL, 10);
    const int repeats = atoi(argv[3]), threads = atoi(argv[4]);
    cc_scenario *sc = bench_load(argv[1]);
    if (sc == NULL)
        return 2;
    cc_error err = {0};
    cc_results *res = NULL;
    if (cc_results_alloc(sc, n_paths, &res, &err) != CC_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double engine_s[32], summary_s[32];
    cc_draw_counts counts = {0};
    for (int i = 0; i < repeats && i < 32; i++) {
        cc_draw_counts c = {0};
        cc_run_options ro = {.n_paths = n_paths, .seed = sc->run.seed, .threads = threads,
                             .counts = &c};
        const double t0 = bench_now();
        if (cc_engine_run(sc, &ro, res, &err) != CC_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        const double t1 = bench_now();
        cc_summary *summary = NULL;
        if (cc_summary_alloc(res, sc->run.percentiles, sc->run.n_percentiles, threads, &summary,
                             &err) != CC_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        const double t2 = bench_now();
        cc_summary_free(summary);
        engine_s[i] = t1 - t0;
        summary_s[i] = t2 - t1;
        counts = c;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const unsigned long long draws =
        counts.binomial + counts.poisson + counts.hypergeometric + counts.discrete;
    const double floor_s = threads == 1 ? floor_seconds(&counts) : 0.0;
    const double e = bench_median(engine_s, repeats), s = bench_median(summary_s, repeats);
    /* paths months threads engine_s summary_s total_s paths_per_s peak_mib draws floor_s */
    printf("%zu %d %d %.4f %.4f %.4f %.0f %.1f %llu %.4f %zu\n", n_paths, sc->run.horizon_months,
           threads, e, s, e + s, (double)n_paths / (e + s), (double)ru.ru_maxrss / 1024.0, draws,
           floor_s, res->n_metrics);
    cc_results_free(res);
    cc_scenario_free(sc);
    return 0;
}
