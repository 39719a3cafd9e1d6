/* Section `run` (docs/scenario-format.md 6.18-6.19): paths, seed, horizon,
 * threads, percentiles, output folder and the RAG thresholds. Every key has a
 * default, so a model file alone validates. */
#include <string.h>

#include "config/config_internal.h"

static void parse_percentiles(cc_group *g, cc_run_settings *run)
{
    static const double default_pct[] = {5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0};
    run->n_percentiles = sizeof default_pct / sizeof default_pct[0];
    memcpy(run->percentiles, default_pct, sizeof default_pct);
    size_t n = 0;
    if (cc_get_floats(g, "percentiles", 1, CC_MAX_PERCENTILES, 0.0, 100.0, false,
                      run->percentiles, &n) &&
        n > 0) {
        run->n_percentiles = n;
        for (size_t i = 1; i < n; i++)
            if (!(run->percentiles[i] > run->percentiles[i - 1])) {
                cc_report(g, NULL, "percentiles", "must be strictly ascending");
                break;
            }
    }
}

static void parse_rag(cc_group *g, cc_run_settings *run)
{
    cc_group rag;
    cc_group_open(g, "rag", false, &rag);
    cc_get_float(&rag, "green_probability", 0.0, 1.0, false, 0.8, &run->rag_green_probability);
    cc_get_float(&rag, "amber_probability", 0.0, 1.0, false, 0.5, &run->rag_amber_probability);
    if (run->rag_amber_probability > run->rag_green_probability)
        cc_report(&rag, NULL, "amber_probability", "must not exceed green_probability");
    cc_group_close(&rag);
}

void cc_parse_run(cc_group *root, cc_run_settings *run)
{
    cc_group g;
    cc_group_open(root, "run", false, &g); /* a model file alone validates with defaults */
    cc_get_string(&g, "name", false, "Unnamed scenario", run->name, sizeof run->name);
    cc_get_int(&g, "paths", 1, CC_PATHS_MAX, false, 1000, &run->paths);
    int seed = 1;
    cc_get_int(&g, "seed", 0, 2147483647, false, 1, &seed);
    run->seed = (unsigned long)seed;
    cc_get_int(&g, "horizon_months", 1, CC_HORIZON_MAX_MONTHS, false, 60, &run->horizon_months);
    cc_get_int(&g, "threads", 0, CC_THREADS_MAX, false, 0, &run->threads);
    cc_get_bool(&g, "parameter_uncertainty", false, true, &run->parameter_uncertainty);
    parse_percentiles(&g, run);
    cc_get_string(&g, "output_dir", false, "results", run->output_dir, sizeof run->output_dir);
    parse_rag(&g, run);
    cc_get_bool(&g, "mtfp_rating", false, true, &run->mtfp_rating);
    cc_group_close(&g);
}
