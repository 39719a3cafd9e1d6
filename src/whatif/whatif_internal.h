/* Shared by the what-if questions (src/whatif only): one run of a scenario
 * with the question's options, counted for progress and checked for cancel. */
#ifndef CC_WHATIF_INTERNAL_H
#define CC_WHATIF_INTERNAL_H

#include "carecast/whatif.h"

/* The runs of one what-if question. */
typedef struct cc_whatif_runner {
    const cc_whatif_options *opts;
    size_t runs_done;  /* runs finished so far */
    size_t runs_total; /* runs expected, for progress */
} cc_whatif_runner;

/* Simulates sc into a new *out (NULL on failure) with the runner's paths,
 * seed and threads. Only savings.total is measured (no per-initiative
 * passes): what-ifs need speed. Returns CC_ERR_CANCELLED, without running,
 * when the cancel flag is set; else cc_engine_run's status. */
cc_status cc_whatif_run(cc_whatif_runner *w, const cc_scenario *sc, cc_results **out,
                        cc_error *err);

/* Gets the scenario with key_path = value from loader, runs it as
 * cc_whatif_run does, and hands the scenario back to the loader. */
cc_status cc_whatif_run_variant(cc_whatif_runner *w, const cc_scenario_loader *loader,
                                const char *key_path, double value, cc_results **out,
                                cc_error *err);

#endif
