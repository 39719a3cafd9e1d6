/* The what-if page, written by the server so that it works without
 * JavaScript: the controls as a form (submitting it shows the what-if), the
 * headline table by financial year, the save form and the download links.
 * The script (assets/app.js) then answers every change in place. Every text
 * from the scenario or the request goes through cc_html_text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "serve/serve_internal.h"

/* ---- numbers ---- */

static void format_value(const cc_headline *h, double x, char *buf, size_t size)
{
    if (h->money)
        cc_format_money_m(x, buf, size);
    else if (h->chance)
        cc_format_percent(x, buf, size);
    else if (strcmp(h->unit, "FTE") == 0)
        snprintf(buf, size, "%.1f", x);
    else
        cc_format_count(x, buf, size);
}

/* The sign a difference is shown with; none for a level or no change. */
static const char *sign_of(bool diff, double x)
{
    return !diff || x == 0.0 ? "" : x < 0.0 ? "&minus;" : "+";
}

/* One cell: the median (a chance: the mean ± its standard error in points),
 * then P10 to P90; a difference carries its sign. */
static void put_cell(FILE *f, const cc_headline *h, const cc_figure *fig, bool diff)
{
    char a[32], b[32], c[32];
    if (!fig->present) {
        fputs("<td>&ndash;</td>", f);
        return;
    }
    if (h->chance) {
        format_value(h, fabs(fig->mean), a, sizeof a);
        fprintf(f, "<td>%s", sign_of(diff, fig->mean));
        cc_html_text(f, a);
        fprintf(f, " <span class=\"range\">&plusmn;%.1f points</span></td>", 100.0 * fig->se);
        return;
    }
    format_value(h, diff ? fabs(fig->p50) : fig->p50, a, sizeof a);
    format_value(h, fig->p10, b, sizeof b);
    format_value(h, fig->p90, c, sizeof c);
    fprintf(f, "<td>%s", sign_of(diff, fig->p50));
    cc_html_text(f, a);
    fputs(" <span class=\"range\">", f);
    cc_html_text(f, b);
    fputs(" to ", f);
    cc_html_text(f, c);
    fputs("</span></td>", f);
}

static void put_table(FILE *f, const cc_server *s, const cc_results *alt, bool changed)
{
    const cc_results *base = s->base_results;
    float *scratch = malloc(base->n_paths * sizeof *scratch);
    if (scratch == NULL)
        return;
    fputs("<table id=\"table\"><thead><tr><th>By financial year</th>", f);
    for (size_t y = 0; y < base->n_years; y++) {
        char label[16];
        cc_results_year_label(base, y, label, sizeof label);
        fprintf(f, "<th>%s</th>", label);
    }
    fputs("</tr></thead><tbody>\n", f);
    static const char *const rows[3] = {"scenario", "what-if", "change"};
    /* Total spend is left out when a budget covers it (the same figures). */
    const bool budget = cc_results_metric_index(base, "budget.total.spend") >= 0;
    for (size_t i = 0; i < cc_n_headlines; i++) {
        const cc_headline *h = &cc_headlines[i];
        if (!cc_metric_shown(base, h->metric) || (budget && strcmp(h->metric, "cost.total") == 0))
            continue;
        for (int r = 0; r < (changed ? 3 : 1); r++) {
            fprintf(f, "<tr class=\"%s\"><th>", r == 2 ? "diff" : r == 1 ? "alt" : "base");
            cc_html_text(f, h->label);
            fprintf(f, changed ? " <span class=\"row\">%s</span></th>" : "</th>", rows[r]);
            for (size_t y = 0; y < base->n_years; y++) {
                cc_figure fig[3];
                cc_figures(base, alt, h->metric, y, scratch, fig);
                put_cell(f, h, &fig[r], r == 2);
            }
            fputs("</tr>\n", f);
        }
    }
    fputs("</tbody></table>\n", f);
    free(scratch);
}

/* ---- controls ---- */

/* The value a control shows: the request's, else the scenario's. */
static void shown_value(const cc_control *c, const cc_changes *changes, char *buf, size_t size)
{
    for (size_t i = 0; i < changes->n; i++)
        if (strcmp(changes->keys[i], c->key_path) == 0) {
            const char *v = changes->values[i];
            /* dates are quoted literals "YYYY-MM-DD": the month input wants YYYY-MM */
            snprintf(buf, size, "%.*s", c->kind == CC_CONTROL_DATE ? 7 : 31,
                     v + (c->kind == CC_CONTROL_DATE));
            return;
        }
    if (c->kind == CC_CONTROL_DATE)
        snprintf(buf, size, "%.7s", c->date);
    else
        snprintf(buf, size, "%.10g", c->value);
}

static void put_number_attrs(FILE *f, const char *min, double lo, const char *max, double hi,
                             double step)
{
    fprintf(f, " %s=\"%.10g\" %s=\"%.10g\" step=\"%.10g\"", min, lo, max, hi, step);
}

static void put_control(FILE *f, const cc_control *c, size_t i, const cc_changes *changes)
{
    char value[40], base[40];
    shown_value(c, changes, value, sizeof value);
    cc_changes none = {0};
    shown_value(c, &none, base, sizeof base);
    fputs("<div class=\"control\"", f);
    cc_html_attr(f, "data-key", c->key_path);
    cc_html_attr(f, "data-base", base);
    fprintf(f, " data-scale=\"%.10g\"><label for=\"c%zu\">", c->scale, i);
    cc_html_text(f, c->label);
    fputs(" <span class=\"unit\">", f);
    cc_html_text(f, c->unit);
    fputs("</span></label><div class=\"inputs\">", f);
    if (c->kind == CC_CONTROL_DATE) {
        fprintf(f, "<input type=\"month\" id=\"c%zu\" min=\"%.7s\" max=\"%.7s\"", i, c->date_min,
                c->date_max);
    } else {
        fprintf(f, "<input type=\"range\" class=\"slider\" tabindex=\"-1\" aria-hidden=\"true\"");
        put_number_attrs(f, "min", c->low, "max", c->high, c->step);
        cc_html_attr(f, "value", value);
        fprintf(f, "><input type=\"number\" id=\"c%zu\" min=\"%.10g\" max=\"%.10g\" step=\"%s\"",
                i, c->min, c->max, c->kind == CC_CONTROL_WHOLE ? "1" : "any");
    }
    cc_html_attr(f, "name", c->key_path);
    cc_html_attr(f, "value", value);
    fputs("></div><p class=\"source\">", f);
    if (c->kind == CC_CONTROL_DATE)
        fprintf(f, "From %.7s to %.7s.", c->date_min, c->date_max);
    else
        fprintf(f, "Accepts %.10g to %.10g.", c->min, c->max);
    if (c->source[0] != '\0') {
        fputs(" Source: ", f);
        cc_html_text(f, c->source);
    }
    fputs("</p>", f);
    fputs("</div>\n", f);
}

/* Controls in fieldsets by group, in the order the groups first appear. */
static void put_controls(FILE *f, const cc_server *s, const cc_changes *changes)
{
    for (size_t i = 0; i < s->n_controls; i++) {
        const char *group = s->controls[i].group;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(s->controls[j].group, group) == 0;
        if (seen)
            continue;
        fprintf(f, "<details class=\"group\"%s><summary>", i == 0 ? " open" : "");
        cc_html_text(f, group);
        fputs("</summary>\n", f);
        for (size_t j = i; j < s->n_controls; j++)
            if (strcmp(s->controls[j].group, group) == 0)
                put_control(f, &s->controls[j], j, changes);
        fputs("</details>\n", f);
    }
}

/* ---- the rest of the page ---- */

/* The changes as a query string (its & escaped for an attribute). */
static void put_query(FILE *f, const cc_changes *changes)
{
    for (size_t i = 0; i < changes->n; i++) {
        const char *v = changes->values[i];
        const size_t len = strlen(v);
        fputs(i ? "&amp;" : "?", f);
        cc_html_text(f, changes->keys[i]);
        /* a date is a quoted literal: its text, without the quotes */
        if (v[0] == '"')
            fprintf(f, "=%.*s", (int)(len - 2), v + 1);
        else
            fprintf(f, "=%s", v);
    }
}

/* The changes as hidden fields of the save form. */
static void put_hidden(FILE *f, const cc_changes *changes)
{
    for (size_t i = 0; i < changes->n; i++) {
        const char *v = changes->values[i];
        char text[CC_SERVE_VALUE_MAX + 8];
        snprintf(text, sizeof text, "%.*s", (int)strlen(v) - 2 * (v[0] == '"'), v + (v[0] == '"'));
        fputs("<input type=\"hidden\"", f);
        cc_html_attr(f, "name", changes->keys[i]);
        cc_html_attr(f, "value", text);
        fputs(">", f);
    }
}

/* The standard error of a median, as a share of the P10-P90 range, in %:
 * 1.2533 sd / sqrt(n) over 2.5631 sd (for a normal spread). */
static double median_error_pct(double n)
{
    return 100.0 * 1.2533 / sqrt(n) / 2.5631;
}

static void put_note(FILE *f, const cc_server *s, double seconds, bool changed)
{
    const double n = (double)s->n_paths;
    fprintf(f,
            "Every figure is over the same %zu simulated futures (seed %lu): the scenario and "
            "the what-if meet the same chances, so a change is the levers' doing, not luck. "
            "Ranges run from the 10th to the 90th percentile. Monte Carlo error (one standard "
            "error): a chance is within &plusmn;%.1f points at most, and a median within about "
            "%.1f%% of its P10&ndash;P90 range.",
            s->n_paths, s->base->run.seed, 100.0 * 0.5 / sqrt(n > 1 ? n - 1 : 1),
            median_error_pct(n));
    if (changed)
        fprintf(f, " This what-if took %.2f s.", seconds);
}

static void put_errors(FILE *f, const cc_errlist *errors)
{
    if (errors == NULL || errors->count == 0)
        return;
    fputs("<div class=\"errors\" role=\"alert\"><p>The what-if was not run:</p><ul>", f);
    for (size_t i = 0; i < errors->count; i++) {
        fputs("<li>", f);
        cc_html_text(f, errors->messages[i]);
        fputs("</li>", f);
    }
    fputs("</ul></div>\n", f);
}

typedef struct page {
    const cc_server *s;
    const cc_changes *changes;
    const cc_results *alt;
    double seconds;
    const cc_errlist *errors;
} page;

static void fill(FILE *f, const page *p, const char *name, size_t len)
{
    const cc_server *s = p->s;
    const bool changed = p->changes->n > 0 && p->alt != NULL;
    if (strncmp(name, "TITLE", len) == 0) {
        cc_html_text(f, s->base->run.name);
    } else if (strncmp(name, "SUBTITLE", len) == 0) {
        cc_html_text(f, s->base->model_name);
        fputs(" &middot; ", f);
        cc_html_text(f, s->scenario_path);
    } else if (strncmp(name, "CONTROLS", len) == 0) {
        put_controls(f, s, p->changes);
    } else if (strncmp(name, "ERRORS", len) == 0) {
        put_errors(f, p->errors);
    } else if (strncmp(name, "TABLE", len) == 0) {
        put_table(f, s, p->alt != NULL ? p->alt : s->base_results, changed);
    } else if (strncmp(name, "NOTE", len) == 0) {
        put_note(f, s, p->seconds, changed);
    } else if (strncmp(name, "QUERY", len) == 0) {
        put_query(f, p->changes);
    } else if (strncmp(name, "HIDDEN", len) == 0) {
        put_hidden(f, p->changes);
    } else if (strncmp(name, "SAVEDIR", len) == 0) {
        cc_html_text(f, s->save_dir);
    } else if (strncmp(name, "PATHS", len) == 0) {
        fprintf(f, "%zu", s->n_paths);
    }
}

/* Writes template with each @NAME@ filled. */
static void put_template(FILE *f, const char *template, const page *p)
{
    for (const char *c = template; *c != '\0';) {
        const char *at = strchr(c, '@');
        const char *end = at != NULL ? strchr(at + 1, '@') : NULL;
        if (at == NULL || end == NULL) {
            fputs(c, f);
            return;
        }
        fwrite(c, 1, (size_t)(at - c), f);
        fill(f, p, at + 1, (size_t)(end - at - 1));
        c = end + 1;
    }
}

int cc_page_html(const cc_server *server, const cc_changes *changes,
                 const cc_scenario *alt_scenario, const cc_results *alt, double seconds,
                 const cc_errlist *errors, FILE *f)
{
    (void)alt_scenario;
    const page p = {server, changes, alt, seconds, errors};
    put_template(f, cc_serve_asset("page.html"), &p);
    return alt != NULL ? 200 : 400;
}

void cc_page_message(FILE *f, const char *title, const char *const *lines, size_t n)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", f);
    cc_html_text(f, title);
    fputs("</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main class=\"message\">"
          "<h1>", f);
    cc_html_text(f, title);
    fputs("</h1>", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<p>", f);
        cc_html_text(f, lines[i]);
        fputs("</p>", f);
    }
    fputs("<p><a href=\"/\">Back to the what-if page</a> (use the browser's Back button to keep "
          "your changes)</p></main></body></html>\n", f);
}
