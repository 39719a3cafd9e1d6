/* LD_PRELOAD shim for tests: makes the FAIL_STRDUP_NTH-th copy (default 1) of
 * the string FAIL_STRDUP fail, as strdup does when memory runs out. libconfig
 * 1.5 copies names and string values with strdup (__strdup in glibc's
 * headers) and keeps NULL when the copy fails; carecast must not crash on it. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

char *__strdup(const char *s);
char *strdup(const char *s);

static int copies_seen; /* a test shim, one process per run */

char *__strdup(const char *s)
{
    const char *want = getenv("FAIL_STRDUP");
    const char *nth = getenv("FAIL_STRDUP_NTH");
    if (want != NULL && strcmp(s, want) == 0 && ++copies_seen == (nth != NULL ? atoi(nth) : 1))
        return NULL;
    const size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

char *strdup(const char *s)
{
    return __strdup(s);
}
