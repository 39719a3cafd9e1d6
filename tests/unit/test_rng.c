/* Tests for the engine's inline samplers (src/core/rng_internal.h). Where they stand for GSL's
 * (uniforms, Walker tables, binomials below n min(p, 1-p) = 14, Poisson means up to 10) each
 * must return what the GSL function returns from a SplitMix64 generator in the same state, and
 * leave the generator in the same state: the oracle is the installed GSL itself, fed the same
 * states. Above those limits the transformed rejection samplers must draw from the exact
 * distribution: a chi-square test of many draws against GSL's probability functions, with a
 * fixed seed. */
#include "test_support.h"

#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

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

/* binomial(n, p) from TRIALS states: value and state as GSL's, where GSL inverts. */
static void check_binomial(const pair *g, unsigned set, unsigned n, double p)
{
    if ((double)n * fmin(p, 1.0 - p) >= 14.0)
        return; /* BTRS draws there: see test_binomial_btrs_is_exact */
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
    /* n min(p, 1-p) just below 14, where GSL still inverts. */
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
    if (mu > 10.0)
        return; /* PTRS draws there: see test_poisson_ptrs_is_exact */
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
    /* Small means (product of uniforms), up to 10 exactly; those above are PTRS's. */
    const double mus[] = {1e-6, 0.04, 0.5, 1.0, 2.385, 6.1, 9.99, 10.0, 10.01, 11.43,
                          13.7, 13.72, 17.3, 23.0, 31.4, 64.0, 250.5, 4000.0};
    for (size_t a = 0; a < sizeof mus / sizeof mus[0]; a++)
        check_poisson(&g, set++, mus[a]);
    pair_free(&g);
}

/* ---- the transformed rejection samplers against the exact probabilities ---- */

#define DRAWS 1000000 /* per parameter set */

/* Pearson's chi-square of counts[0..n) against DRAWS x cell probabilities prob[0..n), adjacent
 * cells pooled until every expected count is at least 5; fails when the statistic is more than
 * 5 standard deviations (sqrt(2 df)) above its mean df, or the sample mean more than 5 standard
 * errors from `mean`. Under the exact distribution either happens with probability below 1e-5. */
static void check_fit(const char *what, const unsigned *counts, const double *prob, size_t n,
                      double mean, double sd, double sample_mean)
{
    double chi2 = 0.0, obs = 0.0, expected = 0.0, last_obs = 0.0, last_expected = 0.0;
    int cells = 0;
    for (size_t x = 0; x < n; x++) {
        obs += counts[x];
        expected += prob[x] * DRAWS;
        if (expected >= 5.0) {
            chi2 += (obs - expected) * (obs - expected) / expected;
            cells++;
            last_obs = obs;
            last_expected = expected;
            obs = expected = 0.0;
        }
    }
    if (expected > 0.0 && cells > 0) { /* a small remainder joins the last cell */
        chi2 -= (last_obs - last_expected) * (last_obs - last_expected) / last_expected;
        last_obs += obs;
        last_expected += expected;
        chi2 += (last_obs - last_expected) * (last_obs - last_expected) / last_expected;
    }
    const double df = cells - 1, z_chi2 = (chi2 - df) / sqrt(2.0 * df);
    const double z_mean = (sample_mean - mean) / (sd / sqrt((double)DRAWS));
    if (cells < 3 || z_chi2 > 5.0 || fabs(z_mean) > 5.0)
        fail_msg("%s: chi-square %.1f on %.0f df (z %.2f), mean %.4f against %.4f (z %.2f)", what,
                 chi2, df, z_chi2, sample_mean, mean, z_mean);
}

/* DRAWS variates of one sampler from one stream, counted over [lo, hi] (the end cells take
 * what falls beyond them), and their mean. */
typedef unsigned (*sampler)(const gsl_rng *r, const double *par);

static double draw_counts(gsl_rng *r, unsigned set, sampler f, const double *par, size_t lo,
                          size_t hi, unsigned *counts)
{
    cc_rng_reseed(r, cc_stream_key(7u, set & 0xfffu, 1u));
    double sum = 0.0;
    memset(counts, 0, (hi - lo + 1) * sizeof *counts);
    for (unsigned i = 0; i < DRAWS; i++) {
        const size_t x = f(r, par);
        sum += (double)x;
        counts[(x < lo ? lo : x > hi ? hi : x) - lo]++;
    }
    return sum / DRAWS;
}

static unsigned binomial_sampler(const gsl_rng *r, const double *par)
{
    return cc_rng_binomial(r, par[0], (unsigned)par[1]);
}

static unsigned poisson_sampler(const gsl_rng *r, const double *par)
{
    return cc_rng_poisson(r, par[0]);
}

/* A distribution a rejection sampler draws from: the sampler, and at parameters par its lower
 * tail P(X <= x), upper tail P(X >= x) and probability P(X = x). */
typedef struct law {
    sampler draw;
    double (*lower)(unsigned x, const double *par);
    double (*upper)(unsigned x, const double *par);
    double (*pmf)(unsigned x, const double *par);
} law;

/* DRAWS variates from stream `set`, counted from mean - 8 sd to mean + 8 sd (at most `max`), the
 * end cells taking the tails, against the law's probabilities (check_fit). */
static void check_exact(const char *what, unsigned set, const law *d, const double *par,
                        double mean, double sd, double max)
{
    const size_t lo = (size_t)fmax(0.0, floor(mean - 8.0 * sd));
    const size_t hi = (size_t)fmin(max, ceil(mean + 8.0 * sd));
    assert_true(hi - lo <= 4000);
    gsl_rng *r = gsl_rng_alloc(cc_rng_type());
    unsigned *counts = malloc((hi - lo + 1) * sizeof *counts);
    double *prob = malloc((hi - lo + 1) * sizeof *prob);
    assert_non_null(r);
    assert_non_null(counts);
    assert_non_null(prob);
    const double m = draw_counts(r, set, d->draw, par, lo, hi, counts);
    for (size_t x = lo; x <= hi; x++)
        prob[x - lo] = x == lo ? d->lower((unsigned)x, par)
                       : x == hi ? d->upper((unsigned)x, par)
                                 : d->pmf((unsigned)x, par);
    check_fit(what, counts, prob, hi - lo + 1, mean, sd, m);
    free(prob);
    free(counts);
    gsl_rng_free(r);
}

/* par: p, n */
static double binomial_lower(unsigned x, const double *par)
{
    return gsl_cdf_binomial_P(x, par[0], (unsigned)par[1]);
}

static double binomial_upper(unsigned x, const double *par)
{
    return gsl_cdf_binomial_Q(x - 1, par[0], (unsigned)par[1]);
}

static double binomial_pmf(unsigned x, const double *par)
{
    return gsl_ran_binomial_pdf(x, par[0], (unsigned)par[1]);
}

/* par: mu */
static double poisson_lower(unsigned x, const double *par)
{
    return gsl_cdf_poisson_P(x, par[0]);
}

static double poisson_upper(unsigned x, const double *par)
{
    return gsl_cdf_poisson_Q(x - 1, par[0]);
}

static double poisson_pmf(unsigned x, const double *par)
{
    return gsl_ran_poisson_pdf(x, par[0]);
}

static void test_binomial_btrs_is_exact(void **state)
{
    (void)state;
    /* n p from the threshold (14) to the sizes of a month's CIN and assessment stocks' ends,
     * and p above 1/2 (drawn as n minus a binomial of 1 - p). */
    const double par[][2] = {{0.14, 100},  {0.5, 28},      {0.12, 1000}, {0.0865, 2000},
                             {0.31, 4321}, {0.9, 300},     {0.77, 61},   {0.0137, 12000},
                             {0.5, 100000}};
    const law binomial = {binomial_sampler, binomial_lower, binomial_upper, binomial_pmf};
    for (size_t i = 0; i < sizeof par / sizeof par[0]; i++) {
        const double p = par[i][0], n = par[i][1];
        char what[64];
        snprintf(what, sizeof what, "binomial(n=%.0f, p=%g)", n, p);
        check_exact(what, (unsigned)i, &binomial, par[i], n * p, sqrt(n * p * (1.0 - p)), n);
    }
}

static void test_poisson_ptrs_is_exact(void **state)
{
    (void)state;
    /* Just above 10 (where PTRS starts), the entries' and CP starts' means, CIN starts' and
     * assessments' means, and large. */
    const double mus[] = {10.01, 11.43, 13.7, 23.0, 75.66, 117.2, 491.4, 4000.0, 50000.0};
    const law poisson = {poisson_sampler, poisson_lower, poisson_upper, poisson_pmf};
    for (size_t i = 0; i < sizeof mus / sizeof mus[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "poisson(mu=%g)", mus[i]);
        check_exact(what, 100u + (unsigned)i, &poisson, &mus[i], mus[i], sqrt(mus[i]), HUGE_VAL);
    }
}

/* The log-factorials the rejection samplers compare against: GSL's, to 1e-12 relative. */
static void test_ln_factorial(void **state)
{
    (void)state;
    for (unsigned k = 0; k <= 100000; k = k < 40 ? k + 1 : k * 3 / 2) {
        const double want = gsl_sf_lnfact(k), got = cc_ln_factorial((double)k);
        if (fabs(got - want) > 1e-12 * fmax(1.0, want))
            fail_msg("ln %u!: GSL %.17g, ours %.17g", k, want, got);
    }
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
        cmocka_unit_test(test_binomial_btrs_is_exact),
        cmocka_unit_test(test_poisson_ptrs_is_exact),
        cmocka_unit_test(test_ln_factorial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
