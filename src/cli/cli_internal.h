/* Shared by the carecast commands (src/cli only). */
#ifndef CC_CLI_INTERNAL_H
#define CC_CLI_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <sys/types.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "carecast/output.h"
#include "carecast/scenario.h"
#include "carecast/stream.h"
#ifdef CC_MPI
#include "carecast/mpi.h"
#endif
#include "cli/args.h"

enum { EXIT_OK = 0, EXIT_RUN_FAILED = 1, EXIT_INVALID = 2 };

/* Loads the scenario at path with the command line's overrides, printing
 * every problem to stderr. Returns EXIT_OK or EXIT_INVALID. */
int cli_load(const char *path, const cli_options *opts, cc_scenario **out);
/* The same without the scenario's warnings (values probably in the wrong
 * unit): for the many re-loads of a sensitivity or goal-seek, whose base load
 * showed them once. */
int cli_load_quietly(const char *path, const cli_options *opts, cc_scenario **out);

/* A progress bar on stderr for runs that last more than a second, with the
 * time left at the pace so far. */
typedef struct cli_progress {
    struct timespec start;
    int shown;
    const char *unit; /* what is counted: "paths" when NULL */
    bool immediate;   /* show the bar from the first path (CARECAST_PROGRESS_NOW=1) */
} cli_progress;

/* Starts the clock; reads CARECAST_PROGRESS_NOW. */
void cli_progress_start(cli_progress *ps);

double cli_seconds_since(const struct timespec *start);

/* Where a run's time goes (CARECAST_TIMINGS=1): each mark names the phase that ended since the
 * last, with its wall seconds and its CPU seconds (this process's threads, and the children
 * reaped in it: gnuplot's at the wait for the charts); printed on stderr at the end. CPU time
 * moves less than wall time when the machine is shared. For bench/whole.sh, not for users. */
#define CLI_PHASES_MAX 24
typedef struct cli_timings {
    bool on;
    struct timespec start, last;
    double last_cpu;
    size_t n;
    const char *names[CLI_PHASES_MAX];
    double seconds[CLI_PHASES_MAX], cpu_seconds[CLI_PHASES_MAX];
} cli_timings;
void cli_timings_start(cli_timings *t);
void cli_timings_mark(cli_timings *t, const char *phase);
void cli_timings_print(const cli_timings *t);
void cli_show_progress(void *context, size_t done, size_t total);

/* Signals: until cli_catch_signals, SIGINT, SIGTERM and SIGHUP end the
 * program at once (nothing is published before the output phase); after it
 * they only set the flag, which the output phase polls (and the library's
 * publishing, through cc_rundir_open), so the folder keeps the earlier run. */
void cli_catch_signals(void);
const atomic_bool *cli_interrupt_flag(void);
/* CC_OK, or CC_ERR_CANCELLED ("interrupted") once a signal was caught. */
cc_status cli_interrupted(cc_error *err);
/* The exit code for a command's status: 128 + the signal when one stopped
 * it, EXIT_INVALID for CC_ERR_INVALID, EXIT_RUN_FAILED for other errors. */
int cli_exit_code(cc_status st);

/* MemAvailable from /proc/meminfo in bytes, or 0 when it cannot be read. */
size_t cli_memory_available(void);

/* Estimates the memory that `copies` results of n_paths kept paths of sc hold
 * (4 bytes per metric, month or year, and path) and refuses, with a message
 * and the number of paths that would fit (and, when can_bound, run's --memory
 * bounded), a run that needs more than MemAvailable. When chatty, says the
 * estimate of a run above 1 GB. Returns EXIT_OK or EXIT_INVALID. */
int cli_check_memory(const cc_scenario *sc, size_t n_paths, size_t copies, bool can_bound,
                     bool chatty);

/* Whether to tell a person at a terminal what is happening (not --quiet,
 * stderr a terminal). */
bool cli_chatty(const cli_options *opts);
/* "carecast: <what>" on stderr when chatty, after ending a progress bar. */
void cli_say(bool chatty, cli_progress *ps, const char *what);

/* Runs gnuplot on every chart script in dir, all at once, and waits for them.
 * Returns how many charts were drawn; warns once when gnuplot is missing. */
size_t cli_render_charts(const char *dir, const cc_chart_set *charts);

/* The same in two halves, so that a run writes its other files while gnuplot draws: start
 * (returns at once) and finish (waits; returns how many charts were drawn). Every start is
 * finished, on every path, so no gnuplot outlives the folder it draws into. */
typedef struct cli_drawing {
    const char *dir;            /* where the charts are (the caller's, kept until finished) */
    char cd[CC_PATH_MAX + 64];
    const cc_chart_set *charts; /* the charts being drawn (not owned) */
    size_t groups, started;     /* processes in a round, and those running */
    bool one_each, missing;     /* a chart a process (the second round); no gnuplot */
    pid_t pids[CC_CHARTS_MAX];
    char logs[CC_CHARTS_MAX][CC_PATH_MAX + 64];
} cli_drawing;
void cli_draw_start(const char *dir, const cc_chart_set *charts, cli_drawing *dr);
size_t cli_draw_finish(cli_drawing *dr);

/* Writes the charts of a run or comparison into dir (the staging folder's
 * charts/) through write_charts, then draws them. Returns CC_OK, an I/O
 * status, or CC_ERR_CANCELLED when a signal came; *drawn says whether any
 * picture exists. */
typedef cc_status (*cli_chart_writer)(const char *dir, void *context, cc_chart_set *out,
                                      cc_error *err);
cc_status cli_charts(const char *dir, cli_chart_writer write_charts, void *context,
                     cc_chart_set *charts, bool *drawn, cc_error *err);
/* The same, drawing in the background (cli_draw_start); the caller finishes dr. */
cc_status cli_charts_start(const char *dir, cli_chart_writer write_charts, void *context,
                           cc_chart_set *charts, cli_drawing *dr, cc_error *err);

/* run --precision (src/cli/precision.c): the goals of opts->precision found in meta (a run's
 * metrics and periods), or CC_ERR_INVALID naming the one that is wrong; and what a run to the
 * precision found (stdout when met, else a warning on stderr). */
cc_status cli_precision_parse(const cli_options *opts, const cc_results *meta, cc_precision *out,
                              cc_error *err);
void cli_precision_print(const cli_options *opts, const cc_precision_report *r);

/* The processes of a run (src/cli/job.c): start (MPI_Init in an MPI build), end (process 0
 * releases the others), the threads of each (the cores shared among a machine's processes
 * when the scenario says all), the source of paths for process 0 (NULL: this process's
 * engine; in an MPI job every process's), and the other processes' part: simulate their share
 * of each request until released. */
cli_job cli_job_start(int *argc, char ***argv);
void cli_job_end(const cli_job *job);
int cli_threads(const cc_scenario *sc, const cli_options *opts);
typedef struct cli_paths {
#ifdef CC_MPI
    cc_mpi_context context;
#endif
    cc_path_source source;
} cli_paths;
const cc_path_source *cli_path_source(const cc_scenario *sc, const cc_run_options *ro,
                                      const cli_options *opts, cli_paths *paths);
int cli_job_serve(const cli_options *opts);

/* The commands of src/cli/whatif.c. */
int cli_compare(const cli_options *opts);
int cli_sensitivity(const cli_options *opts);
int cli_goalseek(const cli_options *opts);

/* The query command (src/cli/query.c). */
int cli_query(const cli_options *opts);

/* Prints the overview (topic NULL) or the page of one command (src/cli/help.c).
 * Returns EXIT_OK, or EXIT_INVALID for an unknown command (with a hint). */
int cli_help(FILE *out, const char *topic);
/* The commands carecast knows, for "did you mean" and completion. */
const char *const *cli_command_names(size_t *n);

/* The calibrate command (src/cli/calibrate.c). */
int cli_calibrate(const cli_options *opts);
int cli_hindcast(const cli_options *opts);


/* carecast serve (src/cli/serve.c). */
int cli_serve(const cli_options *opts);

#endif
