/* Yearly log-AR(1) processes with dated steps (see carecast/process.h).
 * Levels are multipliers of the model's figures; the engine applies them. */
#include <math.h>
#include <string.h>

#include "carecast/process.h"

const char *const cc_process_target_names[CC_PROC_TARGETS] = {
    "entries",          "cp_to_care",   "uasc",       "exits",       "exit_return_home",
    "exit_sgo",         "exit_adoption", "exit_other", "cin_starts",  "cin_duration",
    "cp_starts",        "cp_duration",  "care_leavers", "carer_approvals",
    "carer_deregistrations", "prices", "pay", "overheads"};

_Static_assert(CC_PROC_TARGETS <= CC_PROC_TARGETS_MAX, "process masks and draw sites hold 32");

void cc_process_init(cc_process *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->level_pct = 100.0;
    pr->long_run_pct = 100.0;
    pr->shock_key = -1;
}

double cc_process_phi(double half_life_years)
{
    if (!(half_life_years > 0.0))
        return 1.0;
    return exp2(-1.0 / half_life_years);
}

bool cc_process_is_identity(const cc_process *pr)
{
    return !pr->active || (pr->level_pct == 100.0 && pr->level_sd_pct == 0.0 &&
                           pr->yearly_sd_pct == 0.0 && pr->n_steps == 0 &&
                           (pr->long_run_pct == 100.0 || cc_process_phi(pr->half_life_years) == 1.0));
}

void cc_process_log_levels(const cc_process *pr, double z0, const double *eps, size_t n_years,
                           double *log_level)
{
    if (n_years == 0)
        return;
    const double phi = cc_process_phi(pr->half_life_years);
    const double m = log(pr->long_run_pct / 100.0);
    const double s_year = pr->yearly_sd_pct / 100.0;
    log_level[0] = log(pr->level_pct / 100.0) + pr->level_sd_pct / 100.0 * z0;
    for (size_t y = 1; y < n_years; y++)
        log_level[y] = m + phi * (log_level[y - 1] - m) + s_year * eps[y];
}

void cc_process_log_moments(const cc_process *pr, size_t k, double *mean, double *variance)
{
    const double phi = cc_process_phi(pr->half_life_years);
    const double m = log(pr->long_run_pct / 100.0), l0 = log(pr->level_pct / 100.0);
    const double s0 = pr->level_sd_pct / 100.0, s = pr->yearly_sd_pct / 100.0;
    const double phi_k = pow(phi, (double)k), phi_2k = phi_k * phi_k;
    *mean = m + phi_k * (l0 - m);
    if (phi == 1.0)
        *variance = s0 * s0 + (double)k * s * s;
    else
        *variance = phi_2k * s0 * s0 + s * s * (1.0 - phi_2k) / (1.0 - phi * phi);
}

double cc_process_step_factor(const cc_process *pr, int year, int month)
{
    double f = 1.0;
    for (size_t i = 0; i < pr->n_steps; i++) {
        const cc_process_step *st = &pr->steps[i];
        if (year > st->year || (year == st->year && month >= st->month))
            f *= 1.0 + st->change_pct / 100.0;
    }
    return f;
}

int cc_process_target_index(const char *name)
{
    for (int i = 0; i < CC_PROC_TARGETS; i++)
        if (strcmp(name, cc_process_target_names[i]) == 0)
            return i;
    return -1;
}

void cc_process_resolve_groups(cc_process *procs)
{
    for (int t = 0; t < CC_PROC_TARGETS; t++) {
        cc_process *pr = &procs[t];
        pr->shock_key = t;
        if (!pr->active || pr->shock_group[0] == '\0')
            continue;
        for (int u = 0; u < t; u++)
            if (procs[u].active && strcmp(procs[u].shock_group, pr->shock_group) == 0) {
                pr->shock_key = u;
                break;
            }
    }
}
