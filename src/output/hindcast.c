/* The hindcast's files: hindcast.csv (one row per origin, metric and year),
 * run.json (what was run, with the input files' SHA-256), a chart of fans
 * against what happened per origin, and report.html with the scores beside
 * the naive forecast and its band. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/hindcast.h"
#include "carecast/output.h"
#include "output/output_internal.h"

static void csv_number(FILE *f, double x)
{
    if (isnan(x))
        fputs(",", f);
    else
        fprintf(f, ",%.6g", x);
}

cc_status cc_hindcast_write_csv(FILE *f, const cc_hindcast *h, cc_error *err)
{
    fputs("origin,metric,period,actual,p5,p25,p50,p75,p95,inside50,inside90,interval_score,naive\n",
          f);
    for (size_t i = 0; i < h->n_rows; i++) {
        const cc_hindcast_row *r = &h->rows[i];
        const cc_score_case *c = &r->c;
        fprintf(f, "%d-03-31,%s,%d/%02d", r->origin, cc_history_metric_names[r->field], r->year,
                (r->year + 1) % 100);
        csv_number(f, c->actual);
        for (int q = 0; q < 5; q++)
            csv_number(f, c->q[q]);
        fprintf(f, ",%d,%d", cc_score_inside(c->q[1], c->q[3], c->actual),
                cc_score_inside(c->q[0], c->q[4], c->actual));
        csv_number(f, r->interval_score);
        csv_number(f, c->naive);
        fputc('\n', f);
    }
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing hindcast.csv failed");
    return CC_OK;
}

cc_status cc_hindcast_write_json(FILE *f, const cc_scenario *sc, const cc_hindcast *h,
                                 const cc_run_manifest *manifest, cc_error *err)
{
    char hashes[CC_MAX_FILES][65];
    const cc_status st = cc_hash_input_files(sc, hashes, err);
    if (st != CC_OK)
        return st;
    const cc_hindcast_options *o = &h->options;
    fputs("{\n  \"program\": \"carecast\",\n  \"command\": \"hindcast\",\n  \"version\": ", f);
    cc_json_string(f, manifest->version);
    fputs(",\n  \"model\": ", f);
    cc_json_string(f, sc->model_name);
    fprintf(f, ",\n  \"seed\": %lu,\n  \"rng\": ", manifest->seed);
    cc_json_string(f, manifest->rng_name);
    fprintf(f,
            ",\n  \"paths\": %zu,\n  \"threads\": %d,\n  \"first_origin\": \"%d-03-31\",\n"
            "  \"last_origin\": \"%d-03-31\",\n  \"horizon_years\": %d,\n  \"files\": [",
            manifest->n_paths, manifest->threads, o->first_origin, o->last_origin,
            o->horizon_years);
    for (size_t i = 0; i < sc->n_files; i++) {
        fputs(i == 0 ? "\n    {\"path\": " : ",\n    {\"path\": ", f);
        cc_json_string(f, sc->files[i]);
        fprintf(f, ", \"sha256\": \"%s\"}", hashes[i]);
    }
    fputs("\n  ]\n}\n", f);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing run.json failed");
    return CC_OK;
}
