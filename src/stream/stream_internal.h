/* One quantity of a bounded run (a metric at a month or year, or a sum of metrics): its values
 * counted into buckets ordered by value, the values of a few buckets kept, its moments. The
 * orchestration (rounds of paths, passes) is in stream.c. Nothing outside src/stream/ includes
 * this header. */
#ifndef CC_STREAM_INTERNAL_H
#define CC_STREAM_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carecast/results.h"
#include "carecast/stats.h"
#include "carecast/stream.h"

#define STREAM_BUCKETS 2048 /* buckets between the two outer ones, at most */
#define STREAM_MASSES 4     /* values that many paths share, each given a slot of its own */
#define STREAM_SLOTS (STREAM_BUCKETS + 2 + 2 * STREAM_MASSES)

/* The values that fell into one bucket: how many, the least and the greatest. */
typedef struct bucket {
    uint32_t n;
    float lo, hi;
} bucket;

/* Where a quantity is in its passes. */
enum quantity_stage {
    Q_UNTRACKED = 0, /* no statistics: a monthly row of an annual-only metric */
    Q_NAN,           /* NaN on path 0, so on every path (a year with no budget) */
    Q_COUNTING,      /* buckets being laid out and counted (in a pass over every path; in a
                        pass that finishes others, waiting) */
    Q_GATHERING,     /* some buckets' values being kept */
    Q_RECOUNTING,    /* buckets laid out anew over the slots still needed, being counted */
    Q_RESOLVED       /* every percentile found */
};

/* Values are bucketed linearly in value between base and top: bucket 0 holds those below,
 * buckets 1..nb the range, nb + 1 those above (and NaN). Rounding is monotone, so a value's
 * bucket never falls as the value rises: every value of a bucket lies between those of the
 * buckets around it, which is all that selection needs. Whole numbers get buckets one wide
 * when the range allows (a bucket then holds one value: counting settles its ranks). A value
 * that many paths share (a point mass, such as no overspend) splits its bucket into three
 * slots: below it, it, above it; slots are numbered in value order. */
typedef struct quantity {
    unsigned char stage;   /* enum quantity_stage */
    bool overflowed;       /* gathering stopped: the budget ran out */
    bool whole;            /* buckets one whole number wide */
    unsigned n_masses;
    uint32_t nb;           /* buckets of the range */
    uint32_t n_slots;      /* nb + 2 + 2 n_masses */
    double base, top, inv_width;
    float mass[STREAM_MASSES];      /* the shared values, ascending */
    uint32_t mass_bucket[STREAM_MASSES];
    bucket *b;             /* [STREAM_SLOTS], owned by the stream */
    unsigned char *mark;   /* [STREAM_SLOTS]: 1 for a bucket whose values are kept */
    float *kept;           /* the kept values, in no order */
    size_t n_kept, cap;
    cc_moment_tree tree;   /* the moments, leaf by leaf in path order */
    uint64_t known;        /* bit i: rank i of the wanted ranks is settled (rank_value[i]) */
    float rank_value[2 * CC_LEVELS_MAX];
    uint32_t lowest;       /* the slot of the lowest rank not settled */
    double expected;       /* values the pilot expects the marked slots to hold over every path */
} quantity;

/* What a round's values do to a quantity. */
enum absorb_what {
    ABSORB_COUNT = 1,   /* count into buckets (laying them out from the first values) */
    ABSORB_MOMENTS = 2, /* add to the moment tree (rounds in path order) */
    ABSORB_GATHER = 4,  /* keep the values of marked buckets */
    ABSORB_FINISH = 8   /* a pass that finishes some quantities: each gathers or recounts */
};

/* Adds v[0..n) (the round's paths, in order) to q. Kept values draw on *budget (floats); a
 * quantity that cannot grow its store stops keeping and is marked overflowed. scratch: n
 * floats (for laying out the buckets from the first round); slots: n, for the values' slots. */
void cc_quantity_absorb(quantity *q, const float *v, size_t n, unsigned what,
                        atomic_size_t *budget, float *scratch, uint32_t *slots);

/* Whether a round absorbed with `what` changes q. */
static inline bool cc_quantity_absorbs(const quantity *q, unsigned what)
{
    if (what & ABSORB_FINISH)
        return q->stage == Q_GATHERING || q->stage == Q_RECOUNTING;
    return q->stage == Q_GATHERING || q->stage == Q_COUNTING;
}

/* After a pilot of m paths of a run of n: marks the buckets each percentile of levels can lie
 * in once all n are counted (the pilot's rank, give or take PILOT_SDS standard deviations), except
 * those holding one repeated value (counting settles them). Returns the values expected there
 * over all n paths. */
double cc_quantity_plan_gather(quantity *q, size_t m, size_t n, const double *levels,
                               size_t n_levels);

/* After a pass that counted all n paths (or finished some): settles the ranks it can (a bucket
 * of one value, or kept values) and, when every one is settled, fills at[0..n_levels) and
 * returns 0; else marks exactly the buckets still needed and returns how many values they hold.
 * moments: the quantity's (its least and greatest settle a constant quantity). */
size_t cc_quantity_resolve(quantity *q, size_t n, const cc_moments *moments,
                           const double *levels, size_t n_levels, double *at);

/* Room for exactly n_values kept values (the count of the marked buckets), taken from *budget
 * (which the caller checked). Returns false when out of memory. */
bool cc_quantity_reserve(quantity *q, size_t n_values, atomic_size_t *budget);
/* Empties the buckets (keeping their layout) and the moments, for a pass over every path. */
void cc_quantity_recount(quantity *q);
/* The values the marked slots hold (after counting every path). */
size_t cc_quantity_marked(const quantity *q);
/* What an unsettled quantity does in the next pass, keeping at most `most` values: keep the
 * marked buckets' values, or only the lowest unknown rank's bucket, or (when that alone holds
 * more) count again over buckets laid out across that one (stage Q_RECOUNTING). Returns the
 * values to keep (0 for a recount). */
size_t cc_quantity_plan_finish(quantity *q, size_t most);
/* Releases kept values, returning their floats to *budget. */
void cc_quantity_release(quantity *q, atomic_size_t *budget);

/* ---- the run (stream.c) ---- */

/* Where a bounded run's paths come from: fill writes paths first .. first + count - 1 into
 * columns 0 .. count - 1 of round (the engine; tests give made-up values). counts, when not
 * NULL, receives the draws. progress: (paths done in this fill) for the caller's display. */
typedef struct stream_source {
    cc_status (*fill)(void *context, size_t first, size_t count, cc_results *round,
                      cc_draw_counts *counts, cc_error *err);
    void *context;
} stream_source;

/* Summarises n_paths paths of source, with the metrics and calendar of scenario, as
 * cc_stream_run does; ro gives threads, progress and counts (its n_paths is n_paths). */
cc_status cc_stream_summarise(const cc_scenario *scenario, const cc_run_options *ro,
                              const cc_stream_options *so, const stream_source *source,
                              cc_results **out, cc_stream_report *report, cc_error *err);

#endif
