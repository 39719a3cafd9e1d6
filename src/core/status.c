/* Error reporting: one message in a caller-owned cc_error, or many in a
 * growable cc_errlist. Nothing here prints, exits or aborts. */
#include "carecast/status.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

cc_status cc_error_set(cc_error *err, cc_status status, const char *fmt, ...)
{
    if (err == NULL) {
        return status;
    }
    err->status = status;
    va_list args;
    va_start(args, fmt);
    /* Truncates a message longer than the buffer; it stays NUL-terminated. */
    const int written = vsnprintf(err->message, sizeof err->message, fmt, args);
    va_end(args);
    if (written < 0) {
        err->message[0] = '\0';
    }
    return status;
}

const char *cc_status_name(cc_status status)
{
    switch (status) {
    case CC_OK:
        return "ok";
    case CC_ERR_NOMEM:
        return "out of memory";
    case CC_ERR_IO:
        return "I/O error";
    case CC_ERR_PARSE:
        return "parse error";
    case CC_ERR_INVALID:
        return "invalid";
    case CC_ERR_NUMERIC:
        return "numeric error";
    case CC_ERR_CANCELLED:
        return "cancelled";
    }
    return "unknown status";
}

void cc_errlist_init(cc_errlist *list)
{
    list->count = 0;
    list->capacity = 0;
    list->messages = NULL;
    list->status = CC_OK;
}

void cc_errlist_destroy(cc_errlist *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->messages[i]);
    }
    free(list->messages);
    cc_errlist_init(list);
}

/* Makes room for one more message; false when memory runs out. */
static bool reserve_one(cc_errlist *list)
{
    if (list->count < list->capacity) {
        return true;
    }
    const size_t capacity = list->capacity == 0 ? 8 : list->capacity * 2;
    if (capacity < list->capacity || capacity > SIZE_MAX / sizeof *list->messages) {
        return false;
    }
    char **messages = realloc(list->messages, capacity * sizeof *messages);
    if (messages == NULL) {
        return false; /* the old array is still valid and still owned by list */
    }
    list->messages = messages;
    list->capacity = capacity;
    return true;
}

void cc_errlist_add(cc_errlist *list, cc_status status, const char *fmt, ...)
{
    if (list->status == CC_OK) {
        list->status = status;
    }

    va_list args;
    va_start(args, fmt);
    va_list measure;
    va_copy(measure, args);
    const int length = vsnprintf(NULL, 0, fmt, measure);
    va_end(measure);

    char *message = NULL;
    if (length >= 0 && reserve_one(list)) {
        message = malloc((size_t)length + 1);
        if (message != NULL) {
            (void)vsnprintf(message, (size_t)length + 1, fmt, args);
        }
    }
    va_end(args);

    if (message == NULL) {
        /* Dropped (out of memory, or a format error vsnprintf cannot render):
         * the caller must still see that something went wrong. */
        if (list->status == CC_OK) {
            list->status = CC_ERR_NOMEM;
        }
        return;
    }
    list->messages[list->count++] = message;
}
