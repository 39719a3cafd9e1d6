/* One run of a what-if question: the question's paths, seed and threads for
 * every run (common random numbers), progress over all of its runs, and the
 * cancel flag checked before each run. */
#include "whatif/whatif_internal.h"

cc_whatif_options cc_whatif_options_from(const cc_scenario *base)
{
    return (cc_whatif_options){.n_paths = (size_t)base->run.paths,
                               .seed = base->run.seed,
                               .threads = base->run.threads};
}

/* The engine reports paths done in this run; the caller sees paths done over
 * all the question's runs. */
static void report_progress(void *context, size_t paths_done, size_t paths_total)
{
    const cc_whatif_runner *w = context;
    const size_t total = w->runs_total > w->runs_done ? w->runs_total : w->runs_done + 1;
    w->opts->progress(w->opts->progress_context, w->runs_done * paths_total + paths_done,
                      total * paths_total);
}

cc_status cc_whatif_run(cc_whatif_runner *w, const cc_scenario *sc, cc_results **out,
                        cc_error *err)
{
    *out = NULL;
    const cc_whatif_options *opts = w->opts;
    if (opts->cancel != NULL && atomic_load(opts->cancel))
        return cc_error_set(err, CC_ERR_CANCELLED, "what-if cancelled");
    cc_results *res = NULL;
    cc_status st = cc_results_alloc(sc, opts->n_paths, &res, err);
    const cc_run_options ro = {.n_paths = opts->n_paths,
                               .seed = opts->seed,
                               .threads = opts->threads,
                               .progress = opts->progress != NULL ? report_progress : NULL,
                               .progress_context = w,
                               .total_savings_only = true,
                               .cancel = opts->cancel};
    if (st == CC_OK)
        st = cc_engine_run(sc, &ro, res, err);
    if (st != CC_OK) {
        cc_results_free(res);
        return st;
    }
    w->runs_done++;
    *out = res;
    return CC_OK;
}

cc_status cc_whatif_run_variant(cc_whatif_runner *w, const cc_scenario_loader *loader,
                                const char *key_path, double value, cc_results **out,
                                cc_error *err)
{
    *out = NULL;
    if (w->opts->cancel != NULL && atomic_load(w->opts->cancel))
        return cc_error_set(err, CC_ERR_CANCELLED, "what-if cancelled");
    cc_scenario *sc = NULL;
    cc_status st = loader->load(loader->context, key_path, value, &sc, err);
    if (st != CC_OK)
        return st;
    st = cc_whatif_run(w, sc, out, err);
    loader->free_scenario(loader->context, sc);
    return st;
}
