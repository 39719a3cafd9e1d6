/* Goal-seek by bisection on common random numbers: every value of the varied
 * parameter is run on the same paths, so the probability of meeting the
 * target is a monotone step function of the value in practice. */
#include <math.h>

#include "carecast/stats.h"
#include "whatif/whatif_internal.h"

cc_status cc_goalseek(cc_probability_fn p_of, void *context, double low, double high,
                      double probability, double x_tolerance, size_t n_paths,
                      cc_goalseek_result *out, cc_error *err)
{
    *out = (cc_goalseek_result){0};
    double p_low = 0.0, p_high = 0.0;
    cc_status st = p_of(context, low, &p_low, err);
    if (st == CC_OK)
        st = p_of(context, high, &p_high, err);
    out->evaluations = 2;
    out->p_low = p_low;
    out->p_high = p_high;
    if (st != CC_OK)
        return st;
    /* The probability must be reached inside the range: p - target changes sign. */
    const double f_low = p_low - probability, f_high = p_high - probability;
    if (f_low * f_high > 0.0)
        return CC_OK;
    double a = low, b = high, fa = f_low;
    double pa = p_low, pb = p_high;
    /* A tolerance of 0 (or below the spacing of doubles) is never reached: the
     * limit, and a midpoint that equals an end, stop the bisection. */
    while (b - a > x_tolerance && out->evaluations < CC_GOALSEEK_MAX_EVALUATIONS) {
        const double m = 0.5 * (a + b);
        if (!(m > a && m < b))
            break;
        double pm = 0.0;
        st = p_of(context, m, &pm, err);
        out->evaluations++;
        if (st != CC_OK)
            return st;
        /* Keep the half whose ends straddle the target probability. */
        if ((pm - probability) * fa > 0.0) {
            a = m;
            fa = pm - probability;
            pa = pm;
        } else {
            b = m;
            pb = pm;
        }
    }
    out->at_limit = b - a > x_tolerance;
    /* Report the end at which the target is met with at least the probability. */
    const bool a_meets = pa >= probability;
    out->found = true;
    out->x = a_meets ? a : b;
    out->p = a_meets ? pa : pb;
    /* A probability estimated from n paths has standard error sqrt(p(1-p)/n);
     * the slope of p across the whole range turns that into an error in x. */
    const double p_star = fmin(fmax(probability, 1.0 / (double)n_paths), 1.0 - 1.0 / (double)n_paths);
    const double se = sqrt(p_star * (1.0 - p_star) / (double)n_paths);
    const double slope = fabs(p_high - p_low) / (high - low);
    out->x_uncertainty = fmax(slope > 0.0 ? se / slope : HUGE_VAL, 0.5 * (b - a));
    return CC_OK;
}

/* ---- goal-seek over runs of a scenario ---- */

/* Bisection halvings of the range: x is found to within range / 2^8. */
#define GOALSEEK_HALVINGS 8

typedef struct goalseek_job {
    cc_whatif_runner runner;
    const cc_scenario_loader *loader;
    const char *key_path;
    cc_target target; /* resolved against each run */
    size_t n_evaluated;
    double x[CC_GOALSEEK_MAX_EVALUATIONS];                  /* each value run */
    cc_goalseek_outcome outcome[CC_GOALSEEK_MAX_EVALUATIONS]; /* the metric there */
} goalseek_job;

/* Records the target's metric over the paths of res at x. */
static void record(goalseek_job *job, double x, const cc_results *res)
{
    if (job->n_evaluated >= CC_GOALSEEK_MAX_EVALUATIONS)
        return;
    const size_t i = job->n_evaluated++;
    /* The run is freed next, so its values may be reordered by the percentiles
     * (the probability was taken first). */
    float *v = job->target.annual ? cc_results_annual(res, job->target.k, job->target.index)
                                  : cc_results_monthly(res, job->target.k, job->target.index);
    static const double pct[3] = {10.0, 50.0, 90.0};
    double q[3], sd = 0.0;
    cc_goalseek_outcome *o = &job->outcome[i];
    cc_stats_mean_sd(v, res->n_paths, &o->mean, &sd);
    cc_stats_percentiles(v, res->n_paths, pct, 3, q);
    o->p10 = q[0];
    o->p50 = q[1];
    o->p90 = q[2];
    job->x[i] = x;
}

/* The outcome recorded at x (a value that was run), or NaNs. */
static cc_goalseek_outcome outcome_at(const goalseek_job *job, double x)
{
    for (size_t i = 0; i < job->n_evaluated; i++)
        if (job->x[i] == x)
            return job->outcome[i];
    return (cc_goalseek_outcome){NAN, NAN, NAN, NAN};
}

/* The share of paths meeting the target with the parameter at x. */
static cc_status probability_at(void *context, double x, double *p, cc_error *err)
{
    goalseek_job *job = context;
    cc_results *res = NULL;
    cc_status st = cc_whatif_run_variant(&job->runner, job->loader, job->key_path, x, &res, err);
    if (st == CC_OK)
        st = cc_target_resolve(res, &job->target, err);
    if (st == CC_OK) {
        *p = cc_target_probability(res, &job->target);
        record(job, x, res);
    }
    cc_results_free(res);
    return st;
}

cc_status cc_whatif_goalseek(const cc_scenario_loader *loader, const cc_param_range *range,
                             const cc_target *target, double probability,
                             const cc_whatif_options *opts, cc_goalseek_result *out,
                             cc_error *err)
{
    *out = (cc_goalseek_result){0};
    if (!target->has_value)
        return cc_error_set(err, CC_ERR_INVALID,
                            "goal-seek: the target %s@%s needs a value, e.g. >=7334781",
                            target->metric, target->period);
    goalseek_job job = {.runner = {.opts = opts, .runs_total = 2 + GOALSEEK_HALVINGS},
                        .loader = loader,
                        .key_path = range->key_path,
                        .target = *target};
    const double x_tolerance = (range->high - range->low) / (double)(1 << GOALSEEK_HALVINGS);
    const cc_status st = cc_goalseek(probability_at, &job, range->low, range->high, probability,
                                     x_tolerance, opts->n_paths, out, err);
    out->at_low = outcome_at(&job, range->low);
    out->at_high = outcome_at(&job, range->high);
    out->at_x = out->found ? outcome_at(&job, out->x)
                           : (cc_goalseek_outcome){NAN, NAN, NAN, NAN};
    return st;
}
