/* The grouping of SSDA903 codes into a model's placement types, exit routes
 * and age bands: a built-in default (documented and compared with the
 * sector's models in docs/calibration.md) and a CSV file that overrides it. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssda903/ssda903_internal.h"

/* ---- the default ---- */

static const struct {
    const char *name, *label;
} default_types[] = {
    {"in_house_fostering", "In-house fostering (U4-U6, own provision PR1)"},
    {"connected_carers", "Connected carers: relatives and friends (U1-U3)"},
    {"ifa", "Independent and other external fostering (U4-U6, other providers)"},
    {"external_residential", "External residential: homes, care homes, schools (K2, R1, S1)"},
    {"in_house_residential", "In-house children's homes (K2, own provision PR1)"},
    {"secure", "Secure children's homes (K1)"},
    {"supported_living", "Supported and independent living (H5, K3, P2, P3)"},
    {"parent_and_child", "Family centre or mother and baby unit (R3)"},
    {"placed_with_parents", "Placed with parents (P1)"},
    {"placed_for_adoption", "Placed for adoption (A3-A6)"},
    {"other", "Other: NHS, young offender institution, temporary, other (R2, R5, T0-T4, Z1)"},
};

/* A rule with a provider wins over the rule for any provider ("") of its code. */
static const struct {
    const char *code, *provider, *type;
} default_place[] = {
    {"U1", "", "connected_carers"},       {"U2", "", "connected_carers"},
    {"U3", "", "connected_carers"},       {"U4", "PR1", "in_house_fostering"},
    {"U5", "PR1", "in_house_fostering"},  {"U6", "PR1", "in_house_fostering"},
    {"U4", "", "ifa"},                    {"U5", "", "ifa"},
    {"U6", "", "ifa"},                    {"K2", "PR1", "in_house_residential"},
    {"K2", "", "external_residential"},   {"R1", "", "external_residential"},
    {"S1", "", "external_residential"},   {"K1", "", "secure"},
    {"H5", "", "supported_living"},       {"K3", "", "supported_living"},
    {"P2", "", "supported_living"},       {"P3", "", "supported_living"},
    {"R3", "", "parent_and_child"},       {"P1", "", "placed_with_parents"},
    {"A3", "", "placed_for_adoption"},    {"A4", "", "placed_for_adoption"},
    {"A5", "", "placed_for_adoption"},    {"A6", "", "placed_for_adoption"},
    {"R2", "", "other"},                  {"R5", "", "other"},
    {"T0", "", "other"},                  {"T1", "", "other"},
    {"T2", "", "other"},                  {"T3", "", "other"},
    {"T4", "", "other"},                  {"Z1", "", "other"},
};

/* REC codes of the DfE guide, current and older (E4 before E4A/E4B; E43, E44 before E45-E48). */
static const struct {
    const char *code;
    cc_ssda903_route route;
} default_rec[] = {
    {"X1", CC_SSDA903_CONTINUES},   {"E11", CC_SSDA903_ADOPTION},
    {"E12", CC_SSDA903_ADOPTION},   {"E41", CC_SSDA903_SGO},
    {"E43", CC_SSDA903_SGO},
    {"E44", CC_SSDA903_SGO},        {"E45", CC_SSDA903_SGO},
    {"E46", CC_SSDA903_SGO},        {"E47", CC_SSDA903_SGO},
    {"E48", CC_SSDA903_SGO},        {"E4", CC_SSDA903_RETURN_HOME},
    {"E4A", CC_SSDA903_RETURN_HOME}, {"E4B", CC_SSDA903_RETURN_HOME},
    {"E13", CC_SSDA903_RETURN_HOME}, {"E17", CC_SSDA903_AGE_18},
    {"E2", CC_SSDA903_OTHER},       {"E3", CC_SSDA903_OTHER},
    {"E5", CC_SSDA903_OTHER},       {"E6", CC_SSDA903_OTHER},
    {"E7", CC_SSDA903_OTHER},       {"E8", CC_SSDA903_OTHER},
    {"E9", CC_SSDA903_OTHER},       {"E14", CC_SSDA903_OTHER},
    {"E15", CC_SSDA903_OTHER},      {"E16", CC_SSDA903_OTHER},
};

/* The DfE's published age bands, named as in models/sandwell-*.cfg. */
static const struct {
    const char *name;
    int min_age, max_age;
} default_bands[] = {
    {"age_0", 0, 0}, {"age_1_4", 1, 4}, {"age_5_9", 5, 9}, {"age_10_15", 10, 15}, {"age_16_17", 16, 17},
};

static const char *const route_names[] = {"return_home", "sgo",    "adoption",
                                          "other",       "age_18", "continues"};

const char *ssda_route_name(unsigned route)
{
    return route <= CC_SSDA903_CONTINUES ? route_names[route] : "unknown";
}

/* ---- lookups ---- */

static void upper_copy(char *out, size_t size, const char *in)
{
    while (*in == ' ')
        in++;
    size_t n = 0;
    for (; in[n] != '\0' && n + 1 < size; n++)
        out[n] = (char)toupper((unsigned char)in[n]);
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

unsigned ssda_place_type(const cc_ssda903_mapping *map, const char *place, const char *provider)
{
    char code[SSDA_CODE_MAX], prov[SSDA_CODE_MAX];
    upper_copy(code, sizeof code, place);
    upper_copy(prov, sizeof prov, provider != NULL ? provider : "");
    unsigned any = SSDA_UNKNOWN;
    for (size_t i = 0; i < map->n_place; i++) {
        const ssda_place_rule *r = &map->place[i];
        if (strcmp(r->code, code) != 0)
            continue;
        if (r->provider[0] == '\0')
            any = r->type;
        else if (strcmp(r->provider, prov) == 0)
            return r->type;
    }
    return any;
}

unsigned ssda_rec_route(const cc_ssda903_mapping *map, const char *rec)
{
    char code[SSDA_CODE_MAX];
    upper_copy(code, sizeof code, rec);
    for (size_t i = 0; i < map->n_rec; i++)
        if (strcmp(map->rec[i].code, code) == 0)
            return map->rec[i].route;
    return SSDA_UNKNOWN;
}

static int type_index(const cc_ssda903_mapping *map, const char *name)
{
    for (size_t t = 0; t < map->n_types; t++)
        if (strcmp(map->type_names[t], name) == 0)
            return (int)t;
    return -1;
}

/* ---- building ---- */

static void set_default_types(cc_ssda903_mapping *map)
{
    map->n_types = sizeof default_types / sizeof default_types[0];
    for (size_t t = 0; t < map->n_types; t++) {
        snprintf(map->type_names[t], CC_NAME_MAX, "%s", default_types[t].name);
        snprintf(map->type_labels[t], CC_TEXT_MAX, "%s", default_types[t].label);
    }
    map->n_place = sizeof default_place / sizeof default_place[0];
    for (size_t i = 0; i < map->n_place; i++) {
        ssda_place_rule *r = &map->place[i];
        snprintf(r->code, sizeof r->code, "%s", default_place[i].code);
        snprintf(r->provider, sizeof r->provider, "%s", default_place[i].provider);
        r->type = (uint8_t)type_index(map, default_place[i].type);
    }
}

static void set_default_rec(cc_ssda903_mapping *map)
{
    map->n_rec = sizeof default_rec / sizeof default_rec[0];
    for (size_t i = 0; i < map->n_rec; i++) {
        snprintf(map->rec[i].code, sizeof map->rec[i].code, "%s", default_rec[i].code);
        map->rec[i].route = (uint8_t)default_rec[i].route;
    }
}

static void set_default_bands(cc_ssda903_mapping *map)
{
    map->n_bands = sizeof default_bands / sizeof default_bands[0];
    for (size_t b = 0; b < map->n_bands; b++) {
        snprintf(map->band_names[b], CC_NAME_MAX, "%s", default_bands[b].name);
        map->band_min_age[b] = default_bands[b].min_age;
        map->band_max_age[b] = default_bands[b].max_age;
    }
}

/* ---- the file ---- */

enum { SECTION_TYPES, SECTION_REC, SECTION_BANDS, SECTIONS };

typedef struct mapping_file {
    const char *path;
    size_t line;
    cc_error *err;
    bool seen[SECTIONS]; /* sections the file gives replace the default's */
} mapping_file;

/* A name the scenario loader accepts: a letter, then letters, digits, '_' or '-'. */
static bool valid_name(const char *s)
{
    if (!isalpha((unsigned char)s[0]) || strlen(s) >= CC_NAME_MAX)
        return false;
    for (; *s != '\0'; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static cc_status bad(const mapping_file *mf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static cc_status bad(const mapping_file *mf, const char *fmt, ...)
{
    char message[256];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    return cc_error_set(mf->err, CC_ERR_INVALID, "%s:%zu: %s", mf->path, mf->line, message);
}

static void open_section(cc_ssda903_mapping *map, mapping_file *mf, int section)
{
    if (mf->seen[section])
        return;
    mf->seen[section] = true;
    if (section == SECTION_TYPES) {
        map->n_types = 0;
        map->n_place = 0;
    } else if (section == SECTION_REC) {
        map->n_rec = 0;
    } else {
        map->n_bands = 0;
    }
}

static cc_status add_type(cc_ssda903_mapping *map, const mapping_file *mf, const char *name,
                          const char *label, int *index)
{
    *index = type_index(map, name);
    if (*index >= 0) {
        if (label[0] != '\0')
            snprintf(map->type_labels[*index], CC_TEXT_MAX, "%s", label);
        return CC_OK;
    }
    if (!valid_name(name))
        return bad(mf, "'%s' is not a valid placement type name (a letter, then letters, digits, "
                       "'_' or '-', at most 47 characters)", name);
    if (map->n_types == CC_MAX_PLACEMENTS)
        return bad(mf, "too many placement types at '%s' (at most 16)", name);
    *index = (int)map->n_types++;
    snprintf(map->type_names[*index], CC_NAME_MAX, "%s", name);
    snprintf(map->type_labels[*index], CC_TEXT_MAX, "%s", label[0] != '\0' ? label : name);
    return CC_OK;
}

static cc_status add_place(cc_ssda903_mapping *map, const mapping_file *mf, const char *code,
                           const char *provider, const char *type)
{
    if (code[0] == '\0' || strlen(code) >= SSDA_CODE_MAX || strlen(provider) >= SSDA_CODE_MAX)
        return bad(mf, "a place rule needs a PLACE code of 1-7 characters");
    int t = 0;
    cc_status st = add_type(map, mf, type, "", &t);
    if (st != CC_OK)
        return st;
    ssda_place_rule rule = {.type = (uint8_t)t};
    upper_copy(rule.code, sizeof rule.code, code);
    upper_copy(rule.provider, sizeof rule.provider, provider);
    for (size_t i = 0; i < map->n_place; i++)
        if (strcmp(map->place[i].code, rule.code) == 0 &&
            strcmp(map->place[i].provider, rule.provider) == 0)
            return bad(mf, "PLACE %s is mapped twice (for the same provider)", rule.code);
    if (map->n_place == SSDA_PLACE_RULES)
        return bad(mf, "too many place rules (at most %d)", SSDA_PLACE_RULES);
    map->place[map->n_place++] = rule;
    return CC_OK;
}

static cc_status add_rec(cc_ssda903_mapping *map, const mapping_file *mf, const char *code,
                         const char *route)
{
    if (code[0] == '\0' || strlen(code) >= SSDA_CODE_MAX)
        return bad(mf, "a rec rule needs a REC code of 1-7 characters");
    unsigned r = 0;
    while (r <= CC_SSDA903_CONTINUES && strcmp(route_names[r], route) != 0)
        r++;
    if (r > CC_SSDA903_CONTINUES)
        return bad(mf, "unknown route '%s' (return_home, sgo, adoption, other, age_18 or "
                       "continues)", route);
    ssda_rec_rule rule = {.route = (uint8_t)r};
    upper_copy(rule.code, sizeof rule.code, code);
    if (ssda_rec_route(map, rule.code) != SSDA_UNKNOWN)
        return bad(mf, "REC %s is mapped twice", rule.code);
    if (map->n_rec == SSDA_REC_RULES)
        return bad(mf, "too many rec rules (at most %d)", SSDA_REC_RULES);
    map->rec[map->n_rec++] = rule;
    return CC_OK;
}

static bool parse_age(const char *s, int *out)
{
    char *end = NULL;
    const long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 0 || v > 17)
        return false;
    *out = (int)v;
    return true;
}

static cc_status add_band(cc_ssda903_mapping *map, const mapping_file *mf, const char *name,
                          const char *min_text, const char *max_text)
{
    int lo = 0, hi = 0;
    if (!valid_name(name))
        return bad(mf, "'%s' is not a valid band name", name);
    if (!parse_age(min_text, &lo) || !parse_age(max_text, &hi) || hi < lo)
        return bad(mf, "band %s needs whole ages 0-17, min <= max (band,NAME,MIN,MAX)", name);
    const int expected = map->n_bands == 0 ? 0 : map->band_max_age[map->n_bands - 1] + 1;
    if (lo != expected)
        return bad(mf, "bands must be contiguous from age 0, in order: expected a band from %d, "
                       "got %d", expected, lo);
    if (map->n_bands == CC_MAX_BANDS)
        return bad(mf, "too many age bands at '%s' (at most 8)", name);
    snprintf(map->band_names[map->n_bands], CC_NAME_MAX, "%s", name);
    map->band_min_age[map->n_bands] = lo;
    map->band_max_age[map->n_bands] = hi;
    map->n_bands++;
    return CC_OK;
}

static cc_status add_row(cc_ssda903_mapping *map, mapping_file *mf, char **f, size_t n)
{
    if (n > 4)
        return bad(mf, "%zu fields, expected at most 4 (kind,code,qualifier,value); put a label "
                       "that holds a comma in double quotes", n);
    const char *kind = f[0], *code = n > 1 ? f[1] : "", *qual = n > 2 ? f[2] : "",
               *value = n > 3 ? f[3] : "";
    if (strcasecmp(kind, "type") == 0) {
        open_section(map, mf, SECTION_TYPES);
        int t = 0;
        return add_type(map, mf, code, value, &t);
    }
    if (strcasecmp(kind, "place") == 0) {
        open_section(map, mf, SECTION_TYPES);
        return add_place(map, mf, code, qual, value);
    }
    if (strcasecmp(kind, "rec") == 0) {
        open_section(map, mf, SECTION_REC);
        return add_rec(map, mf, code, value);
    }
    if (strcasecmp(kind, "band") == 0) {
        open_section(map, mf, SECTION_BANDS);
        return add_band(map, mf, code, qual, value);
    }
    return bad(mf, "unknown kind '%s' (type, place, rec or band)", kind);
}

static cc_status read_file(cc_ssda903_mapping *map, const char *path, cc_error *err)
{
    ssda_csv csv;
    cc_status st = ssda_csv_open(path, &csv, err);
    if (st != CC_OK)
        return st;
    mapping_file mf = {.path = path, .err = err};
    while (st == CC_OK && ssda_csv_next(&csv, &st)) {
        mf.line = csv.line;
        const char *first = csv.fields[0];
        while (*first == ' ')
            first++;
        if (first[0] == '#' || strcasecmp(first, "kind") == 0) /* comment, column names */
            continue;
        for (size_t i = 0; i < csv.n_fields; i++) {
            char *s = csv.fields[i];
            while (*s == ' ')
                s++;
            size_t len = strlen(s);
            while (len > 0 && s[len - 1] == ' ')
                s[--len] = '\0';
            csv.fields[i] = s;
        }
        st = add_row(map, &mf, csv.fields, csv.n_fields);
    }
    if (st == CC_ERR_NOMEM && err != NULL && err->status != CC_ERR_NOMEM)
        cc_error_set(err, CC_ERR_NOMEM, "%s: out of memory", path);
    if (st == CC_OK && mf.seen[SECTION_BANDS] && map->band_max_age[map->n_bands - 1] != 17)
        st = cc_error_set(err, CC_ERR_INVALID, "%s: the last age band must end at 17 (it ends at %d)",
                          path, map->band_max_age[map->n_bands - 1]);
    if (st == CC_OK && mf.seen[SECTION_TYPES] && map->n_place == 0)
        st = cc_error_set(err, CC_ERR_INVALID, "%s: placement types but no place rules", path);
    ssda_csv_close(&csv);
    return st;
}

cc_status cc_ssda903_mapping_load(const char *path, cc_ssda903_mapping **out, cc_error *err)
{
    *out = NULL;
    cc_ssda903_mapping *map = calloc(1, sizeof *map);
    if (map == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "mapping: out of memory");
    set_default_types(map);
    set_default_rec(map);
    set_default_bands(map);
    if (path != NULL) {
        const cc_status st = read_file(map, path, err);
        if (st != CC_OK) {
            free(map);
            return st;
        }
    }
    *out = map;
    return CC_OK;
}

void cc_ssda903_mapping_free(cc_ssda903_mapping *map)
{
    free(map);
}

cc_status cc_ssda903_mapping_write(FILE *f, const cc_ssda903_mapping *map, cc_error *err)
{
    fprintf(f, "kind,code,qualifier,value\n");
    for (size_t t = 0; t < map->n_types; t++) {
        fprintf(f, "type,%s,,\"", map->type_names[t]);
        for (const char *c = map->type_labels[t]; *c != '\0'; c++) {
            if (*c == '"')
                fputc('"', f); /* CSV doubles a quote inside quotes */
            fputc(*c, f);
        }
        fputs("\"\n", f);
    }
    for (size_t i = 0; i < map->n_place; i++)
        fprintf(f, "place,%s,%s,%s\n", map->place[i].code, map->place[i].provider,
                map->type_names[map->place[i].type]);
    for (size_t i = 0; i < map->n_rec; i++)
        fprintf(f, "rec,%s,,%s\n", map->rec[i].code, route_names[map->rec[i].route]);
    for (size_t b = 0; b < map->n_bands; b++)
        fprintf(f, "band,%s,%d,%d\n", map->band_names[b], map->band_min_age[b],
                map->band_max_age[b]);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "mapping: write failed");
    return CC_OK;
}
