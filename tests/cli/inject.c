/* Fault injection for the output-folder tests, loaded with LD_PRELOAD (in the
 * spirit of jq's tests/inject_errors.c). It acts only in a process called
 * carecast (not in the gnuplot it starts), as the environment says:
 *
 *   CC_INJECT_UNDER=DIR     only files whose path starts with DIR count (made
 *                           by open with O_CREAT, or by fopen for writing)
 *   CC_INJECT_FULL=N        the Nth file created under DIR writes to /dev/full,
 *                           so its writes fail with ENOSPC (a full disk)
 *   CC_INJECT_CREATE=N:SIG  raise SIG just before the Nth file is created
 *   CC_INJECT_RENAME=N[:SIG] at the Nth rename (rename or renameat, any
 *                           folder): raise SIG just before it, or without SIG
 *                           make it fail with ENOSPC
 *   CC_INJECT_WAIT=SIG      raise SIG at the first waitpid (gnuplot drawing)
 *   CC_INJECT_COUNT=FILE    at exit, write "creates N renames M" to FILE
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Atomic: carecast writes some files from several threads at once (the charts' data), and each
 * create must get its own number. */
static atomic_int creates, renames;
static atomic_bool waited;

static bool active(void)
{
    return strcmp(program_invocation_short_name, "carecast") == 0;
}

/* "N" or "N:SIG" from the environment: N, and SIG in *sig (0 if none). */
static long setting(const char *name, int *sig)
{
    const char *v = getenv(name);
    if (sig != NULL)
        *sig = 0;
    if (v == NULL || !active())
        return 0;
    char *end = NULL;
    const long n = strtol(v, &end, 10);
    if (sig != NULL && end != NULL && *end == ':')
        *sig = atoi(end + 1);
    return n;
}

static bool under_dir(const char *path)
{
    const char *under = getenv("CC_INJECT_UNDER");
    return active() && under != NULL && strncmp(path, under, strlen(under)) == 0;
}

static bool counted(const char *path, int flags)
{
    return (flags & O_CREAT) && under_dir(path);
}

/* Before a counted create: its number, and maybe a signal. After it: maybe /dev/full. */
static int before_create(void)
{
    int sig = 0;
    const long at = setting("CC_INJECT_CREATE", &sig);
    const int number = atomic_fetch_add(&creates, 1) + 1;
    if (at == number && sig > 0)
        raise(sig);
    return number;
}

static int after_create(int fd, int number)
{
    if (fd >= 0 && setting("CC_INJECT_FULL", NULL) == number) {
        int (*real_open)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
        const int full = real_open("/dev/full", O_WRONLY);
        if (full >= 0) {
            dup2(full, fd);
            close(full);
        }
    }
    return fd;
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    const bool count = counted(path, flags);
    const int number = count ? before_create() : 0;
    const int fd = real(path, flags, mode);
    return count ? after_create(fd, number) : fd;
}

int open64(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return open(path, flags, mode);
}

/* A library that opens its file by name (libxlsxwriter's zip writer, through
 * fopen64) creates it with stdio: counted as a create too. */
static FILE *fopen_hook(const char *name, const char *path, const char *mode)
{
    FILE *(*real)(const char *, const char *) =
        (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, name);
    const bool count = (mode[0] == 'w' || mode[0] == 'a') && under_dir(path);
    const int number = count ? before_create() : 0;
    FILE *f = real(path, mode);
    if (count && f != NULL)
        after_create(fileno(f), number);
    return f;
}

FILE *fopen(const char *path, const char *mode)
{
    return fopen_hook("fopen", path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    return fopen_hook("fopen64", path, mode);
}

static bool rename_hook(void)
{
    if (!active())
        return true;
    int sig = 0;
    const long at = setting("CC_INJECT_RENAME", &sig);
    if (at != atomic_fetch_add(&renames, 1) + 1)
        return true;
    if (sig > 0) {
        raise(sig);
        return true;
    }
    errno = ENOSPC;
    return false;
}

int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *) =
        (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    return rename_hook() ? real(from, to) : -1;
}

int renameat(int from_fd, const char *from, int to_fd, const char *to)
{
    int (*real)(int, const char *, int, const char *) =
        (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
    return rename_hook() ? real(from_fd, from, to_fd, to) : -1;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    pid_t (*real)(pid_t, int *, int) = (pid_t(*)(pid_t, int *, int))dlsym(RTLD_NEXT, "waitpid");
    int sig = 0;
    const char *v = getenv("CC_INJECT_WAIT");
    if (v != NULL && active() && !atomic_exchange(&waited, true)) {
        sig = atoi(v);
        if (sig > 0)
            raise(sig);
    }
    return real(pid, status, options);
}

__attribute__((destructor)) static void report_counts(void)
{
    const char *path = getenv("CC_INJECT_COUNT");
    if (path == NULL || !active())
        return;
    FILE *f = fopen(path, "w");
    if (f != NULL) {
        fprintf(f, "creates %d renames %d\n", atomic_load(&creates), atomic_load(&renames));
        fclose(f);
    }
}
