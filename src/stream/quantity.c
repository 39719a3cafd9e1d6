/* One quantity of a bounded run: buckets ordered by value, counted exactly over every path, and
 * the values of the few buckets that hold the wanted ranks kept, so that each percentile is the
 * exact order statistic the stored-path summary (src/stats/summary.c) would select. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stream/stream_internal.h"

/* ---- buckets ---- */

static int compare_float(const void *a, const void *b)
{
    const float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The values that at least `least` of v[0..n) (sorted in place) share: up to STREAM_MASSES of
 * the most shared, ascending. */
static void find_masses(quantity *q, float *v, size_t n, size_t least)
{
    if (n < least)
        return;
    qsort(v, n, sizeof v[0], compare_float);
    size_t counts[STREAM_MASSES] = {0};
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && v[j] == v[i]; j++)
            continue;
        size_t run = j - i, k = q->n_masses;
        if (run < least || (k == STREAM_MASSES && run <= counts[k - 1]))
            continue;
        if (k == STREAM_MASSES)
            k--; /* the least shared gives way */
        for (; k > 0 && counts[k - 1] < run; k--) {
            counts[k] = counts[k - 1];
            q->mass[k] = q->mass[k - 1];
        }
        counts[k] = run;
        q->mass[k] = v[i];
        q->n_masses += q->n_masses < STREAM_MASSES;
    }
    qsort(q->mass, q->n_masses, sizeof q->mass[0], compare_float);
}

/* The bucket of x: 0 below base, nb + 1 above top (or NaN), else 1 + its place in between.
 * Written without branches, so that the compiler can bucket several values at once. */
static inline uint32_t bucket_of(const quantity *q, float x)
{
    const double d = (double)x;
    double t = (d - q->base) * q->inv_width;
    t = t > 0.0 ? t : 0.0;
    t = t < (double)(q->nb - 1u) ? t : (double)(q->nb - 1u);
    const uint32_t s = d < q->base ? 0u : 1u + (uint32_t)t;
    return d <= q->top ? s : q->nb + 1u;
}

/* The slot of x: its bucket, moved up two for each point mass in a lower bucket and split
 * around a point mass in its own. */
static size_t slot_of(const quantity *q, float x)
{
    const size_t b = bucket_of(q, x);
    size_t s = b;
    for (unsigned j = 0; j < q->n_masses; j++) {
        if (b > q->mass_bucket[j])
            s += 2;
        else if (b == q->mass_bucket[j])
            s += (size_t)(x >= q->mass[j]) + (size_t)(x > q->mass[j]);
    }
    return s;
}

/* Whether slot s can hold only one value: a point mass's own, or a bucket one whole number
 * wide (while every value is whole). */
static bool exact_slot(const quantity *q, size_t s)
{
    size_t below = 0;
    for (unsigned j = 0; j < q->n_masses; j++) {
        const size_t own = q->mass_bucket[j] + 2 * j + 1;
        if (s == own)
            return true;
        below += s > own ? 2u : 0u;
    }
    const size_t b = s - below;
    return q->whole && b >= 1 && b <= q->nb;
}

/* Empties every slot: no values, least +inf, greatest -inf (so counting needs no test). */
static void empty_slots(quantity *q)
{
    for (size_t s = 0; s < STREAM_SLOTS; s++)
        q->b[s] = (bucket){0, INFINITY, -INFINITY};
}

/* Copies to out the values of v[0..n) whose bucket holds at least `least` of them, the only
 * ones a point mass can be among (continuous values spread thinly); returns how many. */
static size_t crowded(quantity *q, const float *v, size_t n, size_t least, float *out)
{
    empty_slots(q);
    for (size_t i = 0; i < n; i++)
        q->b[bucket_of(q, v[i])].n++;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (q->b[bucket_of(q, v[i])].n >= least)
            out[k++] = v[i];
    return k;
}

/* Lays the buckets out over the first values' range widened by an eighth on each side, so
 * that later paths seldom fall outside it: one whole number wide when they are whole and
 * few enough; else linear, with point masses found among them. scratch: n floats. */
static void lay_out(quantity *q, const float *v, size_t n, float *scratch)
{
    double lo = (double)v[0], hi = lo;
    bool whole = true;
    for (size_t i = 0; i < n; i++) {
        const double x = (double)v[i];
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
        whole = whole && x == floor(x);
    }
    const double margin = (hi - lo) / 8.0;
    q->nb = STREAM_BUCKETS;
    q->whole = whole && fabs(lo) < 0x1p24 && fabs(hi) < 0x1p24 &&
               (hi - lo) + 2.0 * ceil(margin) < (double)STREAM_BUCKETS;
    if (q->whole) {
        q->base = lo - ceil(margin);
        q->nb = (uint32_t)((hi + ceil(margin)) - q->base) + 1u;
        q->top = q->base + (double)q->nb - 1.0;
        q->inv_width = 1.0; /* bucket 1 + (x - base): one whole number each */
    } else {
        q->base = lo - margin;
        q->top = hi + margin;
        q->inv_width = q->top > q->base ? (double)q->nb / (q->top - q->base) : 0.0;
        if (!isfinite(q->inv_width) || q->inv_width == 0.0) {
            /* One value (or a range too narrow or too wide to divide): one bucket for it. */
            q->nb = 1;
            q->inv_width = 0.0;
        }
        /* A point mass: a value a 256th of the paths (and at least 4) share. */
        const size_t least = n / 256 > 4 ? n / 256 : 4;
        find_masses(q, scratch, crowded(q, v, n, least, scratch), least);
        for (unsigned j = 0; j < q->n_masses; j++)
            q->mass_bucket[j] = (uint32_t)bucket_of(q, q->mass[j]);
    }
    q->n_slots = q->nb + 2u + 2u * q->n_masses;
    empty_slots(q);
}

/* The slots of v[0..n). */
static void slots_of(const quantity *q, const float *v, size_t n, uint32_t *slots)
{
    if (q->n_masses == 0)
        for (size_t i = 0; i < n; i++)
            slots[i] = bucket_of(q, v[i]);
    else
        for (size_t i = 0; i < n; i++)
            slots[i] = (uint32_t)slot_of(q, v[i]);
}

static void count(quantity *q, const float *v, size_t n, const uint32_t *slots)
{
    for (size_t i = 0; i < n; i++) {
        bucket *b = &q->b[slots[i]];
        b->lo = v[i] < b->lo ? v[i] : b->lo;
        b->hi = v[i] > b->hi ? v[i] : b->hi;
        b->n++;
    }
}

/* Makes room for one more kept value; false when the budget is spent. */
static bool grow(quantity *q, atomic_size_t *budget)
{
    /* An eighth more: the pilot's expectation was reserved at the start, so a quantity that
     * outgrows it does so by little, and doubling would take budget others need. */
    const size_t more = q->cap / 8 < 256 ? 256 : q->cap / 8;
    size_t left = atomic_load(budget);
    do {
        if (left < more)
            return false;
    } while (!atomic_compare_exchange_weak(budget, &left, left - more));
    float *kept = realloc(q->kept, (q->cap + more) * sizeof *kept);
    if (kept == NULL) {
        atomic_fetch_add(budget, more);
        return false;
    }
    q->kept = kept;
    q->cap += more;
    return true;
}

static void gather(quantity *q, const float *v, size_t n, const uint32_t *slots,
                   atomic_size_t *budget)
{
    for (size_t i = 0; i < n && !q->overflowed; i++) {
        if (!q->mark[slots[i]])
            continue;
        if (q->n_kept == q->cap && !grow(q, budget)) {
            q->overflowed = true;
            cc_quantity_release(q, budget);
            break;
        }
        q->kept[q->n_kept++] = v[i];
    }
}

size_t cc_quantity_marked(const quantity *q)
{
    size_t n = 0;
    for (size_t b = 0; b < q->n_slots; b++)
        n += q->mark[b] ? q->b[b].n : 0u;
    return n;
}

/* Lays the buckets out anew over the range of the marked slots and waits for a recount;
 * false (and nothing changed) when that range cannot be divided. */
static bool relayout(quantity *q)
{
    float lo = INFINITY, hi = -INFINITY;
    for (size_t b = 0; b < q->n_slots; b++)
        if (q->mark[b] && q->b[b].n > 0) {
            lo = q->b[b].lo < lo ? q->b[b].lo : lo;
            hi = q->b[b].hi > hi ? q->b[b].hi : hi;
        }
    const double span = (double)hi - (double)lo;
    const double inv_width = span > 0.0 ? (double)STREAM_BUCKETS / span : 0.0;
    if (!(inv_width > 0.0) || !isfinite(inv_width))
        return false;
    q->base = (double)lo;
    q->top = (double)hi;
    q->nb = STREAM_BUCKETS;
    q->inv_width = inv_width;
    q->whole = false;
    q->n_masses = 0;
    q->n_slots = q->nb + 2u;
    empty_slots(q);
    memset(q->mark, 0, STREAM_SLOTS);
    q->stage = Q_RECOUNTING;
    return true;
}

bool cc_quantity_reserve(quantity *q, size_t n_values, atomic_size_t *budget)
{
    cc_quantity_release(q, budget);
    if (n_values == 0)
        return true;
    q->kept = malloc(n_values * sizeof *q->kept);
    if (q->kept == NULL)
        return false;
    atomic_fetch_sub(budget, n_values);
    q->cap = n_values;
    return true;
}

void cc_quantity_recount(quantity *q)
{
    empty_slots(q);
    cc_moment_tree_init(&q->tree);
}

void cc_quantity_release(quantity *q, atomic_size_t *budget)
{
    free(q->kept);
    atomic_fetch_add(budget, q->cap);
    q->kept = NULL;
    q->n_kept = q->cap = 0;
}

void cc_quantity_absorb(quantity *q, const float *v, size_t n, unsigned what,
                        atomic_size_t *budget, float *scratch, uint32_t *slots)
{
    if (!cc_quantity_absorbs(q, what) || n == 0)
        return;
    if (q->nb == 0) {
        if (isnan(v[0])) {
            q->stage = Q_NAN;
            return;
        }
        lay_out(q, v, n, scratch);
    }
    slots_of(q, v, n, slots);
    if (what & ABSORB_FINISH) {
        if (q->stage == Q_GATHERING)
            gather(q, v, n, slots, budget);
        else
            count(q, v, n, slots);
        return;
    }
    if (what & ABSORB_COUNT)
        count(q, v, n, slots);
    if (what & ABSORB_MOMENTS)
        for (size_t i = 0; i < n; i += CC_STATS_LEAF)
            cc_moment_tree_add(&q->tree,
                               cc_moments_leaf(v + i, n - i < CC_STATS_LEAF ? n - i
                                                                            : CC_STATS_LEAF));
    if ((what & ABSORB_GATHER) && q->stage == Q_GATHERING)
        gather(q, v, n, slots, budget);
}

/* ---- finding the percentiles ---- */

/* How far from the pilot's rank a percentile's bucket is looked for, in standard deviations of
 * that rank: past 5.5, a pilot misses one of 25,000 percentiles in about 0.1% of runs (and
 * one more pass finds it). */
#define PILOT_SDS 5.5

/* The ranks the plan's percentiles need, ascending and each once; returns how many. */
static size_t wanted_ranks(size_t n, const double *levels, size_t n_levels, size_t *ranks)
{
    size_t k = 0;
    for (size_t l = 0; l < n_levels; l++) {
        const cc_pct_rank pr = cc_stats_pct_rank(levels[l], n);
        if (k == 0 || ranks[k - 1] < pr.lo)
            ranks[k++] = pr.lo;
        if (pr.has_hi && ranks[k - 1] < pr.lo + 1)
            ranks[k++] = pr.lo + 1;
    }
    return k;
}

/* The bucket holding rank r (0-based) of the counted values, walking on from bucket *at with
 * *below values before it (ranks ascending). */
static size_t find_bucket(const quantity *q, size_t r, size_t *at, size_t *below)
{
    while (*below + q->b[*at].n <= r)
        *below += q->b[(*at)++].n;
    return *at;
}

/* A bucket whose values are all one value (its least is its greatest). */
static bool one_value(const bucket *b)
{
    return b->n > 0 && b->lo == b->hi;
}

double cc_quantity_plan_gather(quantity *q, size_t m, size_t n, const double *levels,
                               size_t n_levels)
{
    if (q->stage != Q_COUNTING)
        return 0.0;
    size_t ranks[2 * CC_LEVELS_MAX];
    const size_t k = wanted_ranks(n, levels, n_levels, ranks);
    memset(q->mark, 0, STREAM_SLOTS);
    for (size_t i = 0; i < k; i++) {
        /* Where rank ranks[i] of n falls among the pilot's m, and its spread there. */
        const double f = n > 1 ? (double)ranks[i] / (double)(n - 1) : 0.0;
        const double centre = f * (double)(m - 1);
        const double spread = m == n ? 0.0 : PILOT_SDS * sqrt((double)m * f * (1.0 - f)) + 2.0;
        const double from = fmax(0.0, centre - spread), to = fmin((double)(m - 1), centre + spread);
        size_t at = 0, below = 0;
        const size_t first = find_bucket(q, (size_t)from, &at, &below);
        const size_t last = find_bucket(q, (size_t)ceil(to), &at, &below);
        for (size_t b = first; b <= last; b++)
            q->mark[b] |= !exact_slot(q, b);
    }
    double expected = 0.0;
    for (size_t b = 0; b < q->n_slots; b++)
        expected += q->mark[b] ? (double)q->b[b].n : 0.0;
    q->expected = expected * (double)n / (double)m;
    return q->expected;
}

/* Puts the kept values in slot order, in place (an American flag sort: each value moved
 * straight to its slot's next free place). Every value of a marked slot was kept, so the slots'
 * counts give their places; false (nothing usable) if a value does not fit, which would mean
 * the counts and the kept values disagree. */
static bool arrange_by_slot(quantity *q)
{
    uint32_t next[STREAM_SLOTS], end[STREAM_SLOTS];
    uint32_t at = 0;
    for (size_t s = 0; s < q->n_slots; s++) {
        next[s] = at;
        at += q->mark[s] ? q->b[s].n : 0u;
        end[s] = at;
    }
    if (at != q->n_kept)
        return false;
    for (size_t s = 0; s < q->n_slots; s++)
        while (next[s] < end[s]) {
            float x = q->kept[next[s]];
            size_t t = slot_of(q, x);
            while (t != s) {
                if (next[t] >= end[t])
                    return false;
                const float y = q->kept[next[t]];
                q->kept[next[t]++] = x;
                x = y;
                t = slot_of(q, x);
            }
            q->kept[next[s]++] = x;
        }
    return true;
}

/* Settles what it can of ranks[0..k): a rank in a bucket of one value, or in a bucket whose
 * values were kept in the pass just made (when gathering). Returns true when every rank is
 * known; else marks the buckets of the ranks still unknown (those of one value excepted) and
 * sets q->lowest to the bucket of the lowest. */
static bool settle(quantity *q, const size_t *ranks, size_t k)
{
    size_t at = 0, below = 0, kept_below = 0, kept_at = 0;
    unsigned char need[STREAM_SLOTS];
    memset(need, 0, q->n_slots);
    bool all = true;
    const bool kept = q->stage == Q_GATHERING && !q->overflowed && arrange_by_slot(q);
    for (size_t i = 0; i < k; i++) {
        if (q->known & (1ull << i))
            continue;
        const size_t b = find_bucket(q, ranks[i], &at, &below);
        for (; kept_at < b; kept_at++)
            kept_below += q->mark[kept_at] ? q->b[kept_at].n : 0u;
        if (one_value(&q->b[b])) {
            q->rank_value[i] = q->b[b].lo;
            q->known |= 1ull << i;
        } else if (kept && q->mark[b]) {
            /* The slot's values sit together, after those of the marked slots below it. */
            const size_t r = ranks[i] - below;
            cc_stats_order_stats(q->kept + kept_below, q->b[b].n, &r, 1, &q->rank_value[i]);
            q->known |= 1ull << i;
        } else {
            if (all)
                q->lowest = (uint32_t)b;
            need[b] = 1;
            all = false;
        }
    }
    memcpy(q->mark, need, q->n_slots);
    return all;
}

size_t cc_quantity_resolve(quantity *q, size_t n, const cc_moments *moments,
                           const double *levels, size_t n_levels, double *at)
{
    if (q->stage != Q_GATHERING && q->stage != Q_COUNTING && q->stage != Q_RECOUNTING)
        return 0;
    size_t ranks[2 * CC_LEVELS_MAX];
    const size_t k = wanted_ranks(n, levels, n_levels, ranks);
    if (moments->lo == moments->hi) {
        /* Every path the same: the stored-path summary reports that value as it is. */
        for (size_t l = 0; l < n_levels; l++)
            at[l] = (double)moments->lo;
    } else if (!settle(q, ranks, k)) {
        q->overflowed = false;
        q->stage = Q_GATHERING;
        return cc_quantity_marked(q);
    } else {
        for (size_t l = 0, i = 0; l < n_levels; l++) {
            const cc_pct_rank pr = cc_stats_pct_rank(levels[l], n);
            while (ranks[i] < pr.lo)
                i++;
            const double x_lo = (double)q->rank_value[i];
            const double x_hi = pr.has_hi ? (double)q->rank_value[i + 1] : x_lo;
            at[l] = cc_stats_interpolate(&pr, x_lo, x_hi);
        }
    }
    q->stage = Q_RESOLVED;
    return 0;
}

size_t cc_quantity_plan_finish(quantity *q, size_t most)
{
    const size_t want = cc_quantity_marked(q);
    if (want <= most)
        return want;
    /* Too many values: the lowest unknown rank first, its bucket alone kept when it is small
     * enough, else counted again over narrower buckets (each pass settles or narrows it). */
    if (q->b[q->lowest].n <= most) {
        memset(q->mark, 0, q->n_slots);
        q->mark[q->lowest] = 1;
        return q->b[q->lowest].n;
    }
    memset(q->mark, 0, q->n_slots);
    q->mark[q->lowest] = 1;
    return relayout(q) ? 0 : q->b[q->lowest].n;
}
