/* Synthetic SSDA903 returns from known rates (see ssda903_synth.h). The
 * simulation runs in continuous time (days) with hazards that are constant
 * between birthdays; event days are the floor of event times. The calendar
 * comes from the library under test, whose birthday rules have their own
 * known-answer tests. */
#define _POSIX_C_SOURCE 200809L
#include "ssda903_synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "ssda903/ssda903_internal.h"

const size_t synth_type_index[SYNTH_TYPES] = {0, 2, 3, 6, 8};

static const int band_min_age[SYNTH_BANDS] = {0, 1, 5, 10, 16};
static const int band_max_age[SYNTH_BANDS] = {0, 4, 9, 15, 17};
static const char *const place_codes[SYNTH_TYPES][2][2] = {
    {{"U4", "PR1"}, {"U5", "PR1"}}, {{"U4", "PR4"}, {"U6", "PR5"}}, {{"K2", "PR4"}, {"R1", "PR5"}},
    {{"H5", "PR4"}, {"P2", "PR0"}}, {{"P1", "PR0"}, {"P1", "PR0"}}};
static const char *const route_codes[SYNTH_ROUTES + 1][2] = {
    {"E4A", "E13"}, {"E45", "E41"}, {"E11", "E12"}, {"E8", "E3"}, {"E17", "E5"}};

typedef struct synth_episode {
    size_t child;
    int decom, dec;  /* dec SSDA_OPEN when still open at the end */
    int type, variant;
    char rne;        /* S start, P placement change, L legal status */
    int route;       /* for the last episode: 0-3, or SYNTH_ROUTES for age 18 */
} synth_episode;

typedef struct gen {
    const synth_truth *truth;
    gsl_rng *r;
    size_t n_children, cap_children;
    int *dob;
    size_t n, cap;
    synth_episode *eps;
} gen;

void synth_default_truth(synth_truth *t)
{
    memset(t, 0, sizeof *t);
    t->entries_per_year = 250.0;
    const double shares[SYNTH_BANDS] = {0.22, 0.2, 0.18, 0.28, 0.12};
    const double mult[SYNTH_BANDS] = {1.8, 1.4, 1.0, 0.6, 0.85};
    const double exits[SYNTH_TYPES][SYNTH_ROUTES] = {{0.10, 0.08, 0.12, 0.05},
                                                     {0.07, 0.05, 0.03, 0.08},
                                                     {0.12, 0.02, 0.00, 0.15},
                                                     {0.20, 0.00, 0.00, 0.30},
                                                     {0.60, 0.06, 0.00, 0.10}};
    const double first[SYNTH_BANDS][SYNTH_TYPES] = {{0.5, 0.3, 0.0, 0.0, 0.2},
                                                    {0.45, 0.35, 0.0, 0.0, 0.2},
                                                    {0.4, 0.4, 0.05, 0.0, 0.15},
                                                    {0.3, 0.4, 0.2, 0.0, 0.1},
                                                    {0.2, 0.3, 0.2, 0.25, 0.05}};
    memcpy(t->entry_band_share, shares, sizeof shares);
    memcpy(t->band_multiplier, mult, sizeof mult);
    memcpy(t->exit_rate, exits, sizeof exits);
    memcpy(t->first_type, first, sizeof first);
    t->move_rate[1][0] = 0.10; /* IFA to in-house */
    t->move_rate[0][1] = 0.06;
    t->move_rate[1][2] = 0.05; /* IFA to residential */
    t->move_rate[2][1] = 0.25; /* step-down */
    t->move_rate[2][3] = 0.15;
    t->move_rate[4][1] = 0.20;
    t->move_rate[0][4] = 0.04;
    t->redundant_rate = 0.5;
    t->sim_start = ssda_days_from_civil(2008, 4, 1);
    t->first_return = ssda_days_from_civil(2015, 4, 1);
    t->last_day = ssda_days_from_civil(2022, 3, 31);
}

static bool grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    const size_t grown = *cap == 0 ? 4096 : *cap * 2;
    void *bigger = realloc(*items, grown * size);
    if (bigger == NULL)
        return false;
    *items = bigger;
    *cap = grown;
    return true;
}

static size_t draw_index(gsl_rng *r, const double *weights, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += weights[i];
    double u = gsl_rng_uniform(r) * total;
    for (size_t i = 0; i + 1 < n; i++) {
        if (u < weights[i])
            return i;
        u -= weights[i];
    }
    return n - 1;
}

static bool add_episode(gen *g, size_t child, int decom, int type, char rne)
{
    if (!grow((void **)&g->eps, &g->cap, g->n, sizeof *g->eps))
        return false;
    g->eps[g->n++] = (synth_episode){.child = child, .decom = decom, .dec = SSDA_OPEN,
                                     .type = type, .variant = (int)gsl_rng_uniform_int(g->r, 2),
                                     .rne = rne, .route = -1};
    return true;
}

/* Hazards per day of leaving the current state, by kind. */
static double total_rate(const synth_truth *t, int band, int type, double *exit, double *move)
{
    *exit = 0.0;
    *move = 0.0;
    for (int r = 0; r < SYNTH_ROUTES; r++)
        *exit += t->exit_rate[type][r] * t->band_multiplier[band];
    for (int u = 0; u < SYNTH_TYPES; u++)
        *move += t->move_rate[type][u];
    *exit /= 365.25;
    *move /= 365.25;
    return *exit + *move + t->redundant_rate / 365.25;
}

static int band_on(const int start[SYNTH_BANDS], int day)
{
    int b = 0;
    while (b + 1 < SYNTH_BANDS && day >= start[b + 1])
        b++;
    return b;
}

enum { EVENT_ENDS, EVENT_CONTINUES, EVENT_NOMEM };

/* Applies one event on day: an exit ends the period; a move or a redundant
 * episode (same type: a legal status or carer change) starts a new episode. */
static int apply_event(gen *g, size_t child, int band, int day, double exit, double move,
                       double total)
{
    const synth_truth *t = g->truth;
    synth_episode *e = &g->eps[g->n - 1];
    const double u = gsl_rng_uniform(g->r) * total;
    if (u < exit) {
        double w[SYNTH_ROUTES];
        for (int r = 0; r < SYNTH_ROUTES; r++)
            w[r] = t->exit_rate[e->type][r] * t->band_multiplier[band];
        e->dec = day;
        e->route = (int)draw_index(g->r, w, SYNTH_ROUTES);
        return EVENT_ENDS;
    }
    if (day == e->decom)
        return EVENT_CONTINUES; /* one start a day: SSDA903 keys episodes by (CHILD, DECOM) */
    int next = e->type;
    char rne = gsl_rng_uniform(g->r) < 0.5 ? 'L' : 'T';
    if (u < exit + move) {
        next = (int)draw_index(g->r, t->move_rate[e->type], SYNTH_TYPES);
        rne = 'P';
    }
    e->dec = day;
    return add_episode(g, child, day, next, rne) ? EVENT_CONTINUES : EVENT_NOMEM;
}

/* One child's period of care, entering at time t0 (days). */
static bool simulate_child(gen *g, double t0)
{
    const synth_truth *t = g->truth;
    const int entry = (int)floor(t0);
    const int band0 = (int)draw_index(g->r, t->entry_band_share, SYNTH_BANDS);
    const double age = band_min_age[band0] +
                       gsl_rng_uniform(g->r) * (band_max_age[band0] - band_min_age[band0] + 1);
    const int dob = entry - (int)floor(age * 365.25);
    int start[SYNTH_BANDS];
    for (int b = 0; b < SYNTH_BANDS; b++)
        start[b] = ssda_birthday(dob, band_min_age[b]);
    const int b18 = ssda_birthday(dob, 18);
    if (entry >= b18)
        return true;
    if (!grow((void **)&g->dob, &g->cap_children, g->n_children, sizeof *g->dob))
        return false;
    const size_t child = g->n_children++;
    g->dob[child] = dob;
    const int type = (int)draw_index(g->r, t->first_type[band_on(start, entry)], SYNTH_TYPES);
    if (!add_episode(g, child, entry, type, 'S'))
        return false;
    double now = t0;
    const double end = (double)t->last_day + 1.0;
    for (;;) {
        const int band = band_on(start, (int)floor(now));
        const int boundary = band + 1 < SYNTH_BANDS ? start[band + 1] : b18;
        double exit = 0.0, move = 0.0;
        const double total = total_rate(t, band, g->eps[g->n - 1].type, &exit, &move);
        const double when = now + gsl_ran_exponential(g->r, 1.0 / total);
        if (fmin(when, (double)boundary) >= end)
            return true; /* still in care when the data end */
        if (when >= (double)boundary) {
            now = (double)boundary;
            if (boundary < b18)
                continue;
            synth_episode *e = &g->eps[g->n - 1];
            /* Leaving at 18, a quarter of them some weeks later (the model stops at 18). */
            e->dec = b18 + (gsl_rng_uniform(g->r) < 0.25 ? 1 + (int)gsl_rng_uniform_int(g->r, 60) : 0);
            e->dec = e->dec > t->last_day ? SSDA_OPEN : e->dec;
            e->route = SYNTH_ROUTES;
            return true;
        }
        now = when;
        const int happened = apply_event(g, child, band, (int)floor(now), exit, move, total);
        if (happened != EVENT_CONTINUES)
            return happened == EVENT_ENDS;
    }
}

/* ---- what happened, from the simulation ---- */

static size_t year_of(const synth_facts *f, int day)
{
    for (size_t k = 1; k < f->n_years; k++)
        if (day > f->year_end[k - 1] && day <= f->year_end[k])
            return k;
    return 0;
}

/* One child's episodes eps[0..n): stocks, flows and, over the returns,
 * exposure and events, by the same definitions as the calibration. */
static void count_child(const synth_truth *t, synth_facts *f, const synth_episode *eps, size_t n,
                        int dob)
{
    const int b18 = ssda_birthday(dob, 18);
    int start[SYNTH_BANDS];
    for (int b = 0; b < SYNTH_BANDS; b++)
        start[b] = ssda_birthday(dob, band_min_age[b]);
    const int entry = eps[0].decom, last_dec = eps[n - 1].dec;
    const int leaves = last_dec < b18 ? last_dec : b18; /* SSDA_OPEN is above any birthday */
    for (size_t k = 0; k < f->n_years; k++)
        f->cic[k] += entry <= f->year_end[k] && f->year_end[k] < leaves;
    f->entries[year_of(f, entry)] += 1.0;
    if (leaves <= t->last_day)
        f->exits[year_of(f, leaves)] += 1.0;
    for (size_t i = 0; i < n; i++) {
        const synth_episode *e = &eps[i];
        const int end = e->dec < b18 ? e->dec : b18;
        const int lo = e->decom > t->first_return ? e->decom : t->first_return;
        const int hi = end < t->last_day + 1 ? end : t->last_day + 1;
        if (hi > lo)
            f->exposure_days[e->type] += hi - lo;
        if (e->decom <= t->last_day && t->last_day < end)
            f->stock_end[band_on(start, t->last_day)][e->type] += 1.0;
        if (end < t->first_return || end > t->last_day || e->decom >= b18)
            continue;
        if (end == b18)
            f->exits_by_route[e->type][SYNTH_ROUTES] += 1.0;
        else if (i + 1 < n && eps[i + 1].type != e->type)
            f->moves[e->type][eps[i + 1].type] += 1.0;
        else if (i + 1 == n)
            f->exits_by_route[e->type][e->route] += 1.0;
    }
}

static void count_all(const gen *g, synth_facts *f)
{
    const synth_truth *t = g->truth;
    memset(f, 0, sizeof *f);
    for (int day = t->first_return - 1; day <= t->last_day && f->n_years < SYNTH_YEARS_MAX;
         day = ssda_march_end_after(day + 1))
        f->year_end[f->n_years++] = day;
    f->children = g->n_children;
    for (size_t i = 0; i < g->n;) {
        size_t j = i + 1;
        while (j < g->n && g->eps[j].child == g->eps[i].child)
            j++;
        count_child(t, f, &g->eps[i], j - i, g->dob[g->eps[i].child]);
        i = j;
    }
    f->entries[0] = 0.0; /* before the first return: not a flow the files can show */
    f->exits[0] = 0.0;
}

/* ---- the files ---- */

/* Dates as returned: dd/mm/yyyy in odd years' files, ISO in even ones. */
static void put_date(FILE *f, int day, bool iso)
{
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(day, &y, &m, &d);
    if (iso)
        fprintf(f, "%04d-%02d-%02d", y, m, d);
    else
        fprintf(f, "%02d/%02d/%04d", d, m, y);
}

static bool write_year(const gen *g, const char *dir, int year_start, bool *seen)
{
    const int year_end = ssda_march_end_after(year_start);
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(year_start, &y, &m, &d);
    char path[1024];
    snprintf(path, sizeof path, "%s/%d", dir, y);
    if (mkdir(path, 0777) != 0)
        return false;
    snprintf(path, sizeof path, "%s/%d/episodes.csv", dir, y);
    FILE *ep = fopen(path, "w");
    snprintf(path, sizeof path, "%s/%d/header.csv", dir, y);
    FILE *hd = fopen(path, "w");
    bool ok = ep != NULL && hd != NULL;
    const bool iso = y % 2 == 0;
    if (ok) {
        fputs("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
              "PL_POST,URN\n", ep);
        fputs("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n", hd); /* CRLF, as some exports */
    }
    memset(seen, 0, g->n_children * sizeof *seen);
    for (size_t i = 0; ok && i < g->n; i++) {
        const synth_episode *e = &g->eps[i];
        if (e->decom > year_end || (e->dec != SSDA_OPEN && e->dec < year_start))
            continue;
        const bool last = i + 1 == g->n || g->eps[i + 1].child != e->child;
        const bool closed = e->dec != SSDA_OPEN && e->dec <= year_end;
        fprintf(ep, "%zu,", 100000 + e->child);
        put_date(ep, e->decom, iso);
        fprintf(ep, ",%c,C2,N1,%s,%s,", e->rne, place_codes[e->type][e->variant][0],
                place_codes[e->type][e->variant][1]);
        if (closed)
            put_date(ep, e->dec, iso);
        /* REC: the route of a last episode, X1 for a continuation, and (as in the
         * sector's sample) X1 on some open episodes too. */
        const char *rec = !closed ? (e->child % 2 ? "X1" : "")
                          : last  ? route_codes[e->route][e->child % 2]
                                  : "X1";
        fprintf(ep, ",%s,,A1 1AA,B2 2BB,%zu\n", rec, 1000000 + e->child);
        if (!seen[e->child]) {
            seen[e->child] = true;
            fprintf(hd, "%zu,%d,", 100000 + e->child, 1 + (int)(e->child % 2));
            put_date(hd, g->dob[e->child], iso);
            fputs(",WBRI,A123456789012,,\r\n", hd);
        }
    }
    ok = ok && !ferror(ep) && !ferror(hd);
    if (ep != NULL)
        ok = fclose(ep) == 0 && ok;
    if (hd != NULL)
        ok = fclose(hd) == 0 && ok;
    return ok;
}

bool synth_write(const char *dir, const synth_truth *truth, unsigned long seed,
                 synth_facts *facts)
{
    gen g = {.truth = truth, .r = gsl_rng_alloc(gsl_rng_mt19937)};
    bool ok = g.r != NULL;
    if (ok)
        gsl_rng_set(g.r, seed);
    /* Entries: a Poisson process from sim_start to the end of the data. */
    const double rate = truth->entries_per_year / 365.25;
    for (double t = truth->sim_start; ok;) {
        t += gsl_ran_exponential(g.r, 1.0 / rate);
        if (t >= (double)truth->last_day + 1.0)
            break;
        ok = simulate_child(&g, t);
    }
    bool *seen = ok ? malloc(g.n_children + 1) : NULL;
    ok = ok && seen != NULL;
    if (ok)
        count_all(&g, facts);
    for (int y = truth->first_return; ok && y <= truth->last_day;
         y = ssda_march_end_after(y) + 1)
        ok = write_year(&g, dir, y, seen);
    if (!ok)
        fprintf(stderr, "synth_write: %s: failed\n", dir);
    free(seen);
    free(g.dob);
    free(g.eps);
    gsl_rng_free(g.r);
    return ok;
}
