/* What a request asks to change, checked before anything runs: only the
 * scenario's controls can be changed, each value must look like a number (or
 * a month, for dates) and is then handed to the loader exactly as a --set
 * override, which checks its range and meaning. Values equal to the
 * scenario's own are dropped, so "no change" runs nothing. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "serve/serve_internal.h"

const cc_control *cc_server_control(const cc_server *server, const char *key_path)
{
    for (size_t i = 0; i < server->n_controls; i++)
        if (strcmp(server->controls[i].key_path, key_path) == 0)
            return &server->controls[i];
    return NULL;
}

/* A decimal number such as -10, 2.5 or .5: digits, at most one point, an
 * optional sign; nothing a libconfig literal could read as anything else. */
static bool is_number(const char *v)
{
    const char *c = v + (*v == '-' || *v == '+');
    size_t digits = 0, points = 0;
    for (; *c != '\0'; c++) {
        if (*c >= '0' && *c <= '9')
            digits++;
        else if (*c == '.')
            points++;
        else
            return false;
    }
    return digits > 0 && points <= 1;
}

/* "YYYY-MM" or "YYYY-MM-DD" into the quoted literal "YYYY-MM-DD" (day 01
 * for a month). The loader checks that the date is real and in range. */
static bool date_literal(const char *v, char *out, size_t size)
{
    const size_t n = strlen(v);
    if (n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++) {
        const bool dash = i == 4 || i == 7;
        if (dash ? v[i] != '-' : (v[i] < '0' || v[i] > '9'))
            return false;
    }
    snprintf(out, size, "\"%.7s-%s\"", v, n == 10 ? v + 8 : "01");
    return true;
}

/* The value as a libconfig literal, or false. */
static bool literal_of(const cc_control *c, const char *value, char *out, size_t size,
                       cc_error *err)
{
    if (c->kind == CC_CONTROL_DATE) {
        if (date_literal(value, out, size))
            return true;
        cc_error_set(err, CC_ERR_INVALID, "%s: expected a month such as 2020-04, got \"%.40s\"",
                     c->key_path, value);
        return false;
    }
    if (strlen(value) > CC_SERVE_VALUE_MAX || !is_number(value)) {
        cc_error_set(err, CC_ERR_INVALID, "%s: expected a number such as -10 or 2.5, got \"%.40s\"",
                     c->key_path, value);
        return false;
    }
    snprintf(out, size, "%s", value);
    return true;
}

static bool unchanged(const cc_control *c, const char *literal)
{
    if (c->kind == CC_CONTROL_DATE)
        return strncmp(literal + 1, c->date, 10) == 0;
    return strtod(literal, NULL) == c->value;
}

bool cc_changes_add(const cc_server *server, cc_changes *changes, const char *key,
                    const char *value, cc_error *err)
{
    if (strcmp(key, "token") == 0 || strcmp(key, "client") == 0)
        return true;
    if (strcmp(key, "overwrite") == 0) {
        changes->overwrite = strcmp(value, "1") == 0;
        return true;
    }
    if (strcmp(key, "name") == 0) {
        snprintf(changes->name, sizeof changes->name, "%s", value);
        if (strlen(value) < sizeof changes->name)
            return true;
        cc_error_set(err, CC_ERR_INVALID, "name: at most %d characters", CC_SERVE_NAME_MAX);
        return false;
    }
    const cc_control *c = cc_server_control(server, key);
    if (c == NULL) {
        cc_error_set(err, CC_ERR_INVALID, "%.80s: not something this scenario lets you change",
                     key);
        return false;
    }
    char literal[CC_SERVE_VALUE_MAX + 8];
    if (!literal_of(c, value, literal, sizeof literal, err))
        return false;
    for (size_t i = 0; i < changes->n; i++)
        if (strcmp(changes->keys[i], key) == 0) {
            cc_error_set(err, CC_ERR_INVALID, "%s: given twice", key);
            return false;
        }
    if (unchanged(c, literal))
        return true;
    const size_t i = changes->n++;
    snprintf(changes->keys[i], sizeof changes->keys[i], "%s", c->key_path);
    snprintf(changes->values[i], sizeof changes->values[i], "%s", literal);
    changes->overrides[i] = (cc_override){changes->keys[i], changes->values[i]};
    return true;
}

/* Decodes %XX and '+' in place; false when the text hides a NUL (%00). */
static bool form_unescape(char *s)
{
    for (char *c = s; *c != '\0'; c++)
        if (*c == '+')
            *c = ' ';
    return MHD_http_unescape(s) == strlen(s);
}

bool cc_changes_parse_form(const cc_server *server, cc_changes *changes, char *body,
                           cc_error *err)
{
    for (char *save = NULL, *pair = strtok_r(body, "&", &save); pair != NULL;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq == NULL) {
            cc_error_set(err, CC_ERR_INVALID, "a form field without a value");
            return false;
        }
        *eq = '\0';
        if (!form_unescape(pair) || !form_unescape(eq + 1)) {
            cc_error_set(err, CC_ERR_INVALID, "a form field holds a NUL character");
            return false;
        }
        if (!cc_changes_add(server, changes, pair, eq + 1, err))
            return false;
    }
    return true;
}
