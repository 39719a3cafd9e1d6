/* Helpers shared by the carecast commands: loading scenarios (printing every
 * problem), the progress bar, drawing charts with gnuplot. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_internal.h"

int cli_load(const char *path, const cli_options *opts, cc_scenario **out)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_status st =
        cc_scenario_load(path, opts->overrides, opts->n_overrides, out, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    if (st != CC_OK)
        fprintf(stderr, "carecast: %s: %zu problem%s found\n", path, errors.count,
                errors.count == 1 ? "" : "s");
    cc_errlist_destroy(&errors);
    return st == CC_OK ? EXIT_OK : EXIT_INVALID;
}

double cli_seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

void cli_show_progress(void *context, size_t done, size_t total)
{
    cli_progress *ps = context;
    /* Only runs that last more than a second get a bar. */
    if (cli_seconds_since(&ps->start) < 1.0 && !ps->shown)
        return;
    const int width = 40, filled = (int)((double)width * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %3d%% of %zu paths", filled,
            "########################################", width - filled, "",
            (int)(100.0 * (double)done / (double)total), total);
    ps->shown = 1;
}

/* ---- signals ---- */

/* Set by the handler only; a lock-free atomic may be stored from a handler. */
static atomic_bool interrupted;
static volatile sig_atomic_t interrupt_signal;
_Static_assert(ATOMIC_BOOL_LOCK_FREE == 2, "the interrupt flag must be lock-free");

static void on_signal(int sig)
{
    interrupt_signal = sig;
    atomic_store(&interrupted, true);
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: waiting for gnuplot returns EINTR */
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], &sa, NULL);
}

const atomic_bool *cli_interrupt_flag(void)
{
    return &interrupted;
}

cc_status cli_interrupted(cc_error *err)
{
    if (!atomic_load(&interrupted))
        return CC_OK;
    return cc_error_set(err, CC_ERR_CANCELLED,
                        "interrupted by signal %d; the output folder is left as it was",
                        (int)interrupt_signal);
}

int cli_exit_code(cc_status st)
{
    if (st == CC_OK)
        return EXIT_OK;
    if (atomic_load(&interrupted))
        return 128 + (int)interrupt_signal;
    return st == CC_ERR_INVALID ? EXIT_INVALID : EXIT_RUN_FAILED;
}

/* ---- run ---- */

extern char **environ;

/* Ends the gnuplot processes not yet waited for (they stay zombies until
 * then, so their ids cannot be reused meanwhile). */
static void stop_children(const pid_t *pids, const bool *reaped, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!reaped[i])
            kill(pids[i], SIGTERM);
}

/* Runs gnuplot on every chart script in dir, all at once, and waits for them.
 * Each one's messages go to dir/NAME.log, kept only when it fails. Returns how
 * many charts were drawn; warns once when gnuplot is not installed. */
size_t cli_render_charts(const char *dir, const cc_chart_set *charts)
{
    if (strchr(dir, '\'') != NULL) {
        fprintf(stderr, "carecast: warning: charts not drawn: the output path contains a quote\n");
        return 0;
    }
    char cd[CC_PATH_MAX + 64], program[] = "gnuplot", option[] = "-e";
    snprintf(cd, sizeof cd, "cd '%.1050s'", dir);
    pid_t pids[CC_CHARTS_MAX];
    char logs[CC_CHARTS_MAX][CC_PATH_MAX + 64];
    size_t started = 0, drawn = 0;
    for (size_t i = 0; i < charts->n && !atomic_load(&interrupted); i++) {
        char script[CC_CHART_NAME_MAX + 8];
        snprintf(script, sizeof script, "%s.gp", charts->names[i]);
        snprintf(logs[i], sizeof logs[i], "%s/%s.log", dir, charts->names[i]);
        char *argv[] = {program, option, cd, script, NULL};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, logs[i],
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = posix_spawnp(&pids[i], "gnuplot", &actions, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            remove(logs[i]);
            fprintf(stderr,
                    "carecast: warning: charts not drawn: cannot run gnuplot (%s); install the "
                    "Debian package gnuplot-nox. Their data and scripts are in %s/\n",
                    strerror(rc), dir);
            break;
        }
        started = i + 1;
    }
    /* A signal interrupts the wait: the children are ended, then waited for,
     * so none is left drawing into a folder that is being removed. */
    bool reaped[CC_CHARTS_MAX] = {false};
    for (size_t i = 0; i < started; i++) {
        int status = 0;
        pid_t r;
        while ((r = waitpid(pids[i], &status, 0)) < 0 && errno == EINTR)
            if (atomic_load(&interrupted))
                stop_children(pids, reaped, started);
        reaped[i] = true;
        if (atomic_load(&interrupted)) {
            stop_children(pids, reaped, started);
        } else if (r == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            remove(logs[i]);
            drawn++;
        } else {
            /* dir is the staging folder, gone once the run is published: name the
             * log where the user will find it. */
            fprintf(stderr,
                    "carecast: warning: gnuplot could not draw %s (its messages: "
                    "charts/%s.log in the output folder)\n",
                    charts->names[i], charts->names[i]);
        }
    }
    return drawn;
}


cc_status cli_charts(const char *dir, cli_chart_writer write_charts, void *context,
                     cc_chart_set *charts, bool *drawn, cc_error *err)
{
    *drawn = false;
    charts->n = 0;
    cc_status st = write_charts(dir, context, charts, err);
    if (st == CC_OK)
        *drawn = cli_render_charts(dir, charts) > 0;
    return st == CC_OK ? cli_interrupted(err) : st;
}
