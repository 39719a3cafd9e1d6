/* "Save as scenario": the what-if written as a scenario file in the save
 * folder (chosen when the server started), under a name that can only be a
 * file name there. The file is written under a temporary name, checked by
 * loading it, and only then put in place: beside an existing file of that
 * name only when the request says overwrite=1 (the page asks first). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve/serve_internal.h"

bool cc_serve_name_ok(const char *name)
{
    const size_t n = strlen(name);
    if (n == 0 || n > CC_SERVE_NAME_MAX || name[0] == '-')
        return false;
    for (const char *c = name; *c != '\0'; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            return false;
    return true;
}

/* The comment at the top of a saved file: where it came from, what changed,
 * and how to compare it with the base from the command line. */
static void describe(const cc_server *s, const cc_changes *changes, const char *file, char *out,
                     size_t size)
{
    size_t used = (size_t)snprintf(out, size,
                                   "What-if saved by carecast serve from %s (%zu change%s).\n"
                                   "Compare it with the base on the same random numbers:\n"
                                   "  carecast compare %s %s --paths %zu\n",
                                   s->scenario_path, changes->n, changes->n == 1 ? "" : "s",
                                   s->scenario_path, file, s->n_paths);
    for (size_t i = 0; i < changes->n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "  --set %s=%s\n", changes->keys[i],
                                 changes->values[i]);
}

/* Writes the scenario into tmp and checks that it loads. */
static cc_status write_checked(const cc_server *s, const cc_changes *changes, const char *tmp,
                               const char *final, cc_errlist *errors)
{
    const int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        if (fd >= 0)
            close(fd);
        cc_errlist_add(errors, CC_ERR_IO, "cannot write in the save folder: %s", strerror(errno));
        return CC_ERR_IO;
    }
    char *comment = malloc(8192);
    if (comment != NULL)
        describe(s, changes, final, comment, 8192);
    cc_status st = cc_scenario_write_variant(f, s->scenario_path, changes->overrides, changes->n,
                                             s->save_dir, comment, errors);
    free(comment);
    if (fclose(f) != 0 && st == CC_OK) {
        cc_errlist_add(errors, CC_ERR_IO, "cannot write in the save folder: %s", strerror(errno));
        st = CC_ERR_IO;
    }
    cc_scenario *check = NULL;
    if (st == CC_OK)
        st = cc_scenario_load(tmp, NULL, 0, &check, errors);
    cc_scenario_free(check);
    return st;
}

/* Puts tmp in place as final. Returns 201, or 409 when final exists and
 * overwrite is false. */
static int publish(const char *tmp, const char *final, bool overwrite, cc_errlist *errors)
{
    const int rc = overwrite ? rename(tmp, final) : link(tmp, final);
    const int saved_errno = errno;
    if (!overwrite || rc != 0)
        unlink(tmp);
    if (rc == 0)
        return 201;
    if (saved_errno == EEXIST)
        return 409;
    cc_errlist_add(errors, CC_ERR_IO, "cannot save: %s", strerror(saved_errno));
    return 500;
}

/* Saves, reporting problems in errors; returns the HTTP status. */
static int save(const cc_server *s, const cc_changes *changes, char *final, size_t size,
                cc_errlist *errors)
{
    if (!cc_serve_name_ok(changes->name)) {
        cc_errlist_add(errors, CC_ERR_INVALID, CC_SERVE_NAME_RULE);
        return 400;
    }
    cc_scenario *sc = NULL;
    if (cc_serve_load(s, changes, &sc, errors) != CC_OK)
        return 400;
    cc_scenario_free(sc);
    char tmp[CC_PATH_MAX + 128];
    snprintf(final, size, "%s/%s.cfg", s->save_dir, changes->name);
    snprintf(tmp, sizeof tmp, "%s/.%s.cfg.%ld.tmp", s->save_dir, changes->name, (long)getpid());
    unlink(tmp); /* ours, from a save that failed half-way */
    const cc_status st = write_checked(s, changes, tmp, final, errors);
    if (st != CC_OK) {
        unlink(tmp);
        return st == CC_ERR_IO ? 500 : 400;
    }
    return publish(tmp, final, changes->overwrite, errors);
}

int cc_serve_save(const cc_server *s, const cc_changes *changes, FILE *f)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    char final[CC_PATH_MAX + 128];
    const int status = save(s, changes, final, sizeof final, &errors);
    if (status == 201 || status == 409) {
        fprintf(f, "{\"%s\":true,\"file\":", status == 201 ? "saved" : "exists");
        cc_json_string(f, final);
        fputs("}\n", f);
    } else {
        cc_answer_errors(f, (const char *const *)errors.messages, errors.count);
    }
    cc_errlist_destroy(&errors);
    return status;
}

int cc_serve_save_page(const cc_server *s, const cc_changes *changes, const char *what, FILE *f)
{
    (void)what;
    cc_errlist errors;
    cc_errlist_init(&errors);
    char final[CC_PATH_MAX + 128], line[CC_PATH_MAX + 256];
    const int status = save(s, changes, final, sizeof final, &errors);
    const char *lines[] = {line};
    if (status == 201)
        snprintf(line, sizeof line, "Saved as %s.", final);
    else if (status == 409)
        snprintf(line, sizeof line,
                 "%s exists already: nothing was saved. Choose another name, or tick "
                 "\"replace\" to overwrite it.",
                 final);
    cc_page_message(f, status == 201 ? "Saved" : "Not saved",
                    status == 201 || status == 409 ? lines
                                                   : (const char *const *)errors.messages,
                    status == 201 || status == 409 ? 1 : errors.count);
    cc_errlist_destroy(&errors);
    return status;
}
