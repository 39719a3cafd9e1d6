/* goalseek.csv: a goal-seek's question and answer in one row, for a
 * spreadsheet or a script (the command prints the same in words). */
#include <math.h>
#include <stdio.h>

#include "carecast/output.h"
#include "output/output_internal.h"

static void number(FILE *f, double x)
{
    if (isnan(x))
        fputs(",", f); /* no value: an empty field */
    else
        fprintf(f, ",%.10g", x);
}

cc_status cc_goalseek_write_csv(FILE *f, const cc_param_range *range, const cc_target *target,
                                double probability, const cc_goalseek_result *r, size_t n_paths,
                                cc_error *err)
{
    fputs("parameter,low,high,target,wanted_probability,found,value,value_se,probability,"
          "probability_se,p_at_low,p_at_high,evaluations,paths,metric_mean,metric_p10,"
          "metric_p50,metric_p90\n",
          f);
    char goal[CC_METRIC_NAME_MAX + 64];
    snprintf(goal, sizeof goal, "%s@%s%s%.10g", target->metric, target->period,
             cc_comparison_symbol(target->comparison), target->value);
    cc_csv_field(f, range->key_path);
    number(f, range->low);
    number(f, range->high);
    fputc(',', f);
    cc_csv_field(f, goal);
    number(f, probability);
    fputs(r->found ? ",yes" : ",no", f);
    const double none = NAN;
    const double se = n_paths > 1 ? sqrt(r->p * (1.0 - r->p) / (double)(n_paths - 1)) : none;
    /* The metric at the value found, or at the top of the range when none. */
    const cc_goalseek_outcome *o = r->found ? &r->at_x : &r->at_high;
    number(f, r->found ? r->x : none);
    number(f, r->found ? r->x_uncertainty : none);
    number(f, r->found ? r->p : none);
    number(f, r->found ? se : none);
    number(f, r->p_low);
    number(f, r->p_high);
    fprintf(f, ",%d,%zu", r->evaluations, n_paths);
    number(f, o->mean);
    number(f, o->p10);
    number(f, o->p50);
    number(f, o->p90);
    fputc('\n', f);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing goalseek.csv failed");
    return CC_OK;
}
