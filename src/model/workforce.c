/* Workforce need, supply and cost. Caseload rules from seed 000 (L589-L603):
 * 18 CIN/CP cases per worker, 15 children in care, ASYE caseloads 20% lower. */
#include <math.h>
#include <string.h>

#include "carecast/rates.h"
#include "carecast/workforce.h"

double cc_workforce_team_cases(const cc_team *team, const cc_caseload *c)
{
    double n = 0.0;
    if (team->cases & CC_CASES_CIN)
        n += c->cin;
    if (team->cases & CC_CASES_CP)
        n += c->cp;
    if (team->cases & CC_CASES_CIC)
        n += c->cic;
    if (team->cases & CC_CASES_CARE_LEAVERS)
        n += c->care_leavers;
    if (team->cases & CC_CASES_CARER_HOUSEHOLDS)
        n += c->carer_households;
    if (team->cases & CC_CASES_CONNECTED_HOUSEHOLDS)
        n += c->connected_households;
    if (team->cases & CC_CASES_CARER_ASSESSMENTS)
        n += c->carer_assessments;
    return n;
}

double cc_workforce_cases_per_fte(const cc_workforce *w, const cc_team *team, int month)
{
    if (!team->asye_applies || w->asye_share <= 0.0)
        return team->cases_per_fte;
    double factor = 1.0 - w->asye_caseload_reduction;
    if (w->has_asye_ramp) {
        /* Months since the cohort joined, 0-11, give its quarter of the ASYE year. */
        const int since = ((month - w->asye_intake_month) % 12 + 12) % 12;
        factor = w->asye_quarter_caseload_factors[since / 3];
    }
    /* A mix of experienced (full caseload) and ASYE (reduced) workers. */
    return team->cases_per_fte * (1.0 - w->asye_share * (1.0 - factor));
}

double cc_workforce_need_fte(const cc_workforce *w, const cc_team *team, const cc_caseload *cases,
                             int month)
{
    return cc_workforce_team_cases(team, cases) / cc_workforce_cases_per_fte(w, team, month);
}

void cc_workforce_start(const cc_workforce *w, cc_staff *staff)
{
    memset(staff, 0, sizeof *staff);
    for (size_t i = 0; i < w->n_teams; i++) {
        const cc_team *t = &w->teams[i];
        staff->asye[i] = t->asye_applies ? t->permanent_fte * w->asye_share : 0.0;
        staff->permanent[i] = t->permanent_fte - staff->asye[i];
    }
}

void cc_workforce_step(const cc_workforce *w, int month, cc_staff *staff)
{
    const double leave = cc_monthly_probability(w->annual_turnover_pct);
    double establishment = 0.0, asye_establishment = 0.0;
    for (size_t i = 0; i < w->n_teams; i++) {
        establishment += w->teams[i].establishment_fte;
        if (w->teams[i].asye_applies)
            asye_establishment += w->teams[i].establishment_fte;
    }
    for (size_t i = 0; i < w->n_teams; i++) {
        const cc_team *t = &w->teams[i];
        staff->permanent[i] *= 1.0 - leave;
        staff->asye[i] *= 1.0 - leave;
        if (month == w->asye_intake_month && t->asye_applies) {
            /* Last year's cohort qualifies; the new one joins, shared by establishment,
             * into funded posts only (ASYE posts are part of the establishment). */
            staff->permanent[i] += staff->asye[i];
            const double cohort = asye_establishment > 0.0 ? w->asye_intake_fte *
                                                                 t->establishment_fte /
                                                                 asye_establishment
                                                           : 0.0;
            staff->asye[i] = fmax(0.0, fmin(cohort, t->establishment_fte - staff->permanent[i]));
        }
        if (establishment > 0.0) {
            const double hires = w->annual_recruitment_fte / 12.0 * t->establishment_fte /
                                 establishment;
            const double room = t->establishment_fte - staff->permanent[i] - staff->asye[i];
            staff->permanent[i] += fmax(0.0, fmin(hires, room));
        }
    }
}

void cc_workforce_month_compute(const cc_workforce *w, const cc_staff *staff,
                                const cc_caseload *cases, int month,
                                double agency_reduction_share, cc_workforce_month *out)
{
    memset(out, 0, sizeof *out);
    double case_holding_fte = 0.0;
    for (size_t i = 0; i < w->n_teams; i++) {
        const cc_team *t = &w->teams[i];
        const double need = cc_workforce_need_fte(w, t, cases, month);
        const double in_post = staff->permanent[i] + staff->asye[i];
        const double agency = fmax(0.0, need - in_post);
        /* An initiative converts a share of agency cover to permanent posts. */
        const double converted = agency * agency_reduction_share;
        out->need_fte[i] = need;
        out->need_total += need;
        out->permanent += staff->permanent[i] + converted;
        out->asye += staff->asye[i];
        out->agency += agency - converted;
        out->establishment += t->establishment_fte;
        if (t->asye_applies) {
            out->cases += cc_workforce_team_cases(t, cases);
            case_holding_fte += in_post + agency;
        }
    }
    const double total = out->permanent + out->asye + out->agency;
    out->agency_share = total > 0.0 ? out->agency / total : 0.0;
    /* Agency cover made permanent fills posts, so it lowers vacancies too. */
    out->vacancy_rate = out->establishment > 0.0
                            ? fmax(0.0, out->establishment - out->permanent - out->asye) /
                                  out->establishment
                            : 0.0;
    out->caseload = case_holding_fte > 0.0 ? out->cases / case_holding_fte : 0.0;
    const double monthly = 1.0 / 12.0;
    out->cost_gbp = monthly * (out->permanent * w->permanent_annual_cost_gbp +
                               out->asye * w->asye_annual_cost_gbp +
                               out->agency * w->agency_annual_cost_gbp +
                               w->overhead_ratio * total * w->permanent_annual_cost_gbp);
}
