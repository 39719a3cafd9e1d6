/* Children's ages in whole months, by placement type, so that children age on their birthdays
 * and results do not depend on how the age bands are drawn. ws->ages[p] is a ring over ages
 * 0-215 months: age a sits at place (a + age_base) mod AGE_MONTHS, so a month's birthdays are one
 * step of age_base. ws->age_total[b][p] sums each band's ages and, at every month end, equals
 * ws->counts[b][p]. Who leaves, moves
 * or arrives is chosen by band elsewhere (children.c, capacity.c); here each such child gets an
 * age: a child of the band picked at random (one uniform), or for an entrant an age uniform over
 * the band's months. */
#include <assert.h>
#include <string.h>

#include "engine/path_internal.h"

_Static_assert(AGE_MONTHS % AGE_BLOCK == 0, "the ring is made of whole blocks");

static int band_first_month(const cc_scenario *sc, size_t b)
{
    return 12 * sc->bands[b].min_age_years;
}

static int band_end_month(const cc_scenario *sc, size_t b)
{
    return 12 * (sc->bands[b].max_age_years + 1);
}

/* The place in the ring of age `age` (0-215 months). */
static int place(const workspace *ws, int age)
{
    const int at = age + ws->age_base;
    return at < AGE_MONTHS ? at : at - AGE_MONTHS;
}

/* The ring's blocks (ws->age_blocks) are fixed places, not ages, so birthdays, which only turn the
 * ring, leave them true; every change of a place keeps its block's sum. */
static void change(workspace *ws, size_t p, int at, int d)
{
    ws->ages[p][at] += d;
    ws->age_blocks[p][at / AGE_BLOCK] += d;
}

/* Each type's children of each band at the start, spread evenly over the band's months: month i
 * of m gets floor(n (i + 1) / m) - floor(n i / m), that is n / m, and one more each time the
 * remainders n % m add up past m. The ring starts with age 0 at place 0, and only the model's
 * types are cleared: no other is ever read. */
void cc_ages_start(const cc_scenario *sc, workspace *ws)
{
    memset(ws->ages, 0, sc->n_placements * sizeof ws->ages[0]);
    memset(ws->age_blocks, 0, sc->n_placements * sizeof ws->age_blocks[0]);
    ws->age_base = 0;
    for (size_t b = 0; b < sc->n_bands; b++) {
        const int first = band_first_month(sc, b), m = band_end_month(sc, b) - first;
        for (size_t p = 0; p < sc->n_placements; p++) {
            const int n = ws->counts[b][p];
            ws->age_total[b][p] = n;
            if (n == 0)
                continue;
            int *ages = ws->ages[p] + first, *blocks = ws->age_blocks[p];
            const int each = n / m, rest = n % m;
            int carried = 0; /* n i mod m */
            for (int i = 0; i < m; i++) {
                carried += rest;
                const int x = carried >= m ? each + 1 : each;
                carried -= carried >= m ? m : 0;
                ages[i] = x;
                blocks[(first + i) / AGE_BLOCK] += x;
            }
        }
    }
}

/* A month of birthdays, on the start-of-month counts: every child is a month older; those
 * reaching a band's first month move up a band, those reaching 18 leave care. Returns how many
 * left care at 18. */
int cc_ages_birthdays(const cc_scenario *sc, workspace *ws)
{
    ws->age_base = (ws->age_base + AGE_MONTHS - 1) % AGE_MONTHS;
    const size_t last = sc->n_bands - 1;
    int first_place[CC_MAX_BANDS]; /* where each band's youngest now sit: the same for every type */
    for (size_t b = 1; b < sc->n_bands; b++)
        first_place[b] = place(ws, band_first_month(sc, b));
    int at_18 = 0;
    for (size_t p = 0; p < sc->n_placements; p++) {
        /* Age 216 shares age 0's place in the ring: those children turn 18. */
        const int eighteen = ws->ages[p][ws->age_base];
        at_18 += eighteen;
        ws->counts[last][p] -= eighteen;
        ws->age_total[last][p] -= eighteen;
        change(ws, p, ws->age_base, -eighteen);
        for (size_t b = 1; b < sc->n_bands; b++) {
            const int n = ws->ages[p][first_place[b]];
            if (n == 0)
                continue;
            ws->counts[b - 1][p] -= n;
            ws->counts[b][p] += n;
            ws->age_total[b - 1][p] -= n;
            ws->age_total[b][p] += n;
        }
    }
    return at_18;
}

/* A whole number uniform on 0 .. n-1: one uniform double (53 bits, so the bias for the few
 * hundred values used here is below 1e-13). */
static int uniform_below(workspace *ws, int n)
{
    const int x = (int)(uniform(ws) * n);
    return x < n ? x : n - 1;
}

/* k > 0 entrants of band b into type p, each at an age uniform over the band's months. */
void cc_ages_add_some(const cc_scenario *sc, workspace *ws, size_t p, size_t b, int k)
{
    const int first = band_first_month(sc, b), m = band_end_month(sc, b) - first;
    for (int i = 0; i < k; i++)
        change(ws, p, place(ws, first + uniform_below(ws, m)), 1);
    ws->age_total[b][p] += k;
    ws->drawn.discrete += (unsigned long long)k;
}

/* Picks one child of band b in type p at random and returns its place in the ring: the first
 * place, from the band's first (wrapping once), at which the band's running count exceeds one
 * uniform whole number u below the band's total. Each step below finds that same place in
 * fewer steps than a scan place by place: whole blocks whose sum u exceeds are skipped; when
 * the band starts in the first half of a block, the places of the block before the band's first
 * are added to u, so that the search starts at the block's start; and the block holding the
 * child is scanned from its nearer end by count (from the end, the place at which the children
 * at and above it first reach the block's sum less u). */
static int pick(const cc_scenario *sc, workspace *ws, size_t p, size_t b)
{
    enum { N_BLOCKS = AGE_MONTHS / AGE_BLOCK };
    assert(ws->age_total[b][p] > 0);
    const int *ages = ws->ages[p], *blocks = ws->age_blocks[p];
    int u = uniform_below(ws, ws->age_total[b][p]);
    const int first = place(ws, band_first_month(sc, b));
    int j = first / AGE_BLOCK; /* the block searched */
    const int into = first - j * AGE_BLOCK;
    if (into > AGE_BLOCK / 2) {
        for (int at = first; at < (j + 1) * AGE_BLOCK; at++) {
            u -= ages[at];
            if (u < 0)
                return at;
        }
        if (++j == N_BLOCKS)
            j = 0;
    } else {
        for (int at = j * AGE_BLOCK; at < first; at++)
            u += ages[at];
    }
    while (u >= blocks[j]) {
        u -= blocks[j];
        if (++j == N_BLOCKS)
            j = 0;
    }
    if (2 * u < blocks[j]) {
        for (int at = j * AGE_BLOCK;; at++) {
            u -= ages[at];
            if (u < 0)
                return at;
        }
    }
    int rest = blocks[j] - u; /* > 0: the children from the place sought to the block's end */
    for (int at = j * AGE_BLOCK + AGE_BLOCK - 1;; at--) {
        rest -= ages[at];
        if (rest <= 0)
            return at;
    }
}

void cc_ages_remove(const cc_scenario *sc, workspace *ws, size_t p, size_t b, int k)
{
    for (int i = 0; i < k; i++) {
        change(ws, p, pick(sc, ws, p, b), -1);
        ws->age_total[b][p]--;
    }
    ws->drawn.discrete += (unsigned long long)k;
}

void cc_ages_move(const cc_scenario *sc, workspace *ws, size_t from, size_t to, size_t b, int k)
{
    for (int i = 0; i < k; i++) {
        const int at = pick(sc, ws, from, b); /* the same age: the same place in the ring */
        change(ws, from, at, -1);
        ws->age_total[b][from]--;
        change(ws, to, at, 1);
    }
    ws->age_total[b][to] += k;
    ws->drawn.discrete += (unsigned long long)k;
}

/* Debug builds check at each month end that the band totals of the ages equal the counts, and
 * once a year (a full scan of the ring is slow in a sanitizer build) that the ages add up to
 * them and to the blocks' sums. */
void cc_ages_check(const cc_scenario *sc, const workspace *ws, size_t t)
{
#ifndef NDEBUG
    for (size_t b = 0; b < sc->n_bands; b++)
        for (size_t p = 0; p < sc->n_placements; p++) {
            assert(ws->age_total[b][p] == ws->counts[b][p]);
            if (t % 12 != 0)
                continue;
            int n = 0;
            for (int a = band_first_month(sc, b); a < band_end_month(sc, b); a++)
                n += ws->ages[p][place(ws, a)];
            assert(n == ws->age_total[b][p]);
        }
    if (t % 12 == 0)
        for (size_t p = 0; p < sc->n_placements; p++)
            for (int j = 0; j < AGE_MONTHS / AGE_BLOCK; j++) {
                int n = 0;
                for (int i = 0; i < AGE_BLOCK; i++)
                    n += ws->ages[p][j * AGE_BLOCK + i];
                assert(n == ws->age_blocks[p][j]);
            }
#else
    (void)sc;
    (void)ws;
    (void)t;
#endif
}
