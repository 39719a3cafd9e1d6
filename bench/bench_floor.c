/* The honest floor: the engine's own random draws, replayed. Linked with --wrap for every GSL
 * call through which the engine draws (binomial, Poisson, hypergeometric, discrete, uniforms,
 * and the reseeds of its streams), it records each call with its parameters during one run of
 * the engine, then times (a) the engine on the same paths and (b) the same calls, in the same
 * order with the same parameters and seeds, made from a plain loop with the same generator.
 * Engine / replay is what the engine costs beyond drawing its random numbers.
 * Usage: bench_floor SCENARIO PATHS REPEATS (one thread; prints one line of figures). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/config.h"
#include "bench_util.h"
#include "carecast/engine.h"
#include "engine/engine_internal.h" /* cc_rng_type: the replay uses the same generator */

enum kind { K_SET, K_UNIFORM, K_UNIFORM_POS, K_BINOMIAL, K_POISSON, K_HYPER, K_DISCRETE, K_COUNT };

/* One call: its kind and parameters (a seed, n and p, mu, or n1 n2 t). */
typedef struct call {
    unsigned char kind;
    unsigned a, b, c;
    double x;
} call;

/* The recording: a bench tool's one piece of global state, set only around the recorded run. */
static call *calls;
static size_t n_calls, cap_calls;
static int recording;

static void record(unsigned char kind, unsigned a, unsigned b, unsigned c, double x)
{
    if (!recording)
        return;
    if (n_calls == cap_calls) {
        cap_calls = cap_calls ? 2 * cap_calls : 1u << 20;
        calls = realloc(calls, cap_calls * sizeof *calls);
        if (calls == NULL) {
            fputs("bench_floor: out of memory\n", stderr);
            exit(1);
        }
    }
    calls[n_calls++] = (call){kind, a, b, c, x};
}

/* ---- the wrapped GSL calls (the linker sends the engine's calls here) ---- */

void __real_gsl_rng_set(const gsl_rng *r, unsigned long seed);
double __real_gsl_rng_uniform(const gsl_rng *r);
double __real_gsl_rng_uniform_pos(const gsl_rng *r);
unsigned int __real_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n);
unsigned int __real_gsl_ran_poisson(const gsl_rng *r, double mu);
unsigned int __real_gsl_ran_hypergeometric(const gsl_rng *r, unsigned int n1, unsigned int n2,
                                           unsigned int t);
size_t __real_gsl_ran_discrete(const gsl_rng *r, const gsl_ran_discrete_t *g);

void __wrap_gsl_rng_set(const gsl_rng *r, unsigned long seed);
double __wrap_gsl_rng_uniform(const gsl_rng *r);
double __wrap_gsl_rng_uniform_pos(const gsl_rng *r);
unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n);
unsigned int __wrap_gsl_ran_poisson(const gsl_rng *r, double mu);
unsigned int __wrap_gsl_ran_hypergeometric(const gsl_rng *r, unsigned int n1, unsigned int n2,
                                           unsigned int t);
size_t __wrap_gsl_ran_discrete(const gsl_rng *r, const gsl_ran_discrete_t *g);

void __wrap_gsl_rng_set(const gsl_rng *r, unsigned long seed)
{
    record(K_SET, (unsigned)(seed >> 32), (unsigned)seed, 0, 0.0);
    __real_gsl_rng_set(r, seed);
}

double __wrap_gsl_rng_uniform(const gsl_rng *r)
{
    record(K_UNIFORM, 0, 0, 0, 0.0);
    return __real_gsl_rng_uniform(r);
}

double __wrap_gsl_rng_uniform_pos(const gsl_rng *r)
{
    record(K_UNIFORM_POS, 0, 0, 0, 0.0);
    return __real_gsl_rng_uniform_pos(r);
}

unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n)
{
    record(K_BINOMIAL, n, 0, 0, p);
    return __real_gsl_ran_binomial(r, p, n);
}

unsigned int __wrap_gsl_ran_poisson(const gsl_rng *r, double mu)
{
    record(K_POISSON, 0, 0, 0, mu);
    return __real_gsl_ran_poisson(r, mu);
}

unsigned int __wrap_gsl_ran_hypergeometric(const gsl_rng *r, unsigned int n1, unsigned int n2,
                                           unsigned int t)
{
    record(K_HYPER, n1, n2, t, 0.0);
    return __real_gsl_ran_hypergeometric(r, n1, n2, t);
}

size_t __wrap_gsl_ran_discrete(const gsl_rng *r, const gsl_ran_discrete_t *g)
{
    record(K_DISCRETE, (unsigned)g->K, 0, 0, 0.0);
    return __real_gsl_ran_discrete(r, g);
}

/* ---- timing ---- */

/* The recorded calls again, in order, from a plain loop. A discrete draw is replayed as what
 * gsl_ran_discrete does with its Walker table: one uniform, one comparison. */
static double replay(gsl_rng *r)
{
    unsigned long long sink = 0;
    const double t0 = bench_now();
    for (size_t i = 0; i < n_calls; i++) {
        const call *c = &calls[i];
        switch (c->kind) {
        case K_SET:
            __real_gsl_rng_set(r, ((unsigned long)c->a << 32) | c->b);
            break;
        case K_UNIFORM:
            sink += __real_gsl_rng_uniform(r) < 0.5;
            break;
        case K_UNIFORM_POS:
            sink += __real_gsl_rng_uniform_pos(r) < 0.5;
            break;
        case K_BINOMIAL:
            sink += __real_gsl_ran_binomial(r, c->x, c->a);
            break;
        case K_POISSON:
            sink += __real_gsl_ran_poisson(r, c->x);
            break;
        case K_HYPER:
            sink += __real_gsl_ran_hypergeometric(r, c->a, c->b, c->c);
            break;
        default: {
            const double u = __real_gsl_rng_uniform(r) * (double)c->a;
            sink += (unsigned long long)u + (u - (double)(unsigned long long)u < 0.5);
            break;
        }
        }
    }
    const double t1 = bench_now();
    if (sink == 42)
        fputs("", stderr); /* keeps the draws from being optimised away */
    return t1 - t0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: bench_floor SCENARIO PATHS REPEATS\n", stderr);
        return 2;
    }
    gsl_set_error_handler_off();
    const size_t n_paths = (size_t)strtoul(argv[2], NULL, 10);
    int repeats = atoi(argv[3]);
    repeats = repeats < 1 ? 1 : repeats > 31 ? 31 : repeats;
    cc_scenario *sc = bench_load(argv[1]);
    if (sc == NULL)
        return 2;
    cc_error err = {0};
    cc_results *res = NULL;
    if (cc_results_alloc(sc, n_paths, &res, &err) != CC_OK)
        return 1;
    const cc_run_options ro = {.n_paths = n_paths, .seed = sc->run.seed, .threads = 1};
    recording = 1;
    if (cc_engine_run(sc, &ro, res, &err) != CC_OK)
        return 1;
    recording = 0;
    double engine_s[31], replay_s[31];
    gsl_rng *r = gsl_rng_alloc(cc_rng_type());
    for (int i = 0; i < repeats; i++) {
        const double t0 = bench_now();
        if (cc_engine_run(sc, &ro, res, &err) != CC_OK)
            return 1;
        engine_s[i] = bench_now() - t0;
        replay_s[i] = replay(r);
    }

    size_t by_kind[K_COUNT] = {0};
    for (size_t i = 0; i < n_calls; i++)
        by_kind[calls[i].kind]++;
    const double e = bench_median(engine_s, repeats), f = bench_median(replay_s, repeats);
    /* paths calls reseeds uniforms binomials poissons hypergeometrics discretes engine_s floor_s
     * ratio */
    printf("%zu %zu %zu %zu %zu %zu %zu %zu %.4f %.4f %.2f\n", n_paths, n_calls, by_kind[K_SET],
           by_kind[K_UNIFORM] + by_kind[K_UNIFORM_POS], by_kind[K_BINOMIAL], by_kind[K_POISSON],
           by_kind[K_HYPER], by_kind[K_DISCRETE], e, f, e / f);
    gsl_rng_free(r);
    free(calls);
    cc_results_free(res);
    cc_scenario_free(sc);
    return 0;
}
