/* One chart's files: NAME.dat from a data writer, and NAME.gp from the shared
 * style and the chart's template, drawing NAME.svg and NAME.png. Text from
 * files (names, labels) reaches gnuplot only through cc_gnuplot_quote. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* gnuplot runs `...` in double-quoted strings and in bare command text, and
 * processes backslash escapes in double-quoted strings and data fields; in
 * single-quoted strings it expands nothing ('' stands for '). A data file has
 * only double quotes, which nothing inside can escape, so a " becomes '. A
 * control character could end the line (and the string) or a data row, so
 * it becomes a space; in a data file, runs of spaces become one, because
 * gnuplot 5.4 drops every column header after one with two spaces (checked). */
size_t cc_gnuplot_quote(const char *text, cc_gnuplot_context where, char *buf, size_t size)
{
    const char quote = where == CC_GNUPLOT_SCRIPT ? '\'' : '"';
    if (size < 3) {
        if (size > 0)
            buf[0] = '\0';
        return 0;
    }
    size_t n = 0;
    buf[n++] = quote;
    const char *s = text;
    for (; *s != '\0'; s++) {
        const unsigned char c = (unsigned char)*s;
        const bool blank = c <= 0x20 || c == 0x7f;
        char out[2] = {*s, '\0'};
        if (blank && where == CC_GNUPLOT_DATA && buf[n - 1] == ' ')
            continue; /* gnuplot 5.4 misreads a header with "a  b" */
        if (blank)
            out[0] = ' ';
        else if (where == CC_GNUPLOT_SCRIPT && c == '\'')
            out[1] = '\''; /* '' */
        else if (where == CC_GNUPLOT_DATA && c == '"')
            out[0] = '\'';
        else if (where == CC_GNUPLOT_DATA && c == '\\')
            out[1] = '\\'; /* \\ reads back as one backslash */
        const size_t len = out[1] != '\0' ? 2 : 1;
        if (n + len + 2 > size) /* room for the closing quote and NUL */
            break;
        memcpy(buf + n, out, len);
        n += len;
    }
    /* Text cut inside a UTF-8 character loses the whole character. */
    if (((unsigned char)*s & 0xc0) == 0x80) {
        while (n > 1 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
            n--;
        if (n > 1)
            n--;
    }
    buf[n++] = quote;
    buf[n] = '\0';
    return n;
}

void cc_gnuplot_put(FILE *f, const char *text, cc_gnuplot_context where)
{
    char buf[1024];
    cc_gnuplot_quote(text, where, buf, sizeof buf);
    fputs(buf, f);
}

/* Copies template into f line by line, indented, filling the placeholders. */
static void fill_template(FILE *f, const char *template_text, const char *name,
                          const cc_chart_text *t)
{
    const size_t extra_len = strlen(t->extra_key);
    for (const char *line = template_text; *line != '\0';) {
        const char *end = strchr(line, '\n');
        const size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
        fputs("    ", f);
        for (size_t i = 0; i < len;) {
            if (strncmp(line + i, "@TITLE@", 7) == 0) {
                cc_gnuplot_put(f, t->title, CC_GNUPLOT_SCRIPT);
                i += 7;
            } else if (strncmp(line + i, "@DATA@", 6) == 0) {
                fprintf(f, "%s.dat", name);
                i += 6;
            } else if (extra_len > 0 && strncmp(line + i, t->extra_key, extra_len) == 0) {
                fputs(t->extra, f);
                i += extra_len;
            } else {
                fputc(line[i++], f);
            }
        }
        fputc('\n', f);
        line = end != NULL ? end + 1 : line + len;
    }
}

static bool write_script(FILE *f, const char *name, const char *template_name,
                         const cc_chart_text *t)
{
    const char *style = cc_plot_template("style");
    const char *body = cc_plot_template(template_name);
    if (style == NULL || body == NULL)
        return false;
    /* No text from files in comments: a newline or a final backslash there
     * would end or extend the comment into a command. */
    fprintf(f, "# carecast chart %s, drawn from %s.dat; edit and run `gnuplot %s.gp` in\n"
               "# this directory to restyle (templates: plots/ in the carecast sources).\n\n",
            name, name, name);
    fputs(style, f);
    fputs("\ndo for [fmt in \"svg png\"] {\n"
          "    if (fmt eq \"svg\") {\n"
          "        set terminal svg size 960,540 dynamic noenhanced font \"DejaVu Sans,12\" "
          "background rgb \"white\"\n"
          "    } else {\n"
          "        set terminal pngcairo size 1280,720 noenhanced font \"DejaVu Sans,13\" "
          "background rgb \"white\"\n"
          "    }\n",
          f);
    fprintf(f, "    set output \"%s.\".fmt\n", name);
    fill_template(f, body, name, t);
    fputs("    unset output\n}\n", f);
    return true;
}

cc_status cc_chart_write(const char *dir, const char *name, const char *template_name,
                         cc_chart_data_fn data, const void *context, cc_error *err)
{
    cc_chart_text text;
    memset(&text, 0, sizeof text);
    char file[CC_CHART_NAME_MAX + 8];
    cc_staged_file sf;
    for (int part = 0; part < 2; part++) {
        snprintf(file, sizeof file, "%s.%s", name, part == 0 ? "dat" : "gp");
        cc_status st = cc_staged_open(dir, file, &sf, err);
        if (st != CC_OK)
            return st;
        const bool ok = part == 0 ? data(sf.f, context, &text)
                                  : write_script(sf.f, name, template_name, &text);
        const int saved = errno;
        /* Closing reports a failed stream with its reason. */
        st = cc_staged_close(&sf, err);
        if (st == CC_OK && !ok)
            st = cc_error_set(err, CC_ERR_IO, "%s/%s: cannot write: %s", dir, file,
                              strerror(saved));
        if (st == CC_OK)
            st = cc_staged_publish(&sf, err);
        cc_staged_discard(&sf);
        if (st != CC_OK)
            return st;
    }
    return CC_OK;
}
