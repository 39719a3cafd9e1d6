/* "Did you mean" for command names, options and metrics: the nearest
 * candidate by Levenshtein distance, offered only when it is close. */
#include <ctype.h>
#include <string.h>

#include "carecast/suggest.h"

#define WORD_MAX 128 /* longer words are compared on their first WORD_MAX bytes */

static size_t distance(const char *a, const char *b)
{
    /* Two-row dynamic programme over short names. */
    size_t prev[WORD_MAX + 1], cur[WORD_MAX + 1];
    size_t la = strlen(a), lb = strlen(b);
    la = la > WORD_MAX ? WORD_MAX : la;
    lb = lb > WORD_MAX ? WORD_MAX : lb;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
                                         tolower((unsigned char)b[j - 1]));
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

const char *cc_suggest_name(const char *word, const char *const *candidates, size_t n)
{
    size_t limit = strlen(word) / 3 + 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < n; i++) {
        const size_t d = distance(word, candidates[i]);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
        }
    }
    return best;
}
