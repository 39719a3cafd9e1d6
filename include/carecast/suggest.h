/* "Did you mean": the candidate nearest to a mistyped word. */
#ifndef CARECAST_SUGGEST_H
#define CARECAST_SUGGEST_H

#include <stddef.h>

/* The candidate closest to word by edit distance (letters compared without
 * case), or NULL when none is near enough to be a typo: at most 3 edits and
 * at most a third of the word's length plus one. Returns a pointer into
 * candidates. */
const char *cc_suggest_name(const char *word, const char *const *candidates, size_t n);

#endif
