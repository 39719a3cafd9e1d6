/* A what-if as JSON for the page: the headline figures by financial year
 * (base, what-if and their path-by-path difference: median, P10, P90, mean
 * and its Monte Carlo standard error), the budget and MTFP target of each
 * year, and monthly fans (P10, median, P90) of both runs. Statistics are the
 * ones compare.csv holds (the same selection over the same paths). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/stats.h"
#include "carecast/version.h"
#include "serve/serve_internal.h"

const cc_headline cc_headlines[] = {
    {"cic.total", "Children in care", "children", false, false},
    {"cost.total", "Total spend", "£", true, false},
    {"budget.total.spend", "Spend against budget", "£", true, false},
    {"budget.total.p_over", "Chance of overspending", "chance", false, true},
    {"net.cumulative", "Cumulative net position", "£", true, false},
    {"fte.need.total", "Social workers needed", "FTE", false, false},
    {"savings.total", "MTFP savings", "£", true, false},
    {"mtfp.p_meet", "Chance of meeting the MTFP target", "chance", false, true},
};
const size_t cc_n_headlines = sizeof cc_headlines / sizeof cc_headlines[0];

/* The fans drawn by month. */
static const cc_headline fans[] = {
    {"cic.total", "Children in care", "children", false, false},
    {"net.cumulative", "Cumulative net position", "£", true, false},
    {"fte.need.total", "Social workers needed", "FTE", false, false},
};

static const double pct3[3] = {10.0, 50.0, 90.0};

bool cc_metric_shown(const cc_results *base, const char *metric)
{
    const int k = cc_results_metric_index(base, metric);
    if (k < 0)
        return false;
    /* A metric the model does not model (no workforce: FTE all zero) is left out. */
    for (size_t y = 0; y < base->n_years; y++) {
        const float *v = cc_results_annual(base, (size_t)k, y);
        for (size_t p = 0; p < base->n_paths; p++)
            if (v[p] != 0.0f && !isnan(v[p]))
                return true;
    }
    return false;
}

/* Figure of v (minus base when base is not NULL) over n paths. */
static cc_figure figure_of(const float *v, const float *base, size_t n, float *scratch)
{
    cc_figure fig = {.present = true};
    for (size_t p = 0; p < n; p++)
        scratch[p] = base != NULL ? v[p] - base[p] : v[p];
    double sd = 0.0, q[3];
    cc_stats_mean_sd(scratch, n, &fig.mean, &sd);
    fig.se = sd / sqrt((double)n);
    cc_stats_percentiles(scratch, n, pct3, 3, q);
    fig.p10 = q[0];
    fig.p50 = q[1];
    fig.p90 = q[2];
    return fig;
}

/* The values of metric at year y (annual) or month t, or NULL. */
static const float *values(const cc_results *r, const char *metric, bool annual, size_t i)
{
    const int k = cc_results_metric_index(r, metric);
    if (k < 0 || (!annual && r->metrics[k].kind == CC_METRIC_ANNUAL_ONLY))
        return NULL;
    const float *v = annual ? cc_results_annual(r, (size_t)k, i) : cc_results_monthly(r, (size_t)k, i);
    return isnan(v[0]) ? NULL : v;
}

void cc_figures(const cc_results *base, const cc_results *alt, const char *metric, size_t y,
                float *scratch, cc_figure out[3])
{
    const float *b = values(base, metric, true, y), *a = values(alt, metric, true, y);
    memset(out, 0, 3 * sizeof *out);
    if (b == NULL || a == NULL)
        return;
    out[0] = figure_of(b, NULL, base->n_paths, scratch);
    out[1] = figure_of(a, NULL, base->n_paths, scratch);
    out[2] = figure_of(a, b, base->n_paths, scratch);
}

static void put_figure(FILE *f, const cc_figure *fig)
{
    if (!fig->present) {
        fputs("null", f);
        return;
    }
    const double v[5] = {fig->p10, fig->p50, fig->p90, fig->mean, fig->se};
    static const char *const names[5] = {"p10", "p50", "p90", "mean", "se"};
    for (int i = 0; i < 5; i++) {
        fprintf(f, "%s\"%s\":", i ? "," : "{", names[i]);
        cc_json_number(f, v[i]);
    }
    fputc('}', f);
}

static void put_headline(FILE *f, const cc_headline *h)
{
    fputs("\"metric\":", f);
    cc_json_string(f, h->metric);
    fputs(",\"label\":", f);
    cc_json_string(f, h->label);
    fputs(",\"unit\":", f);
    cc_json_string(f, h->unit);
    fprintf(f, ",\"money\":%s,\"chance\":%s", h->money ? "true" : "false",
            h->chance ? "true" : "false");
}

static void put_headlines(FILE *f, const cc_results *base, const cc_results *alt, float *scratch)
{
    fputs("\"headline\":[", f);
    bool first = true;
    for (size_t i = 0; i < cc_n_headlines; i++) {
        if (!cc_metric_shown(base, cc_headlines[i].metric))
            continue;
        fputs(first ? "{" : ",{", f);
        first = false;
        put_headline(f, &cc_headlines[i]);
        fputs(",\"years\":[", f);
        for (size_t y = 0; y < base->n_years; y++) {
            cc_figure fig[3];
            cc_figures(base, alt, cc_headlines[i].metric, y, scratch, fig);
            fputs(y ? ",{\"base\":" : "{\"base\":", f);
            put_figure(f, &fig[0]);
            fputs(",\"alt\":", f);
            put_figure(f, &fig[1]);
            fputs(",\"diff\":", f);
            put_figure(f, &fig[2]);
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs("]", f);
}

/* [p10, p50, p90] arrays of one run's metric by month. */
static void put_fan_run(FILE *f, const cc_results *r, const char *metric, float *scratch)
{
    double q[CC_HORIZON_MAX_MONTHS][3];
    for (size_t t = 0; t < r->n_months; t++) {
        const float *v = values(r, metric, false, t);
        if (v == NULL) {
            q[t][0] = q[t][1] = q[t][2] = NAN;
            continue;
        }
        memcpy(scratch, v, r->n_paths * sizeof *scratch);
        cc_stats_percentiles(scratch, r->n_paths, pct3, 3, q[t]);
    }
    for (int j = 0; j < 3; j++) {
        fprintf(f, "%s\"p%.0f\":[", j ? "," : "{", pct3[j]);
        for (size_t t = 0; t < r->n_months; t++) {
            fputs(t ? "," : "", f);
            cc_json_number(f, q[t][j]);
        }
        fputs("]", f);
    }
    fputs("}", f);
}

static void put_fans(FILE *f, const cc_results *base, const cc_results *alt, float *scratch)
{
    fputs("\"months\":[", f);
    for (size_t t = 0; t < base->n_months; t++) {
        char label[16];
        cc_results_month_label(base, t, label, sizeof label);
        fputs(t ? "," : "", f);
        cc_json_string(f, label);
    }
    fputs("],\"fans\":[", f);
    bool first = true;
    for (size_t i = 0; i < sizeof fans / sizeof fans[0]; i++) {
        if (!cc_metric_shown(base, fans[i].metric))
            continue;
        fputs(first ? "{" : ",{", f);
        first = false;
        put_headline(f, &fans[i]);
        fputs(",\"base\":", f);
        put_fan_run(f, base, fans[i].metric, scratch);
        fputs(",\"alt\":", f);
        put_fan_run(f, alt, fans[i].metric, scratch);
        fputs("}", f);
    }
    fputs("]", f);
}

/* Months of financial year y that the run simulates (a first or last year may
 * be cut short). */
static int months_in_year(const cc_results *r, size_t y)
{
    int n = 0;
    for (size_t t = 0; t < r->n_months; t++) {
        const int m = r->start_month - 1 + (int)t; /* months since January of start_year */
        const int year = r->start_year + m / 12, month = m % 12 + 1;
        n += (month >= 4 ? year : year - 1) == r->first_fin_year + (int)y;
    }
    return n;
}

/* The budget of every line in financial year fy, for the months simulated
 * (as the engine judges overspending), or NaN when the budget table has no
 * such year. */
static double budget_of(const cc_scenario *sc, int fy, int months)
{
    const cc_finance *fin = &sc->finance;
    const int i = fy - fin->budget_first_year;
    if (fin->n_budget_lines == 0 || i < 0 || (size_t)i >= fin->n_budget_years)
        return NAN;
    double total = 0.0;
    for (size_t l = 0; l < fin->n_budget_lines; l++)
        total += fin->budget_lines[l].annual_gbp[i];
    return total * months / 12.0;
}

static double target_of(const cc_scenario *sc, int fy)
{
    const cc_finance *fin = &sc->finance;
    const int i = fy - fin->contract_year_1;
    if (i < 0 || (size_t)i >= fin->n_mtfp_years || !(fin->mtfp_targets_gbp[i] > 0.0))
        return NAN;
    return fin->mtfp_targets_gbp[i];
}

static void put_years(FILE *f, const cc_scenario *sc, const cc_results *r)
{
    const char *names[3] = {"years", "budget_gbp", "target_gbp"};
    for (int k = 0; k < 3; k++) {
        fprintf(f, ",\"%s\":[", names[k]);
        for (size_t y = 0; y < r->n_years; y++) {
            char label[16];
            const int fy = r->first_fin_year + (int)y, months = months_in_year(r, y);
            fputs(y ? "," : "", f);
            if (k == 0) {
                cc_results_year_label(r, y, label, sizeof label);
                cc_json_string(f, label);
            } else {
                cc_json_number(f, k == 1 ? budget_of(sc, fy, months) : target_of(sc, fy));
            }
        }
        fputs("]", f);
    }
    fputs(",\"months_in_year\":[", f);
    for (size_t y = 0; y < r->n_years; y++)
        fprintf(f, "%s%d", y ? "," : "", months_in_year(r, y));
    fputs("]", f);
}

static void put_changes(FILE *f, const cc_changes *changes)
{
    fputs("\"changes\":[", f);
    for (size_t i = 0; i < changes->n; i++) {
        fputs(i ? ",{\"key\":" : "{\"key\":", f);
        cc_json_string(f, changes->keys[i]);
        fputs(",\"value\":", f);
        cc_json_string(f, changes->values[i]);
        fputs("}", f);
    }
    fputs("]", f);
}

int cc_answer_json(const cc_server *server, const cc_changes *changes,
                   const cc_scenario *alt_scenario, const cc_results *alt, double seconds,
                   const cc_errlist *errors, FILE *f)
{
    if (alt == NULL) {
        cc_answer_errors(f, (const char *const *)errors->messages, errors->count);
        return 400;
    }
    const cc_results *base = server->base_results;
    float *scratch = malloc(base->n_paths * sizeof *scratch);
    if (scratch == NULL) {
        const char *message = "out of memory";
        cc_answer_errors(f, &message, 1);
        return 500;
    }
    fputs("{\"scenario\":", f);
    cc_json_string(f, server->base->run.name);
    fputs(",\"model\":", f);
    cc_json_string(f, server->base->model_name);
    fputs(",\"version\":", f);
    cc_json_string(f, cc_version());
    fprintf(f, ",\"paths\":%zu,\"seed\":%lu,\"seconds\":%.3f,", base->n_paths,
            server->base->run.seed, seconds);
    /* The largest standard error a chance can have with this many paths. */
    fputs("\"chance_se_max\":", f);
    cc_json_number(f, 0.5 / sqrt((double)(base->n_paths > 1 ? base->n_paths - 1 : 1)));
    fputc(',', f);
    put_changes(f, changes);
    put_years(f, alt_scenario, base);
    fputc(',', f);
    put_headlines(f, base, alt, scratch);
    fputc(',', f);
    put_fans(f, base, alt, scratch);
    fputs("}\n", f);
    free(scratch);
    return 200;
}

void cc_answer_errors(FILE *f, const char *const *messages, size_t n)
{
    fputs("{\"errors\":[", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? "," : "", f);
        cc_json_string(f, messages[i]);
    }
    fputs("]}\n", f);
}

static const char *const kind_names[] = {"number", "whole", "date"};

void cc_answer_controls(const cc_server *server, FILE *f)
{
    fputs("{\"controls\":[", f);
    for (size_t i = 0; i < server->n_controls; i++) {
        const cc_control *c = &server->controls[i];
        const char *texts[][2] = {{"key", c->key_path}, {"group", c->group},
                                  {"label", c->label},  {"unit", c->unit},
                                  {"kind", kind_names[c->kind]}, {"source", c->source}};
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            fprintf(f, "%s\"%s\":", k ? "," : (i ? ",{" : "{"), texts[k][0]);
            cc_json_string(f, texts[k][1]);
        }
        if (c->kind == CC_CONTROL_DATE) {
            fputs(",\"value\":", f);
            cc_json_string(f, c->date);
            fputs(",\"min\":", f);
            cc_json_string(f, c->date_min);
            fputs(",\"max\":", f);
            cc_json_string(f, c->date_max);
        } else {
            const double v[] = {c->value, c->min, c->max, c->low, c->high, c->step, c->scale};
            const char *names[] = {"value", "min", "max", "low", "high", "step", "scale"};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
                fprintf(f, ",\"%s\":", names[k]);
                cc_json_number(f, v[k]);
            }
        }
        fputs("}", f);
    }
    fputs("]}\n", f);
}
