/* A path's financial years (April to March): annual values from the months, then the judgement
 * against budgets and MTFP targets. Per budget line, in total and for the lines that cover
 * placement types: the year's spend, whether it overspends (1 or 0) and by how much; per year
 * with a target: whether the initiatives' savings meet it. The summaries turn these 0/1 values
 * into probabilities across paths. */
#include <math.h>
#include <string.h>

#include "engine/path_internal.h"

/* Metric k's values in year y from its months, for every path of the chunk in->res holds
 * (CC_CHUNK_PATHS columns: whole rows, which the compiler can vectorise): the last month's for a
 * stock, the months' sum for a flow and their mean for a level (each path's summed in month
 * order, in double). */
static void year_values(const run_inputs *in, size_t k, cc_metric_kind kind, size_t y)
{
    const cc_results *res = in->res;
    const size_t first = in->year_first_month[y], n = in->year_months[y];
    float *out = cc_results_annual(res, k, y);
    if (kind == CC_METRIC_STOCK) {
        memcpy(out, cc_results_monthly(res, k, first + n - 1), CC_CHUNK_PATHS * sizeof *out);
        return;
    }
    double sum[CC_CHUNK_PATHS] = {0.0};
    for (size_t i = 0; i < n; i++) {
        const float *x = cc_results_monthly(res, k, first + i);
        for (size_t p = 0; p < CC_CHUNK_PATHS; p++)
            sum[p] += (double)x[p];
    }
    const double months = kind == CC_METRIC_AVERAGE ? (double)n : 1.0; /* x / 1 is x */
    for (size_t p = 0; p < CC_CHUNK_PATHS; p++)
        out[p] = (float)(sum[p] / months);
}

/* Annual values of the chunk's paths: stocks at the year end, flows summed, levels averaged.
 * Columns of the chunk not simulated this time hold an earlier chunk's values, which are
 * summarised too and never copied out. */
void cc_years_summarise(const run_inputs *in)
{
    const cc_results *res = in->res;
    for (size_t k = 0; k < res->n_metrics; k++) {
        const cc_metric_kind kind = res->metrics[k].kind;
        if (kind == CC_METRIC_ANNUAL_ONLY)
            continue;
        for (size_t y = 0; y < res->n_years; y++)
            year_values(in, k, kind, y);
    }
}

static double months_in_year(const run_inputs *in, size_t y)
{
    return (double)in->year_months[y];
}

static double annual_value(const cc_results *res, size_t k, size_t y, size_t p)
{
    return (double)cc_results_annual(res, k, y)[p];
}

int cc_cost_metric(const cc_scenario *sc, const cc_metric_layout *L, unsigned bit)
{
    static const struct {
        uint64_t bit;
        size_t metric;
    } keywords[] = {{CC_COVERS_CARE_LEAVERS, MM_COST_CARE_LEAVERS},
                    {CC_COVERS_STAFF, MM_COST_STAFF},
                    {CC_COVERS_OVERHEADS, MM_COST_OVERHEADS},
                    {CC_COVERS_INITIATIVES, MM_COST_INITIATIVES}};
    const uint64_t b = (uint64_t)1 << bit;
    if (bit < sc->n_placements)
        return (int)(L->placement_cost + bit);
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (b == keywords[k].bit)
            return (int)(L->money + keywords[k].metric);
    for (size_t i = 0; i < sc->n_allowances; i++)
        if (b == CC_COVERS_ALLOWANCE(i))
            return (int)(L->allowance_cost + i);
    for (size_t i = 0; i < sc->n_other_costs; i++)
        if (b == CC_COVERS_OTHER(i))
            return (int)(L->other_cost + i);
    return -1;
}

/* The cost metrics of the bits `covers`, listed once per run so that a month or a year need
 * not look up 64 bits. */
static void cost_list_init(const cc_scenario *sc, const cc_metric_layout *L, uint64_t covers,
                           cc_cost_list *out)
{
    out->n = 0;
    for (unsigned bit = 0; bit < 64; bit++) {
        const int k = (covers >> bit) & 1u ? cc_cost_metric(sc, L, bit) : -1;
        if (k >= 0)
            out->metric[out->n++] = (unsigned short)k;
    }
}

void cc_budgets_prepare(const cc_scenario *sc, run_inputs *in)
{
    const cc_finance *fin = &sc->finance;
    for (size_t l = 0; l < fin->n_budget_lines; l++)
        cost_list_init(sc, &in->layout, fin->budget_lines[l].covers, &in->line_costs[l]);
    for (size_t i = 0; i < fin->n_contributions; i++)
        cost_list_init(sc, &in->layout, fin->contributions[i].of, &in->contribution_costs[i]);
}

/* A budget line's spend in year y of path p: the annual values of every cost it covers. */
static double line_spend(const run_inputs *in, const cc_cost_list *costs, size_t y, size_t p)
{
    double spend = 0.0;
    for (size_t i = 0; i < costs->n; i++)
        spend += annual_value(in->res, costs->metric[i], y, p);
    return spend;
}

/* Writes spend, overspend (1 or 0) and the amount over, from metric `base` on; a year without
 * a budget holds NaN for the last two, which the writers leave out. */
static void write_judgement(const cc_results *res, size_t base, size_t y, size_t p, double spend,
                            double budget, bool budgeted)
{
    const float nan = (float)NAN;
    cc_results_annual(res, base, y)[p] = (float)spend;
    cc_results_annual(res, base + 1, y)[p] = budgeted ? (float)(spend > budget) : nan;
    cc_results_annual(res, base + 2, y)[p] = budgeted ? (float)fmax(0.0, spend - budget) : nan;
}

/* Each budget line, then their total, then the lines that cover placement types, in year y of
 * path p. One definition of a line's spend and overspend: the report, the charts and the CSVs
 * all read these metrics. An unbudgeted line has a budget of 0: it has no chance of
 * overspending of its own, and counts in full against the sums. */
static void judge_budget_lines(const run_inputs *in, size_t y, size_t p)
{
    const cc_finance *fin = &in->sc->finance;
    const size_t first = in->layout.budget;
    const int bi = in->res->first_fin_year + (int)y - fin->budget_first_year;
    const bool budgeted = bi >= 0 && (size_t)bi < fin->n_budget_years;
    double spend_total = 0.0, budget_total = 0.0, spend_placed = 0.0, budget_placed = 0.0;
    for (size_t l = 0; l < fin->n_budget_lines; l++) {
        const cc_budget_line *line = &fin->budget_lines[l];
        const double spend = line_spend(in, &in->line_costs[l], y, p);
        /* A year cut short by the horizon is judged against its share of the budget. */
        const double budget = budgeted && !line->unbudgeted
                                  ? line->annual_gbp[bi] * months_in_year(in, y) / 12.0
                                  : 0.0;
        spend_total += spend;
        budget_total += budget;
        if (line->covers & CC_COVERS_PLACEMENTS) {
            spend_placed += spend;
            budget_placed += budget;
        }
        write_judgement(in->res, first + 3 * l, y, p, spend, budget,
                        budgeted && !line->unbudgeted);
    }
    const size_t n = fin->n_budget_lines;
    write_judgement(in->res, first + 3 * n, y, p, spend_total, budget_total, budgeted);
    write_judgement(in->res, first + 3 * (n + 1), y, p, spend_placed, budget_placed, budgeted);
}

/* Whether the initiatives' total savings in year y of path p meet the year's MTFP target
 * (NaN for a year without one). */
static void judge_mtfp(const run_inputs *in, size_t y, size_t p)
{
    const cc_scenario *sc = in->sc;
    const cc_finance *fin = &sc->finance;
    const int ci = in->res->first_fin_year + (int)y - fin->contract_year_1;
    const bool has_target =
        ci >= 0 && (size_t)ci < fin->n_mtfp_years && fin->mtfp_targets_gbp[ci] > 0.0;
    const double saved = annual_value(in->res, in->layout.savings + sc->n_initiatives, y, p);
    cc_results_annual(in->res, in->layout.mtfp, y)[p] =
        has_target ? (float)(saved >= fin->mtfp_targets_gbp[ci]) : (float)NAN;
}

/* Budget lines and MTFP targets, per financial year, for path p. */
void cc_budgets_judge(const run_inputs *in, size_t p)
{
    const cc_finance *fin = &in->sc->finance;
    for (size_t y = 0; y < in->res->n_years; y++) {
        if (fin->n_budget_lines > 0)
            judge_budget_lines(in, y, p);
        if (fin->n_mtfp_years > 0 && in->sc->n_initiatives > 0)
            judge_mtfp(in, y, p);
    }
}
