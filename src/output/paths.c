/* paths-annual.bin: every path's value of every metric in every financial
 * year, so that a question asked after the run ("the chance that placements
 * cost more than £30m in 2020/21") is answered from the run itself. A short
 * text header names what follows; then float32 little-endian values laid out
 * [metric][year][path], as cc_results holds them (docs/outputs.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"

#define MAGIC "carecast-paths 1"

/* Whether this machine stores a float's bytes least significant first, as the file does. */
static bool little_endian(void)
{
    const uint32_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

/* Writes n floats as little-endian bytes, whatever the machine's order: as they are in memory
 * on a little-endian machine (one write of 25 MB for 10,000 paths, not a loop over bytes). */
static bool put_floats(FILE *f, const float *v, size_t n)
{
    if (little_endian())
        return fwrite(v, sizeof *v, n, f) == n;
    unsigned char buf[4096];
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], sizeof u);
        for (int b = 0; b < 4; b++)
            buf[used++] = (unsigned char)(u >> (8 * b));
        if (used == sizeof buf || i + 1 == n) {
            if (fwrite(buf, 1, used, f) != used)
                return false;
            used = 0;
        }
    }
    return true;
}

cc_status cc_paths_write(FILE *f, const cc_results *results, cc_error *err)
{
    fprintf(f, "%s\npaths %zu\nyears %zu %d\nmetrics %zu\n", MAGIC, results->n_paths,
            results->n_years, results->first_fin_year, results->n_metrics);
    for (size_t k = 0; k < results->n_metrics; k++)
        fprintf(f, "%s\n", results->metrics[k].name);
    fputs("data float32-le metric year path\n", f);
    const size_t n = results->n_metrics * results->n_years * results->n_paths;
    if (ferror(f) || !put_floats(f, results->annual, n))
        return cc_error_set(err, CC_ERR_IO, "writing the per-path values failed");
    return CC_OK;
}

/* Reads one header line into buf (without its newline); false at the end. */
static bool header_line(FILE *f, char *buf, size_t size)
{
    if (fgets(buf, (int)size, f) == NULL)
        return false;
    const size_t len = strcspn(buf, "\n");
    const bool whole = buf[len] == '\n';
    buf[len] = '\0';
    return whole;
}

static cc_status read_header(FILE *f, const char *path, cc_results *res, cc_error *err)
{
    char line[CC_METRIC_NAME_MAX + 64];
    unsigned long long paths = 0, years = 0, metrics = 0;
    int first = 0;
    if (!header_line(f, line, sizeof line) || strcmp(line, MAGIC) != 0)
        return cc_error_set(err, CC_ERR_INVALID, "%s: not a carecast per-path file", path);
    if (!header_line(f, line, sizeof line) || sscanf(line, "paths %llu", &paths) != 1 ||
        !header_line(f, line, sizeof line) ||
        sscanf(line, "years %llu %d", &years, &first) != 2 ||
        !header_line(f, line, sizeof line) || sscanf(line, "metrics %llu", &metrics) != 1 ||
        paths == 0 || paths > CC_PATHS_MAX || years == 0 || years > CC_YEARS_MAX ||
        metrics == 0 || metrics > CC_METRICS_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "%s: damaged header", path);
    res->n_paths = (size_t)paths;
    res->n_years = (size_t)years;
    res->n_metrics = (size_t)metrics;
    res->first_fin_year = first;
    res->start_year = first;
    res->start_month = 4;
    for (size_t k = 0; k < res->n_metrics; k++) {
        const size_t len = header_line(f, line, sizeof line) ? strlen(line) : 0;
        if (len == 0 || len >= CC_METRIC_NAME_MAX)
            return cc_error_set(err, CC_ERR_INVALID, "%s: damaged metric list", path);
        memcpy(res->metrics[k].name, line, len + 1);
        res->metrics[k].kind = CC_METRIC_ANNUAL_ONLY;
    }
    if (!header_line(f, line, sizeof line) ||
        strcmp(line, "data float32-le metric year path") != 0)
        return cc_error_set(err, CC_ERR_INVALID, "%s: damaged header", path);
    return CC_OK;
}

static bool get_floats(FILE *f, float *v, size_t n)
{
    unsigned char buf[4096];
    for (size_t i = 0; i < n;) {
        const size_t want = n - i < sizeof buf / 4 ? n - i : sizeof buf / 4;
        if (fread(buf, 4, want, f) != want)
            return false;
        for (size_t j = 0; j < want; j++, i++) {
            const unsigned char *b = buf + 4 * j;
            const uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                               (uint32_t)b[3] << 24;
            memcpy(&v[i], &u, sizeof u);
        }
    }
    return true;
}

cc_status cc_paths_read(const char *path, cc_results **out, cc_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot open (was it written by a carecast run "
                                            "that keeps per-path values?)",
                            path);
    cc_results *res = calloc(1, sizeof *res);
    cc_status st = res != NULL ? read_header(f, path, res, err)
                               : cc_error_set(err, CC_ERR_NOMEM, "out of memory");
    const size_t n = st == CC_OK ? res->n_metrics * res->n_years * res->n_paths : 0;
    if (st == CC_OK && (res->annual = malloc(n * sizeof *res->annual)) == NULL)
        st = cc_error_set(err, CC_ERR_NOMEM, "%s: out of memory for %zu values", path, n);
    if (st == CC_OK && (!get_floats(f, res->annual, n) || fgetc(f) != EOF))
        st = cc_error_set(err, CC_ERR_INVALID, "%s: damaged (not %zu values)", path, n);
    fclose(f);
    if (st != CC_OK) {
        cc_results_free(res);
        return st;
    }
    *out = res;
    return CC_OK;
}
