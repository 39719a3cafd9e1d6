/* The workforce KPIs of a path, per financial year: the year's average of caseload.average,
 * fte.vacancy_rate or fte.agency_share rated green (at or below the target), amber (at or below
 * the tolerance) or red, as three 0/1 values whose means over paths are the chances of each. */
#include "engine/path_internal.h"

void cc_kpis_judge(const run_inputs *in, size_t p)
{
    static const size_t metric_of[CC_KPI_COUNT] = {
        [CC_KPI_CASELOAD] = MM_CASELOAD_AVERAGE,
        [CC_KPI_VACANCY_RATE] = MM_FTE_VACANCY_RATE,
        [CC_KPI_AGENCY_SHARE] = MM_FTE_AGENCY_SHARE,
    };
    const cc_workforce *w = &in->sc->workforce;
    size_t k = in->layout.kpi;
    for (int i = 0; i < CC_KPI_COUNT; i++) {
        if (!w->kpis[i].is_set)
            continue;
        for (size_t y = 0; y < in->res->n_years; y++) {
            const double value =
                (double)cc_results_annual(in->res, in->layout.money + metric_of[i], y)[p];
            const int rating = cc_kpi_rating(&w->kpis[i], value);
            for (int r = 0; r < 3; r++)
                cc_results_annual(in->res, k + (size_t)r, y)[p] = (float)(rating == r);
        }
        k += 3;
    }
}
