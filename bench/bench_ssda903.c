/* Benchmark: reading and calibrating SSDA903 returns (the shared sample by
 * default): parse every CSV, merge and clean the episodes, count and fit one
 * window, write the model; median seconds over repeats.
 * Usage: bench_ssda903 DIR REPEATS [WINDOW_START WINDOW_END] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "carecast/ssda903.h"

/* One whole calibration; returns seconds, or a negative number on failure. */
static double calibrate_once(const char *dir, int first, int last, FILE *sink)
{
    const double start = bench_now();
    cc_error err = {0};
    cc_ssda903_mapping *map = NULL;
    cc_ssda903_data *data = NULL;
    cc_ssda903_estimate *est = calloc(1, sizeof *est);
    cc_ssda903_log log;
    cc_ssda903_log_init(&log);
    bool clamped = false;
    cc_status st = est != NULL ? cc_ssda903_mapping_load(NULL, &map, &err) : CC_ERR_NOMEM;
    if (st == CC_OK)
        st = cc_ssda903_read(dir, map, &data, &log, &err);
    if (st == CC_OK)
        st = cc_ssda903_estimate_window(data, map, first, last, est, &clamped, &err);
    const cc_ssda903_write_options wo = {.source = dir, .log = &log};
    if (st == CC_OK)
        st = cc_ssda903_write_model(sink, est, &wo, &err);
    const double seconds = bench_now() - start;
    if (st != CC_OK)
        fprintf(stderr, "bench_ssda903: %s\n", err.message);
    cc_ssda903_log_destroy(&log);
    cc_ssda903_data_free(data);
    cc_ssda903_mapping_free(map);
    free(est);
    return st == CC_OK ? seconds : -1.0;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: bench_ssda903 DIR REPEATS [WINDOW_START WINDOW_END]\n");
        return 2;
    }
    const int repeats = atoi(argv[2]);
    int first = CC_SSDA903_DEFAULT, last = CC_SSDA903_DEFAULT;
    if (repeats < 1 || (argc == 5 && (!cc_ssda903_date_parse(argv[3], &first) ||
                                      !cc_ssda903_date_parse(argv[4], &last)))) {
        fprintf(stderr, "bench_ssda903: bad repeats or dates\n");
        return 2;
    }
    FILE *sink = fopen("/dev/null", "w");
    double *t = malloc((size_t)repeats * sizeof *t);
    if (sink == NULL || t == NULL)
        return 1;
    for (int i = 0; i < repeats; i++)
        if ((t[i] = calibrate_once(argv[1], first, last, sink)) < 0.0)
            return 1;
    qsort(t, (size_t)repeats, sizeof t[0], bench_compare_double);
    /* median, fastest, slowest, in seconds */
    printf("%.6f %.6f %.6f\n", t[repeats / 2], t[0], t[repeats - 1]);
    free(t);
    fclose(sink);
    return 0;
}
