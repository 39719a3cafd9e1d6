/* Sensitivity: one-at-a-time swings of parameters, as CSV and tornado charts
 * (largest swing on top). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

static double swing(const cc_swing *s)
{
    return fabs(s->at_high - s->at_low);
}

/* Indices of s's swings, largest first. */
static void order(const cc_sensitivity *s, size_t *idx)
{
    for (size_t i = 0; i < s->n; i++)
        idx[i] = i;
    for (size_t i = 1; i < s->n; i++) /* insertion sort: a handful of parameters */
        for (size_t j = i; j > 0 && swing(&s->swings[idx[j]]) > swing(&s->swings[idx[j - 1]]);
             j--) {
            const size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
}

cc_status cc_sensitivity_write_csv(FILE *f, const cc_sensitivity *outputs, size_t n_outputs,
                                   cc_error *err)
{
    /* Labels come from the model ("IFA weekly cost (£)"): a BOM if any is not ASCII. */
    for (size_t o = 0; o < n_outputs; o++) {
        const char *texts[3 * CC_SWINGS_MAX + 1];
        size_t n = 0;
        texts[n++] = outputs[o].output;
        for (size_t i = 0; i < outputs[o].n; i++) {
            texts[n++] = outputs[o].swings[i].label;
            texts[n++] = outputs[o].swings[i].key_path;
        }
        if (cc_utf8_bom_for(f, texts, n))
            break;
    }
    fputs("output,parameter,key,low,high,base,at_low,at_high,swing\n", f);
    for (size_t o = 0; o < n_outputs; o++) {
        const cc_sensitivity *s = &outputs[o];
        size_t idx[CC_SWINGS_MAX];
        order(s, idx);
        for (size_t i = 0; i < s->n; i++) {
            const cc_swing *w = &s->swings[idx[i]];
            cc_csv_field(f, s->output);
            fputc(',', f);
            cc_csv_field(f, w->label);
            fputc(',', f);
            cc_csv_field(f, w->key_path);
            fprintf(f, ",%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", w->low, w->high, s->base,
                    w->at_low, w->at_high, swing(w));
        }
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing sensitivity.csv failed");
    return CC_OK;
}

static bool write_tornado_data(FILE *f, const void *context, cc_chart_text *text)
{
    const cc_sensitivity *s = context;
    const double scale = s->is_money ? 1e6 : 1.0;
    size_t idx[CC_SWINGS_MAX];
    order(s, idx);
    fputs("# parameter  output_at_low-base  output_at_high-base\n", f);
    for (size_t i = 0; i < s->n; i++) {
        const cc_swing *w = &s->swings[idx[i]];
        char label[sizeof w->label + 64];
        snprintf(label, sizeof label, "%s (%g to %g)", w->label, w->low, w->high);
        cc_gnuplot_put(f, label, CC_GNUPLOT_DATA);
        fprintf(f, " %.6g %.6g\n", (w->at_low - s->base) / scale, (w->at_high - s->base) / scale);
    }
    char base[48];
    if (s->is_money)
        cc_format_money_m(s->base, base, sizeof base);
    else
        snprintf(base, sizeof base, "%.1f", s->base);
    char what[sizeof s->output];
    snprintf(what, sizeof what, "%s", s->output);
    char *at = strchr(what, '@');
    if (at != NULL)
        *at = ' ';
    snprintf(text->title, sizeof text->title, "Sensitivity of %s: mean %s", what, base);
    snprintf(text->extra_key, sizeof text->extra_key, "@XLABEL@");
    char xlabel[96];
    snprintf(xlabel, sizeof xlabel, "Change in the mean from %s%s", base,
             s->is_money ? " (£m)" : "");
    cc_gnuplot_quote(xlabel, CC_GNUPLOT_SCRIPT, text->extra, sizeof text->extra);
    return !ferror(f);
}

cc_status cc_tornado_write(const char *dir, const char *name, const cc_sensitivity *s,
                           cc_error *err)
{
    return cc_chart_write(dir, name, "tornado", write_tornado_data, s, err);
}
