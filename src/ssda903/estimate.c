/* Periods of care walked child by child: exposure in child-days split at
 * birthdays, entries, exits by route, moves between placement types and
 * 18th birthdays in a window, plus the yearly history; then hazards fitted
 * from events and exposure. Time t is a day number; an episode occupies
 * [DECOM, DEC); a child is in care on day d when DECOM <= d < DEC. A window
 * is the days first..last: exposure is the child-days in care on them, events
 * are those dated on them, so the stock on day last is the stock on day
 * first - 1 plus entries minus exits, exactly. */
#include <math.h>
#include <string.h>

#include "ssda903/ssda903_internal.h"

/* The day each age band starts for one child, and the 18th birthday. */
typedef struct ages {
    size_t n_bands;
    int start[CC_MAX_BANDS + 1]; /* start[n_bands] is the 18th birthday */
} ages;

typedef struct counter {
    cc_ssda903_estimate *est;
    int first, last; /* the window's days, inclusive */
} counter;

static void child_ages(const cc_ssda903_mapping *map, int dob, ages *a)
{
    a->n_bands = map->n_bands;
    for (size_t b = 0; b < map->n_bands; b++)
        a->start[b] = ssda_birthday(dob, map->band_min_age[b]);
    a->start[map->n_bands] = ssda_birthday(dob, 18);
}

/* The band on a day before the 18th birthday (band 0 before birth). */
static size_t band_on(const ages *a, int day)
{
    size_t b = 0;
    while (b + 1 < a->n_bands && day >= a->start[b + 1])
        b++;
    return b;
}

/* The index of the financial year whose flows include day t, or 0 (none). */
static size_t year_of(const cc_ssda903_estimate *est, int t)
{
    for (size_t k = 1; k < est->n_years; k++)
        if (t > est->years[k - 1].year_end && t <= est->years[k].year_end)
            return k;
    return 0;
}

static void add_exposure(const counter *c, const ages *a, unsigned type, int from, int to)
{
    for (size_t b = 0; b < a->n_bands; b++) {
        int lo = from > c->first ? from : c->first;
        int hi = to < c->last + 1 ? to : c->last + 1;
        lo = lo > a->start[b] ? lo : a->start[b];
        hi = hi < a->start[b + 1] ? hi : a->start[b + 1];
        if (hi > lo)
            c->est->exposure_days[b][type] += (double)(hi - lo);
    }
}

/* Children in care (under 18) on the window end and on each 31 March. */
static void add_stocks(const counter *c, const ages *a, const ssda_episode *e, int end)
{
    cc_ssda903_estimate *est = c->est;
    if (e->decom <= c->last && c->last < end)
        est->stock[band_on(a, c->last)][e->type] += 1.0;
    for (size_t k = 0; k < est->n_years; k++) {
        const int day = est->years[k].year_end;
        if (e->decom <= day && day < end) {
            est->years[k].cic += 1.0;
            est->years[k].placements[e->type] += 1.0;
        }
    }
}

static void add_entry(const counter *c, const ages *a, int t, unsigned type)
{
    if (t >= c->first && t <= c->last)
        c->est->entries[band_on(a, t)][type] += 1.0;
    const size_t k = year_of(c->est, t);
    if (k > 0)
        c->est->years[k].entries += 1.0;
}

/* An exit at t from the state the child held on day t - 1. */
static void add_exit(const counter *c, const ages *a, int t, unsigned type, unsigned route)
{
    if (t >= c->first && t <= c->last)
        c->est->exits[band_on(a, t - 1)][type][route] += 1.0;
    const size_t k = year_of(c->est, t);
    if (k > 0)
        c->est->years[k].exits += 1.0;
}

static void add_move(const counter *c, const ages *a, int t, unsigned from, unsigned to)
{
    if (t >= c->first && t <= c->last)
        c->est->moves[band_on(a, t - 1)][from][to] += 1.0;
}

/* One child's episodes, in DECOM order. A period of care is a run of
 * episodes each starting on the previous DEC; a change of placement type
 * inside it is a move, the same type a redundant episode (nothing). Time
 * from the 18th birthday on is outside the model: reaching it in care is an
 * exit by route age_18 on that day. */
static void walk_child(const counter *c, const cc_ssda903_mapping *map, const ssda_child *ch,
                       const ssda_episode *eps)
{
    ages a;
    child_ages(map, ch->dob, &a);
    const int b18 = a.start[a.n_bands];
    for (size_t i = 0; i < ch->n; i++) {
        const ssda_episode *e = &eps[i];
        if (e->decom <= c->last && c->last < e->dec && c->last >= b18)
            c->est->stock_18_plus += 1.0;
        if (e->decom >= b18)
            continue;
        if (i == 0 || eps[i - 1].dec != e->decom)
            add_entry(c, &a, e->decom, e->type);
        const int end = e->dec < b18 ? e->dec : b18;
        add_exposure(c, &a, e->type, e->decom, end);
        add_stocks(c, &a, e, end);
        if (e->dec >= b18) {
            add_exit(c, &a, b18, e->type, CC_SSDA903_AGE_18);
        } else if (i + 1 < ch->n && eps[i + 1].decom == e->dec) {
            if (eps[i + 1].type != e->type)
                add_move(c, &a, e->dec, e->type, eps[i + 1].type);
        } else {
            add_exit(c, &a, e->dec, e->type, e->route);
        }
    }
}

/* ---- fitting ---- */

#define FIT_ROUTES 4  /* the routes the model takes as rates; age 18 comes from ageing */
#define FIT_ROUNDS 500
#define RATE_MAX 100.0 /* the loader's largest exit rate, events per child-year */

/* Only the products m[b] x mu[t][r] are identified: scale them so that the
 * multipliers average 1 over the window's child-years (a band's multiplier
 * is then its exits relative to the average child's). */
static void normalise_bands(cc_ssda903_estimate *est, double x[CC_MAX_BANDS][CC_MAX_PLACEMENTS],
                            double years)
{
    double weighted = 0.0;
    for (size_t b = 0; b < est->n_bands; b++)
        for (size_t t = 0; t < est->n_types; t++)
            weighted += est->band_multiplier[b] * x[b][t];
    if (!(years > 0.0) || !(weighted > 0.0))
        return;
    const double c = weighted / years;
    for (size_t b = 0; b < est->n_bands; b++)
        est->band_multiplier[b] /= c;
    for (size_t t = 0; t < est->n_types; t++)
        for (size_t r = 0; r < FIT_ROUTES; r++) {
            est->exit_rate[t][r] *= c;
            est->exit_years[t][r] /= c;
        }
}

/* Exits of band b, type t, route r have hazard m[b] x mu[t][r]. Poisson
 * likelihood with weak gamma priors, one pseudo-event each: mu[t][r] is
 * pulled toward the pooled rate of route r, m[b] toward 1, so a state seen
 * for a few child-days gets no absurd rate; with hundreds of events the
 * prior is negligible. Fitted by alternating conditional posterior means
 * (iterative proportional fitting), which converges for this model. */
static void fit_exits(cc_ssda903_estimate *est)
{
    double x[CC_MAX_BANDS][CC_MAX_PLACEMENTS], route_events[FIT_ROUTES] = {0};
    double events = 0.0, years = 0.0;
    for (size_t b = 0; b < est->n_bands; b++)
        for (size_t t = 0; t < est->n_types; t++) {
            x[b][t] = est->exposure_days[b][t] / SSDA_DAYS_PER_YEAR;
            years += x[b][t];
            for (size_t r = 0; r < FIT_ROUTES; r++) {
                route_events[r] += est->exits[b][t][r];
                events += est->exits[b][t][r];
            }
        }
    for (size_t b = 0; b < est->n_bands; b++)
        est->band_multiplier[b] = 1.0;
    if (!(events > 0.0))
        return; /* no exits: every rate stays 0 */
    const double prior_years = years / events; /* holds one event at the pooled rate */
    for (int round = 0; round < FIT_ROUNDS; round++) {
        for (size_t t = 0; t < est->n_types; t++) {
            double adjusted = prior_years;
            for (size_t b = 0; b < est->n_bands; b++)
                adjusted += est->band_multiplier[b] * x[b][t];
            for (size_t r = 0; r < FIT_ROUTES; r++) {
                double e = route_events[r] / events;
                for (size_t b = 0; b < est->n_bands; b++)
                    e += est->exits[b][t][r];
                est->exit_shape[t][r] = e;
                est->exit_years[t][r] = adjusted;
                est->exit_rate[t][r] = e / adjusted;
            }
        }
        double change = 0.0;
        for (size_t b = 0; b < est->n_bands; b++) {
            double observed = 1.0, expected = 1.0;
            for (size_t t = 0; t < est->n_types; t++)
                for (size_t r = 0; r < FIT_ROUTES; r++) {
                    observed += est->exits[b][t][r];
                    expected += x[b][t] * est->exit_rate[t][r];
                }
            const double m = observed / expected;
            change = fmax(change, fabs(m - est->band_multiplier[b]) / m);
            est->band_multiplier[b] = m;
        }
        if (change < 1e-12)
            break;
    }
    normalise_bands(est, x, years);
}

/* Moves from type t to u (all bands together: the model's moves have no
 * band), with one pseudo-event at the pooled rate of moves into u. */
static void fit_moves(cc_ssda903_estimate *est)
{
    double x[CC_MAX_PLACEMENTS] = {0}, into[CC_MAX_PLACEMENTS] = {0}, moves = 0.0, years = 0.0;
    double n[CC_MAX_PLACEMENTS][CC_MAX_PLACEMENTS] = {{0}};
    for (size_t b = 0; b < est->n_bands; b++)
        for (size_t t = 0; t < est->n_types; t++) {
            x[t] += est->exposure_days[b][t] / SSDA_DAYS_PER_YEAR;
            for (size_t u = 0; u < est->n_types; u++) {
                n[t][u] += est->moves[b][t][u];
                into[u] += est->moves[b][t][u];
                moves += est->moves[b][t][u];
            }
        }
    for (size_t t = 0; t < est->n_types; t++)
        years += x[t];
    if (!(moves > 0.0))
        return;
    const double prior_years = years / moves;
    for (size_t t = 0; t < est->n_types; t++)
        for (size_t u = 0; u < est->n_types; u++) {
            if (!(n[t][u] > 0.0))
                continue;
            est->move_shape[t][u] = n[t][u] + into[u] / moves;
            est->move_years[t][u] = x[t] + prior_years;
            est->move_rate[t][u] = est->move_shape[t][u] / est->move_years[t][u];
        }
}

/* The loader takes an exit rate up to RATE_MAX a child-year (a month's leaving
 * is then all but certain). Only a window of a few days can give more: scale
 * such a type's exit rates down together, keeping the factor in est->capped.
 * Moves are written as percentages, where any hazard fits. */
static void cap_rates(cc_ssda903_estimate *est)
{
    for (size_t t = 0; t < est->n_types; t++) {
        double worst = 0.0;
        for (size_t r = 0; r < FIT_ROUTES; r++)
            worst = fmax(worst, est->exit_rate[t][r]);
        est->capped[t] = worst > RATE_MAX ? RATE_MAX * (1.0 - 1e-6) / worst : 1.0;
        if (est->capped[t] < 1.0)
            for (size_t r = 0; r < FIT_ROUTES; r++) {
                est->exit_rate[t][r] *= est->capped[t];
                est->exit_years[t][r] /= est->capped[t];
            }
    }
}

void cc_ssda903_hazard_to_pct(double shape, double years, double *pct_mean, double *pct_sd)
{
    *pct_mean = 0.0;
    *pct_sd = 0.0;
    if (!(shape > 0.0) || !(years > 0.0))
        return;
    *pct_mean = -100.0 * expm1(-shape / years);
    /* Var(1 - e^-h) = E e^-2h - (E e^-h)^2 for h ~ Gamma(shape, rate years). */
    const double m1 = exp(-shape * log1p(1.0 / years));
    const double m2 = exp(-shape * log1p(2.0 / years));
    const double var = m2 - m1 * m1;
    *pct_sd = var > 0.0 ? 100.0 * sqrt(var) : 0.0;
}

/* ---- the window ---- */

static void setup(cc_ssda903_estimate *est, const cc_ssda903_data *data,
                  const cc_ssda903_mapping *map, int ws, int we)
{
    memset(est, 0, sizeof *est);
    est->n_bands = map->n_bands;
    est->n_types = map->n_types;
    for (size_t b = 0; b < map->n_bands; b++) {
        memcpy(est->band_names[b], map->band_names[b], CC_NAME_MAX);
        est->band_min_age[b] = map->band_min_age[b];
        est->band_max_age[b] = map->band_max_age[b];
    }
    for (size_t t = 0; t < map->n_types; t++) {
        memcpy(est->type_names[t], map->type_names[t], CC_NAME_MAX);
        memcpy(est->type_labels[t], map->type_labels[t], CC_TEXT_MAX);
    }
    est->first_day = data->first_day;
    est->last_day = data->last_day;
    est->window_start = ws;
    est->window_end = we;
    est->window_years = (double)(we - ws + 1) / SSDA_DAYS_PER_YEAR;
    /* 31 March before the first return, then each one after, to the last day
     * (the latest CC_SSDA903_YEARS_MAX of them). */
    int day = data->first_day - 1;
    size_t n = 0;
    for (int d = day; d <= data->last_day; d = ssda_march_end_after(d + 1))
        n++;
    for (; n > CC_SSDA903_YEARS_MAX; n--)
        day = ssda_march_end_after(day + 1);
    for (size_t k = 0; k < n; k++, day = ssda_march_end_after(day + 1)) {
        est->years[k].year_end = day;
        est->years[k].has_flows = k > 0;
    }
    est->n_years = n;
}

cc_status cc_ssda903_estimate_window(const cc_ssda903_data *data, const cc_ssda903_mapping *map,
                                     int window_start, int window_end,
                                     cc_ssda903_estimate *est, bool *clamped, cc_error *err)
{
    char a[11], b[11];
    if (map->n_types != data->n_types)
        return cc_error_set(err, CC_ERR_INVALID, "ssda903: data read with another mapping");
    const int last = window_end == CC_SSDA903_DEFAULT ? data->last_day : window_end;
    int first = window_start;
    if (window_start == CC_SSDA903_DEFAULT)
        first = ssda_birthday(last, -CC_SSDA903_DEFAULT_YEARS) + 1;
    *clamped = first < data->first_day;
    if (*clamped)
        first = data->first_day;
    if (last > data->last_day) {
        cc_ssda903_date_format(last, a);
        cc_ssda903_date_format(data->last_day, b);
        return cc_error_set(err, CC_ERR_INVALID,
                            "window end %s is after the last day the returns cover (%s)", a, b);
    }
    if (last < first) {
        cc_ssda903_date_format(first, a);
        cc_ssda903_date_format(last, b);
        return cc_error_set(err, CC_ERR_INVALID, "the window is empty: from %s%s to %s", a,
                            *clamped ? " (the first day the returns cover)" : "", b);
    }
    setup(est, data, map, first, last);
    const counter c = {.est = est, .first = first, .last = last};
    for (size_t i = 0; i < data->n_children; i++)
        walk_child(&c, map, &data->children[i], &data->episodes[data->children[i].first]);
    fit_exits(est);
    fit_moves(est);
    cap_rates(est);
    return CC_OK;
}
