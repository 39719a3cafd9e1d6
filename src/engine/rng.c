/* Per-path random streams and per-path parameter draws. */
#include "carecast/engine.h"
#include "engine/engine_internal.h"
#include "engine/rng_internal.h"

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
     * permutes the non-zero words, so the seed is never 0 (which GSL generators replace). */
    const uint64_t modulus = 0xffffffffull;
    const uint32_t x = (uint32_t)(1u + ((uint64_t)base + (uint64_t)p) % modulus);
    return fmix32(x);
}

/* ---- a generator that is free to reseed ----
 * Common random numbers need every random choice of a path to draw from its
 * own stream (a month's entries, each state's leavers, ...), so that two runs
 * of a path that differ in one choice share all the others. That means
 * reseeding at every draw site: SplitMix64 (Steele, Lea and Flood 2014, the
 * finaliser of Vigna's splitmix64.c) has a single 64-bit word of state, so a
 * reseed is one store, and passes BigCrush. It plugs into GSL as a
 * gsl_rng_type, so every gsl_ran_* distribution draws from it; the engine's hot draws read its
 * state inline instead (rng_internal.h), with the same results. */

static void splitmix_set(void *state, unsigned long seed)
{
    ((cc_splitmix *)state)->x = (uint64_t)seed;
}

static unsigned long splitmix_get(void *state)
{
    return (unsigned long)(cc_splitmix_next(state) >> 32);
}

static double splitmix_get_double(void *state)
{
    return (double)(cc_splitmix_next(state) >> 11) * 0x1.0p-53; /* [0, 1) */
}

static const gsl_rng_type splitmix_type = {"splitmix64",          0xffffffffUL,
                                           0,                     sizeof(cc_splitmix),
                                           splitmix_set,          splitmix_get,
                                           splitmix_get_double};

const gsl_rng_type *cc_rng_type(void)
{
    return &splitmix_type;
}

unsigned long cc_rng_stream_key(uint32_t path_seed, size_t t, unsigned site)
{
    return (unsigned long)cc_stream_key(path_seed, t, site);
}
