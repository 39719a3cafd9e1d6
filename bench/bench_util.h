/* Helpers shared by the benchmark programs: a monotonic clock, the median of a few timings,
 * and loading a scenario (problems printed). Header-only: each program takes what it uses. */
#ifndef CC_BENCH_UTIL_H
#define CC_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline int bench_compare_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (sorted in place). */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], bench_compare_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#ifdef CARECAST_CONFIG_H
/* The scenario at path, or NULL after printing its problems. */
static inline cc_scenario *bench_load(const char *path)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    if (cc_scenario_load(path, NULL, 0, &sc, &errors) != CC_OK) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        sc = NULL;
    }
    cc_errlist_destroy(&errors);
    return sc;
}
#endif

#endif
