/* Yearly processes: how a group of the model's rates moves from one financial
 * year to the next on each Monte Carlo path. A process multiplies the rates it
 * drives by a level that starts uncertain, then each April takes a random shock
 * on the log scale that persists, pulled back toward a long-run level with a
 * given half-life (a log-AR(1); a random walk when there is no pull), and known
 * dated step changes on top. Pure functions; the engine draws the normal
 * deviates from its own streams. */
#ifndef CARECAST_PROCESS_H
#define CARECAST_PROCESS_H

#include <stdbool.h>
#include <stddef.h>

#define CC_PROCESS_STEPS_MAX 8 /* dated step changes per process */
#define CC_PROCESS_GROUP_MAX 48 /* characters of a shock group's name */

/* What a process drives. Names as written in `model.processes` are in
 * cc_process_target_names (docs/scenario-format.md §processes). */
typedef enum cc_process_target {
    CC_PROC_ENTRIES = 0,          /* entries not via CP and the CP-to-care share (not UASC) */
    CC_PROC_CP_TO_CARE,           /* the CP-to-care share alone */
    CC_PROC_UASC,                 /* UASC arrivals */
    CC_PROC_EXITS,                /* the hazard of every exit route (not turning 18) */
    CC_PROC_EXIT_RETURN_HOME,     /* one route's hazard (on top of `exits`) */
    CC_PROC_EXIT_SGO,
    CC_PROC_EXIT_ADOPTION,
    CC_PROC_EXIT_OTHER,
    CC_PROC_CIN_STARTS,           /* CIN plans starting */
    CC_PROC_CIN_DURATION,         /* CIN plan length */
    CC_PROC_CP_STARTS,
    CC_PROC_CP_DURATION,
    CC_PROC_CARE_LEAVERS,         /* the hazard of care leavers' support ending */
    CC_PROC_CARER_APPROVALS,      /* foster carer households approved */
    CC_PROC_CARER_DEREGISTRATIONS,/* the hazard of households leaving (under and over 60) */
    CC_PROC_PRICES,               /* every placement type's unit cost (on its price index) */
    CC_PROC_PAY,                  /* staff pay (on the pay award index) */
    CC_PROC_OVERHEADS,            /* fixed overheads (on their index) */
    CC_PROC_TARGETS
} cc_process_target;

#define CC_PROC_TARGETS_MAX 32 /* room kept in the draw sites and masks */

extern const char *const cc_process_target_names[CC_PROC_TARGETS];

/* A known change to the level from a month on (e.g. a new threshold policy). */
typedef struct cc_process_step {
    int year, month;   /* first month it applies to */
    double change_pct; /* % change to the rates driven, e.g. -10 */
} cc_process_step;

/* One process. Levels are in % of the model's own figures for the rates it
 * drives (100 = the model as written); spreads are standard deviations of the
 * natural log of the level, x 100 (so 20 means "about 20% a year"). */
typedef struct cc_process {
    bool active;            /* the model or a calibration sets it */
    double level_pct;       /* median level in the first simulated financial year */
    double level_sd_pct;    /* sd of the log of that level (parameter uncertainty) */
    double long_run_pct;    /* median level the pull returns toward */
    double yearly_sd_pct;   /* sd of each year's log shock; 0 = no shocks */
    double half_life_years; /* years for half a deviation to fade; 0 = no pull (random walk) */
    char shock_group[CC_PROCESS_GROUP_MAX]; /* processes in one group share each year's shock */
    int shock_key;          /* draw-site key of the yearly shocks: the target, or the
                               first target of its shock group (set by the loader) */
    size_t n_steps;
    cc_process_step steps[CC_PROCESS_STEPS_MAX]; /* in date order */
} cc_process;

/* A process that leaves the model exactly as written: level 100%, no spread. */
void cc_process_init(cc_process *pr);

/* The yearly persistence phi = 2^(-1 / half_life_years); 1 when there is no
 * pull (half_life_years <= 0, a random walk). */
double cc_process_phi(double half_life_years);

/* True when the process changes nothing on any path (every level 100%, no
 * spread, no steps): the engine then skips it, so outputs stay byte-identical. */
bool cc_process_is_identity(const cc_process *pr);

/* The log level (natural log of level_pct / 100) of financial years
 * 0..n_years-1 given the standard normal deviates z0 (the starting level) and
 * eps[1..n_years-1] (each year's shock; eps[0] is not used):
 *   l_0 = log(level) + s_level z0,
 *   l_y = m + phi (l_{y-1} - m) + s_year eps[y],  m = log(long_run).
 * Steps are not included (see cc_process_step_factor). */
void cc_process_log_levels(const cc_process *pr, double z0, const double *eps, size_t n_years,
                           double *log_level);

/* Closed form of the mean and variance of l_k (k >= 0) over paths:
 *   E l_k = m + phi^k (log(level) - m),
 *   Var l_k = phi^(2k) s_level^2 + s_year^2 (1 - phi^(2k)) / (1 - phi^2)
 * (s_level^2 + k s_year^2 for a random walk). */
void cc_process_log_moments(const cc_process *pr, size_t k, double *mean, double *variance);

/* The product of (1 + change_pct / 100) over the steps in force in (year, month). */
double cc_process_step_factor(const cc_process *pr, int year, int month);

/* Sets each active process's shock_key: its own target, or, when it names a
 * shock group, the lowest target of that group (so the group's processes
 * share every yearly shock). procs has CC_PROC_TARGETS entries. */
void cc_process_resolve_groups(cc_process *procs);

/* The target called name, or -1. */
int cc_process_target_index(const char *name);

#endif
