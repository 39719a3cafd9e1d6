/* The honest floor: the engine's own random draws, replayed. The engine is built a second time
 * for this program with CC_RECORD_DRAWS (cc_engine_recorded, with the workforce model): its inline
 * samplers (src/core/rng_internal.h: reseeds of its streams, uniforms, binomials, Poisson and
 * discrete draws, the workforce's included) call cc_draw_record below, and the GSL calls it still
 * makes directly (uniforms from the parameters and prices, hypergeometric draws) are caught by the
 * linker's --wrap. One run of the engine is recorded, each call with its parameters; then
 * the program times (a) the engine on the same paths and (b) the same calls, in the same order
 * with the same parameters and seeds, made from a plain loop with the same generator and the same
 * samplers. Engine / replay is what the engine costs beyond drawing its random numbers. The
 * engine timed here carries the idle recording hooks (a call each draw); bench/run.sh times the
 * engine itself with bench_engine.
 * Usage: bench_floor SCENARIO PATHS REPEATS (one thread; prints one line of figures), or with a
 * fourth argument "sites", the floor broken down by what the draws decide (print_sites). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/config.h"
#include "bench_util.h"
#include "carecast/engine.h"
#include "core/rng_internal.h" /* the replay uses the same generator and the same samplers */
#include "engine/engine_internal.h" /* cc_draw_site_group */

enum kind {
    K_RESEED,       /* the engine's own samplers (rng_internal.h) */
    K_UNIFORM,
    K_BINOMIAL,
    K_POISSON,
    K_DISCRETE,
    K_GSL_SET,      /* GSL called directly */
    K_GSL_UNIFORM,
    K_GSL_UNIFORM_POS,
    K_GSL_BINOMIAL,
    K_GSL_POISSON,
    K_GSL_HYPER,
    K_COUNT
};

/* One call: its kind and parameters (a 64-bit key in a:b, n and p, mu, n1 n2 t, or K). */
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

/* ---- the engine's samplers report here (CC_RECORD_DRAWS) ---- */

void cc_draw_record(enum cc_draw_kind kind, uint64_t a, double x)
{
    static const unsigned char kinds[] = {
        [CC_DRAW_RESEED] = K_RESEED,     [CC_DRAW_UNIFORM] = K_UNIFORM,
        [CC_DRAW_BINOMIAL] = K_BINOMIAL, [CC_DRAW_POISSON] = K_POISSON,
        [CC_DRAW_DISCRETE] = K_DISCRETE};
    record(kinds[kind], (unsigned)(a >> 32), (unsigned)a, 0, x);
}

/* ---- the GSL calls the engine still makes (the linker sends them here) ---- */

void __real_gsl_rng_set(const gsl_rng *r, unsigned long seed);
double __real_gsl_rng_uniform(const gsl_rng *r);
double __real_gsl_rng_uniform_pos(const gsl_rng *r);
unsigned int __real_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n);
unsigned int __real_gsl_ran_poisson(const gsl_rng *r, double mu);
unsigned int __real_gsl_ran_hypergeometric(const gsl_rng *r, unsigned int n1, unsigned int n2,
                                           unsigned int t);

void __wrap_gsl_rng_set(const gsl_rng *r, unsigned long seed);
double __wrap_gsl_rng_uniform(const gsl_rng *r);
double __wrap_gsl_rng_uniform_pos(const gsl_rng *r);
unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n);
unsigned int __wrap_gsl_ran_poisson(const gsl_rng *r, double mu);
unsigned int __wrap_gsl_ran_hypergeometric(const gsl_rng *r, unsigned int n1, unsigned int n2,
                                           unsigned int t);

void __wrap_gsl_rng_set(const gsl_rng *r, unsigned long seed)
{
    record(K_GSL_SET, (unsigned)(seed >> 32), (unsigned)seed, 0, 0.0);
    __real_gsl_rng_set(r, seed);
}

double __wrap_gsl_rng_uniform(const gsl_rng *r)
{
    record(K_GSL_UNIFORM, 0, 0, 0, 0.0);
    return __real_gsl_rng_uniform(r);
}

double __wrap_gsl_rng_uniform_pos(const gsl_rng *r)
{
    record(K_GSL_UNIFORM_POS, 0, 0, 0, 0.0);
    return __real_gsl_rng_uniform_pos(r);
}

unsigned int __wrap_gsl_ran_binomial(const gsl_rng *r, double p, unsigned int n)
{
    record(K_GSL_BINOMIAL, n, 0, 0, p);
    return __real_gsl_ran_binomial(r, p, n);
}

unsigned int __wrap_gsl_ran_poisson(const gsl_rng *r, double mu)
{
    record(K_GSL_POISSON, 0, 0, 0, mu);
    return __real_gsl_ran_poisson(r, mu);
}

unsigned int __wrap_gsl_ran_hypergeometric(const gsl_rng *r, unsigned int n1, unsigned int n2,
                                           unsigned int t)
{
    record(K_GSL_HYPER, n1, n2, t, 0.0);
    return __real_gsl_ran_hypergeometric(r, n1, n2, t);
}

/* ---- timing ---- */

#define MAX_CATEGORIES 1024 /* the largest Walker table replayed */

/* One recorded call, made again. A discrete draw uses a table with as many categories as the
 * engine's (weights 1..K: the draw's cost does not depend on them). */
static unsigned long long replay_one(gsl_rng *r, gsl_ran_discrete_t *const *tables, const call *c)
{
    const uint64_t key = ((uint64_t)c->a << 32) | c->b;
    switch (c->kind) {
    case K_RESEED:
        cc_rng_reseed(r, key);
        return 0;
    case K_UNIFORM:
        return cc_rng_uniform(r) < 0.5;
    case K_BINOMIAL:
        return cc_rng_binomial(r, c->x, c->b);
    case K_POISSON:
        return cc_rng_poisson(r, c->x);
    case K_DISCRETE:
        return cc_rng_discrete(r, tables[c->b]);
    case K_GSL_SET:
        __real_gsl_rng_set(r, (unsigned long)key);
        return 0;
    case K_GSL_UNIFORM:
        return __real_gsl_rng_uniform(r) < 0.5;
    case K_GSL_UNIFORM_POS:
        return __real_gsl_rng_uniform_pos(r) < 0.5;
    case K_GSL_BINOMIAL:
        return __real_gsl_ran_binomial(r, c->x, c->a);
    case K_GSL_POISSON:
        return __real_gsl_ran_poisson(r, c->x);
    default:
        return __real_gsl_ran_hypergeometric(r, c->a, c->b, c->c);
    }
}

/* The recorded calls again, in order, from a plain loop; returns the seconds taken. */
static double replay(gsl_rng *r, gsl_ran_discrete_t *const *tables, const call *c, size_t n)
{
    unsigned long long sink = 0;
    const double t0 = bench_now();
    for (size_t i = 0; i < n; i++)
        sink += replay_one(r, tables, &c[i]);
    const double t1 = bench_now();
    if (sink == 42)
        fputs("", stderr); /* keeps the draws from being optimised away */
    return t1 - t0;
}

/* A Walker table for every size of discrete draw recorded; returns non-zero on failure. */
static int tables_alloc(gsl_ran_discrete_t **tables)
{
    static double weights[MAX_CATEGORIES];
    for (size_t k = 0; k < MAX_CATEGORIES; k++)
        weights[k] = (double)(k + 1);
    for (size_t i = 0; i < n_calls; i++) {
        const unsigned k = calls[i].b;
        if (calls[i].kind != K_DISCRETE || tables[k] != NULL)
            continue;
        if (k == 0 || k >= MAX_CATEGORIES || (tables[k] = gsl_ran_discrete_preproc(k, weights)) == NULL)
            return 1;
    }
    return 0;
}

/* ---- where the floor goes (the "sites" argument) ---- */

#define MAX_GROUPS 32

/* The recorded calls by what they decide (cc_draw_site_group of the stream each draws from: the
 * site of the last reseed before it), each group's calls replayed on their own (a group's calls
 * begin with a reseed, so they draw what they drew in the engine): calls and reseeds per
 * path-month, and nanoseconds per path-month (median of `repeats`). */
static int print_sites(gsl_rng *r, gsl_ran_discrete_t *const *tables, double path_months,
                       int repeats)
{
    const char *names[MAX_GROUPS] = {"unseeded"};
    size_t n_groups = 1, g = 0, calls_in[MAX_GROUPS] = {0}, reseeds_in[MAX_GROUPS] = {0};
    unsigned char *group = malloc(n_calls ? n_calls : 1);
    call *sub = malloc((n_calls ? n_calls : 1) * sizeof *sub);
    if (group == NULL || sub == NULL)
        return 1;
    for (size_t i = 0; i < n_calls; i++) {
        if (calls[i].kind == K_RESEED || calls[i].kind == K_GSL_SET) {
            const char *name = calls[i].kind == K_RESEED ? cc_draw_site_group((unsigned)calls[i].x)
                                                        : "gsl_rng_set";
            for (g = 0; g < n_groups && strcmp(names[g], name) != 0; g++)
                ;
            if (g == n_groups && n_groups < MAX_GROUPS)
                names[n_groups++] = name;
            reseeds_in[g]++;
        }
        group[i] = (unsigned char)g;
        calls_in[g]++;
    }
    double total_ns = 0.0;
    printf("%-14s %10s %10s %10s\n", "draws for", "calls/pm", "reseeds/pm", "ns/pm");
    for (g = 0; g < n_groups; g++) {
        size_t n = 0;
        for (size_t i = 0; i < n_calls; i++)
            if (group[i] == g)
                sub[n++] = calls[i];
        if (n == 0)
            continue;
        double s[31];
        for (int k = 0; k < repeats; k++)
            s[k] = replay(r, tables, sub, n);
        const double ns = bench_median(s, repeats) * 1e9 / path_months;
        total_ns += ns;
        printf("%-14s %10.2f %10.2f %10.1f\n", names[g], (double)calls_in[g] / path_months,
               (double)reseeds_in[g] / path_months, ns);
    }
    printf("%-14s %10.2f %10s %10.1f\n", "all", (double)n_calls / path_months, "", total_ns);
    free(sub);
    free(group);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 && !(argc == 5 && strcmp(argv[4], "sites") == 0)) {
        fputs("usage: bench_floor SCENARIO PATHS REPEATS [sites]\n", stderr);
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
    static gsl_ran_discrete_t *tables[MAX_CATEGORIES];
    if (r == NULL || tables_alloc(tables) != 0) {
        fputs("bench_floor: out of memory\n", stderr);
        return 1;
    }
    if (argc == 5) { /* the floor by what the draws are for, instead of the engine's ratio */
        const int failed = print_sites(r, tables, (double)n_paths * (double)res->n_months, repeats);
        if (failed)
            fputs("bench_floor: out of memory\n", stderr);
        return failed;
    }
    for (int i = 0; i < repeats; i++) {
        const double t0 = bench_now();
        if (cc_engine_run(sc, &ro, res, &err) != CC_OK)
            return 1;
        engine_s[i] = bench_now() - t0;
        replay_s[i] = replay(r, tables, calls, n_calls);
    }

    size_t by_kind[K_COUNT] = {0};
    for (size_t i = 0; i < n_calls; i++)
        by_kind[calls[i].kind]++;
    const double e = bench_median(engine_s, repeats), f = bench_median(replay_s, repeats);
    /* paths calls reseeds uniforms binomials poissons hypergeometrics discretes engine_s floor_s
     * ratio */
    printf("%zu %zu %zu %zu %zu %zu %zu %zu %.4f %.4f %.2f\n", n_paths, n_calls,
           by_kind[K_RESEED] + by_kind[K_GSL_SET],
           by_kind[K_UNIFORM] + by_kind[K_GSL_UNIFORM] + by_kind[K_GSL_UNIFORM_POS],
           by_kind[K_BINOMIAL] + by_kind[K_GSL_BINOMIAL], by_kind[K_POISSON] + by_kind[K_GSL_POISSON],
           by_kind[K_GSL_HYPER], by_kind[K_DISCRETE], e, f, e / f);
    for (size_t k = 0; k < MAX_CATEGORIES; k++)
        gsl_ran_discrete_free(tables[k]);
    gsl_rng_free(r);
    free(calls);
    cc_results_free(res);
    cc_scenario_free(sc);
    return 0;
}
