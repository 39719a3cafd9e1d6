/* The engine's generator (SplitMix64, rng.c here) and the samplers it draws with, inline: a month
 * of a path makes a few hundred draws, and calling GSL for each (a function pointer per uniform, a
 * library call per variate) cost more than the arithmetic of the draws themselves. They sit in
 * src/core so that the models below the engine (the workforce's flows, src/model/workforce.c)
 * draw with them too.
 *
 * The uniform, the Walker table's category, the binomial below n min(p, 1-p) = 14 and the
 * Poisson up to a mean of 10 return exactly what the GSL 2.7 function they are named after
 * returns from a SplitMix64 gsl_rng in the same state, and leave the state where GSL would (same
 * uniforms, in the same order, through the same floating-point operations); tests/unit/test_rng.c
 * checks it against the library over many parameters. Above those limits GSL's samplers are slow
 * (BTPE; gamma variates for the Poisson), and Hoermann's transformed rejection samplers draw
 * instead: exact in distribution (the test checks them against the probabilities themselves),
 * but not GSL's numbers.
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
    CC_DRAW_RESEED,   /* a: the stream's key, x: its draw site (bench_floor's breakdown) */
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
 * the probabilities f(0) = f0 = q^n, f(1), ... from one uniform until it falls within one;
 * f(x+1) = f(x) s (n-x) / (x+1) with s = p/q. Beyond x = 110 the uniform was within rounding of
 * 1, and GSL draws it again. p <= 0.5 here. */
static inline unsigned cc_binomial_inversion_from(const gsl_rng *r, double p, double q,
                                                  unsigned n, double f0)
{
    const double s = p / q;
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

/* The same with f0 = cc_pow_uint(q, n) worked out here (a caller that draws with one p for many
 * n may tabulate it and call the above). */
static inline unsigned cc_binomial_inversion(const gsl_rng *r, double p, double q, unsigned n)
{
    return cc_binomial_inversion_from(r, p, q, n, cc_pow_uint(q, n));
}

/* ---- log-factorials, for the rejection samplers below ---- */

/* ln k! for a whole number k >= 0: from a table below 16, beyond from Stirling's series to its
 * 1/(1680 (k+1)^7) term (the next, 1/(1188 (k+1)^9), is below 1e-14 from k = 16). */
static inline double cc_ln_factorial(double k)
{
    static const double small[16] = {0.0,
                                     0.0,
                                     0.69314718055994495,
                                     1.7917594692280554,
                                     3.1780538303479449,
                                     4.7874917427820467,
                                     6.5792512120101021,
                                     8.5251613610654147,
                                     10.604602902745249,
                                     12.801827480081467,
                                     15.104412573075514,
                                     17.502307845873887,
                                     19.987214495661885,
                                     22.552163853123421,
                                     25.191221182738683,
                                     27.89927138384089};
    if (k < 16.0)
        return small[(int)k];
    const double z = k + 1.0, r = 1.0 / (z * z);
    const double half_ln_2pi = 0.91893853320467274;
    const double series = (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r / 1680.0))) / z;
    return (z - 0.5) * log(z) - z + half_ln_2pi + series;
}

/* Hoermann's transformed rejection with squeeze (BTRS; "The generation of binomial random
 * variates", J. Statist. Comput. Simul. 46, 1993), for n p >= 10 and p <= 0.5: a candidate from
 * the inverse of a hat shaped like the distribution, two uniforms each; most are accepted by the
 * squeeze at once, the rest by the exact ratio of probabilities to the mode's. It replaces GSL's
 * BTPE, which cost several times as much for the CIN, CP and assessment stocks a month draws. */
static inline unsigned cc_binomial_btrs(const gsl_rng *r, double p, unsigned n)
{
    const double q = 1.0 - p, spq = sqrt((double)n * p * q);
    const double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = (double)n * p + 0.5, v_r = 0.92 - 4.2 / b;
    const double alpha = (2.83 + 5.1 / b) * spq, m = floor(((double)n + 1.0) * p);
    double lpq = 0.0, h = 0.0; /* needed only past the squeeze: worked out then, once */
    for (;;) {
        const double u = cc_rng_uniform(r) - 0.5, v = cc_rng_uniform(r);
        const double us = 0.5 - fabs(u);
        if (us == 0.0) /* u = -1/2 exactly: the hat's edge, never a candidate */
            continue;
        const double k = floor((2.0 * a / us + b) * u + c);
        if (k < 0.0 || k > (double)n)
            continue;
        if (us >= 0.07 && v <= v_r)
            return (unsigned)k;
        if (h == 0.0) { /* ln m! + ln (n-m)! > 0 here: n >= 28 */
            lpq = log(p / q);
            h = cc_ln_factorial(m) + cc_ln_factorial((double)n - m);
        }
        const double lv = log(v * alpha / (a / (us * us) + b));
        if (lv <= h - cc_ln_factorial(k) - cc_ln_factorial((double)n - k) + (k - m) * lpq)
            return (unsigned)k;
    }
}

/* A binomial(n, p) variate. Below n min(p, 1-p) = 14 it is gsl_ran_binomial's, bit for bit (GSL
 * inverts there too); above, BTRS draws it: exact in distribution, but not GSL's number. */
static inline unsigned cc_rng_binomial(const gsl_rng *r, double p, unsigned n)
{
    if (n == 0)
        return 0;
    const int flipped = p > 0.5;
    const double small_p = flipped ? 1.0 - p : p;
    const unsigned x = (double)n * small_p >= 14.0 ? cc_binomial_btrs(r, small_p, n)
                                                   : cc_binomial_inversion(r, small_p, 1 - small_p, n);
    return flipped ? n - x : x;
}

/* ---- Poisson ---- */

/* Hoermann's transformed rejection with squeeze for the Poisson (PTRS; "The transformed
 * rejection method for generating Poisson random variables", Insurance: Mathematics and
 * Economics 12, 1993), for mu >= 10: two uniforms a candidate, as in BTRS above. GSL instead
 * draws gamma variates (a tangent, a log and an exponential each) and then a binomial. */
static inline unsigned cc_poisson_ptrs(const gsl_rng *r, double mu)
{
    const double b = 0.931 + 2.53 * sqrt(mu);
    const double a = -0.059 + 0.02483 * b, inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        const double u = cc_rng_uniform(r) - 0.5, v = cc_rng_uniform(r);
        const double us = 0.5 - fabs(u);
        if (us == 0.0) /* u = -1/2 exactly: the hat's edge, never a candidate */
            continue;
        const double k = floor((2.0 * a / us + b) * u + mu + 0.43);
        if (us >= 0.07 && v <= v_r)
            return (unsigned)k;
        if (k < 0.0 || (us < 0.013 && v > us))
            continue;
        if (log(v * inv_alpha / (a / (us * us) + b)) <= -mu + k * log(mu) - cc_ln_factorial(k))
            return (unsigned)k;
    }
}

/* Knuth's product of uniforms, for a mean mu up to 10 given as emu = exp(-mu): a caller that
 * draws with one mean on many paths works out the exponential once. */
static inline unsigned cc_poisson_knuth(const gsl_rng *r, double emu)
{
    unsigned k = 0;
    double prod = 1.0;
    do {
        prod *= cc_rng_uniform(r);
        k++;
    } while (prod > emu);
    return k - 1;
}

/* A Poisson(mu) variate. Up to mu = 10 it is gsl_ran_poisson's, bit for bit (Knuth's product of
 * uniforms); above, PTRS draws it: exact in distribution, but not GSL's number. */
static inline unsigned cc_rng_poisson(const gsl_rng *r, double mu)
{
    if (mu > 10.0)
        return cc_poisson_ptrs(r, mu);
    return cc_poisson_knuth(r, exp(-mu));
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
