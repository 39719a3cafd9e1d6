/* Status codes and error reporting shared by every carecast module.
 * The library never prints or exits: it returns a cc_status and fills a
 * caller-owned cc_error (one message) or cc_errlist (many, for validation). */
#ifndef CARECAST_STATUS_H
#define CARECAST_STATUS_H

#include <stddef.h>

typedef enum cc_status {
    CC_OK = 0,
    CC_ERR_NOMEM,   /* allocation failed */
    CC_ERR_IO,      /* a file could not be read or written */
    CC_ERR_PARSE,   /* scenario syntax error */
    CC_ERR_INVALID, /* a value out of range, unknown or inconsistent */
    CC_ERR_NUMERIC, /* a non-finite result or a GSL failure */
    CC_ERR_CANCELLED, /* the caller's cancel flag was set (what-if runs) */
} cc_status;

#define CC_ERROR_MESSAGE_MAX 512

typedef struct cc_error {
    cc_status status;                   /* CC_OK until something fails */
    char message[CC_ERROR_MESSAGE_MAX]; /* "file:line: key.path: message" */
} cc_error;

/* Records status and a printf-style message in *err (err may be NULL) and
 * returns status, so callers can write `return cc_error_set(err, ...)`. */
cc_status cc_error_set(cc_error *err, cc_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A short constant name for a status ("invalid", "I/O error", ...). */
const char *cc_status_name(cc_status status);

/* A growable list of messages: validation reports every problem at once.
 * Initialise with cc_errlist_init, release with cc_errlist_destroy. */
typedef struct cc_errlist {
    size_t count;     /* messages held */
    size_t capacity;  /* messages allocated */
    char **messages;  /* each "file:line: key.path: message" */
    cc_status status; /* the first non-OK status added */
} cc_errlist;

void cc_errlist_init(cc_errlist *list);
void cc_errlist_destroy(cc_errlist *list);

/* Appends a formatted message. When memory runs out the message is dropped
 * but list->status still records the failure (CC_ERR_NOMEM if nothing else). */
void cc_errlist_add(cc_errlist *list, cc_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
