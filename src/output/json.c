/* run.json: what was run, with what, and the exact input files (SHA-256). */
#include <stdio.h>

#include "carecast/hash.h"
#include "carecast/output.h"
#include "output/output_internal.h"

void cc_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void cc_json_files(FILE *f, const cc_scenario *scenario, char (*hashes)[65])
{
    for (size_t i = 0; i < scenario->n_files; i++) {
        fputs(i == 0 ? "\n    {\"path\": " : ",\n    {\"path\": ", f);
        cc_json_string(f, scenario->files[i]);
        fprintf(f, ", \"sha256\": \"%s\"}", hashes[i]);
    }
}

void cc_json_outputs(FILE *f, const cc_run_manifest *manifest)
{
    fputs(",\n  \"outputs\": [", f);
    for (size_t i = 0; i < manifest->n_outputs; i++) {
        fputs(i == 0 ? "\n    " : ",\n    ", f);
        cc_json_string(f, manifest->outputs[i]);
    }
    fputs(manifest->n_outputs > 0 ? "\n  ]" : "]", f);
}

cc_status cc_hash_input_files(const cc_scenario *scenario, char (*hashes)[65], cc_error *err)
{
    for (size_t i = 0; i < scenario->n_files; i++) {
        cc_status st = cc_sha256_file(scenario->files[i], hashes[i], err);
        if (st != CC_OK)
            return st;
    }
    return CC_OK;
}

cc_status cc_json_write_run(FILE *f, const cc_scenario *scenario, const cc_results *results,
                            const cc_run_manifest *manifest, cc_error *err)
{
    char hashes[CC_MAX_FILES][65];
    cc_status st = cc_hash_input_files(scenario, hashes, err);
    if (st != CC_OK)
        return st;
    char first[16], last[16];
    cc_results_month_label(results, 0, first, sizeof first);
    cc_results_month_label(results, results->n_months - 1, last, sizeof last);

    fputs("{\n  \"program\": \"carecast\",\n  \"version\": ", f);
    cc_json_string(f, manifest->version);
    fputs(",\n  \"scenario\": ", f);
    cc_json_string(f, scenario->run.name);
    fputs(",\n  \"model\": ", f);
    cc_json_string(f, scenario->model_name);
    fprintf(f, ",\n  \"seed\": %lu,\n  \"rng\": ", manifest->seed);
    cc_json_string(f, manifest->rng_name);
    fprintf(f,
            ",\n  \"paths\": %zu,\n  \"threads\": %d,\n  \"horizon_months\": %zu,\n"
            "  \"first_month\": \"%s\",\n  \"last_month\": \"%s\",\n"
            "  \"parameter_uncertainty\": %s,\n  \"wall_seconds\": %.3f,",
            manifest->n_paths, manifest->threads, results->n_months, first, last,
            scenario->run.parameter_uncertainty ? "true" : "false", manifest->wall_seconds);
    if (manifest->paths_simulated > 0)
        fprintf(f, "\n  \"memory\": \"bounded\",\n  \"paths_simulated\": %zu,",
                manifest->paths_simulated);
    fputs("\n  \"files\": [", f);
    cc_json_files(f, scenario, hashes);
    fputs("\n  ],\n  \"overrides\": [", f);
    for (size_t i = 0; i < manifest->n_overrides; i++) {
        fputs(i == 0 ? "" : ", ", f);
        cc_json_string(f, manifest->overrides[i]);
    }
    fputc(']', f);
    cc_json_outputs(f, manifest);
    fputs("\n}\n", f);
    if (ferror(f))
        return cc_error_set(err, CC_ERR_IO, "writing run.json failed");
    return CC_OK;
}
