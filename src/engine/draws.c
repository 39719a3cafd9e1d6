/* Counted draws that split children between categories: multinomial and categorical (over a
 * state's destinations, by their hazards) and without-replacement choice. Each counts its
 * variates in ws->drawn (the benchmark's floor draws as many from GSL alone); use_stream,
 * uniform, binomial, poisson and discrete are inline in path_internal.h, over the samplers of
 * rng_internal.h. */
#include "engine/path_internal.h"

/* Splits n over the k destinations d in proportion to their hazards by sequential binomials,
 * stopping as soon as everything is placed. */
void cc_draw_multinomial(workspace *ws, int n, const dest *d, size_t k, int *out)
{
    double rest = 0.0;
    for (size_t i = 0; i < k; i++) {
        out[i] = 0;
        rest += d[i].hazard;
    }
    for (size_t i = 0; i < k && n > 0; i++) {
        const double w = d[i].hazard;
        if (w <= 0.0)
            continue;
        const int x = i + 1 == k || w >= rest ? n : binomial(ws, w / rest, n);
        out[i] = x;
        n -= x;
        rest -= w;
    }
}

/* Splits a few (n) children over the k destinations d in proportion to their hazards, one
 * uniform each: for small n this is cheaper than k sequential binomials. */
void cc_draw_categorical(workspace *ws, int n, const dest *d, size_t k, int *out)
{
    double total = 0.0;
    for (size_t i = 0; i < k; i++) {
        out[i] = 0;
        total += d[i].hazard;
    }
    for (int c = 0; c < n; c++) {
        double u = uniform(ws) * total;
        size_t i = 0;
        while (i + 1 < k && (d[i].hazard <= 0.0 || u >= d[i].hazard)) {
            u -= d[i].hazard;
            i++;
        }
        out[i]++;
    }
    ws->drawn.discrete += (unsigned long long)n;
}

/* Chooses take of the sum of counts[0..k) without replacement (multivariate
 * hypergeometric), writing how many come from each category to out. */
void cc_draw_choose(workspace *ws, const int *counts, size_t k, int take, int *out)
{
    int rest = 0;
    for (size_t i = 0; i < k; i++)
        rest += counts[i];
    for (size_t i = 0; i < k; i++) {
        rest -= counts[i];
        int x = 0;
        if (take > 0 && counts[i] > 0) {
            if (rest == 0) {
                x = take;
            } else {
                ws->drawn.hypergeometric++;
                x = (int)gsl_ran_hypergeometric(ws->r, (unsigned int)counts[i], (unsigned int)rest,
                                                (unsigned int)take);
            }
        }
        out[i] = x;
        take -= x;
    }
}

const char *cc_draw_site_group(unsigned site)
{
    static const char *const first[] = {
        [SITE_PATH] = "path",        [SITE_INITIATIVES] = "initiatives",
        [SITE_CIN] = "cin",          [SITE_CP] = "cp",
        [SITE_CARERS] = "carers",    [SITE_EXTRA_APPROVALS] = "carers",
        [SITE_CAPACITY] = "capacity", [SITE_ENTRIES] = "entries",
        [SITE_UASC] = "uasc",        [SITE_ADMIT] = "admit",
        [SITE_LEAVERS] = "leavers"};
    if (site < SITE_STEP_DOWN)
        return first[site];
    if (site < SITE_STATE)
        return "step_down";
    if (site < SITE_UASC_AGEING)
        return "state";
    if (site == SITE_UASC_AGEING)
        return "uasc";
    if (site < SITE_PROCESS_LEVEL)
        return "allowances";
    if (site < SITE_PRICE)
        return "processes";
    if (site < SITE_PARAM)
        return "prices";
    if (site < SITE_ASSESSMENTS)
        return "parameters";
    if (site == SITE_ASSESSMENTS)
        return "assessments";
    if (site == SITE_CARERS_60)
        return "carers";
    return "staff";
}
