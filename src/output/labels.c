/* Metrics in words: a label and a unit for every metric name of
 * docs/outputs.md, for people who read the workbook, the report and the
 * command line's answers rather than the CSVs. Names the scenario defines
 * (placement types, age bands, teams, budget lines, initiatives) take its
 * labels where it has them. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* Fixed metrics, in the order of docs/outputs.md section 3. */
static const struct {
    const char *name, *label;
    cc_value_kind kind;
    const char *unit;
} fixed[] = {
    {"cic.total", "Children in care", CC_VALUE_COUNT, "children"},
    {"entries.total", "Children entering care", CC_VALUE_COUNT, "children"},
    {"entries.from_cp", "Children entering care from a child protection plan", CC_VALUE_COUNT,
     "children"},
    {"entries.uasc", "Unaccompanied asylum-seeking children arriving", CC_VALUE_COUNT, "children"},
    {"entries.added", "Children brought into care by an initiative", CC_VALUE_COUNT, "children"},
    {"exits.total", "Children leaving care", CC_VALUE_COUNT, "children"},
    {"exits.return_home", "Children leaving care to return home", CC_VALUE_COUNT, "children"},
    {"exits.sgo", "Children leaving care on a special guardianship or child arrangements order",
     CC_VALUE_COUNT, "children"},
    {"exits.adoption", "Children leaving care by adoption", CC_VALUE_COUNT, "children"},
    {"exits.other", "Children leaving care for other reasons", CC_VALUE_COUNT, "children"},
    {"exits.age_18", "Young people reaching 18 in care", CC_VALUE_COUNT, "young people"},
    {"moves.total", "Placement moves", CC_VALUE_COUNT, "children"},
    {"overflow.total", "Children placed elsewhere because a placement type was full",
     CC_VALUE_COUNT, "children"},
    {"cin.total", "Children on child in need (CIN) plans", CC_VALUE_COUNT, "children"},
    {"cin.starts", "Child in need plans started", CC_VALUE_COUNT, "plans"},
    {"cp.total", "Children on child protection (CP) plans", CC_VALUE_COUNT, "children"},
    {"cp.starts", "Child protection plans started", CC_VALUE_COUNT, "plans"},
    {"assessments.total", "Children undergoing a social work assessment", CC_VALUE_COUNT,
     "children"},
    {"assessments.starts", "Social work assessments started", CC_VALUE_COUNT, "children"},
    {"care_leavers.total", "Care leavers supported", CC_VALUE_COUNT, "young people"},
    {"carers.households", "In-house foster carer households", CC_VALUE_COUNT, "households"},
    {"carers.over_60", "In-house foster carer households with a carer over 60", CC_VALUE_COUNT,
     "households"},
    {"carers.places", "In-house foster places", CC_VALUE_COUNT, "places"},
    {"carers.places_free", "In-house foster places free", CC_VALUE_COUNT, "places"},
    {"carers.approvals", "Foster carer households approved", CC_VALUE_COUNT, "households"},
    {"carers.deregistrations", "Foster carer households leaving", CC_VALUE_COUNT, "households"},
    {"beds.places_free", "In-house residential beds free", CC_VALUE_COUNT, "beds"},
    {"cost.placements.total", "Placement spend (all placement types)", CC_VALUE_MONEY, "£"},
    {"cost.care_leavers", "Care leavers' accommodation and support", CC_VALUE_MONEY, "£"},
    {"cost.staff.total", "Social work staff", CC_VALUE_MONEY, "£"},
    {"cost.overheads", "Fixed overheads", CC_VALUE_MONEY, "£"},
    {"cost.initiatives", "Running the savings initiatives", CC_VALUE_MONEY, "£"},
    {"cost.allowances", "Allowances (special guardianship, child arrangements, adoption)",
     CC_VALUE_MONEY, "£"},
    {"cost.total", "Total spend", CC_VALUE_MONEY, "£"},
    {"income.total", "Income (contract sum, contributions, grants)", CC_VALUE_MONEY, "£"},
    {"income.uasc_grant", "Home Office grant for unaccompanied asylum-seeking children",
     CC_VALUE_MONEY, "£"},
    {"net.position", "Net position (income less spend; negative is an overspend)", CC_VALUE_MONEY,
     "£"},
    {"net.cumulative", "Cumulative net position since the start (negative is a deficit)",
     CC_VALUE_MONEY, "£"},
    {"uasc.in_care", "Unaccompanied asylum-seeking children counted for the grant",
     CC_VALUE_COUNT, "children"},
    {"fte.need.total", "Social workers needed", CC_VALUE_FTE, "FTE"},
    {"fte.permanent", "Permanent social workers in post", CC_VALUE_FTE, "FTE"},
    {"fte.asye", "Newly qualified social workers (ASYE) in post", CC_VALUE_FTE, "FTE"},
    {"fte.agency", "Agency social workers", CC_VALUE_FTE, "FTE"},
    {"fte.agency_share", "Agency share of social workers", CC_VALUE_SHARE, "share"},
    {"fte.vacancy_rate", "Vacancy rate", CC_VALUE_SHARE, "share"},
    {"caseload.average", "Average caseload", CC_VALUE_CASELOAD, "cases per worker"},
    {"fte.establishment", "Funded social work posts (establishment)", CC_VALUE_FTE, "FTE"},
    {"fte.asye_share",
     "Newly qualified social workers (ASYE) as a share of case holders", CC_VALUE_SHARE, "share"},
    {"fte.asye_over_cap",
     "Share of months with newly qualified social workers (ASYE) above their cap",
     CC_VALUE_SHARE, "share of months"},
    {"fte.leavers", "Permanent and newly qualified social workers leaving", CC_VALUE_FTE, "FTE"},
    {"fte.hires", "Experienced permanent social workers hired", CC_VALUE_FTE, "FTE"},
    {"fte.asye_intake", "Newly qualified social workers (ASYE) joining", CC_VALUE_FTE, "FTE"},
    {"fte.asye_refused", "Newly qualified social workers (ASYE) turned away (no post or over the cap)",
     CC_VALUE_FTE, "FTE"},
    {"savings.total", "Savings from all the initiatives", CC_VALUE_MONEY, "£"},
    {"mtfp.p_meet", "Chance of meeting the MTFP savings target", CC_VALUE_CHANCE, "probability"},
};

/* Words for a name the scenario gives no label: "care_management" becomes
 * "Care management", and the sector's abbreviations stay capitals. */
static void words_of(const char *name, char *buf, size_t size)
{
    static const char *const upper[] = {"cin", "cp", "iro", "ifa", "asye", "uasc", "sgo", "mtfp",
                                        "pa"};
    size_t n = 0;
    for (const char *s = name; *s != '\0' && n + 1 < size;) {
        const size_t len = strcspn(s, "_.");
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)len, s);
        bool is_upper = false;
        for (size_t i = 0; i < sizeof upper / sizeof upper[0]; i++)
            is_upper |= strcmp(word, upper[i]) == 0;
        for (size_t i = 0; word[i] != '\0' && n + 1 < size; i++) {
            const unsigned char c = (unsigned char)word[i];
            const bool capital = is_upper || (n == 0 && i == 0);
            buf[n++] = (char)(capital ? toupper(c) : c);
        }
        s += len;
        if (*s != '\0') {
            s++;
            if (n + 1 < size)
                buf[n++] = ' ';
        }
    }
    buf[n] = '\0';
}

/* Plain English for the teams of the reference models; others from their names. */
void cc_team_in_words(const char *name, char *buf, size_t size)
{
    static const struct {
        const char *name, *words;
    } teams[] = {
        {"assessment", "Assessment (children being assessed)"},
        {"care_management", "Care management (CIN and CP plans)"},
        {"children_in_care", "Children in care"},
        {"care_leavers", "Care leavers (personal advisers)"},
        {"fostering_supervising", "Fostering: supervising carers"},
        {"fostering_assessing", "Fostering: assessing new carers"},
        {"iro", "Independent reviewing officers"},
    };
    for (size_t i = 0; i < sizeof teams / sizeof teams[0]; i++)
        if (strcmp(name, teams[i].name) == 0) {
            snprintf(buf, size, "%s", teams[i].words);
            return;
        }
    words_of(name, buf, size);
}

/* A thing's label, or its name in words when it has none or the label only
 * repeats the name. */
static void label_or_words(const char *label, const char *name, char *buf, size_t size)
{
    if (label != NULL && label[0] != '\0' && strcmp(label, name) != 0)
        snprintf(buf, size, "%s", label);
    else
        words_of(name, buf, size);
}

/* The label of a placement type named in a metric. */
static void placement_words(const cc_scenario *sc, const char *name, char *buf, size_t size)
{
    const char *label = NULL;
    for (size_t p = 0; sc != NULL && p < sc->n_placements; p++)
        if (strcmp(sc->placements[p].name, name) == 0)
            label = sc->placements[p].label;
    label_or_words(label, name, buf, size);
}

static void band_words(const cc_scenario *sc, const char *name, char *buf, size_t size)
{
    for (size_t b = 0; sc != NULL && b < sc->n_bands; b++) {
        const cc_age_band *band = &sc->bands[b];
        if (strcmp(band->name, name) != 0)
            continue;
        if (band->max_age_years == band->min_age_years)
            snprintf(buf, size, "aged %d", band->min_age_years);
        else
            snprintf(buf, size, "aged %d to %d", band->min_age_years, band->max_age_years);
        return;
    }
    words_of(name, buf, size);
}

static void initiative_words(const cc_scenario *sc, const char *name, char *buf, size_t size)
{
    const char *label = NULL;
    for (size_t i = 0; sc != NULL && i < sc->n_initiatives; i++)
        if (strcmp(sc->initiatives[i].name, name) == 0)
            label = sc->initiatives[i].label;
    label_or_words(label, name, buf, size);
}

/* budget.<line>.spend, .p_over, .expected_over. */
static bool describe_budget(const char *metric, cc_metric_info *out)
{
    const char *dot = strrchr(metric, '.');
    if (strncmp(metric, "budget.", 7) != 0 || dot == NULL || dot <= metric + 7)
        return false;
    char line[CC_NAME_MAX + 8], words[CC_TEXT_MAX];
    snprintf(line, sizeof line, "%.*s", (int)(dot - metric - 7), metric + 7);
    if (strcmp(line, "total") == 0)
        snprintf(words, sizeof words, "all budget lines");
    else if (strcmp(line, "placement_lines") == 0)
        snprintf(words, sizeof words, "the lines that cover placements");
    else
        words_of(line, words, sizeof words);
    if (strcmp(dot, ".spend") == 0) {
        snprintf(out->label, sizeof out->label, "Spend against the budget: %s", words);
        out->kind = CC_VALUE_MONEY;
    } else if (strcmp(dot, ".p_over") == 0) {
        snprintf(out->label, sizeof out->label, "Chance of overspending the budget: %s", words);
        out->kind = CC_VALUE_CHANCE;
    } else if (strcmp(dot, ".expected_over") == 0) {
        snprintf(out->label, sizeof out->label, "Expected overspend: %s", words);
        out->kind = CC_VALUE_MONEY;
    } else {
        return false;
    }
    return true;
}

/* kpi.<name>.p_green, .p_amber, .p_red: the chance of each rating. */
static bool describe_kpi(const char *metric, cc_metric_info *out)
{
    static const struct {
        const char *name, *words;
    } kpis[] = {{"caseload", "the average caseload"},
                {"vacancy_rate", "the vacancy rate"},
                {"agency_share", "the agency share"}};
    static const struct {
        const char *part, *words;
    } parts[] = {{".p_green", "green (at or below target)"},
                 {".p_amber", "amber (above target, within tolerance)"},
                 {".p_red", "red (above tolerance)"}};
    if (strncmp(metric, "kpi.", 4) != 0)
        return false;
    for (size_t i = 0; i < sizeof kpis / sizeof kpis[0]; i++)
        for (size_t j = 0; j < sizeof parts / sizeof parts[0]; j++) {
            char name[CC_METRIC_NAME_MAX];
            snprintf(name, sizeof name, "kpi.%s%s", kpis[i].name, parts[j].part);
            if (strcmp(metric, name) != 0)
                continue;
            snprintf(out->label, sizeof out->label, "Chance the KPI on %s is %s", kpis[i].words,
                     parts[j].words);
            out->kind = CC_VALUE_CHANCE;
            return true;
        }
    return false;
}

/* Metrics named after something the scenario defines: "cic.placement.ifa". */
static bool describe_named(const cc_scenario *sc, const char *metric, cc_metric_info *out)
{
    static const struct {
        const char *prefix, *lead;
        int what; /* 0 placement, 1 band, 2 team, 3 initiative, 4 a name in words */
        cc_value_kind kind;
    } families[] = {
        {"cic.placement.", "Children in care: ", 0, CC_VALUE_COUNT},
        {"cic.age.", "Children in care ", 1, CC_VALUE_COUNT},
        {"cost.placement.", "Placement spend: ", 0, CC_VALUE_MONEY},
        {"fte.need.", "Social workers needed: ", 2, CC_VALUE_FTE},
        {"savings.", "Saving from ", 3, CC_VALUE_MONEY},
        {"cost.allowance.", "Allowances: ", 4, CC_VALUE_MONEY},
        {"orders.", "Orders with an allowance: ", 4, CC_VALUE_COUNT},
        {"cost.other.", "Other costs: ", 4, CC_VALUE_MONEY},
        {"income.contribution.", "Contribution: ", 4, CC_VALUE_MONEY},
    };
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        const size_t len = strlen(families[i].prefix);
        if (strncmp(metric, families[i].prefix, len) != 0)
            continue;
        char words[CC_TEXT_MAX];
        const char *name = metric + len;
        if (families[i].what == 0)
            placement_words(sc, name, words, sizeof words);
        else if (families[i].what == 1)
            band_words(sc, name, words, sizeof words);
        else if (families[i].what == 2)
            cc_team_in_words(name, words, sizeof words);
        else if (families[i].what == 3)
            initiative_words(sc, name, words, sizeof words);
        else
            words_of(name, words, sizeof words);
        snprintf(out->label, sizeof out->label, "%s%s", families[i].lead, words);
        out->kind = families[i].kind;
        return true;
    }
    return false;
}

static const char *unit_of(cc_value_kind kind)
{
    switch (kind) {
    case CC_VALUE_MONEY:
        return "£";
    case CC_VALUE_FTE:
        return "FTE";
    case CC_VALUE_SHARE:
        return "share";
    case CC_VALUE_CHANCE:
        return "probability";
    case CC_VALUE_CASELOAD:
        return "cases per worker";
    default:
        return "number";
    }
}

bool cc_metric_describe(const cc_scenario *scenario, const char *metric, cc_metric_info *out)
{
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(metric, fixed[i].name) == 0) {
            snprintf(out->label, sizeof out->label, "%s", fixed[i].label);
            out->kind = fixed[i].kind;
            out->unit = fixed[i].unit;
            return true;
        }
    if (describe_budget(metric, out) || describe_kpi(metric, out) ||
        describe_named(scenario, metric, out)) {
        out->unit = unit_of(out->kind);
        if (strncmp(metric, "cic.", 4) == 0)
            out->unit = "children";
        else if (strncmp(metric, "orders.", 7) == 0)
            out->unit = "orders";
        return true;
    }
    /* A metric this table does not know yet: its name, and a unit from its family. */
    words_of(metric, out->label, sizeof out->label);
    out->kind = strncmp(metric, "cost.", 5) == 0 || strncmp(metric, "income.", 7) == 0
                    ? CC_VALUE_MONEY
                    : CC_VALUE_COUNT;
    out->unit = unit_of(out->kind);
    return false;
}

void cc_format_value(cc_value_kind kind, double x, char *buf, size_t size)
{
    switch (kind) {
    case CC_VALUE_MONEY:
        cc_format_money_m(x, buf, size);
        break;
    case CC_VALUE_FTE:
        snprintf(buf, size, "%.1f FTE", x);
        break;
    case CC_VALUE_SHARE:
        snprintf(buf, size, "%.1f%%", 100.0 * x);
        break;
    case CC_VALUE_CHANCE:
        cc_format_percent(x, buf, size);
        break;
    case CC_VALUE_CASELOAD:
        snprintf(buf, size, "%.1f", x);
        break;
    default:
        cc_format_count(x, buf, size);
        break;
    }
}

void cc_format_gbp(double gbp, char *buf, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(gbp));
    const size_t n = strlen(digits);
    size_t used = (size_t)snprintf(buf, size, "%s£", gbp <= -0.5 ? "-" : "");
    for (size_t i = 0; i < n && used + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[used++] = ',';
        buf[used++] = digits[i];
    }
    buf[used < size ? used : size - 1] = '\0';
}
