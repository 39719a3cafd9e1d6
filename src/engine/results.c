/* Storage for per-path results and the names of the metrics it holds. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/results.h"
#include "engine/engine_internal.h"

static const struct {
    const char *name;
    cc_metric_kind kind;
} fixed_metrics[M_FIXED_COUNT] = {
    [M_CIC_TOTAL] = {"cic.total", CC_METRIC_STOCK},
    [M_ENTRIES_TOTAL] = {"entries.total", CC_METRIC_FLOW},
    [M_ENTRIES_FROM_CP] = {"entries.from_cp", CC_METRIC_FLOW},
    [M_ENTRIES_UASC] = {"entries.uasc", CC_METRIC_FLOW},
    [M_ENTRIES_ADDED] = {"entries.added", CC_METRIC_FLOW},
    [M_EXITS_TOTAL] = {"exits.total", CC_METRIC_FLOW},
    [M_EXITS_RETURN_HOME] = {"exits.return_home", CC_METRIC_FLOW},
    [M_EXITS_SGO] = {"exits.sgo", CC_METRIC_FLOW},
    [M_EXITS_ADOPTION] = {"exits.adoption", CC_METRIC_FLOW},
    [M_EXITS_OTHER] = {"exits.other", CC_METRIC_FLOW},
    [M_EXITS_AGE_18] = {"exits.age_18", CC_METRIC_FLOW},
    [M_MOVES_TOTAL] = {"moves.total", CC_METRIC_FLOW},
    [M_OVERFLOW_TOTAL] = {"overflow.total", CC_METRIC_FLOW},
    [M_CIN_TOTAL] = {"cin.total", CC_METRIC_STOCK},
    [M_CIN_STARTS] = {"cin.starts", CC_METRIC_FLOW},
    [M_CP_TOTAL] = {"cp.total", CC_METRIC_STOCK},
    [M_CP_STARTS] = {"cp.starts", CC_METRIC_FLOW},
    [M_ASSESSMENTS_TOTAL] = {"assessments.total", CC_METRIC_STOCK},
    [M_ASSESSMENTS_STARTS] = {"assessments.starts", CC_METRIC_FLOW},
    [M_CARE_LEAVERS_TOTAL] = {"care_leavers.total", CC_METRIC_STOCK},
    [M_CARERS_HOUSEHOLDS] = {"carers.households", CC_METRIC_STOCK},
    [M_CARERS_OVER_60] = {"carers.over_60", CC_METRIC_STOCK},
    [M_CARERS_PLACES] = {"carers.places", CC_METRIC_STOCK},
    [M_CARERS_PLACES_FREE] = {"carers.places_free", CC_METRIC_STOCK},
    [M_CARERS_APPROVALS] = {"carers.approvals", CC_METRIC_FLOW},
    [M_CARERS_DEREGISTRATIONS] = {"carers.deregistrations", CC_METRIC_FLOW},
    [M_BEDS_PLACES_FREE] = {"beds.places_free", CC_METRIC_STOCK},
};

static const struct {
    const char *name;
    cc_metric_kind kind;
} money_metrics[MM_COUNT] = {
    [MM_COST_PLACEMENTS] = {"cost.placements.total", CC_METRIC_FLOW},
    [MM_COST_CARE_LEAVERS] = {"cost.care_leavers", CC_METRIC_FLOW},
    [MM_COST_STAFF] = {"cost.staff.total", CC_METRIC_FLOW},
    [MM_COST_OVERHEADS] = {"cost.overheads", CC_METRIC_FLOW},
    [MM_COST_INITIATIVES] = {"cost.initiatives", CC_METRIC_FLOW},
    [MM_COST_ALLOWANCES] = {"cost.allowances", CC_METRIC_FLOW},
    [MM_COST_TOTAL] = {"cost.total", CC_METRIC_FLOW},
    [MM_INCOME_TOTAL] = {"income.total", CC_METRIC_FLOW},
    [MM_INCOME_UASC] = {"income.uasc_grant", CC_METRIC_FLOW},
    [MM_NET_POSITION] = {"net.position", CC_METRIC_FLOW},
    [MM_NET_CUMULATIVE] = {"net.cumulative", CC_METRIC_STOCK},
    [MM_UASC_IN_CARE] = {"uasc.in_care", CC_METRIC_STOCK},
    [MM_FTE_NEED_TOTAL] = {"fte.need.total", CC_METRIC_AVERAGE},
    [MM_FTE_PERMANENT] = {"fte.permanent", CC_METRIC_AVERAGE},
    [MM_FTE_ASYE] = {"fte.asye", CC_METRIC_AVERAGE},
    [MM_FTE_AGENCY] = {"fte.agency", CC_METRIC_AVERAGE},
    [MM_FTE_AGENCY_SHARE] = {"fte.agency_share", CC_METRIC_AVERAGE},
    [MM_FTE_VACANCY_RATE] = {"fte.vacancy_rate", CC_METRIC_AVERAGE},
    [MM_CASELOAD_AVERAGE] = {"caseload.average", CC_METRIC_AVERAGE},
    [MM_FTE_ESTABLISHMENT] = {"fte.establishment", CC_METRIC_AVERAGE},
    [MM_FTE_ASYE_SHARE] = {"fte.asye_share", CC_METRIC_AVERAGE},
    [MM_FTE_ASYE_OVER_CAP] = {"fte.asye_over_cap", CC_METRIC_AVERAGE},
    [MM_FTE_LEAVERS] = {"fte.leavers", CC_METRIC_FLOW},
    [MM_FTE_HIRES] = {"fte.hires", CC_METRIC_FLOW},
    [MM_FTE_ASYE_INTAKE] = {"fte.asye_intake", CC_METRIC_FLOW},
    [MM_FTE_ASYE_REFUSED] = {"fte.asye_refused", CC_METRIC_FLOW},
};

/* The workforce KPIs' names in metrics (kpi.<name>.p_green ...), in cc_kpi_id order. */
static const char *const kpi_names[CC_KPI_COUNT] = {"caseload", "vacancy_rate", "agency_share"};

static size_t kpis_set(const cc_scenario *sc)
{
    size_t n = 0;
    for (int i = 0; i < CC_KPI_COUNT; i++)
        n += sc->workforce.kpis[i].is_set;
    return n;
}

void cc_metric_layout_init(const cc_scenario *sc, cc_metric_layout *layout)
{
    layout->placement = M_FIXED_COUNT;
    layout->band = layout->placement + sc->n_placements;
    layout->placement_cost = layout->band + sc->n_bands;
    layout->money = layout->placement_cost + sc->n_placements;
    layout->team_need = layout->money + MM_COUNT;
    layout->allowance_cost = layout->team_need + sc->workforce.n_teams;
    layout->orders = layout->allowance_cost + sc->n_allowances;
    layout->other_cost = layout->orders + sc->n_allowances;
    layout->contribution = layout->other_cost + sc->n_other_costs;
    layout->savings = layout->contribution + sc->finance.n_contributions;
    layout->budget = layout->savings + (sc->n_initiatives > 0 ? sc->n_initiatives + 1 : 0);
    const size_t lines = sc->finance.n_budget_lines;
    layout->mtfp = layout->budget + (lines > 0 ? 3 * (lines + 2) : 0);
    layout->kpi = layout->mtfp + (sc->finance.n_mtfp_years > 0 && sc->n_initiatives > 0);
    layout->count = layout->kpi + 3 * kpis_set(sc);
}

static void add_metric(cc_results *res, const char *prefix, const char *name, cc_metric_kind kind)
{
    if (res->n_metrics >= CC_METRICS_MAX)
        return;
    cc_metric *m = &res->metrics[res->n_metrics++];
    snprintf(m->name, sizeof m->name, "%s%s", prefix, name);
    m->kind = kind;
}

static int fin_year(int year, int month)
{
    return month >= 4 ? year : year - 1;
}

/* Per workforce KPI with a target: the chances of green, amber and red by year. */
static void add_kpi_metrics(cc_results *res, const cc_scenario *scenario)
{
    static const char *const ratings[] = {".p_green", ".p_amber", ".p_red"};
    for (int i = 0; i < CC_KPI_COUNT; i++) {
        if (!scenario->workforce.kpis[i].is_set)
            continue;
        for (int k = 0; k < 3; k++) {
            char name[CC_NAME_MAX];
            snprintf(name, sizeof name, "%s%s", kpi_names[i], ratings[k]);
            add_metric(res, "kpi.", name, CC_METRIC_ANNUAL_ONLY);
        }
    }
}

/* Names every metric of the scenario, in the order of cc_metric_layout. */
static void add_metrics(cc_results *res, const cc_scenario *scenario)
{
    for (size_t k = 0; k < M_FIXED_COUNT; k++)
        add_metric(res, "", fixed_metrics[k].name, fixed_metrics[k].kind);
    for (size_t p = 0; p < scenario->n_placements; p++)
        add_metric(res, "cic.placement.", scenario->placements[p].name, CC_METRIC_STOCK);
    for (size_t b = 0; b < scenario->n_bands; b++)
        add_metric(res, "cic.age.", scenario->bands[b].name, CC_METRIC_STOCK);
    for (size_t p = 0; p < scenario->n_placements; p++)
        add_metric(res, "cost.placement.", scenario->placements[p].name, CC_METRIC_FLOW);
    for (size_t k = 0; k < MM_COUNT; k++)
        add_metric(res, "", money_metrics[k].name, money_metrics[k].kind);
    for (size_t i = 0; i < scenario->workforce.n_teams; i++)
        add_metric(res, "fte.need.", scenario->workforce.teams[i].name, CC_METRIC_AVERAGE);
    for (size_t i = 0; i < scenario->n_allowances; i++)
        add_metric(res, "cost.allowance.", scenario->allowances[i].name, CC_METRIC_FLOW);
    for (size_t i = 0; i < scenario->n_allowances; i++)
        add_metric(res, "orders.", scenario->allowances[i].name, CC_METRIC_STOCK);
    for (size_t i = 0; i < scenario->n_other_costs; i++)
        add_metric(res, "cost.other.", scenario->other_costs[i].name, CC_METRIC_FLOW);
    for (size_t i = 0; i < scenario->finance.n_contributions; i++)
        add_metric(res, "income.contribution.", scenario->finance.contributions[i].name,
                   CC_METRIC_FLOW);
    if (scenario->n_initiatives > 0) {
        for (size_t i = 0; i < scenario->n_initiatives; i++)
            add_metric(res, "savings.", scenario->initiatives[i].name, CC_METRIC_FLOW);
        add_metric(res, "", "savings.total", CC_METRIC_FLOW);
    }
    const cc_finance *fin = &scenario->finance;
    for (size_t l = 0; l <= fin->n_budget_lines + 1 && fin->n_budget_lines > 0; l++) {
        static const char *const parts[] = {".spend", ".p_over", ".expected_over"};
        const char *line = l < fin->n_budget_lines    ? fin->budget_lines[l].name
                           : l == fin->n_budget_lines ? "total"
                                                      : "placement_lines";
        for (int k = 0; k < 3; k++) {
            char name[CC_NAME_MAX + 16];
            snprintf(name, sizeof name, "%s%s", line, parts[k]);
            add_metric(res, "budget.", name, CC_METRIC_ANNUAL_ONLY);
        }
    }
    if (fin->n_mtfp_years > 0 && scenario->n_initiatives > 0)
        add_metric(res, "", "mtfp.p_meet", CC_METRIC_ANNUAL_ONLY);
    add_kpi_metrics(res, scenario);
}

cc_status cc_results_describe(const cc_scenario *scenario, size_t n_paths, cc_results *res,
                              cc_error *err)
{
    memset(res, 0, sizeof *res);
    add_metrics(res, scenario);
    res->n_paths = n_paths;
    res->n_months = (size_t)scenario->run.horizon_months;
    res->start_year = scenario->start_year;
    res->start_month = scenario->start_month;
    res->first_fin_year = fin_year(scenario->start_year, scenario->start_month);
    const int last_index = scenario->start_month - 1 + scenario->run.horizon_months - 1;
    res->n_years = (size_t)(fin_year(scenario->start_year + last_index / 12, last_index % 12 + 1) -
                            res->first_fin_year + 1);
    cc_metric_layout layout;
    cc_metric_layout_init(scenario, &layout);
    if (layout.count != res->n_metrics || res->n_metrics > CC_METRICS_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "results: metric layout mismatch");
    const size_t per_metric = (res->n_months + res->n_years);
    if (n_paths == 0 || n_paths > SIZE_MAX / sizeof(float) / per_metric / res->n_metrics)
        return cc_error_set(err, CC_ERR_INVALID, "results: cannot hold %zu paths", n_paths);
    return CC_OK;
}

cc_status cc_results_alloc(const cc_scenario *scenario, size_t n_paths, cc_results **out,
                           cc_error *err)
{
    *out = NULL;
    cc_results *res = calloc(1, sizeof *res);
    if (res == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "results: out of memory");
    const cc_status st = cc_results_describe(scenario, n_paths, res, err);
    if (st != CC_OK) {
        free(res);
        return st;
    }
    res->monthly = calloc(res->n_metrics * res->n_months * n_paths, sizeof(float));
    res->annual = calloc(res->n_metrics * res->n_years * n_paths, sizeof(float));
    if (res->monthly == NULL || res->annual == NULL) {
        cc_results_free(res);
        return cc_error_set(err, CC_ERR_NOMEM, "results: out of memory for %zu paths", n_paths);
    }
    *out = res;
    return CC_OK;
}

static void summary_free(cc_path_summary *s)
{
    if (s == NULL)
        return;
    free(s->moments);
    free(s->at);
    free(s);
}

void cc_results_free(cc_results *results)
{
    if (results == NULL)
        return;
    free(results->monthly);
    free(results->annual);
    summary_free(results->summary);
    free(results);
}

/* ---- a run summarised as it ran ---- */

size_t cc_results_n_quantities(const cc_results *res, const cc_summary_plan *plan)
{
    size_t n = res->n_metrics * (res->n_months + res->n_years);
    for (size_t s = 0; s < plan->n_sums; s++)
        n += plan->sums[s].annual ? res->n_years : res->n_months;
    return n;
}

size_t cc_results_quantity(const cc_results *res, bool annual, int sum, size_t k, size_t period)
{
    if (sum < 0)
        return annual ? res->n_metrics * res->n_months + k * res->n_years + period
                      : k * res->n_months + period;
    const cc_summary_plan *plan = &res->summary->plan;
    size_t q = res->n_metrics * (res->n_months + res->n_years);
    for (int s = 0; s < sum; s++)
        q += plan->sums[s].annual ? res->n_years : res->n_months;
    return q + period;
}

cc_status cc_results_summary_alloc(cc_results *res, const cc_summary_plan *plan, cc_error *err)
{
    if (plan->n_levels > CC_LEVELS_MAX || plan->n_sums > CC_SUMS_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "results: too many percentiles or sums");
    for (size_t i = 0; i < plan->n_levels; i++)
        if (!(plan->levels[i] >= 0.0 && plan->levels[i] <= 100.0) ||
            (i > 0 && !(plan->levels[i] > plan->levels[i - 1])))
            return cc_error_set(err, CC_ERR_INVALID, "results: percentiles must ascend in [0, 100]");
    for (size_t s = 0; s < plan->n_sums; s++) {
        const cc_metric_sum *m = &plan->sums[s];
        bool ok = m->nk >= 2 && m->nk <= CC_SUM_METRICS_MAX;
        for (size_t i = 0; ok && i < m->nk; i++)
            ok = m->ks[i] >= 0 && (size_t)m->ks[i] < res->n_metrics;
        if (!ok)
            return cc_error_set(err, CC_ERR_INVALID, "results: sum %zu has no valid metrics", s);
    }
    cc_path_summary *s = calloc(1, sizeof *s);
    if (s == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "results: out of memory");
    s->plan = *plan;
    s->n_quantities = cc_results_n_quantities(res, plan);
    s->moments = calloc(s->n_quantities, sizeof *s->moments);
    s->at = calloc(s->n_quantities * (plan->n_levels > 0 ? plan->n_levels : 1), sizeof *s->at);
    if (s->moments == NULL || s->at == NULL) {
        summary_free(s);
        return cc_error_set(err, CC_ERR_NOMEM, "results: out of memory for the summary");
    }
    summary_free(res->summary);
    res->summary = s;
    return CC_OK;
}

bool cc_results_defined(const cc_results *res, bool annual, size_t k, size_t period)
{
    if (cc_results_stored(res))
        return !isnan(annual ? cc_results_annual(res, k, period)[0]
                             : cc_results_monthly(res, k, period)[0]);
    return res->summary->moments[cc_results_quantity(res, annual, -1, k, period)].n > 0.0;
}

/* The plan's sum of exactly these metrics at this scale, or -1. */
static int find_sum(const cc_summary_plan *plan, bool annual, const int *ks, size_t nk)
{
    for (size_t s = 0; s < plan->n_sums; s++)
        if (plan->sums[s].annual == annual && plan->sums[s].nk == nk &&
            memcmp(plan->sums[s].ks, ks, nk * sizeof ks[0]) == 0)
            return (int)s;
    return -1;
}

void cc_results_summary_stats(const cc_results *res, bool annual, size_t period, const int *ks,
                              size_t nk, const double *pct, size_t n_pct, double *out_pct,
                              double *out_mean)
{
    const cc_path_summary *s = res->summary;
    const int sum = nk == 1 ? -1 : find_sum(&s->plan, annual, ks, nk);
    const bool known = nk == 1 || sum >= 0;
    const size_t q = known ? cc_results_quantity(res, annual, sum, nk == 1 ? (size_t)ks[0] : 0,
                                                 period)
                           : 0;
    if (out_mean != NULL) {
        double sd = 0.0;
        *out_mean = (double)NAN;
        if (known && s->moments[q].n > 0.0)
            cc_moments_mean_sd(&s->moments[q], out_mean, &sd);
    }
    for (size_t i = 0; i < n_pct; i++) {
        out_pct[i] = (double)NAN;
        for (size_t l = 0; known && l < s->plan.n_levels; l++)
            if (s->plan.levels[l] == pct[i])
                out_pct[i] = s->at[q * s->plan.n_levels + l];
    }
}

int cc_results_metric_index(const cc_results *results, const char *name)
{
    for (size_t k = 0; k < results->n_metrics; k++)
        if (strcmp(results->metrics[k].name, name) == 0)
            return (int)k;
    return -1;
}

bool cc_results_find_period(const cc_results *results, const char *label, bool *annual,
                            size_t *index)
{
    *annual = strchr(label, '/') != NULL;
    const size_t n = *annual ? results->n_years : results->n_months;
    char buf[16];
    for (size_t i = 0; i < n; i++) {
        if (*annual)
            cc_results_year_label(results, i, buf, sizeof buf);
        else
            cc_results_month_label(results, i, buf, sizeof buf);
        if (strcmp(buf, label) == 0) {
            *index = i;
            return true;
        }
    }
    return false;
}

void cc_results_month_label(const cc_results *results, size_t t, char *buf, size_t size)
{
    const int index = results->start_month - 1 + (int)t;
    snprintf(buf, size, "%04d-%02d", results->start_year + index / 12, index % 12 + 1);
}

void cc_results_year_label(const cc_results *results, size_t y, char *buf, size_t size)
{
    const int year = results->first_fin_year + (int)y;
    snprintf(buf, size, "%04d/%02d", year, (year + 1) % 100);
}
