/* Calibration from history (carecast/calibrate.h). Each series is fitted on
 * its own (fit.c); the model then tells, by probes (short runs of the origin
 * model with every shock off), how its next year responds to each process's
 * level: the level is solved by Newton steps on the log scale (the model is
 * nearly log-linear in a level: the elasticity is ~1 for entries and CIN/CP
 * starts, ~0.6 for exits, whose turning-18 part no level moves, and negative
 * for care leavers' leaving hazard). The spreads then add to what the model
 * already gives (its parameter uncertainty and its random counts) just enough
 * to reach the fitted spread. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/calibrate.h"
#include "carecast/calibration.h"
#include "carecast/engine.h"
#include "carecast/results.h"

#define PROBE_PATHS 400
#define PROBE_STEP 1.1            /* levels x 1.1 to measure the elasticity */
#define NEWTON_ROUNDS 3
#define MIN_ELASTICITY 0.02       /* below this the model does not respond to the level */
#define RECONCILIATION_SD0 10.0   /* children: prior sd of published stock against flows */
#define RECONCILIATION_NU0 3.0

const char *const cc_cal_series_names[CC_CAL_SERIES] = {"entries", "exits", "cin", "cp",
                                                         "care_leavers"};

const cc_process_target cc_cal_series_targets[CC_CAL_SERIES] = {
    CC_PROC_ENTRIES, CC_PROC_EXITS, CC_PROC_CIN_STARTS, CC_PROC_CP_STARTS, CC_PROC_CARE_LEAVERS};

/* The priors of docs/calibration.md §18, set once for every origin: year-to-year
 * log sd and its weight, comparator weight in years, half-life (0: random walk). */
static const struct {
    double sd0, nu0, comparator_years, half_life_years;
    bool with_drift;
} priors[CC_CAL_SERIES] = {
    [CC_CAL_ENTRIES] = {0.20, 3.0, 1.0, 1.0, false},
    [CC_CAL_EXITS] = {0.10, 3.0, 1.0, 1.0, false},
    [CC_CAL_CIN] = {0.20, 3.0, 0.0, 1.0, false},
    [CC_CAL_CP] = {0.20, 3.0, 0.0, 1.0, false},
    [CC_CAL_CARE_LEAVERS] = {0.05, 3.0, 0.0, 0.0, true},
};

/* ---- the series ---- */

static double hist(const cc_scenario *sc, int year, cc_history_field f)
{
    const cc_history_year *h = cc_scenario_history_year(sc, year);
    return h != NULL ? h->value[f] : (double)NAN;
}

/* The value of series s for financial year y, or NAN. Exits are per child-year
 * of the mean of the stocks at the two ends of the year. */
static double series_value(const cc_scenario *sc, cc_cal_series s, int y)
{
    switch (s) {
    case CC_CAL_ENTRIES:
        return hist(sc, y, CC_HIST_ENTRIES);
    case CC_CAL_EXITS: {
        const double mean_stock = 0.5 * (hist(sc, y - 1, CC_HIST_CIC) + hist(sc, y, CC_HIST_CIC));
        return hist(sc, y, CC_HIST_EXITS) / mean_stock;
    }
    case CC_CAL_CIN:
        return hist(sc, y, CC_HIST_CIN);
    case CC_CAL_CP:
        return hist(sc, y, CC_HIST_CP);
    default:
        return hist(sc, y, CC_HIST_CARE_LEAVERS);
    }
}

/* The unbroken run of positive values of series s ending at the origin. */
static void collect_series(const cc_scenario *sc, cc_cal_series s, int origin, cc_cal_fitted *f)
{
    int first = origin + 1;
    while (first - 1 > origin - CC_FIT_SERIES_MAX && series_value(sc, s, first - 1) > 0.0)
        first--;
    f->first_year = first;
    f->n = (size_t)(origin + 1 - first);
    for (size_t i = 0; i < f->n; i++)
        f->series[i] = series_value(sc, s, first + (int)i);
}

static cc_fit_prior prior_of(const cc_scenario *sc, cc_cal_series s, int origin)
{
    cc_fit_prior p = {.sd0 = priors[s].sd0, .nu0 = priors[s].nu0, .comparator = NAN,
                      .comparator_years = priors[s].comparator_years,
                      .half_life_years = priors[s].half_life_years,
                      .with_drift = priors[s].with_drift};
    const double per_10000 = sc->child_population / 10000.0;
    if (s == CC_CAL_ENTRIES)
        p.comparator = sc->comparators.entries_per_10000 * per_10000;
    /* Exits a year for the population, as a hazard on the stock at the origin. */
    if (s == CC_CAL_EXITS)
        p.comparator = sc->comparators.exits_per_10000 * per_10000 / hist(sc, origin, CC_HIST_CIC);
    return p;
}

/* ---- the origin model ---- */

cc_status cc_calibrate_origin_model(const cc_scenario *scenario, const cc_calibration *section,
                                    int horizon_months, cc_scenario **out, cc_error *err)
{
    *out = NULL;
    cc_scenario *m = malloc(sizeof *m);
    if (m == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "calibrate: out of memory");
    *m = *scenario;
    const cc_status st = cc_calibration_apply(section, m, err);
    if (st != CC_OK) {
        free(m);
        return st;
    }
    memset(&m->levers, 0, sizeof m->levers);
    m->n_initiatives = 0;
    m->run.horizon_months = horizon_months;
    *out = m;
    return CC_OK;
}

static cc_status start_section(const cc_scenario *sc, int origin, cc_calibration *cal,
                               cc_error *err)
{
    memset(cal, 0, sizeof *cal);
    cal->present = true;
    cal->as_at_year = origin + 1;
    cal->as_at_month = 3;
    cal->as_at_day = 31;
    const cc_history_year *h = cc_scenario_history_year(sc, origin);
    if (h == NULL || !(h->value[CC_HIST_CIC] >= 0.0))
        return cc_error_set(err, CC_ERR_INVALID,
                            "calibrate: the history has no children in care (cic) for %d/%02d, "
                            "the start of a model as at 31 March %d",
                            origin, (origin + 1) % 100, origin + 1);
    const double v[4] = {h->value[CC_HIST_CIC], h->value[CC_HIST_CIN], h->value[CC_HIST_CP],
                         h->value[CC_HIST_CARE_LEAVERS]};
    int *dst[4] = {&cal->start_cic, &cal->start_cin, &cal->start_cp, &cal->start_care_leavers};
    for (int i = 0; i < 4; i++)
        *dst[i] = v[i] >= 0.0 ? (int)lround(v[i]) : -1;
    for (size_t p = 0; p < CC_MAX_PLACEMENTS; p++)
        cal->start_placements[p] = p < sc->n_placements && h->placements[p] >= 0.0
                                       ? (int)lround(h->placements[p])
                                       : -1;
    return CC_OK;
}

/* ---- probes: the origin model's next year at given levels ---- */

typedef struct probe_ctx {
    const cc_scenario *origin; /* start applied, shocks and levers off */
    cc_scenario *work;         /* the origin with this probe's levels */
    cc_results *res;
    size_t n_paths;
    unsigned long seed;
    int threads;
    const bool *fitting;       /* which series have a process to set */
} probe_ctx;

/* Series s on path p of the last probe. */
static double probe_value(const probe_ctx *pc, cc_cal_series s, size_t p)
{
    static const char *const metric[CC_CAL_SERIES] = {"entries.total", "exits.total", "cin.total",
                                                       "cp.total", "care_leavers.total"};
    const int k = cc_results_metric_index(pc->res, metric[s]);
    const double v = (double)cc_results_annual(pc->res, (size_t)k, 0)[p];
    if (s != CC_CAL_EXITS)
        return v;
    const int cic = cc_results_metric_index(pc->res, "cic.total");
    const double end = (double)cc_results_annual(pc->res, (size_t)cic, 0)[p];
    return v / (0.5 * ((double)cc_scenario_start_cic(pc->origin) + end));
}

/* Runs the origin with level[s] (x 100%) on each fitted series' process and
 * parameter uncertainty as given; mean and log sd of each series over paths. */
static cc_status probe(probe_ctx *pc, const double *level, bool uncertain, double *mean,
                       double *log_sd, cc_error *err)
{
    *pc->work = *pc->origin;
    pc->work->run.parameter_uncertainty = uncertain;
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        if (!pc->fitting[s])
            continue;
        cc_process *pr = &pc->work->processes[cc_cal_series_targets[s]];
        cc_process_init(pr);
        pr->active = true;
        pr->level_pct = pr->long_run_pct = 100.0 * level[s];
    }
    cc_process_resolve_groups(pc->work->processes);
    const cc_run_options ro = {.n_paths = pc->n_paths, .seed = pc->seed, .threads = pc->threads};
    const cc_status st = cc_engine_run(pc->work, &ro, pc->res, err);
    if (st != CC_OK)
        return st;
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        double sum = 0.0, sum_log = 0.0, sum_log2 = 0.0;
        for (size_t p = 0; p < pc->n_paths; p++) {
            const double v = probe_value(pc, (cc_cal_series)s, p);
            const double l = log(fmax(v, 1e-9));
            sum += v;
            sum_log += l;
            sum_log2 += l * l;
        }
        const double n = (double)pc->n_paths, ml = sum_log / n;
        mean[s] = sum / n;
        if (log_sd != NULL)
            log_sd[s] = n > 1.0 ? sqrt(fmax(0.0, (sum_log2 - n * ml * ml) / (n - 1.0))) : 0.0;
    }
    return CC_OK;
}

/* Each series' elasticity to its own process's level: one probe per series
 * with that level alone x PROBE_STEP (common random numbers, so the ratio is
 * smooth; stepping one at a time keeps out cross-effects such as more CP plans
 * ending bringing more children into care). */
static cc_status measure_elasticities(probe_ctx *pc, cc_calibration_fit *fit, bool *fitting,
                                      const double *level, const double *at, cc_error *err)
{
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        cc_cal_fitted *f = &fit->series[s];
        if (!fitting[s])
            continue;
        double stepped[CC_CAL_SERIES], up[CC_CAL_SERIES];
        memcpy(stepped, level, sizeof stepped);
        stepped[s] *= PROBE_STEP;
        const cc_status st = probe(pc, stepped, false, up, NULL, err);
        if (st != CC_OK)
            return st;
        const double e = log(up[s] / at[s]) / log(PROBE_STEP);
        f->model_value = at[s];
        if (!(fabs(e) >= MIN_ELASTICITY) || !(at[s] > 0.0)) {
            snprintf(f->why_not, sizeof f->why_not,
                     "the model's %s does not respond to its process", cc_cal_series_names[s]);
            fitting[s] = false;
            continue;
        }
        f->elasticity = e;
    }
    return CC_OK;
}

/* Newton steps on log(level) with the measured elasticities: the model is
 * nearly log-linear in each level, so a few steps reach the fitted median. */
static cc_status solve_levels(probe_ctx *pc, cc_calibration_fit *fit, bool *fitting,
                              double *level, cc_error *err)
{
    double at[CC_CAL_SERIES];
    cc_status st = probe(pc, level, false, at, NULL, err);
    if (st == CC_OK)
        st = measure_elasticities(pc, fit, fitting, level, at, err);
    for (int round = 0; round < NEWTON_ROUNDS && st == CC_OK; round++) {
        if (round > 0)
            st = probe(pc, level, false, at, NULL, err);
        for (int s = 0; s < CC_CAL_SERIES && st == CC_OK; s++) {
            const cc_cal_fitted *f = &fit->series[s];
            if (fitting[s])
                level[s] = fmin(20.0, fmax(0.05, level[s] * pow(f->fit.forecast / at[s],
                                                                1.0 / f->elasticity)));
        }
    }
    return st;
}

/* ---- fitted processes ---- */

static void build_process(const cc_cal_fitted *f, double level, cc_process *pr)
{
    const double e = fabs(f->elasticity), sd = f->fit.sd, sd1 = f->fit.sd_forecast;
    cc_process_init(pr);
    pr->active = true;
    pr->level_pct = 100.0 * level;
    /* The first year's spread: what the model's own uncertainty leaves of the fitted one. */
    pr->level_sd_pct = 100.0 * sqrt(fmax(0.0, sd1 * sd1 - f->model_log_sd * f->model_log_sd)) / e;
    /* Later years: the series' spread less the part its random counts explain. */
    pr->yearly_sd_pct = 100.0 * sqrt(fmax(0.0, sd * sd - f->noise_log_sd * f->noise_log_sd)) / e;
    pr->half_life_years = f->prior.half_life_years;
    pr->long_run_pct = pr->level_pct;
    if (pr->half_life_years > 0.0)
        pr->long_run_pct = pr->level_pct * pow(f->fit.long_run / f->fit.forecast, 1.0 / f->elasticity);
}

/* The published stock against last year's stock and the year's flows. */
static void reconcile(const cc_scenario *sc, int first, int origin, cc_calibration_fit *fit)
{
    double ss = 0.0;
    size_t n = 0;
    for (int y = first; y <= origin; y++) {
        const double r = hist(sc, y, CC_HIST_CIC) - hist(sc, y - 1, CC_HIST_CIC) -
                         hist(sc, y, CC_HIST_ENTRIES) + hist(sc, y, CC_HIST_EXITS);
        if (isfinite(r)) {
            ss += r * r;
            n++;
        }
    }
    fit->n_residuals = n;
    fit->residual_rms = n > 0 ? sqrt(ss / (double)n) : (double)NAN;
    fit->reconciliation_sd = sqrt((RECONCILIATION_NU0 * RECONCILIATION_SD0 * RECONCILIATION_SD0 + ss) /
                                  (RECONCILIATION_NU0 + (double)n));
}

/* Fits every series that has history at the origin; false when none has. */
static bool fit_series(const cc_scenario *sc, int origin, cc_calibration_fit *fit, bool *fitting)
{
    bool any = false;
    int first = origin;
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        cc_cal_fitted *f = &fit->series[s];
        collect_series(sc, (cc_cal_series)s, origin, f);
        f->prior = prior_of(sc, (cc_cal_series)s, origin);
        cc_error ignored = {0};
        fitting[s] = f->n > 0 && cc_fit_series(f->series, f->n, &f->prior, &f->fit, &ignored) == CC_OK;
        if (!fitting[s])
            snprintf(f->why_not, sizeof f->why_not, "no %s in the history for %d/%02d",
                     cc_cal_series_names[s], origin, (origin + 1) % 100);
        if (fitting[s] && f->first_year < first)
            first = f->first_year;
        any |= fitting[s];
    }
    fit->first_year = first;
    return any;
}

static cc_status calibrate_with(probe_ctx *pc, cc_calibration_fit *fit, bool *fitting,
                                cc_error *err)
{
    double level[CC_CAL_SERIES] = {1.0, 1.0, 1.0, 1.0, 1.0};
    cc_status st = solve_levels(pc, fit, fitting, level, err);
    double achieved[CC_CAL_SERIES], noise[CC_CAL_SERIES], own[CC_CAL_SERIES], ignored[CC_CAL_SERIES];
    if (st == CC_OK)
        st = probe(pc, level, false, achieved, noise, err);
    if (st == CC_OK)
        st = probe(pc, level, true, ignored, own, err);
    if (st != CC_OK)
        return st;
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        cc_cal_fitted *f = &fit->series[s];
        f->fitted = fitting[s];
        if (!fitting[s])
            continue;
        f->achieved = achieved[s];
        f->noise_log_sd = noise[s];
        f->model_log_sd = own[s];
        const cc_process_target t = cc_cal_series_targets[s];
        build_process(f, level[s], &fit->section.processes[t]);
        fit->section.has_process[t] = true;
    }
    return CC_OK;
}

cc_status cc_calibrate(const cc_scenario *scenario, const cc_calibrate_options *opts,
                       cc_calibration_fit *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    const int origin = opts->as_at_year - 1;
    out->origin_year = origin;
    cc_status st = start_section(scenario, origin, &out->section, err);
    if (st != CC_OK)
        return st;
    bool fitting[CC_CAL_SERIES];
    if (!fit_series(scenario, origin, out, fitting))
        return cc_error_set(err, CC_ERR_INVALID,
                            "calibrate: the history gives no entries, exits, CIN, CP or care "
                            "leavers up to %d/%02d",
                            origin, (origin + 1) % 100);
    reconcile(scenario, out->first_year, origin, out);
    cc_scenario *origin_model = NULL;
    st = cc_calibrate_origin_model(scenario, &out->section, 12, &origin_model, err);
    if (st != CC_OK)
        return st;
    probe_ctx pc = {.origin = origin_model, .n_paths = opts->probe_paths ? opts->probe_paths : PROBE_PATHS,
                    .seed = opts->seed, .threads = opts->threads, .fitting = fitting};
    pc.work = malloc(sizeof *pc.work);
    if (pc.work == NULL)
        st = cc_error_set(err, CC_ERR_NOMEM, "calibrate: out of memory");
    if (st == CC_OK)
        st = cc_results_alloc(origin_model, pc.n_paths, &pc.res, err);
    if (st == CC_OK)
        st = calibrate_with(&pc, out, fitting, err);
    cc_results_free(pc.res);
    free(pc.work);
    free(origin_model);
    return st;
}
