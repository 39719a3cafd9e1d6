/* A fuzz input as a set of files held in memory. The input is the scenario's
 * text, then any number of sections, each starting on a new line with
 *   %%file NAME      the text of the file an @include "NAME" reads, to the next section
 *   %%set KEY=VALUE  a --set override (the rest of the section is ignored)
 * The scenario is "fuzz/scenario.cfg", so @include "NAME" asks the reader for
 * "fuzz/NAME"; nothing is read from the disk. */
#ifndef CC_FUZZ_BUNDLE_H
#define CC_FUZZ_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "config/config_internal.h"

#define CC_BUNDLE_SCENARIO "fuzz/scenario.cfg"
#define CC_BUNDLE_FILES_MAX 16
#define CC_BUNDLE_SETS_MAX 8

typedef struct cc_bundle {
    char *copy;                                /* the input, NUL-terminated, cut in place */
    size_t n_files;                            /* [0] is the scenario */
    const char *names[CC_BUNDLE_FILES_MAX];    /* as an @include writes them */
    const char *texts[CC_BUNDLE_FILES_MAX];
    size_t sizes[CC_BUNDLE_FILES_MAX];         /* bytes (a text may hold NUL bytes) */
    size_t n_overrides;
    cc_override overrides[CC_BUNDLE_SETS_MAX];
    cc_reader reader;                          /* reads from this bundle */
} cc_bundle;

/* Splits data into b; false when out of memory. Free with cc_bundle_free. */
int cc_bundle_parse(const uint8_t *data, size_t size, cc_bundle *b);
void cc_bundle_free(cc_bundle *b);

#endif
