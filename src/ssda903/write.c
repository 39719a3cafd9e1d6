/* Writing a calibrated model as libconfig text (this module never links
 * libconfig: tests load the result through the normal loader). Every figure
 * gets a comment with its window, events and exposure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssda903/ssda903_internal.h"

#define FIT_ROUTES 4
#define PLACEHOLDER_POPULATION 100000.0

#define OBSERVED_YEARS_MAX 1000.0 /* the loader's largest `years` in { observed; years; } */

static const char *const route_keys[FIT_ROUTES] = {"return_home_annual_rate", "sgo_annual_rate",
                                                    "adoption_annual_rate", "other_annual_rate"};

/* ---- text ---- */

/* A libconfig string literal: quotes, backslashes and control bytes escaped. */
static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\x%02x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* Text safe inside a '#' comment: control bytes become '?'. */
static void put_comment_text(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
}

/* Copies at most size - 1 bytes of s, not cutting a UTF-8 sequence. */
static void truncate_utf8(char *out, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

static void put_date(FILE *f, int day)
{
    char text[11];
    cc_ssda903_date_format(day, text);
    fputs(text, f);
}

/* A number with a decimal point or exponent (libconfig arrays may not mix
 * integers and floats), to the given significant digits. */
static void put_number(FILE *f, double x, int digits)
{
    char text[40];
    snprintf(text, sizeof text, "%.*g", digits, x);
    fprintf(f, "%s%s", text, strpbrk(text, ".en") != NULL ? "" : ".0");
}

/* Shares count[i] / total, or equal shares when the total is 0; printed so
 * that they sum to 1 within the loader's 1e-6. */
static void put_shares(FILE *f, const double *count, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += count[i];
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        put_number(f, total > 0.0 ? count[i] / total : 1.0 / (double)n, 9);
    }
    fputc(']', f);
}


static void put_counts(FILE *f, const double *count, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%.0f", i ? ", " : "", count[i]);
}

/* A hazard h ~ Gamma(shape, rate years) as the loader's uncertain rate: the
 * events and child-years themselves, { observed; years; }, which the loader
 * reads as that gamma (mean observed / years, sd sqrt(observed) / years); as
 * { mean; sd; } when the exposure is beyond what that form takes. */
static void put_rate(FILE *f, double shape, double years)
{
    if (!(shape > 0.0) || !(years > 0.0)) {
        put_number(f, 0.0, 6);
        return;
    }
    if (years >= 1e-3 && years <= OBSERVED_YEARS_MAX) {
        fputs("{ observed = ", f);
        put_number(f, shape, 9);
        fputs("; years = ", f);
        put_number(f, years, 9);
    } else {
        fputs("{ mean = ", f);
        put_number(f, shape / years, 9);
        fputs("; sd = ", f);
        put_number(f, sqrt(shape) / years, 9);
    }
    fputs("; }", f);
}

/* An uncertain percentage as the loader checks it (beta: 0 < mean < 100,
 * sd < sqrt(mean (100 - mean))), from a gamma on the hazard. */
static void put_pct(FILE *f, double shape, double years)
{
    double mean = 0.0, sd = 0.0;
    cc_ssda903_hazard_to_pct(shape, years, &mean, &sd);
    char m[32], s[32];
    snprintf(m, sizeof m, "%.6g", mean);
    const double mean_read = strtod(m, NULL);
    const double bound = sqrt(mean_read * (100.0 - mean_read));
    if (!(mean_read > 0.0 && mean_read < 100.0) || !(sd > 0.0)) {
        put_number(f, mean_read, 6);
        return;
    }
    if (!(sd < 0.95 * bound))
        sd = 0.95 * bound; /* a gamma this wide has no beta twin: keep the widest valid */
    snprintf(s, sizeof s, "%.6g", sd);
    fprintf(f, "{ mean = %s; sd = %s; }", m, s);
}

/* ---- sections ---- */

static void put_header(FILE *f, const cc_ssda903_estimate *est,
                       const cc_ssda903_write_options *o)
{
    fputs("# carecast model calibrated from SSDA903 returns by `carecast calibrate --ssda903`", f);
    if (o->version != NULL)
        fprintf(f, " (carecast %s)", o->version);
    fputs(".\n# Source: ", f);
    put_comment_text(f, o->source != NULL ? o->source : "(unknown)");
    if (o->log != NULL)
        fprintf(f, " (%zu header and %zu episodes tables; %zu episode rows merged into %zu "
                   "episodes of %zu children)",
                o->log->files_header, o->log->files_episodes, o->log->rows_episodes,
                o->log->episodes, o->log->children);
    fputs(".\n# The returns cover ", f);
    put_date(f, est->first_day);
    fputs(" to ", f);
    put_date(f, est->last_day);
    fputs(". Children already in care on the first day are left-truncated:\n"
          "# only their time from that day on counts.\n# Window: ", f);
    put_date(f, est->window_start);
    fputs(" to ", f);
    put_date(f, est->window_end);
    fprintf(f, " (%d days, %.4f years). Exposure is child-days in care in the window,\n"
               "# split at birthdays (18th birthdays end it); events are entries, exits and moves "
               "dated in it.\n# Mapping of PLACE, REC and ages: ",
            est->window_end - est->window_start + 1, est->window_years);
    if (o->mapping_path != NULL)
        put_comment_text(f, o->mapping_path);
    else
        fputs("the built-in default", f);
    fputs(" (docs/calibration.md section 17).\n", f);
}

static void put_problems(FILE *f, const cc_ssda903_log *log)
{
    if (log == NULL)
        return;
    fprintf(f, "# Cleaning: %zu copies of episodes across yearly files merged; %zu children "
               "(%zu episode rows) dropped.\n",
            log->duplicate_rows, log->children_dropped, log->episodes_dropped);
    for (int p = 0; p < CC_SSDA903_PROBLEMS; p++)
        if (log->count[p] > 0)
            fprintf(f, "#   %zu %s\n", log->count[p], cc_ssda903_problem_text((cc_ssda903_problem)p));
}

static void put_method(FILE *f)
{
    fputs("# Exit rates: the hazard of an exit route from a placement type, events per "
          "child-year,\n# written as { observed = events; years = child-years; } with one "
          "pseudo-event at the pooled\n# rate included (section 17.3): per path it is drawn "
          "from Gamma(observed, rate years). The\n# band's exit_rate_multiplier scales it; "
          "every way out of a state competes. Moves are annual\n# percentages 100 x (1 - "
          "exp(-h)), the same hazard h, with the sd of that percentage. Not in\n# SSDA903, so "
          "written as placeholders to replace: child_population, cin, cp, care_leavers,\n# "
          "unit costs, foster carer capacity.\n",
          f);
}

static double band_years(const cc_ssda903_estimate *est, size_t b)
{
    double days = 0.0;
    for (size_t t = 0; t < est->n_types; t++)
        days += est->exposure_days[b][t];
    return days / SSDA_DAYS_PER_YEAR;
}

static void put_bands(FILE *f, const cc_ssda903_estimate *est)
{
    fputs("\n  # Age bands (DfE's, unless the mapping says otherwise). exit_rate_multiplier: the "
          "band's exits\n  # against those expected at the types' rates, about (exits + 1) / "
          "(expected + 1), scaled to\n  # average 1 over the window's child-years (1 where "
          "there is no exposure, times that scale).\n  age_bands = {\n", f);
    for (size_t b = 0; b < est->n_bands; b++) {
        double observed = 0.0, expected = 0.0;
        for (size_t t = 0; t < est->n_types; t++)
            for (size_t r = 0; r < FIT_ROUTES; r++) {
                observed += est->exits[b][t][r];
                expected += est->exposure_days[b][t] / SSDA_DAYS_PER_YEAR * est->exit_rate[t][r];
            }
        fprintf(f, "    %s = { min_age_years = %d; max_age_years = %d; exit_rate_multiplier = ",
                est->band_names[b], est->band_min_age[b], est->band_max_age[b]);
        put_number(f, est->band_multiplier[b], 6);
        fprintf(f, "; };  # exits %.0f in %.2f child-years, %.2f expected\n", observed,
                band_years(est, b), expected);
    }
    fputs("  };\n", f);
}

static void put_exits(FILE *f, const cc_ssda903_estimate *est, size_t t)
{
    double events = 0.0, years = 0.0;
    for (size_t b = 0; b < est->n_bands; b++) {
        years += est->exposure_days[b][t] / SSDA_DAYS_PER_YEAR;
        for (size_t r = 0; r < FIT_ROUTES; r++)
            events += est->exits[b][t][r];
    }
    fprintf(f, "      exits = {  # exits %.0f in %.2f child-years (years below: adjusted for "
               "the bands, prior included)", events, years);
    if (est->capped[t] < 1.0)
        fprintf(f, "; rates x %.4g so that none exceeds 100 a child-year (the loader's largest)",
                est->capped[t]);
    fputs("\n", f);
    for (size_t r = 0; r < FIT_ROUTES; r++) {
        double n = 0.0;
        for (size_t b = 0; b < est->n_bands; b++)
            n += est->exits[b][t][r];
        fprintf(f, "        %s = ", route_keys[r]);
        put_rate(f, est->exit_shape[t][r], est->exit_years[t][r]);
        fprintf(f, ";  # exits %.0f + %.3g prior: %.4g a child-year, sd %.2g\n", n,
                est->exit_shape[t][r] - n, est->exit_rate[t][r],
                sqrt(est->exit_shape[t][r]) / est->exit_years[t][r]);
    }
    fputs("      };\n", f);
}

static void put_placements(FILE *f, const cc_ssda903_estimate *est)
{
    char day[11];
    cc_ssda903_date_format(est->window_end, day);
    fputs("\n  # Placement types. start_children: in care (under 18) on the window end; "
          "start_age_shares:\n  # their ages that day. No costs or capacity: add them.\n"
          "  placements = {\n",
          f);
    for (size_t t = 0; t < est->n_types; t++) {
        double by_band[CC_MAX_BANDS], total = 0.0;
        for (size_t b = 0; b < est->n_bands; b++) {
            by_band[b] = est->stock[b][t];
            total += by_band[b];
        }
        fprintf(f, "    %s = {\n      label = ", est->type_names[t]);
        put_string(f, est->type_labels[t]);
        fprintf(f, ";\n      start_children = %.0f;  # in care on %s\n      start_age_shares = ",
                total, day);
        put_shares(f, by_band, est->n_bands);
        fputs(";  # by band: ", f);
        put_counts(f, by_band, est->n_bands);
        fputs(total > 0.0 ? "\n" : " (none: equal shares, unused)\n", f);
        put_exits(f, est, t);
        fputs("    };\n", f);
    }
    fputs("  };\n", f);
}

typedef struct move_pair {
    size_t from, to;
    double n;
} move_pair;

static int compare_moves(const void *a, const void *b)
{
    const move_pair *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

/* The pairs with moves, most first; returns how many. */
static size_t list_moves(const cc_ssda903_estimate *est, move_pair *pairs)
{
    size_t n = 0;
    for (size_t t = 0; t < est->n_types; t++)
        for (size_t u = 0; u < est->n_types; u++) {
            double count = 0.0;
            for (size_t b = 0; b < est->n_bands; b++)
                count += est->moves[b][t][u];
            if (count > 0.0)
                pairs[n++] = (move_pair){t, u, count};
        }
    qsort(pairs, n, sizeof *pairs, compare_moves);
    return n;
}

static void put_moves(FILE *f, const cc_ssda903_estimate *est)
{
    move_pair pairs[CC_MAX_PLACEMENTS * CC_MAX_PLACEMENTS];
    const size_t n = list_moves(est, pairs);
    if (n == 0) {
        fputs("\n  # No moves between placement types in the window.\n", f);
        return;
    }
    fprintf(f, "\n  # Moves between placement types (all ages together): %zu pairs", n);
    if (n > CC_MAX_MOVES)
        fprintf(f, "; the %d with the most moves are written (the loader takes %d)",
                CC_MAX_MOVES, CC_MAX_MOVES);
    fputs(".\n  moves = {\n", f);
    for (size_t i = 0; i < n; i++) {
        const size_t t = pairs[i].from, u = pairs[i].to;
        const double years = est->move_years[t][u];
        char name[2 * CC_NAME_MAX + 8];
        snprintf(name, sizeof name, "%s_to_%s", est->type_names[t], est->type_names[u]);
        if (strlen(name) >= CC_NAME_MAX)
            snprintf(name, sizeof name, "move_%zu", i + 1);
        fprintf(f, "    %s%s = { from = \"%s\"; to = \"%s\"; annual_pct = ", i < CC_MAX_MOVES ? "" : "# ",
                name, est->type_names[t], est->type_names[u]);
        put_pct(f, est->move_shape[t][u], years);
        fprintf(f, "; };  # moves %.0f; h = %.4g a child-year (%.3g events in %.3g child-years of "
                   "%s, prior included)\n",
                pairs[i].n, est->move_rate[t][u], est->move_shape[t][u], years,
                est->type_names[t]);
    }
    fputs("  };\n", f);
}

/* One band's first placements: its own entries, else those of all entries,
 * else the stock's types (a group must name at least one type). */
static void put_first_placement(FILE *f, const cc_ssda903_estimate *est, size_t b)
{
    double own = 0.0, all[CC_MAX_PLACEMENTS] = {0}, total = 0.0, stock[CC_MAX_PLACEMENTS] = {0};
    double stock_total = 0.0;
    for (size_t t = 0; t < est->n_types; t++) {
        own += est->entries[b][t];
        for (size_t k = 0; k < est->n_bands; k++) {
            all[t] += est->entries[k][t];
            stock[t] += est->stock[k][t];
        }
        total += all[t];
        stock_total += stock[t];
    }
    const double *count = own > 0.0 ? est->entries[b] : total > 0.0 ? all : stock;
    const double sum = own > 0.0 ? own : total > 0.0 ? total : stock_total;
    fprintf(f, "      %s = {", est->band_names[b]);
    for (size_t t = 0; t < est->n_types; t++) {
        if (sum > 0.0 && !(count[t] > 0.0))
            continue;
        fprintf(f, " %s = ", est->type_names[t]);
        put_number(f, sum > 0.0 ? count[t] / sum : 1.0, 9);
        fputc(';', f);
        if (!(sum > 0.0))
            break; /* nothing to go on: the first type */
    }
    if (own > 0.0)
        fprintf(f, " };  # entries %.0f\n", own);
    else if (total > 0.0)
        fputs(" };  # no entries at this age: the shares of all entries\n", f);
    else
        fputs(" };  # no entries at all: the types of the children in care\n", f);
}

static void put_entries(FILE *f, const cc_ssda903_estimate *est)
{
    double by_band[CC_MAX_BANDS] = {0}, total = 0.0;
    for (size_t b = 0; b < est->n_bands; b++) {
        for (size_t t = 0; t < est->n_types; t++)
            by_band[b] += est->entries[b][t];
        total += by_band[b];
    }
    fputs("\n  # Entries: periods of care begun in the window (a placement change that continues "
          "a period\n  # is not an entry), by age at entry and first placement type. CP-linked "
          "entries are included\n  # here: cp.to_care_share is 0.\n  entries = {\n", f);
    if (total > 0.0)
        fprintf(f, "    annual_children = { observed = %.0f; years = %.6g; };  # %.0f entries in "
                   "%d days: %.4g a year, Poisson sd %.3g\n",
                total, est->window_years, total, est->window_end - est->window_start + 1,
                total / est->window_years, sqrt(total) / est->window_years);
    else
        fprintf(f, "    annual_children = 0.0;  # no entries in %d days\n",
                est->window_end - est->window_start + 1);
    fputs("    age_shares = ", f);
    put_shares(f, by_band, est->n_bands);
    fputs(";  # entries by band: ", f);
    put_counts(f, by_band, est->n_bands);
    fputs("\n    first_placement = {\n", f);
    for (size_t b = 0; b < est->n_bands; b++)
        put_first_placement(f, est, b);
    fputs("    };\n  };\n", f);
}

static void put_placeholders(FILE *f)
{
    fputs("\n  # Not in SSDA903 (the CIN census and the OC3 return hold these): placeholders to "
          "replace.\n"
          "  cin = { start_children = 0; annual_starts = 0.0; average_duration_months = 1.0; };\n"
          "  cp = { start_children = 0; annual_starts = 0.0; average_duration_months = 1.0; "
          "to_care_share = 0.0; };\n"
          "  care_leavers = { start_young_people = 0; };\n",
          f);
}

/* "2021/22" for the financial year ending on year_end (a 31 March). */
static void fiscal_year(int year_end, char out[static 8])
{
    char end[11];
    cc_ssda903_date_format(year_end, end);
    char start[11];
    cc_ssda903_date_format(year_end - 365, start); /* a day in the year before */
    memcpy(out, start, 4);
    out[4] = '/';
    memcpy(out + 5, end + 2, 2);
    out[7] = '\0';
}

/* One year of history.years: the 31 March stocks (every type, zeros included:
 * the returns know them) and the year's flows when the returns saw them. */
static void put_history_year(FILE *f, const cc_ssda903_estimate *est, const cc_ssda903_year *y,
                             bool last)
{
    char name[8];
    fiscal_year(y->year_end, name);
    fprintf(f, "      { year = \"%s\"; cic = %.0f;", name, y->cic);
    if (y->has_flows)
        fprintf(f, " entries = %.0f; exits = %.0f;", y->entries, y->exits);
    fputs("\n        placements = {", f);
    for (size_t t = 0; t < est->n_types; t++)
        fprintf(f, " %s = %.0f;", est->type_names[t], y->placements[t]);
    fprintf(f, " }; }%s%s\n", last ? "" : ",",
            y->has_flows ? "" : "  # the day before the first return: no flows seen");
}

static void put_history(FILE *f, const cc_ssda903_estimate *est)
{
    fputs("\n  # What happened: children in care (under 18) on each 31 March, by placement type, "
          "and the\n  # periods of care begun and ended (18th birthdays in care included) in the "
          "financial year\n  # it ends. Drawn on the charts, compared in reports, fitted by "
          "`carecast calibrate --as-at`\n  # and scored by `carecast hindcast` (docs/"
          "calibration.md 17.5 and 18).\n  history = {\n    years = (\n", f);
    for (size_t k = 0; k < est->n_years; k++)
        put_history_year(f, est, &est->years[k], k + 1 == est->n_years);
    fputs("    );\n  };\n", f);
}

/* The counts behind every rate, state by state, for anyone checking them. */
static void put_appendix(FILE *f, const cc_ssda903_estimate *est)
{
    static const char *const short_routes[CC_SSDA903_ROUTES] = {"home", "sgo", "adopt", "other",
                                                                "age18"};
    fputs("\n# Counts in the window by state: child-years in care; exits by route; moves out.\n#", f);
    for (size_t r = 0; r < CC_SSDA903_ROUTES; r++)
        fprintf(f, " %s", short_routes[r]);
    fputs(" = exits by route (age18: reaching 18 in care, which the model makes by ageing)\n", f);
    for (size_t b = 0; b < est->n_bands; b++)
        for (size_t t = 0; t < est->n_types; t++) {
            double out = 0.0, any = est->exposure_days[b][t];
            for (size_t u = 0; u < est->n_types; u++)
                out += est->moves[b][t][u];
            for (size_t r = 0; r < CC_SSDA903_ROUTES; r++)
                any += est->exits[b][t][r];
            if (!(any + out > 0.0))
                continue;
            fprintf(f, "#   %-10s %-22s %8.2f child-years; exits", est->band_names[b],
                    est->type_names[t], est->exposure_days[b][t] / SSDA_DAYS_PER_YEAR);
            for (size_t r = 0; r < CC_SSDA903_ROUTES; r++)
                fprintf(f, " %.0f", est->exits[b][t][r]);
            fprintf(f, "; moves out %.0f\n", out);
        }
    if (est->stock_18_plus > 0.0)
        fprintf(f, "# %.0f young people aged 18 or over were still in care on the window end: not "
                   "in the model.\n",
                est->stock_18_plus);
}

static int first_of_next_month(int day)
{
    int y = 0, m = 0, d = 0;
    ssda_civil_from_days(day + 1, &y, &m, &d);
    if (d == 1)
        return day + 1;
    return m == 12 ? ssda_days_from_civil(y + 1, 1, 1) : ssda_days_from_civil(y, m + 1, 1);
}

cc_status cc_ssda903_write_model(FILE *f, const cc_ssda903_estimate *est,
                                 const cc_ssda903_write_options *opts, cc_error *err)
{
    put_header(f, est, opts);
    put_problems(f, opts->log);
    put_method(f);
    char name[CC_TEXT_MAX], full[CC_PATH_MAX + 64], from[11], to[11];
    cc_ssda903_date_format(est->window_start, from);
    cc_ssda903_date_format(est->window_end, to);
    snprintf(full, sizeof full, "SSDA903 %s to %s: %s", from, to,
             opts->source != NULL ? opts->source : "");
    truncate_utf8(name, sizeof name, full);
    fputs("model = {\n  name = ", f);
    put_string(f, name);
    fputs(";\n  start_date = \"", f);
    put_date(f, first_of_next_month(est->window_end));
    fprintf(f, "\";  # the first month after the window; the stocks are those of %s\n", to);
    fputs("  child_population = ", f);
    put_number(f, PLACEHOLDER_POPULATION, 6);
    fputs(";  # PLACEHOLDER, not in SSDA903: children aged 0-17 (ONS); used only by "
          "per_10k rates\n", f);
    put_bands(f, est);
    put_placements(f, est);
    put_moves(f, est);
    put_entries(f, est);
    put_placeholders(f);
    put_history(f, est);
    fputs("};\n", f);
    put_appendix(f, est);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing the model failed");
    return CC_OK;
}
