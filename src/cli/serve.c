/* carecast serve: starts the what-if page (src/serve), prints its address,
 * and stops it on Ctrl-C (SIGINT) or SIGTERM. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>

#include <omp.h>

#include "carecast/serve.h"
#include "cli/cli_internal.h"

int cli_serve(const cli_options *opts)
{
    /* Every thread the server starts inherits this mask, so the signals
     * reach only sigwait below. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

    const cc_serve_options so = {
        .scenario_path = opts->scenario_path,
        .host = opts->host,
        .port = (unsigned)opts->port,
        .n_paths = (size_t)opts->serve_paths,
        .threads = opts->serve_threads > 0 ? (int)opts->serve_threads : omp_get_max_threads(),
        .save_dir = opts->save_dir,
        .render_charts = cli_render_charts,
    };
    fprintf(stderr, "carecast serve: running %s once as the base (%zu paths)...\n",
            opts->scenario_path, so.n_paths > 0 ? so.n_paths : (size_t)CC_SERVE_DEFAULT_PATHS);
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_server *server = NULL;
    const cc_status st = cc_server_start(&so, &server, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    cc_errlist_destroy(&errors);
    if (st != CC_OK) {
        fprintf(stderr, "carecast: serve: not started\n");
        return st == CC_ERR_INVALID || st == CC_ERR_PARSE ? EXIT_INVALID : EXIT_RUN_FAILED;
    }
    printf("carecast serve: open %s\n", cc_server_url(server));
    if (cc_server_needs_token(server))
        printf("The address carries a token: anyone with it can use the page, so share it only "
               "with the meeting.\n");
    printf("Press Ctrl-C to stop.\n");
    fflush(stdout);
    int sig = 0;
    sigwait(&stop_signals, &sig);
    cc_server_stop(server);
    fprintf(stderr, "carecast serve: stopped\n");
    return EXIT_OK;
}
