/* Writing a calibration as a libconfig fragment: a `calibration` section with
 * the derivation of every figure as comments (carecast/calibrate.h). */
#include <math.h>
#include <string.h>

#include "carecast/calibrate.h"
#include "carecast/version.h"

static const char *const what[CC_CAL_SERIES] = {
    "Entries a year", "Exits per child-year (exits / mean of the stocks at the two 31 Marches)",
    "CIN plans at 31 March", "CP plans at 31 March", "Care leavers at 31 March"};

static void year_label(int y, char *buf, size_t size)
{
    snprintf(buf, size, "%d/%02d", y, (y + 1) % 100);
}

static void number(FILE *f, double x)
{
    if (fabs(x) < 10.0)
        fprintf(f, "%.3f", x);
    else
        fprintf(f, "%.1f", x);
}

static void series_comment(FILE *f, const cc_cal_fitted *s, cc_cal_series k)
{
    char a[16], b[16];
    year_label(s->first_year, a, sizeof a);
    year_label(s->first_year + (int)s->n - 1, b, sizeof b);
    fprintf(f, "    # %s, %s to %s:", what[k], a, b);
    for (size_t i = 0; i < s->n; i++) {
        fputc(' ', f);
        number(f, s->series[i]);
    }
    fputs(".\n", f);
}

static void level_comment(FILE *f, const cc_cal_fitted *s)
{
    const cc_fit *fit = &s->fit;
    if (s->prior.with_drift) {
        fprintf(f, "    # Random walk with drift: %+.1f%% a year (the mean change). Next year: ",
                100.0 * fit->drift);
    } else {
        fputs("    # Long run ", f);
        number(f, fit->long_run);
        fputs(" = geometric mean ", f);
        number(f, fit->own_level);
        if (fit->weight < 1.0) {
            fprintf(f, " shrunk toward the comparator ");
            number(f, s->prior.comparator);
            fprintf(f, " (weight %zu/(%zu + %g) on the history)", fit->n, fit->n,
                    s->prior.comparator_years);
        }
        fprintf(f, ".\n    # Next year: half-way back (half-life %g year), ",
                s->prior.half_life_years);
    }
    number(f, fit->forecast);
    fputs(".\n", f);
}

static void spread_comment(FILE *f, const cc_cal_fitted *s)
{
    const cc_fit *fit = &s->fit;
    fprintf(f, "    # Spread %.1f%% a year: ", 100.0 * fit->sd);
    if (isnan(fit->sd_own))
        fprintf(f, "no change seen yet, so the prior's %.0f%%.\n", 100.0 * s->prior.sd0);
    else
        fprintf(f, "%zu change(s) (own %.1f%%) pooled with a %.0f%% prior worth %g years.\n",
                fit->n_changes, 100.0 * fit->sd_own, 100.0 * s->prior.sd0, s->prior.nu0);
    fputs("    # The model gives ", f);
    number(f, s->model_value);
    fprintf(f, " at 100%% (elasticity %.2f), ", s->elasticity);
    number(f, s->achieved);
    fprintf(f, " at the level below; its own spread is %.1f%% (%.1f%% from random counts).\n",
            100.0 * s->model_log_sd, 100.0 * s->noise_log_sd);
}

static void process_line(FILE *f, const char *name, const cc_process *pr)
{
    fprintf(f, "    %s = { level_pct = %.1f; level_sd_pct = %.1f; yearly_sd_pct = %.1f;", name,
            pr->level_pct, pr->level_sd_pct, pr->yearly_sd_pct);
    if (pr->half_life_years > 0.0)
        fprintf(f, " half_life_years = %g; long_run_pct = %.1f;", pr->half_life_years,
                pr->long_run_pct);
    fputs(" };\n", f);
}

static void start_lines(FILE *f, const cc_scenario *sc, const cc_calibration_fit *fit)
{
    const cc_calibration *c = &fit->section;
    char y[16];
    year_label(fit->origin_year, y, sizeof y);
    fprintf(f, "  # Stocks at 31 March %d (history %s); other placement types share the rest in "
               "the model's\n  # proportions, each keeping its age shares.\n",
            c->as_at_year, y);
    fprintf(f, "  start = { cic = %d;", c->start_cic);
    const int *v[3] = {&c->start_cin, &c->start_cp, &c->start_care_leavers};
    static const char *const key[3] = {"cin", "cp", "care_leavers"};
    for (int i = 0; i < 3; i++)
        if (*v[i] >= 0)
            fprintf(f, " %s = %d;", key[i], *v[i]);
    bool any = false;
    for (size_t p = 0; p < sc->n_placements; p++)
        if (c->start_placements[p] >= 0) {
            fprintf(f, "%s %s = %d;", any ? "" : "\n            placements = {",
                    sc->placements[p].name, c->start_placements[p]);
            any = true;
        }
    fputs(any ? " }; };\n" : " };\n", f);
}

cc_status cc_calibrate_write(FILE *f, const cc_scenario *sc, const char *model_file,
                             const cc_calibration_fit *fit, cc_error *err)
{
    const cc_calibration *c = &fit->section;
    char first[16], origin[16];
    year_label(fit->first_year, first, sizeof first);
    year_label(fit->origin_year, origin, sizeof origin);
    fprintf(f, "# Fitted by carecast %s calibrate from the history of %s,\n# as at 31 March %d: "
               "history %s to %s only. Method and priors: docs/calibration.md §18.\n",
            cc_version(), model_file, c->as_at_year, first, origin);
    fputs("# Each process multiplies the model's own rates: levels are % of them; spreads are sds "
          "of\n# the log x 100. @include this file after the model; it overrides the model's "
          "start and these processes.\n",
          f);
    fprintf(f, "# Published stocks against flows: %zu year(s), rms %.1f children; with a %.0f-child "
               "prior, sd %.1f.\n",
            fit->n_residuals, isnan(fit->residual_rms) ? 0.0 : fit->residual_rms, 10.0,
            fit->reconciliation_sd);
    fprintf(f, "calibration = {\n  as_at = \"%d-03-31\";\n", c->as_at_year);
    start_lines(f, sc, fit);
    fputs("  processes = {\n", f);
    for (int s = 0; s < CC_CAL_SERIES; s++) {
        const cc_cal_fitted *x = &fit->series[s];
        if (!x->fitted) {
            fprintf(f, "    # %s: not fitted (%s).\n", cc_cal_series_names[s], x->why_not);
            continue;
        }
        series_comment(f, x, (cc_cal_series)s);
        level_comment(f, x);
        spread_comment(f, x);
        const cc_process_target t = cc_cal_series_targets[s];
        process_line(f, cc_process_target_names[t], &c->processes[t]);
    }
    fputs("  };\n};\n", f);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "calibrate: writing the fragment failed");
    return CC_OK;
}
