/* The text libconfig reads. The scenario and, recursively, every file it
 * @includes are read (relative to the scenario's directory, or absolute),
 * refusing what is not a regular file, too large, nested too deep or too
 * many, and each @include is expanded in place into one text. A small scanner
 * that follows libconfig 1.5's own rules (strings, comments, "@include" at the
 * start of a line; flex's start state carries over between files, and so does
 * ours) finds the directives, counts settings per group and notes integer
 * literals libconfig would wrap. libconfig then parses the text from memory
 * and never opens a file itself: no FIFO can make it wait, no directory can
 * make it exit, and its quadratic cost in token length (which only reading
 * from a FILE has) does not arise. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_internal.h"

/* ---- reading files from disk ---- */

/* Reads fd to its end into a new buffer; hint is the size fstat saw (the file may change). */
static cc_read_result read_all(int fd, size_t hint, size_t max_bytes, char **text, size_t *size,
                               char *why, size_t why_size)
{
    size_t cap = (hint < max_bytes ? hint : max_bytes) + 2, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (n + 1 == cap) { /* full: a file above max_bytes fills max_bytes + 1 */
            if (n > max_bytes) {
                free(buf);
                *size = n;
                return CC_READ_TOO_LARGE;
            }
            cap = 2 * cap < max_bytes + 2 ? 2 * cap : max_bytes + 2;
            char *bigger = realloc(buf, cap);
            if (bigger == NULL)
                free(buf);
            buf = bigger;
            continue;
        }
        const ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got > 0) {
            n += (size_t)got;
        } else if (got == 0) {
            buf[n] = '\0';
            *text = buf;
            *size = n;
            return CC_READ_OK;
        } else if (errno != EINTR) {
            snprintf(why, why_size, "%s", strerror(errno));
            free(buf);
            return CC_READ_FAILED;
        }
    }
    return CC_READ_NOMEM;
}

/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
static cc_read_result read_disk(void *ctx, const char *path, size_t max_bytes, char **text,
                                size_t *size, char *why, size_t why_size)
{
    (void)ctx;
    *text = NULL;
    *size = 0;
    const int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        return CC_READ_FAILED;
    }
    struct stat info;
    cc_read_result r = CC_READ_OK;
    if (fstat(fd, &info) != 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        r = CC_READ_FAILED;
    } else if (S_ISDIR(info.st_mode)) {
        r = CC_READ_DIRECTORY;
    } else if (!S_ISREG(info.st_mode)) {
        r = CC_READ_NOT_REGULAR;
    } else if ((unsigned long long)info.st_size > max_bytes) {
        *size = (size_t)info.st_size;
        r = CC_READ_TOO_LARGE;
    } else {
        r = read_all(fd, (size_t)info.st_size, max_bytes, text, size, why, why_size);
    }
    close(fd);
    return r;
}

const cc_reader cc_disk_reader = {.read = read_disk, .ctx = NULL};

/* ---- the expansion ---- */

typedef enum lex_state { LEX_CODE, LEX_STRING, LEX_LINE_COMMENT, LEX_BLOCK_COMMENT } lex_state;

typedef struct expander {
    cc_sources *src;
    const cc_reader *reader;
    cc_errlist *errors;
    char include_dir[CC_PATH_MAX]; /* the scenario's directory */
    lex_state state;               /* carried from file to file, as flex's start state */
    int text_line;                 /* line of src->text being written, from 1 */
    size_t depth;                  /* open groups, arrays and lists */
    bool is_group[CC_NESTING_MAX + 1];
    size_t settings[CC_NESTING_MAX + 1]; /* settings in each open group; [0] the top level */
    size_t n_settings;                   /* in all */
} expander;

/* A position in a file, for messages. */
typedef struct where {
    size_t file;
    int line;
} where;

static cc_status fail(expander *x, cc_status status, where at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static cc_status fail(expander *x, cc_status status, where at, const char *fmt, ...)
{
    char message[CC_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cc_errlist_add(x->errors, status, "%s:%d: %s", x->src->files[at.file].path, at.line, message);
    return status;
}

static cc_status append(expander *x, const char *p, size_t n, where at)
{
    cc_sources *src = x->src;
    if (n > CC_TEXT_BYTES_MAX - src->len)
        return fail(x, CC_ERR_PARSE, at,
                    "the scenario with its @include files is larger than %d bytes (1 MiB)",
                    CC_TEXT_BYTES_MAX);
    if (src->len + n + 1 > src->cap) {
        size_t cap = src->cap == 0 ? 4096 : src->cap;
        while (cap < src->len + n + 1)
            cap *= 2;
        char *text = realloc(src->text, cap);
        if (text == NULL)
            return fail(x, CC_ERR_NOMEM, at, "out of memory");
        src->text = text;
        src->cap = cap;
    }
    memcpy(src->text + src->len, p, n);
    src->len += n;
    src->text[src->len] = '\0';
    return CC_OK;
}

/* ---- scanning: strings, comments, brackets, settings, wide integers ---- */

static cc_status open_bracket(expander *x, bool is_group, where at)
{
    if (x->depth == CC_NESTING_MAX)
        return fail(x, CC_ERR_PARSE, at,
                    "groups, arrays and lists are nested too deeply (at most %d levels)",
                    CC_NESTING_MAX);
    x->depth++;
    x->is_group[x->depth] = is_group;
    x->settings[x->depth] = 0;
    return CC_OK;
}

/* A '=' or ':' names a setting: libconfig adds each to its group in time
 * proportional to the group's size, so a group's size is bounded. */
static cc_status count_setting(expander *x, where at)
{
    if (++x->n_settings > CC_SETTINGS_MAX)
        return fail(x, CC_ERR_PARSE, at,
                    "too many settings (at most %d in a scenario with its @include files)",
                    CC_SETTINGS_MAX);
    if ((x->depth == 0 || x->is_group[x->depth]) &&
        ++x->settings[x->depth] > CC_GROUP_SETTINGS_MAX)
        return fail(x, CC_ERR_PARSE, at, "too many settings in one group (at most %d)",
                    CC_GROUP_SETTINGS_MAX);
    return CC_OK;
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '*';
}

/* The length of the number token at t (digits, '.', letters, a sign after e/E). */
static size_t number_length(const char *t, size_t size)
{
    size_t n = 1;
    while (n < size && (isalnum((unsigned char)t[n]) || t[n] == '.' || t[n] == '_' ||
                        ((t[n] == '+' || t[n] == '-') && (t[n - 1] == 'e' || t[n - 1] == 'E'))))
        n++;
    return n;
}

static void note_wide(expander *x, const char *line, size_t i, size_t n)
{
    if (x->src->n_wide == CC_WIDE_LITERALS_MAX)
        return;
    cc_wide_literal *w = &x->src->wide[x->src->n_wide++];
    w->text_line = x->text_line;
    cc_key_before(line, i, w->key, sizeof w->key);
    snprintf(w->digits, sizeof w->digits, "%.*s", (int)(n < 63 ? n : 63), line + i);
}

/* Scans one token of code at t[pos] (line starts at t[line_start]); returns its length. */
static size_t scan_code(expander *x, const char *t, size_t pos, size_t size, size_t line_start,
                        where at, cc_status *status)
{
    const char c = t[pos], next = pos + 1 < size ? t[pos + 1] : '\0';
    if (c == '"') {
        x->state = LEX_STRING;
    } else if (c == '/' && next == '*') {
        x->state = LEX_BLOCK_COMMENT;
        return 2;
    } else if (c == '#' || (c == '/' && next == '/')) {
        x->state = LEX_LINE_COMMENT;
    } else if (c == '{' || c == '[' || c == '(') {
        *status = open_bracket(x, c == '{', at);
    } else if ((c == '}' || c == ']' || c == ')') && x->depth > 0) {
        x->depth--;
    } else if (c == '=' || c == ':') {
        *status = count_setting(x, at);
    } else if (isalpha((unsigned char)c) || c == '*') {
        size_t n = 1;
        while (pos + n < size && is_name_char(t[pos + n]))
            n++;
        /* Longer names could not be kept, and cost libconfig time in every lookup. */
        if (n >= CC_NAME_MAX)
            *status = fail(x, CC_ERR_PARSE, at, "name '%.20s...' is too long (at most %d characters)",
                           t + pos, CC_NAME_MAX - 1);
        return n;
    } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)next))) {
        const size_t n = number_length(t + pos, size - pos);
        if (cc_wide_literal_len(t + pos, n) == n)
            note_wide(x, t + line_start, pos - line_start, n);
        return n;
    }
    return 1;
}

/* Scans the token at t[pos] in the current state; returns its length (>= 1). */
static size_t scan(expander *x, const char *t, size_t pos, size_t size, size_t line_start,
                   where at, cc_status *status)
{
    const char c = t[pos], next = pos + 1 < size ? t[pos + 1] : '\0';
    switch (x->state) {
    case LEX_STRING:
        if (c == '\\' && pos + 1 < size)
            return 2;
        if (c == '"')
            x->state = LEX_CODE;
        return 1;
    case LEX_LINE_COMMENT:
        if (c == '\n')
            x->state = LEX_CODE;
        return 1;
    case LEX_BLOCK_COMMENT:
        if (c == '*' && next == '/') {
            x->state = LEX_CODE;
            return 2;
        }
        return 1;
    default:
        return scan_code(x, t, pos, size, line_start, at, status);
    }
}

/* ---- @include directives ---- */

/* A directive as libconfig 1.5 matches it: ^[ \t]*@include[ \t]+" at the start of
 * a line, outside comments and strings. Returns the position of the opening
 * quote's successor, or 0 when the line holds no directive. */
static size_t directive_start(const char *t, size_t pos, size_t size)
{
    static const char word[] = "@include";
    while (pos < size && (t[pos] == ' ' || t[pos] == '\t'))
        pos++;
    if (size - pos < sizeof word || memcmp(t + pos, word, sizeof word - 1) != 0)
        return 0;
    pos += sizeof word - 1;
    const size_t blanks = pos;
    while (pos < size && (t[pos] == ' ' || t[pos] == '\t'))
        pos++;
    return pos > blanks && pos < size && t[pos] == '"' ? pos + 1 : 0;
}

/* Reads the quoted file name from t[pos] (after the opening quote) into name,
 * with libconfig's escapes \\ and \", and checks that nothing but blanks or a
 * comment follows on the line. Sets *end to the position after the line. */
static cc_status directive_name(expander *x, const char *t, size_t pos, size_t size, where at,
                                char *name, size_t name_size, size_t *end)
{
    size_t n = 0;
    for (; pos < size && t[pos] != '"' && t[pos] != '\n'; pos++) {
        if (t[pos] == '\\' && pos + 1 < size && (t[pos + 1] == '\\' || t[pos + 1] == '"'))
            pos++;
        else if (t[pos] == '\\')
            return fail(x, CC_ERR_PARSE, at, "@include: a \\ in the file name must be doubled");
        if (n + 1 == name_size)
            return fail(x, CC_ERR_PARSE, at, "@include: the file name is too long");
        name[n++] = t[pos];
    }
    name[n] = '\0';
    if (pos == size || t[pos] != '"')
        return fail(x, CC_ERR_PARSE, at, "@include: the file name has no closing \" on its line");
    for (pos++; pos < size && (t[pos] == ' ' || t[pos] == '\t' || t[pos] == '\r'); pos++)
        continue;
    const bool comment = pos < size && (t[pos] == '#' || (t[pos] == '/' && pos + 1 < size &&
                                                          t[pos + 1] == '/'));
    if (pos < size && t[pos] != '\n' && !comment)
        return fail(x, CC_ERR_PARSE, at,
                    "@include: nothing but a comment may follow the file name on its line");
    const char *nl = memchr(t + pos, '\n', size - pos);
    *end = nl != NULL ? (size_t)(nl - t) + 1 : size;
    return CC_OK;
}

/* ---- reading one file ---- */

/* Reports why the scenario itself cannot be read. */
static cc_status main_failed(expander *x, const char *path, cc_read_result r, size_t size,
                             const char *why)
{
    switch (r) {
    case CC_READ_FAILED:
        cc_errlist_add(x->errors, CC_ERR_IO, "%s: cannot open: %s", path, why);
        return CC_ERR_IO;
    case CC_READ_DIRECTORY:
    case CC_READ_NOT_REGULAR:
        cc_errlist_add(x->errors, CC_ERR_IO, "%s: cannot open: not a regular file", path);
        return CC_ERR_IO;
    case CC_READ_TOO_LARGE:
        cc_errlist_add(x->errors, CC_ERR_IO,
                       "%s: cannot read: %zu bytes is too large (a scenario with its @include "
                       "files may hold at most %d bytes, 1 MiB)",
                       path, size, CC_TEXT_BYTES_MAX);
        return CC_ERR_IO;
    default:
        cc_errlist_add(x->errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }
}

/* " (looked for PATH)" when the path differs from the name as written, else "". */
static void looked(const char *name, const char *path, char *out, size_t size)
{
    if (strcmp(name, path) != 0)
        snprintf(out, size, " (looked for %s)", path);
    else
        out[0] = '\0';
}

/* Reports why file `name` (looked for at path) named by an @include at `at` cannot be read. */
static cc_status include_failed(expander *x, where at, const char *name, const char *path,
                                cc_read_result r, size_t size, const char *why)
{
    const bool relative = name[0] != '/';
    char where_looked[CC_PATH_MAX + 32];
    looked(name, path, where_looked, sizeof where_looked);
    switch (r) {
    case CC_READ_FAILED:
        return fail(x, CC_ERR_PARSE, at, "@include: cannot open \"%s\" (looked for %s: %s%s)",
                    name, path, why,
                    relative ? "; @include paths are relative to the scenario file's directory"
                             : "");
    case CC_READ_DIRECTORY:
        return fail(x, CC_ERR_PARSE, at, "@include: \"%s\" is a directory, not a file%s", name,
                    where_looked);
    case CC_READ_NOT_REGULAR:
        return fail(x, CC_ERR_PARSE, at, "@include: \"%s\" is not a regular file%s", name,
                    where_looked);
    case CC_READ_TOO_LARGE:
        return fail(x, CC_ERR_PARSE, at,
                    "@include: \"%s\" is too large (%zu bytes; a scenario with its @include "
                    "files may hold at most %d bytes, 1 MiB)",
                    name, size, CC_TEXT_BYTES_MAX);
    default:
        return fail(x, CC_ERR_PARSE, at, "@include: \"%s\": out of memory", name);
    }
}

/* Reads path into a new entry of src->files; *index is its number. from is
 * the @include naming it (NULL for the scenario), written as name. */
static cc_status read_source(expander *x, const char *path, const where *from, const char *name,
                             size_t *index)
{
    cc_sources *src = x->src;
    if (src->n_files == CC_MAX_FILES)
        return fail(x, CC_ERR_PARSE, *from,
                    "@include: too many files (a scenario may read at most %d)", CC_MAX_FILES);
    char why[128] = "";
    char *text = NULL;
    size_t size = 0;
    const cc_read_result r =
        x->reader->read(x->reader->ctx, path, CC_TEXT_BYTES_MAX, &text, &size, why, sizeof why);
    if (r != CC_READ_OK)
        return from == NULL ? main_failed(x, path, r, size, why)
                            : include_failed(x, *from, name, path, r, size, why);
    cc_source_file *f = &src->files[src->n_files];
    snprintf(f->path, sizeof f->path, "%s", path);
    f->text = text;
    f->size = size;
    *index = src->n_files++;
    return CC_OK;
}

/* The path of an @include as the user can open it: relative to the scenario's
 * directory, or absolute. */
static cc_status resolve(expander *x, where at, const char *name, char *out, size_t size)
{
    if (name[0] == '\0')
        return fail(x, CC_ERR_PARSE, at, "@include: the file name is empty");
    int n = name[0] == '/' || strcmp(x->include_dir, ".") == 0
                ? snprintf(out, size, "%s", name)
                : snprintf(out, size, "%s/%s", x->include_dir, name);
    if (n < 0 || (size_t)n >= size)
        return fail(x, CC_ERR_PARSE, at, "@include: the file name is too long");
    return CC_OK;
}

/* ---- expansion ---- */

static cc_status expand(expander *x, size_t file, int include_depth);

/* Expands the directive whose name starts at t[pos] (line at of file), and
 * sets *end past its line. */
static cc_status include(expander *x, const char *t, size_t pos, size_t size, where at,
                         int include_depth, size_t *end)
{
    char name[CC_PATH_MAX], path[CC_PATH_MAX];
    cc_status st = directive_name(x, t, pos, size, at, name, sizeof name, end);
    if (st == CC_OK)
        st = resolve(x, at, name, path, sizeof path);
    if (st == CC_OK && include_depth == CC_INCLUDE_DEPTH_MAX)
        st = fail(x, CC_ERR_PARSE, at,
                  "@include: nested too deeply (at most %d levels; does a file include itself?)",
                  CC_INCLUDE_DEPTH_MAX);
    size_t index = 0;
    if (st == CC_OK)
        st = read_source(x, path, &at, name, &index);
    if (st == CC_OK)
        st = expand(x, index, include_depth + 1);
    /* The included text ends its own last line, as libconfig's buffer ends it. */
    if (st == CC_OK && x->src->len > 0 && x->src->text[x->src->len - 1] != '\n') {
        st = append(x, "\n", 1, at);
        x->text_line++;
    }
    return st;
}

static cc_status expand(expander *x, size_t file, int include_depth)
{
    const char *t = x->src->files[file].text;
    const size_t size = x->src->files[file].size;
    where at = {file, 1};
    size_t pos = 0, line_start = 0;
    cc_status st = cc_sources_span(x->src, x->text_line, file, 1) ? CC_OK
                   : fail(x, CC_ERR_NOMEM, at, "out of memory");
    while (st == CC_OK && pos < size) {
        size_t quote = 0, end = 0;
        if (x->state == LEX_CODE && pos == line_start &&
            (quote = directive_start(t, pos, size)) != 0) {
            st = include(x, t, quote, size, at, include_depth, &end);
            pos = line_start = end;
            at.line++;
            if (st == CC_OK && !cc_sources_span(x->src, x->text_line, file, at.line))
                st = fail(x, CC_ERR_NOMEM, at, "out of memory");
            continue;
        }
        if (t[pos] == '\0')
            return fail(x, CC_ERR_PARSE, at, "contains a NUL byte (a scenario file is text)");
        const size_t n = scan(x, t, pos, size, line_start, at, &st);
        if (st == CC_OK)
            st = append(x, t + pos, n, at);
        for (size_t k = pos; k < pos + n; k++)
            if (t[k] == '\n') {
                at.line++;
                x->text_line++;
                line_start = k + 1;
            }
        pos += n;
    }
    return st;
}

cc_status cc_sources_read(cc_sources *src, const char *path, const cc_reader *reader,
                          cc_errlist *errors)
{
    expander *x = calloc(1, sizeof *x);
    if (x == NULL) {
        cc_errlist_add(errors, CC_ERR_NOMEM, "%s: out of memory", path);
        return CC_ERR_NOMEM;
    }
    x->src = src;
    x->reader = reader;
    x->errors = errors;
    x->state = LEX_CODE;
    x->text_line = 1;
    x->is_group[0] = true;
    /* @include paths are relative to the scenario file's own directory. */
    char dir[CC_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    snprintf(x->include_dir, sizeof x->include_dir, "%s", dirname(dir));
    size_t index = 0;
    cc_status st = read_source(x, path, NULL, path, &index);
    if (st == CC_OK)
        st = expand(x, index, 0);
    if (st == CC_OK && src->text == NULL)
        st = append(x, "", 0, (where){0, 1}); /* an empty scenario: an empty text */
    free(x);
    return st;
}
