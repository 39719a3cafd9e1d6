/* Helpers shared by the carecast commands: loading scenarios (printing every
 * problem), the progress bar, drawing charts with gnuplot. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_internal.h"

static int load(const char *path, const cli_options *opts, cc_scenario **out, bool warn)
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
    for (size_t i = 0; st == CC_OK && warn && i < (*out)->n_warnings; i++)
        fprintf(stderr, "carecast: warning: %s\n", (*out)->warnings[i]);
    cc_errlist_destroy(&errors);
    return st == CC_OK ? EXIT_OK : EXIT_INVALID;
}

int cli_load(const char *path, const cli_options *opts, cc_scenario **out)
{
    return load(path, opts, out, true);
}

int cli_load_quietly(const char *path, const cli_options *opts, cc_scenario **out)
{
    return load(path, opts, out, false);
}

double cli_seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

/* CPU seconds of this process's threads and of its children reaped so far. */
static double cpu_seconds(void)
{
    struct timespec own;
    struct rusage children;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &own);
    getrusage(RUSAGE_CHILDREN, &children);
    return (double)own.tv_sec + 1e-9 * (double)own.tv_nsec + (double)children.ru_utime.tv_sec +
           (double)children.ru_stime.tv_sec +
           1e-6 * (double)(children.ru_utime.tv_usec + children.ru_stime.tv_usec);
}

void cli_timings_start(cli_timings *t)
{
    memset(t, 0, sizeof *t);
    const char *on = getenv("CARECAST_TIMINGS");
    t->on = on != NULL && strcmp(on, "1") == 0;
    clock_gettime(CLOCK_MONOTONIC, &t->start);
    t->last = t->start;
    t->last_cpu = t->on ? cpu_seconds() : 0.0;
}

void cli_timings_mark(cli_timings *t, const char *phase)
{
    if (!t->on || t->n == CLI_PHASES_MAX)
        return;
    const double cpu = cpu_seconds();
    t->names[t->n] = phase;
    t->cpu_seconds[t->n] = cpu - t->last_cpu;
    t->seconds[t->n++] = cli_seconds_since(&t->last);
    clock_gettime(CLOCK_MONOTONIC, &t->last);
    t->last_cpu = cpu;
}

/* "carecast: timings: PHASE WALL/CPU ... total WALL/CPU", seconds. */
void cli_timings_print(const cli_timings *t)
{
    if (!t->on)
        return;
    fputs("carecast: timings:", stderr);
    double cpu = 0.0;
    for (size_t i = 0; i < t->n; i++) {
        fprintf(stderr, " %s %.4f/%.4f", t->names[i], t->seconds[i], t->cpu_seconds[i]);
        cpu += t->cpu_seconds[i];
    }
    fprintf(stderr, " total %.4f/%.4f\n", cli_seconds_since(&t->start), cpu);
}

void cli_progress_start(cli_progress *ps)
{
    memset(ps, 0, sizeof *ps);
    clock_gettime(CLOCK_MONOTONIC, &ps->start);
    const char *now = getenv("CARECAST_PROGRESS_NOW");
    ps->immediate = now != NULL && strcmp(now, "1") == 0;
}

void cli_show_progress(void *context, size_t done, size_t total)
{
    cli_progress *ps = context;
    const double elapsed = cli_seconds_since(&ps->start);
    /* Only runs that last more than a second get a bar (every run, when the
     * tests ask with CARECAST_PROGRESS_NOW=1, so they need not be slow). */
    if ((elapsed < 1.0 && !ps->shown && !ps->immediate) || total == 0)
        return;
    const double share = (double)done / (double)total;
    const int width = 40, filled = (int)((double)width * share);
    /* The time left at the pace so far: paths take about the same time each. */
    char left[48] = "";
    if (done > 0 && done < total) {
        const double seconds = elapsed * (1.0 - share) / share;
        if (seconds < 90.0)
            snprintf(left, sizeof left, ", about %.0f s left", ceil(seconds));
        else
            snprintf(left, sizeof left, ", about %.0f min left", ceil(seconds / 60.0));
    }
    fprintf(stderr, "\r[%.*s%*s] %3d%% of %zu %s%s   ", filled,
            "########################################", width - filled, "",
            (int)(100.0 * share), total, ps->unit != NULL ? ps->unit : "paths", left);
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

size_t cli_memory_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (f == NULL)
        return 0;
    char line[128];
    unsigned long long kib = 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
            break;
    fclose(f);
    return (size_t)kib * 1024u;
}

int cli_check_memory(const cc_scenario *sc, size_t n_paths, size_t copies, bool can_bound,
                     bool chatty)
{
    cc_results *shape = NULL;
    cc_error err = {0};
    if (cc_results_alloc(sc, 1, &shape, &err) != CC_OK)
        return EXIT_OK; /* the real allocation will say why */
    /* Each path holds a float per metric per month and per year. */
    const double per_path = 4.0 * (double)shape->n_metrics *
                            (double)(shape->n_months + shape->n_years) * (double)copies;
    cc_results_free(shape);
    const double need = per_path * (double)n_paths, have = (double)cli_memory_available();
    const double gb = 1024.0 * 1024.0 * 1024.0;
    if (have > 0.0 && need > have) {
        const double fits = floor(have / per_path / 1000.0) * 1000.0;
        fprintf(stderr,
                "carecast: error: %zu paths need about %.1f GB of memory, more than the %.1f GB "
                "this machine has available; use --paths %.0f or fewer%s\n",
                n_paths, need / gb, have / gb, fits > 0.0 ? fits : 1.0,
                can_bound ? ", or --memory bounded (or auto) to summarise them as they run" : "");
        return EXIT_INVALID;
    }
    if (chatty && need > gb)
        fprintf(stderr, "carecast: this run needs about %.1f GB of memory (%.1f GB available)\n",
                need / gb, have / gb);
    return EXIT_OK;
}

bool cli_chatty(const cli_options *opts)
{
    return !opts->quiet && isatty(STDERR_FILENO);
}

void cli_say(bool chatty, cli_progress *ps, const char *what)
{
    if (!chatty)
        return;
    if (ps != NULL && ps->shown) {
        fputc('\n', stderr);
        ps->shown = 0;
    }
    fprintf(stderr, "carecast: %s\n", what);
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

/* Starts gnuplot in dir on the scripts of charts first, first + step, ... (each after a
 * "reset session", so no setting leaks from one chart into the next), its messages to log.
 * Returns 0 or the error of posix_spawnp. */
static int spawn_gnuplot(const char *cd, const cc_chart_set *charts, size_t first, size_t step,
                         const char *log, pid_t *pid)
{
    enum { ARGS_MAX = 3 + 3 * CC_CHARTS_MAX + 1 };
    char program[] = "gnuplot", option[] = "-e", reset[] = "reset session";
    char scripts[CC_CHARTS_MAX][CC_CHART_NAME_MAX + 8], cd_copy[CC_PATH_MAX + 64];
    snprintf(cd_copy, sizeof cd_copy, "%s", cd); /* posix_spawnp takes char *const argv[] */
    char *argv[ARGS_MAX];
    size_t n = 0;
    argv[n++] = program;
    argv[n++] = option;
    argv[n++] = cd_copy;
    for (size_t i = first; i < charts->n; i += step) {
        snprintf(scripts[i], sizeof scripts[i], "%s.gp", charts->names[i]);
        if (i > first) {
            argv[n++] = option;
            argv[n++] = reset;
        }
        argv[n++] = scripts[i];
    }
    argv[n] = NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const int rc = posix_spawnp(pid, "gnuplot", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc;
}

/* Waits for pids[0..n), writing whether each exited 0 to ok. A signal interrupts the wait: the
 * children are ended, then waited for, so none is left drawing into a folder that is being
 * removed. */
static void wait_gnuplots(const pid_t *pids, size_t n, bool *ok)
{
    bool reaped[CC_CHARTS_MAX] = {false};
    for (size_t i = 0; i < n; i++) {
        int status = 0;
        pid_t r;
        while ((r = waitpid(pids[i], &status, 0)) < 0 && errno == EINTR)
            if (atomic_load(&interrupted))
                stop_children(pids, reaped, n);
        reaped[i] = true;
        if (atomic_load(&interrupted))
            stop_children(pids, reaped, n);
        ok[i] = r == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
}

/* Starts charts first, first + step, ... with one gnuplot each per group, all at once (dr->pids,
 * dr->started); a missing gnuplot is reported once (dr->missing). */
static void spawn_groups(cli_drawing *dr, const cc_chart_set *charts, size_t groups, bool one_each)
{
    dr->charts = charts;
    dr->groups = groups;
    dr->one_each = one_each;
    dr->started = 0;
    for (size_t g = 0; g < groups && !atomic_load(&interrupted) && !dr->missing; g++) {
        snprintf(dr->logs[g], sizeof dr->logs[g], "%s/%s.log", dr->dir, charts->names[g]);
        const int rc = spawn_gnuplot(dr->cd, charts, g, one_each ? charts->n : groups,
                                     dr->logs[g], &dr->pids[g]);
        if (rc != 0) {
            remove(dr->logs[g]);
            fprintf(stderr,
                    "carecast: warning: charts not drawn: cannot run gnuplot (%s); install the "
                    "Debian package gnuplot-nox. Their data and scripts are in %s/\n",
                    strerror(rc), dr->dir);
            dr->missing = true;
            break;
        }
        dr->started = g + 1;
    }
}

/* Waits for the gnuplots spawn_groups started; returns how many charts they drew. A chart that
 * fails leaves dir/NAME.log. */
static size_t reap_groups(cli_drawing *dr)
{
    bool ok[CC_CHARTS_MAX];
    wait_gnuplots(dr->pids, dr->started, ok);
    size_t drawn = 0;
    const size_t step = dr->one_each ? dr->charts->n : dr->groups;
    for (size_t g = 0; g < dr->started && !atomic_load(&interrupted); g++) {
        if (ok[g] || !dr->one_each)
            remove(dr->logs[g]); /* a failed share is drawn again, one chart a process */
        else /* dir is the staging folder, gone once the run is published: name the log
                where the user will find it */
            fprintf(stderr,
                    "carecast: warning: gnuplot could not draw %s (its messages: "
                    "charts/%s.log in the output folder)\n",
                    dr->charts->names[g], dr->charts->names[g]);
        for (size_t i = g; ok[g] && i < dr->charts->n; i += step)
            drawn++;
    }
    dr->started = 0;
    return drawn;
}

/* Whether chart name's SVG and PNG are both in dir. */
static bool chart_drawn(const char *dir, const char *name)
{
    char path[CC_PATH_MAX + 64];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s.svg", dir, name);
    if (stat(path, &st) != 0 || st.st_size == 0)
        return false;
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    return stat(path, &st) == 0 && st.st_size > 0;
}

/* Starts drawing every chart script in dir with one gnuplot per core (starting gnuplot and
 * loading its fonts costs more than most charts), each drawing its share in turn, and returns
 * at once: the caller writes its other files meanwhile. */
void cli_draw_start(const char *dir, const cc_chart_set *charts, cli_drawing *dr)
{
    memset(dr, 0, sizeof *dr);
    dr->dir = dir;
    dr->charts = charts;
    if (strchr(dir, '\'') != NULL) {
        fprintf(stderr, "carecast: warning: charts not drawn: the output path contains a quote\n");
        return;
    }
    if (charts->n == 0)
        return;
    snprintf(dr->cd, sizeof dr->cd, "cd '%.1050s'", dir);
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    spawn_groups(dr, charts, cores < 1 ? 1 : (size_t)cores < charts->n ? (size_t)cores : charts->n,
                 false);
}

/* Waits for the drawing cli_draw_start began. gnuplot stops at a script's first error, so the
 * charts of a process that failed are drawn again one process each, which names the chart that
 * fails (its messages in dir/NAME.log, kept). Returns how many charts were drawn. */
size_t cli_draw_finish(cli_drawing *dr)
{
    const cc_chart_set *charts = dr->charts;
    if (dr->started == 0)
        return 0;
    size_t drawn = reap_groups(dr);
    if (drawn == charts->n || dr->missing || atomic_load(&interrupted))
        return drawn;
    cc_chart_set again = {0};
    for (size_t i = 0; i < charts->n; i++)
        if (!chart_drawn(dr->dir, charts->names[i]))
            memcpy(again.names[again.n++], charts->names[i], CC_CHART_NAME_MAX);
    drawn = charts->n - again.n;
    spawn_groups(dr, &again, again.n, true);
    return drawn + reap_groups(dr);
}

size_t cli_render_charts(const char *dir, const cc_chart_set *charts)
{
    cli_drawing *dr = malloc(sizeof *dr);
    if (dr == NULL)
        return 0;
    cli_draw_start(dir, charts, dr);
    const size_t drawn = cli_draw_finish(dr);
    free(dr);
    return drawn;
}

cc_status cli_charts_start(const char *dir, cli_chart_writer write_charts, void *context,
                           cc_chart_set *charts, cli_drawing *dr, cc_error *err)
{
    memset(dr, 0, sizeof *dr);
    charts->n = 0;
    cc_status st = write_charts(dir, context, charts, err);
    if (st == CC_OK)
        cli_draw_start(dir, charts, dr);
    return st == CC_OK ? cli_interrupted(err) : st;
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
