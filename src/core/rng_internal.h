/* The engine's generator (SplitMix64, rng.c here) and the samplers it draws with, inline: a month
 * of a path makes a few hundred draws, and calling GSL for each (a function pointer per uniform, a
 * library call per variate) cost more than the arithmetic of the draws themselves. They sit in
 * src/core so that the models below the engine (the workforce's flows, src/model/workforce.c)
 * draw with them too.
 *
 * Every sampler here returns exactly what the GSL 2.7 function it is named after returns from a
 * SplitMix64 gsl_rng in the same state, and leaves the state where GSL would (same uniforms, in the
 * same order, through the same floating-point operations): results are those of the GSL calls
 * they replace, bit for bit, and tests/unit/test_rng.c checks it against the library over many
 * parameters. They take the gsl_rng so that the rare branch they leave to GSL (the binomial's
 * BTPE for large means) draws from the same state.
 *
 * Only for a gsl_rng of cc_rng_type() (cc_rng_is_splitmix): they read its state directly. */
#ifndef CC_RNG_INTERNAL_H
#define CC_RNG_INTERNAL_H

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* ---- recording for bench/bench_floor ----
 * The benchmark builds the engine a second time with CC_RECORD_DRAWS defined and supplies
 * cc_draw_record, so that it can replay the engine's draws (kind, parameters, order) from a plain
 * loop. In every other build the hook compiles to nothing. */
enum cc_draw_kind {
    CC_DRAW_RESEED,   /* a: the stream's key */
    CC_DRAW_UNIFORM,
    CC_DRAW_BINOMIAL, /* a: n, x: p */
    CC_DRAW_POISSON,  /* x: mu */
    CC_DRAW_DISCRETE  /* a: the number of categories */
};
#ifdef CC_RECORD_DRAWS
void cc_draw_record(enum cc_draw_kind kind, uint64_t a, double x);
#define CC_DRAW_RECORD(kind, a, x) cc_draw_record((kind), (a), (x))
#else
#define CC_DRAW_RECORD(kind, a, x) ((void)0)
#endif

/* ---- the generator ---- */

typedef struct cc_splitmix {
    uint64_t x;
} cc_splitmix;

/* The generator every stream of the engine uses, as a GSL type (rng.c): cc_rng_type() is
 * &cc_rng_splitmix64. */
extern const gsl_rng_type cc_rng_splitmix64;
const gsl_rng_type *cc_rng_type(void);

/* Whether r is of that type, so that the samplers below may draw from it. */
static inline int cc_rng_is_splitmix(const gsl_rng *r)
{
    return r->type == &cc_rng_splitmix64;
}

/* SplitMix64's step: Vigna's splitmix64.c (Steele, Lea and Flood 2014). */
static inline uint64_t cc_splitmix_next(cc_splitmix *st)
{
    uint64_t z = (st->x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline cc_splitmix *cc_rng_state(const gsl_rng *r)
{
    return (cc_splitmix *)r->state;
}

/* The key of the stream of draw site `site` in month t of the path whose seed is path_seed:
 * the three packed injectively (t < 4096, site < 2^20), then scrambled so that streams start far
 * apart on the generator's cycle. */
static inline uint64_t cc_stream_key(uint32_t path_seed, size_t t, unsigned site)
{
    cc_splitmix st = {((uint64_t)path_seed << 32) | ((uint64_t)(t & 0xfffu) << 20) |
                      (uint64_t)(site & 0xfffffu)};
    return cc_splitmix_next(&st);
}

/* gsl_rng_set(r, key). */
static inline void cc_rng_reseed(const gsl_rng *r, uint64_t key)
{
    cc_rng_state(r)->x = key;
}

/* gsl_rng_uniform(r): the top 53 bits, so [0, 1). */
static inline double cc_rng_uniform(const gsl_rng *r)
{
    return (double)(cc_splitmix_next(cc_rng_state(r)) >> 11) * 0x1.0p-53;
}

/* gsl_rng_uniform_pos(r): (0, 1), drawing again on an exact 0. */
static inline double cc_rng_uniform_pos(const gsl_rng *r)
{
    double u;
    do
        u = cc_rng_uniform(r);
    while (u == 0.0);
    return u;
}

/* ---- binomial ---- */

/* gsl_pow_uint: x^n by repeated squaring, in its order of multiplications (the binomial's
 * probability of 0 must round as GSL's does). */
static inline double cc_pow_uint(double x, unsigned n)
{
    double value = 1.0;
    do {
        if (n & 1u)
            value *= x;
        n >>= 1;
        x *= x;
    } while (n != 0);
    return value;
}

/* Inversion from 0 upwards (Kachitvichyanukul and Schmeiser's BINV, as GSL has it): subtract
 * the probabilities f(0), f(1), ... from one uniform until it falls within one; f(x+1) =
 * f(x) s (n-x) / (x+1) with s = p/q. Beyond x = 110 the uniform was within rounding of 1, and
 * GSL draws it again. p <= 0.5 here. */
static inline unsigned cc_binomial_inversion(const gsl_rng *r, double p, double q, unsigned n)
{
    const double s = p / q, f0 = cc_pow_uint(q, n);
    for (;;) {
        double f = f0, u = cc_rng_uniform(r);
        for (unsigned x = 0; x <= 110; x++) {
            if (u < f)
                return x;
            u -= f;
            f *= s * (double)(n - x) / (double)(x + 1);
        }
    }
}

/* gsl_ran_binomial(r, p, n). GSL inverts when n min(p, 1-p) < 14, as here; above, its BTPE
 * rejection sampler runs, called as gsl_ran_binomial_tpe (the same function by GSL's other name)
 * so that the benchmark's linker wrap of gsl_ran_binomial sees only calls made elsewhere. */
static inline unsigned cc_rng_binomial(const gsl_rng *r, double p, unsigned n)
{
    if (n == 0)
        return 0;
    const int flipped = p > 0.5;
    const double small_p = flipped ? 1.0 - p : p;
    if ((double)n * small_p >= 14.0)
        return gsl_ran_binomial_tpe(r, p, n);
    const unsigned x = cc_binomial_inversion(r, small_p, 1 - small_p, n);
    return flipped ? n - x : x;
}

/* ---- Poisson ---- */

/* Ahrens' rejection from a Cauchy-like envelope (Knuth vol. 2, as GSL's gamma_large has it). */
static inline double cc_gamma_large(const gsl_rng *r, double a)
{
    const double pi = 3.14159265358979323846; /* GSL's M_PI, which strict C11 lacks */
    const double sqa = sqrt(2 * a - 1);
    double x, y, v;
    do {
        do {
            y = tan(pi * cc_rng_uniform(r));
            x = sqa * y + a - 1;
        } while (x <= 0);
        v = cc_rng_uniform(r);
    } while (v > (1 + y * y) * exp((a - 1) * log(x / (a - 1)) - sqa * y));
    return x;
}

/* gsl_ran_gamma_int(r, a): a sum of a unit exponentials. */
static inline double cc_rng_gamma_int(const gsl_rng *r, unsigned a)
{
    if (a >= 12)
        return cc_gamma_large(r, (double)a);
    double prod = 1;
    for (unsigned i = 0; i < a; i++)
        prod *= cc_rng_uniform_pos(r);
    return -log(prod);
}

/* gsl_ran_poisson(r, mu): while mu > 10, the m-th arrival time X of a unit-rate process, m = 7/8
 * of mu: past mu, the count is binomial among the first m - 1; short of it, m have arrived and mu
 * - X remains. Then Knuth's product of uniforms. */
static inline unsigned cc_rng_poisson(const gsl_rng *r, double mu)
{
    unsigned k = 0;
    while (mu > 10) {
        const unsigned m = (unsigned)(mu * (7.0 / 8.0));
        const double x = cc_rng_gamma_int(r, m);
        if (x >= mu)
            return k + cc_rng_binomial(r, mu / x, m - 1);
        k += m;
        mu -= x;
    }
    const double emu = exp(-mu);
    double prod = 1.0;
    do {
        prod *= cc_rng_uniform(r);
        k++;
    } while (prod > emu);
    return k - 1;
}

/* ---- a category from a Walker alias table ---- */

/* gsl_ran_discrete(r, g): one uniform picks a column, and then the column's own category or its
 * alias. GSL 2.7 is built with its KNUTH_CONVENTION, which stores column k's threshold as
 * (k + F[k]) / K, so the uniform itself is compared with it. */
static inline size_t cc_rng_discrete(const gsl_rng *r, const gsl_ran_discrete_t *g)
{
    const double u = cc_rng_uniform(r);
    const size_t c = (size_t)(u * (double)g->K);
    const double f = g->F[c];
    if (f == 1.0 || u < f)
        return c;
    return g->A[c];
}

#endif
