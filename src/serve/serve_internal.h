/* Private to src/serve/: the server's state, the changes a request asks for,
 * the worker that runs what-ifs (newest first, older ones cancelled), the
 * JSON and HTML answers, saving and downloads. */
#ifndef CC_SERVE_INTERNAL_H
#define CC_SERVE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "carecast/config.h"
#include "carecast/engine.h"
#include "carecast/serve.h"

/* The page's files (src/serve/assets/), compiled in; NULL when unknown. */
const char *cc_serve_asset(const char *name);

/* ---- limits ---- */

#define CC_SERVE_BODY_MAX 16384     /* bytes of a POST body */
#define CC_SERVE_QUERY_MAX 8192     /* bytes of a request's arguments, all told */
#define CC_SERVE_VALUE_MAX 32       /* bytes of one value */
#define CC_SERVE_NAME_MAX 64        /* bytes of a saved scenario's name */
#define CC_SERVE_RATE_PER_S 10.0    /* runs, saves and downloads a second, sustained */
#define CC_SERVE_RATE_BURST 20.0    /* ... and at once */
#define CC_SERVE_WAIT_S 120         /* longest a request waits for its run */

/* ---- what a request changes ---- */

typedef struct cc_changes {
    size_t n;
    cc_override overrides[CC_CONTROLS_MAX]; /* point into keys and values */
    char keys[CC_CONTROLS_MAX][CC_CONTROL_KEY_MAX];
    char values[CC_CONTROLS_MAX][CC_SERVE_VALUE_MAX + 8]; /* as libconfig literals */
    char name[CC_SERVE_NAME_MAX + 1];   /* "name": a saved scenario's, "" when none */
    bool overwrite;                      /* "overwrite=1" */
} cc_changes;

/* The worker's job: one what-if, answered by `answer` once run. */
typedef struct cc_job cc_job;

/* Writes the answer to a what-if into f (JSON or a page): the changed
 * scenario and its run (alt == the base's run when nothing changed), or, when
 * the changes do not validate, errors (alt NULL). Returns the HTTP status. */
typedef int (*cc_answer_fn)(const cc_server *server, const cc_changes *changes,
                            const cc_scenario *alt_scenario, const cc_results *alt,
                            double seconds, const cc_errlist *errors, FILE *f);

typedef struct cc_worker cc_worker;

struct cc_server {
    struct MHD_Daemon *daemon;
    char scenario_path[CC_PATH_MAX];
    char save_dir[CC_PATH_MAX];
    char base_name[CC_NAME_MAX];   /* the base file's stem, as `carecast compare` names it */
    cc_scenario *base;
    cc_results *base_results;
    size_t n_controls;
    cc_control controls[CC_CONTROLS_MAX];
    size_t n_paths;
    int threads;
    bool needs_token;
    char token[33];
    unsigned port;
    char url[CC_PATH_MAX];
    cc_chart_renderer render_charts;
    cc_worker *worker;
    pthread_mutex_t rate_lock;
    double rate_tokens;
    struct timespec rate_time;
    pthread_mutex_t download_lock; /* one download at a time */
};

/* ---- request.c: arguments into changes, checked ---- */

/* Reads one argument (key, value) of a request into changes: a control's
 * key (its value checked for form: a number, or a month), or "name",
 * "overwrite" or "token". Unchanged values are dropped. Returns false with a
 * message (for people; the caller escapes it) in err. */
bool cc_changes_add(const cc_server *server, cc_changes *changes, const char *key,
                    const char *value, cc_error *err);
/* Parses an application/x-www-form-urlencoded body into changes. */
bool cc_changes_parse_form(const cc_server *server, cc_changes *changes, char *body,
                           cc_error *err);
/* The control with key_path, or NULL. */
const cc_control *cc_server_control(const cc_server *server, const char *key_path);

/* ---- worker.c ---- */

cc_status cc_worker_start(cc_server *server, cc_worker **out, cc_error *err);
/* Answers every waiting request 503 and ends the thread; later requests get
 * 503 too. Free the worker with cc_worker_free once no request can reach it. */
void cc_worker_stop(cc_worker *worker);
void cc_worker_free(cc_worker *worker);
/* Runs the what-if of changes (cancelling any older one), waits for it, and
 * returns the HTTP status with the answer's bytes in *body (malloc'd, *size
 * long). 409 when a newer request superseded this one. */
int cc_worker_ask(cc_worker *worker, const cc_changes *changes, cc_answer_fn answer,
                  char **body, size_t *size);
/* Loads the base scenario with changes applied, every problem into errors. */
cc_status cc_serve_load(const cc_server *server, const cc_changes *changes, cc_scenario **out,
                        cc_errlist *errors);
/* Runs sc with the server's paths and seed into *out; total_only as what-if
 * runs (savings.total only). */
cc_status cc_serve_run(const cc_server *server, const cc_scenario *sc, bool total_only,
                       const atomic_bool *cancel, cc_results **out, cc_error *err);

/* ---- answer.c: a what-if as JSON ---- */

int cc_answer_json(const cc_server *server, const cc_changes *changes,
                   const cc_scenario *alt_scenario, const cc_results *alt, double seconds,
                   const cc_errlist *errors, FILE *f);
/* {"errors": [message, ...]} */
void cc_answer_errors(FILE *f, const char *const *messages, size_t n);
/* The controls as JSON. */
void cc_answer_controls(const cc_server *server, FILE *f);

/* One headline figure of a year: median, P10, P90, mean and its standard error. */
typedef struct cc_figure {
    bool present;
    double p10, p50, p90, mean, se;
} cc_figure;
/* base, alternative and their path-by-path difference for metric at year y
 * (absent when either run has no value then). */
void cc_figures(const cc_results *base, const cc_results *alt, const char *metric, size_t y,
                float *scratch, cc_figure out[3]);

/* False when base has no such metric, or it is zero on every path and year
 * (the model does not model it, e.g. FTE without a workforce). */
bool cc_metric_shown(const cc_results *base, const char *metric);

/* The headline metrics, in the page's order. */
typedef struct cc_headline {
    const char *metric, *label, *unit;
    bool money, chance;
} cc_headline;
extern const cc_headline cc_headlines[];
extern const size_t cc_n_headlines;

/* ---- json.c ---- */

/* x to 10 significant digits, or null when not finite. */
void cc_json_number(FILE *f, double x);

/* ---- page.c: the page (works without JavaScript) ---- */

int cc_page_html(const cc_server *server, const cc_changes *changes,
                 const cc_scenario *alt_scenario, const cc_results *alt, double seconds,
                 const cc_errlist *errors, FILE *f);
/* A short page with a message (escaped) and a link back, for the form's
 * answers without JavaScript. */
void cc_page_message(FILE *f, const char *title, const char *const *lines, size_t n);

/* ---- save.c and download.c ---- */

/* A saved scenario's name: 1 to CC_SERVE_NAME_MAX letters, digits, '-' and
 * '_', not starting with '-': never a path. */
bool cc_serve_name_ok(const char *name);
#define CC_SERVE_NAME_RULE                                                                    \
    "name: use 1 to 64 letters, digits, '-' and '_' (no spaces, dots or slashes), not "      \
    "starting with '-'"
/* /save without JavaScript: cc_serve_save's outcome as a short page. */
int cc_serve_save_page(const cc_server *server, const cc_changes *changes, const char *what,
                       FILE *f);

/* Saves the changes as changes->name + ".cfg" in the save folder. Returns the
 * HTTP status with a JSON answer in f: 201 saved, 409 exists (and
 * overwrite not asked), 400 bad name or changes. */
int cc_serve_save(const cc_server *server, const cc_changes *changes, FILE *f);
/* Writes the download `what` ("report.html", "compare.csv", "annual.csv",
 * "monthly.csv", "carecast.xlsx") of the what-if of changes into f. Returns the HTTP status
 * (JSON errors in f when not 200). */
int cc_serve_download(const cc_server *server, const cc_changes *changes, const char *what,
                      FILE *f);

#endif
