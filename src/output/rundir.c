/* The output directory of a run. A run locks it (.carecast.lock) against
 * other carecast runs, writes every file into a private staging folder
 * (.carecast-stage-XXXXXX, made by mkdtemp), and publishes by renames:
 * the earlier run's run.json and files move aside into the staging folder,
 * the new files move in, and run.json, which lists them, moves in last. So
 * run.json, when present, always describes the files beside it; a failure or
 * a cancel before that last rename puts the earlier run back. Only names an
 * earlier run recorded in run.json, or this run's own, are ever moved or
 * removed: the user's other files stay, and no symbolic link is followed. */
#define _DEFAULT_SOURCE /* flock, mkdtemp, openat and friends */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "carecast/output.h"

#define LOCK_NAME ".carecast.lock"
#define STAGE_PREFIX ".carecast-stage-"
#define BACKUP_NAME ".old" /* inside the staging folder: the earlier run's files */
#define CHARTS "charts"
#define RUN_JSON "run.json"
#define RUN_JSON_MAX (1 << 20) /* bytes read from an earlier run.json */
#define TREE_DEPTH_MAX 3       /* stage/.old/charts */

/* One step of publishing, undone in reverse on failure. */
typedef struct step {
    const char *name; /* "x.csv" or "charts/x.svg" */
    bool published;   /* moved from the staging folder into place (else: moved aside) */
} step;

struct cc_rundir {
    char dir[CC_PATH_MAX];                              /* as given */
    int dir_fd, lock_fd, stage_fd;                      /* -1 when not open */
    char stage[CC_PATH_MAX + 32];                       /* "" until made */
    char stage_charts[CC_PATH_MAX + 40];
    const atomic_bool *cancel;                          /* borrowed, may be NULL */
    size_t n_old;
    char old[CC_OUTPUTS_MAX][CC_OUTPUT_NAME_MAX];       /* recorded by the earlier run */
    size_t n_new;
    char outputs[CC_OUTPUTS_MAX][CC_OUTPUT_NAME_MAX];   /* staged by this run, sorted */
    const char *output_names[CC_OUTPUTS_MAX];
    size_t n_steps;
    step steps[3 * CC_OUTPUTS_MAX];
};

/* ---- names ---- */

static bool name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || (!first && (c == '-' || c == '.'));
}

/* An output name carecast could have written: "NAME" or "charts/NAME" with
 * NAME of letters, digits, _ - . (not first), so it cannot leave the folder. */
static bool valid_output_name(const char *name)
{
    const char *base = strncmp(name, CHARTS "/", sizeof CHARTS) == 0 ? name + sizeof CHARTS : name;
    if (strlen(name) >= CC_OUTPUT_NAME_MAX || !name_char(base[0], true))
        return false;
    for (const char *c = base; *c != '\0'; c++)
        if (!name_char(*c, false))
            return false;
    return true;
}

static bool in_charts(const char *name)
{
    return strncmp(name, CHARTS "/", sizeof CHARTS) == 0;
}

static const char *base_name(const char *name)
{
    return in_charts(name) ? name + sizeof CHARTS : name;
}

static bool cancelled(const cc_rundir *rd)
{
    return rd->cancel != NULL && atomic_load(rd->cancel);
}

static cc_status interrupted(const cc_rundir *rd, cc_error *err)
{
    return cc_error_set(err, CC_ERR_CANCELLED, "%s: interrupted; the earlier run is left as it was",
                        rd->dir);
}

/* ---- opening ---- */

static int open_dir_at(int parent_fd, const char *name)
{
    return openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* A listing of the folder name under parent_fd, through a descriptor of its
 * own (a dup would share another listing's position); NULL with errno set. */
static DIR *list_dir_at(int parent_fd, const char *name)
{
    const int fd = open_dir_at(parent_fd, name);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (d == NULL && fd >= 0) {
        const int saved = errno;
        close(fd);
        errno = saved;
    }
    return d;
}

static cc_status make_dirs(const char *dir, cc_error *err)
{
    char path[CC_PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return cc_error_set(err, CC_ERR_IO, "%s: path too long", dir);
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    return CC_OK;
}

/* Refuses a non-empty directory that holds nothing of carecast's: no
 * run.json, lock or staging folder (a killed run leaves the last two). */
static cc_status check_ours(const char *dir, int dir_fd, cc_error *err)
{
    DIR *d = list_dir_at(dir_fd, ".");
    if (d == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot open: %s", dir, strerror(errno));
    bool empty = true, ours = false;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        ours |= strcmp(e->d_name, RUN_JSON) == 0 || strcmp(e->d_name, LOCK_NAME) == 0 ||
                strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) == 0;
    }
    closedir(d);
    if (!empty && !ours)
        return cc_error_set(err, CC_ERR_INVALID,
                            "%s: directory is not empty and holds no earlier carecast run "
                            "(no run.json); choose another --out",
                            dir);
    return CC_OK;
}

/* charts/, when present, must be a real directory: deleting or writing
 * through a link could reach any folder. */
static cc_status check_charts(const char *dir, int dir_fd, cc_error *err)
{
    struct stat st;
    if (fstatat(dir_fd, CHARTS, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? CC_OK
                               : cc_error_set(err, CC_ERR_IO, "%s/" CHARTS ": %s", dir,
                                              strerror(errno));
    if (S_ISLNK(st.st_mode))
        return cc_error_set(err, CC_ERR_IO,
                            "%s/" CHARTS " is a symbolic link; carecast writes charts only into "
                            "a real directory there: remove or rename the link",
                            dir);
    if (!S_ISDIR(st.st_mode))
        return cc_error_set(err, CC_ERR_IO,
                            "%s/" CHARTS " is not a directory; carecast writes its charts "
                            "there: remove or rename it",
                            dir);
    return CC_OK;
}

static cc_status take_lock(cc_rundir *rd, cc_error *err)
{
    rd->lock_fd = openat(rd->dir_fd, LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (rd->lock_fd < 0)
        return cc_error_set(err, CC_ERR_IO, "%s/" LOCK_NAME ": cannot open: %s", rd->dir,
                            strerror(errno));
    if (flock(rd->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return CC_OK;
    if (errno == EWOULDBLOCK)
        return cc_error_set(err, CC_ERR_INVALID,
                            "%s is in use by another carecast run (it holds %s/" LOCK_NAME
                            "); wait for it to finish, or choose another --out",
                            rd->dir, rd->dir);
    return cc_error_set(err, CC_ERR_IO, "%s/" LOCK_NAME ": cannot lock: %s", rd->dir,
                        strerror(errno));
}

/* Removes name under parent_fd: a folder of carecast's making, with its
 * files and folders to TREE_DEPTH_MAX levels, following no link. */
static void remove_tree(int parent_fd, const char *name, int depth)
{
    DIR *d = list_dir_at(parent_fd, name);
    if (d == NULL)
        return;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (!S_ISDIR(st.st_mode))
            unlinkat(dirfd(d), e->d_name, 0);
        else if (depth < TREE_DEPTH_MAX)
            remove_tree(dirfd(d), e->d_name, depth + 1);
    }
    closedir(d);
    unlinkat(parent_fd, name, AT_REMOVEDIR);
}

/* Staging folders of runs that were killed (the lock is ours, so no live
 * run owns one). */
static void remove_stale_stages(int dir_fd)
{
    DIR *d = list_dir_at(dir_fd, ".");
    if (d == NULL)
        return;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) == 0)
            remove_tree(dir_fd, e->d_name, 1);
    closedir(d);
}

/* ---- the earlier run's list of outputs ---- */

/* Reads run.json's "outputs" array (as cc_json_write_run writes it) into
 * rd->old, keeping only valid names; anything else is left alone. */
static void read_old_outputs(cc_rundir *rd)
{
    const int fd = openat(rd->dir_fd, RUN_JSON, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    char *text = malloc(RUN_JSON_MAX + 1);
    ssize_t n = 0, got = 0;
    while (text != NULL && n < RUN_JSON_MAX &&
           (got = read(fd, text + n, (size_t)(RUN_JSON_MAX - n))) > 0)
        n += got;
    close(fd);
    if (text == NULL)
        return;
    text[n] = '\0';
    const char *p = strstr(text, "\"outputs\": [");
    if (p != NULL)
        p = strchr(p, '[');
    while (p != NULL && (p = strpbrk(p + 1, "\"]")) != NULL && *p == '"' &&
           rd->n_old < CC_OUTPUTS_MAX) {
        const char *end = strchr(p + 1, '"');
        if (end == NULL)
            break;
        const size_t len = (size_t)(end - p - 1);
        char *name = rd->old[rd->n_old];
        if (len < CC_OUTPUT_NAME_MAX) {
            memcpy(name, p + 1, len);
            name[len] = '\0';
            rd->n_old += valid_output_name(name) && strcmp(name, RUN_JSON) != 0;
        }
        p = end;
    }
    free(text);
}

cc_status cc_rundir_open(const char *dir, const atomic_bool *cancel, cc_rundir **out,
                         cc_error *err)
{
    *out = NULL;
    if (dir[0] == '\0')
        return cc_error_set(err, CC_ERR_IO, "output directory name is empty");
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT)
            return cc_error_set(err, CC_ERR_IO, "%s: %s", dir, strerror(errno));
        const cc_status made = make_dirs(dir, err);
        if (made != CC_OK)
            return made;
    } else if (!S_ISDIR(st.st_mode)) {
        /* A folder the user chose that cannot hold the run is a usage error
         * (CC_ERR_INVALID: exit 2); failing to read or create one is I/O. */
        return cc_error_set(err, CC_ERR_INVALID, "%s: exists and is not a directory", dir);
    }
    cc_rundir *rd = calloc(1, sizeof *rd);
    if (rd == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "%s: out of memory", dir);
    rd->dir_fd = rd->lock_fd = rd->stage_fd = -1;
    rd->cancel = cancel;
    snprintf(rd->dir, sizeof rd->dir, "%s", dir);
    cc_status s = CC_OK;
    rd->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rd->dir_fd < 0)
        s = cc_error_set(err, CC_ERR_IO, "%s: cannot open: %s", dir, strerror(errno));
    if (s == CC_OK)
        s = check_ours(dir, rd->dir_fd, err);
    if (s == CC_OK && faccessat(rd->dir_fd, ".", W_OK, 0) != 0)
        s = cc_error_set(err, CC_ERR_IO, "%s: not writable: %s", dir, strerror(errno));
    if (s == CC_OK)
        s = take_lock(rd, err);
    if (s == CC_OK)
        s = check_charts(dir, rd->dir_fd, err);
    if (s != CC_OK) {
        cc_rundir_free(rd);
        return s;
    }
    remove_stale_stages(rd->dir_fd);
    read_old_outputs(rd);
    *out = rd;
    return CC_OK;
}

void cc_rundir_free(cc_rundir *rd)
{
    if (rd == NULL)
        return;
    if (rd->stage_fd >= 0)
        close(rd->stage_fd);
    if (rd->stage[0] != '\0')
        remove_tree(rd->dir_fd, strrchr(rd->stage, '/') + 1, 1);
    if (rd->lock_fd >= 0)
        close(rd->lock_fd); /* releases the lock */
    if (rd->dir_fd >= 0)
        close(rd->dir_fd);
    free(rd);
}

/* ---- staging ---- */

cc_status cc_rundir_stage(cc_rundir *rd, const char **dir, const char **charts_dir,
                          cc_error *err)
{
    if (rd->stage[0] == '\0') {
        snprintf(rd->stage, sizeof rd->stage, "%s/" STAGE_PREFIX "XXXXXX", rd->dir);
        if (mkdtemp(rd->stage) == NULL) {
            rd->stage[0] = '\0';
            return cc_error_set(err, CC_ERR_IO, "%s: cannot create a staging folder: %s",
                                rd->dir, strerror(errno));
        }
        snprintf(rd->stage_charts, sizeof rd->stage_charts, "%s/" CHARTS, rd->stage);
        rd->stage_fd = open(rd->stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (rd->stage_fd < 0 || mkdirat(rd->stage_fd, CHARTS, 0777) != 0)
            return cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", rd->stage_charts,
                                strerror(errno));
    }
    *dir = rd->stage;
    if (charts_dir != NULL)
        *charts_dir = rd->stage_charts;
    return CC_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Adds the regular files of the staging folder (prefix "" or "charts/") to
 * the outputs; dot files (a writer's temporary names) are not outputs. */
static cc_status scan(cc_rundir *rd, const char *prefix, cc_error *err)
{
    DIR *d = list_dir_at(rd->stage_fd, prefix[0] == '\0' ? "." : CHARTS);
    if (d == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot read: %s", rd->stage, strerror(errno));
    cc_status s = CC_OK;
    const struct dirent *e;
    while (s == CC_OK && (e = readdir(d)) != NULL) {
        struct stat st;
        char name[sizeof e->d_name + sizeof CHARTS];
        const int len = snprintf(name, sizeof name, "%s%s", prefix, e->d_name);
        if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        if (!valid_output_name(name) || rd->n_new >= CC_OUTPUTS_MAX)
            s = cc_error_set(err, CC_ERR_IO, "%s/%s: not an output name carecast can record",
                             rd->stage, name);
        else
            memcpy(rd->outputs[rd->n_new++], name, (size_t)len + 1);
    }
    closedir(d);
    return s;
}

cc_status cc_rundir_collect(cc_rundir *rd, const char *const **names, size_t *n, cc_error *err)
{
    const char *dir = NULL;
    cc_status s = cc_rundir_stage(rd, &dir, NULL, err);
    rd->n_new = 0;
    if (s == CC_OK)
        s = scan(rd, "", err);
    if (s == CC_OK)
        s = scan(rd, CHARTS "/", err);
    bool has_run_json = false;
    for (size_t i = 0; i < rd->n_new; i++)
        has_run_json |= strcmp(rd->outputs[i], RUN_JSON) == 0;
    if (s == CC_OK && !has_run_json && rd->n_new < CC_OUTPUTS_MAX)
        snprintf(rd->outputs[rd->n_new++], CC_OUTPUT_NAME_MAX, RUN_JSON);
    qsort(rd->outputs, rd->n_new, sizeof rd->outputs[0], compare_names);
    for (size_t i = 0; i < rd->n_new; i++)
        rd->output_names[i] = rd->outputs[i];
    *names = rd->output_names;
    *n = s == CC_OK ? rd->n_new : 0;
    return s;
}

/* ---- publishing ---- */

enum { FINAL, STAGED, ASIDE };

/* Folders of publishing: the output folder, the staging folder and the
 * earlier run's files moved aside, each with its charts/ (-1 when absent). */
typedef struct places {
    int fd[3][2]; /* [FINAL|STAGED|ASIDE][top, charts] */
    bool made_charts;
} places;

static int folder(const places *pl, int where, const char *name)
{
    return pl->fd[where][in_charts(name) ? 1 : 0];
}


/* Opens the folders; makes charts/ in the output folder when a chart is
 * published and there is none. A charts/ that became a link is refused. */
static cc_status open_places(cc_rundir *rd, bool has_charts, places *pl, cc_error *err)
{
    pl->fd[FINAL][0] = rd->dir_fd;
    pl->fd[STAGED][0] = rd->stage_fd;
    pl->fd[FINAL][1] = open_dir_at(rd->dir_fd, CHARTS);
    if (pl->fd[FINAL][1] < 0 && errno == ENOENT && has_charts) {
        if (mkdirat(rd->dir_fd, CHARTS, 0777) == 0)
            pl->made_charts = true;
        pl->fd[FINAL][1] = open_dir_at(rd->dir_fd, CHARTS);
    }
    if (pl->fd[FINAL][1] < 0 && (errno != ENOENT || has_charts))
        return cc_error_set(err, CC_ERR_IO, "%s/" CHARTS ": %s", rd->dir,
                            errno == ELOOP ? "is a symbolic link; refused" : strerror(errno));
    pl->fd[STAGED][1] = open_dir_at(rd->stage_fd, CHARTS);
    if (mkdirat(rd->stage_fd, BACKUP_NAME, 0700) == 0)
        pl->fd[ASIDE][0] = open_dir_at(rd->stage_fd, BACKUP_NAME);
    if (pl->fd[ASIDE][0] >= 0 && mkdirat(pl->fd[ASIDE][0], CHARTS, 0700) == 0)
        pl->fd[ASIDE][1] = open_dir_at(pl->fd[ASIDE][0], CHARTS);
    if (pl->fd[STAGED][1] < 0 || pl->fd[ASIDE][0] < 0 || pl->fd[ASIDE][1] < 0)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot prepare publishing: %s", rd->stage,
                            strerror(errno));
    return CC_OK;
}

static void close_places(const places *pl)
{
    for (int w = 0; w < 3; w++)
        for (int c = 0; c < 2; c++)
            if (pl->fd[w][c] >= 0 && !(w == FINAL && c == 0) && !(w == STAGED && c == 0))
                close(pl->fd[w][c]);
}

static int move(const places *pl, int from, int to, const char *name)
{
    const char *base = base_name(name);
    return renameat(folder(pl, from, name), base, folder(pl, to, name), base);
}

/* Moves the file called name in the output folder aside, if there is one. */
static cc_status move_aside(cc_rundir *rd, const places *pl, const char *name, cc_error *err)
{
    struct stat st;
    const int fd = folder(pl, FINAL, name);
    if (fd < 0)
        return CC_OK; /* no charts/ */
    if (fstatat(fd, base_name(name), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? CC_OK
                               : cc_error_set(err, CC_ERR_IO, "%s/%s: %s", rd->dir, name,
                                              strerror(errno));
    if (S_ISDIR(st.st_mode))
        return cc_error_set(err, CC_ERR_IO,
                            "%s/%s is a directory where carecast writes a file: move it away",
                            rd->dir, name);
    if (move(pl, FINAL, ASIDE, name) != 0)
        return cc_error_set(err, CC_ERR_IO, "%s/%s: cannot move the earlier run's file aside: %s",
                            rd->dir, name, strerror(errno));
    rd->steps[rd->n_steps++] = (step){name, false};
    return CC_OK;
}

static cc_status move_in(cc_rundir *rd, const places *pl, const char *name, cc_error *err)
{
    if (move(pl, STAGED, FINAL, name) != 0)
        return cc_error_set(err, CC_ERR_IO, "%s/%s: cannot move into place: %s", rd->dir, name,
                            strerror(errno));
    rd->steps[rd->n_steps++] = (step){name, true};
    return CC_OK;
}

/* Undoes the steps taken, last first: new files back to the staging folder,
 * the earlier run's back in place. Returns false when one could not be. */
static bool undo(cc_rundir *rd, const places *pl)
{
    bool ok = true;
    for (size_t i = rd->n_steps; i-- > 0;) {
        const step *s = &rd->steps[i];
        ok &= (s->published ? move(pl, FINAL, STAGED, s->name) : move(pl, ASIDE, FINAL, s->name)) ==
              0;
    }
    if (pl->made_charts)
        unlinkat(rd->dir_fd, CHARTS, AT_REMOVEDIR);
    rd->n_steps = 0;
    return ok;
}

/* The renames of publishing, stopping at the first failure or cancel. */
static cc_status publish_steps(cc_rundir *rd, const places *pl, cc_error *err)
{
    cc_status s = move_aside(rd, pl, RUN_JSON, err);
    for (size_t i = 0; s == CC_OK && i < rd->n_old; i++)
        s = cancelled(rd) ? interrupted(rd, err) : move_aside(rd, pl, rd->old[i], err);
    for (size_t i = 0; s == CC_OK && i < rd->n_new; i++)
        if (strcmp(rd->outputs[i], RUN_JSON) != 0)
            s = cancelled(rd) ? interrupted(rd, err) : move_aside(rd, pl, rd->outputs[i], err);
    for (size_t i = 0; s == CC_OK && i < rd->n_new; i++)
        if (strcmp(rd->outputs[i], RUN_JSON) != 0)
            s = cancelled(rd) ? interrupted(rd, err) : move_in(rd, pl, rd->outputs[i], err);
    /* run.json last: from here on the folder holds the new run. */
    if (s == CC_OK)
        s = cancelled(rd) ? interrupted(rd, err) : move_in(rd, pl, RUN_JSON, err);
    return s;
}

cc_status cc_rundir_publish(cc_rundir *rd, cc_error *err)
{
    const char *const *names = NULL;
    size_t n = 0;
    cc_status s = cc_rundir_collect(rd, &names, &n, err);
    if (s != CC_OK)
        return s;
    if (faccessat(rd->stage_fd, RUN_JSON, F_OK, 0) != 0)
        return cc_error_set(err, CC_ERR_IO, "%s: no run.json was staged", rd->stage);
    bool has_charts = false;
    for (size_t i = 0; i < n; i++)
        has_charts |= in_charts(names[i]);
    places pl = {.fd = {{-1, -1}, {-1, -1}, {-1, -1}}};
    rd->n_steps = 0;
    s = cancelled(rd) ? interrupted(rd, err) : open_places(rd, has_charts, &pl, err);
    if (s == CC_OK)
        s = publish_steps(rd, &pl, err);
    if (s != CC_OK && !undo(rd, &pl)) {
        const size_t used = err != NULL ? strlen(err->message) : 0;
        if (err != NULL)
            snprintf(err->message + used, sizeof err->message - used,
                     "; the earlier run could not be fully put back: its files are in %s/" BACKUP_NAME,
                     rd->stage);
        rd->stage[0] = '\0'; /* kept for the user */
    }
    close_places(&pl);
    if (s == CC_OK) {
        close(rd->stage_fd);
        rd->stage_fd = -1;
        remove_tree(rd->dir_fd, strrchr(rd->stage, '/') + 1, 1);
        rd->stage[0] = '\0';
    }
    return s;
}

/* ---- files written under a temporary name ---- */

/* Creates dir/.NAME.XXXXXX.tmp, a new file (O_EXCL: never over another file
 * or through a link), with a suffix that differs between processes and
 * attempts; the mode is 0666 less the umask, as for any new file. */
static int create_temp(const char *dir, const char *name, char *path, size_t size)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    unsigned long long x = (unsigned long long)now.tv_nsec ^
                           ((unsigned long long)getpid() << 32) ^ (unsigned long long)now.tv_sec;
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        x = x * 6364136223846793005ULL + 1442695040888963407ULL; /* Knuth's MMIX LCG */
        for (int i = 0; i < 6; i++)
            suffix[i] = digits[(x >> (10 + 6 * i)) % 36];
        suffix[6] = '\0';
        snprintf(path, size, "%s/.%s.%s.tmp", dir, name, suffix);
        const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

cc_status cc_staged_open(const char *dir, const char *name, cc_staged_file *sf, cc_error *err)
{
    memset(sf, 0, sizeof *sf);
    snprintf(sf->final_path, sizeof sf->final_path, "%s/%s", dir, name);
    const int fd = create_temp(dir, name, sf->tmp_path, sizeof sf->tmp_path);
    sf->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (sf->f == NULL) {
        const int saved = errno;
        if (fd >= 0) {
            close(fd);
            remove(sf->tmp_path);
        }
        sf->tmp_path[0] = '\0';
        return cc_error_set(err, CC_ERR_IO, "%s: cannot write: %s", sf->final_path,
                            strerror(saved));
    }
    return CC_OK;
}

cc_status cc_staged_close(cc_staged_file *sf, cc_error *err)
{
    if (sf->f == NULL)
        return CC_OK;
    const bool bad = fflush(sf->f) != 0 || ferror(sf->f);
    const int saved = errno;
    const bool close_failed = fclose(sf->f) != 0;
    sf->f = NULL;
    if (bad || close_failed)
        return cc_error_set(err, CC_ERR_IO, "%s: write failed: %s", sf->final_path,
                            strerror(bad ? saved : errno));
    return CC_OK;
}

cc_status cc_staged_publish(cc_staged_file *sf, cc_error *err)
{
    if (rename(sf->tmp_path, sf->final_path) != 0)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot rename into place: %s", sf->final_path,
                            strerror(errno));
    sf->tmp_path[0] = '\0';
    return CC_OK;
}

cc_status cc_staged_write(const char *dir, const char *name, cc_file_writer write,
                          const void *context, cc_error *err)
{
    cc_staged_file sf;
    cc_status st = cc_staged_open(dir, name, &sf, err);
    if (st != CC_OK)
        return st;
    st = write(sf.f, context, err);
    /* A writer sees only that its stream failed; closing says why. */
    cc_error closing = {0};
    const cc_status closed = cc_staged_close(&sf, &closing);
    if (closed != CC_OK && (st == CC_OK || st == CC_ERR_IO)) {
        st = closed;
        if (err != NULL)
            *err = closing;
    }
    if (st == CC_OK)
        st = cc_staged_publish(&sf, err);
    cc_staged_discard(&sf);
    return st;
}

cc_status cc_staged_write_path(const char *dir, const char *name, cc_path_writer write,
                               const void *context, cc_error *err)
{
    char tmp_path[CC_PATH_MAX + 64], final_path[CC_PATH_MAX + 64];
    snprintf(tmp_path, sizeof tmp_path, "%s/.%s.tmp", dir, name);
    snprintf(final_path, sizeof final_path, "%s/%s", dir, name);
    cc_status st = write(tmp_path, context, err);
    if (st == CC_OK && rename(tmp_path, final_path) != 0)
        st = cc_error_set(err, CC_ERR_IO, "%s: cannot rename into place: %s", final_path,
                          strerror(errno));
    if (st != CC_OK)
        remove(tmp_path);
    return st;
}

void cc_staged_discard(cc_staged_file *sf)
{
    if (sf->f != NULL)
        fclose(sf->f);
    sf->f = NULL;
    if (sf->tmp_path[0] != '\0')
        remove(sf->tmp_path);
    sf->tmp_path[0] = '\0';
}
