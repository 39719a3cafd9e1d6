/* The what-if page for a Board meeting: a small web server (GNU
 * libmicrohttpd) that holds one base scenario, runs it once, and answers each
 * change of its levers and initiatives by running the alternative on common
 * random numbers against the cached base, as levels and differences in JSON
 * and on a page it serves itself (nothing is fetched from the internet).
 *
 * A request never blocks the server: every connection has its own thread, one
 * worker thread runs the simulations, and a newer change cancels an older one
 * still running. Requests are bounded in size and rate; only the keys the
 * scenario offers as controls can be changed, each checked exactly like
 * --set; no path from a request reaches the file system except a file name in
 * the save folder. Bound to a loopback address by default; on any other
 * address every request needs the token the server makes at start.
 *
 * Like every library module it never prints or exits: the caller (src/cli)
 * prints the address and stops the server. */
#ifndef CARECAST_SERVE_H
#define CARECAST_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/output.h"
#include "carecast/status.h"

#define CC_SERVE_DEFAULT_PORT 8080
#define CC_SERVE_DEFAULT_PATHS 2000

/* Draws the pictures of the chart scripts in dir (gnuplot); returns how many
 * were drawn. Optional: without it, downloaded reports have no charts. */
typedef size_t (*cc_chart_renderer)(const char *dir, const cc_chart_set *charts);

typedef struct cc_serve_options {
    const char *scenario_path;  /* the base scenario */
    const char *host;           /* address to bind, NULL = "127.0.0.1" */
    unsigned port;              /* 0 = any free port (see cc_server_url) */
    size_t n_paths;             /* paths per run, 0 = CC_SERVE_DEFAULT_PATHS */
    int threads;                /* OpenMP threads per run, 0 = all cores */
    const char *save_dir;       /* where "Save as scenario" writes; NULL = the
                                   base scenario's directory */
    cc_chart_renderer render_charts;
} cc_serve_options;

typedef struct cc_server cc_server;

/* Loads the base scenario (problems into errors, as "file:line: key: message"),
 * runs it, and starts serving. On success stores the server in *out (stop it
 * with cc_server_stop). Returns CC_OK, the loader's status, CC_ERR_INVALID
 * (a bad host, or a save folder that is not a directory), CC_ERR_IO (the
 * port cannot be bound), CC_ERR_NOMEM or the engine's status. */
cc_status cc_server_start(const cc_serve_options *opts, cc_server **out, cc_errlist *errors);

/* The address to open, e.g. "http://127.0.0.1:8080/", with "?token=..." when
 * the server is bound to a non-loopback address and so needs its token. */
const char *cc_server_url(const cc_server *server);

/* True when requests need the token (the server is not on loopback). */
bool cc_server_needs_token(const cc_server *server);

/* Stops serving (waits for requests in flight), frees everything; NULL is
 * allowed. */
void cc_server_stop(cc_server *server);

#endif
