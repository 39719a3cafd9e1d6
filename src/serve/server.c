/* The HTTP side of the what-if page (GNU libmicrohttpd): starting and
 * stopping, who may ask (loopback Host names, or the token), how much (size
 * and rate), and which answer each address gets. Every connection has its own
 * thread; simulations run on the worker (worker.c). */
#define _GNU_SOURCE /* getrandom, strcasecmp */
#include <arpa/inet.h>
#include <libgen.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <microhttpd.h>

#include "serve/serve_internal.h"

/* ---- responses ---- */

/* Queues a response that copies body; extra headers come in name, value pairs. */
static enum MHD_Result respond(struct MHD_Connection *conn, unsigned status, const char *type,
                               const char *body, size_t size, const char *const *headers,
                               size_t n_headers)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(size, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    for (size_t i = 0; i + 1 < 2 * n_headers; i += 2)
        MHD_add_response_header(r, headers[i], headers[i + 1]);
    const enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static const char json_type[] = "application/json; charset=utf-8";
static const char html_type[] = "text/html; charset=utf-8";
static const char xlsx_type[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

static enum MHD_Result respond_json(struct MHD_Connection *conn, unsigned status,
                                    const char *body, size_t size)
{
    return respond(conn, status, json_type, body, size, NULL, 0);
}

/* {"errors": [message]} with status. */
static enum MHD_Result respond_error(struct MHD_Connection *conn, unsigned status,
                                     const char *message)
{
    char *body = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&body, &size);
    if (f == NULL)
        return MHD_NO;
    cc_answer_errors(f, &message, 1);
    fclose(f);
    const enum MHD_Result ret = respond_json(conn, status, body, size);
    free(body);
    return ret;
}

/* ---- who may ask, and how much ---- */

static bool same_token(const char *given, const char *token)
{
    if (given == NULL || strlen(given) != strlen(token))
        return false;
    unsigned char diff = 0; /* every byte compared: no timing hint */
    for (size_t i = 0; token[i] != '\0'; i++)
        diff |= (unsigned char)(given[i] ^ token[i]);
    return diff == 0;
}

/* The token from the query, a header or the cookie the page set. */
static bool has_token(const cc_server *s, struct MHD_Connection *conn)
{
    return same_token(MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "token"),
                      s->token) ||
           same_token(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Carecast-Token"),
                      s->token) ||
           same_token(MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "carecast_token"),
                      s->token);
}

/* On loopback, only the names of loopback may be asked for: a page elsewhere
 * that points a name of its own at 127.0.0.1 (DNS rebinding) is refused. */
static bool host_allowed(const cc_server *s, struct MHD_Connection *conn)
{
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    if (host == NULL)
        return false;
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char allowed[64];
        snprintf(allowed, sizeof allowed, "%s:%u", names[i], s->port);
        if (strcasecmp(host, allowed) == 0 || (s->port == 80 && strcasecmp(host, names[i]) == 0))
            return true;
    }
    return false;
}

/* A token bucket: CC_SERVE_RATE_PER_S runs a second, CC_SERVE_RATE_BURST at once. */
static bool take_rate(cc_server *s)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&s->rate_lock);
    const double dt = (double)(now.tv_sec - s->rate_time.tv_sec) +
                      1e-9 * (double)(now.tv_nsec - s->rate_time.tv_nsec);
    s->rate_time = now;
    s->rate_tokens += dt * CC_SERVE_RATE_PER_S;
    if (s->rate_tokens > CC_SERVE_RATE_BURST)
        s->rate_tokens = CC_SERVE_RATE_BURST;
    const bool ok = s->rate_tokens >= 1.0;
    if (ok)
        s->rate_tokens -= 1.0;
    pthread_mutex_unlock(&s->rate_lock);
    return ok;
}

typedef struct arg_reader {
    const cc_server *server;
    cc_changes *changes;
    cc_error err;
    size_t bytes, count;
    bool failed;
} arg_reader;

static enum MHD_Result read_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    arg_reader *a = cls;
    a->bytes += key_size + value_size;
    if (++a->count > 2 * CC_CONTROLS_MAX || a->bytes > CC_SERVE_QUERY_MAX) {
        cc_error_set(&a->err, CC_ERR_INVALID, "too many or too long arguments");
        a->failed = true;
    } else if (strlen(key) != key_size || (value != NULL && strlen(value) != value_size)) {
        cc_error_set(&a->err, CC_ERR_INVALID, "an argument holds a NUL character");
        a->failed = true;
    } else if (a->changes != NULL) {
        a->failed = !cc_changes_add(a->server, a->changes, key, value != NULL ? value : "",
                                    &a->err);
    }
    return a->failed ? MHD_NO : MHD_YES;
}

/* Reads the query into changes (or only measures it when changes is NULL). */
static bool read_query(const cc_server *s, struct MHD_Connection *conn, cc_changes *changes,
                       cc_error *err)
{
    arg_reader a = {.server = s, .changes = changes};
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, read_arg, &a);
    *err = a.err;
    return !a.failed;
}

/* ---- answers ---- */

static const char page_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

static enum MHD_Result send_page(cc_server *s, struct MHD_Connection *conn, unsigned status,
                                 const char *body, size_t size)
{
    const char *headers[4] = {"Content-Security-Policy", page_policy, NULL, NULL};
    char cookie[96];
    size_t n = 1;
    if (s->needs_token &&
        same_token(MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "token"), s->token)) {
        /* The page's own requests then carry the token without showing it. */
        snprintf(cookie, sizeof cookie, "carecast_token=%s; Path=/; HttpOnly; SameSite=Strict",
                 s->token);
        headers[2] = "Set-Cookie";
        headers[3] = cookie;
        n = 2;
    }
    return respond(conn, status, html_type, body, size, headers, n);
}

/* A what-if (or the base, when nothing changed) through the worker. */
static enum MHD_Result ask(cc_server *s, struct MHD_Connection *conn, const cc_changes *changes,
                           bool page)
{
    if (changes->n > 0 && !take_rate(s))
        return respond_error(conn, MHD_HTTP_TOO_MANY_REQUESTS,
                             "too many requests: wait a moment and try again");
    char *body = NULL;
    size_t size = 0;
    const int status =
        cc_worker_ask(s->worker, changes, page ? cc_page_html : cc_answer_json, &body, &size);
    enum MHD_Result ret;
    if (body == NULL)
        ret = respond_error(conn, (unsigned)status, "the what-if could not be answered");
    else if (page)
        ret = send_page(s, conn, (unsigned)status, body, size);
    else
        ret = respond_json(conn, (unsigned)status, body, size);
    free(body);
    return ret;
}

static enum MHD_Result send_asset(struct MHD_Connection *conn, const char *name)
{
    const char *text = cc_serve_asset(name);
    if (text == NULL)
        return respond_error(conn, MHD_HTTP_NOT_FOUND, "no such page");
    const char *type = strstr(name, ".js") ? "text/javascript; charset=utf-8"
                                           : "text/css; charset=utf-8";
    return respond(conn, MHD_HTTP_OK, type, text, strlen(text), NULL, 0);
}

/* Runs writer into a memory buffer and sends it. */
typedef int (*body_writer)(const cc_server *s, const cc_changes *changes, const char *what,
                           FILE *f);

static int write_controls(const cc_server *s, const cc_changes *changes, const char *what,
                          FILE *f)
{
    (void)changes;
    (void)what;
    cc_answer_controls(s, f);
    return MHD_HTTP_OK;
}

static int write_save(const cc_server *s, const cc_changes *changes, const char *what, FILE *f)
{
    (void)what;
    return cc_serve_save(s, changes, f);
}

/* Sends what write produces: as type with the headers when it succeeds (2xx),
 * else as error_type without them. */
static enum MHD_Result send_written(cc_server *s, struct MHD_Connection *conn,
                                    const cc_changes *changes, const char *what,
                                    body_writer write, const char *type,
                                    const char *error_type, const char *const *headers,
                                    size_t n_headers)
{
    char *body = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&body, &size);
    if (f == NULL)
        return MHD_NO;
    const int status = write(s, changes, what, f);
    fclose(f);
    const bool ok = status >= 200 && status < 300;
    const enum MHD_Result ret = respond(conn, (unsigned)status, ok ? type : error_type, body,
                                        size, headers, ok ? n_headers : 0);
    free(body);
    return ret;
}

static int write_download(const cc_server *s, const cc_changes *changes, const char *what,
                          FILE *f)
{
    return cc_serve_download(s, changes, what, f);
}

/* GET /download/WHAT?changes: the report, a CSV or the workbook of the what-if, one at a
 * time. */
static enum MHD_Result download(cc_server *s, struct MHD_Connection *conn,
                                const cc_changes *changes, const char *what)
{
    static const char *const known[] = {"report.html", "compare.csv", "annual.csv",
                                        "monthly.csv", "carecast.xlsx"};
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        ok |= strcmp(what, known[i]) == 0;
    if (!ok)
        return respond_error(conn, MHD_HTTP_NOT_FOUND, "no such download");
    if (!take_rate(s))
        return respond_error(conn, MHD_HTTP_TOO_MANY_REQUESTS,
                             "too many requests: wait a moment and try again");
    if (pthread_mutex_trylock(&s->download_lock) != 0)
        return respond_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
                             "another download is being prepared: try again in a moment");
    char disposition[CC_SERVE_NAME_MAX + 64];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s-%s\"",
             changes->name[0] != '\0' ? changes->name : "whatif", what);
    const char *headers[] = {"Content-Disposition", disposition};
    const char *type = strstr(what, ".csv") != NULL    ? "text/csv; charset=utf-8"
                       : strstr(what, ".xlsx") != NULL ? xlsx_type
                                                       : html_type;
    const enum MHD_Result ret =
        send_written(s, conn, changes, what, write_download, type, json_type, headers, 1);
    pthread_mutex_unlock(&s->download_lock);
    return ret;
}

/* ---- routing ---- */

/* A request's body, gathered before it is answered (POST only). */
typedef struct request {
    size_t size;
    bool too_large;
    char body[CC_SERVE_BODY_MAX + 1];
} request;

/* The page (without a what-if) and a message saying what was wrong. */
static enum MHD_Result page_with_error(cc_server *s, struct MHD_Connection *conn,
                                       cc_changes *changes, const char *message)
{
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_errlist_add(&errors, CC_ERR_INVALID, "%s", message);
    char *body = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&body, &size);
    enum MHD_Result ret = MHD_NO;
    if (f != NULL) {
        changes->n = 0;
        const int status = cc_page_html(s, changes, NULL, NULL, 0.0, &errors, f);
        fclose(f);
        ret = send_page(s, conn, (unsigned)status, body, size);
    }
    free(body);
    cc_errlist_destroy(&errors);
    return ret;
}

static enum MHD_Result route_get(cc_server *s, struct MHD_Connection *conn, const char *url,
                                 cc_changes *changes)
{
    cc_error err = {0};
    if (strcmp(url, "/app.js") == 0 || strcmp(url, "/style.css") == 0)
        return send_asset(conn, url + 1);
    if (strcmp(url, "/api/controls") == 0)
        return send_written(s, conn, changes, url, write_controls, json_type, json_type, NULL,
                            0);
    const bool page = strcmp(url, "/") == 0;
    const bool whatif = strcmp(url, "/api/whatif") == 0;
    const bool down = strncmp(url, "/download/", 10) == 0;
    if (!page && !whatif && !down)
        return respond_error(conn, MHD_HTTP_NOT_FOUND, "no such page");
    bool ok = read_query(s, conn, changes, &err);
    if (ok && changes->name[0] != '\0' && !cc_serve_name_ok(changes->name))
        ok = cc_error_set(&err, CC_ERR_INVALID, CC_SERVE_NAME_RULE) == CC_OK;
    if (!ok && page)
        return page_with_error(s, conn, changes, err.message);
    if (!ok)
        return respond_error(conn, MHD_HTTP_BAD_REQUEST, err.message);
    if (down)
        return download(s, conn, changes, url + 10);
    return ask(s, conn, changes, page);
}

/* POST /api/save (JSON answer) or /save (the page's form, without script). */
static enum MHD_Result route_post(cc_server *s, struct MHD_Connection *conn, const char *url,
                                  request *req, cc_changes *changes)
{
    cc_error err = {0};
    const bool api = strcmp(url, "/api/save") == 0;
    if (!api && strcmp(url, "/save") != 0)
        return respond_error(conn, MHD_HTTP_NOT_FOUND, "no such page");
    if (req->too_large)
        return respond_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "request too large");
    if (!take_rate(s))
        return respond_error(conn, MHD_HTTP_TOO_MANY_REQUESTS,
                             "too many requests: wait a moment and try again");
    req->body[req->size] = '\0';
    if (!cc_changes_parse_form(s, changes, req->body, &err))
        return respond_error(conn, MHD_HTTP_BAD_REQUEST, err.message);
    if (api)
        return send_written(s, conn, changes, url, write_save, json_type, json_type, NULL, 0);
    return send_written(s, conn, changes, url, cc_serve_save_page, html_type, html_type, NULL, 0);
}

/* Gathers a POST body, refusing (after reading) one larger than the limit. */
static bool gather(request *req, const char *data, size_t *size)
{
    if (*size == 0)
        return false;
    if (req->size + *size > CC_SERVE_BODY_MAX)
        req->too_large = true;
    else
        memcpy(req->body + req->size, data, *size);
    req->size += req->too_large ? 0 : *size;
    *size = 0;
    return true;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    cc_server *s = cls;
    const bool post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (*con_cls == NULL) {
        request *req = post ? calloc(1, sizeof *req) : NULL;
        *con_cls = post ? (void *)req : (void *)s; /* marks the first call */
        if (post && req == NULL)
            return MHD_NO;
        if (post)
            return MHD_YES;
    }
    if (post && gather(*con_cls, upload_data, upload_data_size))
        return MHD_YES;
    if (s->needs_token ? !has_token(s, conn) : !host_allowed(s, conn))
        return respond_error(conn, MHD_HTTP_FORBIDDEN,
                             s->needs_token ? "this server needs its token: open the address "
                                              "it printed when it started"
                                            : "wrong Host: open the address the server printed");
    if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
        strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return respond_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and POST");
    cc_changes *changes = calloc(1, sizeof *changes);
    if (changes == NULL)
        return MHD_NO;
    const enum MHD_Result ret =
        post ? route_post(s, conn, url, *con_cls, changes) : route_get(s, conn, url, changes);
    free(changes);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)conn;
    (void)code;
    if (*con_cls != NULL && *con_cls != cls)
        free(*con_cls);
    *con_cls = NULL;
}

/* ---- starting and stopping ---- */

/* The address to bind, and whether it is loopback. */
static bool resolve_host(const char *host, unsigned port, struct sockaddr_storage *addr,
                         bool *loopback, bool *ipv6)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE};
    struct addrinfo *found = NULL;
    if (getaddrinfo(host, NULL, &hints, &found) != 0 || found == NULL)
        return false;
    memcpy(addr, found->ai_addr, found->ai_addrlen);
    freeaddrinfo(found);
    *ipv6 = addr->ss_family == AF_INET6;
    if (*ipv6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)addr;
        a->sin6_port = htons((uint16_t)port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)addr;
        a->sin_port = htons((uint16_t)port);
        *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    }
    return true;
}

static bool make_token(char *out, size_t size)
{
    unsigned char bytes[16];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes || size < 33)
        return false;
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
    return true;
}

/* The base scenario, its controls, its folder, and its run. */
static cc_status prepare(cc_server *s, const cc_serve_options *opts, cc_errlist *errors)
{
    snprintf(s->scenario_path, sizeof s->scenario_path, "%s", opts->scenario_path);
    cc_status st = cc_scenario_load(s->scenario_path, NULL, 0, &s->base, errors);
    if (st == CC_OK)
        st = cc_scenario_controls(s->scenario_path, s->base, s->controls, CC_CONTROLS_MAX,
                                  &s->n_controls, errors);
    if (st != CC_OK)
        return st;
    char dir[CC_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", opts->scenario_path);
    const char *save_dir = opts->save_dir != NULL ? opts->save_dir : dirname(dir);
    struct stat info;
    if (stat(save_dir, &info) != 0 || !S_ISDIR(info.st_mode) ||
        realpath(save_dir, s->save_dir) == NULL) {
        cc_errlist_add(errors, CC_ERR_INVALID, "--save-dir %s: not a directory", save_dir);
        return CC_ERR_INVALID;
    }
    const char *slash = strrchr(opts->scenario_path, '/');
    const char *stem = slash != NULL ? slash + 1 : opts->scenario_path;
    const size_t len = strlen(stem);
    snprintf(s->base_name, sizeof s->base_name, "%.*s",
             (int)(len > 4 && strcmp(stem + len - 4, ".cfg") == 0 ? len - 4 : len), stem);
    s->n_paths = opts->n_paths > 0 ? opts->n_paths : CC_SERVE_DEFAULT_PATHS;
    s->threads = opts->threads;
    s->render_charts = opts->render_charts;
    cc_error err = {0};
    st = cc_serve_run(s, s->base, true, NULL, &s->base_results, &err);
    if (st != CC_OK)
        cc_errlist_add(errors, st, "%s", err.message);
    return st;
}

static cc_status listen_on(cc_server *s, const cc_serve_options *opts, cc_errlist *errors)
{
    const char *host = opts->host != NULL ? opts->host : "127.0.0.1";
    struct sockaddr_storage addr;
    bool loopback = false, ipv6 = false;
    if (!resolve_host(host, opts->port, &addr, &loopback, &ipv6)) {
        cc_errlist_add(errors, CC_ERR_INVALID, "--host %s: not an address of this machine", host);
        return CC_ERR_INVALID;
    }
    s->needs_token = !loopback;
    if (s->needs_token && !make_token(s->token, sizeof s->token)) {
        cc_errlist_add(errors, CC_ERR_IO, "cannot make a token: no random numbers");
        return CC_ERR_IO;
    }
    const unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                           (ipv6 ? MHD_USE_IPv6 : 0);
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)opts->port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)32, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_NOTIFY_COMPLETED,
        completed, s, MHD_OPTION_END);
    if (s->daemon == NULL) {
        cc_errlist_add(errors, CC_ERR_IO, "cannot listen on %s port %u (in use? try --port 0)",
                       host, opts->port);
        return CC_ERR_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info != NULL ? info->port : opts->port;
    snprintf(s->url, sizeof s->url, "http://%s%s%s:%u/%s%s", ipv6 ? "[" : "", host,
             ipv6 ? "]" : "", s->port, s->needs_token ? "?token=" : "",
             s->needs_token ? s->token : "");
    return CC_OK;
}

cc_status cc_server_start(const cc_serve_options *opts, cc_server **out, cc_errlist *errors)
{
    *out = NULL;
    cc_server *s = calloc(1, sizeof *s);
    if (s == NULL) {
        cc_errlist_add(errors, CC_ERR_NOMEM, "out of memory");
        return CC_ERR_NOMEM;
    }
    pthread_mutex_init(&s->rate_lock, NULL);
    pthread_mutex_init(&s->download_lock, NULL);
    s->rate_tokens = CC_SERVE_RATE_BURST;
    clock_gettime(CLOCK_MONOTONIC, &s->rate_time);
    cc_error err = {0};
    cc_status st = prepare(s, opts, errors);
    if (st == CC_OK && (st = cc_worker_start(s, &s->worker, &err)) != CC_OK)
        cc_errlist_add(errors, st, "%s", err.message);
    if (st == CC_OK)
        st = listen_on(s, opts, errors);
    if (st != CC_OK) {
        cc_server_stop(s);
        return st;
    }
    *out = s;
    return CC_OK;
}

const char *cc_server_url(const cc_server *server)
{
    return server->url;
}

bool cc_server_needs_token(const cc_server *server)
{
    return server->needs_token;
}

void cc_server_stop(cc_server *s)
{
    if (s == NULL)
        return;
    /* The worker first, so that requests waiting on it are answered and
     * their connections can end; then the daemon, which waits for them. */
    cc_worker_stop(s->worker);
    if (s->daemon != NULL)
        MHD_stop_daemon(s->daemon);
    cc_worker_free(s->worker);
    cc_results_free(s->base_results);
    cc_scenario_free(s->base);
    pthread_mutex_destroy(&s->download_lock);
    pthread_mutex_destroy(&s->rate_lock);
    free(s);
}
