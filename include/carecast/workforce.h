/* Social worker need, supply and cost: pure functions of the workforce rules
 * and a month's caseloads. No random numbers, so hand-computed cases test them. */
#ifndef CARECAST_WORKFORCE_H
#define CARECAST_WORKFORCE_H

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
} cc_caseload;

/* Cases a team holds this month: the sum of the kinds it counts. */
double cc_workforce_team_cases(const cc_team *team, const cc_caseload *cases);

/* Cases one FTE can hold on average in calendar month (1-12): the team ratio,
 * reduced for the share of ASYE workers by the flat reduction, or by the
 * quarterly factor for the cohort's quarter since its autumn intake. */
double cc_workforce_cases_per_fte(const cc_workforce *w, const cc_team *team, int month);

/* FTE needed: cases / cases per FTE. */
double cc_workforce_need_fte(const cc_workforce *w, const cc_team *team, const cc_caseload *cases,
                             int month);

/* Staff in post, by team (FTE). */
typedef struct cc_staff {
    double permanent[CC_MAX_TEAMS]; /* experienced permanent staff */
    double asye[CC_MAX_TEAMS];      /* permanent staff in their ASYE year */
} cc_staff;

/* The position at the start: permanent_fte per team, of whom asye_share are
 * in ASYE in teams where ASYE applies. */
void cc_workforce_start(const cc_workforce *w, cc_staff *staff);

/* Advances staff by one month ending in calendar month (1-12): turnover,
 * recruitment up to the establishment (shared by establishment), and each
 * autumn the ASYE cohort qualifies while a new one joins, within the posts
 * left free in the establishment. */
void cc_workforce_step(const cc_workforce *w, int month, cc_staff *staff);

/* A month's workforce position across teams. */
typedef struct cc_workforce_month {
    double need_fte[CC_MAX_TEAMS];
    double need_total, permanent, asye, agency, establishment;
    double cases;         /* cases held by case-holding teams */
    double agency_share;  /* agency / (in post + agency) */
    double vacancy_rate;  /* unfilled establishment / establishment (permanent posts) */
    double caseload;      /* average cases per case-holding FTE (in post + agency) */
    double cost_gbp;      /* staff cost this month, overheads included */
} cc_workforce_month;

/* Need, agency cover (the gap between need and staff in post), ratios and the
 * month's staff cost. agency_reduction_share (0-1) moves that share of agency
 * FTE to permanent staff (an MTFP initiative). */
void cc_workforce_month_compute(const cc_workforce *w, const cc_staff *staff,
                                const cc_caseload *cases, int month,
                                double agency_reduction_share, cc_workforce_month *out);

#endif
