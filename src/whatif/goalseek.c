/* Goal-seek by bisection on common random numbers. */
#include <math.h>

#include "carecast/whatif.h"

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
