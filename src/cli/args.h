/* Command-line parsing for the carecast program: pure, so it is unit-tested. */
#ifndef CC_CLI_ARGS_H
#define CC_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/config.h"
#include "carecast/status.h"

#define CLI_OVERRIDES_MAX 64
#define CLI_ARG_MAX 512
#define CLI_SCENARIOS_MAX 8 /* compare: the base and up to seven alternatives */
#define CLI_LIST_MAX 32     /* --param, --output and --measure */
#define CLI_PRECISION_MAX 16 /* --precision goals (CC_GOALS_MAX) */
#define CLI_ALT_OVERRIDES_MAX 16 /* compare --set-alt */

typedef enum cli_command {
    CLI_HELP = 0,
    CLI_VERSION,
    CLI_VALIDATE,
    CLI_RUN,
    CLI_COMPARE,
    CLI_SENSITIVITY,
    CLI_GOALSEEK,
    CLI_CALIBRATE,
    CLI_HINDCAST,
    CLI_SERVE,
    CLI_QUERY,
} cli_command;

/* run --memory: keep every path's values, or summarise the paths as they run. */
typedef enum cli_memory {
    CLI_MEMORY_AUTO = 0, /* bounded when keeping every path would take more than memory_limit */
    CLI_MEMORY_PATHS,    /* keep every path */
    CLI_MEMORY_BOUNDED   /* bounded memory, whatever the paths (carecast/stream.h) */
} cli_memory;

/* This process in its job: process 0 of 1, or one of an MPI job's (src/cli/job.c). */
typedef struct cli_job {
    int rank, size;
} cli_job;

typedef struct cli_options {
    cli_command command;
    cli_job job;                                 /* set by main, not by the command line */
    const char *help_topic;                      /* help: the command asked about, or NULL */
    size_t n_scenarios;                          /* one, or several for compare */
    const char *scenarios[CLI_SCENARIOS_MAX];
    const char *scenario_path;                   /* scenarios[0] */
    bool quiet;
    bool no_charts;
    cli_memory memory;                           /* run --memory */
    size_t memory_limit;                         /* --memory SIZE: auto's limit (0: default) */
    size_t n_precision;                          /* run --precision, repeatable */
    const char *precision[CLI_PRECISION_MAX];    /* "se(metric@period)<value" */
    /* --paths, --seed, --threads and --out become overrides of run.*, so they
     * are validated exactly like the scenario's own values. */
    size_t n_overrides;
    cc_override overrides[CLI_OVERRIDES_MAX];
    char keys[CLI_OVERRIDES_MAX][CLI_ARG_MAX];
    char values[CLI_OVERRIDES_MAX][CLI_ARG_MAX];
    /* compare: --set-alt overrides apply to the alternatives only (with none
     * given, to a copy of the base); --measure adds measures to the summary */
    size_t n_alt_overrides;
    char alt_keys[CLI_ALT_OVERRIDES_MAX][CLI_ARG_MAX];
    char alt_values[CLI_ALT_OVERRIDES_MAX][CLI_ARG_MAX];
    size_t n_measures;
    const char *measures[CLI_LIST_MAX];
    /* sensitivity */
    size_t n_params;
    const char *params[CLI_LIST_MAX];            /* "key.path:low:high" */
    size_t n_outputs;
    const char *outputs[CLI_LIST_MAX];           /* "metric@period" */
    /* goalseek */
    const char *vary;                            /* key.path */
    const char *range;                           /* "low:high" */
    const char *target;                          /* "metric@period>=value" */
    double probability;                          /* --prob, default 0.5 */
    /* calibrate --ssda903 DIR: one mode of calibrate (another reads a model's history) */
    const char *ssda903_dir;                     /* --ssda903 */
    const char *window_start;                    /* --window-start DATE */
    const char *window_end;                      /* --window-end DATE */
    const char *mapping;                         /* --mapping FILE */
    const char *out_file;                        /* --out FILE (calibrate writes one file) */
    /* calibrate SCENARIO --as-at DATE: the other mode, from the scenario's history */
    const char *as_at;                           /* --as-at YYYY-03-31 */
    /* hindcast */
    const char *origins;                         /* --origins FIRST:LAST (years of 31 March) */
    int horizon_years;                           /* --horizon-years N, default 1 */
    /* serve */
    long port;                                   /* --port, default 8080 */
    const char *host;                            /* --host, NULL = 127.0.0.1 */
    const char *save_dir;                        /* --save-dir, NULL = the scenario's */
    long serve_paths;                            /* --paths, 0 = 2,000 */
    long serve_threads;                          /* --threads, 0 = all cores */
} cli_options;

/* An option of the command line: its flag, the commands that take it (a bit
 * 1u << cli_command for each) and whether a value follows it. */
typedef struct cli_option_spec {
    const char *flag;
    unsigned commands;
    bool takes_value;
} cli_option_spec;

/* Every option carecast knows, for checking, help and "did you mean". */
const cli_option_spec *cli_option_specs(size_t *n);

/* Parses argv into *opts. Returns CC_OK or CC_ERR_INVALID with a message. */
cc_status cli_parse_args(int argc, char **argv, cli_options *opts, cc_error *err);

#endif
