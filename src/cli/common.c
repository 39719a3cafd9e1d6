/* Helpers shared by the carecast commands: loading scenarios (printing every
 * problem), the progress bar, drawing charts with gnuplot. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* ---- run ---- */

extern char **environ;

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
    for (size_t i = 0; i < charts->n; i++) {
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
    for (size_t i = 0; i < started; i++) {
        int status = 0;
        if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0) {
            remove(logs[i]);
            drawn++;
        } else {
            fprintf(stderr, "carecast: warning: gnuplot could not draw %s (see %s)\n",
                    charts->names[i], logs[i]);
        }
    }
    return drawn;
}


/* Removes an earlier run's chart files from dir (carecast's own charts/
 * directory), so a chart this run does not draw is not left behind. */
static void clear_charts(const char *dir)
{
    static const char *const endings[] = {".gp", ".dat", ".svg", ".png", ".log"};
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const size_t len = strlen(e->d_name);
        for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
            const size_t n = strlen(endings[i]);
            if (len > n && strcmp(e->d_name + len - n, endings[i]) == 0) {
                char path[CC_PATH_MAX + 300];
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                remove(path);
                break;
            }
        }
    }
    closedir(d);
}

cc_status cli_charts(const char *dir, cli_chart_writer write_charts, void *context,
                     cc_chart_set *charts, bool *drawn, cc_error *err)
{
    *drawn = false;
    charts->n = 0;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", dir, strerror(errno));
    clear_charts(dir);
    cc_status st = write_charts(dir, context, charts, err);
    if (st == CC_OK)
        *drawn = cli_render_charts(dir, charts) > 0;
    return st;
}

cc_status cli_write_staged(const char *dir, const char *name, cli_file_writer write,
                           const void *context, cc_error *err)
{
    cc_staged_file sf;
    cc_status st = cc_staged_open(dir, name, &sf, err);
    if (st == CC_OK)
        st = write(sf.f, context, err);
    if (st == CC_OK)
        st = cc_staged_close(&sf, err);
    if (st == CC_OK)
        st = cc_staged_publish(&sf, err);
    cc_staged_discard(&sf);
    return st;
}
