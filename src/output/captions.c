/* The report's words around its figures: the price basis, the levers and
 * what-if changes in plain English with their values, and for each chart an
 * alt text and a one-line takeaway written from the results. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* ---- the price basis ---- */

/* "2.0% a year", "flat", or "changing by year (2.0% then 3.0%...)". */
static void index_words(const cc_price_index *index, char *buf, size_t size)
{
    const double first = index->annual_pct[1];
    bool same = true, zero = index->annual_pct[0] == 0.0 && first == 0.0;
    for (size_t y = 2; y < CC_INDEX_YEARS; y++) {
        same &= index->annual_pct[y] == first;
        zero &= index->annual_pct[y] == 0.0;
    }
    if (zero)
        snprintf(buf, size, "held flat");
    else if (same && index->annual_pct[0] == 0.0)
        snprintf(buf, size, "%.1f%% a year", first);
    else
        snprintf(buf, size, "changing by year (%.1f%%, %.1f%%, %.1f%%, ...)",
                 index->annual_pct[0], index->annual_pct[1], index->annual_pct[2]);
}

/* Placement prices: the central inflation of the dearest types. */
static void placement_inflation_words(const cc_scenario *sc, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < sc->n_placements && used + 1 < size; p++) {
        const cc_placement *pl = &sc->placements[p];
        if (pl->weekly_cost_gbp.mean <= 0.0)
            continue;
        char name[CC_TEXT_MAX + 64];
        cc_metric_info info;
        char metric[CC_METRIC_NAME_MAX];
        snprintf(metric, sizeof metric, "cic.placement.%s", pl->name);
        cc_metric_describe(sc, metric, &info);
        snprintf(name, sizeof name, "%s", strchr(info.label, ':') != NULL
                                              ? strchr(info.label, ':') + 2
                                              : info.label);
        const int n = snprintf(buf + used, size - used, "%s%s %.1f%%", used > 0 ? ", " : "",
                               name, pl->annual_price_inflation_pct.mean);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

void cc_price_basis(const cc_scenario *sc, const cc_results *res, char *buf, size_t size)
{
    char year[16], pay[96], overheads[96], leavers[96], prices[640];
    cc_results_year_label(res, 0, year, sizeof year);
    const cc_inflation *in = &sc->finance.inflation;
    index_words(&in->pay, pay, sizeof pay);
    index_words(&in->overheads, overheads, sizeof overheads);
    index_words(&in->care_leavers, leavers, sizeof leavers);
    placement_inflation_words(sc, prices, sizeof prices);
    snprintf(buf, size,
             "Money is in pounds of each year (cash), starting from the model's %s prices. "
             "Placement unit costs rise each April by each type's price inflation, drawn for each "
             "simulated future around a central rate a year (%s). Social workers' pay: %s; "
             "overheads: %s; care leavers' costs: %s. Funding (contract sum and contributions) "
             "is as the model's table gives it by year%s.",
             year, prices, pay, overheads, leavers,
             sc->finance.funding_uplift_annual_pct != 0.0 ? ", then changes each year"
                                                          : ", then held flat");
}

/* ---- levers and what-ifs ---- */

static const struct {
    const char *key, *words, *unit;
} levers[] = {
    {"entries_change_pct", "Entries to care (every way in)", "%"},
    {"entries_not_cp_change_pct", "Entries not linked to a CP plan", "%"},
    {"entries_from_cp_change_pct", "Entries when a CP plan ends", "%"},
    {"uasc_change_pct", "Unaccompanied asylum-seeking children arriving", "%"},
    {"exits_change_pct", "Children leaving care (every route)", "%"},
    {"extra_annual_approvals", "More foster carer households approved", " households a year"},
    {"extra_in_house_beds", "In-house residential beds opened", " beds"},
    {"price_change_pct", "Placement prices changed", "%"},
    {"start_date", "The levers act from", ""},
    {"end_date", "The levers stop at", ""},
};

/* The lever's value as set, with its sign and unit: "-10%", "+20 households a year". */
static void lever_value(const cc_scenario *sc, const char *key, const char *unit, char *buf,
                        size_t size)
{
    const cc_levers *lv = &sc->levers;
    const struct {
        const char *key;
        double value;
    } values[] = {{"entries_change_pct", lv->entries_change_pct},
                  {"entries_not_cp_change_pct", lv->entries_not_cp_change_pct},
                  {"entries_from_cp_change_pct", lv->entries_from_cp_change_pct},
                  {"uasc_change_pct", lv->uasc_change_pct},
                  {"exits_change_pct", lv->exits_change_pct},
                  {"extra_annual_approvals", lv->extra_annual_approvals},
                  {"extra_in_house_beds", (double)lv->extra_in_house_beds}};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        if (strcmp(key, values[i].key) == 0) {
            snprintf(buf, size, "%+g%s", values[i].value, unit);
            return;
        }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; strcmp(key, "price_change_pct") == 0 && p < sc->n_placements; p++)
        if (lv->price_change_pct[p] != 0.0 && used + 1 < size) {
            const int n = snprintf(buf + used, size - used, "%s%s %+g%%", used ? ", " : "",
                                   sc->placements[p].label, lv->price_change_pct[p]);
            used += n > 0 ? (size_t)n : 0;
            if (used >= size)
                break;
        }
    if (buf[0] == '\0')
        snprintf(buf, size, "as the scenario sets it");
}

void cc_lever_in_words(const cc_scenario *sc, const char *key, char *label, size_t label_size,
                       char *value, size_t value_size)
{
    for (size_t i = 0; i < sizeof levers / sizeof levers[0]; i++)
        if (strcmp(key, levers[i].key) == 0) {
            snprintf(label, label_size, "Lever: %s", levers[i].words);
            lever_value(sc, key, levers[i].unit, value, value_size);
            return;
        }
    snprintf(label, label_size, "Lever: %s", key);
    snprintf(value, value_size, "as the scenario sets it");
}

bool cc_override_in_words(const char *override, char *label, size_t label_size, char *value,
                          size_t value_size)
{
    const char *eq = strchr(override, '=');
    if (eq == NULL || strncmp(override, "run.", 4) == 0)
        return false; /* paths, seed, threads, the folder: not a what-if */
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(eq - override), override);
    const char *unit = "";
    snprintf(label, label_size, "%s", key);
    for (size_t i = 0; strncmp(key, "levers.", 7) == 0 && i < sizeof levers / sizeof levers[0];
         i++)
        if (strcmp(key + 7, levers[i].key) == 0) {
            snprintf(label, label_size, "%s", levers[i].words);
            unit = levers[i].unit;
        }
    char *end = NULL;
    const double x = strtod(eq + 1, &end);
    if (end != eq + 1 && *end == '\0' && unit[0] != '\0')
        snprintf(value, value_size, "%+g%s", x, unit);
    else
        snprintf(value, value_size, "= %s", eq + 1);
    return true;
}

/* ---- chart captions ---- */

static double percentile_of(const cc_results *res, const char *metric, bool annual,
                            size_t period, double pct, float *scratch)
{
    const int k = cc_results_metric_index(res, metric);
    double q = NAN;
    if (k >= 0)
        cc_path_stats(res, annual, period, &k, 1, &pct, 1, scratch, &q, NULL);
    return q;
}

static void cic_caption(const cc_results *res, float *scratch, cc_chart_caption *c)
{
    const size_t last = res->n_months - 1;
    char end[32], start[32];
    cc_format_month_name(res, 0, start, sizeof start);
    cc_format_month_name(res, last, end, sizeof end);
    const double now = percentile_of(res, "cic.total", false, 0, 50.0, scratch);
    const double lo = percentile_of(res, "cic.total", false, last, 10.0, scratch);
    const double mid = percentile_of(res, "cic.total", false, last, 50.0, scratch);
    const double hi = percentile_of(res, "cic.total", false, last, 90.0, scratch);
    snprintf(c->alt, sizeof c->alt,
             "Fan chart of children in care by month, %s to %s: the median and the ranges of the "
             "simulated futures, with actual counts at 31 March as points.",
             start, end);
    snprintf(c->takeaway, sizeof c->takeaway,
             "Children in care: %.0f in %s; by %s most likely %.0f (1 in 10 futures below %.0f, "
             "1 in 10 above %.0f).",
             now, start, end, mid, lo, hi);
}

static void spend_caption(const cc_scenario *sc, const cc_results *res, float *scratch,
                          cc_chart_caption *c)
{
    const size_t y = res->n_years - 1;
    char year[16], over[16], mid[32], budget[32];
    cc_results_year_label(res, y, year, sizeof year);
    const double median = percentile_of(res, "budget.placement_lines.spend", true, y, 50.0, scratch);
    const int k = cc_results_metric_index(res, "budget.placement_lines.p_over");
    double p = NAN;
    if (k >= 0 && cc_results_defined(res, true, (size_t)k, y))
        cc_path_stats(res, true, y, &k, 1, NULL, 0, scratch, NULL, &p);
    const double b = cc_budget_of(sc, res, sc->finance.n_budget_lines + 1, y);
    snprintf(c->alt, sizeof c->alt,
             "Bar chart of spend on the budget lines that cover placements by financial year: "
             "median bars with 10th to 90th percentile whiskers, the budget as markers and the "
             "chance of overspending above each bar.");
    if (isnan(p) || isnan(b)) {
        snprintf(c->takeaway, sizeof c->takeaway, "Placement spend by financial year.");
        return;
    }
    cc_format_percent(p, over, sizeof over);
    cc_format_money_m(median, mid, sizeof mid);
    cc_format_money_m(b, budget, sizeof budget);
    snprintf(c->takeaway, sizeof c->takeaway,
             "In %s placement spend is most likely %s against a budget of %s: a %s chance of "
             "overspending.",
             year, mid, budget, over);
}

/* Social workers needed, in post (permanent and ASYE, summed path by path)
 * and agency: said separately, since agency staff may cover vacant posts
 * rather than the whole gap to the need (the model's agency_policy). */
static void workforce_caption(const cc_results *res, float *scratch, cc_chart_caption *c)
{
    const size_t last = res->n_months - 1;
    static const double median = 50.0;
    const double need = percentile_of(res, "fte.need.total", false, last, median, scratch);
    const double agency = percentile_of(res, "fte.agency", false, last, median, scratch);
    const int in_post_k[2] = {cc_results_metric_index(res, "fte.permanent"),
                              cc_results_metric_index(res, "fte.asye")};
    double in_post = NAN;
    if (in_post_k[0] >= 0 && in_post_k[1] >= 0)
        cc_path_stats(res, false, last, in_post_k, 2, &median, 1, scratch, &in_post, NULL);
    char end[32];
    cc_format_month_name(res, last, end, sizeof end);
    snprintf(c->alt, sizeof c->alt,
             "Area chart of social workers by month: permanent staff and agency cover stacked, "
             "with the social workers needed and the establishment as lines (medians).");
    snprintf(c->takeaway, sizeof c->takeaway,
             "In %s about %.0f social workers (FTE) are needed; %.0f are in post (permanent, "
             "including newly qualified) and %.0f are agency staff (medians).",
             end, need, in_post, agency);
}

static void mtfp_caption(const cc_scenario *sc, const cc_results *res, float *scratch,
                         cc_chart_caption *c)
{
    const int k = cc_results_metric_index(res, "mtfp.p_meet");
    size_t green = 0, rated = 0, best_y = 0;
    double best = -1.0;
    for (size_t y = 0; k >= 0 && y < res->n_years; y++) {
        if (!cc_results_defined(res, true, (size_t)k, y))
            continue;
        double p = 0.0;
        cc_path_stats(res, true, y, &k, 1, NULL, 0, scratch, NULL, &p);
        rated++;
        green += p >= sc->run.rag_green_probability;
        if (p > best) {
            best = p;
            best_y = y;
        }
    }
    char year[16], chance[16];
    cc_results_year_label(res, best_y, year, sizeof year);
    cc_format_percent(best < 0.0 ? 0.0 : best, chance, sizeof chance);
    snprintf(c->alt, sizeof c->alt,
             "Bar chart of savings by contract year: median bars shaded by rating (green "
             "lightest, red darkest) with 10th to 90th percentile whiskers, the target as a "
             "black ring, the rating and chance above each bar.");
    snprintf(c->takeaway, sizeof c->takeaway,
             "The savings are rated green (at least a %.0f%% chance of meeting the MTFP target) "
             "in %zu of %zu years; the best chance is %s, in %s.",
             100.0 * sc->run.rag_green_probability, green, rated, chance, year);
}

static void net_caption(const cc_results *res, float *scratch, cc_chart_caption *c)
{
    const size_t y = res->n_years - 1;
    const double lo = percentile_of(res, "net.cumulative", true, y, 10.0, scratch);
    const double mid = percentile_of(res, "net.cumulative", true, y, 50.0, scratch);
    const double hi = percentile_of(res, "net.cumulative", true, y, 90.0, scratch);
    char a[32], b[32], m[32], end[32];
    cc_format_money_m(lo, a, sizeof a);
    cc_format_money_m(mid, m, sizeof m);
    cc_format_money_m(hi, b, sizeof b);
    cc_format_month_name(res, res->n_months - 1, end, sizeof end);
    snprintf(c->alt, sizeof c->alt,
             "Chart of spend against income by financial year, and the cumulative net position "
             "with its 10th to 90th percentile range.");
    snprintf(c->takeaway, sizeof c->takeaway,
             "By %s the cumulative net position is most likely %s (%s to %s); below zero is a "
             "deficit.",
             end, m, a, b);
}

static void mix_caption(const cc_scenario *sc, const cc_results *res, float *scratch,
                        cc_chart_caption *c)
{
    const size_t last = res->n_months - 1;
    double best = -1.0, total = percentile_of(res, "cic.total", false, last, 50.0, scratch);
    char best_label[CC_TEXT_MAX] = "";
    for (size_t p = 0; p < sc->n_placements; p++) {
        char metric[CC_METRIC_NAME_MAX];
        snprintf(metric, sizeof metric, "cic.placement.%s", sc->placements[p].name);
        const double n = percentile_of(res, metric, false, last, 50.0, scratch);
        if (n > best) {
            best = n;
            snprintf(best_label, sizeof best_label, "%s", sc->placements[p].label);
        }
    }
    char end[32];
    cc_format_month_name(res, last, end, sizeof end);
    snprintf(c->alt, sizeof c->alt,
             "Stacked area chart of children in care by placement type by month (means).");
    snprintf(c->takeaway, sizeof c->takeaway,
             "In %s the largest placement type is %s: about %.0f of %.0f children (medians).",
             end, best_label, best, total);
}

static void capacity_caption(const cc_scenario *sc, const cc_results *res, float *scratch,
                             cc_chart_caption *c)
{
    const size_t last = res->n_months - 1;
    int over = -1;
    for (size_t p = 0; p < sc->n_placements; p++)
        if (sc->placements[p].capacity == CC_CAPACITY_CARERS)
            over = sc->placements[p].overflow_to;
    char metric[CC_METRIC_NAME_MAX] = "";
    if (over >= 0)
        snprintf(metric, sizeof metric, "cic.placement.%s", sc->placements[over].name);
    const double places = percentile_of(res, "carers.places", false, last, 50.0, scratch);
    const double agency = percentile_of(res, metric, false, last, 50.0, scratch);
    char end[32];
    cc_format_month_name(res, last, end, sizeof end);
    snprintf(c->alt, sizeof c->alt,
             "Line chart by month of in-house foster places against children in in-house and "
             "agency foster care (medians).");
    snprintf(c->takeaway, sizeof c->takeaway,
             "In %s there are about %.0f in-house foster places, and %.0f children in %s "
             "(medians).",
             end, places, agency, over >= 0 ? sc->placements[over].label : "agency fostering");
}

void cc_chart_caption_for(const cc_scenario *sc, const cc_results *res, const char *chart,
                          float *scratch, cc_chart_caption *c)
{
    c->alt[0] = c->takeaway[0] = '\0';
    if (strcmp(chart, "cic_fan") == 0)
        cic_caption(res, scratch, c);
    else if (strcmp(chart, "placement_spend") == 0)
        spend_caption(sc, res, scratch, c);
    else if (strcmp(chart, "workforce") == 0)
        workforce_caption(res, scratch, c);
    else if (strcmp(chart, "mtfp") == 0)
        mtfp_caption(sc, res, scratch, c);
    else if (strcmp(chart, "net_position") == 0)
        net_caption(res, scratch, c);
    else if (strcmp(chart, "placement_mix") == 0)
        mix_caption(sc, res, scratch, c);
    else if (strcmp(chart, "foster_capacity") == 0)
        capacity_caption(sc, res, scratch, c);
}
