/* The worker: one thread that runs what-ifs, newest first. A request hands
 * it a job and waits; a newer job replaces a pending one (whose request is
 * answered 409 at once) and sets the cancel flag of the one running, which
 * the engine checks as it goes. Connections each have their own thread, so a
 * request waiting here blocks no one else. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_internal.h"

struct cc_job {
    cc_changes changes;
    cc_answer_fn answer;
    bool done;
    int status;
    char *body;
    size_t size;
    int refs; /* the asker's and the worker's */
};

struct cc_worker {
    cc_server *server;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;  /* the worker waits for a job */
    pthread_cond_t done;  /* askers wait for theirs */
    cc_job *pending, *running;
    atomic_bool cancel;   /* the running job should stop */
    bool stop;
};

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

cc_status cc_serve_load(const cc_server *server, const cc_changes *changes, cc_scenario **out,
                        cc_errlist *errors)
{
    return cc_scenario_load(server->scenario_path, changes->overrides, changes->n, out, errors);
}

cc_status cc_serve_run(const cc_server *server, const cc_scenario *sc, bool total_only,
                       const atomic_bool *cancel, cc_results **out, cc_error *err)
{
    *out = NULL;
    if (cancel != NULL && atomic_load(cancel))
        return cc_error_set(err, CC_ERR_CANCELLED, "what-if cancelled");
    const cc_run_options ro = {.n_paths = server->n_paths,
                               .seed = server->base->run.seed,
                               .threads = server->threads,
                               .total_savings_only = total_only,
                               .cancel = cancel};
    cc_results *res = NULL;
    cc_status st = cc_results_alloc(sc, ro.n_paths, &res, err);
    if (st == CC_OK)
        st = cc_engine_run(sc, &ro, res, err);
    if (st != CC_OK) {
        cc_results_free(res);
        return st;
    }
    *out = res;
    return CC_OK;
}

/* Gives a job a short JSON answer. */
static void finish_with(cc_job *job, int status, const char *json)
{
    free(job->body);
    job->body = strdup(json);
    job->size = job->body != NULL ? strlen(json) : 0;
    job->status = job->body != NULL ? status : 500;
}

static void release(cc_job *job)
{
    if (--job->refs == 0) {
        free(job->body);
        free(job);
    }
}

/* Loads and runs a job's what-if and writes its answer (lock not held). */
static void run_job(cc_worker *w, cc_job *job)
{
    const cc_server *server = w->server;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    cc_errlist errors;
    cc_errlist_init(&errors);
    cc_scenario *sc = NULL;
    cc_results *alt = NULL;
    cc_error err = {0};
    cc_status st = cc_serve_load(server, &job->changes, &sc, &errors);
    if (st == CC_OK && job->changes.n > 0)
        st = cc_serve_run(server, sc, true, &w->cancel, &alt, &err);
    if (st == CC_ERR_CANCELLED) {
        finish_with(job, 409, "{\"cancelled\":true}\n");
    } else {
        if (st != CC_OK && errors.count == 0)
            cc_errlist_add(&errors, st, "%s", err.message);
        const bool ok = st == CC_OK;
        const cc_results *shown = alt != NULL ? alt : server->base_results;
        FILE *f = open_memstream(&job->body, &job->size);
        if (f != NULL) {
            job->status = job->answer(server, &job->changes, ok ? sc : NULL, ok ? shown : NULL,
                                      seconds_since(&start), &errors, f);
            fclose(f);
        }
        if (!ok && st != CC_ERR_INVALID && st != CC_ERR_PARSE && st != CC_ERR_IO)
            job->status = 500;
        if (f == NULL || job->body == NULL)
            finish_with(job, 500, "{\"errors\":[\"out of memory\"]}\n");
    }
    cc_errlist_destroy(&errors);
    cc_results_free(alt);
    cc_scenario_free(sc);
}

static void *work(void *arg)
{
    cc_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->pending == NULL && !w->stop)
            pthread_cond_wait(&w->wake, &w->lock);
        if (w->stop)
            break;
        cc_job *job = w->running = w->pending;
        w->pending = NULL;
        atomic_store(&w->cancel, false);
        pthread_mutex_unlock(&w->lock);
        run_job(w, job);
        pthread_mutex_lock(&w->lock);
        w->running = NULL;
        job->done = true;
        release(job);
        pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

cc_status cc_worker_start(cc_server *server, cc_worker **out, cc_error *err)
{
    *out = NULL;
    cc_worker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "out of memory");
    w->server = server;
    atomic_init(&w->cancel, false);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    pthread_cond_init(&w->done, NULL);
    if (pthread_create(&w->thread, NULL, work, w) != 0) {
        pthread_cond_destroy(&w->done);
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return cc_error_set(err, CC_ERR_NOMEM, "cannot start the worker thread");
    }
    *out = w;
    return CC_OK;
}

void cc_worker_stop(cc_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    atomic_store(&w->cancel, true);
    if (w->pending != NULL) {
        finish_with(w->pending, 503, "{\"errors\":[\"the server is stopping\"]}\n");
        w->pending->done = true;
        release(w->pending);
        w->pending = NULL;
    }
    pthread_cond_broadcast(&w->wake);
    pthread_cond_broadcast(&w->done);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
}

void cc_worker_free(cc_worker *w)
{
    if (w == NULL)
        return;
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* Queues job in place of any pending one, which is answered 409, and asks
 * the running one to stop. Called with the lock held. */
static void supersede(cc_worker *w, cc_job *job)
{
    if (w->pending != NULL) {
        finish_with(w->pending, 409, "{\"cancelled\":true}\n");
        w->pending->done = true;
        release(w->pending);
    }
    w->pending = job;
    if (w->running != NULL)
        atomic_store(&w->cancel, true);
    pthread_cond_signal(&w->wake);
    pthread_cond_broadcast(&w->done);
}

int cc_worker_ask(cc_worker *w, const cc_changes *changes, cc_answer_fn answer, char **body,
                  size_t *size)
{
    *body = NULL;
    *size = 0;
    cc_job *job = calloc(1, sizeof *job);
    if (job == NULL)
        return 500;
    job->changes = *changes;
    for (size_t i = 0; i < job->changes.n; i++) /* the copy's pointers point into the copy */
        job->changes.overrides[i] = (cc_override){job->changes.keys[i], job->changes.values[i]};
    job->answer = answer;
    job->refs = 2;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += CC_SERVE_WAIT_S;
    pthread_mutex_lock(&w->lock);
    if (w->stop) {
        finish_with(job, 503, "{\"errors\":[\"the server is stopping\"]}\n");
        job->done = true;
        job->refs = 1;
    } else {
        supersede(w, job);
    }
    int rc = 0;
    while (!job->done && !w->stop && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&w->done, &w->lock, &deadline);
    const int status = job->done ? job->status : 503;
    if (job->done && job->body != NULL) {
        *body = job->body; /* handed over */
        *size = job->size;
        job->body = NULL;
    }
    release(job);
    pthread_mutex_unlock(&w->lock);
    return status;
}
