/* Per-path random streams: each path's seed and the keys of its streams (the generator and its
 * samplers: src/core/rng.c and rng_internal.h). */
#include "carecast/engine.h"
#include "core/rng_internal.h"
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
     * permutes the non-zero words, so the seed is never 0 (which GSL generators replace). */
    const uint64_t modulus = 0xffffffffull;
    const uint32_t x = (uint32_t)(1u + ((uint64_t)base + (uint64_t)p) % modulus);
    return fmix32(x);
}

unsigned long cc_rng_stream_key(uint32_t path_seed, size_t t, unsigned site)
{
    return (unsigned long)cc_stream_key(path_seed, t, site);
}
