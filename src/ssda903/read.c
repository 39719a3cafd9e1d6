/* Reading SSDA903 header and episodes tables from a directory, merging the
 * yearly files and cleaning them into one sorted list of episodes per child.
 * Invariant of the result: each child's episodes are sorted by DECOM, do not
 * overlap, and every closed episode that ends a period of care carries a
 * checked exit route. Every row problem is counted in the log. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ssda903/ssda903_internal.h"

#define NO_PROBLEM CC_SSDA903_PROBLEMS

typedef struct raw_header {
    const char *child; /* points into the file's text */
    int dob;
    uint8_t problem; /* NO_PROBLEM, CC_SSDA903_MISSING_DOB or CC_SSDA903_BAD_DATE */
    uint16_t file;
    uint32_t row;
} raw_header;

typedef struct raw_episode {
    const char *child;
    int decom, dec;
    uint8_t type;
    uint8_t problem; /* the first problem that drops the child, or NO_PROBLEM */
    uint16_t file;
    uint32_t row;
    char rec[SSDA_CODE_MAX];
} raw_episode;

typedef struct reader {
    const cc_ssda903_mapping *map;
    cc_ssda903_log *log;
    cc_error *err;
    size_t n_files;
    char **paths;     /* every CSV found, sorted */
    ssda_csv *tables; /* their text, kept while rows point into it */
    int *year_end;    /* episodes tables: the 31 March after their last DECOM, else 0 */
    int min_dec;      /* earliest DEC of a valid row, as read (SSDA_OPEN: none) */
    int min_decom;    /* earliest DECOM of a valid row */
    int max_day;      /* latest DECOM or DEC - 1 of a valid row */
    raw_header *hdr;
    size_t n_hdr, cap_hdr;
    raw_episode *eps;
    size_t n_eps, cap_eps;
} reader;

/* ---- the log ---- */

void cc_ssda903_log_init(cc_ssda903_log *log)
{
    memset(log, 0, sizeof *log);
    cc_errlist_init(&log->details);
}

void cc_ssda903_log_destroy(cc_ssda903_log *log)
{
    cc_errlist_destroy(&log->details);
    memset(log, 0, sizeof *log);
}

const char *cc_ssda903_problem_text(cc_ssda903_problem problem)
{
    static const char *const text[CC_SSDA903_PROBLEMS] = {
        "files that are not a header or episodes table (UASC tables among them): skipped",
        "collection years missing between the first and the last: their short periods are unseen",
        "rows with a blank CHILD: row dropped",
        "dates that are not dd/mm/yyyy or yyyy-mm-dd: child dropped",
        "children with a blank DOB: child dropped",
        "children with episodes but no header row: child dropped",
        "header rows whose DOB disagrees with the latest file's: the latest is used",
        "episodes ending (DEC) before they start (DECOM): child dropped",
        "episodes starting before the child's DOB: child dropped",
        "PLACE codes the mapping does not know: child dropped",
        "REC codes the mapping does not know, or blank on an exit: exit counted as other",
        "copies of an episode (CHILD, DECOM) with different DECs: the latest file's kept",
        "episodes ending on the same day as an earlier-starting one: the later-starting dropped",
        "episodes overlapping the next one (DEC after its DECOM): DEC set to that DECOM",
        "exits whose REC is X1 (a new episode starts that day) but none does: exit counted as other",
        "episodes whose REC says the child left care, followed the same day: not an exit",
        "exits with an age-18 REC before the 18th birthday: counted as other",
    };
    return problem < CC_SSDA903_PROBLEMS ? text[problem] : "unknown problem";
}

/* Counts a problem and keeps the first few as "path:row: COLUMN: message". */
static void note(reader *rd, cc_ssda903_problem problem, size_t file, size_t row,
                 const char *column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void note(reader *rd, cc_ssda903_problem problem, size_t file, size_t row,
                 const char *column, const char *fmt, ...)
{
    if (++rd->log->count[problem] > CC_SSDA903_DETAILS_MAX)
        return;
    char message[256];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    if (file >= rd->n_files)
        cc_errlist_add(&rd->log->details, CC_OK, "%s", message);
    else if (row > 0)
        cc_errlist_add(&rd->log->details, CC_OK, "%s:%zu: %s: %s", rd->paths[file], row, column,
                       message);
    else
        cc_errlist_add(&rd->log->details, CC_OK, "%s: %s", rd->paths[file], message);
}

/* ---- finding the files ---- */

static bool is_csv(const char *name)
{
    const size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".csv") == 0 && name[0] != '.';
}

static cc_status add_path(reader *rd, const char *path, size_t *cap)
{
    if (rd->n_files == *cap) {
        const size_t grown = *cap == 0 ? 16 : *cap * 2;
        char **paths = realloc(rd->paths, grown * sizeof *paths);
        if (paths == NULL)
            return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", path);
        rd->paths = paths;
        *cap = grown;
    }
    char *copy = malloc(strlen(path) + 1);
    if (copy == NULL)
        return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", path);
    strcpy(copy, path);
    rd->paths[rd->n_files++] = copy;
    if (rd->n_files > UINT16_MAX)
        return cc_error_set(rd->err, CC_ERR_INVALID, "%s: too many CSV files (at most %d)", path,
                            UINT16_MAX);
    return CC_OK;
}

/* Adds the CSV files in dir, and in its subdirectories when depth is 0. */
static cc_status find_files(reader *rd, const char *dir, int depth, size_t *cap)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return cc_error_set(rd->err, CC_ERR_IO, "%s: cannot open directory: %s", dir,
                            strerror(errno));
    cc_status st = CC_OK;
    const struct dirent *e;
    while (st == CC_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[CC_PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) {
            st = cc_error_set(rd->err, CC_ERR_IO, "%s/%s: path too long", dir, e->d_name);
            break;
        }
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue; /* a dangling link: nothing to read */
        if (S_ISDIR(sb.st_mode) && depth == 0)
            st = find_files(rd, path, 1, cap);
        else if (S_ISREG(sb.st_mode) && is_csv(e->d_name))
            st = add_path(rd, path, cap);
    }
    closedir(d);
    return st;
}

/* qsort, which must not be given a null array even when it is empty. */
static void sort(void *items, size_t n, size_t size, int (*compare)(const void *, const void *))
{
    if (n > 1)
        qsort(items, n, size, compare);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- reading one table ---- */

enum { COL_CHILD, COL_DOB, COL_DECOM, COL_DEC, COL_PLACE, COL_PROVIDER, COL_REC, COL_DUC, COLS };

static const char *const column_names[COLS] = {"CHILD", "DOB",   "DECOM", "DEC",
                                               "PLACE", "PLACE_PROVIDER", "REC", "DUC"};

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static const char *field(const ssda_csv *csv, const int col[COLS], int which)
{
    const int i = col[which];
    return i >= 0 && (size_t)i < csv->n_fields ? csv->fields[i] : "";
}

static bool grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    const size_t grown = *cap == 0 ? 1024 : *cap * 2;
    void *bigger = realloc(*items, grown * size);
    if (bigger == NULL)
        return false;
    *items = bigger;
    *cap = grown;
    return true;
}

static cc_status read_header_row(reader *rd, const ssda_csv *csv, const int col[COLS],
                                 size_t file)
{
    const char *child = field(csv, col, COL_CHILD), *dob = field(csv, col, COL_DOB);
    rd->log->rows_header++;
    if (child[0] == '\0') {
        note(rd, CC_SSDA903_NO_CHILD, file, csv->line, "CHILD", "blank");
        return CC_OK;
    }
    if (!grow((void **)&rd->hdr, &rd->cap_hdr, rd->n_hdr, sizeof *rd->hdr))
        return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", rd->paths[file]);
    raw_header *h = &rd->hdr[rd->n_hdr++];
    *h = (raw_header){.child = child, .problem = NO_PROBLEM, .file = (uint16_t)file,
                      .row = (uint32_t)csv->line};
    if (dob[0] == '\0')
        h->problem = CC_SSDA903_MISSING_DOB;
    else if (!cc_ssda903_date_parse(dob, &h->dob))
        h->problem = CC_SSDA903_BAD_DATE;
    return CC_OK;
}

/* Parses the dates and codes of one episode row; the first problem found
 * is noted and kept in e->problem (it drops the child). */
static void check_episode(reader *rd, const ssda_csv *csv, const int col[COLS], size_t file,
                          raw_episode *e)
{
    const char *decom = field(csv, col, COL_DECOM), *dec = field(csv, col, COL_DEC);
    const char *place = field(csv, col, COL_PLACE);
    const size_t row = csv->line;
    e->dec = SSDA_OPEN;
    e->type = SSDA_UNKNOWN;
    if (!cc_ssda903_date_parse(decom, &e->decom)) {
        e->problem = CC_SSDA903_BAD_DATE;
        note(rd, CC_SSDA903_BAD_DATE, file, row, "DECOM", "'%s' is not a date; child %s dropped",
             decom, e->child);
    } else if (dec[0] != '\0' && !cc_ssda903_date_parse(dec, &e->dec)) {
        e->problem = CC_SSDA903_BAD_DATE;
        note(rd, CC_SSDA903_BAD_DATE, file, row, "DEC", "'%s' is not a date; child %s dropped",
             dec, e->child);
    } else if (e->dec < e->decom) {
        e->problem = CC_SSDA903_END_BEFORE_START;
        note(rd, CC_SSDA903_END_BEFORE_START, file, row, "DEC",
             "%s is before DECOM %s; child %s dropped", dec, decom, e->child);
    } else if ((e->type = (uint8_t)ssda_place_type(rd->map, place,
                                                   field(csv, col, COL_PROVIDER))) ==
               SSDA_UNKNOWN) {
        e->problem = CC_SSDA903_UNKNOWN_PLACE;
        note(rd, CC_SSDA903_UNKNOWN_PLACE, file, row, "PLACE",
             "'%s' (provider '%s') is not in the mapping; child %s dropped", place,
             field(csv, col, COL_PROVIDER), e->child);
    }
}

static cc_status read_episode_row(reader *rd, const ssda_csv *csv, const int col[COLS],
                                  size_t file)
{
    const char *child = field(csv, col, COL_CHILD);
    rd->log->rows_episodes++;
    if (child[0] == '\0') {
        note(rd, CC_SSDA903_NO_CHILD, file, csv->line, "CHILD", "blank");
        return CC_OK;
    }
    if (!grow((void **)&rd->eps, &rd->cap_eps, rd->n_eps, sizeof *rd->eps))
        return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", rd->paths[file]);
    raw_episode *e = &rd->eps[rd->n_eps++];
    *e = (raw_episode){.child = child, .problem = NO_PROBLEM, .file = (uint16_t)file,
                       .row = (uint32_t)csv->line};
    snprintf(e->rec, sizeof e->rec, "%s", field(csv, col, COL_REC));
    check_episode(rd, csv, col, file, e);
    if (e->problem == NO_PROBLEM || e->problem == CC_SSDA903_UNKNOWN_PLACE) {
        const int last = ssda_march_end_after(e->decom);
        if (last > rd->year_end[file])
            rd->year_end[file] = last;
        rd->min_decom = e->decom < rd->min_decom ? e->decom : rd->min_decom;
        rd->max_day = e->decom > rd->max_day ? e->decom : rd->max_day;
        if (e->dec != SSDA_OPEN) {
            rd->min_dec = e->dec < rd->min_dec ? e->dec : rd->min_dec;
            rd->max_day = e->dec - 1 > rd->max_day ? e->dec - 1 : rd->max_day;
        }
    }
    return CC_OK;
}

/* Finds each column by name (case and spaces ignored); -1 when absent. */
static void find_columns(ssda_csv *csv, int col[COLS])
{
    for (int c = 0; c < COLS; c++)
        col[c] = -1;
    for (size_t i = 0; i < csv->n_fields; i++) {
        const char *name = trim(csv->fields[i]);
        for (int c = 0; c < COLS; c++)
            if (col[c] < 0 && strcasecmp(name, column_names[c]) == 0)
                col[c] = (int)i;
    }
}

static cc_status need_columns(const reader *rd, size_t file, const int col[COLS], bool episodes)
{
    static const int header_needs[] = {COL_CHILD, COL_DOB, -1};
    static const int episode_needs[] = {COL_CHILD, COL_DECOM, COL_DEC, COL_PLACE, COL_REC, -1};
    const int *needed = episodes ? episode_needs : header_needs;
    for (size_t i = 0; needed[i] >= 0; i++)
        if (col[needed[i]] < 0)
            return cc_error_set(rd->err, CC_ERR_INVALID, "%s:1: %s: column missing (%s)",
                                rd->paths[file], column_names[needed[i]],
                                episodes ? "an episodes table needs CHILD, DECOM, DEC, PLACE, REC"
                                         : "a header table needs CHILD and DOB");
    return CC_OK;
}

static cc_status read_table(reader *rd, size_t file)
{
    ssda_csv *csv = &rd->tables[file];
    cc_status st = ssda_csv_open(rd->paths[file], csv, rd->err);
    if (st != CC_OK)
        return st;
    if (!ssda_csv_next(csv, &st))
        return st == CC_OK ? CC_OK : cc_error_set(rd->err, st, "%s: out of memory",
                                                  rd->paths[file]);
    int col[COLS];
    find_columns(csv, col);
    const bool episodes = col[COL_DECOM] >= 0;
    const bool header = !episodes && col[COL_DOB] >= 0 && col[COL_DUC] < 0;
    if (col[COL_CHILD] < 0 || (!episodes && !header)) {
        if (col[COL_DUC] >= 0)
            note(rd, CC_SSDA903_SKIPPED_FILE, file, 0, "", "a UASC table (DUC): not used");
        else
            note(rd, CC_SSDA903_SKIPPED_FILE, file, 0, "",
                 "skipped: neither a header table (CHILD, DOB) nor an episodes table (CHILD, "
                 "DECOM, ...)");
        return CC_OK;
    }
    st = need_columns(rd, file, col, episodes);
    if (episodes)
        rd->log->files_episodes++;
    else
        rd->log->files_header++;
    while (st == CC_OK && ssda_csv_next(csv, &st)) {
        for (size_t i = 0; i < csv->n_fields; i++)
            csv->fields[i] = trim(csv->fields[i]);
        st = episodes ? read_episode_row(rd, csv, col, file) : read_header_row(rd, csv, col, file);
    }
    if (st == CC_ERR_NOMEM && rd->err != NULL && rd->err->status != CC_ERR_NOMEM)
        cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", rd->paths[file]);
    return st;
}

/* ---- merging and cleaning, child by child ---- */

typedef struct work_episode {
    const raw_episode *src; /* the row kept, for messages */
    int decom, dec;
    uint8_t type, route;
} work_episode;

static int compare_headers(const void *a, const void *b)
{
    const raw_header *x = a, *y = b;
    const int c = strcmp(x->child, y->child);
    if (c != 0)
        return c;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static int compare_episodes(const void *a, const void *b)
{
    const raw_episode *x = a, *y = b;
    const int c = strcmp(x->child, y->child);
    if (c != 0)
        return c;
    if (x->decom != y->decom)
        return x->decom < y->decom ? -1 : 1;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static void date_text(int day, char out[static 11])
{
    if (day == SSDA_OPEN)
        snprintf(out, 11, "blank");
    else
        cc_ssda903_date_format(day, out);
}

/* The child's DOB: the latest file's valid one. False (noted) when none. */
static bool resolve_dob(reader *rd, const raw_header *h, size_t n, const raw_episode *first,
                        int *dob)
{
    if (n == 0) {
        note(rd, CC_SSDA903_NO_HEADER, first->file, first->row, "CHILD",
             "child %s has episodes but no header row; dropped", first->child);
        return false;
    }
    const raw_header *chosen = NULL;
    for (size_t i = n; i-- > 0 && chosen == NULL;)
        if (h[i].problem == NO_PROBLEM)
            chosen = &h[i];
    if (chosen == NULL) {
        const raw_header *last = &h[n - 1];
        note(rd, (cc_ssda903_problem)last->problem, last->file, last->row, "DOB",
             "%s; child %s dropped", last->problem == CC_SSDA903_MISSING_DOB ? "blank" : "not a date",
             last->child);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (h[i].problem != NO_PROBLEM || h[i].dob == chosen->dob)
            continue;
        char mine[11], kept[11];
        cc_ssda903_date_format(h[i].dob, mine);
        cc_ssda903_date_format(chosen->dob, kept);
        note(rd, CC_SSDA903_DOB_CONFLICT, h[i].file, h[i].row, "DOB",
             "%s differs from %s (%s:%u) for child %s; the latter is used", mine, kept,
             rd->paths[chosen->file], (unsigned)chosen->row, h[i].child);
    }
    *dob = chosen->dob;
    return true;
}

/* One row per DECOM: a closed copy from the latest file, else the latest open one. */
static size_t merge_copies(reader *rd, const raw_episode *rows, size_t n, work_episode *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        const raw_episode *best = &rows[i];
        for (; j < n && rows[j].decom == rows[i].decom; j++) {
            const raw_episode *r = &rows[j];
            if (r->dec == SSDA_OPEN && best->dec != SSDA_OPEN)
                continue;
            if (r->dec != SSDA_OPEN && best->dec != SSDA_OPEN && r->dec != best->dec) {
                char start[11], was[11], now[11];
                cc_ssda903_date_format(r->decom, start);
                date_text(best->dec, was);
                date_text(r->dec, now);
                note(rd, CC_SSDA903_DUPLICATE, r->file, r->row, "DEC",
                     "child %s's episode starting %s ends %s here but %s in %s:%u; this later "
                     "copy is kept", r->child, start, now, was, rd->paths[best->file],
                     (unsigned)best->row);
            }
            best = r;
        }
        rd->log->duplicate_rows += j - i - 1;
        out[k++] = (work_episode){.src = best, .decom = best->decom, .dec = best->dec,
                                  .type = best->type, .route = CC_SSDA903_OTHER};
        i = j;
    }
    return k;
}

/* Drops episodes ending with an earlier-starting one, then cuts overlaps. */
static size_t untangle(reader *rd, work_episode *w, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        /* Same DEC and started before that day: both cannot be right (the
         * peers keep the earlier). A same-day episode after it is kept. */
        if (k > 0 && w[i].dec != SSDA_OPEN && w[i].dec == w[k - 1].dec &&
            w[i].decom < w[k - 1].dec) {
            char start[11];
            cc_ssda903_date_format(w[k - 1].decom, start);
            note(rd, CC_SSDA903_SAME_END, w[i].src->file, w[i].src->row, "DEC",
                 "child %s's episode ends the same day as the one starting %s; dropped",
                 w[i].src->child, start);
            rd->log->episodes_dropped++;
            continue;
        }
        w[k++] = w[i];
    }
    for (size_t i = 0; i + 1 < k; i++) {
        if (w[i].dec <= w[i + 1].decom)
            continue;
        char end[11], next[11];
        date_text(w[i].dec, end);
        cc_ssda903_date_format(w[i + 1].decom, next);
        note(rd, CC_SSDA903_OVERLAP, w[i].src->file, w[i].src->row, "DEC",
             "child %s: %s is after the next episode's DECOM %s; DEC set to %s", w[i].src->child,
             end, next, next);
        w[i].dec = w[i + 1].decom;
    }
    return k;
}

/* Contiguity decides continuation (the next DECOM equals this DEC); REC only
 * names the route of a real exit, and disagreements are noted. */
static void assign_routes(reader *rd, work_episode *w, size_t n, int dob)
{
    for (size_t i = 0; i < n; i++) {
        if (w[i].dec == SSDA_OPEN)
            continue;
        const raw_episode *src = w[i].src;
        const unsigned r = src->rec[0] != '\0' ? ssda_rec_route(rd->map, src->rec) : SSDA_UNKNOWN;
        if (i + 1 < n && w[i + 1].decom == w[i].dec) {
            rd->log->redundant += w[i + 1].type == w[i].type;
            if (r == SSDA_UNKNOWN && src->rec[0] != '\0')
                note(rd, CC_SSDA903_UNKNOWN_REC, src->file, src->row, "REC",
                     "'%s' is not in the mapping (an episode follows: not an exit)", src->rec);
            else if (r != SSDA_UNKNOWN && r != CC_SSDA903_CONTINUES)
                note(rd, CC_SSDA903_REC_LEFT, src->file, src->row, "REC",
                     "'%s' says child %s left care, but an episode starts the same day: "
                     "a continuation", src->rec, src->child);
            continue;
        }
        char end[11];
        cc_ssda903_date_format(w[i].dec, end);
        if (r == SSDA_UNKNOWN)
            note(rd, CC_SSDA903_UNKNOWN_REC, src->file, src->row, "REC",
                 "'%s' is not in the mapping; child %s's exit on %s counted as other", src->rec,
                 src->child, end);
        else if (r == CC_SSDA903_CONTINUES)
            note(rd, CC_SSDA903_REC_CONTINUES, src->file, src->row, "REC",
                 "'%s' but no episode of child %s starts on %s; exit counted as other", src->rec,
                 src->child, end);
        else if (r == CC_SSDA903_AGE_18 && w[i].dec < ssda_birthday(dob, 18))
            note(rd, CC_SSDA903_AGE_18_EARLY, src->file, src->row, "REC",
                 "'%s' (aged 18 or over) but child %s is under 18 on %s; counted as other",
                 src->rec, src->child, end);
        else
            w[i].route = (uint8_t)r;
    }
}

/* Cleans one child's rows and appends the child to data, or drops it. */
static void add_child(reader *rd, const raw_episode *rows, size_t n, const raw_header *h,
                      size_t n_h, work_episode *w, cc_ssda903_data *data)
{
    bool dropped = false;
    for (size_t i = 0; i < n && !dropped; i++)
        dropped = rows[i].problem != NO_PROBLEM; /* already noted when read */
    int dob = 0;
    if (!dropped && !resolve_dob(rd, h, n_h, &rows[0], &dob))
        dropped = true;
    if (!dropped && rows[0].decom < dob) {
        char start[11], born[11];
        cc_ssda903_date_format(rows[0].decom, start);
        cc_ssda903_date_format(dob, born);
        note(rd, CC_SSDA903_BEFORE_BIRTH, rows[0].file, rows[0].row, "DECOM",
             "%s is before child %s's DOB %s; child dropped", start, rows[0].child, born);
        dropped = true;
    }
    if (dropped) {
        rd->log->children_dropped++;
        rd->log->episodes_dropped += n;
        return;
    }
    size_t k = merge_copies(rd, rows, n, w);
    k = untangle(rd, w, k);
    assign_routes(rd, w, k, dob);
    data->children[data->n_children++] =
        (ssda_child){.dob = dob, .first = data->n_episodes, .n = k};
    for (size_t i = 0; i < k; i++)
        data->episodes[data->n_episodes++] =
            (ssda_episode){.decom = w[i].decom, .dec = w[i].dec, .type = w[i].type,
                           .route = w[i].route};
}

/* First and last day covered, from the dates as read (before overlaps are
 * cut): the 1 April before the earliest DEC, since a return holds only
 * episodes open during its year, and the 31 March after the last date. */
static void find_coverage(const reader *rd, cc_ssda903_data *data)
{
    data->first_day = ssda_april_first_before(rd->min_dec != SSDA_OPEN ? rd->min_dec
                                                                       : rd->min_decom);
    data->last_day = ssda_march_end_after(rd->max_day);
}

static int compare_ints(const void *a, const void *b)
{
    const int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Notes collection years with no episodes table between the first and last. */
static cc_status check_years(reader *rd, const char *dir)
{
    int *years = malloc((rd->n_files + 1) * sizeof *years);
    if (years == NULL)
        return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", dir);
    size_t n = 0;
    for (size_t f = 0; f < rd->n_files; f++)
        if (rd->year_end[f] != 0)
            years[n++] = rd->year_end[f];
    sort(years, n, sizeof years[0], compare_ints);
    for (size_t i = 1; i < n; i++) {
        for (int y = ssda_march_end_after(years[i - 1] + 1); y < years[i];
             y = ssda_march_end_after(y + 1)) {
            char end[11];
            cc_ssda903_date_format(y, end);
            note(rd, CC_SSDA903_MISSING_YEAR, rd->n_files, 0, "",
                 "%s: no episodes table for the collection year ending %s", dir, end);
        }
    }
    free(years);
    return CC_OK;
}

/* ---- the whole directory ---- */

static void reader_free(reader *rd)
{
    for (size_t f = 0; f < rd->n_files; f++) {
        if (rd->tables != NULL)
            ssda_csv_close(&rd->tables[f]);
        free(rd->paths[f]);
    }
    free(rd->paths);
    free(rd->tables);
    free(rd->year_end);
    free(rd->hdr);
    free(rd->eps);
}

static cc_status read_all(reader *rd, const char *dir)
{
    size_t cap = 0;
    cc_status st = find_files(rd, dir, 0, &cap);
    if (st != CC_OK)
        return st;
    sort(rd->paths, rd->n_files, sizeof *rd->paths, compare_paths);
    rd->tables = calloc(rd->n_files + 1, sizeof *rd->tables);
    rd->year_end = calloc(rd->n_files + 1, sizeof *rd->year_end);
    if (rd->tables == NULL || rd->year_end == NULL)
        return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", dir);
    for (size_t f = 0; f < rd->n_files && st == CC_OK; f++)
        st = read_table(rd, f);
    if (st != CC_OK)
        return st;
    if (rd->log->files_episodes == 0)
        return cc_error_set(rd->err, CC_ERR_INVALID,
                            "%s: no episodes table found (a CSV with columns CHILD, DECOM, DEC, "
                            "PLACE, REC, here or one folder down)", dir);
    if (rd->log->files_header == 0)
        return cc_error_set(rd->err, CC_ERR_INVALID,
                            "%s: no header table found (a CSV with columns CHILD and DOB): ages "
                            "cannot be known", dir);
    return check_years(rd, dir);
}

/* Groups the rows by child and cleans each child into data. */
static cc_status build(reader *rd, cc_ssda903_data *data, const char *dir)
{
    sort(rd->hdr, rd->n_hdr, sizeof *rd->hdr, compare_headers);
    sort(rd->eps, rd->n_eps, sizeof *rd->eps, compare_episodes);
    data->children = malloc((rd->n_eps + 1) * sizeof *data->children);
    data->episodes = malloc((rd->n_eps + 1) * sizeof *data->episodes);
    work_episode *w = malloc((rd->n_eps + 1) * sizeof *w);
    if (data->children == NULL || data->episodes == NULL || w == NULL) {
        free(w);
        return cc_error_set(rd->err, CC_ERR_NOMEM, "%s: out of memory", dir);
    }
    size_t h = 0;
    for (size_t i = 0; i < rd->n_eps;) {
        size_t j = i + 1;
        while (j < rd->n_eps && strcmp(rd->eps[j].child, rd->eps[i].child) == 0)
            j++;
        while (h < rd->n_hdr && strcmp(rd->hdr[h].child, rd->eps[i].child) < 0)
            h++;
        size_t h_end = h;
        while (h_end < rd->n_hdr && strcmp(rd->hdr[h_end].child, rd->eps[i].child) == 0)
            h_end++;
        add_child(rd, &rd->eps[i], j - i, &rd->hdr[h], h_end - h, w, data);
        i = j;
    }
    free(w);
    rd->log->children = data->n_children;
    rd->log->episodes = data->n_episodes;
    if (data->n_children == 0)
        return cc_error_set(rd->err, CC_ERR_INVALID,
                            "%s: no usable episodes: every child was dropped (see the problems "
                            "listed)", dir);
    find_coverage(rd, data);
    return CC_OK;
}

cc_status cc_ssda903_read(const char *dir, const cc_ssda903_mapping *map, cc_ssda903_data **out,
                          cc_ssda903_log *log, cc_error *err)
{
    *out = NULL;
    reader rd = {.map = map, .log = log, .err = err, .min_dec = SSDA_OPEN,
                 .min_decom = SSDA_OPEN, .max_day = INT_MIN};
    cc_ssda903_data *data = calloc(1, sizeof *data);
    if (data == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "%s: out of memory", dir);
    data->n_types = map->n_types;
    cc_status st = read_all(&rd, dir);
    if (st == CC_OK)
        st = build(&rd, data, dir);
    reader_free(&rd);
    if (st != CC_OK) {
        cc_ssda903_data_free(data);
        return st;
    }
    *out = data;
    return CC_OK;
}

void cc_ssda903_data_free(cc_ssda903_data *data)
{
    if (data == NULL)
        return;
    free(data->children);
    free(data->episodes);
    free(data);
}

void cc_ssda903_coverage(const cc_ssda903_data *data, int *first_day, int *last_day)
{
    *first_day = data->first_day;
    *last_day = data->last_day;
}
