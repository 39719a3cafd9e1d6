/* The generator of every random stream: SplitMix64 as a GSL generator type.
 *
 * Common random numbers need every random choice of a path to draw from its
 * own stream (a month's entries, each state's leavers, ...), so that two runs
 * of a path that differ in one choice share all the others. That means
 * reseeding at every draw site: SplitMix64 (Steele, Lea and Flood 2014, the
 * finaliser of Vigna's splitmix64.c) has a single 64-bit word of state, so a
 * reseed is one store, and passes BigCrush. It plugs into GSL as a
 * gsl_rng_type, so every gsl_ran_* distribution draws from it; the hot draws (the engine's, the
 * workforce's) read its state inline instead (rng_internal.h), with the same results. */
#include "core/rng_internal.h"

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

const gsl_rng_type cc_rng_splitmix64 = {"splitmix64",          0xffffffffUL,
                                        0,                     sizeof(cc_splitmix),
                                        splitmix_set,          splitmix_get,
                                        splitmix_get_double};

const gsl_rng_type *cc_rng_type(void)
{
    return &cc_rng_splitmix64;
}
