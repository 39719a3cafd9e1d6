/* What-if questions on top of runs: targets and outputs written as
 * "metric@period", parameter ranges "key.path:low:high", and goal-seek by
 * bisection. Pure functions over results; the CLI runs the scenarios. */
#ifndef CARECAST_WHATIF_H
#define CARECAST_WHATIF_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/results.h"
#include "carecast/status.h"

#define CC_PERIOD_MAX 16

typedef enum cc_comparison {
    CC_AT_LEAST = 0, /* ">=" (and "="): the metric reaches the value */
    CC_AT_MOST,      /* "<=": the metric stays within the value */
} cc_comparison;

/* "metric@period", optionally followed by ">=value", "<=value" or "=value". */
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

#endif
