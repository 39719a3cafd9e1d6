/* Per-path random streams and per-path parameter draws. */
#include <gsl/gsl_randist.h>

#include "carecast/engine.h"
#include "engine/engine_internal.h"

/* MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with fmix32(0) = 0. */
static uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

uint32_t cc_rng_path_seed(unsigned long seed, size_t p)
{
    const uint64_t s = (uint64_t)seed;
    const uint32_t base = fmix32((uint32_t)s ^ fmix32((uint32_t)(s >> 32) + 0x9e3779b9u));
    /* Map (base + p) into [1, 2^32 - 1], bijectively for 2^32 - 1 consecutive p; fmix32 then
     * permutes the non-zero words, so the seed is never 0 (which mt19937 replaces by 4357). */
    const uint64_t modulus = 0xffffffffull;
    const uint32_t x = (uint32_t)(1u + ((uint64_t)base + (uint64_t)p) % modulus);
    return fmix32(x);
}

double cc_param_draw(const cc_param *param, gsl_rng *r, int uncertain)
{
    if (!uncertain || param->dist == CC_DIST_FIXED || param->sd <= 0.0)
        return param->mean;
    if (param->dist == CC_DIST_NORMAL)
        return param->mean + gsl_ran_gaussian(r, param->sd);
    if (param->dist == CC_DIST_GAMMA) {
        /* Gamma with the given mean m and sd s: shape (m/s)^2, scale s^2/m. */
        const double shape = (param->mean / param->sd) * (param->mean / param->sd);
        const double scale = param->sd * param->sd / param->mean;
        return gsl_ran_gamma(r, shape, scale);
    }
    /* Beta on the fraction m = mean/100 with variance v: a + b = m(1-m)/v - 1. */
    const double m = param->mean / 100.0, v = (param->sd / 100.0) * (param->sd / 100.0);
    const double total = m * (1.0 - m) / v - 1.0;
    return 100.0 * gsl_ran_beta(r, m * total, (1.0 - m) * total);
}
