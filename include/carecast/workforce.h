/* Social worker need, supply and cost from the workforce rules and a month's
 * caseloads. Random numbers come only through a cc_workforce_random the caller
 * supplies; without one every flow takes its expected value, so hand-computed
 * cases test them. */
#ifndef CARECAST_WORKFORCE_H
#define CARECAST_WORKFORCE_H

#include <gsl/gsl_rng.h>

#include "carecast/scenario.h"

/* A month's cases, by the kinds a team can count (see CC_CASES_*). */
typedef struct cc_caseload {
    double cin;                  /* children on CIN plans */
    double cp;                   /* children on CP plans */
    double cic;                  /* children in care */
    double care_leavers;         /* young people supported */
    double carer_households;     /* approved mainstream foster households */
    double connected_households; /* connected-carer households */
    double carer_assessments;    /* foster carer assessments under way */
    double assessments;          /* children undergoing a social work assessment */
} cc_caseload;

/* Cases a team holds this month: the sum of the kinds it counts. */
double cc_workforce_team_cases(const cc_team *team, const cc_caseload *cases);

/* A month's workforce position across teams. */
typedef struct cc_workforce_month {
    double need_fte[CC_MAX_TEAMS];
    double case_holders_fte[CC_MAX_TEAMS]; /* in post + agency, by team */
    double need_total, permanent, asye, agency, establishment;
    double cases;         /* cases held by the teams in the caseload KPI */
    double agency_share;  /* agency / (in post + agency) */
    double vacancy_rate;  /* unfilled establishment / establishment (permanent posts) */
    double caseload;      /* cases per case-holding FTE (in post + agency) of the KPI teams */
    double asye_share;    /* ASYE / case holders of the teams where ASYE applies */
    bool asye_over_cap;   /* asye_share above asye_max_share */
    double cost_gbp;      /* staff cost this month, overheads included */
} cc_workforce_month;

/* ---- the staff model: ASYE cohorts, random flows, agency policy ---- */

#define CC_ASYE_MONTHS 12             /* the ASYE year */
#define CC_WORKFORCE_SITES_PER_TEAM 4 /* permanent leavers, ASYE leavers, ASYE intake, hires */
#define CC_WORKFORCE_STAY_MAX 128     /* whole FTE in a team that cc_workforce_plan tabulates */

/* Staff in post, by team (FTE). ASYE staff are held by whole months since
 * they joined (0-11), so each cohort has its own place on the caseload ramp
 * and qualifies twelve months after joining. */
typedef struct cc_workforce_state {
    double permanent[CC_MAX_TEAMS];            /* experienced permanent staff */
    double asye[CC_MAX_TEAMS][CC_ASYE_MONTHS]; /* ASYE staff by months since joining */
} cc_workforce_state;

/* Where a month's staff flows draw their random numbers: stream(context, site)
 * returns a generator set to the stream of `site` (team x CC_WORKFORCE_SITES_PER_TEAM
 * + kind) for this month, so every flow has its own stream and runs that differ
 * elsewhere share these draws. A NULL cc_workforce_random gives expected values. */
typedef struct cc_workforce_random {
    gsl_rng *(*stream)(void *context, unsigned site);
    void *context;
} cc_workforce_random;

/* A month's staff flows, summed over teams (FTE). */
typedef struct cc_workforce_flows {
    double leavers;        /* permanent and ASYE staff who left */
    double hires;          /* experienced permanent staff who joined */
    double asye_intake;    /* ASYE staff who joined */
    double asye_qualified; /* ASYE staff who completed their year */
    double asye_refused;   /* intake turned away: no free post, or the ASYE share rule */
} cc_workforce_flows;

/* The team's funded posts in month t (0 = the first simulated month). */
double cc_workforce_establishment(const cc_team *team, int t);

/* What month t (calendar month `month`) is for every path alike: each team's funded posts, the
 * turnover probability, the means of the intake and hires the teams draw (and e^-mean, for
 * the Poisson), the ASYE caseload shortfall by months since joining. A simulator of many
 * paths works it out once per month (cc_workforce_plan_month) rather than once per path. */
typedef struct cc_workforce_plan {
    double establishment_fte[CC_MAX_TEAMS];
    double establishment, asye_establishment; /* summed over all teams; teams with ASYE */
    double leave_prob;                        /* monthly turnover probability */
    bool joins[CC_MAX_TEAMS];                 /* team i takes ASYE intake this month */
    bool hires;                               /* there are posts to share hires by */
    double intake_mean[CC_MAX_TEAMS], intake_exp[CC_MAX_TEAMS]; /* exp: e^-mean */
    double hires_mean[CC_MAX_TEAMS], hires_exp[CC_MAX_TEAMS];
    double short_share[CC_ASYE_MONTHS]; /* 1 - caseload factor, by months since joining */
    bool has_stay_all;                  /* stay_all holds (turnover at most 50% a month) */
    double stay_all[CC_WORKFORCE_STAY_MAX]; /* (1 - leave_prob)^n: none of n staff leaves */
} cc_workforce_plan;

void cc_workforce_plan_month(const cc_workforce *w, int t, int month, cc_workforce_plan *plan);

/* The position before the first simulated month, which is calendar month
 * start_month (1-12): each team's permanent_fte, of whom asye_start_share are
 * ASYE where ASYE applies, spread over months since joining as the intake months
 * fall. */
void cc_workforce_init(const cc_workforce *w, int start_month, cc_workforce_state *s);

/* Advances the staff through month t (calendar month `month`). For each team:
 * leavers at the turnover rate (binomial); the cohort in its twelfth month
 * qualifies and the others move on a month; the month's ASYE intake (Poisson,
 * shared by establishment) joins into free posts, within the ASYE share rule when
 * the rule caps the intake; experienced hires (Poisson, shared by establishment)
 * fill free posts. `last` is the previous month's position (NULL in the first
 * month), whose case holders the ASYE rule is judged against. */
void cc_workforce_advance(const cc_workforce *w, int t, int month,
                          const cc_workforce_month *last, const cc_workforce_random *random,
                          cc_workforce_state *s, cc_workforce_flows *flows);

/* The same with the month's plan worked out beforehand (cc_workforce_plan_month): the same
 * draws and results. */
void cc_workforce_advance_planned(const cc_workforce *w, const cc_workforce_plan *plan,
                                  const cc_workforce_month *last,
                                  const cc_workforce_random *random, cc_workforce_state *s,
                                  cc_workforce_flows *flows);

/* FTE team i needs for its cases. With the path's own ASYE (the default), each
 * ASYE worker in post holds a reduced caseload and the shortfall adds to need:
 * cases / cases_per_fte + sum over ASYE of (1 - caseload factor). With a fixed
 * asye_need_share s: cases / (cases_per_fte x (1 - s x (1 - factor))). */
double cc_workforce_team_need(const cc_workforce *w, size_t i, const cc_workforce_state *s,
                              const cc_caseload *cases);

/* The month's position: need, agency as agency_policy allows, KPIs and cost.
 * agency_reduction_share (0-1) moves that share of agency FTE to permanent
 * staff (an MTFP initiative). */
void cc_workforce_position(const cc_workforce *w, const cc_workforce_state *s,
                           const cc_caseload *cases, int t, double agency_reduction_share,
                           cc_workforce_month *out);

/* The same with month t's plan worked out beforehand (cc_workforce_plan_month). */
void cc_workforce_position_planned(const cc_workforce *w, const cc_workforce_plan *plan,
                                   const cc_workforce_state *s, const cc_caseload *cases,
                                   double agency_reduction_share, cc_workforce_month *out);

/* A lower-is-better KPI's rating of value: 0 green (at or below target),
 * 1 amber (at or below tolerance), 2 red. */
int cc_kpi_rating(const cc_kpi *kpi, double value);

#endif
