/* Shared pieces of carecast's HTML pages: the head and style (A4 print), text
 * escaping, and charts inlined as SVG data URIs so a page fetches nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "carecast/output.h"
#include "output/output_internal.h"

/* The one escaping of text into HTML: safe in element content and in
 * attribute values quoted with " or '. */
void cc_html_text(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '\'':
            fputs("&#39;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

void cc_html_attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    cc_html_text(f, value);
    fputc('"', f);
}

static const char style[] =
    "<style>\n"
    "@page { size: A4; margin: 14mm; }\n"
    "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #222;\n"
    "       max-width: 180mm; margin: 0 auto; }\n"
    "h1 { font-size: 17pt; margin-bottom: 2pt; } h2 { font-size: 12.5pt; margin-top: 14pt; }\n"
    "h3 { font-size: 10.5pt; margin: 10pt 0 2pt; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 4pt 0; }\n"
    "th, td { border-bottom: 1px solid #bbb; padding: 2pt 4pt; text-align: right;\n"
    "         vertical-align: top; }\n"
    "th { background: #eee; font-weight: bold; }\n"
    "th:first-child, td:first-child { text-align: left; }\n"
    "table.plain td { text-align: left; }\n"
    "table.headline, table.compare { font-size: 8pt; table-layout: fixed; }\n"
    "table.headline th, table.compare th { font-size: 7.5pt; }\n"
    "td.diff { background: #f4f8fb; }\n"
    ".range { color: #555; font-size: 7pt; display: block; }\n"
    ".note { color: #444; font-size: 8.5pt; }\n"
    /* Ratings differ in lightness, word and symbol, not hue alone: readable in
     * greyscale print and by readers who cannot tell red from green. */
    ".rag-green { background: #edf8e9; } .rag-amber { background: #fdae6b; }\n"
    ".rag-red { background: #7f0000; color: #fff; } .rag-red .range { color: #eee; }\n"
    ".headline-words { font-size: 11.5pt; font-weight: bold; border-left: 4pt solid #08306b;\n"
    "                  padding: 4pt 8pt; background: #f4f8fb; }\n"
    ".whatif { font-size: 12pt; color: #7f0000; }\n"
    "figcaption { font-size: 9.5pt; font-weight: bold; margin: 2pt 0 8pt; }\n"
    "h2, h3 { page-break-after: avoid; }\n"
    "figure.chart { margin: 6pt 0; page-break-inside: avoid; }\n"
    "figure.chart img { width: 100%; height: auto; }\n"
    "code { font-size: 8pt; word-break: break-all; }\n"
    "</style>\n";

void cc_html_rag(FILE *f, const char *rag)
{
    const char *symbol = rag[0] == 'g' ? "&#10004;" : rag[0] == 'a' ? "&#9650;" : "&#10006;";
    const char *word = rag[0] == 'g' ? "Green" : rag[0] == 'a' ? "Amber" : "Red";
    fprintf(f, "<b>%s %s</b>", symbol, word);
}

void cc_html_head(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    cc_html_text(f, title);
    fputs(" &mdash; carecast</title>\n", f);
    fputs(style, f);
    fputs("</head>\n<body>\n", f);
}

static void put_base64(FILE *f, const unsigned char *data, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        const unsigned v = (unsigned)data[i] << 16 | (i + 1 < n ? (unsigned)data[i + 1] << 8 : 0) |
                           (i + 2 < n ? data[i + 2] : 0);
        fputc(digits[v >> 18 & 63], f);
        fputc(digits[v >> 12 & 63], f);
        fputc(i + 1 < n ? digits[v >> 6 & 63] : '=', f);
        fputc(i + 2 < n ? digits[v & 63] : '=', f);
    }
}

/* Inlines dir/NAME.svg as a data URI with its alt text and takeaway; returns
 * false when there is none. */
static bool inline_chart(FILE *f, const char *dir, const char *name,
                         const cc_chart_caption *caption)
{
    char path[CC_PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s.svg", dir, name);
    FILE *svg = fopen(path, "rb");
    if (svg == NULL)
        return false;
    unsigned char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            unsigned char *bigger = realloc(data, cap = cap ? 2 * cap : 65536);
            if (bigger == NULL)
                break;
            data = bigger;
        }
        const size_t got = fread(data + n, 1, cap - n, svg);
        n += got;
        if (got == 0)
            break;
    }
    const bool ok = !ferror(svg) && n > 0 && data != NULL;
    fclose(svg);
    if (ok) {
        fputs("<figure class=\"chart\"><img", f);
        cc_html_attr(f, "alt", caption != NULL && caption->alt[0] != '\0' ? caption->alt : name);
        fputs(" src=\"data:image/svg+xml;base64,", f);
        put_base64(f, data, n);
        fputs("\">", f);
        if (caption != NULL && caption->takeaway[0] != '\0') {
            fputs("<figcaption>", f);
            cc_html_text(f, caption->takeaway);
            fputs("</figcaption>", f);
        }
        fputs("</figure>\n", f);
    }
    free(data);
    return ok;
}

void cc_html_charts(FILE *f, const char *charts_dir, const cc_chart_set *charts,
                    const cc_chart_caption *captions)
{
    bool any = false;
    for (size_t i = 0; charts_dir != NULL && charts != NULL && i < charts->n; i++) {
        if (!any)
            fputs("<h2>Charts</h2>\n", f);
        any |= inline_chart(f, charts_dir, charts->names[i],
                            captions != NULL ? &captions[i] : NULL);
    }
    if (!any)
        fputs("<p class=\"note\">No charts: they were not drawn for this run (gnuplot missing, "
              "or --no-charts).</p>\n",
              f);
}
