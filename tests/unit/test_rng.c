/* Tests for the engine's inline samplers (src/core/rng_internal.h): each must return what the
 * GSL function it replaces returns from a SplitMix64 generator in the same state, and leave the
 * generator in the same state, for every parameter (the engine's results are those of GSL's
 * draws, bit for bit). The oracle is the installed GSL itself, fed the same states. */
#include "test_support.h"

#include <gsl/gsl_errno.h>

#include "engine/engine_internal.h"
#include "core/rng_internal.h"

#define TRIALS 400 /* states per parameter set */

typedef struct pair {
    gsl_rng *gsl; /* drawn from by GSL */
    gsl_rng *own; /* drawn from by our samplers */
} pair;

static pair pair_alloc(void)
{
    pair g = {gsl_rng_alloc(cc_rng_type()), gsl_rng_alloc(cc_rng_type())};
    assert_non_null(g.gsl);
    assert_non_null(g.own);
    return g;
}

static void pair_free(pair *g)
{
    gsl_rng_free(g->gsl);
    gsl_rng_free(g->own);
}

/* Both generators at the state of trial i of parameter set `set`: well spread keys. */
static void pair_seed(const pair *g, unsigned set, unsigned i)
{
    const uint64_t key = cc_stream_key(i + 1u, set & 0xfffu, (set >> 12) & 0xfffffu);
    gsl_rng_set(g->gsl, (unsigned long)key);
    cc_rng_reseed(g->own, key);
}

/* The two generators have used the same uniforms: their next outputs agree. */
static void assert_same_state(const pair *g)
{
    assert_int_equal(gsl_rng_get(g->gsl), gsl_rng_get(g->own));
}

static void test_uniforms_and_reseed_match_gsl(void **state)
{
    (void)state;
    pair g = pair_alloc();
    for (unsigned i = 0; i < 10 * TRIALS; i++) {
        pair_seed(&g, 1, i);
        assert_true(gsl_rng_uniform(g.gsl) == cc_rng_uniform(g.own));
        assert_true(gsl_rng_uniform_pos(g.gsl) == cc_rng_uniform_pos(g.own));
        assert_same_state(&g);
    }
    /* The stream key is the one the engine has always used. */
    assert_int_equal(cc_rng_stream_key(123456789u, 59, 4242), cc_stream_key(123456789u, 59, 4242));
    pair_free(&g);
}

/* binomial(n, p) from TRIALS states: value and state as GSL's. */
static void check_binomial(const pair *g, unsigned set, unsigned n, double p)
{
    for (unsigned i = 0; i < TRIALS; i++) {
        pair_seed(g, set, i);
        const unsigned want = gsl_ran_binomial(g->gsl, p, n);
        const unsigned got = cc_rng_binomial(g->own, p, n);
        if (want != got)
            fail_msg("binomial(n=%u, p=%.17g), trial %u: GSL %u, ours %u", n, p, i, want, got);
        assert_same_state(g);
    }
}

static void test_binomial_matches_gsl(void **state)
{
    (void)state;
    pair g = pair_alloc();
    const unsigned ns[] = {0, 1, 2, 3, 5, 7, 12, 19, 27, 28, 29, 40, 63, 100, 111, 150, 301, 1000, 4321};
    const double ps[] = {0.0,  1e-9, 0.0031, 0.012, 0.047, 0.0999, 0.13, 0.2385, 0.31,
                         0.4999, 0.5, 0.5001, 0.62, 0.77, 0.9, 0.9969, 1.0 - 1e-9, 1.0};
    unsigned set = 0;
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
        for (size_t b = 0; b < sizeof ps / sizeof ps[0]; b++)
            check_binomial(&g, set++, ns[a], ps[b]);
    /* n min(p, 1-p) either side of 14, where GSL turns from inversion to BTPE. */
    const double edge = 14.0 / 100.0;
    check_binomial(&g, set++, 100, nextafter(edge, 0.0));
    check_binomial(&g, set++, 100, edge);
    check_binomial(&g, set++, 100, 1.0 - nextafter(edge, 0.0));
    check_binomial(&g, set++, 28, 0.5);
    check_binomial(&g, set++, 27, 0.5);
    check_binomial(&g, set++, 1000000, 1.3e-5);
    pair_free(&g);
}

static void check_poisson(const pair *g, unsigned set, double mu)
{
    for (unsigned i = 0; i < TRIALS; i++) {
        pair_seed(g, set, i);
        const unsigned want = gsl_ran_poisson(g->gsl, mu);
        const unsigned got = cc_rng_poisson(g->own, mu);
        if (want != got)
            fail_msg("poisson(mu=%.17g), trial %u: GSL %u, ours %u", mu, i, want, got);
        assert_same_state(g);
    }
}

static void test_poisson_matches_gsl(void **state)
{
    (void)state;
    pair g = pair_alloc();
    unsigned set = 1000;
    /* Small means (product of uniforms); 10 exactly and just above (one gamma step: a product
     * of uniforms below m = 12, Ahrens' rejection from 12); large means (several steps). */
    const double mus[] = {1e-6, 0.04, 0.5, 1.0, 2.385, 6.1, 9.99, 10.0, 10.01, 11.43,
                          13.7, 13.72, 17.3, 23.0, 31.4, 64.0, 250.5, 4000.0};
    for (size_t a = 0; a < sizeof mus / sizeof mus[0]; a++)
        check_poisson(&g, set++, mus[a]);
    pair_free(&g);
}

static void check_discrete(const pair *g, unsigned set, size_t k, const double *w)
{
    gsl_ran_discrete_t *table = gsl_ran_discrete_preproc(k, w);
    assert_non_null(table);
    for (unsigned i = 0; i < 5 * TRIALS; i++) {
        pair_seed(g, set, i);
        assert_int_equal(gsl_ran_discrete(g->gsl, table), cc_rng_discrete(g->own, table));
        assert_same_state(g);
    }
    gsl_ran_discrete_free(table);
}

static void test_discrete_matches_gsl(void **state)
{
    (void)state;
    pair g = pair_alloc();
    const double one[] = {2.385};
    const double zeros[] = {0.0, 3.1, 0.0, 0.2, 7.7, 0.0};
    double many[30];
    for (size_t i = 0; i < 30; i++)
        many[i] = (double)((i * 7) % 11) / 3.0 + (i % 4 == 0 ? 0.0 : 0.013);
    check_discrete(&g, 2000, 1, one);
    check_discrete(&g, 2001, 6, zeros);
    check_discrete(&g, 2002, 30, many);
    pair_free(&g);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniforms_and_reseed_match_gsl),
        cmocka_unit_test(test_binomial_matches_gsl),
        cmocka_unit_test(test_poisson_matches_gsl),
        cmocka_unit_test(test_discrete_matches_gsl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
