/* Workforce need, supply and cost. Caseload rules from seed 000 (L589-L603):
 * 18 CIN/CP cases per worker, 15 children in care, ASYE caseloads 20% lower. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "carecast/rates.h"
#include "carecast/workforce.h"
#include "core/rng_internal.h"

/* fmax and fmin as glibc's x86-64 functions give them (maxsd, minsd: the first argument when it
 * is the greater (lesser), else the second; a NaN gives way to the other argument), inline: the
 * library calls cost more than the comparisons. */
static inline double max_of(double a, double b)
{
    return a > b || isnan(b) ? a : b;
}

static inline double min_of(double a, double b)
{
    return a < b || isnan(b) ? a : b;
}

/* The month's cases by kind, in CC_CASES_* bit order. */
static void case_kinds(const cc_caseload *c, double kinds[8])
{
    kinds[0] = c->cin;
    kinds[1] = c->cp;
    kinds[2] = c->cic;
    kinds[3] = c->care_leavers;
    kinds[4] = c->carer_households;
    kinds[5] = c->connected_households;
    kinds[6] = c->carer_assessments;
    kinds[7] = c->assessments;
}

/* cc_workforce_team_cases over case_kinds: the same sum, in the same order. */
static double team_cases(unsigned bits, const double kinds[8])
{
    double n = 0.0;
    for (bits &= 0xffu; bits != 0; bits &= bits - 1)
        n += kinds[__builtin_ctz(bits)];
    return n;
}

double cc_workforce_team_cases(const cc_team *team, const cc_caseload *c)
{
    double kinds[8];
    case_kinds(c, kinds);
    return team_cases(team->cases, kinds);
}

/* ---- the staff model ---- */

enum { SITE_PERMANENT_LEAVERS = 0, SITE_ASYE_LEAVERS, SITE_ASYE_INTAKE, SITE_HIRES };

double cc_workforce_establishment(const cc_team *team, int t)
{
    double fte = team->establishment_fte;
    for (size_t k = 0; k < team->n_establishment_changes; k++)
        if (team->establishment_change_month[k] <= t)
            fte = team->establishment_change_fte[k];
    return fte;
}

static double asye_total(const cc_workforce_state *s, size_t i)
{
    double n = 0.0; /* teams without ASYE hold none: callers skip them */
    for (int a = 0; a < CC_ASYE_MONTHS; a++)
        n += s->asye[i][a];
    return n;
}

/* The share of a full caseload an ASYE worker holds a months after joining. */
static double asye_factor(const cc_workforce *w, int a)
{
    if (w->has_asye_ramp)
        return w->asye_quarter_caseload_factors[a / 3];
    return 1.0 - w->asye_caseload_reduction;
}

void cc_workforce_init(const cc_workforce *w, int start_month, cc_workforce_state *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < w->n_teams; i++) {
        const cc_team *t = &w->teams[i];
        const double asye = t->asye_applies ? t->permanent_fte * w->asye_start_share : 0.0;
        s->permanent[i] = t->permanent_fte - asye;
        /* A cohort that joined in calendar month m is ((start - 1 - m) mod 12)
         * months in at the end of the month before the start. */
        for (int m = 1; m <= 12; m++) {
            const int a = ((start_month - 1 - m) % 12 + 12) % 12;
            s->asye[i][a] += asye * w->asye_intake_weights[m - 1];
        }
    }
}

/* The generator for team i's draw site `kind` this month (NULL: expected values). */
static gsl_rng *stream(const cc_workforce_random *random, size_t team, unsigned kind)
{
    if (random == NULL)
        return NULL;
    return random->stream(random->context, (unsigned)team * CC_WORKFORCE_SITES_PER_TEAM + kind);
}

/* GSL's draws; inline when r is the engine's generator (core/rng_internal.h: the same values from
 * the same state, without a library call and a function pointer per uniform). Any other
 * generator a caller hands in draws through GSL. The common cases (a team's leavers by
 * inversion, joiners by Knuth's product) stay small and inline; the rest is out of line. */
static __attribute__((noinline)) unsigned draw_binomial_other(const gsl_rng *r, double p,
                                                              unsigned n)
{
    if (!cc_rng_is_splitmix(r))
        return gsl_ran_binomial(r, p, n);
    CC_DRAW_RECORD(CC_DRAW_BINOMIAL, (uint64_t)n, p);
    return cc_rng_binomial(r, p, n);
}

/* stay_all, when given, is the month's (1 - p)^n by n (cc_workforce_plan): where
 * cc_rng_binomial would invert from it, the same inversion starts from the table. */
static unsigned draw_binomial(const gsl_rng *r, double p, unsigned n, const double *stay_all)
{
    if (stay_all == NULL || !cc_rng_is_splitmix(r) || n == 0 || n >= CC_WORKFORCE_STAY_MAX ||
        (double)n * p >= 14.0)
        return draw_binomial_other(r, p, n);
    CC_DRAW_RECORD(CC_DRAW_BINOMIAL, (uint64_t)n, p);
    return cc_binomial_inversion_from(r, p, 1 - p, n, stay_all[n]);
}

static __attribute__((noinline)) unsigned draw_poisson_other(const gsl_rng *r, double mu)
{
    if (!cc_rng_is_splitmix(r))
        return gsl_ran_poisson(r, mu);
    CC_DRAW_RECORD(CC_DRAW_POISSON, 0, mu);
    return cc_rng_poisson(r, mu);
}

/* emu is exp(-mu), worked out once for the month (cc_workforce_plan_month). */
static unsigned draw_poisson(const gsl_rng *r, double mu, double emu)
{
    if (!cc_rng_is_splitmix(r) || mu > 10.0)
        return draw_poisson_other(r, mu);
    CC_DRAW_RECORD(CC_DRAW_POISSON, 0, mu);
    return cc_poisson_knuth(r, emu);
}

static double draw_uniform(const gsl_rng *r)
{
    if (!cc_rng_is_splitmix(r))
        return gsl_rng_uniform(r);
    CC_DRAW_RECORD(CC_DRAW_UNIFORM, 0, 0.0);
    return cc_rng_uniform(r);
}

/* Leavers among n FTE at monthly probability q: binomial over whole FTE, and
 * the fractional FTE leaves with probability q, so the mean is n q. */
static double draw_leavers(const cc_workforce_random *random, size_t team, unsigned kind,
                           double n, double q, const double *stay_all)
{
    if (n <= 0.0 || q <= 0.0)
        return 0.0;
    if (q >= 1.0)
        return n;
    gsl_rng *r = stream(random, team, kind);
    if (r == NULL)
        return n * q;
    const double whole = floor(n);
    const double k = (double)draw_binomial(r, q, (unsigned int)whole, stay_all);
    return k + (draw_uniform(r) < q ? n - whole : 0.0);
}

static double draw_joiners(const cc_workforce_random *random, size_t team, unsigned kind,
                           double mean, double exp_neg_mean)
{
    if (mean <= 0.0)
        return 0.0;
    gsl_rng *r = stream(random, team, kind);
    return r == NULL ? mean : (double)draw_poisson(r, mean, exp_neg_mean);
}

/* Turnover at monthly probability q, then the cohort in its twelfth month qualifies and the
 * others move on a month (ASYE leavers come from every cohort alike). Returns the team's ASYE
 * in post afterwards, summed as asye_total does. */
static double leave_and_qualify(const cc_workforce *w, const cc_workforce_plan *plan, size_t i,
                                const cc_workforce_random *random, cc_workforce_state *s,
                                cc_workforce_flows *flows)
{
    const double q = plan->leave_prob, *stay_all = plan->has_stay_all ? plan->stay_all : NULL;
    const double left =
        draw_leavers(random, i, SITE_PERMANENT_LEAVERS, s->permanent[i], q, stay_all);
    s->permanent[i] -= left;
    flows->leavers += left;
    if (!w->teams[i].asye_applies)
        return 0.0;
    double *cohort = s->asye[i];
    const double asye = asye_total(s, i);
    const double asye_left = draw_leavers(random, i, SITE_ASYE_LEAVERS, asye, q, stay_all);
    const double kept = asye > 0.0 ? 1.0 - asye_left / asye : 1.0;
    flows->leavers += asye_left;
    double after = 0.0, older = cohort[0]; /* 0 + the new cohort (none yet) + the others */
    cohort[0] = 0.0;
    for (int a = 1; a < CC_ASYE_MONTHS; a++) {
        const double moving = older * kept;
        older = cohort[a];
        cohort[a] = moving;
        after += moving;
    }
    const double qualified = older * kept;
    s->permanent[i] += qualified;
    flows->asye_qualified += qualified;
    return after;
}

/* The ASYE who may join team i this month: the drawn intake, within the free
 * posts and, when the rule caps the intake, within asye_max_share of last
 * month's case holders (at the start: the larger of in post and establishment).
 * asye is the team's ASYE in post; returns those who joined. */
static double join_asye(const cc_workforce *w, const cc_workforce_plan *plan, size_t i,
                        double asye, const cc_workforce_month *last,
                        const cc_workforce_random *random, cc_workforce_state *s,
                        cc_workforce_flows *flows)
{
    const double establishment = plan->establishment_fte[i];
    const double drawn =
        draw_joiners(random, i, SITE_ASYE_INTAKE, plan->intake_mean[i], plan->intake_exp[i]);
    const double in_post = s->permanent[i] + asye;
    double allowed = max_of(0.0, establishment - in_post);
    if (w->asye_cap == CC_ASYE_CAP_INTAKE && w->asye_max_share < 1.0) {
        const double holders =
            last != NULL ? last->case_holders_fte[i] : max_of(in_post, establishment);
        allowed = min_of(allowed, max_of(0.0, w->asye_max_share * holders - asye));
    }
    const double joined = min_of(drawn, allowed);
    s->asye[i][0] = joined;
    flows->asye_intake += joined;
    flows->asye_refused += drawn - joined;
    return joined;
}

void cc_workforce_plan_month(const cc_workforce *w, int t, int month, cc_workforce_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    for (size_t i = 0; i < w->n_teams; i++) {
        const double e = cc_workforce_establishment(&w->teams[i], t);
        plan->establishment_fte[i] = e;
        plan->establishment += e;
        plan->asye_establishment += w->teams[i].asye_applies ? e : 0.0;
    }
    plan->leave_prob = cc_monthly_probability(w->annual_turnover_pct);
    plan->has_stay_all = plan->leave_prob <= 0.5; /* else the binomial counts who stay */
    for (unsigned n = 0; plan->has_stay_all && n < CC_WORKFORCE_STAY_MAX; n++)
        plan->stay_all[n] = cc_pow_uint(1 - plan->leave_prob, n);
    plan->hires = plan->establishment > 0.0;
    /* Intake and hires are shared between teams by establishment. */
    const double intake = w->asye_intake_fte * w->asye_intake_weights[month - 1];
    for (size_t i = 0; i < w->n_teams; i++) {
        const double e = plan->establishment_fte[i];
        plan->joins[i] =
            w->teams[i].asye_applies && intake > 0.0 && plan->asye_establishment > 0.0;
        if (plan->joins[i]) {
            plan->intake_mean[i] = intake * e / plan->asye_establishment;
            plan->intake_exp[i] = exp(-plan->intake_mean[i]);
        }
        if (plan->hires) {
            plan->hires_mean[i] = w->annual_recruitment_fte / 12.0 * e / plan->establishment;
            plan->hires_exp[i] = exp(-plan->hires_mean[i]);
        }
    }
    for (int a = 0; a < CC_ASYE_MONTHS; a++)
        plan->short_share[a] = 1.0 - asye_factor(w, a);
}

void cc_workforce_advance_planned(const cc_workforce *w, const cc_workforce_plan *plan,
                                  const cc_workforce_month *last,
                                  const cc_workforce_random *random, cc_workforce_state *s,
                                  cc_workforce_flows *flows)
{
    memset(flows, 0, sizeof *flows);
    for (size_t i = 0; i < w->n_teams; i++) {
        /* The team's ASYE in post (0 where ASYE does not apply), summed as asye_total does: a
         * new cohort sums afresh, as it comes first. */
        double asye = leave_and_qualify(w, plan, i, random, s, flows);
        if (plan->joins[i] && join_asye(w, plan, i, asye, last, random, s, flows) != 0.0)
            asye = asye_total(s, i);
        if (plan->hires) {
            const double drawn =
                draw_joiners(random, i, SITE_HIRES, plan->hires_mean[i], plan->hires_exp[i]);
            const double room = max_of(0.0, plan->establishment_fte[i] - s->permanent[i] - asye);
            const double hired = min_of(drawn, room);
            s->permanent[i] += hired;
            flows->hires += hired;
        }
    }
}

void cc_workforce_advance(const cc_workforce *w, int t, int month,
                          const cc_workforce_month *last, const cc_workforce_random *random,
                          cc_workforce_state *s, cc_workforce_flows *flows)
{
    cc_workforce_plan plan;
    cc_workforce_plan_month(w, t, month, &plan);
    cc_workforce_advance_planned(w, &plan, last, random, s, flows);
}

/* Team i's need for `held` cases, and (in *asye_out) its ASYE in post, summed as
 * asye_total does. short_share[a] is 1 - asye_factor(w, a), worked out once by the caller. */
static double team_need(const cc_workforce *w, size_t i, const cc_workforce_state *s,
                        double held, const double *short_share, double *asye_out)
{
    const cc_team *team = &w->teams[i];
    const double full = held / team->cases_per_fte;
    *asye_out = 0.0;
    if (!team->asye_applies)
        return full;
    double asye = 0.0, shortfall = 0.0;
    for (int a = 0; a < CC_ASYE_MONTHS; a++) {
        asye += s->asye[i][a];
        shortfall += s->asye[i][a] * short_share[a];
    }
    *asye_out = asye;
    if (!w->has_asye_need_share)
        return full + shortfall;
    /* A fixed share: the factor is that of the ASYE in post (the mean of the
     * ramp when none are). */
    double factor = 1.0 - w->asye_caseload_reduction;
    if (w->has_asye_ramp)
        factor = asye > 0.0 ? 1.0 - shortfall / asye
                            : 0.25 * (w->asye_quarter_caseload_factors[0] +
                                      w->asye_quarter_caseload_factors[1] +
                                      w->asye_quarter_caseload_factors[2] +
                                      w->asye_quarter_caseload_factors[3]);
    return full / (1.0 - w->asye_need_share * (1.0 - factor));
}

double cc_workforce_team_need(const cc_workforce *w, size_t i, const cc_workforce_state *s,
                              const cc_caseload *cases)
{
    double short_share[CC_ASYE_MONTHS], asye;
    for (int a = 0; a < CC_ASYE_MONTHS; a++)
        short_share[a] = 1.0 - asye_factor(w, a);
    return team_need(w, i, s, cc_workforce_team_cases(&w->teams[i], cases), short_share, &asye);
}

/* Agency FTE a team has under the policy, given need, staff in post and posts. */
static double agency_cover(const cc_workforce *w, double need, double in_post, double establishment)
{
    double agency = 0.0;
    if (w->agency_policy == CC_AGENCY_FILL_TO_NEED)
        agency = max_of(0.0, need - in_post);
    else if (w->agency_policy == CC_AGENCY_FILL_TO_ESTABLISHMENT)
        agency = max_of(0.0, establishment - in_post);
    /* At least agency_min_share of case holders (in post + agency). */
    if (w->agency_min_share > 0.0 && w->agency_min_share < 1.0)
        agency = max_of(agency, in_post * w->agency_min_share / (1.0 - w->agency_min_share));
    return agency;
}

static void month_ratios(const cc_workforce *w, double kpi_holders, cc_workforce_month *out)
{
    const double total = out->permanent + out->asye + out->agency;
    out->agency_share = total > 0.0 ? out->agency / total : 0.0;
    /* Agency cover made permanent fills posts, so it lowers vacancies too. */
    out->vacancy_rate = out->establishment > 0.0
                            ? max_of(0.0, out->establishment - out->permanent - out->asye) /
                                  out->establishment
                            : 0.0;
    out->caseload = kpi_holders > 0.0 ? out->cases / kpi_holders : 0.0;
    out->asye_over_cap = w->asye_max_share < 1.0 && out->asye_share > w->asye_max_share + 1e-9;
    out->cost_gbp = (out->permanent * w->permanent_annual_cost_gbp +
                     out->asye * w->asye_annual_cost_gbp +
                     out->agency * w->agency_annual_cost_gbp +
                     w->overhead_ratio * total * w->permanent_annual_cost_gbp) /
                    12.0;
}

void cc_workforce_position(const cc_workforce *w, const cc_workforce_state *s,
                           const cc_caseload *cases, int t, double agency_reduction_share,
                           cc_workforce_month *out)
{
    cc_workforce_plan plan; /* its month is not used: any will do */
    cc_workforce_plan_month(w, t, 1, &plan);
    cc_workforce_position_planned(w, &plan, s, cases, agency_reduction_share, out);
}

void cc_workforce_position_planned(const cc_workforce *w, const cc_workforce_plan *plan,
                                   const cc_workforce_state *s, const cc_caseload *cases,
                                   double agency_reduction_share, cc_workforce_month *out)
{
    memset(out, 0, sizeof *out);
    double kpi_holders = 0.0, asye_holders = 0.0, asye_in_teams = 0.0, kinds[8];
    case_kinds(cases, kinds);
    for (size_t i = 0; i < w->n_teams; i++) {
        const cc_team *team = &w->teams[i];
        const double e = plan->establishment_fte[i];
        const double held = team_cases(team->cases, kinds);
        double asye; /* the team's ASYE in post (0 where ASYE does not apply) */
        const double need = team_need(w, i, s, held, plan->short_share, &asye);
        const double in_post = s->permanent[i] + asye;
        const double agency = agency_cover(w, need, in_post, e);
        /* An initiative converts a share of agency cover to permanent posts. */
        const double converted = agency * agency_reduction_share;
        out->need_fte[i] = need;
        out->case_holders_fte[i] = in_post + agency;
        out->need_total += need;
        out->permanent += s->permanent[i] + converted;
        out->asye += asye;
        out->agency += agency - converted;
        out->establishment += e;
        if (team->in_caseload_kpi) {
            out->cases += held;
            kpi_holders += in_post + agency;
        }
        if (team->asye_applies) {
            asye_in_teams += asye;
            asye_holders += in_post + agency;
        }
    }
    out->asye_share = asye_holders > 0.0 ? asye_in_teams / asye_holders : 0.0;
    month_ratios(w, kpi_holders, out);
}

int cc_kpi_rating(const cc_kpi *kpi, double value)
{
    if (value <= kpi->target)
        return 0;
    return value <= kpi->tolerance ? 1 : 2;
}
