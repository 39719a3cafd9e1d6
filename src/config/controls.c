/* What a what-if may change, described for a person: the levers (from the
 * table below, which the lever reader shares for its limits) and each
 * initiative's size, chance of delivering and start date, with the value the
 * scenario gives and the comment on the line that sets it. A page builds its
 * controls from this list, so a lever added to the table appears there. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"

/* The levers, in the order a page shows them. "price_change_pct" stands for
 * one control per placement type. low..high is the range offered on a slider;
 * min..max is what the loader accepts. */
const cc_lever_spec cc_lever_specs[] = {
    {"entries_change_pct", "Entries to care (every way in)", "% change", CC_CONTROL_NUMBER,
     -100.0, 1000.0, -50.0, 50.0, 1.0, offsetof(cc_levers, entries_change_pct)},
    {"entries_not_cp_change_pct", "Entries not linked to a CP plan", "% change",
     CC_CONTROL_NUMBER, -100.0, 1000.0, -50.0, 50.0, 1.0,
     offsetof(cc_levers, entries_not_cp_change_pct)},
    {"entries_from_cp_change_pct", "Entries when a CP plan ends", "% change", CC_CONTROL_NUMBER,
     -100.0, 1000.0, -50.0, 50.0, 1.0, offsetof(cc_levers, entries_from_cp_change_pct)},
    {"uasc_change_pct", "Unaccompanied asylum-seeking children arriving", "% change",
     CC_CONTROL_NUMBER, -100.0, 1000.0, -50.0, 50.0, 1.0, offsetof(cc_levers, uasc_change_pct)},
    {"exits_change_pct", "Children leaving care (every route)", "% change", CC_CONTROL_NUMBER,
     -100.0, 1000.0, -50.0, 50.0, 1.0, offsetof(cc_levers, exits_change_pct)},
    {"extra_annual_approvals", "More foster carer households approved", "households a year",
     CC_CONTROL_NUMBER, 0.0, 10000.0, 0.0, 40.0, 1.0,
     offsetof(cc_levers, extra_annual_approvals)},
    {"extra_in_house_beds", "In-house residential beds opened", "beds", CC_CONTROL_WHOLE, 0.0,
     CC_COUNT_MAX, 0.0, 20.0, 1.0, offsetof(cc_levers, extra_in_house_beds)},
    {"price_change_pct", "Price", "% change", CC_CONTROL_NUMBER, -100.0, 1000.0, -30.0, 30.0,
     1.0, 0},
    {"start_date", "The levers act from", "month", CC_CONTROL_DATE, 0.0, 0.0, 0.0, 0.0, 0.0, 0},
};
const size_t cc_n_lever_specs = sizeof cc_lever_specs / sizeof cc_lever_specs[0];

/* The comment on the line of the setting at key_path (else its file:line),
 * or `fallback` when the scenario does not set it. */
static void source_of(const cc_tree *t, const char *key_path, const char *fallback, char *out,
                      size_t size)
{
    size_t file = 0, len = 0;
    int line = 0;
    out[0] = '\0';
    if (cc_tree_where(t, config_lookup(&t->cfg, key_path), &file, &line)) {
        const char *text = cc_sources_line(&t->src, file, line, &len);
        if (text != NULL)
            cc_line_comment(text, len, out, size);
        if (out[0] == '\0')
            snprintf(out, size, "%.300s:%d", t->src.files[file].path, line);
    }
    if (out[0] == '\0')
        snprintf(out, size, "%s", fallback);
}

typedef struct control_list {
    cc_control *items;
    size_t n, max;
    const cc_tree *tree;
    const cc_scenario *sc;
} control_list;

static cc_control *add(control_list *l, const char *group, const char *key_path)
{
    if (l->n >= l->max)
        return NULL;
    cc_control *c = &l->items[l->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->group, sizeof c->group, "%s", group);
    snprintf(c->key_path, sizeof c->key_path, "%s", key_path);
    c->scale = 1.0;
    return c;
}

/* A month index of the run as "YYYY-MM-01". */
static void month_text(const cc_scenario *sc, int t, char *out, size_t size)
{
    const int m = sc->start_month - 1 + t;
    snprintf(out, size, "%04d-%02d-01", sc->start_year + m / 12, m % 12 + 1);
}

static void add_lever(control_list *l, const cc_lever_spec *spec, const char *key_path,
                      const char *label, const char *group, double value)
{
    cc_control *c = add(l, group, key_path);
    if (c == NULL)
        return;
    snprintf(c->label, sizeof c->label, "%s", label);
    snprintf(c->unit, sizeof c->unit, "%s", spec->unit);
    c->kind = spec->kind;
    c->value = value;
    c->min = spec->min;
    c->max = spec->max;
    c->low = fmin(spec->low, value);
    c->high = fmax(spec->high, value);
    c->step = spec->step;
    source_of(l->tree, key_path, "not set in the scenario (today's policies)", c->source,
              sizeof c->source);
}

/* The value a lever has in sc (see cc_lever_spec.offset). */
static double lever_value(const cc_scenario *sc, const cc_lever_spec *spec)
{
    const char *base = (const char *)&sc->levers + spec->offset;
    if (spec->kind == CC_CONTROL_WHOLE)
        return *(const int *)(const void *)base;
    return *(const double *)(const void *)base;
}

/* The levers' start month: a date control over the run's months. */
static void add_lever_date(control_list *l, const cc_lever_spec *spec)
{
    char key[CC_CONTROL_KEY_MAX];
    snprintf(key, sizeof key, "levers.%s", spec->key);
    cc_control *c = add(l, "Levers", key);
    if (c == NULL)
        return;
    snprintf(c->label, sizeof c->label, "%s", spec->label);
    snprintf(c->unit, sizeof c->unit, "%s", spec->unit);
    c->kind = CC_CONTROL_DATE;
    month_text(l->sc, l->sc->levers.start_month_index, c->date, sizeof c->date);
    month_text(l->sc, 0, c->date_min, sizeof c->date_min);
    month_text(l->sc, l->sc->run.horizon_months - 1, c->date_max, sizeof c->date_max);
    source_of(l->tree, key, "not set: from the start", c->source, sizeof c->source);
}

static void add_levers(control_list *l)
{
    const cc_scenario *sc = l->sc;
    char key[CC_CONTROL_KEY_MAX], label[CC_TEXT_MAX];
    for (size_t i = 0; i < cc_n_lever_specs; i++) {
        const cc_lever_spec *spec = &cc_lever_specs[i];
        if (strcmp(spec->key, "extra_in_house_beds") == 0 && !cc_has_beds(sc))
            continue;
        if (spec->kind == CC_CONTROL_DATE) {
            add_lever_date(l, spec);
            continue;
        }
        if (strcmp(spec->key, "price_change_pct") != 0) {
            snprintf(key, sizeof key, "levers.%s", spec->key);
            add_lever(l, spec, key, spec->label, "Levers", lever_value(sc, spec));
            continue;
        }
        for (size_t p = 0; p < sc->n_placements; p++) {
            snprintf(key, sizeof key, "levers.price_change_pct.%s", sc->placements[p].name);
            snprintf(label, sizeof label, "%.150s", sc->placements[p].label);
            add_lever(l, spec, key, label, "Prices", sc->levers.price_change_pct[p]);
        }
    }
}

/* The comment block just above line n of file, joined into one line (""
 * when none): the argument an initiative's block comment makes for it. */
static void comment_above(const cc_sources *src, size_t file, int n, char *out, size_t size)
{
    int first = n;
    size_t len = 0;
    for (const char *text; first > 1; first--) {
        text = cc_sources_line(src, file, first - 1, &len);
        const size_t lead = text != NULL ? strspn(text, " \t") : 0;
        if (text == NULL || lead >= len || text[lead] != '#')
            break;
    }
    size_t used = 0;
    out[0] = '\0';
    for (int k = first; k < n && used + 1 < size; k++) {
        const char *text = cc_sources_line(src, file, k, &len);
        size_t from = strspn(text, " \t#");
        from = from < len ? from : len;
        const int w = snprintf(out + used, size - used, "%s%.*s", used ? " " : "",
                               (int)(len - from), text + from);
        used = w > 0 ? used + (size_t)w : used;
        used = used < size ? used : size - 1;
    }
}

static const char *size_unit(cc_effect_kind kind)
{
    switch (kind) {
    case CC_EFFECT_REDUCE_ENTRIES:
        return "% fewer entries";
    case CC_EFFECT_RAISE_EXITS:
        return "% more exits";
    case CC_EFFECT_STEP_DOWN:
        return "children a year";
    case CC_EFFECT_CARER_APPROVALS:
        return "households a year";
    case CC_EFFECT_OPEN_BEDS:
        return "beds";
    case CC_EFFECT_PRICE_CUT:
        return "% off the price";
    case CC_EFFECT_AGENCY_SHARE:
        return "% of agency staff converted";
    case CC_EFFECT_ADD_CHILDREN:
        return "children";
    case CC_EFFECT_FIXED_SAVING:
        return "pounds a year";
    default:
        return "size";
    }
}

/* The initiative's size: "size" when a plain number, "size.mean" when a
 * { mean; sd; } group; none for { observed; years; }. */
static void add_size(control_list *l, const cc_initiative *in, const char *source)
{
    char key[CC_CONTROL_KEY_MAX];
    snprintf(key, sizeof key, "initiatives.%s.size", in->name);
    const config_setting_t *s = config_lookup(&l->tree->cfg, key);
    if (s == NULL)
        return;
    if (config_setting_type(s) == CONFIG_TYPE_GROUP) {
        if (config_setting_get_member(s, "mean") == NULL)
            return;
        snprintf(key, sizeof key, "initiatives.%s.size.mean", in->name);
    }
    cc_control *c = add(l, in->label, key);
    if (c == NULL)
        return;
    const double max = cc_effect_size_max(in->kind);
    const bool pct = max <= 100.0;
    snprintf(c->label, sizeof c->label, "Size%s", in->effect.sd > 0.0 ? " (mean)" : "");
    snprintf(c->unit, sizeof c->unit, "%s", size_unit(in->kind));
    c->kind = in->kind == CC_EFFECT_OPEN_BEDS && config_setting_type(s) != CONFIG_TYPE_FLOAT
                  ? CC_CONTROL_WHOLE
                  : CC_CONTROL_NUMBER;
    c->value = in->effect.mean;
    c->min = 0.0;
    c->max = max;
    c->high = pct ? fmin(100.0, fmax(50.0, ceil(2.0 * in->effect.mean)))
                  : fmax(10.0, ceil(3.0 * in->effect.mean));
    c->step = 1.0;
    source_of(l->tree, key, source, c->source, sizeof c->source);
}

static void add_initiative(control_list *l, const cc_initiative *in)
{
    char key[CC_CONTROL_KEY_MAX], block[CC_CONTROL_SOURCE_MAX] = "";
    snprintf(key, sizeof key, "initiatives.%s", in->name);
    size_t file = 0;
    int line = 0;
    if (cc_tree_where(l->tree, config_lookup(&l->tree->cfg, key), &file, &line))
        comment_above(&l->tree->src, file, line, block, sizeof block);
    add_size(l, in, block[0] != '\0' ? block : "the scenario's initiatives");
    snprintf(key, sizeof key, "initiatives.%s.delivery_probability", in->name);
    cc_control *c = add(l, in->label, key);
    if (c != NULL) {
        *c = (cc_control){.kind = CC_CONTROL_NUMBER, .value = in->delivery_probability,
                          .min = 0.0, .max = 1.0, .low = 0.0, .high = 1.0, .step = 0.05,
                          .scale = 100.0};
        snprintf(c->group, sizeof c->group, "%s", in->label);
        snprintf(c->key_path, sizeof c->key_path, "%s", key);
        snprintf(c->label, sizeof c->label, "Chance it delivers");
        snprintf(c->unit, sizeof c->unit, "%%");
        source_of(l->tree, key, "not set: 100%", c->source, sizeof c->source);
    }
    snprintf(key, sizeof key, "initiatives.%s.start_date", in->name);
    c = add(l, in->label, key);
    if (c != NULL) {
        snprintf(c->label, sizeof c->label, "Starts");
        snprintf(c->unit, sizeof c->unit, "month");
        c->kind = CC_CONTROL_DATE;
        month_text(l->sc, in->start_month_index, c->date, sizeof c->date);
        month_text(l->sc, 0, c->date_min, sizeof c->date_min);
        month_text(l->sc, l->sc->run.horizon_months - 1, c->date_max, sizeof c->date_max);
        source_of(l->tree, key, "", c->source, sizeof c->source);
    }
}

cc_status cc_scenario_controls(const char *path, const cc_scenario *sc, cc_control *out,
                               size_t max, size_t *n, cc_errlist *errors)
{
    *n = 0;
    cc_tree *t = malloc(sizeof *t);
    if (t == NULL) {
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }
    cc_status st = cc_tree_read(t, path, &cc_disk_reader, NULL, 0, errors);
    if (st == CC_OK) {
        control_list l = {out, 0, max, t, sc};
        add_levers(&l);
        for (size_t i = 0; i < sc->n_initiatives; i++)
            add_initiative(&l, &sc->initiatives[i]);
        *n = l.n;
    }
    cc_tree_free(t);
    free(t);
    return st;
}
