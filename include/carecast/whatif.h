/* What-if questions on top of runs: compare scenarios, the sensitivity of
 * outputs to parameters, and goal-seek, every run of one question on common
 * random numbers (the same paths, seed and streams), so that differences
 * between runs reflect the scenarios, not chance. Also the small parsers they
 * share: targets and outputs "metric@period", ranges "key.path:low:high".
 *
 * Dependencies point one way: whatif -> engine -> core. whatif runs the
 * engine and returns results; it never prints, exits or writes files (the
 * caller writes them through carecast/output.h), and it does not read
 * scenario files. Sensitivity and goal-seek need the scenario with one
 * parameter changed; the caller supplies that through a cc_scenario_loader
 * (the CLI's re-reads the file through cc_scenario_load with one more
 * cc_override; a server could change a scenario it holds in memory), so
 * config and libconfig stay out of this module. */
#ifndef CARECAST_WHATIF_H
#define CARECAST_WHATIF_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "carecast/engine.h"
#include "carecast/results.h"
#include "carecast/scenario.h"
#include "carecast/status.h"

#define CC_PERIOD_MAX 16

typedef enum cc_comparison {
    CC_AT_LEAST = 0, /* ">=" (and "="): the metric reaches the value */
    CC_AT_MOST,      /* "<=": the metric stays within the value */
    CC_ABOVE,        /* ">": the metric exceeds the value */
    CC_BELOW,        /* "<": the metric stays below the value */
} cc_comparison;

/* ">=", "<=", ">" or "<". */
const char *cc_comparison_symbol(cc_comparison c);

/* Reads an amount as people write it: "7334781", "30m", "£30m", "30,000,000"
 * (commas must group thousands), "1.5bn", "750k", "-2.5m", "20%" (0.2),
 * "1e6". Returns false for anything else. */
bool cc_amount_parse(const char *text, double *out);

/* "metric@period", optionally followed by a comparison (">=", "<=", ">", "<",
 * or "=" meaning ">=") and an amount (cc_amount_parse). Spaces anywhere are
 * ignored: "cost.placements.total @ 2020/21 > 30m". */
typedef struct cc_target {
    char metric[CC_METRIC_NAME_MAX];
    char period[CC_PERIOD_MAX]; /* "2023/24" (financial year) or "2024-03" (month) */
    bool has_value;
    cc_comparison comparison;
    double value;
    /* Filled by cc_target_resolve: */
    size_t k;      /* metric index */
    bool annual;   /* period is a financial year */
    size_t index;  /* year or month index */
} cc_target;

/* Parses text into *out. Returns CC_OK or CC_ERR_INVALID with a message. */
cc_status cc_target_parse(const char *text, bool needs_value, cc_target *out, cc_error *err);

/* Finds the target's metric and period in results. CC_ERR_INVALID names a
 * metric or period that the run does not have. */
cc_status cc_target_resolve(const cc_results *results, cc_target *target, cc_error *err);

/* The share of paths on which the target is met (needs a value). */
double cc_target_probability(const cc_results *results, const cc_target *target);

/* The mean over paths of the target's metric at its period. */
double cc_target_mean(const cc_results *results, const cc_target *target);

/* "key.path:low:high" for sensitivity. */
typedef struct cc_param_range {
    char key_path[256];
    double low, high;
} cc_param_range;

cc_status cc_param_range_parse(const char *text, cc_param_range *out, cc_error *err);

/* Goal-seek: p(x) is the probability that the target is met when the varied
 * parameter is x; it is evaluated on common random numbers, so it is a
 * monotone step function in practice. */
typedef cc_status (*cc_probability_fn)(void *context, double x, double *p, cc_error *err);

/* The target's metric over paths at one value of the varied parameter. */
typedef struct cc_goalseek_outcome {
    double mean, p10, p50, p90;
} cc_goalseek_outcome;

typedef struct cc_goalseek_result {
    bool found;           /* a value in [low, high] reaches the probability */
    double x;             /* the value found: within x_tolerance of the crossing, on
                             the side where p(x) >= probability */
    double p;             /* the probability at x */
    double x_uncertainty; /* Monte Carlo uncertainty of x: one standard error of p,
                             divided by the slope of p around x (at least half
                             the final bracket) */
    double p_low, p_high; /* the probabilities at the ends of the range */
    int evaluations;
    bool at_limit;        /* bisection stopped at CC_GOALSEEK_MAX_EVALUATIONS (or
                             when the bracket could shrink no further) before
                             reaching x_tolerance */
    /* Filled by cc_whatif_goalseek: the target's metric at x (when found) and
     * at the ends of the range, so a caller can say what the value achieves. */
    cc_goalseek_outcome at_x, at_low, at_high;
} cc_goalseek_result;

/* Evaluations of p a goal-seek makes at most: the two ends, then bisection
 * steps. 2 + 62 halvings take any range below the spacing of doubles, so the
 * limit only stops a tolerance that cannot be met (0, negative, or finer than
 * the doubles near x). */
#define CC_GOALSEEK_MAX_EVALUATIONS 64

/* Bisects [low, high] for the x at which p(x) crosses `probability`, to within
 * x_tolerance, with n_paths paths behind each p, making at most
 * CC_GOALSEEK_MAX_EVALUATIONS evaluations. Returns CC_OK (found or not: see
 * out->found) or the status of a failed evaluation. */
cc_status cc_goalseek(cc_probability_fn p_of, void *context, double low, double high,
                      double probability, double x_tolerance, size_t n_paths,
                      cc_goalseek_result *out, cc_error *err);

/* ---- running what-ifs ---- */

/* How every run of a what-if is made. All runs share n_paths and seed, so path
 * p of one run pairs with path p of another (common random numbers). */
typedef struct cc_whatif_options {
    size_t n_paths;             /* paths per run */
    unsigned long seed;         /* master seed of every run */
    int threads;                /* OpenMP threads per run, 0 = all cores */
    cc_progress_fn progress;    /* optional: paths done over all of the what-if's
                                   runs (an estimate for goal-seek) */
    void *progress_context;
    const atomic_bool *cancel;  /* optional, borrowed: set it from another thread
                                   (a server whose user moved on) and the what-if
                                   stops within a few paths with CC_ERR_CANCELLED */
} cc_whatif_options;

/* Options from the base scenario's run settings (run.paths, run.seed,
 * run.threads), with no progress or cancel. */
cc_whatif_options cc_whatif_options_from(const cc_scenario *base);

/* Gives a what-if the base scenario with key_path set to value. load stores a
 * new scenario in *out, or returns a status with a message in err (e.g.
 * CC_ERR_INVALID for an unknown key or a value out of range); the what-if
 * hands every scenario it got back through free_scenario. */
typedef struct cc_scenario_loader {
    cc_status (*load)(void *context, const char *key_path, double value, cc_scenario **out,
                      cc_error *err);
    void (*free_scenario)(void *context, cc_scenario *scenario);
    void *context;
} cc_scenario_loader;

/* ---- compare ---- */

/* The runs of a comparison: results[0] is the base's, results[i] the i-th
 * alternative's; every block holds opts->n_paths paths. */
typedef struct cc_compare_result {
    size_t n_runs;          /* 1 + the number of alternatives */
    cc_results *results[];  /* owned; freed by cc_compare_result_free */
} cc_compare_result;

/* CC_OK when alt can be compared with base path by path (the same start
 * month and run.horizon_months); else CC_ERR_INVALID naming both files. */
cc_status cc_whatif_check_comparable(const cc_scenario *base, const cc_scenario *alt,
                                     cc_error *err);

/* Runs base and each of the n_alternatives alternatives with opts on common
 * random numbers into a new *out (free with cc_compare_result_free; NULL on
 * failure). Returns CC_OK, CC_ERR_INVALID (scenarios not comparable),
 * CC_ERR_NOMEM, CC_ERR_NUMERIC or CC_ERR_CANCELLED. */
cc_status cc_whatif_compare(const cc_scenario *base, const cc_scenario *const *alternatives,
                            size_t n_alternatives, const cc_whatif_options *opts,
                            cc_compare_result **out, cc_error *err);

/* Frees a comparison and its results; NULL is allowed. */
void cc_compare_result_free(cc_compare_result *comparison);

/* ---- sensitivity ---- */

#define CC_SWINGS_MAX 32

/* One parameter swung from low to high, and the output's mean at each. */
typedef struct cc_swing {
    char label[CC_TEXT_MAX];
    char key_path[256];
    double low, high;       /* the parameter's values */
    double at_low, at_high; /* the output's mean over paths at each */
} cc_swing;

/* One output ("metric@period") and every parameter's swing. */
typedef struct cc_sensitivity {
    char output[CC_METRIC_NAME_MAX + 24];
    bool is_money;          /* shown in £m */
    double base;            /* the output's mean with the scenario as it is */
    size_t n;
    cc_swing swings[CC_SWINGS_MAX];
} cc_sensitivity;

/* The result of a sensitivity analysis: per output, the base mean and a swing
 * per parameter (in the order given); and the base run itself. */
typedef struct cc_sensitivity_table {
    size_t n_outputs;
    cc_sensitivity *outputs;   /* n_outputs, owned */
    cc_results *base_results;  /* the base scenario's run, owned */
} cc_sensitivity_table;

/* Runs base, then for each parameter the scenario from loader at its low and
 * at its high value (one at a time, everything else as in base), and records
 * each output's mean over paths. The outputs are "metric@period" targets
 * (their values, if any, are ignored); the labels of the swings are the
 * parameters' labels. Stores a new table in *out (free with
 * cc_sensitivity_table_free; NULL on failure). Returns CC_OK, CC_ERR_INVALID
 * (more than CC_SWINGS_MAX parameters, an output the run does not have, or the
 * loader's status), CC_ERR_NOMEM, CC_ERR_NUMERIC or CC_ERR_CANCELLED. */
cc_status cc_whatif_sensitivity(const cc_scenario *base, const cc_scenario_loader *loader,
                                const cc_sensitivity_param *params, size_t n_params,
                                const cc_target *outputs, size_t n_outputs,
                                const cc_whatif_options *opts, cc_sensitivity_table **out,
                                cc_error *err);

/* Frees a table and its base run; NULL is allowed. */
void cc_sensitivity_table_free(cc_sensitivity_table *table);

/* The outputs a sensitivity analysis reports when none are asked for: total
 * spend and the cumulative net position in the last financial year of base's
 * horizon. */
#define CC_DEFAULT_OUTPUTS 2
void cc_whatif_default_outputs(const cc_scenario *base, cc_target out[CC_DEFAULT_OUTPUTS]);

/* ---- goal-seek ---- */

/* Finds the value of range->key_path in [range->low, range->high] at which
 * target (which needs a value) is met on at least `probability` of the
 * paths, each value a run of the scenario from loader with opts; bisection to
 * within (high - low) / 256 (see cc_goalseek). Returns CC_OK (found or not:
 * see out->found), CC_ERR_INVALID (a target the run does not have, or the
 * loader's status), CC_ERR_NOMEM, CC_ERR_NUMERIC or CC_ERR_CANCELLED. */
cc_status cc_whatif_goalseek(const cc_scenario_loader *loader, const cc_param_range *range,
                             const cc_target *target, double probability,
                             const cc_whatif_options *opts, cc_goalseek_result *out,
                             cc_error *err);

#endif
