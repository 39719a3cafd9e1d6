/* Sources in words: a model's comment such as "seed 000 L374, held flat
 * (§11.1)" becomes "Sandwell Children's Trust Annual Review 2018/19 (...),
 * "Financial Context", held flat (calibration notes §11.1)" for the Board's
 * page. The short names and the sections their line numbers fall in come from
 * docs/sources.md, compiled in, so that page is the one table to change. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output_internal.h"

#define SHORT_MAX 32
#define WORDS_MAX 160

/* One cell of a markdown table row "| a | b | c |": cell i into buf. */
static bool table_cell(const char *row, int i, char *buf, size_t size)
{
    const char *s = row;
    for (int k = 0; k <= i; k++) {
        s = strchr(s, '|');
        if (s == NULL)
            return false;
        s++;
    }
    while (*s == ' ')
        s++;
    const char *end = strchr(s, '|');
    if (end == NULL)
        return false;
    while (end > s && end[-1] == ' ')
        end--;
    snprintf(buf, size, "%.*s", (int)(end - s), s);
    return true;
}

/* The line of docs/sources.md whose first cell starts with key (e.g. "seed
 * 000 |" for a document, "seed 000 L" for a section), after `from`. */
static const char *find_row(const char *doc, const char *first_cell, const char *from)
{
    char pattern[SHORT_MAX + 8];
    snprintf(pattern, sizeof pattern, "\n| %s", first_cell);
    const char *s = strstr(from != NULL ? from : doc, pattern);
    return s != NULL ? s + 1 : NULL;
}

/* The words for document `shortname` ("seed 000", "flows file"), or NULL. */
static bool document_words(const char *doc, const char *shortname, char *buf, size_t size)
{
    char key[SHORT_MAX + 4];
    snprintf(key, sizeof key, "%s |", shortname);
    const char *row = find_row(doc, key, NULL);
    return row != NULL && table_cell(row, 1, buf, size);
}

/* The section of document `shortname` that line n falls in, or false. */
static bool section_words(const char *doc, const char *shortname, long n, char *buf, size_t size)
{
    char key[SHORT_MAX + 4];
    snprintf(key, sizeof key, "%s L", shortname);
    for (const char *row = find_row(doc, key, NULL); row != NULL;
         row = find_row(doc, key, row)) {
        long lo = 0, hi = 0;
        if (sscanf(row + 2 + strlen(key), "%ld-L%ld", &lo, &hi) == 2 && n >= lo && n <= hi)
            return table_cell(row, 1, buf, size);
    }
    return false;
}

/* Appends text to out (of size), keeping it NUL-terminated. */
static void put(char *out, size_t size, size_t *used, const char *text, size_t len)
{
    if (*used + 1 >= size)
        return;
    if (len > size - 1 - *used)
        len = size - 1 - *used;
    memcpy(out + *used, text, len);
    *used += len;
    out[*used] = '\0';
}

/* A short name at s ("seed 000", "seed 003", "flows file"): its length. */
static size_t shortname_at(const char *s, char *name, size_t size)
{
    if (strncmp(s, "seed ", 5) == 0 && isdigit((unsigned char)s[5]) &&
        isdigit((unsigned char)s[6]) && isdigit((unsigned char)s[7])) {
        snprintf(name, size, "%.8s", s);
        return 8;
    }
    if (strncmp(s, "flows file", 10) == 0) {
        snprintf(name, size, "flows file");
        return 10;
    }
    return 0;
}

/* A line reference at s: "L374", "L750-L757" or "003:L535"; its length, the
 * first line, and the document it names (when "003:"). */
static size_t line_ref_at(const char *s, long *line, char *doc_name, size_t size)
{
    size_t n = 0;
    if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
        isdigit((unsigned char)s[2]) && s[3] == ':' && s[4] == 'L') {
        snprintf(doc_name, size, "seed %.3s", s);
        n = 4;
    }
    if (s[n] != 'L' || !isdigit((unsigned char)s[n + 1]))
        return 0;
    char *end = NULL;
    *line = strtol(s + n + 1, &end, 10);
    n = (size_t)(end - s);
    if (s[n] == '-' && s[n + 1] == 'L' && isdigit((unsigned char)s[n + 2])) {
        strtol(s + n + 2, &end, 10);
        n = (size_t)(end - s);
    }
    return n;
}

/* Whether out[from..to) holds only a list's separators (", ", " and "). */
static bool only_separators(const char *out, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (out[i] != ',' && out[i] != ' ')
            return false;
    return from < to && to - from <= 2;
}

/* Puts "section WORDS" for a line reference, or nothing when the reference
 * before it, just a comma away, named the same section ("L692, L696" in one
 * part of a paper reads as that part once). */
static void put_section(char *out, size_t size, size_t *used, const char *words, char *last,
                        size_t *after_last)
{
    if (strcmp(words, last) == 0 && only_separators(out, *after_last, *used)) {
        *used = *after_last;
        out[*used] = '\0';
        return;
    }
    if (strncmp(words, "section ", 8) != 0) /* "section (c), ..." says so itself */
        put(out, size, used, "section ", 8);
    put(out, size, used, words, strlen(words));
    snprintf(last, WORDS_MAX, "%s", words);
    *after_last = *used;
}

void cc_source_in_words(const char *source, char *out, size_t size)
{
    const char *doc = cc_doc_text("sources.md");
    char current[SHORT_MAX] = "seed 000", name[SHORT_MAX], words[WORDS_MAX], last[WORDS_MAX] = "";
    size_t used = 0, after_last = 0;
    if (size > 0)
        out[0] = '\0';
    for (const char *s = source; *s != '\0';) {
        const bool word_start = s == source || !isalnum((unsigned char)s[-1]);
        long line = 0;
        size_t n = 0;
        if (doc != NULL && word_start && (n = shortname_at(s, name, sizeof name)) > 0) {
            snprintf(current, sizeof current, "%s", name);
            if (!document_words(doc, name, words, sizeof words))
                snprintf(words, sizeof words, "%s", name);
            put(out, size, &used, words, strlen(words));
            /* "seed 000 §3.3" is a section of the notes taken while calibrating. */
            if (s[n] == ' ' && strncmp(s + n + 1, "\xc2\xa7", 2) == 0) {
                n += 3;
                while (isdigit((unsigned char)s[n]) || s[n] == '.')
                    n++;
            }
        } else if (doc != NULL && word_start &&
                   (n = line_ref_at(s, &line, name, sizeof name)) > 0) {
            const char *which = name[0] != '\0' && n > 4 && s[3] == ':' ? name : current;
            if (section_words(doc, which, line, words, sizeof words)) {
                put_section(out, size, &used, words, last, &after_last);
            } else {
                put(out, size, &used, s, n);
            }
            name[0] = '\0';
        } else if (word_start && strncmp(s, "\xc2\xa7", 2) == 0) {
            put(out, size, &used, "calibration notes \xc2\xa7", 20);
            n = 2;
        } else if (strncmp(s, "[derived]", 9) == 0) {
            put(out, size, &used, "derived:", 8);
            n = 9;
        } else {
            put(out, size, &used, s, 1);
            n = 1;
        }
        s += n;
    }
}
