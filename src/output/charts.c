/* Charts: for each chart a data file (NAME.dat, money in £m) and a gnuplot
 * script (NAME.gp) built from plots/style.gp and plots/NAME.gp, which draws
 * NAME.svg and NAME.png when run in the same directory. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

#define GBP_M 1e6 /* money axes are in £m */

/* One chart: its name (of its files and template), its writer, and whether the run has it. */
typedef struct chart_spec {
    const char *name;
    cc_chart_data_fn writer;
    bool wanted;
} chart_spec;

/* What a chart writer needs. */
typedef struct chart_ctx {
    const char *dir; /* where the chart files go */
    const cc_scenario *sc;
    const cc_results *res;
    float *scratch; /* n_paths floats */
    char period[96]; /* "April 2019 to March 2024" */
} chart_ctx;

static int metric(const cc_results *res, const char *name)
{
    return cc_results_metric_index(res, name);
}

/* Median (and optionally more percentiles) of a metric sum at one period. */
static double median_of(const chart_ctx *c, bool annual, size_t period, const int *ks, size_t nk)
{
    static const double p50 = 50.0;
    double out = 0.0;
    cc_path_stats(c->res, annual, period, ks, nk, &p50, 1, c->scratch, &out, NULL);
    return out;
}

static void number(FILE *f, double x)
{
    if (isnan(x))
        fputs(" NaN", f);
    else
        fprintf(f, " %.6g", x);
}

/* ---- one writer per chart: each writes NAME.dat and returns the template's
 * substitutions (title, and any chart-specific text) ---- */


static bool write_cic_fan(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    static const double pct[5] = {5.0, 25.0, 50.0, 75.0, 95.0};
    const int k = metric(c->res, "cic.total");
    fputs("# month p5 p25 p50 p75 p95 (children in care)\n", f);
    for (size_t t = 0; t < c->res->n_months; t++) {
        double q[5];
        char month[16];
        cc_path_stats(c->res, false, t, &k, 1, pct, 5, c->scratch, q, NULL);
        cc_results_month_label(c->res, t, month, sizeof month);
        fputs(month, f);
        for (int i = 0; i < 5; i++)
            number(f, q[i]);
        fputc('\n', f);
    }
    snprintf(s->title, sizeof s->title, "Children in care, %s: range of %zu simulated futures",
             c->period, c->res->n_paths);
    snprintf(s->extra_key, sizeof s->extra_key, "@HISTORY@");
    s->extra[0] = '\0';
    const cc_scenario *sc = c->sc;
    size_t n_years = 0;
    for (size_t i = 0; i < sc->n_history_years; i++)
        n_years += isnan(sc->history_years[i].value[CC_HIST_CIC]) ? 0u : 1u;
    if (sc->n_history == 0 && n_years == 0)
        return true;
    /* Actual counts go in their own file, plotted as points: each history year's
     * 31 March, then any month-end counts. Written like every other file (a
     * new file, complete before it is renamed). */
    cc_staged_file h;
    if (cc_staged_open(c->dir, "cic_fan_history.dat", &h, NULL) != CC_OK)
        return false;
    fputs("# month actual children in care (from the model's history)\n", h.f);
    for (size_t i = 0; i < sc->n_history_years; i++)
        if (!isnan(sc->history_years[i].value[CC_HIST_CIC]))
            fprintf(h.f, "%d-03 %.0f\n", sc->history_years[i].year + 1,
                    sc->history_years[i].value[CC_HIST_CIC]);
    for (size_t i = 0; i < sc->n_history; i++)
        fprintf(h.f, "%s %.0f\n", sc->history_month[i], sc->history_cic[i]);
    const bool ok = cc_staged_close(&h, NULL) == CC_OK && cc_staged_publish(&h, NULL) == CC_OK;
    cc_staged_discard(&h);
    if (!ok)
        return false;
    snprintf(s->extra, sizeof s->extra,
             ", \\\n     \"cic_fan_history.dat\" using 1:2 with points ls 2 pt 7 ps 1.4 "
             "title \"Actual\"");
    return true;
}

static bool write_placement_mix(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    const cc_scenario *sc = c->sc;
    fputs("month", f);
    for (size_t p = 0; p < sc->n_placements; p++) {
        /* Quoted for gnuplot's columnheader: labels have spaces. */
        fputc(' ', f);
        cc_gnuplot_put(f, sc->placements[p].label, CC_GNUPLOT_DATA);
    }
    fputc('\n', f);
    for (size_t t = 0; t < c->res->n_months; t++) {
        char month[16];
        cc_results_month_label(c->res, t, month, sizeof month);
        fputs(month, f);
        double cumulative = 0.0;
        for (size_t p = 0; p < sc->n_placements; p++) {
            char name[CC_METRIC_NAME_MAX];
            snprintf(name, sizeof name, "cic.placement.%s", sc->placements[p].name);
            const int k = metric(c->res, name);
            double mean = 0.0;
            cc_path_stats(c->res, false, t, &k, 1, NULL, 0, c->scratch, NULL, &mean);
            cumulative += mean;
            number(f, cumulative);
        }
        fputc('\n', f);
    }
    snprintf(s->title, sizeof s->title, "Placement mix, %s: mean children by placement type",
             c->period);
    snprintf(s->extra_key, sizeof s->extra_key, "@SERIES@");
    snprintf(s->extra, sizeof s->extra, "%zu", sc->n_placements);
    return true;
}

/* Months of financial year y the run simulates (fewer than 12 in a partial year). */
static double months_in_year(const cc_results *res, size_t y)
{
    int n = 0;
    for (size_t t = 0; t < res->n_months; t++) {
        const int index = res->start_month - 1 + (int)t;
        const int month = index % 12 + 1, year = res->start_year + index / 12;
        n += (month >= 4 ? year : year - 1) - res->first_fin_year == (int)y;
    }
    return (double)n;
}

/* The budget the engine judges the lines that cover placement types against in financial year
 * y (unbudgeted lines count 0; a partial year its share), or NaN outside the budget table. */
static double placement_budget(const chart_ctx *c, size_t y)
{
    const cc_finance *fin = &c->sc->finance;
    const int bi = c->res->first_fin_year + (int)y - fin->budget_first_year;
    if (fin->n_budget_lines == 0 || bi < 0 || (size_t)bi >= fin->n_budget_years)
        return NAN;
    double budget = 0.0;
    for (size_t l = 0; l < fin->n_budget_lines; l++) {
        const cc_budget_line *line = &fin->budget_lines[l];
        if ((line->covers & CC_COVERS_PLACEMENTS) && !line->unbudgeted)
            budget += line->annual_gbp[bi];
    }
    return budget * months_in_year(c->res, y) / 12.0;
}

/* Whether the lines that cover placement types also cover other costs (care leavers, ...). */
static bool placement_lines_cover_more(const cc_scenario *sc)
{
    for (size_t l = 0; l < sc->finance.n_budget_lines; l++) {
        const uint64_t covers = sc->finance.budget_lines[l].covers;
        if ((covers & CC_COVERS_PLACEMENTS) && (covers & ~CC_COVERS_PLACEMENTS))
            return true;
    }
    return false;
}

/* What was spent in financial year y, from the model's history, like for like with the chart:
 * the placement budget lines' actual spend summed (NaN unless every one is known), or without
 * budget lines the actual placement spend. */
static double actual_spend(const chart_ctx *c, size_t y, bool by_lines)
{
    const cc_history_year *h = cc_scenario_history_year(c->sc, c->res->first_fin_year + (int)y);
    if (h == NULL)
        return NAN;
    if (!by_lines)
        return h->spend_placements_gbp;
    double spend = 0.0;
    const cc_finance *fin = &c->sc->finance;
    for (size_t l = 0; l < fin->n_budget_lines; l++)
        if (fin->budget_lines[l].covers & CC_COVERS_PLACEMENTS)
            spend += h->spend_line_gbp[l];
    return spend;
}

/* Spend on the budget lines that cover placement types against their budget, by financial
 * year. The spend and the chance of overspending are the engine's budget.placement_lines.*
 * metrics, the same figures as annual.csv: one definition, whatever else the lines cover.
 * Without budget lines, placement spend alone. */
static bool write_placement_spend(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    static const double pct[3] = {10.0, 50.0, 90.0};
    const int lines = metric(c->res, "budget.placement_lines.spend");
    const int over = metric(c->res, "budget.placement_lines.p_over");
    const int k = lines >= 0 ? lines : metric(c->res, "cost.placements.total");
    bool has_actual = false;
    fputs("# year p10 p50 p90 budget p_over label actual (spend on the placement budget lines, £m;"
          " actual from the history, NaN when not known)\n",
          f);
    for (size_t y = 0; y < c->res->n_years; y++) {
        double q[3], p_over = NAN;
        char year[16], chance[16] = "";
        cc_path_stats(c->res, true, y, &k, 1, pct, 3, c->scratch, q, NULL);
        if (over >= 0 && cc_results_defined(c->res, true, (size_t)over, y))
            cc_path_stats(c->res, true, y, &over, 1, NULL, 0, c->scratch, NULL, &p_over);
        cc_results_year_label(c->res, y, year, sizeof year);
        fputs(year, f);
        for (int i = 0; i < 3; i++)
            number(f, q[i] / GBP_M);
        number(f, placement_budget(c, y) / GBP_M);
        number(f, p_over);
        if (!isnan(p_over))
            cc_format_percent(p_over, chance, sizeof chance);
        fprintf(f, " \"%s%s\"", chance, chance[0] != '\0' ? " chance over" : "");
        const double actual = actual_spend(c, y, lines >= 0);
        has_actual |= !isnan(actual);
        number(f, actual / GBP_M);
        fputc('\n', f);
    }
    snprintf(s->extra_key, sizeof s->extra_key, "@ACTUAL@");
    snprintf(s->extra, sizeof s->extra, "%s",
             has_actual ? ", \"\" using 0:8 with points ls 3 pt 7 ps 1.4 title \"Actual\"" : "");
    if (lines < 0)
        snprintf(s->title, sizeof s->title, "Placement spend by financial year, %s", c->period);
    else
        snprintf(s->title, sizeof s->title,
                 "Spend on the placement budget lines%s against their budget, %s",
                 placement_lines_cover_more(c->sc) ? " (with what else they cover)" : "",
                 c->period);
    return true;
}

/* The workforce chart's sums: FTE in post (permanent + ASYE), and with agency cover. */
static void workforce_sums(const cc_results *res, int in_post[2], int with_agency[3])
{
    in_post[0] = with_agency[0] = metric(res, "fte.permanent");
    in_post[1] = with_agency[1] = metric(res, "fte.asye");
    with_agency[2] = metric(res, "fte.agency");
}

static bool write_workforce(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    const int need = metric(c->res, "fte.need.total");
    int in_post[2], with_agency[3];
    workforce_sums(c->res, in_post, with_agency);
    const int establishment = metric(c->res, "fte.establishment"); /* it may change by date */
    fputs("# month need establishment in_post in_post+agency (FTE, medians)\n", f);
    for (size_t t = 0; t < c->res->n_months; t++) {
        char month[16];
        cc_results_month_label(c->res, t, month, sizeof month);
        fputs(month, f);
        number(f, median_of(c, false, t, &need, 1));
        number(f, median_of(c, false, t, &establishment, 1));
        number(f, median_of(c, false, t, in_post, 2));
        number(f, median_of(c, false, t, with_agency, 3));
        fputc('\n', f);
    }
    snprintf(s->title, sizeof s->title,
             "Social workers needed, in post and agency cover, %s", c->period);
    return true;
}

static bool write_mtfp(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    static const double pct[3] = {10.0, 50.0, 90.0};
    const cc_finance *fin = &c->sc->finance;
    const cc_run_settings *run = &c->sc->run;
    const int saved = metric(c->res, "savings.total"), meet = metric(c->res, "mtfp.p_meet");
    fputs("# label target p10 p50 p90 p_meet colour rating-and-chance (savings, £m)\n", f);
    for (size_t y = 0; y < c->res->n_years; y++) {
        const int ci = c->res->first_fin_year + (int)y - fin->contract_year_1;
        if (ci < 0 || (size_t)ci >= fin->n_mtfp_years || fin->mtfp_targets_gbp[ci] <= 0.0)
            continue;
        double q[3], p_meet = 0.0;
        char year[16];
        cc_path_stats(c->res, true, y, &saved, 1, pct, 3, c->scratch, q, NULL);
        cc_path_stats(c->res, true, y, &meet, 1, NULL, 0, c->scratch, NULL, &p_meet);
        const bool green = p_meet >= run->rag_green_probability;
        const bool amber = !green && p_meet >= run->rag_amber_probability;
        cc_results_year_label(c->res, y, year, sizeof year);
        fprintf(f, "\"Year %d\\n%s\"", ci + 1, year);
        number(f, fin->mtfp_targets_gbp[ci] / GBP_M);
        for (int i = 0; i < 3; i++)
            number(f, q[i] / GBP_M);
        number(f, p_meet);
        /* Colours of different lightness so the rating survives greyscale print;
         * the label names it too. */
        char chance[16];
        cc_format_percent(p_meet, chance, sizeof chance);
        fprintf(f, " %d \"%s %s\"\n", green ? 0xc7e9c0 : amber ? 0xfd8d3c : 0x7f0000,
                green ? "Green" : amber ? "Amber" : "Red", chance);
    }
    snprintf(s->title, sizeof s->title, "MTFP savings against target by contract year (%zu paths)",
             c->res->n_paths);
    return true;
}

static bool write_net_position(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    static const double pct[3] = {10.0, 50.0, 90.0};
    const int cost = metric(c->res, "cost.total"), income = metric(c->res, "income.total");
    const int cumulative = metric(c->res, "net.cumulative");
    fputs("# year cost_p10 cost_p50 cost_p90 income_p50 cum_p10 cum_p50 cum_p90 (£m)\n", f);
    for (size_t y = 0; y < c->res->n_years; y++) {
        double qc[3], qn[3];
        char year[16];
        cc_path_stats(c->res, true, y, &cost, 1, pct, 3, c->scratch, qc, NULL);
        cc_path_stats(c->res, true, y, &cumulative, 1, pct, 3, c->scratch, qn, NULL);
        cc_results_year_label(c->res, y, year, sizeof year);
        fputs(year, f);
        for (int i = 0; i < 3; i++)
            number(f, qc[i] / GBP_M);
        number(f, median_of(c, true, y, &income, 1) / GBP_M);
        for (int i = 0; i < 3; i++)
            number(f, qn[i] / GBP_M);
        fputc('\n', f);
    }
    snprintf(s->title, sizeof s->title, "Net position against the contract sum, %s", c->period);
    return true;
}

/* The foster capacity chart's children: in in-house foster care and in the type it overflows
 * to (both: the sum of the two). False when no type takes carers' places. */
static bool foster_metrics(const cc_scenario *sc, const cc_results *res, int both[2])
{
    size_t carers = 0;
    while (carers < sc->n_placements && sc->placements[carers].capacity != CC_CAPACITY_CARERS)
        carers++;
    if (carers == sc->n_placements)
        return false;
    const size_t overflow = (size_t)sc->placements[carers].overflow_to;
    char name[CC_METRIC_NAME_MAX];
    snprintf(name, sizeof name, "cic.placement.%s", sc->placements[carers].name);
    both[0] = metric(res, name);
    snprintf(name, sizeof name, "cic.placement.%s", sc->placements[overflow].name);
    both[1] = metric(res, name);
    return true;
}

static bool write_foster_capacity(FILE *f, const void *context, cc_chart_text *s)
{
    const chart_ctx *c = context;
    int both[2] = {-1, -1};
    foster_metrics(c->sc, c->res, both);
    const int in_house = both[0], agency = both[1];
    const int places = metric(c->res, "carers.places");
    fputs("# month places in_house in_house+overflow overflow (medians)\n", f);
    for (size_t t = 0; t < c->res->n_months; t++) {
        char month[16];
        cc_results_month_label(c->res, t, month, sizeof month);
        fputs(month, f);
        number(f, median_of(c, false, t, &places, 1));
        number(f, median_of(c, false, t, &in_house, 1));
        number(f, median_of(c, false, t, both, 2));
        number(f, median_of(c, false, t, &agency, 1));
        fputc('\n', f);
    }
    snprintf(s->title, sizeof s->title, "In-house foster places and children needing foster care, %s",
             c->period);
    return true;
}

static void add_sum(cc_summary_plan *plan, bool annual, const int *ks, size_t nk)
{
    if (plan->n_sums >= CC_SUMS_MAX)
        return;
    cc_metric_sum *m = &plan->sums[plan->n_sums++];
    *m = (cc_metric_sum){.annual = annual, .nk = nk};
    memcpy(m->ks, ks, nk * sizeof ks[0]);
}

void cc_output_plan(const cc_scenario *scenario, const cc_results *results, cc_summary_plan *plan)
{
    /* Every percentile a writer asks for, with the scenario's own: the report and charts use
     * P5-P95, P10-P90, P25-P75 and medians. */
    static const double writers[] = {5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0};
    const cc_run_settings *run = &scenario->run;
    *plan = (cc_summary_plan){0};
    size_t i = 0, j = 0;
    const size_t nw = sizeof writers / sizeof writers[0];
    while (i < run->n_percentiles || j < nw) {
        const double a = i < run->n_percentiles ? run->percentiles[i] : 1e300;
        const double b = j < nw ? writers[j] : 1e300;
        const double x = a < b ? a : b;
        i += a == x;
        j += b == x;
        if (plan->n_levels < CC_LEVELS_MAX)
            plan->levels[plan->n_levels++] = x;
    }
    int in_post[2], with_agency[3], both[2];
    if (scenario->workforce.n_teams > 0) {
        workforce_sums(results, in_post, with_agency);
        add_sum(plan, false, in_post, 2);
        add_sum(plan, false, with_agency, 3);
    }
    if (foster_metrics(scenario, results, both))
        add_sum(plan, false, both, 2);
}

/* Writes the wanted charts (indexes into charts[]) a thread each at a time: each computes its
 * own statistics over the paths into its own files, so the files are the same for any number of
 * threads. Returns the status of the first chart (in order) that failed, with its error. */
static cc_status write_each(const chart_ctx *ctx, const chart_spec *charts, const size_t *wanted,
                            size_t n, int threads, cc_error *err)
{
    cc_status st[CC_CHARTS_MAX];
    cc_error errs[CC_CHARTS_MAX];
    const size_t floats = cc_scratch_floats(ctx->res);
#pragma omp parallel num_threads(threads)
    {
        chart_ctx mine = *ctx;
        mine.scratch = malloc(floats * sizeof *mine.scratch);
#pragma omp for schedule(dynamic, 1)
        for (long j = 0; j < (long)n; j++) {
            const chart_spec *c = &charts[wanted[j]];
            errs[j] = (cc_error){0};
            st[j] = mine.scratch == NULL
                        ? cc_error_set(&errs[j], CC_ERR_NOMEM, "charts: out of memory")
                        : cc_chart_write(ctx->dir, c->name, c->name, c->writer, &mine, &errs[j]);
        }
        free(mine.scratch);
    }
    for (size_t j = 0; j < n; j++)
        if (st[j] != CC_OK) {
            if (err != NULL)
                *err = errs[j];
            return st[j];
        }
    return CC_OK;
}

cc_status cc_charts_write(const char *dir, const cc_scenario *scenario, const cc_results *results,
                          int threads, cc_chart_set *out, cc_error *err)
{
    const cc_results *res = results;
    bool has_carers = false;
    for (size_t p = 0; p < scenario->n_placements; p++)
        has_carers |= scenario->placements[p].capacity == CC_CAPACITY_CARERS;
    const chart_spec charts[] = {
        {"cic_fan", write_cic_fan, true},
        {"placement_mix", write_placement_mix, true},
        {"placement_spend", write_placement_spend, true},
        {"workforce", write_workforce, scenario->workforce.n_teams > 0},
        {"mtfp", write_mtfp, metric(res, "mtfp.p_meet") >= 0 && scenario->run.mtfp_rating},
        {"net_position", write_net_position, true},
        {"foster_capacity", write_foster_capacity, has_carers},
    };
    chart_ctx ctx = {.dir = dir, .sc = scenario, .res = res};
    char first[32], last[32];
    cc_format_month_name(res, 0, first, sizeof first);
    cc_format_month_name(res, res->n_months - 1, last, sizeof last);
    snprintf(ctx.period, sizeof ctx.period, "%s to %s", first, last);
    size_t wanted[CC_CHARTS_MAX], n = 0;
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++)
        if (charts[i].wanted)
            wanted[n++] = i;
    out->n = 0;
    const int nt = threads > 0 ? threads : omp_get_max_threads();
    const cc_status st = write_each(&ctx, charts, wanted, n, nt < (int)n ? nt : (int)n, err);
    for (size_t j = 0; j < n && st == CC_OK; j++)
        snprintf(out->names[out->n++], CC_CHART_NAME_MAX, "%s", charts[wanted[j]].name);
    return st;
}
